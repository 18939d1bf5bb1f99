/* redact: line-oriented, token-based secret masking for captured configurations.
 * Hand-written bounded matching (no regex): every line is split into at most TOK_MAX tokens
 * and each rule looks at a few tokens around a keyword. See docs/redaction.md. */
#include "scanner/redact.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/buf.h"
#include "common/err.h"

#define TOK_MAX		1024
#define SPAN_MAX	(TOK_MAX + 16)
#define JDEPTH		32
#define JWORD		32
#define HMAC_HEX	12

struct redactor {
	unsigned char	 key[128];
	size_t		 keylen;	/* 0: constant mask */
};

struct redact_result {
	struct buf		 text;
	size_t			 counts[REDACT_K_COUNT];
	size_t			 total;
	struct redact_finding	*findings;
	size_t			 nfindings;
	size_t			 capfindings;
	size_t			*vol;
	size_t			 nvol;
	size_t			 capvol;
};

struct tok {
	size_t	off;
	size_t	len;
};

struct span {
	size_t	off;
	size_t	len;
};

struct line {
	const char	*s;
	size_t		 len;
	size_t		 no;		/* 1-based */
	struct tok	 tok[TOK_MAX];
	size_t		 ntok;
	size_t		 b;		/* first token after "no", "set", "default" ... */
	unsigned char	 done[TOK_MAX];	/* token already judged by a rule */
	struct span	 span[SPAN_MAX];
	size_t		 nspan;
	int		 overflow;	/* more spans than SPAN_MAX: mask the whole line */
};

struct run {
	const struct redactor	*r;
	enum redact_platform	 p;
	struct redact_result	*res;
	int			 junos;		/* braces and ';' are tokens */
	int			 in_pem;
	size_t			 pem_finding;	/* index of the block's finding, or SIZE_MAX */
	char			 parent[96];	/* first tokens of the last unindented line */
	char			 jpath[JDEPTH][JWORD];
	size_t			 jdepth;
	struct line		 ln;
};

struct scheme {
	const char		*tok;
	enum redact_strength	 strength;
	const char		*name;
};

/* Cisco/Arista type tokens that precede a value. */
static const struct scheme types[] = {
	{ "0", REDACT_S_CLEARTEXT, "type0" },
	{ "3", REDACT_S_ENCRYPTED, "type3" },
	{ "4", REDACT_S_WEAK_HASH, "type4-sha256" },
	{ "5", REDACT_S_WEAK_HASH, "type5-md5crypt" },
	{ "6", REDACT_S_ENCRYPTED, "type6-aes" },
	{ "7", REDACT_S_REVERSIBLE, "type7" },
	{ "8", REDACT_S_STRONG_HASH, "type8-pbkdf2" },
	{ "8a", REDACT_S_ENCRYPTED, "type8a-aes" },
	{ "9", REDACT_S_STRONG_HASH, "type9-scrypt" },
	{ "sha512", REDACT_S_STRONG_HASH, "sha512-crypt" },
};

/* Crypt-format prefixes "$id$" that mark a value whatever keyword precedes it. */
static const struct scheme crypts[] = {
	{ "1", REDACT_S_WEAK_HASH, "md5-crypt" },
	{ "2a", REDACT_S_STRONG_HASH, "bcrypt" },
	{ "2b", REDACT_S_STRONG_HASH, "bcrypt" },
	{ "2y", REDACT_S_STRONG_HASH, "bcrypt" },
	{ "5", REDACT_S_STRONG_HASH, "sha256-crypt" },
	{ "6", REDACT_S_STRONG_HASH, "sha512-crypt" },
	{ "7", REDACT_S_STRONG_HASH, "scrypt" },
	{ "8", REDACT_S_ENCRYPTED, "junos-8" },
	{ "9", REDACT_S_REVERSIBLE, "junos-9" },
	{ "1c", REDACT_S_ENCRYPTED, "eos-1c" },
	{ "y", REDACT_S_STRONG_HASH, "yescrypt" },
	{ "sha1", REDACT_S_STRONG_HASH, "sha1-crypt" },
	{ "sha512", REDACT_S_STRONG_HASH, "pbkdf2-sha512" },
};

static const char *kind_names[REDACT_K_COUNT] = {
	"enable-secret", "enable-password", "user-password", "password", "snmp-community",
	"snmp-auth", "snmp-priv", "tacacs-key", "radius-key", "isakmp-key", "bgp-password",
	"ospf-key", "ntp-key", "key-string", "hsrp-auth", "hash", "junos-secret", "private-key",
	"shadow-hash", "oversize-line",
};

static const char *strength_names[REDACT_S_COUNT] = {
	"cleartext", "reversible", "encrypted", "weak-hash", "strong-hash", "localized", "unknown",
};

/* Communities that scanners try first. */
static const char *default_communities[] = {
	"public", "private", "cisco", "community", "secret", "admin", "manager", "snmp", "snmpd",
	"read", "write", "all", "monitor", "router", "switch", "test", "guest", "default",
	"ilmi", "cable-docsis", "san-fran", "tivoli", "openview", "netman", "security", "system",
	"rmon", "rmon_admin", "hp_admin", "password", "c0nfig", "proxy", "mngt",
};

/* Words that follow "password"/"secret" as a setting rather than as the value. */
static const char *password_stop[] = {
	"encryption", "encryption-key", "minimum", "minimum-length", "maximum-length",
	"minimum-changes", "minimum-character-changes", "minimum-numerics", "minimum-upper-cases",
	"minimum-lower-cases", "minimum-punctuations", "change-type", "format", "policy",
	"strength-check", "prompt", "public-key", "keyboard-interactive", "required", "expiration",
	"history", "lifetime", "max-lifetime", "profile", "secure-mode", "reuse-interval",
	"options", "authentication", "secrets", "dictionary", "character-repeat", "hash",
	"algorithm", "constraints", "length", "{", ";", "}", "##",
};

static const char *snmp_auth_algos[] = {
	"md5", "sha", "sha1", "sha-1", "sha224", "sha-224", "sha256", "sha-256", "sha384",
	"sha-384", "sha512", "sha-512",
};

static const char *snmp_priv_algos[] = {
	"des", "3des", "des56", "aes", "aes128", "aes192", "aes256", "aes-128", "aes-192",
	"aes-256", "aes192c", "aes256c",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* memmem for the short lines and needles here: glibc's costs more to set up than the
 * search, and this runs on every line. */
static const char *
find_bytes(const char *s, size_t len, const char *needle, size_t n)
{
	const char *p = s, *e = s + len;

	if (n == 0)
		return s;
	while (n <= (size_t)(e - p) && (p = memchr(p, needle[0], (size_t)(e - p) - n + 1))
	    != NULL) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int
has_bytes(const char *s, size_t len, const char *needle)
{
	return find_bytes(s, len, needle, strlen(needle)) != NULL;
}

/* Case-insensitive prefix test on a bounded byte string. */
static int
starts_ci(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);

	return len >= n && strncasecmp(s, pre, n) == 0;
}

static int
word_in(const char *s, size_t len, const char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(s, list[i], len) == 0)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- tokens */

static int
tokenize(struct line *ln, int junos)
{
	const char *s = ln->s;
	size_t i = 0, len = ln->len, start;

	ln->ntok = 0;
	while (i < len) {
		while (i < len && is_ws(s[i]))
			i++;
		if (i >= len)
			break;
		start = i;
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\' && i + 1 < len)
					i++;
			if (i < len)
				i++;
		} else if (junos && (s[i] == ';' || s[i] == '{' || s[i] == '}')) {
			i++;
		} else {
			while (i < len && !is_ws(s[i]) &&
			    !(junos && (s[i] == ';' || s[i] == '{' || s[i] == '}')))
				i++;
		}
		if (ln->ntok == TOK_MAX)
			return -1;
		ln->tok[ln->ntok].off = start;
		ln->tok[ln->ntok].len = i - start;
		ln->ntok++;
	}
	return 0;
}

