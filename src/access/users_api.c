/* HTTP <-> struct for user accounts. */
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/limits.h"
#include "access/posts.h"
#include "base/json.h"
#include "http/http.h"

static int list(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct user_filter f = {0};
	const char *role = NULL;
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_str(cx, rq, "q", 64, &f.q);
	if (query_str(cx, rq, "role", 32, &role) > 0 && (f.role = role_parse(role)) == ROLE_NONE)
		err_field(&cx->err, "role", "role_unknown", 0);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	if (cx->err.code)
		return -1;
	struct user *items;
	size_t n;
	int64_t next;
	if (accounts_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	RESP_LIST(rs, items, n, next, user_json);
	return 0;
}

static int create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"username", "display_name", "password", "role",
					      "unit_ids", "unit_posts", NULL};
	struct user_in in = {0};
	const char *role = NULL;
	struct err *e = &cx->err;
	json_only_fields(rq->json, allowed, e);
	jf_str(rq->json, "username", JF_REQUIRED, 1, 64, &in.username, e);
	jf_str(rq->json, "display_name", 0, (size_t)access_limits[L_DISPLAY_NAME].min,
	       (size_t)access_limits[L_DISPLAY_NAME].max, &in.display_name, e);
	jf_str(rq->json, "password", JF_REQUIRED, 1, 1024, &in.password, e);
	if (jf_str(rq->json, "role", JF_REQUIRED, 1, 32, &role, e) > 0 &&
	    (in.role = role_parse(role)) == ROLE_NONE)
		err_field(e, "role", "role_unknown", 0);
	jf_int_array(rq->json, "unit_ids", 0, 64, 1, INT64_MAX, cx->a, &in.unit_ids, &in.nunits, e);
	const char **posts = NULL;
	if (!e->code && posts_read(cx, rq->json, in.unit_ids, in.nunits, &posts) > 0)
		in.posts = posts;
	if (e->code) {
		/* the permission comes first: no verdict on fields for someone who may not create */
		struct err fields = *e;
		err_clear(e);
		if (access_require(cx, PERM_USERS_WRITE, NULL) < 0)
			return -1;
		*e = fields;   /* and the rules' verdicts on the other fields in the same answer */
		accounts_validate_new(cx, &in);
		return -1;
	}
	struct user u;
	if (accounts_create(cx, &in, &u) < 0)
		return -1;
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/users/%lld", (long long)u.id));
	resp_json(rs, 201, user_json(&u));
	return 0;
}

static int get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct user u;
	if (id < 0 || accounts_get(cx, id, &u) < 0)
		return -1;
	resp_json(rs, 200, user_json(&u));
	return 0;
}

static int update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct user u;
	if (id < 0 || accounts_update(cx, id, rq->json, &u) < 0)
		return -1;
	resp_json(rs, 200, user_json(&u));
	return 0;
}

static int no_fields(struct ctx *cx, struct req *rq)
{
	static const char *const none[] = {NULL};
	return json_only_fields(rq->json, none, &cx->err);
}

static int set_lock(struct ctx *cx, struct req *rq, struct resp *rs, bool lock)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct user u;
	if (id < 0 || no_fields(cx, rq) < 0 || accounts_set_locked(cx, id, lock, &u) < 0)
		return -1;
	resp_json(rs, 200, user_json(&u));
	return 0;
}

static int lock(struct ctx *cx, struct req *rq, struct resp *rs) { return set_lock(cx, rq, rs, true); }
static int unlock(struct ctx *cx, struct req *rq, struct resp *rs) { return set_lock(cx, rq, rs, false); }

static int password(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"password", NULL};
	int64_t id = req_param_id(cx, rq, 0);
	const char *pw = NULL;
	if (id < 0)
		return -1;
	json_only_fields(rq->json, allowed, &cx->err);
	jf_str(rq->json, "password", JF_REQUIRED, 1, 1024, &pw, &cx->err);
	struct user u;
	if (cx->err.code || accounts_set_password(cx, id, pw, &u) < 0)
		return -1;
	resp_json(rs, 200, user_json(&u));
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/users", list, 0},
	{"POST", "/api/v1/users", create, 0},
	{"GET", "/api/v1/users/{id}", get, 0},
	{"PATCH", "/api/v1/users/{id}", update, 0},
	{"POST", "/api/v1/users/{id}/lock", lock, 0},
	{"POST", "/api/v1/users/{id}/unlock", unlock, 0},
	{"POST", "/api/v1/users/{id}/password", password, 0},
};

void users_api_register(void);
void users_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
