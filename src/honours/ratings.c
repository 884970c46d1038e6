/* Honours (荣誉评选): the kinds an administrator lists, a community's yearly rating of one,
 * its nominations, the announcement period (公示) with the objections lodged on the public
 * board, and the result. The state table is in honours.h. */
#include <string.h>

#include "access/audit.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/json.h"
#include "base/mask.h"
#include "base/ratelimit.h"
#include "base/seal.h"
#include "honours/internal.h"
#include "org/org.h"
#include "registry/phone.h"
#include "registry/registry.h"

static const char *operator_name(const struct ctx *cx)
{
	return cx->actor.username ? cx->actor.username : "linli";
}

static json_t *state_json(struct ctx *cx, const char *what, const char *code)
{
	return json_pack("{s:s, s:s}", "code", code, "name", label_of(what, code, cx->lang));
}

/* ---- kinds ---- */

#define K_COLS "id, name, description, active, created_at, updated_at, version"

static json_t *kind_row(struct ctx *cx, struct store_stmt *st)
{
	(void)cx;
	return json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:I}", "id",
		(json_int_t)store_col_int64(st, 0), "name", store_col_text(st, 1), "description",
		store_col_text(st, 2), "active", store_col_int64(st, 3) != 0, "created_at",
		json_time(store_col_int64(st, 4)), "updated_at", json_time(store_col_int64(st, 5)),
		"version", (json_int_t)store_col_int64(st, 6));
}

static int kind_fetch(struct ctx *cx, int64_t id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " K_COLS " FROM honour_kinds WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	*out = rc == STORE_ROW ? kind_row(cx, st) : NULL;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int hon_kinds_list(struct ctx *cx, bool all, json_t **out)
{
	if (access_require(cx, PERM_HONOURS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " K_COLS " FROM honour_kinds"
					      " WHERE ? = 1 OR active = 1 ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, all);
	return hon_json_rows(cx, st, kind_row, out);
}

/* The kinds are the deployment's: its administrators keep them. */
static int require_admin(struct ctx *cx)
{
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	if (!access_is_global(cx))
		return err_setf(&cx->err, ERR_FORBIDDEN, "honour kinds are the administrators'");
	return 0;
}

static int kind_finish(struct ctx *cx, const char *action, int64_t id, json_t *before, json_t **out)
{
	if (kind_fetch(cx, id, out) != 1) {
		json_decref(before);
		ctx_rollback(cx);
		return cx->err.code ? -1 : err_set(&cx->err, ERR_INTERNAL);
	}
	return hon_audit_commit(cx, action, "honour_kind", id, before, json_incref(*out));
}

int hon_kind_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"name", "description", NULL};
	struct err *e = &cx->err;
	if (require_admin(cx) < 0)
		return -1;
	const char *name = NULL, *description = "";
	json_only_fields(body, allowed, e);
	hon_jf_str(body, "name", JF_REQUIRED, L_HON_KIND_NAME, &name, e);
	hon_jf_str(body, "description", JF_MULTILINE, L_HON_KIND_DESCRIPTION, &description, e);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO honour_kinds (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, description);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "name", "honour_kind_taken", &id) < 0)
		return -1;
	return kind_finish(cx, "honour_kind.create", id, NULL, out);
}

int hon_kind_update(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "name", "description", "active", NULL};
	struct err *e = &cx->err;
	if (require_admin(cx) < 0)
		return -1;
	json_t *old;
	int f = kind_fetch(cx, id, &old);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	const char *name = json_string_value(json_object_get(old, "name"));
	const char *description = json_string_value(json_object_get(old, "description"));
	bool active = json_is_true(json_object_get(old, "active"));
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	hon_jf_str(body, "name", 0, L_HON_KIND_NAME, &name, e);
	hon_jf_str(body, "description", JF_MULTILINE, L_HON_KIND_DESCRIPTION, &description, e);
	jf_bool(body, "active", 0, &active, e);
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(old);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_kinds SET name = ?, description = ?, active = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(old);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, description);
	store_bind_int64(st, 3, active);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	int64_t changed = 0;
	if (ctx_write(cx, st, "name", "honour_kind_taken", &changed) < 0) {
		json_decref(old);
		return -1;
	}
	if (!changed) {
		json_decref(old);
		ctx_rollback(cx);
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	return kind_finish(cx, "honour_kind.update", id, old, out);
}

/* ---- ratings ---- */

struct rating {
	int64_t id, community_id, kind_id, year, notice_start, notice_end, award_date, published_at;
	int64_t nominated, announced, awarded, withdrawn, objections_open;
	int64_t created_at, updated_at, version;
	const char *community_name, *community_path, *kind_name, *state;
};

