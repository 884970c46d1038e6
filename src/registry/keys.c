/* The registry's keys: sealing, looking up and opening personal values, and rotation. */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/seal.h"
#include "base/text.h"
#include "registry/internal.h"

static struct seal_ring *ring;

void registry_set_keys(struct seal_ring *r) { ring = r; }
const struct seal_ring *registry_keys(void) { return ring; }

static int no_keys(struct ctx *cx)
{
	return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
}

int registry_seal(struct ctx *cx, const char *purpose, const char *clear, const char *lookup_key,
		  const char *masked, struct sealed *out)
{
	if (!ring)
		return no_keys(cx);
	size_t n = seal_stored_size(strlen(clear));
	char *stored = arena_alloc(cx->a, n), *hash = arena_alloc(cx->a, SEAL_LOOKUP_HEX);
	if (seal_seal(ring, purpose, clear, strlen(clear), stored, n) != SEAL_OK ||
	    seal_lookup(ring, purpose, lookup_key, hash) != SEAL_OK)
		return err_setf(&cx->err, ERR_INTERNAL, "sealing %s failed", purpose);
	*out = (struct sealed){stored, hash, masked};
	return 0;
}

int registry_lookup(struct ctx *cx, const char *purpose, const char *key, const char **out)
{
	*out = NULL;
	if (!ring)
		return 0;
	char *hash = arena_alloc(cx->a, SEAL_LOOKUP_HEX);
	if (seal_lookup(ring, purpose, key, hash) != SEAL_OK)
		return err_setf(&cx->err, ERR_INTERNAL, "lookup %s failed", purpose);
	*out = hash;
	return 0;
}

const char *registry_seal_value(struct ctx *cx, const char *purpose, const char *clear)
{
	if (!clear)
		return NULL;
	if (!ring) {
		no_keys(cx);
		return NULL;
	}
	size_t n = seal_stored_size(strlen(clear));
	char *stored = arena_alloc(cx->a, n);
	if (seal_seal(ring, purpose, clear, strlen(clear), stored, n) != SEAL_OK) {
		err_setf(&cx->err, ERR_INTERNAL, "sealing %s failed", purpose);
		return NULL;
	}
	return stored;
}

const char *registry_open(struct ctx *cx, const char *purpose, const char *stored)
{
	if (!ring || !stored || !*stored)
		return NULL;
	size_t cap = strlen(stored) + 1, len;
	char *plain = arena_alloc(cx->a, cap);
	int rc = seal_open(ring, purpose, stored, plain, cap, &len);
	if (rc != SEAL_OK) {
		log_error("cannot open a %s value: %s", purpose, seal_strerror(rc));
		return NULL;
	}
	return plain;
}

/* One batch of a sealed column's values after row `after`, re-sealed where their key is not the
 * current one, in one transaction. */
static int rekey_batch(struct ctx *cx, const char *table, const char *column, const char *purpose,
		       int64_t after, int64_t *last, int64_t *done)
{
	enum { BATCH = 500 };
	struct store_stmt *st = store_prepare_text(cx->db, arena_printf(cx->a,
		"SELECT id, %s FROM %s WHERE id > ? ORDER BY id LIMIT %d", column, table, BATCH));
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, after);
	struct { int64_t id; const char *v; } rows[BATCH];
	int n = 0, rc;
	while (n < BATCH && (rc = store_step(st)) == STORE_ROW) {
		rows[n].id = store_col_int64(st, 0);
		rows[n].v = store_col_is_null(st, 1) ? NULL : arena_strdup(cx->a, store_col_text(st, 1));
		n++;
	}
	store_reset(st);
	if (n < BATCH && rc == STORE_ERR)
		return ctx_store_error(cx);
	*last = n == BATCH ? rows[n - 1].id : 0;
	if (ctx_begin(cx) < 0)
		return -1;
	const char *update = arena_printf(cx->a, "UPDATE %s SET %s = ? WHERE id = ?", table, column);
	for (int i = 0; i < n; i++) {
		if (!rows[i].v || seal_is_current(ring, rows[i].v))
			continue;
		size_t cap = strlen(rows[i].v) + 64;
		char *out = arena_alloc(cx->a, cap);
		int sr = seal_reseal(ring, purpose, rows[i].v, out, cap);
		if (sr != SEAL_OK) {
			ctx_rollback(cx);
			return err_setf(&cx->err, ERR_INTERNAL, "%s %lld: %s: %s", table,
					(long long)rows[i].id, column, seal_strerror(sr));
		}
		st = store_prepare_text(cx->db, update);
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, out);
		store_bind_int64(st, 2, rows[i].id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
		(*done)++;
	}
	return ctx_commit(cx);
}

int registry_rekey(struct ctx *cx, const char *table, const char *column, const char *purpose,
		   int64_t *done)
{
	if (!ring)
		return no_keys(cx);
	int64_t after = 0, last = 0;
	struct arena *keep = cx->a;
	do {   /* each batch on an arena of its own, freed after it */
		cx->a = arena_new();
		int rc = rekey_batch(cx, table, column, purpose, after, &last, done);
		arena_free(cx->a);
		cx->a = keep;
		if (rc < 0)
			return -1;
		after = last;
	} while (last);
	return 0;
}

int registry_stale_values(struct ctx *cx, const char *table, const char *column, int64_t *count)
{
	if (!ring)
		return no_keys(cx);
	char prefix[SEAL_ID_MAX + 8];
	snprintf(prefix, sizeof prefix, "v1:%s:", seal_ring_current(ring));
	struct store_stmt *st = store_prepare_text(cx->db, arena_printf(cx->a,
		"SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL"
		" AND substr(%s, 1, length(CAST(? AS TEXT))) <> ?", table, column, column));
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, prefix);
	store_bind_text(st, 2, prefix);
	int rc = store_step(st);
	*count = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}
