#include "inventory/reconcile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "common/json.h"
#include "inventory/store_int.h"

/* Rule order: a stronger key is tried first and a weaker one only when it found nothing. */
enum { K_SERIAL = 1, K_MAC, K_HOSTNAME, K_ADDRESS };
static const char *const key_name[] = { "", "serial", "mac", "hostname", "address" };
static const char *const key_conf[] = { "", "high", "high", "medium", "low" };

struct ra {
	int64_t	 id;
	char	*tag, *serial, *model, *state, *warranty_end, *support_end;
	int64_t	 ndev;		/* proposals for this asset */
	int	 best;		/* strongest key among them */
	int	 manual;
	int64_t	 last;		/* last sighting of a linked device */
	const char *ldev;	/* which one */
};

struct rd {
	int64_t	 id;
	char	*name, *serial, *model;
	int64_t	 last_seen;
	int	 linked;	/* 0 none, else key; -1 ambiguous */
	int	 manual;
};

struct prop {
	int64_t	 device, asset;
	int	 key;
	int	 dropped;
};

struct reconcile_result {
	struct reconcile_link		*links;
	size_t				 nlinks, caplinks;
	struct reconcile_finding	*f;
	size_t				 nf, capf;
};

/* SQL for a usable serial (the store ignores the same placeholders). */
#define USABLE(c) "(" c " IS NOT NULL AND trim(" c ") <> '' AND lower(trim(" c ")) NOT IN " \
	"('0','n/a','na','none','null','unknown','not specified','not available'," \
	"'to be filled by o.e.m.','default string','system serial number','0123456789'," \
	"'123456789','serial','invalid','-') AND trim(" c ", '0 ') <> '')"
/* Host part of a name, lowercased; an IPv4 literal stays whole. */
#define SHORT(c) "lower(CASE WHEN instr(" c ", '.') > 1 AND " c " NOT GLOB " \
	"'[0-9]*.[0-9]*.[0-9]*.[0-9]*' THEN substr(" c ", 1, instr(" c ", '.') - 1) ELSE " \
	"trim(" c ") END)"

static const char *const setup_sql =
	"CREATE TEMP TABLE IF NOT EXISTS rc_a (asset_id INTEGER, kind INTEGER, key TEXT);"
	"CREATE TEMP TABLE IF NOT EXISTS rc_d (device_id INTEGER, kind INTEGER, key TEXT);"
	"CREATE INDEX IF NOT EXISTS temp.rc_a_key ON rc_a (kind, key);"
	"DELETE FROM temp.rc_a; DELETE FROM temp.rc_d;"
	"INSERT INTO rc_a SELECT id, 1, upper(trim(serial)) FROM assets WHERE " USABLE("serial") ";"
	"INSERT INTO rc_a SELECT asset_id, 2, mac FROM asset_macs;"
	"INSERT INTO rc_a SELECT id, 3, " SHORT("hostname") " FROM assets WHERE hostname "
	"  IS NOT NULL AND trim(hostname) <> '';"
	"INSERT INTO rc_a SELECT id, 4, address FROM assets WHERE address IS NOT NULL;"
	"INSERT INTO rc_d SELECT id, 1, upper(trim(serial)) FROM devices WHERE " USABLE("serial") ";"
	"INSERT INTO rc_d SELECT device_id, 2, lower(mac) FROM device_macs WHERE mac IN "
	"  (SELECT mac FROM device_macs GROUP BY mac HAVING count(*) = 1);"
	"INSERT INTO rc_d SELECT id, 3, " SHORT("name") " FROM devices WHERE name IS NOT NULL "
	"  AND trim(name) <> '';"
	"INSERT INTO rc_d SELECT id, 4, address FROM devices WHERE address IS NOT NULL "
	"  UNION SELECT device_id, 4, address FROM device_addresses;";

static char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? strdup((const char *)t) : NULL;
}

static int
cmp_id(const void *key, const void *elem)
{
	int64_t k = *(const int64_t *)key, e = *(const int64_t *)elem;

	return k < e ? -1 : k > e;
}

/* Both arrays are loaded in id order and their first member is the id. */
static struct ra *
find_asset(struct ra *a, size_t n, int64_t id)
{
	return bsearch(&id, a, n, sizeof *a, cmp_id);
}

