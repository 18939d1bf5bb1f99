#include "scanner/pcap.h"

#include <errno.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "scanner/oui.h"

enum key_type { KEY_MAC = 1, KEY_IP4, KEY_IP6 };

struct pfact {
	char	*key;
	char	*value;
};

struct pnbr {
	char	*kind;
	char	*local_port;
	char	*remote_name;
	char	*remote_port;
	char	*remote_addr;
};

struct paddr {
	int	af;
	uint8_t	ip[16];
};

/* One device (key MAC) or one address not (yet) tied to a MAC (key IP). */
struct pdev {
	uint8_t		 type;
	uint8_t		 key[16];
	int		 bound;		/* IP entry: bound_mac holds the MAC that owns it */
	uint8_t		 bound_mac[6];
	int		 naddr;
	struct paddr	 addr[PASSIVE_MAX_ADDRS];
	int		 mgmt;		/* addr[0] is a management address (LLDP/CDP) */
	size_t		 nfacts;
	struct pfact	 facts[PASSIVE_MAX_FACTS];
	int		 nnbr;
	struct pnbr	 nbr[PASSIVE_MAX_NEIGHBOURS];
	char		*port;		/* the port it advertised (LLDP/CDP) */
	int		 nvlan;
	uint16_t	 vlan[4];
	int		 heard;		/* IP entry: it sent a packet (not only received) */
};

struct passive {
	pcap_t			*pc;
	int			 live;
	char			*source;	/* file path or interface */
	char			*observer;	/* live: this host's name, for LLDP/CDP relations */
	struct passive_opts	 o;
	struct oui		*oui;
	int			 link;
	struct pdev		*devs;		/* dense, in order of first sight */
	size_t			 ndevs, capdevs;
	uint32_t		*slots;		/* open addressing: index + 1, 0 empty */
	size_t			 nslots;
	struct passive_stats	 st;
	struct decode_pkt	 pkt;
	uint64_t		 seen;		/* packets handed to us */
	int			 oom;
};

/* ---- device table ---- */

