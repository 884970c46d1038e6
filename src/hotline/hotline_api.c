/* HTTP <-> struct for the 12345 hand-off: platforms, category mappings and hand-offs. */
#include <string.h>

#include "http/http.h"
#include "hotline/internal.h"
#include "requests/requests.h"

static int platforms_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct hotline_platform *items;
	size_t n;
	if (hotline_platforms_list(cx, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, hotline_platform_json);
	return 0;
}

/* A platform with what is shown once: the secret, and the token when one was made. */
static json_t *with_once(const struct hotline_platform *p, const char *secret, const char *token)
{
	json_t *o = hotline_platform_json(p);
	if (secret && *secret)
		json_object_set_new(o, "secret", json_string(secret));
	if (token && *token)
		json_object_set_new(o, "token_secret", json_string(token));
	return o;
}

static int platform_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct hotline_platform p;
	char secret[CRYPTO_TOKEN_LEN + 8], token[CRYPTO_TOKEN_LEN + 8];
	if (hotline_platform_create(cx, rq->json, &p, secret, token) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/hotline/platforms/%lld",
						 (long long)p.id));
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 201, with_once(&p, secret, token));
	return 0;
}

static int platform_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_platform p;
	if (id < 0 || hotline_platform_get(cx, id, &p) < 0)
		return -1;
	resp_json(rs, 200, hotline_platform_json(&p));
	return 0;
}

static int platform_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_platform p;
	if (id < 0 || hotline_platform_update(cx, id, rq->json, &p) < 0)
		return -1;
	resp_json(rs, 200, hotline_platform_json(&p));
	return 0;
}

static int platform_rotate(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_platform p;
	char secret[CRYPTO_TOKEN_LEN + 8];
	if (id < 0 || hotline_platform_rotate(cx, id, rq->json, &p, secret) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 200, with_once(&p, secret, NULL));
	return 0;
}

static int mappings_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t platform_id = 0;
	query_int(cx, rq, "platform_id", 1, INT64_MAX, &platform_id);
	struct hotline_mapping *items;
	size_t n;
	if (cx->err.code || hotline_mappings_list(cx, platform_id, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, hotline_mapping_json);
	return 0;
}

static int mapping_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct hotline_mapping m;
	if (hotline_mapping_create(cx, rq->json, &m) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/hotline/mappings/%lld",
						 (long long)m.id));
	resp_json(rs, 201, hotline_mapping_json(&m));
	return 0;
}

static int mapping_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_mapping m;
	if (id < 0 || hotline_mapping_update(cx, id, rq->json, &m) < 0)
		return -1;
	resp_json(rs, 200, hotline_mapping_json(&m));
	return 0;
}

static int mapping_delete(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), version = 0;
	if (id < 0)
		return -1;
	if (query_int(cx, rq, "version", 1, INT64_MAX, &version) == 0)
		err_field(&cx->err, "version", "hotline_version_needed", 0);
	if (cx->err.code || hotline_mapping_delete(cx, id, version) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static int handoffs_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct hotline_filter f = {.state = -1};
	const char *state = NULL;
	query_int(cx, rq, "platform_id", 1, INT64_MAX, &f.platform_id);
	query_int(cx, rq, "request_id", 1, INT64_MAX, &f.request_id);
	if (query_str(cx, rq, "state", 16, &state) > 0 && (f.state = hotline_state_parse(state)) < 0)
		err_field(&cx->err, "state", "hotline_state", 0);
	if (query_str(cx, rq, "ticket", (size_t)hotline_limits[L_HL_TICKET].max, &f.ticket) > 0 &&
	    !hl_code_ok(f.ticket))
		err_field(&cx->err, "ticket", "hotline_code", 0);
	query_time(cx, rq, "from", &f.from);
	query_time(cx, rq, "to", &f.to);
	query_paging(cx, rq, &f.limit, &f.cursor);
	struct hotline_handoff *items;
	size_t n;
	int64_t next;
	if (cx->err.code || hotline_handoffs_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	RESP_LIST(rs, items, n, next, hotline_handoff_json);
	return 0;
}

static int handoff_submit(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct hotline_handoff h;
	int status;
	if (hotline_handoff_submit(cx, req_header(rq, "Authorization"),
				   req_header(rq, "Idempotency-Key"), rq->json, &h, &status) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/hotline/handoffs/%lld",
						 (long long)h.id));
	resp_json(rs, status, hotline_handoff_json(&h));
	return 0;
}

static int handoff_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_handoff h;
	if (id < 0 || hotline_handoff_get(cx, id, &h) < 0)
		return -1;
	resp_json(rs, 200, hotline_handoff_json(&h));
	return 0;
}

static int handoff_release(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct hotline_handoff h;
	if (id < 0 || hotline_handoff_release(cx, id, rq->json, &h) < 0)
		return -1;
	resp_json(rs, 200, hotline_handoff_json(&h));
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/hotline/platforms", platforms_index, 0},
	{"POST", "/api/v1/hotline/platforms", platform_create, 0},
	{"GET", "/api/v1/hotline/platforms/{id}", platform_get, 0},
	{"PATCH", "/api/v1/hotline/platforms/{id}", platform_update, 0},
	{"POST", "/api/v1/hotline/platforms/{id}/secret", platform_rotate, 0},
	{"GET", "/api/v1/hotline/mappings", mappings_index, 0},
	{"POST", "/api/v1/hotline/mappings", mapping_create, 0},
	{"PATCH", "/api/v1/hotline/mappings/{id}", mapping_update, 0},
	{"DELETE", "/api/v1/hotline/mappings/{id}", mapping_delete, 0},
	{"GET", "/api/v1/hotline/handoffs", handoffs_index, 0},
	/* a platform's bearer token, checked by the hand-off itself so that its problems are
	 * named (a missing, revoked or unknown token) */
	{"POST", "/api/v1/hotline/handoffs", handoff_submit, ROUTE_PUBLIC},
	{"GET", "/api/v1/hotline/handoffs/{id}", handoff_get, 0},
	{"POST", "/api/v1/hotline/handoffs/{id}/release", handoff_release, 0},
};

void hotline_api_register(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
	/* the request inbox finds a request by the platform's ticket number as by its receipt */
	requests_add_number("SELECT request_id FROM hotline_handoffs WHERE ticket = ?"
			    " AND request_id IS NOT NULL ORDER BY request_id DESC");
}
