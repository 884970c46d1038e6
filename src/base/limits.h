/* limits: the bounds of the fields people type, in one place. Each feature keeps a table of
 * them (and its validators read the table, never their own numbers); linli serves them all at
 * GET /api/v1/limits, from which the console shows the rules before saving, and prints them with
 * `linli limits`, against which the OpenAPI lint checks every schema marked `x-limit: KEY`. */
#ifndef LINLI_LIMITS_H
#define LINLI_LIMITS_H

#include <jansson.h>
#include <stdint.h>

enum limit_type { LIMIT_STRING = 1, LIMIT_INTEGER = 2 };

struct limit {
	const char *key;         /* "user.display_name" */
	enum limit_type type;
	int64_t min, max;        /* characters of a string, or the value of an integer */
	const char *pattern;     /* a string's ECMAScript pattern, or NULL */
};

/* Add a feature's table, ended by {NULL}; -1 when a key is already there. At start. */
int limits_add(const struct limit *table);
/* {"user.display_name": {"type":"string","min":1,"max":64}, ...} */
json_t *limits_json(void);

#endif
