#include "http/guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"

/* One open connection. Lives from libmicrohttpd's STARTED notification to its CLOSED one,
 * which comes before the socket is closed: while it is listed, fd is this connection's. */
struct gconn {
	int fd;
	char addr[INET6_ADDRSTRLEN];
	bool counted;             /* in its address's count */
	bool shut;                /* its deadline passed and the socket was shut */
	int64_t deadline;         /* ms on the monotonic clock; 0 while a request is being served */
	struct gconn *prev, *next;
};

/* Open connections of one address. */
struct acount {
	char addr[INET6_ADDRSTRLEN];
	unsigned n;
	struct acount *next;
};

#define NBUCKETS 1024

static struct guard_opts g;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct gconn *conns;
static struct acount *buckets[NBUCKETS];
static pthread_t reaper;
static bool running, stopping;
static atomic_size_t body_bytes;
static atomic_uint refused_logged;

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void guard_addr_text(const struct sockaddr *sa, char *out, size_t n)
{
	out[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % NBUCKETS;
}

/* The count of an address (under mu); created when `make`. */
static struct acount *count_of(const char *addr, bool make)
{
	struct acount **b = &buckets[hash(addr)];
	for (struct acount *a = *b; a; a = a->next)
		if (strcmp(a->addr, addr) == 0)
			return a;
	if (!make)
		return NULL;
	struct acount *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	snprintf(a->addr, sizeof a->addr, "%s", addr);
	a->next = *b;
	*b = a;
	return a;
}

static void uncount(const char *addr)
{
	struct acount **b = &buckets[hash(addr)];
	for (struct acount **p = b; *p; p = &(*p)->next) {
		if (strcmp((*p)->addr, addr) == 0) {
			if (--(*p)->n == 0) {
				struct acount *gone = *p;
				*p = gone->next;
				free(gone);
			}
			return;
		}
	}
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	(void)cls;
	(void)len;
	if (!g.per_address)
		return MHD_YES;
	char ip[INET6_ADDRSTRLEN];
	guard_addr_text(addr, ip, sizeof ip);
	if (!ip[0] || (g.exempt && g.exempt(ip)))
		return MHD_YES;
	pthread_mutex_lock(&mu);
	struct acount *a = count_of(ip, false);
	bool full = a && a->n >= g.per_address;
	pthread_mutex_unlock(&mu);
	if (full && atomic_fetch_add(&refused_logged, 1) % 1000 == 0)
		log_warn("http: %s already has %u connections open (per_address_connections); "
			 "refusing more", ip, g.per_address);
	return full ? MHD_NO : MHD_YES;
}

void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct gconn *gc = calloc(1, sizeof *gc);
		if (!gc)
			return;
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ca = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		gc->fd = fd ? fd->connect_fd : -1;
		guard_addr_text(ca ? ca->client_addr : NULL, gc->addr, sizeof gc->addr);
		gc->deadline = now_ms() + (int64_t)g.head_timeout * 1000;
		pthread_mutex_lock(&mu);
		if (g.per_address && gc->addr[0] && !(g.exempt && g.exempt(gc->addr))) {
			struct acount *a = count_of(gc->addr, true);
			if (a) {
				a->n++;
				gc->counted = true;
			}
		}
		gc->next = conns;
		if (conns)
			conns->prev = gc;
		conns = gc;
		pthread_mutex_unlock(&mu);
		*socket_context = gc;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct gconn *gc = *socket_context;
		if (!gc)
			return;
		pthread_mutex_lock(&mu);
		if (gc->counted)
			uncount(gc->addr);
		if (gc->prev)
			gc->prev->next = gc->next;
		else
			conns = gc->next;
		if (gc->next)
			gc->next->prev = gc->prev;
		pthread_mutex_unlock(&mu);
		free(gc);
		*socket_context = NULL;
	}
}

static struct gconn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

void guard_head_done(struct MHD_Connection *c)
{
	struct gconn *gc = conn_of(c);
	if (!gc)
		return;
	pthread_mutex_lock(&mu);
	gc->deadline = 0;
	pthread_mutex_unlock(&mu);
}

void guard_request_done(struct MHD_Connection *c)
{
	struct gconn *gc = conn_of(c);
	if (!gc)
		return;
	pthread_mutex_lock(&mu);
	gc->deadline = now_ms() + (int64_t)g.idle_timeout * 1000;
	pthread_mutex_unlock(&mu);
}

/* Shut every connection whose head is overdue; libmicrohttpd then sees the end of the stream
 * and closes it as it would any other. */
static void *reap(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 250 * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wake, &mu, &t);
		int64_t now = now_ms();
		for (struct gconn *gc = conns; gc; gc = gc->next) {
			if (gc->deadline && !gc->shut && now > gc->deadline && gc->fd >= 0) {
				shutdown(gc->fd, SHUT_RDWR);
				gc->shut = true;
			}
		}
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int guard_start(const struct guard_opts *o)
{
	g = *o;
	if (!g.head_timeout)
		g.head_timeout = 10;
	if (!g.idle_timeout)
		g.idle_timeout = 30;
	stopping = false;
	if (pthread_create(&reaper, NULL, reap, NULL) != 0) {
		log_error("http: cannot start the connection guard");
		return -1;
	}
	running = true;
	return 0;
}

void guard_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mu);
	pthread_join(reaper, NULL);
	running = false;
	for (int i = 0; i < NBUCKETS; i++) {
		while (buckets[i]) {
			struct acount *a = buckets[i];
			buckets[i] = a->next;
			free(a);
		}
	}
}

bool body_add(struct body *b, const void *data, size_t n, size_t hint)
{
	if (b->len + n > b->cap || hint > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		if (cap < b->len + n)
			cap = b->len + n;
		if (cap < hint)
			cap = hint;
		size_t more = cap - b->cap;
		size_t held = atomic_fetch_add(&body_bytes, more) + more;
		if (held > g.body_budget && g.body_budget) {
			atomic_fetch_sub(&body_bytes, more);
			return false;
		}
		char *p = realloc(b->p, cap + 1);   /* the old buffer goes: no copies stay behind */
		if (!p) {
			atomic_fetch_sub(&body_bytes, more);
			return false;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n) {
		memcpy(b->p + b->len, data, n);
		b->len += n;
		b->p[b->len] = '\0';
	}
	return true;
}

void body_free(struct body *b)
{
	if (b->cap)
		atomic_fetch_sub(&body_bytes, b->cap);
	free(b->p);
	memset(b, 0, sizeof *b);
}

size_t guard_body_bytes(void) { return atomic_load(&body_bytes); }
