/* report_html: one self-contained HTML file: inline CSS, one small inline script (sorting and
 * filtering through textContent only: it never parses or evaluates device data), charts as
 * inline SVG, no network fetch of any kind. Every device string goes through report_xml_esc,
 * and a Content-Security-Policy allows only this script (by hash) as defence in depth. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "common/err.h"
#include "common/json.h"
#include "reports/report_int.h"

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
    "table{border-collapse:collapse;width:100%;margin:8px 0}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#eee;cursor:pointer}td.n{text-align:right}"
    ".fail{color:#b00020;font-weight:bold}.pass{color:#1b5e20}"
    ".cards{display:flex;gap:12px;flex-wrap:wrap}"
    ".card{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:110px}"
    ".card b{display:block;font-size:22px}input{margin:4px 0;padding:3px;width:280px}"
    "pre{white-space:pre-wrap;margin:0}"
    "@media print{input{display:none}th{cursor:auto}}";

/* Sorts a table by a clicked header, filters rows by the text of an input: DOM text only. */
static const char script[] =
    "(function(){'use strict';"
    "function key(c){var t=c.textContent.trim(),n=Number(t);"
    "return t!==''&&!isNaN(n)?[0,n]:[1,t.toLowerCase()];}"
    "document.querySelectorAll('table.sortable').forEach(function(tb){"
    "tb.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){"
    "var body=tb.tBodies[0],rows=Array.prototype.slice.call(body.rows),"
    "dir=th.getAttribute('data-dir')==='asc'?-1:1;th.setAttribute('data-dir',dir>0?'asc':'desc');"
    "rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);"
    "return x[0]!==y[0]?x[0]-y[0]:(x[1]<y[1]?-dir:x[1]>y[1]?dir:0);});"
    "rows.forEach(function(r){body.appendChild(r);});});});});"
    "document.querySelectorAll('input.filter').forEach(function(inp){"
    "inp.addEventListener('input',function(){var q=inp.value.toLowerCase(),"
    "tb=document.getElementById(inp.getAttribute('data-table'));"
    "Array.prototype.forEach.call(tb.tBodies[0].rows,function(r){"
    "r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});});"
    "})();";

static int
esc(struct buf *b, const char *s)
{
	return report_xml_esc(b, s ? s : "");
}

static int
td(struct buf *b, const char *s)
{
	return buf_puts(b, "<td>") == -1 || esc(b, s) == -1 || buf_puts(b, "</td>") == -1 ? -1 : 0;
}

static int
tdn(struct buf *b, long long v, const char *cls)
{
	return buf_printf(b, "<td class=\"n%s%s\">%lld</td>", cls ? " " : "", cls ? cls : "", v);
}

static int
csp(struct buf *b)
{
	unsigned char md[SHA256_DIGEST_LENGTH], out[64];

	SHA256((const unsigned char *)script, sizeof script - 1, md);
	EVP_EncodeBlock(out, md, SHA256_DIGEST_LENGTH);
	return buf_printf(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-%s'\">\n",
	    (const char *)out);
}

/* Bars of failures by severity. */
static int
chart_severity(struct buf *b, const struct report_model *m)
{
	static const char *colours[REPORT_NSEV] = { "#6a0dad", "#b00020", "#e65100", "#f9a825",
	    "#1565c0", "#757575" };
	size_t max = 1, k;

	for (k = 0; k < REPORT_NSEV; k++)
		if (m->fail_sev[k] > max)
			max = m->fail_sev[k];
	if (buf_puts(b, "<svg role=\"img\" aria-label=\"failures by severity\" width=\"420\" "
	    "height=\"170\" viewBox=\"0 0 420 170\" xmlns=\"http://www.w3.org/2000/svg\">") == -1)
		return -1;
	for (k = 0; k < REPORT_NSEV; k++) {
		size_t h = m->fail_sev[k] * 120 / max;

		if (buf_printf(b, "<rect x=\"%zu\" y=\"%zu\" width=\"50\" height=\"%zu\" fill=\"%s\"/>"
		    "<text x=\"%zu\" y=\"%zu\" font-size=\"12\">%zu</text>"
		    "<text x=\"%zu\" y=\"165\" font-size=\"11\">%s</text>", 10 + k * 68, 140 - h, h,
		    colours[k], 12 + k * 68, 135 - h, m->fail_sev[k], 10 + k * 68,
		    report_severities[k]) == -1)
			return -1;
	}
	return buf_puts(b, "</svg>");
}

