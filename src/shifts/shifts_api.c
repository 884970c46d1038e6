/* HTTP <-> the shifts: activities, shifts, sign-ups, the check-in code, attendance and hours. */
#include <string.h>

#include "http/http.h"
#include "requests/requests.h"
#include "shifts/internal.h"

static int answer(struct resp *rs, int status, json_t *out)
{
	resp_json(rs, status, out);
	return 0;
}

/* The handlers of one call: the path's id and/or the body, the call, its answer. */
#define BY_ID(name, call, status)                                                          \
	static int name(struct ctx *cx, struct req *rq, struct resp *rs)                   \
	{                                                                                  \
		int64_t id = req_param_id(cx, rq, 0);                                      \
		json_t *out;                                                               \
		return id < 0 || call(cx, id, &out) < 0 ? -1 : answer(rs, status, out);     \
	}
#define WITH_BODY(name, call, status)                                                      \
	static int name(struct ctx *cx, struct req *rq, struct resp *rs)                   \
	{                                                                                  \
		int64_t id = req_param_id(cx, rq, 0);                                      \
		json_t *out;                                                               \
		return id < 0 || call(cx, id, rq->json, &out) < 0 ? -1 : answer(rs, status, out); \
	}
#define BODY_ONLY(name, call, status)                                                      \
	static int name(struct ctx *cx, struct req *rq, struct resp *rs)                   \
	{                                                                                  \
		json_t *out;                                                               \
		return call(cx, rq->json, &out) < 0 ? -1 : answer(rs, status, out);         \
	}

static bool query_all(struct ctx *cx, struct req *rq)
{
	const char *v = NULL;
	if (query_str(cx, rq, "all", 8, &v) <= 0)
		return false;
	if (strcmp(v, "true") == 0)
		return true;
	if (strcmp(v, "false") != 0)
		err_field(&cx->err, "all", "type_boolean", 0);
	return false;
}

static int activities(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	bool all = query_all(cx, rq);
	json_t *items;
	if (cx->err.code || sh_activities_list(cx, unit, all, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

BODY_ONLY(activity_create, sh_activity_create, 201)

BY_ID(activity_show, sh_activity_get, 200)

WITH_BODY(activity_update, sh_activity_update, 200)

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct shift_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "activity_id", 1, INT64_MAX, &f.activity_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_time(cx, rq, "from", &f.from);
	query_time(cx, rq, "to", &f.to);
	json_t *items;
	int64_t next;
	if (cx->err.code || sh_shifts_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

BODY_ONLY(create, sh_shift_create, 201)

BY_ID(show, sh_shift_show, 200)

WITH_BODY(update, sh_shift_update, 200)

BY_ID(roster, sh_roster, 200)

WITH_BODY(signup, sh_signup, 201)

WITH_BODY(cancel, sh_cancel, 200)

static int open_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *items;
	if (sh_open(cx, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

static int mine(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *items;
	if (sh_mine(cx, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

static int my_hours(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *out;
	return sh_my_hours(cx, &out) < 0 ? -1 : answer(rs, 200, out);
}

static int code(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	const char *base = requests_base_url(cx, req_header(rq, "Host"), http_cookie_secure());
	if (id < 0 || sh_code_show(cx, id, base, &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	return answer(rs, 200, out);
}

BODY_ONLY(checkin, sh_checkin, 200)

WITH_BODY(attendance, sh_attendance, 200)

static int hours(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct hours_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "shift_id", 1, INT64_MAX, &f.shift_id);
	query_int(cx, rq, "volunteer_id", 1, INT64_MAX, &f.volunteer_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_str(cx, rq, "state", 16, &f.state);
	json_t *items;
	int64_t next;
	if (cx->err.code || sh_hours_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

WITH_BODY(claim, sh_hours_claim, 201)

WITH_BODY(approve_shift, sh_hours_approve_shift, 200)

WITH_BODY(approve, sh_hours_approve, 200)

WITH_BODY(decline, sh_hours_decline, 200)

WITH_BODY(correct, sh_hours_correct, 201)

/* unit_id, from, to: the report's and the figures' */
static void range_query(struct ctx *cx, struct req *rq, int64_t *unit, const char **from, const char **to)
{
	query_int(cx, rq, "unit_id", 1, INT64_MAX, unit);
	query_str(cx, rq, "from", 7, from);
	query_str(cx, rq, "to", 7, to);
}

static int report(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	const char *from = NULL, *to = NULL, *format = "json";
	range_query(cx, rq, &unit, &from, &to);
	query_str(cx, rq, "format", 8, &format);
	int tf = strcmp(format, "json") == 0 ? 0 : (int)table_format_parse(format);
	if (!tf && strcmp(format, "json") != 0)
		err_field(&cx->err, "format", "shift_report_format", 0);
	json_t *out;
	if (cx->err.code || sh_report(cx, unit, from, to, &out) < 0)
		return -1;   /* a bad parameter: 422 naming it, as the indicators */
	if (!tf)
		return answer(rs, 200, out);
	const char *data;
	size_t len;
	int rc = sh_report_table(cx, out, (enum table_format)tf, &data, &len);
	const char *range = arena_printf(cx->a, "%s_%s", json_string_value(json_object_get(out, "from")),
					 json_string_value(json_object_get(out, "to")));
	int64_t uid = (int64_t)json_integer_value(json_object_get(json_object_get(out, "unit"), "id"));
	json_decref(out);
	if (rc < 0)
		return -1;
	rs->status = 200;
	rs->content_type = table_content_type((enum table_format)tf);
	rs->body = data;
	rs->len = len;
	resp_header(rs, "Content-Disposition", arena_printf(cx->a,
		"attachment; filename=\"hours-%lld-%s.%s\"", (long long)uid, range,
		table_extension((enum table_format)tf)));
	return 0;
}

static int figures(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	const char *from = NULL, *to = NULL;
	range_query(cx, rq, &unit, &from, &to);
	json_t *out;
	if (cx->err.code || sh_figures(cx, unit, from, to, &out) < 0)
		return -1;   /* a bad parameter: 422 naming it, as the indicators */
	return answer(rs, 200, out);
}

static const struct route routes[] = {
	{"GET", "/api/v1/shifts/activities", activities, 0},
	{"POST", "/api/v1/shifts/activities", activity_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/activities/{id}", activity_show, 0},
	{"PATCH", "/api/v1/shifts/activities/{id}", activity_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/open", open_, 0},
	{"GET", "/api/v1/shifts/me", mine, 0},
	{"GET", "/api/v1/shifts/me/hours", my_hours, 0},
	{"POST", "/api/v1/shifts/checkin", checkin, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/hours", hours, 0},
	{"GET", "/api/v1/shifts/report", report, 0},
	{"GET", "/api/v1/shifts/figures", figures, 0},
	{"POST", "/api/v1/shifts/hours/{id}/approve", approve, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/shifts/hours/{id}/decline", decline, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/shifts/hours/{id}/correct", correct, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/shifts/signups/{id}/cancel", cancel, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts", index_, 0},
	{"POST", "/api/v1/shifts", create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/{id}", show, 0},
	{"PATCH", "/api/v1/shifts/{id}", update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/{id}/roster", roster, 0},
	{"POST", "/api/v1/shifts/{id}/signups", signup, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/shifts/{id}/code", code, 0},
	{"POST", "/api/v1/shifts/{id}/attendance", attendance, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/shifts/{id}/hours", claim, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/shifts/{id}/hours/approve", approve_shift, ROUTE_SMALL_BODY},
};

void shifts_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
