/* Training (培训) and qualifications (持证上岗): courses with a validity in months, sessions held
 * by a unit on a day, attendance recorded by the organiser (granting the course's
 * qualification from the session's day), and qualifications granted or revoked by staff. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "org/org.h"
#include "volunteers/internal.h"

/* The last day a qualification granted on `from` holds, `months` later. */
static int expiry_of(int from, int64_t months)
{
	int y = from / 10000, m = from / 100 % 100, d = from % 100;
	int64_t mm = (int64_t)m - 1 + months;
	y += (int)(mm / 12);
	m = (int)(mm % 12) + 1;
	int dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_add(y * 10000 + m * 100 + d, -1);
}

static json_t *unit_ref(struct store_stmt *st, int id_col, int name_col)
{
	if (store_col_is_null(st, id_col))
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)store_col_int64(st, id_col), "name",
			 store_col_text(st, name_col));
}

static int64_t col_date(struct store_stmt *st, int i)
{
	return store_col_is_null(st, i) ? 0 : store_col_int64(st, i);
}

/* ---- courses ---- */

#define C_COLS "c.id, c.unit_id, ou.name, c.code, c.name, c.description, c.validity_months, " \
	"c.active, c.created_at, c.updated_at, c.version, ou.path"
#define C_FROM "training_courses c LEFT JOIN org_units ou ON ou.id = c.unit_id"

static json_t *course_json(struct store_stmt *st)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:s, s:I, s:b, s:o, s:o, s:I}",
		"id", (json_int_t)store_col_int64(st, 0), "unit", unit_ref(st, 1, 2),
		"code", store_col_text(st, 3), "name", store_col_text(st, 4),
		"description", store_col_text(st, 5), "validity_months", (json_int_t)store_col_int64(st, 6),
		"active", store_col_int64(st, 7) != 0, "created_at", json_time(store_col_int64(st, 8)),
		"updated_at", json_time(store_col_int64(st, 9)), "version", (json_int_t)store_col_int64(st, 10));
}

/* Rows of a statement as JSON, each made by fn; *out an array. */
static int rows_json(struct ctx *cx, struct store_stmt *st, json_t *(*fn)(struct store_stmt *),
		     json_t **out)
{
	json_t *a = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(a, fn(st));
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(a);
		return ctx_store_error(cx);
	}
	*out = a;
	return 0;
}

/* Whether a unit's path is related to the actor's: one of theirs, above or below one. */
static bool related(const struct ctx *cx, const char *path)
{
	if (access_is_global(cx) || !path)
		return true;
	size_t n = strlen(path);
	for (size_t i = 0; i < cx->actor.nunits; i++) {
		size_t m = strlen(cx->actor.unit_paths[i]);
		if (strncmp(path, cx->actor.unit_paths[i], m < n ? m : n) == 0)
			return true;
	}
	return false;
}

/* Courses are read by every reader of volunteers: the deployment's and those of units related
 * to theirs (the lists are short). */
int trainings_courses_list(struct ctx *cx, bool all, json_t **out)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " C_COLS " FROM " C_FROM " WHERE (? = 1 OR c.active = 1) ORDER BY c.code");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, all);
	json_t *a = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		if (related(cx, store_col_is_null(st, 11) ? NULL : store_col_text(st, 11)))
			json_array_append_new(a, course_json(st));
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(a);
		return ctx_store_error(cx);
	}
	*out = a;
	return 0;
}

struct course_row {
	int64_t id, unit_id, validity, version;
	const char *path;
	bool active;
	json_t *json;
};

static int course_fetch(struct ctx *cx, int64_t id, struct course_row *c)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " C_COLS " FROM " C_FROM " WHERE c.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		c->id = id;
		c->unit_id = store_col_int64(st, 1);
		c->validity = store_col_int64(st, 6);
		c->active = store_col_int64(st, 7) != 0;
		c->version = store_col_int64(st, 10);
		c->path = store_col_is_null(st, 11) ? NULL : arena_strdup(cx->a, store_col_text(st, 11));
		c->json = course_json(st);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int trainings_course_validity(struct ctx *cx, int64_t course_id, int64_t *months)
{
	struct course_row c;
	int r = course_fetch(cx, course_id, &c);
	if (r == 1) {
		*months = c.validity;
		json_decref(c.json);
	}
	return r;
}

