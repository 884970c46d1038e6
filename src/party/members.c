/* Party members at the nodes of the tree, and the key households each looks after. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "party/limits.h"
#include "party/party_int.h"
#include "registry/registry.h"

static const char *const roles[] = {"secretary", "deputy_secretary", "committee", "member",
				    "centre_head", "post_holder", NULL};

static bool role_valid(const char *r)
{
	for (int i = 0; roles[i]; i++)
		if (strcmp(r, roles[i]) == 0)
			return true;
	return false;
}

static int max_links(void) { return (int)party_limits[L_PARTY_LINKS].max; }

/* ---- reading ---------------------------------------------------------------------------- */

#define M_COLS "m.id, m.party_unit_id, m.user_id, m.resident_id, COALESCE(u.display_name, ''), " \
	"m.role, m.since, m.until, m.version"
#define M_FROM "party_members m LEFT JOIN users u ON u.id = m.user_id"

static int64_t read_member(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct party_member *m = row;
	m->id = store_col_int64(st, 0);
	m->party_unit_id = store_col_int64(st, 1);
	m->user_id = store_col_int64(st, 2);
	m->resident_id = store_col_int64(st, 3);
	m->name = arena_strdup(cx->a, store_col_text(st, 4));
	m->role = arena_strdup(cx->a, store_col_text(st, 5));
	m->since = (int)store_col_int64(st, 6);
	m->until = (int)store_col_int64(st, 7);
	m->version = store_col_int64(st, 8);
	return m->id;
}

static int64_t read_link(struct ctx *cx, struct store_stmt *st, void *row)
{
	(void)cx;
	struct party_link *l = row;
	l->id = store_col_int64(st, 0);
	l->member_id = store_col_int64(st, 1);
	l->household_id = store_col_int64(st, 2);
	l->since = (int)store_col_int64(st, 3);
	l->until = (int)store_col_int64(st, 4);
	l->version = store_col_int64(st, 5);
	return l->id;
}

/* The household as the registry shows it to this reader: their own links always, others'
 * only where the reader may read the registry. NULL when hidden. */
static int household_json(struct ctx *cx, int64_t id, bool own, json_t **out)
{
	struct household h;
	*out = NULL;
	if (own) {
		int f = registry_household_by_id(cx, id, &h);
		if (f < 0)
			return -1;
		if (f == 1)
			*out = registry_household_json(cx, &h);
		return 0;
	}
	if (registry_household_get(cx, id, PERM_RESIDENTS_READ, &h) < 0) {
		if (cx->err.code != ERR_NOT_FOUND && cx->err.code != ERR_FORBIDDEN)
			return -1;
		err_clear(&cx->err);
		return 0;
	}
	*out = registry_household_json(cx, &h);
	return 0;
}

/* The member's name: the account's, else the resident's as the registry shows it. */
static void resident_name(struct ctx *cx, struct party_member *m)
{
	if (*m->name || !m->resident_id)
		return;
	struct resident r;
	if (registry_resident_by_id(cx, m->resident_id, &r) == 1) {
		json_t *j = registry_resident_json(cx, &r);
		const char *n = json_string_value(json_object_get(j, "name"));
		if (n)
			m->name = arena_strdup(cx->a, n);
		json_decref(j);
	}
	err_clear(&cx->err);
}

/* Its links (the ended ones too when asked), with their households when `households`. */
static int load_links(struct ctx *cx, struct party_member *m, bool include_ended, bool households)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, member_id, household_id, since, until, version FROM party_links "
		"WHERE member_id = ? AND (? = 1 OR until IS NULL) ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, m->id);
	store_bind_int64(st, 2, include_ended);
	if (ctx_rows(cx, st, sizeof *m->links, 0, read_link, &m->links, &m->nlinks) < 0)
		return -1;
	bool own = cx->actor.user_id && m->user_id == cx->actor.user_id;
	for (size_t i = 0; households && i < m->nlinks; i++)
		if (household_json(cx, m->links[i].household_id, own, &m->links[i].household) < 0)
			return -1;
	return 0;
}

static void free_links(struct party_member *m)
{
	for (size_t i = 0; i < m->nlinks; i++) {
		json_decref(m->links[i].household);
		m->links[i].household = NULL;
	}
}

