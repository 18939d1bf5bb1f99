/* netloom impact: show what depends on a device or asset */
#include "cli/cli.h"

static int
run_impact(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("impact", "issue 6 (asset register and reconciliation)");
}

const struct cli_command cmd_impact = {
	.name = "impact",
	.summary = "show what depends on a device or asset",
	.run = run_impact,
	.usage = "usage: netloom impact DEVICE|ASSET\n\nshow what depends on a device or asset.\n"
	    "Not built yet: issue 6 (asset register and reconciliation).\n",
};
