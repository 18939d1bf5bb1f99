/* Unit tests for inventory/licence and inventory/owner: Snipe-IT licence CSV import
 * (product keys never kept, bad rows, strict), patterns, usage against the software of
 * each device's latest snapshots (ssh pkg facts, snmp-packages), findings, owners. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/asset.h"
#include "inventory/licence.h"
#include "inventory/owner.h"
#include "inventory/store.h"
#include "inventory/store_int.h"

struct fx {
	char		 dir[64];
	char		 path[128];
	struct store	*st;
	int64_t		 scan;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char *cause = NULL;

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/netloom-ut.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if (store_open(&f->st, f->path, 0, &cause) == -1)
		fail_msg("store_open: %s", cause);
	assert_int_equal(store_scan_begin(f->st, "test", &f->scan, &cause), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[200];

	store_close(&f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* A device snapshot: ssh with "name=version" package facts, or snmp with an
 * snmp-packages artifact. */
static int64_t
device(struct fx *f, const char *source, const char *addr, const char *serial,
    const char *const *pkgs, const char *artifact)
{
	struct snapshot *s = snapshot_new(source, addr);
	char *cause = NULL, key[256];
	const char *eq;
	int64_t dev = 0;
	size_t i;

	assert_non_null(s);
	assert_int_equal(snapshot_add_fact(s, FACT_SERIAL, serial), 0);
	for (i = 0; pkgs && pkgs[i]; i++) {
		eq = strchr(pkgs[i], '=');
		snprintf(key, sizeof key, "pkg.%.*s", (int)(eq - pkgs[i]), pkgs[i]);
		assert_int_equal(snapshot_add_fact(s, key, eq + 1), 0);
	}
	if (pkgs)
		assert_int_equal(snapshot_add_fact(s, "pkg.count", "2"), 0);
	if (artifact)
		assert_int_equal(snapshot_add_artifact(s, "snmp-packages", artifact,
		    strlen(artifact)), 0);
	if (store_snapshot_put(f->st, f->scan, s, &dev, NULL, &cause) == -1)
		fail_msg("snapshot_put: %s", cause);
	snapshot_free(&s);
	return dev;
}

struct rows {
	long	lines[8];
	int	n;
};

static void
bad_row(long line, const char *why, void *arg)
{
	struct rows *r = arg;

	(void)why;
	if (r->n < 8)
		r->lines[r->n++] = line;
}

/* Snipe-IT's licence export headers, with a product key that must never be kept. */
static const char csv[] =
	"License,Product Key,Seats,Remaining Seats,Expiration Date,Purchase Date,"
	"Depreciation,Purchase Cost,Licensed to Name,Licensed to Email,Manufacturer,"
	"Pattern,Department\r\n"
	"OpenSSH Support,SECRET-KEY-1,1,0,2030-01-01,2024-01-01,,\"$1,200.00\",Ana Lima,"
	"ana@example.org,OpenBSD,openssh-server,Network\r\n"
	"Visio,SECRET-KEY-2,5,5,2026-12-10,,,300,Bob,,Microsoft,re:^visio,IT\r\n"
	"Oracle DB,SECRET-KEY-3,abc,,,,,,,,Oracle,,\r\n"
	"Foo Tools,,10,,2026-11-01,,,,,,Foo,glob:libfoo*,IT\r\n"
	"Visio,,9,,,,,,,,,,\r\n";

static void
import(struct fx *f, struct rows *r, int strict, int expect)
{
	struct asset_import_opts o = { .source = "t.csv", .strict = strict,
	    .bad_row = bad_row, .arg = r };
	struct asset_import_stats st;
	char *cause = NULL;

	assert_int_equal(licence_import(f->st, csv, sizeof csv - 1, &o, &st, &cause), expect);
	free(cause);
}

static void
t_import(void **state)
{
	struct fx *f = *state;
	struct rows r = { 0 };
	sqlite3_stmt *st;

	import(f, &r, 1, -1);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) FROM licences",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);	/* strict: nothing */
	sqlite3_finalize(st);
	r.n = 0;
	import(f, &r, 0, 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.lines[0], 4);	/* seats abc */
	assert_int_equal(r.lines[1], 6);	/* Visio again */
	/* no product key anywhere in the store */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) FROM licences "
	    "WHERE name || coalesce(notes, '') || coalesce(pattern, '') LIKE '%SECRET%'", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT seats, purchase_cost, "
	    "assignee, email FROM licences WHERE name = 'OpenSSH Support'", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_string_equal(sqlite3_column_text(st, 1), "1200.00");
	assert_string_equal(sqlite3_column_text(st, 2), "Ana Lima");
	assert_string_equal(sqlite3_column_text(st, 3), "ana@example.org");
	sqlite3_finalize(st);
}

/* Up to 8 formatted lines a callback saw. */
struct owned {
	char	line[8][160];
	int	n;
};

