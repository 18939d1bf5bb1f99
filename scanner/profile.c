/* profile: loading, checking and matching SSH device profiles (docs/ssh.md). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "common/embed.h"
#include "common/xmldoc.h"
#include "common/err.h"
#include "scanner/parse_facts.h"
#include "scanner/profile.h"

#define PROFILE_FILE_MAX	(1024 * 1024)
#define PROFILE_MAX		256
/* Backtracking budget per match: device text must not make a pattern run for ever. */
#define PROFILE_MATCH_LIMIT	200000

struct rx {
	pcre2_code	*code;
};

struct probe {
	char		*command;
	struct rx	 rx;
};

struct profile {
	char			*name;
	enum redact_platform	 redact;
	enum profile_mode	 mode;
	int			 batch;	/* exec: all commands in one channel */
	int			 shared;	/* batch: no subshell per command */
	char			**snmp;
	size_t			 nsnmp;
	struct rx		*banner;
	size_t			 nbanner;
	struct probe		*probe;
	size_t			 nprobe;
	char			**setup;
	size_t			 nsetup;
	struct rx		 prompt, privileged, password, pager, error, trailer;
	char			*enable;
	struct profile_command	*cmd;
	size_t			 ncmd;
};

struct profile_set {
	struct profile	**p;
	size_t		  n;
};

static pcre2_match_context *match_ctx;

static void
rx_free(struct rx *r)
{
	pcre2_code_free(r->code);
	r->code = NULL;
}

static int
rx_compile(struct rx *r, const char *pat, uint32_t flags, const char *path, long line,
    char **cause)
{
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	int ec;

	r->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, flags, &ec, &off, NULL);
	if (r->code == NULL) {
		pcre2_get_error_message(ec, msg, sizeof msg);
		return err_set(cause, "%s:%ld: pattern '%s' at %zu: %s", path, line, pat,
		    (size_t)off, (const char *)msg);
	}
	return 0;
}

/* Finds the pattern in text: 1 (with the match span when off != NULL), or 0. */
static int
rx_find(const struct rx *r, const char *text, size_t len, size_t *off, size_t *mlen)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	int rc;

	if (r->code == NULL)
		return 0;
	if ((md = pcre2_match_data_create_from_pattern(r->code, NULL)) == NULL)
		return 0;
	rc = pcre2_match(r->code, (PCRE2_SPTR)text, len, 0, 0, md, match_ctx);
	if (rc > 0 && off != NULL) {
		ov = pcre2_get_ovector_pointer(md);
		*off = ov[0];
		*mlen = ov[1] - ov[0];
	}
	pcre2_match_data_free(md);
	return rc > 0;
}

void
profile_free(struct profile **pp)
{
	struct profile *p = *pp;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsnmp; i++)
		free(p->snmp[i]);
	free(p->snmp);
	for (i = 0; i < p->nbanner; i++)
		rx_free(&p->banner[i]);
	free(p->banner);
	for (i = 0; i < p->nprobe; i++) {
		free(p->probe[i].command);
		rx_free(&p->probe[i].rx);
	}
	free(p->probe);
	for (i = 0; i < p->nsetup; i++)
		free(p->setup[i]);
	free(p->setup);
	rx_free(&p->prompt);
	rx_free(&p->privileged);
	rx_free(&p->password);
	rx_free(&p->pager);
	rx_free(&p->error);
	rx_free(&p->trailer);
	free(p->enable);
	for (i = 0; i < p->ncmd; i++) {
		free((char *)p->cmd[i].artifact);
		free((char *)p->cmd[i].command);
		free((char *)p->cmd[i].parser);
	}
	free(p->cmd);
	free(p->name);
	free(p);
	*pp = NULL;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* A copied attribute value, NULL when absent; *oom set when memory ran out. */
static char *
attr(const xmlNode *n, const char *name, int *oom)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	if ((s = strdup((const char *)v)) == NULL)
		*oom = 1;
	xmlFree(v);
	return s;
}

static int
attr_bool(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int b = v != NULL && (xmlStrcmp(v, (const xmlChar *)"true") == 0 ||
	    xmlStrcmp(v, (const xmlChar *)"1") == 0);

	xmlFree(v);
	return b;
}

static size_t
count_children(const xmlNode *parent, const char *name)
{
	const xmlNode *n;
	size_t c = 0;

	for (n = parent->children; n != NULL; n = n->next)
		if (is(n, name))
			c++;
	return c;
}

static int
attr_rx(struct rx *r, const xmlNode *n, const char *name, uint32_t flags, const char *path,
    char **cause)
{
	int oom = 0, rc;
	char *pat = attr(n, name, &oom);

	if (oom)
		return err_set(cause, "%s: out of memory", path);
	if (pat == NULL)
		return 0;
	rc = rx_compile(r, pat, flags, path, xmlGetLineNo(n), cause);
	free(pat);
	return rc;
}

