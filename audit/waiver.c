#include "audit/waiver.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "audit/engine.h"
#include "common/xmldoc.h"
#include "common/err.h"

#define WAIVERS_MAX_BYTES	(4u * 1024 * 1024)

struct waiver_own {
	struct waiver	 w;
	char		*s[8];		/* owned strings behind w's pointers */
};

struct waivers {
	struct waiver_own *v;
	size_t		 n;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (no timegm, no TZ). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DD" -> the first second after that day, UTC. */
static int
parse_date(const char *s, int64_t *until)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y = 0, m, d;
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (unsigned)(s[i] - '0');
	m = (unsigned)(s[5] - '0') * 10 + (unsigned)(s[6] - '0');
	d = (unsigned)(s[8] - '0') * 10 + (unsigned)(s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return -1;
	*until = (days_from_civil(y, m, d) + 1) * 86400;
	return 0;
}

int
waivers_load_mem(const char *name, const char *data, size_t len, struct waivers **out,
    char **cause)
{
	static const char *const attrs[] = { "id", "policy", "rule", "device", "asset",
	    "expires" };
	struct waivers *w = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr k, e;
	size_t i, j;
	int rc = -1;

	*out = NULL;
	if (len > WAIVERS_MAX_BYTES)
		return err_set(cause, "%s: larger than %u bytes", name, WAIVERS_MAX_BYTES);
	if (xmldoc_read(name, data, len, "policies/waivers.xsd", &doc, cause) == -1)
		return -1;
	if ((w = calloc(1, sizeof *w)) == NULL)
		goto nomem;
	for (k = xmldoc_first(xmlDocGetRootElement(doc)); k; k = xmldoc_next(k))
		w->n++;
	if ((w->v = calloc(w->n + 1, sizeof *w->v)) == NULL)
		goto nomem;
	for (i = 0, k = xmldoc_first(xmlDocGetRootElement(doc)); k;
	    k = xmldoc_next(k), i++) {
		struct waiver_own *o = &w->v[i];

		for (j = 0; j < 6; j++)
			o->s[j] = xmldoc_attr(k, attrs[j]);
		for (e = xmldoc_first(k); e != NULL; e = xmldoc_next(e)) {
			if (xmldoc_is(e, "reason") && (o->s[6] = xmldoc_text(e)) == NULL)
				goto nomem;
			if (xmldoc_is(e, "approver") && (o->s[7] = xmldoc_text(e)) == NULL)
				goto nomem;
		}
		if (o->s[0] == NULL && asprintf(&o->s[0], "%s:%ld", name, xmlGetLineNo(k)) == -1) {
			o->s[0] = NULL;
			goto nomem;
		}
		if (o->s[2] == NULL || o->s[5] == NULL || o->s[6] == NULL || o->s[7] == NULL)
			goto nomem;
		o->w.id = o->s[0];
		o->w.policy = o->s[1];
		o->w.rule = o->s[2];
		o->w.device = o->s[3];
		o->w.asset = o->s[4];
		o->w.expires = o->s[5];
		o->w.reason = o->s[6];
		o->w.approver = o->s[7];
		if (parse_date(o->w.expires, &o->w.until) == -1) {
			err_set(cause, "%s:%ld: expires: not a date YYYY-MM-DD: '%s'", name,
			    xmlGetLineNo(k), o->w.expires);
			goto out;
		}
	}
	*out = w;
	w = NULL;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "%s: out of memory", name);
out:
	waivers_free(&w);
	xmlFreeDoc(doc);
	return rc;
}

int
waivers_load_file(const char *file, struct waivers **out, char **cause)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (xmldoc_slurp(file, WAIVERS_MAX_BYTES, &data, &len, cause) == -1)
		return -1;
	rc = waivers_load_mem(file, data, len, out, cause);
	free(data);
	return rc;
}

void
waivers_free(struct waivers **wp)
{
	struct waivers *w = *wp;
	size_t i, j;

	if (w == NULL)
		return;
	for (i = 0; i < w->n && w->v != NULL; i++)
		for (j = 0; j < 8; j++)
			free(w->v[i].s[j]);
	free(w->v);
	free(w);
	*wp = NULL;
}

size_t
waivers_count(const struct waivers *w)
{
	return w != NULL ? w->n : 0;
}

const struct waiver *
waivers_at(const struct waivers *w, size_t i)
{
	return w != NULL && i < w->n ? &w->v[i].w : NULL;
}

int
waiver_expired(const struct waiver *wv, time_t now)
{
	return (int64_t)now >= wv->until;
}

static int
rule_matches(const char *pat, const char *rule)
{
	size_t n = strlen(pat);

	if (n > 0 && pat[n - 1] == '*')
		return strncmp(pat, rule, n - 1) == 0;
	return strcmp(pat, rule) == 0;
}

static int
device_matches(const struct waiver *wv, const struct engine_device *dev)
{
	char id[32];
	size_t i;

	if (wv->device == NULL && wv->asset == NULL)
		return 1;
	if (wv->device != NULL) {
		snprintf(id, sizeof id, "%" PRId64, dev->id);
		if ((dev->id > 0 && strcmp(wv->device, id) == 0) ||
		    (dev->name != NULL && strcmp(wv->device, dev->name) == 0) ||
		    (dev->address != NULL && strcmp(wv->device, dev->address) == 0))
			return 1;
	}
	for (i = 0; wv->asset != NULL && i < dev->nassets; i++)
		if (strcmp(wv->asset, dev->assets[i]) == 0)
			return 1;
	return 0;
}

const struct waiver *
waivers_find(const struct waivers *w, const char *policy, const char *rule,
    const struct engine_device *dev, time_t now)
{
	const struct waiver *expired = NULL, *wv;
	size_t i;

	for (i = 0; i < waivers_count(w); i++) {
		wv = &w->v[i].w;
		if (wv->policy != NULL && strcmp(wv->policy, policy) != 0)
			continue;
		if (!rule_matches(wv->rule, rule) || !device_matches(wv, dev))
			continue;
		if (!waiver_expired(wv, now))
			return wv;
		if (expired == NULL)
			expired = wv;
	}
	return expired;
}
