#include "base/ctx.h"

#include <string.h>

#include "base/log.h"

int ctx_store_error(struct ctx *cx)
{
	switch (store_errkind(cx->db)) {
	case STORE_E_UNIQUE:
		return err_setf(&cx->err, ERR_CONFLICT, "%s", store_errmsg(cx->db));
	case STORE_E_BUSY:
		return err_setf(&cx->err, ERR_UNAVAILABLE, "%s", store_errmsg(cx->db));
	default:
		log_error("database: %s", store_errmsg(cx->db));
		return err_setf(&cx->err, ERR_INTERNAL, "%s", store_errmsg(cx->db));
	}
}

int ctx_begin(struct ctx *cx)
{
	return store_begin(cx->db) < 0 ? ctx_store_error(cx) : 0;
}

int ctx_commit(struct ctx *cx)
{
	if (store_commit(cx->db) < 0) {
		ctx_store_error(cx);
		store_rollback(cx->db);
		return -1;
	}
	return 0;
}

void ctx_rollback(struct ctx *cx)
{
	store_rollback(cx->db);
}

int ctx_fail(struct ctx *cx)
{
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

int ctx_write(struct ctx *cx, struct store_stmt *st, const char *field, const char *key,
	      int64_t *changed)
{
	int rc = store_step(st);
	while (rc == STORE_ROW)
		rc = store_step(st);
	if (changed)
		*changed = store_changes(st);
	store_reset(st);
	if (rc == STORE_DONE)
		return 0;
	if (field && store_errkind(cx->db) == STORE_E_UNIQUE) {
		ctx_rollback(cx);
		err_field(&cx->err, field, key, 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	return ctx_fail(cx);
}

int ctx_insert(struct ctx *cx, struct store_stmt *st, const char *field, const char *key,
	       int64_t *id)
{
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_DONE && *id)
		return 0;
	if (field && store_errkind(cx->db) == STORE_E_UNIQUE) {
		ctx_rollback(cx);
		err_field(&cx->err, field, key, 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	return ctx_fail(cx);
}

int ctx_write_version(struct ctx *cx, struct store_stmt *st)
{
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (changed == 0) {
		ctx_rollback(cx);
		err_field(&cx->err, "version", "stale", 0);
		return err_set(&cx->err, ERR_VERSION_CONFLICT);
	}
	return 0;
}

int ctx_bump_version(struct ctx *cx, const char *sql, int64_t id, int64_t version)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	store_bind_int64(st, 3, version);
	return ctx_write_version(cx, st);
}

int ctx_delete_version(struct ctx *cx, const char *sql, int64_t id, int64_t version)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, version);
	return ctx_write_version(cx, st);
}

int ctx_rows(struct ctx *cx, struct store_stmt *st, size_t size, size_t max, ctx_row_reader read,
	     void *items, size_t *n)
{
	size_t cap = max && max < 16 ? max : 16, k = 0;
	char *v = arena_alloc(cx->a, size * cap);
	int rc = STORE_DONE;
	while ((max == 0 || k < max) && (rc = store_step(st)) == STORE_ROW) {
		if (k == cap) {
			char *nv = arena_alloc(cx->a, size * cap * 2);
			memcpy(nv, v, size * cap);
			v = nv;
			cap *= 2;
		}
		read(cx, st, v + size * k++);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	memcpy(items, &v, sizeof v);
	*n = k;
	return 0;
}

int ctx_page(struct ctx *cx, struct store_stmt *st, size_t size, int limit, ctx_row_reader read,
	     void *items, size_t *n, int64_t *next_cursor)
{
	/* the key of the limit-th row is the cursor; the extra row only says there is more */
	int64_t cursor = 0;
	size_t max = (size_t)limit + 1;
	size_t k = 0;
	char *v = arena_alloc(cx->a, size * max);
	int rc = STORE_DONE;
	while (k < max && (rc = store_step(st)) == STORE_ROW) {
		int64_t key = read(cx, st, v + size * k++);
		if (k == (size_t)limit)
			cursor = key;
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	*next_cursor = k == max ? cursor : 0;
	if (k == max)
		k--;
	memcpy(items, &v, sizeof v);
	*n = k;
	return 0;
}