static int member_by_id(struct ctx *cx, int64_t id, struct party_member *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " M_COLS " FROM " M_FROM " WHERE m.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		memset(out, 0, sizeof *out);
		read_member(cx, st, out);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

static json_t *link_json(const struct party_link *l)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:I}", "id", (json_int_t)l->id,
			      "member_id", (json_int_t)l->member_id, "household_id",
			      (json_int_t)l->household_id, "since", party_date_json(l->since), "until",
			      party_date_json(l->until), "status", l->until ? "ended" : "open",
			      "version", (json_int_t)l->version);
	if (l->household)
		json_object_set(j, "household", l->household);
	return j;
}

json_t *party_member_json(const struct party_member *m)
{
	json_t *links = json_array();
	for (size_t i = 0; i < m->nlinks; i++)
		json_array_append_new(links, link_json(&m->links[i]));
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:I, s:o}", "id",
			 (json_int_t)m->id, "party_unit_id", (json_int_t)m->party_unit_id, "user_id",
			 m->user_id ? json_integer(m->user_id) : json_null(), "resident_id",
			 m->resident_id ? json_integer(m->resident_id) : json_null(), "name",
			 m->name ? m->name : "", "role", m->role, "since", party_date_json(m->since),
			 "until", party_date_json(m->until), "status", m->until ? "ended" : "serving",
			 "version", (json_int_t)m->version, "links", links);
}

