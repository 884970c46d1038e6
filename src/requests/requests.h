/* requests: resident requests (诉求) in one closed loop, whatever the channel they came by: the
 * window, a grid worker in the field, a phone call, a resident online without an account, the
 * suggestion box, a petition (信访); later channels (Open311, the 12345 hand-off) are more of the
 * same. The states and actions are one table (requests/machine.c): who may do what from which
 * state, and where it leads; an action not in the table changes nothing.
 *
 *   - Who: staff and grid leaders take, dispatch, verify and close (requests.dispatch); grid
 *     workers, grid leaders and staff handle what is dispatched to them or to their units
 *     (requests.handle); every one of them reads the requests of their scope (requests.read)
 *     and takes new ones (requests.write).
 *   - Scope: a request is seen by those whose scope holds the unit it arose in or the unit it
 *     sits at now; any other is 404 and in no list or count.
 *   - The clock: a request is to be accepted within a working day (an urgent one within a
 *     working hour; a petition within 15 days), and resolved within its catalog item's limit at
 *     its priority, counted on the working-day calendar from its acceptance (a petition: 60
 *     days, +30 with approval).
 *   - 首接负责: whoever receives a request is responsible for it until someone accepts it.
 *   - Concurrent actions on one request: one wins, the other is 409. */
#ifndef LINLI_REQUESTS_H
#define LINLI_REQUESTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum rq_state {
	RQ_SUBMITTED, RQ_ACCEPTED, RQ_REJECTED, RQ_DISPATCHED, RQ_IN_PROGRESS, RQ_RETURNED,
	RQ_RESOLVED, RQ_VERIFIED, RQ_RATED, RQ_CLOSED, RQ_PARKED, RQ_MERGED, RQ__STATES
};

enum rq_action {
	RA_ACCEPT, RA_REJECT, RA_DISPATCH, RA_TAKE, RA_RETURN, RA_UPHOLD, RA_RESOLVE, RA_VERIFY,
	RA_REWORK, RA_RATE, RA_REOPEN, RA_CLOSE, RA_EXTEND, RA_APPROVE_EXTENSION,
	RA_DENY_EXTENSION, RA_ESCALATE, RA_PARK, RA_UNPARK, RA_MERGE, RA_SUPERVISE, RA_COMMENT,
	RA__ACTIONS
};

const char *rq_state_name(int s);
int rq_state_parse(const char *name);       /* -1 when unknown */
const char *rq_action_name(int a);
int rq_action_parse(const char *name);      /* -1 when unknown */
bool rq_state_open(int s);                  /* not rejected, closed or merged */

struct request {
	int64_t id;
	const char *receipt, *channel, *priority, *title, *body;
	int state;
	int64_t item_id;
	const char *item_code, *item_name;
	int64_t origin_unit_id, unit_id, anchor[3];
	const char *origin_unit_name, *unit_name, *origin_path, *unit_path;
	int64_t handler_id, responsible_id, dispatcher_id;
	const char *handler_name, *responsible_name;
	int64_t resident_id, household_id;
	const char *requester_name, *phone_masked, *address;
	bool has_location;
	double lon, lat;
	int64_t merged_into;
	const char *result;
	int64_t rating, rated_at;
	const char *rating_comment, *rating_source;   /* source: link, callback, "" */
	int64_t received_at, accept_due, accepted_at, due_at, extension_due;
	const char *extension_reason;
	int64_t extensions, reworks, returns, resolved_at, closed_at;
	int64_t created_by, created_at, updated_at, version;
	int64_t due_soon_at, overdue_at, escalated_at;   /* the clock's marks, 0: none yet */
	int64_t category_id;        /* its item's, 0 */
	int64_t handle_minutes;     /* working minutes from acceptance to resolution, -1 while unresolved */
	const char *department;     /* the outside department it is handed to, "" */
	int64_t due_by;             /* an outside deadline (the channel's: a 12345 platform's), 0 */
};

struct request_event {
	int64_t id, request_id, actor_id, at;
	const char *action, *from_state, *to_state, *actor_name, *comment, *data;
};

struct request_filter {
	const char *states;          /* comma list, NULL: any */
	int64_t unit_id;             /* sitting at it or below it */
	int64_t handler_id, household_id, item_id;
	bool mine;                   /* handled by the caller, or theirs to answer for (首接) */
	bool overdue;
	const char *channel, *priority, *receipt;
	/* the click through from an indicator: arisen in the unit or below, of the category,
	 * received in [received_from, received_to), and one of the facts counted (fact: accepted,
	 * accepted_on_time, closed, closed_on_time, reworked, extended, returned, rated,
	 * satisfied; a "-" before it: the opposite) */
	int64_t origin_unit_id, category_id, received_from, received_to;
	const char *fact;
	int limit;
	int64_t cursor;              /* ids below it: newest first */
};

