#include "inventory/licence.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <fnmatch.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/csv.h"
#include "common/err.h"
#include "inventory/store_int.h"

#define SEATS_MAX	1000000000L
#define PKG_LINE_MAX	1024	/* longest snmp-packages line taken */

static const struct {
	const char	*name;	/* field name and column */
	int		 asset;	/* normalised as this asset field */
} fields[LIC_NFIELDS] = {
	[LIC_NAME] =		{ "name",		ASSET_HOSTNAME },
	[LIC_PATTERN] =		{ "pattern",		ASSET_HOSTNAME },
	[LIC_VENDOR] =		{ "vendor",		ASSET_MANUFACTURER },
	[LIC_SEATS] =		{ "seats",		ASSET_HOSTNAME },
	[LIC_ASSIGNEE] =	{ "assignee",		ASSET_OWNER },
	[LIC_EMAIL] =		{ "email",		ASSET_OWNER },
	[LIC_DEPARTMENT] =	{ "department",		ASSET_DEPARTMENT },
	[LIC_PURCHASE_DATE] =	{ "purchase_date",	ASSET_PURCHASE_DATE },
	[LIC_PURCHASE_COST] =	{ "purchase_cost",	ASSET_PURCHASE_COST },
	[LIC_EXPIRES] =		{ "expires",		ASSET_WARRANTY_END },
	[LIC_TERMINATES] =	{ "terminates",		ASSET_SUPPORT_END },
	[LIC_NOTES] =		{ "notes",		ASSET_NOTES },
};

/* Snipe-IT: licence report and list export (admin/licenses/table, form), importer. */
static const struct csv_alias headers[] = {
	{ "License", LIC_NAME }, { "Licence", LIC_NAME }, { "Software Name", LIC_NAME },
	{ "Item Name", LIC_NAME }, { "Name", LIC_NAME }, { "Product", LIC_NAME },
	{ "Pattern", LIC_PATTERN }, { "Product Pattern", LIC_PATTERN },
	{ "Match", LIC_PATTERN },
	{ "Manufacturer", LIC_VENDOR }, { "Vendor", LIC_VENDOR },
	{ "Seats", LIC_SEATS }, { "Quantity", LIC_SEATS },
	{ "Licensed to Name", LIC_ASSIGNEE }, { "Licensed To", LIC_ASSIGNEE },
	{ "Licenced To", LIC_ASSIGNEE }, { "Assigned To", LIC_ASSIGNEE },
	{ "Checked Out To", LIC_ASSIGNEE }, { "Full Name", LIC_ASSIGNEE },
	{ "Owner", LIC_ASSIGNEE }, { "Assignee", LIC_ASSIGNEE },
	{ "Licensed to Email", LIC_EMAIL }, { "License Email", LIC_EMAIL },
	{ "Email", LIC_EMAIL },
	{ "Department", LIC_DEPARTMENT },
	{ "Purchase Date", LIC_PURCHASE_DATE }, { "Purchased", LIC_PURCHASE_DATE },
	{ "Purchase Cost", LIC_PURCHASE_COST }, { "Cost", LIC_PURCHASE_COST },
	{ "Expiration Date", LIC_EXPIRES }, { "Expires", LIC_EXPIRES },
	{ "Expiry", LIC_EXPIRES }, { "Renewal", LIC_EXPIRES },
	{ "Renewal Date", LIC_EXPIRES },
	{ "Termination Date", LIC_TERMINATES },
	{ "Notes", LIC_NOTES },
	/* product keys are secrets: recognised so that they are never kept */
	{ "Product Key", LICENCE_HEADER_SECRET }, { "Serial", LICENCE_HEADER_SECRET },
	{ "License Key", LICENCE_HEADER_SECRET }, { "Licence Key", LICENCE_HEADER_SECRET },
	{ "Key", LICENCE_HEADER_SECRET },
};

