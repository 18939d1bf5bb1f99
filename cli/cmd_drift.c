/* netloom drift: what changed between snapshots; drift pin/unpin/pins for golden snapshots. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/drift.h"
#include "cli/cli.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/history.h"
#include "inventory/store.h"
#include "reports/driftfmt.h"

static int
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int
run_pin(struct cli_global *g, int argc, char **argv)
{
	struct store *st = NULL;
	struct hist_snaps all = { 0 };
	struct hist_snap snap;
	char *cause = NULL;
	int64_t dev = 0, sid;
	size_t i;
	int rc = EXIT_ERROR, found, removed;
	int pin = strcmp(argv[0], "pin") == 0, list = strcmp(argv[0], "pins") == 0;

	if ((list && argc > 2) || (!list && (argc < 2 || argc > (pin ? 3 : 2)))) {
		log_warnx("usage: netloom drift pin DEVICE [SNAPSHOT] | unpin DEVICE | pins [DEVICE]");
		return EXIT_ERROR;
	}
	if (store_open(&st, g->db, 0, &cause) == -1)
		goto out;
	if (argc >= 2 && history_device_find(st, argv[1], &dev, &cause) == -1)
		goto out;
	if (list) {
		if (history_pins(st, dev, &all, &cause) == -1)
			goto out;
		for (i = 0; i < all.n; i++) {
			char t[32];

			json_time(all.v[i].taken, t);
			printf("device %lld %s snapshot %lld (scan %lld, %s)\n",
			    (long long)all.v[i].device_id, all.v[i].source, (long long)all.v[i].id,
			    (long long)all.v[i].scan_id, t);
		}
		rc = EXIT_OK;
		goto out;
	}
	if (!pin) {
		if (history_unpin(st, dev, &removed, &cause) == -1)
			goto out;
		printf("device %lld: %d pin%s removed\n", (long long)dev, removed,
		    removed == 1 ? "" : "s");
		rc = EXIT_OK;
		goto out;
	}
	if (argc == 3) {
		if (parse_id(argv[2], &sid) == -1) {
			log_warnx("drift pin: bad snapshot id '%s'", argv[2]);
			goto out;
		}
		if (history_snapshot(st, sid, &snap, &cause) == -1)
			goto out;
		if (snap.device_id != dev) {
			log_warnx("drift pin: snapshot %lld is of device %lld, not %lld",
			    (long long)sid, (long long)snap.device_id, (long long)dev);
			goto out;
		}
		if (history_pin(st, &snap, &cause) == -1)
			goto out;
		printf("device %lld %s pinned to snapshot %lld\n", (long long)dev, snap.source,
		    (long long)snap.id);
		rc = EXIT_OK;
		goto out;
	}
	/* No snapshot given: the device's latest snapshot of each source. */
	if (history_device_snapshots(st, dev, &all, &cause) == -1)
		goto out;
	for (i = 0; i < all.n; i++) {
		size_t j;
		int later = 0;

		for (j = i + 1; j < all.n; j++)
			later |= strcmp(all.v[j].source, all.v[i].source) == 0;
		if (later)
			continue;
		if (history_latest(st, dev, all.v[i].source, 0, &snap, &found, &cause) == -1 ||
		    history_pin(st, &snap, &cause) == -1)
			goto out;
		printf("device %lld %s pinned to snapshot %lld\n", (long long)dev, snap.source,
		    (long long)snap.id);
	}
	if (all.n == 0) {
		log_warnx("drift pin: device %lld has no snapshot", (long long)dev);
		goto out;
	}
	rc = EXIT_OK;
out:
	if (cause)
		log_warnx("drift %s: %s", argv[0], cause);
	free(cause);
	history_snaps_free(&all);
	store_close(&st);
	return rc;
}

