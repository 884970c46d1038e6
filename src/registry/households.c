/* Households: where they live, who heads them, what happened to them. */
#include <string.h>

#include "access/audit.h"
#include "base/mask.h"
#include "base/text.h"
#include "org/org.h"
#include "registry/internal.h"
#include "registry/limits.h"

/* The address: the dwelling's (its building, entrance and number) or the one given. */
#define HH_COLS "h.id, h.unit_id, h.place_id, h.head_id, o.path, " \
	REGISTRY_ADDRESS_SQL("h", "hp", "hq", "hg") ", h.status, " \
	"(SELECT COUNT(*) FROM residents m WHERE m.household_id = h.id AND m.status = 'living'), " \
	"(SELECT hr.name FROM residents hr WHERE hr.id = h.head_id), " \
	"h.created_at, h.updated_at, h.version, h.street_id, h.community_id, h.grid_id"
#define HH_FROM "households h JOIN org_units o ON o.id = h.unit_id" \
	REGISTRY_ADDRESS_JOINS("h", "hp", "hq", "hg")

static int64_t read_household(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct household *h = row;
	h->id = store_col_int64(st, 0);
	h->unit_id = store_col_int64(st, 1);
	h->place_id = store_col_int64(st, 2);
	h->head_id = store_col_int64(st, 3);
	h->unit_path = arena_strdup(cx->a, store_col_text(st, 4));
	h->address = arena_strdup(cx->a, store_col_text(st, 5));
	h->status = arena_strdup(cx->a, store_col_text(st, 6));
	h->members = store_col_int64(st, 7);
	h->head_name = store_col_is_null(st, 8) ? NULL : arena_strdup(cx->a, store_col_text(st, 8));
	h->created_at = store_col_int64(st, 9);
	h->updated_at = store_col_int64(st, 10);
	h->version = store_col_int64(st, 11);
	for (int k = 0; k < ORG_ANCHORS; k++)
		h->anchor[k] = store_col_int64(st, 12 + k);
	return h->id;
}

int registry_household_by_id(struct ctx *cx, int64_t id, struct household *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " HH_COLS " FROM " HH_FROM " WHERE h.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_household(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int registry_household_get(struct ctx *cx, int64_t id, enum perm perm, struct household *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = registry_household_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

json_t *registry_household_json(struct ctx *cx, const struct household *h)
{
	(void)cx;
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(h->id));
	json_object_set_new(j, "unit_id", json_integer(h->unit_id));
	json_object_set_new(j, "place_id", h->place_id ? json_integer(h->place_id) : json_null());
	json_object_set_new(j, "address", json_string(h->address));
	json_object_set_new(j, "head_id", h->head_id ? json_integer(h->head_id) : json_null());
	json_object_set_new(j, "head_name", json_str_or_null(h->head_name));
	json_object_set_new(j, "members", json_integer(h->members));
	json_object_set_new(j, "status", json_string(h->status));
	json_object_set_new(j, "created_at", json_time(h->created_at));
	json_object_set_new(j, "updated_at", json_time(h->updated_at));
	json_object_set_new(j, "version", json_integer(h->version));
	return j;
}

int registry_households_list(struct ctx *cx, const struct household_filter *f,
			     struct household **items, size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_RESIDENTS_READ, NULL) < 0)
		return -1;
	/* each scope form (registry_scope) twice: with the status as a plain condition, so that
	 * an anchor's index (anchor, status, id) gives the page in id order; and for all of them */
#define HH_LIST(scope) HH_LIST_STATUS(scope, " AND h.status = ?"), \
	HH_LIST_STATUS(scope, "")
#define HH_LIST_STATUS(scope, status) "SELECT " HH_COLS " FROM " HH_FROM " WHERE " scope \
		" AND (? = 0 OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?" \
		"      AND substr(o.path, 1, length(fu.path)) = fu.path))" \
		" AND (? = 0 OR h.place_id = ?)" status \
		" AND (CAST(? AS TEXT) IS NULL OR lower(h.address) LIKE ? ESCAPE '\\'" \
		"      OR EXISTS (SELECT 1 FROM residents q WHERE q.household_id = h.id" \
		"      AND lower(q.name) LIKE ? ESCAPE '\\'))" \
		" AND h.id > ? ORDER BY h.id LIMIT ?"
	static const char *const sql[SCOPE_FORMS * 2] = {
		HH_LIST("1 = 1"), HH_LIST(ACCESS_UNIT_IN_SCOPE_SQL("h.unit_id")),
		HH_LIST("h.street_id = ?"), HH_LIST("h.community_id = ?"), HH_LIST("h.grid_id = ?")};
	const char *status = f->status && strcmp(f->status, "all") == 0 ? NULL
			     : f->status ? f->status : "active";
	struct registry_scope_of sc;
	if (registry_scope_for_unit(cx, f->unit_id, &sc) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, sql[sc.form * 2 + !status]);
	if (!st)
		return ctx_store_error(cx);
	int i = registry_bind_scope_of(cx, st, 1, &sc);
	store_bind_int64(st, i++, f->unit_id);
	store_bind_int64(st, i++, f->unit_id);
	store_bind_int64(st, i++, f->place_id);
	store_bind_int64(st, i++, f->place_id);
	if (status)
		store_bind_text(st, i++, status);
	const char *like = f->q ? text_like_contains(cx->a, f->q) : NULL;
	store_bind_text(st, i++, like);
	store_bind_text(st, i++, like);
	store_bind_text(st, i++, like);
	store_bind_int64(st, i++, f->cursor);
	store_bind_int64(st, i, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_household, items, n, next_cursor);
}

