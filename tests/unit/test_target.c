#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scanner/target.h"

/* Collects up to max addresses as text, joined by spaces. */
static char *
collect(struct target_set *ts, size_t max, uint64_t *skipped)
{
	static char out[8192];
	struct sockaddr_storage ss;
	struct target_iter *it;
	socklen_t len;
	char a[INET6_ADDRSTRLEN];
	size_t n = 0;

	out[0] = '\0';
	it = target_iter_new(ts);
	assert_non_null(it);
	while (n < max && target_iter_next(it, &ss, &len, skipped) == 1) {
		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof a);
		else
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof a);
		if (n)
			strcat(out, " ");
		strcat(out, a);
		n++;
	}
	target_iter_free(&it);
	return out;
}

static struct target_set *
set_of(const char *spec)
{
	struct target_set *ts = target_set_new();
	char *cause = NULL;

	assert_non_null(ts);
	if (target_set_add(ts, spec, 0, &cause) != 0)
		fail_msg("%s: %s", spec, cause);
	return ts;
}

static void
t_single_and_cidr(void **state)
{
	struct target_set *ts;

	(void)state;
	ts = set_of("10.0.0.5");
	assert_string_equal(collect(ts, 10, NULL), "10.0.0.5");
	target_set_free(&ts);
	assert_null(ts);

	ts = set_of("192.168.1.7/30");
	assert_int_equal(target_set_total(ts), 4);
	assert_string_equal(collect(ts, 10, NULL), "192.168.1.4 192.168.1.5 192.168.1.6 192.168.1.7");
	target_set_free(&ts);

	ts = set_of("2001:db8::/126");
	assert_int_equal(target_set_total(ts), 4);
	assert_string_equal(collect(ts, 10, NULL), "2001:db8:: 2001:db8::1 2001:db8::2 2001:db8::3");
	target_set_free(&ts);

	ts = set_of("0.0.0.0/0");
	assert_int_equal(target_set_total(ts), 4294967296ull);
	assert_string_equal(collect(ts, 2, NULL), "0.0.0.0 0.0.0.1");
	target_set_free(&ts);
}

static void
t_huge_ranges_stream(void **state)
{
	struct target_set *ts;

	(void)state;
	ts = set_of("10.0.0.0/8");
	assert_int_equal(target_set_total(ts), 16777216);
	assert_int_equal(target_set_ranges(ts), 1);
	assert_string_equal(collect(ts, 3, NULL), "10.0.0.0 10.0.0.1 10.0.0.2");
	target_set_free(&ts);

	ts = set_of("fe80::/64");
	assert_int_equal(target_set_total(ts), UINT64_MAX);
	assert_string_equal(collect(ts, 2, NULL), "fe80:: fe80::1");
	target_set_free(&ts);

	ts = set_of("::/0");
	assert_int_equal(target_set_total(ts), UINT64_MAX);
	target_set_free(&ts);
}

static void
t_ranges(void **state)
{
	struct target_set *ts;

	(void)state;
	ts = set_of("10.0.0.5-8");
	assert_string_equal(collect(ts, 10, NULL), "10.0.0.5 10.0.0.6 10.0.0.7 10.0.0.8");
	target_set_free(&ts);

	ts = set_of("10.0.0.254-10.0.1.1");
	assert_string_equal(collect(ts, 10, NULL), "10.0.0.254 10.0.0.255 10.0.1.0 10.0.1.1");
	target_set_free(&ts);

	ts = set_of("::fffe-::1:1");
	assert_int_equal(target_set_total(ts), 4);
	target_set_free(&ts);

	ts = set_of("255.255.255.254-255");
	assert_string_equal(collect(ts, 10, NULL), "255.255.255.254 255.255.255.255");
	target_set_free(&ts);
}

static void
t_exclude(void **state)
{
	struct target_set *ts;
	char *cause = NULL;
	uint64_t skipped = 0;

	(void)state;
	ts = set_of("10.0.0.0/29");
	assert_int_equal(target_set_add(ts, "10.0.0.2-4", 1, &cause), 0);
	assert_int_equal(target_set_add(ts, "10.0.0.7", 1, &cause), 0);
	assert_string_equal(collect(ts, 20, &skipped), "10.0.0.0 10.0.0.1 10.0.0.5 10.0.0.6");
	assert_int_equal(skipped, 4);
	target_set_free(&ts);

	/* Excluding all of a /8 must jump, not walk 16 million addresses. */
	ts = set_of("10.0.0.0/8");
	assert_int_equal(target_set_add(ts, "11.0.0.1", 0, &cause), 0);
	assert_int_equal(target_set_add(ts, "10.0.0.0/8", 1, &cause), 0);
	skipped = 0;
	assert_string_equal(collect(ts, 20, &skipped), "11.0.0.1");
	assert_int_equal(skipped, 16777216);
	target_set_free(&ts);

	/* An IPv4 exclusion does not touch IPv6 ranges. */
	ts = set_of("::1");
	assert_int_equal(target_set_add(ts, "0.0.0.0/0", 1, &cause), 0);
	assert_string_equal(collect(ts, 20, NULL), "::1");
	target_set_free(&ts);
}

static void
t_names(void **state)
{
	struct target_set *ts;

	(void)state;
	ts = set_of("localhost");
	assert_true(target_set_total(ts) >= 1);
	assert_non_null(strstr(collect(ts, 10, NULL), "127.0.0.1"));
	target_set_free(&ts);
}

static void
t_malformed(void **state)
{
	static const char *bad[] = {
		"10.0.0.300", "10.0.0.0/33", "::/129", "10.0.0.9-5", "10.0.0.1-::2",
		"10.0.0.1/", "10.0.0.1/-1", "bad name!", "", "@/nonexistent/file",
		"10.0.0.1-256", "x/24", "host.invalid",
	};
	struct target_set *ts = target_set_new();
	char *cause = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (target_set_add(ts, bad[i], 0, &cause) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(cause);
		assert_null(strchr(cause, '\n'));
		if (*bad[i] != '\0' && bad[i][0] != '@')
			assert_non_null(strstr(cause, bad[i]));
		free(cause);
		cause = NULL;
	}
	assert_int_equal(target_set_total(ts), 0);
	target_set_free(&ts);
}

static void
t_file(void **state)
{
	char path[] = "/tmp/netloom-targets-XXXXXX";
	struct target_set *ts = target_set_new();
	char *cause = NULL, spec[64];
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# lab\n10.1.1.1\n\n  10.1.1.5-6   # two\n", f);
	fclose(f);
	snprintf(spec, sizeof spec, "@%s", path);
	assert_int_equal(target_set_add(ts, spec, 0, &cause), 0);
	assert_string_equal(collect(ts, 10, NULL), "10.1.1.1 10.1.1.5 10.1.1.6");
	target_set_free(&ts);

	f = fopen(path, "w");
	fputs("10.1.1.1\n# fine\n10.1.1.999\n", f);
	fclose(f);
	ts = target_set_new();
	assert_int_equal(target_set_add(ts, spec, 0, &cause), -1);
	{
		char want[128];

		snprintf(want, sizeof want, "%s:3: 10.1.1.999", path);
		if (strncmp(cause, want, strlen(want)) != 0)
			fail_msg("cause '%s'", cause);
	}
	free(cause);
	target_set_free(&ts);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_single_and_cidr),
		cmocka_unit_test(t_huge_ranges_stream),
		cmocka_unit_test(t_ranges),
		cmocka_unit_test(t_exclude),
		cmocka_unit_test(t_names),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
