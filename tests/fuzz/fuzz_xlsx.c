/* fuzz_xlsx: what an import does with the bytes of an uploaded XLSX file: the zip's directory,
 * its entries inflated, the workbook's relationships, the shared strings and the first sheet's
 * XML. The input is any bytes (a whole file).
 *
 * Invariants checked (any violation aborts):
 *  - xlsx_read returns 0 or -1, and on -1 names one of its message keys;
 *  - every row it hands over has 1..XLSX_MAX_COLS cells of valid UTF-8 of at most
 *    XLSX_MAX_CELL bytes, rows come in rising order, at most max_rows of them;
 *  - nothing is read outside the input (AddressSanitizer), and no input makes it allocate
 *    more than the limits allow (the fuzzer's RSS limit). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_xlsx: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

struct seen {
	size_t last, rows;
};

static int row(void *arg, size_t num, char **cells, size_t n)
{
	struct seen *s = arg;
	CHECK(num > s->last);
	s->last = num;
	s->rows++;
	CHECK(s->rows <= 100);
	CHECK(n >= 1 && n <= XLSX_MAX_COLS);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cells[i]);
		CHECK(len <= XLSX_MAX_CELL);
		CHECK(utf8_valid(cells[i], len));
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct seen s = {0, 0};
	char why[64] = "";
	int rc = xlsx_read(a, (const char *)data, size, 100, row, &s, why, sizeof why);
	CHECK(rc == 0 || rc == -1);
	if (rc < 0)
		CHECK(!strcmp(why, "xlsx_zip") || !strcmp(why, "xlsx_limits") ||
		      !strcmp(why, "xlsx_sheet") || !strcmp(why, "xlsx_xml"));
	arena_free(a);
	return 0;
}
