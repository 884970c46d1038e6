/* The worker: claims due deliveries, sends each, and records what came back.
 *
 * A delivery is due when it is pending and its time has come, and no earlier delivery of the
 * same thing to the same destination is still waiting (the order per request). A claim moves it
 * to `sending` with a lease (owner and time) in one UPDATE that only one server can win; a lease
 * that ran out (a server killed mid-send) makes it due again. An answer that means "arrived"
 * makes it done; anything else waits retry × 2^(tries-1) seconds (at most an hour, ±20 %),
 * and after max_tries it is dead, for an administrator to replay. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/outbound.h"
#include "base/text.h"
#include "jobs/jobs.h"
#include "notify/internal.h"
#include "registry/registry.h"

static unsigned retry_seconds = 30, max_tries = 10, timeout_seconds = 10;
static char owner[64];

void notify_configure(unsigned retry, unsigned tries, unsigned timeout)
{
	retry_seconds = retry ? retry : 30;
	max_tries = tries ? tries : 10;
	timeout_seconds = timeout ? timeout : 10;
}

static int64_t backoff(int64_t tries)
{
	int64_t wait = retry_seconds;
	for (int64_t i = 1; i < tries && wait < 3600; i++)
		wait *= 2;
	if (wait > 3600)
		wait = 3600;
	/* ±20 % so that the retries of many deliveries do not come back together */
	int64_t spread = wait / 5;
	if (spread > 0)
		wait += (int64_t)randombytes_uniform((uint32_t)(2 * spread + 1)) - spread;
	return wait < 1 ? 1 : wait;
}

#define BATCH 16

/* Due deliveries' ids, oldest first. */
static int due(struct ctx *cx, int64_t *ids, size_t *n)
{
	*n = 0;
	struct store_stmt *st = store_prepare(cx->db, "SELECT v.id FROM notify_deliveries v"
		" WHERE v.state IN ('pending', 'sending') AND v.next_at <= ?"
		" AND NOT EXISTS (SELECT 1 FROM notify_deliveries w WHERE w.destination_id = v.destination_id"
		" AND w.entity = v.entity AND w.entity_id = v.entity_id AND w.id < v.id"
		" AND w.state IN ('pending', 'sending'))"
		" ORDER BY v.next_at, v.id LIMIT ?");
	if (!st)
		return -1;
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, BATCH);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW && *n < BATCH)
		ids[(*n)++] = store_col_int64(st, 0);
	store_reset(st);
	return rc == STORE_ERR ? -1 : 0;
}

/* Take one: 1 ours, 0 another's. */
static int claim(struct ctx *cx, int64_t id)
{
	struct store_stmt *st = store_prepare(cx->db, "UPDATE notify_deliveries SET state = 'sending',"
		" lease_owner = ?, lease_until = ?, next_at = ?, tries = tries + 1, updated_at = ?"
		" WHERE id = ? AND state IN ('pending', 'sending') AND next_at <= ?");
	if (!st)
		return -1;
	int64_t until = cx->now + timeout_seconds + 60;
	store_bind_text(st, 1, owner);
	store_bind_int64(st, 2, until);
	store_bind_int64(st, 3, until);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, cx->now);
	int rc = store_step(st);
	int64_t changed = store_changes(st);
	store_reset(st);
	return rc == STORE_ERR ? -1 : changed == 1;
}

struct work {
	struct notify_payload p;
	int64_t destination_id, tries;
};

