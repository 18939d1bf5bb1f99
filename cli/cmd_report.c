/* netloom report: render one scan from the store as text, HTML, JSON, CSV or JUnit XML. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/log.h"
#include "inventory/store.h"
#include "reports/report.h"

static int
run_report(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "scan", required_argument, NULL, 's' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "owner", required_argument, NULL, 'O' },
		{ "department", required_argument, NULL, 'D' },
		{ "device", required_argument, NULL, 'd' },
		{ "severity", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_view view = { .min_severity = -1 };
	const struct report_ops *ops = report_ops_find("text");
	const char *outpath = NULL, *colour = "auto";
	struct report_model *m = NULL;
	struct store *st = NULL;
	char *cause = NULL, *end, tmp[4096];
	FILE *f = stdout;
	long long scan = 0;
	int c, fd, rc = EXIT_ERROR;

	tmp[0] = '\0';
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((ops = report_ops_find(optarg)) == NULL) {
				log_warnx("report: unknown format '%s' (text, html, json, csv, junit)",
				    optarg);
				return EXIT_ERROR;
			}
			break;
		case 'o':
			outpath = optarg;
			break;
		case 's':
			errno = 0;
			scan = strtoll(optarg, &end, 10);
			if (errno || *end != '\0' || scan <= 0) {
				log_warnx("report: bad scan id '%s'", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'c':
			colour = optarg;
			break;
		case 'O':
			view.owner = optarg;
			break;
		case 'D':
			view.department = optarg;
			break;
		case 'd':
			view.device = optarg;
			break;
		case 'S':
			if (report_severity_parse(optarg, &view, &cause) == -1)
				goto out;
			break;
		default:
			return EXIT_ERROR;
		}
	}
	if (optind != argc) {
		log_warnx("report: unexpected argument '%s'", argv[optind]);
		return EXIT_ERROR;
	}
	if (store_open(&st, g->db, 0, &cause) == -1)
		goto out;
	if (report_load(st, scan, &view, &m, &cause) == -1)
		goto out;
	if (outpath) {
		/* Written beside the target and renamed: a reader never sees half a report. */
		if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", outpath) >= sizeof tmp) {
			log_warnx("report: output path too long");
			tmp[0] = '\0';
			goto out;
		}
		if ((fd = mkstemp(tmp)) == -1) {
			log_warn("report: %s", tmp);
			tmp[0] = '\0';
			goto out;
		}
		fchmod(fd, 0644);
		if ((f = fdopen(fd, "w")) == NULL) {
			log_warn("report: %s", tmp);
			close(fd);
			goto out;
		}
	}
	if (ops->render(f, m, strcmp(colour, "always") == 0 || (strcmp(colour, "auto") == 0 &&
	    outpath == NULL && strcmp(ops->name, "text") == 0 && isatty(STDOUT_FILENO) &&
	    getenv("NO_COLOR") == NULL), &cause) == -1)
		goto out;
	if (fflush(f) != 0 || (outpath && fsync(fileno(f)) != 0)) {
		log_warn("report: %s", outpath ? tmp : "stdout");
		goto out;
	}
	if (outpath) {
		FILE *done = f;

		f = stdout;
		if (fclose(done) != 0 || rename(tmp, outpath) == -1) {
			log_warn("report: %s", outpath);
			goto out;
		}
		tmp[0] = '\0';
	}
	rc = report_has_failures(m) ? EXIT_NONCOMPLIANT : EXIT_OK;
out:
	if (cause)
		log_warnx("report: %s", cause);
	free(cause);
	if (f != stdout)
		fclose(f);
	if (tmp[0])
		unlink(tmp);
	report_free(&m);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_report = {
	.name = "report",
	.summary = "render a scan's report (text, html, json, csv, junit)",
	.run = run_report,
	.usage = "usage: netloom [--db PATH] report [--format text|html|json|csv|junit]\n"
	    "           [--out FILE] [--scan ID] [--color auto|always|never]\n"
	    "           [--owner NAME] [--department D] [--device ID|NAME] [--severity high+]\n\n"
	    "Renders one scan (default: the last that ended) from the store only, so that\n"
	    "--scan ID renders a past scan again byte for byte: scan, devices with identity,\n"
	    "rule results by device, rule and severity, and drift against the scan before.\n"
	    "  --format   text (default), html (one self-contained file), json (schema\n"
	    "             netloom-report v1, docs/report-schema.md), csv, junit\n"
	    "  --out FILE written atomically (temporary file + rename)\n"
	    "  --owner, --department  only devices whose linked asset has that owner or\n"
	    "             department (netloom assets reconcile links them)\n"
	    "  --device   one device; --severity high+ verdicts of high or worse (high: only high)\n"
	    "exit status: 0 rendered and no rule failed, 2 rendered and some rule failed, 1 error\n",
};
