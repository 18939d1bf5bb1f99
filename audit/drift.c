#include "audit/drift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/diff.h"
#include "common/err.h"
#include "scanner/redact.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const char *
drift_verdict_kind_name(enum drift_verdict_kind k)
{
	switch (k) {
	case DRIFT_REGRESSION:
		return "regression";
	case DRIFT_FIX:
		return "fix";
	default:
		return "changed";
	}
}

int
drift_fact_is_volatile(const char *key)
{
	static const char *keys[] = { "sys.uptime", "sys.clock", "sys.date", "snmp.engine_time",
	    "snmp.engine_boots", "snmp.error" };
	size_t i, n = strlen(key);

	for (i = 0; i < NELEM(keys); i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return n >= 7 && strcmp(key + n - 7, ".uptime") == 0;
}

/* snmp-walk lines "OID = TYPE: value" whose OID counts time or usage, not configuration. */
static int
walk_line_volatile(const char *line, size_t len)
{
	static const char *oids[] = {
		"1.3.6.1.2.1.1.3.0",		/* sysUpTime */
		"1.3.6.1.2.1.1.8.0",		/* sysORLastChange */
		"1.3.6.1.2.1.1.9.1.4.",		/* sysORUpTime */
		"1.3.6.1.6.3.10.2.1.2.0",	/* snmpEngineBoots */
		"1.3.6.1.6.3.10.2.1.3.0",	/* snmpEngineTime */
		"1.3.6.1.2.1.25.1.",		/* hrSystem: uptime, date, users, processes */
		"1.3.6.1.2.1.25.2.3.1.5.",	/* hrStorageSize: memory pools resize */
		"1.3.6.1.2.1.25.2.3.1.6.",	/* hrStorageUsed */
		"1.3.6.1.2.1.25.2.3.1.7.",	/* hrStorageAllocationFailures */
	};
	size_t i, n, olen;

	for (olen = 0; olen < len && line[olen] != ' '; olen++)
		;
	for (i = 0; i < NELEM(oids); i++) {
		n = strlen(oids[i]);
		if (oids[i][n - 1] == '.' ? olen > n && memcmp(line, oids[i], n) == 0 :
		    olen == n && memcmp(line, oids[i], n) == 0)
			return 1;
	}
	return 0;
}

int
drift_line_is_volatile(const char *artifact, const char *platform, const char *line,
    size_t len)
{
	enum redact_platform p = REDACT_ANY;

	if (strcmp(artifact, "snmp-walk") == 0)
		return walk_line_volatile(line, len);
	if (platform == NULL || redact_platform_from_name(platform, &p) == -1)
		p = REDACT_ANY;
	return redact_is_volatile(p, line, len);
}

struct vol_arg {
	const char	*artifact;
	const char	*platform;
};

static int
diff_ignore(const char *line, size_t len, void *arg)
{
	const struct vol_arg *v = arg;

	return drift_line_is_volatile(v->artifact, v->platform, line, len);
}

static int
parse_num(const char **p, int digits, int *out)
{
	int i, v = 0;

	for (i = 0; i < digits; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += digits;
	*out = v;
	return 0;
}

int
drift_parse_date(const char *s, int64_t *t, char **cause)
{
	struct tm tm = { 0 };
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	time_t v;

	if (s[0] == '@') {
		long long n = 0;

		for (p = s + 1; *p >= '0' && *p <= '9' && n < 100000000000LL; p++)
			n = n * 10 + (*p - '0');
		if (p == s + 1 || *p != '\0')
			return err_set(cause, "bad date '%s': @ must be followed by unix seconds", s);
		*t = n;
		return 0;
	}
	if (parse_num(&p, 4, &y) == -1 || *p++ != '-' || parse_num(&p, 2, &mo) == -1 ||
	    *p++ != '-' || parse_num(&p, 2, &d) == -1)
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (parse_num(&p, 2, &h) == -1 || *p++ != ':' || parse_num(&p, 2, &mi) == -1)
			goto bad;
		if (*p == ':' && (p++, parse_num(&p, 2, &sec) == -1))
			goto bad;
		if (*p == 'Z')
			p++;
	}
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		goto bad;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	v = timegm(&tm);
	if (v == (time_t)-1 || tm.tm_mday != d)
		goto bad;
	*t = (int64_t)v;
	return 0;
bad:
	return err_set(cause, "bad date '%s' (want YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z or @SECONDS,"
	    " UTC)", s);
}

/* ------------------------------------------------------------------ one device */

void
drift_device_clear(struct drift_device *d)
{
	size_t i;

	history_device_clear(&d->dev);
	for (i = 0; i < d->nfacts; i++) {
		free(d->facts[i].key);
		free(d->facts[i].old);
		free(d->facts[i].new);
	}
	free(d->facts);
	for (i = 0; i < d->nartifacts; i++) {
		free(d->artifacts[i].name);
		free(d->artifacts[i].diff);
		free(d->artifacts[i].error);
	}
	free(d->artifacts);
	for (i = 0; i < d->nverdicts; i++) {
		free(d->verdicts[i].policy);
		free(d->verdicts[i].rule_id);
		free(d->verdicts[i].old_status);
		free(d->verdicts[i].new_status);
		free(d->verdicts[i].severity);
		free(d->verdicts[i].evidence);
	}
	free(d->verdicts);
	memset(d, 0, sizeof *d);
}

static char *
dup_or_null(const char *s, int *oom)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		*oom = 1;
	return p;
}