#define G_COLS "g.id, g.community_id, o.name, o.path, g.kind_id, k.name, g.year, g.state," \
	" g.notice_start, g.notice_end, g.award_date, g.published_at, g.created_at, g.updated_at," \
	" g.version, (SELECT COUNT(*) FROM honour_nominations n WHERE n.rating_id = g.id AND" \
	" n.state = 'nominated'), (SELECT COUNT(*) FROM honour_nominations n WHERE n.rating_id =" \
	" g.id AND n.state = 'announced'), (SELECT COUNT(*) FROM honour_nominations n WHERE" \
	" n.rating_id = g.id AND n.state = 'awarded'), (SELECT COUNT(*) FROM honour_nominations n" \
	" WHERE n.rating_id = g.id AND n.state = 'withdrawn'), (SELECT COUNT(*) FROM" \
	" honour_objections j WHERE j.rating_id = g.id AND j.state = 'open')"
#define G_FROM "honour_ratings g JOIN org_units o ON o.id = g.community_id" \
	" JOIN honour_kinds k ON k.id = g.kind_id"

static int64_t read_rating(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct rating *g = row;
	g->id = store_col_int64(st, 0);
	g->community_id = store_col_int64(st, 1);
	g->community_name = arena_strdup(cx->a, store_col_text(st, 2));
	g->community_path = arena_strdup(cx->a, store_col_text(st, 3));
	g->kind_id = store_col_int64(st, 4);
	g->kind_name = arena_strdup(cx->a, store_col_text(st, 5));
	g->year = store_col_int64(st, 6);
	g->state = arena_strdup(cx->a, store_col_text(st, 7));
	g->notice_start = store_col_int64(st, 8);
	g->notice_end = store_col_int64(st, 9);
	g->award_date = store_col_int64(st, 10);
	g->published_at = store_col_int64(st, 11);
	g->created_at = store_col_int64(st, 12);
	g->updated_at = store_col_int64(st, 13);
	g->version = store_col_int64(st, 14);
	g->nominated = store_col_int64(st, 15);
	g->announced = store_col_int64(st, 16);
	g->awarded = store_col_int64(st, 17);
	g->withdrawn = store_col_int64(st, 18);
	g->objections_open = store_col_int64(st, 19);
	return g->id;
}

static json_t *rating_json(struct ctx *cx, const struct rating *g)
{
	return json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:I, s:o, s:o, s:o, s:o, s:o,"
		" s:{s:I, s:I, s:I, s:I}, s:I, s:o, s:o, s:I}",
		"id", (json_int_t)g->id, "community", "id", (json_int_t)g->community_id, "name",
		g->community_name, "kind", "id", (json_int_t)g->kind_id, "name", g->kind_name,
		"year", (json_int_t)g->year, "state", state_json(cx, "honour_rating", g->state),
		"notice_start", json_time(g->notice_start), "notice_end", json_time(g->notice_end),
		"award_date", hon_date_json(g->award_date), "published_at", json_time(g->published_at),
		"nominations", "nominated", (json_int_t)g->nominated, "announced",
		(json_int_t)g->announced, "awarded", (json_int_t)g->awarded, "withdrawn",
		(json_int_t)g->withdrawn, "objections_open", (json_int_t)g->objections_open,
		"created_at", json_time(g->created_at), "updated_at", json_time(g->updated_at),
		"version", (json_int_t)g->version);
}

