/* The points store (积分超市): goods donated by merchants, priced in points; a redemption takes
 * the stock and the points in one transaction and gives a pickup code; staff hand the goods
 * over by the code; a cancellation or a reservation not picked up in time gives both back. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "base/qr.h"
#include "base/table.h"
#include "base/text.h"
#include "points/internal.h"

/* ---- goods ---- */

#define GOODS_COLS "g.id, g.unit_id, u.name, u.path, g.name, g.description, g.price, g.stock, " \
	"g.received, g.donor, g.active, g.created_at, g.updated_at, g.version, " \
	"(SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id" \
	" AND r.status = 'reserved'), " \
	"(SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id" \
	" AND r.status = 'handed_over')"
#define GOODS_FROM "store_goods g JOIN org_units u ON u.id = g.unit_id"

static json_t *goods_row(struct store_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "unit_id", json_integer(store_col_int64(st, 1)));
	json_object_set_new(o, "unit_name", json_string(store_col_text(st, 2)));
	json_object_set_new(o, "name", json_string(store_col_text(st, 4)));
	json_object_set_new(o, "description", json_string(store_col_text(st, 5)));
	json_object_set_new(o, "price", json_integer(store_col_int64(st, 6)));
	json_object_set_new(o, "stock", json_integer(store_col_int64(st, 7)));
	json_object_set_new(o, "received", json_integer(store_col_int64(st, 8)));
	json_object_set_new(o, "reserved", json_integer(store_col_int64(st, 14)));
	json_object_set_new(o, "handed_over", json_integer(store_col_int64(st, 15)));
	json_object_set_new(o, "donor", json_string(store_col_text(st, 9)));
	json_object_set_new(o, "active", json_boolean(store_col_int64(st, 10) != 0));
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 11)));
	json_object_set_new(o, "updated_at", json_time(store_col_int64(st, 12)));
	json_object_set_new(o, "version", json_integer(store_col_int64(st, 13)));
	return o;
}

/* Who sees goods: staff of its unit's scope, and holders of an account in a unit at or below
 * it (a community's store is its grids' residents' too). */
#define GOODS_SEEN_SQL \
	"(" PT_SEES_SQL("u.path", "0") " OR EXISTS (SELECT 1 FROM points_accounts ha" \
	" JOIN org_units hu ON hu.id = ha.unit_id WHERE ha.user_id = ?" \
	" AND substr(hu.path, 1, length(u.path)) = u.path))"

static void bind_goods_seen(const struct ctx *cx, struct store_stmt *st, int k)
{
	pt_bind_sees(cx, st, k);
	store_bind_int64(st, k + 4, cx->actor.user_id ? cx->actor.user_id : -1);
}

/* The goods, as the caller sees them: its JSON and its unit's path; 404 otherwise. */
static int goods_fetch(struct ctx *cx, int64_t id, json_t **out, const char **path)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " GOODS_COLS " FROM " GOODS_FROM " WHERE g.id = ? AND " GOODS_SEEN_SQL);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	bind_goods_seen(cx, st, 2);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		*out = goods_row(st);
		if (path)
			*path = arena_strdup(cx->a, store_col_text(st, 3));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int pt_goods_get(struct ctx *cx, int64_t id, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	return goods_fetch(cx, id, out, NULL);
}

int pt_goods_list(struct ctx *cx, int64_t unit_id, int active, const char *q, int limit,
		  int64_t cursor, json_t **items, int64_t *next)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	const char *like = q ? text_like_contains(cx->a, q) : NULL;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " GOODS_COLS " FROM " GOODS_FROM " WHERE " GOODS_SEEN_SQL
		" AND (CAST(? AS BIGINT) IS NULL OR g.unit_id = ?) AND (? < 0 OR g.active = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR lower(g.name) LIKE ? ESCAPE '\\'"
		"  OR lower(g.donor) LIKE ? ESCAPE '\\')"
		" AND g.id > ? ORDER BY g.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	bind_goods_seen(cx, st, k);
	k += 5;
	store_bind_int64_or_null(st, k++, unit_id);
	store_bind_int64(st, k++, unit_id);
	store_bind_int64(st, k++, active);
	store_bind_int64(st, k++, active);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, limit + 1);
	return pt_page(cx, st, limit, goods_row, items, next);
}

