/* The hours served by month (志愿服务时长统计): the totals kept for the organiser unit and every
 * unit above it in the transaction of each approval, decline of an approved entry and
 * correction of one (migrations/2026120231_hours_totals.sql states their invariant); the report
 * of a unit over a range of months, with the units one level below; and the dashboard's figures
 * of a unit: its volunteers now, their hours, the points issued and redeemed, the store. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/table.h"
#include "org/org.h"
#include "points/points.h"
#include "shifts/internal.h"

#define MAX_DEPTH 8   /* units above one another: street, community, compound or grid, micro-grid */

int sh_totals_apply(struct ctx *cx, const char *unit_path, const char *month, int64_t volunteer_id,
		    int64_t minutes, int sign)
{
	int64_t ids[MAX_DEPTH];
	size_t n = org_path_ids(unit_path, ids, MAX_DEPTH);
	if (n == 0) {
		ctx_rollback(cx);
		return err_setf(&cx->err, ERR_INTERNAL, "the unit's path %s", unit_path);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t fresh = 0;
		if (sign > 0) {
			/* the volunteer counts once in a unit and month: when the marker is new */
			struct store_stmt *st = store_prepare(cx->db,
				"INSERT INTO shift_hours_served (unit_id, month, volunteer_id) VALUES (?, ?, ?)"
				" ON CONFLICT DO NOTHING");
			if (!st)
				return ctx_fail(cx);
			store_bind_int64(st, 1, ids[i]);
			store_bind_text(st, 2, month);
			store_bind_int64(st, 3, volunteer_id);
			if (ctx_write(cx, st, NULL, NULL, &fresh) < 0)
				return -1;
		}
		struct store_stmt *st = store_prepare(cx->db,
			"INSERT INTO shift_hours_totals (unit_id, month, minutes, entries, volunteers)"
			" VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id, month) DO UPDATE SET"
			" minutes = shift_hours_totals.minutes + excluded.minutes,"
			" entries = shift_hours_totals.entries + excluded.entries,"
			" volunteers = shift_hours_totals.volunteers + excluded.volunteers");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, ids[i]);
		store_bind_text(st, 2, month);
		store_bind_int64(st, 3, sign * minutes);
		store_bind_int64(st, 4, sign);
		store_bind_int64(st, 5, fresh > 0 ? 1 : 0);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return 0;
}

/* ---- the range and the unit ---- */

#define MAX_MONTHS 24

struct range {
	struct org_unit unit;
	int from, to;                 /* YYYYMM */
	const char *from_s, *to_s;    /* YYYY-MM */
	int n;                        /* months in it */
};

static int months_between(int from, int to) { return (to / 100 - from / 100) * 12 + to % 100 - from % 100 + 1; }

static int month_add(int m, int k)
{
	int i = (m / 100) * 12 + m % 100 - 1 + k;
	return i / 12 * 100 + i % 12 + 1;
}

static const char *month_text(struct ctx *cx, int m)
{
	return arena_printf(cx->a, "%04d-%02d", m / 100, m % 100);
}

/* unit_id required, from and to months (defaults: the twelve months to this one), from not after
 * to, at most 24 months; then volunteers.read with the unit in scope (404 outside). */
static int judge_range(struct ctx *cx, int64_t unit_id, const char *from, const char *to, struct range *r)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	char now[8];
	date_month_of(cx->now, now);
	int cur = date_parse_month(now);
	r->to = to ? date_parse_month(to) : cur;
	r->from = from ? date_parse_month(from) : month_add(r->to ? r->to : cur, -11);
	if (!unit_id)
		err_field(e, "unit_id", "required", 0);
	if (!r->from)
		err_field(e, "from", "shift_report_month", 0);
	if (!r->to)
		err_field(e, "to", "shift_report_month", 0);
	if (r->from && r->to && r->from > r->to)
		err_field(e, "to", "shift_report_order", 0);
	else if (r->from && r->to && months_between(r->from, r->to) > MAX_MONTHS)
		err_field(e, "to", "shift_report_range", MAX_MONTHS);
	if (e->code)
		return -1;
	r->n = months_between(r->from, r->to);
	r->from_s = month_text(cx, r->from);
	r->to_s = month_text(cx, r->to);
	int f = org_unit_by_id(cx, unit_id, &r->unit);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(e, ERR_NOT_FOUND);
	const char *paths[] = {r->unit.path};
	struct scope_target t = {1, paths};
	return access_require(cx, PERM_VOLUNTEERS_READ, &t);
}

