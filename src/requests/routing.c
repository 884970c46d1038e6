/* The dispatch catalogue (派单目录): who owns a category of matters (or one item) in an area,
 * edited over time; intake and acceptance route a request by it, the most specific rule in
 * force winning. Rules end (valid_to), never vanish, so the catalogue of any day can be read. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "org/org.h"
#include "requests/internal.h"

#define RULE_COLS "d.id, d.category_id, COALESCE(c.name, ''), d.item_id, COALESCE(i.name, ''), " \
	"d.area_unit_id, COALESCE(a.name, ''), d.target_unit_id, COALESCE(t.name, ''), d.department, " \
	"d.contact, d.valid_from, d.valid_to, d.note, d.created_at, d.updated_at, d.version"
#define RULE_FROM "dispatch_rules d JOIN catalog_categories c ON c.id = d.category_id " \
	"LEFT JOIN catalog_items i ON i.id = d.item_id LEFT JOIN org_units a ON a.id = d.area_unit_id " \
	"LEFT JOIN org_units t ON t.id = d.target_unit_id"

static int64_t read_rule(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct dispatch_rule *d = row;
	int c = 0;
	d->id = store_col_int64(st, c++);
	d->category_id = store_col_int64(st, c++);
	d->category_name = arena_strdup(cx->a, store_col_text(st, c++));
	d->item_id = store_col_int64(st, c++);
	d->item_name = arena_strdup(cx->a, store_col_text(st, c++));
	d->area_unit_id = store_col_int64(st, c++);
	d->area_name = arena_strdup(cx->a, store_col_text(st, c++));
	d->target_unit_id = store_col_int64(st, c++);
	d->target_name = arena_strdup(cx->a, store_col_text(st, c++));
	d->department = arena_strdup(cx->a, store_col_text(st, c++));
	d->contact = arena_strdup(cx->a, store_col_text(st, c++));
	d->valid_from = (int)store_col_int64(st, c++);
	d->valid_to = (int)store_col_int64(st, c++);
	d->note = arena_strdup(cx->a, store_col_text(st, c++));
	d->created_at = store_col_int64(st, c++);
	d->updated_at = store_col_int64(st, c++);
	d->version = store_col_int64(st, c++);
	return d->id;
}

static json_t *date_or_null(int d)
{
	if (!d)
		return json_null();
	char buf[16];
	date_format(d, buf, sizeof buf);
	return json_string(buf);
}

static json_t *ref(int64_t id, const char *name)
{
	return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

json_t *dispatch_rule_json(const struct dispatch_rule *d, int today)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:o, s:o, s:I}",
		"id", (json_int_t)d->id, "category", ref(d->category_id, d->category_name),
		"item", ref(d->item_id, d->item_name), "area", ref(d->area_unit_id, d->area_name),
		"target_unit", ref(d->target_unit_id, d->target_name), "department", d->department,
		"contact", d->contact, "valid_from", date_or_null(d->valid_from), "valid_to",
		date_or_null(d->valid_to), "note", d->note, "in_force", d->valid_from <= today &&
		(!d->valid_to || d->valid_to >= today), "created_at", json_time(d->created_at),
		"updated_at", json_time(d->updated_at), "version", (json_int_t)d->version);
}

static int fetch(struct ctx *cx, int64_t id, struct dispatch_rule *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " RULE_COLS " FROM " RULE_FROM " WHERE d.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_rule(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int rq_route(struct ctx *cx, int64_t item_id, int64_t category_id, const char *origin_path,
	     struct dispatch_rule *out)
{
	if (!category_id)
		return 0;
	int today = date_of_time(cx->now);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RULE_COLS " FROM " RULE_FROM " WHERE d.category_id = ?"
		" AND (d.item_id IS NULL OR d.item_id = ?)"
		" AND (d.area_unit_id IS NULL OR substr(?, 1, length(a.path)) = a.path)"
		" AND d.valid_from <= ? AND (d.valid_to IS NULL OR d.valid_to >= ?)"
		" AND (d.target_unit_id IS NULL OR t.closed_at IS NULL)"
		" ORDER BY CASE WHEN d.item_id IS NULL THEN 1 ELSE 0 END,"
		" length(COALESCE(a.path, '')) DESC, d.id DESC LIMIT 1");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, category_id);
	store_bind_int64(st, 2, item_id);
	store_bind_text(st, 3, origin_path);
	store_bind_int64(st, 4, today);
	store_bind_int64(st, 5, today);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_rule(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int dispatch_rules_list(struct ctx *cx, int64_t category_id, bool in_force,
			struct dispatch_rule **items, size_t *n)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int today = date_of_time(cx->now);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RULE_COLS " FROM " RULE_FROM " WHERE (? = 0 OR d.category_id = ?)"
		" AND (? = 0 OR (d.valid_from <= ? AND (d.valid_to IS NULL OR d.valid_to >= ?)))"
		" ORDER BY c.sort, c.id, d.item_id IS NOT NULL, d.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, category_id);
	store_bind_int64(st, 2, category_id);
	store_bind_int64(st, 3, in_force);
	store_bind_int64(st, 4, today);
	store_bind_int64(st, 5, today);
	return ctx_rows(cx, st, sizeof **items, 2000, read_rule, items, n);
}

/* A date field "2026-12-01": 1, 0 absent (null with JF_NULLABLE: 0), -1 error. */
static int date_field(struct err *e, json_t *b, const char *name, int *out)
{
	json_t *v = json_object_get(b, name);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = 0;
		return 0;
	}
	int d = json_is_string(v) ? date_parse(json_string_value(v)) : 0;
	if (!d)
		return err_field(e, name, "dispatch_date", 0);
	*out = d;
	return 1;
}

