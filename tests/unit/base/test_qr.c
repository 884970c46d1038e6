/* Unit tests of src/base/qr: a code's PNG is a sound PNG (signature, IHDR of the right size,
 * the chunks' CRCs, the image inflating to the rows it declares, dark modules where the SVG
 * draws them), empty and overlong texts make no code. The API tests read the codes back with
 * a real decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/arena.h"
#include "base/qr.h"

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t len = 0;
	/* a short URL is a version 2 code (25 modules) at level M: 33 with the quiet zone */
	unsigned char *png = qr_png(a, "https://linli.example.org/rate/x", 4, &len);
	assert_non_null(png);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(get32(png + 8), 13);
	assert_memory_equal(png + 12, "IHDR", 4);
	uint32_t w = get32(png + 16), h = get32(png + 20);
	assert_int_equal(w, h);
	assert_int_equal(w % 4, 0);
	assert_true(w / 4 >= 21 + 2 * QR_QUIET);
	/* every chunk's CRC, and the image's bytes */
	size_t at = 8;
	unsigned char *idat = NULL;
	uint32_t idat_len = 0;
	int chunks = 0;
	while (at + 12 <= len) {
		uint32_t n = get32(png + at);
		assert_true(at + 12 + n <= len);
		uLong crc = crc32(0L, png + at + 4, n + 4);
		assert_int_equal(get32(png + at + 8 + n), (uint32_t)crc);
		if (memcmp(png + at + 4, "IDAT", 4) == 0) {
			idat = png + at + 8;
			idat_len = n;
		}
		at += 12 + n;
		chunks++;
	}
	assert_int_equal(at, len);
	assert_int_equal(chunks, 3);
	uLongf raw_len = (uLongf)(w + 1) * h;
	unsigned char *raw = malloc(raw_len);
	assert_int_equal(uncompress(raw, &raw_len, idat, idat_len), Z_OK);
	assert_int_equal(raw_len, (uLongf)(w + 1) * h);
	/* the quiet zone is white; the finder pattern's corner (module 4,4) is dark */
	assert_int_equal(raw[0], 0);
	assert_int_equal(raw[1], 255);
	assert_int_equal(raw[(size_t)(4 * 4) * (w + 1) + 1 + 4 * 4], 0);
	free(raw);
	arena_free(a);
}

static void test_svg_and_limits(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *svg = qr_svg(a, "https://linli.example.org/rate/hall/2", 8);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "viewBox=\"0 0 "));
	/* the finder pattern's top row: a run of seven dark modules at the quiet zone's corner */
	assert_non_null(strstr(svg, "M4 4h7v1h-7z"));
	assert_null(qr_svg(a, "", 8));
	size_t len = 1;
	assert_null(qr_png(a, "", 4, &len));
	char *big = arena_alloc(a, QR_MAX_TEXT + 2);
	memset(big, 'a', QR_MAX_TEXT + 1);
	big[QR_MAX_TEXT + 1] = '\0';
	assert_null(qr_svg(a, big, 1));
	big[QR_MAX_TEXT] = '\0';
	assert_non_null(qr_svg(a, big, 1));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_svg_and_limits),
	};
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
