/* Unit tests for audit/engine, audit/check and audit/waiver: every check kind, group
 * captures, composition, applicability, parameters, versions, zero-rule loudness,
 * waivers with expiry, and the evidence each verdict carries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/check.h"
#include "audit/engine.h"
#include "audit/policy.h"
#include "audit/waiver.h"
#include "common/hash.h"
#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"

#define RULE(id, check) \
	"<rule id=\"" id "\" severity=\"high\" category=\"test\"><title>title " id "</title>" \
	"<rationale>r</rationale><remediation>m</remediation><check>" check \
	"</check></rule>\n"

/* 2026-06-15T12:00:00Z */
#define NOW	((time_t)1781524800)

static const char config[] =
	"hostname r1\n"				/* 1 */
	"enable secret 5 $1$<redacted>\n"	/* 2 */
	"username a privilege 15 secret 9 $9$<redacted>\n"	/* 3 */
	"username b password 7 <redacted>\n"	/* 4 */
	"ntp server 10.0.0.1\n"			/* 5 */
	"ntp server 10.0.0.2\n"			/* 6 */
	"interface Gi0/1\n"			/* 7 */
	" shutdown\n"				/* 8 */
	"interface Gi0/2\n"			/* 9 */
	" description uplink\n"			/* 10 */
	"line vty 0 4\n"			/* 11 */
	" transport input ssh\n"		/* 12 */
	"line vty 5 15\n"			/* 13 */
	" transport input telnet ssh\n";	/* 14 */

static const char junos[] =
	"system {\n"
	"    services {\n"
	"        ssh {\n"
	"            root-login deny;\n"
	"        }\n"
	"        telnet;\n"
	"    }\n"
	"}\n";

static struct snapshot *
mksnap(void)
{
	struct snapshot *s = snapshot_new("ssh", "192.0.2.1");

	assert_non_null(s);
	assert_int_equal(snapshot_add_artifact(s, "running-config", config, strlen(config)), 0);
	assert_int_equal(snapshot_add_artifact(s, "junos-config", junos, strlen(junos)), 0);
	/* the package list the pkg.* facts below come from, and a capture that came back
	 * blank */
	assert_int_equal(snapshot_add_artifact(s, "packages", "openssl\t3.0.11-1~deb12u2\n"
	    "libc6\t2.36-9+deb12u1\n", 46), 0);
	assert_int_equal(snapshot_add_artifact(s, "blank", " \n\r\n", 4), 0);
	assert_int_equal(snapshot_set_fact(s, "device.platform", "cisco-ios"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.version", "15.2(4)M7"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.ciphers", "aes128-ctr,aes256-gcm@openssh.com"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.permit_root_login", "no"), 0);
	assert_int_equal(snapshot_set_fact(s, "updates.security_pending", "3"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.id", "debian"), 0);
	assert_int_equal(snapshot_set_fact(s, "pkg.openssl", "3.0.11-1~deb12u2"), 0);
	assert_int_equal(snapshot_set_fact(s, "pkg.libc6", "2.36-9+deb12u1"), 0);
	assert_int_equal(snapshot_set_fact(s, "junos.version", "21.4R3-S5"), 0);
	assert_int_equal(snapshot_set_fact(s, "app.version", "1.2.0-rc.1"), 0);
	return s;
}

struct fx {
	struct snapshot		*snap;
	struct engine_device	 dev;
	const char		*assets[2];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->snap = mksnap();
	f->assets[0] = "AT-0042";
	f->dev.id = 7;
	f->dev.name = "r1";
	f->dev.address = "192.0.2.1";
	f->dev.snap = f->snap;
	f->dev.assets = f->assets;
	f->dev.nassets = 1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	snapshot_free(&f->snap);
	free(f);
	return 0;
}

static struct policy *
pol(const char *body, const struct policy_params *pp)
{
	struct policy *p = NULL;
	char *xml = NULL, *cause = NULL;

	assert_true(asprintf(&xml, "<policy id=\"t\" version=\"1\"><title>T</title>\n%s"
	    "</policy>\n", body) > 0);
	if (policy_load_mem("t.xml", xml, strlen(xml), pp, &p, &cause) == -1)
		fail_msg("policy: %s", cause);
	free(xml);
	return p;
}

static struct engine_run *
run(struct fx *f, struct policy *p, const struct waivers *w)
{
	struct engine_run *r = NULL;
	char *cause = NULL;

	if (engine_eval(p, w, &f->dev, NOW, &r, &cause) == -1)
		fail_msg("engine: %s", cause);
	return r;
}

/* Evaluates a one-rule policy whose check is xml; returns the verdict and, when ev is
 * not NULL, checks that the evidence holds every '|'-separated piece of ev. */
static enum verdict
one(struct fx *f, const char *check, const char *ev)
{
	char body[8192];
	struct policy *p;
	struct engine_run *r;
	const struct engine_result *res;
	enum verdict v;
	char want[1024], *piece, *save = NULL;

	snprintf(body, sizeof body, RULE("r", "%s"), check);
	p = pol(body, NULL);
	r = run(f, p, NULL);
	assert_true(engine_run_count(r) >= 1);
	res = engine_run_result(r, 0);
	assert_string_equal(res->rule_id, "r");
	v = res->verdict;
	if (ev != NULL) {
		snprintf(want, sizeof want, "%s", ev);
		for (piece = strtok_r(want, "|", &save); piece != NULL;
		    piece = strtok_r(NULL, "|", &save))
			if (strstr(res->evidence, piece) == NULL)
				fail_msg("evidence lacks '%s':\n%s", piece, res->evidence);
	}
	engine_run_free(&r);
	policy_free(&p);
	return v;
}

#define PASS	VERDICT_PASS
#define FAIL	VERDICT_FAIL
#define ERR	VERDICT_ERROR
#define NA	VERDICT_NOTAPPLICABLE

static void
test_lines(void **state)
{
	struct fx *f = *state;
	char sha[HASH_HEX_LEN + 1], ev[200];

	assert_int_equal(hash_sha256_hex(config, strlen(config), sha), 0);
	snprintf(ev, sizeof ev, "artifact running-config sha256 %s|line 5: ntp server 10.0.0.1",
	    sha);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp server \"/>",
	    ev), PASS);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^logging host\"/>",
	    "missing: no line matches /^logging host/"), FAIL);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp server \" "
	    "min=\"3\"/>", "count: 2 matching lines"), FAIL);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ip http server\" "
	    "expect=\"absent\"/>", "absent: no line matches"), PASS);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^username \\S+ "
	    "password\" expect=\"absent\"/>", "unexpected: 1 line matches|line 4: username b "
	    "password 7 <redacted>"), FAIL);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp \" "
	    "expect=\"count\" min=\"2\" max=\"2\"/>", "count: 2 lines match"), PASS);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp \" "
	    "expect=\"count\" max=\"1\"/>", "expected at most 1"), FAIL);
	/* missing artifact: error by default, or what the check says */
	assert_int_equal(one(f, "<lines artifact=\"nope\" pattern=\"x\"/>",
	    "artifact nope was not captured"), ERR);
	assert_int_equal(one(f, "<lines artifact=\"nope\" pattern=\"x\" missing=\"notapplicable\"/>",
	    NULL), NA);
}

