/* netloom scans: the scan records of the store (complete, running, interrupted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/store.h"

struct scans_out {
	int		json;
	struct buf	b;
};

static int
print_scan(const struct store_scan *sc, void *arg)
{
	struct scans_out *o = arg;
	char started[32], finished[32];

	json_time(sc->started, started);
	json_time(sc->finished, finished);
	if (!o->json) {
		printf("%-5lld %-11s %-20s %-20s %5lld  %s\n", (long long)sc->id, sc->state,
		    started, finished, (long long)sc->snapshots, sc->targets ? sc->targets : "");
		return 0;
	}
	buf_reset(&o->b);
	if (buf_puts(&o->b, "{") == -1 ||
	    json_kv_str(&o->b, 1, "schema", "netloom-scans") == -1 ||
	    /* "version" below is the collector's: the document's own is schema_version */
	    json_kv_int(&o->b, 0, "schema_version", 1) == -1 ||
	    json_kv_int(&o->b, 0, "id", sc->id) == -1 ||
	    json_kv_str(&o->b, 0, "state", sc->state) == -1 ||
	    json_kv_str(&o->b, 0, "started", started) == -1 ||
	    json_kv_str(&o->b, 0, "finished", sc->finished ? finished : NULL) == -1 ||
	    json_kv_str(&o->b, 0, "targets", sc->targets) == -1 ||
	    json_kv_str(&o->b, 0, "collector", sc->collector) == -1 ||
	    json_kv_str(&o->b, 0, "version", sc->version) == -1 ||
	    json_kv_int(&o->b, 0, "snapshots", sc->snapshots) == -1 ||
	    buf_puts(&o->b, "}\n") == -1)
		return -1;
	fputs(o->b.data, stdout);
	return 0;
}

static int
run_scans(struct cli_global *g, int argc, char **argv)
{
	struct scans_out o = { 0 };
	struct store *st = NULL;
	char *cause = NULL;
	int rc = EXIT_ERROR;

	buf_init(&o.b, 0);
	if (cli_json_only("scans", argc, argv, &o.json) == -1)
		return EXIT_ERROR;
	/* Opened read-write so that scans whose process died are marked interrupted. */
	if (store_open(&st, g->db, 0, &cause) == -1)
		goto out;
	if (!o.json)
		printf("%-5s %-11s %-20s %-20s %5s  %s\n", "ID", "STATE", "STARTED", "FINISHED",
		    "SNAPS", "TARGETS");
	if (store_scans_each(st, print_scan, &o, &cause) != 0)
		goto out;
	rc = EXIT_OK;
out:
	cli_report_cause(&cause);
	buf_free(&o.b);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_scans = {
	.name = "scans",
	.summary = "list the scans recorded in the store",
	.run = run_scans,
	.usage = "usage: netloom [--db PATH] scans [--json]\n\n"
	    "Lists every scan in the store with its state: running, complete, or interrupted\n"
	    "(its process died before it ended; earlier snapshots of it are intact).\n"
	    "  --json   one JSON object per scan (schema netloom-scans, schema_version 1:\n"
	    "           id, state, started, finished, targets, collector, version, snapshots)\n",
};
