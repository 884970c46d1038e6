#include "base/geo.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"

static int bad(struct geo_error *err, enum geo_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct geo_error *err, enum geo_err code, const char *fmt, ...)
{
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->path, sizeof err->path, fmt, ap);
	va_end(ap);
	return -1;
}

static void bbox_empty(struct geo_bbox *b)
{
	b->west = b->south = INFINITY;
	b->east = b->north = -INFINITY;
}

static void bbox_join(struct geo_bbox *b, const struct geo_bbox *o)
{
	b->west = fmin(b->west, o->west);
	b->south = fmin(b->south, o->south);
	b->east = fmax(b->east, o->east);
	b->north = fmax(b->north, o->north);
}

/* The parse of one polygon's rings: `base` is the path of its rings array. */
struct walk {
	struct arena *a;
	struct geo_error *err;
	uint32_t positions, rings;
};

static int parse_ring(struct walk *w, const json_t *jr, struct geo_ring *r, const char *base,
		      size_t ri)
{
	if (!json_is_array(jr))
		return bad(w->err, GEO_E_ARRAY, "%s/%zu", base, ri);
	size_t n = json_array_size(jr);
	if (n > GEO_MAX_POSITIONS - w->positions)
		return bad(w->err, GEO_E_POSITIONS, "%s/%zu", base, ri);
	if (n < 4)
		return bad(w->err, GEO_E_RING_SHORT, "%s/%zu", base, ri);
	double *xy = arena_alloc(w->a, sizeof *xy * 2 * n);
	struct geo_bbox bb;
	bbox_empty(&bb);
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(jr, i);
		if (!json_is_array(p))
			return bad(w->err, GEO_E_ARRAY, "%s/%zu/%zu", base, ri, i);
		size_t m = json_array_size(p);
		if (m < 2 || m > 3)
			return bad(w->err, GEO_E_POSITION, "%s/%zu/%zu", base, ri, i);
		for (size_t k = 0; k < m; k++) {
			const json_t *c = json_array_get(p, k);
			double d = json_number_value(c);
			if (!json_is_number(c) || !isfinite(d))
				return bad(w->err, GEO_E_NUMBER, "%s/%zu/%zu/%zu", base, ri, i, k);
			if (k == 0 && !(d >= -180.0 && d <= 180.0))
				return bad(w->err, GEO_E_LON, "%s/%zu/%zu/%zu", base, ri, i, k);
			if (k == 1 && !(d >= -90.0 && d <= 90.0))
				return bad(w->err, GEO_E_LAT, "%s/%zu/%zu/%zu", base, ri, i, k);
			if (k < 2)
				xy[2 * i + k] = d + 0.0;   /* -0 reads back as 0: store it so */
		}
		bb.west = fmin(bb.west, xy[2 * i]);
		bb.east = fmax(bb.east, xy[2 * i]);
		bb.south = fmin(bb.south, xy[2 * i + 1]);
		bb.north = fmax(bb.north, xy[2 * i + 1]);
	}
	if (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])
		return bad(w->err, GEO_E_RING_OPEN, "%s/%zu/%zu", base, ri, n - 1);
	w->positions += (uint32_t)n;
	r->n = (uint32_t)n;
	r->xy = xy;
	r->bbox = bb;
	return 0;
}

static int parse_polygon(struct walk *w, const json_t *jp, struct geo_polygon *poly,
			 const char *base)
{
	if (!json_is_array(jp))
		return bad(w->err, GEO_E_ARRAY, "%s", base);
	size_t n = json_array_size(jp);
	if (n == 0)
		return bad(w->err, GEO_E_EMPTY, "%s", base);
	if (n > GEO_MAX_RINGS - w->rings)
		return bad(w->err, GEO_E_RINGS, "%s", base);
	struct geo_ring *rings = arena_alloc(w->a, sizeof *rings * n);
	bbox_empty(&poly->bbox);
	for (size_t i = 0; i < n; i++) {
		if (parse_ring(w, json_array_get(jp, i), &rings[i], base, i) != 0)
			return -1;
		w->rings++;
	}
	poly->bbox = rings[0].bbox;   /* holes lie inside the outer ring, or count for nothing */
	poly->nrings = (uint32_t)n;
	poly->rings = rings;
	return 0;
}

