#include "scanner/target.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

typedef unsigned __int128 u128;

#define TARGET_MAX_LEN		1024	/* longest target text or @file line */
#define TARGET_MAX_NAMES	64	/* addresses kept from one host name */

struct range {
	int	 family;	/* AF_INET or AF_INET6 */
	u128	 lo, hi;	/* inclusive, host order */
};

struct rlist {
	struct range	*v;
	size_t		 n, cap;
};

struct target_set {
	struct rlist	 inc, exc;
};

struct target_iter {
	const struct target_set	*ts;
	size_t			 i;	/* current include range */
	u128			 cur;
	int			 started;
};

static u128
bytes_to_u128(const unsigned char *p, size_t n)
{
	u128 v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void
u128_to_bytes(u128 v, unsigned char *p, size_t n)
{
	size_t i;

	for (i = n; i > 0; i--) {
		p[i - 1] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static u128
family_max(int family)
{
	return family == AF_INET ? (u128)0xffffffffu : ~(u128)0;
}

/* Parses a literal IPv4/IPv6 address; returns 0 or -1 when s is not one. */
static int
parse_addr(const char *s, int *family, u128 *v)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, s, b) == 1) {
		*family = AF_INET;
		*v = bytes_to_u128(b, 4);
		return 0;
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		*family = AF_INET6;
		*v = bytes_to_u128(b, 16);
		return 0;
	}
	return -1;
}

/* Digits only, no sign, no overflow past max. */
static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

static int
rlist_add(struct rlist *l, int family, u128 lo, u128 hi)
{
	struct range *p;
	size_t ncap;

	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		if ((p = reallocarray(l->v, ncap, sizeof *p)) == NULL)
			return -1;
		l->v = p;
		l->cap = ncap;
	}
	l->v[l->n].family = family;
	l->v[l->n].lo = lo;
	l->v[l->n].hi = hi;
	l->n++;
	return 0;
}

struct target_set *
target_set_new(void)
{
	return calloc(1, sizeof(struct target_set));
}

void
target_set_free(struct target_set **tsp)
{
	if (tsp == NULL || *tsp == NULL)
		return;
	free((*tsp)->inc.v);
	free((*tsp)->exc.v);
	free(*tsp);
	*tsp = NULL;
}

static int
add_cidr(struct rlist *l, const char *spec, char *s, char *slash, char **cause)
{
	unsigned long plen;
	int family;
	u128 v, mask;
	unsigned bits;

	*slash = '\0';
	if (parse_addr(s, &family, &v) == -1)
		return err_set(cause, "%s: not an IP address before '/'", spec);
	bits = family == AF_INET ? 32 : 128;
	if (parse_uint(slash + 1, bits, &plen) == -1)
		return err_set(cause, "%s: prefix length must be 0-%u", spec, bits);
	mask = plen == 0 ? 0 : (family_max(family) << (bits - plen)) & family_max(family);
	if (rlist_add(l, family, v & mask, (v & mask) | (~mask & family_max(family))) == -1)
		return err_set(cause, "%s: out of memory", spec);
	return 0;
}

static int
add_range(struct rlist *l, const char *spec, char *s, char *dash, char **cause)
{
	unsigned long last;
	int f1, f2;
	u128 lo, hi;

	*dash = '\0';
	if (parse_addr(s, &f1, &lo) == -1)
		return err_set(cause, "%s: not an IP address before '-'", spec);
	if (f1 == AF_INET && parse_uint(dash + 1, 255, &last) == 0) {
		hi = (lo & ~(u128)0xff) | last;
	} else {
		if (parse_addr(dash + 1, &f2, &hi) == -1 || f2 != f1)
			return err_set(cause, "%s: range end is not an address of the same "
			    "family", spec);
	}
	if (hi < lo)
		return err_set(cause, "%s: range end is before its start", spec);
	if (rlist_add(l, f1, lo, hi) == -1)
		return err_set(cause, "%s: out of memory", spec);
	return 0;
}

static int
valid_hostname(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253 || *s == '-' || *s == '.')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' && *s != '_')
			return 0;
	return 1;
}

