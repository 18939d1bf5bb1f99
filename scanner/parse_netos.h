/* parse_netos: facts from network operating systems' outputs: `show version` of IOS/IOS-XE,
 * NX-OS, EOS and Junos, IOS/NX-OS `show inventory`, Junos `show chassis hardware`, and the host name of a configuration. */
#ifndef NETLOOM_PARSE_NETOS_H
#define NETLOOM_PARSE_NETOS_H

#include <stddef.h>

struct snapshot;

int	parse_netos_ios_version(struct snapshot *s, const char *text, size_t len);
int	parse_netos_ios_inventory(struct snapshot *s, const char *text, size_t len);
int	parse_netos_nxos_version(struct snapshot *s, const char *text, size_t len);
int	parse_netos_eos_version(struct snapshot *s, const char *text, size_t len);
int	parse_netos_junos_version(struct snapshot *s, const char *text, size_t len);
int	parse_netos_junos_chassis(struct snapshot *s, const char *text, size_t len);
int	parse_netos_cisco_config(struct snapshot *s, const char *text, size_t len);
int	parse_netos_junos_config(struct snapshot *s, const char *text, size_t len);

#endif
