/* Activities, their shifts, sign-ups with a waitlist, the rotating check-in code, check-in and
 * check-out, and the attendance the organiser records. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/qr.h"
#include "base/ratelimit.h"
#include "base/text.h"
#include "org/org.h"
#include "points/points.h"
#include "shifts/internal.h"

/* ---- shared pieces ---- */

int sh_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *lim = &shifts_limits[l];
	int rc = jf_str(o, name, flags, 0, (size_t)lim->max, out, e);
	if (rc > 0 && utf8_count(*out) < (size_t)lim->min)
		return err_field(e, name, lim->min > 1 ? "too_short" : "required", lim->min);
	return rc;
}

int sh_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e)
{
	const struct limit *lim = &shifts_limits[l];
	return jf_int(o, name, flags, lim->min, lim->max, out, e);
}

int sh_jf_time(json_t *o, const char *name, bool required, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(o, name);
	if (!v)
		return required ? err_field(e, name, "required", 0) : 0;
	if (!json_is_string(v) || clock_parse_iso(json_string_value(v), out) < 0)
		return err_field(e, name, "time_format", 0);
	return 1;
}

static int require_in(struct ctx *cx, enum perm perm, const char *path)
{
	const char *paths[] = {path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

bool sh_visible_to(const char *upath, const char *vpath)
{
	return upath && vpath && strncmp(vpath, upath, strlen(upath)) == 0;
}

int sh_me(struct ctx *cx, struct volunteer *v)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	if (cx->actor.role != ROLE_VOLUNTEER)
		return err_setf(&cx->err, ERR_FORBIDDEN, "only a volunteer's own login");
	int r = volunteers_by_user(cx, cx->actor.user_id, v);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int64_t sh_minutes(const struct shift *s, int64_t in, int64_t out)
{
	int64_t a = in > s->starts_at ? in : s->starts_at, b = out < s->ends_at ? out : s->ends_at;
	if (b <= a)
		return 0;
	int64_t m = (b - a + 59) / 60, cap = (s->ends_at - s->starts_at) / 60;
	return m > cap ? cap : m;
}

void sh_code(const struct shift *s, int64_t step, char out[SHIFT_CODE_DIGITS + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[64];
	int n = snprintf(msg, sizeof msg, "%lld:%lld", (long long)s->id, (long long)step);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)s->secret, strlen(s->secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (unsigned long long)n);
	crypto_auth_hmacsha256_final(&st, mac);
	/* dynamic truncation, as TOTP (RFC 6238) */
	unsigned off = mac[sizeof mac - 1] & 0x0f;
	uint32_t v = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		     ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	snprintf(out, SHIFT_CODE_DIGITS + 1, "%08u", (unsigned)(v % 100000000u));
}

int sh_one(struct ctx *cx, struct store_stmt *st, ctx_row_reader read, void *row)
{
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read(cx, st, row);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int sh_commit_json(struct ctx *cx, const char *action, const char *entity, int64_t id,
		   json_t *before, json_t *after, json_t **out)
{
	int rc = audit_commit(cx, action, entity, id, before, after);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		*out = NULL;
		return -1;
	}
	*out = after;
	return 0;
}

/* ---- activities ---- */

struct activity {
	int64_t id, unit_id;
	const char *unit_name, *unit_path, *title, *kind, *description, *place, *points_activity;
	int64_t grace_minutes, shifts;
	bool active;
	int64_t created_at, updated_at, version;
};

#define A_COLS "a.id, a.unit_id, o.name, o.path, a.title, a.kind, a.description, a.place, " \
	"a.points_activity, a.grace_minutes, a.active, (SELECT COUNT(*) FROM shifts s WHERE" \
	" s.activity_id = a.id AND s.cancelled_at IS NULL), a.created_at, a.updated_at, a.version"
#define A_FROM "shift_activities a JOIN org_units o ON o.id = a.unit_id"

static int64_t read_activity(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct activity *a = row;
	a->id = store_col_int64(st, 0);
	a->unit_id = store_col_int64(st, 1);
	a->unit_name = arena_strdup(cx->a, store_col_text(st, 2));
	a->unit_path = arena_strdup(cx->a, store_col_text(st, 3));
	a->title = arena_strdup(cx->a, store_col_text(st, 4));
	a->kind = arena_strdup(cx->a, store_col_text(st, 5));
	a->description = arena_strdup(cx->a, store_col_text(st, 6));
	a->place = arena_strdup(cx->a, store_col_text(st, 7));
	a->points_activity = arena_strdup(cx->a, store_col_text(st, 8));
	a->grace_minutes = store_col_int64(st, 9);
	a->active = store_col_int64(st, 10) != 0;
	a->shifts = store_col_int64(st, 11);
	a->created_at = store_col_int64(st, 12);
	a->updated_at = store_col_int64(st, 13);
	a->version = store_col_int64(st, 14);
	return a->id;
}

static json_t *activity_json(const struct activity *a)
{
	return json_pack("{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:I, s:o, s:o, s:I}",
		"id", (json_int_t)a->id, "unit", "id", (json_int_t)a->unit_id, "name", a->unit_name,
		"title", a->title, "kind", a->kind, "description", a->description, "place", a->place,
		"points_activity", a->points_activity, "grace_minutes", (json_int_t)a->grace_minutes,
		"active", a->active, "shifts", (json_int_t)a->shifts, "created_at",
		json_time(a->created_at), "updated_at", json_time(a->updated_at), "version",
		(json_int_t)a->version);
}

static int activity_fetch(struct ctx *cx, int64_t id, struct activity *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " A_COLS " FROM " A_FROM " WHERE a.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return sh_one(cx, st, read_activity, out);
}

static int activity_with(struct ctx *cx, int64_t id, enum perm perm, struct activity *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = activity_fetch(cx, id, out);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return require_in(cx, perm, out->unit_path);
}

int sh_activities_list(struct ctx *cx, int64_t unit_id, bool all, json_t **out)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " A_COLS " FROM " A_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (? = 1 OR a.active = 1) ORDER BY a.id DESC");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64_or_null(st, 3, unit_id);
	store_bind_int64_or_null(st, 4, unit_id);
	store_bind_int64(st, 5, all);
	struct activity *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 2000, read_activity, &items, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, activity_json(&items[i]));
	return 0;
}

