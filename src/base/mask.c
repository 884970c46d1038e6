#include "base/mask.h"

#include <string.h>

#include "base/text.h"

/* The length of the UTF-8 character at s, or 0 when the bytes there are not one (a stray
 * byte, a character cut short by the NUL). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (!k || !c)
		return 0;
	for (size_t i = 1; i < k; i++)
		if (!s[i])
			return 0;
	return utf8_valid(s, k) ? k : 0;
}

/* The length in bytes of the character (or stray byte) at s. */
static size_t unit_len(const char *s)
{
	size_t k = char_len(s);
	return k ? k : 1;
}

static size_t count_units(const char *s, size_t n)
{
	size_t u = 0;
	for (size_t i = 0; i < n; i += unit_len(s + i))
		u++;
	return u;
}

/* A writer that never passes outsz - 1 bytes and stops at the first unit that does not fit. */
struct out {
	char *p;
	size_t n, cap;
	int full;
};

static void put_unit(struct out *o, const char *s, size_t k, int keep)
{
	const char *src = keep ? s : "*";
	size_t len = keep ? k : 1;
	if (keep && !char_len(s))
		src = "?", len = 1;
	if (o->full || o->n + len > o->cap) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->n, src, len);
	o->n += len;
}

/* Keep the first head and last tail units of s[0..n), star the rest. */
static void keep_ends(struct out *o, const char *s, size_t n, size_t head, size_t tail)
{
	size_t units = count_units(s, n), u = 0;
	for (size_t i = 0; i < n; u++) {
		size_t k = unit_len(s + i);
		put_unit(o, s + i, k, u < head || u + tail >= units);
		i += k;
	}
}

static struct out out_init(char *out, size_t outsz)
{
	return (struct out){out, 0, outsz - 1, 0};
}

static char *out_end(struct out *o)
{
	o->p[o->n] = '\0';
	return o->p;
}

char *mask_idnum_buf(const char *s, char *out, size_t outsz)
{
	struct out o = out_init(out, outsz);
	size_t n = strlen(s), units = count_units(s, n);
	if (units >= 15)
		keep_ends(&o, s, n, 3, 4);
	else if (units >= 8)
		keep_ends(&o, s, n, 2, 2);
	else
		keep_ends(&o, s, n, 0, 0);
	return out_end(&o);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The length of the area code and its '-' at the start of s ("010-", "0755-"), or 0. */
static size_t landline_area(const char *s)
{
	if (s[0] != '0')
		return 0;
	size_t i = 1;
	while (i < 4 && is_digit(s[i]))
		i++;
	return i >= 3 && s[i] == '-' && is_digit(s[i + 1]) ? i + 1 : 0;
}

char *mask_phone_buf(const char *s, char *out, size_t outsz)
{
	struct out o = out_init(out, outsz);
	size_t n = strlen(s), area = landline_area(s);
	if (area) {
		keep_ends(&o, s, area, area, 0);
		const char *local = s + area, *dash = strchr(local, '-');
		size_t ll = dash ? (size_t)(dash - local) : strlen(local);
		keep_ends(&o, local, ll, 0, count_units(local, ll) > 4 ? 4 : 0);
		if (dash) {
			put_unit(&o, dash, 1, 1);
			keep_ends(&o, dash + 1, strlen(dash + 1), 0, 0);
		}
		return out_end(&o);
	}
	size_t units = count_units(s, n);
	if (units >= 11)
		keep_ends(&o, s, n, 3, 4);
	else if (units >= 8)
		keep_ends(&o, s, n, 0, 4);
	else
		keep_ends(&o, s, n, 0, 0);
	return out_end(&o);
}

/* The compound surnames (复姓) still in use, which a name keeps whole. */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
	"宇文", "司徒", "司空", "夏侯", "轩辕", "令狐", "钟离", "闻人", "澹台", "公冶",
	"太史", "端木", "申屠", "南宫", "西门", "独孤", "呼延", "万俟", "赫连", "濮阳",
	"百里", "东郭", "拓跋", "第五", "左丘", "公羊", "谷梁", "单于", "淳于", "仲孙",
	"叔孙", "鲜于", "闾丘", "亓官", "司寇", "巫马", "公西", "漆雕", "乐正", "壤驷",
	"微生", "羊舌", "梁丘", "东门", "南门", "段干", "呼衍", "宗政",
};

char *mask_name_buf(const char *s, char *out, size_t outsz)
{
	struct out o = out_init(out, outsz);
	size_t n = strlen(s), units = count_units(s, n), head = 1;
	if (units >= 3) {
		size_t two = unit_len(s);
		two += unit_len(s + two);
		for (size_t i = 0; i < sizeof compound_surnames / sizeof compound_surnames[0]; i++)
			if (strlen(compound_surnames[i]) == two &&
			    memcmp(s, compound_surnames[i], two) == 0)
				head = 2;
	}
	keep_ends(&o, s, n, units >= 2 ? head : 0, 0);
	return out_end(&o);
}

static char *on_arena(struct arena *a, const char *s,
		      char *(*fn)(const char *, char *, size_t))
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	return fn(s, arena_alloc(a, n), n);
}

char *mask_idnum(struct arena *a, const char *s) { return on_arena(a, s, mask_idnum_buf); }
char *mask_phone(struct arena *a, const char *s) { return on_arena(a, s, mask_phone_buf); }
char *mask_name(struct arena *a, const char *s) { return on_arena(a, s, mask_name_buf); }
