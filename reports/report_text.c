/* report_text: the report for a terminal; colour only when the caller says it is one. */
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "reports/driftfmt.h"
#include "reports/report_int.h"

static int
field(struct buf *b, const char *s, int width)
{
	size_t before = b->len, n;

	if (driftfmt_safe(b, s ? s : "-", strlen(s ? s : "-")) == -1)
		return -1;
	for (n = b->len - before; (int)n < width; n++)
		if (buf_puts(b, " ") == -1)
			return -1;
	return buf_puts(b, " ");
}

int
report_text(FILE *f, const struct report_model *m, int colour, char **cause)
{
	struct buf b;
	char t0[32], t1[32];
	size_t i, k;
	int rc = -1;

	buf_init(&b, 0);
	if (m->empty) {
		rc = buf_puts(&b, "netloom report: no scan in the store\n");
		goto done;
	}
	json_time(m->scan.started, t0);
	json_time(m->scan.finished, t1);
	if (buf_printf(&b, "%snetloom report: scan %lld%s\n", colour ? "\033[1m" : "",
	    (long long)m->scan.id, colour ? "\033[0m" : "") == -1 ||
	    buf_printf(&b, "  started %s, finished %s, state %s, collector ", t0, t1,
	    m->scan.state) == -1 || field(&b, m->scan.collector, 0) == -1 ||
	    buf_puts(&b, "netloom ") == -1 || field(&b, m->scan.version, 0) == -1 ||
	    buf_printf(&b, "\n  %zu devices, %zu verdicts: %zu pass, %zu fail, %zu other\n",
	    m->ndevices, m->results, m->pass, m->fail, m->other) == -1)
		goto nomem;
	if (m->fail) {
		if (buf_puts(&b, "  failures by severity:") == -1)
			goto nomem;
		for (k = 0; k < REPORT_NSEV; k++)
			if (m->fail_sev[k] && buf_printf(&b, " %s %zu", report_severities[k],
			    m->fail_sev[k]) == -1)
				goto nomem;
		if (buf_puts(&b, "\n") == -1)
			goto nomem;
	}
	if (m->drift && buf_printf(&b, "  drift against scan %lld: %zu changed, %zu appeared, "
	    "%zu vanished, %zu regressions, %zu fixes\n", (long long)m->drift->old_scan,
	    m->drift->ndevices, m->drift->nappeared, m->drift->nvanished, m->drift->regressions,
	    m->drift->fixes) == -1)
		goto nomem;
	if (buf_printf(&b, "\n%-6s %-24s %-16s %-12s %-20s %-12s %-14s %5s %5s\n", "ID", "NAME",
	    "ADDRESS", "PLATFORM", "MODEL", "SERIAL", "OS VERSION", "PASS", "FAIL") == -1)
		goto nomem;
	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		if (buf_printf(&b, "%-6lld ", (long long)d->dev.id) == -1 ||
		    field(&b, d->dev.name, 24) == -1 || field(&b, d->dev.address, 16) == -1 ||
		    field(&b, d->dev.platform, 12) == -1 || field(&b, d->dev.model, 20) == -1 ||
		    field(&b, d->dev.serial, 12) == -1 || field(&b, d->dev.os_version, 14) == -1 ||
		    buf_printf(&b, "%5zu %s%5zu%s\n", d->pass, colour && d->fail ? "\033[31m" : "",
		    d->fail, colour && d->fail ? "\033[0m" : "") == -1)
			goto nomem;
		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];

			if (strcmp(r->status, "fail") != 0)
				continue;
			if (buf_puts(&b, "       fail ") == -1 || field(&b, r->severity, 8) == -1 ||
			    field(&b, r->policy, 0) == -1 || field(&b, r->rule_id, 0) == -1 ||
			    buf_puts(&b, "\n") == -1)
				goto nomem;
		}
		if (report_flush(f, &b, cause) == -1)
			goto out;
	}
	rc = 0;
done:
	if (rc == -1 || report_flush(f, &b, cause) == -1)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	if (cause && *cause == NULL)
		err_set(cause, "report: out of memory");
	rc = -1;
out:
	buf_free(&b);
	return rc;
}
