/* ssh_client: one bounded-time SSH connection over libssh (docs/ssh.md). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/buf.h"
#include "common/err.h"
#include "scanner/cred.h"
#include "scanner/ssh_client.h"

#define KNOWN_HOSTS_LINE_MAX	16384
/* How long one read waits before the deadline is looked at again. */
#define READ_SLICE_MS		500

struct sshc {
	ssh_session		 s;
	pthread_mutex_t		 mu;		/* fd, aborted, deadline: the watchdog reads them */
	int			 fd;
	int			 aborted;
	int64_t			 deadline;
	enum sshc_hostkey_state	 hk;
	char			*fp;
	char			*fp_expected;
	char			*banner;
	const char		*hk_type;	/* libssh's static name, or NULL */
	unsigned		 hk_bits;
};

struct sshc_shell {
	struct sshc	*c;
	ssh_channel	 ch;
};

/* One process-wide lock: a known_hosts append must not interleave with a read. */
static pthread_mutex_t known_hosts_mu = PTHREAD_MUTEX_INITIALIZER;

int64_t
sshc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sshc_set_deadline(struct sshc *c, int64_t deadline_ms)
{
	pthread_mutex_lock(&c->mu);
	c->deadline = deadline_ms;
	pthread_mutex_unlock(&c->mu);
}

void
sshc_abort(struct sshc *c)
{
	pthread_mutex_lock(&c->mu);
	c->aborted = 1;
	/* shutdown, not close: the descriptor stays owned by libssh, its calls just fail. */
	if (c->fd >= 0)
		shutdown(c->fd, SHUT_RDWR);
	pthread_mutex_unlock(&c->mu);
}

int
sshc_expired(const struct sshc *c)
{
	struct sshc *m = (struct sshc *)c;
	int e;

	pthread_mutex_lock(&m->mu);
	e = m->aborted || sshc_now_ms() >= m->deadline;
	pthread_mutex_unlock(&m->mu);
	return e;
}

/* Milliseconds left before the deadline, or -1 when none is left. */
static int64_t
remaining(struct sshc *c)
{
	int64_t rem;

	pthread_mutex_lock(&c->mu);
	rem = c->aborted ? -1 : c->deadline - sshc_now_ms();
	pthread_mutex_unlock(&c->mu);
	return rem > 0 ? rem : -1;
}

/* Bounds the next libssh call by the time left. */
static int
arm(struct sshc *c, const char *what, char **cause)
{
	int64_t rem = remaining(c);
	long sec, usec;

	if (rem < 0)
		return err_set(cause, "%s: timed out", what);
	sec = (long)(rem / 1000);
	usec = (long)(rem % 1000) * 1000;
	if (sec == 0 && usec == 0)
		usec = 1000;
	ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT, &sec);
	ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT_USEC, &usec);
	return 0;
}

/* The reason of a failed libssh call: a timeout when time ran out, else libssh's text. */
static int
fail(struct sshc *c, const char *what, char **cause)
{
	if (remaining(c) < 0)
		return err_set(cause, "%s: timed out", what);
	return err_set(cause, "%s: %s", what, c->s != NULL ? ssh_get_error(c->s) : "failed");
}

static char *
fingerprint(ssh_key key)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp, *out;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0)
		return NULL;
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ssh_clean_pubkey_hash(&hash);
	if (fp == NULL)
		return NULL;
	out = strdup(fp);
	ssh_string_free_char(fp);
	return out;
}

/* Base64 to bytes; the decoded length, or -1. */
static int
b64dec(const char *s, size_t n, unsigned char *out, size_t outlen)
{
	int l;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > outlen)
		return -1;
	if ((l = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n)) < 0)
		return -1;
	while (n > 0 && s[n - 1] == '=') {
		l--;
		n--;
	}
	return l;
}

/* One SSH wire string (u32 length, bytes) at *p of the n bytes left; 0, or -1 when cut. */
static int
wire_string(const unsigned char **p, size_t *n, const unsigned char **v, size_t *vl)
{
	size_t l;

	if (*n < 4)
		return -1;
	l = (size_t)(*p)[0] << 24 | (size_t)(*p)[1] << 16 | (size_t)(*p)[2] << 8 | (*p)[3];
	if (l > *n - 4)
		return -1;
	*v = *p + 4;
	*vl = l;
	*p += 4 + l;
	*n -= 4 + l;
	return 0;
}

