#include "scanner/snmp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "scanner/cred.h"
#include "scanner/snmp_usm.h"
#include "scanner/target.h"

#define MAXREP_START	24	/* GETBULK max-repetitions; halved on tooBig */
#define RECENT_IDS	8192	/* remembered finished request ids, for late/duplicate */
#define ERR_TOOBIG	1
#define ERR_NOSUCHNAME	2

/* Subtrees walked on every responding device (docs/scan.md lists what each feeds). */
static const char *const walk_roots[] = {
	"1.3.6.1.2.1.1",		/* system */
	"1.3.6.1.6.3.10.2.1",		/* snmpEngine */
	"1.3.6.1.2.1.47.1.1.1.1",	/* entPhysicalTable */
	"1.3.6.1.2.1.2.2.1.2",		/* ifDescr */
	"1.3.6.1.2.1.2.2.1.3",		/* ifType */
	"1.3.6.1.2.1.2.2.1.5",		/* ifSpeed */
	"1.3.6.1.2.1.2.2.1.6",		/* ifPhysAddress */
	"1.3.6.1.2.1.2.2.1.7",		/* ifAdminStatus */
	"1.3.6.1.2.1.2.2.1.8",		/* ifOperStatus */
	"1.3.6.1.2.1.31.1.1.1.1",	/* ifName */
	"1.3.6.1.2.1.31.1.1.1.15",	/* ifHighSpeed */
	"1.3.6.1.2.1.31.1.1.1.18",	/* ifAlias */
	"1.3.6.1.2.1.4.20.1.2",		/* ipAdEntIfIndex */
	"1.3.6.1.2.1.4.20.1.3",		/* ipAdEntNetMask */
	"1.3.6.1.2.1.4.34.1.3",		/* ipAddressIfIndex */
	"1.3.6.1.2.1.4.34.1.5",		/* ipAddressPrefix */
	"1.3.6.1.2.1.25.6.3.1.2",	/* hrSWInstalledName */
	"1.3.6.1.2.1.25.2.3.1",		/* hrStorageTable */
	"1.0.8802.1.1.2.1.3",		/* lldpLocalSystemData */
	"1.0.8802.1.1.2.1.4.1.1",	/* lldpRemTable */
	"1.0.8802.1.1.2.1.4.2.1",	/* lldpRemManAddrTable */
	"1.3.6.1.4.1.9.9.23.1.2.1.1",	/* cdpCacheTable */
};
#define NROOTS	(sizeof walk_roots / sizeof *walk_roots)

/* The probe: one GET that proves a credential set works and fetches the identity. */
static const char *const probe_oids[] = {
	"1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0",
};
#define NPROBE	(sizeof probe_oids / sizeof *probe_oids)

/* usmStats counters (RFC 3414 5) that an agent reports instead of answering. */
#define USM_STATS	"1.3.6.1.6.3.15.1.1"
#define USM_UNSUPPORTED_LEVEL	1
#define USM_NOT_IN_TIME		2
#define USM_UNKNOWN_USER	3
#define USM_UNKNOWN_ENGINE	4
#define USM_WRONG_DIGEST	5
#define USM_DECRYPT_ERROR	6
#define SNMP_ENGINE_ID_OID	"1.3.6.1.6.3.10.2.1.1.0"
#define V3_RESYNC_MAX		2	/* time-window / engine resynchronisations per set */

struct dvb {
	uint32_t	*oid;
	uint32_t	 n;
	uint8_t		 type;
	uint8_t		*val;
	size_t		 len;
};

struct snmp_device {
	char		 address[INET6_ADDRSTRLEN];
	char		*cred;
	int		 version;
	enum cred_auth	 auth;		/* v3 */
	enum cred_priv	 priv;
	char		*error;
	uint64_t	 ms;
	struct dvb	*v;
	size_t		 n, cap;
};

enum phase { PH_FREE, PH_PROBE, PH_WALK };

struct host {
	enum phase		 phase;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 fd;
	size_t			 cred;		/* index into the credentials file */
	int32_t			 reqid;
	int32_t			 prev_reqid;	/* the same request, sent before a retry */
	int			 prev_ok, resend;
	unsigned		 extra;		/* retries granted while congested */
	int			 outstanding;	/* a request is on the wire */
	int			 want_send;
	uint64_t		 sent_ms, deadline_ms, started_ms;
	unsigned		 tries, timeout_ms;
	size_t			 root;
	struct snmp_oid		*cur;		/* walk position; allocated when walking */
	unsigned		 rows;
	int			 maxrep;
	struct snmp_device	*dev;
	/* SNMPv3: the agent's engine, learnt by discovery, and the keys localised to it. */
	int			 have_engine, v3_dead;
	uint8_t			 eid[SNMP_ENGINE_ID_MAX];
	size_t			 eid_len;
	int32_t			 boots, etime;
	uint64_t		 etime_at;
	unsigned		 resyncs;
	size_t			 keys_cred;	/* cred index + 1 the keys belong to */
	struct snmp_usm_keys	*keys;		/* allocated for v3 sets only */
};

/* Per credential set: 0 not derived yet, 1 ready, 2 unusable. */
enum { USER_NEW, USER_READY, USER_BAD };

