/* snapshot: what one device said about itself during one scan. A scanner builds it in
 * memory; store_snapshot_put() writes it in one transaction. Every string is copied in,
 * so callers keep ownership of what they pass. Text handed to snapshot_add_artifact must
 * already be redacted: the store keeps what it is given. */
#ifndef NETLOOM_SNAPSHOT_H
#define NETLOOM_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

/* Well-known fact keys. The store derives the device's columns and its identity from
 * these; all other keys are plain facts (see docs/facts.md). */
#define FACT_SERIAL		"hw.serial"
#define FACT_MODEL		"hw.model"
#define FACT_VENDOR		"hw.vendor"
#define FACT_PLATFORM		"device.platform"
#define FACT_SYSNAME		"sys.name"
#define FACT_SYSDESCR		"sys.descr"
#define FACT_SYSOBJECTID	"sys.objectid"
#define FACT_OS_NAME		"os.name"
#define FACT_OS_VERSION		"os.version"
#define FACT_ENGINE_ID		"snmp.engine_id"
#define FACT_SSH_HOSTKEY	"ssh.hostkey"

struct snapshot;

struct snapshot_iface {
	int		 ifindex;	/* 0 when unknown */
	const char	*name;
	const char	*mac;		/* "aa:bb:cc:dd:ee:ff" lowercase, or NULL */
	const char	*admin;		/* "up", "down", "testing" or NULL */
	const char	*oper;
	uint64_t	 speed;		/* bits per second, 0 when unknown */
	const char	*addrs;		/* space-separated addresses with prefix length, or NULL */
};

struct snapshot_neighbour {
	const char	*kind;		/* "lldp", "cdp", "seen-with", ... */
	const char	*local_port;
	const char	*remote_name;	/* sysName / device id the neighbour gave */
	const char	*remote_port;
	const char	*remote_addr;	/* management address, or NULL */
	const char	*remote_chassis; /* chassis id (often a MAC), or NULL */
};

/* source: "snmp", "ssh", "pcap"; address: the address the device was reached at. */
struct snapshot	*snapshot_new(const char *source, const char *address);
void		 snapshot_free(struct snapshot **sp);

/* Each adder returns 0, or -1 when memory ran out or an argument is invalid. */
int	snapshot_add_fact(struct snapshot *s, const char *key, const char *value);
/* Replaces any earlier value of key. */
int	snapshot_set_fact(struct snapshot *s, const char *key, const char *value);
int	snapshot_add_artifact(struct snapshot *s, const char *name, const char *text, size_t len);
int	snapshot_add_address(struct snapshot *s, const char *addr);
int	snapshot_add_iface(struct snapshot *s, const struct snapshot_iface *iface);
int	snapshot_add_neighbour(struct snapshot *s, const struct snapshot_neighbour *n);

/* Readers: returned pointers are borrowed and live as long as the snapshot. */
const char	*snapshot_source(const struct snapshot *s);
const char	*snapshot_address(const struct snapshot *s);
/* First value of key, or NULL. */
const char	*snapshot_fact(const struct snapshot *s, const char *key);
/* Index (for snapshot_fact_at) of the first fact with key, or -1. */
long		 snapshot_fact_index(const struct snapshot *s, const char *key);
size_t		 snapshot_fact_count(const struct snapshot *s);
void		 snapshot_fact_at(const struct snapshot *s, size_t i, const char **key,
		     const char **value);
size_t		 snapshot_artifact_count(const struct snapshot *s);
void		 snapshot_artifact_at(const struct snapshot *s, size_t i, const char **name,
		     const char **text, size_t *len);
size_t		 snapshot_address_count(const struct snapshot *s);
const char	*snapshot_address_at(const struct snapshot *s, size_t i);
size_t		 snapshot_iface_count(const struct snapshot *s);
const struct snapshot_iface *snapshot_iface_at(const struct snapshot *s, size_t i);
size_t		 snapshot_neighbour_count(const struct snapshot *s);
const struct snapshot_neighbour *snapshot_neighbour_at(const struct snapshot *s, size_t i);

#endif
