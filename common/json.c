#include "common/json.h"

#include <string.h>
#include <time.h>

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int
json_str(struct buf *b, const char *s)
{
	const unsigned char *p;
	size_t n, len;

	if (s == NULL)
		return buf_puts(b, "null");
	if (buf_puts(b, "\"") == -1)
		return -1;
	p = (const unsigned char *)s;
	n = strlen(s);
	while (n > 0) {
		if (*p == '"' || *p == '\\') {
			if (buf_printf(b, "\\%c", *p) == -1)
				return -1;
			len = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			if (buf_printf(b, "\\u%04x", *p) == -1)
				return -1;
			len = 1;
		} else if ((len = utf8_len(p, n)) == 0) {
			if (buf_puts(b, "\\ufffd") == -1)
				return -1;
			len = 1;
		} else if (buf_append(b, p, len) == -1) {
			return -1;
		}
		p += len;
		n -= len;
	}
	return buf_puts(b, "\"");
}

int
json_kv_str(struct buf *b, int first, const char *key, const char *value)
{
	if ((!first && buf_puts(b, ",") == -1) || json_str(b, key) == -1 ||
	    buf_puts(b, ":") == -1)
		return -1;
	return json_str(b, value);
}

int
json_kv_int(struct buf *b, int first, const char *key, int64_t value)
{
	if ((!first && buf_puts(b, ",") == -1) || json_str(b, key) == -1)
		return -1;
	return buf_printf(b, ":%lld", (long long)value);
}

void
json_time(int64_t t, char out[32])
{
	struct tm tm;
	time_t tt = (time_t)t;

	out[0] = '\0';
	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return;
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
