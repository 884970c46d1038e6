/* Imports after their answer: the task the tasks' thread runs (jobs/jobs.h), acting as the
 * person who sent the file, and what this process knows of the progress of the imports it
 * runs, for GET /residents/import/{id}. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/log.h"
#include "jobs/jobs.h"
#include "registry/sheet.h"

/* ------------------------------------------------------------------------------------------ */
/* progress: a few slots, one an import running here (in the tasks' thread or in a request) */

#define PROGRESS_SLOTS 16

static struct {
	pthread_mutex_t mu;
	struct { int64_t id; size_t done, rows; } s[PROGRESS_SLOTS];
} P = {.mu = PTHREAD_MUTEX_INITIALIZER};

void registry_import_progress(int64_t id, size_t done, size_t rows)
{
	pthread_mutex_lock(&P.mu);
	int free_slot = -1;
	for (int i = 0; i < PROGRESS_SLOTS; i++) {
		if (P.s[i].id == id) {
			free_slot = i;
			break;
		}
		if (!P.s[i].id && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0) {   /* all taken: this one shows no progress */
		P.s[free_slot].id = id;
		P.s[free_slot].done = done;
		P.s[free_slot].rows = rows;
	}
	pthread_mutex_unlock(&P.mu);
}

void registry_import_progress_end(int64_t id)
{
	pthread_mutex_lock(&P.mu);
	for (int i = 0; i < PROGRESS_SLOTS; i++)
		if (P.s[i].id == id)
			P.s[i].id = 0;
	pthread_mutex_unlock(&P.mu);
}

int registry_import_progress_of(int64_t id, size_t *done, size_t *rows)
{
	int found = 0;
	pthread_mutex_lock(&P.mu);
	for (int i = 0; i < PROGRESS_SLOTS && !found; i++)
		if (P.s[i].id == id) {
			*done = P.s[i].done;
			*rows = P.s[i].rows;
			found = 1;
		}
	pthread_mutex_unlock(&P.mu);
	return found;
}

/* ------------------------------------------------------------------------------------------ */
/* the task */

/* What outlives the request: copies of the file, the options and who sent it. */
struct later {
	int64_t id, user_id;
	int role;
	enum lang lang;
	char *username, *ip;
	char encoding[8], mode[8];
	struct import_opts o;
	char *data;
	size_t len;
};

static void later_free(struct later *l)
{
	if (!l)
		return;
	free(l->username);
	free(l->ip);
	free(l->data);
	free(l);
}

/* The import's row says `status` (running; interrupted when it never began). */
static void set_status(struct store *db, int64_t id, const char *status)
{
	struct store_stmt *st = store_prepare(db, "UPDATE registry_imports SET status = ? "
					      "WHERE id = ? AND status IN ('queued', 'running')");
	if (!st)
		return;
	store_bind_text(st, 1, status);
	store_bind_int64(st, 2, id);
	if (store_step(st) != STORE_DONE)
		log_warn("import %lld: %s", (long long)id, store_errmsg(db));
	store_reset(st);
}

static void later_run(struct store *db, void *arg)
{
	struct later *l = arg;
	struct ctx cx = {.db = db, .now = clock_now(), .lang = l->lang, .ip = l->ip};
	cx.a = arena_new();
	cx.actor.user_id = l->user_id;
	cx.actor.role = l->role;
	cx.actor.username = l->username;
	set_status(db, l->id, "running");
	json_t *out = NULL;
	bool refused = false;
	if (access_load_units(&cx) < 0)
		log_warn("import %lld: the importer's units could not be read", (long long)l->id);
	else if (registry_import_file(&cx, l->id, &l->o, l->data, l->len, true, &out, &refused) < 0)
		log_info("import %lld ended without its rows: %s", (long long)l->id,
			 err_message(cx.err.code, LANG_EN));
	json_decref(out);
	registry_import_progress_end(l->id);
	arena_free(cx.a);
	later_free(l);
}

static void later_drop(struct store *db, void *arg)
{
	struct later *l = arg;
	if (db)
		set_status(db, l->id, "interrupted");
	later_free(l);
}

int registry_import_later(struct ctx *cx, int64_t id, const struct import_opts *o,
			  const char *data, size_t len)
{
	struct later *l = calloc(1, sizeof *l);
	if (l) {
		l->id = id;
		l->user_id = cx->actor.user_id;
		l->role = cx->actor.role;
		l->lang = cx->lang;
		l->username = strdup(cx->actor.username ? cx->actor.username : "");
		l->ip = strdup(cx->ip ? cx->ip : "");
		l->data = malloc(len ? len : 1);
	}
	if (!l || !l->username || !l->ip || !l->data) {
		later_free(l);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	memcpy(l->data, data, len);
	l->len = len;
	snprintf(l->encoding, sizeof l->encoding, "%s", o->encoding);
	snprintf(l->mode, sizeof l->mode, "%s", o->mode);
	l->o = (struct import_opts){.format = o->format, .encoding = l->encoding, .mode = l->mode};
	registry_import_progress(id, 0, 0);   /* known here from the answer on */
	if (jobs_submit(&(struct task){later_run, later_drop, l}) < 0) {
		registry_import_progress_end(id);
		later_free(l);
		cx->err.retry_after = 30;
		return err_setf(&cx->err, ERR_UNAVAILABLE, "imports are waiting already: try again soon");
	}
	return 0;
}
