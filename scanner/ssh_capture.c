/* ssh_capture: the worker pool, platform recognition, exec and shell capture, and the
 * snapshot each device becomes (docs/ssh.md, docs/facts.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "common/buf.h"
#include "common/err.h"
#include "inventory/snapshot.h"
#include "scanner/cred.h"
#include "scanner/parse_facts.h"
#include "scanner/profile.h"
#include "scanner/redact.h"
#include "scanner/ssh_capture.h"

#define OUTPUT_MAX		(32u * 1024 * 1024)	/* one command's output */
#define PROBE_MAX		(256u * 1024)
#define SHELL_WAIT_MS		200
#define CREDS_TRIED_MAX		4
#define WATCHDOG_MS		25
#define PROMPT_MAX		256

struct slot {
	pthread_mutex_t	 mu;
	struct sshc	*c;	/* the session the watchdog may abort */
};

struct run {
	const struct sshcap_target	*t;
	size_t				 n;
	const struct sshcap_opts	*o;
	sshcap_cb			 cb;
	void				*arg;
	pthread_mutex_t			 mu;	/* next, stop, done, callbacks */
	size_t				 next;
	size_t				 done;
	int				 stop;
	struct slot			*slots;
};

struct dev {
	struct run		*r;
	struct slot		*sl;
	const struct sshcap_target *t;
	struct snapshot		*snap;
	struct sshc		*c;
	const struct profile	*prof;
	const struct cred	*cred;
	enum sshcap_status	 st;
	char			*detail;
	int64_t			 total_deadline;
	size_t			 failed;
	size_t			 findings;
	/* shell state */
	char			 stem[PROMPT_MAX];
	char			 last_prompt[PROMPT_MAX];
};

