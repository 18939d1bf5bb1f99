#include "audit/check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/hash.h"
#include "inventory/snapshot.h"

/* Evidence lists at most this many lines per check, then counts the rest. */
#define EV_MAX_LINES	20
/* Device text quoted in evidence is cut here. */
#define EV_MAX_QUOTE	200
/* PCRE2 backtracking budget per match: hostile lines cannot stall an audit. */
#define MATCH_LIMIT	1000000u

/* One line of an artifact: offset and length without its "\n" or trailing "\r". */
struct ctx_line {
	size_t		 off;
	size_t		 len;
};

struct ctx_art {
	const char	*name;
	const char	*text;
	size_t		 len;
	int		 hashed;
	char		 sha[HASH_HEX_LEN + 1];
	struct ctx_line	*lines;		/* filled by the first lines check */
	size_t		 nlines;
	int		 parsed[4];	/* per cfgtree syntax: 0 not yet, 1 ok, -1 failed */
	struct cfgtree	*tree[4];
	char		*tree_err[4];
};

struct check_ctx {
	const struct snapshot	*snap;
	const char		*platform;
	struct ctx_art		*arts;
	size_t			 narts;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
};

static const char *const op_names[] = {
	"equals", "differs", "matches", "not-matches", "in", "not-in", "contains",
	"not-contains", "subset-of", "lt", "le", "gt", "ge", "eq", "ne", "exists", "absent",
};

const char *
check_op_name(enum check_op op)
{
	return (size_t)op < sizeof op_names / sizeof op_names[0] ? op_names[op] : "?";
}

int
check_op_parse(const char *name, enum check_op *op)
{
	size_t i;

	for (i = 0; i < sizeof op_names / sizeof op_names[0]; i++) {
		if (strcmp(op_names[i], name) == 0) {
			*op = (enum check_op)i;
			return 0;
		}
	}
	return -1;
}

struct check_ctx *
check_ctx_new(const struct snapshot *snap, const char *platform)
{
	struct check_ctx *c;
	size_t i;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->snap = snap;
	c->platform = platform;
	c->narts = snapshot_artifact_count(snap);
	if ((c->arts = calloc(c->narts + 1, sizeof *c->arts)) == NULL ||
	    (c->md = pcre2_match_data_create(32, NULL)) == NULL ||
	    (c->mc = pcre2_match_context_create(NULL)) == NULL) {
		check_ctx_free(&c);
		return NULL;
	}
	pcre2_set_match_limit(c->mc, MATCH_LIMIT);
	for (i = 0; i < c->narts; i++)
		snapshot_artifact_at(snap, i, &c->arts[i].name, &c->arts[i].text,
		    &c->arts[i].len);
	return c;
}

void
check_ctx_free(struct check_ctx **cp)
{
	struct check_ctx *c = *cp;
	size_t i, k;

	if (c == NULL)
		return;
	for (i = 0; i < c->narts && c->arts != NULL; i++) {
		for (k = 0; k < 4; k++) {
			cfgtree_free(&c->arts[i].tree[k]);
			free(c->arts[i].tree_err[k]);
		}
		free(c->arts[i].lines);
	}
	free(c->arts);
	pcre2_match_data_free(c->md);
	pcre2_match_context_free(c->mc);
	free(c);
	*cp = NULL;
}

const char *
check_ctx_platform(const struct check_ctx *ctx)
{
	return ctx->platform;
}

static struct ctx_art *
ctx_art(struct check_ctx *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ctx->narts; i++) {
		if (strcmp(ctx->arts[i].name, name) != 0)
			continue;
		if (!ctx->arts[i].hashed && hash_sha256_hex(ctx->arts[i].text,
		    ctx->arts[i].len, ctx->arts[i].sha) == 0)
			ctx->arts[i].hashed = 1;
		return &ctx->arts[i];
	}
	return NULL;
}

/* Device text in evidence: printable ASCII only, cut at EV_MAX_QUOTE. */
static void
ev_quote(struct buf *ev, const char *s, size_t n)
{
	size_t i;
	char c;

	for (i = 0; i < n && i < EV_MAX_QUOTE; i++) {
		c = s[i];
		if (c == '\r' && i + 1 == n)
			break;
		c = (c >= 0x20 && c < 0x7f) ? c : '?';
		buf_append(ev, &c, 1);
	}
	if (n > EV_MAX_QUOTE)
		buf_puts(ev, "...");
}

