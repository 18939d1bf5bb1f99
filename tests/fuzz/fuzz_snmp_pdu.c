/* libFuzzer harness for the SNMP reply codec (scanner/snmp_pdu.c) and the v3 paths of
 * scanner/snmp_usm.c. Byte 0 picks the mode: 0 a whole v1/v2c/v3 message, 1 a bare
 * (decrypted) ScopedPDU, 2 a whole message whose ScopedPDU is then verified, decrypted
 * with a fixed key and decoded as the engine does. Every decoded varbind is formatted
 * and read as integer, unsigned and OID. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "scanner/snmp_pdu.h"
#include "scanner/snmp_usm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct snmp_usm_keys keys, des;
static int keys_ready;

static void
use_varbinds(const struct snmp_msg *m)
{
	struct snmp_oid o;
	struct buf b;
	int64_t i64;
	uint64_t u64;
	char text[SNMP_OID_MAX * 11 + 1];
	size_t i;

	if (m->nvb > SNMP_MAX_VB)
		abort();
	for (i = 0; i < m->nvb; i++) {
		buf_init(&b, 1u << 20);
		(void)snmp_vb_format(&m->vb[i], &b);
		buf_free(&b);
		(void)snmp_vb_int(&m->vb[i], &i64);
		(void)snmp_vb_uint(&m->vb[i], &u64);
		if (snmp_vb_oid(&m->vb[i], &o) == 0 && o.n > SNMP_OID_MAX)
			abort();
		if (m->vb[i].oid.n < 2 || m->vb[i].oid.n > SNMP_OID_MAX)
			abort();
		snmp_oid_format(&m->vb[i].oid, text, sizeof text);
		if (snmp_oid_parse(&o, text) != 0 || snmp_oid_cmp(&o, &m->vb[i].oid) != 0)
			abort();	/* format and parse must round-trip */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t eid[9] = { 0x80, 0, 0x0a, 0x4c, 1, 0x7f, 0, 0, 1 };
	static struct snmp_msg m;
	static uint8_t plain[SNMP_MSG_MAX];
	struct snmp_usm_user u;
	const char *why = NULL;
	size_t plen = 0;
	uint8_t mode;

	if (!keys_ready) {
		if (snmp_usm_user_init(&u, CRED_AUTH_SHA, "fuzz-auth-pass", CRED_PRIV_AES128,
		    "fuzz-priv-pass") != 0 || snmp_usm_localize(&u, eid, sizeof eid, &keys) != 0)
			abort();
		snmp_usm_user_wipe(&u);
		if (snmp_usm_user_init(&u, CRED_AUTH_SHA, "fuzz-auth-pass", CRED_PRIV_DES,
		    "fuzz-priv-pass") != 0 || snmp_usm_localize(&u, eid, sizeof eid, &des) != 0)
			abort();
		snmp_usm_user_wipe(&u);
		keys_ready = 1;
	}
	if (size < 1 || size > SNMP_MSG_MAX)
		return 0;
	mode = data[0] % 3;
	data++;
	size--;
	if (mode == 1) {
		if (snmp_pdu_decode_scoped(&m, data, size, &why) == 0)
			use_varbinds(&m);
		else if (why == NULL)
			abort();
		return 0;
	}
	if (snmp_pdu_decode(&m, data, size, &why) != 0) {
		if (why == NULL)
			abort();
		return 0;
	}
	if (m.version == SNMP_VERSION_3) {
		if (m.engine_id_len > SNMP_ENGINE_ID_MAX || m.auth_off + m.auth_len > size ||
		    m.user_len > SNMP_USM_PARAM_MAX || m.priv_len > SNMP_USM_PARAM_MAX)
			abort();
		if (m.encrypted != NULL && (m.encrypted < data ||
		    m.encrypted + m.encrypted_len > data + size))
			abort();
		if (mode == 2) {
			(void)snmp_usm_verify(&keys, data, size, m.auth_off, m.auth_len);
			if (m.encrypted != NULL &&
			    snmp_usm_crypt(&keys, 0, m.boots, m.time, m.priv, m.priv_len,
			    m.encrypted, m.encrypted_len, plain, &plen) == 0 &&
			    snmp_pdu_decode_scoped(&m, plain, plen, &why) != 0)
				return 0;
			/* DES: ciphertext of whole blocks only, padding after the scopedPDU. */
			if (m.encrypted != NULL &&
			    snmp_usm_crypt(&des, 0, m.boots, m.time, m.priv, m.priv_len,
			    m.encrypted, m.encrypted_len, plain, &plen) == 0 &&
			    (plen != m.encrypted_len || plen % 8 != 0))
				abort();
		}
		if (m.encrypted != NULL && mode != 2)
			return 0;
	}
	use_varbinds(&m);
	return 0;
}
