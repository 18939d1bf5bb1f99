/* report_int: the loaded model, for the backends inside reports/ only. */
#ifndef NETLOOM_REPORT_INT_H
#define NETLOOM_REPORT_INT_H

#include "audit/drift.h"
#include "common/buf.h"
#include "inventory/assetinfo.h"
#include "inventory/history.h"
#include "reports/report.h"

/* Severities counted, in display order; anything else counts as "other". */
#define REPORT_NSEV	6
extern const char *const report_severities[REPORT_NSEV];

/* A compliance tally of the devices of one owner or one department (name NULL: none). */
struct report_group {
	char	*name;
	size_t	 devices, pass, fail, waived, other;
	size_t	 fail_sev[REPORT_NSEV];
};

/* A reconciliation finding (inventory/reconcile.h), copied. */
struct report_finding {
	char	*kind;
	char	*tag;		/* may be NULL */
	int64_t	 device_id;	/* 0: none */
	char	*device;	/* may be NULL */
	char	*detail;
};

struct report_device {
	struct hist_device	 dev;
	struct hist_snap	 snap;		/* the device's last snapshot in the scan */
	struct hist_results	 results;	/* verdicts of its snapshots in the scan */
	size_t			 pass, fail, waived, other;	/* other counts waived too */
	size_t			 fail_sev[REPORT_NSEV];
	struct assetinfo	*asset;		/* the linked asset, NULL when none */
};

struct report_model {
	int			 empty;		/* no scan in the store */
	struct hist_scan	 scan;
	struct hist_scan	*scans;		/* every scan up to this one: the trend */
	size_t			 nscans;
	struct report_device	*devices;	/* by device id */
	size_t			 ndevices;
	struct drift		*drift;		/* this scan against the one before (no diffs) */
	size_t			 results, pass, fail, other;
	size_t			 fail_sev[REPORT_NSEV];
	size_t			 waived;
	int			 has_assets;	/* the register holds assets: show asset columns */
	struct report_group	*owners;	/* by name, NULL (none) last */
	size_t			 nowners;
	struct report_group	*departments;
	size_t			 ndepartments;
	struct report_finding	*findings;	/* reconciliation, in reconcile order */
	size_t			 nfindings;
	struct report_view	 view;		/* strings owned by the model */
	int			 filtered;	/* a view narrowed the devices */
	int64_t			 view_device;	/* the device --device named, 0: none */
};

int	report_sev_index(const char *sev);	/* index in report_severities, or 5 (other) */
/* The expiry date (YYYY-MM-DD) a waived verdict's evidence names ("waived by W until
 * DATE, ..." as audit/engine.c writes it) into out; "" when it names none. */
void	report_waiver_expiry(const char *evidence, char out[11]);

int	report_text(FILE *f, const struct report_model *m, int colour, char **cause);
int	report_json(FILE *f, const struct report_model *m, int colour, char **cause);
int	report_html(FILE *f, const struct report_model *m, int colour, char **cause);
int	report_csv(FILE *f, const struct report_model *m, int colour, char **cause);
int	report_junit(FILE *f, const struct report_model *m, int colour, char **cause);

/* Escapes for HTML text and attribute values (& < > " ' and control bytes); invalid
 * UTF-8 becomes U+FFFD. Used by the HTML and JUnit (XML) backends. */
int	report_xml_esc(struct buf *b, const char *s);
/* Writes b to f and empties it. */
int	report_flush(FILE *f, struct buf *b, char **cause);

#endif
