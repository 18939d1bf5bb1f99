/* netloom audit: evaluate baseline policies against the latest snapshots (or one
 * configuration file offline), store the verdicts, print a summary. */
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit/engine.h"
#include "audit/policy.h"
#include "common/xmldoc.h"
#include "audit/waiver.h"
#include "cli/cli.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/auditrun.h"
#include "inventory/results.h"
#include "inventory/scanreg.h"
#include "inventory/snapshot.h"
#include "inventory/store.h"
#include "scanner/redact.h"

#define AUDIT_JSON_VERSION	1
#define MAX_ARGS		256
#define FILE_MAX_BYTES		(64u * 1024 * 1024)

struct audit {
	struct store	 *st;
	struct policy	**pol;
	size_t		  npol;
	int64_t		 *prow;		/* policies table row per policy */
	char		**ptext;	/* the exact bytes each policy was loaded from */
	size_t		 *plen;
	int64_t		  run;		/* audit_runs row (inventory/auditrun.h) */
	struct waivers	 *w;
	char		 *wtext;	/* the waiver file's bytes */
	size_t		  wlen;
	time_t		  now;
	int		  json;
	int		  verbose;
	struct buf	  out;
	struct redactor	 *red;		/* --file: one for every file (compiles its patterns once) */
	/* tallies over every device */
	size_t		  devices, unaudited, tally[VERDICT_COUNT];
	char		 *cause;
};

/* Strings from devices are hostile: text output shows printable ASCII only. */
static void
put_safe(const char *s)
{
	for (; s != NULL && *s; s++)
		putchar((*s >= 0x20 && *s < 0x7f) ? *s : '?');
}

static int
json_evidence(struct buf *b, const char *ev)
{
	const char *p = ev, *e;
	char *line;
	int first = 1;

	if (buf_puts(b, ",\"evidence\":[") == -1)
		return -1;
	while (p != NULL && *p) {
		e = strchr(p, '\n');
		if ((line = strndup(p, e != NULL ? (size_t)(e - p) : strlen(p))) == NULL)
			return -1;
		if ((!first && buf_puts(b, ",") == -1) || json_str(b, line) == -1) {
			free(line);
			return -1;
		}
		free(line);
		first = 0;
		p = e != NULL ? e + 1 : NULL;
	}
	return buf_puts(b, "]");
}

static int
print_result(struct audit *a, const struct engine_device *dev, int64_t snapshot_id,
    const struct policy *p, const struct engine_result *r)
{
	const char *ev, *e;
	int n;

	if (a->json) {
		buf_reset(&a->out);
		if (buf_puts(&a->out, "{") == -1 ||
		    json_kv_str(&a->out, 1, "schema", "netloom-audit") == -1 ||
		    json_kv_int(&a->out, 0, "version", AUDIT_JSON_VERSION) == -1 ||
		    json_kv_str(&a->out, 0, "type", "result") == -1 ||
		    json_kv_int(&a->out, 0, "device", dev->id) == -1 ||
		    json_kv_str(&a->out, 0, "name", dev->name) == -1 ||
		    json_kv_str(&a->out, 0, "address", dev->address) == -1 ||
		    json_kv_int(&a->out, 0, "snapshot", snapshot_id) == -1 ||
		    json_kv_str(&a->out, 0, "policy", policy_id(p)) == -1 ||
		    json_kv_str(&a->out, 0, "policy_version", policy_version(p)) == -1 ||
		    json_kv_str(&a->out, 0, "policy_sha256", policy_sha256(p)) == -1 ||
		    json_kv_str(&a->out, 0, "rule", r->rule_id) == -1 ||
		    json_kv_str(&a->out, 0, "title", r->title) == -1 ||
		    json_kv_str(&a->out, 0, "severity", r->severity) == -1 ||
		    json_kv_str(&a->out, 0, "category", r->category) == -1 ||
		    json_kv_str(&a->out, 0, "status", verdict_name(r->verdict)) == -1 ||
		    json_evidence(&a->out, r->evidence) == -1 ||
		    buf_puts(&a->out, "}\n") == -1)
			return -1;
		fputs(a->out.data, stdout);
		return 0;
	}
	if (r->verdict == VERDICT_PASS || r->verdict == VERDICT_NOTAPPLICABLE) {
		if (!a->verbose)
			return 0;
	}
	printf("  %-13s %-8s %s: ", verdict_name(r->verdict), r->severity, r->rule_id);
	put_safe(r->title);
	putchar('\n');
	/* the evidence of what needs attention; all of it with -v */
	for (ev = r->evidence, n = 0; ev != NULL && *ev; n++) {
		e = strchr(ev, '\n');
		if (n >= 6 && !a->verbose) {
			printf("      ...\n");
			break;
		}
		printf("      %.*s\n", e != NULL ? (int)(e - ev) : (int)strlen(ev), ev);
		ev = e != NULL ? e + 1 : NULL;
	}
	return 0;
}

