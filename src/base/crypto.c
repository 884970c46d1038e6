#include "base/crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* OWASP's recommended argon2id cost: 19 MiB, 2 passes, 1 lane. */
static unsigned long pw_mem_kib = 19456;
static char dummy_hash[CRYPTO_PWHASH_LEN];

int crypto_init(void)
{
	if (sodium_init() < 0)
		return -1;
	return crypto_password_hash("linli-no-such-user", dummy_hash);
}

void crypto_set_pwhash_memory(unsigned long kib)
{
	if (kib >= 8 && kib <= 4UL * 1024 * 1024)
		pw_mem_kib = kib;
	/* before any thread starts: the dummy must cost what a real verify costs */
	if (crypto_password_hash("linli-no-such-user", dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

int crypto_password_hash(const char *pw, char out[CRYPTO_PWHASH_LEN])
{
	_Static_assert(CRYPTO_PWHASH_LEN >= crypto_pwhash_STRBYTES, "hash buffer");
	return crypto_pwhash_str_alg(out, pw, strlen(pw), 2,
				     (size_t)pw_mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13);
}

bool crypto_password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void crypto_password_dummy_verify(const char *pw)
{
	if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
		return;   /* never equal: the dummy password is not a valid login */
}

void crypto_token(char *out, size_t n, const char *prefix)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t pl = prefix ? strlen(prefix) : 0;
	if (n < pl + CRYPTO_TOKEN_LEN) {
		out[0] = '\0';
		return;
	}
	if (pl)
		memcpy(out, prefix, pl);
	sodium_bin2base64(out + pl, n - pl, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void crypto_token_hash(const char *token, char out[CRYPTO_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, CRYPTO_HASH_HEX, h, sizeof h);
}
