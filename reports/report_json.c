/* report_json: schema "netloom-report", version REPORT_JSON_VERSION (docs/report-schema.md). */
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "reports/driftfmt.h"
#include "reports/report_int.h"

static int
scan_obj(struct buf *b, const struct hist_scan *s)
{
	char t0[32], t1[32];

	json_time(s->started, t0);
	json_time(s->finished, t1);
	return buf_puts(b, "{") == -1 || json_kv_int(b, 1, "id", s->id) == -1 ||
	    json_kv_str(b, 0, "state", s->state) == -1 ||
	    json_kv_str(b, 0, "started", t0) == -1 ||
	    json_kv_str(b, 0, "finished", s->finished ? t1 : NULL) == -1 ||
	    json_kv_str(b, 0, "targets", s->targets) == -1 ||
	    json_kv_str(b, 0, "collector", s->collector) == -1 ||
	    json_kv_str(b, 0, "tool_version", s->version) == -1 ||
	    json_kv_int(b, 0, "snapshots", s->snapshots) == -1 ||
	    json_kv_int(b, 0, "devices", s->devices) == -1 || buf_puts(b, "}") == -1 ? -1 : 0;
}

static int
sev_obj(struct buf *b, const size_t *v)
{
	int k;

	if (buf_puts(b, "{") == -1)
		return -1;
	for (k = 0; k < REPORT_NSEV; k++)
		if (json_kv_int(b, k == 0, report_severities[k], (int64_t)v[k]) == -1)
			return -1;
	return buf_puts(b, "}");
}

static int
asset_obj(struct buf *b, const struct assetinfo *a)
{
	if (a == NULL)
		return buf_puts(b, "null");
	return buf_puts(b, "{") == -1 || json_kv_str(b, 1, "tag", a->tag) == -1 ||
	    json_kv_str(b, 0, "owner", a->owner) == -1 ||
	    json_kv_str(b, 0, "department", a->department) == -1 ||
	    json_kv_str(b, 0, "location", a->location) == -1 ||
	    json_kv_str(b, 0, "cost", a->cost) == -1 ||
	    json_kv_str(b, 0, "warranty_end", a->warranty_end) == -1 ||
	    json_kv_str(b, 0, "support_end", a->support_end) == -1 ||
	    json_kv_str(b, 0, "state", a->state) == -1 ||
	    json_kv_str(b, 0, "matched_on", a->matched_on) == -1 ||
	    json_kv_str(b, 0, "confidence", a->confidence) == -1 ||
	    json_kv_int(b, 0, "links", (int64_t)a->nlinks) == -1 || buf_puts(b, "}") == -1 ?
	    -1 : 0;
}

static int
groups_arr(struct buf *b, const char *key, const struct report_group *g, size_t n)
{
	size_t i;

	if (buf_printf(b, ",\"%s\":[", key) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_puts(b, i ? ",{" : "{") == -1 || json_kv_str(b, 1, "name", g[i].name) == -1 ||
		    json_kv_int(b, 0, "devices", (int64_t)g[i].devices) == -1 ||
		    json_kv_int(b, 0, "pass", (int64_t)g[i].pass) == -1 ||
		    json_kv_int(b, 0, "fail", (int64_t)g[i].fail) == -1 ||
		    json_kv_int(b, 0, "waived", (int64_t)g[i].waived) == -1 ||
		    json_kv_int(b, 0, "other", (int64_t)g[i].other) == -1 ||
		    buf_puts(b, ",\"failures_by_severity\":") == -1 || sev_obj(b, g[i].fail_sev) == -1 ||
		    buf_puts(b, "}") == -1)
			return -1;
	return buf_puts(b, "]");
}

