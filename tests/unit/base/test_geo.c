/* Unit tests of src/base/geo: parsing with the path of each error, point in polygon (holes,
 * concave shapes, edges and vertices, MultiPolygon), bounding boxes, canonical text, area. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/geo.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static const struct geo *parse(const char *text)
{
	const struct geo *g = NULL;
	struct geo_error e;
	if (geo_parse_text(A, text, strlen(text), &g, &e) != 0)
		fail_msg("parse: %s at '%s' in %s", geo_err_key(e.code), e.path, text);
	assert_non_null(g);
	return g;
}

/* text must be refused with code at path. */
static void refused(const char *text, enum geo_err code, const char *path)
{
	const struct geo *g = (const struct geo *)1;
	struct geo_error e;
	if (geo_parse_text(A, text, strlen(text), &g, &e) != -1)
		fail_msg("accepted: %s", text);
	if (e.code != code || strcmp(e.path, path) != 0)
		fail_msg("%s: got %s at '%s', expected %s at '%s'", text, geo_err_key(e.code), e.path,
			 geo_err_key(code), path);
	assert_null(g);
}

#define SQUARE "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}"

static void test_square(void **state)
{
	(void)state;
	const struct geo *g = parse(SQUARE);
	assert_false(g->multi);
	assert_int_equal(g->nparts, 1);
	assert_int_equal(g->nrings, 1);
	assert_int_equal(g->npositions, 5);
	struct geo_bbox b = geo_bbox(g);
	assert_true(b.west == 0 && b.south == 0 && b.east == 10 && b.north == 10);
	assert_true(geo_contains(g, 5, 5));
	assert_true(geo_contains(g, 0.000001, 9.999999));
	assert_false(geo_contains(g, -0.000001, 5));
	assert_false(geo_contains(g, 5, 10.000001));
	assert_false(geo_contains(g, 20, 5));
	assert_false(geo_contains(g, 5, -20));
	assert_false(geo_contains(g, NAN, 5));
	/* edges and vertices are inside */
	static const double on[][2] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {5, 0}, {10, 5},
				       {5, 10}, {0, 5}, {0, 0.5}, {9.75, 10}};
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++)
		assert_true(geo_contains(g, on[i][0], on[i][1]));
	/* the same square the other way round (clockwise): the same answers */
	const struct geo *cw = parse("{\"type\":\"Polygon\",\"coordinates\":"
				     "[[[0,0],[0,10],[10,10],[10,0],[0,0]]]}");
	for (double x = -1; x <= 11; x += 0.5)
		for (double y = -1; y <= 11; y += 0.5)
			assert_int_equal(geo_contains(g, x, y), geo_contains(cw, x, y));
	/* a diagonal edge: a point exactly on it */
	const struct geo *tri = parse("{\"type\":\"Polygon\",\"coordinates\":"
				      "[[[0,0],[4,0],[0,4],[0,0]]]}");
	assert_true(geo_contains(tri, 2, 2));
	assert_true(geo_contains(tri, 1, 1));
	assert_false(geo_contains(tri, 2.5, 2));
	assert_true(geo_contains(tri, 4, 0));
	assert_false(geo_contains(tri, 4.5, 0));   /* on the line of an edge, past its end */
	assert_false(geo_contains(tri, -1, 0));
	assert_false(geo_contains(NULL, 1, 1));
}