/* Devices seen per scan, across the scans up to this one. */
static int
chart_trend(struct buf *b, const struct report_model *m)
{
	size_t i, first = m->nscans > 30 ? m->nscans - 30 : 0, max = 1, w = 22;

	for (i = first; i < m->nscans; i++)
		if ((size_t)m->scans[i].devices > max)
			max = (size_t)m->scans[i].devices;
	if (buf_printf(b, "<svg role=\"img\" aria-label=\"devices per scan\" width=\"%zu\" "
	    "height=\"170\" viewBox=\"0 0 %zu 170\" xmlns=\"http://www.w3.org/2000/svg\">",
	    40 + (m->nscans - first) * w, 40 + (m->nscans - first) * w) == -1)
		return -1;
	for (i = first; i < m->nscans; i++) {
		size_t h = (size_t)m->scans[i].devices * 120 / max, x = 10 + (i - first) * w;

		if (buf_printf(b, "<rect x=\"%zu\" y=\"%zu\" width=\"16\" height=\"%zu\" "
		    "fill=\"%s\"><title>scan %lld: %lld devices</title></rect>"
		    "<text x=\"%zu\" y=\"165\" font-size=\"10\">%lld</text>", x, 140 - h, h,
		    m->scans[i].id == m->scan.id ? "#1565c0" : "#90a4ae",
		    (long long)m->scans[i].id, (long long)m->scans[i].devices, x,
		    (long long)m->scans[i].id) == -1)
			return -1;
	}
	return buf_puts(b, "</svg>");
}

static int
devices_table(struct buf *b, const struct report_model *m)
{
	size_t i;

	if (buf_puts(b, "<h2>Devices</h2><input class=\"filter\" data-table=\"devices\" "
	    "placeholder=\"filter devices\" aria-label=\"filter devices\">"
	    "<table id=\"devices\" class=\"sortable\"><thead><tr><th>id</th><th>name</th>"
	    "<th>address</th><th>platform</th><th>vendor</th><th>model</th><th>serial</th>"
	    "<th>OS version</th>") == -1)
		return -1;
	/* extension point: owner, department, location, cost, warranty (asset register) */
	if (m->has_assets && buf_puts(b, "<th>asset</th><th>owner</th><th>department</th>"
	    "<th>location</th><th>cost</th><th>warranty end</th>") == -1)
		return -1;
	if (buf_puts(b, "<th>pass</th><th>fail</th><th>other</th></tr></thead><tbody>\n") == -1)
		return -1;
	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		if (buf_printf(b, "<tr><td class=\"n\">%lld</td>", (long long)d->dev.id) == -1 ||
		    td(b, d->dev.name) == -1 || td(b, d->dev.address) == -1 ||
		    td(b, d->dev.platform) == -1 || td(b, d->dev.vendor) == -1 ||
		    td(b, d->dev.model) == -1 || td(b, d->dev.serial) == -1 ||
		    td(b, d->dev.os_version) == -1)
			return -1;
		if (m->has_assets && (td(b, d->asset ? d->asset->tag : NULL) == -1 ||
		    td(b, d->asset ? d->asset->owner : NULL) == -1 ||
		    td(b, d->asset ? d->asset->department : NULL) == -1 ||
		    td(b, d->asset ? d->asset->location : NULL) == -1 ||
		    td(b, d->asset ? d->asset->cost : NULL) == -1 ||
		    td(b, d->asset ? d->asset->warranty_end : NULL) == -1))
			return -1;
		if (tdn(b, (long long)d->pass, d->pass ? "pass" : NULL) == -1 ||
		    tdn(b, (long long)d->fail, d->fail ? "fail" : NULL) == -1 ||
		    tdn(b, (long long)d->other, NULL) == -1 || buf_puts(b, "</tr>\n") == -1)
			return -1;
	}
	return buf_puts(b, "</tbody></table>\n");
}