static json_t *hours_of(int64_t minutes) { return json_real((double)((minutes * 10 + 30) / 60) / 10.0); }

static json_t *unit_json(const struct org_unit *u)
{
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->id, "name", u->name, "kind", u->kind);
}

/* Every month of the range, zeros included, from the unit's totals: [{month, minutes, hours,
 * entries, volunteers}], with their sums. */
static int months_json(struct ctx *cx, const struct range *r, json_t **out, int64_t *minutes,
		       int64_t *entries)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT month, minutes, entries, volunteers FROM shift_hours_totals"
		" WHERE unit_id = ? AND month >= ? AND month <= ? ORDER BY month");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, r->unit.id);
	store_bind_text(st, 2, r->from_s);
	store_bind_text(st, 3, r->to_s);
	int64_t m[MAX_MONTHS][3] = {{0}};
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int k = months_between(r->from, date_parse_month(store_col_text(st, 0))) - 1;
		if (k >= 0 && k < r->n)
			for (int j = 0; j < 3; j++)
				m[k][j] = store_col_int64(st, 1 + j);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	*out = json_array();
	*minutes = *entries = 0;
	for (int k = 0; k < r->n; k++) {
		json_array_append_new(*out, json_pack("{s:s, s:I, s:o, s:I, s:I}", "month",
			month_text(cx, month_add(r->from, k)), "minutes", (json_int_t)m[k][0], "hours",
			hours_of(m[k][0]), "entries", (json_int_t)m[k][1], "volunteers", (json_int_t)m[k][2]));
		*minutes += m[k][0];
		*entries += m[k][1];
	}
	return 0;
}

struct below {
	struct org_unit u;
	int64_t minutes, entries;
};

static int64_t read_below(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct below *b = row;
	b->u.id = store_col_int64(st, 0);
	b->u.name = arena_strdup(cx->a, store_col_text(st, 1));
	b->u.kind = arena_strdup(cx->a, store_col_text(st, 2));
	b->minutes = store_col_int64(st, 3);
	b->entries = store_col_int64(st, 4);
	return b->u.id;
}

int sh_report(struct ctx *cx, int64_t unit_id, const char *from, const char *to, json_t **out)
{
	struct range r;
	if (judge_range(cx, unit_id, from, to, &r) < 0)
		return -1;
	json_t *months;
	int64_t minutes, entries;
	if (months_json(cx, &r, &months, &minutes, &entries) < 0)
		return -1;
	/* the units one level below, most hours first (units, never people) */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT o.id, o.name, o.kind, COALESCE(SUM(t.minutes), 0) AS m, COALESCE(SUM(t.entries), 0)"
		" FROM org_units o LEFT JOIN shift_hours_totals t ON t.unit_id = o.id AND t.month >= ?"
		" AND t.month <= ? WHERE o.parent_id = ? GROUP BY o.id, o.name, o.kind ORDER BY m DESC, o.id");
	if (!st) {
		json_decref(months);
		return ctx_store_error(cx);
	}
	store_bind_text(st, 1, r.from_s);
	store_bind_text(st, 2, r.to_s);
	store_bind_int64(st, 3, r.unit.id);
	struct below *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 0, read_below, &rows, &n) < 0) {
		json_decref(months);
		return -1;
	}
	json_t *units = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(units, json_pack("{s:o, s:I, s:o, s:I}", "unit", unit_json(&rows[i].u),
			"minutes", (json_int_t)rows[i].minutes, "hours", hours_of(rows[i].minutes), "entries",
			(json_int_t)rows[i].entries));
	bool en = cx->lang == LANG_EN;
	*out = json_pack("{s:o, s:s, s:s, s:{s:I, s:o, s:I}, s:o, s:o, s:{s:s, s:s}}",
		"unit", unit_json(&r.unit), "from", r.from_s, "to", r.to_s, "total", "minutes",
		(json_int_t)minutes, "hours", hours_of(minutes), "entries", (json_int_t)entries,
		"months", months, "units", units, "formula", "hours",
		en ? "approved minutes of shifts starting in the month (Asia/Shanghai), organised by the unit"
		     " or a unit below it, divided by 60, to one decimal"
		   : "本单元及下级单元组织的、班次开始于该月（北京时间）的已审核通过服务时长（分钟）之和除以 60，保留一位小数",
		"volunteers",
		en ? "volunteers with hours approved that month in the unit or below, each counted once;"
		     " one whose hours were later declined or corrected still counts"
		   : "该月在本单元及下级单元有服务时长审核通过的志愿者人数，每人计一次；之后被不予认定或更正的仍计入");
	return 0;
}

