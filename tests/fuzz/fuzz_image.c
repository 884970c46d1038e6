/* fuzz_image: the checks of an attached file (src/attachments/image.c): any bytes through
 * img_inspect and, when accepted, img_render and img_thumbnail, as an upload goes (with small
 * limits, so that the fuzzer's inputs stay quick); and through the EXIF orientation reader.
 *
 * Invariants checked (any violation aborts; the sanitizers add memory and leaks):
 *  - what img_inspect accepts has its sides within the limits, and its kind is img_sniff's;
 *  - what img_render makes is what it says: the shown copy of the photo's own kind, within the
 *    shown side and not larger than the photo, a JPEG thumbnail within its side, turned for an
 *    orientation of 5 to 8; on a problem, neither is kept;
 *  - img_thumbnail agrees with img_render's thumbnail on its size;
 *  - the shown copy, inspected again, is accepted, with orientation 1;
 *  - the EXIF orientation is always 1 to 8. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_image: invariant failed at line %d: %s\n", \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

enum { SIDE = 1024, SHOW = 256, THUMB = 64 };
#define PIXELS 262144L

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int o = img_exif_orientation(data, size);
	CHECK(o >= 1 && o <= 8);
	struct img_info in;
	enum img_problem pr = img_inspect(data, size, SIDE, PIXELS, &in);
	if (pr != IMG_OK || in.kind == IMG_PDF)
		return 0;
	CHECK(in.kind == img_sniff(data, size));
	CHECK(in.width >= 1 && in.height >= 1 && in.width <= SIDE && in.height <= SIDE);
	CHECK((long)in.width * in.height <= PIXELS);
	CHECK(in.orientation >= 1 && in.orientation <= 8);
	struct img_out show, thumb;
	pr = img_render(data, size, &in, SHOW, THUMB, &show, &thumb);
	if (pr != IMG_OK) {
		CHECK(!show.data && !thumb.data);
		return 0;
	}
	bool turned = in.orientation >= 5;
	int w = turned ? in.height : in.width, h = turned ? in.width : in.height;
	CHECK(img_sniff(show.data, show.len) == in.kind);
	CHECK(show.width >= 1 && show.width <= SHOW && show.width <= w);
	CHECK(show.height >= 1 && show.height <= SHOW && show.height <= h);
	CHECK(img_sniff(thumb.data, thumb.len) == IMG_JPEG);
	CHECK(thumb.width >= 1 && thumb.width <= THUMB && thumb.height >= 1 && thumb.height <= THUMB);
	struct img_info again;
	CHECK(img_inspect(show.data, show.len, SIDE, PIXELS, &again) == IMG_OK);
	CHECK(again.orientation == 1 && again.width == show.width && again.height == show.height);
	struct img_out t2;
	if (img_thumbnail(data, size, &in, THUMB, &t2) == IMG_OK) {
		CHECK(in.kind != IMG_JPEG || (t2.width == thumb.width && t2.height == thumb.height));
		img_out_free(&t2);
	}
	img_out_free(&show);
	img_out_free(&thumb);
	return 0;
}