int party_members_list(struct ctx *cx, const struct party_member_filter *f,
		       struct party_member **items, size_t *n, int64_t *next_cursor)
{
	struct party_unit u;
	bool in_scope;
	if (party_unit_readable(cx, f->party_unit_id, &u, &in_scope) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " M_COLS " FROM " M_FROM " WHERE m.party_unit_id = ? "
		"AND (? = 1 OR m.until IS NULL) AND (? = 1 OR m.user_id = ?) AND m.id > ? "
		"ORDER BY m.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, f->party_unit_id);
	store_bind_int64(st, 2, f->include_ended);
	store_bind_int64(st, 3, in_scope);
	store_bind_int64(st, 4, cx->actor.user_id);
	store_bind_int64(st, 5, f->cursor);
	store_bind_int64(st, 6, f->limit + 1);
	if (ctx_page(cx, st, sizeof **items, f->limit, read_member, items, n, next_cursor) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++) {
		resident_name(cx, &(*items)[i]);
		if (load_links(cx, &(*items)[i], f->include_ended, true) < 0)
			return -1;
	}
	return 0;
}

/* A member the actor may read: in a node they read in scope, or themselves. */
int party_member_get(struct ctx *cx, int64_t id, struct party_member *out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = member_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	bool own = cx->actor.user_id && out->user_id == cx->actor.user_id;
	struct party_unit u;
	bool in_scope = false;
	if (!own && party_unit_readable(cx, out->party_unit_id, &u, &in_scope) < 0)
		return -1;
	if (!own && !in_scope)
		return err_set(&cx->err, ERR_NOT_FOUND);
	resident_name(cx, out);
	return load_links(cx, out, true, true);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* A household that may be linked at the node: it exists in the actor's scope, lies within the
 * node's org unit and is active. */
static int check_household(struct ctx *cx, const struct party_unit *node, const char *field,
			   int64_t id)
{
	struct household h;
	int f = registry_household_by_id(cx, id, &h);
	if (f < 0)
		return -1;
	if (f == 0 || !h.unit_path || !access_path_in_scope(cx, h.unit_path))
		return err_field(&cx->err, field, "party_household_unknown", 0);
	if (strncmp(h.unit_path, node->unit_path, strlen(node->unit_path)) != 0)
		return err_field(&cx->err, field, "party_household_outside", 0);
	if (h.status && strcmp(h.status, "active") != 0)
		return err_field(&cx->err, field, "party_household_dissolved", 0);
	return 0;
}

static int insert_link(struct ctx *cx, int64_t member_id, int64_t household_id, int since,
		       const char *field)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO party_links (member_id, household_id, since, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, member_id);
	store_bind_int64(st, 2, household_id);
	store_bind_int64(st, 3, since);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(&cx->err, field, "taken", 0);
			return err_set(&cx->err, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	json_t *a = json_pack("{s:I, s:I, s:o}", "member_id", (json_int_t)member_id,
			      "household_id", (json_int_t)household_id, "since", party_date_json(since));
	int arc = audit_record(cx, "party_link.add", "party_link", id, NULL, a);
	json_decref(a);
	if (arc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return 0;
}

/* Reload the member (without households for the audit), audit, commit, and reload with the
 * households for the answer. */
static int finish(struct ctx *cx, const char *action, int64_t id, json_t *before,
		  struct party_member *out)
{
	if (action) {
		struct party_member m;
		if (member_by_id(cx, id, &m) != 1 || load_links(cx, &m, false, false) < 0) {
			json_decref(before);
			ctx_rollback(cx);
			return err_set(&cx->err, ERR_INTERNAL);
		}
		json_t *a = party_member_json(&m);
		int rc = audit_record(cx, action, "party_member", id, before, a);
		json_decref(a);
		if (rc < 0) {
			json_decref(before);
			ctx_rollback(cx);
			return -1;
		}
	}
	json_decref(before);
	if (ctx_commit(cx) < 0)
		return -1;
	if (member_by_id(cx, id, out) != 1)
		return err_set(&cx->err, ERR_INTERNAL);
	resident_name(cx, out);
	return load_links(cx, out, false, true);
}

static json_t *member_before(struct ctx *cx, struct party_member *m)
{
	if (load_links(cx, m, false, false) < 0)
		return NULL;
	return party_member_json(m);
}

int party_member_add(struct ctx *cx, int64_t party_unit_id, json_t *body, struct party_member *out)
{
	static const char *const allowed[] = {"user_id", "resident_id", "role", "since",
					      "household_ids", NULL};
	struct err *e = &cx->err;
	struct party_unit node;
	if (party_unit_writable(cx, party_unit_id, &node) < 0)
		return -1;
	int64_t user_id = 0, resident_id = 0, *hids = NULL;
	size_t nh = 0;
	const char *role = NULL;
	int since = 0;
	json_only_fields(body, allowed, e);
	int has_user = jf_int(body, "user_id", JF_NULLABLE, 1, INT64_MAX, &user_id, e);
	int has_res = jf_int(body, "resident_id", JF_NULLABLE, 1, INT64_MAX, &resident_id, e);
	if (jf_str(body, "role", JF_REQUIRED, 1, 32, &role, e) > 0 && !role_valid(role))
		err_field(e, "role", "invalid", 0);
	party_jf_date(cx, body, "since", party_today(cx), 0, &since);
	if (jf_int_array(body, "household_ids", JF_NULLABLE, 100, 1, INT64_MAX, cx->a, &hids, &nh,
			 e) > 0 && nh > (size_t)max_links())
		err_field(e, "household_ids", "party_links_full", max_links());
	else
		for (size_t i = 0; i < nh; i++)
			if (check_household(cx, &node, "household_ids", hids[i]) < 0 &&
			    e->code != ERR_VALIDATION)
				return -1;
	if (has_user == 0 && has_res == 0)
		err_field(e, "user_id", "party_member_who", 0);
	if (has_user > 0) {
		int64_t found = 0;
		if (store_query_int64(cx->db,
			"SELECT COUNT(*) FROM users x WHERE x.id = ? AND ("
			ACCESS_USER_IN_SCOPE_SQL("x.id")
			" OR NOT EXISTS (SELECT 1 FROM user_units z WHERE z.user_id = x.id))",
			&found, 3, user_id, (int64_t)(access_is_global(cx) ? 1 : 0),
			cx->actor.user_id) < 0)
			return ctx_store_error(cx);
		if (!found)
			err_field(e, "user_id", "user_unknown", 0);
	}
	if (has_res > 0) {
		struct resident r;
		int f = registry_resident_by_id(cx, resident_id, &r);
		if (f < 0)
			return -1;
		if (f == 0 || !r.unit_path || !access_path_in_scope(cx, r.unit_path))
			err_field(e, "resident_id", "party_resident_unknown", 0);
	}
	if (node.closed_at)
		err_field(e, "party_unit_id", "party_unit_closed", 0);
	if (e->code)
		return -1;
	/* one open membership per person at a node */
	int64_t dup = 0;
	if (store_query_int64(cx->db,
		"SELECT COUNT(*) FROM party_members WHERE party_unit_id = ? AND until IS NULL AND "
		"((? > 0 AND user_id = ?) OR (? > 0 AND resident_id = ?))", &dup, 5, party_unit_id,
		user_id, user_id, resident_id, resident_id) < 0)
		return ctx_store_error(cx);
	if (dup) {
		err_field(e, has_user > 0 ? "user_id" : "resident_id", "party_member_serving", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO party_members (party_unit_id, user_id, resident_id, role, since, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, party_unit_id);
	if (user_id)
		store_bind_int64(st, 2, user_id);
	else
		store_bind_null(st, 2);
	if (resident_id)
		store_bind_int64(st, 3, resident_id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, role);
	store_bind_int64(st, 5, since);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(e, has_user > 0 ? "user_id" : "resident_id", "party_member_serving", 0);
			return err_set(e, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	/* the membership in the audit first, then each of its links */
	struct party_member m;
	if (member_by_id(cx, id, &m) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *a = party_member_json(&m);
	json_object_del(a, "links");
	int arc = audit_record(cx, "party_member.add", "party_member", id, NULL, a);
	json_decref(a);
	if (arc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	for (size_t i = 0; i < nh; i++)
		if (insert_link(cx, id, hids[i], since, "household_ids") < 0)
			return -1;
	return finish(cx, NULL, id, NULL, out);
}

/* A member whose node the actor may write. */
static int writable_member(struct ctx *cx, int64_t id, struct party_member *m,
			   struct party_unit *node)
{
	if (access_require(cx, PERM_PARTY_WRITE, NULL) < 0)
		return -1;
	int f = member_by_id(cx, id, m);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return party_unit_writable(cx, m->party_unit_id, node);
}

int party_member_end(struct ctx *cx, int64_t id, json_t *body, struct party_member *out)
{
	static const char *const allowed[] = {"version", "until", NULL};
	struct err *e = &cx->err;
	struct party_member m;
	struct party_unit node;
	if (writable_member(cx, id, &m, &node) < 0)
		return -1;
	int64_t version = 0;
	int until = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	party_jf_date(cx, body, "until", party_today(cx), m.since, &until);
	if (e->code)
		return -1;
	if (m.until)
		return err_field(e, "id", "party_member_ended", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	json_t *before = member_before(cx, &m);
	if (!before)
		return ctx_fail(cx);
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_members SET until = ?, version = version + 1, updated_at = ? "
		"WHERE id = ? AND version = ? AND until IS NULL");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, until);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, "taken", &changed) < 0) {
		json_decref(before);
		return -1;
	}
	if (!changed) {
		json_decref(before);
		ctx_rollback(cx);
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	/* their links end with them; a link begun after `until` ends the day it began */
	st = store_prepare(cx->db,
		"UPDATE party_links SET until = CASE WHEN since > ? THEN since ELSE ? END, "
		"version = version + 1, updated_at = ? WHERE member_id = ? AND until IS NULL");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, until);
	store_bind_int64(st, 2, until);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, id);
	if (ctx_write(cx, st, NULL, "taken", NULL) < 0) {
		json_decref(before);
		return -1;
	}
	return finish(cx, "party_member.end", id, before, out);
}

int party_link_add(struct ctx *cx, int64_t member_id, json_t *body, struct party_member *out)
{
	static const char *const allowed[] = {"household_id", "since", NULL};
	struct err *e = &cx->err;
	struct party_member m;
	struct party_unit node;
	if (writable_member(cx, member_id, &m, &node) < 0)
		return -1;
	int64_t hid = 0;
	int since = 0;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "household_id", JF_REQUIRED, 1, INT64_MAX, &hid, e) > 0 &&
	    check_household(cx, &node, "household_id", hid) < 0 && e->code != ERR_VALIDATION)
		return -1;
	party_jf_date(cx, body, "since", party_today(cx), 0, &since);
	if (m.until)
		err_field(e, "member_id", "party_member_ended", 0);
	if (node.closed_at)
		err_field(e, "party_unit_id", "party_unit_closed", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	/* the member's row first, so that two links added at once are counted one after the
	 * other on PostgreSQL too */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_members SET updated_at = ? WHERE id = ? AND until IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, member_id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, "taken", &changed) < 0)
		return -1;
	int64_t open = 0, dup = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM party_links WHERE member_id = ? AND "
			      "until IS NULL", &open, 1, member_id) < 0 ||
	    store_query_int64(cx->db, "SELECT COUNT(*) FROM party_links WHERE member_id = ? AND "
			      "household_id = ? AND until IS NULL", &dup, 2, member_id, hid) < 0)
		return ctx_fail(cx);
	if (!changed)
		err_field(e, "member_id", "party_member_ended", 0);
	else if (dup) {
		ctx_rollback(cx);
		err_field(e, "household_id", "party_link_exists", 0);
		return err_set(e, ERR_CONFLICT);
	} else if (open >= max_links())
		err_field(e, "household_id", "party_links_full", max_links());
	if (e->code) {
		ctx_rollback(cx);
		return -1;
	}
	if (insert_link(cx, member_id, hid, since, "household_id") < 0)
		return -1;
	return finish(cx, NULL, member_id, NULL, out);
}

