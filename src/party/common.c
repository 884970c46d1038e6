/* party's helpers: writes, visibility, dates. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/date.h"
#include "base/json.h"
#include "party/party_int.h"

int party_serves_at(struct ctx *cx, int64_t party_unit_id, bool *out)
{
	int64_t n = 0;
	*out = false;
	if (!cx->actor.user_id)
		return 0;
	if (store_query_int64(cx->db,
			      "SELECT COUNT(*) FROM party_members WHERE party_unit_id = ? AND user_id = ? "
			      "AND until IS NULL", &n, 2, party_unit_id, cx->actor.user_id) < 0)
		return ctx_store_error(cx);
	*out = n > 0;
	return 0;
}

int party_unit_readable(struct ctx *cx, int64_t id, struct party_unit *out, bool *in_scope)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = party_unit_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	*in_scope = (cx->actor.system || access_role_has(cx->actor.role, PERM_PARTY_READ)) &&
		    access_path_in_scope(cx, out->unit_path);
	if (*in_scope)
		return 0;
	bool serves;
	if (party_serves_at(cx, id, &serves) < 0)
		return -1;
	if (serves)
		return 0;
	if (access_require(cx, PERM_PARTY_READ, NULL) < 0)
		return -1;
	return err_set(&cx->err, ERR_NOT_FOUND);
}

int party_unit_writable(struct ctx *cx, int64_t id, struct party_unit *out)
{
	if (access_require(cx, PERM_PARTY_WRITE, NULL) < 0)
		return -1;
	int f = party_unit_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, PERM_PARTY_WRITE, &t);
}

int party_today(const struct ctx *cx) { return date_of_time(cx->now); }

int party_date_parse(const char *s)
{
	int d = date_parse(s);
	return d >= 19000101 ? d : 0;
}

json_t *party_date_json(int ymd)
{
	if (!ymd)
		return json_null();
	char b[16];
	date_format(ymd, b, sizeof b);
	return json_string(b);
}

int party_jf_date(struct ctx *cx, json_t *obj, const char *name, int dflt, int min, int *out)
{
	const char *s = NULL;
	*out = dflt;
	int f = jf_str(obj, name, JF_NULLABLE, 1, 10, &s, &cx->err);
	if (f <= 0 || !s)
		return f < 0 ? -1 : 0;
	int ymd = party_date_parse(s);
	if (!ymd)
		return err_field(&cx->err, name, "party_date", 0);
	if (ymd > party_today(cx))
		return err_field(&cx->err, name, "party_date_future", 0);
	if (min && ymd < min)
		return err_field(&cx->err, name, "party_date_before_since", 0);
	*out = ymd;
	return 1;
}
