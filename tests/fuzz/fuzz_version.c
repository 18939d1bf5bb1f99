/* libFuzzer harness for audit/version: the first byte picks the scheme and the flags,
 * the rest is split at the first NUL into the two versions. Checks antisymmetry. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/version.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum version_scheme s;
	char *buf, *a, *b, *nul, *cause = NULL;
	int flags, r1 = 0, r2 = 0, rc1, rc2;

	if (size < 1)
		return 0;
	s = (enum version_scheme)(data[0] % VERSION_SCHEME_COUNT);
	flags = (data[0] / VERSION_SCHEME_COUNT) & 1 ? VERSION_LENIENT : 0;
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	a = buf;
	nul = memchr(buf, '\0', size - 1);
	b = nul != NULL ? nul + 1 : buf + size - 1;
	rc1 = version_compare(s, flags, a, b, &r1, &cause);
	rc2 = version_compare(s, flags, b, a, &r2, &cause);
	if (rc1 != rc2 || (rc1 == 0 && r1 != -r2))
		abort();
	if (rc1 == 0 && version_compare(s, flags, a, a, &r1, &cause) == 0 && r1 != 0)
		abort();
	(void)version_check(s, flags, a, &cause);
	(void)version_scheme_guess(a);
	free(cause);
	free(buf);
	return 0;
}
