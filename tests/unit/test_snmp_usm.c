/* SNMPv3: USM key derivation (RFC 3414 A.3 vectors), the v3 message codec, HMAC and
 * AES-CFB round trips, and a discovery Report captured from net-snmp 5.9.3's snmpd. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "scanner/snmp_pdu.h"
#include "scanner/snmp_usm.h"

/* snmpd's answer to an engine discovery (msgID 0x1234): a Report of
 * usmStatsUnknownEngineIDs.0 = 14, engine ID "\x80\x00\x1f\x88\x04" "0x80001f88...",
 * boots 1, time 20. */
static const uint8_t report[] = {
	0x30, 0x81, 0x85, 0x02, 0x01, 0x03, 0x30, 0x0f, 0x02, 0x02, 0x12, 0x34, 0x02, 0x03,
	0x00, 0xff, 0xe3, 0x04, 0x01, 0x00, 0x02, 0x01, 0x03, 0x04, 0x2d, 0x30, 0x2b, 0x04,
	0x1d, 0x80, 0x00, 0x1f, 0x88, 0x04, 0x30, 0x78, 0x38, 0x30, 0x30, 0x30, 0x31, 0x66,
	0x38, 0x38, 0x30, 0x34, 0x37, 0x34, 0x36, 0x35, 0x37, 0x33, 0x37, 0x34, 0x33, 0x30,
	0x33, 0x31, 0x02, 0x01, 0x01, 0x02, 0x01, 0x14, 0x04, 0x00, 0x04, 0x00, 0x04, 0x00,
	0x30, 0x40, 0x04, 0x1d, 0x80, 0x00, 0x1f, 0x88, 0x04, 0x30, 0x78, 0x38, 0x30, 0x30,
	0x30, 0x31, 0x66, 0x38, 0x38, 0x30, 0x34, 0x37, 0x34, 0x36, 0x35, 0x37, 0x33, 0x37,
	0x34, 0x33, 0x30, 0x33, 0x31, 0x04, 0x00, 0xa8, 0x1d, 0x02, 0x02, 0x12, 0x34, 0x02,
	0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x11, 0x30, 0x0f, 0x06, 0x0a, 0x2b, 0x06, 0x01,
	0x06, 0x03, 0x0f, 0x01, 0x01, 0x04, 0x00, 0x41, 0x01, 0x0e,
};

