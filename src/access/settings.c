#include "access/settings.h"

#include "access/access.h"
#include "access/audit.h"
#include "access/limits.h"
#include "base/json.h"

int settings_load(struct ctx *cx, struct settings *s)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT site_name, login_max_failures, login_lock_minutes, session_idle_minutes, "
		"session_absolute_hours, audit_retention_days, updated_at, version FROM settings WHERE id = 1");
	if (!st)
		return ctx_store_error(cx);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		s->site_name = arena_strdup(cx->a, store_col_text(st, 0));
		s->login_max_failures = store_col_int64(st, 1);
		s->login_lock_minutes = store_col_int64(st, 2);
		s->session_idle_minutes = store_col_int64(st, 3);
		s->session_absolute_hours = store_col_int64(st, 4);
		s->audit_retention_days = store_col_int64(st, 5);
		s->updated_at = store_col_int64(st, 6);
		s->version = store_col_int64(st, 7);
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return rc == STORE_ERR ? ctx_store_error(cx) : err_setf(&cx->err, ERR_INTERNAL, "no settings row");
	return 0;
}

int settings_read(struct ctx *cx, struct settings *out)
{
	if (access_require(cx, PERM_SETTINGS_READ, NULL) < 0)
		return -1;
	return settings_load(cx, out);
}

json_t *settings_json(const struct settings *s)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:I}",
		"site_name", s->site_name,
		"login_max_failures", (json_int_t)s->login_max_failures,
		"login_lock_minutes", (json_int_t)s->login_lock_minutes,
		"session_idle_minutes", (json_int_t)s->session_idle_minutes,
		"session_absolute_hours", (json_int_t)s->session_absolute_hours,
		"audit_retention_days", (json_int_t)s->audit_retention_days,
		"updated_at", json_time(s->updated_at),
		"version", (json_int_t)s->version);
}

int settings_apply_patch(json_t *patch, struct settings *s, int64_t *version, struct err *e)
{
	static const char *const allowed[] = {"version", "site_name", "login_max_failures",
		"login_lock_minutes", "session_idle_minutes", "session_absolute_hours",
		"audit_retention_days", NULL};
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, version, e);
#define L(i) access_limits[i].min, access_limits[i].max
	jf_str(patch, "site_name", 0, (size_t)access_limits[L_SITE_NAME].min,
	       (size_t)access_limits[L_SITE_NAME].max, &s->site_name, e);
	jf_int(patch, "login_max_failures", 0, L(L_LOGIN_MAX_FAILURES), &s->login_max_failures, e);
	jf_int(patch, "login_lock_minutes", 0, L(L_LOGIN_LOCK_MINUTES), &s->login_lock_minutes, e);
	jf_int(patch, "session_idle_minutes", 0, L(L_SESSION_IDLE_MINUTES), &s->session_idle_minutes, e);
	jf_int(patch, "session_absolute_hours", 0, L(L_SESSION_ABSOLUTE_HOURS),
	       &s->session_absolute_hours, e);
	const int64_t min_days = access_limits[L_AUDIT_RETENTION_DAYS].min;
	json_t *ret = json_object_get(patch, "audit_retention_days");
	if (json_is_integer(ret) && json_integer_value(ret) < min_days)
		err_field(e, "audit_retention_days", "retention_min", (long)min_days);
	else
		jf_int(patch, "audit_retention_days", 0, L(L_AUDIT_RETENTION_DAYS),
		       &s->audit_retention_days, e);
#undef L
	return e->code ? -1 : 0;
}

int settings_update(struct ctx *cx, json_t *patch, struct settings *out)
{
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	struct err *e = &cx->err;
	int64_t version = 0;
	struct settings s;
	if (settings_load(cx, &s) < 0)
		return -1;
	struct settings before = s;
	if (settings_apply_patch(patch, &s, &version, e) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE settings SET site_name = ?, login_max_failures = ?, login_lock_minutes = ?, "
		"session_idle_minutes = ?, session_absolute_hours = ?, audit_retention_days = ?, "
		"updated_at = ?, version = version + 1 WHERE id = 1 AND version = ?");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, s.site_name);
	store_bind_int64(st, 2, s.login_max_failures);
	store_bind_int64(st, 3, s.login_lock_minutes);
	store_bind_int64(st, 4, s.session_idle_minutes);
	store_bind_int64(st, 5, s.session_absolute_hours);
	store_bind_int64(st, 6, s.audit_retention_days);
	store_bind_int64(st, 7, cx->now);
	store_bind_int64(st, 8, version);
	int rc = store_step(st);
	int64_t changed = store_changes(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail_store;
	if (changed == 0) {
		ctx_rollback(cx);
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	if (settings_load(cx, out) < 0)
		goto fail;
	json_t *b = settings_json(&before), *a = settings_json(out);
	rc = audit_record(cx, "settings.update", "settings", 1, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx);
fail_store:
	ctx_store_error(cx);
fail:
	ctx_rollback(cx);
	return -1;
}
