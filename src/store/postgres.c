/* postgres.c: the PostgreSQL driver (libpq). Every statement is prepared on the server once per
 * connection under a generated name and executed with text parameters and text results. The
 * session runs in UTF-8 with the time zone UTC, READ COMMITTED. A connection found broken before a
 * statement is re-established once, outside a transaction only: inside one, the transaction is lost
 * and the caller must roll back and retry (STORE_E_BUSY). */
#include "store_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CACHE_SLOTS 256
/* pg_advisory_lock key for migrations: the bytes of "linlimig" as a big-endian int64 */
#define MIGRATION_LOCK_KEY "7811896440555137383"
#define PG_DUMP_DIR "/usr/lib/postgresql"

enum { ST_IDLE, ST_ROWS, ST_DONE };

struct pg_stmt {
	struct store_stmt base;
	const char *key;      /* the SQL text pointer the statement was prepared from; NULL when
			       * found by its text */
	char *text;           /* that text, when found by it */
	uint64_t hash;
	char *sql;            /* the text with $n placeholders, kept to prepare again after a reconnect */
	char name[16];        /* server-side name: s1, s2, ... */
	int nparams;
	char **vals;          /* bound parameters as text; NULL is SQL NULL */
	int prepared;         /* exists on the current server session */
	int state;
	int row;
	PGresult *res;
	int64_t changes;
	uint64_t used;        /* last store_prepare() or step, for eviction */
};

struct pg_store {
	struct store base;
	PGconn *conn;
	int in_tx;            /* a transaction is open, as far as we know */
	int tx_lost;          /* the connection dropped while a transaction was open */
	int pipelined;        /* in pipeline mode: statements sent, their answers not read yet */
	unsigned next_name;
	uint64_t clock;
	struct pg_stmt *cache[CACHE_SLOTS];
	int ncache;
};

#define PGS(st) ((struct pg_store *)(st)->s)
#define PGT(st) ((struct pg_stmt *)(st))

/* Copy msg as one line (newlines and tabs to spaces, runs of spaces squeezed, ends trimmed), with
 * any occurrence of the password masked. */
static void pg_oneline(char *dst, size_t n, const char *msg, const char *pw)
{
	size_t pwlen = pw ? strlen(pw) : 0, o = 0;
	if (!n)
		return;
	for (const char *m = msg ? msg : ""; *m && o + 1 < n; m++) {
		if (pwlen && strncmp(m, pw, pwlen) == 0) {
			for (const char *r = "***"; *r && o + 1 < n; r++)
				dst[o++] = *r;
			m += pwlen - 1;
			continue;
		}
		char c = *m;
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if (c == ' ' && (o == 0 || dst[o - 1] == ' '))
			continue;
		dst[o++] = c;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
}

static enum store_errkind pg_kind(const char *sqlstate)
{
	if (!sqlstate)
		return STORE_E_OTHER;
	if (strcmp(sqlstate, "23505") == 0)
		return STORE_E_UNIQUE;
	if (strcmp(sqlstate, "23503") == 0)
		return STORE_E_FOREIGN;
	if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
	    strcmp(sqlstate, "55P03") == 0)
		return STORE_E_BUSY;
	return STORE_E_OTHER;
}

/* Record the error of res (or of the connection when res carries none); returns -1. */
static int pg_fail(struct pg_store *p, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(p->conn);
	char line[400];
	pg_oneline(line, sizeof line, msg, PQpass(p->conn));
	if (!*line)
		snprintf(line, sizeof line, "unknown error");
	if (state)
		return store_set_error(&p->base, pg_kind(state), "postgres: %s (SQLSTATE %s)", line, state);
	return store_set_error(&p->base, STORE_E_OTHER, "postgres: %s", line);
}

/* Keep in_tx in step with the server after each command (unknown while the connection is bad). */
static void pg_track_tx(struct pg_store *p)
{
	switch (PQtransactionStatus(p->conn)) {
	case PQTRANS_IDLE:
		p->in_tx = 0;
		break;
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
		p->in_tx = 1;
		break;
	default:
		break;
	}
}

/* Run parameterless SQL; on success the result goes to *out (when out is given) or is freed. */
static int pg_run(struct pg_store *p, const char *sql, PGresult **out)
{
	PGresult *res = PQexec(p->conn, sql);
	ExecStatusType rs = PQresultStatus(res);
	pg_track_tx(p);
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK && rs != PGRES_EMPTY_QUERY) {
		pg_fail(p, res);
		PQclear(res);
		return -1;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return 0;
}