int sh_activity_get(struct ctx *cx, int64_t id, json_t **out)
{
	struct activity a;
	if (activity_with(cx, id, PERM_VOLUNTEERS_READ, &a) < 0)
		return -1;
	*out = activity_json(&a);
	return 0;
}

static const char *const activity_kinds[] = {"activity", "standing", NULL};

static bool code_in(const char *const *codes, const char *c)
{
	for (; *codes; codes++)
		if (c && strcmp(*codes, c) == 0)
			return true;
	return false;
}

static void judge_activity(struct ctx *cx, json_t *b, bool create, struct activity *a)
{
	struct err *e = &cx->err;
	sh_jf_str(b, "title", create ? JF_REQUIRED : 0, L_ACT_TITLE, &a->title, e);
	sh_jf_str(b, "description", JF_MULTILINE, L_ACT_DESCRIPTION, &a->description, e);
	sh_jf_str(b, "place", 0, L_ACT_PLACE, &a->place, e);
	sh_jf_int(b, "grace_minutes", 0, L_ACT_GRACE, &a->grace_minutes, e);
	if (jf_str(b, "kind", create ? JF_REQUIRED : 0, 1, 16, &a->kind, e) > 0 &&
	    !code_in(activity_kinds, a->kind))
		err_field(e, "kind", "shift_activity_kind", 0);
	if (jf_str(b, "points_activity", 0, 1, 32, &a->points_activity, e) > 0) {
		int64_t p;
		struct err saved = *e;
		if (points_earning(cx, a->points_activity, 60, &p) < 0) {
			*e = saved;
			err_field(e, "points_activity", "points_rule_unknown", 0);
		}
	}
}

static int activity_finish(struct ctx *cx, const char *action, int64_t id,
			   const struct activity *before, json_t **out)
{
	struct activity a;
	if (activity_fetch(cx, id, &a) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	return sh_commit_json(cx, action, "shift_activity", id, before ? activity_json(before) : NULL,
			      activity_json(&a), out);
}

int sh_activity_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"unit_id", "title", "kind", "description", "place",
		"points_activity", "grace_minutes", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	struct activity a = {.description = "", .place = "", .points_activity = "volunteer_service",
			     .grace_minutes = 30};
	int64_t unit_id = 0;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e) > 0) {
		struct org_unit u;
		int r = org_unit_by_id(cx, unit_id, &u);
		if (r < 0)
			return -1;
		if (r == 0 || u.closed_at || !access_path_in_scope(cx, u.path))
			err_field(e, "unit_id", "shift_unit", 0);
	}
	judge_activity(cx, body, true, &a);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO shift_activities (unit_id, title, kind, description, place, points_activity,"
		" grace_minutes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit_id);
	store_bind_text(st, 2, a.title);
	store_bind_text(st, 3, a.kind);
	store_bind_text(st, 4, a.description);
	store_bind_text(st, 5, a.place);
	store_bind_text(st, 6, a.points_activity);
	store_bind_int64(st, 7, a.grace_minutes);
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_int64(st, 9, cx->now);
	store_bind_int64(st, 10, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, NULL, NULL, &id) < 0)
		return -1;
	return activity_finish(cx, "shift_activity.create", id, NULL, out);
}

int sh_activity_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "title", "kind", "description", "place",
		"points_activity", "grace_minutes", "active", NULL};
	struct err *e = &cx->err;
	struct activity old;
	if (activity_with(cx, id, PERM_VOLUNTEERS_WRITE, &old) < 0)
		return -1;
	struct activity a = old;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge_activity(cx, body, false, &a);
	jf_bool(body, "active", 0, &a.active, e);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_activities SET title = ?, kind = ?, description = ?, place = ?,"
		" points_activity = ?, grace_minutes = ?, active = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, a.title);
	store_bind_text(st, 2, a.kind);
	store_bind_text(st, 3, a.description);
	store_bind_text(st, 4, a.place);
	store_bind_text(st, 5, a.points_activity);
	store_bind_int64(st, 6, a.grace_minutes);
	store_bind_int64(st, 7, a.active);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, id);
	store_bind_int64(st, 10, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return activity_finish(cx, "shift_activity.update", id, &old, out);
}

