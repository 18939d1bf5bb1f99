/* driftfmt: renders a computed drift (audit/drift.h) as text for terminals or as JSON
 * (schema "netloom-drift", version DRIFTFMT_JSON_VERSION, docs/report-schema.md). Every
 * device-supplied string is escaped: control bytes never reach a terminal. */
#ifndef NETLOOM_DRIFTFMT_H
#define NETLOOM_DRIFTFMT_H

#include <stdio.h>

#include "audit/drift.h"
#include "common/buf.h"

#define DRIFTFMT_JSON_VERSION	1

/* colour: ANSI colours (the caller decides: only when the output is a terminal). */
int	driftfmt_text(FILE *f, const struct drift *d, int colour, char **cause);
/* One JSON document followed by a newline. */
int	driftfmt_json(FILE *f, const struct drift *d, char **cause);
/* The drift as one JSON object into b (for reports that embed it). */
int	driftfmt_json_buf(struct buf *b, const struct drift *d, int with_diffs);

/* Appends s with control bytes (and DEL) as \xNN, tabs kept, so that no device string can
 * move a terminal's cursor or change its colours. */
int	driftfmt_safe(struct buf *b, const char *s, size_t len);

const char *driftfmt_mode_name(enum drift_mode m);

#endif
