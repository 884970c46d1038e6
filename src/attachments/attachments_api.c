/* HTTP <-> struct for attachments: the upload is a multipart/form-data form (entity,
 * entity_id, file) read by libmicrohttpd's post processor (http/multipart.c); the files are
 * served with their own type, a Content-Disposition, nosniff and a Content-Security-Policy
 * that lets them run nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachments/internal.h"
#include "base/text.h"
#include "http/http.h"

/* An uploaded form holds three parts; a few more are room for a client's extras, refused by
 * name. */
static const struct http_form_limits form_limits_base = {.parts = 8, .field_bytes = 64};

static int entity_id_of(struct ctx *cx, const char *field, const struct http_part *p,
			int64_t *out)
{
	const char *v = p->data;
	char *end = NULL;
	long long x = *v ? strtoll(v, &end, 10) : 0;
	if (!*v || *end || strlen(v) != p->len || p->len > 18 || *v == '+' || *v == ' ')
		return err_field(&cx->err, field, "type_integer", 0);
	if (x < 1)
		return err_field(&cx->err, field, "too_small", 1);
	*out = x;
	return 0;
}

static int upload(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct http_form_limits lim = form_limits_base;
	lim.file_bytes = attachments_limit();
	struct http_part *parts;
	size_t n;
	if (http_multipart(cx, rq, &lim, &parts, &n) < 0)
		return -1;
	const struct http_part *entity = NULL, *id = NULL, *file = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct http_part *p = &parts[i];
		const struct http_part **slot = !strcmp(p->name, "entity") ? &entity
					      : !strcmp(p->name, "entity_id") ? &id
					      : !strcmp(p->name, "file") ? &file : NULL;
		const char *name = *p->name && utf8_valid(p->name, strlen(p->name)) &&
				   !text_has_control(p->name, false) && utf8_count(p->name) <= 64
				   ? p->name : "body";
		if (!slot)
			err_field(&cx->err, name, "unknown_field", 0);
		else if (*slot)
			err_field(&cx->err, name, "attachment_twice", 0);
		else
			*slot = p;
	}
	if (!entity)
		err_field(&cx->err, "entity", "required", 0);
	if (!id)
		err_field(&cx->err, "entity_id", "required", 0);
	if (!file)
		err_field(&cx->err, "file", "required", 0);
	else if (!file->filename)
		err_field(&cx->err, "file", "attachment_not_file", 0);
	int64_t entity_id = 0;
	if (id)
		entity_id_of(cx, "entity_id", id, &entity_id);
	if (entity && (strlen(entity->data) != entity->len ||
		       (strcmp(entity->data, "request") && strcmp(entity->data, "request_result") &&
			strcmp(entity->data, "visit"))))
		err_field(&cx->err, "entity", "attachment_entity", 0);
	if (cx->err.code)
		return -1;
	struct attachment a;
	if (attachments_add(cx, entity->data, entity_id, file->filename,
			    (const unsigned char *)file->data, file->len, &a) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/attachments/%lld", (long long)a.id));
	resp_json(rs, 201, attachment_json(&a));
	return 0;
}

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *entity = NULL;
	int64_t id = 0;
	if (query_str(cx, rq, "entity", 32, &entity) == 0)
		err_field(&cx->err, "entity", "required", 0);
	if (query_int(cx, rq, "entity_id", 1, INT64_MAX, &id) == 0)
		err_field(&cx->err, "entity_id", "required", 0);
	struct attachment *items;
	size_t n;
	if (cx->err.code || attachments_list(cx, entity, id, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, attachment_json);
	return 0;
}

static int show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct attachment a;
	if (id < 0 || attachments_get(cx, id, &a) < 0)
		return -1;
	resp_json(rs, 200, attachment_json(&a));
	return 0;
}

/* filename="…" in ASCII (anything else as _) and filename*=UTF-8''… with the name as it is. */
static const char *disposition(struct ctx *cx, const char *how, const char *name)
{
	struct buf ascii, utf;
	buf_init(&ascii, cx->a);
	buf_init(&utf, cx->a);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char c = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_';
		if (*p < 0x80 || *p >= 0xC0)   /* one _ a character, not a byte */
			buf_add(&ascii, &c, 1);
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_add(&utf, p, 1);
		else
			buf_printf(&utf, "%%%02X", *p);
	}
	return arena_printf(cx->a, "%s; filename=\"%s\"; filename*=UTF-8''%s", how, buf_str(&ascii),
			    buf_str(&utf));
}

static int send_file(struct ctx *cx, struct req *rq, struct resp *rs, char which)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct attachment a;
	const char *data;
	size_t len;
	if (id < 0 || attachments_read(cx, id, which, &a, &data, &len) < 0)
		return -1;
	bool pdf = !strcmp(a.kind, "pdf");
	rs->status = 200;
	rs->content_type = which == 't' ? "image/jpeg" : attachment_content_type(a.kind);
	rs->body = data;
	rs->len = len;
	const char *name = a.name;
	if (which == 't') {
		const char *dot = strrchr(a.name, '.');
		name = arena_printf(cx->a, "%.*s-thumb.jpg", (int)(dot ? dot - a.name : (long)strlen(a.name)),
				    a.name);
	}
	/* a PDF is always a download: it never opens inside the console's origin */
	const char *how = pdf || req_query(rq, "download") ? "attachment" : "inline";
	resp_header(rs, "Content-Disposition", disposition(cx, how, name));
	resp_header(rs, "Content-Security-Policy",
		    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
		    "frame-ancestors 'none'");
	resp_header(rs, "X-Content-Type-Options", "nosniff");
	resp_header(rs, "Cross-Origin-Resource-Policy", "same-origin");
	return 0;
}

static int file(struct ctx *cx, struct req *rq, struct resp *rs) { return send_file(cx, rq, rs, 's'); }
static int thumb(struct ctx *cx, struct req *rq, struct resp *rs) { return send_file(cx, rq, rs, 't'); }

static int remove_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	if (id < 0 || attachments_delete(cx, id) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static const struct route routes[] = {
	{"POST", "/api/v1/attachments", upload, ROUTE_BIG_BODY},
	{"GET", "/api/v1/attachments", index_, 0},
	{"GET", "/api/v1/attachments/{id}", show, 0},
	{"GET", "/api/v1/attachments/{id}/file", file, 0},
	{"GET", "/api/v1/attachments/{id}/thumb", thumb, 0},
	{"DELETE", "/api/v1/attachments/{id}", remove_, 0},
};

void attachments_api_register(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
	/* the upload's body is the file and the form around it: attachment_limit, not upload_limit */
	http_route_limit(&routes[0], &att_body_limit);
}
