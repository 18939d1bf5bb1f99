#include "reports/driftfmt.h"

#include <string.h>

#include "common/err.h"
#include "common/json.h"

#define C_RED	"\033[31m"
#define C_GREEN	"\033[32m"
#define C_CYAN	"\033[36m"
#define C_BOLD	"\033[1m"
#define C_OFF	"\033[0m"

const char *
driftfmt_mode_name(enum drift_mode m)
{
	switch (m) {
	case DRIFT_SINCE:
		return "since";
	case DRIFT_SNAPSHOT:
		return "snapshot";
	case DRIFT_GOLDEN:
		return "golden";
	default:
		return "previous";
	}
}

int
driftfmt_safe(struct buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c != 0x7f) || c == '\t')
			continue;
		if (buf_append(b, s + run, i - run) == -1 || buf_printf(b, "\\x%02x", c) == -1)
			return -1;
		run = i + 1;
	}
	return buf_append(b, s + run, len - run);
}

static int
safe_str(struct buf *b, const char *s)
{
	return s ? driftfmt_safe(b, s, strlen(s)) : buf_puts(b, "-");
}

static int
flush(FILE *f, struct buf *b, char **cause)
{
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		return err_set(cause, "write: short write");
	buf_reset(b);
	return 0;
}

static int
put_device_id(struct buf *b, const struct hist_device *dv)
{
	if (buf_printf(b, "device %lld ", (long long)dv->id) == -1 || safe_str(b, dv->name) == -1 ||
	    buf_puts(b, " (") == -1 || safe_str(b, dv->address) == -1 || buf_puts(b, ", ") == -1 ||
	    safe_str(b, dv->platform) == -1 || buf_puts(b, ")") == -1)
		return -1;
	return 0;
}

static int
put_snap(struct buf *b, const struct hist_snap *s)
{
	char t[32];

	if (s->id == 0)
		return buf_puts(b, "(none)");
	json_time(s->taken, t);
	return buf_printf(b, "snapshot %lld (scan %lld, %s)", (long long)s->id,
	    (long long)s->scan_id, t);
}

static int
put_diff(struct buf *b, const char *diff, int colour)
{
	const char *p = diff, *eol;
	size_t n;

	while (*p) {
		eol = strchr(p, '\n');
		n = eol ? (size_t)(eol - p) : strlen(p);
		const char *col = !colour ? NULL : p[0] == '@' ? C_CYAN :
		    (p[0] == '-' && strncmp(p, "--- ", 4) != 0) ? C_RED :
		    (p[0] == '+' && strncmp(p, "+++ ", 4) != 0) ? C_GREEN : NULL;

		if (buf_puts(b, "    ") == -1 || (col && buf_puts(b, col) == -1) ||
		    driftfmt_safe(b, p, n) == -1 || (col && buf_puts(b, C_OFF) == -1) ||
		    buf_puts(b, "\n") == -1)
			return -1;
		p += n + (eol != NULL);
	}
	return 0;
}

