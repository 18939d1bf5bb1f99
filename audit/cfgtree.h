/* cfgtree: a device configuration as a tree of statements, for parent/child checks
 * ("every block matching X has a child matching Y", as ciscoconfparse does).
 *
 * Three syntaxes:
 *  - indented (IOS, IOS-XE, NX-OS, EOS): a line's children are the lines after it
 *    indented more than it; "!" lines are comments; banners ("banner motd ^C ... ^C",
 *    EOS "banner login ... EOF") become one node whose body lines are its children.
 *  - Junos braces ("system { services { ssh; } }"): one node per statement; comments
 *    ("#", "/ * * /") dropped; "inactive:" stripped and flagged; "x [ a b ];" becomes
 *    the leaves "x a" and "x b", as "display set" shows it.
 *  - Junos set form ("set system services ssh"): one node per word, merged into a trie;
 *    "deactivate PATH" flags the node.
 * For Junos trees, matching uses a node's path (its text and its ancestors', joined
 * by one space), so "system services ssh root-login deny" matches in both forms.
 * Parsing is iterative and capped (depth, lines, line length); hostile input gives an
 * error with a line number, never a crash. */
#ifndef NETLOOM_CFGTREE_H
#define NETLOOM_CFGTREE_H

#include <stddef.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

struct buf;
struct cfgtree;
struct cfgtree_node;

enum cfgtree_syntax {
	CFGTREE_AUTO = 0,	/* set form, braces or indentation, from the text */
	CFGTREE_INDENT,
	CFGTREE_JUNOS,		/* braces */
	CFGTREE_JUNOS_SET
};

/* Zero fields take the defaults below. */
struct cfgtree_limits {
	size_t	max_bytes;
	size_t	max_lines;
	size_t	max_line_len;
	size_t	max_depth;
};
#define CFGTREE_MAX_BYTES	(64u * 1024 * 1024)
#define CFGTREE_MAX_LINES	1000000u
#define CFGTREE_MAX_LINE_LEN	65536u
#define CFGTREE_MAX_DEPTH	64u

/* Parses len bytes of text (not NUL-terminated; a NUL byte is an error). lim may be
 * NULL. Returns the tree or NULL with a cause such as "line 12: unbalanced '}'". */
struct cfgtree	*cfgtree_parse(const char *text, size_t len,
		    enum cfgtree_syntax syntax, const struct cfgtree_limits *lim,
		    char **cause);
void		 cfgtree_free(struct cfgtree **tree);

/* The syntax used (never CFGTREE_AUTO) and the number of nodes. */
enum cfgtree_syntax cfgtree_syntax(const struct cfgtree *tree);
size_t		 cfgtree_count(const struct cfgtree *tree);
/* "indent", "junos", "junos-set"; CFGTREE_AUTO for "auto". -1 if unknown. */
int		 cfgtree_syntax_parse(const char *name, enum cfgtree_syntax *out);

/* Walks every node in document order (parents before children):
 *   for (n = cfgtree_first(t); n != NULL; n = cfgtree_next(n)) */
const struct cfgtree_node *cfgtree_first(const struct cfgtree *tree);
const struct cfgtree_node *cfgtree_next(const struct cfgtree_node *node);
/* The same walk restricted to the descendants of top (top itself excluded). */
const struct cfgtree_node *cfgtree_next_under(const struct cfgtree_node *node,
		    const struct cfgtree_node *top);

/* Node accessors; strings are borrowed from the tree. */
const char	*cfgtree_node_text(const struct cfgtree_node *node);
size_t		 cfgtree_node_line(const struct cfgtree_node *node);	/* 1-based */
size_t		 cfgtree_node_depth(const struct cfgtree_node *node);	/* top: 0 */
int		 cfgtree_node_inactive(const struct cfgtree_node *node);
const struct cfgtree_node *cfgtree_node_parent(const struct cfgtree_node *node);
const struct cfgtree_node *cfgtree_node_child(const struct cfgtree_node *node);
const struct cfgtree_node *cfgtree_node_sibling(const struct cfgtree_node *node);
size_t		 cfgtree_node_nchildren(const struct cfgtree_node *node);
/* Appends the node's path (ancestors' texts and its own, joined by one space) to
 * out. 0, or -1 when out's cap is reached. */
int		 cfgtree_node_path(const struct cfgtree_node *node, struct buf *out);

/* Flags for cfgtree_find(). */
#define CFGTREE_DEEP		0x1	/* all descendants, not only direct children */
#define CFGTREE_OUTERMOST	0x2	/* skip nodes inside a node already found */
#define CFGTREE_TEXT		0x4	/* Junos: match the node's text, not its path */

/* Compiles a pattern for cfgtree_find() (bytes, not UTF-8: device text is not
 * trusted to be valid). Free with pcre2_code_free(). */
pcre2_code	*cfgtree_compile(const char *pattern, char **cause);

/* Finds the nodes under `under` (NULL: the whole tree, i.e. top-level nodes, or all
 * with CFGTREE_DEEP) whose key matches re, in document order. The key is the node's
 * text for indented configs; for Junos it is the node's path relative to `under`
 * (the full path when under is NULL), unless CFGTREE_TEXT. *out (malloc'd array,
 * may be NULL when *nout is 0) is the caller's to free. 0, or -1 with a cause
 * (memory, or PCRE2's match limit hit on hostile text). */
int		 cfgtree_find(const struct cfgtree *tree,
		    const struct cfgtree_node *under, const pcre2_code *re, int flags,
		    const struct cfgtree_node ***out, size_t *nout, char **cause);

/* cfgtree_find() for a pattern that only matches keys starting with the prefixlen
 * bytes of prefix (e.g. "system services" of "^system services ssh$"): other keys
 * skip PCRE2. Same results as cfgtree_find() when that holds; prefixlen 0: no test. */
int		 cfgtree_find_prefixed(const struct cfgtree *tree,
		    const struct cfgtree_node *under, const pcre2_code *re,
		    const char *prefix, size_t prefixlen, int flags,
		    const struct cfgtree_node ***out, size_t *nout, char **cause);

/* Writes the tree as Junos set commands, one per leaf ("set system services ssh
 * root-login deny\n"), then "deactivate PATH\n" for each inactive node. Meant for
 * Junos trees; an indented tree gives its leaves' paths the same way. 0 or -1. */
int		 cfgtree_set_lines(const struct cfgtree *tree, struct buf *out,
		    char **cause);

#endif
