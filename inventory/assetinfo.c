#include "inventory/assetinfo.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
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

void
assetinfo_clear(struct assetinfo *a)
{
	free(a->tag);
	free(a->owner);
	free(a->department);
	free(a->location);
	free(a->cost);
	free(a->warranty_end);
	free(a->support_end);
	free(a->state);
	free(a->matched_on);
	free(a->confidence);
	memset(a, 0, sizeof *a);
}

int
assetinfo_for_device(struct store *s, int64_t device_id, struct assetinfo *out, int *found,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, oom = 0;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (sqlite3_prepare_v2(store_db(s), "SELECT a.tag, a.owner, a.department, a.location, "
	    "a.purchase_cost, a.warranty_end, a.support_end, a.state, l.matched_on, l.confidence, "
	    "(SELECT count(*) FROM asset_links WHERE device_id = l.device_id) "
	    "FROM asset_links l JOIN assets a ON a.id = l.asset_id WHERE l.device_id = ? "
	    "ORDER BY a.tag LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return store_sqlerr(s, "assetinfo: prepare", cause);
	sqlite3_bind_int64(st, 1, device_id);
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
		return store_sqlerr(s, "assetinfo: read asset", cause);
	if (oom) {
		assetinfo_clear(out);
		*found = 0;
		return err_set(cause, "assetinfo: out of memory");
	}
	return 0;
}

int
assetinfo_count(struct store *s, int64_t *n, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM assets", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_sqlerr(s, "assetinfo: prepare", cause);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(s, "assetinfo: count assets", cause);
}
