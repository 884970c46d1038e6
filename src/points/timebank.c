/* The time bank (服务兑换服务): holders offer and request services; an exchange between two
 * holders of one street completes when both sides have confirmed it, and then the receiver's
 * time credits (minutes) go to the provider, in the ledger's currency `time`. */
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "points/internal.h"

/* ---- offers ---- */

#define OFFER_COLS "o.id, o.kind, o.account_id, a.name, o.unit_id, u.name, o.title, o.description, " \
	"o.minutes, o.status, o.created_at, o.updated_at, o.version, u.path, a.user_id, o.street_id"
#define OFFER_FROM "timebank_offers o JOIN points_accounts a ON a.id = o.account_id" \
	" JOIN org_units u ON u.id = o.unit_id"
/* staff in scope and the holder; and every holder of a time account in the same street */
#define OFFER_SEEN_SQL "(" PT_SEES_SQL("u.path", "a.user_id") " OR EXISTS (SELECT 1 FROM" \
	" points_accounts ha WHERE ha.user_id = ? AND ha.currency = 'time'" \
	" AND ha.street_id = o.street_id))"

static void bind_offer_seen(const struct ctx *cx, struct store_stmt *st, int k)
{
	pt_bind_sees(cx, st, k);
	store_bind_int64(st, k + 4, cx->actor.user_id ? cx->actor.user_id : -1);
}

static json_t *offer_row(struct store_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "kind", json_string(store_col_text(st, 1)));
	json_object_set_new(o, "account_id", json_integer(store_col_int64(st, 2)));
	json_object_set_new(o, "holder_name", json_string(store_col_text(st, 3)));
	json_object_set_new(o, "unit_id", json_integer(store_col_int64(st, 4)));
	json_object_set_new(o, "unit_name", json_string(store_col_text(st, 5)));
	json_object_set_new(o, "title", json_string(store_col_text(st, 6)));
	json_object_set_new(o, "description", json_string(store_col_text(st, 7)));
	json_object_set_new(o, "minutes", json_integer(store_col_int64(st, 8)));
	json_object_set_new(o, "status", json_string(store_col_text(st, 9)));
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 10)));
	json_object_set_new(o, "updated_at", json_time(store_col_int64(st, 11)));
	json_object_set_new(o, "version", json_integer(store_col_int64(st, 12)));
	return o;
}

struct offer {
	json_t *json;
	int64_t id, account_id, user_id, street_id, minutes;
	const char *kind, *status, *path;
};

static int offer_fetch(struct ctx *cx, int64_t id, struct offer *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " OFFER_COLS " FROM " OFFER_FROM " WHERE o.id = ? AND " OFFER_SEEN_SQL);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	bind_offer_seen(cx, st, 2);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->json = offer_row(st);
		out->id = id;
		out->kind = arena_strdup(cx->a, store_col_text(st, 1));
		out->account_id = store_col_int64(st, 2);
		out->minutes = store_col_int64(st, 8);
		out->status = arena_strdup(cx->a, store_col_text(st, 9));
		out->path = arena_strdup(cx->a, store_col_text(st, 13));
		out->user_id = store_col_int64(st, 14);
		out->street_id = store_col_int64(st, 15);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int pt_offers_list(struct ctx *cx, const char *kind, const char *status, int64_t account_id,
		   int limit, int64_t cursor, json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " OFFER_COLS " FROM " OFFER_FROM " WHERE " OFFER_SEEN_SQL
		" AND (CAST(? AS TEXT) IS NULL OR o.kind = ?) AND (CAST(? AS TEXT) IS NULL OR o.status = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR o.account_id = ?)"
		" AND (? = 0 OR o.id < ?) ORDER BY o.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	bind_offer_seen(cx, st, k);
	k += 5;
	store_bind_text(st, k++, kind);
	store_bind_text(st, k++, kind);
	store_bind_text(st, k++, status);
	store_bind_text(st, k++, status);
	store_bind_int64_or_null(st, k++, account_id);
	store_bind_int64(st, k++, account_id);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, limit + 1);
	return pt_page(cx, st, limit, offer_row, items, next);
}

/* The caller's own time account, or the one named when they may keep it: 0 with *a, or -1
 * (a field error on `field`). */
