/* parse_linux: facts from the Linux profile's command outputs (docs/facts.md). */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "inventory/snapshot.h"
#include "scanner/parse_facts.h"
#include "scanner/parse_linux.h"

/* Block devices kept from lsblk output; a host with more is summarised from these. */
#define LSBLK_MAX	4096
#define LSBLK_FIELD	128

static int
eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int
ends_with(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(s + n - l, lit, l) == 0;
}

static int
put_count(struct snapshot *s, const char *key, size_t n)
{
	char v[32];
	int l = snprintf(v, sizeof v, "%zu", n);

	return parse_fact(s, key, v, (size_t)l);
}

/* Appends " value" to the fact (for keys sshd -T prints more than once). */
static int
append_fact(struct snapshot *s, const char *key, const char *val, size_t vlen)
{
	const char *old = snapshot_fact(s, key);
	struct buf b;
	int rc;

	if (old == NULL)
		return parse_fact(s, key, val, vlen);
	buf_init(&b, PARSE_VALUE_MAX);
	if (buf_puts(&b, old) == -1 || buf_puts(&b, " ") == -1 || buf_append(&b, val, vlen) == -1) {
		buf_free(&b);
		return 0;	/* longer than a fact may be: keep the first values */
	}
	rc = parse_fact(s, key, b.data, b.len);
	buf_free(&b);
	return rc;
}

/* os-release(5): KEY=value with optional shell quoting. */
int
parse_linux_os_release(struct snapshot *s, const char *text, size_t len)
{
	static const struct { const char *var, *fact; } map[] = {
		{ "NAME", FACT_OS_NAME }, { "VERSION_ID", FACT_OS_VERSION }, { "ID", "os.id" },
		{ "ID_LIKE", "os.id_like" }, { "PRETTY_NAME", "os.pretty_name" },
		{ "VERSION_CODENAME", "os.codename" },
	};
	struct parse_cursor c;
	const char *l, *eqp;
	size_t n, i, kl, vl;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if ((eqp = memchr(l, '=', n)) == NULL)
			continue;
		kl = (size_t)(eqp - l);
		vl = n - kl - 1;
		eqp++;
		if (vl >= 2 && (eqp[0] == '"' || eqp[0] == '\'') && eqp[vl - 1] == eqp[0]) {
			eqp++;
			vl -= 2;
		}
		for (i = 0; i < sizeof map / sizeof map[0]; i++)
			if (eq(l, kl, map[i].var) && parse_fact(s, map[i].fact, eqp, vl) == -1)
				return -1;
	}
	return 0;
}

/* uname -r: the kernel release on the first line. */
int
parse_linux_uname(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l;
	size_t n;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		parse_trim(&l, &n);
		if (n > 0)
			return parse_fact(s, "os.kernel", l, n);
	}
	return 0;
}

/* "hostname: X", "vendor: X", "model: X", "serial: X" lines (the linux profile prints
 * them from hostname(1) and /sys/class/dmi/id): the host's name and hardware identity,
 * so that a server found only over SSH has a name and a serial like any switch. */
