/* The org-unit tree: reads, and the edits that keep its paths and codes whole. */
#include "org/org.h"

#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "app/app.h"
#include "base/json.h"
#include "base/text.h"
#include "org/area.h"
#include "org/internal.h"
#include "org/limits.h"

#define UNIT_COLS "o.id, o.parent_id, o.code, o.name, o.kind, o.path, o.closed_at, o.version, " \
	"CASE WHEN o.geometry IS NULL THEN 0 ELSE 1 END, o.street_id, o.community_id, o.grid_id"

static int64_t read_unit(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct org_unit *u = row;
	u->id = store_col_int64(st, 0);
	u->parent_id = store_col_int64(st, 1);
	u->code = arena_strdup(cx->a, store_col_text(st, 2));
	u->name = arena_strdup(cx->a, store_col_text(st, 3));
	u->kind = arena_strdup(cx->a, store_col_text(st, 4));
	u->path = arena_strdup(cx->a, store_col_text(st, 5));
	u->closed_at = store_col_int64(st, 6);
	u->version = store_col_int64(st, 7);
	u->has_geometry = store_col_int64(st, 8) != 0;
	u->geometry = NULL;
	for (int k = 0; k < ORG_ANCHORS; k++)
		u->anchor[k] = store_col_int64(st, 9 + k);
	return u->id;
}

size_t org_path_ids(const char *path, int64_t *ids, size_t max)
{
	if (!path || path[0] != '/')
		return 0;
	size_t n = 0;
	const char *p = path + 1;
	while (*p) {
		int64_t v = 0;
		const char *q = p;
		while (*q >= '0' && *q <= '9' && v < INT64_MAX / 10)
			v = v * 10 + (*q++ - '0');
		if (q == p || *q != '/' || v <= 0 || n == max)
			return 0;
		ids[n++] = v;
		p = q + 1;
	}
	return n;
}

struct store_stmt *org_set_path_stmt(struct ctx *cx, int64_t id, const char *path,
				     const int64_t anchor[ORG_ANCHORS])
{
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_units SET path = ?, street_id = ?, "
					      "community_id = ?, grid_id = ? WHERE id = ?");
	if (!st)
		return NULL;
	store_bind_text(st, 1, path);
	for (int k = 0; k < ORG_ANCHORS; k++)
		store_bind_int64_or_null(st, 2 + k, anchor[k]);
	store_bind_int64(st, 5, id);
	return st;
}

json_t *org_unit_json(const struct org_unit *u)
{
	json_t *j = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:b, s:I}", "id", (json_int_t)u->id,
			      "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null(),
			      "code", u->code, "name", u->name, "kind", u->kind,
			      "status", u->closed_at ? "closed" : "open", "closed_at",
			      json_time(u->closed_at), "has_geometry", u->has_geometry, "version",
			      (json_int_t)(u->version ? u->version : 1));
	return j;
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

int org_units_list(struct ctx *cx, const struct org_unit_filter *f, struct org_unit **items,
		   size_t *n)
{
	static const struct org_unit_filter none = {0};
	if (!f)
		f = &none;
	if (access_require(cx, PERM_UNITS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS " FROM org_units o WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (? = 1 OR o.closed_at IS NULL) AND (? = 0 OR o.parent_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR o.kind = ?) ORDER BY o.path LIMIT 5000");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, f->include_closed);
	store_bind_int64(st, 4, f->parent_id);
	store_bind_int64(st, 5, f->parent_id);
	store_bind_text(st, 6, f->kind);
	store_bind_text(st, 7, f->kind);
	return many_units(cx, st, items, n);
}

/* A unit the actor may see, for `perm`: 404 when missing or outside the actor's scope. */
static int scoped_unit(struct ctx *cx, int64_t id, enum perm perm, struct org_unit *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = org_unit_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

static int load_geometry(struct ctx *cx, struct org_unit *u)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT geometry FROM org_units WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, u->id);
	int rc = store_step(st);
	if (rc == STORE_ROW && !store_col_is_null(st, 0))
		u->geometry = arena_strdup(cx->a, store_col_text(st, 0));
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

