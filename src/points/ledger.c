/* The ledger: accounts of holders in a currency, movements of two or more legs that sum to zero,
 * balances kept as the sum of their legs, floors, idempotent posting by link, the earning rules
 * and the yearly expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "points/internal.h"
#include "registry/registry.h"

enum points_currency points_currency_parse(const char *s)
{
	if (s && strcmp(s, "points") == 0)
		return POINTS_POINTS;
	if (s && strcmp(s, "time") == 0)
		return POINTS_TIME;
	return 0;
}

const char *points_currency_name(enum points_currency c)
{
	return c == POINTS_POINTS ? "points" : c == POINTS_TIME ? "time" : "";
}

static bool system_holder(const char *kind)
{
	return strcmp(kind, POINTS_HOLDER_POOL) == 0 || strcmp(kind, POINTS_HOLDER_STORE) == 0 ||
	       strcmp(kind, POINTS_HOLDER_EXPIRY) == 0;
}

#define ACCT_COLS "a.id, a.holder_kind, a.holder_id, a.currency, a.name, a.unit_id, u.name, " \
	"u.path, a.user_id, a.floor, a.balance, a.street_id, a.community_id, a.created_at, " \
	"a.updated_at, a.version"
#define ACCT_FROM "points_accounts a JOIN org_units u ON u.id = a.unit_id"

static int64_t read_account(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct points_account *a = row;
	a->id = store_col_int64(st, 0);
	a->holder_kind = arena_strdup(cx->a, store_col_text(st, 1));
	a->holder_id = store_col_int64(st, 2);
	a->currency = points_currency_parse(store_col_text(st, 3));
	a->name = arena_strdup(cx->a, store_col_text(st, 4));
	a->unit_id = store_col_int64(st, 5);
	a->unit_name = arena_strdup(cx->a, store_col_text(st, 6));
	a->unit_path = arena_strdup(cx->a, store_col_text(st, 7));
	a->user_id = store_col_int64(st, 8);
	a->has_floor = !store_col_is_null(st, 9);
	a->floor = store_col_int64(st, 9);
	a->balance = store_col_int64(st, 10);
	a->street_id = store_col_int64(st, 11);
	a->community_id = store_col_int64(st, 12);
	a->created_at = store_col_int64(st, 13);
	a->updated_at = store_col_int64(st, 14);
	a->version = store_col_int64(st, 15);
	return a->id;
}

json_t *pt_account_json(const struct points_account *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "holder_kind", json_string(a->holder_kind));
	json_object_set_new(o, "holder_id", json_integer(a->holder_id));
	json_object_set_new(o, "currency", json_string(points_currency_name(a->currency)));
	json_object_set_new(o, "name", json_string(a->name));
	json_object_set_new(o, "unit_id", json_integer(a->unit_id));
	json_object_set_new(o, "unit_name", json_string(a->unit_name));
	json_object_set_new(o, "user_id", a->user_id ? json_integer(a->user_id) : json_null());
	json_object_set_new(o, "floor", a->has_floor ? json_integer(a->floor) : json_null());
	json_object_set_new(o, "balance", json_integer(a->balance));
	json_object_set_new(o, "created_at", json_time(a->created_at));
	json_object_set_new(o, "updated_at", json_time(a->updated_at));
	json_object_set_new(o, "version", json_integer(a->version));
	return o;
}

int points_account_by_id(struct ctx *cx, int64_t id, struct points_account *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ACCT_COLS " FROM " ACCT_FROM " WHERE a.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_account(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int pt_account_get(struct ctx *cx, int64_t id, struct points_account *out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = points_account_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || !pt_sees(cx, out->unit_path, out->user_id))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return 0;
}

static int account_find(struct ctx *cx, const char *kind, int64_t holder, enum points_currency c,
			int64_t *id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id FROM points_accounts WHERE holder_kind = ? AND holder_id = ? AND currency = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, kind);
	store_bind_int64(st, 2, holder);
	store_bind_text(st, 3, points_currency_name(c));
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int points_account_ensure(struct ctx *cx, const char *holder_kind, int64_t holder_id,
			  enum points_currency currency, int64_t unit_id, int64_t user_id,
			  const char *name, int64_t *account_id)
{
	if (!points_currency_name(currency)[0] || !holder_kind || !*holder_kind) {
		ctx_rollback(cx);
		return err_setf(&cx->err, ERR_INTERNAL, "points_account_ensure: bad holder or currency");
	}
	int f = account_find(cx, holder_kind, holder_id, currency, account_id);
	if (f < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (f == 1)
		return 0;
	const char *path;
	int64_t street, community;
	if (pt_unit(cx, unit_id, &path, &street, &community) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	struct pt_config cfg;
	if (pt_config_get(cx, &cfg) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO points_accounts (holder_kind, holder_id, currency, name, unit_id, street_id,"
		" community_id, user_id, floor, balance, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
		" ON CONFLICT (holder_kind, holder_id, currency) DO NOTHING RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, holder_kind);
	store_bind_int64(st, 2, holder_id);
	store_bind_text(st, 3, points_currency_name(currency));
	store_bind_text(st, 4, name ? name : "");
	store_bind_int64(st, 5, unit_id);
	store_bind_int64_or_null(st, 6, street);
	store_bind_int64_or_null(st, 7, community);
	store_bind_int64_or_null(st, 8, user_id);
	if (system_holder(holder_kind))
		store_bind_null(st, 9);
	else
		store_bind_int64(st, 9, currency == POINTS_TIME ? -cfg.time_overdraft : 0);
	store_bind_int64(st, 10, cx->now);
	store_bind_int64(st, 11, cx->now);
	int rc = store_step(st);
	*account_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_fail(cx);
	if (*account_id)
		return 0;
	/* made meanwhile by another */
	if (account_find(cx, holder_kind, holder_id, currency, account_id) != 1) {
		ctx_rollback(cx);
		return cx->err.code ? -1 : err_set(&cx->err, ERR_INTERNAL);
	}
	return 0;
}

