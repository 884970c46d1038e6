/* geo: GeoJSON polygons of org units (RFC 7946), and which of them holds a point.
 *
 * Accepted: a geometry object {"type": "Polygon" | "MultiPolygon", "coordinates": ...}; a
 * "bbox" member is allowed and ignored (the box is computed), any other member is refused.
 * Positions are [lon, lat] numbers (WGS 84 or GCJ-02 alike: just numbers), lon in [-180, 180],
 * lat in [-90, 90]; a third member (altitude) must be a number and is dropped, a fourth is
 * refused. Each ring is closed (first position == last) with at least 4 positions; the first
 * ring of a polygon is its outer ring, the others its holes. At most GEO_MAX_POSITIONS
 * positions and GEO_MAX_RINGS rings in all. Orientation (the right-hand rule) is not enforced,
 * as RFC 7946 asks of parsers; self-intersection is not checked; a polygon that crosses the
 * antimeridian must be split into a MultiPolygon, as RFC 7946 says.
 *
 * Containment: a point is in a polygon when it is in its outer ring and not strictly inside any
 * hole; in a ring by the even-odd rule, and a point on an edge or vertex of any ring (outer or
 * hole) is in it. "On an edge" means the cross product computes to exactly 0 in doubles, so
 * vertices and points on axis-parallel edges are always exact and every answer is the same on
 * every run. A MultiPolygon holds a point when any of its polygons does.
 *
 * An error gives a reason (enum geo_err, with a message key for err_field) and a path to the
 * member at fault, as "coordinates/0/3/1" ("" for the whole text, "type" for the type). */
#ifndef LINLI_GEO_H
#define LINLI_GEO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

#define GEO_MAX_POSITIONS 10000
#define GEO_MAX_RINGS 100
#define GEO_MAX_TEXT (1024 * 1024)    /* bytes of GeoJSON text geo_parse_text reads */
#define GEO_PATH_MAX 64

enum geo_err {
	GEO_OK = 0,
	GEO_E_JSON,            /* not JSON, not UTF-8, duplicate keys, or too large */
	GEO_E_OBJECT,          /* the geometry is not an object */
	GEO_E_MEMBER,          /* a member other than type, coordinates, bbox */
	GEO_E_TYPE,            /* type missing, or not "Polygon" / "MultiPolygon" */
	GEO_E_ARRAY,           /* coordinates missing, or a level that is not an array */
	GEO_E_EMPTY,           /* a Polygon without rings, a MultiPolygon without polygons */
	GEO_E_RING_SHORT,      /* a ring of fewer than 4 positions */
	GEO_E_RING_OPEN,       /* a ring whose last position is not its first */
	GEO_E_POSITION,        /* a position of fewer than 2 or more than 3 members */
	GEO_E_NUMBER,          /* a member of a position that is not a finite number */
	GEO_E_LON,             /* a longitude outside [-180, 180] */
	GEO_E_LAT,             /* a latitude outside [-90, 90] */
	GEO_E_POSITIONS,       /* more than GEO_MAX_POSITIONS positions */
	GEO_E_RINGS,           /* more than GEO_MAX_RINGS rings */
	GEO_E__COUNT
};

struct geo_error {
	enum geo_err code;
	char path[GEO_PATH_MAX];
};

struct geo_bbox {
	double west, south, east, north;   /* min lon, min lat, max lon, max lat */
};

struct geo_ring {
	uint32_t n;           /* positions, the closing one included */
	const double *xy;     /* n pairs lon, lat */
	struct geo_bbox bbox;
};

struct geo_polygon {
	uint32_t nrings;      /* rings[0] is the outer ring, the rest its holes */
	const struct geo_ring *rings;
	struct geo_bbox bbox;
};

struct geo {
	bool multi;           /* a MultiPolygon (written back as one, even of one polygon) */
	uint32_t nparts;
	const struct geo_polygon *parts;
	struct geo_bbox bbox;
	uint32_t npositions, nrings;
};

/* Parse a geometry; everything lives on the arena. -1 with err set. */
int geo_parse(struct arena *a, const json_t *v, const struct geo **out, struct geo_error *err);
/* The same from text, read as request bodies are (json_parse_body: valid UTF-8, well-formed,
 * no duplicate keys, an object), of at most GEO_MAX_TEXT bytes. */
int geo_parse_text(struct arena *a, const char *text, size_t len, const struct geo **out,
		   struct geo_error *err);

bool geo_contains(const struct geo *g, double lon, double lat);
struct geo_bbox geo_bbox(const struct geo *g);
/* Canonical GeoJSON text for storage: {"type":...,"coordinates":...}, compact, every number
 * in the fewest of 15, 16 or 17 significant digits that reads back the same double. Parsing it
 * gives an equal geometry, and writing that gives the same text. */
char *geo_to_text(struct arena *a, const struct geo *g, size_t *len);
/* The same as a new jansson value (for an answer built with jansson). */
json_t *geo_to_json(const struct geo *g);
/* Same type and every coordinate equal. */
bool geo_equal(const struct geo *x, const struct geo *y);
/* Approximate area on a sphere of radius 6378137 m (outer rings minus holes), for display. */
double geo_area_m2(const struct geo *g);

/* The message key of a reason ("geo_ring_open", ...), for err_field(e, path, key, 0). */
const char *geo_err_key(enum geo_err code);
/* Their texts in both languages, ended by {NULL}, for err_messages_add() by the feature that
 * takes polygons. */
extern const struct err_msg geo_messages[];
/* err_field(e, prefix/path, key, limit) for a geo error, prefix being the field's name
 * ("geometry"), the limit filled for the two limits. Returns -1. */
int geo_err_field(struct err *e, struct arena *a, const char *prefix, const struct geo_error *ge);

#endif
