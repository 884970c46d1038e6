/* QR codes as SVG and PNG (qr.h). The PNG is written here: one IHDR, one IDAT (zlib), IEND. */
#include "base/qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static QRcode *encode(const char *text)
{
	size_t n = text ? strlen(text) : 0;
	if (n == 0 || n > QR_MAX_TEXT)
		return NULL;
	return QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
}

static int clamp_scale(int scale) { return scale < 1 ? 1 : scale > 20 ? 20 : scale; }

char *qr_svg(struct arena *a, const char *text, int scale)
{
	QRcode *q = encode(text);
	if (!q)
		return NULL;
	int w = q->width, n = w + 2 * QR_QUIET, px = n * clamp_scale(scale);
	/* one path: each run of dark modules in a row as one rectangle */
	size_t cap = 256 + (size_t)w * (size_t)w * 16, len = 0;
	char *out = arena_alloc(a, cap);
	len += (size_t)snprintf(out + len, cap - len,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		"<path fill=\"#000\" d=\"", px, px, n, n, n, n);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 0;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			len += (size_t)snprintf(out + len, cap - len, "M%d %dh%dv1h-%dz", x + QR_QUIET,
						y + QR_QUIET, run, run);
			x += run;
		}
	snprintf(out + len, cap - len, "\"/></svg>");
	QRcode_free(q);
	return out;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A chunk at p: length, type, data, CRC of type and data. Returns its size. */
static size_t chunk(unsigned char *p, const char *type, const unsigned char *data, uint32_t n)
{
	put32(p, n);
	memcpy(p + 4, type, 4);
	if (n)
		memcpy(p + 8, data, n);
	uLong crc = crc32(0L, p + 4, n + 4);
	put32(p + 8 + n, (uint32_t)crc);
	return 12 + (size_t)n;
}

unsigned char *qr_png(struct arena *a, const char *text, int scale, size_t *len)
{
	QRcode *q = encode(text);
	if (!q)
		return NULL;
	int s = clamp_scale(scale), w = q->width, px = (w + 2 * QR_QUIET) * s;
	/* the raw image: each row a filter byte (0, none) and px grey bytes */
	size_t row = (size_t)px + 1, raw_len = row * (size_t)px;
	unsigned char *raw = arena_alloc(a, raw_len);
	for (int y = 0; y < px; y++) {
		unsigned char *r = raw + (size_t)y * row;
		r[0] = 0;
		int my = y / s - QR_QUIET;
		for (int x = 0; x < px; x++) {
			int mx = x / s - QR_QUIET;
			bool dark = my >= 0 && my < w && mx >= 0 && mx < w && (q->data[my * w + mx] & 1);
			r[1 + x] = dark ? 0 : 255;
		}
	}
	QRcode_free(q);
	uLongf zlen = compressBound((uLong)raw_len);
	unsigned char *z = arena_alloc(a, zlen);
	if (compress2(z, &zlen, raw, (uLong)raw_len, 9) != Z_OK)
		return NULL;
	unsigned char ihdr[13];
	put32(ihdr, (uint32_t)px);
	put32(ihdr + 4, (uint32_t)px);
	ihdr[8] = 8;     /* bit depth */
	ihdr[9] = 0;     /* greyscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	unsigned char *out = arena_alloc(a, 8 + 25 + 12 + zlen + 12);
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	memcpy(out, sig, 8);
	size_t n = 8;
	n += chunk(out + n, "IHDR", ihdr, 13);
	n += chunk(out + n, "IDAT", z, (uint32_t)zlen);
	n += chunk(out + n, "IEND", NULL, 0);
	*len = n;
	return out;
}
