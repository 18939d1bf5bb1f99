/* scanreg: the asset register as a scan's reports show it, frozen so that a past audit
 * renders again byte for byte after the register changed. asset_history cannot rebuild
 * it: links are logged by device name (no id, no confidence), findings not at all, and
 * deleting an asset deletes its history. An audit freezes the register for every scan
 * it wrote verdicts on (replacing an earlier copy); a report of a scan that has none
 * freezes it then. */
#ifndef NETLOOM_SCANREG_H
#define NETLOOM_SCANREG_H

#include <stdint.h>

#include "inventory/assetinfo.h"
#include "inventory/store.h"

/* A reconciliation finding as it stood, with the owner and department of its asset. */
struct scanreg_finding {
	const char	*kind;
	const char	*tag;		/* NULL: no asset */
	int64_t		 device_id;	/* 0: no device */
	const char	*device;
	const char	*detail;
	const char	*owner;		/* of the asset named by tag, NULL when none */
	const char	*department;
};
typedef int (*scanreg_finding_cb)(const struct scanreg_finding *f, void *arg);

/* Freezes the register for scan_id now (links of every device, reconciliation findings
 * as of the scan's end), replacing an earlier copy. One transaction. */
int	scanreg_freeze(struct store *s, int64_t scan_id, char **cause);
/* Freezes it for each scan holding a verdict written by audit run audit_run. */
int	scanreg_freeze_run(struct store *s, int64_t audit_run, char **cause);
/* Freezes it for scan_id unless a copy exists. */
int	scanreg_ensure(struct store *s, int64_t scan_id, char **cause);
/* Whether the frozen register held any asset (reports show asset columns only then). */
int	scanreg_has_assets(struct store *s, int64_t scan_id, int *has, char **cause);
/* The asset linked to device_id in the frozen register; *found 0 when none. */
int	scanreg_asset(struct store *s, int64_t scan_id, int64_t device_id, struct assetinfo *out,
	    int *found, char **cause);
/* Calls cb for each frozen finding, in reconciliation order; a non-zero return stops. */
int	scanreg_findings_each(struct store *s, int64_t scan_id, scanreg_finding_cb cb, void *arg,
	    char **cause);

#endif