static void
hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void
t_rfc3414_vectors(void **state)
{
	static const uint8_t eid[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	uint8_t ku[SNMP_USM_KEY_MAX], kul[SNMP_USM_KEY_MAX];
	size_t kulen, kullen;
	char h[2 * SNMP_USM_KEY_MAX + 1];

	(void)state;
	/* RFC 3414 A.3.2: SHA, "maplesyrup", engine ID 00..02. */
	assert_int_equal(snmp_usm_password_to_key(CRED_AUTH_SHA, "maplesyrup", ku, &kulen), 0);
	assert_int_equal(kulen, 20);
	hex(ku, kulen, h);
	assert_string_equal(h, "9fb5cc0381497b3793528939ff788d5d79145211");
	assert_int_equal(snmp_usm_localize_key(CRED_AUTH_SHA, ku, kulen, eid, sizeof eid, kul,
	    &kullen), 0);
	hex(kul, kullen, h);
	assert_string_equal(h, "6695febc9288e36282235fc7151f128497b38f3f");
	/* SHA-2 keys are as long as the digest (RFC 7860 9.3). */
	assert_int_equal(snmp_usm_password_to_key(CRED_AUTH_SHA512, "maplesyrup", ku, &kulen), 0);
	assert_int_equal(kulen, 64);
	assert_int_equal(snmp_usm_password_to_key(CRED_AUTH_SHA, "", ku, &kulen), -1);
	assert_int_equal(snmp_usm_password_to_key(CRED_AUTH_NONE, "maplesyrup", ku, &kulen), -1);
}

static void
t_key_extension(void **state)
{
	static const uint8_t eid[5] = { 0x80, 0, 0x1f, 0x88, 1 };
	struct snmp_usm_user u;
	struct snmp_usm_keys k, k128;
	uint8_t ext[EVP_MAX_MD_SIZE];
	unsigned n;

	(void)state;
	/* SHA-1 gives 20 bytes; AES-256 needs 32: Kul || SHA1(Kul) (Blumenthal). */
	assert_int_equal(snmp_usm_user_init(&u, CRED_AUTH_SHA, "authpass-1", CRED_PRIV_AES256,
	    "privpass-1"), 0);
	assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &k), 0);
	assert_int_equal(k.kpriv_len, 32);
	assert_int_equal(EVP_Digest(k.kpriv, 20, ext, &n, EVP_sha1(), NULL), 1);
	assert_memory_equal(k.kpriv + 20, ext, 12);
	u.priv = CRED_PRIV_AES128;
	assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &k128), 0);
	assert_int_equal(k128.kpriv_len, 16);
	assert_memory_equal(k128.kpriv, k.kpriv, 16);
	snmp_usm_user_wipe(&u);
	assert_int_equal(u.ku_auth[0] | u.ku_priv[0], 0);
	/* DES takes 16 bytes of the localised key (8 key, 8 pre-IV); privacy without
	 * authentication is refused. */
	assert_int_equal(snmp_usm_user_init(&u, CRED_AUTH_SHA, "authpass-1", CRED_PRIV_DES,
	    "privpass-1"), 0);
	assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &k128), 0);
	assert_int_equal(k128.kpriv_len, 16);
	snmp_usm_user_wipe(&u);
	snmp_usm_keys_wipe(&k128);
	assert_int_equal(snmp_usm_user_init(&u, CRED_AUTH_NONE, NULL, CRED_PRIV_AES128,
	    "privpass-1"), -1);
	assert_int_equal(snmp_usm_mac_len(CRED_AUTH_SHA), 12);
	assert_int_equal(snmp_usm_mac_len(CRED_AUTH_SHA256), 24);
	assert_int_equal(snmp_usm_mac_len(CRED_AUTH_SHA512), 48);
}

static void
t_discovery_report(void **state)
{
	struct snmp_msg *m = malloc(sizeof *m);
	struct snmp_oid o;
	const char *why = NULL;
	uint8_t bad[sizeof report];

	(void)state;
	assert_non_null(m);
	assert_int_equal(snmp_pdu_decode(m, report, sizeof report, &why), 0);
	assert_int_equal(m->version, SNMP_VERSION_3);
	assert_int_equal(m->msgid, 0x1234);
	assert_int_equal(m->flags, 0);
	assert_int_equal(m->engine_id_len, 29);
	assert_memory_equal(m->engine_id, "\x80\x00\x1f\x88\x04" "0x80001f88", 15);
	assert_int_equal(m->boots, 1);
	assert_int_equal(m->time, 20);
	assert_int_equal(m->user_len, 0);
	assert_int_equal(m->auth_len, 0);
	assert_null(m->encrypted);
	assert_int_equal(m->pdu, SNMP_PDU_REPORT);
	assert_int_equal(m->reqid, 0x1234);
	assert_int_equal(m->nvb, 1);
	assert_int_equal(snmp_oid_parse(&o, "1.3.6.1.6.3.15.1.1.4.0"), 0);
	assert_int_equal(snmp_oid_cmp(&m->vb[0].oid, &o), 0);
	/* Security model other than USM; privacy flag without auth; truncation. */
	memcpy(bad, report, sizeof report);
	bad[22] = 2;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof bad, &why), -1);
	memcpy(bad, report, sizeof report);
	bad[18] = SNMP_V3_FLAG_PRIV;
	assert_int_equal(snmp_pdu_decode(m, bad, sizeof bad, &why), -1);
	assert_int_equal(snmp_pdu_decode(m, report, sizeof report - 1, &why), -1);
	free(m);
}

