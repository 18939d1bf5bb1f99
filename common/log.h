/* log: the one diagnostics channel. Lines go to stderr as "netloom: <what>". */
#ifndef NETLOOM_LOG_H
#define NETLOOM_LOG_H

enum log_level { LOG_LEVEL_QUIET = 0, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* From now on, lines go to syslog (facility daemon, ident netloom) instead of stderr. */
void log_to_syslog(void);

/* log_warn appends strerror(errno); log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_notice: a normal but significant event (a scheduled job's stages and result),
 * shown unless -q; syslog priority notice. */
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
