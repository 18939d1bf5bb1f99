/* test_redact: data-driven corpus cases (the .expect files in tests/data/redact against
 * $NETLOOM_TOP/../shared/corpus) plus crafted hostile inputs. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanner/redact.h"
#include "tests/unit/corpus.h"

#define MAXLINES	4096

static const char *
top_dir(void)
{
	const char *t = getenv("NETLOOM_TOP");

	return t && *t ? t : ".";
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f;
	char *p = NULL;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) != NULL) {
		*len = fread(p, 1, (size_t)n, f);
		p[*len] = '\0';
	}
	fclose(f);
	return p;
}

/* Splits text into lines in place: lines[i] points at line i+1 with its length. */
static size_t
split_lines(const char *s, size_t len, const char **lines, size_t *lens, size_t max)
{
	size_t n = 0;
	const char *end = s + len, *nl;

	while (s < end && n < max) {
		nl = memchr(s, '\n', (size_t)(end - s));
		lines[n] = s;
		lens[n] = nl ? (size_t)(nl - s) : (size_t)(end - s);
		n++;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	return n;
}

/* Occurrences of word as a whole token (quotes, ';', '<' '>' around it ignored). */
static size_t
token_count(const char *s, size_t len, const char *word)
{
	size_t i = 0, st, e, n = 0, wl = strlen(word);

	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		st = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			i++;
		e = i;
		if (e > st && s[st] == '"')
			st++;
		while (e > st && (s[e - 1] == ';' || s[e - 1] == '"'))
			e--;
		if (e - st == wl && memcmp(s + st, word, wl) == 0)
			n++;
	}
	return n;
}

struct ws_tok {
	const char	*p;
	size_t		 n;
};

static size_t
ws_split(const char *s, size_t len, struct ws_tok *t, size_t max)
{
	size_t i = 0, n = 0, st;

	while (i < len && n < max) {
		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i >= len)
			break;
		st = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			i++;
		t[n].p = s + st;
		t[n].n = i - st;
		n++;
	}
	return n;
}

/* Returns the next line of a NUL-terminated text (cut in place), or NULL at the end. */
static char *
next_line(char **cur)
{
	char *l = *cur, *nl;

	if (l == NULL || *l == '\0')
		return NULL;
	if ((nl = strchr(l, '\n')) != NULL) {
		*nl = '\0';
		*cur = nl + 1;
	} else
		*cur = l + strlen(l);
	return l;
}

static int
contains(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle)) != NULL;
}

/* The output token equals the input one, or keeps a non-empty head of it before the mask
 * ("<encrypted-password>$1$<redacted>..." from "<encrypted-password>$1$abc..."). */
static int
keeps_prefix(const struct ws_tok *in, const struct ws_tok *out)
{
	const char *m;
	size_t head;

	if (in->n == out->n && memcmp(in->p, out->p, in->n) == 0)
		return 1;
	if ((m = memmem(out->p, out->n, REDACT_MARK_PREFIX, strlen(REDACT_MARK_PREFIX))) == NULL)
		return 0;
	head = (size_t)(m - out->p);
	return head > 0 && head <= in->n && memcmp(in->p, out->p, head) == 0;
}

/* Occurrences of word as a token, or as a substring when it is never a whole token. */
static size_t
occurrences(const char *s, size_t len, const char *word)
{
	size_t n = token_count(s, len, word), wl = strlen(word);
	const char *p = s, *end = s + len;

	if (n > 0)
		return n;
	while ((p = memmem(p, (size_t)(end - p), word, wl)) != NULL) {
		n++;
		p += wl;
	}
	return n;
}

static struct redactor *
new_redactor(const char *key)
{
	struct redactor *r = NULL;
	char *cause = NULL;

	assert_int_equal(redactor_new((const unsigned char *)key, key ? strlen(key) : 0, &r,
	    &cause), 0);
	assert_non_null(r);
	return r;
}

static struct redact_result *
must_redact(struct redactor *r, enum redact_platform p, const char *in, size_t len)
{
	struct redact_result *res = NULL;
	char *cause = NULL;
	int rc;

	rc = redact_text(r, p, in, len, &res, &cause);
	if (rc != 0)
		fail_msg("redact_text: %s", cause ? cause : "?");
	free(cause);
	return res;
}

