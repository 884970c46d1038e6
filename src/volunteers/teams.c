/* Volunteer teams (志愿服务队: 红色便民服务队, party members' teams, students' teams) of a street or
 * community, with leaders and members; a membership ends on a day, never vanishes. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "org/org.h"
#include "volunteers/internal.h"

#define T_COLS "t.id, t.unit_id, o.name, o.path, t.name, t.kind, t.description, t.active, " \
	"(SELECT COUNT(*) FROM volunteer_team_members m WHERE m.team_id = t.id AND m.until IS NULL), " \
	"(SELECT COUNT(*) FROM volunteer_team_members m WHERE m.team_id = t.id AND m.until IS NULL" \
	" AND m.role = 'leader'), t.created_at, t.updated_at, t.version"
#define T_FROM "volunteer_teams t JOIN org_units o ON o.id = t.unit_id"

static int64_t read_team(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct volunteer_team *t = row;
	t->id = store_col_int64(st, 0);
	t->unit_id = store_col_int64(st, 1);
	t->unit_name = arena_strdup(cx->a, store_col_text(st, 2));
	t->unit_path = arena_strdup(cx->a, store_col_text(st, 3));
	t->name = arena_strdup(cx->a, store_col_text(st, 4));
	t->kind = arena_strdup(cx->a, store_col_text(st, 5));
	t->description = arena_strdup(cx->a, store_col_text(st, 6));
	t->active = store_col_int64(st, 7) != 0;
	t->members = store_col_int64(st, 8);
	t->leaders = store_col_int64(st, 9);
	t->created_at = store_col_int64(st, 10);
	t->updated_at = store_col_int64(st, 11);
	t->version = store_col_int64(st, 12);
	return t->id;
}

json_t *volunteer_team_json(const struct volunteer_team *t)
{
	return json_pack("{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:b, s:I, s:I, s:o, s:o, s:I}",
		"id", (json_int_t)t->id, "unit", "id", (json_int_t)t->unit_id, "name", t->unit_name,
		"name", t->name, "kind", t->kind, "description", t->description, "active", t->active,
		"members", (json_int_t)t->members, "leaders", (json_int_t)t->leaders,
		"created_at", json_time(t->created_at), "updated_at", json_time(t->updated_at),
		"version", (json_int_t)t->version);
}

int volunteer_teams_list(struct ctx *cx, int64_t unit_id, int64_t volunteer_id, bool all,
			 struct volunteer_team **items, size_t *n)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " T_COLS " FROM " T_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM volunteer_team_members m"
		"  WHERE m.team_id = t.id AND m.volunteer_id = ? AND m.until IS NULL))"
		" AND (? = 1 OR t.active = 1) ORDER BY t.unit_id, t.name, t.id");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64_or_null(st, 3, unit_id);
	store_bind_int64_or_null(st, 4, unit_id);
	store_bind_int64_or_null(st, 5, volunteer_id);
	store_bind_int64_or_null(st, 6, volunteer_id);
	store_bind_int64(st, 7, all);
	return ctx_rows(cx, st, sizeof **items, 2000, read_team, items, n);
}

static int fetch(struct ctx *cx, int64_t id, struct volunteer_team *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " T_COLS " FROM " T_FROM " WHERE t.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_team(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

static int get_with(struct ctx *cx, int64_t id, enum perm perm, struct volunteer_team *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = fetch(cx, id, out);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return vol_require_in(cx, perm, out->unit_path);
}

int volunteer_team_get(struct ctx *cx, int64_t id, struct volunteer_team *out)
{
	return get_with(cx, id, PERM_VOLUNTEERS_READ, out);
}

static int finish(struct ctx *cx, const char *action, int64_t id,
		  const struct volunteer_team *before, struct volunteer_team *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? volunteer_team_json(before) : NULL, *a = volunteer_team_json(out);
	int rc = audit_commit(cx, action, "volunteer_team", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

static void judge(struct ctx *cx, json_t *b, bool create, const char **name, const char **kind,
		  const char **description)
{
	struct err *e = &cx->err;
	vol_jf_str(b, "name", create ? JF_REQUIRED : 0, L_TEAM_NAME, name, e);
	vol_jf_str(b, "description", JF_MULTILINE, L_TEAM_DESCRIPTION, description, e);
	if (jf_str(b, "kind", create ? JF_REQUIRED : 0, 1, 16, kind, e) > 0 &&
	    !vol_code_in(vol_team_kinds, *kind))
		err_field(e, "kind", "volunteer_team_kind", 0);
}

int volunteer_team_create(struct ctx *cx, json_t *body, struct volunteer_team *out)
{
	static const char *const allowed[] = {"unit_id", "name", "kind", "description", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	const char *name = NULL, *kind = NULL, *description = "";
	int64_t unit_id = 0;
	struct org_unit u;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e) > 0)
		vol_judge_unit(cx, "unit_id", unit_id, "street,community", &u);
	judge(cx, body, true, &name, &kind, &description);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteer_teams (unit_id, name, kind, description, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, kind);
	store_bind_text(st, 4, description);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "name", "volunteer_team_taken", &id) < 0)
		return -1;
	return finish(cx, "volunteer_team.create", id, NULL, out);
}

int volunteer_team_update(struct ctx *cx, int64_t id, json_t *patch, struct volunteer_team *out)
{
	static const char *const allowed[] = {"version", "name", "kind", "description", "active", NULL};
	struct err *e = &cx->err;
	struct volunteer_team old;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, &old) < 0)
		return -1;
	const char *name = old.name, *kind = old.kind, *description = old.description;
	bool active = old.active;
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge(cx, patch, false, &name, &kind, &description);
	jf_bool(patch, "active", 0, &active, e);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE volunteer_teams SET name = ?, kind = ?, description = ?, active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, description);
	store_bind_int64(st, 4, active);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, id);
	store_bind_int64(st, 7, version);
	if (vol_write_version(cx, st, "name", "volunteer_team_taken") < 0)
		return -1;
	return finish(cx, "volunteer_team.update", id, &old, out);
}

int volunteer_team_members(struct ctx *cx, int64_t id, bool all, json_t **out)
{
	struct volunteer_team t;
	if (volunteer_team_get(cx, id, &t) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT m.volunteer_id, v.name, v.number, m.role, m.since, m.until FROM"
		" volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id WHERE"
		" m.team_id = ? AND (? = 1 OR m.until IS NULL) ORDER BY m.role, m.since, m.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, all);
	json_t *a = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:s, s:o, s:o}",
			"volunteer_id", (json_int_t)store_col_int64(st, 0), "name", store_col_text(st, 1),
			"number", json_str_or_null(store_col_is_null(st, 2) ? NULL : store_col_text(st, 2)),
			"role", store_col_text(st, 3), "since", vol_date_json((int)store_col_int64(st, 4)),
			"until", vol_date_json(store_col_is_null(st, 5) ? 0 : (int)store_col_int64(st, 5))));
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(a);
		return ctx_store_error(cx);
	}
	*out = a;
	return 0;
}

int volunteer_team_add(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", "role", "since", NULL};
	struct err *e = &cx->err;
	struct volunteer_team t;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, &t) < 0)
		return -1;
	int64_t vid = 0;
	const char *role = "member";
	int since = vol_today(cx);
	struct volunteer v;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0 &&
	    vol_judge_volunteer(cx, "volunteer_id", vid, &v) > 0 &&
	    !vol_path_under(v.unit_path, t.unit_path))
		err_field(e, "volunteer_id", "volunteer_team_unit", 0);
	if (jf_str(body, "role", 0, 1, 16, &role, e) > 0 && strcmp(role, "leader") &&
	    strcmp(role, "member"))
		err_field(e, "role", "volunteer_team_role", 0);
	vol_jf_date(body, "since", 0, &since, e);
	if (!e->code && !t.active)
		err_field(e, "team_id", "volunteer_team_inactive", 0);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteer_team_members (team_id, volunteer_id, role, since, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, vid);
	store_bind_text(st, 3, role);
	store_bind_int64(st, 4, since);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	int64_t mid;
	if (ctx_insert(cx, st, "volunteer_id", "volunteer_team_member", &mid) < 0)
		return -1;
	json_t *after = json_pack("{s:I, s:I, s:s, s:o}", "team_id", (json_int_t)id, "volunteer_id",
				  (json_int_t)vid, "role", role, "since", vol_date_json(since));
	int rc = audit_commit(cx, "volunteer_team.add", "volunteer_team", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		return -1;
	return volunteer_team_members(cx, id, false, out);
}

int volunteer_team_end(struct ctx *cx, int64_t id, int64_t volunteer_id, json_t *body)
{
	static const char *const allowed[] = {"until", NULL};
	struct err *e = &cx->err;
	struct volunteer_team t;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, &t) < 0)
		return -1;
	int until = vol_today(cx);
	json_only_fields(body, allowed, e);
	vol_jf_date(body, "until", 0, &until, e);
	if (e->code)
		return -1;
	int64_t since = 0;
	if (store_query_int64(cx->db, "SELECT COALESCE(MAX(since), 0) FROM volunteer_team_members"
			      " WHERE team_id = ? AND volunteer_id = ? AND until IS NULL", &since, 2,
			      id, volunteer_id) < 0)
		return ctx_store_error(cx);
	if (!since)
		return err_set(e, ERR_NOT_FOUND);
	if (until < since)
		return err_field(e, "until", "volunteer_date_order", 0);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE volunteer_team_members SET until = ?, updated_at = ? WHERE team_id = ? AND"
		" volunteer_id = ? AND until IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, until);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, volunteer_id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	json_t *after = json_pack("{s:I, s:I, s:o}", "team_id", (json_int_t)id, "volunteer_id",
				  (json_int_t)volunteer_id, "until", vol_date_json(until));
	int rc = audit_commit(cx, "volunteer_team.end", "volunteer_team", id, NULL, after);
	json_decref(after);
	return rc;
}