static int time_account(struct ctx *cx, int64_t id, const char *field, struct points_account *a)
{
	struct err *e = &cx->err;
	if (!id) {
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT MIN(id) FROM points_accounts WHERE user_id = ? AND currency = 'time'");
		if (!st)
			return ctx_store_error(cx);
		store_bind_int64(st, 1, cx->actor.user_id ? cx->actor.user_id : -1);
		if (store_step(st) == STORE_ROW)
			id = store_col_int64(st, 0);
		store_reset(st);
		if (!id)
			return err_field(e, field, "required", 0);
	}
	if (pt_account_get(cx, id, a) < 0) {
		err_clear(e);
		return err_field(e, field, "points_account_unknown", 0);
	}
	if (a->currency != POINTS_TIME || !a->has_floor)
		return err_field(e, field, "timebank_account_not_time", 0);
	if (a->user_id != cx->actor.user_id && pt_may_keep(cx, a->unit_path) < 0)
		return -1;
	return 0;
}

static const char *const offer_fields[] = {"kind", "account_id", "title", "description",
	"minutes", "status", "version", NULL};

int pt_offer_create(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	const char *kind = NULL, *title = NULL, *description = "";
	int64_t account = 0, minutes = 0;
	json_only_fields(body, offer_fields, e);
	for (const char *const *f = (const char *const[]){"status", "version", NULL}; *f; f++)
		if (json_object_get(body, *f))
			err_field(e, *f, "unknown_field", 0);
	if (jf_str(body, "kind", JF_REQUIRED, 1, 16, &kind, e) > 0 && strcmp(kind, "offer") != 0 &&
	    strcmp(kind, "request") != 0)
		err_field(e, "kind", "timebank_kind", 0);
	jf_int(body, "account_id", 0, 1, INT64_MAX, &account, e);
	pt_jf_str(body, "title", JF_REQUIRED, L_TB_TITLE, &title, e);
	pt_jf_str(body, "description", JF_MULTILINE, L_TB_DESCRIPTION, &description, e);
	pt_jf_int(body, "minutes", JF_REQUIRED, L_TB_MINUTES, &minutes, e);
	if (e->code)
		return -1;
	struct points_account a;
	if (time_account(cx, account, "account_id", &a) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO timebank_offers (kind, account_id, unit_id, street_id, title, description,"
		" minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, kind);
	store_bind_int64(st, 2, a.id);
	store_bind_int64(st, 3, a.unit_id);
	store_bind_int64_or_null(st, 4, a.street_id);
	store_bind_text(st, 5, title);
	store_bind_text(st, 6, description);
	store_bind_int64(st, 7, minutes);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR || !id)
		return ctx_fail(cx);
	struct offer o;
	if (offer_fetch(cx, id, &o) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (audit_commit(cx, "timebank_offer.create", "timebank_offer", id, NULL, o.json) < 0) {
		json_decref(o.json);
		return -1;
	}
	*out = o.json;
	return 0;
}

int pt_offer_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct offer old;
	if (offer_fetch(cx, id, &old) < 0)
		return -1;
	if (old.user_id != cx->actor.user_id && pt_may_keep(cx, old.path) < 0) {
		json_decref(old.json);
		return -1;
	}
	const char *title = json_string_value(json_object_get(old.json, "title"));
	const char *description = json_string_value(json_object_get(old.json, "description"));
	const char *status = old.status;
	int64_t minutes = old.minutes, version = 0;
	json_only_fields(body, offer_fields, e);
	for (const char *const *f = (const char *const[]){"kind", "account_id", NULL}; *f; f++)
		if (json_object_get(body, *f))
			err_field(e, *f, "points_goods_fixed", 0);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	pt_jf_str(body, "title", 0, L_TB_TITLE, &title, e);
	pt_jf_str(body, "description", JF_MULTILINE, L_TB_DESCRIPTION, &description, e);
	pt_jf_int(body, "minutes", 0, L_TB_MINUTES, &minutes, e);
	if (jf_str(body, "status", 0, 1, 16, &status, e) > 0 && strcmp(status, "open") != 0 &&
	    strcmp(status, "closed") != 0)
		err_field(e, "status", "timebank_offer_status", 0);
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(old.json);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE timebank_offers SET title = ?, description = ?, minutes = ?, status = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(old.json);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, title);
	store_bind_text(st, 2, description);
	store_bind_int64(st, 3, minutes);
	store_bind_text(st, 4, status);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, id);
	store_bind_int64(st, 7, version);
	struct offer now;
	if (ctx_write_version(cx, st) < 0 || offer_fetch(cx, id, &now) < 0) {
		ctx_rollback(cx);
		json_decref(old.json);
		return -1;
	}
	int rc = audit_commit(cx, "timebank_offer.update", "timebank_offer", id, old.json, now.json);
	json_decref(old.json);
	if (rc < 0) {
		json_decref(now.json);
		return -1;
	}
	*out = now.json;
	return 0;
}

