/* netloom listen: passive discovery from a live interface or a capture file. */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"
#include "inventory/store.h"
#include "scanner/pcap.h"

static volatile sig_atomic_t listen_stop;

static void
on_signal(int sig)
{
	(void)sig;
	listen_stop = 1;
}

/* Bounded decimal parse: digits only, no overflow. */
static int
parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static void
print_snapshot(const struct snapshot *s, void *arg)
{
	const struct snapshot_iface *ifc;
	const char *k, *v, *mac = "-", *vendor;
	size_t i;

	if (*(int *)arg)
		return;
	if (snapshot_iface_count(s) > 0 && (ifc = snapshot_iface_at(s, 0))->mac)
		mac = ifc->mac;
	vendor = snapshot_fact(s, "pcap.vendor");
	printf("device %s %s%s%s%s\n", mac, snapshot_address(s) ? snapshot_address(s) : "-",
	    vendor ? " (" : "", vendor ? vendor : "", vendor ? ")" : "");
	for (i = 0; i < snapshot_address_count(s); i++)
		printf("  address %s\n", snapshot_address_at(s, i));
	for (i = 0; i < snapshot_fact_count(s); i++) {
		snapshot_fact_at(s, i, &k, &v);
		if (strcmp(k, "pcap.mac") != 0 && strcmp(k, "pcap.vendor") != 0)
			printf("  %s=%s\n", k, v);
	}
	for (i = 0; i < snapshot_neighbour_count(s); i++) {
		const struct snapshot_neighbour *n = snapshot_neighbour_at(s, i);

		printf("  relation %s port=%s remote=%s remote_port=%s remote_addr=%s\n",
		    n->kind, n->local_port ? n->local_port : "-",
		    n->remote_name ? n->remote_name : "-",
		    n->remote_port ? n->remote_port : "-",
		    n->remote_addr ? n->remote_addr : "-");
	}
}

static void
print_stats(const char *what, const struct passive_stats *st)
{
	int a;

	printf("listen: %s: %" PRIu64 " packets, %" PRIu64 " bytes, %" PRIu64 " devices/addresses, "
	    "%" PRIu64 " snapshots\n", what, st->dec.frames, st->dec.bytes, st->devices,
	    st->snapshots);
	printf("listen: bad frames: truncated %" PRIu64 ", snaplen-cut %" PRIu64 ", bogus %" PRIu64
	    "; vlan-tagged %" PRIu64 ", qinq %" PRIu64 "\n", st->dec.truncated, st->dec.snapcut,
	    st->dec.bogus, st->dec.vlan_tagged, st->dec.qinq);
	printf("listen: protocols:");
	for (a = 1; a < DECODE_APP_COUNT; a++)
		printf(" %s %" PRIu64, decode_app_name((enum decode_app)a), st->dec.app[a]);
	printf("\n");
	if (st->devices_dropped || st->facts_dropped || st->ps_drop)
		printf("listen: over the caps: %" PRIu64 " packets of new devices, %" PRIu64
		    " facts; kernel drops %" PRIu64 "\n", st->devices_dropped,
		    st->facts_dropped, st->ps_drop);
}

