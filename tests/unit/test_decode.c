/* test_decode: frame decoders on hand-built frames (every protocol, VLAN/QinQ, cut and
 * lying lengths at every offset) and the OUI table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanner/decode.h"
#include "scanner/oui.h"

struct fb {
	uint8_t	b[1600];
	size_t	n;
};

static void
put(struct fb *f, const void *p, size_t n)
{
	assert_true(f->n + n <= sizeof f->b);
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void
put16(struct fb *f, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(f, b, 2);
}

static const uint8_t MAC_A[6] = { 0x00, 0x1c, 0x73, 0x00, 0x00, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x09 };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
eth(struct fb *f, const uint8_t *dst, const uint8_t *src)
{
	f->n = 0;
	put(f, dst, 6);
	put(f, src, 6);
}

static void
arp_body(struct fb *f)
{
	static const uint8_t ip_a[4] = { 198, 51, 100, 1 }, ip_b[4] = { 198, 51, 100, 9 };

	put16(f, 1);
	put16(f, 0x0800);
	put(f, "\x06\x04", 2);
	put16(f, 2);
	put(f, MAC_A, 6);
	put(f, ip_a, 4);
	put(f, MAC_B, 6);
	put(f, ip_b, 4);
}

/* IPv4 + UDP header around payload (no checksums: the decoder does not need them). */
static void
ipv4_udp(struct fb *f, unsigned sport, unsigned dport, const void *pl, size_t n)
{
	static const uint8_t src[4] = { 198, 51, 100, 9 }, dst[4] = { 198, 51, 100, 1 };

	put16(f, 0x0800);
	put(f, "\x45\x00", 2);
	put16(f, (unsigned)(28 + n));
	put(f, "\x00\x01\x00\x00\x40\x11\x00\x00", 8);
	put(f, src, 4);
	put(f, dst, 4);
	put16(f, sport);
	put16(f, dport);
	put16(f, (unsigned)(8 + n));
	put16(f, 0);
	put(f, pl, n);
}

static const uint8_t SNMP_PUBLIC[] = {
	0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
	0xa0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e,
	0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x05, 0x00,
};

static void
test_arp(void **state)
{
	struct decode_pkt k;
	struct decode_stats st = { 0 };
	struct fb f;
	char s[18];

	(void)state;
	eth(&f, MAC_B, MAC_A);
	put16(&f, 0x0806);
	arp_body(&f);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, &st), DECODE_OK);
	assert_int_equal(k.app, DECODE_APP_ARP);
	assert_int_equal(k.u.arp.op, 2);
	decode_mac_str(k.u.arp.sha, s);
	assert_string_equal(s, "00:1c:73:00:00:01");
	assert_int_equal(k.u.arp.spa[3], 1);
	assert_int_equal(st.app[DECODE_APP_ARP], 1);
	assert_int_equal(st.frames, 1);
}

static void
test_vlan_qinq(void **state)
{
	static const unsigned tpids[] = { 0x8100, 0x88a8, 0x9100 };
	struct decode_pkt k;
	struct decode_stats st = { 0 };
	struct fb f;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		eth(&f, BCAST, MAC_A);
		put16(&f, tpids[i]);
		put16(&f, 0x2000 | 100);	/* priority bits must not leak into the VLAN id */
		if (i > 0) {
			put16(&f, 0x8100);
			put16(&f, 20);
		}
		put16(&f, 0x0806);
		arp_body(&f);
		assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, &st),
		    DECODE_OK);
		assert_int_equal(k.app, DECODE_APP_ARP);
		assert_int_equal(k.vlan[0], 100);
		assert_int_equal(k.ntags, i > 0 ? 2 : 1);
		if (i > 0)
			assert_int_equal(k.vlan[1], 20);
	}
	assert_int_equal(st.vlan_tagged, 3);
	assert_int_equal(st.qinq, 2);
	/* Five tags: more than any real network stacks. */
	eth(&f, BCAST, MAC_A);
	for (i = 0; i < 5; i++) {
		put16(&f, 0x8100);
		put16(&f, 1);
	}
	put16(&f, 0x0806);
	arp_body(&f);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, &st), DECODE_BOGUS);
}

