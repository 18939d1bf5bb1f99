/* history: the store read back over time, for drift and reports. Snapshots of a device,
 * the one before, the one at or before a date, their artifacts, facts and rule verdicts;
 * scans and the devices each saw; golden pins. A device's snapshots are ordered by id (the
 * order they were stored) and compared per source (snmp with snmp, ssh with ssh). */
#ifndef NETLOOM_HISTORY_H
#define NETLOOM_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/store.h"

struct hist_snap {
	int64_t	id;
	int64_t	device_id;
	int64_t	scan_id;
	int64_t	taken;		/* unix seconds */
	char	source[16];	/* "snmp", "ssh", "pcap", "file" */
};

/* A device's identity columns; every string may be NULL. */
struct hist_device {
	int64_t	 id;
	char	*name;
	char	*address;
	char	*platform;
	char	*vendor;
	char	*model;
	char	*serial;
	char	*os_name;
	char	*os_version;
	int64_t	 first_seen;
	int64_t	 last_seen;
};

struct hist_scan {
	int64_t	 id;
	int64_t	 started;
	int64_t	 finished;
	char	*state;
	char	*targets;
	char	*collector;
	char	*version;
	int64_t	 snapshots;
	int64_t	 devices;
};

/* key/value pairs in store order: facts (key, value) or artifacts (name, sha256). */
struct hist_kv {
	char	*key;
	char	*value;
};

struct hist_kvs {
	struct hist_kv	*v;
	size_t		 n;
};

/* One rule verdict of schema v1's rule_results, with the policy's id (not its row id). */
struct hist_result {
	char	*policy;	/* policies.policy_id */
	char	*policy_version;
	char	*rule_id;
	char	*status;	/* pass, fail, error, notapplicable, waived */
	char	*severity;	/* may be NULL */
	char	*evidence;	/* may be NULL */
};

struct hist_results {
	struct hist_result	*v;
	size_t			 n;
};

struct hist_snaps {
	struct hist_snap	*v;
	size_t			 n;
};

/* One snapshot by id; -1 with a cause when there is none. */
int	history_snapshot(struct store *s, int64_t id, struct hist_snap *out, char **cause);
/* The snapshot of the same device and source stored just before snap; *found 0 if none. */
int	history_previous(struct store *s, const struct hist_snap *snap, struct hist_snap *out,
	    int *found, char **cause);
/* The device's latest snapshot of a source (NULL: any) with id <= max_id (0: no limit). */
int	history_latest(struct store *s, int64_t device, const char *source, int64_t max_id,
	    struct hist_snap *out, int *found, char **cause);
/* The device's latest snapshot of a source taken at or before t. */
int	history_at(struct store *s, int64_t device, const char *source, int64_t t,
	    struct hist_snap *out, int *found, char **cause);
/* The device's first snapshot (any source). */
int	history_first(struct store *s, int64_t device, struct hist_snap *out, int *found,
	    char **cause);
/* Every snapshot of a scan, by device then id. */
int	history_scan_snapshots(struct store *s, int64_t scan, struct hist_snaps *out,
	    char **cause);
/* Latest snapshot per device and source with id <= max_id (0: no limit), by device. */
int	history_latest_all(struct store *s, int64_t max_id, struct hist_snaps *out, char **cause);
/* Snapshots of one device, oldest first. */
int	history_device_snapshots(struct store *s, int64_t device, struct hist_snaps *out,
	    char **cause);
void	history_snaps_free(struct hist_snaps *v);

/* The device's identity as the devices row is now. */
int	history_device(struct store *s, int64_t id, struct hist_device *out, char **cause);
/* The device's identity as it was when its snapshot `snapshot` was stored (0: now): the
 * devices row replayed from the facts and addresses of its snapshots up to that one, so
 * that later scans do not change it; first_seen is its first snapshot still stored,
 * last_seen that snapshot's time. */
int	history_device_at(struct store *s, int64_t id, int64_t snapshot, struct hist_device *out,
	    char **cause);
/* Resolves "ID" or an exact device name (a name held by two devices is refused). */
int	history_device_find(struct store *s, const char *spec, int64_t *id, char **cause);
void	history_device_clear(struct hist_device *d);

/* The latest scan that ended (complete or interrupted) and holds snapshots, with id <=
 * max_id (0: no limit); *found 0 if none. */
int	history_last_scan(struct store *s, int64_t max_id, int64_t *scan, int *found,
	    char **cause);
int	history_scan(struct store *s, int64_t id, struct hist_scan *out, char **cause);
/* Every scan with id <= max_id (0: all), oldest first; *n scans in *out. */
int	history_scans(struct store *s, int64_t max_id, struct hist_scan **out, size_t *n,
	    char **cause);
void	history_scan_clear(struct hist_scan *sc);
void	history_scans_free(struct hist_scan **v, size_t n);

int	history_facts(struct store *s, int64_t snapshot, struct hist_kvs *out, char **cause);
int	history_artifacts(struct store *s, int64_t snapshot, struct hist_kvs *out, char **cause);
void	history_kvs_free(struct hist_kvs *v);
/* The stored (redacted) text of an artifact; *text is malloc'd and NUL-terminated. */
int	history_artifact_text(struct store *s, const char *sha256, char **text, size_t *len,
	    char **cause);

/* Rule verdicts of a snapshot ordered by policy, rule. */
int	history_results(struct store *s, int64_t snapshot, struct hist_results *out,
	    char **cause);
void	history_results_free(struct hist_results *v);
/* The first snapshot of the run of 'fail' verdicts of (policy, rule) that ends at snap: where
 * the failure first appeared. *first is 0 when snap does not fail it. */
int	history_fail_since(struct store *s, const struct hist_snap *snap, const char *policy,
	    const char *rule, struct hist_snap *first, char **cause);

/* A cache of the prepared statements of the per-snapshot reads below, for passes over a
 * whole fleet (drift, reports): the _c variants read the same as the plain ones. Close it
 * before the store. */
struct hist_cache;
int	history_cache_open(struct store *s, struct hist_cache **out, char **cause);
void	history_cache_close(struct hist_cache **c);
int	history_previous_c(struct hist_cache *c, const struct hist_snap *snap,
	    struct hist_snap *out, int *found, char **cause);
int	history_device_c(struct hist_cache *c, int64_t id, struct hist_device *out,
	    char **cause);
int	history_device_at_c(struct hist_cache *c, int64_t id, int64_t snapshot,
	    struct hist_device *out, char **cause);
int	history_facts_c(struct hist_cache *c, int64_t snapshot, struct hist_kvs *out,
	    char **cause);
int	history_artifacts_c(struct hist_cache *c, int64_t snapshot, struct hist_kvs *out,
	    char **cause);
int	history_artifact_text_c(struct hist_cache *c, const char *sha256, char **text,
	    size_t *len, char **cause);
int	history_results_c(struct hist_cache *c, int64_t snapshot, struct hist_results *out,
	    char **cause);
int	history_fail_since_c(struct hist_cache *c, const struct hist_snap *snap,
	    const char *policy, const char *rule, struct hist_snap *first, char **cause);

/* Golden pins: one snapshot per device and source that drift compares against until the
 * pin moves. history_pin records snap's device and source. */
int	history_pin(struct store *s, const struct hist_snap *snap, char **cause);
/* Removes a device's pins; *removed receives how many (may be NULL). */
int	history_unpin(struct store *s, int64_t device, int *removed, char **cause);
/* Pinned snapshots (of one device, or all when device is 0), by device and source. */
int	history_pins(struct store *s, int64_t device, struct hist_snaps *out, char **cause);

#endif
