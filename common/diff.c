#include "common/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

struct line {
	const char	*p;
	size_t		 len;
	int		 nonl;		/* last line of its text, without a newline */
};

struct side {
	struct line	*l;
	uint32_t	*cls;		/* equivalence class of each line */
	char		*chg;		/* 1: deleted (side a) / inserted (side b) */
	char		*chgmem;
	size_t		 n;
};

struct ctx {
	const uint32_t	*xv, *yv;
	char		*xchg, *ychg;
	ptrdiff_t	*fd, *bd;	/* indexed by diagonal x - y */
	ptrdiff_t	 too_expensive;
	long		 budget;
	int		 approximate;
};

struct partition {
	ptrdiff_t	xmid, ymid;
};

static int
split_lines(const char *t, size_t len, struct side *s, char **cause)
{
	size_t i, n = 0, start = 0;

	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	if (len > 0 && t[len - 1] != '\n')
		n++;
	if (n > DIFF_MAX_LINES)
		return err_set(cause, "diff: %zu lines, more than the %u allowed", n,
		    DIFF_MAX_LINES);
	s->l = calloc(n + 1, sizeof *s->l);
	s->cls = calloc(n + 1, sizeof *s->cls);
	/* chg[-1] and chg[n] are zero sentinels for shift_boundaries() */
	s->chgmem = calloc(n + 2, 1);
	s->chg = s->chgmem ? s->chgmem + 1 : NULL;
	if (s->l == NULL || s->cls == NULL || s->chg == NULL)
		return err_set(cause, "diff: out of memory");
	s->n = 0;
	for (i = 0; i < len; i++) {
		if (t[i] != '\n')
			continue;
		s->l[s->n].p = t + start;
		s->l[s->n++].len = i - start;
		start = i + 1;
	}
	if (start < len) {
		s->l[s->n].p = t + start;
		s->l[s->n].len = len - start;
		s->l[s->n++].nonl = 1;
	}
	return 0;
}

static uint64_t
line_hash(const struct line *l)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < l->len; i++) {
		h ^= (unsigned char)l->p[i];
		h *= 1099511628211ULL;
	}
	return h ^ (uint64_t)l->nonl;
}

static int
line_eq(const struct line *a, const struct line *b)
{
	return a->len == b->len && a->nonl == b->nonl && memcmp(a->p, b->p, a->len) == 0;
}

/* Gives equal lines of both sides the same class number so that comparing is one integer. */
static int
classify(struct side *a, struct side *b, char **cause)
{
	struct slot { const struct line *l; uint64_t h; uint32_t cls; } *tab;
	struct side *sides[2] = { a, b };
	size_t cap = 16, mask, i, k, total = a->n + b->n;
	uint32_t next = 1;

	while (cap < total * 2)
		cap <<= 1;
	if ((tab = calloc(cap, sizeof *tab)) == NULL)
		return err_set(cause, "diff: out of memory");
	mask = cap - 1;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < sides[k]->n; i++) {
			const struct line *l = &sides[k]->l[i];
			uint64_t h = line_hash(l);
			size_t j = (size_t)h & mask;

			while (tab[j].l != NULL && !(tab[j].h == h && line_eq(tab[j].l, l)))
				j = (j + 1) & mask;
			if (tab[j].l == NULL) {
				tab[j].l = l;
				tab[j].h = h;
				tab[j].cls = next++;
			}
			sides[k]->cls[i] = tab[j].cls;
		}
	}
	free(tab);
	return 0;
}

/* The middle snake of the box [xoff,xlim) x [yoff,ylim), or past too_expensive steps the
 * furthest point either search reached (GNU diff's heuristic). */
