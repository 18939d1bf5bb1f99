#include "inventory/results.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "inventory/snapshot.h"
#include "inventory/store_int.h"

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

struct dev_row {
	int64_t	 id;
	char	*name, *address, *platform;
};

static void
dev_rows_free(struct dev_row *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].name);
		free(d[i].address);
		free(d[i].platform);
	}
	free(d);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* The devices to audit, read completely before any callback writes. */
static int
load_devices(struct store *s, int64_t device_id, struct dev_row **out, size_t *nout,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	struct dev_row *d = NULL, *nd;
	size_t n = 0, cap = 0;
	int rc = -1, r;

	if (store_prepare(s, "results",
	    "SELECT id, name, address, platform FROM devices WHERE (?1 = 0 OR "
	    "id = ?1) AND EXISTS (SELECT 1 FROM snapshots WHERE device_id = devices.id) "
	    "ORDER BY id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, device_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nd = realloc(d, cap * sizeof *d)) == NULL) {
				err_set(cause, "out of memory");
				goto out;
			}
			d = nd;
		}
		memset(&d[n], 0, sizeof d[n]);
		d[n].id = sqlite3_column_int64(st, 0);
		d[n].name = dup_or_null(col(st, 1));
		d[n].address = dup_or_null(col(st, 2));
		d[n].platform = dup_or_null(col(st, 3));
		n++;
	}
	if (r != SQLITE_DONE) {
		store_sqlerr(s, "read devices", cause);
		goto out;
	}
	*out = d;
	*nout = n;
	d = NULL;
	n = 0;
	rc = 0;
out:
	dev_rows_free(d, n);
	sqlite3_finalize(st);
	return rc;
}

/* Adds the facts and artifacts of snapshot id to snap, skipping keys and artifact
 * names a newer snapshot already gave. */
