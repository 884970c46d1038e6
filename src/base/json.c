#include "base/json.h"

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

char *json_to_arena(struct arena *a, const json_t *v, size_t *len)
{
	struct dump_ctx d;
	buf_init(&d.b, a);
	json_dump_callback(v, dump_cb, &d, JSON_COMPACT | JSON_ENCODE_ANY);
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
