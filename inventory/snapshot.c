#include "inventory/snapshot.h"

#include <stdlib.h>
#include <string.h>

struct kv {
	char	*key;
	char	*value;
};

struct artifact {
	char	*name;
	char	*text;
	size_t	 len;
};

struct snapshot {
	char			*source;
	char			*address;
	struct kv		*facts;
	size_t			 nfacts, capfacts;
	size_t			*idx;		/* key hash -> first fact with that key, + 1 */
	size_t			 capidx;	/* a power of two, at least 2 * nfacts */
	struct artifact		*arts;
	size_t			 narts, caparts;
	char			**addrs;
	size_t			 naddrs, capaddrs;
	struct snapshot_iface	*ifaces;
	size_t			 nifaces, capifaces;
	struct snapshot_neighbour *nbrs;
	size_t			 nnbrs, capnbrs;
};

/* Grows *arr to hold one more element of size sz. */
static int
grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if ((p = reallocarray(*arr, ncap, sz)) == NULL)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

static size_t
key_hash(const char *k)
{
	size_t h = 14695981039346656037u;	/* FNV-1a */

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return h;
}

/* The slot of key in the index: the one holding it, or the empty one where it would go. */
static size_t
idx_slot(const struct snapshot *s, const char *key)
{
	size_t m = s->capidx - 1, i = key_hash(key) & m;

	while (s->idx[i] != 0 && strcmp(s->facts[s->idx[i] - 1].key, key) != 0)
		i = (i + 1) & m;
	return i;
}

/* Index of the first fact with key, or -1. Facts are looked up by key once per parsed line
 * (a package list is ~1,000 facts), so a linear scan would make parsing quadratic. */
static long
fact_find(const struct snapshot *s, const char *key)
{
	size_t i;

	if (s->capidx == 0)
		return -1;
	i = idx_slot(s, key);
	return s->idx[i] != 0 ? (long)(s->idx[i] - 1) : -1;
}

/* Indexes fact n (already in s->facts) unless an earlier fact has its key; 0 or -1. */
static int
idx_add(struct snapshot *s, size_t n)
{
	size_t i, j, ncap;
	size_t *nidx;

	if (2 * (n + 1) > s->capidx) {
		ncap = s->capidx ? s->capidx * 2 : 64;
		if ((nidx = calloc(ncap, sizeof *nidx)) == NULL)
			return -1;
		free(s->idx);
		s->idx = nidx;
		s->capidx = ncap;
		for (j = 0; j < n; j++) {
			i = idx_slot(s, s->facts[j].key);
			if (s->idx[i] == 0)
				s->idx[i] = j + 1;
		}
	}
	i = idx_slot(s, s->facts[n].key);
	if (s->idx[i] == 0)
		s->idx[i] = n + 1;
	return 0;
}

/* strdup that maps NULL to NULL and reports failure through *bad. */
static char *
dup_opt(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*bad = 1;
	return d;
}

