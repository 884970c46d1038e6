/* Unit tests of src/base/form: application/x-www-form-urlencoded bodies, as Open311 posts them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/form.h"

static enum form_error parse(struct arena *a, const char *body, size_t max, struct form_pair **p,
			     size_t *n)
{
	return form_parse(a, body, strlen(body), max, p, n);
}

static void test_pairs(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct form_pair *p;
	size_t n;
	assert_int_equal(parse(a, "api_key=xyz&service_code=001&lat=37.76524078&long=-122.4212043"
			       "&address_string=1234+5th+street&email=smit333%40sfgov.edu"
			       "&attribute[WHISPAWN]=123456&attribute%5BX%5D%5B%5D=a&attribute[X][]=b",
			       64, &p, &n), FORM_OK);
	assert_int_equal(n, 9);
	assert_string_equal(p[0].name, "api_key");
	assert_string_equal(p[0].value, "xyz");
	assert_string_equal(form_get(p, n, "address_string"), "1234 5th street");
	assert_string_equal(form_get(p, n, "email"), "smit333@sfgov.edu");
	assert_string_equal(form_get(p, n, "attribute[WHISPAWN]"), "123456");
	assert_string_equal(p[7].name, "attribute[X][]");
	assert_string_equal(p[7].value, "a");
	assert_string_equal(p[8].value, "b");
	assert_null(form_get(p, n, "phone"));
	/* UTF-8 escaped and raw; a name without '='; empty pairs skipped; an empty body */
	assert_int_equal(parse(a, "description=%E8%B7%AF%E7%81%AF%E5%9D%8F%E4%BA%86&&flag&x=路=灯&", 8,
			       &p, &n), FORM_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].value, "路灯坏了");
	assert_string_equal(p[1].name, "flag");
	assert_string_equal(p[1].value, "");
	assert_string_equal(p[2].value, "路=灯");
	assert_int_equal(parse(a, "", 8, &p, &n), FORM_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void test_bad(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct form_pair *p;
	size_t n = 7;
	assert_int_equal(parse(a, "a=%4", 8, &p, &n), FORM_BAD_ESCAPE);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_int_equal(parse(a, "a=%", 8, &p, &n), FORM_BAD_ESCAPE);
	assert_int_equal(parse(a, "a=%zz", 8, &p, &n), FORM_BAD_ESCAPE);
	assert_int_equal(parse(a, "a%G1=1", 8, &p, &n), FORM_BAD_ESCAPE);
	assert_int_equal(parse(a, "a=%00b", 8, &p, &n), FORM_NUL);
	assert_int_equal(form_parse(a, "a=b\0c", 5, 8, &p, &n), FORM_NUL);
	assert_int_equal(parse(a, "a=%C3%28", 8, &p, &n), FORM_BAD_UTF8);
	assert_int_equal(parse(a, "a=%ED%A0%80", 8, &p, &n), FORM_BAD_UTF8);   /* a surrogate */
	assert_int_equal(parse(a, "a=1&b=2&c=3", 2, &p, &n), FORM_TOO_MANY);
	assert_int_equal(parse(a, "a=1&b=2", 2, &p, &n), FORM_OK);
	assert_int_equal(n, 2);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
