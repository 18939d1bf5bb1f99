/* netloom assets: manage the asset register */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/asset.h"
#include "inventory/reconcile.h"
#include "inventory/store.h"
#include "cli/assets_licence.h"

#define CSV_FILE_MAX	(256u * 1024 * 1024)

/* Register text is people's text: print it, but never a control character. */
void
assets_put_text(const char *s, int width)
{
	int n = 0;

	for (; s != NULL && *s && (width <= 0 || n < width); s++, n++)
		putchar(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
	if (s == NULL || n == 0)
		putchar('-'), n++;
	for (; n < width; n++)
		putchar(' ');
}

int
assets_read_whole(const char *path, struct buf *b, char **cause)
{
	char chunk[65536];
	ssize_t n;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("%s", path);
		return -1;
	}
	buf_init(b, CSV_FILE_MAX);
	for (;;) {
		if ((n = read(fd, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s", path);
			break;
		}
		if (n == 0) {
			if (fd != STDIN_FILENO)
				close(fd);
			if (b->data == NULL)
				buf_puts(b, "");
			return 0;
		}
		if (buf_append(b, chunk, (size_t)n) == -1) {
			log_warnx("%s: larger than %u MiB", path, CSV_FILE_MAX >> 20);
			break;
		}
	}
	(void)cause;
	if (fd != STDIN_FILENO)
		close(fd);
	buf_free(b);
	return -1;
}

struct import_ctx {
	const char	*file;
};

static void
bad_row(long line, const char *why, void *arg)
{
	struct import_ctx *x = arg;

	log_warnx("%s:%ld: %s", x->file, line, why);
}

static int
do_import(struct store *st, int argc, char **argv, char **cause)
{
	static const struct option opts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct asset_import_opts o = { 0 };
	struct asset_import_stats stats;
	struct import_ctx x;
	struct buf data, src;
	const char *base;
	int c, rc;

	optind = 1;
	buf_init(&src, 4096);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm')
			o.map = optarg;
		else if (c == 's')
			o.strict = 1;
		else if (c == 'S')
			buf_puts(&src, optarg);
		else
			return EXIT_ERROR;
	}
	if (optind != argc - 1) {
		log_warnx("assets import: expected one FILE.csv (or - for stdin)");
		return EXIT_ERROR;
	}
	x.file = argv[optind];
	if (assets_read_whole(x.file, &data, cause) == -1)
		return EXIT_ERROR;
	base = strrchr(x.file, '/') ? strrchr(x.file, '/') + 1 : x.file;
	if (src.len == 0)
		buf_printf(&src, "import:%s", base);
	o.source = src.data;
	o.bad_row = bad_row;
	o.arg = &x;
	rc = asset_import(st, data.data, data.len, &o, &stats, cause);
	buf_free(&data);
	buf_free(&src);
	if (rc == -1) {
		if (*cause && strncmp(*cause, "line ", 5) == 0) {
			log_warnx("%s:%s", x.file, *cause + 5);
			free(*cause);
			*cause = NULL;
		} else if (*cause)
			err_prefix(cause, "%s: ", x.file);
		return EXIT_ERROR;
	}
	printf("%s: %ld rows: %ld created, %ld updated, %ld unchanged, %ld bad\n", x.file,
	    stats.rows, stats.created, stats.updated, stats.unchanged, stats.bad);
	return stats.bad ? EXIT_NONCOMPLIANT : EXIT_OK;
}

static int
do_export(struct store *st, int argc, char **argv, char **cause)
{
	struct buf out;
	FILE *f = stdout;
	int rc = EXIT_ERROR;

	if (argc > 2) {
		log_warnx("assets export: expected at most one FILE");
		return EXIT_ERROR;
	}
	buf_init(&out, 0);
	if (asset_export(st, &out, cause) == -1)
		goto out;
	if (argc == 2 && strcmp(argv[1], "-") != 0 && (f = fopen(argv[1], "we")) == NULL) {
		log_warn("%s", argv[1]);
		goto out;
	}
	if (fwrite(out.data, 1, out.len, f) != out.len || fflush(f) != 0) {
		log_warn("%s", argc == 2 ? argv[1] : "stdout");
		goto out;
	}
	rc = EXIT_OK;
out:
	if (f != stdout && f != NULL)
		fclose(f);
	buf_free(&out);
	return rc;
}

struct list_ctx {
	int		json;
	int64_t		count;
	const char	*owner;
	const char	*state;
	struct buf	b;
};

static int
json_asset(struct buf *b, const struct asset_view *a)
{
	char t[32];
	size_t i;
	int f;

	if (buf_puts(b, "{") == -1 || json_kv_str(b, 1, "schema", "netloom-asset") == -1 ||
	    json_kv_int(b, 0, "version", 1) == -1 || json_kv_int(b, 0, "id", a->id) == -1)
		return -1;
	for (f = 0; f < ASSET_NFIELDS; f++) {
		if (f == ASSET_WARRANTY_MONTHS)
			continue;
		if (json_kv_str(b, 0, asset_field_name(f), a->v[f]) == -1)
			return -1;
	}
	if (buf_puts(b, ",\"custom\":{") == -1)
		return -1;
	for (i = 0; i < a->ncustom; i++)
		if (json_kv_str(b, i == 0, a->custom_name[i], a->custom_value[i]) == -1)
			return -1;
	json_time(a->created, t);
	if (buf_puts(b, "}") == -1 || json_kv_str(b, 0, "created", t) == -1)
		return -1;
	json_time(a->updated, t);
	return json_kv_str(b, 0, "updated", t) == -1 || buf_puts(b, "}\n") == -1 ? -1 : 0;
}

static int
list_one(const struct asset_view *a, void *arg)
{
	struct list_ctx *x = arg;

	if (x->owner && (a->v[ASSET_OWNER] == NULL || strcasecmp(a->v[ASSET_OWNER], x->owner)))
		return 0;
	if (x->state && strcmp(a->v[ASSET_STATE], x->state) != 0)
		return 0;
	x->count++;
	if (x->json) {
		buf_reset(&x->b);
		if (json_asset(&x->b, a) == -1)
			return -1;
		fputs(x->b.data, stdout);
		return 0;
	}
	assets_put_text(a->v[ASSET_TAG], 14); putchar(' ');
	assets_put_text(a->v[ASSET_STATE], 10); putchar(' ');
	assets_put_text(a->v[ASSET_OWNER], 18); putchar(' ');
	assets_put_text(a->v[ASSET_HOSTNAME], 18); putchar(' ');
	assets_put_text(a->v[ASSET_SERIAL], 16); putchar(' ');
	assets_put_text(a->v[ASSET_MODEL], 0);
	putchar('\n');
	return 0;
}

static int
do_list(struct store *st, int argc, char **argv, char **cause)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "owner", required_argument, NULL, 'o' },
		{ "state", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_ctx x = { 0 };
	char *state = NULL;
	int c, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			x.json = 1;
		else if (c == 'o')
			x.owner = optarg;
		else if (c == 's') {
			free(state);
			if (asset_normalise(ASSET_STATE, optarg, &state, cause) == -1)
				return EXIT_ERROR;
			x.state = state;
		} else
			return EXIT_ERROR;
	}
	if (optind != argc) {
		log_warnx("assets list: unexpected argument '%s'", argv[optind]);
		free(state);
		return EXIT_ERROR;
	}
	buf_init(&x.b, 0);
	if (!x.json)
		printf("%-14s %-10s %-18s %-18s %-16s %s\n", "TAG", "STATE", "OWNER", "HOSTNAME",
		    "SERIAL", "MODEL");
	if (asset_each(st, NULL, list_one, &x, cause) == 0)
		rc = EXIT_OK;
	buf_free(&x.b);
	free(state);
	return rc;
}

