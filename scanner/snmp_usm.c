#include "scanner/snmp_usm.h"

#include <stdlib.h>
#include <string.h>

/* DES-CBC through the low-level API: OpenSSL 3 offers it to EVP only from the legacy
 * provider, which would have to be loaded into the whole process (and is a separate
 * module some installs leave out); DES_ncbc_encrypt is deprecated, still in libcrypto. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define EXPANDED	(1024 * 1024)	/* RFC 3414 A.2: 1 MiB of repeated passphrase */

static const EVP_MD *
md_of(enum cred_auth a)
{
	switch (a) {
	case CRED_AUTH_SHA:	return EVP_sha1();
	case CRED_AUTH_SHA224:	return EVP_sha224();
	case CRED_AUTH_SHA256:	return EVP_sha256();
	case CRED_AUTH_SHA384:	return EVP_sha384();
	case CRED_AUTH_SHA512:	return EVP_sha512();
	case CRED_AUTH_NONE:	break;
	}
	return NULL;
}

size_t
snmp_usm_mac_len(enum cred_auth a)
{
	switch (a) {
	case CRED_AUTH_SHA:	return 12;	/* HMAC-SHA-96 */
	case CRED_AUTH_SHA224:	return 16;	/* RFC 7860 */
	case CRED_AUTH_SHA256:	return 24;
	case CRED_AUTH_SHA384:	return 32;
	case CRED_AUTH_SHA512:	return 48;
	case CRED_AUTH_NONE:	break;
	}
	return 0;
}

/* Bytes of the localised privacy key a protocol uses: DES takes 8 of key and 8 of pre-IV. */
static size_t
priv_key_len(enum cred_priv p)
{
	switch (p) {
	case CRED_PRIV_DES:	return 16;
	case CRED_PRIV_AES128:	return 16;
	case CRED_PRIV_AES192:	return 24;
	case CRED_PRIV_AES256:	return 32;
	case CRED_PRIV_NONE:	break;
	}
	return 0;
}

static const EVP_CIPHER *
aes_of(enum cred_priv p)
{
	switch (p) {
	case CRED_PRIV_AES128:	return EVP_aes_128_cfb128();
	case CRED_PRIV_AES192:	return EVP_aes_192_cfb128();
	case CRED_PRIV_AES256:	return EVP_aes_256_cfb128();
	case CRED_PRIV_DES:
	case CRED_PRIV_NONE:	break;
	}
	return NULL;
}

int
snmp_usm_supported(enum cred_auth auth, enum cred_priv priv)
{
	if (priv == CRED_PRIV_NONE)
		return 1;
	return auth != CRED_AUTH_NONE && priv_key_len(priv) > 0;
}