/* The literal-prefix prefilter: only text every match must start with, else 0. */
static void
test_literal_prefix(void **state)
{
	struct fx *f = *state;

	assert_int_equal(check_literal_prefix("^ip ssh version 2\\s*$"), 16);
	assert_int_equal(check_literal_prefix("^ntp server "), 11);
	assert_int_equal(check_literal_prefix("ntp server"), 0);
	assert_int_equal(check_literal_prefix("^ab?c"), 1);
	assert_int_equal(check_literal_prefix("^ab*"), 1);
	assert_int_equal(check_literal_prefix("^ab{2}"), 1);
	assert_int_equal(check_literal_prefix("^ab+"), 1);
	assert_int_equal(check_literal_prefix("^ab.c"), 2);
	assert_int_equal(check_literal_prefix("^ab(c|d)"), 2);
	assert_int_equal(check_literal_prefix("^ab[|]c"), 2);
	assert_int_equal(check_literal_prefix("^ab[]|]c"), 2);
	assert_int_equal(check_literal_prefix("^ab[^]|]c"), 2);
	assert_int_equal(check_literal_prefix("^ab\\|c"), 2);
	assert_int_equal(check_literal_prefix("^ab|c"), 0);
	assert_int_equal(check_literal_prefix("^(ab)|c"), 0);
	assert_int_equal(check_literal_prefix("^ab[x]|c"), 0);
	assert_int_equal(check_literal_prefix("^ab\\Q(\\E|c"), 0);
	assert_int_equal(check_literal_prefix("^ab(?#(|c"), 0);
	assert_int_equal(check_literal_prefix("^ab[[:alpha:](]|c"), 0);
	assert_int_equal(check_literal_prefix("^\\s+x"), 0);
	assert_int_equal(check_literal_prefix("^"), 0);
	/* the verdicts the prefilter must not change: an unanchored second branch */
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^logging|ntp "
	    "server 10.0.0.2\" expect=\"count\" min=\"1\" max=\"1\"/>", "line 6: ntp server"),
	    PASS);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^nt?p server\" "
	    "expect=\"count\" min=\"2\" max=\"2\"/>", NULL), PASS);
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp server "
	    "10.0.0.1$\"/>", "line 5:"), PASS);
}

static void
test_groups(void **state)
{
	struct fx *f = *state;

	/* captured groups compared: type 5 enable secret is not 8/9 */
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^enable secret "
	    "(\\d+) \"><group n=\"1\" op=\"in\" value=\"8 9\"/></lines>",
	    "missing: no line matches /^enable secret (\\d+) / with its group conditions|"
	    "line 2: enable secret 5 $1$<redacted>  [group 1 '5' fails in '8 9']"), FAIL);
	/* expect=all: every username line must use secret 8/9 */
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^username \\S+ "
	    "(?:.* )?(password|secret) (\\d+) \" expect=\"all\"><group n=\"1\" op=\"equals\" "
	    "value=\"secret\"/><group n=\"2\" op=\"in\" value=\"8 9\"/></lines>",
	    "1 of 2 lines matching|line 4: username b password 7"), FAIL);
	/* numeric compare of a group */
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^line vty (\\d+) "
	    "(\\d+)\" expect=\"all\"><group n=\"2\" op=\"le\" value=\"15\"/></lines>",
	    "all 2 lines"), PASS);
	/* a regex on a group must not clobber the other groups' offsets */
	assert_int_equal(one(f, "<lines artifact=\"running-config\" pattern=\"^ntp (server) "
	    "(\\S+)$\" min=\"2\"><group n=\"1\" op=\"matches\" value=\"^serv\"/>"
	    "<group n=\"2\" op=\"matches\" value=\"^10\\.0\\.0\\.[12]$\"/></lines>", NULL), PASS);
}

static void
test_blocks(void **state)
{
	struct fx *f = *state;

	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^line vty\" "
	    "child=\"^transport input ssh$\"/>", "line 11: line vty 0 4 -> line 12: transport "
	    "input ssh|line 13: line vty 5 15 -> no child matches|1 of 2 blocks"), FAIL);
	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^line vty\" "
	    "child=\"telnet\" expect=\"absent\"/>", "line 14: transport input telnet ssh  "
	    "[must not be there]"), FAIL);
	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^line vty\" "
	    "child=\"^transport input\"/>", "2 of 2 blocks"), PASS);
	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^interface\" "
	    "child=\"^shutdown$\" expect=\"absent\"/>", "line 7: interface Gi0/1 -> line 8"),
	    FAIL);
	/* no parent: if-none decides */
	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^router bgp\" "
	    "child=\"x\"/>", "no block matches /^router bgp/"), PASS);
	assert_int_equal(one(f, "<block artifact=\"running-config\" parent=\"^router bgp\" "
	    "child=\"x\" if-none=\"fail\"/>", NULL), FAIL);
	/* Junos braces: paths */
	assert_int_equal(one(f, "<block artifact=\"junos-config\" parent=\"^system services ssh$\" "
	    "child=\"^root-login deny$\"/>", "1 of 1 blocks"), PASS);
	assert_int_equal(one(f, "<block artifact=\"junos-config\" parent=\"^system services$\" "
	    "child=\"^telnet$\" expect=\"absent\"/>", "line 6"), FAIL);
}

