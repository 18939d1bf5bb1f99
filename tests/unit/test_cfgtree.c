/* Unit tests for audit/cfgtree: indented, Junos brace and Junos set configs, the real
 * ones from ../shared/corpus (expected lines read off the files), conversions, and
 * hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/cfgtree.h"
#include "audit/check.h"
#include "common/buf.h"
#include "tests/unit/corpus.h"

static char *
corpus_path(const char *rel)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", corpus_dir(), rel) == -1)
		fail_msg("asprintf");
	return p;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

static struct cfgtree *
parse_corpus(const char *rel, enum cfgtree_syntax syntax)
{
	char *path = corpus_path(rel), *text, *cause = NULL;
	struct cfgtree *t;
	size_t len;

	text = slurp(path, &len);
	t = cfgtree_parse(text, len, syntax, NULL, &cause);
	if (t == NULL)
		fail_msg("%s: %s", path, cause);
	free(text);
	free(path);
	return t;
}

static struct cfgtree *
parse_str(const char *text, enum cfgtree_syntax syntax)
{
	char *cause = NULL;
	struct cfgtree *t = cfgtree_parse(text, strlen(text), syntax, NULL, &cause);

	if (t == NULL)
		fail_msg("parse: %s\n%s", cause, text);
	return t;
}

/* Parsing must fail with a cause containing want. */
static void
parse_fails(const char *text, size_t len, enum cfgtree_syntax syntax,
    const struct cfgtree_limits *lim, const char *want)
{
	char *cause = NULL;
	struct cfgtree *t = cfgtree_parse(text, len, syntax, lim, &cause);

	if (t != NULL)
		fail_msg("parsed, expected an error with '%s'", want);
	if (cause == NULL || strstr(cause, want) == NULL)
		fail_msg("cause '%s', expected '%s'", cause ? cause : "(none)", want);
	free(cause);
}

/* Finds and describes the matches as "line:text|line:text|" (text, or the path with
 * paths != 0), for one readable assertion. */
static char *
find_str(const struct cfgtree *t, const struct cfgtree_node *under,
    const char *pattern, int flags, int paths)
{
	const struct cfgtree_node **res = NULL;
	pcre2_code *re;
	char *cause = NULL;
	struct buf out, path;
	size_t n, i;

	if ((re = cfgtree_compile(pattern, &cause)) == NULL)
		fail_msg("%s", cause);
	if (cfgtree_find(t, under, re, flags, &res, &n, &cause) == -1)
		fail_msg("find %s: %s", pattern, cause);
	/* the literal-prefix prefilter the audit uses finds exactly the same nodes */
	{
		const struct cfgtree_node **pres = NULL;
		size_t pn, plen = check_literal_prefix(pattern);

		if (cfgtree_find_prefixed(t, under, re, pattern + 1, plen, flags, &pres, &pn,
		    &cause) == -1)
			fail_msg("find prefixed %s: %s", pattern, cause);
		assert_int_equal(pn, n);
		for (i = 0; i < n; i++)
			assert_ptr_equal(pres[i], res[i]);
		free(pres);
	}
	buf_init(&out, 0);
	assert_int_equal(buf_puts(&out, ""), 0);
	for (i = 0; i < n; i++) {
		buf_init(&path, 0);
		if (paths)
			assert_int_equal(cfgtree_node_path(res[i], &path), 0);
		assert_int_equal(buf_printf(&out, "%zu:%s|", cfgtree_node_line(res[i]),
		    paths ? path.data : cfgtree_node_text(res[i])), 0);
		buf_free(&path);
	}
	free(res);
	pcre2_code_free(re);
	return buf_take(&out);
}

/* parse_fails() on a string literal, which may hold NUL bytes. */
#define PARSE_FAILS(lit, ...)	parse_fails((lit), sizeof(lit) - 1, __VA_ARGS__)

#define assert_find(t, under, pat, flags, paths, want) do {			\
	char *got_ = find_str((t), (under), (pat), (flags), (paths));		\
	assert_string_equal(got_, (want));					\
	free(got_);								\
} while (0)

