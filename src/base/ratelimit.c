#include "base/ratelimit.h"

#include <stdio.h>
#include <string.h>

void ratelimit_set(struct ratelimit *rl, unsigned per_minute)
{
	pthread_mutex_lock(&rl->mu);
	rl->per_minute = per_minute;
	pthread_mutex_unlock(&rl->mu);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool count(struct ratelimit *rl, const char *key, int64_t now, bool take, int *retry_after)
{
	if (!key || !*key)
		return true;
	int64_t window = now / 60;
	unsigned h = hash(key);
	pthread_mutex_lock(&rl->mu);
	if (!rl->per_minute) {
		pthread_mutex_unlock(&rl->mu);
		return true;
	}
	/* its slot, else a free or stale one, among 8 neighbours; else the oldest of them */
	unsigned pick = h % RATELIMIT_SLOTS;
	int64_t oldest = INT64_MAX;
	for (unsigned i = 0; i < 8; i++) {
		unsigned j = (h + i) % RATELIMIT_SLOTS;
		if (strncmp(rl->slot[j].key, key, sizeof rl->slot[j].key - 1) == 0) {
			pick = j;
			break;
		}
		if (rl->slot[j].window < oldest) {
			oldest = rl->slot[j].window;
			pick = j;
		}
	}
	if (strncmp(rl->slot[pick].key, key, sizeof rl->slot[pick].key - 1) != 0 ||
	    rl->slot[pick].window != window) {
		snprintf(rl->slot[pick].key, sizeof rl->slot[pick].key, "%s", key);
		rl->slot[pick].window = window;
		rl->slot[pick].n = 0;
	}
	bool ok = rl->slot[pick].n < rl->per_minute;
	if (ok && take)
		rl->slot[pick].n++;
	pthread_mutex_unlock(&rl->mu);
	if (!ok && retry_after)
		*retry_after = (int)((window + 1) * 60 - now);
	return ok;
}

bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now, int *retry_after)
{
	return count(rl, key, now, true, retry_after);
}

bool ratelimit_allows(struct ratelimit *rl, const char *key, int64_t now, int *retry_after)
{
	return count(rl, key, now, false, retry_after);
}
