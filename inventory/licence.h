/* licence: software licences as assets (product, vendor, seats, assignee, cost, expiry),
 * imported from CSV (Snipe-IT's licence headers) and matched by a product pattern to the
 * software installed on each device's latest snapshots: installations over the seats,
 * licences paid for but unused, licences expiring soon. */
#ifndef NETLOOM_LICENCE_H
#define NETLOOM_LICENCE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/asset.h"
#include "inventory/store.h"

enum licence_field {
	LIC_NAME, LIC_PATTERN, LIC_VENDOR, LIC_SEATS, LIC_ASSIGNEE, LIC_EMAIL,
	LIC_DEPARTMENT, LIC_PURCHASE_DATE, LIC_PURCHASE_COST, LIC_EXPIRES, LIC_TERMINATES,
	LIC_NOTES, LIC_NFIELDS
};

#define LICENCE_HEADER_SECRET	(-2)	/* a product key column: never read */

const char	*licence_field_name(int field);
int		 licence_field_lookup(const char *name);
/* A CSV header (Snipe-IT's licence export and importer names, case-insensitive):
 * the field, -1 when unknown (ignored), LICENCE_HEADER_SECRET for product keys. */
int		 licence_header_lookup(const char *header);
/* Validates one value (dates, cost, seats, pattern syntax); *out is malloc'd. */
int		 licence_normalise(int field, const char *in, char **out, char **cause);

struct licence_view {
	int64_t		 id;
	const char	*v[LIC_NFIELDS];
	int64_t		 created;
	int64_t		 updated;
};
typedef int (*licence_cb)(const struct licence_view *l, void *arg);
/* Every licence by name (or the one named; fails when it is unknown). */
int	licence_each(struct store *s, const char *name, licence_cb cb, void *arg,
	    char **cause);
/* "field=value" assignments to licence name, creating it when create is set; one
 * transaction, each change in licence_history with source. */
int	licence_set(struct store *s, const char *name, char *const *assign, size_t n,
	    int create, const char *source, int *changed, char **cause);
/* Imports a licence CSV keyed by licence name, as asset_import does for assets (bad
 * rows skipped and reported, or with strict nothing imported). o->map renames columns
 * ("Header=field" with licence field names, "Header=ignore"); licences have no custom
 * fields, so other columns are ignored. */
int	licence_import(struct store *s, const char *data, size_t len,
	    const struct asset_import_opts *o, struct asset_import_stats *st, char **cause);

/* The history of one licence (every field change, with time and source), oldest first;
 * fails when name is unknown. */
int	licence_history_each(struct store *s, const char *name, asset_change_cb cb, void *arg,
	    char **cause);

/* Whether an installed package name matches a licence pattern: "re:PCRE2" (caseless,
 * unanchored), "glob:GLOB" or a bare GLOB (whole name, case-insensitive). An empty
 * pattern is the licence name as a glob. 1 match, 0 not, -1 bad pattern. */
int	licence_match(const char *pattern, const char *package, char **cause);

struct licence_install {
	int64_t		 device_id;
	const char	*device;
	const char	*package;
	const char	*version;	/* "" when the source gives none (SNMP) */
	const char	*source;	/* ssh (pkg.NAME fact), snmp (snmp-packages) */
};

enum { LICENCE_OVER = 1, LICENCE_UNUSED = 2, LICENCE_EXPIRING = 4, LICENCE_EXPIRED = 8 };

struct licence_usage {
	const struct licence_view	*l;
	size_t				 ninstalls;	/* one per device */
	const struct licence_install	*installs;
	int				 has_expiry;
	int64_t				 days_left;	/* to the earlier of expires/terminates */
	int				 flags;		/* LICENCE_* */
};
typedef int (*licence_usage_cb)(const struct licence_usage *u, void *arg);
/* Matches every licence (or the one named) against the installed software of each
 * device's latest snapshot per source. expiring_days: LICENCE_EXPIRING when the
 * expiry is at most that many days away; now 0: the store's clock. */
int	licence_usage_each(struct store *s, const char *name, int expiring_days, int64_t now,
	    licence_usage_cb cb, void *arg, char **cause);

#endif