static int
load_recognise(struct profile *p, const xmlNode *rec, const char *path, char **cause)
{
	const xmlNode *n;
	int oom = 0;

	p->snmp = calloc(count_children(rec, "snmp") + 1, sizeof *p->snmp);
	p->banner = calloc(count_children(rec, "banner") + 1, sizeof *p->banner);
	p->probe = calloc(count_children(rec, "probe") + 1, sizeof *p->probe);
	if (p->snmp == NULL || p->banner == NULL || p->probe == NULL)
		return err_set(cause, "%s: out of memory", path);
	for (n = rec->children; n != NULL; n = n->next) {
		if (is(n, "snmp")) {
			p->snmp[p->nsnmp] = attr(n, "platform", &oom);
			if (oom)
				return err_set(cause, "%s: out of memory", path);
			p->nsnmp++;
		} else if (is(n, "banner")) {
			p->nbanner++;
			if (attr_rx(&p->banner[p->nbanner - 1], n, "pattern", 0, path, cause) == -1)
				return -1;
		} else if (is(n, "probe")) {
			p->nprobe++;
			p->probe[p->nprobe - 1].command = attr(n, "command", &oom);
			if (oom)
				return err_set(cause, "%s: out of memory", path);
			if (attr_rx(&p->probe[p->nprobe - 1].rx, n, "pattern", PCRE2_MULTILINE,
			    path, cause) == -1)
				return -1;
		}
	}
	return 0;
}

static int
load_session(struct profile *p, const xmlNode *s, const char *path, char **cause)
{
	const xmlNode *n;
	xmlChar *v;
	char *mode;
	int oom = 0;

	mode = attr(s, "mode", &oom);
	p->mode = mode != NULL && strcmp(mode, "shell") == 0 ? PROFILE_SHELL : PROFILE_EXEC;
	free(mode);
	p->batch = p->mode == PROFILE_EXEC && attr_bool(s, "batch");
	p->shared = p->batch && attr_bool(s, "shared");
	p->enable = attr(s, "enable", &oom);
	if (oom || (p->setup = calloc(count_children(s, "setup") + 1, sizeof *p->setup)) == NULL)
		return err_set(cause, "%s: out of memory", path);
	for (n = s->children; n != NULL; n = n->next) {
		if (!is(n, "setup"))
			continue;
		v = xmlNodeGetContent(n);
		p->setup[p->nsetup] = v != NULL ? strdup((const char *)v) : NULL;
		xmlFree(v);
		if (p->setup[p->nsetup] == NULL)
			return err_set(cause, "%s: out of memory", path);
		p->nsetup++;
	}
	if (attr_rx(&p->prompt, s, "prompt", 0, path, cause) == -1 ||
	    attr_rx(&p->privileged, s, "privileged-prompt", 0, path, cause) == -1 ||
	    attr_rx(&p->password, s, "password-prompt", 0, path, cause) == -1 ||
	    attr_rx(&p->pager, s, "pager", 0, path, cause) == -1 ||
	    attr_rx(&p->error, s, "error", PCRE2_MULTILINE, path, cause) == -1 ||
	    attr_rx(&p->trailer, s, "trailer", 0, path, cause) == -1)
		return -1;
	if (p->mode == PROFILE_SHELL && p->prompt.code == NULL)
		return err_set(cause, "%s:%ld: a shell session needs a prompt pattern", path,
		    xmlGetLineNo(s));
	return 0;
}

static int
load_command(struct profile *p, const xmlNode *n, const char *path, char **cause)
{
	struct profile_command *c = &p->cmd[p->ncmd];
	xmlChar *v;
	size_t i;
	int oom = 0;

	p->ncmd++;
	c->artifact = attr(n, "artifact", &oom);
	c->parser = attr(n, "parser", &oom);
	c->privileged = attr_bool(n, "privileged");
	c->optional = attr_bool(n, "optional");
	v = xmlNodeGetContent(n);
	c->command = v != NULL ? strdup((const char *)v) : NULL;
	xmlFree(v);
	if (oom || c->command == NULL || c->artifact == NULL)
		return err_set(cause, "%s: out of memory", path);
	if (c->parser != NULL && parse_find(c->parser) == NULL)
		return err_set(cause, "%s:%ld: unknown parser '%s'", path, xmlGetLineNo(n),
		    c->parser);
	if (strchr(c->command, '\n') != NULL && p->mode == PROFILE_SHELL)
		return err_set(cause, "%s:%ld: a shell command must be one line", path,
		    xmlGetLineNo(n));
	for (i = 0; i + 1 < p->ncmd; i++)
		if (strcmp(p->cmd[i].artifact, c->artifact) == 0)
			return err_set(cause, "%s:%ld: artifact '%s' named twice", path,
			    xmlGetLineNo(n), c->artifact);
	return 0;
}

