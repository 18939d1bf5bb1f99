#include "reports/evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/json.h"
#include "inventory/auditrun.h"
#include "inventory/history.h"
#include "reports/report.h"

extern char **environ;

struct manifest_entry {
	char	*path;
	char	 sha[HASH_HEX_LEN + 1];
};

struct ev {
	struct store		*st;
	const struct evidence_opts *o;
	struct evidence_summary	*sum;
	struct manifest_entry	*files;
	size_t			 nfiles;
	struct buf		 json;		/* evidence.json */
	struct buf		 log;		/* scan-log.txt */
	size_t			 nruns, nsrc;
	int64_t			 run;		/* the run whose files are being listed */
	size_t			 nrunfiles;
	char			**cause;
};

/* A path component from stored text: [A-Za-z0-9._-] kept, the rest '_', no leading dot. */
static void
component(const char *in, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; in != NULL && in[i] && i + 1 < outlen && i < 100; i++) {
		char c = in[i];

		out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && i > 0)) ? c : '_';
	}
	out[i] = '\0';
	if (i == 0 && outlen > 1)
		snprintf(out, outlen, "_");
}

static int
mkdirs(const char *dir, const char *rel, char **cause)
{
	char path[4096];
	size_t i, n;

	n = (size_t)snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (n >= sizeof path)
		return err_set(cause, "evidence: path too long");
	for (i = strlen(dir) + 1; i < n; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			return err_set(cause, "evidence: %s: %s", path, strerror(errno));
		path[i] = '/';
	}
	return 0;
}

static int
manifest_has(const struct ev *e, const char *rel)
{
	size_t i;

	for (i = 0; i < e->nfiles; i++)
		if (strcmp(e->files[i].path, rel) == 0)
			return 1;
	return 0;
}

/* Writes data to DIR/rel (new file, never through a symlink) and adds it to the manifest. */
static int
put_file(struct ev *e, const char *rel, const void *data, size_t len)
{
	struct manifest_entry *nv;
	char path[4096];
	const char *p = data;
	ssize_t w;
	int fd;

	if (manifest_has(e, rel))
		return err_set(e->cause, "evidence: %s written twice", rel);
	if (mkdirs(e->o->dir, rel, e->cause) == -1)
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", e->o->dir, rel) >= sizeof path)
		return err_set(e->cause, "evidence: path too long");
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) == -1)
		return err_set(e->cause, "evidence: %s: %s", path, strerror(errno));
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return err_set(e->cause, "evidence: %s: %s", path, strerror(errno));
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1)
		return err_set(e->cause, "evidence: %s: %s", path, strerror(errno));
	if ((nv = realloc(e->files, (e->nfiles + 1) * sizeof *nv)) == NULL)
		return err_set(e->cause, "evidence: out of memory");
	e->files = nv;
	if ((nv[e->nfiles].path = strdup(rel)) == NULL)
		return err_set(e->cause, "evidence: out of memory");
	if (hash_sha256_hex(data, p - (const char *)data, nv[e->nfiles].sha) == -1)
		return err_set(e->cause, "evidence: SHA-256 failed");
	e->nfiles++;
	return 0;
}

static int
put_reports(struct ev *e)
{
	static const char *const formats[][2] = { { "html", "report.html" },
	    { "json", "report.json" }, { "text", "report.txt" }, { "csv", "report.csv" },
	    { "junit", "report-junit.xml" } };
	struct report_model *m = NULL;
	char *mem = NULL;
	size_t len = 0, i;
	FILE *f = NULL;
	int rc = -1;

	if (report_load(e->st, e->o->scan_id, NULL, &m, e->cause) == -1)
		return -1;
	e->sum->failures = report_has_failures(m);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if ((f = open_memstream(&mem, &len)) == NULL) {
			err_set(e->cause, "evidence: out of memory");
			goto out;
		}
		if (report_ops_find(formats[i][0])->render(f, m, 0, e->cause) == -1)
			goto out;
		if (fclose(f) != 0) {
			f = NULL;
			err_set(e->cause, "evidence: out of memory");
			goto out;
		}
		f = NULL;
		if (put_file(e, formats[i][1], mem, len) == -1)
			goto out;
		free(mem);
		mem = NULL;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(mem);
	report_free(&m);
	return rc;
}

