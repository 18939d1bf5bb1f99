/* Unit tests for inventory/reconcile: each rule, each finding from a deliberate case,
 * ambiguity listed and never linked, manual settlement kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventory/asset.h"
#include "inventory/impact.h"
#include "inventory/reconcile.h"
#include "inventory/store.h"
#include "inventory/store_int.h"
#include "tmpstore.h"

struct fx {
	struct tmpstore	 ts;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tmpstore_open(&f->ts);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tmpstore_close(&f->ts);
	free(f);
	return 0;
}

/* A discovered device with the given identity (any may be NULL). */
static int64_t
device(struct fx *f, int64_t scan, const char *addr, const char *serial, const char *mac,
    const char *name, const char *model)
{
	struct snapshot *s = snapshot_new("snmp", addr);
	struct snapshot_iface ifc = { .ifindex = 1, .name = "eth0", .mac = mac, .oper = "up" };
	int64_t dev = 0;
	char *cause = NULL;

	assert_non_null(s);
	if (serial)
		assert_int_equal(snapshot_add_fact(s, FACT_SERIAL, serial), 0);
	if (name)
		assert_int_equal(snapshot_add_fact(s, FACT_SYSNAME, name), 0);
	if (model)
		assert_int_equal(snapshot_add_fact(s, FACT_MODEL, model), 0);
	if (mac)
		assert_int_equal(snapshot_add_iface(s, &ifc), 0);
	if (store_snapshot_put(f->ts.st, scan, s, &dev, NULL, &cause) == -1)
		fail_msg("snapshot_put: %s", cause);
	snapshot_free(&s);
	return dev;
}

static const char reg[] =
	"Asset Tag,Asset Name,Serial,Model,Status,MAC Address,IP Address,Warranty Expires,EOL\n"
	"A1,,FOC100,Catalyst 9300,deployed,,,2020-01-01,\n"		/* serial; model differs */
	"A2,,,,deployed,00:1b:54:00:00:02,,,\n"			/* by MAC */
	"A3,web01,,,deployed,,,,2021-06-30\n"			/* by hostname */
	"A4,,,,deployed,,127.0.0.44,,\n"			/* by address */
	"A5a,dup,,,deployed,,,,\n"
	"A5b,dup,,,in stock,,,,\n"				/* two assets, one name */
	"A7,db01,AAA111,,deployed,,,,\n"			/* hostname, wrong serial */
	"A8,,MISSING1,,deployed,,,,\n"				/* never seen */
	"A9,,RET999,,retired,,,,\n";				/* retired, answering */

static const struct reconcile_finding *
finding(const struct reconcile_result *r, const char *kind, const char *tag,
    const char *device)
{
	const struct reconcile_finding *f;
	size_t i;

	for (i = 0; i < reconcile_nfindings(r); i++) {
		f = reconcile_finding_at(r, i);
		if (strcmp(f->kind, kind) == 0 && (tag == NULL || (f->tag &&
		    strcmp(f->tag, tag) == 0)) && (device == NULL || (f->device &&
		    strcmp(f->device, device) == 0)))
			return f;
	}
	return NULL;
}

static const char *
link_of(const struct reconcile_result *r, const char *tag)
{
	static char out[128];
	const struct reconcile_link *l;
	size_t i;

	for (i = 0; i < reconcile_nlinks(r); i++) {
		l = reconcile_link_at(r, i);
		if (strcmp(l->tag, tag) == 0) {
			snprintf(out, sizeof out, "%s/%s/%s", l->device, l->matched_on,
			    l->confidence);
			return out;
		}
	}
	return "none";
}

