/* The pieces the files of requests share: reading one, its scope, its timeline, its receipt
 * number and its time limits. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/json.h"
#include "calendar/calendar.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "requests/internal.h"

static const char *dup(struct ctx *cx, struct store_stmt *st, int col)
{
	return arena_strdup(cx->a, store_col_text(st, col));
}

int64_t rq_read(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct request *r = row;
	int c = 0;
	r->id = store_col_int64(st, c++);
	r->receipt = dup(cx, st, c++);
	r->channel = dup(cx, st, c++);
	r->state = rq_state_parse(store_col_text(st, c++));
	r->priority = dup(cx, st, c++);
	r->item_id = store_col_int64(st, c++);
	r->item_code = dup(cx, st, c++);
	r->item_name = dup(cx, st, c++);
	r->title = dup(cx, st, c++);
	r->body = dup(cx, st, c++);
	r->origin_unit_id = store_col_int64(st, c++);
	r->origin_unit_name = dup(cx, st, c++);
	r->origin_path = dup(cx, st, c++);
	r->unit_id = store_col_int64(st, c++);
	r->unit_name = dup(cx, st, c++);
	r->unit_path = dup(cx, st, c++);
	for (int k = 0; k < 3; k++)
		r->anchor[k] = store_col_int64(st, c++);
	r->handler_id = store_col_int64(st, c++);
	r->handler_name = dup(cx, st, c++);
	r->responsible_id = store_col_int64(st, c++);
	r->responsible_name = dup(cx, st, c++);
	r->dispatcher_id = store_col_int64(st, c++);
	r->resident_id = store_col_int64(st, c++);
	r->household_id = store_col_int64(st, c++);
	r->requester_name = dup(cx, st, c++);
	r->phone_masked = dup(cx, st, c++);
	r->address = dup(cx, st, c++);
	r->has_location = !store_col_is_null(st, c);
	r->lon = store_col_double(st, c++);
	r->lat = store_col_double(st, c++);
	r->merged_into = store_col_int64(st, c++);
	r->result = dup(cx, st, c++);
	r->rating = store_col_int64(st, c++);
	r->received_at = store_col_int64(st, c++);
	r->accept_due = store_col_int64(st, c++);
	r->accepted_at = store_col_int64(st, c++);
	r->due_at = store_col_int64(st, c++);
	r->extension_due = store_col_int64(st, c++);
	r->extension_reason = dup(cx, st, c++);
	r->extensions = store_col_int64(st, c++);
	r->reworks = store_col_int64(st, c++);
	r->returns = store_col_int64(st, c++);
	r->resolved_at = store_col_int64(st, c++);
	r->closed_at = store_col_int64(st, c++);
	r->created_by = store_col_int64(st, c++);
	r->created_at = store_col_int64(st, c++);
	r->updated_at = store_col_int64(st, c++);
	r->version = store_col_int64(st, c++);
	r->rating_comment = dup(cx, st, c++);
	r->rated_at = store_col_int64(st, c++);
	r->rating_source = dup(cx, st, c++);
	r->due_soon_at = store_col_int64(st, c++);
	r->overdue_at = store_col_int64(st, c++);
	r->escalated_at = store_col_int64(st, c++);
	r->category_id = store_col_int64(st, c++);
	r->handle_minutes = store_col_is_null(st, c) ? -1 : store_col_int64(st, c);
	c++;
	r->department = dup(cx, st, c++);
	r->due_by = store_col_int64(st, c++);
	return r->id;
}

int rq_fetch(struct ctx *cx, int64_t id, struct request *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " RQ_COLS " FROM " RQ_FROM
					      " WHERE r.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		rq_read(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int rq_query_text(struct ctx *cx, const char *sql, const char *a, const char *b, bool has_c,
		  int64_t c, int64_t *out)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	store_bind_text(st, k++, a);
	if (b)
		store_bind_text(st, k++, b);
	if (has_c)
		store_bind_int64(st, k, c);
	int rc = store_step(st);
	*out = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

bool rq_visible(const struct ctx *cx, const struct request *r)
{
	return access_is_global(cx) || access_path_in_scope(cx, r->origin_path) ||
	       access_path_in_scope(cx, r->unit_path);
}

int rq_event(struct ctx *cx, int64_t request_id, const char *action, int from, int to,
	     const char *comment, json_t *data)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO request_events (request_id, action, from_state, to_state, actor_id,"
		" actor_name, comment, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, request_id);
	store_bind_text(st, 2, action);
	store_bind_text(st, 3, from >= 0 ? rq_state_name(from) : NULL);
	store_bind_text(st, 4, rq_state_name(to));
	store_bind_int64_or_null(st, 5, cx->actor.user_id);
	store_bind_text(st, 6, cx->actor.username ? cx->actor.username : "");
	store_bind_text(st, 7, comment ? comment : "");
	store_bind_text(st, 8, data ? json_to_arena(cx->a, data, NULL) : NULL);
	store_bind_int64(st, 9, cx->now);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

int rq_receipt(struct ctx *cx, int64_t unit_id, const char *code, const char **out)
{
	int day = date_of_time(cx->now);
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO request_counters (unit_id, day, n) VALUES (?, ?, 1) ON CONFLICT"
		" (unit_id, day) DO UPDATE SET n = request_counters.n + 1 RETURNING n");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit_id);
	store_bind_int64(st, 2, day);
	int rc = store_step(st);
	int64_t n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || n <= 0)
		return ctx_fail(cx);
	*out = arena_printf(cx->a, "%s-%08d-%04lld", code, day, (long long)n);
	return 0;
}

static bool is_petition(const char *channel) { return channel && strcmp(channel, "petition") == 0; }

/* A time limit: in working hours or days (its value), or none by the calendar (a petition's,
 * in calendar days). */
