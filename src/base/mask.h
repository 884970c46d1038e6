/* mask: the one fixed pattern that shows a personal value without giving it away, per kind of
 * value, applied on the server before anything leaves it. A "character" is a UTF-8 code point;
 * a byte that is not UTF-8 counts as one character and is shown as '?' where it is kept. Each
 * hidden character becomes one '*', so the output never has more bytes than the input: a
 * buffer of strlen(s) + 1 always suffices (a smaller one gets a prefix cut on a character).
 * The _buf forms write into out (outsz > 0) and return it; the others allocate on the arena
 * and give NULL for NULL. */
#ifndef LINLI_MASK_H
#define LINLI_MASK_H

#include <stddef.h>

#include "base/arena.h"

/* An ID number: the first 3 and last 4 characters of 15 or more (110***********1234); the
 * first 2 and last 2 of 8 to 14 (a passport E1*****78), so that at least half is hidden;
 * shorter values wholly starred. The length is kept. */
char *mask_idnum_buf(const char *s, char *out, size_t outsz);
char *mask_idnum(struct arena *a, const char *s);

/* A phone number: a landline "area-local[-ext]" (010-62345678, as phone_parse writes it)
 * keeps its area code and the local number's last 4, the extension starred (010-****5678);
 * anything else keeps the first 3 and last 4 of 11 characters or more (138****1234), the last
 * 4 of 8 to 10, and is wholly starred when shorter. */
char *mask_phone_buf(const char *s, char *out, size_t outsz);
char *mask_phone(struct arena *a, const char *s);

/* A person's name: the surname (the first character, or the first two for a compound surname
 * such as 欧阳 or 司马 in a name of three or more) and a star for each other character:
 * 张三 → 张*, 欧阳娜娜 → 欧阳**, a one-character value → *. */
char *mask_name_buf(const char *s, char *out, size_t outsz);
char *mask_name(struct arena *a, const char *s);

#endif
