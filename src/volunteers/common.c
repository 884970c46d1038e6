/* The pieces the files of the volunteers share. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "org/org.h"
#include "volunteers/internal.h"

int vol_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *lim = &volunteers_limits[l];
	int rc = jf_str(o, name, flags, 0, (size_t)lim->max, out, e);
	if (rc > 0 && utf8_count(*out) < (size_t)lim->min)
		return err_field(e, name, lim->min > 1 ? "too_short" : "required", lim->min);
	if (rc > 0 && l == L_COURSE_CODE)
		for (const char *p = *out; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '-'))
				return err_field(e, name, "training_code", 0);
	return rc;
}

int vol_jf_date(json_t *o, const char *name, int flags, int *out, struct err *e)
{
	json_t *v = json_object_get(o, name);
	if (!v || ((flags & JF_NULLABLE) && json_is_null(v))) {
		if (flags & JF_REQUIRED)
			return err_field(e, name, "required", 0);
		return 0;
	}
	int d = json_is_string(v) ? date_parse(json_string_value(v)) : 0;
	if (!d)
		return err_field(e, name, "volunteer_date", 0);
	*out = d;
	return 1;
}

json_t *vol_date_json(int date)
{
	if (!date)
		return json_null();
	char b[16];
	date_format(date, b, sizeof b);
	return json_string(b);
}



bool vol_path_under(const char *path, const char *top)
{
	return path && top && strncmp(path, top, strlen(top)) == 0;
}

int vol_judge_unit(struct ctx *cx, const char *field, int64_t id, const char *kinds,
		   struct org_unit *u)
{
	int r = org_unit_by_id(cx, id, u);
	if (r < 0)
		return -1;
	const char *key = kinds && strcmp(kinds, "community") == 0 ? "volunteer_unit"
								  : "volunteer_unit_scope";
	bool kind_ok = true;
	if (r == 1 && kinds) {
		size_t n = strlen(u->kind);
		const char *at = strstr(kinds, u->kind);
		kind_ok = at && (at == kinds || at[-1] == ',') && (at[n] == 0 || at[n] == ',');
	}
	if (r == 0 || u->closed_at || !kind_ok || !access_path_in_scope(cx, u->path))
		return err_field(&cx->err, field, key, 0);
	return 1;
}

int vol_judge_volunteer(struct ctx *cx, const char *field, int64_t id, struct volunteer *v)
{
	int r = volunteers_by_id(cx, id, v);
	if (r < 0)
		return -1;
	if (r == 0 || !access_path_in_scope(cx, v->unit_path))
		return err_field(&cx->err, field, "volunteer_unknown", 0);
	if (v->approval != VOLUNTEER_APPROVED)
		return err_field(&cx->err, field, "volunteer_not_approved", 0);
	return 1;
}

int vol_today(const struct ctx *cx) { return date_of_time(cx->now); }

bool vol_code_in(const char *const *codes, const char *code)
{
	for (; *codes; codes++)
		if (code && strcmp(*codes, code) == 0)
			return true;
	return false;
}

int vol_jf_codes(struct ctx *cx, json_t *o, const char *name, const char *const *codes,
		 long max, const char **out)
{
	json_t *a = json_object_get(o, name);
	if (!a)
		return 0;
	if (!json_is_array(a) || (long)json_array_size(a) > max)
		return err_field(&cx->err, name, "volunteer_code", max);
	/* in the list's order, each once */
	char buf[512] = "";
	for (const char *const *c = codes; *c; c++) {
		bool given = false;
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v) if (json_is_string(v) && strcmp(json_string_value(v), *c) == 0)
			given = true;
		if (given) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, *c);
		}
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) if (!json_is_string(v) || !vol_code_in(codes, json_string_value(v)))
		return err_field(&cx->err, name, "volunteer_code", max);
	*out = arena_strdup(cx->a, buf);
	return 1;
}

json_t *vol_codes_json(const char *list)
{
	json_t *a = json_array();
	while (list && *list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		json_array_append_new(a, json_stringn(list, len));
		list = end ? end + 1 : list + len;
	}
	return a;
}

int vol_write_version(struct ctx *cx, struct store_stmt *st, const char *field, const char *key)
{
	int64_t changed = 0;
	if (ctx_write(cx, st, field, key, &changed) < 0)
		return -1;
	if (changed)
		return 0;
	ctx_rollback(cx);
	err_field(&cx->err, "version", "stale", 0);
	return err_set(&cx->err, ERR_VERSION_CONFLICT);
}

int vol_require_in(struct ctx *cx, enum perm perm, const char *path)
{
	const char *paths[] = {path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}
