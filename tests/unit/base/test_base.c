/* Unit tests of src/base: arena, text, clock, errors and languages, JSON readers, crypto, rate
 * limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/err.h"
#include "base/json.h"
#include "base/ratelimit.h"
#include "base/text.h"

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "邻里");
	assert_string_equal(s, "邻里");
	assert_null(arena_strdup(a, NULL));
	void *big = arena_alloc(a, 100000);   /* larger than a chunk */
	memset(big, 1, 100000);
	assert_int_equal(((uintptr_t)arena_alloc(a, 3)) % 16, 0);
	assert_string_equal(arena_printf(a, "%d-%s", 7, "x"), "7-x");
	struct buf b;
	buf_init(&b, a);
	assert_string_equal(buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "ab");
	assert_int_equal(b.len, 2000);
	buf_printf(&b, "%s", "!");
	assert_int_equal(buf_str(&b)[2000], '!');
	arena_reset(a);
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	arena_free(a);
}

static void test_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
		bool ok;
	} cases[] = {
		{"hello", 5, true},
		{"社区网格", 12, true},
		{"\xF0\x9F\x98\x80", 4, true},          /* emoji */
		{"\xC0\xAF", 2, false},                 /* overlong '/' */
		{"\xE0\x80\xAF", 3, false},             /* overlong */
		{"\xED\xA0\x80", 3, false},             /* surrogate */
		{"\xF4\x90\x80\x80", 4, false},         /* above U+10FFFF */
		{"\xE4\xB8", 2, false},                 /* truncated */
		{"\xFF", 1, false},
		{"a\0b", 3, false},                     /* NUL inside */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_valid(cases[i].s, cases[i].n), cases[i].ok);
	assert_int_equal(utf8_count("社区ab"), 4);
	assert_true(text_has_control("a\x01", false));
	assert_true(text_has_control("a\nb", false));
	assert_false(text_has_control("a\nb", true));
	assert_true(text_has_control("\xC2\x85", true));   /* C1 NEL */
	assert_false(text_has_control("张三 <script>'; --", false));
	assert_true(text_equal_ct("abc", "abc"));
	assert_false(text_equal_ct("abc", "abd"));
	assert_false(text_equal_ct("abc", "ab"));
	assert_false(text_equal_ct("", ""));
	char u[] = "a%20b+c%E7%A4%BE";
	assert_int_equal(url_decode(u, true), 0);
	assert_string_equal(u, "a b c\xE7\xA4\xBE");
	char bad[] = "%zz";
	assert_int_equal(url_decode(bad, false), -1);
	/* cutting: never inside a character; a stray byte stands alone */
	assert_int_equal(utf8_prefix("ab中文", 4), 2);
	assert_int_equal(utf8_prefix("ab中文", 5), 5);
	assert_int_equal(utf8_prefix("ab中文", 100), 8);
	assert_int_equal(utf8_prefix("a\xff\xfe中", 3), 3);
	assert_int_equal(utf8_prefix("", 10), 0);
	/* bidirectional controls */
	assert_true(text_has_bidi("张三\u202e管理员"));
	assert_true(text_has_bidi("x\u2066y"));
	assert_true(text_has_bidi("\u2069"));
	assert_false(text_has_bidi("张三 Zhang San ئۇيغۇر"));   /* right-to-left text itself is fine */
	assert_false(text_has_bidi("\u2065\u202f"));
	/* escaping for logs: nothing forges a line, moves a terminal or is not UTF-8 */
	char out[64];
	assert_string_equal(text_escape("a\nb\r\x1b[31m", out, sizeof out), "a\\x0ab\\x0d\\x1b[31m");
	assert_string_equal(text_escape("\xff\xfe中\\", out, sizeof out), "\\xff\\xfe中\\\\");
	assert_string_equal(text_escape("x\u202ey\xc2\x85", out, sizeof out), "x\\u202ey\\xc2\\x85");
	assert_string_equal(text_escape("中文", out, 6), "中");          /* cut between characters */
	assert_string_equal(text_escape("ab\ncd", out, 6), "ab");       /* never inside an escape */
	assert_string_equal(text_escape("plain 文本", out, sizeof out), "plain 文本");

}

