/* netloom drift: show what changed between snapshots */
#include "cli/cli.h"

static int
run_drift(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("drift", "issue 7 (drift, reports and evidence)");
}

const struct cli_command cmd_drift = {
	.name = "drift",
	.summary = "show what changed between snapshots",
	.run = run_drift,
	.usage = "usage: netloom drift [options]\n\nshow what changed between snapshots.\n"
	    "Not built yet: issue 7 (drift, reports and evidence).\n",
};