static void pg_quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* No parallel plans: linli's statements each read a page or a handful of rows, for which a
 * parallel plan only adds workers to start; and PostgreSQL's costs can prefer one that scans a
 * whole table (a name search on the district data: a parallel scan of 1.5 million name grams,
 * 55 ms, where the index gives the 279 rows in 5 ms). No JIT either: it compiles a statement
 * whose estimated cost passes a threshold, 15–20 ms each time (a list's plan on the district
 * data), for statements that take a few milliseconds when their plan is right. */
static int pg_session_setup(struct pg_store *p)
{
	return pg_run(p, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "
			 "SET max_parallel_workers_per_gather = 0; SET jit = off", NULL);
}

/* Re-establish a broken connection; server-side statements are gone, so they get prepared again. */
static int pg_reconnect(struct pg_store *p)
{
	PQreset(p->conn);
	p->in_tx = 0;
	for (int i = 0; i < p->ncache; i++)
		p->cache[i]->prepared = 0;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char line[400];
		pg_oneline(line, sizeof line, PQerrorMessage(p->conn), PQpass(p->conn));
		return store_set_error(&p->base, STORE_E_OTHER,
				       "postgres: connection lost and not re-established: %s", line);
	}
	return pg_session_setup(p);
}

static int pg_tx_lost(struct pg_store *p)
{
	p->tx_lost = 1;
	return store_set_error(&p->base, STORE_E_BUSY,
			       "postgres: connection lost inside a transaction; roll back and retry");
}

/* The answers of the statements sent (pg_send), then out of pipeline mode: 0, or -1 with the
 * first error (the others after it were not run). */
static int pg_wait_answers(struct pg_store *p)
{
	if (!p->pipelined)
		return 0;
	p->pipelined = 0;
	int rc = 0, nulls = 0;
	if (!PQpipelineSync(p->conn))
		rc = pg_fail(p, NULL);
	while (rc == 0 || PQstatus(p->conn) == CONNECTION_OK) {
		PGresult *res = PQgetResult(p->conn);
		if (!res) {   /* the end of one statement's answer; two in a row: nothing more comes */
			if (++nulls > 2)
				break;
			continue;
		}
		nulls = 0;
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			rc = pg_fail(p, res);
		PQclear(res);
	}
	if (!PQexitPipelineMode(p->conn) && rc == 0)
		rc = pg_fail(p, NULL);
	pg_track_tx(p);
	return rc;
}

static int pg_wait(struct store *s) { return pg_wait_answers((struct pg_store *)s); }

/* Before a statement: the answers of those sent; notice a connection the server has closed
 * (restart, idle timeout) and re-establish it once when no transaction was open on it. */
static int pg_ready(struct pg_store *p)
{
	if (p->pipelined && pg_wait_answers(p) < 0)
		return -1;
	if (p->tx_lost)
		return pg_tx_lost(p);
	/* between statements the socket is quiet; anything readable is a notice or the server's
	 * goodbye, and reading it (without blocking) turns a closed connection into CONNECTION_BAD */
	for (int i = 0; i < 8 && PQstatus(p->conn) == CONNECTION_OK; i++) {
		struct pollfd pfd = { .fd = PQsocket(p->conn), .events = POLLIN };
		if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0)
			break;
		if (!PQconsumeInput(p->conn))
			break;
		PQisBusy(p->conn); /* parses what arrived: notices go to the notice processor */
	}
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->in_tx)
		return pg_tx_lost(p);
	return pg_reconnect(p);
}

static void pg_stmt_clear(struct pg_stmt *t)
{
	PQclear(t->res);
	t->res = NULL;
	t->state = ST_IDLE;
	t->row = -1;
	for (int i = 0; i < t->nparams; i++) {
		free(t->vals[i]);
		t->vals[i] = NULL;
	}
}

static void pg_stmt_free(struct pg_stmt *t)
{
	pg_stmt_clear(t);
	free(t->vals);
	free(t->sql);
	free(t->text);
	free(t);
}

static void pg_close(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	for (int i = 0; i < p->ncache; i++)
		pg_stmt_free(p->cache[i]);
	PQfinish(p->conn);
	free(p);
}

