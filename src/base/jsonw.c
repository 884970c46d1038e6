#include "base/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"

/* Append: a plain copy while the piece fits, the buffer's growth only when it must. */
static inline void put(struct jw *w, const char *p, size_t n)
{
	struct buf *b = &w->b;
	if (b->len + n + 1 <= b->cap) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
		b->p[b->len] = '\0';
	} else {
		buf_add(b, p, n);
	}
}

void jw_init(struct jw *w, struct arena *a)
{
	buf_init(&w->b, a);
	w->depth = 0;
	w->overflow = 0;
	w->first[0] = true;
}

/* Before a value: a comma unless it is the first in its container or follows a key. */
static void sep(struct jw *w)
{
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = false;
}

static void open_(struct jw *w, char c)
{
	sep(w);
	put(w, &c, 1);
	if (w->depth < JW_MAX_DEPTH - 1)
		w->first[++w->depth] = true;
	else
		w->overflow++;   /* deeper than the flags go: counted so that closing stays balanced */
}

static void close_(struct jw *w, char c)
{
	put(w, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj(struct jw *w) { open_(w, '{'); }
void jw_obj_end(struct jw *w) { close_(w, '}'); }
void jw_arr(struct jw *w) { open_(w, '['); }
void jw_arr_end(struct jw *w) { close_(w, ']'); }

static void quoted(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	put(w, "\"", 1);
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(p - run));
		char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			put(w, esc, 2);
		} else if (c == '\n') {
			put(w, "\\n", 2);
		} else if (c == '\t') {
			put(w, "\\t", 2);
		} else if (c == '\r') {
			put(w, "\\r", 2);
		} else {
			put(w, esc, 6);
		}
		run = p + 1;
	}
	put(w, run, strlen(run));
	put(w, "\"", 1);
}

void jw_key(struct jw *w, const char *key)
{
	sep(w);
	quoted(w, key);
	put(w, ":", 1);
	w->first[w->depth] = true;   /* the value that follows takes no comma */
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	sep(w);
	quoted(w, s);
}

void jw_int(struct jw *w, int64_t v)
{
	char n[24], *p = n + sizeof n;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(n + sizeof n - p));
}

void jw_int_or_null(struct jw *w, int64_t v)
{
	if (v)
		jw_int(w, v);
	else
		jw_null(w);
}

void jw_bool(struct jw *w, bool v)
{
	sep(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w)
{
	sep(w);
	put(w, "null", 4);
}

void jw_time(struct jw *w, int64_t t)
{
	if (!t) {
		jw_null(w);
		return;
	}
	char iso[40];
	clock_iso(t, iso, sizeof iso);
	jw_str(w, iso);
}

void jw_raw(struct jw *w, const char *json)
{
	if (!json || !*json) {
		jw_null(w);
		return;
	}
	sep(w);
	put(w, json, strlen(json));
}
