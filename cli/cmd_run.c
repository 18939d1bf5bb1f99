/* netloom run: run a whole audit job from an XML job file */
#include "cli/cli.h"

static int
run_run(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("run", "issue 7 (scheduled audits)");
}

const struct cli_command cmd_run = {
	.name = "run",
	.summary = "run a whole audit job from an XML job file",
	.run = run_run,
	.usage = "usage: netloom run --job FILE\n\nrun a whole audit job from an XML job file.\n"
	    "Not built yet: issue 7 (scheduled audits).\n",
};
