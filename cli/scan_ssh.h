/* scan_ssh: the SSH side of `netloom scan` (--ssh, --ssh-only), kept apart from
 * cmd_scan.c so that the SNMP scan can change without touching it. */
#ifndef NETLOOM_SCAN_SSH_H
#define NETLOOM_SCAN_SSH_H

struct cli_global;

/* 1 when argv asks for SSH capture (--ssh or --ssh-only before the targets). */
int	scan_ssh_wanted(int argc, char **argv);
int	scan_ssh_run(struct cli_global *g, int argc, char **argv);

#endif