static uint64_t
key_hash(uint8_t type, const uint8_t *key)
{
	uint64_t h = 1469598103934665603ULL ^ type;
	int i;

	for (i = 0; i < 16; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static int
table_grow(struct passive *p)
{
	uint32_t *ns;
	size_t n = p->nslots ? p->nslots * 2 : 1024, i, j;
	struct pdev *d;

	if ((ns = calloc(n, sizeof *ns)) == NULL)
		return -1;
	for (i = 0; i < p->ndevs; i++) {
		d = &p->devs[i];
		for (j = key_hash(d->type, d->key) & (n - 1); ns[j]; j = (j + 1) & (n - 1))
			;
		ns[j] = (uint32_t)(i + 1);
	}
	free(p->slots);
	p->slots = ns;
	p->nslots = n;
	return 0;
}

/* Finds the entry for (type, key), creating it when create is set and the cap allows.
 * Returns NULL when absent or over the cap. The pointer lives until the next create. */
static struct pdev *
dev_get(struct passive *p, uint8_t type, const uint8_t *raw, size_t rawlen, int create)
{
	uint8_t key[16] = { 0 };
	struct pdev *d, *nd;
	size_t j, ncap;

	memcpy(key, raw, rawlen);
	if (p->nslots) {
		for (j = key_hash(type, key) & (p->nslots - 1); p->slots[j];
		    j = (j + 1) & (p->nslots - 1)) {
			d = &p->devs[p->slots[j] - 1];
			if (d->type == type && memcmp(d->key, key, 16) == 0)
				return d;
		}
	}
	if (!create)
		return NULL;
	if (p->ndevs >= p->o.max_devices) {
		p->st.devices_dropped++;
		return NULL;
	}
	if (p->ndevs == p->capdevs) {
		ncap = p->capdevs ? p->capdevs * 2 : 64;
		if ((nd = reallocarray(p->devs, ncap, sizeof *nd)) == NULL) {
			p->oom = 1;
			return NULL;
		}
		p->devs = nd;
		p->capdevs = ncap;
	}
	if ((p->ndevs + 1) * 2 > p->nslots && table_grow(p) == -1) {
		p->oom = 1;
		return NULL;
	}
	d = &p->devs[p->ndevs];
	memset(d, 0, sizeof *d);
	d->type = type;
	memcpy(d->key, key, 16);
	for (j = key_hash(type, key) & (p->nslots - 1); p->slots[j]; j = (j + 1) & (p->nslots - 1))
		;
	p->slots[j] = (uint32_t)(++p->ndevs);
	p->st.devices++;
	return d;
}

/* A unicast, non-null MAC: one that can name a device. */
static int
mac_usable(const uint8_t *m)
{
	static const uint8_t zero[6];

	return !(m[0] & 1) && memcmp(m, zero, 6) != 0;
}

static struct pdev *
dev_mac(struct passive *p, const uint8_t *mac)
{
	if (!mac_usable(mac))
		return NULL;
	return dev_get(p, KEY_MAC, mac, 6, 1);
}

static int
ip_usable(int af, const uint8_t *ip)
{
	static const uint8_t zero[16];

	if (af == 4)
		return memcmp(ip, zero, 4) != 0 && ip[0] < 224 && !(ip[0] == 255);
	return af == 6 && memcmp(ip, zero, 16) != 0 && ip[0] != 0xff;
}

static struct pdev *
dev_ip(struct passive *p, int af, const uint8_t *ip)
{
	if (!ip_usable(af, ip))
		return NULL;
	return dev_get(p, af == 4 ? KEY_IP4 : KEY_IP6, ip, af == 4 ? 4 : 16, 1);
}

static void
dev_fact(struct passive *p, struct pdev *d, const char *key, const char *value)
{
	struct pfact *f;
	size_t i;

	if (d == NULL || value == NULL || *value == '\0')
		return;
	for (i = 0; i < d->nfacts; i++)
		if (strcmp(d->facts[i].key, key) == 0 && strcmp(d->facts[i].value, value) == 0)
			return;
	if (d->nfacts == PASSIVE_MAX_FACTS) {
		p->st.facts_dropped++;
		return;
	}
	f = &d->facts[d->nfacts];
	f->key = strdup(key);
	f->value = strdup(value);
	if (f->key == NULL || f->value == NULL) {
		free(f->key);
		free(f->value);
		p->oom = 1;
		return;
	}
	d->nfacts++;
}

/* Replaces the value of a single-valued fact (a name that changed). */
static void
dev_set_fact(struct passive *p, struct pdev *d, const char *key, const char *value)
{
	size_t i;
	char *v;

	if (d == NULL || value == NULL || *value == '\0')
		return;
	for (i = 0; i < d->nfacts; i++) {
		if (strcmp(d->facts[i].key, key) != 0)
			continue;
		if (strcmp(d->facts[i].value, value) == 0)
			return;
		if ((v = strdup(value)) == NULL) {
			p->oom = 1;
			return;
		}
		free(d->facts[i].value);
		d->facts[i].value = v;
		return;
	}
	dev_fact(p, d, key, value);
}

static void
dev_addr(struct pdev *d, int af, const uint8_t *ip, int mgmt)
{
	struct paddr a = { .af = af };
	int i;

	if (d == NULL || !ip_usable(af, ip))
		return;
	memcpy(a.ip, ip, af == 4 ? 4 : 16);
	for (i = 0; i < d->naddr; i++)
		if (d->addr[i].af == af && memcmp(d->addr[i].ip, a.ip, 16) == 0)
			break;
	if (i == d->naddr) {
		if (d->naddr == PASSIVE_MAX_ADDRS)
			i = d->naddr - 1;	/* the newest replaces the last */
		else
			d->naddr++;
	}
	/* A management address goes first: it is the one to reach the device at. */
	if (mgmt && !d->mgmt) {
		memmove(&d->addr[1], &d->addr[0], (size_t)i * sizeof a);
		i = 0;
		d->mgmt = 1;
	}
	d->addr[i] = a;
}

/* mac owns ip: the MAC's device gets the address, the address entry points at it. */
static void
bind_ip(struct passive *p, const uint8_t *mac, int af, const uint8_t *ip, int mgmt)
{
	struct pdev *d, *a;
	size_t di;

	if (!mac_usable(mac) || !ip_usable(af, ip))
		return;
	if ((d = dev_mac(p, mac)) == NULL)
		return;
	di = (size_t)(d - p->devs);
	if ((a = dev_ip(p, af, ip)) != NULL) {
		a->bound = 1;
		memcpy(a->bound_mac, mac, 6);
	}
	dev_addr(&p->devs[di], af, ip, mgmt);	/* dev_ip may have moved the array */
}

static void
dev_nbr(struct passive *p, struct pdev *d, const char *kind, const char *local_port,
    const char *remote_name, const char *remote_port, const char *remote_addr)
{
	struct pnbr *n;
	int i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nnbr; i++) {
		n = &d->nbr[i];
		if (strcmp(n->kind, kind) == 0 &&
		    (n->local_port ? local_port && strcmp(n->local_port, local_port) == 0 :
		    local_port == NULL) &&
		    (n->remote_addr ? remote_addr && strcmp(n->remote_addr, remote_addr) == 0 :
		    remote_addr == NULL))
			return;
	}
	if (d->nnbr == PASSIVE_MAX_NEIGHBOURS)
		return;
	n = &d->nbr[d->nnbr];
	memset(n, 0, sizeof *n);
	n->kind = strdup(kind);
	n->local_port = local_port ? strdup(local_port) : NULL;
	n->remote_name = remote_name ? strdup(remote_name) : NULL;
	n->remote_port = remote_port ? strdup(remote_port) : NULL;
	n->remote_addr = remote_addr ? strdup(remote_addr) : NULL;
	if (n->kind == NULL || (local_port && !n->local_port) || (remote_name &&
	    !n->remote_name) || (remote_port && !n->remote_port) || (remote_addr &&
	    !n->remote_addr)) {
		free(n->kind);
		free(n->local_port);
		free(n->remote_name);
		free(n->remote_port);
		free(n->remote_addr);
		p->oom = 1;
		return;
	}
	d->nnbr++;
}

static void
dev_free(struct pdev *d)
{
	size_t i;
	int j;

	for (i = 0; i < d->nfacts; i++) {
		free(d->facts[i].key);
		free(d->facts[i].value);
	}
	for (j = 0; j < d->nnbr; j++) {
		free(d->nbr[j].kind);
		free(d->nbr[j].local_port);
		free(d->nbr[j].remote_name);
		free(d->nbr[j].remote_port);
		free(d->nbr[j].remote_addr);
	}
	free(d->port);
}

/* ---- learning from one decoded frame ---- */

static void
learn_disc(struct passive *p, struct decode_pkt *k)
{
	const struct decode_disc *di = &k->u.disc;
	const char *pre = k->app == DECODE_APP_LLDP ? "pcap.lldp." : "pcap.cdp.";
	char key[48], ip[46];
	struct pdev *d;
	size_t idx;
	int i;

	if ((d = dev_mac(p, k->src_mac)) == NULL)
		return;
	idx = (size_t)(d - p->devs);
#define KEY(s)	(snprintf(key, sizeof key, "%s%s", pre, (s)), key)
	dev_set_fact(p, d, KEY(k->app == DECODE_APP_LLDP ? "chassis" : "device_id"), di->chassis);
	dev_set_fact(p, d, KEY("port"), di->port);
	dev_set_fact(p, d, KEY("sysname"), di->sysname);
	dev_set_fact(p, d, KEY(k->app == DECODE_APP_LLDP ? "descr" : "software"), di->descr);
	dev_set_fact(p, d, KEY("platform"), di->platform);
#undef KEY
	/* The advertised name is the device's name; a CDP platform is its model. */
	dev_set_fact(p, d, FACT_SYSNAME, di->sysname);
	dev_set_fact(p, d, FACT_SYSDESCR, di->descr);
	dev_set_fact(p, d, FACT_MODEL, di->platform);
	if (di->port[0] && d->port == NULL && (d->port = strdup(di->port)) == NULL)
		p->oom = 1;
	/* The frame never crosses a bridge: the speaker's port faces the capture point. */
	dev_nbr(p, d, k->app == DECODE_APP_LLDP ? "lldp" : "cdp", di->port[0] ? di->port : NULL,
	    p->observer, p->live ? p->source : NULL, NULL);
	if (di->chassis_is_mac) {
		uint8_t m[6];
		unsigned v[6];
		int j;

		for (j = 0; j < 6; j++) {
			v[j] = (unsigned)strtoul(di->chassis + j * 3, NULL, 16);
			m[j] = (uint8_t)v[j];
		}
		d = &p->devs[idx];
		if (mac_usable(m) && memcmp(m, k->src_mac, 6) != 0)
			dev_set_fact(p, d, "pcap.chassis_mac", di->chassis);
	}
	for (i = 0; i < di->naddr; i++) {
		decode_ip_str(di->addr_af[i], di->addr[i], ip);
		dev_fact(p, &p->devs[idx], k->app == DECODE_APP_LLDP ? "pcap.lldp.mgmt" :
		    "pcap.cdp.addr", ip);
		bind_ip(p, k->src_mac, di->addr_af[i], di->addr[i], 1);
	}
}

static void
learn_dhcp(struct passive *p, struct decode_pkt *k)
{
	const struct decode_dhcp *h = &k->u.dhcp;
	char ip[46];
	struct pdev *d;

	if (h->op == 1) {
		if ((d = dev_mac(p, h->chaddr)) == NULL)
			return;
		dev_set_fact(p, d, "pcap.dhcp.hostname", h->hostname);
		dev_set_fact(p, d, "pcap.dhcp.vendor_class", h->vendor);
		dev_set_fact(p, d, "pcap.dhcp.client_id", h->client_id);
		if (h->has_requested) {
			decode_ip_str(4, h->requested, ip);
			dev_set_fact(p, d, "pcap.dhcp.requested", ip);
		}
		if (h->has_server) {
			decode_ip_str(4, h->server, ip);
			dev_set_fact(p, d, "pcap.dhcp.server", ip);
		}
		if (ip_usable(4, h->ciaddr))
			bind_ip(p, h->chaddr, 4, h->ciaddr, 0);
		return;
	}
	/* A reply: the sender is a DHCP server; an ACK binds the lease to the client. */
	if (k->has_eth && (d = dev_mac(p, k->src_mac)) != NULL)
		dev_set_fact(p, d, "pcap.dhcp.role", "server");
	if (k->has_eth && k->af == 4)
		bind_ip(p, k->src_mac, 4, k->src_ip, 0);
	if (h->msgtype == 5 && ip_usable(4, h->yiaddr))
		bind_ip(p, h->chaddr, 4, h->yiaddr, 0);
}

/* The device that sent this frame: by MAC on Ethernet, else by address. */
static struct pdev *
dev_src(struct passive *p, struct decode_pkt *k)
{
	struct pdev *d = NULL;

	if (k->has_eth && (d = dev_mac(p, k->src_mac)) != NULL)
		return d;
	if (k->af)
		d = dev_ip(p, k->af, k->src_ip);
	return d;
}

static void
learn_snmp(struct passive *p, struct decode_pkt *k)
{
	const struct decode_snmp *s = &k->u.snmp;
	static const char *vname[] = { "v1", "v2c", "v2", "v3" };
	char src[46], dst[46], msg[128];
	const uint8_t *aip, *mip;
	struct pdev *agent, *mgr;
	size_t ai;
	int request;

	if (k->af == 0)
		return;
	decode_ip_str(k->af, k->src_ip, src);
	decode_ip_str(k->af, k->dst_ip, dst);
	/* Requests go to the agent; responses, traps and reports come from it. */
	request = s->pdu == DECODE_SNMP_GET || s->pdu == DECODE_SNMP_GETNEXT ||
	    s->pdu == DECODE_SNMP_SET || s->pdu == DECODE_SNMP_GETBULK ||
	    (s->pdu == DECODE_SNMP_UNKNOWN && k->dport == 161);
	if (s->pdu == DECODE_SNMP_INFORM || s->pdu == DECODE_SNMP_TRAP2 ||
	    s->pdu == DECODE_SNMP_TRAP)
		request = 0;
	aip = request ? k->dst_ip : k->src_ip;
	mip = request ? k->src_ip : k->dst_ip;
	if ((agent = dev_ip(p, k->af, aip)) == NULL)
		return;
	ai = (size_t)(agent - p->devs);
	if ((mgr = dev_ip(p, k->af, mip)) != NULL) {
		dev_fact(p, mgr, "pcap.snmp.polls", request ? dst : src);
		dev_nbr(p, mgr, "seen-with", NULL, NULL, "snmp", request ? dst : src);
		/* The manager leaks its community whether or not anyone answers. */
		if (request && s->version != 3) {
			snprintf(msg, sizeof msg, "%s community sent in the clear (length %zu%s)",
			    vname[s->version & 3], s->community_len,
			    s->community_default ? ", default" : "");
			dev_fact(p, mgr, "cleartext.snmp.sent", msg);
		}
	}
	agent = &p->devs[ai];
	dev_fact(p, agent, "pcap.snmp.polled_by", request ? src : dst);
	if (s->version == 3) {
		dev_fact(p, agent, "pcap.snmp.version", "v3");
		return;
	}
	snprintf(msg, sizeof msg, "%s community seen (length %zu%s)", vname[s->version & 3],
	    s->community_len, s->community_default ? ", default" : "");
	dev_fact(p, agent, "cleartext.snmp", msg);
}

/* The server side of a TCP/UDP exchange on a well-known port. */
static void
learn_cleartext(struct passive *p, struct decode_pkt *k, uint16_t port, const char *key,
    const char *what, const char *detail)
{
	const uint8_t *sip, *cip;
	char cli[46], msg[DECODE_STR * 2 + 64];
	struct pdev *d;

	if (k->af == 0)
		return;
	sip = k->dport == port ? k->dst_ip : k->src_ip;
	cip = k->dport == port ? k->src_ip : k->dst_ip;
	decode_ip_str(k->af, cip, cli);
	snprintf(msg, sizeof msg, "%s (%s%sclient %s)", what, detail ? detail : "",
	    detail ? ", " : "", cli);
	if ((d = dev_ip(p, k->af, sip)) != NULL)
		dev_fact(p, d, key, msg);
}

static void
learn(struct passive *p, struct decode_pkt *k)
{
	char buf[DECODE_STR + 64];
	struct pdev *d;

	int j;

	/* An address that only ever receives (a scan of empty space) is no evidence of a
	 * device; one that sends is. */
	if (k->af && (d = dev_ip(p, k->af, k->src_ip)) != NULL)
		d->heard = 1;
	/* Every sender is a device; the outer VLAN says where it lives. */
	if (k->has_eth && (d = dev_mac(p, k->src_mac)) != NULL && k->ntags > 0) {
		for (j = 0; j < d->nvlan && d->vlan[j] != k->vlan[0]; j++)
			;
		if (j == d->nvlan && d->nvlan < 4)
			d->vlan[d->nvlan++] = k->vlan[0];
	}
	switch (k->app) {
	case DECODE_APP_ARP:
		if (k->u.arp.op == 1 || k->u.arp.op == 2)
			bind_ip(p, k->u.arp.sha, 4, k->u.arp.spa, 0);
		if (k->u.arp.op == 2)
			bind_ip(p, k->u.arp.tha, 4, k->u.arp.tpa, 0);
		break;
	case DECODE_APP_LLDP:
	case DECODE_APP_CDP:
		learn_disc(p, k);
		break;
	case DECODE_APP_DHCP:
		learn_dhcp(p, k);
		break;
	case DECODE_APP_MDNS:
		dev_fact(p, dev_src(p, k), "pcap.mdns.name", k->u.name.name);
		break;
	case DECODE_APP_SSDP:
		dev_fact(p, dev_src(p, k), "pcap.ssdp.server", k->u.name.name);
		break;
	case DECODE_APP_SNMP:
		learn_snmp(p, k);
		break;
	case DECODE_APP_TELNET:
		learn_cleartext(p, k, 23, "cleartext.telnet", "telnet session seen", NULL);
		break;
	case DECODE_APP_HTTP_LOGIN:
		snprintf(buf, sizeof buf, "path %s", k->u.mgmt.path);
		learn_cleartext(p, k, k->dport, "cleartext.http",
		    k->u.mgmt.http_kind == DECODE_HTTP_BASIC ? "HTTP basic-auth login seen" :
		    "HTTP login form POST seen", buf);
		break;
	case DECODE_APP_TFTP:
		if (!k->u.mgmt.tftp_config)
			break;
		snprintf(buf, sizeof buf, "file '%s'", k->u.mgmt.file);
		learn_cleartext(p, k, 69, "cleartext.tftp", k->u.mgmt.tftp_op == 1 ?
		    "TFTP read of a configuration file" : "TFTP write of a configuration file",
		    buf);
		break;
	default:
		break;
	}
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct passive *p = (struct passive *)user;

	p->seen++;
	if (decode_frame(p->link, bytes, h->caplen, h->len, &p->pkt, &p->st.dec) != DECODE_OK)
		return;
	learn(p, &p->pkt);
}

/* ---- writing to the store ---- */

static int
snap_add_facts(struct snapshot *s, const struct pdev *d)
{
	size_t i;

	for (i = 0; i < d->nfacts; i++)
		if (snapshot_add_fact(s, d->facts[i].key, d->facts[i].value) == -1)
			return -1;
	return 0;
}

static int
snap_add_nbrs(struct snapshot *s, const struct pdev *d)
{
	struct snapshot_neighbour n;
	int i;

	for (i = 0; i < d->nnbr; i++) {
		memset(&n, 0, sizeof n);
		n.kind = d->nbr[i].kind;
		n.local_port = d->nbr[i].local_port;
		n.remote_name = d->nbr[i].remote_name;
		n.remote_port = d->nbr[i].remote_port;
		n.remote_addr = d->nbr[i].remote_addr;
		if (snapshot_add_neighbour(s, &n) == -1)
			return -1;
	}
	return 0;
}

/* One snapshot for a MAC device (with the facts of every address bound to it) or for
 * an address seen without a MAC of its own. */
static int
write_dev(struct passive *p, struct store *st, int64_t scan_id, struct pdev *d,
    char **cause)
{
	struct snapshot *s = NULL;
	struct snapshot_iface ifc;
	char mac[18], ip[46], buf[64];
	const char *vendor;
	struct pdev *a;
	int j, rc = -1;

	if (d->type == KEY_MAC) {
		decode_mac_str(d->key, mac);
		if (d->naddr)
			decode_ip_str(d->addr[0].af, d->addr[0].ip, ip);
		if ((s = snapshot_new("pcap", d->naddr ? ip : NULL)) == NULL)
			goto oom;
		memset(&ifc, 0, sizeof ifc);
		ifc.name = d->port;
		ifc.mac = mac;
		if (snapshot_add_iface(s, &ifc) == -1)
			goto oom;
		for (j = 0; j < d->naddr; j++) {
			decode_ip_str(d->addr[j].af, d->addr[j].ip, ip);
			if (snapshot_add_address(s, ip) == -1)
				goto oom;
		}
		if ((vendor = oui_lookup(p->oui, d->key)) != NULL &&
		    snapshot_add_fact(s, "pcap.vendor", vendor) == -1)
			goto oom;
		if (snapshot_add_fact(s, "pcap.mac", mac) == -1)
			goto oom;
		for (j = 0; j < d->nvlan; j++) {
			snprintf(buf, sizeof buf, "%u", d->vlan[j]);
			if (snapshot_add_fact(s, "pcap.vlan", buf) == -1)
				goto oom;
		}
		/* Facts learned about its addresses before or after ARP tied them to it. */
		for (j = 0; j < d->naddr; j++) {
			a = dev_get(p, d->addr[j].af == 4 ? KEY_IP4 : KEY_IP6, d->addr[j].ip,
			    d->addr[j].af == 4 ? 4 : 16, 0);
			if (a && a->bound && memcmp(a->bound_mac, d->key, 6) == 0 &&
			    (snap_add_facts(s, a) == -1 || snap_add_nbrs(s, a) == -1))
				goto oom;
		}
	} else {
		if (d->bound && dev_get(p, KEY_MAC, d->bound_mac, 6, 0) != NULL)
			return 0;	/* written with its MAC's device */
		if ((d->nfacts == 0 && d->nnbr == 0) || !d->heard)
			return 0;	/* only in ARP, or only ever spoken to */
		decode_ip_str(d->type == KEY_IP4 ? 4 : 6, d->key, ip);
		if ((s = snapshot_new("pcap", ip)) == NULL ||
		    snapshot_add_address(s, ip) == -1)
			goto oom;
	}
	if (snap_add_facts(s, d) == -1 || snap_add_nbrs(s, d) == -1)
		goto oom;
	if (p->o.on_snapshot)
		p->o.on_snapshot(s, p->o.arg);
	if (st && store_snapshot_put(st, scan_id, s, NULL, NULL, cause) == -1)
		goto out;
	p->st.snapshots++;
	rc = 0;
	goto out;
oom:
	err_set(cause, "out of memory writing a pcap snapshot");
out:
	snapshot_free(&s);
	return rc;
}

static int
write_all(struct passive *p, struct store *st, int64_t scan_id, char **cause)
{
	size_t i;

	for (i = 0; i < p->ndevs; i++)
		if (write_dev(p, st, scan_id, &p->devs[i], cause) == -1)
			return -1;
	return 0;
}

/* ---- capture ---- */

static int
passive_new(struct passive **pp, const char *source, const struct passive_opts *o,
    char **cause)
{
	struct passive *p;

	*pp = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL || (p->source = strdup(source)) == NULL) {
		free(p);
		return err_set(cause, "out of memory");
	}
	if (o)
		p->o = *o;
	if (p->o.max_devices == 0)
		p->o.max_devices = PASSIVE_DEFAULT_MAX_DEVICES;
	if (p->o.max_devices > UINT32_MAX / 4)
		p->o.max_devices = UINT32_MAX / 4;
	if (oui_load(&p->oui, p->o.oui_file, cause) == -1) {
		passive_free(&p);
		return -1;
	}
	*pp = p;
	return 0;
}

