/* The callbacks to a 12345 platform: every change of a request it handed over (its state, the
 * result, the rating) goes back through the outbox (notify/) as a signed webhook to the
 * platform's callback URL, with the platform's ticket number as the event's `ref`. The outbox's
 * destination for the platform is made at its first hand-off with a callback URL and kept in
 * step with the platform's URL, secret and switch. */
#include "base/log.h"
#include "hotline/internal.h"
#include "notify/notify.h"

static int destination_of(struct ctx *cx, int64_t platform_id, int64_t *id)
{
	*id = 0;
	struct store_stmt *st = store_prepare(cx->db, "SELECT destination_id FROM hotline_platforms"
					      " WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, platform_id);
	int rc = store_step(st);
	if (rc == STORE_ROW && !store_col_is_null(st, 0))
		*id = store_col_int64(st, 0);
	store_reset(st);
	return rc == STORE_ERR ? ctx_fail(cx) : 0;
}

int hl_follow(struct ctx *cx, const struct hotline_platform *p, int64_t request_id,
	      const char *ticket)
{
	if (!p->callback_url || !*p->callback_url)
		return 0;
	int64_t dest;
	if (destination_of(cx, p->id, &dest) < 0)
		return -1;
	if (!dest) {
		const char *secret = hotline_platform_secret(cx, p->id);
		if (!secret) {
			ctx_rollback(cx);
			return cx->err.code ? -1 : err_set(&cx->err, ERR_INTERNAL);
		}
		if (notify_internal_destination(cx, p->unit_id, p->name, p->callback_url, secret,
						&dest) < 0) {
			if (cx->err.code != ERR_VALIDATION)
				return -1;
			/* a callback URL the outbox may not reach (a private address the operator has
			 * not allowed): the hand-off is taken, its callbacks are not sent */
			log_warn("hotline: platform %lld's callback URL is not reachable: no callbacks",
				 (long long)p->id);
			err_clear(&cx->err);
			return 0;
		}
		struct store_stmt *st = store_prepare(cx->db, "UPDATE hotline_platforms SET"
						      " destination_id = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, dest);
		store_bind_int64(st, 2, p->id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return notify_subscribe(cx, dest, "request", request_id, ticket);
}

int hl_callbacks_changed(struct ctx *cx, const struct hotline_platform *p)
{
	int64_t dest;
	if (destination_of(cx, p->id, &dest) < 0)
		return -1;
	if (!dest)
		return 0;
	const char *secret = hotline_platform_secret(cx, p->id);
	bool on = p->active && p->callback_url && *p->callback_url;
	if (notify_internal_update(cx, dest, on ? p->callback_url : NULL, secret, on) < 0) {
		if (cx->err.code != ERR_VALIDATION)
			return -1;
		err_clear(&cx->err);   /* a URL the outbox may not reach: the callbacks stop */
		log_warn("hotline: platform %lld's new callback URL is not reachable", (long long)p->id);
		return notify_internal_update(cx, dest, NULL, NULL, 0);
	}
	return 0;
}
