#include "inventory/owner.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "inventory/store_int.h"

/* The rule results of a device's newest snapshot, as impact shows them. */
#define COMPLIANCE \
	"SELECT CASE WHEN count(r.id) = 0 THEN 'not audited' ELSE " \
	"sum(r.status = 'pass') || ' pass, ' || sum(r.status = 'fail') || ' fail, ' " \
	"|| sum(r.status NOT IN ('pass', 'fail')) || ' other' END FROM rule_results r " \
	"WHERE r.snapshot_id = (SELECT id FROM snapshots WHERE device_id = ?1 ORDER " \
	"BY taken DESC, id DESC LIMIT 1)"

static void
devices_free(struct owner_device *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)d[i].name);
		free((char *)d[i].compliance);
	}
	free(d);
}

static int
devices_of(struct store *s, int64_t asset, struct owner_device **out, size_t *n,
    char **cause)
{
	sqlite3_stmt *st = NULL, *cs = NULL;
	struct owner_device *d = NULL, *nd;
	size_t len = 0;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(store_db(s), "SELECT d.id, coalesce(d.name, d.address, "
	    "'device ' || d.id) FROM asset_links l JOIN devices d ON d.id = l.device_id "
	    "WHERE l.asset_id = ? ORDER BY d.id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store_db(s), COMPLIANCE, -1, &cs, NULL) != SQLITE_OK) {
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	sqlite3_bind_int64(st, 1, asset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((nd = reallocarray(d, len + 1, sizeof *d)) == NULL)
			goto oom;
		d = nd;
		memset(&d[len], 0, sizeof d[len]);
		d[len].id = sqlite3_column_int64(st, 0);
		d[len++].name = strdup((const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(cs);
		sqlite3_bind_int64(cs, 1, d[len - 1].id);
		if (sqlite3_step(cs) != SQLITE_ROW) {
			store_sqlerr(s, "owner", cause);
			goto out;
		}
		d[len - 1].compliance = strdup((const char *)sqlite3_column_text(cs, 0));
		if (d[len - 1].name == NULL || d[len - 1].compliance == NULL)
			goto oom;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	*out = d;
	*n = len;
	d = NULL;
	len = 0;
	ret = 0;
	goto out;
oom:
	err_set(cause, "out of memory");
out:
	devices_free(d, len);
	sqlite3_finalize(st);
	sqlite3_finalize(cs);
	return ret;
}

int
owner_each(struct store *s, const char *who, int department, owner_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	struct owner_item it;
	struct owner_device *d = NULL;
	size_t nd = 0;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(store_db(s), department ?
	    "SELECT id, tag, coalesce(hostname, model, category), state, owner, department "
	    "FROM assets WHERE department = ?1 COLLATE NOCASE ORDER BY tag" :
	    "SELECT id, tag, coalesce(hostname, model, category), state, owner, department "
	    "FROM assets WHERE owner = ?1 COLLATE NOCASE ORDER BY tag", -1, &st, NULL)
	    != SQLITE_OK) {
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	sqlite3_bind_text(st, 1, who, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 3);

		devices_free(d, nd);
		d = NULL;
		nd = 0;
		if (devices_of(s, sqlite3_column_int64(st, 0), &d, &nd, cause) == -1)
			goto out;
		memset(&it, 0, sizeof it);
		it.name = (const char *)sqlite3_column_text(st, 1);
		it.what = (const char *)sqlite3_column_text(st, 2);
		it.state = state;
		it.owner = (const char *)sqlite3_column_text(st, 4);
		it.department = (const char *)sqlite3_column_text(st, 5);
		it.ndevices = nd;
		it.devices = d;
		/* what is gone already cannot come back */
		it.action = strcmp(state, "retired") == 0 || strcmp(state, "disposed") == 0 ||
		    strcmp(state, "lost") == 0 ? NULL : "return";
		if ((ret = cb(&it, arg)) != 0)
			goto out;
		ret = -1;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(store_db(s), department ?
	    "SELECT name, vendor, assignee, department FROM licences WHERE department = ?1 "
	    "COLLATE NOCASE ORDER BY name" :
	    "SELECT name, vendor, assignee, department FROM licences WHERE assignee = ?1 "
	    "COLLATE NOCASE OR email = ?1 COLLATE NOCASE ORDER BY name", -1, &st, NULL)
	    != SQLITE_OK) {
		st = NULL;
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	sqlite3_bind_text(st, 1, who, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&it, 0, sizeof it);
		it.is_licence = 1;
		it.name = (const char *)sqlite3_column_text(st, 0);
		it.what = (const char *)sqlite3_column_text(st, 1);
		it.owner = (const char *)sqlite3_column_text(st, 2);
		it.department = (const char *)sqlite3_column_text(st, 3);
		it.action = "reassign";
		if ((ret = cb(&it, arg)) != 0)
			goto out;
		ret = -1;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "owner", cause);
		goto out;
	}
	ret = 0;
out:
	devices_free(d, nd);
	sqlite3_finalize(st);
	return ret;
}
