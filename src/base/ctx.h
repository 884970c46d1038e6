/* ctx: what every service function gets: the request's arena, this thread's database
 * connection, who is acting, the clock, the language, and the error. */
#ifndef LINLI_CTX_H
#define LINLI_CTX_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct actor {
	int64_t user_id;          /* 0: nobody is logged in */
	int system;               /* the command line acting for the operator: every permission */
	const char *username;
	int role;                 /* enum role (access/access.h) */
	int64_t session_id;       /* set when authenticated by the session cookie */
	int64_t token_id;         /* set when authenticated by a bearer token */
	const char *csrf_token;   /* of the session */
	int password_change;      /* the session may do nothing but change its password */
	size_t nunits;            /* the org units the actor is assigned to */
	int64_t *unit_ids;
	const char **unit_paths;  /* their materialised paths ('/1/4/') */
	const char **unit_kinds;  /* and their kinds ('community') */
};

struct ctx {
	struct arena *a;
	struct store *db;
	struct actor actor;
	int64_t now;
	enum lang lang;
	struct err err;
	const char *ip;
	const char *user_agent;
};

/* A transaction around a service call: begin, then commit on success or roll back on failure.
 * They translate store errors into cx->err (busy → 503, unique → 409, else 500). */
int ctx_begin(struct ctx *cx);
int ctx_commit(struct ctx *cx);
void ctx_rollback(struct ctx *cx);
/* Map the store's last error into cx->err; returns -1. */
int ctx_store_error(struct ctx *cx);
/* The same, and roll the open transaction back: the tail of a failed write. */
int ctx_fail(struct ctx *cx);
/* Run a write (its RETURNING rows, if any, stepped over) in the open transaction and reset it:
 * 0. A unique violation rolls back and is 409 with `field` given message `key` (when field is
 * not NULL); any other failure rolls back (ctx_fail). *changed (when not NULL): rows changed. */
int ctx_write(struct ctx *cx, struct store_stmt *st, const char *field, const char *key,
	      int64_t *changed);
/* An INSERT … RETURNING id in the open transaction: 0 with *id; a unique violation rolls back
 * and is 409 with `field` given message `key` (when field is not NULL); else ctx_fail. */
int ctx_insert(struct ctx *cx, struct store_stmt *st, const char *field, const char *key,
	       int64_t *id);
/* The same for an UPDATE … WHERE … AND version = ?: 0 when it changed a row; else rolled back
 * with 409 version_conflict on `version` (another write came first, or the version sent is not
 * the row's). */
int ctx_write_version(struct ctx *cx, struct store_stmt *st);
/* Take a row's version in the open transaction: `sql` is "UPDATE <table> SET version =
 * version + 1, updated_at = ? WHERE id = ? AND version = ?". 0, or -1 rolled back with 409
 * version_conflict when the version sent is not the row's. */
int ctx_bump_version(struct ctx *cx, const char *sql, int64_t id, int64_t version);
/* Delete a row at the version sent, in the open transaction: `sql` is "DELETE FROM <table>
 * WHERE id = ? AND version = ?". 0, or -1 rolled back with 409 version_conflict. */
int ctx_delete_version(struct ctx *cx, const char *sql, int64_t id, int64_t version);

/* Reads the current row of a statement into *row (zeroed, of the size given below) and returns
 * the row's cursor key (its id), which ctx_page() uses. */
typedef int64_t (*ctx_row_reader)(struct ctx *cx, struct store_stmt *st, void *row);

/* Every row of st (at most max; 0: no limit) into an array on cx's arena that grows as it
 * fills; st is reset. *items (a T **) and *n receive it. 0, or -1 with cx->err set. */
int ctx_rows(struct ctx *cx, struct store_stmt *st, size_t size, size_t max, ctx_row_reader read,
	     void *items, size_t *n);
/* One page of a list ordered by its cursor key: st must ask for limit + 1 rows. At most limit
 * are kept; when there were more, *next_cursor is the key of the last kept, else 0. */
int ctx_page(struct ctx *cx, struct store_stmt *st, size_t size, int limit, ctx_row_reader read,
	     void *items, size_t *n, int64_t *next_cursor);

#endif
