/* netloom policy: validate policy and waiver files; list and show the shipped baselines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/policy.h"
#include "common/xmldoc.h"
#include "audit/waiver.h"
#include "cli/cli.h"
#include "common/log.h"

/* A file whose root element is <waivers> is a waivers file; anything else is checked
 * as a policy (and says why it is not one). */
static int
is_waivers(const char *data, size_t len)
{
	const char *w = memmem(data, len, "<waivers", 8);
	const char *p = memmem(data, len, "<policy", 7);

	return w != NULL && (p == NULL || w < p);
}

static int
check_files(int argc, char **argv)
{
	struct waivers *w = NULL;
	struct policy *p = NULL;
	char *cause = NULL, *data = NULL;
	size_t len;
	int i, bad = 0;

	if (argc < 1) {
		log_warnx("policy check: no file given (usage: netloom policy check FILE...)");
		return EXIT_ERROR;
	}
	for (i = 0; i < argc; i++) {
		if (xmldoc_slurp(argv[i], POLICY_MAX_BYTES, &data, &len, &cause) == 0) {
			if (is_waivers(data, len)) {
				if (waivers_load_mem(argv[i], data, len, &w, &cause) == 0)
					printf("%s: valid waivers (%zu)\n", argv[i], waivers_count(w));
			} else if (policy_load_mem(argv[i], data, len, NULL, &p, &cause) == 0)
				printf("%s: valid policy %s version %s, %zu rules, sha256 %s\n",
				    argv[i], policy_id(p), policy_version(p), policy_rule_count(p),
				    policy_sha256(p));
		}
		if (cause != NULL) {
			log_warnx("%s", cause);
			bad = 1;
		}
		free(cause);
		cause = NULL;
		free(data);
		data = NULL;
		policy_free(&p);
		waivers_free(&w);
	}
	return bad ? EXIT_ERROR : EXIT_OK;
}

static int
list_shipped(void)
{
	const char *const *names = policy_shipped();
	struct policy *p = NULL;
	const char *text;
	char *cause = NULL;
	size_t len, i;
	int rc = EXIT_OK;

	for (i = 0; names[i] != NULL; i++) {
		if ((text = policy_shipped_text(names[i], &len)) == NULL)
			continue;
		if (policy_load_mem(names[i], text, len, NULL, &p, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
			cause = NULL;
			rc = EXIT_ERROR;
			continue;
		}
		printf("%-14s %-8s %3zu rules  %s\n", policy_id(p), policy_version(p),
		    policy_rule_count(p), policy_title(p));
		policy_free(&p);
	}
	return rc;
}

static int
show_shipped(const char *name)
{
	char file[128];
	const char *text;
	size_t len;

	snprintf(file, sizeof file, "%s%s", name, strstr(name, ".xml") ? "" : ".xml");
	if ((text = policy_shipped_text(file, &len)) == NULL) {
		log_warnx("policy show: no shipped policy '%s' (see netloom policy list)", name);
		return EXIT_ERROR;
	}
	fwrite(text, 1, len, stdout);
	return EXIT_OK;
}

static int
run_policy(struct cli_global *g, int argc, char **argv)
{
	(void)g;
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check_files(argc - 2, argv + 2);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return list_shipped();
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return show_shipped(argv[2]);
	log_warnx("policy: usage: netloom policy check FILE... | list | show NAME");
	return EXIT_ERROR;
}

const struct cli_command cmd_policy = {
	.name = "policy",
	.summary = "validate policy files, list the shipped baselines",
	.run = run_policy,
	.usage = "usage: netloom policy check FILE...\n"
	    "       netloom policy list\n"
	    "       netloom policy show NAME\n\n"
	    "check  validates each policy (or waivers) file against the built-in schema and\n"
	    "       compiles its patterns, without auditing anything. Errors are one line,\n"
	    "       FILE:LINE: what. Exit 0 when every file is valid, 1 otherwise.\n"
	    "list   the shipped baselines compiled into this binary (id, version, rules).\n"
	    "show   prints a shipped baseline, to copy and tailor.\n"
	    "The language is described in docs/policies.md.\n",
};
