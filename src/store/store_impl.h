/* Internal to store/: what a driver provides. Each driver's connection struct starts with
 * `struct store` and each statement struct with `struct store_stmt`. */
#ifndef LINLI_STORE_IMPL_H
#define LINLI_STORE_IMPL_H

#include <stdbool.h>
#include "store.h"

/* FNV-1a of a statement's text, for the statements found by their text. */
uint64_t store_text_hash(const char *sql);

struct store_ops {
	void (*close)(struct store *s);
	int (*exec)(struct store *s, const char *sql);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	/* by_text: the SQL was built at run time: found by its text (and hash), not its pointer */
	struct store_stmt *(*prepare)(struct store *s, const char *sql, bool by_text);
	int (*bind_int64)(struct store_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct store_stmt *st, int idx, double v);
	int (*bind_text)(struct store_stmt *st, int idx, const char *v);
	int (*bind_null)(struct store_stmt *st, int idx);
	int (*step)(struct store_stmt *st);
	int (*send)(struct store_stmt *st);
	int (*wait)(struct store *s);
	int (*col_count)(struct store_stmt *st);
	int (*col_is_null)(struct store_stmt *st, int col);
	int64_t (*col_int64)(struct store_stmt *st, int col);
	double (*col_double)(struct store_stmt *st, int col);
	const char *(*col_text)(struct store_stmt *st, int col);
	int64_t (*changes)(struct store_stmt *st);
	void (*reset)(struct store_stmt *st);
	int (*backup)(struct store *s, const char *path);
	int (*check)(struct store *s, char *err, size_t errlen);
	int (*lock_migrations)(struct store *s);
	void (*unlock_migrations)(struct store *s);
};

struct store {
	const struct store_ops *ops;
	enum store_kind kind;
	enum store_errkind errkind;
	char errmsg[512];
};

struct store_stmt {
	struct store *s;
};

/* Record an error on the connection (printf-style); returns -1 for convenience. */
int store_set_error(struct store *s, enum store_errkind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct store *store_sqlite_open(const char *path, char *err, size_t errlen);
struct store *store_postgres_open(const char *url, char *err, size_t errlen);

/* Rewrite `?` placeholders (outside quotes and comments) to `$1..$n`. Returns a malloc'd string
 * and the number of placeholders in *nparams; NULL on allocation failure. */
char *store_rewrite_placeholders(const char *sql, int *nparams);

#endif