static void test_concave(void **state)
{
	(void)state;
	/* a U: two arms from y=0 to 10, joined at the bottom from y=0 to 3 */
	const struct geo *u = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[9,0],[9,10],"
				    "[6,10],[6,3],[3,3],[3,10],[0,10],[0,0]]]}");
	assert_true(geo_contains(u, 1.5, 8));     /* left arm */
	assert_true(geo_contains(u, 7.5, 8));     /* right arm */
	assert_true(geo_contains(u, 4.5, 1));     /* the bottom */
	assert_false(geo_contains(u, 4.5, 5));    /* the notch, inside the box */
	assert_true(geo_contains(u, 4.5, 3));     /* the notch's floor is an edge */
	assert_true(geo_contains(u, 3, 6));       /* its wall too */
	assert_true(geo_contains(u, 6, 3));       /* a reflex vertex */
	/* a ray through vertices: y = 3 passes (6,3) and (3,3); y = 10 runs along the tops */
	assert_true(geo_contains(u, 1, 3));
	assert_true(geo_contains(u, 8, 3));
	assert_false(geo_contains(u, 10, 3));
	assert_false(geo_contains(u, -1, 3));
	assert_false(geo_contains(u, 4.5, 10));
	assert_true(geo_contains(u, 1, 10));
	/* a star-like shape whose vertices sit on the ray of the tested points */
	const struct geo *z = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,1],[4,0],"
				    "[4,4],[2,3],[0,4],[0,0]]]}");
	assert_true(geo_contains(z, 2, 2));
	assert_true(geo_contains(z, 1, 1));
	assert_false(geo_contains(z, 2, 0.5));
	assert_false(geo_contains(z, 2, 3.5));
	assert_true(geo_contains(z, 3, 1));
	assert_true(geo_contains(z, 2, 1));    /* the inner vertex */
	assert_false(geo_contains(z, 5, 1));   /* to the right of it, outside */
	assert_false(geo_contains(z, -1, 1));
}

#define HOLED "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]]," \
	      "[[4,4],[4,6],[6,6],[6,4],[4,4]]]}"

static void test_hole(void **state)
{
	(void)state;
	const struct geo *g = parse(HOLED);
	assert_int_equal(g->nrings, 2);
	assert_int_equal(g->parts[0].nrings, 2);
	assert_true(geo_contains(g, 2, 2));
	assert_true(geo_contains(g, 8, 5));
	assert_false(geo_contains(g, 5, 5));        /* in the hole */
	assert_false(geo_contains(g, 4.5, 5.5));
	assert_true(geo_contains(g, 4, 5));         /* the hole's edge belongs to the polygon */
	assert_true(geo_contains(g, 6, 6));         /* and its vertex */
	assert_true(geo_contains(g, 5, 4));
	assert_false(geo_contains(g, 11, 5));
	/* two holes */
	const struct geo *two = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],"
				      "[0,10],[0,0]],[[1,1],[3,1],[3,3],[1,3],[1,1]],"
				      "[[6,6],[8,6],[8,8],[6,8],[6,6]]]}");
	assert_false(geo_contains(two, 2, 2));
	assert_false(geo_contains(two, 7, 7));
	assert_true(geo_contains(two, 5, 5));
	assert_true(geo_contains(two, 2, 7));
}

static void test_multi(void **state)
{
	(void)state;
	/* two squares and a holed one; the gap between them is outside */
	const struct geo *g = parse(
		"{\"type\":\"MultiPolygon\",\"coordinates\":["
		"[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
		"[[[5,5],[6,5],[6,6],[5,6],[5,5]]],"
		"[[[10,-10],[20,-10],[20,0],[10,0],[10,-10]],[[14,-6],[16,-6],[16,-4],[14,-4],[14,-6]]]]}");
	assert_true(g->multi);
	assert_int_equal(g->nparts, 3);
	assert_int_equal(g->nrings, 4);
	assert_int_equal(g->npositions, 20);
	struct geo_bbox b = geo_bbox(g);
	assert_true(b.west == 0 && b.south == -10 && b.east == 20 && b.north == 6);
	assert_true(geo_contains(g, 0.5, 0.5));
	assert_true(geo_contains(g, 5.5, 5.5));
	assert_true(geo_contains(g, 12, -2));
	assert_false(geo_contains(g, 3, 3));
	assert_false(geo_contains(g, 15, -5));     /* the third part's hole */
	assert_true(geo_contains(g, 16, -5));      /* its edge */
	assert_false(geo_contains(g, 8, 0));       /* inside the box, between the parts */
	/* a part's box: the outer ring's */
	assert_true(g->parts[2].bbox.west == 10 && g->parts[2].bbox.north == 0);
	/* a MultiPolygon of one polygon stays one when written */
	const struct geo *one = parse("{\"type\":\"MultiPolygon\",\"coordinates\":"
				      "[[[[0,0],[1,0],[1,1],[0,0]]]]}");
	assert_true(one->multi);
	char *t = geo_to_text(A, one, NULL);
	assert_string_equal(t, "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]]]}");
}

