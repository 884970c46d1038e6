/* http: the server (libmicrohttpd), the router, requests and responses, static files.
 * It knows nothing of features: they register routes; authentication is a hook. */
#ifndef LINLI_HTTP_H
#define LINLI_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct MHD_Connection;

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 8

struct req {
	const char *method;
	const char *path;
	const char *params[HTTP_MAX_PARAMS];  /* the {captures} of the route, in order */
	size_t nparams;
	const char *body;
	size_t body_len;
	json_t *json;                         /* the parsed body of a write, {} when empty */
	struct MHD_Connection *conn;
};

struct resp {
	int status;
	const char *content_type;
	const char *body;
	size_t len;
	json_t *json;                         /* when set, serialised as the body (owned) */
	struct { const char *name, *value; } headers[HTTP_MAX_HEADERS];
	int nheaders;
};

const char *req_header(struct req *rq, const char *name);
const char *req_query(struct req *rq, const char *name);
const char *req_cookie(struct req *rq, const char *name);
/* Route parameter i as a positive id; -1 with a 404 in cx->err when it is not one. */
int64_t req_param_id(struct ctx *cx, struct req *rq, size_t i);

/* Query readers: 1 present and valid, 0 absent, -1 error recorded under the parameter's name. */
int query_int(struct ctx *cx, struct req *rq, const char *name, int64_t min, int64_t max,
	      int64_t *out);
int query_str(struct ctx *cx, struct req *rq, const char *name, size_t maxlen, const char **out);
int query_time(struct ctx *cx, struct req *rq, const char *name, int64_t *out);
/* The standard paging parameters: limit (1..200, default 50) and cursor (an id). */
int query_paging(struct ctx *cx, struct req *rq, int *limit, int64_t *cursor);

/* Set the response: `body` is stolen. */
void resp_json(struct resp *rs, int status, json_t *body);
/* A list page: {"items": items, "next_cursor": "<id>" | null}; items stolen. */
void resp_list(struct resp *rs, json_t *items, int64_t next_cursor);
/* The same from an array of n structs, each turned into an object by to_json(&items[i]). */
#define RESP_LIST(rs, items, n, next_cursor, to_json)                              \
	do {                                                                       \
		json_t *arr_ = json_array();                                       \
		for (size_t i_ = 0; i_ < (n); i_++)                                \
			json_array_append_new(arr_, to_json(&(items)[i_]));        \
		resp_list((rs), arr_, (next_cursor));                              \
	} while (0)
/* The same written straight out, for the hottest lists: begin, write each item into the
 * writer, end. `reserve` is a guess of the bytes, so that the page is not copied as it grows. */
struct jw;
void resp_list_begin(struct ctx *cx, struct jw *w, size_t reserve);
void resp_list_end(struct ctx *cx, struct jw *w, struct resp *rs, int64_t next_cursor);
/* A body that is already JSON text (kept by pointer: arena memory). */
void resp_raw_json(struct resp *rs, int status, const char *json, size_t len);
/* A header the handler sets replaces the server's default of the same name (the security
 * headers, Cache-Control): a file served as it is gets its own Content-Security-Policy. */
void resp_header(struct resp *rs, const char *name, const char *value);
/* Turn cx->err into the error response. */
void resp_error(struct ctx *cx, struct resp *rs);
/* multipart/form-data (RFC 7578), read by libmicrohttpd's post processor from the body of a
 * route flagged ROUTE_BIG_BODY. Each part in the order sent; data is on the arena, with a NUL
 * after its len bytes. filename is NULL for a part that is not a file; content_type is what the
 * client declared, NULL when none: neither says what the bytes are. */
struct http_part {
	const char *name, *filename, *content_type;
	const char *data;
	size_t len;
};
struct http_form_limits {
	size_t parts;          /* parts at most */
	size_t field_bytes;    /* a part that is not a file: bytes at most */
	size_t file_bytes;     /* a file: bytes at most */
};
/* 0 with the parts; -1 with cx->err: 415 when the body is not multipart/form-data with a
 * boundary, 400 when it is malformed or incomplete (field "body") or holds more than
 * lim->parts parts, 413 on a file's field when it is over lim->file_bytes (file_too_large, in
 * MB), 422 on a field over lim->field_bytes (too_long). */
