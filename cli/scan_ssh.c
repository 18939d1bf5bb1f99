/* netloom scan --ssh | --ssh-only: SNMP discovery (unless --ssh-only), then SSH capture of
 * the responders (or the given targets) with the device profiles; one snapshot per device. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pwd.h>
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
#include "scanner/profile.h"
#include "scanner/redact.h"
#include "scanner/snmp.h"
#include "scanner/snmp_facts.h"
#include "scanner/ssh_capture.h"
#include "scanner/target.h"

/* SSH targets one run accepts; a bigger sweep belongs to SNMP discovery first. */
#define SSH_TARGETS_MAX	(1u << 20)

struct ssh_run {
	struct store		*store;
	int64_t			 scan_id;
	int			 json;
	int			 quiet;
	/* SSH targets collected (SNMP responders, or the expanded target set). */
	struct sshcap_target	*t;
	char			**addr;
	char			**plat;
	size_t			 n, cap;
	uint64_t		 snmp_stored;
	uint64_t		 by_status[SSHCAP_ERROR + 1];
	uint64_t		 stored;
	char			*cause;
};

int
scan_ssh_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--ssh") == 0 || strcmp(argv[i], "--ssh-only") == 0)
			return 1;
	}
	return 0;
}

static int
add_target(struct ssh_run *r, const char *addr, const char *platform)
{
	void *p;
	size_t nc;

	if (r->n == r->cap) {
		if (r->n >= SSH_TARGETS_MAX)
			return -1;
		nc = r->cap ? r->cap * 2 : 64;
		if ((p = realloc(r->addr, nc * sizeof *r->addr)) == NULL)
			return -1;
		r->addr = p;
		if ((p = realloc(r->plat, nc * sizeof *r->plat)) == NULL)
			return -1;
		r->plat = p;
		r->cap = nc;
	}
	r->addr[r->n] = strdup(addr);
	r->plat[r->n] = platform != NULL ? strdup(platform) : NULL;
	if (r->addr[r->n] == NULL || (platform != NULL && r->plat[r->n] == NULL)) {
		free(r->addr[r->n]);
		free(r->plat[r->n]);
		return -1;
	}
	r->n++;
	return 0;
}

/* SNMP responder: stored as the SNMP scan does, then queued for SSH with its platform. */
static int
on_snmp_device(const struct snmp_device *d, void *arg)
{
	struct ssh_run *r = arg;
	struct snapshot *s = NULL;
	char *cause = NULL;
	int rc = -1;

	if (snmp_facts_snapshot(d, &s, &cause) == -1) {
		log_warnx("scan: %s", cause);
		rc = 0;
		goto out;
	}
	if (store_snapshot_put(r->store, r->scan_id, s, NULL, NULL, &cause) == -1) {
		free(r->cause);
		r->cause = cause;
		cause = NULL;
		goto out;
	}
	r->snmp_stored++;
	if (add_target(r, snmp_device_address(d), snapshot_fact(s, FACT_PLATFORM)) == -1) {
		r->cause = strdup("too many SSH targets, or out of memory");
		goto out;
	}
	rc = 0;
out:
	free(cause);
	snapshot_free(&s);
	return rc;
}

