/* platform: who made a device and what it runs, from its sysObjectID and sysDescr.
 * The platform names (cisco-ios, junos, ...) select SSH capture profiles later. */
#ifndef NETLOOM_PLATFORM_H
#define NETLOOM_PLATFORM_H

#include <stddef.h>

/* Vendor name from the enterprise number in sysObjectID ("1.3.6.1.4.1.9.1.516" ->
 * "Cisco"), or NULL when unknown or not an enterprise OID. */
const char	*platform_vendor(const char *sysobjectid);
/* Platform from sysDescr patterns, then sysObjectID prefixes; NULL when unknown. */
const char	*platform_guess(const char *sysobjectid, const char *sysdescr);
/* Operating system name for a platform ("IOS", "JUNOS", ...), or NULL. */
const char	*platform_os_name(const char *platform);
/* OS version parsed out of sysDescr for that platform into out; 0, or -1 if none. */
int		 platform_os_version(const char *platform, const char *sysdescr, char *out,
		     size_t outlen);

#endif
