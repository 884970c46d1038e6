/* A unit's area through base/geo. */
#include "org/area.h"

#include <string.h>

#include "base/geo.h"

int org_area_read(struct ctx *cx, const char *field, json_t *geometry, struct org_area *out)
{
	const struct geo *g;
	struct geo_error ge;
	if (geo_parse(cx->a, geometry, &g, &ge) < 0)
		return geo_err_field(&cx->err, cx->a, field, &ge);
	struct geo_bbox b = geo_bbox(g);
	*out = (struct org_area){geo_to_text(cx->a, g, NULL), b.west, b.south, b.east, b.north};
	return 0;
}

bool org_area_contains(struct ctx *cx, const char *geojson, double lon, double lat)
{
	const struct geo *g;
	struct geo_error ge;
	if (!geojson || geo_parse_text(cx->a, geojson, strlen(geojson), &g, &ge) < 0)
		return false;
	return geo_contains(g, lon, lat);
}
