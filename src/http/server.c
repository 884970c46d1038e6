/* server: libmicrohttpd with epoll and a thread pool. Each request gets an arena and this
 * thread's database connection; its body is collected up to a limit, checked as UTF-8 and parsed
 * as JSON; the route's handler runs; the answer is gzipped when it pays and logged. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "http/guard.h"
#include "http/http.h"

static struct http_opts opts;
static struct MHD_Daemon *daemon_;
static atomic_int in_flight;
static pthread_key_t db_key;
static char bound[80];

/* The CSP allows inline styles because the component library sets style attributes. */
static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' "
	 "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
	 "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"},
};

struct rstate {
	struct arena *a;
	struct body body;                    /* malloc'd, counted against body_memory_limit */
	size_t limit;
	bool too_large, bad_length;
	bool busy;                           /* the bodies' memory cap was reached: 503 */
	struct timespec t0;
	int status;
	size_t bytes;
	const char *method, *url;
	const struct route *route;           /* matched on the first call */
	const char *params[HTTP_MAX_PARAMS];
	size_t nparams;
	bool mismatch;
};

bool http_cookie_secure(void) { return opts.cookie_secure; }
const char *http_bound_address(void) { return bound; }

static void close_db(void *p) { store_close(p); }

static struct store *thread_db(void)
{
	struct store *db = pthread_getspecific(db_key);
	if (db)
		return db;
	char err[256];
	db = store_open(opts.db_url, err, sizeof err);
	if (!db) {
		log_error("database: %s", err);
		return NULL;
	}
	pthread_setspecific(db_key, db);
	return db;
}

static bool accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	return ae && strstr(ae, "gzip");
}

/* The defaults, but those the handler set itself (rs may be NULL: a static file). */
static void add_security_headers(struct MHD_Response *r, const struct resp *rs)
{
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
		bool own = false;
		for (int h = 0; rs && h < rs->nheaders && !own; h++)
			own = strcasecmp(rs->headers[h].name, security_headers[i][0]) == 0;
		if (!own)
			MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
	}
}

static bool has_header(const struct resp *rs, const char *name)
{
	for (int h = 0; h < rs->nheaders; h++)
		if (strcasecmp(rs->headers[h].name, name) == 0)
			return true;
	return false;
}

/* Images other than SVG and PDFs are compressed already: gzip would spend time for nothing. */
static bool compressible(const char *content_type)
{
	if (!content_type)
		return true;
	if (strncasecmp(content_type, "image/", 6) == 0)
		return strncasecmp(content_type, "image/svg+xml", 13) == 0;
	return strncasecmp(content_type, "application/pdf", 15) != 0;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct rstate *s, struct resp *rs)
{
	const char *body = rs->body ? rs->body : "";
	size_t len = rs->len;
	if (rs->json) {
		body = json_to_arena(s->a, rs->json, &len);
		json_decref(rs->json);
		rs->json = NULL;
	}
	bool gz = false;
	if (len >= 1024 && compressible(rs->content_type) && accepts_gzip(c)) {
		size_t zl;
		char *z = http_gzip(s->a, body, len, &zl);
		if (z) {
			body = z, len = zl, gz = true;
		}
	}
	/* The body lives in the request's arena, which is freed only when the request is complete,
	 * after the last byte is sent: no copy is needed. */
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
								 MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	if (!has_header(rs, MHD_HTTP_HEADER_CACHE_CONTROL))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding, Accept-Language");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	for (int i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
	add_security_headers(r, rs);
	s->status = rs->status;
	s->bytes = len;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static bool is_write(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	bool *bad = cls;
	if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value)))) {
		*bad = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Query strings: a URL of more than HTTP_MAX_URL bytes or HTTP_MAX_ARGS parameters gets 414.
 * Far beyond that libmicrohttpd runs out of the connection's memory while it splits the
 * parameters and can send no answer at all: such a request is seen here, before the split, and
 * its connection gets a timeout of one second rather than being left to the usual one (set on
 * libmicrohttpd's own thread, so that it closes the connection in its own way). */
enum { HTTP_MAX_URL = 8192, HTTP_MAX_ARGS = 100, HTTP_SHUT_ARGS = 400 };

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	size_t n = 0, len = 0;
	for (const char *p = uri; *p; p++, len++)
		n += *p == '&' || *p == ';';
	if (n >= HTTP_SHUT_ARGS || len > 8 * HTTP_MAX_URL) {
		log_warn("http: a request line of %zu bytes and %zu parameters: closing the connection",
			 len, n + 1);
		MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, 1u);
	}
	return NULL;
}

