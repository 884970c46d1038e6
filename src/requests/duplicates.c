/* Possible duplicates (并单 candidates): the open requests of the same category within 100 m
 * and 7 days of a request, or from the same household, that the caller sees, offered to the
 * one who takes or dispatches it; merging stays their decision. */
#include <math.h>
#include <string.h>

#include "requests/internal.h"

#define NEAR_METRES 100.0
#define NEAR_DAYS 7

static double metres(double lon1, double lat1, double lon2, double lat2)
{
	const double r = 6371008.8, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

int requests_duplicates(struct ctx *cx, int64_t id, json_t **out)
{
	struct request r;
	if (requests_get(cx, id, &r) < 0)
		return -1;
	/* a box around the point (100 m is 0.0009° of latitude), then the distance itself */
	double dlat = NEAR_METRES / 111000.0, dlon = r.has_location ? dlat / cos(r.lat * M_PI / 180.0) : 0;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RQ_COLS " FROM " RQ_FROM " WHERE r.id <> ? AND r.state NOT IN ('rejected',"
		" 'closed', 'merged') AND r.received_at >= ? AND r.received_at <= ? AND ((? = 1 AND"
		" ci.category_id = ? AND r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?) OR (? > 0 AND"
		" r.household_id = ?)) ORDER BY r.id DESC LIMIT 50");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	store_bind_int64(st, k++, r.id);
	store_bind_int64(st, k++, r.received_at - NEAR_DAYS * 86400);
	store_bind_int64(st, k++, r.received_at + NEAR_DAYS * 86400);
	store_bind_int64(st, k++, r.has_location && r.category_id);
	store_bind_int64(st, k++, r.category_id);
	store_bind_double(st, k++, r.lat - dlat);
	store_bind_double(st, k++, r.lat + dlat);
	store_bind_double(st, k++, r.lon - dlon);
	store_bind_double(st, k++, r.lon + dlon);
	store_bind_int64(st, k++, r.household_id);
	store_bind_int64(st, k++, r.household_id);
	struct request *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 50, rq_read, &items, &n) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct request *d = &items[i];
		if (!rq_visible(cx, d))
			continue;
		bool same_household = r.household_id && d->household_id == r.household_id;
		double m = r.has_location && d->has_location ? metres(r.lon, r.lat, d->lon, d->lat) : -1;
		if (!same_household && (m < 0 || m > NEAR_METRES))
			continue;
		json_t *o = request_json(cx, d);
		json_object_set_new(o, "why", json_string(same_household ? "household" : "nearby"));
		json_object_set_new(o, "metres", m >= 0 ? json_integer((json_int_t)lround(m)) : json_null());
		json_array_append_new(a, o);
	}
	*out = json_pack("{s:o, s:o}", "items", a, "next_cursor", json_null());
	return 0;
}
