/* Household points (居民积分制): a community's rules, the awards staff make by them (each a
 * movement of the points ledger, a correction a reversing movement), a household's history
 * and the community's table of the households who take part. */
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "honours/internal.h"
#include "org/org.h"
#include "points/points.h"
#include "registry/registry.h"

#define HOLDER "household"

static const char *const pers[] = {"time", "hour", NULL};

static const char *operator_name(const struct ctx *cx)
{
	return cx->actor.username ? cx->actor.username : "linli";
}

/* ---- rules ---- */

struct rule {
	int64_t id, community_id, points, year_cap, version, created_at, updated_at;
	const char *community_name, *community_path, *name, *per;
	bool active;
};

#define R_COLS "r.id, r.community_id, o.name, o.path, r.name, r.points, r.per, r.year_cap," \
	" r.active, r.created_at, r.updated_at, r.version"

static int64_t read_rule(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct rule *r = row;
	r->id = store_col_int64(st, 0);
	r->community_id = store_col_int64(st, 1);
	r->community_name = arena_strdup(cx->a, store_col_text(st, 2));
	r->community_path = arena_strdup(cx->a, store_col_text(st, 3));
	r->name = arena_strdup(cx->a, store_col_text(st, 4));
	r->points = store_col_int64(st, 5);
	r->per = arena_strdup(cx->a, store_col_text(st, 6));
	r->year_cap = store_col_int64(st, 7);
	r->active = store_col_int64(st, 8) != 0;
	r->created_at = store_col_int64(st, 9);
	r->updated_at = store_col_int64(st, 10);
	r->version = store_col_int64(st, 11);
	return r->id;
}

static json_t *rule_json(const struct rule *r)
{
	return json_pack("{s:I, s:{s:I, s:s}, s:s, s:I, s:s, s:I, s:b, s:o, s:o, s:I}",
		"id", (json_int_t)r->id, "community", "id", (json_int_t)r->community_id, "name",
		r->community_name, "name", r->name, "points", (json_int_t)r->points, "per", r->per,
		"year_cap", (json_int_t)r->year_cap, "active", r->active,
		"created_at", json_time(r->created_at), "updated_at", json_time(r->updated_at),
		"version", (json_int_t)r->version);
}

static int rule_fetch(struct ctx *cx, int64_t id, struct rule *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " R_COLS " FROM honour_point_rules r"
					      " JOIN org_units o ON o.id = r.community_id WHERE r.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_rule(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int hon_rules_list(struct ctx *cx, int64_t community_id, json_t **out)
{
	if (access_require(cx, PERM_HONOURS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " R_COLS " FROM honour_point_rules r JOIN org_units o ON o.id = r.community_id"
		" WHERE " HON_COMMUNITY_SEEN_SQL("o.path") " AND (? = 0 OR r.community_id = ?)"
		" ORDER BY r.community_id, r.active DESC, r.id");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, community_id);
	store_bind_int64(st, 4, community_id);
	struct rule *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 2000, read_rule, &items, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, rule_json(&items[i]));
	return 0;
}

static void judge_rule(struct ctx *cx, json_t *b, bool create, struct rule *r)
{
	struct err *e = &cx->err;
	hon_jf_str(b, "name", create ? JF_REQUIRED : 0, L_HON_RULE_NAME, &r->name, e);
	hon_jf_int(b, "points", create ? JF_REQUIRED : 0, L_HON_RULE_POINTS, &r->points, e);
	hon_jf_int(b, "year_cap", 0, L_HON_RULE_CAP, &r->year_cap, e);
	if (jf_str(b, "per", 0, 1, 8, &r->per, e) > 0 && !hon_code_in(pers, r->per))
		err_field(e, "per", "honour_per", 0);
	jf_bool(b, "active", 0, &r->active, e);
}

static int rule_finish(struct ctx *cx, const char *action, int64_t id, json_t *before,
		       json_t **out)
{
	struct rule r;
	if (rule_fetch(cx, id, &r) != 1) {
		json_decref(before);
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	*out = rule_json(&r);
	return hon_audit_commit(cx, action, "honour_rule", id, before, json_incref(*out));
}

int hon_rule_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"community_id", "name", "points", "per", "year_cap", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	struct rule r = {.per = "time", .active = true};
	struct org_unit u;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "community_id", JF_REQUIRED, 1, INT64_MAX, &r.community_id, e) > 0)
		hon_community(cx, PERM_HONOURS_WRITE, "community_id", r.community_id, &u);
	judge_rule(cx, body, true, &r);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO honour_point_rules (community_id, name, points, per, year_cap,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, r.community_id);
	store_bind_text(st, 2, r.name);
	store_bind_int64(st, 3, r.points);
	store_bind_text(st, 4, r.per);
	store_bind_int64(st, 5, r.year_cap);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "name", "honour_rule_taken", &id) < 0)
		return -1;
	return rule_finish(cx, "honour_rule.create", id, NULL, out);
}