static int
run_drift(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "since", required_argument, NULL, 's' },
		{ "against", required_argument, NULL, 'a' },
		{ "scan", required_argument, NULL, 'S' },
		{ "context", required_argument, NULL, 'C' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-diff", no_argument, NULL, 'n' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct drift_opts o = { .mode = DRIFT_PREVIOUS, .context = -1 };
	struct store *st = NULL;
	struct drift *d = NULL;
	const char *device = NULL, *colour = "auto";
	char *cause = NULL;
	int c, json = 0, rc = EXIT_ERROR, modes = 0;
	int64_t n;

	if (argc >= 2 && (strcmp(argv[1], "pin") == 0 || strcmp(argv[1], "unpin") == 0 ||
	    strcmp(argv[1], "pins") == 0))
		return run_pin(g, argc - 1, argv + 1);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 's':
			if (drift_parse_date(optarg, &o.since, &cause) == -1)
				goto out;
			o.mode = DRIFT_SINCE;
			modes++;
			break;
		case 'a':
			if (strcmp(optarg, "golden") == 0)
				o.mode = DRIFT_GOLDEN;
			else if (parse_id(optarg, &o.snapshot_id) == 0)
				o.mode = DRIFT_SNAPSHOT;
			else {
				log_warnx("drift: --against takes a snapshot id or 'golden'");
				goto out;
			}
			modes++;
			break;
		case 'S':
			if (parse_id(optarg, &o.scan_id) == -1) {
				log_warnx("drift: bad scan id '%s'", optarg);
				goto out;
			}
			break;
		case 'C':
			if (parse_id(optarg, &n) == -1 && strcmp(optarg, "0") != 0) {
				log_warnx("drift: bad --context '%s'", optarg);
				goto out;
			}
			o.context = strcmp(optarg, "0") == 0 ? 0 : (int)(n > 1000 ? 1000 : n);
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			o.no_diff = 1;
			break;
		case 'c':
			colour = optarg;
			break;
		default:
			goto out;
		}
	}
	if (optind != argc) {
		log_warnx("drift: unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (modes > 1) {
		log_warnx("drift: --since and --against exclude each other");
		goto out;
	}
	if (o.scan_id && o.mode != DRIFT_PREVIOUS) {
		log_warnx("drift: --scan applies to the default mode (a scan against the previous)");
		goto out;
	}
	if (strcmp(colour, "auto") != 0 && strcmp(colour, "always") != 0 &&
	    strcmp(colour, "never") != 0) {
		log_warnx("drift: --color takes auto, always or never");
		goto out;
	}
	/* Read-write so that an older store gets the golden pin table. */
	if (store_open(&st, g->db, 0, &cause) == -1)
		goto out;
	if (device && history_device_find(st, device, &o.device_id, &cause) == -1)
		goto out;
	if (drift_compute(st, &o, &d, &cause) == -1)
		goto out;
	if (json ? driftfmt_json(stdout, d, &cause) : driftfmt_text(stdout, d,
	    strcmp(colour, "always") == 0 || (strcmp(colour, "auto") == 0 &&
	    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL), &cause) == -1)
		goto out;
	if (fflush(stdout) != 0) {
		log_warn("drift: stdout");
		goto out;
	}
	rc = drift_found(d) ? EXIT_NONCOMPLIANT : EXIT_OK;
out:
	if (cause)
		log_warnx("drift: %s", cause);
	free(cause);
	drift_free(&d);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_drift = {
	.name = "drift",
	.summary = "show what changed between snapshots",
	.run = run_drift,
	.usage = "usage: netloom [--db PATH] drift [--device ID|NAME] [--scan ID]\n"
	    "           [--since DATE | --against SNAPSHOT|golden] [--json] [--no-diff]\n"
	    "           [--context N] [--color auto|always|never]\n"
	    "       netloom drift pin DEVICE [SNAPSHOT] | unpin DEVICE | pins [DEVICE]\n\n"
	    "Shows what changed, per device and snapshot source: a unified diff of each changed\n"
	    "artifact (stored redacted; volatile lines such as uptime and clocks ignored),\n"
	    "changed facts, changed rule verdicts (regressions first, with the snapshot where\n"
	    "each first failed), and devices that appeared or vanished.\n"
	    "  (default)          the latest scan (or --scan ID) against each device's previous\n"
	    "                     snapshot; appeared/vanished against the scan before\n"
	    "  --since DATE       latest snapshots against those at or before DATE (UTC:\n"
	    "                     YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z, @UNIXSECONDS)\n"
	    "  --against SNAPSHOT that snapshot's device, latest against it\n"
	    "  --against golden   pinned devices, latest against the pin (until it moves)\n"
	    "  --device ID|NAME   one device\n"
	    "  --json             one JSON document (schema netloom-drift v1, docs/report-schema.md)\n"
	    "  pin DEVICE [SNAP]  pins SNAP (default: the latest of each source) as golden\n"
	    "exit status: 0 no drift, 2 drift found, 1 error (docs/drift.md)\n",
};
