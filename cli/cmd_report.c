/* netloom report: render compliance reports from the store */
#include "cli/cli.h"

static int
run_report(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("report", "issue 7 (drift, reports and evidence)");
}

const struct cli_command cmd_report = {
	.name = "report",
	.summary = "render compliance reports from the store",
	.run = run_report,
	.usage = "usage: netloom report [--format text|html|json|csv|junit] [options]\n\nrender compliance reports from the store.\n"
	    "Not built yet: issue 7 (drift, reports and evidence).\n",
};
