/* fuzz_seal: what comes out of a database column or a key file. The first byte picks the mode,
 * the rest is the input:
 *  - 0: a stored value (any text) opened, re-sealed and its key id read under a fixed ring;
 *  - 1: a plain value sealed, opened, then each of a few input-chosen characters of the stored
 *       form changed and opened again;
 *  - 2: a key file's text loaded.
 *
 * Invariants checked (any violation aborts):
 *  - opening returns one of the seal_rc codes, and on any failure leaves an empty output;
 *  - a value that opens has a key id the ring holds and re-seals to one that opens the same;
 *  - sealing then opening gives the value back, under its purpose only; a changed character
 *    never opens to anything but the value itself (and only when the change kept the text);
 *  - a key file that loads has a current key among 1..SEAL_MAX_KEYS and seals and looks up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_seal: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

#define PURPOSE "resident.id_number"

static struct seal_ring *ring;

static bool known_rc(int rc)
{
	return rc == SEAL_OK || rc == SEAL_ERR_FORMAT || rc == SEAL_ERR_UNKNOWN_KEY ||
	       rc == SEAL_ERR_AUTH || rc == SEAL_ERR_SPACE;
}

static void open_stored(const char *s)
{
	char plain[SEAL_MAX_PLAIN / 8];
	size_t len = 0;
	int rc = seal_open(ring, PURPOSE, s, plain, sizeof plain, &len);
	CHECK(known_rc(rc));
	char id[SEAL_ID_MAX + 1];
	int idrc = seal_key_id(s, id);
	CHECK(idrc == SEAL_OK || idrc == SEAL_ERR_FORMAT);
	if (rc != SEAL_OK) {
		CHECK(plain[0] == '\0');
		if (rc == SEAL_ERR_UNKNOWN_KEY)
			CHECK(idrc == SEAL_OK && !seal_ring_has(ring, id));
		return;
	}
	CHECK(idrc == SEAL_OK && seal_ring_has(ring, id));
	CHECK(seal_is_current(ring, s) == (strcmp(id, seal_ring_current(ring)) == 0));
	char *again = malloc(seal_stored_size(len));
	CHECK(seal_reseal(ring, PURPOSE, s, again, seal_stored_size(len)) == SEAL_OK);
	CHECK(seal_is_current(ring, again));
	char back[sizeof plain];
	size_t blen;
	CHECK(seal_open(ring, PURPOSE, again, back, sizeof back, &blen) == SEAL_OK);
	CHECK(blen == len && memcmp(back, plain, len) == 0);
	free(again);
}

static void round_trip(const uint8_t *data, size_t size)
{
	if (size > 1024)
		return;
	size_t n = seal_stored_size(size);
	char *s = malloc(n), *t = malloc(n);
	char plain[1025];
	size_t len;
	CHECK(seal_seal(ring, PURPOSE, data, size, s, n) == SEAL_OK);
	CHECK(strlen(s) < n);
	CHECK(seal_open(ring, PURPOSE, s, plain, sizeof plain, &len) == SEAL_OK);
	CHECK(len == size && memcmp(plain, data, size) == 0);
	CHECK(seal_open(ring, "resident.phone", s, plain, sizeof plain, &len) == SEAL_ERR_AUTH);
	size_t sl = strlen(s);
	for (size_t k = 0; k + 1 < size && k < 8; k += 2) {
		strcpy(t, s);
		size_t at = data[k] % sl;
		t[at] = (char)data[k + 1];
		int rc = seal_open(ring, PURPOSE, t, plain, sizeof plain, &len);
		CHECK(known_rc(rc));
		if (rc == SEAL_OK)
			CHECK(strcmp(s, t) == 0 && len == size && memcmp(plain, data, size) == 0);
		else
			CHECK(plain[0] == '\0');
	}
	free(s);
	free(t);
}

static void key_file(const uint8_t *data, size_t size)
{
	char msg[SEAL_MSG_MAX] = "";
	struct seal_ring *r = seal_ring_load_text((const char *)data, size, msg, sizeof msg);
	if (!r) {
		CHECK(msg[0] != '\0');
		return;
	}
	CHECK(seal_ring_count(r) >= 1 && seal_ring_count(r) <= SEAL_MAX_KEYS);
	const char *cur = seal_ring_current(r);
	CHECK(cur && seal_id_valid(cur) && seal_ring_has(r, cur));
	char s[256], plain[16], h[SEAL_LOOKUP_HEX];
	size_t len;
	CHECK(seal_seal(r, PURPOSE, "13800001234", 11, s, sizeof s) == SEAL_OK);
	CHECK(seal_open(r, PURPOSE, s, plain, sizeof plain, &len) == SEAL_OK && len == 11);
	CHECK(seal_lookup(r, PURPOSE, "13800001234", h) == SEAL_OK && strlen(h) == 64);
	seal_ring_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ring) {
		static const char keys[] =
			"lookup QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8\n"
			"k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
			"k2 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n";
		ring = seal_ring_load_text(keys, sizeof keys - 1, NULL, 0);
		CHECK(ring != NULL);
	}
	if (size < 1 || size > 8192)
		return 0;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0: open_stored(s); break;
	case 1: round_trip(data + 1, size - 1); break;
	default: key_file(data + 1, size - 1); break;
	}
	free(s);
	return 0;
}