static void test_bbox_far_east(void **state)
{
	(void)state;
	/* both sides of the antimeridian, split as RFC 7946 asks: the box is the plain one */
	const struct geo *g = parse(
		"{\"type\":\"MultiPolygon\",\"coordinates\":["
		"[[[179.5,-17],[180,-17],[180,-16],[179.5,-16],[179.5,-17]]],"
		"[[[-180,-17],[-179.5,-17],[-179.5,-16],[-180,-16],[-180,-17]]]]}");
	struct geo_bbox b = geo_bbox(g);
	assert_true(b.west == -180 && b.east == 180 && b.south == -17 && b.north == -16);
	assert_true(geo_contains(g, 179.75, -16.5));
	assert_true(geo_contains(g, -179.75, -16.5));
	assert_true(geo_contains(g, 180, -16.5));
	assert_false(geo_contains(g, 0, -16.5));
	/* the limits themselves are accepted; a real place: Beijing's Dongcheng, roughly */
	parse("{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}");
	const struct geo *bj = parse("{\"type\":\"Polygon\",\"coordinates\":[[[116.38,39.86],"
				     "[116.45,39.86],[116.45,39.96],[116.38,39.96],[116.38,39.86]]]}");
	assert_true(geo_contains(bj, 116.4074, 39.9042));
	assert_false(geo_contains(bj, 116.3, 39.9));
	/* about 5.97 km × 11.12 km at that latitude */
	double area = geo_area_m2(bj);
	assert_true(area > 0.98 * 66.4e6 && area < 1.02 * 66.4e6);
	/* holes count against the area; orientation does not matter */
	const struct geo *sq = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}");
	const struct geo *cw = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}");
	const struct geo *holed = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],"
					"[[0.25,0.25],[0.75,0.25],[0.75,0.75],[0.25,0.75],[0.25,0.25]]]}");
	double a1 = geo_area_m2(sq);
	assert_true(fabs(a1 - 12.36e9) < 0.05e9);   /* one degree square at the equator */
	assert_true(fabs(geo_area_m2(cw) - a1) < 1);
	assert_true(fabs(geo_area_m2(holed) - 0.75 * a1) < 0.01 * a1);
}

static void test_text(void **state)
{
	(void)state;
	/* whitespace, integers, exponents, an altitude, a bbox: written back canonically */
	const struct geo *g = parse(
		" {\"bbox\":[1,2,3,4], \"coordinates\" : [[[116.397128, 39.916527, 44.5],"
		"[1.16397128e2,40],[0.1,-0.0],[1e-7,-33.3333333333333333],[116.397128,39.916527]]],"
		"\"type\":\"Polygon\"}");
	size_t len;
	char *t = geo_to_text(A, g, &len);
	assert_int_equal(strlen(t), len);
	assert_string_equal(t, "{\"type\":\"Polygon\",\"coordinates\":[[[116.397128,39.916527],"
			       "[116.397128,40],[0.1,0],[1e-07,-33.333333333333336],"
			       "[116.397128,39.916527]]]}");
	const struct geo *back = parse(t);
	assert_true(geo_equal(g, back));
	assert_string_equal(geo_to_text(A, back, NULL), t);
	/* a number that needs 17 digits keeps them */
	const struct geo *p = parse("{\"type\":\"Polygon\",\"coordinates\":[[[0.1,0.2],"
				    "[0.30000000000000004,0.2],[0.3,0.5],[0.1,0.2]]]}");
	t = geo_to_text(A, p, NULL);
	assert_non_null(strstr(t, "0.30000000000000004"));
	assert_true(geo_equal(p, parse(t)));
	assert_false(geo_equal(p, g));
	assert_false(geo_equal(parse(SQUARE), parse(HOLED)));
	assert_false(geo_equal(parse(SQUARE), parse("{\"type\":\"MultiPolygon\",\"coordinates\":"
						    "[[[[0,0],[10,0],[10,10],[0,10],[0,0]]]]}")));
	assert_false(geo_equal(parse(SQUARE), parse("{\"type\":\"Polygon\",\"coordinates\":"
						    "[[[0,0],[10,0],[10,11],[0,10],[0,0]]]}")));
	/* the jansson form parses to the same geometry */
	json_t *j = geo_to_json(g);
	const struct geo *fromj = NULL;
	struct geo_error e;
	assert_int_equal(geo_parse(A, j, &fromj, &e), 0);
	assert_true(geo_equal(g, fromj));
	json_decref(j);
	/* from a jansson value a caller built */
	json_t *v = json_pack("{s:s,s:[[[i,i],[i,i],[i,i],[i,i]]]}", "type", "Polygon",
			      "coordinates", 0, 0, 1, 0, 0, 1, 0, 0);
	assert_int_equal(geo_parse(A, v, &fromj, &e), 0);
	assert_true(geo_contains(fromj, 0.2, 0.2));
	json_decref(v);
	assert_int_equal(geo_parse(A, NULL, &fromj, &e), -1);
	assert_int_equal(e.code, GEO_E_OBJECT);
}

