/* The closed loop as one table: each action, the states it may be taken from, where it leads,
 * who may take it and what it needs. Nothing else decides whether an action is allowed. */
#include <string.h>

#include "requests/internal.h"

static const char *const state_names[RQ__STATES] = {
	"submitted", "accepted", "rejected", "dispatched", "in_progress", "returned", "resolved",
	"verified", "rated", "closed", "parked", "merged",
};

static const char *const action_names[RA__ACTIONS] = {
	"accept", "reject", "dispatch", "take", "return", "uphold", "resolve", "verify", "rework",
	"rate", "reopen", "close", "extend", "approve_extension", "deny_extension", "escalate",
	"park", "unpark", "merge", "supervise", "comment",
};

const char *rq_state_name(int s) { return s >= 0 && s < RQ__STATES ? state_names[s] : ""; }
const char *rq_action_name(int a) { return a >= 0 && a < RA__ACTIONS ? action_names[a] : ""; }

static int parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}
int rq_state_parse(const char *name) { return parse(state_names, RQ__STATES, name); }
int rq_action_parse(const char *name) { return parse(action_names, RA__ACTIONS, name); }

bool rq_state_open(int s) { return s != RQ_REJECTED && s != RQ_CLOSED && s != RQ_MERGED; }

#define S(x) (1u << (RQ_##x))
#define OPEN_WORK (S(ACCEPTED) | S(DISPATCHED) | S(IN_PROGRESS) | S(RETURNED) | S(PARKED))
#define OPEN_ALL (S(SUBMITTED) | OPEN_WORK | S(RESOLVED) | S(VERIFIED) | S(RATED))

const struct rq_transition rq_machine[] = {
	/* 受理 or 不予受理 (with its reason) */
	{RA_ACCEPT, S(SUBMITTED), RQ_ACCEPTED, W_DISPATCHER, 0},
	{RA_REJECT, S(SUBMITTED), RQ_REJECTED, W_DISPATCHER, N_COMMENT},
	/* 派单; from a return it is 改派; again before anyone took it, a correction */
	{RA_DISPATCH, S(ACCEPTED) | S(RETURNED) | S(DISPATCHED), RQ_DISPATCHED, W_DISPATCHER, N_TARGET},
	{RA_TAKE, S(DISPATCHED), RQ_IN_PROGRESS, W_HANDLER, 0},
	/* 退单: the handler's objection, which the dispatcher upholds (维持原派) or answers by
	 * dispatching elsewhere */
	{RA_RETURN, S(DISPATCHED) | S(IN_PROGRESS), RQ_RETURNED, W_HANDLER, N_COMMENT},
	{RA_UPHOLD, S(RETURNED), RQ_DISPATCHED, W_DISPATCHER, N_COMMENT},
	{RA_RESOLVE, S(IN_PROGRESS), RQ_RESOLVED, W_HANDLER, N_RESULT},
	/* 核查 by the community, or back for rework (返工) */
	{RA_VERIFY, S(RESOLVED), RQ_VERIFIED, W_DISPATCHER, 0},
	{RA_REWORK, S(RESOLVED), RQ_IN_PROGRESS, W_DISPATCHER, N_COMMENT},
	/* a rating: the resident's by the rating link, or recorded on a call back (回访); a bad one
	 * reopens the request (linli's rule) */
	{RA_RATE, S(VERIFIED), RQ_RATED, W_DISPATCHER | W_RESIDENT, N_RATING},
	{RA_REOPEN, S(RATED), RQ_IN_PROGRESS, W_SYSTEM, N_COMMENT},
	{RA_CLOSE, S(VERIFIED) | S(RATED), RQ_CLOSED, W_DISPATCHER, 0},
	/* 延期: asked before the due time, with a reason and a new due time, then decided */
	{RA_EXTEND, S(DISPATCHED) | S(IN_PROGRESS), RQ_SAME, W_HANDLER, N_COMMENT | N_DUE},
	{RA_APPROVE_EXTENSION, S(DISPATCHED) | S(IN_PROGRESS), RQ_SAME, W_DISPATCHER, 0},
	{RA_DENY_EXTENSION, S(DISPATCHED) | S(IN_PROGRESS), RQ_SAME, W_DISPATCHER, N_COMMENT},
	/* 提级办: up to the parent unit, to be taken and dispatched there */
	{RA_ESCALATE, S(ACCEPTED) | S(DISPATCHED) | S(IN_PROGRESS) | S(RETURNED), RQ_ACCEPTED,
	 W_DISPATCHER | W_HANDLER, N_COMMENT},
	/* 挂账: parked with a reason (waiting for funds, a season ...), then taken up again */
	{RA_PARK, S(IN_PROGRESS), RQ_PARKED, W_DISPATCHER, N_COMMENT},
	{RA_UNPARK, S(PARKED), RQ_IN_PROGRESS, W_DISPATCHER, 0},
	/* 并单: a repeat merged into the open request it repeats */
	{RA_MERGE, S(SUBMITTED) | S(ACCEPTED), RQ_MERGED, W_DISPATCHER, N_INTO},
	/* 督办 and a note: the state stays */
	{RA_SUPERVISE, OPEN_WORK, RQ_SAME, W_DISPATCHER, N_COMMENT},
	{RA_COMMENT, OPEN_ALL, RQ_SAME, W_READER, N_COMMENT},
};
const size_t rq_machine_len = sizeof rq_machine / sizeof rq_machine[0];

