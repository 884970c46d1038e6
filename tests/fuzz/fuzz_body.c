/* fuzz_body: the request body path. The input is a request body: it goes through
 * json_parse_body, then through the same field readers, with the same names, flags and bounds,
 * as the handlers of login, user create, user edit and settings (and jf_bool on every key). The
 * raw bytes and every string value of the body also go to utf8_valid, text_has_control and
 * clock_parse_iso; the raw bytes to lang_from_header too.
 *
 * Invariants checked (any violation aborts):
 *  - utf8_valid agrees with jansson: valid UTF-8 without NUL is a JSON string, and back;
 *  - a body json_parse_body accepts is valid UTF-8, an object, and survives a round trip;
 *  - a rejected body is 400 malformed_json;
 *  - a reader that says 1 gave a value within its rules; one that says -1 recorded a field;
 *  - the error answer built from the recorded fields is itself valid JSON;
 *  - a time clock_parse_iso accepts prints with clock_iso and parses back to the same second;
 *  - clock_iso prints what gmtime_r and snprintf print;
 *  - the streaming writer (jw_*) given the parsed body writes JSON that reads back the same. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/limits.h"
#include "access/settings.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/json.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_body: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* A recorded field error: the code is at least set, and the field is listed (unless the list
 * is full). */
static void check_failed(const struct err *e, const char *name)
{
	CHECK(e->code != ERR_NONE);
	CHECK(e->nfields >= 0 && e->nfields <= ERR_MAX_FIELDS);
	bool listed = false;
	for (int i = 0; i < e->nfields; i++)
		listed |= strcmp(e->fields[i].field, name) == 0;
	CHECK(listed || e->nfields == ERR_MAX_FIELDS);
}

static int str_field(json_t *o, const char *name, int flags, size_t min, size_t max,
		     const char **out, struct err *e)
{
	const char *before = *out;
	int rc = jf_str(o, name, flags, min, max, out, e);
	CHECK(rc >= -1 && rc <= 1);
	if (rc == 1) {
		const char *s = *out;
		CHECK(s != NULL);
		CHECK(strlen(s) == json_string_length(json_object_get(o, name)));   /* no NUL inside */
		CHECK(utf8_valid(s, strlen(s)));
		CHECK(!text_has_control(s, flags & JF_MULTILINE));
		size_t n = utf8_count(s);
		CHECK(n >= min && n <= max);
		CHECK(strlen(s) <= 4 * n);
	} else {
		CHECK(*out == before);        /* nothing is written unless valid */
		if (rc < 0)
			check_failed(e, name);
		else
			CHECK(!(flags & JF_REQUIRED));
	}
	return rc;
}

static int int_field(json_t *o, const char *name, int flags, int64_t min, int64_t max,
		     int64_t *out, struct err *e)
{
	int64_t before = *out;
	int rc = jf_int(o, name, flags, min, max, out, e);
	CHECK(rc >= -1 && rc <= 1);
	if (rc == 1)
		CHECK(*out >= min && *out <= max);
	else
		CHECK(*out == before);
	if (rc < 0)
		check_failed(e, name);
	return rc;
}

static int ids_field(json_t *o, const char *name, int flags, size_t maxn, int64_t min,
		     int64_t max, struct arena *a, int64_t **out, size_t *n, struct err *e)
{
	int rc = jf_int_array(o, name, flags, maxn, min, max, a, out, n, e);
	CHECK(rc >= -1 && rc <= 1);
	if (rc == 1) {
		CHECK(*n <= maxn);
		CHECK(*n <= json_array_size(json_object_get(o, name)));
		for (size_t i = 0; i < *n; i++) {
			CHECK((*out)[i] >= min && (*out)[i] <= max);
			for (size_t j = 0; j < i; j++)
				CHECK((*out)[i] != (*out)[j]);
		}
	}
	if (rc < 0)
		check_failed(e, name);
	return rc;
}

