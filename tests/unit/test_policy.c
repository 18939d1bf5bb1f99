/* Unit tests for audit/policy: the language's loader, schema errors with FILE:LINE,
 * parameters, the shipped set, and hostile XML (XXE, billion laughs, DTD fetch). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/policy.h"
#include "common/xmldoc.h"
#include "audit/waiver.h"
#include "common/embed.h"

#define RULE(id, check) \
	"<rule id=\"" id "\" severity=\"low\" category=\"test\"><title>t</title>" \
	"<rationale>r</rationale><remediation>m</remediation><check>" check \
	"</check></rule>\n"

static const char *
top_dir(void)
{
	const char *t = getenv("NETLOOM_TOP");

	return t != NULL ? t : ".";
}

static int
load(const char *body, const struct policy_params *pp, struct policy **p, char **cause)
{
	char *xml = NULL;
	int rc;

	assert_true(asprintf(&xml, "<?xml version=\"1.0\"?>\n<policy id=\"t\" version=\"1\">\n"
	    "<title>T</title>\n%s</policy>\n", body) > 0);
	rc = policy_load_mem("t.xml", xml, strlen(xml), pp, p, cause);
	free(xml);
	return rc;
}

static void
expect_error(const char *body, const char *want)
{
	struct policy *p = NULL;
	char *cause = NULL;

	if (load(body, NULL, &p, &cause) == 0)
		fail_msg("loaded, expected error '%s'", want);
	assert_null(p);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause '%s' lacks '%s'", cause, want);
	free(cause);
}

static void
test_minimal(void **state)
{
	struct policy *p = NULL;
	char *cause = NULL;

	(void)state;
	if (load(RULE("r1", "<fact key=\"a\" op=\"equals\" value=\"b\"/>"), NULL, &p,
	    &cause) == -1)
		fail_msg("%s", cause);
	assert_string_equal(policy_id(p), "t");
	assert_string_equal(policy_version(p), "1");
	assert_string_equal(policy_title(p), "T");
	assert_int_equal(policy_rule_count(p), 1);
	assert_int_equal(strlen(policy_sha256(p)), 64);
	assert_null(policy_applies(p));
	policy_free(&p);
	assert_null(p);
}

static void
test_errors_have_lines(void **state)
{
	(void)state;
	/* schema: unknown element on line 4 (header is lines 1-3) */
	expect_error("<bogus/>\n", "t.xml:4:");
	/* schema: bad severity */
	expect_error("<rule id=\"x\" severity=\"huge\" category=\"c\"><title>t</title>"
	    "<rationale>r</rationale><remediation>m</remediation><check><fact key=\"a\" "
	    "op=\"exists\"/></check></rule>", "t.xml:4:");
	/* not well-formed */
	expect_error("\n\n<rule id=\"x\"\n", "t.xml:");
	/* bad regex, its line */
	expect_error("\n" RULE("r", "<lines artifact=\"a\" pattern=\"(unclosed\"/>"),
	    "t.xml:5: bad pattern /(unclosed/");
	/* group beyond the pattern's captures */
	expect_error(RULE("r", "<lines artifact=\"a\" pattern=\"^x (y)\"><group n=\"2\" "
	    "op=\"equals\" value=\"y\"/></lines>"), "group 2 but");
	/* numeric comparison needs a number unless a scheme is given */
	expect_error(RULE("r", "<fact key=\"a\" op=\"ge\" value=\"1.2.3\"/>"),
	    "numeric comparison");
	expect_error(RULE("r", "<fact key=\"a\" op=\"ge\" scheme=\"bogus\" value=\"1\"/>"),
	    "unknown version scheme");
	expect_error(RULE("r", "<fact key=\"a\" op=\"ge\" scheme=\"dpkg\" value=\"a:1\"/>"),
	    "not a version");
	expect_error(RULE("r", "<fact key=\"a\" op=\"equals\"/>"), "op needs a value");
	/* duplicate rule ids */
	expect_error(RULE("r", "<fact key=\"a\" op=\"exists\"/>")
	    RULE("r", "<fact key=\"a\" op=\"exists\"/>"), "t.xml:");
	/* undeclared parameter */
	expect_error(RULE("r", "<fact key=\"a\" op=\"equals\" value=\"${nope}\"/>"),
	    "undeclared parameter");
	expect_error(RULE("r", "<lines artifact=\"a\" pattern=\"x\" expect=\"count\"/>"),
	    "needs min or max");
	/* a rule without a check is a schema error */
	expect_error("<rule id=\"x\" severity=\"low\" category=\"c\"><title>t</title>"
	    "<rationale>r</rationale><remediation>m</remediation></rule>", "t.xml:4:");
}