static void test_clock(void **state)
{
	(void)state;
	int64_t t;
	char buf[40];
	assert_int_equal(clock_parse_iso("2026-11-22T10:38:25+08:00", &t), 0);
	assert_int_equal(t, 1795315105);
	clock_iso(t, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22T10:38:25+08:00");
	assert_int_equal(clock_parse_iso("2026-11-22T02:38:25Z", &t), 0);
	assert_int_equal(t, 1795315105);
	assert_int_equal(clock_parse_iso("2026-11-22T02:38:25.123Z", &t), 0);
	assert_int_equal(clock_parse_iso("2026-11-21T21:38:25-0500", &t), 0);
	assert_int_equal(t, 1795315105);
	assert_int_equal(clock_parse_iso("2026-11-22", &t), 0);   /* midnight in UTC+8 */
	clock_iso(t, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22T00:00:00+08:00");
	clock_date(t, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22");
	assert_int_equal(clock_parse_iso("2024-02-29", &t), 0);
	const char *bad[] = {"2026-02-29", "2026-13-01", "2026-11-22T10:38:25", "20261122",
			     "2026-11-22T25:00:00Z", "2026-11-22T10:38:25+8", "", "2026-11-22T10:38Z",
			     "2026-11-22x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(clock_parse_iso(bad[i], &t), -1);
}

static void test_err_and_lang(void **state)
{
	(void)state;
	assert_int_equal(lang_from_header(NULL), LANG_ZH);
	assert_int_equal(lang_from_header("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(lang_from_header("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
	assert_int_equal(lang_from_header("zh;q=0.5, en;q=0.9"), LANG_EN);
	assert_int_equal(lang_from_header("fr-FR"), LANG_ZH);
	struct err e = {0};
	assert_int_equal(err_field(&e, "password", "too_short", 8), -1);
	err_field(&e, "password", "required", 0);   /* the first problem of a field stays */
	assert_int_equal(e.code, ERR_VALIDATION);
	assert_int_equal(e.nfields, 1);
	char msg[128];
	assert_string_equal(err_field_message("too_short", 8, LANG_EN, msg, sizeof msg),
			    "must be at least 8 characters");
	assert_string_equal(err_field_message("too_short", 8, LANG_ZH, msg, sizeof msg),
			    "至少 8 个字符");
	/* a feature's table: its keys translate; a key defined twice, a text missing a language
	 * or a placeholder other than one %ld is refused, and the refused table adds nothing */
	static const struct err_msg mine[] = {
		{"test_plot", "第 %ld 号地块", "plot %ld"}, {"test_pct", "100%%", "100%%"}, {NULL, NULL, NULL}};
	static const struct err_msg again[] = {{"test_new", "新", "new"}, {"required", "必", "req"},
					       {NULL, NULL, NULL}};
	static const struct err_msg twice[] = {{"test_x", "甲", "x"}, {"test_x", "乙", "y"},
					       {NULL, NULL, NULL}};
	static const struct err_msg nolang[] = {{"test_y", "乙", ""}, {NULL, NULL, NULL}};
	static const struct err_msg badfmt[] = {{"test_z", "%s", "%s"}, {NULL, NULL, NULL}};
	static const struct err_msg two[] = {{"test_w", "%ld %ld", "%ld"}, {NULL, NULL, NULL}};
	assert_int_equal(err_messages_add(mine), 0);
	assert_string_equal(err_field_message("test_plot", 7, LANG_ZH, msg, sizeof msg), "第 7 号地块");
	assert_string_equal(err_field_message("test_plot", 7, LANG_EN, msg, sizeof msg), "plot 7");
	assert_string_equal(err_field_message("test_pct", 0, LANG_EN, msg, sizeof msg), "100%");
	assert_int_equal(err_messages_add(mine), -1);
	assert_int_equal(err_messages_add(again), -1);
	assert_string_equal(err_field_message("test_new", 0, LANG_EN, msg, sizeof msg), "test_new");
	assert_int_equal(err_messages_add(twice), -1);
	assert_int_equal(err_messages_add(nolang), -1);
	assert_int_equal(err_messages_add(badfmt), -1);
	assert_int_equal(err_messages_add(two), -1);
	assert_string_equal(err_field_message("required", 0, LANG_EN, msg, sizeof msg), "is required");
	static const int statuses[ERR__COUNT] = {
		[ERR_BAD_REQUEST] = 400, [ERR_MALFORMED_JSON] = 400, [ERR_UNAUTHENTICATED] = 401,
		[ERR_INVALID_CREDENTIALS] = 401, [ERR_FORBIDDEN] = 403, [ERR_CSRF] = 403,
		[ERR_ACCOUNT_DISABLED] = 403, [ERR_PASSWORD_CHANGE] = 403, [ERR_NOT_FOUND] = 404, [ERR_METHOD] = 405,
		[ERR_CONFLICT] = 409, [ERR_VERSION_CONFLICT] = 409, [ERR_TOO_LARGE] = 413,
		[ERR_URI_TOO_LONG] = 414, [ERR_MEDIA_TYPE] = 415, [ERR_VALIDATION] = 422,
		[ERR_TOO_MANY_ATTEMPTS] = 429, [ERR_RATE_LIMITED] = 429,
		[ERR_INTERNAL] = 500, [ERR_UNAVAILABLE] = 503,
	};
	for (int c = 1; c < ERR__COUNT; c++) {
		assert_int_equal(err_http_status((enum err_code)c), statuses[c]);
		assert_true(strlen(err_message((enum err_code)c, LANG_ZH)) > 0);
		assert_true(strlen(err_message((enum err_code)c, LANG_EN)) > 0);
		assert_string_not_equal(err_message((enum err_code)c, LANG_ZH),
					err_message((enum err_code)c, LANG_EN));
	}
}

static void test_json(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct err e = {0};
	assert_null(json_parse_body("{\"a\":1,\"a\":2}", 13, &e));
	assert_int_equal(e.code, ERR_MALFORMED_JSON);
	err_clear(&e);
	assert_null(json_parse_body("[1]", 3, &e));
	err_clear(&e);
	assert_null(json_parse_body("{\"a\":\"\xff\"}", 9, &e));
	err_clear(&e);
	assert_null(json_parse_body("{\"a\":1", 6, &e));
	err_clear(&e);
	/* \u0000 is valid JSON: the body parses and the field reader names the field */
	const char *nulbody = "{\"a\":\"x\\u0000\"}";
	json_t *nul = json_parse_body(nulbody, strlen(nulbody), &e);
	assert_non_null(nul);
	const char *sv = NULL;
	assert_int_equal(jf_str(nul, "a", 0, 0, 10, &sv, &e), -1);
	assert_string_equal(e.fields[0].key, "control_chars");
	json_decref(nul);
	err_clear(&e);
	const char *body = "{\"name\":\"张三 <b>\",\"n\":5,\"b\":true,\"ids\":[3,3,4],\"x\":null,"
			   "\"ctl\":\"a\\u0007b\",\"long\":\"abcdef\"}";
	json_t *o = json_parse_body(body, strlen(body), &e);
	assert_non_null(o);
	const char *s = NULL;
	assert_int_equal(jf_str(o, "name", JF_REQUIRED, 1, 10, &s, &e), 1);
	assert_string_equal(s, "张三 <b>");
	assert_int_equal(jf_str(o, "missing", 0, 1, 10, &s, &e), 0);
	assert_int_equal(e.code, ERR_NONE);
	assert_int_equal(jf_str(o, "n", 0, 1, 10, &s, &e), -1);            /* wrong type */
	assert_int_equal(jf_str(o, "ctl", 0, 1, 10, &s, &e), -1);          /* control character */
	assert_int_equal(jf_str(o, "long", 0, 1, 5, &s, &e), -1);          /* too long */
	assert_int_equal(jf_str(o, "missing", JF_REQUIRED, 1, 5, &s, &e), -1);
	assert_int_equal(e.code, ERR_VALIDATION);
	assert_int_equal(e.nfields, 4);
	assert_string_equal(e.fields[0].key, "type_string");
	assert_string_equal(e.fields[1].key, "control_chars");
	assert_string_equal(e.fields[2].key, "too_long");
	assert_string_equal(e.fields[3].key, "required");
	err_clear(&e);
	int64_t n = 0;
	bool b = false;
	assert_int_equal(jf_int(o, "n", 0, 1, 10, &n, &e), 1);
	assert_int_equal(n, 5);
	assert_int_equal(jf_int(o, "n", 0, 6, 10, &n, &e), -1);
	assert_int_equal(jf_bool(o, "b", 0, &b, &e), 1);
	assert_true(b);
	assert_int_equal(jf_bool(o, "x", JF_NULLABLE, &b, &e), 0);
	int64_t *ids;
	size_t nids;
	assert_int_equal(jf_int_array(o, "ids", 0, 10, 1, 100, a, &ids, &nids, &e), 1);
	assert_int_equal(nids, 2);   /* duplicates removed */
	static const char *const allowed[] = {"name", "n", "b", "ids", "x", "ctl", NULL};
	err_clear(&e);
	assert_int_equal(json_only_fields(o, allowed, &e), -1);
	assert_string_equal(e.fields[0].field, "long");
	assert_string_equal(e.fields[0].key, "unknown_field");
	size_t len;
	char *out = json_to_arena(a, o, &len);
	assert_int_equal(strlen(out), len);
	assert_non_null(strstr(out, "张三 <b>"));
	json_decref(o);
	arena_free(a);
}

/* jansson's own compact dump, as json_to_arena wrote it before (a failed dump: what it wrote). */
struct ref_dump {
	char s[8192];
	size_t n;
};

static int ref_cb(const char *buf, size_t size, void *data)
{
	struct ref_dump *r = data;
	if (r->n + size >= sizeof r->s)
		return -1;
	memcpy(r->s + r->n, buf, size);
	r->n += size;
	r->s[r->n] = '\0';
	return 0;
}

static void same_as_jansson(struct arena *a, json_t *v)
{
	static struct ref_dump r;
	r.n = 0;
	r.s[0] = '\0';
	json_dump_callback(v, ref_cb, &r, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t len = 0;
	char *out = json_to_arena(a, v, &len);
	assert_int_equal(len, r.n);
	assert_memory_equal(out, r.s, r.n);
	json_decref(v);
}

static void test_json_dump(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* every control character, the escapes, DEL, and UTF-8 of 2, 3 and 4 bytes */
	char ctl[40];
	for (int i = 0; i < 32; i++)
		ctl[i] = (char)(i + 1 == 32 ? 0x7f : i + 1);
	ctl[32] = '\0';
	same_as_jansson(a, json_string(ctl));
	same_as_jansson(a, json_string("\"\\/ é 邻里 \xf0\x9f\x98\x80 <b>&amp;</b>"));
	same_as_jansson(a, json_stringn("a\0b", 3));          /* a NUL inside */
	same_as_jansson(a, json_string(""));
	/* not UTF-8 by jansson's rules (overlong, surrogate, beyond U+10FFFF, cut short): its dump */
	static const char *const bad[] = {"a\xc0\xafz", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ab\xe9\x82",
		"\xff", "\x80x", NULL};
	for (int i = 0; bad[i]; i++) {
		same_as_jansson(a, json_stringn_nocheck(bad[i], strlen(bad[i])));
		json_t *o = json_object();
		json_object_set_new(o, "k", json_stringn_nocheck(bad[i], strlen(bad[i])));
		json_object_set_new(o, "after", json_integer(1));
		same_as_jansson(a, o);
	}
	/* numbers */
	static const json_int_t ints[] = {0, 1, -1, 9, 10, 1234567890123LL, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		same_as_jansson(a, json_integer(ints[i]));
	static const double reals[] = {0.0, -0.0, 1.0, 1.5, -2.25, 0.1, 1.0 / 3, 104.06, 30.66,
		1e20, 1e21, 1e-5, 1.5e-7, 123456789012345678.0, 5e-324, 1.7976931348623157e308, 100.0,
		1e100, -1e-100};
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
		same_as_jansson(a, json_real(reals[i]));
	same_as_jansson(a, json_true());
	same_as_jansson(a, json_false());
	same_as_jansson(a, json_null());
	/* containers: empty, nested, keys that need escapes, order kept */
	same_as_jansson(a, json_object());
	same_as_jansson(a, json_array());
	same_as_jansson(a, json_pack("{s:s, s:i, s:[i, f, n, b, {}], s:{s:[]}, s:s}", "z", "last?",
		"a\"\n", 1, "list", 2, 2.5, 1, "o", "", "名", "值"));
	/* nested deeper than the fast dump goes: jansson's */
	json_t *deep = json_array(), *cur = deep;
	for (int i = 0; i < 300; i++) {
		json_t *next = json_array();
		json_array_append_new(cur, next);
		cur = next;
	}
	same_as_jansson(a, deep);
	arena_free(a);
}

static void test_crypto(void **state)
{
	(void)state;
	assert_int_equal(crypto_init(), 0);
	crypto_set_pwhash_memory(8192);
	char hash[CRYPTO_PWHASH_LEN];
	assert_int_equal(crypto_password_hash("正确的密码 horse", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_true(crypto_password_verify(hash, "正确的密码 horse"));
	assert_false(crypto_password_verify(hash, "wrong"));
	crypto_password_dummy_verify("anything");
	char t1[64], t2[64], h1[CRYPTO_HASH_HEX], h2[CRYPTO_HASH_HEX];
	crypto_token(t1, sizeof t1, "lnl_");
	crypto_token(t2, sizeof t2, NULL);
	assert_int_equal(strncmp(t1, "lnl_", 4), 0);
	assert_int_equal(strlen(t2), 43);
	assert_string_not_equal(t1 + 4, t2);
	crypto_token_hash(t1, h1);
	crypto_token_hash(t1, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	char small[8];
	crypto_token(small, sizeof small, "lnl_");   /* too small: empty, never overflows */
	assert_string_equal(small, "");
}

static struct ratelimit rl = RATELIMIT_INIT;

static void test_ratelimit(void **state)
{
	(void)state;
	int wait = 0;
	assert_true(ratelimit_take(&rl, "a", 600, &wait));        /* no limit set: always */
	ratelimit_set(&rl, 2);
	assert_true(ratelimit_allows(&rl, "b", 600, &wait));      /* asks, counts nothing */
	assert_true(ratelimit_allows(&rl, "b", 600, &wait));
	assert_true(ratelimit_allows(&rl, "b", 600, &wait));
	assert_true(ratelimit_take(&rl, "b", 600, &wait));
	assert_true(ratelimit_take(&rl, "b", 610, &wait));
	assert_false(ratelimit_take(&rl, "b", 620, &wait));
	assert_int_equal(wait, 40);
	assert_false(ratelimit_allows(&rl, "b", 630, &wait));
	assert_int_equal(wait, 30);
	assert_true(ratelimit_allows(&rl, "c", 630, &wait));      /* another key */
	assert_true(ratelimit_allows(&rl, "b", 660, &wait));      /* the next minute */
	assert_true(ratelimit_take(&rl, "", 660, &wait));         /* no key: never limited */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena), cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_clock), cmocka_unit_test(test_err_and_lang),
		cmocka_unit_test(test_json), cmocka_unit_test(test_json_dump),
		cmocka_unit_test(test_crypto), cmocka_unit_test(test_ratelimit),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