struct engine {
	const struct target_set	*ts;
	const struct cred_file	*cf;
	struct snmp_opts	 o;
	struct target_iter	*it;
	int			 it_done;
	int			 fd4, fd6;
	struct host		*h;
	size_t			 nh, active;
	double			 tokens, rate_now;
	double			 cwnd;		/* requests allowed on the wire */
	uint64_t		 loss_ms, grow_ms;
	unsigned		 slot_bits;
	size_t			 cursor;
	uint64_t		 last_ms;
	int32_t			 recent[RECENT_IDS];
	uint8_t			 recent_kind[RECENT_IDS];	/* 1 answered, 2 abandoned */
	size_t			 recent_pos;
	struct snmp_stats	*st;
	struct snmp_oid		 roots[NROOTS], probe[NPROBE];
	uint64_t		 pps_ms, pps_sent;
	struct snmp_usm_user	*users;		/* master keys, per credential set */
	uint8_t			*user_state;
	uint64_t		 salt;
	uint8_t			*plain;		/* decrypted ScopedPDU */
	struct snmp_oid		 usm_stats, engine_oid;
	snmp_device_cb		 dcb;
	void			*arg;
	int			 stop;
	char			*cause;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- devices ---- */

struct snmp_device *
snmp_device_new(const char *address, const char *cred, int version)
{
	struct snmp_device *d;

	if ((d = calloc(1, sizeof *d)) == NULL)
		return NULL;
	snprintf(d->address, sizeof d->address, "%s", address);
	d->version = version;
	if ((d->cred = strdup(cred ? cred : "")) == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

void
snmp_device_free(struct snmp_device **dp)
{
	struct snmp_device *d;
	size_t i;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].oid);
		free(d->v[i].val);
	}
	free(d->v);
	free(d->cred);
	free(d->error);
	free(d);
	*dp = NULL;
}

int
snmp_device_add(struct snmp_device *d, const struct snmp_vb *vb)
{
	struct dvb *p, *e;
	size_t ncap;

	if (d->n == d->cap) {
		ncap = d->cap ? d->cap * 2 : 64;
		if ((p = reallocarray(d->v, ncap, sizeof *p)) == NULL)
			return -1;
		d->v = p;
		d->cap = ncap;
	}
	e = &d->v[d->n];
	e->n = vb->oid.n;
	e->type = vb->type;
	e->len = vb->len;
	e->oid = malloc(vb->oid.n * sizeof *e->oid + 1);
	e->val = malloc(vb->len + 1);
	if (e->oid == NULL || e->val == NULL) {
		free(e->oid);
		free(e->val);
		return -1;
	}
	memcpy(e->oid, vb->oid.v, vb->oid.n * sizeof *e->oid);
	if (vb->len)
		memcpy(e->val, vb->val, vb->len);
	e->val[vb->len] = 0;
	d->n++;
	return 0;
}

static int
dvb_cmp(const void *a, const void *b)
{
	const struct dvb *x = a, *y = b;
	uint32_t i, n = x->n < y->n ? x->n : y->n;

	for (i = 0; i < n; i++)
		if (x->oid[i] != y->oid[i])
			return x->oid[i] < y->oid[i] ? -1 : 1;
	return x->n == y->n ? 0 : x->n < y->n ? -1 : 1;
}

/* Sorts by OID and drops repeats (the probe and the system walk overlap). */
void
snmp_device_finish(struct snmp_device *d)
{
	size_t i, j = 0;

	if (d->n == 0)
		return;
	qsort(d->v, d->n, sizeof *d->v, dvb_cmp);
	for (i = 1; i < d->n; i++) {
		if (dvb_cmp(&d->v[j], &d->v[i]) == 0) {
			free(d->v[i].oid);
			free(d->v[i].val);
			continue;
		}
		d->v[++j] = d->v[i];
	}
	d->n = j + 1;
}

const char *
snmp_device_address(const struct snmp_device *d)
{
	return d->address;
}

const char *
snmp_device_cred(const struct snmp_device *d)
{
	return d->cred;
}

int
snmp_device_version(const struct snmp_device *d)
{
	return d->version;
}

enum cred_auth
snmp_device_auth(const struct snmp_device *d)
{
	return d->auth;
}

enum cred_priv
snmp_device_priv(const struct snmp_device *d)
{
	return d->priv;
}

void
snmp_device_set_security(struct snmp_device *d, enum cred_auth auth, enum cred_priv priv)
{
	d->auth = auth;
	d->priv = priv;
}

const char *
snmp_device_error(const struct snmp_device *d)
{
	return d->error;
}

uint64_t
snmp_device_ms(const struct snmp_device *d)
{
	return d->ms;
}

size_t
snmp_device_vb_count(const struct snmp_device *d)
{
	return d->n;
}

void
snmp_device_vb(const struct snmp_device *d, size_t i, struct snmp_vb *vb)
{
	const struct dvb *e = &d->v[i];

	vb->oid.n = e->n;
	memcpy(vb->oid.v, e->oid, e->n * sizeof *e->oid);
	vb->type = e->type;
	vb->val = e->val;
	vb->len = e->len;
}

int
snmp_device_get(const struct snmp_device *d, const struct snmp_oid *o, struct snmp_vb *vb)
{
	struct dvb key = { (uint32_t *)o->v, o->n, 0, NULL, 0 };
	const struct dvb *e;

	if (d->n == 0)
		return -1;
	e = bsearch(&key, d->v, d->n, sizeof *d->v, dvb_cmp);
	if (e == NULL)
		return -1;
	snmp_device_vb(d, (size_t)(e - d->v), vb);
	return 0;
}

