#include "access/access.h"

#include <string.h>

#include "org/org.h"

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_NONE] = "", [ROLE_ADMIN] = "admin", [ROLE_STAFF] = "staff",
	[ROLE_GRID_LEADER] = "grid_leader", [ROLE_GRID_WORKER] = "grid_worker",
	[ROLE_PARTY_MEMBER] = "party_member", [ROLE_VOLUNTEER] = "volunteer",
	[ROLE_RESIDENT] = "resident",
};

static const char *const perm_names[PERM__COUNT] = {
	"self", "units.read", "units.write", "users.read", "users.write", "tokens.manage", "audit.read",
	"settings.read", "settings.write", "stats.read", "residents.read", "residents.write",
	"residents.reveal", "residents.sensitive", "residents.export", "party.read", "party.write",
	"visits.read", "visits.write", "visits.plan", "visits.paired", "catalog.read", "catalog.write",
	"requests.read", "requests.write", "requests.dispatch", "requests.handle",
	"volunteers.read", "volunteers.write", "points.read", "points.write",
	"honours.read", "honours.write", "honours.nominate", "notify.manage", "hotline.manage",
};

#define P(x) ((uint64_t)1 << (x))
/* a role's permissions are the bits of one uint64_t */
_Static_assert(PERM__COUNT <= 64, "more permissions than the bits of role_perms");
/* Later features add permissions here, not mechanisms. Those who serve households read and
 * keep them; sensitive tags are for the community's staff and grid leaders; revealing and
 * exporting are the community's. */
#define RESIDENTS (P(PERM_RESIDENTS_READ) | P(PERM_RESIDENTS_WRITE))
/* Home visits: those who serve households visit them; leaders and staff keep the plans and
 * pairings; volunteers and party members only the residents paired with them. */
#define VISITS (P(PERM_VISITS_READ) | P(PERM_VISITS_WRITE))
/* The service catalog: every worker reads it to take a request; the community's staff keep it. */
#define CATALOG P(PERM_CATALOG_READ)
/* Requests: every worker takes and handles them; staff and grid leaders dispatch. */
#define REQUESTS (P(PERM_REQUESTS_READ) | P(PERM_REQUESTS_WRITE) | P(PERM_REQUESTS_HANDLE))
/* Volunteers: the community's staff register, approve and train them; grid leaders read them. */
#define VOLUNTEERS (P(PERM_VOLUNTEERS_READ) | P(PERM_VOLUNTEERS_WRITE))
/* Points, the store and the time bank: the community's staff keep them, grid leaders read;
 * holders (volunteers, residents) see their own accounts by their login, without a permission. */
#define POINTS (P(PERM_POINTS_READ) | P(PERM_POINTS_WRITE))
/* Household points and honours: the community's staff keep the rules, award points and run the
 * ratings; grid leaders and workers read them and nominate the households of their grids. */
#define HONOURS (P(PERM_HONOURS_READ) | P(PERM_HONOURS_NOMINATE))
static const uint64_t role_perms[ROLE__COUNT] = {
	[ROLE_ADMIN] = ~(uint64_t)0,
	[ROLE_STAFF] = P(PERM_SELF) | P(PERM_UNITS_READ) | P(PERM_USERS_READ) | P(PERM_STATS_READ) |
		       RESIDENTS | P(PERM_RESIDENTS_SENSITIVE) | P(PERM_RESIDENTS_REVEAL) |
		       P(PERM_RESIDENTS_EXPORT) | P(PERM_PARTY_READ) | P(PERM_PARTY_WRITE) | VISITS |
		       P(PERM_VISITS_PLAN) | CATALOG | P(PERM_CATALOG_WRITE) | REQUESTS |
		       P(PERM_REQUESTS_DISPATCH) | VOLUNTEERS | POINTS | HONOURS |
		       P(PERM_HONOURS_WRITE) | P(PERM_NOTIFY_MANAGE),
	[ROLE_GRID_LEADER] = P(PERM_SELF) | P(PERM_UNITS_READ) | P(PERM_USERS_READ) | RESIDENTS |
			     P(PERM_RESIDENTS_SENSITIVE) | P(PERM_PARTY_READ) | VISITS |
			     P(PERM_VISITS_PLAN) | CATALOG | REQUESTS | P(PERM_REQUESTS_DISPATCH) |
			     P(PERM_VOLUNTEERS_READ) | P(PERM_POINTS_READ) | HONOURS,
	[ROLE_GRID_WORKER] = P(PERM_SELF) | P(PERM_UNITS_READ) | RESIDENTS | P(PERM_PARTY_READ) | VISITS |
			     CATALOG | REQUESTS | HONOURS,
	/* party members read the nodes they serve at and the households linked to them */
	[ROLE_PARTY_MEMBER] = P(PERM_SELF) | P(PERM_UNITS_READ) | P(PERM_PARTY_READ) |
			      P(PERM_VISITS_PAIRED),
	[ROLE_VOLUNTEER] = P(PERM_SELF) | P(PERM_UNITS_READ) | P(PERM_VISITS_PAIRED),
	[ROLE_RESIDENT] = P(PERM_SELF),
};