/* Parses one profile document from memory (path names it in errors). */
static int
profile_parse(const char *data, size_t len, const char *path, struct profile **out,
    char **cause)
{
	struct profile *p = NULL;
	xmlDoc *doc = NULL;
	xmlNode *root, *n;
	char *red = NULL;
	int rc = -1, oom = 0;

	*out = NULL;
	if (match_ctx == NULL && (match_ctx = pcre2_match_context_create(NULL)) != NULL)
		pcre2_set_match_limit(match_ctx, PROFILE_MATCH_LIMIT);
	if (xmldoc_read(path, data, len, "scanner/profile.xsd", &doc, cause) == -1)
		goto out;
	root = xmlDocGetRootElement(doc);
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->cmd = calloc(count_children(root, "command") + 1, sizeof *p->cmd)) == NULL) {
		err_set(cause, "%s: out of memory", path);
		goto out;
	}
	p->name = attr(root, "name", &oom);
	red = attr(root, "redact", &oom);
	if (oom || p->name == NULL || red == NULL) {
		err_set(cause, "%s: out of memory", path);
		goto out;
	}
	if (redact_platform_from_name(red, &p->redact) == -1) {
		err_set(cause, "%s: unknown redact platform '%s'", path, red);
		goto out;
	}
	/* The schema fixes the order: recognise, session, command... */
	for (n = root->children; n != NULL; n = n->next) {
		if (is(n, "recognise") && load_recognise(p, n, path, cause) == -1)
			goto out;
		if (is(n, "session") && load_session(p, n, path, cause) == -1)
			goto out;
		if (is(n, "command") && load_command(p, n, path, cause) == -1)
			goto out;
	}
	*out = p;
	p = NULL;
	rc = 0;
out:
	free(red);
	profile_free(&p);
	xmlFreeDoc(doc);
	return rc;
}

static int
read_file(const char *path, char **data, size_t *len, char **cause)
{
	struct stat st;
	char *p = NULL;
	size_t got = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(cause, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > PROFILE_FILE_MAX) {
		close(fd);
		return err_set(cause, "%s: not a regular file of at most %d bytes", path,
		    PROFILE_FILE_MAX);
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return err_set(cause, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, p + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	p[got] = '\0';
	*data = p;
	*len = got;
	return 0;
}

int
profile_check_file(const char *path, char **cause)
{
	struct profile *p = NULL;
	char *data = NULL;
	size_t len;
	int rc;

	if (read_file(path, &data, &len, cause) == -1)
		return -1;
	rc = profile_parse(data, len, path, &p, cause);
	profile_free(&p);
	free(data);
	return rc;
}

int
profile_from_memory(const char *data, size_t len, const char *name, struct profile **out,
    char **cause)
{
	*out = NULL;
	if (len > PROFILE_FILE_MAX)
		return err_set(cause, "%s: larger than %d bytes", name, PROFILE_FILE_MAX);
	return profile_parse(data, len, name, out, cause);
}

/* Adds p to set, replacing a profile of the same name. */
static int
set_put(struct profile_set *set, struct profile *p, char **cause)
{
	struct profile **np;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->p[i]->name, p->name) == 0) {
			profile_free(&set->p[i]);
			set->p[i] = p;
			return 0;
		}
	if (set->n >= PROFILE_MAX)
		return err_set(cause, "more than %d profiles", PROFILE_MAX);
	if ((np = realloc(set->p, (set->n + 1) * sizeof *np)) == NULL)
		return err_set(cause, "out of memory");
	set->p = np;
	set->p[set->n++] = p;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(struct profile *const *)a)->name, (*(struct profile *const *)b)->name);
}

