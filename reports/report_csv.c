/* report_csv: one row per verdict (or per device without verdicts), RFC 4180 quoting, and
 * cells that a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with '. */
#include <string.h>

#include "common/err.h"
#include "reports/report_int.h"

static int
cell(struct buf *b, const char *s, int last)
{
	const char *p;

	s = s ? s : "";
	if (buf_puts(b, "\"") == -1)
		return -1;
	if (strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0' && buf_puts(b, "'") == -1)
		return -1;
	for (p = s; *p; p++)
		if ((*p == '"' ? buf_puts(b, "\"\"") : buf_append(b, p, 1)) == -1)
			return -1;
	return buf_puts(b, last ? "\"\r\n" : "\",");
}

static int
num(struct buf *b, long long v)
{
	return buf_printf(b, "%lld,", v);
}

int
report_csv(FILE *f, const struct report_model *m, int colour, char **cause)
{
	struct buf b;
	size_t i, k;
	int rc = -1;

	(void)colour;
	buf_init(&b, 0);
	if (buf_puts(&b, "scan,device_id,name,address,platform,vendor,model,serial,os_version,"
	    "snapshot,policy,rule,status,severity,evidence,waived_until,asset_tag,owner,"
	    "department,location,cost,warranty_end\r\n") == -1)
		goto nomem;
	for (i = 0; !m->empty && i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];

		for (k = 0; k < (d->results.n ? d->results.n : 1); k++) {
			const struct hist_result *r = d->results.n ? &d->results.v[k] : NULL;
			const struct assetinfo *a = d->asset;
			char until[11] = "";

			if (r != NULL && strcmp(r->status, "waived") == 0)
				report_waiver_expiry(r->evidence, until);

			if (num(&b, m->scan.id) == -1 || num(&b, d->dev.id) == -1 ||
			    cell(&b, d->dev.name, 0) == -1 || cell(&b, d->dev.address, 0) == -1 ||
			    cell(&b, d->dev.platform, 0) == -1 || cell(&b, d->dev.vendor, 0) == -1 ||
			    cell(&b, d->dev.model, 0) == -1 || cell(&b, d->dev.serial, 0) == -1 ||
			    cell(&b, d->dev.os_version, 0) == -1 || num(&b, d->snap.id) == -1 ||
			    cell(&b, r ? r->policy : NULL, 0) == -1 ||
			    cell(&b, r ? r->rule_id : NULL, 0) == -1 ||
			    cell(&b, r ? r->status : NULL, 0) == -1 ||
			    cell(&b, r ? r->severity : NULL, 0) == -1 ||
			    cell(&b, r ? r->evidence : NULL, 0) == -1 || cell(&b, until, 0) == -1 ||
			    cell(&b, a ? a->tag : NULL, 0) == -1 ||
			    cell(&b, a ? a->owner : NULL, 0) == -1 ||
			    cell(&b, a ? a->department : NULL, 0) == -1 ||
			    cell(&b, a ? a->location : NULL, 0) == -1 ||
			    cell(&b, a ? a->cost : NULL, 0) == -1 ||
			    cell(&b, a ? a->warranty_end : NULL, 1) == -1)
				goto nomem;
		}
		if (report_flush(f, &b, cause) == -1)
			goto out;
	}
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