static int
run_file(const struct auditrun_file *f, void *arg)
{
	struct ev *e = arg;
	const char *base = f->name ? strrchr(f->name, '/') : NULL;
	char comp[128], rel[512];

	component(base ? base + 1 : f->name, comp, sizeof comp);
	snprintf(rel, sizeof rel, "%s/run-%lld/%s", strcmp(f->kind, "policy") == 0 ? "policies" :
	    "waivers", (long long)e->run, comp);
	if (manifest_has(e, rel))	/* two files of one name: keep both */
		snprintf(rel, sizeof rel, "%s/run-%lld/%.12s-%s", strcmp(f->kind, "policy") == 0 ?
		    "policies" : "waivers", (long long)e->run, f->sha256, comp);
	if (f->text == NULL) {
		if (buf_printf(&e->log, "    %s %s sha256 %s: TEXT NOT KEPT\n", f->kind, f->name,
		    f->sha256) == -1)
			return err_set(e->cause, "evidence: out of memory");
	} else {
		char sha[HASH_HEX_LEN + 1];

		/* The store addresses text by SHA-256: check it before an auditor relies on it. */
		if (hash_sha256_hex(f->text, f->len, sha) == -1 || strcmp(sha, f->sha256) != 0)
			return err_set(e->cause, "evidence: stored %s %s does not match its "
			    "SHA-256 %s", f->kind, f->name, f->sha256);
		if (put_file(e, rel, f->text, f->len) == -1)
			return -1;
		e->sum->policies++;
		if (buf_printf(&e->log, "    %s %s", f->kind, f->name) == -1 ||
		    (f->policy_id && buf_printf(&e->log, " (%s %s)", f->policy_id, f->version) == -1) ||
		    buf_printf(&e->log, " sha256 %s -> %s\n", f->sha256, rel) == -1)
			return err_set(e->cause, "evidence: out of memory");
	}
	if (buf_puts(&e->json, e->nrunfiles++ ? ",{" : "{") == -1 ||
	    json_kv_str(&e->json, 1, "kind", f->kind) == -1 ||
	    json_kv_str(&e->json, 0, "name", f->name) == -1 ||
	    json_kv_str(&e->json, 0, "policy", f->policy_id) == -1 ||
	    json_kv_str(&e->json, 0, "version", f->version) == -1 ||
	    json_kv_str(&e->json, 0, "sha256", f->sha256) == -1 ||
	    json_kv_str(&e->json, 0, "path", f->text ? rel : NULL) == -1 ||
	    buf_puts(&e->json, "}") == -1)
		return err_set(e->cause, "evidence: out of memory");
	return 0;
}

static int
run_each(const struct auditrun_info *r, void *arg)
{
	struct ev *e = arg;
	char t[32];

	json_time(r->started, t);
	if (buf_printf(&e->log, "audit run %lld: started %s on ", (long long)r->id, t) == -1 ||
	    json_str(&e->log, r->collector) == -1 ||
	    buf_printf(&e->log, ", netloom %s, %lld verdicts in this scan\n", r->version,
	    (long long)r->verdicts) == -1 ||
	    (r->params[0] && buf_printf(&e->log, "    parameters: %s\n", r->params) == -1) ||
	    buf_puts(&e->json, e->nruns++ ? ",{" : "{") == -1 ||
	    json_kv_int(&e->json, 1, "id", r->id) == -1 ||
	    json_kv_str(&e->json, 0, "started", t) == -1 ||
	    json_kv_str(&e->json, 0, "collector", r->collector) == -1 ||
	    json_kv_str(&e->json, 0, "tool_version", r->version) == -1 ||
	    json_kv_str(&e->json, 0, "params", r->params) == -1 ||
	    json_kv_int(&e->json, 0, "verdicts", r->verdicts) == -1 ||
	    buf_puts(&e->json, ",\"files\":[") == -1)
		return err_set(e->cause, "evidence: out of memory");
	e->run = r->id;
	e->nrunfiles = 0;
	if (auditrun_files_each(e->st, r->id, run_file, e, e->cause) != 0)
		return -1;
	return buf_puts(&e->json, "]}") == -1 ? err_set(e->cause, "evidence: out of memory") : 0;
}