static int rating_fetch(struct ctx *cx, int64_t id, struct rating *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " G_COLS " FROM " G_FROM " WHERE g.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_rating(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* A rating the caller may act on with perm: 404 otherwise (writers: their community). */
static int rating_get(struct ctx *cx, int64_t id, enum perm perm, struct rating *g)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = rating_fetch(cx, id, g);
	if (f < 0)
		return -1;
	bool seen = f == 1 && (perm == PERM_HONOURS_WRITE ? access_path_in_scope(cx, g->community_path)
							  : hon_sees_community(cx, g->community_path));
	return seen ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int hon_ratings_list(struct ctx *cx, int64_t community_id, int64_t year, const char *state,
		     json_t **out)
{
	if (access_require(cx, PERM_HONOURS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " G_COLS " FROM " G_FROM " WHERE " HON_COMMUNITY_SEEN_SQL("o.path")
		" AND (? = 0 OR g.community_id = ?) AND (? = 0 OR g.year = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR g.state = ?) ORDER BY g.year DESC, g.community_id, g.kind_id");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	store_bind_int64(st, 3, community_id);
	store_bind_int64(st, 4, community_id);
	store_bind_int64(st, 5, year);
	store_bind_int64(st, 6, year);
	store_bind_text(st, 7, state);
	store_bind_text(st, 8, state);
	struct rating *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 2000, read_rating, &items, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, rating_json(cx, &items[i]));
	return 0;
}

/* ---- nominations ---- */

#define N_COLS "n.id, n.rating_id, n.household_id, n.unit_id, n.address, n.head, n.reason," \
	" n.points, n.state, n.withdrawn_reason, n.nominator, n.created_at, n.updated_at, n.version," \
	" (SELECT COUNT(*) FROM honour_objections j WHERE j.nomination_id = n.id)," \
	" (SELECT COUNT(*) FROM honour_objections j WHERE j.nomination_id = n.id AND j.state = 'open')"

static json_t *nomination_row(struct ctx *cx, struct store_stmt *st)
{
	json_t *j = json_pack("{s:I, s:I, s:{s:I, s:I, s:s, s:s}, s:s, s:I, s:o, s:s, s:o, s:o, s:I,"
		" s:I, s:I}",
		"id", (json_int_t)store_col_int64(st, 0), "rating_id", (json_int_t)store_col_int64(st, 1),
		"household", "id", (json_int_t)store_col_int64(st, 2), "unit_id",
		(json_int_t)store_col_int64(st, 3), "address", store_col_text(st, 4), "head",
		store_col_text(st, 5), "reason", store_col_text(st, 6),
		"points", (json_int_t)store_col_int64(st, 7),
		"state", state_json(cx, "honour_nomination", store_col_text(st, 8)),
		"nominator", store_col_text(st, 10), "created_at", json_time(store_col_int64(st, 11)),
		"updated_at", json_time(store_col_int64(st, 12)), "version",
		(json_int_t)store_col_int64(st, 13), "objections", (json_int_t)store_col_int64(st, 14),
		"objections_open", (json_int_t)store_col_int64(st, 15));
	json_object_set_new(j, "withdrawn_reason",
			    store_col_is_null(st, 9) ? json_null() : json_string(store_col_text(st, 9)));
	return j;
}

static int nominations_of(struct ctx *cx, int64_t rating_id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " N_COLS " FROM honour_nominations n"
					      " WHERE n.rating_id = ? ORDER BY n.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, rating_id);
	return hon_json_rows(cx, st, nomination_row, out);
}

static int rating_answer(struct ctx *cx, const struct rating *g, json_t **out)
{
	json_t *noms = NULL;
	if (nominations_of(cx, g->id, &noms) < 0)
		return -1;
	*out = rating_json(cx, g);
	json_object_set_new(*out, "nominees", noms);
	return 0;
}

int hon_rating_get(struct ctx *cx, int64_t id, json_t **out)
{
	struct rating g;
	if (rating_get(cx, id, PERM_HONOURS_READ, &g) < 0)
		return -1;
	return rating_answer(cx, &g, out);
}

static int rating_finish(struct ctx *cx, const char *action, int64_t id, json_t *before,
			 json_t **out)
{
	struct rating g;
	if (rating_fetch(cx, id, &g) != 1 || rating_answer(cx, &g, out) < 0) {
		json_decref(before);
		ctx_rollback(cx);
		return cx->err.code ? -1 : err_set(&cx->err, ERR_INTERNAL);
	}
	return hon_audit_commit(cx, action, "honour_rating", id, before, rating_json(cx, &g));
}

int hon_rating_create(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"community_id", "kind_id", "year", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	int64_t community = 0, kind = 0, year = 0;
	struct org_unit u;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "community_id", JF_REQUIRED, 1, INT64_MAX, &community, e) > 0)
		hon_community(cx, PERM_HONOURS_WRITE, "community_id", community, &u);
	if (jf_int(body, "kind_id", JF_REQUIRED, 1, INT64_MAX, &kind, e) > 0) {
		json_t *k;
		int f = kind_fetch(cx, kind, &k);
		if (f < 0)
			return -1;
		if (f == 0 || !json_is_true(json_object_get(k, "active")))
			err_field(e, "kind_id", "honour_kind_unknown", 0);
		json_decref(k);
	}
	int this_year = hon_today(cx) / 10000;
	jf_int(body, "year", JF_REQUIRED, this_year - 5, this_year + 1, &year, e);
	if (e->code || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO honour_ratings (community_id, kind_id, year, state, created_at, updated_at)"
		" VALUES (?, ?, ?, 'nominating', ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, community);
	store_bind_int64(st, 2, kind);
	store_bind_int64(st, 3, year);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "kind_id", "honour_rating_taken", &id) < 0)
		return -1;
	return rating_finish(cx, "honour_rating.create", id, NULL, out);
}

/* A refused step of the state table: 409 naming the field, nothing changed. */
static int refuse(struct ctx *cx, const char *field, const char *key)
{
	err_field(&cx->err, field, key, 0);
	return err_set(&cx->err, ERR_CONFLICT);
}

/* The rating's version taken in the open transaction (409 when another write came first). */
static int bump(struct ctx *cx, int64_t id, int64_t version)
{
	return ctx_bump_version(cx, "UPDATE honour_ratings SET version = version + 1, updated_at = ?"
				" WHERE id = ? AND version = ?", id, version);
}

