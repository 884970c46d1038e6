/* Open311 attributes: the questions a service asks besides its text and place, by catalog item. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "catalog/catalog.h"
#include "open311/internal.h"

static const char *const datatypes[O311__TYPES] = {"string", "number", "datetime", "text",
	"singlevaluelist", "multivaluelist"};

const char *open311_datatype_name(int t) { return t >= 0 && t < O311__TYPES ? datatypes[t] : NULL; }

static int datatype_parse(const char *s)
{
	for (int i = 0; s && i < O311__TYPES; i++)
		if (strcmp(s, datatypes[i]) == 0)
			return i;
	return -1;
}

#define ATTR_COLS "id, item_id, code, datatype, variable, required, datatype_description, sort," \
	" description, choices, created_at, updated_at, version"

static int64_t read_attr(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct open311_attribute *a = row;
	int c = 0;
	a->id = store_col_int64(st, c++);
	a->item_id = store_col_int64(st, c++);
	a->code = arena_strdup(cx->a, store_col_text(st, c++));
	a->datatype = datatype_parse(store_col_text(st, c++));
	a->variable = store_col_int64(st, c++) != 0;
	a->required = store_col_int64(st, c++) != 0;
	a->datatype_description = arena_strdup(cx->a, store_col_text(st, c++));
	a->order = store_col_int64(st, c++);
	a->description = arena_strdup(cx->a, store_col_text(st, c++));
	a->values = arena_strdup(cx->a, store_col_text(st, c++));
	a->created_at = store_col_int64(st, c++);
	a->updated_at = store_col_int64(st, c++);
	a->version = store_col_int64(st, c++);
	return a->id;
}

int open311_attributes_of(struct ctx *cx, int64_t item_id, struct open311_attribute **items,
			  size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " ATTR_COLS " FROM open311_attributes"
					      " WHERE item_id = ? ORDER BY sort, id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, item_id);
	store_bind_int64(st, 2, O311_MAX_ATTRIBUTES);
	return ctx_rows(cx, st, sizeof **items, O311_MAX_ATTRIBUTES, read_attr, items, n);
}

int open311_attributes_list(struct ctx *cx, int64_t item_id, struct open311_attribute **items,
			    size_t *n)
{
	struct catalog_item it;
	if (catalog_item_get(cx, item_id, &it) < 0)
		return -1;
	return open311_attributes_of(cx, item_id, items, n);
}

static int by_id(struct ctx *cx, int64_t id, struct open311_attribute *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " ATTR_COLS " FROM open311_attributes"
					      " WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_attr(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

json_t *open311_attribute_json(const struct open311_attribute *a)
{
	json_t *v = json_loads(a->values ? a->values : "[]", 0, NULL);
	return json_pack("{s:I, s:I, s:s, s:s, s:b, s:b, s:s, s:I, s:s, s:o, s:I, s:I, s:I}",
			 "id", (json_int_t)a->id, "item_id", (json_int_t)a->item_id, "code", a->code,
			 "datatype", open311_datatype_name(a->datatype), "variable", a->variable,
			 "required", a->required, "datatype_description", a->datatype_description,
			 "order", (json_int_t)a->order, "description", a->description,
			 "values", v ? v : json_array(), "created_at", (json_int_t)a->created_at,
			 "updated_at", (json_int_t)a->updated_at, "version", (json_int_t)a->version);
}

/* Who keeps the attributes of an item: administrators any; staff with catalog.write those of
 * the items of units in their scope (the deployment's are the administrators'). The item must
 * be one the caller reads (404 else). */
static int may_keep(struct ctx *cx, int64_t item_id, struct catalog_item *it)
{
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	int f = catalog_item_get(cx, item_id, it);
	if (f < 0) {
		if (cx->err.code == ERR_NOT_FOUND) {
			err_clear(&cx->err);
			return err_field(&cx->err, "item_id", "open311_item", 0);
		}
		return -1;
	}
	if (access_is_global(cx))
		return 0;
	if (!it->owner_path || !access_path_in_scope(cx, it->owner_path))
		return err_field(&cx->err, "item_id", "open311_item_scope", 0);
	return 0;
}

