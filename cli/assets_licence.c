/* netloom assets licence|licences|owner: software licences and people */
#include "cli/assets_licence.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/err.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/licence.h"
#include "inventory/owner.h"

int
assets_licence_writes(const char *sub)
{
	return sub && (strcmp(sub, "add") == 0 || strcmp(sub, "set") == 0 ||
	    strcmp(sub, "import") == 0);
}

static int
json_licence_fields(struct buf *b, const char *schema, const struct licence_view *l)
{
	int f;

	if (json_kv_str(b, 1, "schema", schema) == -1 || json_kv_int(b, 0, "version", 1) == -1 ||
	    json_kv_int(b, 0, "id", l->id) == -1)
		return -1;
	for (f = 0; f < LIC_NFIELDS; f++) {
		if (f == LIC_SEATS && l->v[f]) {
			if (json_kv_int(b, 0, "seats", strtoll(l->v[f], NULL, 10)) == -1)
				return -1;
		} else if (json_kv_str(b, 0, licence_field_name(f), l->v[f]) == -1)
			return -1;
	}
	return 0;
}

struct list_ctx {
	int		 json;
	struct buf	 b;
	long		 count;
};

static int
list_one(const struct licence_view *l, void *arg)
{
	struct list_ctx *x = arg;

	x->count++;
	if (x->json) {
		buf_reset(&x->b);
		if (buf_puts(&x->b, "{") == -1 || json_licence_fields(&x->b, "netloom-licence", l) == -1 ||
		    buf_puts(&x->b, "}\n") == -1)
			return -1;
		fputs(x->b.data, stdout);
		return 0;
	}
	assets_put_text(l->v[LIC_NAME], 24); putchar(' ');
	assets_put_text(l->v[LIC_VENDOR], 14); putchar(' ');
	assets_put_text(l->v[LIC_SEATS], 6); putchar(' ');
	assets_put_text(l->v[LIC_ASSIGNEE] ? l->v[LIC_ASSIGNEE] : l->v[LIC_DEPARTMENT], 18);
	putchar(' ');
	assets_put_text(l->v[LIC_EXPIRES], 10); putchar(' ');
	assets_put_text(l->v[LIC_PATTERN], 0);
	putchar('\n');
	return 0;
}

static void
bad_row(long line, const char *why, void *arg)
{
	log_warnx("%s:%ld: %s", (const char *)arg, line, why);
}

static int
licence_import_cmd(struct store *st, int argc, char **argv, char **cause)
{
	struct asset_import_opts o = { 0 };
	struct asset_import_stats stats;
	struct buf data, src;
	const char *file = NULL, *base;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--strict") == 0)
			o.strict = 1;
		else if (strncmp(argv[i], "--map=", 6) == 0)
			o.map = argv[i] + 6;
		else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc)
			o.map = argv[++i];
		else if (strcmp(argv[i], "--map") == 0) {
			log_warnx("assets licence import: --map needs 'Header=field,...'");
			return EXIT_ERROR;
		} else if (file == NULL)
			file = argv[i];
		else {
			log_warnx("assets licence import: unexpected argument '%s'", argv[i]);
			return EXIT_ERROR;
		}
	}
	if (file == NULL) {
		log_warnx("assets licence import: expected one FILE.csv (or - for stdin)");
		return EXIT_ERROR;
	}
	if (assets_read_whole(file, &data, cause) == -1)
		return EXIT_ERROR;
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	buf_init(&src, 4096);
	buf_printf(&src, "import:%s", base);
	o.source = src.data;
	o.bad_row = bad_row;
	o.arg = (void *)file;
	rc = licence_import(st, data.data, data.len, &o, &stats, cause);
	buf_free(&data);
	buf_free(&src);
	if (rc == -1) {
		if (*cause && strncmp(*cause, "line ", 5) == 0) {
			log_warnx("%s:%s", file, *cause + 5);
			free(*cause);
			*cause = NULL;
		} else if (*cause)
			err_prefix(cause, "%s: ", file);
		return EXIT_ERROR;
	}
	printf("%s: %ld licences: %ld created, %ld updated, %ld unchanged, %ld bad\n", file,
	    stats.rows, stats.created, stats.updated, stats.unchanged, stats.bad);
	return stats.bad ? EXIT_NONCOMPLIANT : EXIT_OK;
}

/* One history line: time, source, field, old -> new (people's text made printable). */
int
assets_print_change(const struct asset_change *c, void *arg)
{
	char t[32];

	(void)arg;
	json_time(c->at, t);
	printf("%s  %-24s %-14s ", t, c->source, c->field);
	assets_put_text(c->old_value, 0);
	fputs(" -> ", stdout);
	assets_put_text(c->new_value, 0);
	putchar('\n');
	return 0;
}

