/* Unit tests of the shifts' check-in code (shifts/shifts.c): eight digits, the same for a shift
 * and a minute, another for the next minute, another day or another shift or secret; and the
 * minutes served within a shift's window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "shifts/internal.h"

static void test_code(void **state)
{
	(void)state;
	struct shift a = {.id = 7, .secret = "4f1c0d2a9b7e6f5a4f1c0d2a9b7e6f5a"
					     "4f1c0d2a9b7e6f5a4f1c0d2a9b7e6f5a"};
	struct shift b = a, c = a;
	b.id = 8;
	c.secret = "00000000000000000000000000000000"
		   "00000000000000000000000000000001";
	char x[SHIFT_CODE_DIGITS + 1], y[SHIFT_CODE_DIGITS + 1];
	int64_t step = 1796054400 / SHIFT_CODE_STEP;
	sh_code(&a, step, x);
	assert_int_equal(strlen(x), SHIFT_CODE_DIGITS);
	for (const char *p = x; *p; p++)
		assert_true(*p >= '0' && *p <= '9');
	sh_code(&a, step, y);
	assert_string_equal(x, y);
	int differ = 0;
	int64_t others[] = {step + 1, step - 1, step + 1440, step - 1440};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		sh_code(&a, others[i], y);
		differ += strcmp(x, y) != 0;
	}
	sh_code(&b, step, y);
	differ += strcmp(x, y) != 0;
	sh_code(&c, step, y);
	differ += strcmp(x, y) != 0;
	/* eight digits: a clash of two is one in 10^8 */
	assert_int_equal(differ, 6);
}

static void test_minutes(void **state)
{
	(void)state;
	struct shift s = {.starts_at = 36000, .ends_at = 36000 + 3 * 3600};
	/* before the start and after the end do not count; a part of a minute counts as one */
	assert_int_equal(sh_minutes(&s, 36000 - 600, 36000 + 3600), 60);
	assert_int_equal(sh_minutes(&s, 36000 + 60, 36000 + 60 + 61), 2);
	assert_int_equal(sh_minutes(&s, 36000 - 3600, 36000 + 5 * 3600), 180);
	assert_int_equal(sh_minutes(&s, 36000 + 3600, 36000 + 3600), 0);
	assert_int_equal(sh_minutes(&s, 36000 + 4 * 3600, 36000 + 5 * 3600), 0);
	assert_int_equal(sh_minutes(&s, 36000 + 600, 36000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_minutes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
