/* Unit tests for common/csv: RFC 4180 edge cases, hostile input, injection escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/csv.h"

static struct csv_reader *
rd(const char *data, size_t len, size_t maxf, size_t maxn)
{
	struct csv_reader *r = NULL;
	char *cause = NULL;

	if (csv_reader_new(&r, data, len, maxf, maxn, &cause) == -1)
		fail_msg("csv_reader_new: %s", cause);
	return r;
}

static void
expect_row(struct csv_reader *r, long line, size_t n, ...)
{
	char *cause = NULL;
	va_list ap;
	size_t i;

	if (csv_read(r, &cause) != 1)
		fail_msg("csv_read: %s", cause ? cause : "end of input");
	assert_int_equal(csv_line(r), line);
	assert_int_equal(csv_nfields(r), n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(csv_field(r, i), va_arg(ap, const char *));
	va_end(ap);
}

static void
expect_end(struct csv_reader *r)
{
	char *cause = NULL;

	assert_int_equal(csv_read(r, &cause), 0);
	assert_null(cause);
}

static void
t_basic_and_quoting(void **state)
{
	const char in[] = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n"
	    "\n\"\",last";
	struct csv_reader *r = rd(in, sizeof in - 1, 0, 0);

	(void)state;
	expect_row(r, 1, 3, "a", "b", "c");
	expect_row(r, 2, 3, "x, y", "say \"hi\"", "two\nlines");
	expect_row(r, 4, 3, "", "", "");	/* line 4: the quoted newline counted */
	expect_row(r, 5, 1, "");		/* an empty line is one empty field */
	expect_row(r, 6, 2, "", "last");	/* no final newline */
	expect_end(r);
	csv_reader_free(&r);
	assert_null(r);
}

static void
t_bom_cr_and_quotes_inside(void **state)
{
	const char in[] = "\xef\xbb\xbfTag,Model\r1,24\" monitor\r\"2\r\n3\",x\r";
	struct csv_reader *r = rd(in, sizeof in - 1, 0, 0);

	(void)state;
	expect_row(r, 1, 2, "Tag", "Model");		/* BOM is not part of the header */
	expect_row(r, 2, 2, "1", "24\" monitor");	/* a lone quote inside is text */
	expect_row(r, 3, 2, "2\r\n3", "x");
	expect_end(r);
	csv_reader_free(&r);
}

static void
t_unterminated_quote_is_fatal(void **state)
{
	const char in[] = "a,b\n1,\"never\nends,2\n3,4\n";
	struct csv_reader *r = rd(in, sizeof in - 1, 0, 0);
	char *cause = NULL;

	(void)state;
	expect_row(r, 1, 2, "a", "b");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_non_null(strstr(cause, "line 2:"));
	assert_true(csv_reader_broken(r));
	free(cause);
	cause = NULL;
	assert_int_equal(csv_read(r, &cause), -1);	/* and stays so */
	free(cause);
	csv_reader_free(&r);
}

static void
t_text_after_quote_and_nul(void **state)
{
	const char in1[] = "x\n\"a\"b,c\n";
	const char in2[] = "x\ny\0z\n";
	struct csv_reader *r = rd(in1, sizeof in1 - 1, 0, 0);
	char *cause = NULL;

	(void)state;
	expect_row(r, 1, 1, "x");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_string_equal(cause, "line 2: text after the closing quote of a field");
	free(cause);
	cause = NULL;
	csv_reader_free(&r);
	r = rd(in2, sizeof in2 - 1, 0, 0);
	expect_row(r, 1, 1, "x");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_string_equal(cause, "line 2: NUL byte in field");
	free(cause);
	csv_reader_free(&r);
}

