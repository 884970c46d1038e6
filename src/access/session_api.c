/* HTTP <-> struct for the session and one's own account. */
#include <string.h>

#include "access/access.h"
#include "access/access_api.h"
#include "access/sessions.h"
#include "base/json.h"
#include "http/http.h"

static json_t *me_json(struct ctx *cx, const struct user *u, const char *csrf)
{
	json_t *perms = json_array();
	for (int p = 0; p < PERM__COUNT; p++)
		if (access_role_has(u->role, (enum perm)p))
			json_array_append_new(perms, json_string(perm_name((enum perm)p)));
	(void)cx;
	return json_pack("{s:o, s:s*, s:o}", "user", user_json(u), "csrf_token", csrf,
			 "permissions", perms);
}

static const char *cookie(struct ctx *cx, const char *value, int64_t max_age)
{
	return arena_printf(cx->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
			    http_cookie_secure() ? SESSION_COOKIE_SECURE : SESSION_COOKIE, value,
			    (long long)max_age,
			    http_cookie_secure() ? "; Secure" : "");
}

static int login(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"username", "password", NULL};
	const char *username = NULL, *password = NULL;
	json_only_fields(rq->json, allowed, &cx->err);
	jf_str(rq->json, "username", JF_REQUIRED, 1, 64, &username, &cx->err);
	jf_str(rq->json, "password", JF_REQUIRED, 1, 1024, &password, &cx->err);
	if (cx->err.code)
		return -1;
	struct session_out *s = arena_alloc(cx->a, sizeof *s);
	if (sessions_login(cx, username, password, s) < 0)
		return -1;
	resp_header(rs, "Set-Cookie", cookie(cx, s->token, s->expires_at - cx->now));
	resp_json(rs, 200, me_json(cx, &s->user, s->csrf));
	return 0;
}

static int whoami(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct user u;
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = accounts_find(cx, cx->actor.username, &u, NULL);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_UNAUTHENTICATED);
	resp_json(rs, 200, me_json(cx, &u, cx->actor.csrf_token));
	return 0;
}

static int logout(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	if (sessions_logout(cx) < 0)
		return -1;
	resp_header(rs, "Set-Cookie", cookie(cx, "", 0));
	rs->status = 204;
	return 0;
}

static int change_password(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"current_password", "password", NULL};
	const char *cur = NULL, *pw = NULL;
	json_only_fields(rq->json, allowed, &cx->err);
	jf_str(rq->json, "current_password", JF_REQUIRED, 1, 1024, &cur, &cx->err);
	jf_str(rq->json, "password", JF_REQUIRED, 1, 1024, &pw, &cx->err);
	if (cx->err.code || accounts_change_own_password(cx, cur, pw) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

static const struct route routes[] = {
	{"POST", "/api/v1/session", login, ROUTE_PUBLIC | ROUTE_SMALL_BODY},
	{"GET", "/api/v1/session", whoami, 0},
	{"DELETE", "/api/v1/session", logout, 0},
	{"PUT", "/api/v1/me/password", change_password, 0},
};

void session_api_register(void);
void session_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
