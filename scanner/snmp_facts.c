#include "scanner/snmp_facts.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "inventory/snapshot.h"
#include "scanner/platform.h"
#include "scanner/snmp.h"

#define TEXT_MAX	256	/* longest device string kept in a fact or field */
#define WALK_MAX	(32u * 1024 * 1024)
#define MAX_IFACES	4096

static const uint32_t O_SYSTEM[] = { 1, 3, 6, 1, 2, 1, 1 };
static const uint32_t O_ENGINE[] = { 1, 3, 6, 1, 6, 3, 10, 2, 1, 1, 0 };
static const uint32_t O_ENT[] = { 1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1 };
static const uint32_t O_IFTABLE[] = { 1, 3, 6, 1, 2, 1, 2, 2, 1 };
static const uint32_t O_IFX[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1 };
static const uint32_t O_IPADENT[] = { 1, 3, 6, 1, 2, 1, 4, 20, 1 };
static const uint32_t O_IPADDR[] = { 1, 3, 6, 1, 2, 1, 4, 34, 1 };
static const uint32_t O_HRSW[] = { 1, 3, 6, 1, 2, 1, 25, 6, 3, 1, 2 };
static const uint32_t O_HRSTOR[] = { 1, 3, 6, 1, 2, 1, 25, 2, 3, 1 };
static const uint32_t O_LLDPLOCPORT[] = { 1, 0, 8802, 1, 1, 2, 1, 3, 7, 1 };
static const uint32_t O_LLDPREM[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1 };
static const uint32_t O_LLDPMAN[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 2, 1 };
static const uint32_t O_CDP[] = { 1, 3, 6, 1, 4, 1, 9, 9, 23, 1, 2, 1, 1 };

#define N(a)	(sizeof a / sizeof *a)

/* 1 when vb's OID is prefix.col.<index...>; *idx points at the index part. */
static int
column(const struct snmp_vb *vb, const uint32_t *prefix, size_t n, uint32_t col,
    const uint32_t **idx, size_t *nidx)
{
	if (vb->oid.n < n + 2 || memcmp(vb->oid.v, prefix, n * sizeof *prefix) != 0 ||
	    vb->oid.v[n] != col)
		return 0;
	*idx = &vb->oid.v[n + 1];
	*nidx = vb->oid.n - n - 1;
	return 1;
}