/* A step of the state table in the open transaction: the rating's row by `rating_sql` (two
 * values, then the id) and its nominations by `nominations_sql` (now, then the rating's id). */
static int advance(struct ctx *cx, int64_t id, const char *rating_sql, int64_t a, int64_t b,
		   const char *nominations_sql)
{
	struct store_stmt *st = store_prepare(cx->db, rating_sql);
	struct store_stmt *sn = st ? store_prepare(cx->db, nominations_sql) : NULL;
	if (!sn)
		return ctx_fail(cx);
	store_bind_int64(st, 1, a);
	store_bind_int64(st, 2, b);
	store_bind_int64(st, 3, id);
	store_bind_int64(sn, 1, cx->now);
	store_bind_int64(sn, 2, id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	return ctx_write(cx, sn, NULL, NULL, NULL);
}

int hon_rating_open(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "start_at", "end_at", NULL};
	struct err *e = &cx->err;
	struct rating g;
	if (rating_get(cx, id, PERM_HONOURS_WRITE, &g) < 0)
		return -1;
	int64_t version = 0, start = 0, end = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	hon_jf_time(body, "start_at", JF_REQUIRED, &start, e);
	if (hon_jf_time(body, "end_at", JF_REQUIRED, &end, e) > 0 && start) {
		if (end <= start || end <= cx->now)
			err_field(e, "end_at", "honour_period_order", 0);
		else if (end - start > honours_limits[L_HON_NOTICE_DAYS].max * 86400)
			err_field(e, "end_at", "honour_period_long", honours_limits[L_HON_NOTICE_DAYS].max);
	}
	if (e->code)
		return -1;
	if (strcmp(g.state, "nominating") != 0)
		return refuse(cx, "state", "honour_not_nominating");
	if (g.nominated == 0)
		return refuse(cx, "nominees", "honour_no_nominees");
	json_t *before = rating_json(cx, &g);
	if (ctx_begin(cx) < 0 || bump(cx, id, version) < 0) {
		json_decref(before);
		return -1;
	}
	if (advance(cx, id, "UPDATE honour_ratings SET state = 'announcing', notice_start = ?,"
		    " notice_end = ? WHERE id = ?", start, end, "UPDATE honour_nominations SET state ="
		    " 'announced', updated_at = ?, version = version + 1 WHERE rating_id = ? AND state ="
		    " 'nominated'") < 0) {
		json_decref(before);
		return -1;
	}
	return rating_finish(cx, "honour_rating.open", id, before, out);
}

int hon_rating_publish(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "award_date", NULL};
	struct err *e = &cx->err;
	struct rating g;
	if (rating_get(cx, id, PERM_HONOURS_WRITE, &g) < 0)
		return -1;
	int64_t version = 0;
	int award = hon_today(cx);
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (hon_jf_date(body, "award_date", 0, &award, e) > 0 &&
	    (award > hon_today(cx) || (g.notice_end && award < date_of_time(g.notice_end))))
		err_field(e, "award_date", "honour_award_date", 0);
	if (e->code)
		return -1;
	if (strcmp(g.state, "announcing") != 0)
		return refuse(cx, "state", "honour_not_announcing");
	if (cx->now <= g.notice_end)
		return refuse(cx, "notice_end", "honour_period_running");
	if (g.objections_open)
		return refuse(cx, "objections", "honour_objections_open");
	json_t *before = rating_json(cx, &g);
	if (ctx_begin(cx) < 0 || bump(cx, id, version) < 0) {
		json_decref(before);
		return -1;
	}
	/* an objection lodged in between takes the rating's row too: it is counted here or refused */
	int64_t open = 0;
	if (hon_query_int(cx, "SELECT COUNT(*) FROM honour_objections WHERE rating_id = ? AND"
			  " state = 'open'", id, 0, &open) < 0 || open) {
		json_decref(before);
		ctx_rollback(cx);
		return cx->err.code ? -1 : refuse(cx, "objections", "honour_objections_open");
	}
	if (advance(cx, id, "UPDATE honour_ratings SET state = 'published', award_date = ?,"
		    " published_at = ? WHERE id = ?", award, cx->now, "UPDATE honour_nominations SET"
		    " state = 'awarded', updated_at = ?, version = version + 1 WHERE rating_id = ? AND"
		    " state = 'announced'") < 0) {
		json_decref(before);
		return -1;
	}
	return rating_finish(cx, "honour_rating.publish", id, before, out);
}

/* The head's name as the notice board shows it: the surname and a star for each other
 * character (张** ); the head's name unknown: "—". */
static const char *board_head(struct ctx *cx, const struct household *h)
{
	struct resident r;
	if (h->head_id && registry_resident_by_id(cx, h->head_id, &r) == 1 && r.name && r.name[0])
		return mask_name(cx->a, r.name);
	return "—";
}

