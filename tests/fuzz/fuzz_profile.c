/* libFuzzer harness for the profile loader (scanner/profile.c): the input up to its first
 * NUL is a profile document (XML, checked against the embedded profile.xsd, patterns
 * compiled), the rest is device text run through every pattern of a profile that loads
 * (prompt, privileged, password, pager, trailer, error, probes: PCRE2 under its match
 * limit). Seeds: the built-in profiles. make build/fuzz/fuzz_profile */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanner/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t xl = nul != NULL ? (size_t)(nul - data) : size, tl, i, off, ml;
	const struct profile_command *pc;
	struct profile *p = NULL;
	char *xml, *text, *cause = NULL;

	tl = nul != NULL ? size - xl - 1 : 0;
	if ((xml = malloc(xl ? xl : 1)) == NULL || (text = malloc(tl ? tl : 1)) == NULL) {
		free(xml);
		return 0;
	}
	memcpy(xml, data, xl);
	if (tl > 0)
		memcpy(text, nul + 1, tl);
	if (profile_from_memory(xml, xl, "fuzz.xml", &p, &cause) == -1) {
		if (p != NULL || cause == NULL)
			abort();	/* a refusal always says why and keeps nothing */
		free(cause);
		goto out;
	}
	if (p == NULL || profile_name(p) == NULL)
		abort();
	(void)profile_is_prompt(p, text, tl);
	(void)profile_is_privileged(p, text, tl);
	(void)profile_is_password_prompt(p, text, tl);
	(void)profile_is_trailer(p, text, tl);
	(void)profile_is_error(p, text, tl);
	if (profile_find_pager(p, text, tl, &off, &ml) && (off > tl || ml > tl - off))
		abort();
	for (i = 0; i < profile_nprobes(p); i++)
		(void)profile_probe_match(p, i, text, tl);
	for (i = 0; i < profile_ncommands(p); i++) {
		pc = profile_command_at(p, i);
		if (pc->artifact == NULL || pc->command == NULL)
			abort();
	}
out:
	profile_free(&p);
	free(xml);
	free(text);
	return 0;
}
