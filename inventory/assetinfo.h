/* assetinfo: what reports show of the asset linked to a device (owner, department, location,
 * cost, warranty, lifecycle state, how the link was made), as frozen for a scan by
 * inventory/scanreg.c (the first asset by tag when several are linked). */
#ifndef NETLOOM_ASSETINFO_H
#define NETLOOM_ASSETINFO_H

#include <stddef.h>

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

void	assetinfo_clear(struct assetinfo *a);

#endif
