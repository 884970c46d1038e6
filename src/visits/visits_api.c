/* HTTP <-> struct for visits, visit plans and pairings. */
#include <string.h>

#include "base/json.h"
#include "http/http.h"
#include "visits/common.h"
#include "visits/due.h"
#include "visits/visits.h"

/* A date query parameter "2026-12-01". */
static int query_date(struct ctx *cx, struct req *rq, const char *name, int64_t *out)
{
	const char *v = NULL;
	int f = query_str(cx, rq, name, 10, &v);
	if (f <= 0)
		return f;
	if (!due_date_parse(v, out))
		return err_field(&cx->err, name, "visit_date", 0);
	return 1;
}

/* true|false → 1|0, absent → dflt */
static int query_flag(struct ctx *cx, struct req *rq, const char *name, int dflt, const char *any)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 8, &v) <= 0)
		return dflt;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		return 0;
	if (any && strcmp(v, any) == 0)
		return -1;
	err_field(&cx->err, name, "invalid", 0);
	return dflt;
}


static json_t *visit_out(struct ctx *cx, const struct visit *v) { return visit_json(cx, v); }

static int visits_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct visit_filter f = {.follow_up = -1};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "household_id", 1, INT64_MAX, &f.household_id);
	query_int(cx, rq, "resident_id", 1, INT64_MAX, &f.resident_id);
	query_int(cx, rq, "visitor_id", 1, INT64_MAX, &f.visitor_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_date(cx, rq, "from", &f.from);
	query_date(cx, rq, "to", &f.to);
	/* follow_up=open: needed and not done yet (a follow-up is a task until then) */
	const char *fu = req_query(rq, "follow_up");
	f.follow_up = fu && strcmp(fu, "open") == 0 ? 2 : query_flag(cx, rq, "follow_up", -1, NULL);
	if (cx->err.code)
		return -1;
	struct visit *items;
	size_t n;
	int64_t next;
	if (visits_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, visit_out(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int visit_answer(struct ctx *cx, struct resp *rs, int status, const struct visit *v)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/visits/%lld", (long long)v->id));
	resp_json(rs, status, visit_json(cx, v));
	return 0;
}

static int visit_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct visit v;
	if (visits_create(cx, rq->json, &v) < 0)
		return -1;
	return visit_answer(cx, rs, 201, &v);
}

static int visit_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct visit v;
	if (id < 0 || visits_get(cx, id, &v) < 0)
		return -1;
	return visit_answer(cx, rs, 200, &v);
}

static int visit_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct visit v;
	if (id < 0 || visits_update(cx, id, rq->json, &v) < 0)
		return -1;
	return visit_answer(cx, rs, 200, &v);
}

static int visit_follow_up(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct visit v;
	if (id < 0 || visits_follow_up_done(cx, id, rq->json, &v) < 0)
		return -1;
	return visit_answer(cx, rs, 200, &v);
}

static int visits_due(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor;
	if (query_paging(cx, rq, &limit, &cursor) < 0)
		return -1;
	json_t *items;
	int64_t next;
	if (plans_due(cx, limit, cursor, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int plans_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct plan_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "household_id", 1, INT64_MAX, &f.household_id);
	query_int(cx, rq, "resident_id", 1, INT64_MAX, &f.resident_id);
	query_int(cx, rq, "assigned_user_id", 1, INT64_MAX, &f.assigned_user_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	if (query_str(cx, rq, "source", 8, &f.source) > 0 && strcmp(f.source, "rule") != 0 &&
	    strcmp(f.source, "manual") != 0)
		err_field(&cx->err, "source", "invalid", 0);
	f.active = query_flag(cx, rq, "active", 1, "all");
	f.overdue = query_flag(cx, rq, "overdue", 0, NULL) == 1;
	if (cx->err.code)
		return -1;
	struct visit_plan *items;
	size_t n;
	int64_t next;
	if (plans_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, plan_json(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int plan_answer(struct ctx *cx, struct resp *rs, int status, const struct visit_plan *p)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/visit-plans/%lld", (long long)p->id));
	resp_json(rs, status, plan_json(cx, p));
	return 0;
}

static int plan_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct visit_plan p;
	if (plans_create(cx, rq->json, &p) < 0)
		return -1;
	return plan_answer(cx, rs, 201, &p);
}

static int plan_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct visit_plan p;
	if (id < 0 || plans_get(cx, id, &p) < 0)
		return -1;
	return plan_answer(cx, rs, 200, &p);
}

static int plan_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct visit_plan p;
	if (id < 0 || plans_update(cx, id, rq->json, &p) < 0)
		return -1;
	return plan_answer(cx, rs, 200, &p);
}

static int plan_sync(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {NULL};
	if (json_only_fields(rq->json, allowed, &cx->err) < 0 && cx->err.code)
		return -1;
	int64_t n = plans_sync_rules(cx);
	if (n < 0)
		return -1;
	resp_json(rs, 200, json_pack("{s:I}", "changed", (json_int_t)n));
	return 0;
}

static int pairings_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct pairing_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "user_id", 1, INT64_MAX, &f.user_id);
	query_int(cx, rq, "resident_id", 1, INT64_MAX, &f.resident_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	f.active = query_flag(cx, rq, "active", 1, "all");
	if (cx->err.code)
		return -1;
	struct pairing *items;
	size_t n;
	int64_t next;
	if (pairings_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pairing_json(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int pairing_answer(struct ctx *cx, struct resp *rs, int status, const struct pairing *p)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/pairings/%lld", (long long)p->id));
	resp_json(rs, status, pairing_json(cx, p));
	return 0;
}

static int pairing_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct pairing p;
	if (pairings_create(cx, rq->json, &p) < 0)
		return -1;
	return pairing_answer(cx, rs, 201, &p);
}

static int pairing_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct pairing p;
	if (id < 0 || pairings_get(cx, id, &p) < 0)
		return -1;
	return pairing_answer(cx, rs, 200, &p);
}

static int pairing_end(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct pairing p;
	if (id < 0 || pairings_end(cx, id, rq->json, &p) < 0)
		return -1;
	return pairing_answer(cx, rs, 200, &p);
}

static const struct route routes[] = {
	{"GET", "/api/v1/visits", visits_index, 0},
	{"POST", "/api/v1/visits", visit_create, 0},
	{"GET", "/api/v1/visits/due", visits_due, 0},
	{"GET", "/api/v1/visits/{id}", visit_get, 0},
	{"PATCH", "/api/v1/visits/{id}", visit_update, 0},
	{"POST", "/api/v1/visits/{id}/follow-up", visit_follow_up, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/visit-plans", plans_index, 0},
	{"POST", "/api/v1/visit-plans", plan_create, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/visit-plans/sync", plan_sync, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/visit-plans/{id}", plan_get, 0},
	{"PATCH", "/api/v1/visit-plans/{id}", plan_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/pairings", pairings_index, 0},
	{"POST", "/api/v1/pairings", pairing_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/pairings/{id}", pairing_get, 0},
	{"POST", "/api/v1/pairings/{id}/end", pairing_end, ROUTE_SMALL_BODY},
};

void visits_api_register(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
}