static int pg_exec(struct store *s, const char *sql)
{
	struct pg_store *p = (struct pg_store *)s;
	if (pg_ready(p) < 0)
		return -1;
	return pg_run(p, sql, NULL);
}

static int pg_begin(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	if (pg_ready(p) < 0)
		return -1;
	if (PQtransactionStatus(p->conn) != PQTRANS_IDLE)
		return store_set_error(s, STORE_E_OTHER, "postgres: a transaction is already open");
	return pg_run(p, "BEGIN ISOLATION LEVEL READ COMMITTED", NULL);
}

static int pg_commit(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	if (pg_ready(p) < 0)
		return -1;
	PGTransactionStatusType ts = PQtransactionStatus(p->conn);
	if (ts == PQTRANS_IDLE)
		return store_set_error(s, STORE_E_OTHER, "postgres: no transaction is open");
	if (ts == PQTRANS_INERROR) {
		pg_run(p, "ROLLBACK", NULL);
		return store_set_error(s, STORE_E_OTHER,
				       "postgres: a statement failed inside the transaction; it was rolled back");
	}
	PGresult *res = NULL;
	if (pg_run(p, "COMMIT", &res) < 0)
		return -1;
	int rolled_back = strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
	PQclear(res);
	if (rolled_back)
		return store_set_error(s, STORE_E_OTHER, "postgres: the transaction was rolled back");
	return 0;
}

static int pg_rollback(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	pg_wait_answers(p);   /* what they said no longer matters */
	p->tx_lost = 0;
	p->in_tx = 0;
	/* a broken connection is re-established by the next statement */
	if (PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) != PQTRANS_IDLE) {
		PQclear(PQexec(p->conn, "ROLLBACK"));
		pg_track_tx(p);
	}
	return 0;
}