static enum MHD_Result count_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	(void)key;
	(void)value;
	++*(size_t *)cls;
	return MHD_YES;
}

/* Who is asking: a bearer token, else the session cookie, else nobody. */
static int authenticate(struct ctx *cx, struct req *rq)
{
	const char *auth = req_header(rq, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7) != 0 || !opts.hooks.auth_bearer)
			return err_set(&cx->err, ERR_UNAUTHENTICATED);
		return opts.hooks.auth_bearer(cx, auth + 7);
	}
	const char *cookie = opts.hooks.cookie_name ? req_cookie(rq, opts.hooks.cookie_name) : NULL;
	if (cookie && *cookie && opts.hooks.auth_cookie) {
		if (opts.hooks.auth_cookie(cx, cookie) < 0) {
			if (cx->err.code != ERR_UNAUTHENTICATED)
				return -1;
			err_clear(&cx->err);   /* an expired cookie is simply nobody */
		}
	}
	return 0;
}

static int dispatch(struct ctx *cx, struct req *rq, struct resp *rs, const struct route *r,
		    struct rstate *s)
{
	/* Public routes (login, health) act for nobody: a stale cookie or another session's
	 * CSRF token cannot get in the way of logging in again. */
	if (!(r->flags & ROUTE_PUBLIC)) {
		if (authenticate(cx, rq) < 0)
			return -1;
		if (cx->actor.user_id == 0)
			return err_set(&cx->err, ERR_UNAUTHENTICATED);
	}
	if (is_write(rq->method) && cx->actor.session_id) {
		const char *t = req_header(rq, "X-CSRF-Token");
		if (!t || !cx->actor.csrf_token || !text_equal_ct(t, cx->actor.csrf_token))
			return err_set(&cx->err, ERR_CSRF);
	}
	if (s->too_large)
		return err_set(&cx->err, ERR_TOO_LARGE);
	if (is_write(rq->method)) {
		if (s->body.len > 0) {
			const char *ct = req_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);
			bool json = ct && strncasecmp(ct, "application/json", 16) == 0 &&
				    (!ct[16] || ct[16] == ';' || ct[16] == ' ');
			rq->body = s->body.p;
			rq->body_len = s->body.len;
			/* an upload of another type is handed over as it is: its handler judges it; a
			 * form route judges every body itself, so that it answers in its own words */
			if (!json && (((r->flags & ROUTE_BIG_BODY) && ct) || (r->flags & ROUTE_FORM_BODY))) {
				rq->json = json_object();
				return r->handler(cx, rq, rs);
			}
			if (!json)
				return err_set(&cx->err, ERR_MEDIA_TYPE);
			rq->json = json_parse_body(rq->body, rq->body_len, &cx->err);
			if (!rq->json)
				return -1;
		} else {
			rq->json = json_object();
		}
	}
	return r->handler(cx, rq, rs);
}

static bool proxy_trusted(const char *ip)
{
	size_t n = strlen(ip);
	for (const char *p = opts.trusted_proxies; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		if ((size_t)(e - p) == n && strncmp(p, ip, n) == 0)
			return true;
		p = e;
	}
	return false;
}

static void ctx_init(struct ctx *cx, struct rstate *s, struct MHD_Connection *c)
{
	memset(cx, 0, sizeof *cx);
	cx->a = s->a;
	cx->now = clock_now();
	cx->lang = lang_from_header(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
								 MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "";
	if (ci && ci->client_addr) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, ip, sizeof ip);
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, ip, sizeof ip);
	}
	cx->ip = arena_strdup(s->a, ip);
	/* Behind a trusted reverse proxy the client is the last address the proxy appended. */
	const char *xff = opts.trusted_proxies && ip[0] && proxy_trusted(ip)
		? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
	if (xff) {
		const char *last = strrchr(xff, ',');
		char cand[INET6_ADDRSTRLEN];
		snprintf(cand, sizeof cand, "%s", last ? last + 1 : xff);
		char *t = cand;
		while (*t == ' ')
			t++;
		for (char *e = t + strlen(t); e > t && e[-1] == ' ';)
			*--e = '\0';
		unsigned char bin[16];
		if (inet_pton(AF_INET, t, bin) == 1 || inet_pton(AF_INET6, t, bin) == 1)
			cx->ip = arena_strdup(s->a, t);
	}
	const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
	/* kept to 256 bytes, cut between characters: stored, it must stay UTF-8 */
	cx->user_agent = ua && utf8_valid(ua, strlen(ua)) ? arena_strndup(s->a, ua, utf8_prefix(ua, 256))
							   : NULL;
}

