/* libFuzzer harness for the output parsers (scanner/parse_*.c): byte 0 picks the parser
 * (every registered one is reachable), the rest is device output in an exact-size buffer so
 * that ASan catches a read one byte past its end. Checks, besides the sanitizers: a parser
 * never fails (no allocation fails here), every fact value is printable ASCII within
 * PARSE_VALUE_MAX, every key within its bound, and a second run gives the same facts.
 * make build/fuzz/fuzz_parse (see tests/fuzz/README.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
nparsers(void)
{
	size_t n = 0;

	while (parse_name_at(n) != NULL)
		n++;
	return n;
}

static void
check(const struct snapshot *s)
{
	const char *k, *v;
	size_t i, j;

	for (i = 0; i < snapshot_fact_count(s); i++) {
		snapshot_fact_at(s, i, &k, &v);
		if (strlen(v) > PARSE_VALUE_MAX || strlen(k) > PARSE_KEY_MAX + 16 || v[0] == '\0')
			abort();
		for (j = 0; v[j] != '\0'; j++)
			if ((unsigned char)v[j] < 0x20 || (unsigned char)v[j] > 0x7e)
				abort();
		for (j = 0; k[j] != '\0'; j++)
			if ((unsigned char)k[j] <= 0x20 || (unsigned char)k[j] > 0x7e)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot *a = NULL, *b = NULL;
	const char *ka, *va, *kb, *vb;
	parse_fn fn;
	char *text;
	size_t len, i;

	if (size < 1)
		return 0;
	fn = parse_find(parse_name_at(data[0] % nparsers()));
	len = size - 1;
	if ((text = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(text, data + 1, len);
	a = snapshot_new("ssh", "127.0.0.1");
	b = snapshot_new("ssh", "127.0.0.1");
	if (a == NULL || b == NULL || fn(a, text, len) != 0 || fn(b, text, len) != 0)
		abort();
	check(a);
	if (snapshot_fact_count(a) != snapshot_fact_count(b))
		abort();
	for (i = 0; i < snapshot_fact_count(a); i++) {
		snapshot_fact_at(a, i, &ka, &va);
		snapshot_fact_at(b, i, &kb, &vb);
		if (strcmp(ka, kb) != 0 || strcmp(va, vb) != 0)
			abort();
	}
	snapshot_free(&a);
	snapshot_free(&b);
	free(text);
	return 0;
}