int
scan_json_facts(struct buf *b, const struct snapshot *s)
{
	const char *k, *v, *k2, *v2;
	size_t i, j, n = snapshot_fact_count(s);
	unsigned char *many = NULL;
	long f;
	int rc = 0, first = 1;

	/* A repeated key (secret.finding) is written once, at its first occurrence, as an
	 * array; the first occurrences come from the snapshot's key index (linear, not n^2). */
	if (n > 0 && (many = calloc(n, 1)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		snapshot_fact_at(s, i, &k, &v);
		if ((f = snapshot_fact_index(s, k)) >= 0 && (size_t)f != i)
			many[f] = 1;
	}
	rc |= buf_puts(b, ",\"facts\":{");
	for (i = 0; i < n; i++) {
		snapshot_fact_at(s, i, &k, &v);
		if (snapshot_fact_index(s, k) != (long)i)
			continue;
		if (!many[i]) {
			rc |= json_kv_str(b, first, k, v);
			first = 0;
			continue;
		}
		if (!first)
			rc |= buf_puts(b, ",");
		first = 0;
		rc |= json_str(b, k);
		rc |= buf_puts(b, ":[");
		rc |= json_str(b, v);
		for (j = i + 1; j < n; j++) {
			snapshot_fact_at(s, j, &k2, &v2);
			if (strcmp(k, k2) == 0) {
				rc |= buf_puts(b, ",");
				rc |= json_str(b, v2);
			}
		}
		rc |= buf_puts(b, "]");
	}
	rc |= buf_puts(b, "}");
	free(many);
	return rc ? -1 : 0;
}

static int
print_json(const struct sshcap_result *res, int64_t device_id)
{
	struct buf b;
	const char *name, *text;
	size_t i, len;
	int rc = 0;

	buf_init(&b, 64u * 1024 * 1024);
	rc |= buf_puts(&b, "{");
	rc |= json_kv_str(&b, 1, "schema", "netloom-scan");
	rc |= json_kv_int(&b, 0, "version", 1);
	rc |= json_kv_str(&b, 0, "address", res->address);
	rc |= json_kv_str(&b, 0, "source", "ssh");
	rc |= json_kv_str(&b, 0, "status", sshcap_status_name(res->status));
	if (res->profile != NULL)
		rc |= json_kv_str(&b, 0, "profile", res->profile);
	if (res->detail != NULL)
		rc |= json_kv_str(&b, 0, "detail", res->detail);
	rc |= json_kv_int(&b, 0, "ms", (int64_t)res->ms);
	if (res->snap != NULL) {
		rc |= json_kv_int(&b, 0, "device_id", device_id);
		rc |= scan_json_facts(&b, res->snap);
		rc |= buf_puts(&b, ",\"artifacts\":[");
		for (i = 0; i < snapshot_artifact_count(res->snap); i++) {
			snapshot_artifact_at(res->snap, i, &name, &text, &len);
			if (i > 0)
				rc |= buf_puts(&b, ",");
			rc |= json_str(&b, name);
		}
		rc |= buf_puts(&b, "]");
	}
	rc |= buf_puts(&b, "}\n");
	if (rc == 0)
		fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	return rc ? -1 : 0;
}

static int
on_ssh_device(const struct sshcap_result *res, void *arg)
{
	struct ssh_run *r = arg;
	int64_t device_id = 0;
	char *cause = NULL;

	r->by_status[res->status]++;
	if (res->snap != NULL) {
		if (store_snapshot_put(r->store, r->scan_id, res->snap, &device_id, NULL,
		    &cause) == -1) {
			free(r->cause);
			r->cause = cause;
			return -1;
		}
		r->stored++;
	}
	if (res->status == SSHCAP_HOSTKEY_CHANGED)
		log_warnx("scan: %s: HIGH: %s; nothing captured", res->address,
		    res->detail ? res->detail : "host key changed");
	else if (res->status != SSHCAP_OK && !r->quiet)
		log_warnx("scan: %s: ssh %s%s%s", res->address, sshcap_status_name(res->status),
		    res->detail ? ": " : "", res->detail ? res->detail : "");
	if (r->json) {
		if (print_json(res, device_id) == -1)
			log_warnx("scan: %s: device too large for JSON output", res->address);
		fflush(stdout);
	}
	return 0;
}

static const char *
default_known_hosts(char *out, size_t len)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home == NULL || *home == '\0') {
		if ((pw = getpwuid(getuid())) == NULL)
			return NULL;
		home = pw->pw_dir;
	}
	if ((size_t)snprintf(out, len, "%s/.ssh/known_hosts", home) >= len)
		return NULL;
	return out;
}

