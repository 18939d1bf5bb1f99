/* Corpus and store tests for the audit: every corpus configuration of a platform that
 * has a shipped baseline is redacted, audited and compared rule by rule with
 * tests/data/policy/<file>.expect (verdicts read off the configs by hand). Then the
 * same configs go into a real store with store_snapshot_put(), and the real binary
 * ($NETLOOM) audits that store: stored results, exit codes, JSON, re-audit, --device,
 * merged ssh+snmp snapshots, linked asset waivers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit/engine.h"
#include "audit/policy.h"
#include "common/xmldoc.h"
#include "inventory/results.h"
#include "inventory/snapshot.h"
#include "inventory/store.h"
#include "inventory/store_int.h"
#include "scanner/redact.h"
#include "tests/unit/corpus.h"

static const char *
top_dir(void)
{
	const char *t = getenv("NETLOOM_TOP");

	return t != NULL ? t : ".";
}

/* Reads a corpus config and returns its redacted text (as SSH capture stores it). */
static char *
redacted(const char *file, const char *platform, size_t *len)
{
	struct redact_result *res = NULL;
	struct redactor *r = NULL;
	enum redact_platform rp;
	char path[1024], *data = NULL, *cause = NULL, *out;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", corpus_dir(), file);
	if (xmldoc_slurp(path, 64u << 20, &data, &n, &cause) == -1)
		fail_msg("%s", cause);
	assert_int_equal(redact_platform_from_name(platform, &rp), 0);
	assert_int_equal(redactor_new(NULL, 0, &r, &cause), 0);
	if (redact_text(r, rp, data, n, &res, &cause) == -1)
		fail_msg("redact %s: %s", file, cause);
	out = redact_result_take_text(res, len);
	redact_result_free(&res);
	redactor_free(&r);
	free(data);
	return out;
}

static struct policy *
shipped(const char *id)
{
	struct policy *p = NULL;
	char name[128], *cause = NULL;
	const char *text;
	size_t len;

	snprintf(name, sizeof name, "%s.xml", id);
	if ((text = policy_shipped_text(name, &len)) == NULL)
		return NULL;
	if (policy_load_mem(name, text, len, NULL, &p, &cause) == -1)
		fail_msg("%s", cause);
	return p;
}

struct expect {
	char	 file[256];
	char	 platform[32];
	char	 policy[64];
	char	*facts[16];
	size_t	 nfacts;
	char	 rule[128][96];
	char	 verdict[128][16];
	size_t	 nrules;
};

static void
read_expect(const char *path, struct expect *e)
{
	char line[512], *nl;
	FILE *f;

	memset(e, 0, sizeof *e);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof line, f) != NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strncmp(line, "file ", 5) == 0)
			snprintf(e->file, sizeof e->file, "%.200s", line + 5);
		else if (strncmp(line, "platform ", 9) == 0)
			snprintf(e->platform, sizeof e->platform, "%.24s", line + 9);
		else if (strncmp(line, "policy ", 7) == 0)
			snprintf(e->policy, sizeof e->policy, "%.60s", line + 7);
		else if (strncmp(line, "fact ", 5) == 0 && e->nfacts < 16)
			e->facts[e->nfacts++] = strdup(line + 5);
		else if (strncmp(line, "rule ", 5) == 0 && e->nrules < 128) {
			char *sp = strchr(line + 5, ' ');

			if (sp == NULL)
				fail_msg("%s: bad line '%s'", path, line);
			*sp = '\0';
			snprintf(e->rule[e->nrules], sizeof e->rule[0], "%.90s", line + 5);
			snprintf(e->verdict[e->nrules], sizeof e->verdict[0], "%s", sp + 1);
			e->nrules++;
		} else
			fail_msg("%s: unknown directive '%s'", path, line);
	}
	fclose(f);
}

static struct snapshot *
corpus_snapshot(const struct expect *e)
{
	struct snapshot *s = snapshot_new("ssh", NULL);
	char *text, *eq;
	size_t len, i;

	assert_non_null(s);
	text = redacted(e->file, e->platform, &len);
	/* The artifact name SSH capture uses for the platform (scanner/profiles). */
	assert_int_equal(snapshot_add_artifact(s, strcmp(e->platform, "junos") == 0 ?
	    "configuration" : "running-config", text, len), 0);
	free(text);
	assert_int_equal(snapshot_set_fact(s, "device.platform", e->platform), 0);
	for (i = 0; i < e->nfacts; i++) {
		assert_non_null(eq = strchr(e->facts[i], '='));
		*eq = '\0';
		assert_int_equal(snapshot_set_fact(s, e->facts[i], eq + 1), 0);
		*eq = '=';
	}
	return s;
}