static int
set_filter(struct passive *p, char **cause)
{
	struct bpf_program prog;

	if (p->o.filter == NULL)
		return 0;
	if (pcap_compile(p->pc, &prog, p->o.filter, 1, PCAP_NETMASK_UNKNOWN) == -1)
		return err_set(cause, "filter '%s': %s", p->o.filter, pcap_geterr(p->pc));
	if (pcap_setfilter(p->pc, &prog) == -1) {
		pcap_freecode(&prog);
		return err_set(cause, "filter '%s': %s", p->o.filter, pcap_geterr(p->pc));
	}
	pcap_freecode(&prog);
	return 0;
}

int
passive_open_file(struct passive **pp, const char *path, const struct passive_opts *o,
    char **cause)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct passive *p;
	FILE *fp;

	if (passive_new(&p, path, o, cause) == -1)
		return -1;
	if ((fp = fopen(path, "rb")) == NULL) {
		err_set(cause, "%s: cannot read as a capture file: %s", path, strerror(errno));
		goto fail;
	}
	/* libpcap reads records through stdio: a large buffer saves most of the syscalls. */
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	if ((p->pc = pcap_fopen_offline(fp, errbuf)) == NULL) {
		fclose(fp);
		err_set(cause, "%s: cannot read as a capture file: %s", path, errbuf);
		goto fail;
	}
	p->link = pcap_datalink(p->pc);
	if (set_filter(p, cause) == -1) {
		err_prefix(cause, "%s: ", path);
		goto fail;
	}
	*pp = p;
	return 0;