static void
t_caps_skip_the_record(void **state)
{
	const char in[] = "ok,1\n0123456789abcdef,2\n\"quoted\nlong field here\",3\na,b,c,d,e\n"
	    "fine,4\n";
	struct csv_reader *r = rd(in, sizeof in - 1, 8, 4);
	char *cause = NULL;

	(void)state;
	expect_row(r, 1, 2, "ok", "1");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_string_equal(cause, "line 2: field longer than 8 bytes");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_string_equal(cause, "line 3: field longer than 8 bytes");
	assert_int_equal(csv_read(r, &cause), -1);
	assert_string_equal(cause, "line 5: more than 4 fields");
	assert_false(csv_reader_broken(r));
	expect_row(r, 6, 2, "fine", "4");
	expect_end(r);
	free(cause);
	csv_reader_free(&r);
}

static void
t_writer_round_trip_and_injection(void **state)
{
	static const char *const v[] = {
		"plain", "", "a,b", "say \"x\"", "multi\nline", "cr\rhere", "=1+2", "+x", "-5",
		"@SUM(A1)", "\tTab", "'=already", "`=snipe", "''", "'", "`", "ok'=", "=a,b",
		"Zoë Müller", " spaced ",
	};
	size_t n = sizeof v / sizeof v[0], i;
	struct csv_reader *r;
	struct buf b;
	char *cause = NULL;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(csv_put(&b, v[i], i == 0, 1), 0);
	assert_int_equal(csv_end(&b), 0);
	/* nothing a spreadsheet would evaluate starts a cell */
	assert_null(strstr(b.data, ",="));
	assert_null(strstr(b.data, ",+"));
	assert_null(strstr(b.data, ",-"));
	assert_null(strstr(b.data, ",@"));
	assert_null(strstr(b.data, ",\"="));
	assert_non_null(strstr(b.data, ",'=1+2,"));
	assert_non_null(strstr(b.data, ",\"'=a,b\""));
	r = rd(b.data, b.len, 0, 0);
	assert_int_equal(csv_read(r, &cause), 1);
	assert_int_equal(csv_nfields(r), n);
	for (i = 0; i < n; i++)
		assert_string_equal(csv_unneutralise(csv_field(r, i)), v[i]);
	expect_end(r);
	csv_reader_free(&r);
	/* a first cell starting with a BOM is quoted, or the reader takes it for the
	 * file's (found by fuzz_csv) */
	buf_reset(&b);
	assert_int_equal(csv_put(&b, "\xef\xbb\xbfTag", 1, 1), 0);
	assert_int_equal(csv_put(&b, "x", 0, 1), 0);
	assert_int_equal(csv_end(&b), 0);
	r = rd(b.data, b.len, 0, 0);
	assert_int_equal(csv_read(r, &cause), 1);
	assert_string_equal(csv_field(r, 0), "\xef\xbb\xbfTag");
	csv_reader_free(&r);
	buf_free(&b);
}

/* Random bytes never crash the reader or make it read out of bounds (ASan watches). */
static void
t_hostile_random(void **state)
{
	static const char alphabet[] = "a,\"\r\n\0\xef\xbb\xbf ";
	char *data, *cause = NULL;
	struct csv_reader *r;
	unsigned seed = 12345;
	int i, rc, guard;
	size_t len, j;

	(void)state;
	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % 64;
		assert_non_null(data = malloc(len ? len : 1));
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			data[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		r = rd(data, len, 4, 3);
		for (guard = 0; guard < 200; guard++) {
			rc = csv_read(r, &cause);
			if (rc == 0 || (rc == -1 && csv_reader_broken(r)))
				break;
		}
		assert_true(guard < 200);
		free(cause);
		cause = NULL;
		csv_reader_free(&r);
		free(data);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_basic_and_quoting),
		cmocka_unit_test(t_bom_cr_and_quotes_inside),
		cmocka_unit_test(t_unterminated_quote_is_fatal),
		cmocka_unit_test(t_text_after_quote_and_nul),
		cmocka_unit_test(t_caps_skip_the_record),
		cmocka_unit_test(t_writer_round_trip_and_injection),
		cmocka_unit_test(t_hostile_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
