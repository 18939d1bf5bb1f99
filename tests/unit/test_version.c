/* Unit tests for audit/version: every scheme's ordering, errors and bounds. The dpkg and
 * rpm tables were checked against the real tools (dpkg --compare-versions, and rpm
 * 4.18's rpmverCmp() through librpm); one test also asks this machine's dpkg live. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/version.h"

struct vcase {
	const char	*a;
	const char	*b;
	int		 want;
};

/* Checked with `dpkg --compare-versions A lt|eq|gt B` (dpkg 1.21, Debian 12). */
static const struct vcase dpkg_cases[] = {
	{ "1.0", "1.0", 0 },
	{ "1.0", "1.1", -1 },
	{ "1.1", "1.0", 1 },
	{ "1.0", "1.0-1", -1 },
	{ "1.0-1", "1.0-2", -1 },
	{ "1.0-10", "1.0-9", 1 },
	{ "1:1.0", "2.0", 1 },
	{ "0:1.0", "1.0", 0 },
	{ "1:0.1", "0:9.9", 1 },
	{ "1.0~rc1", "1.0", -1 },
	{ "1.0~rc1", "1.0~rc2", -1 },
	{ "1.0~~", "1.0~", -1 },
	{ "1.0~", "1.0", -1 },
	{ "1.0~rc1-1", "1.0-1", -1 },
	{ "1.0+dfsg", "1.0", 1 },
	{ "1.0+dfsg-1", "1.0-1", 1 },
	{ "1.0a", "1.0", 1 },
	{ "1.0a", "1.0b", -1 },
	{ "1.0a", "1.0+", -1 },
	{ "1.0.1", "1.0a", 1 },
	{ "1.0", "1.0.0", -1 },
	{ "1.00", "1.0", 0 },
	{ "1.001", "1.1", 0 },
	{ "1.10", "1.9", 1 },
	{ "10", "9", 1 },
	{ "2.4.52-1ubuntu4.6", "2.4.52-1ubuntu4.10", -1 },
	{ "3.0.11-1~deb12u2", "3.0.11-1", -1 },
	{ "3.0.11-1~deb12u2", "3.0.11-1~deb12u1", 1 },
	{ "3.0.13-1~deb12u1", "3.0.11-1~deb12u2", 1 },
	{ "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u2", 1 },
	{ "1:9.2p1-2+deb12u3", "1:9.2p1-2", 1 },
	{ "1:9.2p1-2", "1:9.3p1-1", -1 },
	{ "6.1.0-18-amd64", "6.1.0-9-amd64", 1 },
	{ "6.1.76-1", "6.1.69-1", 1 },
	{ "2.36-9+deb12u4", "2.36-9+deb12u14", -1 },
	{ "2.36-9+deb12u4", "2.36-9", 1 },
	{ "7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1 },
	{ "1.2.13.dfsg-1", "1.2.13-1", 1 },
	{ "1.2.13.dfsg-1", "1.2.13+dfsg-1", 1 },
	{ "1.0-a", "1.0-1", 1 },
	{ "1.0-1a", "1.0-1", 1 },
	{ "1.0-1.1", "1.0-1", 1 },
	{ "1.0-1+b1", "1.0-1", 1 },
	{ "1.0-1+b1", "1.0-1.1", -1 },
	{ "1.0-0", "1.0", 0 },
	{ "1.0-0.0", "1.0-0", 1 },
	{ "0", "00", 0 },
	{ "01", "1", 0 },
	{ "1:1", "01:1", 0 },
	{ "2:0", "10:0", -1 },
	{ "1.2.3", "1.2.3~", 1 },
	{ "1.2.3~beta", "1.2.3~alpha", 1 },
	{ "1.2.3~beta1", "1.2.3~beta", 1 },
	{ "1.2.3-1~bpo11+1", "1.2.3-1", -1 },
	{ "1.2.3-1~bpo11+1", "1.2.2-5", 1 },
	{ "4.19.0-26", "4.19.0-26", 0 },
	{ "4.19.0-26", "4.19.0-27", -1 },
	{ "20230311", "20230310", 1 },
	{ "2023.03.11", "20230311", -1 },
	{ "0.9.8zh", "0.9.8zg", 1 },
	{ "0.9.8zh", "0.9.8", 1 },
	{ "0.9.8zh", "1.0.0", -1 },
	{ "1.0.2k", "1.0.2", 1 },
	{ "1.0.2k", "1.0.2l", -1 },
	{ "1.1.1w", "1.1.1", 1 },
	{ "3.0.0~alpha1", "3.0.0", -1 },
	{ "3.0.0~alpha1", "2.9.9", 1 },
	{ "2:3.4", "1:99.99", 1 },
	{ "5.0", "5.0.", -1 },
	{ "5.0.", "5.0.a", -1 },
	{ "5.0.a", "5.0.1", 1 },
	{ "1.0~a", "1.0-a", -1 },
	{ "1.0-1~", "1.0-1", -1 },
	{ "1.0-1~~", "1.0-1~", -1 },
	{ "1+", "1", 1 },
	{ "1+", "1.", -1 },
	{ "1.0+r20200101", "1.0", 1 },
	{ "1.0+~", "1.0", 1 },
	{ "1.0+~", "1.0+", -1 },
	{ "1:1.2-3ubuntu1~22.04.1", "1:1.2-3ubuntu1", -1 },
	{ "1:1.2-3ubuntu0.22.04.1", "1:1.2-3ubuntu1", -1 },
	{ "999999999999999999999", "999999999999999999998", 1 },
	{ "1.0.0.0.0.1", "1.0.0.0.0.0.9", 1 },
};

/* Checked with rpm 4.18's rpmverCmp(rpmverParse(A), rpmverParse(B)) from librpm. */
static const struct vcase rpm_cases[] = {
	{ "1.0", "1.0", 0 },
	{ "1.0", "2.0", -1 },
	{ "2.0", "1.0", 1 },
	{ "2.0.1", "2.0.1", 0 },
	{ "2.0", "2.0.1", -1 },
	{ "2.0.1a", "2.0.1", 1 },
	{ "5.5p1", "5.5p2", -1 },
	{ "5.5p10", "5.5p1", 1 },
	{ "10xyz", "10.1xyz", -1 },
	{ "xyz10", "xyz10.1", -1 },
	{ "xyz.4", "xyz.4", 0 },
	{ "xyz.4", "8", -1 },
	{ "8", "xyz.4", 1 },
	{ "1.0aa", "1.0a", 1 },
	{ "1.0", "1.0a", -1 },
	{ "1.0a", "1.0.0", -1 },
	{ "10.0001", "10.1", 0 },
	{ "10.0001", "10.0039", -1 },
	{ "4.999.9", "5.0", -1 },
	{ "20101121", "20101122", -1 },
	{ "a", "b", -1 },
	{ "a+", "a+", 0 },
	{ "a+", "a_", 0 },
	{ "+a", "+a", 0 },
	{ "+a", "_a", 0 },
	{ "+_", "_+", 0 },
	{ "1.0~rc1", "1.0", -1 },
	{ "1.0~rc1", "1.0~rc2", -1 },
	{ "1.0~rc1~git123", "1.0~rc1", -1 },
	{ "1.0^", "1.0", 1 },
	{ "1.0^git1", "1.0", 1 },
	{ "1.0^git1", "1.01", -1 },
	{ "1.0^20160101", "1.0.1", -1 },
	{ "1.0^20160102", "1.0^20160101", 1 },
	{ "1.0~rc1^git1", "1.0~rc1", 1 },
	{ "1.0^git1~pre", "1.0^git1", -1 },
	{ "1:1.0", "2.0", 1 },
	{ "0:1.0", "1.0", 0 },
	{ "1.0-1", "1.0-2", -1 },
	{ "1.0-1", "1.0", 1 },
	{ "3.0.7-18.el9_2", "3.0.7-24.el9", -1 },
	{ "3.0.7-24.el9", "3.0.7-24.el9_3", -1 },
	{ "1.1.1k-9.el8_7", "1.1.1k-12.el8_9", -1 },
	{ "8.0p1-19.el9_2", "8.7p1-34.el9", -1 },
	{ "1:1.1.1k-9.el8", "1.1.1k-12.el8", 1 },
	{ "2.6.32-754.el6", "2.6.32-754.35.1.el6", -1 },
	{ "4.18.0-477.10.1.el8_8", "4.18.0-513.5.1.el8_9", -1 },
	{ "5.14.0-362.8.1.el9_3", "5.14.0-362.13.1.el9_3", -1 },
	{ "0.5.0-1.fc39", "0.5.0-1.fc38", 1 },
	{ "1.0.0", "1.0", 1 },
	{ "1.00", "1.0", 0 },
	{ "1.0.0.0", "1.0", 1 },
	{ "2.0_1", "2.0.1", 0 },
	{ "2.0-rc1", "2.0-1", -1 },
};

static const struct vcase cisco_cases[] = {
	{ "12.2(55)SE12", "12.2(55)SE9", 1 },
	{ "12.2(55)SE", "12.2(55)SE1", -1 },
	{ "12.2(50)SE5", "12.2(55)SE", -1 },
	{ "12.2(55)SE12", "15.0(2)SE", -1 },
	{ "15.0(2)SE", "15.0(2)SE", 0 },
	{ "15.0(2)SE11", "15.0(2)se11", 0 },
	{ "15.2(4)M11", "15.2(4)M9", 1 },
	{ "15.2(4)M11", "15.2(5)M1", -1 },
	{ "15.2(7)E2a", "15.2(7)E2", 1 },
	{ "15.2(7)E2a", "15.2(7)E3", -1 },
	{ "15.2(7)E2a", "15.2(7)E2b", -1 },
	{ "12.4(25f)", "12.4(25)", 1 },
	{ "12.4(25f)", "12.4(26)", -1 },
	{ "12.4(25f)", "12.4(25g)", -1 },
	{ "12.2(33)SXJ10", "12.2(33)SXJ9", 1 },
	{ "16.9.4", "16.12.1", -1 },
	{ "16.9.4", "16.9.4", 0 },
	{ "17.3.1a", "17.3.1", 1 },
	{ "17.3.1a", "17.3.2", -1 },
	{ "16.12.04", "16.12.4", 0 },
	{ "17.06.03a", "17.6.3a", 0 },
	{ "17.9", "17.9.1", -1 },
	{ "3.16.4S", "3.16.10S", -1 },
	{ "03.16.04.S", "3.16.4S", 0 },
	{ "7.0(3)I7(9)", "7.0(3)I7(10)", -1 },
	{ "7.0(3)I7(9)", "7.0(3)I7(6)", 1 },
	{ "5.2(1)N1(9a)", "5.2(1)N1(9)", 1 },
	{ "6.0(2)N2(7)", "5.2(1)N2(9)", 1 },
	{ "9.3(8)", "9.3(10)", -1 },
	{ "9.3(8)", "10.2(3)", -1 },
	{ "10.2(5)M", "10.2(3)M", 1 },
};

/* Pairs that strict mode refuses and lenient mode orders as documented. */
static const struct vcase cisco_lenient[] = {
	{ "15.2(4)M11", "15.2(7)E2", -1 },	/* trains M and E */
	{ "7.0(3)I7(9)", "9.3(8)", -1 },	/* I7 and none */
	{ "7.0(3)I7(9)", "7.0(3)I4(8a)", 1 },	/* I7 and I4 */
	{ "16.9.4", "15.2(4)M11", 1 },		/* dotted and ( ) */
	{ "12.4(15)T14", "12.4(15)", 1 },	/* T and mainline */
};

static const char *const cisco_bad[] = {
	"15.2(4", "15.2(4)M11 ", "abc", "15.2(4)11", "12.2(55)SE12(", "16.9.4.1.2",
	"7.0(3)(9)", "7.0(3)I7(9", "15", "15.", ".2(4)M", "15.2()M", "12.2(55)SE12a(",
	"16.9.4a.1",
};

static const struct vcase junos_cases[] = {
	{ "21.4R3-S5", "21.4R3-S4", 1 },
	{ "21.4R3-S5", "21.4R3", 1 },
	{ "21.4R3", "21.4R2-S9", 1 },
	{ "18.4R2-S3.4", "18.4R2-S3", 1 },
	{ "18.4R2-S3.4", "18.4R2-S4", -1 },
	{ "15.1X49-D170.4", "15.1X49-D180", -1 },
	{ "15.1X49-D170.4", "15.1X49-D170.4", 0 },
	{ "20.2R1", "20.2R1.10", -1 },
	{ "12.3R6.6", "13.3R9.13", -1 },
	{ "20.2R1", "21.4R3-S5", -1 },
	{ "22.4R1-S1", "22.4R2", -1 },
	{ "21.4R3.6", "21.4R3-S1", -1 },
	{ "21.4R3-S5-EVO", "21.4R3-S4-EVO", 1 },
	{ "19.4R3-S9", "19.4R3-S10", -1 },
	{ "12.1X44-D40.2", "12.1X44-D35.5", 1 },
	{ "17.3R3-S7.2", "17.3R3-S7", 1 },
};

static const struct vcase junos_lenient[] = {
	{ "15.1X49-D170.4", "15.1R7", 1 },	/* X and R */
	{ "12.1X44-D40", "12.1X46-D10", -1 },	/* X44 and X46 trains */
	{ "21.4R3-EVO", "21.4R3", 1 },		/* Evolved and not */
};

static const char *const junos_bad[] = {
	"21.4", "21.4R", "21.4R3-S", "21.4R3-S5.4.1", "21.4r3", "R3", "21.4R3-X1",
	"21.4R3-S5-S6", "21.4R3.1.2", "21.4R3-EVO-EVO", "21.4R3-", "x21.4R3",
};

/* semver.org's own precedence example, in order. */
static const char *const semver_chain[] = {
	"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
	"1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0",
	"2.0.0", "10.0.0", "18446744073709551617.0.0",
};

static const struct vcase semver_cases[] = {
	{ "1.0.0+build.1", "1.0.0+build.2", 0 },
	{ "1.0.0-alpha+001", "1.0.0-alpha", 0 },
	{ "1.0.0-x-y-z.--", "1.0.0-x-y-z.-", 1 },
	{ "1.0.0-0.3.7", "1.0.0-0.3.7.0", -1 },
	{ "1.0.0-1", "1.0.0-a", -1 },
	{ "1.0.0-alpha.10", "1.0.0-alpha.9", 1 },
};

static const char *const semver_bad[] = {
	"1.0", "01.0.0", "1.00.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0",
	"1.0.0-alpha..1", "1.0.0-alpha_1", "1.0.0.0", "1.0.0+a+b", "-1.0.0", "1.0.0-a.",
};

static const struct vcase generic_cases[] = {
	{ "4.28.3M", "4.28.10M", -1 },
	{ "4.21.1.1F", "4.21.1F", 1 },
	{ "1.0", "1.0.0", 0 },
	{ "1.0rc1", "1.0", -1 },
	{ "1.0-beta2", "1.0-beta10", -1 },
	{ "1.0", "1.0a", -1 },
	{ "2.0beta", "2.0alpha", 1 },
	{ "1.10", "1.9", 1 },
	{ "1.0~1", "1.0", -1 },
	{ "v2", "v10", -1 },
	{ "1.0.1", "1.0a", 1 },
	{ "OpenSSH_9.2p1", "OpenSSH_8.9p1", 1 },
	{ "2023.10", "2023.9.30", 1 },
};

static int
cmp(enum version_scheme s, int flags, const char *a, const char *b, int *res,
    char **cause)
{
	free(*cause);
	*cause = NULL;
	*res = 99;
	return version_compare(s, flags, a, b, res, cause);
}

/* Runs a table both ways round: every ordering must be antisymmetric. */
static void
run_table(enum version_scheme s, int flags, const struct vcase *c, size_t n)
{
	char *cause = NULL;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (cmp(s, flags, c[i].a, c[i].b, &r, &cause) != 0)
			fail_msg("%s: %s vs %s: %s", version_scheme_name(s), c[i].a,
			    c[i].b, cause);
		if (r != c[i].want)
			fail_msg("%s: %s vs %s: got %d, want %d",
			    version_scheme_name(s), c[i].a, c[i].b, r, c[i].want);
		if (cmp(s, flags, c[i].b, c[i].a, &r, &cause) != 0 || r != -c[i].want)
			fail_msg("%s: %s vs %s (reversed): got %d, want %d",
			    version_scheme_name(s), c[i].b, c[i].a, r, -c[i].want);
	}
	free(cause);
}