/* Says which view narrowed the report, if any. */
static int
view_line(struct buf *b, const struct report_model *m)
{
	const struct report_view *v = &m->view;

	if (v->owner == NULL && v->department == NULL && v->device == NULL && v->min_severity < 0)
		return 0;
	if (buf_puts(b, "<p class=\"view\">View:") == -1 ||
	    (v->owner && (buf_puts(b, " owner ") == -1 || esc(b, v->owner) == -1)) ||
	    (v->department && (buf_puts(b, " department ") == -1 || esc(b, v->department) == -1)) ||
	    (v->device && (buf_puts(b, " device ") == -1 || esc(b, v->device) == -1)) ||
	    (v->min_severity >= 0 && buf_printf(b, " severity %s%s",
	    report_severities[v->min_severity], v->exact_severity ? "" : "+") == -1))
		return -1;
	return buf_puts(b, "</p>\n");
}

/* Stacked bars of pass / fail / other verdicts per owner. */
static int
chart_owners(struct buf *b, const struct report_model *m)
{
	size_t i, max = 1, w = 300;

	for (i = 0; i < m->nowners; i++) {
		size_t t = m->owners[i].pass + m->owners[i].fail + m->owners[i].other;

		if (t > max)
			max = t;
	}
	if (buf_printf(b, "<svg role=\"img\" aria-label=\"compliance by owner\" width=\"520\" "
	    "height=\"%zu\" viewBox=\"0 0 520 %zu\" xmlns=\"http://www.w3.org/2000/svg\">",
	    m->nowners * 22 + 10, m->nowners * 22 + 10) == -1)
		return -1;
	for (i = 0; i < m->nowners; i++) {
		const struct report_group *g = &m->owners[i];
		size_t y = 5 + i * 22, p = g->pass * w / max, f = g->fail * w / max,
		    o = g->other * w / max;

		if (buf_printf(b, "<text x=\"0\" y=\"%zu\" font-size=\"11\">", y + 13) == -1 ||
		    esc(b, g->name ? g->name : "(none)") == -1 ||
		    buf_printf(b, "</text><rect x=\"160\" y=\"%zu\" width=\"%zu\" height=\"16\" "
		    "fill=\"#1b5e20\"/><rect x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"16\" "
		    "fill=\"#b00020\"/><rect x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"16\" "
		    "fill=\"#90a4ae\"/><text x=\"%zu\" y=\"%zu\" font-size=\"11\">%zu/%zu</text>",
		    y, p, 160 + p, y, f, 160 + p + f, y, o, 165 + p + f + o, y + 13, g->pass,
		    g->pass + g->fail) == -1)
			return -1;
	}
	return buf_puts(b, "</svg>");
}

static int
groups_table(struct buf *b, const char *id, const char *what, const struct report_group *g,
    size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (buf_printf(b, "<table id=\"%s\" class=\"sortable\"><thead><tr><th>%s</th>"
	    "<th>devices</th><th>pass</th><th>fail</th><th>waived</th><th>other</th>"
	    "<th>critical</th><th>high</th></tr></thead><tbody>\n", id, what) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_puts(b, "<tr>") == -1 || td(b, g[i].name ? g[i].name : "(none)") == -1 ||
		    tdn(b, (long long)g[i].devices, NULL) == -1 ||
		    tdn(b, (long long)g[i].pass, g[i].pass ? "pass" : NULL) == -1 ||
		    tdn(b, (long long)g[i].fail, g[i].fail ? "fail" : NULL) == -1 ||
		    tdn(b, (long long)g[i].waived, NULL) == -1 ||
		    tdn(b, (long long)(g[i].other - g[i].waived), NULL) == -1 ||
		    tdn(b, (long long)g[i].fail_sev[0], NULL) == -1 ||
		    tdn(b, (long long)g[i].fail_sev[1], NULL) == -1 || buf_puts(b, "</tr>\n") == -1)
			return -1;
	return buf_puts(b, "</tbody></table>\n");
}