int org_unit_get(struct ctx *cx, int64_t id, struct org_unit *out)
{
	if (scoped_unit(cx, id, PERM_UNITS_READ, out) < 0)
		return -1;
	return load_geometry(cx, out);
}

/* The parent named by id for a write: it must exist, lie in scope and be open. */
static int writable_parent(struct ctx *cx, const char *field, int64_t id, struct org_unit *out)
{
	int f = org_unit_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || !access_path_in_scope(cx, out->path))
		return err_field(&cx->err, field, "unit_unknown", 0);
	if (out->closed_at)
		return err_field(&cx->err, field, "unit_closed", 0);
	return 0;
}

static int set_area(struct ctx *cx, int64_t id, const struct org_area *area)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE org_units SET geometry = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ? "
		"WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, area ? area->geojson : NULL);
	if (area) {
		store_bind_double(st, 2, area->min_lon);
		store_bind_double(st, 3, area->min_lat);
		store_bind_double(st, 4, area->max_lon);
		store_bind_double(st, 5, area->max_lat);
	} else {
		for (int i = 2; i <= 5; i++)
			store_bind_null(st, i);
	}
	store_bind_int64(st, 6, id);
	return ctx_write(cx, st, "code", "taken", NULL);
}

/* Reload, audit, commit: the tail of every edit. */
static int finish(struct ctx *cx, const char *action, int64_t id, const struct org_unit *before,
		  struct org_unit *out)
{
	if (org_unit_by_id(cx, id, out) <= 0 || load_geometry(cx, out) < 0) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? org_unit_json(before) : NULL, *a = org_unit_json(out);
	/* the audit keeps whether there is an area, not its thousands of points */
	json_object_del(a, "geometry");
	if (b)
		json_object_del(b, "geometry");
	int rc = audit_record(cx, action, "org_unit", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

static void check_name(struct ctx *cx, const char *name)
{
	size_t n = name ? utf8_count(name) : 0;
	if (!name)
		err_field(&cx->err, "name", "required", 0);
	else if (n < (size_t)org_limits[L_UNIT_NAME].min || n > (size_t)org_limits[L_UNIT_NAME].max)
		err_field(&cx->err, "name", n ? "too_long" : "required",
			  n ? org_limits[L_UNIT_NAME].max : 0);
}

int org_unit_create(struct ctx *cx, const struct org_unit_in *in, struct org_unit *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_UNITS_WRITE, NULL) < 0)
		return -1;
	struct org_unit parent = {0};
	bool parent_ok = true;
	if (in->parent_id) {
		if (writable_parent(cx, "parent_id", in->parent_id, &parent) < 0)
			parent_ok = false;
	} else if (!access_is_global(cx)) {
		/* a root is the whole tree's business */
		err_field(e, "parent_id", "required", 0);
		parent_ok = false;
	}
	check_name(cx, in->name);
	if (!in->kind || !org_kind_valid(in->kind))
		err_field(e, "kind", in->kind ? "invalid" : "required", 0);
	else if (parent_ok && !org_kind_fits(in->kind, in->parent_id ? parent.kind : NULL))
		err_field(e, "parent_id", "unit_parent_kind", 0);
	else if (parent_ok)
		org_code_check(e, "code", in->kind, in->code, in->parent_id ? &parent : NULL);
	struct org_area area = {0};
	if (in->geometry && !json_is_null(in->geometry))
		org_area_read(cx, "geometry", in->geometry, &area);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO org_units (parent_id, code, name, kind, path, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, '', ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	if (parent.id)
		store_bind_int64(st, 1, parent.id);
	else
		store_bind_null(st, 1);
	store_bind_text(st, 2, in->code);
	store_bind_text(st, 3, in->name);
	store_bind_text(st, 4, in->kind);
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
			err_field(e, "code", "taken", 0);
			return err_set(e, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	char *path = arena_printf(cx->a, "%s%lld/", parent.id ? parent.path : "/", (long long)id);
	int64_t anchor[ORG_ANCHORS];
	org_anchors_of(parent.id ? &parent : NULL, in->kind, id, anchor);
	st = org_set_path_stmt(cx, id, path, anchor);
	if (!st)
		return ctx_fail(cx);
	if (ctx_write(cx, st, "code", "taken", NULL) < 0)
		return -1;
	if (area.geojson && set_area(cx, id, &area) < 0)
		return -1;
	return finish(cx, "unit.create", id, NULL, out);
}

int org_unit_add(struct ctx *cx, const char *code, const char *name, const char *kind,
		 const char *parent_code, struct org_unit *out)
{
	struct org_unit_in in = {.code = code, .name = name, .kind = kind};
	if (parent_code) {
		struct org_unit parent;
		int f = org_unit_by_code(cx, parent_code, &parent);
		if (f < 0)
			return -1;
		if (f == 0)
			return err_field(&cx->err, "parent", "unit_unknown", 0);
		in.parent_id = parent.id;
	}
	return org_unit_create(cx, &in, out);
}

/* Give every unit below `old_path` (and the unit itself) its new path, and every code that
 * begins with the old code the new code instead: one statement, so the tree never shows half. */
static int rewrite_subtree(struct ctx *cx, const struct org_unit *u, const char *new_path,
			   const char *new_code)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE org_units SET path = CAST(? AS TEXT) || substr(path, length(CAST(? AS TEXT)) + 1), "
		"code = CASE WHEN substr(code, 1, length(CAST(? AS TEXT))) = ? "
		"THEN CAST(? AS TEXT) || substr(code, length(CAST(? AS TEXT)) + 1) ELSE code END, "
		"updated_at = ? WHERE substr(path, 1, length(CAST(? AS TEXT))) = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, new_path);
	store_bind_text(st, 2, u->path);
	store_bind_text(st, 3, u->code);
	store_bind_text(st, 4, u->code);
	store_bind_text(st, 5, new_code);
	store_bind_text(st, 6, u->code);
	store_bind_int64(st, 7, cx->now);
	store_bind_text(st, 8, u->path);
	store_bind_text(st, 9, u->path);
	return ctx_write(cx, st, "code", "taken", NULL);
}

/* After u moved under parent (its subtree's paths now start with path): the anchors of the
 * subtree that lay above u become the new parent's; those of u's own kind or below it stay.
 * Then the features' checks (a count above 0 refuses the move: 409, rolled back), and their
 * tables that keep anchors take their units' new ones. */
static int move_anchors(struct ctx *cx, const struct org_unit *u, const struct org_unit *parent,
			const char *path)
{
	int64_t own[ORG_ANCHORS];
	org_anchors_of(NULL, u->kind, u->id, own);
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE org_units SET "
		"street_id = CASE WHEN COALESCE(street_id, 0) = ? THEN CAST(? AS BIGINT) ELSE street_id END, "
		"community_id = CASE WHEN COALESCE(community_id, 0) = ? THEN CAST(? AS BIGINT) "
		"ELSE community_id END, "
		"grid_id = CASE WHEN COALESCE(grid_id, 0) = ? THEN CAST(? AS BIGINT) ELSE grid_id END "
		"WHERE substr(path, 1, length(CAST(? AS TEXT))) = ?");
	if (!st)
		return ctx_fail(cx);
	for (int k = 0; k < ORG_ANCHORS; k++) {
		/* u's own kind: nothing below it changes (-1 matches no row) */
		store_bind_int64(st, 1 + 2 * k, own[k] ? -1 : u->anchor[k]);
		store_bind_int64_or_null(st, 2 + 2 * k, parent->anchor[k]);
	}
	store_bind_text(st, 7, path);
	store_bind_text(st, 8, path);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	for (const struct feature *const *f = app_features; *f; f++)
		for (const struct feature_use *use = (*f)->unit_move_checks; use && use->field; use++) {
			if (!(st = store_prepare(cx->db, use->count_sql)))
				return ctx_fail(cx);
			store_bind_text(st, 1, path);
			store_bind_text(st, 2, path);
			int rc = store_step(st);
			int64_t n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
			store_reset(st);
			if (rc != STORE_ROW)
				return ctx_fail(cx);
			if (n > 0)
				err_field(&cx->err, use->field, use->message, (long)n);
		}
	if (cx->err.code) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	for (const struct feature *const *f = app_features; *f; f++)
		for (const char *const *sql = (*f)->unit_moved_sql; sql && *sql; sql++) {
			if (!(st = store_prepare(cx->db, *sql)))
				return ctx_fail(cx);
			store_bind_text(st, 1, path);
			store_bind_text(st, 2, path);
			if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
				return -1;
		}
	for (const struct feature *const *f = app_features; *f; f++)
		if ((*f)->unit_moved && (*f)->unit_moved(cx, u->id, u->path, path) < 0)
			return -1;
	return 0;
}