struct time_limit {
	bool calendar_days, hours;
	int64_t value;
};

static struct time_limit accept_limit(const char *channel, const char *priority)
{
	if (is_petition(channel))
		return (struct time_limit){true, false, RQ_PETITION_ACCEPT_DAYS};
	if (priority && strcmp(priority, "urgent") == 0)
		return (struct time_limit){false, true, 1};
	return (struct time_limit){false, false, 1};
}

static struct time_limit resolve_limit(const char *channel, const struct catalog_item *item,
				  const char *priority)
{
	if (is_petition(channel))
		return (struct time_limit){true, false, RQ_PETITION_DAYS};
	enum catalog_priority p = CATALOG_NORMAL;
	if (priority && strcmp(priority, "urgent") == 0)
		p = CATALOG_URGENT;
	else if (priority && strcmp(priority, "green") == 0)
		p = CATALOG_GREEN;
	struct time_limit l = {false, p == CATALOG_URGENT, 0};
	l.value = l.hours ? CATALOG_URGENT_HOURS_DEFAULT :
		p == CATALOG_GREEN ? (RQ_DEFAULT_LIMIT_DAYS + 1) / 2 : RQ_DEFAULT_LIMIT_DAYS;
	if (item)
		catalog_item_limit(item, p, &l.hours, &l.value);
	return l;
}

/* How far the calendar must reach for a limit: working days and working minutes. */
static void reach(const struct time_limit *l, int *days, int64_t *minutes)
{
	if (l->calendar_days)
		return;
	if (l->hours && l->value * 60 > *minutes)
		*minutes = l->value * 60;
	else if (!l->hours && l->value > *days)
		*days = (int)l->value;
}

static int64_t due_of(const struct workday_calendar *cal, const struct time_limit *l, int64_t t)
{
	if (l->calendar_days)
		return t + l->value * 86400;
	return l->hours ? workday_add_minutes(cal, t, l->value * 60)
			: workday_add_days(cal, t, (int)l->value);
}

int rq_due_times(struct ctx *cx, const char *channel, const char *priority,
		 const struct catalog_item *item, int64_t t, int64_t *accept_due, int64_t *resolve_due)
{
	struct time_limit a = accept_limit(channel, priority), r = resolve_limit(channel, item, priority);
	int days = 0;
	int64_t minutes = 0;
	if (accept_due)
		reach(&a, &days, &minutes);
	if (resolve_due)
		reach(&r, &days, &minutes);
	/* the calendar once for both, when either counts working time */
	struct workday_calendar cal = {0};
	if ((days || minutes) && calendar_load_ahead(cx, t, days, minutes, &cal) < 0)
		return -1;
	if (accept_due)
		*accept_due = due_of(&cal, &a, t);
	if (resolve_due)
		*resolve_due = due_of(&cal, &r, t);
	return 0;
}

int rq_sits(struct ctx *cx, int64_t unit_id, int64_t origin_unit_id, const int64_t arose[3],
	    int64_t sits[3])
{
	sits[0] = sits[1] = sits[2] = 0;
	if (unit_id == origin_unit_id)
		return 0;
	struct org_unit u;
	int rc = org_unit_by_id(cx, unit_id, &u);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(&cx->err, ERR_INTERNAL);
	for (int a = 0; a < ORG_ANCHORS; a++)
		sits[a] = u.anchor[a] && u.anchor[a] != arose[a] ? u.anchor[a] : 0;
	return 0;
}
