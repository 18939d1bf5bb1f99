#include "inventory/impact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "inventory/asset.h"
#include "inventory/store_int.h"

struct node {
	int	 is_device;
	int64_t	 id;
	int	 depth;
	char	*name;
	const char *via;
	size_t	 from;	/* index of the node it was reached from */
};

struct walk {
	struct node	*n;
	size_t		 len, cap;
};

/* Edges out of a node: what fails when it fails. ?1 is the node's id. */
static const char *const asset_edges =
	"SELECT 0, src_asset, 'depends-on' FROM asset_depends WHERE dst_asset = ?1 AND "
	"  src_asset IS NOT NULL "
	"UNION ALL SELECT 1, src_device, 'depends-on' FROM asset_depends WHERE dst_asset = ?1 "
	"  AND src_device IS NOT NULL "
	"UNION ALL SELECT 1, device_id, 'same-item' FROM asset_links WHERE asset_id = ?1";
static const char *const device_edges =
	"SELECT 0, src_asset, 'depends-on' FROM asset_depends WHERE dst_device = ?1 AND "
	"  src_asset IS NOT NULL "
	"UNION ALL SELECT 1, src_device, 'depends-on' FROM asset_depends WHERE dst_device = ?1 "
	"  AND src_device IS NOT NULL "
	"UNION ALL SELECT 1, dst_device, kind FROM relations WHERE src_device = ?1 AND "
	"  dst_device IS NOT NULL AND kind IN ('lldp', 'cdp') "
	"UNION ALL SELECT 1, src_device, kind FROM relations WHERE dst_device = ?1 AND "
	"  kind IN ('lldp', 'cdp') "
	"UNION ALL SELECT 0, asset_id, 'same-item' FROM asset_links WHERE device_id = ?1";

static int
seen(const struct walk *w, int is_device, int64_t id)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		if (w->n[i].is_device == is_device && w->n[i].id == id)
			return 1;
	return 0;
}

static char *
one_text(struct store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static char *
name_of(struct store *s, int is_device, int64_t id)
{
	char *v = one_text(s, is_device ? "SELECT coalesce(name, address, 'device ' || id) "
	    "FROM devices WHERE id = ?" : "SELECT tag FROM assets WHERE id = ?", id);

	return v ? v : strdup("?");
}

static int
push(struct walk *w, int is_device, int64_t id, int depth, char *name, const char *via,
    size_t from)
{
	if (w->len == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 32;
		struct node *x = reallocarray(w->n, nc, sizeof *x);
		if (x == NULL) {
			free(name);
			return -1;
		}
		w->n = x;
		w->cap = nc;
	}
	w->n[w->len].is_device = is_device;
	w->n[w->len].id = id;
	w->n[w->len].depth = depth;
	w->n[w->len].name = name;
	w->n[w->len].via = via;
	w->n[w->len].from = from;
	w->len++;
	return name ? 0 : -1;
}

int
impact_walk(struct store *s, const char *ref, int max_depth, impact_cb cb, void *arg,
    char **cause)
{
	struct asset_ref r;
	struct walk w = { 0 };
	struct impact_item it;
	sqlite3_stmt *ea = NULL, *ed = NULL, *st;
	char *owner = NULL, *comp = NULL;
	size_t i;
	int ret = -1, rc;

	if (asset_resolve(s, ref, &r, cause) == -1)
		return -1;
	if (sqlite3_prepare_v2(store_db(s), asset_edges, -1, &ea, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store_db(s), device_edges, -1, &ed, NULL) != SQLITE_OK) {
		store_sqlerr(s, "impact", cause);
		goto out;
	}
	if (push(&w, r.is_device, r.id, 0, name_of(s, r.is_device, r.id), NULL, 0) == -1)
		goto oom;
	/* breadth first: w.n is the queue and the visited set at once */
	for (i = 0; i < w.len; i++) {
		if (max_depth > 0 && w.n[i].depth >= max_depth)
			continue;
		st = w.n[i].is_device ? ed : ea;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, w.n[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int dev = sqlite3_column_int(st, 0);
			int64_t id = sqlite3_column_int64(st, 1);
			const char *via = (const char *)sqlite3_column_text(st, 2);

			if (seen(&w, dev, id))
				continue;
			via = strcmp(via, "lldp") == 0 ? "lldp" : strcmp(via, "cdp") == 0 ? "cdp" :
			    strcmp(via, "same-item") == 0 ? "same-item" : "depends-on";
			if (push(&w, dev, id, w.n[i].depth + 1, name_of(s, dev, id), via, i) == -1)
				goto oom;
		}
		if (rc != SQLITE_DONE) {
			store_sqlerr(s, "impact", cause);
			goto out;
		}
	}
	for (i = 1; i < w.len; i++) {
		free(owner);
		free(comp);
		comp = NULL;
		if (w.n[i].is_device) {
			owner = one_text(s, "SELECT group_concat(a.owner, ', ') FROM asset_links l "
			    "JOIN assets a ON a.id = l.asset_id WHERE l.device_id = ?", w.n[i].id);
			comp = one_text(s, "SELECT CASE WHEN count(r.id) = 0 THEN 'not audited' ELSE "
			    "sum(r.status = 'pass') || ' pass, ' || sum(r.status = 'fail') || ' fail, ' "
			    "|| sum(r.status NOT IN ('pass', 'fail')) || ' other' END FROM rule_results r "
			    "WHERE r.snapshot_id = (SELECT id FROM snapshots WHERE device_id = ? ORDER "
			    "BY taken DESC, id DESC LIMIT 1)", w.n[i].id);
		} else
			owner = one_text(s, "SELECT owner FROM assets WHERE id = ?", w.n[i].id);
		it.depth = w.n[i].depth;
		it.is_device = w.n[i].is_device;
		it.id = w.n[i].id;
		it.name = w.n[i].name;
		it.via = w.n[i].via;
		it.from = w.n[w.n[i].from].name;
		it.owner = owner;
		it.compliance = comp ? comp : (w.n[i].is_device ? "not audited" : NULL);
		if ((ret = cb(&it, arg)) != 0)
			goto out;
	}
	ret = 0;
	goto out;
oom:
	err_set(cause, "out of memory");
out:
	free(owner);
	free(comp);
	sqlite3_finalize(ea);
	sqlite3_finalize(ed);
	for (i = 0; i < w.len; i++)
		free(w.n[i].name);
	free(w.n);
	return ret;
}