static int
grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	if ((nv = realloc(*v, *cap * size)) == NULL)
		return -1;
	*v = nv;
	return 0;
}

/* Joins the values of the key starting at *i (facts are ordered by key, seq). */
static int
fact_group(const struct hist_kvs *f, size_t *i, const char **key, struct buf *val)
{
	size_t j = *i;

	*key = f->v[j].key;
	buf_reset(val);
	for (; j < f->n && strcmp(f->v[j].key, *key) == 0; j++) {
		if (j > *i && buf_puts(val, "\n") == -1)
			return -1;
		if (buf_puts(val, f->v[j].value ? f->v[j].value : "") == -1)
			return -1;
	}
	*i = j;
	return 0;
}

static int
add_fact(struct drift_device *d, size_t *cap, const char *key, const char *old,
    const char *new)
{
	struct drift_fact *f;
	int oom = 0;

	if (grow((void **)&d->facts, d->nfacts, cap, sizeof *d->facts) == -1)
		return -1;
	f = &d->facts[d->nfacts++];
	f->key = dup_or_null(key, &oom);
	f->old = dup_or_null(old, &oom);
	f->new = dup_or_null(new, &oom);
	return oom ? -1 : 0;
}

static int
diff_facts(const struct hist_kvs *a, const struct hist_kvs *b, struct drift_device *d,
    char **cause)
{
	struct buf va, vb;
	size_t i = 0, j = 0, cap = 0, ni, nj;
	const char *ka, *kb;
	int rc = -1, c;

	buf_init(&va, 0);
	buf_init(&vb, 0);
	while (i < a->n || j < b->n) {
		ni = i;
		nj = j;
		ka = kb = NULL;
		if (i < a->n && fact_group(a, &ni, &ka, &va) == -1)
			goto nomem;
		if (j < b->n && fact_group(b, &nj, &kb, &vb) == -1)
			goto nomem;
		c = ka == NULL ? 1 : kb == NULL ? -1 : strcmp(ka, kb);
		if (c < 0) {
			if (!drift_fact_is_volatile(ka) && add_fact(d, &cap, ka, va.data, NULL) == -1)
				goto nomem;
			i = ni;
		} else if (c > 0) {
			if (!drift_fact_is_volatile(kb) && add_fact(d, &cap, kb, NULL, vb.data) == -1)
				goto nomem;
			j = nj;
		} else {
			if (!drift_fact_is_volatile(ka) && (va.len != vb.len ||
			    memcmp(va.data, vb.data, va.len) != 0) &&
			    add_fact(d, &cap, ka, va.data, vb.data) == -1)
				goto nomem;
			i = ni;
			j = nj;
		}
	}
	rc = 0;
	goto out;
nomem:
	err_set(cause, "drift: out of memory");
out:
	buf_free(&va);
	buf_free(&vb);
	return rc;
}

