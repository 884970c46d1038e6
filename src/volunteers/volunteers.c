/* Volunteers: registration (the public form and staff), approval with an account and a number,
 * rejection with a reason, the record's changes, the reveal of the sealed numbers. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/audit.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/mask.h"
#include "base/ratelimit.h"
#include "base/seal.h"
#include "base/text.h"
#include "org/org.h"
#include "registry/idnum.h"
#include "registry/phone.h"
#include "registry/registry.h"
#include "volunteers/internal.h"

static const char *const approval_names[] = {"pending", "approved", "rejected"};
static const char *const status_names[] = {"", "active", "paused", "left"};

const char *volunteer_approval_name(enum volunteer_approval a)
{
	return (unsigned)a < 3 ? approval_names[a] : "";
}

const char *volunteer_status_name(enum volunteer_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "";
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s && strcmp(names[i], s) == 0)
			return i;
	return 0;
}

#define V_COLS "v.id, v.unit_id, o.name, o.code, o.path, v.number, v.name, v.phone_masked, " \
	"v.id_type, v.id_masked, v.skills, v.availability, v.note, v.source, v.approval, " \
	"v.status, v.reject_reason, v.decided_by, v.decided_at, v.resident_id, v.user_id, " \
	"v.created_at, v.updated_at, v.version"
#define V_FROM "volunteers v JOIN org_units o ON o.id = v.unit_id"

static const char *text_or_null(struct ctx *cx, struct store_stmt *st, int i)
{
	return store_col_is_null(st, i) ? NULL : arena_strdup(cx->a, store_col_text(st, i));
}

static int64_t read_volunteer(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct volunteer *v = row;
	v->id = store_col_int64(st, 0);
	v->unit_id = store_col_int64(st, 1);
	v->unit_name = arena_strdup(cx->a, store_col_text(st, 2));
	v->unit_code = arena_strdup(cx->a, store_col_text(st, 3));
	v->unit_path = arena_strdup(cx->a, store_col_text(st, 4));
	v->number = text_or_null(cx, st, 5);
	v->name = arena_strdup(cx->a, store_col_text(st, 6));
	v->phone_masked = arena_strdup(cx->a, store_col_text(st, 7));
	v->id_type = text_or_null(cx, st, 8);
	v->id_masked = text_or_null(cx, st, 9);
	v->skills = arena_strdup(cx->a, store_col_text(st, 10));
	v->availability = arena_strdup(cx->a, store_col_text(st, 11));
	v->note = arena_strdup(cx->a, store_col_text(st, 12));
	v->source = arena_strdup(cx->a, store_col_text(st, 13));
	v->approval = (enum volunteer_approval)name_index(approval_names, 3, store_col_text(st, 14));
	v->status = store_col_is_null(st, 15) ? VOLUNTEER_NONE
		: (enum volunteer_status)name_index(status_names, 4, store_col_text(st, 15));
	v->reject_reason = text_or_null(cx, st, 16);
	v->decided_by = store_col_int64(st, 17);
	v->decided_at = store_col_int64(st, 18);
	v->resident_id = store_col_int64(st, 19);
	v->user_id = store_col_int64(st, 20);
	v->created_at = store_col_int64(st, 21);
	v->updated_at = store_col_int64(st, 22);
	v->version = store_col_int64(st, 23);
	return v->id;
}

/* One volunteer by a statement of one parameter, bound by the caller: 1, 0, -1. */
static int fetch_one(struct ctx *cx, struct store_stmt *st, struct volunteer *out)
{
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_volunteer(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int volunteers_by_id(struct ctx *cx, int64_t id, struct volunteer *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " V_COLS " FROM " V_FROM " WHERE v.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return fetch_one(cx, st, out);
}

int volunteers_by_user(struct ctx *cx, int64_t user_id, struct volunteer *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " V_COLS " FROM " V_FROM " WHERE v.user_id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	return fetch_one(cx, st, out);
}

int volunteers_by_resident(struct ctx *cx, int64_t resident_id, struct volunteer *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " V_COLS " FROM " V_FROM " WHERE v.resident_id = ? AND v.approval <> 'rejected'"
		" ORDER BY v.id DESC LIMIT 1");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, resident_id);
	return fetch_one(cx, st, out);
}

