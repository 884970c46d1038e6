/* Visit records: who visited which household or resident, when, how, what they found, and
 * whether it needs a follow-up. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "base/text.h"
#include "registry/registry.h"
#include "visits/common.h"
#include "visits/due.h"
#include "visits/limits.h"
#include "visits/visits.h"

static const char *const modes[] = {"in_person", "phone", "video", NULL};

#define VISIT_COLS "v.id, v.household_id, v.resident_id, v.unit_id, v.mode, v.visited_on, " \
	"v.visited_time, v.visitor_id, COALESCE(u.display_name, ''), v.findings, " \
	"v.follow_up_needed, v.follow_up_note, v.follow_up_due, v.created_at, v.updated_at, v.version, " \
	"v.follow_up_done_on, COALESCE(fu.display_name, ''), v.follow_up_result"
#define VISIT_FROM "visits v LEFT JOIN users u ON u.id = v.visitor_id JOIN org_units o ON o.id = v.unit_id " \
	"LEFT JOIN users fu ON fu.id = v.follow_up_done_by"

/* What a caller may see of the visits, in SQL: within the scope for readers (two scope
 * parameters after a flag), their own, and those of residents paired with them now. Five
 * parameters: may read (0/1), the two of the scope, the user twice. */
#define VISIBLE_SQL \
	"((? = 1 AND " ACCESS_PATH_IN_SCOPE_SQL("o.path") ") OR v.visitor_id = ? OR " \
	"(v.resident_id IS NOT NULL AND EXISTS (SELECT 1 FROM visit_pairings vp WHERE " \
	"vp.user_id = ? AND vp.resident_id = v.resident_id AND vp.ends_on IS NULL)))"

static void bind_visible(const struct ctx *cx, struct store_stmt *st, int idx)
{
	store_bind_int64(st, idx, visits_may(cx, PERM_VISITS_READ) ? 1 : 0);
	access_bind_scope(cx, st, idx + 1);
	store_bind_int64(st, idx + 3, cx->actor.user_id);
	store_bind_int64(st, idx + 4, cx->actor.user_id);
}

static int64_t read_visit(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct visit *v = row;
	v->id = store_col_int64(st, 0);
	v->household_id = store_col_int64(st, 1);
	v->resident_id = store_col_int64(st, 2);
	v->unit_id = store_col_int64(st, 3);
	v->mode = arena_strdup(cx->a, store_col_text(st, 4));
	v->visited_on = store_col_int64(st, 5);
	v->visited_time = store_col_is_null(st, 6) ? NULL : arena_strdup(cx->a, store_col_text(st, 6));
	v->visitor_id = store_col_int64(st, 7);
	v->visitor_name = arena_strdup(cx->a, store_col_text(st, 8));
	v->findings = arena_strdup(cx->a, store_col_text(st, 9));
	v->follow_up_needed = store_col_int64(st, 10) != 0;
	v->follow_up_note = store_col_is_null(st, 11) ? NULL : arena_strdup(cx->a, store_col_text(st, 11));
	v->follow_up_due = store_col_int64(st, 12);
	v->created_at = store_col_int64(st, 13);
	v->updated_at = store_col_int64(st, 14);
	v->version = store_col_int64(st, 15);
	v->follow_up_done_on = store_col_int64(st, 16);
	v->follow_up_done_by_name = arena_strdup(cx->a, store_col_text(st, 17));
	v->follow_up_result = store_col_is_null(st, 18) ? NULL : arena_strdup(cx->a, store_col_text(st, 18));
	return v->id;
}