static void
run_bad(enum version_scheme s, const char *const *bad, size_t n, const char *good)
{
	char *cause = NULL;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (cmp(s, 0, bad[i], good, &r, &cause) != -1)
			fail_msg("%s: '%s' accepted", version_scheme_name(s), bad[i]);
		assert_non_null(cause);
		assert_int_equal(r, 99);	/* no result on error */
		if (cmp(s, 0, good, bad[i], &r, &cause) != -1)
			fail_msg("%s: '%s' accepted (2nd)", version_scheme_name(s),
			    bad[i]);
		assert_int_equal(version_check(s, 0, bad[i], NULL), -1);
	}
	assert_int_equal(version_check(s, 0, good, NULL), 0);
	free(cause);
}

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_dpkg_table(void **state)
{
	(void)state;
	assert_true(N(dpkg_cases) >= 60);
	run_table(VERSION_DPKG, 0, dpkg_cases, N(dpkg_cases));
}

static void
test_dpkg_errors(void **state)
{
	/* hard errors in dpkg itself: refused in both modes */
	static const char *const hard[] = { ":1", "1:", "1.0-", "1.0-a-", "a:1",
	    "99999999999:1", "2147483648:1", "1.0-1:2", "-1:1", "", "1:-1" };
	/* dpkg only warns about these: refused when strict, ordered as dpkg when lenient */
	static const struct vcase warn[] = {
		{ "abc", "1", 1 }, { "1:abc", "1", 1 }, { "1.0_x", "1", 1 },
		{ "1.0@x", "1.0", 1 }, { "1.0=", "1.0", 1 },
	};
	char *cause = NULL;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < N(hard); i++) {
		if (cmp(VERSION_DPKG, 0, hard[i], "1", &r, &cause) != -1 ||
		    cmp(VERSION_DPKG, VERSION_LENIENT, hard[i], "1", &r, &cause) != -1)
			fail_msg("dpkg: '%s' accepted", hard[i]);
	}
	assert_int_equal(cmp(VERSION_DPKG, 0, "2147483647:1", "1", &r, &cause), 0);
	assert_int_equal(r, 1);
	for (i = 0; i < N(warn); i++) {
		if (cmp(VERSION_DPKG, 0, warn[i].a, warn[i].b, &r, &cause) != -1)
			fail_msg("dpkg strict: '%s' accepted", warn[i].a);
		assert_non_null(strstr(cause, warn[i].a));
	}
	run_table(VERSION_DPKG, VERSION_LENIENT, warn, N(warn));
	free(cause);
}

