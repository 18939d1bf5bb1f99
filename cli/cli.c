/* cli: helpers shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"

int
cli_wants_help(const struct cli_command *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(c->usage, stdout);
			return 1;
		}
	}
	return 0;
}

void
cli_take_db(struct cli_global *g, int *argc, char **argv)
{
	int i, j;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--db") == 0 && i + 1 < *argc) {
			g->db = argv[i + 1];
			for (j = i; j + 2 <= *argc; j++)
				argv[j] = argv[j + 2];
			*argc -= 2;
			i--;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			g->db = argv[i] + 5;
			for (j = i; j + 1 <= *argc; j++)
				argv[j] = argv[j + 1];
			*argc -= 1;
			i--;
		}
	}
}

int
cli_json_only(const char *command, int argc, char **argv, int *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (c != 'j')
			return -1;
		*json = 1;
	}
	if (optind != argc) {
		log_warnx("%s: unexpected argument '%s'", command, argv[optind]);
		return -1;
	}
	return 0;
}

void
cli_report_cause(char **cause)
{
	if (*cause != NULL)
		log_warnx("%s", *cause);
	free(*cause);
	*cause = NULL;
}

int
cli_opt_uint(const char *command, const char *name, const char *s, unsigned long lo,
    unsigned long hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		goto bad;
	*out = (unsigned)v;
	return 0;
bad:
	log_warnx("%s: %s: '%s' is not a number from %lu to %lu", command, name, s, lo, hi);
	return -1;
}
