/* report_junit: JUnit XML for CI: one testsuite per device, one testcase per rule verdict;
 * fail is a <failure>, error an <error>, notapplicable and waived are <skipped>. */
#include <string.h>

#include "common/err.h"
#include "reports/report_int.h"

static int
attr(struct buf *b, const char *name, const char *v)
{
	return buf_printf(b, " %s=\"", name) == -1 || report_xml_esc(b, v) == -1 ||
	    buf_puts(b, "\"") == -1 ? -1 : 0;
}

int
report_junit(FILE *f, const struct report_model *m, int colour, char **cause)
{
	struct buf b;
	size_t i, k;
	int rc = -1;

	(void)colour;
	buf_init(&b, 0);
	if (buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netloom\""
	    " tests=\"%zu\" failures=\"%zu\">\n", m->results, m->fail) == -1)
		goto nomem;
	for (i = 0; !m->empty && i < m->ndevices; i++) {
		const struct report_device *d = &m->devices[i];
		size_t errors = 0, skipped = 0;

		for (k = 0; k < d->results.n; k++) {
			errors += strcmp(d->results.v[k].status, "error") == 0;
			skipped += strcmp(d->results.v[k].status, "notapplicable") == 0 ||
			    strcmp(d->results.v[k].status, "waived") == 0;
		}
		if (buf_puts(&b, "  <testsuite") == -1 || attr(&b, "name", d->dev.name ?
		    d->dev.name : d->dev.address) == -1 ||
		    buf_printf(&b, " id=\"%lld\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\""
		    " skipped=\"%zu\"", (long long)d->dev.id, d->results.n, d->fail, errors,
		    skipped) == -1 || attr(&b, "hostname", d->dev.address) == -1 ||
		    buf_puts(&b, ">\n") == -1)
			goto nomem;
		for (k = 0; k < d->results.n; k++) {
			const struct hist_result *r = &d->results.v[k];
			const char *tag = strcmp(r->status, "fail") == 0 ? "failure" :
			    strcmp(r->status, "error") == 0 ? "error" :
			    strcmp(r->status, "pass") == 0 ? NULL : "skipped";
			char until[11], msg[40];

			report_waiver_expiry(r->evidence, until);
			if (strcmp(r->status, "waived") == 0 && until[0])
				snprintf(msg, sizeof msg, "waived until %s", until);
			else
				snprintf(msg, sizeof msg, "%s", r->status);

			if (buf_puts(&b, "    <testcase") == -1 || attr(&b, "classname", r->policy) == -1 ||
			    attr(&b, "name", r->rule_id) == -1 || buf_puts(&b, ">") == -1)
				goto nomem;
			if (tag && (buf_printf(&b, "<%s", tag) == -1 ||
			    attr(&b, "message", msg) == -1 ||
			    attr(&b, "type", r->severity ? r->severity : "") == -1 ||
			    buf_puts(&b, ">") == -1 || report_xml_esc(&b, r->evidence) == -1 ||
			    buf_printf(&b, "</%s>", tag) == -1))
				goto nomem;
			if (buf_puts(&b, "</testcase>\n") == -1)
				goto nomem;
		}
		if (buf_puts(&b, "  </testsuite>\n") == -1)
			goto nomem;
		if (report_flush(f, &b, cause) == -1)
			goto out;
	}
	if (buf_puts(&b, "</testsuites>\n") == -1 || report_flush(f, &b, cause) == -1)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	if (cause && *cause == NULL)
		err_set(cause, "report: out of memory");
out:
	buf_free(&b);
	return rc;
}
