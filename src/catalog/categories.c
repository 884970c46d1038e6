/* The catalog's categories: the deployment's, kept by administrators; the district's figures
 * are counted by them. Retired, never deleted. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "catalog/internal.h"

#define CAT_COLS "c.id, c.code, c.name, c.description, c.sort, c.active, c.created_at, " \
	"c.updated_at, c.version"

static int64_t read_category(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct catalog_category *c = row;
	c->id = store_col_int64(st, 0);
	c->code = arena_strdup(cx->a, store_col_text(st, 1));
	c->name = arena_strdup(cx->a, store_col_text(st, 2));
	c->description = arena_strdup(cx->a, store_col_text(st, 3));
	c->sort = store_col_int64(st, 4);
	c->active = store_col_int64(st, 5) != 0;
	c->created_at = store_col_int64(st, 6);
	c->updated_at = store_col_int64(st, 7);
	c->version = store_col_int64(st, 8);
	if (store_col_count(st) > 9)
		c->items = store_col_int64(st, 9);
	return c->id;
}

json_t *catalog_category_json(const struct catalog_category *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "code", json_string(c->code));
	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "description", json_string(c->description));
	json_object_set_new(o, "sort", json_integer(c->sort));
	json_object_set_new(o, "active", json_boolean(c->active));
	json_object_set_new(o, "items", json_integer(c->items));
	json_object_set_new(o, "created_at", json_time(c->created_at));
	json_object_set_new(o, "updated_at", json_time(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

/* The count of items is of those the caller reads (the same rule as the item list). */
int catalog_categories_list(struct ctx *cx, bool include_retired, struct catalog_category **items,
			    size_t *n)
{
	if (access_require(cx, PERM_CATALOG_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " CAT_COLS ", (SELECT COUNT(*) FROM catalog_items i"
		" LEFT JOIN org_units ow ON ow.id = i.owner_unit_id"
		" WHERE i.category_id = c.id AND i.active = 1 AND (? = 1 OR i.owner_unit_id IS NULL"
		"  OR EXISTS (SELECT 1 FROM user_units au JOIN org_units ao ON ao.id = au.unit_id"
		"   WHERE au.user_id = ? AND (substr(ao.path, 1, length(ow.path)) = ow.path"
		"    OR substr(ow.path, 1, length(ao.path)) = ao.path))))"
		" FROM catalog_categories c WHERE (? = 1 OR c.active = 1) ORDER BY c.sort, c.id");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, include_retired);
	return ctx_rows(cx, st, sizeof **items, 1000, read_category, items, n);
}

static int fetch(struct ctx *cx, int64_t id, struct catalog_category *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " CAT_COLS " FROM catalog_categories c WHERE c.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_category(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* Categories are the deployment's: administrators only. */
static int require_admin(struct ctx *cx)
{
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	if (!access_is_global(cx))
		return err_setf(&cx->err, ERR_FORBIDDEN, "categories are the administrators'");
	return 0;
}

static int finish(struct ctx *cx, const char *action, int64_t id,
		  const struct catalog_category *before, struct catalog_category *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? catalog_category_json(before) : NULL, *a = catalog_category_json(out);
	int rc = audit_commit(cx, action, "catalog_category", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

int catalog_category_create(struct ctx *cx, json_t *body, struct catalog_category *out)
{
	static const char *const allowed[] = {"code", "name", "description", "sort", NULL};
	struct err *e = &cx->err;
	if (require_admin(cx) < 0)
		return -1;
	const char *code = NULL, *name = NULL, *desc = "";
	int64_t sort = 0;
	json_only_fields(body, allowed, e);
	catalog_jf_str(body, "code", JF_REQUIRED, L_CAT_CODE, &code, e);
	catalog_jf_str(body, "name", JF_REQUIRED, L_CAT_NAME, &name, e);
	catalog_jf_str(body, "description", JF_MULTILINE, L_CAT_DESCRIPTION, &desc, e);
	jf_int(body, "sort", 0, catalog_limits[L_CAT_SORT].min, catalog_limits[L_CAT_SORT].max,
	       &sort, e);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO catalog_categories (code, name, description, sort, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, desc);
	store_bind_int64(st, 4, sort);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "code", "catalog_code_taken", &id) < 0)
		return -1;
	return finish(cx, "catalog_category.create", id, NULL, out);
}

int catalog_category_update(struct ctx *cx, int64_t id, json_t *patch, struct catalog_category *out)
{
	static const char *const allowed[] = {"version", "name", "description", "sort", "active",
		NULL};
	struct err *e = &cx->err;
	if (require_admin(cx) < 0)
		return -1;
	struct catalog_category old;
	int f = fetch(cx, id, &old);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	int64_t version = 0, sort = old.sort;
	const char *name = old.name, *desc = old.description;
	bool active = old.active;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	catalog_jf_str(patch, "name", 0, L_CAT_NAME, &name, e);
	catalog_jf_str(patch, "description", JF_MULTILINE, L_CAT_DESCRIPTION, &desc, e);
	jf_int(patch, "sort", 0, catalog_limits[L_CAT_SORT].min, catalog_limits[L_CAT_SORT].max,
	       &sort, e);
	jf_bool(patch, "active", 0, &active, e);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	/* a category with active items is not retired: retire or move them first */
	if (!active && old.active) {
		int64_t n = 0;
		if (store_query_int64(cx->db, "SELECT COUNT(*) FROM catalog_items WHERE category_id = ?"
				      " AND active = 1", &n, 1, id) < 0)
			return ctx_fail(cx);
		if (n > 0) {
			ctx_rollback(cx);
			err_field(e, "active", "catalog_category_in_use", n);
			return err_set(e, ERR_CONFLICT);
		}
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE catalog_categories SET name = ?, description = ?, sort = ?, active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, desc);
	store_bind_int64(st, 3, sort);
	store_bind_int64(st, 4, active);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, id);
	store_bind_int64(st, 7, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "catalog_category.update", id, &old, out);
}
