/* jsonw: a streaming JSON writer into an arena buffer, for the hot list answers where building
 * a jansson tree (and re-parsing stored JSON) would cost more than the query. */
#ifndef LINLI_JSONW_H
#define LINLI_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct buf b;
	int depth;
	int overflow;   /* levels opened beyond JW_MAX_DEPTH */
	bool first[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, struct arena *a);
void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);     /* NULL writes null */
void jw_int(struct jw *w, int64_t v);
void jw_int_or_null(struct jw *w, int64_t v); /* 0 writes null */
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_time(struct jw *w, int64_t t);        /* ISO 8601 in UTC+8; 0 writes null */
/* Text that is already JSON (written by this program); NULL or "" writes null. */
void jw_raw(struct jw *w, const char *json);

#endif
