/* bench/thumb.c: the attachments' image work (src/attachments/image.c) by itself, for
 * bench/attachments.sh. Each mode runs in a fresh process, so that its peak RSS is its own.
 *
 *   thumb make FILE [W H]   write a photo-like JPEG (gradients, edges and sensor noise, quality
 *                           92, an EXIF orientation), 4000 x 3000 unless told
 *   thumb read FILE         only read the file: the floor of the peak RSS
 *   thumb thumbnail FILE N  N times: the header checked, the thumbnail made (320 px, the JPEG
 *                           decoded at 1/8 by its DCT scaling)
 *   thumb upload FILE N     N times what an upload does: checked, the shown copy (2,560 px) and
 *                           the thumbnail made
 * A timing mode prints one line: "<mode> runs=N min_ms=… median_ms=… max_ms=… peak_rss_kb=…". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attachments/image.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0) {
		perror(path);
		exit(1);
	}
	long len = ftell(f);
	rewind(f);
	unsigned char *p = malloc((size_t)len);
	if (!p || fread(p, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*n = (size_t)len;
	return p;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static unsigned noise(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 40);
}

static int make(const char *path, int w, int h)
{
	unsigned char *p = malloc((size_t)w * h * 3);
	if (!p)
		return 1;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			unsigned char *q = p + ((size_t)y * w + x) * 3;
			int n = (int)(noise() % 24) - 12;
			int band = ((x / 97) ^ (y / 61)) & 1 ? 30 : 0;   /* edges, as windows and bricks */
			int v[3] = {x * 200 / w + band + n, y * 180 / h + 40 + n, 160 - x * 90 / w + band / 2 + n};
			for (int c = 0; c < 3; c++)
				q[c] = (unsigned char)(v[c] < 0 ? 0 : v[c] > 255 ? 255 : v[c]);
		}
	struct img_out o;
	if (img_encode_jpeg(p, w, h, 92, &o) != IMG_OK)
		return 1;
	free(p);
	/* an APP1 EXIF segment (Make and Orientation 1) after SOI, as a phone writes one */
	static const unsigned char exif[] = {0xFF, 0xE1, 0x00, 0x2E, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I',
		0x2A, 0, 8, 0, 0, 0, 2, 0, 0x0F, 0x01, 2, 0, 4, 0, 0, 0, 'C', 'a', 'm', 0, 0x12, 0x01, 3, 0,
		1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
	FILE *f = fopen(path, "wb");
	if (!f)
		return 1;
	int ok = fwrite(o.data, 1, 2, f) == 2 && fwrite(exif, 1, sizeof exif, f) == sizeof exif &&
		 fwrite(o.data + 2, 1, o.len - 2, f) == o.len - 2;
	fclose(f);
	img_out_free(&o);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "make"))
		return make(argv[2], argc >= 5 ? atoi(argv[3]) : 4000, argc >= 5 ? atoi(argv[4]) : 3000);
	if (argc == 3 && !strcmp(argv[1], "read")) {
		size_t n;
		free(slurp(argv[2], &n));
		printf("read bytes=%zu peak_rss_kb=%ld\n", n, peak_kb());
		return 0;
	}
	if (argc != 4 || (strcmp(argv[1], "thumbnail") && strcmp(argv[1], "upload"))) {
		fprintf(stderr, "usage: thumb make FILE [W H] | read FILE | thumbnail FILE N | upload FILE N\n");
		return 2;
	}
	bool upload = !strcmp(argv[1], "upload");
	int runs = atoi(argv[3]);
	if (runs < 1 || runs > 1000)
		return 2;
	size_t n;
	unsigned char *p = slurp(argv[2], &n);
	double *ms = malloc(sizeof *ms * (size_t)runs);
	int w = 0, h = 0;
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		struct img_info in;
		struct img_out show = {0}, thumb = {0};
		if (img_inspect(p, n, IMG_MAX_SIDE, IMG_MAX_PIXELS, &in) != IMG_OK ||
		    (upload ? img_render(p, n, &in, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb)
			    : img_thumbnail(p, n, &in, IMG_THUMB_SIDE, &thumb)) != IMG_OK) {
			fprintf(stderr, "thumb: %s was refused\n", argv[2]);
			return 1;
		}
		ms[i] = now_ms() - t0;
		w = thumb.width, h = thumb.height;
		img_out_free(&show);
		img_out_free(&thumb);
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp);
	printf("%s runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f peak_rss_kb=%ld thumb=%dx%d\n",
	       argv[1], runs, ms[0], ms[runs / 2], ms[runs - 1], peak_kb(), w, h);
	free(ms);
	free(p);
	return 0;
}