/* Intake by a worker: POST {channel, title?, body, item_id?, priority?, unit_id?, resident_id?,
 * household_id?, requester_name?, requester_phone?, address?, lon?, lat?}. The unit it arises
 * in: the grid holding the location, else the resident's (or household's), else unit_id. Taken
 * at once (accepted) except a petition, which waits for its acceptance. Audited. */
int requests_create(struct ctx *cx, json_t *body, struct request *out);
/* Intake online, no account: {unit_id | lon+lat, name, phone, body, title?, address?}; at most
 * a few a minute from one address and a few an hour from one phone; the same form again within
 * a minute answers with the first request (*repeat true). */
int requests_submit_public(struct ctx *cx, json_t *body, struct request *out, bool *repeat);
/* Intake by another system on the caller's behalf (an API token of a user with requests.write):
 * the channel is one of the machine channels ("open311", "hotline"); body {body, title?,
 * item_id (an active item; Open311's a public one), requester_name?, requester_phone?,
 * address?, lon?, lat?, unit_id?, due_by?}, judged as a worker's intake (the phone sealed as
 * request.phone). It arises where the location lies, else in unit_id (within the caller's
 * scope), else in the caller's one unit, and waits for its acceptance (submitted). due_by (ISO
 * 8601) is the other system's own deadline: the times to accept and to resolve are the earlier
 * of linli's limits and it (one already past makes the request overdue from the start). `also` (may be NULL) runs in the same transaction
 * once the request's row is in, with its id: its failure (-1) rolls the whole back. Audited as
 * request.submit. */
int requests_submit_channel(struct ctx *cx, const char *channel, json_t *body,
			    int (*also)(struct ctx *cx, int64_t id, void *arg), void *arg,
			    struct request *out);
/* The requests another system may list without logging in (no access check: the caller shows
 * only what is public of them): those of a public catalog item, petitions never. ids (nids > 0)
 * overrides the rest; else item_ids ("3,5"; NULL: any), received in [from, to] and status (0
 * any, 1 open: not resolved, closed, turned down or merged; 2 the others), newest first, at most
 * limit. By receipt: 1, 0, -1. */
struct request_public_filter {
	const int64_t *ids;
	size_t nids;
	const char *item_ids;
	int64_t from, to;
	int status;
	int limit;
};
int requests_public_list(struct ctx *cx, const struct request_public_filter *f,
			 struct request **items, size_t *n);
int requests_public_by_receipt(struct ctx *cx, const char *receipt, struct request *out);
/* Whether a state counts as done for outside systems: resolved and every state after it,
 * turned down, merged. */
bool rq_state_done(int s);
/* POST …/{action} {version?, comment?, ...}: the action, if the table allows it to the caller
 * from the request's state now; 409 when another action came first. */
int requests_act(struct ctx *cx, int64_t id, const char *action, json_t *body, struct request *out);
int requests_get(struct ctx *cx, int64_t id, struct request *out);
/* Another number a request is known by (a 12345 platform's ticket ...): sql is `SELECT <a
 * request's id> FROM … WHERE … = ?`, its one parameter the text looked for. The list's receipt
 * filter then finds the requests it names too (at most four of them). Called while routes are
 * registered, before the first list; at most four numbers. */
void requests_add_number(const char *sql);
int requests_list(struct ctx *cx, const struct request_filter *f, struct request **items,
		  size_t *n, int64_t *next_cursor);
int requests_timeline(struct ctx *cx, int64_t id, struct request_event **items, size_t *n);
/* The request as a worker sees it, with the actions the caller may take now. */
json_t *request_json(struct ctx *cx, const struct request *r);
json_t *request_event_json(const struct request_event *e);
/* What a resident sees by receipt number, without logging in: the item, the state, the times
 * and the steps, no names, texts or contacts; the result too with the last four digits of the
 * phone given (tail). 404 for an unknown receipt. */
int requests_follow(struct ctx *cx, const char *receipt, const char *tail, json_t **out);
/* The state machine as data: {states, actions: [{action, from, to, who, needs}]}. */
json_t *requests_machine_json(void);

/* The daily register (便民服务代办工作登记簿): every open request in scope (unit_id: at it or
 * below; 0: all), by unit and handler, the most urgent first, with its age and the working
 * hours left: {date, total, truncated, groups: [{unit, handler, items}]}; or as a sheet
 * (format: enum table_format) on the arena. At most 5,000. */
int requests_register(struct ctx *cx, int64_t unit_id, json_t **out);
int requests_register_sheet(struct ctx *cx, int64_t unit_id, int format, const char **data,
			    size_t *len);
/* The backlog (在办) of a unit and below it (0: the caller's one unit; an administrator's:
 * everything), as the requests sit now: {unit, at, open, overdue, states: {state: n},
 * units: [{id, name, kind, open, overdue}] (the streets, communities or grids one level below),
 * formula: {open, overdue}}; 404 for a unit outside the caller's scope. */