/* Device text to a printable, single-line, capped C string. */
static void
text_of(const struct snmp_vb *vb, char *out, size_t outlen)
{
	size_t i, n = 0;

	out[0] = '\0';
	if (vb->type != SNMP_T_OCTETS)
		return;
	for (i = 0; i < vb->len && n + 1 < outlen; i++) {
		unsigned char c = vb->val[i];

		if (c == 0)
			continue;
		out[n++] = (c == '\r' || c == '\n' || c == '\t') ? ' ' : (c < 0x20 || c > 0x7e) ?
		    '?' : (char)c;
	}
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

static void
mac_of(const struct snmp_vb *vb, char *out, size_t outlen)
{
	out[0] = '\0';
	if (vb->type == SNMP_T_OCTETS && vb->len == 6)
		snprintf(out, outlen, "%02x:%02x:%02x:%02x:%02x:%02x", vb->val[0], vb->val[1],
		    vb->val[2], vb->val[3], vb->val[4], vb->val[5]);
}

static int
get(const struct snmp_device *d, const uint32_t *o, size_t n, uint32_t a, uint32_t b,
    struct snmp_vb *vb)
{
	struct snmp_oid k;

	if (n + 2 > SNMP_OID_MAX)
		return -1;
	memcpy(k.v, o, n * sizeof *o);
	k.v[n] = a;
	k.v[n + 1] = b;
	k.n = (uint32_t)n + 2;
	return snmp_device_get(d, &k, vb);
}

struct iface {
	uint32_t	 ifindex;
	char		 name[TEXT_MAX], descr[TEXT_MAX], mac[18];
	int		 admin, oper;
	uint64_t	 speed, highspeed;
	struct buf	 addrs;
};

struct ctx {
	const struct snmp_device	*d;
	struct snapshot			*s;
	struct iface			*ifs;
	size_t				 nifs;
	struct snmp_vb			 vb;
	int				 bad;
};

static void
fact(struct ctx *c, const char *key, const char *value)
{
	if (value != NULL && *value != '\0' && snapshot_set_fact(c->s, key, value) == -1)
		c->bad = 1;
}

static struct iface *
iface_get(struct ctx *c, uint32_t ifindex, int create)
{
	struct iface *p;
	size_t i;

	for (i = 0; i < c->nifs; i++)
		if (c->ifs[i].ifindex == ifindex)
			return &c->ifs[i];
	if (!create || c->nifs == MAX_IFACES)
		return NULL;
	if ((p = reallocarray(c->ifs, c->nifs + 1, sizeof *p)) == NULL) {
		c->bad = 1;
		return NULL;
	}
	c->ifs = p;
	p = &c->ifs[c->nifs++];
	memset(p, 0, sizeof *p);
	p->ifindex = ifindex;
	buf_init(&p->addrs, 64 * 1024);
	return p;
}

static void
do_system(struct ctx *c)
{
	static const struct { uint32_t col; const char *key; } sys[] = {
		{ 1, FACT_SYSDESCR }, { 4, "sys.contact" }, { 5, FACT_SYSNAME },
		{ 6, "sys.location" },
	};
	char t[TEXT_MAX * 4], oid[SNMP_OID_MAX * 11], ver[64];
	const char *platform = NULL, *vendor;
	struct snmp_oid o;
	uint64_t u;
	size_t i;

	for (i = 0; i < N(sys); i++) {
		if (get(c->d, O_SYSTEM, N(O_SYSTEM), sys[i].col, 0, &c->vb) == 0) {
			text_of(&c->vb, t, sizeof t);
			fact(c, sys[i].key, t);
		}
	}
	oid[0] = '\0';
	if (get(c->d, O_SYSTEM, N(O_SYSTEM), 2, 0, &c->vb) == 0 && snmp_vb_oid(&c->vb, &o) == 0) {
		snmp_oid_format(&o, oid, sizeof oid);
		fact(c, FACT_SYSOBJECTID, oid);
	}
	if (get(c->d, O_SYSTEM, N(O_SYSTEM), 3, 0, &c->vb) == 0 &&
	    snmp_vb_uint(&c->vb, &u) == 0) {
		snprintf(t, sizeof t, "%llu", (unsigned long long)(u / 100));
		fact(c, SNMP_FACT_UPTIME, t);
	}
	platform = platform_guess(oid[0] ? oid : NULL, snapshot_fact(c->s, FACT_SYSDESCR));
	if ((vendor = platform_vendor(oid)) != NULL)
		fact(c, FACT_VENDOR, vendor);
	if (platform != NULL) {
		fact(c, FACT_PLATFORM, platform);
		fact(c, FACT_OS_NAME, platform_os_name(platform));
		if (platform_os_version(platform, snapshot_fact(c->s, FACT_SYSDESCR), ver,
		    sizeof ver) == 0)
			fact(c, FACT_OS_VERSION, ver);
	}
}

static void
do_engine(struct ctx *c)
{
	char hex[2 * 32 + 1];
	size_t i;

	struct snmp_oid o;

	o.n = N(O_ENGINE);
	memcpy(o.v, O_ENGINE, sizeof O_ENGINE);
	if (snmp_device_get(c->d, &o, &c->vb) == -1 || c->vb.type != SNMP_T_OCTETS ||
	    c->vb.len < 5 || c->vb.len > 32)
		return;
	for (i = 0; i < c->vb.len; i++)
		snprintf(hex + 2 * i, 3, "%02x", c->vb.val[i]);
	fact(c, FACT_ENGINE_ID, hex);
}

/* Chassis (entPhysicalClass 3) first, else the first entity that has the value. */
static void
do_entity(struct ctx *c)
{
	static const struct { uint32_t col; const char *key; } cols[] = {
		{ 13, FACT_MODEL }, { 11, FACT_SERIAL }, { 12, "hw.manufacturer" },
		{ 8, "hw.hw_revision" }, { 9, "hw.fw_revision" }, { 10, "hw.sw_revision" },
	};
	const uint32_t *idx;
	size_t i, k, nidx, n = snmp_device_vb_count(c->d);
	struct snmp_vb cls;
	char t[TEXT_MAX];
	int64_t v;
	int pass;

	for (k = 0; k < N(cols); k++) {
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < n; i++) {
				snmp_device_vb(c->d, i, &c->vb);
				if (!column(&c->vb, O_ENT, N(O_ENT), cols[k].col, &idx, &nidx) ||
				    nidx != 1)
					continue;
				text_of(&c->vb, t, sizeof t);
				if (t[0] == '\0')
					continue;
				if (pass == 0 && (get(c->d, O_ENT, N(O_ENT), 5, idx[0], &cls) != 0 ||
				    snmp_vb_int(&cls, &v) != 0 || v != 3))
					continue;
				fact(c, cols[k].key, t);
				goto next;
			}
		}
next:		;
	}
	if (snapshot_fact(c->s, FACT_VENDOR) == NULL)
		fact(c, FACT_VENDOR, snapshot_fact(c->s, "hw.manufacturer"));
}