static void
ev_artifact(struct buf *ev, const struct ctx_art *a)
{
	buf_printf(ev, "artifact %s sha256 %s\n", a->name, a->hashed ? a->sha : "?");
}

static int
in_list(const char *item, size_t n, const char *list, const char *seps)
{
	const char *p = list, *e;
	size_t k;

	while (*p) {
		p += strspn(p, seps);
		k = strcspn(p, seps);
		e = p + k;
		if (k == n && k > 0 && strncmp(p, item, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

static int
to_long(const char *s, long *out)
{
	char *end;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return -1;
	*out = strtol(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

static enum version_scheme
guess_scheme(struct check_ctx *ctx)
{
	const char *id = snapshot_fact(ctx->snap, "os.id");

	if (id != NULL && version_scheme_guess(id) != VERSION_GENERIC)
		return version_scheme_guess(id);
	if (ctx->platform != NULL) {
		/* netloom platform names ("cisco-ios", "arista-eos") to the guesser's */
		if (strncmp(ctx->platform, "cisco-", 6) == 0)
			return VERSION_CISCO_IOS;
		return version_scheme_guess(ctx->platform);
	}
	return VERSION_GENERIC;
}

/* Compares actual with cmp: 1 holds, 0 does not, -1 cannot tell (why in detail). */
static int
cmp_eval(const struct check_cmp *cmp, const char *actual, size_t alen,
    struct check_ctx *ctx, char *detail, size_t dlen)
{
	const char *seps = ", \t";
	enum version_scheme scheme;
	char *a = NULL, *cause = NULL;
	long x, y;
	int r = -1, ord = 0, rc;

	detail[0] = '\0';
	switch (cmp->op) {
	case OP_EXISTS:
		return 1;
	case OP_ABSENT:
		return 0;
	case OP_MATCHES:
	case OP_NOT_MATCHES:
		rc = pcre2_match(cmp->re, (PCRE2_SPTR)actual, alen, 0, 0, ctx->md, ctx->mc);
		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
			snprintf(detail, dlen, "pattern could not be evaluated (PCRE2 %d)", rc);
			return -1;
		}
		return (rc >= 0) == (cmp->op == OP_MATCHES);
	default:
		break;
	}
	if ((a = strndup(actual, alen)) == NULL) {
		snprintf(detail, dlen, "out of memory");
		return -1;
	}
	switch (cmp->op) {
	case OP_EQUALS:
		r = strcmp(a, cmp->value) == 0;
		break;
	case OP_DIFFERS:
		r = strcmp(a, cmp->value) != 0;
		break;
	case OP_IN:
	case OP_NOT_IN:
		r = in_list(a, alen, cmp->value, " \t\n") == (cmp->op == OP_IN);
		break;
	case OP_CONTAINS:
	case OP_NOT_CONTAINS: {
		/* contains: every listed item is in the actual list; not-contains: none is */
		const char *p = cmp->value;
		size_t k;
		int all = 1, none = 1;

		while (*p) {
			p += strspn(p, seps);
			if ((k = strcspn(p, seps)) == 0)
				break;
			if (in_list(p, k, a, seps)) {
				none = 0;
				if (cmp->op == OP_NOT_CONTAINS)
					snprintf(detail, dlen, "has '%.*s'", (int)(k > 60 ? 60 : k), p);
			} else {
				all = 0;
				if (cmp->op == OP_CONTAINS)
					snprintf(detail, dlen, "lacks '%.*s'", (int)(k > 60 ? 60 : k), p);
			}
			p += k;
		}
		r = cmp->op == OP_CONTAINS ? all : none;
		break;
	}
	case OP_SUBSET_OF: {
		const char *p = a;
		size_t k;

		r = 1;
		while (*p) {
			p += strspn(p, seps);
			if ((k = strcspn(p, seps)) == 0)
				break;
			if (!in_list(p, k, cmp->value, seps)) {
				r = 0;
				snprintf(detail, dlen, "'%.*s' is not allowed", (int)(k > 60 ? 60 : k), p);
				break;
			}
			p += k;
		}
		break;
	}
	default:
		if (cmp->versioned) {
			scheme = cmp->scheme_auto ? guess_scheme(ctx) : cmp->scheme;
			if (version_compare(scheme, 0, a, cmp->value, &ord,
			    &cause) == -1) {
				snprintf(detail, dlen, "%s versions: %s", version_scheme_name(scheme),
				    cause != NULL ? cause : "not comparable");
				free(cause);
				goto out;
			}
		} else {
			if (to_long(a, &x) == -1 || to_long(cmp->value, &y) == -1) {
				snprintf(detail, dlen, "not a number");
				goto out;
			}
			ord = x < y ? -1 : x > y;
		}
		switch (cmp->op) {
		case OP_LT: r = ord < 0; break;
		case OP_LE: r = ord <= 0; break;
		case OP_GT: r = ord > 0; break;
		case OP_GE: r = ord >= 0; break;
		case OP_EQ: r = ord == 0; break;
		default: r = ord != 0; break;
		}
		break;
	}
out:
	free(a);
	return r;
}

static const char *
cmp_text(const struct check_cmp *cmp, char *out, size_t n)
{
	if (cmp->value == NULL)
		snprintf(out, n, "%s", check_op_name(cmp->op));
	else
		snprintf(out, n, "%s '%.300s'%s", check_op_name(cmp->op), cmp->value,
		    cmp->versioned ? " (version)" : "");
	return out;
}

/* Strips a trailing \r so CRLF artifacts match like LF ones. */
static size_t
line_len(const char *s, size_t n)
{
	return n > 0 && s[n - 1] == '\r' ? n - 1 : n;
}

/* 1 when the artifact holds something other than blank lines. */
static int
art_has_text(const struct ctx_art *a)
{
	size_t i;

	for (i = 0; i < a->len; i++)
		if (a->text[i] != ' ' && a->text[i] != '\t' && a->text[i] != '\r' &&
		    a->text[i] != '\n')
			return 1;
	return 0;
}

/* Splits the artifact into lines once: every lines check of every rule walks them. */
static int
art_lines(struct ctx_art *a)
{
	const char *p = a->text, *e, *end = a->text + a->len;
	size_t n = 0, cap = 0;
	struct ctx_line *nl;

	if (a->lines != NULL || a->len == 0)
		return 0;
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nl = reallocarray(a->lines, cap, sizeof *nl)) == NULL)
				return -1;
			a->lines = nl;
		}
		a->lines[n].off = (size_t)(p - a->text);
		a->lines[n].len = line_len(p, e != NULL ? (size_t)(e - p) : (size_t)(end - p));
		n++;
		if (e == NULL)
			break;
		p = e + 1;
	}
	a->nlines = n;
	return 0;
}

static enum verdict
eval_lines(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	struct ctx_art *a = ctx_art(ctx, c->artifact);
	const char *p;
	size_t line, n, matched = 0, qualified = 0, shown = 0, bad = 0, i;
	struct buf lines;
	char detail[256], note[600], want[400];
	PCRE2_SIZE ov[64];
	uint32_t ovn;
	enum verdict v;
	int rc, err = 0;

	if (a == NULL) {
		buf_printf(ev, "artifact %s was not captured\n", c->artifact);
		return c->missing;
	}
	ev_artifact(ev, a);
	if (!art_has_text(a)) {
		buf_printf(ev, "artifact %s was captured empty: nothing to check\n", c->artifact);
		return c->missing;
	}
	if (art_lines(a) == -1) {
		buf_puts(ev, "out of memory\n");
		return VERDICT_ERROR;
	}
	buf_init(&lines, 0);
	for (line = 1; line <= a->nlines; line++) {
		p = a->text + a->lines[line - 1].off;
		n = a->lines[line - 1].len;
		if (n < c->prefixlen || memcmp(p, c->pattern + 1, c->prefixlen) != 0)
			rc = PCRE2_ERROR_NOMATCH;
		else
			rc = pcre2_match(c->re, (PCRE2_SPTR)p, n, 0, 0, ctx->md, ctx->mc);
		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
			buf_printf(ev, "line %zu: pattern /%.120s/ could not be evaluated "
			    "(PCRE2 error %d)\n", line, c->pattern, rc);
			err = 1;
		} else if (rc >= 0) {
			int ok = 1;

			matched++;
			note[0] = '\0';
			ovn = pcre2_get_ovector_count(ctx->md);
			memcpy(ov, pcre2_get_ovector_pointer(ctx->md),
			    2 * sizeof ov[0] * (ovn < 32 ? ovn : 32));
			for (i = 0; i < c->ngroups && ok; i++) {
				unsigned g = c->groups[i].n;
				const char *gs = "";
				size_t gl = 0;
				int r;

				if ((int)g < rc && g < 32 && ov[2 * g] != PCRE2_UNSET) {
					gs = p + ov[2 * g];
					gl = ov[2 * g + 1] - ov[2 * g];
				}
				r = cmp_eval(&c->groups[i].cmp, gs, gl, ctx, detail, sizeof detail);
				if (r != 1) {
					ok = 0;
					snprintf(note, sizeof note, "group %u '%.*s' %s %s%s%s", g,
					    (int)(gl > 60 ? 60 : gl), gs,
					    r == 0 ? "fails" : "cannot be compared:",
					    cmp_text(&c->groups[i].cmp, want, sizeof want),
					    detail[0] ? ": " : "", detail);
					if (r == -1)
						err = 1;
				}
			}
			if (ok)
				qualified++;
			/* the lines worth showing: qualifying ones, and for "all" the others */
			if ((ok && c->expect != EXPECT_ALL) || (!ok && (c->expect == EXPECT_ALL ||
			    c->expect == EXPECT_PRESENT))) {
				if (!ok)
					bad++;
				if (shown++ < EV_MAX_LINES) {
					buf_printf(&lines, "line %zu: ", line);
					ev_quote(&lines, p, n);
					if (note[0])
						buf_printf(&lines, "  [%s]", note);
					buf_puts(&lines, "\n");
				}
			}
		}
	}
	switch (c->expect) {
	case EXPECT_PRESENT:
		v = qualified >= (size_t)(c->min > 1 ? c->min : 1) &&
		    (c->max < 0 || qualified <= (size_t)c->max) ? VERDICT_PASS : VERDICT_FAIL;
		if (qualified == 0)
			buf_printf(ev, "missing: no line matches /%.200s/%s\n", c->pattern,
			    c->ngroups ? " with its group conditions" : "");
		else if (v == VERDICT_FAIL)
			buf_printf(ev, "count: %zu matching lines, expected %ld..%ld\n",
			    qualified, c->min > 1 ? c->min : 1, c->max);
		break;
	case EXPECT_ABSENT:
		v = qualified == 0 ? VERDICT_PASS : VERDICT_FAIL;
		if (v == VERDICT_PASS)
			buf_printf(ev, "absent: no line matches /%.200s/%s\n", c->pattern,
			    c->ngroups ? " with its group conditions" : "");
		else
			buf_printf(ev, "unexpected: %zu line%s match%s /%.200s/\n", qualified,
			    qualified == 1 ? "" : "s", qualified == 1 ? "es" : "", c->pattern);
		break;
	case EXPECT_COUNT:
		v = (c->min < 0 || qualified >= (size_t)c->min) &&
		    (c->max < 0 || qualified <= (size_t)c->max) ? VERDICT_PASS : VERDICT_FAIL;
		buf_printf(ev, "count: %zu lines match /%.200s/, expected", qualified, c->pattern);
		if (c->min >= 0)
			buf_printf(ev, " at least %ld", c->min);
		if (c->max >= 0)
			buf_printf(ev, "%s at most %ld", c->min >= 0 ? " and" : "", c->max);
		buf_puts(ev, "\n");
		break;
	default:
		v = bad == 0 && matched >= (size_t)(c->min > 0 ? c->min : 0) ?
		    VERDICT_PASS : VERDICT_FAIL;
		if (matched == 0)
			buf_printf(ev, "no line matches /%.200s/\n", c->pattern);
		else if (bad == 0)
			buf_printf(ev, "all %zu lines matching /%.200s/ meet the conditions\n",
			    matched, c->pattern);
		else
			buf_printf(ev, "%zu of %zu lines matching /%.200s/ fail the conditions\n",
			    bad, matched, c->pattern);
		break;
	}
	if (lines.data != NULL)
		buf_puts(ev, lines.data);
	if (shown > EV_MAX_LINES)
		buf_printf(ev, "... %zu more lines\n", shown - EV_MAX_LINES);
	buf_free(&lines);
	if (err && v != VERDICT_PASS)
		v = VERDICT_ERROR;
	return v;
}

