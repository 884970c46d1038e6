/* Unit tests of src/base/seal: sealing and opening, rotation, purpose binding, the lookup hash,
 * key files and their refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "base/seal.h"

/* Three fixed keys, as a key file would hold them. */
#define K1 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="          /* bytes 0..31 */
#define K2_HEX "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define LK "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8"              /* 64..95, no padding */
#define PURPOSE "resident.id_number"
#define ID "11010519491231002X"

static struct seal_ring *ring_of(const char *text)
{
	char msg[SEAL_MSG_MAX] = "";
	struct seal_ring *r = seal_ring_load_text(text, strlen(text), msg, sizeof msg);
	if (!r)
		fail_msg("ring_of: %s", msg);
	return r;
}

/* The loader's message for text, which must be refused. */
static const char *refused(const char *text)
{
	static char msg[SEAL_MSG_MAX];
	msg[0] = '\0';
	struct seal_ring *r = seal_ring_load_text(text, strlen(text), msg, sizeof msg);
	assert_null(r);
	assert_true(msg[0] != '\0');
	return msg;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct seal_ring *r = ring_of("lookup " LK "\nk1 " K1 "\n");
	assert_string_equal(seal_ring_current(r), "k1");
	assert_int_equal(seal_ring_count(r), 1);
	char s1[256], s2[256], plain[64];
	size_t len = 0;
	assert_int_equal(seal_seal(r, PURPOSE, ID, strlen(ID), s1, sizeof s1), SEAL_OK);
	assert_int_equal(strncmp(s1, "v1:k1:", 6), 0);
	/* nonce 24 + MAC 16 + 18 bytes in base64url without padding */
	assert_int_equal(strlen(s1), 6 + (24 + 16 + 18) * 4 / 3 + 1);
	assert_true(strlen(s1) + 1 <= seal_stored_size(strlen(ID)));
	assert_null(strchr(s1 + 6, '='));
	assert_null(strchr(s1 + 6, '+'));
	assert_null(strchr(s1 + 6, '/'));
	assert_int_equal(seal_open(r, PURPOSE, s1, plain, sizeof plain, &len), SEAL_OK);
	assert_int_equal(len, strlen(ID));
	assert_string_equal(plain, ID);
	/* a fresh nonce each time */
	assert_int_equal(seal_seal(r, PURPOSE, ID, strlen(ID), s2, sizeof s2), SEAL_OK);
	assert_string_not_equal(s1, s2);
	/* the empty value, and bytes with a NUL inside */
	assert_int_equal(seal_seal(r, PURPOSE, "", 0, s2, sizeof s2), SEAL_OK);
	assert_int_equal(seal_open(r, PURPOSE, s2, plain, sizeof plain, &len), SEAL_OK);
	assert_int_equal(len, 0);
	assert_string_equal(plain, "");
	assert_int_equal(seal_seal(r, PURPOSE, "a\0b", 3, s2, sizeof s2), SEAL_OK);
	assert_int_equal(seal_open(r, PURPOSE, s2, plain, sizeof plain, &len), SEAL_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(plain, "a\0b", 4);
	/* buffers too small: never written past */
	char tiny[20];
	assert_int_equal(seal_seal(r, PURPOSE, ID, strlen(ID), tiny, sizeof tiny), SEAL_ERR_SPACE);
	assert_int_equal(seal_open(r, PURPOSE, s1, tiny, strlen(ID), &len), SEAL_ERR_SPACE);
	assert_int_equal(seal_open(r, PURPOSE, s1, tiny, strlen(ID) + 1, &len), SEAL_OK);
	/* a bad purpose, a value too long */
	assert_int_equal(seal_seal(r, "", ID, 1, s2, sizeof s2), SEAL_ERR_ARG);
	assert_int_equal(seal_seal(r, "a b", ID, 1, s2, sizeof s2), SEAL_ERR_ARG);
	assert_int_equal(seal_open(r, "x:y", s1, plain, sizeof plain, &len), SEAL_ERR_ARG);
	size_t big = SEAL_MAX_PLAIN + 1;
	char *huge = calloc(1, big), *out = malloc(seal_stored_size(big));
	assert_int_equal(seal_seal(r, PURPOSE, huge, big, out, seal_stored_size(big)), SEAL_ERR_ARG);
	assert_int_equal(seal_seal(r, PURPOSE, huge, big - 1, out, seal_stored_size(big)), SEAL_OK);
	assert_true(strlen(out) < seal_stored_size(big - 1));
	char *back = malloc(big);
	assert_int_equal(seal_open(r, PURPOSE, out, back, big, &len), SEAL_OK);
	assert_int_equal(len, big - 1);
	assert_memory_equal(back, huge, big - 1);
	char *out2 = malloc(seal_stored_size(big));   /* re-sealing a value that long */
	assert_int_equal(seal_reseal(r, PURPOSE, out, out2, seal_stored_size(big)), SEAL_OK);
	assert_string_not_equal(out, out2);
	assert_int_equal(seal_open(r, PURPOSE, out2, back, big, &len), SEAL_OK);
	assert_int_equal(len, big - 1);
	free(out2);
	free(huge);
	free(out);
	free(back);
	/* an empty ring seals nothing */
	struct seal_ring *empty = seal_ring_new();
	assert_non_null(empty);
	assert_null(seal_ring_current(empty));
	assert_int_equal(seal_seal(empty, PURPOSE, ID, 1, s2, sizeof s2), SEAL_ERR_ARG);
	assert_int_equal(seal_open(empty, PURPOSE, s1, plain, sizeof plain, &len), SEAL_ERR_UNKNOWN_KEY);
	char h[SEAL_LOOKUP_HEX];
	assert_int_equal(seal_lookup(empty, PURPOSE, ID, h), SEAL_ERR_NO_LOOKUP);
	assert_false(seal_is_current(empty, s1));
	seal_ring_free(empty);
	seal_ring_free(NULL);
	seal_ring_free(r);
}

static void test_rotation(void **state)
{
	(void)state;
	struct seal_ring *old = ring_of("lookup " LK "\nk1 " K1 "\n");
	struct seal_ring *r = ring_of("# after a rotation\nlookup " LK "\nk1 " K1 "\n2026a " K2_HEX "\n");
	assert_string_equal(seal_ring_current(r), "2026a");
	assert_true(seal_ring_has(r, "k1"));
	assert_true(seal_ring_has(r, "2026a"));
	assert_false(seal_ring_has(r, "k3"));
	char s_old[256], s_new[256], again[256], plain[64], id[SEAL_ID_MAX + 1];
	size_t len;
	assert_int_equal(seal_seal(old, PURPOSE, ID, strlen(ID), s_old, sizeof s_old), SEAL_OK);
	/* the new ring opens what the old one sealed, and seals with the new key */
	assert_int_equal(seal_open(r, PURPOSE, s_old, plain, sizeof plain, &len), SEAL_OK);
	assert_string_equal(plain, ID);
	assert_false(seal_is_current(r, s_old));
	assert_true(seal_is_current(old, s_old));
	assert_int_equal(seal_seal(r, PURPOSE, ID, strlen(ID), s_new, sizeof s_new), SEAL_OK);
	assert_int_equal(strncmp(s_new, "v1:2026a:", 9), 0);
	assert_true(seal_is_current(r, s_new));
	assert_int_equal(seal_key_id(s_new, id), SEAL_OK);
	assert_string_equal(id, "2026a");
	/* the old ring knows no 2026a */
	assert_int_equal(seal_open(old, PURPOSE, s_new, plain, sizeof plain, &len),
			 SEAL_ERR_UNKNOWN_KEY);
	/* re-sealing moves a value to the current key */
	assert_int_equal(seal_reseal(r, PURPOSE, s_old, again, sizeof again), SEAL_OK);
	assert_true(seal_is_current(r, again));
	assert_int_equal(seal_open(r, PURPOSE, again, plain, sizeof plain, &len), SEAL_OK);
	assert_string_equal(plain, ID);
	assert_int_equal(seal_reseal(r, "resident.phone", s_old, again, sizeof again), SEAL_ERR_AUTH);
	assert_int_equal(seal_reseal(r, PURPOSE, "v1:k1:", again, sizeof again), SEAL_ERR_FORMAT);
	/* the "current" mark wins over the order: a key shipped before it is used */
	struct seal_ring *staged = ring_of("lookup " LK "\nk1 " K1 " current\n2026a " K2_HEX "\n");
	assert_string_equal(seal_ring_current(staged), "k1");
	assert_int_equal(seal_open(staged, PURPOSE, s_new, plain, sizeof plain, &len), SEAL_OK);
	assert_true(seal_is_current(staged, s_old));
	seal_ring_free(staged);
	/* the same keys added by hand agree with the file */
	unsigned char k1[32];
	for (int i = 0; i < 32; i++)
		k1[i] = (unsigned char)i;
	struct seal_ring *hand = seal_ring_new();
	char msg[SEAL_MSG_MAX];
	assert_int_equal(seal_ring_add(hand, "k1", k1, false, msg, sizeof msg), 0);
	assert_string_equal(seal_ring_current(hand), "k1");   /* the first is current */
	assert_int_equal(seal_ring_add(hand, "k1", k1, false, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "twice"));
	assert_int_equal(seal_ring_add(hand, "bad id", k1, false, msg, sizeof msg), -1);
	assert_int_equal(seal_ring_add(hand, "lookup", k1, false, msg, sizeof msg), -1);
	assert_int_equal(seal_open(hand, PURPOSE, s_old, plain, sizeof plain, &len), SEAL_OK);
	assert_int_equal(seal_ring_set_lookup(hand, k1, msg, sizeof msg), 0);
	assert_int_equal(seal_ring_set_lookup(hand, k1, msg, sizeof msg), -1);
	char name[16];
	for (int i = 1; i < SEAL_MAX_KEYS; i++) {
		snprintf(name, sizeof name, "n%d", i);
		assert_int_equal(seal_ring_add(hand, name, k1, false, msg, sizeof msg), 0);
	}
	assert_int_equal(seal_ring_count(hand), SEAL_MAX_KEYS);
	assert_int_equal(seal_ring_add(hand, "full", k1, true, msg, sizeof msg), -1);
	assert_string_equal(seal_ring_current(hand), "k1");
	seal_ring_free(hand);
	seal_ring_free(old);
	seal_ring_free(r);
}

static void test_tampering(void **state)
{
	(void)state;
	struct seal_ring *r = ring_of("lookup " LK "\nk1 " K1 "\nk2 " K2_HEX "\n");
	char s[256], t[256], plain[64];
	size_t len;
	assert_int_equal(seal_seal(r, PURPOSE, ID, strlen(ID), s, sizeof s), SEAL_OK);
	const size_t body = strlen("v1:k2:");
	/* every single character of the nonce and ciphertext changed: never opens */
	for (size_t i = body; i < strlen(s); i++) {
		strcpy(t, s);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		int rc = seal_open(r, PURPOSE, t, plain, sizeof plain, &len);
		/* the last character may carry unused bits: then it is not canonical base64 */
		assert_true(rc == SEAL_ERR_AUTH || (i == strlen(s) - 1 && rc == SEAL_ERR_FORMAT));
		assert_string_equal(plain, "");
	}
	/* a byte above 0x7F in place of any character: libsodium 1.0.18 would read some of them
	 * as base64 characters; they are refused before */
	for (size_t i = body; i < strlen(s); i++) {
		for (int c = 0x80; c <= 0xff; c += 0x39) {
			strcpy(t, s);
			t[i] = (char)c;
			assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len),
					 SEAL_ERR_FORMAT);
		}
		strcpy(t, s);
		t[i] = (char)0xb9;
		assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_FORMAT);
	}
	/* another key of the ring named */
	strcpy(t, s);
	t[4] = '1';
	assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	/* an unknown key id */
	strcpy(t, s);
	t[4] = '9';
	assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_UNKNOWN_KEY);
	/* one byte fewer, one byte more, in canonical base64url: well-formed, never verifies */
	unsigned char raw[128];
	size_t rawl;
	assert_int_equal(sodium_base642bin(raw, sizeof raw, s + body, strlen(s + body), NULL, &rawl,
					   NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	memcpy(t, s, body);
	sodium_bin2base64(t + body, sizeof t - body, raw, rawl - 1,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	raw[rawl] = 0;
	sodium_bin2base64(t + body, sizeof t - body, raw, rawl + 1,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	/* the nonce and the box swapped around: well-formed, never verifies */
	unsigned char swapped[128];
	memcpy(swapped, raw + 24, rawl - 24);
	memcpy(swapped + rawl - 24, raw, 24);
	sodium_bin2base64(t + body, sizeof t - body, swapped, rawl,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_int_equal(seal_open(r, PURPOSE, t, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	/* truncated in the middle of a base64 quantum: not canonical */
	strcpy(t, s);
	t[strlen(t) - 1] = '\0';
	int rc = seal_open(r, PURPOSE, t, plain, sizeof plain, &len);
	assert_true(rc == SEAL_ERR_FORMAT || rc == SEAL_ERR_AUTH);
	static const char *const malformed[] = {
		"", "v1", "v1:", "v1:k2", "v1:k2:", "v2:k2:AAAA", "V1:k2:AAAA", "v1::AAAA",
		"v1:k 2:AAAA", "v1:lookup:AAAA", "v1:abcdefghijklmnopq:AAAA",
		"v1:k2:AAAA",                                 /* shorter than nonce and MAC */
		"v1:k2:not base64!", "v1:k2:AAAA====", "v1:k2:AAAA+/AA", "v1:k2:A",
		"11010519491231002X",                         /* a clear value never opens */
	};
	for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		assert_int_equal(seal_open(r, PURPOSE, malformed[i], plain, sizeof plain, &len),
				 SEAL_ERR_FORMAT);
		assert_int_equal(seal_reseal(r, PURPOSE, malformed[i], t, sizeof t), SEAL_ERR_FORMAT);
	}
	/* seal_is_current reads the key id only */
	assert_true(seal_is_current(r, "v1:k2:AAAA"));
	assert_false(seal_is_current(r, "v1:k1:AAAA"));
	assert_false(seal_is_current(r, "v1:k22:AAAA"));
	assert_false(seal_is_current(r, "v1:k2"));
	assert_false(seal_is_current(r, ""));
	assert_false(seal_is_current(r, NULL));
	char id[SEAL_ID_MAX + 1];
	assert_int_equal(seal_key_id("v1:abcdefghijklmnop:x", id), SEAL_OK);   /* 16 characters */
	assert_string_equal(id, "abcdefghijklmnop");
	assert_int_equal(seal_key_id("v1:abcdefghijklmnopq:x", id), SEAL_ERR_FORMAT);
	assert_int_equal(seal_open(r, PURPOSE, NULL, plain, sizeof plain, &len), SEAL_ERR_FORMAT);
	assert_non_null(strstr(seal_strerror(SEAL_ERR_AUTH), "verify"));
	assert_string_not_equal(seal_strerror(SEAL_ERR_FORMAT), seal_strerror(SEAL_ERR_UNKNOWN_KEY));
	seal_ring_free(r);
}

static void test_purpose(void **state)
{
	(void)state;
	struct seal_ring *r = ring_of("lookup " LK "\nk1 " K1 "\n");
	char s[256], plain[64];
	size_t len;
	assert_int_equal(seal_seal(r, "resident.id_number", ID, strlen(ID), s, sizeof s), SEAL_OK);
	/* copied into the phone column, it does not open there */
	assert_int_equal(seal_open(r, "resident.phone", s, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	assert_int_equal(seal_open(r, "resident.id_numbe", s, plain, sizeof plain, &len), SEAL_ERR_AUTH);
	assert_int_equal(seal_open(r, "resident.id_number", s, plain, sizeof plain, &len), SEAL_OK);
	/* the subkey is not the key: plain secretbox with the ring key does not open it */
	unsigned char key[32], raw[128];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	size_t rawl;
	assert_int_equal(sodium_base642bin(raw, sizeof raw, s + 6, strlen(s + 6), NULL, &rawl, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	unsigned char out[128];
	assert_int_not_equal(crypto_secretbox_open_easy(out, raw + 24, rawl - 24, raw, key), 0);
	seal_ring_free(r);
}

static void test_lookup(void **state)
{
	(void)state;
	struct seal_ring *a = ring_of("lookup " LK "\nk1 " K1 "\n");
	struct seal_ring *b = ring_of("lookup " LK "\nk1 " K1 "\nk2 " K2_HEX "\n");
	struct seal_ring *other = ring_of("lookup " K1 "\nk1 " K1 "\n");
	char h1[SEAL_LOOKUP_HEX], h2[SEAL_LOOKUP_HEX], h3[SEAL_LOOKUP_HEX], h4[SEAL_LOOKUP_HEX];
	assert_int_equal(seal_lookup(a, PURPOSE, ID, h1), SEAL_OK);
	assert_int_equal(strlen(h1), 64);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 64);
	/* equal inputs hash equal, also after a rotation */
	assert_int_equal(seal_lookup(a, PURPOSE, ID, h2), SEAL_OK);
	assert_string_equal(h1, h2);
	assert_int_equal(seal_lookup(b, PURPOSE, ID, h2), SEAL_OK);
	assert_string_equal(h1, h2);
	/* another value, another purpose, another lookup secret: another hash */
	assert_int_equal(seal_lookup(a, PURPOSE, "110105194912310021", h3), SEAL_OK);
	assert_string_not_equal(h1, h3);
	assert_int_equal(seal_lookup(a, "resident.phone", ID, h3), SEAL_OK);
	assert_string_not_equal(h1, h3);
	assert_int_equal(seal_lookup(other, PURPOSE, ID, h4), SEAL_OK);
	assert_string_not_equal(h1, h4);
	/* the hash is not the token hash of crypto.c nor an unkeyed BLAKE2b */
	unsigned char plain[32];
	char hex[65];
	crypto_generichash(plain, 32, (const unsigned char *)ID, strlen(ID), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, plain, 32);
	assert_string_not_equal(h1, hex);
	assert_int_equal(seal_lookup(a, "bad purpose", ID, h3), SEAL_ERR_ARG);
	assert_string_equal(h3, "");
	/* a configured single key: the lookup is derived from it, and a key file carrying the
	 * same key as its lookup line gives the same hashes */
	char msg[SEAL_MSG_MAX];
	struct seal_ring *conf = seal_ring_from_string("k1:" K1, msg, sizeof msg);
	assert_non_null(conf);
	assert_string_equal(seal_ring_current(conf), "k1");
	assert_int_equal(seal_lookup(conf, PURPOSE, ID, h2), SEAL_OK);
	assert_string_equal(h2, h4);
	char s[256], p[64];
	size_t len;
	assert_int_equal(seal_seal(conf, PURPOSE, ID, strlen(ID), s, sizeof s), SEAL_OK);
	assert_int_equal(seal_open(other, PURPOSE, s, p, sizeof p, &len), SEAL_OK);
	assert_string_equal(p, ID);
	seal_ring_free(conf);
	seal_ring_free(a);
	seal_ring_free(b);
	seal_ring_free(other);
}

static void test_config_string(void **state)
{
	(void)state;
	char msg[SEAL_MSG_MAX];
	struct seal_ring *r = seal_ring_from_string("2026a:" K2_HEX, msg, sizeof msg);
	assert_non_null(r);
	assert_string_equal(seal_ring_current(r), "2026a");
	seal_ring_free(r);
	static const char *const bad[] = {
		NULL, "", "k1", ":" K1, "k1:", "k 1:" K1, "abcdefghijklmnopq:" K1, "k1:" K1 "AA",
		"k1:AAAA", "lookup:" K1, "k1:" K2_HEX "0",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		msg[0] = '\0';
		assert_null(seal_ring_from_string(bad[i], msg, sizeof msg));
		assert_true(msg[0] != '\0');
	}
}

static void test_key_file_text(void **state)
{
	(void)state;
	/* comments, blank lines, CRLF, tabs, every base64 variant */
	struct seal_ring *r = ring_of(
		"# linli keys\r\n\r\n  lookup\t" LK "   # the lookup secret\r\n"
		"k1 " K1 "\n"
		"k_2 ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8\n"          /* no padding */
		"k-3 " K2_HEX "\n"
		"K4 -_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8=\n"          /* URL-safe */
		"last " K1);                                                 /* no final newline */
	assert_int_equal(seal_ring_count(r), 5);
	assert_string_equal(seal_ring_current(r), "last");
	seal_ring_free(r);

	assert_non_null(strstr(refused(""), "no key"));
	assert_non_null(strstr(refused("# only a comment\n"), "no key"));
	assert_non_null(strstr(refused("k1 " K1 "\n"), "lookup"));
	assert_non_null(strstr(refused("lookup " LK "\n"), "no key"));
	assert_non_null(strstr(refused("lookup " LK "\nlookup " LK "\nk1 " K1 "\n"), "line 2"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 "\nk1 " K2_HEX "\n"), "twice"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 "\nk1 " K2_HEX "\n"), "line 3"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 AAAA\n"), "32 bytes"));
	/* K1 with its last character '=' and one other made bytes above 0x7F */
	assert_non_null(strstr(refused("lookup " LK "\nk1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh\xb9\n"),
			       "32 bytes"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\xbd\n"),
			       "32 bytes"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 "AAAA\n"), "32 bytes"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K2_HEX "00\n"), "32 bytes"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 not*base64*at*all*not*base64*at*all*xxxxx\n"),
			       "line 2"));
	assert_non_null(strstr(refused("lookup " LK "\nk1\n"), "expected"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 " now\n"), "expected"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 " current extra\n"), "expected"));
	assert_non_null(strstr(refused("lookup " LK " current\nk1 " K1 "\n"), "never current"));
	assert_non_null(strstr(refused("lookup " LK "\nk1 " K1 " current\nk2 " K2_HEX " current\n"),
			       "second key marked current"));
	assert_non_null(strstr(refused("lookup " LK "\nk.1 " K1 "\n"), "key id"));
	assert_non_null(strstr(refused("lookup " LK "\nabcdefghijklmnopq " K1 "\n"), "key id"));
	assert_non_null(strstr(refused("lookup " LK "\nk1\xe4\xb8\x80 " K1 "\n"), "key id"));
	static const char nul[] = "lookup " LK "\nk\0001 " K1 "\n";
	char msg[SEAL_MSG_MAX];
	assert_null(seal_ring_load_text(nul, sizeof nul - 1, msg, sizeof msg));
	assert_non_null(strstr(msg, "NUL"));
	/* too many keys, too large a file */
	char *many = malloc(SEAL_KEYFILE_MAX + 2);
	size_t n = (size_t)snprintf(many, SEAL_KEYFILE_MAX, "lookup %s\n", LK);
	for (int i = 0; i <= SEAL_MAX_KEYS; i++)
		n += (size_t)snprintf(many + n, SEAL_KEYFILE_MAX - n, "k%d %s\n", i, K1);
	assert_non_null(strstr(refused(many), "more than"));
	memset(many, '#', SEAL_KEYFILE_MAX + 1);
	many[SEAL_KEYFILE_MAX + 1] = '\0';
	assert_non_null(strstr(refused(many), "larger"));
	free(many);
}

static char dir[64];

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void test_key_file(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/seal-XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	assert_non_null(mkdtemp(dir));
	char msg[SEAL_MSG_MAX];
	const char *text = "lookup " LK "\nk1 " K1 "\n";
	const char *p = write_file("keys", text, 0600);
	struct seal_ring *r = seal_ring_load_file(p, msg, sizeof msg);
	assert_non_null(r);
	assert_string_equal(seal_ring_current(r), "k1");
	seal_ring_free(r);
	p = write_file("keys", text, 0400);
	r = seal_ring_load_file(p, msg, sizeof msg);
	assert_non_null(r);
	seal_ring_free(r);
	/* readable or writable by anyone else: refused, whatever the content */
	static const mode_t loose[] = {0644, 0640, 0604, 0660, 0602, 0610, 0601};
	for (size_t i = 0; i < sizeof loose / sizeof loose[0]; i++) {
		p = write_file("keys", text, loose[i]);
		msg[0] = '\0';
		assert_null(seal_ring_load_file(p, msg, sizeof msg));
		assert_non_null(strstr(msg, "chmod 600"));
		char mode[8];
		snprintf(mode, sizeof mode, "%04o", (unsigned)loose[i]);
		assert_non_null(strstr(msg, mode));
	}
	p = write_file("keys", "lookup " LK "\nk1 " K1 "\nk1 " K1 "\n", 0600);
	assert_null(seal_ring_load_file(p, msg, sizeof msg));
	assert_non_null(strstr(msg, "line 3"));
	p = write_file("keys", "lookup " LK "\nk1 QUJD\n", 0600);
	assert_null(seal_ring_load_file(p, msg, sizeof msg));
	assert_non_null(strstr(msg, "base64"));
	char missing[128];
	snprintf(missing, sizeof missing, "%s/none", dir);
	assert_null(seal_ring_load_file(missing, msg, sizeof msg));
	assert_non_null(strstr(msg, "cannot open"));
	assert_null(seal_ring_load_file(dir, msg, sizeof msg));   /* a directory */
	assert_non_null(strstr(msg, "regular file"));
	/* generated lines make a file that loads, with the lookup line kept across a rotation */
	char l1[SEAL_LINE_MAX], l2[SEAL_LINE_MAX], l3[SEAL_LINE_MAX], all[512];
	assert_int_equal(seal_key_line("lookup", l1, sizeof l1), 0);
	assert_int_equal(seal_key_line("2026a", l2, sizeof l2), 0);
	assert_int_equal(seal_key_line("2026b", l3, sizeof l3), 0);
	assert_int_equal(strncmp(l2, "2026a ", 6), 0);
	assert_int_equal(strlen(l2), 6 + 44 + 1);
	assert_int_equal(l2[strlen(l2) - 1], '\n');
	assert_string_not_equal(l2 + 6, l3 + 6);
	snprintf(all, sizeof all, "%s%s", l1, l2);
	p = write_file("keys", all, 0600);
	r = seal_ring_load_file(p, msg, sizeof msg);
	assert_non_null(r);
	char h1[SEAL_LOOKUP_HEX], h2[SEAL_LOOKUP_HEX], s[256], plain[64];
	size_t len;
	assert_int_equal(seal_lookup(r, PURPOSE, "13800001234", h1), SEAL_OK);
	assert_int_equal(seal_seal(r, PURPOSE, "13800001234", 11, s, sizeof s), SEAL_OK);
	seal_ring_free(r);
	snprintf(all, sizeof all, "%s%s%s", l1, l2, l3);
	p = write_file("keys", all, 0600);
	r = seal_ring_load_file(p, msg, sizeof msg);
	assert_non_null(r);
	assert_string_equal(seal_ring_current(r), "2026b");
	assert_int_equal(seal_lookup(r, PURPOSE, "13800001234", h2), SEAL_OK);
	assert_string_equal(h1, h2);
	assert_int_equal(seal_open(r, PURPOSE, s, plain, sizeof plain, &len), SEAL_OK);
	assert_string_equal(plain, "13800001234");
	seal_ring_free(r);
	assert_int_equal(seal_key_line("bad id", l1, sizeof l1), -1);
	assert_string_equal(l1, "");
	assert_int_equal(seal_key_line("k1", l1, 40), -1);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip), cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_tampering), cmocka_unit_test(test_purpose),
		cmocka_unit_test(test_lookup), cmocka_unit_test(test_config_string),
		cmocka_unit_test(test_key_file_text), cmocka_unit_test(test_key_file),
	};
	return cmocka_run_group_tests_name("seal", tests, NULL, NULL);
}