static int
text_device(struct buf *b, const struct drift_device *d, int colour)
{
	size_t i;
	char t[32];

	if (buf_puts(b, colour ? C_BOLD : "") == -1 || put_device_id(b, &d->dev) == -1 ||
	    buf_printf(b, " %s%s\n  ", d->new.source, colour ? C_OFF : "") == -1 ||
	    put_snap(b, &d->old) == -1 || buf_puts(b, " -> ") == -1 ||
	    put_snap(b, &d->new) == -1 || buf_puts(b, "\n") == -1)
		return -1;
	if (d->nverdicts && buf_printf(b, "  verdicts (%zu regressions, %zu fixes):\n",
	    d->regressions, d->fixes) == -1)
		return -1;
	for (i = 0; i < d->nverdicts; i++) {
		const struct drift_verdict *v = &d->verdicts[i];
		const char *col = !colour ? "" : v->kind == DRIFT_REGRESSION ? C_RED :
		    v->kind == DRIFT_FIX ? C_GREEN : "";

		if (buf_printf(b, "    %s%-10s%s ", col, drift_verdict_kind_name(v->kind),
		    colour && *col ? C_OFF : "") == -1 || safe_str(b, v->policy) == -1 ||
		    buf_puts(b, " ") == -1 || safe_str(b, v->rule_id) == -1 ||
		    buf_puts(b, " [") == -1 || safe_str(b, v->severity) == -1 ||
		    buf_puts(b, "] ") == -1 || safe_str(b, v->old_status ? v->old_status :
		    "none") == -1 || buf_puts(b, " -> ") == -1 ||
		    safe_str(b, v->new_status ? v->new_status : "none") == -1)
			return -1;
		if (v->kind == DRIFT_REGRESSION && v->first.id) {
			json_time(v->first.taken, t);
			if (buf_printf(b, "  (failing since snapshot %lld, scan %lld, %s)",
			    (long long)v->first.id, (long long)v->first.scan_id, t) == -1)
				return -1;
		}
		if (buf_puts(b, "\n") == -1)
			return -1;
	}
	if (d->nfacts && buf_puts(b, "  facts:\n") == -1)
		return -1;
	for (i = 0; i < d->nfacts; i++) {
		const struct drift_fact *f = &d->facts[i];

		if (buf_puts(b, "    ") == -1 || safe_str(b, f->key) == -1 ||
		    buf_puts(b, " ") == -1 || safe_str(b, f->old ? f->old : "(none)") == -1 ||
		    buf_puts(b, " -> ") == -1 || safe_str(b, f->new ? f->new : "(none)") == -1 ||
		    buf_puts(b, "\n") == -1)
			return -1;
	}
	if (d->nartifacts && buf_puts(b, "  artifacts:\n") == -1)
		return -1;
	for (i = 0; i < d->nartifacts; i++) {
		const struct drift_artifact *a = &d->artifacts[i];
		const char *what = !a->old_sha[0] ? "added" : !a->new_sha[0] ? "removed" :
		    "changed";

		if (buf_puts(b, "    ") == -1 || safe_str(b, a->name) == -1 ||
		    buf_printf(b, " %s, +%zu -%zu lines%s\n", what, a->added, a->removed,
		    a->approximate ? " (approximate diff)" : "") == -1)
			return -1;
		if (a->error && (buf_puts(b, "    (no diff: ") == -1 || safe_str(b, a->error) == -1 ||
		    buf_puts(b, ")\n") == -1))
			return -1;
		if (a->diff && put_diff(b, a->diff, colour) == -1)
			return -1;
	}
	return buf_puts(b, "\n");
}

static int
text_presence(struct buf *b, const char *title, const struct drift_presence *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (buf_printf(b, "%s:\n", title) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (buf_puts(b, "  ") == -1 || put_device_id(b, &p[i].dev) == -1 ||
		    buf_puts(b, " ") == -1 || put_snap(b, &p[i].snap) == -1 ||
		    buf_puts(b, "\n") == -1)
			return -1;
	}
	return buf_puts(b, "\n");
}

int
driftfmt_text(FILE *f, const struct drift *d, int colour, char **cause)
{
	struct buf b;
	size_t i;
	int rc = -1;

	buf_init(&b, 0);
	switch (d->mode) {
	case DRIFT_PREVIOUS:
		if (d->new_scan == 0)
			rc = buf_puts(&b, "drift: no scan in the store\n");
		else if (d->old_scan == 0)
			rc = buf_printf(&b, "drift: scan %lld against each device's snapshot before "
			    "it (no earlier scan)\n", (long long)d->new_scan);
		else
			rc = buf_printf(&b, "drift: scan %lld against scan %lld\n",
			    (long long)d->new_scan, (long long)d->old_scan);
		break;
	case DRIFT_SINCE: {
		char t[32];

		json_time(d->since, t);
		rc = buf_printf(&b, "drift: latest snapshots against those at or before %s\n", t);
		break;
	}
	case DRIFT_SNAPSHOT:
		rc = buf_puts(&b, "drift: latest snapshot against the given snapshot\n");
		break;
	case DRIFT_GOLDEN:
		rc = buf_puts(&b, "drift: latest snapshots against golden pins\n");
		break;
	}
	if (rc == -1 || buf_printf(&b, "%zu compared, %zu changed, %zu appeared, %zu vanished, "
	    "%zu regressions, %zu fixes\n\n", d->compared, d->ndevices, d->nappeared,
	    d->nvanished, d->regressions, d->fixes) == -1)
		goto nomem;
	rc = -1;
	for (i = 0; i < d->ndevices; i++) {
		if (text_device(&b, &d->devices[i], colour) == -1)
			goto nomem;
		if (flush(f, &b, cause) == -1)
			goto out;
	}
	if (text_presence(&b, "appeared", d->appeared, d->nappeared) == -1 ||
	    text_presence(&b, "vanished", d->vanished, d->nvanished) == -1)
		goto nomem;
	if (flush(f, &b, cause) == -1)
		goto out;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "drift: output too large or out of memory");
