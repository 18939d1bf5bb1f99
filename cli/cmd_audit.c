/* netloom audit: evaluate baseline policies against the latest snapshots */
#include "cli/cli.h"

static int
run_audit(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("audit", "issue 5 (XML baseline policies and the audit engine)");
}

const struct cli_command cmd_audit = {
	.name = "audit",
	.summary = "evaluate baseline policies against the latest snapshots",
	.run = run_audit,
	.usage = "usage: netloom audit [options]\n\nevaluate baseline policies against the latest snapshots.\n"
	    "Not built yet: issue 5 (XML baseline policies and the audit engine).\n",
};