/* Keeps the first reason a device's collection stopped early. */
static void __attribute__((format(printf, 2, 3)))
device_error(struct snmp_device *d, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (d->error != NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) != -1)
		d->error = s;
	va_end(ap);
}

/* ---- engine ---- */

static void
remember(struct engine *e, int32_t reqid, uint8_t kind)
{
	e->recent[e->recent_pos] = reqid;
	e->recent_kind[e->recent_pos] = kind;
	e->recent_pos = (e->recent_pos + 1) % RECENT_IDS;
}

static uint8_t
recalled(struct engine *e, int32_t reqid)
{
	size_t i;

	for (i = 0; i < RECENT_IDS; i++)
		if (e->recent_kind[i] && e->recent[i] == reqid)
			return e->recent_kind[i];
	return 0;
}

/* Random, with the host's slot in the low bits: a reply finds its host in O(1). The
 * source address and port are checked too, so fewer random bits are enough. */
static int32_t
new_reqid(struct engine *e, struct host *h)
{
	uint32_t slot = (uint32_t)(h - e->h);

	return (int32_t)(((arc4random() << e->slot_bits) | slot) & 0x7fffffff);
}

static const struct cred *
host_cred(struct engine *e, struct host *h)
{
	return cred_at(e->cf, h->cred);
}

/* Derives a v3 set's master keys the first time it is used (1 MiB of hashing). */
static int
user_ready(struct engine *e, size_t i)
{
	const struct cred *c = cred_at(e->cf, i);

	if (e->user_state[i] == USER_NEW)
		e->user_state[i] = snmp_usm_user_init(&e->users[i], c->auth, c->authpass,
		    c->priv, c->privpass) == 0 ? USER_READY : USER_BAD;
	return e->user_state[i] == USER_READY ? 0 : -1;
}

/* Moves h->cred to the next SNMP set (from `from`) that applies and we can speak. */
static int
next_cred(struct engine *e, struct host *h, size_t from)
{
	const struct cred *c;
	size_t i;

	for (i = from; i < cred_count(e->cf); i++) {
		c = cred_at(e->cf, i);
		if (c->kind != CRED_SNMP)
			continue;
		if (c->version == CRED_SNMP_V3 && (h->v3_dead || user_ready(e, i) == -1))
			continue;
		if (!cred_applies(e->cf, i, (const struct sockaddr *)&h->ss, NULL))
			continue;
		h->cred = i;
		return 0;
	}
	return -1;
}

static void
host_release(struct engine *e, struct host *h)
{
	if (h->outstanding)
		remember(e, h->reqid, 2);
	snmp_device_free(&h->dev);
	if (h->keys != NULL)
		snmp_usm_keys_wipe(h->keys);
	free(h->keys);
	free(h->cur);
	h->keys = NULL;
	h->cur = NULL;
	h->keys_cred = 0;
	h->phase = PH_FREE;
	h->outstanding = 0;
	h->want_send = 0;
	e->active--;
	e->st->done++;
}

static void
host_finish_device(struct engine *e, struct host *h)
{
	struct snmp_device *d = h->dev;

	if (h->outstanding)
		remember(e, h->reqid, 2);
	h->outstanding = 0;
	d->ms = now_ms() - h->started_ms;
	snmp_device_finish(d);
	if (d->error != NULL)
		e->st->device_errors++;
	if (e->dcb != NULL && e->dcb(d, e->arg) != 0) {
		e->stop = 1;
		err_set(&e->cause, "stopped by the caller");
	}
	host_release(e, h);
}

static void
walk_start(struct engine *e, struct host *h, size_t root)
{
	h->root = root;
	if (h->cur == NULL && (h->cur = malloc(sizeof *h->cur)) == NULL) {
		e->stop = 1;
		err_set(&e->cause, "out of memory");
		return;
	}
	*h->cur = e->roots[root];
	h->rows = 0;
	h->tries = 0;
	h->timeout_ms = e->o.timeout_ms;
	h->want_send = 1;
}

/* Next subtree, or the end of this device. */
static void
walk_next(struct engine *e, struct host *h)
{
	if (h->root + 1 >= NROOTS || now_ms() - h->started_ms > e->o.device_ms) {
		if (h->root + 1 < NROOTS)
			device_error(h->dev, "collection time limit reached before %s",
			    walk_roots[h->root + 1]);
		host_finish_device(e, h);
		return;
	}
	walk_start(e, h, h->root + 1);
}

/* The agent's snmpEngineTime now, from what discovery or the last reply said. */
static int32_t
engine_time(const struct host *h)
{
	uint64_t t = (uint64_t)h->etime + (now_ms() - h->etime_at) / 1000;

	return t > INT32_MAX ? INT32_MAX : (int32_t)t;
}

/* An SNMPv3 request: engine discovery (noAuthNoPriv, empty engine ID and user, no
 * varbinds) until the engine is known, then the probe or walk request under the set's
 * security level, encrypted and signed with keys localised to that engine. */