static void
t_rules_and_findings(void **state)
{
	struct fx *f = *state;
	struct asset_import_opts o = { .source = "t" };
	struct asset_import_stats ist;
	struct reconcile_opts ro = { 0 };
	struct reconcile_result *r = NULL;
	const struct reconcile_finding *fd;
	struct buf b;
	int64_t scan = 0;
	char *cause = NULL;

	if (asset_import(f->ts.st, reg, sizeof reg - 1, &o, &ist, &cause) == -1)
		fail_msg("import: %s", cause);
	assert_int_equal(ist.bad, 0);
	assert_int_equal(store_scan_begin(f->ts.st, "lab", &scan, &cause), 0);
	device(f, scan, "127.0.0.41", "FOC100", NULL, "sw-core", "ASR1001-X");
	device(f, scan, "127.0.0.42", NULL, "00:1b:54:00:00:02", "anon", NULL);
	device(f, scan, "127.0.0.43", NULL, NULL, "WEB01.example.com", NULL);
	device(f, scan, "127.0.0.44", NULL, NULL, NULL, NULL);
	device(f, scan, "127.0.0.45", NULL, NULL, "dup", NULL);
	device(f, scan, "127.0.0.46", "SHADOW6", NULL, "shadow", "Mystery Box");
	device(f, scan, "127.0.0.47", "BBB222", NULL, "db01", NULL);
	device(f, scan, "127.0.0.49", "RET999", NULL, "oldfw", NULL);
	ro.now = (int64_t)time(NULL);
	if (reconcile_run(f->ts.st, &ro, &r, &cause) == -1)
		fail_msg("reconcile: %s", cause);
	assert_string_equal(link_of(r, "A1"), "sw-core/serial/high");
	assert_string_equal(link_of(r, "A2"), "anon/mac/high");
	assert_string_equal(link_of(r, "A3"), "WEB01.example.com/hostname/medium");
	assert_string_equal(link_of(r, "A4"), "127.0.0.44/address/low");
	assert_string_equal(link_of(r, "A5a"), "none");	/* never guessed */
	assert_string_equal(link_of(r, "A5b"), "none");
	assert_string_equal(link_of(r, "A7"), "none");
	assert_string_equal(link_of(r, "A9"), "oldfw/serial/high");
	assert_non_null(finding(r, "model-mismatch", "A1", "sw-core"));
	assert_non_null(fd = finding(r, "ambiguous", NULL, "dup"));
	assert_non_null(strstr(fd->detail, "A5a, A5b"));
	assert_non_null(finding(r, "unregistered", NULL, "shadow"));
	assert_null(finding(r, "unregistered", NULL, "dup"));	/* listed as ambiguous */
	assert_non_null(fd = finding(r, "hostname-mismatch", "A7", "db01"));
	assert_non_null(strstr(fd->detail, "BBB222"));
	assert_non_null(finding(r, "missing", "A8", NULL));
	assert_null(finding(r, "missing", "A1", NULL));
	assert_non_null(finding(r, "retired-active", "A9", NULL));
	assert_non_null(finding(r, "warranty-ended", "A1", NULL));
	assert_non_null(finding(r, "support-ended", "A3", NULL));
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_links"), 5);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_history WHERE source = "
	    "'reconcile'"), 5);
	buf_init(&b, 0);
	assert_int_equal(reconcile_json(r, &b), 0);
	assert_non_null(strstr(b.data, "{\"schema\":\"netloom-reconcile\",\"version\":1,"
	    "\"links\":[{\"tag\":\"A1\""));
	buf_free(&b);
	reconcile_result_free(&r);

	/* A person settles the ambiguity; the next run keeps it and is quiet about it. */
	assert_int_equal(reconcile_settle(f->ts.st, "A5b", "dup", &cause), 0);
	if (reconcile_run(f->ts.st, &ro, &r, &cause) == -1)
		fail_msg("reconcile: %s", cause);
	assert_string_equal(link_of(r, "A5b"), "dup/manual/manual");
	assert_null(finding(r, "ambiguous", NULL, "dup"));
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_history WHERE source = "
	    "'reconcile'"), 6);	/* the settlement; nothing else changed */
	reconcile_result_free(&r);

	/* A week later with a 3-day window: everything deployed is missing. */
	ro.now += 7 * 86400;
	ro.stale_days = 3;
	ro.dry_run = 1;
	assert_int_equal(reconcile_run(f->ts.st, &ro, &r, &cause), 0);
	assert_non_null(fd = finding(r, "missing", "A1", NULL));
	assert_non_null(strstr(fd->detail, "last seen"));
	assert_null(finding(r, "retired-active", "A9", NULL));
	reconcile_result_free(&r);
}