/* The answer the server would send for what was recorded: valid JSON, in both languages. */
static void check_error_answer(struct ctx *cx)
{
	if (!cx->err.code)
		return;
	for (int l = LANG_ZH; l <= LANG_EN; l++) {
		cx->lang = (enum lang)l;
		struct resp rs = {0};
		resp_error(cx, &rs);
		CHECK(rs.json != NULL);
		CHECK(rs.status >= 400 && rs.status < 600);
		size_t len;
		char *text = json_to_arena(cx->a, rs.json, &len);
		CHECK(utf8_valid(text, len));
		json_t *back = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
		CHECK(back != NULL);
		CHECK(json_equal(back, rs.json));
		json_t *fields = json_object_get(json_object_get(back, "error"), "fields");
		CHECK(json_is_object(fields));
		json_decref(back);
		json_decref(rs.json);
	}
}

static void ctx_start(struct ctx *cx, struct arena *a)
{
	memset(cx, 0, sizeof *cx);
	cx->a = a;
	cx->now = 1795000000;
	arena_reset(a);
}

/* POST /api/v1/session (session_api.c: login) */
static void login_body(struct ctx *cx, json_t *body)
{
	static const char *const allowed[] = {"username", "password", NULL};
	const char *username = NULL, *password = NULL;
	json_only_fields(body, allowed, &cx->err);
	str_field(body, "username", JF_REQUIRED, 1, 64, &username, &cx->err);
	str_field(body, "password", JF_REQUIRED, 1, 1024, &password, &cx->err);
	if (!cx->err.code) {
		CHECK(username && password);
		CHECK(json_object_size(body) == 2);
	}
	check_error_answer(cx);
}

/* POST /api/v1/users (users_api.c: create, then accounts_validate_new) */
static void user_create_body(struct ctx *cx, json_t *body)
{
	static const char *const allowed[] = {"username", "display_name", "password", "role",
					      "unit_ids", NULL};
	struct user_in in = {0};
	const char *role = NULL;
	struct err *e = &cx->err;
	json_only_fields(body, allowed, e);
	str_field(body, "username", JF_REQUIRED, 1, 64, &in.username, e);
	str_field(body, "display_name", 0, 1, 64, &in.display_name, e);
	str_field(body, "password", JF_REQUIRED, 1, 1024, &in.password, e);
	if (str_field(body, "role", JF_REQUIRED, 1, 32, &role, e) > 0 &&
	    (in.role = role_parse(role)) == ROLE_NONE)
		err_field(e, "role", "role_unknown", 0);
	ids_field(body, "unit_ids", 0, 64, 1, INT64_MAX, cx->a, &in.unit_ids, &in.nunits, e);
	/* the rules that need no database: the units are checked against it, so leave them out */
	in.nunits = 0;
	bool readers_ok = e->code == ERR_NONE;
	int rc = accounts_validate_new(cx, &in);
	if (rc == 0) {
		CHECK(readers_ok);
		CHECK(accounts_username_valid(in.username));
		CHECK(role_parse(role_name(in.role)) == in.role && in.role != ROLE_NONE);
		size_t n = utf8_count(in.password);
		CHECK(n >= (size_t)access_limits[L_PASSWORD].min && n <= (size_t)access_limits[L_PASSWORD].max);
	} else {
		CHECK(e->code != ERR_NONE);
	}
	check_error_answer(cx);
}