static struct rd *
find_device(struct rd *d, size_t n, int64_t id)
{
	return bsearch(&id, d, n, sizeof *d, cmp_id);
}

static int
add_finding(struct reconcile_result *r, const char *kind, const struct ra *a,
    const struct rd *d, char *detail)
{
	struct reconcile_finding *f;

	if (r->nf == r->capf) {
		size_t nc = r->capf ? r->capf * 2 : 64;
		struct reconcile_finding *n = reallocarray(r->f, nc, sizeof *n);
		if (n == NULL) {
			free(detail);
			return -1;
		}
		r->f = n;
		r->capf = nc;
	}
	f = &r->f[r->nf++];
	f->kind = kind;
	f->asset_id = a ? a->id : 0;
	f->tag = a && a->tag ? strdup(a->tag) : NULL;
	f->device_id = d ? d->id : 0;
	f->device = d && d->name ? strdup(d->name) : NULL;
	f->detail = detail;
	return 0;
}

static int
add_link(struct reconcile_result *r, struct ra *a, const struct rd *d, const char *key,
    const char *conf)
{
	struct reconcile_link *l;

	if (r->nlinks == r->caplinks) {
		size_t nc = r->caplinks ? r->caplinks * 2 : 64;
		struct reconcile_link *n = reallocarray(r->links, nc, sizeof *n);
		if (n == NULL)
			return -1;
		r->links = n;
		r->caplinks = nc;
	}
	l = &r->links[r->nlinks++];
	l->asset_id = a->id;
	l->tag = strdup(a->tag);
	l->device_id = d->id;
	l->device = d->name ? strdup(d->name) : NULL;
	if (l->tag == NULL)
		return -1;
	l->matched_on = key;
	l->confidence = conf;
	if (d->last_seen >= a->last) {
		((struct ra *)a)->last = d->last_seen;
		((struct ra *)a)->ldev = d->name;
	}
	return 0;
}

/* Lowercase letters and digits only: "WS-C2960X-48" and "ws c2960x 48" are one model. */
static void
squash(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (; in && *in && n + 1 < outlen; in++)
		if (isalnum((unsigned char)*in))
			out[n++] = (char)tolower((unsigned char)*in);
	out[n] = '\0';
}

static int
models_differ(const char *a, const char *b)
{
	char x[256], y[256];

	squash(a, x, sizeof x);
	squash(b, y, sizeof y);
	if (*x == '\0' || *y == '\0')
		return 0;
	return strstr(x, y) == NULL && strstr(y, x) == NULL;
}

static int
serials_differ(const char *a, const char *b)
{
	return a && b && *a && *b && strcasecmp(a, b) != 0;
}

static int
load(struct store *s, struct ra **ap, size_t *na, struct rd **dp, size_t *nd, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct ra *a = NULL;
	struct rd *d = NULL;
	size_t cap = 0, n = 0;
	int rc;

	*ap = NULL;
	*dp = NULL;
	*na = *nd = 0;
	if (store_prepare(s, "reconcile",
	    "SELECT a.id, a.tag, CASE WHEN " USABLE("a.serial") " THEN trim(a.serial) "
	    "END, a.model, a.state, a.warranty_end, a.support_end, EXISTS (SELECT 1 FROM "
	    "asset_links l WHERE l.asset_id = a.id AND l.matched_on = 'manual') FROM assets a "
	    "ORDER BY a.id", &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct ra *x = reallocarray(a, cap ? cap * 2 : 256, sizeof *x);
			if (x == NULL)
				goto oom;
			a = x;
			cap = cap ? cap * 2 : 256;
		}
		memset(&a[n], 0, sizeof a[n]);
		a[n].id = sqlite3_column_int64(st, 0);
		a[n].tag = col(st, 1);
		a[n].serial = col(st, 2);
		a[n].model = col(st, 3);
		a[n].state = col(st, 4);
		a[n].warranty_end = col(st, 5);
		a[n].support_end = col(st, 6);
		a[n].manual = sqlite3_column_int(st, 7);
		n++;
	}
	sqlite3_finalize(st);
	*ap = a;
	*na = n;
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "reconcile: assets", cause);
	cap = n = 0;
	if (store_prepare(s, "reconcile",
	    "SELECT d.id, coalesce(d.name, d.address, 'device ' || d.id), CASE WHEN "
	    USABLE("d.serial") " THEN trim(d.serial) END, d.model, d.last_seen, EXISTS (SELECT "
	    "1 FROM asset_links l WHERE l.device_id = d.id AND l.matched_on = 'manual') FROM "
	    "devices d ORDER BY d.id", &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct rd *x = reallocarray(d, cap ? cap * 2 : 256, sizeof *x);
			if (x == NULL)
				goto oom;
			d = x;
			cap = cap ? cap * 2 : 256;
		}
		memset(&d[n], 0, sizeof d[n]);
		d[n].id = sqlite3_column_int64(st, 0);
		d[n].name = col(st, 1);
		d[n].serial = col(st, 2);
		d[n].model = col(st, 3);
		d[n].last_seen = sqlite3_column_int64(st, 4);
		d[n].manual = sqlite3_column_int(st, 5);
		n++;
	}
	sqlite3_finalize(st);
	*dp = d;
	*nd = n;
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "reconcile: devices", cause);
	return 0;