static void
test_facts(void **state)
{
	struct fx *f = *state;

	assert_int_equal(one(f, "<fact key=\"ssh.permit_root_login\" op=\"equals\" value=\"no\"/>",
	    "fact ssh.permit_root_login = 'no'; expected equals 'no'"), PASS);
	assert_int_equal(one(f, "<fact key=\"ssh.permit_root_login\" op=\"differs\" value=\"no\"/>",
	    NULL), FAIL);
	assert_int_equal(one(f, "<fact key=\"os.version\" op=\"matches\" value=\"^15\\.\"/>",
	    NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"os.version\" op=\"not-matches\" value=\"^15\\.\"/>",
	    NULL), FAIL);
	assert_int_equal(one(f, "<fact key=\"os.id\" op=\"in\" value=\"debian ubuntu\"/>", NULL),
	    PASS);
	assert_int_equal(one(f, "<fact key=\"os.id\" op=\"not-in\" value=\"debian ubuntu\"/>",
	    NULL), FAIL);
	assert_int_equal(one(f, "<fact key=\"ssh.ciphers\" op=\"contains\" value=\"aes128-ctr\"/>",
	    NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"ssh.ciphers\" op=\"contains\" value=\"aes128-ctr "
	    "chacha20-poly1305@openssh.com\"/>", "lacks 'chacha20-poly1305@openssh.com'"), FAIL);
	assert_int_equal(one(f, "<fact key=\"ssh.ciphers\" op=\"not-contains\" value=\"3des-cbc "
	    "aes128-ctr\"/>", "has 'aes128-ctr'"), FAIL);
	assert_int_equal(one(f, "<fact key=\"ssh.ciphers\" op=\"subset-of\" value=\"aes128-ctr "
	    "aes256-gcm@openssh.com chacha20-poly1305@openssh.com\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"ssh.ciphers\" op=\"subset-of\" value=\"aes128-ctr\"/>",
	    "'aes256-gcm@openssh.com' is not allowed"), FAIL);
	assert_int_equal(one(f, "<fact key=\"updates.security_pending\" op=\"le\" value=\"0\"/>",
	    "expected le '0'"), FAIL);
	assert_int_equal(one(f, "<fact key=\"updates.security_pending\" op=\"lt\" value=\"4\"/>",
	    NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"updates.security_pending\" op=\"eq\" value=\"3\"/>",
	    NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"updates.security_pending\" op=\"ne\" value=\"3\"/>",
	    NULL), FAIL);
	assert_int_equal(one(f, "<fact key=\"updates.security_pending\" op=\"gt\" value=\"2\"/>",
	    NULL), PASS);
	/* a non-number where a number is needed cannot be judged */
	assert_int_equal(one(f, "<fact key=\"os.id\" op=\"ge\" value=\"2\"/>", "not a number"),
	    ERR);
	assert_int_equal(one(f, "<fact key=\"os.id\" op=\"exists\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"pkg.telnetd\" op=\"absent\" source=\"packages\"/>",
	    "fact pkg.telnetd is not collected; expected absent"), PASS);
	assert_int_equal(one(f, "<fact key=\"pkg.openssl\" op=\"absent\" source=\"packages\"/>",
	    "fact pkg.openssl is present; expected absent"), FAIL);
	/* absence proves nothing when the list it would be missing from was not captured */
	assert_int_equal(one(f, "<fact key=\"pkg.telnetd\" op=\"absent\" source=\"services\"/>",
	    "artifact services was not captured: cannot tell what it lacks|fact pkg.telnetd "
	    "was not collected"), ERR);
	assert_int_equal(one(f, "<fact key=\"pkg.telnetd\" op=\"absent\" source=\"blank\"/>",
	    "artifact blank was captured empty"), ERR);
	/* a fact that is there needs no source to judge it */
	assert_int_equal(one(f, "<fact key=\"pkg.openssl\" op=\"absent\" source=\"services\"/>",
	    "fact pkg.openssl is present"), FAIL);
	/* missing facts: error by default, else as the check says */
	assert_int_equal(one(f, "<fact key=\"nope\" op=\"equals\" value=\"x\"/>",
	    "fact nope was not collected"), ERR);
	assert_int_equal(one(f, "<fact key=\"nope\" op=\"equals\" value=\"x\" missing=\"pass\" "
	    "source=\"packages\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"nope\" op=\"equals\" value=\"x\" missing=\"pass\" "
	    "source=\"services\"/>", "artifact services was not captured"), ERR);
	assert_int_equal(one(f, "<fact key=\"nope\" op=\"equals\" value=\"x\" missing=\"fail\"/>",
	    NULL), FAIL);
}

