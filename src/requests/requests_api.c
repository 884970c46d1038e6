/* HTTP <-> struct for requests, their actions, and the public intake and follow-up. */
#include <string.h>

#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/table.h"
#include "access/access.h"
#include "access/audit.h"
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
	query_int(cx, rq, "origin_unit_id", 1, INT64_MAX, &f.origin_unit_id);
	query_int(cx, rq, "category_id", 1, INT64_MAX, &f.category_id);
	query_time(cx, rq, "received_from", &f.received_from);
	query_time(cx, rq, "received_to", &f.received_to);
	query_str(cx, rq, "fact", 24, &f.fact);
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

static int register_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	const char *format = "json";
	query_str(cx, rq, "format", 8, &format);
	int tf = strcmp(format, "json") == 0 ? 0 : (int)table_format_parse(format);
	if (!tf && strcmp(format, "json") != 0)
		err_field(&cx->err, "format", "request_register_format", 0);
	if (cx->err.code)
		return -1;
	if (!tf) {
		json_t *out;
		if (requests_register(cx, unit, &out) < 0)
			return -1;
		resp_json(rs, 200, out);
		return 0;
	}
	const char *data;
	size_t len;
	if (requests_register_sheet(cx, unit, tf, &data, &len) < 0)
		return -1;
	char day[16];
	clock_date(cx->now, day, sizeof day);
	rs->status = 200;
	rs->content_type = table_content_type((enum table_format)tf);
	rs->body = data;
	rs->len = len;
	resp_header(rs, "Content-Disposition", arena_printf(cx->a, "attachment; filename=\"register-%s.%s\"",
		day, table_extension((enum table_format)tf)));
	return 0;
}

static int backlog(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	json_t *out;
	if (cx->err.code || requests_backlog(cx, unit, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int load(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	if (query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit) == 0)
		err_field(&cx->err, "unit_id", "required", 0);
	json_t *out;
	if (cx->err.code || requests_load(cx, unit, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

/* A figure's value as the sheet shows it: a percentage, or hours. */
static const char *cell(struct ctx *cx, json_t *fig, const char *name, bool pct)
{
	json_t *v = json_object_get(json_object_get(fig, name), pct ? "value" : "mean");
	if (!pct && !v)
		v = json_object_get(fig, name);
	if (!json_is_number(v))
		return "";
	return pct ? arena_printf(cx->a, "%.1f%%", json_number_value(v) * 100.0)
		   : arena_printf(cx->a, "%.1f", json_number_value(v));
}

static int indicators(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	const char *from = NULL, *to = NULL, *by = "all", *format = "json";
	query_str(cx, rq, "from", 7, &from);
	query_str(cx, rq, "to", 7, &to);
	query_str(cx, rq, "by", 16, &by);
	query_str(cx, rq, "format", 8, &format);
	int tf = strcmp(format, "json") == 0 ? 0 : (int)table_format_parse(format);
	if (!tf && strcmp(format, "json") != 0)
		err_field(&cx->err, "format", "request_register_format", 0);
	json_t *out;
	if (cx->err.code || requests_indicators(cx, unit, from, to, by, &out) < 0)
		return -1;
	if (!tf) {
		resp_json(rs, 200, out);
		return 0;
	}
	static const char *const zh[] = {"分组", "收到", "受理", "结案", "响应率", "结案率",
		"按期结案率", "返工率", "延期率", "退单率", "满意率", "平均办理工作小时",
		"第90百分位工作小时"};
	static const char *const en[] = {"Group", "Received", "Accepted", "Closed", "Response rate",
		"Closure rate", "On-time rate", "Rework rate", "Extension rate", "Return rate",
		"Satisfaction", "Mean working hours", "90th percentile working hours"};
	enum { NC = sizeof zh / sizeof zh[0] };
	struct table *t = table_new(cx->a, (enum table_format)tf, cx->lang == LANG_EN ? "Indicators" : "指标",
				    cx->lang == LANG_EN ? en : zh, NC);
	if (!t) {
		json_decref(out);
		return err_setf(&cx->err, ERR_INTERNAL, "the indicators' sheet");
	}
	json_t *groups = json_object_get(out, "groups");
	size_t ng = json_array_size(groups);
	for (size_t i = 0; i <= ng; i++) {
		json_t *g = i < ng ? json_array_get(groups, i) : json_object_get(out, "total");
		json_t *h = json_object_get(g, "handling_hours");
		const char *p90 = json_is_number(json_object_get(h, "p90"))
			? arena_printf(cx->a, "%.1f", json_number_value(json_object_get(h, "p90"))) : "";
		const char *cells[NC] = {
			i < ng ? json_string_value(json_object_get(g, "label")) : (cx->lang == LANG_EN ? "Total" : "合计"),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(g, "received"))),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(g, "accepted"))),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(g, "closed"))),
			cell(cx, g, "response_rate", true), cell(cx, g, "closure_rate", true),
			cell(cx, g, "on_time_rate", true), cell(cx, g, "rework_rate", true),
			cell(cx, g, "extension_rate", true), cell(cx, g, "return_rate", true),
			cell(cx, g, "satisfaction_rate", true), cell(cx, g, "handling_hours", false), p90,
		};
		table_row(t, cells);
	}
	json_decref(out);
	const char *data;
	size_t len;
	if (table_finish(t, &data, &len) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "the indicators' sheet");
	rs->status = 200;
	rs->content_type = table_content_type((enum table_format)tf);
	rs->body = data;
	rs->len = len;
	resp_header(rs, "Content-Disposition", arena_printf(cx->a,
		"attachment; filename=\"indicators-%s.%s\"", by, table_extension((enum table_format)tf)));
	return 0;
}

