/* libFuzzer harness for scanner/redact: the first byte picks the platform and whether the
 * mask is keyed; the rest is device output. Checks, besides the sanitizers: the line count
 * is kept, and redacting the redacted text changes nothing (idempotence).
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE -I. \
 *   tests/fuzz/fuzz_redact.c scanner/redact.c common/buf.c common/err.c -lcrypto */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanner/redact.h"

static size_t
count_nl(const char *s, size_t len)
{
	size_t n = 0;
	const char *p = s, *end = s + len;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "fuzz-store-key-0123456789";
	struct redactor *r = NULL;
	struct redact_result *a = NULL, *b = NULL;
	const char *in = (const char *)data + 1, *ta, *tb;
	size_t len, la, lb, i;
	enum redact_platform p;
	char fb[256];
	char *cause = NULL;

	if (size < 1)
		return 0;
	len = size - 1;
	p = (enum redact_platform)(data[0] % 6);
	if (redactor_new((data[0] & 0x80) ? key : NULL, (data[0] & 0x80) ? sizeof(key) - 1 : 0,
	    &r, &cause) == -1)
		abort();
	if (redact_text(r, p, in, len, &a, &cause) == -1)
		abort();	/* under the input cap, redaction never fails */
	ta = redact_result_text(a, &la);
	if (count_nl(ta, la) != count_nl(in, len))
		abort();
	for (i = 0; i < redact_result_nfindings(a); i++)
		redact_finding_format(redact_result_finding(a, i), fb, sizeof(fb));
	for (i = 0; i < len && i < 4096; i = i * 2 + 1)
		(void)redact_is_volatile(p, in, i);
	if (redact_text(r, p, ta, la, &b, &cause) == -1)
		abort();
	tb = redact_result_text(b, &lb);
	if (la != lb || memcmp(ta, tb, la) != 0)
		abort();	/* not idempotent */
	redact_result_free(&a);
	redact_result_free(&b);
	redactor_free(&r);
	free(cause);
	return 0;
}
