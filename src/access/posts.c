/* Posts at units, and GET /api/v1/units/{id}/staff: who serves a unit, in which post. */
#include "access/posts.h"

#include <string.h>

#include "access/access.h"
#include "base/json.h"
#include "http/http.h"
#include "org/org.h"

static const char *const posts[] = {"secretary", "committee_member", "staff", "grid_leader",
				    "grid_worker_full", "grid_worker_part", NULL};

bool post_valid(const char *post)
{
	for (int i = 0; post && posts[i]; i++)
		if (strcmp(post, posts[i]) == 0)
			return true;
	return false;
}

int posts_read(struct ctx *cx, json_t *body, const int64_t *units, size_t n, const char ***out)
{
	struct err *e = &cx->err;
	json_t *a = json_object_get(body, "unit_posts");
	*out = NULL;
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > 64)
		return err_field(e, "unit_posts", json_is_array(a) ? "too_large" : "type_array", 64);
	const char **p = arena_alloc(cx->a, (n ? n : 1) * sizeof *p);
	memset(p, 0, (n ? n : 1) * sizeof *p);
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		const char *field = arena_printf(cx->a, "unit_posts[%zu]", i);
		json_t *uid = json_object_get(v, "unit_id"), *post = json_object_get(v, "post");
		if (!json_is_object(v) || !json_is_integer(uid) || json_object_size(v) != 2 ||
		    !json_is_string(post))
			return err_field(e, field, "invalid", 0);
		if (!post_valid(json_string_value(post)))
			return err_field(e, arena_printf(cx->a, "%s.post", field), "post_unknown", 0);
		size_t k = 0;
		while (k < n && units[k] != json_integer_value(uid))
			k++;
		if (k == n)
			return err_field(e, arena_printf(cx->a, "%s.unit_id", field), "post_unit", 0);
		p[k] = arena_strdup(cx->a, json_string_value(post));
	}
	*out = p;
	return 1;
}

int posts_write(struct ctx *cx, int64_t user_id, const int64_t *units, size_t n,
		const char *const *p)
{
	if (!p)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct store_stmt *st = store_prepare(cx->db,
			"UPDATE user_units SET post = ? WHERE user_id = ? AND unit_id = ?");
		if (!st)
			return ctx_store_error(cx);
		store_bind_text(st, 1, p[i]);
		store_bind_int64(st, 2, user_id);
		store_bind_int64(st, 3, units[i]);
		int rc = store_step(st);
		store_reset(st);
		if (rc != STORE_DONE)
			return ctx_store_error(cx);
	}
	return 0;
}

int posts_load(struct ctx *cx, int64_t user_id, const int64_t *units, size_t n, const char ***out)
{
	const char **p = arena_alloc(cx->a, (n ? n : 1) * sizeof *p);
	memset(p, 0, (n ? n : 1) * sizeof *p);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT unit_id, post FROM user_units WHERE user_id = ? AND post IS NOT NULL");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t uid = store_col_int64(st, 0);
		for (size_t i = 0; i < n; i++)
			if (units[i] == uid)
				p[i] = arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	*out = p;
	return 0;
}

/* Who serves the unit itself (not those below it), with their posts: users.read within the
 * unit's scope, or units.read for the names and posts alone? Names of staff are what a grid
 * page shows every worker; so units.read, in scope. */
static int staff(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct org_unit u;
	if (id < 0 || org_unit_get(cx, id, &u) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT us.id, us.display_name, us.role, uu.post FROM user_units uu "
		"JOIN users us ON us.id = uu.user_id WHERE uu.unit_id = ? AND us.locked = 0 "
		"ORDER BY CASE uu.post WHEN 'secretary' THEN 1 WHEN 'committee_member' THEN 2 "
		"WHEN 'grid_leader' THEN 3 WHEN 'grid_worker_full' THEN 4 WHEN 'grid_worker_part' THEN 5 "
		"WHEN 'staff' THEN 6 ELSE 7 END, us.id LIMIT 500");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	json_t *items = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o}", "user_id",
			(json_int_t)store_col_int64(st, 0), "display_name", store_col_text(st, 1),
			"role", store_col_text(st, 2), "post", store_col_is_null(st, 3) ? json_null()
			: json_string(store_col_text(st, 3))));
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(items);
		return ctx_store_error(cx);
	}
	resp_list(rs, items, 0);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/units/{id}/staff", staff, 0},
};

void posts_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