int volunteers_by_number(struct ctx *cx, const char *number, struct volunteer *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " V_COLS " FROM " V_FROM " WHERE v.number = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, number);
	return fetch_one(cx, st, out);
}

bool volunteers_serving(const struct volunteer *v)
{
	return v->approval == VOLUNTEER_APPROVED && v->status == VOLUNTEER_ACTIVE;
}

int volunteers_qualified(struct ctx *cx, int64_t volunteer_id, int64_t course_id, int date,
			 int *expires_on)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT expires_on FROM volunteer_qualifications WHERE volunteer_id = ? AND"
		" course_id = ? AND revoked_at IS NULL AND granted_on <= ? AND expires_on >= ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, volunteer_id);
	store_bind_int64(st, 2, course_id);
	store_bind_int64(st, 3, date);
	store_bind_int64(st, 4, date);
	int rc = store_step(st);
	if (rc == STORE_ROW && expires_on)
		*expires_on = (int)store_col_int64(st, 0);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int volunteers_team_member(struct ctx *cx, int64_t team_id, int64_t volunteer_id, int date,
			   bool *leader)
{
	if (!date)
		date = vol_today(cx);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT role FROM volunteer_team_members WHERE team_id = ? AND volunteer_id = ? AND"
		" since <= ? AND (until IS NULL OR until >= ?) ORDER BY id DESC LIMIT 1");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, team_id);
	store_bind_int64(st, 2, volunteer_id);
	store_bind_int64(st, 3, date);
	store_bind_int64(st, 4, date);
	int rc = store_step(st);
	if (rc == STORE_ROW && leader)
		*leader = strcmp(store_col_text(st, 0), "leader") == 0;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The volunteer with `perm` checked against their community: 404 outside the scope. */
static int get_with(struct ctx *cx, int64_t id, enum perm perm, struct volunteer *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = volunteers_by_id(cx, id, out);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return vol_require_in(cx, perm, out->unit_path);
}

int volunteers_get(struct ctx *cx, int64_t id, struct volunteer *out)
{
	return get_with(cx, id, PERM_VOLUNTEERS_READ, out);
}

int volunteers_me(struct ctx *cx, struct volunteer *out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int r = cx->actor.user_id ? volunteers_by_user(cx, cx->actor.user_id, out) : 0;
	if (r < 0)
		return -1;
	return r ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

json_t *volunteer_json(struct ctx *cx, const struct volunteer *v)
{
	(void)cx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "unit", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)v->unit_id,
						 "code", v->unit_code, "name", v->unit_name));
	json_object_set_new(o, "number", json_str_or_null(v->number));
	json_object_set_new(o, "name", json_string(v->name));
	json_object_set_new(o, "phone", json_string(v->phone_masked));
	json_object_set_new(o, "id_type", json_str_or_null(v->id_type));
	json_object_set_new(o, "id_number", json_str_or_null(v->id_masked));
	json_object_set_new(o, "skills", vol_codes_json(v->skills));
	json_object_set_new(o, "availability", vol_codes_json(v->availability));
	json_object_set_new(o, "note", json_string(v->note));
	json_object_set_new(o, "source", json_string(v->source));
	json_object_set_new(o, "approval", json_string(volunteer_approval_name(v->approval)));
	json_object_set_new(o, "status", v->status ? json_string(volunteer_status_name(v->status))
						   : json_null());
	json_object_set_new(o, "reject_reason", json_str_or_null(v->reject_reason));
	json_object_set_new(o, "decided_at", json_time(v->decided_at));
	json_object_set_new(o, "resident_id", v->resident_id ? json_integer(v->resident_id) : json_null());
	json_object_set_new(o, "user_id", v->user_id ? json_integer(v->user_id) : json_null());
	json_object_set_new(o, "created_at", json_time(v->created_at));
	json_object_set_new(o, "updated_at", json_time(v->updated_at));
	json_object_set_new(o, "version", json_integer(v->version));
	return o;
}

