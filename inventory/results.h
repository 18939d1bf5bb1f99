/* results: what the audit reads from and writes to the store: each device's latest
 * snapshots (facts and artifacts merged, newest first), the policies table (id,
 * version, SHA-256) and rule verdicts per snapshot with their evidence. */
#ifndef NETLOOM_RESULTS_H
#define NETLOOM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

struct snapshot;
struct store;

/* One device as the audit sees it. snap merges the latest snapshot of each source
 * (ssh, snmp, ...): a fact or artifact comes from the newest snapshot that has it.
 * Results are stored on snapshot_id, the newest of them. Borrowed for the callback. */
struct results_device {
	int64_t			 id;
	const char		*name;
	const char		*address;
	const char		*platform;
	int64_t			 snapshot_id;
	const char		*snapshots;	/* "12 ssh, 9 snmp": what was merged */
	const struct snapshot	*snap;
	const char *const	*assets;	/* linked asset tags */
	size_t			 nassets;
};

typedef int (*results_device_cb)(const struct results_device *d, void *arg);

/* Calls cb for every device that has a snapshot (only device_id when it is not 0),
 * in id order. Stops when cb returns non-zero and returns that value; -1 with a
 * cause on a store error. cb may write to the store. */
int	results_latest_each(struct store *s, int64_t device_id, results_device_cb cb,
	    void *arg, char **cause);

/* Finds or adds the policies row for (policy_id, version, sha256). */
int	results_policy_put(struct store *s, const char *policy_id, const char *version,
	    const char *sha256, const char *title, int64_t *row, char **cause);

struct results_row {
	const char	*rule_id;
	const char	*status;	/* pass, fail, error, notapplicable, waived */
	const char	*severity;
	const char	*evidence;
};

/* Stores the verdicts of one policy on one snapshot in one transaction, replacing
 * what an earlier audit of the same snapshot with the same policy row stored.
 * audit_run: the inventory/auditrun.h row of this audit (0: none). */
int	results_put(struct store *s, int64_t snapshot_id, int64_t policy_row,
	    const struct results_row *rows, size_t n, int64_t evaluated, int64_t audit_run,
	    char **cause);

#endif
