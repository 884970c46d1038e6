/* org's use of base/geo: a unit's area, checked and stored as canonical GeoJSON with its
 * bounding box. Private to org. */
#ifndef LINLI_ORG_AREA_H
#define LINLI_ORG_AREA_H

#include <jansson.h>
#include <stdbool.h>

#include "base/ctx.h"

struct org_area {
	const char *geojson;              /* canonical text, on cx's arena */
	double min_lon, min_lat, max_lon, max_lat;
};

/* Check a GeoJSON Polygon or MultiPolygon given as `field`: 0 with *out filled, or -1 with a
 * field error naming the bad member ("geometry.coordinates[0][3]"). */
int org_area_read(struct ctx *cx, const char *field, json_t *geometry, struct org_area *out);
/* Whether a stored area holds the point (on its edge counts). */
bool org_area_contains(struct ctx *cx, const char *geojson, double lon, double lat);

#endif
