/* guard: the server's own resource limits, inside http/ (features never see it).
 * - Connections per client address: at most `per_address` open at once; more are closed when
 *   accepted. Trusted proxies are exempt (behind nginx every connection comes from it).
 * - A deadline for each request head: a connection must deliver its request line and headers
 *   within `head_timeout` seconds of connecting (and the next one within `idle_timeout` of the
 *   last answer), however slowly it trickles bytes; past it the connection is shut.
 * - Memory for request bodies: bodies grow in one buffer each (no copies left behind) and all
 *   pending bodies together hold at most `body_budget` bytes; beyond it a request gets 503. */
#ifndef LINLI_HTTP_GUARD_H
#define LINLI_HTTP_GUARD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct guard_opts {
	unsigned per_address;         /* 0: no limit */
	unsigned head_timeout;        /* seconds */
	unsigned idle_timeout;        /* seconds */
	size_t body_budget;           /* bytes */
	bool (*exempt)(const char *ip);
};

int guard_start(const struct guard_opts *o);
void guard_stop(void);

/* libmicrohttpd's accept policy and connection notification callbacks. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len);
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
/* The head of a request has arrived / its answer is done (the next head's deadline starts). */
void guard_head_done(struct MHD_Connection *c);
void guard_request_done(struct MHD_Connection *c);

/* A request body held in one malloc'd buffer, counted against the budget. */
struct body {
	char *p;
	size_t len, cap;
};
/* Append n bytes (growing to at least `hint` at once when it is larger); false when the budget
 * would be exceeded: nothing is added and the caller answers 503. */
bool body_add(struct body *b, const void *data, size_t n, size_t hint);
void body_free(struct body *b);
/* Bytes held by every pending body now (for tests and the log). */
size_t guard_body_bytes(void);

/* "a.b.c.d" or an IPv6 text address of a socket address; "" for anything else. */
void guard_addr_text(const struct sockaddr *sa, char *out, size_t n);

#endif