static void
do_interfaces(struct ctx *c)
{
	const uint32_t *idx;
	size_t i, nidx, n = snmp_device_vb_count(c->d);
	struct iface *f;
	uint64_t u;
	int64_t v;

	for (i = 0; i < n && !c->bad; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		if (c->vb.oid.n == N(O_IFTABLE) + 2 &&
		    memcmp(c->vb.oid.v, O_IFTABLE, sizeof O_IFTABLE) == 0) {
			idx = &c->vb.oid.v[N(O_IFTABLE) + 1];
			if ((f = iface_get(c, idx[0], 1)) == NULL)
				continue;
			switch (c->vb.oid.v[N(O_IFTABLE)]) {
			case 2:
				text_of(&c->vb, f->descr, sizeof f->descr);
				break;
			case 5:
				if (snmp_vb_uint(&c->vb, &u) == 0)
					f->speed = u;
				break;
			case 6:
				mac_of(&c->vb, f->mac, sizeof f->mac);
				break;
			case 7:
				if (snmp_vb_int(&c->vb, &v) == 0)
					f->admin = (int)(v > 0 && v < 8 ? v : 0);
				break;
			case 8:
				if (snmp_vb_int(&c->vb, &v) == 0)
					f->oper = (int)(v > 0 && v < 8 ? v : 0);
				break;
			}
		} else if (column(&c->vb, O_IFX, N(O_IFX), 1, &idx, &nidx) && nidx == 1) {
			if ((f = iface_get(c, idx[0], 1)) != NULL)
				text_of(&c->vb, f->name, sizeof f->name);
		} else if (column(&c->vb, O_IFX, N(O_IFX), 15, &idx, &nidx) && nidx == 1) {
			if ((f = iface_get(c, idx[0], 1)) != NULL && snmp_vb_uint(&c->vb, &u) == 0)
				f->highspeed = u;
		}
	}
}

static int
mask_len(const struct snmp_vb *vb)
{
	uint32_t m;
	int n = 0;

	if (vb->type != SNMP_T_IPADDR || vb->len != 4)
		return -1;
	m = (uint32_t)vb->val[0] << 24 | (uint32_t)vb->val[1] << 16 |
	    (uint32_t)vb->val[2] << 8 | vb->val[3];
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return m ? -1 : n;
}

static void
add_iface_addr(struct ctx *c, uint32_t ifindex, const char *addr, int plen)
{
	struct iface *f;

	if (snapshot_add_address(c->s, addr) == -1)
		c->bad = 1;
	if ((f = iface_get(c, ifindex, 0)) == NULL)
		return;
	if (f->addrs.len)
		buf_puts(&f->addrs, " ");
	if (plen >= 0)
		buf_printf(&f->addrs, "%s/%d", addr, plen);
	else
		buf_puts(&f->addrs, addr);
}

