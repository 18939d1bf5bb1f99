/* version: ordering of version strings under the rules of one versioning scheme
 * (dpkg, rpm, Cisco IOS/IOS-XE/NX-OS, Junos, semver, generic). Pure functions:
 * no allocation except the cause, no recursion, inputs capped at VERSION_MAX_LEN.
 * The exact rules and what is not comparable are in docs/versions.md. */
#ifndef NETLOOM_VERSION_H
#define NETLOOM_VERSION_H

/* Longer strings are refused: no real version is this long, hostile ones may be. */
#define VERSION_MAX_LEN	256

enum version_scheme {
	VERSION_GENERIC = 0,	/* dotted numbers and letters, best effort, never strict */
	VERSION_DPKG,		/* Debian: [epoch:]upstream[-revision], dpkg's algorithm */
	VERSION_RPM,		/* [epoch:]version[-release], rpmvercmp with ~ and ^ */
	VERSION_CISCO_IOS,	/* 15.2(4)M11, 12.2(55)SE12, 16.9.4, 17.3.1a, 7.0(3)I7(9) */
	VERSION_JUNOS,		/* 21.4R3-S5, 18.4R2-S3.4, 15.1X49-D170.4 */
	VERSION_SEMVER,		/* semver.org 2.0.0 */
	VERSION_SCHEME_COUNT
};

/* Flags for version_compare(). */
#define VERSION_LENIENT	0x1	/* order what strict mode refuses (other trains, dpkg
				   syntax warnings, a leading "v" in semver) */

/* Compares a with b under scheme and stores <0, 0 or >0 in *result. Returns 0, or -1
 * with a cause naming the offending version when either one cannot be parsed under the
 * scheme or the two are not comparable (Cisco trains, Junos release types). */
int	version_compare(enum version_scheme scheme, int flags, const char *a,
	    const char *b, int *result, char **cause);

/* Checks that v parses under scheme (same rules as version_compare). 0 or -1. */
int	version_check(enum version_scheme scheme, int flags, const char *v,
	    char **cause);

/* "dpkg", "deb", "rpm", "cisco-ios" ("ios", "ios-xe", "nxos"), "junos", "semver",
 * "generic". Returns the scheme or -1 with a cause. Case-insensitive. */
int	version_scheme_parse(const char *name, enum version_scheme *out,
	    char **cause);

/* The canonical name of a scheme ("dpkg", "cisco-ios" ...); never NULL. */
const char *version_scheme_name(enum version_scheme scheme);

/* The scheme a device platform's OS version uses ("ios", "iosxe", "nxos" -> cisco-ios,
 * "junos" -> junos, "debian"/"ubuntu" -> dpkg, "rhel"/"centos"/"fedora"... -> rpm);
 * anything else (including "eos" and plain "linux") -> generic. Never fails. */
enum version_scheme version_scheme_guess(const char *platform);

#endif