struct ctx {
	int	 failures;
	char	 name[320];
};

static void
report(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
report(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->failures++;
}

/* One .expect file: secrets gone, structure kept, findings and volatile lines exact,
 * idempotent, and the same with a keyed mask. */
static void
run_case(struct ctx *c, const char *expect_path, size_t *nsecrets)
{
	static const char *in_l[MAXLINES], *out_l[MAXLINES];
	static size_t in_n[MAXLINES], out_n[MAXLINES];
	struct ws_tok ti[256], to[256];
	char *exp = NULL, *in = NULL, *line, *save = NULL, path[1024], buf[512];
	char file[512] = "", plat[32] = "";
	size_t explen, inlen, outlen, out2len, nin, nout, i, k, nfind = 0, nvol = 0;
	size_t nti, nto, no;
	const char *out, *out2;
	struct redactor *r = new_redactor(NULL), *rk = new_redactor("store-key-0123456789");
	struct redact_result *res = NULL, *res2 = NULL, *resk = NULL;
	enum redact_platform p;

	if ((exp = read_file(expect_path, &explen)) == NULL) {
		report(c, "cannot read %s", expect_path);
		goto out;
	}
	for (save = exp, line = next_line(&save); line; line = next_line(&save)) {
		if (strncmp(line, "file ", 5) == 0)
			snprintf(file, sizeof(file), "%s", line + 5);
		else if (strncmp(line, "platform ", 9) == 0)
			snprintf(plat, sizeof(plat), "%s", line + 9);
		if (file[0] && plat[0])
			break;
	}
	free(exp);
	exp = read_file(expect_path, &explen);
	if (!file[0] || redact_platform_from_name(plat, &p) == -1) {
		report(c, "no file/platform line");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), file);
	if ((in = read_file(path, &inlen)) == NULL) {
		report(c, "cannot read corpus file %s", path);
		goto out;
	}
	res = must_redact(r, p, in, inlen);
	out = redact_result_text(res, &outlen);

	/* (2) structure: same lines; changed lines keep every token but masked ones */
	nin = split_lines(in, inlen, in_l, in_n, MAXLINES);
	nout = split_lines(out, outlen, out_l, out_n, MAXLINES);
	if (nin != nout)
		report(c, "line count %zu -> %zu", nin, nout);
	for (i = 0; i < nin && i < nout; i++) {
		if (in_n[i] == out_n[i] && memcmp(in_l[i], out_l[i], in_n[i]) == 0)
			continue;
		nti = ws_split(in_l[i], in_n[i], ti, 256);
		nto = ws_split(out_l[i], out_n[i], to, 256);
		if (nti != nto || nti == 0 || !keeps_prefix(&ti[0], &to[0])) {
			report(c, "line %zu lost its structure", i + 1);
			continue;
		}
		for (k = 0; k < nti; k++)
			if ((ti[k].n != to[k].n || memcmp(ti[k].p, to[k].p, ti[k].n) != 0) &&
			    !contains(to[k].p, to[k].n, REDACT_MARK))
				report(c, "line %zu token %zu changed without a mask", i + 1, k);
	}

	/* (1) secrets and exact findings/volatile lines */
	save = exp;
	for (save = exp, line = next_line(&save); line; line = next_line(&save)) {
		if (strncmp(line, "secret ", 7) == 0) {
			char *sp, *val;

			no = strtoul(line + 7, &sp, 10);
			val = sp + 1;
			(*nsecrets)++;
			if (no == 0 || no > nin || no > nout) {
				report(c, "bad secret line %zu", no);
				continue;
			}
			if (occurrences(in_l[no - 1], in_n[no - 1], val) == 0)
				report(c, "secret %s is not on line %zu", val, no);
			else if (occurrences(out_l[no - 1], out_n[no - 1], val) >=
			    occurrences(in_l[no - 1], in_n[no - 1], val))
				report(c, "secret on line %zu survives", no);
			if (strlen(val) >= 8 && contains(out, outlen, val))
				report(c, "secret of line %zu survives elsewhere", no);
		} else if (strncmp(line, "finding ", 8) == 0) {
			const struct redact_finding *f = redact_result_finding(res, nfind);

			if (f == NULL) {
				report(c, "missing %s", line);
			} else {
				redact_finding_format(f, buf, sizeof(buf));
				if (strcmp(buf, line) != 0)
					report(c, "expected '%s', got '%s'", line, buf);
			}
			nfind++;
		} else if (strncmp(line, "volatile ", 9) == 0) {
			no = strtoul(line + 9, NULL, 10);
			if (redact_result_volatile_line(res, nvol) != no)
				report(c, "volatile line %zu not reported", no);
			nvol++;
		}
	}
	if (nfind != redact_result_nfindings(res))
		report(c, "%zu findings, expected %zu", redact_result_nfindings(res), nfind);
	if (nvol != redact_result_nvolatile(res))
		report(c, "%zu volatile lines, expected %zu", redact_result_nvolatile(res), nvol);

	/* (3) idempotent */
	res2 = must_redact(r, p, out, outlen);
	out2 = redact_result_text(res2, &out2len);
	if (out2len != outlen || memcmp(out, out2, outlen) != 0)
		report(c, "second redaction changed the text");
	if (redact_result_count(res2, REDACT_K_COUNT) != 0)
		report(c, "second redaction masked %zu values",
		    redact_result_count(res2, REDACT_K_COUNT));
	redact_result_free(&res2);

	/* keyed masks hide the same values and are stable */
	resk = must_redact(rk, p, in, inlen);
	out2 = redact_result_text(resk, &out2len);
	if (redact_result_count(resk, REDACT_K_COUNT) != redact_result_count(res, REDACT_K_COUNT))
		report(c, "keyed redaction masked a different number of values");
	free(exp);
	exp = read_file(expect_path, &explen);
	for (save = exp, line = next_line(&save); line; line = next_line(&save))
		if (strncmp(line, "secret ", 7) == 0 && strlen(strchr(line + 7, ' ') + 1) >= 8 &&
		    contains(out2, out2len, strchr(line + 7, ' ') + 1))
			report(c, "keyed: a secret survives (%s)", line);
	res2 = must_redact(rk, p, out2, out2len);
	{
		size_t l3;
		const char *o3 = redact_result_text(res2, &l3);

		if (l3 != out2len || memcmp(o3, out2, l3) != 0)
			report(c, "keyed: second redaction changed the text");
	}
out:
	redact_result_free(&res);
	redact_result_free(&res2);
	redact_result_free(&resk);
	redactor_free(&r);
	redactor_free(&rk);
	free(exp);
	free(in);
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static void
test_corpus(void **state)
{
	char dir[1024], path[2200], cdir[1024];
	struct dirent *de;
	DIR *d;
	struct ctx c = { 0, "" };
	size_t ncases = 0, nsecrets = 0;
	static const char *plats[] = { "ios", "nxos", "eos", "junos" };
	size_t i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/data/redact", top_dir());
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, ".expect"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(c.name, sizeof(c.name), "%s", de->d_name);
		run_case(&c, path, &nsecrets);
		ncases++;
	}
	closedir(d);
	/* every corpus config has a case: a new corpus file cannot slip through untested */
	for (i = 0; i < sizeof(plats) / sizeof(plats[0]); i++) {
		snprintf(cdir, sizeof(cdir), "%s/%s", corpus_dir(), plats[i]);
		assert_non_null(d = opendir(cdir));
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s.expect", dir, de->d_name);
			snprintf(c.name, sizeof(c.name), "%s/%s", plats[i], de->d_name);
			if (access(path, R_OK) != 0)
				report(&c, "no tests/data/redact/%s.expect", de->d_name);
		}
		closedir(d);
	}
	fprintf(stderr, "# %zu corpus cases, %zu secrets checked\n", ncases, nsecrets);
	assert_true(ncases >= 40);
	assert_true(nsecrets >= 150);
	assert_int_equal(c.failures, 0);
}