/* ---- shifts ---- */

#define S_COLS "s.id, s.activity_id, a.unit_id, s.course_id, a.title, a.kind, a.place, o.name, " \
	"o.path, s.role, s.secret, a.points_activity, s.starts_at, s.ends_at, s.capacity, s.confirmed, " \
	"(SELECT COUNT(*) FROM shift_signups w WHERE w.shift_id = s.id AND w.state = 'waitlisted'), " \
	"a.grace_minutes, a.active, s.cancelled_at, s.created_at, s.updated_at, s.version"
#define S_FROM "shifts s JOIN shift_activities a ON a.id = s.activity_id JOIN org_units o ON" \
	" o.id = a.unit_id"

static int64_t read_shift(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct shift *s = row;
	s->id = store_col_int64(st, 0);
	s->activity_id = store_col_int64(st, 1);
	s->unit_id = store_col_int64(st, 2);
	s->course_id = store_col_int64(st, 3);
	s->title = arena_strdup(cx->a, store_col_text(st, 4));
	s->kind = arena_strdup(cx->a, store_col_text(st, 5));
	s->place = arena_strdup(cx->a, store_col_text(st, 6));
	s->unit_name = arena_strdup(cx->a, store_col_text(st, 7));
	s->unit_path = arena_strdup(cx->a, store_col_text(st, 8));
	s->role = arena_strdup(cx->a, store_col_text(st, 9));
	s->secret = arena_strdup(cx->a, store_col_text(st, 10));
	s->points_activity = arena_strdup(cx->a, store_col_text(st, 11));
	s->starts_at = store_col_int64(st, 12);
	s->ends_at = store_col_int64(st, 13);
	s->capacity = store_col_int64(st, 14);
	s->confirmed = store_col_int64(st, 15);
	s->waitlisted = store_col_int64(st, 16);
	s->grace_minutes = store_col_int64(st, 17);
	s->activity_active = store_col_int64(st, 18) != 0;
	s->cancelled_at = store_col_int64(st, 19);
	s->created_at = store_col_int64(st, 20);
	s->updated_at = store_col_int64(st, 21);
	s->version = store_col_int64(st, 22);
	return s->id;
}

json_t *sh_shift_json(const struct shift *s)
{
	json_t *o = json_pack("{s:I, s:{s:I, s:s, s:s, s:s}, s:{s:I, s:s}, s:s, s:o, s:o, s:I, s:I,"
		" s:I, s:I, s:o, s:b, s:I}",
		"id", (json_int_t)s->id, "activity", "id", (json_int_t)s->activity_id, "title", s->title,
		"kind", s->kind, "place", s->place, "unit", "id", (json_int_t)s->unit_id, "name",
		s->unit_name, "role", s->role, "starts_at", json_time(s->starts_at), "ends_at",
		json_time(s->ends_at), "capacity", (json_int_t)s->capacity, "confirmed",
		(json_int_t)s->confirmed, "waitlisted", (json_int_t)s->waitlisted, "minutes",
		(json_int_t)((s->ends_at - s->starts_at) / 60), "course_id",
		s->course_id ? json_integer(s->course_id) : json_null(), "cancelled",
		s->cancelled_at != 0, "version", (json_int_t)s->version);
	return o;
}

int sh_shift_fetch(struct ctx *cx, int64_t id, struct shift *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " S_COLS " FROM " S_FROM " WHERE s.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return sh_one(cx, st, read_shift, out);
}

int sh_shift_get(struct ctx *cx, int64_t id, enum perm perm, struct shift *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = sh_shift_fetch(cx, id, out);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return require_in(cx, perm, out->unit_path);
}

int sh_shifts_list(struct ctx *cx, const struct shift_filter *f, json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	int limit = f->limit > 0 ? f->limit : 50;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " S_COLS " FROM " S_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR s.activity_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS BIGINT) IS NULL OR s.ends_at > ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR s.starts_at < ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR s.id < ?) ORDER BY s.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64_or_null(st, 3, f->activity_id);
	store_bind_int64_or_null(st, 4, f->activity_id);
	store_bind_int64_or_null(st, 5, f->unit_id);
	store_bind_int64_or_null(st, 6, f->unit_id);
	store_bind_int64_or_null(st, 7, f->from);
	store_bind_int64_or_null(st, 8, f->from);
	store_bind_int64_or_null(st, 9, f->to);
	store_bind_int64_or_null(st, 10, f->to);
	store_bind_int64_or_null(st, 11, f->cursor);
	store_bind_int64_or_null(st, 12, f->cursor);
	store_bind_int64(st, 13, limit + 1);
	struct shift *rows;
	size_t n;
	if (ctx_page(cx, st, sizeof *rows, limit, read_shift, &rows, &n, next) < 0)
		return -1;
	*items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*items, sh_shift_json(&rows[i]));
	return 0;
}

int sh_shift_show(struct ctx *cx, int64_t id, json_t **out)
{
	struct shift s;
	if (sh_shift_get(cx, id, PERM_VOLUNTEERS_READ, &s) < 0)
		return -1;
	*out = sh_shift_json(&s);
	return 0;
}

