/* Visit plans: how often a household or a resident is visited, made by rule from tags or by
 * hand, and the list of what each caller has due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "base/mask.h"
#include "registry/codes.h"
#include "registry/registry.h"
#include "visits/common.h"
#include "visits/due.h"
#include "visits/limits.h"
#include "visits/visits.h"

#define PLAN_COLS "p.id, p.household_id, p.resident_id, p.unit_id, p.interval_days, p.source, " \
	"p.rule_code, p.active, p.starts_on, p.last_visit_on, p.next_due, p.assigned_user_id, " \
	"COALESCE(u.display_name, ''), p.created_at, p.updated_at, p.version"
#define PLAN_FROM "visit_plans p LEFT JOIN users u ON u.id = p.assigned_user_id " \
	"JOIN org_units o ON o.id = p.unit_id"

static int64_t read_plan(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct visit_plan *p = row;
	p->id = store_col_int64(st, 0);
	p->household_id = store_col_int64(st, 1);
	p->resident_id = store_col_int64(st, 2);
	p->unit_id = store_col_int64(st, 3);
	p->interval_days = store_col_int64(st, 4);
	p->source = arena_strdup(cx->a, store_col_text(st, 5));
	p->rule_code = store_col_is_null(st, 6) ? NULL : arena_strdup(cx->a, store_col_text(st, 6));
	p->active = store_col_int64(st, 7) != 0;
	p->starts_on = store_col_int64(st, 8);
	p->last_visit_on = store_col_int64(st, 9);
	p->next_due = store_col_int64(st, 10);
	p->assigned_user_id = store_col_int64(st, 11);
	p->assigned_name = arena_strdup(cx->a, store_col_text(st, 12));
	p->created_at = store_col_int64(st, 13);
	p->updated_at = store_col_int64(st, 14);
	p->version = store_col_int64(st, 15);
	return p->id;
}

json_t *plan_json(struct ctx *cx, const struct visit_plan *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "household_id", p->household_id ? json_integer(p->household_id) : json_null());
	json_object_set_new(o, "resident_id", p->resident_id ? json_integer(p->resident_id) : json_null());
	json_object_set_new(o, "subject", json_string(p->resident_id ? "resident" : "household"));
	json_object_set_new(o, "unit_id", json_integer(p->unit_id));
	json_object_set_new(o, "interval_days", json_integer(p->interval_days));
	json_object_set_new(o, "source", json_string(p->source));
	json_object_set_new(o, "rule_code", json_str_or_null(p->rule_code));
	json_object_set_new(o, "active", json_boolean(p->active));
	json_object_set_new(o, "starts_on", visits_json_date(p->starts_on));
	json_object_set_new(o, "last_visit_on", visits_json_date(p->last_visit_on));
	json_object_set_new(o, "next_due", visits_json_date(p->next_due));
	json_object_set_new(o, "days_overdue", cx && p->active
			    ? json_integer(due_overdue(p->next_due, visits_today(cx))) : json_null());
	json_object_set_new(o, "assigned_user_id",
			    p->assigned_user_id ? json_integer(p->assigned_user_id) : json_null());
	json_object_set_new(o, "assigned_name", p->assigned_user_id ? json_string(p->assigned_name) : json_null());
	json_object_set_new(o, "created_at", json_time(p->created_at));
	json_object_set_new(o, "updated_at", json_time(p->updated_at));
	json_object_set_new(o, "version", json_integer(p->version));
	return o;
}

static int fetch(struct ctx *cx, int64_t id, struct visit_plan *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLAN_COLS " FROM " PLAN_FROM " WHERE p.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_plan(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The last visit that counts toward a plan (0: none). */
static int last_visit(struct ctx *cx, const struct visit_plan *p, int64_t *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COALESCE(MAX(v.visited_on), 0) FROM visits v WHERE v.visited_on >= ? AND "
		"(CASE WHEN CAST(? AS BIGINT) IS NULL THEN v.household_id = ? ELSE (v.resident_id = ? OR "
		"(v.resident_id IS NULL AND v.household_id = ?)) END)");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, p->starts_on);
	if (p->resident_id)
		store_bind_int64(st, 2, p->resident_id);
	else
		store_bind_null(st, 2);
	store_bind_int64(st, 3, p->household_id);
	store_bind_int64(st, 4, p->resident_id);
	store_bind_int64(st, 5, p->household_id);
	int rc = store_step(st);
	*out = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}

