/* waiver: accepted exceptions (policies/waivers.xsd). A waiver names a rule (optionally
 * its policy), selects devices by id, name or address, or by a linked asset tag (no
 * selector: every device), and says why, who approved it and until when. It turns a
 * fail or error into "waived" until the end of its expiry day (UTC); after that it no
 * longer applies and the engine says so in the evidence. */
#ifndef NETLOOM_WAIVER_H
#define NETLOOM_WAIVER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct engine_device;
struct waivers;

struct waiver {
	const char	*id;		/* the id attribute, or "FILE:LINE" */
	const char	*policy;	/* NULL: any policy */
	const char	*rule;		/* exact id, or a prefix ending in '*' */
	const char	*device;	/* NULL: no device selector */
	const char	*asset;		/* NULL: no asset selector */
	const char	*reason;
	const char	*approver;
	const char	*expires;	/* YYYY-MM-DD as written */
	int64_t		 until;		/* first second (UTC) it no longer applies */
};

int	waivers_load_file(const char *file, struct waivers **out, char **cause);
int	waivers_load_mem(const char *name, const char *data, size_t len,
	    struct waivers **out, char **cause);
void	waivers_free(struct waivers **w);

size_t	waivers_count(const struct waivers *w);
const struct waiver *waivers_at(const struct waivers *w, size_t i);
/* 1 when the waiver has expired at now. */
int	waiver_expired(const struct waiver *wv, time_t now);
/* The first waiver selecting (policy, rule, device): an active one if any, else an
 * expired one; NULL when none selects it. */
const struct waiver *waivers_find(const struct waivers *w, const char *policy,
	    const char *rule, const struct engine_device *dev, time_t now);

#endif
