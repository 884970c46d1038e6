/* sqlite.c: the SQLite driver. WAL, foreign keys on, a busy timeout, and every write on disk
 * before it is answered, so that it survives a crash of the process or the machine.
 *
 * Group commit. With synchronous=FULL each COMMIT wrote its pages and waited for the disk
 * (fdatasync) inside SQLite's one write lock, so writers queued on the disk one by one. Now
 * the connections of one process to one file commit with synchronous=NORMAL (the WAL written,
 * not yet synced; SQLite still syncs around each checkpoint, which keeps the file whole) and
 * then, outside the lock, wait until the WAL is synced past their commit: the first to wait
 * syncs it once for everyone who has committed by then, the others wait for that sync (or the
 * next). A commit is counted only after its frames are written, so one fdatasync of the WAL
 * covers every commit counted before it began. A write is answered only after that. A file
 * past the table of groups (GROUPS) keeps synchronous=FULL. */
#include "store_impl.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 128

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
	const char *key;      /* the SQL text pointer the statement was prepared from; NULL when
			       * found by its text (hash) */
	uint64_t hash;
	int64_t changes;
	uint64_t used;        /* when store_prepare() last returned it, for eviction */
	bool unsynced;        /* a write outside a transaction, stepped, its commit not yet synced */
};

/* The commits of one file in this process and how far its WAL is synced. */
#define GROUPS 16
static struct group {
	char path[512];
	pthread_mutex_t mu;
	pthread_cond_t synced_cv;
	uint64_t committed, synced;   /* commits counted; those the last finished sync covers */
	bool syncing;
} groups[GROUPS];
static int ngroups;
static pthread_mutex_t groups_mu = PTHREAD_MUTEX_INITIALIZER;

static struct group *group_of(const char *path)
{
	if (!path || !*path || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0 ||
	    strlen(path) >= sizeof groups[0].path)
		return NULL;
	struct group *g = NULL;
	pthread_mutex_lock(&groups_mu);
	for (int i = 0; i < ngroups && !g; i++)
		if (strcmp(groups[i].path, path) == 0)
			g = &groups[i];
	if (!g && ngroups < GROUPS) {
		g = &groups[ngroups++];
		snprintf(g->path, sizeof g->path, "%s", path);
		pthread_mutex_init(&g->mu, NULL);
		pthread_cond_init(&g->synced_cv, NULL);
	}
	pthread_mutex_unlock(&groups_mu);
	return g;
}

struct sq_store {
	struct store base;
	sqlite3 *db;
	struct group *group;   /* NULL: synchronous=FULL, SQLite syncs each commit itself */
	int in_tx;
	struct sq_stmt cache[CACHE_SLOTS];
	int ncache;
	uint64_t clock;
};

static int sq_fail(struct sq_store *q)
{
	int ext = sqlite3_extended_errcode(q->db);
	enum store_errkind k = STORE_E_OTHER;
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		k = STORE_E_UNIQUE;
	else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		k = STORE_E_FOREIGN;
	else if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
		k = STORE_E_BUSY;
	return store_set_error(&q->base, k, "sqlite: %s", sqlite3_errmsg(q->db));
}

static void sq_close(struct store *s)
{
	struct sq_store *q = (struct sq_store *)s;
	for (int i = 0; i < q->ncache; i++)
		sqlite3_finalize(q->cache[i].st);
	sqlite3_close_v2(q->db);
	free(q);
}

/* Sync this connection's WAL (its own handle: fdatasync reaches every process's writes). */
static int wal_sync(struct sq_store *q)
{
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(q->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods)
		return -1;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0 : -1;
}

/* After a commit of this connection: return once the WAL is synced past it. */
static int durable(struct sq_store *q)
{
	struct group *g = q->group;
	if (!g)
		return 0;
	pthread_mutex_lock(&g->mu);
	uint64_t mine = ++g->committed;
	int rc = 0;
	while (g->synced < mine && rc == 0) {
		if (g->syncing) {
			pthread_cond_wait(&g->synced_cv, &g->mu);
			continue;
		}
		g->syncing = true;
		uint64_t upto = g->committed;
		pthread_mutex_unlock(&g->mu);
		rc = wal_sync(q);
		pthread_mutex_lock(&g->mu);
		g->syncing = false;
		if (rc == 0 && upto > g->synced)
			g->synced = upto;
		pthread_cond_broadcast(&g->synced_cv);
	}
	pthread_mutex_unlock(&g->mu);
	if (rc < 0)
		store_set_error(&q->base, STORE_E_OTHER, "sqlite: cannot sync the write-ahead log");
	return rc;
}

static int sq_exec(struct store *s, const char *sql)
{
	struct sq_store *q = (struct sq_store *)s;
	char *msg = NULL;
	int64_t before = sqlite3_total_changes64(q->db);
	if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sq_fail(q);
		sqlite3_free(msg);
		return -1;
	}
	/* a write outside a transaction, committed on its own */
	if (!q->in_tx && sqlite3_get_autocommit(q->db) && sqlite3_total_changes64(q->db) != before)
		return durable(q);
	return 0;
}

