/* The calendar of home visits and the rule table (due.h). */
#include "visits/due.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"

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

bool due_date_valid(int64_t d)
{
	return d >= 19000101 && d <= 29991231 && date_valid((int)d);
}

int due_date_parse(const char *s, int64_t *out)
{
	int d = date_parse(s);
	if (!d || !due_date_valid(d))
		return 0;
	*out = d;
	return 1;
}

void due_date_format(int64_t d, char *out, unsigned n) { date_format((int)d, out, n); }

int64_t due_date_of(int64_t t) { return date_of_time(t); }

int64_t due_date_add(int64_t d, int64_t n) { return date_from_days(date_to_days((int)d) + n); }

int64_t due_days_between(int64_t a, int64_t b) { return date_to_days((int)b) - date_to_days((int)a); }

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
