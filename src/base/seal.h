/* seal: encryption at rest of personal fields (ID numbers, phones) under a keyring, and a keyed
 * hash to find them by exact value without decrypting.
 *
 * A ring holds up to SEAL_MAX_KEYS 32-byte encryption keys, each named by an id of 1-16
 * characters [A-Za-z0-9_-]; one is current and seals, every one opens. Beside them is one
 * lookup secret, which rotation never changes: every lookup index stays valid across rotations.
 * Key material lives in sodium_malloc'd memory (locked, guarded, read-only once loaded) and is
 * wiped on free. A loaded ring is immutable, so threads share it without locking.
 *
 * Stored form: "v1:<keyid>:<base64url(nonce || secretbox)>" (no padding, canonical: nothing
 * else opens), one text value whose key id tells `linli key rotate` which values still need
 * re-sealing. Each value is bound to a
 * purpose (its column, e.g. "resident.id_number"): it is sealed with a subkey
 * BLAKE2b-256(key = ring key, "linli.seal.v1" NUL purpose), so a value copied to another column
 * fails to open there (secretbox has no associated data; the subkey plays its part).
 *
 * Lookup: BLAKE2b-256(key = BLAKE2b-256(key = lookup secret, "linli.lookup.v1" NUL purpose),
 * value), as hex. Equal values of one purpose hash equal; the hash of one purpose says nothing
 * about another. The caller normalises the value first (upper-case X, digits only, ...).
 *
 * Key file: text, mode 0600 or stricter (any group/other bit is refused), at most 64 KiB:
 *     # comments run from '#' to the end of the line; blank lines are skipped
 *     lookup BASE64_OR_HEX          exactly one: the lookup secret
 *     k1     BASE64_OR_HEX          an encryption key: id and 32 bytes
 *     2026a  BASE64_OR_HEX current  the word "current" marks the current key (at most one)
 * Without a "current" mark the last key line is current, so rotating is appending a line; the
 * mark lets a new key be shipped to every server before any of them seals with it. A key is
 * 64 hex digits or base64 (standard or URL-safe, padded or not) of exactly 32 bytes. Ids are
 * unique; "lookup" is not an id.
 *
 * One key in configuration, "ID:BASE64_OR_HEX": that key is the only (current) key and also
 * the lookup secret (the derivations differ, so the two uses stay apart). To move on to a key
 * file, write "lookup <that key>" and "ID <that key>" in it, then append new keys. */
#ifndef LINLI_SEAL_H
#define LINLI_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#define SEAL_KEY_BYTES 32
#define SEAL_ID_MAX 16                 /* characters of a key id */
#define SEAL_MAX_KEYS 64
#define SEAL_PURPOSE_MAX 64            /* characters of a purpose, [A-Za-z0-9._-] */
#define SEAL_MAX_PLAIN 65536           /* bytes of one sealed value */
#define SEAL_KEYFILE_MAX 65536         /* bytes of a key file */
#define SEAL_LOOKUP_HEX 65             /* 32-byte hash as hex + NUL */
#define SEAL_LINE_MAX 96               /* a generated key line, with its newline and NUL */
#define SEAL_MSG_MAX 256               /* a loader's error message */

enum seal_rc {
	SEAL_OK = 0,
	SEAL_ERR_FORMAT = -1,        /* not "v1:<id>:<base64url>", bad base64, too short or long */
	SEAL_ERR_UNKNOWN_KEY = -2,   /* well-formed, but no key of that id is in the ring */
	SEAL_ERR_AUTH = -3,          /* does not verify: altered, other key, other purpose */
	SEAL_ERR_SPACE = -4,         /* the output buffer is too small */
	SEAL_ERR_ARG = -5,           /* a bad purpose, an empty ring, a value too long */
	SEAL_ERR_NO_LOOKUP = -6,     /* the ring has no lookup secret */
};

struct seal_ring;

/* An empty ring (NULL when libsodium cannot start or secure memory is exhausted). */
struct seal_ring *seal_ring_new(void);
/* Wipe and release; NULL is fine. */
void seal_ring_free(struct seal_ring *r);
/* Add a key; it becomes current when `current` is set or the ring had none. -1 with a message
 * for a bad or duplicate id or a full ring. */
int seal_ring_add(struct seal_ring *r, const char *id, const unsigned char key[SEAL_KEY_BYTES],
		  bool current, char *msg, size_t msgn);
/* Set the lookup secret (once; -1 when already set). */
int seal_ring_set_lookup(struct seal_ring *r, const unsigned char secret[SEAL_KEY_BYTES],
			 char *msg, size_t msgn);
/* Load a key file (format above). NULL with a message naming the line on any error. */
struct seal_ring *seal_ring_load_file(const char *path, char *msg, size_t msgn);
/* The same from the file's text (the permission check is the file loader's). */
struct seal_ring *seal_ring_load_text(const char *text, size_t len, char *msg, size_t msgn);
/* One key from configuration: "ID:KEY". */
struct seal_ring *seal_ring_from_string(const char *spec, char *msg, size_t msgn);

const char *seal_ring_current(const struct seal_ring *r);   /* its id, or NULL when empty */
int seal_ring_count(const struct seal_ring *r);
bool seal_ring_has(const struct seal_ring *r, const char *id);
bool seal_id_valid(const char *id);

/* Bytes a stored form of a value of plain_len bytes takes, with its NUL (for the longest id). */
size_t seal_stored_size(size_t plain_len);
/* Seal plain (len bytes) with the current key for purpose into out (NUL-terminated). */
int seal_seal(const struct seal_ring *r, const char *purpose, const void *plain, size_t len,
	      char *out, size_t outn);
/* Open a stored value of purpose into plain, NUL-terminated (so plainn must exceed the value's
 * length by one); *len gets the length. On any error plain holds no part of the value. */
int seal_open(const struct seal_ring *r, const char *purpose, const char *stored, void *plain,
	      size_t plainn, size_t *len);
/* Is stored sealed with the current key? (By its key id only; false when malformed.) */
bool seal_is_current(const struct seal_ring *r, const char *stored);
/* The key id of a stored value into id (SEAL_ID_MAX + 1 bytes); SEAL_ERR_FORMAT if none. */
int seal_key_id(const char *stored, char id[SEAL_ID_MAX + 1]);
/* Open with whichever key it names and seal again with the current one (a fresh nonce, also
 * when it was current already). */
int seal_reseal(const struct seal_ring *r, const char *purpose, const char *stored, char *out,
		size_t outn);

/* The keyed lookup hash of a normalised value (a C string) for purpose. */
int seal_lookup(const struct seal_ring *r, const char *purpose, const char *value,
		char out[SEAL_LOOKUP_HEX]);

/* A key-file line "ID BASE64\n" with a fresh random key (for `linli key new`); id "lookup"
 * writes the lookup line. -1 for a bad id or a buffer under SEAL_LINE_MAX. */
int seal_key_line(const char *id, char *out, size_t outn);

/* A message for a seal_rc. */
const char *seal_strerror(int rc);

#endif
