/* netloom scan: discover devices and capture their configuration */
#include "cli/cli.h"

static int
run_scan(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	return cli_not_built("scan", "issue 3 (SNMP discovery) and issue 4 (SSH capture)");
}

const struct cli_command cmd_scan = {
	.name = "scan",
	.summary = "discover devices and capture their configuration",
	.run = run_scan,
	.usage = "usage: netloom scan [options] TARGET...\n\ndiscover devices and capture their configuration.\n"
	    "Not built yet: issue 3 (SNMP discovery) and issue 4 (SSH capture).\n",
};
