/* The party service tree: its nodes, each attached to an org unit, each under a node of the
 * level above. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "base/text.h"
#include "org/org.h"
#include "party/limits.h"
#include "party/party_int.h"

static const char *const levels[] = {"committee", "branch", "group", "centre_household",
				     "vanguard_post"};

int party_level_depth(const char *level)
{
	for (int i = 0; level && i < 5; i++)
		if (strcmp(level, levels[i]) == 0)
			return i + 1;
	return 0;
}

/* The org-unit kinds a node of each level may be attached to. */
static bool kind_fits(int depth, const char *kind)
{
	if (depth == 1)
		return strcmp(kind, "street") == 0 || strcmp(kind, "community") == 0;
	if (depth == 2)
		return strcmp(kind, "compound") == 0 || strcmp(kind, "grid") == 0;
	return strcmp(kind, "compound") == 0 || strcmp(kind, "grid") == 0 ||
	       strcmp(kind, "microgrid") == 0;
}

#define PU_COLS "p.id, p.parent_id, p.level, p.name, p.path, p.unit_id, o.name, o.path, " \
	"p.closed_at, p.version, (SELECT COUNT(*) FROM party_members c WHERE " \
	"c.party_unit_id = p.id AND c.until IS NULL)"
#define PU_FROM "party_units p JOIN org_units o ON o.id = p.unit_id"

static int64_t read_unit(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct party_unit *u = row;
	u->id = store_col_int64(st, 0);
	u->parent_id = store_col_int64(st, 1);
	u->level = arena_strdup(cx->a, store_col_text(st, 2));
	u->name = arena_strdup(cx->a, store_col_text(st, 3));
	u->path = arena_strdup(cx->a, store_col_text(st, 4));
	u->unit_id = store_col_int64(st, 5);
	u->unit_name = arena_strdup(cx->a, store_col_text(st, 6));
	u->unit_path = arena_strdup(cx->a, store_col_text(st, 7));
	u->closed_at = store_col_int64(st, 8);
	u->version = store_col_int64(st, 9);
	u->members = store_col_int64(st, 10);
	return u->id;
}

json_t *party_unit_json(const struct party_unit *u)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:I, s:s, s:I, s:s, s:o, s:I}", "id",
			 (json_int_t)u->id, "parent_id",
			 u->parent_id ? json_integer(u->parent_id) : json_null(), "level", u->level,
			 "name", u->name, "unit_id", (json_int_t)u->unit_id, "unit_name", u->unit_name,
			 "members", (json_int_t)u->members, "status", u->closed_at ? "closed" : "open",
			 "closed_at", json_time(u->closed_at), "version", (json_int_t)u->version);
}

int party_unit_by_id(struct ctx *cx, int64_t id, struct party_unit *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PU_COLS " FROM " PU_FROM " WHERE p.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_unit(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int party_units_list(struct ctx *cx, const struct party_unit_filter *f, struct party_unit **items,
		     size_t *n)
{
	if (access_require(cx, PERM_PARTY_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PU_COLS " FROM " PU_FROM " WHERE (" ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" OR EXISTS (SELECT 1 FROM party_members sm WHERE sm.party_unit_id = p.id"
		" AND sm.user_id = ? AND sm.until IS NULL))"
		" AND (? = 1 OR p.closed_at IS NULL) AND (? = 0 OR p.parent_id = ?)"
		" ORDER BY p.path LIMIT 5000");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, cx->actor.user_id);
	store_bind_int64(st, 4, f->include_closed);
	store_bind_int64(st, 5, f->parent_id);
	store_bind_int64(st, 6, f->parent_id);
	return ctx_rows(cx, st, sizeof **items, 0, read_unit, items, n);
}

int party_unit_get(struct ctx *cx, int64_t id, struct party_unit *out)
{
	bool in_scope;
	return party_unit_readable(cx, id, out, &in_scope);
}

static void check_name(struct ctx *cx, const char *name)
{
	const struct limit *l = &party_limits[L_PARTY_UNIT_NAME];
	size_t n = name ? utf8_count(name) : 0;
	if (!name)
		err_field(&cx->err, "name", "required", 0);
	else if (n < (size_t)l->min)
		err_field(&cx->err, "name", "required", 0);
	else if (n > (size_t)l->max)
		err_field(&cx->err, "name", "too_long", (long)l->max);
}

