/* Unit tests for inventory/store: schema, identity matching, artifacts, scan records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inventory/schema.h"
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

/* A snapshot with the given identity; any argument may be NULL. */
static struct snapshot *
mk(const char *addr, const char *serial, const char *engine, const char *mac, const char *name)
{
	struct snapshot *s = snapshot_new("snmp", addr);
	struct snapshot_iface ifc = { .ifindex = 1, .name = "eth0", .mac = mac, .oper = "up" };

	assert_non_null(s);
	if (serial)
		assert_int_equal(snapshot_add_fact(s, FACT_SERIAL, serial), 0);
	if (engine)
		assert_int_equal(snapshot_add_fact(s, FACT_ENGINE_ID, engine), 0);
	if (name)
		assert_int_equal(snapshot_add_fact(s, FACT_SYSNAME, name), 0);
	if (mac)
		assert_int_equal(snapshot_add_iface(s, &ifc), 0);
	return s;
}

static int64_t
put(struct fx *f, int64_t scan, struct snapshot *snap)
{
	int64_t dev = 0, sid = 0;
	char *cause = NULL;

	if (store_snapshot_put(f->ts.st, scan, snap, &dev, &sid, &cause) == -1)
		fail_msg("put: %s", cause);
	assert_true(dev > 0 && sid > 0);
	snapshot_free(&snap);
	assert_null(snap);
	return dev;
}

static int64_t
begin(struct fx *f)
{
	int64_t id = 0;
	char *cause = NULL;

	if (store_scan_begin(f->ts.st, "127.0.0.1", &id, &cause) == -1)
		fail_msg("scan_begin: %s", cause);
	return id;
}

static void
t_schema(void **state)
{
	struct fx *f = *state;
	char *mode, *cause = NULL;
	struct stat sb;

	assert_int_equal(store_schema_version(f->ts.st), store_schema_latest());
	mode = tmpstore_text(f->ts.st, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(tmpstore_int(f->ts.st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(store_check(f->ts.st, &cause), 0);
	/* The store holds an organisation's configs: nobody else may read it. */
	assert_int_equal(stat(f->ts.path, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0);
	/* Reopening does not migrate again. */
	store_close(&f->ts.st);
	assert_int_equal(store_open(&f->ts.st, f->ts.path, 0, &cause), 0);
	assert_int_equal(store_schema_version(f->ts.st), store_schema_latest());
}

static void
t_identity_serial_beats_address(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f), a, b, c;

	a = put(f, scan, mk("10.0.0.1", "FOC1234X", NULL, NULL, "sw1"));
	/* Same serial at a new address: the same device. */
	b = put(f, scan, mk("10.0.0.99", "FOC1234X", NULL, NULL, "sw1"));
	assert_int_equal(a, b);
	/* Different serial at the old address: a different device, not a takeover. */
	c = put(f, scan, mk("10.0.0.1", "FOC9999Z", NULL, NULL, "sw2"));
	assert_int_not_equal(a, c);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM devices"), 2);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM snapshots WHERE matched_on = "
	    "'serial'"), 1);
	/* A regenerated engine ID does not make the same serial another device... */
	put(f, scan, mk("10.0.0.99", "FOC1234X", "80001f88aa", NULL, "sw1"));
	assert_int_equal(put(f, scan, mk("10.0.0.99", "FOC1234X", "80001f88bb", NULL, "sw1")), a);
	/* ...but a different serial behind a known engine ID does. */
	assert_int_not_equal(put(f, scan, mk("10.0.0.98", "OTHER1", "80001f88bb", NULL, NULL)),
	    a);
}

static void
t_identity_engine_mac_address(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f), a, b, c, d, e;

	a = put(f, scan, mk("10.0.1.1", NULL, "80001f8880aa", NULL, NULL));
	b = put(f, scan, mk("10.0.1.2", NULL, "80001f8880aa", NULL, NULL));
	assert_int_equal(a, b);
	c = put(f, scan, mk("10.0.2.1", NULL, NULL, "00:11:22:33:44:55", NULL));
	d = put(f, scan, mk("10.0.2.7", NULL, NULL, "00:11:22:33:44:55", NULL));
	assert_int_equal(c, d);
	/* A VRRP MAC is shared by routers: it identifies nobody. */
	put(f, scan, mk("10.0.3.1", NULL, NULL, "00:00:5e:00:01:01", NULL));
	e = put(f, scan, mk("10.0.3.2", NULL, NULL, "00:00:5e:00:01:01", NULL));
	assert_int_not_equal(e, c);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM devices"), 4);
	/* Address is the last resort, and it works when nothing stronger is known. */
	assert_int_equal(put(f, scan, mk("10.0.3.2", NULL, NULL, NULL, NULL)), e);
}

