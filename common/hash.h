/* hash: SHA-256 as lowercase hex, the address of every stored artifact. */
#ifndef NETLOOM_HASH_H
#define NETLOOM_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN	64

/* Writes 64 hex digits and a NUL into out. Returns 0, or -1 if libcrypto failed. */
int	hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1]);

#endif