oom:
	sqlite3_finalize(st);
	if (*ap == NULL) {
		*ap = a;
		*na = n;
	} else {
		*dp = d;
		*nd = n;
	}
	return err_set(cause, "out of memory");
}

static void
free_loaded(struct ra *a, size_t na, struct rd *d, size_t nd)
{
	size_t i;

	for (i = 0; i < na; i++) {
		free(a[i].tag);
		free(a[i].serial);
		free(a[i].model);
		free(a[i].state);
		free(a[i].warranty_end);
		free(a[i].support_end);
	}
	for (i = 0; i < nd; i++) {
		free(d[i].name);
		free(d[i].serial);
		free(d[i].model);
	}
	free(a);
	free(d);
}

#define HISTORY_SQL "INSERT INTO asset_history (asset_id, at, source, field, old_value, " \
	"new_value) VALUES (?, ?, 'reconcile', 'device', ?, ?)"

/* "DEVICE (by KEY)" cut to 299 bytes, as the history has always held it. */
#define WHAT(dev, key) "CAST(substr(CAST(" dev " || ' (by ' || " key " || ')' AS BLOB), 1, " \
	"299) AS TEXT)"

/* One history row through hs, a statement prepared with HISTORY_SQL. */
static int
history(struct store *s, sqlite3_stmt *hs, int64_t asset, const char *old, const char *new,
    char **cause)
{
	int rc;

	sqlite3_reset(hs);
	sqlite3_bind_int64(hs, 1, asset);
	sqlite3_bind_int64(hs, 2, store_now(s));
	sqlite3_bind_text(hs, 3, old, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(hs, 4, new, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(hs);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(s, "reconcile: history", cause);
}

/* Replaces the automatic links by the new ones; history for each one made or dropped. */
static int
write_links(struct store *s, const struct reconcile_result *r, char **cause)
{
	sqlite3_stmt *st = NULL, *ins = NULL;
	size_t i;
	int ret = -1;

	if (sqlite3_exec(store_db(s), "CREATE TEMP TABLE IF NOT EXISTS rc_new (asset_id "
	    "INTEGER, device_id INTEGER, matched_on TEXT, confidence TEXT, device TEXT, "
	    "PRIMARY KEY (asset_id, device_id)); DELETE FROM temp.rc_new;", NULL, NULL, NULL)
	    != SQLITE_OK)
		return store_sqlerr(s, "reconcile", cause);
	if (store_prepare(s, "reconcile",
	    "INSERT INTO temp.rc_new VALUES (?, ?, ?, ?, ?)", &ins, cause) == -1)
		return -1;
	for (i = 0; i < r->nlinks; i++) {
		if (strcmp(r->links[i].matched_on, "manual") == 0)
			continue;
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, r->links[i].asset_id);
		sqlite3_bind_int64(ins, 2, r->links[i].device_id);
		sqlite3_bind_text(ins, 3, r->links[i].matched_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, r->links[i].confidence, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, r->links[i].device, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			store_sqlerr(s, "reconcile", cause);
			goto out;
		}
	}
	/* dropped: old automatic links that are not in the new set (or changed key) */
	if (store_prepare(s, "reconcile",
	    "INSERT INTO asset_history (asset_id, at, source, field, old_value, "
	    "new_value) SELECT l.asset_id, ?1, 'reconcile', 'device', " WHAT("coalesce(d.name, "
	    "d.address, 'device ' || d.id)", "l.matched_on") ", NULL FROM asset_links l JOIN "
	    "devices d ON d.id = l.device_id WHERE l.matched_on <> 'manual' AND NOT EXISTS "
	    "(SELECT 1 FROM temp.rc_new n WHERE n.asset_id = l.asset_id AND n.device_id = "
	    "l.device_id AND n.matched_on = l.matched_on)", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, store_now(s));
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_sqlerr(s, "reconcile: history", cause);
		goto out;
	}
	sqlite3_finalize(st);
	if (store_prepare(s, "reconcile",
	    "INSERT INTO asset_history (asset_id, at, source, field, old_value, "
	    "new_value) SELECT n.asset_id, ?1, 'reconcile', 'device', NULL, " WHAT("n.device",
	    "n.matched_on") " FROM temp.rc_new n WHERE NOT EXISTS (SELECT 1 FROM asset_links l "
	    "WHERE n.asset_id = l.asset_id AND n.device_id = l.device_id AND n.matched_on = "
	    "l.matched_on)", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, store_now(s));
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_sqlerr(s, "reconcile: history", cause);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(store_db(s), "DELETE FROM asset_links WHERE matched_on <> 'manual' "
	    "AND NOT EXISTS (SELECT 1 FROM temp.rc_new n WHERE n.asset_id = "
	    "asset_links.asset_id AND n.device_id = asset_links.device_id AND n.matched_on = "
	    "asset_links.matched_on);", NULL, NULL, NULL) != SQLITE_OK) {
		store_sqlerr(s, "reconcile", cause);
		goto out;
	}
	/* links kept keep their first "linked" time */
	sqlite3_finalize(ins);
	if (store_prepare(s, "reconcile",
	    "INSERT OR IGNORE INTO asset_links (asset_id, device_id, matched_on, "
	    "confidence, linked) SELECT asset_id, device_id, matched_on, confidence, ? FROM "
	    "temp.rc_new", &ins, cause) == -1)
		goto out;
	sqlite3_bind_int64(ins, 1, store_now(s));
	if (sqlite3_step(ins) != SQLITE_DONE) {
		store_sqlerr(s, "reconcile", cause);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	return ret;
}

static char *
fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *
fmt(const char *f, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, f);
	if (vasprintf(&s, f, ap) == -1)
		s = NULL;
	va_end(ap);
	return s;
}

/* Proposals sorted by asset, to see which asset more than one device claims. */
static int
cmp_prop_asset(const void *x, const void *y)
{
	const struct prop *a = x, *b = y;

	if (a->asset != b->asset)
		return a->asset < b->asset ? -1 : 1;
	if (a->key != b->key)
		return a->key - b->key;
	return a->device < b->device ? -1 : a->device > b->device;
}

int
reconcile_run(struct store *s, const struct reconcile_opts *o, struct reconcile_result **resp,
    char **cause)
{
	struct reconcile_result *r = NULL;
	struct ra *a = NULL, *ap;
	struct rd *d = NULL, *dp;
	struct prop *props = NULL;
	sqlite3_stmt *st = NULL;
	size_t na = 0, nd = 0, np = 0, capp = 0, i, j, k;
	int64_t now = o->now ? o->now : store_now(s), dev, cands[8];
	int64_t stale = (int64_t)(o->stale_days > 0 ? o->stale_days : 30) * 86400;
	int rc, key, nc, in_tx = 0, ret = -1;
	char today[11], seen[32];
	struct tm tm;
	time_t tnow = (time_t)now;
	struct buf list;

	*resp = NULL;
	buf_init(&list, 64 * 1024);
	gmtime_r(&tnow, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(cause, "out of memory");
	if (store_begin(s, cause) == -1)
		goto out;
	in_tx = 1;
	if (load(s, &a, &na, &d, &nd, cause) == -1)
		goto out;
	if (sqlite3_exec(store_db(s), setup_sql, NULL, NULL, NULL) != SQLITE_OK) {
		store_sqlerr(s, "reconcile", cause);
		goto out;
	}
	if (store_prepare(s, "reconcile",
	    "SELECT DISTINCT d.device_id, d.kind, a.asset_id FROM temp.rc_d d JOIN "
	    "temp.rc_a a ON a.kind = d.kind AND a.key = d.key ORDER BY 1, 2, 3", &st,
	    cause) == -1)
		goto out;
	/* Per device: the assets found by its strongest matching key. */
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		dev = sqlite3_column_int64(st, 0);
		key = sqlite3_column_int(st, 1);
		nc = 0;
		while (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == dev) {
			if (sqlite3_column_int(st, 1) == key && nc < 8)
				cands[nc++] = sqlite3_column_int64(st, 2);
			rc = sqlite3_step(st);
		}
		if ((dp = find_device(d, nd, dev)) == NULL || dp->manual)
			continue;
		if (nc > 1) {
			buf_reset(&list);
			for (j = 0; j < (size_t)nc; j++)
				if ((ap = find_asset(a, na, cands[j])) != NULL)
					buf_printf(&list, "%s%s", j ? ", " : "", ap->tag);
			dp->linked = -1;
			if (add_finding(r, "ambiguous", NULL, dp, fmt("device %s could be assets "
			    "%s%s (same %s); settle with: netloom assets settle TAG device:%lld",
			    dp->name, list.data ? list.data : "", nc == 8 ? ", ..." : "",
			    key_name[key], (long long)dp->id)) == -1)
				goto oom;
			continue;
		}
		if ((ap = find_asset(a, na, cands[0])) == NULL || ap->manual)
			continue;
		if (key != K_SERIAL && serials_differ(ap->serial, dp->serial)) {
			/* a weaker key points at an asset whose serial says otherwise */
			if (add_finding(r, key == K_HOSTNAME ? "hostname-mismatch" :
			    "serial-conflict", ap, dp, fmt("%s %s matches asset %s, but the device "
			    "reports serial %s and the asset is registered with serial %s",
			    key_name[key], key == K_HOSTNAME ? dp->name : "", ap->tag, dp->serial,
			    ap->serial)) == -1)
				goto oom;
			continue;
		}
		if (np == capp) {
			struct prop *x = reallocarray(props, capp ? capp * 2 : 256, sizeof *x);
			if (x == NULL)
				goto oom;
			props = x;
			capp = capp ? capp * 2 : 256;
		}
		props[np].device = dev;
		props[np].asset = ap->id;
		props[np].key = key;
		props[np].dropped = 0;
		np++;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "reconcile", cause);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Per asset: one device by its strongest key, or the claim is ambiguous. */
	if (np > 0)
		qsort(props, np, sizeof *props, cmp_prop_asset);
	for (i = 0; i < np; i = j) {
		for (j = i + 1; j < np && props[j].asset == props[i].asset; j++)
			;
		for (k = i + 1; k < j; k++)
			if (props[k].key != props[i].key)
				props[k].dropped = 1;	/* a weaker key lost to a stronger one */
		for (k = i + 1; k < j && props[k].key == props[i].key; k++)
			;
		if (k - i > 1) {
			ap = find_asset(a, na, props[i].asset);
			buf_reset(&list);
			for (k = i; k < j; k++) {
				if (props[k].key != props[i].key)
					continue;
				props[k].dropped = 1;
				if ((dp = find_device(d, nd, props[k].device)) != NULL) {
					dp->linked = -1;
					buf_printf(&list, "%s%s (id %lld)", k > i ? ", " : "",
					    dp->name, (long long)dp->id);
				}
			}
			if (add_finding(r, "ambiguous", ap, NULL, fmt("asset %s could be devices "
			    "%s (same %s); settle with: netloom assets settle %s device:ID",
			    ap->tag, list.data ? list.data : "", key_name[props[i].key],
			    ap->tag)) == -1)
				goto oom;
		}
	}
	for (i = 0; i < np; i++) {
		if (props[i].dropped)
			continue;
		ap = find_asset(a, na, props[i].asset);
		dp = find_device(d, nd, props[i].device);
		dp->linked = props[i].key;
		ap->ndev++;
		if (add_link(r, ap, dp, key_name[props[i].key], key_conf[props[i].key]) == -1)
			goto oom;
		if (props[i].key == K_SERIAL && models_differ(ap->model, dp->model) &&
		    add_finding(r, "model-mismatch", ap, dp, fmt("serial %s: registered as %s, "
		    "the device reports %s", ap->serial, ap->model, dp->model)) == -1)
			goto oom;
	}
	/* Manual links are the register's word: keep them, and count them as links. */
	if (store_prepare(s, "reconcile",
	    "SELECT asset_id, device_id FROM asset_links WHERE matched_on = 'manual'",
	    &st, cause) == -1)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ap = find_asset(a, na, sqlite3_column_int64(st, 0));
		dp = find_device(d, nd, sqlite3_column_int64(st, 1));
		if (ap == NULL || dp == NULL)
			continue;
		ap->ndev++;
		dp->linked = 5;
		if (add_link(r, ap, dp, "manual", "manual") == -1)
			goto oom;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!o->dry_run && write_links(s, r, cause) == -1)
		goto out;
	for (i = 0; i < nd; i++)
		if (d[i].linked == 0 && add_finding(r, "unregistered", NULL, &d[i],
		    fmt("discovered device %s (serial %s, model %s) is in no asset record",
		    d[i].name, d[i].serial ? d[i].serial : "-", d[i].model ? d[i].model : "-"))
		    == -1)
			goto oom;
	/* Last sighting of each asset's devices, for missing and retired-active. */
	for (i = 0; i < na; i++) {
		int64_t last = a[i].last;
		const char *ldev = a[i].ldev;

		json_time(last, seen);
		if (strcmp(a[i].state, "deployed") == 0 && (last == 0 || last < now - stale) &&
		    add_finding(r, "missing", &a[i], NULL, last == 0 ? fmt("deployed asset %s "
		    "was never seen on the network", a[i].tag) : fmt("deployed asset %s last "
		    "seen %s as %s", a[i].tag, seen, ldev)) == -1)
			goto oom;
		if ((strcmp(a[i].state, "retired") == 0 || strcmp(a[i].state, "disposed") == 0 ||
		    strcmp(a[i].state, "lost") == 0) && last >= now - stale && last != 0 &&
		    add_finding(r, "retired-active", &a[i], NULL, fmt("asset %s is %s but "
		    "answered on the network as %s at %s", a[i].tag, a[i].state, ldev, seen))
		    == -1)
			goto oom;
		if (strcmp(a[i].state, "deployed") == 0 && a[i].warranty_end &&
		    strcmp(a[i].warranty_end, today) < 0 && add_finding(r, "warranty-ended",
		    &a[i], NULL, fmt("asset %s is deployed; its warranty ended %s", a[i].tag,
		    a[i].warranty_end)) == -1)
			goto oom;
		if (strcmp(a[i].state, "deployed") == 0 && a[i].support_end &&
		    strcmp(a[i].support_end, today) < 0 && add_finding(r, "support-ended",
		    &a[i], NULL, fmt("asset %s is deployed; its support ended %s", a[i].tag,
		    a[i].support_end)) == -1)
			goto oom;
	}
	for (i = 0; i < r->nf; i++)
		if (r->f[i].detail == NULL)
			goto oom;
	in_tx = 0;
	if (store_commit(s, cause) == -1)
		goto out;
	*resp = r;
	r = NULL;
	ret = 0;
	goto out;
oom:
	err_set(cause, "out of memory");
out:
	sqlite3_finalize(st);
	if (in_tx)
		store_rollback(s);
	free_loaded(a, na, d, nd);
	free(props);
	buf_free(&list);
	reconcile_result_free(&r);
	return ret;
}

