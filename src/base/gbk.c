#include "base/gbk.h"

#include <pthread.h>
#include <string.h>

static void put_utf8(char *o, size_t *k, unsigned cp)
{
	if (cp < 0x80) {
		o[(*k)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*k)++] = (char)(0xC0 | (cp >> 6));
		o[(*k)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*k)++] = (char)(0xE0 | (cp >> 12));
		o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*k)++] = (char)(0x80 | (cp & 0x3F));
	}
}

int gbk_to_utf8(struct arena *a, const char *in, size_t len, char **out, size_t *outlen,
		size_t *bad)
{
	const unsigned char *p = (const unsigned char *)in;
	/* a pair of bytes makes at most 3, and so does one byte (0x80, the euro sign) */
	char *o = arena_alloc(a, len * 3 + 1);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		if (c == 0) {
			*bad = i;
			return -1;
		}
		if (c < 0x80) {
			o[k++] = (char)c;
			i++;
			continue;
		}
		if (c == 0x80) {
			put_utf8(o, &k, 0x20AC);
			i++;
			continue;
		}
		if (c == 0xFF || i + 1 >= len || p[i + 1] < 0x40 || p[i + 1] == 0x7F || p[i + 1] == 0xFF) {
			*bad = i;
			return -1;
		}
		unsigned cp = gbk_table[c - 0x81][p[i + 1] - 0x40];
		if (!cp) {
			*bad = i;
			return -1;
		}
		put_utf8(o, &k, cp);
		i += 2;
	}
	o[k] = '\0';
	*out = o;
	*outlen = k;
	return 0;
}

/* Unicode (the basic plane) → GBK pair, built once from the table. */
static uint16_t *reverse;
static pthread_once_t reverse_once = PTHREAD_ONCE_INIT;
static uint16_t reverse_store[65536];

static void build_reverse(void)
{
	for (unsigned l = 0; l < GBK_LEADS; l++)
		for (unsigned t = 0; t < GBK_TRAILS; t++) {
			unsigned cp = gbk_table[l][t];
			if (cp >= 0x80 && !reverse_store[cp])
				reverse_store[cp] = (uint16_t)(((l + 0x81) << 8) | (t + 0x40));
		}
	reverse = reverse_store;
}

void gbk_from_utf8(struct arena *a, const char *in, size_t len, char **out, size_t *outlen,
		   size_t *replaced)
{
	pthread_once(&reverse_once, build_reverse);
	const unsigned char *p = (const unsigned char *)in;
	char *o = arena_alloc(a, len + 1);   /* never longer than the UTF-8 */
	size_t k = 0, n = 0;
	for (size_t i = 0; i < len;) {
		unsigned c = p[i], cp;
		size_t w;
		if (c < 0x80) {
			o[k++] = (char)c;
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < len) {
			cp = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu), w = 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < len) {
			cp = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu), w = 3;
		} else {
			cp = 0x110000, w = (c & 0xF8) == 0xF0 ? 4 : 1;
		}
		i += w;
		if (i > len)
			i = len;
		uint16_t g = cp == 0x20AC ? 0x80 : cp < 0x10000 ? reverse[cp] : 0;
		if (cp == 0x20AC) {
			o[k++] = (char)0x80;
		} else if (g) {
			o[k++] = (char)(g >> 8);
			o[k++] = (char)(g & 0xFF);
		} else {
			o[k++] = '?';
			n++;
		}
	}
	o[k] = '\0';
	*out = o;
	*outlen = k;
	if (replaced)
		*replaced = n;
}