static const char *
tp(const struct line *ln, size_t i)
{
	return ln->s + ln->tok[i].off;
}

static size_t
tl(const struct line *ln, size_t i)
{
	return ln->tok[i].len;
}

static int
teq(const struct line *ln, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i < ln->ntok && tl(ln, i) == n && strncasecmp(tp(ln, i), w, n) == 0;
}

static int
tin(const struct line *ln, size_t i, const char **list, size_t n)
{
	return i < ln->ntok && word_in(tp(ln, i), tl(ln, i), list, n);
}

static int
tdigits(const struct line *ln, size_t i)
{
	size_t k;

	if (i >= ln->ntok || tl(ln, i) == 0)
		return 0;
	for (k = 0; k < tl(ln, i); k++)
		if (tp(ln, i)[k] < '0' || tp(ln, i)[k] > '9')
			return 0;
	return 1;
}

/* A token that can hold a value: not Junos punctuation, not a trailing comment. */
static int
tvalue(const struct line *ln, size_t i)
{
	if (i >= ln->ntok)
		return 0;
	return !(teq(ln, i, ";") || teq(ln, i, "{") || teq(ln, i, "}") || teq(ln, i, "##") ||
	    teq(ln, i, "#"));
}

/* The bytes of token i without surrounding quotes. */
static void
tcontent(const struct line *ln, size_t i, size_t *off, size_t *len)
{
	*off = ln->tok[i].off;
	*len = ln->tok[i].len;
	if (*len >= 2 && ln->s[*off] == '"' && ln->s[*off + *len - 1] == '"') {
		(*off)++;
		*len -= 2;
	} else if (*len >= 1 && ln->s[*off] == '"') {
		(*off)++;
		(*len)--;
	}
}

/* Length of a "$id$" crypt prefix at s (0 if none); *sc gets the scheme. */
static size_t
crypt_prefix(const char *s, size_t len, const struct scheme **sc)
{
	size_t k, i;

	if (len < 3 || s[0] != '$')
		return 0;
	for (k = 1; k < len && k <= 8 && s[k] != '$'; k++)
		if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9')))
			return 0;
	if (k >= len || s[k] != '$' || k == 1)
		return 0;
	for (i = 0; i < NELEM(crypts); i++)
		if (strlen(crypts[i].tok) == k - 1 && memcmp(s + 1, crypts[i].tok, k - 1) == 0) {
			if (sc)
				*sc = &crypts[i];
			return k + 1;
		}
	return 0;
}

static const struct scheme *
type_token(const struct line *ln, size_t i)
{
	size_t k;

	if (i >= ln->ntok)
		return NULL;
	for (k = 0; k < NELEM(types); k++)
		if (teq(ln, i, types[k].tok))
			return &types[k];
	return NULL;
}

static void
copy_word(char *dst, size_t dstlen, const char *s, size_t len)
{
	size_t i, n = len < dstlen - 1 ? len : dstlen - 1;

	for (i = 0; i < n; i++)
		dst[i] = (s[i] > ' ' && s[i] < 127) ? s[i] : '?';
	dst[n] = '\0';
}

static void
tok_word(const struct line *ln, size_t i, char *dst, size_t dstlen)
{
	size_t off, len;

	dst[0] = '\0';
	if (i >= ln->ntok)
		return;
	tcontent(ln, i, &off, &len);
	copy_word(dst, dstlen, ln->s + off, len);
}

/* ---------------------------------------------------------------- results */

static struct redact_finding *
add_finding(struct run *run, enum redact_kind kind, enum redact_strength st,
    const char *scheme, const char *subject, const char *note)
{
	struct redact_result *res = run->res;
	struct redact_finding *f, *nf;
	size_t ncap;

	if (res->nfindings >= REDACT_FINDINGS_MAX)
		return NULL;
	if (res->nfindings == res->capfindings) {
		ncap = res->capfindings ? res->capfindings * 2 : 32;
		if ((nf = reallocarray(res->findings, ncap, sizeof(*nf))) == NULL)
			return NULL;
		res->findings = nf;
		res->capfindings = ncap;
	}
	f = &res->findings[res->nfindings++];
	memset(f, 0, sizeof(*f));
	f->line = run->ln.no;
	f->kind = kind;
	f->strength = st;
	f->scheme = scheme;
	if (subject)
		copy_word(f->subject, sizeof(f->subject), subject, strlen(subject));
	if (note)
		memcpy(f->note, note, strnlen(note, sizeof(f->note) - 1));
	return f;
}

static void
add_span(struct line *ln, size_t off, size_t len)
{
	if (len == 0)
		return;
	if (ln->nspan == SPAN_MAX) {
		ln->overflow = 1;
		return;
	}
	ln->span[ln->nspan].off = off;
	ln->span[ln->nspan].len = len;
	ln->nspan++;
}

/* Masks the value in token i (quotes and a "$id$" prefix are kept). A value that is already
 * masked is judged again (its finding is stable) but not counted. Returns 1 if judged. */
static int
mask_tok(struct run *run, size_t i, enum redact_kind kind, const struct scheme *type,
    const char *subject, const char *note)
{
	struct line *ln = &run->ln;
	const struct scheme *pre = NULL;
	enum redact_strength st;
	const char *scheme;
	size_t off, len, plen;
	int masked;

	if (i >= ln->ntok || ln->done[i] || !tvalue(ln, i))
		return 0;
	ln->done[i] = 1;
	tcontent(ln, i, &off, &len);
	if (len == 0)
		return 0;
	plen = crypt_prefix(ln->s + off, len, &pre);
	masked = has_bytes(ln->s + off, len, REDACT_MARK_PREFIX);
	if (type && !(pre && (type->strength == REDACT_S_WEAK_HASH ||
	    type->strength == REDACT_S_STRONG_HASH) && (pre->strength == REDACT_S_WEAK_HASH ||
	    pre->strength == REDACT_S_STRONG_HASH) && strcmp(type->tok, "9") != 0)) {
		st = type->strength;
		scheme = type->name;
	} else if (pre) {
		st = pre->strength;
		scheme = pre->name;
	} else if (masked) {
		st = REDACT_S_UNKNOWN;
		scheme = "masked";
	} else {
		st = REDACT_S_CLEARTEXT;
		scheme = "plain";
	}
	if (!masked) {
		if (plen == len)
			plen = 0;	/* "$1$" alone: mask all of it */
		add_span(ln, off + plen, len - plen);
		run->res->counts[kind]++;
		run->res->total++;
	}
	add_finding(run, kind, st, scheme, subject, note);
	return 1;
}

