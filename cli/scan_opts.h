/* scan_opts: the options every `netloom scan` mode shares (SNMP engine settings,
 * exclusions, credentials, --json), parsed in one place for SNMP-only and SSH scans. */
#ifndef NETLOOM_SCAN_OPTS_H
#define NETLOOM_SCAN_OPTS_H

#include "scanner/snmp.h"
#include "scanner/target.h"

struct scan_opts {
	struct snmp_opts	 snmp;
	unsigned		 port;		/* SNMP agent port */
	const char		*credpath;
	int			 json;
};

/* getopt_long values of the shared options; a command's own options use other letters. */
#define SCAN_OPT_CREDENTIALS	'c'
#define SCAN_OPT_RATE		'r'
#define SCAN_OPT_WINDOW		'w'
#define SCAN_OPT_TIMEOUT	't'
#define SCAN_OPT_RETRIES	'R'
#define SCAN_OPT_PORT		'p'
#define SCAN_OPT_EXCLUDE	'x'
#define SCAN_OPT_JSON		'J'

void	scan_opts_init(struct scan_opts *o);
/* Handles getopt value ch with argument arg: 1 when it was a shared option, 0 when it
 * is not one, -1 when its value is bad (already reported). */
int	scan_opts_take(struct scan_opts *o, int ch, const char *arg, struct target_set *ts);

#endif