static int pg_prepare_remote(struct pg_store *p, struct pg_stmt *t)
{
	PGresult *res = PQprepare(p->conn, t->name, t->sql, t->nparams, NULL);
	pg_track_tx(p);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(p, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	t->prepared = 1;
	return 0;
}

static void pg_deallocate(struct pg_store *p, struct pg_stmt *t)
{
	if (!t->prepared || PQstatus(p->conn) != CONNECTION_OK)
		return;
	char sql[32];
	snprintf(sql, sizeof sql, "DEALLOCATE %s", t->name);
	PQclear(PQexec(p->conn, sql)); /* fails harmlessly inside a failed transaction */
	pg_track_tx(p);
}

static struct store_stmt *pg_prepare(struct store *s, const char *sql, bool by_text)
{
	struct pg_store *p = (struct pg_store *)s;
	uint64_t hash = by_text ? store_text_hash(sql) : 0;
	for (int i = 0; i < p->ncache; i++) {
		struct pg_stmt *t = p->cache[i];
		if (by_text ? (!t->key && t->hash == hash && strcmp(t->text, sql) == 0) : t->key == sql) {
			pg_stmt_clear(t);
			t->changes = 0;
			t->used = ++p->clock;
			return &t->base;
		}
	}
	if (pg_ready(p) < 0)
		return NULL;
	struct pg_stmt *t = calloc(1, sizeof *t);
	if (!t || !(t->sql = store_rewrite_placeholders(sql, &t->nparams)) ||
	    !(t->vals = calloc((size_t)t->nparams + 1, sizeof *t->vals))) {
		if (t)
			free(t->sql);
		free(t);
		store_set_error(s, STORE_E_OTHER, "postgres: out of memory");
		return NULL;
	}
	t->base.s = s;
	t->key = by_text ? NULL : sql;
	t->hash = hash;
	if (by_text && !(t->text = strdup(sql))) {
		pg_stmt_free(t);
		store_set_error(s, STORE_E_OTHER, "postgres: out of memory");
		return NULL;
	}
	t->state = ST_IDLE;
	t->row = -1;
	snprintf(t->name, sizeof t->name, "s%u", ++p->next_name);
	if (pg_prepare_remote(p, t) < 0) {
		pg_stmt_free(t);
		return NULL;
	}
	t->used = ++p->clock;
	if (p->ncache < CACHE_SLOTS) {
		p->cache[p->ncache++] = t;
		return &t->base;
	}
	/* full: evict the least recently used statement that is not in the middle of its rows
	 * (a program has fewer statements than slots; this only bounds the cache) */
	int victim = -1;
	for (int i = 0; i < p->ncache; i++) {
		if (p->cache[i]->state == ST_ROWS)
			continue;
		if (victim < 0 || p->cache[i]->used < p->cache[victim]->used)
			victim = i;
	}
	if (victim < 0)
		victim = 0;
	pg_deallocate(p, p->cache[victim]);
	pg_stmt_free(p->cache[victim]);
	p->cache[victim] = t;
	return &t->base;
}

static int pg_bind(struct store_stmt *st, int idx, char *v, int is_null)
{
	struct pg_stmt *t = PGT(st);
	struct pg_store *p = PGS(st);
	if (idx < 1 || idx > t->nparams) {
		free(v);
		return store_set_error(&p->base, STORE_E_OTHER,
				       "postgres: parameter %d out of range (statement has %d)", idx,
				       t->nparams);
	}
	if (t->state != ST_IDLE) {
		free(v);
		return store_set_error(&p->base, STORE_E_OTHER,
				       "postgres: bind on a statement already stepped; reset it first");
	}
	if (!v && !is_null)
		return store_set_error(&p->base, STORE_E_OTHER, "postgres: out of memory");
	free(t->vals[idx - 1]);
	t->vals[idx - 1] = v;
	return 0;
}

static char *pg_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *pg_fmt(const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return strdup(buf);
}

static int pg_bind_int64(struct store_stmt *st, int i, int64_t v)
{
	return pg_bind(st, i, pg_fmt("%lld", (long long)v), 0);
}
static int pg_bind_double(struct store_stmt *st, int i, double v)
{
	return pg_bind(st, i, pg_fmt("%.17g", v), 0);
}
static int pg_bind_text(struct store_stmt *st, int i, const char *v)
{
	return pg_bind(st, i, v ? strdup(v) : NULL, !v);
}
static int pg_bind_null(struct store_stmt *st, int i) { return pg_bind(st, i, NULL, 1); }

/* "SELECT n" for queries; for INSERT/UPDATE/DELETE (RETURNING too) the count of changed rows. */
static int64_t pg_cmd_changes(PGresult *res)
{
	if (strncmp(PQcmdStatus(res), "SELECT", 6) == 0)
		return 0;
	return strtoll(PQcmdTuples(res), NULL, 10);
}

static int pg_step(struct store_stmt *st)
{
	struct pg_stmt *t = PGT(st);
	struct pg_store *p = PGS(st);
	t->used = ++p->clock;
	if (t->state == ST_ROWS) {
		if (++t->row < PQntuples(t->res))
			return STORE_ROW;
		t->state = ST_DONE;
		return STORE_DONE;
	}
	if (t->state == ST_DONE) { /* run again with the same parameters, as SQLite does */
		PQclear(t->res);
		t->res = NULL;
		t->state = ST_IDLE;
	}
	if (pg_ready(p) < 0)
		return STORE_ERR;
	for (int attempt = 0;; attempt++) {
		if (!t->prepared && pg_prepare_remote(p, t) < 0)
			return STORE_ERR;
		PGresult *res = PQexecPrepared(p->conn, t->name, t->nparams,
					       (const char *const *)t->vals, NULL, NULL, 0);
		pg_track_tx(p);
		switch (PQresultStatus(res)) {
		case PGRES_TUPLES_OK:
			t->res = res;
			t->changes = pg_cmd_changes(res);
			if (PQntuples(res) > 0) {
				t->state = ST_ROWS;
				t->row = 0;
				return STORE_ROW;
			}
			t->state = ST_DONE;
			return STORE_DONE;
		case PGRES_COMMAND_OK:
		case PGRES_EMPTY_QUERY:
			t->res = res;
			t->changes = pg_cmd_changes(res);
			t->state = ST_DONE;
			return STORE_DONE;
		default:
			break;
		}
		/* A statement dropped by the server (DISCARD, DEALLOCATE) or invalidated by a change of
		 * its result type (ALTER TABLE under SELECT *) is prepared again, once, outside a
		 * transaction (inside one the error has already aborted it). */
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (attempt == 0 && !p->in_tx && code &&
		    (strcmp(code, "26000") == 0 || strcmp(code, "0A000") == 0)) {
			PQclear(res);
			pg_deallocate(p, t);
			t->prepared = 0;
			continue;
		}
		pg_fail(p, res);
		PQclear(res);
		return STORE_ERR;
	}
}

static int pg_send(struct store_stmt *st)
{
	struct pg_stmt *t = PGT(st);
	struct pg_store *p = PGS(st);
	t->used = ++p->clock;
	/* a statement not prepared yet is prepared outside pipeline mode, after what was sent */
	if (!p->pipelined || !t->prepared) {
		if (pg_ready(p) < 0 || (!t->prepared && pg_prepare_remote(p, t) < 0))
			return STORE_ERR;
		if (!PQenterPipelineMode(p->conn))
			return pg_fail(p, NULL);
		p->pipelined = 1;
	}
	if (!PQsendQueryPrepared(p->conn, t->name, t->nparams, (const char *const *)t->vals, NULL,
				 NULL, 0) || PQflush(p->conn) < 0)
		return pg_fail(p, NULL);
	t->state = ST_DONE;
	return 0;
}

static const char *pg_val(struct store_stmt *st, int c)
{
	struct pg_stmt *t = PGT(st);
	if (t->state != ST_ROWS || c < 0 || c >= PQnfields(t->res) || PQgetisnull(t->res, t->row, c))
		return NULL;
	return PQgetvalue(t->res, t->row, c);
}

static int pg_col_count(struct store_stmt *st)
{
	return PGT(st)->res ? PQnfields(PGT(st)->res) : 0;
}
static int pg_col_is_null(struct store_stmt *st, int c) { return pg_val(st, c) == NULL; }

static int64_t pg_double_to_int64(double d)
{
	if (d != d)
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

static int64_t pg_col_int64(struct store_stmt *st, int c)
{
	const char *v = pg_val(st, c);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])   /* boolean results of comparisons, EXISTS, ... */
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end == 'e' || *end == 'E' || (end == v && *v))
		return pg_double_to_int64(strtod(v, NULL));
	return x; /* "2.5" truncates toward zero, like SQLite */
}

