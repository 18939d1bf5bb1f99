/* asset: the asset register. What the organisation owns (tag, serial, MACs, owner,
 * cost, warranty, lifecycle state, custom fields), every change kept with its time and
 * source, CSV import (Snipe-IT's export headers out of the box) and export, and the
 * depends-on relations people declare between assets and devices. */
#ifndef NETLOOM_ASSET_H
#define NETLOOM_ASSET_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "inventory/store.h"

enum asset_field {
	ASSET_TAG, ASSET_HOSTNAME, ASSET_SERIAL, ASSET_MODEL, ASSET_MANUFACTURER,
	ASSET_CATEGORY, ASSET_OWNER, ASSET_DEPARTMENT, ASSET_COST_CENTRE, ASSET_LOCATION,
	ASSET_ADDRESS, ASSET_MACS, ASSET_PURCHASE_DATE, ASSET_PURCHASE_COST,
	ASSET_WARRANTY_END, ASSET_SUPPORT_END, ASSET_STATE, ASSET_NOTES, ASSET_DEPENDS_ON,
	ASSET_WARRANTY_MONTHS,	/* import only: warranty_end = purchase_date + months */
	ASSET_NFIELDS
};

/* Canonical field name ("tag", "cost_centre", ...) and back; -1 when unknown. */
const char	*asset_field_name(int field);
int		 asset_field_lookup(const char *name);
/* A CSV header: canonical names and the usual export headers (Snipe-IT's "Asset Tag",
 * "Serial", "Checked Out To", "Purchased", "Warranty Expires", ...), case-insensitive.
 * -1 when the column is not a built-in field (it becomes a custom field). */
int		 asset_header_lookup(const char *header);
/* Validates and normalises one value: trims, checks dates (YYYY-MM-DD), lifecycle
 * states (and Snipe-IT status labels), MACs, addresses, costs. *out is malloc'd; an
 * empty value gives "" (which clears the field). */
int		 asset_normalise(int field, const char *in, char **out, char **cause);
/* Lifecycle states in order; NULL-terminated. */
extern const char *const asset_states[];

/* One asset, read from the store; strings are borrowed for the callback. */
struct asset_view {
	int64_t		 id;
	const char	*v[ASSET_NFIELDS];	/* macs space-separated; depends_on refs */
	size_t		 ncustom;
	const char	*const *custom_name;
	const char	*const *custom_value;
	int64_t		 created;
	int64_t		 updated;
};
typedef int (*asset_cb)(const struct asset_view *a, void *arg);
/* Every asset in tag order (or the one with tag when tag is not NULL). */
int	asset_each(struct store *s, const char *tag, asset_cb cb, void *arg, char **cause);

struct asset_change {
	int64_t		 at;
	const char	*source;
	const char	*field;
	const char	*old_value;
	const char	*new_value;
};
typedef int (*asset_change_cb)(const struct asset_change *c, void *arg);
/* The history of one asset, oldest first; fails when tag is unknown. */
int	asset_history_each(struct store *s, const char *tag, asset_change_cb cb, void *arg,
	    char **cause);
/* The change rows sql selects (at, source, field, old_value, new_value; ?1 = id), as
 * asset_change; shared by the asset and licence histories. */
int	asset_change_each(struct store *s, const char *sql, int64_t id, asset_change_cb cb,
	    void *arg, char **cause);

/* Sets fields of the asset tag ("field=value" each; "custom.NAME=value" for a custom
 * field; an empty value clears), creating it when create is set. One transaction; every
 * change goes to the history with source. *changed counts the fields that changed. */
int	asset_set(struct store *s, const char *tag, char *const *assign, size_t n,
	    int create, const char *source, int *changed, char **cause);

struct asset_import_opts {
	const char	*source;	/* recorded in the history, e.g. the file name */
	const char	*map;		/* "Header=field,..." (a CSV line) or NULL */
	int		 strict;	/* any bad row: nothing is imported */
	/* Told about each bad row (line of the CSV and why); may be NULL. */
	void		(*bad_row)(long line, const char *why, void *arg);
	void		*arg;
};
struct asset_import_stats {
	long	rows, created, updated, unchanged, bad;
};
/* Imports a CSV register in one transaction, keyed by asset tag (re-importing updates
 * in place). Bad rows are skipped and reported; a CSV that cannot be parsed, a bad
 * header or (with strict) any bad row imports nothing and returns -1. */
int	asset_import(struct store *s, const char *data, size_t len,
	    const struct asset_import_opts *o, struct asset_import_stats *st, char **cause);
/* The whole register as CSV (a header the importer reads back, then one row per
 * asset); formula-like cells are neutralised (csv_put). */
int	asset_export(struct store *s, struct buf *out, char **cause);

/* What a reference on the command line or in a "Depends On" cell names: an asset tag,
 * "asset:TAG", or "device:X" / a device by id, name, serial or address. */
struct asset_ref {
	int	 is_device;
	int64_t	 id;
};
int	asset_resolve(struct store *s, const char *ref, struct asset_ref *r, char **cause);
/* Declares (or with remove, withdraws) "from depends-on to". */
int	asset_depend(struct store *s, const char *from, const char *to, int remove,
	    const char *source, char **cause);

#endif
