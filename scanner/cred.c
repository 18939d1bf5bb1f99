#include "scanner/cred.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "common/xmldoc.h"
#include "common/err.h"
#include "scanner/target.h"

#define CRED_MAX_FILE	(1024 * 1024)
#define CRED_MAX_SETS	1024

struct cred_match {
	struct target_set	*addr;		/* NULL: any address */
	char			*platform;	/* NULL: any platform */
};

struct cred_entry {
	struct cred		 c;
	char			*strs[10];	/* everything c points to, for wiping */
	size_t			 nstrs;
	struct cred_match	*m;
	size_t			 nm;
};

struct cred_file {
	struct cred_entry	*e;
	size_t			 n;
};

static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

static void
entry_clear(struct cred_entry *e)
{
	size_t i;

	for (i = 0; i < e->nstrs; i++)
		wipe_free(e->strs[i]);
	for (i = 0; i < e->nm; i++) {
		target_set_free(&e->m[i].addr);
		free(e->m[i].platform);
	}
	free(e->m);
	memset(e, 0, sizeof *e);
}

void
cred_file_free(struct cred_file **cfp)
{
	size_t i;

	if (cfp == NULL || *cfp == NULL)
		return;
	for (i = 0; i < (*cfp)->n; i++)
		entry_clear(&(*cfp)->e[i]);
	free((*cfp)->e);
	free(*cfp);
	*cfp = NULL;
}

/* Copies a node's text (or attribute) into the entry, which owns and later wipes it. */
static const char *
keep(struct cred_entry *e, const xmlChar *s)
{
	char *d;

	if (s == NULL || e->nstrs == sizeof e->strs / sizeof *e->strs)
		return NULL;
	if ((d = strdup((const char *)s)) == NULL)
		return NULL;
	e->strs[e->nstrs++] = d;
	return d;
}

static const xmlChar *
text_of(xmlNode *n)
{
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			return c->content;
	return (const xmlChar *)"";
}

static int
is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

static enum cred_auth
auth_of(const char *s)
{
	if (strcmp(s, "SHA") == 0)
		return CRED_AUTH_SHA;
	if (strcmp(s, "SHA-224") == 0)
		return CRED_AUTH_SHA224;
	if (strcmp(s, "SHA-256") == 0)
		return CRED_AUTH_SHA256;
	if (strcmp(s, "SHA-384") == 0)
		return CRED_AUTH_SHA384;
	return CRED_AUTH_SHA512;
}

static enum cred_priv
priv_of(const char *s)
{
	if (strcmp(s, "DES") == 0)
		return CRED_PRIV_DES;
	if (strcmp(s, "AES-192") == 0)
		return CRED_PRIV_AES192;
	if (strcmp(s, "AES-256") == 0)
		return CRED_PRIV_AES256;
	return CRED_PRIV_AES128;
}

const char *
cred_auth_name(enum cred_auth a)
{
	static const char *names[] = { "none", "SHA", "SHA-224", "SHA-256", "SHA-384",
		"SHA-512" };

	return (size_t)a < sizeof names / sizeof *names ? names[a] : "?";
}

const char *
cred_priv_name(enum cred_priv p)
{
	static const char *names[] = { "none", "DES", "AES-128", "AES-192", "AES-256" };

	return (size_t)p < sizeof names / sizeof *names ? names[p] : "?";
}

static int
add_match(struct cred_entry *e, xmlNode *n, const char *path, char **cause)
{
	struct cred_match *m;
	xmlChar *addr, *plat;
	int rc = -1;

	if ((m = reallocarray(e->m, e->nm + 1, sizeof *m)) == NULL)
		return err_set(cause, "%s: out of memory", path);
	e->m = m;
	m = &e->m[e->nm++];
	memset(m, 0, sizeof *m);
	addr = xmlGetProp(n, (const xmlChar *)"address");
	plat = xmlGetProp(n, (const xmlChar *)"platform");
	if (addr != NULL) {
		if ((m->addr = target_set_new()) == NULL ||
		    target_set_add(m->addr, (const char *)addr, 0, cause) == -1) {
			err_prefix(cause, "%s:%ld: match address: ", path, xmlGetLineNo(n));
			goto out;
		}
	}
	if (plat != NULL && (m->platform = strdup((const char *)plat)) == NULL) {
		err_set(cause, "%s: out of memory", path);
		goto out;
	}
	rc = 0;
out:
	xmlFree(addr);
	xmlFree(plat);
	return rc;
}