int http_multipart(struct ctx *cx, struct req *rq, const struct http_form_limits *lim,
		   struct http_part **parts, size_t *n);

typedef int (*http_handler)(struct ctx *cx, struct req *rq, struct resp *rs);

enum {
	ROUTE_PUBLIC = 1,        /* no login needed */
	ROUTE_BIG_BODY = 2,      /* allows up to http_opts.upload_limit instead of body_limit; a
				  * body of a type other than JSON reaches the handler as it is */
	ROUTE_SMALL_BODY = 4,    /* allows HTTP_SMALL_BODY bytes: a login, a short form */
	ROUTE_FORM_BODY = 8,     /* a body that is not JSON reaches the handler as it is (rq->json
				  * {}): its handler judges the type and parses a form (base/form.h) */
};
enum {
	HTTP_SMALL_BODY = 8192,
};

struct route {
	const char *method;
	const char *pattern;     /* "/api/v1/users/{id}/lock" */
	http_handler handler;
	unsigned flags;
};

/* Register a table of routes (kept by pointer, so static). */
void http_routes(const struct route *routes, size_t n);
/* A route's own body limit instead of its flags': *limit is read at each request (a feature's
 * setting, which may be set after the routes are registered; 0 keeps the flags' limit). Call at
 * start, before any thread, with a route of a table registered (kept by pointer). */
void http_route_limit(const struct route *r, const size_t *limit);
/* The limit registered for a route, or NULL. */
const size_t *http_route_own_limit(const struct route *r);
/* Match a path; NULL when none. *method_mismatch is set when the path matches with another
 * method. params receive pointers into the arena. */
const struct route *http_match(struct arena *a, const char *method, const char *path,
			       const char **params, size_t *nparams, bool *method_mismatch);

/* "GET, HEAD, PATCH": the methods a path has, for the Allow header of a 405. */
const char *http_allowed_methods(struct arena *a, const char *path);

struct http_hooks {
	int (*auth_cookie)(struct ctx *cx, const char *token);
	int (*auth_bearer)(struct ctx *cx, const char *token);
	const char *cookie_name;
};

struct http_opts {
	const char *listen;          /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	const char *db_url;
	const char *static_dir;      /* NULL: no web app */
	unsigned threads;            /* 0: one per core */
	size_t body_limit;           /* JSON bodies */
	size_t upload_limit;         /* routes flagged ROUTE_BIG_BODY */
	unsigned timeout;            /* seconds of idle before a connection is closed */
	unsigned head_timeout;       /* seconds a connection has to send its request head */
	unsigned per_address;        /* connections open at once from one address (0: no limit) */
	size_t body_budget;          /* bytes all pending request bodies may hold together */
	bool cookie_secure;
	bool access_log;
	const char *trusted_proxies; /* comma-separated addresses of reverse proxies, or NULL */
	struct http_hooks hooks;
};

/* Start serving on a thread pool; -1 with a message logged when the address cannot be used.
 * Call with SIGTERM, SIGINT and SIGPIPE blocked so that the pool threads inherit the mask. */
int http_start(const struct http_opts *o);
/* Stop accepting, wait for in-flight requests (at most grace_seconds), close every connection
 * and the pool threads' database connections. */
void http_stop(unsigned grace_seconds);
/* The address actually bound, e.g. "127.0.0.1:8080". */
const char *http_bound_address(void);
bool http_cookie_secure(void);

/* gzip `in` into the arena when it pays off; returns NULL otherwise. */
char *http_gzip(struct arena *a, const char *in, size_t len, size_t *out_len);

/* Static files of the web app: fills rs or returns 0 when the path is not a file. */
struct MHD_Response;
int http_static(const char *root, struct ctx *cx, struct req *rq, struct MHD_Response **out,
		int *status);

#endif