/* The columns of licences, in field order. */
static const char *const columns =
	"name, pattern, vendor, seats, assignee, email, department, purchase_date, "
	"purchase_cost, expires, terminates, notes";

const char *
licence_field_name(int field)
{
	return field >= 0 && field < LIC_NFIELDS ? fields[field].name : NULL;
}

int
licence_field_lookup(const char *name)
{
	return csv_field_named(name, licence_field_name, LIC_NFIELDS);
}

int
licence_header_lookup(const char *header)
{
	return csv_header_field(header, headers, sizeof headers / sizeof headers[0],
	    licence_field_name, LIC_NFIELDS, -1);
}

static int
norm_seats(const char *t, char **out, char **cause)
{
	long v = 0;
	const char *p;

	for (p = t; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return err_set(cause, "seats: '%.20s' is not a whole number", t);
		v = v * 10 + (*p - '0');
		if (v > SEATS_MAX)
			return err_set(cause, "seats: more than %ld", SEATS_MAX);
	}
	if (asprintf(out, "%ld", v) == -1) {
		*out = NULL;
		return err_set(cause, "out of memory");
	}
	return 0;
}

static int
check_pattern(const char *p, char **cause)
{
	char *c = NULL;

	if (licence_match(p, "", &c) == -1) {
		err_set(cause, "pattern: %s", c);
		free(c);
		return -1;
	}
	return 0;
}

