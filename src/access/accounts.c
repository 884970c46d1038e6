#include "access/accounts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "access/access.h"
#include "access/audit.h"
#include "access/posts.h"
#include "access/limits.h"
#include "access/settings.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/ratelimit.h"
#include "base/text.h"

#define USER_COLS "u.id, u.username, u.display_name, u.role, u.locked, u.last_login_at, " \
		  "u.created_at, u.updated_at, u.version, " \
		  "COALESCE((SELECT t.locked_until FROM login_throttle t " \
		  "WHERE t.username_key = u.username_key), 0), u.must_change_password, " \
		  "u.previous_login_at"

static int64_t read_user(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct user *u = row;
	memset(u, 0, sizeof *u);
	u->id = store_col_int64(st, 0);
	u->username = arena_strdup(cx->a, store_col_text(st, 1));
	u->display_name = arena_strdup(cx->a, store_col_text(st, 2));
	u->role = role_parse(store_col_text(st, 3));
	u->locked = store_col_int64(st, 4) != 0;
	u->last_login_at = store_col_int64(st, 5);
	u->created_at = store_col_int64(st, 6);
	u->updated_at = store_col_int64(st, 7);
	u->version = store_col_int64(st, 8);
	int64_t until = store_col_int64(st, 9);
	u->locked_until = until > cx->now ? until : 0;
	u->must_change_password = store_col_int64(st, 10) != 0;
	u->previous_login_at = store_col_int64(st, 11);
	return u->id;
}

static char *username_key(struct ctx *cx, const char *username)
{
	char *k = arena_strdup(cx->a, username);
	for (char *p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

bool accounts_username_valid(const char *u)
{
	size_t n = strlen(u);
	if (n < (size_t)access_limits[L_USERNAME].min || n > (size_t)access_limits[L_USERNAME].max)
		return false;
	for (const char *p = u; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return false;
	return true;
}

int accounts_check_password(struct err *e, const char *field, const char *username,
			    const char *pw)
{
	size_t n = utf8_count(pw);
	const struct limit *l = &access_limits[L_PASSWORD];
	if (n < (size_t)l->min)
		return err_field(e, field, "too_short", (long)l->min);
	if (n > (size_t)l->max)
		return err_field(e, field, "too_long", (long)l->max);
	if (username && strcasecmp(username, pw) == 0)
		return err_field(e, field, "password_is_username", 0);
	return 0;
}

json_t *user_json(const struct user *u)
{
	json_t *units = json_array();
	for (size_t i = 0; i < u->nunits; i++) {
		json_t *o = org_unit_json(&u->units[i]);
		json_object_set_new(o, "post", json_str_or_null(u->posts ? u->posts[i] : NULL));
		json_array_append_new(units, o);
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:b, s:o, s:o, s:I}",
		"id", (json_int_t)u->id, "username", u->username, "display_name", u->display_name,
		"role", role_name(u->role), "units", units, "locked", u->locked,
		"locked_until", json_time(u->locked_until), "last_login_at", json_time(u->last_login_at),
		"previous_login_at", json_time(u->previous_login_at),
		"password_change_required", u->must_change_password,
		"created_at", json_time(u->created_at), "updated_at", json_time(u->updated_at),
		"version", (json_int_t)u->version);
}

static int load_units(struct ctx *cx, struct user *u)
{
	if (org_units_of_user(cx, u->id, &u->units, &u->nunits) < 0)
		return -1;
	int64_t *ids = arena_alloc(cx->a, (u->nunits ? u->nunits : 1) * sizeof *ids);
	for (size_t i = 0; i < u->nunits; i++)
		ids[i] = u->units[i].id;
	return posts_load(cx, u->id, ids, u->nunits, &u->posts);
}

/* What a user is shown as to the actor: only the units within the actor's scope, so that a
 * user who serves two communities does not reveal the other one. Every public function that
 * hands out a user calls this last; the rules and the audit see all of them. */
static void keep_visible_units(struct ctx *cx, struct user *u)
{
	if (access_is_global(cx))
		return;
	size_t k = 0;
	for (size_t i = 0; i < u->nunits; i++)
		if (access_path_in_scope(cx, u->units[i].path)) {
			if (u->posts)
				u->posts[k] = u->posts[i];
			u->units[k++] = u->units[i];
		}
	u->nunits = k;
}

/* Read a user with no access check. 1 found, 0 not, -1 error. */
static int fetch_user(struct ctx *cx, int64_t id, struct user *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " USER_COLS " FROM users u WHERE u.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_user(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW)
		return 0;
	return load_units(cx, out) < 0 ? -1 : 1;
}

static struct scope_target user_scope(struct ctx *cx, const struct user *u)
{
	const char **paths = arena_alloc(cx->a, sizeof(char *) * (u->nunits ? u->nunits : 1));
	for (size_t i = 0; i < u->nunits; i++)
		paths[i] = u->units[i].path;
	return (struct scope_target){u->nunits, paths};
}

int accounts_get(struct ctx *cx, int64_t id, struct user *out)
{
	if (access_require(cx, PERM_USERS_READ, NULL) < 0)
		return -1;
	int f = fetch_user(cx, id, out);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	struct scope_target t = user_scope(cx, out);
	if (access_require(cx, PERM_USERS_READ, &t) < 0)
		return -1;
	keep_visible_units(cx, out);
	return 0;
}

int accounts_find(struct ctx *cx, const char *username, struct user *out, const char **pwhash)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " USER_COLS ", u.password_hash FROM users u WHERE u.username_key = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, username_key(cx, username));
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		read_user(cx, st, out);
		if (pwhash)
			*pwhash = arena_strdup(cx->a, store_col_text(st, 12));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW)
		return 0;
	return load_units(cx, out) < 0 ? -1 : 1;
}