/* ---- exchanges ---- */

#define EX_COLS "x.id, x.offer_id, o.title, o.kind, x.provider_id, pa.name, x.receiver_id, ra.name, " \
	"x.provider_unit_id, pu.name, x.receiver_unit_id, ru.name, x.minutes, x.note, x.status, " \
	"x.provider_confirmed_at, x.receiver_confirmed_at, x.movement_id, x.created_at, x.updated_at, " \
	"x.version, pu.path, ru.path, pa.user_id, ra.user_id"
#define EX_FROM "timebank_exchanges x JOIN timebank_offers o ON o.id = x.offer_id" \
	" JOIN points_accounts pa ON pa.id = x.provider_id JOIN points_accounts ra ON ra.id = x.receiver_id" \
	" JOIN org_units pu ON pu.id = x.provider_unit_id JOIN org_units ru ON ru.id = x.receiver_unit_id"
#define EX_SEEN_SQL "(" PT_SEES_SQL("pu.path", "pa.user_id") " OR " PT_SEES_SQL("ru.path", "ra.user_id") ")"

static json_t *ex_row(struct store_stmt *st)
{
	json_t *o = json_object();
	int64_t mid = store_col_int64(st, 17);
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "offer_id", json_integer(store_col_int64(st, 1)));
	json_object_set_new(o, "title", json_string(store_col_text(st, 2)));
	json_object_set_new(o, "offer_kind", json_string(store_col_text(st, 3)));
	json_object_set_new(o, "provider", json_pack("{s:I, s:s, s:I, s:s, s:o}",
		"account_id", (json_int_t)store_col_int64(st, 4), "name", store_col_text(st, 5),
		"unit_id", (json_int_t)store_col_int64(st, 8), "unit_name", store_col_text(st, 9),
		"confirmed_at", json_time(store_col_int64(st, 15))));
	json_object_set_new(o, "receiver", json_pack("{s:I, s:s, s:I, s:s, s:o}",
		"account_id", (json_int_t)store_col_int64(st, 6), "name", store_col_text(st, 7),
		"unit_id", (json_int_t)store_col_int64(st, 10), "unit_name", store_col_text(st, 11),
		"confirmed_at", json_time(store_col_int64(st, 16))));
	json_object_set_new(o, "minutes", json_integer(store_col_int64(st, 12)));
	json_object_set_new(o, "note", json_string(store_col_text(st, 13)));
	json_object_set_new(o, "status", json_string(store_col_text(st, 14)));
	json_object_set_new(o, "movement_id", mid ? json_integer(mid) : json_null());
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 18)));
	json_object_set_new(o, "updated_at", json_time(store_col_int64(st, 19)));
	json_object_set_new(o, "version", json_integer(store_col_int64(st, 20)));
	return o;
}

struct ex {
	json_t *json;
	int64_t id, provider, receiver, provider_unit, minutes, version;
	int64_t provider_user, receiver_user, provider_at, receiver_at;
	const char *status, *provider_path, *receiver_path;
};

