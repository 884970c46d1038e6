/* HTTP <-> struct for org units, places and the point look-up. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "http/http.h"
#include "org/limits.h"
#include "org/org.h"

/* include_closed=true|false (default false) */
static bool include_closed(struct ctx *cx, struct req *rq)
{
	const char *v = NULL;
	if (query_str(cx, rq, "include_closed", 8, &v) <= 0)
		return false;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return true;
	if (strcmp(v, "false") != 0 && strcmp(v, "0") != 0)
		err_field(&cx->err, "include_closed", "invalid", 0);
	return false;
}

static int list(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct org_unit_filter f = {0};
	f.include_closed = include_closed(cx, rq);
	query_int(cx, rq, "parent_id", 1, INT64_MAX, &f.parent_id);
	if (query_str(cx, rq, "kind", 16, &f.kind) > 0 && !org_kind_valid(f.kind) &&
	    strcmp(f.kind, "building") != 0)
		err_field(&cx->err, "kind", "invalid", 0);
	if (cx->err.code)
		return -1;
	struct org_unit *items;
	size_t n;
	if (org_units_list(cx, &f, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, org_unit_json);
	return 0;
}

/* A unit, with its area as stored: the canonical GeoJSON text goes out as it is, so that its
 * numbers keep their shortest form (104.01, never 104.01000000000001). */
static int answer(struct ctx *cx, struct resp *rs, int status, const struct org_unit *u)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/units/%lld", (long long)u->id));
	json_t *j = org_unit_json(u);
	size_t len;
	char *text = json_to_arena(cx->a, j, &len);
	json_decref(j);
	if (u->geometry && len > 1) {
		text[len - 1] = 0;   /* the closing brace */
		text = arena_printf(cx->a, "%s,\"geometry\":%s}", text, u->geometry);
		len = strlen(text);
	}
	resp_raw_json(rs, status, text, len);
	return 0;
}

static int create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"code", "name", "kind", "parent_id", "geometry", NULL};
	struct err *e = &cx->err;
	struct org_unit_in in = {0};
	json_only_fields(rq->json, allowed, e);
	jf_str(rq->json, "code", JF_REQUIRED, 1, (size_t)org_limits[L_UNIT_CODE].max, &in.code, e);
	jf_str(rq->json, "name", JF_REQUIRED, 0, 1000, &in.name, e);
	jf_str(rq->json, "kind", JF_REQUIRED, 1, 16, &in.kind, e);
	jf_int(rq->json, "parent_id", JF_NULLABLE, 1, INT64_MAX, &in.parent_id, e);
	in.geometry = json_object_get(rq->json, "geometry");
	struct org_unit u;
	if (e->code) {
		/* the permission first, then every field's verdict in one answer */
		struct err fields = *e;
		err_clear(e);
		if (access_require(cx, PERM_UNITS_WRITE, NULL) < 0)
			return -1;
		*e = fields;
		return -1;
	}
	if (org_unit_create(cx, &in, &u) < 0)
		return -1;
	return answer(cx, rs, 201, &u);
}

static int get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_unit u;
	if (id < 0 || org_unit_get(cx, id, &u) < 0)
		return -1;
	return answer(cx, rs, 200, &u);
}

static int update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_unit u;
	if (id < 0 || org_unit_update(cx, id, rq->json, &u) < 0)
		return -1;
	return answer(cx, rs, 200, &u);
}

static int move(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_unit u;
	if (id < 0 || org_unit_move(cx, id, rq->json, &u) < 0)
		return -1;
	return answer(cx, rs, 200, &u);
}

static int set_closed(struct ctx *cx, struct req *rq, struct resp *rs, bool close)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_unit u;
	if (id < 0 || org_unit_close(cx, id, rq->json, close, &u) < 0)
		return -1;
	return answer(cx, rs, 200, &u);
}

static int close_unit(struct ctx *cx, struct req *rq, struct resp *rs)
{
	return set_closed(cx, rq, rs, true);
}

