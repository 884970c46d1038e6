/* HTTP <-> struct for a user's own notices. */
#include <string.h>

#include "http/http.h"
#include "notices/notices.h"

static int index_(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor;
	query_paging(cx, rq, &limit, &cursor);
	const char *u = req_query(rq, "unread");
	struct notice *items;
	size_t n;
	int64_t next;
	if (cx->err.code || notices_list(cx, u && strcmp(u, "true") == 0, limit, cursor, &items, &n,
					 &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, notice_json(&items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int count(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	int64_t n = notices_unread(cx);
	if (n < 0)
		return -1;
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, 200, json_pack("{s:I}", "unread", (json_int_t)n));
	return 0;
}

static int read_one(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	if (id < 0 || notices_read(cx, id) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static int read_all(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	int64_t n = notices_read_all(cx);
	if (n < 0)
		return -1;
	resp_json(rs, 200, json_pack("{s:I}", "read", (json_int_t)n));
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/notices", index_, 0},
	{"GET", "/api/v1/notices/count", count, 0},
	{"POST", "/api/v1/notices/read", read_all, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/notices/{id}/read", read_one, ROUTE_SMALL_BODY},
};

void notices_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
