/* access: roles, permissions, scopes, and the one function that decides every permission.
 *
 * A user's scope is the set of org units they are assigned to, with everything below them.
 * Administrators and the command line see everything. A read of something outside the caller's
 * scope answers 404, so that its existence is not revealed. */
#ifndef LINLI_ACCESS_H
#define LINLI_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN,
	ROLE_STAFF,
	ROLE_GRID_LEADER,
	ROLE_GRID_WORKER,
	ROLE_PARTY_MEMBER,
	ROLE_VOLUNTEER,
	ROLE_RESIDENT,
	ROLE__COUNT
};

enum perm {
	PERM_SELF,            /* one's own account: who am I, own password */
	PERM_UNITS_READ,
	PERM_UNITS_WRITE,     /* create, rename, move and close org units and places */
	PERM_USERS_READ,
	PERM_USERS_WRITE,
	PERM_TOKENS_MANAGE,
	PERM_AUDIT_READ,
	PERM_SETTINGS_READ,
	PERM_SETTINGS_WRITE,
	PERM_STATS_READ,
	PERM_RESIDENTS_READ,      /* households and residents, masked */
	PERM_RESIDENTS_WRITE,
	PERM_RESIDENTS_REVEAL,    /* a clear ID number or phone, for a reason, audited */
	PERM_RESIDENTS_SENSITIVE, /* sensitive tags: disability, minimum income, health, minors */
	PERM_RESIDENTS_EXPORT,
	PERM_PARTY_READ,          /* the party service tree in scope, its members and links */
	PERM_PARTY_WRITE,
	PERM_VISITS_READ,         /* home visits and plans within scope */
	PERM_VISITS_WRITE,        /* record home visits within scope */
	PERM_VISITS_PLAN,         /* keep visit plans and one-to-one pairings */
	PERM_VISITS_PAIRED,       /* record and read visits of the residents paired with one */
	PERM_CATALOG_READ,        /* the service catalog, internal items included */
	PERM_CATALOG_WRITE,       /* keep the items of the catalogs in scope */
	PERM_REQUESTS_READ,       /* resident requests within scope */
	PERM_REQUESTS_WRITE,      /* take a new request from a resident */
	PERM_REQUESTS_DISPATCH,   /* accept, dispatch, verify and close requests in scope */
	PERM_REQUESTS_HANDLE,     /* handle the requests dispatched to one or one's units */
	PERM_VOLUNTEERS_READ,     /* volunteers, teams, training and qualifications in scope */
	PERM_VOLUNTEERS_WRITE,    /* register, approve and keep them; courses, sessions, attendance */
	PERM_POINTS_READ,         /* the points accounts, goods, redemptions and exchanges in scope */
	PERM_POINTS_WRITE,        /* post earnings, keep goods, hand over, record exchanges */
	PERM_HONOURS_READ,        /* household points rules and awards, honour ratings in scope */
	PERM_HONOURS_WRITE,       /* keep the rules, award points, run ratings, resolve objections */
	PERM_HONOURS_NOMINATE,    /* nominate the households in scope for an honour */
	PERM_NOTIFY_MANAGE,       /* the group robots and webhooks of the units in scope, deliveries */
	PERM_HOTLINE_MANAGE,      /* the 12345 platforms, their category mapping, the queue */
	PERM__COUNT
};

const char *role_name(int role);
int role_parse(const char *name);      /* ROLE_NONE when unknown */
const char *perm_name(enum perm p);

/* What a permission is checked against: NULL for an action not tied to units, else the
 * materialised paths of the units the object belongs to. */
struct scope_target {
	size_t n;
	const char *const *paths;
};

/* The one authorization check. 0 when allowed; otherwise -1 with cx->err set:
 * 401 when nobody is logged in, 403 when the role lacks the permission, 404 when the object is
 * outside the actor's units. */