/* Take the row's version, or say it is stale (409). */
static int bump_version(struct ctx *cx, int64_t id, int64_t version)
{
	return ctx_bump_version(cx, "UPDATE org_units SET version = version + 1, updated_at = ? "
				"WHERE id = ? AND version = ?", id, version);
}

/* The parent of a unit, for the code rule: 1, or 0 for a root. */
static int parent_of(struct ctx *cx, const struct org_unit *u, struct org_unit *parent)
{
	if (!u->parent_id)
		return 0;
	return org_unit_by_id(cx, u->parent_id, parent) == 1 ? 1 : -1;
}

int org_unit_update(struct ctx *cx, int64_t id, json_t *patch, struct org_unit *out)
{
	static const char *const allowed[] = {"version", "name", "code", "geometry", NULL};
	struct err *e = &cx->err;
	struct org_unit u, parent;
	if (scoped_unit(cx, id, PERM_UNITS_WRITE, &u) < 0)
		return -1;
	int64_t version = 0;
	const char *name = u.name, *code = u.code;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_str(patch, "name", 0, 0, 1000, &name, e) > 0)
		check_name(cx, name);
	int has_code = jf_str(patch, "code", 0, 1, 64, &code, e) > 0 && strcmp(code, u.code) != 0;
	int pf = parent_of(cx, &u, &parent);
	if (pf < 0)
		return err_set(e, ERR_INTERNAL);
	if (has_code)
		org_code_check(e, "code", u.kind, code, pf ? &parent : NULL);
	json_t *g = json_object_get(patch, "geometry");
	struct org_area area = {0};
	if (g && !json_is_null(g))
		org_area_read(cx, "geometry", g, &area);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_units SET name = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, "code", "taken", NULL) < 0)
		return -1;
	if (has_code && rewrite_subtree(cx, &u, u.path, code) < 0)
		return -1;
	if (g && set_area(cx, id, area.geojson ? &area : NULL) < 0)
		return -1;
	return finish(cx, "unit.update", id, &u, out);
}

