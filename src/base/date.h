/* date: civil dates as YYYYMMDD integers (20260215), on the calendar of Asia/Shanghai (UTC+8,
 * no daylight saving time), and the days between them. */
#ifndef LINLI_DATE_H
#define LINLI_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_OFFSET (8 * 3600)   /* seconds east of UTC of the dates' calendar */

/* Whether date is a day of the Gregorian calendar, years 1 to 9999. */
bool date_valid(int date);
int date_days_in_month(int year, int month);
/* The date of epoch time t in UTC+8 (times outside years 1..9999 give the first or last day). */
int date_of_time(int64_t t);
/* "YYYY-MM" of epoch time t in UTC+8 (out: at least 8 bytes). */
void date_month_of(int64_t t, char *out);
/* "2026-03" → 202603: a month of years 1..9999 in exactly that form, else 0. */
int date_parse_month(const char *s);
/* The epoch time of a date's midnight in UTC+8. */
int64_t date_midnight(int date);
/* Days since 1970-01-01, and back. */
int64_t date_to_days(int date);
int date_from_days(int64_t days);
/* date plus n days (n may be negative). */
int date_add(int date, int n);
/* 1 Monday … 7 Sunday. */
int date_weekday(int date);
/* "2026-02-14" → 20260214: a real date in exactly that form, else 0. date_format writes it
 * back (out: at least 11 bytes). */
int date_parse(const char *s);
void date_format(int date, char *out, unsigned n);
/* "09:30" → 570, "24:00" → 1440 (the day's end): minutes of the day in exactly that form,
 * else -1. */
int date_parse_hhmm(const char *s);

#endif