const struct rq_transition *rq_transition(int action)
{
	for (size_t i = 0; i < rq_machine_len; i++)
		if (rq_machine[i].action == action)
			return &rq_machine[i];
	return NULL;
}

static bool may(const struct ctx *cx, enum perm p)
{
	return cx->actor.system || access_role_has(cx->actor.role, p);
}

unsigned rq_caller(const struct ctx *cx, const struct request *r)
{
	unsigned who = 0;
	if (cx->actor.system)
		return W_DISPATCHER | W_HANDLER | W_READER | W_SYSTEM;
	if (!cx->actor.user_id)
		return 0;
	bool here = r->unit_path && access_path_in_scope(cx, r->unit_path);
	if (rq_visible(cx, r) && may(cx, PERM_REQUESTS_READ))
		who |= W_READER;
	if (here && may(cx, PERM_REQUESTS_DISPATCH))
		who |= W_DISPATCHER;
	if (may(cx, PERM_REQUESTS_HANDLE) &&
	    (r->handler_id ? r->handler_id == cx->actor.user_id : here))
		who |= W_HANDLER;
	return who;
}

bool rq_allowed(const struct ctx *cx, const struct request *r, int action)
{
	return rq_allowed_as(cx, r, action, rq_caller(cx, r));
}

bool rq_allowed_as(const struct ctx *cx, const struct request *r, int action, unsigned who)
{
	const struct rq_transition *t = rq_transition(action);
	if (!t || !(t->from & (1u << r->state)) || !(t->who & who))
		return false;
	/* the guards of the extension's steps: one pending at a time, asked before the due time */
	if (action == RA_EXTEND)
		return !r->extension_due && r->due_at && cx->now < r->due_at;
	if (action == RA_APPROVE_EXTENSION || action == RA_DENY_EXTENSION)
		return r->extension_due != 0;
	return true;
}

json_t *requests_machine_json(void)
{
	static const char *const who_names[] = {"dispatcher", "handler", "reader", "system",
		"resident"};
	static const char *const need_names[] = {"comment", "result", "target", "due", "rating",
		"into"};
	json_t *states = json_array(), *actions = json_array();
	for (int s = 0; s < RQ__STATES; s++)
		json_array_append_new(states, json_pack("{s:s, s:b}", "state", state_names[s], "open",
							rq_state_open(s)));
	for (size_t i = 0; i < rq_machine_len; i++) {
		const struct rq_transition *t = &rq_machine[i];
		json_t *from = json_array(), *who = json_array(), *needs = json_array();
		for (int s = 0; s < RQ__STATES; s++)
			if (t->from & (1u << s))
				json_array_append_new(from, json_string(state_names[s]));
		for (int w = 0; w < 5; w++)
			if (t->who & (1u << w))
				json_array_append_new(who, json_string(who_names[w]));
		for (int k = 0; k < 6; k++)
			if (t->needs & (1u << k))
				json_array_append_new(needs, json_string(need_names[k]));
		json_array_append_new(actions, json_pack("{s:s, s:o, s:o, s:o, s:o}", "action",
			action_names[t->action], "from", from, "to",
			t->to == RQ_SAME ? json_null() : json_string(state_names[t->to]), "who", who,
			"needs", needs));
	}
	return json_pack("{s:o, s:o}", "states", states, "actions", actions);
}