int org_unit_move(struct ctx *cx, int64_t id, json_t *body, struct org_unit *out)
{
	static const char *const allowed[] = {"version", "parent_id", "code", NULL};
	struct err *e = &cx->err;
	struct org_unit u, parent;
	if (scoped_unit(cx, id, PERM_UNITS_WRITE, &u) < 0)
		return -1;
	int64_t version = 0, parent_id = 0;
	const char *code = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_int(body, "parent_id", JF_REQUIRED, 1, INT64_MAX, &parent_id, e) > 0 &&
	    writable_parent(cx, "parent_id", parent_id, &parent) == 0) {
		if (strncmp(parent.path, u.path, strlen(u.path)) == 0)
			err_field(e, "parent_id", "unit_cycle", 0);
		else if (!org_kind_fits(u.kind, parent.kind))
			err_field(e, "parent_id", "unit_parent_kind", 0);
		else if (jf_str(body, "code", 0, 1, 64, &code, e) > 0 || 
			 (code = org_code_moved(cx->a, &u, &parent)) != NULL)
			org_code_check(e, "code", u.kind, code, &parent);
	}
	if (u.closed_at)
		err_field(e, "id", "unit_closed", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_units SET parent_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, parent.id);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, "code", "taken", NULL) < 0)
		return -1;
	const char *path = arena_printf(cx->a, "%s%lld/", parent.path, (long long)id);
	if (rewrite_subtree(cx, &u, path, code ? code : u.code) < 0 ||
	    move_anchors(cx, &u, &parent, path) < 0)
		return -1;
	return finish(cx, "unit.move", id, &u, out);
}

