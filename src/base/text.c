#include "base/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The code point at s (before end): its length in bytes, or 0 when the bytes there are not
 * strict UTF-8 (overlong, surrogate, above U+10FFFF, cut short) or are a NUL. */
static size_t utf8_next(const unsigned char *s, const unsigned char *end, unsigned *out)
{
	unsigned c = *s;
	if (c == 0)
		return 0;
	if (c < 0x80) {
		*out = c;
		return 1;
	}
	size_t need;
	unsigned cp, min;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - s) < need + 1)
		return 0;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*out = cp;
	return need + 1;
}

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	unsigned cp;
	while (s < end) {
		size_t k = utf8_next(s, end, &cp);
		if (!k)
			return false;
		s += k;
	}
	return true;
}

size_t utf8_prefix(const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + strlen(str);
	size_t n = 0;
	unsigned cp;
	while (s + n < end) {
		size_t k = utf8_next(s + n, end, &cp);
		if (!k)
			k = 1;   /* a byte that is not UTF-8 stands alone: it can be cut before or after */
		if (n + k > max)
			break;
		n += k;
	}
	return n;
}

static bool is_bidi_control(unsigned cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool text_has_bidi(const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + strlen(str);
	unsigned cp;
	while (s < end) {
		size_t k = utf8_next(s, end, &cp);
		if (k && is_bidi_control(cp))
			return true;
		s += k ? k : 1;
	}
	return false;
}

char *text_escape(const char *in, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)in, *end = s + strlen(in);
	size_t o = 0;
	while (s < end) {
		unsigned cp = 0;
		size_t k = utf8_next(s, end, &cp);
		char esc[16];
		const char *piece = (const char *)s;
		size_t plen = k;
		if (!k || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			/* a control character or a byte that is not UTF-8: \xHH for each byte */
			size_t n = k ? k : 1, e = 0;
			for (size_t i = 0; i < n; i++) {
				esc[e++] = '\\', esc[e++] = 'x';
				esc[e++] = hex[s[i] >> 4], esc[e++] = hex[s[i] & 15];
			}
			piece = esc, plen = e, k = n;
		} else if (is_bidi_control(cp)) {
			snprintf(esc, sizeof esc, "\\u%04x", cp);
			piece = esc, plen = strlen(esc);
		} else if (cp == '\\') {
			piece = "\\\\", plen = 2;
		}
		if (o + plen >= outsz)
			break;   /* cut before a whole character or escape, never inside one */
		memcpy(out + o, piece, plen);
		o += plen;
		s += k;
	}
	if (outsz)
		out[o] = '\0';
	return out;
}

size_t utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool text_has_control(const char *str, bool multiline)
{
	const unsigned char *s = (const unsigned char *)str;
	for (; *s; s++) {
		if (*s < 0x20 || *s == 0x7F) {
			if (multiline && (*s == '\n' || *s == '\t' || *s == '\r'))
				continue;
			return true;
		}
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F */
		if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			return true;
	}
	return false;
}

bool text_equal_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = (unsigned char)(la != lb);
	for (size_t i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return d == 0 && lb != 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int url_decode(char *s, bool plus_is_space)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '%') {
			int h = hexval(s[1]), l = h < 0 ? -1 : hexval(s[2]);
			if (h < 0 || l < 0)
				return -1;
			*o++ = (char)(h * 16 + l);
			s += 2;
		} else if (*s == '+' && plus_is_space) {
			*o++ = ' ';
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return 0;
}

char *text_like_contains(struct arena *a, const char *text)
{
	struct buf b;
	buf_init(&b, a);
	buf_puts(&b, "%");
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_add(&b, "\\", 1);
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		buf_add(&b, &c, 1);
	}
	buf_puts(&b, "%");
	return (char *)(uintptr_t)buf_str(&b);
}