static int
diff_artifact(struct hist_cache *c, const char *name, const char *sha_a, const char *sha_b,
    const struct drift_opts *o, struct drift_device *d, size_t *cap, char **cause)
{
	struct vol_arg va = { name, d->dev.platform };
	struct diff_opts dopt = { .context = o->context, .ignore = diff_ignore,
	    .ignore_arg = &va, .volatile_context = 1 };
	struct diff_stats st;
	struct drift_artifact *art;
	char *ta = NULL, *tb = NULL, *dcause = NULL, la[300], lb[300];
	size_t alen = 0, blen = 0;
	struct buf out;
	int rc = -1, oom = 0;

	buf_init(&out, DRIFT_DIFF_MAX);
	if (sha_a && history_artifact_text_c(c, sha_a, &ta, &alen, cause) == -1)
		goto out;
	if (sha_b && history_artifact_text_c(c, sha_b, &tb, &blen, cause) == -1)
		goto out;
	snprintf(la, sizeof la, "%s@%lld", name, (long long)d->old.id);
	snprintf(lb, sizeof lb, "%s@%lld", name, (long long)d->new.id);
	dopt.label_a = sha_a ? la : "/dev/null";
	dopt.label_b = sha_b ? lb : "/dev/null";
	if (diff_unified(ta ? ta : "", alen, tb ? tb : "", blen, &dopt, &out, &st,
	    &dcause) == -1) {
		/* Too large to show: still a change; count lines without keeping the text. */
		struct buf sink;

		buf_init(&sink, BUF_DEFAULT_MAX);
		if (diff_unified(ta ? ta : "", alen, tb ? tb : "", blen, &dopt, &sink, &st,
		    NULL) == -1)
			memset(&st, 0, sizeof st), st.hunks = 1;
		buf_free(&sink);
	}
	if (st.hunks == 0 && sha_a && sha_b) {
		rc = 0;		/* only volatile lines changed */
		goto out;
	}
	if (grow((void **)&d->artifacts, d->nartifacts, cap, sizeof *d->artifacts) == -1)
		goto nomem;
	art = &d->artifacts[d->nartifacts++];
	memset(art, 0, sizeof *art);
	art->name = dup_or_null(name, &oom);
	snprintf(art->old_sha, sizeof art->old_sha, "%s", sha_a ? sha_a : "");
	snprintf(art->new_sha, sizeof art->new_sha, "%s", sha_b ? sha_b : "");
	art->added = st.added;
	art->removed = st.removed;
	art->approximate = st.approximate;
	if (dcause)
		art->error = dup_or_null(dcause, &oom);
	else if (!o->no_diff)
		art->diff = buf_take(&out);
	if (oom)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "drift: out of memory");
out:
	free(dcause);
	free(ta);
	free(tb);
	buf_free(&out);
	return rc;
}

static int
diff_artifacts(struct hist_cache *hc, const struct hist_kvs *a, const struct hist_kvs *b,
    const struct drift_opts *o, struct drift_device *d, char **cause)
{
	size_t i = 0, j = 0, cap = 0;
	int c;

	while (i < a->n || j < b->n) {
		c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i].key, b->v[j].key);
		if (c < 0) {
			if (diff_artifact(hc, a->v[i].key, a->v[i].value, NULL, o, d, &cap,
			    cause) == -1)
				return -1;
			i++;
		} else if (c > 0) {
			if (diff_artifact(hc, b->v[j].key, NULL, b->v[j].value, o, d, &cap,
			    cause) == -1)
				return -1;
			j++;
		} else {
			if (strcmp(a->v[i].value, b->v[j].value) != 0 && diff_artifact(hc,
			    a->v[i].key, a->v[i].value, b->v[j].value, o, d, &cap, cause) == -1)
				return -1;
			i++;
			j++;
		}
	}
	return 0;
}

