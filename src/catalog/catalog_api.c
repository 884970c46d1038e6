/* HTTP <-> struct for the service catalog and its public handbook. */
#include <string.h>

#include "catalog/catalog.h"
#include "http/http.h"

/* true|false → 1|0, "any" → -1, absent → dflt */
static int query_tri(struct ctx *cx, struct req *rq, const char *name, int dflt)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 8, &v) <= 0)
		return dflt;
	if (strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "any") == 0)
		return -1;
	err_field(&cx->err, name, "catalog_flag", 0);
	return dflt;
}

static int categories_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int all = query_tri(cx, rq, "include_retired", 0);
	struct catalog_category *items;
	size_t n;
	if (cx->err.code || catalog_categories_list(cx, all == 1, &items, &n) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, catalog_category_json(&items[i]));
	resp_list(rs, a, 0);
	return 0;
}

static int category_answer(struct ctx *cx, struct resp *rs, int status,
			   const struct catalog_category *c)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/catalog/categories/%lld",
							 (long long)c->id));
	resp_json(rs, status, catalog_category_json(c));
	return 0;
}

static int category_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct catalog_category c;
	if (catalog_category_create(cx, rq->json, &c) < 0)
		return -1;
	return category_answer(cx, rs, 201, &c);
}

static int category_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct catalog_category c;
	if (id < 0 || catalog_category_update(cx, id, rq->json, &c) < 0)
		return -1;
	return category_answer(cx, rs, 200, &c);
}

static int items_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct catalog_item_filter f = {.active = 1, .public_ = -1};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "category_id", 1, INT64_MAX, &f.category_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_str(cx, rq, "q", 64, &f.q);
	f.active = query_tri(cx, rq, "active", 1);
	f.public_ = query_tri(cx, rq, "public", -1);
	struct catalog_item *items;
	size_t n;
	int64_t next;
	if (cx->err.code || catalog_items_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, catalog_item_json(cx, &items[i]));
	resp_list(rs, a, next);
	return 0;
}

static int item_answer(struct ctx *cx, struct resp *rs, int status, const struct catalog_item *it)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/catalog/items/%lld",
							 (long long)it->id));
	resp_json(rs, status, catalog_item_json(cx, it));
	return 0;
}

static int item_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct catalog_item it;
	if (catalog_item_create(cx, rq->json, &it) < 0)
		return -1;
	return item_answer(cx, rs, 201, &it);
}

static int item_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct catalog_item it;
	if (id < 0 || catalog_item_get(cx, id, &it) < 0)
		return -1;
	return item_answer(cx, rs, 200, &it);
}

static int item_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct catalog_item it;
	if (id < 0 || catalog_item_update(cx, id, rq->json, &it) < 0)
		return -1;
	return item_answer(cx, rs, 200, &it);
}

/* The handbook is public and changes seldom: a client may keep it a few minutes. */
static int handbook(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	json_t *out;
	if (cx->err.code || catalog_handbook(cx, unit, &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "public, max-age=300");
	resp_json(rs, 200, out);
	return 0;
}

static int public_units(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *out;
	if (catalog_public_units(cx, &out) < 0)
		return -1;
	resp_header(rs, "Cache-Control", "public, max-age=300");
	resp_json(rs, 200, out);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/catalog/categories", categories_index, 0},
	{"POST", "/api/v1/catalog/categories", category_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/catalog/categories/{id}", category_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/catalog/items", items_index, 0},
	{"POST", "/api/v1/catalog/items", item_create, 0},
	{"GET", "/api/v1/catalog/items/{id}", item_get, 0},
	{"PATCH", "/api/v1/catalog/items/{id}", item_update, 0},
	{"GET", "/api/v1/public/catalog", handbook, ROUTE_PUBLIC},
	{"GET", "/api/v1/public/units", public_units, ROUTE_PUBLIC},
};

void catalog_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