static enum MHD_Result handle(struct MHD_Connection *c, struct rstate *s, const char *url,
			      const char *method)
{
	struct ctx cx;
	struct req rq = {.method = method, .path = url, .conn = c};
	struct resp rs = {0};
	ctx_init(&cx, s, c);

	size_t nargs = 0;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, count_arg, &nargs);
	if (nargs > HTTP_MAX_ARGS || strlen(url) > HTTP_MAX_URL) {
		err_setf(&cx.err, ERR_URI_TOO_LONG, "%zu query parameters", nargs);
		resp_error(&cx, &rs);
		return send_resp(c, s, &rs);
	}
	bool bad_arg = false;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_arg, &bad_arg);
	bool api = strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0;
	if (!utf8_valid(url, strlen(url)) || bad_arg) {
		err_setf(&cx.err, ERR_BAD_REQUEST, "invalid UTF-8 in the URL");
		resp_error(&cx, &rs);
		return send_resp(c, s, &rs);
	}
	if (!api && opts.static_dir && (!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
		struct MHD_Response *r = NULL;
		int status = 0;
		if (http_static(opts.static_dir, &cx, &rq, &r, &status) > 0) {
			add_security_headers(r, NULL);
			s->status = status;
			enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
			MHD_destroy_response(r);
			return ret;
		}
	}
	bool mismatch = s->mismatch;
	const struct route *route = s->route;
	rq.nparams = s->nparams;
	memcpy(rq.params, s->params, sizeof rq.params);
	if (!route) {
		err_set(&cx.err, mismatch ? ERR_METHOD : ERR_NOT_FOUND);
		resp_error(&cx, &rs);
		if (mismatch)
			resp_header(&rs, "Allow", http_allowed_methods(s->a, url));
		return send_resp(c, s, &rs);
	}
	cx.db = thread_db();
	int rc;
	if (!cx.db)
		rc = err_setf(&cx.err, ERR_UNAVAILABLE, "no database connection");
	else
		rc = dispatch(&cx, &rq, &rs, route, s);
	if (rc < 0) {
		if (cx.db)
			store_rollback(cx.db);   /* a handler that failed mid-transaction leaves nothing */
		if (err_http_status(cx.err.code) >= 500)
			log_error("%s %s: %s", method, url, cx.err.detail[0] ? cx.err.detail : "error");
		resp_error(&cx, &rs);
	} else if (rs.status == 0) {
		rs.status = 204;
	}
	if (rq.json)
		json_decref(rq.json);
	return send_resp(c, s, &rs);
}

static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		++*(int *)cls;
	return MHD_YES;
}

