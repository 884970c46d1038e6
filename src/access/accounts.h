/* accounts: users, their roles and units, passwords and the failed-login lock. */
#ifndef LINLI_ACCOUNTS_H
#define LINLI_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"
#include "org/org.h"

struct user {
	int64_t id;
	const char *username, *display_name;
	int role;
	bool locked;              /* by an administrator */
	int64_t locked_until;     /* failed-login lock, 0 when none */
	int64_t last_login_at, created_at, updated_at, version;
	int64_t previous_login_at;   /* the login before the last one */
	bool must_change_password;   /* an administrator set it: to be replaced at the next login */
	size_t nunits;
	struct org_unit *units;
	const char **posts;          /* the post at each unit (NULL: none) */
};

struct user_in {
	const char *username, *display_name, *password;
	int role;
	size_t nunits;
	int64_t *unit_ids;
	const char *const *posts;    /* for each unit, or NULL (posts.h) */
};

struct user_filter {
	const char *q;            /* substring of username or display name */
	int role;                 /* ROLE_NONE: any */
	int64_t unit_id;          /* 0: any */
	int64_t cursor;           /* ids above it */
	int limit;
};


/* The password policy: records a field error under `field` and returns -1 when broken. */
int accounts_check_password(struct err *e, const char *field, const char *username,
			    const char *password);
/* Username rules: 3..32 of [A-Za-z0-9._-]. */
bool accounts_username_valid(const char *username);

/* Every rule of a new account, each broken one recorded as a field error. */
int accounts_validate_new(struct ctx *cx, const struct user_in *in);
int accounts_create(struct ctx *cx, const struct user_in *in, struct user *out);
/* An account only its API tokens act as (a 12345 platform, an outside app), in one unit with no
 * post, its password random and never told: 1 made, 0 there already (*out read), -1 error. */
int accounts_ensure_machine(struct ctx *cx, const char *username, const char *display_name,
			    int role, int64_t unit_id, struct user *out);
/* For a feature that has judged its own permission and accounts_validate_new() (a volunteer's
 * approval): the account's rows in the open transaction, audited as user.create, the password
 * hashed beforehand (crypto_password_hash, outside any transaction). must_change makes it a
 * temporary password, its owner's to replace at the first login. 0, or -1 rolled back (409 on
 * `username` when the name is taken). */
int accounts_insert(struct ctx *cx, const struct user_in *in, const char *pwhash,
		    bool must_change, struct user *out);
int accounts_get(struct ctx *cx, int64_t id, struct user *out);
/* Find by name without an access check (the command line, login). 1 found, 0 not, -1 error. */
int accounts_find(struct ctx *cx, const char *username, struct user *out, const char **pwhash);
int accounts_list(struct ctx *cx, const struct user_filter *f, struct user **items, size_t *n,
		  int64_t *next_cursor);
/* Edit: fields given as a JSON object {"version", "display_name"?, "role"?, "unit_ids"?}. */
int accounts_update(struct ctx *cx, int64_t id, json_t *patch, struct user *out);
int accounts_set_locked(struct ctx *cx, int64_t id, bool locked, struct user *out);
int accounts_set_password(struct ctx *cx, int64_t id, const char *password, struct user *out);
int accounts_change_own_password(struct ctx *cx, const char *current, const char *password);

/* At most per_minute login attempts a minute from one address (0: no limit); 429
 * rate_limited beyond it, before any password is checked. Set at start. */
void accounts_set_login_rate(unsigned per_minute);
/* Login: checks the address's rate, the failed-login lock, the password and the
 * administrator's lock; records the failure or the success (audited). On success fills `out`
 * (the session is made by the caller in the same call chain). */
int accounts_authenticate(struct ctx *cx, const char *username, const char *password,
			  struct user *out);

json_t *user_json(const struct user *u);

#endif