/* ---- usage ---- */

static const char *const flag_names[] = { "over-seats", "unused", "expiring", "expired" };

struct usage_ctx {
	int		 json;
	int		 show;		/* licence show: every field and installation */
	int		 expiring;
	struct buf	 b;
	long		 licences, findings;
};

static int
json_usage(struct buf *b, const struct licence_usage *u, int expiring)
{
	size_t i;
	int k, first = 1;

	if (buf_puts(b, "{") == -1 || json_licence_fields(b, "netloom-licence-usage", u->l) == -1 ||
	    json_kv_int(b, 0, "installed", (int64_t)u->ninstalls) == -1)
		return -1;
	if (u->has_expiry && json_kv_int(b, 0, "days_left", u->days_left) == -1)
		return -1;
	if (json_kv_int(b, 0, "expiring_days", expiring) == -1 ||
	    buf_puts(b, ",\"findings\":[") == -1)
		return -1;
	for (k = 0; k < 4; k++)
		if (u->flags & (1 << k)) {
			if ((!first && buf_puts(b, ",") == -1) || json_str(b, flag_names[k]) == -1)
				return -1;
			first = 0;
		}
	if (buf_puts(b, "],\"installs\":[") == -1)
		return -1;
	for (i = 0; i < u->ninstalls; i++) {
		const struct licence_install *n = &u->installs[i];

		if (buf_puts(b, i ? ",{" : "{") == -1 ||
		    json_kv_int(b, 1, "device_id", n->device_id) == -1 ||
		    json_kv_str(b, 0, "device", n->device) == -1 ||
		    json_kv_str(b, 0, "package", n->package) == -1 ||
		    json_kv_str(b, 0, "version", *n->version ? n->version : NULL) == -1 ||
		    json_kv_str(b, 0, "source", n->source) == -1 || buf_puts(b, "}") == -1)
			return -1;
	}
	return buf_puts(b, "]}\n");
}

static void
print_findings(const struct licence_usage *u)
{
	const struct licence_view *l = u->l;

	if (u->flags & LICENCE_OVER) {
		fputs("over-seats  ", stdout);
		assets_put_text(l->v[LIC_NAME], 0);
		printf(": %zu installations, %s seats\n", u->ninstalls, l->v[LIC_SEATS]);
	}
	if (u->flags & LICENCE_UNUSED) {
		fputs("unused      ", stdout);
		assets_put_text(l->v[LIC_NAME], 0);
		fputs(": no installation matches ", stdout);
		assets_put_text(l->v[LIC_PATTERN] ? l->v[LIC_PATTERN] : l->v[LIC_NAME], 0);
		putchar('\n');
	}
	if (u->flags & LICENCE_EXPIRING) {
		fputs("expiring    ", stdout);
		assets_put_text(l->v[LIC_NAME], 0);
		printf(": in %lld day%s\n", (long long)u->days_left, u->days_left == 1 ? "" : "s");
	}
	if (u->flags & LICENCE_EXPIRED) {
		fputs("expired     ", stdout);
		assets_put_text(l->v[LIC_NAME], 0);
		printf(": %lld day%s ago\n", -(long long)u->days_left,
		    u->days_left == -1 ? "" : "s");
	}
}

static int
usage_one(const struct licence_usage *u, void *arg)
{
	struct usage_ctx *x = arg;
	const struct licence_view *l = u->l;
	size_t i;
	int k;

	x->licences++;
	for (k = 0; k < 4; k++)
		if (u->flags & (1 << k))
			x->findings++;
	if (x->json) {
		buf_reset(&x->b);
		if (json_usage(&x->b, u, x->expiring) == -1)
			return -1;
		fputs(x->b.data, stdout);
		return 0;
	}
	if (x->show) {
		for (k = 0; k < LIC_NFIELDS; k++) {
			printf("%-14s ", licence_field_name(k));
			assets_put_text(l->v[k], 0);
			putchar('\n');
		}
		printf("%-14s %zu\n", "installed", u->ninstalls);
		for (i = 0; i < u->ninstalls; i++) {
			fputs("  ", stdout);
			assets_put_text(u->installs[i].device, 20);
			putchar(' ');
			assets_put_text(u->installs[i].package, 0);
			putchar(' ');
			assets_put_text(*u->installs[i].version ? u->installs[i].version : NULL, 0);
			printf(" (%s)\n", u->installs[i].source);
		}
		print_findings(u);
		return 0;
	}
	assets_put_text(l->v[LIC_NAME], 24); putchar(' ');
	assets_put_text(l->v[LIC_SEATS], 6); putchar(' ');
	printf("%-9zu ", u->ninstalls);
	assets_put_text(l->v[LIC_EXPIRES] ? l->v[LIC_EXPIRES] : l->v[LIC_TERMINATES], 10);
	putchar(' ');
	for (k = 0, i = 0; k < 4; k++)
		if (u->flags & (1 << k))
			printf("%s%s", i++ ? "," : "", flag_names[k]);
	if (i == 0)
		fputs("ok", stdout);
	putchar('\n');
	print_findings(u);
	return 0;
}