int hon_nominate(struct ctx *cx, int64_t rating_id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"household_id", "reason", "version", NULL};
	struct err *e = &cx->err;
	struct rating g;
	if (rating_get(cx, rating_id, PERM_HONOURS_NOMINATE, &g) < 0)
		return -1;
	int64_t hid = 0, version = 0;
	const char *reason = NULL;
	struct household h;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_int(body, "household_id", JF_REQUIRED, 1, INT64_MAX, &hid, e) > 0) {
		int f = registry_household_by_id(cx, hid, &h);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, h.unit_path) ||
		    h.anchor[ORG_ANCHOR_COMMUNITY] != g.community_id)
			err_field(e, "household_id", "honour_household", 0);
		else if (strcmp(h.status, "active") != 0)
			err_field(e, "household_id", "honour_household_dissolved", 0);
	}
	hon_jf_str(body, "reason", JF_REQUIRED | JF_MULTILINE, L_HON_REASON, &reason, e);
	if (e->code)
		return -1;
	if (strcmp(g.state, "nominating") != 0)
		return refuse(cx, "state", "honour_not_nominating");
	int64_t points;
	if (hon_household_year_points(cx, hid, g.community_id, g.year, &points) < 0)
		return -1;
	json_t *before = rating_json(cx, &g);
	if (ctx_begin(cx) < 0 || bump(cx, rating_id, version) < 0) {
		json_decref(before);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO honour_nominations (rating_id, household_id, unit_id, address, head, reason,"
		" points, state, nominated_by, nominator, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'nominated', ?, ?, ?, ?) RETURNING id");
	if (!st) {
		json_decref(before);
		return ctx_fail(cx);
	}
	store_bind_int64(st, 1, rating_id);
	store_bind_int64(st, 2, hid);
	store_bind_int64(st, 3, h.unit_id);
	store_bind_text(st, 4, h.address ? h.address : "");
	store_bind_text(st, 5, board_head(cx, &h));
	store_bind_text(st, 6, reason);
	store_bind_int64(st, 7, points);
	store_bind_int64_or_null(st, 8, cx->actor.user_id);
	store_bind_text(st, 9, operator_name(cx));
	store_bind_int64(st, 10, cx->now);
	store_bind_int64(st, 11, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "household_id", "honour_nominated_already", &id) < 0) {
		json_decref(before);
		return -1;
	}
	json_decref(before);
	json_t *after = json_pack("{s:I, s:I, s:s}", "rating_id", (json_int_t)rating_id,
				  "household_id", (json_int_t)hid, "reason", reason);
	int arc = audit_record(cx, "honour_nomination.create", "honour_nomination", id, NULL, after);
	json_decref(after);
	if (arc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (ctx_commit(cx) < 0)
		return -1;
	struct rating now;
	if (rating_fetch(cx, rating_id, &now) != 1)
		return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
	return rating_answer(cx, &now, out);
}

struct nomination {
	int64_t id, rating_id, household_id, version;
	const char *state;
};

static int nomination_fetch(struct ctx *cx, int64_t id, struct nomination *n)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT id, rating_id, household_id, state,"
					      " version FROM honour_nominations WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		n->id = store_col_int64(st, 0);
		n->rating_id = store_col_int64(st, 1);
		n->household_id = store_col_int64(st, 2);
		n->state = arena_strdup(cx->a, store_col_text(st, 3));
		n->version = store_col_int64(st, 4);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* nominated | announced → withdrawn, in the open transaction. */
static int withdraw_in(struct ctx *cx, int64_t id, int64_t version, const char *reason)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_nominations SET state = 'withdrawn', withdrawn_reason = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ? AND state IN ('nominated', 'announced')");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, reason);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, version);
	return ctx_write_version(cx, st);
}

int hon_nomination_withdraw(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	struct nomination n;
	struct rating g;
	int f = nomination_fetch(cx, id, &n);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	if (rating_get(cx, n.rating_id, PERM_HONOURS_WRITE, &g) < 0)
		return -1;
	int64_t version = 0;
	const char *reason = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	hon_jf_str(body, "reason", JF_REQUIRED, L_HON_REASON, &reason, e);
	if (e->code)
		return -1;
	if (strcmp(n.state, "nominated") != 0 && strcmp(n.state, "announced") != 0)
		return refuse(cx, "state", "honour_not_withdrawable");
	if (version != n.version) {
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	if (ctx_begin(cx) < 0 || bump(cx, g.id, g.version) < 0 ||
	    withdraw_in(cx, id, version, reason) < 0)
		return -1;
	return rating_finish(cx, "honour_nomination.withdraw", g.id,
			     json_pack("{s:I, s:s}", "nomination_id", (json_int_t)id, "state", n.state), out);
}

int hon_suggestions(struct ctx *cx, int64_t rating_id, json_t **out)
{
	struct rating g;
	if (rating_get(cx, rating_id, PERM_HONOURS_NOMINATE, &g) < 0)
		return -1;
	json_t *table;
	if (hon_table(cx, g.community_id, g.year, &table) < 0)
		return -1;
	/* the households who earned the most points in the year, not nominated yet */
	*out = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(table, "items"), i, row) {
		int64_t hid = json_integer_value(json_object_get(row, "household_id")), there = 0;
		if (hon_query_int(cx, "SELECT COUNT(*) FROM honour_nominations WHERE rating_id = ?"
				  " AND household_id = ?", rating_id, hid, &there) < 0) {
			json_decref(table);
			json_decref(*out);
			return -1;
		}
		if (!there && json_array_size(*out) < 20)
			json_array_append(*out, row);
	}
	json_decref(table);
	return 0;
}