/* A course the caller reads, active: 1, or a field error on `field`. */
static int judge_course(struct ctx *cx, const char *field, int64_t id, struct course_row *c)
{
	int r = course_fetch(cx, id, c);
	if (r < 0)
		return -1;
	if (r == 1)
		json_decref(c->json);
	if (r == 0 || !c->active || !related(cx, c->path))
		return err_field(&cx->err, field, "training_course_unknown", 0);
	return 1;
}

static int course_finish(struct ctx *cx, const char *action, int64_t id, json_t *before, json_t **out)
{
	struct course_row c;
	if (course_fetch(cx, id, &c) != 1) {
		ctx_rollback(cx);
		json_decref(before);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	int rc = audit_commit(cx, action, "training_course", id, before, c.json);
	json_decref(before);
	if (rc < 0) {
		json_decref(c.json);
		return -1;
	}
	*out = c.json;
	return 0;
}

/* Administrators keep the deployment's courses, staff those of units in their scope. */
static int may_keep_course(struct ctx *cx, int64_t unit_id, const char *path)
{
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	if (access_is_global(cx))
		return 0;
	if (!unit_id || !access_path_in_scope(cx, path))
		return err_field(&cx->err, "unit_id", "training_course_scope", 0);
	return 0;
}

int trainings_course_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"unit_id", "code", "name", "description",
		"validity_months", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	const char *code = NULL, *name = NULL, *description = "";
	int64_t unit_id = 0, months = 0;
	const struct limit *lv = &volunteers_limits[L_COURSE_VALIDITY];
	struct org_unit u = {0};
	json_only_fields(body, allowed, e);
	vol_jf_str(body, "code", JF_REQUIRED, L_COURSE_CODE, &code, e);
	vol_jf_str(body, "name", JF_REQUIRED, L_COURSE_NAME, &name, e);
	vol_jf_str(body, "description", JF_MULTILINE, L_COURSE_DESCRIPTION, &description, e);
	jf_int(body, "validity_months", JF_REQUIRED, lv->min, lv->max, &months, e);
	if (jf_int(body, "unit_id", JF_NULLABLE, 1, INT64_MAX, &unit_id, e) > 0 &&
	    org_unit_by_id(cx, unit_id, &u) < 0)
		return -1;
	if (!e->code && unit_id && (!u.id || u.closed_at))
		err_field(e, "unit_id", "volunteer_unit_scope", 0);
	if (e->code || may_keep_course(cx, unit_id, u.path) < 0 || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO training_courses (unit_id, code, name, description, validity_months,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64_or_null(st, 1, unit_id);
	store_bind_text(st, 2, code);
	store_bind_text(st, 3, name);
	store_bind_text(st, 4, description);
	store_bind_int64(st, 5, months);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "code", "training_code_taken", &id) < 0)
		return -1;
	return course_finish(cx, "training_course.create", id, NULL, out);
}

int trainings_course_update(struct ctx *cx, int64_t id, json_t *patch, json_t **out)
{
	static const char *const allowed[] = {"version", "name", "description", "validity_months",
		"active", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	struct course_row c;
	int r = course_fetch(cx, id, &c);
	if (r < 0)
		return -1;
	if (r == 0 || !related(cx, c.path)) {
		if (r)
			json_decref(c.json);
		return err_set(e, ERR_NOT_FOUND);
	}
	if (may_keep_course(cx, c.unit_id, c.path) < 0) {
		json_decref(c.json);
		err_clear(e);
		return err_setf(e, ERR_FORBIDDEN, "the course is kept by its unit");
	}
	const char *name = NULL, *description = NULL;
	int64_t version = 0, months = 0;
	bool active = c.active;
	const struct limit *lv = &volunteers_limits[L_COURSE_VALIDITY];
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	vol_jf_str(patch, "name", 0, L_COURSE_NAME, &name, e);
	vol_jf_str(patch, "description", JF_MULTILINE, L_COURSE_DESCRIPTION, &description, e);
	jf_int(patch, "validity_months", 0, lv->min, lv->max, &months, e);
	jf_bool(patch, "active", 0, &active, e);
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(c.json);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE training_courses SET name = COALESCE(?, name), description = COALESCE(?,"
		" description), validity_months = COALESCE(?, validity_months), active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(c.json);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, description);
	store_bind_int64_or_null(st, 3, months);
	store_bind_int64(st, 4, active);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, id);
	store_bind_int64(st, 7, version);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(c.json);
		return -1;
	}
	return course_finish(cx, "training_course.update", id, c.json, out);
}