static int
assets_sections(struct buf *b, const struct report_model *m)
{
	size_t i, k, nw = 0;

	if (!m->has_assets)
		return 0;
	if (buf_puts(b, "<h2>Compliance by owner</h2>") == -1 || chart_owners(b, m) == -1 ||
	    groups_table(b, "owners", "owner", m->owners, m->nowners) == -1 ||
	    buf_puts(b, "<h2>Compliance by department</h2>") == -1 ||
	    groups_table(b, "departments", "department", m->departments, m->ndepartments) == -1)
		return -1;
	if (buf_printf(b, "<h2>Waived findings</h2>") == -1)
		return -1;
	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];
			char until[11];

			if (strcmp(r->status, "waived") != 0)
				continue;
			if (nw++ == 0 && buf_puts(b, "<table id=\"waived\" class=\"sortable\"><thead>"
			    "<tr><th>device</th><th>policy</th><th>rule</th><th>severity</th>"
			    "<th>waived until</th><th>evidence</th></tr></thead><tbody>\n") == -1)
				return -1;
			report_waiver_expiry(r->evidence, until);
			if (buf_puts(b, "<tr>") == -1 || td(b, d->dev.name ? d->dev.name :
			    d->dev.address) == -1 || td(b, r->policy) == -1 ||
			    td(b, r->rule_id) == -1 || td(b, r->severity) == -1 ||
			    td(b, until) == -1 || buf_puts(b, "<td><pre>") == -1 ||
			    esc(b, r->evidence) == -1 || buf_puts(b, "</pre></td></tr>\n") == -1)
				return -1;
		}
	}
	if ((nw ? buf_puts(b, "</tbody></table>\n") : buf_puts(b, "<p>None.</p>\n")) == -1)
		return -1;
	if (buf_printf(b, "<h2>Reconciliation</h2><p>%zu finding%s.</p>\n", m->nfindings,
	    m->nfindings == 1 ? "" : "s") == -1)
		return -1;
	if (m->nfindings == 0)
		return 0;
	if (buf_puts(b, "<table id=\"findings\" class=\"sortable\"><thead><tr><th>finding</th>"
	    "<th>asset</th><th>device</th><th>detail</th></tr></thead><tbody>\n") == -1)
		return -1;
	for (i = 0; i < m->nfindings; i++)
		if (buf_puts(b, "<tr>") == -1 || td(b, m->findings[i].kind) == -1 ||
		    td(b, m->findings[i].tag) == -1 || td(b, m->findings[i].device) == -1 ||
		    td(b, m->findings[i].detail) == -1 || buf_puts(b, "</tr>\n") == -1)
			return -1;
	return buf_puts(b, "</tbody></table>\n");
}

struct rule_tally {
	const char	*policy;
	const char	*rule;
	const char	*severity;
	size_t		 pass, fail, other;
};

/* Verdicts per rule, in first-seen order (rules are few; verdicts are many). */
static int
rules_table(struct buf *b, const struct report_model *m)
{
	struct rule_tally *t = NULL, *nt;
	size_t n = 0, i, k, x;
	int rc = -1;

	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];

			for (x = 0; x < n; x++)
				if (strcmp(t[x].rule, r->rule_id) == 0 &&
				    strcmp(t[x].policy, r->policy) == 0)
					break;
			if (x == n) {
				if ((nt = realloc(t, (n + 1) * sizeof *nt)) == NULL)
					goto out;
				t = nt;
				memset(&t[n], 0, sizeof t[n]);
				t[n].policy = r->policy;
				t[n].rule = r->rule_id;
				t[n++].severity = r->severity;
			}
			if (strcmp(r->status, "pass") == 0)
				t[x].pass++;
			else if (strcmp(r->status, "fail") == 0)
				t[x].fail++;
			else
				t[x].other++;
		}
	}
	if (n && buf_puts(b, "<h2>Compliance by rule</h2><table id=\"rules\" class=\"sortable\">"
	    "<thead><tr><th>policy</th><th>rule</th><th>severity</th><th>pass</th><th>fail</th>"
	    "<th>other</th></tr></thead><tbody>\n") == -1)
		goto out;
	for (x = 0; x < n; x++)
		if (buf_puts(b, "<tr>") == -1 || td(b, t[x].policy) == -1 || td(b, t[x].rule) == -1 ||
		    td(b, t[x].severity) == -1 ||
		    tdn(b, (long long)t[x].pass, t[x].pass ? "pass" : NULL) == -1 ||
		    tdn(b, (long long)t[x].fail, t[x].fail ? "fail" : NULL) == -1 ||
		    tdn(b, (long long)t[x].other, NULL) == -1 || buf_puts(b, "</tr>\n") == -1)
			goto out;
	if (n && buf_puts(b, "</tbody></table>\n") == -1)
		goto out;
	rc = 0;
