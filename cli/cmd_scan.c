/* netloom scan: discover devices over SNMP and store one snapshot per device. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scan_opts.h"
#include "cli/scan_ssh.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/snapshot.h"
#include "inventory/store.h"
#include "scanner/cred.h"
#include "scanner/pcap.h"
#include "scanner/snmp.h"
#include "scanner/snmp_facts.h"
#include "scanner/target.h"

/* Capture files one scan may read besides its active targets. */
#define SCAN_MAX_PCAPS	16

struct scan_run {
	struct store	*store;
	int64_t		 scan_id;
	int		 json;
	int		 tty;
	uint64_t	 stored;
	int		 progress_shown;
	char		*cause;
};

static void
clear_progress(struct scan_run *r)
{
	if (r->progress_shown) {
		fputs("\r\033[K", stderr);
		r->progress_shown = 0;
	}
}

static void
on_progress(const struct snmp_stats *st, void *arg)
{
	struct scan_run *r = arg;
	char eta[32] = "?";
	double left;

	if (!r->tty)
		return;
	if (st->done > 0 && st->total != UINT64_MAX && st->total >= st->done) {
		left = (double)st->elapsed_ms / 1000.0 * (double)(st->total - st->done) /
		    (double)st->done;
		snprintf(eta, sizeof eta, "%.0fs", left);
	}
	fprintf(stderr, "\r\033[Knetloom: scan: %llu/%llu addresses, %llu responders, %.0f pps, "
	    "ETA %s", (unsigned long long)st->done, (unsigned long long)st->total,
	    (unsigned long long)st->responders, st->pps, eta);
	r->progress_shown = 1;
}

static int
print_json(const struct snapshot *s, int64_t device_id)
{
	struct buf b;
	int rc = 0;

	buf_init(&b, 16u * 1024 * 1024);
	rc |= buf_puts(&b, "{");
	rc |= json_kv_str(&b, 1, "schema", "netloom-scan");
	rc |= json_kv_int(&b, 0, "version", 1);
	rc |= json_kv_int(&b, 0, "device_id", device_id);
	rc |= json_kv_str(&b, 0, "address", snapshot_address(s));
	rc |= json_kv_str(&b, 0, "source", "snmp");
	rc |= scan_json_facts(&b, s);
	rc |= json_kv_int(&b, 0, "interfaces", (int64_t)snapshot_iface_count(s));
	rc |= json_kv_int(&b, 0, "neighbours", (int64_t)snapshot_neighbour_count(s));
	rc |= buf_puts(&b, "}\n");
	if (rc == 0)
		fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	return rc ? -1 : 0;
}