/* ---- sessions ---- */

#define S_COLS "s.id, s.course_id, c.code, c.name, s.unit_id, o.name, s.on_date, s.place, " \
	"s.trainer, s.capacity, s.attendees, s.note, s.created_at, s.updated_at, s.version, o.path, " \
	"c.validity_months"
#define S_FROM "training_sessions s JOIN training_courses c ON c.id = s.course_id" \
	" JOIN org_units o ON o.id = s.unit_id"

static json_t *session_json(struct store_stmt *st)
{
	return json_pack("{s:I, s:{s:I, s:s, s:s}, s:o, s:o, s:s, s:s, s:I, s:I, s:s, s:o, s:o, s:I}",
		"id", (json_int_t)store_col_int64(st, 0), "course", "id",
		(json_int_t)store_col_int64(st, 1), "code", store_col_text(st, 2), "name",
		store_col_text(st, 3), "unit", unit_ref(st, 4, 5),
		"date", vol_date_json((int)store_col_int64(st, 6)), "place", store_col_text(st, 7),
		"trainer", store_col_text(st, 8), "capacity", (json_int_t)store_col_int64(st, 9),
		"attendees", (json_int_t)store_col_int64(st, 10), "note", store_col_text(st, 11),
		"created_at", json_time(store_col_int64(st, 12)),
		"updated_at", json_time(store_col_int64(st, 13)), "version", (json_int_t)store_col_int64(st, 14));
}

struct session_row {
	int64_t id, course_id, unit_id, capacity, attendees, version, validity;
	int date;
	const char *path;
	json_t *json;
};

static int session_fetch(struct ctx *cx, int64_t id, struct session_row *s)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " S_COLS " FROM " S_FROM " WHERE s.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		s->id = id;
		s->course_id = store_col_int64(st, 1);
		s->unit_id = store_col_int64(st, 4);
		s->date = (int)store_col_int64(st, 6);
		s->capacity = store_col_int64(st, 9);
		s->attendees = store_col_int64(st, 10);
		s->version = store_col_int64(st, 14);
		s->path = arena_strdup(cx->a, store_col_text(st, 15));
		s->validity = store_col_int64(st, 16);
		s->json = session_json(st);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The session with `perm` in the scope of its unit (404 outside); s->json is the caller's. */
static int session_with(struct ctx *cx, int64_t id, enum perm perm, struct session_row *s)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = session_fetch(cx, id, s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	if (vol_require_in(cx, perm, s->path) < 0) {
		json_decref(s->json);
		return -1;
	}
	return 0;
}

int trainings_session_get(struct ctx *cx, int64_t id, json_t **out)
{
	struct session_row s;
	if (session_with(cx, id, PERM_VOLUNTEERS_READ, &s) < 0)
		return -1;
	*out = s.json;
	return 0;
}

