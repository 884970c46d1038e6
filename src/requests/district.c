/* `linli demo --scale district`: a year of history for the district's 900 grids, about five
 * million closed requests (and some still open), for the benchmarks. Written in bulk, many rows
 * a statement, a grid a transaction: each request with its two steps in the timeline (received,
 * and closed or where it stands), as history imported from an older system would be; then the
 * indicators counted from them (stats.c's recount). A grid that has requests is left as it is,
 * so a run that stopped goes on where it stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "requests/internal.h"

#define D_PER_GRID_DAY 15      /* requests a grid a day, on average */
#define D_DAYS 365
#define D_BATCH 200            /* rows a statement */

static uint64_t s = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 0x2545f4914f6cdd1dull;
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

static const char *const cols[] = {"receipt", "channel", "state", "priority", "item_id", "title",
	"body", "origin_unit_id", "street_id", "community_id", "grid_id", "unit_id",
	"requester_name", "received_at", "month", "accept_due", "accepted_at", "due_at",
	"resolved_at", "handle_minutes", "closed_at", "rating", "rated_at", "rating_source",
	"result", "reworks", "extensions", "returns", "created_at", "updated_at"};
enum { NC = sizeof cols / sizeof cols[0] };

struct row {
	char receipt[48];
	const char *channel, *state, *priority, *title, *body, *name, *result, *source;
	int64_t item, received, accept_due, accepted, due, resolved, handle, closed, rating, rated;
	int64_t reworks, extensions, returns;
	int month;
};

static const struct {
	const char *title, *result;
} matters[] = {
	{"路灯不亮", "已更换灯泡"}, {"楼道堆物", "已清理"}, {"电梯故障", "维保单位已修复"},
	{"停水", "已恢复供水"}, {"垃圾未清运", "已清运"}, {"邻里噪音纠纷", "已调解"},
	{"社保卡年审", "已上门认证"}, {"居住证明", "已开具"}, {"井盖缺失", "已补装"},
	{"高龄津贴申领", "已受理上报"},
};
static const char *const names[] = {"王**", "李**", "张**", "刘**", "陈**", "杨**", "赵**", "黄**"};
static const char *const channels[] = {"window", "window", "grid", "grid", "phone", "online",
	"online", "suggestion"};

static int flush(struct ctx *cx, const struct org_unit *g, struct row *rows, size_t n)
{
	if (!n)
		return 0;
	char *sql = arena_alloc(cx->a, 512 + n * (4 * NC + 4));
	size_t k = (size_t)sprintf(sql, "INSERT INTO requests (");
	for (int c = 0; c < NC; c++)
		k += (size_t)sprintf(sql + k, "%s%s", c ? ", " : "", cols[c]);
	k += (size_t)sprintf(sql + k, ") VALUES ");
	for (size_t i = 0; i < n; i++) {
		k += (size_t)sprintf(sql + k, "%s(", i ? ", " : "");
		for (int c = 0; c < NC; c++)
			k += (size_t)sprintf(sql + k, "%s?", c ? ", " : "");
		k += (size_t)sprintf(sql + k, ")");
	}
	struct store_stmt *st = store_prepare_text(cx->db, sql);
	if (!st)
		return ctx_fail(cx);
	int p = 1;
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		store_bind_text(st, p++, r->receipt);
		store_bind_text(st, p++, r->channel);
		store_bind_text(st, p++, r->state);
		store_bind_text(st, p++, r->priority);
		store_bind_int64_or_null(st, p++, r->item);
		store_bind_text(st, p++, r->title);
		store_bind_text(st, p++, r->body);
		store_bind_int64(st, p++, g->id);
		for (int a = 0; a < 3; a++)
			store_bind_int64_or_null(st, p++, g->anchor[a]);
		store_bind_int64(st, p++, g->id);
		store_bind_text(st, p++, r->name);
		store_bind_int64(st, p++, r->received);
		store_bind_int64(st, p++, r->month);
		store_bind_int64(st, p++, r->accept_due);
		store_bind_int64_or_null(st, p++, r->accepted);
		store_bind_int64_or_null(st, p++, r->due);
		store_bind_int64_or_null(st, p++, r->resolved);
		if (r->handle >= 0)
			store_bind_int64(st, p++, r->handle);
		else
			store_bind_null(st, p++);
		store_bind_int64_or_null(st, p++, r->closed);
		store_bind_int64_or_null(st, p++, r->rating);
		store_bind_int64_or_null(st, p++, r->rated);
		store_bind_text(st, p++, r->source);
		store_bind_text(st, p++, r->result);
		store_bind_int64(st, p++, r->reworks);
		store_bind_int64(st, p++, r->extensions);
		store_bind_int64(st, p++, r->returns);
		store_bind_int64(st, p++, r->received);
		store_bind_int64(st, p++, r->closed ? r->closed : r->received);
	}
	return ctx_write(cx, st, NULL, NULL, NULL);
}