fail:
	passive_free(&p);
	return -1;
}

int
passive_open_live(struct passive **pp, const char *iface, const struct passive_opts *o,
    char **cause)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "", host[256];
	struct passive *p;
	int r;

	if (passive_new(&p, iface, o, cause) == -1)
		return -1;
	p->live = 1;
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		if ((p->observer = strdup(host)) == NULL) {
			err_set(cause, "out of memory");
			goto fail;
		}
	}
	if ((p->pc = pcap_create(iface, errbuf)) == NULL) {
		err_set(cause, "%s: %s", iface, errbuf);
		goto fail;
	}
	pcap_set_snaplen(p->pc, 65535);
	pcap_set_promisc(p->pc, 1);
	pcap_set_timeout(p->pc, 100);
	if ((r = pcap_activate(p->pc)) < 0) {
		err_set(cause, "%s: cannot capture: %s", iface,
		    r == PCAP_ERROR ? pcap_geterr(p->pc) : pcap_statustostr(r));
		goto fail;
	}
	p->link = pcap_datalink(p->pc);
	if (set_filter(p, cause) == -1 || pcap_setnonblock(p->pc, 1, errbuf) == -1) {
		if (errbuf[0])
			err_set(cause, "%s", errbuf);
		err_prefix(cause, "%s: ", iface);
		goto fail;
	}
	*pp = p;
	return 0;