int geo_parse(struct arena *a, const json_t *v, const struct geo **out, struct geo_error *err)
{
	err->code = GEO_OK;
	err->path[0] = '\0';
	*out = NULL;
	if (!json_is_object(v))
		return bad(err, GEO_E_OBJECT, "%s", "");
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)(uintptr_t)v, key, val) {
		(void)val;
		if (strcmp(key, "type") != 0 && strcmp(key, "coordinates") != 0 &&
		    strcmp(key, "bbox") != 0)
			return bad(err, GEO_E_MEMBER, "%.*s", GEO_PATH_MAX - 1, key);
	}
	const char *type = json_string_value(json_object_get(v, "type"));
	bool multi;
	if (type && strcmp(type, "Polygon") == 0)
		multi = false;
	else if (type && strcmp(type, "MultiPolygon") == 0)
		multi = true;
	else
		return bad(err, GEO_E_TYPE, "%s", "type");
	const json_t *coords = json_object_get(v, "coordinates");
	if (!json_is_array(coords))
		return bad(err, GEO_E_ARRAY, "%s", "coordinates");
	struct walk w = {.a = a, .err = err};
	struct geo *g = arena_alloc(a, sizeof *g);
	g->multi = multi;
	size_t np = multi ? json_array_size(coords) : 1;
	if (np == 0)
		return bad(err, GEO_E_EMPTY, "%s", "coordinates");
	if (np > GEO_MAX_RINGS)
		return bad(err, GEO_E_RINGS, "%s", "coordinates");
	struct geo_polygon *parts = arena_alloc(a, sizeof *parts * np);
	bbox_empty(&g->bbox);
	for (size_t i = 0; i < np; i++) {
		char base[GEO_PATH_MAX];
		if (multi)
			snprintf(base, sizeof base, "coordinates/%zu", i);
		else
			snprintf(base, sizeof base, "coordinates");
		if (parse_polygon(&w, multi ? json_array_get(coords, i) : coords, &parts[i], base))
			return -1;
		bbox_join(&g->bbox, &parts[i].bbox);
	}
	g->nparts = (uint32_t)np;
	g->parts = parts;
	g->npositions = w.positions;
	g->nrings = w.rings;
	*out = g;
	return 0;
}

int geo_parse_text(struct arena *a, const char *text, size_t len, const struct geo **out,
		   struct geo_error *err)
{
	*out = NULL;
	if (len > GEO_MAX_TEXT)
		return bad(err, GEO_E_JSON, "%s", "");
	struct err e = {0};
	json_t *v = json_parse_body(text, len, &e);
	if (!v)
		return bad(err, e.detail[0] && strstr(e.detail, "not an object") ? GEO_E_OBJECT
										 : GEO_E_JSON,
			   "%s", "");
	int rc = geo_parse(a, v, out, err);
	json_decref(v);
	return rc;
}

