/* image: files judged by what they hold, never by their name or declared type, and photos drawn
 * again from their pixels. libjpeg-turbo, libpng and libwebp decode and encode; nothing here
 * decodes by hand. A photo is checked from its headers first (kind, width and height: a side
 * over the limit, or too many pixels, is refused before any pixel is decoded), then decoded in
 * full (a truncated or damaged file is refused: libjpeg's warnings count as errors), fitted into
 * the size shown, turned upright by its EXIF orientation (JPEG) and encoded again: what is shown
 * holds pixels only, no EXIF, XMP, GPS, ICC, comments or text chunks. A JPEG is decoded at a
 * reduced size by its DCT scaling (1/8 to 8/8), so that a 12-megapixel photo's thumbnail never
 * holds its 12 million pixels. PNG rows are read one at a time and averaged down as they come.
 *
 * No dependency on the rest of linli: the tests, the fuzzer and the benchmark use it alone. */
#ifndef LINLI_ATTACHMENTS_IMAGE_H
#define LINLI_ATTACHMENTS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum img_kind { IMG_NONE = 0, IMG_JPEG, IMG_PNG, IMG_WEBP, IMG_PDF };

enum img_problem {
	IMG_OK = 0,
	IMG_UNKNOWN,        /* not a JPEG, PNG, WebP or PDF, whatever its name says */
	IMG_TOO_BIG,        /* a side over max_side, or more pixels than max_pixels */
	IMG_DAMAGED,        /* truncated, corrupt, or a kind of the format not supported */
	IMG_ANIMATED,       /* an animated WebP */
	IMG_INTERLACED,     /* an interlaced PNG over IMG_MAX_INTERLACED pixels (held whole) */
	IMG_NO_MEMORY,
};

enum {
	IMG_MAX_SIDE = 12000,          /* pixels on either side */
	IMG_SHOW_SIDE = 2560,          /* the shown copy's long side at most */
	IMG_THUMB_SIDE = 320,          /* the thumbnail's long side at most */
};
#define IMG_MAX_PIXELS 40000000L
#define IMG_MAX_INTERLACED 16000000L

struct img_info {
	enum img_kind kind;
	int width, height;             /* as stored (before the orientation is applied) */
	int orientation;               /* EXIF 1..8 (a JPEG's), else 1 */
	bool alpha;                    /* transparency (PNG, WebP) */
	bool lossless;                 /* a lossless WebP */
	bool interlaced;               /* an interlaced PNG */
};

/* An encoded image (malloc'd; img_out_free). width and height as shown (upright). */
struct img_out {
	unsigned char *data;
	size_t len;
	int width, height;
};

/* The kind by the first bytes alone. */
enum img_kind img_sniff(const unsigned char *p, size_t n);
/* The kind and size from the headers, no pixel decoded; a PDF's header and trailer. */
enum img_problem img_inspect(const unsigned char *p, size_t n, int max_side, long max_pixels,
			     struct img_info *out);
/* The shown copy (in the photo's own format, fitted into show_side, upright) and a JPEG
 * thumbnail fitted into thumb_side; on a problem neither is kept. info is img_inspect's. */
enum img_problem img_render(const unsigned char *p, size_t n, const struct img_info *info,
			    int show_side, int thumb_side, struct img_out *show,
			    struct img_out *thumb);
/* The thumbnail alone (a JPEG: decoded at its smallest DCT scale that still fills it). */
enum img_problem img_thumbnail(const unsigned char *p, size_t n, const struct img_info *info,
			       int thumb_side, struct img_out *thumb);
void img_out_free(struct img_out *o);
/* Encoders of RGB pixels (rows of w * 3 bytes), for the demo's photos and the tests. */
enum img_problem img_encode_jpeg(const unsigned char *rgb, int w, int h, int quality,
				 struct img_out *out);
enum img_problem img_encode_png(const unsigned char *rgb, int w, int h, struct img_out *out);
enum img_problem img_encode_webp(const unsigned char *rgb, int w, int h, int quality,
				 struct img_out *out);
/* The EXIF orientation in an APP1 segment's data ("Exif\0\0" and a TIFF header), 1 when none. */
int img_exif_orientation(const unsigned char *d, size_t n);
/* The size fitted into a box of side `side`, never enlarged, at least 1 x 1. */
void img_fit(int w, int h, int side, int *tw, int *th);

#endif