/* The first node matching pattern anywhere; fails when there is none. */
static const struct cfgtree_node *
find_one(const struct cfgtree *t, const char *pattern)
{
	const struct cfgtree_node **res = NULL, *n;
	pcre2_code *re = cfgtree_compile(pattern, NULL);
	size_t nres;

	assert_non_null(re);
	assert_int_equal(cfgtree_find(t, NULL, re, CFGTREE_DEEP | CFGTREE_OUTERMOST,
	    &res, &nres, NULL), 0);
	if (nres == 0)
		fail_msg("no node matches %s", pattern);
	n = res[0];
	free(res);
	pcre2_code_free(re);
	return n;
}

/* ccp2-sample_08.ios: two vty blocks, each with "transport input telnet ssh". */
static void
test_ios_vty(void **state)
{
	struct cfgtree *t = parse_corpus("ios/ccp2-sample_08.ios", CFGTREE_AUTO);
	const struct cfgtree_node *vty;

	(void)state;
	assert_int_equal(cfgtree_syntax(t), CFGTREE_INDENT);
	assert_find(t, NULL, "^line vty", 0, 0,
	    "571:line vty 0 4|581:line vty 5 15|");
	vty = find_one(t, "^line vty 5 15$");
	assert_find(t, vty, "^transport input", 0, 0,
	    "589:transport input telnet ssh|");
	assert_find(t, vty, "^transport input (?!.*telnet)", 0, 0, "");
	assert_int_equal(cfgtree_node_depth(vty), 0);
	assert_null(cfgtree_node_parent(vty));
	/* the console line's transport is not a vty child */
	assert_find(t, NULL, "^transport input", CFGTREE_DEEP, 0,
	    "563:transport input telnet|568:transport input telnet|"
	    "579:transport input telnet ssh|589:transport input telnet ssh|");
	cfgtree_free(&t);
	assert_null(t);

	/* ccp2-sample_02.ios: neither vty block says "transport input" */
	t = parse_corpus("ios/ccp2-sample_02.ios", CFGTREE_INDENT);
	assert_find(t, NULL, "^line vty", 0, 0, "236:line vty 0 4|239:line vty 5 15|");
	assert_find(t, find_one(t, "^line vty 0 4"), "^transport input",
	    CFGTREE_DEEP, 0, "");
	assert_find(t, find_one(t, "^line con 0"), "^transport input", 0, 0,
	    "234:transport input none|");
	cfgtree_free(&t);
}

/* Interface blocks counted against grep -c '^interface .*Ethernet'. */
static void
test_interfaces(void **state)
{
	static const struct {
		const char	*file;
		size_t		 count;
	} want[] = {
		{ "ios/ccp2-sample_01.ios", 3 },
		{ "ios/ccp2-sample_02.ios", 22 },
		{ "ios/ccp2-sample_08.ios", 3 },
		{ "nxos/ccp2-sample_01.nxos", 42 },
		{ "eos/avd-single-dc-l3ls-dc1-leaf1a.cfg", 6 },
	};
	const struct cfgtree_node **res;
	pcre2_code *re = cfgtree_compile("^interface .*Ethernet", NULL);
	struct cfgtree *t;
	size_t k, n, i;

	(void)state;
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		t = parse_corpus(want[k].file, CFGTREE_AUTO);
		assert_int_equal(cfgtree_find(t, NULL, re, 0, &res, &n, NULL), 0);
		if (n != want[k].count)
			fail_msg("%s: %zu interfaces, want %zu", want[k].file, n,
			    want[k].count);
		for (i = 0; i < n; i++)
			assert_int_equal(cfgtree_node_depth(res[i]), 0);
		free(res);
		cfgtree_free(&t);
	}
	pcre2_code_free(re);
}

/* EOS nesting: management ssh > vrf mgt > no shutdown (lines 7, 22, 23), and the
 * block's own no shutdown at line 19. */
