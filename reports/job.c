#include "reports/job.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "common/xmldoc.h"
#include "common/err.h"
#include "common/log.h"
#include "inventory/history.h"
#include "inventory/retention.h"
#include "inventory/store.h"

extern char **environ;

#define JOB_MAX_BYTES	(1024 * 1024)
#define JOB_MAX_LIST	4096
#define JOB_MAX_ARGV	(JOB_MAX_LIST + 32)

struct strlist {
	char	**v;
	size_t	  n;
};

struct job {
	char		*name;
	char		*file;
	char		*store;
	char		*credentials;
	struct strlist	 snmp;
	char		*snmp_timeout;
	char		*snmp_retries;
	struct strlist	 ssh;
	char		*ssh_port;
	char		*known_hosts;
	int		 assets;	/* an <assets> element */
	char		*assets_import;
	int		 reconcile;
	int		 audit;		/* an <audit> element */
	struct strlist	 policies;
	char		*policies_dir;
	char		*waivers;
	struct strlist	 sets;		/* "name=value" */
	char		*outdir;
	struct strlist	 formats;
	int		 drift;
	int		 evidence;
	char		*sign;
	long long	 keep_scans;	/* 0: keep every scan */
};

static void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
strlist_add(struct strlist *l, char *s)
{
	char **nv;

	if (s == NULL || l->n >= JOB_MAX_LIST || (nv = realloc(l->v, (l->n + 1) *
	    sizeof *nv)) == NULL) {
		free(s);
		return -1;
	}
	l->v = nv;
	l->v[l->n++] = s;
	return 0;
}

void
job_free(struct job **jp)
{
	struct job *j = *jp;

	if (j == NULL)
		return;
	free(j->name);
	free(j->file);
	free(j->store);
	free(j->credentials);
	strlist_free(&j->snmp);
	free(j->snmp_timeout);
	free(j->snmp_retries);
	strlist_free(&j->ssh);
	free(j->ssh_port);
	free(j->known_hosts);
	free(j->assets_import);
	strlist_free(&j->policies);
	free(j->policies_dir);
	free(j->waivers);
	strlist_free(&j->sets);
	free(j->outdir);
	strlist_free(&j->formats);
	free(j->sign);
	free(j);
	*jp = NULL;
}

const char *
job_name(const struct job *j)
{
	return j->name;
}

/* A path from the job file, relative to the job file's folder unless absolute. */
static char *
resolve(const char *base, const char *p)
{
	char *out;
	size_t n;

	if (p == NULL)
		return NULL;
	if (p[0] == '/' || base == NULL)
		return strdup(p);
	n = strlen(base) + strlen(p) + 2;
	if ((out = malloc(n)) != NULL)
		snprintf(out, n, "%s/%s", base, p);
	return out;
}

static char *
text_of(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = c ? strdup((const char *)c) : NULL;

	xmlFree(c);
	return s;
}

static char *
attr_of(xmlNodePtr n, const char *name)
{
	xmlChar *c = xmlGetProp(n, (const xmlChar *)name);
	char *s = c ? strdup((const char *)c) : NULL;

	xmlFree(c);
	return s;
}

static int
path_elem(xmlNodePtr n, const char *base, char **out)
{
	char *t = text_of(n);

	*out = resolve(base, t);
	free(t);
	return *out == NULL ? -1 : 0;
}

static int
path_attr(xmlNodePtr n, const char *name, const char *base, char **out)
{
	char *t = attr_of(n, name);

	*out = t ? resolve(base, t) : NULL;
	free(t);
	return t != NULL && *out == NULL ? -1 : 0;
}

static int
targets(xmlNodePtr n, struct strlist *l)
{
	xmlNodePtr t;

	for (t = xmldoc_first(n); t != NULL; t = xmldoc_next(t))
		if (strlist_add(l, text_of(t)) == -1)
			return -1;
	return 0;
}

