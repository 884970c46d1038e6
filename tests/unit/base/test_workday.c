/* Unit tests of src/base/date and src/base/workday: civil dates, and time limits in working
 * days and hours on the 2026 calendar as the State Council's notice of 2025-11-04 set it: the
 * Spring Festival from 15 to 23 February with Saturdays 14 and 28 February worked, National
 * Day from 1 to 7 October with Sunday 20 September and Saturday 10 October worked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/date.h"
#include "base/workday.h"

/* Days off on weekdays and working weekends of 2026 (the holidays on weekends are days off
 * by the week's rule already, and listed too, as linli keeps them). */
static const struct workday_exception y2026[] = {
	{20260101, false}, {20260102, false}, {20260103, false}, {20260104, true},
	{20260214, true}, {20260215, false}, {20260216, false}, {20260217, false},
	{20260218, false}, {20260219, false}, {20260220, false}, {20260221, false},
	{20260222, false}, {20260223, false}, {20260228, true},
	{20260404, false}, {20260405, false}, {20260406, false},
	{20260501, false}, {20260502, false}, {20260503, false}, {20260504, false},
	{20260505, false}, {20260509, true},
	{20260619, false}, {20260620, false}, {20260621, false},
	{20260920, true}, {20260925, false}, {20260926, false}, {20260927, false},
	{20261001, false}, {20261002, false}, {20261003, false}, {20261004, false},
	{20261005, false}, {20261006, false}, {20261007, false}, {20261010, true},
};

static struct workday_calendar cal(void)
{
	struct workday_calendar c = {y2026, sizeof y2026 / sizeof y2026[0], 2,
				     {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}}};
	return c;
}

static int64_t at(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(clock_parse_iso(iso, &t), 0);
	return t;
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(date_valid(20240229));
	assert_false(date_valid(20260229));
	assert_false(date_valid(20261301));
	assert_int_equal(date_to_days(19700101), 0);
	assert_int_equal(date_from_days(0), 19700101);
	assert_int_equal(date_add(20260228, 1), 20260301);
	assert_int_equal(date_add(20260101, -1), 20251231);
	assert_int_equal(date_add(20240228, 1), 20240229);
	assert_int_equal(date_weekday(20260214), 6);   /* a Saturday */
	assert_int_equal(date_weekday(20261201), 2);   /* a Tuesday */
	assert_int_equal(date_weekday(19700101), 4);
	/* a day runs from 00:00 to 24:00 in UTC+8 */
	assert_int_equal(date_of_time(at("2026-02-14T23:59:59+08:00")), 20260214);
	assert_int_equal(date_of_time(at("2026-02-14T16:00:00Z")), 20260215);
	assert_true(date_midnight(20260215) == at("2026-02-15T00:00:00+08:00"));
	/* the texts of a date and of a time of day, exactly */
	assert_int_equal(date_parse("2026-02-14"), 20260214);
	assert_int_equal(date_parse("2026-02-30"), 0);
	assert_int_equal(date_parse("2026-2-14"), 0);
	assert_int_equal(date_parse("2026-02-14x"), 0);
	assert_int_equal(date_parse("+026-02-14"), 0);
	assert_int_equal(date_parse(NULL), 0);
	char buf[16];
	date_format(20260214, buf, sizeof buf);
	assert_string_equal(buf, "2026-02-14");
	/* months: exactly YYYY-MM, and the month of a time in UTC+8 */
	assert_int_equal(date_parse_month("2026-03"), 202603);
	assert_int_equal(date_parse_month("2026-12"), 202612);
	assert_int_equal(date_parse_month("2026-13"), 0);
	assert_int_equal(date_parse_month("2026-00"), 0);
	assert_int_equal(date_parse_month("2026-3"), 0);
	assert_int_equal(date_parse_month("0000-03"), 0);
	assert_int_equal(date_parse_month("2026-03-01"), 0);
	assert_int_equal(date_parse_month(NULL), 0);
	date_month_of(at("2026-02-28T16:00:00Z"), buf);
	assert_string_equal(buf, "2026-03");
	date_month_of(at("2026-02-28T15:59:59Z"), buf);
	assert_string_equal(buf, "2026-02");
	assert_int_equal(date_parse_hhmm("09:30"), 570);
	assert_int_equal(date_parse_hhmm("24:00"), 1440);
	assert_int_equal(date_parse_hhmm("24:01"), -1);
	assert_int_equal(date_parse_hhmm("9:30"), -1);
	assert_int_equal(date_parse_hhmm("09:60"), -1);
	assert_int_equal(date_parse_hhmm("-1:00"), -1);
	/* back and forth over every year from 1 to 9999 */
	for (int64_t d = date_to_days(10101); d <= date_to_days(99991231); d += 997) {
		assert_true(date_valid(date_from_days(d)));
		assert_true(date_to_days(date_from_days(d)) == d);
	}
	assert_int_equal(date_from_days(date_to_days(99991231)), 99991231);
}

