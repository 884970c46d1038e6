/* The 12345 platforms: who hands matters over, to which unit, with which API token, and where
 * its signed callbacks go. The signing secret is made here, sealed at rest and shown once. */
#include <string.h>

#include "access/accounts.h"
#include "access/audit.h"
#include "access/sessions.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "hotline/internal.h"
#include "org/org.h"
#include "registry/registry.h"

#define PLATFORM_COLS "p.id, p.name, p.code, p.unit_id, COALESCE(u.name, ''), p.token_id," \
	" COALESCE(t.name, ''), COALESCE(tu.username, ''), COALESCE(t.user_id, 0), t.revoked_at," \
	" p.callback_url, p.active, p.secret_at, p.created_at, p.updated_at, p.version"
#define PLATFORM_FROM "hotline_platforms p JOIN org_units u ON u.id = p.unit_id" \
	" LEFT JOIN api_tokens t ON t.id = p.token_id LEFT JOIN users tu ON tu.id = t.user_id"

static int64_t read_platform(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct hotline_platform *p = row;
	int c = 0;
	p->id = store_col_int64(st, c++);
	p->name = arena_strdup(cx->a, store_col_text(st, c++));
	p->code = arena_strdup(cx->a, store_col_text(st, c++));
	p->unit_id = store_col_int64(st, c++);
	p->unit_name = arena_strdup(cx->a, store_col_text(st, c++));
	p->token_id = store_col_int64(st, c++);
	p->token_name = arena_strdup(cx->a, store_col_text(st, c++));
	p->token_user = arena_strdup(cx->a, store_col_text(st, c++));
	p->token_user_id = store_col_int64(st, c++);
	p->token_revoked_at = store_col_int64(st, c++);
	p->callback_url = arena_strdup(cx->a, store_col_text(st, c++));
	p->active = store_col_int64(st, c++) != 0;
	p->secret_at = store_col_int64(st, c++);
	p->created_at = store_col_int64(st, c++);
	p->updated_at = store_col_int64(st, c++);
	p->version = store_col_int64(st, c++);
	return p->id;
}

static int fetch_one(struct ctx *cx, const char *sql, int64_t v, struct hotline_platform *out)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, v);
	return hl_one(cx, st, read_platform, out);
}

int hl_platform_fetch(struct ctx *cx, int64_t id, struct hotline_platform *out)
{
	return fetch_one(cx, "SELECT " PLATFORM_COLS " FROM " PLATFORM_FROM " WHERE p.id = ?", id, out);
}

int hl_platform_by_token(struct ctx *cx, int64_t token_id, struct hotline_platform *out)
{
	return fetch_one(cx, "SELECT " PLATFORM_COLS " FROM " PLATFORM_FROM " WHERE p.token_id = ?",
			 token_id, out);
}

json_t *hotline_platform_json(const struct hotline_platform *p)
{
	return json_pack("{s:I, s:s, s:s, s:{s:I, s:s}, s:{s:I, s:s, s:s, s:b}, s:s, s:b, s:o, s:o,"
			 " s:o, s:I}", "id", (json_int_t)p->id, "name", p->name, "code", p->code,
			 "unit", "id", (json_int_t)p->unit_id, "name", p->unit_name,
			 "token", "id", (json_int_t)p->token_id, "name", p->token_name, "username",
			 p->token_user, "revoked", p->token_revoked_at != 0,
			 "callback_url", p->callback_url, "active", p->active,
			 "secret_at", json_time(p->secret_at), "created_at", json_time(p->created_at),
			 "updated_at", json_time(p->updated_at), "version", (json_int_t)p->version);
}

int hotline_platforms_list(struct ctx *cx, struct hotline_platform **items, size_t *n)
{
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " PLATFORM_COLS " FROM " PLATFORM_FROM
					      " ORDER BY p.id LIMIT 500");
	if (!st)
		return ctx_store_error(cx);
	return ctx_rows(cx, st, sizeof **items, 500, read_platform, items, n);
}