static int reopen_unit(struct ctx *cx, struct req *rq, struct resp *rs)
{
	return set_closed(cx, rq, rs, false);
}

/* A coordinate in decimal degrees within [-max, max]. */
static int query_degrees(struct ctx *cx, struct req *rq, const char *name, double max, double *out)
{
	const char *v = NULL;
	int f = query_str(cx, rq, name, 32, &v);
	if (f == 0)
		return err_field(&cx->err, name, "required", 0);
	if (f < 0)
		return -1;
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || d < -max || d > max)
		return err_field(&cx->err, name, "invalid", 0);
	*out = d;
	return 1;
}

static int locate(struct ctx *cx, struct req *rq, struct resp *rs)
{
	double lat = 0, lon = 0;
	query_degrees(cx, rq, "lat", 90, &lat);
	query_degrees(cx, rq, "lon", 180, &lon);
	if (cx->err.code)
		return -1;
	struct org_unit u;
	int f = org_locate(cx, lon, lat, true, &u);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return answer(cx, rs, 200, &u);
}

static int places(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct org_place_filter f = {0};
	f.include_closed = include_closed(cx, rq);
	query_paging(cx, rq, &f.limit, &f.cursor);
	int has_unit = query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "parent_id", 1, INT64_MAX, &f.parent_id);
	if (has_unit == 0 && !f.parent_id)
		err_field(&cx->err, "unit_id", "required", 0);
	if (cx->err.code)
		return -1;
	struct org_place *items;
	size_t n;
	int64_t next;
	if (org_places_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	RESP_LIST(rs, items, n, next, org_place_json);
	return 0;
}

static int place_answer(struct ctx *cx, struct resp *rs, int status, const struct org_place *p)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/places/%lld", (long long)p->id));
	resp_json(rs, status, org_place_json(p));
	return 0;
}

static int place_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct org_place p;
	if (org_place_create(cx, rq->json, &p) < 0)
		return -1;
	return place_answer(cx, rs, 201, &p);
}

static int place_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_place p;
	if (id < 0 || org_place_get(cx, id, &p, NULL) < 0)
		return -1;
	return place_answer(cx, rs, 200, &p);
}

static int place_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_place p;
	if (id < 0 || org_place_update(cx, id, rq->json, &p) < 0)
		return -1;
	return place_answer(cx, rs, 200, &p);
}

static int place_closed(struct ctx *cx, struct req *rq, struct resp *rs, bool close)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_place p;
	if (id < 0 || org_place_close(cx, id, rq->json, close, &p) < 0)
		return -1;
	return place_answer(cx, rs, 200, &p);
}

static int close_place(struct ctx *cx, struct req *rq, struct resp *rs)
{
	return place_closed(cx, rq, rs, true);
}

static int reopen_place(struct ctx *cx, struct req *rq, struct resp *rs)
{
	return place_closed(cx, rq, rs, false);
}

static const struct route routes[] = {
	{"GET", "/api/v1/units", list, 0},
	{"POST", "/api/v1/units", create, 0},
	{"GET", "/api/v1/units/{id}", get, 0},
	{"PATCH", "/api/v1/units/{id}", update, 0},
	{"POST", "/api/v1/units/{id}/move", move, 0},
	{"POST", "/api/v1/units/{id}/close", close_unit, 0},
	{"POST", "/api/v1/units/{id}/reopen", reopen_unit, 0},
	{"GET", "/api/v1/org/locate", locate, 0},
	{"GET", "/api/v1/places", places, 0},
	{"POST", "/api/v1/places", place_create, 0},
	{"GET", "/api/v1/places/{id}", place_get, 0},
	{"PATCH", "/api/v1/places/{id}", place_update, 0},
	{"POST", "/api/v1/places/{id}/close", close_place, 0},
	{"POST", "/api/v1/places/{id}/reopen", reopen_place, 0},
};

void org_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
