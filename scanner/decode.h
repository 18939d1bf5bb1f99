/* decode: one captured frame to a flat summary (link, network, transport, and what the
 * management protocols on it said). Every length is checked before every read: a frame
 * is hostile input. Strings are copied bounded and made printable. Secrets seen on the
 * wire (SNMP communities, HTTP credentials) are never copied, only described. */
#ifndef NETLOOM_DECODE_H
#define NETLOOM_DECODE_H

#include <stddef.h>
#include <stdint.h>

#define DECODE_STR	128	/* longest string kept from a frame, NUL included */
#define DECODE_MAX_TAGS	4	/* VLAN tags accepted in one frame; more is bogus */
#define DECODE_MAX_ADDRS 4	/* management addresses kept from one LLDP/CDP frame */

/* Link types the decoder knows (values of libpcap's DLT_*, repeated so that this module
 * needs no libpcap header). */
enum decode_link {
	DECODE_LINK_NULL	= 0,	/* BSD loopback: 4-byte address family */
	DECODE_LINK_EN10MB	= 1,
	DECODE_LINK_RAW		= 101,	/* DLT_RAW on Linux: IPv4 or IPv6, no link header */
	DECODE_LINK_LINUX_SLL	= 113,
	DECODE_LINK_IPV4	= 228,
	DECODE_LINK_IPV6	= 229,
	DECODE_LINK_LINUX_SLL2	= 276,
};

enum decode_status {
	DECODE_OK = 0,
	DECODE_TRUNCATED,	/* the frame ends inside a header it announces */
	DECODE_SNAPCUT,		/* the capture cut the frame (caplen < wire length) */
	DECODE_BOGUS,		/* inconsistent lengths or values */
};

enum decode_app {
	DECODE_APP_NONE = 0,
	DECODE_APP_ARP,
	DECODE_APP_LLDP,
	DECODE_APP_CDP,
	DECODE_APP_DHCP,
	DECODE_APP_MDNS,
	DECODE_APP_SSDP,
	DECODE_APP_SNMP,
	DECODE_APP_TELNET,
	DECODE_APP_HTTP_LOGIN,
	DECODE_APP_TFTP,
	DECODE_APP_COUNT,
};

struct decode_arp {
	uint16_t	op;		/* 1 request, 2 reply */
	uint8_t		sha[6], tha[6];
	uint8_t		spa[4], tpa[4];
};

/* LLDP and CDP: what a device says about itself. */
struct decode_disc {
	char		chassis[DECODE_STR];	/* LLDP chassis id / CDP device id */
	int		chassis_is_mac;
	char		port[DECODE_STR];
	char		sysname[DECODE_STR];	/* LLDP system name */
	char		descr[DECODE_STR];	/* LLDP system description / CDP software */
	char		platform[DECODE_STR];	/* CDP platform */
	int		naddr;
	int		addr_af[DECODE_MAX_ADDRS];	/* 4 or 6 */
	uint8_t		addr[DECODE_MAX_ADDRS][16];
};

struct decode_dhcp {
	uint8_t		op;		/* 1 request, 2 reply */
	uint8_t		msgtype;	/* option 53, 0 when absent */
	uint8_t		chaddr[6];
	uint8_t		yiaddr[4], ciaddr[4];
	int		has_requested, has_server;
	uint8_t		requested[4];	/* option 50 */
	uint8_t		server[4];	/* option 54 */
	char		hostname[DECODE_STR];	/* option 12 */
	char		vendor[DECODE_STR];	/* option 60 */
	char		client_id[DECODE_STR];	/* option 61, hex */
};

/* mDNS (the name of the first A/AAAA answer) and SSDP (its SERVER header). */
struct decode_name {
	char		name[DECODE_STR];
};

enum decode_snmp_pdu {
	DECODE_SNMP_GET = 0, DECODE_SNMP_GETNEXT, DECODE_SNMP_RESPONSE, DECODE_SNMP_SET,
	DECODE_SNMP_TRAP, DECODE_SNMP_GETBULK, DECODE_SNMP_INFORM, DECODE_SNMP_TRAP2,
	DECODE_SNMP_REPORT, DECODE_SNMP_UNKNOWN,
};

struct decode_snmp {
	int		version;	/* 0 v1, 1 v2c, 3 v3 */
	size_t		community_len;	/* v1/v2c: the length only, never the value */
	int		community_default; /* a well-known default (public, private, ...) */
	int		pdu;		/* enum decode_snmp_pdu; UNKNOWN for v3 (encrypted) */
};

enum decode_http_kind { DECODE_HTTP_BASIC = 1, DECODE_HTTP_LOGIN_POST };

/* Telnet, HTTP logins, TFTP: that management happened in the clear. */
struct decode_mgmt {
	int		http_kind;		/* enum decode_http_kind */
	char		path[DECODE_STR];	/* HTTP path without its query string */
	int		tftp_op;		/* 1 read, 2 write */
	int		tftp_config;		/* the file name looks like a configuration */
	char		file[DECODE_STR];	/* TFTP file name */
};

struct decode_pkt {
	uint32_t	caplen, wirelen;
	int		has_eth;
	uint8_t		src_mac[6], dst_mac[6];
	int		ntags;
	uint16_t	vlan[DECODE_MAX_TAGS];
	uint16_t	ethertype;
	int		af;		/* 0, 4 or 6 */
	uint8_t		src_ip[16], dst_ip[16];
	uint8_t		proto;		/* IPPROTO_* when af != 0 */
	int		has_ports;
	uint16_t	sport, dport;
	int		tcp_syn;	/* a TCP SYN without ACK: a session starts */
	enum decode_app	app;
	union {
		struct decode_arp	arp;
		struct decode_disc	disc;
		struct decode_dhcp	dhcp;
		struct decode_name	name;
		struct decode_snmp	snmp;
		struct decode_mgmt	mgmt;
	} u;
};

struct decode_stats {
	uint64_t	frames;
	uint64_t	bytes;		/* captured bytes */
	uint64_t	truncated, snapcut, bogus;
	uint64_t	vlan_tagged, qinq;
	uint64_t	app[DECODE_APP_COUNT];
};

/* Decodes one frame of link type link. Fills *pkt (fields past the layer where decoding
 * stopped are left zero) and counts it in *stats when stats is not NULL. Never reads
 * outside data[0..caplen). */
enum decode_status decode_frame(int link, const uint8_t *data, size_t caplen, size_t wirelen,
	    struct decode_pkt *pkt, struct decode_stats *stats);

/* "aa:bb:cc:dd:ee:ff" into out (18 bytes). */
void	decode_mac_str(const uint8_t mac[6], char out[18]);
/* An IPv4 or IPv6 address as text into out (46 bytes); af is 4 or 6. */
void	decode_ip_str(int af, const uint8_t *ip, char out[46]);
const char *decode_app_name(enum decode_app app);
const char *decode_snmp_pdu_name(int pdu);
/* 1 when s (length n) is a community that ships as a default on common devices. */
int	decode_community_is_default(const uint8_t *s, size_t n);

#endif