const char *role_name(int r) { return r > 0 && r < ROLE__COUNT ? role_names[r] : ""; }
const char *perm_name(enum perm p) { return p < PERM__COUNT ? perm_names[p] : ""; }

int role_parse(const char *name)
{
	for (int r = 1; r < ROLE__COUNT; r++)
		if (name && strcmp(name, role_names[r]) == 0)
			return r;
	return ROLE_NONE;
}

bool access_role_has(int role, enum perm p)
{
	return role > 0 && role < ROLE__COUNT && (role_perms[role] & P(p));
}

bool access_is_global(const struct ctx *cx)
{
	return cx->actor.system || cx->actor.role == ROLE_ADMIN;
}

bool access_path_in_scope(const struct ctx *cx, const char *path)
{
	if (access_is_global(cx))
		return true;
	for (size_t i = 0; i < cx->actor.nunits; i++) {
		const char *mine = cx->actor.unit_paths[i];
		if (strncmp(path, mine, strlen(mine)) == 0)
			return true;
	}
	return false;
}

int access_require(struct ctx *cx, enum perm p, const struct scope_target *t)
{
	if (cx->actor.system)
		return 0;
	if (cx->actor.user_id == 0)
		return err_set(&cx->err, ERR_UNAUTHENTICATED);
	if (cx->actor.password_change && p != PERM_SELF)
		return err_set(&cx->err, ERR_PASSWORD_CHANGE);
	if (!access_role_has(cx->actor.role, p))
		return err_setf(&cx->err, ERR_FORBIDDEN, "role %s lacks %s", role_name(cx->actor.role),
				perm_name(p));
	if (!t || access_is_global(cx))
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (access_path_in_scope(cx, t->paths[i]))
			return 0;
	return err_setf(&cx->err, ERR_NOT_FOUND, "outside the actor's units");
}

void access_bind_scope(const struct ctx *cx, struct store_stmt *st, int idx)
{
	store_bind_int64(st, idx, access_is_global(cx) ? 1 : 0);
	store_bind_int64(st, idx + 1, cx->actor.user_id);
}

void access_bind_user(const struct ctx *cx, struct store_stmt *st, int idx)
{
	store_bind_int64(st, idx, cx->actor.user_id);
}

void access_bind_unit(const struct ctx *cx, struct store_stmt *st, int idx, int64_t unit_id)
{
	if (unit_id) {
		store_bind_int64(st, idx, unit_id);
		store_bind_int64(st, idx + 1, unit_id);
	} else {
		store_bind_null(st, idx);
		store_bind_null(st, idx + 1);
	}
	access_bind_scope(cx, st, idx + 2);
}

int access_anchor(const struct ctx *cx, int64_t *unit_id)
{
	static const char *const kinds[ORG_ANCHORS] = {"street", "community", "grid"};
	if (access_is_global(cx) || cx->actor.nunits != 1)
		return -1;
	for (int k = 0; k < ORG_ANCHORS; k++)
		if (strcmp(cx->actor.unit_kinds[0], kinds[k]) == 0) {
			*unit_id = cx->actor.unit_ids[0];
			return k;
		}
	return -1;
}

struct unit_row {
	int64_t id;
	const char *path, *kind;
};

static int64_t read_unit_row(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct unit_row *r = row;
	r->id = store_col_int64(st, 0);
	r->path = arena_strdup(cx->a, store_col_text(st, 1));
	r->kind = arena_strdup(cx->a, store_col_text(st, 2));
	return r->id;
}

int access_load_units(struct ctx *cx)
{
	struct store_stmt *st = store_prepare(cx->db,
		/* each unit looked up by its key: as a join, PostgreSQL with figures of user_units
		 * older than its newest rows can pick a merge join that walks org_units from its
		 * first id to the user's unit (2-3 ms a request on the district data) */
		"SELECT uu.unit_id, (SELECT o.path FROM org_units o WHERE o.id = uu.unit_id) AS path, "
		"(SELECT o.kind FROM org_units o WHERE o.id = uu.unit_id) FROM user_units uu "
		"WHERE uu.user_id = ? ORDER BY path");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->actor.user_id);
	struct unit_row *rows;
	size_t n;
	/* all of them: the check in memory and the rule in SQL see the same units */
	if (ctx_rows(cx, st, sizeof *rows, 0, read_unit_row, &rows, &n) < 0)
		return -1;
	cx->actor.nunits = n;
	cx->actor.unit_ids = arena_alloc(cx->a, sizeof(int64_t) * (n ? n : 1));
	cx->actor.unit_paths = arena_alloc(cx->a, sizeof(char *) * (n ? n : 1));
	cx->actor.unit_kinds = arena_alloc(cx->a, sizeof(char *) * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		cx->actor.unit_ids[i] = rows[i].id;
		cx->actor.unit_paths[i] = rows[i].path;
		cx->actor.unit_kinds[i] = rows[i].kind;
	}
	return 0;
}
