/* form: application/x-www-form-urlencoded bodies (the syntax of a query string): name=value
 * pairs joined by '&', '+' a space and %XX a byte. Every name and value comes out decoded, as
 * valid UTF-8 with no NUL; a pair without '=' has an empty value; empty pairs ("a=1&&b=2") are
 * skipped. */
#ifndef LINLI_FORM_H
#define LINLI_FORM_H

#include <stddef.h>

#include "base/arena.h"

struct form_pair {
	const char *name, *value;
};

enum form_error {
	FORM_OK = 0,
	FORM_TOO_MANY,      /* more than max pairs */
	FORM_BAD_ESCAPE,    /* a '%' not followed by two hex digits */
	FORM_BAD_UTF8,      /* a name or value that decodes to invalid UTF-8 */
	FORM_NUL,           /* a NUL byte, raw or as %00 */
};

/* Parse body[0..len) into an array of pairs on the arena, in their order. FORM_OK with *pairs
 * and *n, or the first problem (nothing is returned then). */
enum form_error form_parse(struct arena *a, const char *body, size_t len, size_t max,
			   struct form_pair **pairs, size_t *n);
/* The value of the first pair of that name, NULL when none. */
const char *form_get(const struct form_pair *pairs, size_t n, const char *name);

#endif