static void
test_versions(void **state)
{
	struct fx *f = *state;

	/* IOS trains: 15.2(4)M7 < 15.2(4)M11, numerically */
	assert_int_equal(one(f, "<fact key=\"os.version\" op=\"ge\" scheme=\"cisco-ios\" "
	    "value=\"15.2(4)M11\"/>", "(version)"), FAIL);
	assert_int_equal(one(f, "<fact key=\"os.version\" op=\"ge\" scheme=\"cisco-ios\" "
	    "value=\"15.2(4)M6\"/>", NULL), PASS);
	/* auto: device.platform cisco-ios -> cisco-ios ordering (os.id says debian, so
	 * the guess takes os.id first: dpkg orders "15.2(4)M7" too, differently) */
	assert_int_equal(one(f, "<fact key=\"junos.version\" op=\"ge\" scheme=\"junos\" "
	    "value=\"21.4R3-S4\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"junos.version\" op=\"lt\" scheme=\"junos\" "
	    "value=\"21.4R3-S10\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"app.version\" op=\"lt\" scheme=\"semver\" "
	    "value=\"1.2.0\"/>", NULL), PASS);
	assert_int_equal(one(f, "<fact key=\"pkg.openssl\" op=\"ge\" scheme=\"dpkg\" "
	    "value=\"3.0.11-1~deb12u1\"/>", NULL), PASS);
	/* dpkg tilde: ~deb12u2 sorts before the release without it */
	assert_int_equal(one(f, "<fact key=\"pkg.openssl\" op=\"ge\" scheme=\"dpkg\" "
	    "value=\"3.0.11-1\"/>", NULL), FAIL);
	/* different IOS trains are not comparable: an error unless the check says */
	assert_int_equal(one(f, "<fact key=\"os.version\" op=\"ge\" scheme=\"cisco-ios\" "
	    "value=\"15.2(7)E2\"/>", "not comparable"), ERR);
	assert_int_equal(one(f, "<any><fact key=\"os.version\" op=\"ge\" scheme=\"cisco-ios\" "
	    "value=\"15.2(7)E2\" incomparable=\"notapplicable\"/><fact key=\"os.version\" "
	    "op=\"ge\" scheme=\"cisco-ios\" value=\"15.2(4)M11\" incomparable=\"notapplicable\"/>"
	    "</any>", NULL), FAIL);
	/* a version that is not one cannot be judged */
	assert_int_equal(one(f, "<fact key=\"ssh.permit_root_login\" op=\"ge\" scheme=\"dpkg\" "
	    "value=\"1.0\"/>", "dpkg versions"), ERR);
	/* packages table: auto scheme from os.id (debian -> dpkg) */
	assert_int_equal(one(f, "<packages><package name=\"openssl\" min=\"3.0.11-1~deb12u2\"/>"
	    "<package name=\"libc6\" min=\"2.36-9+deb12u3\"/><package name=\"sudo\" min=\"1\"/>"
	    "</packages>", "package openssl: installed '3.0.11-1~deb12u2' >= required|"
	    "package libc6: installed '2.36-9+deb12u1' < required 2.36-9+deb12u3 (dpkg)|"
	    "package sudo: not installed (pass)"), FAIL);
	assert_int_equal(one(f, "<packages scheme=\"dpkg\"><package name=\"openssl\" "
	    "min=\"3.0.11-1~deb12u2\"/></packages>", NULL), PASS);
	assert_int_equal(one(f, "<packages missing=\"fail\"><package name=\"sudo\" min=\"1\"/>"
	    "</packages>", NULL), FAIL);
	/* "not installed" only from a captured package list (source, "packages" by default) */
	assert_int_equal(one(f, "<packages source=\"services\"><package name=\"sudo\" "
	    "min=\"1\"/></packages>", "artifact services was not captured|package sudo: "
	    "unknown (no package list)"), ERR);
	assert_int_equal(one(f, "<packages source=\"blank\"><package name=\"sudo\" "
	    "min=\"1\"/><package name=\"openssl\" min=\"1\"/></packages>",
	    "captured empty"), ERR);
	/* an installed package too old fails whatever else is unknown */
	assert_int_equal(one(f, "<packages source=\"services\"><package name=\"sudo\" "
	    "min=\"1\"/><package name=\"libc6\" min=\"2.36-9+deb12u3\"/></packages>",
	    "package libc6: installed"), FAIL);
}

/* A policy the loader must refuse, with the reason at its line. */
static void
load_fails(const char *check, const char *want)
{
	char body[4096], *xml = NULL, *cause = NULL;
	struct policy *p = NULL;

	snprintf(body, sizeof body, RULE("r", "%s"), check);
	assert_true(asprintf(&xml, "<policy id=\"t\" version=\"1\"><title>T</title>\n%s"
	    "</policy>\n", body) > 0);
	assert_int_equal(policy_load_mem("t.xml", xml, strlen(xml), NULL, &p, &cause), -1);
	assert_null(p);
	if (cause == NULL || strstr(cause, want) == NULL)
		fail_msg("cause '%s' lacks '%s'", cause != NULL ? cause : "(null)", want);
	free(cause);
	free(xml);
}

/* Missing input never passes: not a captured artifact, not a fact nobody looked for, not
 * a blank capture. */
static void
test_missing_input_never_passes(void **state)
{
	struct fx *f = *state;

	load_fails("<fact key=\"pkg.telnetd\" op=\"absent\"/>", "t.xml:2: a missing fact "
	    "passes here");
	load_fails("<all><fact key=\"a\" op=\"exists\"/><fact key=\"b\" op=\"equals\" "
	    "value=\"x\" missing=\"pass\"/></all>", "name the artifact");
	load_fails("<lines artifact=\"x\" pattern=\"y\" missing=\"pass\"/>",
	    "an artifact that was not captured cannot pass");
	load_fails("<block artifact=\"x\" parent=\"y\" child=\"z\" missing=\"pass\"/>",
	    "an artifact that was not captured cannot pass");
	/* under <none> a child's fail is a pass: the same holes, mirrored */
	load_fails("<none><fact key=\"pkg.telnetd\" op=\"exists\"/></none>",
	    "a missing fact passes here");
	load_fails("<none><lines artifact=\"x\" pattern=\"y\" missing=\"fail\"/></none>",
	    "missing=\"fail\" under <none>");
	load_fails("<all><none><block artifact=\"x\" parent=\"y\" child=\"z\" missing=\"fail\"/>"
	    "</none></all>", "under <none>");
	load_fails("<none><fact key=\"a\" op=\"ge\" value=\"1\" incomparable=\"fail\" "
	    "/></none>", "cannot be compared");
	load_fails("<fact key=\"a\" op=\"ge\" value=\"1\" incomparable=\"pass\"/>",
	    "cannot be compared");
	load_fails("<none><none><fact key=\"pkg.telnetd\" op=\"absent\"/></none></none>",
	    "a missing fact passes here");
	assert_int_equal(one(f, "<none><fact key=\"pkg.telnetd\" op=\"exists\" "
	    "source=\"packages\"/></none>", NULL), PASS);
	assert_int_equal(one(f, "<none><fact key=\"pkg.telnetd\" op=\"exists\" "
	    "source=\"services\"/></none>", "artifact services was not captured"), ERR);
	assert_int_equal(one(f, "<none><lines artifact=\"nope\" pattern=\"^x\" "
	    "missing=\"pass\"/></none>", NULL), FAIL);
	/* a blank capture is no capture: what the check says about a missing one */
	assert_int_equal(one(f, "<lines artifact=\"blank\" pattern=\"^telnet\" "
	    "expect=\"absent\"/>", "artifact blank was captured empty: nothing to check"), ERR);
	assert_int_equal(one(f, "<block artifact=\"blank\" parent=\"^line\" child=\"^x\" "
	    "expect=\"absent\"/>", "captured empty"), ERR);
	assert_int_equal(one(f, "<lines artifact=\"blank\" pattern=\"^x\" expect=\"absent\" "
	    "missing=\"notapplicable\"/>", "captured empty"), NA);
}

/* The verdict of rule of shipped policy file (with pp's parameters) on snapshot s (freed)
 * of a device on platform; the evidence must hold ev when not NULL. */
