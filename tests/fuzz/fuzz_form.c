/* fuzz_form: application/x-www-form-urlencoded bodies (Open311's POST). The input is any bytes.
 *
 * Invariants checked (any violation aborts):
 *  - form_parse never reads past the body, and on success every name and value is valid UTF-8
 *    with no NUL, no longer than the body, and there are at most `max` pairs;
 *  - what it accepts, encoded again (every byte as %XX), parses back to the same pairs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/form.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_form: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

static size_t encode(char *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		o[k++] = '%';
		o[k++] = hex[*p >> 4];
		o[k++] = hex[*p & 15];
	}
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	/* exactly size bytes, no terminator: a read past the end is caught */
	char *body = malloc(size ? size : 1);
	memcpy(body, data, size);
	struct arena *a = arena_new();
	struct form_pair *p;
	size_t n;
	const size_t max = 32;
	if (form_parse(a, body, size, max, &p, &n) == FORM_OK) {
		CHECK(n <= max);
		char *again = malloc(size * 3 + 2 * n + 1);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			size_t nl = strlen(p[i].name), vl = strlen(p[i].value);
			CHECK(nl <= size && vl <= size);
			CHECK(utf8_valid(p[i].name, nl) && utf8_valid(p[i].value, vl));
			if (!nl && !vl)
				continue;   /* "=" alone: a pair of two empty strings */
			if (k)
				again[k++] = '&';
			k += encode(again + k, p[i].name);
			again[k++] = '=';
			k += encode(again + k, p[i].value);
		}
		struct form_pair *q;
		size_t m;
		CHECK(form_parse(a, again, k, max, &q, &m) == FORM_OK);
		size_t j = 0;
		for (size_t i = 0; i < n; i++) {
			if (!p[i].name[0] && !p[i].value[0])
				continue;
			CHECK(j < m && strcmp(p[i].name, q[j].name) == 0 &&
			      strcmp(p[i].value, q[j].value) == 0);
			j++;
		}
		CHECK(j == m);
		free(again);
	}
	arena_free(a);
	free(body);
	return 0;
}
