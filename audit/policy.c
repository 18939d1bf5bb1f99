#include "audit/policy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "audit/check.h"
#include "common/xmldoc.h"
#include "common/buf.h"
#include "common/embed.h"
#include "common/err.h"

/* The shipped baselines, in policies/, compiled in by the Makefile. A test checks that
 * every policies/NAME.xml is listed here. */
static const char *const shipped[] = {
	"linux-server.xml",
	"cisco-ios.xml",
	"cisco-nxos.xml",
	"arista-eos.xml",
	"junos.xml",
	"snmp-agent.xml",
	NULL,
};

enum param_type { PT_STRING = 0, PT_INT, PT_VERSION, PT_REGEX, PT_BOOL };

struct param {
	char		*name;
	enum param_type	 type;
	char		*value;
};

struct policy {
	char		*id;
	char		*version;
	char		*title;
	char		*source;
	char		 sha256[HASH_HEX_LEN + 1];
	struct param	*params;
	size_t		 nparams;
	char		*params_text;
	int		 has_applies;
	struct check_applies applies;
	struct check_rule *rules;
	size_t		 nrules;
};

/* Loader state: the file name for messages and the parameters in force. */
struct loader {
	const char	*name;
	struct policy	*p;
	int		 in_applies;	/* fact conditions of <applies>, not checks */
	int		 negated;	/* under an odd number of <none>: fail becomes pass */
};

const char *const *
policy_shipped(void)
{
	return shipped;
}

const char *
policy_shipped_text(const char *name, size_t *len)
{
	char path[256];
	size_t i;

	for (i = 0; shipped[i] != NULL; i++) {
		if (strcmp(shipped[i], name) != 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "policies/%s", name) >= sizeof path)
			return NULL;
		return embed_find(path, len);
	}
	return NULL;
}

static int
lerr(struct loader *l, xmlNodePtr n, char **cause, const char *what, const char *arg)
{
	return err_set(cause, "%s:%ld: %s%s%s", l->name, n != NULL ? xmlGetLineNo(n) : 0L,
	    what, arg != NULL ? ": " : "", arg != NULL ? arg : "");
}

static const struct param *
param_find(const struct policy *p, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < p->nparams; i++)
		if (strlen(p->params[i].name) == n && strncmp(p->params[i].name, name, n) == 0)
			return &p->params[i];
	return NULL;
}

/* Replaces each ${name} with the parameter's value. In a pattern (regex set), values of
 * types other than regex are inserted literally: every non-alphanumeric byte escaped. */
static int
expand(struct loader *l, xmlNodePtr n, const char *in, int regex, char **out,
    char **cause)
{
	const struct param *pm;
	const char *p, *e, *v;
	struct buf b;

	*out = NULL;
	buf_init(&b, 1024 * 1024);
	for (p = in; *p; p++) {
		if (p[0] != '$' || p[1] != '{') {
			if (buf_append(&b, p, 1) == -1)
				goto nomem;
			continue;
		}
		if ((e = strchr(p + 2, '}')) == NULL) {
			buf_free(&b);
			return lerr(l, n, cause, "unterminated ${ in", in);
		}
		if ((pm = param_find(l->p, p + 2, (size_t)(e - p - 2))) == NULL) {
			buf_free(&b);
			return lerr(l, n, cause, "undeclared parameter in", in);
		}
		for (v = pm->value; *v; v++) {
			if (regex && pm->type != PT_REGEX &&
			    !((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
			    (*v >= '0' && *v <= '9')) && buf_append(&b, "\\", 1) == -1)
				goto nomem;
			if (buf_append(&b, v, 1) == -1)
				goto nomem;
		}
		p = e;
	}
	if (b.data == NULL && buf_append(&b, "", 0) == -1)
		goto nomem;
	if (b.data == NULL) {
		if ((*out = strdup("")) == NULL)
			goto nomem;
		return 0;
	}
	*out = buf_take(&b);
	return 0;
nomem:
	buf_free(&b);
	return err_set(cause, "%s: out of memory", l->name);
}

/* An attribute with parameters expanded; *out NULL when absent. */
static int
attr(struct loader *l, xmlNodePtr n, const char *name, int regex, char **out,
    char **cause)
{
	char *raw = xmldoc_attr(n, name);
	int rc;

	*out = NULL;
	if (raw == NULL)
		return 0;
	rc = expand(l, n, raw, regex, out, cause);
	free(raw);
	return rc;
}

static int
compile(struct loader *l, xmlNodePtr n, const char *pattern, pcre2_code **re,
    char **cause)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int ec;

	*re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &ec, &off, NULL);
	if (*re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof msg);
		return err_set(cause, "%s:%ld: bad pattern /%s/ at offset %zu: %s", l->name,
		    xmlGetLineNo(n), pattern, (size_t)off, (const char *)msg);
	}
	/* a rule runs its pattern on every line of every config: JIT when the CPU allows,
	 * the interpreter (same results) otherwise */
	(void)pcre2_jit_compile(*re, PCRE2_JIT_COMPLETE);
	return 0;
}

