/* What the files of hotline share (not for other features). */
#ifndef LINLI_HOTLINE_INTERNAL_H
#define LINLI_HOTLINE_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "hotline/hotline.h"
#include "hotline/limits.h"

/* A hand-off's body judged, without the database: what hl_judge() read. The phone is the
 * normalised form (registry/phone.h); due_at 0: none given. */
struct hl_in {
	const char *ticket, *category, *category_name, *title, *text, *address;
	const char *caller_name, *caller_phone;
	bool has_location;
	double lon, lat;
	int64_t due_at;
};
/* The body of a hand-off (fields named as the platform sends them: lat, lng, caller_phone, …)
 * at the time now: 0, or -1 with every problem in e. Strings are the body's or on the arena. */
int hl_judge(struct arena *a, json_t *body, int64_t now, struct hl_in *in, struct err *e);
/* An Idempotency-Key header: 1..128 printable ASCII characters, no spaces. */
bool hl_key_ok(const char *key);
/* A ticket number or category code: printable ASCII, no spaces. */
bool hl_code_ok(const char *s);

/* The one row of a prepared statement, its parameters bound, read into out: 1, 0 (none), -1
 * (cx->err set); the statement is reset. */
int hl_one(struct ctx *cx, struct store_stmt *st, ctx_row_reader read, void *out);
/* A platform by id (no access check): 1, 0, -1. */
int hl_platform_fetch(struct ctx *cx, int64_t id, struct hotline_platform *out);
/* The platform whose token this is: 1, 0, -1. */
int hl_platform_by_token(struct ctx *cx, int64_t token_id, struct hotline_platform *out);
/* The mapping of a platform's category (no access check): 1, 0, -1. */
int hl_mapping_find(struct ctx *cx, int64_t platform_id, const char *category,
		    struct hotline_mapping *out);
/* The mapping m (read at `version`) given a name and an item, in the open transaction, audited
 * (a stale version: 409, rolled back). */
int hl_mapping_write(struct ctx *cx, const struct hotline_mapping *m, const char *name,
		     int64_t item_id, int64_t version);
/* Insert the mapping in the open transaction, audited (a unique violation: 409 on `category`). */
int hl_mapping_insert(struct ctx *cx, int64_t platform_id, const char *category,
		      const char *name, int64_t item_id, int64_t *id);

/* The platform's callbacks through the outbox (callbacks.c), in the caller's transaction: follow
 * a request it handed over (its outbox destination made at the first), and keep the destination
 * in step after the platform's URL, secret or switch changed. 0, or -1 rolled back. */
int hl_follow(struct ctx *cx, const struct hotline_platform *p, int64_t request_id,
	      const char *ticket);
int hl_callbacks_changed(struct ctx *cx, const struct hotline_platform *p);

#endif
