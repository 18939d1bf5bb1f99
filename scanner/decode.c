#include "scanner/decode.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ETH_IPV4	0x0800
#define ETH_ARP		0x0806
#define ETH_VLAN	0x8100
#define ETH_IPV6	0x86dd
#define ETH_QINQ	0x88a8
#define ETH_LLDP	0x88cc
#define ETH_QINQ_OLD	0x9100

#define IPP_TCP		6
#define IPP_UDP		17

/* One frame being decoded: the bytes and whether the capture cut it short. */
struct frame {
	const uint8_t	*data;
	size_t		 caplen;
	int		 cut;
};

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Running out of bytes is the capture's doing when it cut the frame, else the frame's. */
static enum decode_status
short_of(const struct frame *f)
{
	return f->cut ? DECODE_SNAPCUT : DECODE_TRUNCATED;
}

/* Copies at most DECODE_STR-1 bytes, making every byte printable ASCII. */
static void
copy_str(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	if (n > DECODE_STR - 1)
		n = DECODE_STR - 1;
	for (i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '.';
	/* Trailing NULs and blanks that devices pad with say nothing. */
	while (n > 0 && (src[n - 1] == 0 || src[n - 1] == ' '))
		n--;
	dst[n] = '\0';
}

static void
hex_str(char *dst, const uint8_t *src, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < n && o + 3 < DECODE_STR; i++) {
		dst[o++] = hx[src[i] >> 4];
		dst[o++] = hx[src[i] & 15];
	}
	dst[o] = '\0';
}

void
decode_mac_str(const uint8_t mac[6], char out[18])
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		out[i * 3] = hx[mac[i] >> 4];
		out[i * 3 + 1] = hx[mac[i] & 15];
		out[i * 3 + 2] = i == 5 ? '\0' : ':';
	}
}