static double pg_col_double(struct store_stmt *st, int c)
{
	const char *v = pg_val(st, c);
	if (!v)
		return 0.0;
	if (v[0] == 't' && !v[1])
		return 1.0;
	return strtod(v, NULL);
}

static const char *pg_col_text(struct store_stmt *st, int c)
{
	const char *v = pg_val(st, c);
	return v ? v : "";
}

static int64_t pg_changes(struct store_stmt *st) { return PGT(st)->changes; }
static void pg_reset(struct store_stmt *st) { pg_stmt_clear(PGT(st)); }

/* pg_dump of the newest installed server package (it can dump every older server), else PATH. */
static char *pg_find_pg_dump(void)
{
	char *best = NULL;
	long best_v = -1;
	DIR *d = opendir(PG_DUMP_DIR);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			char *end;
			long v = strtol(e->d_name, &end, 10);
			if (end == e->d_name || *end || v <= best_v)
				continue;
			char path[512];
			snprintf(path, sizeof path, "%s/%s/bin/pg_dump", PG_DUMP_DIR, e->d_name);
			if (access(path, X_OK) == 0) {
				free(best);
				best = strdup(path);
				best_v = v;
			}
		}
		closedir(d);
	}
	if (best)
		return best;
	const char *path = getenv("PATH");
	for (const char *dir = path; dir && *dir;) {
		size_t len = strcspn(dir, ":");
		if (len > 0 && len < 400) {
			char cand[512];
			snprintf(cand, sizeof cand, "%.*s/pg_dump", (int)len, dir);
			if (access(cand, X_OK) == 0)
				return strdup(cand);
		}
		dir += len;
		if (*dir == ':')
			dir++;
	}
	return NULL;
}

/* The connection's effective parameters that differ from libpq's built-in defaults, as a conninfo
 * string for pg_dump's --dbname, without secrets (the password goes through the environment).
 * With the PG* variables left out of pg_dump's environment, it connects exactly as we did.
 * NULL when out of memory. */