static int
audit_device(struct audit *a, const struct engine_device *dev, int64_t snapshot_id)
{
	struct results_row *rows = NULL;
	struct engine_run *run = NULL;
	size_t i, k, applied = 0;
	int rc = -1;

	a->devices++;
	if (!a->json) {
		printf("device %" PRId64 " ", dev->id);
		put_safe(dev->name != NULL ? dev->name : "-");
		printf(" (");
		put_safe(dev->address != NULL ? dev->address : "-");
		printf(", %s)\n", dev->platform != NULL ? dev->platform : "unknown platform");
	}
	for (i = 0; i < a->npol; i++) {
		const struct policy *p = a->pol[i];

		if (engine_eval(p, a->w, dev, a->now, &run, &a->cause) == -1)
			goto out;
		if (!engine_run_applies(run)) {
			engine_run_free(&run);
			continue;
		}
		applied++;
		if (a->st != NULL) {
			size_t n = engine_run_count(run);

			if ((rows = calloc(n + 1, sizeof *rows)) == NULL)
				goto out;
			for (k = 0; k < n; k++) {
				const struct engine_result *r = engine_run_result(run, k);

				rows[k].rule_id = r->rule_id;
				rows[k].status = verdict_name(r->verdict);
				rows[k].severity = r->severity;
				rows[k].evidence = r->evidence;
			}
			if (results_put(a->st, snapshot_id, a->prow[i], rows, n, (int64_t)a->now,
			    a->run, &a->cause) == -1)
				goto out;
			free(rows);
			rows = NULL;
		}
		if (!a->json)
			printf("  policy %s %s: %zu pass, %zu fail, %zu error, %zu waived, "
			    "%zu notapplicable\n", policy_id(p), policy_version(p),
			    engine_run_tally(run, VERDICT_PASS), engine_run_tally(run, VERDICT_FAIL),
			    engine_run_tally(run, VERDICT_ERROR),
			    engine_run_tally(run, VERDICT_WAIVED),
			    engine_run_tally(run, VERDICT_NOTAPPLICABLE));
		for (k = 0; k < engine_run_count(run); k++) {
			const struct engine_result *r = engine_run_result(run, k);

			a->tally[r->verdict]++;
			if (print_result(a, dev, snapshot_id, p, r) == -1)
				goto out;
			if (strcmp(r->rule_id, ENGINE_ZERO_RULES) == 0)
				log_warnx("device %" PRId64 ": policy %s evaluated no rule at all",
				    dev->id, policy_id(p));
		}
		engine_run_free(&run);
	}
	if (applied == 0) {
		a->unaudited++;
		log_warnx("device %" PRId64 " (platform %s): no policy applies to it: it was "
		    "NOT audited", dev->id, dev->platform != NULL ? dev->platform : "unknown");
		if (!a->json)
			printf("  no policy applies: NOT audited\n");
	}
	rc = 0;
out:
	free(rows);
	engine_run_free(&run);
	return rc;
}