int pt_system_account(struct ctx *cx, const char *holder_kind, int64_t unit_id,
		      enum points_currency c, int64_t *account_id)
{
	const char *name = strcmp(holder_kind, POINTS_HOLDER_POOL) == 0 ? "积分池" :
			   strcmp(holder_kind, POINTS_HOLDER_STORE) == 0 ? "积分超市" : "过期积分";
	if (c == POINTS_TIME && strcmp(holder_kind, POINTS_HOLDER_POOL) == 0)
		name = "时间银行";
	return points_account_ensure(cx, holder_kind, unit_id, c, unit_id, 0, name, account_id);
}

int points_balance(struct ctx *cx, const char *holder_kind, int64_t holder_id,
		   enum points_currency currency, int64_t *balance)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT balance FROM points_accounts WHERE holder_kind = ? AND holder_id = ?"
		" AND currency = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, holder_kind);
	store_bind_int64(st, 2, holder_id);
	store_bind_text(st, 3, points_currency_name(currency));
	int rc = store_step(st);
	*balance = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

/* ---- posting ---- */

#define AMOUNT_MAX 1000000000000LL   /* no leg moves more than 10^12 units */

static int leg_cmp(const void *x, const void *y)
{
	const struct points_leg *a = x, *b = y;
	return a->account_id < b->account_id ? -1 : a->account_id > b->account_id;
}

static int refuse(struct ctx *cx, enum err_code code, const char *field, const char *key)
{
	ctx_rollback(cx);
	err_field(&cx->err, field, key, 0);
	return err_set(&cx->err, code);
}

int points_post(struct ctx *cx, const struct points_movement_in *in, int64_t *movement_id)
{
	*movement_id = 0;
	const char *cur = points_currency_name(in->currency);
	if (!cur[0] || !in->kind || !in->link_kind || !in->reason || in->nlegs < 2 ||
	    in->nlegs > POINTS_MAX_LEGS)
		return refuse(cx, ERR_VALIDATION, "legs", "points_legs");
	struct points_leg legs[POINTS_MAX_LEGS];
	int64_t sum = 0;
	for (size_t i = 0; i < in->nlegs; i++) {
		legs[i] = in->legs[i];
		if (legs[i].amount == 0 || legs[i].amount > AMOUNT_MAX || legs[i].amount < -AMOUNT_MAX)
			return refuse(cx, ERR_VALIDATION, "legs", "points_legs");
		sum += legs[i].amount;
	}
	if (sum != 0)
		return refuse(cx, ERR_VALIDATION, "legs", "points_legs");
	/* the accounts in id order: two movements then lock them in the same order */
	qsort(legs, in->nlegs, sizeof legs[0], leg_cmp);
	for (size_t i = 1; i < in->nlegs; i++)
		if (legs[i].account_id == legs[i - 1].account_id)
			return refuse(cx, ERR_VALIDATION, "legs", "points_legs");
	const char *idem = arena_printf(cx->a, "%s:%s:%lld%s%s", in->kind, in->link_kind,
					(long long)in->link_id, in->period ? ":" : "",
					in->period ? in->period : "");
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO points_movements (currency, kind, reason, link_kind, link_id, idem,"
		" reverses_id, unit_id, operator_id, operator, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (idem) DO NOTHING RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, cur);
	store_bind_text(st, 2, in->kind);
	store_bind_text(st, 3, in->reason);
	store_bind_text(st, 4, in->link_kind);
	store_bind_int64(st, 5, in->link_id);
	store_bind_text(st, 6, idem);
	store_bind_int64_or_null(st, 7, in->reverses_id);
	store_bind_int64(st, 8, in->unit_id);
	store_bind_int64_or_null(st, 9, cx->actor.user_id);
	store_bind_text(st, 10, cx->actor.username ? cx->actor.username : "linli");
	store_bind_int64(st, 11, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_fail(cx);
	if (!id) {
		/* posted before: its id, nothing moved */
		st = store_prepare(cx->db, "SELECT id FROM points_movements WHERE idem = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, idem);
		rc = store_step(st);
		*movement_id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_fail(cx);
		return 0;
	}
	for (size_t i = 0; i < in->nlegs; i++) {
		/* one conditional update: the floor holds whoever else debits the account now */
		st = store_prepare(cx->db,
			"UPDATE points_accounts SET balance = balance + ?, updated_at = ?"
			" WHERE id = ? AND currency = ? AND (floor IS NULL OR balance + ? >= floor)"
			" RETURNING balance");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, legs[i].amount);
		store_bind_int64(st, 2, cx->now);
		store_bind_int64(st, 3, legs[i].account_id);
		store_bind_text(st, 4, cur);
		store_bind_int64(st, 5, legs[i].amount);
		rc = store_step(st);
		int64_t after = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
		bool changed = rc == STORE_ROW;
		while (rc == STORE_ROW)
			rc = store_step(st);
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_fail(cx);
		if (!changed) {
			int64_t n = 0;
			if (store_query_int64(cx->db, "SELECT COUNT(*) FROM points_accounts WHERE id = ?",
					      &n, 1, legs[i].account_id) < 0)
				return ctx_fail(cx);
			/* another currency's account, or none, is the caller's mistake */
			if (!n || legs[i].amount > 0)
				return refuse(cx, ERR_VALIDATION, "legs", "points_legs");
			return refuse(cx, ERR_CONFLICT, "account_id", "points_insufficient");
		}
		st = store_prepare(cx->db,
			"INSERT INTO points_legs (movement_id, account_id, amount, balance_after, created_at)"
			" VALUES (?, ?, ?, ?, ?)");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, id);
		store_bind_int64(st, 2, legs[i].account_id);
		store_bind_int64(st, 3, legs[i].amount);
		store_bind_int64(st, 4, after);
		store_bind_int64(st, 5, cx->now);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	if (pt_totals_add(cx, in, legs) < 0)
		return -1;
	*movement_id = id;
	return 1;
}

/* ---- earning rules ---- */

struct rule {
	int64_t id, points_per_hour, bonus, cap, created_at, updated_at, version;
	const char *activity, *name;
	bool active;
};

#define RULE_COLS "id, activity, name, points_per_hour, bonus, cap, active, created_at, " \
	"updated_at, version"

static int64_t read_rule(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct rule *r = row;
	r->id = store_col_int64(st, 0);
	r->activity = arena_strdup(cx->a, store_col_text(st, 1));
	r->name = arena_strdup(cx->a, store_col_text(st, 2));
	r->points_per_hour = store_col_int64(st, 3);
	r->bonus = store_col_int64(st, 4);
	r->cap = store_col_int64(st, 5);
	r->active = store_col_int64(st, 6) != 0;
	r->created_at = store_col_int64(st, 7);
	r->updated_at = store_col_int64(st, 8);
	r->version = store_col_int64(st, 9);
	return r->id;
}

static json_t *rule_json(const struct rule *r)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:b, s:o, s:I}", "id", (json_int_t)r->id,
			 "activity", r->activity, "name", r->name, "points_per_hour",
			 (json_int_t)r->points_per_hour, "bonus", (json_int_t)r->bonus, "cap",
			 (json_int_t)r->cap, "active", r->active, "updated_at", json_time(r->updated_at),
			 "version", (json_int_t)r->version);
}

