/* Places in the tree: buildings (楼栋) in a compound, grid or micro-grid; entrances (单元) in a
 * building; dwellings (房屋) in an entrance, or in a building that has no entrances. A place is
 * in the scope of its unit. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "app/app.h"
#include "base/json.h"
#include "base/text.h"
#include "org/internal.h"
#include "org/limits.h"
#include "org/org.h"

/* The address joins the names of the place and of up to two places above it. */
#define PLACE_COLS "p.id, p.unit_id, p.parent_id, p.kind, p.name, p.closed_at, p.version, " \
	"COALESCE(g.name, '') || COALESCE(q.name, '') || p.name, o.path"
#define PLACE_FROM "org_places p JOIN org_units o ON o.id = p.unit_id " \
	"LEFT JOIN org_places q ON q.id = p.parent_id LEFT JOIN org_places g ON g.id = q.parent_id"

struct place_row {
	struct org_place p;
	const char *unit_path;
};

static int64_t read_place(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct place_row *r = row;
	r->p.id = store_col_int64(st, 0);
	r->p.unit_id = store_col_int64(st, 1);
	r->p.parent_id = store_col_int64(st, 2);
	r->p.kind = arena_strdup(cx->a, store_col_text(st, 3));
	r->p.name = arena_strdup(cx->a, store_col_text(st, 4));
	r->p.closed_at = store_col_int64(st, 5);
	r->p.version = store_col_int64(st, 6);
	r->p.address = arena_strdup(cx->a, store_col_text(st, 7));
	r->unit_path = arena_strdup(cx->a, store_col_text(st, 8));
	return r->p.id;
}

json_t *org_place_json(const struct org_place *p)
{
	return json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:I}", "id", (json_int_t)p->id,
			 "unit_id", (json_int_t)p->unit_id, "parent_id",
			 p->parent_id ? json_integer(p->parent_id) : json_null(), "kind", p->kind,
			 "name", p->name, "address", p->address, "status",
			 p->closed_at ? "closed" : "open", "closed_at", json_time(p->closed_at),
			 "version", (json_int_t)p->version);
}

