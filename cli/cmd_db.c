/* netloom db: the store itself: create/migrate, check integrity, say its version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"
#include "inventory/store.h"

static int
run_db(struct cli_global *g, int argc, char **argv)
{
	struct store *st = NULL;
	char *cause = NULL;
	int rc = EXIT_ERROR, reaped = 0;

	if (argc != 2) {
		log_warnx("db: expected one of: init, check, version (try netloom db --help)");
		return EXIT_ERROR;
	}
	if (strcmp(argv[1], "init") == 0) {
		if (store_open(&st, g->db, STORE_NOREAP, &cause) == -1 ||
		    store_scan_reap(st, &reaped, &cause) == -1)
			goto out;
		printf("%s: schema version %d", g->db, store_schema_version(st));
		if (reaped)
			printf(", %d dead scan%s marked interrupted", reaped, reaped == 1 ? "" : "s");
		putchar('\n');
	} else if (strcmp(argv[1], "check") == 0) {
		if (store_open(&st, g->db, STORE_READONLY, &cause) == -1 ||
		    store_check(st, &cause) == -1)
			goto out;
		printf("%s: ok (schema version %d)\n", g->db, store_schema_version(st));
	} else if (strcmp(argv[1], "version") == 0) {
		if (store_open(&st, g->db, STORE_READONLY, &cause) == -1)
			goto out;
		printf("%d\n", store_schema_version(st));
	} else {
		log_warnx("db: unknown subcommand '%s' (try netloom db --help)", argv[1]);
		goto out;
	}
	rc = EXIT_OK;
out:
	cli_report_cause(&cause);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_db = {
	.name = "db",
	.summary = "create, migrate and check the store",
	.run = run_db,
	.usage = "usage: netloom [--db PATH] db init|check|version\n\n"
	    "  init     create the database (mode 0600) or migrate it to this netloom's\n"
	    "           schema, and mark scans whose process died as interrupted\n"
	    "  check    read-only SQLite integrity and foreign-key check; exit 1 on damage\n"
	    "  version  print the schema version (PRAGMA user_version)\n",
};
