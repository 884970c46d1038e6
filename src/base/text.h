/* text: UTF-8 validation and small string helpers. */
#ifndef LINLI_TEXT_H
#define LINLI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8. */
size_t utf8_count(const char *s);
/* True if s has a C0/C1 control character or DEL (tab and newline allowed when multiline). */
bool text_has_control(const char *s, bool multiline);
/* Constant-time comparison of two NUL-terminated strings. */
bool text_equal_ct(const char *a, const char *b);
/* Decode %XX and '+' (when plus_is_space) in place; returns -1 on a bad escape. */
int url_decode(char *s, bool plus_is_space);

#endif
