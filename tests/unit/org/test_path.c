/* Unit tests of the ids on a unit's materialised path (org/units.c): the units above it in
 * order, then its own; anything not of the form "/1/4/9/" is none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "org/org.h"

static void test_path_ids(void **state)
{
	(void)state;
	int64_t ids[4];
	assert_int_equal(org_path_ids("/1/4/9/", ids, 4), 3);
	assert_true(ids[0] == 1 && ids[1] == 4 && ids[2] == 9);
	assert_int_equal(org_path_ids("/12/", ids, 4), 1);
	assert_true(ids[0] == 12);
	assert_int_equal(org_path_ids("/1/2/3/4/", ids, 4), 4);
	assert_int_equal(org_path_ids("/1/2/3/4/5/", ids, 4), 0);   /* deeper than asked */
	assert_int_equal(org_path_ids("/", ids, 4), 0);
	assert_int_equal(org_path_ids("", ids, 4), 0);
	assert_int_equal(org_path_ids(NULL, ids, 4), 0);
	assert_int_equal(org_path_ids("/1/4", ids, 4), 0);
	assert_int_equal(org_path_ids("1/4/", ids, 4), 0);
	assert_int_equal(org_path_ids("/1//4/", ids, 4), 0);
	assert_int_equal(org_path_ids("/1/x/", ids, 4), 0);
	assert_int_equal(org_path_ids("/0/", ids, 4), 0);
	assert_int_equal(org_path_ids("/99999999999999999999/", ids, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
