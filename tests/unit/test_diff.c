/* test_diff: common/diff against GNU `diff -u` on real corpus configs with small edits, a patch
 * round trip (applying our hunks to the old text gives the new text), volatile lines, and the
 * bounds on huge or wholly different inputs. */
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

#include "common/buf.h"
#include "common/diff.h"
#include "tests/unit/corpus.h"

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	fclose(f);
	*len = b.len;
	return buf_take(&b);
}

static void
write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Drops the two header lines of a unified diff (labels and times differ). */
static const char *
skip_headers(const char *s)
{
	int i;

	for (i = 0; i < 2 && s && *s; i++) {
		s = strchr(s, '\n');
		s = s ? s + 1 : "";
	}
	return s ? s : "";
}

/* Runs GNU diff -u [extra] on two texts; returns its output (headers included). */
static char *
gnu_diff(const char *a, size_t alen, const char *b, size_t blen, const char *extra)
{
	char dir[] = "/tmp/netloom-diff.XXXXXX", pa[64], pb[64], cmd[400];
	FILE *p;
	struct buf out;
	char chunk[65536];
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(pa, sizeof pa, "%s/a", dir);
	snprintf(pb, sizeof pb, "%s/b", dir);
	write_file(pa, a, alen);
	write_file(pb, b, blen);
	snprintf(cmd, sizeof cmd, "diff -u %s '%s' '%s'", extra, pa, pb);
	assert_non_null(p = popen(cmd, "r"));
	buf_init(&out, 0);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		assert_int_equal(buf_append(&out, chunk, n), 0);
	pclose(p);
	unlink(pa);
	unlink(pb);
	rmdir(dir);
	return buf_take(&out);
}

/* Applies a unified diff to a; fails the test on any mismatch; returns the result. */
static char *
apply(const char *a, size_t alen, const char *d)
{
	struct buf res;
	size_t apos = 0, aline = 0;
	const char *p = d, *dend = d + strlen(d);
	int in_hunk = 0;

	buf_init(&res, 0);
	while (*p) {
		/* memchr, not strchr: ASan's strchr measures the whole rest on every call */
		const char *eol = memchr(p, '\n', (size_t)(dend - p));
		size_t ll = eol ? (size_t)(eol - p) : (size_t)(dend - p);

		if (strncmp(p, "@@ -", 4) == 0) {
			in_hunk = 1;
		}
		if (!in_hunk) {
			;
		} else if (strncmp(p, "@@ -", 4) == 0) {
			size_t start = strtoul(p + 4, NULL, 10), want = start ? start - 1 : 0;
			const char *comma = memchr(p, ',', ll), *sp = memchr(p + 4, ' ', ll - 4);

			/* an empty range names the line before it */
			if (comma && comma < sp && strtoul(comma + 1, NULL, 10) == 0)
				want = start;
			while (aline < want) {
				const char *nl = memchr(a + apos, '\n', alen - apos);
				size_t e = nl ? (size_t)(nl - a) + 1 : alen;

				assert_int_equal(buf_append(&res, a + apos, e - apos), 0);
				apos = e;
				aline++;
			}
		} else if (p[0] == ' ' || p[0] == '-' || p[0] == '+') {
			int nonl = eol && strncmp(eol + 1, "\\ No newline", 12) == 0;

			if (p[0] != '+') {
				assert_true(apos + ll - 1 <= alen);
				assert_memory_equal(a + apos, p + 1, ll - 1);
				apos += ll - 1;
				if (!nonl) {
					assert_int_equal(a[apos], '\n');
					apos++;
				}
				aline++;
			}
			if (p[0] != '-') {
				assert_int_equal(buf_append(&res, p + 1, ll - 1), 0);
				if (!nonl)
					assert_int_equal(buf_append(&res, "\n", 1), 0);
			}
		}
		p = eol ? eol + 1 : p + ll;
	}
	assert_int_equal(buf_append(&res, a + apos, alen - apos), 0);
	return buf_take(&res);
}

