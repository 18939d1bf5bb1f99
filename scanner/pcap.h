/* pcap (prefix passive_, since libpcap owns pcap_): passive discovery. Reads a capture
 * file or a live interface, decodes every frame (scanner/decode.h), learns devices (MAC,
 * addresses, LLDP/CDP identity, DHCP names, who polls whom over SNMP) and cleartext
 * management findings, and writes one snapshot per device (source "pcap") to the store.
 * Memory is bounded by the number of devices (max_devices), never by the capture size. */
#ifndef NETLOOM_PCAP_H
#define NETLOOM_PCAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "inventory/snapshot.h"
#include "inventory/store.h"
#include "scanner/decode.h"

#define PASSIVE_DEFAULT_MAX_DEVICES	16384
#define PASSIVE_MAX_FACTS		32	/* per device; more are counted, not kept */
#define PASSIVE_MAX_ADDRS		8	/* per device */
#define PASSIVE_MAX_NEIGHBOURS		4	/* per device */

struct passive;

struct passive_opts {
	const char	*filter;	/* BPF expression, or NULL */
	uint64_t	 count;		/* stop after this many packets; 0: no limit */
	unsigned	 duration;	/* live only: stop after this many seconds; 0: none */
	size_t		 max_devices;	/* 0: PASSIVE_DEFAULT_MAX_DEVICES */
	const char	*oui_file;	/* NULL: the ieee-data table when installed */
	/* Set to non-zero (from a signal handler) to stop reading; may be NULL. */
	volatile sig_atomic_t *stop;
	/* Called with each snapshot just before it is written (for a listing). */
	void		(*on_snapshot)(const struct snapshot *snap, void *arg);
	void		*arg;
};

struct passive_stats {
	struct decode_stats dec;
	int		 link;		/* the capture's DLT_* */
	uint64_t	 devices;	/* devices and addresses learned */
	uint64_t	 devices_dropped; /* packets whose new device did not fit under the cap */
	uint64_t	 facts_dropped;	/* facts over a device's PASSIVE_MAX_FACTS */
	uint64_t	 snapshots;	/* written to the store */
	uint64_t	 ps_drop;	/* live: dropped by the kernel (pcap_stats) */
};

/* Opens a capture file (pcap or pcapng, anything libpcap reads). */
int	passive_open_file(struct passive **pp, const char *path, const struct passive_opts *o,
	    char **cause);
/* Opens a live interface (promiscuous): the only step that needs privileges. */
int	passive_open_live(struct passive **pp, const char *iface, const struct passive_opts *o,
	    char **cause);
/* When running as root: switches to user (setgroups, setgid, setuid) and verifies that
 * root cannot be regained. A no-op for other users. */
int	passive_drop_privileges(const char *user, char **cause);
/* Reads until the end of the file, the count, the duration or *stop, then writes every
 * device learned to the store as part of scan_id (st may be NULL: learn only). Stats
 * may be NULL. A capture file that turns out corrupt part way fails with a cause after
 * what was learned before the damage has been written. */
int	passive_run(struct passive *p, struct store *st, int64_t scan_id,
	    struct passive_stats *stats, char **cause);
void	passive_free(struct passive **pp);

/* `netloom scan --pcap FILE`: open, run and free in one call. */
int	passive_read_file(struct store *st, int64_t scan_id, const char *path,
	    const struct passive_opts *o, struct passive_stats *stats, char **cause);

#endif
