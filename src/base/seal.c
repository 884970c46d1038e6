#include "base/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONCE crypto_secretbox_NONCEBYTES
#define MAC crypto_secretbox_MACBYTES
#define PREFIX "v1:"
#define SEAL_CTX "linli.seal.v1"
#define LOOKUP_CTX "linli.lookup.v1"
#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define B64STD "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

struct seal_key {
	char id[SEAL_ID_MAX + 1];
	unsigned char key[SEAL_KEY_BYTES];
};

/* Everything secret, in one sodium_malloc'd block: read-only except while a key is added. */
struct seal_secrets {
	struct seal_key keys[SEAL_MAX_KEYS];
	unsigned char lookup[SEAL_KEY_BYTES];
};

struct seal_ring {
	struct seal_secrets *s;
	int nkeys;
	int current;          /* index into s->keys, -1 when empty */
	bool has_lookup;
};

static int fail(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t n, const char *fmt, ...)
{
	if (msg && n) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

struct seal_ring *seal_ring_new(void)
{
	if (sodium_init() < 0)
		return NULL;
	struct seal_ring *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->s = sodium_malloc(sizeof *r->s);
	if (!r->s) {
		free(r);
		return NULL;
	}
	sodium_memzero(r->s, sizeof *r->s);
	sodium_mprotect_readonly(r->s);
	r->current = -1;
	return r;
}

void seal_ring_free(struct seal_ring *r)
{
	if (!r)
		return;
	sodium_free(r->s);   /* makes it writable, wipes it, releases it */
	free(r);
}

bool seal_id_valid(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n < 1 || n > SEAL_ID_MAX || strcmp(id, "lookup") == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool purpose_valid(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	if (n < 1 || n > SEAL_PURPOSE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static int find(const struct seal_ring *r, const char *id, size_t idlen)
{
	for (int i = 0; i < r->nkeys; i++)
		if (strlen(r->s->keys[i].id) == idlen && memcmp(r->s->keys[i].id, id, idlen) == 0)
			return i;
	return -1;
}

int seal_ring_add(struct seal_ring *r, const char *id, const unsigned char key[SEAL_KEY_BYTES],
		  bool current, char *msg, size_t msgn)
{
	if (!seal_id_valid(id))
		return fail(msg, msgn, "key id '%.20s' is not 1-%d characters of A-Z a-z 0-9 _ - "
			    "(nor \"lookup\")", id ? id : "", SEAL_ID_MAX);
	if (find(r, id, strlen(id)) >= 0)
		return fail(msg, msgn, "key id '%s' appears twice", id);
	if (r->nkeys >= SEAL_MAX_KEYS)
		return fail(msg, msgn, "more than %d keys", SEAL_MAX_KEYS);
	sodium_mprotect_readwrite(r->s);
	struct seal_key *k = &r->s->keys[r->nkeys];
	memcpy(k->id, id, strlen(id) + 1);
	memcpy(k->key, key, SEAL_KEY_BYTES);
	sodium_mprotect_readonly(r->s);
	if (current || r->current < 0)
		r->current = r->nkeys;
	r->nkeys++;
	return 0;
}

int seal_ring_set_lookup(struct seal_ring *r, const unsigned char secret[SEAL_KEY_BYTES],
			 char *msg, size_t msgn)
{
	if (r->has_lookup)
		return fail(msg, msgn, "the lookup secret is given twice");
	sodium_mprotect_readwrite(r->s);
	memcpy(r->s->lookup, secret, SEAL_KEY_BYTES);
	sodium_mprotect_readonly(r->s);
	r->has_lookup = true;
	return 0;
}

/* 64 hex digits, or base64 in any of its four variants, of exactly 32 bytes. */
static int decode_key(const char *s, size_t n, unsigned char out[SEAL_KEY_BYTES])
{
	size_t got = 0;
	if (n == 2 * SEAL_KEY_BYTES &&
	    sodium_hex2bin(out, SEAL_KEY_BYTES, s, n, NULL, &got, NULL) == 0 && got == SEAL_KEY_BYTES)
		return 0;
	static const int variants[] = {sodium_base64_VARIANT_ORIGINAL,
				       sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
				       sodium_base64_VARIANT_URLSAFE,
				       sodium_base64_VARIANT_URLSAFE_NO_PADDING};
	/* only ASCII base64 characters: see seal_open */
	for (size_t i = 0; i < n; i++)
		if (!strchr(B64URL B64STD, s[i]) || s[i] == '\0')
			return -1;
	unsigned char tmp[SEAL_KEY_BYTES + 3];
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const char *end = NULL;
		if (sodium_base642bin(tmp, sizeof tmp, s, n, NULL, &got, &end, variants[i]) == 0 &&
		    end == s + n && got == SEAL_KEY_BYTES) {
			memcpy(out, tmp, SEAL_KEY_BYTES);
			sodium_memzero(tmp, sizeof tmp);
			return 0;
		}
	}
	sodium_memzero(tmp, sizeof tmp);
	return -1;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The next whitespace-separated word of [*p, end): its start and length; 0 at the end. */
static size_t word(const char **p, const char *end, const char **w)
{
	while (*p < end && is_space(**p))
		(*p)++;
	*w = *p;
	while (*p < end && !is_space(**p))
		(*p)++;
	return (size_t)(*p - *w);
}

struct seal_ring *seal_ring_load_text(const char *text, size_t len, char *msg, size_t msgn)
{
	if (len > SEAL_KEYFILE_MAX) {
		fail(msg, msgn, "the key file is larger than %d bytes", SEAL_KEYFILE_MAX);
		return NULL;
	}
	struct seal_ring *r = seal_ring_new();
	if (!r) {
		fail(msg, msgn, "no secure memory for the keys");
		return NULL;
	}
	unsigned char key[SEAL_KEY_BYTES];
	char id[SEAL_ID_MAX + 1];
	char why[SEAL_MSG_MAX];
	int marked = -1, lineno = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		lineno++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		const char *hash = memchr(p, '#', (size_t)(le - p));
		const char *ce = hash ? hash : le;   /* the line without its comment */
		const char *q = p, *w1, *w2, *w3, *w4;
		size_t n1 = word(&q, ce, &w1), n2 = word(&q, ce, &w2), n3 = word(&q, ce, &w3);
		size_t n4 = word(&q, ce, &w4);
		p = eol ? eol + 1 : end;
		if (n1 == 0)
			continue;
		if (memchr(w1, '\0', (size_t)(ce - w1))) {
			fail(msg, msgn, "key file line %d: a NUL byte", lineno);
			goto bad;
		}
		if (n2 == 0 || n4 || (n3 && !(n3 == 7 && memcmp(w3, "current", 7) == 0))) {
			fail(msg, msgn, "key file line %d: expected \"ID KEY\", \"ID KEY current\" "
			     "or \"lookup KEY\"", lineno);
			goto bad;
		}
		bool lookup = n1 == 6 && memcmp(w1, "lookup", 6) == 0;
		if (!lookup && (n1 > SEAL_ID_MAX)) {
			fail(msg, msgn, "key file line %d: a key id is 1-%d characters", lineno,
			     SEAL_ID_MAX);
			goto bad;
		}
		if (decode_key(w2, n2, key) != 0) {
			fail(msg, msgn, "key file line %d: the key is not 32 bytes in base64 or hex",
			     lineno);
			goto bad;
		}
		if (lookup) {
			if (n3) {
				fail(msg, msgn, "key file line %d: the lookup secret is never current",
				     lineno);
				goto bad;
			}
			if (seal_ring_set_lookup(r, key, why, sizeof why) != 0) {
				fail(msg, msgn, "key file line %d: %s", lineno, why);
				goto bad;
			}
			continue;
		}
		memcpy(id, w1, n1);
		id[n1] = '\0';
		if (n3 && marked >= 0) {
			fail(msg, msgn, "key file line %d: a second key marked current", lineno);
			goto bad;
		}
		if (seal_ring_add(r, id, key, true, why, sizeof why) != 0) {
			fail(msg, msgn, "key file line %d: %s", lineno, why);
			goto bad;
		}
		if (n3)
			marked = r->nkeys - 1;
	}
	if (r->nkeys == 0) {
		fail(msg, msgn, "the key file has no key");
		goto bad;
	}
	if (!r->has_lookup) {
		fail(msg, msgn, "the key file has no \"lookup\" line");
		goto bad;
	}
	if (marked >= 0)
		r->current = marked;
	sodium_memzero(key, sizeof key);
	return r;
bad:
	sodium_memzero(key, sizeof key);
	seal_ring_free(r);
	return NULL;
}

struct seal_ring *seal_ring_load_file(const char *path, char *msg, size_t msgn)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fail(msg, msgn, "cannot open the key file %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fail(msg, msgn, "the key file %s is not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_mode & 077) {
		fail(msg, msgn, "the key file %s may be read or written by others (mode %04o); "
		     "chmod 600 it", path, (unsigned)(st.st_mode & 07777));
		close(fd);
		return NULL;
	}
	if (st.st_size > SEAL_KEYFILE_MAX) {
		fail(msg, msgn, "the key file %s is larger than %d bytes", path, SEAL_KEYFILE_MAX);
		close(fd);
		return NULL;
	}
	char *text = sodium_malloc(SEAL_KEYFILE_MAX + 1);
	if (!text) {
		fail(msg, msgn, "no secure memory for the key file");
		close(fd);
		return NULL;
	}
	size_t len = 0;
	for (;;) {
		ssize_t got = read(fd, text + len, SEAL_KEYFILE_MAX + 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fail(msg, msgn, "cannot read the key file %s: %s", path, strerror(errno));
			sodium_free(text);
			close(fd);
			return NULL;
		}
		if (got == 0 || (len += (size_t)got) > SEAL_KEYFILE_MAX)
			break;
	}
	close(fd);
	struct seal_ring *r = seal_ring_load_text(text, len, msg, msgn);
	sodium_free(text);
	return r;
}

struct seal_ring *seal_ring_from_string(const char *spec, char *msg, size_t msgn)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	if (!colon) {
		fail(msg, msgn, "a key is given as ID:KEY");
		return NULL;
	}
	size_t idn = (size_t)(colon - spec);
	char id[SEAL_ID_MAX + 1];
	if (idn < 1 || idn > SEAL_ID_MAX) {
		fail(msg, msgn, "a key id is 1-%d characters", SEAL_ID_MAX);
		return NULL;
	}
	memcpy(id, spec, idn);
	id[idn] = '\0';
	unsigned char key[SEAL_KEY_BYTES];
	if (decode_key(colon + 1, strlen(colon + 1), key) != 0) {
		fail(msg, msgn, "the key is not 32 bytes in base64 or hex");
		return NULL;
	}
	struct seal_ring *r = seal_ring_new();
	if (!r) {
		fail(msg, msgn, "no secure memory for the keys");
	} else if (seal_ring_add(r, id, key, true, msg, msgn) != 0 ||
		   seal_ring_set_lookup(r, key, msg, msgn) != 0) {
		seal_ring_free(r);
		r = NULL;
	}
	sodium_memzero(key, sizeof key);
	return r;
}

const char *seal_ring_current(const struct seal_ring *r)
{
	return r->current >= 0 ? r->s->keys[r->current].id : NULL;
}

int seal_ring_count(const struct seal_ring *r) { return r->nkeys; }

bool seal_ring_has(const struct seal_ring *r, const char *id)
{
	return id && find(r, id, strlen(id)) >= 0;
}

/* BLAKE2b-256 keyed with `key` of "<ctx> NUL <purpose>": one subkey per use and purpose. */
static void derive(unsigned char out[32], const unsigned char key[SEAL_KEY_BYTES],
		   const char *ctx, const char *purpose)
{
	unsigned char m[sizeof LOOKUP_CTX + SEAL_PURPOSE_MAX + 1];
	size_t cl = strlen(ctx) + 1, pl = strlen(purpose);
	memcpy(m, ctx, cl);
	memcpy(m + cl, purpose, pl);
	crypto_generichash(out, 32, m, cl + pl, key, SEAL_KEY_BYTES);
}

size_t seal_stored_size(size_t plain_len)
{
	size_t raw = NONCE + MAC + plain_len;
	return strlen(PREFIX) + SEAL_ID_MAX + 1 +
	       sodium_base64_ENCODED_LEN(raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int seal_seal(const struct seal_ring *r, const char *purpose, const void *plain, size_t len,
	      char *out, size_t outn)
{
	if (!purpose_valid(purpose) || r->current < 0 || len > SEAL_MAX_PLAIN)
		return SEAL_ERR_ARG;
	const struct seal_key *k = &r->s->keys[r->current];
	size_t idl = strlen(k->id), raw = NONCE + MAC + len;
	size_t need = strlen(PREFIX) + idl + 1 +
		      sodium_base64_ENCODED_LEN(raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (outn < need)
		return SEAL_ERR_SPACE;
	unsigned char *box = malloc(raw);
	if (!box)
		return SEAL_ERR_SPACE;
	unsigned char sub[32];
	derive(sub, k->key, SEAL_CTX, purpose);
	randombytes_buf(box, NONCE);
	crypto_secretbox_easy(box + NONCE, plain, len, box, sub);
	sodium_memzero(sub, sizeof sub);
	char *o = out;
	memcpy(o, PREFIX, strlen(PREFIX));
	o += strlen(PREFIX);
	memcpy(o, k->id, idl);
	o += idl;
	*o++ = ':';
	sodium_bin2base64(o, outn - (size_t)(o - out), box, raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(box);
	return SEAL_OK;
}

/* Split "v1:<id>:<b64>": the id's start and length and the base64's start. */
static int split(const char *stored, const char **id, size_t *idl, const char **b64)
{
	if (!stored || strncmp(stored, PREFIX, strlen(PREFIX)) != 0)
		return SEAL_ERR_FORMAT;
	const char *s = stored + strlen(PREFIX);
	const char *colon = strchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) > SEAL_ID_MAX)
		return SEAL_ERR_FORMAT;
	char tmp[SEAL_ID_MAX + 1];
	memcpy(tmp, s, (size_t)(colon - s));
	tmp[colon - s] = '\0';
	if (!seal_id_valid(tmp))
		return SEAL_ERR_FORMAT;
	*id = s;
	*idl = (size_t)(colon - s);
	*b64 = colon + 1;
	return SEAL_OK;
}

int seal_key_id(const char *stored, char id[SEAL_ID_MAX + 1])
{
	const char *s, *b64;
	size_t n;
	int rc = split(stored, &s, &n, &b64);
	if (rc != SEAL_OK)
		return rc;
	memcpy(id, s, n);
	id[n] = '\0';
	return SEAL_OK;
}

int seal_open(const struct seal_ring *r, const char *purpose, const char *stored, void *plain,
	      size_t plainn, size_t *len)
{
	if (plain && plainn)
		((char *)plain)[0] = '\0';
	if (!purpose_valid(purpose))
		return SEAL_ERR_ARG;
	const char *id, *b64;
	size_t idl;
	int rc = split(stored, &id, &idl, &b64);
	if (rc != SEAL_OK)
		return rc;
	size_t bl = strlen(b64);
	/* libsodium 1.0.18 reads some bytes above 0x7F as base64 characters (a signed char in
	 * its constant-time comparisons): only the alphabet itself is let through */
	if (strspn(b64, B64URL) != bl)
		return SEAL_ERR_FORMAT;
	size_t maxraw = NONCE + MAC + SEAL_MAX_PLAIN;
	if (bl > sodium_base64_ENCODED_LEN(maxraw, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return SEAL_ERR_FORMAT;
	size_t rawcap = bl / 4 * 3 + 3;
	unsigned char *raw = malloc(rawcap);
	if (!raw)
		return SEAL_ERR_SPACE;
	size_t rawl = 0;
	const char *end = NULL;
	if (sodium_base642bin(raw, rawcap, b64, bl, NULL, &rawl, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != b64 + bl || rawl < NONCE + MAC) {
		free(raw);
		return SEAL_ERR_FORMAT;
	}
	/* canonical only: the unused bits of the last character are zero, so that one value has
	 * one stored form and no changed character opens */
	static const char alphabet[] = B64URL;
	unsigned spare = (unsigned)(rawl % 3 == 1 ? 4 : rawl % 3 == 2 ? 2 : 0);
	const char *last = strchr(alphabet, b64[bl - 1]);
	if (spare && (!last || ((unsigned)(last - alphabet) & ((1u << spare) - 1)) != 0)) {
		free(raw);
		return SEAL_ERR_FORMAT;
	}
	int k = find(r, id, idl);
	if (k < 0) {
		free(raw);
		return SEAL_ERR_UNKNOWN_KEY;
	}
	size_t pl = rawl - NONCE - MAC;
	if (plainn < pl + 1) {
		free(raw);
		return SEAL_ERR_SPACE;
	}
	unsigned char sub[32];
	derive(sub, r->s->keys[k].key, SEAL_CTX, purpose);
	rc = crypto_secretbox_open_easy(plain, raw + NONCE, rawl - NONCE, raw, sub) == 0
		     ? SEAL_OK : SEAL_ERR_AUTH;
	sodium_memzero(sub, sizeof sub);
	free(raw);
	if (rc != SEAL_OK) {
		sodium_memzero(plain, pl + 1);
		return rc;
	}
	((char *)plain)[pl] = '\0';
	if (len)
		*len = pl;
	return SEAL_OK;
}

bool seal_is_current(const struct seal_ring *r, const char *stored)
{
	const char *id, *b64;
	size_t idl;
	if (r->current < 0 || split(stored, &id, &idl, &b64) != SEAL_OK)
		return false;
	const char *cur = r->s->keys[r->current].id;
	return strlen(cur) == idl && memcmp(cur, id, idl) == 0;
}

int seal_reseal(const struct seal_ring *r, const char *purpose, const char *stored, char *out,
		size_t outn)
{
	/* personal fields are short: on the stack (wiped after), which costs nothing per value in
	 * a rotation of millions, where secure memory would cost system calls */
	unsigned char small[1024];
	size_t len = 0, bl = stored ? strlen(stored) : 0;
	size_t cap = bl / 4 * 3 + 4 <= sizeof small ? sizeof small : SEAL_MAX_PLAIN + 1;
	unsigned char *plain = cap == sizeof small ? small : malloc(cap);
	if (!plain)
		return SEAL_ERR_SPACE;
	int rc = seal_open(r, purpose, stored, plain, cap, &len);
	if (rc == SEAL_OK)
		rc = seal_seal(r, purpose, plain, len, out, outn);
	sodium_memzero(plain, cap);
	if (plain != small)
		free(plain);
	return rc;
}

int seal_lookup(const struct seal_ring *r, const char *purpose, const char *value,
		char out[SEAL_LOOKUP_HEX])
{
	out[0] = '\0';
	if (!purpose_valid(purpose) || !value)
		return SEAL_ERR_ARG;
	if (!r->has_lookup)
		return SEAL_ERR_NO_LOOKUP;
	unsigned char sub[32], h[32];
	derive(sub, r->s->lookup, LOOKUP_CTX, purpose);
	crypto_generichash(h, sizeof h, (const unsigned char *)value, strlen(value), sub, sizeof sub);
	sodium_memzero(sub, sizeof sub);
	sodium_bin2hex(out, SEAL_LOOKUP_HEX, h, sizeof h);
	return SEAL_OK;
}

int seal_key_line(const char *id, char *out, size_t outn)
{
	bool lookup = id && strcmp(id, "lookup") == 0;
	if ((!lookup && !seal_id_valid(id)) || outn < SEAL_LINE_MAX || sodium_init() < 0) {
		if (outn)
			out[0] = '\0';
		return -1;
	}
	unsigned char key[SEAL_KEY_BYTES];
	char b64[sodium_base64_ENCODED_LEN(SEAL_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	randombytes_buf(key, sizeof key);
	sodium_bin2base64(b64, sizeof b64, key, sizeof key, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, outn, "%s %s\n", id, b64);
	sodium_memzero(key, sizeof key);
	sodium_memzero(b64, sizeof b64);
	return 0;
}

const char *seal_strerror(int rc)
{
	switch (rc) {
	case SEAL_OK: return "ok";
	case SEAL_ERR_FORMAT: return "not a sealed value";
	case SEAL_ERR_UNKNOWN_KEY: return "sealed with a key that is not in the key ring";
	case SEAL_ERR_AUTH: return "the sealed value does not verify (altered, or another key or purpose)";
	case SEAL_ERR_SPACE: return "the buffer is too small";
	case SEAL_ERR_ARG: return "bad purpose, empty key ring or value too long";
	case SEAL_ERR_NO_LOOKUP: return "the key ring has no lookup secret";
	default: return "unknown error";
	}
}