static int rule_by(struct ctx *cx, int64_t id, const char *activity, struct rule *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RULE_COLS " FROM points_rules WHERE id = ? OR activity = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, activity ? activity : "");
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_rule(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int points_earning(struct ctx *cx, const char *activity, int64_t minutes, int64_t *points)
{
	struct rule r;
	int f = rule_by(cx, 0, activity, &r);
	if (f < 0)
		return -1;
	if (f == 0 || !r.active)
		return err_field(&cx->err, "activity", "points_rule_unknown", 0);
	if (minutes < 0)
		minutes = 0;
	int64_t p = minutes * r.points_per_hour / 60 + r.bonus;
	if (r.cap > 0 && p > r.cap)
		p = r.cap;
	*points = p;
	return 0;
}

static int earn_by_rule(struct ctx *cx, int64_t account_id, const char *activity, int64_t minutes,
		const char *reason, const char *link_kind, int64_t link_id, const char *period,
		int64_t *points, int64_t *movement_id)
{
	*movement_id = 0;
	struct points_account a;
	int f = points_account_by_id(cx, account_id, &a);
	if (f <= 0) {
		ctx_rollback(cx);
		return f < 0 ? -1 : err_field(&cx->err, "account_id", "points_account_unknown", 0);
	}
	if (a.currency != POINTS_POINTS || system_holder(a.holder_kind)) {
		ctx_rollback(cx);
		return err_field(&cx->err, "account_id", "points_account_not_points", 0);
	}
	int64_t p;
	if (points_earning(cx, activity, minutes, &p) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (points)
		*points = p;
	if (p == 0)
		return 0;
	int64_t pool;
	if (pt_system_account(cx, POINTS_HOLDER_POOL, a.unit_id, POINTS_POINTS, &pool) < 0)
		return -1;
	struct points_leg legs[2] = {{pool, -p}, {account_id, p}};
	struct points_movement_in in = {
		.currency = POINTS_POINTS, .kind = "earn", .reason = reason, .link_kind = link_kind,
		.link_id = link_id, .period = period, .unit_id = a.unit_id, .legs = legs, .nlegs = 2,
	};
	return points_post(cx, &in, movement_id);
}

int points_earn(struct ctx *cx, int64_t account_id, const char *activity, int64_t minutes,
		const char *reason, const char *link_kind, int64_t link_id, int64_t *points,
		int64_t *movement_id)
{
	return earn_by_rule(cx, account_id, activity, minutes, reason, link_kind, link_id, NULL, points,
		    movement_id);
}

int pt_earning_preview(struct ctx *cx, const char *activity, int64_t minutes, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int64_t p;
	if (points_earning(cx, activity, minutes, &p) < 0)
		return -1;
	*out = json_pack("{s:s, s:I, s:I}", "activity", activity, "minutes", (json_int_t)minutes,
			 "points", (json_int_t)p);
	return 0;
}

int pt_rules_list(struct ctx *cx, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RULE_COLS " FROM points_rules ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	struct rule *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 0, read_rule, &items, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, rule_json(&items[i]));
	return 0;
}

static bool activity_code(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static const char *const rule_fields[] = {"activity", "name", "points_per_hour", "bonus", "cap",
	"active", "version", NULL};

static void judge_rule(struct ctx *cx, json_t *b, bool create, struct rule *r)
{
	struct err *e = &cx->err;
	if (create) {
		if (pt_jf_str(b, "activity", JF_REQUIRED, L_PT_RULE_ACTIVITY, &r->activity, e) > 0 &&
		    !activity_code(r->activity))
			err_field(e, "activity", "points_activity_code", 0);
	} else if (json_object_get(b, "activity")) {
		err_field(e, "activity", "points_activity_fixed", 0);
	}
	pt_jf_str(b, "name", create ? JF_REQUIRED : 0, L_PT_RULE_NAME, &r->name, e);
	pt_jf_int(b, "points_per_hour", create ? JF_REQUIRED : 0, L_PT_RULE_RATE, &r->points_per_hour, e);
	pt_jf_int(b, "bonus", 0, L_PT_RULE_BONUS, &r->bonus, e);
	pt_jf_int(b, "cap", 0, L_PT_RULE_CAP, &r->cap, e);
	jf_bool(b, "active", 0, &r->active, e);
}

int pt_rule_create(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	struct rule r = {.active = true};
	json_only_fields(body, rule_fields, e);
	if (json_object_get(body, "version"))
		err_field(e, "version", "unknown_field", 0);
	judge_rule(cx, body, true, &r);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO points_rules (activity, name, points_per_hour, bonus, cap, active,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, r.activity);
	store_bind_text(st, 2, r.name);
	store_bind_int64(st, 3, r.points_per_hour);
	store_bind_int64(st, 4, r.bonus);
	store_bind_int64(st, 5, r.cap);
	store_bind_int64(st, 6, r.active);
	store_bind_int64(st, 7, cx->now);
	store_bind_int64(st, 8, cx->now);
	if (ctx_write(cx, st, "activity", "points_activity_taken", NULL) < 0)
		return -1;
	struct rule now;
	if (rule_by(cx, 0, r.activity, &now) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	*out = rule_json(&now);
	if (audit_commit(cx, "points_rule.create", "points_rule", now.id, NULL, *out) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int pt_rule_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	struct rule old, r;
	int f = rule_by(cx, id, NULL, &old);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	r = old;
	int64_t version = 0;
	json_only_fields(body, rule_fields, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge_rule(cx, body, false, &r);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE points_rules SET name = ?, points_per_hour = ?, bonus = ?, cap = ?, active = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, r.name);
	store_bind_int64(st, 2, r.points_per_hour);
	store_bind_int64(st, 3, r.bonus);
	store_bind_int64(st, 4, r.cap);
	store_bind_int64(st, 5, r.active);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, id);
	store_bind_int64(st, 8, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	struct rule now;
	if (rule_by(cx, id, NULL, &now) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *before = rule_json(&old);
	*out = rule_json(&now);
	int rc = audit_commit(cx, "points_rule.update", "points_rule", id, before, *out);
	json_decref(before);
	if (rc < 0)
		json_decref(*out);
	return rc;
}

/* ---- configuration ---- */

static json_t *config_json(const struct pt_config *c)
{
	return json_pack("{s:b, s:I, s:I, s:I, s:o, s:I}", "expiry_enabled", c->expiry_enabled,
			 "expiry_day", (json_int_t)c->expiry_day, "pickup_days",
			 (json_int_t)c->pickup_days, "time_overdraft", (json_int_t)c->time_overdraft,
			 "updated_at", json_time(c->updated_at), "version", (json_int_t)c->version);
}

int pt_config_read(struct ctx *cx, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct pt_config c;
	if (pt_config_get(cx, &c) < 0)
		return -1;
	*out = config_json(&c);
	return 0;
}

int pt_config_update(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	static const char *const fields[] = {"expiry_enabled", "expiry_day", "pickup_days",
		"time_overdraft", "version", NULL};
	struct pt_config old, c;
	if (pt_config_get(cx, &old) < 0)
		return -1;
	c = old;
	int64_t version = 0;
	json_only_fields(body, fields, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	jf_bool(body, "expiry_enabled", 0, &c.expiry_enabled, e);
	if (jf_int(body, "expiry_day", 0, 101, 1231, &c.expiry_day, e) > 0 &&
	    !date_valid(2024 * 10000 + (int)c.expiry_day))
		err_field(e, "expiry_day", "points_expiry_day", 0);
	pt_jf_int(body, "pickup_days", 0, L_PT_PICKUP_DAYS, &c.pickup_days, e);
	pt_jf_int(body, "time_overdraft", 0, L_PT_OVERDRAFT, &c.time_overdraft, e);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE points_config SET expiry_enabled = ?, expiry_day = ?, pickup_days = ?,"
		" time_overdraft = ?, updated_at = ?, version = version + 1 WHERE id = 1 AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, c.expiry_enabled);
	store_bind_int64(st, 2, c.expiry_day);
	store_bind_int64(st, 3, c.pickup_days);
	store_bind_int64(st, 4, c.time_overdraft);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	struct pt_config now;
	if (pt_config_get(cx, &now) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	json_t *before = config_json(&old);
	*out = config_json(&now);
	int rc = audit_commit(cx, "points_config.update", "points_config", 1, before, *out);
	json_decref(before);
	if (rc < 0)
		json_decref(*out);
	return rc;
}

/* ---- accounts ---- */

int pt_accounts_list(struct ctx *cx, const struct pt_account_filter *f, struct points_account **items,
		     size_t *n, int64_t *next)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	const char *like = f->q ? text_like_contains(cx->a, f->q) : NULL;
	/* in id order, never by balance: nobody is ranked */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ACCT_COLS " FROM " ACCT_FROM " WHERE " PT_SEES_SQL("u.path", "a.user_id")
		" AND (? = 0 OR a.user_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR a.currency = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR a.holder_kind = ?)"
		" AND (CAST(? AS TEXT) IS NOT NULL OR ? = 1"
		"  OR a.holder_kind NOT IN ('pool', 'store', 'expiry'))"
		" AND (CAST(? AS BIGINT) IS NULL OR a.holder_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR a.unit_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR lower(a.name) LIKE ? ESCAPE '\\')"
		" AND a.id > ? ORDER BY a.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	pt_bind_sees(cx, st, k);
	k += 4;
	store_bind_int64(st, k++, f->mine);
	store_bind_int64(st, k++, cx->actor.user_id);
	const char *cur = f->currency ? points_currency_name(f->currency) : NULL;
	store_bind_text(st, k++, cur);
	store_bind_text(st, k++, cur);
	store_bind_text(st, k++, f->holder_kind);
	store_bind_text(st, k++, f->holder_kind);
	store_bind_text(st, k++, f->holder_kind);
	store_bind_int64(st, k++, f->include_system);
	store_bind_int64_or_null(st, k++, f->holder_id);
	store_bind_int64(st, k++, f->holder_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_int64(st, k++, f->unit_id);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_account, items, n, next);
}

static const char *const account_fields[] = {"holder_kind", "holder_id", "currency", "user_id",
	"version", NULL};

/* A login that may hold an account: a volunteer's, a resident's or a party member's, in the
 * caller's scope. */
static int judge_user(struct ctx *cx, int64_t user_id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COUNT(*) FROM users u WHERE u.id = ? AND u.role IN ('volunteer', 'resident',"
		" 'party_member') AND " ACCESS_USER_IN_SCOPE_SQL("u.id"));
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	access_bind_scope(cx, st, 2);
	int rc = store_step(st);
	int64_t n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (!n)
		return err_field(&cx->err, "user_id", "points_user_unknown", 0);
	return 0;
}

int pt_account_create(struct ctx *cx, json_t *body, struct points_account *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_POINTS_WRITE, NULL) < 0)
		return -1;
	const char *kind = NULL, *cur = NULL;
	int64_t holder = 0, user = 0;
	json_only_fields(body, account_fields, e);
	if (json_object_get(body, "version"))
		err_field(e, "version", "unknown_field", 0);
	if (jf_str(body, "holder_kind", JF_REQUIRED, 1, 32, &kind, e) > 0 &&
	    strcmp(kind, "resident") != 0 && strcmp(kind, "household") != 0)
		err_field(e, "holder_kind", "points_holder_kind", 0);
	jf_int(body, "holder_id", JF_REQUIRED, 1, INT64_MAX, &holder, e);
	if (jf_str(body, "currency", JF_REQUIRED, 1, 16, &cur, e) > 0 && !points_currency_parse(cur))
		err_field(e, "currency", "points_currency", 0);
	if (jf_int(body, "user_id", JF_NULLABLE, 1, INT64_MAX, &user, e) > 0)
		judge_user(cx, user);
	if (e->code)
		return -1;
	int64_t unit;
	const char *name;
	/* the holder, as the registry lets the caller read it */
	if (strcmp(kind, "resident") == 0) {
		struct resident r;
		if (registry_resident_get(cx, holder, PERM_RESIDENTS_READ, &r) < 0) {
			err_clear(e);
			return err_field(e, "holder_id", "points_holder_unknown", 0);
		}
		unit = r.unit_id;
		name = r.name;
	} else {
		struct household h;
		if (registry_household_get(cx, holder, PERM_RESIDENTS_READ, &h) < 0) {
			err_clear(e);
			return err_field(e, "holder_id", "points_holder_unknown", 0);
		}
		unit = h.unit_id;
		name = arena_printf(cx->a, "%s户", h.head_name && *h.head_name ? h.head_name : h.address);
	}
	const char *path;
	if (pt_unit(cx, unit, &path, NULL, NULL) < 0 || pt_may_keep(cx, path) < 0)
		return -1;
	enum points_currency c = points_currency_parse(cur);
	int64_t id = 0;
	if (account_find(cx, kind, holder, c, &id) < 0)
		return -1;
	if (id) {
		err_field(e, "holder_id", "points_account_exists", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0 || points_account_ensure(cx, kind, holder, c, unit, user, name, &id) < 0)
		return -1;
	if (points_account_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *after = pt_account_json(out);
	int rc = audit_commit(cx, "points_account.create", "points_account", id, NULL, after);
	json_decref(after);
	return rc;
}

int pt_account_update(struct ctx *cx, int64_t id, json_t *body, struct points_account *out)
{
	struct err *e = &cx->err;
	struct points_account old;
	if (pt_account_get(cx, id, &old) < 0 || pt_may_keep(cx, old.unit_path) < 0)
		return -1;
	if (system_holder(old.holder_kind))
		return err_setf(e, ERR_FORBIDDEN, "linli keeps its own accounts");
	static const char *const fields[] = {"user_id", "version", NULL};
	json_only_fields(body, fields, e);
	int64_t version = 0, user = old.user_id;
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	json_t *v = json_object_get(body, "user_id");
	if (v && json_is_null(v))
		user = 0;
	else if (jf_int(body, "user_id", 0, 1, INT64_MAX, &user, e) > 0)
		judge_user(cx, user);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE points_accounts SET user_id = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64_or_null(st, 1, user);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	if (points_account_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *b = pt_account_json(&old), *a = pt_account_json(out);
	int rc = audit_commit(cx, "points_account.update", "points_account", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* ---- movements ---- */

static json_t *legs_json(struct ctx *cx, int64_t movement_id)
{
	json_t *a = json_array();
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT l.account_id, a.holder_kind, a.holder_id, a.name, l.amount, l.balance_after"
		" FROM points_legs l JOIN points_accounts a ON a.id = l.account_id"
		" WHERE l.movement_id = ? ORDER BY l.id");
	if (!st)
		return a;
	store_bind_int64(st, 1, movement_id);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:I, s:s, s:I, s:I}",
			"account_id", (json_int_t)store_col_int64(st, 0),
			"holder_kind", store_col_text(st, 1),
			"holder_id", (json_int_t)store_col_int64(st, 2), "name", store_col_text(st, 3),
			"amount", (json_int_t)store_col_int64(st, 4),
			"balance_after", (json_int_t)store_col_int64(st, 5)));
	store_reset(st);
	return a;
}

#define MOVE_COLS "m.id, m.currency, m.kind, m.reason, m.link_kind, m.link_id, m.reverses_id, " \
	"m.unit_id, u.name, m.operator, m.created_at, " \
	"(SELECT MIN(r.id) FROM points_movements r WHERE r.reverses_id = m.id), u.path"
#define MOVE_FROM "points_movements m JOIN org_units u ON u.id = m.unit_id"

static json_t *movement_row(struct store_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "currency", json_string(store_col_text(st, 1)));
	json_object_set_new(o, "kind", json_string(store_col_text(st, 2)));
	json_object_set_new(o, "reason", json_string(store_col_text(st, 3)));
	json_object_set_new(o, "link_kind", json_string(store_col_text(st, 4)));
	json_object_set_new(o, "link_id", json_integer(store_col_int64(st, 5)));
	int64_t rev = store_col_int64(st, 6), by = store_col_int64(st, 11);
	json_object_set_new(o, "reverses_id", rev ? json_integer(rev) : json_null());
	json_object_set_new(o, "reversed_by", by ? json_integer(by) : json_null());
	json_object_set_new(o, "unit_id", json_integer(store_col_int64(st, 7)));
	json_object_set_new(o, "unit_name", json_string(store_col_text(st, 8)));
	json_object_set_new(o, "operator", json_string(store_col_text(st, 9)));
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 10)));
	return o;
}

json_t *pt_movement_json(struct ctx *cx, int64_t id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " MOVE_COLS " FROM " MOVE_FROM " WHERE m.id = ?");
	if (!st)
		return NULL;
	store_bind_int64(st, 1, id);
	json_t *o = store_step(st) == STORE_ROW ? movement_row(st) : NULL;
	store_reset(st);
	if (o)
		json_object_set_new(o, "legs", legs_json(cx, id));
	return o;
}

/* A movement the caller sees: in their scope, or with a leg on an account of theirs. */
static int movement_visible(struct ctx *cx, int64_t id, char **path)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT u.path, (SELECT COUNT(*) FROM points_legs l JOIN points_accounts a"
		" ON a.id = l.account_id WHERE l.movement_id = m.id AND a.user_id = ?)"
		" FROM " MOVE_FROM " WHERE m.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->actor.user_id ? cx->actor.user_id : -1);
	store_bind_int64(st, 2, id);
	int rc = store_step(st);
	bool ok = false;
	if (rc == STORE_ROW) {
		*path = arena_strdup(cx->a, store_col_text(st, 0));
		ok = store_col_int64(st, 1) > 0 || pt_sees(cx, *path, 0);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return ok ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int pt_movement_get(struct ctx *cx, int64_t id, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	char *path;
	if (movement_visible(cx, id, &path) < 0)
		return -1;
	*out = pt_movement_json(cx, id);
	return *out ? 0 : ctx_store_error(cx);
}

int pt_movements_list(struct ctx *cx, int currency, const char *kind, int64_t unit_id,
		      const char *link_kind, int64_t link_id, int limit, int64_t cursor,
		      json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_POINTS_READ, NULL) < 0)
		return -1;
	const char *cur = currency ? points_currency_name(currency) : NULL;
	/* the newest first */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " MOVE_COLS " FROM " MOVE_FROM " WHERE " PT_SEES_SQL("u.path", "0")
		" AND (CAST(? AS TEXT) IS NULL OR m.currency = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR m.kind = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR m.unit_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR (m.link_kind = ? AND m.link_id = ?))"
		" AND (? = 0 OR m.id < ?) ORDER BY m.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	pt_bind_sees(cx, st, k);
	k += 4;
	store_bind_text(st, k++, cur);
	store_bind_text(st, k++, cur);
	store_bind_text(st, k++, kind);
	store_bind_text(st, k++, kind);
	store_bind_int64_or_null(st, k++, unit_id);
	store_bind_int64(st, k++, unit_id);
	store_bind_text(st, k++, link_kind);
	store_bind_text(st, k++, link_kind);
	store_bind_int64(st, k++, link_id);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, limit + 1);
	if (pt_page(cx, st, limit, movement_row, items, next) < 0)
		return -1;
	size_t i;
	json_t *o;
	json_array_foreach(*items, i, o)
		json_object_set_new(o, "legs", legs_json(cx, json_integer_value(json_object_get(o, "id"))));
	return 0;
}

static json_t *leg_row(struct store_stmt *st)
{
	int64_t rev = store_col_int64(st, 8);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "amount", json_integer(store_col_int64(st, 1)));
	json_object_set_new(o, "balance_after", json_integer(store_col_int64(st, 2)));
	json_object_set_new(o, "movement_id", json_integer(store_col_int64(st, 3)));
	json_object_set_new(o, "kind", json_string(store_col_text(st, 4)));
	json_object_set_new(o, "reason", json_string(store_col_text(st, 5)));
	json_object_set_new(o, "link_kind", json_string(store_col_text(st, 6)));
	json_object_set_new(o, "link_id", json_integer(store_col_int64(st, 7)));
	json_object_set_new(o, "reverses_id", rev ? json_integer(rev) : json_null());
	json_object_set_new(o, "operator", json_string(store_col_text(st, 9)));
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 10)));
	return o;
}