static enum verdict
eval_block(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	struct ctx_art *a = ctx_art(ctx, c->artifact);
	const struct cfgtree_node **parents = NULL, **kids = NULL;
	size_t np = 0, nk = 0, i, bad = 0, shown = 0;
	char *cause = NULL;
	enum verdict v = VERDICT_ERROR;
	struct cfgtree *t;
	int si = (int)c->syntax, flags, junos;

	if (a == NULL) {
		buf_printf(ev, "artifact %s was not captured\n", c->artifact);
		return c->missing;
	}
	ev_artifact(ev, a);
	if (!art_has_text(a)) {
		buf_printf(ev, "artifact %s was captured empty: nothing to check\n", c->artifact);
		return c->missing;
	}
	if (a->parsed[si] == 0) {
		a->tree[si] = cfgtree_parse(a->text, a->len, c->syntax, NULL, &a->tree_err[si]);
		a->parsed[si] = a->tree[si] != NULL ? 1 : -1;
	}
	if ((t = a->tree[si]) == NULL) {
		buf_printf(ev, "configuration does not parse: %s\n",
		    a->tree_err[si] != NULL ? a->tree_err[si] : "out of memory");
		return VERDICT_ERROR;
	}
	junos = cfgtree_syntax(t) != CFGTREE_INDENT;
	flags = junos || c->deep ? CFGTREE_DEEP : 0;
	if (cfgtree_find_prefixed(t, NULL, c->re, c->pattern + 1, c->prefixlen, flags,
	    &parents, &np, &cause) == -1) {
		buf_printf(ev, "parent search failed: %s\n", cause);
		goto out;
	}
	if (np == 0) {
		buf_printf(ev, "no block matches /%.200s/\n", c->pattern);
		v = c->if_none;
		goto out;
	}
	for (i = 0; i < np; i++) {
		const struct cfgtree_node *pn = parents[i];
		size_t ln = cfgtree_node_line(pn);
		const char *pt = cfgtree_node_text(pn);
		int fail;

		free(kids);
		kids = NULL;
		if (cfgtree_find_prefixed(t, pn, c->child_re, c->child + 1, c->child_prefixlen,
		    c->deep ? CFGTREE_DEEP : 0, &kids, &nk, &cause) == -1) {
			buf_printf(ev, "child search failed: %s\n", cause);
			v = VERDICT_ERROR;
			goto out;
		}
		fail = c->expect == EXPECT_PRESENT ? nk == 0 : nk > 0;
		bad += fail;
		if (shown++ >= EV_MAX_LINES)
			continue;
		buf_printf(ev, "line %zu: ", ln);
		ev_quote(ev, pt, strlen(pt));
		if (nk == 0)
			buf_printf(ev, " -> no child matches /%.200s/%s\n", c->child,
			    fail ? "" : " (as required)");
		else {
			buf_printf(ev, " -> line %zu: ", cfgtree_node_line(kids[0]));
			ev_quote(ev, cfgtree_node_text(kids[0]), strlen(cfgtree_node_text(kids[0])));
			buf_puts(ev, fail ? "  [must not be there]\n" : "\n");
		}
	}
	if (shown > EV_MAX_LINES)
		buf_printf(ev, "... %zu more blocks\n", shown - EV_MAX_LINES);
	buf_printf(ev, "%zu of %zu blocks matching /%.200s/ %s\n", np - bad, np, c->pattern,
	    c->expect == EXPECT_PRESENT ? "have the child" : "lack the child");
	v = bad == 0 ? VERDICT_PASS : VERDICT_FAIL;
out:
	free(parents);
	free(kids);
	free(cause);
	return v;
}