/* One device done: snapshot, store (its own transaction), optional JSON line. */
static int
on_device(const struct snmp_device *d, void *arg)
{
	struct scan_run *r = arg;
	struct snapshot *s = NULL;
	int64_t device_id = 0;
	char *cause = NULL;
	int rc = -1;

	if (snmp_facts_snapshot(d, &s, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	if (store_snapshot_put(r->store, r->scan_id, s, &device_id, NULL, &cause) == -1) {
		free(r->cause);
		r->cause = cause;
		cause = NULL;
		goto out;
	}
	r->stored++;
	if (snmp_device_error(d) != NULL) {
		clear_progress(r);
		log_warnx("scan: %s: %s", snmp_device_address(d), snmp_device_error(d));
	}
	if (r->json) {
		clear_progress(r);
		if (print_json(s, device_id) == -1)
			log_warnx("scan: %s: device too large for JSON output",
			    snmp_device_address(d));
		fflush(stdout);
	}
	rc = 0;
out:
	free(cause);
	snapshot_free(&s);
	return rc;
}

/* Reads one capture file into the running scan (docs/pcap.md); devices merge with the
 * SNMP ones by MAC and address. */
static int
scan_pcap(struct scan_run *r, const char *path, int quiet)
{
	struct passive_opts po;
	struct passive_stats ps;
	char *cause = NULL;

	memset(&po, 0, sizeof po);
	memset(&ps, 0, sizeof ps);
	if (passive_read_file(r->store, r->scan_id, path, &po, &ps, &cause) == -1) {
		log_warnx("scan: %s", cause);
		free(cause);
		return -1;
	}
	r->stored += ps.snapshots;
	if (!quiet)
		fprintf(stderr, "netloom: scan %lld: %s: %llu packets, %llu devices seen, "
		    "%llu snapshots stored\n", (long long)r->scan_id, path,
		    (unsigned long long)ps.dec.frames, (unsigned long long)ps.devices,
		    (unsigned long long)ps.snapshots);
	return 0;
}

static int
run_scan(struct cli_global *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "credentials", required_argument, NULL, SCAN_OPT_CREDENTIALS },
		{ "rate", required_argument, NULL, SCAN_OPT_RATE },
		{ "window", required_argument, NULL, SCAN_OPT_WINDOW },
		{ "timeout", required_argument, NULL, SCAN_OPT_TIMEOUT },
		{ "retries", required_argument, NULL, SCAN_OPT_RETRIES },
		{ "port", required_argument, NULL, SCAN_OPT_PORT },
		{ "exclude", required_argument, NULL, SCAN_OPT_EXCLUDE },
		{ "json", no_argument, NULL, SCAN_OPT_JSON },
		{ "pcap", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts o;
	struct scan_run r = { .scan_id = 0 };
	struct target_set *ts = NULL;
	struct cred_file *cf = NULL;
	struct snmp_stats st;
	struct buf targets;
	const char *pcaps[SCAN_MAX_PCAPS];
	char *cause = NULL;
	int ch, i, rc = EXIT_ERROR, began = 0, took, npcap = 0;

	if (scan_ssh_wanted(argc, argv))
		return scan_ssh_run(g, argc, argv);
	scan_opts_init(&o);
	buf_init(&targets, 64 * 1024);
	if ((ts = target_set_new()) == NULL) {
		log_warnx("scan: out of memory");
		goto out;
	}
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if ((took = scan_opts_take(&o, ch, optarg, ts)) == -1)
			goto out;
		if (took == 0 && ch == 'A') {
			if (npcap == SCAN_MAX_PCAPS) {
				log_warnx("scan: at most %d --pcap files", SCAN_MAX_PCAPS);
				goto out;
			}
			pcaps[npcap++] = optarg;
			continue;
		}
		if (took == 0) {
			log_warnx("scan: unknown or incomplete option '%s' (try netloom scan --help)",
			    argv[optind - 1]);
			goto out;
		}
	}
	r.json = o.json;
	if (optind >= argc && npcap == 0) {
		log_warnx("scan: no target given (try netloom scan --help)");
		goto out;
	}
	if (o.credpath == NULL && optind < argc) {
		log_warnx("scan: --credentials FILE is required");
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if (target_set_add(ts, argv[i], 0, &cause) == -1) {
			log_warnx("scan: %s", cause);
			goto out;
		}
		if ((targets.len && buf_puts(&targets, " ") == -1) ||
		    buf_puts(&targets, argv[i]) == -1) {
			log_warnx("scan: target list too long");
			goto out;
		}
	}
	for (i = 0; i < npcap; i++) {
		if ((targets.len && buf_puts(&targets, " ") == -1) ||
		    buf_printf(&targets, "pcap:%s", pcaps[i]) == -1) {
			log_warnx("scan: target list too long");
			goto out;
		}
	}
	if (o.credpath != NULL && cred_file_load(&cf, o.credpath, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	if (store_open(&r.store, g->db, 0, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	if (store_scan_begin(r.store, targets.data, &r.scan_id, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	began = 1;
	r.tty = isatty(STDERR_FILENO) && !g->quiet;
	memset(&st, 0, sizeof st);
	if (optind < argc &&
	    snmp_scan(ts, cf, &o.snmp, on_device, on_progress, &r, &st, &cause) == -1) {
		clear_progress(&r);
		log_warnx("scan: %s", r.cause ? r.cause : cause);
		goto out;
	}
	clear_progress(&r);
	/* Passive sources join the same scan record, after the active ones. */
	for (i = 0; i < npcap; i++)
		if (scan_pcap(&r, pcaps[i], g->quiet) == -1)
			goto out;
	if (optind >= argc) {
		if (store_scan_end(r.store, r.scan_id, SCAN_COMPLETE, &cause) == -1)
			log_warnx("scan: %s", cause);
		else
			rc = EXIT_OK;
		began = 0;
		goto out;
	}
	if (store_scan_end(r.store, r.scan_id, SCAN_COMPLETE, &cause) == -1) {
		log_warnx("scan: %s", cause);
		began = 0;
		goto out;
	}
	began = 0;
	if (!g->quiet)
		fprintf(stderr, "netloom: scan %lld: %llu addresses, %llu responders, %llu stored, "
		    "%llu sent, %llu timeouts, %llu dropped (late %llu, %llu of them kept, "
		    "duplicate %llu, wrong source %llu, malformed %llu), %llu auth failures, "
		    "%llu slowdowns, %.1fs\n", (long long)r.scan_id,
		    (unsigned long long)st.done, (unsigned long long)st.responders,
		    (unsigned long long)r.stored, (unsigned long long)st.sent,
		    (unsigned long long)st.timeouts, (unsigned long long)(st.late - st.late_used +
		    st.duplicate + st.wrong_source + st.malformed + st.stray),
		    (unsigned long long)st.late, (unsigned long long)st.late_used,
		    (unsigned long long)st.duplicate,
		    (unsigned long long)st.wrong_source, (unsigned long long)st.malformed,
		    (unsigned long long)st.auth_failures, (unsigned long long)st.slowdowns,
		    (double)st.elapsed_ms / 1000.0);
	rc = EXIT_OK;
out:
	if (began && store_scan_end(r.store, r.scan_id, SCAN_FAILED, &cause) == -1)
		log_warnx("scan: %s", cause);
	store_close(&r.store);
	cred_file_free(&cf);
	target_set_free(&ts);
	buf_free(&targets);
	free(r.cause);
	free(cause);
	return rc;
}

const struct cli_command cmd_scan = {
	.name = "scan",
	.summary = "discover devices and capture their configuration",
	.run = run_scan,
	.usage = "usage: netloom scan [--db PATH] --credentials FILE [--rate N] [--window N]\n"
	    "           [--timeout MS] [--retries N] [--port N] [--exclude TARGET]... [--json]\n"
	    "           [--ssh | --ssh-only] [SSH options] TARGET...\n\n"
	    "Discovers devices over SNMP (v1, v2c, v3 USM) and stores one snapshot per responding\n"
	    "device. TARGET: address, CIDR block, range (10.0.0.5-40, 10.0.0.5-10.0.1.20),\n"
	    "host name, or @FILE (one target per line, # comments).\n\n"
	    "  --credentials FILE  credential sets (docs/credentials.md); must be mode 0600\n"
	    "  --rate N            packets per second (default 2000; adapts down on loss)\n"
	    "  --window N          hosts in flight (default 512)\n"
	    "  --timeout MS        per request (default 1000)\n"
	    "  --retries N         per request (default 1)\n"
	    "  --port N            agent UDP port (default 161)\n"
	    "  --exclude TARGET    skip these addresses (repeatable)\n"
	    "  --json              one JSON object per device on stdout (schema netloom-scan)\n"
	    "  --pcap FILE         also learn devices passively from a capture file (pcap or\n"
	    "                      pcapng; repeatable; alone it needs no TARGET and no\n"
	    "                      --credentials); see netloom listen and docs/pcap.md\n\n"
	    "SSH capture (docs/ssh.md):\n"
	    "  --ssh               SNMP first, then log in to every responder over SSH with the\n"
	    "                      profile of the platform SNMP found\n"
	    "  --ssh-only          SSH to every target address, recognising the platform itself\n"
    "  --platform NAME     with --ssh-only: every target is NAME (linux, cisco-ios, ...),\n"
    "                      as if SNMP had said so: no recognition probe\n"
	    "  --known-hosts FILE  OpenSSH known_hosts (default ~/.ssh/known_hosts)\n"
	    "  --host-key-policy strict|accept-new\n"
	    "                      an unknown key is refused, or trusted on first use and\n"
	    "                      recorded; a CHANGED key is always a finding (exit 2)\n"
	    "  --ssh-parallel N    devices at once (default 32)\n"
	    "  --ssh-port N        port when the credential set names none (default 22)\n"
	    "  --connect-timeout MS, --command-timeout MS, --device-timeout MS\n"
	    "                      10000, 30000 and 120000 by default\n"
	    "  --profiles DIR      extra or overriding platform profiles (DIR/*.xml)\n",
};
