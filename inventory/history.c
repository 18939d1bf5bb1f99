#include "inventory/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "inventory/snapshot.h"
#include "inventory/store_int.h"

#define SNAP_COLS	"s.id, s.device_id, s.scan_id, s.taken, s.source"

/* A cached statement is reset for its next use, any other one finalized. */
static void
done(sqlite3_stmt *st, int keep)
{
	if (keep)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
}

/* Statements drift and reports run once per device, prepared once per pass. */
enum { HC_PREVIOUS, HC_DEVICE, HC_DEVICE_AT, HC_ID_FACTS, HC_FACTS, HC_ARTIFACTS, HC_TEXT, HC_RESULTS, HC_FAIL_SINCE,
	HC_N };

struct hist_cache {
	struct store	*s;
	sqlite3_stmt	*st[HC_N];
};

static const char *const hc_sql[HC_N] = {
	[HC_PREVIOUS] = "SELECT " SNAP_COLS " FROM snapshots s WHERE s.device_id = ? AND "
	    "s.source = ? AND s.id < ? ORDER BY s.id DESC LIMIT 1",
	[HC_DEVICE] = "SELECT id, name, address, platform, vendor, model, serial, os_name, "
	    "os_version, first_seen, last_seen FROM devices WHERE id = ?",
	/* The device's snapshots up to one, newest first; HC_ID_FACTS reads each one's identity
	 * facts (only the first value of a key counts, as for the devices row) until all are
	 * known -- usually from the newest alone, so a report does not read a device's past. */
	[HC_DEVICE_AT] = "SELECT s.id, s.taken, s.address, (SELECT min(taken) FROM snapshots "
	    "WHERE device_id = ?1) FROM snapshots s WHERE s.device_id = ?1 AND s.id <= ?2 "
	    "ORDER BY s.id DESC",
	[HC_ID_FACTS] = "SELECT key, value FROM facts WHERE snapshot_id = ? AND key IN ('"
	    FACT_SYSNAME "', '" FACT_PLATFORM "', '" FACT_VENDOR "', '" FACT_MODEL "', '"
	    FACT_SERIAL "', '" FACT_OS_NAME "', '" FACT_OS_VERSION "') ORDER BY seq",
	[HC_FACTS] = "SELECT key, value FROM facts WHERE snapshot_id = ? ORDER BY key, seq",
	[HC_ARTIFACTS] = "SELECT name, sha256 FROM snapshot_artifacts WHERE snapshot_id = ? "
	    "ORDER BY name",
	[HC_TEXT] = "SELECT content FROM artifacts WHERE sha256 = ?",
	[HC_RESULTS] = "SELECT p.policy_id, p.version, r.rule_id, r.status, r.severity, "
	    "r.evidence FROM rule_results r JOIN policies p ON p.id = r.policy WHERE "
	    "r.snapshot_id = ? ORDER BY p.policy_id, r.rule_id, r.id",
	/* The run of failures ends at snap and starts after the last snapshot of this device
	 * and source whose verdict on the rule was anything but fail. */
	[HC_FAIL_SINCE] =
	    "WITH v AS (SELECT s.id AS sid, max(r.status = 'fail') AS failed FROM snapshots s "
	    "  JOIN rule_results r ON r.snapshot_id = s.id JOIN policies p ON p.id = r.policy "
	    "  WHERE s.device_id = ?1 AND s.source = ?2 AND s.id <= ?3 AND p.policy_id = ?4 "
	    "  AND r.rule_id = ?5 GROUP BY s.id) "
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.id = (SELECT min(sid) FROM v WHERE "
	    "  failed AND sid > coalesce((SELECT max(sid) FROM v WHERE NOT failed), 0)) "
	    "  AND EXISTS (SELECT 1 FROM v WHERE sid = ?3 AND failed)",
};

int
history_cache_open(struct store *s, struct hist_cache **out, char **cause)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return err_set(cause, "history: out of memory");
	(*out)->s = s;
	return 0;
}

