/* check: the in-memory form of a policy's checks and rules (built by audit/policy.c,
 * evaluated by check_eval() for audit/engine.c). Internal to audit/. */
#ifndef NETLOOM_CHECK_H
#define NETLOOM_CHECK_H

#include <stddef.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "audit/cfgtree.h"
#include "audit/engine.h"
#include "audit/version.h"

struct buf;
struct snapshot;

enum check_kind {
	CHECK_ALL = 0, CHECK_ANY, CHECK_NONE,
	CHECK_LINES, CHECK_BLOCK, CHECK_FACT, CHECK_PACKAGES
};

enum check_op {
	OP_EQUALS = 0, OP_DIFFERS, OP_MATCHES, OP_NOT_MATCHES, OP_IN, OP_NOT_IN,
	OP_CONTAINS, OP_NOT_CONTAINS, OP_SUBSET_OF,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_EXISTS, OP_ABSENT
};

enum check_expect { EXPECT_PRESENT = 0, EXPECT_ABSENT, EXPECT_COUNT, EXPECT_ALL };

/* One comparison of a string (fact value, captured group) against value. */
struct check_cmp {
	enum check_op	 op;
	char		*value;		/* NULL for exists/absent */
	pcre2_code	*re;		/* matches / not-matches */
	int		 versioned;	/* ordering ops compare versions */
	int		 scheme_auto;
	enum version_scheme scheme;
};

struct check_group {
	unsigned	 n;
	struct check_cmp cmp;
};

struct check_pkg {
	char		*name;
	char		*min;
};

struct check {
	enum check_kind	 kind;
	size_t		 line;		/* in the policy file */
	struct check	**kids;		/* all / any / none */
	size_t		 nkids;
	char		*artifact;	/* lines, block */
	char		*pattern;	/* lines: pattern; block: parent */
	pcre2_code	*re;
	size_t		 prefixlen;	/* pattern[1..] a matching line or key starts with */
	char		*child;		/* block */
	pcre2_code	*child_re;
	size_t		 child_prefixlen;	/* the same for child */
	enum check_expect expect;
	long		 min, max;	/* -1: unset */
	struct check_group *groups;
	size_t		 ngroups;
	enum cfgtree_syntax syntax;
	int		 deep;
	enum verdict	 if_none;	/* block: no parent matched */
	enum verdict	 missing;	/* artifact / fact / package absent */
	enum verdict	 incomparable;	/* fact: value cannot be compared */
	char		*key;		/* fact */
	char		*source;	/* fact, packages: the artifact a missing fact is
					 * looked for in; not captured or empty: error */
	struct check_cmp cmp;
	struct check_pkg *pkgs;		/* packages */
	size_t		 npkgs;
};

struct check_ref {
	char		*scheme;
	char		*id;
};

struct check_applies {
	char		**platforms;
	size_t		  nplatforms;
	struct check	**facts;	/* CHECK_FACT each; all must pass */
	size_t		  nfacts;
};

struct check_rule {
	char		*id;
	char		*title;
	char		*severity;
	char		*category;
	char		*rationale;
	char		*remediation;
	struct check_ref *refs;
	size_t		 nrefs;
	struct check_applies applies;
	struct check	*check;
	size_t		 line;
};

/* What check_eval() reads: the device's facts and artifacts, with per-artifact caches
 * (SHA-256, parsed tree) filled on first use. */
struct check_ctx;

struct check_ctx *check_ctx_new(const struct snapshot *snap, const char *platform);
void	check_ctx_free(struct check_ctx **ctx);
const char *check_ctx_platform(const struct check_ctx *ctx);

/* Evaluates c, appending evidence lines ("...\n") to ev. Returns the verdict (never
 * WAIVED). Memory failure is an ERROR verdict with its evidence. */
enum verdict check_eval(const struct check *c, struct check_ctx *ctx, struct buf *ev);

/* The length of the literal text an anchored pattern ("^ip ssh version") requires at
 * the start of a subject, after the '^'; 0 when there is none or it cannot be told
 * safely (top-level alternation, escapes, quantifiers). Lets a line that cannot match
 * skip PCRE2 with the same result. */
size_t	check_literal_prefix(const char *pattern);

void	check_free(struct check **c);
void	check_cmp_clear(struct check_cmp *cmp);
const char *check_op_name(enum check_op op);
int	check_op_parse(const char *name, enum check_op *op);

#endif
