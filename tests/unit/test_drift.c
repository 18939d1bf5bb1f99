/* test_drift: audit/drift over a real store: artifacts with volatile lines, facts, rule
 * verdicts from schema v1's rule_results (regressions first, the snapshot where each first
 * failed), appeared/vanished devices, golden pins, and the rendered text and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/drift.h"
#include "inventory/history.h"
#include "inventory/snapshot.h"
#include "inventory/store.h"
#include "inventory/store_int.h"
#include "tmpstore.h"
#include "reports/driftfmt.h"

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

static void
sql(struct store *st, const char *q)
{
	char *err = NULL;

	if (sqlite3_exec(store_db(st), q, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", q, err);
}

/* One scan holding one snapshot per (serial, version, config) given; returns snapshot ids. */
struct dev {
	const char	*serial;
	const char	*name;
	const char	*version;
	const char	*config;
	const char	*uptime;
};

static int64_t
scan(struct store *st, const struct dev *d, size_t n, int64_t *snaps)
{
	int64_t scan_id, did;
	char *cause = NULL;
	size_t i;

	assert_int_equal(store_scan_begin(st, "test", &scan_id, &cause), 0);
	for (i = 0; i < n; i++) {
		struct snapshot *s = snapshot_new("ssh", "192.0.2.1");

		assert_non_null(s);
		assert_int_equal(snapshot_add_fact(s, FACT_SERIAL, d[i].serial), 0);
		assert_int_equal(snapshot_add_fact(s, FACT_SYSNAME, d[i].name), 0);
		assert_int_equal(snapshot_add_fact(s, FACT_PLATFORM, "ios"), 0);
		assert_int_equal(snapshot_add_fact(s, FACT_OS_VERSION, d[i].version), 0);
		assert_int_equal(snapshot_add_fact(s, "sys.uptime", d[i].uptime), 0);
		assert_int_equal(snapshot_add_artifact(s, "running-config", d[i].config,
		    strlen(d[i].config)), 0);
		if (store_snapshot_put(st, scan_id, s, &did, &snaps[i], &cause) == -1)
			fail_msg("put: %s", cause);
		snapshot_free(&s);
	}
	assert_int_equal(store_scan_end(st, scan_id, SCAN_COMPLETE, &cause), 0);
	return scan_id;
}

static void
verdict(struct store *st, int64_t snap, const char *rule, const char *status, const char *sev)
{
	char q[512];

	snprintf(q, sizeof q, "INSERT INTO rule_results (snapshot_id, policy, rule_id, status, "
	    "severity, evidence, evaluated) VALUES (%lld, 1, '%s', '%s', '%s', 'line 3', 0)",
	    (long long)snap, rule, status, sev);
	sql(st, q);
}

#define CFG1 "! Last configuration change at 10:00:01 UTC Mon Mar 1 2021\n" \
	"hostname r1\n!\nsnmp-server community <redacted> RO\n!\nline vty 0 4\n transport input ssh\n!\nend\n"
#define CFG2 "! Last configuration change at 11:30:00 UTC Tue Mar 2 2021\n" \
	"hostname r1\n!\nsnmp-server community <redacted> RO\n!\nline vty 0 4\n transport input ssh\n!\nend\n"
#define CFG3 "! Last configuration change at 12:00:00 UTC Wed Mar 3 2021\n" \
	"hostname r1\n!\nsnmp-server community <redacted> RW\n!\nline vty 0 4\n transport input telnet ssh\n!\nend\n"

