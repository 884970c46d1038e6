/* image: see image.h. Each decoder runs inside one function whose state is reached through a
 * pointer, so that a longjmp from the library's error handler leaves nothing to be clobbered;
 * every buffer it made is freed on the way out. */
#include "attachments/image.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>

/* --- kinds ------------------------------------------------------------------------------ */

enum img_kind img_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return IMG_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return IMG_PNG;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return IMG_WEBP;
	if (n >= 8 && memcmp(p, "%PDF-", 5) == 0)
		return IMG_PDF;
	return IMG_NONE;
}

void img_fit(int w, int h, int side, int *tw, int *th)
{
	int longest = w > h ? w : h;
	if (longest <= side || longest <= 0) {
		*tw = w > 0 ? w : 1;
		*th = h > 0 ? h : 1;
		return;
	}
	double s = (double)side / (double)longest;
	*tw = (int)lround(w * s);
	*th = (int)lround(h * s);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
	if (*tw > side)
		*tw = side;
	if (*th > side)
		*th = side;
}

void img_out_free(struct img_out *o)
{
	if (!o)
		return;
	free(o->data);
	memset(o, 0, sizeof *o);
}

/* --- pixels and their resampling --------------------------------------------------------- */

struct px {
	unsigned char *p;   /* rows of w * ch bytes */
	int w, h, ch;       /* ch 3 (RGB) or 4 (RGBA) */
};

static void px_free(struct px *x)
{
	free(x->p);
	x->p = NULL;
}

/* A decoder's pixels to the caller when it made them (side > 0) without a problem, else gone. */
static enum img_problem hand_over(enum img_problem pr, int side, struct px *made, struct px *out)
{
	if (pr == IMG_OK && side)
		*out = *made;
	else
		px_free(made);
	return pr;
}

/* Averaging by area, fed one source row at a time: each destination pixel is the mean of the
 * source area it covers. Never enlarges (sw >= dw, sh >= dh). A source pixel falls into at
 * most two destination columns and a source row into at most two destination rows. */
struct rsz {
	int sw, sh, dw, dh, ch;
	double sx, sy;
	int *col;           /* per source x: its first destination column */
	float *wcol;        /* and the share of it there (the rest goes to the next) */
	float *hrow;        /* a source row resized across */
	float *acc[2];      /* the destination rows cur and cur + 1 being summed */
	int cur, y;
	struct px *out;
};

static int rsz_init(struct rsz *r, int sw, int sh, int dw, int dh, int ch, struct px *out)
{
	memset(r, 0, sizeof *r);
	r->sw = sw, r->sh = sh, r->dw = dw, r->dh = dh, r->ch = ch, r->out = out;
	r->sx = (double)sw / dw;
	r->sy = (double)sh / dh;
	r->col = malloc(sizeof *r->col * (size_t)sw);
	r->wcol = malloc(sizeof *r->wcol * (size_t)sw);
	r->hrow = malloc(sizeof *r->hrow * (size_t)dw * (size_t)ch);
	r->acc[0] = calloc((size_t)dw * (size_t)ch, sizeof(float));
	r->acc[1] = calloc((size_t)dw * (size_t)ch, sizeof(float));
	out->w = dw, out->h = dh, out->ch = ch;
	out->p = malloc((size_t)dw * (size_t)dh * (size_t)ch);
	if (!r->col || !r->wcol || !r->hrow || !r->acc[0] || !r->acc[1] || !out->p)
		return -1;
	for (int x = 0; x < sw; x++) {
		int j = (int)floor(x / r->sx);
		if (j >= dw)
			j = dw - 1;
		double edge = (j + 1) * r->sx;   /* where column j ends, in source pixels */
		double w = edge >= x + 1 ? 1.0 : edge - x;
		if (j == dw - 1 || w > 1.0)
			w = 1.0;
		if (w < 0)
			w = 0;
		r->col[x] = j;
		r->wcol[x] = (float)w;
	}
	return 0;
}

static void rsz_emit(struct rsz *r)
{
	unsigned char *o = r->out->p + (size_t)r->cur * (size_t)r->dw * (size_t)r->ch;
	float *a = r->acc[0];
	double norm = 1.0 / (r->sx * r->sy);
	for (size_t i = 0; i < (size_t)r->dw * (size_t)r->ch; i++) {
		double v = a[i] * norm + 0.5;
		o[i] = v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)v;
	}
	float *t = r->acc[0];
	r->acc[0] = r->acc[1];
	r->acc[1] = t;
	memset(r->acc[1], 0, sizeof(float) * (size_t)r->dw * (size_t)r->ch);
	r->cur++;
}

