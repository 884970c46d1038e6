/* One-to-one pairings (一对一帮扶): a volunteer or a party member paired with a resident, who may
 * then record and read that resident's visits whether the resident is in their scope or not.
 * A pairing ends; it is never deleted. */
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "base/mask.h"
#include "registry/registry.h"
#include "visits/common.h"
#include "visits/due.h"
#include "visits/limits.h"
#include "visits/visits.h"

#define PAIR_COLS "p.id, p.user_id, p.resident_id, p.unit_id, COALESCE(u.display_name, ''), " \
	"COALESCE(u.role, ''), p.starts_on, p.ends_on, p.note, p.created_at, p.updated_at, p.version"
#define PAIR_FROM "visit_pairings p LEFT JOIN users u ON u.id = p.user_id " \
	"JOIN org_units o ON o.id = p.unit_id"

static int64_t read_pairing(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct pairing *p = row;
	p->id = store_col_int64(st, 0);
	p->user_id = store_col_int64(st, 1);
	p->resident_id = store_col_int64(st, 2);
	p->unit_id = store_col_int64(st, 3);
	p->user_name = arena_strdup(cx->a, store_col_text(st, 4));
	p->user_role = arena_strdup(cx->a, store_col_text(st, 5));
	p->since = store_col_int64(st, 6);
	p->until = store_col_int64(st, 7);
	p->note = arena_strdup(cx->a, store_col_text(st, 8));
	p->created_at = store_col_int64(st, 9);
	p->updated_at = store_col_int64(st, 10);
	p->version = store_col_int64(st, 11);
	return p->id;
}

json_t *pairing_json(struct ctx *cx, const struct pairing *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "user_id", json_integer(p->user_id));
	json_object_set_new(o, "user_name", json_string(p->user_name));
	json_object_set_new(o, "user_role", json_string(p->user_role));
	json_object_set_new(o, "resident_id", json_integer(p->resident_id));
	json_object_set_new(o, "unit_id", json_integer(p->unit_id));
	/* the resident as the paired person knows them: masked name, address */
	struct resident r;
	struct household h;
	json_t *name = json_null(), *address = json_null();
	if (cx && registry_resident_by_id(cx, p->resident_id, &r) == 1) {
		name = json_string(mask_name(cx->a, r.name));
		if (r.household_id && registry_household_by_id(cx, r.household_id, &h) == 1)
			address = json_string(h.address);
	}
	json_object_set_new(o, "resident_name", name);
	json_object_set_new(o, "address", address);
	json_object_set_new(o, "since", visits_json_date(p->since));
	json_object_set_new(o, "until", visits_json_date(p->until));
	json_object_set_new(o, "active", json_boolean(p->until == 0));
	json_object_set_new(o, "note", json_string(p->note));
	json_object_set_new(o, "created_at", json_time(p->created_at));
	json_object_set_new(o, "updated_at", json_time(p->updated_at));
	json_object_set_new(o, "version", json_integer(p->version));
	return o;
}

int pairings_active(struct ctx *cx, int64_t user_id, int64_t resident_id)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM visit_pairings WHERE user_id = ? AND "
			      "resident_id = ? AND ends_on IS NULL", &n, 2, user_id, resident_id) < 0)
		return ctx_store_error(cx);
	return n > 0;
}

static int fetch(struct ctx *cx, int64_t id, struct pairing *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PAIR_COLS " FROM " PAIR_FROM " WHERE p.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_pairing(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The paired user sees their own; readers those of residents in their scope. */
static int visible(struct ctx *cx, const struct pairing *p, enum perm perm)
{
	if (p->user_id == cx->actor.user_id && perm == PERM_VISITS_READ && !cx->actor.system)
		return 0;
	if (!visits_may(cx, perm))
		return err_set(&cx->err, ERR_NOT_FOUND);
	struct resident r;
	return registry_resident_get(cx, p->resident_id, perm, &r);
}

int pairings_get(struct ctx *cx, int64_t id, struct pairing *out)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || visible(cx, out, PERM_VISITS_READ) < 0) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

