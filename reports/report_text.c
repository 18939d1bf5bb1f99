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

static int
view_line(struct buf *b, const struct report_model *m)
{
	const struct report_view *v = &m->view;

	if (v->owner == NULL && v->department == NULL && v->device == NULL && v->min_severity < 0)
		return 0;
	if (buf_puts(b, "  view:") == -1 ||
	    (v->owner && (buf_puts(b, " owner ") == -1 || field(b, v->owner, 0) == -1)) ||
	    (v->department && (buf_puts(b, " department ") == -1 ||
	    field(b, v->department, 0) == -1)) ||
	    (v->device && (buf_puts(b, " device ") == -1 || field(b, v->device, 0) == -1)) ||
	    (v->min_severity >= 0 && buf_printf(b, " severity %s%s",
	    report_severities[v->min_severity], v->exact_severity ? "" : "+") == -1))
		return -1;
	return buf_puts(b, "\n");
}

static int
groups(struct buf *b, const char *what, const struct report_group *g, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (buf_printf(b, "\ncompliance by %s:\n  %-24s %7s %5s %5s %6s %5s\n", what,
	    what, "DEVICES", "PASS", "FAIL", "WAIVED", "OTHER") == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_puts(b, "  ") == -1 || field(b, g[i].name ? g[i].name : "(none)", 24) == -1 ||
		    buf_printf(b, "%7zu %5zu %5zu %6zu %5zu\n", g[i].devices, g[i].pass, g[i].fail,
		    g[i].waived, g[i].other - g[i].waived) == -1)
			return -1;
	return 0;
}

static int
findings(struct buf *b, const struct report_model *m)
{
	size_t i;

	if (!m->has_assets)
		return 0;
	if (buf_printf(b, "\nreconciliation: %zu finding%s\n", m->nfindings,
	    m->nfindings == 1 ? "" : "s") == -1)
		return -1;
	for (i = 0; i < m->nfindings; i++) {
		const struct report_finding *f = &m->findings[i];

		if (buf_puts(b, "  ") == -1 || field(b, f->kind, 18) == -1 ||
		    field(b, f->tag, 12) == -1 || field(b, f->device, 20) == -1 ||
		    field(b, f->detail, 0) == -1 || buf_puts(b, "\n") == -1)
			return -1;
	}
	return 0;
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
	if (view_line(&b, m) == -1)
		goto nomem;
	if (buf_printf(&b, "\n%-6s %-24s %-16s %-12s %-20s %-12s %-14s ", "ID", "NAME",
	    "ADDRESS", "PLATFORM", "MODEL", "SERIAL", "OS VERSION") == -1 ||
	    (m->has_assets && buf_printf(&b, "%-16s %-14s %-12s ", "OWNER", "DEPARTMENT",
	    "WARRANTY") == -1) || buf_printf(&b, "%5s %5s\n", "PASS", "FAIL") == -1)
		goto nomem;
	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		if (buf_printf(&b, "%-6lld ", (long long)d->dev.id) == -1 ||
		    field(&b, d->dev.name, 24) == -1 || field(&b, d->dev.address, 16) == -1 ||
		    field(&b, d->dev.platform, 12) == -1 || field(&b, d->dev.model, 20) == -1 ||
		    field(&b, d->dev.serial, 12) == -1 || field(&b, d->dev.os_version, 14) == -1 ||
		    (m->has_assets && (field(&b, d->asset ? d->asset->owner : NULL, 16) == -1 ||
		    field(&b, d->asset ? d->asset->department : NULL, 14) == -1 ||
		    field(&b, d->asset ? d->asset->warranty_end : NULL, 12) == -1)) ||
		    buf_printf(&b, "%5zu %s%5zu%s\n", d->pass, colour && d->fail ? "\033[31m" : "",
		    d->fail, colour && d->fail ? "\033[0m" : "") == -1)
			goto nomem;
		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];

			char until[11];

			if (strcmp(r->status, "fail") != 0 && strcmp(r->status, "waived") != 0)
				continue;
			report_waiver_expiry(r->evidence, until);
			if (buf_printf(&b, "       %-6s ", r->status) == -1 ||
			    field(&b, r->severity, 8) == -1 ||
			    field(&b, r->policy, 0) == -1 || field(&b, r->rule_id, 0) == -1 ||
			    (until[0] && buf_printf(&b, "(until %s)", until) == -1) ||
			    buf_puts(&b, "\n") == -1)
				goto nomem;
		}
		if (report_flush(f, &b, cause) == -1)
			goto out;
	}
	if (groups(&b, "owner", m->owners, m->nowners) == -1 ||
	    groups(&b, "department", m->departments, m->ndepartments) == -1 ||
	    findings(&b, m) == -1)
		goto nomem;
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
