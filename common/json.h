/* json: writing JSON text safely (escaping every string that came from a device). */
#ifndef NETLOOM_JSON_H
#define NETLOOM_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "common/buf.h"

/* Appends s as a quoted JSON string (NULL gives null); invalid UTF-8 bytes become
 * U+FFFD so that output is always valid JSON. Returns 0 or -1 (buffer cap). */
int	json_str(struct buf *b, const char *s);
/* "key": value helpers that add a leading comma unless first is set. */
int	json_kv_str(struct buf *b, int first, const char *key, const char *value);
int	json_kv_int(struct buf *b, int first, const char *key, int64_t value);
/* Formats unix seconds as ISO 8601 UTC ("2026-11-28T08:42:30Z"); 0 gives "". */
void	json_time(int64_t t, char out[32]);

#endif
