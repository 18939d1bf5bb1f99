/* netloom run: run a whole audit job from an XML job file (reports/job.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/log.h"
#include "inventory/store.h"
#include "reports/job.h"

static int
run_run(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "job", required_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct job_run_opts o = { .self = "/proc/self/exe" };
	const char *file = NULL;
	struct job *j = NULL;
	struct buf sum;
	char *cause = NULL;
	int c, check = 0, status = EXIT_ERROR;

	buf_init(&sum, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, "n", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			file = optarg;
			break;
		case 'n':
			check = 1;
			break;
		default:
			return EXIT_ERROR;
		}
	}
	if (file == NULL || optind != argc) {
		log_warnx("run: %s", file == NULL ? "--job FILE is required" : "unexpected argument");
		return EXIT_ERROR;
	}
	/* Scheduled (cron, systemd timer): no terminal, so the log goes to syslog. */
	if (!check && !isatty(STDERR_FILENO) && getenv("NETLOOM_LOG_STDERR") == NULL)
		log_to_syslog();
	if (job_load(file, &j, &cause) == -1)
		goto out;
	if (check) {
		printf("valid job %s\n", job_name(j));
		status = EXIT_OK;
		goto out;
	}
	o.db = g->db;
	o.verbose = g->verbose;
	if (job_run(j, &o, &status, &sum, &cause) == -1) {
		status = EXIT_ERROR;
		goto out;
	}
	if (!g->quiet && sum.len)
		fwrite(sum.data, 1, sum.len, stdout);
out:
	cli_report_cause(&cause);
	buf_free(&sum);
	job_free(&j);
	return status;
}

const struct cli_command cmd_run = {
	.name = "run",
	.summary = "run a whole audit job from an XML job file",
	.run = run_run,
	.usage = "usage: netloom [--db PATH] run --job FILE [--check]\n\n"
	    "Runs the job's stages in order: scan (SNMP), capture (SSH), asset import and\n"
	    "reconciliation, audit, drift, then the reports and evidence of each scan it made\n"
	    "(OUT/scan-ID/, OUT/latest), then retention of old scans. A lock in the output\n"
	    "folder keeps two runs of one job from overlapping. Off a terminal the log goes to\n"
	    "syslog (NETLOOM_LOG_STDERR=1 keeps stderr). --check validates the job file only.\n"
	    "Job files: reports/job.xsd, docs/jobs.md.\n"
	    "exit status: 0 done and compliant, 2 done with findings (a failed rule, a\n"
	    "reconciliation finding, an unreachable target), 1 a stage failed or the job could\n"
	    "not start (invalid file, lock held)\n",
};
