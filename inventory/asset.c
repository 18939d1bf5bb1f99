#include "inventory/asset.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/csv.h"
#include "common/err.h"
#include "inventory/store_int.h"

#define TEXT_MAX	1024
#define NOTES_MAX	(64 * 1024)

static const struct {
	const char	*name;
	const char	*column;	/* NULL: not a column of assets */
	const char	*label;		/* export header; NULL: not exported */
} fields[ASSET_NFIELDS] = {
	[ASSET_TAG] =		{ "tag", "tag", "Asset Tag" },
	[ASSET_HOSTNAME] =	{ "hostname", "hostname", "Asset Name" },
	[ASSET_SERIAL] =	{ "serial", "serial", "Serial" },
	[ASSET_MODEL] =		{ "model", "model", "Model" },
	[ASSET_MANUFACTURER] =	{ "manufacturer", "manufacturer", "Manufacturer" },
	[ASSET_CATEGORY] =	{ "category", "category", "Category" },
	[ASSET_OWNER] =		{ "owner", "owner", "Checked Out To" },
	[ASSET_DEPARTMENT] =	{ "department", "department", "Department" },
	[ASSET_COST_CENTRE] =	{ "cost_centre", "cost_centre", "Cost Centre" },
	[ASSET_LOCATION] =	{ "location", "location", "Location" },
	[ASSET_ADDRESS] =	{ "address", "address", "IP Address" },
	[ASSET_MACS] =		{ "macs", NULL, "MAC Address" },
	[ASSET_PURCHASE_DATE] =	{ "purchase_date", "purchase_date", "Purchase Date" },
	[ASSET_PURCHASE_COST] =	{ "purchase_cost", "purchase_cost", "Purchase Cost" },
	[ASSET_WARRANTY_END] =	{ "warranty_end", "warranty_end", "Warranty Expires" },
	[ASSET_SUPPORT_END] =	{ "support_end", "support_end", "EOL" },
	[ASSET_STATE] =		{ "state", "state", "Status" },
	[ASSET_NOTES] =		{ "notes", "notes", "Notes" },
	[ASSET_DEPENDS_ON] =	{ "depends_on", NULL, "Depends On" },
	[ASSET_WARRANTY_MONTHS] = { "warranty_months", NULL, NULL },
};

/* Header names other tools export (Snipe-IT's custom asset report and importer first). */
static const struct csv_alias headers[] = {
	{ "asset tag", ASSET_TAG }, { "tag", ASSET_TAG },
	{ "asset name", ASSET_HOSTNAME }, { "name", ASSET_HOSTNAME },
	{ "item name", ASSET_HOSTNAME }, { "hostname", ASSET_HOSTNAME },
	{ "host name", ASSET_HOSTNAME },
	{ "serial", ASSET_SERIAL }, { "serial number", ASSET_SERIAL },
	{ "model", ASSET_MODEL }, { "model name", ASSET_MODEL },
	{ "manufacturer", ASSET_MANUFACTURER }, { "vendor", ASSET_MANUFACTURER },
	{ "category", ASSET_CATEGORY },
	{ "checked out to", ASSET_OWNER }, { "checked out", ASSET_OWNER },
	{ "assigned to", ASSET_OWNER }, { "owner", ASSET_OWNER },
	{ "department", ASSET_DEPARTMENT },
	{ "cost centre", ASSET_COST_CENTRE }, { "cost center", ASSET_COST_CENTRE },
	{ "location", ASSET_LOCATION },
	{ "ip address", ASSET_ADDRESS }, { "ip", ASSET_ADDRESS },
	{ "mac address", ASSET_MACS }, { "mac addresses", ASSET_MACS }, { "macs", ASSET_MACS },
	{ "purchase date", ASSET_PURCHASE_DATE }, { "purchased", ASSET_PURCHASE_DATE },
	{ "purchase cost", ASSET_PURCHASE_COST }, { "cost", ASSET_PURCHASE_COST },
	{ "warranty expires", ASSET_WARRANTY_END }, { "warranty end", ASSET_WARRANTY_END },
	{ "eol", ASSET_SUPPORT_END }, { "eol date", ASSET_SUPPORT_END },
	{ "end of support", ASSET_SUPPORT_END }, { "support end", ASSET_SUPPORT_END },
	{ "status", ASSET_STATE }, { "state", ASSET_STATE },
	{ "notes", ASSET_NOTES },
	{ "depends on", ASSET_DEPENDS_ON },
	{ "warranty", ASSET_WARRANTY_MONTHS }, { "warranty months", ASSET_WARRANTY_MONTHS },
};

const char *const asset_states[] = {
	"ordered", "in stock", "deployed", "in repair", "retired", "disposed", "lost", NULL,
};

/* Snipe-IT's default status labels and common spellings, to our lifecycle states. */
static const struct {
	const char	*label;
	const char	*state;
} state_aliases[] = {
	{ "ready to deploy", "in stock" }, { "pending", "ordered" },
	{ "archived", "retired" }, { "broken - not fixable", "retired" },
	{ "broken", "in repair" }, { "out for repair", "in repair" },
	{ "out for diagnostics", "in repair" }, { "repair", "in repair" },
	{ "lost/stolen", "lost" }, { "stolen", "lost" }, { "stock", "in stock" },
	{ "in-stock", "in stock" }, { "in-repair", "in repair" }, { "active", "deployed" },
};

const char *
asset_field_name(int field)
{
	if (field < 0 || field >= ASSET_NFIELDS)
		return NULL;
	return fields[field].name;
}

int
asset_field_lookup(const char *name)
{
	return csv_field_named(name, asset_field_name, ASSET_NFIELDS);
}

int
asset_header_lookup(const char *header)
{
	return csv_header_field(header, headers, sizeof headers / sizeof headers[0],
	    asset_field_name, ASSET_NFIELDS, ASSET_ADDRESS);
}

/* Trimmed copy; control characters are refused (except line breaks and tabs when
 * multiline), and so is anything longer than max. */
static int
norm_text(const char *in, size_t max, int multiline, char **out, char **cause)
{
	const char *e;
	size_t n;

	while (*in && isspace((unsigned char)*in))
		in++;
	n = strlen(in);
	while (n > 0 && isspace((unsigned char)in[n - 1]))
		n--;
	if (n > max)
		return err_set(cause, "longer than %zu bytes", max);
	for (e = in; e < in + n; e++) {
		unsigned char c = (unsigned char)*e;
		if ((c < 0x20 || c == 0x7f) &&
		    !(multiline && (c == '\n' || c == '\t' || c == '\r')))
			return err_set(cause, "control character 0x%02x", c);
	}
	if ((*out = strndup(in, n)) == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* YYYY-MM-DD, optionally followed by a time of day (dropped), as exports write them. */
static int
parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, y) == -1 ||
	    digits(s + 5, 2, m) == -1 || digits(s + 8, 2, d) == -1)
		return -1;
	if (s[10] != '\0' && s[10] != ' ' && s[10] != 'T')
		return -1;
	if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
		return -1;
	return 0;
}

