#include "access/audit.h"

#include "access/access.h"
#include "base/json.h"
#include "base/text.h"

int audit_record_as(struct ctx *cx, int64_t actor_id, const char *actor, const char *action,
		    const char *entity, int64_t entity_id, json_t *before, json_t *after)
{
	json_t *sum = json_object();
	json_object_set(sum, "before", before ? before : json_null());
	json_object_set(sum, "after", after ? after : json_null());
	char *text = json_to_arena(cx->a, sum, NULL);
	json_decref(sum);
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, summary, ip) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now);
	if (actor_id)
		store_bind_int64(st, 2, actor_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, actor);
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, entity);
	if (entity_id)
		store_bind_int64(st, 6, entity_id);
	else
		store_bind_null(st, 6);
	store_bind_text(st, 7, text);
	store_bind_text(st, 8, cx->ip);
	int rc = store_step(st);
	store_reset(st);
	return rc == STORE_DONE ? 0 : ctx_store_error(cx);
}

int audit_commit(struct ctx *cx, const char *action, const char *entity, int64_t entity_id,
		 json_t *before, json_t *after)
{
	if (audit_record(cx, action, entity, entity_id, before, after) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

int audit_record(struct ctx *cx, const char *action, const char *entity, int64_t entity_id,
		 json_t *before, json_t *after)
{
	const char *actor = cx->actor.username ? cx->actor.username
			  : cx->actor.system ? "system" : "anonymous";
	return audit_record_as(cx, cx->actor.user_id, actor, action, entity, entity_id, before, after);
}

static int64_t read_entry(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct audit_entry *e = row;
	e->id = store_col_int64(st, 0);
	e->at = store_col_int64(st, 1);
	e->actor_id = store_col_int64(st, 2);
	e->actor = arena_strdup(cx->a, store_col_text(st, 3));
	e->action = arena_strdup(cx->a, store_col_text(st, 4));
	e->entity = arena_strdup(cx->a, store_col_text(st, 5));
	e->entity_id = store_col_int64(st, 6);
	e->summary = arena_strdup(cx->a, store_col_text(st, 7));
	e->ip = store_col_is_null(st, 8) ? NULL : arena_strdup(cx->a, store_col_text(st, 8));
	return e->id;
}

int audit_list(struct ctx *cx, const struct audit_filter *f, struct audit_entry **items,
	       size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_AUDIT_READ, NULL) < 0)
		return -1;
	/* One fixed statement; an absent filter is bound as NULL and switches its test off. */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, at, actor_id, actor, action, entity, entity_id, summary, ip FROM audit_log "
		"WHERE (CAST(? AS BIGINT) IS NULL OR id < ?) "
		"AND (CAST(? AS BIGINT) IS NULL OR actor_id = ?) "
		/* the username, or a part of the person's display name */
		"AND (CAST(? AS TEXT) IS NULL OR actor = ? OR actor_id IN (SELECT id FROM users "
		"     WHERE lower(display_name) LIKE ? ESCAPE '\\')) "
		/* one action, or several separated by commas */
		"AND (CAST(? AS TEXT) IS NULL OR (',' || ? || ',') LIKE ('%,' || action || ',%')) "
		"AND (CAST(? AS TEXT) IS NULL OR entity = ?) "
		"AND (CAST(? AS BIGINT) IS NULL OR entity_id = ?) "
		"AND (CAST(? AS BIGINT) IS NULL OR at >= ?) "
		"AND (CAST(? AS BIGINT) IS NULL OR at < ?) "
		"ORDER BY id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int i = 1;
#define BIND_I(v) do { if (v) { store_bind_int64(st, i, v); store_bind_int64(st, i + 1, v); } \
		       else { store_bind_null(st, i); store_bind_null(st, i + 1); } i += 2; } while (0)
#define BIND_T(v) do { store_bind_text(st, i, v); store_bind_text(st, i + 1, v); i += 2; } while (0)
	BIND_I(f->cursor);
	BIND_I(f->actor_id);
	BIND_T(f->actor);
	store_bind_text(st, i++, f->actor ? text_like_contains(cx->a, f->actor) : NULL);
	BIND_T(f->action);
	BIND_T(f->entity);
	BIND_I(f->entity_id);
	BIND_I(f->since);
	BIND_I(f->until);
#undef BIND_I
#undef BIND_T
	store_bind_int64(st, i, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_entry, items, n, next_cursor);
}

int64_t audit_purge(struct store *db, int64_t now, int64_t retention_days)
{
	int64_t cutoff = now - retention_days * 86400, total = 0;
	for (;;) {   /* small batches keep each write lock short */
		struct store_stmt *st = store_prepare(db,
			"DELETE FROM audit_log WHERE id IN "
			"(SELECT id FROM audit_log WHERE at < ? ORDER BY id LIMIT 5000)");
		if (!st)
			return -1;
		store_bind_int64(st, 1, cutoff);
		int rc = store_step(st);
		int64_t n = store_changes(st);
		store_reset(st);
		if (rc != STORE_DONE)
			return -1;
		total += n;
		if (n < 5000)
			return total;
	}
}