fail:
	passive_free(&p);
	return -1;
}

int
passive_drop_privileges(const char *user, char **cause)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0)
		return 0;
	if (user == NULL || *user == '\0')
		user = "nobody";
	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		return err_set(cause, "user '%s': %s", user, errno ? strerror(errno) :
		    "no such user");
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0)
		return err_set(cause, "user '%s' is root: refusing to keep privileges", user);
	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		return err_set(cause, "dropping privileges to '%s': %s", user, strerror(errno));
	/* Verify: the switch is real only if root cannot be taken back. */
	if (setuid(0) != -1 || seteuid(0) != -1 || getuid() != uid || geteuid() != uid ||
	    getgid() != gid || getegid() != gid)
		return err_set(cause, "dropping privileges to '%s' did not stick", user);
	return 0;
}

static int
stopped(const struct passive *p)
{
	return p->o.stop && *p->o.stop;
}

static int
read_live(struct passive *p, char **cause)
{
	struct timespec start, now;
	struct pollfd pfd;
	int fd, n, ms;
	uint64_t left;

	clock_gettime(CLOCK_MONOTONIC, &start);
	fd = pcap_get_selectable_fd(p->pc);
	while (!stopped(p) && !p->oom) {
		if (p->o.count && p->seen >= p->o.count)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = 200;
		if (p->o.duration) {
			int64_t el = (now.tv_sec - start.tv_sec) * 1000 +
			    (now.tv_nsec - start.tv_nsec) / 1000000;

			if (el >= (int64_t)p->o.duration * 1000)
				break;
			if ((int64_t)p->o.duration * 1000 - el < ms)
				ms = (int)((int64_t)p->o.duration * 1000 - el);
		}
		if (fd >= 0) {
			pfd.fd = fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, ms) == -1 && errno != EINTR)
				return err_set(cause, "%s: poll: %s", p->source, strerror(errno));
		} else
			usleep(10000);
		left = p->o.count ? p->o.count - p->seen : 0;
		n = pcap_dispatch(p->pc, left > 0 && left < 100000 ? (int)left : -1, on_packet,
		    (u_char *)p);
		if (n == PCAP_ERROR)
			return err_set(cause, "%s: %s", p->source, pcap_geterr(p->pc));
	}
	return 0;
}