/* PATCH /api/v1/users/{id} (accounts.c: accounts_update) */
static void user_patch_body(struct ctx *cx, json_t *patch)
{
	static const char *const allowed[] = {"version", "display_name", "role", "unit_ids", NULL};
	struct err *e = &cx->err;
	int64_t version = 0;
	const char *display = "张三", *role_s = NULL;
	int64_t *units = NULL;
	size_t nunits = 0;
	json_only_fields(patch, allowed, e);
	int_field(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	str_field(patch, "display_name", 0, 1, 64, &display, e);
	int role = ROLE_RESIDENT;
	if (str_field(patch, "role", 0, 1, 32, &role_s, e) > 0 &&
	    (role = role_parse(role_s)) == ROLE_NONE)
		err_field(e, "role", "role_unknown", 0);
	int has_units = ids_field(patch, "unit_ids", 0, 64, 1, INT64_MAX, cx->a, &units, &nunits, e);
	if (!e->code) {
		CHECK(version >= 1);
		CHECK(role != ROLE_NONE && *role_name(role));
		CHECK(has_units >= 0);
		CHECK(display && *display);
	}
	check_error_answer(cx);
}

/* PATCH /api/v1/settings: the service's own validator */
static void settings_body(struct ctx *cx, json_t *patch)
{
	struct err *e = &cx->err;
	int64_t version = 0;
	struct settings s = {"邻里社区治理平台", 5, 15, 30, 12, 365, 0, 1};
	CHECK((settings_apply_patch(patch, &s, &version, e) == 0) == (e->code == ERR_NONE));
	if (!e->code) {
		CHECK(version >= 1);
		CHECK(s.audit_retention_days >= access_limits[L_AUDIT_RETENTION_DAYS].min);
		CHECK(s.login_max_failures >= 3 && s.login_max_failures <= 20);
		json_t *out = settings_json(&s);
		CHECK(out != NULL);
		json_decref(out);
	}
	check_error_answer(cx);
}

/* jf_bool has no body of its own yet: try it on every key of the body. */
static void bool_fields(struct ctx *cx, json_t *body)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool b = false;
		err_clear(&cx->err);
		int rc = jf_bool(body, key, JF_REQUIRED, &b, &cx->err);
		CHECK(rc == (json_is_boolean(v) ? 1 : -1));
		if (rc == 1)
			CHECK(b == json_is_true(v));
		else
			check_failed(&cx->err, key);
	}
	err_clear(&cx->err);
	bool b = true;
	CHECK(jf_bool(body, "\377absent", 0, &b, &cx->err) == 0 && b && !cx->err.code);
}

/* utf8_valid against jansson, on any bytes. */
static void check_utf8(const char *s, size_t n)
{
	bool ours = utf8_valid(s, n);
	json_t *str = json_stringn(s, n);      /* jansson checks UTF-8 too, and allows NUL */
	bool has_nul = memchr(s, 0, n) != NULL;
	CHECK(ours == (str != NULL && !has_nul));
	if (str) {
		/* as a JSON document: "…" with escapes, and back to the same bytes */
		char *doc = json_dumps(str, JSON_ENCODE_ANY);
		CHECK(doc != NULL);
		json_error_t je;
		json_t *back = json_loads(doc, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
		CHECK(back != NULL && json_is_string(back));
		CHECK(json_string_length(back) == n && memcmp(json_string_value(back), s, n) == 0);
		free(doc);
		json_decref(back);
		json_decref(str);
	}
	if (ours) {
		/* the body parser agrees: {"k": "<text>"} is accepted and gives the same text */
		char *doc = malloc(6 * n + 16);      /* at worst \u00XX for each byte */
		CHECK(doc != NULL);
		memcpy(doc, "{\"k\":\"", 6);
		size_t pos = 6;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\') {
				doc[pos++] = '\\';
				doc[pos++] = (char)c;
			} else if (c < 0x20) {
				pos += (size_t)sprintf(doc + pos, "\\u%04x", c);
			} else {
				doc[pos++] = (char)c;
			}
		}
		memcpy(doc + pos, "\"}", 2);
		pos += 2;
		struct err e = {0};
		json_t *o = json_parse_body(doc, pos, &e);
		CHECK(o != NULL);
		json_t *k = json_object_get(o, "k");
		CHECK(json_string_length(k) == n && memcmp(json_string_value(k), s, n) == 0);
		json_decref(o);
		free(doc);
	}
}

/* The instants clock_iso can print in a form clock_parse_iso takes back: a UTC+8 year of
 * 1900..9999. */
static int64_t time_first, time_last;

static void time_range(void)
{
	if (time_first)
		return;
	CHECK(clock_parse_iso("1900-01-01T00:00:00+08:00", &time_first) == 0);
	CHECK(clock_parse_iso("9999-12-31T23:59:59+08:00", &time_last) == 0);
}

/* clock_iso, clock_date, json_time and jw_time of one instant in the range agree with a
 * reference formatting (gmtime_r and snprintf), and the text parses back to the instant. */
