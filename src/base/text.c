#include "base/text.h"

#include <string.h>

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		unsigned c = *s;
		if (c == 0)
			return false;
		if (c < 0x80) {
			s++;
			continue;
		}
		size_t need;
		unsigned cp, min;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1, cp = c & 0x1F, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2, cp = c & 0x0F, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(end - s) < need + 1)
			return false;
		for (size_t i = 1; i <= need; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += need + 1;
	}
	return true;
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