int hotline_platform_get(struct ctx *cx, int64_t id, struct hotline_platform *out)
{
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	int f = hl_platform_fetch(cx, id, out);
	return f == 1 ? 0 : f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
}

const char *hotline_platform_secret(struct ctx *cx, int64_t platform_id)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT secret FROM hotline_platforms WHERE id = ?");
	if (!st) {
		ctx_store_error(cx);
		return NULL;
	}
	store_bind_int64(st, 1, platform_id);
	int rc = store_step(st);
	const char *stored = rc == STORE_ROW ? arena_strdup(cx->a, store_col_text(st, 0)) : NULL;
	store_reset(st);
	if (rc == STORE_ERR)
		ctx_store_error(cx);
	return stored ? registry_open(cx, "hotline.secret", stored) : NULL;
}

/* A callback URL: "" (none yet), or http(s)://host… without spaces, quotes or control bytes. */
static bool callback_ok(const char *s)
{
	if (!*s)
		return true;
	size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!skip || !s[skip] || s[skip] == '/' || s[skip] == ':')
		return false;
	return strcspn(s, " \t\r\n\"'<>\\`{}|^") == strlen(s) && !text_has_control(s, false);
}

/* The token's user must take and read requests and serve the platform's unit (administrators
 * serve every unit); `field` names the problem. */
static int judge_user(struct ctx *cx, int64_t user_id, const struct org_unit *unit,
		      const char *field)
{
	struct user u;
	if (accounts_get(cx, user_id, &u) < 0) {
		if (cx->err.code != ERR_NOT_FOUND)
			return -1;
		err_clear(&cx->err);
		return err_field(&cx->err, field, "hotline_token_user", 0);
	}
	bool serves = u.role == ROLE_ADMIN;
	for (size_t i = 0; i < u.nunits && !serves; i++)
		serves = strncmp(unit->path, u.units[i].path, strlen(u.units[i].path)) == 0;
	if (!serves || u.locked || !access_role_has(u.role, PERM_REQUESTS_WRITE) ||
	    !access_role_has(u.role, PERM_REQUESTS_READ))
		return err_field(&cx->err, field, "hotline_token_user", 0);
	return 0;
}

/* An open unit for unit_id: 0, or -1 with the field named. */
static int judge_unit(struct ctx *cx, int64_t id, struct org_unit *u)
{
	int f = org_unit_by_id(cx, id, u);
	if (f < 0)
		return -1;
	if (f == 0 || u->closed_at)
		return err_field(&cx->err, "unit_id", "hotline_unit", 0);
	return 0;
}