/* Move waitlisted sign-ups up, in the order they came, while places are free: in the open
 * transaction; 0, or -1 rolled back. */
static int promote(struct ctx *cx, int64_t shift_id)
{
	for (int guard = 0; guard < 1000; guard++) {
		struct store_stmt *st = store_prepare(cx->db,
			"UPDATE shifts SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity"
			" AND EXISTS (SELECT 1 FROM shift_signups WHERE shift_id = ? AND state = 'waitlisted')");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, shift_id);
		store_bind_int64(st, 2, shift_id);
		int64_t changed = 0;
		if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
			return -1;
		if (!changed)
			return 0;
		st = store_prepare(cx->db,
			"UPDATE shift_signups SET state = 'confirmed', updated_at = ?, version = version + 1"
			" WHERE id = (SELECT MIN(id) FROM shift_signups WHERE shift_id = ? AND state = 'waitlisted')");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, cx->now);
		store_bind_int64(st, 2, shift_id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return 0;
}

static int shift_finish(struct ctx *cx, const char *action, int64_t id, const struct shift *before,
			json_t **out)
{
	struct shift s;
	if (sh_shift_fetch(cx, id, &s) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	return sh_commit_json(cx, action, "shift", id, before ? sh_shift_json(before) : NULL,
			      sh_shift_json(&s), out);
}

static void judge_window(struct ctx *cx, int64_t starts, int64_t ends)
{
	const struct limit *lim = &shifts_limits[L_SHIFT_MINUTES];
	if (ends <= starts)
		err_field(&cx->err, "ends_at", "shift_window_order", 0);
	else if ((ends - starts) / 60 > lim->max || (ends - starts) / 60 < lim->min)
		err_field(&cx->err, "ends_at", "shift_window_length", lim->max);
}

int sh_shift_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"activity_id", "role", "starts_at", "ends_at",
		"capacity", "course_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t activity_id = 0, starts = 0, ends = 0, capacity = 0, course = 0;
	const char *role = NULL;
	if (jf_int(body, "activity_id", JF_REQUIRED, 1, INT64_MAX, &activity_id, e) > 0) {
		struct activity a;
		int r = activity_fetch(cx, activity_id, &a);
		if (r < 0)
			return -1;
		if (r == 0 || !a.active || !access_path_in_scope(cx, a.unit_path))
			err_field(e, "activity_id", "shift_activity_unknown", 0);
	}
	sh_jf_str(body, "role", JF_REQUIRED, L_SHIFT_ROLE, &role, e);
	int ts = sh_jf_time(body, "starts_at", true, &starts, e);
	int te = sh_jf_time(body, "ends_at", true, &ends, e);
	if (ts > 0 && te > 0)
		judge_window(cx, starts, ends);
	sh_jf_int(body, "capacity", JF_REQUIRED, L_SHIFT_CAPACITY, &capacity, e);
	if (jf_int(body, "course_id", JF_NULLABLE, 1, INT64_MAX, &course, e) > 0) {
		int64_t months;
		int r = trainings_course_validity(cx, course, &months);
		if (r < 0)
			return -1;
		if (r == 0)
			err_field(e, "course_id", "training_course_unknown", 0);
	}
	if (e->code)
		return -1;
	unsigned char key[32];
	randombytes_buf(key, sizeof key);
	char secret[65];
	sodium_bin2hex(secret, sizeof secret, key, sizeof key);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO shifts (activity_id, role, starts_at, ends_at, capacity, course_id, secret,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, activity_id);
	store_bind_text(st, 2, role);
	store_bind_int64(st, 3, starts);
	store_bind_int64(st, 4, ends);
	store_bind_int64(st, 5, capacity);
	store_bind_int64_or_null(st, 6, course);
	store_bind_text(st, 7, secret);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, NULL, NULL, &id) < 0)
		return -1;
	return shift_finish(cx, "shift.create", id, NULL, out);
}

int sh_shift_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "role", "starts_at", "ends_at", "capacity",
		"cancelled", NULL};
	struct err *e = &cx->err;
	struct shift old;
	if (sh_shift_get(cx, id, PERM_VOLUNTEERS_WRITE, &old) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t version = 0, starts = old.starts_at, ends = old.ends_at, capacity = old.capacity;
	const char *role = old.role;
	bool cancelled = old.cancelled_at != 0;
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	sh_jf_str(body, "role", 0, L_SHIFT_ROLE, &role, e);
	int ts = sh_jf_time(body, "starts_at", false, &starts, e);
	int te = sh_jf_time(body, "ends_at", false, &ends, e);
	if (ts >= 0 && te >= 0)
		judge_window(cx, starts, ends);
	if (sh_jf_int(body, "capacity", 0, L_SHIFT_CAPACITY, &capacity, e) > 0 &&
	    capacity < old.confirmed)
		err_field(e, "capacity", "shift_capacity_low", old.confirmed);
	jf_bool(body, "cancelled", 0, &cancelled, e);
	if (old.cancelled_at && !cancelled)
		err_field(e, "cancelled", "shift_cancelled", 0);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shifts SET role = ?, starts_at = ?, ends_at = ?, capacity = ?, cancelled_at = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND confirmed <= ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, role);
	store_bind_int64(st, 2, starts);
	store_bind_int64(st, 3, ends);
	store_bind_int64(st, 4, capacity);
	store_bind_int64_or_null(st, 5, cancelled ? (old.cancelled_at ? old.cancelled_at : cx->now) : 0);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, id);
	store_bind_int64(st, 8, version);
	store_bind_int64(st, 9, capacity);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	if (!cancelled && promote(cx, id) < 0)
		return -1;
	return shift_finish(cx, "shift.update", id, &old, out);
}