static int
v3_build(struct engine *e, struct host *h, const struct cred *c, uint8_t *out, size_t cap)
{
	struct snmp_v3_hdr hd;
	uint8_t scoped[1500], enc[1500 + SNMP_USM_PAD_MAX], salt[8];
	size_t aoff, i, enclen = 0;
	int n, len, priv;

	memset(&hd, 0, sizeof hd);
	hd.msgid = h->reqid;
	hd.user = "";
	hd.flags = SNMP_V3_FLAG_REPORT;
	if (!h->have_engine) {
		n = snmp_pdu_encode_scoped(scoped, sizeof scoped, NULL, 0, "", SNMP_PDU_GET,
		    h->reqid, 0, 0, NULL, 0);
		return n < 0 ? -1 : snmp_pdu_encode_v3(out, cap, &hd, scoped, (size_t)n, 0, &aoff);
	}
	if (h->keys == NULL && (h->keys = calloc(1, sizeof *h->keys)) == NULL)
		return -1;
	if (h->keys_cred != h->cred + 1) {
		snmp_usm_keys_wipe(h->keys);
		if (snmp_usm_localize(&e->users[h->cred], h->eid, h->eid_len, h->keys) == -1)
			return -1;
		h->keys_cred = h->cred + 1;
	}
	if (h->phase == PH_PROBE)
		n = snmp_pdu_encode_scoped(scoped, sizeof scoped, h->eid, h->eid_len,
		    c->context ? c->context : "", SNMP_PDU_GET, h->reqid, 0, 0, e->probe, NPROBE);
	else
		n = snmp_pdu_encode_scoped(scoped, sizeof scoped, h->eid, h->eid_len,
		    c->context ? c->context : "", SNMP_PDU_GETBULK, h->reqid, 0, h->maxrep,
		    h->cur, 1);
	if (n < 0)
		return -1;
	hd.engine_id = h->eid;
	hd.engine_id_len = h->eid_len;
	hd.boots = h->boots;
	hd.time = engine_time(h);
	hd.user = c->user ? c->user : "";
	priv = h->keys->priv != CRED_PRIV_NONE;
	if (h->keys->auth != CRED_AUTH_NONE) {
		hd.flags |= SNMP_V3_FLAG_AUTH;
		hd.auth_len = snmp_usm_mac_len(h->keys->auth);
	}
	if (priv) {
		hd.flags |= SNMP_V3_FLAG_PRIV;
		e->salt++;
		for (i = 0; i < 8; i++)
			salt[i] = (uint8_t)(e->salt >> (56 - 8 * i));
		hd.priv = salt;
		hd.priv_len = sizeof salt;
		if (snmp_usm_crypt(h->keys, 1, hd.boots, hd.time, salt, sizeof salt, scoped,
		    (size_t)n, enc, &enclen) == -1) {
			explicit_bzero(scoped, sizeof scoped);
			return -1;
		}
	}
	len = snmp_pdu_encode_v3(out, cap, &hd, priv ? enc : scoped, priv ? enclen : (size_t)n,
	    priv, &aoff);
	explicit_bzero(scoped, sizeof scoped);
	if (len > 0 && (hd.flags & SNMP_V3_FLAG_AUTH) &&
	    snmp_usm_sign(h->keys, out, (size_t)len, aoff) == -1)
		return -1;
	return len;
}

static int
send_request(struct engine *e, struct host *h)
{
	const struct cred *c = host_cred(e, h);
	uint8_t pkt[1500];
	int version = c->version == CRED_SNMP_V1 ? SNMP_VERSION_1 : SNMP_VERSION_2C;
	int len;
	ssize_t w;

	if (h->outstanding)
		remember(e, h->reqid, 2);
	if (!h->resend)
		h->prev_ok = 0;	/* new content: an answer to the old id is not one to this */
	h->resend = 0;
	h->reqid = new_reqid(e, h);
	if (c->version == CRED_SNMP_V3)
		len = v3_build(e, h, c, pkt, sizeof pkt);
	else if (h->phase == PH_PROBE)
		len = snmp_pdu_encode(pkt, sizeof pkt, version, c->community, SNMP_PDU_GET,
		    h->reqid, 0, 0, e->probe, NPROBE);
	else if (version == SNMP_VERSION_1)
		len = snmp_pdu_encode(pkt, sizeof pkt, version, c->community,
		    SNMP_PDU_GETNEXT, h->reqid, 0, 0, h->cur, 1);
	else
		len = snmp_pdu_encode(pkt, sizeof pkt, version, c->community,
		    SNMP_PDU_GETBULK, h->reqid, 0, h->maxrep, h->cur, 1);
	if (len < 0)
		return -1;
	w = sendto(h->fd, pkt, (size_t)len, 0, (struct sockaddr *)&h->ss, h->sslen);
	explicit_bzero(pkt, sizeof pkt);
	/* A local send error (e.g. EPERM from a firewall) counts as a lost packet. */
	(void)w;
	e->st->sent++;
	h->outstanding = 1;
	h->want_send = 0;
	h->sent_ms = now_ms();
	h->deadline_ms = h->sent_ms + h->timeout_ms;
	return 0;
}

static int
host_start(struct engine *e, struct host *h, const struct sockaddr_storage *ss, socklen_t len)
{
	memset(h, 0, sizeof *h);
	h->ss = *ss;
	h->sslen = len;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)&h->ss)->sin_port = htons(e->o.port);
	else
		((struct sockaddr_in6 *)&h->ss)->sin6_port = htons(e->o.port);
	h->fd = ss->ss_family == AF_INET ? e->fd4 : e->fd6;
	e->active++;
	h->phase = PH_PROBE;
	if (h->fd == -1 || next_cred(e, h, 0) == -1) {
		host_release(e, h);
		return 0;
	}
	h->timeout_ms = e->o.timeout_ms;
	h->maxrep = MAXREP_START;
	h->want_send = 1;
	return 0;
}

/* Loss or delay we caused (a late reply, a probe answered only on a retry, a walk that
 * needed a retry): halve the requests on the wire and the rate, once per timeout period
 * (the signals of one overload arrive over that long). */