static void
test_corpus(void **state)
{
	static const char *const plats[][2] = {
		{ "ios", "cisco-ios" }, { "nxos", "cisco-nxos" }, { "eos", "arista-eos" },
		{ "junos", "junos" },
	};
	char dir[1024], path[2048];
	struct dirent *de;
	size_t i, k, ncases = 0, nverdicts = 0, bad = 0;
	DIR *d;

	(void)state;
	for (i = 0; i < sizeof plats / sizeof plats[0]; i++) {
		struct policy *p = shipped(plats[i][1]);

		if (p == NULL) {
			print_message("# no shipped %s baseline yet: %s corpus not audited\n",
			    plats[i][1], plats[i][0]);
			continue;
		}
		snprintf(dir, sizeof dir, "%s/%s", corpus_dir(), plats[i][0]);
		assert_non_null(d = opendir(dir));
		while ((de = readdir(d)) != NULL) {
			struct expect e;
			struct engine_device dev = { .id = 1, .name = de->d_name };
			struct engine_run *run = NULL;
			struct snapshot *snap;
			char *cause = NULL;

			if (de->d_name[0] == '.')
				continue;
			/* every corpus config has a case: none slips through untested */
			snprintf(path, sizeof path, "%s/tests/data/policy/%s.expect", top_dir(),
			    de->d_name);
			if (access(path, R_OK) != 0)
				fail_msg("no %s for corpus file %s/%s", path, plats[i][0], de->d_name);
			read_expect(path, &e);
			assert_string_equal(e.policy, policy_id(p));
			snap = corpus_snapshot(&e);
			dev.snap = snap;
			if (engine_eval(p, NULL, &dev, (time_t)1781524800, &run, &cause) == -1)
				fail_msg("%s", cause);
			assert_true(engine_run_applies(run));
			/* exactly the policy's rules, in order, each with its verdict */
			if (engine_run_count(run) != e.nrules) {
				print_message("# %s: %zu results, %zu expected\n", de->d_name,
				    engine_run_count(run), e.nrules);
				bad++;
			}
			for (k = 0; k < e.nrules && k < engine_run_count(run); k++) {
				const struct engine_result *r = engine_run_result(run, k);

				nverdicts++;
				if (strcmp(r->rule_id, e.rule[k]) != 0 ||
				    strcmp(verdict_name(r->verdict), e.verdict[k]) != 0) {
					print_message("# %s: rule %s: got %s %s\n#   %s\n", de->d_name,
					    e.rule[k], r->rule_id, verdict_name(r->verdict), r->evidence);
					bad++;
				}
			}
			engine_run_free(&run);
			snapshot_free(&snap);
			for (k = 0; k < e.nfacts; k++)
				free(e.facts[k]);
			ncases++;
		}
		closedir(d);
		policy_free(&p);
	}
	print_message("# %zu corpus configs, %zu verdicts checked\n", ncases, nverdicts);
	assert_int_equal(bad, 0);
	assert_true(ncases >= 18);
}

/* ---- the store and the real binary ---------------------------------------- */

struct sfx {
	char		 dir[64];
	char		 db[128];
	struct store	*st;
	int64_t		 dev_ios, dev_ios2, dev_linux, snap_linux_ssh;
};

static int64_t
put(struct sfx *f, int64_t scan, struct snapshot *snap, int64_t *sid)
{
	int64_t dev = 0, s = 0;
	char *cause = NULL;

	if (store_snapshot_put(f->st, scan, snap, &dev, &s, &cause) == -1)
		fail_msg("put: %s", cause);
	snapshot_free(&snap);
	if (sid != NULL)
		*sid = s;
	return dev;
}

static struct snapshot *
ios_snap(const char *file, const char *addr, const char *serial)
{
	struct snapshot *s = snapshot_new("ssh", addr);
	char *text;
	size_t len;

	text = redacted(file, "cisco-ios", &len);
	assert_int_equal(snapshot_add_artifact(s, "running-config", text, len), 0);
	free(text);
	assert_int_equal(snapshot_set_fact(s, "device.platform", "cisco-ios"), 0);
	assert_int_equal(snapshot_set_fact(s, "hw.serial", serial), 0);
	assert_int_equal(snapshot_set_fact(s, "sys.name", serial), 0);
	assert_int_equal(snapshot_set_fact(s, "os.version", "15.9(3)M9"), 0);
	return s;
}