/* ---- sign-ups ---- */

#define G_COLS "g.id, g.shift_id, g.volunteer_id, g.state, g.source, g.check_source, " \
	"g.checked_in_at, g.checked_out_at, g.created_at, g.updated_at, g.version"

static int64_t read_signup(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct signup *g = row;
	g->id = store_col_int64(st, 0);
	g->shift_id = store_col_int64(st, 1);
	g->volunteer_id = store_col_int64(st, 2);
	g->state = arena_strdup(cx->a, store_col_text(st, 3));
	g->source = arena_strdup(cx->a, store_col_text(st, 4));
	g->check_source = store_col_is_null(st, 5) ? NULL : arena_strdup(cx->a, store_col_text(st, 5));
	g->checked_in_at = store_col_int64(st, 6);
	g->checked_out_at = store_col_int64(st, 7);
	g->created_at = store_col_int64(st, 8);
	g->updated_at = store_col_int64(st, 9);
	g->version = store_col_int64(st, 10);
	return g->id;
}

/* By id, or (id 0) the standing sign-up of a volunteer to a shift: 1, 0, -1. */
int sh_signup_fetch(struct ctx *cx, int64_t id, int64_t shift_id, int64_t volunteer_id,
		    struct signup *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " G_COLS " FROM shift_signups g WHERE (g.id = ?) OR (? = 0 AND g.shift_id = ?"
		" AND g.volunteer_id = ? AND g.state <> 'cancelled')");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, id);
	store_bind_int64(st, 3, shift_id);
	store_bind_int64(st, 4, volunteer_id);
	return sh_one(cx, st, read_signup, out);
}

/* The hours entry standing for a sign-up (pending or approved; else the newest): 1, 0, -1. */
static int signup_hours(struct ctx *cx, int64_t signup_id, int64_t *id, const char **state,
			int64_t *minutes, int64_t *points)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, state, minutes, points FROM shift_hours WHERE signup_id = ? ORDER BY"
		" CASE WHEN state IN ('pending', 'approved') THEN 0 ELSE 1 END, id DESC LIMIT 1");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, signup_id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		*id = store_col_int64(st, 0);
		*state = arena_strdup(cx->a, store_col_text(st, 1));
		*minutes = store_col_int64(st, 2);
		*points = store_col_int64(st, 3);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The position of a waitlisted sign-up (1: next). */
static int64_t position(struct ctx *cx, const struct signup *g)
{
	int64_t n = 0;
	if (strcmp(g->state, "waitlisted") != 0)
		return 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM shift_signups WHERE shift_id = ? AND"
			      " state = 'waitlisted' AND id <= ?", &n, 2, g->shift_id, g->id) < 0)
		return 0;
	return n;
}

static json_t *signup_json(struct ctx *cx, const struct signup *g, const struct volunteer *v)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:I}",
		"id", (json_int_t)g->id, "shift_id", (json_int_t)g->shift_id, "state", g->state,
		"source", g->source, "position", (json_int_t)position(cx, g), "checked_in_at",
		g->checked_in_at ? json_time(g->checked_in_at) : json_null(), "checked_out_at",
		g->checked_out_at ? json_time(g->checked_out_at) : json_null(), "check_source",
		json_str_or_null(g->check_source), "created_at", json_time(g->created_at), "version",
		(json_int_t)g->version);
	if (v)
		json_object_set_new(o, "volunteer", json_pack("{s:I, s:s, s:o}", "id",
			(json_int_t)v->id, "name", v->name, "number", json_str_or_null(v->number)));
	int64_t hid = 0, minutes = 0, points = 0;
	const char *state = NULL;
	if (signup_hours(cx, g->id, &hid, &state, &minutes, &points) == 1)
		json_object_set_new(o, "hours", json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)hid,
			"state", state, "minutes", (json_int_t)minutes, "points", (json_int_t)points));
	else
		json_object_set_new(o, "hours", json_null());
	return o;
}

int sh_roster(struct ctx *cx, int64_t id, json_t **out)
{
	struct shift s;
	if (sh_shift_get(cx, id, PERM_VOLUNTEERS_READ, &s) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " G_COLS " FROM shift_signups g WHERE g.shift_id = ? ORDER BY CASE g.state WHEN"
		" 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, g.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	struct signup *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 2000, read_signup, &rows, &n) < 0)
		return -1;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		struct volunteer v;
		int r = volunteers_by_id(cx, rows[i].volunteer_id, &v);
		if (r < 0) {
			json_decref(a);
			return -1;
		}
		json_array_append_new(a, signup_json(cx, &rows[i], r ? &v : NULL));
	}
	*out = json_pack("{s:o, s:o}", "shift", sh_shift_json(&s), "items", a);
	return 0;
}

