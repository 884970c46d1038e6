/* outbound: linli's own HTTP calls to the outside (webhooks, group robots), by libcurl, guarded
 * against server-side request forgery: a call may reach only public addresses, unless the
 * operator lists a private range in `outbound_allow` (the configuration, never the web console).
 * The address is judged where the socket is opened, after name resolution, so a name that
 * resolves to 127.0.0.1 (or changes to it between checks) is refused as well. No redirects, no
 * proxies from the environment, http and https only. */
#ifndef LINLI_OUTBOUND_H
#define LINLI_OUTBOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

#define OUTBOUND_MAX_ALLOW 16
#define OUTBOUND_MAX_HEADERS 8
#define OUTBOUND_BODY_KEPT 2048    /* bytes of an answer kept for the caller */

/* One range of addresses: an IPv4 address is kept as ::ffff:a.b.c.d, its prefix + 96. */
struct net_range {
	unsigned char addr[16];
	int prefix;
};

/* Parse "10.0.0.0/8, 127.0.0.1, ::1/128" (empty: none): 0, or -1 with msg naming the entry. */
int outbound_parse_allow(const char *list, struct net_range *out, size_t max, size_t *n,
			 char *msg, size_t msgn);
/* Set the ranges every call may reach beside public addresses (once, at start). */
void outbound_set_allow(const struct net_range *ranges, size_t n);
/* Whether an address may be reached: public, or within an allowed range. */
bool outbound_address_allowed(const struct sockaddr *sa);
/* Whether 16 bytes (IPv6, or IPv4 mapped) are of a public unicast address. */
bool outbound_is_public(const unsigned char a[16]);
/* A URL's shape: http(s)://host[:port]/..., no user info, a host of at most 253 characters;
 * when the host is an address literal (or "localhost"), it must be allowed. 0 ok; -1 with a
 * reason key: "outbound_url" (not such a URL) or "outbound_private". */
int outbound_check_url(const char *url, const char **reason);

struct outbound_req {
	const char *url;
	const char *body;
	size_t body_len;
	const char *headers[OUTBOUND_MAX_HEADERS];   /* "Name: value" */
	int nheaders;
	long timeout_ms;                 /* the whole call */
	long connect_timeout_ms;
};

struct outbound_resp {
	long status;                     /* 0 when no answer came */
	char body[OUTBOUND_BODY_KEPT + 1];   /* the answer's first bytes, NUL-ended */
	size_t body_len;
	char error[256];                 /* why it failed, when it did */
	int64_t elapsed_ms;
	bool refused;                    /* the address was not allowed */
};

/* Start and end libcurl (once per process, before threads / after them). */
int outbound_init(void);
void outbound_cleanup(void);
/* POST (a connection kept per thread is reused). 0 when an HTTP answer came (any status);
 * -1 when none did, with resp->error. */
int outbound_post(const struct outbound_req *rq, struct outbound_resp *resp);
/* Release the calling thread's connection. */
void outbound_thread_done(void);

#endif