static int
findings_arr(struct buf *b, const struct report_model *m)
{
	size_t i;

	if (buf_puts(b, ",\"reconciliation\":[") == -1)
		return -1;
	for (i = 0; i < m->nfindings; i++) {
		const struct report_finding *f = &m->findings[i];

		if (buf_puts(b, i ? ",{" : "{") == -1 || json_kv_str(b, 1, "kind", f->kind) == -1 ||
		    json_kv_str(b, 0, "tag", f->tag) == -1 ||
		    (f->device_id ? json_kv_int(b, 0, "device_id", f->device_id) :
		    buf_puts(b, ",\"device_id\":null")) == -1 ||
		    json_kv_str(b, 0, "device", f->device) == -1 ||
		    json_kv_str(b, 0, "detail", f->detail) == -1 || buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]");
}

static int
view_obj(struct buf *b, const struct report_model *m)
{
	char sev[16];
	const struct report_view *v = &m->view;

	if (v->min_severity >= 0)
		snprintf(sev, sizeof sev, "%s%s", report_severities[v->min_severity],
		    v->exact_severity ? "" : "+");
	return buf_puts(b, ",\"view\":{") == -1 || json_kv_str(b, 1, "owner", v->owner) == -1 ||
	    json_kv_str(b, 0, "department", v->department) == -1 ||
	    json_kv_str(b, 0, "device", v->device) == -1 ||
	    json_kv_str(b, 0, "severity", v->min_severity >= 0 ? sev : NULL) == -1 ||
	    buf_puts(b, "}") == -1 ? -1 : 0;
}

static int
device_obj(struct buf *b, const struct report_device *d)
{
	char t[32];
	size_t k;

	json_time(d->snap.taken, t);
	if (buf_puts(b, "{") == -1 || json_kv_int(b, 1, "id", d->dev.id) == -1 ||
	    json_kv_str(b, 0, "name", d->dev.name) == -1 ||
	    json_kv_str(b, 0, "address", d->dev.address) == -1 ||
	    json_kv_str(b, 0, "platform", d->dev.platform) == -1 ||
	    json_kv_str(b, 0, "vendor", d->dev.vendor) == -1 ||
	    json_kv_str(b, 0, "model", d->dev.model) == -1 ||
	    json_kv_str(b, 0, "serial", d->dev.serial) == -1 ||
	    json_kv_str(b, 0, "os_name", d->dev.os_name) == -1 ||
	    json_kv_str(b, 0, "os_version", d->dev.os_version) == -1 ||
	    json_kv_int(b, 0, "snapshot", d->snap.id) == -1 ||
	    json_kv_str(b, 0, "taken", t) == -1 ||
	    buf_puts(b, ",\"asset\":") == -1 || asset_obj(b, d->asset) == -1 ||
	    buf_puts(b, ",\"counts\":{") == -1 ||
	    json_kv_int(b, 1, "pass", (int64_t)d->pass) == -1 ||
	    json_kv_int(b, 0, "fail", (int64_t)d->fail) == -1 ||
	    json_kv_int(b, 0, "waived", (int64_t)d->waived) == -1 ||
	    json_kv_int(b, 0, "other", (int64_t)d->other) == -1 ||
	    buf_puts(b, "},\"failures_by_severity\":") == -1 || sev_obj(b, d->fail_sev) == -1 ||
	    buf_puts(b, ",\"results\":[") == -1)
		return -1;
	for (k = 0; k < d->results.n; k++) {
		const struct hist_result *r = &d->results.v[k];
		char until[11];

		report_waiver_expiry(r->evidence, until);
		if (buf_puts(b, k ? ",{" : "{") == -1 || json_kv_str(b, 1, "policy", r->policy) == -1 ||
		    json_kv_str(b, 0, "policy_version", r->policy_version) == -1 ||
		    json_kv_str(b, 0, "rule", r->rule_id) == -1 ||
		    json_kv_str(b, 0, "status", r->status) == -1 ||
		    json_kv_str(b, 0, "severity", r->severity) == -1 ||
		    json_kv_str(b, 0, "evidence", r->evidence) == -1 ||
		    json_kv_str(b, 0, "waived_until", until[0] ? until : NULL) == -1 ||
		    buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]}");
}

int
report_json(FILE *f, const struct report_model *m, int colour, char **cause)
{
	struct buf b;
	size_t i;
	int rc = -1;

	(void)colour;
	buf_init(&b, 0);
	if (buf_printf(&b, "{\"schema\":\"netloom-report\",\"version\":%d", REPORT_JSON_VERSION) == -1)
		goto nomem;
	if (m->empty) {
		if (buf_puts(&b, ",\"scan\":null}\n") == -1)
			goto nomem;
		goto done;
	}
	if (buf_puts(&b, ",\"scan\":") == -1 || scan_obj(&b, &m->scan) == -1 ||
	    view_obj(&b, m) == -1 || buf_puts(&b, ",\"summary\":{") == -1 ||
	    json_kv_int(&b, 1, "devices", (int64_t)m->ndevices) == -1 ||
	    json_kv_int(&b, 0, "results", (int64_t)m->results) == -1 ||
	    json_kv_int(&b, 0, "pass", (int64_t)m->pass) == -1 ||
	    json_kv_int(&b, 0, "fail", (int64_t)m->fail) == -1 ||
	    json_kv_int(&b, 0, "waived", (int64_t)m->waived) == -1 ||
	    json_kv_int(&b, 0, "other", (int64_t)m->other) == -1 ||
	    buf_puts(&b, ",\"failures_by_severity\":") == -1 || sev_obj(&b, m->fail_sev) == -1 ||
	    buf_puts(&b, "}") == -1 ||
	    groups_arr(&b, "owners", m->owners, m->nowners) == -1 ||
	    groups_arr(&b, "departments", m->departments, m->ndepartments) == -1 ||
	    findings_arr(&b, m) == -1 || buf_puts(&b, ",\"trend\":[") == -1)
		goto nomem;
	for (i = 0; i < m->nscans; i++)
		if ((i && buf_puts(&b, ",") == -1) || scan_obj(&b, &m->scans[i]) == -1)
			goto nomem;
	if (buf_puts(&b, "],\"devices\":[") == -1)
		goto nomem;
	for (i = 0; i < m->ndevices; i++) {
		if ((i && buf_puts(&b, ",") == -1) || device_obj(&b, &m->devices[i]) == -1)
			goto nomem;
		if (report_flush(f, &b, cause) == -1)
			goto out;
	}
	if (buf_puts(&b, "],\"drift\":") == -1 || driftfmt_json_buf(&b, m->drift, 0) == -1 ||
	    buf_puts(&b, "}\n") == -1)
		goto nomem;
done:
	if (report_flush(f, &b, cause) == -1)
		goto out;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "report: out of memory");
out:
	buf_free(&b);
	return rc;
}