static void test_errors(void **state)
{
	(void)state;
	refused("", GEO_E_JSON, "");
	refused("{", GEO_E_JSON, "");
	refused("{\"type\":\"Polygon\",\"type\":\"Polygon\",\"coordinates\":[]}", GEO_E_JSON, "");
	refused("{\"type\":\"Polygon\xff\"}", GEO_E_JSON, "");
	refused("[]", GEO_E_OBJECT, "");
	refused("\"Polygon\"", GEO_E_JSON, "");     /* jansson takes only [ or { at the top */
	refused("{}", GEO_E_TYPE, "type");
	refused("{\"type\":\"Point\",\"coordinates\":[0,0]}", GEO_E_TYPE, "type");
	refused("{\"type\":\"polygon\",\"coordinates\":[]}", GEO_E_TYPE, "type");
	refused("{\"type\":7,\"coordinates\":[]}", GEO_E_TYPE, "type");
	refused("{\"type\":\"Feature\",\"geometry\":{}}", GEO_E_MEMBER, "geometry");
	refused("{\"type\":\"Polygon\",\"coordinates\":[],\"crs\":{}}", GEO_E_MEMBER, "crs");
	refused("{\"type\":\"Polygon\"}", GEO_E_ARRAY, "coordinates");
	refused("{\"type\":\"Polygon\",\"coordinates\":{}}", GEO_E_ARRAY, "coordinates");
	refused("{\"type\":\"Polygon\",\"coordinates\":[]}", GEO_E_EMPTY, "coordinates");
	refused("{\"type\":\"MultiPolygon\",\"coordinates\":[]}", GEO_E_EMPTY, "coordinates");
	refused("{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}", GEO_E_EMPTY, "coordinates/0");
	refused("{\"type\":\"MultiPolygon\",\"coordinates\":[7]}", GEO_E_ARRAY, "coordinates/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[7]}", GEO_E_ARRAY, "coordinates/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[]]}", GEO_E_RING_SHORT, "coordinates/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}", GEO_E_RING_SHORT,
		"coordinates/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}", GEO_E_RING_OPEN,
		"coordinates/0/3");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0.0000001]]]}",
		GEO_E_RING_OPEN, "coordinates/0/3");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],7,[0,0]]]}", GEO_E_ARRAY,
		"coordinates/0/3");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1],[0,0]]]}", GEO_E_POSITION,
		"coordinates/0/2");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[],[0,0]]]}", GEO_E_POSITION,
		"coordinates/0/2");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1,1,1],[0,0]]]}",
		GEO_E_POSITION, "coordinates/0/2");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,\"1\"],[0,0]]]}", GEO_E_NUMBER,
		"coordinates/0/2/1");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1,null],[0,0]]]}",
		GEO_E_NUMBER, "coordinates/0/2/2");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[true,0],[1,1],[0,0]]]}", GEO_E_NUMBER,
		"coordinates/0/1/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]],"
		"[[0,0],[1,0],[NaN,1],[0,0]]]}", GEO_E_JSON, "");   /* not JSON at all */
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1e999,1],[0,0]]]}", GEO_E_JSON, "");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[180.0000001,0],[1,1],[0,0]]]}",
		GEO_E_LON, "coordinates/0/1/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[-181,0],[1,1],[0,0]]]}", GEO_E_LON,
		"coordinates/0/1/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,91],[0,0]]]}", GEO_E_LAT,
		"coordinates/0/2/1");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,-90.5],[1,1],[0,0]]]}", GEO_E_LAT,
		"coordinates/0/1/1");
	/* lat/lon swapped, a common mistake: Beijing as [39.9, 116.4] */
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[39.9,116.4],[40,116.4],[40,116.5],[39.9,116.4]]]}",
		GEO_E_LAT, "coordinates/0/0/1");
	/* in a hole, in a MultiPolygon's second part */
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]],"
		"[[0,0],[1,0],[1,1],[0,0.5]]]}", GEO_E_RING_OPEN, "coordinates/1/3");
	refused("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
		"[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[1,\"x\"],[0,0]]]]}", GEO_E_NUMBER,
		"coordinates/1/1/2/1");
	/* the first error is reported, in document order */
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,999],[1,1]]]}", GEO_E_RING_SHORT,
		"coordinates/0");
	refused("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,999],[1,1],[0,1]]]}", GEO_E_LAT,
		"coordinates/0/1/1");

	/* messages: every reason has a key with a text in both languages */
	assert_int_equal(err_messages_add(geo_messages), 0);
	for (int c = GEO_E_JSON; c < GEO_E__COUNT; c++) {
		char zh[200], en[200];
		const char *key = geo_err_key((enum geo_err)c);
		assert_int_equal(strncmp(key, "geo_", 4), 0);
		err_field_message(key, 5, LANG_ZH, zh, sizeof zh);
		err_field_message(key, 5, LANG_EN, en, sizeof en);
		assert_string_not_equal(en, key);
		assert_string_not_equal(zh, en);
	}
	struct err e = {0};
	struct geo_error ge = {.code = GEO_E_LAT, .path = "coordinates/0/2/1"};
	assert_int_equal(geo_err_field(&e, A, "geometry", &ge), -1);
	assert_int_equal(e.code, ERR_VALIDATION);
	assert_string_equal(e.fields[0].field, "geometry/coordinates/0/2/1");
	assert_string_equal(e.fields[0].key, "geo_lat");
	struct geo_error gp = {.code = GEO_E_POSITIONS, .path = "coordinates/3"};
	geo_err_field(&e, A, NULL, &gp);
	assert_string_equal(e.fields[1].field, "coordinates/3");
	assert_int_equal(e.fields[1].arg, GEO_MAX_POSITIONS);
	struct geo_error gj = {.code = GEO_E_JSON, .path = ""};
	geo_err_field(&e, A, "geometry", &gj);
	assert_string_equal(e.fields[2].field, "geometry");
}

