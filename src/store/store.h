/* store: one small interface over SQLite and PostgreSQL.
 *
 * A `struct store` is one connection, used by one thread at a time. SQL is written once, with `?`
 * placeholders; the PostgreSQL driver rewrites them to `$n`. Statements are prepared on first use
 * and cached per connection, keyed by the SQL text pointer, so callers pass string literals
 * (or text built once that stays put while the process runs, one text a variant); SQL built
 * anew at run time goes to store_prepare_text(), which finds the statement by its text instead
 * (an arena's address is another text later).
 * Values cross the interface as int64, double, text or NULL; booleans are 0/1 integers; times are
 * UTC epoch seconds in BIGINT columns. No SQL text is ever built from input. */
#ifndef LINLI_STORE_H
#define LINLI_STORE_H

#include <stddef.h>
#include <stdint.h>

enum store_kind { STORE_SQLITE = 1, STORE_POSTGRES = 2 };

/* Results of store_step() and error kinds kept in store_errkind(). */
enum {
	STORE_ROW = 1,
	STORE_DONE = 0,
	STORE_ERR = -1,
};
enum store_errkind {
	STORE_E_NONE = 0,
	STORE_E_UNIQUE,      /* unique or primary-key violation */
	STORE_E_FOREIGN,     /* foreign-key violation */
	STORE_E_BUSY,        /* lock timeout, serialization failure, deadlock: safe to retry */
	STORE_E_OTHER,
};

struct store;
struct store_stmt;

/* url: "sqlite:PATH" (PATH may be ":memory:") or "postgresql://..." / "postgres://...".
 * On failure returns NULL and writes a one-line reason into err. */
struct store *store_open(const char *url, char *err, size_t errlen);
void store_close(struct store *s);
enum store_kind store_kind(const struct store *s);

/* Run SQL with no parameters and no rows (DDL, PRAGMA, several statements separated by ';'). */
int store_exec(struct store *s, const char *sql);

int store_begin(struct store *s);     /* BEGIN (SQLite: BEGIN IMMEDIATE) */
int store_commit(struct store *s);
int store_rollback(struct store *s);  /* safe to call when no transaction is open */

/* Prepare (or fetch from the cache) a statement; it comes back reset with no bindings.
 * Returns NULL on error (see store_errmsg). */
struct store_stmt *store_prepare(struct store *s, const char *sql);
/* The same for SQL built at run time: cached by its text (a hash, then the text). */
struct store_stmt *store_prepare_text(struct store *s, const char *sql);

/* Parameters are numbered from 1, as in SQLite. Text is copied. */
int store_bind_int64(struct store_stmt *st, int idx, int64_t v);
int store_bind_double(struct store_stmt *st, int idx, double v);
int store_bind_text(struct store_stmt *st, int idx, const char *v); /* NULL binds SQL NULL */
int store_bind_null(struct store_stmt *st, int idx);
/* v, or NULL when v is 0 (an optional id or date). */
int store_bind_int64_or_null(struct store_stmt *st, int idx, int64_t v);

/* Executes on the first call; returns STORE_ROW while there is a row, then STORE_DONE, or STORE_ERR. */
int store_step(struct store_stmt *st);

/* Run a statement whose rows are not wanted without waiting for its end: on PostgreSQL it is
 * sent at once (pipeline mode) and the caller goes on while the server works; what it answers
 * is read by the connection's next use (any call, or store_wait), which fails with its error
 * if it failed. SQLite runs it now. 0, or STORE_ERR; reset the statement after, as after a
 * step. For writes in bulk, where the caller has other work to do meanwhile. */
int store_send(struct store_stmt *st);
/* Every statement sent: their ends. 0, or -1 with the first one's error. */
int store_wait(struct store *s);

/* Columns are numbered from 0. Text stays valid until the next step/reset of this statement. */
int store_col_count(struct store_stmt *st);
int store_col_is_null(struct store_stmt *st, int col);
int64_t store_col_int64(struct store_stmt *st, int col);
double store_col_double(struct store_stmt *st, int col);
const char *store_col_text(struct store_stmt *st, int col); /* "" for NULL */

/* Rows changed by the last finished INSERT/UPDATE/DELETE of this statement. */
int64_t store_changes(struct store_stmt *st);

/* Clear results and bindings; store_prepare() does it too. Call it when done with the rows. */
void store_reset(struct store_stmt *st);

enum store_errkind store_errkind(const struct store *s);
const char *store_errmsg(const struct store *s);

/* Online, consistent copy of the whole database into path (SQLite backup API; pg_dump for
 * PostgreSQL). */
int store_backup(struct store *s, const char *path);

/* Integrity check: 0 when the database is sound; a reason in err otherwise. */
int store_check(struct store *s, char *err, size_t errlen);

/* Take / release a database-wide advisory lock around migrations so that two copies starting at
 * once do not both migrate. No-op on SQLite (BEGIN IMMEDIATE already serialises writers). */
int store_lock_migrations(struct store *s);
void store_unlock_migrations(struct store *s);

/* Helpers built on the above (store.c). */
/* Run a one-row query whose first column is an integer: returns 1 with *out set, 0 when no row,
 * -1 on error. Parameters are int64 only, given as count + values. */
int store_query_int64(struct store *s, const char *sql, int64_t *out, int nparams, ...);

#endif