const char *
sshcap_status_name(enum sshcap_status st)
{
	static const char *names[] = { "ok", "partial", "hostkey-changed", "hostkey-unknown",
	    "connect", "auth", "no-credential", "no-profile", "timeout", "error" };

	return (size_t)st < sizeof names / sizeof names[0] ? names[st] : "?";
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static void
set_status(struct dev *d, enum sshcap_status st, char **cause)
{
	d->st = st;
	free(d->detail);
	d->detail = *cause;
	*cause = NULL;
}

/* Sets the deadline of the next step: its own budget, never past the device's. */
static void
phase(struct dev *d, unsigned ms)
{
	sshc_set_deadline(d->c, min64(sshc_now_ms() + ms, d->total_deadline));
}

static void
slot_set(struct dev *d, struct sshc *c)
{
	pthread_mutex_lock(&d->sl->mu);
	d->sl->c = c;
	pthread_mutex_unlock(&d->sl->mu);
}

static void
drop_conn(struct dev *d)
{
	slot_set(d, NULL);
	sshc_free(&d->c);
}

/* Terminal output to text: CR LF to LF, a lone CR or a backspace rubs out, escape
 * sequences and other control bytes dropped. */
static int
clean_text(const char *in, size_t n, struct buf *out)
{
	size_t i, line = out->len;
	char ch;

	for (i = 0; i < n; i++) {
		ch = in[i];
		if (ch == '\r') {
			if (i + 1 < n && in[i + 1] == '\n')
				continue;
			out->len = line;	/* the line is about to be overwritten */
		} else if (ch == '\b') {
			if (out->len > line)
				out->len--;
		} else if (ch == 0x1b) {
			if (i + 1 < n && in[i + 1] == '[') {
				for (i += 2; i < n && !((unsigned char)in[i] >= 0x40 &&
				    (unsigned char)in[i] <= 0x7e); i++)
					;
			}
		} else if (ch == '\n') {
			if (buf_append(out, "\n", 1) == -1)
				return -1;
			line = out->len;
		} else if ((unsigned char)ch >= 0x20 || ch == '\t') {
			if (buf_append(out, &ch, 1) == -1)
				return -1;
		}
	}
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return 0;
}

static int
add_fact_err(struct dev *d, const char *artifact, const char *why)
{
	char key[PARSE_KEY_MAX];

	snprintf(key, sizeof key, "capture.error.%s", artifact);
	d->failed++;
	return parse_fact(d->snap, key, why, strlen(why));
}

/* Redacts the output, stores it as an artifact with its findings and volatile lines, and
 * runs the command's parser over the redacted text. */
static int
store_output(struct dev *d, const struct profile_command *pc, const char *text, size_t len,
    char **cause)
{
	struct redact_result *res = NULL;
	const struct redact_finding *f;
	struct buf vol;
	const char *rt;
	char line[512], key[PARSE_KEY_MAX];
	size_t rl, i, nv;
	parse_fn fn;
	int rc = -1, l;

	buf_init(&vol, PARSE_VALUE_MAX);
	if (redact_text(d->r->o->redactor, profile_redact(d->prof), text, len, &res, cause) == -1)
		goto out;
	rt = redact_result_text(res, &rl);
	if (snapshot_add_artifact(d->snap, pc->artifact, rt, rl) == -1) {
		err_set(cause, "out of memory");
		goto out;
	}
	for (i = 0; i < redact_result_nfindings(res); i++) {
		f = redact_result_finding(res, i);
		l = snprintf(line, sizeof line, "%s ", pc->artifact);
		if (l > 0 && (size_t)l < sizeof line)
			redact_finding_format(f, line + l, sizeof line - (size_t)l);
		if (snapshot_add_fact(d->snap, "secret.finding", line) == -1) {
			err_set(cause, "out of memory");
			goto out;
		}
		d->findings++;
	}
	nv = redact_result_nvolatile(res);
	for (i = 0; i < nv; i++)
		if (buf_printf(&vol, "%s%zu", i ? "," : "", redact_result_volatile_line(res, i)) == -1)
			break;	/* the rest does not fit in one fact: the count below tells */
	if (nv > 0) {
		snprintf(key, sizeof key, "volatile.%s", pc->artifact);
		if (snapshot_set_fact(d->snap, key, vol.data) == -1) {
			err_set(cause, "out of memory");
			goto out;
		}
	}
	if (pc->parser != NULL && (fn = parse_find(pc->parser)) != NULL &&
	    fn(d->snap, rt, rl) == -1) {
		err_set(cause, "out of memory");
		goto out;
	}
	rc = 0;
out:
	buf_free(&vol);
	redact_result_free(&res);
	return rc;
}

/* ---- exec channel (Unix hosts) ---- */

/* What one command's output becomes: the artifact, or why there is none. */
static int
finish_command(struct dev *d, const struct profile_command *pc, const struct buf *out,
    int status, int trunc, char **cause)
{
	char msg[64];

	if (trunc && add_fact_err(d, pc->artifact, "output truncated") == -1)
		return err_set(cause, "out of memory");
	if (status != 0 && out->len == 0) {
		snprintf(msg, sizeof msg, "exit status %d, no output", status);
		if (!pc->optional && add_fact_err(d, pc->artifact, msg) == -1)
			return err_set(cause, "out of memory");
		return 0;
	}
	return store_output(d, pc, out->data != NULL ? out->data : "", out->len, cause);
}

/* One exec channel per command, from command i on. */
static int
capture_exec(struct dev *d, size_t from, char **cause)
{
	const struct sshcap_opts *o = d->r->o;
	const struct profile_command *pc;
	struct buf out;
	char *why = NULL;
	size_t i;
	int status, trunc, rc = -1;

	buf_init(&out, OUTPUT_MAX);
	for (i = from; i < profile_ncommands(d->prof); i++) {
		pc = profile_command_at(d->prof, i);
		buf_reset(&out);
		phase(d, o->command_ms);
		if (sshc_exec(d->c, pc->command, &out, &status, &trunc, &why) == -1) {
			if (add_fact_err(d, pc->artifact, why) == -1) {
				err_set(cause, "out of memory");
				goto out;
			}
			free(why);
			why = NULL;
			if (sshc_expired(d->c)) {
				err_set(cause, "%s: timed out", pc->artifact);
				goto out;
			}
			continue;
		}
		if (finish_command(d, pc, &out, status, trunc, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	free(why);
	buf_free(&out);
	return rc;
}

/* Batch mode: one exec channel runs every command in its own subshell, stdin from
 * /dev/null, stderr dropped, each followed by a marker line "\nNL<nonce>:<index>:<status>".
 * The nonce is random per session, so command output cannot forge a boundary. */
#define NONCE_HEX	32
#define MARK_TAIL_MAX	24	/* ":<index>:<status>" */

struct batch {
	struct dev	*d;
	size_t		 cur;		/* the command whose output is arriving */
	struct buf	 out;		/* its output so far */
	int		 trunc;
	int		 failed;	/* the sink stopped the channel */
	char		 pend[16384 + NONCE_HEX + 8 + MARK_TAIL_MAX];
	size_t		 plen;		/* bytes not yet known to be output or marker */
	char		 mark[NONCE_HEX + 8];	/* "\nNL<nonce>" */
	size_t		 mlen;
};

static void
batch_out(struct batch *b, const char *p, size_t n)
{
	if (n > 0 && buf_append(&b->out, p, n) == -1)
		b->trunc = 1;
}

/* Parses ":<index>:<status>" (len bytes, no newline); 0, or -1 when malformed. */
static int
batch_mark_tail(const char *p, size_t len, size_t *idx, int *status)
{
	size_t i = 0, v = 0;
	int st = 0, nd = 0;

	if (len == 0 || p[i++] != ':')
		return -1;
	for (; i < len && p[i] >= '0' && p[i] <= '9' && nd < 6; i++, nd++)
		v = v * 10 + (size_t)(p[i] - '0');
	if (nd == 0 || i >= len || p[i++] != ':')
		return -1;
	for (nd = 0; i < len && p[i] >= '0' && p[i] <= '9' && nd < 4; i++, nd++)
		st = st * 10 + (p[i] - '0');
	if (nd == 0 || i != len)
		return -1;
	*idx = v;
	*status = st;
	return 0;
}

static int batch_take(struct batch *, const char *, size_t, char **);

static int
batch_sink(void *arg, const char *data, size_t n, char **cause)
{
	struct batch *b = arg;

	if (batch_take(b, data, n, cause) == -1) {
		b->failed = 1;
		return -1;
	}
	return 0;
}

static int
batch_take(struct batch *b, const char *data, size_t n, char **cause)
{
	struct dev *d = b->d;
	const char *m, *nl;
	size_t keep, idx, take;
	int status;

	while (n > 0) {
		take = sizeof b->pend - b->plen;
		if (take > n)
			take = n;
		memcpy(b->pend + b->plen, data, take);
		b->plen += take;
		data += take;
		n -= take;
		for (;;) {
			m = memmem(b->pend, b->plen, b->mark, b->mlen);
			if (m == NULL) {
				/* All but a possible marker start is output. */
				keep = b->plen < b->mlen - 1 ? b->plen : b->mlen - 1;
				batch_out(b, b->pend, b->plen - keep);
				memmove(b->pend, b->pend + b->plen - keep, keep);
				b->plen = keep;
				break;
			}
			batch_out(b, b->pend, (size_t)(m - b->pend));
			b->plen -= (size_t)(m - b->pend);
			memmove(b->pend, m, b->plen);
			nl = memchr(b->pend + b->mlen, '\n', b->plen - b->mlen);
			if (nl == NULL) {
				if (b->plen - b->mlen > MARK_TAIL_MAX)
					return err_set(cause, "batch: malformed marker");
				break;
			}
			if (batch_mark_tail(b->pend + b->mlen, (size_t)(nl - b->pend) - b->mlen,
			    &idx, &status) == -1 || idx != b->cur ||
			    b->cur >= profile_ncommands(d->prof))
				return err_set(cause, "batch: unexpected marker");
			if (finish_command(d, profile_command_at(d->prof, b->cur), &b->out, status,
			    b->trunc, cause) == -1)
				return -1;
			b->cur++;
			buf_reset(&b->out);
			b->trunc = 0;
			/* Each command gets its own budget, as on its own channel. */
			phase(d, d->r->o->command_ms);
			b->plen -= (size_t)(nl + 1 - b->pend);
			memmove(b->pend, nl + 1, b->plen);
		}
	}
	return 0;
}

/* Single-quotes s for a POSIX shell into out. */
static int
sh_quote(struct buf *out, const char *s)
{
	const char *q;

	if (buf_puts(out, "'") == -1)
		return -1;
	while ((q = strchr(s, '\'')) != NULL) {
		if (buf_append(out, s, (size_t)(q - s)) == -1 || buf_puts(out, "'\\''") == -1)
			return -1;
		s = q + 1;
	}
	return buf_puts(out, s) == -1 || buf_puts(out, "'") == -1 ? -1 : 0;
}

static int
capture_batch(struct dev *d, char **cause)
{
	static const char hex[] = "0123456789abcdef";
	const struct sshcap_opts *o = d->r->o;
	struct batch *b;
	struct buf script;
	unsigned char rnd[NONCE_HEX / 2];
	char nonce[NONCE_HEX + 1], *why = NULL;
	size_t i;
	int status, srv, rc = -1, shared = profile_batch_shared(d->prof);

	buf_init(&script, 1024 * 1024);
	if ((b = calloc(1, sizeof *b)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	b->d = d;
	buf_init(&b->out, OUTPUT_MAX);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		err_set(cause, "no random nonce: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < sizeof rnd; i++) {
		nonce[2 * i] = hex[rnd[i] >> 4];
		nonce[2 * i + 1] = hex[rnd[i] & 15];
	}
	nonce[NONCE_HEX] = '\0';
	b->mlen = (size_t)snprintf(b->mark, sizeof b->mark, "\nNL%s", nonce);
	for (i = 0; i < profile_ncommands(d->prof); i++) {
		if (buf_puts(&script, shared ? "{ eval " : "(eval ") == -1 ||
		    sh_quote(&script, profile_command_at(d->prof, i)->command) == -1 ||
		    buf_printf(&script, "%s </dev/null 2>/dev/null; printf '\\nNL%s:%zu:%%d\\n' $?\n",
		    shared ? "; }" : ")", nonce, i) == -1) {
			err_set(cause, "batch: commands longer than %zu bytes", script.max);
			goto out;
		}
	}
	phase(d, o->command_ms);
	srv = sshc_exec_stream(d->c, script.data, batch_sink, b, &status, &why);
	/* Out of time with commands left: whether the read loop saw it or the watchdog cut the
	 * session first (the channel then just ends), the running command timed out. */
	if (sshc_expired(d->c) && (srv == -1 || b->cur < profile_ncommands(d->prof))) {
		/* The command that was running ran out of time; the ones after it never ran. */
		if (b->cur < profile_ncommands(d->prof) && add_fact_err(d,
		    profile_command_at(d->prof, b->cur)->artifact, "command timed out") == -1)
			err_set(cause, "out of memory");
		else
			err_set(cause, "%s: timed out", b->cur < profile_ncommands(d->prof) ?
			    profile_command_at(d->prof, b->cur)->artifact : "batch");
		goto out;
	}
	if (srv == -1 && b->failed) {
		/* A marker we did not write, or no memory: the capture stops here. */
		err_set(cause, "%s", why);
		goto out;
	}
	/* What did not complete (a shell that cannot run the batch, a channel that failed)
	 * runs again on a channel of its own; output cut short is never stored. */
	rc = b->cur < profile_ncommands(d->prof) ? capture_exec(d, b->cur, cause) : 0;
out:
	free(why);
	if (b != NULL)
		buf_free(&b->out);
	free(b);
	buf_free(&script);
	return rc;
}

/* ---- interactive shell (network CLIs) ---- */

enum wait_for { GOT_PROMPT, GOT_PASSWORD };

/* The cleaned last line of raw (after its last LF) into line. */
static void
last_line(const struct buf *raw, char *line, size_t cap)
{
	struct buf tmp;
	const char *p = raw->data, *nl;
	size_t from = 0;

	line[0] = '\0';
	if (raw->len == 0)
		return;
	/* Only the tail matters; a prompt is short. */
	if (raw->len > 4 * PROMPT_MAX)
		from = raw->len - 4 * PROMPT_MAX;
	nl = memrchr(p + from, '\n', raw->len - from);
	from = nl != NULL ? (size_t)(nl - p) + 1 : from;
	buf_init(&tmp, 8 * PROMPT_MAX);
	if (clean_text(p + from, raw->len - from, &tmp) == 0 && tmp.data != NULL)
		snprintf(line, cap, "%s", tmp.data);
	buf_free(&tmp);
}

/* Reads until the device shows its prompt (or, when asked, a password question),
 * answering the pager with a space. */
static int
wait_prompt(struct dev *d, struct sshc_shell *sh, struct buf *raw, int want_password,
    enum wait_for *got, char **cause)
{
	char line[PROMPT_MAX];
	size_t pager_from = 0, off, ml, tail;
	int n;

	for (;;) {
		if ((n = sshc_shell_read(sh, raw, SHELL_WAIT_MS, cause)) == -1)
			return -1;
		if (n == 0 && raw->len == 0)
			continue;
		tail = raw->len > 64 ? raw->len - 64 : 0;
		if (tail < pager_from)
			tail = pager_from;
		if (profile_find_pager(d->prof, raw->data + tail, raw->len - tail, &off, &ml)) {
			pager_from = tail + off + ml;
			if (sshc_shell_write(sh, " ", 1, cause) == -1)
				return -1;
			continue;
		}
		last_line(raw, line, sizeof line);
		if (profile_is_prompt(d->prof, line, strlen(line)) &&
		    (d->stem[0] == '\0' || strncmp(line, d->stem, strlen(d->stem)) == 0)) {
			snprintf(d->last_prompt, sizeof d->last_prompt, "%s", line);
			*got = GOT_PROMPT;
			return 0;
		}
		if (want_password && profile_is_password_prompt(d->prof, line, strlen(line))) {
			*got = GOT_PASSWORD;
			return 0;
		}
	}
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Sends one command line and returns its output (echo and prompt removed) in out. */
static int
shell_cmd(struct dev *d, struct sshc_shell *sh, const char *cmd, struct buf *raw,
    struct buf *out, char **cause)
{
	enum wait_for got;
	const char *p, *nl, *end;
	size_t off, ml;

	buf_reset(raw);
	buf_reset(out);
	if (sshc_shell_write(sh, cmd, strlen(cmd), cause) == -1 ||
	    sshc_shell_write(sh, "\n", 1, cause) == -1 ||
	    wait_prompt(d, sh, raw, 0, &got, cause) == -1)
		return -1;
	if (clean_text(raw->data, raw->len, out) == -1)
		return err_set(cause, "output larger than %zu bytes", out->max);
	if (out->data == NULL)
		return 0;
	/* Pager marks that were not rubbed out. */
	while (profile_find_pager(d->prof, out->data, out->len, &off, &ml)) {
		memmove(out->data + off, out->data + off + ml, out->len - off - ml);
		out->len -= ml;
		out->data[out->len] = '\0';
	}
	/* Drop the echoed command line and the final prompt line. */
	p = out->data;
	end = p + out->len;
	nl = memchr(p, '\n', out->len);
	p = nl != NULL ? nl + 1 : end;
	nl = memrchr(p, '\n', (size_t)(end - p));
	end = nl != NULL ? nl + 1 : p;
	/* Trailing blank lines and the CLI's own trailer lines are not the command's. */
	for (;;) {
		const char *ls, *q = end;

		if (q > p && q[-1] == '\n')
			q--;
		ls = q > p ? memrchr(p, '\n', (size_t)(q - p)) : NULL;
		ls = ls != NULL ? ls + 1 : p;
		if (q == end || ls >= end)
			break;
		if (!is_blank(ls, (size_t)(q - ls)) &&
		    !profile_is_trailer(d->prof, ls, (size_t)(q - ls)))
			break;
		end = ls;
	}
	memmove(out->data, p, (size_t)(end - p));
	out->len = (size_t)(end - p);
	out->data[out->len] = '\0';
	return 0;
}

static int
shell_enable(struct dev *d, struct sshc_shell *sh, struct buf *raw, char **cause)
{
	const char *en = profile_enable(d->prof);
	enum wait_for got;

	if (en == NULL)
		return err_set(cause, "privileged mode needed and the profile has no enable");
	buf_reset(raw);
	if (sshc_shell_write(sh, en, strlen(en), cause) == -1 ||
	    sshc_shell_write(sh, "\n", 1, cause) == -1 ||
	    wait_prompt(d, sh, raw, 1, &got, cause) == -1)
		return -1;
	if (got == GOT_PASSWORD) {
		if (d->cred->enable == NULL)
			return err_set(cause, "enable asks for a password; credential %s has none",
			    d->cred->name);
		buf_reset(raw);
		if (sshc_shell_write(sh, d->cred->enable, strlen(d->cred->enable), cause) == -1 ||
		    sshc_shell_write(sh, "\n", 1, cause) == -1 ||
		    wait_prompt(d, sh, raw, 0, &got, cause) == -1)
			return -1;
	}
	if (!profile_is_privileged(d->prof, d->last_prompt, strlen(d->last_prompt)))
		return err_set(cause, "enable did not give privileged mode");
	return 0;
}

static int
capture_shell(struct dev *d, char **cause)
{
	const struct sshcap_opts *o = d->r->o;
	const struct profile_command *pc;
	struct sshc_shell *sh = NULL;
	struct buf raw, out;
	enum wait_for got;
	char *why = NULL;
	size_t i, n;
	int rc = -1;

	buf_init(&raw, OUTPUT_MAX);
	buf_init(&out, OUTPUT_MAX);
	phase(d, o->command_ms);
	if (sshc_shell_open(d->c, &sh, cause) == -1 ||
	    wait_prompt(d, sh, &raw, 0, &got, cause) == -1)
		goto out;
	/* The prompt's stem (host name) must start every later prompt: a config line that
	 * happens to look like a prompt then cannot end a command early. */
	snprintf(d->stem, sizeof d->stem, "%s", d->last_prompt);
	n = strlen(d->stem);
	while (n > 0 && strchr("#>%$ ", d->stem[n - 1]) != NULL)
		d->stem[--n] = '\0';
	for (i = 0; i < profile_nsetup(d->prof); i++) {
		phase(d, o->command_ms);
		if (shell_cmd(d, sh, profile_setup_at(d->prof, i), &raw, &out, cause) == -1)
			goto out;
	}
	for (i = 0; i < profile_ncommands(d->prof); i++) {
		pc = profile_command_at(d->prof, i);
		phase(d, o->command_ms);
		if (pc->privileged && !profile_is_privileged(d->prof, d->last_prompt,
		    strlen(d->last_prompt)) && shell_enable(d, sh, &raw, &why) == -1) {
			if (sshc_expired(d->c)) {
				err_set(cause, "enable: %s", why);
				goto out;
			}
			if (add_fact_err(d, pc->artifact, why) == -1)
				goto oom;
			free(why);
			why = NULL;
			continue;
		}
		if (shell_cmd(d, sh, pc->command, &raw, &out, cause) == -1) {
			/* Output cut short is never stored as the artifact: only why it is missing. */
			(void)add_fact_err(d, pc->artifact, *cause != NULL ? *cause : "failed");
			goto out;
		}
		if (profile_is_error(d->prof, out.data != NULL ? out.data : "", out.len)) {
			if (!pc->optional && add_fact_err(d, pc->artifact,
			    "the device refused the command") == -1)
				goto oom;
			continue;
		}
		if (store_output(d, pc, out.data != NULL ? out.data : "", out.len, cause) == -1)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	err_set(cause, "out of memory");
out:
	free(why);
	sshc_shell_close(&sh);
	buf_free(&raw);
	buf_free(&out);
	return rc;
}

/* ---- recognition ---- */

/* Chooses the profile: the SNMP platform, else the SSH banner, else probe commands run
 * over exec channels (each distinct command once). */
static int
recognise(struct dev *d, char **cause)
{
	const struct profile_set *ps = d->r->o->profiles;
	const struct profile *p;
	struct buf outs[8];
	const char *cmds[8];
	size_t i, j, k, ncmd = 0;
	int status, trunc, rc = -1;
	char *why = NULL;

	if (d->t->platform != NULL && (d->prof = profile_for_snmp(ps, d->t->platform)) != NULL)
		return 0;
	if ((d->prof = profile_for_banner(ps, sshc_banner(d->c))) != NULL)
		return 0;
	for (i = 0; i < profile_count(ps) && d->prof == NULL; i++) {
		p = profile_at(ps, i);
		for (j = 0; j < profile_nprobes(p) && d->prof == NULL; j++) {
			const char *cmd = profile_probe_command(p, j);

			for (k = 0; k < ncmd && strcmp(cmds[k], cmd) != 0; k++)
				;
			if (k == ncmd) {
				if (ncmd == sizeof cmds / sizeof cmds[0])
					continue;
				cmds[ncmd] = cmd;
				buf_init(&outs[ncmd], PROBE_MAX);
				ncmd++;
				phase(d, d->r->o->command_ms);
				if (sshc_exec(d->c, cmd, &outs[k], &status, &trunc, &why) == -1) {
					if (sshc_expired(d->c)) {
						err_set(cause, "probe '%s': %s", cmd, why);
						goto out;
					}
					free(why);
					why = NULL;
				}
			}
			if (outs[k].data != NULL &&
			    profile_probe_match(p, j, outs[k].data, outs[k].len))
				d->prof = p;
		}
	}
	if (d->prof == NULL) {
		err_set(cause, "no profile recognises this device (banner %s)",
		    sshc_banner(d->c) ? sshc_banner(d->c) : "none");
		goto out;
	}
	rc = 0;
out:
	free(why);
	for (k = 0; k < ncmd; k++)
		buf_free(&outs[k]);
	return rc;
}

/* ---- one device ---- */

static int
hostkey_changed_snapshot(struct dev *d)
{
	return snapshot_set_fact(d->snap, SSHCAP_FACT_HOSTKEY_CHANGED, "1") == -1 ||
	    snapshot_set_fact(d->snap, SSHCAP_FACT_HOSTKEY_EXPECTED,
	    sshc_hostkey_expected(d->c)) == -1 ||
	    snapshot_set_fact(d->snap, SSHCAP_FACT_HOSTKEY_OFFERED,
	    sshc_hostkey(d->c) ? sshc_hostkey(d->c) : "") == -1 ? -1 : 0;
}

/* A numeric address as a sockaddr for cred_applies(). */
static int
inet_to_sa(const char *addr, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		return 0;
	}
	return -1;
}

/* Connects with each applicable credential set in turn until one logs in. */
static int
connect_auth(struct dev *d, char **cause)
{
	const struct sshcap_opts *o = d->r->o;
	const struct cred *cr;
	struct sshc_opts so = { o->known_hosts, o->policy, o->connect_ms };
	struct sockaddr_storage ss;
	struct sockaddr *sa = (struct sockaddr *)&ss;
	char *why = NULL;
	size_t i, tried = 0;
	int port;

	memset(&ss, 0, sizeof ss);
	if (inet_to_sa(d->t->address, &ss) == -1) {
		err_set(cause, "not a numeric address");
		set_status(d, SSHCAP_ERROR, cause);
		return -1;
	}
	for (i = 0; i < cred_count(o->creds) && tried < CREDS_TRIED_MAX; i++) {
		cr = cred_at(o->creds, i);
		if (cr->kind != CRED_SSH || !cred_applies(o->creds, i, sa, d->t->platform))
			continue;
		tried++;
		port = cr->port ? cr->port : o->port ? o->port : 22;
		so.connect_ms = (unsigned)min64(o->connect_ms, d->total_deadline - sshc_now_ms());
		if ((int)so.connect_ms <= 0) {
			err_set(cause, "timed out");
			set_status(d, SSHCAP_TIMEOUT, cause);
			return -1;
		}
		if (sshc_connect(&d->c, d->t->address, port, &so, &why) == -1) {
			enum sshc_hostkey_state hk = d->c ? sshc_hostkey_state(d->c) : SSHC_HOSTKEY_NONE;

			if (hk == SSHC_HOSTKEY_CHANGED) {
				if (hostkey_changed_snapshot(d) == -1)
					err_set(&why, "out of memory");
				set_status(d, SSHCAP_HOSTKEY_CHANGED, &why);
			} else if (hk == SSHC_HOSTKEY_UNKNOWN)
				set_status(d, SSHCAP_HOSTKEY_UNKNOWN, &why);
			else
				set_status(d, strstr(why, "timed out") ? SSHCAP_TIMEOUT : SSHCAP_CONNECT,
				    &why);
			sshc_free(&d->c);
			return -1;
		}
		slot_set(d, d->c);
		phase(d, o->connect_ms);
		if (sshc_auth(d->c, cr, &why) == 0) {
			d->cred = cr;
			return 0;
		}
		set_status(d, sshc_expired(d->c) ? SSHCAP_TIMEOUT : SSHCAP_AUTH, &why);
		drop_conn(d);
		if (d->st == SSHCAP_TIMEOUT)
			return -1;
	}
	if (tried == 0) {
		err_set(cause, "no SSH credential set applies");
		set_status(d, SSHCAP_NO_CRED, cause);
	}
	return -1;
}

/* ssh.hostkey_bits: the size of the key the device presented (docs/facts.md). */
static int
put_bits(struct dev *d)
{
	char n[16];

	snprintf(n, sizeof n, "%u", sshc_hostkey_bits(d->c));
	return snapshot_set_fact(d->snap, "ssh.hostkey_bits", n);
}

static void
capture_device(struct dev *d)
{
	char *cause = NULL;
	char n[32];
	const char *b;
	int rc;

	if ((d->snap = snapshot_new("ssh", d->t->address)) == NULL) {
		err_set(&cause, "out of memory");
		set_status(d, SSHCAP_ERROR, &cause);
		return;
	}
	if (connect_auth(d, &cause) == -1)
		return;
	if (snapshot_set_fact(d->snap, FACT_SSH_HOSTKEY, sshc_hostkey(d->c)) == -1 ||
	    (sshc_hostkey_state(d->c) == SSHC_HOSTKEY_ADDED &&
	    snapshot_set_fact(d->snap, "ssh.hostkey_new", "1") == -1) ||
	    (sshc_hostkey_type(d->c) != NULL &&
	    snapshot_set_fact(d->snap, "ssh.hostkey_type", sshc_hostkey_type(d->c)) == -1) ||
	    (sshc_hostkey_bits(d->c) > 0 && put_bits(d) == -1) ||
	    snapshot_set_fact(d->snap, "ssh.credential", d->cred->name) == -1 ||
	    ((b = sshc_banner(d->c)) != NULL && parse_fact(d->snap, "ssh.banner", b,
	    strlen(b)) == -1)) {
		err_set(&cause, "out of memory");
		set_status(d, SSHCAP_ERROR, &cause);
		return;
	}
	if (recognise(d, &cause) == -1) {
		set_status(d, sshc_expired(d->c) ? SSHCAP_TIMEOUT : SSHCAP_NO_PROFILE, &cause);
		return;
	}
	if (snapshot_set_fact(d->snap, FACT_PLATFORM, profile_name(d->prof)) == -1) {
		err_set(&cause, "out of memory");
		set_status(d, SSHCAP_ERROR, &cause);
		return;
	}
	if (profile_mode(d->prof) == PROFILE_SHELL)
		rc = capture_shell(d, &cause);
	else
		rc = profile_batch(d->prof) ? capture_batch(d, &cause) : capture_exec(d, 0, &cause);
	if (rc == -1) {
		/* What was captured before the failure is kept; the snapshot says it is partial. */
		set_status(d, sshc_expired(d->c) ? SSHCAP_TIMEOUT : SSHCAP_ERROR, &cause);
		(void)snapshot_set_fact(d->snap, "capture.complete", "0");
		return;
	}
	snprintf(n, sizeof n, "%zu", d->findings);
	if (snapshot_set_fact(d->snap, "capture.complete", d->failed ? "0" : "1") == -1 ||
	    snapshot_set_fact(d->snap, "secret.findings", n) == -1) {
		err_set(&cause, "out of memory");
		set_status(d, SSHCAP_ERROR, &cause);
		return;
	}
	d->st = d->failed ? SSHCAP_PARTIAL : SSHCAP_OK;
}

/* Whether a device's snapshot goes to the store: captured data, or a host-key finding. */
static int
keep_snapshot(const struct dev *d)
{
	if (d->st == SSHCAP_OK || d->st == SSHCAP_PARTIAL || d->st == SSHCAP_HOSTKEY_CHANGED)
		return 1;
	return (d->st == SSHCAP_TIMEOUT || d->st == SSHCAP_ERROR) && d->prof != NULL &&
	    snapshot_artifact_count(d->snap) > 0;
}

static void *
worker(void *arg)
{
	struct slot *sl = arg;
	struct run *r = NULL;
	struct sshcap_result res;
	struct dev d;
	size_t i;
	int64_t start;

	r = *(struct run **)(sl + 1);
	for (;;) {
		pthread_mutex_lock(&r->mu);
		if (r->stop || r->next >= r->n) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		i = r->next++;
		pthread_mutex_unlock(&r->mu);
		memset(&d, 0, sizeof d);
		d.r = r;
		d.sl = sl;
		d.t = &r->t[i];
		start = sshc_now_ms();
		d.total_deadline = start + r->o->total_ms;
		capture_device(&d);
		drop_conn(&d);
		memset(&res, 0, sizeof res);
		res.address = d.t->address;
		res.status = d.st;
		res.detail = d.detail;
		res.profile = d.prof != NULL ? profile_name(d.prof) : NULL;
		res.ms = (uint64_t)(sshc_now_ms() - start);
		res.snap = keep_snapshot(&d) ? d.snap : NULL;
		pthread_mutex_lock(&r->mu);
		if (!r->stop && r->cb(&res, r->arg) != 0)
			r->stop = 1;
		r->done++;
		pthread_mutex_unlock(&r->mu);
		snapshot_free(&d.snap);
		free(d.detail);
	}
	return NULL;
}

int
sshcap_run(const struct sshcap_target *t, size_t n, const struct sshcap_opts *oin,
    sshcap_cb cb, void *arg, char **cause)
{
	struct sshcap_opts o = *oin;
	struct run r;
	pthread_t *th = NULL;
	unsigned char *mem = NULL;
	size_t i, nth, started = 0, slotsz;
	struct timespec ts = { 0, WATCHDOG_MS * 1000000L };
	int finished, rc = -1;

	if (o.parallel == 0)
		o.parallel = 32;
	if (o.connect_ms == 0)
		o.connect_ms = 10000;
	if (o.command_ms == 0)
		o.command_ms = 30000;
	if (o.total_ms == 0)
		o.total_ms = 120000;
	if (o.known_hosts == NULL || o.profiles == NULL || o.creds == NULL || o.redactor == NULL)
		return err_set(cause, "ssh capture: missing known_hosts, profiles, credentials "
		    "or redactor");
	memset(&r, 0, sizeof r);
	r.t = t;
	r.n = n;
	r.o = &o;
	r.cb = cb;
	r.arg = arg;
	pthread_mutex_init(&r.mu, NULL);
	nth = n < o.parallel ? n : o.parallel;
	if (nth == 0) {
		rc = 0;
		goto out;
	}
	/* Each slot is followed by a pointer to the run, the worker's only argument. */
	slotsz = sizeof(struct slot) + sizeof(struct run *);
	slotsz = (slotsz + 15) & ~(size_t)15;
	if ((mem = calloc(nth, slotsz)) == NULL || (th = calloc(nth, sizeof *th)) == NULL) {
		err_set(cause, "out of memory");
		goto out;
	}
	for (i = 0; i < nth; i++) {
		struct slot *sl = (struct slot *)(mem + i * slotsz);

		pthread_mutex_init(&sl->mu, NULL);
		*(struct run **)(sl + 1) = &r;
	}
	for (i = 0; i < nth; i++) {
		if (pthread_create(&th[i], NULL, worker, mem + i * slotsz) != 0)
			break;
		started++;
	}
	if (started == 0) {
		err_set(cause, "cannot start SSH worker threads");
		goto out;
	}
	/* The watchdog: a session past its deadline is aborted, whatever libssh waits for. */
	for (finished = 0; !finished;) {
		nanosleep(&ts, NULL);
		for (i = 0; i < started; i++) {
			struct slot *sl = (struct slot *)(mem + i * slotsz);

			pthread_mutex_lock(&sl->mu);
			if (sl->c != NULL && sshc_expired(sl->c))
				sshc_abort(sl->c);
			pthread_mutex_unlock(&sl->mu);
		}
		pthread_mutex_lock(&r.mu);
		finished = r.done >= r.n || (r.stop && r.done >= r.next);
		if (r.stop) {
			for (i = 0; i < started; i++) {
				struct slot *sl = (struct slot *)(mem + i * slotsz);

				pthread_mutex_lock(&sl->mu);
				if (sl->c != NULL)
					sshc_abort(sl->c);
				pthread_mutex_unlock(&sl->mu);
			}
		}
		pthread_mutex_unlock(&r.mu);
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	rc = r.stop ? err_set(cause, "ssh capture stopped") : 0;
out:
	if (mem != NULL)
		for (i = 0; i < nth; i++)
			pthread_mutex_destroy(&((struct slot *)(mem + i * slotsz))->mu);
	free(mem);
	free(th);
	pthread_mutex_destroy(&r.mu);
	return rc;
}