static void
t_two_devices_one_asset(void **state)
{
	struct fx *f = *state;
	struct asset_import_opts o = { .source = "t" };
	struct asset_import_stats ist;
	struct reconcile_opts ro = { 0 };
	struct reconcile_result *r = NULL;
	int64_t scan = 0;
	char *cause = NULL;
	const char csv[] = "Asset Tag,Asset Name,Serial\nB1,edge,SER1\n";

	assert_int_equal(asset_import(f->ts.st, csv, sizeof csv - 1, &o, &ist, &cause), 0);
	assert_int_equal(store_scan_begin(f->ts.st, "lab", &scan, &cause), 0);
	/* one by serial (wins), one only by name (loses quietly to the stronger key) */
	device(f, scan, "127.0.0.51", "SER1", NULL, "edge-a", NULL);
	device(f, scan, "127.0.0.52", NULL, NULL, "edge", NULL);
	assert_int_equal(reconcile_run(f->ts.st, &ro, &r, &cause), 0);
	assert_string_equal(link_of(r, "B1"), "edge-a/serial/high");
	assert_int_equal(reconcile_nlinks(r), 1);
	reconcile_result_free(&r);
	assert_int_equal(asset_import(f->ts.st, "Asset Tag,Asset Name\nB2,twin\n", 28, &o, &ist,
	    &cause), 0);
	device(f, scan, "127.0.0.53", NULL, NULL, "twin", NULL);
	device(f, scan, "127.0.0.54", NULL, NULL, "twin.lab", NULL);	/* same short name */
	assert_int_equal(reconcile_run(f->ts.st, &ro, &r, &cause), 0);
	assert_string_equal(link_of(r, "B2"), "none");
	assert_non_null(finding(r, "ambiguous", "B2", NULL));
	reconcile_result_free(&r);
}

static int
collect(const struct impact_item *it, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, 1024 - n, "%d:%s:%s:%s:%s;", it->depth, it->name, it->via, it->from,
	    it->owner ? it->owner : "-");
	return 0;
}

/* Impact walks links, LLDP (both ways) and depends-on, and stops at cycles. */
static void
t_impact(void **state)
{
	struct fx *f = *state;
	struct asset_import_opts o = { .source = "t" };
	struct asset_import_stats ist;
	struct reconcile_opts ro = { 0 };
	struct reconcile_result *r = NULL;
	struct snapshot *s;
	struct snapshot_neighbour nb = { .kind = "lldp", .local_port = "eth0",
	    .remote_name = "sw1", .remote_port = "Gi1/0/1" };
	char out[1024] = "", *cause = NULL;
	int64_t scan = 0;
	const char csv[] = "Asset Tag,Serial,Checked Out To\nSW,SWSER,Net Team\nAPP,,Ana\n";

	assert_int_equal(asset_import(f->ts.st, csv, sizeof csv - 1, &o, &ist, &cause), 0);
	assert_int_equal(store_scan_begin(f->ts.st, "lab", &scan, &cause), 0);
	device(f, scan, "127.0.0.61", "SWSER", NULL, "sw1", NULL);
	assert_non_null(s = snapshot_new("snmp", "127.0.0.62"));
	assert_int_equal(snapshot_add_fact(s, FACT_SYSNAME, "srv1"), 0);
	assert_int_equal(snapshot_add_neighbour(s, &nb), 0);
	if (store_snapshot_put(f->ts.st, scan, s, NULL, NULL, &cause) == -1)
		fail_msg("put: %s", cause);
	snapshot_free(&s);
	assert_int_equal(reconcile_run(f->ts.st, &ro, &r, &cause), 0);
	reconcile_result_free(&r);
	assert_int_equal(asset_depend(f->ts.st, "APP", "device:srv1", 0, "cli", &cause), 0);
	assert_int_equal(asset_depend(f->ts.st, "SW", "APP", 0, "cli", &cause), 0);	/* a cycle */
	if (impact_walk(f->ts.st, "SW", 0, collect, out, &cause) == -1)
		fail_msg("impact: %s", cause);
	assert_string_equal(out, "1:sw1:same-item:SW:Net Team;2:srv1:lldp:sw1:-;"
	    "3:APP:depends-on:srv1:Ana;");
	out[0] = '\0';
	assert_int_equal(impact_walk(f->ts.st, "SW", 1, collect, out, &cause), 0);
	assert_string_equal(out, "1:sw1:same-item:SW:Net Team;");
	assert_int_equal(impact_walk(f->ts.st, "nothing-here", 0, collect, out, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_rules_and_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(t_two_devices_one_asset, setup, teardown),
		cmocka_unit_test_setup_teardown(t_impact, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