/* ---- lists ---- */

#define LIST_WHERE " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path") \
	" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?" \
	"  AND substr(o.path, 1, length(fu.path)) = fu.path))" \
	" AND (CAST(? AS TEXT) IS NULL OR v.approval = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR v.status = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR (',' || v.skills || ',') LIKE ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR v.name LIKE ? ESCAPE '\\' OR v.number LIKE ? ESCAPE '\\')" \
	" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM volunteer_team_members m" \
	"  WHERE m.team_id = ? AND m.volunteer_id = v.id AND m.until IS NULL))"

/* The filter's parameters from 1; the next index. */
static int bind_filter(struct ctx *cx, struct store_stmt *st, const struct volunteer_filter *f)
{
	int k = 1;
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_text(st, k++, f->approval);
	store_bind_text(st, k++, f->approval);
	store_bind_text(st, k++, f->status);
	store_bind_text(st, k++, f->status);
	const char *skill = f->skill ? arena_printf(cx->a, "%%,%s,%%", f->skill) : NULL;
	store_bind_text(st, k++, skill);
	store_bind_text(st, k++, skill);
	const char *like = f->q ? text_like_contains(cx->a, f->q) : NULL;
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_int64_or_null(st, k++, f->team_id);
	store_bind_int64_or_null(st, k++, f->team_id);
	return k;
}

int volunteers_list(struct ctx *cx, const struct volunteer_filter *f, struct volunteer **items,
		    size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " V_COLS " FROM " V_FROM LIST_WHERE " AND (? = 0 OR v.id < ?)"
		" ORDER BY v.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = bind_filter(cx, st, f);
	int limit = f->limit > 0 ? f->limit : 50;
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k, limit + 1);
	return ctx_page(cx, st, sizeof **items, limit, read_volunteer, items, n, next_cursor);
}

int volunteers_count(struct ctx *cx, const struct volunteer_filter *f, int64_t *count)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT COUNT(*) FROM " V_FROM LIST_WHERE);
	if (!st)
		return ctx_store_error(cx);
	bind_filter(cx, st, f);
	int rc = store_step(st);
	*count = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}

int volunteers_tally(struct ctx *cx, int64_t unit_id, int64_t *active, int64_t *pending)
{
	/* down the tree by parent only as far as the communities, where volunteers are */
	struct store_stmt *st = store_prepare(cx->db,
		"WITH RECURSIVE su(id) AS (SELECT id FROM org_units WHERE id = ?"
		" UNION ALL SELECT c.id FROM org_units c JOIN su ON c.parent_id = su.id"
		" WHERE c.kind IN ('street', 'community'))"
		" SELECT COALESCE(SUM(t.active), 0), COALESCE(SUM(t.pending), 0) FROM volunteer_tallies t"
		" WHERE t.unit_id IN (SELECT id FROM su)");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, unit_id);
	int rc = store_step(st);
	*active = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	*pending = rc == STORE_ROW ? store_col_int64(st, 1) : 0;
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}

/* ---- judging a registration ---- */

struct sealed_value {
	const char *stored, *hash, *masked;
};

struct vin {
	int64_t unit_id, resident_id;
	bool resident_given;
	const char *name, *note, *skills, *availability;
	const char *phone;                  /* normalised, clear */
	const char *id_type, *id_number;    /* normalised, clear; NULL: none */
	bool id_given;
	const char *status;
};

static int seal_value(struct ctx *cx, const char *purpose, const char *clear, const char *masked,
		      struct sealed_value *out)
{
	const struct seal_ring *ring = registry_keys();
	if (!ring)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	size_t n = seal_stored_size(strlen(clear));
	char *stored = arena_alloc(cx->a, n), *hash = arena_alloc(cx->a, SEAL_LOOKUP_HEX);
	if (seal_seal(ring, purpose, clear, strlen(clear), stored, n) != SEAL_OK ||
	    seal_lookup(ring, purpose, clear, hash) != SEAL_OK)
		return err_setf(&cx->err, ERR_INTERNAL, "sealing %s failed", purpose);
	*out = (struct sealed_value){stored, hash, masked};
	return 0;
}

