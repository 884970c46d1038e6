/* The pieces the files of the points feature share. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "org/org.h"
#include "points/internal.h"

int pt_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *lim = &points_limits[l];
	return jf_str(o, name, flags, (size_t)lim->min, (size_t)lim->max, out, e);
}

int pt_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e)
{
	const struct limit *lim = &points_limits[l];
	return jf_int(o, name, flags, lim->min, lim->max, out, e);
}


bool pt_sees(const struct ctx *cx, const char *unit_path, int64_t user_id)
{
	if (access_is_global(cx))
		return true;
	if (user_id && user_id == cx->actor.user_id)
		return true;
	return access_role_has(cx->actor.role, PERM_POINTS_READ) && unit_path &&
	       access_path_in_scope(cx, unit_path);
}

int pt_may_keep(struct ctx *cx, const char *unit_path)
{
	const char *paths[1] = {unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, PERM_POINTS_WRITE, &t);
}

void pt_bind_sees(const struct ctx *cx, struct store_stmt *st, int idx)
{
	store_bind_int64(st, idx, access_is_global(cx) ? 1 : 0);
	store_bind_int64(st, idx + 1, cx->actor.user_id ? cx->actor.user_id : -1);
	store_bind_int64(st, idx + 2, access_role_has(cx->actor.role, PERM_POINTS_READ) ? 1 : 0);
	store_bind_int64(st, idx + 3, cx->actor.user_id);
}

int pt_unit(struct ctx *cx, int64_t unit_id, const char **path, int64_t *street, int64_t *community)
{
	struct org_unit u;
	int r = org_unit_by_id(cx, unit_id, &u);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	if (path)
		*path = u.path;
	if (street)
		*street = u.anchor[ORG_ANCHOR_STREET];
	if (community)
		*community = u.anchor[ORG_ANCHOR_COMMUNITY];
	return 0;
}

int pt_config_get(struct ctx *cx, struct pt_config *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT expiry_enabled, expiry_day, pickup_days, time_overdraft, updated_at, version"
		" FROM points_config WHERE id = 1");
	if (!st)
		return ctx_store_error(cx);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		out->expiry_enabled = store_col_int64(st, 0) != 0;
		out->expiry_day = store_col_int64(st, 1);
		out->pickup_days = store_col_int64(st, 2);
		out->time_overdraft = store_col_int64(st, 3);
		out->updated_at = store_col_int64(st, 4);
		out->version = store_col_int64(st, 5);
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return rc == STORE_ERR ? ctx_store_error(cx) : err_set(&cx->err, ERR_INTERNAL);
	return 0;
}

int pt_page(struct ctx *cx, struct store_stmt *st, int limit, json_t *(*row)(struct store_stmt *),
		   json_t **items, int64_t *next)
{
	*items = json_array();
	*next = 0;
	int rc, n = 0;
	int64_t last = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (n == limit) {
			*next = last;
			break;
		}
		last = store_col_int64(st, 0);
		json_array_append_new(*items, row(st));
		n++;
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(*items);
		return ctx_store_error(cx);
	}
	return 0;
}
