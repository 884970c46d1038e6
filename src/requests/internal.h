/* What the files of requests share (not for other features). */
#ifndef LINLI_REQUESTS_INTERNAL_H
#define LINLI_REQUESTS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/access.h"
#include "base/ctx.h"
#include "requests/limits.h"
#include "requests/requests.h"

struct catalog_item;

/* Who may take an action: a dispatcher (requests.dispatch, the request's unit now in scope), a
 * handler (requests.handle, and the request's handler, or with none yet a worker of the unit
 * it sits at), either of them, any reader of it, linli itself (a rule's consequence), or the
 * resident holding the request's rating link. */
enum rq_who { W_DISPATCHER = 1, W_HANDLER = 2, W_READER = 4, W_SYSTEM = 8, W_RESIDENT = 16 };
/* What an action needs in its body. */
enum rq_need {
	N_COMMENT = 1,      /* a reason or a comment */
	N_RESULT = 2,       /* the result, for the resident */
	N_TARGET = 4,       /* unit_id and/or handler_id to dispatch to */
	N_DUE = 8,          /* a new due time */
	N_RATING = 16,      /* a rating 1..5 */
	N_INTO = 32,        /* the open request it merges into */
};
#define RQ_SAME (-1)        /* the state stays */

struct rq_transition {
	int action;
	unsigned from;      /* bits of enum rq_state */
	int to;             /* a state, or RQ_SAME */
	unsigned who;       /* bits of enum rq_who */
	unsigned needs;     /* bits of enum rq_need */
};
/* The transitions of an action (NULL when it has none), and the whole table. */
const struct rq_transition *rq_transition(int action);
extern const struct rq_transition rq_machine[];
extern const size_t rq_machine_len;

/* Whether the caller is, for this request, each of enum rq_who (bits). */
unsigned rq_caller(const struct ctx *cx, const struct request *r);
/* Whether the table lets the caller take the action now (state and who; not the body). */
bool rq_allowed(const struct ctx *cx, const struct request *r, int action);
/* The same for one who is `who` (W_RESIDENT: the holder of a valid rating link). */
bool rq_allowed_as(const struct ctx *cx, const struct request *r, int action, unsigned who);

/* The columns and joins a request is read with (for SQL written whole: "SELECT " RQ_COLS
 * " FROM " RQ_FROM " WHERE ..."), and its reader (common.c). The handler's and the
 * responsible's names are subqueries, not joins: a list's page reads them for its twenty rows
 * only, where PostgreSQL, expecting a row or two, joined the users to every row it filtered. */
#define RQ_COLS "r.id, r.receipt, r.channel, r.state, r.priority, r.item_id, " \
	"COALESCE(ci.code, ''), COALESCE(ci.name, ''), r.title, r.body, r.origin_unit_id, " \
	"ou.name, ou.path, r.unit_id, cu.name, cu.path, r.street_id, r.community_id, r.grid_id, " \
	"r.handler_id, COALESCE((SELECT display_name FROM users WHERE id = r.handler_id), ''), " \
	"r.responsible_id, COALESCE((SELECT display_name FROM users WHERE id = r.responsible_id), ''), " \
	"r.dispatcher_id, r.resident_id, r.household_id, " \
	"r.requester_name, r.requester_phone_masked, r.address, r.lon, r.lat, r.merged_into, " \
	"r.result, r.rating, r.received_at, r.accept_due, r.accepted_at, r.due_at, " \
	"r.extension_due, r.extension_reason, r.extensions, r.reworks, r.returns, r.resolved_at, " \
	"r.closed_at, r.created_by, r.created_at, r.updated_at, r.version, r.rating_comment, " \
	"r.rated_at, COALESCE(r.rating_source, ''), r.due_soon_at, r.overdue_at, r.escalated_at, " \
	"COALESCE(ci.category_id, 0), r.handle_minutes, r.department, r.due_by"
#define RQ_FROM "requests r JOIN org_units ou ON ou.id = r.origin_unit_id " \
	"JOIN org_units cu ON cu.id = r.unit_id LEFT JOIN catalog_items ci ON ci.id = r.item_id"
int64_t rq_read(struct ctx *cx, struct store_stmt *st, void *row);
/* request_json, with or without the actions the caller may take (an audit entry's has none). */
json_t *rq_json(struct ctx *cx, const struct request *r, bool actions);
/* A one-row integer query with text parameters a and b (b may be NULL: not bound) and an
 * integer c bound after them when has_c: 0 with *out, or -1. */
int rq_query_text(struct ctx *cx, const char *sql, const char *a, const char *b, bool has_c,
		  int64_t c, int64_t *out);
/* The request without an access check: 1, 0, -1. */
int rq_fetch(struct ctx *cx, int64_t id, struct request *out);
/* Whether its clock ran out: past its acceptance's due time while submitted, past its due time
 * while dispatched, in progress or returned (read.c). */
bool rq_overdue(const struct request *r, int64_t now);
/* Whether the caller reads it (scope of its origin or its unit now). */
bool rq_visible(const struct ctx *cx, const struct request *r);
/* A timeline entry in the open transaction. data: borrowed, may be NULL. */
int rq_event(struct ctx *cx, int64_t request_id, const char *action, int from, int to,
	     const char *comment, json_t *data);
