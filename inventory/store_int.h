/* store_int: for modules inside inventory/ only (assets, links). Everything outside
 * inventory/ goes through inventory/store.h. */
#ifndef NETLOOM_STORE_INT_H
#define NETLOOM_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "inventory/store.h"

sqlite3		*store_db(struct store *s);
int64_t		 store_now(struct store *s);
const char	*store_path(struct store *s);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK with the store's busy handling and causes. */
int		 store_begin(struct store *s, char **cause);
int		 store_commit(struct store *s, char **cause);
void		 store_rollback(struct store *s);
/* Prepares sql on the store's connection; on failure *st is NULL and the cause names
 * what was being done. Every inventory module prepares through this one. */
int		 store_prepare(struct store *s, const char *what, const char *sql,
		     sqlite3_stmt **st, char **cause);
/* Binds v as text at i; NULL binds SQL NULL, and so does "" when empty_is_null. */
int		 store_bind_text(sqlite3_stmt *st, int i, const char *v, int empty_is_null);
/* 0 for a placeholder serial ("To be filled by O.E.M.", "0", "N/A"...) or none: the
 * devices row never takes one (history reads identities back by the same rule). */
int		 store_serial_usable(const char *v);
/* A cause for the last SQLite error on this connection, prefixed with what. */
int		 store_sqlerr(struct store *s, const char *what, char **cause);

#endif
