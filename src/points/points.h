/* points: a double-entry ledger in integer units, with the points store (积分超市) and the time
 * bank (服务兑换服务 / 时间银行) built on it.
 *
 *   - Accounts belong to a holder (a kind and an id: a resident, a household, a volunteer, a
 *     unit's pool that issues, a unit's store, a unit's expiry sink) in one currency: points,
 *     or time credits in minutes. The two never convert, and neither ever becomes money. The
 *     ledger does not know what a holder is: the feature that owns the holder names it.
 *   - A movement has two or more legs in one currency summing to zero, a reason, an operator,
 *     and a link to what caused it (an entity kind and id); it is posted once per link and
 *     purpose, so that an approval posted twice moves points once. Every balance is the sum of
 *     its legs (kept on the account, updated in the movement's transaction); all balances of a
 *     currency sum to zero; a holder's balance never goes below its floor (0, or the time
 *     bank's overdraft; the pools have none). Nothing is deleted: a reversal is a new movement.
 *   - Scope: staff (points.read, points.write) see the accounts, goods and exchanges of the
 *     units in their scope; a holder linked to a login sees their own; anything else is 404.
 *     Staff are never ranked: no list orders holders by balance.
 *
 * Other features (volunteers' hours, honours) call points_account_ensure(), points_earning()
 * and points_post() inside their own transaction. */
#ifndef LINLI_POINTS_H
#define LINLI_POINTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum points_currency { POINTS_POINTS = 1, POINTS_TIME = 2 };
/* "points" / "time"; 0 for anything else. */
enum points_currency points_currency_parse(const char *s);
const char *points_currency_name(enum points_currency c);

/* The holders linli itself keeps, one each per unit and currency (holder_id is the unit's id). */
#define POINTS_HOLDER_POOL "pool"      /* issues earnings: no floor, goes negative */
#define POINTS_HOLDER_STORE "store"    /* receives the points spent in the unit's store */
#define POINTS_HOLDER_EXPIRY "expiry"  /* receives the points that expire */

struct points_account {
	int64_t id, holder_id, unit_id, user_id;   /* user_id 0: no login holds it */
	const char *holder_kind, *name, *unit_name, *unit_path;
	enum points_currency currency;
	bool has_floor;
	int64_t floor, balance;
	int64_t street_id, community_id;
	int64_t created_at, updated_at, version;
};

/* The account of a holder in a currency, made when missing, inside the caller's open
 * transaction (ctx_begin), as points_post. unit_id
 * is the unit whose staff keep it; user_id the login that holds it (0: none; an existing
 * account's link is kept). A holder's floor is 0 for points and minus the configured
 * overdraft for time; linli's own holders have none. 0 with *account_id, or -1 with cx->err
 * (the transaction rolled back). No access check: the caller's. */
int points_account_ensure(struct ctx *cx, const char *holder_kind, int64_t holder_id,
			  enum points_currency currency, int64_t unit_id, int64_t user_id,
			  const char *name, int64_t *account_id);
/* An account without an access check: 1 found, 0 not, -1 error. */
int points_account_by_id(struct ctx *cx, int64_t id, struct points_account *out);
/* A holder's balance in a currency (0 when they have no account): 0, or -1. */
int points_balance(struct ctx *cx, const char *holder_kind, int64_t holder_id,
		   enum points_currency currency, int64_t *balance);

struct points_leg {
	int64_t account_id;
	int64_t amount;           /* units: points, or minutes of time credit */
};

#define POINTS_MAX_LEGS 16
struct points_movement_in {
	enum points_currency currency;
	const char *kind;         /* earn, adjust, redeem, refund, expire, exchange, reverse ... */
	const char *reason;       /* one line, shown to the holder */
	const char *link_kind;    /* what caused it: "volunteer_hours", "store_redemption", ... */
	int64_t link_id;
	const char *period;       /* NULL; or a part of the once-only key beside kind and link
				   * (the expiry's year) */
	int64_t reverses_id;      /* the movement this one reverses or corrects (0: none) */
	int64_t unit_id;          /* whose staff see it */
	const struct points_leg *legs;
	size_t nlegs;             /* 2 .. POINTS_MAX_LEGS, summing to zero, none 0 */
};

/* Post a movement inside the caller's open transaction (ctx_begin). 1 posted, with its id;
 * 0 when the same kind, link and period were posted before (nothing moved; *movement_id is
 * the first's); -1 with cx->err and the transaction rolled back: 422 on "legs" when the legs
 * do not balance or mix currencies, 409 points_insufficient on "account_id" when a balance
 * would go below its floor. Two debits at once never overdraw: each leg is one conditional
 * UPDATE, and the accounts are taken in id order so that two movements never deadlock. */
int points_post(struct ctx *cx, const struct points_movement_in *in, int64_t *movement_id);

/* The earning rules: the points an activity of `minutes` earns (points_per_hour pro rata,
 * rounded down, plus the bonus, at most the cap). 0 with *points; -1 with a field error on
 * "activity" when no active rule has that name. */
int points_earning(struct ctx *cx, const char *activity, int64_t minutes, int64_t *points);
/* Earn by rule: the holder's points account (made when missing) credited from the pool of its
 * unit, linked to link_kind/link_id, once. Inside the caller's transaction, as points_post:
 * 1 posted, 0 posted before, -1. *points (may be NULL) what it earned. */
int points_earn(struct ctx *cx, int64_t account_id, const char *activity, int64_t minutes,
		const char *reason, const char *link_kind, int64_t link_id, int64_t *points,
		int64_t *movement_id);

/* The dashboard's figures of a unit and the units below it, without an access check (the
 * caller judges its own): the points issued to holders in the months from..to ("YYYY-MM", by
 * the movement's time in Asia/Shanghai; earnings less their reversals) and those they redeemed
 * in the store (less what cancellations and expired reservations gave back), kept by month in
 * points_totals; and the store's goods on sale now (active): how many, their stock, and how
 * many are low (stock at or below POINTS_STORE_LOW_STOCK, the store's sign to restock). 0, or
 * -1 with cx->err (404 for no such unit). */
#define POINTS_STORE_LOW_STOCK 5
struct points_figures {
	int64_t issued, redeemed;
	int64_t items, stock, low;
};
int points_figures(struct ctx *cx, int64_t unit_id, const char *from, const char *to,
		   struct points_figures *out);

void points_api_register(void);
void store_api_register(void);
void timebank_api_register(void);
int points_demo(struct ctx *cx);
int64_t points_expiry_job(struct store *db, int64_t now);
int64_t store_pickup_job(struct store *db, int64_t now);

#endif
