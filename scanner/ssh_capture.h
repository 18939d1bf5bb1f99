/* ssh_capture: logs in to many devices at once and captures them as their profile says,
 * one snapshot per device (source "ssh"): redacted artifacts, parsed facts, redaction
 * findings, volatile line lists, host-key facts. A bounded pool of worker threads, each
 * with one blocking libssh session, and a watchdog (the calling thread) that aborts any
 * session past its deadline (docs/ssh.md says why threads and not one poll loop).
 * Prefix sshcap_. */
#ifndef NETLOOM_SSH_CAPTURE_H
#define NETLOOM_SSH_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/ssh_client.h"

struct cred_file;
struct profile_set;
struct redactor;
struct snapshot;

#define SSHCAP_FACT_HOSTKEY_CHANGED	"ssh.hostkey_changed"
#define SSHCAP_FACT_HOSTKEY_EXPECTED	"ssh.hostkey_expected"
#define SSHCAP_FACT_HOSTKEY_OFFERED	"ssh.hostkey_offered"

struct sshcap_target {
	const char	*address;	/* numeric IPv4/IPv6 */
	const char	*platform;	/* from SNMP discovery, or NULL */
};

struct sshcap_opts {
	const char		*known_hosts;
	enum sshc_hostkey_policy policy;
	unsigned		 parallel;	/* sessions at once (0: 32) */
	unsigned		 connect_ms;	/* connect + key exchange + auth (0: 10000) */
	unsigned		 command_ms;	/* per command (0: 30000) */
	unsigned		 total_ms;	/* per device (0: 120000) */
	int			 port;		/* when the credential names none (0: 22) */
	const struct profile_set *profiles;
	const struct cred_file	*creds;
	const struct redactor	*redactor;
};

enum sshcap_status {
	SSHCAP_OK = 0,		/* every command captured */
	SSHCAP_PARTIAL,		/* snapshot stored, some commands failed */
	SSHCAP_HOSTKEY_CHANGED,	/* finding stored, nothing captured */
	SSHCAP_HOSTKEY_UNKNOWN,	/* strict mode refused an unknown key */
	SSHCAP_CONNECT,		/* no TCP or SSH connection */
	SSHCAP_AUTH,		/* no credential set got in */
	SSHCAP_NO_CRED,		/* no SSH credential set applies */
	SSHCAP_NO_PROFILE,	/* platform not recognised */
	SSHCAP_TIMEOUT,		/* the device ran out of time */
	SSHCAP_ERROR,
};

/* What became of one device. snap is NULL when nothing is to be stored. */
struct sshcap_result {
	const char		*address;
	enum sshcap_status	 status;
	const char		*detail;	/* reason, or NULL */
	const char		*profile;	/* NULL when none was chosen */
	uint64_t		 ms;
	const struct snapshot	*snap;
};

/* Called once per device, one call at a time (never concurrently). Non-zero stops the
 * run: no new device is started, running ones are aborted. */
typedef int (*sshcap_cb)(const struct sshcap_result *r, void *arg);

int	sshcap_run(const struct sshcap_target *t, size_t n, const struct sshcap_opts *o,
	    sshcap_cb cb, void *arg, char **cause);

const char *sshcap_status_name(enum sshcap_status st);

#endif
