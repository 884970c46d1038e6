/* HTTP <-> struct for the party service tree, its members and their linked households. */
#include <string.h>

#include "base/json.h"
#include "http/http.h"
#include "party/party.h"

static bool query_bool(struct ctx *cx, struct req *rq, const char *name)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 8, &v) <= 0)
		return false;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return true;
	if (strcmp(v, "false") != 0 && strcmp(v, "0") != 0)
		err_field(&cx->err, name, "invalid", 0);
	return false;
}

static int units(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct party_unit_filter f = {0};
	f.include_closed = query_bool(cx, rq, "include_closed");
	query_int(cx, rq, "parent_id", 1, INT64_MAX, &f.parent_id);
	if (cx->err.code)
		return -1;
	struct party_unit *items;
	size_t n;
	if (party_units_list(cx, &f, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, party_unit_json);
	return 0;
}

static int unit_answer(struct ctx *cx, struct resp *rs, int status, const struct party_unit *u)
{
	if (status == 201)
		resp_header(rs, "Location",
			    arena_printf(cx->a, "/api/v1/party/units/%lld", (long long)u->id));
	resp_json(rs, status, party_unit_json(u));
	return 0;
}

static int unit_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct party_unit u;
	if (party_unit_create(cx, rq->json, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 201, &u);
}

static int unit_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_unit u;
	if (id < 0 || party_unit_get(cx, id, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 200, &u);
}

static int unit_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_unit u;
	if (id < 0 || party_unit_update(cx, id, rq->json, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 200, &u);
}

static int unit_move(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_unit u;
	if (id < 0 || party_unit_move(cx, id, rq->json, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 200, &u);
}

static int unit_close(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_unit u;
	if (id < 0 || party_unit_close(cx, id, rq->json, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 200, &u);
}

static int unit_reopen(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_unit u;
	if (id < 0 || party_unit_reopen(cx, id, rq->json, &u) < 0)
		return -1;
	return unit_answer(cx, rs, 200, &u);
}

static int member_answer(struct resp *rs, int status, struct party_member *m)
{
	json_t *j = party_member_json(m);
	party_member_release(m);
	resp_json(rs, status, j);
	return 0;
}

static int members(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct party_member_filter f = {0};
	f.party_unit_id = req_param_id(cx, rq, 0);
	if (f.party_unit_id < 0)
		return -1;
	f.include_ended = query_bool(cx, rq, "include_ended");
	query_paging(cx, rq, &f.limit, &f.cursor);
	if (cx->err.code)
		return -1;
	struct party_member *items;
	size_t n;
	int64_t next;
	if (party_members_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, party_member_json(&items[i]));
		party_member_release(&items[i]);
	}
	resp_list(rs, arr, next);
	return 0;
}

static int member_add(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_member m;
	if (id < 0 || party_member_add(cx, id, rq->json, &m) < 0)
		return -1;
	resp_header(rs, "Location",
		    arena_printf(cx->a, "/api/v1/party/members/%lld", (long long)m.id));
	return member_answer(rs, 201, &m);
}

static int member_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_member m;
	if (id < 0 || party_member_get(cx, id, &m) < 0)
		return -1;
	return member_answer(rs, 200, &m);
}

static int member_end(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_member m;
	if (id < 0 || party_member_end(cx, id, rq->json, &m) < 0)
		return -1;
	return member_answer(rs, 200, &m);
}

static int link_add(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_member m;
	if (id < 0 || party_link_add(cx, id, rq->json, &m) < 0)
		return -1;
	return member_answer(rs, 201, &m);
}

static int link_end(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct party_member m;
	if (id < 0 || party_link_end(cx, id, rq->json, &m) < 0)
		return -1;
	return member_answer(rs, 200, &m);
}

static int my_households(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *items;
	if (party_my_households(cx, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/party/units", units, 0},
	{"POST", "/api/v1/party/units", unit_create, 0},
	{"GET", "/api/v1/party/units/{id}", unit_get, 0},
	{"PATCH", "/api/v1/party/units/{id}", unit_update, 0},
	{"POST", "/api/v1/party/units/{id}/move", unit_move, 0},
	{"POST", "/api/v1/party/units/{id}/close", unit_close, 0},
	{"POST", "/api/v1/party/units/{id}/reopen", unit_reopen, 0},
	{"GET", "/api/v1/party/units/{id}/members", members, 0},
	{"POST", "/api/v1/party/units/{id}/members", member_add, 0},
	{"GET", "/api/v1/party/members/{id}", member_get, 0},
	{"POST", "/api/v1/party/members/{id}/end", member_end, 0},
	{"POST", "/api/v1/party/members/{id}/links", link_add, 0},
	{"POST", "/api/v1/party/links/{id}/end", link_end, 0},
	{"GET", "/api/v1/party/my-households", my_households, 0},
};

void party_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
