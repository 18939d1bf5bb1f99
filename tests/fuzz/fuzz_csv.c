/* libFuzzer harness for common/csv: byte 0 picks the caps (small ones reach the
 * too-big-record paths), the rest is the CSV in an exact-size buffer so that ASan
 * catches a read past its end. Every record read must respect the caps, lines never go
 * backwards, and each record written back with csv_put must read back identical. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
roundtrip(const struct csv_reader *r)
{
	struct csv_reader *back = NULL;
	struct buf b;
	size_t i, n = csv_nfields(r);

	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		if (csv_put(&b, csv_field(r, i), i == 0, (int)(i & 1)) == -1)
			abort();
	if (csv_end(&b) == -1)
		abort();
	if (csv_reader_new(&back, b.data ? b.data : "", b.len, 0, 0, NULL) == -1)
		abort();
	if (csv_read(back, NULL) != 1 || csv_nfields(back) != n)
		abort();
	for (i = 0; i < n; i++) {
		const char *got = csv_field(back, i);
		if (i & 1)
			got = csv_unneutralise(got);	/* neutralised on the way out */
		if (strcmp(got, csv_field(r, i)) != 0)
			abort();
	}
	csv_reader_free(&back);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r = NULL;
	size_t max_field, max_fields, i;
	char *copy, *cause = NULL;
	long line = 0;
	int rc;

	if (size < 1)
		return 0;
	max_field = (data[0] & 0x0f) ? (size_t)(data[0] & 0x0f) * 4 : 0;
	max_fields = (data[0] >> 4) ? (size_t)(data[0] >> 4) : 0;
	if ((copy = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	if (csv_reader_new(&r, copy, size - 1, max_field, max_fields, &cause) == -1) {
		free(cause);
		free(copy);
		return 0;
	}
	for (;;) {
		rc = csv_read(r, &cause);
		free(cause);
		cause = NULL;
		if (rc == 0)
			break;
		if (rc == -1) {
			if (csv_reader_broken(r))
				break;
			continue;
		}
		if (csv_nfields(r) < 1 || csv_nfields(r) > (max_fields ? max_fields :
		    CSV_MAX_FIELDS) || csv_line(r) < line)
			abort();
		line = csv_line(r);
		for (i = 0; i < csv_nfields(r); i++)
			if (strlen(csv_field(r, i)) > (max_field ? max_field : CSV_MAX_FIELD))
				abort();
		roundtrip(r);
	}
	csv_reader_free(&r);
	free(copy);
	return 0;
}
