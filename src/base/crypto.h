/* crypto: libsodium behind a few calls. Passwords are argon2id; random tokens are 256-bit and
 * stored only as a keyed-free BLAKE2b hash (tokens have full entropy, so a fast hash is enough). */
#ifndef LINLI_CRYPTO_H
#define LINLI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPTO_TOKEN_LEN 44      /* base64url of 32 bytes, no padding, + NUL */
#define CRYPTO_HASH_HEX 65       /* 32-byte hash as hex + NUL */
#define CRYPTO_PWHASH_LEN 128

int crypto_init(void);
/* argon2id memory cost in KiB (default 19456 with 2 passes, OWASP's recommendation). */
void crypto_set_pwhash_memory(unsigned long kib);
int crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_LEN]);
bool crypto_password_verify(const char *hash, const char *password);
/* Spend the same time as a verify, for a user that does not exist. */
void crypto_password_dummy_verify(const char *password);
/* A fresh random token (base64url), with an optional prefix written before it. */
void crypto_token(char *out, size_t n, const char *prefix);
/* Hex BLAKE2b-256 of a token. */
void crypto_token_hash(const char *token, char out[CRYPTO_HASH_HEX]);

#endif