/* Runs `dpkg --compare-versions a op b` without a shell; returns its exit status. */
static int
dpkg_says(const char *a, const char *op, const char *b)
{
	char *argv[] = { "dpkg", "--compare-versions", (char *)a, (char *)op,
	    (char *)b, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, "dpkg", &fa, NULL, argv, NULL);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		fail_msg("cannot run dpkg: %s", strerror(rc));
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		fail_msg("dpkg did not exit normally");
	return WEXITSTATUS(st);
}

/* Random well-formed versions, so that dpkg's ordering is tested beyond the table. */
static void
random_dpkg_version(char *out, size_t size, unsigned *seed)
{
	static const char up[] = "0123456789012345.~+abz";
	static const char rev[] = "0123456789.~+abu";
	size_t n = 0, k, len;

	if (rand_r(seed) % 4 == 0)
		n += (size_t)snprintf(out + n, size - n, "%d:", rand_r(seed) % 3);
	out[n++] = (char)('0' + rand_r(seed) % 10);
	len = (size_t)(rand_r(seed) % 7);
	for (k = 0; k < len; k++)
		out[n++] = up[rand_r(seed) % (sizeof(up) - 1)];
	if (rand_r(seed) % 2) {
		out[n++] = '-';
		len = 1 + (size_t)(rand_r(seed) % 5);
		for (k = 0; k < len; k++)
			out[n++] = rev[rand_r(seed) % (sizeof(rev) - 1)];
	}
	out[n] = '\0';
}