static int
bool_attr(xmlNodePtr n, const char *name, int dflt)
{
	char *v = attr_of(n, name);
	int r = dflt;

	if (v != NULL)
		r = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
	free(v);
	return r;
}

static int
job_parse(struct job *j, xmlNodePtr root, const char *base)
{
	xmlNodePtr n, k;
	char *v;

	if ((j->name = attr_of(root, "name")) == NULL)
		return -1;
	for (n = xmldoc_first(root); n != NULL; n = xmldoc_next(n)) {
		if (xmldoc_is(n, "store")) {
			if (path_elem(n, base, &j->store) == -1)
				return -1;
		} else if (xmldoc_is(n, "credentials")) {
			if (path_elem(n, base, &j->credentials) == -1)
				return -1;
		} else if (xmldoc_is(n, "scan")) {
			for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
				if (xmldoc_is(k, "snmp")) {
					j->snmp_timeout = attr_of(k, "timeout");
					j->snmp_retries = attr_of(k, "retries");
					if (targets(k, &j->snmp) == -1)
						return -1;
				} else if (xmldoc_is(k, "ssh")) {
					j->ssh_port = attr_of(k, "port");
					if (path_attr(k, "known-hosts", base, &j->known_hosts) == -1 ||
					    targets(k, &j->ssh) == -1)
						return -1;
				}
			}
		} else if (xmldoc_is(n, "assets")) {
			j->assets = 1;
			j->reconcile = bool_attr(n, "reconcile", 1);
			if (path_attr(n, "import", base, &j->assets_import) == -1)
				return -1;
		} else if (xmldoc_is(n, "audit")) {
			j->audit = 1;
			for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
				if (xmldoc_is(k, "policy")) {
					if (path_elem(k, base, &v) == -1 ||
					    strlist_add(&j->policies, v) == -1)
						return -1;
				} else if (xmldoc_is(k, "policies")) {
					if (path_elem(k, base, &j->policies_dir) == -1)
						return -1;
				} else if (xmldoc_is(k, "waivers")) {
					if (path_elem(k, base, &j->waivers) == -1)
						return -1;
				} else if (xmldoc_is(k, "set")) {
					char *nm = attr_of(k, "name"), *val = attr_of(k, "value");
					size_t len = (nm ? strlen(nm) : 0) + (val ? strlen(val) : 0) + 2;

					if (nm != NULL && val != NULL && (v = malloc(len)) != NULL)
						snprintf(v, len, "%s=%s", nm, val);
					else
						v = NULL;
					free(nm);
					free(val);
					if (strlist_add(&j->sets, v) == -1)
						return -1;
				}
			}
		} else if (xmldoc_is(n, "outputs")) {
			if (path_attr(n, "dir", base, &j->outdir) == -1)
				return -1;
			for (k = xmldoc_first(n); k != NULL; k = xmldoc_next(k)) {
				if (xmldoc_is(k, "report")) {
					if (strlist_add(&j->formats, attr_of(k, "format")) == -1)
						return -1;
				} else if (xmldoc_is(k, "drift"))
					j->drift = 1;
				else if (xmldoc_is(k, "evidence")) {
					j->evidence = 1;
					if (path_attr(k, "sign", base, &j->sign) == -1)
						return -1;
				}
			}
		} else if (xmldoc_is(n, "retention")) {
			v = attr_of(n, "keep-scans");
			j->keep_scans = v ? strtoll(v, NULL, 10) : 0;	/* the XSD checked it */
			free(v);
		}
	}
	return 0;
}