struct show_ctx {
	int		json;
	int		found;
	struct buf	b;
};

static int
show_one(const struct asset_view *a, void *arg)
{
	struct show_ctx *x = arg;
	char t[32];
	size_t i;
	int f;

	x->found = 1;
	if (x->json) {
		if (json_asset(&x->b, a) == -1)
			return -1;
		fputs(x->b.data, stdout);
		return 0;
	}
	for (f = 0; f < ASSET_NFIELDS; f++) {
		if (f == ASSET_WARRANTY_MONTHS)
			continue;
		printf("%-16s ", asset_field_name(f));
		assets_put_text(a->v[f], 0);
		putchar('\n');
	}
	for (i = 0; i < a->ncustom; i++) {
		fputs("custom.", stdout);
		assets_put_text(a->custom_name[i], 9);
		putchar(' ');
		assets_put_text(a->custom_value[i], 0);
		putchar('\n');
	}
	json_time(a->created, t);
	printf("%-16s %s\n", "created", t);
	json_time(a->updated, t);
	printf("%-16s %s\n", "updated", t);
	return 0;
}

static int
do_show(struct store *st, int argc, char **argv, char **cause)
{
	struct show_ctx x = { 0 };
	int rc = EXIT_ERROR;

	if (argc == 3 && strcmp(argv[1], "--json") == 0) {
		x.json = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		log_warnx("assets show: expected [--json] TAG");
		return EXIT_ERROR;
	}
	buf_init(&x.b, 0);
	if (asset_each(st, argv[1], show_one, &x, cause) == 0) {
		if (x.found)
			rc = EXIT_OK;
		else
			log_warnx("assets show: no asset '%s'", argv[1]);
	}
	buf_free(&x.b);
	return rc;
}

