/* form: application/x-www-form-urlencoded bodies. */
#include "base/form.h"

#include <string.h>

#include "base/text.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s[0..n) decoded into a new string on the arena. */
static enum form_error decode(struct arena *a, const char *s, size_t n, const char **out)
{
	char *o = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int h = i + 2 < n ? hexval(s[i + 1]) : -1;
			int l = h >= 0 ? hexval(s[i + 2]) : -1;
			if (h < 0 || l < 0)
				return FORM_BAD_ESCAPE;
			c = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (c == '\0')
			return FORM_NUL;
		o[k++] = c;
	}
	o[k] = '\0';
	if (!utf8_valid(o, k))
		return FORM_BAD_UTF8;
	*out = o;
	return FORM_OK;
}

enum form_error form_parse(struct arena *a, const char *body, size_t len, size_t max,
			   struct form_pair **pairs, size_t *n)
{
	*pairs = NULL;
	*n = 0;
	size_t count = 0;
	for (size_t i = 0; i < len; i++)
		if (body[i] == '&')
			count++;
	count++;
	struct form_pair *p = arena_alloc(a, count * sizeof *p);
	size_t k = 0;
	for (size_t i = 0; i <= len;) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			if (k >= max)
				return FORM_TOO_MANY;
			size_t eq = i;
			while (eq < end && body[eq] != '=')
				eq++;
			enum form_error fe = decode(a, body + i, eq - i, &p[k].name);
			if (fe)
				return fe;
			fe = eq < end ? decode(a, body + eq + 1, end - eq - 1, &p[k].value)
				      : decode(a, "", 0, &p[k].value);
			if (fe)
				return fe;
			k++;
		}
		i = end + 1;
	}
	*pairs = p;
	*n = k;
	return FORM_OK;
}

const char *form_get(const struct form_pair *pairs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(pairs[i].name, name) == 0)
			return pairs[i].value;
	return NULL;
}
