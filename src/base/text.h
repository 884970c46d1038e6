/* text: UTF-8 validation and small string helpers. */
#ifndef LINLI_TEXT_H
#define LINLI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* The length in bytes of the longest prefix of s that fits in max bytes and does not end
 * inside a character (a byte that is not UTF-8 counts as one): where to cut text so that valid
 * UTF-8 stays valid. */
size_t utf8_prefix(const char *s, size_t max);
/* True if s holds a bidirectional embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069), which can make a name read as something else. */
bool text_has_bidi(const char *s);
/* Copy in to out (outsz bytes with the NUL) with everything that could forge a log line, move
 * a terminal or reorder what a reader sees made visible: control characters and bytes that are
 * not UTF-8 as \xHH, bidirectional controls as \u202e, a backslash as two. Cut on a whole
 * character or escape. Returns out. */
char *text_escape(const char *in, char *out, size_t outsz);
/* "%text%" for SQL LIKE ... ESCAPE '\\': ASCII lower-cased, its %, _ and \\ matched literally. */
char *text_like_contains(struct arena *a, const char *text);
/* Number of code points in valid UTF-8. */
size_t utf8_count(const char *s);
/* True if s has a C0/C1 control character or DEL (tab and newline allowed when multiline). */
bool text_has_control(const char *s, bool multiline);
/* Constant-time comparison of two NUL-terminated strings. */
bool text_equal_ct(const char *a, const char *b);
/* Decode %XX and '+' (when plus_is_space) in place; returns -1 on a bad escape. */
int url_decode(char *s, bool plus_is_space);

#endif
