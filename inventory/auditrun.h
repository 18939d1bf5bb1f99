/* auditrun: the record of one audit: when, on which collector, with which netloom, and the
 * exact bytes of every policy and waiver file it used (stored in artifacts by SHA-256, so
 * an auditor gets back the very files), plus reads for the evidence package: the runs
 * behind a scan's verdicts and the snapshots whose artifacts those verdicts read. */
#ifndef NETLOOM_AUDITRUN_H
#define NETLOOM_AUDITRUN_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/store.h"

/* Records a run started at `started`. waivers_name/text may be NULL (no waiver file);
 * params: the --set values as "k=v" lines ("" when none). */
int	auditrun_begin(struct store *s, int64_t started, const char *waivers_name,
	    const char *wtext, size_t wlen, const char *params, int64_t *run, char **cause);
/* Records that run used the policy row (results_policy_put) read from a file with
 * these exact bytes; the text is stored by its SHA-256. */
int	auditrun_policy(struct store *s, int64_t run, int64_t policy_row, const char *name,
	    const char *text, size_t len, char **cause);

struct auditrun_info {
	int64_t		 id;
	int64_t		 started;
	const char	*collector;
	const char	*version;
	const char	*params;
	int64_t		 verdicts;	/* verdicts of the scan this run wrote */
};
/* Every run that wrote a verdict on a snapshot of scan_id, oldest first. */
int	auditrun_each_for_scan(struct store *s, int64_t scan_id,
	    int (*cb)(const struct auditrun_info *r, void *arg), void *arg, char **cause);

struct auditrun_file {
	const char	*kind;		/* "policy" or "waivers" */
	const char	*name;		/* as given to the audit (a path or a shipped name) */
	const char	*policy_id;	/* NULL for waivers */
	const char	*version;
	const char	*sha256;
	const char	*text;		/* NULL when the text was not kept */
	size_t		 len;
};
/* The policy files of run (by policy id), then its waiver file. */
int	auditrun_files_each(struct store *s, int64_t run,
	    int (*cb)(const struct auditrun_file *f, void *arg), void *arg, char **cause);

struct auditrun_source {
	int64_t		 device_id;
	int64_t		 verdict_snapshot;	/* the snapshot the verdicts are stored on */
	int64_t		 snapshot;		/* a snapshot merged into what the audit read */
	const char	*source;
	int64_t		 taken;
};
/* For each snapshot of scan_id that holds verdicts: the latest snapshot of each source of
 * that device at or before it (what results_latest_each merged), by device then source. */
int	auditrun_sources_each(struct store *s, int64_t scan_id,
	    int (*cb)(const struct auditrun_source *src, void *arg), void *arg, char **cause);

#endif