static int
do_history(struct store *st, int argc, char **argv, char **cause)
{
	if (argc != 2) {
		log_warnx("assets history: expected TAG");
		return EXIT_ERROR;
	}
	return asset_history_each(st, argv[1], assets_print_change, NULL, cause) == 0 ? EXIT_OK :
	    EXIT_ERROR;
}

static int
do_set(struct store *st, int argc, char **argv, int create, char **cause)
{
	int changed = 0;

	if (argc < 3 && !(create && argc == 2)) {
		log_warnx("assets %s: expected TAG field=value ...", argv[0]);
		return EXIT_ERROR;
	}
	if (asset_set(st, argv[1], argv + 2, (size_t)(argc - 2), create, "cli", &changed,
	    cause) == -1)
		return EXIT_ERROR;
	printf("%s: %d change%s\n", argv[1], changed, changed == 1 ? "" : "s");
	return EXIT_OK;
}

static int
do_link(struct store *st, int argc, char **argv, int remove, char **cause)
{
	if (argc != 4 || strcmp(argv[2], "depends-on") != 0) {
		log_warnx("assets %s: expected A depends-on B", argv[0]);
		return EXIT_ERROR;
	}
	return asset_depend(st, argv[1], argv[3], remove, "cli", cause) == 0 ? EXIT_OK :
	    EXIT_ERROR;
}

static int
do_reconcile(struct store *st, int argc, char **argv, char **cause)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "stale-days", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct reconcile_opts o = { 0 };
	struct reconcile_result *r = NULL;
	const struct reconcile_finding *f;
	const struct reconcile_link *l;
	struct buf b;
	char *end;
	long v;
	size_t i;
	int c, json = 0, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'n')
			o.dry_run = 1;
		else if (c == 'd') {
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 || v > 36500) {
				log_warnx("assets reconcile: --stale-days: '%s' is not 1-36500",
				    optarg);
				return EXIT_ERROR;
			}
			o.stale_days = (int)v;
		} else
			return EXIT_ERROR;
	}
	if (optind != argc) {
		log_warnx("assets reconcile: unexpected argument '%s'", argv[optind]);
		return EXIT_ERROR;
	}
	if (reconcile_run(st, &o, &r, cause) == -1)
		return EXIT_ERROR;
	buf_init(&b, 0);
	if (json) {
		if (reconcile_json(r, &b) == -1) {
			err_set(cause, "output too large");
			goto out;
		}
		fputs(b.data, stdout);
	} else {
		for (i = 0; i < reconcile_nlinks(r); i++) {
			l = reconcile_link_at(r, i);
			fputs("link      ", stdout);
			assets_put_text(l->tag, 14);
			fputs(" <- ", stdout);
			assets_put_text(l->device, 20);
			printf(" by %s (%s)\n", l->matched_on, l->confidence);
		}
		for (i = 0; i < reconcile_nfindings(r); i++) {
			f = reconcile_finding_at(r, i);
			printf("%-18s ", f->kind);
			assets_put_text(f->detail, 0);
			putchar('\n');
		}
		printf("%zu links, %zu findings\n", reconcile_nlinks(r), reconcile_nfindings(r));
	}
	rc = reconcile_nfindings(r) ? EXIT_NONCOMPLIANT : EXIT_OK;
out:
	buf_free(&b);
	reconcile_result_free(&r);
	return rc;
}

static int
do_settle(struct store *st, int argc, char **argv, char **cause)
{
	if (argc != 3) {
		log_warnx("assets settle: expected TAG DEVICE");
		return EXIT_ERROR;
	}
	if (reconcile_settle(st, argv[1], argv[2], cause) == -1)
		return EXIT_ERROR;
	printf("%s: linked to %s by hand\n", argv[1], argv[2]);
	return EXIT_OK;
}