static void
lldp_tlv(struct fb *f, unsigned type, const void *v, size_t n)
{
	put16(f, (type << 9) | (unsigned)n);
	put(f, v, n);
}

static void
build_lldp(struct fb *f)
{
	static const uint8_t chassis[7] = { 4, 0x00, 0x1c, 0x73, 0x00, 0x00, 0x00 };
	static const uint8_t mgmt[] = { 5, 1, 198, 51, 100, 4, 2, 0, 0, 0, 1, 0 };
	static const uint8_t ttl[2] = { 0, 120 };

	eth(f, (const uint8_t *)"\x01\x80\xc2\x00\x00\x0e", MAC_A);
	put16(f, 0x88cc);
	lldp_tlv(f, 1, chassis, sizeof chassis);
	lldp_tlv(f, 2, "\x05" "Ethernet1", 10);
	lldp_tlv(f, 3, ttl, 2);
	lldp_tlv(f, 5, "eos-sw1.lab", 11);
	lldp_tlv(f, 6, "Arista\x01\x1b[31m EOS\0\0", 17);	/* control bytes and NUL padding */
	lldp_tlv(f, 8, mgmt, sizeof mgmt);
	lldp_tlv(f, 0, "", 0);
}

static void
test_lldp(void **state)
{
	struct decode_pkt k;
	struct fb f;
	char ip[46];

	(void)state;
	build_lldp(&f);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_OK);
	assert_int_equal(k.app, DECODE_APP_LLDP);
	assert_string_equal(k.u.disc.chassis, "00:1c:73:00:00:00");
	assert_true(k.u.disc.chassis_is_mac);
	assert_string_equal(k.u.disc.port, "Ethernet1");
	assert_string_equal(k.u.disc.sysname, "eos-sw1.lab");
	assert_string_equal(k.u.disc.descr, "Arista..[31m EOS");
	assert_int_equal(k.u.disc.naddr, 1);
	decode_ip_str(k.u.disc.addr_af[0], k.u.disc.addr[0], ip);
	assert_string_equal(ip, "198.51.100.4");
}

static void
test_cdp(void **state)
{
	static const uint8_t snap[8] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00 };
	static const uint8_t addrs[] = { 0, 0, 0, 1, 1, 1, 0xcc, 0, 4, 198, 51, 100, 1 };
	struct decode_pkt k;
	struct fb body = { .n = 0 }, f;
	char ip[46];

	(void)state;
	put(&body, snap, 8);
	put(&body, "\x02\xb4\x00\x00", 4);
	put16(&body, 1); put16(&body, 4 + 11); put(&body, "ios-sw1.lab", 11);
	put16(&body, 2); put16(&body, 4 + sizeof addrs); put(&body, addrs, sizeof addrs);
	put16(&body, 3); put16(&body, 4 + 5); put(&body, "Gi1/1", 5);
	put16(&body, 6); put16(&body, 4 + 9); put(&body, "WS-C2960X", 9);
	eth(&f, (const uint8_t *)"\x01\x00\x0c\xcc\xcc\xcc", MAC_A);
	put16(&f, (unsigned)body.n);
	put(&f, body.b, body.n);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_OK);
	assert_int_equal(k.app, DECODE_APP_CDP);
	assert_string_equal(k.u.disc.chassis, "ios-sw1.lab");
	assert_string_equal(k.u.disc.port, "Gi1/1");
	assert_string_equal(k.u.disc.platform, "WS-C2960X");
	decode_ip_str(k.u.disc.addr_af[0], k.u.disc.addr[0], ip);
	assert_string_equal(ip, "198.51.100.1");
	/* An address count far past the TLV's end. */
	f.b[14 + 8 + 4 + 15 + 4 + 3] = 200;
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_BOGUS);
}

