/* Units and places in bulk, for demo data at scale (`linli demo --scale district`): each row is
 * written in the caller's transaction with the same columns and path rule as org_unit_create
 * and org_place_create, but without their checks and without an audit entry of its own; the
 * caller records one entry for what it built. */
#include <string.h>

#include "org/internal.h"

static int fail(struct ctx *cx)
{
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

int org_bulk_unit(struct ctx *cx, const struct org_unit *parent, const char *code,
		  const char *name, const char *kind, struct org_unit *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO org_units (parent_id, code, name, kind, path, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, '', ?, ?) RETURNING id");
	if (!st)
		return fail(cx);
	if (parent)
		store_bind_int64(st, 1, parent->id);
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
	if (rc != STORE_DONE)
		return fail(cx);
	char *path = arena_printf(cx->a, "%s%lld/", parent ? parent->path : "/", (long long)id);
	int64_t anchor[ORG_ANCHORS];
	org_anchors_of(parent, kind, id, anchor);
	st = org_set_path_stmt(cx, id, path, anchor);
	if (!st)
		return fail(cx);
	rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return fail(cx);
	*out = (struct org_unit){.id = id, .parent_id = parent ? parent->id : 0,
				 .code = arena_strdup(cx->a, code), .name = arena_strdup(cx->a, name),
				 .kind = arena_strdup(cx->a, kind), .path = path, .version = 1};
	memcpy(out->anchor, anchor, sizeof anchor);
	return 0;
}

int64_t org_bulk_place(struct ctx *cx, int64_t unit_id, int64_t parent_id, const char *kind,
		       const char *name)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO org_places (unit_id, parent_id, kind, name, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return fail(cx), 0;
	store_bind_int64(st, 1, unit_id);
	if (parent_id)
		store_bind_int64(st, 2, parent_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, name);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return fail(cx), 0;
	return id;
}
