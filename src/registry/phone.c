#include "registry/phone.h"

#include <stdio.h>
#include <string.h>

/* The demo range. MIIT's numbering plan (电信网编号计划) gives each carrier its three-digit
 * mobile prefixes: 130-139 and 15x and 18x went out through the 2000s, the 17x, 16x and 19x
 * blocks from 2013 to 2019 (the last, in December 2019, were 190, 192, 196 and 197). Of the
 * voice blocks 13x, 15x, 18x and 19x, only 154 and 194 were never allotted; 154 also sits in
 * the oldest fully allotted block, far from the data and IoT numbers of 14x and the virtual
 * operators' 16x and 17x. A number 154xxxxxxxx is well-formed for every validator (1[3-9]) and
 * rings nobody. Should MIIT ever allot 154, change PHONE_DEMO_PREFIX (and the demo data). */

static const char *const error_names[] = {
	[PHONE_OK] = "ok",         [PHONE_LENGTH] = "length", [PHONE_CHARS] = "characters",
	[PHONE_PREFIX] = "prefix", [PHONE_AREA] = "area",     [PHONE_EXTENSION] = "extension",
	[PHONE_COUNTRY] = "country",
};
static const char *const error_keys[] = {
	[PHONE_OK] = NULL,
	[PHONE_LENGTH] = "phone_length",
	[PHONE_CHARS] = "phone_characters",
	[PHONE_PREFIX] = "phone_prefix",
	[PHONE_AREA] = "phone_area",
	[PHONE_EXTENSION] = "phone_extension",
	[PHONE_COUNTRY] = "phone_country",
};

const char *phone_error_name(enum phone_error e)
{
	return (unsigned)e < sizeof error_names / sizeof error_names[0] ? error_names[e] : NULL;
}