/* Units must exist and, for a scoped actor, lie in the actor's scope. */
static int check_units(struct ctx *cx, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct org_unit u;
		int f = org_unit_by_id(cx, ids[i], &u);
		if (f < 0)
			return -1;
		if (f == 0)
			return err_field(&cx->err, "unit_ids", "unit_unknown", 0);
		if (!access_path_in_scope(cx, u.path))
			return err_field(&cx->err, "unit_ids", "unit_out_of_scope", 0);
		if (u.closed_at)
			return err_field(&cx->err, "unit_ids", "unit_closed", 0);
	}
	return 0;
}

/* The user's units within the actor's scope become ids; those outside it, which the actor
 * neither sees nor may change, stay. */
static int set_units(struct ctx *cx, int64_t user_id, const int64_t *ids, size_t n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"DELETE FROM user_units WHERE user_id = ? AND unit_id IN (SELECT o.id FROM org_units o "
		"WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path") ")");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, user_id);
	access_bind_scope(cx, st, 2);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	for (size_t i = 0; i < n; i++) {
		st = store_prepare(cx->db, "INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)");
		if (!st)
			return ctx_store_error(cx);
		store_bind_int64(st, 1, user_id);
		store_bind_int64(st, 2, ids[i]);
		rc = store_step(st);
		store_reset(st);
		if (rc != STORE_DONE)
			return ctx_store_error(cx);
	}
	return 0;
}

int accounts_validate_new(struct ctx *cx, const struct user_in *in)
{
	struct err *e = &cx->err;
	if (in->username && !accounts_username_valid(in->username))
		err_field(e, "username", "username_chars", 0);
	if (in->password)
		accounts_check_password(e, "password", in->username, in->password);
	if (in->role == ROLE_NONE)
		err_field(e, "role", "role_unknown", 0);
	if (in->nunits)
		check_units(cx, in->unit_ids, in->nunits);
	return e->code ? -1 : 0;
}

/* The account's rows in the open transaction, audited; rolled back on failure. */
int accounts_insert(struct ctx *cx, const struct user_in *in, const char *pwhash,
		    bool must_change, struct user *out)
{
	struct err *e = &cx->err;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO users (username, username_key, display_name, password_hash, role, "
		"created_at, updated_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, in->username);
	store_bind_text(st, 2, username_key(cx, in->username));
	store_bind_text(st, 3, in->display_name ? in->display_name : in->username);
	store_bind_text(st, 4, pwhash);
	store_bind_text(st, 5, role_name(in->role));
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	store_bind_int64(st, 8, must_change ? 1 : 0);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(e, "username", "taken", 0);
			return err_set(e, ERR_CONFLICT);
		}
		goto fail_store;
	}
	/* a new account starts with no failed-login history under its name */
	st = store_prepare(cx->db, "DELETE FROM login_throttle WHERE username_key = ?");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, username_key(cx, in->username));
	rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || set_units(cx, id, in->unit_ids, in->nunits) < 0 ||
	    posts_write(cx, id, in->unit_ids, in->nunits, in->posts) < 0)
		goto fail_store;
	if (fetch_user(cx, id, out) <= 0)
		goto fail;
	json_t *after = user_json(out);
	rc = audit_record(cx, "user.create", "user", id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto fail;
	keep_visible_units(cx, out);
	return 0;
fail_store:
	if (!e->code)
		ctx_store_error(cx);
fail:
	if (!e->code)
		err_set(e, ERR_INTERNAL);
	ctx_rollback(cx);
	return -1;
}