/* An org unit by id: open, and one the caller may write rules for (in scope; an
 * administrator any). */
static int unit_field(struct ctx *cx, json_t *b, const char *name, int64_t *id)
{
	json_t *v = json_object_get(b, name);
	if (v && json_is_null(v)) {
		*id = 0;
		return 0;
	}
	if (jf_int(b, name, 0, 1, INT64_MAX, id, &cx->err) <= 0)
		return 0;
	struct org_unit u;
	int f = org_unit_by_id(cx, *id, &u);
	if (f < 0)
		return -1;
	if (f == 0 || u.closed_at || !access_path_in_scope(cx, u.path))
		return err_field(&cx->err, name, "request_unit", 0);
	return 1;
}

static void judge(struct ctx *cx, json_t *b, bool create, struct dispatch_rule *d)
{
	struct err *e = &cx->err;
	const struct limit *ld = &requests_limits[L_RQ_DEPARTMENT];
	if (create && jf_int(b, "category_id", JF_REQUIRED, 1, INT64_MAX, &d->category_id, e) > 0) {
		int64_t ok = 0;
		if (store_query_int64(cx->db, "SELECT COUNT(*) FROM catalog_categories WHERE id = ? AND"
				      " active = 1", &ok, 1, d->category_id) < 0)
			ctx_store_error(cx);
		else if (!ok)
			err_field(e, "category_id", "catalog_category_unknown", 0);
	}
	json_t *v = json_object_get(b, "item_id");
	if (v && json_is_null(v))
		d->item_id = 0;
	else if (jf_int(b, "item_id", 0, 1, INT64_MAX, &d->item_id, e) > 0) {
		int64_t ok = 0;
		if (store_query_int64(cx->db, "SELECT COUNT(*) FROM catalog_items WHERE id = ? AND"
				      " category_id = ?", &ok, 2, d->item_id, d->category_id) < 0)
			ctx_store_error(cx);
		else if (!ok)
			err_field(e, "item_id", "dispatch_item", 0);
	}
	if (create)
		unit_field(cx, b, "area_unit_id", &d->area_unit_id);
	unit_field(cx, b, "target_unit_id", &d->target_unit_id);
	jf_str(b, "department", 0, (size_t)ld->min, (size_t)ld->max, &d->department, e);
	const struct limit *lc = &requests_limits[L_RQ_CONTACT], *ln = &requests_limits[L_RQ_RULE_NOTE];
	jf_str(b, "contact", 0, (size_t)lc->min, (size_t)lc->max, &d->contact, e);
	jf_str(b, "note", JF_MULTILINE, (size_t)ln->min, (size_t)ln->max, &d->note, e);
	date_field(e, b, "valid_from", &d->valid_from);
	date_field(e, b, "valid_to", &d->valid_to);
	if (!e->code && !d->target_unit_id && !*d->department)
		err_field(e, "target_unit_id", "dispatch_target", 0);
	if (!e->code && d->valid_to && d->valid_to < d->valid_from)
		err_field(e, "valid_to", "dispatch_dates", 0);
}