static void check_instant(struct arena *a, int64_t t)
{
	CHECK(t >= time_first && t <= time_last);
	char iso[64], ref[64], date[32];
	memset(iso, 'x', sizeof iso);
	clock_iso(t, iso, sizeof iso);
	time_t lt = (time_t)(t + CLOCK_DISPLAY_OFFSET);
	struct tm tm;
	CHECK(gmtime_r(&lt, &tm) != NULL);
	snprintf(ref, sizeof ref, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (strcmp(iso, ref) != 0) {
		fprintf(stderr, "fuzz_body: clock_iso(%lld) = '%.40s', expected '%s'\n",
			(long long)t, iso, ref);
		abort();
	}
	clock_date(t, date, sizeof date);
	CHECK(strlen(date) == 10 && strncmp(iso, date, 10) == 0);
	int64_t back = -1;
	if (clock_parse_iso(iso, &back) != 0 || back != t) {
		fprintf(stderr, "fuzz_body: %lld -> '%s' does not parse back\n", (long long)t, iso);
		abort();
	}
	json_t *j = json_time(t);
	CHECK(t == 0 ? json_is_null(j) : strcmp(json_string_value(j), iso) == 0);
	json_decref(j);
	struct jw w;
	jw_init(&w, a);
	jw_time(&w, t);
	const char *out = buf_str(&w.b);
	if (t == 0)
		CHECK(strcmp(out, "null") == 0);
	else
		CHECK(w.b.len == strlen(iso) + 2 && out[0] == '"' && strncmp(out + 1, iso, 25) == 0);
}

/* A string clock_parse_iso accepts is an instant that prints and parses back to itself, when
 * its UTC+8 year is 1900..9999. An offset can push a boundary day out of that range
 * ("1900-01-01T00:00:00+09:00" is 1899-12-31 in UTC+8): the parser accepts such a time today,
 * and it is left out here. */
static void check_time(struct arena *a, const char *s)
{
	int64_t t = 0;
	if (clock_parse_iso(s, &t) != 0)
		return;
	char iso[64];
	clock_iso(t, iso, sizeof iso);
	CHECK(strlen(iso) == 25);
	if (t >= time_first && t <= time_last)
		check_instant(a, t);
}

/* clock_iso on any instant (well inside int64, where t + 8 h cannot overflow): 25 characters,
 * and in the range the same as the reference. */
static void check_any_instant(struct arena *a, const uint8_t *data, size_t size)
{
	if (size < 8)
		return;
	uint64_t u;
	memcpy(&u, data, 8);
	int64_t t = (int64_t)(u >> 2) - ((int64_t)1 << 61);
	char iso[64];
	clock_iso(t, iso, sizeof iso);
	CHECK(strlen(iso) == 25);
	uint64_t span = (uint64_t)(time_last - time_first) + 1;
	check_instant(a, time_first + (int64_t)(u % span));
}

/* The streaming writer: a body written back through jw_* reads as the same JSON. It takes C
 * strings, so a body with a NUL in a string is left out (depth_of says -1). */
static int depth_of(json_t *v)
{
	int d = 0;
	const char *key;
	size_t i;
	json_t *m;
	if (json_is_string(v))
		return strlen(json_string_value(v)) == json_string_length(v) ? 0 : -1;
	if (json_is_object(v)) {
		json_object_foreach(v, key, m) {
			int k = depth_of(m);
			if (k < 0)
				return -1;
			d = k > d ? k : d;
		}
		return d + 1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, m) {
			int k = depth_of(m);
			if (k < 0)
				return -1;
			d = k > d ? k : d;
		}
		return d + 1;
	}
	return 0;
}

static void jw_mirror(struct jw *w, json_t *v)
{
	const char *key;
	size_t i;
	json_t *m;
	char *real;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jw_obj(w);
		json_object_foreach(v, key, m) {
			jw_key(w, key);
			jw_mirror(w, m);
		}
		jw_obj_end(w);
		break;
	case JSON_ARRAY:
		jw_arr(w);
		json_array_foreach(v, i, m)
			jw_mirror(w, m);
		jw_arr_end(w);
		break;
	case JSON_STRING:
		jw_str(w, json_string_value(v));
		break;
	case JSON_INTEGER:
		jw_int(w, json_integer_value(v));
		break;
	case JSON_REAL:
		real = json_dumps(v, JSON_ENCODE_ANY);
		CHECK(real != NULL);
		jw_raw(w, real);
		free(real);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		jw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		jw_null(w);
		break;
	}
}

