/* notices: in-app notices (站内通知) to users: what a feature tells someone (a request dispatched
 * to them, due soon, overdue, sent back, rated badly), linked to what it concerns. Each user
 * reads and marks only their own; the console's header shows the unread count. */
#ifndef LINLI_NOTICES_H
#define LINLI_NOTICES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct notice {
	int64_t id, user_id, entity_id, created_at, read_at;
	const char *kind, *entity, *title, *body;
};

/* Tell each of users (duplicates and 0 skipped) in the caller's open transaction: 0, or -1
 * rolled back. */
int notices_add(struct ctx *cx, const int64_t *users, size_t n, const char *kind,
		const char *entity, int64_t entity_id, const char *title, const char *body);
/* The caller's notices, newest first (unread only when asked), paged by id. */
int notices_list(struct ctx *cx, bool unread, int limit, int64_t cursor, struct notice **items,
		 size_t *n, int64_t *next_cursor);
int64_t notices_unread(struct ctx *cx);
/* Mark one of the caller's read (404 for another's), or all of them: how many changed. */
int notices_read(struct ctx *cx, int64_t id);
int64_t notices_read_all(struct ctx *cx);
json_t *notice_json(const struct notice *n);

void notices_api_register(void);

#endif
