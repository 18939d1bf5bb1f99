/* assetinfo: read-only view of the asset register for reports: the asset linked to a
 * device (owner, department, location, cost, warranty, lifecycle state, how the link was
 * made). Reads assets and asset_links; writes nothing (inventory/asset.c owns them). */
#ifndef NETLOOM_ASSETINFO_H
#define NETLOOM_ASSETINFO_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/store.h"

struct assetinfo {
	char	*tag;
	char	*owner;
	char	*department;
	char	*location;
	char	*cost;		/* purchase_cost as registered */
	char	*warranty_end;	/* YYYY-MM-DD */
	char	*support_end;
	char	*state;		/* lifecycle state */
	char	*matched_on;	/* serial, mac, hostname, address, manual */
	char	*confidence;
	size_t	 nlinks;	/* assets linked to the device (this is the first by tag) */
};

/* The asset linked to device_id (the first by tag when several are); *found 0 when none. */
int	assetinfo_for_device(struct store *s, int64_t device_id, struct assetinfo *out,
	    int *found, char **cause);
void	assetinfo_clear(struct assetinfo *a);
/* Number of assets in the register (reports show asset columns only when there are). */
int	assetinfo_count(struct store *s, int64_t *n, char **cause);

#endif