static void
test_eos_nesting(void **state)
{
	struct cfgtree *t = parse_corpus("eos/avd-cli_config_gen-management-ssh.cfg",
	    CFGTREE_AUTO);
	const struct cfgtree_node *ssh, *vrf, *ns;
	struct buf p;

	(void)state;
	ssh = find_one(t, "^management ssh$");
	assert_int_equal(cfgtree_node_line(ssh), 7);
	assert_find(t, ssh, "^no shutdown", 0, 0, "19:no shutdown|");
	assert_find(t, ssh, "^no shutdown", CFGTREE_DEEP, 0,
	    "19:no shutdown|23:no shutdown|");
	vrf = find_one(t, "^vrf mgt$");
	assert_ptr_equal(cfgtree_node_parent(vrf), ssh);
	ns = cfgtree_node_child(vrf);
	assert_string_equal(cfgtree_node_text(ns), "no shutdown");
	assert_int_equal(cfgtree_node_depth(ns), 2);
	buf_init(&p, 0);
	assert_int_equal(cfgtree_node_path(ns, &p), 0);
	assert_string_equal(p.data, "management ssh vrf mgt no shutdown");
	buf_free(&p);
	cfgtree_free(&t);
}

/* system services ssh in both Junos forms, with the same pattern and paths. */
static void
test_junos_both_forms(void **state)
{
	struct cfgtree *b = parse_corpus("junos/ccp2-sample_01.junos", CFGTREE_AUTO);
	struct cfgtree *s = parse_corpus("junos/batfish-juniper-system-services-ssh",
	    CFGTREE_AUTO);
	const struct cfgtree_node *ssh;

	(void)state;
	assert_int_equal(cfgtree_syntax(b), CFGTREE_JUNOS);
	assert_int_equal(cfgtree_syntax(s), CFGTREE_JUNOS_SET);
	assert_find(b, NULL, "^system services ssh$", CFGTREE_DEEP, 1,
	    "30:system services ssh|");
	assert_find(s, NULL, "^system services ssh$", CFGTREE_DEEP, 1,
	    "5:system services ssh|");
	/* outermost: the pattern without $ reports the block, not its leaves */
	assert_find(b, NULL, "^system services ssh", CFGTREE_DEEP | CFGTREE_OUTERMOST,
	    1, "30:system services ssh|");
	ssh = find_one(b, "^system services ssh$");
	assert_find(b, ssh, "^root-login allow$", CFGTREE_DEEP, 0,
	    "31:root-login allow|");
	ssh = find_one(s, "^system services ssh$");
	assert_find(s, ssh, "^no-password", CFGTREE_DEEP | CFGTREE_OUTERMOST, 0,
	    "8:no-password-authentication|9:no-passwords|");
	assert_find(s, ssh, "root-login", CFGTREE_DEEP, 0, "");
	/* telnet is enabled in the brace file, absent from the set file */
	assert_find(b, NULL, "^system services telnet$", CFGTREE_DEEP, 1,
	    "33:system services telnet|");
	assert_find(s, NULL, "^system services telnet", CFGTREE_DEEP, 1, "");
	cfgtree_free(&b);
	cfgtree_free(&s);
}

/* Braces to set lines, and back: the set form parses to the same set lines. */
static void
test_junos_to_set(void **state)
{
	static const char *const files[] = { "junos/ccp2-sample_01.junos",
	    "junos/ccp2-sample_03.junos", "junos/ccp2-sample_04.junos",
	    "junos/batfish-junos-snmp-gh-8812", "junos/batfish-junos-srx-1.cfg" };
	struct cfgtree *t, *t2;
	struct buf a, b;
	size_t k;
	char *cause = NULL;

	(void)state;
	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		t = parse_corpus(files[k], CFGTREE_AUTO);
		buf_init(&a, 0);
		buf_init(&b, 0);
		assert_int_equal(cfgtree_set_lines(t, &a, &cause), 0);
		assert_non_null(a.data);
		t2 = cfgtree_parse(a.data, a.len, CFGTREE_AUTO, NULL, &cause);
		if (t2 == NULL)
			fail_msg("%s: set form does not parse: %s", files[k], cause);
		assert_int_equal(cfgtree_syntax(t2), CFGTREE_JUNOS_SET);
		assert_int_equal(cfgtree_set_lines(t2, &b, &cause), 0);
		if (strcmp(a.data, b.data) != 0)
			fail_msg("%s: set form does not round-trip", files[k]);
		buf_free(&a);
		buf_free(&b);
		cfgtree_free(&t);
		cfgtree_free(&t2);
	}
	t = parse_corpus("junos/ccp2-sample_01.junos", CFGTREE_JUNOS);
	buf_init(&a, 0);
	assert_int_equal(cfgtree_set_lines(t, &a, NULL), 0);
	assert_non_null(strstr(a.data, "\nset system services ssh root-login allow\n"));
	/* "domain-search [ a b ]" becomes one set line per element, as display set */
	assert_non_null(strstr(a.data, "\nset system domain-search pennington.net\n"
	    "set system domain-search lab.pennington.net\n"));
	assert_non_null(strstr(a.data, "\nset system root-authentication "
	    "encrypted-password \"$1$y7ArHxKU$zUbdeLfBirgkCsKiOJ5Qa0\"\n"));
	assert_null(strstr(a.data, "SECRET-DATA"));
	buf_free(&a);
	cfgtree_free(&t);
}

