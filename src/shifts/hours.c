/* Hours served (志愿服务时长): pending entries made at check-out, approved (earning points through
 * the ledger in the same transaction) or declined by the organiser, one by one or a whole shift
 * at once; a correction is a new entry referencing the old, and an approved entry declined or
 * corrected has its earning reversed by a new movement. Nothing is deleted. */
#include <string.h>

#include "base/json.h"
#include "points/points.h"
#include "shifts/internal.h"

struct hours {
	int64_t id, signup_id, shift_id, volunteer_id, unit_id, minutes, corrects_id, corrected_by;
	int64_t activity_id;
	const char *state, *reason, *unit_name, *unit_path, *title, *kind, *role, *points_activity;
	const char *month;
	int64_t starts_at, ends_at, points, movement_id, reversal_id, decided_at;
	int64_t created_at, updated_at, version;
};

#define H_COLS "h.id, h.signup_id, h.shift_id, h.volunteer_id, h.unit_id, h.minutes, h.corrects_id, " \
	"(SELECT MIN(c.id) FROM shift_hours c WHERE c.corrects_id = h.id), h.state, h.reason, o.name, " \
	"o.path, a.title, a.kind, s.role, a.points_activity, s.starts_at, s.ends_at, h.points, " \
	"h.movement_id, h.reversal_id, h.decided_at, h.created_at, h.updated_at, h.version, s.activity_id, " \
	"h.month"
#define H_FROM "shift_hours h JOIN shifts s ON s.id = h.shift_id JOIN shift_activities a ON" \
	" a.id = s.activity_id JOIN org_units o ON o.id = h.unit_id"

static int64_t read_hours(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct hours *h = row;
	int c = 0;
	h->id = store_col_int64(st, c++);
	h->signup_id = store_col_int64(st, c++);
	h->shift_id = store_col_int64(st, c++);
	h->volunteer_id = store_col_int64(st, c++);
	h->unit_id = store_col_int64(st, c++);
	h->minutes = store_col_int64(st, c++);
	h->corrects_id = store_col_int64(st, c++);
	h->corrected_by = store_col_int64(st, c++);
	h->state = arena_strdup(cx->a, store_col_text(st, c++));
	h->reason = arena_strdup(cx->a, store_col_text(st, c++));
	h->unit_name = arena_strdup(cx->a, store_col_text(st, c++));
	h->unit_path = arena_strdup(cx->a, store_col_text(st, c++));
	h->title = arena_strdup(cx->a, store_col_text(st, c++));
	h->kind = arena_strdup(cx->a, store_col_text(st, c++));
	h->role = arena_strdup(cx->a, store_col_text(st, c++));
	h->points_activity = arena_strdup(cx->a, store_col_text(st, c++));
	h->starts_at = store_col_int64(st, c++);
	h->ends_at = store_col_int64(st, c++);
	h->points = store_col_int64(st, c++);
	h->movement_id = store_col_int64(st, c++);
	h->reversal_id = store_col_int64(st, c++);
	h->decided_at = store_col_int64(st, c++);
	h->created_at = store_col_int64(st, c++);
	h->updated_at = store_col_int64(st, c++);
	h->version = store_col_int64(st, c++);
	h->activity_id = store_col_int64(st, c++);
	h->month = arena_strdup(cx->a, store_col_text(st, c++));
	return h->id;
}

static json_t *id_or_null(int64_t id) { return id ? json_integer(id) : json_null(); }

static json_t *hours_json(struct ctx *cx, const struct hours *h)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:{s:I, s:s}, s:s, s:s, s:o, s:o, s:I, s:s, s:s, s:o,"
		" s:o, s:I, s:o, s:o, s:o, s:o, s:I}",
		"id", (json_int_t)h->id, "shift_id", (json_int_t)h->shift_id, "signup_id",
		(json_int_t)h->signup_id, "unit", "id", (json_int_t)h->unit_id, "name", h->unit_name,
		"activity", h->title, "role", h->role, "starts_at", json_time(h->starts_at), "ends_at",
		json_time(h->ends_at), "minutes", (json_int_t)h->minutes, "state", h->state, "reason",
		h->reason, "corrects_id", id_or_null(h->corrects_id), "corrected_by",
		id_or_null(h->corrected_by), "points", (json_int_t)h->points, "movement_id",
		id_or_null(h->movement_id), "reversal_id", id_or_null(h->reversal_id), "decided_at",
		h->decided_at ? json_time(h->decided_at) : json_null(), "created_at",
		json_time(h->created_at), "version", (json_int_t)h->version);
	struct volunteer v;
	if (volunteers_by_id(cx, h->volunteer_id, &v) == 1)
		json_object_set_new(o, "volunteer", json_pack("{s:I, s:s, s:o}", "id", (json_int_t)v.id,
			"name", v.name, "number", json_str_or_null(v.number)));
	return o;
}

