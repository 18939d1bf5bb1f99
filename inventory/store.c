#include "inventory/store.h"
#include "inventory/store_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/hash.h"
#include "inventory/schema.h"

#define STORE_BUSY_MS	10000

struct store {
	sqlite3	*db;
	char	*path;
	int	 readonly;
	int	 busy_ms;
};

/* What we know of a running process, to tell a live scan from a dead one. */
struct proc_id {
	long long	pid;
	long long	start;		/* clock ticks after boot, /proc/PID/stat field 22 */
	char		boot[64];
	char		host[256];
};

static const char *const scan_states[] = {
	[SCAN_RUNNING] = "running",
	[SCAN_COMPLETE] = "complete",
	[SCAN_INTERRUPTED] = "interrupted",
	[SCAN_FAILED] = "failed",
};

const char *
store_scan_state_name(enum scan_state state)
{
	if ((unsigned)state >= sizeof scan_states / sizeof scan_states[0])
		return "unknown";
	return scan_states[state];
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

const char *
store_path(struct store *s)
{
	return s->path;
}

int64_t
store_now(struct store *s)
{
	(void)s;
	return (int64_t)time(NULL);
}

int
store_sqlerr(struct store *s, const char *what, char **cause)
{
	int code = sqlite3_extended_errcode(s->db);

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return err_set(cause, "%s: %s: database is busy: another netloom process is "
		    "writing to it (waited %d ms); try again when it has finished", s->path,
		    what, s->busy_ms);
	if ((code & 0xff) == SQLITE_NOTADB)
		return err_set(cause, "%s: not a netloom database (not an SQLite file)", s->path);
	if ((code & 0xff) == SQLITE_READONLY)
		return err_set(cause, "%s: %s: database is read-only", s->path, what);
	return err_set(cause, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int
exec_sql(struct store *s, const char *sql, const char *what, char **cause)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlerr(s, what, cause);
	return 0;
}

int
store_begin(struct store *s, char **cause)
{
	if (s->readonly)
		return err_set(cause, "%s: opened read-only", s->path);
	return exec_sql(s, "BEGIN IMMEDIATE", "begin transaction", cause);
}

int
store_commit(struct store *s, char **cause)
{
	if (exec_sql(s, "COMMIT", "commit", cause) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_prepare(struct store *s, const char *what, const char *sql, sqlite3_stmt **st,
    char **cause)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return store_sqlerr(s, what, cause);
	}
	return 0;
}

int
store_bind_text(sqlite3_stmt *st, int i, const char *v, int empty_is_null)
{
	if (v == NULL || (empty_is_null && *v == '\0'))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static int
prepare(struct store *s, const char *sql, sqlite3_stmt **st, char **cause)
{
	return store_prepare(s, "prepare", sql, st, cause);
}

/* Binds a string or SQL NULL. */
static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return store_bind_text(st, i, v, 0);
}

/* Runs a statement that returns no rows, then finalizes it. */
static int
step_done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_sqlerr(s, what, cause);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int
read_small_file(const char *path, char *out, size_t outlen)
{
	FILE *f;
	size_t n;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(out, 1, outlen - 1, f);
	fclose(f);
	out[n] = '\0';
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		out[--n] = '\0';
	return 0;
}

/* Start time of pid in clock ticks after boot, or -1 when there is no such process. */
static long long
proc_start_time(long long pid)
{
	char path[64], buf[1024], *p, *end;
	long long v = -1;
	int field;

	snprintf(path, sizeof path, "/proc/%lld/stat", pid);
	if (read_small_file(path, buf, sizeof buf) == -1)
		return -1;
	/* comm may hold spaces and parentheses: fields start after the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	p++;
	for (field = 3; field <= 22 && *p; field++) {
		while (*p == ' ')
			p++;
		if (field == 22) {
			errno = 0;
			v = strtoll(p, &end, 10);
			if (errno != 0 || end == p)
				return -1;
			break;
		}
		while (*p && *p != ' ')
			p++;
	}
	return v;
}

static void
proc_self(struct proc_id *id)
{
	memset(id, 0, sizeof *id);
	id->pid = (long long)getpid();
	id->start = proc_start_time(id->pid);
	if (read_small_file("/proc/sys/kernel/random/boot_id", id->boot, sizeof id->boot) == -1)
		id->boot[0] = '\0';
	if (gethostname(id->host, sizeof id->host - 1) == -1)
		snprintf(id->host, sizeof id->host, "localhost");
}

static int
migrate(struct store *s, char **cause)
{
	sqlite3_stmt *st = NULL;
	int version, latest = schema_latest(), nobjects;
	char pragma[64];

	if (store_begin(s, cause) == -1)
		return -1;
	/* Read the version inside the write lock: two processes creating one database
	 * at once must not both migrate it. */
	if (prepare(s, "PRAGMA user_version", &st, cause) == -1)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_sqlerr(s, "read schema version", cause);
		goto fail;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version > latest) {
		err_set(cause, "%s: schema version %d is newer than this netloom understands "
		    "(%d): upgrade netloom", s->path, version, latest);
		goto fail;
	}
	if (version == 0) {
		if (prepare(s, "SELECT count(*) FROM sqlite_master", &st, cause) == -1)
			goto fail;
		if (sqlite3_step(st) != SQLITE_ROW) {
			store_sqlerr(s, "inspect database", cause);
			goto fail;
		}
		nobjects = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if (nobjects > 0) {
			err_set(cause, "%s: an SQLite database that is not netloom's; "
			    "refusing to change it", s->path);
			goto fail;
		}
	}
	for (; version < latest; version++) {
		if (exec_sql(s, schema_migration(version), "migrate schema", cause) == -1)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		if (exec_sql(s, pragma, "set schema version", cause) == -1)
			goto fail;
	}
	return store_commit(s, cause);
fail:
	sqlite3_finalize(st);
	store_rollback(s);
	return -1;
}

/* Creates the file 0600 before SQLite does (it would use 0644): the store holds an
 * organisation's inventory and configurations. SQLite gives -wal/-shm the same mode. */
static int
precreate(const char *path, char **cause)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		return err_set(cause, "%s: cannot create database: %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

int
store_open(struct store **sp, const char *path, int flags, char **cause)
{
	struct store *s = NULL;
	sqlite3_stmt *st = NULL;
	const char *env;
	int oflags, rc;

	*sp = NULL;
	if (path == NULL || *path == '\0')
		return err_set(cause, "empty database path");
	if ((s = calloc(1, sizeof *s)) == NULL || (s->path = strdup(path)) == NULL) {
		err_set(cause, "%s: out of memory", path);
		goto fail;
	}
	s->readonly = (flags & STORE_READONLY) != 0;
	s->busy_ms = STORE_BUSY_MS;
	if ((env = getenv("NETLOOM_BUSY_TIMEOUT")) != NULL && *env)
		s->busy_ms = (int)strtol(env, NULL, 10);
	if (s->readonly) {
		if (access(path, F_OK) == -1) {
			err_set(cause, "%s: no database here (run netloom scan first, or give "
			    "--db PATH)", path);
			goto fail;
		}
		oflags = SQLITE_OPEN_READONLY;
	} else {
		if (precreate(path, cause) == -1)
			goto fail;
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		err_set(cause, "%s: cannot open database: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	/* The first read tells a non-database file apart before anything is written. */
	if (prepare(s, "SELECT count(*) FROM sqlite_master", &st, cause) == -1)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_sqlerr(s, "read", cause);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (exec_sql(s, "PRAGMA foreign_keys = ON", "enable foreign keys", cause) == -1)
		goto fail;
	if (!s->readonly) {
		if (prepare(s, "PRAGMA journal_mode = WAL", &st, cause) == -1)
			goto fail;
		if (sqlite3_step(st) != SQLITE_ROW ||
		    strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
			store_sqlerr(s, "switch to WAL mode", cause);
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
		/* In WAL mode NORMAL survives a killed process; only power loss can undo
		 * the last commits, never corrupt. */
		if (exec_sql(s, "PRAGMA synchronous = NORMAL", "set synchronous", cause) == -1)
			goto fail;
		if (migrate(s, cause) == -1)
			goto fail;
		if (!(flags & STORE_NOREAP) && store_scan_reap(s, NULL, cause) == -1)
			goto fail;
	} else if (store_schema_version(s) != schema_latest()) {
		err_set(cause, "%s: schema version %d, this netloom needs %d (open it once "
		    "read-write to migrate)", path, store_schema_version(s), schema_latest());
		goto fail;
	}
	*sp = s;
	return 0;
fail:
	sqlite3_finalize(st);
	store_close(&s);
	return -1;
}

void
store_close(struct store **sp)
{
	struct store *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	if (s->db != NULL) {
		store_rollback(s);
		sqlite3_close_v2(s->db);
	}
	free(s->path);
	free(s);
	*sp = NULL;
}

int
store_schema_version(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
store_schema_latest(void)
{
	return schema_latest();
}

int
store_check(struct store *s, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *r;
	int rc = -1;

	if (prepare(s, "PRAGMA integrity_check", &st, cause) == -1)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_sqlerr(s, "integrity check", cause);
		goto out;
	}
	r = (const char *)sqlite3_column_text(st, 0);
	if (r == NULL || strcmp(r, "ok") != 0) {
		err_set(cause, "%s: integrity check failed: %s", s->path, r ? r : "?");
		goto out;
	}
	sqlite3_finalize(st);
	if (prepare(s, "PRAGMA foreign_key_check", &st, cause) == -1)
		return -1;
	switch (sqlite3_step(st)) {
	case SQLITE_DONE:
		rc = 0;
		break;
	case SQLITE_ROW:
		err_set(cause, "%s: foreign key violation in table %s", s->path,
		    (const char *)sqlite3_column_text(st, 0));
		break;
	default:
		store_sqlerr(s, "foreign key check", cause);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

int
store_scan_begin(struct store *s, const char *targets, int64_t *scan_id, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct proc_id me;

	proc_self(&me);
	if (prepare(s, "INSERT INTO scans (started, state, targets, collector, version, pid,"
	    " pid_start, boot_id) VALUES (?, 'running', ?, ?, ?, ?, ?, ?)", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, store_now(s));
	bind_text(st, 2, targets ? targets : "");
	bind_text(st, 3, me.host);
	bind_text(st, 4, NETLOOM_VERSION);
	sqlite3_bind_int64(st, 5, me.pid);
	sqlite3_bind_int64(st, 6, me.start);
	bind_text(st, 7, me.boot);
	if (step_done(s, st, "record scan", cause) == -1)
		return -1;
	*scan_id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_scan_end(struct store *s, int64_t scan_id, enum scan_state state, char **cause)
{
	sqlite3_stmt *st = NULL;

	if (state == SCAN_RUNNING)
		return err_set(cause, "scan %lld: cannot end in state running", (long long)scan_id);
	if (prepare(s, "UPDATE scans SET state = ?, finished = ? WHERE id = ? AND "
	    "state = 'running'", &st, cause) == -1)
		return -1;
	bind_text(st, 1, store_scan_state_name(state));
	sqlite3_bind_int64(st, 2, store_now(s));
	sqlite3_bind_int64(st, 3, scan_id);
	if (step_done(s, st, "end scan", cause) == -1)
		return -1;
	if (sqlite3_changes(s->db) != 1)
		return err_set(cause, "%s: scan %lld is not running", s->path, (long long)scan_id);
	return 0;
}

/* A running scan is dead when it was started on this host and its process is gone
 * (or the pid now belongs to another process, or the machine rebooted). Scans
 * started on other hosts are left alone: we cannot see their processes. */
static int
scan_is_dead(const struct proc_id *me, const char *host, const char *boot, long long pid,
    long long start)
{
	if (host == NULL || strcmp(host, me->host) != 0)
		return 0;
	if (boot != NULL && *boot && *me->boot && strcmp(boot, me->boot) != 0)
		return 1;
	if (pid == me->pid && start == me->start)
		return 0;
	return proc_start_time(pid) != start;
}

int
store_scan_reap(struct store *s, int *count, char **cause)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	struct proc_id me;
	int n = 0, rc;

	proc_self(&me);
	if (count)
		*count = 0;
	if (store_begin(s, cause) == -1)
		return -1;
	if (prepare(s, "SELECT id, collector, boot_id, pid, pid_start FROM scans "
	    "WHERE state = 'running'", &st, cause) == -1)
		goto fail;
	if (prepare(s, "UPDATE scans SET state = 'interrupted', finished = ? WHERE id = ?",
	    &up, cause) == -1)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!scan_is_dead(&me, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3),
		    sqlite3_column_int64(st, 4)))
			continue;
		sqlite3_reset(up);
		sqlite3_bind_int64(up, 1, store_now(s));
		sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
		if (sqlite3_step(up) != SQLITE_DONE) {
			store_sqlerr(s, "mark scan interrupted", cause);
			goto fail;
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		store_sqlerr(s, "find dead scans", cause);
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (count)
		*count = n;
	return store_commit(s, cause);
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	store_rollback(s);
	return -1;
}

/* Serial numbers that vendors and BIOSes use as placeholders identify nothing. */
int
store_serial_usable(const char *v)
{
	static const char *const junk[] = {
		"0", "n/a", "na", "none", "null", "unknown", "not specified", "not available",
		"to be filled by o.e.m.", "default string", "system serial number",
		"0123456789", "123456789", "serial", "invalid", "-",
	};
	size_t i, len;

	if (v == NULL)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	len = strlen(v);
	if (len == 0)
		return 0;
	for (i = 0; i < sizeof junk / sizeof junk[0]; i++)
		if (strcasecmp(v, junk[i]) == 0)
			return 0;
	if (strspn(v, "0 ") == len)
		return 0;
	return 1;
}

/* A MAC identifies one device unless it is null, broadcast, multicast, or one of the
 * first-hop redundancy MACs that several routers share (VRRP, HSRP). */
static int
mac_is_identity(const char *m)
{
	unsigned first;
	size_t i;

	if (m == NULL || strlen(m) != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? m[i] != ':' : !isxdigit((unsigned char)m[i]))
			return 0;
	}
	if (strcmp(m, "00:00:00:00:00:00") == 0 || strcasecmp(m, "ff:ff:ff:ff:ff:ff") == 0)
		return 0;
	first = (unsigned)strtoul(m, NULL, 16);
	if (first & 1)
		return 0;
	if (strncasecmp(m, "00:00:5e:00:01", 14) == 0 || strncasecmp(m, "00:00:5e:00:02", 14) == 0 ||
	    strncasecmp(m, "00:00:0c:07:ac", 14) == 0 || strncasecmp(m, "00:00:0c:9f:f", 13) == 0)
		return 0;
	return 1;
}

/* Identity of the device a snapshot describes, strongest key first. */
struct ident {
	const char	*serial;
	const char	*engine_id;
	const char	*hostkey;
};

static void
ident_of(const struct snapshot *snap, struct ident *id)
{
	id->serial = snapshot_fact(snap, FACT_SERIAL);
	if (!store_serial_usable(id->serial))
		id->serial = NULL;
	id->engine_id = snapshot_fact(snap, FACT_ENGINE_ID);
	if (id->engine_id != NULL && *id->engine_id == '\0')
		id->engine_id = NULL;
	id->hostkey = snapshot_fact(snap, FACT_SSH_HOSTKEY);
	if (id->hostkey != NULL && *id->hostkey == '\0')
		id->hostkey = NULL;
}

static int
differs(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) != 0;
}

/* Identity keys, strongest first. */
enum ident_key { KEY_SERIAL, KEY_ENGINE_ID, KEY_HOSTKEY, KEY_MAC, KEY_ADDRESS };

/* A candidate found by one key is rejected when a stronger key disagrees (a different
 * serial at a known address is another device); weaker keys may change (an engine ID
 * regenerated, a host key rotated) without making the same serial another device. */
static int
candidate_conflicts(struct store *s, int64_t dev, enum ident_key by, const struct ident *id,
    int *conflict, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *serial;

	*conflict = 0;
	if (prepare(s, "SELECT serial, engine_id, ssh_hostkey FROM devices WHERE id = ?",
	    &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, dev);
	if (sqlite3_step(st) == SQLITE_ROW) {
		serial = (const char *)sqlite3_column_text(st, 0);
		if ((by > KEY_SERIAL && store_serial_usable(serial) && differs(serial, id->serial)) ||
		    (by > KEY_ENGINE_ID &&
		    differs((const char *)sqlite3_column_text(st, 1), id->engine_id)) ||
		    (by > KEY_HOSTKEY &&
		    differs((const char *)sqlite3_column_text(st, 2), id->hostkey)))
			*conflict = 1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Runs a query returning device ids for one key and takes the most recently seen
 * candidate that does not conflict. *dev stays 0 when none fits. */
static int
match_by(struct store *s, const char *sql, enum ident_key by, const char *key,
    const struct ident *id, int64_t *dev, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t cand;
	int conflict, rc;

	*dev = 0;
	if (key == NULL)
		return 0;
	if (prepare(s, sql, &st, cause) == -1)
		return -1;
	bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cand = sqlite3_column_int64(st, 0);
		if (candidate_conflicts(s, cand, by, id, &conflict, cause) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		if (!conflict) {
			*dev = cand;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return store_sqlerr(s, "match device", cause);
	}
	sqlite3_finalize(st);
	return 0;
}

static int
match_device(struct store *s, const struct snapshot *snap, int64_t *dev, const char **how,
    char **cause)
{
	struct ident id;
	const struct snapshot_iface *ifc;
	size_t i;

	ident_of(snap, &id);
	*dev = 0;
	*how = "new";
	if (match_by(s, "SELECT id FROM devices WHERE serial = ? ORDER BY last_seen DESC",
	    KEY_SERIAL, id.serial, &id, dev, cause) == -1)
		return -1;
	if (*dev) {
		*how = "serial";
		return 0;
	}
	if (match_by(s, "SELECT id FROM devices WHERE engine_id = ? ORDER BY last_seen DESC",
	    KEY_ENGINE_ID, id.engine_id, &id, dev, cause) == -1)
		return -1;
	if (*dev) {
		*how = "engine-id";
		return 0;
	}
	if (match_by(s, "SELECT id FROM devices WHERE ssh_hostkey = ? ORDER BY last_seen DESC",
	    KEY_HOSTKEY, id.hostkey, &id, dev, cause) == -1)
		return -1;
	if (*dev) {
		*how = "ssh-hostkey";
		return 0;
	}
	/* A MAC recorded on more than one device identifies none of them. */
	for (i = 0; i < snapshot_iface_count(snap); i++) {
		ifc = snapshot_iface_at(snap, i);
		if (!mac_is_identity(ifc->mac))
			continue;
		if (match_by(s, "SELECT device_id FROM device_macs WHERE mac = lower(?1) AND "
		    "(SELECT count(*) FROM device_macs WHERE mac = lower(?1)) = 1",
		    KEY_MAC, ifc->mac, &id, dev, cause) == -1)
			return -1;
		if (*dev) {
			*how = "mac";
			return 0;
		}
	}
	if (match_by(s, "SELECT d.id FROM devices d JOIN device_addresses a ON a.device_id = "
	    "d.id WHERE a.address = ? ORDER BY a.last_seen DESC, d.last_seen DESC",
	    KEY_ADDRESS, snapshot_address(snap), &id, dev, cause) == -1)
		return -1;
	if (*dev)
		*how = "address";
	return 0;
}

/* found_by lists every source that saw the device, comma-separated. */
static int
found_by_merge(struct store *s, int64_t dev, const char *source, char **out, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *cur = NULL, *p;
	size_t n = strlen(source);

	*out = NULL;
	if (prepare(s, "SELECT found_by FROM devices WHERE id = ?", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, dev);
	if (sqlite3_step(st) == SQLITE_ROW)
		cur = (const char *)sqlite3_column_text(st, 0);
	if (cur == NULL || *cur == '\0') {
		*out = strdup(source);
	} else {
		for (p = cur; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			if (strncmp(p, source, n) == 0 && (p[n] == ',' || p[n] == '\0'))
				break;
		}
		if (p != NULL)
			*out = strdup(cur);
		else if (asprintf(out, "%s,%s", cur, source) == -1)
			*out = NULL;
	}
	sqlite3_finalize(st);
	if (*out == NULL)
		return err_set(cause, "out of memory");
	return 0;
}

static int
device_write(struct store *s, const struct snapshot *snap, int64_t *dev, char **cause)
{
	static const char *const cols[] = {
		FACT_SYSNAME, FACT_PLATFORM, FACT_VENDOR, FACT_MODEL, FACT_SERIAL, FACT_OS_NAME,
		FACT_OS_VERSION, FACT_ENGINE_ID, FACT_SSH_HOSTKEY, FACT_SYSOBJECTID,
	};
	sqlite3_stmt *st = NULL;
	char *found = NULL;
	const char *v;
	int64_t now = store_now(s);
	size_t i;
	int rc = -1;

	if (*dev == 0) {
		if (prepare(s, "INSERT INTO devices (name, platform, vendor, model, serial, "
		    "os_name, os_version, engine_id, ssh_hostkey, sysobjectid, address, "
		    "found_by, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    &st, cause) == -1)
			return -1;
		bind_text(st, 12, snapshot_source(snap));
		sqlite3_bind_int64(st, 13, now);
	} else {
		if (found_by_merge(s, *dev, snapshot_source(snap), &found, cause) == -1)
			return -1;
		/* Keep what earlier snapshots knew when this one is silent on a column. */
		if (prepare(s, "UPDATE devices SET name = coalesce(?1, name), platform = "
		    "coalesce(?2, platform), vendor = coalesce(?3, vendor), model = coalesce(?4, "
		    "model), serial = coalesce(?5, serial), os_name = coalesce(?6, os_name), "
		    "os_version = coalesce(?7, os_version), engine_id = coalesce(?8, engine_id), "
		    "ssh_hostkey = coalesce(?9, ssh_hostkey), sysobjectid = coalesce(?10, "
		    "sysobjectid), address = coalesce(?11, address), found_by = ?12, "
		    "last_seen = ?14 WHERE id = ?15", &st, cause) == -1)
			goto out;
		bind_text(st, 12, found);
		sqlite3_bind_int64(st, 15, *dev);
	}
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		v = snapshot_fact(snap, cols[i]);
		if (v != NULL && *v == '\0')
			v = NULL;
		if (strcmp(cols[i], FACT_SERIAL) == 0 && !store_serial_usable(v))
			v = NULL;
		bind_text(st, (int)i + 1, v);
	}
	bind_text(st, 11, snapshot_address(snap));
	sqlite3_bind_int64(st, 14, now);
	if (step_done(s, st, "write device", cause) == -1)
		goto out;
	if (*dev == 0)
		*dev = sqlite3_last_insert_rowid(s->db);
	rc = 0;
out:
	free(found);
	return rc;
}

static int
upsert_pair(struct store *s, const char *sql, int64_t dev, const char *v, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t now = store_now(s);

	if (prepare(s, sql, &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, dev);
	bind_text(st, 2, v);
	sqlite3_bind_int64(st, 3, now);
	return step_done(s, st, "record address", cause);
}

static int
put_addresses(struct store *s, int64_t dev, const struct snapshot *snap, char **cause)
{
	static const char sql[] = "INSERT INTO device_addresses (device_id, address, "
	    "first_seen, last_seen) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (device_id, address) "
	    "DO UPDATE SET last_seen = excluded.last_seen";
	size_t i;

	if (snapshot_address(snap) != NULL &&
	    upsert_pair(s, sql, dev, snapshot_address(snap), cause) == -1)
		return -1;
	for (i = 0; i < snapshot_address_count(snap); i++)
		if (upsert_pair(s, sql, dev, snapshot_address_at(snap, i), cause) == -1)
			return -1;
	return 0;
}

static int
put_ifaces(struct store *s, int64_t dev, int64_t snapid, const struct snapshot *snap,
    char **cause)
{
	static const char macsql[] = "INSERT INTO device_macs (device_id, mac, first_seen, "
	    "last_seen) VALUES (?1, lower(?2), ?3, ?3) ON CONFLICT (device_id, mac) DO UPDATE "
	    "SET last_seen = excluded.last_seen";
	const struct snapshot_iface *ifc;
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < snapshot_iface_count(snap); i++) {
		ifc = snapshot_iface_at(snap, i);
		if (prepare(s, "INSERT INTO interfaces (snapshot_id, device_id, ifindex, name, "
		    "mac, admin, oper, speed, addresses) VALUES (?,?,?,?,lower(?),?,?,?,?)",
		    &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, snapid);
		sqlite3_bind_int64(st, 2, dev);
		if (ifc->ifindex)
			sqlite3_bind_int(st, 3, ifc->ifindex);
		bind_text(st, 4, ifc->name);
		bind_text(st, 5, ifc->mac);
		bind_text(st, 6, ifc->admin);
		bind_text(st, 7, ifc->oper);
		if (ifc->speed)
			sqlite3_bind_int64(st, 8, (sqlite3_int64)ifc->speed);
		bind_text(st, 9, ifc->addrs);
		if (step_done(s, st, "record interface", cause) == -1)
			return -1;
		if (mac_is_identity(ifc->mac) && upsert_pair(s, macsql, dev, ifc->mac, cause) == -1)
			return -1;
	}
	return 0;
}

static int
put_artifacts(struct store *s, int64_t snapid, const struct snapshot *snap, char **cause)
{
	sqlite3_stmt *st = NULL;
	char sha[HASH_HEX_LEN + 1];
	const char *name, *text;
	size_t i, len;

	for (i = 0; i < snapshot_artifact_count(snap); i++) {
		snapshot_artifact_at(snap, i, &name, &text, &len);
		if (hash_sha256_hex(text, len, sha) == -1)
			return err_set(cause, "artifact %s: SHA-256 failed", name);
		/* Stored once per content: a second identical config costs one row. */
		if (prepare(s, "INSERT OR IGNORE INTO artifacts (sha256, size, content, "
		    "first_stored) VALUES (?, ?, ?, ?)", &st, cause) == -1)
			return -1;
		bind_text(st, 1, sha);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
		sqlite3_bind_text64(st, 3, text, len, SQLITE_STATIC, SQLITE_UTF8);
		sqlite3_bind_int64(st, 4, store_now(s));
		if (step_done(s, st, "store artifact", cause) == -1)
			return -1;
		if (prepare(s, "INSERT INTO snapshot_artifacts (snapshot_id, name, sha256) "
		    "VALUES (?, ?, ?)", &st, cause) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, snapid);
		bind_text(st, 2, name);
		bind_text(st, 3, sha);
		if (step_done(s, st, "link artifact", cause) == -1)
			return err_prefix(cause, "artifact '%s': ", name);
	}
	return 0;
}

static int
put_facts(struct store *s, int64_t snapid, const struct snapshot *snap, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *k, *v;
	size_t i;
	int rc;

	if (prepare(s, "INSERT INTO facts (snapshot_id, seq, key, value) VALUES (?,?,?,?)",
	    &st, cause) == -1)
		return -1;
	for (i = 0; i < snapshot_fact_count(snap); i++) {
		snapshot_fact_at(snap, i, &k, &v);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, snapid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, k);
		bind_text(st, 4, v);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return store_sqlerr(s, "record fact", cause);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The neighbour is another device when its name or chassis MAC is already known. */
static int
resolve_neighbour(struct store *s, int64_t self, const struct snapshot_neighbour *n,
    int64_t *dst, char **cause)
{
	sqlite3_stmt *st = NULL;

	*dst = 0;
	if (prepare(s, "SELECT id FROM devices WHERE id != ?1 AND ((?2 IS NOT NULL AND "
	    "(name = ?2 OR name LIKE ?2 || '.%')) OR (?3 IS NOT NULL AND id IN (SELECT "
	    "device_id FROM device_macs WHERE mac = lower(?3)))) ORDER BY last_seen DESC "
	    "LIMIT 1", &st, cause) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, self);
	bind_text(st, 2, n->remote_name);
	bind_text(st, 3, mac_is_identity(n->remote_chassis) ? n->remote_chassis : NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		*dst = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int
put_neighbours(struct store *s, int64_t dev, int64_t snapid, const struct snapshot *snap,
    char **cause)
{
	const struct snapshot_neighbour *n;
	sqlite3_stmt *st = NULL;
	int64_t dst, now = store_now(s);
	size_t i;

	for (i = 0; i < snapshot_neighbour_count(snap); i++) {
		n = snapshot_neighbour_at(snap, i);
		if (resolve_neighbour(s, dev, n, &dst, cause) == -1)
			return -1;
		if (prepare(s, "INSERT INTO relations (kind, src_device, dst_device, src_port, "
		    "dst_name, dst_port, dst_address, dst_chassis, snapshot_id, first_seen, "
		    "last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?)", &st, cause) == -1)
			return -1;
		bind_text(st, 1, n->kind);
		sqlite3_bind_int64(st, 2, dev);
		if (dst)
			sqlite3_bind_int64(st, 3, dst);
		bind_text(st, 4, n->local_port);
		bind_text(st, 5, n->remote_name);
		bind_text(st, 6, n->remote_port);
		bind_text(st, 7, n->remote_addr);
		bind_text(st, 8, n->remote_chassis);
		sqlite3_bind_int64(st, 9, snapid);
		sqlite3_bind_int64(st, 10, now);
		sqlite3_bind_int64(st, 11, now);
		if (step_done(s, st, "record relation", cause) == -1)
			return -1;
	}
	return 0;
}

int
store_snapshot_put(struct store *s, int64_t scan_id, const struct snapshot *snap,
    int64_t *device_id, int64_t *snapshot_id, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *how;
	int64_t dev = 0, snapid;

	if (store_begin(s, cause) == -1)
		return -1;
	if (match_device(s, snap, &dev, &how, cause) == -1)
		goto fail;
	if (device_write(s, snap, &dev, cause) == -1)
		goto fail;
	if (prepare(s, "INSERT INTO snapshots (device_id, scan_id, taken, source, address, "
	    "matched_on) VALUES (?,?,?,?,?,?)", &st, cause) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, scan_id);
	sqlite3_bind_int64(st, 3, store_now(s));
	bind_text(st, 4, snapshot_source(snap));
	bind_text(st, 5, snapshot_address(snap));
	bind_text(st, 6, how);
	if (step_done(s, st, "record snapshot", cause) == -1)
		goto fail;
	snapid = sqlite3_last_insert_rowid(s->db);
	if (put_addresses(s, dev, snap, cause) == -1 ||
	    put_ifaces(s, dev, snapid, snap, cause) == -1 ||
	    put_artifacts(s, snapid, snap, cause) == -1 ||
	    put_facts(s, snapid, snap, cause) == -1 ||
	    put_neighbours(s, dev, snapid, snap, cause) == -1)
		goto fail;
	if (store_commit(s, cause) == -1)
		return -1;
	if (device_id)
		*device_id = dev;
	if (snapshot_id)
		*snapshot_id = snapid;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
store_scans_each(struct store *s, store_scan_cb cb, void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct store_scan sc;
	int rc, ret = 0;

	if (prepare(s, "SELECT id, started, coalesce(finished, 0), state, targets, collector, "
	    "version, (SELECT count(*) FROM snapshots WHERE scan_id = scans.id) FROM scans "
	    "ORDER BY id", &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sc.id = sqlite3_column_int64(st, 0);
		sc.started = sqlite3_column_int64(st, 1);
		sc.finished = sqlite3_column_int64(st, 2);
		sc.state = col_text(st, 3);
		sc.targets = col_text(st, 4);
		sc.collector = col_text(st, 5);
		sc.version = col_text(st, 6);
		sc.snapshots = sqlite3_column_int64(st, 7);
		if ((ret = cb(&sc, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_sqlerr(s, "list scans", cause);
	sqlite3_finalize(st);
	return ret;
}

int
store_devices_each(struct store *s, store_device_cb cb, void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct store_device d;
	int rc, ret = 0;

	if (prepare(s, "SELECT id, name, address, platform, vendor, model, serial, os_name, "
	    "os_version, found_by, first_seen, last_seen, (SELECT count(*) FROM snapshots "
	    "WHERE device_id = devices.id) FROM devices ORDER BY id", &st, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d.id = sqlite3_column_int64(st, 0);
		d.name = col_text(st, 1);
		d.address = col_text(st, 2);
		d.platform = col_text(st, 3);
		d.vendor = col_text(st, 4);
		d.model = col_text(st, 5);
		d.serial = col_text(st, 6);
		d.os_name = col_text(st, 7);
		d.os_version = col_text(st, 8);
		d.found_by = col_text(st, 9);
		d.first_seen = sqlite3_column_int64(st, 10);
		d.last_seen = sqlite3_column_int64(st, 11);
		d.snapshots = sqlite3_column_int64(st, 12);
		if ((ret = cb(&d, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_sqlerr(s, "list devices", cause);
	sqlite3_finalize(st);
	return ret;
}