static const char *const goods_fields[] = {"unit_id", "name", "description", "price", "stock",
	"donor", "active", "add_stock", "version", NULL};

int pt_goods_create(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_POINTS_WRITE, NULL) < 0)
		return -1;
	const char *name = NULL, *description = "", *donor = "";
	int64_t unit = 0, price = 0, stock = 0;
	json_only_fields(body, goods_fields, e);
	for (const char *const *f = (const char *const[]){"active", "add_stock", "version", NULL}; *f; f++)
		if (json_object_get(body, *f))
			err_field(e, *f, "unknown_field", 0);
	jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit, e);
	pt_jf_str(body, "name", JF_REQUIRED, L_GOODS_NAME, &name, e);
	pt_jf_str(body, "description", JF_MULTILINE, L_GOODS_DESCRIPTION, &description, e);
	pt_jf_int(body, "price", JF_REQUIRED, L_GOODS_PRICE, &price, e);
	pt_jf_int(body, "stock", JF_REQUIRED, L_GOODS_STOCK, &stock, e);
	pt_jf_str(body, "donor", 0, L_GOODS_DONOR, &donor, e);
	if (e->code)
		return -1;
	const char *path;
	int64_t street, community;
	if (pt_unit(cx, unit, &path, &street, &community) < 0) {
		err_clear(e);
		return err_field(e, "unit_id", "points_unit_unknown", 0);
	}
	if (!access_path_in_scope(cx, path))
		return err_field(e, "unit_id", "points_unit_unknown", 0);
	if (pt_may_keep(cx, path) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO store_goods (unit_id, street_id, community_id, name, description, price,"
		" stock, received, donor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit);
	store_bind_int64_or_null(st, 2, street);
	store_bind_int64_or_null(st, 3, community);
	store_bind_text(st, 4, name);
	store_bind_text(st, 5, description);
	store_bind_int64(st, 6, price);
	store_bind_int64(st, 7, stock);
	store_bind_int64(st, 8, stock);
	store_bind_text(st, 9, donor);
	store_bind_int64(st, 10, cx->now);
	store_bind_int64(st, 11, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR || !id)
		return ctx_fail(cx);
	if (goods_fetch(cx, id, out, NULL) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (audit_commit(cx, "store_goods.create", "store_goods", id, NULL, *out) < 0) {
		json_decref(*out);
		return -1;
	}
	return 0;
}

int pt_goods_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	json_t *old;
	const char *path;
	if (goods_fetch(cx, id, &old, &path) < 0)
		return -1;
	if (pt_may_keep(cx, path) < 0) {
		json_decref(old);
		return -1;
	}
	const char *name = json_string_value(json_object_get(old, "name"));
	const char *description = json_string_value(json_object_get(old, "description"));
	const char *donor = json_string_value(json_object_get(old, "donor"));
	int64_t price = json_integer_value(json_object_get(old, "price")), add = 0, version = 0;
	bool active = json_is_true(json_object_get(old, "active"));
	json_only_fields(body, goods_fields, e);
	for (const char *const *f = (const char *const[]){"unit_id", "stock", NULL}; *f; f++)
		if (json_object_get(body, *f))
			err_field(e, *f, "points_goods_fixed", 0);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	pt_jf_str(body, "name", 0, L_GOODS_NAME, &name, e);
	pt_jf_str(body, "description", JF_MULTILINE, L_GOODS_DESCRIPTION, &description, e);
	pt_jf_int(body, "price", 0, L_GOODS_PRICE, &price, e);
	pt_jf_str(body, "donor", 0, L_GOODS_DONOR, &donor, e);
	jf_bool(body, "active", 0, &active, e);
	pt_jf_int(body, "add_stock", 0, L_GOODS_STOCK, &add, e);
	if (!e->code && json_object_get(body, "add_stock") && add == 0)
		err_field(e, "add_stock", "points_amount_zero", 0);
	if (e->code) {
		json_decref(old);
		return -1;
	}
	if (ctx_begin(cx) < 0) {
		json_decref(old);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE store_goods SET name = ?, description = ?, price = ?, donor = ?, active = ?,"
		" stock = stock + ?, received = received + ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(old);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, description);
	store_bind_int64(st, 3, price);
	store_bind_text(st, 4, donor);
	store_bind_int64(st, 5, active);
	store_bind_int64(st, 6, add);
	store_bind_int64(st, 7, add);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, id);
	store_bind_int64(st, 10, version);
	if (ctx_write_version(cx, st) < 0 || goods_fetch(cx, id, out, NULL) < 0) {
		ctx_rollback(cx);
		json_decref(old);
		return -1;
	}
	int rc = audit_commit(cx, "store_goods.update", "store_goods", id, old, *out);
	json_decref(old);
	if (rc < 0)
		json_decref(*out);
	return rc;
}

/* ---- redemptions ---- */

#define RED_COLS "r.id, r.goods_id, g.name, r.account_id, a.name, r.unit_id, u.name, r.quantity, " \
	"r.points, r.code, r.status, r.expires_at, r.created_at, r.closed_at, r.reason, " \
	"r.movement_id, r.refund_id, r.version, u.path, a.user_id"
#define RED_FROM "store_redemptions r JOIN store_goods g ON g.id = r.goods_id" \
	" JOIN points_accounts a ON a.id = r.account_id JOIN org_units u ON u.id = r.unit_id"

static json_t *red_row(struct store_stmt *st)
{
	json_t *o = json_object();
	int64_t closed = store_col_int64(st, 13), refund = store_col_int64(st, 16);
	json_object_set_new(o, "id", json_integer(store_col_int64(st, 0)));
	json_object_set_new(o, "goods_id", json_integer(store_col_int64(st, 1)));
	json_object_set_new(o, "goods_name", json_string(store_col_text(st, 2)));
	json_object_set_new(o, "account_id", json_integer(store_col_int64(st, 3)));
	json_object_set_new(o, "holder_name", json_string(store_col_text(st, 4)));
	json_object_set_new(o, "unit_id", json_integer(store_col_int64(st, 5)));
	json_object_set_new(o, "unit_name", json_string(store_col_text(st, 6)));
	json_object_set_new(o, "quantity", json_integer(store_col_int64(st, 7)));
	json_object_set_new(o, "points", json_integer(store_col_int64(st, 8)));
	json_object_set_new(o, "code", json_string(store_col_text(st, 9)));
	json_object_set_new(o, "status", json_string(store_col_text(st, 10)));
	json_object_set_new(o, "expires_at", json_time(store_col_int64(st, 11)));
	json_object_set_new(o, "created_at", json_time(store_col_int64(st, 12)));
	json_object_set_new(o, "closed_at", json_time(closed));
	json_object_set_new(o, "reason", json_string(store_col_text(st, 14)));
	json_object_set_new(o, "movement_id", json_integer(store_col_int64(st, 15)));
	json_object_set_new(o, "refund_id", refund ? json_integer(refund) : json_null());
	json_object_set_new(o, "version", json_integer(store_col_int64(st, 17)));
	return o;
}

struct red {
	json_t *json;
	const char *path, *status;
	int64_t id, user_id, goods_id, account_id, quantity, points, movement_id, expires_at;
	int64_t goods_unit;
};

/* A redemption by id (code NULL) or by code, without an access check: 1, 0, -1. */
static int red_fetch(struct ctx *cx, int64_t id, const char *code, struct red *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RED_COLS " FROM " RED_FROM " WHERE r.id = ? OR r.code = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, code ? code : "");
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->json = red_row(st);
		out->id = store_col_int64(st, 0);
		out->goods_id = store_col_int64(st, 1);
		out->account_id = store_col_int64(st, 3);
		out->goods_unit = store_col_int64(st, 5);
		out->quantity = store_col_int64(st, 7);
		out->points = store_col_int64(st, 8);
		out->status = arena_strdup(cx->a, store_col_text(st, 10));
		out->expires_at = store_col_int64(st, 11);
		out->movement_id = store_col_int64(st, 15);
		out->path = arena_strdup(cx->a, store_col_text(st, 18));
		out->user_id = store_col_int64(st, 19);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

static int red_get(struct ctx *cx, int64_t id, struct red *out)
{
	int f = red_fetch(cx, id, NULL, out);
	if (f < 0)
		return -1;
	if (f == 0 || !pt_sees(cx, out->path, out->user_id)) {
		if (f)
			json_decref(out->json);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

/* The pickup code as a QR code, for the holder's phone. */
static void add_qr(struct ctx *cx, json_t *o)
{
	const char *code = json_string_value(json_object_get(o, "code"));
	char *svg = code ? qr_svg(cx->a, code, 6) : NULL;
	json_object_set_new(o, "qr_svg", svg ? json_string(svg) : json_null());
}

int pt_redemption_get(struct ctx *cx, int64_t id, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct red r;
	if (red_get(cx, id, &r) < 0)
		return -1;
	if (strcmp(r.status, "reserved") == 0)
		add_qr(cx, r.json);
	*out = r.json;
	return 0;
}

int pt_redemptions_list(struct ctx *cx, const struct pt_redemption_filter *f, json_t **items,
			int64_t *next)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RED_COLS " FROM " RED_FROM " WHERE " PT_SEES_SQL("u.path", "a.user_id")
		" AND (? = 0 OR a.user_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR r.unit_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR r.goods_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR r.account_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR r.status = ?)"
		" AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	pt_bind_sees(cx, st, k);
	k += 4;
	store_bind_int64(st, k++, f->mine);
	store_bind_int64(st, k++, cx->actor.user_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_int64(st, k++, f->unit_id);
	store_bind_int64_or_null(st, k++, f->goods_id);
	store_bind_int64(st, k++, f->goods_id);
	store_bind_int64_or_null(st, k++, f->account_id);
	store_bind_int64(st, k++, f->account_id);
	store_bind_text(st, k++, f->status);
	store_bind_text(st, k++, f->status);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->limit + 1);
	return pt_page(cx, st, f->limit, red_row, items, next);
}

/* Short and typable: 8 of 31 letters and digits with none that look alike (no 0 O 1 I L). */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define CODE_LEN 8

static void new_code(char out[CODE_LEN + 1])
{
	for (int i = 0; i < CODE_LEN; i++)
		out[i] = code_alphabet[randombytes_uniform(sizeof code_alphabet - 1)];
	out[CODE_LEN] = 0;
}

/* What a person typed or a scanner sent: spaces and dashes dropped, upper case. NULL when it
 * cannot be a code. */
static const char *code_norm(struct ctx *cx, const char *in)
{
	char buf[CODE_LEN + 1];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!strchr(code_alphabet, c) || c == 0 || n == CODE_LEN)
			return NULL;
		buf[n++] = c;
	}
	if (n != CODE_LEN)
		return NULL;
	buf[n] = 0;
	return arena_strdup(cx->a, buf);
}

/* The caller's own points account, when they hold one. */
static int own_account(struct ctx *cx, int64_t *id)
{
	*id = 0;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT MIN(id) FROM points_accounts WHERE user_id = ? AND currency = 'points'");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->actor.user_id ? cx->actor.user_id : -1);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		*id = store_col_int64(st, 0);
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

int pt_redeem(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	static const char *const fields[] = {"goods_id", "account_id", "quantity", NULL};
	int64_t goods = 0, account = 0, qty = 1;
	json_only_fields(body, fields, e);
	jf_int(body, "goods_id", JF_REQUIRED, 1, INT64_MAX, &goods, e);
	jf_int(body, "account_id", 0, 1, INT64_MAX, &account, e);
	pt_jf_int(body, "quantity", 0, L_REDEEM_QUANTITY, &qty, e);
	if (e->code)
		return -1;
	if (!account && own_account(cx, &account) < 0)
		return -1;
	if (!account)
		return err_field(e, "account_id", "required", 0);
	struct points_account a;
	if (pt_account_get(cx, account, &a) < 0) {
		err_clear(e);
		return err_field(e, "account_id", "points_account_unknown", 0);
	}
	/* for oneself, or by staff for a holder in their scope */
	if (a.user_id != cx->actor.user_id && pt_may_keep(cx, a.unit_path) < 0)
		return -1;
	if (a.currency != POINTS_POINTS || strcmp(a.holder_kind, POINTS_HOLDER_POOL) == 0 ||
	    strcmp(a.holder_kind, POINTS_HOLDER_STORE) == 0 || strcmp(a.holder_kind, POINTS_HOLDER_EXPIRY) == 0)
		return err_field(e, "account_id", "points_account_not_points", 0);
	json_t *g;
	const char *gpath;
	if (goods_fetch(cx, goods, &g, &gpath) < 0) {
		err_clear(e);
		return err_field(e, "goods_id", "store_goods_unknown", 0);
	}
	int64_t price = json_integer_value(json_object_get(g, "price"));
	int64_t gunit = json_integer_value(json_object_get(g, "unit_id"));
	bool active = json_is_true(json_object_get(g, "active"));
	json_decref(g);
	/* a store serves the holders of its unit and the units below it */
	if (strncmp(a.unit_path, gpath, strlen(gpath)) != 0)
		return err_field(e, "goods_id", "store_goods_elsewhere", 0);
	if (!active)
		return err_field(e, "goods_id", "store_goods_retired", 0);
	struct pt_config cfg;
	if (pt_config_get(cx, &cfg) < 0)
		return -1;
	int64_t cost = price * qty;
	if (ctx_begin(cx) < 0)
		return -1;
	/* the stock first: of two at once for the last item, one takes it, the other finds none */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE store_goods SET stock = stock - ?, updated_at = ? WHERE id = ? AND active = 1"
		" AND stock >= ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, qty);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, goods);
	store_bind_int64(st, 4, qty);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (!changed) {
		ctx_rollback(cx);
		err_field(e, "goods_id", "store_out_of_stock", 0);
		return err_set(e, ERR_CONFLICT);
	}
	char code[CODE_LEN + 1];
	new_code(code);
	st = store_prepare(cx->db,
		"INSERT INTO store_redemptions (goods_id, account_id, unit_id, quantity, points, code,"
		" status, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, goods);
	store_bind_int64(st, 2, account);
	store_bind_int64(st, 3, gunit);
	store_bind_int64(st, 4, qty);
	store_bind_int64(st, 5, cost);
	store_bind_text(st, 6, code);
	store_bind_int64(st, 7, cx->now + cfg.pickup_days * 86400);
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_int64(st, 9, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	while (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_ERR || !id)
		return ctx_fail(cx);
	int64_t shop, mid;
	if (pt_system_account(cx, POINTS_HOLDER_STORE, gunit, POINTS_POINTS, &shop) < 0)
		return -1;
	struct points_leg legs[2] = {{account, -cost}, {shop, cost}};
	struct points_movement_in in = {
		.currency = POINTS_POINTS, .kind = "redeem", .reason = "积分超市兑换",
		.link_kind = "store_redemption", .link_id = id, .unit_id = gunit, .legs = legs, .nlegs = 2,
	};
	if (points_post(cx, &in, &mid) < 0)
		return -1;
	st = store_prepare(cx->db, "UPDATE store_redemptions SET movement_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, mid);
	store_bind_int64(st, 2, id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	struct red r;
	if (red_fetch(cx, id, NULL, &r) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	if (audit_commit(cx, "store_redemption.create", "store_redemption", id, NULL, r.json) < 0) {
		json_decref(r.json);
		return -1;
	}
	add_qr(cx, r.json);
	*out = r.json;
	return 0;
}

/* Give the stock and the points back, as `status` (cancelled, expired), inside the open
 * transaction: 1 done, 0 not reserved any more (rolled back), -1. */
static int give_back(struct ctx *cx, const struct red *r, const char *status, const char *reason)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE store_redemptions SET status = ?, closed_at = ?, closed_by = ?, reason = ?,"
		" version = version + 1 WHERE id = ? AND status = 'reserved'");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, status);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64_or_null(st, 3, cx->actor.user_id);
	store_bind_text(st, 4, reason);
	store_bind_int64(st, 5, r->id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (!changed) {
		ctx_rollback(cx);
		return 0;
	}
	st = store_prepare(cx->db,
		"UPDATE store_goods SET stock = stock + ?, updated_at = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, r->quantity);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, r->goods_id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	int64_t shop, mid;
	if (pt_system_account(cx, POINTS_HOLDER_STORE, r->goods_unit, POINTS_POINTS, &shop) < 0)
		return -1;
	struct points_leg legs[2] = {{shop, -r->points}, {r->account_id, r->points}};
	struct points_movement_in in = {
		.currency = POINTS_POINTS, .kind = "refund", .reason = reason,
		.link_kind = "store_redemption", .link_id = r->id, .reverses_id = r->movement_id,
		.unit_id = r->goods_unit, .legs = legs, .nlegs = 2,
	};
	if (points_post(cx, &in, &mid) < 0)
		return -1;
	st = store_prepare(cx->db, "UPDATE store_redemptions SET refund_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, mid);
	store_bind_int64(st, 2, r->id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	return 1;
}

static int not_reserved(struct ctx *cx, const char *field)
{
	err_field(&cx->err, field, "store_not_reserved", 0);
	return err_set(&cx->err, ERR_CONFLICT);
}

int pt_redemption_cancel(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	static const char *const fields[] = {"reason", NULL};
	const char *reason = "取消兑换";
	json_only_fields(body, fields, e);
	pt_jf_str(body, "reason", 0, L_PT_REASON, &reason, e);
	if (e->code)
		return -1;
	struct red r;
	if (red_get(cx, id, &r) < 0)
		return -1;
	json_t *before = r.json;
	if (r.user_id != cx->actor.user_id && pt_may_keep(cx, r.path) < 0) {
		json_decref(before);
		return -1;
	}
	if (strcmp(r.status, "reserved") != 0) {
		json_decref(before);
		return not_reserved(cx, "status");
	}
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	int g = give_back(cx, &r, "cancelled", reason);
	if (g <= 0) {
		json_decref(before);
		return g < 0 ? -1 : not_reserved(cx, "status");
	}
	struct red now;
	if (red_fetch(cx, id, NULL, &now) != 1) {
		ctx_rollback(cx);
		json_decref(before);
		return err_set(e, ERR_INTERNAL);
	}
	int rc = audit_commit(cx, "store_redemption.cancel", "store_redemption", id, before, now.json);
	json_decref(before);
	if (rc < 0) {
		json_decref(now.json);
		return -1;
	}
	*out = now.json;
	return 0;
}

int64_t pt_store_expire(struct ctx *cx)
{
	int64_t done = 0;
	for (;;) {
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT id FROM store_redemptions WHERE status = 'reserved' AND expires_at <= ?"
			" ORDER BY id LIMIT 200");
		if (!st)
			return ctx_store_error(cx);
		store_bind_int64(st, 1, cx->now);
		int64_t ids[200];
		int n = 0, rc;
		while ((rc = store_step(st)) == STORE_ROW && n < 200)
			ids[n++] = store_col_int64(st, 0);
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_store_error(cx);
		int took = 0;
		for (int i = 0; i < n; i++) {
			struct red r;
			if (red_fetch(cx, ids[i], NULL, &r) != 1)
				return -1;
			json_decref(r.json);
			if (ctx_begin(cx) < 0)
				return -1;
			int g = give_back(cx, &r, "expired", "逾期未领取");
			if (g < 0)
				return -1;
			if (g == 0)
				continue;
			if (audit_record(cx, "store_redemption.expire", "store_redemption", r.id, NULL, NULL) < 0 ||
			    ctx_commit(cx) < 0)
				return -1;
			done++;
			took++;
		}
		if (n < 200 || took == 0)
			return done;
	}
}

int64_t store_pickup_job(struct store *db, int64_t now)
{
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	cx.actor.username = "linli";
	int64_t n = pt_store_expire(&cx);
	arena_free(cx.a);
	return n;
}

int pt_pickup_find(struct ctx *cx, const char *code, json_t **out)
{
	if (access_require(cx, PERM_POINTS_READ, NULL) < 0)
		return -1;
	const char *c = code_norm(cx, code);
	struct red r;
	int f = c ? red_fetch(cx, 0, c, &r) : 0;
	if (f < 0)
		return -1;
	if (f == 0 || !pt_sees(cx, r.path, 0)) {
		if (f)
			json_decref(r.json);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	*out = r.json;
	return 0;
}

int pt_pickup(struct ctx *cx, json_t *body, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_POINTS_WRITE, NULL) < 0)
		return -1;
	static const char *const fields[] = {"code", NULL};
	const char *code = NULL;
	json_only_fields(body, fields, e);
	if (jf_str(body, "code", JF_REQUIRED, 1, 32, &code, e) > 0 && !(code = code_norm(cx, code)))
		err_field(e, "code", "store_code", 0);
	if (e->code)
		return -1;
	struct red r;
	int f = red_fetch(cx, 0, code, &r);
	if (f < 0)
		return -1;
	if (f == 0 || !pt_sees(cx, r.path, 0)) {
		if (f)
			json_decref(r.json);
		return err_field(e, "code", "store_code_unknown", 0);
	}
	json_t *before = r.json;
	if (pt_may_keep(cx, r.path) < 0) {
		json_decref(before);
		return -1;
	}
	if (strcmp(r.status, "reserved") != 0 || r.expires_at <= cx->now) {
		json_decref(before);
		return not_reserved(cx, "code");
	}
	if (ctx_begin(cx) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE store_redemptions SET status = 'handed_over', closed_at = ?, closed_by = ?,"
		" version = version + 1 WHERE id = ? AND status = 'reserved'");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, cx->now);
	store_bind_int64_or_null(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, r.id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0) {
		json_decref(before);
		return -1;
	}
	if (!changed) {
		ctx_rollback(cx);
		json_decref(before);
		return not_reserved(cx, "code");
	}
	struct red now;
	if (red_fetch(cx, r.id, NULL, &now) != 1) {
		ctx_rollback(cx);
		json_decref(before);
		return err_set(e, ERR_INTERNAL);
	}
	int rc = audit_commit(cx, "store_redemption.hand_over", "store_redemption", r.id, before,
				 now.json);
	json_decref(before);
	if (rc < 0) {
		json_decref(now.json);
		return -1;
	}
	*out = now.json;
	return 0;
}

/* ---- reports ---- */

int pt_store_report(struct ctx *cx, int64_t unit_id, json_t **out)
{
	if (access_require(cx, PERM_POINTS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT g.id, g.name, g.donor, g.price, g.received, g.stock, g.active, u.name,"
		" (SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id"
		"  AND r.status = 'reserved'),"
		" (SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id"
		"  AND r.status = 'handed_over'),"
		" (SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id"
		"  AND r.status = 'cancelled'),"
		" (SELECT COALESCE(SUM(r.quantity), 0) FROM store_redemptions r WHERE r.goods_id = g.id"
		"  AND r.status = 'expired'),"
		" (SELECT COALESCE(SUM(r.points), 0) FROM store_redemptions r WHERE r.goods_id = g.id"
		"  AND r.status = 'handed_over')"
		" FROM " GOODS_FROM " WHERE " PT_SEES_SQL("u.path", "0")
		" AND (CAST(? AS BIGINT) IS NULL OR g.unit_id = ?) ORDER BY g.id LIMIT 5000");
	if (!st)
		return ctx_store_error(cx);
	pt_bind_sees(cx, st, 1);
	store_bind_int64_or_null(st, 5, unit_id);
	store_bind_int64(st, 6, unit_id);
	json_t *items = json_array();
	int64_t t[7] = {0};
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t v[7] = {store_col_int64(st, 4), store_col_int64(st, 5), store_col_int64(st, 8),
				store_col_int64(st, 9), store_col_int64(st, 10), store_col_int64(st, 11),
				store_col_int64(st, 12)};
		for (int i = 0; i < 7; i++)
			t[i] += v[i];
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:I, s:I, s:I,"
			" s:I, s:I, s:I, s:I}", "goods_id", (json_int_t)store_col_int64(st, 0),
			"name", store_col_text(st, 1), "donor", store_col_text(st, 2),
			"unit_name", store_col_text(st, 7), "price", (json_int_t)store_col_int64(st, 3),
			"active", store_col_int64(st, 6) != 0, "received", (json_int_t)v[0],
			"stock", (json_int_t)v[1], "reserved", (json_int_t)v[2],
			"handed_over", (json_int_t)v[3], "cancelled", (json_int_t)v[4],
			"expired", (json_int_t)v[5], "points_redeemed", (json_int_t)v[6]));
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(items);
		return ctx_store_error(cx);
	}
	*out = json_pack("{s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "items", items, "totals",
			 "received", (json_int_t)t[0], "stock", (json_int_t)t[1], "reserved",
			 (json_int_t)t[2], "handed_over", (json_int_t)t[3], "cancelled", (json_int_t)t[4],
			 "expired", (json_int_t)t[5], "points_redeemed", (json_int_t)t[6]);
	return 0;
}

int pt_store_sheet(struct ctx *cx, int64_t unit_id, int format, const char **data, size_t *len)
{
	json_t *r;
	if (pt_store_report(cx, unit_id, &r) < 0)
		return -1;
	bool en = cx->lang == LANG_EN;
	static const char *const zh[] = {"物品", "捐赠商家", "所属单元", "单价（积分）", "入库", "现有库存",
		"待领取", "已领取", "已取消", "逾期", "兑出积分"};
	static const char *const enh[] = {"Goods", "Donor", "Unit", "Price (points)", "Received",
		"In stock", "Reserved", "Handed over", "Cancelled", "Expired", "Points redeemed"};
	struct table *t = table_new(cx->a, (enum table_format)format, en ? "Store" : "积分超市",
				    en ? enh : zh, 11);
	if (!t) {
		json_decref(r);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	static const char *const keys[] = {"price", "received", "stock", "reserved", "handed_over",
		"cancelled", "expired", "points_redeemed"};
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(r, "items"), i, o) {
		const char *cells[11] = {json_string_value(json_object_get(o, "name")),
			json_string_value(json_object_get(o, "donor")),
			json_string_value(json_object_get(o, "unit_name"))};
		for (int k = 0; k < 8; k++)
			cells[3 + k] = arena_printf(cx->a, "%lld",
				(long long)json_integer_value(json_object_get(o, keys[k])));
		table_row(t, cells);
	}
	json_decref(r);
	if (table_finish(t, data, len) < 0)
		return err_set(&cx->err, ERR_INTERNAL);
	return 0;
}