/* Verdicts are keyed by (policy, rule); of duplicates the last stored counts. */
static int
result_cmp(const struct hist_result *x, const struct hist_result *y)
{
	int c = strcmp(x->policy, y->policy);

	return c ? c : strcmp(x->rule_id, y->rule_id);
}

static size_t
result_last(const struct hist_results *r, size_t i)
{
	while (i + 1 < r->n && result_cmp(&r->v[i], &r->v[i + 1]) == 0)
		i++;
	return i;
}

static int
add_verdict(struct hist_cache *hc, struct drift_device *d, size_t *cap, const struct hist_result *ro,
    const struct hist_result *rn, char **cause)
{
	const struct hist_result *r = rn ? rn : ro;
	struct drift_verdict *v;
	int oldfail = ro && strcmp(ro->status, "fail") == 0;
	int newfail = rn && strcmp(rn->status, "fail") == 0;
	int oom = 0;

	if (grow((void **)&d->verdicts, d->nverdicts, cap, sizeof *d->verdicts) == -1)
		return err_set(cause, "drift: out of memory");
	v = &d->verdicts[d->nverdicts++];
	memset(v, 0, sizeof *v);
	v->kind = newfail && !oldfail ? DRIFT_REGRESSION : oldfail && !newfail ? DRIFT_FIX :
	    DRIFT_CHANGED;
	v->policy = dup_or_null(r->policy, &oom);
	v->rule_id = dup_or_null(r->rule_id, &oom);
	v->old_status = dup_or_null(ro ? ro->status : NULL, &oom);
	v->new_status = dup_or_null(rn ? rn->status : NULL, &oom);
	v->severity = dup_or_null(r->severity, &oom);
	v->evidence = dup_or_null(rn ? rn->evidence : NULL, &oom);
	if (oom)
		return err_set(cause, "drift: out of memory");
	if (v->kind == DRIFT_REGRESSION) {
		d->regressions++;
		if (history_fail_since_c(hc, &d->new, r->policy, r->rule_id, &v->first, cause) == -1)
			return -1;
	} else if (v->kind == DRIFT_FIX)
		d->fixes++;
	return 0;
}

static int
verdict_order(const void *x, const void *y)
{
	const struct drift_verdict *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if ((c = strcmp(a->policy, b->policy)) != 0)
		return c;
	return strcmp(a->rule_id, b->rule_id);
}

static int
diff_results(struct hist_cache *hc, const struct hist_results *a, const struct hist_results *b,
    struct drift_device *d, char **cause)
{
	size_t i = 0, j = 0, cap = 0, li, lj;
	int c;

	/* No verdicts on one side: the audit did not run on that snapshot, nothing changed. */
	if (a->n == 0 || b->n == 0)
		return 0;
	while (i < a->n || j < b->n) {
		li = i < a->n ? result_last(a, i) : 0;
		lj = j < b->n ? result_last(b, j) : 0;
		c = i == a->n ? 1 : j == b->n ? -1 : result_cmp(&a->v[i], &b->v[j]);
		if (c < 0) {
			if (add_verdict(hc, d, &cap, &a->v[li], NULL, cause) == -1)
				return -1;
			i = li + 1;
		} else if (c > 0) {
			if (add_verdict(hc, d, &cap, NULL, &b->v[lj], cause) == -1)
				return -1;
			j = lj + 1;
		} else {
			if (strcmp(a->v[li].status, b->v[lj].status) != 0 &&
			    add_verdict(hc, d, &cap, &a->v[li], &b->v[lj], cause) == -1)
				return -1;
			i = li + 1;
			j = lj + 1;
		}
	}
	if (d->nverdicts > 1)
		qsort(d->verdicts, d->nverdicts, sizeof *d->verdicts, verdict_order);
	return 0;
}