/* ---- objections ---- */

static json_t *objection_row(struct ctx *cx, struct store_stmt *st)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:I}",
		"id", (json_int_t)store_col_int64(st, 0), "nomination_id",
		(json_int_t)store_col_int64(st, 1), "rating_id", (json_int_t)store_col_int64(st, 2),
		"reason", store_col_text(st, 3), "name", store_col_text(st, 4),
		"state", state_json(cx, "honour_objection", store_col_text(st, 6)),
		"created_at", json_time(store_col_int64(st, 10)), "version",
		(json_int_t)store_col_int64(st, 11));
	json_object_set_new(j, "phone", store_col_is_null(st, 5) ? json_null()
							       : json_string(store_col_text(st, 5)));
	json_object_set_new(j, "reply", store_col_is_null(st, 7) ? json_null()
							       : json_string(store_col_text(st, 7)));
	json_object_set_new(j, "resolver", store_col_is_null(st, 8) ? json_null()
								  : json_string(store_col_text(st, 8)));
	json_object_set_new(j, "resolved_at", json_time(store_col_int64(st, 9)));
	return j;
}

#define O_COLS "id, nomination_id, rating_id, reason, name, phone_masked, state, reply, resolver," \
	" resolved_at, created_at, version"

int hon_objections_list(struct ctx *cx, int64_t rating_id, json_t **out)
{
	struct rating g;
	if (rating_get(cx, rating_id, PERM_HONOURS_WRITE, &g) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " O_COLS " FROM honour_objections"
					      " WHERE rating_id = ? ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, rating_id);
	return hon_json_rows(cx, st, objection_row, out);
}

static int objection_fetch(struct ctx *cx, int64_t id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " O_COLS " FROM honour_objections"
					      " WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	*out = rc == STORE_ROW ? objection_row(cx, st) : NULL;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

static const char *const decisions[] = {"upheld", "dismissed", NULL};

int hon_objection_resolve(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "decision", "reply", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HONOURS_WRITE, NULL) < 0)
		return -1;
	json_t *old;
	int f = objection_fetch(cx, id, &old);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	struct rating g;
	int64_t rid = json_integer_value(json_object_get(old, "rating_id"));
	int64_t nid = json_integer_value(json_object_get(old, "nomination_id"));
	if (rating_get(cx, rid, PERM_HONOURS_WRITE, &g) < 0) {
		json_decref(old);
		return -1;
	}
	int64_t version = 0;
	const char *decision = NULL, *reply = NULL;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (jf_str(body, "decision", JF_REQUIRED, 1, 16, &decision, e) > 0 &&
	    !hon_code_in(decisions, decision))
		err_field(e, "decision", "honour_decision", 0);
	hon_jf_str(body, "reply", JF_REQUIRED | JF_MULTILINE, L_HON_REPLY, &reply, e);
	const char *state = json_string_value(json_object_get(json_object_get(old, "state"), "code"));
	if (!e->code && strcmp(state, "open") != 0)
		refuse(cx, "state", "honour_objection_resolved");
	else if (!e->code && strcmp(g.state, "announcing") != 0)
		refuse(cx, "state", "honour_not_announcing");
	else if (!e->code && version != json_integer_value(json_object_get(old, "version"))) {
		err_field(e, "version", "stale", 0);
		err_set(e, ERR_VERSION_CONFLICT);
	}
	if (e->code) {
		json_decref(old);
		return -1;
	}
	struct nomination n;
	if (nomination_fetch(cx, nid, &n) != 1 || ctx_begin(cx) < 0 || bump(cx, g.id, g.version) < 0) {
		json_decref(old);
		return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_objections SET state = ?, reply = ?, resolved_by = ?, resolver = ?,"
		" resolved_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?"
		" AND state = 'open'");
	if (!st) {
		json_decref(old);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, decision);
	store_bind_text(st, 2, reply);
	store_bind_int64_or_null(st, 3, cx->actor.user_id);
	store_bind_text(st, 4, operator_name(cx));
	store_bind_int64(st, 5, cx->now);
	store_bind_int64(st, 6, cx->now);
	store_bind_int64(st, 7, id);
	store_bind_int64(st, 8, version);
	if (ctx_write_version(cx, st) < 0) {
		json_decref(old);
		return -1;
	}
	/* upheld: the nominee is withdrawn (already withdrawn by another objection: kept) */
	if (strcmp(decision, "upheld") == 0 && strcmp(n.state, "announced") == 0 &&
	    withdraw_in(cx, n.id, n.version, arena_printf(cx->a, "异议成立：%s", reply)) < 0) {
		json_decref(old);
		return -1;
	}
	if (objection_fetch(cx, id, out) != 1) {
		json_decref(old);
		ctx_rollback(cx);
		return cx->err.code ? -1 : err_set(e, ERR_INTERNAL);
	}
	return hon_audit_commit(cx, "honour_objection.resolve", "honour_objection", id, old,
				json_incref(*out));
}