static void judge_phone(struct ctx *cx, json_t *b, int flags, struct vin *in)
{
	const char *raw = NULL;
	if (jf_str(b, "phone", flags, 1, 32, &raw, &cx->err) <= 0)
		return;
	struct phone p;
	enum phone_error pe = phone_parse(raw, &p);
	if (pe)
		err_field(&cx->err, "phone", phone_error_key(pe), 0);
	else
		in->phone = arena_strdup(cx->a, p.number);
}

static void judge_id(struct ctx *cx, json_t *b, struct vin *in)
{
	struct err *e = &cx->err;
	json_t *t = json_object_get(b, "id_type"), *n = json_object_get(b, "id_number");
	if (!t && !n)
		return;
	in->id_given = true;
	if (json_is_null(n) && (!t || json_is_null(t))) {
		in->id_type = in->id_number = NULL;
		return;
	}
	const char *type = "resident_id", *num = NULL;
	if (t && jf_str(b, "id_type", 0, 1, 32, &type, e) < 0)
		return;
	if (jf_str(b, "id_number", JF_REQUIRED, 1, 64, &num, e) <= 0)
		return;
	enum idnum_type it = idnum_type_parse(type);
	if (!it) {
		err_field(e, "id_type", "idnum_type", 0);
		return;
	}
	struct idnum id;
	enum idnum_error ie = idnum_parse(it, num, vol_today(cx), &id);
	if (ie) {
		err_field(e, "id_number", idnum_error_key(ie), 0);
		return;
	}
	in->id_type = idnum_type_code(it);
	in->id_number = arena_strdup(cx->a, id.number);
}

/* The fields of both forms, and the staff's. */
static void judge(struct ctx *cx, json_t *b, bool create, bool public_, struct vin *in)
{
	struct err *e = &cx->err;
	vol_jf_str(b, "name", create ? JF_REQUIRED : 0, L_VOL_NAME, &in->name, e);
	judge_phone(cx, b, create ? JF_REQUIRED : 0, in);
	judge_id(cx, b, in);
	long max = (long)volunteers_limits[L_VOL_SKILLS].max;
	vol_jf_codes(cx, b, "skills", vol_skills, max, &in->skills);
	vol_jf_codes(cx, b, "availability", vol_availability, 5, &in->availability);
	if (public_)
		return;
	vol_jf_str(b, "note", JF_MULTILINE, L_VOL_NOTE, &in->note, e);
	json_t *r = json_object_get(b, "resident_id");
	if (r) {
		in->resident_given = true;
		in->resident_id = 0;
		if (!json_is_null(r) &&
		    jf_int(b, "resident_id", 0, 1, INT64_MAX, &in->resident_id, e) > 0) {
			struct resident res;
			enum err_code was = e->code;
			if (registry_resident_get(cx, in->resident_id, PERM_RESIDENTS_READ, &res) < 0) {
				if (e->code == ERR_INTERNAL || e->code == ERR_UNAVAILABLE)
					return;
				e->code = was;
				err_field(e, "resident_id", "volunteer_resident", 0);
			}
		}
	}
}

/* The community a registration is for: open, of kind community; in the caller's scope unless
 * public. */
static int judge_community(struct ctx *cx, json_t *b, bool public_, struct org_unit *u, int64_t *id)
{
	struct err *e = &cx->err;
	if (jf_int(b, "unit_id", JF_REQUIRED, 1, INT64_MAX, id, e) <= 0)
		return -1;
	if (!public_)
		return vol_judge_unit(cx, "unit_id", *id, "community", u) > 0 ? 0 : -1;
	int r = org_unit_by_id(cx, *id, u);
	if (r < 0)
		return -1;
	if (r == 0 || u->closed_at || strcmp(u->kind, "community") != 0)
		return err_field(e, "unit_id", "volunteer_public_unit", 0);
	return 0;
}