int pairings_list(struct ctx *cx, const struct pairing_filter *f, struct pairing **items,
		  size_t *n, int64_t *next_cursor)
{
	if (visits_require_any(cx, PERM_VISITS_READ, PERM_VISITS_PAIRED) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " PAIR_COLS " FROM " PAIR_FROM " WHERE ((? = 1 AND "
		ACCESS_PATH_IN_SCOPE_SQL("o.path") ") OR p.user_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR p.user_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR p.resident_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fo WHERE fo.id = ?"
		" AND substr(o.path, 1, length(fo.path)) = fo.path))"
		" AND (? < 0 OR (? = 1 AND p.ends_on IS NULL) OR (? = 0 AND p.ends_on IS NOT NULL))"
		" AND p.id > ? ORDER BY p.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, visits_may(cx, PERM_VISITS_READ) ? 1 : 0);
	access_bind_scope(cx, st, 2);
	store_bind_int64(st, 4, cx->actor.user_id);
	const int64_t ids[] = {f->user_id, f->resident_id, f->unit_id};
	int i = 5;
	for (size_t k = 0; k < 3; k++, i += 2) {
		if (ids[k]) {
			store_bind_int64(st, i, ids[k]);
			store_bind_int64(st, i + 1, ids[k]);
		} else {
			store_bind_null(st, i);
			store_bind_null(st, i + 1);
		}
	}
	store_bind_int64(st, i++, f->active);
	store_bind_int64(st, i++, f->active);
	store_bind_int64(st, i++, f->active);
	store_bind_int64(st, i++, f->cursor);
	store_bind_int64(st, i, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_pairing, items, n, next_cursor);
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct pairing *before,
		  struct pairing *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? pairing_json(NULL, before) : NULL, *a = pairing_json(NULL, out);
	int rc = audit_commit(cx, action, "visit_pairing", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

int pairings_create(struct ctx *cx, json_t *body, struct pairing *out)
{
	static const char *const allowed[] = {"user_id", "resident_id", "since", "note", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VISITS_PLAN, NULL) < 0)
		return -1;
	int64_t uid = 0, rid = 0, since = 0;
	const char *note = "";
	json_only_fields(body, allowed, e);
	if (jf_int(body, "user_id", JF_REQUIRED, 1, INT64_MAX, &uid, e) > 0) {
		int role = 0;
		int f = visits_user(cx, uid, NULL, &role);
		if (f < 0)
			return -1;
		if (f == 0)
			err_field(e, "user_id", "user_unknown", 0);
		else if (role != ROLE_VOLUNTEER && role != ROLE_PARTY_MEMBER)
			err_field(e, "user_id", "pairing_role", 0);
	}
	int hr = jf_int(body, "resident_id", JF_REQUIRED, 1, INT64_MAX, &rid, e);
	int hs = visits_jf_date(body, "since", 0, &since, e);
	jf_str(body, "note", JF_MULTILINE, 0, (size_t)visits_limits[L_PAIRING_NOTE].max, &note, e);
	if (hr <= 0)
		return -1;
	struct err fields = *e;
	err_clear(e);
	struct resident r;
	if (registry_resident_get(cx, rid, PERM_VISITS_PLAN, &r) < 0)
		return -1;
	*e = fields;
	int64_t today = visits_today(cx);
	if (hs == 0)
		since = today;
	else if (hs > 0 && since > today)
		err_field(e, "since", "visit_future", 0);
	else if (hs > 0 && since < due_date_of(r.created_at))
		err_field(e, "since", "visit_before_subject", 0);
	if (r.status && strcmp(r.status, "living") != 0)
		err_field(e, "resident_id", "pairing_not_living", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO visit_pairings (user_id, resident_id, unit_id, starts_on, note, created_at,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, uid);
	store_bind_int64(st, 2, rid);
	store_bind_int64(st, 3, r.unit_id);
	store_bind_int64(st, 4, since);
	store_bind_text(st, 5, note);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(e, "resident_id", "pairing_exists", 0);
			return err_set(e, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	return finish(cx, "pairing.create", id, NULL, out);
}

int pairings_end(struct ctx *cx, int64_t id, json_t *body, struct pairing *out)
{
	static const char *const allowed[] = {"version", "until", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VISITS_PLAN, NULL) < 0)
		return -1;
	struct pairing old;
	int f = fetch(cx, id, &old);
	if (f < 0)
		return -1;
	if (f == 0 || visible(cx, &old, PERM_VISITS_PLAN) < 0) {
		err_clear(e);
		return err_set(e, ERR_NOT_FOUND);
	}
	int64_t version = 0, until = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	int hu = visits_jf_date(body, "until", 0, &until, e);
	int64_t today = visits_today(cx);
	if (hu == 0)
		until = today;
	else if (hu > 0 && until > today)
		err_field(e, "until", "visit_future", 0);
	else if (hu > 0 && until < old.since)
		err_field(e, "until", "pairing_until_before", 0);
	if (e->code)
		return -1;
	if (old.until)
		return err_field(e, "id", "pairing_ended", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE visit_pairings SET ends_on = ?, updated_at = ?, version = version + 1 "
		"WHERE id = ? AND version = ? AND ends_on IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, until);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "pairing.end", id, &old, out);
}