static void
do_addresses(struct ctx *c)
{
	const uint32_t *idx;
	size_t i, j, nidx, n = snmp_device_vb_count(c->d);
	struct snmp_vb mask, pfx;
	struct snmp_oid po;
	unsigned char b[16];
	char a[INET6_ADDRSTRLEN];
	int64_t ifx;
	int ok, plen;

	for (i = 0; i < n && !c->bad; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		if (column(&c->vb, O_IPADENT, N(O_IPADENT), 2, &idx, &nidx) && nidx == 4 &&
		    snmp_vb_int(&c->vb, &ifx) == 0) {
			for (ok = 1, j = 0; j < 4; j++) {
				ok &= idx[j] <= 255;
				b[j] = (unsigned char)idx[j];
			}
			if (!ok || inet_ntop(AF_INET, b, a, sizeof a) == NULL)
				continue;
			plen = -1;
			{
				struct snmp_oid k;

				k.n = (uint32_t)(N(O_IPADENT) + 5);
				memcpy(k.v, O_IPADENT, sizeof O_IPADENT);
				k.v[N(O_IPADENT)] = 3;
				memcpy(&k.v[N(O_IPADENT) + 1], idx, 4 * sizeof *idx);
				if (snmp_device_get(c->d, &k, &mask) == 0)
					plen = mask_len(&mask);
			}
			add_iface_addr(c, (uint32_t)ifx, a, plen);
		} else if (column(&c->vb, O_IPADDR, N(O_IPADDR), 3, &idx, &nidx) &&
		    nidx == 18 && idx[0] == 2 && idx[1] == 16 && snmp_vb_int(&c->vb, &ifx) == 0) {
			/* ipAddressIfIndex.ipv6(2).16.<bytes>: IPv4 comes from ipAdEntTable. */
			for (ok = 1, j = 0; j < 16; j++) {
				ok &= idx[2 + j] <= 255;
				b[j] = (unsigned char)idx[2 + j];
			}
			if (!ok || inet_ntop(AF_INET6, b, a, sizeof a) == NULL)
				continue;
			plen = -1;
			{
				struct snmp_oid k = c->vb.oid;

				k.v[N(O_IPADDR)] = 5;
				if (snmp_device_get(c->d, &k, &pfx) == 0 &&
				    snmp_vb_oid(&pfx, &po) == 0 && po.n > 0 &&
				    po.v[po.n - 1] <= 128)
					plen = (int)po.v[po.n - 1];
			}
			add_iface_addr(c, (uint32_t)ifx, a, plen);
		}
	}
}

static const char *
status_name(int v)
{
	return v == 1 ? "up" : v == 2 ? "down" : v == 3 ? "testing" : v ? "other" : NULL;
}

static void
emit_ifaces(struct ctx *c)
{
	struct snapshot_iface si;
	struct iface *f;
	size_t i;

	for (i = 0; i < c->nifs && !c->bad; i++) {
		f = &c->ifs[i];
		memset(&si, 0, sizeof si);
		si.ifindex = f->ifindex <= 0x7fffffff ? (int)f->ifindex : 0;
		si.name = f->name[0] ? f->name : f->descr[0] ? f->descr : NULL;
		si.mac = f->mac[0] ? f->mac : NULL;
		si.admin = status_name(f->admin);
		si.oper = status_name(f->oper);
		si.speed = f->highspeed ? f->highspeed * 1000000ull : f->speed;
		si.addrs = f->addrs.len ? f->addrs.data : NULL;
		if (snapshot_add_iface(c->s, &si) == -1)
			c->bad = 1;
	}
}

static const char *
ifname(struct ctx *c, uint32_t ifindex)
{
	struct iface *f = iface_get(c, ifindex, 0);

	if (f == NULL)
		return NULL;
	return f->name[0] ? f->name : f->descr[0] ? f->descr : NULL;
}

/* LLDP chassis and port ids: a MAC when 6 bytes, else text. */
static void
id_of(const struct snmp_vb *vb, char *out, size_t outlen)
{
	mac_of(vb, out, outlen);
	if (out[0] == '\0')
		text_of(vb, out, outlen);
}

