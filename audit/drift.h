/* drift: what changed between two snapshots of a device, or across the fleet between two
 * scans. Per device and snapshot source: a unified diff of each changed artifact (texts are
 * stored redacted; volatile lines ignored), changed facts (volatile ones ignored), changed rule
 * verdicts (regressions first, each with the snapshot where it first appeared), and the
 * devices that appeared or vanished. Reads the store only; the result is plain data that
 * reports/ renders. See docs/drift.md. */
#ifndef NETLOOM_DRIFT_H
#define NETLOOM_DRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/history.h"
#include "inventory/store.h"

/* Diffs above this size are not kept (the artifact is reported changed, with its counts). */
#define DRIFT_DIFF_MAX		(4u * 1024 * 1024)

enum drift_mode {
	DRIFT_PREVIOUS = 0,	/* a scan (default the latest) against each device's snapshot before */
	DRIFT_SINCE,		/* latest against the snapshot at or before a date */
	DRIFT_SNAPSHOT,		/* one snapshot's device: latest against that snapshot */
	DRIFT_GOLDEN,		/* pinned devices: latest against the pin */
};

struct drift_opts {
	enum drift_mode	 mode;
	int64_t		 scan_id;	/* newest scan to consider; 0: the last that ended */
	int64_t		 since;		/* DRIFT_SINCE: unix seconds */
	int64_t		 snapshot_id;	/* DRIFT_SNAPSHOT */
	int64_t		 device_id;	/* 0: every device */
	int		 context;	/* diff context lines; < 0: 3 */
	int		 no_diff;	/* counts only, no diff text (fleet summaries) */
};

enum drift_verdict_kind { DRIFT_REGRESSION = 0, DRIFT_FIX, DRIFT_CHANGED };

struct drift_fact {
	char	*key;
	char	*old;		/* NULL: absent (values of a repeated key joined by "\n") */
	char	*new;
};

struct drift_artifact {
	char	*name;
	char	 old_sha[65];	/* "" when absent */
	char	 new_sha[65];
	char	*diff;		/* unified diff, NULL when too large (see error) or no_diff */
	size_t	 added;
	size_t	 removed;
	int	 approximate;
	char	*error;		/* why there is no diff text, or NULL */
};

struct drift_verdict {
	enum drift_verdict_kind	 kind;
	char			*policy;
	char			*rule_id;
	char			*old_status;	/* NULL: no verdict */
	char			*new_status;
	char			*severity;
	char			*evidence;	/* of the new verdict */
	struct hist_snap	 first;		/* regression: where it first appeared (id 0: unknown) */
};

struct drift_device {
	struct hist_device	 dev;
	struct hist_snap	 old;		/* id 0: none */
	struct hist_snap	 new;
	struct drift_fact	*facts;
	size_t			 nfacts;
	struct drift_artifact	*artifacts;
	size_t			 nartifacts;
	struct drift_verdict	*verdicts;	/* regressions, then fixes, then other changes */
	size_t			 nverdicts;
	size_t			 regressions;
	size_t			 fixes;
};

/* A device present in one scan and not the other (DRIFT_PREVIOUS, DRIFT_SINCE). */
struct drift_presence {
	struct hist_device	dev;
	struct hist_snap	snap;	/* the snapshot that shows it (new for appeared, old for vanished) */
};

struct drift {
	enum drift_mode		 mode;
	int64_t			 new_scan;	/* the scan compared (0: none) */
	int64_t			 old_scan;	/* DRIFT_PREVIOUS: the scan before it (0: none) */
	int64_t			 since;
	size_t			 compared;	/* device/source pairs compared */
	struct drift_device	*devices;	/* only those that changed, by device id */
	size_t			 ndevices;
	struct drift_presence	*appeared;
	size_t			 nappeared;
	struct drift_presence	*vanished;
	size_t			 nvanished;
	size_t			 regressions;
	size_t			 fixes;
};

int	drift_compute(struct store *s, const struct drift_opts *o, struct drift **out,
	    char **cause);
void	drift_free(struct drift **d);
/* 1 when d holds any change (a changed device, an appeared or vanished one). */
int	drift_found(const struct drift *d);

/* Compares two snapshots of one device (old may be NULL: everything is new). */
int	drift_snapshots(struct store *s, const struct hist_snap *old, const struct hist_snap *new,
	    const struct drift_opts *o, struct drift_device *out, int *changed, char **cause);
void	drift_device_clear(struct drift_device *d);

/* Facts that change on every scan and are never drift (sys.uptime, clocks). */
int	drift_fact_is_volatile(const char *key);
/* 1 if a line of the named artifact is volatile on this platform (devices.platform). */
int	drift_line_is_volatile(const char *artifact, const char *platform, const char *line,
	    size_t len);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]" (UTC) or "@UNIXSECONDS". */
int	drift_parse_date(const char *s, int64_t *t, char **cause);

const char *drift_verdict_kind_name(enum drift_verdict_kind k);

#endif
