/* HTTP <-> struct for the outbox: destinations with their rules, deliveries. */
#include <string.h>

#include "http/http.h"
#include "notify/internal.h"

static json_t *dest_json(const void *d) { return notify_destination_json(d); }

static int destinations_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit_id = 0, internal = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit_id);
	query_int(cx, rq, "internal", 0, 1, &internal);
	struct notify_destination *items;
	size_t n;
	if (cx->err.code || notify_destinations_list(cx, unit_id, internal, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, dest_json);
	return 0;
}

static int destination_show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct notify_destination d;
	if (id < 0 || notify_destination_get(cx, id, false, &d) < 0)
		return -1;
	resp_json(rs, 200, notify_destination_json(&d));
	return 0;
}

static int destination_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct notify_destination d;
	if (notify_destination_create(cx, rq->json, &d) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/notify/destinations/%lld",
						 (long long)d.id));
	resp_json(rs, 201, notify_destination_json(&d));
	return 0;
}

static int destination_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct notify_destination d;
	if (id < 0 || notify_destination_update(cx, id, rq->json, &d) < 0)
		return -1;
	resp_json(rs, 200, notify_destination_json(&d));
	return 0;
}

static int destination_delete(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), version = 0;
	if (id < 0)
		return -1;
	if (query_int(cx, rq, "version", 1, INT64_MAX, &version) == 0)
		err_field(&cx->err, "version", "required", 0);
	if (cx->err.code || notify_destination_delete(cx, id, version) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static int destination_test(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), delivery = 0;
	json_t *out;
	if (id < 0 || notify_destination_test(cx, id, &delivery) < 0 ||
	    notify_delivery_get(cx, delivery, &out) < 0)
		return -1;
	resp_json(rs, 202, out);
	return 0;
}

static int destination_digest(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), count = 0;
	if (id < 0 || notify_destination_digest(cx, id, &count) < 0)
		return -1;
	resp_json(rs, 202, json_pack("{s:I}", "events", (json_int_t)count));
	return 0;
}

static json_t *dlv_json(const void *v) { return notify_delivery_json(v); }

static int deliveries_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const states[] = {"pending", "sending", "done", "dead", "held",
		"digested", NULL};
	struct delivery_filter f = {0};
	int limit;
	int64_t cursor;
	query_int(cx, rq, "destination_id", 1, INT64_MAX, &f.destination_id);
	query_int(cx, rq, "entity_id", 1, INT64_MAX, &f.entity_id);
	query_str(cx, rq, "entity", 64, &f.entity);
	if (query_str(cx, rq, "state", 16, &f.state) > 0) {
		bool known = false;
		for (int i = 0; states[i]; i++)
			known |= !strcmp(states[i], f.state);
		if (!known)
			err_field(&cx->err, "state", "notify_state", 0);
	}
	query_paging(cx, rq, &limit, &cursor);
	struct notify_delivery *items;
	size_t n;
	int64_t next;
	if (cx->err.code || notify_deliveries_list(cx, &f, limit, cursor, &items, &n, &next) < 0)
		return -1;
	RESP_LIST(rs, items, n, next, dlv_json);
	return 0;
}

static int deliveries_counts(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *out;
	if (notify_delivery_counts(cx, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int delivery_show(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || notify_delivery_get(cx, id, &out) < 0)
		return -1;
	resp_json(rs, 200, out);
	return 0;
}

static int delivery_replay(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || notify_delivery_replay(cx, id, &out) < 0)
		return -1;
	resp_json(rs, 202, out);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/notify/destinations", destinations_index, 0},
	{"POST", "/api/v1/notify/destinations", destination_create, 0},
	{"GET", "/api/v1/notify/destinations/{id}", destination_show, 0},
	{"PATCH", "/api/v1/notify/destinations/{id}", destination_update, 0},
	{"DELETE", "/api/v1/notify/destinations/{id}", destination_delete, 0},
	{"POST", "/api/v1/notify/destinations/{id}/test", destination_test, 0},
	{"POST", "/api/v1/notify/destinations/{id}/digest", destination_digest, 0},
	{"GET", "/api/v1/notify/deliveries", deliveries_index, 0},
	{"GET", "/api/v1/notify/deliveries/counts", deliveries_counts, 0},
	{"GET", "/api/v1/notify/deliveries/{id}", delivery_show, 0},
	{"POST", "/api/v1/notify/deliveries/{id}/replay", delivery_replay, 0},
};

void notify_api_register(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
}