/* Answer before the body is read (libmicrohttpd then closes the connection). */
static enum MHD_Result answer_now(struct MHD_Connection *c, struct rstate *s, enum err_code code)
{
	struct resp rs = {0};
	struct ctx cx;
	ctx_init(&cx, s, c);
	err_set(&cx.err, code);
	if (code == ERR_UNAVAILABLE) {
		cx.err.retry_after = 5;
		log_warn("http: request bodies hold %zu bytes, the most body_memory_limit allows: "
			 "answering 503", guard_body_bytes());
	}
	resp_error(&cx, &rs);
	return send_resp(c, s, &rs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct rstate *s = *con_cls;
	if (!s) {
		guard_head_done(c);   /* the head is in: its deadline no longer applies */
		struct arena *a = arena_new();
		s = arena_alloc(a, sizeof *s);
		s->a = a;
		clock_gettime(CLOCK_MONOTONIC, &s->t0);
		s->method = arena_strdup(a, method);
		s->url = arena_strdup(a, url);
		s->limit = opts.body_limit;
		const struct route *r = http_match(a, method, url, s->params, &s->nparams, &s->mismatch);
		s->route = r;
		if (r && (r->flags & ROUTE_BIG_BODY))
			s->limit = opts.upload_limit;
		const size_t *own = r ? http_route_own_limit(r) : NULL;
		if (own && *own)
			s->limit = *own;
		if (r && (r->flags & ROUTE_SMALL_BODY) && s->limit > HTTP_SMALL_BODY)
			s->limit = HTTP_SMALL_BODY;
		*con_cls = s;
		atomic_fetch_add(&in_flight, 1);
		int ncl = 0;
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &ncl);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
		unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
		if (declared > s->limit)
			s->too_large = true;
		enum err_code early = ERR_NONE;
		if (ncl > 1 || (cl && te))   /* two lengths, or a length and chunks: a smuggling try */
			early = ERR_BAD_REQUEST;
		else if (declared > s->limit * 16)   /* far beyond the limit: not worth reading */
			early = ERR_TOO_LARGE;
		/* memory is taken as bytes arrive, not as they are announced; with every body together
		 * at the memory cap, this one is read and dropped, and the answer is 503 (answered at
		 * once, the client could lose the answer in the reset of the bytes it is still sending) */
		else if (declared && !s->too_large &&
			 !body_add(&s->body, "", 0, declared < 16384 ? (size_t)declared : 16384))
			s->busy = true;
		if (early)
			return answer_now(c, s, early);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (s->status) {
			*upload_data_size = 0;   /* answered already: the rest is dropped */
			return MHD_YES;
		}
		if (s->busy) {
			/* dropped: the answer is 503 at the end */
		} else if (!s->too_large && s->body.len + *upload_data_size <= s->limit) {
			if (!body_add(&s->body, upload_data, *upload_data_size, 0)) {
				s->busy = true;   /* what it held goes back at once */
				body_free(&s->body);
			}
		} else {
			s->too_large = true;   /* keep reading, drop the bytes, answer 413 at the end */
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (s->status)
		return MHD_YES;   /* already answered */
	if (s->busy)
		return answer_now(c, s, ERR_UNAVAILABLE);
	return handle(c, s, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct rstate *s = *con_cls;
	if (!s)
		return;
	if (opts.access_log) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - s->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - s->t0.tv_nsec) / 1e6;
		/* the path only (query strings may carry personal data), at most 256 bytes of it */
		log_access("access %.16s %.*s %d %zu %.1fms%s", s->method,
			   (int)utf8_prefix(s->url, 256), s->url, s->status, s->bytes, ms,
			   toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	body_free(&s->body);
	arena_free(s->a);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
	guard_request_done(c);   /* the next request's head has a deadline from now */
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64] = "127.0.0.1";
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	size_t hl = (size_t)(colon - listen);
	if (hl >= sizeof host)
		return -1;
	if (hl > 0) {
		memcpy(host, listen, hl);
		host[hl] = '\0';
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[') {
		size_t n = strlen(host);
		if (n < 3 || host[n - 1] != ']')
			return -1;
		host[n - 1] = '\0';
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		*len = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (strcmp(host, "*") == 0 || strcmp(host, "0.0.0.0") == 0)
			a4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return -1;
		*len = sizeof *a4;
	}
	return 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(msg, sizeof msg, fmt, ap);
#pragma GCC diagnostic pop
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

int http_start(const struct http_opts *o)
{
	opts = *o;
	if (!opts.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		opts.threads = n > 0 ? (unsigned)n : 2;
	}
	pthread_key_create(&db_key, close_db);
	struct sockaddr_storage ss;
	socklen_t sl;
	if (parse_listen(opts.listen, &ss, &sl) < 0) {
		log_error("cannot understand the listen address '%s' (use HOST:PORT)", opts.listen);
		return -1;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct guard_opts go = {.per_address = opts.per_address, .head_timeout = opts.head_timeout,
				.idle_timeout = opts.timeout ? opts.timeout : 30,
				.body_budget = opts.body_budget, .exempt = proxy_trusted};
	if (guard_start(&go) < 0)
		return -1;
	daemon_ = MHD_start_daemon(flags, 0, guard_accept, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, guard_notify, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, opts.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, opts.timeout ? opts.timeout : 30u,
		MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		/* no SO_REUSEPORT: a second server on a busy address must fail, not share it */
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (!daemon_) {
		guard_stop();
		log_error("cannot listen on %s: the address is in use (is linli already running?) or "
			  "is not an address of this machine", opts.listen);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : 0;
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
		snprintf(bound, sizeof bound, "[%s]:%u", host, port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
		snprintf(bound, sizeof bound, "%s:%u", host, port);
	}
	return 0;
}

void http_stop(unsigned grace)
{
	if (!daemon_)
		return;
	MHD_socket ls = MHD_quiesce_daemon(daemon_);   /* no new connections from here on */
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&in_flight) > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= (time_t)grace) {
			log_warn("shutdown: %d requests still running after %us; closing them",
				 atomic_load(&in_flight), grace);
			break;
		}
		usleep(10000);
	}
	MHD_stop_daemon(daemon_);   /* joins the pool threads; their database connections close */
	guard_stop();
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	daemon_ = NULL;
	pthread_key_delete(db_key);
}
