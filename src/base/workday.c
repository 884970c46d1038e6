/* The working-day clock (workday.h). A year has about 250 working days; the loops below walk
 * day by day, which keeps every rule in one place (workday_is_work) and is fast enough for
 * the limits a community office sets (days to weeks). */
#include "base/workday.h"

#include "base/date.h"

#define MAX_DAYS (366 * 50)   /* a walk stops after 50 years: a calendar with no working day */

bool workday_segments_valid(const struct workday_calendar *c)
{
	if (c->nseg < 1 || c->nseg > WORKDAY_SEGMENTS)
		return false;
	int last = 0;
	for (int i = 0; i < c->nseg; i++) {
		if (c->seg[i].start < last || c->seg[i].end <= c->seg[i].start || c->seg[i].end > 1440)
			return false;
		last = c->seg[i].end;
	}
	return true;
}

bool workday_is_work(const struct workday_calendar *c, int date)
{
	size_t lo = 0, hi = c->nex;
	while (lo < hi) {   /* the exceptions are sorted by date */
		size_t mid = lo + (hi - lo) / 2;
		if (c->ex[mid].date == date)
			return c->ex[mid].work;
		if (c->ex[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return date_weekday(date) <= 5;
}

int64_t workday_add_days(const struct workday_calendar *c, int64_t t, int n)
{
	int date = date_of_time(t);
	for (int walked = 0; n > 0 && walked < MAX_DAYS; walked++) {
		date = date_add(date, 1);
		if (workday_is_work(c, date))
			n--;
	}
	return date_midnight(date_add(date, 1));
}

/* The working minutes of t's day from the start of its segments up to t's minute (min of day). */
static int64_t minutes_upto(const struct workday_calendar *c, int minute)
{
	int64_t m = 0;
	for (int i = 0; i < c->nseg; i++) {
		if (minute <= c->seg[i].start)
			break;
		m += (minute < c->seg[i].end ? minute : c->seg[i].end) - c->seg[i].start;
	}
	return m;
}

int64_t workday_day_minutes(const struct workday_calendar *c)
{
	return minutes_upto(c, 1440);
}

int64_t workday_add_minutes(const struct workday_calendar *c, int64_t t, int64_t m)
{
	if (m <= 0)
		return t;
	int date = date_of_time(t);
	int64_t mid = date_midnight(date);
	int64_t secs = t - mid;   /* into the day, 0..86399 */
	int64_t left = m * 60;    /* seconds still to count */
	for (int walked = 0; walked < MAX_DAYS; walked++) {
		if (workday_is_work(c, date)) {
			for (int i = 0; i < c->nseg; i++) {
				int64_t s = (int64_t)c->seg[i].start * 60, e = (int64_t)c->seg[i].end * 60;
				if (secs >= e)
					continue;
				int64_t from = secs > s ? secs : s;
				if (left <= e - from)
					return mid + from + left;
				left -= e - from;
				secs = e;
			}
		}
		date = date_add(date, 1);
		mid = date_midnight(date);
		secs = 0;
	}
	return mid;
}

int64_t workday_minutes_between(const struct workday_calendar *c, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	int da = date_of_time(a), db = date_of_time(b);
	int ma = (int)((a - date_midnight(da)) / 60), mb = (int)((b - date_midnight(db)) / 60);
	if (da == db)
		return workday_is_work(c, da) ? minutes_upto(c, mb) - minutes_upto(c, ma) : 0;
	int64_t m = workday_is_work(c, da) ? workday_day_minutes(c) - minutes_upto(c, ma) : 0;
	int64_t full = workday_day_minutes(c);
	for (int d = date_add(da, 1); d < db; d = date_add(d, 1))
		if (workday_is_work(c, d))
			m += full;
	return m + (workday_is_work(c, db) ? minutes_upto(c, mb) : 0);
}
