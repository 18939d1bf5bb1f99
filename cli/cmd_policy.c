/* netloom policy: validate policy files */
#include "cli/cli.h"

static int
run_policy(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("policy", "issue 5 (XML baseline policies and the audit engine)");
}

const struct cli_command cmd_policy = {
	.name = "policy",
	.summary = "validate policy files",
	.run = run_policy,
	.usage = "usage: netloom policy check FILE...\n\nvalidate policy files.\n"
	    "Not built yet: issue 5 (XML baseline policies and the audit engine).\n",
};
