/* Unit tests for reports/report.c helpers: severity views and the waiver expiry read back
 * from a verdict's evidence (hostile evidence included). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "reports/report.h"
#include "reports/report_int.h"

static void
severity_views(void **state)
{
	struct report_view v;
	char *cause = NULL;

	(void)state;
	assert_int_equal(report_severity_parse("high+", &v, &cause), 0);
	assert_int_equal(v.min_severity, 1);
	assert_int_equal(v.exact_severity, 0);
	assert_int_equal(report_severity_parse("medium", &v, &cause), 0);
	assert_int_equal(v.min_severity, 2);
	assert_int_equal(v.exact_severity, 1);
	assert_int_equal(report_severity_parse("critical+", &v, &cause), 0);
	assert_int_equal(v.min_severity, 0);
	assert_int_equal(report_severity_parse("all", &v, &cause), 0);
	assert_int_equal(v.min_severity, -1);
	assert_int_equal(report_severity_parse("info+", &v, &cause), 0);
	assert_int_equal(v.min_severity, 4);
	assert_int_equal(report_severity_parse("urgent", &v, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(report_severity_parse("high++", &v, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(report_severity_parse("other", &v, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(report_severity_parse("", &v, &cause), -1);
	free(cause);
}

static void
waiver_expiry(void **state)
{
	char out[11];

	(void)state;
	report_waiver_expiry("fact snmp.version = '2c'; expected equals '3'\n"
	    "waived by W-1 until 2099-12-31, approved by CISO: later\n"
	    "verdict without the waiver: fail", out);
	assert_string_equal(out, "2099-12-31");
	/* a waiver id holding " until " does not fool it */
	report_waiver_expiry("waived by X until 1999-01-01 until 2030-05-06, approved by A: r", out);
	assert_string_equal(out, "2030-05-06");
	/* an expired waiver no longer applies: no expiry shown */
	report_waiver_expiry("waiver W expired on 2020-01-01 (approved by A): it no longer applies",
	    out);
	assert_string_equal(out, "");
	/* the phrase only counts at the start of a line */
	report_waiver_expiry("device says: waived by x until 2099-12-31, approved by y", out);
	assert_string_equal(out, "");
	report_waiver_expiry("waived by W until 2099-1-31, approved by A: short date", out);
	assert_string_equal(out, "");
	report_waiver_expiry("waived by W until 2099-12-3", out);
	assert_string_equal(out, "");
	report_waiver_expiry(NULL, out);
	assert_string_equal(out, "");
	report_waiver_expiry("", out);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(severity_views),
		cmocka_unit_test(waiver_expiry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