static int
merge_snapshot(struct store *s, int64_t id, struct snapshot *snap, char **cause)
{
	sqlite3_stmt *st = NULL;
	size_t before = snapshot_fact_count(snap), i;
	const char *k, *v, *name, *text;
	int r, rc = -1, dup;

	if (store_prepare(s, "results",
	    "SELECT key, value FROM facts WHERE snapshot_id = ? ORDER BY seq",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		for (dup = 0, i = 0; i < before && !dup; i++) {
			snapshot_fact_at(snap, i, &k, &v);
			dup = strcmp(k, col(st, 0)) == 0;
		}
		if (!dup && snapshot_add_fact(snap, col(st, 0), col(st, 1)) == -1) {
			err_set(cause, "out of memory");
			goto out;
		}
	}
	if (r != SQLITE_DONE) {
		store_sqlerr(s, "read facts", cause);
		goto out;
	}
	sqlite3_finalize(st);
	if (store_prepare(s, "results",
	    "SELECT sa.name, a.content, a.size FROM snapshot_artifacts sa JOIN "
	    "artifacts a ON a.sha256 = sa.sha256 WHERE sa.snapshot_id = ? ORDER BY sa.name",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		size_t len;

		for (dup = 0, i = 0; i < snapshot_artifact_count(snap) && !dup; i++) {
			snapshot_artifact_at(snap, i, &name, &text, &len);
			dup = strcmp(name, col(st, 0)) == 0;
		}
		len = (size_t)sqlite3_column_bytes(st, 1);
		if (!dup && snapshot_add_artifact(snap, col(st, 0),
		    col(st, 1) != NULL ? col(st, 1) : "", len) == -1) {
			err_set(cause, "out of memory");
			goto out;
		}
	}
	if (r != SQLITE_DONE) {
		store_sqlerr(s, "read artifacts", cause);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
load_assets(struct store *s, int64_t dev, char ***tags, size_t *n, char **cause)
{
	sqlite3_stmt *st = NULL;
	char **t = NULL, **nt;
	int r;

	*tags = NULL;
	*n = 0;
	if (store_prepare(s, "results",
	    "SELECT a.tag FROM asset_links l JOIN assets a ON a.id = l.asset_id "
	    "WHERE l.device_id = ? ORDER BY a.tag", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, dev);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if ((nt = realloc(t, (*n + 1) * sizeof *t)) == NULL ||
		    (nt[*n] = strdup(col(st, 0))) == NULL) {
			if (nt != NULL)
				t = nt;
			r = SQLITE_NOMEM;
			break;
		}
		t = nt;
		(*n)++;
	}
	sqlite3_finalize(st);
	*tags = t;
	if (r != SQLITE_DONE)
		return err_set(cause, "read asset links: %s", r == SQLITE_NOMEM ?
		    "out of memory" : sqlite3_errstr(r));
	return 0;
}

int
results_latest_each(struct store *s, int64_t device_id, results_device_cb cb,
    void *arg, char **cause)
{
	struct dev_row *devs = NULL;
	sqlite3_stmt *st = NULL;
	size_t ndev = 0, i, j, nassets = 0;
	char **assets = NULL;
	int rc = -1, r;

	if (load_devices(s, device_id, &devs, &ndev, cause) == -1)
		return -1;
	for (i = 0; i < ndev; i++) {
		struct results_device d = { .id = devs[i].id, .name = devs[i].name,
		    .address = devs[i].address, .platform = devs[i].platform };
		struct snapshot *snap = NULL;
		struct buf seen;
		char sources[256] = "";

		buf_init(&seen, 4096);
		/* newest snapshot of each source, newest first */
		if (store_prepare(s, "results",
		    "SELECT id, source FROM snapshots s WHERE device_id = ?1 AND id = "
		    "(SELECT id FROM snapshots WHERE device_id = ?1 AND source = s.source "
		    "ORDER BY taken DESC, id DESC LIMIT 1) ORDER BY taken DESC, id DESC",
		    &st, cause) == -1)
			goto out;
		sqlite3_bind_int64(st, 1, devs[i].id);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			if (snap == NULL) {
				d.snapshot_id = sqlite3_column_int64(st, 0);
				if ((snap = snapshot_new(col(st, 1), devs[i].address)) == NULL) {
					err_set(cause, "out of memory");
					sqlite3_finalize(st);
					goto out;
				}
			}
			buf_printf(&seen, "%s%" PRId64 " %s", seen.len ? ", " : "",
			    (int64_t)sqlite3_column_int64(st, 0), col(st, 1));
			if (merge_snapshot(s, sqlite3_column_int64(st, 0), snap, cause) == -1) {
				sqlite3_finalize(st);
				snapshot_free(&snap);
				buf_free(&seen);
				goto out;
			}
		}
		sqlite3_finalize(st);
		st = NULL;
		if (r != SQLITE_DONE) {
			store_sqlerr(s, "read snapshots", cause);
			snapshot_free(&snap);
			buf_free(&seen);
			goto out;
		}
		snprintf(sources, sizeof sources, "%s", seen.data != NULL ? seen.data : "");
		buf_free(&seen);
		if (snap == NULL)
			continue;
		if (load_assets(s, devs[i].id, &assets, &nassets, cause) == -1) {
			snapshot_free(&snap);
			goto out;
		}
		d.snap = snap;
		d.snapshots = sources;
		d.assets = (const char *const *)assets;
		d.nassets = nassets;
		r = cb(&d, arg);
		snapshot_free(&snap);
		for (j = 0; j < nassets; j++)
			free(assets[j]);
		free(assets);
		assets = NULL;
		if (r != 0) {
			rc = r;
			goto done;
		}
	}
	rc = 0;
	goto done;
out:
	rc = -1;
done:
	dev_rows_free(devs, ndev);
	return rc;
}

int
results_policy_put(struct store *s, const char *policy_id, const char *version,
    const char *sha256, const char *title, int64_t *row, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (store_prepare(s, "results",
	    "INSERT OR IGNORE INTO policies (policy_id, version, sha256, title, "
	    "loaded) VALUES (?, ?, ?, ?, ?)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, policy_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, store_now(s));
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_sqlerr(s, "record policy", cause);
		goto out;
	}
	sqlite3_finalize(st);
	if (store_prepare(s, "results",
	    "SELECT id FROM policies WHERE policy_id = ? AND version = ? AND "
	    "sha256 = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, policy_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_sqlerr(s, "find policy", cause);
		goto out;
	}
	*row = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
results_put(struct store *s, int64_t snapshot_id, int64_t policy_row,
    const struct results_row *rows, size_t n, int64_t evaluated, int64_t audit_run,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (store_begin(s, cause) == -1)
		return -1;
	if (store_prepare(s, "results",
	    "DELETE FROM rule_results WHERE snapshot_id = ? AND policy = ?", &st,
	    cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, snapshot_id);
	sqlite3_bind_int64(st, 2, policy_row);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_sqlerr(s, "replace results", cause);
		goto fail;
	}
	sqlite3_finalize(st);
	if (store_prepare(s, "results",
	    "INSERT INTO rule_results (snapshot_id, policy, rule_id, status, "
	    "severity, evidence, evaluated, audit_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st,
	    cause) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, snapshot_id);
		sqlite3_bind_int64(st, 2, policy_row);
		sqlite3_bind_text(st, 3, rows[i].rule_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, rows[i].status, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, rows[i].severity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, rows[i].evidence, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, evaluated);
		if (audit_run > 0)
			sqlite3_bind_int64(st, 8, audit_run);
		else
			sqlite3_bind_null(st, 8);
		if (sqlite3_step(st) != SQLITE_DONE) {
			store_sqlerr(s, "store result", cause);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	return store_commit(s, cause);
fail:
	sqlite3_finalize(st);
	store_rollback(s);
	return -1;
}