int trainings_sessions_list(struct ctx *cx, const struct training_session_filter *f, json_t **items,
			    int64_t *next_cursor)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " S_COLS " FROM " S_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS BIGINT) IS NULL OR s.course_id = ?)"
		" AND s.on_date >= ? AND s.on_date <= ? AND (? = 0 OR s.id < ?)"
		" ORDER BY s.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int limit = f->limit > 0 ? f->limit : 50;
	access_bind_scope(cx, st, 1);
	store_bind_int64_or_null(st, 3, f->unit_id);
	store_bind_int64_or_null(st, 4, f->unit_id);
	store_bind_int64_or_null(st, 5, f->course_id);
	store_bind_int64_or_null(st, 6, f->course_id);
	store_bind_int64(st, 7, f->from);
	store_bind_int64(st, 8, f->to ? f->to : 99991231);
	store_bind_int64(st, 9, f->cursor);
	store_bind_int64(st, 10, f->cursor);
	store_bind_int64(st, 11, limit + 1);
	json_t *a = json_array();
	int rc, n = 0;
	*next_cursor = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (n++ == limit) {
			json_t *last = json_array_get(a, (size_t)limit - 1);
			*next_cursor = json_integer_value(json_object_get(last, "id"));
			continue;
		}
		json_array_append_new(a, session_json(st));
	}
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(a);
		return ctx_store_error(cx);
	}
	*items = a;
	return 0;
}

static int session_finish(struct ctx *cx, const char *action, int64_t id, json_t *before,
			  json_t *what, json_t **out)
{
	struct session_row s;
	if (session_fetch(cx, id, &s) != 1) {
		ctx_rollback(cx);
		json_decref(before);
		json_decref(what);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	int rc = audit_commit(cx, action, "training_session", id, before, what ? what : s.json);
	json_decref(before);
	json_decref(what);
	if (rc < 0) {
		json_decref(s.json);
		return -1;
	}
	*out = s.json;
	return 0;
}

struct session_in {
	int date;
	const char *place, *trainer, *note;
	int64_t capacity;
};

static void judge_session(struct ctx *cx, json_t *b, bool create, struct session_in *in)
{
	struct err *e = &cx->err;
	const struct limit *lc = &volunteers_limits[L_SESSION_CAPACITY];
	int flags = create ? JF_REQUIRED : 0;
	vol_jf_date(b, "date", flags, &in->date, e);
	vol_jf_str(b, "place", flags, L_SESSION_PLACE, &in->place, e);
	vol_jf_str(b, "trainer", flags, L_SESSION_TRAINER, &in->trainer, e);
	vol_jf_str(b, "note", JF_MULTILINE, L_SESSION_NOTE, &in->note, e);
	jf_int(b, "capacity", flags, lc->min, lc->max, &in->capacity, e);
}

int trainings_session_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"course_id", "unit_id", "date", "place", "trainer",
		"capacity", "note", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	struct session_in in = {.note = ""};
	int64_t course_id = 0, unit_id = 0;
	struct course_row c = {0};
	struct org_unit u;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "course_id", JF_REQUIRED, 1, INT64_MAX, &course_id, e) > 0)
		judge_course(cx, "course_id", course_id, &c);
	if (jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e) > 0 &&
	    vol_judge_unit(cx, "unit_id", unit_id, NULL, &u) > 0 && c.id && c.path &&
	    !vol_path_under(u.path, c.path))
		err_field(e, "course_id", "training_course_unknown", 0);
	judge_session(cx, body, true, &in);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO training_sessions (course_id, unit_id, on_date, place, trainer, capacity,"
		" note, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, course_id);
	store_bind_int64(st, 2, unit_id);
	store_bind_int64(st, 3, in.date);
	store_bind_text(st, 4, in.place);
	store_bind_text(st, 5, in.trainer);
	store_bind_int64(st, 6, in.capacity);
	store_bind_text(st, 7, in.note);
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_int64(st, 9, cx->now);
	store_bind_int64(st, 10, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, NULL, NULL, &id) < 0)
		return -1;
	return session_finish(cx, "training_session.create", id, NULL, NULL, out);
}