int
scan_ssh_run(struct cli_global *g, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ssh", no_argument, NULL, 'S' },
		{ "ssh-only", no_argument, NULL, 'O' },
		{ "credentials", required_argument, NULL, SCAN_OPT_CREDENTIALS },
		{ "known-hosts", required_argument, NULL, 'k' },
		{ "host-key-policy", required_argument, NULL, 'P' },
		{ "ssh-parallel", required_argument, NULL, 'j' },
		{ "ssh-port", required_argument, NULL, 'o' },
		{ "connect-timeout", required_argument, NULL, 'C' },
		{ "command-timeout", required_argument, NULL, 'M' },
		{ "device-timeout", required_argument, NULL, 'D' },
		{ "profiles", required_argument, NULL, 'f' },
		{ "platform", required_argument, NULL, 'L' },
		{ "rate", required_argument, NULL, SCAN_OPT_RATE },
		{ "window", required_argument, NULL, SCAN_OPT_WINDOW },
		{ "timeout", required_argument, NULL, SCAN_OPT_TIMEOUT },
		{ "retries", required_argument, NULL, SCAN_OPT_RETRIES },
		{ "port", required_argument, NULL, SCAN_OPT_PORT },
		{ "exclude", required_argument, NULL, SCAN_OPT_EXCLUDE },
		{ "json", no_argument, NULL, SCAN_OPT_JSON },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts so;
	struct sshcap_opts o = { .policy = SSHC_STRICT };
	struct ssh_run r;
	struct target_set *ts = NULL;
	struct target_iter *it = NULL;
	struct cred_file *cf = NULL;
	struct profile_set *ps = NULL;
	struct redactor *red = NULL;
	struct snmp_stats st;
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct buf targets;
	const char *profdir = NULL, *platform = NULL;
	char khbuf[4096], addr[INET6_ADDRSTRLEN], *cause = NULL;
	unsigned sshport = 22, v;
	int ch, i, rc = EXIT_ERROR, began = 0, ssh_only = 0, took;
	size_t k;

	memset(&r, 0, sizeof r);
	scan_opts_init(&so);
	buf_init(&targets, 64 * 1024);
	o.known_hosts = default_known_hosts(khbuf, sizeof khbuf);
	if ((ts = target_set_new()) == NULL) {
		log_warnx("scan: out of memory");
		goto out;
	}
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if ((took = scan_opts_take(&so, ch, optarg, ts)) == -1)
			goto out;
		if (took == 1)
			continue;
		switch (ch) {
		case 'S':
			break;
		case 'O':
			ssh_only = 1;
			break;
		case 'k':
			o.known_hosts = optarg;
			break;
		case 'P':
			if (strcmp(optarg, "strict") == 0)
				o.policy = SSHC_STRICT;
			else if (strcmp(optarg, "accept-new") == 0)
				o.policy = SSHC_ACCEPT_NEW;
			else {
				log_warnx("scan: --host-key-policy is strict or accept-new, not '%s'",
				    optarg);
				goto out;
			}
			break;
		case 'j':
			if (cli_opt_uint("scan", "--ssh-parallel", optarg, 1, 1024,
			    &o.parallel) == -1)
				goto out;
			break;
		case 'o':
			if (cli_opt_uint("scan", "--ssh-port", optarg, 1, 65535, &sshport) == -1)
				goto out;
			break;
		case 'C':
			if (cli_opt_uint("scan", "--connect-timeout", optarg, 50, 600000,
			    &o.connect_ms) == -1)
				goto out;
			break;
		case 'M':
			if (cli_opt_uint("scan", "--command-timeout", optarg, 50, 3600000,
			    &o.command_ms) == -1)
				goto out;
			break;
		case 'D':
			if (cli_opt_uint("scan", "--device-timeout", optarg, 50, 86400000,
			    &o.total_ms) == -1)
				goto out;
			break;
		case 'f':
			profdir = optarg;
			break;
		case 'L':
			platform = optarg;
			break;
		default:
			log_warnx("scan: unknown or incomplete option '%s' (try netloom scan --help)",
			    argv[optind - 1]);
			goto out;
		}
	}
	r.json = so.json;
	o.port = (int)sshport;
	r.quiet = g->quiet;
	if (optind >= argc) {
		log_warnx("scan: no target given (try netloom scan --help)");
		goto out;
	}
	if (so.credpath == NULL) {
		log_warnx("scan: --credentials FILE is required");
		goto out;
	}
	if (o.known_hosts == NULL) {
		log_warnx("scan: no home folder for the default known_hosts: give --known-hosts");
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
	if (cred_file_load(&cf, so.credpath, &cause) == -1 ||
	    profile_set_load(&ps, profdir, &cause) == -1 ||
	    redactor_new(NULL, 0, &red, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	/* --platform: the user knows what the targets are, as SNMP would have said; no probe. */
	if (platform != NULL && !ssh_only) {
		log_warnx("scan: --platform goes with --ssh-only (with --ssh, SNMP names the platform)");
		goto out;
	}
	if (platform != NULL && profile_for_snmp(ps, platform) == NULL) {
		log_warnx("scan: --platform '%s': no SSH profile is for that platform", platform);
		goto out;
	}
	if (store_open(&r.store, g->db, 0, &cause) == -1 ||
	    store_scan_begin(r.store, targets.data, &r.scan_id, &cause) == -1) {
		log_warnx("scan: %s", cause);
		goto out;
	}
	began = 1;
	if (ssh_only) {
		if ((it = target_iter_new(ts)) == NULL) {
			log_warnx("scan: out of memory");
			goto out;
		}
		while (target_iter_next(it, &ss, &sslen, NULL)) {
			const void *a = ss.ss_family == AF_INET ?
			    (const void *)&((struct sockaddr_in *)&ss)->sin_addr :
			    (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr;

			if (inet_ntop(ss.ss_family, a, addr, sizeof addr) == NULL ||
			    add_target(&r, addr, platform) == -1) {
				log_warnx("scan: more than %u SSH targets (discover with SNMP first)",
				    SSH_TARGETS_MAX);
				goto out;
			}
		}
	} else if (snmp_scan(ts, cf, &so.snmp, on_snmp_device, NULL, &r, &st, &cause) == -1) {
		log_warnx("scan: %s", r.cause ? r.cause : cause);
		goto out;
	}
	if (r.n > 0 && (r.t = calloc(r.n, sizeof *r.t)) == NULL) {
		log_warnx("scan: out of memory");
		goto out;
	}
	for (k = 0; k < r.n; k++) {
		r.t[k].address = r.addr[k];
		r.t[k].platform = r.plat[k];
	}
	o.profiles = ps;
	o.creds = cf;
	o.redactor = red;
	/* One malloc arena: glibc's per-thread arenas kept ~45 MiB of freed session memory at 64
	 * sessions (full linux profile); the workers spend ~1 s of CPU per 64 hosts, no contention. */
	(void)mallopt(M_ARENA_MAX, 1);
	if (sshcap_run(r.t, r.n, &o, on_ssh_device, &r, &cause) == -1) {
		log_warnx("scan: %s", r.cause ? r.cause : cause);
		goto out;
	}
	if (store_scan_end(r.store, r.scan_id, SCAN_COMPLETE, &cause) == -1) {
		log_warnx("scan: %s", cause);
		began = 0;
		goto out;
	}
	began = 0;
	if (!g->quiet) {
		fprintf(stderr, "netloom: scan %lld: ", (long long)r.scan_id);
		if (!ssh_only)
			fprintf(stderr, "%llu SNMP responders stored, ",
			    (unsigned long long)r.snmp_stored);
		fprintf(stderr, "%zu SSH targets, %llu SSH snapshots stored", r.n,
		    (unsigned long long)r.stored);
		for (v = 0; v <= SSHCAP_ERROR; v++)
			if (r.by_status[v])
				fprintf(stderr, ", %s %llu", sshcap_status_name(v),
				    (unsigned long long)r.by_status[v]);
		fputc('\n', stderr);
	}
	/* A changed host key is a finding: the run worked, the network is not compliant. */
	rc = r.by_status[SSHCAP_HOSTKEY_CHANGED] ? EXIT_NONCOMPLIANT : EXIT_OK;
out:
	if (began && store_scan_end(r.store, r.scan_id, SCAN_FAILED, &cause) == -1)
		log_warnx("scan: %s", cause);
	store_close(&r.store);
	for (k = 0; k < r.n; k++) {
		free(r.addr[k]);
		free(r.plat[k]);
	}
	free(r.addr);
	free(r.plat);
	free(r.t);
	redactor_free(&red);
	profile_set_free(&ps);
	cred_file_free(&cf);
	target_iter_free(&it);
	target_set_free(&ts);
	buf_free(&targets);
	free(r.cause);
	free(cause);
	return rc;
}
