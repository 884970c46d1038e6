#include "access/sessions.h"

#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "access/settings.h"
#include "base/json.h"

/* Rows touched at most once a minute: a read does not become a write on every request. */
#define TOUCH_INTERVAL 60

int sessions_login(struct ctx *cx, const char *username, const char *password,
		   struct session_out *out)
{
	if (accounts_authenticate(cx, username, password, &out->user) < 0)
		return -1;
	/* accounts_authenticate left its transaction open: the session joins it */
	struct settings s;
	if (settings_load(cx, &s) < 0)
		goto fail;
	char hash[CRYPTO_HASH_HEX];
	crypto_token(out->token, sizeof out->token, NULL);
	crypto_token(out->csrf, sizeof out->csrf, NULL);
	crypto_token_hash(out->token, hash);
	out->expires_at = cx->now + s.session_absolute_hours * 3600;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
		"expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, hash);
	store_bind_int64(st, 2, out->user.id);
	store_bind_text(st, 3, out->csrf);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, out->expires_at);
	store_bind_text(st, 7, cx->ip);
	store_bind_text(st, 8, cx->user_agent);
	int rc = store_step(st);
	int64_t sid = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail_store;
	cx->actor.user_id = out->user.id;
	cx->actor.username = out->user.username;
	cx->actor.role = out->user.role;
	cx->actor.session_id = sid;
	json_t *after = json_pack("{s:I, s:s*}", "session_id", (json_int_t)sid, "ip", cx->ip);
	rc = audit_record(cx, "session.login", "user", out->user.id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx);
fail_store:
	ctx_store_error(cx);
fail:
	ctx_rollback(cx);
	return -1;
}

/* Record a use; best effort: a missed touch only shortens an idle window or dates a use late. */
static void touch(struct ctx *cx, const char *sql, int64_t id)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return;
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	store_step(st);
	store_reset(st);
}

static int actor_from_row(struct ctx *cx, struct store_stmt *st)
{
	cx->actor.user_id = store_col_int64(st, 0);
	cx->actor.username = arena_strdup(cx->a, store_col_text(st, 1));
	cx->actor.role = role_parse(store_col_text(st, 2));
	return store_col_int64(st, 3) != 0;   /* locked by an administrator */
}

int sessions_authenticate_cookie(struct ctx *cx, const char *token)
{
	char hash[CRYPTO_HASH_HEX];
	crypto_token_hash(token, hash);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT u.id, u.username, u.role, u.locked, s.id, s.csrf_token, s.last_seen_at, "
		"s.expires_at, g.session_idle_minutes, u.must_change_password "
		"FROM sessions s JOIN users u ON u.id = s.user_id JOIN settings g ON g.id = 1 "
		"WHERE s.token_hash = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, hash);
	int rc = store_step(st), locked = 0;
	int64_t last_seen = 0, expires = 0, idle = 0;
	if (rc == STORE_ROW) {
		locked = actor_from_row(cx, st);
		cx->actor.session_id = store_col_int64(st, 4);
		cx->actor.csrf_token = arena_strdup(cx->a, store_col_text(st, 5));
		last_seen = store_col_int64(st, 6);
		expires = store_col_int64(st, 7);
		idle = store_col_int64(st, 8) * 60;
		/* a session, not a token: integrations keep working while a person is asked */
		cx->actor.password_change = store_col_int64(st, 9) != 0;
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW || locked || cx->now >= expires || cx->now >= last_seen + idle) {
		memset(&cx->actor, 0, sizeof cx->actor);
		return err_set(&cx->err, ERR_UNAUTHENTICATED);
	}
	/* touched often enough that a session in use never idles out, however short the setting */
	if (cx->now - last_seen >= (idle / 2 < TOUCH_INTERVAL ? idle / 2 : TOUCH_INTERVAL))
		touch(cx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", cx->actor.session_id);
	/* administrators see every unit: their own assignments decide nothing */
	return cx->actor.role == ROLE_ADMIN ? 0 : access_load_units(cx);
}

int sessions_authenticate_bearer(struct ctx *cx, const char *token)
{
	char hash[CRYPTO_HASH_HEX];
	crypto_token_hash(token, hash);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT u.id, u.username, u.role, u.locked, t.id, t.last_used_at "
		"FROM api_tokens t JOIN users u ON u.id = t.user_id "
		"WHERE t.token_hash = ? AND t.revoked_at IS NULL");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, hash);
	int rc = store_step(st), locked = 0;
	int64_t last_used = 0;
	if (rc == STORE_ROW) {
		locked = actor_from_row(cx, st);
		cx->actor.token_id = store_col_int64(st, 4);
		last_used = store_col_int64(st, 5);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW || locked) {
		memset(&cx->actor, 0, sizeof cx->actor);
		return err_set(&cx->err, ERR_UNAUTHENTICATED);
	}
	if (cx->now - last_used >= TOUCH_INTERVAL)
		touch(cx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", cx->actor.token_id);
	/* administrators see every unit: their own assignments decide nothing */
	return cx->actor.role == ROLE_ADMIN ? 0 : access_load_units(cx);
}

