#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "common/err.h"
#include "inventory/scanreg.h"
#include "reports/report_int.h"

const char *const report_severities[REPORT_NSEV] = { "critical", "high", "medium", "low",
    "info", "other" };

static const struct report_ops backends[] = {
	{ "text", "txt", report_text },
	{ "html", "html", report_html },
	{ "json", "json", report_json },
	{ "csv", "csv", report_csv },
	{ "junit", "xml", report_junit },
};

const struct report_ops *
report_ops_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (strcmp(backends[i].name, name) == 0)
			return &backends[i];
	return NULL;
}

int
report_sev_index(const char *sev)
{
	int i;

	for (i = 0; sev && i < REPORT_NSEV - 1; i++)
		if (strcmp(sev, report_severities[i]) == 0)
			return i;
	return REPORT_NSEV - 1;
}

int
report_flush(FILE *f, struct buf *b, char **cause)
{
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		return err_set(cause, "report: write failed");
	buf_reset(b);
	return 0;
}

static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

int
report_xml_esc(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), len;
	const char *rep;

	while (n > 0) {
		rep = NULL;
		len = 1;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': case '\n': rep = NULL; break;
		default:
			/* XML 1.0 forbids other control bytes: a visible replacement instead */
			if (*p < 0x20 || *p == 0x7f)
				rep = "&#xFFFD;";
			else if ((len = utf8_len(p, n)) == 0) {
				rep = "&#xFFFD;";
				len = 1;
			}
		}
		if (rep ? buf_puts(b, rep) == -1 : buf_append(b, p, len) == -1)
			return -1;
		p += len;
		n -= len;
	}
	return 0;
}

int
report_has_failures(const struct report_model *m)
{
	return m->fail > 0;
}

static void
device_clear(struct report_device *d)
{
	history_device_clear(&d->dev);
	history_results_free(&d->results);
	if (d->asset != NULL) {
		assetinfo_clear(d->asset);
		free(d->asset);
		d->asset = NULL;
	}
}

static void
groups_free(struct report_group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].name);
	free(g);
}

/* The waiver line is one of the evidence lines (after the check's own); the date is
 * the one followed by ", approved by", so that a waiver id holding " until " is harmless. */
void
report_waiver_expiry(const char *ev, char out[11])
{
	const char *line, *end, *p;
	size_t i;

	out[0] = '\0';
	for (line = ev; line != NULL && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (strncmp(line, "waived by ", 10) != 0)
			continue;
		for (p = line; (p = strstr(p, " until ")) != NULL && (end == NULL || p < end); p++) {
			const char *d = p + 7;

			for (i = 0; i < 10; i++)
				if (!(i == 4 || i == 7 ? d[i] == '-' : d[i] >= '0' && d[i] <= '9'))
					break;
			if (i == 10 && strncmp(d + 10, ", approved by ", 14) == 0) {
				memcpy(out, d, 10);
				out[10] = '\0';
				return;
			}
		}
	}
}

int
report_severity_parse(const char *spec, struct report_view *v, char **cause)
{
	size_t n = strlen(spec);
	int i;

	v->min_severity = -1;
	v->exact_severity = 0;
	if (strcmp(spec, "all") == 0)
		return 0;
	for (i = 0; i < REPORT_NSEV - 1; i++) {
		size_t k = strlen(report_severities[i]);

		if (strncmp(spec, report_severities[i], k) != 0)
			continue;
		if (n == k + 1 && spec[k] == '+') {
			v->min_severity = i;
			return 0;
		}
		if (n == k) {
			v->min_severity = i;
			v->exact_severity = 1;
			return 0;
		}
	}
	return err_set(cause, "report: bad severity '%s' (critical, high, medium, low or info, "
	    "with + for that or worse; or all)", spec);
}

void
report_free(struct report_model **mp)
{
	struct report_model *m = *mp;
	size_t i;

	if (m == NULL)
		return;
	history_scan_clear(&m->scan);
	history_scans_free(&m->scans, m->nscans);
	for (i = 0; i < m->ndevices; i++)
		device_clear(&m->devices[i]);
	free(m->devices);
	drift_free(&m->drift);
	groups_free(m->owners, m->nowners);
	groups_free(m->departments, m->ndepartments);
	for (i = 0; i < m->nfindings; i++) {
		free(m->findings[i].kind);
		free(m->findings[i].tag);
		free(m->findings[i].device);
		free(m->findings[i].detail);
	}
	free(m->findings);
	free(m->view.owner);
	free(m->view.department);
	free(m->view.device);
	free(m);
	*mp = NULL;
}