/* Our diff of a and b: same hunks as GNU diff, and it patches a into b. */
static void
check_pair(const char *a, size_t alen, const char *b, size_t blen, const char *what)
{
	struct buf out;
	struct diff_stats st;
	char *cause = NULL, *gnu, *patched;

	buf_init(&out, 0);
	if (diff_unified(a, alen, b, blen, NULL, &out, &st, &cause) == -1)
		fail_msg("%s: %s", what, cause);
	gnu = gnu_diff(a, alen, b, blen, "");
	if (strcmp(skip_headers(out.data ? out.data : ""), skip_headers(gnu)) != 0)
		fail_msg("%s: differs from GNU diff\n--- ours:\n%s\n--- gnu:\n%s", what,
		    out.data ? out.data : "", gnu);
	patched = apply(a, alen, out.data ? out.data : "");
	assert_int_equal(strlen(patched), blen);
	assert_memory_equal(patched, b, blen);
	assert_int_equal(st.hunks == 0, alen == blen && memcmp(a, b, alen) == 0);
	free(patched);
	free(gnu);
	buf_free(&out);
}

/* Byte offset of the start of line k (0-based), or len. */
static size_t
line_off(const char *s, size_t len, size_t k)
{
	size_t i = 0;

	while (k > 0 && i < len) {
		if (s[i++] == '\n')
			k--;
	}
	return i;
}

static size_t
count_lines(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Replaces lines [k, k+del) of s with ins. */
static char *
edit(const char *s, size_t len, size_t k, size_t del, const char *ins, size_t *outlen)
{
	struct buf b;
	size_t o0 = line_off(s, len, k), o1 = line_off(s, len, k + del);

	buf_init(&b, 0);
	assert_int_equal(buf_append(&b, s, o0), 0);
	assert_int_equal(buf_puts(&b, ins), 0);
	assert_int_equal(buf_append(&b, s + o1, len - o1), 0);
	*outlen = b.len;
	return buf_take(&b);
}

static void
test_corpus_vs_gnu(void **state)
{
	static const char *dirs[] = { "ios", "eos", "junos", "nxos" };
	char path[1024], what[1200];
	size_t d, files = 0, pairs = 0;

	(void)state;
	for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		DIR *dp;
		struct dirent *de;

		snprintf(path, sizeof path, "%s/%s", corpus_dir(), dirs[d]);
		assert_non_null(dp = opendir(path));
		while ((de = readdir(dp)) != NULL) {
			char *a, *b, *c;
			size_t alen, blen, clen, n;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s/%s", corpus_dir(), dirs[d],
			    de->d_name);
			if ((a = read_file(path, &alen)) == NULL)
				continue;
			n = count_lines(a, alen);
			if (n < 12) {
				free(a);
				continue;
			}
			files++;
			snprintf(what, sizeof what, "%s/%s", dirs[d], de->d_name);
			/* identical */
			check_pair(a, alen, a, alen, what);
			/* one line changed in the middle */
			b = edit(a, alen, n / 2, 1, " description changed by netloom test\n", &blen);
			check_pair(a, alen, b, blen, what);
			/* a line deleted near the start, a block inserted near the end */
			c = edit(b, blen, 2, 1, "", &clen);
			free(b);
			b = edit(c, clen, n - 4, 0, "ntp server 192.0.2.123\nlogging host 192.0.2.7\n",
			    &blen);
			check_pair(a, alen, b, blen, what);
			/* the old text's last line loses its newline */
			if (alen > 0 && a[alen - 1] == '\n')
				check_pair(a, alen, a, alen - 1, what);
			/* everything replaced */
			check_pair(a, alen, "hostname other\n", 15, what);
			check_pair("", 0, a, alen, what);
			pairs += 6;
			free(b);
			free(c);
			free(a);
		}
		closedir(dp);
	}
	fprintf(stderr, "# %zu corpus files, %zu pairs compared with GNU diff\n", files, pairs);
	assert_true(files >= 20);
}

static int
is_last_change(const char *line, size_t len, void *arg)
{
	(void)arg;
	return len >= 27 && memcmp(line, "! Last configuration change", 27) == 0;
}