int accounts_create(struct ctx *cx, const struct user_in *in, struct user *out)
{
	if (access_require(cx, PERM_USERS_WRITE, NULL) < 0)
		return -1;
	if (accounts_validate_new(cx, in) < 0)
		return -1;
	char hash[CRYPTO_PWHASH_LEN];
	if (crypto_password_hash(in->password, hash) != 0)
		return err_setf(&cx->err, ERR_INTERNAL, "password hashing failed");
	if (ctx_begin(cx) < 0 || accounts_insert(cx, in, hash, false, out) < 0)
		return -1;
	return ctx_commit(cx);
}

int accounts_ensure_machine(struct ctx *cx, const char *username, const char *display_name,
			    int role, int64_t unit_id, struct user *out)
{
	int f = accounts_find(cx, username, out, NULL);
	if (f != 0)
		return f < 0 ? -1 : 0;
	char pw[CRYPTO_TOKEN_LEN + 8];
	crypto_token(pw, sizeof pw, NULL);
	const char *post = NULL;
	struct user_in in = {.username = username, .display_name = display_name, .password = pw,
			     .role = role, .nunits = 1, .unit_ids = &unit_id, .posts = &post};
	return accounts_create(cx, &in, out) < 0 ? -1 : 1;
}

int accounts_list(struct ctx *cx, const struct user_filter *f, struct user **items, size_t *n,
		  int64_t *next_cursor)
{
	if (access_require(cx, PERM_USERS_READ, NULL) < 0)
		return -1;
	const char *like = f->q ? text_like_contains(cx->a, f->q) : NULL;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " USER_COLS " FROM users u WHERE u.id > ? "
		"AND (CAST(? AS TEXT) IS NULL OR u.username_key LIKE ? ESCAPE '\\' "
		"     OR lower(u.display_name) LIKE ? ESCAPE '\\') "
		"AND (CAST(? AS TEXT) IS NULL OR u.role = ?) "
		/* the unit and those below it; one outside the actor's scope matches nobody */
		"AND " ACCESS_USER_UNDER_UNIT_SQL("u.id") " "
		"AND " ACCESS_USER_IN_SCOPE_SQL("u.id") " "
		"ORDER BY u.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, f->cursor);
	store_bind_text(st, 2, like);
	store_bind_text(st, 3, like);
	store_bind_text(st, 4, like);
	const char *role = f->role ? role_name(f->role) : NULL;
	store_bind_text(st, 5, role);
	store_bind_text(st, 6, role);
	access_bind_unit(cx, st, 7, f->unit_id);
	access_bind_scope(cx, st, 11);
	store_bind_int64(st, 13, f->limit + 1);
	if (ctx_page(cx, st, sizeof **items, f->limit, read_user, items, n, next_cursor) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++) {
		if (load_units(cx, &(*items)[i]) < 0)
			return -1;
		keep_visible_units(cx, &(*items)[i]);
	}
	return 0;
}

