/* ctx: what every service function gets: the request's arena, this thread's database
 * connection, who is acting, the clock, the language, and the error. */
#ifndef LINLI_CTX_H
#define LINLI_CTX_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct actor {
	int64_t user_id;          /* 0: nobody is logged in */
	int system;               /* the command line acting for the operator: every permission */
	const char *username;
	int role;                 /* enum role (access/access.h) */
	int64_t session_id;       /* set when authenticated by the session cookie */
	int64_t token_id;         /* set when authenticated by a bearer token */
	const char *csrf_token;   /* of the session */
	size_t nunits;            /* the org units the actor is assigned to */
	int64_t *unit_ids;
	const char **unit_paths;  /* their materialised paths ('/1/4/') */
};

struct ctx {
	struct arena *a;
	struct store *db;
	struct actor actor;
	int64_t now;
	enum lang lang;
	struct err err;
	const char *ip;
	const char *user_agent;
};

/* A transaction around a service call: begin, then commit on success or roll back on failure.
 * They translate store errors into cx->err (busy → 503, unique → 409, else 500). */
int ctx_begin(struct ctx *cx);
int ctx_commit(struct ctx *cx);
void ctx_rollback(struct ctx *cx);
/* Map the store's last error into cx->err; returns -1. */
int ctx_store_error(struct ctx *cx);

#endif