static enum verdict
shipped_verdict(const char *file, const struct policy_params *pp, const char *name,
    const char *platform, struct snapshot *s, const char *rule, const char *ev)
{
	struct policy *p = NULL;
	struct engine_device dev = { .name = name, .platform = platform, .snap = s };
	struct engine_run *r = NULL;
	const struct engine_result *res;
	const char *text;
	char *cause = NULL;
	enum verdict v = VERDICT_COUNT;
	size_t len, i;

	assert_non_null(text = policy_shipped_text(file, &len));
	if (policy_load_mem(file, text, len, pp, &p, &cause) == -1)
		fail_msg("%s: %s", file, cause);
	assert_int_equal(engine_eval(p, NULL, &dev, NOW, &r, &cause), 0);
	for (i = 0; i < engine_run_count(r); i++) {
		res = engine_run_result(r, i);
		if (strcmp(res->rule_id, rule) != 0)
			continue;
		v = res->verdict;
		if (ev != NULL && strstr(res->evidence, ev) == NULL)
			fail_msg("%s: evidence lacks '%s':\n%s", rule, ev, res->evidence);
	}
	engine_run_free(&r);
	snapshot_free(&s);
	policy_free(&p);
	if (v == VERDICT_COUNT)
		fail_msg("%s has no rule %s", file, rule);
	return v;
}

/* nxos-ssh-key-size on the key lines NX-OS writes ("ssh key rsa N", "ssh key dsa"). */
static enum verdict
nxos_key_verdict(const char *cfg)
{
	struct snapshot *s;

	assert_non_null(s = snapshot_new("file", NULL));
	assert_int_equal(snapshot_add_artifact(s, "running-config", cfg, strlen(cfg)), 0);
	return shipped_verdict("cisco-nxos.xml", NULL, "n", "cisco-nxos", s, "nxos-ssh-key-size",
	    NULL);
}

static void
test_nxos_key_size(void **state)
{
	(void)state;
	assert_int_equal(nxos_key_verdict("hostname n\nssh key rsa 2048\n"), PASS);
	assert_int_equal(nxos_key_verdict("hostname n\nssh key rsa 4096 force\n"), PASS);
	assert_int_equal(nxos_key_verdict("hostname n\nssh key rsa 1024\n"), FAIL);
	assert_int_equal(nxos_key_verdict("hostname n\nssh key rsa 4096\nssh key dsa\n"), FAIL);
	/* the size NX-OS chose by default is not in the configuration: not assumed good */
	assert_int_equal(nxos_key_verdict("hostname n\nfeature ssh\n"), FAIL);
}

/* The shipped <platform>-ssh-hostkey-strength rule of policy file on the host key facts
 * (type NULL: no SSH capture, bits NULL: no size), with ssh.min_key_bits set to
 * min_bits when not NULL; the evidence must hold ev when not NULL. */
static enum verdict
hostkey_verdict(const char *file, const char *platform, const char *rule, const char *type,
    const char *bits, const char *min_bits, const char *ev)
{
	const char *keys[] = { "ssh.min_key_bits" }, *vals[] = { min_bits };
	struct policy_params pp = { keys, vals, 1 };
	struct snapshot *s;

	assert_non_null(s = snapshot_new(type != NULL ? "ssh" : "file", NULL));
	assert_int_equal(snapshot_add_artifact(s, "running-config", "hostname k\n", 11), 0);
	if (type != NULL)
		assert_int_equal(snapshot_set_fact(s, "ssh.hostkey_type", type), 0);
	if (bits != NULL)
		assert_int_equal(snapshot_set_fact(s, "ssh.hostkey_bits", bits), 0);
	return shipped_verdict(file, min_bits != NULL ? &pp : NULL, "k", platform, s, rule, ev);
}

/* Every shipped network/server baseline judges the host key the device presented:
 * DSA fails, RSA under ssh.min_key_bits fails, no SSH capture is not applicable. */
static void
test_hostkey_strength(void **state)
{
	static const struct {
		const char *file, *platform, *rule;
	} pols[] = {
		{ "cisco-ios.xml", "cisco-ios", "ios-ssh-hostkey-strength" },
		{ "cisco-nxos.xml", "cisco-nxos", "nxos-ssh-hostkey-strength" },
		{ "arista-eos.xml", "arista-eos", "eos-ssh-hostkey-strength" },
		{ "junos.xml", "junos", "junos-ssh-hostkey-strength" },
		{ "linux-server.xml", "linux", "ssh-hostkey-strength" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pols / sizeof pols[0]; i++) {
		const char *f = pols[i].file, *pl = pols[i].platform, *ru = pols[i].rule;

		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-rsa", "1024", NULL,
		    "fact ssh.hostkey_bits = '1024'; expected ge '2048'"), FAIL);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-rsa", "3072", NULL, NULL), PASS);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-dss", "1024", NULL,
		    "fact ssh.hostkey_type = 'ssh-dss'"), FAIL);
		/* a DSA key is refused whatever its size */
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-dss", "3072", NULL, NULL), FAIL);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-ed25519", "256", NULL, NULL),
		    PASS);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ecdsa-sha2-nistp256", "256", NULL,
		    NULL), PASS);
		/* offline file or SNMP-only capture: no host key facts */
		assert_int_equal(hostkey_verdict(f, pl, ru, NULL, NULL, NULL,
		    "not applicable: fact ssh.hostkey_type is not collected"), NA);
		/* an RSA key whose size could not be read is not assumed good */
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-rsa", NULL, NULL,
		    "fact ssh.hostkey_bits was not collected"), ERR);
		/* tailored: --set ssh.min_key_bits=4096 */
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-rsa", "3072", "4096",
		    "expected ge '4096'"), FAIL);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-rsa", "4096", "4096", NULL),
		    PASS);
		assert_int_equal(hostkey_verdict(f, pl, ru, "ssh-ed25519", "256", "4096", NULL),
		    PASS);
	}
}

/* The shipped firewall-active rule: the same firewall unit enabled (services) and active
 * now (units-active, parsed by the real parser); active state not captured: error. */
static enum verdict
firewall_verdict(const char *services, const char *active, const char *ev)
{
	struct snapshot *s;

	assert_non_null(s = snapshot_new("ssh", "192.0.2.9"));
	if (services != NULL) {
		assert_int_equal(snapshot_add_artifact(s, "services", services, strlen(services)),
		    0);
		assert_int_equal(parse_find("services")(s, services, strlen(services)), 0);
	}
	if (active != NULL) {
		assert_int_equal(snapshot_add_artifact(s, "units-active", active, strlen(active)),
		    0);
		assert_int_equal(parse_find("units-active")(s, active, strlen(active)), 0);
	}
	return shipped_verdict("linux-server.xml", NULL, "h", "linux", s, "firewall-active", ev);
}

