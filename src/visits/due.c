/* The calendar of home visits and the rule table (due.h). */
#include "visits/due.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"

/* Who is visited how often, by their tags. The shortest interval of a resident's tags wins, and
 * a household plan covers everyone living in it. Sensitive tags (disability, minimum income,
 * health, minors) make no plan here, so that a plan never tells a reader who may not see them
 * what they are; staff set such plans by hand. */
const struct due_rule due_rules[] = {
	{"living_alone", 2, false},    /* 独居老人: every other day, as seed 000's volunteer does */
	{"advanced_age", 7, false},    /* 高龄老人 (80+): weekly */
	{"empty_nest", 7, false},      /* 空巢老人: weekly */
	{"key_household", 7, true},    /* 重点户: the household, weekly (seed 001) */
	{NULL, 0, false},
};

const struct due_rule *due_rule_for(const char *tag)
{
	for (const struct due_rule *r = due_rules; tag && r->tag; r++)
		if (strcmp(r->tag, tag) == 0)
			return r;
	return NULL;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return y * 10000 + m * 100 + d;
}

static int64_t to_days(int64_t d)
{
	return days_from_civil(d / 10000, d / 100 % 100, d % 100);
}

bool due_date_valid(int64_t d)
{
	int64_t y = d / 10000, m = d / 100 % 100, day = d % 100;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || day < 1)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return day <= max;
}

int due_date_parse(const char *s, int64_t *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int64_t v = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (!due_date_valid(v))
		return 0;
	*out = v;
	return 1;
}

void due_date_format(int64_t d, char *out, unsigned n)
{
	snprintf(out, n, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

int64_t due_date_of(int64_t t)
{
	int64_t local = t + CLOCK_DISPLAY_OFFSET;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	return civil_from_days(days);
}

int64_t due_date_add(int64_t d, int64_t n)
{
	return civil_from_days(to_days(d) + n);
}

int64_t due_days_between(int64_t a, int64_t b)
{
	return to_days(b) - to_days(a);
}

int64_t due_next(int64_t starts_on, int64_t last_visit_on, int64_t interval)
{
	if (!last_visit_on)
		return starts_on;
	return due_date_add(last_visit_on, interval < 1 ? 1 : interval);
}

int64_t due_overdue(int64_t next_due, int64_t today)
{
	return due_days_between(next_due, today);
}