static int
run_assets(struct cli_global *g, int argc, char **argv)
{
	static const char *const writers[] = { "import", "set", "add", "link", "unlink",
	    "reconcile", "settle", NULL };
	struct store *st = NULL;
	char *cause = NULL;
	const char *sub;
	int i, rc = EXIT_ERROR, ro = 1;

	if (argc < 2) {
		log_warnx("assets: expected a subcommand (try netloom assets --help)");
		return EXIT_ERROR;
	}
	sub = argv[1];
	for (i = 0; writers[i]; i++)
		if (strcmp(sub, writers[i]) == 0)
			ro = 0;
	if ((strcmp(sub, "licence") == 0 || strcmp(sub, "license") == 0) &&
	    assets_licence_writes(argc > 2 ? argv[2] : NULL))
		ro = 0;
	if (store_open(&st, g->db, ro ? STORE_READONLY : 0, &cause) == -1)
		goto out;
	argc--;
	argv++;
	if (strcmp(sub, "import") == 0)
		rc = do_import(st, argc, argv, &cause);
	else if (strcmp(sub, "export") == 0)
		rc = do_export(st, argc, argv, &cause);
	else if (strcmp(sub, "list") == 0)
		rc = do_list(st, argc, argv, &cause);
	else if (strcmp(sub, "show") == 0)
		rc = do_show(st, argc, argv, &cause);
	else if (strcmp(sub, "history") == 0)
		rc = do_history(st, argc, argv, &cause);
	else if (strcmp(sub, "set") == 0)
		rc = do_set(st, argc, argv, 0, &cause);
	else if (strcmp(sub, "add") == 0)
		rc = do_set(st, argc, argv, 1, &cause);
	else if (strcmp(sub, "link") == 0)
		rc = do_link(st, argc, argv, 0, &cause);
	else if (strcmp(sub, "unlink") == 0)
		rc = do_link(st, argc, argv, 1, &cause);
	else if (strcmp(sub, "reconcile") == 0)
		rc = do_reconcile(st, argc, argv, &cause);
	else if (strcmp(sub, "settle") == 0)
		rc = do_settle(st, argc, argv, &cause);
	else if (strcmp(sub, "licence") == 0 || strcmp(sub, "license") == 0)
		rc = assets_licence(st, argc, argv, &cause);
	else if (strcmp(sub, "licences") == 0 || strcmp(sub, "licenses") == 0)
		rc = assets_licences(st, argc, argv, &cause);
	else if (strcmp(sub, "owner") == 0)
		rc = assets_owner(st, argc, argv, &cause);
	else
		log_warnx("assets: unknown subcommand '%s' (try netloom assets --help)", sub);
out:
	if (cause)
		log_warnx("assets %s: %s", sub, cause);
	free(cause);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_assets = {
	.name = "assets",
	.summary = "manage the asset register",
	.run = run_assets,
	.usage = "usage: netloom [--db PATH] assets SUBCOMMAND ...\n\n"
	    "The asset register: what the organisation owns and who owns it (docs/assets.md).\n\n"
	    "  import [--map 'Header=field,...'] [--strict] FILE.csv\n"
	    "        import or update assets keyed by asset tag (Snipe-IT export headers are\n"
	    "        recognised); bad rows are reported as FILE:LINE and skipped (exit 2), or\n"
	    "        with --strict nothing is imported (exit 1). Unknown columns become custom\n"
	    "        fields; --map X=ignore drops one.\n"
	    "  export [FILE]             the register as CSV (formula-like cells neutralised)\n"
	    "  list [--json] [--owner NAME] [--state STATE]\n"
	    "  show [--json] TAG\n"
	    "  history TAG               every change: time, source, field, old -> new\n"
	    "  set TAG field=value ...   change fields (custom.NAME=value for custom ones)\n"
	    "  add TAG [field=value ...] create an asset (or change it)\n"
	    "  link A depends-on B       declare a dependency (assets by tag, devices by\n"
	    "  unlink A depends-on B     device:NAME|ID|SERIAL|ADDRESS)\n"
	    "  reconcile [--json] [--stale-days N] [--dry-run]\n"
	    "        link discovered devices to assets (serial, MAC, hostname, IP) and list\n"
	    "        findings: unregistered, missing, mismatched, retired-active,\n"
	    "        warranty/support ended, ambiguous (exit 2 when there are findings)\n"
	    "  settle TAG DEVICE         link an asset to a device by hand (settles an\n"
	    "                            ambiguous match; kept by later reconciles)\n"
	    "  licence add|set NAME [field=value ...]   a software licence (fields: pattern\n"
	    "        vendor seats assignee email department purchase_date purchase_cost\n"
	    "        expires terminates notes; pattern: GLOB, glob:GLOB or re:PCRE2)\n"
	    "  licence import [--map 'Header=field,...'] [--strict] FILE.csv\n"
	    "        Snipe-IT licence export headers; --map names other columns (licence\n"
	    "        fields, or ignore)\n"
	    "  licence history NAME      every change: time, source, field, old -> new\n"
	    "  licence list [--json] | licence show [--json] NAME\n"
	    "  licences [--json] [--expiring N]\n"
	    "        licences against installed software: over-seats, unused, expiring\n"
	    "        within N days (30), expired (exit 2 when there are findings)\n"
	    "  owner [--json] NAME | owner [--json] --department D\n"
	    "        assets with their devices' compliance, licences, offboarding list\n\n"
	    "fields: hostname serial model manufacturer category owner department cost_centre\n"
	    "location address macs purchase_date purchase_cost warranty_end support_end state\n"
	    "notes depends_on; states: ordered, in stock, deployed, in repair, retired,\n"
	    "disposed, lost. Dates are YYYY-MM-DD.\n",
};