static int
add_name(struct rlist *l, const char *spec, const char *s, char **cause)
{
	struct addrinfo hints, *res = NULL, *ai;
	unsigned char b[16];
	int rc, n = 0;
	u128 v;

	if (strspn(s, "0123456789.") == strlen(s))
		return err_set(cause, "%s: not a valid IPv4 address", spec);
	if (!valid_hostname(s))
		return err_set(cause, "%s: not an address, CIDR block, range or host name",
		    spec);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	if ((rc = getaddrinfo(s, NULL, &hints, &res)) != 0)
		return err_set(cause, "%s: cannot resolve: %s", spec, gai_strerror(rc));
	for (ai = res; ai != NULL && n < TARGET_MAX_NAMES; ai = ai->ai_next, n++) {
		if (ai->ai_family == AF_INET) {
			memcpy(b, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
			v = bytes_to_u128(b, 4);
		} else if (ai->ai_family == AF_INET6) {
			memcpy(b, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
			v = bytes_to_u128(b, 16);
		} else
			continue;
		if (rlist_add(l, ai->ai_family, v, v) == -1) {
			freeaddrinfo(res);
			return err_set(cause, "%s: out of memory", spec);
		}
	}
	freeaddrinfo(res);
	return 0;
}

static int add_one(struct target_set *, const char *, int, int, char **);

static int
add_file(struct target_set *ts, const char *path, int exclude, char **cause)
{
	FILE *f;
	char *line = NULL, *p, *e;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return err_set(cause, "%s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (n > TARGET_MAX_LEN) {
			rc = err_set(cause, "%s:%lu: line too long", path, lineno);
			break;
		}
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		for (e = p + strlen(p); e > p && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		if (*p == '\0')
			continue;
		if (add_one(ts, p, exclude, 1, cause) == -1) {
			rc = err_prefix(cause, "%s:%lu: ", path, lineno);
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = err_set(cause, "%s: read error", path);
	free(line);
	fclose(f);
	return rc;
}

static int
add_one(struct target_set *ts, const char *spec, int exclude, int in_file, char **cause)
{
	struct rlist *l = exclude ? &ts->exc : &ts->inc;
	char s[TARGET_MAX_LEN + 1];
	char *sep;
	int family;
	u128 v;

	if (spec == NULL || *spec == '\0')
		return err_set(cause, "empty target");
	if (strlen(spec) > TARGET_MAX_LEN)
		return err_set(cause, "target too long");
	if (spec[0] == '@') {
		if (in_file)
			return err_set(cause, "%s: @file inside a target file", spec);
		return add_file(ts, spec + 1, exclude, cause);
	}
	memcpy(s, spec, strlen(spec) + 1);
	if ((sep = strchr(s, '/')) != NULL)
		return add_cidr(l, spec, s, sep, cause);
	if (parse_addr(s, &family, &v) == 0) {
		if (rlist_add(l, family, v, v) == -1)
			return err_set(cause, "%s: out of memory", spec);
		return 0;
	}
	/* A '-' after a literal address is a range; otherwise it is part of a name. */
	if ((sep = strchr(s, '-')) != NULL) {
		*sep = '\0';
		if (parse_addr(s, &family, &v) == 0)
			return add_range(l, spec, s, sep, cause);
		*sep = '-';
	}
	return add_name(l, spec, s, cause);
}

int
target_set_add(struct target_set *ts, const char *spec, int exclude, char **cause)
{
	return add_one(ts, spec, exclude, 0, cause);
}

uint64_t
target_set_total(const struct target_set *ts)
{
	uint64_t total = 0;
	u128 n;
	size_t i;

	for (i = 0; i < ts->inc.n; i++) {
		n = ts->inc.v[i].hi - ts->inc.v[i].lo;
		if (n >= UINT64_MAX || UINT64_MAX - total <= (uint64_t)n)
			return UINT64_MAX;
		total += (uint64_t)n + 1;
	}
	return total;
}

size_t
target_set_ranges(const struct target_set *ts)
{
	return ts->inc.n;
}

static int
rlist_has(const struct rlist *l, int family, u128 v)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].family == family && v >= l->v[i].lo && v <= l->v[i].hi)
			return 1;
	return 0;
}

int
target_set_contains(const struct target_set *ts, const struct sockaddr *sa)
{
	const unsigned char *p;
	int family = sa->sa_family;
	u128 v;

	if (family == AF_INET) {
		p = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
		v = bytes_to_u128(p, 4);
	} else if (family == AF_INET6) {
		p = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
		v = bytes_to_u128(p, 16);
	} else
		return 0;
	return rlist_has(&ts->inc, family, v) && !rlist_has(&ts->exc, family, v);
}

struct target_iter *
target_iter_new(const struct target_set *ts)
{
	struct target_iter *it;

	if ((it = calloc(1, sizeof *it)) == NULL)
		return NULL;
	it->ts = ts;
	return it;
}

void
target_iter_free(struct target_iter **itp)
{
	if (itp == NULL)
		return;
	free(*itp);
	*itp = NULL;
}

/* Moves to the next include range; returns 0 at the end. */
static int
iter_next_range(struct target_iter *it)
{
	it->i++;
	it->started = 0;
	return it->i < it->ts->inc.n;
}

int
target_iter_next(struct target_iter *it, struct sockaddr_storage *ss, socklen_t *sslen,
    uint64_t *skipped)
{
	const struct rlist *exc = &it->ts->exc;
	const struct range *r;
	unsigned char b[16];
	size_t j;
	int moved;

	for (;;) {
		if (it->i >= it->ts->inc.n)
			return 0;
		r = &it->ts->inc.v[it->i];
		if (!it->started) {
			it->cur = r->lo;
			it->started = 1;
		} else if (it->cur == r->hi) {
			if (!iter_next_range(it))
				return 0;
			continue;
		} else
			it->cur++;
		/* Jump over every exclusion that covers cur, without visiting its addresses. */
		do {
			moved = 0;
			for (j = 0; j < exc->n; j++) {
				if (exc->v[j].family != r->family || it->cur < exc->v[j].lo ||
				    it->cur > exc->v[j].hi)
					continue;
				if (skipped != NULL) {
					u128 top = exc->v[j].hi < r->hi ? exc->v[j].hi : r->hi;
					u128 n = top - it->cur + 1;
					*skipped += n > UINT64_MAX ? UINT64_MAX : (uint64_t)n;
				}
				if (exc->v[j].hi >= r->hi)
					goto next_range;
				it->cur = exc->v[j].hi + 1;
				moved = 1;
			}
		} while (moved);
		break;
next_range:
		if (!iter_next_range(it))
			return 0;
	}
	memset(ss, 0, sizeof *ss);
	if (r->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		u128_to_bytes(it->cur, b, 4);
		memcpy(&sin->sin_addr, b, 4);
		*sslen = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		u128_to_bytes(it->cur, b, 16);
		memcpy(&sin6->sin6_addr, b, 16);
		*sslen = sizeof *sin6;
	}
	return 1;
}
