#include "cli/scan_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"

void
scan_opts_init(struct scan_opts *o)
{
	memset(o, 0, sizeof *o);
	o->snmp.retries = 1;
	o->port = 161;
}

int
scan_opts_take(struct scan_opts *o, int ch, const char *arg, struct target_set *ts)
{
	char *cause = NULL;

	switch (ch) {
	case SCAN_OPT_CREDENTIALS:
		o->credpath = arg;
		return 1;
	case SCAN_OPT_RATE:
		return cli_opt_uint("scan", "--rate", arg, 1, 1000000, &o->snmp.rate) == -1 ? -1 : 1;
	case SCAN_OPT_WINDOW:
		return cli_opt_uint("scan", "--window", arg, 1, 65536, &o->snmp.window) == -1 ?
		    -1 : 1;
	case SCAN_OPT_TIMEOUT:
		return cli_opt_uint("scan", "--timeout", arg, 10, 600000, &o->snmp.timeout_ms) ==
		    -1 ? -1 : 1;
	case SCAN_OPT_RETRIES:
		return cli_opt_uint("scan", "--retries", arg, 0, 20, &o->snmp.retries) == -1 ?
		    -1 : 1;
	case SCAN_OPT_PORT:
		if (cli_opt_uint("scan", "--port", arg, 1, 65535, &o->port) == -1)
			return -1;
		o->snmp.port = (uint16_t)o->port;
		return 1;
	case SCAN_OPT_EXCLUDE:
		if (target_set_add(ts, arg, 1, &cause) == -1) {
			log_warnx("scan: --exclude %s", cause);
			free(cause);
			return -1;
		}
		return 1;
	case SCAN_OPT_JSON:
		o->json = 1;
		return 1;
	default:
		return 0;
	}
}