static void
test_firewall_active(void **state)
{
	const char *en = "ssh.service enabled enabled\nnftables.service enabled enabled\n";
	const char *none = "ssh.service enabled enabled\n";
	const char *up = "nftables.service loaded active exited nftables\n"
	    "ssh.service loaded active running OpenBSD Secure Shell server\n";
	const char *down = "ssh.service loaded active running OpenBSD Secure Shell server\n";
	const char *ufw_up = "ufw.service loaded active exited Uncomplicated firewall\n";

	(void)state;
	assert_int_equal(firewall_verdict(en, up, "fact active.nftables is present"), PASS);
	/* enabled, but stopped or failed now */
	assert_int_equal(firewall_verdict(en, down, "fact active.nftables is not collected"),
	    FAIL);
	/* active but not enabled (gone at the next boot), and another unit active */
	assert_int_equal(firewall_verdict(none, up, NULL), FAIL);
	assert_int_equal(firewall_verdict(en, ufw_up, NULL), FAIL);
	/* the active units were not listed (systemd not PID 1): never a pass */
	assert_int_equal(firewall_verdict(en, NULL,
	    "artifact units-active was not captured: cannot tell what it lacks"), ERR);
	assert_int_equal(firewall_verdict(en, " \n", "artifact units-active was captured empty"),
	    ERR);
	/* nothing enabled is a fail whatever the active state */
	assert_int_equal(firewall_verdict(none, NULL, NULL), FAIL);
	assert_int_equal(firewall_verdict(NULL, NULL, "artifact services was not captured"), ERR);
}

/* The shipped linux-server rules on a capture that lacks their inputs: every rule that
 * cannot see its input is an error (no-telnet-rsh-servers used to pass silently). */
static void
test_linux_server_missing_inputs(void **state)
{
	struct policy *p = NULL;
	struct snapshot *s;
	struct engine_device dev = { .name = "h", .platform = "linux" };
	struct engine_run *r = NULL;
	const struct engine_result *res;
	const char *text;
	char *cause = NULL;
	size_t len, i;

	(void)state;
	assert_non_null(text = policy_shipped_text("linux-server.xml", &len));
	if (policy_load_mem("linux-server.xml", text, len, NULL, &p, &cause) == -1)
		fail_msg("%s", cause);
	/* what an SNMP-only look at a Debian 12 host gives: identity, nothing else */
	assert_non_null(s = snapshot_new("snmp", "192.0.2.9"));
	assert_int_equal(snapshot_set_fact(s, "device.platform", "linux"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.id", "debian"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.version", "12"), 0);
	dev.snap = s;
	assert_int_equal(engine_eval(p, NULL, &dev, NOW, &r, &cause), 0);
	for (i = 0; i < engine_run_count(r); i++) {
		res = engine_run_result(r, i);
		/* other distributions' package tables excepted, by os.id, and the host key
		 * rule, which needs an SSH session */
		if (res->verdict != VERDICT_ERROR && !(res->verdict == VERDICT_NOTAPPLICABLE &&
		    (strncmp(res->evidence, "not applicable: fact os.id", 26) == 0 ||
		    strncmp(res->evidence, "not applicable: fact ssh.hostkey_type", 37) == 0)))
			fail_msg("%s: %s without its input:\n%s", res->rule_id,
			    verdict_name(res->verdict), res->evidence);
	}
	for (i = 0; i < engine_run_count(r); i++) {
		res = engine_run_result(r, i);
		if (strcmp(res->rule_id, "no-telnet-rsh-servers") == 0)
			assert_non_null(strstr(res->evidence, "artifact packages was not captured"));
		if (strcmp(res->rule_id, "packages-patched-debian-12") == 0)
			assert_non_null(strstr(res->evidence, "unknown (no package list)"));
	}
	engine_run_free(&r);
	/* with both lists captured and no legacy server in them: pass */
	assert_int_equal(snapshot_add_artifact(s, "packages", "openssh-server\t1:9.2p1-2\n", 25),
	    0);
	assert_int_equal(snapshot_add_artifact(s, "services", "ssh.service enabled enabled\n",
	    28), 0);
	assert_int_equal(engine_eval(p, NULL, &dev, NOW, &r, &cause), 0);
	for (i = 0; i < engine_run_count(r); i++) {
		res = engine_run_result(r, i);
		if (strcmp(res->rule_id, "no-telnet-rsh-servers") == 0)
			assert_int_equal(res->verdict, VERDICT_PASS);
	}
	engine_run_free(&r);
	/* and a telnet socket enabled: fail */
	assert_int_equal(snapshot_set_fact(s, "service.telnet.socket", "enabled"), 0);
	assert_int_equal(engine_eval(p, NULL, &dev, NOW, &r, &cause), 0);
	for (i = 0; i < engine_run_count(r); i++) {
		res = engine_run_result(r, i);
		if (strcmp(res->rule_id, "no-telnet-rsh-servers") == 0)
			assert_int_equal(res->verdict, VERDICT_FAIL);
	}
	engine_run_free(&r);
	snapshot_free(&s);
	policy_free(&p);
}

static void
test_composition(void **state)
{
	struct fx *f = *state;
	const char *T = "<fact key=\"os.id\" op=\"equals\" value=\"debian\"/>";
	const char *F = "<fact key=\"os.id\" op=\"equals\" value=\"rhel\"/>";
	const char *E = "<fact key=\"nope\" op=\"equals\" value=\"x\"/>";
	const char *N = "<fact key=\"nope\" op=\"equals\" value=\"x\" missing=\"notapplicable\"/>";
	char x[2048];

#define C3(op, a, b) (snprintf(x, sizeof x, "<" op ">%s%s</" op ">", a, b), x)
	assert_int_equal(one(f, C3("all", T, T), NULL), PASS);
	assert_int_equal(one(f, C3("all", T, F), "'rhel'"), FAIL);
	assert_int_equal(one(f, C3("all", T, E), NULL), ERR);
	assert_int_equal(one(f, C3("all", F, E), NULL), FAIL);
	assert_int_equal(one(f, C3("all", N, N), NULL), NA);
	assert_int_equal(one(f, C3("all", T, N), NULL), PASS);
	assert_int_equal(one(f, C3("any", F, T), "'debian'"), PASS);
	assert_int_equal(one(f, C3("any", F, F), NULL), FAIL);
	assert_int_equal(one(f, C3("any", F, E), NULL), ERR);
	assert_int_equal(one(f, C3("none", F, F), NULL), PASS);
	assert_int_equal(one(f, C3("none", F, T), "unexpected (must not hold)"), FAIL);
	assert_int_equal(one(f, C3("none", N, N), NULL), NA);
	/* nesting */
	{
		char y[4096];

		snprintf(y, sizeof y, "<all><any>%s%s</any><none>%s</none></all>", F, T, F);
		assert_int_equal(one(f, y, NULL), PASS);
	}
#undef C3
}