int access_require(struct ctx *cx, enum perm p, const struct scope_target *t);
/* Whether the actor sees every unit (administrators, the command line). */
bool access_is_global(const struct ctx *cx);
/* Whether a unit path lies within the actor's scope. */
bool access_path_in_scope(const struct ctx *cx, const char *path);
/* Whether the role has the permission, scope aside (for menus and tests). */
bool access_role_has(int role, enum perm p);

/* The same scope rule in SQL, for lists filtered in the query. Each takes two parameters, bound
 * by access_bind_scope(): whether the actor is global, and the actor's user id. */
#define ACCESS_PATH_IN_SCOPE_SQL(path) \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_units au JOIN org_units ao ON ao.id = au.unit_id" \
	" WHERE au.user_id = ? AND substr(" path ", 1, length(ao.path)) = ao.path))"
/* The same rule for lists over many rows, for an actor who is not global (access_is_global):
 * the units of the scope found once per query, walking down from the actor's units by parent,
 * instead of a test of every row's path; the planner can then start from those units' rows.
 * Equivalent to ACCESS_PATH_IN_SCOPE_SQL: a unit's path is its parent's path and its own id.
 * One parameter, bound by access_bind_user(): the actor's user id. */
#define ACCESS_UNIT_IN_SCOPE_SQL(unit_id) \
	"(" unit_id " IN (WITH RECURSIVE su(id) AS (SELECT au.unit_id FROM user_units au" \
	" WHERE au.user_id = ? UNION SELECT c.id FROM org_units c JOIN su ON c.parent_id = su.id)" \
	" SELECT id FROM su))"
/* For tables that keep a unit's anchors beside its id (street_id, community_id, grid_id;
 * org/org.h): when the actor's scope is exactly one street, community or grid, its anchor
 * (ORG_ANCHOR_STREET, _COMMUNITY or _GRID), with the unit's id in *unit_id, so that the scope
 * is "<anchor column> = unit_id", which an index over (anchor, ..., id) reads in id order;
 * else -1 (global, several units, or a unit of another kind: use ACCESS_UNIT_IN_SCOPE_SQL). */
int access_anchor(const struct ctx *cx, int64_t *unit_id);
/* A user is in scope when one of their units is. */
#define ACCESS_USER_IN_SCOPE_SQL(user_id) \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_units su JOIN org_units so ON so.id = su.unit_id" \
	" JOIN user_units au ON au.user_id = ? JOIN org_units ao ON ao.id = au.unit_id" \
	" WHERE su.user_id = " user_id " AND substr(so.path, 1, length(ao.path)) = ao.path))"
/* A user serves the unit or one below it: two parameters, the unit's id twice (NULL, NULL:
 * every user). With a unit outside the actor's scope it matches nobody, as a unit that does
 * not exist would. Bound by access_bind_unit(); two more for the scope, at idx + 2. */
#define ACCESS_USER_UNDER_UNIT_SQL(user_id) \
	"(CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM user_units fu" \
	" JOIN org_units fo ON fo.id = fu.unit_id JOIN org_units fp ON fp.id = ?" \
	" WHERE fu.user_id = " user_id " AND substr(fo.path, 1, length(fp.path)) = fp.path" \
	" AND " ACCESS_PATH_IN_SCOPE_SQL("fp.path") "))"
/* Bind ACCESS_USER_UNDER_UNIT_SQL's four parameters at idx (unit_id 0: no unit). */
void access_bind_unit(const struct ctx *cx, struct store_stmt *st, int idx, int64_t unit_id);
/* Bind the two scope parameters at idx and idx + 1. */
void access_bind_scope(const struct ctx *cx, struct store_stmt *st, int idx);
/* Bind ACCESS_UNIT_IN_SCOPE_SQL's parameter at idx. */
void access_bind_user(const struct ctx *cx, struct store_stmt *st, int idx);

/* Fill cx->actor's units from the database (after authentication). */
int access_load_units(struct ctx *cx);

#endif
