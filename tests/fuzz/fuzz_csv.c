/* fuzz_csv: what an import does with the bytes of an uploaded CSV before any row is judged:
 * GBK decoded to UTF-8 (and back, for an export), then read as CSV records. The input is any
 * bytes (a whole file).
 *
 * Invariants checked (any violation aborts):
 *  - csv_next gives records of 1..CSV_MAX_COLS cells of at most CSV_MAX_FIELD bytes, never
 *    more records than line breaks + 1, and stops for good after a malformed record with the
 *    error and the line it started on set; read again, the same bytes give the same records;
 *  - the records written back as CSV (every cell quoted) read back as the same records;
 *  - gbk_to_utf8 either names a bad offset inside the input or gives valid UTF-8 without NUL,
 *    which gbk_from_utf8 turns back into exactly the input with nothing replaced;
 *  - gbk_from_utf8 of valid UTF-8 writes no more bytes than it read and decodes again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/gbk.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_csv: invariant failed at line %d: %s\n",   \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

#define MAX_RECORDS 2048

struct rec {
	char **cells;
	size_t n;
};

static size_t read_all(struct arena *a, const char *d, size_t len, struct rec *out, int *rc_out)
{
	struct csv *c = malloc(sizeof *c);
	csv_init(c, d, len);
	size_t k = 0, breaks = 0;
	for (size_t i = 0; i < len; i++)
		breaks += d[i] == '\n' || (d[i] == '\r' && (i + 1 == len || d[i + 1] != '\n'));
	int rc;
	char **cells;
	size_t n;
	while ((rc = csv_next(c, a, &cells, &n)) > 0) {
		CHECK(n >= 1 && n <= CSV_MAX_COLS);
		for (size_t i = 0; i < n; i++)
			CHECK(strlen(cells[i]) <= CSV_MAX_FIELD);
		CHECK(c->record == k + 1);
		if (k < MAX_RECORDS)
			out[k] = (struct rec){cells, n};
		k++;
	}
	CHECK(k <= breaks + 1);
	if (rc < 0) {
		CHECK(c->error != CSV_OK);
		CHECK(c->line >= 1 && c->line <= breaks + 1);
		CHECK(csv_next(c, a, &cells, &n) == 0);   /* it stays stopped */
	}
	*rc_out = rc;
	free(c);
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *d = (const char *)data;

	/* CSV, as it came */
	struct rec *r1 = calloc(MAX_RECORDS, sizeof *r1), *r2 = calloc(MAX_RECORDS, sizeof *r2);
	int rc1, rc2;
	size_t n1 = read_all(a, d, size, r1, &rc1);
	size_t again = read_all(a, d, size, r2, &rc2);
	CHECK(again == n1 && rc1 == rc2);
	if (rc1 == 0 && n1 <= MAX_RECORDS) {
		/* written back with every cell quoted, read back the same */
		struct buf b;
		buf_init(&b, a);
		for (size_t i = 0; i < n1; i++) {
			for (size_t k = 0; k < r1[i].n; k++) {
				if (k)
					buf_add(&b, ",", 1);
				buf_add(&b, "\"", 1);
				for (const char *p = r1[i].cells[k]; *p; p++) {
					if (*p == '"')
						buf_add(&b, "\"", 1);
					buf_add(&b, p, 1);
				}
				buf_add(&b, "\"", 1);
			}
			buf_add(&b, "\r\n", 2);
		}
		int rc3;
		size_t n3 = read_all(a, buf_str(&b), b.len, r2, &rc3);
		CHECK(rc3 == 0 && n3 == n1);
		for (size_t i = 0; i < n1; i++) {
			CHECK(r2[i].n == r1[i].n);
			for (size_t k = 0; k < r1[i].n; k++)
				CHECK(strcmp(r1[i].cells[k], r2[i].cells[k]) == 0);
		}
	}
	free(r1);
	free(r2);

	/* GBK → UTF-8 → GBK */
	char *u = NULL;
	size_t ulen = 0, bad = SIZE_MAX;
	if (gbk_to_utf8(a, d, size, &u, &ulen, &bad) == 0) {
		CHECK(utf8_valid(u, ulen) && strlen(u) == ulen);
		char *g;
		size_t glen, replaced = 99;
		gbk_from_utf8(a, u, ulen, &g, &glen, &replaced);
		CHECK(replaced == 0 && glen == size && memcmp(g, d, size) == 0);
	} else {
		CHECK(bad < size);
	}
	/* UTF-8 → GBK → UTF-8 */
	if (utf8_valid(d, size)) {
		char *g, *back;
		size_t glen, replaced = 0, blen;
		gbk_from_utf8(a, d, size, &g, &glen, &replaced);
		CHECK(glen <= size);
		CHECK(gbk_to_utf8(a, g, glen, &back, &blen, &bad) == 0);
		if (replaced == 0)
			CHECK(blen == size && memcmp(back, d, size) == 0);
	}
	arena_free(a);
	return 0;
}