static int
parse_days(const char *what, const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 36500) {
		log_warnx("assets %s: '%s' is not 0-36500 days", what, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* netloom assets licences [--json] [--expiring N] */
int
assets_licences(struct store *st, int argc, char **argv, char **cause)
{
	struct usage_ctx x = { 0 };
	int i, rc;

	x.expiring = 30;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			x.json = 1;
		else if (strcmp(argv[i], "--expiring") == 0 && i + 1 < argc) {
			if (parse_days("licences --expiring", argv[++i], &x.expiring) == -1)
				return EXIT_ERROR;
		} else if (strncmp(argv[i], "--expiring=", 11) == 0) {
			if (parse_days("licences --expiring", argv[i] + 11, &x.expiring) == -1)
				return EXIT_ERROR;
		} else {
			log_warnx("assets licences: unexpected argument '%s'", argv[i]);
			return EXIT_ERROR;
		}
	}
	buf_init(&x.b, 0);
	if (!x.json)
		printf("%-24s %-6s %-9s %-10s %s\n", "LICENCE", "SEATS", "INSTALLED", "EXPIRES",
		    "STATUS");
	rc = licence_usage_each(st, NULL, x.expiring, 0, usage_one, &x, cause);
	buf_free(&x.b);
	if (rc == -1)
		return EXIT_ERROR;
	if (!x.json)
		printf("%ld licences, %ld findings (expiring: within %d days)\n", x.licences,
		    x.findings, x.expiring);
	return x.findings ? EXIT_NONCOMPLIANT : EXIT_OK;
}

/* netloom assets licence add|set|list|show|import ... */
int
assets_licence(struct store *st, int argc, char **argv, char **cause)
{
	struct list_ctx lx = { 0 };
	struct usage_ctx ux = { 0 };
	const char *sub = argc > 1 ? argv[1] : NULL;
	int changed, rc, json;

	if (sub == NULL) {
		log_warnx("assets licence: expected add, set, list, show, history or import");
		return EXIT_ERROR;
	}
	if (strcmp(sub, "history") == 0) {
		if (argc != 3) {
			log_warnx("assets licence history: expected NAME");
			return EXIT_ERROR;
		}
		return licence_history_each(st, argv[2], assets_print_change, NULL, cause) == 0 ?
		    EXIT_OK : EXIT_ERROR;
	}
	if (strcmp(sub, "add") == 0 || strcmp(sub, "set") == 0) {
		if (argc < 3) {
			log_warnx("assets licence %s: expected NAME [field=value ...]", sub);
			return EXIT_ERROR;
		}
		if (licence_set(st, argv[2], argv + 3, (size_t)(argc - 3), sub[0] == 'a', "cli",
		    &changed, cause) == -1)
			return EXIT_ERROR;
		printf("%s: %d change%s\n", argv[2], changed, changed == 1 ? "" : "s");
		return EXIT_OK;
	}
	if (strcmp(sub, "import") == 0)
		return licence_import_cmd(st, argc - 1, argv + 1, cause);
	json = argc > 2 && strcmp(argv[2], "--json") == 0;
	if (strcmp(sub, "list") == 0) {
		if (argc != 2 + json) {
			log_warnx("assets licence list: expected [--json]");
			return EXIT_ERROR;
		}
		lx.json = json;
		buf_init(&lx.b, 0);
		rc = licence_each(st, NULL, list_one, &lx, cause);
		buf_free(&lx.b);
		return rc == -1 ? EXIT_ERROR : EXIT_OK;
	}
	if (strcmp(sub, "show") == 0) {
		if (argc != 3 + json) {
			log_warnx("assets licence show: expected [--json] NAME");
			return EXIT_ERROR;
		}
		ux.json = json;
		ux.show = 1;
		ux.expiring = 30;
		buf_init(&ux.b, 0);
		rc = licence_usage_each(st, argv[2 + json], ux.expiring, 0, usage_one, &ux,
		    cause);
		buf_free(&ux.b);
		return rc == -1 ? EXIT_ERROR : EXIT_OK;
	}
	log_warnx("assets licence: unknown subcommand '%s'", sub);
	return EXIT_ERROR;
}

/* ---- people ---- */

struct owner_ctx {
	int		 json;
	struct buf	 items, off;
	long		 n;
};

static int
owner_one(const struct owner_item *it, void *arg)
{
	struct owner_ctx *x = arg;
	size_t i;

	x->n++;
	if (x->json) {
		if (buf_puts(&x->items, x->n > 1 ? ",{" : "{") == -1 ||
		    json_kv_str(&x->items, 1, "type", it->is_licence ? "licence" : "asset") == -1 ||
		    json_kv_str(&x->items, 0, "name", it->name) == -1 ||
		    json_kv_str(&x->items, 0, "what", it->what) == -1 ||
		    json_kv_str(&x->items, 0, "state", it->state) == -1 ||
		    json_kv_str(&x->items, 0, "owner", it->owner) == -1 ||
		    json_kv_str(&x->items, 0, "department", it->department) == -1 ||
		    json_kv_str(&x->items, 0, "action", it->action) == -1 ||
		    buf_puts(&x->items, ",\"devices\":[") == -1)
			return -1;
		for (i = 0; i < it->ndevices; i++)
			if (buf_puts(&x->items, i ? ",{" : "{") == -1 ||
			    json_kv_int(&x->items, 1, "id", it->devices[i].id) == -1 ||
			    json_kv_str(&x->items, 0, "name", it->devices[i].name) == -1 ||
			    json_kv_str(&x->items, 0, "compliance", it->devices[i].compliance)
			    == -1 || buf_puts(&x->items, "}") == -1)
				return -1;
		return buf_puts(&x->items, "]}");
	}
	fputs(it->is_licence ? "licence " : "asset   ", stdout);
	assets_put_text(it->name, 16); putchar(' ');
	assets_put_text(it->what, 20); putchar(' ');
	assets_put_text(it->state, 10); putchar(' ');
	assets_put_text(it->owner, 0);
	putchar('\n');
	for (i = 0; i < it->ndevices; i++) {
		fputs("        device ", stdout);
		assets_put_text(it->devices[i].name, 20);
		printf(" %s\n", it->devices[i].compliance);
	}
	if (!it->is_licence && it->ndevices == 0)
		fputs("        no linked device (not audited)\n", stdout);
	if (it->action && buf_printf(&x->off, "  %-8s %-7s ", it->action,
	    it->is_licence ? "licence" : "asset") == -1)
		return -1;
	if (it->action) {
		/* people's text, printed later: neutralise control characters now */
		const char *p;
		for (p = it->name; *p; p++)
			if (buf_printf(&x->off, "%c", (unsigned char)*p < 0x20 || *p == 0x7f ?
			    '?' : *p) == -1)
				return -1;
		if (buf_puts(&x->off, "\n") == -1)
			return -1;
	}
	return 0;
}

/* netloom assets owner [--json] NAME | --department D */
int
assets_owner(struct store *st, int argc, char **argv, char **cause)
{
	struct owner_ctx x = { 0 };
	const char *who = NULL;
	int i, dept = 0, rc = EXIT_ERROR;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			x.json = 1;
		else if (strcmp(argv[i], "--department") == 0 && i + 1 < argc && who == NULL) {
			dept = 1;
			who = argv[++i];
		} else if (who == NULL && argv[i][0] != '-')
			who = argv[i];
		else {
			log_warnx("assets owner: unexpected argument '%s'", argv[i]);
			return EXIT_ERROR;
		}
	}
	if (who == NULL || *who == '\0') {
		log_warnx("assets owner: expected NAME or --department D");
		return EXIT_ERROR;
	}
	buf_init(&x.items, 0);
	buf_init(&x.off, 0);
	if (owner_each(st, who, dept, owner_one, &x, cause) == -1)
		goto out;
	if (x.json) {
		struct buf h;

		buf_init(&h, 0);
		if (buf_puts(&h, "{") == -1 || json_kv_str(&h, 1, "schema", "netloom-owner") == -1 ||
		    json_kv_int(&h, 0, "version", 1) == -1 ||
		    json_kv_str(&h, 0, dept ? "department" : "person", who) == -1 ||
		    buf_puts(&h, ",\"items\":[") == -1) {
			buf_free(&h);
			err_set(cause, "output too large");
			goto out;
		}
		printf("%s%s]}\n", h.data, x.items.data ? x.items.data : "");
		buf_free(&h);
	} else {
		if (x.n == 0) {
			fputs("nothing is assigned to ", stdout);
			assets_put_text(who, 0);
			putchar('\n');
		}
		if (x.off.len)
			printf("offboarding (%s):\n%s", dept ? "department" : "person",
			    x.off.data);
	}
	rc = EXIT_OK;
out:
	buf_free(&x.items);
	buf_free(&x.off);
	return rc;
}
