/* err: the one way library code hands a reason back. A function that fails returns -1
 * (or NULL) and, when cause is not NULL, stores a malloc'd one-line message there for
 * the caller to print and free. Library code never prints and never exits. */
#ifndef NETLOOM_ERR_H
#define NETLOOM_ERR_H

/* Always returns -1 so that callers can write `return err_set(cause, ...)`.
 * An earlier message in *cause is replaced. */
int	err_set(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes an existing cause with more context ("file.xml: " + cause). Returns -1. */
int	err_prefix(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
