/* The shipped baselines read only what the scanners produce: every fact key a shipped
 * policy reads (<fact key=> in rules and applicability) is documented in docs/facts.md
 * and named by a string literal in the scanner sources; every artifact a policy reads is
 * captured by the SSH profile of each platform the policy applies to (or, for a policy
 * without platforms, by some profile or scanner); every platform named is a profile.
 * A key read by a policy that nothing emits gives "error" on every real device, which no
 * corpus test can see: the corpus tests feed the artifact under the name the test chose. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "audit/policy.h"
#include "common/xmldoc.h"
#include "common/embed.h"

#define MAX_ITEMS	1024

struct list {
	char	*v[MAX_ITEMS];
	size_t	 n;
};

static void
list_add(struct list *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && memcmp(l->v[i], s, n) == 0)
			return;
	assert_true(l->n < MAX_ITEMS);
	assert_non_null(l->v[l->n] = strndup(s, n));
	l->n++;
}

static void
list_free(struct list *l)
{
	while (l->n > 0)
		free(l->v[--l->n]);
}

static const char *
top_dir(void)
{
	const char *t = getenv("NETLOOM_TOP");

	return t != NULL ? t : ".";
}

static char *
slurp(const char *rel, size_t *len)
{
	char path[1024], *data = NULL, *cause = NULL;

	snprintf(path, sizeof path, "%s/%s", top_dir(), rel);
	if (xmldoc_slurp(path, 16u << 20, &data, len, &cause) == -1)
		fail_msg("%s", cause);
	return data;
}

/* A documented key: lower-case dotted, or with upper-case placeholder segments
 * (pkg.NAME, sysctl.KEY, disk.crypt.NAME). */
static int
doc_key(const char *s, size_t n)
{
	size_t i, dots = 0;

	if (n < 3 || !islower((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (i + 1 == n || s[i + 1] == '.')
				return 0;
			dots++;
		} else if (!isalnum((unsigned char)s[i]) && strchr("_-@+", s[i]) == NULL)
			return 0;
	}
	return dots > 0;
}

/* Every `key` in docs/facts.md. */
static void
documented_keys(struct list *keys)
{
	size_t len;
	char *doc = slurp("docs/facts.md", &len);
	const char *p = doc, *e;

	while ((p = strchr(p, '`')) != NULL && (e = strchr(p + 1, '`')) != NULL) {
		if (doc_key(p + 1, (size_t)(e - p - 1)))
			list_add(keys, p + 1, (size_t)(e - p - 1));
		p = e + 1;
	}
	free(doc);
	/* The parser of the table must keep working as the document grows. */
	assert_true(keys->n > 40);
}

/* pat's upper-case segment matches one or more segments of key (names may hold dots:
 * service.telnet.socket, sysctl.net.ipv4.ip_forward). Returns the literal prefix length
 * before the placeholder through *pre (the whole pattern when there is none). */
static int
key_matches(const char *pat, const char *key, size_t *pre)
{
	const char *ph = pat;
	size_t pl;

	/* find the first placeholder segment */
	for (;;) {
		const char *dot = strchr(ph, '.');

		if (isupper((unsigned char)ph[0]))
			break;
		if (dot == NULL) {
			*pre = strlen(pat);
			return strcmp(pat, key) == 0;
		}
		ph = dot + 1;
	}
	pl = (size_t)(ph - pat);
	*pre = pl;
	if (strncmp(pat, key, pl) != 0 || key[pl] == '\0')
		return 0;
	/* a placeholder is the last segment in every documented key */
	return strchr(ph, '.') == NULL;
}

/* Concatenation of the sources that set facts and artifacts. */
static char *
scanner_sources(size_t *len)
{
	static const char *const extra[] = { "inventory/snapshot.h" };
	char dir[1024], rel[1200], *all = NULL, *t;
	size_t n = 0, tl, i;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/scanner", top_dir());
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);

		if (nl < 3 || (strcmp(de->d_name + nl - 2, ".c") != 0 &&
		    strcmp(de->d_name + nl - 2, ".h") != 0))
			continue;
		snprintf(rel, sizeof rel, "scanner/%s", de->d_name);
		t = slurp(rel, &tl);
		assert_non_null(all = realloc(all, n + tl + 2));
		memcpy(all + n, t, tl);
		n += tl;
		all[n++] = '\n';
		all[n] = '\0';
		free(t);
	}
	closedir(d);
	for (i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		t = slurp(extra[i], &tl);
		assert_non_null(all = realloc(all, n + tl + 2));
		memcpy(all + n, t, tl);
		n += tl;
		all[n++] = '\n';
		all[n] = '\0';
		free(t);
	}
	*len = n;
	return all;
}

