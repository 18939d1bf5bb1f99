#include "common/xmldoc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "common/embed.h"
#include "common/err.h"

struct xml_err {
	int	 set;
	int	 line;
	char	 msg[512];
};

/* Keeps the first error only: later ones are usually consequences of it. */
static void
xml_err_keep(void *arg, xmlErrorPtr e)
{
	struct xml_err *x = arg;
	size_t n;

	if (x->set || e == NULL)
		return;
	x->set = 1;
	x->line = e->line;
	strncpy(x->msg, e->message != NULL ? e->message : "invalid XML", sizeof x->msg - 1);
	x->msg[sizeof x->msg - 1] = '\0';
	n = strlen(x->msg);
	while (n > 0 && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

static void
xml_generic_quiet(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;
}

/* Every external load (entity, DTD, schema import) is refused. */
static xmlParserInputPtr
xml_no_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static size_t
line_of(const char *data, const char *at)
{
	size_t line = 1;

	for (; data < at; data++)
		if (*data == '\n')
			line++;
	return line;
}

int
xmldoc_slurp(const char *file, size_t max, char **data, size_t *len, char **cause)
{
	struct stat sb;
	char *p = NULL;
	size_t got = 0;
	ssize_t n;
	int fd;

	*data = NULL;
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(cause, "%s: %s", file, strerror(errno));
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(cause, "%s: not a regular file", file);
	}
	if ((size_t)sb.st_size > max) {
		close(fd);
		return err_set(cause, "%s: larger than %zu bytes", file, max);
	}
	if ((p = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return err_set(cause, "%s: out of memory", file);
	}
	while (got < (size_t)sb.st_size) {
		n = read(fd, p + got, (size_t)sb.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		free(p);
		return err_set(cause, "%s: short read", file);
	}
	p[got] = '\0';
	*data = p;
	*len = got;
	return 0;
}

int
xmldoc_read(const char *name, const char *data, size_t len, const char *xsd,
    xmlDocPtr *doc, char **cause)
{
	xmlExternalEntityLoader saved = xmlGetExternalEntityLoader();
	xmlSchemaParserCtxtPtr sp = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlParserCtxtPtr pc = NULL;
	xmlSchemaPtr schema = NULL;
	xmlDocPtr d = NULL;
	struct xml_err xe = { 0 };
	const char *schema_text, *dt;
	size_t schema_len;
	int rc = -1;

	*doc = NULL;
	if (len > (size_t)0x7fffffff)
		return err_set(cause, "%s: too large", name);
	if (memchr(data, '\0', len) != NULL)
		return err_set(cause, "%s:%zu: NUL byte in XML", name,
		    line_of(data, memchr(data, '\0', len)));
	/* Our documents never need a DTD: refusing it outright rules out entity expansion
	 * (billion laughs) and external entities (XXE) before any parser sees them. */
	if ((dt = memmem(data, len, "<!DOCTYPE", 9)) != NULL ||
	    (dt = memmem(data, len, "<!ENTITY", 8)) != NULL)
		return err_set(cause, "%s:%zu: DOCTYPE and entity declarations are not "
		    "allowed", name, line_of(data, dt));
	if ((schema_text = embed_find(xsd, &schema_len)) == NULL)
		return err_set(cause, "%s: schema %s is not built in", name, xsd);

	xmlSetExternalEntityLoader(xml_no_external);
	xmlSetGenericErrorFunc(NULL, xml_generic_quiet);
	xmlSetStructuredErrorFunc(&xe, xml_err_keep);

	if ((pc = xmlNewParserCtxt()) == NULL) {
		err_set(cause, "%s: out of memory", name);
		goto out;
	}
	d = xmlCtxtReadMemory(pc, data, (int)len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING);
	if (d == NULL || !pc->wellFormed) {
		if (xe.set)
			err_set(cause, "%s:%d: %s", name, xe.line, xe.msg);
		else
			err_set(cause, "%s: not well-formed XML", name);
		goto out;
	}
	if (d->intSubset != NULL || d->extSubset != NULL) {
		err_set(cause, "%s: DOCTYPE is not allowed", name);
		goto out;
	}
	if ((sp = xmlSchemaNewMemParserCtxt(schema_text, (int)schema_len)) == NULL ||
	    (schema = xmlSchemaParse(sp)) == NULL ||
	    (vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		err_set(cause, "%s: built-in schema %s does not load%s%s", name, xsd,
		    xe.set ? ": " : "", xe.set ? xe.msg : "");
		goto out;
	}
	xe.set = 0;
	xmlSchemaSetValidStructuredErrors(vc, xml_err_keep, &xe);
	if (xmlSchemaValidateDoc(vc, d) != 0) {
		if (xe.set)
			err_set(cause, "%s:%d: %s", name, xe.line, xe.msg);
		else
			err_set(cause, "%s: does not validate against %s", name, xsd);
		goto out;
	}
	*doc = d;
	d = NULL;
	rc = 0;
out:
	if (vc != NULL)
		xmlSchemaFreeValidCtxt(vc);
	if (schema != NULL)
		xmlSchemaFree(schema);
	if (sp != NULL)
		xmlSchemaFreeParserCtxt(sp);
	if (d != NULL)
		xmlFreeDoc(d);
	if (pc != NULL)
		xmlFreeParserCtxt(pc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetExternalEntityLoader(saved);
	return rc;
}

xmlNodePtr
xmldoc_next(xmlNodePtr n)
{
	for (n = n != NULL ? n->next : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr
xmldoc_first(xmlNodePtr n)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

int
xmldoc_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

char *
xmldoc_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Text with leading/trailing blanks removed and inner runs of blanks made one space,
 * so that indented prose in a policy reads as one paragraph. */
char *
xmldoc_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *p;
	char *s, *o;
	int space = 0;

	if (v == NULL)
		return strdup("");
	if ((s = malloc(strlen((const char *)v) + 1)) == NULL) {
		xmlFree(v);
		return NULL;
	}
	o = s;
	for (p = (const char *)v; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = o != s;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *p;
	}
	*o = '\0';
	xmlFree(v);
	return s;
}
