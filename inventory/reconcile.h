/* reconcile: links discovered devices to registered assets by ordered, explainable
 * rules (serial, then MAC, then hostname/sysName, then IP address), records which key
 * matched and how sure the link is, and lists what does not add up. */
#ifndef NETLOOM_RECONCILE_H
#define NETLOOM_RECONCILE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "inventory/store.h"

struct reconcile_opts {
	int64_t	now;		/* unix seconds; 0: the store's clock */
	int	stale_days;	/* deployed but not seen for this long: missing (0: 30) */
	int	dry_run;	/* compute, but write no links */
};

struct reconcile_link {
	int64_t		 asset_id;
	const char	*tag;
	int64_t		 device_id;
	const char	*device;	/* the device's name, or its address */
	const char	*matched_on;	/* serial, mac, hostname, address, manual */
	const char	*confidence;	/* high, medium, low, manual */
};

/* kind: unregistered, missing, model-mismatch, hostname-mismatch, serial-conflict,
 * retired-active, warranty-ended, support-ended, ambiguous. asset_id or device_id is 0
 * when the finding has none. */
struct reconcile_finding {
	const char	*kind;
	int64_t		 asset_id;
	const char	*tag;
	int64_t		 device_id;
	const char	*device;
	const char	*detail;
};

struct reconcile_result;

/* Runs the rules over the whole store in one transaction: replaces every link except
 * the manual ones (reconcile_settle), and records each link made or dropped in the
 * asset's history (source "reconcile"). Ambiguous matches are never linked. */
int	reconcile_run(struct store *s, const struct reconcile_opts *o,
	    struct reconcile_result **res, char **cause);
void	reconcile_result_free(struct reconcile_result **res);
size_t	reconcile_nlinks(const struct reconcile_result *r);
const struct reconcile_link *reconcile_link_at(const struct reconcile_result *r, size_t i);
size_t	reconcile_nfindings(const struct reconcile_result *r);
const struct reconcile_finding *reconcile_finding_at(const struct reconcile_result *r,
	    size_t i);
/* {"schema":"netloom-reconcile","version":1,"links":[...],"findings":[...]} */
int	reconcile_json(const struct reconcile_result *r, struct buf *b);

/* A person's decision: asset tag is device ref (see asset_resolve). Kept across runs. */
int	reconcile_settle(struct store *s, const char *tag, const char *device, char **cause);

#endif
