/* parse_facts: turns captured command output into normalised facts (docs/facts.md).
 * A parser is a pure function of the text: it adds facts to a snapshot, ignores what it
 * does not understand, and fails only when memory runs out. Profiles name parsers. */
#ifndef NETLOOM_PARSE_FACTS_H
#define NETLOOM_PARSE_FACTS_H

#include <stddef.h>

struct snapshot;

/* Longest fact value a parser stores; longer device strings are cut. */
#define PARSE_VALUE_MAX	4096u
/* Longest key a parser builds from device text (pkg.<name>, sysctl.<key> ...). */
#define PARSE_KEY_MAX	160u

typedef int (*parse_fn)(struct snapshot *s, const char *text, size_t len);

/* The parser called name, or NULL. */
parse_fn	 parse_find(const char *name);
/* Names of every parser, for listings; NULL past the end. */
const char	*parse_name_at(size_t i);

/* A read cursor over text; lines end at LF, a CR before it is dropped. */
struct parse_cursor {
	const char	*p;
	const char	*end;
};

void	parse_cursor_init(struct parse_cursor *c, const char *text, size_t len);
/* Next line into (*line, *len); 1, or 0 at the end. */
int	parse_line(struct parse_cursor *c, const char **line, size_t *len);
/* Strips blanks at both ends of (*s, *n). */
void	parse_trim(const char **s, size_t *n);
/* If line starts with prefix (after leading blanks when skip_blanks), points (*rest, *rn)
 * after it and returns 1. */
int	parse_prefix(const char *line, size_t len, const char *prefix, int skip_blanks,
	    const char **rest, size_t *rn);
/* Sets key to value (printable ASCII only, cut at PARSE_VALUE_MAX). Empty values are
 * skipped. 0 or -1 (memory). */
int	parse_fact(struct snapshot *s, const char *key, const char *val, size_t vlen);
/* Sets prefix + name (name reduced to [A-Za-z0-9._+:@-], cut at PARSE_KEY_MAX) to value. */
int	parse_fact_named(struct snapshot *s, const char *prefix, const char *name, size_t nlen,
	    const char *val, size_t vlen);

#endif
