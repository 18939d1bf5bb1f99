/* csv: an RFC 4180 reader and writer for spreadsheets people hand us (asset registers,
 * exports of other tools). Every byte of input is hostile: fields and rows are capped,
 * errors name the line, and the reader never reads past the buffer it was given. */
#ifndef NETLOOM_CSV_H
#define NETLOOM_CSV_H

#include <stddef.h>

#include "common/buf.h"

struct csv_reader;

#define CSV_MAX_FIELD	(64u * 1024)	/* bytes in one field */
#define CSV_MAX_FIELDS	1024u		/* fields in one record */

/* Reads from data[0..len) (borrowed: it must outlive the reader). A leading UTF-8 BOM is
 * skipped; records end with LF, CRLF or CR; quoted fields may hold separators, quotes
 * ("" for one) and line breaks. max_field/max_fields of 0 take the defaults above. */
int	csv_reader_new(struct csv_reader **rp, const char *data, size_t len,
	    size_t max_field, size_t max_fields, char **cause);
void	csv_reader_free(struct csv_reader **rp);

/* Reads the next record. Returns 1 with a record, 0 at the end of input, -1 on an error
 * whose cause starts with "line N: ". After a record that is merely too big the reader
 * has skipped it and the next call goes on; after a quoting error (an unterminated
 * quote, text after a closing quote, a NUL byte) the rest of the input cannot be
 * trusted and every later call fails again (csv_reader_broken() says so). */
int	csv_read(struct csv_reader *r, char **cause);
int	csv_reader_broken(const struct csv_reader *r);
/* The current record: its fields (borrowed until the next csv_read) and the line it
 * starts on (1-based). An empty line is one record with one empty field. */
size_t		 csv_nfields(const struct csv_reader *r);
const char	*csv_field(const struct csv_reader *r, size_t i);
long		 csv_line(const struct csv_reader *r);

/* Appends one field to b, quoted when it must be; first says whether it opens the
 * record (no leading comma). With neutralise set, a field that a spreadsheet would run
 * as a formula (starting with = + - @ TAB CR, after any leading quotes) gets a leading
 * apostrophe (OWASP "CSV injection"); csv_unneutralise() takes it off again. */
int	csv_put(struct buf *b, const char *s, int first, int neutralise);
/* Ends a record (CRLF, as RFC 4180 says). */
int	csv_end(struct buf *b);
/* Undoes the neutralisation of csv_put (apostrophe) and of Snipe-IT's (backtick): the
 * borrowed result points into s. */
const char *csv_unneutralise(const char *s);

/* An import's --map "Header=target,Other=target" (one CSV record, so a header may be
 * quoted): cb gets each header (not NUL-terminated: hl bytes) and its target, and returns
 * -1 with *cause set to stop. Empty or NULL map: nothing. Malformed: "--map: ..." error. */
typedef int (*csv_map_cb)(const char *header, size_t hl, const char *target, void *arg,
    char **cause);
int	csv_map_each(const char *map, csv_map_cb cb, void *arg, char **cause);

/* A header another tool writes for one of our fields. */
struct csv_alias {
	const char	*header;
	int		 field;
};
/* The field a header cell names: the first alias it equals (csv_header_eq), else the field
 * (0..nfields-1, not skip) whose own name(field) it equals; -1 when none. */
int	csv_header_field(const char *header, const struct csv_alias *aliases, size_t naliases,
	    const char *(*name)(int field), int nfields, int skip);
/* The field whose name(field) is exactly s, or -1. */
int	csv_field_named(const char *s, const char *(*name)(int field), int nfields);

/* Whether a header cell names want: case, surrounding blanks and '_' versus ' ' do not
 * matter ("Asset_Tag " names "asset tag"). */
int	csv_header_eq(const char *header, const char *want);

#endif
