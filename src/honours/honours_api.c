/* HTTP <-> the honours: household points rules and awards, honour kinds, ratings with their
 * nominations, 公示 and objections, and the public notice board. */
#include <string.h>

#include "http/http.h"
#include "honours/internal.h"

static int answer(struct resp *rs, int status, json_t *out)
{
	resp_json(rs, status, out);
	return 0;
}

static int items(struct resp *rs, json_t *a)
{
	resp_json(rs, 200, json_pack("{s:o}", "items", a));
	return 0;
}

static int rules(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t community = 0;
	json_t *out;
	query_int(cx, rq, "community_id", 1, INT64_MAX, &community);
	if (cx->err.code || hon_rules_list(cx, community, &out) < 0)
		return -1;
	return items(rs, out);
}

static int rule_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (hon_rule_create(cx, rq->json, &out) < 0)
		return -1;
	return answer(rs, 201, out);
}

static int rule_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_rule_update(cx, id, rq->json, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int awards(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t community = 0, household = 0, cursor = 0, next = 0;
	int limit = 50;
	json_t *out;
	query_paging(cx, rq, &limit, &cursor);
	query_int(cx, rq, "community_id", 1, INT64_MAX, &community);
	query_int(cx, rq, "household_id", 1, INT64_MAX, &household);
	if (cx->err.code || hon_awards_list(cx, community, household, limit, cursor, &out, &next) < 0)
		return -1;
	resp_list(rs, out, next);
	return 0;
}

static int award_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (hon_awards_create(cx, rq->json, &out) < 0)
		return -1;
	return answer(rs, 201, json_pack("{s:o}", "items", out));
}

static int award_reverse(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_award_reverse(cx, id, rq->json, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int household_points(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_household_points(cx, id, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int table(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t community = 0, year = 0;
	json_t *out;
	if (query_int(cx, rq, "community_id", 1, INT64_MAX, &community) == 0)
		err_field(&cx->err, "community_id", "required", 0);
	query_int(cx, rq, "year", 2000, 2100, &year);
	if (!year)
		year = hon_today(cx) / 10000;
	if (cx->err.code || hon_table(cx, community, year, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int kinds(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *all = NULL;
	json_t *out;
	query_str(cx, rq, "all", 8, &all);
	if (cx->err.code || hon_kinds_list(cx, all && strcmp(all, "true") == 0, &out) < 0)
		return -1;
	return items(rs, out);
}

static int kind_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (hon_kind_create(cx, rq->json, &out) < 0)
		return -1;
	return answer(rs, 201, out);
}

static int kind_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_kind_update(cx, id, rq->json, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static const char *const rating_states[] = {"nominating", "announcing", "published", NULL};

static int ratings(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t community = 0, year = 0;
	const char *state = NULL;
	json_t *out;
	query_int(cx, rq, "community_id", 1, INT64_MAX, &community);
	query_int(cx, rq, "year", 2000, 2100, &year);
	if (query_str(cx, rq, "state", 16, &state) > 0 && !hon_code_in(rating_states, state))
		err_field(&cx->err, "state", "invalid", 0);
	if (cx->err.code || hon_ratings_list(cx, community, year, state, &out) < 0)
		return -1;
	return items(rs, out);
}

static int rating_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (hon_rating_create(cx, rq->json, &out) < 0)
		return -1;
	return answer(rs, 201, out);
}

static int rating_show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_rating_get(cx, id, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

#define ACTION(fn, call, status) \
	static int fn(struct ctx *cx, struct req *rq, struct resp *rs) \
	{ \
		int64_t id = req_param_id(cx, rq, 0); \
		json_t *out; \
		if (id < 0 || call(cx, id, rq->json, &out) < 0) \
			return -1; \
		return answer(rs, status, out); \
	}
ACTION(rating_open, hon_rating_open, 200)
ACTION(rating_publish, hon_rating_publish, 200)
ACTION(nominate, hon_nominate, 201)
ACTION(withdraw, hon_nomination_withdraw, 200)
ACTION(resolve, hon_objection_resolve, 200)

static int suggestions(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_suggestions(cx, id, &out) < 0)
		return -1;
	return items(rs, out);
}

static int objections(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || hon_objections_list(cx, id, &out) < 0)
		return -1;
	return items(rs, out);
}

static int board(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t community = 0;
	json_t *out;
	query_int(cx, rq, "community_id", 1, INT64_MAX, &community);
	if (cx->err.code || hon_public_board(cx, community, &out) < 0)
		return -1;
	return answer(rs, 200, out);
}

static int object(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (hon_public_object(cx, rq->json, &out) < 0)
		return -1;
	return answer(rs, 202, out);
}

static const struct route routes[] = {
	{"GET", "/api/v1/honours/rules", rules, 0},
	{"POST", "/api/v1/honours/rules", rule_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/honours/rules/{id}", rule_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/honours/awards", awards, 0},
	{"POST", "/api/v1/honours/awards", award_create, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/honours/awards/{id}/reverse", award_reverse, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/honours/households/{id}", household_points, 0},
	{"GET", "/api/v1/honours/table", table, 0},
	{"GET", "/api/v1/honours/kinds", kinds, 0},
	{"POST", "/api/v1/honours/kinds", kind_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/honours/kinds/{id}", kind_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/honours/ratings", ratings, 0},
	{"POST", "/api/v1/honours/ratings", rating_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/honours/ratings/{id}", rating_show, 0},
	{"POST", "/api/v1/honours/ratings/{id}/open", rating_open, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/honours/ratings/{id}/publish", rating_publish, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/honours/ratings/{id}/nominations", nominate, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/honours/ratings/{id}/suggestions", suggestions, 0},
	{"GET", "/api/v1/honours/ratings/{id}/objections", objections, 0},
	{"POST", "/api/v1/honours/nominations/{id}/withdraw", withdraw, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/honours/objections/{id}/resolve", resolve, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/public/honours", board, ROUTE_PUBLIC},
	{"POST", "/api/v1/public/honours/objections", object, ROUTE_PUBLIC | ROUTE_SMALL_BODY},
};

void honours_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
