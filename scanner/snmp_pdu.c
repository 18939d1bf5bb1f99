#include "scanner/snmp_pdu.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"

struct cur {
	const uint8_t	*p;
	size_t		 n;
};

int
snmp_oid_parse(struct snmp_oid *o, const char *s)
{
	uint64_t v;

	o->n = 0;
	if (*s == '.')
		s++;
	while (*s) {
		if (*s < '0' || *s > '9' || o->n == SNMP_OID_MAX)
			return -1;
		v = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint64_t)(*s++ - '0');
			if (v > UINT32_MAX)
				return -1;
		}
		o->v[o->n++] = (uint32_t)v;
		if (*s == '.' && s[1] != '\0')
			s++;
		else if (*s != '\0')
			return -1;
	}
	return o->n >= 2 ? 0 : -1;
}

void
snmp_oid_format(const struct snmp_oid *o, char *out, size_t outlen)
{
	size_t off = 0;
	uint32_t i;
	int w;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < o->n; i++) {
		w = snprintf(out + off, outlen - off, i ? ".%u" : "%u", o->v[i]);
		if (w < 0 || (size_t)w >= outlen - off)
			return;
		off += (size_t)w;
	}
}

int
snmp_oid_cmp(const struct snmp_oid *a, const struct snmp_oid *b)
{
	uint32_t i, n = a->n < b->n ? a->n : b->n;

	for (i = 0; i < n; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return a->n == b->n ? 0 : a->n < b->n ? -1 : 1;
}

int
snmp_oid_under(const struct snmp_oid *o, const struct snmp_oid *p)
{
	return o->n > p->n && memcmp(o->v, p->v, p->n * sizeof *p->v) == 0;
}

/* ---- encoding ---- */

static int
put_len(uint8_t *out, size_t cap, size_t *off, size_t len)
{
	if (len < 0x80) {
		if (*off + 1 > cap)
			return -1;
		out[(*off)++] = (uint8_t)len;
	} else if (len < 0x100) {
		if (*off + 2 > cap)
			return -1;
		out[(*off)++] = 0x81;
		out[(*off)++] = (uint8_t)len;
	} else if (len < 0x10000) {
		if (*off + 3 > cap)
			return -1;
		out[(*off)++] = 0x82;
		out[(*off)++] = (uint8_t)(len >> 8);
		out[(*off)++] = (uint8_t)len;
	} else
		return -1;
	return 0;
}

static int
put_tlv(uint8_t *out, size_t cap, size_t *off, uint8_t tag, const void *val, size_t len)
{
	if (*off + 1 > cap)
		return -1;
	out[(*off)++] = tag;
	if (put_len(out, cap, off, len) == -1 || *off + len > cap)
		return -1;
	if (len)
		memcpy(out + *off, val, len);
	*off += len;
	return 0;
}

static int
put_int(uint8_t *out, size_t cap, size_t *off, int32_t v)
{
	uint8_t b[5];
	size_t n = 0, i;
	int64_t x = v;

	/* Minimal two's complement, most significant first. */
	for (i = 0; i < 4; i++)
		b[3 - i] = (uint8_t)((uint64_t)x >> (8 * i));
	while (n < 3 && ((b[n] == 0 && !(b[n + 1] & 0x80)) ||
	    (b[n] == 0xff && (b[n + 1] & 0x80))))
		n++;
	return put_tlv(out, cap, off, SNMP_T_INTEGER, b + n, 4 - n);
}

static int
put_oid(uint8_t *out, size_t cap, size_t *off, const struct snmp_oid *o)
{
	uint8_t b[SNMP_OID_MAX * 5];
	size_t n = 0;
	uint32_t i, sub;
	int k;

	if (o->n < 2 || o->v[0] > 2 || (o->v[0] < 2 && o->v[1] > 39))
		return -1;
	for (i = 1; i < o->n; i++) {
		sub = i == 1 ? o->v[0] * 40 + o->v[1] : o->v[i];
		for (k = 4; k > 0; k--)
			if (sub >> (7 * k))
				b[n++] = (uint8_t)(0x80 | ((sub >> (7 * k)) & 0x7f));
		b[n++] = (uint8_t)(sub & 0x7f);
	}
	return put_tlv(out, cap, off, SNMP_T_OID, b, n);
}

/* The request PDU (tag, request id, error fields or GETBULK counts, NULL varbinds). */
static int
put_pdu(uint8_t *out, size_t cap, size_t *off, uint8_t pdu, int32_t reqid, int32_t a,
    int32_t b, const struct snmp_oid *oids, size_t noids)
{
	uint8_t vbl[1400], vb[700], body[1500];
	size_t nvbl = 0, nvb, nbody = 0, i;

	for (i = 0; i < noids; i++) {
		nvb = 0;
		if (put_oid(vb, sizeof vb, &nvb, &oids[i]) == -1 ||
		    put_tlv(vb, sizeof vb, &nvb, SNMP_T_NULL, NULL, 0) == -1 ||
		    put_tlv(vbl, sizeof vbl, &nvbl, 0x30, vb, nvb) == -1)
			return -1;
	}
	if (put_int(body, sizeof body, &nbody, reqid) == -1 ||
	    put_int(body, sizeof body, &nbody, pdu == SNMP_PDU_GETBULK ? a : 0) == -1 ||
	    put_int(body, sizeof body, &nbody, pdu == SNMP_PDU_GETBULK ? b : 0) == -1 ||
	    put_tlv(body, sizeof body, &nbody, 0x30, vbl, nvbl) == -1)
		return -1;
	return put_tlv(out, cap, off, pdu, body, nbody);
}

int
snmp_pdu_encode(uint8_t *out, size_t cap, int version, const char *community, uint8_t pdu,
    int32_t reqid, int32_t a, int32_t b, const struct snmp_oid *oids, size_t noids)
{
	uint8_t msg[1500];
	size_t nmsg = 0, off = 0;

	if (put_int(msg, sizeof msg, &nmsg, version) == -1 ||
	    put_tlv(msg, sizeof msg, &nmsg, SNMP_T_OCTETS, community, strlen(community)) == -1 ||
	    put_pdu(msg, sizeof msg, &nmsg, pdu, reqid, a, b, oids, noids) == -1 ||
	    put_tlv(out, cap, &off, 0x30, msg, nmsg) == -1) {
		explicit_bzero(msg, sizeof msg);
		return -1;
	}
	explicit_bzero(msg, sizeof msg);
	return (int)off;
}

int
snmp_pdu_encode_scoped(uint8_t *out, size_t cap, const uint8_t *ctx_engine,
    size_t ctx_engine_len, const char *ctx_name, uint8_t pdu, int32_t reqid, int32_t a,
    int32_t b, const struct snmp_oid *oids, size_t noids)
{
	uint8_t sc[1500];
	size_t n = 0, off = 0;

	if (put_tlv(sc, sizeof sc, &n, SNMP_T_OCTETS, ctx_engine, ctx_engine_len) == -1 ||
	    put_tlv(sc, sizeof sc, &n, SNMP_T_OCTETS, ctx_name, strlen(ctx_name)) == -1 ||
	    put_pdu(sc, sizeof sc, &n, pdu, reqid, a, b, oids, noids) == -1 ||
	    put_tlv(out, cap, &off, 0x30, sc, n) == -1)
		return -1;
	return (int)off;
}

/* Bytes taken by a tag and a definite length of len. */
static size_t
hdr_len(size_t len)
{
	return len < 0x80 ? 2 : len < 0x100 ? 3 : 4;
}

int
snmp_pdu_encode_v3(uint8_t *out, size_t cap, const struct snmp_v3_hdr *h,
    const uint8_t *data, size_t len, int encrypted, size_t *auth_off)
{
	static const uint8_t zero[SNMP_USM_PARAM_MAX];
	uint8_t hd[64], usmc[256], usm[300], msg[1600];
	size_t nhd = 0, nusmc = 0, nusm = 0, nmsg = 0, off = 0, a0, sp;

	if (h->auth_len > sizeof zero || h->engine_id_len > SNMP_ENGINE_ID_MAX)
		return -1;
	if (put_int(hd, sizeof hd, &nhd, h->msgid) == -1 ||
	    put_int(hd, sizeof hd, &nhd, 1472) == -1 ||	/* msgMaxSize we accept */
	    put_tlv(hd, sizeof hd, &nhd, SNMP_T_OCTETS, &h->flags, 1) == -1 ||
	    put_int(hd, sizeof hd, &nhd, 3) == -1)	/* USM */
		return -1;
	if (put_tlv(usmc, sizeof usmc, &nusmc, SNMP_T_OCTETS, h->engine_id,
	    h->engine_id_len) == -1 ||
	    put_int(usmc, sizeof usmc, &nusmc, h->boots) == -1 ||
	    put_int(usmc, sizeof usmc, &nusmc, h->time) == -1 ||
	    put_tlv(usmc, sizeof usmc, &nusmc, SNMP_T_OCTETS, h->user, strlen(h->user)) == -1)
		return -1;
	a0 = nusmc + hdr_len(h->auth_len);
	if (put_tlv(usmc, sizeof usmc, &nusmc, SNMP_T_OCTETS, zero, h->auth_len) == -1 ||
	    put_tlv(usmc, sizeof usmc, &nusmc, SNMP_T_OCTETS, h->priv, h->priv_len) == -1 ||
	    put_tlv(usm, sizeof usm, &nusm, 0x30, usmc, nusmc) == -1)
		return -1;
	a0 += hdr_len(nusmc);
	if (put_int(msg, sizeof msg, &nmsg, 3) == -1 ||
	    put_tlv(msg, sizeof msg, &nmsg, 0x30, hd, nhd) == -1)
		return -1;
	sp = nmsg;
	if (put_tlv(msg, sizeof msg, &nmsg, SNMP_T_OCTETS, usm, nusm) == -1)
		return -1;
	a0 += sp + hdr_len(nusm);
	if (encrypted) {
		if (put_tlv(msg, sizeof msg, &nmsg, SNMP_T_OCTETS, data, len) == -1)
			return -1;
	} else {
		if (nmsg + len > sizeof msg)
			return -1;
		memcpy(msg + nmsg, data, len);
		nmsg += len;
	}
	if (put_tlv(out, cap, &off, 0x30, msg, nmsg) == -1) {
		explicit_bzero(msg, sizeof msg);
		return -1;
	}
	explicit_bzero(msg, sizeof msg);
	*auth_off = a0 + hdr_len(nmsg);
	return (int)off;
}

/* ---- decoding ---- */

static int
get_tlv(struct cur *c, uint8_t *tag, struct cur *val)
{
	size_t len = 0, k, i;

	if (c->n < 2)
		return -1;
	*tag = c->p[0];
	if ((*tag & 0x1f) == 0x1f)
		return -1;		/* multi-byte tags never occur in SNMP */
	if (c->p[1] < 0x80) {
		len = c->p[1];
		k = 0;
	} else {
		k = c->p[1] & 0x7f;
		if (k == 0 || k > 3 || c->n < 2 + k)
			return -1;	/* indefinite or absurd length */
		for (i = 0; i < k; i++)
			len = (len << 8) | c->p[2 + i];
	}
	if (len > c->n - 2 - k)
		return -1;
	val->p = c->p + 2 + k;
	val->n = len;
	c->p += 2 + k + len;
	c->n -= 2 + k + len;
	return 0;
}

static int
get_int32(struct cur *c, int32_t *out)
{
	struct cur v;
	uint8_t tag;
	int64_t x;
	size_t i;

	if (get_tlv(c, &tag, &v) == -1 || tag != SNMP_T_INTEGER || v.n < 1 || v.n > 5)
		return -1;
	x = (v.p[0] & 0x80) ? -1 : 0;
	for (i = 0; i < v.n; i++)
		x = (int64_t)(((uint64_t)x << 8) | v.p[i]);
	if (x < INT32_MIN || x > INT32_MAX)
		return -1;
	*out = (int32_t)x;
	return 0;
}

static int
decode_oid(const uint8_t *p, size_t n, struct snmp_oid *o)
{
	uint64_t sub = 0;
	size_t i;

	o->n = 0;
	if (n == 0 || n > SNMP_OID_MAX * 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (sub == 0 && p[i] == 0x80)
			return -1;	/* non-minimal encoding */
		sub = (sub << 7) | (p[i] & 0x7f);
		if (sub > UINT32_MAX)
			return -1;
		if (p[i] & 0x80)
			continue;
		if (o->n == 0) {
			o->v[0] = sub < 40 ? 0 : sub < 80 ? 1 : 2;
			o->v[1] = (uint32_t)(sub - o->v[0] * 40);
			o->n = 2;
		} else {
			if (o->n == SNMP_OID_MAX)
				return -1;
			o->v[o->n++] = (uint32_t)sub;
		}
		sub = 0;
	}
	return (p[n - 1] & 0x80) ? -1 : 0;
}

static int
value_type_ok(uint8_t t)
{
	switch (t) {
	case SNMP_T_INTEGER: case SNMP_T_OCTETS: case SNMP_T_NULL: case SNMP_T_OID:
	case SNMP_T_IPADDR: case SNMP_T_COUNTER32: case SNMP_T_GAUGE32:
	case SNMP_T_TIMETICKS: case SNMP_T_OPAQUE: case SNMP_T_COUNTER64:
	case SNMP_T_NOSUCHOBJECT: case SNMP_T_NOSUCHINSTANCE: case SNMP_T_ENDOFMIBVIEW:
		return 1;
	}
	return 0;
}

/* The PDU proper: tag, request id, error status and index, varbind list. */
static int
decode_pdu(struct snmp_msg *m, uint8_t tag, struct cur pdu, const char **why)
{
	struct cur vbl, vb, o, v;

	m->nvb = 0;
	if (tag != SNMP_PDU_RESPONSE && tag != SNMP_PDU_REPORT) {
		*why = "not a response PDU";
		return -1;
	}
	m->pdu = tag;
	if (get_int32(&pdu, &m->reqid) == -1 || get_int32(&pdu, &m->error_status) == -1 ||
	    get_int32(&pdu, &m->error_index) == -1)
		return -1;
	if (get_tlv(&pdu, &tag, &vbl) == -1 || tag != 0x30 || pdu.n != 0)
		return -1;
	while (vbl.n > 0) {
		if (m->nvb == SNMP_MAX_VB) {
			*why = "too many varbinds";
			return -1;
		}
		if (get_tlv(&vbl, &tag, &vb) == -1 || tag != 0x30)
			return -1;
		if (get_tlv(&vb, &tag, &o) == -1 || tag != SNMP_T_OID ||
		    decode_oid(o.p, o.n, &m->vb[m->nvb].oid) == -1) {
			*why = "bad OID";
			return -1;
		}
		if (get_tlv(&vb, &tag, &v) == -1 || vb.n != 0 || !value_type_ok(tag)) {
			*why = "bad varbind value";
			return -1;
		}
		m->vb[m->nvb].type = tag;
		m->vb[m->nvb].val = v.p;
		m->vb[m->nvb].len = v.n;
		m->nvb++;
	}
	return 0;
}

int
snmp_pdu_decode_scoped(struct snmp_msg *m, const uint8_t *p, size_t len, const char **why)
{
	struct cur c = { p, len }, sc, v, pdu;
	uint8_t tag;

	*why = "malformed scoped PDU";
	m->nvb = 0;
	if (get_tlv(&c, &tag, &sc) == -1 || tag != 0x30)
		return -1;
	if (get_tlv(&sc, &tag, &v) == -1 || tag != SNMP_T_OCTETS ||
	    v.n > SNMP_ENGINE_ID_MAX)
		return -1;	/* contextEngineID */
	if (get_tlv(&sc, &tag, &v) == -1 || tag != SNMP_T_OCTETS)
		return -1;	/* contextName */
	if (get_tlv(&sc, &tag, &pdu) == -1 || sc.n != 0)
		return -1;
	return decode_pdu(m, tag, pdu, why);
}

/* An OCTET STRING of at most max bytes. */
static int
get_octets(struct cur *c, struct cur *v, size_t max)
{
	uint8_t tag;

	return get_tlv(c, &tag, v) == -1 || tag != SNMP_T_OCTETS || v->n > max ? -1 : 0;
}

static int
decode_v3(struct snmp_msg *m, const uint8_t *start, struct cur msg, const char **why)
{
	struct cur hd, sp, usm, v, data;
	int32_t maxsize, model;
	uint8_t tag;

	if (get_tlv(&msg, &tag, &hd) == -1 || tag != 0x30 ||
	    get_int32(&hd, &m->msgid) == -1 || get_int32(&hd, &maxsize) == -1 ||
	    get_octets(&hd, &v, 1) == -1 || v.n != 1 || get_int32(&hd, &model) == -1 ||
	    hd.n != 0 || m->msgid < 0 || maxsize < 484)
		return -1;
	m->flags = v.p[0];
	if (model != 3) {
		*why = "not the user-based security model";
		return -1;
	}
	if ((m->flags & SNMP_V3_FLAG_PRIV) && !(m->flags & SNMP_V3_FLAG_AUTH))
		return -1;	/* privacy without authentication is invalid */
	*why = "malformed USM parameters";
	if (get_octets(&msg, &sp, SIZE_MAX) == -1 || get_tlv(&sp, &tag, &usm) == -1 ||
	    tag != 0x30 || sp.n != 0)
		return -1;
	if (get_octets(&usm, &v, SNMP_ENGINE_ID_MAX) == -1)
		return -1;
	m->engine_id = v.p;
	m->engine_id_len = v.n;
	if (get_int32(&usm, &m->boots) == -1 || get_int32(&usm, &m->time) == -1 ||
	    m->boots < 0 || m->time < 0)
		return -1;
	if (get_octets(&usm, &v, SNMP_USM_PARAM_MAX) == -1)
		return -1;
	m->user = v.p;
	m->user_len = v.n;
	if (get_octets(&usm, &v, SNMP_USM_PARAM_MAX) == -1)
		return -1;
	m->auth_off = (size_t)(v.p - start);
	m->auth_len = v.n;
	if (get_octets(&usm, &v, SNMP_USM_PARAM_MAX) == -1 || usm.n != 0)
		return -1;
	m->priv = v.p;
	m->priv_len = v.n;
	*why = "malformed message";
	if (msg.n == 0 || (msg.p[0] != 0x30 && msg.p[0] != SNMP_T_OCTETS))
		return -1;
	if (msg.p[0] == SNMP_T_OCTETS) {
		if (get_octets(&msg, &data, SIZE_MAX) == -1 || msg.n != 0 ||
		    !(m->flags & SNMP_V3_FLAG_PRIV))
			return -1;
		m->encrypted = data.p;
		m->encrypted_len = data.n;
		return 0;
	}
	if (m->flags & SNMP_V3_FLAG_PRIV)
		return -1;
	return snmp_pdu_decode_scoped(m, msg.p, msg.n, why);
}

int
snmp_pdu_decode(struct snmp_msg *m, const uint8_t *p, size_t len, const char **why)
{
	struct cur c = { p, len }, msg, v, pdu;
	uint8_t tag;
	int32_t ver;

	*why = "malformed message";
	m->nvb = 0;
	m->pdu = 0;
	m->encrypted = NULL;
	m->encrypted_len = 0;
	m->community = NULL;
	m->community_len = 0;
	if (get_tlv(&c, &tag, &msg) == -1 || tag != 0x30)
		return -1;
	if (c.n != 0) {
		*why = "trailing bytes after message";
		return -1;
	}
	if (get_int32(&msg, &ver) == -1)
		return -1;
	if (ver != SNMP_VERSION_1 && ver != SNMP_VERSION_2C && ver != SNMP_VERSION_3) {
		*why = "unexpected SNMP version";
		return -1;
	}
	m->version = ver;
	if (ver == SNMP_VERSION_3)
		return decode_v3(m, p, msg, why);
	if (get_tlv(&msg, &tag, &v) == -1 || tag != SNMP_T_OCTETS)
		return -1;
	m->community = v.p;
	m->community_len = v.n;
	if (get_tlv(&msg, &tag, &pdu) == -1 || msg.n != 0)
		return -1;
	return decode_pdu(m, tag, pdu, why);
}

int
snmp_vb_int(const struct snmp_vb *vb, int64_t *out)
{
	int64_t x;
	size_t i;

	if (vb->type != SNMP_T_INTEGER || vb->len < 1 || vb->len > 8)
		return -1;
	x = (vb->val[0] & 0x80) ? -1 : 0;
	for (i = 0; i < vb->len; i++)
		x = (int64_t)(((uint64_t)x << 8) | vb->val[i]);
	*out = x;
	return 0;
}

int
snmp_vb_uint(const struct snmp_vb *vb, uint64_t *out)
{
	uint64_t x = 0;
	size_t i, n = vb->len;
	const uint8_t *p = vb->val;

	if (vb->type == SNMP_T_INTEGER) {
		int64_t s;

		if (snmp_vb_int(vb, &s) == -1 || s < 0)
			return -1;
		*out = (uint64_t)s;
		return 0;
	}
	if (vb->type != SNMP_T_COUNTER32 && vb->type != SNMP_T_GAUGE32 &&
	    vb->type != SNMP_T_TIMETICKS && vb->type != SNMP_T_COUNTER64)
		return -1;
	if (n == 0 || n > 9 || (n == 9 && p[0] != 0))
		return -1;
	for (i = 0; i < n; i++)
		x = (x << 8) | p[i];
	if (vb->type != SNMP_T_COUNTER64 && x > UINT32_MAX)
		return -1;
	*out = x;
	return 0;
}

int
snmp_vb_oid(const struct snmp_vb *vb, struct snmp_oid *o)
{
	if (vb->type != SNMP_T_OID)
		return -1;
	return decode_oid(vb->val, vb->len, o);
}

static int
printable(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == n - 1 && p[i] == 0)
			break;		/* a trailing NUL is common and harmless */
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') || p[i] > 0x7e)
			return 0;
	}
	return 1;
}