static int
source_each(const struct auditrun_source *src, void *arg)
{
	struct ev *e = arg;
	struct hist_kvs arts = { 0 }, facts = { 0 };
	struct buf fb;
	char dir[256], comp[128], rel[512], t[32], *text = NULL;
	size_t i, len;
	int rc = -1;

	buf_init(&fb, 0);
	component(src->source, comp, sizeof comp);
	snprintf(dir, sizeof dir, "artifacts/device-%lld/snapshot-%lld-%s",
	    (long long)src->device_id, (long long)src->snapshot, comp);
	json_time(src->taken, t);
	if (buf_puts(&e->json, e->nsrc++ ? ",{" : "{") == -1 ||
	    json_kv_int(&e->json, 1, "device", src->device_id) == -1 ||
	    json_kv_int(&e->json, 0, "verdict_snapshot", src->verdict_snapshot) == -1 ||
	    json_kv_int(&e->json, 0, "snapshot", src->snapshot) == -1 ||
	    json_kv_str(&e->json, 0, "source", src->source) == -1 ||
	    json_kv_str(&e->json, 0, "taken", t) == -1 ||
	    json_kv_str(&e->json, 0, "folder", dir) == -1 || buf_puts(&e->json, "}") == -1)
		goto nomem;
	/* A device's snapshot may back verdicts of several snapshots: write it once. */
	snprintf(rel, sizeof rel, "%s/facts.txt", dir);
	if (manifest_has(e, rel)) {
		rc = 0;
		goto out;
	}
	if (history_facts(e->st, src->snapshot, &facts, e->cause) == -1 ||
	    history_artifacts(e->st, src->snapshot, &arts, e->cause) == -1)
		goto out;
	for (i = 0; i < facts.n; i++)
		if (buf_printf(&fb, "%s=", facts.v[i].key) == -1 ||
		    buf_puts(&fb, facts.v[i].value) == -1 || buf_puts(&fb, "\n") == -1)
			goto nomem;
	if (put_file(e, rel, fb.data ? fb.data : "", fb.len) == -1)
		goto out;
	for (i = 0; i < arts.n; i++) {
		if (history_artifact_text(e->st, arts.v[i].value, &text, &len, e->cause) == -1)
			goto out;
		component(arts.v[i].key, comp, sizeof comp);
		snprintf(rel, sizeof rel, "%s/%s.txt", dir, comp);
		if (manifest_has(e, rel))
			snprintf(rel, sizeof rel, "%s/%s-%.12s.txt", dir, comp, arts.v[i].value);
		if (put_file(e, rel, text, len) == -1)
			goto out;
		free(text);
		text = NULL;
		e->sum->artifacts++;
	}
	rc = 0;
	goto out;
nomem:
	err_set(e->cause, "evidence: out of memory");
out:
	free(text);
	buf_free(&fb);
	history_kvs_free(&arts);
	history_kvs_free(&facts);
	return rc;
}

static int
manifest_cmp(const void *a, const void *b)
{
	return strcmp(((const struct manifest_entry *)a)->path,
	    ((const struct manifest_entry *)b)->path);
}

/* ssh-keygen -Y sign with a fixed argv (no shell); its output goes to DIR/.sign.log,
 * read back into the cause on failure and removed. */