int sh_report_table(struct ctx *cx, json_t *report, enum table_format f, const char **data, size_t *len)
{
	bool en = cx->lang == LANG_EN;
	static const char *const zh[] = {"类别", "月份或单元", "分钟", "小时", "条数", "志愿者人数"};
	static const char *const enh[] = {"Row", "Month or unit", "Minutes", "Hours", "Entries", "Volunteers"};
	struct table *t = table_new(cx->a, f, en ? "Hours" : "服务时长", en ? enh : zh, 6);
	if (!t)
		return err_setf(&cx->err, ERR_INTERNAL, "the hours' sheet");
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(report, "months"), i, m) {
		const char *cells[6] = {en ? "Month" : "月份", json_string_value(json_object_get(m, "month")),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(m, "minutes"))),
			arena_printf(cx->a, "%.1f", json_number_value(json_object_get(m, "hours"))),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(m, "entries"))),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(m, "volunteers")))};
		table_row(t, cells);
	}
	json_t *tot = json_object_get(report, "total");
	const char *total[6] = {en ? "Total" : "合计", arena_printf(cx->a, "%s – %s",
		json_string_value(json_object_get(report, "from")), json_string_value(json_object_get(report, "to"))),
		arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(tot, "minutes"))),
		arena_printf(cx->a, "%.1f", json_number_value(json_object_get(tot, "hours"))),
		arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(tot, "entries"))), NULL};
	table_row(t, total);
	json_array_foreach(json_object_get(report, "units"), i, m) {
		const char *cells[6] = {en ? "Unit below" : "下级单元",
			json_string_value(json_object_get(json_object_get(m, "unit"), "name")),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(m, "minutes"))),
			arena_printf(cx->a, "%.1f", json_number_value(json_object_get(m, "hours"))),
			arena_printf(cx->a, "%lld", (long long)json_integer_value(json_object_get(m, "entries"))), NULL};
		table_row(t, cells);
	}
	if (table_finish(t, data, len) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "the hours' sheet");
	return 0;
}

