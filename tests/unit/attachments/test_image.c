/* Unit tests of src/attachments/image: files judged by their bytes (an executable named .jpg is
 * nothing), photos too large refused from their headers alone, truncated ones refused, every
 * EXIF orientation turned upright, and what is shown and the thumbnail carrying no metadata
 * (EXIF, GPS, XMP, comments, PNG text) of the file that came. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <jpeglib.h>

#include "attachments/image.h"

/* --- building test files ---------------------------------------------------------------- */

/* w x h in four quadrants: top left red, top right green, bottom left blue, bottom right white. */
static unsigned char *quadrants(int w, int h)
{
	static const unsigned char col[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
	unsigned char *p = malloc((size_t)w * h * 3);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			memcpy(p + ((size_t)y * w + x) * 3, col[(y >= h / 2) * 2 + (x >= w / 2)], 3);
	return p;
}

static void put16le(unsigned char *p, unsigned v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void put32le(unsigned char *p, uint32_t v) { put16le(p, v & 0xffff); put16le(p + 2, v >> 16); }

/* An APP1 EXIF segment: Make, Orientation and a GPS IFD with a latitude and longitude. */
static size_t exif_segment(unsigned char *out, int orientation)
{
	unsigned char t[256] = "II*\0";
	put32le(t + 4, 8);
	/* IFD0 at 8: 3 entries */
	unsigned char *e = t + 8;
	put16le(e, 3);
	e += 2;
	put16le(e, 0x010F), put16le(e + 2, 2), put32le(e + 4, 4), memcpy(e + 8, "Cam", 4), e += 12;
	put16le(e, 0x0112), put16le(e + 2, 3), put32le(e + 4, 1), put16le(e + 8, (unsigned)orientation), e += 12;
	put16le(e, 0x8825), put16le(e + 2, 4), put32le(e + 4, 1), put32le(e + 8, 50), e += 12;
	put32le(e, 0);
	/* the GPS IFD at 50: GPSLatitudeRef "N", GPSLatitude at 80 (3 rationals) */
	unsigned char *g = t + 50;
	put16le(g, 2);
	put16le(g + 2, 1), put16le(g + 4, 2), put32le(g + 6, 2), memcpy(g + 10, "N\0\0", 4);
	put16le(g + 14, 2), put16le(g + 16, 5), put32le(g + 18, 3), put32le(g + 22, 80);
	put32le(g + 26, 0);
	static const uint32_t lat[6] = {30, 1, 39, 1, 123457, 10000};
	for (int i = 0; i < 6; i++)
		put32le(t + 80 + 4 * i, lat[i]);
	size_t tn = 80 + 24;
	size_t n = 2 + 2 + 6 + tn;
	out[0] = 0xFF, out[1] = 0xE1, out[2] = (unsigned char)((n - 2) >> 8), out[3] = (unsigned char)(n - 2);
	memcpy(out + 4, "Exif\0\0", 6);
	memcpy(out + 10, t, tn);
	return n;
}

/* A JPEG of the quadrants with EXIF (orientation given), an XMP packet and a comment. */
static unsigned char *jpeg_with_metadata(int w, int h, int orientation, size_t *len)
{
	unsigned char *px = quadrants(w, h);
	struct img_out o;
	assert_int_equal(img_encode_jpeg(px, w, h, 95, &o), IMG_OK);
	free(px);
	unsigned char seg[512];
	size_t sn = exif_segment(seg, orientation);
	static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><GPSLatitude>30.6586</GPSLatitude></x:xmpmeta>";
	static const char com[] = "Secret home address";
	unsigned char *p = malloc(o.len + sn + sizeof xmp + sizeof com + 16);
	size_t k = 0;
	memcpy(p, o.data, 2), k = 2;
	memcpy(p + k, seg, sn), k += sn;
	p[k++] = 0xFF, p[k++] = 0xE1, p[k++] = 0, p[k++] = (unsigned char)(sizeof xmp - 1 + 2);
	memcpy(p + k, xmp, sizeof xmp - 1), k += sizeof xmp - 1;
	p[k++] = 0xFF, p[k++] = 0xFE, p[k++] = 0, p[k++] = (unsigned char)(sizeof com - 1 + 2);
	memcpy(p + k, com, sizeof com - 1), k += sizeof com - 1;
	memcpy(p + k, o.data + 2, o.len - 2), k += o.len - 2;
	img_out_free(&o);
	*len = k;
	return p;
}

static void chunk(unsigned char **p, size_t *n, const char *type, const unsigned char *d, uint32_t len)
{
	*p = realloc(*p, *n + len + 12);
	unsigned char *c = *p + *n;
	c[0] = (unsigned char)(len >> 24), c[1] = (unsigned char)(len >> 16), c[2] = (unsigned char)(len >> 8), c[3] = (unsigned char)len;
	memcpy(c + 4, type, 4);
	if (len)
		memcpy(c + 8, d, len);
	uLong crc = crc32(0L, c + 4, len + 4);
	c[8 + len] = (unsigned char)(crc >> 24), c[9 + len] = (unsigned char)(crc >> 16);
	c[10 + len] = (unsigned char)(crc >> 8), c[11 + len] = (unsigned char)crc;
	*n += len + 12;
}

/* A PNG declaring w x h (8-bit grey) whose IDAT holds only `rows` rows of zeros: what a
 * decompression bomb looks like from the outside. */
static unsigned char *png_header_only(uint32_t w, uint32_t h, uint32_t rows, size_t *len)
{
	unsigned char *p = malloc(8);
	size_t n = 8;
	memcpy(p, "\x89PNG\r\n\x1a\n", 8);
	unsigned char ihdr[13] = {0};
	for (int i = 0; i < 4; i++)
		ihdr[i] = (unsigned char)(w >> (24 - 8 * i)), ihdr[4 + i] = (unsigned char)(h >> (24 - 8 * i));
	ihdr[8] = 8, ihdr[9] = 0;
	chunk(&p, &n, "IHDR", ihdr, 13);
	size_t raw = (size_t)(w + 1) * rows;
	unsigned char *zeros = calloc(raw ? raw : 1, 1);
	uLong zl = compressBound(raw);
	unsigned char *z = malloc(zl);
	assert_int_equal(compress2(z, &zl, zeros, raw, 9), Z_OK);
	chunk(&p, &n, "IDAT", z, (uint32_t)zl);
	chunk(&p, &n, "IEND", NULL, 0);
	free(zeros);
	free(z);
	*len = n;
	return p;
}

/* An RGBA PNG (half transparent) with a tEXt chunk holding a place. */
static unsigned char *png_rgba_with_text(int w, int h, size_t *len)
{
	unsigned char *p = malloc(8);
	size_t n = 8;
	memcpy(p, "\x89PNG\r\n\x1a\n", 8);
	unsigned char ihdr[13] = {0};
	ihdr[2] = (unsigned char)(w >> 8), ihdr[3] = (unsigned char)w, ihdr[6] = (unsigned char)(h >> 8), ihdr[7] = (unsigned char)h;
	ihdr[8] = 8, ihdr[9] = 6;
	chunk(&p, &n, "IHDR", ihdr, 13);
	static const char text[] = "Location\0" "30.6586N 104.0647E";
	chunk(&p, &n, "tEXt", (const unsigned char *)text, sizeof text - 1);
	size_t raw = (size_t)(w * 4 + 1) * h;
	unsigned char *r = malloc(raw);
	for (int y = 0; y < h; y++) {
		unsigned char *row = r + (size_t)y * (w * 4 + 1);
		row[0] = 0;
		for (int x = 0; x < w; x++)
			row[1 + 4 * x] = 200, row[2 + 4 * x] = 50, row[3 + 4 * x] = 50, row[4 + 4 * x] = x < w / 2 ? 255 : 0;
	}
	uLong zl = compressBound(raw);
	unsigned char *z = malloc(zl);
	assert_int_equal(compress2(z, &zl, r, raw, 6), Z_OK);
	chunk(&p, &n, "IDAT", z, (uint32_t)zl);
	chunk(&p, &n, "IEND", NULL, 0);
	free(r);
	free(z);
	*len = n;
	return p;
}

static bool contains(const unsigned char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return true;
	return false;
}

/* The markers of a JPEG before its first scan: none of APP1 (EXIF, XMP) or COM. */
static void assert_no_jpeg_metadata(const unsigned char *p, size_t n)
{
	assert_true(n > 4 && p[0] == 0xFF && p[1] == 0xD8);
	size_t i = 2;
	while (i + 4 <= n && p[i] == 0xFF && p[i + 1] != 0xDA) {
		unsigned m = p[i + 1];
		assert_true(m != 0xE1 && m != 0xFE && m != 0xE2 && m != 0xED);
		i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
	}
	assert_false(contains(p, n, "Exif"));
	assert_false(contains(p, n, "Cam"));
	assert_false(contains(p, n, "xmpmeta"));
	assert_false(contains(p, n, "Secret"));
}

/* A JPEG decoded by libjpeg itself: RGB pixels, w and h. */
static unsigned char *decode_jpeg(const unsigned char *p, size_t n, int *w, int *h)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_error_mgr em;
	ci.err = jpeg_std_error(&em);
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, p, (unsigned long)n);
	jpeg_read_header(&ci, TRUE);
	ci.out_color_space = JCS_RGB;
	jpeg_start_decompress(&ci);
	*w = (int)ci.output_width, *h = (int)ci.output_height;
	unsigned char *px = malloc((size_t)*w * *h * 3);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = px + (size_t)ci.output_scanline * *w * 3;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return px;
}