static int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

static enum verdict
verdict_from(const char *s, enum verdict dflt)
{
	if (s == NULL)
		return dflt;
	if (strcmp(s, "pass") == 0)
		return VERDICT_PASS;
	if (strcmp(s, "fail") == 0)
		return VERDICT_FAIL;
	if (strcmp(s, "notapplicable") == 0)
		return VERDICT_NOTAPPLICABLE;
	return VERDICT_ERROR;
}

static int
load_cmp(struct loader *l, xmlNodePtr n, struct check_cmp *cmp, char **cause)
{
	char *op = NULL, *scheme = NULL;
	int rc = -1;

	if (attr(l, n, "op", 0, &op, cause) == -1)
		goto out;
	if (op == NULL || check_op_parse(op, &cmp->op) == -1) {
		lerr(l, n, cause, "unknown op", op);
		goto out;
	}
	if (attr(l, n, "value", cmp->op == OP_MATCHES || cmp->op == OP_NOT_MATCHES,
	    &cmp->value, cause) == -1)
		goto out;
	if (cmp->value == NULL && cmp->op != OP_EXISTS && cmp->op != OP_ABSENT) {
		lerr(l, n, cause, "op needs a value", op);
		goto out;
	}
	if ((cmp->op == OP_MATCHES || cmp->op == OP_NOT_MATCHES) &&
	    compile(l, n, cmp->value, &cmp->re, cause) == -1)
		goto out;
	if (attr(l, n, "scheme", 0, &scheme, cause) == -1)
		goto out;
	if (scheme != NULL) {
		cmp->versioned = 1;
		if (strcmp(scheme, "auto") == 0)
			cmp->scheme_auto = 1;
		else if (version_scheme_parse(scheme, &cmp->scheme, NULL) == -1) {
			lerr(l, n, cause, "unknown version scheme", scheme);
			goto out;
		}
		if (cmp->op >= OP_LT && cmp->op <= OP_NE && !cmp->scheme_auto &&
		    version_check(cmp->scheme, 0, cmp->value, NULL) == -1) {
			lerr(l, n, cause, "not a version of that scheme", cmp->value);
			goto out;
		}
	} else if (cmp->op >= OP_LT && cmp->op <= OP_NE) {
		long v;

		if (parse_long(cmp->value, &v) == -1) {
			lerr(l, n, cause, "numeric comparison needs an integer value "
			    "(or a scheme for versions)", cmp->value);
			goto out;
		}
	}
	rc = 0;
out:
	free(op);
	free(scheme);
	return rc;
}

static int load_check(struct loader *l, xmlNodePtr n, int depth, struct check **out,
    char **cause);

/* The verdict of a leaf check that makes its rule pass: under <none>, fail. */
static enum verdict
passing(const struct loader *l)
{
	return l->negated ? VERDICT_FAIL : VERDICT_PASS;
}

/* missing= of an artifact check (default error): what the verdict is when the artifact was
 * not captured. It may never be the verdict that passes (pass, or fail under <none>). */