int sessions_logout(struct ctx *cx)
{
	if (!cx->actor.session_id)
		return err_set(&cx->err, ERR_UNAUTHENTICATED);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM sessions WHERE id = ?");
	if (!st) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	store_bind_int64(st, 1, cx->actor.session_id);
	int rc = store_step(st);
	store_reset(st);
	json_t *before = json_pack("{s:I}", "session_id", (json_int_t)cx->actor.session_id);
	if (rc != STORE_DONE ||
	    audit_record(cx, "session.logout", "user", cx->actor.user_id, before, NULL) < 0) {
		json_decref(before);
		if (!cx->err.code)
			ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	json_decref(before);
	return ctx_commit(cx);
}

int64_t sessions_purge(struct store *db, int64_t now)
{
	static const char *const sql[] = {
		"DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ? - "
		"(SELECT session_idle_minutes * 60 FROM settings WHERE id = 1)",
		/* counts older than the window count for nothing any more: the table holds at most
		 * the names guessed within one window */
		"DELETE FROM login_throttle WHERE locked_until <= ? AND updated_at <= ? - "
		"(SELECT login_lock_minutes * 60 FROM settings WHERE id = 1)",
	};
	int64_t total = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		struct store_stmt *st = store_prepare(db, sql[i]);
		if (!st)
			return -1;
		store_bind_int64(st, 1, now);
		store_bind_int64(st, 2, now);
		int rc = store_step(st);
		total += store_changes(st);
		store_reset(st);
		if (rc != STORE_DONE)
			return -1;
	}
	return total;
}

json_t *token_json(const struct api_token *t)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id,
			 "name", t->name, "user_id", (json_int_t)t->user_id, "username", t->username,
			 "created_at", json_time(t->created_at), "last_used_at", json_time(t->last_used_at),
			 "revoked_at", json_time(t->revoked_at));
}

int tokens_create(struct ctx *cx, const char *name, int64_t user_id, struct api_token *out,
		  char secret[CRYPTO_TOKEN_LEN + 8])
{
	if (access_require(cx, PERM_TOKENS_MANAGE, NULL) < 0)
		return -1;
	if (!user_id)
		user_id = cx->actor.user_id;
	struct user u;
	struct store_stmt *st = store_prepare(cx->db, "SELECT username FROM users WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	int rc = store_step(st);
	u.username = rc == STORE_ROW ? arena_strdup(cx->a, store_col_text(st, 0)) : NULL;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (!u.username)
		return err_field(&cx->err, "user_id", "user_unknown", 0);
	char hash[CRYPTO_HASH_HEX];
	crypto_token(secret, CRYPTO_TOKEN_LEN + 8, TOKEN_PREFIX);
	crypto_token_hash(secret, hash);
	if (ctx_begin(cx) < 0)
		return -1;
	st = store_prepare(cx->db,
		"INSERT INTO api_tokens (name, token_hash, user_id, created_by, created_at) "
		"VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, hash);
	store_bind_int64(st, 3, user_id);
	if (cx->actor.user_id)
		store_bind_int64(st, 4, cx->actor.user_id);
	else
		store_bind_null(st, 4);
	store_bind_int64(st, 5, cx->now);
	rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail_store;
	*out = (struct api_token){.id = id, .user_id = user_id, .created_at = cx->now,
				  .name = name, .username = u.username};
	json_t *after = token_json(out);
	rc = audit_record(cx, "token.create", "api_token", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx);
fail_store:
	ctx_store_error(cx);
fail:
	ctx_rollback(cx);
	return -1;
}

#define TOKEN_COLS "t.id, t.user_id, t.created_at, t.last_used_at, t.revoked_at, t.name, u.username"

static int64_t read_token(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct api_token *t = row;
	t->id = store_col_int64(st, 0);
	t->user_id = store_col_int64(st, 1);
	t->created_at = store_col_int64(st, 2);
	t->last_used_at = store_col_int64(st, 3);
	t->revoked_at = store_col_int64(st, 4);
	t->name = arena_strdup(cx->a, store_col_text(st, 5));
	t->username = arena_strdup(cx->a, store_col_text(st, 6));
	return t->id;
}

int tokens_list(struct ctx *cx, struct api_token **items, size_t *n)
{
	if (access_require(cx, PERM_TOKENS_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " TOKEN_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id "
		"ORDER BY t.revoked_at IS NOT NULL, t.id DESC LIMIT 1000");
	if (!st)
		return ctx_store_error(cx);
	return ctx_rows(cx, st, sizeof **items, 0, read_token, items, n);
}

/* Read one token by id inside or outside a transaction: 1 found, 0 not, -1 error. */
static int fetch_token(struct ctx *cx, int64_t id, struct api_token *t)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " TOKEN_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_token(cx, st, t);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int tokens_get(struct ctx *cx, int64_t id, struct api_token *out)
{
	if (access_require(cx, PERM_TOKENS_MANAGE, NULL) < 0)
		return -1;
	int f = fetch_token(cx, id, out);
	return f == 1 ? 0 : f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
}

int tokens_revoke(struct ctx *cx, int64_t id)
{
	if (access_require(cx, PERM_TOKENS_MANAGE, NULL) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct api_token t;
	int f = fetch_token(cx, id, &t);
	if (f < 0)
		goto fail;
	if (f == 0 || t.revoked_at) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	struct store_stmt *st = store_prepare(cx->db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?");
	if (!st)
		goto fail_store;
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail_store;
	json_t *before = token_json(&t);
	t.revoked_at = cx->now;
	json_t *after = token_json(&t);
	rc = audit_record(cx, "token.revoke", "api_token", id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx);
fail_store:
	ctx_store_error(cx);
fail:
	ctx_rollback(cx);
	return -1;
}
