/* multipart: a multipart/form-data body read by libmicrohttpd's post processor. The body is in
 * memory already (server.c collects it within the route's limit); the post processor splits it
 * into parts and hands their bytes over in pieces, which are laid end to end in one block of the
 * arena as large as the body: the parts' bytes are a subset of the body's. */
#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"

enum { PP_BUFFER = 32 * 1024, MAX_PARTS = 64 };

struct mp {
	struct ctx *cx;
	const struct http_form_limits *lim;
	char *block;                 /* the parts' bytes, each followed by a NUL */
	size_t used, cap;
	struct http_part parts[MAX_PARTS];
	size_t n;
	bool open;                   /* the last part may still grow */
	const char *fail_field;      /* why the iterator stopped */
	const char *fail_key;
	long fail_arg;
	enum err_code fail_code;
};

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static enum MHD_Result stop(struct mp *m, enum err_code code, const char *field, const char *key,
			    long arg)
{
	m->fail_code = code;
	m->fail_field = field;
	m->fail_key = key;
	m->fail_arg = arg;
	return MHD_NO;
}

static enum MHD_Result on_data(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	(void)kind;
	(void)transfer_encoding;
	struct mp *m = cls;
	struct ctx *cx = m->cx;
	struct http_part *p = m->n ? &m->parts[m->n - 1] : NULL;
	/* a new part starts at offset 0; a first piece of nothing and then its bytes are one part */
	bool fresh = off == 0 && !(p && m->open && p->len == 0 && same(p->name, key) &&
				   same(p->filename, filename));
	if (fresh) {
		if (m->n == m->lim->parts || m->n == MAX_PARTS)
			return stop(m, ERR_BAD_REQUEST, "body", "multipart_parts",
				    (long)(m->lim->parts < MAX_PARTS ? m->lim->parts : MAX_PARTS));
		if (m->used == m->cap)
			return stop(m, ERR_BAD_REQUEST, "body", "multipart", 0);
		p = &m->parts[m->n++];
		memset(p, 0, sizeof *p);
		p->name = arena_strdup(cx->a, key ? key : "");
		p->filename = filename ? arena_strdup(cx->a, filename) : NULL;
		p->content_type = content_type ? arena_strdup(cx->a, content_type) : NULL;
		p->data = m->block + m->used;
		m->block[m->used++] = '\0';   /* its NUL; the bytes go before it */
		m->open = true;
	} else if (!p || off != p->len) {
		return stop(m, ERR_BAD_REQUEST, "body", "multipart", 0);
	}
	size_t max = p->filename ? m->lim->file_bytes : m->lim->field_bytes;
	if (size > max - p->len) {
		if (p->filename) {
			size_t fb = m->lim->file_bytes;
			return fb % (1024 * 1024) ? stop(m, ERR_TOO_LARGE, p->name, "file_too_large_kb",
							 (long)(fb / 1024))
						  : stop(m, ERR_TOO_LARGE, p->name, "file_too_large",
							 (long)(fb / (1024 * 1024)));
		}
		return stop(m, ERR_VALIDATION, p->name, "too_long", (long)m->lim->field_bytes);
	}
	if (size > m->cap - m->used)   /* cannot be: the parts are within the body */
		return stop(m, ERR_BAD_REQUEST, "body", "multipart", 0);
	/* the NUL moves to after the new bytes */
	memcpy(m->block + m->used - 1, data, size);
	m->used += size;
	m->block[m->used - 1] = '\0';
	p->len += size;
	return MHD_YES;
}

/* "multipart/form-data" followed by parameters, one of them a boundary. */
static bool is_multipart(const char *ct)
{
	static const char mf[] = "multipart/form-data";
	if (!ct || strncasecmp(ct, mf, sizeof mf - 1) != 0)
		return false;
	const char *rest = ct + sizeof mf - 1;
	if (*rest && *rest != ';' && *rest != ' ')
		return false;
	for (const char *b = rest; (b = strcasestr(b, "boundary=")) != NULL; b += 9)
		if (b[9] && b[9] != ';')
			return true;
	return false;
}

int http_multipart(struct ctx *cx, struct req *rq, const struct http_form_limits *lim,
		   struct http_part **parts, size_t *n)
{
	*parts = NULL;
	*n = 0;
	if (!is_multipart(req_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return err_setf(&cx->err, ERR_MEDIA_TYPE, "not multipart/form-data with a boundary");
	struct mp *m = arena_alloc(cx->a, sizeof *m);
	m->cx = cx;
	m->lim = lim;
	/* every part's bytes and NUL: the bytes are the body's, each part at least one NUL; the
	 * parts' count is bounded, so one more byte a part */
	m->cap = rq->body_len + MAX_PARTS + 1;
	m->block = arena_alloc(cx->a, m->cap);
	struct MHD_PostProcessor *pp = MHD_create_post_processor(rq->conn, PP_BUFFER, on_data, m);
	if (!pp) {   /* a boundary longer than the buffer allows, or none */
		err_set(&cx->err, ERR_BAD_REQUEST);
		return err_field(&cx->err, "body", "multipart", 0);
	}
	enum MHD_Result ok = rq->body_len ? MHD_post_process(pp, rq->body, rq->body_len) : MHD_YES;
	enum MHD_Result done = MHD_destroy_post_processor(pp);
	if (m->fail_code) {
		cx->err.code = m->fail_code;
		return err_field(&cx->err, m->fail_field, m->fail_key, m->fail_arg);
	}
	if (ok != MHD_YES || done != MHD_YES || m->n == 0) {
		err_set(&cx->err, ERR_BAD_REQUEST);
		return err_field(&cx->err, "body", "multipart", 0);
	}
	*parts = m->parts;
	*n = m->n;
	return 0;
}
