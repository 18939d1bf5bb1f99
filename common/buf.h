/* buf: a growable byte buffer with a hard cap, for everything that holds device output. */
#ifndef NETLOOM_BUF_H
#define NETLOOM_BUF_H

#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;	/* allocated */
	size_t	 max;	/* hard limit on len; 0 means BUF_DEFAULT_MAX */
};

#define BUF_DEFAULT_MAX	(64u * 1024 * 1024)

void	buf_init(struct buf *b, size_t max);
/* Each append returns 0, or -1 when the cap would be exceeded or memory ran out
 * (the buffer is then unchanged). */
int	buf_append(struct buf *b, const void *p, size_t n);
int	buf_puts(struct buf *b, const char *s);
int	buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	buf_reset(struct buf *b);
/* Hands the bytes to the caller (never NULL on success) and empties the buffer. */
char	*buf_take(struct buf *b);
void	buf_free(struct buf *b);

#endif