static int hours_fetch(struct ctx *cx, int64_t id, struct hours *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " H_COLS " FROM " H_FROM " WHERE h.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return sh_one(cx, st, read_hours, out);
}

static int hours_get(struct ctx *cx, int64_t id, enum perm perm, struct hours *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = hours_fetch(cx, id, out);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

static const char *const states[] = {"pending", "approved", "declined", "corrected", NULL};

int sh_hours_list(struct ctx *cx, const struct hours_filter *f, json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	if (f->state) {
		bool ok = false;
		for (const char *const *s = states; *s; s++)
			ok |= strcmp(*s, f->state) == 0;
		if (!ok)
			return err_field(&cx->err, "state", "shift_hours_state_code", 0);
	}
	int limit = f->limit > 0 ? f->limit : 50;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " H_COLS " FROM " H_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR h.shift_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR h.volunteer_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS TEXT) IS NULL OR h.state = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR h.id < ?) ORDER BY h.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64_or_null(st, 3, f->shift_id);
	store_bind_int64_or_null(st, 4, f->shift_id);
	store_bind_int64_or_null(st, 5, f->volunteer_id);
	store_bind_int64_or_null(st, 6, f->volunteer_id);
	store_bind_int64_or_null(st, 7, f->unit_id);
	store_bind_int64_or_null(st, 8, f->unit_id);
	store_bind_text(st, 9, f->state);
	store_bind_text(st, 10, f->state);
	store_bind_int64_or_null(st, 11, f->cursor);
	store_bind_int64_or_null(st, 12, f->cursor);
	store_bind_int64(st, 13, limit + 1);
	struct hours *rows;
	size_t n;
	if (ctx_page(cx, st, sizeof *rows, limit, read_hours, &rows, &n, next) < 0)
		return -1;
	*items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*items, hours_json(cx, &rows[i]));
	return 0;
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct hours *before,
		  json_t **out)
{
	struct hours h;
	if (hours_fetch(cx, id, &h) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	return sh_commit_json(cx, action, "shift_hours", id, before ? hours_json(cx, before) : NULL,
			      hours_json(cx, &h), out);
}

/* A claim of hours by the organiser for a volunteer of the shift, from the attendance: refused
 * when they did not check in and out. */
int sh_hours_claim(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", NULL};
	struct err *e = &cx->err;
	struct shift s;
	if (sh_shift_get(cx, shift_id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t vid = 0;
	struct signup g = {0};
	if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0) {
		int f = sh_signup_fetch(cx, 0, s.id, vid, &g);
		if (f < 0)
			return -1;
		if (f == 0 || !g.checked_in_at || !g.checked_out_at)
			err_field(e, "volunteer_id", "shift_not_attended", 0);
	}
	if (e->code)
		return -1;
	int64_t minutes = sh_minutes(&s, g.checked_in_at, g.checked_out_at), id;
	if (minutes <= 0)
		return err_field(e, "volunteer_id", "shift_not_attended", 0);
	if (ctx_begin(cx) < 0 || sh_hours_insert(cx, &s, &g, minutes, 0, NULL, &id) < 0)
		return -1;
	return finish(cx, "shift_hours.claim", id, NULL, out);
}

/* Approve a pending entry in the open transaction: its state, and the points it earns posted
 * to the volunteer's account. 0, or -1 rolled back. */
static int approve_in(struct ctx *cx, const struct hours *h, int64_t version)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_hours SET state = 'approved', decided_by = ?, decided_at = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ? AND state = 'pending'");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64_or_null(st, 1, cx->actor.user_id);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, h->id);
	store_bind_int64(st, 5, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	struct volunteer v;
	if (volunteers_by_id(cx, h->volunteer_id, &v) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	int64_t account, points = 0, movement = 0;
	const char *reason = arena_printf(cx->a, "志愿服务：%s（%s）", h->title, h->role);
	if (points_account_ensure(cx, "volunteer", v.id, POINTS_POINTS, v.unit_id, v.user_id, v.name,
				  &account) < 0 ||
	    points_earn(cx, account, h->points_activity, h->minutes, reason, "shift_hours", h->id,
			&points, &movement) < 0)
		return -1;
	st = store_prepare(cx->db, "UPDATE shift_hours SET points = ?, movement_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, points);
	store_bind_int64_or_null(st, 2, movement);
	store_bind_int64(st, 3, h->id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	return sh_totals_apply(cx, h->unit_path, h->month, h->volunteer_id, h->minutes, 1);
}

int sh_hours_approve(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct hours h;
	if (hours_get(cx, id, PERM_VOLUNTEERS_WRITE, &h) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t version = 0;
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (strcmp(h.state, "pending") != 0) {
		err_field(e, "state", "shift_hours_state", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0 || approve_in(cx, &h, version) < 0)
		return -1;
	return finish(cx, "shift_hours.approve", id, &h, out);
}

int sh_hours_approve_shift(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {NULL};
	struct shift s;
	if (sh_shift_get(cx, shift_id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	if (body)
		json_only_fields(body, allowed, &cx->err);
	if (cx->err.code)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " H_COLS " FROM " H_FROM " WHERE h.shift_id = ? AND h.state = 'pending' ORDER BY h.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, shift_id);
	struct hours *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 2000, read_hours, &rows, &n) < 0 || ctx_begin(cx) < 0)
		return -1;
	json_t *ids = json_array();
	int64_t minutes = 0;
	for (size_t i = 0; i < n; i++) {
		if (approve_in(cx, &rows[i], rows[i].version) < 0) {
			json_decref(ids);
			return -1;
		}
		json_array_append_new(ids, json_integer(rows[i].id));
		minutes += rows[i].minutes;
	}
	return sh_commit_json(cx, "shift_hours.approve_shift", "shift", shift_id, NULL,
			      json_pack("{s:I, s:I, s:o}", "approved", (json_int_t)n, "minutes",
					(json_int_t)minutes, "ids", ids), out);
}

/* Reverse the earning of an approved entry in the open transaction: 0, or -1 rolled back (409
 * points_insufficient when the volunteer has spent them). */
static int reverse_in(struct ctx *cx, const struct hours *h)
{
	if (!h->movement_id || h->points <= 0)
		return 0;
	struct volunteer v;
	if (volunteers_by_id(cx, h->volunteer_id, &v) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	int64_t account, pool, rev = 0;
	struct points_account acc;
	if (points_account_ensure(cx, "volunteer", v.id, POINTS_POINTS, v.unit_id, v.user_id, v.name,
				  &account) < 0)
		return -1;
	if (points_account_by_id(cx, account, &acc) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	if (points_account_ensure(cx, POINTS_HOLDER_POOL, acc.unit_id, POINTS_POINTS, acc.unit_id, 0,
				  "积分池", &pool) < 0)
		return -1;
	struct points_leg legs[2] = {{account, -h->points}, {pool, h->points}};
	struct points_movement_in in = {
		.currency = POINTS_POINTS, .kind = "reverse",
		.reason = arena_printf(cx->a, "志愿服务时长更正：%s（%s）", h->title, h->role),
		.link_kind = "shift_hours", .link_id = h->id, .reverses_id = h->movement_id,
		.unit_id = acc.unit_id, .legs = legs, .nlegs = 2,
	};
	if (points_post(cx, &in, &rev) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_hours SET reversal_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, rev);
	store_bind_int64(st, 2, h->id);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

/* Decline or correct: judge {version, reason[, minutes]}; the entry must stand (pending or
 * approved; a declined one may be corrected). */
static int judge_change(struct ctx *cx, json_t *body, const struct hours *h, bool correct,
			int64_t *version, const char **reason, int64_t *minutes)
{
	static const char *const decline_fields[] = {"version", "reason", NULL};
	static const char *const correct_fields[] = {"version", "reason", "minutes", NULL};
	struct err *e = &cx->err;
	json_only_fields(body, correct ? correct_fields : decline_fields, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, version, e);
	sh_jf_str(body, "reason", JF_REQUIRED, L_HOURS_REASON, reason, e);
	if (correct) {
		int64_t cap = (h->ends_at - h->starts_at) / 60;
		if (jf_int(body, "minutes", JF_REQUIRED, 0, INT64_MAX, minutes, e) > 0 && *minutes > cap)
			err_field(e, "minutes", "shift_minutes_cap", cap);
	}
	if (e->code)
		return -1;
	bool ok = strcmp(h->state, "pending") == 0 || strcmp(h->state, "approved") == 0 ||
		  (correct && strcmp(h->state, "declined") == 0);
	if (!ok) {
		err_field(e, "state", "shift_hours_state", 0);
		return err_set(e, ERR_CONFLICT);
	}
	return 0;
}

static int set_state(struct ctx *cx, const struct hours *h, int64_t version, const char *state,
		     const char *reason)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_hours SET state = ?, reason = ?, decided_by = ?, decided_at = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND state = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, state);
	store_bind_text(st, 2, reason);
	store_bind_int64_or_null(st, 3, cx->actor.user_id);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, h->id);
	store_bind_int64(st, 7, version);
	store_bind_text(st, 8, h->state);
	return ctx_write_version(cx, st);
}

int sh_hours_decline(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct hours h;
	int64_t version = 0;
	const char *reason = NULL;
	if (hours_get(cx, id, PERM_VOLUNTEERS_WRITE, &h) < 0 ||
	    judge_change(cx, body, &h, false, &version, &reason, NULL) < 0)
		return -1;
	if (ctx_begin(cx) < 0 || set_state(cx, &h, version, "declined", reason) < 0 ||
	    (strcmp(h.state, "approved") == 0 && (reverse_in(cx, &h) < 0 ||
	     sh_totals_apply(cx, h.unit_path, h.month, h.volunteer_id, h.minutes, -1) < 0)))
		return -1;
	return finish(cx, "shift_hours.decline", id, &h, out);
}

int sh_hours_correct(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct hours h;
	int64_t version = 0, minutes = 0, nid;
	const char *reason = NULL;
	if (hours_get(cx, id, PERM_VOLUNTEERS_WRITE, &h) < 0 ||
	    judge_change(cx, body, &h, true, &version, &reason, &minutes) < 0)
		return -1;
	struct shift s;
	struct signup g;
	if (sh_shift_fetch(cx, h.shift_id, &s) != 1 || sh_signup_fetch(cx, h.signup_id, 0, 0, &g) != 1)
		return err_set(&cx->err, ERR_INTERNAL);
	if (ctx_begin(cx) < 0 || set_state(cx, &h, version, "corrected", reason) < 0 ||
	    (strcmp(h.state, "approved") == 0 && (reverse_in(cx, &h) < 0 ||
	     sh_totals_apply(cx, h.unit_path, h.month, h.volunteer_id, h.minutes, -1) < 0)) ||
	    sh_hours_insert(cx, &s, &g, minutes, h.id, reason, &nid) < 0)
		return -1;
	return finish(cx, "shift_hours.correct", nid, &h, out);
}

int sh_my_hours(struct ctx *cx, json_t **out)
{
	struct volunteer v;
	if (sh_me(cx, &v) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " H_COLS " FROM " H_FROM " WHERE h.volunteer_id = ?"
		" ORDER BY s.starts_at DESC, h.id DESC");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, v.id);
	struct hours *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 2000, read_hours, &rows, &n) < 0)
		return -1;
	json_t *a = json_array();
	int64_t approved = 0, pending = 0, points = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, hours_json(cx, &rows[i]));
		if (strcmp(rows[i].state, "approved") == 0) {
			approved += rows[i].minutes;
			points += rows[i].points;
		} else if (strcmp(rows[i].state, "pending") == 0) {
			pending += rows[i].minutes;
		}
	}
	int64_t balance = 0;
	if (points_balance(cx, "volunteer", v.id, POINTS_POINTS, &balance) < 0) {
		json_decref(a);
		return -1;
	}
	*out = json_pack("{s:o, s:{s:I, s:I, s:I, s:I}}", "items", a, "totals", "approved_minutes",
			 (json_int_t)approved, "pending_minutes", (json_int_t)pending, "points",
			 (json_int_t)points, "balance", (json_int_t)balance);
	return 0;
}

int shifts_volunteer_hours(struct ctx *cx, int64_t volunteer_id, int64_t from, int64_t to,
			   int64_t *minutes, struct shift_hours_item **items, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " H_COLS " FROM " H_FROM " WHERE h.volunteer_id = ? AND h.state = 'approved'"
		" AND (CAST(? AS BIGINT) IS NULL OR s.starts_at >= ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR s.starts_at < ?) ORDER BY s.starts_at, h.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, volunteer_id);
	store_bind_int64_or_null(st, 2, from);
	store_bind_int64_or_null(st, 3, from);
	store_bind_int64_or_null(st, 4, to);
	store_bind_int64_or_null(st, 5, to);
	struct hours *rows;
	size_t m;
	if (ctx_rows(cx, st, sizeof *rows, 0, read_hours, &rows, &m) < 0)
		return -1;
	*items = m ? arena_alloc(cx->a, m * sizeof **items) : NULL;
	*minutes = 0;
	for (size_t i = 0; i < m; i++) {
		struct hours *h = &rows[i];
		(*items)[i] = (struct shift_hours_item){
			.id = h->id, .shift_id = h->shift_id, .activity_id = h->activity_id, .unit_id = h->unit_id,
			.activity = h->title, .kind = h->kind, .role = h->role, .unit_name = h->unit_name,
			.starts_at = h->starts_at, .ends_at = h->ends_at, .minutes = h->minutes,
		};
		*minutes += h->minutes;
	}
	*n = m;
	return 0;
}