static int
load_missing(struct loader *l, xmlNodePtr n, struct check *c, char **cause)
{
	char *s = NULL;

	if (attr(l, n, "missing", 0, &s, cause) == -1)
		return -1;
	c->missing = verdict_from(s, VERDICT_ERROR);
	free(s);
	if (c->missing == passing(l)) {
		lerr(l, n, cause, l->negated ? "missing=\"fail\" under <none>: an artifact that "
		    "was not captured cannot pass" : "missing=\"pass\": an artifact that was not "
		    "captured cannot pass", c->artifact);
		return -1;
	}
	return 0;
}

static int
load_lines(struct loader *l, xmlNodePtr n, struct check *c, char **cause)
{
	char *s = NULL;
	xmlNodePtr g;
	size_t i;
	int rc = -1;

	if (attr(l, n, "artifact", 0, &c->artifact, cause) == -1 ||
	    attr(l, n, "pattern", 1, &c->pattern, cause) == -1)
		goto out;
	if (compile(l, n, c->pattern, &c->re, cause) == -1)
		goto out;
	c->prefixlen = check_literal_prefix(c->pattern);
	if (attr(l, n, "expect", 0, &s, cause) == -1)
		goto out;
	c->expect = s == NULL || strcmp(s, "present") == 0 ? EXPECT_PRESENT :
	    strcmp(s, "absent") == 0 ? EXPECT_ABSENT : strcmp(s, "count") == 0 ?
	    EXPECT_COUNT : EXPECT_ALL;
	free(s);
	s = NULL;
	if (attr(l, n, "min", 0, &s, cause) == -1)
		goto out;
	if (s != NULL && parse_long(s, &c->min) == -1) {
		lerr(l, n, cause, "min is not a number", s);
		goto out;
	}
	free(s);
	s = NULL;
	if (attr(l, n, "max", 0, &s, cause) == -1)
		goto out;
	if (s != NULL && parse_long(s, &c->max) == -1) {
		lerr(l, n, cause, "max is not a number", s);
		goto out;
	}
	if (c->expect == EXPECT_COUNT && c->min < 0 && c->max < 0) {
		lerr(l, n, cause, "expect=\"count\" needs min or max", NULL);
		goto out;
	}
	if (load_missing(l, n, c, cause) == -1)
		goto out;
	for (g = xmldoc_first(n); g != NULL; g = xmldoc_next(g))
		c->ngroups++;
	if (c->ngroups > 0 && (c->groups = calloc(c->ngroups, sizeof *c->groups)) == NULL) {
		err_set(cause, "%s: out of memory", l->name);
		goto out;
	}
	for (i = 0, g = xmldoc_first(n); g != NULL; g = xmldoc_next(g), i++) {
		long gn;

		free(s);
		s = xmldoc_attr(g, "n");
		if (parse_long(s, &gn) == -1 || gn < 1 || gn > 99) {
			lerr(l, g, cause, "bad group number", s);
			goto out;
		}
		c->groups[i].n = (unsigned)gn;
		if (load_cmp(l, g, &c->groups[i].cmp, cause) == -1)
			goto out;
	}
	for (i = 0; i < c->ngroups; i++) {
		uint32_t cap = 0;

		pcre2_pattern_info(c->re, PCRE2_INFO_CAPTURECOUNT, &cap);
		if (c->groups[i].n > cap) {
			err_set(cause, "%s:%ld: group %u but /%s/ captures %u", l->name,
			    xmlGetLineNo(n), c->groups[i].n, c->pattern, cap);
			goto out;
		}
	}
	rc = 0;
out:
	free(s);
	return rc;
}

static int
load_block(struct loader *l, xmlNodePtr n, struct check *c, char **cause)
{
	char *s = NULL;
	int rc = -1;

	if (attr(l, n, "artifact", 0, &c->artifact, cause) == -1 ||
	    attr(l, n, "parent", 1, &c->pattern, cause) == -1 ||
	    attr(l, n, "child", 1, &c->child, cause) == -1)
		goto out;
	if (compile(l, n, c->pattern, &c->re, cause) == -1 ||
	    compile(l, n, c->child, &c->child_re, cause) == -1)
		goto out;
	c->prefixlen = check_literal_prefix(c->pattern);
	c->child_prefixlen = check_literal_prefix(c->child);
	if (attr(l, n, "expect", 0, &s, cause) == -1)
		goto out;
	c->expect = s != NULL && strcmp(s, "absent") == 0 ? EXPECT_ABSENT : EXPECT_PRESENT;
	free(s);
	s = NULL;
	if (attr(l, n, "syntax", 0, &s, cause) == -1)
		goto out;
	if (s != NULL && cfgtree_syntax_parse(s, &c->syntax) == -1) {
		lerr(l, n, cause, "unknown syntax", s);
		goto out;
	}
	free(s);
	s = NULL;
	if (attr(l, n, "deep", 0, &s, cause) == -1)
		goto out;
	c->deep = s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
	free(s);
	s = NULL;
	if (attr(l, n, "if-none", 0, &s, cause) == -1)
		goto out;
	c->if_none = verdict_from(s, VERDICT_PASS);
	if (load_missing(l, n, c, cause) == -1)
		goto out;
	rc = 0;
out:
	free(s);
	return rc;
}