static void
test_dpkg_live(void **state)
{
	char a[64], b[64], *cause = NULL;
	unsigned seed = 20240501;
	int i, r, want, compared = 0;

	(void)state;
	for (i = 0; i < 150; i++) {
		random_dpkg_version(a, sizeof(a), &seed);
		/* half the pairs share a prefix, so that the interesting tails meet */
		if (i % 2) {
			memcpy(b, a, sizeof(b));
			random_dpkg_version(b + strlen(a) / 2, sizeof(b) - strlen(a) / 2,
			    &seed);
		} else
			random_dpkg_version(b, sizeof(b), &seed);
		if (dpkg_says(a, "lt", b) == 0)
			want = -1;
		else if (dpkg_says(a, "eq", b) == 0)
			want = 0;
		else
			want = 1;
		/* lenient: a half-copied b may have an empty revision etc., dpkg says 2 */
		if (cmp(VERSION_DPKG, VERSION_LENIENT, a, b, &r, &cause) == -1) {
			if (dpkg_says(a, "lt", b) != 2)
				fail_msg("'%s' vs '%s': refused (%s) but dpkg accepts",
				    a, b, cause);
			continue;
		}
		if (r != want)
			fail_msg("'%s' vs '%s': got %d, dpkg says %d", a, b, r, want);
		compared++;
	}
	assert_true(compared > 100);
	free(cause);
}