/* Reload, audit, commit: the tail of every edit. */
static int finish(struct ctx *cx, const char *action, int64_t id, const struct party_unit *before,
		  struct party_unit *out)
{
	if (party_unit_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? party_unit_json(before) : NULL, *a = party_unit_json(out);
	int rc = audit_record(cx, action, "party_unit", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

/* The parent named for a write: it must exist in the actor's scope and be open. */
static int writable_parent(struct ctx *cx, int64_t id, struct party_unit *out)
{
	int f = party_unit_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || !access_path_in_scope(cx, out->unit_path))
		return err_field(&cx->err, "parent_id", "party_unit_unknown", 0);
	if (out->closed_at)
		return err_field(&cx->err, "parent_id", "party_unit_closed", 0);
	return 0;
}

/* Whether org unit `path` lies within (or is) the unit at `within`. */
static bool path_within(const char *path, const char *within)
{
	return strncmp(path, within, strlen(within)) == 0;
}

int party_unit_create(struct ctx *cx, json_t *body, struct party_unit *out)
{
	static const char *const allowed[] = {"parent_id", "level", "name", "unit_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_PARTY_WRITE, NULL) < 0)
		return -1;
	const char *level = NULL, *name = NULL;
	int64_t parent_id = 0, unit_id = 0;
	json_only_fields(body, allowed, e);
	int depth = 0;
	if (jf_str(body, "level", JF_REQUIRED, 1, 32, &level, e) > 0 &&
	    !(depth = party_level_depth(level)))
		err_field(e, "level", "invalid", 0);
	if (jf_str(body, "name", JF_REQUIRED, 0, 1000, &name, e) > 0)
		check_name(cx, name);
	int has_parent = jf_int(body, "parent_id", JF_NULLABLE, 1, INT64_MAX, &parent_id, e);
	int has_unit = jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e);
	struct party_unit parent = {0};
	bool parent_ok = false;
	if (depth == 1 && has_parent > 0)
		err_field(e, "parent_id", "party_parent_level", 0);
	else if (depth > 1 && has_parent == 0)
		err_field(e, "parent_id", "required", 0);
	else if (depth > 1 && has_parent > 0 && writable_parent(cx, parent_id, &parent) == 0) {
		if (party_level_depth(parent.level) != depth - 1)
			err_field(e, "parent_id", "party_parent_level", 0);
		else
			parent_ok = true;
	}
	struct org_unit unit;
	if (has_unit > 0) {
		int f = org_unit_by_id(cx, unit_id, &unit);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, unit.path))
			err_field(e, "unit_id", "unit_unknown", 0);
		else if (unit.closed_at)
			err_field(e, "unit_id", "unit_closed", 0);
		else if (depth && !kind_fits(depth, unit.kind))
			err_field(e, "unit_id", "party_unit_kind", 0);
		else if (parent_ok && !path_within(unit.path, parent.unit_path))
			err_field(e, "unit_id", "party_unit_outside", 0);
	}
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO party_units (parent_id, level, name, unit_id, path, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, '', ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	if (parent.id)
		store_bind_int64(st, 1, parent.id);
	else
		store_bind_null(st, 1);
	store_bind_text(st, 2, level);
	store_bind_text(st, 3, name);
	store_bind_int64(st, 4, unit_id);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_fail(cx);
	const char *path = arena_printf(cx->a, "%s%lld/", parent.id ? parent.path : "/", (long long)id);
	st = store_prepare(cx->db, "UPDATE party_units SET path = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, path);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0)
		return -1;
	return finish(cx, "party_unit.create", id, NULL, out);
}

/* Take the row's version, or say it is stale (409). */
static int bump_version(struct ctx *cx, int64_t id, int64_t version)
{
	return ctx_bump_version(cx, "UPDATE party_units SET version = version + 1, updated_at = ? "
				"WHERE id = ? AND version = ?", id, version);
}

int party_unit_update(struct ctx *cx, int64_t id, json_t *patch, struct party_unit *out)
{
	static const char *const allowed[] = {"version", "name", NULL};
	struct err *e = &cx->err;
	struct party_unit u;
	if (party_unit_writable(cx, id, &u) < 0)
		return -1;
	int64_t version = 0;
	const char *name = NULL;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_str(patch, "name", JF_REQUIRED, 0, 1000, &name, e) > 0)
		check_name(cx, name);
	if (u.closed_at)
		err_field(e, "id", "party_unit_closed", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0 || bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE party_units SET name = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0)
		return -1;
	return finish(cx, "party_unit.update", id, &u, out);
}

int party_unit_move(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out)
{
	static const char *const allowed[] = {"version", "parent_id", NULL};
	struct err *e = &cx->err;
	struct party_unit u, parent = {0};
	if (party_unit_writable(cx, id, &u) < 0)
		return -1;
	int64_t version = 0, parent_id = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_int(body, "parent_id", JF_REQUIRED, 1, INT64_MAX, &parent_id, e) > 0 &&
	    writable_parent(cx, parent_id, &parent) == 0) {
		if (path_within(parent.path, u.path))
			err_field(e, "parent_id", "party_unit_cycle", 0);
		else if (party_level_depth(parent.level) != party_level_depth(u.level) - 1)
			err_field(e, "parent_id", "party_parent_level", 0);
		else if (!path_within(u.unit_path, parent.unit_path))
			err_field(e, "parent_id", "party_unit_outside", 0);
	}
	if (u.closed_at)
		err_field(e, "id", "party_unit_closed", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0 || bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_units SET parent_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, parent.id);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0)
		return -1;
	/* the node and everything below it take the new prefix in one statement */
	const char *path = arena_printf(cx->a, "%s%lld/", parent.path, (long long)id);
	st = store_prepare(cx->db,
		"UPDATE party_units SET path = CAST(? AS TEXT) || substr(path, length(CAST(? AS TEXT)) + 1), "
		"updated_at = ? WHERE substr(path, 1, length(CAST(? AS TEXT))) = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, path);
	store_bind_text(st, 2, u.path);
	store_bind_int64(st, 3, cx->now);
	store_bind_text(st, 4, u.path);
	store_bind_text(st, 5, u.path);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0)
		return -1;
	return finish(cx, "party_unit.move", id, &u, out);
}

