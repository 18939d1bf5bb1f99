/* profile: SSH device profiles, data not code. Each profile (scanner/profiles/NAME.xml,
 * checked against scanner/profile.xsd) says how to recognise a platform (SNMP platform,
 * SSH banner, probe command output), how to talk to it (exec channel or interactive
 * shell with prompt detection and paging off), which commands to run, and which parser
 * turns each output into facts. The built-in set is compiled in; a directory given at
 * run time overrides profiles of the same name and adds new ones. */
#ifndef NETLOOM_PROFILE_H
#define NETLOOM_PROFILE_H

#include <stddef.h>

#include "scanner/redact.h"

struct profile;
struct profile_set;

enum profile_mode { PROFILE_EXEC, PROFILE_SHELL };

/* One command; strings are borrowed from the profile. parser may be NULL. */
struct profile_command {
	const char	*artifact;
	const char	*command;
	const char	*parser;
	int		 privileged;
	int		 optional;
};

/* Loads the built-in profiles, then every *.xml of dir (may be NULL), which replace
 * built-in ones of the same name. Errors are "file:line: what". */
int	profile_set_load(struct profile_set **out, const char *dir, char **cause);
void	profile_set_free(struct profile_set **setp);
/* Loads one profile document from memory (name labels errors), checked as a file is;
 * free it with profile_free(). For tools and the fuzz harness: scans use sets. */
int	profile_from_memory(const char *data, size_t len, const char *name,
	    struct profile **out, char **cause);
void	profile_free(struct profile **pp);
/* Loads and checks one file (schema, patterns, parser names) without keeping it. */
int	profile_check_file(const char *path, char **cause);

size_t			 profile_count(const struct profile_set *set);
const struct profile	*profile_at(const struct profile_set *set, size_t i);
const struct profile	*profile_by_name(const struct profile_set *set, const char *name);
/* The profile that declares <snmp platform="platform"/>, or NULL. */
const struct profile	*profile_for_snmp(const struct profile_set *set, const char *platform);
/* The first profile with a <banner> pattern matching the SSH server banner, or NULL. */
const struct profile	*profile_for_banner(const struct profile_set *set, const char *banner);

const char	*profile_name(const struct profile *p);
enum profile_mode profile_mode(const struct profile *p);
/* 1 when an exec profile runs all its commands in one channel (<session batch="true">). */
int		 profile_batch(const struct profile *p);
/* 1 when a batch's commands share its shell (<session batch="true" shared="true">): no
 * subshell (a fork on the host) per command; what one command sets stays for the next. */
int		 profile_batch_shared(const struct profile *p);
enum redact_platform profile_redact(const struct profile *p);
size_t		 profile_ncommands(const struct profile *p);
const struct profile_command *profile_command_at(const struct profile *p, size_t i);
size_t		 profile_nsetup(const struct profile *p);
const char	*profile_setup_at(const struct profile *p, size_t i);
size_t		 profile_nprobes(const struct profile *p);
const char	*profile_probe_command(const struct profile *p, size_t i);
/* 1 when the probe's pattern matches the output, else 0. */
int		 profile_probe_match(const struct profile *p, size_t i, const char *text,
		     size_t len);

/* Shell sessions. Each returns 1 on a match, 0 otherwise (also when not declared). */
int		 profile_is_prompt(const struct profile *p, const char *line, size_t len);
/* 1 when line (a prompt) shows privileged mode; 1 when no privileged-prompt is declared. */
int		 profile_is_privileged(const struct profile *p, const char *line, size_t len);
int		 profile_is_password_prompt(const struct profile *p, const char *line,
		     size_t len);
/* Finds the pager marker in text: its offset and length, 1; or 0. */
int		 profile_find_pager(const struct profile *p, const char *text, size_t len,
		     size_t *off, size_t *mlen);
/* 1 when line is one the CLI prints before its prompt (a trailer), to be cut. */
int		 profile_is_trailer(const struct profile *p, const char *line, size_t len);
int		 profile_is_error(const struct profile *p, const char *text, size_t len);
const char	*profile_enable(const struct profile *p);	/* NULL if none */

#endif
