/* netloom impact: show what depends on a device or asset */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/impact.h"
#include "inventory/store.h"

struct out {
	int		json;
	int		count;
	struct buf	b;
};

static void
put_text(const char *s)
{
	for (; s != NULL && *s; s++)
		putchar(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}

static int
print_item(const struct impact_item *it, void *arg)
{
	struct out *o = arg;

	o->count++;
	if (o->json) {
		buf_reset(&o->b);
		if (buf_puts(&o->b, "{") == -1 ||
		    json_kv_str(&o->b, 1, "schema", "netloom-impact") == -1 ||
		    json_kv_int(&o->b, 0, "version", 1) == -1 ||
		    json_kv_int(&o->b, 0, "depth", it->depth) == -1 ||
		    json_kv_str(&o->b, 0, "type", it->is_device ? "device" : "asset") == -1 ||
		    json_kv_int(&o->b, 0, "id", it->id) == -1 ||
		    json_kv_str(&o->b, 0, "name", it->name) == -1 ||
		    json_kv_str(&o->b, 0, "via", it->via) == -1 ||
		    json_kv_str(&o->b, 0, "from", it->from) == -1 ||
		    json_kv_str(&o->b, 0, "owner", it->owner) == -1 ||
		    json_kv_str(&o->b, 0, "compliance", it->compliance) == -1 ||
		    buf_puts(&o->b, "}\n") == -1)
			return -1;
		fputs(o->b.data, stdout);
		return 0;
	}
	printf("%*s%d %-6s ", (it->depth - 1) * 2, "", it->depth, it->is_device ? "device" :
	    "asset");
	put_text(it->name);
	fputs("  (", stdout);
	put_text(it->via);
	fputs(" ", stdout);
	put_text(it->from);
	fputs(")  owner: ", stdout);
	put_text(it->owner ? it->owner : "-");
	if (it->compliance) {
		fputs("  compliance: ", stdout);
		put_text(it->compliance);
	}
	putchar('\n');
	return 0;
}

static int
run_impact(struct cli_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "depth", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct out o = { 0 };
	struct store *st = NULL;
	char *cause = NULL, *end;
	long depth = 0;
	int c, rc = EXIT_ERROR;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			o.json = 1;
		else if (c == 'd') {
			errno = 0;
			depth = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || depth < 0 || depth > 1000) {
				log_warnx("impact: --depth: '%s' is not 0-1000", optarg);
				return EXIT_ERROR;
			}
		} else
			return EXIT_ERROR;
	}
	if (optind != argc - 1) {
		log_warnx("impact: expected one DEVICE or ASSET");
		return EXIT_ERROR;
	}
	buf_init(&o.b, 0);
	if (store_open(&st, g->db, STORE_READONLY, &cause) == -1 ||
	    impact_walk(st, argv[optind], (int)depth, print_item, &o, &cause) != 0)
		goto out;
	if (!o.json && o.count == 0)
		printf("nothing depends on %s\n", argv[optind]);
	rc = EXIT_OK;
out:
	if (cause)
		log_warnx("impact: %s", cause);
	free(cause);
	buf_free(&o.b);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_impact = {
	.name = "impact",
	.summary = "show what depends on a device or asset",
	.run = run_impact,
	.usage = "usage: netloom [--db PATH] impact [--json] [--depth N] DEVICE|ASSET\n\n"
	    "Lists what is affected when DEVICE or ASSET goes down: what declares depends-on\n"
	    "it (netloom assets link, the CSV's Depends On column), its LLDP/CDP neighbours,\n"
	    "and the device an asset is linked to (and back), transitively and cycle-safe,\n"
	    "breadth first, each with its owner and its latest compliance.\n"
	    "  ASSET    an asset tag (or asset:TAG, or an asset's hostname)\n"
	    "  DEVICE   device:ID|NAME|SERIAL|ADDRESS (or just the name)\n"
	    "  --depth N  stop N steps away (default: no limit)\n"
	    "  --json     one object per item (schema netloom-impact v1): depth, type, id,\n"
	    "             name, via, from, owner, compliance\n",
};