static void
test_snmp(void **state)
{
	struct decode_pkt k;
	struct fb f;
	uint8_t secret[sizeof SNMP_PUBLIC];

	(void)state;
	eth(&f, MAC_A, MAC_B);
	ipv4_udp(&f, 40000, 161, SNMP_PUBLIC, sizeof SNMP_PUBLIC);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_OK);
	assert_int_equal(k.app, DECODE_APP_SNMP);
	assert_int_equal(k.u.snmp.version, 1);
	assert_int_equal(k.u.snmp.community_len, 6);
	assert_true(k.u.snmp.community_default);
	assert_int_equal(k.u.snmp.pdu, DECODE_SNMP_GET);
	/* The decoded packet holds no copy of the community. */
	assert_null(memmem(&k, sizeof k, "public", 6));
	memcpy(secret, SNMP_PUBLIC, sizeof secret);
	memcpy(secret + 7, "xq7Zk2", 6);
	eth(&f, MAC_A, MAC_B);
	ipv4_udp(&f, 40000, 161, secret, sizeof secret);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_OK);
	assert_false(k.u.snmp.community_default);
	assert_null(memmem(&k, sizeof k, "xq7Zk2", 6));
	assert_true(decode_community_is_default((const uint8_t *)"PUBLIC", 6));
	assert_false(decode_community_is_default((const uint8_t *)"publi", 5));
}

static void
test_http_tftp(void **state)
{
	static const char basic[] = "GET /admin HTTP/1.1\r\nHost: x\r\n"
	    "Authorization: Basic YWRtaW46c2VjcmV0\r\n\r\n";
	static const char post[] = "POST /cgi-bin/Login.cgi?user=admin&pw=secret HTTP/1.1\r\n\r\n"
	    "user=admin&pw=secret";
	static const char plain[] = "POST /upload HTTP/1.1\r\n\r\n";
	struct decode_pkt k;
	struct fb f, tcp;

	(void)state;
	/* IPv4/TCP by hand: data offset 5. */
	const char *msgs[3] = { basic, post, plain };
	int want[3] = { DECODE_HTTP_BASIC, DECODE_HTTP_LOGIN_POST, 0 };
	for (int i = 0; i < 3; i++) {
		tcp.n = 0;
		put16(&tcp, 50000); put16(&tcp, 80);
		put(&tcp, "\0\0\0\1\0\0\0\1\x50\x18\xff\xff\0\0\0\0", 16);
		put(&tcp, msgs[i], strlen(msgs[i]));
		eth(&f, MAC_A, MAC_B);
		put16(&f, 0x0800);
		put(&f, "\x45\x00", 2);
		put16(&f, (unsigned)(20 + tcp.n));
		put(&f, "\x00\x01\x00\x00\x40\x06\x00\x00\xc6\x33\x64\x09\xc6\x33\x64\x01", 16);
		put(&f, tcp.b, tcp.n);
		assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL),
		    DECODE_OK);
		if (want[i] == 0) {
			assert_int_equal(k.app, DECODE_APP_NONE);
			continue;
		}
		assert_int_equal(k.app, DECODE_APP_HTTP_LOGIN);
		assert_int_equal(k.u.mgmt.http_kind, want[i]);
		assert_null(memmem(&k, sizeof k, "secret", 6));
		assert_null(memmem(&k, sizeof k, "YWRtaW46", 8));
		assert_string_equal(k.u.mgmt.path, i == 0 ? "/admin" : "/cgi-bin/Login.cgi");
	}
	eth(&f, MAC_A, MAC_B);
	ipv4_udp(&f, 50001, 69, "\0\1startup-config\0octet\0", 23);
	assert_int_equal(decode_frame(DECODE_LINK_EN10MB, f.b, f.n, f.n, &k, NULL), DECODE_OK);
	assert_int_equal(k.app, DECODE_APP_TFTP);
	assert_true(k.u.mgmt.tftp_config);
	assert_string_equal(k.u.mgmt.file, "startup-config");
}