/* "[type] value" after a keyword at token i: masks the value. Returns the value's index or
 * 0 if there was none. */
static size_t
mask_value(struct run *run, size_t i, enum redact_kind kind, const char *subject,
    const char *note)
{
	struct line *ln = &run->ln;
	const struct scheme *ty;
	static const struct scheme unknown = { "", REDACT_S_UNKNOWN, "type-unknown" };

	if (!tvalue(ln, i))
		return 0;
	ty = type_token(ln, i);
	if (ty == NULL && tdigits(ln, i) && tl(ln, i) <= 2 && tvalue(ln, i + 1))
		ty = &unknown;	/* "password 1 X": an unlisted type number */
	if (ty && tvalue(ln, i + 1)) {
		ln->done[i] = 1;
		i++;
	} else
		ty = NULL;
	return mask_tok(run, i, kind, ty, subject, note) ? i : 0;
}

/* Which secret a keyword guards, from the words around it (line, Junos path, IOS parent). */
static enum redact_kind
domain_kind(struct run *run, size_t upto, enum redact_kind dflt)
{
	static const struct {
		const char	*w;
		enum redact_kind k;
	} dom[] = {
		{ "neighbor", REDACT_K_BGP_PASSWORD }, { "bgp", REDACT_K_BGP_PASSWORD },
		{ "ospf", REDACT_K_OSPF_KEY }, { "ospf3", REDACT_K_OSPF_KEY },
		{ "ospfv3", REDACT_K_OSPF_KEY }, { "ntp", REDACT_K_NTP_KEY },
		{ "tacplus-server", REDACT_K_TACACS_KEY }, { "tacacs-server", REDACT_K_TACACS_KEY },
		{ "tacacs", REDACT_K_TACACS_KEY }, { "tacplus", REDACT_K_TACACS_KEY },
		{ "tacacs+", REDACT_K_TACACS_KEY },
		{ "radius-server", REDACT_K_RADIUS_KEY }, { "radius", REDACT_K_RADIUS_KEY },
		{ "dynamic-author", REDACT_K_RADIUS_KEY },
		{ "ike", REDACT_K_ISAKMP_KEY }, { "isakmp", REDACT_K_ISAKMP_KEY },
		{ "ikev2", REDACT_K_ISAKMP_KEY }, { "keyring", REDACT_K_ISAKMP_KEY },
		{ "standby", REDACT_K_HSRP_AUTH }, { "hsrp", REDACT_K_HSRP_AUTH },
		{ "vrrp", REDACT_K_HSRP_AUTH },
	};
	struct line *ln = &run->ln;
	size_t i, d, k;
	const char *pw;
	size_t pl;

	for (i = ln->b; i < upto && i < ln->ntok; i++)
		for (k = 0; k < NELEM(dom); k++)
			if (teq(ln, i, dom[k].w))
				return dom[k].k;
	for (d = 0; d < run->jdepth && d < JDEPTH; d++)
		for (k = 0; k < NELEM(dom); k++)
			if (strcasecmp(run->jpath[d], dom[k].w) == 0)
				return dom[k].k;
	pw = run->parent;
	pl = strcspn(pw, " ");
	for (; *pw; pw += pl + (pw[pl] == ' '), pl = strcspn(pw, " "))
		for (k = 0; k < NELEM(dom); k++)
			if (strlen(dom[k].w) == pl && strncasecmp(pw, dom[k].w, pl) == 0)
				return dom[k].k;
	return dflt;
}

/* ---------------------------------------------------------------- rules */

static void
community_note(struct run *run, size_t ci, size_t from, const char *what, char *note,
    size_t notelen)
{
	struct line *ln = &run->ln;
	const char *access = "unknown";
	int acl = 0, dflt = 0, dpre = 0;
	size_t i, off, len;
	struct buf nb;

	for (i = from; i < ln->ntok; i++) {
		if (teq(ln, i, "ro") || teq(ln, i, "read-only") ||
		    (teq(ln, i, "group") && teq(ln, i + 1, "network-operator")))
			access = "RO";
		else if (teq(ln, i, "rw") || teq(ln, i, "read-write") ||
		    (teq(ln, i, "group") && teq(ln, i + 1, "network-admin")))
			access = "RW";
		else if (teq(ln, i, "use-acl") || teq(ln, i, "use-ipv4acl") ||
		    teq(ln, i, "use-ipv6acl") || teq(ln, i, "ipv4") || teq(ln, i, "ipv6") ||
		    teq(ln, i, "clients") || teq(ln, i, "client-list-name"))
			acl = 1;
		else if (i > from && (teq(ln, i - 1, "ro") || teq(ln, i - 1, "rw")) &&
		    tvalue(ln, i) && !teq(ln, i, "systemowner"))
			acl = 1;	/* "RO 99", "ro SNMP_ACL" */
	}
	tcontent(ln, ci, &off, &len);
	if (has_bytes(ln->s + off, len, REDACT_MARK_PREFIX)) {
		snprintf(note, notelen, "%s access=%s acl=%s masked", what, access,
		    acl ? "yes" : "no");
		return;
	}
	dflt = word_in(ln->s + off, len, default_communities, NELEM(default_communities));
	dpre = !dflt && (starts_ci(ln->s + off, len, "public") ||
	    starts_ci(ln->s + off, len, "private") || starts_ci(ln->s + off, len, "cisco"));
	buf_init(&nb, notelen - 1);
	if (buf_printf(&nb, "%s access=%s acl=%s length=%zu%s%s%s", what, access,
	    acl ? "yes" : "no", len, dflt ? " default" : "", dpre ? " default-prefix" : "",
	    len < 8 ? " short" : "") == 0)
		memcpy(note, nb.data, nb.len + 1);
	else
		snprintf(note, notelen, "%s", what);
	buf_free(&nb);
}

static void
mask_community(struct run *run, size_t ci, size_t from, const char *what)
{
	char note[96];

	if (!tvalue(&run->ln, ci) || run->ln.done[ci])
		return;
	community_note(run, ci, from, what, note, sizeof(note));
	mask_tok(run, ci, REDACT_K_SNMP_COMMUNITY, NULL, NULL, note);
}