void
decode_ip_str(int af, const uint8_t *ip, char out[46])
{
	int i, best = -1, bestlen = 0, run, o = 0;

	if (af == 4) {
		snprintf(out, 46, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
		return;
	}
	/* RFC 5952: the longest run of two or more zero groups becomes "::". */
	for (i = 0; i < 8; i += run ? run : 1) {
		for (run = 0; i + run < 8 && rd16(ip + 2 * (i + run)) == 0; run++)
			;
		if (run > bestlen && run >= 2) {
			best = i;
			bestlen = run;
		}
	}
	out[0] = '\0';
	for (i = 0; i < 8; i++) {
		if (i == best) {
			o += snprintf(out + o, (size_t)(46 - o), "::");
			i += bestlen - 1;
			continue;
		}
		o += snprintf(out + o, (size_t)(46 - o), "%s%x",
		    (i == 0 || out[o - 1] == ':') ? "" : ":", rd16(ip + 2 * i));
	}
}

const char *
decode_app_name(enum decode_app app)
{
	static const char *names[DECODE_APP_COUNT] = {
		"other", "arp", "lldp", "cdp", "dhcp", "mdns", "ssdp", "snmp", "telnet",
		"http-login", "tftp",
	};

	return (unsigned)app < DECODE_APP_COUNT ? names[app] : "other";
}

const char *
decode_snmp_pdu_name(int pdu)
{
	static const char *names[] = {
		"get", "getnext", "response", "set", "trap", "getbulk", "inform", "trap2",
		"report", "unknown",
	};

	return pdu >= 0 && pdu <= DECODE_SNMP_UNKNOWN ? names[pdu] : "unknown";
}

int
decode_community_is_default(const uint8_t *s, size_t n)
{
	/* Factory communities of common agents (net-snmp, Cisco, HP, APC, printers...). */
	static const char *defaults[] = {
		"public", "private", "community", "cisco", "admin", "manager", "monitor",
		"snmp", "snmpd", "default", "secret", "write", "read", "all", "ILMI",
		"system", "security", "test", "netman", "tivoli", "openview", "internal",
		"router", "switch", "san-fran", "c0nfig", "rmon", "rmon_admin", "hp_admin",
		"apc", "admin123", "password",
	};
	size_t i, j;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		if (strlen(defaults[i]) != n)
			continue;
		for (j = 0; j < n; j++) {
			uint8_t a = s[j], b = (uint8_t)defaults[i][j];

			if (a >= 'A' && a <= 'Z')
				a = (uint8_t)(a + 32);
			if (b >= 'A' && b <= 'Z')
				b = (uint8_t)(b + 32);
			if (a != b)
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

/* ---- ARP ---- */

static enum decode_status
dec_arp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_arp *a = &pkt->u.arp;

	if (n < 8)
		return short_of(f);
	/* Only Ethernet/IPv4 ARP carries the bindings we learn from. */
	if (rd16(p) != 1 || rd16(p + 2) != ETH_IPV4 || p[4] != 6 || p[5] != 4)
		return DECODE_BOGUS;
	if (n < 28)
		return short_of(f);
	memset(a, 0, sizeof *a);
	a->op = rd16(p + 6);
	memcpy(a->sha, p + 8, 6);
	memcpy(a->spa, p + 14, 4);
	memcpy(a->tha, p + 18, 6);
	memcpy(a->tpa, p + 24, 4);
	pkt->app = DECODE_APP_ARP;
	return DECODE_OK;
}

/* ---- LLDP (IEEE 802.1AB) ---- */

static void
disc_addr(struct decode_disc *d, int af, const uint8_t *a)
{
	if (d->naddr >= DECODE_MAX_ADDRS)
		return;
	d->addr_af[d->naddr] = af;
	memset(d->addr[d->naddr], 0, 16);
	memcpy(d->addr[d->naddr], a, af == 4 ? 4 : 16);
	d->naddr++;
}

/* An id TLV (chassis or port) is a subtype byte and a value: a MAC, an address or text. */
static void
lldp_id(char *dst, int *is_mac, int mac_subtype, const uint8_t *v, size_t n)
{
	char tmp[46];

	if (n < 2) {
		dst[0] = '\0';
		return;
	}
	if (v[0] == mac_subtype && n == 7) {
		decode_mac_str(v + 1, dst);
		if (is_mac)
			*is_mac = 1;
	} else if (v[0] == 5 && n >= 3 && ((v[1] == 1 && n == 6) || (v[1] == 2 && n == 18))) {
		decode_ip_str(v[1] == 1 ? 4 : 6, v + 2, tmp);
		copy_str(dst, (const uint8_t *)tmp, strlen(tmp));
	} else
		copy_str(dst, v + 1, n - 1);
}

static enum decode_status
dec_lldp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_disc *d = &pkt->u.disc;
	size_t off = 0, len, alen;
	unsigned type;

	memset(d, 0, sizeof *d);
	pkt->app = DECODE_APP_LLDP;
	for (;;) {
		if (n - off < 2)
			return short_of(f);
		type = p[off] >> 1;
		len = ((size_t)(p[off] & 1) << 8) | p[off + 1];
		off += 2;
		if (type == 0)
			break;
		if (n - off < len)
			return short_of(f);
		switch (type) {
		case 1:
			lldp_id(d->chassis, &d->chassis_is_mac, 4, p + off, len);
			break;
		case 2:
			lldp_id(d->port, NULL, 3, p + off, len);
			break;
		case 5:
			copy_str(d->sysname, p + off, len);
			break;
		case 6:
			copy_str(d->descr, p + off, len);
			break;
		case 8:
			/* Address string length (subtype + address), subtype, address. */
			if (len < 2)
				return DECODE_BOGUS;
			alen = p[off];
			if (alen + 1 > len)
				return DECODE_BOGUS;
			if (alen == 5 && p[off + 1] == 1)
				disc_addr(d, 4, p + off + 2);
			else if (alen == 17 && p[off + 1] == 2)
				disc_addr(d, 6, p + off + 2);
			break;
		default:
			break;
		}
		off += len;
	}
	if (d->chassis[0] == '\0')
		return DECODE_BOGUS;	/* the first TLV is mandatory */
	return DECODE_OK;
}

/* ---- CDP (Cisco, over 802.3 LLC/SNAP) ---- */

static enum decode_status
cdp_addrs(const uint8_t *p, size_t n, struct decode_disc *d)
{
	uint32_t count, i;
	size_t off = 4, plen, alen;

	if (n < 4)
		return DECODE_BOGUS;
	count = rd32(p);
	for (i = 0; i < count; i++) {
		if (n - off < 2)
			return DECODE_BOGUS;
		plen = p[off + 1];
		if (n - off - 2 < plen + 2)
			return DECODE_BOGUS;
		alen = rd16(p + off + 2 + plen);
		if (n - off - 4 - plen < alen)
			return DECODE_BOGUS;
		/* NLPID 0xcc is IPv4; IPv6 travels as an 802.2 protocol of 8 bytes. */
		if (p[off] == 1 && plen == 1 && p[off + 2] == 0xcc && alen == 4)
			disc_addr(d, 4, p + off + 4 + plen);
		else if (p[off] == 2 && plen == 8 && alen == 16 &&
		    rd16(p + off + 2 + 6) == ETH_IPV6)
			disc_addr(d, 6, p + off + 4 + plen);
		off += 4 + plen + alen;
	}
	return DECODE_OK;
}

static enum decode_status
dec_cdp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_disc *d = &pkt->u.disc;
	size_t off = 4, len;
	unsigned type;

	memset(d, 0, sizeof *d);
	pkt->app = DECODE_APP_CDP;
	if (n < 4)
		return short_of(f);
	if (p[0] != 1 && p[0] != 2)
		return DECODE_BOGUS;
	while (off < n) {
		if (n - off < 4)
			return short_of(f);
		type = rd16(p + off);
		len = rd16(p + off + 2);
		if (len < 4)
			return DECODE_BOGUS;
		if (n - off < len)
			return short_of(f);
		len -= 4;
		off += 4;
		switch (type) {
		case 0x0001:
			copy_str(d->chassis, p + off, len);
			break;
		case 0x0002:
		case 0x0016:
			if (cdp_addrs(p + off, len, d) != DECODE_OK)
				return DECODE_BOGUS;
			break;
		case 0x0003:
			copy_str(d->port, p + off, len);
			break;
		case 0x0005:
			copy_str(d->descr, p + off, len);
			break;
		case 0x0006:
			copy_str(d->platform, p + off, len);
			break;
		default:
			break;
		}
		off += len;
	}
	if (d->chassis[0] == '\0')
		return DECODE_BOGUS;
	/* CDP's device id doubles as the name it goes by. */
	memcpy(d->sysname, d->chassis, sizeof d->sysname);
	return DECODE_OK;
}

