#include "jobs/jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"

/* Take the lease of a due job: 1 taken, 0 not due or held elsewhere, -1 error. */
static int take_lease(struct store *db, const struct job *j, int64_t now, const char *owner)
{
	struct store_stmt *st = store_prepare(db,
		"INSERT INTO job_leases (name, owner, lease_until, last_run_at) VALUES (?, NULL, 0, 0) "
		"ON CONFLICT (name) DO NOTHING");
	if (!st)
		return -1;
	store_bind_text(st, 1, j->name);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return -1;
	st = store_prepare(db,
		"UPDATE job_leases SET owner = ?, lease_until = ? "
		"WHERE name = ? AND lease_until < ? AND last_run_at <= ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, owner);
	store_bind_int64(st, 2, now + 600);
	store_bind_text(st, 3, j->name);
	store_bind_int64(st, 4, now);
	store_bind_int64(st, 5, now - j->every);
	rc = store_step(st);
	int64_t taken = store_changes(st);
	store_reset(st);
	return rc != STORE_DONE ? -1 : taken == 1;
}

int jobs_run_due(struct store *db, const struct job *jobs, int n, int64_t now, const char *owner)
{
	int ran = 0;
	for (int i = 0; i < n; i++) {
		int t = take_lease(db, &jobs[i], now, owner);
		if (t < 0) {
			log_warn("job %s: %s", jobs[i].name, store_errmsg(db));
			continue;
		}
		if (t == 0)
			continue;
		int64_t rows = jobs[i].run(db, now);
		if (rows < 0)
			log_warn("job %s failed: %s", jobs[i].name, store_errmsg(db));
		else if (rows > 0)
			log_info("job %s: %lld rows", jobs[i].name, (long long)rows);
		struct store_stmt *st = store_prepare(db,
			"UPDATE job_leases SET lease_until = 0, last_run_at = ? WHERE name = ? AND owner = ?");
		if (st) {
			store_bind_int64(st, 1, rows < 0 ? now - jobs[i].every + 300 : now); /* retry soon */
			store_bind_text(st, 2, jobs[i].name);
			store_bind_text(st, 3, owner);
			store_step(st);
			store_reset(st);
		}
		ran++;
	}
	return ran;
}

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop, started;
	const char *url;
	const struct job *jobs;
	int n;
	char owner[128];
} J = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *loop(void *arg)
{
	(void)arg;
	char err[256];
	struct store *db = store_open(J.url, err, sizeof err);
	if (!db) {
		log_error("jobs: %s", err);
		return NULL;
	}
	pthread_mutex_lock(&J.mu);
	while (!J.stop) {
		pthread_mutex_unlock(&J.mu);
		jobs_run_due(db, J.jobs, J.n, clock_now(), J.owner);
		pthread_mutex_lock(&J.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 60;
		while (!J.stop && pthread_cond_timedwait(&J.cv, &J.mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&J.mu);
	store_close(db);
	return NULL;
}

/* the tasks' thread: a ring of tasks waiting, and the one running */
static struct {
	pthread_t thread;
	int started;
	int stop;                        /* read by jobs_stopping(): under T.mu */
	struct task q[JOBS_TASKS_QUEUED];
	int head, n;
} T;

static void *task_loop(void *arg)
{
	(void)arg;
	char err[256];
	struct store *db = store_open(J.url, err, sizeof err);
	if (!db)
		log_error("tasks: %s", err);
	pthread_mutex_lock(&J.mu);
	for (;;) {
		while (!T.stop && T.n == 0)
			pthread_cond_wait(&J.cv, &J.mu);
		if (T.stop)
			break;
		struct task t = T.q[T.head];
		T.head = (T.head + 1) % JOBS_TASKS_QUEUED;
		T.n--;
		pthread_mutex_unlock(&J.mu);
		if (db)
			t.run(db, t.arg);
		else
			t.drop(NULL, t.arg);
		pthread_mutex_lock(&J.mu);
	}
	while (T.n > 0) {   /* stopping: what has not begun is dropped */
		struct task t = T.q[T.head];
		T.head = (T.head + 1) % JOBS_TASKS_QUEUED;
		T.n--;
		t.drop(db, t.arg);
	}
	pthread_mutex_unlock(&J.mu);
	if (db)
		store_close(db);
	return NULL;
}

int jobs_submit(const struct task *t)
{
	pthread_mutex_lock(&J.mu);
	int ok = T.started && !T.stop && T.n < JOBS_TASKS_QUEUED;
	if (ok) {
		T.q[(T.head + T.n) % JOBS_TASKS_QUEUED] = *t;
		T.n++;
		pthread_cond_broadcast(&J.cv);
	}
	pthread_mutex_unlock(&J.mu);
	return ok ? 0 : -1;
}

int jobs_stopping(void)
{
	pthread_mutex_lock(&J.mu);
	int s = T.stop;
	pthread_mutex_unlock(&J.mu);
	return s;
}

int jobs_start(const char *db_url, const struct job *jobs, int n)
{
	char host[64] = "host";
	gethostname(host, sizeof host - 1);
	snprintf(J.owner, sizeof J.owner, "%s:%d", host, (int)getpid());
	J.url = db_url;
	J.jobs = jobs;
	J.n = n;
	J.stop = 0;
	if (pthread_create(&J.thread, NULL, loop, NULL) != 0)
		return -1;
	J.started = 1;
	T.stop = 0;
	if (pthread_create(&T.thread, NULL, task_loop, NULL) != 0)
		return -1;
	T.started = 1;
	return 0;
}

void jobs_stop(void)
{
	pthread_mutex_lock(&J.mu);
	J.stop = 1;
	T.stop = 1;
	pthread_cond_broadcast(&J.cv);
	pthread_mutex_unlock(&J.mu);
	if (J.started)
		pthread_join(J.thread, NULL);
	if (T.started)
		pthread_join(T.thread, NULL);
	J.started = 0;
	T.started = 0;
}

/* the workers: a thread each, a shared wait that workers_wake() ends */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop, woken, n;
	pthread_t threads[JOBS_MAX_WORKERS];
	struct worker w[JOBS_MAX_WORKERS];
	const char *url;
} W = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *worker_loop(void *arg)
{
	const struct worker *w = arg;
	char err[256];
	struct store *db = store_open(W.url, err, sizeof err);
	if (!db) {
		log_error("worker %s: %s", w->name, err);
		return NULL;
	}
	pthread_mutex_lock(&W.mu);
	while (!W.stop) {
		pthread_mutex_unlock(&W.mu);
		int64_t wait = w->run(db, clock_now());
		if (wait < 10)
			wait = 10;
		if (wait > 60000)
			wait = 60000;
		pthread_mutex_lock(&W.mu);
		int seen = W.woken;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait / 1000;
		until.tv_nsec += (wait % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		while (!W.stop && W.woken == seen &&
		       pthread_cond_timedwait(&W.cv, &W.mu, &until) == 0)
			;
		if (!W.stop && W.woken != seen) {
			/* woken by a write that commits just after: let it land */
			pthread_mutex_unlock(&W.mu);
			struct timespec pause = {0, 30 * 1000000};
			nanosleep(&pause, NULL);
			pthread_mutex_lock(&W.mu);
		}
	}
	pthread_mutex_unlock(&W.mu);
	if (w->done)
		w->done();
	store_close(db);
	return NULL;
}

int workers_start(const char *db_url, const struct worker *w, int n)
{
	W.url = db_url;
	W.stop = 0;
	W.n = 0;
	for (int i = 0; i < n && i < JOBS_MAX_WORKERS; i++) {
		W.w[i] = w[i];
		if (pthread_create(&W.threads[i], NULL, worker_loop, &W.w[i]) != 0) {
			log_error("worker %s did not start", w[i].name);
			return -1;
		}
		W.n++;
	}
	return 0;
}

void workers_stop(void)
{
	pthread_mutex_lock(&W.mu);
	W.stop = 1;
	pthread_cond_broadcast(&W.cv);
	pthread_mutex_unlock(&W.mu);
	for (int i = 0; i < W.n; i++)
		pthread_join(W.threads[i], NULL);
	W.n = 0;
}

void workers_wake(void)
{
	pthread_mutex_lock(&W.mu);
	W.woken++;
	pthread_cond_broadcast(&W.cv);
	pthread_mutex_unlock(&W.mu);
}

int workers_stopping(void)
{
	pthread_mutex_lock(&W.mu);
	int s = W.stop;
	pthread_mutex_unlock(&W.mu);
	return s;
}