static void rsz_row(struct rsz *r, const unsigned char *row)
{
	if (r->y >= r->sh)
		return;
	int ch = r->ch, dw = r->dw;
	memset(r->hrow, 0, sizeof(float) * (size_t)dw * (size_t)ch);
	for (int x = 0; x < r->sw; x++) {
		int j = r->col[x];
		float w = r->wcol[x], rest = 1.0f - w;
		const unsigned char *s = row + (size_t)x * (size_t)ch;
		float *d = r->hrow + (size_t)j * (size_t)ch;
		for (int c = 0; c < ch; c++)
			d[c] += w * s[c];
		if (rest > 0 && j + 1 < dw)
			for (int c = 0; c < ch; c++)
				d[ch + c] += rest * s[c];
	}
	int y = r->y++;
	int j = (int)floor(y / r->sy);
	if (j >= r->dh)
		j = r->dh - 1;
	while (j > r->cur && r->cur < r->dh)
		rsz_emit(r);
	double edge = (j + 1) * r->sy;
	float w = edge >= y + 1 || j == r->dh - 1 ? 1.0f : (float)(edge - y);
	float rest = 1.0f - w;
	for (size_t i = 0; i < (size_t)dw * (size_t)ch; i++) {
		r->acc[0][i] += w * r->hrow[i];
		if (rest > 0)
			r->acc[1][i] += rest * r->hrow[i];
	}
	/* row cur is whole once the source rows have passed its lower edge */
	while (r->cur < r->dh && ((r->cur + 1) * r->sy <= r->y + 1e-9 || r->y == r->sh))
		rsz_emit(r);
}

static void rsz_free(struct rsz *r)
{
	free(r->col);
	free(r->wcol);
	free(r->hrow);
	free(r->acc[0]);
	free(r->acc[1]);
}

/* RGBA over white, into rgb (w pixels). */
static void flatten(const unsigned char *rgba, unsigned char *rgb, int w)
{
	for (int x = 0; x < w; x++) {
		unsigned a = rgba[4 * x + 3];
		for (int c = 0; c < 3; c++)
			rgb[3 * x + c] = (unsigned char)((rgba[4 * x + c] * a + 255 * (255 - a) + 127) / 255);
	}
}

/* The whole of src resized into dw x dh (ch of src, or 3 from 4 when flat). */
static int px_resize(const struct px *src, int dw, int dh, bool flat, struct px *out)
{
	memset(out, 0, sizeof *out);
	int ch = flat && src->ch == 4 ? 3 : src->ch;
	struct rsz r;
	unsigned char *row = malloc((size_t)src->w * 3 + 1);
	int rc = row && rsz_init(&r, src->w, src->h, dw, dh, ch, out) == 0 ? 0 : -1;
	for (int y = 0; rc == 0 && y < src->h; y++) {
		const unsigned char *s = src->p + (size_t)y * (size_t)src->w * (size_t)src->ch;
		if (ch != src->ch) {
			flatten(s, row, src->w);
			s = row;
		}
		rsz_row(&r, s);
	}
	if (row)
		rsz_free(&r);
	free(row);
	if (rc < 0)
		px_free(out);
	return rc;
}

/* Upright by the EXIF orientation (2..8: mirrored and/or turned); 1 leaves it as it is. */
static int px_orient(struct px *x, int orientation)
{
	if (orientation < 2 || orientation > 8)
		return 0;
	int w = x->w, h = x->h, ch = x->ch;
	bool swap = orientation >= 5;
	int ow = swap ? h : w, oh = swap ? w : h;
	unsigned char *o = malloc((size_t)ow * (size_t)oh * (size_t)ch);
	if (!o)
		return -1;
	for (int y = 0; y < oh; y++) {
		for (int xx = 0; xx < ow; xx++) {
			int sx, sy;
			switch (orientation) {
			case 2: sx = w - 1 - xx, sy = y; break;
			case 3: sx = w - 1 - xx, sy = h - 1 - y; break;
			case 4: sx = xx, sy = h - 1 - y; break;
			case 5: sx = y, sy = xx; break;
			case 6: sx = y, sy = h - 1 - xx; break;
			case 7: sx = w - 1 - y, sy = h - 1 - xx; break;
			default: sx = w - 1 - y, sy = xx; break;   /* 8 */
			}
			memcpy(o + ((size_t)y * (size_t)ow + (size_t)xx) * (size_t)ch,
			       x->p + ((size_t)sy * (size_t)w + (size_t)sx) * (size_t)ch, (size_t)ch);
		}
	}
	free(x->p);
	x->p = o;
	x->w = ow;
	x->h = oh;
	return 0;
}