static int
digest(const EVP_MD *md, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
    const uint8_t *c, size_t clen, uint8_t *out, size_t *outlen)
{
	EVP_MD_CTX *ctx;
	unsigned n = 0;
	int rc = -1;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, md, NULL) == 1 && EVP_DigestUpdate(ctx, a, alen) == 1 &&
	    (blen == 0 || EVP_DigestUpdate(ctx, b, blen) == 1) &&
	    (clen == 0 || EVP_DigestUpdate(ctx, c, clen) == 1) &&
	    EVP_DigestFinal_ex(ctx, out, &n) == 1) {
		*outlen = n;
		rc = 0;
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
snmp_usm_password_to_key(enum cred_auth auth, const char *pass, uint8_t *ku, size_t *kulen)
{
	const EVP_MD *md = md_of(auth);
	size_t plen = pass ? strlen(pass) : 0, i, pos = 0;
	uint8_t block[64];
	EVP_MD_CTX *ctx;
	unsigned n = 0;
	int rc = -1;

	if (md == NULL || plen == 0 || (ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1)
		goto out;
	for (i = 0; i < EXPANDED; i += sizeof block) {
		size_t j;

		for (j = 0; j < sizeof block; j++)
			block[j] = (uint8_t)pass[pos++ % plen];
		if (EVP_DigestUpdate(ctx, block, sizeof block) != 1)
			goto out;
	}
	if (EVP_DigestFinal_ex(ctx, ku, &n) != 1)
		goto out;
	*kulen = n;
	rc = 0;
out:
	explicit_bzero(block, sizeof block);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
snmp_usm_localize_key(enum cred_auth auth, const uint8_t *ku, size_t kulen,
    const uint8_t *engine_id, size_t engine_id_len, uint8_t *kul, size_t *kullen)
{
	const EVP_MD *md = md_of(auth);

	if (md == NULL || engine_id_len == 0)
		return -1;
	return digest(md, ku, kulen, engine_id, engine_id_len, ku, kulen, kul, kullen);
}

int
snmp_usm_user_init(struct snmp_usm_user *u, enum cred_auth auth, const char *authpass,
    enum cred_priv priv, const char *privpass)
{
	size_t n;

	memset(u, 0, sizeof *u);
	u->auth = auth;
	u->priv = priv;
	if (!snmp_usm_supported(auth, priv))
		return -1;
	if (auth == CRED_AUTH_NONE)
		return 0;
	if (snmp_usm_password_to_key(auth, authpass, u->ku_auth, &u->ku_len) == -1)
		goto bad;
	if (priv != CRED_PRIV_NONE &&
	    snmp_usm_password_to_key(auth, privpass, u->ku_priv, &n) == -1)
		goto bad;
	return 0;
bad:
	snmp_usm_user_wipe(u);
	return -1;
}

int
snmp_usm_localize(const struct snmp_usm_user *u, const uint8_t *engine_id,
    size_t engine_id_len, struct snmp_usm_keys *k)
{
	const EVP_MD *md = md_of(u->auth);
	uint8_t ext[SNMP_USM_KEY_MAX];
	size_t need = 0, n;

	memset(k, 0, sizeof *k);
	k->auth = u->auth;
	k->priv = u->priv;
	if (u->auth == CRED_AUTH_NONE)
		return 0;
	if (snmp_usm_localize_key(u->auth, u->ku_auth, u->ku_len, engine_id, engine_id_len,
	    k->kauth, &k->kauth_len) == -1)
		goto bad;
	if (u->priv == CRED_PRIV_NONE)
		return 0;
	if (snmp_usm_localize_key(u->auth, u->ku_priv, u->ku_len, engine_id, engine_id_len,
	    k->kpriv, &k->kpriv_len) == -1 || (need = priv_key_len(u->priv)) == 0)
		goto bad;
	/* Blumenthal: Kul = Kul || H(Kul) until long enough (SHA-1 with AES-192/256). */
	while (k->kpriv_len < need) {
		if (digest(md, k->kpriv, k->kpriv_len, NULL, 0, NULL, 0, ext, &n) == -1)
			goto bad;
		if (n > need - k->kpriv_len)
			n = need - k->kpriv_len;
		memcpy(k->kpriv + k->kpriv_len, ext, n);
		k->kpriv_len += n;
	}
	k->kpriv_len = need;
	explicit_bzero(ext, sizeof ext);
	return 0;
bad:
	explicit_bzero(ext, sizeof ext);
	snmp_usm_keys_wipe(k);
	return -1;
}

static int
mac(const struct snmp_usm_keys *k, const uint8_t *msg, size_t len, uint8_t *out)
{
	unsigned n = 0;

	if (md_of(k->auth) == NULL || k->kauth_len == 0)
		return -1;
	return HMAC(md_of(k->auth), k->kauth, (int)k->kauth_len, msg, len, out, &n) == NULL ?
	    -1 : 0;
}

int
snmp_usm_sign(const struct snmp_usm_keys *k, uint8_t *msg, size_t len, size_t auth_off)
{
	uint8_t m[EVP_MAX_MD_SIZE];
	size_t ml = snmp_usm_mac_len(k->auth);

	if (ml == 0 || auth_off > len || len - auth_off < ml || mac(k, msg, len, m) == -1)
		return -1;
	memcpy(msg + auth_off, m, ml);
	return 0;
}

int
snmp_usm_verify(const struct snmp_usm_keys *k, const uint8_t *msg, size_t len,
    size_t auth_off, size_t auth_len)
{
	uint8_t m[EVP_MAX_MD_SIZE], got[SNMP_USM_PARAM_MAX], *copy;
	size_t ml = snmp_usm_mac_len(k->auth);
	int rc = -1;

	if (ml == 0 || auth_len != ml || auth_off > len || len - auth_off < ml ||
	    len > SNMP_MSG_MAX || (copy = malloc(len)) == NULL)
		return -1;
	memcpy(copy, msg, len);
	memcpy(got, msg + auth_off, ml);
	memset(copy + auth_off, 0, ml);
	if (mac(k, copy, len, m) == 0 && CRYPTO_memcmp(m, got, ml) == 0)
		rc = 0;
	free(copy);
	return rc;
}

/* RFC 3414 8.1.1: DES-CBC, key = Kul[0..7], IV = Kul[8..15] XOR salt; the plaintext is
 * padded with zeros to whole blocks (the receiver reads the scopedPDU's own length). */
static int
des_crypt(const struct snmp_usm_keys *k, int encrypt, const uint8_t *salt, const uint8_t *in,
    size_t len, uint8_t *out, size_t *outlen)
{
	DES_cblock key, iv;
	DES_key_schedule ks;
	uint8_t last[8];
	size_t full = len - len % 8, i;

	if (!encrypt && len % 8 != 0)
		return -1;
	memcpy(key, k->kpriv, 8);
	for (i = 0; i < 8; i++)
		iv[i] = k->kpriv[8 + i] ^ salt[i];
	DES_set_key_unchecked(&key, &ks);
	if (full > 0)
		DES_ncbc_encrypt(in, out, (long)full, &ks, &iv, encrypt ? DES_ENCRYPT : DES_DECRYPT);
	if (len % 8 != 0) {
		memset(last, 0, sizeof last);
		memcpy(last, in + full, len % 8);
		DES_ncbc_encrypt(last, out + full, 8, &ks, &iv, DES_ENCRYPT);
		full += 8;
	}
	*outlen = full;
	explicit_bzero(key, sizeof key);
	explicit_bzero(iv, sizeof iv);
	explicit_bzero(&ks, sizeof ks);
	explicit_bzero(last, sizeof last);
	return 0;
}

int
snmp_usm_crypt(const struct snmp_usm_keys *k, int encrypt, int32_t boots, int32_t time,
    const uint8_t *salt, size_t salt_len, const uint8_t *in, size_t len, uint8_t *out,
    size_t *outlen)
{
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;
	uint8_t iv[16];
	size_t kl = priv_key_len(k->priv);
	int n = 0, f = 0, rc = -1;

	if (kl == 0 || k->kpriv_len < kl || salt_len != 8 || len > SNMP_MSG_MAX)
		return -1;
	if (k->priv == CRED_PRIV_DES)
		return des_crypt(k, encrypt, salt, in, len, out, outlen);
	if ((c = aes_of(k->priv)) == NULL)
		return -1;
	iv[0] = (uint8_t)((uint32_t)boots >> 24);
	iv[1] = (uint8_t)((uint32_t)boots >> 16);
	iv[2] = (uint8_t)((uint32_t)boots >> 8);
	iv[3] = (uint8_t)boots;
	iv[4] = (uint8_t)((uint32_t)time >> 24);
	iv[5] = (uint8_t)((uint32_t)time >> 16);
	iv[6] = (uint8_t)((uint32_t)time >> 8);
	iv[7] = (uint8_t)time;
	memcpy(iv + 8, salt, 8);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if (EVP_CipherInit_ex(ctx, c, NULL, k->kpriv, iv, encrypt ? 1 : 0) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1 &&
	    EVP_CipherFinal_ex(ctx, out + n, &f) == 1 && (size_t)(n + f) == len) {
		*outlen = len;
		rc = 0;
	}
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

void
snmp_usm_user_wipe(struct snmp_usm_user *u)
{
	explicit_bzero(u, sizeof *u);
}

void
snmp_usm_keys_wipe(struct snmp_usm_keys *k)
{
	explicit_bzero(k, sizeof *k);
}