static void
rule_snmp_server(struct run *run)
{
	struct line *ln = &run->ln;
	size_t b = ln->b, i;
	char user[64];
	const char *note;
	static const struct scheme localized = { "", REDACT_S_LOCALIZED, "localized" };
	const struct scheme *ty;
	int loc = 0;

	if (teq(ln, b + 1, "community")) {
		mask_community(run, b + 2, b + 3, "community");
	} else if (teq(ln, b + 1, "community-map")) {
		mask_community(run, b + 2, b + 3, "community-map");
	} else if (teq(ln, b + 1, "mib") && teq(ln, b + 2, "community-map")) {
		mask_community(run, b + 3, b + 4, "community-map");
	} else if (teq(ln, b + 1, "host")) {
		for (i = b + 3; i < ln->ntok; i++) {
			if (teq(ln, i, "informs") || teq(ln, i, "traps") ||
			    teq(ln, i, "inform") || teq(ln, i, "trap"))
				continue;
			if (teq(ln, i, "vrf") || teq(ln, i, "use-vrf") ||
			    teq(ln, i, "udp-port")) {
				i++;
				continue;
			}
			if (teq(ln, i, "source-interface") || teq(ln, i, "filter-vrf"))
				return;	/* NX-OS per-host settings, no community */
			if (teq(ln, i, "version")) {
				if (teq(ln, i + 1, "3"))
					return;
				i++;
				continue;
			}
			mask_community(run, i, i + 1, "trap-host");
			return;
		}
	} else if (teq(ln, b + 1, "user")) {
		tok_word(ln, b + 2, user, sizeof(user));
		for (i = b + 3; i < ln->ntok; i++)
			if (teq(ln, i, "localizedkey") || teq(ln, i, "localizedv2key") ||
			    teq(ln, i, "localized") || teq(ln, i, "encrypted"))
				loc = 1;
		for (i = b + 3; i < ln->ntok; i++) {
			if (teq(ln, i, "localized") || teq(ln, i, "engineid") ||
			    teq(ln, i, "remote") || teq(ln, i, "udp-port")) {
				i++;	/* engine ID and address are not secret */
				continue;
			}
			if (teq(ln, i, "auth")) {
				if (tin(ln, i + 1, snmp_auth_algos, NELEM(snmp_auth_algos)))
					i++;
				note = NULL;
				ty = loc || (i + 1 < ln->ntok && starts_ci(tp(ln, i + 1),
				    tl(ln, i + 1), "0x")) ? &localized : NULL;
				if (mask_tok(run, i + 1, REDACT_K_SNMP_AUTH, ty, user, note))
					i++;
			} else if (teq(ln, i, "priv")) {
				if (tin(ln, i + 1, snmp_priv_algos, NELEM(snmp_priv_algos)))
					i++;
				if (tdigits(ln, i + 1) && tvalue(ln, i + 2) &&
				    (teq(ln, i + 1, "128") || teq(ln, i + 1, "192") ||
				    teq(ln, i + 1, "256")))
					i++;
				ty = loc || (i + 1 < ln->ntok && starts_ci(tp(ln, i + 1),
				    tl(ln, i + 1), "0x")) ? &localized : NULL;
				if (mask_tok(run, i + 1, REDACT_K_SNMP_PRIV, ty, user, NULL))
					i++;
			}
		}
	}
}

static void
rule_enable(struct run *run)
{
	struct line *ln = &run->ln;
	size_t k = ln->b + 1;
	enum redact_kind kind;

	if (teq(ln, k, "secret"))
		kind = REDACT_K_ENABLE_SECRET;
	else if (teq(ln, k, "password") || teq(ln, k, "read-only-password") ||
	    teq(ln, k, "super-user-password"))
		kind = REDACT_K_ENABLE_PASSWORD;
	else if (teq(ln, k, "telnet") && teq(ln, k + 1, "password")) {
		kind = REDACT_K_ENABLE_PASSWORD;
		k++;
	} else
		return;
	ln->done[k] = 1;
	k++;
	if (teq(ln, k, "level") && tdigits(ln, k + 1)) {
		ln->done[k] = ln->done[k + 1] = 1;
		k += 2;
	}
	mask_value(run, k, kind, NULL, NULL);
}

static void
rule_username(struct run *run)
{
	struct line *ln = &run->ln;
	size_t i;
	char user[64];

	tok_word(ln, ln->b + 1, user, sizeof(user));
	for (i = ln->b + 2; i < ln->ntok; i++) {
		if (teq(ln, i, "ssh-key") || teq(ln, i, "sshkey"))
			return;		/* public keys */
		if (teq(ln, i, "password") || teq(ln, i, "secret")) {
			ln->done[i] = 1;
			mask_value(run, i + 1, REDACT_K_USER_PASSWORD, user, NULL);
			return;
		}
	}
}

/* "[local|remote] [address A] key [type] K" and "pre-shared-key [type] K" (IOS keyrings). */
static void
rule_psk(struct run *run, size_t i)
{
	struct line *ln = &run->ln;
	size_t k;

	ln->done[i] = 1;
	if (teq(ln, i + 1, "ascii-text") || teq(ln, i + 1, "hexadecimal")) {
		ln->done[i + 1] = 1;
		mask_value(run, i + 2, REDACT_K_ISAKMP_KEY, NULL, NULL);
		return;
	}
	for (k = i + 1; k < ln->ntok; k++)
		if (teq(ln, k, "key")) {
			ln->done[k] = 1;
			mask_value(run, k + 1, REDACT_K_ISAKMP_KEY, NULL, NULL);
			return;
		}
	k = i + 1;
	if (teq(ln, k, "local") || teq(ln, k, "remote"))
		k++;
	mask_value(run, k, REDACT_K_ISAKMP_KEY, NULL, NULL);
}

static int
parent_is(const struct run *run, const char *pre)
{
	return strncasecmp(run->parent, pre, strlen(pre)) == 0;
}

/* "authentication-key ..." in its IOS, NX-OS, EOS and Junos forms. */
static void
rule_auth_key(struct run *run, size_t i)
{
	static const char *algos[] = {
		"md5", "sha1", "sha256", "sha-1", "sha-256", "hmac-sha-1", "hmac-sha-256",
		"cmac-aes-128", "hmac-sha-1-96", "aes-cmac",
	};
	struct line *ln = &run->ln;
	enum redact_kind kind = domain_kind(run, i, REDACT_K_KEY_STRING);
	const struct scheme *ty;
	size_t k, v;

	ln->done[i] = 1;
	if (!tdigits(ln, i + 1)) {
		mask_value(run, i + 1, kind, NULL, NULL);
		return;
	}
	for (k = i + 2; k < ln->ntok; k++)
		if (teq(ln, k, "value")) {
			mask_value(run, k + 1, kind, NULL, NULL);
			return;
		}
	if (!tin(ln, i + 2, algos, NELEM(algos)))
		return;			/* "authentication-key 1 type md5" */
	v = i + 3;
	if (type_token(ln, v) && tvalue(ln, v + 1)) {
		mask_value(run, v, kind, NULL, NULL);
		return;
	}
	ty = type_token(ln, v + 1);	/* NX-OS: "md5 VALUE 7" */
	if (ty)
		ln->done[v + 1] = 1;
	mask_tok(run, v, kind, ty, NULL, NULL);
}