/* asof: the snapshot whose device identity is shown (history_device_at; 0: now). */
static int
pair(struct hist_cache *hc, const struct hist_snap *old, const struct hist_snap *new,
    int64_t asof, const struct drift_opts *o, struct drift_device *out, int *changed,
    char **cause)
{
	struct hist_kvs fa = { 0 }, fb = { 0 }, aa = { 0 }, ab = { 0 };
	struct hist_results ra = { 0 }, rb = { 0 };
	int rc = -1;

	memset(out, 0, sizeof *out);
	*changed = 0;
	if (history_device_at_c(hc, new->device_id, asof, &out->dev, cause) == -1)
		return -1;
	out->new = *new;
	if (old)
		out->old = *old;
	if (old && (history_facts_c(hc, old->id, &fa, cause) == -1 ||
	    history_artifacts_c(hc, old->id, &aa, cause) == -1 ||
	    history_results_c(hc, old->id, &ra, cause) == -1))
		goto out;
	if (history_facts_c(hc, new->id, &fb, cause) == -1 ||
	    history_artifacts_c(hc, new->id, &ab, cause) == -1 ||
	    history_results_c(hc, new->id, &rb, cause) == -1)
		goto out;
	if (diff_facts(&fa, &fb, out, cause) == -1 ||
	    diff_artifacts(hc, &aa, &ab, o, out, cause) == -1 ||
	    diff_results(hc, &ra, &rb, out, cause) == -1)
		goto out;
	*changed = out->nfacts + out->nartifacts + out->nverdicts > 0;
	rc = 0;
out:
	history_kvs_free(&fa);
	history_kvs_free(&fb);
	history_kvs_free(&aa);
	history_kvs_free(&ab);
	history_results_free(&ra);
	history_results_free(&rb);
	if (rc == -1)
		drift_device_clear(out);
	return rc;
}

int
drift_snapshots(struct store *s, const struct hist_snap *old, const struct hist_snap *new,
    const struct drift_opts *o, struct drift_device *out, int *changed, char **cause)
{
	struct hist_cache *hc;
	int rc;

	memset(out, 0, sizeof *out);
	*changed = 0;
	if (history_cache_open(s, &hc, cause) == -1)
		return -1;
	rc = pair(hc, old, new, 0, o, out, changed, cause);
	history_cache_close(&hc);
	return rc;
}

/* ------------------------------------------------------------------ the fleet */

void
drift_free(struct drift **dp)
{
	struct drift *d = *dp;
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->ndevices; i++)
		drift_device_clear(&d->devices[i]);
	free(d->devices);
	for (i = 0; i < d->nappeared; i++)
		history_device_clear(&d->appeared[i].dev);
	free(d->appeared);
	for (i = 0; i < d->nvanished; i++)
		history_device_clear(&d->vanished[i].dev);
	free(d->vanished);
	free(d);
	*dp = NULL;
}

int
drift_found(const struct drift *d)
{
	return d->ndevices + d->nappeared + d->nvanished > 0;
}

struct builder {
	struct store		*s;
	struct hist_cache	*hc;
	const struct drift_opts	*o;
	struct drift		*d;
	size_t			 capdev, capapp, capvan;
};

static int
compare_pair(struct builder *b, const struct hist_snap *old, const struct hist_snap *new,
    int64_t asof, char **cause)
{
	struct drift_device dd;
	int changed;

	if (b->o->device_id && new->device_id != b->o->device_id)
		return 0;
	b->d->compared++;
	if (old && old->id == new->id)
		return 0;
	if (pair(b->hc, old, new, asof, b->o, &dd, &changed, cause) == -1)
		return -1;
	if (!changed) {
		drift_device_clear(&dd);
		return 0;
	}
	if (grow((void **)&b->d->devices, b->d->ndevices, &b->capdev, sizeof dd) == -1) {
		drift_device_clear(&dd);
		return err_set(cause, "drift: out of memory");
	}
	b->d->regressions += dd.regressions;
	b->d->fixes += dd.fixes;
	b->d->devices[b->d->ndevices++] = dd;
	return 0;
}