/* Appends src's verdicts to dst (moving the strings). */
static int
results_take(struct hist_results *dst, struct hist_results *src)
{
	struct hist_result *nv;

	if (src->n == 0)
		return 0;
	if ((nv = realloc(dst->v, (dst->n + src->n) * sizeof *nv)) == NULL)
		return -1;
	memcpy(nv + dst->n, src->v, src->n * sizeof *nv);
	dst->v = nv;
	dst->n += src->n;
	free(src->v);
	src->v = NULL;
	src->n = 0;
	return 0;
}

static int
load_devices(struct store *s, struct report_model *m, char **cause)
{
	struct hist_snaps snaps = { 0 };
	struct hist_results r = { 0 };
	struct hist_cache *hc = NULL;
	struct report_device *d = NULL;
	size_t i;
	int rc = -1;

	if (history_scan_snapshots(s, m->scan.id, &snaps, cause) == -1)
		return -1;
	if (history_cache_open(s, &hc, cause) == -1)
		goto out;
	if (snaps.n && (m->devices = calloc(snaps.n, sizeof *m->devices)) == NULL) {
		err_set(cause, "report: out of memory");
		goto out;
	}
	for (i = 0; i < snaps.n; i++) {
		if (i == 0 || snaps.v[i].device_id != snaps.v[i - 1].device_id)
			d = &m->devices[m->ndevices++];
		d->snap = snaps.v[i];
		/* the device as its last snapshot in the scan left it, not as later scans did */
		if ((i + 1 == snaps.n || snaps.v[i + 1].device_id != snaps.v[i].device_id) &&
		    history_device_at_c(hc, snaps.v[i].device_id, snaps.v[i].id, &d->dev,
		    cause) == -1)
			goto out;
		if (history_results_c(hc, snaps.v[i].id, &r, cause) == -1)
			goto out;
		if (results_take(&d->results, &r) == -1) {
			history_results_free(&r);
			err_set(cause, "report: out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	history_cache_close(&hc);
	history_snaps_free(&snaps);
	return rc;
}


static int
name_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

/* Attaches each device's linked asset, from the register as frozen for this scan. */
static int
load_assets(struct store *s, struct report_model *m, char **cause)
{
	size_t i;
	int found;

	if (scanreg_ensure(s, m->scan.id, cause) == -1 ||
	    scanreg_has_assets(s, m->scan.id, &m->has_assets, cause) == -1)
		return -1;
	for (i = 0; m->has_assets && i < m->ndevices; i++) {
		struct report_device *d = &m->devices[i];

		if ((d->asset = calloc(1, sizeof *d->asset)) == NULL)
			return err_set(cause, "report: out of memory");
		if (scanreg_asset(s, m->scan.id, d->dev.id, d->asset, &found, cause) == -1)
			return -1;
		if (!found) {
			free(d->asset);
			d->asset = NULL;
		}
	}
	return 0;
}

static int
sev_kept(const struct report_view *v, const char *severity)
{
	int si = report_sev_index(severity);

	if (v->min_severity < 0)
		return 1;
	return v->exact_severity ? si == v->min_severity : si <= v->min_severity;
}

/* The device a --device view names: an id, or the name a device of the scan had then
 * (so that the view of a past scan stays when the device is renamed later), else the
 * name a device has now (a device that vanished in the scan's drift). */
static int
view_device(struct store *s, const struct report_model *m, int64_t *want, char **cause)
{
	const char *spec = m->view.device, *p;
	size_t i, n = 0;

	for (p = spec; *p >= '0' && *p <= '9'; p++)
		;
	if (*spec == '\0' || *p != '\0' || p - spec > 18)
		for (i = 0; i < m->ndevices; i++)
			if (m->devices[i].dev.name && strcmp(m->devices[i].dev.name, spec) == 0) {
				*want = m->devices[i].dev.id;
				n++;
			}
	if (n > 1)
		return err_set(cause, "%zu devices were named '%s' in scan %lld: give the "
		    "device id", n, spec, (long long)m->scan.id);
	return n == 1 ? 0 : history_device_find(s, spec, want, cause);
}

/* Drops the devices and verdicts outside the view. */
static int
apply_view(struct store *s, struct report_model *m, char **cause)
{
	const struct report_view *v = &m->view;
	int64_t want = 0;
	size_t i, k, keep = 0, rk;

	if (v->device != NULL && view_device(s, m, &want, cause) == -1)
		return -1;
	m->view_device = want;
	for (i = 0; i < m->ndevices; i++) {
		struct report_device *d = &m->devices[i];
		int in = (want == 0 || d->dev.id == want) &&
		    (v->owner == NULL || (d->asset && name_eq(d->asset->owner, v->owner))) &&
		    (v->department == NULL || (d->asset &&
		    name_eq(d->asset->department, v->department)));

		if (!in) {
			device_clear(d);
			continue;
		}
		for (k = 0, rk = 0; k < d->results.n; k++) {
			struct hist_result *r = &d->results.v[k];

			if (sev_kept(v, r->severity)) {
				d->results.v[rk++] = *r;
				continue;
			}
			free(r->policy);
			free(r->policy_version);
			free(r->rule_id);
			free(r->status);
			free(r->severity);
			free(r->evidence);
		}
		d->results.n = rk;
		if (keep != i) {
			m->devices[keep] = *d;
			memset(d, 0, sizeof *d);
		}
		keep++;
	}
	m->filtered = keep != m->ndevices || want != 0 || v->owner || v->department;
	m->ndevices = keep;
	return 0;
}

static void
tally(struct report_model *m)
{
	size_t i, k;
	int si;

	for (i = 0; i < m->ndevices; i++) {
		struct report_device *d = &m->devices[i];

		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *x = &d->results.v[k];

			if (strcmp(x->status, "pass") == 0)
				d->pass++;
			else if (strcmp(x->status, "fail") == 0) {
				d->fail++;
				si = report_sev_index(x->severity);
				d->fail_sev[si]++;
				m->fail_sev[si]++;
			} else {
				if (strcmp(x->status, "waived") == 0)
					d->waived++;
				d->other++;
			}
		}
		m->results += d->results.n;
		m->pass += d->pass;
		m->fail += d->fail;
		m->waived += d->waived;
		m->other += d->other;
	}
}

static int
group_cmp(const void *a, const void *b)
{
	const struct report_group *x = a, *y = b;

	if (x->name == NULL || y->name == NULL)
		return (x->name == NULL) - (y->name == NULL);
	return strcmp(x->name, y->name);
}

/* Adds d to the group named name (case-insensitively) in *g. */
static int
group_add(struct report_group **g, size_t *n, const char *name, const struct report_device *d)
{
	struct report_group *x = NULL, *nv;
	size_t i;
	int k;

	if (name != NULL && *name == '\0')
		name = NULL;
	for (i = 0; i < *n && x == NULL; i++)
		if ((name == NULL && (*g)[i].name == NULL) || name_eq(name, (*g)[i].name))
			x = &(*g)[i];
	if (x == NULL) {
		if ((nv = realloc(*g, (*n + 1) * sizeof *nv)) == NULL)
			return -1;
		*g = nv;
		x = &nv[(*n)++];
		memset(x, 0, sizeof *x);
		if (name != NULL && (x->name = strdup(name)) == NULL) {
			(*n)--;
			return -1;
		}
	}
	x->devices++;
	x->pass += d->pass;
	x->fail += d->fail;
	x->waived += d->waived;
	x->other += d->other;
	for (k = 0; k < REPORT_NSEV; k++)
		x->fail_sev[k] += d->fail_sev[k];
	return 0;
}

static int
load_groups(struct report_model *m, char **cause)
{
	size_t i;

	for (i = 0; m->has_assets && i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		if (group_add(&m->owners, &m->nowners, d->asset ? d->asset->owner : NULL, d) == -1 ||
		    group_add(&m->departments, &m->ndepartments,
		    d->asset ? d->asset->department : NULL, d) == -1)
			return err_set(cause, "report: out of memory");
	}
	if (m->nowners)
		qsort(m->owners, m->nowners, sizeof *m->owners, group_cmp);
	if (m->ndepartments)
		qsort(m->departments, m->ndepartments, sizeof *m->departments, group_cmp);
	return 0;
}

struct findings_ctx {
	struct report_model	*m;
	int			 oom;
};

static int
finding_each(const struct scanreg_finding *f, void *arg)
{
	struct findings_ctx *c = arg;
	struct report_model *m = c->m;
	const struct report_view *v = &m->view;
	struct report_finding *x;
	size_t k;
	int in = !m->filtered;

	for (k = 0; !in && f->device_id && k < m->ndevices; k++)
		in = m->devices[k].dev.id == f->device_id;
	if (!in && f->tag != NULL && v->device == NULL && (v->owner || v->department))
		in = (v->owner == NULL || name_eq(f->owner, v->owner)) &&
		    (v->department == NULL || name_eq(f->department, v->department));
	if (!in)
		return 0;
	if ((x = reallocarray(m->findings, m->nfindings + 1, sizeof *m->findings)) == NULL)
		goto nomem;
	m->findings = x;
	x = &m->findings[m->nfindings];
	memset(x, 0, sizeof *x);
	m->nfindings++;
	x->device_id = f->device_id;
	if ((x->kind = strdup(f->kind)) == NULL ||
	    (f->tag && (x->tag = strdup(f->tag)) == NULL) ||
	    (f->device && (x->device = strdup(f->device)) == NULL) ||
	    (x->detail = strdup(f->detail ? f->detail : "")) == NULL)
		goto nomem;
	return 0;
nomem:
	c->oom = 1;
	return -1;
}

/* Reconciliation findings as frozen for this scan; under a view, those of its devices or
 * of assets of its owner/department. */
static int
load_findings(struct store *s, struct report_model *m, char **cause)
{
	struct findings_ctx c = { m, 0 };

	if (!m->has_assets)
		return 0;
	if (scanreg_findings_each(s, m->scan.id, finding_each, &c, cause) != 0)
		return c.oom ? err_set(cause, "report: out of memory") : -1;
	return 0;
}

static int
in_model(const struct report_model *m, int64_t id)
{
	size_t i;

	for (i = 0; i < m->ndevices; i++)
		if (m->devices[i].dev.id == id)
			return 1;
	return 0;
}

static size_t
presence_filter(const struct report_model *m, struct drift_presence *p, size_t n)
{
	size_t i, keep = 0;

	for (i = 0; i < n; i++) {
		if (!in_model(m, p[i].dev.id)) {
			history_device_clear(&p[i].dev);
			continue;
		}
		p[keep++] = p[i];
	}
	return keep;
}

/* Under a device view, drift shows only the view's devices. */
static int
drift_filter(struct store *s, struct report_model *m, char **cause)
{
	struct drift *d = m->drift;
	size_t i, keep = 0;
	int64_t want = m->view_device;

	if (!m->filtered || d == NULL)
		return 0;
	d->regressions = d->fixes = 0;
	for (i = 0; i < d->ndevices; i++) {
		if (!in_model(m, d->devices[i].dev.id)) {
			drift_device_clear(&d->devices[i]);
			continue;
		}
		d->regressions += d->devices[i].regressions;
		d->fixes += d->devices[i].fixes;
		d->devices[keep++] = d->devices[i];
	}
	d->ndevices = keep;
	d->nappeared = presence_filter(m, d->appeared, d->nappeared);
	/* vanished devices are not in this scan: keep those the view names */
	for (i = 0, keep = 0; i < d->nvanished; i++) {
		struct assetinfo a;
		int found = 0, in;
		int64_t id = d->vanished[i].dev.id;

		if ((m->view.owner || m->view.department) &&
		    scanreg_asset(s, m->scan.id, id, &a, &found, cause) == -1)
			return -1;
		in = (want == 0 || id == want) && (m->view.owner == NULL ||
		    (found && name_eq(a.owner, m->view.owner))) && (m->view.department == NULL ||
		    (found && name_eq(a.department, m->view.department)));
		if (found)
			assetinfo_clear(&a);
		if (!in) {
			history_device_clear(&d->vanished[i].dev);
			continue;
		}
		d->vanished[keep++] = d->vanished[i];
	}
	d->nvanished = keep;
	return 0;
}

static int
view_copy(struct report_view *dst, const struct report_view *src)
{
	dst->min_severity = -1;
	if (src == NULL)
		return 0;
	dst->min_severity = src->min_severity;
	dst->exact_severity = src->exact_severity;
	if ((src->owner && (dst->owner = strdup(src->owner)) == NULL) ||
	    (src->department && (dst->department = strdup(src->department)) == NULL) ||
	    (src->device && (dst->device = strdup(src->device)) == NULL))
		return -1;
	return 0;
}

int
report_load(struct store *s, int64_t scan_id, const struct report_view *view,
    struct report_model **out, char **cause)
{
	struct report_model *m;
	struct drift_opts o = { .mode = DRIFT_PREVIOUS, .no_diff = 1, .context = 0 };
	int found;

	*out = NULL;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return err_set(cause, "report: out of memory");
	if (view_copy(&m->view, view) == -1) {
		err_set(cause, "report: out of memory");
		goto fail;
	}
	if (scan_id == 0) {
		if (history_last_scan(s, 0, &scan_id, &found, cause) == -1)
			goto fail;
		if (!found) {
			m->empty = 1;
			*out = m;
			return 0;
		}
	}
	if (history_scan(s, scan_id, &m->scan, cause) == -1 ||
	    history_scans(s, scan_id, &m->scans, &m->nscans, cause) == -1 ||
	    load_devices(s, m, cause) == -1 || load_assets(s, m, cause) == -1 ||
	    apply_view(s, m, cause) == -1)
		goto fail;
	tally(m);
	if (load_groups(m, cause) == -1 || load_findings(s, m, cause) == -1)
		goto fail;
	o.scan_id = scan_id;
	if (drift_compute(s, &o, &m->drift, cause) == -1)
		goto fail;
	if (drift_filter(s, m, cause) == -1)
		goto fail;
	*out = m;
	return 0;
fail:
	report_free(&m);
	return -1;
}