static int recount(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0 || ctx_begin(cx) < 0)
		return -1;
	if (requests_stats_rebuild(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (audit_record(cx, "request.recount", "request", 0, NULL, NULL) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (ctx_commit(cx) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static int duplicates(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || requests_duplicates(cx, id, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int rules_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t cat = 0;
	query_int(cx, rq, "category_id", 1, INT64_MAX, &cat);
	const char *all = req_query(rq, "all");
	struct dispatch_rule *items;
	size_t n;
	if (cx->err.code || dispatch_rules_list(cx, cat, !(all && strcmp(all, "true") == 0), &items, &n) < 0)
		return -1;
	json_t *a = json_array();
	int today = date_of_time(cx->now);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, dispatch_rule_json(&items[i], today));
	resp_list(rs, a, 0);
	return 0;
}

static int rule_answer(struct ctx *cx, struct resp *rs, int status, const struct dispatch_rule *d)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/dispatch-rules/%lld", (long long)d->id));
	resp_json(rs, status, dispatch_rule_json(d, date_of_time(cx->now)));
	return 0;
}

static int rule_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct dispatch_rule d;
	if (dispatch_rule_create(cx, rq->json, &d) < 0)
		return -1;
	return rule_answer(cx, rs, 201, &d);
}

static int rule_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct dispatch_rule d;
	if (id < 0 || dispatch_rule_update(cx, id, rq->json, &d) < 0)
		return -1;
	return rule_answer(cx, rs, 200, &d);
}

static const char *base(struct ctx *cx, struct req *rq)
{
	return requests_base_url(cx, req_header(rq, "Host"), http_cookie_secure());
}

static int rating_link(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || requests_rating_link(cx, id, base(cx, rq), &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 201, out);
	return 0;
}

static int reveal(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || requests_reveal(cx, id, rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int rating_view(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (requests_rating_view(cx, rq->params[0], &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 200, out);
	return 0;
}

static int rate_public(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (requests_rate_public(cx, rq->params[0], rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int hall_rate(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (requests_hall_rate(cx, rq->json, &out) < 0)
		return -1;
	resp_json(rs, 201, out);
	return 0;
}

static int hall_info(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || requests_hall_info(cx, id, &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "public, max-age=300");
	resp_json(rs, 200, out);
	return 0;
}

static int hall_summary(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0, from = 0, to = 0;
	if (query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit) == 0)
		err_field(&cx->err, "unit_id", "required", 0);
	query_time(cx, rq, "from", &from);
	query_time(cx, rq, "to", &to);
	json_t *out;
	if (cx->err.code || requests_hall_summary(cx, unit, from, to, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int hall_qr(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	if (query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit) == 0)
		err_field(&cx->err, "unit_id", "required", 0);
	const char *format = "svg";
	query_str(cx, rq, "format", 8, &format);
	bool png = strcmp(format, "png") == 0;
	if (!png && strcmp(format, "svg") != 0)
		err_field(&cx->err, "format", "rating_qr_format", 0);
	const char *body;
	size_t len;
	if (cx->err.code || requests_hall_qr(cx, unit, base(cx, rq), png, &body, &len) < 0)
		return -1;
	rs->status = 200;
	rs->content_type = png ? "image/png" : "image/svg+xml";
	rs->body = body;
	rs->len = len;
	resp_header(rs, "Content-Disposition", arena_printf(cx->a,
		"inline; filename=\"hall-%lld.%s\"", (long long)unit, png ? "png" : "svg"));
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/requests", index_, 0},
	{"POST", "/api/v1/requests", create, 0},
	{"GET", "/api/v1/requests/machine", machine, 0},
	{"GET", "/api/v1/requests/register", register_, 0},
	{"GET", "/api/v1/requests/backlog", backlog, 0},
	{"GET", "/api/v1/requests/load", load, 0},
	{"GET", "/api/v1/requests/{id}", get, 0},
	{"GET", "/api/v1/requests/{id}/timeline", timeline, 0},
	{"GET", "/api/v1/requests/{id}/duplicates", duplicates, 0},
	{"POST", "/api/v1/requests/{id}/rating-link", rating_link, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/requests/{id}/reveal", reveal, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/requests/{id}/{action}", act, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/hall-ratings/summary", hall_summary, 0},
	{"GET", "/api/v1/indicators", indicators, 0},
	{"GET", "/api/v1/dispatch-rules", rules_index, 0},
	{"POST", "/api/v1/dispatch-rules", rule_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/dispatch-rules/{id}", rule_update, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/indicators/recount", recount, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/hall-ratings/qr", hall_qr, 0},
	{"GET", "/api/v1/public/ratings/{token}", rating_view, ROUTE_PUBLIC},
	{"POST", "/api/v1/public/requests/{receipt}/rating", rate_public, ROUTE_PUBLIC | ROUTE_SMALL_BODY},
	{"POST", "/api/v1/public/hall-ratings", hall_rate, ROUTE_PUBLIC | ROUTE_SMALL_BODY},
	{"GET", "/api/v1/public/halls/{id}", hall_info, ROUTE_PUBLIC},
	{"POST", "/api/v1/public/requests", submit, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/requests/{receipt}", follow, ROUTE_PUBLIC},
};

void requests_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