static int
read_file(struct passive *p, char **cause)
{
	uint64_t left;
	int n;

	while (!stopped(p) && !p->oom) {
		if (p->o.count && p->seen >= p->o.count)
			break;
		left = p->o.count ? p->o.count - p->seen : 0;
		n = pcap_dispatch(p->pc, left > 0 && left < 100000 ? (int)left : 4096, on_packet,
		    (u_char *)p);
		if (n == 0)
			break;		/* end of file */
		if (n == PCAP_ERROR)
			return err_set(cause, "%s: damaged after %llu packets: %s", p->source,
			    (unsigned long long)p->seen, pcap_geterr(p->pc));
		if (n == PCAP_ERROR_BREAK)
			break;
	}
	return 0;
}

int
passive_run(struct passive *p, struct store *st, int64_t scan_id,
    struct passive_stats *stats, char **cause)
{
	struct pcap_stat ps;
	char *rcause = NULL;
	int rc;

	p->st.link = p->link;
	rc = p->live ? read_live(p, &rcause) : read_file(p, &rcause);
	if (p->live && pcap_stats(p->pc, &ps) == 0)
		p->st.ps_drop = ps.ps_drop;
	if (p->oom && rc == 0)
		rc = err_set(&rcause, "%s: out of memory", p->source);
	/* What was learned before a damaged record is still true: write it. */
	if (write_all(p, st, scan_id, cause) == -1)
		rc = -1;
	else if (rc == -1 && cause) {
		free(*cause);
		*cause = rcause;
		rcause = NULL;
	}
	free(rcause);
	if (stats)
		*stats = p->st;
	return rc;
}

void
passive_free(struct passive **pp)
{
	struct passive *p = *pp;
	size_t i;

	if (p == NULL)
		return;
	if (p->pc)
		pcap_close(p->pc);
	for (i = 0; i < p->ndevs; i++)
		dev_free(&p->devs[i]);
	free(p->devs);
	free(p->slots);
	oui_free(&p->oui);
	free(p->source);
	free(p->observer);
	free(p);
	*pp = NULL;
}

int
passive_read_file(struct store *st, int64_t scan_id, const char *path,
    const struct passive_opts *o, struct passive_stats *stats, char **cause)
{
	struct passive *p = NULL;
	int rc;

	if (passive_open_file(&p, path, o, cause) == -1)
		return -1;
	rc = passive_run(p, st, scan_id, stats, cause);
	passive_free(&p);
	return rc;
}