int
parse_linux_host(struct snapshot *s, const char *text, size_t len)
{
	static const struct { const char *prefix, *fact; } map[] = {
		{ "hostname:", FACT_SYSNAME },
		{ "vendor:", FACT_VENDOR },
		{ "model:", FACT_MODEL },
		{ "serial:", FACT_SERIAL },
	};
	struct parse_cursor c;
	const char *l, *v;
	size_t n, vn, i;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		for (i = 0; i < sizeof map / sizeof map[0]; i++) {
			if (!parse_prefix(l, n, map[i].prefix, 0, &v, &vn))
				continue;
			parse_trim(&v, &vn);
			if (parse_fact(s, map[i].fact, v, vn) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

/* "name<TAB>version" per line, from dpkg-query or rpm (the profile formats both). */
int
parse_linux_packages(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *tab;
	size_t n, count = 0, nl;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if ((tab = memchr(l, '\t', n)) == NULL || tab == l)
			continue;
		nl = (size_t)(tab - l);
		if (parse_fact_named(s, "pkg.", l, nl, tab + 1, n - nl - 1) == -1)
			return -1;
		count++;
	}
	return count > 0 ? put_count(s, "pkg.count", count) : 0;
}

/* sshd -T: "keyword value..." in lower case; every keyword as sshd.<keyword>, the ones
 * audits share across platforms also under their normalised ssh.* names. */
int
parse_linux_sshd_t(struct snapshot *s, const char *text, size_t len)
{
	static const struct { const char *kw, *fact; } map[] = {
		{ "ciphers", "ssh.ciphers" }, { "macs", "ssh.macs" }, { "kexalgorithms", "ssh.kex" },
		{ "hostkeyalgorithms", "ssh.hostkey_algorithms" },
		{ "permitrootlogin", "ssh.permit_root_login" },
		{ "passwordauthentication", "ssh.password_authentication" },
		{ "pubkeyauthentication", "ssh.pubkey_authentication" },
		{ "permitemptypasswords", "ssh.permit_empty_passwords" },
		{ "kbdinteractiveauthentication", "ssh.kbd_interactive_authentication" },
		{ "x11forwarding", "ssh.x11_forwarding" }, { "maxauthtries", "ssh.max_auth_tries" },
		{ "logingracetime", "ssh.login_grace_time" },
		{ "clientaliveinterval", "ssh.client_alive_interval" },
		{ "allowtcpforwarding", "ssh.allow_tcp_forwarding" }, { "port", "ssh.port" },
		{ "loglevel", "ssh.log_level" }, { "usepam", "ssh.use_pam" },
	};
	struct parse_cursor c;
	const char *l, *sp;
	char key[PARSE_KEY_MAX + 1];
	size_t n, i, kl, vl;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if ((sp = memchr(l, ' ', n)) == NULL || sp == l)
			continue;
		kl = (size_t)(sp - l);
		vl = n - kl - 1;
		if (kl > 64)
			continue;
		for (i = 0; i < kl; i++)
			if (!((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= '0' && l[i] <= '9')))
				break;
		if (i < kl)
			continue;	/* not an sshd -T line (an error message, say) */
		snprintf(key, sizeof key, "sshd.%.*s", (int)kl, l);
		if (append_fact(s, key, sp + 1, vl) == -1)
			return -1;
		for (i = 0; i < sizeof map / sizeof map[0]; i++)
			if (eq(l, kl, map[i].kw) && append_fact(s, map[i].fact, sp + 1, vl) == -1)
				return -1;
	}
	return 0;
}

struct blk {
	char	name[LSBLK_FIELD], type[LSBLK_FIELD], fstype[LSBLK_FIELD];
	char	pkname[LSBLK_FIELD], mount[LSBLK_FIELD];
	int	crypt;		/* device-mapper says crypt (uuid CRYPT-, or a crypt target) */
	int	dm;		/* a device-mapper device (sysfs) */
};

/* The device-mapper lines the linux profile appends after lsblk's (docs/facts.md). */
struct dminfo {
	char	(*crypt)[LSBLK_FIELD];	/* names that are dm-crypt */
	size_t	 ncrypt;
	char	(*dm)[LSBLK_FIELD];	/* every dm device name in sysfs */
	size_t	 ndm;
	int	 dmsetup;		/* 1: dmsetup answered, so an unlisted dm is not crypt */
};

enum { BLK_PLAIN, BLK_CRYPT, BLK_UNKNOWN };

/* Copies the value of KEY="..." from an lsblk -P line into out (empty when absent). */
static void
lsblk_field(const char *l, size_t n, const char *key, char *out)
{
	const char *p = l, *end = l + n, *q;
	size_t kl = strlen(key), vl;

	out[0] = '\0';
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		q = p;
		while (q < end && *q != '=')
			q++;
		if (q + 1 >= end || q[1] != '"')
			return;
		vl = 0;
		{
			const char *v = q + 2, *ve = memchr(v, '"', (size_t)(end - v));

			if (ve == NULL)
				return;
			vl = (size_t)(ve - v);
			if ((size_t)(q - p) == kl && memcmp(p, key, kl) == 0) {
				if (vl >= LSBLK_FIELD)
					vl = LSBLK_FIELD - 1;
				memcpy(out, v, vl);
				out[vl] = '\0';
				return;
			}
			p = ve + 1;
		}
	}
}

