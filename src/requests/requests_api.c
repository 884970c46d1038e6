/* HTTP <-> struct for requests, their actions, and the public intake and follow-up. */
#include <string.h>

#include "base/json.h"
#include "http/http.h"
#include "requests/requests.h"

static int answer(struct ctx *cx, struct resp *rs, int status, const struct request *r)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/requests/%lld", (long long)r->id));
	resp_json(rs, status, request_json(cx, r));
	return 0;
}

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct request_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_str(cx, rq, "state", 200, &f.states);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "handler_id", 1, INT64_MAX, &f.handler_id);
	query_int(cx, rq, "household_id", 1, INT64_MAX, &f.household_id);
	query_int(cx, rq, "item_id", 1, INT64_MAX, &f.item_id);
	query_str(cx, rq, "channel", 16, &f.channel);
	query_str(cx, rq, "priority", 16, &f.priority);
	query_str(cx, rq, "receipt", 64, &f.receipt);
	const char *v = req_query(rq, "mine");
	f.mine = v && strcmp(v, "true") == 0;
	v = req_query(rq, "overdue");
	f.overdue = v && strcmp(v, "true") == 0;
	struct request *items;
	size_t n;
	int64_t next;
	if (cx->err.code || requests_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, request_json(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct request r;
	if (requests_create(cx, rq->json, &r) < 0)
		return -1;
	return answer(cx, rs, 201, &r);
}

static int get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct request r;
	if (id < 0 || requests_get(cx, id, &r) < 0)
		return -1;
	return answer(cx, rs, 200, &r);
}

static int timeline(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct request_event *ev;
	size_t n;
	if (id < 0 || requests_timeline(cx, id, &ev, &n) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, request_event_json(&ev[i]));
	resp_list(rs, a, 0);
	return 0;
}

static int act(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct request r;
	if (id < 0 || requests_act(cx, id, rq->params[1], rq->json, &r) < 0)
		return -1;
	return answer(cx, rs, 200, &r);
}

static int machine(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	(void)cx;
	resp_json(rs, 200, requests_machine_json());
	return 0;
}

/* What the resident's phone shows after sending: the receipt to follow it by. */
static json_t *public_answer(const struct request *r)
{
	return json_pack("{s:s, s:s, s:o}", "receipt", r->receipt, "state", "submitted",
			 "received_at", json_time(r->received_at));
}

static int submit(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct request r;
	bool repeat;
	if (requests_submit_public(cx, rq->json, &r, &repeat) < 0)
		return -1;
	resp_json(rs, repeat ? 200 : 201, public_answer(&r));
	return 0;
}

static int follow(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *tail = NULL;
	query_str(cx, rq, "phone_tail", 4, &tail);
	json_t *out;
	if (cx->err.code || requests_follow(cx, rq->params[0], tail, &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 200, out);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/requests", index_, 0},
	{"POST", "/api/v1/requests", create, 0},
	{"GET", "/api/v1/requests/machine", machine, 0},
	{"GET", "/api/v1/requests/{id}", get, 0},
	{"GET", "/api/v1/requests/{id}/timeline", timeline, 0},
	{"POST", "/api/v1/requests/{id}/{action}", act, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/public/requests", submit, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/requests/{receipt}", follow, ROUTE_PUBLIC},
};

void requests_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