static int
run_listen(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "interface", required_argument, NULL, 'i' },
		{ "read", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'f' },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "max-devices", required_argument, NULL, 'm' },
		{ "oui", required_argument, NULL, 'o' },
		{ "summary", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct passive_opts po = { 0 };
	struct passive_stats st = { 0 };
	struct passive *p = NULL;
	struct store *db = NULL;
	struct sigaction sa;
	const char *iface = NULL, *file = NULL, *user = "nobody";
	char *cause = NULL, target[512];
	uint64_t v;
	int64_t scan = 0;
	int c, rc = EXIT_ERROR, summary = 0, began = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "i:r:f:d:c:u:m:o:s", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			iface = optarg;
			break;
		case 'r':
			file = optarg;
			break;
		case 'f':
			po.filter = optarg;
			break;
		case 'd':
			if (parse_u64(optarg, 86400 * 366, &v) == -1) {
				log_warnx("listen: --duration: not a number of seconds: '%s'", optarg);
				return EXIT_ERROR;
			}
			po.duration = (unsigned)v;
			break;
		case 'c':
			if (parse_u64(optarg, UINT64_MAX, &po.count) == -1) {
				log_warnx("listen: --count: not a number: '%s'", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'u':
			user = optarg;
			break;
		case 'm':
			if (parse_u64(optarg, 1u << 24, &v) == -1 || v == 0) {
				log_warnx("listen: --max-devices: 1 to 16777216: '%s'", optarg);
				return EXIT_ERROR;
			}
			po.max_devices = (size_t)v;
			break;
		case 'o':
			po.oui_file = optarg;
			break;
		case 's':
			summary = 1;
			break;
		default:
			return EXIT_ERROR;
		}
	}
	if (optind != argc) {
		log_warnx("listen: unexpected argument '%s'", argv[optind]);
		return EXIT_ERROR;
	}
	if ((iface == NULL) == (file == NULL)) {
		log_warnx("listen: give exactly one of --interface IF or --read FILE");
		return EXIT_ERROR;
	}
	if (file && po.duration) {
		log_warnx("listen: --duration applies to --interface only");
		return EXIT_ERROR;
	}
	po.stop = &listen_stop;
	po.on_snapshot = print_snapshot;
	po.arg = &summary;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* Capture, then the store (both opened with this process's rights), then the drop:
	 * the store's open files stay usable by the unprivileged user. */
	if (iface) {
		if (passive_open_live(&p, iface, &po, &cause) == -1)
			goto out;
	} else if (passive_open_file(&p, file, &po, &cause) == -1)
		goto out;
	if (store_open(&db, g->db, 0, &cause) == -1)
		goto out;
	snprintf(target, sizeof target, "pcap:%s", iface ? iface : file);
	if (store_scan_begin(db, target, &scan, &cause) == -1)
		goto out;
	began = 1;
	if (iface && passive_drop_privileges(user, &cause) == -1)
		goto out;
	if (passive_run(p, db, scan, &st, &cause) == -1) {
		print_stats(iface ? iface : file, &st);
		goto out;
	}
	print_stats(iface ? iface : file, &st);
	if (store_scan_end(db, scan, SCAN_COMPLETE, &cause) == -1)
		goto out;
	began = 0;
	printf("listen: scan %" PRId64 " complete\n", scan);
	rc = EXIT_OK;
out:
	if (cause)
		log_warnx("listen: %s", cause);
	free(cause);
	cause = NULL;
	if (began && db && store_scan_end(db, scan, SCAN_FAILED, &cause) == -1) {
		log_warnx("listen: %s", cause);
		free(cause);
	}
	passive_free(&p);
	store_close(&db);
	return rc;
}

const struct cli_command cmd_listen = {
	.name = "listen",
	.summary = "learn devices passively from a live interface or a capture file",
	.run = run_listen,
	.usage = "usage: netloom [--db PATH] listen --interface IF [--filter BPF] [--duration S]\n"
	    "                                      [--count N] [--user NAME]\n"
	    "       netloom [--db PATH] listen --read FILE [--filter BPF] [--count N]\n\n"
	    "Decodes ARP, LLDP, CDP, DHCP, mDNS, SSDP, SNMP, Telnet, HTTP logins and TFTP\n"
	    "without sending a packet, and records every device seen as a snapshot with\n"
	    "source 'pcap' (merged with SNMP/SSH discoveries by MAC and address).\n"
	    "Management traffic in the clear becomes cleartext.* facts; SNMP communities\n"
	    "are described (length, well-known default), never stored.\n"
	    "  --interface IF    capture live (promiscuous); as root, privileges are dropped\n"
	    "                    to --user (default nobody) right after the interface opens\n"
	    "  --read FILE       read a pcap or pcapng file\n"
	    "  --filter BPF      a tcpdump-style filter expression\n"
	    "  --duration S      live: stop after S seconds (also stops on SIGINT/SIGTERM)\n"
	    "  --count N         stop after N packets\n"
	    "  --max-devices N   devices and addresses kept in memory (default 16384)\n"
	    "  --oui FILE        IEEE OUI table (default /usr/share/ieee-data/oui.csv)\n"
	    "  --summary         print only the counters, not each device\n",
};
