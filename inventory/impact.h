/* impact: what is affected when a device or asset goes down. Walks declared depends-on
 * relations backwards, LLDP/CDP neighbours both ways, and asset <-> device links,
 * transitively and cycle-safe, naming each item's owner and current compliance. */
#ifndef NETLOOM_IMPACT_H
#define NETLOOM_IMPACT_H

#include <stdint.h>

#include "inventory/store.h"

struct impact_item {
	int		 depth;		/* 1: directly affected */
	int		 is_device;
	int64_t		 id;
	const char	*name;		/* asset tag, or device name/address */
	const char	*via;		/* depends-on, lldp, cdp, same-item */
	const char	*from;		/* the item it was reached from */
	const char	*owner;		/* asset owner (a device: its linked asset's), or NULL */
	const char	*compliance;	/* "3 pass, 1 fail" for a device's latest snapshot,
					   "not audited", or NULL for an asset */
};
typedef int (*impact_cb)(const struct impact_item *it, void *arg);

/* ref as asset_resolve() takes it; max_depth 0: no limit. Items come breadth first. */
int	impact_walk(struct store *s, const char *ref, int max_depth, impact_cb cb, void *arg,
	    char **cause);

#endif
