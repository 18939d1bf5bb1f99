/* libFuzzer harness for audit/cfgtree: the first byte picks the syntax, the rest is
 * the configuration. Every successful parse is walked, searched, converted to set
 * form, and the set form must parse again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/cfgtree.h"
#include "common/buf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pcre2_code *re_any, *re_block;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfgtree_limits lim = { 0, 10000, 4096, 32 };
	/* a set line joins up to 32 statements: more words and bytes than one input line */
	struct cfgtree_limits setlim = { 0, 0, 1u << 20, 1u << 16 };
	const struct cfgtree_node **res = NULL, **kids = NULL, *n;
	struct cfgtree *t, *t2;
	struct buf set, path;
	size_t nres = 0, nkids = 0, i, count = 0;
	char *cause = NULL;

	if (re_any == NULL) {
		re_any = cfgtree_compile("s", NULL);
		re_block = cfgtree_compile("^(interface|line|system|set)", NULL);
		if (re_any == NULL || re_block == NULL)
			abort();
	}
	if (size < 1)
		return 0;
	t = cfgtree_parse((const char *)data + 1, size - 1,
	    (enum cfgtree_syntax)(data[0] % 4), &lim, &cause);
	free(cause);
	cause = NULL;
	if (t == NULL)
		return 0;
	buf_init(&path, 0);
	for (n = cfgtree_first(t); n != NULL; n = cfgtree_next(n)) {
		if (cfgtree_node_text(n) == NULL || cfgtree_node_line(n) == 0)
			abort();
		buf_reset(&path);
		(void)cfgtree_node_path(n, &path);
		count++;
	}
	if (count != cfgtree_count(t))
		abort();
	if (cfgtree_find(t, NULL, re_block, CFGTREE_DEEP | CFGTREE_OUTERMOST, &res,
	    &nres, &cause) == 0) {
		for (i = 0; i < nres; i++) {
			if (cfgtree_find(t, res[i], re_any, CFGTREE_DEEP, &kids, &nkids,
			    &cause) == 0)
				free(kids);
		}
		free(res);
	}
	buf_init(&set, 0);
	if (cfgtree_syntax(t) != CFGTREE_INDENT &&
	    cfgtree_set_lines(t, &set, &cause) == 0 && set.len > 0) {
		t2 = cfgtree_parse(set.data, set.len, CFGTREE_JUNOS_SET, &setlim,
		    &cause);
		/* the set form of any parsed tree must parse again */
		if (t2 == NULL)
			abort();
		cfgtree_free(&t2);
	}
	buf_free(&set);
	buf_free(&path);
	free(cause);
	cfgtree_free(&t);
	return 0;
}