static int
hist_one(const struct asset_change *c, void *arg)
{
	struct owned *h = arg;

	if (h->n < 8)
		snprintf(h->line[h->n++], 160, "%s %s %s -> %s", c->source, c->field,
		    c->old_value ? c->old_value : "-", c->new_value ? c->new_value : "-");
	return 0;
}

/* --map for another tool's headers (quoted header with a comma, an ignored column, a
 * header Snipe-IT would read otherwise), its refusals, and the history of the changes. */
static void
t_map_history(void **state)
{
	static const char other[] =
	    "Product,\"Count, seats\",Holder,Renewal,License\r\n"
	    "Acme DB,5,Ana Lima,2027-01-31,not-a-name\r\n";
	static const char keyed[] = "Product,License,Key\r\nAcme DB,x,SECRET-KEY-9\r\n";
	static const struct {
		const char	*map, *csv, *why;
	} refused[] = {
		{ NULL, other, "line 1: columns 1 and 5 both give name" },
		{ "Product=name,Nope=seats", other, "--map: the file has no column 'Nope'" },
		{ "Product=name,Holder=owner_name", other, "--map: unknown licence field "
		  "'owner_name' (the fields of `assets licence set`, or ignore)" },
		{ "Product=name,License=ignore,Key=notes", keyed,
		  "--map: column 'Key' holds product keys: never imported" },
		{ "Product", other, "--map: 'Product' is not Header=field" },
	};
	size_t k;
	struct fx *f = *state;
	struct asset_import_opts o = { .source = "other.csv" };
	struct asset_import_stats st;
	struct owned h = { 0 };
	char *cause = NULL, *set[] = { "seats=7" };
	int changed;

	o.map = "Product=name,\"Count, seats=seats\",Holder=assignee,Renewal=expires,"
	    "License=ignore";
	assert_int_equal(licence_import(f->st, other, sizeof other - 1, &o, &st, &cause), 0);
	assert_int_equal(st.created, 1);
	assert_int_equal(licence_set(f->st, "Acme DB", set, 1, 0, "cli", &changed, &cause), 0);
	assert_int_equal(licence_history_each(f->st, "Acme DB", hist_one, &h, &cause), 0);
	assert_int_equal(h.n, 5);
	assert_string_equal(h.line[0], "other.csv created - -> Acme DB");
	assert_string_equal(h.line[4], "cli seats 5 -> 7");
	assert_int_equal(licence_history_each(f->st, "nosuch", hist_one, &h, &cause), -1);
	assert_string_equal(cause, "no licence named 'nosuch'");
	free(cause);
	cause = NULL;
	/* Refusals, nothing imported, a one-line reason; without a map "Product" and "License"
	 * both name the licence. */
	for (k = 0; k < sizeof refused / sizeof refused[0]; k++) {
		o.map = refused[k].map;
		assert_int_equal(licence_import(f->st, refused[k].csv, strlen(refused[k].csv), &o,
		    &st, &cause), -1);
		assert_string_equal(cause, refused[k].why);
		free(cause);
		cause = NULL;
	}
}

static void
t_match(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_int_equal(licence_match("openssh-*", "OpenSSH-Server", &cause), 1);
	assert_int_equal(licence_match("glob:openssh", "openssh-server", &cause), 0);
	assert_int_equal(licence_match("re:ssh-serv", "openssh-server", &cause), 1);
	assert_int_equal(licence_match("re:^ssh", "openssh-server", &cause), 0);
	assert_int_equal(licence_match("re:(", "x", &cause), -1);
	assert_non_null(cause);
	free(cause);
}

struct seen {
	char	names[8][64];
	int	flags[8];
	size_t	installs[8];
	char	first_dev[8][64];
	int	n;
};

static int
usage_cb(const struct licence_usage *u, void *arg)
{
	struct seen *s = arg;

	if (s->n == 8)
		return 0;
	snprintf(s->names[s->n], 64, "%s", u->l->v[LIC_NAME]);
	s->flags[s->n] = u->flags;
	s->installs[s->n] = u->ninstalls;
	snprintf(s->first_dev[s->n], 64, "%s", u->ninstalls ? u->installs[0].package : "");
	s->n++;
	return 0;
}

static int
find(const struct seen *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return i;
	fail_msg("no licence %s", name);
	return -1;
}

