/* snmp_usm: the SNMPv3 user-based security model (RFC 3414) with the SHA-2 family
 * (RFC 7860), AES-CFB privacy (RFC 3826; AES-192/256 with the key extension of
 * draft-blumenthal-aes-usm-04, as net-snmp's AES-192/AES-256) and DES-CBC (RFC 3414, for
 * the agents still configured with it). Keys are derived from
 * passphrases once per credential set and localised per engine; all key material is
 * wiped when it is dropped. Nothing here touches the network. */
#ifndef NETLOOM_SNMP_USM_H
#define NETLOOM_SNMP_USM_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/cred.h"
#include "scanner/snmp_pdu.h"

#define SNMP_USM_KEY_MAX	64	/* SHA-512 */

/* Master keys (Ku) of one credential set: independent of the agent. */
struct snmp_usm_user {
	enum cred_auth	 auth;
	enum cred_priv	 priv;
	uint8_t		 ku_auth[SNMP_USM_KEY_MAX], ku_priv[SNMP_USM_KEY_MAX];
	size_t		 ku_len;
};

/* Localised keys (Kul) of one user at one engine. */
struct snmp_usm_keys {
	enum cred_auth	 auth;
	enum cred_priv	 priv;
	uint8_t		 kauth[SNMP_USM_KEY_MAX], kpriv[SNMP_USM_KEY_MAX];
	size_t		 kauth_len, kpriv_len;
};

/* Whether this combination can be spoken (privacy needs authentication). */
int	snmp_usm_supported(enum cred_auth auth, enum cred_priv priv);
/* Bytes of the truncated HMAC in msgAuthenticationParameters (0 for no auth). */
size_t	snmp_usm_mac_len(enum cred_auth auth);

/* RFC 3414 A.2 password-to-key (1 MiB of hashing per passphrase). 0 or -1. */
int	snmp_usm_user_init(struct snmp_usm_user *u, enum cred_auth auth, const char *authpass,
	    enum cred_priv priv, const char *privpass);
/* Localises u's keys to an engine (and extends the privacy key for AES-192/256). */
int	snmp_usm_localize(const struct snmp_usm_user *u, const uint8_t *engine_id,
	    size_t engine_id_len, struct snmp_usm_keys *k);
/* Lower-level pieces, exported for the RFC test vectors. */
int	snmp_usm_password_to_key(enum cred_auth auth, const char *pass, uint8_t *ku,
	    size_t *kulen);
int	snmp_usm_localize_key(enum cred_auth auth, const uint8_t *ku, size_t kulen,
	    const uint8_t *engine_id, size_t engine_id_len, uint8_t *kul, size_t *kullen);

/* Fills the MAC at auth_off (whose bytes must be zero) over the whole message. */
int	snmp_usm_sign(const struct snmp_usm_keys *k, uint8_t *msg, size_t len,
	    size_t auth_off);
/* 0 when the MAC of a received message is right (constant-time compare), else -1.
 * The message is copied, not changed. */
int	snmp_usm_verify(const struct snmp_usm_keys *k, const uint8_t *msg, size_t len,
	    size_t auth_off, size_t auth_len);
/* Encrypts or decrypts a scopedPDU: AES-CFB with IV = boots | time | salt (8 bytes), or
 * DES-CBC with IV = pre-IV XOR salt (plaintext zero-padded to 8-byte blocks: out needs
 * len + SNMP_USM_PAD_MAX bytes; ciphertext must be whole blocks). *outlen gets the output
 * length. out may not alias in. 0 or -1. */
#define SNMP_USM_PAD_MAX	8
int	snmp_usm_crypt(const struct snmp_usm_keys *k, int encrypt, int32_t boots,
	    int32_t time, const uint8_t *salt, size_t salt_len, const uint8_t *in, size_t len,
	    uint8_t *out, size_t *outlen);

void	snmp_usm_user_wipe(struct snmp_usm_user *u);
void	snmp_usm_keys_wipe(struct snmp_usm_keys *k);

#endif