static int
sign(struct ev *e, const char *manifest)
{
	posix_spawn_file_actions_t fa;
	char logpath[4096], *argv[] = { "ssh-keygen", "-q", "-Y", "sign", "-f",
	    (char *)e->o->sign_key, "-n", EVIDENCE_NAMESPACE, (char *)manifest, NULL };
	pid_t pid;
	int status, err, rc = -1;

	snprintf(logpath, sizeof logpath, "%s/.sign.log", e->o->dir);
	if (posix_spawn_file_actions_init(&fa) != 0)
		return err_set(e->cause, "evidence: out of memory");
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, logpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	err = posix_spawnp(&pid, "ssh-keygen", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err != 0)
		return err_set(e->cause, "evidence: cannot run ssh-keygen: %s", strerror(err));
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return err_set(e->cause, "evidence: ssh-keygen: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else {
		struct buf b;
		FILE *f = fopen(logpath, "r");
		char line[256];

		buf_init(&b, 4096);
		while (f != NULL && fgets(line, sizeof line, f) != NULL)
			buf_puts(&b, line);
		if (f != NULL)
			fclose(f);
		while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
			b.data[--b.len] = '\0';
		err_set(e->cause, "evidence: ssh-keygen -Y sign failed: %s",
		    b.data ? b.data : "(no message)");
		buf_free(&b);
	}
	unlink(logpath);
	return rc;
}

static int
dir_ready(const char *dir, char **cause)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return err_set(cause, "evidence: %s: %s", dir, strerror(errno));
	if ((d = opendir(dir)) == NULL)
		return err_set(cause, "evidence: %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n ? err_set(cause, "evidence: %s is not empty", dir) : 0;
}

static const char readme[] =
    "netloom evidence package\n"
    "\n"
    "report.html, report.json, report.txt, report.csv, report-junit.xml\n"
    "    the scan's compliance report, rendered from the store\n"
    "evidence.json, scan-log.txt\n"
    "    the scan (when, targets, collector host, netloom version), every audit run\n"
    "    behind its verdicts (when, where, which netloom, parameters) with the exact\n"
    "    policy and waiver files it used, and the snapshots whose data it read\n"
    "policies/run-N/, waivers/run-N/\n"
    "    those files, byte for byte (their SHA-256 is in evidence.json)\n"
    "artifacts/device-D/snapshot-S-SOURCE/\n"
    "    facts.txt and the redacted artifacts of each snapshot behind a verdict\n"
    "SHA256SUMS\n"
    "    the SHA-256 of every file above. Check:  sha256sum -c SHA256SUMS\n"
    "SHA256SUMS.sig (when signed)\n"
    "    an SSH signature of SHA256SUMS, namespace " EVIDENCE_NAMESPACE ". Check:\n"
    "    ssh-keygen -Y verify -f ALLOWED_SIGNERS -I SIGNER -n " EVIDENCE_NAMESPACE
    " \\\n        -s SHA256SUMS.sig < SHA256SUMS\n"
    "    (ALLOWED_SIGNERS holds a line \"SIGNER ssh-ed25519 AAAA...\" with the public key)\n";

