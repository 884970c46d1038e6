/* arena: a bump allocator. A request owns one; everything request-scoped comes from it and is
 * released at once by arena_free() when the response is done. */
#ifndef LINLI_ARENA_H
#define LINLI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Keep the first chunk, drop the rest: ready for the next request. */
void arena_reset(struct arena *a);

/* Never returns NULL: aborts on out-of-memory, as a request cannot go on without memory. */
void *arena_alloc(struct arena *a, size_t n);      /* zeroed, 16-byte aligned */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* A growable byte buffer on an arena. */
struct buf {
	struct arena *a;
	char *p;
	size_t len, cap;
};
void buf_init(struct buf *b, struct arena *a);
void buf_add(struct buf *b, const void *data, size_t n);
/* Make room for n more bytes now, so that the appends that follow do not reallocate. */
void buf_reserve(struct buf *b, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NUL-terminated contents (the terminator is not counted in len). */
const char *buf_str(struct buf *b);

#endif
