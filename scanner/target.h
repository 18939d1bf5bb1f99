/* target: the addresses a scan visits. A target set holds ranges (never expanded
 * addresses), so a /8 or an IPv6 /64 costs a few bytes; an iterator streams them. */
#ifndef NETLOOM_TARGET_H
#define NETLOOM_TARGET_H

#include <stdint.h>
#include <sys/socket.h>

struct target_set;
struct target_iter;

struct target_set	*target_set_new(void);
void			 target_set_free(struct target_set **tsp);

/* Adds one target: IPv4/IPv6 address, CIDR block, range ("10.0.0.5-40",
 * "10.0.0.5-10.0.1.20", "::1-::5"), host name (resolved now), or "@file" with one
 * target per line and '#' comments. exclude != 0 adds it to the exclusion list.
 * Errors name the target (or file:line:). */
int	target_set_add(struct target_set *ts, const char *spec, int exclude, char **cause);

/* Number of addresses in the included ranges before exclusions, saturated at
 * UINT64_MAX (an IPv6 /0 does not fit); for progress lines. */
uint64_t target_set_total(const struct target_set *ts);
size_t	 target_set_ranges(const struct target_set *ts);

/* 1 when the address in ss lies in an included range and no excluded one. */
int	target_set_contains(const struct target_set *ts, const struct sockaddr *sa);

struct target_iter	*target_iter_new(const struct target_set *ts);
void			 target_iter_free(struct target_iter **itp);
/* Writes the next non-excluded address (port 0) into ss and returns 1, or returns 0
 * at the end. *skipped (may be NULL) is increased by the excluded addresses jumped. */
int	target_iter_next(struct target_iter *it, struct sockaddr_storage *ss,
	    socklen_t *sslen, uint64_t *skipped);

#endif