/* ---------------------------------------------------------------- crafted */

static const char *
finding_line(const struct redact_result *res, size_t i, char *buf, size_t len)
{
	const struct redact_finding *f = redact_result_finding(res, i);

	if (f == NULL)
		return "";
	redact_finding_format(f, buf, len);
	return buf;
}

static void
test_types_and_communities(void **state)
{
	static const char cfg[] =
	    "enable password 7 0822455D0A16\n"
	    "enable secret 9 $9$abcdefgh$ijklmnop\n"
	    "snmp-server community public RO\n"
	    "snmp-server community s3cr3t RW 10\n"
	    "crypto isakmp key Sup3rPSK address 192.0.2.1\n"
	    " neighbor 192.0.2.9 password 7 045802150C2E\n"
	    " ip ospf message-digest-key 1 md5 7 110A1016141D\n"
	    " ip ospf authentication-key OspfClear\n"
	    "ntp authentication-key 5 md5 NtpKey5 7\n"
	    "tacacs-server key TacKey\n"
	    "-----BEGIN CERTIFICATE-----\n";
	struct redactor *r = new_redactor(NULL);
	struct redact_result *res = must_redact(r, REDACT_IOS, cfg, sizeof(cfg) - 1);
	const char *out;
	char b[256];
	size_t len;

	(void)state;
	out = redact_result_text(res, &len);
	assert_string_equal(out,
	    "enable password 7 <redacted>\n"
	    "enable secret 9 $9$<redacted>\n"
	    "snmp-server community <redacted> RO\n"
	    "snmp-server community <redacted> RW 10\n"
	    "crypto isakmp key <redacted> address 192.0.2.1\n"
	    " neighbor 192.0.2.9 password 7 <redacted>\n"
	    " ip ospf message-digest-key 1 md5 7 <redacted>\n"
	    " ip ospf authentication-key <redacted>\n"
	    "ntp authentication-key 5 md5 <redacted> 7\n"
	    "tacacs-server key <redacted>\n"
	    "-----BEGIN CERTIFICATE-----\n");
	assert_string_equal(finding_line(res, 0, b, sizeof(b)),
	    "finding 1 enable-password reversible type7");
	assert_string_equal(finding_line(res, 1, b, sizeof(b)),
	    "finding 2 enable-secret strong-hash type9-scrypt");
	assert_string_equal(finding_line(res, 2, b, sizeof(b)),
	    "finding 3 snmp-community cleartext plain community access=RO acl=no length=6 "
	    "default short");
	assert_string_equal(finding_line(res, 3, b, sizeof(b)),
	    "finding 4 snmp-community cleartext plain community access=RW acl=yes length=6 "
	    "short");
	assert_string_equal(finding_line(res, 4, b, sizeof(b)),
	    "finding 5 isakmp-key cleartext plain");
	assert_string_equal(finding_line(res, 5, b, sizeof(b)),
	    "finding 6 bgp-password reversible type7");
	assert_string_equal(finding_line(res, 6, b, sizeof(b)),
	    "finding 7 ospf-key reversible type7");
	assert_string_equal(finding_line(res, 7, b, sizeof(b)),
	    "finding 8 ospf-key cleartext plain");
	assert_string_equal(finding_line(res, 8, b, sizeof(b)),
	    "finding 9 ntp-key reversible type7");
	assert_string_equal(finding_line(res, 9, b, sizeof(b)),
	    "finding 10 tacacs-key cleartext plain");
	assert_int_equal(redact_result_nfindings(res), 10);
	assert_int_equal(redact_result_count(res, REDACT_K_SNMP_COMMUNITY), 2);
	assert_int_equal(redact_result_count(res, REDACT_K_COUNT), 10);
	redact_result_free(&res);
	redactor_free(&r);
}

