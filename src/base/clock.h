/* clock: UTC epoch seconds inside, ISO 8601 with offset outside, Asia/Shanghai (UTC+8, no DST)
 * for display. */
#ifndef LINLI_CLOCK_H
#define LINLI_CLOCK_H

#include <stdint.h>

#define CLOCK_DISPLAY_OFFSET (8 * 3600)

int64_t clock_now(void);
/* Run the clock this many seconds ahead (or behind): `clock_offset`, for rehearsing what the
 * time limits do tomorrow and for the tests of the schedulers. Set once, at start. */
void clock_set_offset(int64_t seconds);
/* "2026-11-22T10:38:25+08:00" into out (at least 32 bytes). */
void clock_iso(int64_t t, char *out, unsigned n);
/* Accepts YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM) and YYYY-MM-DD (midnight, UTC+8).
 * Returns 0, or -1 when the text is not such a time. */
int clock_parse_iso(const char *s, int64_t *out);
/* "2026-11-22" of t in UTC+8. */
void clock_date(int64_t t, char *out, unsigned n);

#endif