static int
load_fact(struct loader *l, xmlNodePtr n, struct check *c, char **cause)
{
	char *s = NULL;

	if (attr(l, n, "key", 0, &c->key, cause) == -1 ||
	    load_cmp(l, n, &c->cmp, cause) == -1 ||
	    attr(l, n, "source", 0, &c->source, cause) == -1 ||
	    attr(l, n, "missing", 0, &s, cause) == -1)
		return -1;
	c->missing = verdict_from(s, VERDICT_ERROR);
	free(s);
	if (attr(l, n, "incomparable", 0, &s, cause) == -1)
		return -1;
	c->incomparable = verdict_from(s, VERDICT_ERROR);
	free(s);
	/* a fact that was never looked for must not pass: absence means something only
	 * when the artifact it comes from was captured */
	if (l->in_applies)
		return 0;
	if (c->source == NULL && (c->missing == passing(l) ||
	    c->cmp.op == (l->negated ? OP_EXISTS : OP_ABSENT)))
		return lerr(l, n, cause, "a missing fact passes here (op=\"absent\", "
		    "missing=\"pass\", or their opposites under <none>): name the artifact "
		    "that shows it was looked for (source=\"...\")", c->key);
	if (c->incomparable == passing(l))
		return lerr(l, n, cause, "a value that cannot be compared passes here "
		    "(incomparable)", c->key);
	return 0;
}

static int
load_packages(struct loader *l, xmlNodePtr n, struct check *c, char **cause)
{
	xmlNodePtr k;
	char *s = NULL;
	size_t i;

	if (attr(l, n, "scheme", 0, &s, cause) == -1)
		return -1;
	c->cmp.op = OP_GE;
	c->cmp.versioned = 1;
	if (s == NULL || strcmp(s, "auto") == 0)
		c->cmp.scheme_auto = 1;
	else if (version_scheme_parse(s, &c->cmp.scheme, NULL) == -1) {
		lerr(l, n, cause, "unknown version scheme", s);
		free(s);
		return -1;
	}
	free(s);
	if (attr(l, n, "missing", 0, &s, cause) == -1)
		return -1;
	c->missing = verdict_from(s, VERDICT_PASS);
	free(s);
	/* "not installed" is known only from a captured package list */
	if (attr(l, n, "source", 0, &c->source, cause) == -1)
		return -1;
	if (c->source == NULL && (c->source = strdup("packages")) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k))
		c->npkgs++;
	if ((c->pkgs = calloc(c->npkgs + 1, sizeof *c->pkgs)) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	for (i = 0, k = xmldoc_first(n); k != NULL; k = xmldoc_next(k), i++) {
		if (attr(l, k, "name", 0, &c->pkgs[i].name, cause) == -1 ||
		    attr(l, k, "min", 0, &c->pkgs[i].min, cause) == -1)
			return -1;
		if (!c->cmp.scheme_auto && version_check(c->cmp.scheme, 0,
		    c->pkgs[i].min, NULL) == -1)
			return lerr(l, k, cause, "not a version of that scheme", c->pkgs[i].min);
	}
	return 0;
}

#define CHECK_MAX_DEPTH	32