static void
test_junos_and_eos(void **state)
{
	static const char junos[] =
	    "snmp {\n"
	    "    community private {\n"
	    "        authorization read-write;\n"
	    "    }\n"
	    "}\n"
	    "policy-options {\n"
	    "    community BLUE members 65000:1;\n"
	    "}\n"
	    "protocols {\n"
	    "    bgp {\n"
	    "        authentication-key \"$9$Abc.Def\"; ## SECRET-DATA\n"
	    "    }\n"
	    "}\n"
	    "set system root-authentication encrypted-password \"$6$salt$hashhash\"\n"
	    "set security ike policy p pre-shared-key ascii-text PlainPsk\n";
	static const char eos[] =
	    "username noc secret sha512 $6$s$h\n"
	    "snmp-server user U G v3 auth sha AuthPass1 priv aes 128 PrivPass1\n";
	struct redactor *r = new_redactor(NULL);
	struct redact_result *res = must_redact(r, REDACT_JUNOS, junos, sizeof(junos) - 1);
	char b[256];

	(void)state;
	assert_string_equal(redact_result_text(res, NULL),
	    "snmp {\n"
	    "    community <redacted> {\n"
	    "        authorization read-write;\n"
	    "    }\n"
	    "}\n"
	    "policy-options {\n"
	    "    community BLUE members 65000:1;\n"
	    "}\n"
	    "protocols {\n"
	    "    bgp {\n"
	    "        authentication-key \"$9$<redacted>\"; ## SECRET-DATA\n"
	    "    }\n"
	    "}\n"
	    "set system root-authentication encrypted-password \"$6$<redacted>\"\n"
	    "set security ike policy p pre-shared-key ascii-text <redacted>\n");
	assert_string_equal(finding_line(res, 0, b, sizeof(b)),
	    "finding 2 snmp-community cleartext plain community access=unknown acl=no length=7 "
	    "default short");
	assert_string_equal(finding_line(res, 1, b, sizeof(b)),
	    "finding 11 bgp-password reversible junos-9");
	assert_string_equal(finding_line(res, 2, b, sizeof(b)),
	    "finding 14 user-password strong-hash sha512-crypt user=root");
	assert_string_equal(finding_line(res, 3, b, sizeof(b)),
	    "finding 15 isakmp-key cleartext plain");
	redact_result_free(&res);

	res = must_redact(r, REDACT_EOS, eos, sizeof(eos) - 1);
	assert_string_equal(redact_result_text(res, NULL),
	    "username noc secret sha512 $6$<redacted>\n"
	    "snmp-server user U G v3 auth sha <redacted> priv aes 128 <redacted>\n");
	assert_string_equal(finding_line(res, 1, b, sizeof(b)),
	    "finding 2 snmp-auth cleartext plain user=U");
	assert_string_equal(finding_line(res, 2, b, sizeof(b)),
	    "finding 2 snmp-priv cleartext plain user=U");
	redact_result_free(&res);
	redactor_free(&r);
}

