#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "inventory/snapshot.h"
#include "scanner/platform.h"
#include "scanner/snmp.h"
#include "scanner/snmp_facts.h"
#include "scanner/snmp_pdu.h"

static const uint8_t get_sysdescr[] = {
	0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c',
	0xa0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
	0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,
	0x05, 0x00,
};

static void
t_encode(void **state)
{
	struct snmp_oid o;
	uint8_t out[1500];
	int n;

	(void)state;
	assert_int_equal(snmp_oid_parse(&o, "1.3.6.1.2.1.1.1.0"), 0);
	n = snmp_pdu_encode(out, sizeof out, SNMP_VERSION_2C, "public", SNMP_PDU_GET, 1, 0, 0,
	    &o, 1);
	assert_int_equal(n, sizeof get_sysdescr);
	assert_memory_equal(out, get_sysdescr, sizeof get_sysdescr);
	/* Does not fit: -1, never an overflow. */
	assert_int_equal(snmp_pdu_encode(out, 10, SNMP_VERSION_2C, "public", SNMP_PDU_GET, 1,
	    0, 0, &o, 1), -1);
}

static void
t_decode_and_reject(void **state)
{
	struct snmp_msg *m = malloc(sizeof *m);
	uint8_t p[sizeof get_sysdescr], bad[64];
	const char *why;
	size_t cut;

	(void)state;
	memcpy(p, get_sysdescr, sizeof p);
	p[13] = SNMP_PDU_RESPONSE;
	assert_int_equal(snmp_pdu_decode(m, p, sizeof p, &why), 0);
	assert_int_equal(m->version, SNMP_VERSION_2C);
	assert_int_equal(m->reqid, 1);
	assert_int_equal(m->nvb, 1);
	assert_int_equal(m->vb[0].oid.n, 9);
	assert_int_equal(m->vb[0].type, SNMP_T_NULL);
	/* Every truncation is rejected. */
	for (cut = 0; cut < sizeof p; cut++)
		assert_int_equal(snmp_pdu_decode(m, p, cut, &why), -1);
	/* A request is not a reply. */
	assert_int_equal(snmp_pdu_decode(m, get_sysdescr, sizeof get_sysdescr, &why), -1);
	/* Absurd and indefinite lengths, multi-byte tags. */
	memcpy(bad, p, sizeof p);
	bad[1] = 0x84;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof p, &why), -1);
	bad[1] = 0x80;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof p, &why), -1);
	memcpy(bad, p, sizeof p);
	bad[0] = 0x3f;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof p, &why), -1);
	/* Sub-identifier overflow in the OID. */
	memcpy(bad, p, sizeof p);
	bad[30] = 0xff; bad[31] = 0xff; bad[32] = 0xff; bad[33] = 0xff; bad[34] = 0x8f;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof p, &why), -1);
	/* Trailing garbage. */
	memcpy(bad, p, sizeof p);
	bad[sizeof p] = 0;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof p + 1, &why), -1);
	free(m);
}

static void
t_oid(void **state)
{
	struct snmp_oid a, b;
	char s[64];

	(void)state;
	assert_int_equal(snmp_oid_parse(&a, ".1.3.6.1.4.1.9"), 0);
	snmp_oid_format(&a, s, sizeof s);
	assert_string_equal(s, "1.3.6.1.4.1.9");
	assert_int_equal(snmp_oid_parse(&b, "1.3.6.1.4.1.9.1"), 0);
	assert_true(snmp_oid_cmp(&a, &b) < 0);
	assert_true(snmp_oid_under(&b, &a));
	assert_false(snmp_oid_under(&a, &a));
	assert_int_equal(snmp_oid_parse(&a, "1.3.x"), -1);
	assert_int_equal(snmp_oid_parse(&a, "1.3.4294967296"), -1);
	assert_int_equal(snmp_oid_parse(&a, "1..3"), -1);
}

static void
t_format(void **state)
{
	struct snmp_vb vb = { .type = SNMP_T_OCTETS, .val = (const uint8_t *)"a\"b\\c\n", .len = 6 };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(snmp_vb_format(&vb, &b), 0);
	assert_string_equal(b.data, "STRING: \"a\\\"b\\\\c\\n\"");
	buf_reset(&b);
	vb.val = (const uint8_t *)"\x00\x1c\x73";
	vb.len = 3;
	assert_int_equal(snmp_vb_format(&vb, &b), 0);
	assert_string_equal(b.data, "Hex-STRING: 00 1C 73");
	buf_reset(&b);
	vb.type = SNMP_T_TIMETICKS;
	vb.val = (const uint8_t *)"\x01\x00";
	vb.len = 2;
	assert_int_equal(snmp_vb_format(&vb, &b), 0);
	assert_string_equal(b.data, "Timeticks: 256");
	buf_free(&b);
}