static char *pg_conninfo_public(PGconn *conn)
{
	PQconninfoOption *opts = PQconninfo(conn);
	if (!opts)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		PQconninfoFree(opts);
		return NULL;
	}
	int first = 1;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val || (o->dispchar && o->dispchar[0] == '*') ||
		    (o->compiled && strcmp(o->val, o->compiled) == 0) ||
		    strcmp(o->keyword, "service") == 0 || /* already resolved into the others */
		    strcmp(o->keyword, "application_name") == 0 ||
		    strcmp(o->keyword, "fallback_application_name") == 0)
			continue;
		fprintf(f, "%s%s='", first ? "" : " ", o->keyword);
		first = 0;
		for (const char *c = o->val; *c; c++) {
			if (*c == '\'' || *c == '\\')
				fputc('\\', f);
			fputc(*c, f);
		}
		fputc('\'', f);
	}
	PQconninfoFree(opts);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* environ without the PG* variables, plus PGPASSWORD=pw when pw is set; the strings are shared
 * except the added one, which is *added. */
static char **pg_child_env(const char *pw, char **added)
{
	size_t n = 0;
	while (environ && environ[n])
		n++;
	char **env = calloc(n + 2, sizeof *env);
	if (!env)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PG", 2) != 0)
			env[o++] = environ[i];
	*added = NULL;
	if (pw && *pw) {
		size_t len = strlen(pw) + 12;
		*added = malloc(len);
		if (!*added) {
			free(env);
			return NULL;
		}
		snprintf(*added, len, "PGPASSWORD=%s", pw);
		env[o++] = *added;
	}
	env[o] = NULL;
	return env;
}

