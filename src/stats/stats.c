#include "stats/stats.h"

#include "access/access.h"
#include "base/clock.h"
#include "org/org.h"
#include "http/http.h"

static int by_day(struct ctx *cx, const char *sql, int days, int64_t unit_id, json_t *out)
{
	int64_t first_day = (cx->now + CLOCK_DISPLAY_OFFSET) / 86400 - (days - 1);
	int64_t counts[366] = {0};
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, first_day * 86400 - CLOCK_DISPLAY_OFFSET);
	access_bind_scope(cx, st, 2);
	access_bind_unit(cx, st, 4, unit_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t d = store_col_int64(st, 0) - first_day;
		if (d >= 0 && d < days)
			counts[d] = store_col_int64(st, 1);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	for (int i = 0; i < days; i++) {
		char date[16];
		clock_date((first_day + i) * 86400 - CLOCK_DISPLAY_OFFSET, date, sizeof date);
		json_array_append_new(out, json_pack("{s:s, s:I}", "date", date, "count",
						     (json_int_t)counts[i]));
	}
	return 0;
}

int stats_overview(struct ctx *cx, int days, int64_t unit_id, json_t **out)
{
	if (access_require(cx, PERM_STATS_READ, NULL) < 0)
		return -1;
	if (unit_id) {   /* the unit one acts in: within one's scope, or as if it did not exist */
		struct org_unit u;
		int f = org_unit_by_id(cx, unit_id, &u);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, u.path))
			return err_set(&cx->err, ERR_NOT_FOUND);
	}
	json_t *roles = json_object(), *logins = json_array(), *audit = json_array();
	*out = json_pack("{s:o, s:o, s:o}", "users_by_role", roles, "logins_by_day", logins,
			 "audit_by_day", audit);
	for (int r = 1; r < ROLE__COUNT; r++)
		json_object_set_new(roles, role_name(r), json_integer(0));
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT role, COUNT(*) FROM users u WHERE " ACCESS_USER_IN_SCOPE_SQL("u.id")
		" AND " ACCESS_USER_UNDER_UNIT_SQL("u.id") " GROUP BY role");
	if (!st)
		goto fail;
	access_bind_scope(cx, st, 1);
	access_bind_unit(cx, st, 3, unit_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_object_set_new(roles, store_col_text(st, 0), json_integer(store_col_int64(st, 1)));
	store_reset(st);
	if (rc == STORE_ERR)
		goto fail;
	if (by_day(cx, "SELECT (at + 28800) / 86400 AS d, COUNT(*) FROM audit_log a "
		       "WHERE at >= ? AND action = 'session.login' AND " ACCESS_USER_IN_SCOPE_SQL("a.actor_id")
		       " AND " ACCESS_USER_UNDER_UNIT_SQL("a.actor_id")
		       " GROUP BY (at + 28800) / 86400", days, unit_id, logins) < 0 ||
	    by_day(cx, "SELECT (at + 28800) / 86400 AS d, COUNT(*) FROM audit_log a "
		       "WHERE at >= ? AND " ACCESS_USER_IN_SCOPE_SQL("a.actor_id")
		       " AND " ACCESS_USER_UNDER_UNIT_SQL("a.actor_id")
		       " GROUP BY (at + 28800) / 86400", days, unit_id, audit) < 0)
		goto fail_cx;
	return 0;
fail:
	ctx_store_error(cx);
fail_cx:
	json_decref(*out);
	*out = NULL;
	return -1;
}

static int overview(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t days = 14, unit_id = 0;
	query_int(cx, rq, "days", 1, 90, &days);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit_id);
	if (cx->err.code)
		return -1;
	json_t *o;
	if (stats_overview(cx, (int)days, unit_id, &o) < 0)
		return -1;
	resp_json(rs, 200, o);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/stats/overview", overview, 0},
};

void stats_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