/* 1 when c's source artifact was captured with content, so that a fact missing from it
 * was really looked for; else 0 with the reason in ev. */
static int
source_captured(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	const struct ctx_art *a;

	if (c->source == NULL)
		return 1;
	if ((a = ctx_art(ctx, c->source)) == NULL) {
		buf_printf(ev, "artifact %s was not captured: cannot tell what it lacks\n",
		    c->source);
		return 0;
	}
	if (!art_has_text(a)) {
		buf_printf(ev, "artifact %s was captured empty: cannot tell what it lacks\n",
		    c->source);
		return 0;
	}
	return 1;
}

static enum verdict
eval_fact(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	const char *val = snapshot_fact(ctx->snap, c->key);
	char detail[256], want[400];
	int r;

	if (val == NULL && strcmp(c->key, "device.platform") == 0)
		val = ctx->platform;
	if (val == NULL && !source_captured(c, ctx, ev)) {
		buf_printf(ev, "fact %s was not collected\n", c->key);
		return VERDICT_ERROR;
	}
	if (c->cmp.op == OP_EXISTS || c->cmp.op == OP_ABSENT) {
		r = (val != NULL) == (c->cmp.op == OP_EXISTS);
		buf_printf(ev, "fact %s is %s; expected %s\n", c->key,
		    val != NULL ? "present" : "not collected", check_op_name(c->cmp.op));
		return r ? VERDICT_PASS : VERDICT_FAIL;
	}
	if (val == NULL) {
		buf_printf(ev, "fact %s was not collected\n", c->key);
		return c->missing;
	}
	r = cmp_eval(&c->cmp, val, strlen(val), ctx, detail, sizeof detail);
	buf_printf(ev, "fact %s = '", c->key);
	ev_quote(ev, val, strlen(val));
	buf_printf(ev, "'; expected %s%s%s\n", cmp_text(&c->cmp, want, sizeof want),
	    detail[0] ? ": " : "", detail);
	return r == 1 ? VERDICT_PASS : r == 0 ? VERDICT_FAIL : c->incomparable;
}