int party_link_end(struct ctx *cx, int64_t link_id, json_t *body, struct party_member *out)
{
	static const char *const allowed[] = {"version", "until", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_PARTY_WRITE, NULL) < 0)
		return -1;
	int64_t member_id = 0;
	int f = store_query_int64(cx->db, "SELECT member_id FROM party_links WHERE id = ?",
				  &member_id, 1, link_id);
	if (f < 0)
		return ctx_store_error(cx);
	if (f == 0)
		return err_set(e, ERR_NOT_FOUND);
	struct party_member m;
	struct party_unit node;
	if (writable_member(cx, member_id, &m, &node) < 0)
		return -1;
	if (load_links(cx, &m, true, false) < 0)
		return -1;
	const struct party_link *l = NULL;
	for (size_t i = 0; i < m.nlinks; i++)
		if (m.links[i].id == link_id)
			l = &m.links[i];
	if (!l)
		return err_set(e, ERR_INTERNAL);
	int64_t version = 0;
	int until = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	party_jf_date(cx, body, "until", party_today(cx), l->since, &until);
	if (e->code)
		return -1;
	if (l->until)
		return err_field(e, "id", "party_link_ended", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE party_links SET until = ?, version = version + 1, updated_at = ? "
		"WHERE id = ? AND version = ? AND until IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, until);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, link_id);
	store_bind_int64(st, 4, version);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, "taken", &changed) < 0)
		return -1;
	if (!changed) {
		ctx_rollback(cx);
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	json_t *b = link_json(l);
	json_t *a = json_pack("{s:I, s:I, s:O, s:o, s:s}", "member_id", (json_int_t)member_id,
			      "household_id", (json_int_t)l->household_id, "since",
			      json_object_get(b, "since"), "until", party_date_json(until),
			      "status", "ended");
	int rc = audit_record(cx, "party_link.end", "party_link", link_id, b, a);
	json_decref(a);
	json_decref(b);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return finish(cx, NULL, member_id, NULL, out);
}