static void
test_junos_syntax(void **state)
{
	static const char text[] =
	    "/* annotation\n spanning lines */\n"
	    "system {\n"
	    "    host-name \"r1 { not a block; }\";   # trailing comment\n"
	    "    inactive: services {\n"
	    "        ssh { root-login deny; }\n"
	    "        telnet;\n"
	    "    }\n"
	    "    ntp { server [ 10.0.0.1 \"10.0.0.2\" ]; }\n"
	    "}\n"
	    "## Last changed\n"
	    "interfaces { ge-0/0/0 { unit 0 { family inet { address 192.0.2.1/24; } } } }\n";
	struct cfgtree *t = parse_str(text, CFGTREE_AUTO);
	const struct cfgtree_node *n;
	struct buf out;

	(void)state;
	assert_int_equal(cfgtree_syntax(t), CFGTREE_JUNOS);
	assert_find(t, NULL, "host-name", CFGTREE_DEEP, 0,
	    "4:host-name \"r1 { not a block; }\"|");
	n = find_one(t, "^system services$");
	assert_true(cfgtree_node_inactive(n));
	assert_int_equal(cfgtree_node_line(n), 5);
	assert_string_equal(cfgtree_node_text(n), "services");
	assert_false(cfgtree_node_inactive(find_one(t, "^system$")));
	assert_find(t, NULL, "^system ntp server", CFGTREE_DEEP, 1,
	    "9:system ntp server 10.0.0.1|9:system ntp server \"10.0.0.2\"|");
	assert_find(t, NULL, "address", CFGTREE_DEEP, 1,
	    "12:interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24|");
	/* CFGTREE_TEXT matches the statement alone */
	assert_find(t, NULL, "^address ", CFGTREE_DEEP | CFGTREE_TEXT, 0,
	    "12:address 192.0.2.1/24|");
	assert_int_equal(cfgtree_count(t), 14);
	buf_init(&out, 0);
	assert_int_equal(cfgtree_set_lines(t, &out, NULL), 0);
	assert_string_equal(out.data,
	    "set system host-name \"r1 { not a block; }\"\n"
	    "set system services ssh root-login deny\n"
	    "set system services telnet\n"
	    "set system ntp server 10.0.0.1\n"
	    "set system ntp server \"10.0.0.2\"\n"
	    "set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\n"
	    "deactivate system services\n");
	buf_free(&out);
	cfgtree_free(&t);
}

static void
test_junos_set_syntax(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "set system services ssh root-login deny\n"
	    "\r\n"
	    "set system services telnet\r\n"
	    "set system login message \"Authorised use only; all else  logged\"\n"
	    "set system domain-search [ a.example b.example ]\n"
	    "deactivate system services telnet\n"
	    "set system root-authentication encrypted-password \"$6$x\" ## SECRET-DATA\n";
	struct cfgtree *t = parse_str(text, CFGTREE_AUTO);
	const struct cfgtree_node *n;

	(void)state;
	assert_int_equal(cfgtree_syntax(t), CFGTREE_JUNOS_SET);
	n = find_one(t, "^system services telnet$");
	assert_true(cfgtree_node_inactive(n));
	assert_int_equal(cfgtree_node_line(n), 4);
	assert_int_equal(cfgtree_node_depth(n), 2);
	assert_find(t, NULL, "^system login message", CFGTREE_DEEP | CFGTREE_OUTERMOST,
	    1, "5:system login message|");
	assert_find(t, find_one(t, "^system login message$"), ".", 0, 0,
	    "5:\"Authorised use only; all else  logged\"|");
	assert_find(t, NULL, "^system domain-search .", CFGTREE_DEEP, 1,
	    "6:system domain-search a.example|6:system domain-search b.example|");
	assert_find(t, NULL, "SECRET", CFGTREE_DEEP, 1, "");
	/* the shared prefix is one node */
	assert_int_equal(cfgtree_node_nchildren(find_one(t, "^system$")), 4);
	cfgtree_free(&t);

	PARSE_FAILS("set system\nshow version\n", CFGTREE_JUNOS_SET, NULL,
	    "line 2: 'show' is not a set");
	PARSE_FAILS("set system login message \"open\n", CFGTREE_JUNOS_SET,
	    NULL, "line 1: string never closed");
	PARSE_FAILS("set system [ a b\n", CFGTREE_JUNOS_SET, NULL,
	    "line 1: '[' list not closed");
	PARSE_FAILS("set\n", CFGTREE_JUNOS_SET, NULL, "without a path");
}

