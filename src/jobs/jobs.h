/* jobs: periodic maintenance in the background of `linli serve`. Each run of a job takes a lease
 * in the database first, so with several copies of linli on one database a job runs once. The
 * jobs themselves belong to the features (struct feature's jobs); app_jobs() gathers them. */
#ifndef LINLI_JOBS_H
#define LINLI_JOBS_H

#include <stdint.h>

#include "store/store.h"

struct job {
	const char *name;
	int64_t every;                                   /* seconds between runs */
	int64_t (*run)(struct store *db, int64_t now);   /* rows touched, or -1 */
};

/* Work a request hands over, to run after its answer (an import of many rows): one thread of
 * its own runs the tasks in the order given, each with the thread's connection. run(db, arg)
 * does the work and frees arg; at stop, a task not begun gets drop(db, arg) instead (db NULL
 * when the thread has no connection), and the one running is told by jobs_stopping() and
 * should end early. */
struct task {
	void (*run)(struct store *db, void *arg);
	void (*drop)(struct store *db, void *arg);
	void *arg;
};
#define JOBS_TASKS_QUEUED 8
/* 0; or -1 when JOBS_TASKS_QUEUED are waiting or the thread is not running (arg is the
 * caller's again). */
int jobs_submit(const struct task *t);
/* Whether the server is stopping: a long task ends at its next step. */
int jobs_stopping(void);

/* Try every job now (once); returns how many ran. Used by the thread and by `linli maintain`. */
int jobs_run_due(struct store *db, const struct job *jobs, int n, int64_t now, const char *owner);
int jobs_start(const char *db_url, const struct job *jobs, int n);
void jobs_stop(void);

/* A worker: a loop on a thread of its own, for work that cannot wait for the jobs' minute (the
 * outbox's deliveries). No lease: a worker claims its own rows, so that several servers share
 * the work. run() does one round and returns the milliseconds to wait before the next (at most
 * 60,000); workers_wake() cuts every worker's wait short. done() (may be NULL) runs on the
 * thread when it ends. */
struct worker {
	const char *name;
	int64_t (*run)(struct store *db, int64_t now);
	void (*done)(void);
};
#define JOBS_MAX_WORKERS 8
int workers_start(const char *db_url, const struct worker *w, int n);
void workers_stop(void);
void workers_wake(void);
/* Whether the workers are stopping: a round ends at its next step. */
int workers_stopping(void);

#endif
