/* report: renders one scan from the store only (never live scanner state), so that
 * `netloom report --scan ID` renders a past scan again byte for byte: no clock, no host
 * name, no tool version but what the store recorded. Backends sit behind struct report_ops
 * (text, html, json, csv, junit); docs/reports.md, JSON schema in docs/report-schema.md. */
#ifndef NETLOOM_REPORT_H
#define NETLOOM_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "inventory/store.h"

#define REPORT_JSON_VERSION	1

struct report_model;

struct report_ops {
	const char	*name;		/* "text", "html", "json", "csv", "junit" */
	const char	*extension;
	/* Writes the whole report to f. colour: text only, ANSI colours for a terminal. */
	int		(*render)(FILE *f, const struct report_model *m, int colour, char **cause);
};

/* The backend for a format name, or NULL. */
const struct report_ops *report_ops_find(const char *name);

/* A view narrows the report: devices of one owner, one department (of their linked
 * asset, compared without case) or one device ("ID" or an exact name), and verdicts at
 * or above a severity. Every field may be NULL / -1. */
struct report_view {
	char	*owner;
	char	*department;
	char	*device;
	int	 min_severity;	/* -1: all; else the index of the least severe kept */
	int	 exact_severity;/* keep only min_severity itself ("high" rather than "high+") */
};

/* Parses "high+" (high or worse), "high" (only high), "all"; -1 with a cause otherwise. */
int	report_severity_parse(const char *spec, struct report_view *v, char **cause);

/* Loads what the report shows for scan_id (0: the last scan that ended), narrowed by
 * view (NULL: the whole fleet). Devices are shown as the scan left them
 * (history_device_at), asset columns and reconciliation findings from the register
 * frozen for the scan (scanreg): later scans do not change what it loads. */
int	report_load(struct store *s, int64_t scan_id, const struct report_view *view,
	    struct report_model **out, char **cause);
void	report_free(struct report_model **m);

/* Exit status hint: 1 when any rule failed in the scan (the CLI exits 2 then). */
int	report_has_failures(const struct report_model *m);

#endif
