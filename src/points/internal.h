/* What the files of the points feature share (not for other features). */
#ifndef LINLI_POINTS_INTERNAL_H
#define LINLI_POINTS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/audit.h"
#include "base/ctx.h"
#include "points/limits.h"
#include "points/points.h"

/* A string field by its limit (points_limits[l]). An integer field by its limit. */
int pt_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e);
int pt_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e);
/* Whether the caller reads what belongs to a unit (its path) and to a login (0: none): their
 * own, or points.read with the unit in scope (administrators: all). */
bool pt_sees(const struct ctx *cx, const char *unit_path, int64_t user_id);
/* points.write with the unit in scope: 0, or -1 (403 without the permission, 404 outside). */
int pt_may_keep(struct ctx *cx, const char *unit_path);
/* The scope of a list as SQL over an org unit's path and a row's user id: its parameters
 * bound by pt_bind_sees() (four). */
#define PT_SEES_SQL(path, user_id) \
	"(? = 1 OR (" user_id ") = ? OR (? = 1 AND EXISTS (SELECT 1 FROM user_units au" \
	" JOIN org_units ao ON ao.id = au.unit_id WHERE au.user_id = ?" \
	" AND substr(" path ", 1, length(ao.path)) = ao.path)))"
void pt_bind_sees(const struct ctx *cx, struct store_stmt *st, int idx);

/* One page of a list as JSON: each row of st (asked for limit + 1, its id in column 0) made an
 * object by row(); *next the id of the last kept when there were more, else 0. st is reset. */
int pt_page(struct ctx *cx, struct store_stmt *st, int limit, json_t *(*row)(struct store_stmt *),
	    json_t **items, int64_t *next);

/* The configuration row. */
struct pt_config {
	bool expiry_enabled;
	int64_t expiry_day, pickup_days, time_overdraft, updated_at, version;
};
int pt_config_get(struct ctx *cx, struct pt_config *out);

/* The unit's own account of linli's holders (pool, store, expiry) in a currency, made when
 * missing: inside the open transaction. */
int pt_system_account(struct ctx *cx, const char *holder_kind, int64_t unit_id,
		      enum points_currency c, int64_t *account_id);
/* The account, read by the caller (404 otherwise). */
int pt_account_get(struct ctx *cx, int64_t id, struct points_account *out);
json_t *pt_account_json(const struct points_account *a);
/* The unit's street and community (its anchors) and path. */
int pt_unit(struct ctx *cx, int64_t unit_id, const char **path, int64_t *street, int64_t *community);

/* A movement's summary and legs. */
json_t *pt_movement_json(struct ctx *cx, int64_t id);

/* Redemptions overdue for pickup: expired, stock and points restored. Rows done, or -1. */
int64_t pt_store_expire(struct ctx *cx);
/* The expiry of points earned before `before` and not spent, each account once per `period`. */
int64_t pt_expire(struct ctx *cx, int64_t before, const char *period);

/* ledger.c's service functions for the API */
struct pt_account_filter {
	int currency;             /* 0 any */
	const char *holder_kind;  /* NULL any */
	int64_t unit_id, holder_id;
	bool mine, include_system;
	const char *q;
	int limit;
	int64_t cursor;
};
int pt_accounts_list(struct ctx *cx, const struct pt_account_filter *f, struct points_account **items,
		     size_t *n, int64_t *next);
int pt_account_create(struct ctx *cx, json_t *body, struct points_account *out);
int pt_account_update(struct ctx *cx, int64_t id, json_t *body, struct points_account *out);
int pt_account_legs(struct ctx *cx, int64_t id, int limit, int64_t cursor, json_t **items,
		    int64_t *next);
int pt_movements_list(struct ctx *cx, int currency, const char *kind, int64_t unit_id,
		      const char *link_kind, int64_t link_id, int limit, int64_t cursor,
		      json_t **items, int64_t *next);
int pt_movement_get(struct ctx *cx, int64_t id, json_t **out);
int pt_movement_create(struct ctx *cx, json_t *body, json_t **out, int *status);
int pt_movement_reverse(struct ctx *cx, int64_t id, json_t *body, json_t **out, int *status);
int pt_rules_list(struct ctx *cx, json_t **out);
int pt_rule_create(struct ctx *cx, json_t *body, json_t **out);
int pt_rule_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int pt_config_read(struct ctx *cx, json_t **out);
int pt_config_update(struct ctx *cx, json_t *body, json_t **out);
int pt_expire_run(struct ctx *cx, json_t *body, json_t **out);
int pt_check(struct ctx *cx, json_t **out);
int pt_earning_preview(struct ctx *cx, const char *activity, int64_t minutes, json_t **out);

/* shop.c */
int pt_goods_list(struct ctx *cx, int64_t unit_id, int active, const char *q, int limit,
		  int64_t cursor, json_t **items, int64_t *next);
int pt_goods_get(struct ctx *cx, int64_t id, json_t **out);
int pt_goods_create(struct ctx *cx, json_t *body, json_t **out);
int pt_goods_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
struct pt_redemption_filter {
	int64_t unit_id, goods_id, account_id;
	const char *status;
	bool mine;
	int limit;
	int64_t cursor;
};
int pt_redemptions_list(struct ctx *cx, const struct pt_redemption_filter *f, json_t **items,
			int64_t *next);
int pt_redemption_get(struct ctx *cx, int64_t id, json_t **out);
int pt_redeem(struct ctx *cx, json_t *body, json_t **out);
int pt_redemption_cancel(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int pt_pickup_find(struct ctx *cx, const char *code, json_t **out);
int pt_pickup(struct ctx *cx, json_t *body, json_t **out);
int pt_store_report(struct ctx *cx, int64_t unit_id, json_t **out);
int pt_store_sheet(struct ctx *cx, int64_t unit_id, int format, const char **data, size_t *len);

/* timebank.c */
int pt_offers_list(struct ctx *cx, const char *kind, const char *status, int64_t account_id,
		   int limit, int64_t cursor, json_t **items, int64_t *next);
int pt_offer_create(struct ctx *cx, json_t *body, json_t **out);
int pt_offer_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int pt_exchanges_list(struct ctx *cx, const char *status, int64_t account_id, int limit,
		      int64_t cursor, json_t **items, int64_t *next);
int pt_exchange_get(struct ctx *cx, int64_t id, json_t **out);
int pt_exchange_create(struct ctx *cx, json_t *body, json_t **out);
int pt_exchange_confirm(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int pt_exchange_cancel(struct ctx *cx, int64_t id, json_t *body, json_t **out);

/* The month's totals of a movement just posted (points_totals: earnings issued to holders and
 * their reversals, store redemptions and refunds), in its transaction: 0, or -1 rolled back. */
int pt_totals_add(struct ctx *cx, const struct points_movement_in *in, const struct points_leg *legs);

#endif