static void
t_platform(void **state)
{
	char v[64];

	(void)state;
	assert_string_equal(platform_vendor("1.3.6.1.4.1.9.1.617"), "Cisco");
	assert_string_equal(platform_vendor(".1.3.6.1.4.1.2636.1.1.1.2.21"), "Juniper");
	assert_string_equal(platform_vendor("1.3.6.1.4.1.30065.1"), "Arista");
	assert_null(platform_vendor("1.3.6.1.4.1.99999999.1"));
	assert_null(platform_vendor("1.3.6.1.4.1.91"));
	assert_null(platform_vendor("1.3.6.1.2.1.1"));
	assert_string_equal(platform_guess("1.3.6.1.4.1.9.12.3.1.3.1084",
	    "Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 6.0(2)N2(3), RELEASE"), "cisco-nxos");
	assert_string_equal(platform_guess("1.3.6.1.4.1.9.1.366", "Cisco Internetwork Operating "
	    "System Software"), "cisco-ios");
	assert_string_equal(platform_guess("1.3.6.1.4.1.2636.1", NULL), "junos");
	assert_string_equal(platform_guess(NULL, "Hardware: x86 - Software: Windows Version 6.3 "
	    "(Build 9600 Multiprocessor Free)"), "windows");
	assert_null(platform_guess("1.3.6.1.4.1.99.1", "toaster"));
	assert_int_equal(platform_os_version("cisco-ios", "Cisco IOS Software, C3560 Software "
	    "(C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)", v, sizeof v), 0);
	assert_string_equal(v, "12.2(55)SE3");
	assert_int_equal(platform_os_version("junos", "Juniper Networks, Inc. mx960 internet "
	    "router, kernel JUNOS 12.3R6.6, Build date: 2014", v, sizeof v), 0);
	assert_string_equal(v, "12.3R6.6");
	assert_int_equal(platform_os_version("arista-eos", "Arista Networks EOS version 4.20.5F "
	    "running on an Arista Networks DCS-7150S-52-CL", v, sizeof v), 0);
	assert_string_equal(v, "4.20.5F");
	assert_int_equal(platform_os_version("linux", "Linux host 6.1.0-13-amd64 #1 SMP", v,
	    sizeof v), 0);
	assert_string_equal(v, "6.1.0-13-amd64");
	assert_int_equal(platform_os_version("windows", "Windows Version 6.3 (Build 9600)", v,
	    sizeof v), 0);
	assert_string_equal(v, "6.3");
	assert_int_equal(platform_os_version("cisco-ios", "Cisco Internetwork Operating System "
	    "Software", v, sizeof v), -1);
}

static void
add(struct snmp_device *d, const char *oid, uint8_t type, const void *val, size_t len)
{
	struct snmp_vb vb;

	assert_int_equal(snmp_oid_parse(&vb.oid, oid), 0);
	vb.type = type;
	vb.val = val;
	vb.len = len;
	assert_int_equal(snmp_device_add(d, &vb), 0);
}

