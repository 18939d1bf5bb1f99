#include "inventory/auditrun.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/hash.h"
#include "inventory/store_int.h"

/* Stores text once by its SHA-256 (the artifacts table), inside the caller's transaction. */
static int
text_put(struct store *s, const char *text, size_t len, char sha[HASH_HEX_LEN + 1],
    char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (hash_sha256_hex(text, len, sha) == -1)
		return err_set(cause, "auditrun: SHA-256 failed");
	if (store_prepare(s, "audit runs",
	    "INSERT OR IGNORE INTO artifacts (sha256, size, content, first_stored) "
	    "VALUES (?, ?, ?, ?)", &st, cause) == -1)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
	sqlite3_bind_text64(st, 3, text, len, SQLITE_STATIC, SQLITE_UTF8);
	sqlite3_bind_int64(st, 4, store_now(s));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(s, "auditrun: store file text", cause);
}

int
auditrun_begin(struct store *s, int64_t started, const char *waivers_name, const char *wtext,
    size_t wlen, const char *params, int64_t *run, char **cause)
{
	sqlite3_stmt *st = NULL;
	char sha[HASH_HEX_LEN + 1], host[256];
	int rc;

	if (gethostname(host, sizeof host - 1) == -1)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	if (store_begin(s, cause) == -1)
		return -1;
	if (wtext != NULL && text_put(s, wtext, wlen, sha, cause) == -1)
		goto fail;
	if (store_prepare(s, "audit runs",
	    "INSERT INTO audit_runs (started, collector, version, waivers_name, "
	    "waivers_sha256, params) VALUES (?, ?, ?, ?, ?, ?)", &st, cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, started);
	sqlite3_bind_text(st, 2, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, NETLOOM_VERSION, -1, SQLITE_STATIC);
	if (wtext != NULL) {
		sqlite3_bind_text(st, 4, waivers_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, sha, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 6, params ? params : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "auditrun: record run", cause);
		goto fail;
	}
	*run = sqlite3_last_insert_rowid(store_db(s));
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return -1;
}

int
auditrun_policy(struct store *s, int64_t run, int64_t policy_row, const char *name,
    const char *text, size_t len, char **cause)
{
	sqlite3_stmt *st = NULL;
	char sha[HASH_HEX_LEN + 1];
	int rc;

	if (store_begin(s, cause) == -1)
		return -1;
	if (text_put(s, text, len, sha, cause) == -1)
		goto fail;
	if (store_prepare(s, "audit runs",
	    "INSERT OR IGNORE INTO audit_run_policies (run_id, policy, name) "
	    "VALUES (?, ?, ?)", &st, cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, policy_row);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "auditrun: record policy", cause);
		goto fail;
	}
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return -1;
}

int
auditrun_each_for_scan(struct store *s, int64_t scan_id,
    int (*cb)(const struct auditrun_info *r, void *arg), void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct auditrun_info r;
	int rc, ret = 0;

	if (store_prepare(s, "audit runs",
	    "SELECT a.id, a.started, a.collector, a.version, a.params, count(*) "
	    "FROM audit_runs a JOIN rule_results rr ON rr.audit_run = a.id "
	    "JOIN snapshots sn ON sn.id = rr.snapshot_id WHERE sn.scan_id = ? "
	    "GROUP BY a.id ORDER BY a.id", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.started = sqlite3_column_int64(st, 1);
		r.collector = (const char *)sqlite3_column_text(st, 2);
		r.version = (const char *)sqlite3_column_text(st, 3);
		r.params = (const char *)sqlite3_column_text(st, 4);
		r.verdicts = sqlite3_column_int64(st, 5);
		if ((ret = cb(&r, arg)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (ret == 0 && rc != SQLITE_DONE)
		return store_sqlerr(s, "auditrun: read runs", cause);
	return ret;
}

int
auditrun_files_each(struct store *s, int64_t run,
    int (*cb)(const struct auditrun_file *f, void *arg), void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct auditrun_file f;
	int rc, ret = 0;

	if (store_prepare(s, "audit runs",
	    "SELECT 'policy', rp.name, p.policy_id, p.version, p.sha256, ar.content, "
	    "ar.size, 0 AS k FROM audit_run_policies rp JOIN policies p ON p.id = rp.policy "
	    "LEFT JOIN artifacts ar ON ar.sha256 = p.sha256 WHERE rp.run_id = ?1 "
	    "UNION ALL SELECT 'waivers', a.waivers_name, NULL, NULL, a.waivers_sha256, "
	    "ar.content, ar.size, 1 FROM audit_runs a LEFT JOIN artifacts ar "
	    "ON ar.sha256 = a.waivers_sha256 WHERE a.id = ?1 AND a.waivers_sha256 IS NOT NULL "
	    "ORDER BY 8, 3, 2", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f.kind = (const char *)sqlite3_column_text(st, 0);
		f.name = (const char *)sqlite3_column_text(st, 1);
		f.policy_id = (const char *)sqlite3_column_text(st, 2);
		f.version = (const char *)sqlite3_column_text(st, 3);
		f.sha256 = (const char *)sqlite3_column_text(st, 4);
		f.text = (const char *)sqlite3_column_text(st, 5);
		f.len = (size_t)sqlite3_column_int64(st, 6);
		if ((ret = cb(&f, arg)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (ret == 0 && rc != SQLITE_DONE)
		return store_sqlerr(s, "auditrun: read files", cause);
	return ret;
}

int
auditrun_sources_each(struct store *s, int64_t scan_id,
    int (*cb)(const struct auditrun_source *src, void *arg), void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct auditrun_source r;
	int rc, ret = 0;

	if (store_prepare(s, "audit runs",
	    "SELECT v.device_id, v.id, x.id, x.source, x.taken FROM "
	    "(SELECT DISTINCT sn.id, sn.device_id FROM snapshots sn JOIN rule_results rr "
	    " ON rr.snapshot_id = sn.id WHERE sn.scan_id = ?) v "
	    "JOIN snapshots x ON x.device_id = v.device_id AND x.id = "
	    " (SELECT max(y.id) FROM snapshots y WHERE y.device_id = v.device_id "
	    "  AND y.source = x.source AND y.id <= v.id) "
	    "ORDER BY v.device_id, v.id, x.source", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, scan_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.device_id = sqlite3_column_int64(st, 0);
		r.verdict_snapshot = sqlite3_column_int64(st, 1);
		r.snapshot = sqlite3_column_int64(st, 2);
		r.source = (const char *)sqlite3_column_text(st, 3);
		r.taken = sqlite3_column_int64(st, 4);
		if ((ret = cb(&r, arg)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (ret == 0 && rc != SQLITE_DONE)
		return store_sqlerr(s, "auditrun: read sources", cause);
	return ret;
}