/* The next receipt number of a unit (its code) for the day of cx->now, in the open
 * transaction: "<code>-YYYYMMDD-NNNN". */
int rq_receipt(struct ctx *cx, int64_t unit_id, const char *code, const char **out);
/* The time limits from t: to accept by (when accept_due is not NULL), and to resolve by (when
 * resolve_due is not NULL) by the item (NULL: none) and priority, on the calendar loaded once
 * for both; a petition counts days of the calendar. 0, or -1. */
int rq_due_times(struct ctx *cx, const char *channel, const char *priority,
		 const struct catalog_item *item, int64_t t, int64_t *accept_due, int64_t *resolve_due);
/* What an action's body carries, judged. */
struct rq_act_in {
	const char *comment, *result, *priority;
	int64_t version, unit_id, handler_id, rating, into, due, item_id;
};
/* Take an action already judged allowed on r (apply, write with r's version, timeline, the
 * reopen after a bad rating, audit, commit): `body` is act.c's judged body (NULL: none),
 * comment and result override it; `also` (may be NULL) runs in the same transaction after the
 * write, and its failure (-1, rolled back) fails the whole. */
int rq_perform(struct ctx *cx, const struct request *r, int action, const char *comment,
	       const char *result, const struct rq_act_in *body, int (*also)(struct ctx *, void *),
	       void *arg, struct request *out);
/* Tell those it concerns of an action taken (before: the request as it was, r: as it is now),
 * in the open transaction; of the clock's due-soon and overdue marks. 0, or -1 rolled back. */
int rq_notify(struct ctx *cx, const struct request *before, const struct request *r, int action);
int rq_notify_clock(struct ctx *cx, const struct request *r, const char *kind);
/* A bad rating (below 基本满意) reopens the request for a call back (回访). */
#define RQ_BAD_RATING 2

/* The same for the outbox (notify/): group robots and webhooks, by their rules and
 * subscriptions; no personal data goes out. In the change's transaction: 0, or -1 rolled back. */
int rq_outbox_created(struct ctx *cx, const struct request *r);
int rq_outbox_changed(struct ctx *cx, const struct request *before, const struct request *r,
		      int action, const char *comment);
int rq_outbox_clock(struct ctx *cx, const struct request *r, const char *kind);
/* The indicators' rows (stats.c): the difference between a request's facts after a write and
 * before it (before NULL: a new request) added in the open transaction. */
#define RQ_HIST_BUCKETS 12
extern const int rq_hist_hours[RQ_HIST_BUCKETS];
int rq_stats_apply(struct ctx *cx, const struct request *before, const struct request *after);
int rq_channel_index(const char *channel);
const char *rq_channel_name(int index);
json_t *rq_figures(struct ctx *cx, const int64_t *counts);
/* The unit a count is of: *unit_id as given, else the caller's one unit (several: unit_id is
 * required), an administrator's 0 (everything); *u read, 404 when outside the caller's scope. */
struct org_unit;
int rq_scope_unit(struct ctx *cx, int64_t *unit_id, struct org_unit *u);
/* Where a request that arose with the anchors `arose` (street, community, grid) sits when it
 * sits in unit_id, by the street, community and grid that differ (the sits_ columns): each the
 * unit's anchor where the origin's is another or none, else 0. 0, or -1. */
int rq_sits(struct ctx *cx, int64_t unit_id, int64_t origin_unit_id, const int64_t arose[3],
	    int64_t sits[3]);
/* Overdue now, as the inbox's overdue tab and the register count it: past the time to accept
 * while submitted, past the time to resolve while at work (the resolved, waiting to be
 * verified or rated, and the parked are not: their clock has stopped). Two parameters: now. */
#define RQ_OVERDUE_SQL \
	"(r.state NOT IN ('rejected', 'closed', 'merged', 'resolved', 'verified', 'rated', 'parked')" \
	" AND ((r.state = 'submitted' AND r.accept_due < ?) OR (r.due_at IS NOT NULL AND r.due_at < ?)))"
/* Open: not yet closed, turned down or merged into another. */
#define RQ_OPEN_STATES "'submitted', 'accepted', 'dispatched', 'in_progress', 'returned', " \
	"'resolved', 'verified', 'rated', 'parked'"
/* The rule of the dispatch catalogue in force for a matter of this item and category arising
 * at origin_path: 1 with *out, 0 none, -1 error. */
int rq_route(struct ctx *cx, int64_t item_id, int64_t category_id, const char *origin_path,
	     struct dispatch_rule *out);

#define RQ_ESCALATE_DAYS 3          /* overdue by this many working days: up to the parent unit */
#define RQ_PUBLIC_PER_PHONE_HOUR 5  /* online requests an hour from one phone */
#define RQ_DEFAULT_LIMIT_DAYS 7     /* a matter with no catalog item: 一般事项 */
#define RQ_PETITION_ACCEPT_DAYS 15  /* 信访工作条例: acceptance within 15 days */
#define RQ_PETITION_DAYS 60         /* completion within 60 days */
#define RQ_PETITION_EXTRA_DAYS 30   /* +30 with approval */

#endif