/* Recompute one plan's last visit and next due date (inside the caller's transaction). */
static int recompute(struct ctx *cx, struct visit_plan *p)
{
	int64_t last = 0;
	if (last_visit(cx, p, &last) < 0)
		return -1;
	int64_t next = due_next(p->starts_on, last, p->interval_days);
	if (last == p->last_visit_on && next == p->next_due)
		return 0;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visit_plans SET last_visit_on = ?, next_due = ? WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	if (last)
		store_bind_int64(st, 1, last);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, next);
	store_bind_int64(st, 3, p->id);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	p->last_visit_on = last;
	p->next_due = next;
	return 0;
}

int plans_refresh(struct ctx *cx, int64_t household_id, int64_t resident_id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLAN_COLS " FROM " PLAN_FROM " WHERE p.active = 1 AND "
		"(p.household_id = ? OR p.resident_id = ?) ORDER BY p.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, household_id ? household_id : -1);
	store_bind_int64(st, 2, resident_id ? resident_id : -1);
	struct visit_plan *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 0, read_plan, &rows, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (recompute(cx, &rows[i]) < 0)
			return -1;
	return 0;
}

/* Who may see a plan: readers within the scope of its subject (through the registry), the user
 * it is assigned to, and the user paired with its resident. */
static int plan_visible(struct ctx *cx, const struct visit_plan *p, enum perm perm)
{
	struct household h;
	struct resident r;
	if (perm == PERM_VISITS_READ && p->assigned_user_id == cx->actor.user_id && !cx->actor.system)
		return 0;
	if (perm == PERM_VISITS_READ && p->resident_id && visits_may(cx, PERM_VISITS_PAIRED) &&
	    cx->actor.user_id) {
		int paired = pairings_active(cx, cx->actor.user_id, p->resident_id);
		if (paired < 0)
			return -1;
		if (paired)
			return 0;
	}
	if (!visits_may(cx, perm))
		return err_set(&cx->err, ERR_NOT_FOUND);
	int rc = p->resident_id ? registry_resident_get(cx, p->resident_id, perm, &r)
				: registry_household_get(cx, p->household_id, perm, &h);
	return rc;
}

int plans_get(struct ctx *cx, int64_t id, struct visit_plan *out)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	if (plan_visible(cx, out, PERM_VISITS_READ) < 0) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

/* A plan's visibility in SQL: readers by scope, the assignee, the paired user. Five
 * parameters, bound by bind_visible. */
#define PLAN_VISIBLE_SQL \
	"((? = 1 AND " ACCESS_PATH_IN_SCOPE_SQL("o.path") ") OR p.assigned_user_id = ? OR " \
	"(p.resident_id IS NOT NULL AND EXISTS (SELECT 1 FROM visit_pairings vp WHERE " \
	"vp.user_id = ? AND vp.resident_id = p.resident_id AND vp.ends_on IS NULL)))"

static void bind_visible(const struct ctx *cx, struct store_stmt *st, int idx)
{
	store_bind_int64(st, idx, visits_may(cx, PERM_VISITS_READ) ? 1 : 0);
	access_bind_scope(cx, st, idx + 1);
	store_bind_int64(st, idx + 3, cx->actor.user_id);
	store_bind_int64(st, idx + 4, cx->actor.user_id);
}

static void bind_opt_pair(struct store_stmt *st, int idx, int64_t v)
{
	if (v) {
		store_bind_int64(st, idx, v);
		store_bind_int64(st, idx + 1, v);
	} else {
		store_bind_null(st, idx);
		store_bind_null(st, idx + 1);
	}
}

