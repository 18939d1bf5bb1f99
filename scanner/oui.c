#include "scanner/oui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

struct oui_entry {
	uint32_t	 prefix;
	char		*name;
};

struct oui {
	struct oui_entry	*e;
	size_t			 n, cap;
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six hex digits, optionally separated by '-' or ':' after each pair. */
static int
parse_prefix(const char *s, uint32_t *out, const char **end)
{
	uint32_t v = 0;
	int i, h;

	for (i = 0; i < 6; i++) {
		if ((h = hexval((unsigned char)*s)) == -1)
			return -1;
		v = (v << 4) | (uint32_t)h;
		s++;
		if (i % 2 == 1 && i < 5 && (*s == '-' || *s == ':'))
			s++;
	}
	*out = v;
	*end = s;
	return 0;
}

/* Copies a vendor name, printable and trimmed, at most OUI_NAME_MAX-1 bytes. */
static char *
clean_name(const char *s, size_t n)
{
	char *d;
	size_t i, o = 0;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return NULL;
	if (n > OUI_NAME_MAX - 1)
		n = OUI_NAME_MAX - 1;
	if ((d = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		d[o++] = ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) ? s[i] : '?';
	d[o] = '\0';
	return d;
}

static int
add(struct oui *o, uint32_t prefix, char *name)
{
	struct oui_entry *ne;
	size_t ncap;

	if (o->n == o->cap) {
		ncap = o->cap ? o->cap * 2 : 1024;
		if ((ne = reallocarray(o->e, ncap, sizeof *ne)) == NULL)
			return -1;
		o->e = ne;
		o->cap = ncap;
	}
	o->e[o->n].prefix = prefix;
	o->e[o->n].name = name;
	o->n++;
	return 0;
}

/* One line of oui.csv ("MA-L,002272,Name,Address", Name maybe quoted) or oui.txt
 * ("00-22-72   (hex)\t\tName"). Other lines are skipped. */
static int
parse_line(struct oui *o, const char *line)
{
	const char *p, *end, *q;
	uint32_t prefix;
	char *name;

	if (strncmp(line, "MA-L,", 5) == 0) {
		if (parse_prefix(line + 5, &prefix, &p) == -1 || *p != ',')
			return 0;
		p++;
		if (*p == '"') {
			p++;
			if ((q = strchr(p, '"')) == NULL)
				return 0;
		} else if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		name = clean_name(p, (size_t)(q - p));
	} else {
		if (parse_prefix(line, &prefix, &end) == -1)
			return 0;
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "(hex)", 5) != 0)
			return 0;
		p += 5;
		name = clean_name(p, strlen(p));
	}
	if (name == NULL)
		return 0;
	if (add(o, prefix, name) == -1) {
		free(name);
		return -1;
	}
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct oui_entry *x = a, *y = b;

	return x->prefix < y->prefix ? -1 : x->prefix > y->prefix;
}

static int
load_file(struct oui *o, FILE *f, const char *path, char **cause)
{
	char line[1024];
	size_t i, w, len;
	int skipping = 0;

	while (fgets(line, sizeof line, f) != NULL) {
		len = strlen(line);
		/* A line longer than the buffer is no registry line: drop all of it. */
		if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
			skipping = 1;
			continue;
		}
		if (skipping) {
			skipping = 0;
			continue;
		}
		if (parse_line(o, line) == -1)
			return err_set(cause, "%s: out of memory", path);
	}
	if (ferror(f))
		return err_set(cause, "%s: %s", path, strerror(errno));
	if (o->n > 0)
		qsort(o->e, o->n, sizeof *o->e, cmp_entry);
	/* The registry lists a few prefixes twice: keep the first of each. */
	for (i = 0, w = 0; i < o->n; i++) {
		if (w > 0 && o->e[w - 1].prefix == o->e[i].prefix) {
			free(o->e[i].name);
			continue;
		}
		o->e[w++] = o->e[i];
	}
	o->n = w;
	return 0;
}

int
oui_load(struct oui **op, const char *path, char **cause)
{
	static const char *defaults[] = { OUI_DEFAULT_CSV, OUI_DEFAULT_TXT };
	struct oui *o;
	FILE *f = NULL;
	size_t i;

	*op = NULL;
	if ((o = calloc(1, sizeof *o)) == NULL)
		return err_set(cause, "out of memory");
	if (path != NULL) {
		if ((f = fopen(path, "r")) == NULL) {
			err_set(cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
	} else {
		for (i = 0; f == NULL && i < sizeof defaults / sizeof defaults[0]; i++)
			f = fopen(defaults[i], "r");
		if (f == NULL) {
			*op = o;	/* no table installed: vendors are unknown */
			return 0;
		}
		path = defaults[i - 1];
	}
	if (load_file(o, f, path, cause) == -1)
		goto fail;
	fclose(f);
	*op = o;
	return 0;
fail:
	if (f)
		fclose(f);
	oui_free(&o);
	return -1;
}

void
oui_free(struct oui **op)
{
	struct oui *o = *op;
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++)
		free(o->e[i].name);
	free(o->e);
	free(o);
	*op = NULL;
}

size_t
oui_count(const struct oui *o)
{
	return o ? o->n : 0;
}

const char *
oui_lookup(const struct oui *o, const uint8_t mac[6])
{
	uint32_t key;
	size_t lo = 0, hi, mid;

	if (o == NULL || (mac[0] & 0x02))
		return NULL;
	key = ((uint32_t)mac[0] << 16) | ((uint32_t)mac[1] << 8) | mac[2];
	hi = o->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->e[mid].prefix == key)
			return o->e[mid].name;
		if (o->e[mid].prefix < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