static void
test_volatile(void **state)
{
	const char *a = "! Last configuration change at 10:00 UTC Mon Mar 1 2021\n"
	    "hostname r1\n!\ninterface Gi0/1\n description up\n!\nend\n";
	const char *b = "! Last configuration change at 11:30 UTC Tue Mar 2 2021\n"
	    "hostname r1\n!\ninterface Gi0/1\n description up\n!\nend\n";
	const char *c = "! Last configuration change at 11:30 UTC Tue Mar 2 2021\n"
	    "hostname r1\n!\ninterface Gi0/1\n description down\n!\nend\n";
	struct diff_opts o = { .context = 3, .ignore = is_last_change };
	struct diff_stats st;
	struct buf out;
	char *cause = NULL, *gnu;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(diff_unified(a, strlen(a), b, strlen(b), &o, &out, &st, &cause), 0);
	assert_int_equal(st.hunks, 0);
	assert_int_equal(out.len, 0);
	/* without the predicate it is a difference */
	assert_int_equal(diff_unified(a, strlen(a), b, strlen(b), NULL, &out, &st, &cause), 0);
	assert_int_equal(st.hunks, 1);
	buf_reset(&out);
	/* a real change near a volatile one: shown with it, as GNU diff -I shows it */
	assert_int_equal(diff_unified(a, strlen(a), c, strlen(c), &o, &out, &st, &cause), 0);
	assert_int_equal(st.hunks, 1);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.removed, 1);
	gnu = gnu_diff(a, strlen(a), c, strlen(c), "-I '^! Last configuration change'");
	assert_string_equal(skip_headers(out.data), skip_headers(gnu));
	free(gnu);
	/* volatile_context: the clock line is context with its new text, not a change */
	o.volatile_context = 1;
	buf_reset(&out);
	assert_int_equal(diff_unified(a, strlen(a), c, strlen(c), &o, &out, &st, &cause), 0);
	assert_string_equal(out.data, "--- a\n+++ b\n@@ -2,6 +2,6 @@\n hostname r1\n !\n"
	    " interface Gi0/1\n- description up\n+ description down\n !\n end\n");
	buf_reset(&out);
	assert_int_equal(diff_unified(a, strlen(a), b, strlen(b), &o, &out, &st, &cause), 0);
	assert_int_equal(st.hunks, 0);
	{
		const char *d = "! Last configuration change at 12:00 UTC Tue Mar 2 2021\n"
		    "hostname r2\n!\ninterface Gi0/1\n description up\n!\nend\n";

		buf_reset(&out);
		assert_int_equal(diff_unified(a, strlen(a), d, strlen(d), &o, &out, &st, &cause), 0);
		assert_string_equal(out.data, "--- a\n+++ b\n@@ -1,5 +1,5 @@\n"
		    " ! Last configuration change at 12:00 UTC Tue Mar 2 2021\n-hostname r1\n"
		    "+hostname r2\n !\n interface Gi0/1\n  description up\n");
	}
	buf_free(&out);
}

/* GNU diff -I on a real config where the volatile change is far from the real one. */
static void
test_volatile_corpus(void **state)
{
	char path[1024], *a, *b, *c, *gnu;
	size_t alen, blen, clen;
	struct diff_opts o = { .context = 3, .ignore = is_last_change };
	struct diff_stats st;
	struct buf out;
	char *cause = NULL;

	(void)state;
	snprintf(path, sizeof path, "%s/ios/napalm-ios-show_running_config.txt",
	    corpus_dir());
	assert_non_null(a = read_file(path, &alen));
	b = edit(a, alen, 0, 0, "! Last configuration change at 09:12:01 UTC Fri Jan 2 2026\n",
	    &blen);
	c = edit(a, alen, 0, 0, "! Last configuration change at 17:40:55 UTC Sat Jan 3 2026\n",
	    &clen);
	buf_init(&out, 0);
	assert_int_equal(diff_unified(b, blen, c, clen, &o, &out, &st, &cause), 0);
	assert_int_equal(st.hunks, 0);
	free(c);
	c = edit(b, blen, 45, 1, "", &clen);	/* "ip domain name example.local" */
	free(b);
	b = edit(a, alen, 0, 0, "! Last configuration change at 17:40:55 UTC Sat Jan 3 2026\n",
	    &blen);
	assert_int_equal(diff_unified(b, blen, c, clen, &o, &out, &st, &cause), 0);
	gnu = gnu_diff(b, blen, c, clen, "-I '^! Last configuration change'");
	assert_string_equal(skip_headers(out.data), skip_headers(gnu));
	assert_int_equal(st.hunks, 1);
	assert_non_null(strstr(out.data, "\n-ip domain name example.local\n"));
	assert_null(strstr(out.data, "Last configuration"));
	free(gnu);
	free(a);
	free(b);
	free(c);
	buf_free(&out);
}