int sh_signup(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", NULL};
	struct err *e = &cx->err;
	struct volunteer v;
	struct shift s;
	bool self = cx->actor.role == ROLE_VOLUNTEER;
	if (self) {
		if (sh_me(cx, &v) < 0)
			return -1;
		int r = sh_shift_fetch(cx, shift_id, &s);
		if (r < 0)
			return -1;
		if (r == 0 || !sh_visible_to(s.unit_path, v.unit_path))
			return err_set(e, ERR_NOT_FOUND);
		json_only_fields(body, allowed, e);
		int64_t vid = 0;
		if (jf_int(body, "volunteer_id", 0, 1, INT64_MAX, &vid, e) > 0 && vid != v.id)
			err_field(e, "volunteer_id", "shift_self_only", 0);
	} else {
		if (sh_shift_get(cx, shift_id, PERM_VOLUNTEERS_WRITE, &s) < 0)
			return -1;
		json_only_fields(body, allowed, e);
		int64_t vid = 0;
		if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0) {
			int r = volunteers_by_id(cx, vid, &v);
			if (r < 0)
				return -1;
			if (r == 0 || !access_path_in_scope(cx, v.unit_path) ||
			    !sh_visible_to(s.unit_path, v.unit_path))
				err_field(e, "volunteer_id", "volunteer_unknown", 0);
		}
	}
	if (e->code)
		return -1;
	if (s.cancelled_at || !s.activity_active)
		return err_field(e, "shift_id", "shift_cancelled", 0);
	if (s.ends_at <= cx->now)
		return err_field(e, "shift_id", "shift_over", 0);
	if (!volunteers_serving(&v))
		return err_field(e, "volunteer_id", "shift_not_serving", 0);
	if (s.course_id) {
		int q = volunteers_qualified(cx, v.id, s.course_id, date_of_time(s.starts_at), NULL);
		if (q < 0)
			return -1;
		if (q == 0)
			return err_field(e, "volunteer_id", "shift_unqualified", 0);
	}
	struct signup g;
	int f = sh_signup_fetch(cx, 0, s.id, v.id, &g);
	if (f < 0)
		return -1;
	if (f == 1) {
		err_field(e, "volunteer_id", "shift_signed_up", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0)
		return -1;
	/* a place if one is free: one conditional UPDATE, so two at once never overfill */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shifts SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, s.id);
	int64_t placed = 0;
	if (ctx_write(cx, st, NULL, NULL, &placed) < 0)
		return -1;
	st = store_prepare(cx->db,
		"INSERT INTO shift_signups (shift_id, volunteer_id, state, source, created_by, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, s.id);
	store_bind_int64(st, 2, v.id);
	store_bind_text(st, 3, placed ? "confirmed" : "waitlisted");
	store_bind_text(st, 4, self ? "self" : "assigned");
	store_bind_int64_or_null(st, 5, cx->actor.user_id);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "volunteer_id", "shift_signed_up", &id) < 0)
		return -1;
	if (sh_signup_fetch(cx, id, 0, 0, &g) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	return sh_commit_json(cx, "shift.signup", "shift_signup", id, NULL, signup_json(cx, &g, &v), out);
}

int sh_cancel(struct ctx *cx, int64_t signup_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	struct signup g;
	struct shift s;
	struct volunteer v;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = sh_signup_fetch(cx, signup_id, 0, 0, &g);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(e, ERR_NOT_FOUND);
	if (cx->actor.role == ROLE_VOLUNTEER) {
		if (sh_me(cx, &v) < 0)
			return -1;
		if (v.id != g.volunteer_id)
			return err_set(e, ERR_NOT_FOUND);
		if (sh_shift_fetch(cx, g.shift_id, &s) != 1)
			return err_set(e, ERR_INTERNAL);
	} else {
		if (sh_shift_get(cx, g.shift_id, PERM_VOLUNTEERS_WRITE, &s) < 0)
			return -1;
		if (volunteers_by_id(cx, g.volunteer_id, &v) != 1)
			return err_set(e, ERR_INTERNAL);
	}
	json_only_fields(body, allowed, e);
	int64_t version = 0;
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code)
		return -1;
	if (strcmp(g.state, "cancelled") == 0) {
		err_field(e, "state", "shift_signup_cancelled", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (g.checked_in_at)
		return err_field(e, "state", "shift_checked_in", 0);
	json_t *before = signup_json(cx, &g, &v);
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_signups SET state = 'cancelled', updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ? AND state = ? AND checked_in_at IS NULL");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, g.id);
	store_bind_int64(st, 3, version);
	store_bind_text(st, 4, g.state);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(before);
		return -1;
	}
	if (strcmp(g.state, "confirmed") == 0) {
		st = store_prepare(cx->db, "UPDATE shifts SET confirmed = confirmed - 1 WHERE id = ?");
		if (!st) {
			json_decref(before);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, g.shift_id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0 || promote(cx, g.shift_id) < 0) {
			json_decref(before);
			return -1;
		}
	}
	if (sh_signup_fetch(cx, g.id, 0, 0, &g) != 1) {
		json_decref(before);
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	return sh_commit_json(cx, "shift.cancel", "shift_signup", g.id, before,
			      signup_json(cx, &g, &v), out);
}

/* The volunteer's view of a shift: the shift and their own sign-up (or null). */
static json_t *my_shift_json(struct ctx *cx, const struct shift *s, const struct volunteer *v)
{
	json_t *o = sh_shift_json(s);
	struct signup g;
	int f = sh_signup_fetch(cx, 0, s->id, v->id, &g);
	json_object_set_new(o, "signup", f == 1 ? signup_json(cx, &g, NULL) : json_null());
	json_object_set_new(o, "requires_qualification", json_boolean(s->course_id != 0));
	if (s->course_id) {
		int q = volunteers_qualified(cx, v->id, s->course_id, date_of_time(s->starts_at), NULL);
		json_object_set_new(o, "qualified", json_boolean(q == 1));
	}
	return o;
}

int sh_open(struct ctx *cx, json_t **out)
{
	struct volunteer v;
	if (sh_me(cx, &v) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " S_COLS " FROM " S_FROM " WHERE s.cancelled_at IS NULL AND a.active = 1 AND"
		" s.ends_at > ? AND substr(?, 1, length(o.path)) = o.path ORDER BY s.starts_at, s.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_text(st, 2, v.unit_path);
	struct shift *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 200, read_shift, &rows, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, my_shift_json(cx, &rows[i], &v));
	return 0;
}

int sh_mine(struct ctx *cx, json_t **out)
{
	struct volunteer v;
	if (sh_me(cx, &v) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " S_COLS " FROM " S_FROM " WHERE s.id IN (SELECT shift_id FROM shift_signups WHERE"
		" volunteer_id = ?) ORDER BY s.starts_at DESC, s.id DESC");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, v.id);
	struct shift *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 200, read_shift, &rows, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, my_shift_json(cx, &rows[i], &v));
	return 0;
}