void
reconcile_result_free(struct reconcile_result **rp)
{
	struct reconcile_result *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlinks; i++) {
		free((char *)r->links[i].tag);
		free((char *)r->links[i].device);
	}
	for (i = 0; i < r->nf; i++) {
		free((char *)r->f[i].tag);
		free((char *)r->f[i].device);
		free((char *)r->f[i].detail);
	}
	free(r->links);
	free(r->f);
	free(r);
	*rp = NULL;
}

size_t
reconcile_nlinks(const struct reconcile_result *r)
{
	return r->nlinks;
}

const struct reconcile_link *
reconcile_link_at(const struct reconcile_result *r, size_t i)
{
	return i < r->nlinks ? &r->links[i] : NULL;
}

size_t
reconcile_nfindings(const struct reconcile_result *r)
{
	return r->nf;
}

const struct reconcile_finding *
reconcile_finding_at(const struct reconcile_result *r, size_t i)
{
	return i < r->nf ? &r->f[i] : NULL;
}

int
reconcile_json(const struct reconcile_result *r, struct buf *b)
{
	size_t i;

	if (buf_puts(b, "{\"schema\":\"netloom-reconcile\",\"version\":1,\"links\":[") == -1)
		return -1;
	for (i = 0; i < r->nlinks; i++) {
		const struct reconcile_link *l = &r->links[i];
		if (buf_puts(b, i ? ",{" : "{") == -1 ||
		    json_kv_str(b, 1, "tag", l->tag) == -1 ||
		    json_kv_int(b, 0, "device_id", l->device_id) == -1 ||
		    json_kv_str(b, 0, "device", l->device) == -1 ||
		    json_kv_str(b, 0, "matched_on", l->matched_on) == -1 ||
		    json_kv_str(b, 0, "confidence", l->confidence) == -1 ||
		    buf_puts(b, "}") == -1)
			return -1;
	}
	if (buf_puts(b, "],\"findings\":[") == -1)
		return -1;
	for (i = 0; i < r->nf; i++) {
		const struct reconcile_finding *f = &r->f[i];
		if (buf_puts(b, i ? ",{" : "{") == -1 ||
		    json_kv_str(b, 1, "kind", f->kind) == -1 ||
		    json_kv_str(b, 0, "tag", f->tag) == -1 ||
		    (f->device_id ? json_kv_int(b, 0, "device_id", f->device_id) :
		    buf_puts(b, ",\"device_id\":null")) == -1 ||
		    json_kv_str(b, 0, "device", f->device) == -1 ||
		    json_kv_str(b, 0, "detail", f->detail) == -1 ||
		    buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]}\n");
}

