/* snmp: the asynchronous discovery engine. One event loop and two UDP sockets (IPv4,
 * IPv6) serve every host; at most `window` hosts are in flight, each with one request
 * outstanding, at no more than `rate` packets per second. A host that answers one of
 * its credential sets is then walked (GETBULK, or GETNEXT for v1) over the identity
 * subtrees, and handed to the caller as soon as it is done. */
#ifndef NETLOOM_SNMP_H
#define NETLOOM_SNMP_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/cred.h"
#include "scanner/snmp_pdu.h"

struct target_set;
struct cred_file;
struct snmp_device;

struct snmp_opts {
	unsigned	 rate;		/* packets per second (0: 2000) */
	unsigned	 window;	/* hosts in flight (0: 512) */
	unsigned	 timeout_ms;	/* per request (0: 1000) */
	unsigned	 retries;	/* per request */
	uint16_t	 port;		/* 0: 161 */
	unsigned	 max_rows;	/* per walked subtree (0: 20000) */
	unsigned	 device_ms;	/* collection time per device (0: 120000) */
	unsigned	 max_vbs;	/* varbinds kept per device (0: 200000) */
};

struct snmp_stats {
	uint64_t	 total;		/* addresses to visit (saturated) */
	uint64_t	 done;		/* addresses finished, including excluded ones */
	uint64_t	 responders;
	uint64_t	 sent, received;
	uint64_t	 late, duplicate, wrong_source, malformed, stray;
	uint64_t	 late_used;	/* late answers to a request resent since: kept */
	uint64_t	 slowdowns;	/* times the pace was halved */
	uint64_t	 timeouts, retries;
	uint64_t	 auth_failures;	/* v3 sets the agent rejected (usmStats reports) */
	uint64_t	 device_errors;	/* devices whose walk stopped early */
	double		 pps;		/* recent send rate */
	unsigned	 rate_now;	/* current adaptive rate */
	uint64_t	 elapsed_ms;
};

/* Called once per responding device when its collection is over (complete or not).
 * A non-zero return stops the scan. */
typedef int	(*snmp_device_cb)(const struct snmp_device *d, void *arg);
/* Called about five times a second. */
typedef void	(*snmp_progress_cb)(const struct snmp_stats *st, void *arg);

/* Scans every address of ts. Returns 0 when the scan ran to the end (responders or
 * not), -1 on a local failure (sockets, memory, callback stop) with *cause set. */
int	snmp_scan(const struct target_set *ts, const struct cred_file *cf,
	    const struct snmp_opts *opts, snmp_device_cb dcb, snmp_progress_cb pcb,
	    void *arg, struct snmp_stats *st, char **cause);

/* Read-only view of a device; pointers are borrowed for the callback. */
const char	*snmp_device_address(const struct snmp_device *d);
const char	*snmp_device_cred(const struct snmp_device *d);	/* set name, not secret */
int		 snmp_device_version(const struct snmp_device *d);	/* SNMP_VERSION_* */
/* v3: the authentication and privacy protocols of the set that answered (none for v1/v2c). */
enum cred_auth	 snmp_device_auth(const struct snmp_device *d);
enum cred_priv	 snmp_device_priv(const struct snmp_device *d);
/* NULL, or why collection stopped early ("walk of X: OIDs not increasing", ...). */
const char	*snmp_device_error(const struct snmp_device *d);
uint64_t	 snmp_device_ms(const struct snmp_device *d);
size_t		 snmp_device_vb_count(const struct snmp_device *d);
/* Fills vb (its val is borrowed from d). Sorted by OID once collection is over. */
void		 snmp_device_vb(const struct snmp_device *d, size_t i, struct snmp_vb *vb);
/* Finds the varbind with exactly this OID (binary search); 0 or -1. */
int		 snmp_device_get(const struct snmp_device *d, const struct snmp_oid *o,
		     struct snmp_vb *vb);

/* For tests: a device built from varbinds, as the engine would hand it over. */
struct snmp_device *snmp_device_new(const char *address, const char *cred, int version);
void		 snmp_device_set_security(struct snmp_device *d, enum cred_auth auth,
		     enum cred_priv priv);
int		 snmp_device_add(struct snmp_device *d, const struct snmp_vb *vb);
void		 snmp_device_finish(struct snmp_device *d);
void		 snmp_device_free(struct snmp_device **dp);

#endif
