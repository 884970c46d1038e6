/* HTTP <-> struct for volunteers, their teams, training and the public registration form. */
#include <string.h>

#include "base/date.h"
#include "http/http.h"
#include "volunteers/internal.h"

static json_t *v_json(struct ctx *cx, const struct volunteer *v) { return volunteer_json(cx, v); }

/* "true" → 1, anything else given → a field error, absent → 0 */
static bool query_flag(struct ctx *cx, struct req *rq, const char *name)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 8, &v) <= 0)
		return false;
	if (strcmp(v, "true") == 0)
		return true;
	if (strcmp(v, "false") != 0)
		err_field(&cx->err, name, "type_boolean", 0);
	return false;
}

static int query_date(struct ctx *cx, struct req *rq, const char *name, int *out)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 16, &v) <= 0)
		return 0;
	*out = date_parse(v);
	return *out ? 1 : err_field(&cx->err, name, "volunteer_date", 0);
}

/* A code query parameter that must be one of codes: NULL when absent. */
static const char *query_code(struct ctx *cx, struct req *rq, const char *name,
			      const char *const *codes, const char *key)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 32, &v) <= 0)
		return NULL;
	if (!vol_code_in(codes, v))
		err_field(&cx->err, name, key, 0);
	return v;
}

static const char *const approvals[] = {"pending", "approved", "rejected", NULL};
static const char *const statuses[] = {"active", "paused", "left", NULL};

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct volunteer_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "team_id", 1, INT64_MAX, &f.team_id);
	query_str(cx, rq, "q", 32, &f.q);
	f.approval = query_code(cx, rq, "approval", approvals, "invalid");
	f.status = query_code(cx, rq, "status", statuses, "volunteer_status");
	f.skill = query_code(cx, rq, "skill", vol_skills, "invalid");
	struct volunteer *items;
	size_t n;
	int64_t next;
	if (cx->err.code || volunteers_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, v_json(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

/* How many of each approval and status in scope (the unit's, when given). */
static int counts(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct volunteer_filter f = {0};
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	if (cx->err.code)
		return -1;
	json_t *o = json_object();
	static const char *const keys[][2] = {{"pending", NULL}, {"rejected", NULL},
		{"approved", "active"}, {"approved", "paused"}, {"approved", "left"}};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		f.approval = keys[i][0];
		f.status = keys[i][1];
		int64_t c;
		if (volunteers_count(cx, &f, &c) < 0) {
			json_decref(o);
			return -1;
		}
		json_object_set_new(o, keys[i][1] ? keys[i][1] : keys[i][0], json_integer(c));
	}
	resp_json(rs, 200, o);
	return 0;
}

static int answer(struct ctx *cx, struct resp *rs, int status, const struct volunteer *v)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/volunteers/%lld", (long long)v->id));
	resp_json(rs, status, volunteer_json(cx, v));
	return 0;
}

static int create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct volunteer v;
	if (volunteers_create(cx, rq->json, &v) < 0)
		return -1;
	return answer(cx, rs, 201, &v);
}

static int me(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct volunteer v;
	if (volunteers_me(cx, &v) < 0)
		return -1;
	return answer(cx, rs, 200, &v);
}

static int show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer v;
	if (id < 0 || volunteers_get(cx, id, &v) < 0)
		return -1;
	return answer(cx, rs, 200, &v);
}

static int update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer v;
	if (id < 0 || volunteers_update(cx, id, rq->json, &v) < 0)
		return -1;
	return answer(cx, rs, 200, &v);
}

static int approve(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer v;
	json_t *account = NULL;
	if (id < 0 || volunteers_approve(cx, id, rq->json, &v, &account) < 0)
		return -1;
	resp_json(rs, 200, json_pack("{s:o, s:o}", "volunteer", volunteer_json(cx, &v), "account",
				     account));
	return 0;
}

static int reject(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer v;
	if (id < 0 || volunteers_reject(cx, id, rq->json, &v) < 0)
		return -1;
	return answer(cx, rs, 200, &v);
}

static int reveal(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || volunteers_reveal(cx, id, rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

/* ---- the public form ---- */

static json_t *options_of(struct ctx *cx, const char *what, const char *const *codes)
{
	json_t *a = json_array();
	for (const char *const *c = codes; *c; c++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", *c, "name",
						   label_of(what, *c, cx->lang)));
	return a;
}

static int public_options(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	resp_header(rs, "Cache-Control", "public, max-age=300");
	resp_json(rs, 200, json_pack("{s:o, s:o}", "skills", options_of(cx, "skill", vol_skills),
				     "availability", options_of(cx, "availability", vol_availability)));
	return 0;
}

static int public_register(struct ctx *cx, struct req *rq, struct resp *rs)
{
	if (volunteers_register_public(cx, rq->json) < 0)
		return -1;
	resp_json(rs, 202, json_pack("{s:s}", "status", "received"));
	return 0;
}

/* ---- teams ---- */

static int teams_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0, vid = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	query_int(cx, rq, "volunteer_id", 1, INT64_MAX, &vid);
	bool all = query_flag(cx, rq, "all");
	struct volunteer_team *items;
	size_t n;
	if (cx->err.code || volunteer_teams_list(cx, unit, vid, all, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, volunteer_team_json);
	return 0;
}

static int team_answer(struct ctx *cx, struct resp *rs, int status, const struct volunteer_team *t)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/volunteer-teams/%lld", (long long)t->id));
	resp_json(rs, status, volunteer_team_json(t));
	return 0;
}

