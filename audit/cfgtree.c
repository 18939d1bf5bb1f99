#include "audit/cfgtree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"

struct cfgtree_node {
	const char		*text;		/* NUL-terminated, in the tree's arena */
	size_t			 textlen;
	size_t			 line;
	size_t			 depth;
	struct cfgtree_node	*parent;
	struct cfgtree_node	*child;
	struct cfgtree_node	*last_child;
	struct cfgtree_node	*sibling;
	size_t			 nchildren;
	int			 inactive;
	int			 is_root;
};

/* Nodes and texts live in a chain of blocks: pointers stay valid while it grows. */
struct arena_block {
	struct arena_block	*next;
	size_t			 used;
	size_t			 cap;
	_Alignas(16) unsigned char data[];
};
#define ARENA_BLOCK	(64u * 1024)

struct cfgtree {
	enum cfgtree_syntax	 syntax;
	struct cfgtree_limits	 lim;
	struct arena_block	*arena;
	struct cfgtree_node	 root;
	size_t			 count;
	size_t			 deepest;
	/* set form only: (parent, word) -> node */
	struct cfgtree_node	**ht;
	size_t			 htcap;
	size_t			 htcount;
};

static int	c_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void *
arena_alloc(struct cfgtree *t, size_t n)
{
	struct arena_block *b = t->arena;
	size_t size;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (b == NULL || b->cap - b->used < n) {
		size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->cap = size;
		b->used = 0;
		b->next = t->arena;
		t->arena = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

/* Adds a node under parent (the root for top level) as its last child. */
static struct cfgtree_node *
node_add(struct cfgtree *t, struct cfgtree_node *parent, const char *text,
    size_t len, size_t line, char **cause)
{
	struct cfgtree_node *n;
	char *s;

	if ((n = arena_alloc(t, sizeof(*n))) == NULL ||
	    (s = arena_alloc(t, len + 1)) == NULL) {
		err_set(cause, "line %zu: out of memory", line);
		return NULL;
	}
	memcpy(s, text, len);
	s[len] = '\0';
	n->text = s;
	n->textlen = len;
	n->line = line;
	n->parent = parent;
	n->depth = parent->is_root ? 0 : parent->depth + 1;
	if (parent->last_child != NULL)
		parent->last_child->sibling = n;
	else
		parent->child = n;
	parent->last_child = n;
	parent->nchildren++;
	t->count++;
	if (n->depth > t->deepest)
		t->deepest = n->depth;
	return n;
}

/* ---- input checks shared by every syntax ---------------------------------- */

/* One pass before parsing: caps on size, lines and line length, and no NUL bytes
 * (node texts are C strings; a NUL would hide what follows it). */
static int
check_input(const struct cfgtree *t, const char *text, size_t len, char **cause)
{
	size_t i, line = 1, start = 0;

	if (len > t->lim.max_bytes)
		return err_set(cause, "configuration larger than %zu bytes",
		    t->lim.max_bytes);
	for (i = 0; i < len; i++) {
		if (text[i] == '\0')
			return err_set(cause, "line %zu: NUL byte", line);
		if (text[i] == '\n') {
			if (i - start > t->lim.max_line_len)
				goto toolong;
			if (++line > t->lim.max_lines)
				return err_set(cause, "more than %zu lines",
				    t->lim.max_lines);
			start = i + 1;
		}
	}
	if (i - start > t->lim.max_line_len)
		goto toolong;
	return 0;
toolong:
	return err_set(cause, "line %zu: longer than %zu bytes", line,
	    t->lim.max_line_len);
}

/* Next line of text from *pos: its bounds, without the line break. 0 at the end. */
static int
next_line(const char *text, size_t len, size_t *pos, const char **s, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*s = text + *pos;
	nl = memchr(*s, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *s) : len - *pos;
	*pos += *n + (nl != NULL);
	return 1;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && c_isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && c_isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* ---- indented configs (IOS, IOS-XE, NX-OS, EOS) --------------------------- */

static int
has_prefix(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && memcmp(s, word, k) == 0 && (n == k || s[k] == ' ');
}

/* The first " #" of a line (memmem's setup costs more than these short lines). */
static const char *
comment_start(const char *s, size_t n)
{
	const char *p = s + 1, *e = s + n;

	while (p < e && (p = memchr(p, '#', (size_t)(e - p))) != NULL) {
		if (p[-1] == ' ')
			return p - 1;
		p++;
	}
	return NULL;
}

static const char *
memmem_span(const char *s, size_t n, const char *needle, size_t nn)
{
	return nn == 0 ? s : memmem(s, n, needle, nn);
}

/* If the statement opens a delimited text (banner, AAA banner, fail-message), stores
 * its delimiter (a NUL-terminated string; "EOF" means an EOS line of its own) and
 * returns 1 when the text goes on past this line. */
static int
banner_open(const char *s, size_t n, char delim[4])
{
	static const char *const keys[] = { "banner", "aaa authentication banner",
	    "aaa authentication fail-message", NULL };
	size_t k, skip = 0, i;
	int words;

	for (k = 0; keys[k] != NULL; k++)
		if (has_prefix(s, n, keys[k]))
			break;
	if (keys[k] == NULL)
		return 0;
	/* "banner" is followed by its kind (motd, login, exec ...) */
	words = k == 0 ? 2 : 3;
	for (i = 0; i < n && words > 0; words--) {
		while (i < n && s[i] != ' ')
			i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	skip = i;
	if (skip >= n) {
		if (words > 0 && k == 0)
			return 0;	/* "banner" alone: not a banner */
		memcpy(delim, "EOF", 4);
		return 1;
	}
	if (n - skip >= 2 && s[skip] == '^' && s[skip + 1] == 'C') {
		delim[0] = '^';
		delim[1] = 'C';
		delim[2] = '\0';
	} else {
		delim[0] = s[skip];
		delim[1] = '\0';
	}
	skip += strlen(delim);
	return memmem_span(s + skip, n - skip, delim, strlen(delim)) == NULL;
}

static int
parse_indent(struct cfgtree *t, const char *text, size_t len, char **cause)
{
	struct {
		size_t			 indent;
		struct cfgtree_node	*node;
	} *stack = NULL;
	struct cfgtree_node *n, *banner = NULL;
	size_t pos = 0, line = 0, depth = 0, indent, k, n_s, banner_line = 0;
	const char *s;
	char delim[4] = "";
	int rc = -1;

	if ((stack = calloc(t->lim.max_depth + 1, sizeof(*stack))) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	while (next_line(text, len, &pos, &s, &n_s)) {
		line++;
		for (indent = 0, k = 0; k < n_s && c_isspace((unsigned char)s[k]); k++)
			indent = s[k] == '\t' ? (indent + 8) & ~(size_t)7 : indent + 1;
		trim(&s, &n_s);
		if (banner != NULL) {
			/* banner text: kept verbatim as the banner's children */
			int end = strcmp(delim, "EOF") == 0 ?
			    (n_s == 3 && memcmp(s, "EOF", 3) == 0) :
			    memmem_span(s, n_s, delim, strlen(delim)) != NULL;
			if (n_s > 0 && node_add(t, banner, s, n_s, line, cause) == NULL)
				goto out;
			if (end)
				banner = NULL;
			continue;
		}
		if (n_s == 0 || s[0] == '!')
			continue;
		while (depth > 0 && stack[depth - 1].indent >= indent)
			depth--;
		if (depth >= t->lim.max_depth) {
			err_set(cause, "line %zu: nested deeper than %zu", line,
			    t->lim.max_depth);
			goto out;
		}
		n = node_add(t, depth ? stack[depth - 1].node : &t->root, s, n_s, line,
		    cause);
		if (n == NULL)
			goto out;
		stack[depth].indent = indent;
		stack[depth].node = n;
		depth++;
		if (banner_open(s, n_s, delim)) {
			banner = n;
			banner_line = line;
		}
	}
	if (banner != NULL) {
		err_set(cause, "line %zu: banner never closed (expected '%s')",
		    banner_line, delim);
		goto out;
	}
	rc = 0;
out:
	free(stack);
	return rc;
}

/* ---- Junos braces --------------------------------------------------------- */

enum tok { T_EOF, T_WORD, T_LBRACE, T_RBRACE, T_SEMI, T_LBRACKET, T_RBRACKET };

struct lexer {
	const char	*text;
	size_t		 len;
	size_t		 pos;
	size_t		 line;
	const char	*word;		/* T_WORD */
	size_t		 wordlen;
	size_t		 tokline;
};

/* Next token; comments are skipped. -1 on an unterminated string or comment. */
static int
lex(struct lexer *lx, enum tok *tok, char **cause)
{
	const char *s = lx->text;
	size_t start;

	for (;;) {
		while (lx->pos < lx->len && c_isspace((unsigned char)s[lx->pos])) {
			if (s[lx->pos] == '\n')
				lx->line++;
			lx->pos++;
		}
		if (lx->pos >= lx->len) {
			*tok = T_EOF;
			return 0;
		}
		if (s[lx->pos] == '#') {
			while (lx->pos < lx->len && s[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		if (s[lx->pos] == '/' && lx->pos + 1 < lx->len &&
		    s[lx->pos + 1] == '*') {
			size_t open = lx->line;
			lx->pos += 2;
			while (lx->pos + 1 < lx->len &&
			    !(s[lx->pos] == '*' && s[lx->pos + 1] == '/')) {
				if (s[lx->pos] == '\n')
					lx->line++;
				lx->pos++;
			}
			if (lx->pos + 1 >= lx->len)
				return err_set(cause, "line %zu: comment never "
				    "closed", open);
			lx->pos += 2;
			continue;
		}
		break;
	}
	lx->tokline = lx->line;
	switch (s[lx->pos]) {
	case '{': *tok = T_LBRACE; lx->pos++; return 0;
	case '}': *tok = T_RBRACE; lx->pos++; return 0;
	case ';': *tok = T_SEMI; lx->pos++; return 0;
	case '[': *tok = T_LBRACKET; lx->pos++; return 0;
	case ']': *tok = T_RBRACKET; lx->pos++; return 0;
	}
	start = lx->pos;
	if (s[lx->pos] == '"') {
		/* a string ends on its line, as in set form: Junos writes \n inside */
		for (lx->pos++; lx->pos < lx->len && s[lx->pos] != '"' &&
		    s[lx->pos] != '\n'; lx->pos++) {
			if (s[lx->pos] == '\\' && lx->pos + 1 < lx->len &&
			    s[lx->pos + 1] != '\n')
				lx->pos++;
		}
		if (lx->pos >= lx->len || s[lx->pos] != '"')
			return err_set(cause, "line %zu: string never closed",
			    lx->tokline);
		lx->pos++;
	} else {
		while (lx->pos < lx->len && !c_isspace((unsigned char)s[lx->pos]) &&
		    strchr("{};[]\"", s[lx->pos]) == NULL)
			lx->pos++;
	}
	lx->word = s + start;
	lx->wordlen = lx->pos - start;
	*tok = T_WORD;
	return 0;
}

/* Appends a word to a statement being collected, one space between words. */
static int
stmt_add(struct buf *b, const char *w, size_t n)
{
	if (b->len > 0 && buf_append(b, " ", 1) == -1)
		return -1;
	return buf_append(b, w, n);
}

/* Strips "inactive:", "protect:" and "replace:" from a statement. */
static void
stmt_prefixes(const char **s, size_t *n, int *inactive)
{
	static const char *const pre[] = { "inactive: ", "protect: ", "replace: ",
	    NULL };
	size_t k, l;

	for (k = 0; pre[k] != NULL; k++) {
		l = strlen(pre[k]);
		if (*n >= l && memcmp(*s, pre[k], l) == 0) {
			if (k == 0)
				*inactive = 1;
			*s += l;
			*n -= l;
			k = (size_t)-1;		/* "protect: inactive: x" */
		}
	}
}

/* Adds one leaf "stmt word" under parent per word of a "[ ... ]" list. */
static int
list_leaves(struct cfgtree *t, struct cfgtree_node *parent, const char *stmt,
    size_t sn, const struct buf *list, size_t line, int inactive, char **cause)
{
	struct buf leaf;
	struct cfgtree_node *n;
	size_t k, start = 0;
	int rc = -1;

	buf_init(&leaf, sn + list->len + 2);
	for (k = 0; k <= list->len; k++) {
		if (k < list->len && list->data[k] != '\0')
			continue;
		if (k > start) {
			buf_reset(&leaf);
			if (buf_append(&leaf, stmt, sn) == -1 ||
			    stmt_add(&leaf, list->data + start, k - start) == -1) {
				err_set(cause, "line %zu: out of memory", line);
				goto out;
			}
			if ((n = node_add(t, parent, leaf.data, leaf.len, line,
			    cause)) == NULL)
				goto out;
			n->inactive = inactive;
		}
		start = k + 1;
	}
	rc = 0;
out:
	buf_free(&leaf);
	return rc;
}

static int
parse_junos(struct cfgtree *t, const char *text, size_t len, char **cause)
{
	struct lexer lx = { text, len, 0, 1, NULL, 0, 1 };
	struct buf stmt, list;
	struct cfgtree_node *cur = &t->root, *n;
	size_t stmt_line = 0, depth = 0;
	enum tok tok = T_EOF;
	int rc = -1, inlist = 0, haslist = 0, inactive;
	const char *s;
	size_t sn;

	buf_init(&stmt, t->lim.max_line_len + 1);
	buf_init(&list, t->lim.max_line_len + 1);
	for (;;) {
		if (lex(&lx, &tok, cause) == -1)
			goto out;
		if (inlist && tok != T_WORD && tok != T_RBRACKET) {
			err_set(cause, "line %zu: '[' list not closed", lx.tokline);
			goto out;
		}
		switch (tok) {
		case T_WORD:
			if (stmt.len == 0 && !inlist)
				stmt_line = lx.tokline;
			/* list words are kept apart by NULs: quoted ones hold spaces */
			if ((inlist ? (list.len > 0 && buf_append(&list, "", 1) == -1) ||
			    buf_append(&list, lx.word, lx.wordlen) == -1 :
			    stmt_add(&stmt, lx.word, lx.wordlen) == -1)) {
				err_set(cause, "line %zu: statement too long",
				    lx.tokline);
				goto out;
			}
			break;
		case T_LBRACKET:
			if (stmt.len == 0 || haslist) {
				err_set(cause, "line %zu: unexpected '['", lx.tokline);
				goto out;
			}
			inlist = haslist = 1;
			break;
		case T_RBRACKET:
			if (!inlist) {
				err_set(cause, "line %zu: unexpected ']'", lx.tokline);
				goto out;
			}
			inlist = 0;
			break;
		case T_LBRACE:
			if (stmt.len == 0 || haslist) {
				err_set(cause, "line %zu: '{' without a statement "
				    "before it", lx.tokline);
				goto out;
			}
			if (depth >= t->lim.max_depth) {
				err_set(cause, "line %zu: nested deeper than %zu",
				    lx.tokline, t->lim.max_depth);
				goto out;
			}
			s = stmt.data;
			sn = stmt.len;
			inactive = 0;
			stmt_prefixes(&s, &sn, &inactive);
			if ((cur = node_add(t, cur, s, sn, stmt_line, cause)) == NULL)
				goto out;
			cur->inactive = inactive;
			depth++;
			buf_reset(&stmt);
			break;
		case T_SEMI:
			if (stmt.len == 0)
				break;		/* a stray ';' says nothing */
			s = stmt.data;
			sn = stmt.len;
			inactive = 0;
			stmt_prefixes(&s, &sn, &inactive);
			if (!haslist || list.len == 0) {
				if ((n = node_add(t, cur, s, sn, stmt_line,
				    cause)) == NULL)
					goto out;
				n->inactive = inactive;
			}
			/* "x [ a b ];" is the leaves "x a" and "x b", as display set */
			if (haslist && list.len > 0 &&
			    list_leaves(t, cur, s, sn, &list, stmt_line, inactive,
			    cause) == -1)
				goto out;
			buf_reset(&stmt);
			buf_reset(&list);
			haslist = 0;
			break;
		case T_RBRACE:
			if (stmt.len > 0) {
				err_set(cause, "line %zu: statement before '}' has "
				    "no ';'", stmt_line);
				goto out;
			}
			if (depth == 0) {
				err_set(cause, "line %zu: unbalanced '}'", lx.tokline);
				goto out;
			}
			cur = cur->parent;
			depth--;
			break;
		case T_EOF:
			if (stmt.len > 0) {
				err_set(cause, "line %zu: statement has no ';'",
				    stmt_line);
				goto out;
			}
			if (depth > 0) {
				err_set(cause, "line %zu: '{' never closed",
				    cur->line);
				goto out;
			}
			rc = 0;
			goto out;
		}
	}
out:
	buf_free(&stmt);
	buf_free(&list);
	return rc;
}

/* ---- Junos set form ------------------------------------------------------- */

static size_t
ht_hash(const struct cfgtree_node *parent, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

static int
ht_grow(struct cfgtree *t)
{
	struct cfgtree_node **nt, *n;
	size_t ncap = t->htcap ? t->htcap * 2 : 1024, i, h;

	if ((nt = calloc(ncap, sizeof(*nt))) == NULL)
		return -1;
	for (i = 0; i < t->htcap; i++) {
		if ((n = t->ht[i]) == NULL)
			continue;
		h = ht_hash(n->parent, n->text, n->textlen) & (ncap - 1);
		while (nt[h] != NULL)
			h = (h + 1) & (ncap - 1);
		nt[h] = n;
	}
	free(t->ht);
	t->ht = nt;
	t->htcap = ncap;
	return 0;
}

/* The child of parent whose text is the word, created when missing. */
static struct cfgtree_node *
trie_child(struct cfgtree *t, struct cfgtree_node *parent, const char *w, size_t n,
    size_t line, char **cause)
{
	struct cfgtree_node *c;
	size_t h;

	if ((t->htcount + 1) * 2 > t->htcap && ht_grow(t) == -1) {
		err_set(cause, "line %zu: out of memory", line);
		return NULL;
	}
	h = ht_hash(parent, w, n) & (t->htcap - 1);
	for (; (c = t->ht[h]) != NULL; h = (h + 1) & (t->htcap - 1))
		if (c->parent == parent && c->textlen == n && memcmp(c->text, w, n) == 0)
			return c;
	if (parent->depth + 1 >= t->lim.max_depth && !parent->is_root) {
		err_set(cause, "line %zu: nested deeper than %zu", line,
		    t->lim.max_depth);
		return NULL;
	}
	if ((c = node_add(t, parent, w, n, line, cause)) == NULL)
		return NULL;
	t->ht[h] = c;
	t->htcount++;
	return c;
}

struct word {
	const char	*p;
	size_t		 n;
};

/* The next word of a set-form line; a quoted string is one word, and a word that
 * starts with '#' ends the line ("## SECRET-DATA"). 1, 0 at the end, or -1. */
static int
next_word(const char *s, size_t n, size_t *i, struct word *w, size_t line,
    char **cause)
{
	size_t k = *i;

	while (k < n && c_isspace((unsigned char)s[k]))
		k++;
	if (k >= n || s[k] == '#') {
		*i = n;
		return 0;
	}
	w->p = s + k;
	if (s[k] == '"') {
		for (k++; k < n && s[k] != '"'; k++)
			if (s[k] == '\\' && k + 1 < n)
				k++;
		if (k >= n)
			return err_set(cause, "line %zu: string never closed", line);
		k++;
	} else {
		while (k < n && !c_isspace((unsigned char)s[k]))
			k++;
	}
	w->n = (size_t)(s + k - w->p);
	*i = k;
	return 1;
}

static int
parse_junos_set(struct cfgtree *t, const char *text, size_t len, char **cause)
{
	struct cfgtree_node *cur, *list_parent;
	struct word w, verb;
	size_t pos = 0, line = 0, i, n_s;
	const char *s;
	int r, deactivate, activate, inlist;

	while (next_line(text, len, &pos, &s, &n_s)) {
		line++;
		i = 0;
		if ((r = next_word(s, n_s, &i, &verb, line, cause)) == -1)
			return -1;
		if (r == 0)
			continue;
		deactivate = verb.n == 10 && memcmp(verb.p, "deactivate", 10) == 0;
		activate = verb.n == 8 && memcmp(verb.p, "activate", 8) == 0;
		if (!deactivate && !activate &&
		    !(verb.n == 3 && memcmp(verb.p, "set", 3) == 0))
			return err_set(cause, "line %zu: '%.*s' is not a set, "
			    "deactivate or activate command", line,
			    (int)(verb.n > 40 ? 40 : verb.n), verb.p);
		cur = &t->root;
		list_parent = NULL;
		inlist = 0;
		while ((r = next_word(s, n_s, &i, &w, line, cause)) == 1) {
			if (w.n == 1 && w.p[0] == '[' && !inlist && cur != &t->root) {
				inlist = 1;
				list_parent = cur;
				continue;
			}
			if (w.n == 1 && w.p[0] == ']' && inlist) {
				inlist = 0;
				continue;
			}
			if ((cur = trie_child(t, inlist ? list_parent : cur, w.p, w.n,
			    line, cause)) == NULL)
				return -1;
		}
		if (r == -1)
			return -1;
		if (inlist)
			return err_set(cause, "line %zu: '[' list not closed", line);
		if (cur == &t->root)
			return err_set(cause, "line %zu: '%.*s' without a path", line,
			    (int)verb.n, verb.p);
		if (deactivate)
			cur->inactive = 1;
		else if (activate)
			cur->inactive = 0;
	}
	return 0;
}

/* ---- syntax detection ----------------------------------------------------- */

/* Set form when the first statement is a set command; braces when most statements
 * end in '{', ';' or are '}'; indentation otherwise. */
static enum cfgtree_syntax
detect(const char *text, size_t len)
{
	size_t pos = 0, n_s, seen = 0, junosish = 0;
	const char *s, *hash;

	while (seen < 2000 && next_line(text, len, &pos, &s, &n_s)) {
		trim(&s, &n_s);
		if (n_s == 0 || s[0] == '#' || s[0] == '!')
			continue;
		if (seen == 0 && (has_prefix(s, n_s, "set") ||
		    has_prefix(s, n_s, "deactivate")))
			return CFGTREE_JUNOS_SET;
		seen++;
		/* drop a trailing "## SECRET-DATA" style comment */
		if (n_s > 2 && (hash = comment_start(s, n_s)) != NULL) {
			n_s = (size_t)(hash - s);
			trim(&s, &n_s);
		}
		if (n_s > 0 && (s[n_s - 1] == '{' || s[n_s - 1] == ';' ||
		    s[n_s - 1] == '}'))
			junosish++;
	}
	return seen > 0 && junosish * 2 >= seen ? CFGTREE_JUNOS : CFGTREE_INDENT;
}

/* ---- public --------------------------------------------------------------- */

struct cfgtree *
cfgtree_parse(const char *text, size_t len, enum cfgtree_syntax syntax,
    const struct cfgtree_limits *lim, char **cause)
{
	struct cfgtree *t;
	int rc = -1;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		err_set(cause, "out of memory");
		return NULL;
	}
	t->root.is_root = 1;
	if (lim != NULL)
		t->lim = *lim;
	if (t->lim.max_bytes == 0)
		t->lim.max_bytes = CFGTREE_MAX_BYTES;
	if (t->lim.max_lines == 0)
		t->lim.max_lines = CFGTREE_MAX_LINES;
	if (t->lim.max_line_len == 0)
		t->lim.max_line_len = CFGTREE_MAX_LINE_LEN;
	if (t->lim.max_depth == 0)
		t->lim.max_depth = CFGTREE_MAX_DEPTH;
	if (text == NULL && len > 0) {
		err_set(cause, "no configuration text");
		goto out;
	}
	if (check_input(t, text, len, cause) == -1)
		goto out;
	if (syntax == CFGTREE_AUTO)
		syntax = detect(text, len);
	t->syntax = syntax;
	switch (syntax) {
	case CFGTREE_INDENT:
		rc = parse_indent(t, text, len, cause);
		break;
	case CFGTREE_JUNOS:
		rc = parse_junos(t, text, len, cause);
		break;
	case CFGTREE_JUNOS_SET:
		rc = parse_junos_set(t, text, len, cause);
		break;
	default:
		err_set(cause, "unknown configuration syntax %d", (int)syntax);
		break;
	}
out:
	/* the lookup table only serves the set-form parse */
	free(t->ht);
	t->ht = NULL;
	t->htcap = t->htcount = 0;
	if (rc == -1)
		cfgtree_free(&t);
	return t;
}

void
cfgtree_free(struct cfgtree **tp)
{
	struct cfgtree *t;
	struct arena_block *b, *next;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (b = t->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(t->ht);
	free(t);
	*tp = NULL;
}

enum cfgtree_syntax
cfgtree_syntax(const struct cfgtree *t)
{
	return t->syntax;
}

size_t
cfgtree_count(const struct cfgtree *t)
{
	return t->count;
}

int
cfgtree_syntax_parse(const char *name, enum cfgtree_syntax *out)
{
	static const struct {
		const char		*name;
		enum cfgtree_syntax	 syntax;
	} names[] = {
		{ "auto", CFGTREE_AUTO }, { "indent", CFGTREE_INDENT },
		{ "junos", CFGTREE_JUNOS }, { "junos-set", CFGTREE_JUNOS_SET },
	};
	size_t k;

	for (k = 0; name != NULL && k < sizeof(names) / sizeof(names[0]); k++) {
		if (strcmp(name, names[k].name) == 0) {
			*out = names[k].syntax;
			return 0;
		}
	}
	return -1;
}

const struct cfgtree_node *
cfgtree_first(const struct cfgtree *t)
{
	return t->root.child;
}

const struct cfgtree_node *
cfgtree_next_under(const struct cfgtree_node *n, const struct cfgtree_node *top)
{
	if (n->child != NULL)
		return n->child;
	while (n != NULL && n != top && !n->is_root) {
		if (n->sibling != NULL)
			return n->sibling;
		n = n->parent;
	}
	return NULL;
}

const struct cfgtree_node *
cfgtree_next(const struct cfgtree_node *n)
{
	return cfgtree_next_under(n, NULL);
}

/* The next node after n's subtree, staying under top. */
static const struct cfgtree_node *
skip_subtree(const struct cfgtree_node *n, const struct cfgtree_node *top)
{
	while (n != NULL && n != top && !n->is_root) {
		if (n->sibling != NULL)
			return n->sibling;
		n = n->parent;
	}
	return NULL;
}

const char *
cfgtree_node_text(const struct cfgtree_node *n)
{
	return n->text;
}

size_t
cfgtree_node_line(const struct cfgtree_node *n)
{
	return n->line;
}

size_t
cfgtree_node_depth(const struct cfgtree_node *n)
{
	return n->depth;
}

int
cfgtree_node_inactive(const struct cfgtree_node *n)
{
	return n->inactive;
}

const struct cfgtree_node *
cfgtree_node_parent(const struct cfgtree_node *n)
{
	return n->parent != NULL && !n->parent->is_root ? n->parent : NULL;
}

const struct cfgtree_node *
cfgtree_node_child(const struct cfgtree_node *n)
{
	return n->child;
}

const struct cfgtree_node *
cfgtree_node_sibling(const struct cfgtree_node *n)
{
	return n->sibling;
}

size_t
cfgtree_node_nchildren(const struct cfgtree_node *n)
{
	return n->nchildren;
}

int
cfgtree_node_path(const struct cfgtree_node *n, struct buf *out)
{
	const struct cfgtree_node *p;
	size_t total = 0, at, start = out->len;

	for (p = n; p != NULL && !p->is_root; p = p->parent)
		total += p->textlen + (p != n);
	/* reserve the whole path, then fill it from the end: no recursion */
	for (at = 0; at < total; at++)
		if (buf_append(out, " ", 1) == -1)
			goto fail;
	at = start + total;
	for (p = n; p != NULL && !p->is_root; p = p->parent) {
		at -= p->textlen;
		memcpy(out->data + at, p->text, p->textlen);
		if (at > start)
			at--;
	}
	return 0;
fail:
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
	return -1;
}

/* Keys for matching, built incrementally while walking: the path of each node
 * relative to the walk's top, as a stack of prefix lengths indexed by depth. */
struct walker {
	struct buf	 key;
	size_t		*lens;
	size_t		 nlens;
	size_t		 base;		/* depth of the walk's first level */
};

static int
walker_init(struct walker *w, const struct cfgtree *t,
    const struct cfgtree_node *under)
{
	buf_init(&w->key, 0);
	w->base = under != NULL ? under->depth + 1 : 0;
	w->nlens = t->deepest + 2;
	w->lens = calloc(w->nlens, sizeof(*w->lens));
	return w->lens == NULL ? -1 : 0;
}

static int
walker_key(struct walker *w, const struct cfgtree_node *n)
{
	size_t d = n->depth - w->base;
	size_t need = (d > 0) + n->textlen;
	char *p;

	if (d + 1 >= w->nlens)
		return -1;
	w->key.len = w->lens[d];
	/* every node of every block search comes here: copy in place when there is room */
	if (w->key.data != NULL && w->key.cap - w->key.len > need) {
		p = w->key.data + w->key.len;
		if (d > 0)
			*p++ = ' ';
		memcpy(p, n->text, n->textlen);
		w->key.len += need;
		w->key.data[w->key.len] = '\0';
	} else if ((d > 0 && buf_append(&w->key, " ", 1) == -1) ||
	    buf_append(&w->key, n->text, n->textlen) == -1)
		return -1;
	w->lens[d + 1] = w->key.len;
	return 0;
}

static void
walker_free(struct walker *w)
{
	buf_free(&w->key);
	free(w->lens);
}

pcre2_code *
cfgtree_compile(const char *pattern, char **cause)
{
	pcre2_code *re;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int errcode;

	if (pattern == NULL) {
		err_set(cause, "missing pattern");
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_NEVER_UTF | PCRE2_NEVER_UCP, &errcode, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		err_set(cause, "pattern '%.80s': %s at offset %zu", pattern,
		    (const char *)msg, (size_t)off);
		return NULL;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* A bounded match: hostile text must not make one line cost seconds. */
#define MATCH_LIMIT	1000000u
#define DEPTH_LIMIT	10000u

int
cfgtree_find(const struct cfgtree *t, const struct cfgtree_node *under,
    const pcre2_code *re, int flags, const struct cfgtree_node ***out,
    size_t *nout, char **cause)
{
	return cfgtree_find_prefixed(t, under, re, NULL, 0, flags, out, nout, cause);
}

int
cfgtree_find_prefixed(const struct cfgtree *t, const struct cfgtree_node *under,
    const pcre2_code *re, const char *prefix, size_t prefixlen, int flags,
    const struct cfgtree_node ***out, size_t *nout, char **cause)
{
	struct walker w;
	pcre2_match_data *md = NULL;
	pcre2_match_context *mc = NULL;
	const struct cfgtree_node **res = NULL, **nres, *n, *top;
	size_t count = 0, cap = 0;
	int rc = -1, m, by_path;
	PCRE2_UCHAR msg[128];

	*out = NULL;
	*nout = 0;
	by_path = t->syntax != CFGTREE_INDENT && !(flags & CFGTREE_TEXT);
	top = under != NULL ? under : &t->root;
	if (walker_init(&w, t, under) == -1 ||
	    (md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL ||
	    (mc = pcre2_match_context_create(NULL)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	pcre2_set_match_limit(mc, MATCH_LIMIT);
	pcre2_set_depth_limit(mc, DEPTH_LIMIT);
	n = top->child;
	while (n != NULL) {
		const char *key = n->text;
		size_t keylen = n->textlen;

		if (by_path) {
			if (walker_key(&w, n) == -1) {
				err_set(cause, "line %zu: path too long", n->line);
				goto out;
			}
			key = w.key.data;
			keylen = w.key.len;
		}
		if (prefixlen > 0 && (keylen < prefixlen || memcmp(key, prefix, prefixlen) != 0))
			m = PCRE2_ERROR_NOMATCH;
		else
			m = pcre2_match(re, (PCRE2_SPTR)key, keylen, 0, 0, md, mc);
		if (m < 0 && m != PCRE2_ERROR_NOMATCH) {
			pcre2_get_error_message(m, msg, sizeof(msg));
			err_set(cause, "line %zu: %s", n->line, (const char *)msg);
			goto out;
		}
		if (m >= 0) {
			if (count == cap) {
				cap = cap ? cap * 2 : 16;
				if ((nres = reallocarray(res, cap, sizeof(*res))) == NULL) {
					err_set(cause, "out of memory");
					goto out;
				}
				res = nres;
			}
			res[count++] = n;
		}
		if (!(flags & CFGTREE_DEEP))
			n = n->sibling;
		else if (m >= 0 && (flags & CFGTREE_OUTERMOST))
			n = skip_subtree(n, top);
		else
			n = cfgtree_next_under(n, top);
	}
	*out = res;
	*nout = count;
	res = NULL;
	rc = 0;
out:
	free(res);
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	walker_free(&w);
	return rc;
}

int
cfgtree_set_lines(const struct cfgtree *t, struct buf *out, char **cause)
{
	struct walker w;
	const struct cfgtree_node *n;
	int pass, rc = -1;

	if (walker_init(&w, t, NULL) == -1) {
		err_set(cause, "out of memory");
		goto out;
	}
	/* pass 0: a set line per leaf; pass 1: a deactivate line per inactive node */
	for (pass = 0; pass < 2; pass++) {
		for (n = t->root.child; n != NULL; n = cfgtree_next(n)) {
			if (walker_key(&w, n) == -1)
				goto full;
			if (pass == 0 && n->child != NULL)
				continue;
			if (pass == 1 && !n->inactive)
				continue;
			if (buf_puts(out, pass == 0 ? "set " : "deactivate ") == -1 ||
			    buf_append(out, w.key.data, w.key.len) == -1 ||
			    buf_append(out, "\n", 1) == -1)
				goto full;
		}
	}
	rc = 0;
	goto out;
full:
	err_set(cause, "set form larger than its buffer allows");
out:
	walker_free(&w);
	return rc;
}