static int
add_presence(struct builder *b, int appeared, const struct hist_snap *snap, int64_t asof,
    char **cause)
{
	struct drift_presence *p;
	struct drift_presence **v = appeared ? &b->d->appeared : &b->d->vanished;
	size_t *n = appeared ? &b->d->nappeared : &b->d->nvanished;

	if (b->o->device_id && snap->device_id != b->o->device_id)
		return 0;
	if (grow((void **)v, *n, appeared ? &b->capapp : &b->capvan, sizeof **v) == -1)
		return err_set(cause, "drift: out of memory");
	p = &(*v)[*n];
	p->snap = *snap;
	if (history_device_at_c(b->hc, snap->device_id, asof, &p->dev, cause) == -1)
		return -1;
	(*n)++;
	return 0;
}

/* 1 if a device has a snapshot in the (device-ordered) list. */
static int
has_device(const struct hist_snaps *v, int64_t dev)
{
	size_t lo = 0, hi = v->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (v->v[mid].device_id < dev)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && v->v[lo].device_id == dev;
}

/* The id of the last snapshot of v->v[i]'s device in the (device-ordered) list: a scan's
 * drift shows each device as that scan left it, whatever later scans made of it. */
static int64_t
last_of(const struct hist_snaps *v, size_t i)
{
	while (i + 1 < v->n && v->v[i + 1].device_id == v->v[i].device_id)
		i++;
	return v->v[i].id;
}

static int
mode_previous(struct builder *b, char **cause)
{
	struct hist_snaps cur = { 0 }, prev = { 0 };
	struct hist_snap old;
	struct hist_scan sc = { 0 };
	size_t i;
	int found, rc = -1;

	if (b->o->scan_id) {
		if (history_scan(b->s, b->o->scan_id, &sc, cause) == -1)
			return -1;
		history_scan_clear(&sc);
		b->d->new_scan = b->o->scan_id;
	} else {
		if (history_last_scan(b->s, 0, &b->d->new_scan, &found, cause) == -1)
			return -1;
		if (!found)
			return 0;
	}
	if (b->d->new_scan > 1 && history_last_scan(b->s, b->d->new_scan - 1, &b->d->old_scan,
	    &found, cause) == -1)
		return -1;
	if (history_scan_snapshots(b->s, b->d->new_scan, &cur, cause) == -1)
		goto out;
	if (b->d->old_scan && history_scan_snapshots(b->s, b->d->old_scan, &prev, cause) == -1)
		goto out;
	for (i = 0; i < cur.n; i++) {
		/* one comparison per device and source: the scan's last snapshot of it */
		if (i + 1 < cur.n && cur.v[i + 1].device_id == cur.v[i].device_id &&
		    strcmp(cur.v[i + 1].source, cur.v[i].source) == 0)
			continue;
		if (history_previous_c(b->hc, &cur.v[i], &old, &found, cause) == -1)
			goto out;
		if (found && compare_pair(b, &old, &cur.v[i], last_of(&cur, i), cause) == -1)
			goto out;
	}
	if (b->d->old_scan) {
		for (i = 0; i < cur.n; i++)
			if ((i == 0 || cur.v[i - 1].device_id != cur.v[i].device_id) &&
			    !has_device(&prev, cur.v[i].device_id) &&
			    add_presence(b, 1, &cur.v[i], last_of(&cur, i), cause) == -1)
				goto out;
		for (i = 0; i < prev.n; i++)
			if ((i == 0 || prev.v[i - 1].device_id != prev.v[i].device_id) &&
			    !has_device(&cur, prev.v[i].device_id) &&
			    add_presence(b, 0, &prev.v[i], last_of(&prev, i), cause) == -1)
				goto out;
	}
	rc = 0;
out:
	history_snaps_free(&cur);
	history_snaps_free(&prev);
	return rc;
}

