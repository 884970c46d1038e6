/* workday: the working-day clock of time limits (办理时限), on the calendar of Asia/Shanghai.
 *
 * A day is a working day by the week's rule (Monday to Friday) unless an exception says
 * otherwise: a holiday on a weekday, or a Saturday or Sunday worked in exchange (调休), as the
 * State Council's notice sets them each year. A working day's hours are its segments (for
 * example 09:00–12:00 and 13:30–17:30).
 *
 * Limits in working days count from the day after the matter was received, whatever the hour
 * (the day of the event is not counted, as for every period in Chinese law), and end at the
 * end of the last one (24:00). Limits in working hours count working minutes inside the
 * segments, from the moment received (or the next segment's start, outside them). */
#ifndef LINLI_WORKDAY_H
#define LINLI_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORKDAY_SEGMENTS 4

struct workday_exception {
	int date;      /* YYYYMMDD */
	bool work;     /* a working day (调休) or a day off (a holiday) */
};

struct workday_calendar {
	const struct workday_exception *ex;   /* sorted by date, each date once */
	size_t nex;
	int nseg;                             /* 1..WORKDAY_SEGMENTS */
	struct { int start, end; } seg[WORKDAY_SEGMENTS];   /* minutes of the day, ascending */
};

/* Whether the segments are sound: 1..WORKDAY_SEGMENTS of them, each start < end, within
 * 0..1440, in order without overlap. */
bool workday_segments_valid(const struct workday_calendar *c);
bool workday_is_work(const struct workday_calendar *c, int date);
/* The end (24:00, as epoch seconds) of the n-th working day after t's day (n >= 1). */
int64_t workday_add_days(const struct workday_calendar *c, int64_t t, int n);
/* The moment m working minutes after t (m >= 0; with m = 0, t itself). */
int64_t workday_add_minutes(const struct workday_calendar *c, int64_t t, int64_t m);
/* The working minutes of a working day: its segments' lengths. */
int64_t workday_day_minutes(const struct workday_calendar *c);
/* The working minutes from a to b (0 when b <= a). */
int64_t workday_minutes_between(const struct workday_calendar *c, int64_t a, int64_t b);

#endif
