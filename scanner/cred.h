/* cred: the credentials file. An ordered list of named credential sets (SNMP v1/v2c
 * communities, SNMPv3 USM users, SSH logins) with selectors saying where each applies.
 * Secrets live only in memory, are wiped when freed, and are never printed. */
#ifndef NETLOOM_CRED_H
#define NETLOOM_CRED_H

#include <stddef.h>
#include <sys/socket.h>

enum cred_kind { CRED_SNMP, CRED_SSH };
enum cred_snmp_version { CRED_SNMP_V1 = 1, CRED_SNMP_V2C, CRED_SNMP_V3 };
enum cred_auth { CRED_AUTH_NONE, CRED_AUTH_SHA, CRED_AUTH_SHA224, CRED_AUTH_SHA256,
	CRED_AUTH_SHA384, CRED_AUTH_SHA512 };
enum cred_priv { CRED_PRIV_NONE, CRED_PRIV_DES, CRED_PRIV_AES128, CRED_PRIV_AES192,
	CRED_PRIV_AES256 };
enum cred_ssh_method { CRED_SSH_PASSWORD, CRED_SSH_KEY, CRED_SSH_AGENT };

/* A read-only view of one credential set; strings are borrowed from the file object.
 * Fields that do not apply to the kind/version are NULL or 0. */
struct cred {
	enum cred_kind		 kind;
	const char		*name;		/* unique; what facts and logs may name */
	/* SNMP */
	enum cred_snmp_version	 version;
	const char		*community;	/* secret, v1/v2c */
	const char		*user;		/* v3 securityName, or SSH user */
	enum cred_auth		 auth;
	const char		*authpass;	/* secret */
	enum cred_priv		 priv;
	const char		*privpass;	/* secret */
	const char		*context;
	/* SSH */
	enum cred_ssh_method	 ssh_method;
	const char		*password;	/* secret */
	const char		*keyfile;
	const char		*passphrase;	/* secret */
	const char		*enable;	/* secret */
	int			 port;		/* 0: default */
};

struct cred_file;

/* Reads, schema-checks and loads path. Refuses a file that group or others may read.
 * Errors are one line, "path:line: what" where a line is known. */
int	cred_file_load(struct cred_file **cfp, const char *path, char **cause);
void	cred_file_free(struct cred_file **cfp);

size_t			 cred_count(const struct cred_file *cf);
const struct cred	*cred_at(const struct cred_file *cf, size_t i);
/* Whether set i applies to a device at sa (port ignored) with platform (may be NULL:
 * unknown, then platform selectors do not exclude the set). */
int	cred_applies(const struct cred_file *cf, size_t i, const struct sockaddr *sa,
	    const char *platform);

const char	*cred_auth_name(enum cred_auth a);
const char	*cred_priv_name(enum cred_priv p);

#endif