static int
each_device(const struct results_device *d, void *arg)
{
	struct audit *a = arg;
	struct engine_device dev = {
		.id = d->id, .name = d->name, .address = d->address, .platform = d->platform,
		.assets = d->assets, .nassets = d->nassets, .snap = d->snap,
	};
	const char *pf = snapshot_fact(d->snap, "device.platform");

	if (pf != NULL)
		dev.platform = pf;
	return audit_device(a, &dev, d->snapshot_id) == -1 ? -1 : 0;
}

/* Keeps p and the bytes it was read from (text is copied): the audit run records them. */
static int
policy_add(struct audit *a, struct policy *p, const char *text, size_t len)
{
	struct policy **np;
	char **nt = NULL, *copy;
	size_t *nl;

	if ((copy = malloc(len + 1)) == NULL)
		goto fail;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if ((nt = realloc(a->ptext, (a->npol + 1) * sizeof *nt)) == NULL)
		goto fail;
	a->ptext = nt;
	if ((nl = realloc(a->plen, (a->npol + 1) * sizeof *nl)) == NULL)
		goto fail;
	a->plen = nl;
	if ((np = realloc(a->pol, (a->npol + 1) * sizeof *np)) == NULL)
		goto fail;
	a->pol = np;
	a->ptext[a->npol] = copy;
	a->plen[a->npol] = len;
	a->pol[a->npol++] = p;
	return 0;
fail:
	free(copy);
	policy_free(&p);
	return -1;
}

/* Reads file once, so that the policy compiled and the bytes recorded are the same. */
static int
policy_add_file(struct audit *a, const char *file, const struct policy_params *pp)
{
	struct policy *p = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	if (xmldoc_slurp(file, POLICY_MAX_BYTES, &data, &len, &a->cause) == -1 ||
	    policy_load_mem(file, data, len, pp, &p, &a->cause) == -1)
		goto out;
	rc = policy_add(a, p, data, len);
out:
	free(data);
	return rc;
}

static int
xml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".xml") == 0 && d->d_name[0] != '.';
}

static int
load_policies(struct audit *a, char **files, size_t nfiles, const char *dir,
    const struct policy_params *pp)
{
	struct dirent **ents = NULL;
	struct policy *p = NULL;
	const char *const *names;
	const char *text;
	char path[4096];
	size_t i, len;
	int n = 0, k, rc = -1;

	for (i = 0; i < nfiles; i++) {
		if (policy_add_file(a, files[i], pp) == -1)
			return -1;
	}
	if (dir != NULL) {
		if ((n = scandir(dir, &ents, xml_name, alphasort)) == -1) {
			a->cause = strdup("cannot read the policies folder");
			log_warn("audit: %s", dir);
			return -1;
		}
		for (k = 0; k < n; k++) {
			snprintf(path, sizeof path, "%s/%s", dir, ents[k]->d_name);
			if (policy_add_file(a, path, pp) == -1)
				goto out;
		}
		if (n == 0) {
			a->cause = strdup("the policies folder holds no .xml policy");
			goto out;
		}
	}
	if (nfiles == 0 && dir == NULL) {
		names = policy_shipped();
		for (i = 0; names[i] != NULL; i++) {
			if ((text = policy_shipped_text(names[i], &len)) == NULL)
				continue;
			if (policy_load_mem(names[i], text, len, pp, &p, &a->cause) == -1 ||
			    policy_add(a, p, text, len) == -1)
				goto out;
		}
	}
	rc = 0;
out:
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
	return rc;
}

/* platform names as the engine and the shipped policies spell them */
static const char *
canonical_platform(const char *p)
{
	if (strcmp(p, "ios") == 0 || strcmp(p, "iosxe") == 0 || strcmp(p, "ios-xe") == 0)
		return "cisco-ios";
	if (strcmp(p, "nxos") == 0 || strcmp(p, "nx-os") == 0)
		return "cisco-nxos";
	if (strcmp(p, "eos") == 0)
		return "arista-eos";
	return p;
}

