/* tmpstore: a fresh store in its own temporary folder for one unit test, and one-value
 * queries to check what a test left in it. Shared so each suite tests its module, not setup. */
#ifndef NETLOOM_TEST_TMPSTORE_H
#define NETLOOM_TEST_TMPSTORE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/store.h"
#include "inventory/store_int.h"

struct tmpstore {
	char		 dir[64];
	char		 path[128];
	struct store	*st;
};

static inline void
tmpstore_open(struct tmpstore *t)
{
	char *cause = NULL;

	snprintf(t->dir, sizeof t->dir, "/tmp/netloom-ut.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
	if (store_open(&t->st, t->path, 0, &cause) == -1)
		fail_msg("store_open: %s", cause);
}

static inline void
tmpstore_close(struct tmpstore *t)
{
	char cmd[200];

	store_close(&t->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* The first column of the first row as an integer, -1 when there is no row. */
static inline int64_t
tmpstore_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The first column of the first row, copied (caller frees); NULL when none or NULL. */
static inline char *
tmpstore_text(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

#endif
