/* The pieces the files of the honours share. */
#include <string.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "honours/internal.h"
#include "org/org.h"

int hon_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *lim = &honours_limits[l];
	int rc = jf_str(o, name, flags, 0, (size_t)lim->max, out, e);
	if (rc > 0 && utf8_count(*out) < (size_t)lim->min)
		return err_field(e, name, lim->min > 1 ? "too_short" : "required", lim->min);
	return rc;
}

int hon_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e)
{
	const struct limit *lim = &honours_limits[l];
	return jf_int(o, name, flags, lim->min, lim->max, out, e);
}

int hon_jf_date(json_t *o, const char *name, int flags, int *out, struct err *e)
{
	json_t *v = json_object_get(o, name);
	if (!v) {
		if (flags & JF_REQUIRED)
			return err_field(e, name, "required", 0);
		return 0;
	}
	int d = json_is_string(v) ? date_parse(json_string_value(v)) : 0;
	if (!d)
		return err_field(e, name, "honour_date", 0);
	*out = d;
	return 1;
}

int hon_jf_time(json_t *o, const char *name, int flags, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(o, name);
	if (!v) {
		if (flags & JF_REQUIRED)
			return err_field(e, name, "required", 0);
		return 0;
	}
	if (!json_is_string(v) || clock_parse_iso(json_string_value(v), out) < 0)
		return err_field(e, name, "honour_time", 0);
	return 1;
}

json_t *hon_date_json(int64_t date)
{
	if (!date)
		return json_null();
	char b[16];
	date_format((int)date, b, sizeof b);
	return json_string(b);
}

int hon_audit_commit(struct ctx *cx, const char *action, const char *entity, int64_t id,
		     json_t *before, json_t *after)
{
	int rc = audit_commit(cx, action, entity, id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}



bool hon_sees_community(const struct ctx *cx, const char *path)
{
	if (access_is_global(cx) || access_path_in_scope(cx, path))
		return true;
	for (size_t i = 0; i < cx->actor.nunits; i++)
		if (strncmp(cx->actor.unit_paths[i], path, strlen(path)) == 0)
			return true;
	return false;
}

int hon_community(struct ctx *cx, enum perm perm, const char *field, int64_t id,
		  struct org_unit *u)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = org_unit_by_id(cx, id, u);
	if (r < 0)
		return -1;
	bool ok = r == 1 && !u->closed_at && strcmp(u->kind, "community") == 0;
	/* the writers keep their own communities; the readers and nominators see theirs */
	if (ok)
		ok = perm == PERM_HONOURS_WRITE ? access_path_in_scope(cx, u->path)
						: hon_sees_community(cx, u->path);
	if (ok)
		return 1;
	if (!field)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return err_field(&cx->err, field, "honour_community", 0);
}

int hon_today(const struct ctx *cx) { return date_of_time(cx->now); }

int hon_query_int(struct ctx *cx, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, a);
	if (strchr(strchr(sql, '?') + 1, '?'))
		store_bind_int64(st, 2, b);
	int rc = store_step(st);
	*out = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

int hon_json_rows(struct ctx *cx, struct store_stmt *st, hon_row_fn row, json_t **out)
{
	*out = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(*out, row(cx, st));
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(*out);
		*out = NULL;
		return ctx_store_error(cx);
	}
	return 0;
}

bool hon_code_in(const char *const *codes, const char *code)
{
	for (; *codes; codes++)
		if (code && strcmp(*codes, code) == 0)
			return true;
	return false;
}

int hon_household_year_points(struct ctx *cx, int64_t household_id, int64_t community_id,
			      int64_t year, int64_t *points)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COALESCE(SUM(points), 0) FROM honour_point_awards WHERE household_id = ?"
		" AND community_id = ? AND year = ? AND reversal_id IS NULL");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, household_id);
	store_bind_int64(st, 2, community_id);
	store_bind_int64(st, 3, year);
	int rc = store_step(st);
	*points = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}