static void
test_indent_syntax(void **state)
{
	static const char text[] =
	    "!\r\n"
	    "hostname r1\r\n"
	    "interface GigabitEthernet0/1\n"
	    " description uplink\r\n"
	    " ip address 192.0.2.1 255.255.255.0\n"
	    "  secondary-ish deeper line\n"
	    "\tno shutdown\n"
	    " !\n"
	    "router bgp 65000\n"
	    "   address-family ipv4\n"
	    "    neighbor 192.0.2.2 activate\n"
	    " bgp log-neighbor-changes\n"
	    "banner motd ^C\n"
	    "interface Fake (inside the banner)\n"
	    "^C\n"
	    "banner exec ^Cone line^C\n"
	    "banner login #\n"
	    "text # end\n"
	    "line vty 0 4\n"
	    " transport input ssh\n";
	struct cfgtree *t = parse_str(text, CFGTREE_AUTO);
	const struct cfgtree_node *n;

	(void)state;
	assert_int_equal(cfgtree_syntax(t), CFGTREE_INDENT);
	assert_find(t, NULL, "^interface", 0, 0, "3:interface GigabitEthernet0/1|");
	n = find_one(t, "^interface Gig");
	/* a tab indents to column 8: deeper than the first child's single space */
	assert_find(t, n, ".", 0, 0,
	    "4:description uplink|5:ip address 192.0.2.1 255.255.255.0|");
	assert_find(t, n, ".", CFGTREE_DEEP, 0,
	    "4:description uplink|5:ip address 192.0.2.1 255.255.255.0|"
	    "6:secondary-ish deeper line|7:no shutdown|");
	n = find_one(t, "^router bgp");
	assert_find(t, n, ".", 0, 0,
	    "10:address-family ipv4|12:bgp log-neighbor-changes|");
	assert_find(t, NULL, "^banner", 0, 0,
	    "13:banner motd ^C|16:banner exec ^Cone line^C|17:banner login #|");
	assert_find(t, find_one(t, "^banner motd"), ".", 0, 0,
	    "14:interface Fake (inside the banner)|15:^C|");
	assert_int_equal(cfgtree_node_nchildren(find_one(t, "^banner exec")), 0);
	assert_find(t, NULL, "^line vty", 0, 0, "19:line vty 0 4|");
	assert_find(t, find_one(t, "^line vty"), "^transport input ssh$", 0, 0,
	    "20:transport input ssh|");
	cfgtree_free(&t);

	/* EOS banners end with a line "EOF" */
	t = parse_str("banner login\nHello {\n!\nEOF\nmanagement ssh\n   idle-timeout 5\n",
	    CFGTREE_INDENT);
	assert_find(t, NULL, ".", 0, 0, "1:banner login|5:management ssh|");
	assert_find(t, find_one(t, "^banner login$"), ".", 0, 0,
	    "2:Hello {|3:!|4:EOF|");
	cfgtree_free(&t);

	PARSE_FAILS("hostname r1\nbanner motd ^C\nno end\n", CFGTREE_INDENT,
	    NULL, "line 2: banner never closed");
}

