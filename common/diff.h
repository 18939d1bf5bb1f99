/* diff: a unified diff of two texts. Myers' O(ND) algorithm in linear space (the middle
 * snake, as GNU diff), bounded in lines and in work: past the budget the rest of the input is
 * reported as replaced (still a correct diff, flagged approximate). Changes made only of lines
 * a caller's predicate calls volatile are ignored, with the semantics of GNU `diff -I RE`. */
#ifndef NETLOOM_DIFF_H
#define NETLOOM_DIFF_H

#include <stddef.h>

#include "common/buf.h"

/* Inputs with more lines than this (per side) are refused. */
#define DIFF_MAX_LINES		(4u * 1024 * 1024)
#define DIFF_DEFAULT_CONTEXT	3
/* Steps of the search (diagonals visited + lines compared) before giving up on minimality. */
#define DIFF_DEFAULT_BUDGET	(64L * 1024 * 1024)

/* 1 if this line (without its newline) is volatile: a change made only of such lines is
 * not a difference. */
typedef int (*diff_ignore_fn)(const char *line, size_t len, void *arg);

struct diff_opts {
	int		 context;	/* lines of context; < 0 means DIFF_DEFAULT_CONTEXT */
	diff_ignore_fn	 ignore;	/* NULL: nothing is volatile */
	void		*ignore_arg;
	long		 budget;	/* 0 means DIFF_DEFAULT_BUDGET */
	/* A volatile change that replaces as many lines as it removes is shown as context
	 * (with the new text) instead of -/+ lines, and never joins hunks (drift wants to see
	 * a real change, not the uptime beside it). 0: GNU diff -I behaviour. */
	int		 volatile_context;
	const char	*label_a;	/* "--- " line; NULL means "a" */
	const char	*label_b;
};

struct diff_stats {
	size_t	hunks;		/* hunks printed (0: equal, modulo volatile lines) */
	size_t	removed;	/* lines removed in printed, non-volatile changes */
	size_t	added;
	int	approximate;	/* the budget ran out: correct, maybe not minimal */
};

/* Appends the unified diff of a (alen bytes) and b to out: nothing when they do not differ
 * (modulo volatile lines), else "--- "/"+++ " headers and "@@ -l,n +l,n @@" hunks, as
 * `diff -u` prints them ("\ No newline at end of file" included). o may be NULL. Returns 0, or
 * -1 with *cause set (too many lines, out of memory, out's cap reached). */
int	diff_unified(const char *a, size_t alen, const char *b, size_t blen,
	    const struct diff_opts *o, struct buf *out, struct diff_stats *st, char **cause);

#endif
