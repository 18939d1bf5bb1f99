/* redact: masks secrets in captured device text before it reaches the store, judges each
 * secret (type, strength, SNMP community weakness) before masking it, and tells which lines
 * are volatile (clock, uptime, "Last configuration change") so that drift ignores them.
 * The rules, the mask format and the finding line format are documented in docs/redaction.md. */
#ifndef NETLOOM_REDACT_H
#define NETLOOM_REDACT_H

#include <stddef.h>

/* The mask that replaces every secret; with a store key it becomes "<redacted:" 12 hex ">". */
#define REDACT_MARK		"<redacted>"
#define REDACT_MARK_PREFIX	"<redacted"
/* Inputs above this size are refused; lines above REDACT_LINE_MAX are masked whole. */
#define REDACT_INPUT_MAX	(64u * 1024 * 1024)
#define REDACT_LINE_MAX		(64u * 1024)
/* Findings beyond this many are counted but not kept (counts stay exact). */
#define REDACT_FINDINGS_MAX	100000u
/* Shortest store key accepted for the keyed mask. */
#define REDACT_KEY_MIN		16u

enum redact_platform {
	REDACT_ANY = 0,		/* every rule; for text of unknown origin */
	REDACT_IOS,		/* IOS and IOS-XE */
	REDACT_NXOS,
	REDACT_EOS,
	REDACT_JUNOS,
	REDACT_LINUX,
};

enum redact_kind {
	REDACT_K_ENABLE_SECRET = 0,	/* enable secret */
	REDACT_K_ENABLE_PASSWORD,	/* enable password / telnet / read-only / super-user */
	REDACT_K_USER_PASSWORD,		/* username X password|secret, aaa root secret */
	REDACT_K_PASSWORD,		/* any other password/secret (line vty, ppp, ftp, ...) */
	REDACT_K_SNMP_COMMUNITY,	/* community in snmp-server community/host, Junos snmp */
	REDACT_K_SNMP_AUTH,		/* SNMPv3 user authentication passphrase or key */
	REDACT_K_SNMP_PRIV,		/* SNMPv3 user privacy passphrase or key */
	REDACT_K_TACACS_KEY,
	REDACT_K_RADIUS_KEY,
	REDACT_K_ISAKMP_KEY,		/* IKE pre-shared keys (IOS isakmp/keyring, Junos ike) */
	REDACT_K_BGP_PASSWORD,
	REDACT_K_OSPF_KEY,		/* OSPF/OSPFv3 authentication and message-digest keys */
	REDACT_K_NTP_KEY,
	REDACT_K_KEY_STRING,		/* key chains, server-key, shared-key, other "key 7 X" */
	REDACT_K_HSRP_AUTH,		/* authentication text X (HSRP/VRRP) */
	REDACT_K_HASH,			/* a crypt-format hash ($1$, $6$, $9$ ...) no other rule named */
	REDACT_K_JUNOS_SECRET,		/* a value Junos itself marked "## SECRET-DATA" */
	REDACT_K_PRIVATE_KEY,		/* a PEM private key block (one per block) */
	REDACT_K_SHADOW,		/* a password hash field of a shadow(5)-format line */
	REDACT_K_OVERSIZE,		/* a line longer than REDACT_LINE_MAX, masked whole */
	REDACT_K_COUNT
};

enum redact_strength {
	REDACT_S_CLEARTEXT = 0,	/* type 0 or none: readable as is */
	REDACT_S_REVERSIBLE,	/* Cisco type 7, Junos $9$: decodable without any key */
	REDACT_S_ENCRYPTED,	/* type 6, EOS 8a, NX-OS 3, Junos $8$: decodable with the device key */
	REDACT_S_WEAK_HASH,	/* md5-crypt (type 5, $1$), Cisco type 4 */
	REDACT_S_STRONG_HASH,	/* type 8 (PBKDF2), 9 (scrypt), sha256/sha512-crypt */
	REDACT_S_LOCALIZED,	/* SNMPv3 localized key (hash of the passphrase and engine ID) */
	REDACT_S_UNKNOWN,	/* already masked, or a form we do not recognise */
	REDACT_S_COUNT
};

struct redact_finding {
	size_t			 line;		/* 1-based line of the input */
	enum redact_kind	 kind;
	enum redact_strength	 strength;
	const char		*scheme;	/* static: "type7", "md5-crypt", "community" ... */
	char			 subject[64];	/* non-secret owner: user name, peer, server; "" if none */
	char			 note[96];	/* non-secret judgement: "access=RW acl=no length=6 default" */
};

struct redactor;
struct redact_result;

/* A redactor holds the rules' settings and the optional store key (copied). With key NULL the
 * mask is the constant REDACT_MARK; with a key of at least REDACT_KEY_MIN bytes the mask is
 * "<redacted:" + 12 hex digits of HMAC-SHA256(key, secret) + ">", stable for one store. */
int	redactor_new(const unsigned char *key, size_t keylen, struct redactor **out,
	    char **cause);
void	redactor_free(struct redactor **r);

/* Redacts len bytes of in (NUL bytes allowed) as output of platform p. On success *out holds
 * the result; on failure returns -1 with *cause set and *out NULL. */
int	redact_text(const struct redactor *r, enum redact_platform p, const char *in, size_t len,
	    struct redact_result **out, char **cause);
void	redact_result_free(struct redact_result **res);

/* The redacted text (borrowed, NUL-terminated, may hold NUL bytes: use *len). */
const char *redact_result_text(const struct redact_result *res, size_t *len);
/* Hands the text to the caller (free() it); the result keeps everything else. */
char	*redact_result_take_text(struct redact_result *res, size_t *len);
/* Number of values masked, of one kind or in all (kind == REDACT_K_COUNT). */
size_t	redact_result_count(const struct redact_result *res, enum redact_kind kind);
size_t	redact_result_nfindings(const struct redact_result *res);
const struct redact_finding *redact_result_finding(const struct redact_result *res, size_t i);
/* Volatile lines, 1-based, ascending. */
size_t	redact_result_nvolatile(const struct redact_result *res);
size_t	redact_result_volatile_line(const struct redact_result *res, size_t i);

/* 1 if this one line (no newline) is volatile on platform p, else 0. */
int	redact_is_volatile(enum redact_platform p, const char *line, size_t len);

/* Formats a finding as one line without newline:
 * "finding LINE KIND STRENGTH SCHEME[ user=SUBJECT][ NOTE]". Returns the length written, or
 * the length needed if it did not fit (snprintf convention). */
int	redact_finding_format(const struct redact_finding *f, char *out, size_t outlen);

const char *redact_kind_name(enum redact_kind kind);
const char *redact_strength_name(enum redact_strength s);
/* "ios", "iosxe", "nxos", "eos", "junos", "linux", "any"; -1 if unknown. */
int	redact_platform_from_name(const char *name, enum redact_platform *p);

#endif
