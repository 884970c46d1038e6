/* store.c: the public store_* calls, dispatched to the driver chosen by the URL. */
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store *store_open(const char *url, char *err, size_t errlen)
{
	if (!url || !*url) {
		snprintf(err, errlen, "no database URL given");
		return NULL;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		return store_sqlite_open(url + 7, err, errlen);
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return store_postgres_open(url, err, errlen);
	snprintf(err, errlen, "unknown database URL scheme (use sqlite:PATH or postgresql://...)");
	return NULL;
}

void store_close(struct store *s) { if (s) s->ops->close(s); }
enum store_kind store_kind(const struct store *s) { return s->kind; }
int store_exec(struct store *s, const char *sql) { return s->ops->exec(s, sql); }
int store_begin(struct store *s) { return s->ops->begin(s); }
int store_commit(struct store *s) { return s->ops->commit(s); }
int store_rollback(struct store *s) { return s->ops->rollback(s); }
struct store_stmt *store_prepare(struct store *s, const char *sql) { return s->ops->prepare(s, sql, false); }
struct store_stmt *store_prepare_text(struct store *s, const char *sql) { return s->ops->prepare(s, sql, true); }


uint64_t store_text_hash(const char *sql)
{
	uint64_t h = 1469598103934665603ull;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}
int store_bind_int64(struct store_stmt *st, int i, int64_t v) { return st->s->ops->bind_int64(st, i, v); }
int store_bind_double(struct store_stmt *st, int i, double v) { return st->s->ops->bind_double(st, i, v); }
int store_bind_text(struct store_stmt *st, int i, const char *v) { return st->s->ops->bind_text(st, i, v); }
int store_bind_null(struct store_stmt *st, int i) { return st->s->ops->bind_null(st, i); }
int store_bind_int64_or_null(struct store_stmt *st, int i, int64_t v)
{
	return v ? store_bind_int64(st, i, v) : store_bind_null(st, i);
}
int store_step(struct store_stmt *st) { return st->s->ops->step(st); }
int store_send(struct store_stmt *st) { return st->s->ops->send(st); }
int store_wait(struct store *s) { return s->ops->wait(s); }
int store_col_count(struct store_stmt *st) { return st->s->ops->col_count(st); }
int store_col_is_null(struct store_stmt *st, int c) { return st->s->ops->col_is_null(st, c); }
int64_t store_col_int64(struct store_stmt *st, int c) { return st->s->ops->col_int64(st, c); }
double store_col_double(struct store_stmt *st, int c) { return st->s->ops->col_double(st, c); }
const char *store_col_text(struct store_stmt *st, int c) { return st->s->ops->col_text(st, c); }
int64_t store_changes(struct store_stmt *st) { return st->s->ops->changes(st); }
void store_reset(struct store_stmt *st) { if (st) st->s->ops->reset(st); }
enum store_errkind store_errkind(const struct store *s) { return s->errkind; }
const char *store_errmsg(const struct store *s) { return s->errmsg; }
int store_backup(struct store *s, const char *path) { return s->ops->backup(s, path); }
int store_check(struct store *s, char *err, size_t n) { return s->ops->check(s, err, n); }
int store_lock_migrations(struct store *s) { return s->ops->lock_migrations(s); }
void store_unlock_migrations(struct store *s) { s->ops->unlock_migrations(s); }

int store_set_error(struct store *s, enum store_errkind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	s->errkind = kind;
	return -1;
}

int store_query_int64(struct store *s, const char *sql, int64_t *out, int nparams, ...)
{
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		return -1;
	va_list ap;
	va_start(ap, nparams);
	for (int i = 0; i < nparams; i++)
		store_bind_int64(st, i + 1, va_arg(ap, int64_t));
	va_end(ap);
	int rc = store_step(st), ret;
	if (rc == STORE_ROW) {
		*out = store_col_int64(st, 0);
		ret = 1;
	} else {
		ret = rc == STORE_DONE ? 0 : -1;
	}
	store_reset(st);
	return ret;
}

char *store_rewrite_placeholders(const char *sql, int *nparams)
{
	size_t len = strlen(sql);
	/* each '?' becomes at most "$" + 5 digits */
	char *out = malloc(len * 6 + 1);
	if (!out)
		return NULL;
	char *o = out;
	int n = 0;
	for (const char *p = sql; *p; p++) {
		char c = *p;
		if (c == '\'' || c == '"') {          /* copy a quoted run, '' and "" escapes included */
			*o++ = *p;
			while (p[1]) {
				*o++ = *++p;
				if (*p == c) {
					if (p[1] == c) { *o++ = *++p; continue; }
					break;
				}
			}
		} else if (c == '-' && p[1] == '-') { /* line comment */
			while (*p && *p != '\n')
				*o++ = *p++;
			if (!*p)
				break;
			*o++ = *p;
		} else if (c == '/' && p[1] == '*') { /* block comment, copied unchanged */
			const char *end = strstr(p + 2, "*/");
			size_t cl = end ? (size_t)(end + 2 - p) : strlen(p);
			memcpy(o, p, cl);
			o += cl;
			p += cl - 1;
		} else if (c == '?') {
			o += sprintf(o, "$%d", ++n);
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	*nparams = n;
	return out;
}