/* Fills one entry from a validated <snmp> or <ssh> element. */
static int
load_entry(struct cred_entry *e, xmlNode *n, const char *path, char **cause)
{
	struct cred *c = &e->c;
	xmlNode *k;
	xmlChar *a;
	int snmp = is(n, "snmp");

	c->kind = snmp ? CRED_SNMP : CRED_SSH;
	a = xmlGetProp(n, (const xmlChar *)"name");
	c->name = keep(e, a);
	xmlFree(a);
	if (snmp) {
		a = xmlGetProp(n, (const xmlChar *)"version");
		c->version = a == NULL ? CRED_SNMP_V2C : xmlStrcmp(a, (const xmlChar *)"1") == 0 ?
		    CRED_SNMP_V1 : xmlStrcmp(a, (const xmlChar *)"3") == 0 ? CRED_SNMP_V3 :
		    CRED_SNMP_V2C;
		xmlFree(a);
	} else {
		a = xmlGetProp(n, (const xmlChar *)"port");
		c->port = a == NULL ? 0 : (int)strtol((const char *)a, NULL, 10);
		xmlFree(a);
		c->ssh_method = CRED_SSH_AGENT;
	}
	for (k = n->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is(k, "community"))
			c->community = keep(e, text_of(k));
		else if (is(k, "user"))
			c->user = keep(e, text_of(k));
		else if (is(k, "context"))
			c->context = keep(e, text_of(k));
		else if (is(k, "auth") || is(k, "priv")) {
			a = xmlGetProp(k, (const xmlChar *)"protocol");
			if (is(k, "auth")) {
				c->auth = auth_of(a ? (const char *)a : "SHA");
				c->authpass = keep(e, text_of(k));
			} else {
				c->priv = priv_of(a ? (const char *)a : "AES");
				c->privpass = keep(e, text_of(k));
			}
			xmlFree(a);
		} else if (is(k, "password")) {
			c->ssh_method = CRED_SSH_PASSWORD;
			c->password = keep(e, text_of(k));
		} else if (is(k, "key")) {
			c->ssh_method = CRED_SSH_KEY;
			a = xmlGetProp(k, (const xmlChar *)"file");
			c->keyfile = keep(e, a);
			xmlFree(a);
		} else if (is(k, "passphrase"))
			c->passphrase = keep(e, text_of(k));
		else if (is(k, "enable"))
			c->enable = keep(e, text_of(k));
		else if (is(k, "match")) {
			if (add_match(e, k, path, cause) == -1)
				return -1;
		}
	}
	if (c->name == NULL)
		return err_set(cause, "%s:%ld: out of memory", path, xmlGetLineNo(n));
	return 0;
}

/* Overwrites every text node so the secrets do not outlive the parse in freed memory. */
static void
wipe_tree(xmlDoc *doc, xmlNode *n)
{
	xmlAttr *a;

	for (; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL && (doc->dict == NULL || !xmlDictOwns(doc->dict,
		    n->content)))
			explicit_bzero(n->content, (size_t)xmlStrlen(n->content));
		if (n->type == XML_ELEMENT_NODE)
			for (a = n->properties; a != NULL; a = a->next)
				wipe_tree(doc, a->children);
		wipe_tree(doc, n->children);
	}
}

/* Reads the whole file through the already-opened fd (checked with fstat). */
static int
read_secret_file(const char *path, char **data, size_t *len, char **cause)
{
	struct stat st;
	char *p = NULL;
	size_t got = 0;
	ssize_t r;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return err_set(cause, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		err_set(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(cause, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		err_set(cause, "%s: group or others can access it (mode %04o); run chmod 600",
		    path, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_size > CRED_MAX_FILE) {
		err_set(cause, "%s: larger than %d bytes", path, CRED_MAX_FILE);
		goto out;
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		err_set(cause, "%s: out of memory", path);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, p + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			err_set(cause, "%s: read error", path);
			goto out;
		}
		got += (size_t)r;
	}
	p[got] = '\0';
	*data = p;
	*len = got;
	p = NULL;
	rc = 0;
out:
	if (p != NULL) {
		explicit_bzero(p, (size_t)st.st_size);
		free(p);
	}
	close(fd);
	return rc;
}

int
cred_file_load(struct cred_file **cfp, const char *path, char **cause)
{
	struct cred_file *cf = NULL;
	xmlDoc *doc = NULL;
	xmlNode *root, *n;
	char *data = NULL;
	size_t len = 0, count = 0;
	int rc = -1;

	*cfp = NULL;
	if (read_secret_file(path, &data, &len, cause) == -1)
		return -1;
	if (xmldoc_read(path, data, len, "scanner/credentials.xsd", &doc, cause) == -1)
		goto out;
	root = xmlDocGetRootElement(doc);
	for (n = root->children; n != NULL; n = n->next)
		if (is(n, "snmp") || is(n, "ssh"))
			count++;
	if (count > CRED_MAX_SETS) {
		err_set(cause, "%s: more than %d credential sets", path, CRED_MAX_SETS);
		goto out;
	}
	if ((cf = calloc(1, sizeof *cf)) == NULL ||
	    (count && (cf->e = calloc(count, sizeof *cf->e)) == NULL)) {
		err_set(cause, "%s: out of memory", path);
		goto out;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (!is(n, "snmp") && !is(n, "ssh"))
			continue;
		cf->n++;
		if (load_entry(&cf->e[cf->n - 1], n, path, cause) == -1)
			goto out;
	}
	*cfp = cf;
	cf = NULL;
	rc = 0;
out:
	cred_file_free(&cf);
	if (doc != NULL) {
		wipe_tree(doc, doc->children);
		xmlFreeDoc(doc);
	}
	if (data != NULL) {
		explicit_bzero(data, len);
		free(data);
	}
	return rc;
}

size_t
cred_count(const struct cred_file *cf)
{
	return cf->n;
}

const struct cred *
cred_at(const struct cred_file *cf, size_t i)
{
	return i < cf->n ? &cf->e[i].c : NULL;
}

int
cred_applies(const struct cred_file *cf, size_t i, const struct sockaddr *sa,
    const char *platform)
{
	const struct cred_entry *e;
	const struct cred_match *m;
	size_t j;

	if (i >= cf->n)
		return 0;
	e = &cf->e[i];
	if (e->nm == 0)
		return 1;
	for (j = 0; j < e->nm; j++) {
		m = &e->m[j];
		if (m->addr != NULL && (sa == NULL || !target_set_contains(m->addr, sa)))
			continue;
		if (m->platform != NULL && platform != NULL && strcmp(m->platform, platform) != 0)
			continue;
		return 1;
	}
	return 0;
}
