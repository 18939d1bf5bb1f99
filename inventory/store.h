/* store: the configuration management database. The only module that opens SQLite;
 * every other stage reads and writes the store through this API (modules inside
 * inventory/ may use inventory/store_int.h). */
#ifndef NETLOOM_STORE_H
#define NETLOOM_STORE_H

#include <stdint.h>

#include "inventory/snapshot.h"

struct store;

#define STORE_DEFAULT_PATH	"netloom.db"

enum store_flags {
	STORE_READONLY	= 1 << 0,	/* never create, never migrate, never write */
	STORE_NOREAP	= 1 << 1,	/* do not mark dead scans interrupted on open */
};

enum scan_state { SCAN_RUNNING, SCAN_COMPLETE, SCAN_INTERRUPTED, SCAN_FAILED };

/* Opens (creating and migrating when writable) the database at path. Waits up to
 * the busy timeout for another process's write, then fails with a clear cause. */
int	store_open(struct store **sp, const char *path, int flags, char **cause);
void	store_close(struct store **sp);
/* Schema version of the open database (PRAGMA user_version). */
int	store_schema_version(struct store *s);
int	store_schema_latest(void);
/* Full consistency check (PRAGMA integrity_check + foreign_key_check). */
int	store_check(struct store *s, char **cause);

/* A scan record: created RUNNING with this process's pid; store_open() marks records
 * of processes that died without ending their scan INTERRUPTED. */
int	store_scan_begin(struct store *s, const char *targets, int64_t *scan_id, char **cause);
int	store_scan_end(struct store *s, int64_t scan_id, enum scan_state state, char **cause);
/* Marks dead RUNNING scans INTERRUPTED; *count receives how many (may be NULL). */
int	store_scan_reap(struct store *s, int *count, char **cause);

/* Writes one device snapshot in one transaction: finds or creates the device by
 * identity (serial, SNMP engine ID, SSH host key, MAC, then address), updates it, and
 * stores artifacts once by SHA-256. Ids may be NULL. */
int	store_snapshot_put(struct store *s, int64_t scan_id, const struct snapshot *snap,
	    int64_t *device_id, int64_t *snapshot_id, char **cause);

/* Read-only views handed to iteration callbacks; strings are borrowed for the call. */
struct store_scan {
	int64_t		 id;
	int64_t		 started;	/* unix seconds */
	int64_t		 finished;	/* 0 while running */
	const char	*state;		/* "running", "complete", "interrupted", "failed" */
	const char	*targets;
	const char	*collector;
	const char	*version;
	int64_t		 snapshots;
};

struct store_device {
	int64_t		 id;
	const char	*name;
	const char	*address;
	const char	*platform;
	const char	*vendor;
	const char	*model;
	const char	*serial;
	const char	*os_name;
	const char	*os_version;
	const char	*found_by;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 snapshots;
};

typedef int (*store_scan_cb)(const struct store_scan *scan, void *arg);
typedef int (*store_device_cb)(const struct store_device *dev, void *arg);

/* Iterators stop early when the callback returns non-zero and return that value. */
int	store_scans_each(struct store *s, store_scan_cb cb, void *arg, char **cause);
int	store_devices_each(struct store *s, store_device_cb cb, void *arg, char **cause);

const char *store_scan_state_name(enum scan_state state);

#endif