/* Shared tail of every edit: version-checked UPDATE already done, reload, audit, commit. */
static int finish_edit(struct ctx *cx, const char *action, const struct user *before,
		       struct user *out)
{
	if (fetch_user(cx, before->id, out) <= 0) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = user_json(before), *a = user_json(out);
	int rc = audit_record(cx, action, "user", before->id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	keep_visible_units(cx, out);
	return ctx_commit(cx);
}

/* Load the target for an edit: 404 when missing or outside scope. */
static int edit_target(struct ctx *cx, int64_t id, struct user *u)
{
	if (access_require(cx, PERM_USERS_WRITE, NULL) < 0)
		return -1;
	int f = fetch_user(cx, id, u);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	struct scope_target t = user_scope(cx, u);
	return u->nunits ? access_require(cx, PERM_USERS_WRITE, &t) : 0;
}

static int exec_update(struct ctx *cx, struct store_stmt *st)
{
	int rc = store_step(st);
	int64_t changed = store_changes(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	if (changed == 0) {
		ctx_rollback(cx);
		err_field(&cx->err, "version", "stale", 0);
		return err_set(&cx->err, ERR_VERSION_CONFLICT);
	}
	return 0;
}

int accounts_update(struct ctx *cx, int64_t id, json_t *patch, struct user *out)
{
	static const char *const allowed[] = {"version", "display_name", "role", "unit_ids",
					      "unit_posts", NULL};
	struct err *e = &cx->err;
	struct user u;
	if (edit_target(cx, id, &u) < 0)
		return -1;
	int64_t version = 0;
	const char *display = u.display_name, *role_s = NULL;
	int64_t *units = NULL;
	size_t nunits = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	jf_str(patch, "display_name", 0, (size_t)access_limits[L_DISPLAY_NAME].min,
	       (size_t)access_limits[L_DISPLAY_NAME].max, &display, e);
	int role = u.role;
	if (jf_str(patch, "role", 0, 1, 32, &role_s, e) > 0 && (role = role_parse(role_s)) == ROLE_NONE)
		err_field(e, "role", "role_unknown", 0);
	int has_units = jf_int_array(patch, "unit_ids", 0, 64, 1, INT64_MAX, cx->a, &units, &nunits, e);
	if (e->code || (has_units > 0 && check_units(cx, units, nunits) < 0))
		return -1;
	if (has_units <= 0) {   /* posts at the units the user serves now */
		nunits = u.nunits;
		units = arena_alloc(cx->a, (nunits ? nunits : 1) * sizeof *units);
		for (size_t i = 0; i < nunits; i++)
			units[i] = u.units[i].id;
	}
	const char **posts = NULL;
	if (posts_read(cx, patch, units, nunits, &posts) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE users SET display_name = ?, role = ?, updated_at = ?, version = version + 1 "
		"WHERE id = ? AND version = ?");
	if (!st) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	store_bind_text(st, 1, display);
	store_bind_text(st, 2, role_name(role));
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, id);
	store_bind_int64(st, 5, version);
	if (exec_update(cx, st) < 0)
		return -1;
	if ((has_units > 0 && set_units(cx, id, units, nunits) < 0) ||
	    posts_write(cx, id, units, nunits, posts) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return finish_edit(cx, "user.update", &u, out);
}

int accounts_set_locked(struct ctx *cx, int64_t id, bool locked, struct user *out)
{
	struct user u;
	if (edit_target(cx, id, &u) < 0)
		return -1;
	if (locked && id == cx->actor.user_id) {
		err_field(&cx->err, "id", "invalid", 0);
		return err_set(&cx->err, ERR_CONFLICT);     /* an admin cannot lock themself out */
	}
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE users SET locked = ?, updated_at = ?, version = version + 1 WHERE id = ?");
	if (!st) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	store_bind_int64(st, 1, locked ? 1 : 0);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	if (exec_update(cx, st) < 0)
		return -1;
	if (!locked) {   /* unlocking also lifts a failed-login lock */
		st = store_prepare(cx->db, "DELETE FROM login_throttle WHERE username_key = ?");
		if (!st || (store_bind_text(st, 1, username_key(cx, u.username)), store_step(st)) != STORE_DONE) {
			store_reset(st);
			ctx_store_error(cx);
			ctx_rollback(cx);
			return -1;
		}
		store_reset(st);
	} else {         /* a locked account's sessions end now */
		st = store_prepare(cx->db, "DELETE FROM sessions WHERE user_id = ?");
		if (!st || (store_bind_int64(st, 1, id), store_step(st)) != STORE_DONE) {
			store_reset(st);
			ctx_store_error(cx);
			ctx_rollback(cx);
			return -1;
		}
		store_reset(st);
	}
	return finish_edit(cx, locked ? "user.lock" : "user.unlock", &u, out);
}

/* must_change: set by an administrator's reset, so that its owner replaces it at the next
 * login; cleared when the owner chooses their own. */
static int write_password(struct ctx *cx, const struct user *u, const char *password,
			  bool must_change)
{
	char hash[CRYPTO_PWHASH_LEN];
	if (crypto_password_hash(password, hash) != 0)
		return err_setf(&cx->err, ERR_INTERNAL, "password hashing failed");
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ?, "
		"version = version + 1 WHERE id = ?");
	if (!st) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	store_bind_text(st, 1, hash);
	store_bind_int64(st, 2, must_change ? 1 : 0);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, u->id);
	if (exec_update(cx, st) < 0)
		return -1;
	/* a new password ends the other sessions of the account */
	st = store_prepare(cx->db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?");
	if (!st) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	store_bind_int64(st, 1, u->id);
	store_bind_int64(st, 2, u->id == cx->actor.user_id ? cx->actor.session_id : 0);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		ctx_store_error(cx);
		ctx_rollback(cx);
		return -1;
	}
	return 0;
}