static int rule_get(struct ctx *cx, int64_t id, enum perm perm, struct rule *r)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = rule_fetch(cx, id, r);
	if (f < 0)
		return -1;
	bool seen = f == 1 && (perm == PERM_HONOURS_WRITE ? access_path_in_scope(cx, r->community_path)
							  : hon_sees_community(cx, r->community_path));
	return seen ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int hon_rule_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "name", "points", "per", "year_cap",
		"active", NULL};
	struct err *e = &cx->err;
	struct rule old, r;
	if (rule_get(cx, id, PERM_HONOURS_WRITE, &old) < 0)
		return -1;
	r = old;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge_rule(cx, body, false, &r);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_point_rules SET name = ?, points = ?, per = ?, year_cap = ?, active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, r.name);
	store_bind_int64(st, 2, r.points);
	store_bind_text(st, 3, r.per);
	store_bind_int64(st, 4, r.year_cap);
	store_bind_int64(st, 5, r.active);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, id);
	store_bind_int64(st, 8, version);
	int64_t changed = 0;
	if (ctx_write(cx, st, "name", "honour_rule_taken", &changed) < 0)
		return -1;
	if (!changed) {
		ctx_rollback(cx);
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	return rule_finish(cx, "honour_rule.update", id, rule_json(&old), out);
}

/* ---- awards ---- */

struct award {
	int64_t id, rule_id, community_id, household_id, unit_id, on_date, year, quantity, points;
	int64_t movement_id, reversal_id, created_at, version;
	const char *rule_name, *address, *note, *reversal_note, *operator_;
};

#define A_COLS "a.id, a.rule_id, r.name, a.community_id, a.household_id, a.unit_id, a.address," \
	" a.on_date, a.year, a.quantity, a.points, a.note, a.movement_id, a.reversal_id," \
	" a.reversal_note, a.operator, a.created_at, a.version"
#define A_FROM "honour_point_awards a JOIN honour_point_rules r ON r.id = a.rule_id" \
	" JOIN org_units o ON o.id = a.unit_id"

static int64_t read_award(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct award *a = row;
	a->id = store_col_int64(st, 0);
	a->rule_id = store_col_int64(st, 1);
	a->rule_name = arena_strdup(cx->a, store_col_text(st, 2));
	a->community_id = store_col_int64(st, 3);
	a->household_id = store_col_int64(st, 4);
	a->unit_id = store_col_int64(st, 5);
	a->address = arena_strdup(cx->a, store_col_text(st, 6));
	a->on_date = store_col_int64(st, 7);
	a->year = store_col_int64(st, 8);
	a->quantity = store_col_int64(st, 9);
	a->points = store_col_int64(st, 10);
	a->note = arena_strdup(cx->a, store_col_text(st, 11));
	a->movement_id = store_col_int64(st, 12);
	a->reversal_id = store_col_int64(st, 13);
	a->reversal_note = store_col_is_null(st, 14) ? NULL : arena_strdup(cx->a, store_col_text(st, 14));
	a->operator_ = arena_strdup(cx->a, store_col_text(st, 15));
	a->created_at = store_col_int64(st, 16);
	a->version = store_col_int64(st, 17);
	return a->id;
}

static json_t *award_json(const struct award *a)
{
	json_t *j = json_pack("{s:I, s:{s:I, s:s}, s:I, s:{s:I, s:s}, s:o, s:I, s:I, s:I, s:s,"
		" s:I, s:b, s:s, s:o, s:I}",
		"id", (json_int_t)a->id, "rule", "id", (json_int_t)a->rule_id, "name", a->rule_name,
		"community_id", (json_int_t)a->community_id, "household", "id",
		(json_int_t)a->household_id, "address", a->address, "on_date", hon_date_json(a->on_date),
		"year", (json_int_t)a->year, "quantity", (json_int_t)a->quantity,
		"points", (json_int_t)a->points, "note", a->note,
		"movement_id", (json_int_t)a->movement_id, "reversed", a->reversal_id != 0,
		"operator", a->operator_, "created_at", json_time(a->created_at),
		"version", (json_int_t)a->version);
	json_object_set_new(j, "reversal_id", a->reversal_id ? json_integer(a->reversal_id) : json_null());
	json_object_set_new(j, "reversal_note", json_str_or_null(a->reversal_note));
	return j;
}