static int
ends_xml(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

int
profile_set_load(struct profile_set **out, const char *dir, char **cause)
{
	struct profile_set *set = NULL;
	struct profile *p = NULL;
	struct dirent **names = NULL;
	const char *name, *data;
	char path[4096], *buf = NULL;
	size_t i, len;
	int nn = 0, k, rc = -1;

	*out = NULL;
	if ((set = calloc(1, sizeof *set)) == NULL)
		return err_set(cause, "out of memory");
	for (i = 0; (data = embed_at(i, &name, &len)) != NULL; i++) {
		/* Only the profiles: shipped policies are embedded alongside. */
		if (strncmp(name, "scanner/profiles/", 17) != 0 || !ends_xml(name))
			continue;
		snprintf(path, sizeof path, "built-in %s", name + 17);
		if (profile_parse(data, len, path, &p, cause) == -1 || set_put(set, p, cause) == -1)
			goto out;
		p = NULL;
	}
	if (dir != NULL) {
		if ((nn = scandir(dir, &names, NULL, alphasort)) == -1) {
			err_set(cause, "%s: %s", dir, strerror(errno));
			goto out;
		}
		for (k = 0; k < nn; k++) {
			if (names[k]->d_name[0] == '.' || !ends_xml(names[k]->d_name))
				continue;
			if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[k]->d_name) >=
			    sizeof path) {
				err_set(cause, "%s: path too long", dir);
				goto out;
			}
			if (read_file(path, &buf, &len, cause) == -1 ||
			    profile_parse(buf, len, path, &p, cause) == -1 ||
			    set_put(set, p, cause) == -1)
				goto out;
			p = NULL;
			free(buf);
			buf = NULL;
		}
	}
	if (set->n > 0)
		qsort(set->p, set->n, sizeof *set->p, by_name);
	*out = set;
	set = NULL;
	rc = 0;
out:
	free(buf);
	profile_free(&p);
	for (k = 0; k < nn; k++)
		free(names[k]);
	free(names);
	profile_set_free(&set);
	return rc;
}

void
profile_set_free(struct profile_set **setp)
{
	struct profile_set *set = *setp;
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		profile_free(&set->p[i]);
	free(set->p);
	free(set);
	*setp = NULL;
}

size_t
profile_count(const struct profile_set *set)
{
	return set->n;
}

const struct profile *
profile_at(const struct profile_set *set, size_t i)
{
	return i < set->n ? set->p[i] : NULL;
}

const struct profile *
profile_by_name(const struct profile_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->p[i]->name, name) == 0)
			return set->p[i];
	return NULL;
}

const struct profile *
profile_for_snmp(const struct profile_set *set, const char *platform)
{
	size_t i, j;

	if (platform == NULL)
		return NULL;
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->p[i]->nsnmp; j++)
			if (strcmp(set->p[i]->snmp[j], platform) == 0)
				return set->p[i];
	return NULL;
}

const struct profile *
profile_for_banner(const struct profile_set *set, const char *banner)
{
	size_t i, j;

	if (banner == NULL)
		return NULL;
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->p[i]->nbanner; j++)
			if (rx_find(&set->p[i]->banner[j], banner, strlen(banner), NULL, NULL))
				return set->p[i];
	return NULL;
}

const char *
profile_name(const struct profile *p)
{
	return p->name;
}

enum profile_mode
profile_mode(const struct profile *p)
{
	return p->mode;
}

int
profile_batch(const struct profile *p)
{
	return p->batch;
}

int
profile_batch_shared(const struct profile *p)
{
	return p->shared;
}

enum redact_platform
profile_redact(const struct profile *p)
{
	return p->redact;
}

size_t
profile_ncommands(const struct profile *p)
{
	return p->ncmd;
}

const struct profile_command *
profile_command_at(const struct profile *p, size_t i)
{
	return i < p->ncmd ? &p->cmd[i] : NULL;
}

size_t
profile_nsetup(const struct profile *p)
{
	return p->nsetup;
}

const char *
profile_setup_at(const struct profile *p, size_t i)
{
	return i < p->nsetup ? p->setup[i] : NULL;
}

size_t
profile_nprobes(const struct profile *p)
{
	return p->nprobe;
}

const char *
profile_probe_command(const struct profile *p, size_t i)
{
	return i < p->nprobe ? p->probe[i].command : NULL;
}

int
profile_probe_match(const struct profile *p, size_t i, const char *text, size_t len)
{
	return i < p->nprobe && rx_find(&p->probe[i].rx, text, len, NULL, NULL);
}

int
profile_is_prompt(const struct profile *p, const char *line, size_t len)
{
	return rx_find(&p->prompt, line, len, NULL, NULL);
}

int
profile_is_privileged(const struct profile *p, const char *line, size_t len)
{
	if (p->privileged.code == NULL)
		return 1;
	return rx_find(&p->privileged, line, len, NULL, NULL);
}

int
profile_is_password_prompt(const struct profile *p, const char *line, size_t len)
{
	return rx_find(&p->password, line, len, NULL, NULL);
}

int
profile_find_pager(const struct profile *p, const char *text, size_t len, size_t *off,
    size_t *mlen)
{
	return rx_find(&p->pager, text, len, off, mlen);
}

int
profile_is_error(const struct profile *p, const char *text, size_t len)
{
	return rx_find(&p->error, text, len, NULL, NULL);
}

const char *
profile_enable(const struct profile *p)
{
	return p->enable;
}

int
profile_is_trailer(const struct profile *p, const char *line, size_t len)
{
	return rx_find(&p->trailer, line, len, NULL, NULL);
}