int
job_load(const char *file, struct job **out, char **cause)
{
	struct job *j = NULL;
	xmlDocPtr doc = NULL;
	char *data = NULL, *base = NULL, *slash;
	size_t len;
	int rc = -1;

	*out = NULL;
	if (xmldoc_slurp(file, JOB_MAX_BYTES, &data, &len, cause) == -1 ||
	    xmldoc_read(file, data, len, "reports/job.xsd", &doc, cause) == -1)
		goto out;
	if ((base = strdup(file)) == NULL || (j = calloc(1, sizeof *j)) == NULL ||
	    (j->file = strdup(file)) == NULL)
		goto nomem;
	if ((slash = strrchr(base, '/')) != NULL)
		*(slash == base ? slash + 1 : slash) = '\0';
	else {
		free(base);
		base = NULL;	/* relative to the current folder */
	}
	if (job_parse(j, xmlDocGetRootElement(doc), base) == -1)
		goto nomem;
	if (j->ssh.n > 0 && j->credentials == NULL) {
		err_set(cause, "%s: an <ssh> scan needs <credentials>", file);
		goto out;
	}
	if (j->snmp.n > 0 && j->credentials == NULL) {
		err_set(cause, "%s: an <snmp> scan needs <credentials>", file);
		goto out;
	}
	if (j->policies.n > 0 && j->policies_dir != NULL) {
		err_set(cause, "%s: <policy> and <policies> are exclusive", file);
		goto out;
	}
	*out = j;
	j = NULL;
	rc = 0;
	goto out;
nomem:
	err_set(cause, "%s: out of memory", file);
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	job_free(&j);
	free(base);
	free(data);
	return rc;
}

/* ---- the runner ---- */

struct argv {
	char	*v[JOB_MAX_ARGV];
	size_t	 n;
};

static void
arg(struct argv *a, const char *s)
{
	if (a->n < JOB_MAX_ARGV - 1)
		a->v[a->n++] = (char *)s;
	a->v[a->n] = NULL;
}

/* Runs one stage: self with a fixed argv. Its stderr lines are logged (stderr or syslog)
 * as "job NAME: STAGE: line"; its stdout goes to out_file, or is dropped unless verbose.
 * Returns the exit status (0, 1, 2, ...), or 1 when it could not run or died. */