/* The values of a list: [{key, name}], keys unique; none for the other types. */
static const char *judge_values(struct ctx *cx, json_t *v, int datatype)
{
	struct err *e = &cx->err;
	const struct limit *L = open311_limits;
	bool list = datatype == O311_SINGLE || datatype == O311_MULTI;
	if (!v || json_is_null(v)) {
		if (list)
			err_field(e, "values", "open311_values_needed", 0);
		return "[]";
	}
	if (!json_is_array(v) || json_array_size(v) > (size_t)L[L_O311_VALUES].max) {
		err_field(e, "values", "open311_values", L[L_O311_VALUES].max);
		return "[]";
	}
	if (!list && json_array_size(v) > 0) {
		err_field(e, "values", "open311_values_only_lists", 0);
		return "[]";
	}
	if (list && json_array_size(v) == 0) {
		err_field(e, "values", "open311_values_needed", 0);
		return "[]";
	}
	json_t *out = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *field = arena_printf(cx->a, "values[%zu]", i);
		const char *key = NULL, *name = NULL;
		static const char *const allowed[] = {"key", "name", NULL};
		if (!json_is_object(x)) {
			err_field(e, field, "open311_value", 0);
			continue;
		}
		struct err sub = {0};
		json_only_fields(x, allowed, &sub);
		jf_str(x, "key", JF_REQUIRED, (size_t)L[L_O311_VALUE_KEY].min,
		       (size_t)L[L_O311_VALUE_KEY].max, &key, &sub);
		jf_str(x, "name", JF_REQUIRED, (size_t)L[L_O311_VALUE_NAME].min,
		       (size_t)L[L_O311_VALUE_NAME].max, &name, &sub);
		if (sub.code) {
			err_field(e, field, "open311_value", 0);
			continue;
		}
		for (size_t j = 0; j < json_array_size(out); j++)
			if (strcmp(json_string_value(json_object_get(json_array_get(out, j), "key")),
				   key) == 0)
				err_field(e, field, "open311_value_twice", 0);
		json_array_append_new(out, json_pack("{s:s, s:s}", "key", key, "name", name));
	}
	const char *text = json_to_arena(cx->a, out, NULL);
	json_decref(out);
	return text;
}

static bool code_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

/* The fields a create and an update share, over `a` as it is. */
static void judge(struct ctx *cx, json_t *b, struct open311_attribute *a)
{
	struct err *e = &cx->err;
	const struct limit *L = open311_limits;
	const char *dt = NULL;
	if (jf_str(b, "datatype", a->id ? 0 : JF_REQUIRED, 1, 32, &dt, e) > 0) {
		a->datatype = datatype_parse(dt);
		if (a->datatype < 0)
			err_field(e, "datatype", "open311_datatype", 0);
	}
	jf_bool(b, "variable", 0, &a->variable, e);
	jf_bool(b, "required", 0, &a->required, e);
	jf_str(b, "datatype_description", 0, 0, (size_t)L[L_O311_DATATYPE_DESCRIPTION].max,
	       &a->datatype_description, e);
	jf_str(b, "description", JF_MULTILINE, 0, (size_t)L[L_O311_DESCRIPTION].max,
	       &a->description, e);
	jf_int(b, "order", 0, L[L_O311_ORDER].min, L[L_O311_ORDER].max, &a->order, e);
	json_t *v = json_object_get(b, "values");
	if (a->datatype >= 0 && (v || dt)) {
		/* a new type is judged with the values sent, else with those it has */
		json_t *had = v ? NULL : json_loads(a->values ? a->values : "[]", 0, NULL);
		a->values = judge_values(cx, v ? v : had, a->datatype);
		json_decref(had);
	}
	if (!a->required || a->variable)
		return;
	err_field(e, "required", "open311_required_variable", 0);
}

