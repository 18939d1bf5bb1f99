/* netloom evidence: write an evidence package of one scan (reports/evidence.c). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "common/log.h"
#include "inventory/store.h"
#include "reports/evidence.h"

static int
run_evidence(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "scan", required_argument, NULL, 's' },
		{ "sign", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct evidence_opts o = { 0 };
	struct evidence_summary sum;
	struct store *st = NULL;
	char *cause = NULL, *end;
	int c, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.dir = optarg;
			break;
		case 's':
			errno = 0;
			o.scan_id = strtoll(optarg, &end, 10);
			if (errno || *end != '\0' || o.scan_id <= 0) {
				log_warnx("evidence: bad scan id '%s'", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'k':
			o.sign_key = optarg;
			break;
		default:
			return EXIT_ERROR;
		}
	}
	if (optind != argc || o.dir == NULL) {
		log_warnx("evidence: %s", o.dir == NULL ? "--out DIR is required" :
		    "unexpected argument");
		return EXIT_ERROR;
	}
	o.now = (int64_t)time(NULL);
	if (store_open(&st, g->db, 0, &cause) == -1 || evidence_write(st, &o, &sum, &cause) == -1)
		goto out;
	if (!g->quiet)
		printf("evidence for scan %lld in %s: %zu files (%zu artifacts, %zu policy and "
		    "waiver files)%s; check with: cd %s && sha256sum -c SHA256SUMS\n",
		    (long long)sum.scan_id, o.dir, sum.files, sum.artifacts, sum.policies,
		    sum.signed_ ? ", SHA256SUMS signed (SHA256SUMS.sig)" : "", o.dir);
	rc = sum.failures ? EXIT_NONCOMPLIANT : EXIT_OK;
out:
	cli_report_cause(&cause);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_evidence = {
	.name = "evidence",
	.summary = "write an evidence package of a scan for an auditor",
	.run = run_evidence,
	.usage = "usage: netloom [--db PATH] evidence --out DIR [--scan ID] [--sign KEY]\n\n"
	    "Writes into DIR (created, or empty): the scan's reports (html, json, text, csv,\n"
	    "junit), the redacted artifacts and facts behind every verdict, the exact policy\n"
	    "and waiver files each audit used, the scan log (evidence.json, scan-log.txt:\n"
	    "when, from where, which netloom) and SHA256SUMS (check: sha256sum -c SHA256SUMS).\n"
	    "--sign KEY signs SHA256SUMS with an SSH private key (ssh-keygen -Y sign,\n"
	    "namespace " EVIDENCE_NAMESPACE "); verify with\n"
	    "  ssh-keygen -Y verify -f ALLOWED_SIGNERS -I SIGNER -n " EVIDENCE_NAMESPACE
	    " -s SHA256SUMS.sig < SHA256SUMS\n"
	    "exit status: 0 written and no rule failed, 2 written and some rule failed, 1 error\n",
};
