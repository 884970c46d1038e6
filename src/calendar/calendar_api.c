/* HTTP <-> struct for the working-day calendar. */
#include <string.h>
#include <strings.h>

#include "access/access.h"
#include "base/date.h"
#include "calendar/calendar.h"
#include "calendar/limits.h"
#include "http/http.h"

static int year(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t y = 0;
	if (query_int(cx, rq, "year", 1, 9999, &y) == 0)
		y = date_of_time(cx->now) / 10000;
	json_t *out;
	if (cx->err.code || calendar_year(cx, (int)y, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int day_set(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (calendar_day_set(cx, rq->params[0], rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int day_clear(struct ctx *cx, struct req *rq, struct resp *rs)
{
	if (calendar_day_clear(cx, rq->params[0]) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static int hours_set(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *out;
	if (calendar_hours_set(cx, rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static bool type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 && (!ct[n] || ct[n] == ';' || ct[n] == ' ');
}

/* A year's file (text/csv): the year as GET gives it with the counts, or 422 with the rows'
 * errors beside the error. */
static int import(struct ctx *cx, struct req *rq, struct resp *rs)
{
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	int64_t y = 0;
	if (query_int(cx, rq, "year", 1, 9999, &y) == 0)
		err_field(&cx->err, "year", "required", 0);
	if (cx->err.code)
		return -1;
	const char *ct = req_header(rq, "Content-Type");
	if (rq->body_len && !type_is(ct, "text/csv") && !type_is(ct, "application/csv") &&
	    !type_is(ct, "text/plain"))
		return err_setf(&cx->err, ERR_MEDIA_TYPE, "a calendar file is text/csv");
	json_t *out = NULL;
	if (calendar_import(cx, (int)y, rq->body, rq->body_len, &out) < 0) {
		if (!out)
			return -1;
		resp_error(cx, rs);
		json_object_set_new(rs->json, "import", out);
		return 0;
	}
	resp_json(rs, 200, out);
	return 0;
}

static int due(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const struct limit *ld = &calendar_limits[L_CALENDAR_DAYS], *lh = &calendar_limits[L_CALENDAR_HOURS];
	int64_t from = cx->now, days = 0, hours = 0;
	query_time(cx, rq, "from", &from);
	int hd = query_int(cx, rq, "working_days", ld->min, ld->max, &days);
	int hh = query_int(cx, rq, "working_hours", lh->min, lh->max, &hours);
	if (!cx->err.code && (hd > 0) == (hh > 0))
		err_field(&cx->err, "working_days", "calendar_due_one", 0);
	json_t *out;
	if (cx->err.code || calendar_due(cx, from, days, hours, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/calendar", year, 0},
	{"GET", "/api/v1/calendar/due", due, 0},
	{"PUT", "/api/v1/calendar/days/{date}", day_set, 0},
	{"DELETE", "/api/v1/calendar/days/{date}", day_clear, 0},
	{"PUT", "/api/v1/calendar/hours", hours_set, 0},
	/* a file, not JSON: up to CALENDAR_IMPORT_MAX (413 beyond), judged by calendar_import */
	{"POST", "/api/v1/calendar/import", import, ROUTE_BIG_BODY},
};

void calendar_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