static int
stage(const struct job *j, const struct job_run_opts *o, const char *what, struct argv *a,
    const char *out_file)
{
	posix_spawn_file_actions_t fa;
	char line[2048];
	int pfd[2], status, err;
	FILE *f;
	pid_t pid;

	if (a->n >= JOB_MAX_ARGV - 1) {
		log_warnx("job %s: %s: too many arguments", j->name, what);
		return 1;
	}
	if (pipe2(pfd, O_CLOEXEC) == -1) {
		log_warn("job %s: %s: pipe", j->name, what);
		return 1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_file != NULL)
		posix_spawn_file_actions_addopen(&fa, 1, out_file,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	else if (!o->verbose)
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	err = posix_spawn(&pid, o->self, &fa, NULL, a->v, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (err != 0) {
		close(pfd[0]);
		log_warnx("job %s: %s: cannot run %s: %s", j->name, what, o->self, strerror(err));
		return 1;
	}
	if ((f = fdopen(pfd[0], "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			const char *p = strncmp(line, "netloom: ", 9) == 0 ? line + 9 : line;
			size_t n = strlen(p);

			if (n > 0 && p[n - 1] == '\n')
				n--;
			log_warnx("job %s: %s: %.*s", j->name, what, (int)n, p);
		}
		fclose(f);
	} else
		close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			log_warn("job %s: %s: wait", j->name, what);
			return 1;
		}
	if (WIFEXITED(status)) {
		log_notice("job %s: %s: exit %d", j->name, what, WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	log_warnx("job %s: %s: killed by signal %d", j->name, what,
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 1;
}

static void
base_argv(struct argv *a, const struct job_run_opts *o, const char *db, const char *cmd)
{
	a->n = 0;
	arg(a, o->self);
	arg(a, "--db");
	arg(a, db);
	arg(a, cmd);
}

struct scans {
	int64_t	*v;
	size_t	 n;
	int64_t	 after;
};

static int
scan_collect(const struct store_scan *sc, void *arg)
{
	struct scans *s = arg;
	int64_t *nv;

	if (sc->id <= s->after || strcmp(sc->state, "running") == 0 || sc->snapshots == 0)
		return 0;
	if ((nv = realloc(s->v, (s->n + 1) * sizeof *nv)) == NULL)
		return -1;
	s->v = nv;
	s->v[s->n++] = sc->id;
	return 0;
}

static int
scan_max(const struct store_scan *sc, void *arg)
{
	int64_t *m = arg;

	if (sc->id > *m)
		*m = sc->id;
	return 0;
}

/* Scans after `after` that ended with snapshots, by id; with none made by the job (or no
 * scan stage), the last scan that ended. */
static int
scans_of_run(const char *db, int64_t after, int scanned, struct scans *out, char **cause)
{
	struct store *st = NULL;
	int64_t last;
	int found, rc = -1;

	out->after = after;
	if (store_open(&st, db, 0, cause) == -1)
		return -1;
	if (scanned && store_scans_each(st, scan_collect, out, cause) != 0) {
		if (*cause == NULL)
			err_set(cause, "out of memory");
		goto out;
	}
	if (out->n == 0 && !scanned) {
		if (history_last_scan(st, 0, &last, &found, cause) == -1)
			goto out;
		if (found && (out->v = malloc(sizeof *out->v)) != NULL)
			out->v[out->n++] = last;
	}
	rc = 0;
out:
	store_close(&st);
	return rc;
}

static int
last_scan_id(const char *db, int64_t *id, char **cause)
{
	struct store *st = NULL;
	int rc;

	*id = 0;
	if (store_open(&st, db, 0, cause) == -1)
		return -1;
	rc = store_scans_each(st, scan_max, id, cause) == 0 ? 0 : -1;
	store_close(&st);
	return rc;
}

/* Takes DIR/.netloom-job.lock (flock, never waits); the fd stays open for the run. */
static int
lock_take(const struct job *j, int *fdp, char **cause)
{
	char path[PATH_MAX], pid[32] = "";
	ssize_t n;
	int fd;

	*fdp = -1;
	if ((size_t)snprintf(path, sizeof path, "%s/.netloom-job.lock", j->outdir) >= sizeof path)
		return err_set(cause, "job %s: output folder path too long", j->name);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1)
		return err_set(cause, "job %s: %s: %s", j->name, path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		int e = errno;

		if ((n = read(fd, pid, sizeof pid - 1)) > 0)
			pid[n] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		if (e == EWOULDBLOCK)
			return err_set(cause, "job %s is already running (%s%s%sholds %s): not "
			    "starting a second run", j->name, pid[0] ? "pid " : "", pid,
			    pid[0] ? " " : "", path);
		return err_set(cause, "job %s: lock %s: %s", j->name, path, strerror(e));
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, pid, (size_t)n, 0) != n) {
		close(fd);
		return err_set(cause, "job %s: %s: %s", j->name, path, strerror(errno));
	}
	*fdp = fd;
	return 0;
}

static int
worst(int a, int b)
{
	if (a == 1 || b == 1)
		return 1;
	return a > b ? a : b;
}

/* Points DIR/latest at scan-ID (a symlink replaced atomically). */
static void
latest_link(const struct job *j, int64_t id)
{
	char tmp[PATH_MAX], dst[PATH_MAX], target[64];

	snprintf(target, sizeof target, "scan-%lld", (long long)id);
	snprintf(tmp, sizeof tmp, "%s/.latest.%ld", j->outdir, (long)getpid());
	snprintf(dst, sizeof dst, "%s/latest", j->outdir);
	unlink(tmp);
	if (symlink(target, tmp) == -1 || rename(tmp, dst) == -1) {
		log_warn("job %s: %s", j->name, dst);
		unlink(tmp);
	}
}

static int
outputs(const struct job *j, const struct job_run_opts *o, const char *db, int64_t id,
    struct buf *sum, int *status)
{
	static const char *const ext[][2] = { { "text", "txt" }, { "html", "html" },
	    { "json", "json" }, { "csv", "csv" }, { "junit", "xml" } };
	char dir[PATH_MAX], path[PATH_MAX], scanid[32];
	struct argv a;
	size_t i, k;
	int rc;

	snprintf(scanid, sizeof scanid, "%lld", (long long)id);
	if ((size_t)snprintf(dir, sizeof dir, "%s/scan-%s", j->outdir, scanid) >= sizeof dir)
		return -1;
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		log_warn("job %s: %s", j->name, dir);
		return -1;
	}
	for (i = 0; i < j->formats.n; i++) {
		const char *e = "txt";

		for (k = 0; k < sizeof ext / sizeof ext[0]; k++)
			if (strcmp(ext[k][0], j->formats.v[i]) == 0)
				e = ext[k][1];
		if ((size_t)snprintf(path, sizeof path, "%s/report.%s", dir, e) >= sizeof path)
			return -1;
		base_argv(&a, o, db, "report");
		arg(&a, "--scan");
		arg(&a, scanid);
		arg(&a, "--format");
		arg(&a, j->formats.v[i]);
		arg(&a, "--out");
		arg(&a, path);
		rc = stage(j, o, "report", &a, NULL);
		*status = worst(*status, rc);
		if (rc == 1)
			return -1;
		buf_printf(sum, "report %s of scan %s: %s\n", j->formats.v[i], scanid, path);
	}
	if (j->evidence) {
		if ((size_t)snprintf(path, sizeof path, "%s/evidence", dir) >= sizeof path)
			return -1;
		base_argv(&a, o, db, "evidence");
		arg(&a, "--scan");
		arg(&a, scanid);
		arg(&a, "--out");
		arg(&a, path);
		if (j->sign != NULL) {
			arg(&a, "--sign");
			arg(&a, j->sign);
		}
		rc = stage(j, o, "evidence", &a, NULL);
		*status = worst(*status, rc);
		if (rc == 1)
			return -1;
		buf_printf(sum, "evidence of scan %s: %s (check: cd %s && sha256sum -c SHA256SUMS)\n",
		    scanid, path, path);
	}
	latest_link(j, id);
	return 0;
}

int
job_run(const struct job *j, const struct job_run_opts *o, int *status, struct buf *sum,
    char **cause)
{
	struct scans made = { 0 };
	struct argv a;
	const char *db = j->store ? j->store : o->db;
	char path[PATH_MAX];
	int64_t before = 0, ns = 0, na = 0;
	size_t i;
	int fd = -1, rc, scanned = 0;

	*status = 0;
	if (mkdir(j->outdir, 0755) == -1 && errno != EEXIST)
		return err_set(cause, "job %s: %s: %s", j->name, j->outdir, strerror(errno));
	if (lock_take(j, &fd, cause) == -1)
		return -1;
	log_notice("job %s: started (%s)", j->name, j->file);
	if ((j->snmp.n || j->ssh.n) && access(db, F_OK) == 0 &&
	    last_scan_id(db, &before, cause) == -1)
		goto failed;
	if (j->snmp.n) {
		base_argv(&a, o, db, "scan");
		arg(&a, "--credentials");
		arg(&a, j->credentials);
		if (j->snmp_timeout) {
			arg(&a, "--timeout");
			arg(&a, j->snmp_timeout);
		}
		if (j->snmp_retries) {
			arg(&a, "--retries");
			arg(&a, j->snmp_retries);
		}
		arg(&a, "--");
		for (i = 0; i < j->snmp.n; i++)
			arg(&a, j->snmp.v[i]);
		if ((rc = stage(j, o, "scan", &a, NULL)) == 1)
			goto stopped;
		*status = worst(*status, rc);
		scanned = 1;
	}
	if (j->ssh.n) {
		base_argv(&a, o, db, "scan");
		arg(&a, "--ssh-only");
		arg(&a, "--credentials");
		arg(&a, j->credentials);
		if (j->known_hosts) {
			arg(&a, "--known-hosts");
			arg(&a, j->known_hosts);
		}
		if (j->ssh_port) {
			arg(&a, "--ssh-port");
			arg(&a, j->ssh_port);
		}
		arg(&a, "--");
		for (i = 0; i < j->ssh.n; i++)
			arg(&a, j->ssh.v[i]);
		if ((rc = stage(j, o, "capture", &a, NULL)) == 1)
			goto stopped;
		*status = worst(*status, rc);
		scanned = 1;
	}
	/* Reconcile before the audit: waivers may select devices by their linked asset tag. */
	if (j->assets_import != NULL) {
		base_argv(&a, o, db, "assets");
		arg(&a, "import");
		arg(&a, j->assets_import);
		if ((rc = stage(j, o, "assets import", &a, NULL)) == 1)
			goto stopped;
		*status = worst(*status, rc);
	}
	if (j->assets && j->reconcile) {
		base_argv(&a, o, db, "assets");
		arg(&a, "reconcile");
		if ((rc = stage(j, o, "reconcile", &a, NULL)) == 1)
			goto stopped;
		*status = worst(*status, rc);
	}
	if (j->audit) {
		base_argv(&a, o, db, "audit");
		for (i = 0; i < j->policies.n; i++) {
			arg(&a, "--policy");
			arg(&a, j->policies.v[i]);
		}
		if (j->policies_dir) {
			arg(&a, "--policies");
			arg(&a, j->policies_dir);
		}
		if (j->waivers) {
			arg(&a, "--waivers");
			arg(&a, j->waivers);
		}
		for (i = 0; i < j->sets.n; i++) {
			arg(&a, "--set");
			arg(&a, j->sets.v[i]);
		}
		if ((rc = stage(j, o, "audit", &a, NULL)) == 1)
			goto stopped;
		*status = worst(*status, rc);
	}
	if (j->drift) {
		snprintf(path, sizeof path, "%s/drift.json", j->outdir);
		base_argv(&a, o, db, "drift");
		arg(&a, "--json");
		if ((rc = stage(j, o, "drift", &a, path)) == 1)
			goto stopped;
		buf_printf(sum, "drift (JSON, netloom-drift v1): %s\n", path);
	}
	if (scans_of_run(db, before, scanned, &made, cause) == -1)
		goto failed;
	if (made.n == 0 && (j->formats.n || j->evidence))
		log_warnx("job %s: no scan with snapshots to report on", j->name);
	for (i = 0; i < made.n; i++)
		if (outputs(j, o, db, made.v[i], sum, status) == -1)
			goto stopped;
	if (j->keep_scans > 0) {
		struct store *st = NULL;

		if (store_open(&st, db, 0, cause) == -1 ||
		    retention_prune(st, j->keep_scans, &ns, &na, cause) == -1) {
			store_close(&st);
			goto failed;
		}
		store_close(&st);
		if (ns)
			log_notice("job %s: retention: %lld old scans and %lld artifacts removed",
			    j->name, (long long)ns, (long long)na);
		buf_printf(sum, "retention: kept the newest %lld scans, removed %lld scans\n",
		    j->keep_scans, (long long)ns);
	}
	if (made.n)
		buf_printf(sum, "latest: %s/latest -> scan-%lld\n", j->outdir,
		    (long long)made.v[made.n - 1]);
	log_notice("job %s: finished, status %d", j->name, *status);
	goto out;
failed:
	log_warnx("job %s: %s", j->name, *cause ? *cause : "failed");
	free(*cause);
	*cause = NULL;
stopped:
	log_warnx("job %s: a stage failed: the remaining stages were skipped", j->name);
	*status = 1;
out:
	free(made.v);
	if (ftruncate(fd, 0) == -1)	/* the pid in the lock file names a live run only */
		log_warn("job %s: lock file", j->name);
	close(fd);
	return 0;
}