static void
test_applicability_and_zero_rules(void **state)
{
	struct fx *f = *state;
	struct policy *p;
	struct engine_run *r;
	const struct engine_result *res;

	/* rule-level: platform and fact conditions */
	p = pol(RULE("a", "<fact key=\"os.id\" op=\"exists\"/>")
	    "<rule id=\"b\" severity=\"low\" category=\"c\"><title>t</title><rationale>r"
	    "</rationale><remediation>m</remediation><applies><platform>junos</platform>"
	    "</applies><check><fact key=\"os.id\" op=\"exists\"/></check></rule>"
	    "<rule id=\"c\" severity=\"low\" category=\"c\"><title>t</title><rationale>r"
	    "</rationale><remediation>m</remediation><applies><platform>cisco-ios</platform>"
	    "<fact key=\"os.version\" op=\"matches\" value=\"^12\\.\"/></applies><check>"
	    "<fact key=\"os.id\" op=\"exists\"/></check></rule>", NULL);
	r = run(f, p, NULL);
	assert_true(engine_run_applies(r));
	assert_int_equal(engine_run_count(r), 3);
	assert_int_equal(engine_run_result(r, 0)->verdict, PASS);
	res = engine_run_result(r, 1);
	assert_int_equal(res->verdict, NA);
	assert_non_null(strstr(res->evidence, "not applicable: platform 'cisco-ios' is not junos"));
	res = engine_run_result(r, 2);
	assert_int_equal(res->verdict, NA);
	assert_non_null(strstr(res->evidence, "not applicable: fact os.version"));
	engine_run_free(&r);
	policy_free(&p);

	/* every rule not applicable: a loud error result, not silence */
	p = pol("<rule id=\"b\" severity=\"low\" category=\"c\"><title>t</title><rationale>r"
	    "</rationale><remediation>m</remediation><applies><platform>junos</platform>"
	    "</applies><check><fact key=\"os.id\" op=\"exists\"/></check></rule>", NULL);
	r = run(f, p, NULL);
	assert_true(engine_run_applies(r));
	assert_int_equal(engine_run_count(r), 2);
	res = engine_run_result(r, 1);
	assert_string_equal(res->rule_id, ENGINE_ZERO_RULES);
	assert_int_equal(res->verdict, ERR);
	assert_non_null(strstr(res->evidence, "evaluated 0 of 1 rules"));
	assert_int_equal(engine_run_tally(r, VERDICT_ERROR), 1);
	engine_run_free(&r);
	policy_free(&p);

	/* policy-level applicability: a policy for another platform does not apply */
	p = pol("<applies><platform>linux</platform></applies>"
	    RULE("a", "<fact key=\"os.id\" op=\"exists\"/>"), NULL);
	r = run(f, p, NULL);
	assert_false(engine_run_applies(r));
	assert_int_equal(engine_run_count(r), 0);
	engine_run_free(&r);
	policy_free(&p);
	/* the device row's platform stands in when no device.platform fact was collected */
	snapshot_free(&f->snap);
	f->snap = snapshot_new("snmp", NULL);
	assert_int_equal(snapshot_set_fact(f->snap, "os.id", "x"), 0);
	f->dev.snap = f->snap;
	f->dev.platform = "linux";
	p = pol("<applies><platform>linux</platform></applies>"
	    RULE("a", "<fact key=\"os.id\" op=\"exists\"/>"), NULL);
	r = run(f, p, NULL);
	assert_true(engine_run_applies(r));
	assert_int_equal(engine_run_result(r, 0)->verdict, PASS);
	engine_run_free(&r);
	policy_free(&p);
}

static void
test_parameters(void **state)
{
	struct fx *f = *state;
	const char *keys[] = { "max_pending", "srv" }, *vals[] = { "3", "10.0.0.9" };
	struct policy_params pp = { keys, vals, 2 };
	const char *body = "<param name=\"max_pending\" type=\"int\" default=\"0\">d</param>"
	    "<param name=\"srv\" default=\"10.0.0.1\">d</param>"
	    RULE("a", "<fact key=\"updates.security_pending\" op=\"le\" value=\"${max_pending}\"/>")
	    RULE("b", "<lines artifact=\"running-config\" pattern=\"^ntp server ${srv}$\"/>");
	struct policy *p;
	struct engine_run *r;

	p = pol(body, NULL);
	r = run(f, p, NULL);
	assert_int_equal(engine_run_result(r, 0)->verdict, FAIL);
	assert_int_equal(engine_run_result(r, 1)->verdict, PASS);
	engine_run_free(&r);
	policy_free(&p);
	p = pol(body, &pp);
	r = run(f, p, NULL);
	assert_int_equal(engine_run_result(r, 0)->verdict, PASS);
	/* the parameter is inserted literally: "." is not "any character" */
	assert_int_equal(engine_run_result(r, 1)->verdict, FAIL);
	assert_non_null(strstr(engine_run_result(r, 1)->evidence, "ntp server 10\\.0\\.0\\.9"));
	engine_run_free(&r);
	policy_free(&p);
}

static struct waivers *
wload(const char *body)
{
	struct waivers *w = NULL;
	char *xml = NULL, *cause = NULL;

	assert_true(asprintf(&xml, "<waivers>\n%s</waivers>\n", body) > 0);
	if (waivers_load_mem("w.xml", xml, strlen(xml), &w, &cause) == -1)
		fail_msg("waivers: %s", cause);
	free(xml);
	return w;
}

#define WAIVER(attrs) "<waiver " attrs "><reason>accepted risk</reason>" \
	"<approver>J. Smith</approver></waiver>\n"

