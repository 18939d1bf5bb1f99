#include "audit/version.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"

/* A span of the input: versions are never copied, only pointed into. */
struct span {
	const char	*p;
	size_t		 n;
};

static int	c_isdigit(int c) { return c >= '0' && c <= '9'; }
static int	c_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static int	c_islower(int c) { return c >= 'a' && c <= 'z'; }
static int	c_isalpha(int c) { return c_isupper(c) || c_islower(c); }
static int	c_isalnum(int c) { return c_isdigit(c) || c_isalpha(c); }
static int	c_tolower(int c) { return c_isupper(c) ? c - 'A' + 'a' : c; }

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Numeric comparison of two digit strings of any length: no integer overflow. */
static int
numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	while (an > 0 && *a == '0') {
		a++;
		an--;
	}
	while (bn > 0 && *b == '0') {
		b++;
		bn--;
	}
	if (an != bn)
		return an < bn ? -1 : 1;
	if (an == 0)
		return 0;
	c = memcmp(a, b, an);
	return sign(c);
}

static int
spancmp_num(struct span a, struct span b)
{
	return numcmp(a.p, a.n, b.p, b.n);
}

/* Case-insensitive comparison; a shorter prefix sorts first. */
static int
spancmp_ci(struct span a, struct span b)
{
	size_t i, n = a.n < b.n ? a.n : b.n;
	int ca, cb;

	for (i = 0; i < n; i++) {
		ca = c_tolower((unsigned char)a.p[i]);
		cb = c_tolower((unsigned char)b.p[i]);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (a.n != b.n)
		return a.n < b.n ? -1 : 1;
	return 0;
}

/* Common gate for every scheme: bounded, printable, no whitespace. */
static int
check_basic(const char *v, char **cause)
{
	size_t i, n;

	if (v == NULL)
		return err_set(cause, "missing version");
	n = strnlen(v, VERSION_MAX_LEN + 1);
	if (n == 0)
		return err_set(cause, "empty version");
	if (n > VERSION_MAX_LEN)
		return err_set(cause, "version longer than %d bytes", VERSION_MAX_LEN);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= ' ' || c >= 0x7f)
			return err_set(cause, "version '%.*s' contains a space or "
			    "non-printable byte at offset %zu", (int)i, v, i);
	}
	return 0;
}

/* ---- dpkg ---------------------------------------------------------------- */

struct dpkg_ver {
	struct span	epoch;		/* n == 0: no epoch */
	struct span	upstream;
	struct span	revision;	/* n == 0: no revision */
};

/* Parses as dpkg's parseversion() does: hard errors always, and dpkg's warnings
 * (no leading digit, invalid characters) only in strict mode. */
static int
dpkg_parse(const char *v, int flags, struct dpkg_ver *out, char **cause)
{
	const char *colon, *hyphen, *end, *s;
	size_t i;

	memset(out, 0, sizeof(*out));
	end = v + strlen(v);
	colon = strchr(v, ':');
	s = v;
	if (colon != NULL) {
		out->epoch.p = v;
		out->epoch.n = (size_t)(colon - v);
		if (out->epoch.n == 0)
			return err_set(cause, "version '%s': epoch is empty", v);
		for (i = 0; i < out->epoch.n; i++)
			if (!c_isdigit((unsigned char)v[i]))
				return err_set(cause, "version '%s': epoch is not a "
				    "number", v);
		/* dpkg keeps the epoch in an int. */
		if (numcmp(v, out->epoch.n, "2147483647", 10) > 0)
			return err_set(cause, "version '%s': epoch is too big", v);
		s = colon + 1;
		if (*s == '\0')
			return err_set(cause, "version '%s': nothing after colon", v);
	}
	hyphen = strrchr(s, '-');
	out->upstream.p = s;
	out->upstream.n = (size_t)((hyphen ? hyphen : end) - s);
	if (hyphen != NULL) {
		out->revision.p = hyphen + 1;
		out->revision.n = (size_t)(end - hyphen - 1);
		if (out->revision.n == 0)
			return err_set(cause, "version '%s': revision is empty", v);
	}
	if (out->upstream.n == 0)
		return err_set(cause, "version '%s': upstream version is empty", v);
	if (flags & VERSION_LENIENT)
		return 0;
	if (!c_isdigit((unsigned char)out->upstream.p[0]))
		return err_set(cause, "version '%s': upstream version does not "
		    "start with a digit", v);
	for (i = 0; i < out->upstream.n; i++) {
		int c = (unsigned char)out->upstream.p[i];
		if (!c_isalnum(c) && strchr(".-+~:", c) == NULL)
			return err_set(cause, "version '%s': invalid character "
			    "'%c' in upstream version", v, c);
	}
	for (i = 0; i < out->revision.n; i++) {
		int c = (unsigned char)out->revision.p[i];
		if (!c_isalnum(c) && strchr(".+~", c) == NULL)
			return err_set(cause, "version '%s': invalid character "
			    "'%c' in revision", v, c);
	}
	return 0;
}

