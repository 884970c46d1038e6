/* Unit tests of src/base/mask: the one pattern per kind of personal value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/mask.h"
#include "base/text.h"

typedef char *(*mask_fn)(const char *, char *, size_t);

static void check(mask_fn fn, const char *in, const char *want)
{
	char out[256];
	memset(out, 'Z', sizeof out);
	fn(in, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\" gave \"%s\", not \"%s\"", in, out, want);
	assert_true(strlen(out) <= strlen(in));
}

static void test_idnum(void **state)
{
	(void)state;
	check(mask_idnum_buf, "110105194912311234", "110***********1234");
	check(mask_idnum_buf, "11010519491231002X", "110***********002X");
	check(mask_idnum_buf, "110105491231002", "110********1002");     /* 15: 3 + 4 */
	check(mask_idnum_buf, "USA110078098201", "USA********8201");
	check(mask_idnum_buf, "A1234567890123", "A1**********23");      /* 14: 2 + 2 */
	check(mask_idnum_buf, "M1234567890", "M1*******90");
	check(mask_idnum_buf, "E12345678", "E1*****78");
	check(mask_idnum_buf, "12345678", "12****78");                  /* 8: still half hidden */
	check(mask_idnum_buf, "1234567", "*******");                    /* shorter: all hidden */
	check(mask_idnum_buf, "A1234", "*****");
	check(mask_idnum_buf, "x", "*");
	check(mask_idnum_buf, "", "");
	/* characters, not bytes; a stray byte kept is shown as '?' */
	check(mask_idnum_buf, "证件证件证件证件证件证件证件证件", "证件证*********证件证件");
	check(mask_idnum_buf, "\xff" "bcdefghijklmn\xfe", "?bc********lmn?");
	check(mask_idnum_buf, "ab\xe4\xb8" "cdefghijklmnop", "ab?***********mnop");
	/* the same length as the input, in characters */
	char out[64];
	mask_idnum_buf("110105194912311234", out, sizeof out);
	assert_int_equal(strlen(out), 18);
	/* a small buffer: a prefix, cut on a character */
	assert_string_equal(mask_idnum_buf("110105194912311234", out, 5), "110*");
	assert_string_equal(mask_idnum_buf("110105194912311234", out, 1), "");
	assert_string_equal(mask_idnum_buf("证件证件证件证件证件证件证件证件", out, 8), "证件");
}

static void test_phone(void **state)
{
	(void)state;
	check(mask_phone_buf, "13812341234", "138****1234");
	check(mask_phone_buf, "15400001234", "154****1234");
	check(mask_phone_buf, "010-62345678", "010-****5678");
	check(mask_phone_buf, "0755-6234567", "0755-***4567");
	check(mask_phone_buf, "0755-6234567-123", "0755-***4567-***");
	check(mask_phone_buf, "010-1234", "010-****");                  /* a short local: all */
	check(mask_phone_buf, "+86 138 1234 5678", "+86**********5678");
	check(mask_phone_buf, "62345678", "****5678");
	check(mask_phone_buf, "6234567", "*******");
	check(mask_phone_buf, "110", "***");
	check(mask_phone_buf, "", "");
	check(mask_phone_buf, "0-1", "***");                            /* no area code */
	check(mask_phone_buf, "010-", "****");
	check(mask_phone_buf, "电话一三八一二三四五六七八", "电话一******五六七八");
	char out[8];
	assert_string_equal(mask_phone_buf("13812341234", out, sizeof out), "138****");
}

static void test_name(void **state)
{
	(void)state;
	check(mask_name_buf, "张三", "张*");
	check(mask_name_buf, "王小明", "王**");
	check(mask_name_buf, "欧阳娜娜", "欧阳**");
	check(mask_name_buf, "欧阳娜", "欧阳*");
	check(mask_name_buf, "欧阳", "欧*");                            /* 欧 + 阳, maybe */
	check(mask_name_buf, "司马懿", "司马*");
	check(mask_name_buf, "诸葛孔明", "诸葛**");
	check(mask_name_buf, "欧小明", "欧**");
	check(mask_name_buf, "阿卜杜拉·艾则孜", "阿*******");
	check(mask_name_buf, "张", "*");
	check(mask_name_buf, "", "");
	check(mask_name_buf, "John Smith", "J*********");
	check(mask_name_buf, "\xff\xfe", "?*");
	check(mask_name_buf, "\xe6\xac\xa7\xe9\x98", "欧**");           /* 欧 and two stray bytes */
	check(mask_name_buf, "😀ab", "😀**");
	char out[8];
	assert_string_equal(mask_name_buf("张三", out, 3), "");          /* 张 needs 3 bytes */
	assert_string_equal(mask_name_buf("张三", out, 4), "张");
	assert_string_equal(mask_name_buf("张三", out, 5), "张*");
}

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(mask_idnum(a, "11010519491231002X"), "110***********002X");
	assert_string_equal(mask_phone(a, "13812341234"), "138****1234");
	assert_string_equal(mask_name(a, "欧阳娜娜"), "欧阳**");
	assert_string_equal(mask_name(a, ""), "");
	assert_null(mask_idnum(a, NULL));
	assert_null(mask_phone(a, NULL));
	assert_null(mask_name(a, NULL));
	/* valid UTF-8 in, valid UTF-8 out */
	const char *m = mask_name(a, "欧阳娜娜");
	assert_true(utf8_valid(m, strlen(m)));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idnum),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