static int
load_check(struct loader *l, xmlNodePtr n, int depth, struct check **out, char **cause)
{
	struct check *c;
	xmlNodePtr k;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (depth > CHECK_MAX_DEPTH)
		return lerr(l, n, cause, "checks nested too deeply", NULL);
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	c->line = (size_t)xmlGetLineNo(n);
	c->min = c->max = -1;
	if (xmldoc_is(n, "all") || xmldoc_is(n, "any") || xmldoc_is(n, "none")) {
		c->kind = xmldoc_is(n, "all") ? CHECK_ALL : xmldoc_is(n, "any") ?
		    CHECK_ANY : CHECK_NONE;
		for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k))
			c->nkids++;
		if ((c->kids = calloc(c->nkids + 1, sizeof *c->kids)) == NULL) {
			err_set(cause, "%s: out of memory", l->name);
			goto out;
		}
		/* under <none> a child's fail is the rule's pass: what may not pass flips */
		if (c->kind == CHECK_NONE)
			l->negated = !l->negated;
		for (i = 0, k = xmldoc_first(n); k != NULL; k = xmldoc_next(k), i++)
			if (load_check(l, k, depth + 1, &c->kids[i], cause) == -1)
				break;
		if (c->kind == CHECK_NONE)
			l->negated = !l->negated;
		if (k != NULL)
			goto out;
	} else if (xmldoc_is(n, "lines")) {
		c->kind = CHECK_LINES;
		if (load_lines(l, n, c, cause) == -1)
			goto out;
	} else if (xmldoc_is(n, "block")) {
		c->kind = CHECK_BLOCK;
		if (load_block(l, n, c, cause) == -1)
			goto out;
	} else if (xmldoc_is(n, "fact")) {
		c->kind = CHECK_FACT;
		if (load_fact(l, n, c, cause) == -1)
			goto out;
	} else if (xmldoc_is(n, "packages")) {
		c->kind = CHECK_PACKAGES;
		if (load_packages(l, n, c, cause) == -1)
			goto out;
	} else {
		lerr(l, n, cause, "unknown check", (const char *)n->name);
		goto out;
	}
	*out = c;
	c = NULL;
	rc = 0;
out:
	check_free(&c);
	return rc;
}

static int
load_applies(struct loader *l, xmlNodePtr n, struct check_applies *a, char **cause)
{
	xmlNodePtr k;

	for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
		if (xmldoc_is(k, "platform"))
			a->nplatforms++;
		else
			a->nfacts++;
	}
	if ((a->platforms = calloc(a->nplatforms + 1, sizeof *a->platforms)) == NULL ||
	    (a->facts = calloc(a->nfacts + 1, sizeof *a->facts)) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	a->nplatforms = a->nfacts = 0;
	for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
		if (xmldoc_is(k, "platform")) {
			if ((a->platforms[a->nplatforms++] = xmldoc_text(k)) == NULL)
				return err_set(cause, "%s: out of memory", l->name);
		} else {
			l->in_applies = 1;
			if (load_check(l, k, 0, &a->facts[a->nfacts++], cause) == -1)
				return -1;
			l->in_applies = 0;
		}
	}
	return 0;
}

static void
applies_clear(struct check_applies *a)
{
	size_t i;

	for (i = 0; i < a->nplatforms; i++)
		free(a->platforms[i]);
	free(a->platforms);
	for (i = 0; i < a->nfacts; i++)
		check_free(&a->facts[i]);
	free(a->facts);
	memset(a, 0, sizeof *a);
}

