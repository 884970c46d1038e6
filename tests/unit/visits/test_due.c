/* Unit tests of the home-visit calendar (visits/due.c): dates, the due-date rule and the rule
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry/codes.h"
#include "visits/due.h"

static void test_dates(void **state)
{
	(void)state;
	int64_t d = 0;
	assert_int_equal(due_date_parse("2026-12-01", &d), 1);
	assert_int_equal(d, 20261201);
	assert_int_equal(due_date_parse("2028-02-29", &d), 1);
	const char *bad[] = {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
			     "20261201", "2026/12/01", "2026-12-01T00:00", "", "1899-12-31",
			     "2100-02-29", "abcd-ef-gh"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(due_date_parse(bad[i], &d), 0);
	assert_int_equal(due_date_parse("2000-02-29", &d), 1);
	char buf[16];
	due_date_format(20260105, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-05");
	/* across a month, a year, a leap day, backwards */
	assert_int_equal(due_date_add(20261130, 1), 20261201);
	assert_int_equal(due_date_add(20261231, 1), 20270101);
	assert_int_equal(due_date_add(20280228, 1), 20280229);
	assert_int_equal(due_date_add(20280229, 1), 20280301);
	assert_int_equal(due_date_add(20270301, -1), 20270228);
	assert_int_equal(due_date_add(20261201, -14), 20261117);
	assert_int_equal(due_date_add(20261201, 365), 20271201);
	assert_int_equal(due_days_between(20261201, 20261203), 2);
	assert_int_equal(due_days_between(20261203, 20261201), -2);
	assert_int_equal(due_days_between(20261201, 20271201), 365);
	assert_int_equal(due_days_between(20280101, 20290101), 366);
	/* the day in Asia/Shanghai: 2026-11-30T16:00:00Z is midnight of 12-01 there */
	assert_int_equal(due_date_of(1796054400 - 1), 20261130);
	assert_int_equal(due_date_of(1796054400), 20261201);
	assert_int_equal(due_date_of(0), 19700101);
}

static void test_next_due(void **state)
{
	(void)state;
	/* no visit yet: due on the start date */
	assert_int_equal(due_next(20261201, 0, 2), 20261201);
	/* every other day after the last visit */
	assert_int_equal(due_next(20261101, 20261129, 2), 20261201);
	assert_int_equal(due_next(20261101, 20261130, 7), 20261207);
	assert_int_equal(due_next(20261101, 20261231, 2), 20270102);
	/* an interval under one day is one day */
	assert_int_equal(due_next(20261101, 20261130, 0), 20261201);
	/* overdue days: 0 on the day, positive after, negative before */
	assert_int_equal(due_overdue(20261201, 20261201), 0);
	assert_int_equal(due_overdue(20261128, 20261201), 3);
	assert_int_equal(due_overdue(20261203, 20261201), -2);
	/* a volunteer every other day keeps a living-alone plan never overdue */
	int64_t last = 20261101;
	for (int i = 0; i < 40; i++) {
		int64_t next = due_next(20261101, last, 2);
		assert_true(due_overdue(next, due_date_add(last, 2)) <= 0);
		last = due_date_add(last, 2);
	}
}

static void test_rules(void **state)
{
	(void)state;
	const struct due_rule *r = due_rule_for("living_alone");
	assert_non_null(r);
	assert_int_equal(r->interval, 2);
	assert_false(r->household);
	r = due_rule_for("key_household");
	assert_non_null(r);
	assert_int_equal(r->interval, 7);
	assert_true(r->household);
	assert_null(due_rule_for("veteran"));
	assert_null(due_rule_for(NULL));
	/* every rule's tag is a known tag and none is sensitive */
	for (const struct due_rule *x = due_rules; x->tag; x++) {
		assert_non_null(codes_find(CODES_TAG, x->tag));
		assert_false(codes_sensitive(CODES_TAG, x->tag));
		assert_true(x->interval >= 1 && x->interval <= 365);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_next_due),
		cmocka_unit_test(test_rules),
	};
	return cmocka_run_group_tests_name("visits due", tests, NULL, NULL);
}
