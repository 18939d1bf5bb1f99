/* parse_facts: the parser registry and the bounded line helpers every parser uses. */
#include <stdlib.h>
#include <string.h>

#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"
#include "scanner/parse_linux.h"
#include "scanner/parse_netos.h"

static const struct {
	const char	*name;
	parse_fn	 fn;
} parsers[] = {
	{ "os-release", parse_linux_os_release },
	{ "uname", parse_linux_uname },
	{ "host", parse_linux_host },
	{ "packages", parse_linux_packages },
	{ "sshd-t", parse_linux_sshd_t },
	{ "lsblk", parse_linux_lsblk },
	{ "sysctl", parse_linux_sysctl },
	{ "services", parse_linux_services },
	{ "units-active", parse_linux_units_active },
	{ "passwd", parse_linux_passwd },
	{ "updates", parse_linux_updates },
	{ "ios-version", parse_netos_ios_version },
	{ "ios-inventory", parse_netos_ios_inventory },
	{ "nxos-version", parse_netos_nxos_version },
	{ "eos-version", parse_netos_eos_version },
	{ "junos-version", parse_netos_junos_version },
	{ "junos-chassis", parse_netos_junos_chassis },
	{ "cisco-config", parse_netos_cisco_config },
	{ "junos-config", parse_netos_junos_config },
};

parse_fn
parse_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof parsers / sizeof parsers[0]; i++)
		if (strcmp(parsers[i].name, name) == 0)
			return parsers[i].fn;
	return NULL;
}

const char *
parse_name_at(size_t i)
{
	return i < sizeof parsers / sizeof parsers[0] ? parsers[i].name : NULL;
}

void
parse_cursor_init(struct parse_cursor *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
}

int
parse_line(struct parse_cursor *c, const char **line, size_t *len)
{
	const char *nl;
	size_t n;

	if (c->p >= c->end)
		return 0;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	n = nl != NULL ? (size_t)(nl - c->p) : (size_t)(c->end - c->p);
	*line = c->p;
	c->p += n + (nl != NULL);
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	*len = n;
	return 1;
}

void
parse_trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

int
parse_prefix(const char *line, size_t len, const char *prefix, int skip_blanks,
    const char **rest, size_t *rn)
{
	size_t pl = strlen(prefix);

	if (skip_blanks)
		while (len > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			len--;
		}
	if (len < pl || memcmp(line, prefix, pl) != 0)
		return 0;
	*rest = line + pl;
	*rn = len - pl;
	return 1;
}

int
parse_fact(struct snapshot *s, const char *key, const char *val, size_t vlen)
{
	char out[PARSE_VALUE_MAX + 1];
	size_t i, o = 0;

	parse_trim(&val, &vlen);
	for (i = 0; i < vlen && o < PARSE_VALUE_MAX; i++) {
		unsigned char ch = (unsigned char)val[i];

		/* Device text is hostile: keep printable ASCII, tabs become blanks. */
		if (ch == '\t')
			ch = ' ';
		if (ch >= 0x20 && ch < 0x7f)
			out[o++] = (char)ch;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	if (o == 0)
		return 0;
	out[o] = '\0';
	return snapshot_set_fact(s, key, out);
}

int
parse_fact_named(struct snapshot *s, const char *prefix, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	char key[PARSE_KEY_MAX + 1];
	size_t pl = strlen(prefix), i, o;

	if (pl >= PARSE_KEY_MAX)
		return -1;
	memcpy(key, prefix, pl);
	o = pl;
	parse_trim(&name, &nlen);
	for (i = 0; i < nlen && o < PARSE_KEY_MAX; i++) {
		char ch = name[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch != '\0' && strchr("._+:@-", ch) != NULL))
			key[o++] = ch;
		else
			key[o++] = '_';
	}
	if (o == pl)
		return 0;
	key[o] = '\0';
	return parse_fact(s, key, val, vlen);
}