static void
test_rpm_table(void **state)
{
	char *cause = NULL;
	int r;

	(void)state;
	run_table(VERSION_RPM, 0, rpm_cases, N(rpm_cases));
	assert_int_equal(cmp(VERSION_RPM, 0, "1.0-", "1.0", &r, &cause), -1);
	assert_int_equal(cmp(VERSION_RPM, 0, "-1", "1.0", &r, &cause), -1);
	assert_int_equal(cmp(VERSION_RPM, 0, "1:", "1.0", &r, &cause), -1);
	free(cause);
}

static void
test_cisco(void **state)
{
	char *cause = NULL;
	size_t i;
	int r;

	(void)state;
	run_table(VERSION_CISCO_IOS, 0, cisco_cases, N(cisco_cases));
	run_table(VERSION_CISCO_IOS, VERSION_LENIENT, cisco_cases, N(cisco_cases));
	for (i = 0; i < N(cisco_lenient); i++) {
		if (cmp(VERSION_CISCO_IOS, 0, cisco_lenient[i].a, cisco_lenient[i].b,
		    &r, &cause) != -1)
			fail_msg("strict compared %s and %s", cisco_lenient[i].a,
			    cisco_lenient[i].b);
		assert_non_null(strstr(cause, "not comparable"));
	}
	run_table(VERSION_CISCO_IOS, VERSION_LENIENT, cisco_lenient,
	    N(cisco_lenient));
	run_bad(VERSION_CISCO_IOS, cisco_bad, N(cisco_bad), "15.2(4)M11");
	free(cause);
}

