/* cli: argument parsing and wiring of the stages. No logic another stage needs. */
#ifndef NETLOOM_CLI_H
#define NETLOOM_CLI_H

/* Exit codes shared by every command (as oscap's). */
#define EXIT_OK			0
#define EXIT_ERROR		1
#define EXIT_NONCOMPLIANT	2

/* Options given before the command name, visible to every command. */
struct cli_global {
	const char	*db;		/* --db PATH, default STORE_DEFAULT_PATH */
	int		 verbose;
	int		 quiet;
};

struct cli_command {
	const char	*name;
	const char	*summary;
	/* argv[0] is the command name; returns an exit code. */
	int		(*run)(struct cli_global *g, int argc, char **argv);
	const char	*usage;		/* full help text for `netloom CMD --help` */
};

/* Each cmd_*.c defines one of these. */
extern const struct cli_command cmd_scan, cmd_audit, cmd_drift, cmd_report, cmd_assets,
    cmd_impact, cmd_run, cmd_policy, cmd_scans, cmd_devices, cmd_db, cmd_listen,
    cmd_evidence;

/* Prints usage to stdout when argv holds --help/-h and returns 1 (the caller then exits 0). */
int	cli_wants_help(const struct cli_command *c, int argc, char **argv);
/* Takes "--db PATH"/"--db=PATH" out of a command's argv (it is accepted anywhere). */
void	cli_take_db(struct cli_global *g, int *argc, char **argv);

/* Parses the only option of a listing command, --json; anything else is an error. */
int	cli_json_only(const char *command, int argc, char **argv, int *json);
/* Strict decimal option value in [lo, hi]; says which option was wrong (as "command:
 * --name: ...") and returns -1 otherwise. */
int	cli_opt_uint(const char *command, const char *name, const char *s, unsigned long lo,
	    unsigned long hi, unsigned *out);
/* Prints a library cause (if any) as one diagnostic line, then frees it. */
void	cli_report_cause(char **cause);

#endif
