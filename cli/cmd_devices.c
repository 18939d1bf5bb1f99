/* netloom devices: the devices (configuration items) the store knows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/json.h"
#include "common/log.h"
#include "inventory/store.h"

struct devices_out {
	int		json;
	struct buf	b;
	int64_t		count;
};

/* Device strings are hostile: the text view shows only printable ASCII. */
static void
put_field(const char *s, int width)
{
	int n = 0;

	for (; s != NULL && *s && (width <= 0 || n < width); s++, n++)
		putchar((*s >= 0x20 && *s < 0x7f) ? *s : '?');
	if (s == NULL || n == 0)
		putchar('-'), n++;
	for (; n < width; n++)
		putchar(' ');
	putchar(' ');
}

static int
print_device(const struct store_device *d, void *arg)
{
	struct devices_out *o = arg;
	char first[32], last[32];

	o->count++;
	json_time(d->first_seen, first);
	json_time(d->last_seen, last);
	if (!o->json) {
		printf("%-5lld ", (long long)d->id);
		put_field(d->name, 20);
		put_field(d->address, 15);
		put_field(d->platform, 11);
		put_field(d->vendor, 10);
		put_field(d->model, 18);
		put_field(d->serial, 14);
		put_field(d->os_version, 0);
		putchar('\n');
		return 0;
	}
	buf_reset(&o->b);
	if (buf_puts(&o->b, "{") == -1 ||
	    json_kv_str(&o->b, 1, "schema", "netloom-device") == -1 ||
	    json_kv_int(&o->b, 0, "version", 1) == -1 ||
	    json_kv_int(&o->b, 0, "id", d->id) == -1 ||
	    json_kv_str(&o->b, 0, "name", d->name) == -1 ||
	    json_kv_str(&o->b, 0, "address", d->address) == -1 ||
	    json_kv_str(&o->b, 0, "platform", d->platform) == -1 ||
	    json_kv_str(&o->b, 0, "vendor", d->vendor) == -1 ||
	    json_kv_str(&o->b, 0, "model", d->model) == -1 ||
	    json_kv_str(&o->b, 0, "serial", d->serial) == -1 ||
	    json_kv_str(&o->b, 0, "os_name", d->os_name) == -1 ||
	    json_kv_str(&o->b, 0, "os_version", d->os_version) == -1 ||
	    json_kv_str(&o->b, 0, "found_by", d->found_by) == -1 ||
	    json_kv_str(&o->b, 0, "first_seen", first) == -1 ||
	    json_kv_str(&o->b, 0, "last_seen", last) == -1 ||
	    json_kv_int(&o->b, 0, "snapshots", d->snapshots) == -1 ||
	    buf_puts(&o->b, "}\n") == -1)
		return -1;
	fputs(o->b.data, stdout);
	return 0;
}

static int
run_devices(struct cli_global *g, int argc, char **argv)
{
	struct devices_out o = { 0 };
	struct store *st = NULL;
	char *cause = NULL;
	int rc = EXIT_ERROR;

	buf_init(&o.b, 0);
	if (cli_json_only("devices", argc, argv, &o.json) == -1)
		return EXIT_ERROR;
	if (store_open(&st, g->db, STORE_READONLY, &cause) == -1)
		goto out;
	if (!o.json)
		printf("%-5s %-20s %-15s %-11s %-10s %-18s %-14s %s\n", "ID", "NAME", "ADDRESS",
		    "PLATFORM", "VENDOR", "MODEL", "SERIAL", "OS VERSION");
	if (store_devices_each(st, print_device, &o, &cause) != 0)
		goto out;
	rc = EXIT_OK;
out:
	cli_report_cause(&cause);
	buf_free(&o.b);
	store_close(&st);
	return rc;
}

const struct cli_command cmd_devices = {
	.name = "devices",
	.summary = "list the devices in the store",
	.run = run_devices,
	.usage = "usage: netloom [--db PATH] devices [--json]\n\n"
	    "Lists every device (configuration item) the store knows, with its latest\n"
	    "identity. Device-supplied text is shown printable-only; use --json for the\n"
	    "exact values.\n"
	    "  --json   one JSON object per device (schema netloom-device v1: id, name,\n"
	    "           address, platform, vendor, model, serial, os_name, os_version,\n"
	    "           found_by, first_seen, last_seen, snapshots)\n",
};
