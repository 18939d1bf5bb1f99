/* scan_ssh: the SSH side of `netloom scan` (--ssh, --ssh-only), kept apart from
 * cmd_scan.c so that the SNMP scan can change without touching it. */
#ifndef NETLOOM_SCAN_SSH_H
#define NETLOOM_SCAN_SSH_H

struct buf;
struct cli_global;
struct snapshot;

/* 1 when argv asks for SSH capture (--ssh or --ssh-only before the targets). */
int	scan_ssh_wanted(int argc, char **argv);
int	scan_ssh_run(struct cli_global *g, int argc, char **argv);
/* Appends ,"facts":{...} of a --json line: a key that repeats (secret.finding) becomes
 * an array of its values, in order, so that no reader drops one. Returns 0 or -1. */
int	scan_json_facts(struct buf *b, const struct snapshot *s);

#endif