/* ---- the public board ---- */

static struct ratelimit public_rate = RATELIMIT_INIT;

void honours_set_public_rate(unsigned per_minute) { ratelimit_set(&public_rate, per_minute); }

/* The nominees as the board shows them: the address, the masked head, the reason. */
static json_t *board_nominees(struct ctx *cx, int64_t rating_id, const char *state)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT id, address, head, reason FROM"
					      " honour_nominations WHERE rating_id = ? AND state = ? ORDER BY id");
	json_t *a = json_array();
	if (!st)
		return a;
	store_bind_int64(st, 1, rating_id);
	store_bind_text(st, 2, state);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s}", "id",
			(json_int_t)store_col_int64(st, 0), "address", store_col_text(st, 1), "head",
			store_col_text(st, 2), "reason", store_col_text(st, 3)));
	store_reset(st);
	return a;
}

int hon_public_board(struct ctx *cx, int64_t community_id, json_t **out)
{
	int this_year = hon_today(cx) / 10000;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " G_COLS " FROM " G_FROM " WHERE (g.state = 'announcing' OR (g.state ="
		" 'published' AND g.year >= ?)) AND (? = 0 OR g.community_id = ?) ORDER BY g.year DESC,"
		" g.community_id, g.kind_id LIMIT 200");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, this_year - 2);
	store_bind_int64(st, 2, community_id);
	store_bind_int64(st, 3, community_id);
	struct rating *items;
	size_t n;
	if (ctx_rows(cx, st, sizeof *items, 200, read_rating, &items, &n) < 0)
		return -1;
	json_t *open = json_array(), *results = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct rating *g = &items[i];
		bool announcing = strcmp(g->state, "announcing") == 0;
		json_t *j = json_pack("{s:I, s:{s:I, s:s}, s:s, s:I, s:o}", "id", (json_int_t)g->id,
			"community", "id", (json_int_t)g->community_id, "name", g->community_name,
			"kind", g->kind_name, "year", (json_int_t)g->year, "nominees",
			board_nominees(cx, g->id, announcing ? "announced" : "awarded"));
		if (announcing) {
			json_object_set_new(j, "notice_start", json_time(g->notice_start));
			json_object_set_new(j, "notice_end", json_time(g->notice_end));
			json_object_set_new(j, "objections_accepted",
					    json_boolean(cx->now >= g->notice_start && cx->now <= g->notice_end));
			json_array_append_new(open, j);
		} else {
			json_object_set_new(j, "award_date", hon_date_json(g->award_date));
			json_array_append_new(results, j);
		}
	}
	*out = json_pack("{s:o, s:o}", "announcing", open, "results", results);
	return 0;
}

