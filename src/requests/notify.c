/* Who hears of what happens to a request (notices/): the handler of what is dispatched to them
 * or sent back for rework; the dispatcher of a return or an extension asked; the workers of the
 * unit a request comes to with nobody named; the community's staff of a bad rating. */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "notices/notices.h"
#include "notify/notify.h"
#include "org/org.h"
#include "requests/internal.h"

#define MAX_TOLD 64

struct told {
	int64_t ids[MAX_TOLD];
	size_t n;
};

static void add(struct told *t, int64_t id)
{
	if (id && t->n < MAX_TOLD)
		t->ids[t->n++] = id;
}

/* The open accounts assigned to the unit itself whose role has perm. */
static int workers_of(struct ctx *cx, int64_t unit_id, enum perm perm, struct told *t)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT u.id, u.role FROM users u JOIN user_units uu ON uu.user_id = u.id"
		" WHERE uu.unit_id = ? AND u.locked = 0 ORDER BY u.id LIMIT 64");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		if (access_role_has(role_parse(store_col_text(st, 1)), perm))
			add(t, store_col_int64(st, 0));
	store_reset(st);
	return rc == STORE_ERR ? ctx_fail(cx) : 0;
}

static const char *title_of(struct ctx *cx, const struct request *r)
{
	return arena_printf(cx->a, "%s %s", r->receipt, r->title);
}

int rq_notify(struct ctx *cx, const struct request *before, const struct request *r, int action)
{
	struct told t = {0};
	const char *kind = NULL, *body = NULL;
	switch (action) {
	case RA_DISPATCH:
	case RA_UPHOLD:
		kind = "request.assigned";
		if (r->handler_id)
			add(&t, r->handler_id);
		else if (workers_of(cx, r->unit_id, PERM_REQUESTS_HANDLE, &t) < 0)
			return -1;
		break;
	case RA_RETURN:
		kind = "request.returned";
		add(&t, r->dispatcher_id ? r->dispatcher_id : r->responsible_id);
		break;
	case RA_REWORK:
		kind = "request.rework";
		add(&t, r->handler_id);
		break;
	case RA_EXTEND:
		kind = "request.extension";
		if (r->dispatcher_id)
			add(&t, r->dispatcher_id);
		else if (workers_of(cx, r->unit_id, PERM_REQUESTS_DISPATCH, &t) < 0)
			return -1;
		break;
	case RA_ESCALATE:
		kind = "request.escalated";
		if (workers_of(cx, r->unit_id, PERM_REQUESTS_DISPATCH, &t) < 0)
			return -1;
		break;
	case RA_REOPEN:
		/* a bad rating: the handler, the dispatcher and the community's staff */
		kind = "request.bad_rating";
		(void)before;
		body = arena_printf(cx->a, "评价 %lld 分：%s", (long long)r->rating,
				    r->rating_comment ? r->rating_comment : "");
		add(&t, r->handler_id);
		add(&t, r->dispatcher_id);
		if (r->anchor[ORG_ANCHOR_COMMUNITY] &&
		    workers_of(cx, r->anchor[ORG_ANCHOR_COMMUNITY], PERM_REQUESTS_DISPATCH, &t) < 0)
			return -1;
		break;
	default:
		return 0;
	}
	/* nobody is told of what they did themselves */
	for (size_t i = 0; i < t.n; i++)
		if (t.ids[i] == cx->actor.user_id)
			t.ids[i] = 0;
	return notices_add(cx, t.ids, t.n, kind, "request", r->id, title_of(cx, r), body);
}

int rq_notify_clock(struct ctx *cx, const struct request *r, const char *kind)
{
	struct told t = {0};
	add(&t, r->handler_id);
	if (!strcmp(kind, "request.overdue")) {
		add(&t, r->dispatcher_id);
		add(&t, r->responsible_id);
		if (!r->handler_id && !r->dispatcher_id &&
		    workers_of(cx, r->unit_id, PERM_REQUESTS_DISPATCH, &t) < 0)
			return -1;
	} else if (!r->handler_id) {
		add(&t, r->responsible_id);
	}
	return notices_add(cx, t.ids, t.n, kind, "request", r->id, title_of(cx, r), NULL);
}

/* --- the outbox (notify/): what group robots and webhooks hear of a request ----------------- */