/* Triggers that may sit anywhere in a line. */
static void
rule_triggers(struct run *run)
{
	struct line *ln = &run->ln;
	size_t i, b = ln->b;
	enum redact_kind kind;
	int first_radius = teq(ln, b, "radius-server") || teq(ln, b, "tacacs-server");
	const struct scheme *ty;
	char name[64];

	for (i = b; i < ln->ntok; i++) {
		/* every trigger below starts with one of these letters: most tokens stop here */
		if (ln->done[i] || tl(ln, i) == 0 || strchr("acekmpsw", lower(tp(ln, i)[0])) ==
		    NULL)
			continue;
		if (teq(ln, i, "password") || teq(ln, i, "secret")) {
			if (!tvalue(ln, i + 1) ||
			    tin(ln, i + 1, password_stop, NELEM(password_stop)))
				continue;
			ln->done[i] = 1;
			kind = domain_kind(run, i, REDACT_K_PASSWORD);
			if (teq(ln, i, "secret") && !type_token(ln, i + 1) &&
			    type_token(ln, i + 2) && tvalue(ln, i + 3)) {
				/* EOS shared-secret profile: "secret NAME TYPE VALUE" */
				tok_word(ln, i + 1, name, sizeof(name));
				ln->done[i + 1] = 1;
				mask_value(run, i + 2, kind, name, NULL);
			} else
				mask_value(run, i + 1, kind, NULL, NULL);
		} else if (teq(ln, i, "key")) {
			kind = domain_kind(run, i, REDACT_K_KEY_STRING);
			ty = type_token(ln, i + 1);
			if (first_radius || (ty && tvalue(ln, i + 2)) ||
			    (i == b && (parent_is(run, "radius server") ||
			    parent_is(run, "tacacs server") || parent_is(run, "aaa server") ||
			    parent_is(run, "crypto keyring") || parent_is(run, "crypto ikev2"))) ||
			    (run->junos && i >= 2 && teq(ln, i - 2, "md5")) ||
			    (i + 1 < ln->ntok && (tp(ln, i + 1)[0] == '"' ||
			    crypt_prefix(tp(ln, i + 1), tl(ln, i + 1), NULL)))) {
				ln->done[i] = 1;
				mask_value(run, i + 1, kind, NULL, NULL);
			}
		} else if (teq(ln, i, "key-string") || teq(ln, i, "server-key") ||
		    teq(ln, i, "shared-key") || teq(ln, i, "privacy-key") ||
		    teq(ln, i, "authentication-password") || teq(ln, i, "privacy-password") ||
		    teq(ln, i, "simple-password") || teq(ln, i, "auth-key") ||
		    teq(ln, i, "wpa-psk")) {
			ln->done[i] = 1;
			kind = domain_kind(run, i, REDACT_K_KEY_STRING);
			if (teq(ln, i, "privacy-key") || teq(ln, i, "privacy-password"))
				kind = REDACT_K_SNMP_PRIV;
			else if (teq(ln, i, "authentication-password"))
				kind = REDACT_K_SNMP_AUTH;
			if (teq(ln, i + 1, "ascii") || teq(ln, i + 1, "hex")) {
				ln->done[i + 1] = 1;
				i++;
			}
			mask_value(run, i + 1, kind, NULL, NULL);
		} else if (teq(ln, i, "encrypted-password")) {
			ln->done[i] = 1;
			name[0] = '\0';
			if (i >= 2 && teq(ln, i - 2, "user"))
				tok_word(ln, i - 1, name, sizeof(name));
			else if (i >= 1 && teq(ln, i - 1, "root-authentication"))
				memcpy(name, "root", 5);
			else if (i >= 3 && teq(ln, i - 1, "authentication") &&
			    teq(ln, i - 3, "user"))
				tok_word(ln, i - 2, name, sizeof(name));
			else if (run->jdepth >= 2 && run->jdepth <= JDEPTH &&
			    strcmp(run->jpath[run->jdepth - 1], "root-authentication") == 0)
				memcpy(name, "root", 5);
			mask_value(run, i + 1, REDACT_K_USER_PASSWORD, name, NULL);
		} else if (teq(ln, i, "authentication-key")) {
			rule_auth_key(run, i);
		} else if (teq(ln, i, "message-digest-key")) {
			ln->done[i] = 1;
			if (tdigits(ln, i + 1) && teq(ln, i + 2, "md5"))
				mask_value(run, i + 3, REDACT_K_OSPF_KEY, NULL, NULL);
		} else if ((teq(ln, i, "md5") || teq(ln, i, "sha1")) && i > b &&
		    (teq(ln, b, "ospfv3") || teq(ln, b, "ipv6")) && teq(ln, b + 1, "ospf") == 0 &&
		    tvalue(ln, i + 1)) {
			ln->done[i] = 1;	/* ospfv3 ... ipsec spi N [esp null] md5 [0] KEY */
			mask_value(run, i + 1, REDACT_K_OSPF_KEY, NULL, NULL);
		} else if ((teq(ln, i, "md5") || teq(ln, i, "sha1")) && i > b &&
		    teq(ln, b, "ipv6") && teq(ln, b + 1, "ospf") && tvalue(ln, i + 1)) {
			ln->done[i] = 1;
			mask_value(run, i + 1, REDACT_K_OSPF_KEY, NULL, NULL);
		} else if (teq(ln, i, "authentication") && teq(ln, i + 1, "text")) {
			ln->done[i] = ln->done[i + 1] = 1;
			mask_tok(run, i + 2, REDACT_K_HSRP_AUTH, NULL, NULL, NULL);
		} else if (teq(ln, i, "authentication") && teq(ln, b, "standby") &&
		    tvalue(ln, i + 1) && !teq(ln, i + 1, "md5")) {
			ln->done[i] = 1;
			mask_tok(run, i + 1, REDACT_K_HSRP_AUTH, NULL, NULL, NULL);
		} else if (teq(ln, i, "pre-shared-key")) {
			rule_psk(run, i);
		} else if (teq(ln, i, "community") && (run->junos || run->p == REDACT_ANY) &&
		    ((i > b && teq(ln, i - 1, "snmp")) || (i == b && run->jdepth >= 1 &&
		    strcmp(run->jpath[0], "snmp") == 0 && run->jdepth == 1))) {
			ln->done[i] = 1;
			mask_community(run, i + 1, i + 2, "community");
		}
	}
}

/* Characters of crypt, Junos $9$ and base64 values: where an embedded value ends. */
static int
crypt_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '/' || c == '$' || c == '=' || c == '+' || c == '-';
}

/* Any token holding a crypt-format value ("$1$...", or inside XML) not judged yet. */
static void
rule_crypt_anywhere(struct run *run)
{
	struct line *ln = &run->ln;
	const struct scheme *sc;
	size_t i, off, len, k, p, e;

	for (i = ln->b; i < ln->ntok; i++) {
		if (ln->done[i])
			continue;
		tcontent(ln, i, &off, &len);
		if (crypt_prefix(ln->s + off, len, NULL)) {
			mask_tok(run, i, domain_kind(run, i, REDACT_K_HASH), NULL, NULL, NULL);
			continue;
		}
		for (k = 1; k + 3 <= len; k++) {
			if (ln->s[off + k] != '$' || (p = crypt_prefix(ln->s + off + k,
			    len - k, &sc)) == 0)
				continue;
			for (e = k + p; e < len && crypt_char(ln->s[off + e]); e++)
				;
			if (e > k + p && !has_bytes(ln->s + off + k + p, e - k - p,
			    REDACT_MARK_PREFIX)) {
				add_span(ln, off + k + p, e - k - p);
				run->res->counts[REDACT_K_HASH]++;
				run->res->total++;
			}
			add_finding(run, REDACT_K_HASH, sc->strength, sc->name, NULL, NULL);
			ln->done[i] = 1;
			break;
		}
	}
}