/* Encode an authPriv Response as an agent would, then check what the engine checks. */
static void
t_v3_roundtrip(void **state)
{
	static const uint8_t eid[9] = { 0x80, 0, 0x0a, 0x4c, 1, 0x7f, 0, 0, 1 };
	static const uint8_t salt[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	enum cred_priv privs[] = { CRED_PRIV_AES128, CRED_PRIV_AES192, CRED_PRIV_AES256,
		CRED_PRIV_DES };
	enum cred_auth auths[] = { CRED_AUTH_SHA, CRED_AUTH_SHA224, CRED_AUTH_SHA256,
		CRED_AUTH_SHA384, CRED_AUTH_SHA512 };
	struct snmp_msg *m = malloc(sizeof *m);
	struct snmp_usm_user u;
	struct snmp_usm_keys k, other;
	struct snmp_v3_hdr hd;
	struct snmp_oid o;
	uint8_t sc[1500], enc[1500 + SNMP_USM_PAD_MAX], plain[1500 + SNMP_USM_PAD_MAX], pkt[1600];
	const char *why;
	size_t aoff, ai, pi, enclen, plen;
	int n, len;

	(void)state;
	assert_non_null(m);
	assert_int_equal(snmp_oid_parse(&o, "1.3.6.1.2.1.1.5.0"), 0);
	for (ai = 0; ai < sizeof auths / sizeof *auths; ai++) {
		pi = ai % 4;
		assert_int_equal(snmp_usm_user_init(&u, auths[ai], "auth-passphrase", privs[pi],
		    "priv-passphrase"), 0);
		assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &k), 0);
		n = snmp_pdu_encode_scoped(sc, sizeof sc, eid, sizeof eid, "", SNMP_PDU_GET, 77,
		    0, 0, &o, 1);
		assert_true(n > 0);
		sc[sc[1] < 0x80 ? 2 + 2 + sizeof eid + 2 : 0] = SNMP_PDU_RESPONSE;
		assert_int_equal(snmp_usm_crypt(&k, 1, 3, 1000, salt, 8, sc, (size_t)n, enc,
		    &enclen), 0);
		/* AES-CFB keeps the length; DES pads to whole blocks. */
		assert_int_equal(enclen, privs[pi] == CRED_PRIV_DES ? ((size_t)n + 7) / 8 * 8 :
		    (size_t)n);
		memset(&hd, 0, sizeof hd);
		hd.msgid = 77;
		hd.flags = SNMP_V3_FLAG_AUTH | SNMP_V3_FLAG_PRIV;
		hd.engine_id = eid;
		hd.engine_id_len = sizeof eid;
		hd.boots = 3;
		hd.time = 1000;
		hd.user = "netloom";
		hd.auth_len = snmp_usm_mac_len(auths[ai]);
		hd.priv = salt;
		hd.priv_len = 8;
		len = snmp_pdu_encode_v3(pkt, sizeof pkt, &hd, enc, enclen, 1, &aoff);
		assert_true(len > 0);
		assert_int_equal(snmp_usm_sign(&k, pkt, (size_t)len, aoff), 0);

		assert_int_equal(snmp_pdu_decode(m, pkt, (size_t)len, &why), 0);
		assert_int_equal(m->auth_off, aoff);
		assert_int_equal(m->auth_len, hd.auth_len);
		assert_int_equal(m->user_len, 7);
		assert_non_null(m->encrypted);
		assert_int_equal(snmp_usm_verify(&k, pkt, (size_t)len, m->auth_off, m->auth_len), 0);
		assert_int_equal(snmp_usm_crypt(&k, 0, m->boots, m->time, m->priv, m->priv_len,
		    m->encrypted, m->encrypted_len, plain, &plen), 0);
		assert_int_equal(plen, enclen);
		/* The DES padding after the scopedPDU is ignored. */
		assert_int_equal(snmp_pdu_decode_scoped(m, plain, plen, &why), 0);
		assert_int_equal(m->pdu, SNMP_PDU_RESPONSE);
		assert_int_equal(m->reqid, 77);
		assert_int_equal(m->nvb, 1);
		assert_int_equal(snmp_oid_cmp(&m->vb[0].oid, &o), 0);

		/* Another passphrase does not verify; one flipped bit does not verify. */
		u.ku_auth[0] ^= 1;
		assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &other), 0);
		assert_int_equal(snmp_usm_verify(&other, pkt, (size_t)len, aoff, hd.auth_len), -1);
		pkt[len - 1] ^= 0x40;
		assert_int_equal(snmp_usm_verify(&k, pkt, (size_t)len, aoff, hd.auth_len), -1);
		assert_int_equal(snmp_usm_verify(&k, pkt, (size_t)len, aoff, hd.auth_len - 1), -1);
		assert_int_equal(snmp_usm_verify(&k, pkt, (size_t)len, (size_t)len, hd.auth_len),
		    -1);
		snmp_usm_user_wipe(&u);
		snmp_usm_keys_wipe(&k);
		snmp_usm_keys_wipe(&other);
	}
	/* Salt of the wrong size: refused. */
	assert_int_equal(snmp_usm_user_init(&u, CRED_AUTH_SHA, "auth-passphrase",
	    CRED_PRIV_AES128, "priv-passphrase"), 0);
	assert_int_equal(snmp_usm_localize(&u, eid, sizeof eid, &k), 0);
	assert_int_equal(snmp_usm_crypt(&k, 0, 1, 1, salt, 7, sc, 16, plain, &plen), -1);
	free(m);
}

