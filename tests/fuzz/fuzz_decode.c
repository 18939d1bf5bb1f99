/* libFuzzer harness for scanner/decode: the first input byte picks the link type and
 * whether the capture "cut" the frame; the rest is the frame, in an exact-size buffer so
 * that ASan catches a read one byte past its end. Every decoder is reachable from here. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanner/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int links[] = {
		DECODE_LINK_EN10MB, DECODE_LINK_EN10MB, DECODE_LINK_EN10MB, DECODE_LINK_EN10MB,
		DECODE_LINK_LINUX_SLL, DECODE_LINK_LINUX_SLL2, DECODE_LINK_RAW, DECODE_LINK_NULL,
	};
	struct decode_stats st = { 0 };
	struct decode_pkt k;
	uint8_t *frame;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	if ((frame = malloc(n ? n : 1)) == NULL)
		return 0;
	memcpy(frame, data + 1, n);
	decode_frame(links[data[0] & 7], frame, n, (data[0] & 8) ? n + 100 : n, &k, &st);
	/* Strings handed on must be terminated and printable. */
	if (k.app == DECODE_APP_LLDP || k.app == DECODE_APP_CDP) {
		if (strlen(k.u.disc.sysname) >= DECODE_STR || strlen(k.u.disc.port) >= DECODE_STR)
			abort();
	}
	free(frame);
	return 0;
}