int trainings_session_update(struct ctx *cx, int64_t id, json_t *patch, json_t **out)
{
	static const char *const allowed[] = {"version", "date", "place", "trainer", "capacity",
		"note", NULL};
	struct err *e = &cx->err;
	struct session_row s;
	if (session_with(cx, id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	struct session_in in = {0};
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge_session(cx, patch, false, &in);
	if (in.capacity && in.capacity < s.attendees)
		err_field(e, "capacity", "training_capacity_low", s.attendees);
	if (in.date && in.date != s.date && s.attendees)
		err_field(e, "date", "training_date_fixed", 0);
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(s.json);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE training_sessions SET on_date = COALESCE(?, on_date), place = COALESCE(?,"
		" place), trainer = COALESCE(?, trainer), capacity = COALESCE(?, capacity),"
		" note = COALESCE(?, note), updated_at = ?, version = version + 1 WHERE id = ? AND"
		" version = ? AND attendees <= COALESCE(?, capacity)");
	if (!st) {
		json_decref(s.json);
		return ctx_fail(cx);
	}
	store_bind_int64_or_null(st, 1, in.date);
	store_bind_text(st, 2, in.place);
	store_bind_text(st, 3, in.trainer);
	store_bind_int64_or_null(st, 4, in.capacity);
	store_bind_text(st, 5, in.note);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, id);
	store_bind_int64(st, 8, version);
	store_bind_int64_or_null(st, 9, in.capacity);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(s.json);
		return -1;
	}
	return session_finish(cx, "training_session.update", id, s.json, NULL, out);
}

static json_t *attendee_json(struct store_stmt *st)
{
	return json_pack("{s:I, s:s, s:o, s:o}", "volunteer_id", (json_int_t)store_col_int64(st, 0),
		"name", store_col_text(st, 1),
		"number", json_str_or_null(store_col_is_null(st, 2) ? NULL : store_col_text(st, 2)),
		"recorded_at", json_time(store_col_int64(st, 3)));
}

static int attendance_rows(struct ctx *cx, int64_t session_id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT a.volunteer_id, v.name, v.number, a.recorded_at FROM training_attendance a"
		" JOIN volunteers v ON v.id = a.volunteer_id WHERE a.session_id = ?"
		" ORDER BY a.recorded_at, a.volunteer_id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, session_id);
	return rows_json(cx, st, attendee_json, out);
}

int trainings_attendance(struct ctx *cx, int64_t session_id, json_t **out)
{
	struct session_row s;
	if (session_with(cx, session_id, PERM_VOLUNTEERS_READ, &s) < 0)
		return -1;
	json_decref(s.json);
	return attendance_rows(cx, session_id, out);
}

/* Grant (or renew) a qualification in the open transaction; `renew_only` keeps one that
 * holds longer. The audit entry is written. */
static int grant(struct ctx *cx, int64_t vid, int64_t course_id, int from, int until,
		 const char *source, int64_t session_id, bool renew_only)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteer_qualifications (volunteer_id, course_id, granted_on, expires_on,"
		" source, session_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (volunteer_id, course_id) DO UPDATE SET granted_on = excluded.granted_on,"
		" expires_on = excluded.expires_on, source = excluded.source, session_id ="
		" excluded.session_id, revoked_at = NULL, revoke_reason = NULL, revoked_by = NULL,"
		" updated_at = excluded.updated_at, version = volunteer_qualifications.version + 1"
		" WHERE ? = 0 OR volunteer_qualifications.revoked_at IS NOT NULL OR"
		" volunteer_qualifications.expires_on < excluded.expires_on RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, vid);
	store_bind_int64(st, 2, course_id);
	store_bind_int64(st, 3, from);
	store_bind_int64(st, 4, until);
	store_bind_text(st, 5, source);
	store_bind_int64_or_null(st, 6, session_id);
	store_bind_int64(st, 7, cx->now);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, renew_only);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_fail(cx);
	if (!id)
		return 0;   /* one that holds longer stays */
	json_t *after = json_pack("{s:I, s:I, s:o, s:o, s:s}", "volunteer_id", (json_int_t)vid,
		"course_id", (json_int_t)course_id, "granted_on", vol_date_json(from),
		"expires_on", vol_date_json(until), "source", source);
	rc = audit_record(cx, "qualification.grant", "qualification", id, NULL, after);
	json_decref(after);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return 0;
}