int hon_public_object(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"nomination_id", "reason", "name", "phone", NULL};
	struct err *e = &cx->err;
	int wait = 0;
	if (!ratelimit_take(&public_rate, cx->ip ? cx->ip : "", cx->now, &wait)) {
		e->retry_after = wait;
		return err_set(e, ERR_RATE_LIMITED);
	}
	int64_t nid = 0;
	const char *reason = NULL, *name = "", *raw = NULL;
	struct nomination n = {0};
	struct rating g;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "nomination_id", JF_REQUIRED, 1, INT64_MAX, &nid, e) > 0) {
		int f = nomination_fetch(cx, nid, &n);
		if (f < 0 || (f == 1 && rating_fetch(cx, n.rating_id, &g) < 0))
			return -1;
		if (f == 0 || strcmp(n.state, "announced") != 0 || strcmp(g.state, "announcing") != 0)
			err_field(e, "nomination_id", "honour_not_in_notice", 0);
		else if (cx->now < g.notice_start || cx->now > g.notice_end)
			err_field(e, "nomination_id", "honour_notice_closed", 0);
	}
	hon_jf_str(body, "reason", JF_REQUIRED | JF_MULTILINE, L_HON_OBJECTION, &reason, e);
	hon_jf_str(body, "name", 0, L_HON_CONTACT_NAME, &name, e);
	struct phone p;
	const char *sealed = NULL, *hash = NULL, *masked = NULL;
	if (jf_str(body, "phone", JF_NULLABLE, 1, 32, &raw, e) > 0 && raw) {
		enum phone_error pe = phone_parse(raw, &p);
		if (pe)
			err_field(e, "phone", phone_error_key(pe), 0);
	}
	if (e->code)
		return -1;
	if (raw) {
		const struct seal_ring *ring = registry_keys();
		if (!ring)
			return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
		size_t sn = seal_stored_size(strlen(p.number));
		char *s = arena_alloc(cx->a, sn), *h = arena_alloc(cx->a, SEAL_LOOKUP_HEX);
		if (seal_seal(ring, "honour_objection.phone", p.number, strlen(p.number), s, sn) != SEAL_OK ||
		    seal_lookup(ring, "honour_objection.phone", p.number, h) != SEAL_OK)
			return err_setf(e, ERR_INTERNAL, "sealing honour_objection.phone failed");
		sealed = s;
		hash = h;
		masked = mask_phone(cx->a, p.number);
		struct store_stmt *c = store_prepare(cx->db, "SELECT COUNT(*) FROM honour_objections"
						     " WHERE phone_hash = ? AND created_at > ?");
		if (!c)
			return ctx_store_error(cx);
		store_bind_text(c, 1, hash);
		store_bind_int64(c, 2, cx->now - 3600);
		int rc = store_step(c);
		int64_t count = rc == STORE_ROW ? store_col_int64(c, 0) : 0;
		store_reset(c);
		if (rc == STORE_ERR)
			return ctx_store_error(cx);
		if (count >= HON_OBJECTIONS_PER_PHONE_HOUR) {
			e->retry_after = 600;
			return err_set(e, ERR_RATE_LIMITED);
		}
	}
	if (ctx_begin(cx) < 0)
		return -1;
	/* the rating's row, still in 公示, taken first: a publication at the same moment either
	 * waits and then counts this objection, or comes first and this one is refused */
	struct store_stmt *lock = store_prepare(cx->db,
		"UPDATE honour_ratings SET updated_at = updated_at WHERE id = ? AND state = 'announcing'");
	if (!lock)
		return ctx_fail(cx);
	store_bind_int64(lock, 1, n.rating_id);
	int64_t held = 0;
	if (ctx_write(cx, lock, NULL, NULL, &held) < 0)
		return -1;
	if (!held) {
		ctx_rollback(cx);
		return err_field(e, "nomination_id", "honour_not_in_notice", 0);
	}
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO honour_objections (nomination_id, rating_id, reason, name, phone_sealed,"
		" phone_masked, phone_hash, state, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, nid);
	store_bind_int64(st, 2, n.rating_id);
	store_bind_text(st, 3, reason);
	store_bind_text(st, 4, name);
	store_bind_text(st, 5, sealed);
	store_bind_text(st, 6, masked);
	store_bind_text(st, 7, hash);
	store_bind_int64(st, 8, cx->now);
	store_bind_int64(st, 9, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, NULL, NULL, &id) < 0)
		return -1;
	json_t *after = json_pack("{s:I, s:s, s:o}", "nomination_id", (json_int_t)nid, "reason",
				  reason, "phone", json_str_or_null(masked));
	int arc = audit_record(cx, "honour_objection.create", "honour_objection", id, NULL, after);
	json_decref(after);
	if (arc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (ctx_commit(cx) < 0)
		return -1;
	*out = json_pack("{s:s, s:I}", "status", "received", "id", (json_int_t)id);
	return 0;
}

static json_t *honour_row(struct ctx *cx, struct store_stmt *st)
{
	(void)cx;
	return json_pack("{s:I, s:s, s:I, s:s, s:o}", "rating_id", (json_int_t)store_col_int64(st, 0),
			 "kind", store_col_text(st, 1), "year", (json_int_t)store_col_int64(st, 2),
			 "community", store_col_text(st, 3), "award_date",
			 hon_date_json(store_col_int64(st, 4)));
}

int honours_of_household(struct ctx *cx, int64_t household_id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT g.id, k.name, g.year, o.name, g.award_date FROM honour_nominations n"
		" JOIN honour_ratings g ON g.id = n.rating_id JOIN honour_kinds k ON k.id = g.kind_id"
		" JOIN org_units o ON o.id = g.community_id WHERE n.household_id = ? AND"
		" n.state = 'awarded' ORDER BY g.year DESC, g.id DESC");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, household_id);
	return hon_json_rows(cx, st, honour_row, out);
}