static int
norm_date(const char *v, char **out, char **cause)
{
	int y, m, d;

	if (parse_date(v, &y, &m, &d) == -1)
		return err_set(cause, "'%.40s' is not a date (YYYY-MM-DD)", v);
	if (asprintf(out, "%04d-%02d-%02d", y, m, d) == -1)
		return err_set(cause, "out of memory");
	return 0;
}

static int
norm_state(const char *v, char **out, char **cause)
{
	size_t i, n = strlen(v);
	const char *st = NULL;

	for (i = 0; asset_states[i]; i++)
		if (strcasecmp(v, asset_states[i]) == 0)
			st = asset_states[i];
	for (i = 0; st == NULL && i < sizeof state_aliases / sizeof state_aliases[0]; i++)
		if (strcasecmp(v, state_aliases[i].label) == 0)
			st = state_aliases[i].state;
	/* Snipe-IT shows a checked-out asset as "Ready to Deploy (Deployed)" or "Deployed". */
	if (st == NULL && n >= 10 && strcasecmp(v + n - 10, "(deployed)") == 0)
		st = "deployed";
	if (st == NULL)
		return err_set(cause, "'%.40s' is not a lifecycle state (ordered, in stock, "
		    "deployed, in repair, retired, disposed, lost)", v);
	if ((*out = strdup(st)) == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

/* One MAC in any usual notation (aa:bb.., aa-bb.., aabb.ccdd.eeff, aabbccddeeff). */
static int
norm_mac(const char *v, size_t n, char out[18])
{
	char hex[12];
	size_t i, h = 0;

	for (i = 0; i < n; i++) {
		if (isxdigit((unsigned char)v[i])) {
			if (h == 12)
				return -1;
			hex[h++] = (char)tolower((unsigned char)v[i]);
		} else if (v[i] != ':' && v[i] != '-' && v[i] != '.')
			return -1;
	}
	if (h != 12)
		return -1;
	for (i = 0; i < 6; i++) {
		out[i * 3] = hex[i * 2];
		out[i * 3 + 1] = hex[i * 2 + 1];
		out[i * 3 + 2] = i == 5 ? '\0' : ':';
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits v on blanks, commas and semicolons; each piece is checked or normalised by
 * one(), then the list is sorted, deduplicated and joined by single spaces. */
static int
norm_list(const char *v, int (*one)(const char *p, size_t n, char **o), const char *what,
    char **out, char **cause)
{
	char **items = NULL, *o;
	size_t n = 0, cap = 0, i, len;
	struct buf b;
	int rc = -1;

	buf_init(&b, TEXT_MAX * 4);
	while (*v) {
		len = strcspn(v, " \t\r\n,;");
		if (len > 0) {
			if (one(v, len, &o) == -1) {
				err_set(cause, "'%.*s' is not %s", (int)(len > 40 ? 40 : len), v,
				    what);
				goto out;
			}
			if (n == cap) {
				char **ni = reallocarray(items, cap ? cap * 2 : 8, sizeof *ni);
				if (ni == NULL) {
					free(o);
					err_set(cause, "out of memory");
					goto out;
				}
				items = ni;
				cap = cap ? cap * 2 : 8;
			}
			items[n++] = o;
		}
		v += len;
		if (*v)
			v++;
	}
	if (n > 0)
		qsort(items, n, sizeof *items, cmp_str);
	if (buf_puts(&b, "") == -1)
		goto toolong;
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(items[i], items[i - 1]) == 0)
			continue;
		if ((b.len > 0 && buf_puts(&b, " ") == -1) || buf_puts(&b, items[i]) == -1)
			goto toolong;
	}
	*out = buf_take(&b);
	rc = 0;
	goto out;
toolong:
	err_set(cause, "list too long");
out:
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
	buf_free(&b);
	return rc;
}

static int
one_mac(const char *p, size_t n, char **o)
{
	char m[18];

	if (norm_mac(p, n, m) == -1)
		return -1;
	return (*o = strdup(m)) == NULL ? -1 : 0;
}

static int
one_ref(const char *p, size_t n, char **o)
{
	size_t i;

	if (n > 256)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return -1;
	return (*o = strndup(p, n)) == NULL ? -1 : 0;
}

static int
norm_address(const char *v, char **out, char **cause)
{
	unsigned char a[16];
	char txt[INET6_ADDRSTRLEN];
	int af = strchr(v, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(af, v, a) != 1 || inet_ntop(af, a, txt, sizeof txt) == NULL)
		return err_set(cause, "'%.40s' is not an IP address", v);
	if ((*out = strdup(txt)) == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

/* "$1,234.50", "1234.5 EUR", "€ 99": a plain decimal; grouping commas dropped. */
static int
norm_cost(const char *v, char **out, char **cause)
{
	char num[64];
	size_t n = 0;
	const char *p = v;
	int dot = 0, decimals = 0, ndig = 0;

	while (*p && !isdigit((unsigned char)*p) && *p != '-' && *p != '.')
		p++;	/* currency symbol or code in front */
	if (*p == '-')
		num[n++] = *p++;
	for (; *p && n < sizeof num - 1; p++) {
		if (isdigit((unsigned char)*p)) {
			num[n++] = *p;
			ndig++;
			if (dot)
				decimals++;
		} else if (*p == ',' && !dot)
			continue;
		else if (*p == '.' && !dot) {
			dot = 1;
			num[n++] = '.';
		} else
			break;
	}
	while (*p == ' ')
		p++;
	for (; *p && isalpha((unsigned char)*p); p++)
		;	/* a currency code after the number */
	if (*p != '\0' || ndig == 0 || decimals > 4 || n >= sizeof num - 1 ||
	    (v[0] != '\0' && p - v > 63))
		return err_set(cause, "'%.40s' is not an amount", v);
	num[n] = '\0';
	if ((*out = strdup(num)) == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

static int
norm_months(const char *v, char **out, char **cause)
{
	size_t n = strspn(v, "0123456789");
	int m;

	if (n == 0 || n > 3 || digits(v, (int)n, &m) == -1 ||
	    (v[n] != '\0' && strcasecmp(v + n, " months") != 0 && strcasecmp(v + n, "months")
	    != 0))
		return err_set(cause, "'%.40s' is not a number of months", v);
	if (asprintf(out, "%d", m) == -1)
		return err_set(cause, "out of memory");
	return 0;
}

int
asset_normalise(int field, const char *in, char **out, char **cause)
{
	char *t = NULL;
	int rc;

	*out = NULL;
	if (field < 0 || field >= ASSET_NFIELDS)
		return err_set(cause, "unknown field");
	if (norm_text(in, field == ASSET_NOTES ? NOTES_MAX : (field == ASSET_MACS ||
	    field == ASSET_DEPENDS_ON) ? TEXT_MAX * 4 : TEXT_MAX, field == ASSET_NOTES, &t,
	    cause) == -1)
		return -1;
	if (*t == '\0') {
		*out = t;
		return 0;
	}
	switch (field) {
	case ASSET_PURCHASE_DATE:
	case ASSET_WARRANTY_END:
	case ASSET_SUPPORT_END:
		rc = norm_date(t, out, cause);
		break;
	case ASSET_STATE:
		rc = norm_state(t, out, cause);
		break;
	case ASSET_MACS:
		rc = norm_list(t, one_mac, "a MAC address", out, cause);
		break;
	case ASSET_DEPENDS_ON:
		rc = norm_list(t, one_ref, "a reference", out, cause);
		break;
	case ASSET_ADDRESS:
		rc = norm_address(t, out, cause);
		break;
	case ASSET_PURCHASE_COST:
		rc = norm_cost(t, out, cause);
		break;
	case ASSET_WARRANTY_MONTHS:
		rc = norm_months(t, out, cause);
		break;
	default:
		*out = t;
		return 0;
	}
	free(t);
	return rc;
}

/* ---- store access ---- */

/* Ends the word at p (words are separated by one space) and returns the next one. */
static char *
next_word(char *p)
{
	char *e = strchr(p, ' ');

	if (e == NULL)
		return p + strlen(p);
	*e = '\0';
	return e + 1;
}


static int
done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_sqlerr(s, what, cause);
	return 0;
}

/* Statements kept prepared across the rows of an import: parsing them was most of its time. */
#define STC_MAX 64
struct stc {
	size_t		 n;
	char		*sql[STC_MAX];
	sqlite3_stmt	*st[STC_MAX];
};

/* prep(), from c's statements when it has this one (c may be NULL: no cache). */
static int
cprep(struct stc *c, struct store *s, const char *sql, sqlite3_stmt **st, char **cause)
{
	size_t i;

	if (c != NULL)
		for (i = 0; i < c->n; i++)
			if (strcmp(c->sql[i], sql) == 0) {
				*st = c->st[i];
				return 0;
			}
	if (store_prepare(s, "assets", sql, st, cause) == -1)
		return -1;
	if (c != NULL && c->n < STC_MAX && (c->sql[c->n] = strdup(sql)) != NULL)
		c->st[c->n++] = *st;
	return 0;
}

/* Done with st: back to c for the next row, or finalized when c does not hold it. */
static void
cfin(struct stc *c, sqlite3_stmt *st)
{
	size_t i;

	if (c != NULL)
		for (i = 0; i < c->n; i++)
			if (c->st[i] == st) {
				sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				return;
			}
	sqlite3_finalize(st);
}

static void
stc_free(struct stc *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		sqlite3_finalize(c->st[i]);
		free(c->sql[i]);
	}
	c->n = 0;
}

static int
cdone(struct stc *c, struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);

	cfin(c, st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_sqlerr(s, what, cause);
	return 0;
}

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

static int
history(struct stc *c, struct store *s, int64_t id, const char *source, const char *field,
    const char *old, const char *new, char **cause)
{
	sqlite3_stmt *st;

	if (cprep(c, s, "INSERT INTO asset_history (asset_id, at, source, field, old_value, "
	    "new_value) VALUES (?, ?, ?, ?, ?, ?)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, store_now(s));
	sqlite3_bind_text(st, 3, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, field, -1, SQLITE_TRANSIENT);
	(void)store_bind_text(st, 5, old, 1);
	(void)store_bind_text(st, 6, new, 1);
	return cdone(c, s, st, "asset history", cause);
}

static int
get_id(struct stc *c, struct store *s, const char *tag, int64_t *id, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (cprep(c, s, "SELECT id FROM assets WHERE tag = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	cfin(c, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(s, "find asset", cause);
	return 0;
}

/* The macs of an asset as the normaliser writes them (sorted, space-separated). */
static int
macs_of(struct stc *c, struct store *s, int64_t id, char **out, char **cause)
{
	sqlite3_stmt *st;
	struct buf b;
	int rc;

	buf_init(&b, 0);
	if (cprep(c, s, "SELECT mac FROM asset_macs WHERE asset_id = ? ORDER BY mac", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	buf_puts(&b, "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((b.len && buf_puts(&b, " ") == -1) ||
		    buf_puts(&b, (const char *)sqlite3_column_text(st, 0)) == -1)
			break;
	cfin(c, st);
	if (rc != SQLITE_DONE) {
		buf_free(&b);
		return store_sqlerr(s, "asset macs", cause);
	}
	*out = buf_take(&b);
	return 0;
}

/* Declared dependencies of an asset as references (tags, device:NAME), sorted. */
static int
deps_of(struct stc *c, struct store *s, int64_t id, char **out, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (cprep(c, s, "SELECT coalesce(group_concat(r, ' '), '') FROM (SELECT coalesce(a.tag, "
	    "'device:' || coalesce(d.name, d.id)) AS r FROM asset_depends x "
	    "LEFT JOIN assets a ON a.id = x.dst_asset LEFT JOIN devices d ON d.id = "
	    "x.dst_device WHERE x.src_asset = ? AND x.kind = 'depends-on' ORDER BY r)",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = dup_col(st, 0);
	cfin(c, st);
	if (rc != SQLITE_ROW)
		return store_sqlerr(s, "asset dependencies", cause);
	return *out ? 0 : err_set(cause, "out of memory");
}

static int
resolve(struct stc *c, struct store *s, const char *ref, struct asset_ref *r, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *v = ref;
	int64_t id = 0;
	int rc, n = 0, device_only = 0;

	if (strncmp(ref, "asset:", 6) == 0) {
		if (get_id(c, s, ref + 6, &id, cause) == -1)
			return -1;
		if (id == 0)
			return err_set(cause, "no asset '%.80s'", ref + 6);
		r->is_device = 0;
		r->id = id;
		return 0;
	}
	if (strncmp(ref, "device:", 7) == 0) {
		v = ref + 7;
		device_only = 1;
	}
	if (!device_only) {
		if (get_id(c, s, ref, &id, cause) == -1)
			return -1;
		if (id == 0) {
			/* then an asset by its (unique) hostname */
			if (cprep(c, s, "SELECT id FROM assets WHERE lower(hostname) = lower(?) LIMIT 2",
			    &st, cause) == -1)
				return -1;
			sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				id = sqlite3_column_int64(st, 0);
				n++;
			}
			cfin(c, st);
			if (rc != SQLITE_DONE)
				return store_sqlerr(s, "find asset", cause);
			if (n > 1)
				return err_set(cause, "'%.80s' is the hostname of more than one asset; "
				    "use its tag", ref);
			n = 0;
		}
		if (id != 0) {
			r->is_device = 0;
			r->id = id;
			return 0;
		}
	}
	if (cprep(c, s, "SELECT DISTINCT id FROM devices WHERE CAST(id AS TEXT) = ?1 OR "
	    "lower(name) = lower(?1) OR serial = ?1 OR address = ?1 OR id IN "
	    "(SELECT device_id FROM device_addresses WHERE address = ?1) LIMIT 2", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		n++;
	}
	cfin(c, st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "find device", cause);
	if (n == 0)
		return err_set(cause, "no asset or device '%.80s'", ref);
	if (n > 1)
		return err_set(cause, "'%.80s' names more than one device; use device:ID", ref);
	r->is_device = 1;
	r->id = id;
	return 0;
}

int
asset_resolve(struct store *s, const char *ref, struct asset_ref *r, char **cause)
{
	return resolve(NULL, s, ref, r, cause);
}

static int
add_edge(struct stc *c, struct store *s, const struct asset_ref *from,
    const struct asset_ref *to, const char *source, char **cause)
{
	sqlite3_stmt *st;

	if (from->is_device == to->is_device && from->id == to->id)
		return err_set(cause, "nothing depends on itself");
	if (cprep(c, s, "INSERT OR IGNORE INTO asset_depends (src_asset, src_device, dst_asset, "
	    "dst_device, kind, source, created) VALUES (?, ?, ?, ?, 'depends-on', ?, ?)", &st,
	    cause) == -1)
		return -1;
	if (from->is_device)
		sqlite3_bind_int64(st, 2, from->id);
	else
		sqlite3_bind_int64(st, 1, from->id);
	if (to->is_device)
		sqlite3_bind_int64(st, 4, to->id);
	else
		sqlite3_bind_int64(st, 3, to->id);
	sqlite3_bind_text(st, 5, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, store_now(s));
	return cdone(c, s, st, "add dependency", cause);
}

/* Replaces the declared dependencies of asset id by the references in refs. */
static int
put_deps(struct stc *c, struct store *s, int64_t id, const char *refs, const char *source,
    int *changed, char **cause)
{
	struct asset_ref from = { 0, id }, to;
	sqlite3_stmt *st;
	char *old = NULL, *copy = NULL, *p, *e;
	int rc = -1;

	if (deps_of(c, s, id, &old, cause) == -1)
		return -1;
	if (same(old, refs)) {
		rc = 0;
		goto out;
	}
	if (cprep(c, s, "DELETE FROM asset_depends WHERE src_asset = ? AND kind = 'depends-on'",
	    &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (cdone(c, s, st, "replace dependencies", cause) == -1)
		goto out;
	if ((copy = strdup(refs ? refs : "")) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	for (p = copy; *p; p = e) {
		e = next_word(p);
		if (resolve(c, s, p, &to, cause) == -1 ||
		    add_edge(c, s, &from, &to, source, cause) == -1)
			goto out;
	}
	free(copy);
	copy = NULL;
	if (deps_of(c, s, id, &copy, cause) == -1 ||
	    history(c, s, id, source, "depends_on", old, copy, cause) == -1)
		goto out;
	(*changed)++;
	rc = 0;
out:
	free(old);
	free(copy);
	return rc;
}

struct rec {
	char	*v[ASSET_NFIELDS];	/* normalised; NULL: not given */
	size_t	 nc;
	char	*cname[CSV_MAX_FIELDS];
	char	*cval[CSV_MAX_FIELDS];
};

static void
rec_clear(struct rec *r)
{
	size_t i;

	for (i = 0; i < ASSET_NFIELDS; i++) {
		free(r->v[i]);
		r->v[i] = NULL;
	}
	for (i = 0; i < r->nc; i++) {
		free(r->cname[i]);
		free(r->cval[i]);
	}
	r->nc = 0;
}

/* purchase date + warranty months, when the end itself was not given. */
static int
warranty_from_months(struct rec *r, char **cause)
{
	int y, m, d, add;

	if (r->v[ASSET_WARRANTY_MONTHS] == NULL || *r->v[ASSET_WARRANTY_MONTHS] == '\0' ||
	    (r->v[ASSET_WARRANTY_END] && *r->v[ASSET_WARRANTY_END]))
		return 0;
	if (r->v[ASSET_PURCHASE_DATE] == NULL ||
	    parse_date(r->v[ASSET_PURCHASE_DATE], &y, &m, &d) == -1)
		return err_set(cause, "warranty in months needs a purchase date");
	if (digits(r->v[ASSET_WARRANTY_MONTHS], (int)strlen(r->v[ASSET_WARRANTY_MONTHS]),
	    &add) == -1)
		return err_set(cause, "bad number of months");
	m += add;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > days_in(y, m))
		d = days_in(y, m);
	free(r->v[ASSET_WARRANTY_END]);
	if (asprintf(&r->v[ASSET_WARRANTY_END], "%04d-%02d-%02d", y, m, d) == -1) {
		r->v[ASSET_WARRANTY_END] = NULL;
		return err_set(cause, "out of memory");
	}
	return 0;
}

static int
put_custom(struct stc *c, struct store *s, int64_t id, const char *name, const char *value,
    const char *source, int *changed, char **cause)
{
	sqlite3_stmt *st;
	char *old = NULL, *field = NULL;
	int rc;

	if (cprep(c, s, "SELECT value FROM asset_custom WHERE asset_id = ? AND name = ?", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		old = dup_col(st, 0);
	cfin(c, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(s, "custom field", cause);
	if (same(old, value)) {
		free(old);
		return 0;
	}
	if (value == NULL || *value == '\0') {
		rc = cprep(c, s, "DELETE FROM asset_custom WHERE asset_id = ? AND name = ?", &st,
		    cause);
	} else {
		rc = cprep(c, s, "INSERT INTO asset_custom (asset_id, name, value) VALUES (?, ?, ?) "
		    "ON CONFLICT (asset_id, name) DO UPDATE SET value = excluded.value", &st,
		    cause);
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		if (value && *value)
			sqlite3_bind_text(st, 3, value, -1, SQLITE_TRANSIENT);
		rc = cdone(c, s, st, "custom field", cause);
	}
	if (rc == 0 && asprintf(&field, "custom.%s", name) == -1)
		rc = err_set(cause, "out of memory");
	if (rc == 0)
		rc = history(c, s, id, source, field, old, value, cause);
	if (rc == 0)
		(*changed)++;
	free(field);
	free(old);
	return rc;
}

/* Writes one record inside the caller's transaction; dependencies only when deps. */
static int
put_rec(struct stc *c, struct store *s, const struct rec *r, const char *source, int deps,
    int64_t *idp, int *created, int *changed, char **cause)
{
	sqlite3_stmt *st = NULL;
	char *old[ASSET_NFIELDS] = { 0 };
	struct buf sql;
	int64_t id;
	int i, rc = -1, col;
	size_t k;

	*created = 0;
	*changed = 0;
	buf_init(&sql, 0);
	if (r->v[ASSET_TAG] == NULL || *r->v[ASSET_TAG] == '\0')
		return err_set(cause, "no asset tag");
	if (get_id(c, s, r->v[ASSET_TAG], &id, cause) == -1)
		return -1;
	if (id == 0) {
		if (cprep(c, s, "INSERT INTO assets (tag, created, updated) VALUES (?, ?, ?)", &st,
		    cause) == -1)
			return -1;
		sqlite3_bind_text(st, 1, r->v[ASSET_TAG], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, store_now(s));
		sqlite3_bind_int64(st, 3, store_now(s));
		if (cdone(c, s, st, "create asset", cause) == -1)
			return -1;
		id = sqlite3_last_insert_rowid(store_db(s));
		if (history(c, s, id, source, "created", NULL, r->v[ASSET_TAG], cause) == -1)
			return -1;
		*created = 1;
	}
	*idp = id;
	buf_puts(&sql, "SELECT id");
	for (i = 0; i < ASSET_NFIELDS; i++)
		if (fields[i].column && buf_printf(&sql, ", %s", fields[i].column) == -1)
			goto out;
	if (buf_puts(&sql, " FROM assets WHERE id = ?") == -1 ||
	    cprep(c, s, sql.data, &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		cfin(c, st);
		store_sqlerr(s, "read asset", cause);
		goto out;
	}
	for (i = 0, col = 1; i < ASSET_NFIELDS; i++)
		if (fields[i].column)
			old[i] = dup_col(st, col++);
	cfin(c, st);
	if (*created) {
		free(old[ASSET_STATE]);
		old[ASSET_STATE] = NULL;
	}	/* the default is recorded as a change */
	for (i = 0; i < ASSET_NFIELDS; i++) {
		const char *nv = r->v[i];

		if (nv == NULL || fields[i].column == NULL || i == ASSET_TAG)
			continue;
		if (i == ASSET_STATE && *nv == '\0')
			continue;	/* a state is never empty: keep it */
		if (same(old[i], nv))
			continue;
		buf_reset(&sql);
		if (buf_printf(&sql, "UPDATE assets SET %s = ?, updated = ? WHERE id = ?",
		    fields[i].column) == -1 || cprep(c, s, sql.data, &st, cause) == -1)
			goto out;
		(void)store_bind_text(st, 1, nv, 1);
		sqlite3_bind_int64(st, 2, store_now(s));
		sqlite3_bind_int64(st, 3, id);
		if (cdone(c, s, st, "update asset", cause) == -1 ||
		    history(c, s, id, source, fields[i].name, old[i], nv, cause) == -1)
			goto out;
		(*changed)++;
	}
	if (*created && (r->v[ASSET_STATE] == NULL || *r->v[ASSET_STATE] == '\0') &&
	    history(c, s, id, source, "state", NULL, "deployed", cause) == -1)
		goto out;
	if (r->v[ASSET_MACS] != NULL) {
		char *om = NULL, *copy, *p, *e;

		if (macs_of(c, s, id, &om, cause) == -1)
			goto out;
		rc = 0;
		if (!same(om, r->v[ASSET_MACS])) {
			rc = cprep(c, s, "DELETE FROM asset_macs WHERE asset_id = ?", &st, cause);
			if (rc == 0) {
				sqlite3_bind_int64(st, 1, id);
				rc = cdone(c, s, st, "asset macs", cause);
			}
			copy = strdup(r->v[ASSET_MACS]);
			if (copy == NULL && rc == 0)
				rc = err_set(cause, "out of memory");
			for (p = copy; rc == 0 && p && *p; p = e) {
				e = next_word(p);
				if ((rc = cprep(c, s, "INSERT INTO asset_macs (asset_id, mac) VALUES "
				    "(?, ?)", &st, cause)) == 0) {
					sqlite3_bind_int64(st, 1, id);
					sqlite3_bind_text(st, 2, p, -1, SQLITE_TRANSIENT);
					rc = cdone(c, s, st, "asset macs", cause);
				}
			}
			free(copy);
			if (rc == 0)
				rc = history(c, s, id, source, "macs", om, r->v[ASSET_MACS], cause);
			if (rc == 0)
				(*changed)++;
		}
		free(om);
		if (rc != 0) {
			rc = -1;
			goto out;
		}
		rc = -1;
	}
	for (k = 0; k < r->nc; k++)
		if (put_custom(c, s, id, r->cname[k], r->cval[k], source, changed, cause) == -1)
			goto out;
	if (deps && r->v[ASSET_DEPENDS_ON] != NULL &&
	    put_deps(c, s, id, r->v[ASSET_DEPENDS_ON], source, changed, cause) == -1)
		goto out;
	rc = 0;
out:
	for (i = 0; i < ASSET_NFIELDS; i++)
		free(old[i]);
	buf_free(&sql);
	return rc;
}

int
asset_set(struct store *s, const char *tag, char *const *assign, size_t n, int create,
    const char *source, int *changed, char **cause)
{
	struct rec *r;
	char *t = NULL, *name = NULL;
	const char *eq;
	size_t i;
	int64_t id;
	int f, created = 0, rc = -1;

	*changed = 0;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(cause, "out of memory");
	if (norm_text(tag, TEXT_MAX, 0, &r->v[ASSET_TAG], cause) == -1 || *r->v[ASSET_TAG] == 0) {
		err_set(cause, "bad asset tag");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((eq = strchr(assign[i], '=')) == NULL || eq == assign[i]) {
			err_set(cause, "'%.60s': expected field=value", assign[i]);
			goto out;
		}
		free(name);
		if ((name = strndup(assign[i], (size_t)(eq - assign[i]))) == NULL) {
			err_set(cause, "out of memory");
			goto out;
		}
		if (strncmp(name, "custom.", 7) == 0 && name[7] != '\0') {
			if (r->nc == CSV_MAX_FIELDS ||
			    norm_text(eq + 1, TEXT_MAX, 0, &t, cause) == -1) {
				err_set(cause, "%s: bad value", name);
				goto out;
			}
			r->cval[r->nc] = t;
			if ((r->cname[r->nc++] = strdup(name + 7)) == NULL) {
				err_set(cause, "out of memory");
				goto out;
			}
			continue;
		}
		if ((f = asset_field_lookup(name)) == -1 || f == ASSET_TAG ||
		    f == ASSET_WARRANTY_MONTHS) {
			err_set(cause, "unknown field '%.40s' (fields: hostname serial model "
			    "manufacturer category owner department cost_centre location address "
			    "macs purchase_date purchase_cost warranty_end support_end state notes "
			    "depends_on custom.NAME)", name);
			goto out;
		}
		free(r->v[f]);
		r->v[f] = NULL;
		if (asset_normalise(f, eq + 1, &r->v[f], cause) == -1) {
			err_prefix(cause, "%s: ", name);
			goto out;
		}
	}
	if (store_begin(s, cause) == -1)
		goto out;
	if (!create) {
		if (get_id(NULL, s, r->v[ASSET_TAG], &id, cause) == -1)
			goto rollback;
		if (id == 0) {
			err_set(cause, "no asset '%.80s'", r->v[ASSET_TAG]);
			goto rollback;
		}
	}
	if (put_rec(NULL, s, r, source, 1, &id, &created, changed, cause) == -1)
		goto rollback;
	if (store_commit(s, cause) == -1)
		goto out;
	*changed += created;
	rc = 0;
	goto out;
rollback:
	store_rollback(s);
out:
	free(name);
	rec_clear(r);
	free(r);
	return rc;
}

int
asset_depend(struct store *s, const char *from, const char *to, int remove,
    const char *source, char **cause)
{
	struct asset_ref a, b;
	sqlite3_stmt *st;
	int n;

	if (store_begin(s, cause) == -1)
		return -1;
	if (asset_resolve(s, from, &a, cause) == -1 || asset_resolve(s, to, &b, cause) == -1)
		goto fail;
	if (!remove) {
		if (add_edge(NULL, s, &a, &b, source, cause) == -1)
			goto fail;
	} else {
		if (store_prepare(s, "assets",
		    "DELETE FROM asset_depends WHERE kind = 'depends-on' AND "
		    "coalesce(src_asset, 0) = ? AND coalesce(src_device, 0) = ? AND "
		    "coalesce(dst_asset, 0) = ? AND coalesce(dst_device, 0) = ?", &st,
		    cause) == -1)
			goto fail;
		sqlite3_bind_int64(st, 1, a.is_device ? 0 : a.id);
		sqlite3_bind_int64(st, 2, a.is_device ? a.id : 0);
		sqlite3_bind_int64(st, 3, b.is_device ? 0 : b.id);
		sqlite3_bind_int64(st, 4, b.is_device ? b.id : 0);
		if (done(s, st, "remove dependency", cause) == -1)
			goto fail;
		n = sqlite3_changes(store_db(s));
		if (n == 0) {
			err_set(cause, "'%.60s' was not declared to depend on '%.60s'", from, to);
			goto fail;
		}
	}
	if (!a.is_device && history(NULL, s, a.id, source, "depends_on", remove ? to : NULL,
	    remove ? NULL : to, cause) == -1)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return -1;
}

/* ---- reading ---- */

int
asset_each(struct store *s, const char *tag, asset_cb cb, void *arg, char **cause)
{
	sqlite3_stmt *st = NULL, *cs = NULL;
	struct asset_view a;
	struct buf sql;
	char *macs = NULL, *deps = NULL;
	const char **cn = NULL, **cv = NULL;
	size_t ncap = 0, nheld = 0, k;
	int i, col, rc, ret = -1;

	memset(&a, 0, sizeof a);
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT id, created, updated");
	for (i = 0; i < ASSET_NFIELDS; i++)
		if (fields[i].column)
			buf_printf(&sql, ", %s", fields[i].column);
	if (buf_puts(&sql, tag ? " FROM assets WHERE tag = ?" : " FROM assets ORDER BY tag")
	    == -1 || store_prepare(s, "assets", sql.data, &st, cause) == -1 ||
	    store_prepare(s, "assets",
	    "SELECT name, value FROM asset_custom WHERE asset_id = ? ORDER BY name",
	    &cs, cause) == -1)
		goto out;
	if (tag)
		sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.id = sqlite3_column_int64(st, 0);
		a.created = sqlite3_column_int64(st, 1);
		a.updated = sqlite3_column_int64(st, 2);
		for (i = 0, col = 3; i < ASSET_NFIELDS; i++)
			if (fields[i].column)
				a.v[i] = (const char *)sqlite3_column_text(st, col++);
		free(macs);
		free(deps);
		macs = deps = NULL;
		if (macs_of(NULL, s, a.id, &macs, cause) == -1 ||
		    deps_of(NULL, s, a.id, &deps, cause) == -1)
			goto out;
		a.v[ASSET_MACS] = *macs ? macs : NULL;
		a.v[ASSET_DEPENDS_ON] = *deps ? deps : NULL;
		sqlite3_reset(cs);
		sqlite3_bind_int64(cs, 1, a.id);
		for (k = 0; k < a.ncustom; k++) {
			free((char *)cn[k]);
			free((char *)cv[k]);
		}
		a.ncustom = 0;
		while (sqlite3_step(cs) == SQLITE_ROW) {
			if (a.ncustom == ncap) {
				size_t nc = ncap ? ncap * 2 : 16;
				const char **x = reallocarray(cn, nc, sizeof *x);
				const char **y = x ? reallocarray(cv, nc, sizeof *y) : NULL;
				if (x)
					cn = x;
				if (y == NULL) {
					err_set(cause, "out of memory");
					goto out;
				}
				cv = y;
				ncap = nc;
			}
			cn[a.ncustom] = dup_col(cs, 0);
			cv[a.ncustom] = dup_col(cs, 1);
			if (cn[a.ncustom] == NULL || cv[a.ncustom] == NULL) {
				free((char *)cn[a.ncustom]);
				free((char *)cv[a.ncustom]);
				err_set(cause, "out of memory");
				goto out;
			}
			a.ncustom++;
		}
		nheld = a.ncustom;
		a.custom_name = cn;
		a.custom_value = cv;
		if ((ret = cb(&a, arg)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "list assets", cause);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(cs);
	free(macs);
	free(deps);
	for (k = 0; k < nheld; k++) {
		free((char *)cn[k]);
		free((char *)cv[k]);
	}
	free(cn);
	free(cv);
	buf_free(&sql);
	return ret;
}

int
asset_history_each(struct store *s, const char *tag, asset_change_cb cb, void *arg,
    char **cause)
{
	int64_t id;

	if (get_id(NULL, s, tag, &id, cause) == -1)
		return -1;
	if (id == 0)
		return err_set(cause, "no asset '%.80s'", tag);
	return asset_change_each(s, "SELECT at, source, field, old_value, new_value FROM "
	    "asset_history WHERE asset_id = ? ORDER BY id", id, cb, arg, cause);
}

int
asset_change_each(struct store *s, const char *sql, int64_t id, asset_change_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *st;
	struct asset_change c;
	int rc, ret = 0;

	if (store_prepare(s, "history", sql, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.at = sqlite3_column_int64(st, 0);
		c.source = (const char *)sqlite3_column_text(st, 1);
		c.field = (const char *)sqlite3_column_text(st, 2);
		c.old_value = (const char *)sqlite3_column_text(st, 3);
		c.new_value = (const char *)sqlite3_column_text(st, 4);
		if ((ret = cb(&c, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_sqlerr(s, "history", cause);
	sqlite3_finalize(st);
	return ret;
}

/* ---- CSV ---- */

struct export_ctx {
	struct buf	*out;
	char		**custom;	/* sorted names of every custom field */
	size_t		 ncustom;
};

static int
export_row(const struct asset_view *a, void *arg)
{
	struct export_ctx *x = arg;
	size_t i, k = 0;
	int f, first = 1;

	for (f = 0; f < ASSET_NFIELDS; f++) {
		if (fields[f].label == NULL)
			continue;
		if (csv_put(x->out, a->v[f], first, 1) == -1)
			return -1;
		first = 0;
	}
	for (i = 0; i < x->ncustom; i++) {
		const char *v = NULL;

		/* both lists are sorted by name */
		while (k < a->ncustom && strcmp(a->custom_name[k], x->custom[i]) < 0)
			k++;
		if (k < a->ncustom && strcmp(a->custom_name[k], x->custom[i]) == 0)
			v = a->custom_value[k];
		if (csv_put(x->out, v, 0, 1) == -1)
			return -1;
	}
	return csv_end(x->out);
}

int
asset_export(struct store *s, struct buf *out, char **cause)
{
	struct export_ctx x = { .out = out };
	sqlite3_stmt *st = NULL;
	size_t i, cap = 0;
	int f, first = 1, rc = -1;

	if (store_prepare(s, "assets",
	    "SELECT DISTINCT name FROM asset_custom ORDER BY name", &st, cause) == -1)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (x.ncustom == cap) {
			char **n = reallocarray(x.custom, cap ? cap * 2 : 16, sizeof *n);
			if (n == NULL) {
				err_set(cause, "out of memory");
				goto out;
			}
			x.custom = n;
			cap = cap ? cap * 2 : 16;
		}
		if ((x.custom[x.ncustom] = dup_col(st, 0)) == NULL) {
			err_set(cause, "out of memory");
			goto out;
		}
		x.ncustom++;
	}
	for (f = 0; f < ASSET_NFIELDS; f++) {
		if (fields[f].label == NULL)
			continue;
		if (csv_put(out, fields[f].label, first, 1) == -1)
			goto toobig;
		first = 0;
	}
	for (i = 0; i < x.ncustom; i++)
		if (csv_put(out, x.custom[i], 0, 1) == -1)
			goto toobig;
	if (csv_end(out) == -1)
		goto toobig;
	rc = asset_each(s, NULL, export_row, &x, cause);
	if (rc == -1 && (cause == NULL || *cause == NULL))
		goto toobig;
	goto out;
toobig:
	rc = err_set(cause, "export larger than its buffer");
out:
	sqlite3_finalize(st);
	for (i = 0; i < x.ncustom; i++)
		free(x.custom[i]);
	free(x.custom);
	return rc;
}

#define COL_IGNORE	(-1)
#define COL_CUSTOM	(-2)

struct column {
	int	 field;		/* an asset_field, COL_IGNORE or COL_CUSTOM */
	char	*name;		/* the header, trimmed */
};

struct map_ctx {
	struct column	*cols;
	size_t		 n;
};

/* One --map pair: Header=field, Other=custom:Name, Junk=ignore. */
static int
map_one(const char *h, size_t hl, const char *target, void *arg, char **cause)
{
	struct map_ctx *x = arg;
	size_t j;
	int f;

	for (j = 0; j < x->n; j++)
		if (strlen(x->cols[j].name) == hl && strncasecmp(x->cols[j].name, h, hl) == 0)
			break;
	if (j == x->n)
		return err_set(cause, "--map: the file has no column '%.*s'", (int)hl, h);
	if (strcmp(target, "ignore") == 0)
		x->cols[j].field = COL_IGNORE;
	else if (strncmp(target, "custom:", 7) == 0 || strncmp(target, "custom.", 7) == 0) {
		char *nn = strdup(target + 7);

		if (nn == NULL || *nn == '\0') {
			free(nn);
			return err_set(cause, "--map: empty custom field name");
		}
		free(x->cols[j].name);
		x->cols[j].name = nn;
		x->cols[j].field = COL_CUSTOM;
	} else if ((f = asset_field_lookup(target)) != -1)
		x->cols[j].field = f;
	else
		return err_set(cause, "--map: unknown field '%.40s'", target);
	return 0;
}

/* Dependencies are written after every row, so that a row may name a later one. */
struct pending_dep {
	int64_t	 id;
	long	 line;
	char	*refs;
};

static void
bad(const struct asset_import_opts *o, struct asset_import_stats *stats, long line,
    const char *why)
{
	stats->bad++;
	if (o->bad_row)
		o->bad_row(line, why, o->arg);
}

/* "line N: what" from the CSV reader: just "what". */
static const char *
strip_line(const char *cause)
{
	const char *p;

	if (cause && strncmp(cause, "line ", 5) == 0 && (p = strstr(cause, ": ")) != NULL)
		return p + 2;
	return cause ? cause : "unreadable";
}

static int
seen_tag(struct stc *c, struct store *s, const char *tag, long line, long *first, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*first = 0;
	if (cprep(c, s, "INSERT INTO temp.import_seen (tag, line) VALUES (?, ?) ON CONFLICT (tag) "
	    "DO UPDATE SET tag = tag RETURNING line", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, line);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) != line)
		*first = (long)sqlite3_column_int64(st, 0);
	cfin(c, st);
	if (rc != SQLITE_ROW)
		return store_sqlerr(s, "import", cause);
	return 0;
}

int
asset_import(struct store *s, const char *data, size_t len, const struct asset_import_opts *o,
    struct asset_import_stats *stats, char **causep)
{
	char *lc = NULL, **cause = &lc;	/* row errors need a cause even when causep is NULL */
	struct csv_reader *r = NULL;
	struct column *cols = NULL;
	struct pending_dep *deps = NULL;
	struct rec *rec = NULL;
	struct stc stc = { 0 }, *cache = &stc;
	size_t ncols = 0, ndeps = 0, capdeps = 0, i, j;
	char *why = NULL, *v;
	const char *src = o->source ? o->source : "import";
	int rc, ret = -1, in_tx = 0, created, changed, empty;
	long first;
	int64_t id;

	memset(stats, 0, sizeof *stats);
	if ((rec = calloc(1, sizeof *rec)) == NULL)
		return err_set(causep, "out of memory");
	if (csv_reader_new(&r, data, len, 0, 0, cause) == -1)
		goto out;
	if ((rc = csv_read(r, cause)) != 1) {
		if (rc == 0)
			err_set(cause, "empty file: no header");
		goto out;
	}
	ncols = csv_nfields(r);
	if ((cols = calloc(ncols, sizeof *cols)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		if (norm_text(csv_unneutralise(csv_field(r, i)), 256, 0, &cols[i].name, cause) == -1) {
			err_prefix(cause, "line 1: column %zu header: ", i + 1);
			goto out;
		}
		cols[i].field = *cols[i].name ? asset_header_lookup(cols[i].name) : COL_IGNORE;
		if (cols[i].field == -1)
			cols[i].field = COL_CUSTOM;
	}
	if (csv_map_each(o->map, map_one, &(struct map_ctx){ cols, ncols }, cause) == -1)
		goto out;
	for (i = 0; i < ncols; i++)
		for (j = i + 1; j < ncols; j++)
			if ((cols[i].field >= 0 && cols[i].field == cols[j].field) ||
			    (cols[i].field == COL_CUSTOM && cols[j].field == COL_CUSTOM &&
			    strcasecmp(cols[i].name, cols[j].name) == 0)) {
				err_set(cause, "line 1: columns '%.40s' and '%.40s' both give %s; "
				    "use --map '%s=ignore' for one of them", cols[i].name,
				    cols[j].name, cols[i].field >= 0 ? fields[cols[i].field].name :
				    "the same custom field", cols[j].name);
				goto out;
			}
	for (i = 0; i < ncols && cols[i].field != ASSET_TAG; i++)
		;
	if (i == ncols) {
		err_set(cause, "line 1: no asset tag column (\"Asset Tag\"); name it with "
		    "--map 'Header=tag'");
		goto out;
	}
	if (store_begin(s, cause) == -1)
		goto out;
	in_tx = 1;
	if (sqlite3_exec(store_db(s), "CREATE TEMP TABLE IF NOT EXISTS import_seen (tag TEXT "
	    "PRIMARY KEY, line INTEGER NOT NULL); DELETE FROM temp.import_seen;", NULL, NULL,
	    NULL) != SQLITE_OK) {
		store_sqlerr(s, "import", cause);
		goto out;
	}
	for (;;) {
		rc = csv_read(r, cause);
		if (rc == 0)
			break;
		if (rc == -1) {
			if (csv_reader_broken(r))
				goto out;	/* where does the next row start? nobody knows */
			bad(o, stats, csv_line(r) ? csv_line(r) : 0, strip_line(*cause));
			continue;
		}
		for (i = 0, empty = 1; i < csv_nfields(r); i++)
			if (csv_field(r, i)[strspn(csv_field(r, i), " \t")] != '\0')
				empty = 0;
		if (empty)
			continue;
		stats->rows++;
		rec_clear(rec);
		if (csv_nfields(r) > ncols) {
			free(why);
			why = NULL;
			if (asprintf(&why, "%zu fields, the header has %zu", csv_nfields(r), ncols)
			    == -1)
				why = NULL;
			bad(o, stats, csv_line(r), why ? why : "too many fields");
			continue;
		}
		for (i = 0; i < csv_nfields(r); i++) {
			const char *raw = csv_unneutralise(csv_field(r, i));

			if (cols[i].field == COL_IGNORE)
				continue;
			if (cols[i].field == COL_CUSTOM) {
				if (norm_text(raw, TEXT_MAX, 0, &v, cause) == -1)
					break;
				rec->cname[rec->nc] = strdup(cols[i].name);
				rec->cval[rec->nc++] = v;
				if (rec->cname[rec->nc - 1] == NULL) {
					err_set(cause, "out of memory");
					break;
				}
				continue;
			}
			if (asset_normalise(cols[i].field, raw, &rec->v[cols[i].field], cause) == -1)
				break;
		}
		if (i < csv_nfields(r)) {
			free(why);
			why = NULL;
			if (asprintf(&why, "%s: %s", cols[i].name, *cause) == -1)
				why = NULL;
			bad(o, stats, csv_line(r), why ? why : *cause);
			continue;
		}
		if (rec->v[ASSET_TAG] == NULL || *rec->v[ASSET_TAG] == '\0') {
			bad(o, stats, csv_line(r), "no asset tag");
			continue;
		}
		if (warranty_from_months(rec, cause) == -1) {
			bad(o, stats, csv_line(r), *cause);
			continue;
		}
		if (seen_tag(cache, s, rec->v[ASSET_TAG], csv_line(r), &first, cause) == -1)
			goto out;
		if (first != 0) {
			free(why);
			why = NULL;
			if (asprintf(&why, "asset tag '%.60s' already on line %ld", rec->v[ASSET_TAG],
			    first) == -1)
				why = NULL;
			bad(o, stats, csv_line(r), why ? why : "duplicate asset tag");
			continue;
		}
		if (put_rec(cache, s, rec, src, 0, &id, &created, &changed, cause) == -1)
			goto out;
		if (rec->v[ASSET_DEPENDS_ON] != NULL) {
			if (ndeps == capdeps) {
				struct pending_dep *nd = reallocarray(deps, capdeps ? capdeps * 2 : 16,
				    sizeof *nd);
				if (nd == NULL) {
					err_set(cause, "out of memory");
					goto out;
				}
				deps = nd;
				capdeps = capdeps ? capdeps * 2 : 16;
			}
			deps[ndeps].id = id;
			deps[ndeps].line = csv_line(r);
			deps[ndeps].refs = rec->v[ASSET_DEPENDS_ON];
			rec->v[ASSET_DEPENDS_ON] = NULL;
			ndeps++;
		}
		if (created)
			stats->created++;
		else if (changed)
			stats->updated++;
		else
			stats->unchanged++;
	}
	for (i = 0; i < ndeps; i++) {
		changed = 0;
		if (sqlite3_exec(store_db(s), "SAVEPOINT dep", NULL, NULL, NULL) != SQLITE_OK) {
			store_sqlerr(s, "import", cause);
			goto out;
		}
		if (put_deps(cache, s, deps[i].id, deps[i].refs, src, &changed, cause) == -1) {
			sqlite3_exec(store_db(s), "ROLLBACK TO dep", NULL, NULL, NULL);
			bad(o, stats, deps[i].line, *cause);
		}
		sqlite3_exec(store_db(s), "RELEASE dep", NULL, NULL, NULL);
	}
	if (o->strict && stats->bad > 0) {
		err_set(cause, "%ld bad row%s: nothing imported (strict)", stats->bad,
		    stats->bad == 1 ? "" : "s");
		goto out;
	}
	in_tx = 0;
	if (store_commit(s, cause) == -1)
		goto out;
	ret = 0;
out:
	stc_free(cache);
	if (in_tx)
		store_rollback(s);
	if (ret == -1 && causep) {
		free(*causep);
		*causep = lc ? lc : strdup("import failed");
		lc = NULL;
	}
	free(lc);
	for (i = 0; i < ndeps; i++)
		free(deps[i].refs);
	free(deps);
	for (i = 0; i < ncols; i++)
		free(cols[i].name);
	free(cols);
	free(why);
	if (rec) {
		rec_clear(rec);
		free(rec);
	}
	csv_reader_free(&r);
	return ret;
}