static int
blk_encrypted(const struct blk *b, size_t nb, size_t i, int dmsetup)
{
	size_t depth, j;
	int unknown = 0;

	/* Walk up the parents (PKNAME) a bounded number of times: device text may loop. */
	for (depth = 0; depth < 16; depth++) {
		if (strcmp(b[i].type, "crypt") == 0 || strcmp(b[i].fstype, "crypto_LUKS") == 0 ||
		    b[i].crypt)
			return BLK_CRYPT;
		/* A dm device lsblk could not type (no CRYPT-/LVM- uuid) may be dm-crypt set up
		 * without cryptsetup; only dmsetup's target list can tell. */
		if (!dmsetup && (strcmp(b[i].type, "dm") == 0 || (b[i].dm &&
		    b[i].type[0] == '\0')))
			unknown = 1;
		if (b[i].pkname[0] == '\0')
			return unknown ? BLK_UNKNOWN : BLK_PLAIN;
		for (j = 0; j < nb; j++)
			if (strcmp(b[j].name, b[i].pkname) == 0)
				break;
		if (j == nb)
			return unknown ? BLK_UNKNOWN : BLK_PLAIN;
		i = j;
	}
	return unknown ? BLK_UNKNOWN : BLK_PLAIN;
}

static int
name_in(char (*list)[LSBLK_FIELD], size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* The first blank-delimited word of (s, n) into out (cut at LSBLK_FIELD). */
static size_t
dm_word(const char *s, size_t n, char *out)
{
	size_t w = 0, c;

	while (w < n && s[w] != ' ' && s[w] != '\t')
		w++;
	c = w < LSBLK_FIELD ? w : LSBLK_FIELD - 1;
	memcpy(out, s, c);
	out[c] = '\0';
	return w;
}

/* "dm: NAME uuid=UUID", "dmsetup: ok|unavailable", "crypt-target: NAME",
 * "cryptsetup: NAME KEY=VALUE" (type, cipher, keysize, device of `cryptsetup status`). */
static int
dm_line(struct snapshot *s, struct dminfo *dm, const char *l, size_t n)
{
	const char *v;
	size_t vn, w, i;
	char name[LSBLK_FIELD], key[PARSE_KEY_MAX];
	int kl;

	if (parse_prefix(l, n, "dm: ", 0, &v, &vn)) {
		if (dm->ndm == LSBLK_MAX || (w = dm_word(v, vn, dm->dm[dm->ndm])) == 0)
			return 0;
		v += w;
		vn -= w;
		parse_trim(&v, &vn);
		if (vn >= 11 && memcmp(v, "uuid=CRYPT-", 11) == 0 && dm->ncrypt < LSBLK_MAX)
			memcpy(dm->crypt[dm->ncrypt++], dm->dm[dm->ndm], LSBLK_FIELD);
		dm->ndm++;
	} else if (parse_prefix(l, n, "dmsetup: ", 0, &v, &vn)) {
		dm->dmsetup = eq(v, vn, "ok");
	} else if (parse_prefix(l, n, "crypt-target: ", 0, &v, &vn)) {
		if (dm->ncrypt < LSBLK_MAX && dm_word(v, vn, dm->crypt[dm->ncrypt]) > 0)
			dm->ncrypt++;
	} else if (parse_prefix(l, n, "cryptsetup: ", 0, &v, &vn)) {
		if ((w = dm_word(v, vn, name)) == 0 || w >= vn)
			return 0;
		v += w + 1;
		vn -= w + 1;
		kl = snprintf(key, sizeof key, "disk.crypt.%s", name);
		/* Mapper names come from the device: keep the key to fact-key letters. */
		for (i = 11; kl > 0 && i < (size_t)kl && i < sizeof key - 1; i++)
			if (!isalnum((unsigned char)key[i]) && strchr("._+:@-", key[i]) == NULL)
				key[i] = '_';
		return append_fact(s, key, v, vn);
	}
	return 0;
}

/* lsblk -P -o NAME,TYPE,FSTYPE,PKNAME,MOUNTPOINT: which mounted filesystems sit on LUKS. */
int
parse_linux_lsblk(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	struct blk *b = NULL;
	struct buf luks, plain, unk;
	struct dminfo dm;
	const char *l;
	size_t n, nb = 0, i, nluks = 0, nplain = 0, nunk = 0;
	int rc = -1;

	memset(&dm, 0, sizeof dm);
	buf_init(&luks, PARSE_VALUE_MAX);
	buf_init(&plain, PARSE_VALUE_MAX);
	buf_init(&unk, PARSE_VALUE_MAX);
	if ((b = calloc(LSBLK_MAX, sizeof *b)) == NULL ||
	    (dm.crypt = calloc(LSBLK_MAX, sizeof *dm.crypt)) == NULL ||
	    (dm.dm = calloc(LSBLK_MAX, sizeof *dm.dm)) == NULL)
		goto out;
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (n > 0 && l[0] != 'N') {
			if (dm_line(s, &dm, l, n) == -1)
				goto out;
			continue;
		}
		if (nb == LSBLK_MAX)
			continue;
		lsblk_field(l, n, "NAME", b[nb].name);
		if (b[nb].name[0] == '\0')
			continue;
		lsblk_field(l, n, "TYPE", b[nb].type);
		lsblk_field(l, n, "FSTYPE", b[nb].fstype);
		lsblk_field(l, n, "PKNAME", b[nb].pkname);
		lsblk_field(l, n, "MOUNTPOINT", b[nb].mount);
		nb++;
	}
	for (i = 0; i < nb; i++) {
		b[i].crypt = name_in(dm.crypt, dm.ncrypt, b[i].name);
		b[i].dm = name_in(dm.dm, dm.ndm, b[i].name);
	}
	for (i = 0; i < nb; i++) {
		const char *m = b[i].mount;
		int e;

		if (m[0] != '/')
			continue;	/* unmounted, or [SWAP] */
		if ((e = blk_encrypted(b, nb, i, dm.dmsetup)) == BLK_CRYPT) {
			nluks++;
			(void)((luks.len && buf_puts(&luks, " ")) || buf_puts(&luks, m));
		} else if (e == BLK_UNKNOWN) {
			nunk++;
			(void)((unk.len && buf_puts(&unk, " ")) || buf_puts(&unk, m));
		} else {
			/* /boot must stay readable by the boot loader: it does not count against. */
			if (strcmp(m, "/boot") != 0 && strcmp(m, "/boot/efi") != 0)
				nplain++;
			(void)((plain.len && buf_puts(&plain, " ")) || buf_puts(&plain, m));
		}
	}
	/* One plain filesystem settles it; otherwise an unknown one leaves it open. */
	if ((nplain > 0 || (nluks > 0 && nunk == 0)) &&
	    parse_fact(s, "disk.encrypted", nplain == 0 ? "1" : "0", 1) == -1)
		goto out;
	if (unk.len && parse_fact(s, "disk.unknown_mounts", unk.data, unk.len) == -1)
		goto out;
	if (luks.len && parse_fact(s, "disk.luks_mounts", luks.data, luks.len) == -1)
		goto out;
	if (plain.len && parse_fact(s, "disk.plain_mounts", plain.data, plain.len) == -1)
		goto out;
	rc = 0;
out:
	free(b);
	free(dm.crypt);
	free(dm.dm);
	buf_free(&luks);
	buf_free(&plain);
	buf_free(&unk);
	return rc;
}