/* ---- the check-in code ---- */

static json_t *qr_json(struct ctx *cx, const char *url)
{
	char *svg = qr_svg(cx->a, url, 6);
	size_t n = 0;
	unsigned char *png = qr_png(cx->a, url, 6, &n);
	if (!svg || !png)
		return NULL;
	size_t b64 = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc = arena_alloc(cx->a, b64);
	sodium_bin2base64(enc, b64, png, n, sodium_base64_VARIANT_ORIGINAL);
	return json_pack("{s:s, s:s}", "svg", svg, "png",
			 arena_printf(cx->a, "data:image/png;base64,%s", enc));
}

static bool in_window(const struct shift *s, int64_t t)
{
	int64_t g = s->grace_minutes * 60;
	return t >= s->starts_at - g && t <= s->ends_at + g;
}

int sh_code_show(struct ctx *cx, int64_t id, const char *base, json_t **out)
{
	struct shift s;
	if (sh_shift_get(cx, id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	int64_t step = cx->now / SHIFT_CODE_STEP;
	char code[SHIFT_CODE_DIGITS + 1];
	sh_code(&s, step, code);
	const char *url = arena_printf(cx->a, "%s/shifts/checkin?shift=%lld&code=%s", base,
				       (long long)s.id, code);
	json_t *qr = qr_json(cx, url);
	if (!qr)
		return err_setf(&cx->err, ERR_INTERNAL, "the check-in QR code");
	*out = json_pack("{s:s, s:s, s:o, s:I, s:b, s:o, s:o, s:o}", "code", code, "url", url,
		"expires_at", json_time((step + 1) * SHIFT_CODE_STEP), "step_seconds",
		(json_int_t)SHIFT_CODE_STEP, "in_window", !s.cancelled_at && in_window(&s, cx->now),
		"opens_at", json_time(s.starts_at - s.grace_minutes * 60), "closes_at",
		json_time(s.ends_at + s.grace_minutes * 60), "qr", qr);
	return 0;
}

int sh_hours_insert(struct ctx *cx, const struct shift *s, const struct signup *g, int64_t minutes,
		    int64_t corrects_id, const char *reason, int64_t *id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO shift_hours (signup_id, shift_id, volunteer_id, unit_id, minutes, state,"
		" corrects_id, reason, created_by, created_at, updated_at, month)"
		" VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, g->id);
	store_bind_int64(st, 2, s->id);
	store_bind_int64(st, 3, g->volunteer_id);
	store_bind_int64(st, 4, s->unit_id);
	store_bind_int64(st, 5, minutes);
	store_bind_int64_or_null(st, 6, corrects_id);
	store_bind_text(st, 7, reason ? reason : "");
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_int64(st, 9, cx->now);
	store_bind_int64(st, 10, cx->now);
	char month[8];   /* the shift's start's, which the totals count by */
	date_month_of(s->starts_at, month);
	store_bind_text(st, 11, month);
	return ctx_insert(cx, st, "volunteer_id", "shift_hours_exist", id);
}

/* Record a check-in or a check-out (with its pending hours) of a confirmed sign-up, audited. */
static int record(struct ctx *cx, const struct shift *s, const struct signup *g,
		  const struct volunteer *v, int64_t in, int64_t out_at, const char *source,
		  json_t **out)
{
	json_t *before = signup_json(cx, g, v);
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE shift_signups SET checked_in_at = ?, checked_out_at = ?, check_source = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, in);
	store_bind_int64_or_null(st, 2, out_at);
	store_bind_text(st, 3, source);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, g->id);
	store_bind_int64(st, 6, g->version);
	int64_t hid = 0, minutes = out_at ? sh_minutes(s, in, out_at) : 0;
	if (ctx_write_version(cx, st) < 0 ||
	    (minutes > 0 && sh_hours_insert(cx, s, g, minutes, 0, NULL, &hid) < 0)) {
		json_decref(before);
		return -1;
	}
	struct signup now;
	if (sh_signup_fetch(cx, g->id, 0, 0, &now) != 1) {
		json_decref(before);
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	return sh_commit_json(cx, out_at ? "shift.check_out" : "shift.check_in", "shift_signup", g->id,
			      before, signup_json(cx, &now, v), out);
}

/* Wrong codes, counted per volunteer in this process. */
static struct ratelimit wrong_codes = {PTHREAD_MUTEX_INITIALIZER, SHIFT_CODE_WRONG_PER_MINUTE,
				       {{"", 0, 0}}};

int sh_checkin(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"shift_id", "code", NULL};
	struct err *e = &cx->err;
	struct volunteer v;
	if (sh_me(cx, &v) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t shift_id = 0;
	const char *code = NULL;
	jf_int(body, "shift_id", JF_REQUIRED, 1, INT64_MAX, &shift_id, e);
	jf_str(body, "code", JF_REQUIRED, 1, 16, &code, e);
	if (e->code)
		return -1;
	struct shift s;
	int r = sh_shift_fetch(cx, shift_id, &s);
	if (r < 0)
		return -1;
	if (r == 0 || !sh_visible_to(s.unit_path, v.unit_path))
		return err_set(e, ERR_NOT_FOUND);
	char key[32];
	snprintf(key, sizeof key, "v%lld", (long long)v.id);
	int wait = 0;
	if (!ratelimit_allows(&wrong_codes, key, cx->now, &wait)) {
		e->retry_after = wait;
		return err_set(e, ERR_RATE_LIMITED);
	}
	int64_t step = cx->now / SHIFT_CODE_STEP;
	char now_code[SHIFT_CODE_DIGITS + 1], prev[SHIFT_CODE_DIGITS + 1];
	sh_code(&s, step, now_code);
	sh_code(&s, step - 1, prev);
	if (strcmp(code, now_code) != 0 && strcmp(code, prev) != 0) {
		ratelimit_take(&wrong_codes, key, cx->now, NULL);
		return err_field(e, "code", "shift_code_invalid", 0);
	}
	if (s.cancelled_at || !in_window(&s, cx->now))
		return err_field(e, "code", "shift_code_window", s.grace_minutes);
	struct signup g;
	int f = sh_signup_fetch(cx, 0, s.id, v.id, &g);
	if (f < 0)
		return -1;
	if (f == 0 || strcmp(g.state, "confirmed") != 0)
		return err_field(e, "shift_id", "shift_not_signed_up", 0);
	if (g.checked_out_at) {
		err_field(e, "shift_id", "shift_checked_out", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (!g.checked_in_at)
		return record(cx, &s, &g, &v, cx->now, 0, "code", out);
	return record(cx, &s, &g, &v, g.checked_in_at, cx->now, g.check_source, out);
}

int sh_attendance(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", "checked_in_at", "checked_out_at", NULL};
	struct err *e = &cx->err;
	struct shift s;
	if (sh_shift_get(cx, id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t vid = 0, in = 0, out_at = 0;
	struct volunteer v;
	struct signup g;
	if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0) {
		int r = volunteers_by_id(cx, vid, &v);
		if (r < 0)
			return -1;
		int f = r ? sh_signup_fetch(cx, 0, s.id, vid, &g) : 0;
		if (f < 0)
			return -1;
		if (r == 0 || !access_path_in_scope(cx, v.unit_path))
			err_field(e, "volunteer_id", "volunteer_unknown", 0);
		else if (f == 0 || strcmp(g.state, "confirmed") != 0)
			err_field(e, "volunteer_id", "shift_not_signed_up", 0);
	}
	int ti = sh_jf_time(body, "checked_in_at", true, &in, e);
	int to = sh_jf_time(body, "checked_out_at", false, &out_at, e);
	if (ti > 0 && !in_window(&s, in))
		err_field(e, "checked_in_at", "shift_time_window", s.grace_minutes);
	if (ti > 0 && in > cx->now)
		err_field(e, "checked_in_at", "shift_time_future", 0);
	if (to > 0 && ti > 0 && out_at <= in)
		err_field(e, "checked_out_at", "shift_time_order", 0);
	else if (to > 0 && !in_window(&s, out_at))
		err_field(e, "checked_out_at", "shift_time_window", s.grace_minutes);
	else if (to > 0 && out_at > cx->now)
		err_field(e, "checked_out_at", "shift_time_future", 0);
	if (e->code)
		return -1;
	if (g.checked_out_at) {
		err_field(e, "volunteer_id", "shift_checked_out", 0);
		return err_set(e, ERR_CONFLICT);
	}
	return record(cx, &s, &g, &v, in, to > 0 ? out_at : 0, "organiser", out);
}