static void
test_fleet(void **state)
{
	struct fx *f = *state;
	struct drift_opts o = { .mode = DRIFT_PREVIOUS, .context = 3 };
	struct drift *d = NULL;
	char *cause = NULL;
	int64_t s1[2], s2[2], s3[1], s4[2];
	struct dev r1a = { "SER1", "r1", "15.2(4)M3", CFG1, "100" };
	struct dev r1b = { "SER1", "r1", "15.2(4)M3", CFG2, "200" };
	struct dev r1c = { "SER1", "r1", "15.9(3)M7", CFG3, "10" };
	struct dev r2 = { "SER2", "r2", "17.3.1", "hostname r2\n", "5" };
	struct dev r3 = { "SER3", "r3", "17.3.1", "hostname r3\n", "5" };
	struct dev v1[2] = { r1a, r2 }, v2[2] = { r1b, r2 }, v3[1] = { r1c }, v4[2] = { r1c, r3 };

	sql(f->ts.st, "INSERT INTO policies (id, policy_id, version, sha256, title, loaded) VALUES "
	    "(1, 'cis-ios', '1.0', 'x', 'CIS IOS', 0)");
	scan(f->ts.st, v1, 2, s1);
	verdict(f->ts.st, s1[0], "ssh-only", "pass", "high");
	verdict(f->ts.st, s1[0], "snmp-ro", "pass", "medium");
	verdict(f->ts.st, s1[0], "ntp", "fail", "low");
	scan(f->ts.st, v2, 2, s2);
	verdict(f->ts.st, s2[0], "ssh-only", "fail", "high");	/* first failure here */
	verdict(f->ts.st, s2[0], "snmp-ro", "pass", "medium");
	verdict(f->ts.st, s2[0], "ntp", "fail", "low");

	/* scan 2 vs 1: only a volatile config line and the uptime changed; a verdict did */
	assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
	assert_int_equal(d->new_scan, 2);
	assert_int_equal(d->old_scan, 1);
	assert_int_equal(d->compared, 2);
	assert_int_equal(d->ndevices, 1);
	assert_int_equal(d->devices[0].nartifacts, 0);
	assert_int_equal(d->devices[0].nfacts, 0);
	assert_int_equal(d->devices[0].nverdicts, 1);
	assert_int_equal(d->devices[0].verdicts[0].kind, DRIFT_REGRESSION);
	assert_int_equal(d->devices[0].verdicts[0].first.id, s2[0]);
	drift_free(&d);

	scan(f->ts.st, v3, 1, s3);
	verdict(f->ts.st, s3[0], "ssh-only", "fail", "high");
	verdict(f->ts.st, s3[0], "snmp-ro", "fail", "medium");	/* regression */
	verdict(f->ts.st, s3[0], "ntp", "pass", "low");		/* fix */

	/* scan 3 vs 2: r2 vanished; r1 changed version, config, verdicts */
	assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
	assert_int_equal(d->ndevices, 1);
	assert_int_equal(d->nvanished, 1);
	assert_string_equal(d->vanished[0].dev.name, "r2");
	assert_int_equal(d->nappeared, 0);
	{
		struct drift_device *dd = &d->devices[0];

		assert_int_equal(dd->nfacts, 1);
		assert_string_equal(dd->facts[0].key, "os.version");
		assert_string_equal(dd->facts[0].old, "15.2(4)M3");
		assert_string_equal(dd->facts[0].new, "15.9(3)M7");
		assert_int_equal(dd->nartifacts, 1);
		assert_int_equal(dd->artifacts[0].added, 2);
		assert_int_equal(dd->artifacts[0].removed, 2);
		assert_non_null(strstr(dd->artifacts[0].diff, "\n-snmp-server community <redacted> RO\n"
		    "+snmp-server community <redacted> RW\n"));
		assert_null(strstr(dd->artifacts[0].diff, "-! Last configuration"));
		/* regression first, then the fix; ssh-only kept failing: not a change */
		assert_int_equal(dd->nverdicts, 2);
		assert_int_equal(dd->regressions, 1);
		assert_int_equal(dd->fixes, 1);
		assert_int_equal(dd->verdicts[0].kind, DRIFT_REGRESSION);
		assert_string_equal(dd->verdicts[0].rule_id, "snmp-ro");
		assert_int_equal(dd->verdicts[0].first.id, s3[0]);
		assert_int_equal(dd->verdicts[1].kind, DRIFT_FIX);
		assert_string_equal(dd->verdicts[1].rule_id, "ntp");
	}
	drift_free(&d);

	/* against snapshot s1[0]: ssh-only regressed, first failing in scan 2's snapshot */
	o.mode = DRIFT_SNAPSHOT;
	o.snapshot_id = s1[0];
	assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
	assert_int_equal(d->ndevices, 1);
	assert_int_equal(d->devices[0].regressions, 2);
	assert_string_equal(d->devices[0].verdicts[0].rule_id, "snmp-ro");
	assert_int_equal(d->devices[0].verdicts[0].first.id, s3[0]);
	assert_string_equal(d->devices[0].verdicts[1].rule_id, "ssh-only");
	assert_int_equal(d->devices[0].verdicts[1].first.id, s2[0]);
	assert_int_equal(d->devices[0].verdicts[1].first.scan_id, 2);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		assert_int_equal(driftfmt_text(m, d, 0, &cause), 0);
		fclose(m);
		assert_non_null(strstr(buf, "regression cis-ios ssh-only [high] pass -> fail  "
		    "(failing since snapshot 3, scan 2, "));
		assert_non_null(strstr(buf, "    os.version 15.2(4)M3 -> 15.9(3)M7\n"));
		free(buf);
		m = open_memstream(&buf, &len);
		assert_int_equal(driftfmt_json(m, d, &cause), 0);
		fclose(m);
		assert_non_null(strstr(buf, "\"kind\":\"regression\",\"policy\":\"cis-ios\","
		    "\"rule\":\"ssh-only\",\"old\":\"pass\",\"new\":\"fail\",\"severity\":\"high\","
		    "\"evidence\":\"line 3\",\"first_snapshot\":3,\"first_scan\":2,"));
		free(buf);
	}
	drift_free(&d);

	/* appeared: r3 in scan 4 */
	scan(f->ts.st, v4, 2, s4);
	o.mode = DRIFT_PREVIOUS;
	assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
	assert_int_equal(d->ndevices, 0);
	assert_int_equal(d->nappeared, 1);
	assert_string_equal(d->appeared[0].dev.name, "r3");
	assert_true(drift_found(d));
	drift_free(&d);

	/* golden: pin r1 at scan 1, drift reported until the pin moves */
	{
		struct hist_snap p;

		assert_int_equal(history_snapshot(f->ts.st, s1[0], &p, &cause), 0);
		assert_int_equal(history_pin(f->ts.st, &p, &cause), 0);
		o.mode = DRIFT_GOLDEN;
		assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
		assert_int_equal(d->ndevices, 1);
		drift_free(&d);
		assert_int_equal(history_snapshot(f->ts.st, s4[0], &p, &cause), 0);
		assert_int_equal(history_pin(f->ts.st, &p, &cause), 0);
		assert_int_equal(drift_compute(f->ts.st, &o, &d, &cause), 0);
		assert_int_equal(d->ndevices, 0);
		assert_false(drift_found(d));
		drift_free(&d);
	}
}

