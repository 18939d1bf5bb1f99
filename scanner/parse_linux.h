/* parse_linux: facts from the Linux profile's outputs (os-release, uname -r, package lists,
 * sshd -T, lsblk -P, sysctl, enabled and active services, passwd, pending updates). */
#ifndef NETLOOM_PARSE_LINUX_H
#define NETLOOM_PARSE_LINUX_H

#include <stddef.h>

struct snapshot;

int	parse_linux_os_release(struct snapshot *s, const char *text, size_t len);
int	parse_linux_uname(struct snapshot *s, const char *text, size_t len);
int	parse_linux_host(struct snapshot *s, const char *text, size_t len);
int	parse_linux_packages(struct snapshot *s, const char *text, size_t len);
int	parse_linux_sshd_t(struct snapshot *s, const char *text, size_t len);
int	parse_linux_lsblk(struct snapshot *s, const char *text, size_t len);
int	parse_linux_sysctl(struct snapshot *s, const char *text, size_t len);
int	parse_linux_services(struct snapshot *s, const char *text, size_t len);
int	parse_linux_units_active(struct snapshot *s, const char *text, size_t len);
int	parse_linux_passwd(struct snapshot *s, const char *text, size_t len);
int	parse_linux_updates(struct snapshot *s, const char *text, size_t len);

#endif