/* DES-CBC (RFC 3414 8.1.1) against OpenSSL's own DES-CBC from its legacy provider:
 * `openssl enc -des-cbc -provider legacy -provider default -nopad -K 0123456789abcdef
 * -iv fedcba9b76543211` (the IV is pre-IV fedcba9876543210 XOR the salt) of the 21-byte
 * plaintext below zero-padded to 24 bytes. */
static void
t_des_vector(void **state)
{
	static const uint8_t salt[8] = { 0, 0, 0, 3, 0, 0, 0, 1 };
	static const uint8_t want[24] = {
		0x54, 0xfe, 0x3a, 0x1b, 0x59, 0x74, 0xb3, 0x51, 0x82, 0x16, 0xb3, 0x7d,
		0x90, 0xd8, 0x9c, 0x69, 0x66, 0xa3, 0x29, 0x6d, 0x60, 0xd9, 0xce, 0xbe };
	static const char pt[] = "0123456789abcdefghijk";
	struct snmp_usm_keys k;
	uint8_t out[32], back[32];
	size_t n = 0, m = 0;

	(void)state;
	memset(&k, 0, sizeof k);
	k.auth = CRED_AUTH_SHA;
	k.priv = CRED_PRIV_DES;
	memcpy(k.kpriv, "\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10", 16);
	k.kpriv_len = 16;
	assert_int_equal(snmp_usm_crypt(&k, 1, 0, 0, salt, 8, (const uint8_t *)pt, 21, out, &n),
	    0);
	assert_int_equal(n, 24);
	assert_memory_equal(out, want, 24);
	assert_int_equal(snmp_usm_crypt(&k, 0, 0, 0, salt, 8, out, 24, back, &m), 0);
	assert_int_equal(m, 24);
	assert_memory_equal(back, pt, 21);
	assert_memory_equal(back + 21, "\0\0\0", 3);
	/* Whole blocks only; a key shorter than key + pre-IV is refused. */
	assert_int_equal(snmp_usm_crypt(&k, 0, 0, 0, salt, 8, out, 23, back, &m), -1);
	k.kpriv_len = 8;
	assert_int_equal(snmp_usm_crypt(&k, 1, 0, 0, salt, 8, out, 8, back, &m), -1);
	snmp_usm_keys_wipe(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_rfc3414_vectors),
		cmocka_unit_test(t_key_extension),
		cmocka_unit_test(t_des_vector),
		cmocka_unit_test(t_discovery_report),
		cmocka_unit_test(t_v3_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
