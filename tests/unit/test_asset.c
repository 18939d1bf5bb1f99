/* Unit tests for inventory/asset: import, update in place, history, validation, strict
 * mode, corrupt files, export round trip, declared dependencies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventory/asset.h"
#include "inventory/store.h"
#include "inventory/store_int.h"
#include "tmpstore.h"

struct fx {
	struct tmpstore	 ts;
	char		 bad[2048];	/* "line:why;" of every bad row */
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

static char q_buf[1024];
static const char *
q_text(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *t;

	q_buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && (t = sqlite3_column_text(s, 0)) != NULL)
		snprintf(q_buf, sizeof q_buf, "%s", t);
	sqlite3_finalize(s);
	return q_buf;
}

static void
on_bad(long line, const char *why, void *arg)
{
	struct fx *f = arg;
	size_t n = strlen(f->bad);

	snprintf(f->bad + n, sizeof f->bad - n, "%ld:%s;", line, why);
}

static int
import(struct fx *f, const char *csv, const char *map, int strict,
    struct asset_import_stats *st, char **cause)
{
	struct asset_import_opts o = { .source = "import:t.csv", .map = map, .strict = strict,
	    .bad_row = on_bad, .arg = f };

	f->bad[0] = '\0';
	return asset_import(f->ts.st, csv, strlen(csv), &o, st, cause);
}

static const char snipe[] =
	"\xef\xbb\xbf" "Asset Tag,Asset Name,Serial,Model,Manufacturer,Category,Checked Out,"
	"Location,Purchased,Cost,Status,Warranty,Warranty Expires,Notes,MAC Address,"
	"Supplier\r\n"
	"NL-1,core-sw1,FOC1,C9300,Cisco,Switches,Zoë Müller,\"Paris, DC1\",2021-03-15,"
	"\"8,450.00\",Ready to Deploy (Deployed),36 months,,\"two\nlines\",001B.54AA.BB01,"
	"NetSupply\r\n"
	"NL-2,app01,7XK,R650,Dell,Servers,,,,,Archived,,2027-01-31,,,\r\n"
	"NL-3,bad,X,,,,,,2023-02-29,,Deployed,,,,,\r\n"		/* not a leap year */
	",,no tag,,,,,,,,,,,,,\r\n"
	"NL-4,,,,,,,,,,Shipped to Mars,,,,,\r\n"
	"NL-1,again,,,,,,,,,,,,,,\r\n";

static void
t_import_snipeit(void **state)
{
	struct fx *f = *state;
	struct asset_import_stats st;
	char *cause = NULL;

	if (import(f, snipe, NULL, 0, &st, &cause) == -1)
		fail_msg("import: %s", cause);
	assert_int_equal(st.rows, 6);
	assert_int_equal(st.created, 2);
	assert_int_equal(st.bad, 4);
	assert_non_null(strstr(f->bad, "5:Purchased: '2023-02-29' is not a date"));
	assert_non_null(strstr(f->bad, "6:no asset tag;"));
	assert_non_null(strstr(f->bad, "7:Status: 'Shipped to Mars' is not a lifecycle state"));
	assert_non_null(strstr(f->bad, "8:asset tag 'NL-1' already on line 2;"));
	assert_string_equal(q_text(f->ts.st, "SELECT owner || '|' || location || '|' || "
	    "purchase_cost || '|' || state || '|' || warranty_end || '|' || notes FROM assets "
	    "WHERE tag = 'NL-1'"), "Zoë Müller|Paris, DC1|8450.00|deployed|2024-03-15|two\nlines");
	assert_string_equal(q_text(f->ts.st, "SELECT mac FROM asset_macs"), "00:1b:54:aa:bb:01");
	assert_string_equal(q_text(f->ts.st, "SELECT state || '|' || warranty_end FROM assets "
	    "WHERE tag = 'NL-2'"), "retired|2027-01-31");
	assert_string_equal(q_text(f->ts.st, "SELECT value FROM asset_custom WHERE name = "
	    "'Supplier'"), "NetSupply");
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_history WHERE source = "
	    "'import:t.csv' AND field = 'created'"), 2);
}