int pt_account_legs(struct ctx *cx, int64_t id, int limit, int64_t cursor, json_t **items,
		    int64_t *next)
{
	struct points_account a;
	if (pt_account_get(cx, id, &a) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT l.id, l.amount, l.balance_after, m.id, m.kind, m.reason, m.link_kind,"
		" m.link_id, m.reverses_id, m.operator, m.created_at FROM points_legs l"
		" JOIN points_movements m ON m.id = l.movement_id WHERE l.account_id = ?"
		" AND (? = 0 OR l.id < ?) ORDER BY l.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, cursor);
	store_bind_int64(st, 3, cursor);
	store_bind_int64(st, 4, limit + 1);
	return pt_page(cx, st, limit, leg_row, items, next);
}

static const char *const movement_fields[] = {"kind", "account_id", "activity", "minutes",
	"amount", "reason", "link_kind", "link_id", NULL};

/* Staff post an earning by rule (kind earn) or an adjustment of a holder's points (kind
 * adjust, ± amount) against their unit's pool. */
int pt_movement_create(struct ctx *cx, json_t *body, json_t **out, int *status)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_POINTS_WRITE, NULL) < 0)
		return -1;
	const char *kind = NULL, *activity = NULL, *reason = NULL, *link_kind = NULL;
	int64_t account = 0, minutes = 0, amount = 0, link_id = 0;
	json_only_fields(body, movement_fields, e);
	if (jf_str(body, "kind", JF_REQUIRED, 1, 16, &kind, e) > 0 && strcmp(kind, "earn") != 0 &&
	    strcmp(kind, "adjust") != 0)
		err_field(e, "kind", "points_movement_kind", 0);
	jf_int(body, "account_id", JF_REQUIRED, 1, INT64_MAX, &account, e);
	pt_jf_str(body, "reason", JF_REQUIRED, L_PT_REASON, &reason, e);
	bool earn = kind && strcmp(kind, "earn") == 0;
	if (kind && !e->code) {
		if (earn) {
			pt_jf_str(body, "activity", JF_REQUIRED, L_PT_RULE_ACTIVITY, &activity, e);
			pt_jf_int(body, "minutes", JF_REQUIRED, L_PT_MINUTES, &minutes, e);
			if (json_object_get(body, "amount"))
				err_field(e, "amount", "unknown_field", 0);
		} else {
			if (jf_int(body, "amount", JF_REQUIRED, -points_limits[L_PT_AMOUNT].max,
				   points_limits[L_PT_AMOUNT].max, &amount, e) > 0 && amount == 0)
				err_field(e, "amount", "points_amount_zero", 0);
			if (json_object_get(body, "activity"))
				err_field(e, "activity", "unknown_field", 0);
			if (json_object_get(body, "minutes"))
				err_field(e, "minutes", "unknown_field", 0);
		}
	}
	if (jf_str(body, "link_kind", 0, 1, 32, &link_kind, e) > 0 && !activity_code(link_kind))
		err_field(e, "link_kind", "points_activity_code", 0);
	jf_int(body, "link_id", link_kind ? JF_REQUIRED : 0, 1, INT64_MAX, &link_id, e);
	if (!link_kind && json_object_get(body, "link_id"))
		err_field(e, "link_kind", "required", 0);
	if (e->code)
		return -1;
	struct points_account a;
	if (pt_account_get(cx, account, &a) < 0) {
		err_clear(e);
		return err_field(e, "account_id", "points_account_unknown", 0);
	}
	if (pt_may_keep(cx, a.unit_path) < 0)
		return -1;
	if (a.currency != POINTS_POINTS || system_holder(a.holder_kind))
		return err_field(e, "account_id", "points_account_not_points", 0);
	int64_t p = 0;
	if (earn && points_earning(cx, activity, minutes, &p) < 0)
		return -1;
	if (earn && p == 0)
		return err_field(e, "minutes", "points_nothing_earned", 0);
	/* without a link, an entry of its own: a key nobody else has */
	char key[64];
	const char *period = NULL;
	if (!link_kind) {
		link_kind = "points_entry";
		link_id = account;
		crypto_token(key, sizeof key, "");
		period = key;
	}
	if (ctx_begin(cx) < 0)
		return -1;
	int64_t mid = 0;
	int posted;
	if (earn) {
		posted = earn_by_rule(cx, account, activity, minutes, reason, link_kind, link_id, period, NULL,
			      &mid);
	} else {
		int64_t pool;
		if (pt_system_account(cx, POINTS_HOLDER_POOL, a.unit_id, POINTS_POINTS, &pool) < 0)
			return -1;
		struct points_leg legs[2] = {{pool, -amount}, {account, amount}};
		struct points_movement_in in = {
			.currency = POINTS_POINTS, .kind = "adjust", .reason = reason,
			.link_kind = link_kind, .link_id = link_id, .period = period,
			.unit_id = a.unit_id, .legs = legs, .nlegs = 2,
		};
		posted = points_post(cx, &in, &mid);
	}
	if (posted < 0)
		return -1;
	*out = pt_movement_json(cx, mid);
	if (!*out) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	*status = posted ? 201 : 200;
	if (!posted) {
		ctx_rollback(cx);
		return 0;
	}
	if (audit_commit(cx, "points_movement.create", "points_movement", mid, NULL, *out) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int pt_movement_reverse(struct ctx *cx, int64_t id, json_t *body, json_t **out, int *status)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	char *path;
	if (movement_visible(cx, id, &path) < 0 || pt_may_keep(cx, path) < 0)
		return -1;
	static const char *const fields[] = {"reason", NULL};
	const char *reason = NULL;
	json_only_fields(body, fields, e);
	pt_jf_str(body, "reason", JF_REQUIRED, L_PT_REASON, &reason, e);
	if (e->code)
		return -1;
	json_t *m = pt_movement_json(cx, id);
	if (!m)
		return ctx_store_error(cx);
	const char *kind = json_string_value(json_object_get(m, "kind"));
	/* the store's and the time bank's movements are undone by their own cancellation */
	if (strcmp(kind, "earn") != 0 && strcmp(kind, "adjust") != 0 && strcmp(kind, "expire") != 0) {
		json_decref(m);
		err_field(e, "kind", "points_not_reversible", 0);
		return err_set(e, ERR_CONFLICT);
	}
	json_t *legs = json_object_get(m, "legs");
	struct points_leg l[POINTS_MAX_LEGS];
	size_t n = json_array_size(legs);
	for (size_t i = 0; i < n && i < POINTS_MAX_LEGS; i++) {
		json_t *x = json_array_get(legs, i);
		l[i].account_id = json_integer_value(json_object_get(x, "account_id"));
		l[i].amount = -json_integer_value(json_object_get(x, "amount"));
	}
	struct points_movement_in in = {
		.currency = points_currency_parse(json_string_value(json_object_get(m, "currency"))),
		.kind = "reverse", .reason = reason, .link_kind = "points_movement", .link_id = id,
		.reverses_id = id, .unit_id = json_integer_value(json_object_get(m, "unit_id")),
		.legs = l, .nlegs = n,
	};
	json_decref(m);
	if (ctx_begin(cx) < 0)
		return -1;
	int64_t mid;
	int posted = points_post(cx, &in, &mid);
	if (posted < 0)
		return -1;
	*out = pt_movement_json(cx, mid);
	if (!*out) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	*status = posted ? 201 : 200;
	if (!posted) {
		ctx_rollback(cx);
		return 0;
	}
	if (audit_commit(cx, "points_movement.reverse", "points_movement", mid, NULL, *out) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

/* ---- expiry ---- */

int64_t pt_expire(struct ctx *cx, int64_t before, const char *period)
{
	int64_t cursor = 0, done = 0;
	for (;;) {
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT a.id, a.unit_id FROM points_accounts a WHERE a.currency = 'points'"
			" AND a.floor IS NOT NULL AND a.balance > 0 AND a.id > ? ORDER BY a.id LIMIT 500");
		if (!st)
			return ctx_store_error(cx);
		store_bind_int64(st, 1, cursor);
		int64_t ids[500], units[500];
		int n = 0, rc;
		while ((rc = store_step(st)) == STORE_ROW && n < 500) {
			ids[n] = store_col_int64(st, 0);
			units[n++] = store_col_int64(st, 1);
		}
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_store_error(cx);
		for (int i = 0; i < n; i++) {
			if (ctx_begin(cx) < 0)
				return -1;
			/* what stays: what came in since `before`; the older points were spent first */
			int64_t balance = 0, kept = 0;
			if (store_query_int64(cx->db, "SELECT balance FROM points_accounts WHERE id = ?",
					      &balance, 1, ids[i]) < 0 ||
			    store_query_int64(cx->db, "SELECT COALESCE(SUM(amount), 0) FROM points_legs"
					      " WHERE account_id = ? AND amount > 0 AND created_at >= ?",
					      &kept, 2, ids[i], before) < 0)
				return ctx_fail(cx);
			int64_t gone = balance - kept, sink, mid;
			if (gone <= 0) {
				ctx_rollback(cx);
				continue;
			}
			if (pt_system_account(cx, POINTS_HOLDER_EXPIRY, units[i], POINTS_POINTS, &sink) < 0)
				return -1;
			struct points_leg legs[2] = {{ids[i], -gone}, {sink, gone}};
			struct points_movement_in in = {
				.currency = POINTS_POINTS, .kind = "expire", .reason = "积分到期",
				.link_kind = "points_account", .link_id = ids[i], .period = period,
				.unit_id = units[i], .legs = legs, .nlegs = 2,
			};
			int posted = points_post(cx, &in, &mid);
			if (posted < 0) {
				/* spent meanwhile: the next run looks again */
				err_clear(&cx->err);
				continue;
			}
			if (ctx_commit(cx) < 0)
				return -1;
			done += posted;
		}
		if (n < 500)
			return done;
		cursor = ids[n - 1];
	}
}

int pt_expire_run(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	static const char *const fields[] = {"before", NULL};
	json_only_fields(body, fields, e);
	const char *s = NULL;
	int year = date_of_time(cx->now) / 10000;
	int64_t before = date_midnight((year - 1) * 10000 + 101);
	if (jf_str(body, "before", 0, 1, 40, &s, e) > 0) {
		if (clock_parse_iso(s, &before) < 0)
			err_field(e, "before", "points_time", 0);
		else if (before > cx->now)
			err_field(e, "before", "points_expiry_future", 0);
	}
	if (e->code)
		return -1;
	int64_t n = pt_expire(cx, before, arena_printf(cx->a, "before-%lld", (long long)before));
	if (n < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	*out = json_pack("{s:o, s:I}", "before", json_time(before), "accounts", (json_int_t)n);
	if (audit_commit(cx, "points.expire", "points_config", 1, NULL, *out) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int64_t points_expiry_job(struct store *db, int64_t now)
{
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	cx.actor.username = "linli";
	int64_t total = 0;
	struct pt_config c;
	int today = date_of_time(now), year = today / 10000;
	int64_t done_year = 0;
	if (pt_config_get(&cx, &c) < 0 ||
	    store_query_int64(db, "SELECT expiry_year FROM points_config WHERE id = 1", &done_year, 0) < 0)
		total = -1;
	else if (c.expiry_enabled && today % 10000 >= c.expiry_day && done_year < year) {
		total = pt_expire(&cx, date_midnight((year - 1) * 10000 + 101),
				  arena_printf(cx.a, "%d", year));
		if (total >= 0 && store_query_int64(db, "UPDATE points_config SET expiry_year = ?"
						    " WHERE id = 1 RETURNING id", &done_year, 1,
						    (int64_t)year) < 0)
			total = -1;
	}
	arena_free(cx.a);
	return total;
}

/* ---- the check ---- */

int pt_check(struct ctx *cx, json_t **out)
{
	if (access_require(cx, PERM_SETTINGS_READ, NULL) < 0)
		return -1;
	if (!access_is_global(cx))
		return err_setf(&cx->err, ERR_FORBIDDEN, "the ledger's check is the administrators'");
	int64_t off = 0, low = 0, unbalanced = 0, mixed = 0, totals = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM points_accounts a WHERE a.balance <>"
			      " COALESCE((SELECT SUM(l.amount) FROM points_legs l WHERE"
			      " l.account_id = a.id), 0)", &off, 0) < 0 ||
	    store_query_int64(cx->db, "SELECT COUNT(*) FROM points_accounts WHERE floor IS NOT NULL"
			      " AND balance < floor", &low, 0) < 0 ||
	    store_query_int64(cx->db, "SELECT COUNT(*) FROM points_movements m WHERE"
			      " (SELECT COUNT(*) FROM points_legs l WHERE l.movement_id = m.id) < 2"
			      " OR (SELECT SUM(l.amount) FROM points_legs l WHERE l.movement_id = m.id) <> 0",
			      &unbalanced, 0) < 0 ||
	    store_query_int64(cx->db, "SELECT COUNT(*) FROM points_legs l JOIN points_movements m"
			      " ON m.id = l.movement_id JOIN points_accounts a ON a.id = l.account_id"
			      " WHERE a.currency <> m.currency", &mixed, 0) < 0 ||
	    /* the dashboard's totals (points_totals), each unit's months together, against the legs */
	    store_query_int64(cx->db, "WITH re AS (SELECT a.unit_id,"
			      " SUM(CASE WHEN m.kind = 'earn' OR (m.kind = 'reverse' AND r.kind = 'earn')"
			      "  THEN l.amount ELSE 0 END) AS issued,"
			      " SUM(CASE WHEN m.kind IN ('redeem', 'refund') THEN -l.amount ELSE 0 END) AS redeemed"
			      " FROM points_legs l JOIN points_movements m ON m.id = l.movement_id"
			      " LEFT JOIN points_movements r ON r.id = m.reverses_id"
			      " JOIN points_accounts a ON a.id = l.account_id WHERE m.currency = 'points'"
			      " AND a.holder_kind NOT IN ('pool', 'store', 'expiry')"
			      " AND (m.kind IN ('earn', 'redeem', 'refund') OR (m.kind = 'reverse' AND r.kind = 'earn'))"
			      " GROUP BY a.unit_id),"
			      " kept AS (SELECT unit_id, SUM(issued) AS issued, SUM(redeemed) AS redeemed"
			      " FROM points_totals GROUP BY unit_id)"
			      " SELECT (SELECT COUNT(*) FROM (SELECT * FROM re EXCEPT SELECT * FROM kept) x)"
			      " + (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM re) y)",
			      &totals, 0) < 0)
		return ctx_store_error(cx);
	json_t *cur = json_object();
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT currency, COALESCE(SUM(balance), 0), COUNT(*) FROM points_accounts"
		" GROUP BY currency ORDER BY currency");
	if (!st)
		return ctx_store_error(cx);
	bool zero = true;
	while (store_step(st) == STORE_ROW) {
		int64_t sum = store_col_int64(st, 1);
		zero = zero && sum == 0;
		json_object_set_new(cur, store_col_text(st, 0), json_pack("{s:I, s:I}", "sum",
			(json_int_t)sum, "accounts", (json_int_t)store_col_int64(st, 2)));
	}
	store_reset(st);
	*out = json_pack("{s:b, s:o, s:I, s:I, s:I, s:I, s:I}", "ok",
			 zero && !off && !low && !unbalanced && !mixed && !totals, "currencies", cur,
			 "accounts_off", (json_int_t)off, "below_floor", (json_int_t)low,
			 "movements_unbalanced", (json_int_t)unbalanced, "legs_mixed", (json_int_t)mixed,
			 "totals_off", (json_int_t)totals);
	return 0;
}
