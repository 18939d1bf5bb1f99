#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int
err_set(char **cause, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	free(*cause);
	*cause = s;
	return -1;
}

int
err_prefix(char **cause, const char *fmt, ...)
{
	va_list ap;
	char *pre = NULL, *s = NULL;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&pre, fmt, ap) == -1)
		pre = NULL;
	va_end(ap);
	if (pre == NULL)
		return -1;
	if (asprintf(&s, "%s%s", pre, *cause ? *cause : "unknown error") == -1)
		s = NULL;
	free(pre);
	if (s != NULL) {
		free(*cause);
		*cause = s;
	}
	return -1;
}