static int load(struct ctx *cx, int64_t id, struct work *w)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT v.destination_id, v.tries, v.ref, e.uid,"
		" e.event, e.topics, e.entity, e.entity_id, e.title, e.body, e.link, e.data, e.created_at"
		" FROM notify_deliveries v JOIN notify_events e ON e.id = v.event_id WHERE v.id = ?");
	if (!st)
		return -1;
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		int c = 0;
		w->destination_id = store_col_int64(st, c++);
		w->tries = store_col_int64(st, c++);
		struct notify_payload *p = &w->p;
		p->ref = arena_strdup(cx->a, store_col_text(st, c++));
		p->uid = arena_strdup(cx->a, store_col_text(st, c++));
		p->event = arena_strdup(cx->a, store_col_text(st, c++));
		p->topics = arena_strdup(cx->a, store_col_text(st, c++));
		p->entity = arena_strdup(cx->a, store_col_text(st, c++));
		p->entity_id = store_col_int64(st, c++);
		p->title = arena_strdup(cx->a, store_col_text(st, c++));
		p->body = arena_strdup(cx->a, store_col_text(st, c++));
		p->link = arena_strdup(cx->a, store_col_text(st, c++));
		p->data = arena_strdup(cx->a, store_col_text(st, c++));
		p->created_at = store_col_int64(st, c++);
		p->delivery_id = id;
	}
	store_reset(st);
	return rc == STORE_ROW ? 0 : -1;
}

/* What came of a try, in one transaction: the attempt and the delivery's new state (only if
 * the lease is still ours). */
static void record(struct ctx *cx, int64_t id, int64_t tries, bool ok, bool never,
		   const struct outbound_resp *r, const char *why)
{
	const char *state = ok ? "done" : (never || tries >= (int64_t)max_tries) ? "dead" : "pending";
	int64_t next = ok ? 0 : cx->now + backoff(tries);
	if (store_begin(cx->db) != 0)
		return;
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO notify_attempts (delivery_id, at,"
		" status, error, answer, ms) VALUES (?, ?, ?, ?, ?, ?)");
	if (st) {
		/* the answer's first bytes, made safe to keep and show (not UTF-8, controls: \xHH) */
		char answer[501];
		text_escape(r->body, answer, sizeof answer);
		store_bind_int64(st, 1, id);
		store_bind_int64(st, 2, cx->now);
		store_bind_int64(st, 3, r->status);
		store_bind_text(st, 4, ok ? "" : why ? why : r->error);
		store_bind_text(st, 5, answer);
		store_bind_int64(st, 6, r->elapsed_ms);
		store_step(st);
		store_reset(st);
	}
	st = store_prepare(cx->db, "UPDATE notify_deliveries SET state = ?, next_at = ?,"
		" lease_owner = NULL, lease_until = 0, last_status = ?, last_error = ?,"
		" sent_at = CASE WHEN ? = 1 THEN ? ELSE sent_at END, updated_at = ?"
		" WHERE id = ? AND state = 'sending' AND lease_owner = ?");
	if (st) {
		int k = 1;
		store_bind_text(st, k++, state);
		store_bind_int64(st, k++, next);
		store_bind_int64(st, k++, r->status);
		store_bind_text(st, k++, ok ? "" : why ? why : r->error);
		store_bind_int64(st, k++, ok);
		store_bind_int64(st, k++, cx->now);
		store_bind_int64(st, k++, cx->now);
		store_bind_int64(st, k++, id);
		store_bind_text(st, k++, owner);
		store_step(st);
		store_reset(st);
	}
	if (store_commit(cx->db) != 0) {
		log_warn("notify: delivery %lld: %s", (long long)id, store_errmsg(cx->db));
		store_rollback(cx->db);
	}
	if (!ok)
		log_info("notify: delivery %lld try %lld: %s (%s)", (long long)id, (long long)tries,
			 why ? why : r->error, state);
}

