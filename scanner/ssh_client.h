/* ssh_client: one SSH connection to one device, over libssh 0.10 in blocking mode, with
 * bounded time everywhere: the TCP connect is ours (non-blocking, polled), every libssh
 * call runs under the session timeout, and sshc_abort() (safe from another thread) shuts
 * the socket down so that a call libssh would let wait for ever returns at once.
 * Host keys are checked against an OpenSSH known_hosts file, never accepted blindly.
 * Prefix sshc_ (not ssh_): libssh owns the ssh_ namespace. */
#ifndef NETLOOM_SSH_CLIENT_H
#define NETLOOM_SSH_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct cred;
struct sshc;
struct sshc_shell;

enum sshc_hostkey_policy {
	SSHC_STRICT = 0,	/* the key must be in known_hosts */
	SSHC_ACCEPT_NEW,	/* trust on first use: unknown keys are appended */
};

enum sshc_hostkey_state {
	SSHC_HOSTKEY_NONE = 0,	/* not checked yet */
	SSHC_HOSTKEY_KNOWN,	/* matches known_hosts */
	SSHC_HOSTKEY_ADDED,	/* was unknown; appended (accept-new) */
	SSHC_HOSTKEY_UNKNOWN,	/* unknown, refused (strict) */
	SSHC_HOSTKEY_CHANGED,	/* known_hosts holds another key for this host */
};

struct sshc_opts {
	const char		*known_hosts;	/* OpenSSH known_hosts path */
	enum sshc_hostkey_policy policy;
	unsigned		 connect_ms;	/* TCP connect + banner + key exchange + auth */
};

/* Monotonic milliseconds. */
int64_t	sshc_now_ms(void);

/* Connects to addr (numeric IPv4/IPv6) port, and checks the host key. Returns 0 when the
 * connection may be used (KNOWN or ADDED), -1 otherwise with *cause; sshc_hostkey_state()
 * tells a host-key refusal from other failures. *cp is set even on failure (for the
 * fingerprints); free it with sshc_free. */
int	sshc_connect(struct sshc **cp, const char *addr, int port, const struct sshc_opts *o,
	    char **cause);
/* Authenticates with one SSH credential set (password, key file or agent). */
int	sshc_auth(struct sshc *c, const struct cred *cr, char **cause);
void	sshc_free(struct sshc **cp);
/* Thread-safe: makes every pending and future call on c fail promptly. */
void	sshc_abort(struct sshc *c);
/* Sets the deadline (sshc_now_ms() based) of the calls that follow. */
void	sshc_set_deadline(struct sshc *c, int64_t deadline_ms);
/* 1 once the deadline passed or sshc_abort() was called. */
int	sshc_expired(const struct sshc *c);

enum sshc_hostkey_state sshc_hostkey_state(const struct sshc *c);
/* "SHA256:..." of the key the server offered, or NULL before the key exchange. */
const char	*sshc_hostkey(const struct sshc *c);
/* The offered key's type ("ssh-rsa", "ssh-ed25519", ...; NULL before the key exchange) and
 * size in bits (0: unknown). Only the key negotiated for this session: a server with several
 * host keys shows the one libssh prefers (Ed25519, ECDSA, then RSA). */
const char	*sshc_hostkey_type(const struct sshc *c);
unsigned	 sshc_hostkey_bits(const struct sshc *c);
/* Bits of an OpenSSH public key in base64 (as in known_hosts): the RSA modulus or DSA p,
 * the ECDSA curve, 256 for Ed25519; 0 when the blob is not understood. Hostile input. */
unsigned	 sshc_pubkey_bits(const char *b64);
/* For CHANGED: the fingerprint known_hosts holds for this host ("" if unreadable). */
const char	*sshc_hostkey_expected(const struct sshc *c);
/* The server's identification string ("SSH-2.0-..."), or NULL. */
const char	*sshc_banner(const struct sshc *c);

/* Runs cmd on an exec channel; stdout into out (capped by out->max: the rest is read and
 * dropped, *truncated set), stderr dropped. *status: exit status or -1 if none. */
int	sshc_exec(struct sshc *c, const char *cmd, struct buf *out, int *status,
	    int *truncated, char **cause);

/* Receives stdout as it arrives; 0 to go on, -1 to stop the command (with *cause). It may
 * move the deadline (sshc_set_deadline): the next read honours it. */
typedef int (*sshc_sink)(void *arg, const char *data, size_t n, char **cause);
/* Runs cmd on an exec channel and hands its stdout to sink as it arrives; stderr dropped.
 * *status: exit status or -1 if none. */
int	sshc_exec_stream(struct sshc *c, const char *cmd, sshc_sink sink, void *arg,
	    int *status, char **cause);

/* An interactive shell on a pty. */
int	sshc_shell_open(struct sshc *c, struct sshc_shell **shp, char **cause);
void	sshc_shell_close(struct sshc_shell **shp);
int	sshc_shell_write(struct sshc_shell *sh, const char *s, size_t n, char **cause);
/* Waits up to wait_ms (and never past the deadline) for output, appends it to out.
 * Returns bytes read (0 on a quiet wait), or -1 (closed, error, deadline; *cause). */
int	sshc_shell_read(struct sshc_shell *sh, struct buf *out, int wait_ms, char **cause);

#endif