static char *
numbered(size_t n, char tag, size_t *len)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "line %c %zu\n", tag, i), 0);
	*len = b.len;
	return buf_take(&b);
}

/* Wholly different large inputs: the budget bounds the time, the diff stays correct. */
static void
test_bounded(void **state)
{
	size_t alen, blen, n = 200000;
	char *a = numbered(n, 'a', &alen), *b = numbered(n, 'b', &blen);
	struct diff_opts o = { .context = 3, .budget = 1000000 };
	struct diff_stats st;
	struct buf out;
	char *cause = NULL, *patched;
	struct timespec t0, t1;
	double secs;

	(void)state;
	buf_init(&out, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(diff_unified(a, alen, b, blen, &o, &out, &st, &cause), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "# 200k x 200k different lines: %.2f s\n", secs);
	assert_true(secs < 10.0);
	assert_int_equal(st.removed, n);
	assert_int_equal(st.added, n);
	patched = apply(a, alen, out.data);
	assert_int_equal(strlen(patched), blen);
	assert_memory_equal(patched, b, blen);
	free(patched);

	/* many scattered edits past the budget: approximate but still a correct diff */
	{
		char *c;
		size_t clen, i;
		struct buf e;

		buf_init(&e, 0);
		for (i = 0; i < n; i++)
			assert_int_equal(buf_printf(&e, "%s %zu\n",
			    i % 7 == 3 ? "changed" : "line a", i), 0);
		clen = e.len;
		c = buf_take(&e);
		buf_reset(&out);
		o.budget = 200000;
		assert_int_equal(diff_unified(a, alen, c, clen, &o, &out, &st, &cause), 0);
		assert_int_equal(st.approximate, 1);
		patched = apply(a, alen, out.data);
		assert_int_equal(strlen(patched), clen);
		assert_memory_equal(patched, c, clen);
		free(patched);
		free(c);
	}
	/* the output cap is an error, not a truncated diff */
	{
		struct buf small;

		buf_init(&small, 1000);
		assert_int_equal(diff_unified(a, alen, b, blen, &o, &small, &st, &cause), -1);
		assert_non_null(strstr(cause, "output larger"));
		assert_int_equal(small.len, 0);
		free(cause);
		buf_free(&small);
	}
	free(a);
	free(b);
	buf_free(&out);
}

static void
test_small_cases(void **state)
{
	static const struct { const char *a, *b; } cases[] = {
		{ "", "" }, { "", "x\n" }, { "x\n", "" }, { "x", "x\n" }, { "x\n", "x" },
		{ "a\nb\nc\n", "a\nc\n" }, { "a\nb\nc\n", "a\nB\nc\n" },
		{ "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\n" },
		{ "a\nb\nc\nd\ne\nf\ng\nh\n", "A\nb\nc\nd\ne\nf\ng\nH\n" },
		{ "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n" },
		{ "a\r\nb\r\n", "a\r\nc\r\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_pair(cases[i].a, strlen(cases[i].a), cases[i].b, strlen(cases[i].b), "small");
}

/* Labels and stats; a binary NUL inside a line is kept. */
static void
test_labels(void **state)
{
	struct diff_opts o = { .context = 0, .label_a = "old/running-config",
	    .label_b = "new/running-config" };
	struct diff_stats st;
	struct buf out;
	char *cause = NULL;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(diff_unified("a\nb\nc\n", 6, "a\nx\nc\n", 6, &o, &out, &st, &cause), 0);
	assert_string_equal(out.data, "--- old/running-config\n+++ new/running-config\n"
	    "@@ -2 +2 @@\n-b\n+x\n");
	assert_int_equal(st.hunks, 1);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_cases),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_volatile),
		cmocka_unit_test(test_volatile_corpus),
		cmocka_unit_test(test_corpus_vs_gnu),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