static void
t_usage(void **state)
{
	struct fx *f = *state;
	static const char *const a[] = { "openssh-server=1:9.2p1-2", "visio-viewer=1.0", NULL };
	static const char *const old[] = { "libfoo1=1.0", NULL };
	static const char *const newer[] = { "bash=5.2", NULL };
	struct rows r = { 0 };
	struct seen s = { 0 };
	char *cause = NULL, *set[] = { "pattern=re:[" };
	int changed, i;

	import(f, &r, 0, 0);
	device(f, "ssh", "127.0.0.1", "SER-A", a, NULL);
	device(f, "snmp", "127.0.0.2", "SER-B", NULL,
	    "openssh-server_1:9.2p1-2_amd64\n\n\x01\x02\nbash_5.2_amd64\n");
	/* libfoo1 was installed on C, but not any more: only the latest snapshot counts */
	device(f, "ssh", "127.0.0.3", "SER-C", old, NULL);
	device(f, "ssh", "127.0.0.3", "SER-C", newer, NULL);
	/* 2026-11-28 12:00 UTC */
	if (licence_usage_each(f->st, NULL, 30, 1795867200, usage_cb, &s, &cause) == -1)
		fail_msg("usage: %s", cause);
	assert_int_equal(s.n, 3);
	i = find(&s, "OpenSSH Support");
	assert_int_equal(s.installs[i], 2);		/* A by fact, B by snmp name part */
	assert_int_equal(s.flags[i], LICENCE_OVER);
	i = find(&s, "Visio");
	assert_int_equal(s.installs[i], 1);
	assert_string_equal(s.first_dev[i], "visio-viewer");
	assert_int_equal(s.flags[i], LICENCE_EXPIRING);	/* 12 days */
	i = find(&s, "Foo Tools");
	assert_int_equal(s.installs[i], 0);
	assert_int_equal(s.flags[i], LICENCE_UNUSED | LICENCE_EXPIRED);
	/* a window of 5 days: Visio is no longer expiring */
	s.n = 0;
	assert_int_equal(licence_usage_each(f->st, "Visio", 5, 1795867200, usage_cb, &s,
	    &cause), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.flags[0], 0);
	/* a bad pattern is refused, an unknown licence too */
	assert_int_equal(licence_set(f->st, "Visio", set, 1, 0, "cli", &changed, &cause), -1);
	assert_non_null(strstr(cause, "pattern"));
	free(cause);
	cause = NULL;
	assert_int_equal(licence_usage_each(f->st, "Nope", 5, 0, usage_cb, &s, &cause), -1);
	free(cause);
}

static int
owned_cb(const struct owner_item *it, void *arg)
{
	struct owned *o = arg;

	if (o->n < 8)
		snprintf(o->line[o->n++], 160, "%s %s %s %zu %s %s", it->is_licence ? "L" : "A",
		    it->name, it->state ? it->state : "-", it->ndevices,
		    it->ndevices ? it->devices[0].compliance : "-", it->action ? it->action : "-");
	return 0;
}

static void
t_owner(void **state)
{
	struct fx *f = *state;
	struct rows r = { 0 };
	struct owned o = { 0 };
	struct asset_import_opts ao = { .source = "a.csv" };
	struct asset_import_stats st;
	static const char reg[] =
		"Asset Tag,Serial,Checked Out To,Department,Status\n"
		"A-1,SER-A,ana lima,Network,Deployed\n"
		"A-2,SER-X,Ana Lima,Network,Archived\n"
		"A-3,SER-Y,Bob,IT,Deployed\n";
	char *cause = NULL;

	import(f, &r, 0, 0);
	device(f, "ssh", "127.0.0.1", "SER-A", NULL, NULL);
	if (asset_import(f->st, reg, sizeof reg - 1, &ao, &st, &cause) == -1)
		fail_msg("asset import: %s", cause);
	assert_int_equal(sqlite3_exec(store_db(f->st), "INSERT INTO asset_links (asset_id, "
	    "device_id, matched_on, confidence, linked) SELECT a.id, d.id, 'serial', 'high', 0 "
	    "FROM assets a, devices d WHERE a.tag = 'A-1' AND d.serial = 'SER-A'", NULL, NULL,
	    NULL), SQLITE_OK);
	if (owner_each(f->st, "Ana Lima", 0, owned_cb, &o, &cause) == -1)
		fail_msg("owner: %s", cause);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[0], "A A-1 deployed 1 not audited return");
	assert_string_equal(o.line[1], "A A-2 retired 0 - -");
	assert_string_equal(o.line[2], "L OpenSSH Support - 0 - reassign");
	o.n = 0;
	assert_int_equal(owner_each(f->st, "ana@EXAMPLE.org", 0, owned_cb, &o, &cause), 0);
	assert_int_equal(o.n, 1);
	o.n = 0;
	assert_int_equal(owner_each(f->st, "it", 1, owned_cb, &o, &cause), 0);
	assert_int_equal(o.n, 3);	/* A-3, Foo Tools, Visio */
	assert_string_equal(o.line[0], "A A-3 deployed 0 - return");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_import, setup, teardown),
		cmocka_unit_test_setup_teardown(t_map_history, setup, teardown),
		cmocka_unit_test_setup_teardown(t_match, setup, teardown),
		cmocka_unit_test_setup_teardown(t_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(t_owner, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