/* Offline: one file, redacted like a capture, audited as a device with no store. */
static int
audit_file(struct audit *a, const char *file, const char *platform, const char *artifact,
    char **facts, size_t nfacts)
{
	struct redact_result *res = NULL;
	struct snapshot *snap = NULL;
	enum redact_platform rp = REDACT_ANY;
	char *data = NULL, *eq;
	const char *text;
	size_t len, tlen, i;
	int rc = -1;

	if (platform == NULL) {
		a->cause = strdup("--file needs --platform (cisco-ios, cisco-nxos, arista-eos, "
		    "junos, linux)");
		return -1;
	}
	platform = canonical_platform(platform);
	redact_platform_from_name(platform, &rp);
	if (xmldoc_slurp(file, FILE_MAX_BYTES, &data, &len, &a->cause) == -1)
		return -1;
	if ((a->red == NULL && redactor_new(NULL, 0, &a->red, &a->cause) == -1) ||
	    redact_text(a->red, rp, data, len, &res, &a->cause) == -1)
		goto out;
	text = redact_result_text(res, &tlen);
	if ((snap = snapshot_new("file", NULL)) == NULL ||
	    snapshot_add_artifact(snap, artifact, text, tlen) == -1 ||
	    snapshot_set_fact(snap, "device.platform", platform) == -1)
		goto nomem;
	for (i = 0; i < nfacts; i++) {
		if ((eq = strchr(facts[i], '=')) == NULL || eq == facts[i]) {
			a->cause = strdup("--fact wants KEY=VALUE");
			goto out;
		}
		*eq = '\0';
		if (snapshot_set_fact(snap, facts[i], eq + 1) == -1)
			goto nomem;
		*eq = '=';
	}
	{
		struct engine_device dev = { .id = 0, .name = file, .platform = platform,
		    .snap = snap };

		rc = audit_device(a, &dev, 0);
	}
	goto out;
nomem:
	a->cause = strdup("out of memory");
out:
	snapshot_free(&snap);
	redact_result_free(&res);
	free(data);
	return rc;
}

/* The --set values as "k=v" lines, recorded with the run. */
static const char *
params_text(const struct policy_params *pp, struct buf *b)
{
	size_t i;

	for (i = 0; i < pp->n; i++)
		if (buf_printf(b, "%s=%s\n", pp->keys[i], pp->values[i]) == -1)
			return "";
	return b->data ? b->data : "";
}