/* Where a household lives: its grid or micro-grid, and its dwelling or an address. */
struct hh_in {
	int64_t unit_id, place_id;
	int64_t anchor[ORG_ANCHORS];   /* the unit's, when has_unit */
	const char *address;
	bool has_unit, has_place, has_address;
};

/* A household's unit (NULL: none found): one the actor may see, open, of a kind households live
 * in; its anchors into anchor. */
static int unit_rule(struct ctx *cx, const struct org_unit *u, int64_t anchor[ORG_ANCHORS])
{
	struct err *e = &cx->err;
	if (!u || !access_path_in_scope(cx, u->path))
		return err_field(e, "unit_id", "unit_unknown", 0);
	if (u->closed_at)
		return err_field(e, "unit_id", "unit_closed", 0);
	if (strcmp(u->kind, "grid") != 0 && strcmp(u->kind, "microgrid") != 0 &&
	    strcmp(u->kind, "community") != 0)
		return err_field(e, "unit_id", "household_unit_kind", 0);
	memcpy(anchor, u->anchor, ORG_ANCHORS * sizeof *anchor);
	return 0;
}

/* Its dwelling (in a unit the actor may see): a dwelling, open. */
static int place_rule(struct ctx *cx, const struct org_place *p)
{
	if (strcmp(p->kind, "dwelling") != 0)
		return err_field(&cx->err, "place_id", "place_not_dwelling", 0);
	if (p->closed_at)
		return err_field(&cx->err, "place_id", "place_closed", 0);
	return 0;
}

static int read_place_fields(struct ctx *cx, json_t *obj, bool create, struct hh_in *in)
{
	struct err *e = &cx->err;
	const struct limit *la = &registry_limits[L_HOUSEHOLD_ADDRESS];
	in->has_unit = jf_int(obj, "unit_id", 0, 1, INT64_MAX, &in->unit_id, e) > 0;
	json_t *pv = json_object_get(obj, "place_id");
	in->has_place = pv != NULL;
	if (pv && !json_is_null(pv))
		jf_int(obj, "place_id", 0, 1, INT64_MAX, &in->place_id, e);
	in->has_address = jf_str(obj, "address", JF_NULLABLE, 0, (size_t)la->max, &in->address, e) >= 0 &&
			  json_object_get(obj, "address");
	if (e->code)
		return -1;
	struct org_place place = {0};
	if (in->place_id) {
		int f = org_place_by_id(cx, in->place_id, &place);
		if (f < 0)
			return -1;
		struct org_unit pu;
		if (f == 0 || org_unit_by_id(cx, place.unit_id, &pu) != 1 ||
		    !access_path_in_scope(cx, pu.path))
			return err_field(e, "place_id", "place_unknown", 0);
		if (place_rule(cx, &place) < 0)
			return -1;
		if (!in->has_unit && (strcmp(pu.kind, "grid") == 0 || strcmp(pu.kind, "microgrid") == 0)) {
			in->unit_id = pu.id;   /* a dwelling in a grid belongs to that grid */
			in->has_unit = true;
		}
		in->address = place.address;
	}
	if (create && !in->has_unit)
		return err_field(e, "unit_id", "required", 0);
	if (in->has_unit) {
		struct org_unit u;
		int f = org_unit_by_id(cx, in->unit_id, &u);
		if (f < 0 || unit_rule(cx, f ? &u : NULL, in->anchor) < 0)
			return -1;
	}
	if (create && !in->place_id && (!in->address || !*in->address))
		return err_field(e, "address", "address_or_place", 0);
	return 0;
}