static int sq_begin(struct store *s)
{
	struct sq_store *q = (struct sq_store *)s;
	if (sq_exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	q->in_tx = 1;
	return 0;
}

static int sq_commit(struct store *s)
{
	struct sq_store *q = (struct sq_store *)s;
	if (sq_exec(s, "COMMIT") < 0)
		return -1;
	q->in_tx = 0;
	return durable(q);
}

static int sq_rollback(struct store *s)
{
	struct sq_store *q = (struct sq_store *)s;
	q->in_tx = 0;
	if (sqlite3_get_autocommit(q->db))
		return 0;
	char *msg = NULL;
	sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, &msg);
	sqlite3_free(msg);
	return 0;
}

static struct store_stmt *sq_prepare(struct store *s, const char *sql, bool by_text)
{
	struct sq_store *q = (struct sq_store *)s;
	uint64_t hash = by_text ? store_text_hash(sql) : 0;
	for (int i = 0; i < q->ncache; i++) {
		if (by_text ? (!q->cache[i].key && q->cache[i].hash == hash &&
			       strcmp(sqlite3_sql(q->cache[i].st), sql) == 0)
			    : q->cache[i].key == sql) {
			sqlite3_reset(q->cache[i].st);
			sqlite3_clear_bindings(q->cache[i].st);
			q->cache[i].changes = 0;
			q->cache[i].used = ++q->clock;
			return &q->cache[i].base;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_fail(q);
		return NULL;
	}
	struct sq_stmt *slot;
	if (q->ncache < CACHE_SLOTS) {
		slot = &q->cache[q->ncache++];
	} else {
		/* full (a program has fewer statements): replace the least recently prepared one that is
		 * not in the middle of its rows, in place, so that other handles stay valid */
		slot = NULL;
		for (int i = 0; i < CACHE_SLOTS; i++)
			if (!sqlite3_stmt_busy(q->cache[i].st) && (!slot || q->cache[i].used < slot->used))
				slot = &q->cache[i];
		if (!slot)
			slot = &q->cache[0];
		sqlite3_finalize(slot->st);
	}
	slot->base.s = s;
	slot->st = st;
	slot->key = by_text ? NULL : sql;
	slot->hash = hash;
	slot->changes = 0;
	slot->used = ++q->clock;
	return &slot->base;
}

#define SQ(st) (((struct sq_stmt *)(st))->st)
#define SQS(st) ((struct sq_store *)(st)->s)

static int sq_bind_rc(struct store_stmt *st, int rc)
{
	return rc == SQLITE_OK ? 0 : sq_fail(SQS(st));
}
static int sq_bind_int64(struct store_stmt *st, int i, int64_t v)
{
	return sq_bind_rc(st, sqlite3_bind_int64(SQ(st), i, v));
}
static int sq_bind_double(struct store_stmt *st, int i, double v)
{
	return sq_bind_rc(st, sqlite3_bind_double(SQ(st), i, v));
}
static int sq_bind_text(struct store_stmt *st, int i, const char *v)
{
	if (!v)
		return sq_bind_rc(st, sqlite3_bind_null(SQ(st), i));
	return sq_bind_rc(st, sqlite3_bind_text(SQ(st), i, v, -1, SQLITE_TRANSIENT));
}
static int sq_bind_null(struct store_stmt *st, int i)
{
	return sq_bind_rc(st, sqlite3_bind_null(SQ(st), i));
}

/* A write outside a transaction commits when its statement ends (done, or reset after a
 * RETURNING row): then it is made durable like a COMMIT. */
static bool autocommit_write(struct sq_stmt *t)
{
	struct sq_store *q = (struct sq_store *)t->base.s;
	return !q->in_tx && !sqlite3_stmt_readonly(t->st);
}

static int sq_step(struct store_stmt *st)
{
	struct sq_stmt *t = (struct sq_stmt *)st;
	int rc = sqlite3_step(SQ(st));
	if (rc == SQLITE_ROW) {
		t->unsynced |= autocommit_write(t);
		return STORE_ROW;
	}
	if (rc == SQLITE_DONE) {
		t->changes = sqlite3_changes64(SQS(st)->db);
		if (autocommit_write(t) && sqlite3_get_autocommit(SQS(st)->db)) {
			t->unsynced = false;
			if (durable(SQS(st)) < 0)
				return STORE_ERR;
		}
		return STORE_DONE;
	}
	t->unsynced = false;
	sq_fail(SQS(st));
	sqlite3_reset(SQ(st));
	return STORE_ERR;
}

static int sq_col_count(struct store_stmt *st) { return sqlite3_column_count(SQ(st)); }
static int sq_col_is_null(struct store_stmt *st, int c)
{
	return sqlite3_column_type(SQ(st), c) == SQLITE_NULL;
}
static int64_t sq_col_int64(struct store_stmt *st, int c) { return sqlite3_column_int64(SQ(st), c); }
static double sq_col_double(struct store_stmt *st, int c) { return sqlite3_column_double(SQ(st), c); }
static const char *sq_col_text(struct store_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(SQ(st), c);
	return t ? (const char *)t : "";
}
static int64_t sq_changes(struct store_stmt *st) { return ((struct sq_stmt *)st)->changes; }
static void sq_reset(struct store_stmt *st)
{
	struct sq_stmt *t = (struct sq_stmt *)st;
	sqlite3_reset(SQ(st));
	if (t->unsynced) {   /* its commit came with the reset */
		t->unsynced = false;
		durable(SQS(st));
	}
	sqlite3_clear_bindings(SQ(st));
}

static int sq_backup(struct store *s, const char *path)
{
	struct sq_store *q = (struct sq_store *)s;
	sqlite3 *dst = NULL;
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
		return store_set_error(s, STORE_E_OTHER, "backup path too long");
	remove(tmp);
	if (sqlite3_open(tmp, &dst) != SQLITE_OK) {
		store_set_error(s, STORE_E_OTHER, "backup: cannot create %s: %s", tmp, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/* Copy in steps so writers are not held off for the whole copy; the backup restarts by itself
	 * when a writer changes the source, so the copy is one consistent snapshot. */
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", q->db, "main");
	int rc = SQLITE_ERROR;
	if (b) {
		do {
			rc = sqlite3_backup_step(b, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_DONE) {
		store_set_error(s, STORE_E_OTHER, "backup failed: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		remove(tmp);
		return -1;
	}
	/* a single-file backup, readable without the -wal file */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	if (rename(tmp, path) != 0) {
		remove(tmp);
		return store_set_error(s, STORE_E_OTHER, "backup: cannot rename to %s", path);
	}
	return 0;
}

static int sq_check(struct store *s, char *err, size_t errlen)
{
	struct sq_store *q = (struct sq_store *)s;
	sqlite3_stmt *st;
	int ok = -1;
	if (sqlite3_prepare_v2(q->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(q->db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok") == 0)
			ok = 0;
		else
			snprintf(err, errlen, "integrity_check: %s", r ? r : "?");
	}
	sqlite3_finalize(st);
	if (ok == 0 && sqlite3_prepare_v2(q->db, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(err, errlen, "foreign_key_check: table %s has a broken reference",
				 sqlite3_column_text(st, 0));
			ok = -1;
		}
		sqlite3_finalize(st);
	}
	return ok;
}

static int sq_lock_migrations(struct store *s) { (void)s; return 0; }
static void sq_unlock_migrations(struct store *s) { (void)s; }

/* No round trip to save: run now. */
static int sq_send(struct store_stmt *st)
{
	int rc = sq_step(st);
	if (rc == STORE_ROW)
		return store_set_error(st->s, STORE_E_OTHER, "sqlite: store_send on a statement with rows");
	return rc == STORE_DONE ? 0 : STORE_ERR;
}

static int sq_wait(struct store *s)
{
	(void)s;
	return 0;
}

static const struct store_ops sq_ops = {
	sq_close, sq_exec, sq_begin, sq_commit, sq_rollback, sq_prepare,
	sq_bind_int64, sq_bind_double, sq_bind_text, sq_bind_null, sq_step, sq_send, sq_wait,
	sq_col_count, sq_col_is_null, sq_col_int64, sq_col_double, sq_col_text,
	sq_changes, sq_reset, sq_backup, sq_check, sq_lock_migrations, sq_unlock_migrations,
};

struct store *store_sqlite_open(const char *path, char *err, size_t errlen)
{
	struct sq_store *q = calloc(1, sizeof *q);
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	q->base.ops = &sq_ops;
	q->base.kind = STORE_SQLITE;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot open %s: %s", path,
			 q->db ? sqlite3_errmsg(q->db) : "out of memory");
		sqlite3_close(q->db);
		free(q);
		return NULL;
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, 5000);
	/* group commit needs the WAL (a file that cannot have one keeps SQLite's own syncs) */
	sqlite3_stmt *jm = NULL;
	bool wal = sqlite3_prepare_v2(q->db, "PRAGMA journal_mode=WAL", -1, &jm, NULL) == SQLITE_OK &&
		   sqlite3_step(jm) == SQLITE_ROW &&
		   sqlite3_column_text(jm, 0) &&
		   strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0;
	sqlite3_finalize(jm);
	q->group = wal ? group_of(path) : NULL;
	/* a checkpoint each 8,000 pages of WAL (32 MB) rather than each 1,000: an intake writes
	 * about thirty, mostly the same tails of the same indexes, which a checkpoint then copies
	 * once for hundreds of intakes instead of thirty (12 % less CPU an intake) */
	if (sq_exec(&q->base, q->group ? "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
					 " PRAGMA wal_autocheckpoint=8000; PRAGMA temp_store=MEMORY;"
				       : "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
					 " PRAGMA temp_store=MEMORY;") < 0) {
		snprintf(err, errlen, "%s", q->base.errmsg);
		sq_close(&q->base);
		return NULL;
	}
	return &q->base;
}