static int
load_rule(struct loader *l, xmlNodePtr n, struct check_rule *r, char **cause)
{
	xmlNodePtr k;
	size_t nrefs = 0;

	r->line = (size_t)xmlGetLineNo(n);
	if ((r->id = xmldoc_attr(n, "id")) == NULL ||
	    (r->severity = xmldoc_attr(n, "severity")) == NULL ||
	    (r->category = xmldoc_attr(n, "category")) == NULL)
		return lerr(l, n, cause, "rule without id, severity or category", NULL);
	for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k))
		if (xmldoc_is(k, "reference"))
			nrefs++;
	if ((r->refs = calloc(nrefs + 1, sizeof *r->refs)) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
		char **txt = xmldoc_is(k, "title") ? &r->title :
		    xmldoc_is(k, "rationale") ? &r->rationale :
		    xmldoc_is(k, "remediation") ? &r->remediation : NULL;

		if (txt != NULL) {
			if ((*txt = xmldoc_text(k)) == NULL)
				return err_set(cause, "%s: out of memory", l->name);
		} else if (xmldoc_is(k, "reference")) {
			struct check_ref *ref = &r->refs[r->nrefs++];

			ref->scheme = xmldoc_attr(k, "scheme");
			ref->id = xmldoc_attr(k, "id");
			if (ref->scheme == NULL || ref->id == NULL)
				return err_set(cause, "%s: out of memory", l->name);
		} else if (xmldoc_is(k, "applies")) {
			if (load_applies(l, k, &r->applies, cause) == -1)
				return -1;
		} else if (xmldoc_is(k, "check")) {
			xmlNodePtr c = xmldoc_first(k);

			if (c == NULL)
				return lerr(l, k, cause, "empty check", NULL);
			if (load_check(l, c, 0, &r->check, cause) == -1)
				return -1;
		}
	}
	if (r->check == NULL)
		return lerr(l, n, cause, "rule without a check", r->id);
	return 0;
}

static int
param_value_ok(enum param_type t, const char *v)
{
	long n;
	pcre2_code *re;
	PCRE2_SIZE off;
	int ec;

	switch (t) {
	case PT_INT:
		return parse_long(v, &n) == 0;
	case PT_BOOL:
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ||
		    strcmp(v, "true") == 0 || strcmp(v, "false") == 0;
	case PT_VERSION:
		return *v != '\0' && strpbrk(v, " \t\r\n") == NULL;
	case PT_REGEX:
		if ((re = pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, 0, &ec, &off,
		    NULL)) == NULL)
			return 0;
		pcre2_code_free(re);
		return 1;
	case PT_STRING:
		break;
	}
	return 1;
}

static const char *const param_type_names[] = { "string", "int", "version", "regex", "bool" };