static bool tally_active(const struct volunteer *v)
{
	return v && v->approval == VOLUNTEER_APPROVED && v->status == VOLUNTEER_ACTIVE;
}

static bool tally_pending(const struct volunteer *v) { return v && v->approval == VOLUNTEER_PENDING; }

/* The community's counts (volunteer_tallies) moved by what the write changed: before (NULL: a
 * new registration) to after, in the open transaction. */
static int tally(struct ctx *cx, const struct volunteer *before, const struct volunteer *after)
{
	int64_t da = (int64_t)tally_active(after) - (int64_t)tally_active(before);
	int64_t dp = (int64_t)tally_pending(after) - (int64_t)tally_pending(before);
	if (!da && !dp)
		return 0;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteer_tallies (unit_id, active, pending) VALUES (?, ?, ?)"
		" ON CONFLICT (unit_id) DO UPDATE SET active = volunteer_tallies.active + excluded.active,"
		" pending = volunteer_tallies.pending + excluded.pending");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, after->unit_id);
	store_bind_int64(st, 2, da);
	store_bind_int64(st, 3, dp);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct volunteer *before,
		  struct volunteer *out)
{
	if (volunteers_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	/* a volunteer stays in their community: before and after are counted there */
	if (before && before->unit_id != out->unit_id) {
		ctx_rollback(cx);
		return err_setf(&cx->err, ERR_INTERNAL, "a volunteer's community changed");
	}
	if (tally(cx, before, out) < 0)
		return -1;
	json_t *b = before ? volunteer_json(cx, before) : NULL, *a = volunteer_json(cx, out);
	int rc = audit_commit(cx, action, "volunteer", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* Seal the phone and the ID number given. */
static int seal_in(struct ctx *cx, const struct vin *in, struct sealed_value *ph, struct sealed_value *id)
{
	*ph = (struct sealed_value){0};
	*id = (struct sealed_value){0};
	if (in->phone && seal_value(cx, "volunteer.phone", in->phone, mask_phone(cx->a, in->phone), ph) < 0)
		return -1;
	if (in->id_number &&
	    seal_value(cx, "volunteer.id_number", in->id_number, mask_idnum(cx->a, in->id_number), id) < 0)
		return -1;
	return 0;
}

/* Insert in the open transaction; a phone registered already is 409 on phone. */
static int insert(struct ctx *cx, const struct vin *in, const char *source, int64_t *id)
{
	struct sealed_value ph, idv;
	if (seal_in(cx, in, &ph, &idv) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteers (unit_id, name, phone, phone_hash, phone_masked, id_type,"
		" id_number, id_hash, id_masked, resident_id, skills, availability, note, source,"
		" created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, in->unit_id);
	store_bind_text(st, k++, in->name);
	store_bind_text(st, k++, ph.stored);
	store_bind_text(st, k++, ph.hash);
	store_bind_text(st, k++, ph.masked);
	store_bind_text(st, k++, in->id_number ? in->id_type : NULL);
	store_bind_text(st, k++, idv.stored);
	store_bind_text(st, k++, idv.hash);
	store_bind_text(st, k++, idv.masked);
	store_bind_int64_or_null(st, k++, in->resident_id);
	store_bind_text(st, k++, in->skills ? in->skills : "");
	store_bind_text(st, k++, in->availability ? in->availability : "");
	store_bind_text(st, k++, in->note ? in->note : "");
	store_bind_text(st, k++, source);
	store_bind_int64_or_null(st, k++, cx->actor.user_id);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k, cx->now);
	return ctx_insert(cx, st, "phone", "volunteer_phone_taken", id);
}

static const char *const create_fields[] = {"unit_id", "name", "phone", "id_type", "id_number",
	"skills", "availability", "note", "resident_id", NULL};

int volunteers_create(struct ctx *cx, json_t *body, struct volunteer *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	struct vin in = {0};
	struct org_unit u;
	json_only_fields(body, create_fields, e);
	judge_community(cx, body, false, &u, &in.unit_id);
	judge(cx, body, true, false, &in);
	if (e->code)
		return -1;
	int64_t id;
	if (ctx_begin(cx) < 0 || insert(cx, &in, "staff", &id) < 0)
		return -1;
	return finish(cx, "volunteer.create", id, NULL, out);
}

/* ---- the public form ---- */

static struct ratelimit public_rate = RATELIMIT_INIT;

void volunteers_set_public_rate(unsigned per_minute) { ratelimit_set(&public_rate, per_minute); }

int volunteers_register_public(struct ctx *cx, json_t *body)
{
	static const char *const allowed[] = {"unit_id", "name", "phone", "id_type", "id_number",
		"skills", "availability", NULL};
	struct err *e = &cx->err;
	int wait = 0;
	if (!ratelimit_take(&public_rate, cx->ip ? cx->ip : "", cx->now, &wait)) {
		e->retry_after = wait;
		return err_set(e, ERR_RATE_LIMITED);
	}
	struct vin in = {0};
	struct org_unit u;
	json_only_fields(body, allowed, e);
	judge_community(cx, body, true, &u, &in.unit_id);
	judge(cx, body, true, true, &in);
	if (e->code)
		return -1;
	/* a phone registered already (and not rejected): nothing written, the same answer */
	const struct seal_ring *ring = registry_keys();
	if (!ring)
		return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	char hash[SEAL_LOOKUP_HEX];
	if (seal_lookup(ring, "volunteer.phone", in.phone, hash) != SEAL_OK)
		return err_setf(e, ERR_INTERNAL, "lookup volunteer.phone failed");
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COUNT(*) FROM volunteers WHERE phone_hash = ? AND approval <> 'rejected'");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, hash);
	int rc = store_step(st);
	int64_t n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_store_error(cx);
	if (n)
		return 0;
	int64_t id;
	if (ctx_begin(cx) < 0)
		return -1;
	if (insert(cx, &in, "public", &id) < 0) {
		/* the same phone at the same moment on another connection */
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return 0;
		}
		return -1;
	}
	struct volunteer v;
	return finish(cx, "volunteer.register", id, NULL, &v);
}

/* ---- changes ---- */

static const char *const update_fields[] = {"version", "name", "phone", "id_type", "id_number",
	"skills", "availability", "note", "resident_id", "status", NULL};

int volunteers_update(struct ctx *cx, int64_t id, json_t *patch, struct volunteer *out)
{
	struct err *e = &cx->err;
	struct volunteer old;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, &old) < 0)
		return -1;
	struct vin in = {.resident_id = old.resident_id};
	int64_t version = 0;
	json_only_fields(patch, update_fields, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge(cx, patch, false, false, &in);
	if (jf_str(patch, "status", 0, 1, 16, &in.status, e) > 0) {
		if (strcmp(in.status, "active") && strcmp(in.status, "paused") && strcmp(in.status, "left"))
			err_field(e, "status", "volunteer_status", 0);
		else if (old.approval != VOLUNTEER_APPROVED)
			err_field(e, "status", "volunteer_not_approved", 0);
	}
	if (e->code)
		return -1;
	struct sealed_value ph, idv;
	if (seal_in(cx, &in, &ph, &idv) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	/* a field not given keeps its value (NULL binds keep it) */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE volunteers SET name = COALESCE(?, name), phone = COALESCE(?, phone),"
		" phone_hash = COALESCE(?, phone_hash), phone_masked = COALESCE(?, phone_masked),"
		" id_type = CASE WHEN ? = 1 THEN ? ELSE id_type END,"
		" id_number = CASE WHEN ? = 1 THEN ? ELSE id_number END,"
		" id_hash = CASE WHEN ? = 1 THEN ? ELSE id_hash END,"
		" id_masked = CASE WHEN ? = 1 THEN ? ELSE id_masked END,"
		" skills = COALESCE(?, skills), availability = COALESCE(?, availability),"
		" note = COALESCE(?, note), resident_id = ?, status = COALESCE(?, status),"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, in.name);
	store_bind_text(st, k++, ph.stored);
	store_bind_text(st, k++, ph.hash);
	store_bind_text(st, k++, ph.masked);
	for (int i = 0; i < 4; i++) {
		const char *v[] = {in.id_type, idv.stored, idv.hash, idv.masked};
		store_bind_int64(st, k++, in.id_given);
		store_bind_text(st, k++, in.id_number ? v[i] : NULL);
	}
	store_bind_text(st, k++, in.skills);
	store_bind_text(st, k++, in.availability);
	store_bind_text(st, k++, in.note);
	store_bind_int64_or_null(st, k++, in.resident_id);
	store_bind_text(st, k++, in.status);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, id);
	store_bind_int64(st, k, version);
	if (vol_write_version(cx, st, "phone", "volunteer_phone_taken") < 0)
		return -1;
	return finish(cx, "volunteer.update", id, &old, out);
}

/* A pending volunteer the caller keeps, and the version sent. */
static int decision(struct ctx *cx, int64_t id, json_t *body, const char *const *allowed,
		    struct volunteer *old, int64_t *version)
{
	struct err *e = &cx->err;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, old) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, version, e);
	if (!e->code && old->approval != VOLUNTEER_PENDING) {
		err_field(e, "approval", "volunteer_not_pending", 0);
		return err_set(e, ERR_CONFLICT);
	}
	return e->code ? -1 : 0;
}