static void
slow_down(struct engine *e)
{
	uint64_t t = now_ms();

	if (t - e->loss_ms < e->o.timeout_ms)
		return;
	e->loss_ms = t;
	e->grow_ms = t;
	e->cwnd = e->cwnd / 2 < 4 ? 4 : e->cwnd / 2;
	e->rate_now = e->rate_now / 2 < 20 ? 20 : e->rate_now / 2;
	e->st->slowdowns++;
}

/* An answer on time: grow back, by about one request per window of answers. */
static void
speed_up(struct engine *e)
{
	e->cwnd += 1.0 / e->cwnd;
	if (e->cwnd > e->o.window)
		e->cwnd = e->o.window;
	e->rate_now += e->rate_now / (4.0 * e->cwnd) + 0.1;
	if (e->rate_now > e->o.rate)
		e->rate_now = e->o.rate;
}

/* Silent hosts give no answers to grow on: after two timeout periods without any sign
 * of loss, each period adds a quarter to the pace. */
static void
regrow(struct engine *e, uint64_t t)
{
	if (t - e->loss_ms < 2 * (uint64_t)e->o.timeout_ms ||
	    t - e->grow_ms < e->o.timeout_ms)
		return;
	e->grow_ms = t;
	e->cwnd = e->cwnd * 1.25 > e->o.window ? e->o.window : e->cwnd * 1.25;
	e->rate_now = e->rate_now * 1.25 > e->o.rate ? e->o.rate : e->rate_now * 1.25;
}

static int
congested(struct engine *e)
{
	return e->loss_ms != 0 && now_ms() - e->loss_ms < 2 * (uint64_t)e->o.timeout_ms;
}

static void
on_timeout(struct engine *e, struct host *h)
{
	e->st->timeouts++;
	h->outstanding = 0;
	remember(e, h->reqid, 2);
	h->prev_ok = 0;
	if (h->tries < e->o.retries || (h->extra < 3 && congested(e) && (h->extra++, 1))) {
		/* While we overload agents, silence may be our fault: retry more. */
		h->tries++;
		h->resend = 1;
		h->prev_reqid = h->reqid;
		h->prev_ok = 1;
		e->st->retries++;
		if (h->phase == PH_WALK) {
			/* The agent answered before: this loss is ours, so slow down. */
			slow_down(e);
			h->timeout_ms *= 2;
		}
		h->want_send = 1;
		return;
	}
	if (h->phase == PH_PROBE) {
		h->tries = 0;
		if (host_cred(e, h)->version == CRED_SNMP_V3 && !h->have_engine)
			h->v3_dead = 1;	/* no engine answers: no v3 set can */
		else if (host_cred(e, h)->version == CRED_SNMP_V3)
			e->st->auth_failures++;	/* snmpd drops what it cannot decrypt */
		if (next_cred(e, h, h->cred + 1) == 0) {
			h->want_send = 1;
			return;
		}
		host_release(e, h);
		return;
	}
	device_error(h->dev, "no answer during the walk of %s", walk_roots[h->root]);
	host_finish_device(e, h);
}

static void
on_probe_reply(struct engine *e, struct host *h, const struct snmp_msg *m)
{
	const struct cred *c = host_cred(e, h);
	char addr[INET6_ADDRSTRLEN];
	const void *a;
	size_t i;

	a = h->ss.ss_family == AF_INET ? (const void *)&((struct sockaddr_in *)&h->ss)->sin_addr :
	    (const void *)&((struct sockaddr_in6 *)&h->ss)->sin6_addr;
	inet_ntop(h->ss.ss_family, a, addr, sizeof addr);
	h->dev = snmp_device_new(addr, c->name, m->version);
	if (h->dev == NULL) {
		e->stop = 1;
		err_set(&e->cause, "out of memory");
		return;
	}
	e->st->responders++;
	h->started_ms = now_ms();
	for (i = 0; i < m->nvb; i++)
		if (m->vb[i].type < SNMP_T_NOSUCHOBJECT && m->vb[i].type != SNMP_T_NULL)
			snmp_device_add(h->dev, &m->vb[i]);
	if (m->version == SNMP_VERSION_3) {
		snmp_device_set_security(h->dev, c->auth, c->priv);
		/* The authenticated engine ID is the device's identity even if no view
		 * shows snmpEngineID. */
		struct snmp_vb ev = { .oid = e->engine_oid, .type = SNMP_T_OCTETS,
		    .val = h->eid, .len = h->eid_len };

		snmp_device_add(h->dev, &ev);
	}
	h->phase = PH_WALK;
	walk_start(e, h, 0);
}