static int pg_backup(struct store *s, const char *path)
{
	struct pg_store *p = (struct pg_store *)s;
	if (pg_ready(p) < 0)
		return -1;
	char *dump = pg_find_pg_dump();
	if (!dump)
		return store_set_error(s, STORE_E_OTHER,
				       "postgres: backup needs pg_dump, which was not found in PATH or "
				       PG_DUMP_DIR "/*/bin");
	size_t plen = strlen(path) + sizeof ".partial";
	char *tmp = malloc(plen), *fileopt = malloc(plen + 8);
	char *info = pg_conninfo_public(p->conn);
	char *dbopt = info ? malloc(strlen(info) + 10) : NULL;
	char *added = NULL;
	char **env = pg_child_env(PQpass(p->conn), &added);
	int ret = -1, pipefd[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	int fa_ok = 0;
	if (!tmp || !fileopt || !dbopt || !env) {
		store_set_error(s, STORE_E_OTHER, "postgres: out of memory");
		goto out;
	}
	snprintf(tmp, plen, "%s.partial", path);
	snprintf(fileopt, plen + 8, "--file=%s", tmp);
	snprintf(dbopt, strlen(info) + 10, "--dbname=%s", info);
	remove(tmp);
	if (pipe2(pipefd, O_CLOEXEC) != 0 || posix_spawn_file_actions_init(&fa) != 0) {
		store_set_error(s, STORE_E_OTHER, "postgres: backup: %s", strerror(errno));
		goto out;
	}
	fa_ok = 1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	char *argv[] = { dump, "--format=custom", "--no-password", fileopt, dbopt, NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, dump, &fa, NULL, argv, env);
	close(pipefd[1]);
	pipefd[1] = -1;
	if (rc != 0) {
		store_set_error(s, STORE_E_OTHER, "postgres: cannot run %s: %s", dump, strerror(rc));
		goto out;
	}
	char msg[512];
	size_t mlen = 0;
	for (;;) {
		char chunk[512];
		ssize_t r = read(pipefd[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		size_t take = (size_t)r < sizeof msg - 1 - mlen ? (size_t)r : sizeof msg - 1 - mlen;
		memcpy(msg + mlen, chunk, take);
		mlen += take;
	}
	msg[mlen] = '\0';
	int status = 0;
	pid_t w;
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (w < 0) {
		store_set_error(s, STORE_E_OTHER, "postgres: backup: cannot wait for pg_dump: %s",
				strerror(errno));
		remove(tmp);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char line[400];
		char *first = strstr(msg, "error:"); /* the line that says what went wrong */
		while (first && first > msg && first[-1] != '\n')
			first--;
		first = first ? first : msg;
		first[strcspn(first, "\n")] = '\0';
		pg_oneline(line, sizeof line, first, PQpass(p->conn));
		store_set_error(s, STORE_E_OTHER, "postgres: pg_dump failed (status %d): %s",
				WIFEXITED(status) ? WEXITSTATUS(status) : -1, *line ? line : "no message");
		remove(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		store_set_error(s, STORE_E_OTHER, "postgres: backup: cannot rename to %s: %s", path,
				strerror(errno));
		remove(tmp);
		goto out;
	}
	ret = 0;
out:
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	free(info);
	free(dump);
	free(tmp);
	free(fileopt);
	free(dbopt);
	free(added);
	free(env);
	return ret;
}

/* Run a one-value query for check(); the value (or NULL for SQL NULL) goes to out. */
static int pg_check_query(struct pg_store *p, const char *sql, char *out, size_t outlen, char *err,
			  size_t errlen)
{
	PGresult *res = NULL;
	if (pg_run(p, sql, &res) < 0) {
		snprintf(err, errlen, "%s", p->base.errmsg);
		return -1;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 || PQnfields(res) < 1) {
		snprintf(err, errlen, "postgres: unexpected result from %s", sql);
		PQclear(res);
		return -1;
	}
	snprintf(out, outlen, "%s", PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

static int pg_check(struct store *s, char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	char v[64];
	if (pg_ready(p) < 0) {
		snprintf(err, errlen, "%s", s->errmsg);
		return -1;
	}
	if (pg_check_query(p, "SELECT 1", v, sizeof v, err, errlen) < 0)
		return -1;
	if (strcmp(v, "1") != 0) {
		snprintf(err, errlen, "postgres: SELECT 1 returned '%s'", v);
		return -1;
	}
	if (pg_check_query(p, "SELECT to_regclass('schema_migrations') IS NOT NULL", v, sizeof v, err,
			   errlen) < 0)
		return -1;
	if (strcmp(v, "t") == 0 &&
	    pg_check_query(p, "SELECT count(*) FROM schema_migrations", v, sizeof v, err, errlen) < 0)
		return -1;
	/* an index left invalid by a failed CREATE INDEX CONCURRENTLY no longer enforces uniqueness */
	if (pg_check_query(p, "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c "
			      "ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
			      "c.relnamespace WHERE NOT i.indisvalid AND n.nspname = current_schema()",
			   v, sizeof v, err, errlen) < 0)
		return -1;
	if (strcmp(v, "0") != 0) {
		snprintf(err, errlen, "postgres: %s invalid index(es) in schema; rebuild them", v);
		return -1;
	}
	return 0;
}

static int pg_lock_migrations(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	if (pg_ready(p) < 0)
		return -1;
	return pg_run(p, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")", NULL);
}

static void pg_unlock_migrations(struct store *s)
{
	struct pg_store *p = (struct pg_store *)s;
	if (PQstatus(p->conn) == CONNECTION_OK)
		pg_run(p, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")", NULL);
}

static const struct store_ops pg_ops = {
	pg_close, pg_exec, pg_begin, pg_commit, pg_rollback, pg_prepare,
	pg_bind_int64, pg_bind_double, pg_bind_text, pg_bind_null, pg_step, pg_send, pg_wait,
	pg_col_count, pg_col_is_null, pg_col_int64, pg_col_double, pg_col_text,
	pg_changes, pg_reset, pg_backup, pg_check, pg_lock_migrations, pg_unlock_migrations,
};

struct store *store_postgres_open(const char *url, char *err, size_t errlen)
{
	struct pg_store *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->base.ops = &pg_ops;
	p->base.kind = STORE_POSTGRES;
	/* entries before dbname may be overridden by the URL */
	const char *const keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *const vals[] = { "10", "linli", url, NULL };
	p->conn = PQconnectdbParams(keys, vals, 1);
	if (!p->conn) {
		snprintf(err, errlen, "postgres: out of memory");
		free(p);
		return NULL;
	}
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char line[400];
		pg_oneline(line, sizeof line, PQerrorMessage(p->conn), PQpass(p->conn));
		snprintf(err, errlen, "postgres: cannot connect: %s", line);
		PQfinish(p->conn);
		free(p);
		return NULL;
	}
	PQsetNoticeProcessor(p->conn, pg_quiet_notice, NULL);
	if (pg_session_setup(p) < 0) {
		snprintf(err, errlen, "%s", p->base.errmsg);
		pg_close(&p->base);
		return NULL;
	}
	return &p->base;
}
