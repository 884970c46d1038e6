/* calendar: the working-day calendar of time limits (办理时限). The days that differ from the
 * week's rule (holidays, and Saturdays or Sundays worked in exchange, 调休) as the State
 * Council's notice sets them each year, and the working hours of a day; the arithmetic is
 * base/workday's. Every user may read it; administrators (settings.write) edit it. */
#ifndef LINLI_CALENDAR_H
#define LINLI_CALENDAR_H

#include <jansson.h>
#include <stdint.h>

#include "base/ctx.h"
#include "base/workday.h"

struct calendar_day {
	int date;              /* YYYYMMDD */
	const char *kind;      /* holiday | workday */
	const char *name;
	int64_t updated_at;
	const char *updated_by;
};

/* The calendar from one date to another (the exceptions in that range) and the hours, on cx's
 * arena, without an access check (other features' time limits need it). 0, or -1. */
int calendar_load(struct ctx *cx, int from, int to, struct workday_calendar *out);
/* The calendar for time limits from t on, loaded once for several: its hours, and its days as
 * far ahead as a walk of n working days or of m working minutes from t can reach (the reach of
 * calendar_due_days and calendar_due_minutes; either may be 0), for workday_add_days and
 * workday_add_minutes. 0, or -1. */
int calendar_load_ahead(struct ctx *cx, int64_t t, int n, int64_t m, struct workday_calendar *out);
/* Time limits by the calendar kept: the end of n working days after t; m working minutes after
 * t; the working minutes from a to b. 0, or -1. */
int calendar_due_days(struct ctx *cx, int64_t t, int n, int64_t *due);
int calendar_due_minutes(struct ctx *cx, int64_t t, int64_t m, int64_t *due);
int calendar_minutes_between(struct ctx *cx, int64_t a, int64_t b, int64_t *out);

/* The API's: a year's days, hours and count of working days; a day set or cleared back to the
 * week's rule (settings.write, audited); the hours replaced ({version, segments}). */
int calendar_year(struct ctx *cx, int year, json_t **out);
int calendar_day_set(struct ctx *cx, const char *date, json_t *body, json_t **out);
int calendar_day_clear(struct ctx *cx, const char *date);
int calendar_hours_set(struct ctx *cx, json_t *body, json_t **out);
/* A year's days replaced by a file as the State Council's notice reads (`date,kind,name`, UTF-8,
 * the header first; at most CALENDAR_IMPORT_MAX bytes), in one transaction, audited once
 * (settings.write). year 0: the year of the file's first date (the command line's). Every row is
 * judged first, by calendar_day_set's rules and a date not twice; with any error nothing
 * changes: -1 with cx->err, and *out (when it is not NULL) the rows' errors
 * ({year, rows, errors_total, errors: [{row, line, field, message}]}) to hand out beside it.
 * 0 with *out the year as calendar_year gives it, with the counts imported, added, changed
 * and removed. */
#define CALENDAR_IMPORT_MAX (64 * 1024)
int calendar_import(struct ctx *cx, int year, const char *data, size_t len, json_t **out);
/* Its routes (calendar_api.c). */
void calendar_api_register(void);
/* A due time worked out for the console: from, and working_days or working_hours. */
int calendar_due(struct ctx *cx, int64_t from, int64_t days, int64_t hours, json_t **out);

#endif
