/* netloom: agentless configuration auditor. Git-style dispatcher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"
#include "inventory/store.h"

static const struct cli_command *commands[] = {
	&cmd_scan, &cmd_audit, &cmd_drift, &cmd_report, &cmd_assets, &cmd_impact,
	&cmd_run, &cmd_evidence, &cmd_policy, &cmd_scans, &cmd_devices, &cmd_db, &cmd_listen,
	NULL,
};

static void
usage(FILE *f)
{
	const struct cli_command **c;

	fprintf(f, "usage: netloom [--db PATH] [-v|-q] <command> [options]\n"
	    "       netloom --version | --help | <command> --help\n\ncommands:\n");
	for (c = commands; *c; c++)
		fprintf(f, "  %-9s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\nexit status: 0 ok and compliant, 1 error, 2 ran fine but found "
	    "non-compliance\n");
}

int
main(int argc, char **argv)
{
	struct cli_global g = { .db = STORE_DEFAULT_PATH };
	const struct cli_command **c;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("netloom %s\n", NETLOOM_VERSION);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			g.db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			g.db = argv[i] + 5;
		} else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			g.verbose++;
		} else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
			g.quiet = 1;
		} else {
			log_warnx("unknown option '%s' (try netloom --help)", argv[i]);
			return EXIT_ERROR;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (g.quiet)
		log_set_level(LOG_LEVEL_QUIET);
	else if (g.verbose)
		log_set_level(g.verbose > 1 ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);

	for (c = commands; *c; c++) {
		if (strcmp((*c)->name, argv[i]) != 0)
			continue;
		argc -= i;
		argv += i;
		if (cli_wants_help(*c, argc, argv))
			return EXIT_OK;
		cli_take_db(&g, &argc, argv);
		return (*c)->run(&g, argc, argv);
	}
	log_warnx("unknown command '%s' (try netloom --help)", argv[i]);
	return EXIT_ERROR;
}