static int
load_params(struct loader *l, xmlNodePtr root, const struct policy_params *set,
    char **cause)
{
	struct policy *p = l->p;
	xmlNodePtr k;
	struct buf b;
	size_t i;

	for (k = xmldoc_first(root); k != NULL; k = xmldoc_next(k))
		if (xmldoc_is(k, "param"))
			p->nparams++;
	if ((p->params = calloc(p->nparams + 1, sizeof *p->params)) == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	p->nparams = 0;
	buf_init(&b, 1024 * 1024);
	for (k = xmldoc_first(root); k != NULL; k = xmldoc_next(k)) {
		struct param *pm;
		char *type;

		if (!xmldoc_is(k, "param"))
			continue;
		pm = &p->params[p->nparams++];
		pm->name = xmldoc_attr(k, "name");
		type = xmldoc_attr(k, "type");
		pm->type = PT_STRING;
		for (i = 0; type != NULL && i < 5; i++)
			if (strcmp(type, param_type_names[i]) == 0)
				pm->type = (enum param_type)i;
		free(type);
		pm->value = xmldoc_attr(k, "default");
		for (i = 0; set != NULL && i < set->n; i++) {
			if (pm->name == NULL || strcmp(set->keys[i], pm->name) != 0)
				continue;
			if (!param_value_ok(pm->type, set->values[i])) {
				buf_free(&b);
				return err_set(cause, "%s: --set %s: not a valid %s: '%s'",
				    l->name, pm->name, param_type_names[pm->type],
				    set->values[i]);
			}
			free(pm->value);
			pm->value = strdup(set->values[i]);
		}
		if (pm->name == NULL || pm->value == NULL) {
			buf_free(&b);
			return err_set(cause, "%s: out of memory", l->name);
		}
		if (!param_value_ok(pm->type, pm->value)) {
			buf_free(&b);
			return lerr(l, k, cause, "default is not a valid value of its type",
			    pm->value);
		}
		if (buf_printf(&b, "%s=%s\n", pm->name, pm->value) == -1) {
			buf_free(&b);
			return err_set(cause, "%s: out of memory", l->name);
		}
	}
	p->params_text = b.data != NULL ? buf_take(&b) : strdup("");
	buf_free(&b);
	if (p->params_text == NULL)
		return err_set(cause, "%s: out of memory", l->name);
	return 0;
}

int
policy_load_mem(const char *name, const char *data, size_t len,
    const struct policy_params *params, struct policy **out, char **cause)
{
	struct loader l = { .name = name };
	struct policy *p = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, k;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (len > POLICY_MAX_BYTES)
		return err_set(cause, "%s: larger than %u bytes", name, POLICY_MAX_BYTES);
	if (xmldoc_read(name, data, len, "policies/policy.xsd", &doc, cause) == -1)
		return -1;
	if ((p = calloc(1, sizeof *p)) == NULL) {
		err_set(cause, "%s: out of memory", name);
		goto out;
	}
	l.p = p;
	if (hash_sha256_hex(data, len, p->sha256) == -1) {
		err_set(cause, "%s: SHA-256 failed", name);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if ((p->source = strdup(name)) == NULL || (p->id = xmldoc_attr(root, "id")) == NULL ||
	    (p->version = xmldoc_attr(root, "version")) == NULL) {
		err_set(cause, "%s: out of memory", name);
		goto out;
	}
	if (load_params(&l, root, params, cause) == -1)
		goto out;
	for (k = xmldoc_first(root); k != NULL; k = xmldoc_next(k))
		if (xmldoc_is(k, "rule"))
			p->nrules++;
	if ((p->rules = calloc(p->nrules + 1, sizeof *p->rules)) == NULL) {
		err_set(cause, "%s: out of memory", name);
		goto out;
	}
	for (i = 0, k = xmldoc_first(root); k != NULL; k = xmldoc_next(k)) {
		if (xmldoc_is(k, "title")) {
			if ((p->title = xmldoc_text(k)) == NULL) {
				err_set(cause, "%s: out of memory", name);
				goto out;
			}
		} else if (xmldoc_is(k, "applies")) {
			p->has_applies = 1;
			if (load_applies(&l, k, &p->applies, cause) == -1)
				goto out;
		} else if (xmldoc_is(k, "rule")) {
			if (load_rule(&l, k, &p->rules[i++], cause) == -1)
				goto out;
		}
	}
	*out = p;
	p = NULL;
	rc = 0;
out:
	policy_free(&p);
	xmlFreeDoc(doc);
	return rc;
}

int
policy_load_file(const char *file, const struct policy_params *params,
    struct policy **out, char **cause)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (xmldoc_slurp(file, POLICY_MAX_BYTES, &data, &len, cause) == -1)
		return -1;
	rc = policy_load_mem(file, data, len, params, out, cause);
	free(data);
	return rc;
}

static void
rule_clear(struct check_rule *r)
{
	size_t i;

	free(r->id);
	free(r->title);
	free(r->severity);
	free(r->category);
	free(r->rationale);
	free(r->remediation);
	for (i = 0; i < r->nrefs; i++) {
		free(r->refs[i].scheme);
		free(r->refs[i].id);
	}
	free(r->refs);
	applies_clear(&r->applies);
	check_free(&r->check);
}

void
policy_free(struct policy **pp)
{
	struct policy *p = *pp;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrules; i++)
		rule_clear(&p->rules[i]);
	free(p->rules);
	for (i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	free(p->params_text);
	applies_clear(&p->applies);
	free(p->id);
	free(p->version);
	free(p->title);
	free(p->source);
	free(p);
	*pp = NULL;
}

const char *policy_id(const struct policy *p) { return p->id; }
const char *policy_version(const struct policy *p) { return p->version; }
const char *policy_title(const struct policy *p) { return p->title != NULL ? p->title : ""; }
const char *policy_source(const struct policy *p) { return p->source; }
const char *policy_sha256(const struct policy *p) { return p->sha256; }
size_t policy_rule_count(const struct policy *p) { return p->nrules; }
const char *policy_params_text(const struct policy *p) { return p->params_text; }

const struct check_rule *
policy_rule(const struct policy *p, size_t i)
{
	return i < p->nrules ? &p->rules[i] : NULL;
}

const struct check_applies *
policy_applies(const struct policy *p)
{
	return p->has_applies ? &p->applies : NULL;
}

int
policy_has_param(const struct policy *p, const char *key)
{
	return param_find(p, key, strlen(key)) != NULL;
}