static int award_fetch(struct ctx *cx, int64_t id, struct award *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " A_COLS ", o.path FROM " A_FROM
					      " WHERE a.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_award(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* A household the caller may award by the rule: in its community, active, in scope. */
static int judge_household(struct ctx *cx, const struct rule *r, int64_t id, struct household *h)
{
	int f = registry_household_by_id(cx, id, h);
	if (f < 0)
		return -1;
	if (f == 0 || !access_path_in_scope(cx, h->unit_path) ||
	    h->anchor[ORG_ANCHOR_COMMUNITY] != r->community_id)
		return err_field(&cx->err, "household_ids", "honour_household", 0);
	if (strcmp(h->status, "active") != 0)
		return err_field(&cx->err, "household_ids", "honour_household_dissolved", 0);
	return 1;
}

/* The household's points account (made when missing) and its unit's pool. */
static int accounts(struct ctx *cx, const struct household *h, int64_t *acct, int64_t *pool)
{
	const char *name = arena_printf(cx->a, "%s", h->address ? h->address : "");
	if (points_account_ensure(cx, HOLDER, h->id, POINTS_POINTS, h->unit_id, 0, name, acct) < 0)
		return -1;
	return points_account_ensure(cx, POINTS_HOLDER_POOL, h->unit_id, POINTS_POINTS, h->unit_id,
				     0, "积分池", pool);
}

int hon_awards_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"rule_id", "household_ids", "on_date", "quantity",
		"note", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t rule_id = 0, quantity = 1, *ids = NULL;
	size_t n = 0;
	int on = 0;
	const char *note = "";
	struct rule r;
	bool have_rule = false;
	if (jf_int(body, "rule_id", JF_REQUIRED, 1, INT64_MAX, &rule_id, e) > 0) {
		int f = rule_fetch(cx, rule_id, &r);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, r.community_path))
			err_field(e, "rule_id", "honour_rule_unknown", 0);
		else if (!r.active)
			err_field(e, "rule_id", "honour_rule_inactive", 0);
		else
			have_rule = true;
	}
	jf_int_array(body, "household_ids", JF_REQUIRED, (size_t)honours_limits[L_HON_BULK].max, 1,
		     INT64_MAX, cx->a, &ids, &n, e);
	if (!e->code && n == 0)
		err_field(e, "household_ids", "required", 0);
	if (hon_jf_date(body, "on_date", JF_REQUIRED, &on, e) > 0 && on > hon_today(cx))
		err_field(e, "on_date", "honour_future", 0);
	hon_jf_int(body, "quantity", 0, L_HON_QUANTITY, &quantity, e);
	hon_jf_str(body, "note", 0, L_HON_NOTE, &note, e);
	struct household *hs = arena_alloc(cx->a, (n ? n : 1) * sizeof *hs);
	for (size_t i = 0; have_rule && !e->code && i < n; i++)
		if (judge_household(cx, &r, ids[i], &hs[i]) < 0)
			break;
	if (e->code)
		return -1;
	int64_t raw = strcmp(r.per, "hour") == 0 ? quantity * r.points / 60 : quantity * r.points;
	if (raw <= 0)
		return err_field(e, "quantity", "honour_nothing_earned", 0);
	if (ctx_begin(cx) < 0)
		return -1;
	/* the rule's row taken first: two awards by one rule at once count its cap in turn */
	struct store_stmt *lock = store_prepare(cx->db,
		"UPDATE honour_point_rules SET version = version WHERE id = ?");
	if (!lock)
		return ctx_fail(cx);
	store_bind_int64(lock, 1, rule_id);
	if (ctx_write(cx, lock, NULL, NULL, NULL) < 0)
		return -1;
	int64_t year = on / 10000;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		int64_t got, p = raw;
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT COALESCE(SUM(points), 0) FROM honour_point_awards WHERE rule_id = ?"
			" AND household_id = ? AND year = ? AND reversal_id IS NULL");
		if (!st) {
			json_decref(*out);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, rule_id);
		store_bind_int64(st, 2, ids[i]);
		store_bind_int64(st, 3, year);
		int rc = store_step(st);
		got = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
		store_reset(st);
		if (rc == STORE_ERR) {
			json_decref(*out);
			return ctx_fail(cx);
		}
		if (r.year_cap > 0 && got + p > r.year_cap)
			p = r.year_cap - got;
		if (p <= 0) {
			json_decref(*out);
			ctx_rollback(cx);
			return err_field(e, "household_ids", "honour_cap_reached", r.year_cap);
		}
		st = store_prepare(cx->db,
			"INSERT INTO honour_point_awards (rule_id, community_id, household_id, unit_id,"
			" address, on_date, year, quantity, points, note, operator_id, operator,"
			" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			" RETURNING id");
		if (!st) {
			json_decref(*out);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, rule_id);
		store_bind_int64(st, 2, r.community_id);
		store_bind_int64(st, 3, ids[i]);
		store_bind_int64(st, 4, hs[i].unit_id);
		store_bind_text(st, 5, hs[i].address ? hs[i].address : "");
		store_bind_int64(st, 6, on);
		store_bind_int64(st, 7, year);
		store_bind_int64(st, 8, quantity);
		store_bind_int64(st, 9, p);
		store_bind_text(st, 10, note);
		store_bind_int64_or_null(st, 11, cx->actor.user_id);
		store_bind_text(st, 12, operator_name(cx));
		store_bind_int64(st, 13, cx->now);
		store_bind_int64(st, 14, cx->now);
		int64_t id, acct, pool, mv;
		if (ctx_insert(cx, st, NULL, NULL, &id) < 0 || accounts(cx, &hs[i], &acct, &pool) < 0) {
			json_decref(*out);
			return -1;
		}
		struct points_leg legs[2] = {{pool, -p}, {acct, p}};
		struct points_movement_in in = {
			.currency = POINTS_POINTS, .kind = "earn",
			.reason = arena_printf(cx->a, "%s%s%s", r.name, note[0] ? "：" : "", note),
			.link_kind = "honour_award", .link_id = id, .unit_id = hs[i].unit_id,
			.legs = legs, .nlegs = 2,
		};
		if (points_post(cx, &in, &mv) < 0) {
			json_decref(*out);
			return -1;
		}
		st = store_prepare(cx->db, "UPDATE honour_point_awards SET movement_id = ? WHERE id = ?");
		if (!st) {
			json_decref(*out);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, mv);
		store_bind_int64(st, 2, id);
		struct award a;
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0 || award_fetch(cx, id, &a) != 1) {
			json_decref(*out);
			ctx_rollback(cx);
			return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
		}
		json_t *j = award_json(&a);
		if (audit_record(cx, "honour_award.create", "honour_award", id, NULL, j) < 0) {
			json_decref(j);
			json_decref(*out);
			ctx_rollback(cx);
			return -1;
		}
		json_array_append_new(*out, j);
	}
	if (ctx_commit(cx) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int hon_award_reverse(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	struct award old;
	int f = award_fetch(cx, id, &old);
	if (f < 0)
		return -1;
	struct org_unit u;
	if (f == 0 || org_unit_by_id(cx, old.community_id, &u) != 1 ||
	    !access_path_in_scope(cx, u.path))
		return cx->err.code ? -1 : err_set(e, ERR_NOT_FOUND);
	int64_t version = 0;
	const char *reason = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	hon_jf_str(body, "reason", JF_REQUIRED, L_HON_REASON, &reason, e);
	if (e->code)
		return -1;
	if (old.reversal_id) {
		err_field(e, "id", "honour_award_reversed", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (version != old.version) {
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	struct household h;
	if (registry_household_by_id(cx, old.household_id, &h) != 1)
		return cx->err.code ? -1 : err_set(e, ERR_NOT_FOUND);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_point_awards SET reversal_note = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ? AND reversal_id IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, reason);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	int64_t acct, pool, mv;
	if (accounts(cx, &h, &acct, &pool) < 0)
		return -1;
	struct points_leg legs[2] = {{acct, -old.points}, {pool, old.points}};
	struct points_movement_in in = {
		.currency = POINTS_POINTS, .kind = "reverse",
		.reason = arena_printf(cx->a, "更正：%s", reason), .link_kind = "honour_award",
		.link_id = id, .reverses_id = old.movement_id, .unit_id = old.unit_id,
		.legs = legs, .nlegs = 2,
	};
	if (points_post(cx, &in, &mv) < 0)
		return -1;
	st = store_prepare(cx->db, "UPDATE honour_point_awards SET reversal_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, mv);
	store_bind_int64(st, 2, id);
	struct award a;
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	if (award_fetch(cx, id, &a) != 1) {
		ctx_rollback(cx);
		return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
	}
	*out = award_json(&a);
	return hon_audit_commit(cx, "honour_award.reverse", "honour_award", id, award_json(&old),
				json_incref(*out));
}

int hon_awards_list(struct ctx *cx, int64_t community_id, int64_t household_id, int limit,
		    int64_t cursor, json_t **out, int64_t *next)
{
	if (access_require(cx, PERM_HONOURS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " A_COLS " FROM " A_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (? = 0 OR a.community_id = ?) AND (? = 0 OR a.household_id = ?)"
		" AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, community_id);
	store_bind_int64(st, 4, community_id);
	store_bind_int64(st, 5, household_id);
	store_bind_int64(st, 6, household_id);
	store_bind_int64(st, 7, cursor);
	store_bind_int64(st, 8, cursor);
	store_bind_int64(st, 9, limit + 1);
	struct award *items;
	size_t n;
	if (ctx_page(cx, st, sizeof *items, limit, read_award, &items, &n, next) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, award_json(&items[i]));
	return 0;
}

int hon_household_points(struct ctx *cx, int64_t household_id, json_t **out)
{
	struct household h;
	if (registry_household_get(cx, household_id, PERM_HONOURS_READ, &h) < 0)
		return -1;
	int64_t balance, year_points;
	json_t *awards, *honours;
	int64_t next;
	if (points_balance(cx, HOLDER, h.id, POINTS_POINTS, &balance) < 0 ||
	    hon_household_year_points(cx, h.id, h.anchor[ORG_ANCHOR_COMMUNITY], hon_today(cx) / 10000,
				      &year_points) < 0)
		return -1;
	if (hon_awards_list(cx, 0, h.id, 200, 0, &awards, &next) < 0)
		return -1;
	if (honours_of_household(cx, h.id, &honours) < 0) {
		json_decref(awards);
		return -1;
	}
	*out = json_pack("{s:{s:I, s:s, s:o}, s:I, s:I, s:I, s:o, s:o}", "household", "id",
		(json_int_t)h.id, "address", h.address ? h.address : "", "head_name",
		json_str_or_null(h.head_name), "balance", (json_int_t)balance, "year",
		(json_int_t)(hon_today(cx) / 10000), "year_points", (json_int_t)year_points,
		"awards", awards, "honours", honours);
	return 0;
}

int hon_table(struct ctx *cx, int64_t community_id, int64_t year, json_t **out)
{
	struct org_unit u;
	if (hon_community(cx, PERM_HONOURS_READ, NULL, community_id, &u) < 0)
		return -1;
	/* the households who took part, by the points they earned in the year; never staff */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT a.household_id, MAX(a.address), SUM(a.points), COUNT(*) FROM " A_FROM
		" WHERE a.community_id = ? AND a.year = ? AND a.reversal_id IS NULL AND "
		ACCESS_PATH_IN_SCOPE_SQL("o.path") " GROUP BY a.household_id"
		" ORDER BY SUM(a.points) DESC, a.household_id LIMIT 500");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, community_id);
	store_bind_int64(st, 2, year);
	access_bind_scope(cx, st, 3);
	json_t *items = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:I}", "household_id",
			(json_int_t)store_col_int64(st, 0), "address", store_col_text(st, 1), "points",
			(json_int_t)store_col_int64(st, 2), "awards", (json_int_t)store_col_int64(st, 3)));
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(items);
		return ctx_store_error(cx);
	}
	/* the head's name as the reader may see it */
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row) {
		struct household h;
		int f = registry_household_by_id(cx, json_integer_value(json_object_get(row, "household_id")), &h);
		json_object_set_new(row, "head_name", json_str_or_null(f == 1 ? h.head_name : NULL));
	}
	*out = json_pack("{s:I, s:I, s:o}", "community_id", (json_int_t)community_id, "year",
			 (json_int_t)year, "items", items);
	return 0;
}
