#include "common/csv.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

#define CSV_MAX_RECORD	(4u * 1024 * 1024)

struct csv_reader {
	const char	*data;
	size_t		 len;
	size_t		 pos;
	long		 line;		/* line of data[pos] */
	long		 rec_line;	/* line the current record started on */
	int		 broken;
	size_t		 max_field;
	size_t		 max_fields;
	struct buf	 rec;		/* fields, each NUL-terminated */
	size_t		*off;		/* start of each field in rec */
	size_t		 nf;
	const char	**fields;
};

int
csv_reader_new(struct csv_reader **rp, const char *data, size_t len, size_t max_field,
    size_t max_fields, char **cause)
{
	struct csv_reader *r;

	*rp = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(cause, "out of memory");
	r->data = data;
	r->len = len;
	r->line = 1;
	r->max_field = max_field ? max_field : CSV_MAX_FIELD;
	r->max_fields = max_fields ? max_fields : CSV_MAX_FIELDS;
	buf_init(&r->rec, CSV_MAX_RECORD);
	r->off = calloc(r->max_fields, sizeof *r->off);
	r->fields = calloc(r->max_fields, sizeof *r->fields);
	if (r->off == NULL || r->fields == NULL) {
		csv_reader_free(&r);
		return err_set(cause, "out of memory");
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
	*rp = r;
	return 0;
}

void
csv_reader_free(struct csv_reader **rp)
{
	struct csv_reader *r = *rp;

	if (r == NULL)
		return;
	buf_free(&r->rec);
	free(r->off);
	free(r->fields);
	free(r);
	*rp = NULL;
}

int
csv_reader_broken(const struct csv_reader *r)
{
	return r->broken;
}

size_t
csv_nfields(const struct csv_reader *r)
{
	return r->nf;
}

const char *
csv_field(const struct csv_reader *r, size_t i)
{
	return i < r->nf ? r->fields[i] : NULL;
}

long
csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

/* Appends to the current field unless that makes it too big (then *big is set). */
static void
add(struct csv_reader *r, size_t field_start, const char *p, size_t n, int *big)
{
	if (*big)
		return;
	if (r->rec.len - field_start + n > r->max_field || buf_append(&r->rec, p, n) == -1)
		*big = 1;
}

static int
broken(struct csv_reader *r, char **cause, long line, const char *what)
{
	r->broken = 1;
	r->nf = 0;
	return err_set(cause, "line %ld: %s", line, what);
}

int
csv_read(struct csv_reader *r, char **cause)
{
	const char *d = r->data;
	size_t start, n, count = 0;
	int big = 0;
	long fline;
	char c;

	r->nf = 0;
	if (r->broken)
		return err_set(cause, "line %ld: unreadable after an earlier quoting error", r->line);
	if (r->pos >= r->len)
		return 0;
	buf_reset(&r->rec);
	r->rec_line = r->line;
	for (;;) {
		start = r->rec.len;
		fline = r->line;
		if (r->pos < r->len && d[r->pos] == '"') {
			r->pos++;
			for (;;) {
				if (r->pos >= r->len)
					return broken(r, cause, fline, "quoted field never ends");
				c = d[r->pos];
				if (c == '"') {
					if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
						add(r, start, "\"", 1, &big);
						r->pos += 2;
						continue;
					}
					r->pos++;
					break;
				}
				if (c == '\0')
					return broken(r, cause, r->line, "NUL byte in field");
				if (c == '\n' || (c == '\r' && (r->pos + 1 >= r->len ||
				    d[r->pos + 1] != '\n')))
					r->line++;
				add(r, start, &c, 1, &big);
				r->pos++;
			}
			if (r->pos < r->len && d[r->pos] != ',' && d[r->pos] != '\r' &&
			    d[r->pos] != '\n')
				return broken(r, cause, r->line, "text after the closing quote of a field");
		} else {
			n = 0;
			while (r->pos + n < r->len && (c = d[r->pos + n]) != ',' && c != '\r' &&
			    c != '\n') {
				if (c == '\0')
					return broken(r, cause, r->line, "NUL byte in field");
				n++;
			}
			add(r, start, d + r->pos, n, &big);
			r->pos += n;
		}
		if (count < r->max_fields) {
			if (buf_append(&r->rec, "", 1) == -1)
				big = 1;
			r->off[count] = start;
		} else
			big = 2;
		count++;
		if (r->pos >= r->len)
			break;
		if (d[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (d[r->pos] == '\r' && r->pos + 1 < r->len && d[r->pos + 1] == '\n')
			r->pos++;
		r->pos++;
		r->line++;
		break;
	}
	if (big == 2)
		return err_set(cause, "line %ld: more than %zu fields", r->rec_line, r->max_fields);
	if (big)
		return err_set(cause, "line %ld: field longer than %zu bytes", r->rec_line,
		    r->max_field);
	r->nf = count;
	for (n = 0; n < count; n++)
		r->fields[n] = r->rec.data + r->off[n];
	return 1;
}

static int
is_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* ^[`']*[=+-@\t\r]: what a spreadsheet could take for a formula, with any escaping. */
static int
formula_like(const char *s)
{
	while (*s == '\'' || *s == '`')
		s++;
	return is_trigger(*s);
}

const char *
csv_unneutralise(const char *s)
{
	if (s != NULL && (s[0] == '\'' || s[0] == '`') && formula_like(s + 1))
		return s + 1;
	return s;
}

int
csv_put(struct buf *b, const char *s, int first, int neutralise)
{
	const char *p;

	if (s == NULL)
		s = "";
	if (!first && buf_append(b, ",", 1) == -1)
		return -1;
	if (neutralise && formula_like(s)) {
		if (strpbrk(s, ",\"\r\n") == NULL)
			return buf_printf(b, "'%s", s);
		if (buf_append(b, "\"'", 2) == -1)
			return -1;
	} else if (strpbrk(s, ",\"\r\n") == NULL &&
	    !(first && strncmp(s, "\xef\xbb\xbf", 3) == 0))
		return buf_puts(b, s);	/* a leading BOM unquoted would be taken as the file's */
	else if (buf_append(b, "\"", 1) == -1)
		return -1;
	for (p = s; *p; p++)
		if ((*p == '"' && buf_append(b, "\"\"", 2) == -1) ||
		    (*p != '"' && buf_append(b, p, 1) == -1))
			return -1;
	return buf_append(b, "\"", 1);
}

int
csv_end(struct buf *b)
{
	return buf_append(b, "\r\n", 2);
}

int
csv_header_eq(const char *h, const char *want)
{
	size_t n;
	int a, b;

	while (*h == ' ' || *h == '\t')
		h++;
	n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	for (; n > 0 && *want; h++, want++, n--) {
		a = tolower((unsigned char)(*h == '_' ? ' ' : *h));
		b = tolower((unsigned char)(*want == '_' ? ' ' : *want));
		if (a != b)
			return 0;
	}
	return n == 0 && *want == '\0';
}

int
csv_map_each(const char *map, csv_map_cb cb, void *arg, char **cause)
{
	struct csv_reader *r = NULL;
	const char *e, *m;
	size_t i;
	int rc = -1;

	if (map == NULL || *map == '\0')
		return 0;
	if (csv_reader_new(&r, map, strlen(map), 0, 0, cause) == -1)
		return -1;
	if (csv_read(r, cause) != 1) {
		err_set(cause, "--map: cannot read it");
		goto out;
	}
	for (i = 0; i < csv_nfields(r); i++) {
		m = csv_field(r, i);
		if ((e = strrchr(m, '=')) == NULL || e == m) {
			err_set(cause, "--map: '%.60s' is not Header=field", m);
			goto out;
		}
		if (cb(m, (size_t)(e - m), e + 1, arg, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	csv_reader_free(&r);
	return rc;
}

int
csv_header_field(const char *header, const struct csv_alias *aliases, size_t naliases,
    const char *(*name)(int field), int nfields, int skip)
{
	size_t i;
	int f;

	for (i = 0; i < naliases; i++)
		if (csv_header_eq(header, aliases[i].header))
			return aliases[i].field;
	for (f = 0; f < nfields; f++)
		if (f != skip && csv_header_eq(header, name(f)))
			return f;
	return -1;
}

int
csv_field_named(const char *s, const char *(*name)(int field), int nfields)
{
	int f;

	for (f = 0; f < nfields; f++)
		if (strcmp(name(f), s) == 0)
			return f;
	return -1;
}