int volunteers_reject(struct ctx *cx, int64_t id, json_t *body, struct volunteer *out)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct volunteer old;
	int64_t version = 0;
	const char *reason = NULL;
	vol_jf_str(body, "reason", JF_REQUIRED, L_VOL_REASON, &reason, &cx->err);
	if (decision(cx, id, body, allowed, &old, &version) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE volunteers SET approval = 'rejected', reject_reason = ?, decided_by = ?,"
		" decided_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, reason);
	store_bind_int64_or_null(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "volunteer.reject", id, &old, out);
}

/* A temporary password: ten characters no one misreads. */
static void temp_password(char out[16])
{
	char tok[64];
	size_t k = 0;
	while (k < 10) {
		crypto_token(tok, sizeof tok, NULL);
		for (const char *p = tok; *p && k < 10; p++)
			if (!strchr("-_lIO01o", *p))
				out[k++] = *p;
	}
	out[k] = 0;
}

/* The resident of the volunteer's ID number among those the caller sees: its id or 0. */
static int resident_of_id(struct ctx *cx, int64_t volunteer_id, int64_t *rid)
{
	*rid = 0;
	const char *type = NULL, *sealed = NULL;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id_type, id_number FROM volunteers WHERE id = ? AND id_number IS NOT NULL");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, volunteer_id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		type = arena_strdup(cx->a, store_col_text(st, 0));
		sealed = arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (!sealed || !registry_keys() ||
	    !(access_is_global(cx) || access_role_has(cx->actor.role, PERM_RESIDENTS_READ)))
		return 0;
	const char *clear = registry_open(cx, "volunteer.id_number", sealed);
	if (!clear)
		return 0;
	/* the registry's search key: the type and the number */
	struct resident_filter f = {.id_number = arena_printf(cx->a, "%s:%s", type, clear),
				    .age_min = -1, .age_max = -1, .limit = 1};
	struct resident *items;
	size_t n;
	int64_t next;
	if (registry_residents_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	if (n)
		*rid = items[0].id;
	return 0;
}

int volunteers_approve(struct ctx *cx, int64_t id, json_t *body, struct volunteer *out,
		       json_t **account)
{
	static const char *const allowed[] = {"version", "resident_id", NULL};
	struct err *e = &cx->err;
	struct volunteer old;
	int64_t version = 0;
	struct vin in = {0};
	if (decision(cx, id, body, allowed, &old, &version) < 0)
		return -1;
	in.resident_id = old.resident_id;
	judge(cx, body, false, false, &in);
	if (e->code)
		return -1;
	if (!in.resident_id && resident_of_id(cx, id, &in.resident_id) < 0)
		return -1;
	if (old.user_id) {
		err_field(e, "user_id", "volunteer_has_account", 0);
		return err_set(e, ERR_CONFLICT);
	}
	/* the account: the volunteer role in their community, a temporary password */
	char pw[16];
	temp_password(pw);
	int64_t units[] = {old.unit_id};
	struct user_in ui = {.display_name = old.name, .password = pw, .role = ROLE_VOLUNTEER,
			     .nunits = 1, .unit_ids = units};
	if (accounts_validate_new(cx, &ui) < 0)
		return -1;
	char hash[CRYPTO_PWHASH_LEN];
	if (crypto_password_hash(pw, hash) != 0)
		return err_setf(e, ERR_INTERNAL, "password hashing failed");
	struct user u;
	if (vol_approve_with(cx, &old, version, in.resident_id, hash, true, out, &u) < 0)
		return -1;
	*account = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u.id, "username", u.username,
			     "password", pw);
	return 0;
}