static void
on_walk_reply(struct engine *e, struct host *h, const struct snmp_msg *m)
{
	const struct snmp_vb *vb;
	size_t i;

	if (m->error_status == ERR_TOOBIG && h->maxrep > 1) {
		h->maxrep /= 2;
		h->want_send = 1;
		return;
	}
	if (m->error_status != 0 || m->nvb == 0) {
		/* v1 noSuchName marks the end of the MIB; other errors end this subtree. */
		walk_next(e, h);
		return;
	}
	for (i = 0; i < m->nvb; i++) {
		vb = &m->vb[i];
		if (vb->type >= SNMP_T_NOSUCHOBJECT || !snmp_oid_under(&vb->oid, &e->roots[h->root])) {
			walk_next(e, h);
			return;
		}
		if (snmp_oid_cmp(&vb->oid, h->cur) <= 0) {
			device_error(h->dev, "walk of %s: OIDs not increasing (agent loops)",
			    walk_roots[h->root]);
			walk_next(e, h);
			return;
		}
		if (h->dev->n >= e->o.max_vbs) {
			device_error(h->dev, "varbind limit reached in %s", walk_roots[h->root]);
			host_finish_device(e, h);
			return;
		}
		if (snmp_device_add(h->dev, vb) == -1) {
			e->stop = 1;
			err_set(&e->cause, "out of memory");
			return;
		}
		*h->cur = vb->oid;
		if (++h->rows >= e->o.max_rows) {
			device_error(h->dev, "walk of %s: row limit reached", walk_roots[h->root]);
			walk_next(e, h);
			return;
		}
	}
	if (now_ms() - h->started_ms > e->o.device_ms) {
		device_error(h->dev, "collection time limit reached in %s", walk_roots[h->root]);
		host_finish_device(e, h);
		return;
	}
	h->tries = 0;
	h->want_send = 1;
}

/* A set the agent rejected (wrong passphrase, unknown user, ...): try the next one. */
static void
v3_rejected(struct engine *e, struct host *h)
{
	e->st->auth_failures++;
	h->outstanding = 0;
	h->tries = 0;
	h->resyncs = 0;
	if (h->phase == PH_WALK) {
		device_error(h->dev, "the agent stopped accepting the credential set");
		host_finish_device(e, h);
		return;
	}
	if (next_cred(e, h, h->cred + 1) == 0)
		h->want_send = 1;
	else
		host_release(e, h);
}

/* Learns (or relearns) the agent's engine ID, boots and time from a message. */
static void
v3_learn(struct host *h, const struct snmp_msg *m)
{
	if (h->eid_len != m->engine_id_len || memcmp(h->eid, m->engine_id, h->eid_len) != 0)
		h->keys_cred = 0;	/* keys are localised to the engine */
	memcpy(h->eid, m->engine_id, m->engine_id_len);
	h->eid_len = m->engine_id_len;
	h->boots = m->boots;
	h->etime = m->time;
	h->etime_at = now_ms();
	h->have_engine = 1;
}

/* Checks a v3 reply to h's outstanding request. Returns 1 when m now holds a Response
 * PDU to handle as any other, 0 when it was consumed here (discovery, a Report) or
 * dropped (counted). */
static int
v3_accept(struct engine *e, struct host *h, struct snmp_msg *m, int32_t id,
    const uint8_t *pkt, size_t len)
{
	const char *why;
	uint32_t stat = 0;
	size_t plen = 0;
	int authed = 0;

	if (!h->have_engine) {
		/* Discovery: an unauthenticated Report naming the engine. */
		if (m->encrypted != NULL || m->pdu != SNMP_PDU_REPORT || m->engine_id_len < 5 ||
		    (m->flags & SNMP_V3_FLAG_AUTH)) {
			e->st->malformed++;
			return 0;
		}
		v3_learn(h, m);
		goto resend;
	}
	if (m->flags & SNMP_V3_FLAG_AUTH) {
		if (h->keys == NULL || h->keys->auth == CRED_AUTH_NONE ||
		    m->engine_id_len != h->eid_len ||
		    memcmp(m->engine_id, h->eid, h->eid_len) != 0 ||
		    snmp_usm_verify(h->keys, pkt, len, m->auth_off, m->auth_len) == -1) {
			e->st->malformed++;	/* forged, or not for this user */
			return 0;
		}
		authed = 1;
		if (m->boots > h->boots || (m->boots == h->boots && m->time > engine_time(h))) {
			h->boots = m->boots;
			h->etime = m->time;
			h->etime_at = now_ms();
		}
		if (m->encrypted != NULL) {
			if (snmp_usm_crypt(h->keys, 0, m->boots, m->time, m->priv, m->priv_len,
			    m->encrypted, m->encrypted_len, e->plain, &plen) == -1 ||
			    snmp_pdu_decode_scoped(m, e->plain, plen, &why) == -1) {
				e->st->malformed++;
				return 0;
			}
		}
	} else if (m->encrypted != NULL ||
	    (m->pdu != SNMP_PDU_REPORT && (h->keys == NULL ||
	    h->keys->auth != CRED_AUTH_NONE))) {
		e->st->malformed++;	/* an unauthenticated answer to an authenticated request */
		return 0;
	}
	if (m->pdu == SNMP_PDU_RESPONSE) {
		if (m->reqid == id)
			return 1;
		e->st->malformed++;
		return 0;
	}
	/* A Report: which usmStats counter the agent bumped says why it did not answer. */
	if (m->nvb > 0 && snmp_oid_under(&m->vb[0].oid, &e->usm_stats) &&
	    m->vb[0].oid.n == e->usm_stats.n + 2)
		stat = m->vb[0].oid.v[e->usm_stats.n];
	if ((stat == USM_NOT_IN_TIME && authed) || stat == USM_UNKNOWN_ENGINE) {
		if (h->resyncs++ < V3_RESYNC_MAX && m->engine_id_len >= 5) {
			v3_learn(h, m);
			goto resend;
		}
	}
	h->outstanding = 0;
	remember(e, h->reqid, 1);
	v3_rejected(e, h);
	return 0;
resend:
	h->outstanding = 0;
	remember(e, h->reqid, 1);
	h->tries = 0;
	h->want_send = 1;
	return 0;
}

