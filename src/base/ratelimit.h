/* ratelimit: at most `per_minute` events a minute for each key (an address, say), counted in
 * this process, in fixed one-minute windows. The table is a fixed size: when it is full the
 * oldest windows are reused, so a flood of new keys costs no memory. Thread-safe. */
#ifndef LINLI_RATELIMIT_H
#define LINLI_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 4096

struct ratelimit {
	pthread_mutex_t mu;
	unsigned per_minute;          /* 0: no limit */
	struct {
		char key[48];
		int64_t window;       /* the minute it counts (now / 60) */
		unsigned n;
	} slot[RATELIMIT_SLOTS];
};

#define RATELIMIT_INIT {PTHREAD_MUTEX_INITIALIZER, 0, {{"", 0, 0}}}

void ratelimit_set(struct ratelimit *rl, unsigned per_minute);
/* Count one event for key at time now (seconds); false when the key is over its rate, with
 * the seconds until its window ends in *retry_after. */
bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now, int *retry_after);
/* Whether key is under its rate at time now, without counting an event: for limits that count
 * only failures (take on each failure) yet refuse every try once over. */
bool ratelimit_allows(struct ratelimit *rl, const char *key, int64_t now, int *retry_after);

#endif