out:
	free(t);
	return rc;
}

/* Every verdict that is not a pass, with its evidence. Passing verdicts are counted per
 * device and per rule only: listing them made a 10,000-device report unusable in a
 * browser (bench/RESULTS.md); the JSON and CSV reports list every verdict. */
static int
results_table(struct buf *b, const struct report_model *m)
{
	size_t i, k;

	if (m->results == 0)
		return buf_puts(b, "<h2>Rule results</h2><p>No rule results were stored for this "
		    "scan.</p>\n");
	if (rules_table(b, m) == -1)
		return -1;
	if (buf_printf(b, "<h2>Findings</h2><p>Every verdict but the %zu passes (the JSON and CSV "
	    "reports list those too).</p><input class=\"filter\" data-table=\"results\" "
	    "placeholder=\"filter results\" aria-label=\"filter results\">"
	    "<table id=\"results\" class=\"sortable\"><thead><tr><th>device</th><th>policy</th>"
	    "<th>rule</th><th>severity</th><th>status</th><th>evidence</th></tr></thead>"
	    "<tbody>\n", m->pass) == -1)
		return -1;
	for (i = 0; i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];

			if (strcmp(r->status, "pass") == 0)
				continue;
			if (buf_puts(b, "<tr>") == -1 || td(b, d->dev.name ? d->dev.name :
			    d->dev.address) == -1 || td(b, r->policy) == -1 ||
			    td(b, r->rule_id) == -1 || td(b, r->severity) == -1 ||
			    buf_printf(b, "<td class=\"%s\">", strcmp(r->status, "fail") == 0 ?
			    "fail" : "other") == -1 ||
			    esc(b, r->status) == -1 || buf_puts(b, "</td><td><pre>") == -1 ||
			    esc(b, r->evidence) == -1 || buf_puts(b, "</pre></td></tr>\n") == -1)
				return -1;
		}
	}
	return buf_puts(b, "</tbody></table>\n");
}

static int
drift_section(struct buf *b, const struct report_model *m)
{
	const struct drift *d = m->drift;
	size_t i;

	if (buf_puts(b, "<h2>Drift</h2>") == -1)
		return -1;
	if (d == NULL || d->old_scan == 0)
		return buf_puts(b, "<p>No earlier scan to compare with.</p>\n");
	if (buf_printf(b, "<p>Against scan %lld: %zu changed, %zu appeared, %zu vanished, "
	    "%zu regressions, %zu fixes.</p>\n", (long long)d->old_scan, d->ndevices, d->nappeared,
	    d->nvanished, d->regressions, d->fixes) == -1)
		return -1;
	if (d->ndevices + d->nappeared + d->nvanished == 0)
		return 0;
	if (buf_puts(b, "<table id=\"drift\" class=\"sortable\"><thead><tr><th>device</th>"
	    "<th>change</th><th>facts</th><th>artifacts</th><th>regressions</th><th>fixes</th>"
	    "</tr></thead><tbody>\n") == -1)
		return -1;
	for (i = 0; i < d->ndevices; i++) {
		const struct drift_device *dd = &d->devices[i];
		size_t k;

		if (buf_puts(b, "<tr>") == -1 || td(b, dd->dev.name) == -1 ||
		    buf_puts(b, "<td>changed</td><td>") == -1)
			return -1;
		for (k = 0; k < dd->nfacts; k++)
			if (esc(b, dd->facts[k].key) == -1 || buf_puts(b, ": ") == -1 ||
			    esc(b, dd->facts[k].old ? dd->facts[k].old : "(none)") == -1 ||
			    buf_puts(b, " \xe2\x86\x92 ") == -1 ||
			    esc(b, dd->facts[k].new ? dd->facts[k].new : "(none)") == -1 ||
			    buf_puts(b, "<br>") == -1)
				return -1;
		if (buf_puts(b, "</td><td>") == -1)
			return -1;
		for (k = 0; k < dd->nartifacts; k++)
			if (esc(b, dd->artifacts[k].name) == -1 || buf_printf(b, " +%zu &minus;%zu<br>",
			    dd->artifacts[k].added, dd->artifacts[k].removed) == -1)
				return -1;
		if (buf_puts(b, "</td>") == -1 || tdn(b, (long long)dd->regressions,
		    dd->regressions ? "fail" : NULL) == -1 || tdn(b, (long long)dd->fixes, NULL) == -1 ||
		    buf_puts(b, "</tr>\n") == -1)
			return -1;
	}
	for (i = 0; i < d->nappeared + d->nvanished; i++) {
		const struct drift_presence *p = i < d->nappeared ? &d->appeared[i] :
		    &d->vanished[i - d->nappeared];

		if (buf_puts(b, "<tr>") == -1 || td(b, p->dev.name) == -1 ||
		    buf_printf(b, "<td>%s</td><td></td><td></td><td></td><td></td></tr>\n",
		    i < d->nappeared ? "appeared" : "vanished") == -1)
			return -1;
	}
	return buf_puts(b, "</tbody></table>\n");
}