static int
same_peer(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	{
		const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		    memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
	}
}

static void
read_socket(struct engine *e, int fd, struct snmp_msg *m, uint8_t *pkt)
{
	struct sockaddr_storage from;
	socklen_t fromlen;
	const struct cred *c;
	const char *why;
	struct host *h;
	ssize_t r;
	size_t i;
	uint8_t k;
	int32_t id;
	int budget = 256;

	while (budget-- > 0 && !e->stop) {
		fromlen = sizeof from;
		r = recvfrom(fd, pkt, SNMP_MSG_MAX, MSG_DONTWAIT, (struct sockaddr *)&from,
		    &fromlen);
		if (r < 0)
			return;
		e->st->received++;
		if (snmp_pdu_decode(m, pkt, (size_t)r, &why) == -1) {
			e->st->malformed++;
			continue;
		}
		id = m->version == SNMP_VERSION_3 ? m->msgid : m->reqid;
		h = NULL;
		i = (size_t)id & (((size_t)1 << e->slot_bits) - 1);
		if (i < e->nh && e->h[i].phase != PH_FREE) {
			h = &e->h[i];
			if (h->outstanding && h->reqid == id)
				;
			else if (h->prev_ok && h->prev_reqid == id && same_peer(&from, &h->ss)) {
				/* A late answer to a request we have resent: still the answer. */
				e->st->late++;
				e->st->late_used++;
				slow_down(e);
				if (h->outstanding)
					remember(e, h->reqid, 2);
				h->outstanding = 1;
				h->reqid = id;
			} else
				h = NULL;
		}
		if (h == NULL) {
			k = recalled(e, id);
			if (k == 1)
				e->st->duplicate++;
			else if (k == 2) {
				e->st->late++;
				slow_down(e);
			} else
				e->st->stray++;
			continue;
		}
		if (!same_peer(&from, &h->ss)) {
			e->st->wrong_source++;
			continue;
		}
		c = host_cred(e, h);
		if (c->version == CRED_SNMP_V3 || m->version == SNMP_VERSION_3) {
			if (c->version != CRED_SNMP_V3 || m->version != SNMP_VERSION_3) {
				e->st->malformed++;
				continue;
			}
			if (v3_accept(e, h, m, id, pkt, (size_t)r) != 1)
				continue;
		} else if (m->pdu != SNMP_PDU_RESPONSE || m->community_len != strlen(c->community) ||
		    memcmp(m->community, c->community, m->community_len) != 0 ||
		    m->version != (c->version == CRED_SNMP_V1 ? SNMP_VERSION_1 :
		    SNMP_VERSION_2C)) {
			e->st->malformed++;
			continue;
		}
		h->outstanding = 0;
		remember(e, id, 1);
		h->prev_ok = 0;
		if (now_ms() - h->sent_ms > h->timeout_ms / 2)
			slow_down(e);	/* answers near the timeout: agents queue our requests */
		else if (h->tries == 0)
			speed_up(e);
		else if (h->phase == PH_PROBE)
			slow_down(e);	/* it answers: the first try was lost */
		if (h->phase == PH_PROBE)
			on_probe_reply(e, h, m);
		else
			on_walk_reply(e, h, m);
	}
}

