/* The handbook (民生事务一本通): the public, active items that hold in a unit, by category, read
 * without logging in, and the units a resident picks one from. Nothing in them is personal. */
#include <string.h>

#include "base/json.h"
#include "catalog/internal.h"
#include "org/org.h"

#define HANDBOOK_MAX_ITEMS 1000

/* An item as a resident reads it: what it is, what to bring, how and how long. */
static json_t *public_item(struct ctx *cx, const struct catalog_item *it)
{
	json_t *full = catalog_item_json(cx, it);
	static const char *const keep[] = {"id", "code", "name", "description", "materials",
		"modes", "handler_unit_name", "limits", "basis", "location", "phone", "fee", "slots",
		NULL};
	json_t *o = json_object();
	for (int i = 0; keep[i]; i++)
		json_object_set(o, keep[i], json_object_get(full, keep[i]));
	/* the urgent limit is the desk's to judge, not a promise to every caller */
	json_object_del(json_object_get(o, "limits"), "urgent");
	json_decref(full);
	return o;
}

int catalog_handbook(struct ctx *cx, int64_t unit_id, json_t **out)
{
	struct org_unit u = {0};
	if (unit_id) {
		int r = org_unit_by_id(cx, unit_id, &u);
		if (r < 0)
			return -1;
		if (r == 0 || u.closed_at)
			return err_set(&cx->err, ERR_NOT_FOUND);
	}
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ITEM_COLS " FROM " ITEM_FROM
		" WHERE i.public = 1 AND i.active = 1 AND c.active = 1"
		" AND (i.owner_unit_id IS NULL OR substr(?, 1, length(ow.path)) = ow.path)"
		" ORDER BY c.sort, c.id, i.sort, i.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, unit_id ? u.path : "-");
	struct catalog_item *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, HANDBOOK_MAX_ITEMS, catalog_read_item, &items, &n) < 0)
		return -1;
	json_t *cats = json_array(), *cur = NULL;
	int64_t cur_id = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cur || items[i].category_id != cur_id) {
			cur_id = items[i].category_id;
			cur = json_pack("{s:s, s:s, s:[]}", "code", items[i].category_code, "name",
					items[i].category_name, "items");
			json_array_append_new(cats, cur);
		}
		json_array_append_new(json_object_get(cur, "items"), public_item(cx, &items[i]));
	}
	json_t *unit = unit_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u.id, "name", u.name,
					   "kind", u.kind) : json_null();
	*out = json_pack("{s:o, s:o, s:I}", "unit", unit, "categories", cats, "items",
			 (json_int_t)n);
	return 0;
}

struct public_unit {
	int64_t id, parent_id;
	const char *name, *kind;
};

static int64_t read_unit(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct public_unit *u = row;
	u->id = store_col_int64(st, 0);
	u->parent_id = store_col_int64(st, 1);
	u->name = arena_strdup(cx->a, store_col_text(st, 2));
	u->kind = arena_strdup(cx->a, store_col_text(st, 3));
	return u->id;
}

int catalog_public_units(struct ctx *cx, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, parent_id, name, kind FROM org_units WHERE closed_at IS NULL"
		" AND kind IN ('street', 'community') ORDER BY path");
	if (!st)
		return ctx_store_error(cx);
	struct public_unit *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 5000, read_unit, &items, &n) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:o, s:s, s:s}", "id", (json_int_t)items[i].id,
			"parent_id", items[i].parent_id ? json_integer(items[i].parent_id) : json_null(),
			"name", items[i].name, "kind", items[i].kind));
	*out = json_pack("{s:o}", "items", a);
	return 0;
}