int
report_html(FILE *f, const struct report_model *m, int colour, char **cause)
{
	struct buf b;
	char t0[32], t1[32];
	size_t k;
	int rc = -1;

	(void)colour;
	buf_init(&b, 0);
	if (buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n") == -1 ||
	    csp(&b) == -1 || buf_puts(&b, "<meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>netloom report</title><style>") == -1 || buf_puts(&b, css) == -1 ||
	    buf_puts(&b, "</style></head><body>\n") == -1)
		goto nomem;
	if (m->empty) {
		if (buf_puts(&b, "<h1>netloom report</h1><p>No scan in the store.</p>") == -1)
			goto nomem;
		goto tail;
	}
	json_time(m->scan.started, t0);
	json_time(m->scan.finished, t1);
	if (buf_printf(&b, "<h1>netloom report: scan %lld</h1><p>Started %s, finished %s, state ",
	    (long long)m->scan.id, t0, t1) == -1 || esc(&b, m->scan.state) == -1 ||
	    buf_puts(&b, ", collector ") == -1 || esc(&b, m->scan.collector) == -1 ||
	    buf_puts(&b, ", netloom ") == -1 || esc(&b, m->scan.version) == -1 ||
	    buf_puts(&b, ", targets ") == -1 || esc(&b, m->scan.targets) == -1 ||
	    buf_printf(&b, ".</p>\n<div class=\"cards\"><div class=\"card\"><b>%zu</b>devices</div>"
	    "<div class=\"card\"><b>%zu</b>verdicts</div><div class=\"card\"><b class=\"pass\">%zu"
	    "</b>pass</div><div class=\"card\"><b class=\"fail\">%zu</b>fail</div>"
	    "<div class=\"card\"><b>%zu</b>changed since the previous scan</div></div>\n",
	    m->ndevices, m->results, m->pass, m->fail, m->drift ? m->drift->ndevices : 0) == -1)
		goto nomem;
	if (view_line(&b, m) == -1)
		goto nomem;
	if (buf_puts(&b, "<h2>Failures by severity</h2>") == -1 || chart_severity(&b, m) == -1 ||
	    buf_puts(&b, "<table><tr>") == -1)
		goto nomem;
	for (k = 0; k < REPORT_NSEV; k++)
		if (buf_printf(&b, "<th>%s</th>", report_severities[k]) == -1)
			goto nomem;
	if (buf_puts(&b, "</tr><tr>") == -1)
		goto nomem;
	for (k = 0; k < REPORT_NSEV; k++)
		if (tdn(&b, (long long)m->fail_sev[k], NULL) == -1)
			goto nomem;
	if (buf_puts(&b, "</tr></table><h2>Devices per scan</h2>") == -1 ||
	    chart_trend(&b, m) == -1 || devices_table(&b, m) == -1)
		goto nomem;
	if (report_flush(f, &b, cause) == -1)
		goto out;
	if (assets_sections(&b, m) == -1 || results_table(&b, m) == -1 ||
	    drift_section(&b, m) == -1)
		goto nomem;
tail:
	if (buf_puts(&b, "<script>") == -1 || buf_puts(&b, script) == -1 ||
	    buf_puts(&b, "</script>\n</body></html>\n") == -1)
		goto nomem;
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
