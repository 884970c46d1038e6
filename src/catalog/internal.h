/* What the files of the catalog share (not for other features). */
#ifndef LINLI_CATALOG_INTERNAL_H
#define LINLI_CATALOG_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "base/ctx.h"
#include "catalog/catalog.h"
#include "access/audit.h"
#include "catalog/limits.h"

/* A string field by its limit (catalog_limits[l]): jf_str with the table's bounds. */
int catalog_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e);
/* Whether a unit's path is related to the actor's units: one of theirs, above or below one
 * (administrators and the command line: every unit). */
bool catalog_related(const struct ctx *cx, const char *path);
/* The columns and joins an item is read with, and its reader. */
#define ITEM_COLS "i.id, i.code, i.category_id, c.code, c.name, i.owner_unit_id, " \
	"COALESCE(ow.name, ''), ow.path, i.name, i.description, i.materials, i.modes, " \
	"i.handler_unit_id, COALESCE(hu.name, ''), i.limit_unit, i.limit_value, " \
	"i.green_limit_value, i.urgent_limit_hours, i.basis, i.location, i.phone, i.fee, i.slots, " \
	"i.public, i.active, i.sort, i.created_at, i.updated_at, i.version"
#define ITEM_FROM "catalog_items i JOIN catalog_categories c ON c.id = i.category_id " \
	"LEFT JOIN org_units ow ON ow.id = i.owner_unit_id " \
	"LEFT JOIN org_units hu ON hu.id = i.handler_unit_id"
int64_t catalog_read_item(struct ctx *cx, struct store_stmt *st, void *row);

#endif
