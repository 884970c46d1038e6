/* fuzz_geo: GeoJSON text as an org unit's polygon arrives. The input goes through
 * geo_parse_text.
 *
 * Invariants checked (any violation aborts):
 *  - a refusal has a known reason and a path that names a member of the parsed text (or the
 *    whole text, or a top-level member that is missing);
 *  - an accepted geometry keeps the limits, its counts agree with its rings, every ring is
 *    closed with 4 or more positions inside lon/lat bounds, and the boxes hold their rings;
 *  - geo_contains is false outside the box, true on every vertex of a polygon without holes,
 *    and the same for the same point asked twice;
 *  - the canonical text parses back to an equal geometry, which writes the same text, and
 *    the jansson form parses back to an equal geometry too;
 *  - the area is finite and not negative. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_geo: invariant failed at line %d: %s\n",   \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* Does path ("coordinates/0/3/1") name a member of v? */
static bool resolves(json_t *v, const char *path)
{
	char buf[GEO_PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	char *save = NULL;
	for (char *seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (json_is_object(v)) {
			v = json_object_get(v, seg);
		} else if (json_is_array(v)) {
			char *end;
			unsigned long i = strtoul(seg, &end, 10);
			if (*end)
				return false;
			v = json_array_get(v, i);
		} else {
			return false;
		}
		if (!v)
			return false;
	}
	return true;
}

static void check_refusal(const uint8_t *data, size_t size, const struct geo_error *e)
{
	CHECK(e->code > GEO_OK && e->code < GEO_E__COUNT);
	CHECK(strlen(e->path) < GEO_PATH_MAX);
	CHECK(strcmp(geo_err_key(e->code), "invalid") != 0);
	if (e->code == GEO_E_JSON || e->code == GEO_E_OBJECT) {
		CHECK(e->path[0] == '\0');
		return;
	}
	json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
			       NULL);
	CHECK(v != NULL);   /* anything past the JSON check was JSON */
	if (e->code == GEO_E_MEMBER) {   /* a member's name, maybe cut: not one of ours */
		CHECK(strcmp(e->path, "type") && strcmp(e->path, "coordinates") &&
		      strcmp(e->path, "bbox"));
		json_decref(v);
		return;
	}
	bool missing_top = (strcmp(e->path, "type") == 0 || strcmp(e->path, "coordinates") == 0) &&
			   !json_object_get(v, e->path);
	CHECK(resolves(v, e->path) || missing_top);
	json_decref(v);
}

static bool box_holds(const struct geo_bbox *outer, const struct geo_bbox *inner)
{
	return outer->west <= inner->west && outer->south <= inner->south &&
	       outer->east >= inner->east && outer->north >= inner->north;
}

static void check_geo(struct arena *a, const struct geo *g)
{
	CHECK(g->nparts >= 1);
	CHECK(g->npositions <= GEO_MAX_POSITIONS && g->nrings <= GEO_MAX_RINGS);
	CHECK(g->multi || g->nparts == 1);
	uint32_t positions = 0, rings = 0;
	struct geo_bbox b = geo_bbox(g);
	for (uint32_t p = 0; p < g->nparts; p++) {
		const struct geo_polygon *poly = &g->parts[p];
		CHECK(poly->nrings >= 1);
		CHECK(box_holds(&b, &poly->bbox));
		for (uint32_t r = 0; r < poly->nrings; r++) {
			const struct geo_ring *ring = &poly->rings[r];
			CHECK(ring->n >= 4);
			CHECK(ring->xy[0] == ring->xy[2 * ring->n - 2]);
			CHECK(ring->xy[1] == ring->xy[2 * ring->n - 1]);
			for (uint32_t i = 0; i < ring->n; i++) {
				double x = ring->xy[2 * i], y = ring->xy[2 * i + 1];
				CHECK(x >= -180 && x <= 180 && y >= -90 && y <= 90);
				CHECK(x >= ring->bbox.west && x <= ring->bbox.east);
				CHECK(y >= ring->bbox.south && y <= ring->bbox.north);
				if (poly->nrings == 1 && (i < 8 || i % 97 == 0))
					CHECK(geo_contains(g, x, y));
			}
			positions += ring->n;
			rings++;
		}
		CHECK(box_holds(&poly->bbox, &poly->rings[0].bbox));
	}
	CHECK(positions == g->npositions && rings == g->nrings);
	/* outside the box: out; the same answer twice */
	CHECK(!geo_contains(g, b.west - 1, b.south));
	CHECK(!geo_contains(g, b.east, b.north + 1e-3));
	CHECK(!geo_contains(g, NAN, 0));
	double pts[][2] = {{(b.west + b.east) / 2, (b.south + b.north) / 2},
			   {b.west, b.south}, {b.east, b.north},
			   {b.west + (b.east - b.west) / 3, b.south + (b.north - b.south) / 7}};
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
		CHECK(geo_contains(g, pts[i][0], pts[i][1]) == geo_contains(g, pts[i][0], pts[i][1]));
	double area = geo_area_m2(g);
	CHECK(isfinite(area) && area >= 0);

	/* canonical text: parses back equal, writes the same */
	size_t len;
	char *t = geo_to_text(a, g, &len);
	CHECK(strlen(t) == len);
	const struct geo *back = NULL;
	struct geo_error e;
	CHECK(geo_parse_text(a, t, len, &back, &e) == 0);
	CHECK(geo_equal(g, back));
	CHECK(strcmp(geo_to_text(a, back, NULL), t) == 0);
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
		CHECK(geo_contains(g, pts[i][0], pts[i][1]) ==
		      geo_contains(back, pts[i][0], pts[i][1]));
	json_t *j = geo_to_json(g);
	CHECK(j != NULL);
	CHECK(geo_parse(a, j, &back, &e) == 0);
	CHECK(geo_equal(g, back));
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct arena *a = arena_new();
	const struct geo *g = NULL;
	struct geo_error e;
	if (geo_parse_text(a, (const char *)data, size, &g, &e) == 0) {
		CHECK(g != NULL && e.code == GEO_OK);
		check_geo(a, g);
	} else {
		CHECK(g == NULL);
		check_refusal(data, size, &e);
	}
	arena_free(a);
	return 0;
}
