/* The mapping of a platform's categories to the catalog: which of its category codes becomes
 * which catalog item. Data administrators keep, one row a platform and category. */
#include <string.h>

#include "access/audit.h"
#include "base/json.h"
#include "catalog/catalog.h"
#include "hotline/internal.h"

#define MAPPING_COLS "m.id, m.platform_id, m.category, m.name, m.item_id, COALESCE(ci.code, '')," \
	" COALESCE(ci.name, ''), COALESCE(ci.active, 0), m.created_at, m.updated_at, m.version"
#define MAPPING_FROM "hotline_mappings m LEFT JOIN catalog_items ci ON ci.id = m.item_id"

static int64_t read_mapping(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct hotline_mapping *m = row;
	int c = 0;
	m->id = store_col_int64(st, c++);
	m->platform_id = store_col_int64(st, c++);
	m->category = arena_strdup(cx->a, store_col_text(st, c++));
	m->name = arena_strdup(cx->a, store_col_text(st, c++));
	m->item_id = store_col_int64(st, c++);
	m->item_code = arena_strdup(cx->a, store_col_text(st, c++));
	m->item_name = arena_strdup(cx->a, store_col_text(st, c++));
	m->item_active = store_col_int64(st, c++) != 0;
	m->created_at = store_col_int64(st, c++);
	m->updated_at = store_col_int64(st, c++);
	m->version = store_col_int64(st, c++);
	return m->id;
}

json_t *hotline_mapping_json(const struct hotline_mapping *m)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:{s:I, s:s, s:s, s:b}, s:o, s:o, s:I}",
			 "id", (json_int_t)m->id, "platform_id", (json_int_t)m->platform_id,
			 "category", m->category, "name", m->name, "item", "id",
			 (json_int_t)m->item_id, "code", m->item_code, "name", m->item_name, "active",
			 m->item_active, "created_at", json_time(m->created_at), "updated_at",
			 json_time(m->updated_at), "version", (json_int_t)m->version);
}

static int fetch(struct ctx *cx, int64_t id, struct hotline_mapping *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " MAPPING_COLS " FROM " MAPPING_FROM
					      " WHERE m.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return hl_one(cx, st, read_mapping, out);
}

int hl_mapping_find(struct ctx *cx, int64_t platform_id, const char *category,
		    struct hotline_mapping *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " MAPPING_COLS " FROM " MAPPING_FROM
					      " WHERE m.platform_id = ? AND m.category = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, platform_id);
	store_bind_text(st, 2, category);
	return hl_one(cx, st, read_mapping, out);
}

int hotline_mappings_list(struct ctx *cx, int64_t platform_id, struct hotline_mapping **items,
			  size_t *n)
{
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " MAPPING_COLS " FROM " MAPPING_FROM
		" WHERE (CAST(? AS BIGINT) IS NULL OR m.platform_id = ?) ORDER BY m.platform_id,"
		" m.category LIMIT 5000");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64_or_null(st, 1, platform_id);
	store_bind_int64_or_null(st, 2, platform_id);
	return ctx_rows(cx, st, sizeof **items, 5000, read_mapping, items, n);
}

/* An active catalog item for item_id: 0, or -1 with the field named. */
static int judge_item(struct ctx *cx, int64_t item_id)
{
	struct catalog_item it;
	int f = catalog_item_by_id(cx, item_id, &it);
	if (f < 0)
		return -1;
	if (f == 0 || !it.active)
		return err_field(&cx->err, "item_id", "hotline_item", 0);
	return 0;
}