/* What still hangs on a unit: its open units and places, and what the features list in
 * their unit_uses. */
static int check_unused(struct ctx *cx, int64_t id)
{
	static const struct feature_use own[] = {
		{"units", "unit_has_units",
		 "SELECT COUNT(*) FROM org_units WHERE parent_id = ? AND closed_at IS NULL"},
		{"places", "unit_has_places",
		 "SELECT COUNT(*) FROM org_places WHERE unit_id = ? AND closed_at IS NULL"},
		{NULL, NULL, NULL},
	};
	return org_uses_check(cx, own, false, id);
}

int org_uses_check(struct ctx *cx, const struct feature_use *own, bool place, int64_t id)
{
	const struct feature_use *lists[16] = {own};
	size_t nl = 1;
	for (const struct feature *const *f = app_features; *f && nl < 16; f++) {
		const struct feature_use *uses = place ? (*f)->place_uses : (*f)->unit_uses;
		if (uses)
			lists[nl++] = uses;
	}
	for (size_t l = 0; l < nl; l++)
		for (const struct feature_use *use = lists[l]; use->field; use++) {
			int64_t n = 0;
			if (store_query_int64(cx->db, use->count_sql, &n, 1, id) < 0)
				return ctx_store_error(cx);
			if (n > 0)
				err_field(&cx->err, use->field, use->message, (long)n);
		}
	return cx->err.code ? err_set(&cx->err, ERR_CONFLICT) : 0;
}

int org_unit_close(struct ctx *cx, int64_t id, json_t *body, bool close, struct org_unit *out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct org_unit u, parent;
	if (scoped_unit(cx, id, PERM_UNITS_WRITE, &u) < 0)
		return -1;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (close && u.closed_at)
		return err_field(e, "id", "unit_closed", 0), err_set(e, ERR_CONFLICT);
	if (!close && !u.closed_at)
		return err_field(e, "id", "unit_open", 0), err_set(e, ERR_CONFLICT);
	if (!close && parent_of(cx, &u, &parent) == 1 && parent.closed_at)
		return err_field(e, "parent_id", "unit_closed", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	if (close && check_unused(cx, id) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE org_units SET closed_at = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	if (close)
		store_bind_int64(st, 1, cx->now);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, "code", "taken", NULL) < 0)
		return -1;
	return finish(cx, close ? "unit.close" : "unit.reopen", id, &u, out);
}

/* Candidates by bounding box, deepest first; the first whose area holds the point wins. */
int org_locate(struct ctx *cx, double lon, double lat, bool scoped, struct org_unit *out)
{
	if (scoped && access_require(cx, PERM_UNITS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " UNIT_COLS ", o.geometry FROM org_units o WHERE o.geometry IS NOT NULL "
		"AND o.closed_at IS NULL AND o.kind IN ('grid', 'microgrid') "
		"AND o.min_lon <= ? AND o.max_lon >= ? AND o.min_lat <= ? AND o.max_lat >= ? "
		"AND (? = 0 OR " ACCESS_PATH_IN_SCOPE_SQL("o.path") ") "
		"ORDER BY length(o.path) - length(replace(o.path, '/', '')) DESC, o.id LIMIT 200");
	if (!st)
		return ctx_store_error(cx);
	store_bind_double(st, 1, lon);
	store_bind_double(st, 2, lon);
	store_bind_double(st, 3, lat);
	store_bind_double(st, 4, lat);
	store_bind_int64(st, 5, scoped);
	access_bind_scope(cx, st, 6);
	int rc, found = 0;
	while (!found && (rc = store_step(st)) == STORE_ROW) {
		if (org_area_contains(cx, store_col_text(st, 12), lon, lat)) {
			read_unit(cx, st, out);
			found = 1;
		}
	}
	if (!found && rc == STORE_ERR) {
		store_reset(st);
		return ctx_store_error(cx);
	}
	store_reset(st);
	return found;
}