static void
t_reimport_updates_in_place(void **state)
{
	struct fx *f = *state;
	struct asset_import_stats st;
	char *cause = NULL;

	assert_int_equal(import(f, "Asset Tag,Location,Status\nA1,Paris,deployed\nA2,Lyon,"
	    "in stock\n", NULL, 0, &st, &cause), 0);
	assert_int_equal(st.created, 2);
	assert_int_equal(import(f, "Asset Tag,Location,Status\nA1,Paris,deployed\nA2,Nice,"
	    "deployed\n", NULL, 0, &st, &cause), 0);
	assert_int_equal(st.created, 0);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.unchanged, 1);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM assets"), 2);
	assert_string_equal(q_text(f->ts.st, "SELECT group_concat(field || ':' || old_value || "
	    "'>' || new_value, ' ') FROM asset_history h JOIN assets a ON a.id = h.asset_id "
	    "WHERE a.tag = 'A2' AND h.field <> 'created' AND h.old_value IS NOT NULL"),
	    "location:Lyon>Nice state:in stock>deployed");
}

static void
t_strict_and_corrupt_import_nothing(void **state)
{
	struct fx *f = *state;
	struct asset_import_stats st;
	char *cause = NULL;

	assert_int_equal(import(f, "Asset Tag,Purchase Date\nB1,2020-01-01\nB2,yesterday\n",
	    NULL, 1, &st, &cause), -1);
	assert_string_equal(cause, "1 bad row: nothing imported (strict)");
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM assets"), 0);
	free(cause);
	cause = NULL;
	/* an unterminated quote: where rows start is unknown, so nothing is written */
	assert_int_equal(import(f, "Asset Tag,Notes\nC1,fine\nC2,\"broken\nC3,x\n", NULL, 0,
	    &st, &cause), -1);
	assert_string_equal(cause, "line 3: quoted field never ends");
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM assets"), 0);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_history"), 0);
	free(cause);
	cause = NULL;
	assert_int_equal(import(f, "Serial,Model\nX,Y\n", NULL, 0, &st, &cause), -1);
	assert_non_null(strstr(cause, "no asset tag column"));
	free(cause);
	cause = NULL;
	assert_int_equal(import(f, "", NULL, 0, &st, &cause), -1);
	free(cause);
}

static void
t_map_and_custom(void **state)
{
	struct fx *f = *state;
	struct asset_import_stats st;
	char *cause = NULL;

	assert_int_equal(import(f, "Inventory No,Who,\"Rack, U\",Junk\nK1,Ana,A3,zzz\n",
	    "Inventory No=tag,Who=owner,\"Rack, U=custom:Rack\",Junk=ignore", 0, &st, &cause), 0);
	assert_string_equal(q_text(f->ts.st, "SELECT owner FROM assets WHERE tag = 'K1'"), "Ana");
	assert_string_equal(q_text(f->ts.st, "SELECT name || '=' || value FROM asset_custom"),
	    "Rack=A3");
	assert_int_equal(import(f, "Inventory No\nK2\n", "Nope=tag", 0, &st, &cause), -1);
	assert_string_equal(cause, "--map: the file has no column 'Nope'");
	free(cause);
	cause = NULL;
	assert_int_equal(import(f, "Tag,Name,Asset Name\nK3,a,b\n", NULL, 0, &st, &cause), -1);
	assert_non_null(strstr(cause, "both give hostname"));
	free(cause);
}

