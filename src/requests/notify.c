/* Who hears of what happens to a request (notices/): the handler of what is dispatched to them
 * or sent back for rework; the dispatcher of a return or an extension asked; the workers of the
 * unit a request comes to with nobody named; the community's staff of a bad rating. */
#include <string.h>

#include "notices/notices.h"
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