static void
test_pem(void **state)
{
	static const char in[] =
	    "crypto pki certificate chain TP\n"
	    " certificate ca 01\n"
	    "  30820122 300D0609 2A864886 F70D0101\n"
	    "  \tquit\n"
	    "-----BEGIN RSA PRIVATE KEY-----\n"
	    "MIIEowIBAAKCAQEAsecretsecret\n"
	    "Zm9vYmFyYmF6\n"
	    "-----END RSA PRIVATE KEY-----\n"
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "b3BlbnNzaC1rZXktdjEAAAAA\n"
	    "AAAAunterminated";
	struct redactor *r = new_redactor(NULL);
	struct redact_result *res = must_redact(r, REDACT_ANY, in, sizeof(in) - 1);
	char b[256];

	(void)state;
	assert_string_equal(redact_result_text(res, NULL),
	    "crypto pki certificate chain TP\n"
	    " certificate ca 01\n"
	    "  30820122 300D0609 2A864886 F70D0101\n"
	    "  \tquit\n"
	    "-----BEGIN RSA PRIVATE KEY-----\n"
	    "<redacted>\n"
	    "<redacted>\n"
	    "-----END RSA PRIVATE KEY-----\n"
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
	    "<redacted>\n"
	    "<redacted>");
	assert_int_equal(redact_result_count(res, REDACT_K_PRIVATE_KEY), 2);
	assert_string_equal(finding_line(res, 0, b, sizeof(b)),
	    "finding 5 private-key cleartext pem");
	assert_string_equal(finding_line(res, 1, b, sizeof(b)),
	    "finding 9 private-key cleartext pem unterminated");
	redact_result_free(&res);
	redactor_free(&r);
}

