/* The daily register (便民服务代办工作登记簿, seed 000): every open request of the caller's
 * scope (or of one unit and below), by the unit it sits at and its handler, each with its age
 * and what is left of its time in working hours, the most urgent first; as JSON for the screen
 * and the printed A4 page, and as XLSX or CSV. Read each morning, it is what is not done. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/mask.h"
#include "base/table.h"
#include "calendar/calendar.h"
#include "requests/internal.h"

#define REGISTER_MAX 5000

struct row {
	struct request r;
	int64_t due;              /* accept_due while submitted, else due_at (0: none) */
	int64_t age_minutes, left_minutes;   /* working minutes since received; to the due time (< 0: over) */
	int urgency;              /* 0 urgent, 1 green, 2 normal */
	bool over;                /* past its due time */
};

static int by_urgency(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = strcmp(a->r.unit_name, b->r.unit_name);
	if (c)
		return c;
	if (a->r.unit_id != b->r.unit_id)
		return a->r.unit_id < b->r.unit_id ? -1 : 1;
	/* the handler's group: nobody yet first, then by name */
	if (a->r.handler_id != b->r.handler_id) {
		if (!a->r.handler_id || !b->r.handler_id)
			return a->r.handler_id ? 1 : -1;
		c = strcmp(a->r.handler_name, b->r.handler_name);
		return c ? c : (a->r.handler_id < b->r.handler_id ? -1 : 1);
	}
	/* the overdue first (the longest over), then the least time left, urgent before green
	 * before normal, then the oldest */
	if (a->over != b->over)
		return a->over ? -1 : 1;
	if (a->due != b->due) {
		if (!a->due || !b->due)
			return a->due ? -1 : 1;
		return a->due < b->due ? -1 : 1;
	}
	if (a->urgency != b->urgency)
		return a->urgency - b->urgency;
	return a->r.received_at < b->r.received_at ? -1 : a->r.received_at > b->r.received_at;
}

static int rows_of(struct ctx *cx, int64_t unit_id, struct row **out, size_t *n)
{
	struct request_filter f = {
		.states = "submitted,accepted,dispatched,in_progress,returned,resolved,verified,rated,parked",
		.unit_id = unit_id, .limit = 200,
	};
	size_t cap = 256, k = 0;
	struct row *rows = arena_alloc(cx->a, cap * sizeof *rows);
	int64_t first = INT64_MAX, last = 0;
	do {
		struct request *items;
		size_t m;
		int64_t next;
		if (requests_list(cx, &f, &items, &m, &next) < 0)
			return -1;
		for (size_t i = 0; i < m && k < REGISTER_MAX; i++) {
			if (k == cap) {
				struct row *bigger = arena_alloc(cx->a, 2 * cap * sizeof *rows);
				memcpy(bigger, rows, cap * sizeof *rows);
				rows = bigger;
				cap *= 2;
			}
			struct row *w = &rows[k++];
			*w = (struct row){.r = items[i]};
			/* the clock runs until it is resolved, and stops while parked */
			int st = items[i].state;
			w->due = st == RQ_SUBMITTED ? items[i].accept_due
				 : st == RQ_RESOLVED || st == RQ_VERIFIED || st == RQ_RATED || st == RQ_PARKED ? 0
				 : items[i].due_at;
			w->urgency = !strcmp(items[i].priority, "urgent") ? 0 : !strcmp(items[i].priority, "green") ? 1 : 2;
			if (items[i].received_at < first)
				first = items[i].received_at;
			if (w->due > last)
				last = w->due;
		}
		f.cursor = next;
	} while (f.cursor && k < REGISTER_MAX);
	/* working time by the calendar of the days the rows span, loaded once */
	struct workday_calendar cal;
	int from = date_of_time(k ? first : cx->now), to = date_of_time(last > cx->now ? last : cx->now);
	if (calendar_load(cx, date_add(from, -1), date_add(to, 1), &cal) < 0)
		return -1;
	for (size_t i = 0; i < k; i++) {
		struct row *w = &rows[i];
		w->age_minutes = workday_minutes_between(&cal, w->r.received_at, cx->now);
		w->over = w->due && cx->now > w->due;
		if (w->due)
			w->left_minutes = w->over ? -workday_minutes_between(&cal, w->due, cx->now)
				: workday_minutes_between(&cal, cx->now, w->due);
	}
	qsort(rows, k, sizeof *rows, by_urgency);
	*out = rows;
	*n = k;
	return 0;
}

