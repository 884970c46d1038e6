#include "base/json.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"

json_t *json_parse_body(const char *data, size_t len, struct err *e)
{
	if (!utf8_valid(data, len)) {
		err_setf(e, ERR_MALFORMED_JSON, "invalid UTF-8");
		return NULL;
	}
	json_error_t je;
	/* \u0000 is valid JSON: let it through to the field readers, which name the field */
	json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!v) {
		err_setf(e, ERR_MALFORMED_JSON, "%s at %d:%d", je.text, je.line, je.column);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		err_setf(e, ERR_MALFORMED_JSON, "top level is not an object");
		return NULL;
	}
	return v;
}

int json_only_fields(json_t *obj, const char *const allowed[], struct err *e)
{
	const char *key;
	json_t *val;
	int rc = 0;
	json_object_foreach(obj, key, val) {
		(void)val;
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], key) == 0)
				ok = true;
		if (!ok)
			rc = err_field(e, key, "unknown_field", 0);
	}
	return rc;
}

static int absent(json_t *v, const char *name, int flags, struct err *e)
{
	if (!v || (json_is_null(v) && (flags & JF_NULLABLE)))
		return (flags & JF_REQUIRED) ? err_field(e, name, "required", 0) : 0;
	return 1;
}

int jf_str(json_t *obj, const char *name, int flags, size_t minlen, size_t maxlen,
	   const char **out, struct err *e)
{
	json_t *v = json_object_get(obj, name);
	int a = absent(v, name, flags, e);
	if (a <= 0)
		return a;
	if (!json_is_string(v))
		return err_field(e, name, "type_string", 0);
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))     /* an escaped \u0000 inside */
		return err_field(e, name, "control_chars", 0);
	if (text_has_control(s, flags & JF_MULTILINE))
		return err_field(e, name, "control_chars", 0);
	/* a one-line value (a name, a code, a title) is shown beside others: an override or
	 * isolate would make it read as something else */
	if (!(flags & JF_MULTILINE) && text_has_bidi(s))
		return err_field(e, name, "bidi_chars", 0);
	size_t n = utf8_count(s);
	if (minlen > 0 && n == 0)
		return err_field(e, name, (flags & JF_REQUIRED) ? "required" : "empty", 0);
	if (n < minlen)
		return err_field(e, name, "too_short", (long)minlen);
	if (n > maxlen)
		return err_field(e, name, "too_long", (long)maxlen);
	*out = s;
	return 1;
}

int jf_int(json_t *obj, const char *name, int flags, int64_t min, int64_t max, int64_t *out,
	   struct err *e)
{
	json_t *v = json_object_get(obj, name);
	int a = absent(v, name, flags, e);
	if (a <= 0)
		return a;
	if (!json_is_integer(v))
		return err_field(e, name, "type_integer", 0);
	json_int_t i = json_integer_value(v);
	if (i < min)
		return err_field(e, name, "too_small", (long)min);
	if (i > max)
		return err_field(e, name, "too_large", (long)max);
	*out = (int64_t)i;
	return 1;
}

int jf_bool(json_t *obj, const char *name, int flags, bool *out, struct err *e)
{
	json_t *v = json_object_get(obj, name);
	int a = absent(v, name, flags, e);
	if (a <= 0)
		return a;
	if (!json_is_boolean(v))
		return err_field(e, name, "type_boolean", 0);
	*out = json_is_true(v);
	return 1;
}

int jf_int_array(json_t *obj, const char *name, int flags, size_t maxn, int64_t min, int64_t max,
		 struct arena *ar, int64_t **out, size_t *n, struct err *e)
{
	json_t *v = json_object_get(obj, name);
	int a = absent(v, name, flags, e);
	if (a <= 0)
		return a;
	if (!json_is_array(v))
		return err_field(e, name, "type_array", 0);
	size_t len = json_array_size(v);
	if (len > maxn)
		return err_field(e, name, "too_large", (long)maxn);
	int64_t *vals = arena_alloc(ar, sizeof *vals * (len ? len : 1));
	size_t k = 0, i;
	json_t *it;
	json_array_foreach(v, i, it) {
		if (!json_is_integer(it) || json_integer_value(it) < min || json_integer_value(it) > max)
			return err_field(e, name, "invalid", 0);
		int64_t x = (int64_t)json_integer_value(it);
		bool dup = false;
		for (size_t j = 0; j < k; j++)
			dup |= vals[j] == x;
		if (!dup)
			vals[k++] = x;
	}
	*out = vals;
	*n = k;
	return 1;
}

struct dump_ctx {
	struct buf b;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
	buf_add(&((struct dump_ctx *)data)->b, buffer, size);
	return 0;
}