static void
cache_clear(struct hist_cache *c)
{
	size_t i;

	for (i = 0; i < HC_N; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
}

void
history_cache_close(struct hist_cache **c)
{
	if (*c == NULL)
		return;
	cache_clear(*c);
	free(*c);
	*c = NULL;
}

/* The cached statement, prepared on first use; callers reset it when done with it. */
static int
cprep(struct hist_cache *c, int which, sqlite3_stmt **st, char **cause)
{
	if (c->st[which] == NULL && store_prepare(c->s, "history",
	    hc_sql[which], &c->st[which], cause) == -1)
		return -1;
	*st = c->st[which];
	sqlite3_clear_bindings(*st);
	return 0;
}

/* A copy of a text column (NULL stays NULL); *oom is set when memory ran out. */
static char *
col_dup(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *p;

	if (t == NULL)
		return NULL;
	if ((p = strdup((const char *)t)) == NULL)
		*oom = 1;
	return p;
}

static void
snap_row(sqlite3_stmt *st, struct hist_snap *o)
{
	const unsigned char *src;

	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->device_id = sqlite3_column_int64(st, 1);
	o->scan_id = sqlite3_column_int64(st, 2);
	o->taken = sqlite3_column_int64(st, 3);
	if ((src = sqlite3_column_text(st, 4)) != NULL)
		snprintf(o->source, sizeof o->source, "%s", (const char *)src);
}

/* Steps a statement expected to give zero or one snapshot row, then finalizes (or, when
 * cached, resets) it. */
static int
one_snap_k(struct store *s, sqlite3_stmt *st, int keep, struct hist_snap *out, int *found,
    char **cause)
{
	int rc = sqlite3_step(st);

	*found = 0;
	if (rc == SQLITE_ROW) {
		snap_row(st, out);
		*found = 1;
	} else if (rc != SQLITE_DONE) {
		store_sqlerr(s, "history: read snapshot", cause);
		done(st, keep);
		return -1;
	}
	done(st, keep);
	return 0;
}

static int
one_snap(struct store *s, sqlite3_stmt *st, struct hist_snap *out, int *found, char **cause)
{
	return one_snap_k(s, st, 0, out, found, cause);
}

static int
many_snaps(struct store *s, sqlite3_stmt *st, struct hist_snaps *out, char **cause)
{
	struct hist_snap *nv;
	size_t cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = realloc(out->v, cap * sizeof *nv)) == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			out->v = nv;
		}
		snap_row(st, &out->v[out->n++]);
	}
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_NOMEM)
			err_set(cause, "history: out of memory");
		else
			store_sqlerr(s, "history: read snapshots", cause);
		sqlite3_finalize(st);
		history_snaps_free(out);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

