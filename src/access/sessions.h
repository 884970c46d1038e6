/* sessions and API tokens: who is making a request. Both are random 256-bit secrets of which
 * only a hash is stored; sessions also carry a CSRF token and expire when idle and absolutely. */
#ifndef LINLI_SESSIONS_H
#define LINLI_SESSIONS_H

#include <jansson.h>
#include <stdint.h>

#include "access/accounts.h"
#include "base/ctx.h"
#include "base/crypto.h"

#define SESSION_COOKIE "linli_session"
/* With cookie_secure (behind TLS) the cookie carries the __Host- prefix: browsers then take it
 * only over HTTPS, for the whole site, never set by a subdomain. */
#define SESSION_COOKIE_SECURE "__Host-linli_session"
#define TOKEN_PREFIX "lnl_"

struct session_out {
	char token[CRYPTO_TOKEN_LEN + 8];
	char csrf[CRYPTO_TOKEN_LEN + 8];
	int64_t expires_at;
	struct user user;
};

/* Log in: checks the password and the locks, creates a session, audits. */
int sessions_login(struct ctx *cx, const char *username, const char *password,
		   struct session_out *out);
/* Set cx->actor from a session cookie value or a bearer token. 0 when valid; -1 with
 * ERR_UNAUTHENTICATED otherwise. */
int sessions_authenticate_cookie(struct ctx *cx, const char *token);
int sessions_authenticate_bearer(struct ctx *cx, const char *token);
int sessions_logout(struct ctx *cx);
/* Drop sessions past their expiry and stale failed-login rows; returns rows removed or -1. */
int64_t sessions_purge(struct store *db, int64_t now);

struct api_token {
	int64_t id, user_id, created_at, last_used_at, revoked_at;
	const char *name, *username;
};

/* Create a token for user_id (0: the actor). `secret` receives the token, shown once. */
int tokens_create(struct ctx *cx, const char *name, int64_t user_id, struct api_token *out,
		  char secret[CRYPTO_TOKEN_LEN + 8]);
int tokens_list(struct ctx *cx, struct api_token **items, size_t *n);
int tokens_get(struct ctx *cx, int64_t id, struct api_token *out);
int tokens_revoke(struct ctx *cx, int64_t id);
json_t *token_json(const struct api_token *t);

#endif