json_t *visit_json(struct ctx *cx, const struct visit *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "household_id", v->household_id ? json_integer(v->household_id) : json_null());
	json_object_set_new(o, "resident_id", v->resident_id ? json_integer(v->resident_id) : json_null());
	json_object_set_new(o, "unit_id", json_integer(v->unit_id));
	json_object_set_new(o, "mode", json_string(v->mode));
	json_object_set_new(o, "visited_on", visits_json_date(v->visited_on));
	json_object_set_new(o, "visited_time", json_str_or_null(v->visited_time));
	json_object_set_new(o, "visitor_id", json_integer(v->visitor_id));
	json_object_set_new(o, "visitor_name", json_string(v->visitor_name));
	json_object_set_new(o, "findings", json_string(v->findings));
	json_object_set_new(o, "follow_up_needed", json_boolean(v->follow_up_needed));
	json_object_set_new(o, "follow_up_note", json_str_or_null(v->follow_up_note));
	json_object_set_new(o, "follow_up_due", visits_json_date(v->follow_up_due));
	json_object_set_new(o, "follow_up_state", json_string(!v->follow_up_needed ? "none"
							      : v->follow_up_done_on ? "done" : "open"));
	json_object_set_new(o, "follow_up_done_on", visits_json_date(v->follow_up_done_on));
	json_object_set_new(o, "follow_up_done_by", v->follow_up_done_on
				? json_string(v->follow_up_done_by_name) : json_null());
	json_object_set_new(o, "follow_up_result", json_str_or_null(v->follow_up_result));
	json_object_set_new(o, "created_at", json_time(v->created_at));
	json_object_set_new(o, "updated_at", json_time(v->updated_at));
	json_object_set_new(o, "version", json_integer(v->version));
	bool editable = cx && !cx->actor.system && v->visitor_id == cx->actor.user_id &&
			cx->now < v->created_at + VISITS_EDIT_SECONDS;
	json_object_set_new(o, "editable", json_boolean(editable));
	json_object_set_new(o, "editable_until", json_time(v->created_at + VISITS_EDIT_SECONDS));
	return o;
}