int vol_approve_with(struct ctx *cx, const struct volunteer *old, int64_t version,
		     int64_t resident_id, const char *pwhash, bool must_change,
		     struct volunteer *out, struct user *account)
{
	if (ctx_begin(cx) < 0)
		return -1;
	/* the number: the community's code and its count */
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO volunteer_counters (unit_id, last) VALUES (?, 1) ON CONFLICT (unit_id)"
		" DO UPDATE SET last = volunteer_counters.last + 1 RETURNING last");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, old->unit_id);
	int rc = store_step(st);
	int64_t seq = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || !seq)
		return ctx_fail(cx);
	const char *number = arena_printf(cx->a, "%s-%04lld", old->unit_code, (long long)seq);
	int64_t units[] = {old->unit_id};
	struct user_in ui = {.username = arena_printf(cx->a, "v%s", number),
			     .display_name = old->name, .role = ROLE_VOLUNTEER, .nunits = 1,
			     .unit_ids = units};
	if (accounts_insert(cx, &ui, pwhash, must_change, account) < 0)
		return -1;
	st = store_prepare(cx->db,
		"UPDATE volunteers SET approval = 'approved', status = 'active', number = ?,"
		" user_id = ?, resident_id = ?, decided_by = ?, decided_at = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, number);
	store_bind_int64(st, 2, account->id);
	store_bind_int64_or_null(st, 3, resident_id);
	store_bind_int64_or_null(st, 4, cx->actor.user_id);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, old->id);
	store_bind_int64(st, 8, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "volunteer.approve", old->id, old, out);
}