static int
run_audit(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "policies", required_argument, NULL, 'P' },
		{ "waivers", required_argument, NULL, 'w' },
		{ "set", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "file", required_argument, NULL, 'f' },
		{ "platform", required_argument, NULL, 'l' },
		{ "artifact", required_argument, NULL, 'a' },
		{ "fact", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit a = { 0 };
	char *files[MAX_ARGS], *facts[MAX_ARGS], *keys[MAX_ARGS], *vals[MAX_ARGS], *end;
	const char *dir = NULL, *wfile = NULL, *file = NULL, *platform = NULL;
	const char *artifact = NULL;
	size_t nfiles = 0, nfacts = 0, nset = 0, i, k;
	struct policy_params pp;
	long long device = 0;
	struct stat sb;
	struct buf params;
	int c, rc = EXIT_ERROR, found;

	buf_init(&a.out, 0);
	buf_init(&params, 0);
	a.now = time(NULL);
	a.verbose = g->verbose;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (nfiles == MAX_ARGS)
				goto toomany;
			files[nfiles++] = optarg;
			break;
		case 'P':
			dir = optarg;
			break;
		case 'w':
			wfile = optarg;
			break;
		case 's':
			if (nset == MAX_ARGS)
				goto toomany;
			if ((end = strchr(optarg, '=')) == NULL || end == optarg) {
				log_warnx("audit: --set wants KEY=VALUE, not '%s'", optarg);
				goto out;
			}
			*end = '\0';
			keys[nset] = optarg;
			vals[nset++] = end + 1;
			break;
		case 'd':
			device = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || device <= 0) {
				log_warnx("audit: --device wants a device id (see netloom devices)");
				goto out;
			}
			break;
		case 'j':
			a.json = 1;
			break;
		case 'f':
			file = optarg;
			break;
		case 'l':
			platform = optarg;
			break;
		case 'a':
			artifact = optarg;
			break;
		case 'F':
			if (nfacts == MAX_ARGS)
				goto toomany;
			facts[nfacts++] = optarg;
			break;
		default:
			goto out;
		}
	}
	/* More files after the options: audited like --file, same platform (pipelines, bench). */
	if (optind != argc && file == NULL) {
		log_warnx("audit: unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (nfiles > 0 && dir != NULL) {
		log_warnx("audit: --policy and --policies are exclusive");
		goto out;
	}
	pp.keys = (const char *const *)keys;
	pp.values = (const char *const *)vals;
	pp.n = nset;
	if (load_policies(&a, files, nfiles, dir, &pp) == -1)
		goto out;
	for (i = 0; i < nset; i++) {
		for (found = 0, k = 0; k < a.npol && !found; k++)
			found = policy_has_param(a.pol[k], keys[i]);
		if (!found) {
			log_warnx("audit: --set %s: no loaded policy declares this parameter",
			    keys[i]);
			goto out;
		}
	}
	if (wfile != NULL && (xmldoc_slurp(wfile, POLICY_MAX_BYTES, &a.wtext, &a.wlen,
	    &a.cause) == -1 || waivers_load_mem(wfile, a.wtext, a.wlen, &a.w, &a.cause) == -1))
		goto out;
	for (i = 0; i < waivers_count(a.w); i++) {
		const struct waiver *wv = waivers_at(a.w, i);

		if (waiver_expired(wv, a.now))
			log_warnx("waiver %s (rule %s) expired on %s: it no longer applies",
			    wv->id, wv->rule, wv->expires);
	}
	if (file != NULL) {
		/* The artifact SSH capture stores the configuration under (scanner/profiles). */
		if (artifact == NULL)
			artifact = platform != NULL && strcmp(platform, "junos") == 0 ?
			    "configuration" : "running-config";
		if (audit_file(&a, file, platform, artifact, facts, nfacts) == -1)
			goto out;
		for (; optind < argc; optind++)
			if (audit_file(&a, argv[optind], platform, artifact, facts, nfacts) == -1)
				goto out;
	} else {
		if (platform != NULL || nfacts > 0 || artifact != NULL) {
			log_warnx("audit: --platform, --fact and --artifact go with --file");
			goto out;
		}
		if (stat(g->db, &sb) == -1) {
			log_warnx("%s: no database (run netloom scan first, or give --db)", g->db);
			goto out;
		}
		if (store_open(&a.st, g->db, 0, &a.cause) == -1)
			goto out;
		if ((a.prow = calloc(a.npol + 1, sizeof *a.prow)) == NULL)
			goto out;
		for (i = 0; i < a.npol; i++)
			if (results_policy_put(a.st, policy_id(a.pol[i]), policy_version(a.pol[i]),
			    policy_sha256(a.pol[i]), policy_title(a.pol[i]), &a.prow[i],
			    &a.cause) == -1)
				goto out;
		if (auditrun_begin(a.st, (int64_t)a.now, wfile, a.wtext, a.wlen,
		    params_text(&pp, &params), &a.run, &a.cause) == -1)
			goto out;
		for (i = 0; i < a.npol; i++)
			if (auditrun_policy(a.st, a.run, a.prow[i], policy_source(a.pol[i]),
			    a.ptext[i], a.plen[i], &a.cause) == -1)
				goto out;
		if (results_latest_each(a.st, device, each_device, &a, &a.cause) != 0) {
			if (a.cause == NULL)
				a.cause = strdup("audit failed");
			goto out;
		}
		if (a.devices == 0) {
			log_warnx("audit: %s: no device with a snapshot%s: nothing was audited",
			    g->db, device ? " matches --device" : "");
			goto out;
		}
		/* the register this audit saw is the one its reports show, later too */
		if (scanreg_freeze_run(a.st, a.run, &a.cause) == -1)
			goto out;
	}
	if (a.json) {
		buf_reset(&a.out);
		if (buf_puts(&a.out, "{") == -1 ||
		    json_kv_str(&a.out, 1, "schema", "netloom-audit") == -1 ||
		    json_kv_int(&a.out, 0, "version", AUDIT_JSON_VERSION) == -1 ||
		    json_kv_str(&a.out, 0, "type", "summary") == -1 ||
		    json_kv_int(&a.out, 0, "devices", (int64_t)a.devices) == -1 ||
		    json_kv_int(&a.out, 0, "unaudited", (int64_t)a.unaudited) == -1)
			goto out;
		for (i = 0; i < VERDICT_COUNT; i++)
			if (json_kv_int(&a.out, 0, verdict_name((enum verdict)i),
			    (int64_t)a.tally[i]) == -1)
				goto out;
		if (buf_puts(&a.out, "}\n") == -1)
			goto out;
		fputs(a.out.data, stdout);
	} else
		printf("summary: %zu device%s, %zu pass, %zu fail, %zu error, %zu waived, "
		    "%zu notapplicable%s\n", a.devices, a.devices == 1 ? "" : "s",
		    a.tally[VERDICT_PASS], a.tally[VERDICT_FAIL], a.tally[VERDICT_ERROR],
		    a.tally[VERDICT_WAIVED], a.tally[VERDICT_NOTAPPLICABLE],
		    a.unaudited ? ", some devices NOT audited" : "");
	rc = a.tally[VERDICT_FAIL] || a.tally[VERDICT_ERROR] || a.unaudited ?
	    EXIT_NONCOMPLIANT : EXIT_OK;
	goto out;
toomany:
	log_warnx("audit: too many repeated options (at most %d)", MAX_ARGS);
out:
	if (a.cause != NULL)
		log_warnx("%s", a.cause);
	free(a.cause);
	for (i = 0; i < a.npol; i++) {
		policy_free(&a.pol[i]);
		free(a.ptext[i]);
	}
	free(a.pol);
	free(a.ptext);
	free(a.plen);
	free(a.wtext);
	buf_free(&params);
	free(a.prow);
	redactor_free(&a.red);
	waivers_free(&a.w);
	store_close(&a.st);
	buf_free(&a.out);
	return rc;
}

