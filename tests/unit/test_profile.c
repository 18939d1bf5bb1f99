/* test_profile: the built-in profiles load and recognise their platforms; broken profiles
 * are refused with file:line; a directory overrides a built-in profile by name. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner/profile.h"

static char dir[] = "/tmp/netloom-prof-XXXXXX";

static void
put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
rm(const char *name)
{
	char p[256];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	unlink(p);
}

static void
test_builtin(void **state)
{
	struct profile_set *ps = NULL;
	const struct profile *p;
	char *cause = NULL;
	static const char *names[] = { "arista-eos", "cisco-ios", "cisco-nxos", "junos", "linux" };
	size_t i;

	(void)state;
	assert_int_equal(profile_set_load(&ps, NULL, &cause), 0);
	assert_int_equal(profile_count(ps), 5);
	for (i = 0; i < 5; i++) {
		p = profile_by_name(ps, names[i]);
		assert_non_null(p);
		assert_ptr_equal(profile_for_snmp(ps, names[i]), p);
		assert_true(profile_ncommands(p) >= 2);
	}
	p = profile_by_name(ps, "cisco-ios");
	assert_int_equal(profile_mode(p), PROFILE_SHELL);
	assert_false(profile_batch(p));
	assert_true(profile_is_prompt(p, "CSR1>", 5));
	assert_true(profile_is_prompt(p, "CSR1#", 5));
	assert_false(profile_is_prompt(p, "interface Gi0/1", 15));
	assert_true(profile_is_privileged(p, "CSR1#", 5));
	assert_false(profile_is_privileged(p, "CSR1>", 5));
	assert_true(profile_is_error(p, "x\n% Invalid input detected at '^' marker.\n", 42));
	assert_ptr_equal(profile_for_banner(ps, "SSH-2.0-Cisco-1.25"), p);
	assert_null(profile_for_banner(ps, "SSH-2.0-OpenSSH_9.2"));
	p = profile_by_name(ps, "linux");
	assert_int_equal(profile_mode(p), PROFILE_EXEC);
	assert_true(profile_batch(p));
	assert_true(profile_probe_match(p, 0, "Linux\n", 6));
	assert_false(profile_probe_match(p, 0, "% Invalid input\n", 16));
	p = profile_by_name(ps, "junos");
	assert_true(profile_is_prompt(p, "lab@TEST01_EX> ", 15));
	assert_true(profile_is_trailer(p, "{master:0}", 10));
	profile_set_free(&ps);
	assert_null(ps);
}

static void
test_override_and_errors(void **state)
{
	struct profile_set *ps = NULL;
	char *cause = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put("linux.xml", "<?xml version=\"1.0\"?><profile name=\"linux\" redact=\"linux\"><recognise>"
	    "<snmp platform=\"linux\"/></recognise><session mode=\"exec\"/>"
	    "<command artifact=\"only\" parser=\"uname\">uname -r</command></profile>\n");
	put("new.xml", "<?xml version=\"1.0\"?><profile name=\"acme-os\" redact=\"any\"><recognise>"
	    "<snmp platform=\"acme\"/></recognise><session mode=\"shell\" prompt=\"^x[#&gt;]$\"/>"
	    "<command artifact=\"conf\">show conf</command></profile>\n");
	assert_int_equal(profile_set_load(&ps, dir, &cause), 0);
	assert_int_equal(profile_count(ps), 6);
	assert_int_equal(profile_ncommands(profile_by_name(ps, "linux")), 1);
	assert_non_null(profile_for_snmp(ps, "acme"));
	profile_set_free(&ps);

	put("bad.xml", "<?xml version=\"1.0\"?><profile name=\"b\" redact=\"any\"><recognise/>"
	    "<session mode=\"exec\"/>\n<command artifact=\"a\" parser=\"nope\">x</command></profile>\n");
	assert_int_equal(profile_set_load(&ps, dir, &cause), -1);
	assert_non_null(strstr(cause, "bad.xml:2: unknown parser 'nope'"));
	free(cause);
	cause = NULL;
	put("bad.xml", "<?xml version=\"1.0\"?><profile name=\"b\" redact=\"any\"><recognise>\n"
	    "<probe command=\"x\" pattern=\"(unclosed\"/></recognise><session mode=\"exec\"/>"
	    "<command artifact=\"a\">x</command></profile>\n");
	assert_int_equal(profile_set_load(&ps, dir, &cause), -1);
	assert_non_null(strstr(cause, "bad.xml:2: pattern"));
	free(cause);
	cause = NULL;
	put("bad.xml", "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY e \"x\">]><profile/>\n");
	assert_int_equal(profile_set_load(&ps, dir, &cause), -1);
	assert_non_null(strstr(cause, "DOCTYPE"));
	free(cause);
	cause = NULL;
	put("bad.xml", "<?xml version=\"1.0\"?><profile name=\"b\" redact=\"any\"><recognise/>"
	    "<session mode=\"shell\"/><command artifact=\"a\">x</command></profile>\n");
	assert_int_equal(profile_set_load(&ps, dir, &cause), -1);
	assert_non_null(strstr(cause, "needs a prompt"));
	free(cause);
	rm("bad.xml");
	rm("new.xml");
	rm("linux.xml");
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_override_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