/* ---- DHCP (BOOTP with options) ---- */

static enum decode_status
dec_dhcp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_dhcp *h = &pkt->u.dhcp;
	size_t off = 240, len;
	uint8_t opt;

	if (n < 240)
		return short_of(f);
	if ((p[0] != 1 && p[0] != 2) || p[1] != 1 || p[2] != 6 || rd32(p + 236) != 0x63825363)
		return DECODE_BOGUS;
	memset(h, 0, sizeof *h);
	pkt->app = DECODE_APP_DHCP;
	h->op = p[0];
	memcpy(h->ciaddr, p + 12, 4);
	memcpy(h->yiaddr, p + 16, 4);
	memcpy(h->chaddr, p + 28, 6);
	while (off < n) {
		opt = p[off++];
		if (opt == 0)
			continue;
		if (opt == 255)
			return DECODE_OK;
		if (off >= n)
			return short_of(f);
		len = p[off++];
		if (n - off < len)
			return short_of(f);
		switch (opt) {
		case 12:
			copy_str(h->hostname, p + off, len);
			break;
		case 50:
			if (len == 4) {
				memcpy(h->requested, p + off, 4);
				h->has_requested = 1;
			}
			break;
		case 53:
			if (len == 1)
				h->msgtype = p[off];
			break;
		case 54:
			if (len == 4) {
				memcpy(h->server, p + off, 4);
				h->has_server = 1;
			}
			break;
		case 60:
			copy_str(h->vendor, p + off, len);
			break;
		case 61:
			hex_str(h->client_id, p + off, len);
			break;
		default:
			break;
		}
		off += len;
	}
	return DECODE_OK;	/* no end option: lenient, as clients are */
}

