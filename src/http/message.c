/* message: reading requests (headers, query, cookies) and building responses. */
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "http/http.h"

const char *req_header(struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(struct req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

static bool parse_i64(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 19)
		return false;
	for (const char *p = s; *p; p++)
		if ((*p < '0' || *p > '9') && !(p == s && *p == '-' && p[1]))
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

int64_t req_param_id(struct ctx *cx, struct req *rq, size_t i)
{
	int64_t id;
	if (i >= rq->nparams || !parse_i64(rq->params[i], &id) || id <= 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return id;
}

int query_int(struct ctx *cx, struct req *rq, const char *name, int64_t min, int64_t max,
	      int64_t *out)
{
	const char *v = req_query(rq, name);
	if (!v)
		return 0;
	int64_t x;
	if (!parse_i64(v, &x))
		return err_field(&cx->err, name, "type_integer", 0);
	if (x < min)
		return err_field(&cx->err, name, "too_small", (long)min);
	if (x > max)
		return err_field(&cx->err, name, "too_large", (long)max);
	*out = x;
	return 1;
}

int query_str(struct ctx *cx, struct req *rq, const char *name, size_t maxlen, const char **out)
{
	const char *v = req_query(rq, name);
	if (!v || !*v)
		return 0;
	if (text_has_control(v, false))
		return err_field(&cx->err, name, "control_chars", 0);
	if (utf8_count(v) > maxlen)
		return err_field(&cx->err, name, "too_long", (long)maxlen);
	*out = v;
	return 1;
}

int query_time(struct ctx *cx, struct req *rq, const char *name, int64_t *out)
{
	const char *v = req_query(rq, name);
	if (!v || !*v)
		return 0;
	if (clock_parse_iso(v, out) < 0)
		return err_field(&cx->err, name, "time_format", 0);
	return 1;
}

int query_paging(struct ctx *cx, struct req *rq, int *limit, int64_t *cursor)
{
	int64_t l = 50, c = 0;
	query_int(cx, rq, "limit", 1, 200, &l);
	const char *cs = req_query(rq, "cursor");
	if (cs && *cs && (!parse_i64(cs, &c) || c <= 0))
		err_field(&cx->err, "cursor", "cursor", 0);
	*limit = (int)l;
	*cursor = c;
	return cx->err.code ? -1 : 0;
}

void resp_json(struct resp *rs, int status, json_t *body)
{
	if (rs->json)
		json_decref(rs->json);
	rs->status = status;
	rs->json = body;
	rs->content_type = "application/json; charset=utf-8";
}

void resp_list(struct resp *rs, json_t *items, int64_t next_cursor)
{
	json_t *cur = json_null();
	if (next_cursor) {
		char buf[24];
		snprintf(buf, sizeof buf, "%lld", (long long)next_cursor);
		cur = json_string(buf);
	}
	resp_json(rs, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cur));
}

void resp_list_begin(struct ctx *cx, struct jw *w, size_t reserve)
{
	jw_init(w, cx->a);
	buf_reserve(&w->b, reserve);
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
}

void resp_list_end(struct ctx *cx, struct jw *w, struct resp *rs, int64_t next_cursor)
{
	jw_arr_end(w);
	jw_key(w, "next_cursor");
	if (next_cursor)
		jw_str(w, arena_printf(cx->a, "%lld", (long long)next_cursor));
	else
		jw_null(w);
	jw_obj_end(w);
	resp_raw_json(rs, 200, buf_str(&w->b), w->b.len);
}

void resp_raw_json(struct resp *rs, int status, const char *json, size_t len)
{
	resp_json(rs, status, NULL);
	rs->body = json;
	rs->len = len;
}

void resp_header(struct resp *rs, const char *name, const char *value)
{
	if (rs->nheaders < HTTP_MAX_HEADERS) {
		rs->headers[rs->nheaders].name = name;
		rs->headers[rs->nheaders].value = value;
		rs->nheaders++;
	}
}

/* The message and the field messages in one language. */
static json_t *error_texts(struct ctx *cx, enum err_code code, enum lang lang)
{
	json_t *fields = json_object();
	for (int i = 0; i < cx->err.nfields; i++) {
		char msg[256];
		const struct err_field *f = &cx->err.fields[i];
		err_field_message(f->key, f->arg, lang, msg, sizeof msg);
		json_object_set_new(fields, f->field, json_string(msg));
	}
	return json_pack("{s:s, s:o}", "message", err_message(code, lang), "fields", fields);
}

void resp_error(struct ctx *cx, struct resp *rs)
{
	enum err_code code = cx->err.code ? cx->err.code : ERR_INTERNAL;
	json_t *mine = error_texts(cx, code, cx->lang);
	/* both languages as well, so that a page whose language changes shows the same error in
	 * the new one without asking again */
	json_t *body = json_pack("{s:{s:s, s:O, s:O, s:{s:o, s:o}}}", "error", "code",
				 err_code_name(code), "message", json_object_get(mine, "message"),
				 "fields", json_object_get(mine, "fields"), "i18n",
				 "zh-CN", error_texts(cx, code, LANG_ZH), "en", error_texts(cx, code, LANG_EN));
	json_decref(mine);
	resp_json(rs, err_http_status(code), body);
	if ((code == ERR_TOO_MANY_ATTEMPTS || code == ERR_RATE_LIMITED || code == ERR_UNAVAILABLE) &&
	    cx->err.retry_after > 0)
		resp_header(rs, "Retry-After", arena_printf(cx->a, "%d", cx->err.retry_after));
}

char *http_gzip(struct arena *a, const char *in, size_t len, size_t *out_len)
{
	if (len < 1024)
		return NULL;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, len) + 32;
	char *out = arena_alloc(a, cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END && *out_len < len ? out : NULL;
}