static int
store_setup(void **state)
{
	struct sfx *f = calloc(1, sizeof *f);
	struct snapshot *s;
	char *cause = NULL;
	int64_t scan = 0, scan2 = 0;

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/netloom-audit.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	if (store_open(&f->st, f->db, 0, &cause) == -1)
		fail_msg("%s", cause);
	assert_int_equal(store_scan_begin(f->st, "127.0.0.1", &scan, &cause), 0);
	f->dev_ios = put(f, scan, ios_snap("ios/ccp2-sample_10.ios", "127.0.0.10", "SER10"), NULL);
	f->dev_ios2 = put(f, scan, ios_snap("ios/batfish-cisco_ssh", "127.0.0.11", "SER11"), NULL);
	/* a Linux server seen by SNMP first, then over SSH in a later scan */
	s = snapshot_new("snmp", "127.0.0.20");
	assert_int_equal(snapshot_set_fact(s, "ssh.hostkey", "SHA256:abc"), 0);
	assert_int_equal(snapshot_set_fact(s, "device.platform", "linux"), 0);
	assert_int_equal(snapshot_set_fact(s, "snmp.version", "2c"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.permit_root_login", "yes"), 0);
	f->dev_linux = put(f, scan, s, NULL);
	assert_int_equal(store_scan_end(f->st, scan, SCAN_COMPLETE, &cause), 0);
	assert_int_equal(store_scan_begin(f->st, "127.0.0.1", &scan2, &cause), 0);
	s = snapshot_new("ssh", "127.0.0.20");
	assert_int_equal(snapshot_set_fact(s, "ssh.hostkey", "SHA256:abc"), 0);
	assert_int_equal(snapshot_set_fact(s, "device.platform", "linux"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.id", "debian"), 0);
	assert_int_equal(snapshot_set_fact(s, "os.version", "12.5"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.permit_root_login", "no"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.ciphers", "aes256-ctr,aes128-cbc"), 0);
	assert_int_equal(snapshot_set_fact(s, "pkg.openssh-server", "1:9.2p1-2+deb12u2"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.hostkey_type", "ssh-rsa"), 0);
	assert_int_equal(snapshot_set_fact(s, "ssh.hostkey_bits", "1024"), 0);
	assert_int_equal(snapshot_add_artifact(s, "sshd_config", "Protocol 2\n", 11), 0);
	assert_int_equal(put(f, scan2, s, &f->snap_linux_ssh), f->dev_linux);
	assert_int_equal(store_scan_end(f->st, scan2, SCAN_COMPLETE, &cause), 0);
	/* an asset linked to the second IOS device, for waivers by asset tag */
	assert_int_equal(sqlite3_exec(store_db(f->st), "INSERT INTO assets (tag, created, "
	    "updated) VALUES ('AT-0011', 0, 0)", NULL, NULL, NULL), SQLITE_OK);
	{
		char sql[256];

		snprintf(sql, sizeof sql, "INSERT INTO asset_links VALUES ((SELECT id FROM assets "
		    "WHERE tag = 'AT-0011'), %lld, 'serial', 'high', 0)", (long long)f->dev_ios2);
		assert_int_equal(sqlite3_exec(store_db(f->st), sql, NULL, NULL, NULL), SQLITE_OK);
	}
	*state = f;
	return 0;
}

static int
store_teardown(void **state)
{
	struct sfx *f = *state;
	char cmd[200];

	store_close(&f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

struct seen {
	int64_t	 ids[8];
	char	 root_login[8][16];
	char	 snmp[8][8];
	char	 sources[8][64];
	char	 assets[8][32];
	size_t	 n;
};

static int
collect(const struct results_device *d, void *arg)
{
	struct seen *s = arg;
	const char *v;

	if (s->n == 8)
		return 1;
	s->ids[s->n] = d->id;
	v = snapshot_fact(d->snap, "ssh.permit_root_login");
	snprintf(s->root_login[s->n], sizeof s->root_login[0], "%s", v ? v : "-");
	v = snapshot_fact(d->snap, "snmp.version");
	snprintf(s->snmp[s->n], sizeof s->snmp[0], "%s", v ? v : "-");
	snprintf(s->sources[s->n], sizeof s->sources[0], "%s", d->snapshots);
	snprintf(s->assets[s->n], sizeof s->assets[0], "%s", d->nassets ? d->assets[0] : "-");
	s->n++;
	return 0;
}

static void
test_latest_merged(void **state)
{
	struct sfx *f = *state;
	struct seen s = { 0 };
	char *cause = NULL;

	assert_int_equal(results_latest_each(f->st, 0, collect, &s, &cause), 0);
	assert_int_equal(s.n, 3);
	/* the linux device: the ssh snapshot (newer) wins, snmp facts fill in */
	assert_int_equal(s.ids[2], f->dev_linux);
	assert_string_equal(s.root_login[2], "no");
	assert_string_equal(s.snmp[2], "2c");
	assert_non_null(strstr(s.sources[2], " ssh, "));
	assert_non_null(strstr(s.sources[2], " snmp"));
	assert_string_equal(s.assets[1], "AT-0011");
	memset(&s, 0, sizeof s);
	assert_int_equal(results_latest_each(f->st, f->dev_ios2, collect, &s, &cause), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], f->dev_ios2);
}

/* Runs the real binary; returns its exit status, stdout in *out (caller frees). */
static int
netloom(const char *args, char **out)
{
	const char *bin = getenv("NETLOOM");
	char cmd[4096], buf[4096];
	size_t n, len = 0;
	FILE *p;
	int st;

	if (bin == NULL)
		fail_msg("NETLOOM is not set (run through tests/run.sh)");
	snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", bin, args);
	assert_non_null(p = popen(cmd, "r"));
	*out = NULL;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
		assert_non_null(*out = realloc(*out, len + n + 1));
		memcpy(*out + len, buf, n);
		len += n;
		(*out)[len] = '\0';
	}
	if (*out == NULL)
		*out = strdup("");
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int64_t
q_int(struct sfx *f, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(store_db(f->st), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(f->st)));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

#define RESULT_PREFIX	"{\"schema\":\"netloom-audit\",\"version\":1,\"type\":\"result\","

static void
test_cli_audit_store(void **state)
{
	struct sfx *f = *state;
	char args[1024], sql[512], *out = NULL, *line;
	struct policy *ios = shipped("cisco-ios"), *lin = shipped("linux-server");
	struct policy *snmp = shipped("snmp-agent");
	/* the linux server answered SNMP v2c: snmp-agent applies to it as well */
	size_t nios = policy_rule_count(ios), nlin = policy_rule_count(lin) +
	    policy_rule_count(snmp);
	int rc, njson = 0;

	/* the shipped set, chosen by platform: exit 2 (these configs fail rules) */
	snprintf(args, sizeof args, "--db '%s' audit --json", f->db);
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	for (line = out; line != NULL && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, RESULT_PREFIX, sizeof RESULT_PREFIX - 1) == 0)
			njson++;
	}
	if (njson != (int)(2 * nios + nlin))
		fail_msg("%d JSON results, expected %zu:\n%.3000s", njson, 2 * nios + nlin, out);
	assert_non_null(strstr(out, "{\"schema\":\"netloom-audit\",\"version\":1,"
	    "\"type\":\"summary\",\"devices\":3,"));
	free(out);
	/* stored: one policies row per policy used, every result on the newest snapshot */
	assert_int_equal(q_int(f, "SELECT count(*) FROM policies WHERE policy_id = 'cisco-ios'"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results"), (int64_t)(2 * nios + nlin));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rule_results WHERE snapshot_id = %lld",
	    (long long)f->snap_linux_ssh);
	assert_int_equal(q_int(f, sql), (int64_t)nlin);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results r JOIN policies p ON "
	    "p.id = r.policy WHERE p.policy_id = 'linux-server' AND r.rule_id = "
	    "'ssh-no-root-login' AND r.status = 'pass'"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'ssh-ciphers' AND status = 'fail' AND evidence LIKE '%aes128-cbc%'"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'packages-patched-debian-12' AND status = 'fail' AND evidence LIKE "
	    "'%openssh-server: installed ''1:9.2p1-2+deb12u2'' < required%'"), 1);
	/* the host key the SSH session saw; the IOS configs (no session) are not applicable */
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'ssh-hostkey-strength' AND status = 'fail' AND evidence LIKE "
	    "'%fact ssh.hostkey_bits = ''1024''; expected ge ''2048''%'"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'ios-ssh-hostkey-strength' AND status = 'notapplicable'"), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'ios-ssh-version-2' AND status = 'pass' AND evidence LIKE '%artifact running-config "
	    "sha256 %line %: ip ssh version 2%'"), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM policies WHERE length(sha256) = 64"),
	    q_int(f, "SELECT count(*) FROM policies"));

	/* auditing again replaces, never duplicates */
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	free(out);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results"), (int64_t)(2 * nios + nlin));

	/* one device, text summary */
	snprintf(args, sizeof args, "--db '%s' audit --device %lld", f->db, (long long)f->dev_ios2);
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "policy cisco-ios 1.2.0: "));
	assert_non_null(strstr(out, "summary: 1 device, "));
	assert_null(strstr(out, "linux-server"));
	free(out);

	/* a waiver by asset tag for every failing rule of that device; expired ones not */
	snprintf(args, sizeof args, "%s/w.xml", f->dir);
	{
		FILE *w = fopen(args, "w");

		assert_non_null(w);
		fprintf(w, "<waivers><waiver id=\"all\" rule=\"ios-*\" asset=\"AT-0011\" "
		    "expires=\"2999-12-31\"><reason>lab</reason><approver>CISO</approver></waiver>"
		    "<waiver id=\"gone\" rule=\"*\" device=\"%lld\" expires=\"2001-01-01\"><reason>"
		    "old</reason><approver>CISO</approver></waiver></waivers>\n",
		    (long long)f->dev_ios);
		fclose(w);
	}
	snprintf(args, sizeof args, "--db '%s' audit --device %lld --waivers '%s/w.xml'", f->db,
	    (long long)f->dev_ios2, f->dir);
	rc = netloom(args, &out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, " 0 fail, 0 error, "));
	free(out);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rule_results r JOIN snapshots s ON "
	    "s.id = r.snapshot_id WHERE s.device_id = %lld AND r.status = 'waived' AND "
	    "r.evidence LIKE '%%waived by all until 2999-12-31, approved by CISO: lab%%'",
	    (long long)f->dev_ios2);
	assert_true(q_int(f, sql) > 0);
	snprintf(args, sizeof args, "--db '%s' audit --device %lld --waivers '%s/w.xml'", f->db,
	    (long long)f->dev_ios, f->dir);
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "waiver gone expired on 2001-01-01"));
	free(out);

	/* a policy that applies to nothing here: every device says it was not audited */
	snprintf(args, sizeof args, "%s/junos-only.xml", f->dir);
	{
		FILE *w = fopen(args, "w");

		assert_non_null(w);
		fprintf(w, "<policy id=\"j\" version=\"1\"><title>J</title><applies><platform>junos"
		    "</platform></applies><rule id=\"r\" severity=\"low\" category=\"c\"><title>t"
		    "</title><rationale>r</rationale><remediation>m</remediation><check><fact "
		    "key=\"x\" op=\"exists\"/></check></rule></policy>\n");
		fclose(w);
	}
	snprintf(args, sizeof args, "--db '%s' audit --policy '%s/junos-only.xml'", f->db, f->dir);
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "no policy applies: NOT audited"));
	assert_non_null(strstr(out, "some devices NOT audited"));
	free(out);

	/* errors: bad --set, unknown device, missing store: exit 1, store unchanged */
	snprintf(args, sizeof args, "--db '%s' audit --set nosuch=1", f->db);
	assert_int_equal(netloom(args, &out), 1);
	free(out);
	snprintf(args, sizeof args, "--db '%s' audit --set ntp.min_servers=many", f->db);
	assert_int_equal(netloom(args, &out), 1);
	free(out);
	snprintf(args, sizeof args, "--db '%s' audit --device 999", f->db);
	assert_int_equal(netloom(args, &out), 1);
	free(out);
	snprintf(args, sizeof args, "--db '%s/none.db' audit", f->dir);
	assert_int_equal(netloom(args, &out), 1);
	free(out);
	snprintf(args, sizeof args, "%s/none.db", f->dir);
	assert_int_equal(access(args, F_OK), -1);
	/* --set tailors: two NTP servers required, ccp2-sample_10 has one */
	snprintf(args, sizeof args, "--db '%s' audit --device %lld --json --set ntp.min_servers=2",
	    f->db, (long long)f->dev_ios);
	rc = netloom(args, &out);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "\"rule\":\"ios-ntp\",\"title\":\"NTP servers are configured\","
	    "\"severity\":\"medium\",\"category\":\"logging\",\"status\":\"fail\""));
	free(out);
	assert_int_equal(q_int(f, "SELECT count(*) FROM rule_results WHERE rule_id = "
	    "'snmp-v3-only' AND status = 'fail' AND evidence LIKE '%snmp.version = ''2c''%'"), 1);
	policy_free(&ios);
	policy_free(&lin);
	policy_free(&snmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test_setup_teardown(test_latest_merged, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(test_cli_audit_store, store_setup, store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