int party_my_households(struct ctx *cx, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT l.id, l.household_id, l.since, l.version, m.id, m.role, p.id, p.name, p.level "
		"FROM party_links l JOIN party_members m ON m.id = l.member_id "
		"JOIN party_units p ON p.id = m.party_unit_id "
		"WHERE m.user_id = ? AND m.until IS NULL AND l.until IS NULL AND p.closed_at IS NULL "
		"ORDER BY l.id LIMIT 200");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->actor.user_id);
	json_t *items = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *it = json_pack("{s:I, s:I, s:o, s:I, s:I, s:s, s:{s:I, s:s, s:s}}", "id",
				       (json_int_t)store_col_int64(st, 0), "household_id",
				       (json_int_t)store_col_int64(st, 1), "since",
				       party_date_json((int)store_col_int64(st, 2)), "version",
				       (json_int_t)store_col_int64(st, 3), "member_id",
				       (json_int_t)store_col_int64(st, 4), "role", store_col_text(st, 5),
				       "party_unit", "id", (json_int_t)store_col_int64(st, 6), "name",
				       store_col_text(st, 7), "level", store_col_text(st, 8));
		json_array_append_new(items, it);
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(items);
		return ctx_store_error(cx);
	}
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_t *h = NULL;
		if (household_json(cx, json_integer_value(json_object_get(it, "household_id")), true,
				   &h) < 0) {
			json_decref(items);
			return -1;
		}
		json_object_set_new(it, "household", h ? h : json_null());
	}
	*out = items;
	return 0;
}

void party_member_release(struct party_member *m) { free_links(m); }