/* --- EXIF orientation -------------------------------------------------------------------- */

static unsigned rd16(const unsigned char *p, bool le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | (unsigned)p[1];
}

static uint32_t rd32(const unsigned char *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

int img_exif_orientation(const unsigned char *d, size_t n)
{
	if (n < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0)
		return 1;
	const unsigned char *t = d + 6;
	size_t tn = n - 6;
	bool le;
	if (t[0] == 'I' && t[1] == 'I')
		le = true;
	else if (t[0] == 'M' && t[1] == 'M')
		le = false;
	else
		return 1;
	if (rd16(t + 2, le) != 42)
		return 1;
	uint64_t ifd = rd32(t + 4, le);
	if (ifd + 2 > tn)
		return 1;
	unsigned count = rd16(t + ifd, le);
	for (unsigned i = 0; i < count; i++) {
		uint64_t e = ifd + 2 + 12 * (uint64_t)i;
		if (e + 12 > tn)
			break;
		if (rd16(t + e, le) == 0x0112 && rd16(t + e + 2, le) == 3 && rd32(t + e + 4, le) == 1) {
			unsigned v = rd16(t + e + 8, le);
			return v >= 1 && v <= 8 ? (int)v : 1;
		}
	}
	return 1;
}

/* --- JPEG -------------------------------------------------------------------------------- */

/* libjpeg-turbo's own advice against progressive files of endless scans: at most 500. */
enum { JPEG_MAX_SCANS = 500 };
#define JPEG_MAX_MEMORY (256L * 1024 * 1024)

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
};

static void jpeg_fail(j_common_ptr ci)
{
	longjmp(((struct jerr *)(void *)ci->err)->jb, 1);
}

/* A warning (premature end of data, corrupt data) is a damaged file here; traces are nothing. */
static void jpeg_message(j_common_ptr ci, int level)
{
	if (level < 0)
		longjmp(((struct jerr *)(void *)ci->err)->jb, 1);
}

static void jpeg_progress(j_common_ptr ci)
{
	if (ci->is_decompressor && ((j_decompress_ptr)ci)->input_scan_number > JPEG_MAX_SCANS)
		longjmp(((struct jerr *)(void *)ci->err)->jb, 1);
}

struct jdec {
	struct jpeg_decompress_struct ci;
	struct jerr err;
	struct jpeg_progress_mgr progress;
	const unsigned char *p;
	size_t n;
	int side;                  /* fit into this (0: read the header only) */
	bool fast;                 /* a thumbnail: the quicker IDCT and upsampling */
	struct img_info *info;     /* header only: filled */
	struct px out;
	struct rsz r;
	bool have_rsz;
	unsigned char *row;
	enum img_problem problem;
};