int plans_list(struct ctx *cx, const struct plan_filter *f, struct visit_plan **items, size_t *n,
	       int64_t *next_cursor)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLAN_COLS " FROM " PLAN_FROM " WHERE " PLAN_VISIBLE_SQL
		" AND (CAST(? AS BIGINT) IS NULL OR p.household_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR p.resident_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR p.assigned_user_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = ?"
		" AND substr(o.path, 1, length(fo.path)) = fo.path))"
		" AND (CAST(? AS TEXT) IS NULL OR p.source = ?)"
		" AND (? < 0 OR p.active = ?) AND (? = 0 OR (p.active = 1 AND p.next_due < ?))"
		" AND p.id > ? ORDER BY p.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	bind_visible(cx, st, 1);
	bind_opt_pair(st, 6, f->household_id);
	bind_opt_pair(st, 8, f->resident_id);
	bind_opt_pair(st, 10, f->assigned_user_id);
	bind_opt_pair(st, 12, f->unit_id);
	store_bind_text(st, 14, f->source);
	store_bind_text(st, 15, f->source);
	store_bind_int64(st, 16, f->active);
	store_bind_int64(st, 17, f->active);
	store_bind_int64(st, 18, f->overdue);
	store_bind_int64(st, 19, visits_today(cx));
	store_bind_int64(st, 20, f->cursor);
	store_bind_int64(st, 21, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_plan, items, n, next_cursor);
}

/* The due list's key: due date and id, so that the order is by how overdue, then by id. */
#define DUE_KEY(due, id) ((due) * INT64_C(10000000000) + (id))

static int64_t read_due(struct ctx *cx, struct store_stmt *st, void *row)
{
	read_plan(cx, st, row);
	const struct visit_plan *p = row;
	return DUE_KEY(p->next_due, p->id);
}

static json_t *tags_json(struct ctx *cx, const struct resident *r)
{
	json_t *a = json_array();
	bool sensitive = registry_sees_sensitive(cx);
	for (size_t i = 0; r && i < r->ntags; i++)
		if (sensitive || !codes_sensitive(CODES_TAG, r->tags[i]))
			json_array_append_new(a, json_string(r->tags[i]));
	return a;
}

/* What the phone shows of a plan's subject: the address, the masked name, the tags, the last
 * visit. */
static int due_item(struct ctx *cx, const struct visit_plan *p, json_t **out)
{
	struct household h = {0};
	struct resident r = {0}, head = {0};
	bool has_h = false, has_r = false;
	if (p->resident_id && registry_resident_by_id(cx, p->resident_id, &r) == 1)
		has_r = true;
	int64_t hid = has_r ? r.household_id : p->household_id;
	if (hid && registry_household_by_id(cx, hid, &h) == 1)
		has_h = true;
	const struct resident *who = has_r ? &r : NULL;
	if (!has_r && has_h && h.head_id && registry_resident_by_id(cx, h.head_id, &head) == 1)
		who = &head;
	json_t *subj = json_object();
	json_object_set_new(subj, "kind", json_string(p->resident_id ? "resident" : "household"));
	json_object_set_new(subj, "address", has_h ? json_string(h.address) : json_null());
	json_object_set_new(subj, "name", who ? json_string(mask_name(cx->a, who->name))
				   : has_h && h.head_name ? json_string(mask_name(cx->a, h.head_name))
				   : json_null());
	json_object_set_new(subj, "head_name", has_h && h.head_name
			    ? json_string(mask_name(cx->a, h.head_name)) : json_null());
	json_object_set_new(subj, "tags", tags_json(cx, who));
	json_object_set_new(subj, "birth_date", who && who->birth_date ? visits_json_date(who->birth_date)
			    : json_null());
	/* the last visit that counts, with what was found */
	json_t *last = json_null();
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT v.id, v.visited_on, v.mode, v.findings, v.follow_up_needed FROM visits v WHERE "
		"(CASE WHEN CAST(? AS BIGINT) IS NULL THEN v.household_id = ? ELSE (v.resident_id = ? OR "
		"(v.resident_id IS NULL AND v.household_id = ?)) END) ORDER BY v.visited_on DESC, v.id DESC "
		"LIMIT 1");
	if (!st) {
		json_decref(subj);
		return ctx_store_error(cx);
	}
	if (p->resident_id)
		store_bind_int64(st, 1, p->resident_id);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, p->household_id);
	store_bind_int64(st, 3, p->resident_id);
	store_bind_int64(st, 4, hid);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		last = json_pack("{s:I, s:o, s:s, s:s, s:b}", "id", (json_int_t)store_col_int64(st, 0),
				 "visited_on", visits_json_date(store_col_int64(st, 1)), "mode",
				 store_col_text(st, 2), "findings", store_col_text(st, 3),
				 "follow_up_needed", store_col_int64(st, 4) != 0);
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(subj);
		return ctx_store_error(cx);
	}
	json_t *o = plan_json(cx, p);
	json_object_set_new(o, "subject_info", subj);
	json_object_set_new(o, "last_visit", last);
	*out = o;
	return 0;
}