static int team_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct volunteer_team t;
	if (volunteer_team_create(cx, rq->json, &t) < 0)
		return -1;
	return team_answer(cx, rs, 201, &t);
}

static int team_show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer_team t;
	if (id < 0 || volunteer_team_get(cx, id, &t) < 0)
		return -1;
	return team_answer(cx, rs, 200, &t);
}

static int team_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct volunteer_team t;
	if (id < 0 || volunteer_team_update(cx, id, rq->json, &t) < 0)
		return -1;
	return team_answer(cx, rs, 200, &t);
}

static int members(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	bool all = query_flag(cx, rq, "all");
	json_t *out;
	if (id < 0 || cx->err.code || volunteer_team_members(cx, id, all, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	return 0;
}

static int member_add(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || volunteer_team_add(cx, id, rq->json, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	rs->status = 201;
	return 0;
}

static int member_end(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), vid = req_param_id(cx, rq, 1);
	if (id < 0 || vid < 0 || volunteer_team_end(cx, id, vid, rq->json) < 0)
		return -1;
	json_t *out;
	if (volunteer_team_members(cx, id, false, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	return 0;
}

/* ---- training ---- */

static int json_answer(struct resp *rs, int status, json_t *out)
{
	resp_json(rs, status, out);
	return 0;
}

static int courses(struct ctx *cx, struct req *rq, struct resp *rs)
{
	bool all = query_flag(cx, rq, "all");
	json_t *out;
	if (cx->err.code || trainings_courses_list(cx, all, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	return 0;
}

static int course_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (trainings_course_create(cx, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 201, out);
}

static int course_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_course_update(cx, id, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 200, out);
}

static int sessions(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct training_session_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "course_id", 1, INT64_MAX, &f.course_id);
	query_date(cx, rq, "from", &f.from);
	query_date(cx, rq, "to", &f.to);
	json_t *items;
	int64_t next;
	if (cx->err.code || trainings_sessions_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int session_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (trainings_session_create(cx, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 201, out);
}

static int session_show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_session_get(cx, id, &out) < 0)
		return -1;
	return json_answer(rs, 200, out);
}

static int session_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_session_update(cx, id, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 200, out);
}

static int attendance(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_attendance(cx, id, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	return 0;
}

static int attend(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_attend(cx, id, rq->json, &out) < 0)
		return -1;
	resp_list(rs, out, 0);
	return 0;
}

static int qualifications(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const states[] = {"valid", "expired", "revoked", NULL};
	struct qualification_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "volunteer_id", 1, INT64_MAX, &f.volunteer_id);
	query_int(cx, rq, "course_id", 1, INT64_MAX, &f.course_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_date(cx, rq, "on", &f.on);
	f.state = query_code(cx, rq, "state", states, "training_state");
	json_t *items;
	int64_t next;
	if (cx->err.code || trainings_qualifications_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int qualification_grant(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (trainings_qualification_grant(cx, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 201, out);
}

static int qualification_revoke(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || trainings_qualification_revoke(cx, id, rq->json, &out) < 0)
		return -1;
	return json_answer(rs, 200, out);
}

static const struct route routes[] = {
	{"GET", "/api/v1/volunteers", index_, 0},
	{"POST", "/api/v1/volunteers", create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/volunteers/me", me, 0},
	{"GET", "/api/v1/volunteers/counts", counts, 0},
	{"GET", "/api/v1/volunteers/{id}", show, 0},
	{"PATCH", "/api/v1/volunteers/{id}", update, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/volunteers/{id}/approve", approve, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/volunteers/{id}/reject", reject, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/volunteers/{id}/reveal", reveal, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/volunteer-teams", teams_index, 0},
	{"POST", "/api/v1/volunteer-teams", team_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/volunteer-teams/{id}", team_show, 0},
	{"PATCH", "/api/v1/volunteer-teams/{id}", team_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/volunteer-teams/{id}/members", members, 0},
	{"POST", "/api/v1/volunteer-teams/{id}/members", member_add, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/volunteer-teams/{id}/members/{volunteer_id}/end", member_end, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/trainings/courses", courses, 0},
	{"POST", "/api/v1/trainings/courses", course_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/trainings/courses/{id}", course_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/trainings/sessions", sessions, 0},
	{"POST", "/api/v1/trainings/sessions", session_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/trainings/sessions/{id}", session_show, 0},
	{"PATCH", "/api/v1/trainings/sessions/{id}", session_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/trainings/sessions/{id}/attendance", attendance, 0},
	{"POST", "/api/v1/trainings/sessions/{id}/attendance", attend, 0},
	{"GET", "/api/v1/trainings/qualifications", qualifications, 0},
	{"POST", "/api/v1/trainings/qualifications", qualification_grant, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/trainings/qualifications/{id}/revoke", qualification_revoke, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/public/volunteers", public_options, ROUTE_PUBLIC},
	{"POST", "/api/v1/public/volunteers", public_register, ROUTE_PUBLIC | ROUTE_SMALL_BODY},
};

void volunteers_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
