#include "scanner/platform.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define ENTERPRISES	"1.3.6.1.4.1."

/* IANA private enterprise numbers of vendors we meet in networks. */
static const struct {
	unsigned long	 pen;
	const char	*name;
} vendors[] = {
	{ 2, "IBM" }, { 9, "Cisco" }, { 11, "HP" }, { 43, "3Com" }, { 171, "D-Link" },
	{ 232, "HP" }, { 311, "Microsoft" }, { 674, "Dell" }, { 1916, "Extreme" },
	{ 1991, "Brocade" }, { 2011, "Huawei" }, { 2021, "Net-SNMP" }, { 2636, "Juniper" },
	{ 3375, "F5" }, { 4526, "Netgear" }, { 6027, "Dell" }, { 6486, "Nokia" },
	{ 6876, "VMware" }, { 8072, "Net-SNMP" }, { 8741, "SonicWall" }, { 11863, "TP-Link" },
	{ 12356, "Fortinet" }, { 14988, "MikroTik" }, { 25461, "Palo Alto Networks" },
	{ 25506, "HPE" }, { 30065, "Arista" }, { 41112, "Ubiquiti" }, { 47196, "Nokia" },
};

/* Checked in order: the first sysDescr substring (case-insensitive) that matches wins. */
static const struct {
	const char	*pattern;
	const char	*platform;
} descr_rules[] = {
	{ "NX-OS", "cisco-nxos" },
	{ "IOS XR", "cisco-iosxr" },
	{ "IOS-XR", "cisco-iosxr" },
	{ "Adaptive Security Appliance", "cisco-asa" },
	{ "Cisco IOS", "cisco-ios" },
	{ "Cisco Internetwork Operating System", "cisco-ios" },
	{ "JUNOS", "junos" },
	{ "Arista Networks EOS", "arista-eos" },
	{ "FortiGate", "fortios" },
	{ "RouterOS", "routeros" },
	{ "Windows", "windows" },
	{ "FreeBSD", "freebsd" },
	{ "Darwin", "macos" },
	{ "Linux", "linux" },
};

/* Then sysObjectID prefixes (a dot is appended before comparing). */
static const struct {
	const char	*prefix;
	const char	*platform;
} oid_rules[] = {
	{ "1.3.6.1.4.1.9.12.3.1.3", "cisco-nxos" },
	{ "1.3.6.1.4.1.9.1", "cisco-ios" },
	{ "1.3.6.1.4.1.2636", "junos" },
	{ "1.3.6.1.4.1.30065", "arista-eos" },
	{ "1.3.6.1.4.1.8072.3.2.10", "linux" },
	{ "1.3.6.1.4.1.311", "windows" },
	{ "1.3.6.1.4.1.12356", "fortios" },
	{ "1.3.6.1.4.1.14988", "routeros" },
};

static const struct {
	const char	*platform;
	const char	*os;
	const char	*marker;	/* version follows this text in sysDescr */
} os_rules[] = {
	{ "cisco-ios", "IOS", "Version " },
	{ "cisco-nxos", "NX-OS", "Version " },
	{ "cisco-iosxr", "IOS XR", "Version " },
	{ "cisco-asa", "ASA", "Version " },
	{ "junos", "JUNOS", "JUNOS " },
	{ "arista-eos", "EOS", "EOS version " },
	{ "windows", "Windows", "Version " },
	{ "linux", "Linux", NULL },
	{ "freebsd", "FreeBSD", "FreeBSD " },
	{ "macos", "macOS", "Darwin Kernel Version " },
	{ "fortios", "FortiOS", NULL },
	{ "routeros", "RouterOS", "RouterOS " },
};

const char *
platform_vendor(const char *oid)
{
	unsigned long pen = 0;
	const char *p;
	size_t i;

	if (oid == NULL)
		return NULL;
	if (*oid == '.')
		oid++;
	if (strncmp(oid, ENTERPRISES, strlen(ENTERPRISES)) != 0)
		return NULL;
	p = oid + strlen(ENTERPRISES);
	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++) {
		pen = pen * 10 + (unsigned long)(*p - '0');
		if (pen > 0xffffffffUL)
			return NULL;
	}
	if (*p != '.' && *p != '\0')
		return NULL;
	for (i = 0; i < sizeof vendors / sizeof *vendors; i++)
		if (vendors[i].pen == pen)
			return vendors[i].name;
	return NULL;
}

const char *
platform_guess(const char *oid, const char *descr)
{
	size_t i, n;

	if (descr != NULL)
		for (i = 0; i < sizeof descr_rules / sizeof *descr_rules; i++)
			if (strcasestr(descr, descr_rules[i].pattern) != NULL)
				return descr_rules[i].platform;
	if (oid != NULL) {
		if (*oid == '.')
			oid++;
		for (i = 0; i < sizeof oid_rules / sizeof *oid_rules; i++) {
			n = strlen(oid_rules[i].prefix);
			if (strncmp(oid, oid_rules[i].prefix, n) == 0 &&
			    (oid[n] == '.' || oid[n] == '\0'))
				return oid_rules[i].platform;
		}
	}
	return NULL;
}

const char *
platform_os_name(const char *platform)
{
	size_t i;

	if (platform == NULL)
		return NULL;
	for (i = 0; i < sizeof os_rules / sizeof *os_rules; i++)
		if (strcmp(os_rules[i].platform, platform) == 0)
			return os_rules[i].os;
	return NULL;
}

/* Copies the version token at p: up to a space, comma or semicolon. */
static int
take_token(const char *p, char *out, size_t outlen)
{
	size_t n = 0;

	while (*p == ' ')
		p++;
	while (p[n] && p[n] != ' ' && p[n] != ',' && p[n] != ';' && p[n] != '\n' &&
	    p[n] != '\r' && n + 1 < outlen)
		n++;
	/* A version has a digit in it; "Version Software" does not. */
	if (n == 0 || strcspn(p, "0123456789") >= n)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '.' || out[n - 1] == ')'  ) &&
	    strchr(out, '(') == NULL)
		out[--n] = '\0';
	return n ? 0 : -1;
}

int
platform_os_version(const char *platform, const char *descr, char *out, size_t outlen)
{
	const char *p;
	size_t i;

	if (platform == NULL || descr == NULL || outlen == 0)
		return -1;
	if (strcmp(platform, "linux") == 0) {
		/* "Linux HOSTNAME 6.1.0-13-amd64 #1 SMP ...": the kernel release. */
		if (strncmp(descr, "Linux ", 6) != 0 || (p = strchr(descr + 6, ' ')) == NULL)
			return -1;
		return take_token(p + 1, out, outlen);
	}
	for (i = 0; i < sizeof os_rules / sizeof *os_rules; i++) {
		if (strcmp(os_rules[i].platform, platform) != 0 || os_rules[i].marker == NULL)
			continue;
		p = descr;
		while ((p = strcasestr(p, os_rules[i].marker)) != NULL) {
			p += strlen(os_rules[i].marker);
			if (take_token(p, out, outlen) == 0)
				return 0;
		}
	}
	return -1;
}
