/* fuzz_text: what the server does with header values, paths and typed text before it stores or
 * logs them. The input is any bytes (one header value, one path).
 *
 * Invariants checked (any violation aborts):
 *  - text_escape writes valid UTF-8 with no control character, no bidirectional control and
 *    no byte the input did not make visible, within its buffer, for every buffer size, and its
 *    output only grows with the buffer (a cut is a prefix of the whole);
 *  - utf8_prefix never cuts a valid character and never passes max; on valid UTF-8 the prefix
 *    is valid UTF-8;
 *  - text_has_bidi agrees with the escaped form holding a \u202X / \u206X escape it made;
 *  - lang_from_header and url_decode neither crash nor read past the end;
 *  - date_parse and date_parse_hhmm (a path's date, a time of day) accept only what they
 *    write back: an accepted text is formatted again into itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_text: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';   /* as the server sees a C string: up to the first NUL */
	size_t len = strlen(s);

	int d = date_parse(s);
	if (d) {
		char back[16];
		date_format(d, back, sizeof back);
		CHECK(strcmp(back, s) == 0 && date_valid(d));
	}
	int m = date_parse_hhmm(s);
	if (m >= 0) {
		char back[8];
		snprintf(back, sizeof back, "%02d:%02d", m / 60, m % 60);
		CHECK(m <= 1440 && strcmp(back, s) == 0);
	}

	size_t full_n = len * 6 + 16;
	char *full = malloc(full_n);
	text_escape(s, full, full_n);
	size_t fl = strlen(full);
	CHECK(utf8_valid(full, fl));
	CHECK(!text_has_control(full, false));
	CHECK(!text_has_bidi(full));
	for (size_t i = 0; i < fl; i++)
		CHECK((unsigned char)full[i] != 0x7F);
	if (text_has_bidi(s))
		CHECK(strstr(full, "\\u202") || strstr(full, "\\u206"));
	/* every smaller buffer holds a prefix of the whole, cut between escapes */
	char small[64];
	for (size_t n = 1; n <= sizeof small; n += 7) {
		text_escape(s, small, n);
		size_t sl = strlen(small);
		CHECK(sl < n);
		CHECK(strncmp(small, full, sl) == 0);
		CHECK(utf8_valid(small, sl));
	}

	for (size_t max = 0; max <= len + 1; max += 1 + max / 4) {
		size_t p = utf8_prefix(s, max);
		CHECK(p <= max && p <= len);
		if (utf8_valid(s, len))
			CHECK(utf8_valid(s, p));
	}

	(void)lang_from_header(s);
	char *dec = malloc(len + 1);
	memcpy(dec, s, len + 1);
	if (url_decode(dec, true) == 0)
		CHECK(strlen(dec) <= len);
	free(dec);
	free(full);
	free(s);
	return 0;
}