static void
do_lldp(struct ctx *c)
{
	struct snapshot_neighbour nb;
	const uint32_t *idx;
	size_t i, nidx, n = snmp_device_vb_count(c->d);
	char chassis[TEXT_MAX], port[TEXT_MAX], name[TEXT_MAX], local[TEXT_MAX],
	    addr[INET6_ADDRSTRLEN];
	struct snmp_vb v;
	struct snmp_oid k;
	size_t j;

	for (i = 0; i < n && !c->bad; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		/* One neighbour per lldpRemChassisId row: timeMark.localPort.index. */
		if (!column(&c->vb, O_LLDPREM, N(O_LLDPREM), 5, &idx, &nidx) || nidx != 3)
			continue;
		id_of(&c->vb, chassis, sizeof chassis);
		k = c->vb.oid;
		port[0] = name[0] = local[0] = addr[0] = '\0';
		k.v[N(O_LLDPREM)] = 7;
		if (snmp_device_get(c->d, &k, &v) == 0)
			id_of(&v, port, sizeof port);
		k.v[N(O_LLDPREM)] = 9;
		if (snmp_device_get(c->d, &k, &v) == 0)
			text_of(&v, name, sizeof name);
		if (get(c->d, O_LLDPLOCPORT, N(O_LLDPLOCPORT), 4, idx[1], &v) == 0)
			text_of(&v, local, sizeof local);
		if (local[0] == '\0' &&
		    get(c->d, O_LLDPLOCPORT, N(O_LLDPLOCPORT), 3, idx[1], &v) == 0)
			id_of(&v, local, sizeof local);
		/* lldpRemManAddrIfSubtype.tm.port.idx.1(ipv4).4.a.b.c.d */
		for (j = 0; j < n; j++) {
			const uint32_t *mi;
			size_t mn;

			snmp_device_vb(c->d, j, &v);
			if (column(&v, O_LLDPMAN, N(O_LLDPMAN), 3, &mi, &mn) && mn == 9 &&
			    mi[0] == idx[0] && mi[1] == idx[1] && mi[2] == idx[2] && mi[3] == 1 &&
			    mi[4] == 4 && mi[5] < 256 && mi[6] < 256 && mi[7] < 256 && mi[8] < 256) {
				snprintf(addr, sizeof addr, "%u.%u.%u.%u", mi[5], mi[6], mi[7], mi[8]);
				break;
			}
		}
		memset(&nb, 0, sizeof nb);
		nb.kind = "lldp";
		nb.local_port = local[0] ? local : NULL;
		nb.remote_name = name[0] ? name : NULL;
		nb.remote_port = port[0] ? port : NULL;
		nb.remote_addr = addr[0] ? addr : NULL;
		nb.remote_chassis = chassis[0] ? chassis : NULL;
		if (snapshot_add_neighbour(c->s, &nb) == -1)
			c->bad = 1;
	}
}

static void
do_cdp(struct ctx *c)
{
	struct snapshot_neighbour nb;
	const uint32_t *idx;
	size_t i, nidx, n = snmp_device_vb_count(c->d);
	char name[TEXT_MAX], port[TEXT_MAX], addr[INET6_ADDRSTRLEN];
	struct snmp_vb v;
	struct snmp_oid k;

	for (i = 0; i < n && !c->bad; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		if (!column(&c->vb, O_CDP, N(O_CDP), 6, &idx, &nidx) || nidx != 2)
			continue;
		text_of(&c->vb, name, sizeof name);
		k = c->vb.oid;
		port[0] = addr[0] = '\0';
		k.v[N(O_CDP)] = 7;
		if (snmp_device_get(c->d, &k, &v) == 0)
			text_of(&v, port, sizeof port);
		k.v[N(O_CDP)] = 4;
		if (snmp_device_get(c->d, &k, &v) == 0 && v.type == SNMP_T_OCTETS && v.len == 4)
			snprintf(addr, sizeof addr, "%u.%u.%u.%u", v.val[0], v.val[1], v.val[2],
			    v.val[3]);
		memset(&nb, 0, sizeof nb);
		nb.kind = "cdp";
		nb.local_port = ifname(c, idx[0]);
		nb.remote_name = name[0] ? name : NULL;
		nb.remote_port = port[0] ? port : NULL;
		nb.remote_addr = addr[0] ? addr : NULL;
		if (snapshot_add_neighbour(c->s, &nb) == -1)
			c->bad = 1;
	}
}