/* What a listener outside is told of a request: no name, phone or address of the resident. */
static json_t *outside_json(struct ctx *cx, const struct request *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "id", arena_printf(cx->a, "%lld", (long long)r->id), "receipt", r->receipt,
			 "title", r->title, "state", rq_state_name(r->state),
			 "state_label", label_of("state", rq_state_name(r->state), LANG_ZH),
			 "channel", r->channel, "priority", r->priority,
			 "unit_id", (json_int_t)r->unit_id, "unit_name", r->unit_name ? r->unit_name : "",
			 "item_code", json_str_or_null(r->item_code), "due_at",
			 json_time(r->state == RQ_SUBMITTED ? r->accept_due : r->due_at),
			 "result", json_str_or_null(r->result && *r->result ? r->result : NULL),
			 "rating", r->rating ? json_integer(r->rating) : json_null(),
			 "resolved_at", json_time(r->resolved_at));
}

static const char *lines_of(struct ctx *cx, const struct request *r, const char *extra)
{
	char due[40] = "";
	int64_t d = r->state == RQ_SUBMITTED ? r->accept_due : r->due_at;
	if (d)
		clock_iso(d, due, sizeof due);
	const char *s = arena_printf(cx->a, "> 状态：%s\n> 事项：%s\n> 承办：%s\n",
				     label_of("state", rq_state_name(r->state), LANG_ZH),
				     r->item_name && *r->item_name ? r->item_name : "—",
				     r->unit_name ? r->unit_name : "—");
	if (d)
		s = arena_printf(cx->a, "%s> 期限：%.16s\n", s, due);
	if (extra && *extra)
		s = arena_printf(cx->a, "%s> %s\n", s, extra);
	return s;
}

static int emit(struct ctx *cx, const struct request *r, const char *event,
		const char *const *topics, const char *what, const char *extra, json_t *more)
{
	json_t *data = json_pack("{s:o}", "request", outside_json(cx, r));
	if (more)
		json_object_update(data, more);
	struct notify_event ev = {.event = event, .topics = topics, .entity = "request",
		.entity_id = r->id, .unit_id = r->unit_id,
		.title = arena_printf(cx->a, "%s %s：%s", what, r->receipt, r->title),
		.body = lines_of(cx, r, extra),
		.link = arena_printf(cx->a, "%s/requests/%lld", requests_base_url(cx, NULL, false),
				     (long long)r->id),
		.data = data};
	int rc = notify_emit(cx, &ev);
	json_decref(data);
	return rc;
}

int rq_outbox_created(struct ctx *cx, const struct request *r)
{
	return emit(cx, r, "request.created", NULL, "新诉求", NULL,
		    NULL);
}

int rq_outbox_changed(struct ctx *cx, const struct request *before, const struct request *r,
		      int action, const char *comment)
{
	static const char *const resolved[] = {"request.resolved", NULL};
	static const char *const rated[] = {"request.rated", NULL};
	static const char *const bad[] = {"request.rated", "request.bad_rating", NULL};
	static const char *const escalated[] = {"request.escalated", NULL};
	const char *const *topics = NULL;
	const char *what = "诉求进展";
	if (action == RA_RESOLVE) {
		topics = resolved;
		what = "诉求已办结";
	} else if (action == RA_RATE) {
		bool low = r->rating && r->rating <= RQ_BAD_RATING;
		topics = low ? bad : rated;
		what = low ? "诉求差评" : "诉求已评价";
	} else if (action == RA_ESCALATE) {
		topics = escalated;
		what = "诉求提级";
	}
	json_t *more = json_pack("{s:s, s:s, s:s, s:o}", "action", rq_action_name(action),
				 "from", rq_state_name(before->state), "to", rq_state_name(r->state),
				 "comment", json_str_or_null(comment && *comment ? comment : NULL));
	const char *extra = arena_printf(cx->a, "%s：%s → %s",
		label_of("action", arena_printf(cx->a, "request.%s", rq_action_name(action)), LANG_ZH),
		label_of("state", rq_state_name(before->state), LANG_ZH),
		label_of("state", rq_state_name(r->state), LANG_ZH));
	if (action == RA_RATE && r->rating)
		extra = arena_printf(cx->a, "%s（%lld 分）", extra, (long long)r->rating);
	int rc = emit(cx, r, "request.changed", topics, what, extra, more);
	json_decref(more);
	return rc;
}

int rq_outbox_clock(struct ctx *cx, const struct request *r, const char *kind)
{
	bool overdue = !strcmp(kind, "request.overdue");
	return emit(cx, r, kind, NULL, overdue ? "诉求超期" : "诉求即将到期",
		    overdue ? "已超过办理期限，请尽快办理" : "距办理期限不足一个工作日", NULL);
}