/* dpkg's order(): ~ first, then end/digits, then letters, then everything else. */
static int
dpkg_order(int c)
{
	if (c_isdigit(c))
		return 0;
	if (c_isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp() over spans (a position past the end reads as NUL). */
static int
dpkg_verrevcmp(struct span a, struct span b)
{
	size_t i = 0, j = 0;
#define A(k)	((k) < a.n ? (unsigned char)a.p[k] : 0)
#define B(k)	((k) < b.n ? (unsigned char)b.p[k] : 0)

	while (i < a.n || j < b.n) {
		int first_diff = 0;

		while ((A(i) && !c_isdigit(A(i))) || (B(j) && !c_isdigit(B(j)))) {
			int ac = dpkg_order(A(i)), bc = dpkg_order(B(j));
			if (ac != bc)
				return sign(ac - bc);
			i++;
			j++;
		}
		while (A(i) == '0')
			i++;
		while (B(j) == '0')
			j++;
		while (c_isdigit(A(i)) && c_isdigit(B(j))) {
			if (!first_diff)
				first_diff = A(i) - B(j);
			i++;
			j++;
		}
		if (c_isdigit(A(i)))
			return 1;
		if (c_isdigit(B(j)))
			return -1;
		if (first_diff)
			return sign(first_diff);
	}
	return 0;
#undef A
#undef B
}

static int
dpkg_compare(const struct dpkg_ver *a, const struct dpkg_ver *b)
{
	int rc;

	rc = numcmp(a->epoch.p, a->epoch.n, b->epoch.p, b->epoch.n);
	if (rc == 0)
		rc = dpkg_verrevcmp(a->upstream, b->upstream);
	if (rc == 0)
		rc = dpkg_verrevcmp(a->revision, b->revision);
	return rc;
}

/* ---- rpm ----------------------------------------------------------------- */

struct rpm_ver {
	struct span	epoch;		/* n == 0: no epoch, compares as "0" */
	struct span	version;
	struct span	release;
	int		has_release;
};

/* As rpmverParse(): release after the last '-', epoch only when all digits before ':'. */
static int
rpm_parse(const char *v, struct rpm_ver *out, char **cause)
{
	const char *end = v + strlen(v), *hyphen, *s;

	memset(out, 0, sizeof(*out));
	out->release = (struct span){ "", 0 };
	hyphen = strrchr(v, '-');
	if (hyphen != NULL) {
		out->has_release = 1;
		out->release.p = hyphen + 1;
		out->release.n = (size_t)(end - hyphen - 1);
		end = hyphen;
	}
	for (s = v; s < end && c_isdigit((unsigned char)*s); s++)
		;
	if (s < end && *s == ':') {
		out->epoch.p = v;
		out->epoch.n = (size_t)(s - v);
		s++;
	} else
		s = v;
	out->version.p = s;
	out->version.n = (size_t)(end - s);
	if (out->version.n == 0)
		return err_set(cause, "version '%s': version part is empty", v);
	if (out->has_release && out->release.n == 0)
		return err_set(cause, "version '%s': release is empty", v);
	return 0;
}

/* rpmvercmp() from rpm 4.18 (rpmio/rpmvercmp.c), over spans. */
static int
rpm_vercmp(struct span a, struct span b)
{
	size_t i = 0, j = 0, si, sj;
	int isnum, rc;
#define A(k)	((k) < a.n ? (unsigned char)a.p[k] : 0)
#define B(k)	((k) < b.n ? (unsigned char)b.p[k] : 0)

	if (a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0))
		return 0;
	while (i < a.n || j < b.n) {
		while (A(i) && !c_isalnum(A(i)) && A(i) != '~' && A(i) != '^')
			i++;
		while (B(j) && !c_isalnum(B(j)) && B(j) != '~' && B(j) != '^')
			j++;
		/* tilde sorts before everything else */
		if (A(i) == '~' || B(j) == '~') {
			if (A(i) != '~')
				return 1;
			if (B(j) != '~')
				return -1;
			i++;
			j++;
			continue;
		}
		/* caret sorts after the end of the string but before anything else */
		if (A(i) == '^' || B(j) == '^') {
			if (!A(i))
				return -1;
			if (!B(j))
				return 1;
			if (A(i) != '^')
				return 1;
			if (B(j) != '^')
				return -1;
			i++;
			j++;
			continue;
		}
		if (!(A(i) && B(j)))
			break;
		si = i;
		sj = j;
		if (c_isdigit(A(si))) {
			while (c_isdigit(A(si)))
				si++;
			while (c_isdigit(B(sj)))
				sj++;
			isnum = 1;
		} else {
			while (c_isalpha(A(si)))
				si++;
			while (c_isalpha(B(sj)))
				sj++;
			isnum = 0;
		}
		if (si == i)
			return -1;
		if (sj == j)
			return isnum ? 1 : -1;
		if (isnum)
			rc = numcmp(a.p + i, si - i, b.p + j, sj - j);
		else {
			size_t la = si - i, lb = sj - j, n = la < lb ? la : lb;
			rc = sign(memcmp(a.p + i, b.p + j, n));
			if (rc == 0 && la != lb)
				rc = la < lb ? -1 : 1;
		}
		if (rc)
			return rc;
		i = si;
		j = sj;
	}
	if (!A(i) && !B(j))
		return 0;
	return !A(i) ? -1 : 1;
#undef A
#undef B
}

static int
rpm_compare(const struct rpm_ver *a, const struct rpm_ver *b)
{
	struct span ea = a->epoch, eb = b->epoch;
	int rc;

	if (ea.n == 0)
		ea = (struct span){ "0", 1 };
	if (eb.n == 0)
		eb = (struct span){ "0", 1 };
	rc = rpm_vercmp(ea, eb);
	if (rc == 0)
		rc = rpm_vercmp(a->version, b->version);
	/* rpm 4.18's rpmverCmp() compares a missing release as an empty one */
	if (rc == 0)
		rc = rpm_vercmp(a->release, b->release);
	return rc;
}

/* ---- Cisco IOS / IOS-XE / NX-OS ------------------------------------------ */

enum cisco_form { CISCO_PAREN, CISCO_DOTTED };

struct cisco_ver {
	enum cisco_form	form;
	struct span	num[4];		/* major, minor, maintenance/patch, 4th dotted */
	int		nnum;
	struct span	mletter;	/* 12.4(25f), 17.3.1a */
	struct span	train;		/* SE, M, T, I7, N1, S (old IOS-XE) */
	struct span	rebuild;	/* 12 in SE12, 9 in I7(9) */
	struct span	rletter;	/* a in E2a, N1(9a) */
};

static size_t
scan_digits(const char *s, size_t i, struct span *out)
{
	size_t k = i;

	while (c_isdigit((unsigned char)s[k]))
		k++;
	out->p = s + i;
	out->n = k - i;
	return k;
}

static size_t
scan_lower(const char *s, size_t i, struct span *out)
{
	size_t k = i;

	while (c_islower((unsigned char)s[k]))
		k++;
	out->p = s + i;
	out->n = k - i;
	return k;
}

static int
cisco_parse(const char *v, struct cisco_ver *out, char **cause)
{
	size_t i = 0, k;
	struct span d;

	memset(out, 0, sizeof(*out));
	i = scan_digits(v, 0, &out->num[0]);
	if (out->num[0].n == 0 || v[i] != '.')
		goto bad;
	i = scan_digits(v, i + 1, &out->num[1]);
	if (out->num[1].n == 0)
		goto bad;
	out->nnum = 2;
	if (v[i] == '(') {
		/* 12.2(55)SE12, 12.4(25f), 7.0(3)I7(9), 5.2(1)N1(9a) */
		out->form = CISCO_PAREN;
		i = scan_digits(v, i + 1, &out->num[2]);
		if (out->num[2].n == 0)
			goto bad;
		out->nnum = 3;
		i = scan_lower(v, i, &out->mletter);
		if (v[i] != ')')
			goto bad;
		i++;
		for (k = i; c_isalpha((unsigned char)v[k]); k++)
			;
		out->train = (struct span){ v + i, k - i };
		i = scan_digits(v, k, &d);
		if (v[i] == '(') {
			/* NX-OS: the digits belong to the train (I7), the rebuild is in ( ) */
			if (out->train.n == 0 || d.n == 0)
				goto bad;
			out->train.n += d.n;
			i = scan_digits(v, i + 1, &out->rebuild);
			if (out->rebuild.n == 0)
				goto bad;
			i = scan_lower(v, i, &out->rletter);
			if (v[i] != ')')
				goto bad;
			i++;
		} else {
			if (d.n > 0 && out->train.n == 0)
				goto bad;
			out->rebuild = d;
			if (d.n > 0)
				i = scan_lower(v, i, &out->rletter);
		}
	} else {
		/* 16.9.4, 17.3.1a, 16.12.04, 3.16.4S, 03.16.04.S */
		out->form = CISCO_DOTTED;
		while (v[i] == '.' && c_isdigit((unsigned char)v[i + 1])) {
			if (out->nnum == 4)
				goto bad;
			i = scan_digits(v, i + 1, &out->num[out->nnum++]);
		}
		i = scan_lower(v, i, &out->mletter);
		if (v[i] == '.' && c_isupper((unsigned char)v[i + 1]))
			i++;
		for (k = i; c_isupper((unsigned char)v[k]); k++)
			;
		out->train = (struct span){ v + i, k - i };
		i = k;
	}
	if (v[i] != '\0')
		goto bad;
	return 0;
bad:
	return err_set(cause, "version '%s' is not a Cisco IOS, IOS-XE or NX-OS "
	    "version (near offset %zu)", v, i);
}

static int
cisco_num(const struct cisco_ver *c, int k, struct span *out)
{
	if (k < c->nnum) {
		*out = c->num[k];
		return 1;
	}
	*out = (struct span){ "", 0 };
	return 0;
}

static int
cisco_compare(const char *sa, const struct cisco_ver *a, const char *sb,
    const struct cisco_ver *b, int flags, int *result, char **cause)
{
	struct span x, y;
	int k, rc = 0, lenient = flags & VERSION_LENIENT;

	if (!lenient && a->form != b->form)
		return err_set(cause, "versions '%s' and '%s' are not comparable: "
		    "one is a ( ) release, the other a dotted release", sa, sb);
	if (!lenient && spancmp_ci(a->train, b->train) != 0)
		return err_set(cause, "versions '%s' and '%s' are not comparable: "
		    "different trains ('%.*s' and '%.*s')", sa, sb,
		    (int)a->train.n, a->train.p, (int)b->train.n, b->train.p);
	for (k = 0; k < 4 && rc == 0; k++) {
		cisco_num(a, k, &x);
		cisco_num(b, k, &y);
		rc = spancmp_num(x, y);
	}
	if (rc == 0)
		rc = spancmp_ci(a->mletter, b->mletter);
	if (rc == 0)
		rc = spancmp_ci(a->train, b->train);
	if (rc == 0)
		rc = spancmp_num(a->rebuild, b->rebuild);
	if (rc == 0)
		rc = spancmp_ci(a->rletter, b->rletter);
	*result = rc;
	return 0;
}

/* ---- Junos --------------------------------------------------------------- */

struct junos_ver {
	struct span	major, minor;
	char		type;		/* R, X, B, I, F ... */
	struct span	build;		/* 3 in R3, 49 in X49 */
	struct span	sr;		/* -S5 */
	struct span	d;		/* -D170 */
	struct span	spin;		/* the .N after the last part */
	int		evo;
};

static int
junos_parse(const char *v, struct junos_ver *out, char **cause)
{
	size_t i;
	int nspin = 0;
	struct span *last;

	memset(out, 0, sizeof(*out));
	i = scan_digits(v, 0, &out->major);
	if (out->major.n == 0 || v[i] != '.')
		goto bad;
	i = scan_digits(v, i + 1, &out->minor);
	if (out->minor.n == 0 || !c_isupper((unsigned char)v[i]))
		goto bad;
	out->type = v[i++];
	i = scan_digits(v, i, &out->build);
	if (out->build.n == 0)
		goto bad;
	last = &out->build;
	for (;;) {
		if (v[i] == '.' && c_isdigit((unsigned char)v[i + 1])) {
			if (nspin++ > 0 || last == NULL)
				goto bad;
			i = scan_digits(v, i + 1, &out->spin);
			last = NULL;
		} else if (v[i] == '-' && v[i + 1] == 'S' &&
		    c_isdigit((unsigned char)v[i + 2]) && out->sr.n == 0 &&
		    nspin == 0) {
			i = scan_digits(v, i + 2, &out->sr);
			last = &out->sr;
		} else if (v[i] == '-' && v[i + 1] == 'D' &&
		    c_isdigit((unsigned char)v[i + 2]) && out->d.n == 0 &&
		    nspin == 0) {
			i = scan_digits(v, i + 2, &out->d);
			last = &out->d;
		} else if (v[i] == '-' && strcmp(v + i + 1, "EVO") == 0) {
			out->evo = 1;
			i += 4;
		} else
			break;
	}
	if (v[i] != '\0')
		goto bad;
	return 0;
bad:
	return err_set(cause, "version '%s' is not a Junos version (near offset %zu)",
	    v, i);
}

static int
junos_compare(const char *sa, const struct junos_ver *a, const char *sb,
    const struct junos_ver *b, int flags, int *result, char **cause)
{
	int rc, lenient = flags & VERSION_LENIENT;

	if (!lenient && a->type != b->type)
		return err_set(cause, "versions '%s' and '%s' are not comparable: "
		    "release types %c and %c differ", sa, sb, a->type, b->type);
	if (!lenient && a->type == 'X' && spancmp_num(a->build, b->build) != 0)
		return err_set(cause, "versions '%s' and '%s' are not comparable: "
		    "different X trains", sa, sb);
	if (!lenient && a->evo != b->evo)
		return err_set(cause, "versions '%s' and '%s' are not comparable: "
		    "one is Junos OS Evolved", sa, sb);
	rc = spancmp_num(a->major, b->major);
	if (rc == 0)
		rc = spancmp_num(a->minor, b->minor);
	if (rc == 0 && a->type != b->type)
		rc = a->type < b->type ? -1 : 1;
	if (rc == 0)
		rc = spancmp_num(a->build, b->build);
	if (rc == 0)
		rc = spancmp_num(a->sr, b->sr);
	if (rc == 0)
		rc = spancmp_num(a->d, b->d);
	if (rc == 0)
		rc = spancmp_num(a->spin, b->spin);
	if (rc == 0)
		rc = a->evo - b->evo;
	*result = rc;
	return 0;
}

/* ---- semver 2.0.0 -------------------------------------------------------- */

struct semver {
	struct span	num[3];
	struct span	pre;		/* after '-', before '+'; n == 0: none */
};

static int
semver_ident_ok(struct span s, int numeric_rule)
{
	size_t i;
	int alldigit = 1;

	if (s.n == 0)
		return 0;
	for (i = 0; i < s.n; i++) {
		int c = (unsigned char)s.p[i];
		if (!c_isalnum(c) && c != '-')
			return 0;
		if (!c_isdigit(c))
			alldigit = 0;
	}
	/* numeric identifiers must not have leading zeros */
	if (numeric_rule && alldigit && s.n > 1 && s.p[0] == '0')
		return 0;
	return 1;
}

/* Checks every dot-separated identifier of a span. */
static int
semver_idents_ok(struct span s, int numeric_rule)
{
	size_t i = 0, start = 0;

	for (i = 0; i <= s.n; i++) {
		if (i == s.n || s.p[i] == '.') {
			if (!semver_ident_ok((struct span){ s.p + start, i - start },
			    numeric_rule))
				return 0;
			start = i + 1;
		}
	}
	return 1;
}

static int
semver_parse(const char *v, int flags, struct semver *out, char **cause)
{
	size_t i = 0, k, n;
	const char *plus;

	memset(out, 0, sizeof(*out));
	if ((flags & VERSION_LENIENT) && (v[0] == 'v' || v[0] == 'V'))
		i = 1;
	for (k = 0; k < 3; k++) {
		i = scan_digits(v, i, &out->num[k]);
		if (out->num[k].n == 0 ||
		    (out->num[k].n > 1 && out->num[k].p[0] == '0'))
			goto bad;
		if (k < 2) {
			if (v[i] != '.')
				goto bad;
			i++;
		}
	}
	n = strlen(v);
	plus = strchr(v + i, '+');
	if (v[i] == '-') {
		out->pre.p = v + i + 1;
		out->pre.n = (size_t)((plus ? plus : v + n) - out->pre.p);
		if (!semver_idents_ok(out->pre, 1))
			goto bad;
		i += 1 + out->pre.n;
	}
	if (v[i] == '+') {
		struct span build = { v + i + 1, n - i - 1 };
		if (!semver_idents_ok(build, 0))
			goto bad;
		i = n;
	}
	if (v[i] != '\0')
		goto bad;
	return 0;
bad:
	return err_set(cause, "version '%s' is not a semantic version (near "
	    "offset %zu)", v, i);
}

static int
semver_compare(const struct semver *a, const struct semver *b)
{
	size_t i = 0, j = 0, si, sj;
	int k, rc = 0, anum, bnum;

	for (k = 0; k < 3 && rc == 0; k++)
		rc = spancmp_num(a->num[k], b->num[k]);
	if (rc != 0)
		return rc;
	/* a pre-release sorts before the release itself */
	if (a->pre.n == 0 || b->pre.n == 0)
		return (a->pre.n == 0) - (b->pre.n == 0);
	while (i < a->pre.n && j < b->pre.n) {
		for (si = i, anum = 1; si < a->pre.n && a->pre.p[si] != '.'; si++)
			anum &= c_isdigit((unsigned char)a->pre.p[si]);
		for (sj = j, bnum = 1; sj < b->pre.n && b->pre.p[sj] != '.'; sj++)
			bnum &= c_isdigit((unsigned char)b->pre.p[sj]);
		if (anum && bnum)
			rc = numcmp(a->pre.p + i, si - i, b->pre.p + j, sj - j);
		else if (anum != bnum)
			rc = anum ? -1 : 1;
		else {
			size_t la = si - i, lb = sj - j;
			rc = sign(memcmp(a->pre.p + i, b->pre.p + j,
			    la < lb ? la : lb));
			if (rc == 0 && la != lb)
				rc = la < lb ? -1 : 1;
		}
		if (rc != 0)
			return rc;
		i = si + 1;
		j = sj + 1;
	}
	/* the one with more identifiers wins */
	if (i < a->pre.n)
		return 1;
	if (j < b->pre.n)
		return -1;
	return 0;
}

/* ---- generic ------------------------------------------------------------- */

/* Words that mark a pre-release: they sort before the end of the version. */
static int
generic_is_pre(struct span s)
{
	static const char *const pre[] = { "alpha", "beta", "rc", "pre", "dev",
	    "preview", "snapshot", NULL };
	int k;

	for (k = 0; pre[k] != NULL; k++)
		if (strlen(pre[k]) == s.n && strncasecmp(pre[k], s.p, s.n) == 0)
			return 1;
	return 0;
}

/* Next run of digits or letters; a '~' is a run of its own. Returns 0 at the end. */
static int
generic_next(const char *v, size_t *i, struct span *out, int *kind)
{
	size_t k = *i;

	while (v[k] != '\0' && !c_isalnum((unsigned char)v[k]) && v[k] != '~')
		k++;
	if (v[k] == '\0') {
		*i = k;
		return 0;
	}
	out->p = v + k;
	if (v[k] == '~') {
		*kind = 2;
		k++;
	} else if (c_isdigit((unsigned char)v[k])) {
		*kind = 0;
		while (c_isdigit((unsigned char)v[k]))
			k++;
	} else {
		*kind = 1;
		while (c_isalpha((unsigned char)v[k]))
			k++;
	}
	out->n = (size_t)(v + k - out->p);
	*i = k;
	return 1;
}

/* Rank of what follows when the other side has ended: ~ and pre-release words sort
 * before the end, zeros equal it, anything else after it. */
static int
generic_tail(struct span s, int kind)
{
	if (kind == 2 || (kind == 1 && generic_is_pre(s)))
		return -1;
	if (kind == 0 && numcmp(s.p, s.n, "0", 1) == 0)
		return 0;
	return 1;
}

static int
generic_compare(const char *a, const char *b)
{
	size_t i = 0, j = 0;
	struct span x, y;
	int ka = 0, kb = 0, ha, hb, rc;

	for (;;) {
		ha = generic_next(a, &i, &x, &ka);
		hb = generic_next(b, &j, &y, &kb);
		if (!ha && !hb)
			return 0;
		if (!hb) {
			if ((rc = generic_tail(x, ka)) != 0)
				return rc;
			continue;
		}
		if (!ha) {
			if ((rc = generic_tail(y, kb)) != 0)
				return -rc;
			continue;
		}
		if (ka != kb) {
			/* ~ first, then pre-release words, then letters, then numbers */
			int ra = ka == 2 ? 0 : ka == 1 ? (generic_is_pre(x) ? 1 : 2) : 3;
			int rb = kb == 2 ? 0 : kb == 1 ? (generic_is_pre(y) ? 1 : 2) : 3;
			return ra < rb ? -1 : 1;
		}
		if (ka == 0)
			rc = spancmp_num(x, y);
		else if (ka == 1) {
			int pa = generic_is_pre(x), pb = generic_is_pre(y);
			rc = pa != pb ? (pa ? -1 : 1) : spancmp_ci(x, y);
		} else
			rc = 0;
		if (rc != 0)
			return rc;
	}
}

/* ---- public -------------------------------------------------------------- */

union parsed {
	struct dpkg_ver		dpkg;
	struct rpm_ver		rpm;
	struct cisco_ver	cisco;
	struct junos_ver	junos;
	struct semver		semver;
};

static int
parse_one(enum version_scheme scheme, int flags, const char *v, union parsed *p,
    char **cause)
{
	if (check_basic(v, cause) == -1)
		return -1;
	switch (scheme) {
	case VERSION_GENERIC:
		return 0;
	case VERSION_DPKG:
		return dpkg_parse(v, flags, &p->dpkg, cause);
	case VERSION_RPM:
		return rpm_parse(v, &p->rpm, cause);
	case VERSION_CISCO_IOS:
		return cisco_parse(v, &p->cisco, cause);
	case VERSION_JUNOS:
		return junos_parse(v, &p->junos, cause);
	case VERSION_SEMVER:
		return semver_parse(v, flags, &p->semver, cause);
	default:
		return err_set(cause, "unknown version scheme %d", (int)scheme);
	}
}

int
version_check(enum version_scheme scheme, int flags, const char *v, char **cause)
{
	union parsed p;

	return parse_one(scheme, flags, v, &p, cause);
}

int
version_compare(enum version_scheme scheme, int flags, const char *a,
    const char *b, int *result, char **cause)
{
	union parsed pa, pb;
	int rc = 0;

	if (parse_one(scheme, flags, a, &pa, cause) == -1 ||
	    parse_one(scheme, flags, b, &pb, cause) == -1)
		return -1;
	switch (scheme) {
	case VERSION_GENERIC:
		rc = generic_compare(a, b);
		break;
	case VERSION_DPKG:
		rc = dpkg_compare(&pa.dpkg, &pb.dpkg);
		break;
	case VERSION_RPM:
		rc = rpm_compare(&pa.rpm, &pb.rpm);
		break;
	case VERSION_CISCO_IOS:
		if (cisco_compare(a, &pa.cisco, b, &pb.cisco, flags, &rc,
		    cause) == -1)
			return -1;
		break;
	case VERSION_JUNOS:
		if (junos_compare(a, &pa.junos, b, &pb.junos, flags, &rc,
		    cause) == -1)
			return -1;
		break;
	case VERSION_SEMVER:
		rc = semver_compare(&pa.semver, &pb.semver);
		break;
	default:
		return err_set(cause, "unknown version scheme %d", (int)scheme);
	}
	*result = sign(rc);
	return 0;
}

static const struct {
	const char		*name;
	enum version_scheme	 scheme;
} scheme_names[] = {
	{ "generic", VERSION_GENERIC },
	{ "dpkg", VERSION_DPKG },
	{ "rpm", VERSION_RPM },
	{ "cisco-ios", VERSION_CISCO_IOS },
	{ "junos", VERSION_JUNOS },
	{ "semver", VERSION_SEMVER },
	/* aliases */
	{ "deb", VERSION_DPKG },
	{ "debian", VERSION_DPKG },
	{ "rpmvercmp", VERSION_RPM },
	{ "ios", VERSION_CISCO_IOS },
	{ "ios-xe", VERSION_CISCO_IOS },
	{ "iosxe", VERSION_CISCO_IOS },
	{ "nxos", VERSION_CISCO_IOS },
	{ "nx-os", VERSION_CISCO_IOS },
	{ "cisco", VERSION_CISCO_IOS },
	{ "juniper", VERSION_JUNOS },
};

int
version_scheme_parse(const char *name, enum version_scheme *out, char **cause)
{
	size_t k;

	if (name == NULL)
		return err_set(cause, "missing version scheme");
	for (k = 0; k < sizeof(scheme_names) / sizeof(scheme_names[0]); k++) {
		if (strcasecmp(name, scheme_names[k].name) == 0) {
			*out = scheme_names[k].scheme;
			return 0;
		}
	}
	return err_set(cause, "unknown version scheme '%.64s' (expected dpkg, rpm, "
	    "cisco-ios, junos, semver or generic)", name);
}

const char *
version_scheme_name(enum version_scheme scheme)
{
	if ((int)scheme >= 0 && scheme < VERSION_SCHEME_COUNT)
		return scheme_names[scheme].name;
	return "unknown";
}

enum version_scheme
version_scheme_guess(const char *platform)
{
	static const struct {
		const char		*prefix;
		enum version_scheme	 scheme;
	} guess[] = {
		{ "ios", VERSION_CISCO_IOS },	/* ios, ios-xe, iosxe */
		{ "nxos", VERSION_CISCO_IOS },
		{ "nx-os", VERSION_CISCO_IOS },
		{ "cisco", VERSION_CISCO_IOS },
		{ "junos", VERSION_JUNOS },
		{ "juniper", VERSION_JUNOS },
		{ "debian", VERSION_DPKG },
		{ "ubuntu", VERSION_DPKG },
		{ "raspbian", VERSION_DPKG },
		{ "linuxmint", VERSION_DPKG },
		{ "rhel", VERSION_RPM },
		{ "redhat", VERSION_RPM },
		{ "centos", VERSION_RPM },
		{ "fedora", VERSION_RPM },
		{ "rocky", VERSION_RPM },
		{ "almalinux", VERSION_RPM },
		{ "ol", VERSION_RPM },
		{ "amzn", VERSION_RPM },
		{ "sles", VERSION_RPM },
		{ "opensuse", VERSION_RPM },
		{ "suse", VERSION_RPM },
	};
	size_t k, n;

	if (platform == NULL)
		return VERSION_GENERIC;
	for (k = 0; k < sizeof(guess) / sizeof(guess[0]); k++) {
		n = strlen(guess[k].prefix);
		/* "ol" must not catch "oldos": a prefix ends the word */
		if (strncasecmp(platform, guess[k].prefix, n) == 0 &&
		    (n > 2 || platform[n] == '\0' || !c_isalpha(
		    (unsigned char)platform[n])))
			return guess[k].scheme;
	}
	return VERSION_GENERIC;
}