static void jdec_run(struct jdec *d)
{
	d->ci.err = jpeg_std_error(&d->err.mgr);
	d->err.mgr.error_exit = jpeg_fail;
	d->err.mgr.emit_message = jpeg_message;
	if (setjmp(d->err.jb)) {
		d->problem = IMG_DAMAGED;
		return;
	}
	jpeg_create_decompress(&d->ci);
	d->ci.mem->max_memory_to_use = JPEG_MAX_MEMORY;
	d->progress.progress_monitor = jpeg_progress;
	d->ci.progress = &d->progress;
	jpeg_mem_src(&d->ci, d->p, (unsigned long)d->n);
	if (!d->side)
		jpeg_save_markers(&d->ci, JPEG_APP0 + 1, 0xFFFF);
	jpeg_read_header(&d->ci, TRUE);
	if (!d->side) {
		d->info->width = (int)d->ci.image_width;
		d->info->height = (int)d->ci.image_height;
		d->info->orientation = 1;
		for (jpeg_saved_marker_ptr m = d->ci.marker_list; m; m = m->next) {
			if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
			    memcmp(m->data, "Exif\0\0", 6) == 0) {
				d->info->orientation = img_exif_orientation(m->data, m->data_length);
				break;
			}
		}
		return;
	}
	bool cmyk = d->ci.jpeg_color_space == JCS_CMYK || d->ci.jpeg_color_space == JCS_YCCK;
	d->ci.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	int tw, th;
	img_fit((int)d->ci.image_width, (int)d->ci.image_height, d->side, &tw, &th);
	/* the smallest eighth that still covers the target */
	unsigned num = 8;
	for (unsigned k = 1; k <= 8; k++) {
		if ((d->ci.image_width * k + 7) / 8 >= (unsigned)tw &&
		    (d->ci.image_height * k + 7) / 8 >= (unsigned)th) {
			num = k;
			break;
		}
	}
	d->ci.scale_num = num;
	d->ci.scale_denom = 8;
	if (d->fast) {
		d->ci.dct_method = JDCT_IFAST;
		d->ci.do_fancy_upsampling = FALSE;
	}
	jpeg_start_decompress(&d->ci);
	int ow = (int)d->ci.output_width, oh = (int)d->ci.output_height;
	if (tw > ow)
		tw = ow;
	if (th > oh)
		th = oh;
	d->row = malloc((size_t)ow * 4);
	if (!d->row || rsz_init(&d->r, ow, oh, tw, th, 3, &d->out) < 0) {
		d->have_rsz = d->row != NULL;
		d->problem = IMG_NO_MEMORY;
		jpeg_abort_decompress(&d->ci);
		return;
	}
	d->have_rsz = true;
	while (d->ci.output_scanline < d->ci.output_height) {
		JSAMPROW rows[1] = {d->row};
		if (jpeg_read_scanlines(&d->ci, rows, 1) != 1)
			longjmp(d->err.jb, 1);
		if (cmyk) {
			/* Adobe's files keep the inks inverted */
			bool inv = d->ci.saw_Adobe_marker;
			for (int x = 0; x < ow; x++) {
				unsigned c = d->row[4 * x], m = d->row[4 * x + 1], y = d->row[4 * x + 2],
					 k = d->row[4 * x + 3];
				if (!inv)
					c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
				d->row[3 * x] = (unsigned char)(c * k / 255);
				d->row[3 * x + 1] = (unsigned char)(m * k / 255);
				d->row[3 * x + 2] = (unsigned char)(y * k / 255);
			}
		}
		rsz_row(&d->r, d->row);
	}
	jpeg_finish_decompress(&d->ci);
}

static enum img_problem jpeg_decode(const unsigned char *p, size_t n, int side, bool fast,
				    struct img_info *info, struct px *out)
{
	struct jdec *d = calloc(1, sizeof *d);
	if (!d)
		return IMG_NO_MEMORY;
	d->p = p, d->n = n, d->side = side, d->fast = fast, d->info = info;
	jdec_run(d);
	jpeg_destroy_decompress(&d->ci);
	if (d->have_rsz)
		rsz_free(&d->r);
	free(d->row);
	enum img_problem pr = hand_over(d->problem, side, &d->out, out);
	free(d);
	return pr;
}

struct jenc {
	struct jpeg_compress_struct ci;
	struct jerr err;
	const unsigned char *rgb;
	int w, h, quality;
	unsigned char *buf;
	unsigned long len;
	bool failed;
};

static void jenc_run(struct jenc *e)
{
	e->ci.err = jpeg_std_error(&e->err.mgr);
	e->err.mgr.error_exit = jpeg_fail;
	if (setjmp(e->err.jb)) {
		e->failed = true;
		return;
	}
	jpeg_create_compress(&e->ci);
	jpeg_mem_dest(&e->ci, &e->buf, &e->len);
	e->ci.image_width = (JDIMENSION)e->w;
	e->ci.image_height = (JDIMENSION)e->h;
	e->ci.input_components = 3;
	e->ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&e->ci);
	jpeg_set_quality(&e->ci, e->quality, TRUE);
	e->ci.optimize_coding = TRUE;
	jpeg_start_compress(&e->ci, TRUE);
	while (e->ci.next_scanline < e->ci.image_height) {
		JSAMPROW row = (JSAMPROW)(uintptr_t)(e->rgb + (size_t)e->ci.next_scanline * (size_t)e->w * 3);
		jpeg_write_scanlines(&e->ci, &row, 1);
	}
	jpeg_finish_compress(&e->ci);
}

