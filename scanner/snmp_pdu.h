/* snmp_pdu: BER encoding of SNMP v1/v2c requests and bounded decoding of replies.
 * Every reply is hostile: lengths are checked before each read, integers and OIDs are
 * range-checked, and a decoded message only borrows bytes from the packet. */
#ifndef NETLOOM_SNMP_PDU_H
#define NETLOOM_SNMP_PDU_H

#include <stddef.h>
#include <stdint.h>

#define SNMP_VERSION_1		0
#define SNMP_VERSION_2C		1
#define SNMP_VERSION_3		3

#define SNMP_PDU_GET		0xa0
#define SNMP_PDU_GETNEXT	0xa1
#define SNMP_PDU_RESPONSE	0xa2
#define SNMP_PDU_GETBULK	0xa5
#define SNMP_PDU_REPORT		0xa8

#define SNMP_T_INTEGER		0x02
#define SNMP_T_OCTETS		0x04
#define SNMP_T_NULL		0x05
#define SNMP_T_OID		0x06
#define SNMP_T_IPADDR		0x40
#define SNMP_T_COUNTER32	0x41
#define SNMP_T_GAUGE32		0x42
#define SNMP_T_TIMETICKS	0x43
#define SNMP_T_OPAQUE		0x44
#define SNMP_T_COUNTER64	0x46
#define SNMP_T_NOSUCHOBJECT	0x80
#define SNMP_T_NOSUCHINSTANCE	0x81
#define SNMP_T_ENDOFMIBVIEW	0x82

#define SNMP_OID_MAX		128	/* sub-identifiers; RFC 2578 */
#define SNMP_MAX_VB		128	/* varbinds accepted in one reply */
#define SNMP_MSG_MAX		65507	/* largest UDP payload */

struct snmp_oid {
	uint32_t	n;
	uint32_t	v[SNMP_OID_MAX];
};

struct snmp_vb {
	struct snmp_oid	 oid;
	uint8_t		 type;
	const uint8_t	*val;	/* raw content bytes, borrowed from the packet */
	size_t		 len;
};

#define SNMP_V3_FLAG_AUTH	0x01
#define SNMP_V3_FLAG_PRIV	0x02
#define SNMP_V3_FLAG_REPORT	0x04
#define SNMP_ENGINE_ID_MAX	32	/* RFC 3411 SnmpEngineID */
#define SNMP_USM_PARAM_MAX	64	/* user name, auth and priv parameters */

struct snmp_msg {
	int		 version;
	/* SNMPv3 only (version 3): header and USM security parameters. */
	int32_t		 msgid;
	uint8_t		 flags;
	const uint8_t	*engine_id;
	size_t		 engine_id_len;
	int32_t		 boots, time;
	const uint8_t	*user;
	size_t		 user_len;
	size_t		 auth_off;	/* offset of the auth parameters in the packet */
	size_t		 auth_len;
	const uint8_t	*priv;
	size_t		 priv_len;
	const uint8_t	*encrypted;	/* encrypted ScopedPDU; NULL when the PDU is decoded */
	size_t		 encrypted_len;
	/* v1/v2c: */
	const uint8_t	*community;
	size_t		 community_len;
	uint8_t		 pdu;
	int32_t		 reqid;
	int32_t		 error_status;
	int32_t		 error_index;
	size_t		 nvb;
	struct snmp_vb	 vb[SNMP_MAX_VB];
};

/* Parses dotted text ("1.3.6.1.2.1.1") into o. Returns 0 or -1. */
int	snmp_oid_parse(struct snmp_oid *o, const char *s);
/* Writes dotted text (truncated to fit, always NUL-terminated). */
void	snmp_oid_format(const struct snmp_oid *o, char *out, size_t outlen);
/* <0, 0, >0 in lexicographic order. */
int	snmp_oid_cmp(const struct snmp_oid *a, const struct snmp_oid *b);
/* 1 when o lies strictly below prefix p. */
int	snmp_oid_under(const struct snmp_oid *o, const struct snmp_oid *p);

/* Encodes a v1/v2c request for oids (values NULL) into out. For GETBULK, a and b are
 * non-repeaters and max-repetitions; otherwise ignored (0). Returns the length, or -1
 * when it does not fit. */
int	snmp_pdu_encode(uint8_t *out, size_t cap, int version, const char *community,
	    uint8_t pdu, int32_t reqid, int32_t a, int32_t b,
	    const struct snmp_oid *oids, size_t noids);

/* Decodes a v1, v2c or v3 message. For v3 the USM fields are filled in and, unless the
 * ScopedPDU is encrypted (m->encrypted set), the PDU too. Nothing is authenticated here.
 * Returns 0, or -1 with a short static reason in *why. */
int	snmp_pdu_decode(struct snmp_msg *m, const uint8_t *p, size_t len, const char **why);
/* Decodes a (decrypted) ScopedPDU into m's PDU fields. Padding after it is ignored. */
int	snmp_pdu_decode_scoped(struct snmp_msg *m, const uint8_t *p, size_t len,
	    const char **why);

/* SNMPv3 message header and USM parameters for encoding. */
struct snmp_v3_hdr {
	int32_t		 msgid;
	uint8_t		 flags;		/* SNMP_V3_FLAG_* */
	const uint8_t	*engine_id;
	size_t		 engine_id_len;
	int32_t		 boots, time;
	const char	*user;
	size_t		 auth_len;	/* zero bytes reserved for the MAC */
	const uint8_t	*priv;
	size_t		 priv_len;
};

/* Encodes a ScopedPDU (contextEngineID, contextName, request PDU) into out. */
int	snmp_pdu_encode_scoped(uint8_t *out, size_t cap, const uint8_t *ctx_engine,
	    size_t ctx_engine_len, const char *ctx_name, uint8_t pdu, int32_t reqid,
	    int32_t a, int32_t b, const struct snmp_oid *oids, size_t noids);
/* Encodes an SNMPv3 message around data (a ScopedPDU, or its ciphertext when encrypted
 * is set). The auth parameters are h->auth_len zero bytes at *auth_off. Returns the
 * length or -1. */
int	snmp_pdu_encode_v3(uint8_t *out, size_t cap, const struct snmp_v3_hdr *h,
	    const uint8_t *data, size_t len, int encrypted, size_t *auth_off);

/* Value helpers over a decoded varbind; each returns 0 or -1 on a wrong type/size. */
int	snmp_vb_int(const struct snmp_vb *vb, int64_t *v);
int	snmp_vb_uint(const struct snmp_vb *vb, uint64_t *v);
int	snmp_vb_oid(const struct snmp_vb *vb, struct snmp_oid *o);
/* Appends "TYPE: value" text for any varbind to out (printable, escaped, bounded). */
struct buf;
int	snmp_vb_format(const struct snmp_vb *vb, struct buf *out);

#endif