static void
t_set_validates_and_records(void **state)
{
	struct fx *f = *state;
	char *a1[] = { "state=in repair", "warranty_end=2026-02-28", "custom.Room=B12",
	    "macs=aa-bb-cc-dd-ee-ff 00:11:22:33:44:55" };
	char *bad1[] = { "warranty_end=2026-02-30" };
	char *bad2[] = { "state=gone" };
	char *bad3[] = { "colour=red" };
	char *bad4[] = { "address=10.0.0.300" };
	char *cause = NULL;
	int changed;

	assert_int_equal(asset_set(f->ts.st, "S1", a1, 4, 0, "cli", &changed, &cause), -1);
	assert_string_equal(cause, "no asset 'S1'");
	free(cause);
	cause = NULL;
	assert_int_equal(asset_set(f->ts.st, "S1", a1, 4, 1, "cli", &changed, &cause), 0);
	assert_string_equal(q_text(f->ts.st, "SELECT state || '|' || warranty_end FROM assets"),
	    "in repair|2026-02-28");
	assert_string_equal(q_text(f->ts.st, "SELECT group_concat(mac, ' ') FROM asset_macs"),
	    "00:11:22:33:44:55 aa:bb:cc:dd:ee:ff");
	assert_int_equal(asset_set(f->ts.st, "S1", bad1, 1, 0, "cli", &changed, &cause), -1);
	assert_non_null(strstr(cause, "not a date"));
	assert_int_equal(asset_set(f->ts.st, "S1", bad2, 1, 0, "cli", &changed, &cause), -1);
	assert_non_null(strstr(cause, "not a lifecycle state"));
	assert_int_equal(asset_set(f->ts.st, "S1", bad3, 1, 0, "cli", &changed, &cause), -1);
	assert_non_null(strstr(cause, "unknown field"));
	assert_int_equal(asset_set(f->ts.st, "S1", bad4, 1, 0, "cli", &changed, &cause), -1);
	assert_non_null(strstr(cause, "not an IP address"));
	free(cause);
	cause = NULL;
	assert_int_equal(asset_set(f->ts.st, "S1", a1, 4, 0, "cli", &changed, &cause), 0);
	assert_int_equal(changed, 0);	/* same values: no change, no history */
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_history WHERE source = 'cli' "
	    "AND field = 'custom.Room'"), 1);
}

static void
t_export_round_trip_and_depends(void **state)
{
	struct fx *f = *state;
	struct asset_import_stats st;
	struct buf one, two;
	char *cause = NULL;

	/* D1 names D3, which comes later in the file */
	if (import(f, "Asset Tag,Asset Name,Notes,Depends On,Cost\nD1,app,=1+2,D3,-5\n"
	    "D2,db,\"q\"\"uote, comma\",nothere,\nD3,host,@x,,\n", NULL, 0, &st, &cause) == -1)
		fail_msg("import: %s", cause);
	assert_int_equal(st.bad, 1);
	assert_non_null(strstr(f->bad, "3:no asset or device 'nothere'"));
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM asset_depends"), 1);
	assert_int_equal(asset_depend(f->ts.st, "D2", "host", 0, "cli", &cause), 0);
	assert_int_equal(asset_depend(f->ts.st, "D2", "D2", 0, "cli", &cause), -1);
	free(cause);
	cause = NULL;
	buf_init(&one, 0);
	buf_init(&two, 0);
	assert_int_equal(asset_export(f->ts.st, &one, &cause), 0);
	assert_non_null(strstr(one.data, "D1,app,"));
	assert_non_null(strstr(one.data, ",'=1+2,"));
	assert_non_null(strstr(one.data, ",'-5,"));
	store_close(&f->ts.st);
	unlink(f->ts.path);
	assert_int_equal(store_open(&f->ts.st, f->ts.path, 0, &cause), 0);
	if (import(f, one.data, NULL, 0, &st, &cause) == -1)
		fail_msg("re-import: %s", cause);
	assert_int_equal(st.bad, 0);
	assert_string_equal(q_text(f->ts.st, "SELECT notes FROM assets WHERE tag = 'D1'"), "=1+2");
	assert_int_equal(asset_export(f->ts.st, &two, &cause), 0);
	assert_string_equal(one.data, two.data);
	buf_free(&one);
	buf_free(&two);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_import_snipeit, setup, teardown),
		cmocka_unit_test_setup_teardown(t_reimport_updates_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(t_strict_and_corrupt_import_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_map_and_custom, setup, teardown),
		cmocka_unit_test_setup_teardown(t_set_validates_and_records, setup, teardown),
		cmocka_unit_test_setup_teardown(t_export_round_trip_and_depends, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