static enum verdict
eval_packages(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	enum version_scheme scheme = c->cmp.scheme_auto ? guess_scheme(ctx) : c->cmp.scheme;
	size_t i, nfail = 0, nerr = 0, nmiss = 0, nok = 0;
	char key[300], *cause = NULL;
	const char *val;
	int ord, src = -1;

	for (i = 0; i < c->npkgs; i++) {
		snprintf(key, sizeof key, "pkg.%s", c->pkgs[i].name);
		if ((val = snapshot_fact(ctx->snap, key)) == NULL) {
			if (src == -1)
				src = source_captured(c, ctx, ev);
			if (!src) {
				nerr++;
				buf_printf(ev, "package %s: unknown (no package list)\n",
				    c->pkgs[i].name);
				continue;
			}
			nmiss++;
			buf_printf(ev, "package %s: not installed (%s)\n", c->pkgs[i].name,
			    verdict_name(c->missing));
			continue;
		}
		if (version_compare(scheme, 0, val, c->pkgs[i].min, &ord,
		    &cause) == -1) {
			nerr++;
			buf_printf(ev, "package %s: cannot compare with %s: %s\n", c->pkgs[i].name,
			    version_scheme_name(scheme), cause);
			free(cause);
			cause = NULL;
			continue;
		}
		buf_printf(ev, "package %s: installed '", c->pkgs[i].name);
		ev_quote(ev, val, strlen(val));
		buf_printf(ev, "' %s required %s (%s)\n", ord < 0 ? "<" : ">=", c->pkgs[i].min,
		    version_scheme_name(scheme));
		if (ord < 0)
			nfail++;
		else
			nok++;
	}
	if (nfail > 0 || (nmiss > 0 && c->missing == VERDICT_FAIL))
		return VERDICT_FAIL;
	if (nerr > 0 || (nmiss > 0 && c->missing == VERDICT_ERROR))
		return VERDICT_ERROR;
	if (nok == 0 && nmiss > 0)
		return c->missing;
	return VERDICT_PASS;
}