/* Installed software (HOST-RESOURCES) as a sorted artifact plus a count. */
static void
do_host_resources(struct ctx *c)
{
	const uint32_t *idx;
	size_t i, nidx, n = snmp_device_vb_count(c->d), count = 0;
	struct buf b;
	char t[TEXT_MAX], num[32];
	struct snmp_vb v;
	uint64_t unit, size;

	buf_init(&b, 8u * 1024 * 1024);
	for (i = 0; i < n; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		if (c->vb.oid.n < N(O_HRSW) + 1 ||
		    memcmp(c->vb.oid.v, O_HRSW, sizeof O_HRSW) != 0)
			continue;
		text_of(&c->vb, t, sizeof t);
		if (t[0] && buf_printf(&b, "%s\n", t) == 0)
			count++;
	}
	if (count) {
		snprintf(num, sizeof num, "%zu", count);
		fact(c, "pkg.count", num);
		if (snapshot_add_artifact(c->s, "snmp-packages", b.data, b.len) == -1)
			c->bad = 1;
	}
	buf_free(&b);
	/* hrStorageRam (type 1.3.6.1.2.1.25.2.1.2): total memory in bytes. */
	for (i = 0; i < n; i++) {
		struct snmp_oid ty;

		snmp_device_vb(c->d, i, &c->vb);
		if (!column(&c->vb, O_HRSTOR, N(O_HRSTOR), 2, &idx, &nidx) || nidx != 1 ||
		    snmp_vb_oid(&c->vb, &ty) == -1 || ty.n != 10 || ty.v[9] != 2 ||
		    ty.v[8] != 1 || ty.v[7] != 2)
			continue;
		if (get(c->d, O_HRSTOR, N(O_HRSTOR), 4, idx[0], &v) == 0 &&
		    snmp_vb_uint(&v, &unit) == 0 &&
		    get(c->d, O_HRSTOR, N(O_HRSTOR), 5, idx[0], &v) == 0 &&
		    snmp_vb_uint(&v, &size) == 0 && unit < (1u << 20)) {
			snprintf(num, sizeof num, "%llu", (unsigned long long)(unit * size));
			fact(c, "mem.total_bytes", num);
		}
		break;
	}
}

/* The raw evidence: one "OID = TYPE: value" line per varbind, in OID order. */
static void
do_walk_artifact(struct ctx *c)
{
	char oid[SNMP_OID_MAX * 11];
	size_t i, n = snmp_device_vb_count(c->d);
	struct buf b;

	buf_init(&b, WALK_MAX);
	for (i = 0; i < n; i++) {
		snmp_device_vb(c->d, i, &c->vb);
		snmp_oid_format(&c->vb.oid, oid, sizeof oid);
		if (buf_printf(&b, "%s = ", oid) == -1 || snmp_vb_format(&c->vb, &b) == -1 ||
		    buf_puts(&b, "\n") == -1)
			break;	/* capped: the artifact stops at WALK_MAX */
	}
	if (snapshot_add_artifact(c->s, "snmp-walk", b.data ? b.data : "", b.len) == -1)
		c->bad = 1;
	buf_free(&b);
}

int
snmp_facts_snapshot(const struct snmp_device *d, struct snapshot **snap, char **cause)
{
	struct ctx c;
	size_t i;
	int rc = -1;

	memset(&c, 0, sizeof c);
	c.d = d;
	*snap = NULL;
	if ((c.s = snapshot_new("snmp", snmp_device_address(d))) == NULL)
		return err_set(cause, "out of memory");
	fact(&c, SNMP_FACT_VERSION, snmp_device_version(d) == SNMP_VERSION_1 ? "1" :
	    snmp_device_version(d) == SNMP_VERSION_3 ? "3" : "2c");
	fact(&c, SNMP_FACT_CREDENTIAL, snmp_device_cred(d));
	if (snmp_device_version(d) == SNMP_VERSION_3) {
		/* How the answering set protects the exchange (snmp-agent policy). */
		fact(&c, "snmp.auth", cred_auth_name(snmp_device_auth(d)));
		fact(&c, "snmp.priv", cred_priv_name(snmp_device_priv(d)));
	}
	if (snmp_device_error(d) != NULL)
		fact(&c, "snmp.error", snmp_device_error(d));
	do_system(&c);
	do_engine(&c);
	do_entity(&c);
	do_interfaces(&c);
	do_addresses(&c);
	emit_ifaces(&c);
	do_lldp(&c);
	do_cdp(&c);
	do_host_resources(&c);
	do_walk_artifact(&c);
	if (snapshot_add_address(c.s, snmp_device_address(d)) == -1)
		c.bad = 1;
	if (c.bad) {
		err_set(cause, "%s: out of memory building the snapshot", snmp_device_address(d));
		goto out;
	}
	*snap = c.s;
	c.s = NULL;
	rc = 0;
out:
	for (i = 0; i < c.nifs; i++)
		buf_free(&c.ifs[i].addrs);
	free(c.ifs);
	snapshot_free(&c.s);
	return rc;
}