int party_unit_close(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct party_unit u;
	if (party_unit_writable(cx, id, &u) < 0)
		return -1;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (u.closed_at)
		return err_field(e, "id", "party_unit_closed", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	int64_t units = 0, members = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM party_units WHERE parent_id = ? "
			      "AND closed_at IS NULL", &units, 1, id) < 0 ||
	    store_query_int64(cx->db, "SELECT COUNT(*) FROM party_members WHERE party_unit_id = ? "
			      "AND until IS NULL", &members, 1, id) < 0)
		return ctx_fail(cx);
	if (units)
		err_field(e, "units", "party_unit_has_units", (long)units);
	if (members)
		err_field(e, "members", "party_unit_has_members", (long)members);
	if (e->code) {
		ctx_rollback(cx);
		return err_set(e, ERR_CONFLICT);
	}
	if (bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_units SET closed_at = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0)
		return -1;
	return finish(cx, "party_unit.close", id, &u, out);
}

int party_unit_reopen(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct party_unit u;
	if (party_unit_writable(cx, id, &u) < 0)
		return -1;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (!u.closed_at)
		return err_field(e, "id", "party_unit_open", 0), err_set(e, ERR_CONFLICT);
	/* it comes back only where it may stand: under an open node, on an open unit */
	struct party_unit parent;
	struct org_unit unit;
	bool parent_open = false;
	if (u.parent_id && (party_unit_by_id(cx, u.parent_id, &parent) != 1 || parent.closed_at))
		err_field(e, "parent_id", "party_unit_closed", 0);
	else
		parent_open = u.parent_id != 0;
	int f = org_unit_by_id(cx, u.unit_id, &unit);
	if (f < 0)
		return -1;
	if (f == 0 || unit.closed_at)
		err_field(e, "unit_id", "unit_closed", 0);
	else if (parent_open && !path_within(u.unit_path, parent.unit_path))
		err_field(e, "unit_id", "party_unit_outside", 0);   /* its unit moved away meanwhile */
	if (e->code)
		return err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0 || bump_version(cx, id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_units SET closed_at = NULL WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, id);
	if (ctx_write(cx, st, "name", "taken", NULL) < 0)
		return -1;
	return finish(cx, "party_unit.reopen", id, &u, out);
}