int
snmp_vb_format(const struct snmp_vb *vb, struct buf *out)
{
	char tmp[64 + SNMP_OID_MAX * 11];
	struct snmp_oid o;
	int64_t i64;
	uint64_t u64;
	size_t i;
	int rc = 0;

	switch (vb->type) {
	case SNMP_T_INTEGER:
		if (snmp_vb_int(vb, &i64) == -1)
			return buf_puts(out, "INTEGER: (bad)");
		return buf_printf(out, "INTEGER: %lld", (long long)i64);
	case SNMP_T_OCTETS:
		if (vb->len > 0 && printable(vb->val, vb->len)) {
			rc |= buf_puts(out, "STRING: \"");
			for (i = 0; i < vb->len && rc == 0; i++) {
				uint8_t ch = vb->val[i];

				if (ch == 0)
					continue;
				if (ch == '"' || ch == '\\')
					rc |= buf_printf(out, "\\%c", ch);
				else if (ch == '\n')
					rc |= buf_puts(out, "\\n");
				else if (ch == '\r')
					rc |= buf_puts(out, "\\r");
				else if (ch == '\t')
					rc |= buf_puts(out, "\\t");
				else
					rc |= buf_append(out, &ch, 1);
			}
			return rc | buf_puts(out, "\"");
		}
		rc |= buf_puts(out, vb->len ? "Hex-STRING:" : "STRING: \"\"");
		for (i = 0; i < vb->len && rc == 0; i++)
			rc |= buf_printf(out, " %02X", vb->val[i]);
		return rc;
	case SNMP_T_NULL:
		return buf_puts(out, "NULL");
	case SNMP_T_OID:
		if (snmp_vb_oid(vb, &o) == -1)
			return buf_puts(out, "OID: (bad)");
		snmp_oid_format(&o, tmp, sizeof tmp);
		return buf_printf(out, "OID: %s", tmp);
	case SNMP_T_IPADDR:
		if (vb->len != 4)
			return buf_puts(out, "IpAddress: (bad)");
		return buf_printf(out, "IpAddress: %u.%u.%u.%u", vb->val[0], vb->val[1],
		    vb->val[2], vb->val[3]);
	case SNMP_T_COUNTER32:
	case SNMP_T_GAUGE32:
	case SNMP_T_TIMETICKS:
	case SNMP_T_COUNTER64:
		if (snmp_vb_uint(vb, &u64) == -1)
			return buf_puts(out, "Counter: (bad)");
		return buf_printf(out, "%s: %llu", vb->type == SNMP_T_COUNTER32 ? "Counter32" :
		    vb->type == SNMP_T_GAUGE32 ? "Gauge32" : vb->type == SNMP_T_TIMETICKS ?
		    "Timeticks" : "Counter64", (unsigned long long)u64);
	case SNMP_T_OPAQUE:
		rc |= buf_puts(out, "Opaque:");
		for (i = 0; i < vb->len && rc == 0; i++)
			rc |= buf_printf(out, " %02X", vb->val[i]);
		return rc;
	case SNMP_T_NOSUCHOBJECT:
		return buf_puts(out, "No Such Object");
	case SNMP_T_NOSUCHINSTANCE:
		return buf_puts(out, "No Such Instance");
	case SNMP_T_ENDOFMIBVIEW:
		return buf_puts(out, "End of MIB View");
	}
	return buf_puts(out, "(unknown type)");
}