static int
mode_since(struct builder *b, char **cause)
{
	struct hist_snaps latest = { 0 }, last = { 0 };
	struct hist_snap old, first;
	size_t i, j, k, newest;
	int found, rc = -1;

	b->d->since = b->o->since;
	if (history_last_scan(b->s, 0, &b->d->new_scan, &found, cause) == -1)
		return -1;
	if (found && history_scan_snapshots(b->s, b->d->new_scan, &last, cause) == -1)
		return -1;
	if (history_latest_all(b->s, 0, &latest, cause) == -1)
		goto out;
	for (i = 0; i < latest.n; i = j) {
		newest = i;
		for (j = i; j < latest.n && latest.v[j].device_id == latest.v[i].device_id; j++)
			if (latest.v[j].taken > latest.v[newest].taken)
				newest = j;
		if (history_first(b->s, latest.v[i].device_id, &first, &found, cause) == -1)
			goto out;
		if (!has_device(&last, latest.v[i].device_id)) {
			/* there at the date, not in the last scan */
			if (found && first.taken <= b->o->since &&
			    add_presence(b, 0, &latest.v[newest], 0, cause) == -1)
				goto out;
			continue;
		}
		if (found && first.taken > b->o->since) {
			if (add_presence(b, 1, &first, 0, cause) == -1)
				goto out;
			continue;
		}
		for (k = i; k < j; k++) {
			if (latest.v[k].taken <= b->o->since)
				continue;
			if (history_at(b->s, latest.v[k].device_id, latest.v[k].source,
			    b->o->since, &old, &found, cause) == -1)
				goto out;
			if (compare_pair(b, found ? &old : NULL, &latest.v[k], 0, cause) == -1)
				goto out;
		}
	}
	rc = 0;
out:
	history_snaps_free(&latest);
	history_snaps_free(&last);
	return rc;
}

static int
mode_against(struct builder *b, const struct hist_snaps *bases, char **cause)
{
	struct hist_snap n;
	size_t i;
	int found;

	for (i = 0; i < bases->n; i++) {
		if (history_latest(b->s, bases->v[i].device_id, bases->v[i].source, 0, &n, &found,
		    cause) == -1)
			return -1;
		if (found && compare_pair(b, &bases->v[i], &n, 0, cause) == -1)
			return -1;
	}
	return 0;
}

int
drift_compute(struct store *s, const struct drift_opts *o, struct drift **out, char **cause)
{
	struct builder b = { .s = s, .o = o };
	struct hist_snaps bases = { 0 };
	struct hist_snap one;
	int rc = -1, found;

	*out = NULL;
	if ((b.d = calloc(1, sizeof *b.d)) == NULL)
		return err_set(cause, "drift: out of memory");
	if (history_cache_open(s, &b.hc, cause) == -1) {
		free(b.d);
		return -1;
	}
	b.d->mode = o->mode;
	switch (o->mode) {
	case DRIFT_PREVIOUS:
		rc = mode_previous(&b, cause);
		break;
	case DRIFT_SINCE:
		rc = mode_since(&b, cause);
		break;
	case DRIFT_SNAPSHOT:
		if (history_snapshot(s, o->snapshot_id, &one, cause) == -1)
			break;
		if (o->device_id && one.device_id != o->device_id) {
			err_set(cause, "snapshot %lld is not of device %lld",
			    (long long)o->snapshot_id, (long long)o->device_id);
			break;
		}
		bases.v = &one;
		bases.n = 1;
		rc = mode_against(&b, &bases, cause);
		bases.v = NULL;
		break;
	case DRIFT_GOLDEN:
		if (history_pins(s, o->device_id, &bases, cause) == -1)
			break;
		rc = mode_against(&b, &bases, cause);
		history_snaps_free(&bases);
		break;
	}
	if (rc == 0 && o->mode != DRIFT_PREVIOUS && b.d->new_scan == 0)
		rc = history_last_scan(s, 0, &b.d->new_scan, &found, cause);
	history_cache_close(&b.hc);
	if (rc == -1) {
		drift_free(&b.d);
		return -1;
	}
	*out = b.d;
	return 0;
}
