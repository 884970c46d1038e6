/* What the files of open311 share (not for other features). */
#ifndef LINLI_OPEN311_INTERNAL_H
#define LINLI_OPEN311_INTERNAL_H

#include <jansson.h>

#include "base/ctx.h"
#include "open311/limits.h"
#include "open311/open311.h"

#define O311_MAX_ATTRIBUTES 50

/* An answer as the spec's XML: the declaration, then `v` as the element `root`; an array's
 * items are elements named by the singular of the array's name (services → service,
 * service_requests → request, errors → error, attributes → attribute, values → value,
 * endpoints → endpoint, formats → format); null and "" are empty elements. On the arena. */
const char *o311_xml(struct ctx *cx, const char *root, const json_t *v, size_t *len);

#endif
