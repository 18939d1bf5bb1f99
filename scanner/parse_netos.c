/* parse_netos: facts from network operating systems' `show version`, `show inventory` and
 * configurations. Field names were taken from the corpus (corpus/show-version). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"
#include "scanner/parse_netos.h"

/* "KEY<blanks>: value" with KEY compared case-insensitively; the value in (*v, *vn). */
static int
colon_field(const char *l, size_t n, const char *key, const char **v, size_t *vn)
{
	size_t kl = strlen(key), i;

	while (n > 0 && (*l == ' ' || *l == '\t')) {
		l++;
		n--;
	}
	if (n <= kl || strncasecmp(l, key, kl) != 0)
		return 0;
	for (i = kl; i < n && (l[i] == ' ' || l[i] == '\t'); i++)
		;
	if (i >= n || l[i] != ':')
		return 0;
	*v = l + i + 1;
	*vn = n - i - 1;
	parse_trim(v, vn);
	return 1;
}

/* Whether the line (l, n) starts with lit; never reads past the line (device text has no
 * NUL at its end). */
static int
starts(const char *l, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(l, lit, k) == 0;
}

static int
starts_ci(const char *l, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && strncasecmp(l, lit, k) == 0;
}

/* The first blank- or comma-delimited word of (s, n). */
static size_t
word_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != ' ' && s[i] != ',' && s[i] != '\t'; i++)
		;
	return i;
}

static const char *
find(const char *l, size_t n, const char *needle)
{
	return memmem(l, n, needle, strlen(needle));
}

/* Sets key from (v, vn) only if the snapshot has no value for it yet. */
static int
first_fact(struct snapshot *s, const char *key, const char *v, size_t vn)
{
	if (vn == 0 || snapshot_fact(s, key) != NULL)
		return 0;
	return parse_fact(s, key, v, vn);
}

static int
set_lit(struct snapshot *s, const char *key, const char *v)
{
	return parse_fact(s, key, v, strlen(v));
}

/* IOS and IOS-XE show version. */
int
parse_netos_ios_version(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v, *p;
	size_t n, vn;
	int xe = 0;
	const char *model = NULL, *serial = NULL, *board = NULL;
	size_t model_n = 0, serial_n = 0, board_n = 0;

	if (set_lit(s, FACT_OS_NAME, "IOS") == -1 || set_lit(s, FACT_VENDOR, "Cisco") == -1)
		return -1;
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (find(l, n, "IOS-XE") != NULL || find(l, n, "IOS XE") != NULL)
			xe = 1;
		if ((starts(l, n, "Cisco IOS") || starts(l, n, "IOS (tm)")) &&
		    (p = find(l, n, "Version ")) != NULL) {
			p += 8;
			if (first_fact(s, FACT_OS_VERSION, p, word_len(p, n - (size_t)(p - l))) == -1)
				return -1;
		} else if (colon_field(l, n, "Model number", &v, &vn)) {
			if (model == NULL) {
				model = v;
				model_n = vn;
			}
		} else if (colon_field(l, n, "System serial number", &v, &vn)) {
			if (serial == NULL) {
				serial = v;
				serial_n = vn;
			}
		} else if (parse_prefix(l, n, "Processor board ID ", 0, &v, &vn)) {
			if (board == NULL) {
				board = v;
				board_n = word_len(v, vn);
			}
		} else if ((starts(l, n, "cisco ") || (starts(l, n, "Cisco ") &&
		    !starts(l, n, "Cisco IOS "))) && find(l, n, "bytes of") != NULL) {
			/* "cisco WS-C2960G-8TC-L (PowerPC405) processor ... bytes of memory." */
			if (first_fact(s, FACT_MODEL, l + 6, word_len(l + 6, n - 6)) == -1)
				return -1;
		} else if ((p = find(l, n, " uptime is ")) != NULL && p > l &&
		    memchr(l, ' ', (size_t)(p - l)) == NULL) {
			if (first_fact(s, FACT_SYSNAME, l, (size_t)(p - l)) == -1)
				return -1;
		} else if (parse_prefix(l, n, "System image file is \"", 0, &v, &vn)) {
			p = memchr(v, '"', vn);
			if (p != NULL && first_fact(s, "os.image", v, (size_t)(p - v)) == -1)
				return -1;
		}
	}
	/* The switch stack's "Model number" names the chassis better than the CPU line. */
	if (model != NULL && parse_fact(s, FACT_MODEL, model, model_n) == -1)
		return -1;
	if (serial != NULL && serial_n > 0) {
		if (parse_fact(s, FACT_SERIAL, serial, serial_n) == -1)
			return -1;
	} else if (board != NULL && first_fact(s, FACT_SERIAL, board, board_n) == -1)
		return -1;
	if (xe && set_lit(s, "os.variant", "IOS-XE") == -1)
		return -1;
	return 0;
}