struct snapshot *
snapshot_new(const char *source, const char *address)
{
	struct snapshot *s;
	int bad = 0;

	if (source == NULL || (s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->source = dup_opt(source, &bad);
	s->address = dup_opt(address, &bad);
	if (bad)
		snapshot_free(&s);
	return s;
}

static void
iface_clear(struct snapshot_iface *i)
{
	free((char *)i->name);
	free((char *)i->mac);
	free((char *)i->admin);
	free((char *)i->oper);
	free((char *)i->addrs);
}

static void
nbr_clear(struct snapshot_neighbour *n)
{
	free((char *)n->kind);
	free((char *)n->local_port);
	free((char *)n->remote_name);
	free((char *)n->remote_port);
	free((char *)n->remote_addr);
	free((char *)n->remote_chassis);
}

void
snapshot_free(struct snapshot **sp)
{
	struct snapshot *s;
	size_t i;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	for (i = 0; i < s->nfacts; i++) {
		free(s->facts[i].key);
		free(s->facts[i].value);
	}
	for (i = 0; i < s->narts; i++) {
		free(s->arts[i].name);
		free(s->arts[i].text);
	}
	for (i = 0; i < s->naddrs; i++)
		free(s->addrs[i]);
	for (i = 0; i < s->nifaces; i++)
		iface_clear(&s->ifaces[i]);
	for (i = 0; i < s->nnbrs; i++)
		nbr_clear(&s->nbrs[i]);
	free(s->facts);
	free(s->idx);
	free(s->arts);
	free(s->addrs);
	free(s->ifaces);
	free(s->nbrs);
	free(s->source);
	free(s->address);
	free(s);
	*sp = NULL;
}

int
snapshot_add_fact(struct snapshot *s, const char *key, const char *value)
{
	char *k, *v;

	if (key == NULL || *key == '\0' || value == NULL)
		return -1;
	if (grow((void **)&s->facts, &s->capfacts, s->nfacts, sizeof *s->facts) == -1)
		return -1;
	k = strdup(key);
	v = strdup(value);
	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return -1;
	}
	s->facts[s->nfacts].key = k;
	s->facts[s->nfacts].value = v;
	if (idx_add(s, s->nfacts) == -1) {
		free(k);
		free(v);
		return -1;
	}
	s->nfacts++;
	return 0;
}

int
snapshot_set_fact(struct snapshot *s, const char *key, const char *value)
{
	long i;
	char *v;

	if (key == NULL || value == NULL)
		return -1;
	if ((i = fact_find(s, key)) >= 0) {
		if ((v = strdup(value)) == NULL)
			return -1;
		free(s->facts[i].value);
		s->facts[i].value = v;
		return 0;
	}
	return snapshot_add_fact(s, key, value);
}

int
snapshot_add_artifact(struct snapshot *s, const char *name, const char *text, size_t len)
{
	char *n, *t;

	if (name == NULL || *name == '\0' || (text == NULL && len > 0))
		return -1;
	if (grow((void **)&s->arts, &s->caparts, s->narts, sizeof *s->arts) == -1)
		return -1;
	n = strdup(name);
	t = malloc(len + 1);
	if (n == NULL || t == NULL) {
		free(n);
		free(t);
		return -1;
	}
	if (len)
		memcpy(t, text, len);
	t[len] = '\0';
	s->arts[s->narts].name = n;
	s->arts[s->narts].text = t;
	s->arts[s->narts].len = len;
	s->narts++;
	return 0;
}

int
snapshot_add_address(struct snapshot *s, const char *addr)
{
	size_t i;
	char *a;

	if (addr == NULL || *addr == '\0')
		return -1;
	for (i = 0; i < s->naddrs; i++)
		if (strcmp(s->addrs[i], addr) == 0)
			return 0;
	if (grow((void **)&s->addrs, &s->capaddrs, s->naddrs, sizeof *s->addrs) == -1)
		return -1;
	if ((a = strdup(addr)) == NULL)
		return -1;
	s->addrs[s->naddrs++] = a;
	return 0;
}

int
snapshot_add_iface(struct snapshot *s, const struct snapshot_iface *in)
{
	struct snapshot_iface c;
	int bad = 0;

	if (grow((void **)&s->ifaces, &s->capifaces, s->nifaces, sizeof *s->ifaces) == -1)
		return -1;
	c.ifindex = in->ifindex;
	c.speed = in->speed;
	c.name = dup_opt(in->name, &bad);
	c.mac = dup_opt(in->mac, &bad);
	c.admin = dup_opt(in->admin, &bad);
	c.oper = dup_opt(in->oper, &bad);
	c.addrs = dup_opt(in->addrs, &bad);
	if (bad) {
		iface_clear(&c);
		return -1;
	}
	s->ifaces[s->nifaces++] = c;
	return 0;
}

int
snapshot_add_neighbour(struct snapshot *s, const struct snapshot_neighbour *in)
{
	struct snapshot_neighbour c;
	int bad = 0;

	if (in->kind == NULL)
		return -1;
	if (grow((void **)&s->nbrs, &s->capnbrs, s->nnbrs, sizeof *s->nbrs) == -1)
		return -1;
	c.kind = dup_opt(in->kind, &bad);
	c.local_port = dup_opt(in->local_port, &bad);
	c.remote_name = dup_opt(in->remote_name, &bad);
	c.remote_port = dup_opt(in->remote_port, &bad);
	c.remote_addr = dup_opt(in->remote_addr, &bad);
	c.remote_chassis = dup_opt(in->remote_chassis, &bad);
	if (bad) {
		nbr_clear(&c);
		return -1;
	}
	s->nbrs[s->nnbrs++] = c;
	return 0;
}

const char *
snapshot_source(const struct snapshot *s)
{
	return s->source;
}

const char *
snapshot_address(const struct snapshot *s)
{
	return s->address;
}

const char *
snapshot_fact(const struct snapshot *s, const char *key)
{
	long i;

	if (key == NULL)
		return NULL;
	return (i = fact_find(s, key)) >= 0 ? s->facts[i].value : NULL;
}

long
snapshot_fact_index(const struct snapshot *s, const char *key)
{
	return key != NULL ? fact_find(s, key) : -1;
}

size_t
snapshot_fact_count(const struct snapshot *s)
{
	return s->nfacts;
}

void
snapshot_fact_at(const struct snapshot *s, size_t i, const char **key, const char **value)
{
	*key = s->facts[i].key;
	*value = s->facts[i].value;
}

size_t
snapshot_artifact_count(const struct snapshot *s)
{
	return s->narts;
}

void
snapshot_artifact_at(const struct snapshot *s, size_t i, const char **name, const char **text,
    size_t *len)
{
	*name = s->arts[i].name;
	*text = s->arts[i].text;
	*len = s->arts[i].len;
}

size_t
snapshot_address_count(const struct snapshot *s)
{
	return s->naddrs;
}

const char *
snapshot_address_at(const struct snapshot *s, size_t i)
{
	return s->addrs[i];
}

size_t
snapshot_iface_count(const struct snapshot *s)
{
	return s->nifaces;
}

const struct snapshot_iface *
snapshot_iface_at(const struct snapshot *s, size_t i)
{
	return &s->ifaces[i];
}

size_t
snapshot_neighbour_count(const struct snapshot *s)
{
	return s->nnbrs;
}

const struct snapshot_neighbour *
snapshot_neighbour_at(const struct snapshot *s, size_t i)
{
	return &s->nbrs[i];
}