static void check_writer(struct arena *a, json_t *body, const char *text, size_t len)
{
	int depth = depth_of(body);
	if (depth < 0 || depth >= JW_MAX_DEPTH - 1)   /* a NUL in a string; the nesting limit */
		return;
	struct jw w;
	jw_init(&w, a);
	jw_mirror(&w, body);
	json_error_t je;
	json_t *back = json_loadb(w.b.p, w.b.len, JSON_REJECT_DUPLICATES, &je);
	if (!back || !json_equal(back, body)) {
		fprintf(stderr, "fuzz_body: jw wrote '%.*s' (%s)\n", (int)w.b.len, w.b.p,
			back ? "not equal" : je.text);
		abort();
	}
	json_decref(back);
	/* stored JSON copied raw, inside a list answer, with a time and the other scalars */
	jw_init(&w, a);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	jw_obj(&w);
	jw_key(&w, "summary");
	jw_raw(&w, text);
	jw_key(&w, "id");
	jw_int_or_null(&w, (int64_t)len);
	jw_key(&w, "none");
	jw_int_or_null(&w, 0);
	jw_key(&w, "min");
	jw_int(&w, INT64_MIN);
	jw_key(&w, "at");
	jw_time(&w, 1795000000);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "next_cursor");
	jw_null(&w);
	jw_obj_end(&w);
	back = json_loadb(w.b.p, w.b.len, JSON_REJECT_DUPLICATES, &je);
	CHECK(back != NULL);
	json_t *item = json_array_get(json_object_get(back, "items"), 0);
	CHECK(json_equal(json_object_get(item, "summary"), body));
	CHECK(json_integer_value(json_object_get(item, "id")) == (json_int_t)len);
	CHECK(json_is_null(json_object_get(item, "none")));
	CHECK(json_integer_value(json_object_get(item, "min")) == INT64_MIN);
	CHECK(json_is_null(json_object_get(back, "next_cursor")));
	json_decref(back);
}

/* Every string in a parsed body goes through the text checks too (since=..., names, ...). */
static void walk_strings(struct arena *a, json_t *v, int depth)
{
	if (depth > 64)
		return;
	if (json_is_string(v)) {
		/* valid UTF-8 between the NULs that an escaped \u0000 may put in */
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		for (const char *p = s, *end = s + n; p <= end; p += strlen(p) + 1)
			CHECK(utf8_valid(p, strlen(p)));
		CHECK(utf8_count(s) <= n);
		(void)text_has_control(s, true);
		check_time(a, s);
	} else if (json_is_object(v)) {
		const char *key;
		json_t *m;
		json_object_foreach(v, key, m) {
			CHECK(utf8_valid(key, strlen(key)));
			walk_strings(a, m, depth + 1);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
			walk_strings(a, m, depth + 1);
	}
}

static struct arena *arena;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	if (!arena)
		arena = arena_new();
	time_range();
	arena_reset(arena);
	check_any_instant(arena, data, size);

	check_utf8(body, size);

	char *z = malloc(size + 1);
	CHECK(z != NULL);
	memcpy(z, data, size);
	z[size] = '\0';
	check_time(arena, z);
	(void)text_has_control(z, false);
	(void)lang_from_header(z);
	free(z);

	struct err e = {0};
	json_t *j = json_parse_body(body, size, &e);
	if (!j) {
		CHECK(e.code == ERR_MALFORMED_JSON);
		return 0;
	}
	CHECK(e.code == ERR_NONE);
	CHECK(json_is_object(j));
	CHECK(utf8_valid(body, size));

	/* the parsed body written out and read again is the same */
	struct ctx cx;
	ctx_start(&cx, arena);
	size_t len;
	char *text = json_to_arena(cx.a, j, &len);
	json_t *again = json_parse_body(text, len, &e);
	CHECK(again != NULL && json_equal(j, again));
	json_decref(again);

	walk_strings(cx.a, j, 0);
	check_writer(cx.a, j, text, len);

	ctx_start(&cx, arena);
	login_body(&cx, j);
	ctx_start(&cx, arena);
	user_create_body(&cx, j);
	ctx_start(&cx, arena);
	user_patch_body(&cx, j);
	ctx_start(&cx, arena);
	settings_body(&cx, j);
	ctx_start(&cx, arena);
	bool_fields(&cx, j);

	json_decref(j);
	return 0;
}
