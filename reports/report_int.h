/* report_int: the loaded model, for the backends inside reports/ only. */
#ifndef NETLOOM_REPORT_INT_H
#define NETLOOM_REPORT_INT_H

#include "audit/drift.h"
#include "common/buf.h"
#include "inventory/history.h"
#include "reports/report.h"

/* Severities counted, in display order; anything else counts as "other". */
#define REPORT_NSEV	6
extern const char *const report_severities[REPORT_NSEV];

/* EXTENSION POINT (asset register, issue 7): owner, department, location, cost and
 * warranty of the asset linked to a device. Nothing fills it yet: report_load leaves every
 * device's asset NULL and model->has_assets 0, and backends print no asset columns then.
 * When inventory/asset lands, report_load fills it from asset_links/assets. */
struct report_asset {
	char	*tag;
	char	*owner;
	char	*department;
	char	*location;
	char	*cost;
	char	*warranty_end;
};

struct report_device {
	struct hist_device	 dev;
	struct hist_snap	 snap;		/* the device's last snapshot in the scan */
	struct hist_results	 results;	/* verdicts of its snapshots in the scan */
	size_t			 pass, fail, other;
	size_t			 fail_sev[REPORT_NSEV];
	struct report_asset	*asset;		/* extension point: always NULL for now */
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
	int			 has_assets;	/* extension point: 0 until the asset register */
};

int	report_sev_index(const char *sev);	/* index in report_severities, or 5 (other) */

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