int plans_due(struct ctx *cx, int limit, int64_t cursor, json_t **items, int64_t *next_cursor)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	/* Mine: assigned to me, paired with me, or nobody's in my scope. */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PLAN_COLS " FROM " PLAN_FROM " WHERE p.active = 1 AND p.next_due <= ? AND "
		"(p.assigned_user_id = ? OR (p.resident_id IS NOT NULL AND EXISTS (SELECT 1 FROM "
		"visit_pairings vp WHERE vp.user_id = ? AND vp.resident_id = p.resident_id AND "
		"vp.ends_on IS NULL)) OR (p.assigned_user_id IS NULL AND ? = 1 AND "
		ACCESS_PATH_IN_SCOPE_SQL("o.path") ")) AND (p.next_due * 10000000000 + p.id) > ? "
		"ORDER BY p.next_due, p.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, visits_today(cx));
	store_bind_int64(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, cx->actor.user_id);
	store_bind_int64(st, 4, visits_may(cx, PERM_VISITS_READ) ? 1 : 0);
	access_bind_scope(cx, st, 5);
	store_bind_int64(st, 7, cursor);
	store_bind_int64(st, 8, limit + 1);
	struct visit_plan *rows;
	size_t n;
	if (ctx_page(cx, st, sizeof *rows, limit, read_due, &rows, &n, next_cursor) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o;
		if (due_item(cx, &rows[i], &o) < 0) {
			json_decref(a);
			return -1;
		}
		json_array_append_new(a, o);
	}
	*items = a;
	return 0;
}

/* An assignee: a user who records visits (a grid worker, leader, staff, or a paired role). */
static int check_assignee(struct ctx *cx, int64_t uid)
{
	int role = 0;
	int f = visits_user(cx, uid, NULL, &role);
	if (f < 0)
		return -1;
	if (f == 0 || !(access_role_has(role, PERM_VISITS_WRITE) || access_role_has(role, PERM_VISITS_PAIRED)))
		return err_field(&cx->err, "assigned_user_id", "visit_assignee", 0);
	return 0;
}