int requests_backlog(struct ctx *cx, int64_t unit_id, json_t **out);
/* The dispatch board's load under a unit in scope (404 else; requests.dispatch): the open
 * requests not yet resolved sitting at the unit itself, in each open unit right below it, and
 * with each handler, each with how many are overdue:
 * {unit, units: [{id, name, kind, open, overdue}], handlers: [{id, name, open, overdue}], total}. */
int requests_load(struct ctx *cx, int64_t unit_id, json_t **out);
/* The indicators of a unit (0: the caller's one unit; an administrator's: every street) for
 * the months from..to ("2026-01"; default this year), by all, month, category, channel, handler,
 * grid or unit: {unit, from, to, by, total, groups: [{key, label, ...figures}]}, each figure with its
 * numerator, denominator and formula (by unit: the units one level below, as in the backlog).
 * requests_stats_rebuild() recounts them from the requests. */
int requests_indicators(struct ctx *cx, int64_t unit_id, const char *from, const char *to,
			const char *by, json_t **out);
int requests_stats_rebuild(struct ctx *cx);
/* Possible duplicates of a request (duplicates.c): the open ones of its category within 100 m
 * and 7 days, or of its household, that the caller sees: {items: [request + why, metres]}. */
int requests_duplicates(struct ctx *cx, int64_t id, json_t **out);
/* The dispatch catalogue (派单目录, routing.c): who owns a category (or one item) in an area,
 * from a day to a day: an org unit the request goes to, or an outside department it is handed
 * to, or both. Read by every worker; kept by administrators (the whole deployment's) and by
 * those who keep a catalog (catalog.write) for areas in their scope. */
struct dispatch_rule {
	int64_t id, category_id, item_id, area_unit_id, target_unit_id;
	const char *category_name, *item_name, *area_name, *target_name, *department, *contact, *note;
	int valid_from, valid_to;   /* YYYYMMDD, valid_to 0: open */
	int64_t created_at, updated_at, version;
};
int dispatch_rules_list(struct ctx *cx, int64_t category_id, bool in_force,
			struct dispatch_rule **items, size_t *n);
int dispatch_rule_create(struct ctx *cx, json_t *body, struct dispatch_rule *out);
int dispatch_rule_update(struct ctx *cx, int64_t id, json_t *patch, struct dispatch_rule *out);
json_t *dispatch_rule_json(const struct dispatch_rule *d, int today);
/* Ratings. A request's rating link (dispatchers, while the request is verified): {url,
 * receipt, expires_at, qr: {svg, png (a data URL)}}, the link single use, a week, a new one
 * ending the last; base: the links' scheme and host (requests_base_url). What a link rates;
 * the resident's rating {token, score 1..5, comment?} of the request with that receipt, which
 * a score of 1 or 2 reopens for a call back (回访). */
/* POST …/{id}/reveal {reason}: the requester's name and phone in clear for the request's
 * dispatchers and handlers; audited as request.reveal, within the hour's reveals. */
int requests_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int requests_rating_link(struct ctx *cx, int64_t id, const char *base, json_t **out);
int requests_rating_view(struct ctx *cx, const char *token, json_t **out);
int requests_rate_public(struct ctx *cx, const char *receipt, json_t *body, json_t **out);
/* The service hall's standing code: a visit rated {unit_id, score, comment?} (no login;
 * limited like the online form); the hall's name; its ratings counted for readers in scope
 * (between from and to, 0: open); its QR code as SVG or PNG. */
int requests_hall_rate(struct ctx *cx, json_t *body, json_t **out);
int requests_hall_info(struct ctx *cx, int64_t unit_id, json_t **out);
int requests_hall_summary(struct ctx *cx, int64_t unit_id, int64_t from, int64_t to, json_t **out);
int requests_hall_qr(struct ctx *cx, int64_t unit_id, const char *base, bool png,
		     const char **body, size_t *len);
/* The scheme and host of the links residents open: public_url when set, else those the
 * console was reached at (host, secure). */
const char *requests_base_url(struct ctx *cx, const char *host, bool secure);
void requests_set_public_url(const char *url);
void requests_set_hall_rate(unsigned per_minute);
/* Online forms a minute from one address (0: no limit), in this process. */
void requests_set_public_rate(unsigned per_minute);

/* The clock's job (clock.c): due soon, overdue (督单), escalated by rule. Rows touched, -1. */
int64_t requests_clock_job(struct store *db, int64_t now);

/* `linli demo`: three months of requests (demo.c). */
int requests_demo(struct ctx *cx);
void requests_demo_notes(void);
/* `linli demo --scale district`: a year of history, about five million requests (district.c). */
int requests_demo_district(struct ctx *cx);

void requests_api_register(void);

#endif