static void send_one(struct ctx *cx, int64_t id)
{
	struct work w = {0};
	struct outbound_resp r;
	memset(&r, 0, sizeof r);
	if (load(cx, id, &w) < 0) {
		snprintf(r.error, sizeof r.error, "the delivery could not be read");
		record(cx, id, w.tries, false, false, &r, NULL);
		return;
	}
	struct notify_destination d;
	if (notify_destination_row(cx, w.destination_id, &d) != 1 || !d.enabled) {
		record(cx, id, w.tries, false, true, &r, "the destination is switched off or gone");
		return;
	}
	const char *url = registry_open(cx, "notify.url", d.url_sealed);
	const char *secret = d.secret_sealed ? registry_open(cx, "notify.secret", d.secret_sealed) : NULL;
	if (!url || (d.secret_sealed && !secret)) {
		record(cx, id, w.tries, false, false, &r, "the destination's URL cannot be opened: keys?");
		return;
	}
	struct notify_message m;
	if (notify_format(cx->a, d.kind, d.format, url, secret, &w.p, clock_now(), &m) < 0) {
		record(cx, id, w.tries, false, true, &r, "the message could not be made");
		return;
	}
	struct outbound_req rq = {.url = m.url, .body = m.body, .body_len = m.body_len,
		.timeout_ms = (long)timeout_seconds * 1000, .connect_timeout_ms = 5000};
	for (int i = 0; i < m.nheaders && i < OUTBOUND_MAX_HEADERS; i++)
		rq.headers[rq.nheaders++] = m.headers[i];
	const char *why = NULL;
	bool ok = outbound_post(&rq, &r) == 0 && notify_answer_ok(d.kind, r.status, r.body, &why);
	cx->now = clock_now();
	/* a private address is refused by configuration: trying again changes nothing */
	record(cx, id, w.tries, ok, r.refused, &r, ok ? NULL : why);
}

static int64_t deliver_round(struct store *db, int64_t now)
{
	if (!owner[0]) {
		char host[32] = "linli";
		gethostname(host, sizeof host - 1);
		unsigned char raw[4];
		randombytes_buf(raw, sizeof raw);
		snprintf(owner, sizeof owner, "%.31s:%d:%02x%02x%02x%02x", host, (int)getpid(), raw[0],
			 raw[1], raw[2], raw[3]);
	}
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	cx.actor.username = "linli";
	int64_t ids[BATCH];
	size_t n = 0, sent = 0;
	if (due(&cx, ids, &n) < 0)
		log_warn("notify: %s", store_errmsg(db));
	for (size_t i = 0; i < n && !workers_stopping(); i++) {
		cx.now = clock_now();
		int c = claim(&cx, ids[i]);
		if (c == 1) {
			send_one(&cx, ids[i]);
			sent++;
		}
		arena_reset(cx.a);
	}
	arena_free(cx.a);
	/* more may wait behind those just sent: look again at once */
	return sent ? 0 : 1000;
}

static void deliver_done(void)
{
	outbound_thread_done();
}

const struct worker notify_workers[] = {{"notify.deliver", deliver_round, deliver_done}};

/* The digest job: each destination with held events whose minute of the day (Beijing time) has
 * come, once a day. */
static int64_t digest_job(struct store *db, int64_t now)
{
	struct ctx cx = {.a = arena_new(), .db = db, .now = now};
	cx.actor.system = 1;
	cx.actor.username = "linli";
	int64_t local = now + 8 * 3600, day = local / 86400, minute = (local % 86400) / 60, done = 0;
	struct store_stmt *st = store_prepare(db, "SELECT DISTINCT v.destination_id FROM notify_deliveries v"
		" JOIN notify_destinations d ON d.id = v.destination_id WHERE v.state = 'held'"
		" AND d.enabled = 1 AND d.digest_day < ? AND d.digest_at <= ? LIMIT 500");
	int64_t ids[500];
	size_t n = 0;
	if (st) {
		store_bind_int64(st, 1, day);
		store_bind_int64(st, 2, minute);
		while (store_step(st) == STORE_ROW && n < 500)
			ids[n++] = store_col_int64(st, 0);
		store_reset(st);
	}
	for (size_t i = 0; i < n; i++) {
		struct notify_destination d;
		int64_t count;
		if (notify_destination_row(&cx, ids[i], &d) != 1 || ctx_begin(&cx) < 0)
			continue;
		if (notify_digest_one(&cx, &d, day, &count) < 0 || ctx_commit(&cx) < 0) {
			log_warn("notify: digest of destination %lld failed", (long long)ids[i]);
			continue;
		}
		done += count;
	}
	arena_free(cx.a);
	if (done)
		workers_wake();
	return done;
}

const struct job notify_jobs[] = {{"notify.digest", 60, digest_job}};
const int notify_njobs = 1;
