#include "common/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

/* The level is set once by main() from -q/-v; it is the only process-wide setting. */
static enum log_level log_level = LOG_LEVEL_WARN;
/* Scheduled runs (netloom run off a terminal) log to syslog instead of stderr. */
static int log_syslog;

void
log_to_syslog(void)
{
	openlog("netloom", LOG_PID, LOG_DAEMON);
	log_syslog = 1;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

/* prio: the syslog priority; 0 derives it from level. */
static void
log_vemit(enum log_level level, int prio, int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;
	char line[2048];

	if (level > log_level)
		return;
	vsnprintf(line, sizeof line, fmt, ap);
	if (prio == 0)
		prio = level == LOG_LEVEL_WARN ? LOG_WARNING : level == LOG_LEVEL_INFO ? LOG_INFO :
		    LOG_DEBUG;
	if (log_syslog)
		syslog(prio, with_errno ? "%s: %s" : "%s%s", line, with_errno ? strerror(saved) : "");
	else if (with_errno)
		fprintf(stderr, "netloom: %s: %s\n", line, strerror(saved));
	else
		fprintf(stderr, "netloom: %s\n", line);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_WARN, 0, 1, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_WARN, 0, 0, fmt, ap);
	va_end(ap);
}

void
log_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_WARN, LOG_NOTICE, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_INFO, 0, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_DEBUG, 0, 0, fmt, ap);
	va_end(ap);
}