/* Which quadrant colour (0 red, 1 green, 2 blue, 3 white, -1 none) a pixel is. */
static int colour_at(const unsigned char *px, int w, int x, int y)
{
	const unsigned char *q = px + ((size_t)y * w + x) * 3;
	int r = q[0] > 128, g = q[1] > 128, b = q[2] > 128;
	if (r && g && b)
		return 3;
	if (r && !g && !b)
		return 0;
	if (!r && g && !b)
		return 1;
	if (!r && !g && b)
		return 2;
	return -1;
}

/* --- the tests -------------------------------------------------------------------------- */

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(img_sniff((const unsigned char *)"\xff\xd8\xff\xe0", 4), IMG_JPEG);
	assert_int_equal(img_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), IMG_PNG);
	assert_int_equal(img_sniff((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16), IMG_WEBP);
	assert_int_equal(img_sniff((const unsigned char *)"%PDF-1.7\n", 9), IMG_PDF);
	/* an executable is nothing, whatever it is called */
	assert_int_equal(img_sniff((const unsigned char *)"\x7f" "ELF\2\1\1\0", 8), IMG_NONE);
	assert_int_equal(img_sniff((const unsigned char *)"MZ\x90\0", 4), IMG_NONE);
	struct img_info in;
	assert_int_equal(img_inspect((const unsigned char *)"\x7f" "ELF\2\1\1\0\0\0\0\0", 12, IMG_MAX_SIDE,
				     IMG_MAX_PIXELS, &in), IMG_UNKNOWN);
	assert_int_equal(img_inspect((const unsigned char *)"", 0, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in),
			 IMG_UNKNOWN);
}