const struct cli_command cmd_audit = {
	.name = "audit",
	.summary = "evaluate baseline policies against the latest snapshots",
	.run = run_audit,
	.usage = "usage: netloom [--db PATH] audit [--policy FILE]... [--policies DIR]\n"
	    "           [--waivers FILE] [--set KEY=VALUE]... [--device ID] [--json]\n"
	    "       netloom audit --file CONFIG --platform P [--artifact NAME] [CONFIG...]\n"
	    "           [--fact KEY=VALUE]... [--policy FILE]... [--json]\n\n"
	    "Evaluates baseline policies against the latest snapshots of every device (or\n"
	    "one, --device) and stores each rule's verdict with its evidence on the\n"
	    "snapshot. Without --policy/--policies the shipped baselines are used (netloom\n"
	    "policy list), each applying to the platforms it names. --set tailors a\n"
	    "parameter a policy declares. --waivers applies accepted exceptions until they\n"
	    "expire. --file audits one configuration offline (redacted first, nothing\n"
	    "stored), for pipelines. --json prints one JSON object per result, then a\n"
	    "summary object (schema netloom-audit v1, docs/report-schema.md). -v shows every result and all evidence.\n\n"
	    "exit status: 0 every rule passed (or was waived / not applicable), 2 a rule\n"
	    "failed or could not be evaluated, or a device had no applicable policy,\n"
	    "1 the audit could not run.\n",
};