int trainings_attend(struct ctx *cx, int64_t session_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_ids", NULL};
	struct err *e = &cx->err;
	struct session_row s;
	if (session_with(cx, session_id, PERM_VOLUNTEERS_WRITE, &s) < 0)
		return -1;
	json_decref(s.json);
	int64_t *ids = NULL;
	size_t n = 0;
	const struct limit *lc = &volunteers_limits[L_SESSION_CAPACITY];
	json_only_fields(body, allowed, e);
	if (jf_int_array(body, "volunteer_ids", JF_REQUIRED, (size_t)lc->max, 1, INT64_MAX, cx->a,
			 &ids, &n, e) > 0) {
		if (n == 0)
			err_field(e, "volunteer_ids", "empty", 0);
		for (size_t i = 0; i < n && !e->code; i++) {
			struct volunteer v;
			vol_judge_volunteer(cx, arena_printf(cx->a, "volunteer_ids[%zu]", i), ids[i], &v);
		}
	}
	if (!e->code && s.date > vol_today(cx))
		err_field(e, "volunteer_ids", "training_future", 0);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	json_t *added = json_array();
	for (size_t i = 0; i < n; i++) {
		struct store_stmt *st = store_prepare(cx->db,
			"INSERT INTO training_attendance (session_id, volunteer_id, recorded_by,"
			" recorded_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
		if (!st) {
			json_decref(added);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, session_id);
		store_bind_int64(st, 2, ids[i]);
		store_bind_int64_or_null(st, 3, cx->actor.user_id);
		store_bind_int64(st, 4, cx->now);
		int64_t changed = 0;
		if (ctx_write(cx, st, NULL, NULL, &changed) < 0) {
			json_decref(added);
			return -1;
		}
		if (changed)
			json_array_append_new(added, json_integer(ids[i]));
	}
	size_t k = json_array_size(added);
	/* within the capacity, counted on the session's row so that two at once queue */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE training_sessions SET attendees = attendees + ?, updated_at = ?, version ="
		" version + 1 WHERE id = ? AND attendees + ? <= capacity");
	if (!st) {
		json_decref(added);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, (int64_t)k);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, session_id);
	store_bind_int64(st, 4, (int64_t)k);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0) {
		json_decref(added);
		return -1;
	}
	if (!changed) {
		ctx_rollback(cx);
		json_decref(added);
		err_field(e, "volunteer_ids", "training_capacity", (long)s.capacity);
		return err_set(e, ERR_CONFLICT);
	}
	int until = expiry_of(s.date, s.validity);
	for (size_t i = 0; i < k; i++)
		if (grant(cx, json_integer_value(json_array_get(added, i)), s.course_id, s.date, until,
			  "attendance", session_id, true) < 0) {
			json_decref(added);
			return -1;
		}
	json_t *what = json_pack("{s:o}", "added", added);
	json_t *ignored;
	if (session_finish(cx, "training_session.attend", session_id, NULL, what, &ignored) < 0)
		return -1;
	json_decref(ignored);
	return attendance_rows(cx, session_id, out);
}

/* ---- qualifications ---- */

#define Q_COLS "q.id, q.volunteer_id, v.name, v.number, q.course_id, c.code, c.name, q.granted_on, " \
	"q.expires_on, q.source, q.session_id, q.revoked_at, q.revoke_reason, q.created_at, " \
	"q.updated_at, q.version, o.path"
#define Q_FROM "volunteer_qualifications q JOIN volunteers v ON v.id = q.volunteer_id" \
	" JOIN org_units o ON o.id = v.unit_id JOIN training_courses c ON c.id = q.course_id"