/* "literal" (or "literal as a prefix for a placeholder key) in the sources. */
static int
in_sources(const char *src, const char *lit, size_t n)
{
	char q[256];

	snprintf(q, sizeof q, "\"%.*s%s", (int)n, lit, lit[n - 1] == '.' ? "" : "\"");
	return strstr(src, q) != NULL;
}

/* Artifacts a profile captures: its artifact="X" attributes. */
static void
profile_artifacts(const char *platform, struct list *arts)
{
	char name[256], q[] = "artifact=\"";
	const char *text, *p, *e;
	size_t len;

	snprintf(name, sizeof name, "scanner/profiles/%s.xml", platform);
	if ((text = embed_find(name, &len)) == NULL)
		return;
	for (p = text; (p = strstr(p, q)) != NULL; p = e + 1) {
		p += sizeof q - 1;
		assert_non_null(e = strchr(p, '"'));
		list_add(arts, p, (size_t)(e - p));
	}
}

struct reads {
	struct list	 keys, arts, plats;
};

static void
walk(xmlNode *n, struct reads *r, int in_policy_applies)
{
	for (; n != NULL; n = n->next) {
		xmlChar *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "fact") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"key")) != NULL) {
			list_add(&r->keys, (const char *)v, strlen((const char *)v));
			xmlFree(v);
		}
		if ((v = xmlGetProp(n, (const xmlChar *)"artifact")) != NULL) {
			list_add(&r->arts, (const char *)v, strlen((const char *)v));
			xmlFree(v);
		}
		/* the artifact a missing fact is looked for in (packages: "packages" unless
		 * named) must be captured too, or the rule can only be an error */
		if ((v = xmlGetProp(n, (const xmlChar *)"source")) != NULL) {
			list_add(&r->arts, (const char *)v, strlen((const char *)v));
			xmlFree(v);
		} else if (strcmp((const char *)n->name, "packages") == 0)
			list_add(&r->arts, "packages", 8);
		if (in_policy_applies && strcmp((const char *)n->name, "platform") == 0 &&
		    (v = xmlNodeGetContent(n)) != NULL) {
			list_add(&r->plats, (const char *)v, strlen((const char *)v));
			xmlFree(v);
		}
		walk(n->children, r, in_policy_applies ||
		    (strcmp((const char *)n->name, "applies") == 0 && n->parent != NULL &&
		    strcmp((const char *)n->parent->name, "policy") == 0));
	}
}

static void
policy_reads(const char *name, struct reads *r)
{
	const char *text;
	size_t len;
	xmlDoc *doc;

	assert_non_null(text = policy_shipped_text(name, &len));
	assert_non_null(doc = xmlReadMemory(text, (int)len, name, NULL, XML_PARSE_NONET));
	walk(xmlDocGetRootElement(doc), r, 0);
	xmlFreeDoc(doc);
}