static int ex_fetch(struct ctx *cx, int64_t id, struct ex *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " EX_COLS " FROM " EX_FROM " WHERE x.id = ? AND " EX_SEEN_SQL);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	pt_bind_sees(cx, st, 2);
	pt_bind_sees(cx, st, 6);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->json = ex_row(st);
		out->id = id;
		out->provider = store_col_int64(st, 4);
		out->receiver = store_col_int64(st, 6);
		out->provider_unit = store_col_int64(st, 8);
		out->minutes = store_col_int64(st, 12);
		out->status = arena_strdup(cx->a, store_col_text(st, 14));
		out->provider_at = store_col_int64(st, 15);
		out->receiver_at = store_col_int64(st, 16);
		out->version = store_col_int64(st, 20);
		out->provider_path = arena_strdup(cx->a, store_col_text(st, 21));
		out->receiver_path = arena_strdup(cx->a, store_col_text(st, 22));
		out->provider_user = store_col_int64(st, 23);
		out->receiver_user = store_col_int64(st, 24);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int pt_exchange_get(struct ctx *cx, int64_t id, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct ex x;
	if (ex_fetch(cx, id, &x) < 0)
		return -1;
	*out = x.json;
	return 0;
}

int pt_exchanges_list(struct ctx *cx, const char *status, int64_t account_id, int limit,
		      int64_t cursor, json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " EX_COLS " FROM " EX_FROM " WHERE " EX_SEEN_SQL
		" AND (CAST(? AS TEXT) IS NULL OR x.status = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR x.provider_id = ? OR x.receiver_id = ?)"
		" AND (? = 0 OR x.id < ?) ORDER BY x.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	pt_bind_sees(cx, st, 1);
	pt_bind_sees(cx, st, 5);
	int k = 9;
	store_bind_text(st, k++, status);
	store_bind_text(st, k++, status);
	store_bind_int64_or_null(st, k++, account_id);
	store_bind_int64(st, k++, account_id);
	store_bind_int64(st, k++, account_id);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, limit + 1);
	return pt_page(cx, st, limit, ex_row, items, next);
}