/* sysctl KEY...: "key = value" lines. */
int
parse_linux_sysctl(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *e;
	size_t n, kl;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if ((e = memchr(l, '=', n)) == NULL)
			continue;
		kl = (size_t)(e - l);
		if (kl < 2 || l[kl - 1] != ' ' || memchr(l, ' ', kl - 1) != NULL)
			continue;
		if (parse_fact_named(s, "sysctl.", l, kl - 1, e + 1, n - kl - 1) == -1)
			return -1;
	}
	return 0;
}

/* "UNIT STATE [PRESET]": the profile's `systemctl is-enabled` lines (or those of
 * `list-unit-files`); only units whose state is exactly "enabled" count (not alias, masked,
 * static, enabled-runtime...). Services lose their suffix (service.sshd); sockets and timers
 * keep it (service.telnet.socket, service.dnf-automatic-install.timer): inetd-style daemons
 * and scheduled jobs are enabled through those units, not through a service. */
int
parse_linux_services(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *sp, *st;
	size_t n, nl, sl, count = 0;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		parse_trim(&l, &n);
		if ((sp = memchr(l, ' ', n)) == NULL)
			continue;
		nl = (size_t)(sp - l);
		for (st = sp; st < l + n && *st == ' '; st++)
			;
		for (sl = 0; st + sl < l + n && st[sl] != ' '; sl++)
			;
		if (sl != 7 || memcmp(st, "enabled", 7) != 0)
			continue;
		if (ends_with(l, nl, ".socket") || ends_with(l, nl, ".timer")) {
			if (parse_fact_named(s, "service.", l, nl, "enabled", 7) == -1)
				return -1;
			continue;
		}
		if (!ends_with(l, nl, ".service"))
			continue;
		if (parse_fact_named(s, "service.", l, nl - 8, "enabled", 7) == -1)
			return -1;
		count++;
	}
	return count > 0 ? put_count(s, "service.count", count) : 0;
}