static int
open_socket(int family)
{
	int fd, sz = 4 * 1024 * 1024;

	if ((fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	/* Replies from many agents at once must not overflow our own receive buffer. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	return fd;
}

static void
fill_window(struct engine *e)
{
	struct sockaddr_storage ss;
	socklen_t len;
	size_t i;

	for (i = 0; i < e->nh && !e->it_done && e->active < e->nh; i++) {
		if (e->h[i].phase != PH_FREE)
			continue;
		if (target_iter_next(e->it, &ss, &len, &e->st->done) != 1) {
			e->it_done = 1;
			break;
		}
		host_start(e, &e->h[i], &ss, len);
	}
}

static void
send_due(struct engine *e, uint64_t t)
{
	size_t i, k, inflight = 0;

	e->tokens += (double)(t - e->last_ms) * e->rate_now / 1000.0;
	if (e->tokens > e->rate_now / 50.0 + 1)
		e->tokens = e->rate_now / 50.0 + 1;
	e->last_ms = t;
	for (i = 0; i < e->nh; i++)
		inflight += e->h[i].phase != PH_FREE && e->h[i].outstanding;
	/* Round robin from where the last pass stopped, so no host waits for ever. */
	for (k = 0; k < e->nh && e->tokens >= 1 && (double)inflight < e->cwnd; k++) {
		struct host *h = &e->h[(e->cursor + k) % e->nh];

		if (h->phase == PH_FREE || !h->want_send)
			continue;
		if (send_request(e, h) == 0) {
			e->tokens -= 1;
			inflight++;
		} else {
			if (h->phase == PH_WALK) {
				device_error(h->dev, "cannot encode a request for %s",
				    walk_roots[h->root]);
				host_finish_device(e, h);
			} else
				host_release(e, h);
		}
	}
	e->cursor = (e->cursor + k) % e->nh;
}

static void
check_timeouts(struct engine *e, uint64_t t)
{
	size_t i;

	for (i = 0; i < e->nh; i++)
		if (e->h[i].phase != PH_FREE && e->h[i].outstanding && t >= e->h[i].deadline_ms)
			on_timeout(e, &e->h[i]);
}

int
snmp_scan(const struct target_set *ts, const struct cred_file *cf,
    const struct snmp_opts *opts, snmp_device_cb dcb, snmp_progress_cb pcb, void *arg,
    struct snmp_stats *st, char **cause)
{
	struct engine *e = NULL;
	struct snmp_msg *m = NULL;
	uint8_t *pkt = NULL;
	struct pollfd pfd[2];
	uint64_t t, start, last_progress = 0;
	size_t i;
	int rc = -1, np, wait;

	memset(st, 0, sizeof *st);
	if ((e = calloc(1, sizeof *e)) == NULL || (m = malloc(sizeof *m)) == NULL ||
	    (pkt = malloc(SNMP_MSG_MAX)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	e->fd4 = e->fd6 = -1;
	e->ts = ts;
	e->cf = cf;
	e->o = *opts;
	e->st = st;
	e->dcb = dcb;
	e->arg = arg;
	if (e->o.rate == 0)
		e->o.rate = 2000;
	if (e->o.window == 0)
		e->o.window = 512;
	if (e->o.timeout_ms == 0)
		e->o.timeout_ms = 1000;
	if (e->o.port == 0)
		e->o.port = 161;
	if (e->o.max_rows == 0)
		e->o.max_rows = 20000;
	if (e->o.device_ms == 0)
		e->o.device_ms = 120000;
	if (e->o.max_vbs == 0)
		e->o.max_vbs = 200000;
	for (i = 0; i < NROOTS; i++)
		snmp_oid_parse(&e->roots[i], walk_roots[i]);
	for (i = 0; i < NPROBE; i++)
		snmp_oid_parse(&e->probe[i], probe_oids[i]);
	snmp_oid_parse(&e->usm_stats, USM_STATS);
	snmp_oid_parse(&e->engine_oid, SNMP_ENGINE_ID_OID);
	e->salt = ((uint64_t)arc4random() << 32) | arc4random();
	if ((e->users = calloc(cred_count(cf) + 1, sizeof *e->users)) == NULL ||
	    (e->user_state = calloc(cred_count(cf) + 1, 1)) == NULL ||
	    (e->plain = malloc(SNMP_MSG_MAX)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	e->nh = e->o.window;
	if ((e->h = calloc(e->nh, sizeof *e->h)) == NULL ||
	    (e->it = target_iter_new(ts)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	e->fd4 = open_socket(AF_INET);
	e->fd6 = open_socket(AF_INET6);
	if (e->fd4 == -1 && e->fd6 == -1) {
		err_set(cause, "cannot open a UDP socket: %s", strerror(errno));
		goto out;
	}
	st->total = target_set_total(ts);
	e->rate_now = e->o.rate;
	e->cwnd = e->o.window;
	while (((size_t)1 << e->slot_bits) < e->nh)
		e->slot_bits++;
	start = e->last_ms = e->pps_ms = now_ms();
	for (;;) {
		fill_window(e);
		if (e->active == 0 && e->it_done)
			break;
		t = now_ms();
		send_due(e, t);
		wait = 50;
		for (i = 0; i < e->nh; i++) {
			struct host *h = &e->h[i];

			if (h->phase == PH_FREE)
				continue;
			if (h->want_send) {
				wait = 1;
				break;
			}
			if (h->outstanding && h->deadline_ms > t && h->deadline_ms - t < (uint64_t)wait)
				wait = (int)(h->deadline_ms - t);
		}
		np = 0;
		if (e->fd4 != -1) {
			pfd[np].fd = e->fd4;
			pfd[np++].events = POLLIN;
		}
		if (e->fd6 != -1) {
			pfd[np].fd = e->fd6;
			pfd[np++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)np, wait) == -1 && errno != EINTR) {
			err_set(cause, "poll: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < (size_t)np; i++)
			if (pfd[i].revents & POLLIN)
				read_socket(e, pfd[i].fd, m, pkt);
		if (e->stop) {
			err_set(cause, "%s", e->cause ? e->cause : "stopped");
			goto out;
		}
		t = now_ms();
		check_timeouts(e, t);
		regrow(e, t);
		if (e->stop) {
			err_set(cause, "%s", e->cause ? e->cause : "stopped");
			goto out;
		}
		if (t - e->pps_ms >= 1000) {
			st->pps = (double)(st->sent - e->pps_sent) * 1000.0 / (double)(t - e->pps_ms);
			e->pps_sent = st->sent;
			e->pps_ms = t;
		}
		st->rate_now = (unsigned)e->rate_now;
		st->elapsed_ms = t - start;
		if (pcb != NULL && t - last_progress >= 200) {
			pcb(st, arg);
			last_progress = t;
		}
	}
	st->elapsed_ms = now_ms() - start;
	if (pcb != NULL)
		pcb(st, arg);
	rc = 0;
out:
	if (e != NULL) {
		if (e->h != NULL)
			for (i = 0; i < e->nh; i++) {
				snmp_device_free(&e->h[i].dev);
				if (e->h[i].keys != NULL)
					snmp_usm_keys_wipe(e->h[i].keys);
				free(e->h[i].keys);
				free(e->h[i].cur);
			}
		free(e->h);
		if (e->users != NULL)
			for (i = 0; i < cred_count(cf); i++)
				snmp_usm_user_wipe(&e->users[i]);
		free(e->users);
		free(e->user_state);
		free(e->plain);
		target_iter_free(&e->it);
		if (e->fd4 != -1)
			close(e->fd4);
		if (e->fd6 != -1)
			close(e->fd6);
		free(e->cause);
	}
	free(e);
	free(m);
	free(pkt);
	return rc;
}