int pt_exchange_create(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	static const char *const fields[] = {"offer_id", "account_id", "minutes", "note", NULL};
	int64_t offer_id = 0, account = 0, minutes = 0;
	const char *note = "";
	json_only_fields(body, fields, e);
	jf_int(body, "offer_id", JF_REQUIRED, 1, INT64_MAX, &offer_id, e);
	jf_int(body, "account_id", 0, 1, INT64_MAX, &account, e);
	pt_jf_int(body, "minutes", 0, L_TB_MINUTES, &minutes, e);
	pt_jf_str(body, "note", 0, L_TB_NOTE, &note, e);
	if (e->code)
		return -1;
	struct offer o;
	if (offer_fetch(cx, offer_id, &o) < 0) {
		err_clear(e);
		return err_field(e, "offer_id", "timebank_offer_unknown", 0);
	}
	json_decref(o.json);
	if (strcmp(o.status, "open") != 0)
		return err_field(e, "offer_id", "timebank_offer_closed", 0);
	struct points_account other, mine;
	if (time_account(cx, account, "account_id", &other) < 0)
		return -1;
	if (other.id == o.account_id)
		return err_field(e, "account_id", "timebank_same_holder", 0);
	if (points_account_by_id(cx, o.account_id, &mine) != 1)
		return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
	/* within one street, across its communities */
	if (!other.street_id || other.street_id != mine.street_id)
		return err_field(e, "account_id", "timebank_other_street", 0);
	bool offered = strcmp(o.kind, "offer") == 0;
	const struct points_account *prov = offered ? &mine : &other, *recv = offered ? &other : &mine;
	if (!minutes)
		minutes = o.minutes;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO timebank_exchanges (offer_id, provider_id, receiver_id, provider_unit_id,"
		" receiver_unit_id, minutes, note, status, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, offer_id);
	store_bind_int64(st, 2, prov->id);
	store_bind_int64(st, 3, recv->id);
	store_bind_int64(st, 4, prov->unit_id);
	store_bind_int64(st, 5, recv->unit_id);
	store_bind_int64(st, 6, minutes);
	store_bind_text(st, 7, note);
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_int64(st, 9, cx->now);
	store_bind_int64(st, 10, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR || !id)
		return ctx_fail(cx);
	struct ex x;
	if (ex_fetch(cx, id, &x) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (audit_commit(cx, "timebank_exchange.create", "timebank_exchange", id, NULL, x.json) < 0) {
		json_decref(x.json);
		return -1;
	}
	*out = x.json;
	return 0;
}

/* Which side the caller may confirm or cancel for: their own, or (staff) the one named. */
static int side_of(struct ctx *cx, const struct ex *x, const char *named, bool *provider)
{
	struct err *e = &cx->err;
	bool own_p = x->provider_user && x->provider_user == cx->actor.user_id;
	bool own_r = x->receiver_user && x->receiver_user == cx->actor.user_id;
	if (named && strcmp(named, "provider") != 0 && strcmp(named, "receiver") != 0)
		return err_field(e, "side", "timebank_side", 0);
	if (named) {
		*provider = strcmp(named, "provider") == 0;
		if ((*provider && own_p) || (!*provider && own_r))
			return 0;
		return pt_may_keep(cx, *provider ? x->provider_path : x->receiver_path);
	}
	if (own_p != own_r) {
		*provider = own_p;
		return 0;
	}
	return err_field(e, "side", "required", 0);
}

/* What a confirmation or a cancellation carries, the exchange and the caller's side: 0, or -1. */
static int side_read(struct ctx *cx, int64_t id, json_t *body, struct ex *x, int64_t *version,
		     bool *prov)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	static const char *const fields[] = {"side", "version", NULL};
	const char *side = NULL;
	*version = 0;
	*prov = false;
	json_only_fields(body, fields, e);
	jf_str(body, "side", 0, 1, 16, &side, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, version, e);
	if (e->code || ex_fetch(cx, id, x) < 0)
		return -1;
	if (side_of(cx, x, side, prov) < 0) {
		json_decref(x->json);
		return -1;
	}
	return 0;
}

int pt_exchange_confirm(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	struct ex x;
	int64_t version;
	bool prov;
	if (side_read(cx, id, body, &x, &version, &prov) < 0)
		return -1;
	json_t *before = x.json;
	if (strcmp(x.status, "proposed") != 0 || (prov ? x.provider_at : x.receiver_at)) {
		json_decref(before);
		err_field(e, strcmp(x.status, "proposed") != 0 ? "status" : "side",
			  strcmp(x.status, "proposed") != 0 ? "timebank_not_proposed" : "timebank_confirmed",
			  0);
		return err_set(e, ERR_CONFLICT);
	}
	bool both = prov ? x.receiver_at != 0 : x.provider_at != 0;
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = prov ?
		store_prepare(cx->db, "UPDATE timebank_exchanges SET provider_confirmed_at = ?,"
			      " updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"
			      " AND status = 'proposed' AND provider_confirmed_at IS NULL") :
		store_prepare(cx->db, "UPDATE timebank_exchanges SET receiver_confirmed_at = ?,"
			      " updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"
			      " AND status = 'proposed' AND receiver_confirmed_at IS NULL");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(before);
		return -1;
	}
	if (both) {
		/* both sides have confirmed: the credits move, once */
		struct points_leg legs[2] = {{x.receiver, -x.minutes}, {x.provider, x.minutes}};
		struct points_movement_in in = {
			.currency = POINTS_TIME, .kind = "exchange", .reason = "服务兑换服务",
			.link_kind = "timebank_exchange", .link_id = id, .unit_id = x.provider_unit,
			.legs = legs, .nlegs = 2,
		};
		int64_t mid;
		if (points_post(cx, &in, &mid) < 0) {
			json_decref(before);
			return -1;
		}
		st = store_prepare(cx->db, "UPDATE timebank_exchanges SET status = 'completed',"
				   " movement_id = ? WHERE id = ?");
		if (!st) {
			json_decref(before);
			return ctx_fail(cx);
		}
		store_bind_int64(st, 1, mid);
		store_bind_int64(st, 2, id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0) {
			json_decref(before);
			return -1;
		}
	}
	struct ex now;
	if (ex_fetch(cx, id, &now) < 0) {
		ctx_rollback(cx);
		json_decref(before);
		return -1;
	}
	int rc = audit_commit(cx, both ? "timebank_exchange.complete" : "timebank_exchange.confirm",
				 "timebank_exchange", id, before, now.json);
	json_decref(before);
	if (rc < 0) {
		json_decref(now.json);
		return -1;
	}
	*out = now.json;
	return 0;
}

int pt_exchange_cancel(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	struct ex x;
	int64_t version;
	bool prov;
	if (side_read(cx, id, body, &x, &version, &prov) < 0)
		return -1;
	json_t *before = x.json;
	if (strcmp(x.status, "proposed") != 0) {
		json_decref(before);
		err_field(e, "status", "timebank_not_proposed", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE timebank_exchanges SET status = 'cancelled', updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ? AND status = 'proposed'");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	store_bind_int64(st, 3, version);
	struct ex now;
	if (ctx_write_version(cx, st) < 0 || ex_fetch(cx, id, &now) < 0) {
		ctx_rollback(cx);
		json_decref(before);
		return -1;
	}
	int rc = audit_commit(cx, "timebank_exchange.cancel", "timebank_exchange", id, before,
				 now.json);
	json_decref(before);
	if (rc < 0) {
		json_decref(now.json);
		return -1;
	}
	*out = now.json;
	return 0;
}