/* An existing, unrevoked token not used by another platform (but `self`): 0 with its user. */
static int judge_token(struct ctx *cx, int64_t token_id, int64_t self, int64_t *user_id)
{
	struct api_token t;
	if (tokens_get(cx, token_id, &t) < 0) {
		if (cx->err.code != ERR_NOT_FOUND)
			return -1;
		err_clear(&cx->err);
		return err_field(&cx->err, "token_id", "hotline_token_unknown", 0);
	}
	if (t.revoked_at)
		return err_field(&cx->err, "token_id", "hotline_token_unknown", 0);
	struct hotline_platform other;
	int f = hl_platform_by_token(cx, token_id, &other);
	if (f < 0)
		return -1;
	if (f == 1 && other.id != self) {
		err_field(&cx->err, "token_id", "hotline_token_taken", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	*user_id = t.user_id;
	return 0;
}

static int code_taken(struct ctx *cx, const char *code)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT COUNT(*) FROM hotline_platforms WHERE code = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, code);
	int rc = store_step(st);
	int64_t n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (n) {
		err_field(&cx->err, "code", "hotline_code_taken", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	return 0;
}

static const char *new_secret(struct ctx *cx, char secret[CRYPTO_TOKEN_LEN + 8])
{
	crypto_token(secret, CRYPTO_TOKEN_LEN + 8, NULL);
	return registry_seal_value(cx, "hotline.secret", secret);
}

/* Give back a token made for a platform that was not kept, keeping the error that stopped it. */
static void drop_token(struct ctx *cx, int64_t token_id)
{
	struct err saved = cx->err;
	err_clear(&cx->err);
	if (tokens_revoke(cx, token_id) < 0)
		log_error("hotline: the token %lld made for a platform not kept stays: revoke it",
			  (long long)token_id);
	cx->err = saved;
}

int hotline_platform_create(struct ctx *cx, json_t *body, struct hotline_platform *out,
			    char secret[CRYPTO_TOKEN_LEN + 8], char token[CRYPTO_TOKEN_LEN + 8])
{
	static const char *const allowed[] = {"name", "code", "unit_id", "callback_url", "token_id",
		"user_id", NULL};
	struct err *e = &cx->err;
	token[0] = secret[0] = '\0';
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	const struct limit *L = hotline_limits;
	const char *name = NULL, *code = NULL, *url = "";
	int64_t unit_id = 0, token_id = 0, user_id = 0;
	json_only_fields(body, allowed, e);
	jf_str(body, "name", JF_REQUIRED, (size_t)L[L_HL_PLATFORM_NAME].min,
	       (size_t)L[L_HL_PLATFORM_NAME].max, &name, e);
	if (jf_str(body, "code", JF_REQUIRED, (size_t)L[L_HL_PLATFORM_CODE].min,
		   (size_t)L[L_HL_PLATFORM_CODE].max, &code, e) > 0 && !hl_code_ok(code))
		err_field(e, "code", "hotline_code", 0);
	if (jf_str(body, "callback_url", 0, 0, (size_t)L[L_HL_CALLBACK_URL].max, &url, e) > 0 &&
	    !callback_ok(url))
		err_field(e, "callback_url", "hotline_url", 0);
	jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e);
	int ht = jf_int(body, "token_id", 0, 1, INT64_MAX, &token_id, e);
	int hu = jf_int(body, "user_id", 0, 1, INT64_MAX, &user_id, e);
	if (ht == 0 && hu == 0)
		err_field(e, "token_id", "hotline_token_needed", 0);
	else if (ht > 0 && hu > 0)
		err_field(e, "user_id", "hotline_token_needed", 0);
	if (e->code)
		return -1;
	struct org_unit unit;
	if (judge_unit(cx, unit_id, &unit) < 0)
		return -1;
	if (ht > 0 && judge_token(cx, token_id, 0, &user_id) < 0)
		return -1;
	if (judge_user(cx, user_id, &unit, ht > 0 ? "token_id" : "user_id") < 0 ||
	    code_taken(cx, code) < 0)
		return -1;
	const char *sealed = new_secret(cx, secret);
	if (!sealed)
		return -1;
	if (hu > 0) {
		struct api_token t;
		if (tokens_create(cx, arena_printf(cx->a, "hotline:%s", code), user_id, &t, token) < 0)
			return -1;
		token_id = t.id;
	}
	int64_t id = 0;
	struct store_stmt *st = NULL;
	if (ctx_begin(cx) < 0)
		goto dropped;
	st = store_prepare(cx->db, "INSERT INTO hotline_platforms (name, code, unit_id, token_id,"
			   " callback_url, secret, secret_at, active, created_at, updated_at)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id");
	if (!st) {
		ctx_fail(cx);
		goto dropped;
	}
	int k = 1;
	store_bind_text(st, k++, name);
	store_bind_text(st, k++, code);
	store_bind_int64(st, k++, unit_id);
	store_bind_int64(st, k++, token_id);
	store_bind_text(st, k++, url ? url : "");
	store_bind_text(st, k++, sealed);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	if (ctx_insert(cx, st, "code", "hotline_code_taken", &id) < 0)
		goto dropped;
	if (hl_platform_fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		err_set(e, ERR_INTERNAL);
		goto dropped;
	}
	json_t *after = hotline_platform_json(out);
	int rc = audit_commit(cx, "hotline_platform.create", "hotline_platform", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto dropped;
	return 0;
dropped:
	if (hu > 0)
		drop_token(cx, token_id);
	token[0] = '\0';
	return -1;
}

int hotline_platform_update(struct ctx *cx, int64_t id, json_t *patch, struct hotline_platform *out)
{
	static const char *const allowed[] = {"version", "name", "unit_id", "callback_url",
		"token_id", "active", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct hotline_platform p;
	int f = hl_platform_fetch(cx, id, &p);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	const struct limit *L = hotline_limits;
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	if (jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e) == 0)
		err_field(e, "version", "hotline_version_needed", 0);
	struct hotline_platform c = p;
	jf_str(patch, "name", 0, (size_t)L[L_HL_PLATFORM_NAME].min, (size_t)L[L_HL_PLATFORM_NAME].max,
	       &c.name, e);
	if (jf_str(patch, "callback_url", 0, 0, (size_t)L[L_HL_CALLBACK_URL].max, &c.callback_url, e) > 0 &&
	    !callback_ok(c.callback_url))
		err_field(e, "callback_url", "hotline_url", 0);
	int hu = jf_int(patch, "unit_id", 0, 1, INT64_MAX, &c.unit_id, e);
	int ht = jf_int(patch, "token_id", 0, 1, INT64_MAX, &c.token_id, e);
	jf_bool(patch, "active", 0, &c.active, e);
	if (e->code)
		return -1;
	struct org_unit unit;
	if (judge_unit(cx, c.unit_id, &unit) < 0)
		return -1;
	int64_t user_id = p.token_user_id;
	if (ht > 0 && judge_token(cx, c.token_id, id, &user_id) < 0)
		return -1;
	if ((hu > 0 || ht > 0) && judge_user(cx, user_id, &unit, ht > 0 ? "token_id" : "unit_id") < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE hotline_platforms SET name = ?,"
		" unit_id = ?, token_id = ?, callback_url = ?, active = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, c.name);
	store_bind_int64(st, k++, c.unit_id);
	store_bind_int64(st, k++, c.token_id);
	store_bind_text(st, k++, c.callback_url);
	store_bind_int64(st, k++, c.active ? 1 : 0);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, id);
	store_bind_int64(st, k++, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	if (hl_platform_fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	if (hl_callbacks_changed(cx, out) < 0)
		return -1;
	json_t *before = hotline_platform_json(&p), *after = hotline_platform_json(out);
	int rc = audit_commit(cx, "hotline_platform.update", "hotline_platform", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int hotline_platform_rotate(struct ctx *cx, int64_t id, json_t *body, struct hotline_platform *out,
			    char secret[CRYPTO_TOKEN_LEN + 8])
{
	static const char *const allowed[] = {"version", NULL};
	struct err *e = &cx->err;
	secret[0] = '\0';
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct hotline_platform p;
	int f = hl_platform_fetch(cx, id, &p);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e) == 0)
		err_field(e, "version", "hotline_version_needed", 0);
	if (e->code)
		return -1;
	const char *sealed = new_secret(cx, secret);
	if (!sealed || ctx_begin(cx) < 0) {
		secret[0] = '\0';
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db, "UPDATE hotline_platforms SET secret = ?,"
		" secret_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		secret[0] = '\0';
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, sealed);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, id);
	store_bind_int64(st, 5, version);
	if (ctx_write_version(cx, st) < 0 || hl_platform_fetch(cx, id, out) != 1) {
		if (!e->code) {
			ctx_rollback(cx);
			err_set(e, ERR_INTERNAL);
		}
		secret[0] = '\0';
		return -1;
	}
	if (hl_callbacks_changed(cx, out) < 0) {
		secret[0] = '\0';
		return -1;
	}
	/* the audit says when, never what */
	json_t *after = json_pack("{s:o}", "secret_at", json_time(cx->now));
	int rc = audit_commit(cx, "hotline_platform.rotate", "hotline_platform", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		secret[0] = '\0';
	return rc;
}