static void
diag(struct ctx *c, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff, ptrdiff_t ylim,
    struct partition *part)
{
	const uint32_t *xv = c->xv, *yv = c->yv;
	ptrdiff_t *fd = c->fd, *bd = c->bd;
	ptrdiff_t dmin = xoff - ylim, dmax = xlim - yoff;
	ptrdiff_t fmid = xoff - yoff, bmid = xlim - ylim;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	ptrdiff_t cost, d;
	int odd = (int)((fmid - bmid) & 1);

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (cost = 1;; cost++) {
		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			++fmin;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			--fmax;
		for (d = fmax; d >= fmin; d -= 2) {
			ptrdiff_t tlo = fd[d - 1], thi = fd[d + 1];
			ptrdiff_t x0 = tlo < thi ? thi : tlo + 1, x, y;

			for (x = x0, y = x0 - d; x < xlim && y < ylim && xv[x] == yv[y]; x++, y++)
				;
			c->budget -= 1 + (x - x0);
			fd[d] = x;
			if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
				part->xmid = x;
				part->ymid = y;
				return;
			}
		}
		if (bmin > dmin)
			bd[--bmin - 1] = PTRDIFF_MAX;
		else
			++bmin;
		if (bmax < dmax)
			bd[++bmax + 1] = PTRDIFF_MAX;
		else
			--bmax;
		for (d = bmax; d >= bmin; d -= 2) {
			ptrdiff_t tlo = bd[d - 1], thi = bd[d + 1];
			ptrdiff_t x0 = tlo < thi ? tlo : thi - 1, x, y;

			for (x = x0, y = x0 - d; xoff < x && yoff < y && xv[x - 1] == yv[y - 1];
			    x--, y--)
				;
			c->budget -= 1 + (x0 - x);
			bd[d] = x;
			if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
				part->xmid = x;
				part->ymid = y;
				return;
			}
		}
		if (cost >= c->too_expensive || c->budget <= 0) {
			ptrdiff_t fxybest = -1, fxbest = xoff, bxybest = PTRDIFF_MAX, bxbest = xlim;

			c->approximate = 1;
			for (d = fmax; d >= fmin; d -= 2) {
				ptrdiff_t x = fd[d] < xlim ? fd[d] : xlim, y = x - d;

				if (ylim < y) {
					x = ylim + d;
					y = ylim;
				}
				if (fxybest < x + y) {
					fxybest = x + y;
					fxbest = x;
				}
			}
			for (d = bmax; d >= bmin; d -= 2) {
				ptrdiff_t x = bd[d] > xoff ? bd[d] : xoff, y = x - d;

				if (y < yoff) {
					x = yoff + d;
					y = yoff;
				}
				if (x + y < bxybest) {
					bxybest = x + y;
					bxbest = x;
				}
			}
			if ((xlim + ylim) - bxybest < fxybest - (xoff + yoff)) {
				part->xmid = fxbest;
				part->ymid = fxybest - fxbest;
			} else {
				part->xmid = bxbest;
				part->ymid = bxybest - bxbest;
			}
			return;
		}
	}
}

/* Marks the lines of the box that are not in a longest common subsequence. Recurses on the
 * first half and loops on the second, so that lopsided splits do not deepen the stack. */
static void
compareseq(struct ctx *c, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff, ptrdiff_t ylim)
{
	struct partition part;

	for (;;) {
		while (xoff < xlim && yoff < ylim && c->xv[xoff] == c->yv[yoff]) {
			xoff++;
			yoff++;
		}
		while (xoff < xlim && yoff < ylim && c->xv[xlim - 1] == c->yv[ylim - 1]) {
			xlim--;
			ylim--;
		}
		if (xoff == xlim || yoff == ylim || c->budget <= 0) {
			if (c->budget <= 0 && xoff < xlim && yoff < ylim)
				c->approximate = 1;
			while (xoff < xlim)
				c->xchg[xoff++] = 1;
			while (yoff < ylim)
				c->ychg[yoff++] = 1;
			return;
		}
		diag(c, xoff, xlim, yoff, ylim, &part);
		compareseq(c, xoff, part.xmid, yoff, part.ymid);
		xoff = part.xmid;
		yoff = part.ymid;
	}
}

/* Slides each run of changes along equal lines so that runs merge and, failing that, sit as
 * far down as they can: the placement GNU diff prints (its shift_boundaries). */
static void
shift_boundaries(struct side *sides[2])
{
	int f;

	for (f = 0; f < 2; f++) {
		char *changed = sides[f]->chg, *other = sides[1 - f]->chg;
		const uint32_t *eq = sides[f]->cls;
		ptrdiff_t i = 0, j = 0, iend = (ptrdiff_t)sides[f]->n;

		for (;;) {
			ptrdiff_t runlength, start, corresponding;

			while (i < iend && !changed[i]) {
				while (other[j++])
					;
				i++;
			}
			if (i == iend)
				break;
			start = i;
			while (changed[++i])
				;
			while (other[j])
				j++;
			do {
				runlength = i - start;
				while (start && eq[start - 1] == eq[i - 1]) {
					changed[--start] = 1;
					changed[--i] = 0;
					while (changed[start - 1])
						start--;
					while (other[--j])
						;
				}
				corresponding = other[j - 1] ? i : iend;
				while (i != iend && eq[start] == eq[i]) {
					changed[start++] = 0;
					changed[i++] = 1;
					while (changed[i])
						i++;
					while (other[++j])
						corresponding = i;
				}
			} while (runlength != i - start);
			while (corresponding < i) {
				changed[--start] = 1;
				changed[--i] = 0;
				while (other[--j])
					;
			}
		}
	}
}