static int fetch(struct ctx *cx, int64_t id, struct visit *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " VISIT_COLS " FROM " VISIT_FROM " WHERE v.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_visit(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* May the actor see (write: record for) the subject? Through a pairing with the resident, or
 * the registry's scoped look-up with perm. 0, or -1 with 404 / 403. Fills the records found. */
static int subject_access(struct ctx *cx, int64_t household_id, int64_t resident_id,
			  enum perm perm, struct household *h, struct resident *r)
{
	bool scoped = visits_may(cx, perm);
	if (resident_id) {
		int paired = visits_may(cx, PERM_VISITS_PAIRED) && cx->actor.user_id
			     ? pairings_active(cx, cx->actor.user_id, resident_id) : 0;
		if (paired < 0)
			return -1;
		if (paired) {
			if (registry_resident_by_id(cx, resident_id, r) != 1)
				return err_set(&cx->err, ERR_NOT_FOUND);
			/* with the resident: their own household, and no other */
			if (household_id && household_id != r->household_id)
				return err_set(&cx->err, ERR_NOT_FOUND);
			if (r->household_id && registry_household_by_id(cx, r->household_id, h) != 1)
				return err_set(&cx->err, ERR_INTERNAL);
			return 0;
		}
		if (!scoped)
			return err_set(&cx->err, ERR_NOT_FOUND);
		if (registry_resident_get(cx, resident_id, perm, r) < 0)
			return -1;
		if (household_id && household_id != r->household_id)
			return err_field(&cx->err, "household_id", "visit_not_member", 0);
		if (r->household_id && registry_household_by_id(cx, r->household_id, h) != 1)
			return err_set(&cx->err, ERR_INTERNAL);
		return 0;
	}
	if (!scoped)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return registry_household_get(cx, household_id, perm, h);
}

int visits_get(struct ctx *cx, int64_t id, struct visit *out)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	if (out->visitor_id == cx->actor.user_id && !cx->actor.system)
		return 0;
	struct household h;
	struct resident r;
	if (subject_access(cx, out->resident_id ? 0 : out->household_id, out->resident_id,
			   PERM_VISITS_READ, &h, &r) < 0) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

int visits_list(struct ctx *cx, const struct visit_filter *f, struct visit **items, size_t *n,
		int64_t *next_cursor)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " VISIT_COLS " FROM " VISIT_FROM " WHERE " VISIBLE_SQL
		" AND (CAST(? AS BIGINT) IS NULL OR v.household_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR v.resident_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR v.visitor_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = ?"
		" AND substr(o.path, 1, length(fo.path)) = fo.path))"
		" AND v.visited_on >= ? AND v.visited_on <= ?"
		" AND (? < 0 OR (? = 2 AND v.follow_up_needed = 1 AND v.follow_up_done_on IS NULL)"
		"      OR (? < 2 AND v.follow_up_needed = ?))"
		" AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	bind_visible(cx, st, 1);
	int i = 6;
	const int64_t ids[] = {f->household_id, f->resident_id, f->visitor_id, f->unit_id};
	for (size_t k = 0; k < 4; k++, i += 2) {
		if (ids[k]) {
			store_bind_int64(st, i, ids[k]);
			store_bind_int64(st, i + 1, ids[k]);
		} else {
			store_bind_null(st, i);
			store_bind_null(st, i + 1);
		}
	}
	store_bind_int64(st, i++, f->from);
	store_bind_int64(st, i++, f->to ? f->to : 29991231);
	store_bind_int64(st, i++, f->follow_up);
	store_bind_int64(st, i++, f->follow_up);
	store_bind_int64(st, i++, f->follow_up);
	store_bind_int64(st, i++, f->follow_up);
	store_bind_int64(st, i++, f->cursor);
	store_bind_int64(st, i++, f->cursor);
	store_bind_int64(st, i, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_visit, items, n, next_cursor);
}

/* "HH:MM" of 00:00..23:59 */
static bool time_valid(const char *s)
{
	return strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' &&
	       s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
	       (s[0] < '2' || s[1] <= '3');
}

/* The fields a visit shares between create and update, read over `v` (which holds the old
 * values for an update); `earliest` is the first day the subject may have been visited. */
static void read_fields(struct ctx *cx, json_t *body, bool create, struct visit *v,
			int64_t earliest, int64_t latest)
{
	struct err *e = &cx->err;
	int req = create ? JF_REQUIRED : 0;
	const char *mode = NULL;
	if (jf_str(body, "mode", req, 1, 16, &mode, e) > 0) {
		bool ok = false;
		for (int i = 0; modes[i]; i++)
			ok |= strcmp(mode, modes[i]) == 0;
		if (ok)
			v->mode = mode;
		else
			err_field(e, "mode", "visit_mode", 0);
	}
	int64_t today = visits_today(cx);
	int hd = visits_jf_date(body, "visited_on", req, &v->visited_on, e);
	const char *tm = v->visited_time;
	json_t *tj = json_object_get(body, "visited_time");
	if (tj && jf_str(body, "visited_time", JF_NULLABLE, 5, 5, &tm, e) >= 0) {
		if (json_is_null(tj))
			tm = NULL;
		else if (!time_valid(tm))
			err_field(e, "visited_time", "visit_time", 0), tm = NULL;
		v->visited_time = tm;
	}
	if (hd >= 0 && v->visited_on) {
		if (v->visited_on > today)
			err_field(e, "visited_on", "visit_future", 0);
		else if (v->visited_on < earliest)
			err_field(e, "visited_on", "visit_before_subject", 0);
		else if (latest && v->visited_on > latest)
			err_field(e, "visited_on", "visit_after_subject", 0);
		else if (v->visited_on == today && v->visited_time && tj) {
			char now[8];
			int64_t local = (cx->now + 8 * 3600) % 86400;
			snprintf(now, sizeof now, "%02d:%02d", (int)(local / 3600), (int)(local / 60 % 60));
			if (strcmp(v->visited_time, now) > 0)
				err_field(e, "visited_time", "visit_future", 0);
		}
	}
	jf_str(body, "findings", req | JF_MULTILINE, (size_t)visits_limits[L_VISIT_FINDINGS].min,
	       (size_t)visits_limits[L_VISIT_FINDINGS].max, &v->findings, e);
	jf_bool(body, "follow_up_needed", 0, &v->follow_up_needed, e);
	json_t *nj = json_object_get(body, "follow_up_note");
	if (nj) {
		const char *note = NULL;
		if (json_is_null(nj))
			v->follow_up_note = NULL;
		else if (jf_str(body, "follow_up_note", JF_MULTILINE,
				(size_t)visits_limits[L_VISIT_FOLLOW_UP_NOTE].min,
				(size_t)visits_limits[L_VISIT_FOLLOW_UP_NOTE].max, &note, e) > 0)
			v->follow_up_note = note;
	}
	int hdue = visits_jf_date(body, "follow_up_due", JF_NULLABLE, &v->follow_up_due, e);
	if (json_object_get(body, "follow_up_due") && hdue == 0)
		v->follow_up_due = 0;
	if (v->follow_up_needed) {
		if (!v->follow_up_note)
			err_field(e, "follow_up_note", "visit_follow_up_note", 0);
		if (v->follow_up_due && v->visited_on && v->follow_up_due < v->visited_on)
			err_field(e, "follow_up_due", "visit_follow_up_due", 0);
	} else {
		if (nj && !json_is_null(nj))
			err_field(e, "follow_up_note", "visit_no_follow_up", 0);
		else if (v->follow_up_note && !nj)
			v->follow_up_note = NULL;
		if (hdue > 0)
			err_field(e, "follow_up_due", "visit_no_follow_up", 0);
		v->follow_up_due = 0;
	}
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct visit *before,
		  struct visit *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	if (plans_refresh(cx, out->household_id, out->resident_id) < 0 ||
	    (before && before->visited_on != out->visited_on &&
	     plans_refresh(cx, before->household_id, before->resident_id) < 0)) {
		ctx_rollback(cx);
		return -1;
	}
	json_t *b = before ? visit_json(NULL, before) : NULL, *a = visit_json(NULL, out);
	int rc = audit_commit(cx, action, "visit", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

int visits_create(struct ctx *cx, json_t *body, struct visit *out)
{
	static const char *const allowed[] = {"household_id", "resident_id", "mode", "visited_on",
		"visited_time", "findings", "follow_up_needed", "follow_up_note", "follow_up_due", NULL};
	struct err *e = &cx->err;
	if (visits_require_any(cx, PERM_VISITS_WRITE, PERM_VISITS_PAIRED) < 0)
		return -1;
	if (!cx->actor.user_id)
		return err_setf(e, ERR_FORBIDDEN, "a visit needs a visitor");
	int64_t hid = 0, rid = 0;
	json_only_fields(body, allowed, e);
	int hh = jf_int(body, "household_id", JF_NULLABLE, 1, INT64_MAX, &hid, e);
	int hr = jf_int(body, "resident_id", JF_NULLABLE, 1, INT64_MAX, &rid, e);
	if (hh == 0 && hr == 0 && !e->code)
		err_field(e, "resident_id", "visit_subject", 0);
	if (hh < 0 || hr < 0)
		return -1;
	/* the subject decides 404 before anything else is judged */
	struct err fields = *e;
	err_clear(e);
	struct household h = {0};
	struct resident r = {0};
	if ((hid || rid) && subject_access(cx, hid, rid, PERM_VISITS_WRITE, &h, &r) < 0) {
		if (e->code == ERR_VALIDATION) {
			struct err own = *e;
			*e = fields;
			for (int i = 0; i < own.nfields; i++)
				err_field(e, own.fields[i].field, own.fields[i].key, own.fields[i].arg);
		}
		return -1;
	}
	*e = fields;
	struct visit v = {.mode = NULL, .visitor_id = cx->actor.user_id};
	v.household_id = rid ? r.household_id : h.id;
	v.resident_id = rid;
	v.unit_id = rid ? r.unit_id : h.unit_id;
	int64_t since = due_date_of(rid ? r.created_at : h.created_at);
	int64_t latest = 0;
	if (rid && r.status && strcmp(r.status, "living") != 0 && r.status_date)
		latest = r.status_date;
	read_fields(cx, body, true, &v, since, latest);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO visits (household_id, resident_id, unit_id, mode, visited_on, visited_time,"
		" visitor_id, findings, follow_up_needed, follow_up_note, follow_up_due, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64_or_null(st, 1, v.household_id);
	store_bind_int64_or_null(st, 2, v.resident_id);
	store_bind_int64(st, 3, v.unit_id);
	store_bind_text(st, 4, v.mode);
	store_bind_int64(st, 5, v.visited_on);
	store_bind_text(st, 6, v.visited_time);
	store_bind_int64(st, 7, v.visitor_id);
	store_bind_text(st, 8, v.findings);
	store_bind_int64(st, 9, v.follow_up_needed);
	store_bind_text(st, 10, v.follow_up_note);
	store_bind_int64_or_null(st, 11, v.follow_up_due);
	store_bind_int64(st, 12, cx->now);
	store_bind_int64(st, 13, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_fail(cx);
	return finish(cx, "visit.create", id, NULL, out);
}

int visits_update(struct ctx *cx, int64_t id, json_t *patch, struct visit *out)
{
	static const char *const allowed[] = {"version", "mode", "visited_on", "visited_time",
		"findings", "follow_up_needed", "follow_up_note", "follow_up_due", NULL};
	struct err *e = &cx->err;
	struct visit old;
	if (visits_get(cx, id, &old) < 0)
		return -1;
	if (visits_require_any(cx, PERM_VISITS_WRITE, PERM_VISITS_PAIRED) < 0)
		return -1;
	if (old.visitor_id != cx->actor.user_id)
		return err_setf(e, ERR_FORBIDDEN, "only the visitor edits a visit");
	if (cx->now >= old.created_at + VISITS_EDIT_SECONDS)
		return err_field(e, "id", "visit_locked", 0), err_set(e, ERR_CONFLICT);
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	struct household h = {0};
	struct resident r = {0};
	int64_t since = 0, latest = 0;
	if (old.resident_id && registry_resident_by_id(cx, old.resident_id, &r) == 1) {
		since = due_date_of(r.created_at);
		if (r.status && strcmp(r.status, "living") != 0 && r.status_date)
			latest = r.status_date;
	} else if (old.household_id && registry_household_by_id(cx, old.household_id, &h) == 1) {
		since = due_date_of(h.created_at);
	}
	struct visit v = old;
	read_fields(cx, patch, false, &v, since, latest);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visits SET mode = ?, visited_on = ?, visited_time = ?, findings = ?,"
		" follow_up_needed = ?, follow_up_note = ?, follow_up_due = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, v.mode);
	store_bind_int64(st, 2, v.visited_on);
	store_bind_text(st, 3, v.visited_time);
	store_bind_text(st, 4, v.findings);
	store_bind_int64(st, 5, v.follow_up_needed);
	store_bind_text(st, 6, v.follow_up_note);
	store_bind_int64_or_null(st, 7, v.follow_up_due);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, id);
	store_bind_int64(st, 10, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "visit.update", id, &old, out);
}

/* Nothing but spaces (ASCII or the full-width U+3000) and line breaks. */
static bool blank(const char *s)
{
	for (; *s; s++) {
		if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 2;
		else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	}
	return true;
}

int visits_follow_up_done(struct ctx *cx, int64_t id, json_t *body, struct visit *out)
{
	static const char *const allowed[] = {"version", "result", "done_on", NULL};
	struct err *e = &cx->err;
	struct visit old;
	if (visits_get(cx, id, &old) < 0)
		return -1;
	if (visits_require_any(cx, PERM_VISITS_WRITE, PERM_VISITS_PAIRED) < 0)
		return -1;
	/* the visitor, or anyone who may record visits for its subject (a colleague of the grid) */
	if (old.visitor_id != cx->actor.user_id) {
		struct household h;
		struct resident r;
		if (subject_access(cx, old.resident_id ? 0 : old.household_id, old.resident_id,
				   PERM_VISITS_WRITE, &h, &r) < 0) {
			err_clear(e);
			return err_setf(e, ERR_FORBIDDEN, "only who may visit its subject ends a follow-up");
		}
	}
	int64_t version = 0, done_on = 0;
	const char *result = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_str(body, "result", JF_REQUIRED | JF_MULTILINE,
		   (size_t)visits_limits[L_VISIT_FOLLOW_UP_NOTE].min,
		   (size_t)visits_limits[L_VISIT_FOLLOW_UP_NOTE].max, &result, e) > 0 && blank(result))
		err_field(e, "result", "required", 0);   /* what was done is said in words */
	int hd = visits_jf_date(body, "done_on", 0, &done_on, e);
	if (hd == 0)
		done_on = visits_today(cx);
	else if (hd > 0 && done_on > visits_today(cx))
		err_field(e, "done_on", "visit_future", 0);
	else if (hd > 0 && done_on < old.visited_on)
		err_field(e, "done_on", "visit_follow_up_due", 0);
	if (e->code)
		return -1;
	/* a state that does not allow it is a conflict, not a bad field */
	if (!old.follow_up_needed)
		return err_field(e, "id", "visit_follow_up_none", 0), err_set(e, ERR_CONFLICT);
	if (old.follow_up_done_on)
		return err_field(e, "id", "visit_follow_up_done", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visits SET follow_up_done_on = ?, follow_up_done_by = ?, follow_up_result = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"
		" AND follow_up_done_on IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, done_on);
	store_bind_int64(st, 2, cx->actor.user_id);
	store_bind_text(st, 3, result);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "visit.follow_up_done", id, &old, out);
}