/* today: the day the state is judged on */
static json_t *qualification_json(struct store_stmt *st, int q_today)
{
	int from = (int)store_col_int64(st, 7), until = (int)store_col_int64(st, 8);
	bool revoked = !store_col_is_null(st, 11);
	const char *state = revoked ? "revoked" : until < q_today ? "expired"
			  : from > q_today ? "not_yet" : "valid";
	return json_pack("{s:I, s:{s:I, s:s, s:o}, s:{s:I, s:s, s:s}, s:o, s:o, s:s, s:o, s:s, s:o,"
			 " s:o, s:o, s:o, s:I}",
		"id", (json_int_t)store_col_int64(st, 0),
		"volunteer", "id", (json_int_t)store_col_int64(st, 1), "name", store_col_text(st, 2),
		"number", json_str_or_null(store_col_is_null(st, 3) ? NULL : store_col_text(st, 3)),
		"course", "id", (json_int_t)store_col_int64(st, 4), "code", store_col_text(st, 5),
		"name", store_col_text(st, 6),
		"granted_on", vol_date_json(from), "expires_on", vol_date_json(until),
		"source", store_col_text(st, 9),
		"session_id", store_col_is_null(st, 10) ? json_null() : json_integer(store_col_int64(st, 10)),
		"state", state, "revoked_at", json_time(col_date(st, 11)),
		"revoke_reason", json_str_or_null(store_col_is_null(st, 12) ? NULL : store_col_text(st, 12)),
		"created_at", json_time(store_col_int64(st, 13)),
		"updated_at", json_time(store_col_int64(st, 14)), "version", (json_int_t)store_col_int64(st, 15));
}

int trainings_qualifications_list(struct ctx *cx, const struct qualification_filter *f,
				  json_t **items, int64_t *next_cursor)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	int on = f->on ? f->on : vol_today(cx);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " Q_COLS " FROM " Q_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR q.volunteer_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR q.course_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS TEXT) IS NULL"
		"  OR (? = 'valid' AND q.revoked_at IS NULL AND q.granted_on <= ? AND q.expires_on >= ?)"
		"  OR (? = 'expired' AND q.revoked_at IS NULL AND q.expires_on < ?)"
		"  OR (? = 'revoked' AND q.revoked_at IS NOT NULL))"
		" AND (? = 0 OR q.id < ?) ORDER BY q.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int limit = f->limit > 0 ? f->limit : 50, k = 1;
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64_or_null(st, k++, f->volunteer_id);
	store_bind_int64_or_null(st, k++, f->volunteer_id);
	store_bind_int64_or_null(st, k++, f->course_id);
	store_bind_int64_or_null(st, k++, f->course_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_text(st, k++, f->state);
	store_bind_text(st, k++, f->state);
	store_bind_int64(st, k++, on);
	store_bind_int64(st, k++, on);
	store_bind_text(st, k++, f->state);
	store_bind_int64(st, k++, on);
	store_bind_text(st, k++, f->state);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k, limit + 1);
	json_t *a = json_array();
	int rc, n = 0;
	*next_cursor = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (n++ == limit) {
			*next_cursor = json_integer_value(json_object_get(json_array_get(a, (size_t)limit - 1), "id"));
			continue;
		}
		json_array_append_new(a, qualification_json(st, on));
	}
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(a);
		return ctx_store_error(cx);
	}
	*items = a;
	return 0;
}

/* One qualification as JSON with its scope path: 1, 0, -1. */
static int q_fetch(struct ctx *cx, int64_t id, json_t **out, const char **path, bool *revoked)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " Q_COLS " FROM " Q_FROM " WHERE q.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		*out = qualification_json(st, vol_today(cx));
		*path = arena_strdup(cx->a, store_col_text(st, 16));
		*revoked = !store_col_is_null(st, 11);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int trainings_qualification_grant(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", "course_id", "granted_on",
		"expires_on", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	int64_t vid = 0, course_id = 0;
	int from = vol_today(cx), until = 0;
	struct volunteer v;
	struct course_row c = {0};
	json_only_fields(body, allowed, e);
	if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0)
		vol_judge_volunteer(cx, "volunteer_id", vid, &v);
	if (jf_int(body, "course_id", JF_REQUIRED, 1, INT64_MAX, &course_id, e) > 0)
		judge_course(cx, "course_id", course_id, &c);
	vol_jf_date(body, "granted_on", 0, &from, e);
	vol_jf_date(body, "expires_on", 0, &until, e);
	if (e->code)
		return -1;
	if (!until)
		until = expiry_of(from, c.validity);
	if (until < from)
		return err_field(e, "expires_on", "training_expiry", 0);
	if (ctx_begin(cx) < 0 || grant(cx, vid, course_id, from, until, "staff", 0, false) < 0)
		return -1;
	if (ctx_commit(cx) < 0)
		return -1;
	int64_t id = 0;
	if (store_query_int64(cx->db, "SELECT id FROM volunteer_qualifications WHERE volunteer_id = ?"
			      " AND course_id = ?", &id, 2, vid, course_id) < 0)
		return ctx_store_error(cx);
	const char *path;
	bool revoked;
	return q_fetch(cx, id, out, &path, &revoked) == 1 ? 0 : err_set(e, ERR_INTERNAL);
}