static void
test_shadow(void **state)
{
	static const char in[] =
	    "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n"
	    "daemon:*:19000:0:99999:7:::\n"
	    "locked:!$y$j9T$abc$def:19000:0:99999:7:::\n"
	    "nopw::19000:0:99999:7:::\n";
	struct redactor *r = new_redactor(NULL);
	struct redact_result *res = must_redact(r, REDACT_LINUX, in, sizeof(in) - 1);
	char b[256];

	(void)state;
	assert_string_equal(redact_result_text(res, NULL),
	    "root:$6$<redacted>:19000:0:99999:7:::\n"
	    "daemon:*:19000:0:99999:7:::\n"
	    "locked:!$y$<redacted>:19000:0:99999:7:::\n"
	    "nopw::19000:0:99999:7:::\n");
	assert_string_equal(finding_line(res, 0, b, sizeof(b)),
	    "finding 1 shadow-hash strong-hash sha512-crypt user=root");
	assert_string_equal(finding_line(res, 2, b, sizeof(b)),
	    "finding 4 shadow-hash cleartext empty user=nopw no password");
	redact_result_free(&res);
	redactor_free(&r);
}

static void
test_volatile(void **state)
{
	static const char *yes[] = {
		"! Last configuration change at 18:41:02 UTC Thu Nov 24 2016 by admin",
		"! NVRAM config last updated at 18:41:02 UTC Thu Nov 24 2016",
		"ntp clock-period 17208943", "Current configuration : 1366 bytes",
		"Building configuration...", "router1 uptime is 2 weeks, 3 days, 4 minutes",
		"*18:41:02.123 UTC Thu Nov 24 2016", "18:41:02.123 UTC Thu Nov 24 2016",
		"## Last commit: 2015-06-28 13:00:59 CST by mpenning",
		"! Startup-config last modified at Thu Nov 24 18:41:02 2016 by admin",
		"!Time: Thu Nov 24 18:41:02 2016", "!Running configuration last done at: Thu Nov 24",
		"Kernel uptime is 1 day(s), 2 hour(s)", "Uptime: 2 weeks, 1 day",
	};
	static const char *no[] = {
		"hostname r1", "ntp server 192.0.2.1", "! Last", "interface Gi0/1",
		"snmp-server community x RO", "banner motd ^C uptime ^C", "10:00 meeting",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!redact_is_volatile(REDACT_ANY, yes[i], strlen(yes[i])))
			fail_msg("not volatile: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (redact_is_volatile(REDACT_ANY, no[i], strlen(no[i])))
			fail_msg("volatile: %s", no[i]);
}

static void
test_keyed(void **state)
{
	static const char in[] = "snmp-server community public RO\nenable secret 0 public\n";
	struct redactor *a = new_redactor("key-a-0123456789abcdef"), *b2 =
	    new_redactor("key-b-0123456789abcdef"), *bad = NULL;
	struct redact_result *r1 = must_redact(a, REDACT_IOS, in, sizeof(in) - 1);
	struct redact_result *r2 = must_redact(a, REDACT_IOS, in, sizeof(in) - 1);
	struct redact_result *r3 = must_redact(b2, REDACT_IOS, in, sizeof(in) - 1);
	const char *t1 = redact_result_text(r1, NULL);
	char *cause = NULL;

	(void)state;
	assert_string_equal(t1, redact_result_text(r2, NULL));
	assert_string_not_equal(t1, redact_result_text(r3, NULL));
	assert_null(strstr(t1, "public"));
	assert_non_null(strstr(t1, "community <redacted:"));
	/* same secret, same store: same mask (equal secrets stay visible as equal) */
	assert_memory_equal(strstr(t1, "<redacted:"), strstr(strstr(t1, "\n"), "<redacted:"),
	    23);
	assert_int_equal(redactor_new((const unsigned char *)"short", 5, &bad, &cause), -1);
	assert_non_null(cause);
	assert_null(bad);
	free(cause);
	redact_result_free(&r1);
	redact_result_free(&r2);
	redact_result_free(&r3);
	redactor_free(&a);
	redactor_free(&b2);
}

static void
test_hostile(void **state)
{
	struct redactor *r = new_redactor(NULL);
	struct redact_result *res;
	char *big, *cause = NULL;
	const char *out;
	size_t len, i, n, outlen;
	static const char nul[] = "enable secret 0 ab\0cd\nusername u password 0 p\0q\n\0\0\n";
	static const char unit[] = "username admin password 0 Hunter2Pw\n"
	    "snmp-server community Commun1ty RO\n interface Gi0/1\n description uplink\n";
	clock_t t0;

	(void)state;
	/* NUL bytes are ordinary bytes: nothing after them leaks, lengths are kept */
	res = must_redact(r, REDACT_IOS, nul, sizeof(nul) - 1);
	out = redact_result_text(res, &outlen);
	assert_null(memmem(out, outlen, "ab\0cd", 5));
	assert_null(memmem(out, outlen, "p\0q", 3));
	assert_memory_equal(out, "enable secret 0 <redacted>\nusername u password 0 <redacted>\n"
	    "\0\0\n", outlen);
	redact_result_free(&res);

	/* a 1 MiB line: masked whole, the next line still judged */
	len = 1024 * 1024;
	big = malloc(len + 64);
	assert_non_null(big);
	for (i = 0; i + 12 <= len; i += 12)
		memcpy(big + i, "password xyz", 12);
	memcpy(big + i, "\nenable secret 0 tail\n", 22);
	n = i + 22;
	res = must_redact(r, REDACT_IOS, big, n);
	out = redact_result_text(res, &outlen);
	assert_false(contains(out, outlen, "xyz"));
	assert_false(contains(out, outlen, "tail"));
	assert_int_equal(redact_result_count(res, REDACT_K_OVERSIZE), 1);
	redact_result_free(&res);

	/* a line under the size cap but with more tokens than the tokenizer keeps */
	for (i = 0; i + 2 <= 60000; i += 2)
		memcpy(big + i, "x ", 2);
	memcpy(big + i, "password leaky\n", 15);
	res = must_redact(r, REDACT_IOS, big, i + 15);
	out = redact_result_text(res, &outlen);
	assert_false(contains(out, outlen, "leaky"));
	redact_result_free(&res);
	free(big);

	/* 10 MB of configuration: every secret masked, in bounded time */
	len = 10 * 1024 * 1024;
	big = malloc(len + sizeof(unit));
	assert_non_null(big);
	for (n = 0; n + sizeof(unit) - 1 <= len; n += sizeof(unit) - 1)
		memcpy(big + n, unit, sizeof(unit) - 1);
	t0 = clock();
	res = must_redact(r, REDACT_IOS, big, n);
	out = redact_result_text(res, &outlen);
	assert_false(contains(out, outlen, "Hunter2Pw"));
	assert_false(contains(out, outlen, "Commun1ty"));
	assert_int_equal(redact_result_count(res, REDACT_K_COUNT), 2 * (n / (sizeof(unit) - 1)));
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 30.0);
	redact_result_free(&res);
	free(big);

	/* over the input cap: refused before reading */
	assert_int_equal(redact_text(r, REDACT_IOS, "x", (size_t)REDACT_INPUT_MAX + 1, &res,
	    &cause), -1);
	assert_null(res);
	assert_non_null(cause);
	free(cause);

	/* empty input */
	res = must_redact(r, REDACT_ANY, "", 0);
	assert_int_equal(redact_result_count(res, REDACT_K_COUNT), 0);
	out = redact_result_text(res, &outlen);
	assert_int_equal(outlen, 0);
	redact_result_free(&res);
	redactor_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_types_and_communities),
		cmocka_unit_test(test_junos_and_eos),
		cmocka_unit_test(test_pem),
		cmocka_unit_test(test_shadow),
		cmocka_unit_test(test_volatile),
		cmocka_unit_test(test_keyed),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
