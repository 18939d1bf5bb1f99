#include "reports/report.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
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

void
report_free(struct report_model **mp)
{
	struct report_model *m = *mp;
	size_t i;

	if (m == NULL)
		return;
	history_scan_clear(&m->scan);
	history_scans_free(&m->scans, m->nscans);
	for (i = 0; i < m->ndevices; i++) {
		history_device_clear(&m->devices[i].dev);
		history_results_free(&m->devices[i].results);
	}
	free(m->devices);
	drift_free(&m->drift);
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
	struct report_device *d = NULL;
	size_t i, k;
	int rc = -1, si;

	if (history_scan_snapshots(s, m->scan.id, &snaps, cause) == -1)
		return -1;
	if (snaps.n && (m->devices = calloc(snaps.n, sizeof *m->devices)) == NULL) {
		err_set(cause, "report: out of memory");
		goto out;
	}
	for (i = 0; i < snaps.n; i++) {
		if (i == 0 || snaps.v[i].device_id != snaps.v[i - 1].device_id) {
			d = &m->devices[m->ndevices++];
			if (history_device(s, snaps.v[i].device_id, &d->dev, cause) == -1)
				goto out;
		}
		d->snap = snaps.v[i];
		if (history_results(s, snaps.v[i].id, &r, cause) == -1)
			goto out;
		if (results_take(&d->results, &r) == -1) {
			history_results_free(&r);
			err_set(cause, "report: out of memory");
			goto out;
		}
	}
	for (i = 0; i < m->ndevices; i++) {
		d = &m->devices[i];
		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *x = &d->results.v[k];

			if (strcmp(x->status, "pass") == 0)
				d->pass++;
			else if (strcmp(x->status, "fail") == 0) {
				d->fail++;
				si = report_sev_index(x->severity);
				d->fail_sev[si]++;
				m->fail_sev[si]++;
			} else
				d->other++;
		}
		m->results += d->results.n;
		m->pass += d->pass;
		m->fail += d->fail;
		m->other += d->other;
	}
	rc = 0;
out:
	history_snaps_free(&snaps);
	return rc;
}

int
report_load(struct store *s, int64_t scan_id, struct report_model **out, char **cause)
{
	struct report_model *m;
	struct drift_opts o = { .mode = DRIFT_PREVIOUS, .no_diff = 1, .context = 0 };
	int found;

	*out = NULL;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return err_set(cause, "report: out of memory");
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
	    load_devices(s, m, cause) == -1)
		goto fail;
	o.scan_id = scan_id;
	if (drift_compute(s, &o, &m->drift, cause) == -1)
		goto fail;
	*out = m;
	return 0;
fail:
	report_free(&m);
	return -1;
}