static enum verdict
eval_composite(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	size_t i, npass = 0, nfail = 0, nerr = 0, nna = 0;
	struct buf *kid;
	enum verdict v, *vs;

	kid = calloc(c->nkids + 1, sizeof *kid);
	vs = calloc(c->nkids + 1, sizeof *vs);
	if (kid == NULL || vs == NULL) {
		free(kid);
		free(vs);
		buf_puts(ev, "out of memory\n");
		return VERDICT_ERROR;
	}
	for (i = 0; i < c->nkids; i++) {
		buf_init(&kid[i], 0);
		vs[i] = check_eval(c->kids[i], ctx, &kid[i]);
		npass += vs[i] == VERDICT_PASS;
		nfail += vs[i] == VERDICT_FAIL;
		nerr += vs[i] == VERDICT_ERROR;
		nna += vs[i] == VERDICT_NOTAPPLICABLE;
	}
	switch (c->kind) {
	case CHECK_ALL:
		v = nfail ? VERDICT_FAIL : nerr ? VERDICT_ERROR :
		    nna == c->nkids ? VERDICT_NOTAPPLICABLE : VERDICT_PASS;
		break;
	case CHECK_ANY:
		v = npass ? VERDICT_PASS : nerr ? VERDICT_ERROR :
		    nna == c->nkids ? VERDICT_NOTAPPLICABLE : VERDICT_FAIL;
		break;
	default:
		v = npass ? VERDICT_FAIL : nerr ? VERDICT_ERROR :
		    nna == c->nkids ? VERDICT_NOTAPPLICABLE : VERDICT_PASS;
		break;
	}
	/* any that passed: the passing branch is the story; none that failed: the
	 * branch that held is the offence; otherwise every branch's evidence */
	for (i = 0; i < c->nkids; i++) {
		int show = (c->kind == CHECK_ANY && v == VERDICT_PASS) ||
		    (c->kind == CHECK_NONE && v == VERDICT_FAIL) ? vs[i] == VERDICT_PASS : 1;

		if (show && c->kind == CHECK_NONE && v == VERDICT_FAIL)
			buf_puts(ev, "unexpected (must not hold):\n");
		if (show && kid[i].data != NULL)
			buf_puts(ev, kid[i].data);
		buf_free(&kid[i]);
	}
	free(kid);
	free(vs);
	return v;
}

