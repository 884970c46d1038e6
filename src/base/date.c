/* Civil dates (date.h): H. Hinnant's days_from_civil and its inverse. */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

bool date_valid(int date)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	if (date <= 0 || y < 1 || y > 9999 || m < 1 || m > 12)
		return false;
	return d >= 1 && d <= date_days_in_month(y, m);
}

int64_t date_to_days(int date)
{
	int64_t y = date / 10000, m = date / 100 % 100, d = date % 100;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

int date_of_time(int64_t t)
{
	if (t < -62135625600)          /* 0001-01-01T00:00:00+08:00 */
		return 10101;
	if (t > 253402271999)          /* 9999-12-31T23:59:59+08:00 */
		return 99991231;
	int64_t s = t + DATE_OFFSET;
	return date_from_days(s / 86400 - (s % 86400 < 0));
}

int64_t date_midnight(int date) { return date_to_days(date) * 86400 - DATE_OFFSET; }

int date_add(int date, int n) { return date_from_days(date_to_days(date) + n); }

int date_weekday(int date)
{
	int64_t w = (date_to_days(date) + 3) % 7;   /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w) + 1;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int number(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int date_parse(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	int d = number(s, 4) * 10000 + number(s + 5, 2) * 100 + number(s + 8, 2);
	return date_valid(d) ? d : 0;
}

int date_parse_month(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-' || !digits(s, 4) || !digits(s + 5, 2))
		return 0;
	int y = number(s, 4), m = number(s + 5, 2);
	return y >= 1 && m >= 1 && m <= 12 ? y * 100 + m : 0;
}

void date_month_of(int64_t t, char *out)
{
	unsigned d = (unsigned)date_of_time(t);
	snprintf(out, 8, "%04u-%02u", d / 10000 % 10000, d / 100 % 100);
}

void date_format(int date, char *out, unsigned n)
{
	snprintf(out, n, "%04d-%02d-%02d", date / 10000 % 10000, date / 100 % 100, date % 100);
}

int date_parse_hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':' || !digits(s, 2) || !digits(s + 3, 2))
		return -1;
	int h = number(s, 2), m = number(s + 3, 2);
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}