/* Every real config in the corpus parses, and every tree is consistent. */
static void
test_corpus_all(void **state)
{
	static const char *const dirs[] = { "ios", "nxos", "eos", "junos" };
	const struct cfgtree_node *n, *p;
	struct cfgtree *t;
	struct dirent *de;
	char *dir, rel[512];
	size_t k, files = 0;
	DIR *d;

	(void)state;
	for (k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
		dir = corpus_path(dirs[k]);
		if ((d = opendir(dir)) == NULL)
			fail_msg("cannot open %s", dir);
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[k], de->d_name);
			t = parse_corpus(rel, CFGTREE_AUTO);
			/* one napalm Junos file is XML, which reads as indentation */
			if (k < 3 || strstr(rel, "napalm") != NULL)
				assert_int_equal(cfgtree_syntax(t), CFGTREE_INDENT);
			else if (cfgtree_syntax(t) == CFGTREE_INDENT)
				fail_msg("%s: not detected as Junos", rel);
			assert_true(cfgtree_count(t) > 0);
			for (n = cfgtree_first(t); n != NULL; n = cfgtree_next(n)) {
				const char *s = cfgtree_node_text(n);
				p = cfgtree_node_parent(n);
				assert_true(s[0] != '\0' && s[0] != ' ' &&
				    s[strlen(s) - 1] != ' ');
				assert_int_equal(cfgtree_node_depth(n),
				    p ? cfgtree_node_depth(p) + 1 : 0);
				if (p != NULL && cfgtree_syntax(t) == CFGTREE_INDENT)
					assert_true(cfgtree_node_line(n) >
					    cfgtree_node_line(p));
			}
			cfgtree_free(&t);
			files++;
		}
		closedir(d);
		free(dir);
	}
	assert_true(files >= 50);
}

static void
test_hostile(void **state)
{
	struct cfgtree_limits lim = { 0, 0, 0, 0 };
	struct cfgtree *t;
	struct buf b;
	size_t i;
	char *cause = NULL;

	(void)state;
	/* unbalanced braces, both ways */
	PARSE_FAILS("system { services { ssh; }\n", CFGTREE_JUNOS, NULL,
	    "line 1: '{' never closed");
	PARSE_FAILS("system { ssh; }\n}\n", CFGTREE_JUNOS, NULL,
	    "line 2: unbalanced '}'");
	PARSE_FAILS("a { b }\n", CFGTREE_JUNOS, NULL, "has no ';'");
	PARSE_FAILS("{ a; }\n", CFGTREE_JUNOS, NULL, "'{' without a statement");
	PARSE_FAILS("a;\n/* open", CFGTREE_JUNOS, NULL,
	    "line 2: comment never closed");
	PARSE_FAILS("a \"open;\n", CFGTREE_JUNOS, NULL, "string never closed");
	PARSE_FAILS("a [ b ;\n", CFGTREE_JUNOS, NULL, "'[' list not closed");
	PARSE_FAILS("a ] b;\n", CFGTREE_JUNOS, NULL, "unexpected ']'");
	PARSE_FAILS("x;\ny\n", CFGTREE_JUNOS, NULL, "line 2: statement has no ';'");

	/* 10,000 levels of braces and of set words, 3,000 of indentation */
	buf_init(&b, 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_puts(&b, "a {"), 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_puts(&b, "}"), 0);
	parse_fails(b.data, b.len, CFGTREE_JUNOS, NULL, "nested deeper than 64");
	buf_reset(&b);
	for (i = 0; i < 3000; i++)	/* 3,000 levels are 4.5 MB already */
		assert_int_equal(buf_printf(&b, "%*sx\n", (int)i, ""), 0);
	parse_fails(b.data, b.len, CFGTREE_INDENT, NULL, "line 65: nested deeper");
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, "set"), 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_puts(&b, " a"), 0);
	parse_fails(b.data, b.len, CFGTREE_JUNOS_SET, NULL, "nested deeper");
	/* within the cap, deep trees work and paths do not recurse */
	buf_reset(&b);
	for (i = 0; i < 60; i++)
		assert_int_equal(buf_puts(&b, "a {"), 0);
	assert_int_equal(buf_puts(&b, "leaf;"), 0);
	for (i = 0; i < 60; i++)
		assert_int_equal(buf_puts(&b, "}"), 0);
	t = cfgtree_parse(b.data, b.len, CFGTREE_JUNOS, NULL, &cause);
	assert_non_null(t);
	assert_find(t, NULL, " leaf$", CFGTREE_DEEP | CFGTREE_TEXT, 0, "");
	assert_find(t, NULL, "^(a ){60}leaf$", CFGTREE_DEEP, 0, "1:leaf|");
	cfgtree_free(&t);
	buf_free(&b);

	/* NUL bytes, long lines, too many lines, too many bytes */
	PARSE_FAILS("hostname r1\ninterface\0x\n", CFGTREE_AUTO, NULL,
	    "line 2: NUL byte");
	lim.max_line_len = 10;
	PARSE_FAILS("short\nthis line is long\n", CFGTREE_AUTO, &lim,
	    "line 2: longer than 10 bytes");
	lim.max_line_len = 0;
	lim.max_lines = 2;
	PARSE_FAILS("a\nb\nc\n", CFGTREE_AUTO, &lim, "more than 2 lines");
	lim.max_lines = 0;
	lim.max_bytes = 4;
	PARSE_FAILS("a\nb\nc\n", CFGTREE_AUTO, &lim, "larger than 4 bytes");

	/* empty and comment-only texts are empty trees, not errors */
	t = cfgtree_parse("", 0, CFGTREE_AUTO, NULL, &cause);
	assert_non_null(t);
	assert_int_equal(cfgtree_count(t), 0);
	assert_null(cfgtree_first(t));
	assert_find(t, NULL, ".", CFGTREE_DEEP, 0, "");
	cfgtree_free(&t);
	t = cfgtree_parse(NULL, 0, CFGTREE_JUNOS, NULL, &cause);
	assert_non_null(t);
	cfgtree_free(&t);
	t = parse_str("!\n! only comments\n\n", CFGTREE_AUTO);
	assert_int_equal(cfgtree_count(t), 0);
	cfgtree_free(&t);
	/* lone CRs and mixed line ends */
	t = parse_str("a\r\n b\r\r\n c\n\rd\n", CFGTREE_INDENT);
	assert_find(t, NULL, ".", CFGTREE_DEEP, 0, "1:a|2:b|3:c|4:d|");
	cfgtree_free(&t);
	/* a bad pattern is an error, not a crash */
	assert_null(cfgtree_compile("(unclosed", &cause));
	assert_non_null(strstr(cause, "unclosed"));
	free(cause);
	cause = NULL;
	cfgtree_free(&t);	/* NULL: no-op */
}