int sh_figures(struct ctx *cx, int64_t unit_id, const char *from, const char *to, json_t **out)
{
	struct range r;
	if (judge_range(cx, unit_id, from, to, &r) < 0)
		return -1;
	int64_t active = 0, pending = 0, minutes, entries;
	struct points_figures p;
	if (volunteers_tally(cx, r.unit.id, &active, &pending) < 0 ||
	    points_figures(cx, r.unit.id, r.from_s, r.to_s, &p) < 0)
		return -1;
	json_t *months;
	if (months_json(cx, &r, &months, &minutes, &entries) < 0)
		return -1;
	bool en = cx->lang == LANG_EN;
	*out = json_pack("{s:o, s:s, s:s, s:{s:I, s:I}, s:{s:I, s:o, s:I, s:o}, s:{s:I, s:I},"
		" s:{s:I, s:I, s:I, s:I}, s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
		"unit", unit_json(&r.unit), "from", r.from_s, "to", r.to_s,
		"volunteers", "active", (json_int_t)active, "pending", (json_int_t)pending,
		"hours", "minutes", (json_int_t)minutes, "hours", hours_of(minutes), "entries",
		(json_int_t)entries, "months", months,
		"points", "issued", (json_int_t)p.issued, "redeemed", (json_int_t)p.redeemed,
		"store", "items", (json_int_t)p.items, "stock", (json_int_t)p.stock, "low", (json_int_t)p.low,
		"threshold", (json_int_t)POINTS_STORE_LOW_STOCK,
		"formula",
		"active", en ? "volunteers registered now in the unit or below, approved and active"
			     : "本单元及下级单元现有的已审核通过且在岗的志愿者人数",
		"pending", en ? "registrations in the unit or below awaiting approval now"
			      : "本单元及下级单元现有的待审核志愿者登记数",
		"hours", en ? "approved minutes of shifts starting in the range (Asia/Shanghai), organised by"
			      " the unit or below, divided by 60, to one decimal"
			    : "本单元及下级单元组织的、班次开始于所选月份（北京时间）的已审核通过服务时长（分钟）之和除以 60，保留一位小数",
		"issued", en ? "points credited to holders of the unit or below by earnings in the range,"
			       " less reversals of earnings"
			     : "所选月份内本单元及下级单元的积分持有人因获得积分入账的积分，减去冲正的部分",
		"redeemed", en ? "points holders of the unit or below spent in the store in the range, less"
				 " what cancellations and expired reservations gave back"
			       : "所选月份内本单元及下级单元的积分持有人在积分超市兑换花费的积分，减去取消和逾期未领退回的部分",
		"stock", en ? "goods on sale now in the stores of the unit or below: their number, the units"
			      " in stock, and those with the stock at or below the threshold (low)"
			    : "本单元及下级单元积分超市现有在售商品：种数、库存件数，以及库存不高于提醒线的种数（low）");
	return 0;
}

/* ---- a unit's move ---- */

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

struct marker {
	const char *month;
	int64_t volunteer_id;
};

static int64_t read_marker(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct marker *m = row;
	m->month = arena_strdup(cx->a, store_col_text(st, 0));
	m->volunteer_id = store_col_int64(st, 1);
	return m->volunteer_id;
}

/* Run st (its parameters bound) in the open transaction. */
static int write(struct ctx *cx, struct store_stmt *st) { return ctx_write(cx, st, NULL, NULL, NULL); }

/* The moved unit's own totals hold what it and the units below it organised: they leave the
 * units above it that it left and join those it joined (the units above both keep theirs). Its
 * markers join the new units above it; at a unit it left, a marker of its goes unless the
 * volunteer still has hours approved there that month (from the entries approved now). Then the
 * volunteers of the months it touched are counted again from the markers. */