/* Rules of the whole deployment are the administrators'; an area's, those who keep the catalog
 * of a unit there. */
static int may_keep(struct ctx *cx, int64_t area_unit_id)
{
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	if (!area_unit_id && !access_is_global(cx))
		return err_field(&cx->err, "area_unit_id", "catalog_owner_scope", 0);
	return 0;
}

static int finish(struct ctx *cx, const char *action, int64_t id, const struct dispatch_rule *before,
		  struct dispatch_rule *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	int today = date_of_time(cx->now);
	json_t *b = before ? dispatch_rule_json(before, today) : NULL, *a = dispatch_rule_json(out, today);
	int rc = audit_record(cx, action, "dispatch_rule", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

static void bind_rule(struct store_stmt *st, int k, const struct dispatch_rule *d, int64_t now)
{
	store_bind_int64_or_null(st, k++, d->item_id);
	store_bind_int64_or_null(st, k++, d->target_unit_id);
	store_bind_text(st, k++, d->department);
	store_bind_text(st, k++, d->contact);
	store_bind_int64(st, k++, d->valid_from);
	store_bind_int64_or_null(st, k++, d->valid_to);
	store_bind_text(st, k++, d->note);
	store_bind_int64(st, k, now);
}

int dispatch_rule_create(struct ctx *cx, json_t *body, struct dispatch_rule *out)
{
	static const char *const allowed[] = {"category_id", "item_id", "area_unit_id",
		"target_unit_id", "department", "contact", "valid_from", "valid_to", "note", NULL};
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	struct dispatch_rule d = {.department = "", .contact = "", .note = "",
				  .valid_from = date_of_time(cx->now)};
	json_only_fields(body, allowed, &cx->err);
	judge(cx, body, true, &d);
	if (cx->err.code || may_keep(cx, d.area_unit_id) < 0 || ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO dispatch_rules (item_id, target_unit_id, department, contact, valid_from,"
		" valid_to, note, updated_at, category_id, area_unit_id, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	bind_rule(st, 1, &d, cx->now);
	store_bind_int64(st, 9, d.category_id);
	store_bind_int64_or_null(st, 10, d.area_unit_id);
	store_bind_int64(st, 11, cx->now);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || !id)
		return ctx_fail(cx);
	return finish(cx, "dispatch_rule.create", id, NULL, out);
}

int dispatch_rule_update(struct ctx *cx, int64_t id, json_t *patch, struct dispatch_rule *out)
{
	static const char *const allowed[] = {"version", "item_id", "target_unit_id", "department",
		"contact", "valid_from", "valid_to", "note", NULL};
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	struct dispatch_rule old, d;
	int f = fetch(cx, id, &old);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	d = old;
	int64_t version = 0;
	json_only_fields(patch, allowed, &cx->err);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, &cx->err);
	judge(cx, patch, false, &d);
	if (cx->err.code || may_keep(cx, old.area_unit_id) < 0)
		return -1;
	if (old.area_unit_id) {
		struct org_unit a;
		if (org_unit_by_id(cx, old.area_unit_id, &a) != 1 || !access_path_in_scope(cx, a.path))
			return err_setf(&cx->err, ERR_FORBIDDEN, "the rule's area is not the caller's");
	}
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE dispatch_rules SET item_id = ?, target_unit_id = ?, department = ?, contact = ?,"
		" valid_from = ?, valid_to = ?, note = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	bind_rule(st, 1, &d, cx->now);
	store_bind_int64(st, 9, id);
	store_bind_int64(st, 10, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "dispatch_rule.update", id, &old, out);
}