/* systemctl list-units --type=service --state=active --plain: "NAME.service LOAD ACTIVE
 * SUB DESCRIPTION". active.NAME = the sub-state (running, exited: a oneshot firewall
 * loader such as nftables stays "active exited"); only ACTIVE == active counts. */
int
parse_linux_units_active(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	const char *l, *f[4];
	size_t n, fl[4], i, count = 0;

	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		parse_trim(&l, &n);
		for (i = 0; i < 4; i++) {
			f[i] = l;
			while (n > 0 && *l != ' ' && *l != '\t') {
				l++;
				n--;
			}
			fl[i] = (size_t)(l - f[i]);
			while (n > 0 && (*l == ' ' || *l == '\t')) {
				l++;
				n--;
			}
		}
		if (fl[3] == 0 || !ends_with(f[0], fl[0], ".service") || fl[0] == 8 ||
		    fl[2] != 6 || memcmp(f[2], "active", 6) != 0)
			continue;
		if (parse_fact_named(s, "active.", f[0], fl[0] - 8, f[3], fl[3]) == -1)
			return -1;
		count++;
	}
	return count > 0 ? put_count(s, "active.count", count) : 0;
}

static int
login_shell(const char *sh, size_t n)
{
	return n > 0 && !ends_with(sh, n, "nologin") && !ends_with(sh, n, "/false") &&
	    !ends_with(sh, n, "/sync") && !ends_with(sh, n, "/shutdown") &&
	    !ends_with(sh, n, "/halt");
}

/* getent passwd: local users with a login shell (user.<name> = "uid=N shell=PATH");
 * the password field is never read. */
