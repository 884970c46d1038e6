/* The dashboard's figures of the ledger and the store: the points issued and redeemed by month,
 * kept in points_totals in each movement's transaction, and the store's goods on sale now. */
#include <string.h>

#include "base/date.h"
#include "points/internal.h"

int pt_totals_add(struct ctx *cx, const struct points_movement_in *in, const struct points_leg *legs)
{
	if (in->currency != POINTS_POINTS)
		return 0;
	bool issue = strcmp(in->kind, "earn") == 0;
	bool redeem = strcmp(in->kind, "redeem") == 0 || strcmp(in->kind, "refund") == 0;
	if (!issue && !redeem && strcmp(in->kind, "reverse") == 0 && in->reverses_id) {
		/* a reversal counts when what it reverses was an earning */
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT COUNT(*) FROM points_movements WHERE id = ? AND kind = 'earn'");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, in->reverses_id);
		int rc = store_step(st);
		issue = rc == STORE_ROW && store_col_int64(st, 0) > 0;
		store_reset(st);
		if (rc != STORE_ROW)
			return ctx_fail(cx);
	}
	if (!issue && !redeem)
		return 0;
	char month[8];
	date_month_of(cx->now, month);
	for (size_t i = 0; i < in->nlegs; i++) {
		struct store_stmt *st = store_prepare(cx->db,
			"INSERT INTO points_totals (unit_id, street_id, community_id, month, issued, redeemed)"
			" SELECT a.unit_id, o.street_id, o.community_id, ?, ?, ? FROM points_accounts a"
			" JOIN org_units o ON o.id = a.unit_id WHERE a.id = ?"
			" AND a.holder_kind NOT IN ('pool', 'store', 'expiry')"
			" ON CONFLICT (unit_id, month) DO UPDATE SET issued = points_totals.issued + excluded.issued,"
			" redeemed = points_totals.redeemed + excluded.redeemed");
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, month);
		store_bind_int64(st, 2, issue ? legs[i].amount : 0);
		store_bind_int64(st, 3, redeem ? -legs[i].amount : 0);
		store_bind_int64(st, 4, legs[i].account_id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return 0;
}

/* The totals of a street or a community by its anchor column (an index each), of another unit
 * by the paths of the accounts' units below it. */
static const char *const sums_sql[2] = {
	"SELECT COALESCE(SUM(issued), 0), COALESCE(SUM(redeemed), 0) FROM points_totals"
	" WHERE street_id = ? AND month >= ? AND month <= ?",
	"SELECT COALESCE(SUM(issued), 0), COALESCE(SUM(redeemed), 0) FROM points_totals"
	" WHERE community_id = ? AND month >= ? AND month <= ?",
};

int points_figures(struct ctx *cx, int64_t unit_id, const char *from, const char *to,
		   struct points_figures *out)
{
	*out = (struct points_figures){0};
	const char *path;
	int64_t street, community;
	if (pt_unit(cx, unit_id, &path, &street, &community) < 0)
		return -1;
	struct store_stmt *st;
	if (street == unit_id || community == unit_id) {
		st = store_prepare(cx->db, sums_sql[street == unit_id ? 0 : 1]);
		if (!st)
			return ctx_store_error(cx);
		store_bind_int64(st, 1, unit_id);
		store_bind_text(st, 2, from);
		store_bind_text(st, 3, to);
	} else {
		st = store_prepare(cx->db,
			"SELECT COALESCE(SUM(t.issued), 0), COALESCE(SUM(t.redeemed), 0) FROM points_totals t"
			" JOIN org_units o ON o.id = t.unit_id WHERE substr(o.path, 1, length(CAST(? AS TEXT))) = ?"
			" AND t.month >= ? AND t.month <= ?");
		if (!st)
			return ctx_store_error(cx);
		store_bind_text(st, 1, path);
		store_bind_text(st, 2, path);
		store_bind_text(st, 3, from);
		store_bind_text(st, 4, to);
	}
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->issued = store_col_int64(st, 0);
		out->redeemed = store_col_int64(st, 1);
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_store_error(cx);
	/* the goods on sale now: a store's goods are few, read through their units' paths */
	st = store_prepare(cx->db,
		"SELECT COUNT(*), COALESCE(SUM(g.stock), 0), COALESCE(SUM(CASE WHEN g.stock <= ? THEN 1 ELSE 0 END), 0)"
		" FROM store_goods g JOIN org_units o ON o.id = g.unit_id WHERE g.active = 1"
		" AND substr(o.path, 1, length(CAST(? AS TEXT))) = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, POINTS_STORE_LOW_STOCK);
	store_bind_text(st, 2, path);
	store_bind_text(st, 3, path);
	rc = store_step(st);
	if (rc == STORE_ROW) {
		out->items = store_col_int64(st, 0);
		out->stock = store_col_int64(st, 1);
		out->low = store_col_int64(st, 2);
	}
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}
