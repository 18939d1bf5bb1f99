/* engine: evaluates loaded policies against one device's latest facts and artifacts.
 * A pure function of (policies, waivers, device, now): no store, no network, no clock
 * but the `now` it is given. Every verdict carries evidence an auditor can follow. */
#ifndef NETLOOM_ENGINE_H
#define NETLOOM_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct policy;
struct snapshot;
struct waivers;

enum verdict {
	VERDICT_PASS = 0,
	VERDICT_FAIL,
	VERDICT_ERROR,
	VERDICT_NOTAPPLICABLE,
	VERDICT_WAIVED,
	VERDICT_COUNT
};

/* Rule id of the result a policy gets on a device where it evaluated no rule at all. */
#define ENGINE_ZERO_RULES	"netloom.zero-rules"

/* The device as the engine sees it. snap holds the merged facts and artifacts of the
 * device's latest snapshots (artifact texts already redacted). Strings are borrowed. */
struct engine_device {
	int64_t			 id;		/* store id, 0 offline */
	const char		*name;
	const char		*address;
	const char		*platform;	/* fallback when no device.platform fact */
	const char *const	*assets;	/* asset tags linked to the device */
	size_t			 nassets;
	const struct snapshot	*snap;
};

/* One rule's verdict. Strings are owned by the engine_run. */
struct engine_result {
	const char	*rule_id;
	const char	*title;
	const char	*severity;
	const char	*category;
	enum verdict	 verdict;
	char		*evidence;	/* lines separated by '\n', no trailing newline */
};

struct engine_run;

/* Evaluates policy p on dev at time now. When the policy's own applicability excludes
 * the device, *out holds a run with applies == 0 and no results. Otherwise one result
 * per rule, in policy order, plus one ENGINE_ZERO_RULES error result when every rule
 * was not applicable. Waivers may be NULL. Returns 0, or -1 (memory) with a cause. */
int	engine_eval(const struct policy *p, const struct waivers *w,
	    const struct engine_device *dev, time_t now, struct engine_run **out,
	    char **cause);
void	engine_run_free(struct engine_run **r);

int	engine_run_applies(const struct engine_run *r);
size_t	engine_run_count(const struct engine_run *r);
const struct engine_result *engine_run_result(const struct engine_run *r, size_t i);
/* Number of results with verdict v. */
size_t	engine_run_tally(const struct engine_run *r, enum verdict v);

const char *verdict_name(enum verdict v);

#endif