static void
test_junos(void **state)
{
	char *cause = NULL;
	size_t i;
	int r;

	(void)state;
	run_table(VERSION_JUNOS, 0, junos_cases, N(junos_cases));
	for (i = 0; i < N(junos_lenient); i++) {
		if (cmp(VERSION_JUNOS, 0, junos_lenient[i].a, junos_lenient[i].b, &r,
		    &cause) != -1)
			fail_msg("strict compared %s and %s", junos_lenient[i].a,
			    junos_lenient[i].b);
		assert_non_null(strstr(cause, "not comparable"));
	}
	run_table(VERSION_JUNOS, VERSION_LENIENT, junos_lenient, N(junos_lenient));
	run_bad(VERSION_JUNOS, junos_bad, N(junos_bad), "21.4R3-S5");
	free(cause);
}

static void
test_semver(void **state)
{
	char *cause = NULL;
	size_t i, j;
	int r;

	(void)state;
	for (i = 0; i < N(semver_chain); i++) {
		for (j = 0; j < N(semver_chain); j++) {
			if (cmp(VERSION_SEMVER, 0, semver_chain[i], semver_chain[j], &r,
			    &cause) != 0)
				fail_msg("%s: %s", semver_chain[i], cause);
			if (r != (i < j ? -1 : i > j))
				fail_msg("%s vs %s: got %d", semver_chain[i],
				    semver_chain[j], r);
		}
	}
	run_table(VERSION_SEMVER, 0, semver_cases, N(semver_cases));
	run_bad(VERSION_SEMVER, semver_bad, N(semver_bad), "1.2.3");
	assert_int_equal(cmp(VERSION_SEMVER, VERSION_LENIENT, "v1.2.3", "1.2.3", &r,
	    &cause), 0);
	assert_int_equal(r, 0);
	free(cause);
}

static void
test_generic(void **state)
{
	(void)state;
	run_table(VERSION_GENERIC, 0, generic_cases, N(generic_cases));
}