int hl_mapping_insert(struct ctx *cx, int64_t platform_id, const char *category,
		      const char *name, int64_t item_id, int64_t *id)
{
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO hotline_mappings (platform_id,"
		" category, name, item_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, platform_id);
	store_bind_text(st, 2, category);
	store_bind_text(st, 3, name ? name : "");
	store_bind_int64(st, 4, item_id);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	if (ctx_insert(cx, st, "category", "hotline_category_taken", id) < 0)
		return -1;
	struct hotline_mapping m;
	if (fetch(cx, *id, &m) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *after = hotline_mapping_json(&m);
	int rc = audit_record(cx, "hotline_mapping.create", "hotline_mapping", *id, NULL, after);
	json_decref(after);
	if (rc < 0)
		ctx_rollback(cx);
	return rc;
}

int hotline_mapping_create(struct ctx *cx, json_t *body, struct hotline_mapping *out)
{
	static const char *const allowed[] = {"platform_id", "category", "name", "item_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	const struct limit *L = hotline_limits;
	int64_t platform_id = 0, item_id = 0;
	const char *category = NULL, *name = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "platform_id", JF_REQUIRED, 1, INT64_MAX, &platform_id, e);
	if (jf_str(body, "category", JF_REQUIRED, (size_t)L[L_HL_CATEGORY].min,
		   (size_t)L[L_HL_CATEGORY].max, &category, e) > 0 && !hl_code_ok(category))
		err_field(e, "category", "hotline_code", 0);
	jf_str(body, "name", 0, 0, (size_t)L[L_HL_CATEGORY_NAME].max, &name, e);
	jf_int(body, "item_id", JF_REQUIRED, 1, INT64_MAX, &item_id, e);
	struct hotline_platform p;
	int f = platform_id ? hl_platform_fetch(cx, platform_id, &p) : 1;
	if (f < 0)
		return -1;
	if (f == 0)
		err_field(e, "platform_id", "hotline_platform", 0);
	if (item_id && judge_item(cx, item_id) < 0 && e->code != ERR_VALIDATION)
		return -1;
	if (e->code)
		return -1;
	int64_t id;
	if (ctx_begin(cx) < 0 || hl_mapping_insert(cx, platform_id, category, name, item_id, &id) < 0)
		return -1;
	if (ctx_commit(cx) < 0)
		return -1;
	return fetch(cx, id, out) == 1 ? 0 : err_set(e, ERR_INTERNAL);
}

int hl_mapping_write(struct ctx *cx, const struct hotline_mapping *m, const char *name,
		     int64_t item_id, int64_t version)
{
	struct store_stmt *st = store_prepare(cx->db, "UPDATE hotline_mappings SET name = ?,"
		" item_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_int64(st, 2, item_id);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, m->id);
	store_bind_int64(st, 5, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	struct hotline_mapping now;
	if (fetch(cx, m->id, &now) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *before = hotline_mapping_json(m), *after = hotline_mapping_json(&now);
	int rc = audit_record(cx, "hotline_mapping.update", "hotline_mapping", m->id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc < 0)
		ctx_rollback(cx);
	return rc;
}

int hotline_mapping_update(struct ctx *cx, int64_t id, json_t *patch, struct hotline_mapping *out)
{
	static const char *const allowed[] = {"version", "name", "item_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct hotline_mapping m;
	int f = fetch(cx, id, &m);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	int64_t version = 0;
	struct hotline_mapping c = m;
	json_only_fields(patch, allowed, e);
	if (jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e) == 0)
		err_field(e, "version", "hotline_version_needed", 0);
	jf_str(patch, "name", 0, 0, (size_t)hotline_limits[L_HL_CATEGORY_NAME].max, &c.name, e);
	if (jf_int(patch, "item_id", 0, 1, INT64_MAX, &c.item_id, e) > 0 && judge_item(cx, c.item_id) < 0 &&
	    e->code != ERR_VALIDATION)
		return -1;
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0 || hl_mapping_write(cx, &m, c.name, c.item_id, version) < 0)
		return -1;
	if (ctx_commit(cx) < 0)
		return -1;
	return fetch(cx, id, out) == 1 ? 0 : err_set(e, ERR_INTERNAL);
}

int hotline_mapping_delete(struct ctx *cx, int64_t id, int64_t version)
{
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct hotline_mapping m;
	int f = fetch(cx, id, &m);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	if (ctx_begin(cx) < 0)
		return -1;
	if (ctx_delete_version(cx, "DELETE FROM hotline_mappings WHERE id = ? AND version = ?", id,
			       version) < 0)
		return -1;
	json_t *before = hotline_mapping_json(&m);
	int rc = audit_commit(cx, "hotline_mapping.delete", "hotline_mapping", id, before, NULL);
	json_decref(before);
	return rc;
}