/* A catastrophic pattern on hostile text hits the match limit: an error. */
static void
test_match_limit(void **state)
{
	struct buf b;
	struct cfgtree *t;
	pcre2_code *re;
	const struct cfgtree_node **res = NULL;
	size_t n, i;
	char *cause = NULL;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(buf_puts(&b, "a"), 0);
	assert_int_equal(buf_puts(&b, "!\n"), 0);
	t = parse_str(b.data, CFGTREE_INDENT);
	re = cfgtree_compile("^(a+)+$", &cause);
	assert_non_null(re);
	assert_int_equal(cfgtree_find(t, NULL, re, 0, &res, &n, &cause), -1);
	assert_non_null(strstr(cause, "line 1"));
	assert_null(res);
	free(cause);
	pcre2_code_free(re);
	cfgtree_free(&t);
	buf_free(&b);
}

static void
test_syntax_names(void **state)
{
	enum cfgtree_syntax s;

	(void)state;
	assert_int_equal(cfgtree_syntax_parse("junos-set", &s), 0);
	assert_int_equal(s, CFGTREE_JUNOS_SET);
	assert_int_equal(cfgtree_syntax_parse("auto", &s), 0);
	assert_int_equal(s, CFGTREE_AUTO);
	assert_int_equal(cfgtree_syntax_parse("xml", &s), -1);
	assert_int_equal(cfgtree_syntax_parse(NULL, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ios_vty),
		cmocka_unit_test(test_interfaces),
		cmocka_unit_test(test_eos_nesting),
		cmocka_unit_test(test_junos_both_forms),
		cmocka_unit_test(test_junos_to_set),
		cmocka_unit_test(test_junos_syntax),
		cmocka_unit_test(test_junos_set_syntax),
		cmocka_unit_test(test_indent_syntax),
		cmocka_unit_test(test_corpus_all),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_match_limit),
		cmocka_unit_test(test_syntax_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