int
evidence_write(struct store *s, const struct evidence_opts *o, struct evidence_summary *sum,
    char **cause)
{
	struct ev e = { 0 };
	struct hist_scan scan = { 0 };
	struct buf man;
	char t0[32], t1[32], tn[32], path[4096];
	int64_t scan_id = o->scan_id;
	size_t i;
	int found, rc = -1;

	memset(sum, 0, sizeof *sum);
	e.st = s;
	e.o = o;
	e.sum = sum;
	e.cause = cause;
	buf_init(&e.json, 0);
	buf_init(&e.log, 0);
	buf_init(&man, 0);
	if (scan_id == 0) {
		if (history_last_scan(s, 0, &scan_id, &found, cause) == -1)
			goto out;
		if (!found) {
			err_set(cause, "evidence: no scan in the store");
			goto out;
		}
	}
	if (history_scan(s, scan_id, &scan, cause) == -1 || dir_ready(o->dir, cause) == -1)
		goto out;
	sum->scan_id = scan_id;
	{
		struct evidence_opts o2 = *o;

		o2.scan_id = scan_id;
		e.o = &o2;
		if (put_reports(&e) == -1)
			goto out;
		e.o = o;
	}
	json_time(scan.started, t0);
	json_time(scan.finished, t1);
	json_time(o->now, tn);
	if (buf_printf(&e.log, "netloom evidence for scan %lld, made %s by netloom %s\n\n"
	    "scan %lld: started %s, finished %s, state %s\n    targets ", (long long)scan_id, tn,
	    NETLOOM_VERSION, (long long)scan_id, t0, scan.finished ? t1 : "-", scan.state) == -1 ||
	    json_str(&e.log, scan.targets) == -1 || buf_puts(&e.log, "\n    collector ") == -1 ||
	    json_str(&e.log, scan.collector) == -1 ||
	    buf_printf(&e.log, ", netloom %s, %lld snapshots of %lld devices\n\n",
	    scan.version, (long long)scan.snapshots, (long long)scan.devices) == -1 ||
	    buf_printf(&e.json, "{\"schema\":\"netloom-evidence\",\"version\":%d",
	    EVIDENCE_JSON_VERSION) == -1 || json_kv_str(&e.json, 0, "created", tn) == -1 ||
	    json_kv_str(&e.json, 0, "created_by", NETLOOM_VERSION) == -1 ||
	    buf_puts(&e.json, ",\"scan\":{") == -1 || json_kv_int(&e.json, 1, "id", scan_id) == -1 ||
	    json_kv_str(&e.json, 0, "state", scan.state) == -1 ||
	    json_kv_str(&e.json, 0, "started", t0) == -1 ||
	    json_kv_str(&e.json, 0, "finished", scan.finished ? t1 : NULL) == -1 ||
	    json_kv_str(&e.json, 0, "targets", scan.targets) == -1 ||
	    json_kv_str(&e.json, 0, "collector", scan.collector) == -1 ||
	    json_kv_str(&e.json, 0, "tool_version", scan.version) == -1 ||
	    buf_puts(&e.json, "},\"audit_runs\":[") == -1)
		goto nomem;
	if (auditrun_each_for_scan(s, scan_id, run_each, &e, cause) != 0)
		goto out;
	if (e.nruns == 0 && buf_puts(&e.log, "no audit run wrote verdicts on this scan\n") == -1)
		goto nomem;
	if (buf_puts(&e.json, "],\"snapshots\":[") == -1)
		goto nomem;
	if (auditrun_sources_each(s, scan_id, source_each, &e, cause) != 0)
		goto out;
	if (buf_puts(&e.json, "]}\n") == -1)
		goto nomem;
	if (put_file(&e, "evidence.json", e.json.data, e.json.len) == -1 ||
	    put_file(&e, "scan-log.txt", e.log.data, e.log.len) == -1 ||
	    put_file(&e, "README.txt", readme, sizeof readme - 1) == -1)
		goto out;
	qsort(e.files, e.nfiles, sizeof *e.files, manifest_cmp);
	for (i = 0; i < e.nfiles; i++)
		if (buf_printf(&man, "%s  %s\n", e.files[i].sha, e.files[i].path) == -1)
			goto nomem;
	sum->files = e.nfiles;
	if (put_file(&e, "SHA256SUMS", man.data, man.len) == -1)
		goto out;
	if (o->sign_key != NULL) {
		snprintf(path, sizeof path, "%s/SHA256SUMS", o->dir);
		if (sign(&e, path) == -1)
			goto out;
		sum->signed_ = 1;
	}
	rc = 0;
	goto out;
nomem:
	err_set(cause, "evidence: out of memory");
out:
	for (i = 0; i < e.nfiles; i++)
		free(e.files[i].path);
	free(e.files);
	buf_free(&e.json);
	buf_free(&e.log);
	buf_free(&man);
	history_scan_clear(&scan);
	return rc;
}