const char *phone_error_key(enum phone_error e)
{
	return (unsigned)e < sizeof error_keys / sizeof error_keys[0] ? error_keys[e] : NULL;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

#define MAX_IN 64       /* longer text is no phone number */
#define MAX_GROUPS 8

/* s without its spaces, tabs, line breaks and U+3000 into t (MAX_IN + 1 bytes); -1 when too
 * long. */
static int squeeze(const char *s, char *t)
{
	size_t n = 0;
	for (const char *p = s; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if (p[0] == '\xE3' && p[1] == '\x80' && p[2] == '\x80') {   /* U+3000 */
			p += 3;
			continue;
		}
		if (n == MAX_IN)
			return -1;
		t[n++] = *p++;
	}
	t[n] = '\0';
	return 0;
}

/* Where the extension mark is in t (and its length in *mlen), or NULL. Scanning from the left,
 * "ext" is found at its 'e' before its 'x' could be taken for the mark "x". */
static char *find_mark(char *t, size_t *mlen)
{
	for (char *p = t; *p; p++) {
		if (*p == '#' || *p == 'x' || *p == 'X') {
			*mlen = 1;
			return p;
		}
		if ((p[0] == 'e' || p[0] == 'E') && (p[1] == 'x' || p[1] == 'X') &&
		    (p[2] == 't' || p[2] == 'T')) {
			*mlen = 3;
			return p;
		}
		if (p[0] == '\xE8' && p[1] == '\xBD' && p[2] == '\xAC') {   /* 转 */
			*mlen = 3;
			return p;
		}
	}
	return NULL;
}

struct group {
	size_t at, len;   /* in the digits buffer */
};

enum phone_error phone_parse(const char *s, struct phone *out)
{
	char t[MAX_IN + 1];
	if (!s || squeeze(s, t) < 0)
		return PHONE_LENGTH;
	char *p = t;
	int intl = 0;
	if (strncmp(p, "+86", 3) == 0)
		p += 3, intl = 1;
	else if (strncmp(p, "0086", 4) == 0)
		p += 4, intl = 1;
	else if (p[0] == '+' || (p[0] == '0' && p[1] == '0'))
		return PHONE_COUNTRY;
	if (intl) {
		while (*p == '-')
			p++;
		if (strncmp(p, "(0)", 3) == 0)
			p += 3;
	}

	/* the extension */
	char ext[7] = "";
	size_t mlen = 0;
	char *mark = find_mark(p, &mlen);
	if (mark) {
		const char *e = mark + mlen;
		size_t n = strlen(e);
		if (n < 1 || n > 6)
			return PHONE_EXTENSION;
		for (size_t i = 0; i < n; i++)
			if (!is_digit(e[i]))
				return PHONE_EXTENSION;
		memcpy(ext, e, n + 1);
		*mark = '\0';
	}

	/* groups of digits between separators; digits[0] is room for the 0 that +86 drops */
	char digits[MAX_IN + 2];
	size_t nd = 1;
	struct group g[MAX_GROUPS];
	int ng = 0;
	for (const char *q = p; *q; q++) {
		if (is_digit(*q)) {
			if (q == p || !is_digit(q[-1])) {
				if (ng == MAX_GROUPS)
					return PHONE_CHARS;
				g[ng].at = nd, g[ng].len = 0, ng++;
			}
			digits[nd++] = *q;
			g[ng - 1].len++;
		} else if (*q != '-' && *q != '(' && *q != ')') {
			return PHONE_CHARS;
		}
	}
	if (ng == 0)
		return PHONE_LENGTH;
	size_t total = nd - 1;
	const char *d = digits + 1;

	/* after +86 a landline has lost its 0: 1 is a mobile unless it reads as 010 */
	int mobile = d[0] == '1' &&
		     (!intl || (d[1] >= '3' && d[1] <= '9') || total == PHONE_MOBILE_LEN);
	if (mobile) {
		if (total != PHONE_MOBILE_LEN)
			return PHONE_LENGTH;
		if (d[1] < '3' || d[1] > '9')
			return PHONE_PREFIX;
		if (mark)
			return PHONE_EXTENSION;
		struct phone r = {.kind = PHONE_MOBILE};
		memcpy(r.number, d, PHONE_MOBILE_LEN);
		*out = r;
		return PHONE_OK;
	}
	if (intl) {   /* +86 10 62345678: the area code without its 0 */
		digits[0] = '0';
		g[0].at = 0, g[0].len++;
		d = digits;
		total++;
	}
	if (d[0] != '0')
		return total >= 7 && total <= 8 ? PHONE_AREA : PHONE_LENGTH;
	if (total < 2 || d[1] == '0')
		return PHONE_AREA;
	size_t alen = d[1] == '1' || d[1] == '2' ? 3 : 4;
	int gi;   /* the first group of the local number */
	struct group first;
	if (ng > 1 && g[0].len <= 4) {   /* an area code written apart */
		if (g[0].len != alen)
			return PHONE_AREA;
		gi = 1, first = g[1];
	} else {
		if (g[0].len <= alen)
			return PHONE_LENGTH;
		gi = 0, first = (struct group){g[0].at + alen, g[0].len - alen};
	}
	char local[9];
	size_t ll = 0;
	for (;;) {
		if (ll + first.len > 8)
			return PHONE_LENGTH;
		memcpy(local + ll, digits + first.at, first.len);
		ll += first.len;
		if (ll >= 7 || ++gi >= ng)
			break;
		first = g[gi];
	}
	if (ll < 7)
		return PHONE_LENGTH;
	local[ll] = '\0';
	gi++;
	if (gi < ng) {   /* 010-62345678-123 */
		if (mark || gi + 1 < ng || g[gi].len > 6)
			return PHONE_EXTENSION;
		memcpy(ext, digits + g[gi].at, g[gi].len);
		ext[g[gi].len] = '\0';
	}
	if (local[0] == '0' || local[0] == '1')
		return PHONE_PREFIX;
	struct phone r = {.kind = PHONE_LANDLINE};
	memcpy(r.area, d, alen);
	r.area[alen] = '\0';
	memcpy(r.local, local, ll + 1);
	memcpy(r.ext, ext, sizeof ext);
	snprintf(r.number, sizeof r.number, "%s-%s%s%s", r.area, r.local, *ext ? "-" : "", ext);
	*out = r;
	return PHONE_OK;
}

void phone_make_demo(uint64_t n, char out[PHONE_MOBILE_LEN + 1])
{
	snprintf(out, PHONE_MOBILE_LEN + 1, "%s%08u", PHONE_DEMO_PREFIX,
		 (unsigned)(n % 100000000u));
}

bool phone_is_demo(const char *number)
{
	if (!number || strlen(number) != PHONE_MOBILE_LEN ||
	    strncmp(number, PHONE_DEMO_PREFIX, 3) != 0)
		return false;
	for (int i = 3; i < PHONE_MOBILE_LEN; i++)
		if (!is_digit(number[i]))
			return false;
	return true;
}
