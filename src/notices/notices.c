/* In-app notices: written in the transaction of what causes them, read by their user. */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "notices/notices.h"

#define KEEP_DAYS 366

int notices_add(struct ctx *cx, const int64_t *users, size_t n, const char *kind,
		const char *entity, int64_t entity_id, const char *title, const char *body)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO notices (user_id, kind, entity, entity_id, title, body, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	for (size_t i = 0; i < n; i++) {
		bool seen = users[i] == 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = users[j] == users[i];
		if (seen)
			continue;
		store_bind_int64(st, 1, users[i]);
		store_bind_text(st, 2, kind);
		store_bind_text(st, 3, entity);
		store_bind_int64(st, 4, entity_id);
		store_bind_text(st, 5, title);
		store_bind_text(st, 6, body ? body : "");
		store_bind_int64(st, 7, cx->now);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return 0;
}

static int64_t read_notice(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct notice *n = row;
	n->id = store_col_int64(st, 0);
	n->user_id = store_col_int64(st, 1);
	n->kind = arena_strdup(cx->a, store_col_text(st, 2));
	n->entity = arena_strdup(cx->a, store_col_text(st, 3));
	n->entity_id = store_col_int64(st, 4);
	n->title = arena_strdup(cx->a, store_col_text(st, 5));
	n->body = arena_strdup(cx->a, store_col_text(st, 6));
	n->created_at = store_col_int64(st, 7);
	n->read_at = store_col_int64(st, 8);
	return n->id;
}

json_t *notice_json(const struct notice *n)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)n->id,
		"kind", n->kind, "entity", n->entity, "entity_id", (json_int_t)n->entity_id, "title",
		n->title, "body", n->body, "created_at", json_time(n->created_at), "read_at",
		json_time(n->read_at), "read", n->read_at != 0);
}

int notices_list(struct ctx *cx, bool unread, int limit, int64_t cursor, struct notice **items,
		 size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, user_id, kind, entity, entity_id, title, body, created_at, read_at"
		" FROM notices WHERE user_id = ? AND (? = 0 OR read_at IS NULL) AND (? = 0 OR id < ?)"
		" ORDER BY id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->actor.user_id);
	store_bind_int64(st, 2, unread);
	store_bind_int64(st, 3, cursor);
	store_bind_int64(st, 4, cursor);
	store_bind_int64(st, 5, limit + 1);
	return ctx_page(cx, st, sizeof **items, limit, read_notice, items, n, next_cursor);
}

int64_t notices_unread(struct ctx *cx)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM notices WHERE user_id = ? AND"
			      " read_at IS NULL", &n, 1, cx->actor.user_id) < 0)
		return ctx_store_error(cx);
	return n;
}

static int64_t mark(struct ctx *cx, int64_t id)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE notices SET read_at = ? WHERE user_id = ? AND read_at IS NULL"
		" AND (? = 0 OR id = ?)");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, id);
	int rc = store_step(st);
	int64_t changed = rc == STORE_DONE ? store_changes(st) : 0;
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	return changed;
}

int notices_read(struct ctx *cx, int64_t id)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM notices WHERE id = ? AND user_id = ?",
			      &n, 2, id, cx->actor.user_id) < 0)
		return ctx_store_error(cx);
	if (!n)
		return access_require(cx, PERM_SELF, NULL) < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	return mark(cx, id) < 0 ? -1 : 0;
}

int64_t notices_read_all(struct ctx *cx) { return mark(cx, 0); }

int64_t notices_purge_job(struct store *db, int64_t now);
int64_t notices_purge_job(struct store *db, int64_t now)
{
	struct store_stmt *st = store_prepare(db, "DELETE FROM notices WHERE created_at < ?");
	if (!st)
		return -1;
	store_bind_int64(st, 1, now - (int64_t)KEEP_DAYS * 86400);
	int rc = store_step(st);
	int64_t n = rc == STORE_DONE ? store_changes(st) : -1;
	store_reset(st);
	return n;
}