int
licence_normalise(int field, const char *in, char **out, char **cause)
{
	char *t;

	*out = NULL;
	if (field < 0 || field >= LIC_NFIELDS)
		return err_set(cause, "unknown field");
	if (asset_normalise(fields[field].asset, in, &t, cause) == -1)
		return -1;
	if (*t != '\0' && field == LIC_SEATS) {
		int rc = norm_seats(t, out, cause);
		free(t);
		return rc;
	}
	if (*t != '\0' && field == LIC_PATTERN && check_pattern(t, cause) == -1) {
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* ---- matching ---- */

static char *
lower_dup(const char *s)
{
	char *d = strdup(s), *p;

	for (p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

int
licence_match(const char *pattern, const char *package, char **cause)
{
	pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	char *lp, *lk;
	int code, rc;

	if (strncmp(pattern, "re:", 3) == 0) {
		/* no PCRE2_UTF: package names are hostile bytes, not promised UTF-8 */
		re = pcre2_compile((PCRE2_SPTR)(pattern + 3), PCRE2_ZERO_TERMINATED,
		    PCRE2_CASELESS | PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C, &code, &off,
		    NULL);
		if (re == NULL) {
			pcre2_get_error_message(code, msg, sizeof msg);
			return err_set(cause, "at %zu: %s", (size_t)off, (const char *)msg);
		}
		if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL) {
			pcre2_code_free(re);
			return err_set(cause, "out of memory");
		}
		rc = pcre2_match(re, (PCRE2_SPTR)package, strlen(package), 0, 0, md, NULL);
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
			return err_set(cause, "PCRE2 match error %d", rc);
		return rc >= 0;
	}
	if (strncmp(pattern, "glob:", 5) == 0)
		pattern += 5;
	if ((lp = lower_dup(pattern)) == NULL || (lk = lower_dup(package)) == NULL) {
		free(lp);
		return err_set(cause, "out of memory");
	}
	rc = fnmatch(lp, lk, 0) == 0;
	free(lp);
	free(lk);
	return rc;
}

/* A compiled pattern, so that thousands of packages are matched without recompiling. */
struct matcher {
	pcre2_code		*re;
	pcre2_match_data	*md;
	char			*glob;	/* lowercase */
};

static int
matcher_init(struct matcher *m, const char *pattern, const char *name, char **cause)
{
	PCRE2_SIZE off;
	int code;

	memset(m, 0, sizeof *m);
	if (pattern == NULL || *pattern == '\0')
		pattern = name;
	if (strncmp(pattern, "re:", 3) == 0) {
		m->re = pcre2_compile((PCRE2_SPTR)(pattern + 3), PCRE2_ZERO_TERMINATED,
		    PCRE2_CASELESS | PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C, &code, &off,
		    NULL);
		if (m->re == NULL)
			return err_set(cause, "licence '%.60s': bad pattern", name);
		if ((m->md = pcre2_match_data_create_from_pattern(m->re, NULL)) == NULL)
			return err_set(cause, "out of memory");
		return 0;
	}
	if (strncmp(pattern, "glob:", 5) == 0)
		pattern += 5;
	if ((m->glob = lower_dup(pattern)) == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

static void
matcher_free(struct matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_code_free(m->re);
	free(m->glob);
}

/* lname: the package name in lowercase (for globs). */
static int
matcher_test(const struct matcher *m, const char *name, const char *lname)
{
	if (m->re)
		return pcre2_match(m->re, (PCRE2_SPTR)name, strlen(name), 0, 0, m->md, NULL) >= 0;
	return fnmatch(m->glob, lname, 0) == 0;
}

/* ---- store access ---- */

static int
same(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b == NULL || *b == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
licence_each(struct store *s, const char *name, licence_cb cb, void *arg, char **cause)
{
	struct licence_view l;
	sqlite3_stmt *st;
	char *sql = NULL;
	int rc, i, n = 0, ret = 0;

	if (asprintf(&sql, "SELECT id, %s, created, updated FROM licences %s ORDER BY name",
	    columns, name ? "WHERE name = ?" : "") == -1)
		return err_set(cause, "out of memory");
	rc = store_prepare(s, "licences", sql, &st, cause);
	free(sql);
	if (rc == -1)
		return -1;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		l.id = sqlite3_column_int64(st, 0);
		for (i = 0; i < LIC_NFIELDS; i++)
			l.v[i] = col(st, i + 1);
		l.created = sqlite3_column_int64(st, LIC_NFIELDS + 1);
		l.updated = sqlite3_column_int64(st, LIC_NFIELDS + 2);
		n++;
		if ((ret = cb(&l, arg)) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_sqlerr(s, "licences", cause);
	sqlite3_finalize(st);
	if (ret == 0 && name && n == 0)
		return err_set(cause, "no licence named '%.80s'", name);
	return ret;
}

int
licence_history_each(struct store *s, const char *name, asset_change_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (store_prepare(s, "licences", "SELECT id FROM licences WHERE name = ?", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(s, "licences", cause);
	if (id == 0)
		return err_set(cause, "no licence named '%.80s'", name);
	return asset_change_each(s, "SELECT at, source, field, old_value, new_value FROM "
	    "licence_history WHERE licence_id = ? ORDER BY id", id, cb, arg, cause);
}

static int
history(struct store *s, int64_t id, const char *source, const char *field,
    const char *old, const char *new, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (store_prepare(s, "licences",
	    "INSERT INTO licence_history (licence_id, at, source, field, old_value, "
	    "new_value) VALUES (?, ?, ?, ?, ?, ?)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, store_now(s));
	sqlite3_bind_text(st, 3, source, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, field, -1, SQLITE_TRANSIENT);
	(void)store_bind_text(st, 5, old, 1);
	(void)store_bind_text(st, 6, new, 1);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(s, "licence history", cause);
}

/* Writes the fields set in v (NULL: left alone) to licence v[LIC_NAME], creating it when
 * create is set, inside the caller's transaction. */
static int
put(struct store *s, char *const *v, int create, const char *source, int *created,
    int *changed, char **cause)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL, *old[LIC_NFIELDS] = { 0 };
	int64_t id = 0;
	int i, rc, ret = -1;

	*created = *changed = 0;
	if (asprintf(&sql, "SELECT id, %s FROM licences WHERE name = ?", columns) == -1) {
		sql = NULL;
		err_set(cause, "out of memory");
		goto out;
	}
	if (store_prepare(s, "licences", sql, &st, cause) == -1)
		goto out;
	sqlite3_bind_text(st, 1, v[LIC_NAME], -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < LIC_NFIELDS; i++)
			if (col(st, i + 1) && (old[i] = strdup(col(st, i + 1))) == NULL) {
				err_set(cause, "out of memory");
				goto out;
			}
	} else if (rc != SQLITE_DONE) {
		store_sqlerr(s, "licences", cause);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (id == 0) {
		if (!create) {
			err_set(cause, "no licence named '%.80s' (create it with licence add)",
			    v[LIC_NAME]);
			goto out;
		}
		if (store_prepare(s, "licences",
		    "INSERT INTO licences (name, created, updated) VALUES (?, ?, ?)",
		    &st, cause) == -1)
			goto out;
		sqlite3_bind_text(st, 1, v[LIC_NAME], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, store_now(s));
		sqlite3_bind_int64(st, 3, store_now(s));
		if (sqlite3_step(st) != SQLITE_DONE) {
			store_sqlerr(s, "licences", cause);
			goto out;
		}
		id = sqlite3_last_insert_rowid(store_db(s));
		*created = 1;
		if (history(s, id, source, "created", NULL, v[LIC_NAME], cause) == -1)
			goto out;
	}
	for (i = LIC_NAME + 1; i < LIC_NFIELDS; i++) {
		if (v[i] == NULL || same(old[i], v[i]))
			continue;
		sqlite3_finalize(st);
		free(sql);
		if (asprintf(&sql, "UPDATE licences SET %s = ?, updated = ? WHERE id = ?",
		    fields[i].name) == -1) {
			sql = NULL;
			err_set(cause, "out of memory");
			goto out;
		}
		if (store_prepare(s, "licences", sql, &st, cause) == -1)
			goto out;
		if (i == LIC_SEATS && *v[i])
			sqlite3_bind_int64(st, 1, strtoll(v[i], NULL, 10));
		else
			(void)store_bind_text(st, 1, v[i], 1);
		sqlite3_bind_int64(st, 2, store_now(s));
		sqlite3_bind_int64(st, 3, id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			store_sqlerr(s, "licences", cause);
			goto out;
		}
		if (history(s, id, source, fields[i].name, old[i], v[i], cause) == -1)
			goto out;
		(*changed)++;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	free(sql);
	for (i = 0; i < LIC_NFIELDS; i++)
		free(old[i]);
	return ret;
}

int
licence_set(struct store *s, const char *name, char *const *assign, size_t n, int create,
    const char *source, int *changed, char **cause)
{
	char *v[LIC_NFIELDS] = { 0 }, *eq, *fname = NULL;
	size_t k;
	int f, i, created = 0, ret = -1;

	*changed = 0;
	if (licence_normalise(LIC_NAME, name, &v[LIC_NAME], cause) == -1)
		goto out;
	if (*v[LIC_NAME] == '\0') {
		err_set(cause, "a licence needs a name");
		goto out;
	}
	for (k = 0; k < n; k++) {
		if ((eq = strchr(assign[k], '=')) == NULL) {
			err_set(cause, "'%.60s': expected field=value", assign[k]);
			goto out;
		}
		free(fname);
		if ((fname = strndup(assign[k], (size_t)(eq - assign[k]))) == NULL) {
			err_set(cause, "out of memory");
			goto out;
		}
		if ((f = licence_field_lookup(fname)) <= LIC_NAME) {
			err_set(cause, "unknown licence field '%.40s'", fname);
			goto out;
		}
		free(v[f]);
		if (licence_normalise(f, eq + 1, &v[f], cause) == -1) {
			err_prefix(cause, "%s: ", fname);
			goto out;
		}
	}
	if (store_begin(s, cause) == -1)
		goto out;
	if (put(s, v, create, source, &created, changed, cause) == -1) {
		store_rollback(s);
		goto out;
	}
	if (store_commit(s, cause) == -1)
		goto out;
	*changed += created;
	ret = 0;
out:
	free(fname);
	for (i = 0; i < LIC_NFIELDS; i++)
		free(v[i]);
	return ret;
}

static void
bad(const struct asset_import_opts *o, struct asset_import_stats *st, long line,
    const char *why)
{
	st->bad++;
	if (o->bad_row)
		o->bad_row(line, why, o->arg);
}

struct map_ctx {
	const struct csv_reader	*r;	/* holding the header record */
	int			*cols;
	size_t			 n;
};

/* One --map pair: Header=field (a licence field name) or Header=ignore. */
static int
map_one(const char *h, size_t hl, const char *target, void *arg, char **cause)
{
	struct map_ctx *x = arg;
	const char *name;
	size_t j;
	int f;

	for (j = 0; j < x->n; j++) {
		name = csv_unneutralise(csv_field(x->r, j));
		name += strspn(name, " \t");
		if (strncasecmp(name, h, hl) == 0 && name[hl + strspn(name + hl, " \t")] == '\0')
			break;
	}
	if (j == x->n)
		return err_set(cause, "--map: the file has no column '%.*s'", (int)hl, h);
	if (strcmp(target, "ignore") == 0)
		x->cols[j] = -1;
	else if (x->cols[j] == LICENCE_HEADER_SECRET)
		return err_set(cause, "--map: column '%.*s' holds product keys: never imported",
		    (int)hl, h);
	else if ((f = licence_field_lookup(target)) != -1)
		x->cols[j] = f;
	else
		return err_set(cause, "--map: unknown licence field '%.40s' (the fields of "
		    "`assets licence set`, or ignore)", target);
	return 0;
}

int
licence_import(struct store *s, const char *data, size_t len,
    const struct asset_import_opts *o, struct asset_import_stats *stats, char **causep)
{
	char *lc = NULL, **cause = &lc;	/* row errors need a cause even when causep is NULL */
	struct csv_reader *r = NULL;
	sqlite3_stmt *seen = NULL;
	int *cols = NULL;
	char *v[LIC_NFIELDS] = { 0 }, *why = NULL;
	const char *src = o->source ? o->source : "import";
	size_t ncols = 0, i, j;
	int rc, ret = -1, in_tx = 0, created, changed, empty;

	memset(stats, 0, sizeof *stats);
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
	for (i = 0; i < ncols; i++)
		cols[i] = licence_header_lookup(csv_unneutralise(csv_field(r, i)));
	if (csv_map_each(o->map, map_one, &(struct map_ctx){ r, cols, ncols }, cause) == -1)
		goto out;
	for (i = 0; i < ncols; i++)
		for (j = i + 1; j < ncols; j++)
			if (cols[i] >= 0 && cols[i] == cols[j]) {
				err_set(cause, "line 1: columns %zu and %zu both give %s", i + 1,
				    j + 1, fields[cols[i]].name);
				goto out;
			}
	for (i = 0; i < ncols && cols[i] != LIC_NAME; i++)
		;
	if (i == ncols) {
		err_set(cause, "line 1: no licence name column (\"License\", \"Software Name\" "
		    "or \"Name\")");
		goto out;
	}
	if (store_begin(s, cause) == -1)
		goto out;
	in_tx = 1;
	if (sqlite3_exec(store_db(s), "CREATE TEMP TABLE IF NOT EXISTS licence_seen (name "
	    "TEXT PRIMARY KEY, line INTEGER NOT NULL); DELETE FROM temp.licence_seen;", NULL,
	    NULL, NULL) != SQLITE_OK) {
		store_sqlerr(s, "import", cause);
		goto out;
	}
	if (store_prepare(s, "licences",
	    "INSERT INTO temp.licence_seen (name, line) VALUES (?1, ?2) ON CONFLICT "
	    "(name) DO UPDATE SET line = line RETURNING line", &seen, cause) == -1)
		goto out;
	for (;;) {
		for (i = 0; i < LIC_NFIELDS; i++) {
			free(v[i]);
			v[i] = NULL;
		}
		if ((rc = csv_read(r, cause)) == 0)
			break;
		if (rc == -1) {
			if (csv_reader_broken(r))
				goto out;
			bad(o, stats, csv_line(r), *cause);
			continue;
		}
		for (i = 0, empty = 1; i < csv_nfields(r); i++)
			if (csv_field(r, i)[strspn(csv_field(r, i), " \t")] != '\0')
				empty = 0;
		if (empty)
			continue;
		stats->rows++;
		if (csv_nfields(r) > ncols) {
			bad(o, stats, csv_line(r), "more fields than the header");
			continue;
		}
		for (i = 0; i < csv_nfields(r); i++) {
			if (cols[i] < 0)
				continue;
			if (licence_normalise(cols[i], csv_unneutralise(csv_field(r, i)),
			    &v[cols[i]], cause) == -1)
				break;
		}
		if (i < csv_nfields(r)) {
			free(why);
			if (asprintf(&why, "%s: %s", fields[cols[i]].name, *cause) == -1)
				why = NULL;
			bad(o, stats, csv_line(r), why ? why : *cause);
			continue;
		}
		if (v[LIC_NAME] == NULL || *v[LIC_NAME] == '\0') {
			bad(o, stats, csv_line(r), "no licence name");
			continue;
		}
		sqlite3_reset(seen);
		sqlite3_bind_text(seen, 1, v[LIC_NAME], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(seen, 2, csv_line(r));
		if (sqlite3_step(seen) != SQLITE_ROW) {
			store_sqlerr(s, "import", cause);
			goto out;
		}
		if (sqlite3_column_int64(seen, 0) != csv_line(r)) {
			free(why);
			if (asprintf(&why, "licence '%.60s' already on line %lld", v[LIC_NAME],
			    (long long)sqlite3_column_int64(seen, 0)) == -1)
				why = NULL;
			bad(o, stats, csv_line(r), why ? why : "duplicate licence name");
			continue;
		}
		sqlite3_reset(seen);
		if (put(s, v, 1, src, &created, &changed, cause) == -1)
			goto out;
		if (created)
			stats->created++;
		else if (changed)
			stats->updated++;
		else
			stats->unchanged++;
	}
	if (o->strict && stats->bad > 0) {
		err_set(cause, "%ld bad row%s: nothing imported (strict)", stats->bad,
		    stats->bad == 1 ? "" : "s");
		goto out;
	}
	sqlite3_finalize(seen);
	seen = NULL;
	in_tx = 0;
	if (store_commit(s, cause) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(seen);
	if (in_tx)
		store_rollback(s);
	if (ret == -1 && causep) {
		free(*causep);
		*causep = lc ? lc : strdup("import failed");
		lc = NULL;
	}
	free(lc);
	free(why);
	for (i = 0; i < LIC_NFIELDS; i++)
		free(v[i]);
	free(cols);
	csv_reader_free(&r);
	return ret;
}

/* ---- usage: licences against installed software ---- */

struct pkg {
	int64_t	 device_id;
	char	*device;
	char	*name;
	char	*lname;		/* lowercase, for globs */
	char	*alt;		/* SNMP "name_version_arch": the name part, lowercase */
	char	*version;
	const char *source;
};

struct pkgs {
	struct pkg	*p;
	size_t		 len, cap;
};

static void
pkgs_free(struct pkgs *ps)
{
	size_t i;

	for (i = 0; i < ps->len; i++) {
		free(ps->p[i].device);
		free(ps->p[i].name);
		free(ps->p[i].lname);
		free(ps->p[i].alt);
		free(ps->p[i].version);
	}
	free(ps->p);
}

static int
pkgs_add(struct pkgs *ps, int64_t dev, const char *device, const char *name, size_t n,
    const char *version, const char *source)
{
	struct pkg *p;
	char *us;

	if (ps->len == ps->cap) {
		size_t nc = ps->cap ? ps->cap * 2 : 256;
		if ((p = reallocarray(ps->p, nc, sizeof *p)) == NULL)
			return -1;
		ps->p = p;
		ps->cap = nc;
	}
	p = &ps->p[ps->len];
	memset(p, 0, sizeof *p);
	p->device_id = dev;
	p->source = source;
	p->device = strdup(device);
	p->name = strndup(name, n);
	p->version = strdup(version);
	if (p->name)
		p->lname = lower_dup(p->name);
	ps->len++;
	if (!p->device || !p->name || !p->version || !p->lname)
		return -1;
	/* dpkg through net-snmp: "openssh-server_1:9.2p1-2_amd64"; the name also matches */
	if ((us = strchr(p->lname, '_')) != NULL && us != p->lname &&
	    (p->alt = strndup(p->lname, (size_t)(us - p->lname))) == NULL)
		return -1;
	return 0;
}

/* The latest snapshot of each (device, source). */
#define LATEST "s.id IN (SELECT (SELECT x.id FROM snapshots x WHERE x.device_id = y.device_id " \
	"AND x.source = y.source ORDER BY x.taken DESC, x.id DESC LIMIT 1) FROM (SELECT " \
	"DISTINCT device_id, source FROM snapshots) y)"

static int
load_pkgs(struct store *s, struct pkgs *ps, char **cause)
{
	sqlite3_stmt *st;
	const char *t, *e, *end, *dev;
	int rc;

	if (store_prepare(s, "licences",
	    "SELECT s.device_id, coalesce(d.name, d.address, 'device ' || d.id), "
	    "substr(f.key, 5), f.value FROM snapshots s JOIN devices d ON d.id = s.device_id "
	    "JOIN facts f ON f.snapshot_id = s.id WHERE " LATEST " AND f.key GLOB 'pkg.?*' "
	    "AND f.key NOT IN ('pkg.count', 'pkg.update_tool', 'pkg.updates_pending', "
	    "'pkg.security_updates', 'pkg.security_update_list') ORDER BY s.device_id, f.seq",
	    &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (pkgs_add(ps, sqlite3_column_int64(st, 0), col(st, 1), col(st, 2),
		    strlen(col(st, 2)), col(st, 3) ? col(st, 3) : "", "ssh") == -1) {
			sqlite3_finalize(st);
			return err_set(cause, "out of memory");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "licences", cause);
	if (store_prepare(s, "licences",
	    "SELECT s.device_id, coalesce(d.name, d.address, 'device ' || d.id), "
	    "a.content FROM snapshots s JOIN devices d ON d.id = s.device_id JOIN "
	    "snapshot_artifacts sa ON sa.snapshot_id = s.id AND sa.name = 'snmp-packages' "
	    "JOIN artifacts a ON a.sha256 = sa.sha256 WHERE " LATEST " ORDER BY s.device_id",
	    &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dev = col(st, 1);
		t = (const char *)sqlite3_column_blob(st, 2);
		end = t + sqlite3_column_bytes(st, 2);
		for (; t != NULL && t < end; t = e + 1) {
			if ((e = memchr(t, '\n', (size_t)(end - t))) == NULL)
				e = end;
			if (e == t || e - t > PKG_LINE_MAX || memchr(t, '\0', (size_t)(e - t)))
				continue;	/* an empty, absurd or binary line names nothing */
			if (pkgs_add(ps, sqlite3_column_int64(st, 0), dev, t,
			    (size_t)(e - t) - (e[-1] == '\r'), "", "snmp") == -1) {
				sqlite3_finalize(st);
				return err_set(cause, "out of memory");
			}
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "licences", cause);
	return 0;
}

/* Days from today (UTC, of now) to date YYYY-MM-DD. */
static int64_t
days_until(const char *date, int64_t now)
{
	long y, m, d;
	int64_t days;

	y = strtol(date, NULL, 10);
	m = strtol(date + 5, NULL, 10);
	d = strtol(date + 8, NULL, 10);
	/* days from civil (Howard Hinnant) */
	y -= m <= 2;
	{
		long era = (y >= 0 ? y : y - 399) / 400;
		long yoe = y - era * 400;
		long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = (int64_t)era * 146097 + doe - 719468;
	}
	return days - (now >= 0 ? now / 86400 : (now - 86399) / 86400);
}

struct usage_ctx {
	struct pkgs		*ps;
	struct licence_install	*ins;
	int			 expiring;
	int64_t			 now;
	licence_usage_cb	 cb;
	void			*arg;
	char			**cause;
};

static int
usage_one(const struct licence_view *l, void *arg)
{
	struct usage_ctx *c = arg;
	struct licence_usage u;
	struct matcher m;
	size_t i, n = 0;
	int64_t last = 0;
	const char *exp = NULL;
	int ret;

	if (matcher_init(&m, l->v[LIC_PATTERN], l->v[LIC_NAME], c->cause) == -1) {
		matcher_free(&m);
		return -1;
	}
	for (i = 0; i < c->ps->len; i++) {
		const struct pkg *p = &c->ps->p[i];

		if (n > 0 && last == p->device_id)
			continue;	/* one installation per device */
		if (!matcher_test(&m, p->name, p->lname) &&
		    !(p->alt && matcher_test(&m, p->alt, p->alt)))
			continue;
		c->ins[n].device_id = p->device_id;
		c->ins[n].device = p->device;
		c->ins[n].package = p->name;
		c->ins[n].version = p->version;
		c->ins[n].source = p->source;
		last = p->device_id;
		n++;
	}
	matcher_free(&m);
	memset(&u, 0, sizeof u);
	u.l = l;
	u.ninstalls = n;
	u.installs = c->ins;
	if (l->v[LIC_EXPIRES])
		exp = l->v[LIC_EXPIRES];
	if (l->v[LIC_TERMINATES] && (exp == NULL || strcmp(l->v[LIC_TERMINATES], exp) < 0))
		exp = l->v[LIC_TERMINATES];
	if (exp && strlen(exp) == 10) {
		u.has_expiry = 1;
		u.days_left = days_until(exp, c->now);
		if (u.days_left < 0)
			u.flags |= LICENCE_EXPIRED;
		else if (u.days_left <= c->expiring)
			u.flags |= LICENCE_EXPIRING;
	}
	if (l->v[LIC_SEATS] && (int64_t)n > strtoll(l->v[LIC_SEATS], NULL, 10))
		u.flags |= LICENCE_OVER;
	if (n == 0)
		u.flags |= LICENCE_UNUSED;
	ret = c->cb(&u, c->arg);
	return ret;
}

/* Installations of one device are contiguous and devices come in id order (after
 * merging the ssh and snmp lists), so one per device is a comparison with the last. */
static int
pkg_cmp(const void *a, const void *b)
{
	const struct pkg *x = a, *y = b;

	if (x->device_id != y->device_id)
		return x->device_id < y->device_id ? -1 : 1;
	return strcmp(x->source, y->source);
}

int
licence_usage_each(struct store *s, const char *name, int expiring_days, int64_t now,
    licence_usage_cb cb, void *arg, char **cause)
{
	struct pkgs ps = { 0 };
	struct usage_ctx c;
	int ret = -1;

	if (load_pkgs(s, &ps, cause) == -1)
		goto out;
	if (ps.len)
		qsort(ps.p, ps.len, sizeof *ps.p, pkg_cmp);
	memset(&c, 0, sizeof c);
	c.ps = &ps;
	if ((c.ins = calloc(ps.len ? ps.len : 1, sizeof *c.ins)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	c.expiring = expiring_days;
	c.now = now ? now : store_now(s);
	c.cb = cb;
	c.arg = arg;
	c.cause = cause;
	ret = licence_each(s, name, usage_one, &c, cause);
	free(c.ins);
out:
	pkgs_free(&ps);
	return ret;
}