/* XML elements whose text is secret (Junos "| display xml"). */
static void
rule_xml(struct run *run)
{
	static const char *elems[] = {
		"secret", "encrypted-password", "authentication-key", "ascii-text",
		"hexadecimal", "simple-password", "privacy-key", "key",
	};
	struct line *ln = &run->ln;
	char open[48], close[48];
	const char *p, *q, *end = ln->s + ln->len;
	size_t i, on, cn;

	if (memchr(ln->s, '<', ln->len) == NULL)
		return;
	for (i = 0; i < NELEM(elems); i++) {
		on = (size_t)snprintf(open, sizeof(open), "<%s>", elems[i]);
		cn = (size_t)snprintf(close, sizeof(close), "</%s>", elems[i]);
		if ((p = memmem(ln->s, ln->len, open, on)) == NULL)
			continue;
		p += on;
		if ((q = memmem(p, (size_t)(end - p), close, cn)) == NULL)
			q = end;
		if (q > p && !has_bytes(p, (size_t)(q - p), REDACT_MARK_PREFIX)) {
			const struct scheme *sc = NULL;
			size_t plen = crypt_prefix(p, (size_t)(q - p), &sc);

			if (plen == (size_t)(q - p))
				plen = 0;
			add_span(ln, (size_t)(p - ln->s) + plen, (size_t)(q - p) - plen);
			run->res->counts[REDACT_K_JUNOS_SECRET]++;
			run->res->total++;
			add_finding(run, REDACT_K_JUNOS_SECRET, sc ? sc->strength :
			    REDACT_S_CLEARTEXT, sc ? sc->name : "plain", NULL, elems[i]);
			for (size_t t = 0; t < ln->ntok; t++)
				if (ln->tok[t].off < (size_t)(q - ln->s) &&
				    ln->tok[t].off + ln->tok[t].len > (size_t)(p - ln->s))
					ln->done[t] = 1;
		}
	}
}

/* Junos marks secret values itself: "secret "$9$..."; ## SECRET-DATA". */
static void
rule_secret_data(struct run *run)
{
	struct line *ln = &run->ln;
	size_t i, v = SIZE_MAX;

	for (i = 0; i + 1 < ln->ntok; i++)
		if (teq(ln, i, "##") && teq(ln, i + 1, "SECRET-DATA"))
			break;
	if (i + 1 >= ln->ntok)
		return;
	for (; i > ln->b; i--)
		if (tvalue(ln, i - 1)) {
			v = i - 1;
			break;
		}
	if (v == SIZE_MAX || v <= ln->b || ln->done[v])
		return;
	mask_tok(run, v, REDACT_K_JUNOS_SECRET, NULL, NULL, NULL);
}