static void
test_waivers(void **state)
{
	struct fx *f = *state;
	const char *body = RULE("fails", "<fact key=\"os.id\" op=\"equals\" value=\"rhel\"/>")
	    RULE("errs", "<fact key=\"nope\" op=\"equals\" value=\"x\"/>")
	    RULE("passes", "<fact key=\"os.id\" op=\"equals\" value=\"debian\"/>");
	struct policy *p = pol(body, NULL);
	struct engine_run *r;
	struct waivers *w;
	const struct engine_result *res;
	char *cause = NULL;

	/* active, by device name; expires at the end of its day (UTC) */
	w = wload(WAIVER("id=\"W1\" rule=\"fails\" device=\"r1\" expires=\"2026-06-15\"")
	    WAIVER("rule=\"passes\" expires=\"2030-01-01\""));
	assert_int_equal(waivers_count(w), 2);
	assert_string_equal(waivers_at(w, 1)->id, "w.xml:3");
	r = run(f, p, w);
	res = engine_run_result(r, 0);
	assert_int_equal(res->verdict, VERDICT_WAIVED);
	assert_non_null(strstr(res->evidence, "waived by W1 until 2026-06-15, approved by "
	    "J. Smith: accepted risk"));
	assert_non_null(strstr(res->evidence, "verdict without the waiver: fail"));
	/* a waiver never turns a pass into anything else */
	assert_int_equal(engine_run_result(r, 2)->verdict, PASS);
	engine_run_free(&r);
	waivers_free(&w);

	/* expired the day before: it stops applying and says so */
	w = wload(WAIVER("id=\"W2\" rule=\"fails\" device=\"7\" expires=\"2026-06-14\""));
	assert_true(waiver_expired(waivers_at(w, 0), NOW));
	r = run(f, p, w);
	res = engine_run_result(r, 0);
	assert_int_equal(res->verdict, FAIL);
	assert_non_null(strstr(res->evidence, "waiver W2 expired on 2026-06-14 (approved by "
	    "J. Smith): it no longer applies"));
	engine_run_free(&r);
	waivers_free(&w);

	/* an expired and an active one for the same rule: the active one wins */
	w = wload(WAIVER("id=\"old\" rule=\"fails\" expires=\"2020-01-01\"")
	    WAIVER("id=\"new\" rule=\"fails\" expires=\"2027-01-01\""));
	r = run(f, p, w);
	assert_int_equal(engine_run_result(r, 0)->verdict, VERDICT_WAIVED);
	assert_non_null(strstr(engine_run_result(r, 0)->evidence, "waived by new"));
	engine_run_free(&r);
	waivers_free(&w);

	/* selectors: other device, other policy, asset tag, address, rule prefix */
	w = wload(WAIVER("rule=\"fails\" device=\"r2\" expires=\"2030-01-01\"")
	    WAIVER("rule=\"fails\" policy=\"other\" expires=\"2030-01-01\""));
	r = run(f, p, w);
	assert_int_equal(engine_run_result(r, 0)->verdict, FAIL);
	engine_run_free(&r);
	waivers_free(&w);
	w = wload(WAIVER("rule=\"fails\" asset=\"AT-0042\" policy=\"t\" expires=\"2030-01-01\"")
	    WAIVER("rule=\"e*\" device=\"192.0.2.1\" expires=\"2030-01-01\""));
	r = run(f, p, w);
	assert_int_equal(engine_run_result(r, 0)->verdict, VERDICT_WAIVED);
	/* an error can be waived too (a fact the site knows it cannot collect) */
	assert_int_equal(engine_run_result(r, 1)->verdict, VERDICT_WAIVED);
	assert_non_null(strstr(engine_run_result(r, 1)->evidence, "verdict without the waiver: "
	    "error"));
	engine_run_free(&r);
	waivers_free(&w);

	/* invalid waivers */
	assert_int_equal(waivers_load_mem("w.xml", "<waivers><waiver rule=\"x\" expires=\"2026-02-30\">"
	    "<reason>r</reason><approver>a</approver></waiver></waivers>", 97, &w, &cause), -1);
	assert_non_null(strstr(cause, "w.xml:1:"));
	free(cause);
	cause = NULL;
	assert_int_equal(waivers_load_mem("w.xml", "<waivers>\n<waiver rule=\"x\">"
	    "<reason>r</reason></waiver></waivers>", 64, &w, &cause), -1);
	assert_non_null(strstr(cause, "w.xml:2:"));
	free(cause);
	policy_free(&p);
}

/* Device text in evidence is quoted as printable ASCII and capped. */
static void
test_hostile_evidence(void **state)
{
	struct fx *f = *state;
	char *big;
	size_t i, n = 100000;
	struct policy *p;
	struct engine_run *r;

	snapshot_free(&f->snap);
	f->snap = snapshot_new("ssh", NULL);
	f->dev.snap = f->snap;
	assert_non_null(big = malloc(n * 8));
	for (i = 0; i < n; i++)
		memcpy(big + i * 8, "x \x1b[2J\r\n", 8);
	assert_int_equal(snapshot_add_artifact(f->snap, "running-config", big, n * 8), 0);
	p = pol(RULE("r", "<lines artifact=\"running-config\" pattern=\"^x\" expect=\"absent\"/>")
	    RULE("s", "<lines artifact=\"running-config\" pattern=\"^(a|aa)+$\"/>"), NULL);
	r = run(f, p, NULL);
	assert_int_equal(engine_run_result(r, 0)->verdict, FAIL);
	assert_null(strchr(engine_run_result(r, 0)->evidence, '\x1b'));
	assert_non_null(strstr(engine_run_result(r, 0)->evidence, "line 1: x ?[2J"));
	assert_non_null(strstr(engine_run_result(r, 0)->evidence, "... 99980 more lines"));
	assert_true(strlen(engine_run_result(r, 0)->evidence) < 4096);
	engine_run_free(&r);
	policy_free(&p);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literal_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_composition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_input_never_passes, setup, teardown),
		cmocka_unit_test(test_linux_server_missing_inputs),
		cmocka_unit_test(test_nxos_key_size),
		cmocka_unit_test(test_hostkey_strength),
		cmocka_unit_test(test_firewall_active),
		cmocka_unit_test_setup_teardown(test_applicability_and_zero_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parameters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waivers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_evidence, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
