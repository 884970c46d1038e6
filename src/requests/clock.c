/* The clock (the job requests_clock, every five minutes; with several copies of linli on one
 * database the job's lease lets one run it, and each mark is written once, by a conditional
 * update, so that nobody is told twice): a request with less than a working day left is due
 * soon, its handler told; one past its due time is overdue (督单: a timeline entry and the
 * handler, the dispatcher and the first receiver told; a petition or an online request not
 * accepted in time, the unit's dispatchers); one overdue by RQ_ESCALATE_DAYS working days goes
 * up to the parent unit (提级办), once. */
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "calendar/calendar.h"
#include "requests/internal.h"

#define CLOCK_BATCH 500

#define STR_(x) #x
#define STR(x) STR_(x)

/* The requests whose clock runs, not yet marked (the mark's column), due between after and
 * before, the soonest due first: the SQL of one mark. */
#define CANDIDATES(mark) "SELECT " RQ_COLS " FROM " RQ_FROM " WHERE ((r.state IN ('accepted'," \
	" 'dispatched', 'in_progress', 'returned') AND r.due_at > ? AND r.due_at < ?)" \
	" OR (r.state = 'submitted' AND r.accept_due > ? AND r.accept_due < ?))" \
	" AND r." mark " IS NULL ORDER BY CASE WHEN r.state = 'submitted' THEN r.accept_due" \
	" ELSE r.due_at END, r.id LIMIT " STR(CLOCK_BATCH)

static int candidates(struct ctx *cx, const char *sql, int64_t after, int64_t before,
		      struct request **items, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, after);
	store_bind_int64(st, 2, before);
	store_bind_int64(st, 3, after);
	store_bind_int64(st, 4, before);
	return ctx_rows(cx, st, sizeof **items, CLOCK_BATCH, rq_read, items, n);
}

/* Set the mark once (the SQL of MARK_ONCE(its column)): 1 set here, 0 set already (by another
 * copy), -1 error. */
#define MARK_ONCE(mark) "UPDATE requests SET " mark " = ? WHERE id = ? AND " mark " IS NULL"

static int mark_once(struct ctx *cx, const char *sql, int64_t id)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	return changed > 0;
}

static int64_t due_of(const struct request *r)
{
	return r->state == RQ_SUBMITTED ? r->accept_due : r->due_at;
}

static int64_t due_soon(struct ctx *cx, const struct workday_calendar *cal)
{
	/* a working day lies within four days of the calendar, whatever the holidays, but for
	 * the Spring Festival's: look ten days ahead, then count */
	struct request *items;
	size_t n;
	if (candidates(cx, CANDIDATES("due_soon_at"), cx->now, cx->now + 10 * 86400, &items, &n) < 0)
		return -1;
	int64_t day = workday_day_minutes(cal), done = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t due = due_of(&items[i]);
		if (due <= cx->now)
			continue;
		if (workday_minutes_between(cal, cx->now, due) > day)
			break;   /* and every one due later */
		if (ctx_begin(cx) < 0)
			return -1;
		int m = mark_once(cx, MARK_ONCE("due_soon_at"), items[i].id);
		if (m < 0 || (m == 1 && (rq_notify_clock(cx, &items[i], "request.due_soon") < 0 ||
					 rq_outbox_clock(cx, &items[i], "request.due_soon") < 0)))
			return -1;
		if (ctx_commit(cx) < 0)
			return -1;
		done += m;
	}
	return done;
}

static int64_t overdue(struct ctx *cx)
{
	struct request *items;
	size_t n;
	if (candidates(cx, CANDIDATES("overdue_at"), 0, cx->now, &items, &n) < 0)
		return -1;
	int64_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (ctx_begin(cx) < 0)
			return -1;
		int m = mark_once(cx, MARK_ONCE("overdue_at"), items[i].id);
		if (m < 0)
			return -1;
		if (m == 1 && (rq_event(cx, items[i].id, "supervise", items[i].state, items[i].state,
					"已超过办理期限，系统督办", NULL) < 0 ||
			       rq_notify_clock(cx, &items[i], "request.overdue") < 0 ||
			       rq_outbox_clock(cx, &items[i], "request.overdue") < 0))
			return -1;
		if (ctx_commit(cx) < 0)
			return -1;
		done += m;
	}
	return done;
}

/* Overdue by RQ_ESCALATE_DAYS working days and never escalated by the rule: up a unit. */
static int64_t escalate(struct ctx *cx, const struct workday_calendar *cal)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RQ_COLS " FROM " RQ_FROM " WHERE r.state IN ('accepted', 'dispatched',"
		" 'in_progress', 'returned') AND r.due_at < ? AND r.escalated_at IS NULL"
		" AND cu.parent_id IS NOT NULL ORDER BY r.due_at, r.id LIMIT " STR(CLOCK_BATCH));
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now - RQ_ESCALATE_DAYS * 86400);
	struct request *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, CLOCK_BATCH, rq_read, &items, &n) < 0)
		return -1;
	int64_t limit = RQ_ESCALATE_DAYS * workday_day_minutes(cal), done = 0;
	for (size_t i = 0; i < n; i++) {
		if (workday_minutes_between(cal, items[i].due_at, cx->now) < limit)
			break;   /* and every one due later */
		/* the mark first, in a transaction of its own: the escalation is then taken once */
		if (ctx_begin(cx) < 0)
			return -1;
		int m = mark_once(cx, MARK_ONCE("escalated_at"), items[i].id);
		if (m < 0 || ctx_commit(cx) < 0)
			return -1;
		if (m == 0)
			continue;
		struct request now, out;
		if (rq_fetch(cx, items[i].id, &now) != 1)
			continue;
		struct rq_act_in in = {0};
		const char *why = arena_printf(cx->a, "超过办理期限 %d 个工作日，按规则提级办理",
					       RQ_ESCALATE_DAYS);
		if (rq_perform(cx, &now, RA_ESCALATE, why, NULL, &in, NULL, NULL, &out) < 0) {
			/* another action came first, or the unit has no parent now: leave it */
			err_clear(&cx->err);
			continue;
		}
		done++;
	}
	return done;
}

int64_t requests_clock_job(struct store *db, int64_t now)
{
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	cx.actor.username = "linli";
	int64_t total = -1;
	struct workday_calendar cal;
	int today = date_of_time(now);
	if (calendar_load(&cx, date_add(today, -400), date_add(today, 30), &cal) == 0) {
		int64_t a = due_soon(&cx, &cal), b = a < 0 ? -1 : overdue(&cx),
			c = b < 0 ? -1 : escalate(&cx, &cal);
		total = c < 0 ? -1 : a + b + c;
	}
	if (total < 0)
		log_error("requests_clock: %s", cx.err.detail[0] ? cx.err.detail : "failed");
	arena_free(cx.a);
	return total;
}