/* ---- mDNS ---- */

/* Reads a DNS name at *off (following at most 16 compression pointers) into out as
 * dotted text; advances *off past the name in the record. */
static int
dns_name(const uint8_t *p, size_t n, size_t *off, char *out)
{
	size_t o = *off, w = 0, lab;
	int jumps = 0, jumped = 0;

	out[0] = '\0';
	for (;;) {
		if (o >= n)
			return -1;
		lab = p[o];
		if (lab == 0) {
			if (!jumped)
				*off = o + 1;
			break;
		}
		if ((lab & 0xc0) == 0xc0) {
			if (o + 1 >= n || ++jumps > 16)
				return -1;
			if (!jumped)
				*off = o + 2;
			jumped = 1;
			o = ((lab & 0x3f) << 8) | p[o + 1];
			continue;
		}
		if (lab & 0xc0)
			return -1;
		if (n - o - 1 < lab)
			return -1;
		if (w + lab + 2 < DECODE_STR) {
			if (w)
				out[w++] = '.';
			copy_str(out + w, p + o + 1, lab);
			w = strlen(out);
		}
		o += 1 + lab;
	}
	return 0;
}

static enum decode_status
dec_mdns(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	char name[DECODE_STR];
	size_t off = 12, qd, an, i, rdlen;
	uint16_t type;

	if (n < 12)
		return short_of(f);
	if (!(p[2] & 0x80))
		return DECODE_OK;	/* a query names what it looks for, not who asks */
	qd = rd16(p + 4);
	an = rd16(p + 6);
	for (i = 0; i < qd; i++) {
		if (dns_name(p, n, &off, name) == -1 || n - off < 4)
			return DECODE_BOGUS;
		off += 4;
	}
	for (i = 0; i < an; i++) {
		if (dns_name(p, n, &off, name) == -1 || n - off < 10)
			return DECODE_BOGUS;
		type = rd16(p + off);
		rdlen = rd16(p + off + 8);
		off += 10;
		if (n - off < rdlen)
			return short_of(f);
		if ((type == 1 && rdlen == 4) || (type == 28 && rdlen == 16)) {
			pkt->app = DECODE_APP_MDNS;
			memcpy(pkt->u.name.name, name, sizeof name);
			return DECODE_OK;
		}
		off += rdlen;
	}
	return DECODE_OK;
}

/* ---- text protocols (SSDP, HTTP) ---- */

static int
prefix_ci(const uint8_t *p, size_t n, const char *s)
{
	size_t i, l = strlen(s);

	if (n < l)
		return 0;
	for (i = 0; i < l; i++) {
		uint8_t c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (c != (uint8_t)s[i])
			return 0;
	}
	return 1;
}

/* Finds a header line "name: value" (name lowercase with its colon) in the head of an
 * HTTP-like message; returns the offset of the value or 0. */
static size_t
find_header(const uint8_t *p, size_t n, const char *name, size_t *vlen)
{
	size_t o = 0, e;

	while (o < n) {
		for (e = o; e < n && p[e] != '\n'; e++)
			;
		if (e == o || (e == o + 1 && p[o] == '\r'))
			return 0;	/* the blank line ends the head */
		if (o > 0 && prefix_ci(p + o, e - o, name)) {
			size_t v = o + strlen(name);

			while (v < e && p[v] == ' ')
				v++;
			*vlen = e - v;
			if (*vlen > 0 && p[e - 1] == '\r')
				(*vlen)--;
			return v;
		}
		o = e + 1;
	}
	return 0;
}

