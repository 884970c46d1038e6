#include "org/org.h"

#include <string.h>

#include "access/access.h"
#include "access/audit.h"

#define UNIT_COLS "o.id, o.parent_id, o.code, o.name, o.kind, o.path"

static int64_t read_unit(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct org_unit *u = row;
	u->id = store_col_int64(st, 0);
	u->parent_id = store_col_int64(st, 1);
	u->code = arena_strdup(cx->a, store_col_text(st, 2));
	u->name = arena_strdup(cx->a, store_col_text(st, 3));
	u->kind = arena_strdup(cx->a, store_col_text(st, 4));
	u->path = arena_strdup(cx->a, store_col_text(st, 5));
	return u->id;
}

int org_kind_valid(const char *kind)
{
	static const char *const kinds[] = {"street", "community", "compound", "building", "grid",
					    "microgrid", NULL};
	for (int i = 0; kinds[i]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

json_t *org_unit_json(const struct org_unit *u)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:s}", "id", (json_int_t)u->id, "parent_id",
			 u->parent_id ? json_integer(u->parent_id) : json_null(), "code", u->code,
			 "name", u->name, "kind", u->kind);
}

static int one_unit(struct ctx *cx, struct store_stmt *st, struct org_unit *out)
{
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_unit(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int org_unit_by_code(struct ctx *cx, const char *code, struct org_unit *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS " FROM org_units o WHERE o.code = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, code);
	return one_unit(cx, st, out);
}

int org_unit_by_id(struct ctx *cx, int64_t id, struct org_unit *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS " FROM org_units o WHERE o.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return one_unit(cx, st, out);
}

static int many_units(struct ctx *cx, struct store_stmt *st, struct org_unit **items, size_t *n)
{
	return ctx_rows(cx, st, sizeof **items, 0, read_unit, items, n);
}

int org_units_of_user(struct ctx *cx, int64_t user_id, struct org_unit **items, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS " FROM user_units uu JOIN org_units o ON o.id = uu.unit_id "
		"WHERE uu.user_id = ? ORDER BY o.path");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	return many_units(cx, st, items, n);
}

int org_units_list(struct ctx *cx, struct org_unit **items, size_t *n)
{
	if (access_require(cx, PERM_UNITS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS " FROM org_units o WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" ORDER BY o.path LIMIT 5000");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	return many_units(cx, st, items, n);
}

int org_unit_add(struct ctx *cx, const char *code, const char *name, const char *kind,
		 const char *parent_code, struct org_unit *out)
{
	if (access_require(cx, PERM_USERS_WRITE, NULL) < 0)
		return -1;
	if (!org_kind_valid(kind))
		return err_field(&cx->err, "kind", "invalid", 0);
	struct org_unit parent = {0};
	if (parent_code) {
		int f = org_unit_by_code(cx, parent_code, &parent);
		if (f < 0)
			return -1;
		if (f == 0)
			return err_field(&cx->err, "parent", "unit_unknown", 0);
	}
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO org_units (parent_id, code, name, kind, path, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, '', ?, ?) RETURNING id");
	if (!st)
		goto fail_store;
	if (parent.id)
		store_bind_int64(st, 1, parent.id);
	else
		store_bind_null(st, 1);
	store_bind_text(st, 2, code);
	store_bind_text(st, 3, name);
	store_bind_text(st, 4, kind);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			return err_field(&cx->err, "code", "taken", 0), err_set(&cx->err, ERR_CONFLICT);
		}
		goto fail_store;
	}
	char *path = arena_printf(cx->a, "%s%lld/", parent.id ? parent.path : "/", (long long)id);
	st = store_prepare(cx->db, "UPDATE org_units SET path = ? WHERE id = ?");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, path);
	store_bind_int64(st, 2, id);
	rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail_store;
	*out = (struct org_unit){id, parent.id, code, name, kind, path};
	json_t *after = org_unit_json(out);
	rc = audit_record(cx, "unit.create", "org_unit", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx);
fail_store:
	ctx_store_error(cx);
fail:
	ctx_rollback(cx);
	return -1;
}
