/* What the files of org share and no other feature calls. */
#ifndef LINLI_ORG_INTERNAL_H
#define LINLI_ORG_INTERNAL_H

#include <stdbool.h>

#include "app/feature.h"
#include "org/org.h"

/* The statement that gives a new unit its path and anchors (0: NULL), bound and ready to step. */
struct store_stmt *org_set_path_stmt(struct ctx *cx, int64_t id, const char *path,
				     const int64_t anchor[ORG_ANCHORS]);

/* What hangs on a unit (place false) or a place (true) of this id: own's counts, then every
 * feature's unit_uses or place_uses; each count above 0 is a field error with its count (409).
 * 0, or -1 with cx->err. */
int org_uses_check(struct ctx *cx, const struct feature_use *own, bool place, int64_t id);

#endif