int registry_household_judge(struct ctx *cx, const struct org_unit *u, const struct org_place *p,
			     const char *address, struct household_draft *out)
{
	struct err *e = &cx->err;
	const struct limit *la = &registry_limits[L_HOUSEHOLD_ADDRESS];
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	*out = (struct household_draft){.unit_id = u ? u->id : 0};
	if (!u)
		return err_field(e, "unit_id", "required", 0);
	if (unit_rule(cx, u, out->anchor) < 0)
		return -1;
	if (p) {
		if (p->unit_id != u->id)
			return err_field(e, "place_id", "place_unknown", 0);
		if (place_rule(cx, p) < 0)
			return -1;
		out->place_id = p->id;
		out->address = p->address;
		return 0;
	}
	if (!address || !*address)
		return err_field(e, "address", "address_or_place", 0);
	/* judged as the field of a create is */
	json_t *o = json_pack("{s:s}", "address", address);
	const char *v = NULL;
	int f = o ? jf_str(o, "address", 0, 0, (size_t)la->max, &v, e) : -1;
	if (f > 0)
		out->address = arena_strdup(cx->a, v);
	json_decref(o);
	return f > 0 ? 0 : e->code ? -1 : err_field(e, "address", "invalid", 0);
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct household *before,
		  struct household *out)
{
	if (registry_household_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? registry_household_json(cx, before) : NULL;
	json_t *a = registry_household_json(cx, out);
	int rc = audit_record(cx, action, "household", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

int registry_household_create(struct ctx *cx, json_t *body, struct household *out)
{
	static const char *const allowed[] = {"unit_id", "place_id", "address", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	struct hh_in in = {0};
	json_only_fields(body, allowed, e);
	if (e->code || read_place_fields(cx, body, true, &in) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO households (unit_id, place_id, address, created_at, updated_at, "
		"street_id, community_id, grid_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, in.unit_id);
	if (in.place_id)
		store_bind_int64(st, 2, in.place_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, in.address ? in.address : "");
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, cx->now);
	registry_bind_anchors(st, 6, in.anchor);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_fail(cx);
	if (registry_event(cx, id, 0, "created", 0, NULL) < 0)
		return -1;
	return finish(cx, "household.create", id, NULL, out);
}

int registry_household_update(struct ctx *cx, int64_t id, json_t *patch, struct household *out)
{
	static const char *const allowed[] = {"version", "unit_id", "place_id", "address", NULL};
	struct err *e = &cx->err;
	struct household h;
	if (registry_household_get(cx, id, PERM_RESIDENTS_WRITE, &h) < 0)
		return -1;
	int64_t version = 0;
	struct hh_in in = {0};
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (e->code || read_place_fields(cx, patch, false, &in) < 0)
		return -1;
	int64_t unit = in.has_unit ? in.unit_id : h.unit_id;
	int64_t place = in.has_place ? in.place_id : h.place_id;
	const char *address = in.place_id ? in.address : in.has_address ? in.address : h.address;
	if (!place && (!address || !*address))
		return err_field(e, "address", "address_or_place", 0);
	if (ctx_begin(cx) < 0)
		return -1;
	if (registry_bump(cx, "households", id, version) < 0)
		return -1;
	const int64_t *anchor = in.has_unit ? in.anchor : h.anchor;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE households SET unit_id = ?, place_id = ?, address = ?, street_id = ?, "
		"community_id = ?, grid_id = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, unit);
	if (place)
		store_bind_int64(st, 2, place);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, address ? address : "");
	registry_bind_anchors(st, 4, anchor);
	store_bind_int64(st, 7, id);
	if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
		return -1;
	if (unit != h.unit_id) {   /* its people move with it */
		st = store_prepare(cx->db, "UPDATE residents SET unit_id = ?, street_id = ?, "
					   "community_id = ?, grid_id = ? WHERE household_id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, unit);
		registry_bind_anchors(st, 2, anchor);
		store_bind_int64(st, 5, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
	}
	if ((unit != h.unit_id || place != h.place_id || strcmp(address ? address : "", h.address)) &&
	    registry_event(cx, id, 0, "moved", 0, address) < 0)
		return -1;
	return finish(cx, "household.update", id, &h, out);
}

int registry_household_events(struct ctx *cx, int64_t household_id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, kind, resident_id, on_date, note, actor, at FROM household_events "
		"WHERE household_id = ? ORDER BY id DESC LIMIT 500");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, household_id);
	*out = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *ev = json_object();
		json_object_set_new(ev, "id", json_integer(store_col_int64(st, 0)));
		json_object_set_new(ev, "kind", json_string(store_col_text(st, 1)));
		json_object_set_new(ev, "resident_id", store_col_is_null(st, 2) ? json_null()
						       : json_integer(store_col_int64(st, 2)));
		json_object_set_new(ev, "on_date", registry_date_json((int)store_col_int64(st, 3)));
		json_object_set_new(ev, "note", json_string(store_col_text(st, 4)));
		json_object_set_new(ev, "actor", json_string(store_col_text(st, 5)));
		json_object_set_new(ev, "at", json_time(store_col_int64(st, 6)));
		json_array_append_new(*out, ev);
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(*out);
		*out = NULL;
		return ctx_store_error(cx);
	}
	return 0;
}