static void
test_dates(void **state)
{
	int64_t t;
	char *cause = NULL;

	(void)state;
	assert_int_equal(drift_parse_date("2026-01-02", &t, &cause), 0);
	assert_int_equal(t, 1767312000);
	assert_int_equal(drift_parse_date("2026-01-02T03:04:05Z", &t, &cause), 0);
	assert_int_equal(t, 1767312000 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(drift_parse_date("@12345", &t, &cause), 0);
	assert_int_equal(t, 12345);
	assert_int_equal(drift_parse_date("2026-02-30", &t, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(drift_parse_date("2026-1-2", &t, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(drift_parse_date("@", &t, &cause), -1);
	free(cause);
}

static void
test_volatile(void **state)
{
	(void)state;
	assert_true(drift_fact_is_volatile("sys.uptime"));
	assert_false(drift_fact_is_volatile("os.version"));
	assert_true(drift_line_is_volatile("snmp-walk", NULL, "1.3.6.1.2.1.1.3.0 = Timeticks: 5",
	    32));
	assert_false(drift_line_is_volatile("snmp-walk", NULL, "1.3.6.1.2.1.1.3.01 = x", 22));
	assert_false(drift_line_is_volatile("snmp-walk", NULL, "1.3.6.1.2.1.1.1.0 = STRING: x",
	    29));
	assert_true(drift_line_is_volatile("running-config", "ios",
	    "! Last configuration change at 10:00:01 UTC Mon Mar 1 2021", 58));
	assert_false(drift_line_is_volatile("running-config", "ios", "hostname r1", 11));
}

static void
test_safe_text(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(driftfmt_safe(&b, "a\033[31mb\tc\x7f", 10), 0);
	assert_string_equal(b.data, "a\\x1b[31mb\tc\\x7f");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fleet, setup, teardown),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_volatile),
		cmocka_unit_test(test_safe_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