static void
t_junk_serial_ignored(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f), a, b;

	a = put(f, scan, mk("10.1.0.1", "To be filled by O.E.M.", NULL, NULL, NULL));
	b = put(f, scan, mk("10.1.0.2", "To be filled by O.E.M.", NULL, NULL, NULL));
	assert_int_not_equal(a, b);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM devices WHERE serial IS NOT NULL"), 0);
}

static void
t_artifacts_once(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f);
	struct snapshot *s;
	const char cfg[] = "hostname sw1\ninterface Gi0/1\n shutdown\n";
	char *sha;

	s = mk("10.2.0.1", "S1", NULL, NULL, NULL);
	assert_int_equal(snapshot_add_artifact(s, "running-config", cfg, strlen(cfg)), 0);
	put(f, scan, s);
	s = mk("10.2.0.1", "S1", NULL, NULL, NULL);
	assert_int_equal(snapshot_add_artifact(s, "running-config", cfg, strlen(cfg)), 0);
	put(f, scan, s);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM artifacts"), 1);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM snapshot_artifacts"), 2);
	sha = tmpstore_text(f->ts.st, "SELECT sha256 FROM artifacts");
	/* sha256sum of the text above. */
	assert_string_equal(sha,
	    "50ddc68c9c508ec952ee0343e98c917576eb1c8bd0ad0a4607418600c9755c62");
	free(sha);
}

static void
t_duplicate_artifact_rolls_back(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f);
	struct snapshot *s = mk("10.3.0.1", "S3", NULL, NULL, NULL);
	char *cause = NULL;

	assert_int_equal(snapshot_add_artifact(s, "a", "x", 1), 0);
	assert_int_equal(snapshot_add_artifact(s, "a", "y", 1), 0);
	assert_int_equal(store_snapshot_put(f->ts.st, scan, s, NULL, NULL, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "artifact 'a'"));
	free(cause);
	snapshot_free(&s);
	/* One transaction per snapshot: nothing of it stayed. */
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM devices"), 0);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM artifacts"), 0);
}

static void
t_facts_and_neighbours(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f), a, b;
	struct snapshot *s;
	struct snapshot_neighbour n = { .kind = "lldp", .local_port = "Gi0/1",
	    .remote_name = "core2", .remote_port = "Et1" };

	a = put(f, scan, mk("10.4.0.2", "CORE2", NULL, NULL, "core2.example.net"));
	s = mk("10.4.0.1", "CORE1", NULL, NULL, "core1");
	assert_int_equal(snapshot_add_fact(s, "os.version", "15.2(4)M11"), 0);
	assert_int_equal(snapshot_add_neighbour(s, &n), 0);
	b = put(f, scan, s);
	assert_int_not_equal(a, b);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT dst_device FROM relations"), a);
	assert_int_equal(tmpstore_int(f->ts.st, "SELECT count(*) FROM facts WHERE key = 'os.version'"), 1);
}

static int
count_scan(const struct store_scan *sc, void *arg)
{
	(void)sc;
	(*(int *)arg)++;
	return 0;
}