enum verdict
check_eval(const struct check *c, struct check_ctx *ctx, struct buf *ev)
{
	switch (c->kind) {
	case CHECK_LINES:
		return eval_lines(c, ctx, ev);
	case CHECK_BLOCK:
		return eval_block(c, ctx, ev);
	case CHECK_FACT:
		return eval_fact(c, ctx, ev);
	case CHECK_PACKAGES:
		return eval_packages(c, ctx, ev);
	default:
		return eval_composite(c, ctx, ev);
	}
}

void
check_cmp_clear(struct check_cmp *cmp)
{
	free(cmp->value);
	pcre2_code_free(cmp->re);
	memset(cmp, 0, sizeof *cmp);
}

size_t
check_literal_prefix(const char *pattern)
{
	const char *p;
	size_t n = 0;
	int depth = 0, cls = 0;

	/* \Q..\E, comments and POSIX classes would fool the scan below: no prefix */
	if (pattern[0] != '^' || strstr(pattern, "\\Q") != NULL ||
	    strstr(pattern, "(?#") != NULL || strstr(pattern, "[:") != NULL ||
	    strstr(pattern, "[.") != NULL || strstr(pattern, "[=") != NULL)
		return 0;
	/* "^a|b": the second branch is not anchored, so no prefix is required */
	for (p = pattern; *p; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (cls)
			cls = *p != ']';
		else if (*p == '[')
			cls = p[1] == ']' || (p[1] == '^' && p[2] == ']') ? 2 : 1;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '|' && depth <= 0)
			return 0;
		if (cls == 2) {	/* "[]...]" and "[^]...]": the first ']' is a member */
			p += p[1] == '^' ? 2 : 1;
			cls = 1;
		}
	}
	for (p = pattern + 1; *p; p++, n++) {
		if (strchr("\\^$.[|()?*+{}#", *p) != NULL || (unsigned char)*p < 0x20 ||
		    (unsigned char)*p >= 0x7f)
			break;
	}
	/* a quantifier applies to the last literal: "^ab?" requires only "a" */
	if (n > 0 && (*p == '?' || *p == '*' || *p == '+' || *p == '{'))
		n--;
	return n;
}

void
check_free(struct check **cp)
{
	struct check *c = *cp;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		check_free(&c->kids[i]);
	free(c->kids);
	free(c->artifact);
	free(c->pattern);
	pcre2_code_free(c->re);
	free(c->child);
	pcre2_code_free(c->child_re);
	for (i = 0; i < c->ngroups; i++)
		check_cmp_clear(&c->groups[i].cmp);
	free(c->groups);
	free(c->key);
	free(c->source);
	check_cmp_clear(&c->cmp);
	for (i = 0; i < c->npkgs; i++) {
		free(c->pkgs[i].name);
		free(c->pkgs[i].min);
	}
	free(c->pkgs);
	free(c);
	*cp = NULL;
}