enum img_problem img_encode_jpeg(const unsigned char *rgb, int w, int h, int quality,
				 struct img_out *out)
{
	memset(out, 0, sizeof *out);
	struct jenc *e = calloc(1, sizeof *e);
	if (!e)
		return IMG_NO_MEMORY;
	e->rgb = rgb, e->w = w, e->h = h, e->quality = quality;
	jenc_run(e);
	jpeg_destroy_compress(&e->ci);
	enum img_problem pr = IMG_OK;
	if (e->failed || !e->buf) {
		free(e->buf);
		pr = IMG_NO_MEMORY;
	} else {
		out->data = e->buf;
		out->len = e->len;
		out->width = w;
		out->height = h;
	}
	free(e);
	return pr;
}

/* --- PNG --------------------------------------------------------------------------------- */

struct pdec {
	png_structp png;
	png_infop info;
	const unsigned char *p;
	size_t n, pos;
	int side;
	bool flat;                 /* RGBA over white into RGB (a thumbnail) */
	struct img_info *hdr;
	struct px out;
	struct rsz r;
	bool have_rsz;
	unsigned char *row, *flatrow, *whole;
	enum img_problem problem;
};

static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
	struct pdec *d = png_get_io_ptr(png);
	if (n > d->n - d->pos)
		png_error(png, "truncated");
	memcpy(out, d->p + d->pos, n);
	d->pos += n;
}

/* Ancillary chunks never read: text and EXIF (where a camera's metadata would be), ICC
 * profiles and the rest of what a shown copy does not carry; their compressed ones are never
 * inflated. */
static const png_byte png_skipped[] = "tEXt\0zTXt\0iTXt\0eXIf\0iCCP\0tIME\0sPLT\0hIST\0pCAL\0"
				      "sCAL\0oFFs\0pHYs\0sBIT\0cHRM\0sRGB\0gAMA\0bKGD";