int accounts_set_password(struct ctx *cx, int64_t id, const char *password, struct user *out)
{
	struct user u;
	if (edit_target(cx, id, &u) < 0)
		return -1;
	if (accounts_check_password(&cx->err, "password", u.username, password) < 0)
		return -1;
	/* set for someone else, it is theirs to replace at the next login */
	if (write_password(cx, &u, password, !cx->actor.system && u.id != cx->actor.user_id) < 0)
		return -1;
	return finish_edit(cx, "user.password_reset", &u, out);
}

/* Reserve one guess for a name before its password is checked. Every guess is counted when it
 * is reserved, in one statement (atomic on both engines and across copies of linli), and it is
 * refused while the name is locked or while the guesses of the window, those still being
 * checked included, have reached login_max_failures: no more than that many are ever checked
 * per window, however many arrive at once. A right password forgets them (forget_attempts).
 * 0 reserved; -1 with 429 and Retry-After, or a store error. *count is this guess's number. */
static int reserve_attempt(struct ctx *cx, const char *key, const struct settings *s,
			   int64_t *count)
{
	int64_t window = s->login_lock_minutes * 60;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO login_throttle (username_key, failures, locked_until, updated_at) "
		"VALUES (?, 1, 0, ?) ON CONFLICT (username_key) DO UPDATE SET "
		"failures = CASE WHEN login_throttle.updated_at < ? THEN 1 "
		"                ELSE login_throttle.failures + 1 END, "
		"updated_at = excluded.updated_at "
		"WHERE login_throttle.locked_until <= ? AND "
		"(login_throttle.updated_at < ? OR login_throttle.failures < ?) RETURNING failures");
	if (!st)
		goto fail;
	store_bind_text(st, 1, key);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, cx->now - window);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now - window);
	store_bind_int64(st, 6, s->login_max_failures);
	int rc = store_step(st);
	*count = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail;
	if (*count > 0)
		return ctx_commit(cx);
	st = store_prepare(cx->db, "SELECT locked_until FROM login_throttle WHERE username_key = ?");
	if (!st)
		goto fail;
	store_bind_text(st, 1, key);
	rc = store_step(st);
	int64_t until = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc == STORE_ERR)
		goto fail;
	ctx_rollback(cx);
	/* locked: the rest of the lock; the last guesses still being checked: a whole window */
	cx->err.retry_after = (int)(until > cx->now ? until - cx->now : window);
	return err_set(&cx->err, ERR_TOO_MANY_ATTEMPTS);
fail:
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

/* A reserved guess was wrong: audit it, and lock the name when it was the window's last. In its
 * own transaction. Returns 1 when the name is now locked, 0 when not, -1 on error. */
static int record_failure(struct ctx *cx, const char *key, const char *username, int64_t user_id,
			  const struct settings *s, int64_t count, const char *action,
			  const char *lock_action)
{
	if (ctx_begin(cx) < 0)
		return -1;
	bool lock = count >= s->login_max_failures;
	if (lock) {
		struct store_stmt *st = store_prepare(cx->db,
			"UPDATE login_throttle SET failures = 0, locked_until = ? WHERE username_key = ?");
		if (!st)
			goto fail;
		store_bind_int64(st, 1, cx->now + s->login_lock_minutes * 60);
		store_bind_text(st, 2, key);
		int rc = store_step(st);
		store_reset(st);
		if (rc != STORE_DONE)
			goto fail;
	}
	json_t *after = json_pack("{s:s, s:I, s:b}", "username", username, "failures",
				  (json_int_t)count, "locked", lock);
	int rc = audit_record_as(cx, 0, username, lock ? lock_action : action, "user", user_id, NULL,
				 after);
	json_decref(after);
	if (rc < 0)
		goto fail;
	return ctx_commit(cx) < 0 ? -1 : lock;
fail:
	if (!cx->err.code)
		ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

/* A right password: the name's guesses are forgotten. Inside the caller's transaction. */
static int forget_attempts(struct ctx *cx, const char *key)
{
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM login_throttle WHERE username_key = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, key);
	int rc = store_step(st);
	store_reset(st);
	return rc == STORE_DONE ? 0 : ctx_store_error(cx);
}

