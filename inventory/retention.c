#include "inventory/retention.h"

#include "common/err.h"
#include "inventory/store_int.h"

static int
exec_count(struct store *s, const char *sql, int64_t bind, int64_t *changed, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return store_sqlerr(s, "retention: prepare", cause);
	if (bind >= 0)
		sqlite3_bind_int64(st, 1, bind);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_sqlerr(s, "retention: prune", cause);
	if (changed != NULL)
		*changed = sqlite3_changes(store_db(s));
	return 0;
}

int
retention_prune(struct store *s, int64_t keep_scans, int64_t *scans, int64_t *artifacts,
    char **cause)
{
	int64_t ns = 0, na = 0;

	if (keep_scans < 1)
		return err_set(cause, "retention: keep at least one scan");
	if (store_begin(s, cause) == -1)
		return -1;
	/* snapshots, facts, artifact links, interfaces and verdicts go by ON DELETE CASCADE */
	if (exec_count(s, "DELETE FROM scans WHERE state <> 'running' AND id NOT IN "
	    "(SELECT id FROM scans ORDER BY id DESC LIMIT ?) AND id NOT IN "
	    "(SELECT sn.scan_id FROM golden_pins g JOIN snapshots sn ON sn.id = g.snapshot_id)",
	    keep_scans, &ns, cause) == -1 ||
	    exec_count(s, "DELETE FROM artifacts WHERE sha256 NOT IN "
	    "(SELECT sha256 FROM snapshot_artifacts) AND sha256 NOT IN "
	    "(SELECT sha256 FROM policies) AND sha256 NOT IN "
	    "(SELECT waivers_sha256 FROM audit_runs WHERE waivers_sha256 IS NOT NULL)",
	    -1, &na, cause) == -1) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, cause) == -1)
		return -1;
	if (scans != NULL)
		*scans = ns;
	if (artifacts != NULL)
		*artifacts = na;
	return 0;
}