void
history_snaps_free(struct hist_snaps *v)
{
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

int
history_snapshot(struct store *s, int64_t id, struct hist_snap *out, char **cause)
{
	sqlite3_stmt *st;
	int found;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (one_snap(s, st, out, &found, cause) == -1)
		return -1;
	if (!found)
		return err_set(cause, "no snapshot %lld in the store", (long long)id);
	return 0;
}

int
history_previous_c(struct hist_cache *c, const struct hist_snap *snap, struct hist_snap *out,
    int *found, char **cause)
{
	sqlite3_stmt *st;

	if (cprep(c, HC_PREVIOUS, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snap->device_id);
	store_bind_text(st, 2, snap->source, 0);
	sqlite3_bind_int64(st, 3, snap->id);
	return one_snap_k(c->s, st, 1, out, found, cause);
}

int
history_previous(struct store *s, const struct hist_snap *snap, struct hist_snap *out,
    int *found, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_previous_c(&c, snap, out, found, cause);

	cache_clear(&c);
	return rc;
}

/* The newest snapshot of device (of source unless NULL) whose column bounded by ?3 is
 * within it: the last-of-a-kind lookups below differ only in that bound. */
static int
newest_within(struct store *s, const char *sql, int64_t device, const char *source,
    int64_t bound, struct hist_snap *out, int *found, char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history", sql, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device);
	store_bind_text(st, 2, source, 0);
	sqlite3_bind_int64(st, 3, bound);
	return one_snap(s, st, out, found, cause);
}

int
history_latest(struct store *s, int64_t device, const char *source, int64_t max_id,
    struct hist_snap *out, int *found, char **cause)
{
	return newest_within(s, "SELECT " SNAP_COLS " FROM snapshots s WHERE s.device_id = ?1 "
	    "AND (?2 IS NULL OR s.source = ?2) AND (?3 = 0 OR s.id <= ?3) ORDER BY s.id DESC "
	    "LIMIT 1", device, source, max_id, out, found, cause);
}

int
history_at(struct store *s, int64_t device, const char *source, int64_t t,
    struct hist_snap *out, int *found, char **cause)
{
	return newest_within(s, "SELECT " SNAP_COLS " FROM snapshots s WHERE s.device_id = ?1 "
	    "AND (?2 IS NULL OR s.source = ?2) AND s.taken <= ?3 ORDER BY s.id DESC LIMIT 1",
	    device, source, t, out, found, cause);
}

int
history_first(struct store *s, int64_t device, struct hist_snap *out, int *found,
    char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.device_id = ? "
	    "ORDER BY s.id LIMIT 1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device);
	return one_snap(s, st, out, found, cause);
}

int
history_scan_snapshots(struct store *s, int64_t scan, struct hist_snaps *out, char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.scan_id = ? "
	    "ORDER BY s.device_id, s.id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan);
	return many_snaps(s, st, out, cause);
}

int
history_latest_all(struct store *s, int64_t max_id, struct hist_snaps *out, char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.id = (SELECT max(t.id) FROM "
	    "snapshots t WHERE t.device_id = s.device_id AND t.source = s.source AND "
	    "(?1 = 0 OR t.id <= ?1)) ORDER BY s.device_id, s.id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, max_id);
	return many_snaps(s, st, out, cause);
}

int
history_device_snapshots(struct store *s, int64_t device, struct hist_snaps *out,
    char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM snapshots s WHERE s.device_id = ? ORDER BY s.id",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device);
	return many_snaps(s, st, out, cause);
}

void
history_device_clear(struct hist_device *d)
{
	free(d->name);
	free(d->address);
	free(d->platform);
	free(d->vendor);
	free(d->model);
	free(d->serial);
	free(d->os_name);
	free(d->os_version);
	memset(d, 0, sizeof *d);
}

int
history_device_c(struct hist_cache *c, int64_t id, struct hist_device *out, char **cause)
{
	sqlite3_stmt *st;
	int rc, oom = 0;

	memset(out, 0, sizeof *out);
	if (cprep(c, HC_DEVICE, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->name = col_dup(st, 1, &oom);
		out->address = col_dup(st, 2, &oom);
		out->platform = col_dup(st, 3, &oom);
		out->vendor = col_dup(st, 4, &oom);
		out->model = col_dup(st, 5, &oom);
		out->serial = col_dup(st, 6, &oom);
		out->os_name = col_dup(st, 7, &oom);
		out->os_version = col_dup(st, 8, &oom);
		out->first_seen = sqlite3_column_int64(st, 9);
		out->last_seen = sqlite3_column_int64(st, 10);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_sqlerr(c->s, "history: read device", cause);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(cause, "no device %lld in the store", (long long)id);
	if (rc != SQLITE_ROW)
		return -1;
	if (oom) {
		history_device_clear(out);
		return err_set(cause, "history: out of memory");
	}
	return 0;
}

/* The devices row is what every snapshot so far made of it (store.c device_write: each
 * column takes the snapshot's value unless the snapshot is silent on it). Replaying that
 * over the snapshots up to one gives the device as it was then, whatever came later. */
int
history_device_at_c(struct hist_cache *c, int64_t id, int64_t snapshot,
    struct hist_device *out, char **cause)
{
	static const char *const keys[] = { FACT_SYSNAME, FACT_PLATFORM, FACT_VENDOR,
	    FACT_MODEL, FACT_SERIAL, FACT_OS_NAME, FACT_OS_VERSION };
	char **cols[] = { &out->name, &out->platform, &out->vendor, &out->model, &out->serial,
	    &out->os_name, &out->os_version };
	sqlite3_stmt *st, *ft;
	const char *k, *v;
	size_t i, left = 8, rows = 0;
	unsigned seen;
	int rc = SQLITE_DONE, frc = SQLITE_DONE, oom = 0;

	if (snapshot == 0)
		return history_device_c(c, id, out, cause);
	memset(out, 0, sizeof *out);
	if (cprep(c, HC_DEVICE_AT, &st, cause) == -1 || cprep(c, HC_ID_FACTS, &ft, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, snapshot);
	while (left > 0 && !oom && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows++ == 0) {
			out->id = id;
			out->last_seen = sqlite3_column_int64(st, 1);
			out->first_seen = sqlite3_column_int64(st, 3);
		}
		if (out->address == NULL && sqlite3_column_type(st, 2) != SQLITE_NULL) {
			out->address = col_dup(st, 2, &oom);
			left--;
		}
		seen = 0;
		sqlite3_bind_int64(ft, 1, sqlite3_column_int64(st, 0));
		while (left > 0 && !oom && (frc = sqlite3_step(ft)) == SQLITE_ROW) {
			if ((k = (const char *)sqlite3_column_text(ft, 0)) == NULL)
				continue;
			for (i = 0; i < sizeof keys / sizeof keys[0] && strcmp(k, keys[i]) != 0; i++)
				;
			if (i == sizeof keys / sizeof keys[0] || (seen & (1u << i)))
				continue;
			seen |= 1u << i;
			v = (const char *)sqlite3_column_text(ft, 1);
			if (*cols[i] != NULL || v == NULL || *v == '\0' ||
			    (cols[i] == &out->serial && !store_serial_usable(v)))
				continue;
			*cols[i] = col_dup(ft, 1, &oom);
			left--;
		}
		sqlite3_reset(ft);
		if (frc != SQLITE_ROW && frc != SQLITE_DONE) {
			rc = frc;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_sqlerr(c->s, "history: read device", cause);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		history_device_clear(out);
		return -1;
	}
	if (oom) {
		history_device_clear(out);
		return err_set(cause, "history: out of memory");
	}
	if (rows == 0)
		return err_set(cause, "no snapshot of device %lld up to snapshot %lld",
		    (long long)id, (long long)snapshot);
	return 0;
}

int
history_device_at(struct store *s, int64_t id, int64_t snapshot, struct hist_device *out,
    char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_device_at_c(&c, id, snapshot, out, cause);

	cache_clear(&c);
	return rc;
}

int
history_device(struct store *s, int64_t id, struct hist_device *out, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_device_c(&c, id, out, cause);

	cache_clear(&c);
	return rc;
}

int
history_device_find(struct store *s, const char *spec, int64_t *id, char **cause)
{
	sqlite3_stmt *st;
	int rc, n = 0;
	int64_t v = 0;
	const char *p;

	for (p = spec; *p >= '0' && *p <= '9'; p++)
		;
	if (*spec != '\0' && *p == '\0' && p - spec <= 18) {
		if (store_prepare(s, "history",
		    "SELECT id FROM devices WHERE id = ?", &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, strtoll(spec, NULL, 10));
	} else {
		if (store_prepare(s, "history",
		    "SELECT id FROM devices WHERE name = ? ORDER BY id", &st, cause) == -1)
			return -1;
		store_bind_text(st, 1, spec, 0);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "history: find device", cause);
	if (n == 0)
		return err_set(cause, "no device '%s' in the store", spec);
	if (n > 1)
		return err_set(cause, "%d devices are named '%s': give the device id", n, spec);
	*id = v;
	return 0;
}

int
history_last_scan(struct store *s, int64_t max_id, int64_t *scan, int *found, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (store_prepare(s, "history",
	    "SELECT id FROM scans WHERE state IN ('complete', 'interrupted') AND "
	    "(?1 = 0 OR id <= ?1) AND EXISTS (SELECT 1 FROM snapshots WHERE scan_id = scans.id) "
	    "ORDER BY id DESC LIMIT 1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, max_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*scan = sqlite3_column_int64(st, 0);
		*found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(s, "history: find scan", cause);
	return 0;
}

void
history_scan_clear(struct hist_scan *sc)
{
	free(sc->state);
	free(sc->targets);
	free(sc->collector);
	free(sc->version);
	memset(sc, 0, sizeof *sc);
}

void
history_scans_free(struct hist_scan **v, size_t n)
{
	size_t i;

	if (*v == NULL)
		return;
	for (i = 0; i < n; i++)
		history_scan_clear(&(*v)[i]);
	free(*v);
	*v = NULL;
}

#define SCAN_SQL "SELECT id, started, coalesce(finished, 0), state, targets, collector, " \
	"version, (SELECT count(*) FROM snapshots WHERE scan_id = scans.id), " \
	"(SELECT count(DISTINCT device_id) FROM snapshots WHERE scan_id = scans.id) FROM scans "

static void
scan_row(sqlite3_stmt *st, struct hist_scan *o, int *oom)
{
	o->id = sqlite3_column_int64(st, 0);
	o->started = sqlite3_column_int64(st, 1);
	o->finished = sqlite3_column_int64(st, 2);
	o->state = col_dup(st, 3, oom);
	o->targets = col_dup(st, 4, oom);
	o->collector = col_dup(st, 5, oom);
	o->version = col_dup(st, 6, oom);
	o->snapshots = sqlite3_column_int64(st, 7);
	o->devices = sqlite3_column_int64(st, 8);
}

int
history_scan(struct store *s, int64_t id, struct hist_scan *out, char **cause)
{
	sqlite3_stmt *st;
	int rc, oom = 0;

	memset(out, 0, sizeof *out);
	if (store_prepare(s, "history", SCAN_SQL "WHERE id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		scan_row(st, out, &oom);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return err_set(cause, "no scan %lld in the store", (long long)id);
	if (rc != SQLITE_ROW)
		return store_sqlerr(s, "history: read scan", cause);
	if (oom) {
		history_scan_clear(out);
		return err_set(cause, "history: out of memory");
	}
	return 0;
}

int
history_scans(struct store *s, int64_t max_id, struct hist_scan **out, size_t *n,
    char **cause)
{
	sqlite3_stmt *st;
	struct hist_scan *v = NULL, *nv;
	size_t cap = 0, cnt = 0;
	int rc, oom = 0;

	if (store_prepare(s, "history",
	    SCAN_SQL "WHERE (?1 = 0 OR id <= ?1) ORDER BY id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, max_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !oom) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof *nv)) == NULL) {
				oom = 1;
				break;
			}
			v = nv;
		}
		memset(&v[cnt], 0, sizeof v[cnt]);
		scan_row(st, &v[cnt++], &oom);
	}
	sqlite3_finalize(st);
	if (oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
		history_scans_free(&v, cnt);
		if (oom)
			return err_set(cause, "history: out of memory");
		return store_sqlerr(s, "history: list scans", cause);
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int
read_kvs(struct hist_cache *c, int which, int64_t snapshot, struct hist_kvs *out,
    char **cause)
{
	sqlite3_stmt *st;
	struct hist_kv *nv;
	size_t cap = 0;
	int rc, oom = 0;

	out->v = NULL;
	out->n = 0;
	if (cprep(c, which, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snapshot);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = realloc(out->v, cap * sizeof *nv)) == NULL) {
				oom = 1;
				break;
			}
			out->v = nv;
		}
		out->v[out->n].key = col_dup(st, 0, &oom);
		out->v[out->n++].value = col_dup(st, 1, &oom);
		if (oom)
			break;
	}
	if (!oom && rc != SQLITE_DONE && rc != SQLITE_ROW)
		store_sqlerr(c->s, "history: read snapshot contents", cause);
	sqlite3_reset(st);
	if (oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
		history_kvs_free(out);
		if (oom)
			return err_set(cause, "history: out of memory");
		return -1;
	}
	return 0;
}

int
history_facts_c(struct hist_cache *c, int64_t snapshot, struct hist_kvs *out, char **cause)
{
	return read_kvs(c, HC_FACTS, snapshot, out, cause);
}

int
history_facts(struct store *s, int64_t snapshot, struct hist_kvs *out, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = read_kvs(&c, HC_FACTS, snapshot, out, cause);

	cache_clear(&c);
	return rc;
}

int
history_artifacts_c(struct hist_cache *c, int64_t snapshot, struct hist_kvs *out,
    char **cause)
{
	return read_kvs(c, HC_ARTIFACTS, snapshot, out, cause);
}

int
history_artifacts(struct store *s, int64_t snapshot, struct hist_kvs *out, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = read_kvs(&c, HC_ARTIFACTS, snapshot, out, cause);

	cache_clear(&c);
	return rc;
}

void
history_kvs_free(struct hist_kvs *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].key);
		free(v->v[i].value);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

int
history_artifact_text_c(struct hist_cache *c, const char *sha256, char **text, size_t *len,
    char **cause)
{
	sqlite3_stmt *st;
	const void *p;
	int rc, n;

	*text = NULL;
	if (cprep(c, HC_TEXT, &st, cause) == -1)
		return -1;
	store_bind_text(st, 1, sha256, 0);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		n = sqlite3_column_bytes(st, 0);
		if ((*text = malloc((size_t)n + 1)) != NULL) {
			if (n > 0)
				memcpy(*text, p, (size_t)n);
			(*text)[n] = '\0';
			*len = (size_t)n;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_sqlerr(c->s, "history: read artifact", cause);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(cause, "no artifact %.12s in the store", sha256);
	if (rc != SQLITE_ROW)
		return -1;
	if (*text == NULL)
		return err_set(cause, "history: out of memory");
	return 0;
}

int
history_artifact_text(struct store *s, const char *sha256, char **text, size_t *len,
    char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_artifact_text_c(&c, sha256, text, len, cause);

	cache_clear(&c);
	return rc;
}

int
history_results_c(struct hist_cache *c, int64_t snapshot, struct hist_results *out,
    char **cause)
{
	sqlite3_stmt *st;
	struct hist_result *nv, *r;
	size_t cap = 0;
	int rc, oom = 0;

	out->v = NULL;
	out->n = 0;
	if (cprep(c, HC_RESULTS, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snapshot);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = realloc(out->v, cap * sizeof *nv)) == NULL) {
				oom = 1;
				break;
			}
			out->v = nv;
		}
		r = &out->v[out->n++];
		r->policy = col_dup(st, 0, &oom);
		r->policy_version = col_dup(st, 1, &oom);
		r->rule_id = col_dup(st, 2, &oom);
		r->status = col_dup(st, 3, &oom);
		r->severity = col_dup(st, 4, &oom);
		r->evidence = col_dup(st, 5, &oom);
		if (oom)
			break;
	}
	if (!oom && rc != SQLITE_DONE && rc != SQLITE_ROW)
		store_sqlerr(c->s, "history: read rule results", cause);
	sqlite3_reset(st);
	if (oom || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
		history_results_free(out);
		if (oom)
			return err_set(cause, "history: out of memory");
		return -1;
	}
	return 0;
}

int
history_results(struct store *s, int64_t snapshot, struct hist_results *out, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_results_c(&c, snapshot, out, cause);

	cache_clear(&c);
	return rc;
}

void
history_results_free(struct hist_results *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].policy);
		free(v->v[i].policy_version);
		free(v->v[i].rule_id);
		free(v->v[i].status);
		free(v->v[i].severity);
		free(v->v[i].evidence);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

int
history_fail_since_c(struct hist_cache *c, const struct hist_snap *snap, const char *policy,
    const char *rule, struct hist_snap *first, char **cause)
{
	sqlite3_stmt *st;
	int found;

	memset(first, 0, sizeof *first);
	if (cprep(c, HC_FAIL_SINCE, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snap->device_id);
	store_bind_text(st, 2, snap->source, 0);
	sqlite3_bind_int64(st, 3, snap->id);
	store_bind_text(st, 4, policy, 0);
	store_bind_text(st, 5, rule, 0);
	return one_snap_k(c->s, st, 1, first, &found, cause);
}

int
history_fail_since(struct store *s, const struct hist_snap *snap, const char *policy,
    const char *rule, struct hist_snap *first, char **cause)
{
	struct hist_cache c = { .s = s };
	int rc = history_fail_since_c(&c, snap, policy, rule, first, cause);

	cache_clear(&c);
	return rc;
}

int
history_pin(struct store *s, const struct hist_snap *snap, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (store_prepare(s, "history",
	    "INSERT INTO golden_pins (device_id, source, snapshot_id, pinned) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (device_id, source) DO UPDATE SET "
	    "snapshot_id = excluded.snapshot_id, pinned = excluded.pinned", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, snap->device_id);
	store_bind_text(st, 2, snap->source, 0);
	sqlite3_bind_int64(st, 3, snap->id);
	sqlite3_bind_int64(st, 4, store_now(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "history: pin", cause);
	return 0;
}

int
history_unpin(struct store *s, int64_t device, int *removed, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (store_prepare(s, "history",
	    "DELETE FROM golden_pins WHERE device_id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "history: unpin", cause);
	if (removed)
		*removed = sqlite3_changes(store_db(s));
	return 0;
}

int
history_pins(struct store *s, int64_t device, struct hist_snaps *out, char **cause)
{
	sqlite3_stmt *st;

	if (store_prepare(s, "history",
	    "SELECT " SNAP_COLS " FROM golden_pins g JOIN snapshots s ON s.id = "
	    "g.snapshot_id WHERE (?1 = 0 OR g.device_id = ?1) ORDER BY g.device_id, g.source",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device);
	return many_snaps(s, st, out, cause);
}
