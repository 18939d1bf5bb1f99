/* policy: XML baseline policies (policies/policy.xsd, docs/policies.md), loaded safely:
 * no network, no DTD, no entities (a DOCTYPE is refused), validated against the
 * embedded schema, then compiled (PCRE2 patterns, site parameters). Every error is
 * one line "FILE:LINE: what". */
#ifndef NETLOOM_POLICY_H
#define NETLOOM_POLICY_H

#include <stddef.h>

#include "common/hash.h"

struct policy;
struct check_rule;

/* Policy files above this size are refused before parsing. */
#define POLICY_MAX_BYTES	(4u * 1024 * 1024)

/* Site parameters from --set key=value. Strings are borrowed. */
struct policy_params {
	const char *const	*keys;
	const char *const	*values;
	size_t			 n;
};

/* Loads, validates and compiles the policy in file (name is used in messages and as
 * the policy's source). params may be NULL; a parameter the policy declares gets its
 * value from params (type-checked) or its default. 0, or -1 with "FILE:LINE: what". */
int	policy_load_file(const char *file, const struct policy_params *params,
	    struct policy **out, char **cause);
/* The same from memory; name stands for the file in messages. */
int	policy_load_mem(const char *name, const char *data, size_t len,
	    const struct policy_params *params, struct policy **out, char **cause);
void	policy_free(struct policy **p);

/* The shipped baselines, compiled into the binary: their names ("linux-server.xml"
 * ...), NULL-terminated, and one's text (NULL when not built in). */
const char *const *policy_shipped(void);
const char	*policy_shipped_text(const char *name, size_t *len);

const char	*policy_id(const struct policy *p);
const char	*policy_version(const struct policy *p);
const char	*policy_title(const struct policy *p);
const char	*policy_source(const struct policy *p);
/* SHA-256 of the file's bytes, hex. */
const char	*policy_sha256(const struct policy *p);
size_t		 policy_rule_count(const struct policy *p);
const struct check_rule *policy_rule(const struct policy *p, size_t i);
/* The policy's own applicability (NULL: every device). */
const struct check_applies *policy_applies(const struct policy *p);
/* 1 when the policy declares a parameter called key. */
int		 policy_has_param(const struct policy *p, const char *key);
/* Effective parameters as "k=v" lines (for evidence and reports); borrowed, "" if none. */
const char	*policy_params_text(const struct policy *p);

#endif