int volunteers_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"reason", NULL};
	struct err *e = &cx->err;
	struct volunteer v;
	if (get_with(cx, id, PERM_VOLUNTEERS_WRITE, &v) < 0)
		return -1;
	if (access_require(cx, PERM_RESIDENTS_REVEAL, NULL) < 0)
		return -1;
	const char *reason = NULL;
	json_only_fields(body, allowed, e);
	vol_jf_str(body, "reason", JF_REQUIRED, L_VOL_REVEAL_REASON, &reason, e);
	if (e->code || registry_reveal_budget(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT phone, id_number FROM volunteers WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	const char *phone = NULL, *idn = NULL;
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		phone = arena_strdup(cx->a, store_col_text(st, 0));
		idn = store_col_is_null(st, 1) ? NULL : arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_store_error(cx);
	if (!registry_keys())
		return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	const char *p = registry_open(cx, "volunteer.phone", phone);
	const char *i = idn ? registry_open(cx, "volunteer.id_number", idn) : NULL;
	if (!p || (idn && !i))
		return err_setf(e, ERR_INTERNAL, "volunteer %lld: a value does not open", (long long)id);
	if (ctx_begin(cx) < 0)
		return -1;
	json_t *what = json_pack("{s:s, s:[s, s]}", "reason", reason, "fields", "phone", "id_number");
	rc = audit_record(cx, "volunteer.reveal", "volunteer", id, NULL, what);
	json_decref(what);
	if (rc < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	*out = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "phone", p, "id_number",
			 json_str_or_null(i));
	return 0;
}