int
parse_linux_passwd(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	struct buf v, uid0;
	const char *l, *f[7];
	size_t n, fl[7], i, count = 0;
	int rc = -1;

	buf_init(&v, 512);
	buf_init(&uid0, PARSE_VALUE_MAX);
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		const char *p = l, *end = l + n, *q;

		for (i = 0; i < 7; i++) {
			q = i < 6 ? memchr(p, ':', (size_t)(end - p)) : end;
			if (q == NULL)
				break;
			f[i] = p;
			fl[i] = (size_t)(q - p);
			p = q + (q < end);
		}
		if (i < 7 || fl[0] == 0 || !login_shell(f[6], fl[6]))
			continue;
		buf_reset(&v);
		if (buf_printf(&v, "uid=%.*s shell=%.*s", (int)fl[2], f[2], (int)fl[6], f[6]) == -1)
			continue;
		if (parse_fact_named(s, "user.", f[0], fl[0], v.data, v.len) == -1)
			goto out;
		if (eq(f[2], fl[2], "0"))
			(void)((uid0.len && buf_puts(&uid0, " ")) || buf_append(&uid0, f[0], fl[0]));
		count++;
	}
	if (count > 0 && put_count(s, "user.login_count", count) == -1)
		goto out;
	if (uid0.len && parse_fact(s, "user.uid0", uid0.data, uid0.len) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&v);
	buf_free(&uid0);
	return rc;
}

/* Pending updates. The profile's command prints "tool: apt" or "tool: dnf" first, then
 * `apt list --upgradable` lines ("name/suite[,suite] version arch [upgradable from: v]"),
 * apt-get -s upgrade "Inst" lines, or dnf updateinfo lines prefixed "security ". */
int
parse_linux_updates(struct snapshot *s, const char *text, size_t len)
{
	struct parse_cursor c;
	struct buf sec;
	const char *l, *r, *sp, *sl;
	size_t n, rn, pending = 0, security = 0, nl;
	char tool[16] = "";
	int rc = -1;

	buf_init(&sec, PARSE_VALUE_MAX);
	parse_cursor_init(&c, text, len);
	while (parse_line(&c, &l, &n)) {
		if (parse_prefix(l, n, "tool: ", 0, &r, &rn)) {
			if (rn > 0 && rn < sizeof tool) {
				memcpy(tool, r, rn);
				tool[rn] = '\0';
			}
			continue;
		}
		if (tool[0] == '\0')
			continue;
		if (parse_prefix(l, n, "Inst ", 0, &r, &rn)) {
			pending++;
			/* Debian/Ubuntu name the archive: "...-security" or "Debian-Security:". */
			if (memmem(r, rn, "-security", 9) == NULL && memmem(r, rn, "Security", 8) == NULL)
				continue;
		} else if (memmem(l, n, " [upgradable from: ", 19) != NULL &&
		    (sl = memchr(l, '/', n)) != NULL && sl > l &&
		    (sp = memchr(l, ' ', n)) != NULL && sl < sp) {
			pending++;
			/* Only the suites (between '/' and the first space) say where it comes from. */
			if (memmem(sl, (size_t)(sp - sl), "-security", 9) == NULL)
				continue;
			(void)((sec.len && buf_puts(&sec, " ")) || buf_append(&sec, l, (size_t)(sl - l)));
			security++;
			continue;
		} else if (parse_prefix(l, n, "security ", 0, &r, &rn)) {
			pending++;
		} else
			continue;
		security++;
		sp = memchr(r, ' ', rn);
		nl = sp != NULL ? (size_t)(sp - r) : rn;
		(void)((sec.len && buf_puts(&sec, " ")) || buf_append(&sec, r, nl));
	}
	if (tool[0] != '\0') {
		if (parse_fact(s, "pkg.update_tool", tool, strlen(tool)) == -1 ||
		    put_count(s, "pkg.updates_pending", pending) == -1 ||
		    put_count(s, "pkg.security_updates", security) == -1)
			goto out;
		if (sec.len && parse_fact(s, "pkg.security_update_list", sec.data, sec.len) == -1)
			goto out;
	}
	rc = 0;
out:
	buf_free(&sec);
	return rc;
}