static int fetch(struct ctx *cx, int64_t id, struct place_row *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLACE_COLS " FROM " PLACE_FROM " WHERE p.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_place(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int org_place_by_id(struct ctx *cx, int64_t id, struct org_place *out)
{
	struct place_row r;
	int f = fetch(cx, id, &r);
	if (f == 1)
		*out = r.p;
	return f;
}

static int scoped_place(struct ctx *cx, int64_t id, enum perm perm, struct place_row *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

int org_place_get(struct ctx *cx, int64_t id, struct org_place *out, struct org_unit *unit)
{
	struct place_row r;
	if (scoped_place(cx, id, PERM_UNITS_READ, &r) < 0)
		return -1;
	*out = r.p;
	if (unit && org_unit_by_id(cx, r.p.unit_id, unit) != 1)
		return err_set(&cx->err, ERR_INTERNAL);
	return 0;
}

int org_places_list(struct ctx *cx, const struct org_place_filter *f, struct org_place **items,
		    size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_UNITS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLACE_COLS " FROM " PLACE_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (? = 0 OR p.unit_id = ?)"
		" AND (? = 1 OR CASE WHEN ? = 0 THEN p.parent_id IS NULL ELSE p.parent_id = ? END)"
		" AND (? = 1 OR p.closed_at IS NULL) AND p.id > ? ORDER BY p.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, f->unit_id);
	store_bind_int64(st, 4, f->unit_id);
	store_bind_int64(st, 5, f->every_level);
	store_bind_int64(st, 6, f->parent_id);
	store_bind_int64(st, 7, f->parent_id);
	store_bind_int64(st, 8, f->include_closed);
	store_bind_int64(st, 9, f->cursor);
	store_bind_int64(st, 10, f->limit + 1);
	struct place_row *rows;
	if (ctx_page(cx, st, sizeof *rows, f->limit, read_place, &rows, n, next_cursor) < 0)
		return -1;
	*items = arena_alloc(cx->a, (*n ? *n : 1) * sizeof **items);
	for (size_t i = 0; i < *n; i++)
		(*items)[i] = rows[i].p;
	return 0;
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct org_place *before,
		  struct org_place *out)
{
	if (org_place_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? org_place_json(before) : NULL, *a = org_place_json(out);
	int rc = audit_record(cx, action, "org_place", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

static const char *const place_kinds[] = {"building", "entrance", "dwelling", NULL};

/* What a place of `kind` may stand in: a building in a compound, grid or micro-grid; an
 * entrance in a building; a dwelling in an entrance or a building. */
static bool place_fits(const char *kind, const char *parent_kind, const char *unit_kind)
{
	if (strcmp(kind, "building") == 0)
		return !parent_kind && unit_kind &&
		       (strcmp(unit_kind, "compound") == 0 || strcmp(unit_kind, "grid") == 0 ||
			strcmp(unit_kind, "microgrid") == 0);
	if (strcmp(kind, "entrance") == 0)
		return parent_kind && strcmp(parent_kind, "building") == 0;
	return parent_kind && (strcmp(parent_kind, "building") == 0 ||
			       strcmp(parent_kind, "entrance") == 0);
}

int org_place_create(struct ctx *cx, json_t *body, struct org_place *out)
{
	static const char *const allowed[] = {"unit_id", "parent_id", "kind", "name", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_UNITS_WRITE, NULL) < 0)
		return -1;
	int64_t unit_id = 0, parent_id = 0;
	const char *kind = NULL, *name = NULL;
	json_only_fields(body, allowed, e);
	int has_unit = jf_int(body, "unit_id", 0, 1, INT64_MAX, &unit_id, e);
	int has_parent = jf_int(body, "parent_id", 0, 1, INT64_MAX, &parent_id, e);
	jf_str(body, "name", JF_REQUIRED, (size_t)org_limits[L_PLACE_NAME].min,
	       (size_t)org_limits[L_PLACE_NAME].max, &name, e);
	int kind_ok = jf_str(body, "kind", JF_REQUIRED, 1, 16, &kind, e) > 0;
	if (kind_ok) {
		kind_ok = 0;
		for (int i = 0; place_kinds[i]; i++)
			kind_ok |= strcmp(kind, place_kinds[i]) == 0;
		if (!kind_ok)
			err_field(e, "kind", "invalid", 0);
	}
	struct place_row parent = {0};
	struct org_unit unit = {0};
	if (has_parent > 0) {
		int f = fetch(cx, parent_id, &parent);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, parent.unit_path))
			err_field(e, "parent_id", "place_unknown", 0);
		else if (parent.p.closed_at)
			err_field(e, "parent_id", "place_closed", 0);
		else if (has_unit > 0 && unit_id != parent.p.unit_id)
			err_field(e, "unit_id", "place_other_unit", 0);
		else
			unit_id = parent.p.unit_id;
	} else if (has_unit == 0) {
		err_field(e, "unit_id", "required", 0);
	}
	if (unit_id && !(has_parent > 0 && !parent.p.id)) {
		int f = org_unit_by_id(cx, unit_id, &unit);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, unit.path))
			err_field(e, "unit_id", "unit_unknown", 0);
		else if (unit.closed_at)
			err_field(e, "unit_id", "unit_closed", 0);
	}
	if (kind_ok && unit.id && (has_parent <= 0 || parent.p.id) &&
	    !place_fits(kind, parent.p.id ? parent.p.kind : NULL, unit.kind))
		err_field(e, parent.p.id || strcmp(kind, "building") != 0 ? "parent_id" : "unit_id",
			  "place_parent_kind", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO org_places (unit_id, parent_id, kind, name, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit.id);
	if (parent.p.id)
		store_bind_int64(st, 2, parent.p.id);
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
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(e, "name", "taken", 0);
			return err_set(e, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	return finish(cx, "place.create", id, NULL, out);
}

static int bump_version(struct ctx *cx, int64_t id, int64_t version)
{
	return ctx_bump_version(cx, "UPDATE org_places SET version = version + 1, updated_at = ? "
				"WHERE id = ? AND version = ?", id, version);
}

int org_place_update(struct ctx *cx, int64_t id, json_t *patch, struct org_place *out)
{
	static const char *const allowed[] = {"version", "name", NULL};
	struct err *e = &cx->err;
	struct place_row r;
	if (scoped_place(cx, id, PERM_UNITS_WRITE, &r) < 0)
		return -1;
	int64_t version = 0;
	const char *name = r.p.name;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	jf_str(patch, "name", 0, (size_t)org_limits[L_PLACE_NAME].min,
	       (size_t)org_limits[L_PLACE_NAME].max, &name, e);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_places SET name = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, "name", "taken", NULL) < 0)
		return -1;
	return finish(cx, "place.update", id, &r.p, out);
}

/* What still hangs on a place: its open places, and what the features list in place_uses. */
static int check_unused(struct ctx *cx, int64_t id)
{
	static const struct feature_use own[] = {
		{"places", "place_has_places",
		 "SELECT COUNT(*) FROM org_places WHERE parent_id = ? AND closed_at IS NULL"},
		{NULL, NULL, NULL},
	};
	return org_uses_check(cx, own, true, id);
}

int org_place_close(struct ctx *cx, int64_t id, json_t *body, bool close, struct org_place *out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct place_row r;
	if (scoped_place(cx, id, PERM_UNITS_WRITE, &r) < 0)
		return -1;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (close != !r.p.closed_at)
		return err_field(e, "id", close ? "place_closed" : "place_open", 0),
		       err_set(e, ERR_CONFLICT);
	if (!close && r.p.parent_id) {
		struct org_place parent;
		if (org_place_by_id(cx, r.p.parent_id, &parent) == 1 && parent.closed_at)
			return err_field(e, "parent_id", "place_closed", 0), err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0)
		return -1;
	if (close && check_unused(cx, id) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_places SET closed_at = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	if (close)
		store_bind_int64(st, 1, cx->now);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, "name", "taken", NULL) < 0)
		return -1;
	return finish(cx, close ? "place.close" : "place.reopen", id, &r.p, out);
}