static int write_audit(struct ctx *cx, const char *action, const struct open311_attribute *before,
		       int64_t id, struct open311_attribute *out)
{
	if (by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? open311_attribute_json(before) : NULL, *a = open311_attribute_json(out);
	int rc = audit_commit(cx, action, "open311_attribute", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

int open311_attribute_create(struct ctx *cx, json_t *body, struct open311_attribute *out)
{
	static const char *const allowed[] = {"item_id", "code", "datatype", "variable", "required",
		"datatype_description", "order", "description", "values", NULL};
	struct err *e = &cx->err;
	const struct limit *L = open311_limits;
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	struct open311_attribute a = {.variable = true, .order = 1, .datatype_description = "",
		.description = "", .values = "[]", .datatype = -1};
	json_only_fields(body, allowed, e);
	if (jf_str(body, "code", JF_REQUIRED, (size_t)L[L_O311_CODE].min, (size_t)L[L_O311_CODE].max,
		   &a.code, e) > 0 && !code_ok(a.code))
		err_field(e, "code", "open311_code", 0);
	bool has_item = jf_int(body, "item_id", JF_REQUIRED, 1, INT64_MAX, &a.item_id, e) > 0;
	judge(cx, body, &a);
	if (e->code)
		return -1;
	struct catalog_item it;
	if (has_item && may_keep(cx, a.item_id, &it) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	/* an item asks at most O311_MAX_ATTRIBUTES questions: its definition lists no more */
	struct store_stmt *st = store_prepare(cx->db, "SELECT COUNT(*) FROM open311_attributes"
					      " WHERE item_id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, a.item_id);
	int rc = store_step(st);
	int64_t had = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_fail(cx);
	if (had >= O311_MAX_ATTRIBUTES) {
		ctx_rollback(cx);
		return err_field(e, "item_id", "open311_attributes_full", O311_MAX_ATTRIBUTES);
	}
	st = store_prepare(cx->db, "INSERT INTO open311_attributes (item_id, code,"
		" datatype, variable, required, datatype_description, sort, description, choices,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, a.item_id);
	store_bind_text(st, k++, a.code);
	store_bind_text(st, k++, open311_datatype_name(a.datatype));
	store_bind_int64(st, k++, a.variable);
	store_bind_int64(st, k++, a.required);
	store_bind_text(st, k++, a.datatype_description);
	store_bind_int64(st, k++, a.order);
	store_bind_text(st, k++, a.description);
	store_bind_text(st, k++, a.values);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "code", "open311_code_taken", &id) < 0)
		return -1;
	return write_audit(cx, "open311_attribute.create", NULL, id, out);
}

/* The attribute for a write: 404 when missing or of an item the caller does not keep. */
static int kept(struct ctx *cx, int64_t id, struct open311_attribute *a)
{
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	int f = by_id(cx, id, a);
	if (f < 0)
		return -1;
	struct catalog_item it;
	if (f == 0 || may_keep(cx, a->item_id, &it) < 0) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

int open311_attribute_update(struct ctx *cx, int64_t id, json_t *patch,
			     struct open311_attribute *out)
{
	static const char *const allowed[] = {"version", "datatype", "variable", "required",
		"datatype_description", "order", "description", "values", NULL};
	struct err *e = &cx->err;
	struct open311_attribute old, a;
	if (kept(cx, id, &old) < 0)
		return -1;
	a = old;
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge(cx, patch, &a);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE open311_attributes SET datatype = ?,"
		" variable = ?, required = ?, datatype_description = ?, sort = ?, description = ?,"
		" choices = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, open311_datatype_name(a.datatype));
	store_bind_int64(st, k++, a.variable);
	store_bind_int64(st, k++, a.required);
	store_bind_text(st, k++, a.datatype_description);
	store_bind_int64(st, k++, a.order);
	store_bind_text(st, k++, a.description);
	store_bind_text(st, k++, a.values);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, id);
	store_bind_int64(st, k++, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return write_audit(cx, "open311_attribute.update", &old, id, out);
}

int open311_attribute_delete(struct ctx *cx, int64_t id, int64_t version)
{
	struct open311_attribute old;
	if (kept(cx, id, &old) < 0 || ctx_begin(cx) < 0)
		return -1;
	if (ctx_delete_version(cx, "DELETE FROM open311_attributes WHERE id = ? AND version = ?", id,
			       version) < 0)
		return -1;
	json_t *b = open311_attribute_json(&old);
	int rc = audit_commit(cx, "open311_attribute.delete", "open311_attribute", id, b, NULL);
	json_decref(b);
	return rc;
}