int
reconcile_settle(struct store *s, const char *tag, const char *device, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t asset = 0, dev = 0;
	int rc, n;

	if (store_begin(s, cause) == -1)
		return -1;
	if (store_prepare(s, "reconcile",
	    "SELECT id FROM assets WHERE tag = ?", &st, cause) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		asset = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (asset == 0) {
		err_set(cause, "no asset '%.80s'", tag);
		goto fail;
	}
	if (strncmp(device, "device:", 7) == 0)
		device += 7;
	if (store_prepare(s, "reconcile",
	    "SELECT DISTINCT id FROM devices WHERE CAST(id AS TEXT) = ?1 OR "
	    "lower(name) = lower(?1) OR serial = ?1 OR address = ?1 LIMIT 2", &st, cause) == -1)
		goto fail;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++)
		dev = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (n != 1) {
		err_set(cause, n ? "'%.80s' names more than one device; use its id" :
		    "no device '%.80s'", device);
		goto fail;
	}
	if (store_prepare(s, "reconcile",
	    "DELETE FROM asset_links WHERE (device_id = ?1 OR asset_id = ?2) AND "
	    "matched_on <> 'manual'", &st, cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, asset);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    store_prepare(s, "reconcile",
	    "INSERT INTO asset_links (asset_id, device_id, matched_on, confidence, "
	    "linked) VALUES (?, ?, 'manual', 'manual', ?) ON CONFLICT (asset_id, device_id) DO "
	    "UPDATE SET matched_on = 'manual', confidence = 'manual'", &st, cause) == -1) {
		if (rc != SQLITE_DONE)
			store_sqlerr(s, "settle", cause);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, dev);
	sqlite3_bind_int64(st, 3, store_now(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "settle", cause);
		goto fail;
	}
	if (store_prepare(s, "reconcile", HISTORY_SQL, &st, cause) == -1)
		goto fail;
	rc = history(s, st, asset, NULL, device, cause);
	sqlite3_finalize(st);
	if (rc == -1)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return -1;
}