/* A ring of n positions around (0,0), closed. */
static void ring_text(struct buf *b, int n, double r)
{
	buf_puts(b, "[");
	for (int i = 0; i < n; i++) {
		double t = 2 * M_PI * (i == n - 1 ? 0 : i) / (n - 1);
		buf_printf(b, "%s[%.6f,%.6f]", i ? "," : "", r * cos(t), r * sin(t));
	}
	buf_puts(b, "]");
}

static void test_limits(void **state)
{
	(void)state;
	/* exactly GEO_MAX_POSITIONS in one ring: accepted; one more: refused at the ring */
	struct buf b;
	buf_init(&b, A);
	buf_puts(&b, "{\"type\":\"Polygon\",\"coordinates\":[");
	ring_text(&b, GEO_MAX_POSITIONS, 1);
	buf_puts(&b, "]}");
	const struct geo *g = parse(buf_str(&b));
	assert_int_equal(g->npositions, GEO_MAX_POSITIONS);
	assert_true(geo_contains(g, 0, 0));
	assert_true(geo_contains(g, 0.99, 0));
	assert_false(geo_contains(g, 0.8, 0.8));
	assert_true(fabs(geo_bbox(g).east - 1) < 1e-9 && fabs(geo_bbox(g).south + 1) < 1e-6);
	assert_true(geo_equal(g, parse(geo_to_text(A, g, NULL))));
	buf_init(&b, A);
	buf_puts(&b, "{\"type\":\"Polygon\",\"coordinates\":[");
	ring_text(&b, GEO_MAX_POSITIONS + 1, 1);
	buf_puts(&b, "]}");
	refused(buf_str(&b), GEO_E_POSITIONS, "coordinates/0");
	/* the limit counts over every ring and part */
	buf_init(&b, A);
	buf_puts(&b, "{\"type\":\"MultiPolygon\",\"coordinates\":[[");
	ring_text(&b, GEO_MAX_POSITIONS / 2, 1);
	buf_puts(&b, "],[");
	ring_text(&b, GEO_MAX_POSITIONS / 2, 1);
	buf_puts(&b, ",");
	ring_text(&b, 4, 0.5);
	buf_puts(&b, "]]}");
	refused(buf_str(&b), GEO_E_POSITIONS, "coordinates/1/1");
	/* GEO_MAX_RINGS rings: accepted; one more: refused */
	for (int extra = 0; extra <= 1; extra++) {
		buf_init(&b, A);
		buf_puts(&b, "{\"type\":\"Polygon\",\"coordinates\":[");
		for (int i = 0; i < GEO_MAX_RINGS + extra; i++) {
			buf_puts(&b, i ? "," : "");
			ring_text(&b, 4, 1 + 0.5 * i);
		}
		buf_puts(&b, "]}");
		if (extra)
			refused(buf_str(&b), GEO_E_RINGS, "coordinates");
		else
			assert_int_equal(parse(buf_str(&b))->nrings, GEO_MAX_RINGS);
	}
	buf_init(&b, A);
	buf_puts(&b, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
	for (int i = 0; i < GEO_MAX_RINGS / 2 + 1; i++) {
		buf_puts(&b, i ? ",[" : "[");
		ring_text(&b, 4, 1);
		buf_puts(&b, ",");
		ring_text(&b, 4, 0.5);
		buf_puts(&b, "]");
	}
	buf_puts(&b, "]}");
	refused(buf_str(&b), GEO_E_RINGS, "coordinates/50");
	/* text larger than GEO_MAX_TEXT, before it is parsed */
	size_t n = GEO_MAX_TEXT + 1;
	char *big = arena_alloc(A, n + 1);
	memset(big, ' ', n);
	memcpy(big, SQUARE, strlen(SQUARE));
	const struct geo *out = NULL;
	struct geo_error e;
	assert_int_equal(geo_parse_text(A, big, n, &out, &e), -1);
	assert_int_equal(e.code, GEO_E_JSON);
	assert_int_equal(geo_parse_text(A, big, n - 1, &out, &e), 0);
	/* deep nesting is jansson's to refuse, not a stack overflow */
	char *deep = arena_alloc(A, 200003);
	memset(deep, '[', 200000);
	assert_int_equal(geo_parse_text(A, deep, 200000, &out, &e), -1);
	assert_int_equal(e.code, GEO_E_JSON);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_square), cmocka_unit_test(test_concave),
		cmocka_unit_test(test_hole), cmocka_unit_test(test_multi),
		cmocka_unit_test(test_bbox_far_east), cmocka_unit_test(test_text),
		cmocka_unit_test(test_errors), cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests_name("geo", tests, setup, teardown);
}