/* Logins a minute from one address, in this process: a flood of guesses for made-up names
 * is turned away before the slow hash and before it fills login_throttle and the audit log. */
static struct ratelimit login_rate = RATELIMIT_INIT;

void accounts_set_login_rate(unsigned per_minute) { ratelimit_set(&login_rate, per_minute); }

int accounts_authenticate(struct ctx *cx, const char *username, const char *password,
			  struct user *out)
{
	int wait = 0;
	if (!ratelimit_take(&login_rate, cx->ip, cx->now, &wait)) {
		cx->err.retry_after = wait;
		return err_set(&cx->err, ERR_RATE_LIMITED);
	}
	struct settings s;
	if (settings_load(cx, &s) < 0)
		return -1;
	const char *key = username_key(cx, username);
	int64_t count;
	if (reserve_attempt(cx, key, &s, &count) < 0)
		return -1;
	const char *hash = NULL;
	int f = accounts_find(cx, username, out, &hash);
	if (f < 0)
		return -1;
	/* the slow hash runs outside any transaction so no write lock is held meanwhile */
	bool ok = false;
	if (f == 0)
		crypto_password_dummy_verify(password);
	else
		ok = crypto_password_verify(hash, password);
	if (!ok) {
		if (record_failure(cx, key, username, f ? out->id : 0, &s, count, "session.login_failed",
				   "session.login_locked") < 0)
			return -1;
		return err_set(&cx->err, ERR_INVALID_CREDENTIALS);
	}
	if (out->locked)
		return err_set(&cx->err, ERR_ACCOUNT_DISABLED);
	if (ctx_begin(cx) < 0)
		return -1;
	if (forget_attempts(cx, key) < 0)
		goto fail;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE users SET previous_login_at = last_login_at, last_login_at = ? WHERE id = ?");
	if (!st)
		goto fail;
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, out->id);
	int rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		goto fail;
	out->previous_login_at = out->last_login_at;
	out->last_login_at = cx->now;
	out->locked_until = 0;
	return 0;   /* the caller creates the session, audits and commits */
fail:
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

int accounts_change_own_password(struct ctx *cx, const char *current, const char *password)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct user u, after;
	const char *hash = NULL;
	int f = accounts_find(cx, cx->actor.username, &u, &hash);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_UNAUTHENTICATED);
	/* the current password is guessed under the same count and lock as logins: a stolen
	 * session or token must not be a way round them */
	struct settings s;
	if (settings_load(cx, &s) < 0)
		return -1;
	const char *key = username_key(cx, u.username);
	int64_t count;
	if (reserve_attempt(cx, key, &s, &count) < 0)
		return -1;
	if (!crypto_password_verify(hash, current)) {
		int locked = record_failure(cx, key, u.username, u.id, &s, count,
					    "user.password_change_failed", "user.password_change_locked");
		if (locked < 0)
			return -1;
		if (locked == 0)
			return err_field(&cx->err, "current_password", "password_wrong", 0);
		/* the last guess of the window: the session it came through ends */
		if (cx->actor.session_id) {
			int64_t gone = 0;
			if (store_query_int64(cx->db, "DELETE FROM sessions WHERE id = ? RETURNING id",
					      &gone, 1, cx->actor.session_id) < 0)
				return ctx_store_error(cx);
		}
		cx->err.retry_after = (int)(s.login_lock_minutes * 60);
		return err_set(&cx->err, ERR_TOO_MANY_ATTEMPTS);
	}
	if (accounts_check_password(&cx->err, "password", u.username, password) < 0)
		return -1;
	if (crypto_password_verify(hash, password))   /* a change must change it */
		return err_field(&cx->err, "password", "password_same", 0);
	if (write_password(cx, &u, password, false) < 0)
		return -1;
	if (forget_attempts(cx, key) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return finish_edit(cx, "user.password_change", &u, &after);
}
