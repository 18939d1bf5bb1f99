#include "inventory/scanreg.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "inventory/reconcile.h"
#include "inventory/store_int.h"

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

static int
step_done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_DONE ? 0 : store_sqlerr(s, what, cause);
}

/* The time reconciliation is judged at: the scan's end, or its start if it never ended. */
static int
scan_time(struct store *s, int64_t scan_id, int64_t *t, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*t = 0;
	if (store_prepare(s, "scanreg", "SELECT coalesce(finished, started) FROM scans "
	    "WHERE id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return err_set(cause, "scanreg: no scan %lld", (long long)scan_id);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(s, "scanreg: read scan", cause);
}

static int
put_findings(struct store *s, int64_t scan_id, const struct reconcile_result *r, char **cause)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = -1;

	if (store_prepare(s, "scanreg", "INSERT INTO scan_findings (scan_id, seq, kind, tag, "
	    "device_id, device, detail, owner, department) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "(SELECT owner FROM assets WHERE tag = ?4), "
	    "(SELECT department FROM assets WHERE tag = ?4)", &st, cause) == -1)
		return -1;
	for (i = 0; r != NULL && i < reconcile_nfindings(r); i++) {
		const struct reconcile_finding *f = reconcile_finding_at(r, i);

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, scan_id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, f->kind, -1, SQLITE_STATIC);
		(void)store_bind_text(st, 4, f->tag, 0);
		if (f->device_id)
			sqlite3_bind_int64(st, 5, f->device_id);
		else
			sqlite3_bind_null(st, 5);
		(void)store_bind_text(st, 6, f->device, 0);
		sqlite3_bind_text(st, 7, f->detail ? f->detail : "", -1, SQLITE_STATIC);
		if (step_done(s, st, "scanreg: store a finding", cause) == -1)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
scanreg_freeze(struct store *s, int64_t scan_id, char **cause)
{
	struct reconcile_opts o = { 0 };
	struct reconcile_result *r = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, in_tx = 0;

	if (scan_time(s, scan_id, &o.now, cause) == -1)
		return -1;
	o.dry_run = 1;
	/* reconcile_run holds its own transaction: findings first, then one write */
	if (reconcile_run(s, &o, &r, cause) == -1)
		return -1;
	if (store_begin(s, cause) == -1)
		goto out;
	in_tx = 1;
	if (store_prepare(s, "scanreg", "DELETE FROM scan_registers WHERE scan_id = ?", &st,
	    cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, scan_id);
	if (step_done(s, st, "scanreg: drop the old copy", cause) == -1)
		goto out;
	sqlite3_finalize(st);
	if (store_prepare(s, "scanreg", "INSERT INTO scan_registers (scan_id, frozen, assets) "
	    "VALUES (?, ?, (SELECT count(*) FROM assets))", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, store_now(s));
	if (step_done(s, st, "scanreg: freeze", cause) == -1)
		goto out;
	sqlite3_finalize(st);
	/* per device: its first asset by tag */
	if (store_prepare(s, "scanreg", "INSERT INTO scan_assets (scan_id, device_id, tag, "
	    "owner, department, location, cost, warranty_end, support_end, state, matched_on, "
	    "confidence, links) SELECT ?1, l.device_id, a.tag, a.owner, a.department, "
	    "a.location, a.purchase_cost, a.warranty_end, a.support_end, a.state, l.matched_on, "
	    "l.confidence, (SELECT count(*) FROM asset_links x WHERE x.device_id = l.device_id) "
	    "FROM asset_links l JOIN assets a ON a.id = l.asset_id WHERE a.tag = (SELECT "
	    "min(a2.tag) FROM asset_links l2 JOIN assets a2 ON a2.id = l2.asset_id WHERE "
	    "l2.device_id = l.device_id)", &st, cause) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, scan_id);
	if (step_done(s, st, "scanreg: freeze the links", cause) == -1)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (put_findings(s, scan_id, r, cause) == -1 || store_commit(s, cause) == -1)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (in_tx)
		store_rollback(s);
	reconcile_result_free(&r);
	return rc;
}

int
scanreg_freeze_run(struct store *s, int64_t audit_run, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL, *p;
	size_t n = 0, cap = 0, i;
	int rc = -1, step;

	if (store_prepare(s, "scanreg", "SELECT DISTINCT n.scan_id FROM rule_results r JOIN "
	    "snapshots n ON n.id = r.snapshot_id WHERE r.audit_run = ? ORDER BY n.scan_id", &st,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, audit_run);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(ids, cap * sizeof *ids)) == NULL) {
				err_set(cause, "scanreg: out of memory");
				goto out;
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		store_sqlerr(s, "scanreg: scans of the audit run", cause);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < n; i++)
		if (scanreg_freeze(s, ids[i], cause) == -1)
			goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

static int
frozen(struct store *s, int64_t scan_id, int *found, int *has, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*found = *has = 0;
	if (store_prepare(s, "scanreg", "SELECT assets FROM scan_registers WHERE scan_id = ?",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = 1;
		*has = sqlite3_column_int64(st, 0) > 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    store_sqlerr(s, "scanreg: read the frozen register", cause);
}

int
scanreg_ensure(struct store *s, int64_t scan_id, char **cause)
{
	int found, has;

	if (frozen(s, scan_id, &found, &has, cause) == -1)
		return -1;
	return found ? 0 : scanreg_freeze(s, scan_id, cause);
}

int
scanreg_has_assets(struct store *s, int64_t scan_id, int *has, char **cause)
{
	int found;

	if (frozen(s, scan_id, &found, has, cause) == -1)
		return -1;
	return found ? 0 : err_set(cause, "scanreg: the register of scan %lld was never frozen",
	    (long long)scan_id);
}

int
scanreg_asset(struct store *s, int64_t scan_id, int64_t device_id, struct assetinfo *out,
    int *found, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, oom = 0;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (store_prepare(s, "scanreg", "SELECT tag, owner, department, location, cost, "
	    "warranty_end, support_end, state, matched_on, confidence, links FROM scan_assets "
	    "WHERE scan_id = ? AND device_id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, device_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->tag = col_dup(st, 0, &oom);
		out->owner = col_dup(st, 1, &oom);
		out->department = col_dup(st, 2, &oom);
		out->location = col_dup(st, 3, &oom);
		out->cost = col_dup(st, 4, &oom);
		out->warranty_end = col_dup(st, 5, &oom);
		out->support_end = col_dup(st, 6, &oom);
		out->state = col_dup(st, 7, &oom);
		out->matched_on = col_dup(st, 8, &oom);
		out->confidence = col_dup(st, 9, &oom);
		out->nlinks = (size_t)sqlite3_column_int64(st, 10);
		*found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(s, "scanreg: read a frozen asset", cause);
	if (oom) {
		assetinfo_clear(out);
		*found = 0;
		return err_set(cause, "scanreg: out of memory");
	}
	return 0;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
scanreg_findings_each(struct store *s, int64_t scan_id, scanreg_finding_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	struct scanreg_finding f;
	int rc, ret = 0;

	if (store_prepare(s, "scanreg", "SELECT kind, tag, device_id, device, detail, owner, "
	    "department FROM scan_findings WHERE scan_id = ? ORDER BY seq", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.kind = col_text(st, 0);
		f.tag = col_text(st, 1);
		f.device_id = sqlite3_column_int64(st, 2);
		f.device = col_text(st, 3);
		f.detail = col_text(st, 4);
		f.owner = col_text(st, 5);
		f.department = col_text(st, 6);
		if ((ret = cb(&f, arg)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (ret != 0)
		return ret;
	return rc == SQLITE_DONE ? 0 : store_sqlerr(s, "scanreg: read the frozen findings", cause);
}