unsigned
sshc_pubkey_bits(const char *b64)
{
	/* Types whose size is fixed: the key is `pre` strings in (ECDSA: after the curve name)
	 * and keylen bytes long (Ed25519 32, an uncompressed point 1 + 2 * coordinate). */
	static const struct {
		const char	*type;
		unsigned	 bits, pre;
		size_t		 keylen;
	} fixed[] = {
		{ "ssh-ed25519", 256, 0, 32 }, { "sk-ssh-ed25519@openssh.com", 256, 0, 32 },
		{ "ecdsa-sha2-nistp256", 256, 1, 65 }, { "sk-ecdsa-sha2-nistp256@openssh.com", 256, 1, 65 },
		{ "ecdsa-sha2-nistp384", 384, 1, 97 }, { "ecdsa-sha2-nistp521", 521, 1, 133 },
	};
	unsigned char blob[4096];
	const unsigned char *p = blob, *v, *m;
	size_t n, vl, ml, i;
	int l;
	unsigned bits, top;

	if (b64 == NULL || (l = b64dec(b64, strlen(b64), blob, sizeof blob)) < 0)
		return 0;
	n = (size_t)l;
	if (wire_string(&p, &n, &v, &vl) == -1)
		return 0;
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (vl != strlen(fixed[i].type) || memcmp(v, fixed[i].type, vl) != 0)
			continue;
		if ((fixed[i].pre == 1 && wire_string(&p, &n, &m, &ml) == -1) ||
		    wire_string(&p, &n, &m, &ml) == -1 || ml != fixed[i].keylen)
			return 0;
		return fixed[i].bits;
	}
	/* RSA: e then the modulus n; DSA: p first. Both are mpints (leading zero bytes). */
	if (vl == 7 && memcmp(v, "ssh-rsa", 7) == 0) {
		if (wire_string(&p, &n, &m, &ml) == -1 || wire_string(&p, &n, &m, &ml) == -1)
			return 0;
	} else if (vl == 7 && memcmp(v, "ssh-dss", 7) == 0) {
		if (wire_string(&p, &n, &m, &ml) == -1)
			return 0;
	} else
		return 0;
	while (ml > 0 && m[0] == 0) {
		m++;
		ml--;
	}
	if (ml == 0)
		return 0;
	for (bits = (unsigned)(ml - 1) * 8, top = m[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

/* Whether one known_hosts host pattern list names host (plain or |1|salt|hash form). */
static int
host_matches(const char *list, size_t n, const char *host)
{
	unsigned char salt[64], want[64], got[EVP_MAX_MD_SIZE];
	unsigned int glen = 0;
	const char *p = list, *end = list + n, *q, *bar;
	size_t hl = strlen(host);
	int sl, wl;

	while (p < end) {
		q = memchr(p, ',', (size_t)(end - p));
		if (q == NULL)
			q = end;
		if ((size_t)(q - p) == hl && memcmp(p, host, hl) == 0)
			return 1;
		if (q - p > 3 && memcmp(p, "|1|", 3) == 0 &&
		    (bar = memchr(p + 3, '|', (size_t)(q - p - 3))) != NULL) {
			sl = b64dec(p + 3, (size_t)(bar - p - 3), salt, sizeof salt);
			wl = b64dec(bar + 1, (size_t)(q - bar - 1), want, sizeof want);
			if (sl > 0 && wl == 20 && HMAC(EVP_sha1(), salt, sl,
			    (const unsigned char *)host, hl, got, &glen) != NULL && glen == 20 &&
			    memcmp(got, want, 20) == 0)
				return 1;
		}
		p = q + 1;
	}
	return 0;
}

/* The next blank-delimited field of a line (NUL-terminated in place), or NULL. */
static char *
next_field(char **p)
{
	char *s = *p, *f;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '\n' || *s == '\r')
		return NULL;
	f = s;
	while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return f;
}

/* The fingerprint known_hosts holds for host, preferring a key of the offered type. */
static char *
expected_fingerprint(const char *path, const char *host, const char *type)
{
	char *line = NULL, *best = NULL, *f1, *f2, *f3, *cur;
	size_t cap = 0;
	ssize_t n;
	ssh_key key;
	FILE *f;
	int best_same = 0;

	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	while ((n = getline(&line, &cap, f)) != -1 && best_same == 0) {
		if (n > KNOWN_HOSTS_LINE_MAX || line[0] == '#' || line[0] == '@')
			continue;
		cur = line;
		f1 = next_field(&cur);
		f2 = f1 != NULL ? next_field(&cur) : NULL;
		f3 = f2 != NULL ? next_field(&cur) : NULL;
		if (f3 == NULL || !host_matches(f1, strlen(f1), host))
			continue;
		if (best != NULL && strcmp(f2, type) != 0)
			continue;
		key = NULL;
		if (ssh_pki_import_pubkey_base64(f3, ssh_key_type_from_name(f2), &key) != SSH_OK)
			continue;
		free(best);
		best = fingerprint(key);
		ssh_key_free(key);
		best_same = strcmp(f2, type) == 0;
	}
	free(line);
	fclose(f);
	return best;
}

/* Our own TCP connect, so that the descriptor is known (to the watchdog) from the start. */
static int
tcp_connect(struct sshc *c, const char *addr, int port, char **cause)
{
	struct addrinfo hints, *res = NULL;
	struct pollfd pfd;
	char portstr[16];
	socklen_t sl = sizeof(int);
	int fd = -1, rc, soerr = 0, fl;
	int64_t rem;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(portstr, sizeof portstr, "%d", port);
	if ((rc = getaddrinfo(addr, portstr, &hints, &res)) != 0)
		return err_set(cause, "%s: %s", addr, gai_strerror(rc));
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		err_set(cause, "socket: %s", strerror(errno));
		goto fail;
	}
	pthread_mutex_lock(&c->mu);
	c->fd = fd;
	pthread_mutex_unlock(&c->mu);
	if (connect(fd, res->ai_addr, res->ai_addrlen) == -1) {
		if (errno != EINPROGRESS) {
			err_set(cause, "connect: %s", strerror(errno));
			goto fail;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		for (;;) {
			if ((rem = remaining(c)) < 0) {
				err_set(cause, "connect: timed out");
				goto fail;
			}
			rc = poll(&pfd, 1, rem > READ_SLICE_MS ? READ_SLICE_MS : (int)rem);
			if (rc == -1 && errno == EINTR)
				continue;
			if (rc != 0)
				break;
		}
		if (rc == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1 ||
		    soerr != 0) {
			err_set(cause, "connect: %s", strerror(soerr ? soerr : errno));
			goto fail;
		}
	}
	/* libssh polls before it reads; blocking sends cannot stall past shutdown(). */
	if ((fl = fcntl(fd, F_GETFL)) != -1)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	freeaddrinfo(res);
	return 0;
fail:
	freeaddrinfo(res);
	pthread_mutex_lock(&c->mu);
	c->fd = -1;
	pthread_mutex_unlock(&c->mu);
	if (fd != -1)
		close(fd);
	return -1;
}

static int
check_hostkey(struct sshc *c, const char *addr, int port, const struct sshc_opts *o,
    char **cause)
{
	ssh_key key = NULL;
	enum ssh_known_hosts_e st;
	char host[128], *b64 = NULL;
	int rc = -1;

	if (ssh_get_server_publickey(c->s, &key) != SSH_OK)
		return fail(c, "host key", cause);
	c->fp = fingerprint(key);
	c->hk_type = ssh_key_type_to_char(ssh_key_type(key));
	if (ssh_pki_export_pubkey_base64(key, &b64) == SSH_OK) {
		c->hk_bits = sshc_pubkey_bits(b64);
		ssh_string_free_char(b64);
	}
	if (port == 22)
		snprintf(host, sizeof host, "%s", addr);
	else
		snprintf(host, sizeof host, "[%s]:%d", addr, port);
	pthread_mutex_lock(&known_hosts_mu);
	st = ssh_session_is_known_server(c->s);
	switch (st) {
	case SSH_KNOWN_HOSTS_OK:
		c->hk = SSHC_HOSTKEY_KNOWN;
		rc = 0;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		c->hk = SSHC_HOSTKEY_CHANGED;
		c->fp_expected = expected_fingerprint(o->known_hosts, host,
		    ssh_key_type_to_char(ssh_key_type(key)));
		err_set(cause, "HOST KEY CHANGED: %s offers %s, %s holds %s", host,
		    c->fp ? c->fp : "?", o->known_hosts, c->fp_expected ? c->fp_expected : "another key");
		break;
	case SSH_KNOWN_HOSTS_NOT_FOUND:
	case SSH_KNOWN_HOSTS_UNKNOWN:
		if (o->policy != SSHC_ACCEPT_NEW) {
			c->hk = SSHC_HOSTKEY_UNKNOWN;
			err_set(cause, "host key %s of %s is not in %s (strict)", c->fp ? c->fp : "?",
			    host, o->known_hosts);
			break;
		}
		if (ssh_session_update_known_hosts(c->s) != SSH_OK) {
			err_set(cause, "cannot record the host key in %s: %s", o->known_hosts,
			    ssh_get_error(c->s));
			break;
		}
		c->hk = SSHC_HOSTKEY_ADDED;
		rc = 0;
		break;
	default:
		err_set(cause, "%s: cannot check the host key: %s", o->known_hosts,
		    ssh_get_error(c->s));
		break;
	}
	pthread_mutex_unlock(&known_hosts_mu);
	ssh_key_free(key);
	return rc;
}

int
sshc_connect(struct sshc **cp, const char *addr, int port, const struct sshc_opts *o,
    char **cause)
{
	struct sshc *c;
	const char *b;
	int zero = 0, verbosity = SSH_LOG_NOLOG;
	unsigned int uport = (unsigned int)port;

	*cp = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(cause, "out of memory");
	pthread_mutex_init(&c->mu, NULL);
	c->fd = -1;
	c->deadline = sshc_now_ms() + (o->connect_ms ? o->connect_ms : 10000);
	*cp = c;
	if ((c->s = ssh_new()) == NULL)
		return err_set(cause, "out of memory");
	/* Only what we set: no ~/.ssh/config, no system-wide known hosts. */
	if (ssh_options_set(c->s, SSH_OPTIONS_PROCESS_CONFIG, &zero) != SSH_OK ||
	    ssh_options_set(c->s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK ||
	    ssh_options_set(c->s, SSH_OPTIONS_HOST, addr) != SSH_OK ||
	    ssh_options_set(c->s, SSH_OPTIONS_PORT, &uport) != SSH_OK ||
	    ssh_options_set(c->s, SSH_OPTIONS_KNOWNHOSTS, o->known_hosts) != SSH_OK ||
	    ssh_options_set(c->s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != SSH_OK)
		return fail(c, "ssh options", cause);
	if (tcp_connect(c, addr, port, cause) == -1)
		return -1;
	if (ssh_options_set(c->s, SSH_OPTIONS_FD, &c->fd) != SSH_OK)
		return fail(c, "ssh options", cause);
	if (arm(c, "connect", cause) == -1)
		return -1;
	if (ssh_connect(c->s) != SSH_OK)
		return fail(c, "ssh handshake", cause);
	if ((b = ssh_get_serverbanner(c->s)) != NULL)
		c->banner = strdup(b);
	return check_hostkey(c, addr, port, o, cause);
}

static int
auth_kbdint(struct sshc *c, const char *password)
{
	int rc, i, n, round;

	rc = ssh_userauth_kbdint(c->s, NULL, NULL);
	for (round = 0; rc == SSH_AUTH_INFO && round < 5; round++) {
		n = ssh_userauth_kbdint_getnprompts(c->s);
		for (i = 0; i < n; i++)
			if (ssh_userauth_kbdint_setanswer(c->s, (unsigned)i, password) < 0)
				return SSH_AUTH_ERROR;
		rc = ssh_userauth_kbdint(c->s, NULL, NULL);
	}
	return rc;
}

int
sshc_auth(struct sshc *c, const struct cred *cr, char **cause)
{
	ssh_key key = NULL;
	int rc = SSH_AUTH_ERROR;

	if (cr->user == NULL || ssh_options_set(c->s, SSH_OPTIONS_USER, cr->user) != SSH_OK)
		return err_set(cause, "credential %s: no user", cr->name);
	if (arm(c, "authentication", cause) == -1)
		return -1;
	switch (cr->ssh_method) {
	case CRED_SSH_PASSWORD:
		if (cr->password == NULL)
			return err_set(cause, "credential %s: no password", cr->name);
		rc = ssh_userauth_password(c->s, NULL, cr->password);
		/* Network devices often offer only keyboard-interactive for passwords. */
		if (rc == SSH_AUTH_DENIED && arm(c, "authentication", cause) == 0)
			rc = auth_kbdint(c, cr->password);
		break;
	case CRED_SSH_KEY:
		if (cr->keyfile == NULL || ssh_pki_import_privkey_file(cr->keyfile,
		    cr->passphrase, NULL, NULL, &key) != SSH_OK)
			return err_set(cause, "credential %s: cannot read the key file %s",
			    cr->name, cr->keyfile ? cr->keyfile : "(none)");
		rc = ssh_userauth_publickey(c->s, NULL, key);
		ssh_key_free(key);
		break;
	case CRED_SSH_AGENT:
		rc = ssh_userauth_agent(c->s, NULL);
		break;
	}
	if (rc == SSH_AUTH_SUCCESS)
		return 0;
	if (rc == SSH_AUTH_ERROR)
		return fail(c, "authentication", cause);
	return err_set(cause, "authentication with credential %s refused", cr->name);
}

void
sshc_free(struct sshc **cp)
{
	struct sshc *c = *cp;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->fd = -1;	/* libssh closes it below; the watchdog must not touch it any more */
	pthread_mutex_unlock(&c->mu);
	if (c->s != NULL) {
		if (ssh_is_connected(c->s) && !c->aborted)
			ssh_disconnect(c->s);
		ssh_free(c->s);
	}
	pthread_mutex_destroy(&c->mu);
	free(c->fp);
	free(c->fp_expected);
	free(c->banner);
	free(c);
	*cp = NULL;
}

enum sshc_hostkey_state
sshc_hostkey_state(const struct sshc *c)
{
	return c->hk;
}

const char *
sshc_hostkey(const struct sshc *c)
{
	return c->fp;
}

const char *
sshc_hostkey_type(const struct sshc *c)
{
	return c->hk_type;
}

unsigned
sshc_hostkey_bits(const struct sshc *c)
{
	return c->hk_bits;
}

const char *
sshc_hostkey_expected(const struct sshc *c)
{
	return c->fp_expected != NULL ? c->fp_expected : "";
}

const char *
sshc_banner(const struct sshc *c)
{
	return c->banner;
}

/* Reads what is pending on stderr and drops it, so the window never stalls stdout. */
static void
drain_stderr(ssh_channel ch)
{
	char tmp[4096];
	int i;

	for (i = 0; i < 64 && ssh_channel_read_nonblocking(ch, tmp, sizeof tmp, 1) > 0; i++)
		;
}

int
sshc_exec_stream(struct sshc *c, const char *cmd, sshc_sink sink, void *arg, int *status,
    char **cause)
{
	ssh_channel ch = NULL;
	char tmp[16384];
	int64_t rem;
	int n, rc = -1;

	*status = -1;
	if (arm(c, "exec", cause) == -1)
		return -1;
	if ((ch = ssh_channel_new(c->s)) == NULL || ssh_channel_open_session(ch) != SSH_OK) {
		fail(c, "exec: channel", cause);
		goto out;
	}
	if (arm(c, "exec", cause) == -1)
		goto out;
	if (ssh_channel_request_exec(ch, cmd) != SSH_OK) {
		fail(c, "exec", cause);
		goto out;
	}
	for (;;) {
		/* The sink may move the deadline: read it again every time. */
		if ((rem = remaining(c)) < 0) {
			err_set(cause, "command timed out");
			goto out;
		}
		arm(c, "exec", NULL);
		n = ssh_channel_read_timeout(ch, tmp, sizeof tmp, 0,
		    rem > READ_SLICE_MS ? READ_SLICE_MS : (int)rem);
		if (n == SSH_ERROR) {
			fail(c, "command output", cause);
			goto out;
		}
		if (n > 0 && sink(arg, tmp, (size_t)n, cause) == -1)
			goto out;
		drain_stderr(ch);
		if (n == 0 && (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch)))
			break;
	}
	if (arm(c, "exec", NULL) == 0)
		*status = ssh_channel_get_exit_status(ch);
	rc = 0;
out:
	if (ch != NULL) {
		if (!sshc_expired(c))
			ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	return rc;
}

struct capped {
	struct buf	*out;
	int		*truncated;
};

/* Keeps what fits; the rest is read and dropped. */
static int
capped_sink(void *arg, const char *data, size_t n, char **cause)
{
	struct capped *cp = arg;

	(void)cause;
	if (buf_append(cp->out, data, n) == -1)
		*cp->truncated = 1;
	return 0;
}

int
sshc_exec(struct sshc *c, const char *cmd, struct buf *out, int *status, int *truncated,
    char **cause)
{
	struct capped cp = { out, truncated };

	*truncated = 0;
	return sshc_exec_stream(c, cmd, capped_sink, &cp, status, cause);
}

int
sshc_shell_open(struct sshc *c, struct sshc_shell **shp, char **cause)
{
	struct sshc_shell *sh;

	*shp = NULL;
	if ((sh = calloc(1, sizeof *sh)) == NULL)
		return err_set(cause, "out of memory");
	sh->c = c;
	if (arm(c, "shell", cause) == -1)
		goto fail;
	if ((sh->ch = ssh_channel_new(c->s)) == NULL || ssh_channel_open_session(sh->ch) != SSH_OK) {
		fail(c, "shell: channel", cause);
		goto fail;
	}
	/* A wide terminal: devices fold long lines (and echoes) at the terminal width. */
	if (arm(c, "shell", cause) == -1 ||
	    ssh_channel_request_pty_size(sh->ch, "vt100", 511, 24) != SSH_OK ||
	    arm(c, "shell", cause) == -1 || ssh_channel_request_shell(sh->ch) != SSH_OK) {
		fail(c, "shell", cause);
		goto fail;
	}
	*shp = sh;
	return 0;
fail:
	sshc_shell_close(&sh);
	return -1;
}

void
sshc_shell_close(struct sshc_shell **shp)
{
	struct sshc_shell *sh = *shp;

	if (sh == NULL)
		return;
	if (sh->ch != NULL) {
		if (!sshc_expired(sh->c))
			ssh_channel_close(sh->ch);
		ssh_channel_free(sh->ch);
	}
	free(sh);
	*shp = NULL;
}

int
sshc_shell_write(struct sshc_shell *sh, const char *s, size_t n, char **cause)
{
	if (arm(sh->c, "shell write", cause) == -1)
		return -1;
	if (ssh_channel_write(sh->ch, s, (uint32_t)n) != (int)n)
		return fail(sh->c, "shell write", cause);
	return 0;
}

int
sshc_shell_read(struct sshc_shell *sh, struct buf *out, int wait_ms, char **cause)
{
	char tmp[16384];
	int64_t rem;
	int n;

	if ((rem = remaining(sh->c)) < 0)
		return err_set(cause, "timed out");
	if (wait_ms > rem)
		wait_ms = (int)rem;
	arm(sh->c, "shell read", NULL);
	n = ssh_channel_read_timeout(sh->ch, tmp, sizeof tmp, 0, wait_ms);
	if (n == SSH_ERROR)
		return fail(sh->c, "shell read", cause);
	if (n == 0 && (ssh_channel_is_eof(sh->ch) || ssh_channel_is_closed(sh->ch)))
		return err_set(cause, "the device closed the session");
	if (n > 0 && buf_append(out, tmp, (size_t)n) == -1)
		return err_set(cause, "output larger than %zu bytes", out->max);
	return n;
}
