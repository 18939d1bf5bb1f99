/* retention: drops old scans (with their snapshots, facts, artifacts links and verdicts)
 * so that a scheduled job's store does not grow forever. Keeps the newest scans, running
 * scans, and every scan holding a golden-pinned snapshot; then the artifact texts no
 * snapshot, policy or audit run refers to any more. Devices and the asset register stay. */
#ifndef NETLOOM_RETENTION_H
#define NETLOOM_RETENTION_H

#include <stdint.h>

#include "inventory/store.h"

/* Keeps the keep_scans newest scans (keep_scans >= 1); *scans and *artifacts (may be
 * NULL) receive how many were removed. One transaction. */
int	retention_prune(struct store *s, int64_t keep_scans, int64_t *scans, int64_t *artifacts,
	    char **cause);

#endif