static void
test_params(void **state)
{
	const char *keys[] = { "n" }, *vals[] = { "5" }, *bad[] = { "five" };
	struct policy_params pp = { keys, vals, 1 }, pb = { keys, bad, 1 };
	struct policy *p = NULL;
	char *cause = NULL;
	const char *body = "<param name=\"n\" type=\"int\" default=\"3\">d</param>\n"
	    "<param name=\"s\" default=\"a.b\">d</param>\n"
	    RULE("r", "<lines artifact=\"a\" pattern=\"^${s}$\" min=\"${n}\"/>");

	(void)state;
	if (load(body, NULL, &p, &cause) == -1)
		fail_msg("%s", cause);
	assert_string_equal(policy_params_text(p), "n=3\ns=a.b\n");
	assert_true(policy_has_param(p, "n"));
	assert_false(policy_has_param(p, "m"));
	policy_free(&p);
	if (load(body, &pp, &p, &cause) == -1)
		fail_msg("%s", cause);
	assert_string_equal(policy_params_text(p), "n=5\ns=a.b\n");
	policy_free(&p);
	assert_int_equal(load(body, &pb, &p, &cause), -1);
	assert_non_null(strstr(cause, "--set n: not a valid int: 'five'"));
	free(cause);
	cause = NULL;
	/* a bad default is the policy's error */
	expect_error("<param name=\"n\" type=\"int\" default=\"x\">d</param>\n"
	    RULE("r", "<fact key=\"a\" op=\"exists\"/>"), "default is not a valid value");
	expect_error("<param name=\"n\" type=\"regex\" default=\"(\">d</param>\n"
	    RULE("r", "<fact key=\"a\" op=\"exists\"/>"), "default is not a valid value");
}

/* The shipped set: every policies/NAME.xml is listed, embedded byte for byte, and loads. */
static void
test_shipped(void **state)
{
	const char *const *names = policy_shipped();
	char dirpath[1024], path[1400], *data = NULL, *cause = NULL;
	struct dirent *de;
	struct policy *p = NULL;
	const char *text;
	size_t len, dlen, i, nfiles = 0, found;
	DIR *d;

	(void)state;
	snprintf(dirpath, sizeof dirpath, "%s/policies", top_dir());
	assert_non_null(d = opendir(dirpath));
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		nfiles++;
		for (found = 0, i = 0; names[i] != NULL; i++)
			found |= strcmp(names[i], de->d_name) == 0;
		if (!found)
			fail_msg("policies/%s is not in the shipped list (audit/policy.c)",
			    de->d_name);
		snprintf(path, sizeof path, "%s/%s", dirpath, de->d_name);
		assert_int_equal(xmldoc_slurp(path, 1 << 22, &data, &dlen, &cause), 0);
		text = policy_shipped_text(de->d_name, &len);
		assert_non_null(text);
		assert_int_equal(len, dlen);
		assert_memory_equal(text, data, len);
		free(data);
		if (policy_load_file(path, NULL, &p, &cause) == -1)
			fail_msg("%s", cause);
		assert_true(policy_rule_count(p) >= 2);
		policy_free(&p);
	}
	closedir(d);
	assert_true(nfiles >= 2);
	for (i = 0; names[i] != NULL; i++)
		if (policy_shipped_text(names[i], &len) == NULL)
			print_message("# shipped policy %s not built in yet\n", names[i]);
	assert_non_null(embed_find("policies/policy.xsd", &len));
	assert_non_null(embed_find("policies/waivers.xsd", &len));
}

/* A marker file an external entity would pull in; it must never show up. */
static char marker_path[64];
#define MARKER "NETLOOM-XXE-MARKER-7f3a9"

static void
write_marker(void)
{
	FILE *f;

	snprintf(marker_path, sizeof marker_path, "/tmp/netloom-xxe.%d", (int)getpid());
	assert_non_null(f = fopen(marker_path, "w"));
	fputs(MARKER "\n", f);
	fclose(f);
}

