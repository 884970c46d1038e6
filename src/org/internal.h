/* What the files of org share and no other feature calls. */
#ifndef LINLI_ORG_INTERNAL_H
#define LINLI_ORG_INTERNAL_H

#include "org/org.h"

/* The statement that gives a new unit its path and anchors (0: NULL), bound and ready to step. */
struct store_stmt *org_set_path_stmt(struct ctx *cx, int64_t id, const char *path,
				     const int64_t anchor[ORG_ANCHORS]);

#endif