/* One change: lines [a0,a0+del) of a replaced by [b0,b0+ins) of b. */
struct change {
	size_t	a0, del, b0, ins;
	int	ignorable;
};

static int
line_ignorable(const struct side *s, size_t i, const struct diff_opts *o)
{
	return o->ignore != NULL && o->ignore(s->l[i].p, s->l[i].len, o->ignore_arg);
}

static int
collect_changes(const struct side *a, const struct side *b, const struct diff_opts *o,
    struct change **out, size_t *nout, char **cause)
{
	struct change *v = NULL, *nv;
	size_t n = 0, cap = 0, i = 0, j = 0, k;

	while (i < a->n || j < b->n) {
		struct change ch;

		if (i < a->n && j < b->n && !a->chg[i] && !b->chg[j]) {
			i++;
			j++;
			continue;
		}
		ch.a0 = i;
		ch.b0 = j;
		while (i < a->n && a->chg[i])
			i++;
		while (j < b->n && b->chg[j])
			j++;
		ch.del = i - ch.a0;
		ch.ins = j - ch.b0;
		/* volatile_context: volatile lines paired at either end of a change are context */
		while (o->volatile_context && ch.del > 0 && ch.ins > 0 &&
		    line_ignorable(a, ch.a0, o) && line_ignorable(b, ch.b0, o)) {
			ch.a0++, ch.b0++, ch.del--, ch.ins--;
		}
		while (o->volatile_context && ch.del > 0 && ch.ins > 0 &&
		    line_ignorable(a, ch.a0 + ch.del - 1, o) &&
		    line_ignorable(b, ch.b0 + ch.ins - 1, o)) {
			ch.del--, ch.ins--;
		}
		ch.ignorable = o->ignore != NULL;
		for (k = ch.a0; k < i && ch.ignorable; k++)
			ch.ignorable = line_ignorable(a, k, o);
		for (k = ch.b0; k < j && ch.ignorable; k++)
			ch.ignorable = line_ignorable(b, k, o);
		if (ch.ignorable && o->volatile_context && ch.del == ch.ins)
			continue;	/* printed as context: see put_hunk */
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				free(v);
				return err_set(cause, "diff: out of memory");
			}
			v = nv;
		}
		v[n++] = ch;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int
put_range(struct buf *out, size_t first, size_t count)
{
	/* As GNU diff: an empty range names the line before it; one line has no count. */
	if (count == 0)
		return buf_printf(out, "%zu,0", first);
	if (count == 1)
		return buf_printf(out, "%zu", first + 1);
	return buf_printf(out, "%zu,%zu", first + 1, count);
}

static int
put_line(struct buf *out, char mark, const struct line *l)
{
	if (buf_append(out, &mark, 1) == -1 || buf_append(out, l->p, l->len) == -1 ||
	    buf_append(out, "\n", 1) == -1)
		return -1;
	if (l->nonl && buf_puts(out, "\\ No newline at end of file\n") == -1)
		return -1;
	return 0;
}

/* Prints changes [first, last] as one hunk with its context. Context lines come from b: they
 * equal a's, except volatile lines left out of the changes (volatile_context). */
static int
put_hunk(const struct side *a, const struct side *b, const struct change *ch, size_t first,
    size_t last, size_t context, struct buf *out)
{
	size_t a0, a1, b0, b1, i, j, k, m;

	a0 = ch[first].a0 > context ? ch[first].a0 - context : 0;
	b0 = ch[first].b0 - (ch[first].a0 - a0);
	a1 = ch[last].a0 + ch[last].del + context;
	if (a1 > a->n)
		a1 = a->n;
	b1 = ch[last].b0 + ch[last].ins + (a1 - (ch[last].a0 + ch[last].del));
	if (buf_puts(out, "@@ -") == -1 || put_range(out, a0, a1 - a0) == -1 ||
	    buf_puts(out, " +") == -1 || put_range(out, b0, b1 - b0) == -1 ||
	    buf_puts(out, " @@\n") == -1)
		return -1;
	i = a0;
	j = b0;
	for (k = first; k <= last; k++) {
		for (; i < ch[k].a0; i++, j++)
			if (put_line(out, ' ', &b->l[j]) == -1)
				return -1;
		for (m = 0; m < ch[k].del; m++)
			if (put_line(out, '-', &a->l[ch[k].a0 + m]) == -1)
				return -1;
		for (m = 0; m < ch[k].ins; m++)
			if (put_line(out, '+', &b->l[ch[k].b0 + m]) == -1)
				return -1;
		i = ch[k].a0 + ch[k].del;
		j = ch[k].b0 + ch[k].ins;
	}
	for (; i < a1; i++, j++)
		if (put_line(out, ' ', &b->l[j]) == -1)
			return -1;
	return 0;
}

