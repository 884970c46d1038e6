/* HTTP <-> the certificates of service and the volunteer's record. */
#include <string.h>

#include "certificates/internal.h"
#include "http/http.h"
#include "requests/requests.h"

static int answer(struct resp *rs, int status, json_t *out)
{
	resp_json(rs, status, out);
	return 0;
}

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct certificate_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "volunteer_id", 1, INT64_MAX, &f.volunteer_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	if (query_str(cx, rq, "state", 16, &f.state) > 0 && strcmp(f.state, "valid") != 0 &&
	    strcmp(f.state, "revoked") != 0)
		err_field(&cx->err, "state", "cert_state", 0);
	json_t *items;
	int64_t next;
	if (cx->err.code || certificates_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int issue(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	return certificates_issue(cx, rq->json, &out) < 0 ? -1 : answer(rs, 201, out);
}

static int preview(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t vid = 0;
	const char *from = NULL, *to = NULL;
	if (query_int(cx, rq, "volunteer_id", 1, INT64_MAX, &vid) == 0)
		err_field(&cx->err, "volunteer_id", "required", 0);
	query_str(cx, rq, "from", 10, &from);
	query_str(cx, rq, "to", 10, &to);
	json_t *out;
	if (cx->err.code || certificates_preview(cx, vid, from, to, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	const char *base = requests_base_url(cx, req_header(rq, "Host"), http_cookie_secure());
	return id < 0 || certificates_get(cx, id, base, &out) < 0 ? -1 : answer(rs, 200, out);
}

static int revoke(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	return id < 0 || certificates_revoke(cx, id, rq->json, &out) < 0 ? -1 : answer(rs, 200, out);
}

static int record(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	return id < 0 || certificates_record(cx, id, &out) < 0 ? -1 : answer(rs, 200, out);
}

static int my_record(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *out;
	return certificates_record(cx, 0, &out) < 0 ? -1 : answer(rs, 200, out);
}

static int mine(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *items;
	if (certificates_mine(cx, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

static int public_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (certificates_public(cx, rq->params[0], &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	return answer(rs, 200, out);
}

static const struct route routes[] = {
	{"GET", "/api/v1/certificates", index_, 0},
	{"POST", "/api/v1/certificates", issue, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/certificates/preview", preview, 0},
	{"GET", "/api/v1/certificates/me", mine, 0},
	{"GET", "/api/v1/certificates/me/record", my_record, 0},
	{"GET", "/api/v1/certificates/records/{id}", record, 0},
	{"GET", "/api/v1/certificates/{id}", show, 0},
	{"POST", "/api/v1/certificates/{id}/revoke", revoke, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/public/certificates/{number}", public_, ROUTE_PUBLIC},
};

void certificates_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