static void test_days(void **state)
{
	(void)state;
	struct workday_calendar c = cal();
	assert_true(workday_segments_valid(&c));
	assert_true(workday_is_work(&c, 20260214));    /* Saturday worked */
	assert_false(workday_is_work(&c, 20260216));   /* Monday of the festival */
	assert_false(workday_is_work(&c, 20260307));   /* an ordinary Saturday */
	assert_true(workday_is_work(&c, 20260305));    /* an ordinary Thursday */
	/* received Friday 13 February: the first working day after it is Saturday 14th */
	assert_true(workday_add_days(&c, at("2026-02-13T10:00:00+08:00"), 1) ==
		    at("2026-02-15T00:00:00+08:00"));
	/* two: over the nine days off, Tuesday 24th */
	assert_true(workday_add_days(&c, at("2026-02-13T10:00:00+08:00"), 2) ==
		    at("2026-02-25T00:00:00+08:00"));
	/* received on a day off, late at night: the count starts the next working day */
	assert_true(workday_add_days(&c, at("2026-02-18T23:30:00+08:00"), 1) ==
		    at("2026-02-25T00:00:00+08:00"));
	/* 7 working days from Monday 23 February (a day off): 24, 25, 26, 27, 28 (Saturday worked),
	 * 2 and 3 March */
	assert_true(workday_add_days(&c, at("2026-02-23T09:00:00+08:00"), 7) ==
		    at("2026-03-04T00:00:00+08:00"));
	/* National Day: Friday 25 September + 1 is Monday 28th; Wednesday 30th + 1 is Thursday 8
	 * October; Friday 9 October + 1 is Saturday 10th, worked */
	assert_true(workday_add_days(&c, at("2026-09-25T12:00:00+08:00"), 1) ==
		    at("2026-09-29T00:00:00+08:00"));
	assert_true(workday_add_days(&c, at("2026-09-30T12:00:00+08:00"), 1) ==
		    at("2026-10-09T00:00:00+08:00"));
	assert_true(workday_add_days(&c, at("2026-10-09T12:00:00+08:00"), 1) ==
		    at("2026-10-11T00:00:00+08:00"));
	/* the 15 working days of a petition's acceptance from 1 December 2026 */
	assert_true(workday_add_days(&c, at("2026-12-01T10:00:00+08:00"), 15) ==
		    at("2026-12-23T00:00:00+08:00"));
}

static void test_hours(void **state)
{
	(void)state;
	struct workday_calendar c = cal();
	/* within a segment */
	assert_true(workday_add_minutes(&c, at("2026-03-02T09:30:00+08:00"), 120) ==
		    at("2026-03-02T11:30:00+08:00"));
	/* over the lunch break */
	assert_true(workday_add_minutes(&c, at("2026-03-02T11:00:00+08:00"), 120) ==
		    at("2026-03-02T14:30:00+08:00"));
	/* ending at the close of a segment stays there */
	assert_true(workday_add_minutes(&c, at("2026-03-02T16:30:00+08:00"), 60) ==
		    at("2026-03-02T17:30:00+08:00"));
	/* from Friday 13 February at 16:30: one hour that day, one on Saturday 14th (worked) */
	assert_true(workday_add_minutes(&c, at("2026-02-13T16:30:00+08:00"), 120) ==
		    at("2026-02-14T10:00:00+08:00"));
	/* from Saturday 14th at 17:00, 24 working hours: 30 minutes that day, three days of 7 hours
	 * from Tuesday 24th, and 150 minutes on Friday 27th */
	assert_true(workday_add_minutes(&c, at("2026-02-14T17:00:00+08:00"), 24 * 60) ==
		    at("2026-02-27T11:30:00+08:00"));
	/* received at night or in the lunch break: counted from the next segment */
	assert_true(workday_add_minutes(&c, at("2026-03-02T20:00:00+08:00"), 30) ==
		    at("2026-03-03T09:30:00+08:00"));
	assert_true(workday_add_minutes(&c, at("2026-03-02T12:10:00+08:00"), 30) ==
		    at("2026-03-02T14:00:00+08:00"));
	assert_true(workday_add_minutes(&c, at("2026-03-02T12:10:00+08:00"), 0) ==
		    at("2026-03-02T12:10:00+08:00"));
	/* seconds are kept */
	assert_true(workday_add_minutes(&c, at("2026-03-02T09:00:30+08:00"), 1) ==
		    at("2026-03-02T09:01:30+08:00"));
	/* minutes between: a working day is 7 hours */
	assert_int_equal(workday_minutes_between(&c, at("2026-03-02T00:00:00+08:00"),
						 at("2026-03-03T00:00:00+08:00")), 420);
	assert_int_equal(workday_minutes_between(&c, at("2026-03-02T11:00:00+08:00"),
						 at("2026-03-02T14:00:00+08:00")), 90);
	/* over the festival: Friday 13th from 16:30 (60) to Tuesday 24th at 10:00 (60), with
	 * Saturday 14th (420) between */
	assert_int_equal(workday_minutes_between(&c, at("2026-02-13T16:30:00+08:00"),
						 at("2026-02-24T10:00:00+08:00")), 540);
	assert_int_equal(workday_minutes_between(&c, at("2026-02-16T10:00:00+08:00"),
						 at("2026-02-16T11:00:00+08:00")), 0);
	assert_int_equal(workday_minutes_between(&c, at("2026-03-03T10:00:00+08:00"),
						 at("2026-03-02T10:00:00+08:00")), 0);
	/* the two agree: adding what lies between gives the end back, inside a segment */
	int64_t a = at("2026-02-12T15:20:00+08:00"), b = at("2026-03-02T10:45:00+08:00");
	assert_true(workday_add_minutes(&c, a, workday_minutes_between(&c, a, b)) == b);
	/* segments */
	struct workday_calendar bad = {NULL, 0, 2, {{540, 720}, {700, 1000}}};
	assert_false(workday_segments_valid(&bad));
	bad.nseg = 0;
	assert_false(workday_segments_valid(&bad));
	struct workday_calendar late = {NULL, 0, 1, {{600, 1441}}};
	assert_false(workday_segments_valid(&late));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_hours),
	};
	return cmocka_run_group_tests_name("workday", tests, NULL, NULL);
}
