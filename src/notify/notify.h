/* notify: the outbox. What happens in linli (a new request, a change of state, an overdue one, a
 * bad rating) is written as an event in the transaction of the change itself and fanned out,
 * in that transaction, to the destinations that take it: WeCom (企业微信) and DingTalk (钉钉)
 * group robots and signed webhooks to any URL. A worker delivers each in order per thing and per
 * destination, with retries and backoff, until it is done or dead; several servers on one
 * database share the work and each delivery goes out once.
 *
 * Who takes what: a destination belongs to a unit, and its rules name topics, each at once or
 * in the daily digest; it takes the events of its unit and every unit below. A subscription
 * (notify_subscribe) takes every event of one thing to one destination, with the subscriber's
 * own number: a 12345 platform follows the requests it handed over so. */
#ifndef LINLI_NOTIFY_H
#define LINLI_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum notify_kind { NOTIFY_WECOM, NOTIFY_DINGTALK, NOTIFY_WEBHOOK, NOTIFY__KINDS };

/* The topics a rule may name (NULL-ended), with their labels: request.created, .changed,
 * .resolved, .rated, .bad_rating, .due_soon, .overdue, .escalated. */
extern const char *const notify_topics[];

struct notify_event {
	const char *event;           /* its name, one of the topics: "request.changed" */
	const char *const *topics;   /* further topics it also counts as (NULL-ended), or NULL */
	const char *entity;          /* "request" */
	int64_t entity_id;
	int64_t unit_id;             /* the unit it happens in: the rules of it and above take it */
	const char *title;           /* one line: "新诉求 R-5101-…：楼道灯坏了" */
	const char *body;            /* markdown lines under it for the robots ("" none) */
	const char *link;            /* a page about it, or "" */
	json_t *data;                /* borrowed: what a webhook receives as "data" (no personal data) */
};

/* Record an event in the caller's open transaction and fan it out: 0 (also when nobody takes
 * it), or -1 rolled back. */
int notify_emit(struct ctx *cx, const struct notify_event *ev);

/* Send every later event of (entity, id) to the destination, with ref in each, in the caller's
 * open transaction (again: nothing new). 0, or -1 rolled back. */
int notify_subscribe(struct ctx *cx, int64_t destination_id, const char *entity,
		     int64_t entity_id, const char *ref);

/* A destination another feature keeps for itself (a 12345 platform's callbacks): a signed
 * webhook to url, of unit_id, with no rules and out of the destinations' list. Validates the
 * URL (field "callback_url") as the API would; in the caller's open transaction. 0 with *id,
 * or -1 (a field error, or rolled back). */
int notify_internal_destination(struct ctx *cx, int64_t unit_id, const char *name,
				const char *url, const char *secret, int64_t *id);
/* Change its URL or secret (NULL: keep) or switch it off; in the caller's transaction. */
int notify_internal_update(struct ctx *cx, int64_t id, const char *url, const char *secret,
			   int enabled);

/* The worker's settings (from the configuration, at start): the first retry's wait in seconds
 * (doubling, with jitter, up to an hour), the tries before a delivery is dead, and the seconds
 * one delivery may take. */
void notify_configure(unsigned retry_seconds, unsigned max_tries, unsigned timeout_seconds);

void notify_api_register(void);

#endif