/* jansson's compact dump (json_dump_callback with JSON_COMPACT | JSON_ENCODE_ANY), byte for
 * byte, without its cost a value: a callback a token, and a loop check in a hash table (keyed
 * by the address printed) a container. Where jansson's dump would fail (a string that is not
 * UTF-8 by its rules, or a tree nested deeper than FAST_DEPTH, which a loop would be) it says
 * false, and jansson's own dump writes what it writes. */
#define FAST_DEPTH 128

/* The length of the UTF-8 sequence at s (n bytes left), as jansson's utf8_iterate judges it:
 * no overlong form, no surrogate, nothing above U+10FFFF; 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char u = s[0];
	size_t len;
	int32_t v;
	if (u >= 0xC2 && u <= 0xDF)
		len = 2, v = u & 0x1F;
	else if (u >= 0xE0 && u <= 0xEF)
		len = 3, v = u & 0x0F;
	else if (u >= 0xF0 && u <= 0xF4)
		len = 4, v = u & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		v = (v << 6) + (s[i] & 0x3F);
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (len == 3 && v < 0x800) ||
	    (len == 4 && v < 0x10000))
		return 0;
	return len;
}

static bool fast_string(struct buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0, i = 0;
	buf_reserve(b, n + 2);
	buf_add(b, "\"", 1);
	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t k = utf8_seq(s + i, n - i);
			if (!k)
				return false;
			i += k;
			continue;
		}
		buf_add(b, s + run, i - run);
		char esc[6] = {'\\', 0};
		size_t el = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
			el = 6;
		}
		buf_add(b, esc, el);
		run = ++i;
	}
	buf_add(b, s + run, n - run);
	buf_add(b, "\"", 1);
	return true;
}

/* jansson's jsonp_dtostr at its default precision (17): "%.17g", the locale's decimal point
 * as '.', ".0" when there is neither a point nor an exponent, the exponent without '+' and
 * leading zeros. */
static void fast_real(struct buf *b, double value)
{
	char s[64];
	int n = snprintf(s, sizeof s, "%.17g", value);
	if (n < 0 || n >= (int)sizeof s - 3)
		return;
	size_t len = (size_t)n;
	const char *point = localeconv()->decimal_point;
	char *pos;
	if (*point != '.' && (pos = strchr(s, *point)))
		*pos = '.';
	if (!strchr(s, '.') && !strchr(s, 'e')) {
		memcpy(s + len, ".0", 3);
		len += 2;
	}
	char *start = strchr(s, 'e');
	if (start) {
		start++;
		char *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - s) + 1);
			len -= (size_t)(end - start);
		}
	}
	buf_add(b, s, len);
}

static void fast_integer(struct buf *b, json_int_t v)
{
	char s[24], *p = s + sizeof s;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(s + sizeof s - p));
}

static bool fast_dump(struct buf *b, const json_t *v, int depth)
{
	if (!v || depth > FAST_DEPTH)
		return false;
	switch (json_typeof(v)) {
	case JSON_NULL:
		buf_add(b, "null", 4);
		return true;
	case JSON_TRUE:
		buf_add(b, "true", 4);
		return true;
	case JSON_FALSE:
		buf_add(b, "false", 5);
		return true;
	case JSON_INTEGER:
		fast_integer(b, json_integer_value(v));
		return true;
	case JSON_REAL:
		fast_real(b, json_real_value(v));
		return true;
	case JSON_STRING:
		return fast_string(b, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		buf_add(b, "[", 1);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_add(b, ",", 1);
			if (!fast_dump(b, json_array_get(v, i), depth + 1))
				return false;
		}
		buf_add(b, "]", 1);
		return true;
	}
	case JSON_OBJECT: {
		buf_add(b, "{", 1);
		bool first = true;
		for (void *it = json_object_iter((json_t *)(uintptr_t)v); it;
		     it = json_object_iter_next((json_t *)(uintptr_t)v, it)) {
			if (!first)
				buf_add(b, ",", 1);
			first = false;
			if (!fast_string(b, json_object_iter_key(it), json_object_iter_key_len(it)))
				return false;
			buf_add(b, ":", 1);
			if (!fast_dump(b, json_object_iter_value(it), depth + 1))
				return false;
		}
		buf_add(b, "}", 1);
		return true;
	}
	}
	return false;
}

char *json_to_arena(struct arena *a, const json_t *v, size_t *len)
{
	struct dump_ctx d;
	buf_init(&d.b, a);
	if (!fast_dump(&d.b, v, 0)) {
		buf_init(&d.b, a);
		json_dump_callback(v, dump_cb, &d, JSON_COMPACT | JSON_ENCODE_ANY);
	}
	const char *s = buf_str(&d.b);
	if (len)
		*len = d.b.len;
	return (char *)(uintptr_t)s;
}

json_t *json_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *json_time(int64_t t)
{
	if (t == 0)
		return json_null();
	char iso[40];
	clock_iso(t, iso, sizeof iso);
	return json_string(iso);
}
