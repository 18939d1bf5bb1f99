/* libFuzzer harness for the policy loader (audit/policy, common/xmldoc) and the
 * engine: the input is loaded as a policy and as waivers; a policy that loads is
 * evaluated against a small fixed device, with the waivers when they load too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/engine.h"
#include "audit/policy.h"
#include "audit/waiver.h"
#include "inventory/snapshot.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config[] =
	"hostname r1\nenable secret 5 $1$<redacted>\nline vty 0 4\n transport input ssh\n"
	"system {\n    services {\n        ssh;\n    }\n}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct snapshot *snap;
	struct engine_device dev = { .id = 1, .name = "r1", .platform = "cisco-ios" };
	struct engine_run *run = NULL;
	struct policy *p = NULL;
	struct waivers *w = NULL;
	char *cause = NULL;
	size_t i;

	if (snap == NULL) {
		snap = snapshot_new("ssh", "127.0.0.1");
		snapshot_add_artifact(snap, "running-config", config, sizeof config - 1);
		snapshot_set_fact(snap, "device.platform", "cisco-ios");
		snapshot_set_fact(snap, "os.version", "15.2(4)M7");
		snapshot_set_fact(snap, "os.id", "debian");
		snapshot_set_fact(snap, "ssh.ciphers", "aes128-ctr,aes256-ctr");
		snapshot_set_fact(snap, "pkg.openssl", "3.0.11-1~deb12u2");
	}
	dev.snap = snap;
	if (waivers_load_mem("fuzz.xml", (const char *)data, size, &w, &cause) == -1) {
		free(cause);
		cause = NULL;
	}
	if (policy_load_mem("fuzz.xml", (const char *)data, size, NULL, &p, &cause) == 0) {
		if (engine_eval(p, w, &dev, (time_t)1781524800, &run, &cause) == 0) {
			for (i = 0; i < engine_run_count(run); i++)
				if (engine_run_result(run, i)->evidence == NULL)
					abort();
			engine_run_free(&run);
		}
		policy_free(&p);
	}
	free(cause);
	waivers_free(&w);
	return 0;
}