static void
test_bounds(void **state)
{
	char big[VERSION_MAX_LEN + 2], *cause = NULL;
	enum version_scheme s;
	int r;

	(void)state;
	memset(big, '1', sizeof(big));
	big[VERSION_MAX_LEN] = '\0';
	for (s = VERSION_GENERIC; s < VERSION_SCHEME_COUNT; s++) {
		/* exactly the cap: refused only by schemes whose syntax it breaks */
		big[VERSION_MAX_LEN] = '1';
		big[VERSION_MAX_LEN + 1] = '\0';
		if (cmp(s, 0, big, "1", &r, &cause) != -1)
			fail_msg("%s accepted %d bytes", version_scheme_name(s),
			    VERSION_MAX_LEN + 1);
		assert_non_null(strstr(cause, "longer than"));
		assert_int_equal(cmp(s, 0, NULL, "1", &r, &cause), -1);
		assert_int_equal(cmp(s, 0, "1\t2", "1", &r, &cause), -1);
		assert_int_equal(cmp(s, 0, "1\n", "1", &r, &cause), -1);
		assert_int_equal(cmp(s, 0, "1\xff", "1", &r, &cause), -1);
		assert_int_equal(cmp(s, 0, "", "1", &r, &cause), -1);
		/* a NULL cause is allowed */
		assert_int_equal(version_compare(s, 0, "", "1", &r, NULL), -1);
	}
	big[VERSION_MAX_LEN] = '\0';
	assert_int_equal(cmp(VERSION_DPKG, 0, big, big, &r, &cause), 0);
	assert_int_equal(r, 0);
	assert_int_equal(cmp(VERSION_GENERIC, 0, big, "2", &r, &cause), 0);
	assert_int_equal(r, 1);
	assert_int_equal(version_compare(VERSION_SCHEME_COUNT, 0, "1", "1", &r,
	    &cause), -1);
	free(cause);
}

static void
test_scheme_names(void **state)
{
	enum version_scheme s;
	char *cause = NULL;

	(void)state;
	for (s = VERSION_GENERIC; s < VERSION_SCHEME_COUNT; s++) {
		enum version_scheme back = VERSION_SCHEME_COUNT;
		assert_int_equal(version_scheme_parse(version_scheme_name(s), &back,
		    &cause), 0);
		assert_int_equal(back, s);
	}
	assert_int_equal(version_scheme_parse("DPKG", &s, &cause), 0);
	assert_int_equal(s, VERSION_DPKG);
	assert_int_equal(version_scheme_parse("nx-os", &s, &cause), 0);
	assert_int_equal(s, VERSION_CISCO_IOS);
	assert_int_equal(version_scheme_parse("windows", &s, &cause), -1);
	assert_non_null(strstr(cause, "windows"));
	assert_int_equal(version_scheme_parse(NULL, &s, &cause), -1);
	assert_string_equal(version_scheme_name(VERSION_SCHEME_COUNT), "unknown");

	assert_int_equal(version_scheme_guess("ios"), VERSION_CISCO_IOS);
	assert_int_equal(version_scheme_guess("iosxe"), VERSION_CISCO_IOS);
	assert_int_equal(version_scheme_guess("NX-OS"), VERSION_CISCO_IOS);
	assert_int_equal(version_scheme_guess("junos"), VERSION_JUNOS);
	assert_int_equal(version_scheme_guess("eos"), VERSION_GENERIC);
	assert_int_equal(version_scheme_guess("debian"), VERSION_DPKG);
	assert_int_equal(version_scheme_guess("ubuntu"), VERSION_DPKG);
	assert_int_equal(version_scheme_guess("rhel"), VERSION_RPM);
	assert_int_equal(version_scheme_guess("ol"), VERSION_RPM);
	assert_int_equal(version_scheme_guess("oldos"), VERSION_GENERIC);
	assert_int_equal(version_scheme_guess("linux"), VERSION_GENERIC);
	assert_int_equal(version_scheme_guess(NULL), VERSION_GENERIC);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_table),
		cmocka_unit_test(test_dpkg_errors),
		cmocka_unit_test(test_dpkg_live),
		cmocka_unit_test(test_rpm_table),
		cmocka_unit_test(test_cisco),
		cmocka_unit_test(test_junos),
		cmocka_unit_test(test_semver),
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_scheme_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