out:
	buf_free(&b);
	return rc;
}

static int
json_null_or_int(struct buf *b, const char *key, int64_t v)
{
	if (json_str(b, key) == -1)
		return -1;
	return v ? buf_printf(b, ":%lld", (long long)v) : buf_puts(b, ":null");
}

static int
json_snap(struct buf *b, const char *key, const struct hist_snap *s)
{
	char t[32];

	if (buf_puts(b, ",") == -1 || json_str(b, key) == -1)
		return -1;
	if (s->id == 0)
		return buf_puts(b, ":null");
	json_time(s->taken, t);
	return buf_puts(b, ":{") == -1 || json_kv_int(b, 1, "snapshot", s->id) == -1 ||
	    json_kv_int(b, 0, "scan", s->scan_id) == -1 || json_kv_str(b, 0, "taken", t) == -1 ||
	    json_kv_str(b, 0, "source", s->source) == -1 || buf_puts(b, "}") == -1 ? -1 : 0;
}

static int
json_dev(struct buf *b, const struct hist_device *d)
{
	return buf_puts(b, "\"device\":{") == -1 || json_kv_int(b, 1, "id", d->id) == -1 ||
	    json_kv_str(b, 0, "name", d->name) == -1 ||
	    json_kv_str(b, 0, "address", d->address) == -1 ||
	    json_kv_str(b, 0, "platform", d->platform) == -1 ||
	    json_kv_str(b, 0, "vendor", d->vendor) == -1 ||
	    json_kv_str(b, 0, "model", d->model) == -1 ||
	    json_kv_str(b, 0, "serial", d->serial) == -1 ||
	    json_kv_str(b, 0, "os_version", d->os_version) == -1 ||
	    buf_puts(b, "}") == -1 ? -1 : 0;
}

static int
json_device(struct buf *b, const struct drift_device *d, int with_diffs)
{
	size_t i;
	char t[32];

	if (buf_puts(b, "{") == -1 || json_dev(b, &d->dev) == -1 ||
	    json_kv_str(b, 0, "source", d->new.source) == -1 ||
	    json_snap(b, "old", &d->old) == -1 || json_snap(b, "new", &d->new) == -1 ||
	    json_kv_int(b, 0, "regressions", (int64_t)d->regressions) == -1 ||
	    json_kv_int(b, 0, "fixes", (int64_t)d->fixes) == -1 ||
	    buf_puts(b, ",\"verdicts\":[") == -1)
		return -1;
	for (i = 0; i < d->nverdicts; i++) {
		const struct drift_verdict *v = &d->verdicts[i];

		json_time(v->first.taken, t);
		if (buf_puts(b, i ? ",{" : "{") == -1 ||
		    json_kv_str(b, 1, "kind", drift_verdict_kind_name(v->kind)) == -1 ||
		    json_kv_str(b, 0, "policy", v->policy) == -1 ||
		    json_kv_str(b, 0, "rule", v->rule_id) == -1 ||
		    json_kv_str(b, 0, "old", v->old_status) == -1 ||
		    json_kv_str(b, 0, "new", v->new_status) == -1 ||
		    json_kv_str(b, 0, "severity", v->severity) == -1 ||
		    json_kv_str(b, 0, "evidence", v->evidence) == -1 || buf_puts(b, ",") == -1 ||
		    json_null_or_int(b, "first_snapshot", v->first.id) == -1 ||
		    buf_puts(b, ",") == -1 ||
		    json_null_or_int(b, "first_scan", v->first.scan_id) == -1 ||
		    json_kv_str(b, 0, "first_taken", v->first.id ? t : NULL) == -1 ||
		    buf_puts(b, "}") == -1)
			return -1;
	}
	if (buf_puts(b, "],\"facts\":[") == -1)
		return -1;
	for (i = 0; i < d->nfacts; i++) {
		if (buf_puts(b, i ? ",{" : "{") == -1 ||
		    json_kv_str(b, 1, "key", d->facts[i].key) == -1 ||
		    json_kv_str(b, 0, "old", d->facts[i].old) == -1 ||
		    json_kv_str(b, 0, "new", d->facts[i].new) == -1 || buf_puts(b, "}") == -1)
			return -1;
	}
	if (buf_puts(b, "],\"artifacts\":[") == -1)
		return -1;
	for (i = 0; i < d->nartifacts; i++) {
		const struct drift_artifact *a = &d->artifacts[i];

		if (buf_puts(b, i ? ",{" : "{") == -1 || json_kv_str(b, 1, "name", a->name) == -1 ||
		    json_kv_str(b, 0, "old_sha256", a->old_sha[0] ? a->old_sha : NULL) == -1 ||
		    json_kv_str(b, 0, "new_sha256", a->new_sha[0] ? a->new_sha : NULL) == -1 ||
		    json_kv_int(b, 0, "added", (int64_t)a->added) == -1 ||
		    json_kv_int(b, 0, "removed", (int64_t)a->removed) == -1 ||
		    buf_printf(b, ",\"approximate\":%s", a->approximate ? "true" : "false") == -1 ||
		    json_kv_str(b, 0, "diff", with_diffs ? a->diff : NULL) == -1 ||
		    json_kv_str(b, 0, "error", a->error) == -1 || buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]}");
}