/* One grid's year: 0 made, 1 there already, -1 error (rolled back). */
static int grid_year(struct ctx *cx, const struct org_unit *g, const char *community_code,
		     const int64_t *items, size_t nitems, int today, int64_t *made)
{
	int64_t have = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM requests WHERE grid_id = ?", &have,
			      1, g->id) < 0)
		return ctx_store_error(cx);
	if (have)
		return 1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct row *rows = arena_alloc(cx->a, D_BATCH * sizeof *rows);
	size_t n = 0;
	/* a grid's receipts: its community's, numbered on from a base of its own (a community has
	 * six grids; the grid's place among them keeps their numbers apart) */
	int gi = (int)(atoi(g->code + strlen(g->code) - 3) - 1);
	for (int d = D_DAYS; d >= 1; d--) {
		int date = date_add(today, -d);
		int64_t midnight = date_midnight(date);
		int count = D_PER_GRID_DAY / 2 + pick(D_PER_GRID_DAY + 1);
		for (int i = 0; i < count; i++) {
			struct row *r = &rows[n];
			int m = pick((int)(sizeof matters / sizeof matters[0]));
			*r = (struct row){.channel = channels[pick(8)], .priority = pick(20) ? "normal" : "green",
				.title = matters[m].title, .body = matters[m].title, .name = names[pick(8)],
				.item = nitems ? items[pick((int)nitems)] : 0, .month = date / 100, .result = "",
				.source = NULL, .handle = -1};
			snprintf(r->receipt, sizeof r->receipt, "%s-%08d-%04d", community_code, date,
				 gi * 1000 + i + 1);
			r->received = midnight + 8 * 3600 + pick(10 * 3600);
			r->accept_due = r->received + 86400;
			r->accepted = r->received + 600 + pick(pick(10) ? 3600 : 2 * 86400);
			r->due = r->accepted + 7 * 86400;
			/* what is older than a fortnight is done; the last fortnight partly open */
			bool open = d <= 14 && pick(3) == 0;
			int64_t took = pick(5) ? 3600 + pick(4 * 86400) : 6 * 86400 + pick(8 * 86400);
			r->returns = pick(25) == 0;
			r->reworks = pick(30) == 0;
			r->extensions = pick(50) == 0;
			if (open) {
				r->state = pick(2) ? "in_progress" : "dispatched";
				r->handle = -1;
			} else {
				r->state = "closed";
				r->resolved = r->accepted + took;
				r->handle = took / 60 * 7 / 24;   /* a day's seven working hours */
				r->closed = r->resolved + 86400;
				r->result = matters[m].result;
				if (pick(5) < 3) {
					static const int scores[] = {5, 5, 5, 5, 4, 4, 4, 3, 2, 1};
					r->rating = scores[pick(10)];
					r->rated = r->resolved + 3600;
					r->source = pick(2) ? "link" : "callback";
				}
			}
			if (++n == D_BATCH) {
				if (flush(cx, g, rows, n) < 0)
					return -1;
				*made += (int64_t)n;
				n = 0;
			}
		}
	}
	if (flush(cx, g, rows, n) < 0)
		return -1;
	*made += (int64_t)n;
	/* the timeline: received, and closed or where it stands */
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO request_events (request_id, action, from_state, to_state, actor_name, comment, at)"
		" SELECT id, 'receive', NULL, 'accepted', '', '历史数据', received_at FROM requests"
		" WHERE grid_id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, g->id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	st = store_prepare(cx->db,
		"INSERT INTO request_events (request_id, action, from_state, to_state, actor_name, comment, at)"
		" SELECT id, CASE WHEN state = 'closed' THEN 'close' ELSE 'dispatch' END, 'accepted', state,"
		" '', '历史数据', COALESCE(closed_at, accepted_at) FROM requests WHERE grid_id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, g->id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	return ctx_commit(cx) < 0 ? -1 : 0;
}

int requests_demo_district(struct ctx *cx)
{
	struct org_unit_filter f = {.kind = "grid"};
	struct org_unit *grids;
	size_t ng;
	if (org_units_list(cx, &f, &grids, &ng) < 0)
		return -1;
	struct catalog_item_filter cf = {.active = 1, .public_ = 1, .limit = 200};
	struct catalog_item *its;
	size_t nit;
	int64_t next;
	if (catalog_items_list(cx, &cf, &its, &nit, &next) < 0)
		return -1;
	int64_t *items = arena_alloc(cx->a, (nit + 1) * sizeof *items);
	for (size_t i = 0; i < nit; i++)
		items[i] = its[i].id;
	int today = date_of_time(cx->now);
	int64_t made = 0;
	int built = 0;
	struct arena *keep = cx->a;
	for (size_t i = 0; i < ng; i++) {
		/* the district's grids: those of the three streets the district demo builds */
		if (strncmp(grids[i].code, "51010402", 8) || grids[i].code[8] < '1' || grids[i].code[8] > '3')
			continue;
		struct org_unit c;
		if (org_unit_by_id(cx, grids[i].anchor[ORG_ANCHOR_COMMUNITY], &c) != 1)
			continue;
		cx->a = arena_new();
		int rc = grid_year(cx, &grids[i], c.code, items, nit, today, &made);
		arena_free(cx->a);
		cx->a = keep;
		if (rc < 0)
			return -1;
		built += rc == 0;
		if (rc == 0 && built % 100 == 0)
			log_info("demo: requests of %d grids, %lld rows", built, (long long)made);
	}
	if (!built)
		return 0;
	log_info("demo: %lld requests in %d grids; counting the indicators", (long long)made, built);
	/* what ran out of time in the history was marked overdue then, as the clock marks it (its
	 * reminders are history too): the clock starts on what runs out from now on, not on tens of
	 * thousands of old marks, 500 a run */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE requests SET overdue_at = CASE WHEN state = 'submitted' THEN accept_due ELSE due_at END"
		" WHERE overdue_at IS NULL AND ((state IN ('accepted', 'dispatched', 'in_progress', 'returned')"
		" AND due_at < ?) OR (state = 'submitted' AND accept_due < ?))");
	if (!st || ctx_begin(cx) < 0)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->now);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	if (requests_stats_rebuild(cx) < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (store_exec(cx->db, store_kind(cx->db) == STORE_POSTGRES ? "VACUUM ANALYZE" : "ANALYZE") < 0)
		return ctx_store_error(cx);
	return 0;
}