static void test_metadata_gone(void **state)
{
	(void)state;
	size_t n;
	unsigned char *jpg = jpeg_with_metadata(64, 32, 6, &n);
	assert_true(contains(jpg, n, "Exif") && contains(jpg, n, "Secret"));
	struct img_info in;
	assert_int_equal(img_inspect(jpg, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	assert_int_equal(in.kind, IMG_JPEG);
	assert_int_equal(in.width, 64);
	assert_int_equal(in.height, 32);
	assert_int_equal(in.orientation, 6);
	struct img_out show, thumb;
	assert_int_equal(img_render(jpg, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_OK);
	/* upright: turned a quarter clockwise */
	assert_int_equal(show.width, 32);
	assert_int_equal(show.height, 64);
	assert_int_equal(thumb.width, 32);
	assert_int_equal(thumb.height, 64);
	assert_no_jpeg_metadata(show.data, show.len);
	assert_no_jpeg_metadata(thumb.data, thumb.len);
	img_out_free(&show);
	img_out_free(&thumb);
	free(jpg);

	/* a PNG's text chunk is not read, not kept; its transparency is kept in what is shown and
	 * laid on white in the thumbnail */
	unsigned char *png = png_rgba_with_text(40, 20, &n);
	assert_int_equal(img_inspect(png, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	assert_true(in.alpha);
	assert_int_equal(img_render(png, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_OK);
	assert_int_equal(img_sniff(show.data, show.len), IMG_PNG);
	assert_false(contains(show.data, show.len, "tEXt"));
	assert_false(contains(show.data, show.len, "104.0647"));
	assert_int_equal(show.data[25], 6);   /* IHDR colour type: RGBA */
	assert_int_equal(img_sniff(thumb.data, thumb.len), IMG_JPEG);
	int w, h;
	unsigned char *px = decode_jpeg(thumb.data, thumb.len, &w, &h);
	assert_int_equal(w, 40);
	assert_true(px[(size_t)(10 * w + 35) * 3] > 240 && px[(size_t)(10 * w + 35) * 3 + 1] > 240);   /* white */
	assert_true(px[(size_t)(10 * w + 5) * 3] > 150 && px[(size_t)(10 * w + 5) * 3 + 1] < 100);    /* the red */
	free(px);
	img_out_free(&show);
	img_out_free(&thumb);
	free(png);

	/* a WebP is drawn again as a WebP: RIFF, VP8 and nothing else (no EXIF or XMP chunk) */
	unsigned char *q = quadrants(50, 30);
	struct img_out webp;
	assert_int_equal(img_encode_webp(q, 50, 30, 90, &webp), IMG_OK);
	free(q);
	assert_int_equal(img_inspect(webp.data, webp.len, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	assert_int_equal(in.kind, IMG_WEBP);
	assert_int_equal(img_render(webp.data, webp.len, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_OK);
	assert_int_equal(img_sniff(show.data, show.len), IMG_WEBP);
	assert_int_equal(show.width, 50);
	assert_false(contains(show.data, show.len, "EXIF"));
	assert_false(contains(show.data, show.len, "XMP "));
	img_out_free(&show);
	img_out_free(&thumb);
	img_out_free(&webp);
}

/* Each of the eight orientations: the source's top-left corner (red) goes where EXIF says. */
static void test_orientations(void **state)
{
	(void)state;
	/* where red, green, blue and white end up (output quadrants TL, TR, BL, BR) */
	static const int expect[9][4] = {
		{0}, {0, 1, 2, 3}, {1, 0, 3, 2}, {3, 2, 1, 0}, {2, 3, 0, 1},
		{0, 2, 1, 3}, {2, 0, 3, 1}, {3, 1, 2, 0}, {1, 3, 0, 2},
	};
	for (int o = 1; o <= 8; o++) {
		size_t n;
		unsigned char *jpg = jpeg_with_metadata(64, 32, o, &n);
		struct img_info in;
		assert_int_equal(img_inspect(jpg, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
		assert_int_equal(in.orientation, o);
		struct img_out show, thumb;
		assert_int_equal(img_render(jpg, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_OK);
		int w, h;
		unsigned char *px = decode_jpeg(show.data, show.len, &w, &h);
		assert_int_equal(w, o >= 5 ? 32 : 64);
		assert_int_equal(h, o >= 5 ? 64 : 32);
		int got[4] = {colour_at(px, w, w / 4, h / 4), colour_at(px, w, 3 * w / 4, h / 4),
			      colour_at(px, w, w / 4, 3 * h / 4), colour_at(px, w, 3 * w / 4, 3 * h / 4)};
		for (int i = 0; i < 4; i++)
			assert_int_equal(got[i], expect[o][i]);
		free(px);
		img_out_free(&show);
		img_out_free(&thumb);
		free(jpg);
	}
}

static void test_refused(void **state)
{
	(void)state;
	struct img_info in;
	size_t n;
	/* 10,000 x 10,000 and a 30,000 x 30,000 bomb of a few kilobytes: refused from the header */
	unsigned char *p = png_header_only(10000, 10000, 10, &n);
	assert_int_equal(img_inspect(p, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_TOO_BIG);
	assert_int_equal(in.width, 10000);
	free(p);
	p = png_header_only(30000, 30000, 1000, &n);
	assert_true(n < 64 * 1024);
	clock_t t0 = clock();
	assert_int_equal(img_inspect(p, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_TOO_BIG);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	free(p);
	/* a side over the limit, however few pixels */
	p = png_header_only(12001, 2, 2, &n);
	assert_int_equal(img_inspect(p, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_TOO_BIG);
	free(p);
	/* within the limits, but its rows are not all there */
	p = png_header_only(100, 100, 10, &n);
	assert_int_equal(img_inspect(p, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	struct img_out show, thumb;
	assert_int_equal(img_render(p, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_DAMAGED);
	assert_null(show.data);
	assert_null(thumb.data);
	free(p);

	/* a JPEG cut short, anywhere after its header: damaged */
	unsigned char *jpg = jpeg_with_metadata(64, 32, 1, &n);
	for (size_t cut = n - 2; cut > n / 2; cut -= 37) {
		if (img_inspect(jpg, cut, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in) != IMG_OK)
			continue;
		assert_int_equal(img_render(jpg, cut, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb),
				 IMG_DAMAGED);
	}
	/* its bytes altered past the header: refused or drawn, never a crash */
	jpg[n - 40] ^= 0x5a;
	if (img_inspect(jpg, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in) == IMG_OK &&
	    img_render(jpg, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb) == IMG_OK) {
		img_out_free(&show);
		img_out_free(&thumb);
	}
	free(jpg);

	/* PDFs: a header and a trailer */
	static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"
				  "startxref\n9\n%%EOF\n";
	assert_int_equal(img_inspect((const unsigned char *)pdf, sizeof pdf - 1, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	assert_int_equal(in.kind, IMG_PDF);
	assert_int_equal(img_inspect((const unsigned char *)pdf, sizeof pdf - 12, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in),
			 IMG_DAMAGED);
	assert_int_equal(img_inspect((const unsigned char *)"%PDF-x.4\n%%EOF", 14, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in),
			 IMG_UNKNOWN);
}

static void test_sizes(void **state)
{
	(void)state;
	int w, h;
	img_fit(4000, 3000, 2560, &w, &h);
	assert_int_equal(w, 2560);
	assert_int_equal(h, 1920);
	img_fit(3000, 4000, 320, &w, &h);
	assert_int_equal(w, 240);
	assert_int_equal(h, 320);
	img_fit(100, 50, 320, &w, &h);   /* never enlarged */
	assert_int_equal(w, 100);
	assert_int_equal(h, 50);
	img_fit(12000, 1, 320, &w, &h);
	assert_int_equal(w, 320);
	assert_int_equal(h, 1);

	/* a 12-megapixel photo: shown at 2,560, its thumbnail at 320, the colours where they were */
	unsigned char *q = quadrants(4000, 3000);
	struct img_out big;
	assert_int_equal(img_encode_jpeg(q, 4000, 3000, 85, &big), IMG_OK);
	free(q);
	struct img_info in;
	assert_int_equal(img_inspect(big.data, big.len, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in), IMG_OK);
	struct img_out show, thumb;
	assert_int_equal(img_render(big.data, big.len, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb), IMG_OK);
	assert_int_equal(show.width, 2560);
	assert_int_equal(show.height, 1920);
	assert_int_equal(thumb.width, 320);
	assert_int_equal(thumb.height, 240);
	unsigned char *px = decode_jpeg(thumb.data, thumb.len, &w, &h);
	assert_int_equal(colour_at(px, w, 10, 10), 0);
	assert_int_equal(colour_at(px, w, w - 10, 10), 1);
	assert_int_equal(colour_at(px, w, 10, h - 10), 2);
	assert_int_equal(colour_at(px, w, w - 10, h - 10), 3);
	free(px);
	img_out_free(&show);
	img_out_free(&thumb);
	img_out_free(&big);
}

static void test_exif_reader(void **state)
{
	(void)state;
	unsigned char seg[512];
	exif_segment(seg, 8);
	assert_int_equal(img_exif_orientation(seg + 4, 6 + 104), 8);
	/* big-endian */
	static const unsigned char mm[] = "Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x03\0\0\0\0\0\0";
	assert_int_equal(img_exif_orientation(mm, sizeof mm - 1), 3);
	/* cut short, an offset past the end, a count too large, an orientation out of range */
	assert_int_equal(img_exif_orientation(mm, 20), 1);
	unsigned char bad[sizeof mm];
	memcpy(bad, mm, sizeof mm);
	bad[13] = 0xF0;
	assert_int_equal(img_exif_orientation(bad, sizeof mm - 1), 1);
	memcpy(bad, mm, sizeof mm);
	bad[14] = 0xFF, bad[15] = 0xFF, bad[16] = 0x02;   /* many entries claimed, none there */
	assert_int_equal(img_exif_orientation(bad, sizeof mm - 1), 1);
	memcpy(bad, mm, sizeof mm);
	bad[25] = 9;
	assert_int_equal(img_exif_orientation(bad, sizeof mm - 1), 1);
	assert_int_equal(img_exif_orientation((const unsigned char *)"JFIF\0", 5), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_metadata_gone),
		cmocka_unit_test(test_orientations),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_exif_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