static int
json_presence(struct buf *b, const char *key, const struct drift_presence *p, size_t n)
{
	size_t i;

	if (buf_puts(b, ",") == -1 || json_str(b, key) == -1 || buf_puts(b, ":[") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (buf_puts(b, i ? ",{" : "{") == -1 || json_dev(b, &p[i].dev) == -1 ||
		    json_snap(b, "snapshot", &p[i].snap) == -1 || buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]");
}

static int
json_head(struct buf *b, const struct drift *d)
{
	char t[32];

	json_time(d->since, t);
	return buf_printf(b, "{\"schema\":\"netloom-drift\",\"version\":%d", DRIFTFMT_JSON_VERSION)
	    == -1 || json_kv_str(b, 0, "mode", driftfmt_mode_name(d->mode)) == -1 ||
	    buf_puts(b, ",") == -1 || json_null_or_int(b, "scan", d->new_scan) == -1 ||
	    buf_puts(b, ",") == -1 || json_null_or_int(b, "against_scan", d->old_scan) == -1 ||
	    json_kv_str(b, 0, "since", d->mode == DRIFT_SINCE ? t : NULL) == -1 ||
	    buf_puts(b, ",\"summary\":{") == -1 ||
	    json_kv_int(b, 1, "compared", (int64_t)d->compared) == -1 ||
	    json_kv_int(b, 0, "changed", (int64_t)d->ndevices) == -1 ||
	    json_kv_int(b, 0, "appeared", (int64_t)d->nappeared) == -1 ||
	    json_kv_int(b, 0, "vanished", (int64_t)d->nvanished) == -1 ||
	    json_kv_int(b, 0, "regressions", (int64_t)d->regressions) == -1 ||
	    json_kv_int(b, 0, "fixes", (int64_t)d->fixes) == -1 ||
	    buf_puts(b, "},\"devices\":[") == -1 ? -1 : 0;
}

int
driftfmt_json_buf(struct buf *b, const struct drift *d, int with_diffs)
{
	size_t i;

	if (json_head(b, d) == -1)
		return -1;
	for (i = 0; i < d->ndevices; i++)
		if ((i && buf_puts(b, ",") == -1) || json_device(b, &d->devices[i], with_diffs) == -1)
			return -1;
	if (buf_puts(b, "]") == -1 || json_presence(b, "appeared", d->appeared, d->nappeared) == -1 ||
	    json_presence(b, "vanished", d->vanished, d->nvanished) == -1 || buf_puts(b, "}") == -1)
		return -1;
	return 0;
}

int
driftfmt_json(FILE *f, const struct drift *d, char **cause)
{
	struct buf b;
	size_t i;
	int rc = -1;

	buf_init(&b, 0);
	if (json_head(&b, d) == -1)
		goto nomem;
	for (i = 0; i < d->ndevices; i++) {
		if ((i && buf_puts(&b, ",") == -1) || json_device(&b, &d->devices[i], 1) == -1)
			goto nomem;
		if (flush(f, &b, cause) == -1)
			goto out;
	}
	if (buf_puts(&b, "]") == -1 || json_presence(&b, "appeared", d->appeared,
	    d->nappeared) == -1 || json_presence(&b, "vanished", d->vanished, d->nvanished) == -1 ||
	    buf_puts(&b, "}\n") == -1)
		goto nomem;
	if (flush(f, &b, cause) == -1)
		goto out;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "drift: output too large or out of memory");
out:
	buf_free(&b);
	return rc;
}