/* IOS show inventory: the first PID/SN line is the chassis. */
int
parse_netos_ios_inventory(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *p, *v;
	size_t n, vn;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (!parse_prefix(l, n, "PID:", 1, &v, &vn))
			continue;
		parse_trim(&v, &vn);
		if (parse_fact(s, FACT_MODEL, v, word_len(v, vn)) == -1)
			return -1;
		if ((p = find(l, n, "SN:")) != NULL) {
			v = p + 3;
			vn = n - (size_t)(v - l);
			parse_trim(&v, &vn);
			if (parse_fact(s, FACT_SERIAL, v, word_len(v, vn)) == -1)
				return -1;
		}
		break;
	}
	return 0;
}

/* NX-OS show version. */
int
parse_netos_nxos_version(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v, *p;
	size_t n, vn, i;
	int hw = 0;

	if (set_lit(s, FACT_OS_NAME, "NX-OS") == -1 || set_lit(s, FACT_VENDOR, "Cisco") == -1)
		return -1;
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (n == 8 && memcmp(l, "Hardware", 8) == 0)
			hw = 1;
		if (colon_field(l, n, "NXOS", &v, &vn) || colon_field(l, n, "system", &v, &vn)) {
			if (parse_prefix(v, vn, "version ", 0, &v, &vn) &&
			    first_fact(s, FACT_OS_VERSION, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "System version", &v, &vn)) {
			if (first_fact(s, "os.system_version", v, word_len(v, vn)) == -1)
				return -1;
		} else if (parse_prefix(l, n, "Processor Board ID ", 1, &v, &vn)) {
			if (first_fact(s, FACT_SERIAL, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Device name", &v, &vn)) {
			if (first_fact(s, FACT_SYSNAME, v, word_len(v, vn)) == -1)
				return -1;
		} else if (hw && parse_prefix(l, n, "cisco ", 1, &v, &vn)) {
			/* "cisco Nexus9000 93180YC-EX chassis", "... (9 Slot) Chassis (...)" */
			for (i = 0; i + 8 <= vn; i++)
				if (strncasecmp(v + i, " chassis", 8) == 0)
					break;
			/* Without "chassis" ("cisco N9K-C9396PX ("supervisor")"): the first word. */
			if (first_fact(s, FACT_MODEL, v, i + 8 <= vn ? i : word_len(v, vn)) == -1)
				return -1;
		}
	}
	/* Old releases print only "System version:". */
	if (snapshot_fact(s, FACT_OS_VERSION) == NULL &&
	    (p = snapshot_fact(s, "os.system_version")) != NULL &&
	    parse_fact(s, FACT_OS_VERSION, p, strlen(p)) == -1)
		return -1;
	return 0;
}

/* Arista EOS show version. */
int
parse_netos_eos_version(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v;
	size_t n, vn;
	int first = 1;

	if (set_lit(s, FACT_OS_NAME, "EOS") == -1 || set_lit(s, FACT_VENDOR, "Arista") == -1)
		return -1;
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		parse_trim(&l, &n);
		if (n == 0)
			continue;
		if (first) {
			first = 0;
			if (parse_prefix(l, n, "Arista ", 0, &v, &vn) &&
			    parse_fact(s, FACT_MODEL, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Serial number", &v, &vn)) {
			if (first_fact(s, FACT_SERIAL, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Software image version", &v, &vn)) {
			if (first_fact(s, FACT_OS_VERSION, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "System MAC address", &v, &vn)) {
			if (first_fact(s, "hw.mac", v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Hardware version", &v, &vn)) {
			if (first_fact(s, "hw.revision", v, word_len(v, vn)) == -1)
				return -1;
		}
	}
	return 0;
}

/* A Junos release looks like 13.3R1.4, 13.2X51-D35.3, 21.4R3-S3.4: digits '.' digits
 * then a letter. */
static int
junos_release(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n && isdigit((unsigned char)v[i]))
		i++;
	if (i == 0 || i >= n || v[i] != '.')
		return 0;
	i++;
	if (i >= n || !isdigit((unsigned char)v[i]))
		return 0;
	while (i < n && isdigit((unsigned char)v[i]))
		i++;
	return i < n && isupper((unsigned char)v[i]);
}

/* Junos show version (the first routing engine / member counts). */
int
parse_netos_junos_version(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v, *b, *e;
	size_t n, vn;
	const char *pkg = NULL;
	size_t pkg_n = 0;

	if (set_lit(s, FACT_OS_NAME, "JUNOS") == -1 || set_lit(s, FACT_VENDOR, "Juniper") == -1)
		return -1;
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (colon_field(l, n, "Hostname", &v, &vn)) {
			if (first_fact(s, FACT_SYSNAME, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Model", &v, &vn)) {
			if (first_fact(s, FACT_MODEL, v, word_len(v, vn)) == -1)
				return -1;
		} else if (colon_field(l, n, "Junos", &v, &vn)) {
			if (first_fact(s, FACT_OS_VERSION, v, word_len(v, vn)) == -1)
				return -1;
		} else if (pkg == NULL && starts_ci(l, n, "JUNOS ") &&
		    (b = memchr(l, '[', n)) != NULL &&
		    (e = memchr(b, ']', n - (size_t)(b - l))) != NULL &&
		    junos_release(b + 1, (size_t)(e - b - 1))) {
			/* Releases without a "Junos:" line: the first package's release. */
			pkg = b + 1;
			pkg_n = (size_t)(e - b - 1);
		}
	}
	if (pkg != NULL && first_fact(s, FACT_OS_VERSION, pkg, pkg_n) == -1)
		return -1;
	return 0;
}

/* Junos show chassis hardware: the first Chassis line gives the serial (in the column of the
 * header's "Serial number", else the first word after "Chassis") and, after it, the model. */
int
parse_netos_junos_chassis(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *h, *v;
	size_t n, col = 0, vn, w;
	int have_col = 0;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (starts(l, n, "Item") &&
		    (h = find(l, n, "Serial number")) != NULL) {
			col = (size_t)(h - l);
			have_col = 1;
			continue;
		}
		if (n < 8 || !starts(l, n, "Chassis") || (l[7] != ' ' && l[7] != '\t'))
			continue;
		if (have_col && col > 7 && col < n) {
			/* A serial shifted left of the header still counts from its first letter. */
			while (col > 8 && l[col - 1] != ' ' && l[col - 1] != '\t')
				col--;
			v = l + col;
			vn = n - col;
		} else {
			v = l + 7;
			vn = n - 7;
		}
		parse_trim(&v, &vn);
		w = word_len(v, vn);
		if (parse_fact(s, FACT_SERIAL, v, w) == -1)
			return -1;
		v += w;
		vn -= w;
		parse_trim(&v, &vn);
		return first_fact(s, FACT_MODEL, v, word_len(v, vn));
	}
	return 0;
}

/* IOS, IOS-XE, NX-OS and EOS configurations: the configured host name. */
int
parse_netos_cisco_config(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v;
	size_t n, vn;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n))
		if (parse_prefix(l, n, "hostname ", 0, &v, &vn))
			return parse_fact(s, "config.hostname", v, word_len(v, vn));
	return 0;
}

/* Junos configuration, brace or set form: system host-name. */
int
parse_netos_junos_config(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *v;
	size_t n, vn;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (parse_prefix(l, n, "host-name ", 1, &v, &vn) ||
		    parse_prefix(l, n, "set system host-name ", 0, &v, &vn)) {
			while (vn > 0 && (v[vn - 1] == ';' || v[vn - 1] == ' '))
				vn--;
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
			return parse_fact(s, "config.hostname", v, vn);
		}
	}
	return 0;
}