static json_t *hours(int64_t minutes) { return json_real((double)minutes / 60.0); }

int requests_register(struct ctx *cx, int64_t unit_id, json_t **out)
{
	struct row *rows;
	size_t n;
	if (rows_of(cx, unit_id, &rows, &n) < 0)
		return -1;
	json_t *groups = json_array(), *cur = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct request *r = &rows[i].r;
		if (!cur || (i && (r->unit_id != rows[i - 1].r.unit_id || r->handler_id != rows[i - 1].r.handler_id))) {
			cur = json_pack("{s:{s:I, s:s}, s:o, s:[]}", "unit", "id", (json_int_t)r->unit_id,
				"name", r->unit_name, "handler", r->handler_id ? json_pack("{s:I, s:s}",
				"id", (json_int_t)r->handler_id, "name", r->handler_name) : json_null(), "items");
			json_array_append_new(groups, cur);
		}
		char masked[64];
		json_array_append_new(json_object_get(cur, "items"), json_pack(
			"{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b}",
			"id", (json_int_t)r->id, "receipt", r->receipt, "title", r->title,
			"item", r->item_id ? json_string(r->item_name) : json_null(),
			"state", rq_state_name(r->state), "priority", r->priority, "channel", r->channel,
			"requester_name", mask_name_buf(r->requester_name, masked, sizeof masked),
			"received_at", json_time(r->received_at), "due", json_time(rows[i].due),
			"age_hours", hours(rows[i].age_minutes),
			"hours_left", rows[i].due ? hours(rows[i].left_minutes) : json_null(),
			"overdue", rows[i].over));
	}
	char day[16];
	date_format(date_of_time(cx->now), day, sizeof day);
	*out = json_pack("{s:s, s:o, s:I, s:b}", "date", day, "groups", groups, "total",
			 (json_int_t)n, "truncated", n >= REGISTER_MAX);
	return 0;
}

static const char *hours_text(struct ctx *cx, int64_t minutes)
{
	return arena_printf(cx->a, "%.1f", (double)minutes / 60.0);
}

int requests_register_sheet(struct ctx *cx, int64_t unit_id, int format, const char **data,
			    size_t *len)
{
	static const char *const zh[] = {"序号", "受理编号", "承办单元", "承办人", "服务事项",
		"诉求", "状态", "优先级", "渠道", "居民", "受理时间", "已用工作小时", "期限",
		"剩余工作小时", "超期"};
	static const char *const en[] = {"No.", "Receipt", "Unit", "Handler", "Service item",
		"Request", "State", "Priority", "Channel", "Resident", "Received", "Working hours used",
		"Due", "Working hours left", "Overdue"};
	enum { NCOLS = sizeof zh / sizeof zh[0] };
	const char *const *header = cx->lang == LANG_EN ? en : zh;
	struct row *rows;
	size_t n;
	if (rows_of(cx, unit_id, &rows, &n) < 0)
		return -1;
	struct table *t = table_new(cx->a, (enum table_format)format,
				    cx->lang == LANG_EN ? "Register" : "登记簿", header, NCOLS);
	if (!t)
		return err_setf(&cx->err, ERR_INTERNAL, "the register's sheet");
	for (size_t i = 0; i < n; i++) {
		const struct request *r = &rows[i].r;
		char received[32], due[32] = "";
		clock_iso(r->received_at, received, sizeof received);
		if (rows[i].due)
			clock_iso(rows[i].due, due, sizeof due);
		/* "2026-12-01 09:30" as the sheet shows it */
		received[10] = ' ', received[16] = '\0';
		if (*due)
			due[10] = ' ', due[16] = '\0';
		const char *cells[NCOLS] = {
			arena_printf(cx->a, "%zu", i + 1), r->receipt, r->unit_name,
			r->handler_id ? r->handler_name : "", r->item_id ? r->item_name : "", r->title,
			label_of("state", rq_state_name(r->state), cx->lang),
			label_of("priority", r->priority, cx->lang), label_of("channel", r->channel, cx->lang),
			mask_name(cx->a, r->requester_name), received, hours_text(cx, rows[i].age_minutes),
			due, rows[i].due ? hours_text(cx, rows[i].left_minutes) : "",
			rows[i].over ? (cx->lang == LANG_EN ? "yes" : "是") : "",
		};
		table_row(t, cells);
	}
	if (table_finish(t, data, len) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "the register's sheet");
	return 0;
}