/* Every prefix of every frame: cut by the capture or short on the wire, never a read
 * past the end (ASan watches), and the right counter for each. */
static void
test_every_cut(void **state)
{
	struct fb frames[3], *f;
	struct decode_pkt k;
	struct decode_stats st = { 0 };
	enum decode_status r;
	uint8_t *copy;
	size_t i, n;

	(void)state;
	build_lldp(&frames[0]);
	eth(&frames[1], MAC_A, MAC_B);
	ipv4_udp(&frames[1], 40000, 161, SNMP_PUBLIC, sizeof SNMP_PUBLIC);
	eth(&frames[2], MAC_B, MAC_A);
	put16(&frames[2], 0x0806);
	arp_body(&frames[2]);
	for (i = 0; i < 3; i++) {
		f = &frames[i];
		for (n = 0; n < f->n; n++) {
			/* An exact-size heap copy, so that ASan sees one byte past the end. */
			copy = malloc(n ? n : 1);
			assert_non_null(copy);
			memcpy(copy, f->b, n);
			r = decode_frame(DECODE_LINK_EN10MB, copy, n, f->n, &k, &st);
			assert_int_not_equal(r, DECODE_TRUNCATED);
			r = decode_frame(DECODE_LINK_EN10MB, copy, n, n, &k, &st);
			assert_int_not_equal(r, DECODE_SNAPCUT);
			free(copy);
		}
	}
	assert_true(st.snapcut > 0);
	assert_true(st.truncated + st.bogus > 0);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_oui(void **state)
{
	char path[] = "/tmp/netloom-oui.XXXXXX";
	struct oui *o = NULL;
	char *cause = NULL;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "Registry,Assignment,Organization Name,Organization Address\n"
	    "MA-L,001C73,Arista Networks,5453 Great America Parkway\n"
	    "MA-L,0019AA,\"Cisco Systems, Inc\",80 West Tasman Drive\n"
	    "MA-M,0019AA1,Not a 24-bit prefix,x\n"
	    "MA-L,ZZZZZZ,bogus,x\n"
	    "MA-L,000000,\"unterminated\n");
	assert_int_equal(oui_load(&o, path, &cause), 0);
	assert_int_equal(oui_count(o), 2);
	assert_string_equal(oui_lookup(o, MAC_A), "Arista Networks");
	assert_string_equal(oui_lookup(o, (const uint8_t *)"\x00\x19\xaa\x01\x02\x03"),
	    "Cisco Systems, Inc");
	assert_null(oui_lookup(o, MAC_B));	/* locally administered */
	assert_null(oui_lookup(o, (const uint8_t *)"\x00\x00\x01\x00\x00\x00"));
	oui_free(&o);
	assert_null(o);
	write_file(path, "OUI/MA-L\t\t\tOrganization\n"
	    "00-1C-73   (hex)\t\tArista Networks\r\n"
	    "001C73     (base 16)\t\tArista Networks\r\n");
	assert_int_equal(oui_load(&o, path, &cause), 0);
	assert_int_equal(oui_count(o), 1);
	assert_string_equal(oui_lookup(o, MAC_A), "Arista Networks");
	oui_free(&o);
	unlink(path);
	/* A named table that is missing is an error; the default one may be absent. */
	assert_int_equal(oui_load(&o, path, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	free(cause);
	cause = NULL;
	assert_int_equal(oui_load(&o, NULL, &cause), 0);
	assert_non_null(o);
	oui_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_vlan_qinq),
		cmocka_unit_test(test_lldp),
		cmocka_unit_test(test_cdp),
		cmocka_unit_test(test_snmp),
		cmocka_unit_test(test_http_tftp),
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_oui),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
