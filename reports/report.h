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

/* Loads what the report shows for scan_id (0: the last scan that ended). */
int	report_load(struct store *s, int64_t scan_id, struct report_model **out, char **cause);
void	report_free(struct report_model **m);

/* Exit status hint: 1 when any rule failed in the scan (the CLI exits 2 then). */
int	report_has_failures(const struct report_model *m);

#endif
