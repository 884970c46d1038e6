/* json: strict parsing of request bodies and typed field readers that record field errors.
 * Readers return 1 when the field is present and valid, 0 when absent and optional, -1 on an
 * error (recorded in `e` with the field's name). */
#ifndef LINLI_JSON_H
#define LINLI_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

enum { JF_REQUIRED = 1, JF_MULTILINE = 2, JF_NULLABLE = 4 };

/* Parse a request body: valid UTF-8, well-formed JSON, no duplicate keys, an object at the top.
 * Returns a new reference or NULL with e set (400 malformed_json). */
json_t *json_parse_body(const char *data, size_t len, struct err *e);

/* Every key of obj must be in allowed (NULL-terminated); each other key is a field error. */
int json_only_fields(json_t *obj, const char *const allowed[], struct err *e);

/* A string of minlen..maxlen characters. Never a NUL or a control character (but tab and line
 * breaks with JF_MULTILINE); a one-line string never a bidirectional control either. */
int jf_str(json_t *obj, const char *name, int flags, size_t minlen, size_t maxlen,
	   const char **out, struct err *e);
int jf_int(json_t *obj, const char *name, int flags, int64_t min, int64_t max, int64_t *out,
	   struct err *e);
int jf_bool(json_t *obj, const char *name, int flags, bool *out, struct err *e);
/* An array of integers in [min,max], at most maxn of them, duplicates removed. */
int jf_int_array(json_t *obj, const char *name, int flags, size_t maxn, int64_t min, int64_t max,
		 struct arena *a, int64_t **out, size_t *n, struct err *e);

/* Serialise compactly into the arena (UTF-8 kept as is). Steals nothing. */
char *json_to_arena(struct arena *a, const json_t *v, size_t *len);
/* json_string() that never returns NULL for a NULL argument: gives JSON null. */
json_t *json_str_or_null(const char *s);
/* An ISO 8601 time, or JSON null for 0. */
json_t *json_time(int64_t t);

#endif
