/* The pieces the files of visits share. */
#include "visits/common.h"

#include <string.h>

#include "access/audit.h"
#include "base/json.h"
#include "visits/due.h"

bool visits_may(const struct ctx *cx, enum perm p)
{
	return cx->actor.system || access_role_has(cx->actor.role, p);
}

int visits_require_any(struct ctx *cx, enum perm a, enum perm b)
{
	return access_require(cx, visits_may(cx, a) || !visits_may(cx, b) ? a : b, NULL);
}

int visits_jf_date(json_t *obj, const char *name, int flags, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(obj, name);
	if (!v) {
		if (flags & JF_REQUIRED)
			return err_field(e, name, "required", 0);
		return 0;
	}
	if (json_is_null(v) && (flags & JF_NULLABLE)) {
		*out = 0;
		return 0;
	}
	if (!json_is_string(v) || !due_date_parse(json_string_value(v), out))
		return err_field(e, name, "visit_date", 0);
	return 1;
}

json_t *visits_json_date(int64_t d)
{
	if (!d)
		return json_null();
	char buf[16];
	due_date_format(d, buf, sizeof buf);
	return json_string(buf);
}

int64_t visits_today(const struct ctx *cx)
{
	return due_date_of(cx->now);
}


int visits_user(struct ctx *cx, int64_t id, const char **name, int *role)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT display_name, role FROM users WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		if (name)
			*name = arena_strdup(cx->a, store_col_text(st, 0));
		if (role)
			*role = role_parse(store_col_text(st, 1));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}