static void
test_keys_and_artifacts(void **state)
{
	const char *const *names = policy_shipped();
	struct list doc = { 0 }, all_arts = { 0 };
	static const char *const plat_all[] = {
		"linux", "cisco-ios", "cisco-nxos", "junos", "arista-eos",
	};
	size_t srclen, i, k, j, nbad = 0, nkeys = 0, narts = 0;
	char *src = scanner_sources(&srclen);

	(void)state;
	documented_keys(&doc);
	for (i = 0; i < sizeof plat_all / sizeof plat_all[0]; i++)
		profile_artifacts(plat_all[i], &all_arts);
	/* The SNMP walk, and anything else a scanner stores outside the profiles. */
	{
		static const char call[] = "snapshot_add_artifact(";
		const char *p, *q, *e;

		for (p = src; (p = strstr(p, call)) != NULL; p++) {
			e = strchr(p, ';');
			q = strchr(p, '"');
			if (e != NULL && q != NULL && q < e && (e = strchr(q + 1, '"')) != NULL)
				list_add(&all_arts, q + 1, (size_t)(e - q - 1));
		}
	}
	assert_non_null(names);
	for (i = 0; names[i] != NULL; i++) {
		struct reads r = { 0 };

		policy_reads(names[i], &r);
		for (k = 0; k < r.keys.n; k++) {
			const char *key = r.keys.v[k];
			size_t pre = 0;
			int found = 0;

			nkeys++;
			for (j = 0; j < doc.n && !found; j++)
				if (key_matches(doc.v[j], key, &pre))
					found = 1;
			if (!found) {
				print_message("%s: fact %s is not in docs/facts.md\n", names[i], key);
				nbad++;
			} else if (!in_sources(src, doc.v[j - 1], pre)) {
				print_message("%s: fact %s (%s) is set by no scanner source\n",
				    names[i], key, doc.v[j - 1]);
				nbad++;
			}
		}
		for (k = 0; k < r.arts.n; k++) {
			struct list cap = { 0 };
			int found = 0;

			narts++;
			if (r.plats.n == 0) {
				for (j = 0; j < all_arts.n; j++)
					found |= strcmp(all_arts.v[j], r.arts.v[k]) == 0;
				if (!found) {
					print_message("%s: artifact %s is captured by nothing\n",
					    names[i], r.arts.v[k]);
					nbad++;
				}
				continue;
			}
			for (j = 0; j < r.plats.n; j++) {
				size_t m;

				list_free(&cap);
				profile_artifacts(r.plats.v[j], &cap);
				found = 0;
				for (m = 0; m < cap.n; m++)
					found |= strcmp(cap.v[m], r.arts.v[k]) == 0;
				if (!found) {
					print_message("%s: artifact %s is not captured by profile %s\n",
					    names[i], r.arts.v[k], r.plats.v[j]);
					nbad++;
				}
			}
			list_free(&cap);
		}
		for (k = 0; k < r.plats.n; k++) {
			char pn[256];
			size_t pl;

			snprintf(pn, sizeof pn, "scanner/profiles/%s.xml", r.plats.v[k]);
			if (embed_find(pn, &pl) == NULL) {
				print_message("%s: platform %s has no SSH profile\n", names[i],
				    r.plats.v[k]);
				nbad++;
			}
		}
		list_free(&r.keys);
		list_free(&r.arts);
		list_free(&r.plats);
	}
	print_message("checked %zu fact reads and %zu artifact reads\n", nkeys, narts);
	assert_true(nkeys > 20 && narts >= 5);
	assert_int_equal(nbad, 0);
	list_free(&doc);
	list_free(&all_arts);
	free(src);
}

/* The checker itself fails: a key nobody documents, a placeholder key, a literal that
 * no source holds, and an artifact that only another platform captures. */
static void
test_checker_fails(void **state)
{
	struct list doc = { 0 }, cap = { 0 };
	size_t srclen, j, pre;
	char *src = scanner_sources(&srclen);
	int found = 0;

	(void)state;
	documented_keys(&doc);
	for (j = 0; j < doc.n; j++)
		found |= key_matches(doc.v[j], "updates.unattended", &pre);
	assert_false(found);
	for (found = 0, j = 0; j < doc.n; j++)
		found |= key_matches(doc.v[j], "kernel.version", &pre);
	assert_false(found);
	for (found = 0, j = 0; j < doc.n && !found; j++)
		found = key_matches(doc.v[j], "service.telnet.socket", &pre);
	assert_true(found);
	assert_true(in_sources(src, doc.v[j - 1], pre));
	assert_true(in_sources(src, "os.kernel", 9));
	assert_true(in_sources(src, "snmp.version", 12));
	assert_false(in_sources(src, "firewall.active", 15));
	profile_artifacts("junos", &cap);
	for (found = 0, j = 0; j < cap.n; j++)
		found |= strcmp(cap.v[j], "running-config") == 0;
	assert_false(found);
	list_free(&cap);
	list_free(&doc);
	free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_artifacts),
		cmocka_unit_test(test_checker_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