static int
put_script(const struct side *a, const struct side *b, const struct change *ch, size_t n,
    const struct diff_opts *o, size_t context, struct buf *out, struct diff_stats *st)
{
	size_t first = 0, last, k;
	int any;

	while (first < n) {
		/* Extend while the next change is close: 2C+1 lines apart, or C for an
		 * ignorable one (GNU diff's find_hunk). */
		last = first;
		while (last + 1 < n) {
			size_t gap = ch[last + 1].a0 - (ch[last].a0 + ch[last].del);
			size_t thresh = ch[last + 1].ignorable ? context : 2 * context + 1;

			if (gap >= thresh)
				break;
			last++;
		}
		any = 0;
		for (k = first; k <= last; k++)
			any |= !ch[k].ignorable;
		if (any) {
			if (st->hunks == 0 && buf_printf(out, "--- %s\n+++ %s\n",
			    o->label_a ? o->label_a : "a", o->label_b ? o->label_b : "b") == -1)
				return -1;
			if (put_hunk(a, b, ch, first, last, context, out) == -1)
				return -1;
			st->hunks++;
			for (k = first; k <= last; k++) {
				if (ch[k].ignorable)
					continue;
				st->removed += ch[k].del;
				st->added += ch[k].ins;
			}
		}
		first = last + 1;
	}
	return 0;
}

int
diff_unified(const char *a, size_t alen, const char *b, size_t blen,
    const struct diff_opts *o, struct buf *out, struct diff_stats *st, char **cause)
{
	static const struct diff_opts defaults = { .context = -1 };
	struct side sa = { 0 }, sb = { 0 };
	struct change *ch = NULL;
	struct diff_stats dummy;
	struct ctx c = { 0 };
	ptrdiff_t *fdv = NULL, *bdv = NULL;
	size_t nch = 0, diags, context, mark = out->len;
	int rc = -1;

	if (o == NULL)
		o = &defaults;
	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof *st);
	context = o->context < 0 ? DIFF_DEFAULT_CONTEXT : (size_t)o->context;
	if (split_lines(a, alen, &sa, cause) == -1 || split_lines(b, blen, &sb, cause) == -1)
		goto out;
	if (classify(&sa, &sb, cause) == -1)
		goto out;
	diags = sa.n + sb.n + 3;
	fdv = malloc(diags * sizeof *fdv);
	bdv = malloc(diags * sizeof *bdv);
	if (fdv == NULL || bdv == NULL) {
		err_set(cause, "diff: out of memory");
		goto out;
	}
	c.xv = sa.cls;
	c.yv = sb.cls;
	c.xchg = sa.chg;
	c.ychg = sb.chg;
	c.fd = fdv + sb.n + 1;
	c.bd = bdv + sb.n + 1;
	c.budget = o->budget > 0 ? o->budget : DIFF_DEFAULT_BUDGET;
	/* As GNU diff: give up on minimality after about sqrt(diagonals) steps, at least 4096. */
	for (c.too_expensive = 1; diags != 0; diags >>= 2)
		c.too_expensive <<= 1;
	if (c.too_expensive < 4096)
		c.too_expensive = 4096;
	compareseq(&c, 0, (ptrdiff_t)sa.n, 0, (ptrdiff_t)sb.n);
	st->approximate = c.approximate;
	{
		struct side *sides[2] = { &sa, &sb };

		shift_boundaries(sides);
	}
	if (collect_changes(&sa, &sb, o, &ch, &nch, cause) == -1)
		goto out;
	if (put_script(&sa, &sb, ch, nch, o, context, out, st) == -1) {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
		err_set(cause, "diff: output larger than %zu bytes", out->max);
		goto out;
	}
	rc = 0;
out:
	free(ch);
	free(fdv);
	free(bdv);
	free(sa.l);
	free(sa.cls);
	free(sa.chgmem);
	free(sb.l);
	free(sb.cls);
	free(sb.chgmem);
	return rc;
}