static void
t_scan_records_and_reap(void **state)
{
	struct fx *f = *state;
	int64_t scan = begin(f), dead = 0;
	char *cause = NULL, *st;
	int n = 0, status;
	pid_t pid;

	assert_int_equal(store_scan_end(f->ts.st, scan, SCAN_COMPLETE, &cause), 0);
	assert_int_equal(store_scan_end(f->ts.st, scan, SCAN_COMPLETE, &cause), -1);
	free(cause);
	cause = NULL;
	/* A child starts a scan and dies without ending it, as under SIGKILL. */
	store_close(&f->ts.st);
	if ((pid = fork()) == 0) {
		struct store *c = NULL;

		if (store_open(&c, f->ts.path, 0, NULL) == -1 ||
		    store_scan_begin(c, "dying", &dead, NULL) == -1)
			_exit(3);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(store_open(&f->ts.st, f->ts.path, STORE_NOREAP, &cause), 0);
	st = tmpstore_text(f->ts.st, "SELECT state FROM scans WHERE targets = 'dying'");
	assert_string_equal(st, "running");
	free(st);
	assert_int_equal(store_scan_reap(f->ts.st, &n, &cause), 0);
	assert_int_equal(n, 1);
	st = tmpstore_text(f->ts.st, "SELECT state FROM scans WHERE targets = 'dying'");
	assert_string_equal(st, "interrupted");
	free(st);
	/* Our own running scan is alive and is not reaped. */
	scan = begin(f);
	assert_int_equal(store_scan_reap(f->ts.st, &n, &cause), 0);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(store_scans_each(f->ts.st, count_scan, &n, &cause), 0);
	assert_int_equal(n, 3);
}

static void
t_refuses_foreign_files(void **state)
{
	struct fx *f = *state;
	char p[160], *cause = NULL, buf[64];
	struct store *s = NULL;
	sqlite3 *raw = NULL;
	int fd;
	ssize_t n;

	/* A text file is not a database, and it is left as it was. */
	snprintf(p, sizeof p, "%s/notes.txt", f->ts.dir);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello, this is not sqlite\n", 26), 26);
	close(fd);
	assert_int_equal(store_open(&s, p, 0, &cause), -1);
	assert_non_null(strstr(cause, "not a netloom database"));
	free(cause);
	cause = NULL;
	fd = open(p, O_RDONLY);
	n = read(fd, buf, sizeof buf);
	close(fd);
	assert_int_equal(n, 26);
	/* Someone else's SQLite database is not migrated into ours. */
	snprintf(p, sizeof p, "%s/other.db", f->ts.dir);
	assert_int_equal(sqlite3_open(p, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(store_open(&s, p, 0, &cause), -1);
	assert_non_null(strstr(cause, "not netloom's"));
	free(cause);
	cause = NULL;
	/* A database from a newer netloom is refused, not downgraded. */
	snprintf(p, sizeof p, "%s/newer.db", f->ts.dir);
	assert_int_equal(sqlite3_open(p, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 999", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(store_open(&s, p, 0, &cause), -1);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	cause = NULL;
	/* Read-only never creates. */
	snprintf(p, sizeof p, "%s/missing.db", f->ts.dir);
	assert_int_equal(store_open(&s, p, STORE_READONLY, &cause), -1);
	assert_int_equal(access(p, F_OK), -1);
	free(cause);
}

/* A store written by an older netloom (schema 1) is migrated forward with its data. */
static void
t_forward_migration(void **state)
{
	struct fx *f = *state;
	char p[160], *cause = NULL, *name;
	struct store *s = NULL;
	sqlite3 *raw = NULL;

	snprintf(p, sizeof p, "%s/old.db", f->ts.dir);
	assert_int_equal(sqlite3_open(p, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, schema_migration(0), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 1;"
	    "INSERT INTO devices (name, found_by, first_seen, last_seen) VALUES "
	    "('old-sw', 'snmp', 1, 1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	/* Read-only never migrates: it says what to do instead. */
	assert_int_equal(store_open(&s, p, STORE_READONLY, &cause), -1);
	assert_non_null(strstr(cause, "read-write to migrate"));
	free(cause);
	cause = NULL;
	if (store_open(&s, p, 0, &cause) == -1)
		fail_msg("migrate: %s", cause);
	assert_int_equal(store_schema_version(s), store_schema_latest());
	name = tmpstore_text(s, "SELECT name FROM devices");
	assert_string_equal(name, "old-sw");
	free(name);
	assert_int_equal(store_check(s, &cause), 0);
	store_close(&s);
}

static void
t_busy_is_a_clear_error(void **state)
{
	struct fx *f = *state;
	struct store *other = NULL;
	struct snapshot *snap = mk("10.9.0.1", "B1", NULL, NULL, NULL);
	int64_t scan = begin(f);
	char *cause = NULL;

	setenv("NETLOOM_BUSY_TIMEOUT", "100", 1);
	assert_int_equal(store_open(&other, f->ts.path, 0, &cause), 0);
	unsetenv("NETLOOM_BUSY_TIMEOUT");
	assert_int_equal(store_begin(f->ts.st, &cause), 0);
	/* While one connection writes, the other waits, then fails with a clear cause. */
	assert_int_equal(store_snapshot_put(other, scan, snap, NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "busy"));
	free(cause);
	cause = NULL;
	store_rollback(f->ts.st);
	/* Once the writer is done, the same write goes through. */
	assert_int_equal(store_snapshot_put(other, scan, snap, NULL, NULL, &cause), 0);
	snapshot_free(&snap);
	store_close(&other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(t_identity_serial_beats_address, setup, teardown),
		cmocka_unit_test_setup_teardown(t_identity_engine_mac_address, setup, teardown),
		cmocka_unit_test_setup_teardown(t_junk_serial_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(t_artifacts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(t_duplicate_artifact_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(t_facts_and_neighbours, setup, teardown),
		cmocka_unit_test_setup_teardown(t_scan_records_and_reap, setup, teardown),
		cmocka_unit_test_setup_teardown(t_refuses_foreign_files, setup, teardown),
		cmocka_unit_test_setup_teardown(t_forward_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(t_busy_is_a_clear_error, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