int trainings_qualification_revoke(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	json_t *before = NULL;
	const char *path = NULL;
	bool revoked = false;
	int r = q_fetch(cx, id, &before, &path, &revoked);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOT_FOUND);
	if (vol_require_in(cx, PERM_VOLUNTEERS_WRITE, path) < 0) {
		json_decref(before);
		return -1;
	}
	int64_t version = 0;
	const char *reason = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	vol_jf_str(body, "reason", JF_REQUIRED, L_QUAL_REASON, &reason, e);
	if (!e->code && revoked) {
		err_field(e, "reason", "training_revoked", 0);
		err_set(e, ERR_CONFLICT);
	}
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE volunteer_qualifications SET revoked_at = ?, revoke_reason = ?, revoked_by = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND revoked_at IS NULL");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, cx->now);
	store_bind_text(st, 2, reason);
	store_bind_int64_or_null(st, 3, cx->actor.user_id);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(before);
		return -1;
	}
	json_t *after = NULL;
	if (q_fetch(cx, id, &after, &path, &revoked) != 1) {
		ctx_rollback(cx);
		json_decref(before);
		return err_set(e, ERR_INTERNAL);
	}
	int rc = audit_commit(cx, "qualification.revoke", "qualification", id, before, after);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return -1;
	}
	*out = after;
	return 0;
}

int volunteers_training_record(struct ctx *cx, int64_t volunteer_id, json_t **out)
{
	int today = vol_today(cx);
	*out = json_pack("{s:[], s:[]}", "attendance", "qualifications");
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT c.name, s.on_date, s.place, o.name FROM training_attendance t"
		" JOIN training_sessions s ON s.id = t.session_id JOIN training_courses c ON c.id = s.course_id"
		" JOIN org_units o ON o.id = s.unit_id WHERE t.volunteer_id = ? ORDER BY s.on_date, s.id");
	if (!st)
		goto fail;
	store_bind_int64(st, 1, volunteer_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(json_object_get(*out, "attendance"), json_pack("{s:s, s:o, s:s, s:s}",
			"course", store_col_text(st, 0), "on", vol_date_json((int)store_col_int64(st, 1)),
			"place", store_col_text(st, 2), "unit", store_col_text(st, 3)));
	store_reset(st);
	if (rc == STORE_ERR)
		goto fail;
	st = store_prepare(cx->db, "SELECT c.name, q.granted_on, q.expires_on, q.revoked_at"
		" FROM volunteer_qualifications q JOIN training_courses c ON c.id = q.course_id"
		" WHERE q.volunteer_id = ? ORDER BY q.granted_on, q.id");
	if (!st)
		goto fail;
	store_bind_int64(st, 1, volunteer_id);
	while ((rc = store_step(st)) == STORE_ROW) {
		int from = (int)store_col_int64(st, 1), until = (int)store_col_int64(st, 2);
		const char *state = !store_col_is_null(st, 3) ? "revoked" : until < today ? "expired"
				  : from > today ? "not_yet" : "valid";
		json_array_append_new(json_object_get(*out, "qualifications"), json_pack("{s:s, s:o, s:o, s:s}",
			"course", store_col_text(st, 0), "granted_on", vol_date_json(from),
			"expires_on", vol_date_json(until), "state", state));
	}
	store_reset(st);
	if (rc != STORE_ERR)
		return 0;
fail:
	json_decref(*out);
	*out = NULL;
	return ctx_store_error(cx);
}