static int plan_finish(struct ctx *cx, const char *action, int64_t id,
		       const struct visit_plan *before, struct visit_plan *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	if (out->active && recompute(cx, out) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	json_t *b = before ? plan_json(NULL, before) : NULL, *a = plan_json(NULL, out);
	int rc = audit_commit(cx, action, "visit_plan", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* Deactivate the active plan of a subject, if any (a manual plan replacing a rule one). */
static int end_active(struct ctx *cx, const char *subject, const char *source)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visit_plans SET active = 0, updated_at = ?, version = version + 1 "
		"WHERE subject = ? AND active = 1 AND (CAST(? AS TEXT) IS NULL OR source = ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_text(st, 2, subject);
	store_bind_text(st, 3, source);
	store_bind_text(st, 4, source);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

static int insert_plan(struct ctx *cx, int64_t hid, int64_t rid, int64_t unit_id,
		       int64_t interval, const char *source, const char *rule, int64_t starts_on,
		       int64_t assigned, int64_t *id)
{
	char subject[32];
	snprintf(subject, sizeof subject, rid ? "r%lld" : "h%lld", (long long)(rid ? rid : hid));
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO visit_plans (household_id, resident_id, subject, unit_id, interval_days,"
		" source, rule_code, active, starts_on, next_due, assigned_user_id, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	if (hid)
		store_bind_int64(st, 1, hid);
	else
		store_bind_null(st, 1);
	if (rid)
		store_bind_int64(st, 2, rid);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, subject);
	store_bind_int64(st, 4, unit_id);
	store_bind_int64(st, 5, interval);
	store_bind_text(st, 6, source);
	store_bind_text(st, 7, rule);
	store_bind_int64(st, 8, starts_on);
	store_bind_int64(st, 9, starts_on);
	if (assigned)
		store_bind_int64(st, 10, assigned);
	else
		store_bind_null(st, 10);
	store_bind_int64(st, 11, cx->now);
	store_bind_int64(st, 12, cx->now);
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(&cx->err, rid ? "resident_id" : "household_id", "visit_plan_exists", 0);
			return err_set(&cx->err, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	return 0;
}

int plans_create(struct ctx *cx, json_t *body, struct visit_plan *out)
{
	static const char *const allowed[] = {"household_id", "resident_id", "interval_days",
		"starts_on", "assigned_user_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VISITS_PLAN, NULL) < 0)
		return -1;
	int64_t hid = 0, rid = 0, interval = 0, starts = 0, assigned = 0;
	json_only_fields(body, allowed, e);
	int hh = jf_int(body, "household_id", JF_NULLABLE, 1, INT64_MAX, &hid, e);
	int hr = jf_int(body, "resident_id", JF_NULLABLE, 1, INT64_MAX, &rid, e);
	if (hh > 0 && hr > 0)
		err_field(e, "household_id", "visit_plan_one_subject", 0);
	else if (hh == 0 && hr == 0)
		err_field(e, "resident_id", "visit_subject", 0);
	jf_int(body, "interval_days", JF_REQUIRED, visits_limits[L_PLAN_INTERVAL].min,
	       visits_limits[L_PLAN_INTERVAL].max, &interval, e);
	int hs = visits_jf_date(body, "starts_on", 0, &starts, e);
	if (jf_int(body, "assigned_user_id", JF_NULLABLE, 1, INT64_MAX, &assigned, e) > 0)
		check_assignee(cx, assigned);
	if (e->code == ERR_VALIDATION && !(hh > 0 || hr > 0))
		return -1;
	struct err fields = *e;
	err_clear(e);
	struct household h = {0};
	struct resident r = {0};
	if (hr > 0 && hh <= 0) {
		if (registry_resident_get(cx, rid, PERM_VISITS_PLAN, &r) < 0)
			return -1;
	} else if (hh > 0 && hr <= 0) {
		if (registry_household_get(cx, hid, PERM_VISITS_PLAN, &h) < 0)
			return -1;
	}
	*e = fields;
	int64_t today = visits_today(cx);
	int64_t created = due_date_of(rid ? r.created_at : h.created_at);
	if (hs > 0 && starts < created)
		err_field(e, "starts_on", "visit_before_subject", 0);
	if (hs == 0)
		starts = today;
	if (e->code)
		return -1;
	char subject[32];
	snprintf(subject, sizeof subject, rid ? "r%lld" : "h%lld", (long long)(rid ? rid : hid));
	if (ctx_begin(cx) < 0)
		return -1;
	/* a manual plan takes over from the rule's; a second manual one is refused */
	if (end_active(cx, subject, "rule") < 0)
		return -1;
	int64_t id;
	if (insert_plan(cx, rid ? r.household_id : hid, rid, rid ? r.unit_id : h.unit_id, interval,
			"manual", NULL, starts, assigned, &id) < 0)
		return -1;
	return plan_finish(cx, "visit_plan.create", id, NULL, out);
}

int plans_update(struct ctx *cx, int64_t id, json_t *patch, struct visit_plan *out)
{
	static const char *const allowed[] = {"version", "interval_days", "assigned_user_id",
		"active", NULL};
	struct err *e = &cx->err;
	struct visit_plan old;
	if (access_require(cx, PERM_VISITS_PLAN, NULL) < 0)
		return -1;
	int f = fetch(cx, id, &old);
	if (f < 0)
		return -1;
	if (f == 0 || plan_visible(cx, &old, PERM_VISITS_PLAN) < 0) {
		err_clear(e);
		return err_set(e, ERR_NOT_FOUND);
	}
	int64_t version = 0, interval = old.interval_days, assigned = old.assigned_user_id;
	bool active = old.active;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	jf_int(patch, "interval_days", 0, visits_limits[L_PLAN_INTERVAL].min,
	       visits_limits[L_PLAN_INTERVAL].max, &interval, e);
	json_t *aj = json_object_get(patch, "assigned_user_id");
	if (aj && json_is_null(aj))
		assigned = 0;
	else if (jf_int(patch, "assigned_user_id", JF_NULLABLE, 1, INT64_MAX, &assigned, e) > 0)
		check_assignee(cx, assigned);
	jf_bool(patch, "active", 0, &active, e);
	if (active && !old.active)
		err_field(e, "active", "visit_plan_reactivate", 0);
	/* a rule plan keeps the rule's interval: change it by making a manual plan */
	if (strcmp(old.source, "rule") == 0 && interval != old.interval_days)
		err_field(e, "interval_days", "visit_plan_rule_interval", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visit_plans SET interval_days = ?, assigned_user_id = ?, active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, interval);
	if (assigned)
		store_bind_int64(st, 2, assigned);
	else
		store_bind_null(st, 2);
	store_bind_int64(st, 3, active);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return plan_finish(cx, "visit_plan.update", id, &old, out);
}

/* ---- the rules ---- */

struct want {
	char subject[32];
	int64_t household_id, resident_id, unit_id;
	int interval;
	const char *rule;
};

static int cmp_want(const void *a, const void *b)
{
	return strcmp(((const struct want *)a)->subject, ((const struct want *)b)->subject);
}

struct have {
	int64_t id, unit_id, interval;
	const char *subject, *source, *rule;
};

static int64_t read_have(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct have *h = row;
	h->id = store_col_int64(st, 0);
	h->subject = arena_strdup(cx->a, store_col_text(st, 1));
	h->source = arena_strdup(cx->a, store_col_text(st, 2));
	h->rule = arena_strdup(cx->a, store_col_text(st, 3));
	h->interval = store_col_int64(st, 4);
	h->unit_id = store_col_int64(st, 5);
	return h->id;
}

/* Every subject the rules want a plan for, sorted by subject, the shortest interval each. */
static int wanted(struct ctx *cx, struct want **out, size_t *nout)
{
	size_t cap = 256, n = 0;
	struct want *w = arena_alloc(cx->a, cap * sizeof *w);
	for (const struct due_rule *rule = due_rules; rule->tag; rule++) {
		const char *tags[] = {rule->tag};
		struct resident_filter f = {.tags = tags, .ntags = 1, .status = "living",
					    .age_min = -1, .age_max = -1, .limit = 200};
		for (;;) {
			struct resident *rs;
			size_t k;
			int64_t next = 0;
			if (registry_residents_list(cx, &f, &rs, &k, &next) < 0)
				return -1;
			for (size_t i = 0; i < k; i++) {
				if (rule->household && !rs[i].household_id)
					continue;
				if (n == cap) {
					struct want *bigger = arena_alloc(cx->a, 2 * cap * sizeof *w);
					memcpy(bigger, w, n * sizeof *w);
					w = bigger;
					cap *= 2;
				}
				struct want *x = &w[n++];
				x->resident_id = rule->household ? 0 : rs[i].id;
				x->household_id = rs[i].household_id;
				x->unit_id = rs[i].unit_id;
				x->interval = rule->interval;
				x->rule = rule->tag;
				snprintf(x->subject, sizeof x->subject, rule->household ? "h%lld" : "r%lld",
					 (long long)(rule->household ? rs[i].household_id : rs[i].id));
			}
			if (!next)
				break;
			f.cursor = next;
		}
	}
	qsort(w, n, sizeof *w, cmp_want);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && strcmp(w[m - 1].subject, w[i].subject) == 0) {
			if (w[i].interval < w[m - 1].interval)
				w[m - 1] = w[i];
			continue;
		}
		w[m++] = w[i];
	}
	*out = w;
	*nout = m;
	return 0;
}

int64_t plans_sync_rules(struct ctx *cx)
{
	if (access_require(cx, PERM_VISITS_PLAN, NULL) < 0)
		return -1;
	/* the rules see every resident, whoever asks: they make plans, and show nobody anything */
	struct actor saved = cx->actor;
	cx->actor.system = 1;
	struct want *w;
	size_t nw;
	int rc = wanted(cx, &w, &nw);
	cx->actor = saved;
	if (rc < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, subject, source, COALESCE(rule_code, ''), interval_days, unit_id "
		"FROM visit_plans WHERE active = 1 ORDER BY id");
	if (!st)
		return ctx_fail(cx);
	struct have *hv;
	size_t nh;
	if (ctx_rows(cx, st, sizeof *hv, 0, read_have, &hv, &nh) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	bool *seen = arena_alloc(cx->a, (nw ? nw : 1) * sizeof *seen);
	int64_t made = 0, changed = 0, ended = 0, today = visits_today(cx);
	for (size_t i = 0; i < nh; i++) {
		struct want key;
		snprintf(key.subject, sizeof key.subject, "%s", hv[i].subject);
		struct want *x = bsearch(&key, w, nw, sizeof *w, cmp_want);
		if (x)
			seen[x - w] = true;
		if (strcmp(hv[i].source, "rule") != 0)
			continue;   /* a manual plan wins over the rule */
		if (!x) {
			st = store_prepare(cx->db, "UPDATE visit_plans SET active = 0, updated_at = ?, "
				"version = version + 1 WHERE id = ?");
			if (!st)
				return ctx_fail(cx);
			store_bind_int64(st, 1, cx->now);
			store_bind_int64(st, 2, hv[i].id);
			if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
				return -1;
			ended++;
			continue;
		}
		if (x->interval == hv[i].interval && strcmp(x->rule, hv[i].rule) == 0 &&
		    x->unit_id == hv[i].unit_id)
			continue;
		st = store_prepare(cx->db, "UPDATE visit_plans SET interval_days = ?, rule_code = ?, "
			"unit_id = ?, updated_at = ?, version = version + 1 WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, x->interval);
		store_bind_text(st, 2, x->rule);
		store_bind_int64(st, 3, x->unit_id);
		store_bind_int64(st, 4, cx->now);
		store_bind_int64(st, 5, hv[i].id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
		struct visit_plan p;
		if (fetch(cx, hv[i].id, &p) != 1 || recompute(cx, &p) < 0) {
			ctx_rollback(cx);
			return err_set(&cx->err, ERR_INTERNAL);
		}
		changed++;
	}
	for (size_t i = 0; i < nw; i++) {
		if (seen[i])
			continue;
		int64_t id;
		if (insert_plan(cx, w[i].household_id, w[i].resident_id, w[i].unit_id, w[i].interval,
				"rule", w[i].rule, today, 0, &id) < 0)
			return -1;
		struct visit_plan p;
		if (fetch(cx, id, &p) != 1 || recompute(cx, &p) < 0) {
			ctx_rollback(cx);
			return err_set(&cx->err, ERR_INTERNAL);
		}
		made++;
	}
	if (made + changed + ended == 0) {
		ctx_rollback(cx);
		return 0;
	}
	json_t *sum = json_pack("{s:I, s:I, s:I}", "made", (json_int_t)made, "changed",
				(json_int_t)changed, "ended", (json_int_t)ended);
	rc = audit_commit(cx, "visit_plan.rules", "visit_plan", 0, NULL, sum);
	json_decref(sum);
	return rc < 0 ? -1 : made + changed + ended;
}

int64_t visits_rules_job(struct store *db, int64_t now)
{
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	int64_t n = plans_sync_rules(&cx);
	arena_free(cx.a);
	return n;
}
