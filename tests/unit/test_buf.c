/* Unit tests for common/buf: buf_printf formats in place when the text fits, grows when
 * it does not, and leaves the buffer unchanged when the cap refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common/buf.h"

static void
test_printf_fits_and_grows(void **state)
{
	struct buf b;
	char big[1000];
	size_t i;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_printf(&b, "%s %d", "a", 1), 0);
	assert_string_equal(b.data, "a 1");
	assert_int_equal(b.len, 3);
	/* in place: room left after the first allocation */
	assert_int_equal(buf_printf(&b, "|%05d|", 42), 0);
	assert_string_equal(b.data, "a 1|00042|");
	assert_int_equal(b.len, 10);
	/* larger than the room: the text is whole, not the truncated first attempt */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(buf_printf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, 10 + 2 + sizeof big - 1);
	assert_int_equal(b.data[10], '<');
	assert_int_equal(b.data[b.len - 1], '>');
	assert_int_equal(b.data[b.len], '\0');
	for (i = 11; i < b.len - 1; i++)
		assert_int_equal(b.data[i], 'x');
	buf_free(&b);
}

static void
test_printf_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_printf(&b, "%s", "12345"), 0);
	/* fits the allocation (256) but not the cap of 8: refused, buffer unchanged */
	assert_int_equal(buf_printf(&b, "%s", "6789"), -1);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");
	assert_int_equal(buf_printf(&b, "%s", "678"), 0);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(buf_printf(&b, "%s", "9"), -1);
	assert_string_equal(b.data, "12345678");
	buf_free(&b);
	/* the cap also holds when the text would need a new allocation */
	buf_init(&b, 4);
	assert_int_equal(buf_printf(&b, "%s", "12345"), -1);
	assert_null(b.data);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_fits_and_grows),
		cmocka_unit_test(test_printf_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
