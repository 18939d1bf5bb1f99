/* xmldoc: reading an XML document safely and validating it against an embedded
 * schema: credentials, device profiles, policies, waivers, jobs. No network, no DTD, no entity expansion: a
 * document with a DOCTYPE is refused before it is parsed; external loads of any kind
 * (entities, schema imports) are refused by the entity loader while we parse. */
#ifndef NETLOOM_XMLDOC_H
#define NETLOOM_XMLDOC_H

#include <stddef.h>

#include <libxml/tree.h>

/* Parses len bytes named name (for "NAME:LINE: what" messages) and validates the
 * document against the embedded schema xsd ("policy.xsd"). 0 with *doc (free with
 * xmlFreeDoc), or -1 with a cause. */
int	xmldoc_read(const char *name, const char *data, size_t len, const char *xsd,
	    xmlDocPtr *doc, char **cause);
/* Reads a whole file of at most max bytes into *data (NUL-terminated). 0 or -1. */
int	xmldoc_slurp(const char *file, size_t max, char **data, size_t *len,
	    char **cause);
/* The first element child of n (or its next element sibling), NULL at the end. */
xmlNodePtr xmldoc_first(xmlNodePtr n);
xmlNodePtr xmldoc_next(xmlNodePtr n);
/* 1 when n is an element called name. */
int	xmldoc_is(xmlNodePtr n, const char *name);
/* An attribute's value (malloc'd) or NULL; the element's text, trimmed (malloc'd,
 * "" when empty) or NULL when memory ran out. */
char	*xmldoc_attr(xmlNodePtr n, const char *name);
char	*xmldoc_text(xmlNodePtr n);

#endif
