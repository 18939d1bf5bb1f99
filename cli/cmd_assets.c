/* netloom assets: manage the asset register */
#include "cli/cli.h"

static int
run_assets(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("assets", "issue 6 (asset register and reconciliation)");
}

const struct cli_command cmd_assets = {
	.name = "assets",
	.summary = "manage the asset register",
	.run = run_assets,
	.usage = "usage: netloom assets import|export|list|show|set|link|owner ...\n\nmanage the asset register.\n"
	    "Not built yet: issue 6 (asset register and reconciliation).\n",
};