static void pdec_run(struct pdec *d)
{
	if (setjmp(png_jmpbuf(d->png))) {
		if (!d->problem)
			d->problem = IMG_DAMAGED;
		return;
	}
	png_set_read_fn(d->png, d, png_read_mem);
	png_set_keep_unknown_chunks(d->png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
	png_set_keep_unknown_chunks(d->png, PNG_HANDLE_CHUNK_NEVER, png_skipped,
				    (int)(sizeof png_skipped / 5));
	png_set_chunk_malloc_max(d->png, 4 * 1024 * 1024);
	png_set_chunk_cache_max(d->png, 128);
	png_set_crc_action(d->png, PNG_CRC_DEFAULT, PNG_CRC_DEFAULT);
	png_read_info(d->png, d->info);
	png_uint_32 w, h;
	int depth, color, interlace;
	png_get_IHDR(d->png, d->info, &w, &h, &depth, &color, &interlace, NULL, NULL);
	bool alpha = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(d->png, d->info, PNG_INFO_tRNS);
	if (!d->side) {
		d->hdr->width = (int)(w > 0x7fffffff ? 0x7fffffff : w);
		d->hdr->height = (int)(h > 0x7fffffff ? 0x7fffffff : h);
		d->hdr->orientation = 1;
		d->hdr->alpha = alpha;
		d->hdr->interlaced = interlace != PNG_INTERLACE_NONE;
		return;
	}
	png_set_expand(d->png);
	png_set_strip_16(d->png);
	png_set_gray_to_rgb(d->png);
	int passes = png_set_interlace_handling(d->png);
	png_read_update_info(d->png, d->info);
	int ch = png_get_channels(d->png, d->info);
	if ((ch != 3 && ch != 4) || png_get_rowbytes(d->png, d->info) != (size_t)w * (size_t)ch)
		png_error(d->png, "unexpected layout");
	int outch = d->flat ? 3 : ch;
	int tw, th;
	img_fit((int)w, (int)h, d->side, &tw, &th);
	d->row = malloc((size_t)w * (size_t)ch);
	d->flatrow = malloc((size_t)w * 3);
	if (!d->row || !d->flatrow || rsz_init(&d->r, (int)w, (int)h, tw, th, outch, &d->out) < 0) {
		d->have_rsz = d->row && d->flatrow;
		d->problem = IMG_NO_MEMORY;
		png_longjmp(d->png, 1);
	}
	d->have_rsz = true;
	if (passes > 1) {
		/* Adam7 fills every row in seven passes: the image is held whole */
		d->whole = malloc((size_t)w * (size_t)h * (size_t)ch);
		if (!d->whole) {
			d->problem = IMG_NO_MEMORY;
			png_longjmp(d->png, 1);
		}
		for (int pass = 0; pass < passes; pass++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(d->png, d->whole + (size_t)y * (size_t)w * (size_t)ch, NULL);
	}
	for (png_uint_32 y = 0; y < h; y++) {
		unsigned char *row = d->row;
		if (d->whole)
			row = d->whole + (size_t)y * (size_t)w * (size_t)ch;
		else
			png_read_row(d->png, row, NULL);
		if (outch != ch) {
			flatten(row, d->flatrow, (int)w);
			row = d->flatrow;
		}
		rsz_row(&d->r, row);
	}
	png_read_end(d->png, NULL);
}

static enum img_problem png_decode(const unsigned char *p, size_t n, int side, bool flat,
				   struct img_info *hdr, struct px *out)
{
	struct pdec *d = calloc(1, sizeof *d);
	if (!d)
		return IMG_NO_MEMORY;
	d->p = p, d->n = n, d->side = side, d->flat = flat, d->hdr = hdr;
	d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	d->info = d->png ? png_create_info_struct(d->png) : NULL;
	if (!d->info)
		d->problem = IMG_NO_MEMORY;
	else
		pdec_run(d);
	png_destroy_read_struct(d->png ? &d->png : NULL, d->info ? &d->info : NULL, NULL);
	if (d->have_rsz)
		rsz_free(&d->r);
	free(d->row);
	free(d->flatrow);
	free(d->whole);
	enum img_problem pr = hand_over(d->problem, side, &d->out, out);
	free(d);
	return pr;
}

struct penc {
	png_structp png;
	png_infop info;
	const struct px *px;
	unsigned char *buf;
	size_t len, cap;
	bool failed;
};

static void png_write_mem(png_structp png, png_bytep data, size_t n)
{
	struct penc *e = png_get_io_ptr(png);
	if (n > e->cap - e->len) {
		size_t cap = e->cap ? e->cap : 65536;
		while (n > cap - e->len)
			cap *= 2;
		unsigned char *b = realloc(e->buf, cap);
		if (!b)
			png_error(png, "out of memory");
		e->buf = b;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, data, n);
	e->len += n;
}

static void png_flush_mem(png_structp png)
{
	(void)png;
}

static void penc_run(struct penc *e)
{
	if (setjmp(png_jmpbuf(e->png))) {
		e->failed = true;
		return;
	}
	const struct px *x = e->px;
	png_set_write_fn(e->png, e, png_write_mem, png_flush_mem);
	png_set_IHDR(e->png, e->info, (png_uint_32)x->w, (png_uint_32)x->h, 8,
		     x->ch == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(e->png, 6);
	png_write_info(e->png, e->info);
	for (int y = 0; y < x->h; y++)
		png_write_row(e->png, x->p + (size_t)y * (size_t)x->w * (size_t)x->ch);
	png_write_end(e->png, NULL);
}

static enum img_problem png_encode(const struct px *x, struct img_out *out)
{
	memset(out, 0, sizeof *out);
	struct penc *e = calloc(1, sizeof *e);
	if (!e)
		return IMG_NO_MEMORY;
	e->px = x;
	e->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	e->info = e->png ? png_create_info_struct(e->png) : NULL;
	if (!e->info)
		e->failed = true;
	else
		penc_run(e);
	png_destroy_write_struct(e->png ? &e->png : NULL, e->info ? &e->info : NULL);
	enum img_problem pr = IMG_OK;
	if (e->failed) {
		free(e->buf);
		pr = IMG_NO_MEMORY;
	} else {
		out->data = e->buf;
		out->len = e->len;
		out->width = x->w;
		out->height = x->h;
	}
	free(e);
	return pr;
}

enum img_problem img_encode_png(const unsigned char *rgb, int w, int h, struct img_out *out)
{
	struct px x = {(unsigned char *)(uintptr_t)rgb, w, h, 3};
	return png_encode(&x, out);
}

/* --- WebP -------------------------------------------------------------------------------- */

static enum img_problem webp_decode(const unsigned char *p, size_t n, int side, bool flat,
				    const struct img_info *info, struct px *out)
{
	WebPDecoderConfig cfg;
	if (!WebPInitDecoderConfig(&cfg))
		return IMG_NO_MEMORY;
	int tw, th;
	img_fit(info->width, info->height, side, &tw, &th);
	if (tw != info->width || th != info->height) {
		cfg.options.use_scaling = 1;
		cfg.options.scaled_width = tw;
		cfg.options.scaled_height = th;
	}
	bool alpha = info->alpha && !flat;
	cfg.output.colorspace = info->alpha ? MODE_RGBA : MODE_RGB;
	if (WebPDecode(p, n, &cfg) != VP8_STATUS_OK)
		return IMG_DAMAGED;
	const WebPRGBABuffer *b = &cfg.output.u.RGBA;
	int w = cfg.output.width, h = cfg.output.height, ch = alpha ? 4 : 3;
	out->p = malloc((size_t)w * (size_t)h * (size_t)ch);
	if (!out->p) {
		WebPFreeDecBuffer(&cfg.output);
		return IMG_NO_MEMORY;
	}
	out->w = w, out->h = h, out->ch = ch;
	for (int y = 0; y < h; y++) {
		const unsigned char *s = b->rgba + (size_t)y * (size_t)b->stride;
		unsigned char *d = out->p + (size_t)y * (size_t)w * (size_t)ch;
		if (info->alpha && !alpha)
			flatten(s, d, w);
		else
			memcpy(d, s, (size_t)w * (size_t)ch);
	}
	WebPFreeDecBuffer(&cfg.output);
	return IMG_OK;
}

static enum img_problem webp_encode(const struct px *x, bool lossless, int quality,
				    struct img_out *out)
{
	memset(out, 0, sizeof *out);
	uint8_t *enc = NULL;
	int stride = x->w * x->ch;
	size_t len;
	if (x->ch == 4)
		len = lossless ? WebPEncodeLosslessRGBA(x->p, x->w, x->h, stride, &enc)
			       : WebPEncodeRGBA(x->p, x->w, x->h, stride, (float)quality, &enc);
	else
		len = lossless ? WebPEncodeLosslessRGB(x->p, x->w, x->h, stride, &enc)
			       : WebPEncodeRGB(x->p, x->w, x->h, stride, (float)quality, &enc);
	if (!len || !enc) {
		WebPFree(enc);
		return IMG_NO_MEMORY;
	}
	out->data = malloc(len);
	if (out->data)
		memcpy(out->data, enc, len);
	WebPFree(enc);
	if (!out->data)
		return IMG_NO_MEMORY;
	out->len = len;
	out->width = x->w;
	out->height = x->h;
	return IMG_OK;
}

enum img_problem img_encode_webp(const unsigned char *rgb, int w, int h, int quality,
				 struct img_out *out)
{
	struct px x = {(unsigned char *)(uintptr_t)rgb, w, h, 3};
	return webp_encode(&x, false, quality, out);
}

/* --- PDF --------------------------------------------------------------------------------- */

/* A header "%PDF-1.x" (or 2.x) and, within the last 1,024 bytes, the trailer's "%%EOF" with
 * "startxref" before it: a PDF that ends, not one cut short. Kept as it is. */
static enum img_problem pdf_inspect(const unsigned char *p, size_t n)
{
	if (n < 16 || memcmp(p, "%PDF-", 5) != 0 || (p[5] != '1' && p[5] != '2') || p[6] != '.' ||
	    p[7] < '0' || p[7] > '9')
		return IMG_UNKNOWN;
	size_t end = n;
	while (end > 0 && (p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == ' ' ||
			   p[end - 1] == '\t' || p[end - 1] == '\0'))
		end--;
	if (end < 5 || memcmp(p + end - 5, "%%EOF", 5) != 0)
		return IMG_DAMAGED;
	size_t from = end > 1024 ? end - 1024 : 0;
	for (size_t i = end - 5; i-- > from;)
		if (i + 9 <= end && memcmp(p + i, "startxref", 9) == 0)
			return IMG_OK;
	return IMG_DAMAGED;
}

/* --- the whole ---------------------------------------------------------------------------- */

enum img_problem img_inspect(const unsigned char *p, size_t n, int max_side, long max_pixels,
			     struct img_info *out)
{
	memset(out, 0, sizeof *out);
	out->orientation = 1;
	out->kind = img_sniff(p, n);
	enum img_problem pr = IMG_OK;
	switch (out->kind) {
	case IMG_NONE:
		return IMG_UNKNOWN;
	case IMG_PDF:
		return pdf_inspect(p, n);
	case IMG_JPEG:
		pr = jpeg_decode(p, n, 0, false, out, NULL);
		break;
	case IMG_PNG:
		pr = png_decode(p, n, 0, false, out, NULL);
		break;
	case IMG_WEBP: {
		WebPBitstreamFeatures f;
		if (WebPGetFeatures(p, n, &f) != VP8_STATUS_OK)
			return IMG_DAMAGED;
		out->width = f.width;
		out->height = f.height;
		out->alpha = f.has_alpha;
		out->lossless = f.format == 2;
		if (f.has_animation)
			return IMG_ANIMATED;
		break;
	}
	}
	if (pr != IMG_OK)
		return pr;
	if (out->width <= 0 || out->height <= 0)
		return IMG_DAMAGED;
	if (out->width > max_side || out->height > max_side ||
	    (long long)out->width * out->height > max_pixels)
		return IMG_TOO_BIG;
	if (out->interlaced && (long long)out->width * out->height > IMG_MAX_INTERLACED)
		return IMG_INTERLACED;
	return IMG_OK;
}

/* Decoded and fitted into side (flat: no alpha, over white), upright. */
static enum img_problem decode(const unsigned char *p, size_t n, const struct img_info *info,
			       int side, bool flat, bool fast, struct px *out)
{
	memset(out, 0, sizeof *out);
	struct img_info hdr = *info;
	enum img_problem pr;
	/* turned, the long side is the same: fit before turning */
	switch (info->kind) {
	case IMG_JPEG: pr = jpeg_decode(p, n, side, fast, &hdr, out); break;
	case IMG_PNG: pr = png_decode(p, n, side, flat, &hdr, out); break;
	case IMG_WEBP: pr = webp_decode(p, n, side, flat, info, out); break;
	default: return IMG_UNKNOWN;
	}
	if (pr == IMG_OK && px_orient(out, info->orientation) < 0) {
		px_free(out);
		pr = IMG_NO_MEMORY;
	}
	return pr;
}

static enum img_problem thumb_of(const struct px *x, int side, struct img_out *thumb)
{
	int tw, th;
	img_fit(x->w, x->h, side, &tw, &th);
	struct px t;
	if (px_resize(x, tw, th, true, &t) < 0)
		return IMG_NO_MEMORY;
	enum img_problem pr = img_encode_jpeg(t.p, t.w, t.h, 80, thumb);
	px_free(&t);
	return pr;
}

enum img_problem img_thumbnail(const unsigned char *p, size_t n, const struct img_info *info,
			       int thumb_side, struct img_out *thumb)
{
	memset(thumb, 0, sizeof *thumb);
	struct px x;
	enum img_problem pr = decode(p, n, info, thumb_side, true, true, &x);
	if (pr != IMG_OK)
		return pr;
	pr = img_encode_jpeg(x.p, x.w, x.h, 80, thumb);
	px_free(&x);
	return pr;
}

enum img_problem img_render(const unsigned char *p, size_t n, const struct img_info *info,
			    int show_side, int thumb_side, struct img_out *show,
			    struct img_out *thumb)
{
	memset(show, 0, sizeof *show);
	memset(thumb, 0, sizeof *thumb);
	struct px x;
	enum img_problem pr = decode(p, n, info, show_side, false, false, &x);
	if (pr != IMG_OK)
		return pr;
	switch (info->kind) {
	case IMG_JPEG: pr = img_encode_jpeg(x.p, x.w, x.h, 85, show); break;
	case IMG_PNG: pr = png_encode(&x, show); break;
	default: pr = webp_encode(&x, info->lossless, 82, show); break;
	}
	/* a JPEG's thumbnail comes from its own decode at the smallest DCT scale; the others'
	 * from the pixels at hand */
	if (pr == IMG_OK)
		pr = info->kind == IMG_JPEG ? img_thumbnail(p, n, info, thumb_side, thumb)
					    : thumb_of(&x, thumb_side, thumb);
	px_free(&x);
	if (pr != IMG_OK) {
		img_out_free(show);
		img_out_free(thumb);
	}
	return pr;
}