static void
t_facts(void **state)
{
	struct snmp_device *d = snmp_device_new("192.0.2.1", "lab", SNMP_VERSION_2C);
	const struct snapshot_iface *ifc;
	const struct snapshot_neighbour *nb;
	struct snapshot *s = NULL;
	char *cause = NULL;
	const char *name, *text;
	size_t len;
	static const uint8_t eid[] = { 0x80, 0, 0x75, 0x71, 3, 0, 0x1c, 0x73, 0, 1, 4 };
	static const uint8_t sysoid[] = { 0x2b, 6, 1, 4, 1, 0x81, 0xea, 0x71, 1 };

	(void)state;
	assert_non_null(d);
	add(d, "1.3.6.1.2.1.1.1.0", SNMP_T_OCTETS, "Arista Networks EOS version 4.20.5F running", 44);
	add(d, "1.3.6.1.2.1.1.2.0", SNMP_T_OID, sysoid, sizeof sysoid);
	add(d, "1.3.6.1.2.1.1.5.0", SNMP_T_OCTETS, "sw\x01\n1", 5);
	add(d, "1.3.6.1.2.1.1.3.0", SNMP_T_TIMETICKS, "\x27\x10", 2);
	add(d, "1.3.6.1.6.3.10.2.1.1.0", SNMP_T_OCTETS, eid, sizeof eid);
	/* A module with a serial comes first; the chassis (class 3) must win. */
	add(d, "1.3.6.1.2.1.47.1.1.1.1.5.1", SNMP_T_INTEGER, "\x09", 1);
	add(d, "1.3.6.1.2.1.47.1.1.1.1.11.1", SNMP_T_OCTETS, "MODULE1", 7);
	add(d, "1.3.6.1.2.1.47.1.1.1.1.5.2", SNMP_T_INTEGER, "\x03", 1);
	add(d, "1.3.6.1.2.1.47.1.1.1.1.11.2", SNMP_T_OCTETS, "CHASSIS1", 8);
	add(d, "1.3.6.1.2.1.47.1.1.1.1.13.2", SNMP_T_OCTETS, "DCS-7150S", 9);
	add(d, "1.3.6.1.2.1.2.2.1.2.7", SNMP_T_OCTETS, "Ethernet1", 9);
	add(d, "1.3.6.1.2.1.2.2.1.6.7", SNMP_T_OCTETS, "\x00\x1c\x73\x01\x02\x03", 6);
	add(d, "1.3.6.1.2.1.2.2.1.8.7", SNMP_T_INTEGER, "\x01", 1);
	add(d, "1.3.6.1.2.1.31.1.1.1.15.7", SNMP_T_GAUGE32, "\x27\x10", 2);
	add(d, "1.3.6.1.2.1.4.20.1.2.192.0.2.1", SNMP_T_INTEGER, "\x07", 1);
	add(d, "1.3.6.1.2.1.4.20.1.3.192.0.2.1", SNMP_T_IPADDR, "\xff\xff\xff\x00", 4);
	add(d, "1.0.8802.1.1.2.1.3.7.1.4.1", SNMP_T_OCTETS, "Ethernet1", 9);
	add(d, "1.0.8802.1.1.2.1.4.1.1.5.0.1.1", SNMP_T_OCTETS, "\x00\x19\xaa\x4d\x4d\x01", 6);
	add(d, "1.0.8802.1.1.2.1.4.1.1.7.0.1.1", SNMP_T_OCTETS, "Gi1/0/48", 8);
	add(d, "1.0.8802.1.1.2.1.4.1.1.9.0.1.1", SNMP_T_OCTETS, "ios-sw1", 7);
	snmp_device_finish(d);
	assert_int_equal(snmp_facts_snapshot(d, &s, &cause), 0);
	assert_string_equal(snapshot_fact(s, FACT_PLATFORM), "arista-eos");
	assert_string_equal(snapshot_fact(s, FACT_VENDOR), "Arista");
	assert_string_equal(snapshot_fact(s, FACT_SYSOBJECTID), "1.3.6.1.4.1.30065.1");
	assert_string_equal(snapshot_fact(s, FACT_OS_VERSION), "4.20.5F");
	assert_string_equal(snapshot_fact(s, FACT_SYSNAME), "sw? 1");
	assert_string_equal(snapshot_fact(s, FACT_SERIAL), "CHASSIS1");
	assert_string_equal(snapshot_fact(s, FACT_MODEL), "DCS-7150S");
	assert_string_equal(snapshot_fact(s, FACT_ENGINE_ID), "8000757103001c73000104");
	assert_string_equal(snapshot_fact(s, "sys.uptime"), "100");
	assert_string_equal(snapshot_fact(s, "snmp.credential"), "lab");
	assert_int_equal(snapshot_iface_count(s), 1);
	ifc = snapshot_iface_at(s, 0);
	assert_string_equal(ifc->name, "Ethernet1");
	assert_string_equal(ifc->mac, "00:1c:73:01:02:03");
	assert_string_equal(ifc->oper, "up");
	assert_int_equal(ifc->speed, 10000000000ull);
	assert_string_equal(ifc->addrs, "192.0.2.1/24");
	assert_int_equal(snapshot_neighbour_count(s), 1);
	nb = snapshot_neighbour_at(s, 0);
	assert_string_equal(nb->kind, "lldp");
	assert_string_equal(nb->local_port, "Ethernet1");
	assert_string_equal(nb->remote_name, "ios-sw1");
	assert_string_equal(nb->remote_port, "Gi1/0/48");
	assert_string_equal(nb->remote_chassis, "00:19:aa:4d:4d:01");
	assert_int_equal(snapshot_artifact_count(s), 1);
	snapshot_artifact_at(s, 0, &name, &text, &len);
	assert_string_equal(name, "snmp-walk");
	assert_non_null(strstr(text, "1.0.8802.1.1.2.1.3.7.1.4.1 = STRING: \"Ethernet1\"\n"));
	/* Sorted by OID: 1.0.8802 sorts before 1.3.6. */
	assert_true(strncmp(text, "1.0.8802", 8) == 0);
	snapshot_free(&s);
	snmp_device_free(&d);
	assert_null(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_encode),
		cmocka_unit_test(t_decode_and_reject),
		cmocka_unit_test(t_oid),
		cmocka_unit_test(t_format),
		cmocka_unit_test(t_platform),
		cmocka_unit_test(t_facts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