static void
hostile(const char *xml, const char *want)
{
	struct policy *p = NULL;
	struct waivers *w = NULL;
	char *cause = NULL;

	assert_int_equal(policy_load_mem("h.xml", xml, strlen(xml), NULL, &p, &cause), -1);
	assert_null(p);
	assert_non_null(cause);
	assert_null(strstr(cause, MARKER));
	if (want != NULL && strstr(cause, want) == NULL)
		fail_msg("cause '%s' lacks '%s'", cause, want);
	free(cause);
	cause = NULL;
	assert_int_equal(waivers_load_mem("h.xml", xml, strlen(xml), &w, &cause), -1);
	assert_null(w);
	assert_null(strstr(cause, MARKER));
	free(cause);
}

static void
test_xxe(void **state)
{
	char xml[2048];
	clock_t t0;
	int i;

	(void)state;
	write_marker();
	/* external entity used in a rule's title and in an attribute value */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE policy [\n"
	    "<!ENTITY xxe SYSTEM \"file://%s\">]>\n<policy id=\"t\" version=\"1\">"
	    "<title>&xxe;</title>" RULE("r", "<fact key=\"a\" op=\"equals\" value=\"&xxe;\"/>")
	    "</policy>\n", marker_path);
	hostile(xml, "h.xml:2: DOCTYPE and entity declarations are not allowed");
	/* external DTD fetched from the network and from a file */
	hostile("<?xml version=\"1.0\"?>\n<!DOCTYPE policy SYSTEM "
	    "\"http://127.0.0.1:9/evil.dtd\">\n<policy id=\"t\" version=\"1\"/>", "DOCTYPE");
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE policy SYSTEM "
	    "\"%s\">\n<policy id=\"t\" version=\"1\"/>", marker_path);
	hostile(xml, "DOCTYPE");
	/* parameter entities */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY %% e SYSTEM "
	    "\"%s\"> %%e;]><policy/>", marker_path);
	hostile(xml, "DOCTYPE");
	/* an entity reference with no declaration is not well-formed, not expanded */
	hostile("<?xml version=\"1.0\"?>\n<policy id=\"t\" version=\"1\"><title>&xxe;</title>"
	    "</policy>", "h.xml:2:");
	/* billion laughs: refused at once, nothing expanded */
	{
		char bl[4096];
		size_t o = 0;

		o += (size_t)snprintf(bl + o, sizeof bl - o, "<?xml version=\"1.0\"?>\n"
		    "<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
		for (i = 1; i <= 9; i++) {
			char prev[8];
			int k;

			snprintf(prev, sizeof prev, i == 1 ? "lol" : "lol%d", i - 1);
			o += (size_t)snprintf(bl + o, sizeof bl - o, "<!ENTITY lol%d \"", i);
			for (k = 0; k < 10; k++)
				o += (size_t)snprintf(bl + o, sizeof bl - o, "&%s;", prev);
			o += (size_t)snprintf(bl + o, sizeof bl - o, "\">\n");
		}
		snprintf(bl + o, sizeof bl - o, "]>\n<policy id=\"t\" version=\"1\"><title>"
		    "&lol9;</title></policy>\n");
		t0 = clock();
		hostile(bl, "h.xml:2:");
		assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	}
	/* the libxml2 layer refuses external loads even past the pre-scan: a schema
	 * location hint pointing at the marker is never followed */
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<policy xmlns:xsi=\"http://www.w3.org/"
	    "2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"%s\" id=\"t\" "
	    "version=\"1\"><title>T</title>" RULE("r", "<fact key=\"a\" op=\"exists\"/>")
	    "</policy>", marker_path);
	{
		struct policy *p = NULL;
		char *cause = NULL;

		/* the instance's schema hint is ignored: it validates against the built-in one */
		if (policy_load_mem("h.xml", xml, strlen(xml), NULL, &p, &cause) == -1)
			assert_null(strstr(cause, MARKER));
		free(cause);
		policy_free(&p);
	}
	/* NUL bytes and oversize input */
	{
		struct policy *p = NULL;
		char *cause = NULL;

		assert_int_equal(policy_load_mem("n.xml", "<policy>\n\0</policy>", 19, NULL, &p,
		    &cause), -1);
		assert_non_null(strstr(cause, "n.xml:2: NUL byte"));
		free(cause);
	}
	unlink(marker_path);
}

static void
test_oversize(void **state)
{
	struct policy *p = NULL;
	char *cause = NULL, *big;
	size_t n = POLICY_MAX_BYTES + 1;

	(void)state;
	assert_non_null(big = malloc(n));
	memset(big, ' ', n);
	assert_int_equal(policy_load_mem("big.xml", big, n, NULL, &p, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	free(big);
	cause = NULL;
	assert_int_equal(policy_load_file("/nonexistent/p.xml", NULL, &p, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/p.xml: "));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_oversize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