/* shadow(5) and passwd(5) lines: "name:HASH:..." with 6 or 8 colons. */
static void
rule_shadow(struct run *run)
{
	struct line *ln = &run->ln;
	const char *s = ln->s;
	size_t i, colons = 0, c1 = 0, c2 = 0, off, len;
	const struct scheme *sc = NULL;
	char user[64];

	for (i = 0; i < ln->len; i++) {
		if (s[i] == ':') {
			if (colons == 0)
				c1 = i;
			else if (colons == 1)
				c2 = i;
			colons++;
		} else if (colons == 0 && !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-' || s[i] == '.' || s[i] == '$'))
			return;
	}
	if ((colons != 8 && colons != 6) || c1 == 0)
		return;
	off = c1 + 1;
	len = c2 - off;
	memset(ln->done, 1, ln->ntok);
	copy_word(user, sizeof(user), s, c1);
	if (len == 0) {
		add_finding(run, REDACT_K_SHADOW, REDACT_S_CLEARTEXT, "empty", user,
		    "no password");
		return;
	}
	while (len > 0 && s[off] == '!') {
		off++;
		len--;		/* a lock marker is not secret */
	}
	if (len == 0 || (len == 1 && (s[off] == '*' || s[off] == 'x')))
		return;
	if (has_bytes(s + off, len, REDACT_MARK_PREFIX)) {
		crypt_prefix(s + off, len, &sc);
		add_finding(run, REDACT_K_SHADOW, sc ? sc->strength : REDACT_S_UNKNOWN,
		    sc ? sc->name : "masked", user, NULL);
		return;
	}
	i = crypt_prefix(s + off, len, &sc);
	if (i == len)
		i = 0;
	add_span(ln, off + i, len - i);
	run->res->counts[REDACT_K_SHADOW]++;
	run->res->total++;
	add_finding(run, REDACT_K_SHADOW, sc ? sc->strength : REDACT_S_UNKNOWN,
	    sc ? sc->name : "other", user, NULL);
}

/* ---------------------------------------------------------------- context */

static void
update_context(struct run *run)
{
	struct line *ln = &run->ln;
	size_t i, n = 0, w;

	if (ln->ntok == 0)
		return;
	if (run->junos) {
		if (teq(ln, ln->ntok - 1, "{")) {
			if (run->jdepth < JDEPTH) {
				w = tl(ln, 0) < JWORD - 1 ? tl(ln, 0) : JWORD - 1;
				memcpy(run->jpath[run->jdepth], tp(ln, 0), w);
				run->jpath[run->jdepth][w] = '\0';
			}
			run->jdepth++;
		}
		for (i = 0; i < ln->ntok; i++)
			if (teq(ln, i, "}") && run->jdepth > 0)
				run->jdepth--;
		return;
	}
	if (ln->len > 0 && !is_ws(ln->s[0]) && ln->s[0] != '!') {
		run->parent[0] = '\0';
		for (i = 0; i < ln->ntok && i < 4; i++) {
			w = tl(ln, i);
			if (n + w + 2 >= sizeof(run->parent))
				break;
			if (n)
				run->parent[n++] = ' ';
			memcpy(run->parent + n, tp(ln, i), w);
			n += w;
			run->parent[n] = '\0';
		}
	}
}

/* ---------------------------------------------------------------- output */

static int
emit_mask(const struct run *run, struct buf *out, const char *secret, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[HMAC_HEX + 1];
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (run->r->keylen == 0)
		return buf_append(out, REDACT_MARK, sizeof(REDACT_MARK) - 1);
	if (HMAC(EVP_sha256(), run->r->key, (int)run->r->keylen, (const unsigned char *)secret,
	    len, md, &mdlen) == NULL || mdlen < HMAC_HEX / 2)
		return -1;
	for (i = 0; i < HMAC_HEX / 2; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[HMAC_HEX] = '\0';
	return buf_printf(out, "%s:%s>", REDACT_MARK_PREFIX, hex);
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static int
emit_line(struct run *run, struct buf *out)
{
	struct line *ln = &run->ln;
	size_t pos = 0, i;

	if (ln->overflow) {
		ln->nspan = 1;
		ln->span[0].off = 0;
		ln->span[0].len = ln->len;
	}
	qsort(ln->span, ln->nspan, sizeof(ln->span[0]), span_cmp);
	for (i = 0; i < ln->nspan; i++) {
		if (ln->span[i].off < pos)
			continue;	/* overlapping: the earlier span already covers it */
		if (buf_append(out, ln->s + pos, ln->span[i].off - pos) == -1 ||
		    emit_mask(run, out, ln->s + ln->span[i].off, ln->span[i].len) == -1)
			return -1;
		pos = ln->span[i].off + ln->span[i].len;
	}
	return buf_append(out, ln->s + pos, ln->len - pos);
}

static int
add_volatile(struct redact_result *res, size_t no)
{
	size_t *nv, ncap;

	if (res->nvol == res->capvol) {
		ncap = res->capvol ? res->capvol * 2 : 16;
		if ((nv = reallocarray(res->vol, ncap, sizeof(*nv))) == NULL)
			return -1;
		res->vol = nv;
		res->capvol = ncap;
	}
	res->vol[res->nvol++] = no;
	return 0;
}

/* PEM private keys: the BEGIN and END lines stay, every line between is masked. */
static int
pem_line(struct run *run)
{
	struct line *ln = &run->ln;
	const char *b, *e;
	size_t off;
	struct redact_finding *f;

	if (run->in_pem) {
		e = find_bytes(ln->s, ln->len, "-----END ", 9);
		off = e ? (size_t)(e - ln->s) : ln->len;
		while (off > 0 && is_ws(ln->s[off - 1]))
			off--;
		if (off > 0 && !has_bytes(ln->s, off, REDACT_MARK_PREFIX))
			add_span(ln, 0, off);
		if (e)
			run->in_pem = 0;
		return 1;
	}
	if ((b = find_bytes(ln->s, ln->len, "-----BEGIN ", 11)) == NULL ||
	    (e = find_bytes(b, ln->len - (size_t)(b - ln->s), "PRIVATE KEY-----", 16)) == NULL)
		return 0;
	f = add_finding(run, REDACT_K_PRIVATE_KEY, REDACT_S_CLEARTEXT, "pem", NULL, NULL);
	run->pem_finding = f ? (size_t)(f - run->res->findings) : SIZE_MAX;
	run->res->counts[REDACT_K_PRIVATE_KEY]++;
	run->res->total++;
	run->in_pem = 1;
	if (has_bytes(ln->s, ln->len, "ENCRYPTED") && f)
		memcpy(f->note, "encrypted", 10);
	/* a key folded onto its BEGIN line */
	off = (size_t)(e - ln->s) + 16;
	b = find_bytes(ln->s + off, ln->len - off, "-----END ", 9);
	if (b)
		run->in_pem = 0;
	e = b ? b : ln->s + ln->len;
	while (off < (size_t)(e - ln->s) && is_ws(ln->s[off]))
		off++;
	while (e > ln->s + off && is_ws(e[-1]))
		e--;
	if (e > ln->s + off && !has_bytes(ln->s + off, (size_t)(e - ln->s) - off,
	    REDACT_MARK_PREFIX))
		add_span(ln, off, (size_t)(e - ln->s) - off);
	return 1;
}

static void
line_rules(struct run *run)
{
	struct line *ln = &run->ln;
	size_t b = 0;

	if (tokenize(ln, run->junos) == -1) {
		ln->overflow = 1;
		add_finding(run, REDACT_K_OVERSIZE, REDACT_S_UNKNOWN, "tokens", NULL, NULL);
		run->res->counts[REDACT_K_OVERSIZE]++;
		run->res->total++;
		return;
	}
	while (b < ln->ntok && (teq(ln, b, "no") || teq(ln, b, "default") ||
	    teq(ln, b, "set") || teq(ln, b, "delete") || teq(ln, b, "deactivate") ||
	    teq(ln, b, "activate")))
		b++;
	ln->b = b;
	memset(ln->done, 0, ln->ntok);
	if (teq(ln, b, "enable"))
		rule_enable(run);
	else if (teq(ln, b, "username"))
		rule_username(run);
	else if (teq(ln, b, "aaa") && teq(ln, b + 1, "root") && teq(ln, b + 2, "secret")) {
		ln->done[b + 2] = 1;
		mask_value(run, b + 3, REDACT_K_USER_PASSWORD, "root", NULL);
	} else if (teq(ln, b, "snmp-server"))
		rule_snmp_server(run);
	else if (teq(ln, b, "crypto") && teq(ln, b + 1, "isakmp") && teq(ln, b + 2, "key")) {
		ln->done[b + 2] = 1;
		mask_value(run, b + 3, REDACT_K_ISAKMP_KEY, NULL, NULL);
	}
	rule_xml(run);
	rule_triggers(run);
	rule_secret_data(run);
	if (run->p == REDACT_LINUX || run->p == REDACT_ANY)
		rule_shadow(run);
	rule_crypt_anywhere(run);
}

static int
do_line(struct run *run, const char *s, size_t len, size_t no, struct buf *out)
{
	struct line *ln = &run->ln;
	size_t start = out->len;
	int in_pem = run->in_pem, same = 0;

	ln->s = s;
	ln->len = len;
	ln->no = no;
	ln->ntok = 0;
	ln->nspan = 0;
	ln->overflow = 0;
	if (redact_is_volatile(run->p, s, len) && add_volatile(run->res, no) == -1)
		return -1;
	if (!pem_line(run)) {
		if (len > REDACT_LINE_MAX) {
			ln->overflow = 1;
			add_finding(run, REDACT_K_OVERSIZE, REDACT_S_UNKNOWN, "length", NULL,
			    NULL);
			run->res->counts[REDACT_K_OVERSIZE]++;
			run->res->total++;
		} else {
			line_rules(run);
			/* tokenized and nothing masked: the line goes out as it came in */
			same = !ln->overflow && ln->nspan == 0;
		}
	}
	if (emit_line(run, out) == -1)
		return -1;
	/* context comes from the redacted line, so that redacting again sees the same context */
	if (!in_pem && !ln->overflow && out->len - start <= REDACT_LINE_MAX) {
		ln->s = out->data + start;
		ln->len = out->len - start;
		if (same || tokenize(ln, run->junos) == 0)
			update_context(run);
	}
	return 0;
}

int
redact_text(const struct redactor *r, enum redact_platform p, const char *in, size_t len,
    struct redact_result **out, char **cause)
{
	struct run *run = NULL;
	struct redact_result *res = NULL;
	const char *s, *nl, *end;
	size_t no = 0;
	int rc = -1;

	*out = NULL;
	if (r == NULL || (in == NULL && len > 0)) {
		err_set(cause, "redact: no redactor or no input");
		goto out;
	}
	if (len > REDACT_INPUT_MAX) {
		err_set(cause, "redact: input of %zu bytes exceeds %u", len, REDACT_INPUT_MAX);
		goto out;
	}
	if ((res = calloc(1, sizeof(*res))) == NULL ||
	    (run = calloc(1, sizeof(*run))) == NULL) {
		err_set(cause, "redact: out of memory");
		goto out;
	}
	/* a mask is at most 23 bytes for a secret of at least 1 byte and its keyword */
	buf_init(&res->text, len * 4 + 1024 * 1024);
	run->r = r;
	run->p = p;
	run->res = res;
	run->junos = (p == REDACT_JUNOS);
	run->pem_finding = SIZE_MAX;
	if (buf_append(&res->text, "", 0) == -1)
		goto nomem;
	s = in;
	end = in + len;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (do_line(run, s, nl ? (size_t)(nl - s) : (size_t)(end - s), ++no,
		    &res->text) == -1)
			goto nomem;
		if (nl == NULL)
			break;
		if (buf_append(&res->text, "\n", 1) == -1)
			goto nomem;
		s = nl + 1;
	}
	if (run->in_pem && run->pem_finding != SIZE_MAX)
		memcpy(res->findings[run->pem_finding].note, "unterminated", 13);
	*out = res;
	res = NULL;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "redact: output exceeds its cap or out of memory at line %zu", no);
out:
	free(run);
	redact_result_free(&res);
	return rc;
}

/* ---------------------------------------------------------------- volatile */

static int
is_clock(const char *s, size_t len)
{
	size_t i = 0, d;

	if (i < len && (s[i] == '*' || s[i] == '.'))
		i++;
	for (d = 0; i < len && s[i] >= '0' && s[i] <= '9' && d < 2; d++)
		i++;
	if (d == 0 || i + 6 > len || s[i] != ':' || s[i + 3] != ':')
		return 0;
	if (!(s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 4] >= '0' && s[i + 4] <= '9'))
		return 0;
	/* "*10:12:34.123 UTC Mon Mar 1 2021": ends with a four-digit year */
	while (len > 0 && is_ws(s[len - 1]))
		len--;
	if (len < i + 10)
		return 0;
	for (d = len - 4; d < len; d++)
		if (s[d] < '0' || s[d] > '9')
			return 0;
	return s[len - 5] == ' ';
}