/* Which side of the line a→b is p on: >0 left, <0 right, 0 on it (in doubles). */
static double cross(double ax, double ay, double bx, double by, double px, double py)
{
	return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

enum { OUT = 0, IN = 1, EDGE = 2 };

static int ring_where(const struct geo_ring *r, double x, double y)
{
	if (x < r->bbox.west || x > r->bbox.east || y < r->bbox.south || y > r->bbox.north)
		return OUT;
	bool in = false;
	for (uint32_t i = 0; i + 1 < r->n; i++) {
		double ax = r->xy[2 * i], ay = r->xy[2 * i + 1];
		double bx = r->xy[2 * i + 2], by = r->xy[2 * i + 3];
		double c = cross(ax, ay, bx, by, x, y);
		if (c == 0 && x >= fmin(ax, bx) && x <= fmax(ax, bx) && y >= fmin(ay, by) &&
		    y <= fmax(ay, by))
			return EDGE;
		/* even-odd: the edge crosses the ray to the right of p (half-open in y) */
		if ((ay > y) != (by > y)) {
			/* upward edge: p is left of it when c > 0; downward: when c < 0 */
			if ((by > ay) ? c > 0 : c < 0)
				in = !in;
		}
	}
	return in ? IN : OUT;
}

static bool polygon_contains(const struct geo_polygon *p, double x, double y)
{
	if (ring_where(&p->rings[0], x, y) == OUT)
		return false;
	for (uint32_t h = 1; h < p->nrings; h++)
		if (ring_where(&p->rings[h], x, y) == IN)
			return false;
	return true;
}

bool geo_contains(const struct geo *g, double lon, double lat)
{
	if (!g || !(lon >= g->bbox.west && lon <= g->bbox.east && lat >= g->bbox.south &&
		    lat <= g->bbox.north))
		return false;
	for (uint32_t i = 0; i < g->nparts; i++)
		if (polygon_contains(&g->parts[i], lon, lat))
			return true;
	return false;
}

struct geo_bbox geo_bbox(const struct geo *g) { return g->bbox; }

/* The shortest of %.15g, %.16g, %.17g that reads back as d. */
static void put_num(struct buf *b, double d)
{
	char s[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	buf_puts(b, s);
}

char *geo_to_text(struct arena *a, const struct geo *g, size_t *len)
{
	struct buf b;
	buf_init(&b, a);
	buf_reserve(&b, 48 + (size_t)g->npositions * 40);
	buf_puts(&b, g->multi ? "{\"type\":\"MultiPolygon\",\"coordinates\":["
			      : "{\"type\":\"Polygon\",\"coordinates\":");
	for (uint32_t p = 0; p < g->nparts; p++) {
		const struct geo_polygon *poly = &g->parts[p];
		buf_puts(&b, p ? ",[" : "[");
		for (uint32_t r = 0; r < poly->nrings; r++) {
			const struct geo_ring *ring = &poly->rings[r];
			buf_puts(&b, r ? ",[" : "[");
			for (uint32_t i = 0; i < ring->n; i++) {
				buf_puts(&b, i ? ",[" : "[");
				put_num(&b, ring->xy[2 * i]);
				buf_puts(&b, ",");
				put_num(&b, ring->xy[2 * i + 1]);
				buf_puts(&b, "]");
			}
			buf_puts(&b, "]");
		}
		buf_puts(&b, "]");
	}
	buf_puts(&b, g->multi ? "]}" : "}");
	if (len)
		*len = b.len;
	return (char *)(uintptr_t)buf_str(&b);
}

static json_t *polygon_json(const struct geo_polygon *poly)
{
	json_t *rings = json_array();
	for (uint32_t r = 0; r < poly->nrings; r++) {
		json_t *ring = json_array();
		for (uint32_t i = 0; i < poly->rings[r].n; i++)
			json_array_append_new(ring, json_pack("[ff]", poly->rings[r].xy[2 * i],
							      poly->rings[r].xy[2 * i + 1]));
		json_array_append_new(rings, ring);
	}
	return rings;
}

json_t *geo_to_json(const struct geo *g)
{
	json_t *coords;
	if (g->multi) {
		coords = json_array();
		for (uint32_t p = 0; p < g->nparts; p++)
			json_array_append_new(coords, polygon_json(&g->parts[p]));
	} else {
		coords = polygon_json(&g->parts[0]);
	}
	return json_pack("{s:s,s:o}", "type", g->multi ? "MultiPolygon" : "Polygon", "coordinates",
			 coords);
}

bool geo_equal(const struct geo *x, const struct geo *y)
{
	if (x->multi != y->multi || x->nparts != y->nparts || x->npositions != y->npositions)
		return false;
	for (uint32_t p = 0; p < x->nparts; p++) {
		const struct geo_polygon *a = &x->parts[p], *b = &y->parts[p];
		if (a->nrings != b->nrings)
			return false;
		for (uint32_t r = 0; r < a->nrings; r++) {
			if (a->rings[r].n != b->rings[r].n)
				return false;
			for (uint32_t i = 0; i < 2 * a->rings[r].n; i++)
				if (a->rings[r].xy[i] != b->rings[r].xy[i])
					return false;
		}
	}
	return true;
}

#define EARTH_RADIUS 6378137.0
#define RAD (M_PI / 180.0)

/* Chamberlain & Duquette, "Some algorithms for polygons on a sphere" (2007): the signed area
 * of a ring, without the factor R²/2. */
static double ring_area(const struct geo_ring *r)
{
	double s = 0;
	for (uint32_t i = 0; i + 1 < r->n; i++) {
		double l1 = r->xy[2 * i] * RAD, p1 = r->xy[2 * i + 1] * RAD;
		double l2 = r->xy[2 * i + 2] * RAD, p2 = r->xy[2 * i + 3] * RAD;
		s += (l2 - l1) * (2 + sin(p1) + sin(p2));
	}
	return fabs(s);
}

double geo_area_m2(const struct geo *g)
{
	double total = 0;
	for (uint32_t p = 0; p < g->nparts; p++) {
		const struct geo_polygon *poly = &g->parts[p];
		double a = ring_area(&poly->rings[0]);
		for (uint32_t h = 1; h < poly->nrings; h++)
			a -= ring_area(&poly->rings[h]);
		total += fmax(a, 0);
	}
	return total * EARTH_RADIUS * EARTH_RADIUS / 2;
}

static const char *const keys[GEO_E__COUNT] = {
	[GEO_OK] = "geo_ok",
	[GEO_E_JSON] = "geo_json",
	[GEO_E_OBJECT] = "geo_object",
	[GEO_E_MEMBER] = "geo_member",
	[GEO_E_TYPE] = "geo_type",
	[GEO_E_ARRAY] = "geo_array",
	[GEO_E_EMPTY] = "geo_empty",
	[GEO_E_RING_SHORT] = "geo_ring_short",
	[GEO_E_RING_OPEN] = "geo_ring_open",
	[GEO_E_POSITION] = "geo_position",
	[GEO_E_NUMBER] = "geo_number",
	[GEO_E_LON] = "geo_lon",
	[GEO_E_LAT] = "geo_lat",
	[GEO_E_POSITIONS] = "geo_positions",
	[GEO_E_RINGS] = "geo_rings",
};

const char *geo_err_key(enum geo_err code)
{
	return (unsigned)code < GEO_E__COUNT ? keys[code] : "invalid";
}

const struct err_msg geo_messages[] = {
	{"geo_json", "不是有效的 GeoJSON 文本", "is not valid GeoJSON text"},
	{"geo_object", "应为 GeoJSON 几何对象", "must be a GeoJSON geometry object"},
	{"geo_member", "不是 GeoJSON 多边形支持的成员", "is not a member a GeoJSON polygon takes"},
	{"geo_type", "类型应为 Polygon 或 MultiPolygon", "must be Polygon or MultiPolygon"},
	{"geo_array", "应为坐标数组", "must be an array of coordinates"},
	{"geo_empty", "不能为空", "must not be empty"},
	{"geo_ring_short", "闭合环至少需要 4 个坐标点", "a ring needs at least 4 positions"},
	{"geo_ring_open", "闭合环的最后一个点须与第一个点相同",
	 "must equal the ring's first position (the ring is not closed)"},
	{"geo_position", "坐标点应为 [经度, 纬度]", "must be a position [longitude, latitude]"},
	{"geo_number", "应为有限的数字", "must be a finite number"},
	{"geo_lon", "经度应在 -180 到 180 之间", "longitude must be between -180 and 180"},
	{"geo_lat", "纬度应在 -90 到 90 之间", "latitude must be between -90 and 90"},
	{"geo_positions", "坐标点最多 %ld 个", "may have at most %ld positions"},
	{"geo_rings", "闭合环最多 %ld 个", "may have at most %ld rings"},
	{NULL, NULL, NULL},
};

int geo_err_field(struct err *e, struct arena *a, const char *prefix, const struct geo_error *ge)
{
	const char *field = !prefix || !*prefix ? arena_strdup(a, ge->path)
			    : ge->path[0]       ? arena_printf(a, "%s/%s", prefix, ge->path)
						: arena_strdup(a, prefix);
	long arg = ge->code == GEO_E_POSITIONS ? GEO_MAX_POSITIONS
		   : ge->code == GEO_E_RINGS   ? GEO_MAX_RINGS
					       : 0;
	return err_field(e, field, geo_err_key(ge->code), arg);
}
