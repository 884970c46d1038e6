/* Unit tests of src/base/csv, gbk and xlsx: what an import reads before any row is judged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/csv.h"
#include "base/gbk.h"
#include "base/table.h"
#include "base/xlsx.h"

static void test_csv_records(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *in = "\xEF\xBB\xBF" "a,\"b,c\",\"d\"\"e\"\r\n\"two\r\nlines\",,x\n\rlast";
	struct csv c;
	csv_init(&c, in, strlen(in));
	char **cells;
	size_t n;
	assert_int_equal(csv_next(&c, a, &cells, &n), 1);
	assert_int_equal(n, 3);
	assert_string_equal(cells[0], "a");
	assert_string_equal(cells[1], "b,c");
	assert_string_equal(cells[2], "d\"e");
	assert_int_equal(csv_next(&c, a, &cells, &n), 1);
	assert_int_equal(c.line, 2);
	assert_int_equal(n, 3);
	assert_string_equal(cells[0], "two\r\nlines");
	assert_string_equal(cells[1], "");
	assert_int_equal(csv_next(&c, a, &cells, &n), 1);   /* a lone CR ends a record too */
	assert_int_equal(c.line, 4);
	assert_int_equal(n, 1);
	assert_string_equal(cells[0], "");
	assert_int_equal(csv_next(&c, a, &cells, &n), 1);
	assert_string_equal(cells[0], "last");
	assert_int_equal(c.record, 4);
	assert_int_equal(csv_next(&c, a, &cells, &n), 0);
	arena_free(a);
}

static void expect_error(const char *in, size_t len, enum csv_error e, size_t line)
{
	struct arena *a = arena_new();
	struct csv c;
	csv_init(&c, in, len);
	char **cells;
	size_t n;
	int rc;
	while ((rc = csv_next(&c, a, &cells, &n)) > 0)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(c.error, e);
	assert_int_equal(c.line, line);
	assert_int_equal(csv_next(&c, a, &cells, &n), 0);
	arena_free(a);
}

static void test_csv_errors(void **state)
{
	(void)state;
	expect_error("a\r\nb,\"open\r\n", 12, CSV_QUOTE, 2);
	expect_error("\"a\"b\n", 5, CSV_AFTER_QUOTE, 1);
	expect_error("x\ny\na\"b\n", 8, CSV_BARE_QUOTE, 3);
	expect_error("a\0b\n", 4, CSV_NUL, 1);
	char wide[CSV_MAX_COLS * 2 + 2];
	for (int i = 0; i < CSV_MAX_COLS + 1; i++)
		wide[i * 2] = 'x', wide[i * 2 + 1] = ',';
	expect_error(wide, CSV_MAX_COLS * 2 + 1, CSV_TOO_MANY, 1);
	static char longcell[CSV_MAX_FIELD + 2];
	memset(longcell, 'y', sizeof longcell);
	expect_error(longcell, sizeof longcell, CSV_TOO_LONG, 1);
}

static void test_gbk(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *u;
	size_t n, bad = 0;
	/* 户编号 张建国 € */
	const char *g = "\xbb\xa7\xb1\xe0\xba\xc5,\xd5\xc5\xbd\xa8\xb9\xfa \x80";
	assert_int_equal(gbk_to_utf8(a, g, strlen(g), &u, &n, &bad), 0);
	assert_string_equal(u, "户编号,张建国 €");
	char *back;
	size_t blen, replaced = 9;
	gbk_from_utf8(a, u, n, &back, &blen, &replaced);
	assert_int_equal(replaced, 0);
	assert_int_equal(blen, strlen(g));
	assert_memory_equal(back, g, blen);
	/* euro signs, each one byte in and three out */
	assert_int_equal(gbk_to_utf8(a, "\x80\x80\x80\x80", 4, &u, &n, &bad), 0);
	assert_string_equal(u, "€€€€");
	/* a lone lead byte, a pair with no character, UTF-8 read as GBK */
	assert_int_equal(gbk_to_utf8(a, "ab\xb0", 3, &u, &n, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(gbk_to_utf8(a, "a\xa2\xa0", 3, &u, &n, &bad), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(gbk_to_utf8(a, "\xff", 1, &u, &n, &bad), -1);
	/* a character GBK has not: '?' and counted */
	gbk_from_utf8(a, "王\xF0\xA0\x80\x80!", 8, &back, &blen, &replaced);
	assert_int_equal(replaced, 1);
	assert_string_equal(back, "\xcd\xf5?!");
	arena_free(a);
}

static int collect(void *arg, size_t row, char **cells, size_t n)
{
	char *out = arg;
	char line[256];
	snprintf(line, sizeof line, "%zu:", row);
	strcat(out, line);
	for (size_t i = 0; i < n; i++) {
		strcat(out, cells[i]);
		strcat(out, i + 1 < n ? "|" : ";");
	}
	return 0;
}

/* A workbook written by base/table (libxlsxwriter) reads back cell for cell. */
static void test_xlsx_round_trip(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *head[] = {"姓名", "证件号码", "备注"};
	struct table *t = table_new(a, TABLE_XLSX, "sheet", head, 3);
	assert_non_null(t);
	const char *r1[] = {"张建国", "510104194703150259", "<&>\"'"};
	const char *r2[] = {"", "x", NULL};
	table_row(t, r1);
	table_row(t, r2);
	const char *data;
	size_t len;
	assert_int_equal(table_finish(t, &data, &len), 0);
	char out[1024] = "", why[32];
	assert_int_equal(xlsx_read(a, data, len, 10, collect, out, why, sizeof why), 0);
	assert_string_equal(out, "1:姓名|证件号码|备注;2:张建国|510104194703150259|<&>\"';3:|x;");
	/* cut short, or too many rows */
	assert_int_equal(xlsx_read(a, data, len - 10, 10, collect, out, why, sizeof why), -1);
	assert_string_equal(why, "xlsx_zip");
	out[0] = '\0';
	assert_int_equal(xlsx_read(a, data, len, 2, collect, out, why, sizeof why), -1);
	assert_string_equal(why, "xlsx_limits");
	assert_int_equal(xlsx_read(a, "not a zip at all, not at all", 28, 2, collect, out, why, sizeof why), -1);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_records),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_xlsx_round_trip),
	};
	return cmocka_run_group_tests_name("sheet", tests, NULL, NULL);
}
