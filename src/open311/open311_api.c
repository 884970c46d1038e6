/* HTTP <-> struct for the Open311 attributes kept by administrators and staff; the GeoReport
 * routes themselves are georeport.c's. */
#include "http/http.h"
#include "open311/internal.h"

extern const struct route o311_georeport_routes[];
extern const size_t o311_georeport_nroutes;

static int attributes_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t item_id = 0;
	if (query_int(cx, rq, "item_id", 1, INT64_MAX, &item_id) == 0)
		err_field(&cx->err, "item_id", "open311_item", 0);
	struct open311_attribute *items;
	size_t n;
	if (cx->err.code || open311_attributes_list(cx, item_id, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, open311_attribute_json);
	return 0;
}

static int attribute_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct open311_attribute a;
	if (open311_attribute_create(cx, rq->json, &a) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/open311/attributes/%lld",
						 (long long)a.id));
	resp_json(rs, 201, open311_attribute_json(&a));
	return 0;
}

static int attribute_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct open311_attribute a;
	if (id < 0 || open311_attribute_update(cx, id, rq->json, &a) < 0)
		return -1;
	resp_json(rs, 200, open311_attribute_json(&a));
	return 0;
}

static int attribute_delete(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), version = 0;
	if (id < 0)
		return -1;
	if (query_int(cx, rq, "version", 1, INT64_MAX, &version) == 0)
		err_field(&cx->err, "version", "open311_version_needed", 0);
	if (cx->err.code || open311_attribute_delete(cx, id, version) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/open311/attributes", attributes_index, 0},
	{"POST", "/api/v1/open311/attributes", attribute_create, 0},
	{"PATCH", "/api/v1/open311/attributes/{id}", attribute_update, 0},
	{"DELETE", "/api/v1/open311/attributes/{id}", attribute_delete, 0},
};

void open311_api_register(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
	http_routes(o311_georeport_routes, o311_georeport_nroutes);
}
