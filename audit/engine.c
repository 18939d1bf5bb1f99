#include "audit/engine.h"

#include <stdlib.h>
#include <string.h>

#include "audit/check.h"
#include "audit/policy.h"
#include "audit/waiver.h"
#include "common/buf.h"
#include "common/err.h"
#include "inventory/snapshot.h"

/* Evidence per result is capped: a rule over a huge config cannot fill the store. */
#define EV_MAX_BYTES	(256u * 1024)

struct engine_run {
	int			 applies;
	struct engine_result	*r;
	size_t			 n;
};

static const char *const verdict_names[] = {
	"pass", "fail", "error", "notapplicable", "waived",
};

const char *
verdict_name(enum verdict v)
{
	return (unsigned)v < VERDICT_COUNT ? verdict_names[v] : "error";
}

/* 1 when the device is within a, else 0 with the reason in ev. */
static int
applies(const struct check_applies *a, struct check_ctx *ctx, struct buf *ev)
{
	const char *plat = check_ctx_platform(ctx);
	struct buf tmp;
	size_t i;
	int ok = a->nplatforms == 0;

	for (i = 0; i < a->nplatforms && !ok; i++)
		ok = plat != NULL && strcmp(plat, a->platforms[i]) == 0;
	if (!ok) {
		buf_printf(ev, "not applicable: platform '%s' is not", plat != NULL ? plat :
		    "unknown");
		for (i = 0; i < a->nplatforms; i++)
			buf_printf(ev, "%s%s", i ? ", " : " ", a->platforms[i]);
		buf_puts(ev, "\n");
		return 0;
	}
	for (i = 0; i < a->nfacts; i++) {
		buf_init(&tmp, 0);
		ok = check_eval(a->facts[i], ctx, &tmp) == VERDICT_PASS;
		if (!ok) {
			buf_puts(ev, "not applicable: ");
			if (tmp.data != NULL)
				buf_puts(ev, tmp.data);
		}
		buf_free(&tmp);
		if (!ok)
			return 0;
	}
	return 1;
}

static char *
ev_take(struct buf *b)
{
	char *s;

	if (b->data == NULL)
		return strdup("");
	while (b->len > 0 && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
	s = buf_take(b);
	return s;
}

int
engine_eval(const struct policy *p, const struct waivers *w,
    const struct engine_device *dev, time_t now, struct engine_run **out, char **cause)
{
	const struct check_applies *pa = policy_applies(p);
	const char *platform = snapshot_fact(dev->snap, "device.platform");
	struct check_ctx *ctx = NULL;
	struct engine_run *run = NULL;
	const struct waiver *wv;
	struct buf ev;
	size_t i, n = policy_rule_count(p), evaluated = 0;
	int rc = -1;

	*out = NULL;
	buf_init(&ev, EV_MAX_BYTES);
	if (platform == NULL)
		platform = dev->platform;
	if ((run = calloc(1, sizeof *run)) == NULL ||
	    (run->r = calloc(n + 2, sizeof *run->r)) == NULL ||
	    (ctx = check_ctx_new(dev->snap, platform)) == NULL)
		goto nomem;
	if (pa != NULL && !applies(pa, ctx, &ev)) {
		*out = run;
		run = NULL;
		rc = 0;
		goto out;
	}
	run->applies = 1;
	for (i = 0; i < n; i++) {
		const struct check_rule *rule = policy_rule(p, i);
		struct engine_result *res = &run->r[run->n];
		enum verdict v;

		buf_reset(&ev);
		if (!applies(&rule->applies, ctx, &ev))
			v = VERDICT_NOTAPPLICABLE;
		else {
			v = check_eval(rule->check, ctx, &ev);
			if (v != VERDICT_NOTAPPLICABLE)
				evaluated++;
		}
		if ((v == VERDICT_FAIL || v == VERDICT_ERROR) &&
		    (wv = waivers_find(w, policy_id(p), rule->id, dev, now)) != NULL) {
			if (waiver_expired(wv, now)) {
				buf_printf(&ev, "waiver %s expired on %s (approved by %s): it no "
				    "longer applies\n", wv->id, wv->expires, wv->approver);
			} else {
				buf_printf(&ev, "waived by %s until %s, approved by %s: %s\n"
				    "verdict without the waiver: %s\n", wv->id, wv->expires,
				    wv->approver, wv->reason, verdict_name(v));
				v = VERDICT_WAIVED;
			}
		}
		res->rule_id = rule->id;
		res->title = rule->title;
		res->severity = rule->severity;
		res->category = rule->category;
		res->verdict = v;
		if ((res->evidence = ev_take(&ev)) == NULL)
			goto nomem;
		run->n++;
	}
	if (evaluated == 0) {
		struct engine_result *res = &run->r[run->n];

		buf_reset(&ev);
		buf_printf(&ev, "policy %s %s evaluated 0 of %zu rules on this device "
		    "(platform '%s'): every rule was not applicable, so nothing was checked",
		    policy_id(p), policy_version(p), n, platform != NULL ? platform : "unknown");
		res->rule_id = ENGINE_ZERO_RULES;
		res->title = "The policy evaluated no rule on this device";
		res->severity = "high";
		res->category = "inventory";
		res->verdict = VERDICT_ERROR;
		if ((res->evidence = ev_take(&ev)) == NULL)
			goto nomem;
		run->n++;
	}
	*out = run;
	run = NULL;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "engine: out of memory");
out:
	buf_free(&ev);
	check_ctx_free(&ctx);
	engine_run_free(&run);
	return rc;
}

void
engine_run_free(struct engine_run **rp)
{
	struct engine_run *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->r[i].evidence);
	free(r->r);
	free(r);
	*rp = NULL;
}

int
engine_run_applies(const struct engine_run *r)
{
	return r->applies;
}

size_t
engine_run_count(const struct engine_run *r)
{
	return r->n;
}

const struct engine_result *
engine_run_result(const struct engine_run *r, size_t i)
{
	return i < r->n ? &r->r[i] : NULL;
}

size_t
engine_run_tally(const struct engine_run *r, enum verdict v)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->r[i].verdict == v;
	return n;
}