static enum decode_status
dec_ssdp(const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	size_t v, vlen = 0;

	if (!prefix_ci(p, n, "notify * http/1.1") && !prefix_ci(p, n, "http/1.1 200"))
		return DECODE_OK;
	if ((v = find_header(p, n, "server:", &vlen)) == 0)
		return DECODE_OK;
	pkt->app = DECODE_APP_SSDP;
	copy_str(pkt->u.name.name, p + v, vlen);
	return DECODE_OK;
}

/* A login page by its path: the words management UIs use for it. */
static int
path_is_login(const char *path)
{
	static const char *words[] = { "login", "logon", "signin", "sign_in", "auth", "session" };
	char low[DECODE_STR];
	size_t i;

	for (i = 0; path[i] && i < sizeof low - 1; i++)
		low[i] = (path[i] >= 'A' && path[i] <= 'Z') ? (char)(path[i] + 32) : path[i];
	low[i] = '\0';
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

static void
dec_http(const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_mgmt *m = &pkt->u.mgmt;
	size_t ps, pe, v, vlen;
	int post;

	post = prefix_ci(p, n, "post ");
	if (!post && !prefix_ci(p, n, "get ") && !prefix_ci(p, n, "put "))
		return;
	for (ps = 0; ps < n && p[ps] != ' '; ps++)
		;
	ps++;
	/* The query string may carry the credentials: the path stops before it. */
	for (pe = ps; pe < n && p[pe] != ' ' && p[pe] != '?' && p[pe] != '\r' &&
	    p[pe] != '\n'; pe++)
		;
	if (pe <= ps || pe >= n)
		return;
	memset(m, 0, sizeof *m);
	copy_str(m->path, p + ps, pe - ps);
	/* Only the scheme is looked at: the credentials after it are never copied. */
	if ((v = find_header(p, n, "authorization:", &vlen)) != 0 &&
	    prefix_ci(p + v, vlen, "basic ")) {
		m->http_kind = DECODE_HTTP_BASIC;
		pkt->app = DECODE_APP_HTTP_LOGIN;
		return;
	}
	if (post && path_is_login(m->path)) {
		m->http_kind = DECODE_HTTP_LOGIN_POST;
		pkt->app = DECODE_APP_HTTP_LOGIN;
	}
}

/* ---- TFTP ---- */

static int
file_is_config(const char *name)
{
	static const char *words[] = {
		"conf", "cfg", "startup", "running", "backup", "config",
	};
	char low[DECODE_STR];
	size_t i;

	for (i = 0; name[i] && i < sizeof low - 1; i++)
		low[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
	low[i] = '\0';
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

static enum decode_status
dec_tftp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_mgmt *m = &pkt->u.mgmt;
	uint16_t op;
	size_t e;

	if (n < 2)
		return short_of(f);
	op = rd16(p);
	if (op != 1 && op != 2)
		return DECODE_OK;	/* data and acks: the request named the file */
	for (e = 2; e < n && p[e] != 0; e++)
		;
	if (e == n)
		return short_of(f);
	if (e == 2)
		return DECODE_BOGUS;
	memset(m, 0, sizeof *m);
	m->tftp_op = op;
	copy_str(m->file, p + 2, e - 2);
	m->tftp_config = file_is_config(m->file);
	pkt->app = DECODE_APP_TFTP;
	return DECODE_OK;
}

/* ---- SNMP (BER) ---- */

/* Reads one BER tag and definite length at *off; on success *off points at the value
 * and *len is its length, checked against n. */
static int
ber_tl(const uint8_t *p, size_t n, size_t *off, uint8_t *tag, size_t *len)
{
	size_t o = *off, l, k, i;

	if (n - o < 2)
		return -1;
	*tag = p[o++];
	l = p[o++];
	if (l & 0x80) {
		k = l & 0x7f;
		if (k == 0 || k > 4 || n - o < k)
			return -1;
		for (l = 0, i = 0; i < k; i++)
			l = (l << 8) | p[o++];
	}
	if (n - o < l)
		return -2;	/* the value runs past what we hold */
	*off = o;
	*len = l;
	return 0;
}

static enum decode_status
dec_snmp(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	struct decode_snmp *s = &pkt->u.snmp;
	size_t off = 0, len, i, seqend;
	uint8_t tag;
	int r;
	long v = 0;

	/* A length past the end of a datagram that was captured whole is a lie, not a cut. */
	if ((r = ber_tl(p, n, &off, &tag, &len)) != 0 || tag != 0x30)
		return r == -2 && f->cut ? DECODE_SNAPCUT : DECODE_BOGUS;
	seqend = off + len;
	if ((r = ber_tl(p, seqend, &off, &tag, &len)) != 0 || tag != 0x02 || len < 1 || len > 4)
		return DECODE_BOGUS;
	for (i = 0; i < len; i++)
		v = (v << 8) | p[off + i];
	off += len;
	if (v != 0 && v != 1 && v != 3)
		return DECODE_BOGUS;
	memset(s, 0, sizeof *s);
	s->version = (int)v;
	s->pdu = DECODE_SNMP_UNKNOWN;
	pkt->app = DECODE_APP_SNMP;
	if (v == 3)
		return DECODE_OK;
	if ((r = ber_tl(p, seqend, &off, &tag, &len)) != 0 || tag != 0x04)
		return DECODE_BOGUS;
	/* The community is measured and compared, never copied. */
	s->community_len = len;
	s->community_default = decode_community_is_default(p + off, len);
	off += len;
	if (seqend - off < 1)
		return short_of(f);
	if (p[off] >= 0xa0 && p[off] <= 0xa8)
		s->pdu = p[off] - 0xa0;
	return DECODE_OK;
}

/* ---- transport ---- */

static enum decode_status
dec_udp_app(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	uint16_t sp = pkt->sport, dp = pkt->dport;

	if (sp == 161 || dp == 161 || sp == 162 || dp == 162)
		return dec_snmp(f, p, n, pkt);
	if ((sp == 67 || sp == 68) && (dp == 67 || dp == 68))
		return dec_dhcp(f, p, n, pkt);
	if (sp == 5353 || dp == 5353)
		return dec_mdns(f, p, n, pkt);
	if (dp == 1900 || sp == 1900)
		return dec_ssdp(p, n, pkt);
	if (dp == 69)
		return dec_tftp(f, p, n, pkt);
	return DECODE_OK;
}

static enum decode_status
dec_l4(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	size_t hl, ulen;

	if (pkt->proto == IPP_UDP) {
		if (n < 8)
			return short_of(f);
		pkt->sport = rd16(p);
		pkt->dport = rd16(p + 2);
		pkt->has_ports = 1;
		ulen = rd16(p + 4);
		if (ulen < 8)
			return DECODE_BOGUS;
		if (ulen - 8 < n - 8)
			n = ulen;	/* padding after the datagram */
		else if (ulen > n && !f->cut)
			return DECODE_BOGUS;
		return dec_udp_app(f, p + 8, n - 8, pkt);
	}
	if (pkt->proto == IPP_TCP) {
		if (n < 20)
			return short_of(f);
		pkt->sport = rd16(p);
		pkt->dport = rd16(p + 2);
		pkt->has_ports = 1;
		pkt->tcp_syn = (p[13] & 0x12) == 0x02;
		hl = (size_t)(p[12] >> 4) * 4;
		if (hl < 20)
			return DECODE_BOGUS;
		if (n < hl)
			return short_of(f);
		if (pkt->sport == 23 || pkt->dport == 23) {
			pkt->app = DECODE_APP_TELNET;
			return DECODE_OK;
		}
		if (n > hl)
			dec_http(p + hl, n - hl, pkt);
		return DECODE_OK;
	}
	return DECODE_OK;
}

static enum decode_status
dec_ipv4(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	size_t hl, tot;

	if (n < 20)
		return short_of(f);
	if ((p[0] >> 4) != 4)
		return DECODE_BOGUS;
	hl = (size_t)(p[0] & 15) * 4;
	tot = rd16(p + 2);
	if (hl < 20 || tot < hl)
		return DECODE_BOGUS;
	if (n < hl)
		return short_of(f);
	pkt->af = 4;
	pkt->proto = p[9];
	memcpy(pkt->src_ip, p + 12, 4);
	memcpy(pkt->dst_ip, p + 16, 4);
	if (tot > n) {
		if (!f->cut)
			return DECODE_BOGUS;	/* claims more than the frame held */
	} else
		n = tot;			/* Ethernet padding is not payload */
	/* Only the first fragment carries the transport header. */
	if ((rd16(p + 6) & 0x1fff) != 0)
		return DECODE_OK;
	return dec_l4(f, p + hl, n - hl, pkt);
}

static enum decode_status
dec_ipv6(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt)
{
	size_t plen, off = 40, hl;
	uint8_t nh;
	int i;

	if (n < 40)
		return short_of(f);
	if ((p[0] >> 4) != 6)
		return DECODE_BOGUS;
	plen = rd16(p + 4);
	nh = p[6];
	pkt->af = 6;
	memcpy(pkt->src_ip, p + 8, 16);
	memcpy(pkt->dst_ip, p + 24, 16);
	if (plen > n - 40) {
		if (!f->cut)
			return DECODE_BOGUS;
	} else
		n = 40 + plen;
	/* At most eight extension headers: a longer chain is an attack, not a packet. */
	for (i = 0; i < 8; i++) {
		if (nh != 0 && nh != 43 && nh != 60 && nh != 44 && nh != 51)
			break;
		if (n - off < 8)
			return short_of(f);
		if (nh == 44) {
			if ((rd16(p + off + 2) & 0xfff8) != 0)
				return DECODE_OK;	/* not the first fragment */
			hl = 8;
		} else if (nh == 51)
			hl = ((size_t)p[off + 1] + 2) * 4;
		else
			hl = ((size_t)p[off + 1] + 1) * 8;
		if (n - off < hl)
			return short_of(f);
		nh = p[off];
		off += hl;
	}
	if (i == 8)
		return DECODE_BOGUS;
	pkt->proto = nh;
	return dec_l4(f, p + off, n - off, pkt);
}

static enum decode_status
dec_ethertype(const struct frame *f, uint16_t type, const uint8_t *p, size_t n,
    struct decode_pkt *pkt)
{
	pkt->ethertype = type;
	switch (type) {
	case ETH_IPV4:
		return dec_ipv4(f, p, n, pkt);
	case ETH_IPV6:
		return dec_ipv6(f, p, n, pkt);
	case ETH_ARP:
		return dec_arp(f, p, n, pkt);
	case ETH_LLDP:
		return dec_lldp(f, p, n, pkt);
	default:
		return DECODE_OK;
	}
}

static enum decode_status
dec_ether(const struct frame *f, const uint8_t *p, size_t n, struct decode_pkt *pkt,
    struct decode_stats *stats)
{
	static const uint8_t cdp_snap[8] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00 };
	size_t off = 14, len;
	uint16_t type;

	if (n < 14)
		return short_of(f);
	pkt->has_eth = 1;
	memcpy(pkt->dst_mac, p, 6);
	memcpy(pkt->src_mac, p + 6, 6);
	type = rd16(p + 12);
	while (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) {
		if (pkt->ntags == DECODE_MAX_TAGS)
			return DECODE_BOGUS;
		if (n - off < 4)
			return short_of(f);
		pkt->vlan[pkt->ntags++] = rd16(p + off) & 0x0fff;
		type = rd16(p + off + 2);
		off += 4;
	}
	if (stats && pkt->ntags > 0)
		stats->vlan_tagged++;
	if (stats && pkt->ntags > 1)
		stats->qinq++;
	if (type >= 0x0600)
		return dec_ethertype(f, type, p + off, n - off, pkt);
	if (type > 1500)
		return DECODE_BOGUS;	/* neither a length nor an EtherType */
	/* 802.3 with LLC: only SNAP (CDP, or an EtherType inside) is of interest. */
	len = type;
	if (len < n - off)
		n = off + len;
	if (n - off < 8)
		return n - off < len ? short_of(f) : DECODE_OK;
	if (memcmp(p + off, cdp_snap, 8) == 0)
		return dec_cdp(f, p + off + 8, n - off - 8, pkt);
	if (p[off] == 0xaa && p[off + 1] == 0xaa && p[off + 3] == 0 && p[off + 4] == 0 &&
	    p[off + 5] == 0)
		return dec_ethertype(f, rd16(p + off + 6), p + off + 8, n - off - 8, pkt);
	return DECODE_OK;
}

enum decode_status
decode_frame(int link, const uint8_t *data, size_t caplen, size_t wirelen,
    struct decode_pkt *pkt, struct decode_stats *stats)
{
	struct frame f = { data, caplen, caplen < wirelen };
	enum decode_status st = DECODE_OK;
	uint32_t fam;

	/* The union is cleared by the decoder that claims the frame, not here: bulk
	 * traffic should not pay for it. */
	memset(pkt, 0, offsetof(struct decode_pkt, u));
	pkt->caplen = (uint32_t)caplen;
	pkt->wirelen = (uint32_t)wirelen;
	switch (link) {
	case DECODE_LINK_EN10MB:
		st = dec_ether(&f, data, caplen, pkt, stats);
		break;
	case DECODE_LINK_LINUX_SLL:
		if (caplen < 16)
			st = short_of(&f);
		else
			st = dec_ethertype(&f, rd16(data + 14), data + 16, caplen - 16, pkt);
		break;
	case DECODE_LINK_LINUX_SLL2:
		if (caplen < 20)
			st = short_of(&f);
		else
			st = dec_ethertype(&f, rd16(data), data + 20, caplen - 20, pkt);
		break;
	case DECODE_LINK_NULL:
		if (caplen < 4) {
			st = short_of(&f);
			break;
		}
		/* Host byte order of the capturing machine: try both. */
		fam = rd32(data);
		if (fam == 2 || fam == 0x02000000)
			st = dec_ipv4(&f, data + 4, caplen - 4, pkt);
		else if (fam == 10 || fam == 0x0a000000 || fam == 24 || fam == 28 || fam == 30 || fam == 0x18000000 ||
		    fam == 0x1c000000 || fam == 0x1e000000)
			st = dec_ipv6(&f, data + 4, caplen - 4, pkt);
		break;
	case DECODE_LINK_RAW:
	case DECODE_LINK_IPV4:
	case DECODE_LINK_IPV6:
		if (caplen < 1)
			st = short_of(&f);
		else if ((data[0] >> 4) == 4)
			st = dec_ipv4(&f, data, caplen, pkt);
		else if ((data[0] >> 4) == 6)
			st = dec_ipv6(&f, data, caplen, pkt);
		else
			st = DECODE_BOGUS;
		break;
	default:
		break;
	}
	if (stats) {
		stats->frames++;
		stats->bytes += caplen;
		if (st == DECODE_TRUNCATED)
			stats->truncated++;
		else if (st == DECODE_SNAPCUT)
			stats->snapcut++;
		else if (st == DECODE_BOGUS)
			stats->bogus++;
		if (st == DECODE_OK && (unsigned)pkt->app < DECODE_APP_COUNT)
			stats->app[pkt->app]++;
	}
	return st;
}