int shifts_unit_moved(struct ctx *cx, int64_t unit_id, const char *old_path, const char *new_path)
{
	int64_t was[MAX_DEPTH], now[MAX_DEPTH];
	size_t nw = org_path_ids(old_path, was, MAX_DEPTH), nn = org_path_ids(new_path, now, MAX_DEPTH);
	if (!nw || !nn || was[nw - 1] != unit_id || now[nn - 1] != unit_id) {
		ctx_rollback(cx);
		return err_setf(&cx->err, ERR_INTERNAL, "a move's paths %s, %s", old_path, new_path);
	}
	struct store_stmt *st;
	for (size_t i = 0; i + 1 < nn; i++) {
		if (has_id(was, nw - 1, now[i]))
			continue;
		if (!(st = store_prepare(cx->db,
			"INSERT INTO shift_hours_totals (unit_id, month, minutes, entries, volunteers)"
			" SELECT ?, month, minutes, entries, 0 FROM shift_hours_totals WHERE unit_id = ?"
			" ON CONFLICT (unit_id, month) DO UPDATE SET"
			" minutes = shift_hours_totals.minutes + excluded.minutes,"
			" entries = shift_hours_totals.entries + excluded.entries")))
			return ctx_fail(cx);
		store_bind_int64(st, 1, now[i]);
		store_bind_int64(st, 2, unit_id);
		if (write(cx, st) < 0)
			return -1;
		if (!(st = store_prepare(cx->db,
			"INSERT INTO shift_hours_served (unit_id, month, volunteer_id)"
			" SELECT ?, month, volunteer_id FROM shift_hours_served WHERE unit_id = ?"
			" ON CONFLICT DO NOTHING")))
			return ctx_fail(cx);
		store_bind_int64(st, 1, now[i]);
		store_bind_int64(st, 2, unit_id);
		if (write(cx, st) < 0)
			return -1;
	}
	struct marker *marks = NULL;
	size_t nm = 0;
	bool left = false;
	for (size_t i = 0; i + 1 < nw; i++)
		left |= !has_id(now, nn - 1, was[i]);
	if (left) {
		if (!(st = store_prepare(cx->db,
			"SELECT month, volunteer_id FROM shift_hours_served WHERE unit_id = ?")))
			return ctx_fail(cx);
		store_bind_int64(st, 1, unit_id);
		if (ctx_rows(cx, st, sizeof *marks, 0, read_marker, &marks, &nm) < 0) {
			ctx_rollback(cx);
			return -1;
		}
	}
	for (size_t i = 0; i + 1 < nw; i++) {
		if (has_id(now, nn - 1, was[i]))
			continue;
		if (!(st = store_prepare(cx->db,
			"UPDATE shift_hours_totals SET"
			" minutes = minutes - COALESCE((SELECT r.minutes FROM shift_hours_totals r"
			"  WHERE r.unit_id = ? AND r.month = shift_hours_totals.month), 0),"
			" entries = entries - COALESCE((SELECT r.entries FROM shift_hours_totals r"
			"  WHERE r.unit_id = ? AND r.month = shift_hours_totals.month), 0)"
			" WHERE unit_id = ?")))
			return ctx_fail(cx);
		store_bind_int64(st, 1, unit_id);
		store_bind_int64(st, 2, unit_id);
		store_bind_int64(st, 3, was[i]);
		if (write(cx, st) < 0)
			return -1;
		struct org_unit a;
		if (org_unit_by_id(cx, was[i], &a) != 1) {
			ctx_rollback(cx);
			return err_setf(&cx->err, ERR_INTERNAL, "the unit %lld", (long long)was[i]);
		}
		for (size_t k = 0; k < nm; k++) {
			if (!(st = store_prepare(cx->db,
				"DELETE FROM shift_hours_served WHERE unit_id = ? AND month = ? AND volunteer_id = ?"
				" AND NOT EXISTS (SELECT 1 FROM shift_hours h JOIN org_units o ON o.id = h.unit_id"
				"  WHERE h.volunteer_id = ? AND h.month = ? AND h.state = 'approved'"
				"  AND substr(o.path, 1, length(CAST(? AS TEXT))) = ?)")))
				return ctx_fail(cx);
			store_bind_int64(st, 1, a.id);
			store_bind_text(st, 2, marks[k].month);
			store_bind_int64(st, 3, marks[k].volunteer_id);
			store_bind_int64(st, 4, marks[k].volunteer_id);
			store_bind_text(st, 5, marks[k].month);
			store_bind_text(st, 6, a.path);
			store_bind_text(st, 7, a.path);
			if (write(cx, st) < 0)
				return -1;
		}
	}
	for (size_t j = 0; j < 2; j++) {
		const int64_t *ids = j ? was : now, *other = j ? now : was;
		size_t n = j ? nw : nn, no = j ? nn : nw;
		for (size_t i = 0; i + 1 < n; i++) {
			if (has_id(other, no - 1, ids[i]))
				continue;
			if (!(st = store_prepare(cx->db,
				"UPDATE shift_hours_totals SET volunteers = (SELECT COUNT(*) FROM shift_hours_served s"
				" WHERE s.unit_id = shift_hours_totals.unit_id AND s.month = shift_hours_totals.month)"
				" WHERE unit_id = ? AND month IN (SELECT month FROM shift_hours_totals WHERE unit_id = ?)")))
				return ctx_fail(cx);
			store_bind_int64(st, 1, ids[i]);
			store_bind_int64(st, 2, unit_id);
			if (write(cx, st) < 0)
				return -1;
			/* a month left with nothing at all is no row, as if it had never held any */
			if (!(st = store_prepare(cx->db,
				"DELETE FROM shift_hours_totals WHERE unit_id = ? AND minutes = 0 AND entries = 0"
				" AND volunteers = 0")))
				return ctx_fail(cx);
			store_bind_int64(st, 1, ids[i]);
			if (write(cx, st) < 0)
				return -1;
		}
	}
	return 0;
}