int
redact_is_volatile(enum redact_platform p, const char *line, size_t len)
{
	static const char *prefixes[] = {
		"! Last configuration change at", "! NVRAM config last updated at",
		"ntp clock-period", "Current configuration :", "Building configuration",
		"## Last commit:", "## Last changed:", "! Startup-config last modified at",
		"!Time:", "!Running configuration last done at", "!Startup config saved at",
		"Kernel uptime is", "System uptime:", "Uptime:", "System booted:",
		"Last configuration change at", "Time source is",
	};
	static const char up[] = " uptime is ";
	size_t i;

	(void)p;
	while (len > 0 && is_ws(*line)) {
		line++;
		len--;
	}
	/* called on every line of every capture: compare the first letter before the rest */
	for (i = 0; len > 0 && i < NELEM(prefixes); i++)
		if (lower(*line) == lower(prefixes[i][0]) && starts_ci(line, len, prefixes[i]))
			return 1;
	for (i = 0; i + sizeof(up) - 1 <= len; i++)
		if (line[i] == ' ' && line[i + 1] == 'u' &&
		    memcmp(line + i, up, sizeof(up) - 1) == 0)
			return 1;
	return is_clock(line, len);
}

/* ---------------------------------------------------------------- API */

int
redactor_new(const unsigned char *key, size_t keylen, struct redactor **out, char **cause)
{
	struct redactor *r;

	*out = NULL;
	if (key != NULL && (keylen < REDACT_KEY_MIN || keylen > sizeof(r->key)))
		return err_set(cause, "redact: store key must be %u to %zu bytes", REDACT_KEY_MIN,
		    sizeof(r->key));
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return err_set(cause, "redact: out of memory");
	if (key != NULL) {
		memcpy(r->key, key, keylen);
		r->keylen = keylen;
	}
	*out = r;
	return 0;
}

void
redactor_free(struct redactor **r)
{
	if (*r == NULL)
		return;
	explicit_bzero((*r)->key, sizeof((*r)->key));
	free(*r);
	*r = NULL;
}

void
redact_result_free(struct redact_result **res)
{
	if (*res == NULL)
		return;
	buf_free(&(*res)->text);
	free((*res)->findings);
	free((*res)->vol);
	free(*res);
	*res = NULL;
}

const char *
redact_result_text(const struct redact_result *res, size_t *len)
{
	if (len)
		*len = res->text.len;
	return res->text.data ? res->text.data : "";
}

char *
redact_result_take_text(struct redact_result *res, size_t *len)
{
	if (len)
		*len = res->text.len;
	return buf_take(&res->text);
}

size_t
redact_result_count(const struct redact_result *res, enum redact_kind kind)
{
	if (kind >= REDACT_K_COUNT)
		return res->total;
	return res->counts[kind];
}

size_t
redact_result_nfindings(const struct redact_result *res)
{
	return res->nfindings;
}

const struct redact_finding *
redact_result_finding(const struct redact_result *res, size_t i)
{
	return i < res->nfindings ? &res->findings[i] : NULL;
}

size_t
redact_result_nvolatile(const struct redact_result *res)
{
	return res->nvol;
}

size_t
redact_result_volatile_line(const struct redact_result *res, size_t i)
{
	return i < res->nvol ? res->vol[i] : 0;
}

int
redact_finding_format(const struct redact_finding *f, char *out, size_t outlen)
{
	return snprintf(out, outlen, "finding %zu %s %s %s%s%s%s%s", f->line,
	    redact_kind_name(f->kind), redact_strength_name(f->strength), f->scheme,
	    f->subject[0] ? " user=" : "", f->subject, f->note[0] ? " " : "", f->note);
}

const char *
redact_kind_name(enum redact_kind kind)
{
	return (unsigned)kind < REDACT_K_COUNT ? kind_names[kind] : "unknown";
}

const char *
redact_strength_name(enum redact_strength s)
{
	return (unsigned)s < REDACT_S_COUNT ? strength_names[s] : "unknown";
}

int
redact_platform_from_name(const char *name, enum redact_platform *p)
{
	static const struct {
		const char		*n;
		enum redact_platform	 p;
	} names[] = {
		{ "any", REDACT_ANY }, { "ios", REDACT_IOS }, { "iosxe", REDACT_IOS },
		{ "ios-xe", REDACT_IOS }, { "cisco-ios", REDACT_IOS }, { "nxos", REDACT_NXOS },
		{ "cisco-nxos", REDACT_NXOS }, { "eos", REDACT_EOS }, { "arista-eos", REDACT_EOS },
		{ "junos", REDACT_JUNOS }, { "linux", REDACT_LINUX },
	};
	size_t i;

	for (i = 0; i < NELEM(names); i++)
		if (strcasecmp(name, names[i].n) == 0) {
			*p = names[i].p;
			return 0;
		}
	return -1;
}
