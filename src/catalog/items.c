/* The catalog's items: what a resident can bring, with its materials, modes, handler, time
 * limits and appointment slots; kept by the staff of the unit whose catalog it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "catalog/internal.h"
#include "org/org.h"

static const char *const mode_names[CATALOG_MODES] = {
	"on_the_spot", "on_behalf", "accompanied", "at_home", "remote",
};

const char *catalog_mode_name(int mode)
{
	return mode >= 0 && mode < CATALOG_MODES ? mode_names[mode] : NULL;
}

static int mode_parse(const char *s, size_t len)
{
	for (int m = 0; m < CATALOG_MODES; m++)
		if (strlen(mode_names[m]) == len && strncmp(s, mode_names[m], len) == 0)
			return m;
	return -1;
}

/* "on_the_spot,at_home" → bits */
static unsigned modes_of_text(const char *s)
{
	unsigned bits = 0;
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int m = mode_parse(s, len);
		if (m >= 0)
			bits |= 1u << m;
		s = end ? end + 1 : s + len;
	}
	return bits;
}

static const char *modes_text(struct arena *a, unsigned bits)
{
	char buf[128] = "";
	for (int m = 0; m < CATALOG_MODES; m++)
		if (bits & (1u << m)) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, mode_names[m]);
		}
	return arena_strdup(a, buf);
}

static void hhmm(int minutes, char out[8])
{
	snprintf(out, 8, "%02d:%02d", minutes / 60 % 100, minutes % 60);
}

static json_t *slots_json(const struct catalog_slot *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char b[8], e[8];
		hhmm(s[i].start, b);
		hhmm(s[i].end, e);
		json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:i}", "weekday", s[i].weekday,
						   "start", b, "end", e, "capacity", s[i].capacity));
	}
	return a;
}

/* Slots as stored (the JSON slots_json writes, already judged). */
static void slots_of_text(struct ctx *cx, const char *text, struct catalog_item *it)
{
	it->slots = NULL;
	it->nslots = 0;
	json_t *a = text && *text ? json_loads(text, 0, NULL) : NULL;
	size_t n = json_is_array(a) ? json_array_size(a) : 0;
	if (n > CATALOG_MAX_SLOTS)
		n = CATALOG_MAX_SLOTS;
	if (n)
		it->slots = arena_alloc(cx->a, n * sizeof *it->slots);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(a, i);
		struct catalog_slot *s = &it->slots[it->nslots++];
		s->weekday = (int)json_integer_value(json_object_get(v, "weekday"));
		s->start = date_parse_hhmm(json_string_value(json_object_get(v, "start")));
		s->end = date_parse_hhmm(json_string_value(json_object_get(v, "end")));
		s->capacity = (int)json_integer_value(json_object_get(v, "capacity"));
	}
	json_decref(a);
}

static void materials_of_text(struct ctx *cx, const char *text, struct catalog_item *it)
{
	json_t *a = json_loads(text, 0, NULL);
	size_t n = json_is_array(a) ? json_array_size(a) : 0;
	it->materials = arena_alloc(cx->a, (n + 1) * sizeof *it->materials);
	it->nmaterials = 0;
	for (size_t i = 0; i < n; i++) {
		const char *m = json_string_value(json_array_get(a, i));
		if (m)
			it->materials[it->nmaterials++] = arena_strdup(cx->a, m);
	}
	json_decref(a);
}

static json_t *materials_json(const struct catalog_item *it)
{
	json_t *a = json_array();
	for (size_t i = 0; i < it->nmaterials; i++)
		json_array_append_new(a, json_string(it->materials[i]));
	return a;
}

int64_t catalog_read_item(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct catalog_item *it = row;
	it->id = store_col_int64(st, 0);
	it->code = arena_strdup(cx->a, store_col_text(st, 1));
	it->category_id = store_col_int64(st, 2);
	it->category_code = arena_strdup(cx->a, store_col_text(st, 3));
	it->category_name = arena_strdup(cx->a, store_col_text(st, 4));
	it->owner_unit_id = store_col_int64(st, 5);
	it->owner_name = arena_strdup(cx->a, store_col_text(st, 6));
	it->owner_path = store_col_is_null(st, 7) ? NULL : arena_strdup(cx->a, store_col_text(st, 7));
	it->name = arena_strdup(cx->a, store_col_text(st, 8));
	it->description = arena_strdup(cx->a, store_col_text(st, 9));
	materials_of_text(cx, store_col_text(st, 10), it);
	it->modes = modes_of_text(store_col_text(st, 11));
	it->handler_unit_id = store_col_int64(st, 12);
	it->handler_name = arena_strdup(cx->a, store_col_text(st, 13));
	it->by_hours = strcmp(store_col_text(st, 14), "working_hours") == 0;
	it->limit_value = store_col_int64(st, 15);
	it->green_limit_value = store_col_int64(st, 16);
	it->urgent_limit_hours = store_col_int64(st, 17);
	it->basis = arena_strdup(cx->a, store_col_text(st, 18));
	it->location = arena_strdup(cx->a, store_col_text(st, 19));
	it->phone = arena_strdup(cx->a, store_col_text(st, 20));
	it->fee = arena_strdup(cx->a, store_col_text(st, 21));
	slots_of_text(cx, store_col_is_null(st, 22) ? NULL : store_col_text(st, 22), it);
	it->public_ = store_col_int64(st, 23) != 0;
	it->active = store_col_int64(st, 24) != 0;
	it->sort = store_col_int64(st, 25);
	it->created_at = store_col_int64(st, 26);
	it->updated_at = store_col_int64(st, 27);
	it->version = store_col_int64(st, 28);
	return it->id;
}

void catalog_item_limit(const struct catalog_item *it, enum catalog_priority p, bool *hours,
			int64_t *value)
{
	switch (p) {
	case CATALOG_URGENT:
		*hours = true;
		*value = it->urgent_limit_hours ? it->urgent_limit_hours : CATALOG_URGENT_HOURS_DEFAULT;
		/* never longer than the item's own limit */
		if (it->by_hours && *value > it->limit_value)
			*value = it->limit_value;
		return;
	case CATALOG_GREEN:
		*hours = it->by_hours;
		*value = it->green_limit_value ? it->green_limit_value : (it->limit_value + 1) / 2;
		return;
	case CATALOG_NORMAL:
	default:
		*hours = it->by_hours;
		*value = it->limit_value;
		return;
	}
}

static json_t *limit_json(const struct catalog_item *it, enum catalog_priority p)
{
	bool hours;
	int64_t v;
	catalog_item_limit(it, p, &hours, &v);
	return json_pack("{s:s, s:I}", "unit", hours ? "working_hours" : "working_days", "value",
			 (json_int_t)v);
}

static json_t *id_or_null(int64_t id) { return id ? json_integer(id) : json_null(); }

json_t *catalog_item_json(struct ctx *cx, const struct catalog_item *it)
{
	(void)cx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "code", json_string(it->code));
	json_object_set_new(o, "category_id", json_integer(it->category_id));
	json_object_set_new(o, "category_code", json_string(it->category_code));
	json_object_set_new(o, "category_name", json_string(it->category_name));
	json_object_set_new(o, "owner_unit_id", id_or_null(it->owner_unit_id));
	json_object_set_new(o, "owner_unit_name", json_string(it->owner_name));
	json_object_set_new(o, "name", json_string(it->name));
	json_object_set_new(o, "description", json_string(it->description));
	json_object_set_new(o, "materials", materials_json(it));
	json_t *modes = json_array();
	for (int m = 0; m < CATALOG_MODES; m++)
		if (it->modes & (1u << m))
			json_array_append_new(modes, json_string(mode_names[m]));
	json_object_set_new(o, "modes", modes);
	json_object_set_new(o, "handler_unit_id", id_or_null(it->handler_unit_id));
	json_object_set_new(o, "handler_unit_name", json_string(it->handler_name));
	json_object_set_new(o, "limit_unit", json_string(it->by_hours ? "working_hours" : "working_days"));
	json_object_set_new(o, "limit_value", json_integer(it->limit_value));
	json_object_set_new(o, "green_limit_value", id_or_null(it->green_limit_value));
	json_object_set_new(o, "urgent_limit_hours", id_or_null(it->urgent_limit_hours));
	json_object_set_new(o, "limits", json_pack("{s:o, s:o, s:o}",
		"normal", limit_json(it, CATALOG_NORMAL), "green", limit_json(it, CATALOG_GREEN),
		"urgent", limit_json(it, CATALOG_URGENT)));
	json_object_set_new(o, "basis", json_string(it->basis));
	json_object_set_new(o, "location", json_string(it->location));
	json_object_set_new(o, "phone", json_string(it->phone));
	json_object_set_new(o, "fee", json_string(it->fee));
	json_object_set_new(o, "slots", slots_json(it->slots, it->nslots));
	json_object_set_new(o, "public", json_boolean(it->public_));
	json_object_set_new(o, "active", json_boolean(it->active));
	json_object_set_new(o, "sort", json_integer(it->sort));
	json_object_set_new(o, "created_at", json_time(it->created_at));
	json_object_set_new(o, "updated_at", json_time(it->updated_at));
	json_object_set_new(o, "version", json_integer(it->version));
	return o;
}

bool catalog_item_holds_in(const struct catalog_item *it, const char *unit_path)
{
	return !it->owner_path ||
	       (unit_path && strncmp(unit_path, it->owner_path, strlen(it->owner_path)) == 0);
}

int catalog_item_by_id(struct ctx *cx, int64_t id, struct catalog_item *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ITEM_COLS " FROM " ITEM_FROM " WHERE i.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		catalog_read_item(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int catalog_item_by_code(struct ctx *cx, const char *code, struct catalog_item *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ITEM_COLS " FROM " ITEM_FROM " WHERE i.code = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, code);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		catalog_read_item(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int catalog_public_items(struct ctx *cx, struct catalog_item **items, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ITEM_COLS " FROM " ITEM_FROM " WHERE i.public = 1 AND i.active = 1"
		" AND c.active = 1 ORDER BY c.sort, c.id, i.sort, i.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, CATALOG_PUBLIC_MAX);
	return ctx_rows(cx, st, sizeof **items, CATALOG_PUBLIC_MAX, catalog_read_item, items, n);
}

/* The deployment's items are everyone's; a unit's are read by those of units related to it. */
static bool readable(const struct ctx *cx, const struct catalog_item *it)
{
	return !it->owner_path || catalog_related(cx, it->owner_path);
}

int catalog_item_get(struct ctx *cx, int64_t id, struct catalog_item *out)
{
	if (access_require(cx, PERM_CATALOG_READ, NULL) < 0)
		return -1;
	int f = catalog_item_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || !readable(cx, out))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return 0;
}

int catalog_items_list(struct ctx *cx, const struct catalog_item_filter *f,
		       struct catalog_item **items, size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_CATALOG_READ, NULL) < 0)
		return -1;
	const char *unit_path = NULL;
	if (f->unit_id) {
		struct org_unit u;
		int r = org_unit_by_id(cx, f->unit_id, &u);
		if (r < 0)
			return -1;
		/* a unit the caller may not read holds nothing for them, as one that does not exist */
		if (r == 0 || !catalog_related(cx, u.path)) {
			*items = NULL;
			*n = 0;
			*next_cursor = 0;
			return 0;
		}
		unit_path = u.path;
	}
	/* the cursor is an id; the page goes on after that item in (category, sort, id) order */
	int64_t csort = 0, isort = 0;
	if (f->cursor) {
		struct catalog_item at;
		int r = catalog_item_by_id(cx, f->cursor, &at);
		if (r < 0)
			return -1;
		if (r == 0)
			return err_field(&cx->err, "cursor", "cursor", 0);
		if (store_query_int64(cx->db, "SELECT sort FROM catalog_categories WHERE id = ?",
				      &csort, 1, at.category_id) < 0)
			return ctx_store_error(cx);
		isort = at.sort;
	}
	const char *like = f->q ? text_like_contains(cx->a, f->q) : NULL;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " ITEM_COLS " FROM " ITEM_FROM
		" WHERE (? = 1 OR i.owner_unit_id IS NULL"
		"  OR EXISTS (SELECT 1 FROM user_units au JOIN org_units ao ON ao.id = au.unit_id"
		"   WHERE au.user_id = ? AND (substr(ao.path, 1, length(ow.path)) = ow.path"
		"    OR substr(ow.path, 1, length(ao.path)) = ao.path)))"
		" AND (CAST(? AS BIGINT) IS NULL OR i.category_id = ?)"
		" AND (CAST(? AS TEXT) IS NULL OR i.owner_unit_id IS NULL"
		"  OR substr(?, 1, length(ow.path)) = ow.path)"
		" AND (CAST(? AS TEXT) IS NULL OR lower(i.name) LIKE ? ESCAPE '\\'"
		"  OR lower(i.code) LIKE ? ESCAPE '\\')"
		" AND (? < 0 OR i.active = ?) AND (? < 0 OR i.public = ?)"
		" AND (? = 0 OR c.sort > ? OR (c.sort = ? AND (c.id > ? OR (c.id = ? AND"
		"  (i.sort > ? OR (i.sort = ? AND i.id > ?))))))"
		" ORDER BY c.sort, c.id, i.sort, i.id LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64_or_null(st, k++, f->category_id);
	store_bind_int64(st, k++, f->category_id);
	store_bind_text(st, k++, unit_path);
	store_bind_text(st, k++, unit_path);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_text(st, k++, like);
	store_bind_int64(st, k++, f->active);
	store_bind_int64(st, k++, f->active);
	store_bind_int64(st, k++, f->public_);
	store_bind_int64(st, k++, f->public_);
	int64_t cat_id = 0;
	if (f->cursor && store_query_int64(cx->db, "SELECT category_id FROM catalog_items WHERE"
					   " id = ?", &cat_id, 1, f->cursor) < 0)
		return ctx_store_error(cx);
	store_bind_int64(st, k++, f->cursor ? 1 : 0);
	store_bind_int64(st, k++, csort);
	store_bind_int64(st, k++, csort);
	store_bind_int64(st, k++, cat_id);
	store_bind_int64(st, k++, cat_id);
	store_bind_int64(st, k++, isort);
	store_bind_int64(st, k++, isort);
	store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, catalog_read_item, items, n, next_cursor);
}

/* ---- writes ---- */

/* What a create or an update carries, judged. */
struct item_in {
	const char *code, *name, *description, *basis, *location, *phone, *fee;
	const char *materials, *slots;    /* JSON text as stored; slots NULL: none */
	int64_t category_id, owner_unit_id, handler_unit_id;
	unsigned modes;
	bool by_hours;
	int64_t limit_value, green_limit_value, urgent_limit_hours, sort;
	bool public_, active;
};

static int judge_materials(struct ctx *cx, json_t *v, const char **out)
{
	struct err *e = &cx->err;
	const struct limit *one = &catalog_limits[L_ITEM_MATERIAL], *all = &catalog_limits[L_ITEM_MATERIALS];
	if (!json_is_array(v) || json_array_size(v) > (size_t)all->max)
		return err_field(e, "materials", "catalog_materials", all->max);
	size_t i;
	json_t *m;
	json_array_foreach(v, i, m) {
		const char *s = json_string_value(m);
		size_t len = s ? utf8_count(s) : 0;
		if (!s || len < (size_t)one->min || len > (size_t)one->max || text_has_control(s, false) ||
		    text_has_bidi(s))
			return err_field(e, arena_printf(cx->a, "materials[%zu]", i), "catalog_material",
					 one->max);
	}
	*out = json_to_arena(cx->a, v, NULL);
	return 1;
}

static int judge_modes(struct ctx *cx, json_t *v, unsigned *out)
{
	if (!json_is_array(v) || json_array_size(v) == 0)
		return err_field(&cx->err, "modes", "catalog_modes", 0);
	unsigned bits = 0;
	size_t i;
	json_t *m;
	json_array_foreach(v, i, m) {
		const char *s = json_string_value(m);
		int k = s ? mode_parse(s, strlen(s)) : -1;
		if (k < 0)
			return err_field(&cx->err, arena_printf(cx->a, "modes[%zu]", i), "catalog_modes", 0);
		bits |= 1u << k;
	}
	*out = bits;
	return 1;
}

static int judge_slots(struct ctx *cx, json_t *v, const char **out)
{
	struct err *e = &cx->err;
	const struct limit *cap = &catalog_limits[L_ITEM_SLOT_CAPACITY];
	if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
		*out = NULL;
		return 1;
	}
	if (!json_is_array(v) || json_array_size(v) > (size_t)catalog_limits[L_ITEM_SLOTS].max)
		return err_field(e, "slots", "catalog_slots", catalog_limits[L_ITEM_SLOTS].max);
	struct catalog_slot s[CATALOG_MAX_SLOTS];
	size_t n = 0, i;
	json_t *o;
	json_array_foreach(v, i, o) {
		const char *field = arena_printf(cx->a, "slots[%zu]", i);
		json_t *w = json_object_get(o, "weekday"), *c = json_object_get(o, "capacity");
		struct catalog_slot x = {
			.weekday = json_is_integer(w) ? (int)json_integer_value(w) : 0,
			.start = date_parse_hhmm(json_string_value(json_object_get(o, "start"))),
			.end = date_parse_hhmm(json_string_value(json_object_get(o, "end"))),
			.capacity = json_is_integer(c) ? (int)json_integer_value(c) : 0,
		};
		if (!json_is_object(o) || json_object_size(o) != 4 || x.weekday < 1 || x.weekday > 7 ||
		    x.start < 0 || x.end < 0 || x.start >= x.end)
			return err_field(e, field, "catalog_slot", 0);
		if (x.capacity < cap->min || x.capacity > cap->max)
			return err_field(e, arena_printf(cx->a, "%s.capacity", field), "catalog_slot_capacity",
					 cap->max);
		/* on one weekday, in order and without overlapping */
		for (size_t j = 0; j < n; j++)
			if (s[j].weekday == x.weekday && x.start < s[j].end && s[j].start < x.end)
				return err_field(e, field, "catalog_slot_overlap", 0);
		s[n++] = x;
	}
	json_t *canon = slots_json(s, n);
	*out = json_to_arena(cx->a, canon, NULL);
	json_decref(canon);
	return 1;
}

/* An org unit given by id: open, and related to the caller's (1), or a field error. */
static int judge_unit(struct ctx *cx, const char *field, int64_t id, struct org_unit *u)
{
	int r = org_unit_by_id(cx, id, u);
	if (r < 0)
		return -1;
	if (r == 0 || !catalog_related(cx, u->path))
		return err_field(&cx->err, field, "catalog_unit_unknown", 0);
	if (u->closed_at)
		return err_field(&cx->err, field, "catalog_unit_closed", 0);
	return 1;
}

/* Read the body into in (which holds the old values on an update); field errors in cx->err.
 * The owner's write permission is the caller's to check. */
static void judge(struct ctx *cx, json_t *b, bool create, struct item_in *in)
{
	struct err *e = &cx->err;
	const struct limit *L = catalog_limits;
	catalog_jf_str(b, "code", 0, L_ITEM_CODE, &in->code, e);
	catalog_jf_str(b, "name", create ? JF_REQUIRED : 0, L_ITEM_NAME, &in->name, e);
	catalog_jf_str(b, "description", JF_MULTILINE, L_ITEM_DESCRIPTION, &in->description, e);
	catalog_jf_str(b, "basis", JF_MULTILINE, L_ITEM_BASIS, &in->basis, e);
	catalog_jf_str(b, "location", 0, L_ITEM_LOCATION, &in->location, e);
	catalog_jf_str(b, "phone", 0, L_ITEM_PHONE, &in->phone, e);
	catalog_jf_str(b, "fee", 0, L_ITEM_FEE, &in->fee, e);
	json_t *v;
	if ((v = json_object_get(b, "materials")))
		judge_materials(cx, v, &in->materials);
	if ((v = json_object_get(b, "modes")))
		judge_modes(cx, v, &in->modes);
	else if (create)
		err_field(e, "modes", "required", 0);
	if ((v = json_object_get(b, "slots")))
		judge_slots(cx, v, &in->slots);
	if (jf_int(b, "category_id", create ? JF_REQUIRED : 0, 1, INT64_MAX, &in->category_id, e) > 0) {
		int64_t ok = 0;
		if (store_query_int64(cx->db, "SELECT COUNT(*) FROM catalog_categories WHERE id = ?"
				      " AND active = 1", &ok, 1, in->category_id) < 0)
			ctx_store_error(cx);
		else if (!ok)
			err_field(e, "category_id", "catalog_category_unknown", 0);
	}
	struct org_unit u;
	if (create) {
		/* null or absent: the deployment's catalog */
		if (jf_int(b, "owner_unit_id", JF_NULLABLE, 1, INT64_MAX, &in->owner_unit_id, e) > 0)
			judge_unit(cx, "owner_unit_id", in->owner_unit_id, &u);
	}
	v = json_object_get(b, "handler_unit_id");
	if (v && json_is_null(v))
		in->handler_unit_id = 0;
	else if (jf_int(b, "handler_unit_id", JF_NULLABLE, 1, INT64_MAX, &in->handler_unit_id, e) > 0)
		judge_unit(cx, "handler_unit_id", in->handler_unit_id, &u);
	const char *unit = NULL;
	if (catalog_jf_str(b, "limit_unit", create ? JF_REQUIRED : 0, -1, &unit, e) > 0) {
		if (strcmp(unit, "working_days") == 0)
			in->by_hours = false;
		else if (strcmp(unit, "working_hours") == 0)
			in->by_hours = true;
		else
			err_field(e, "limit_unit", "catalog_limit_unit", 0);
	}
	const struct limit *lv = &L[in->by_hours ? L_ITEM_HOURS : L_ITEM_DAYS];
	jf_int(b, "limit_value", create ? JF_REQUIRED : 0, 1, INT64_MAX, &in->limit_value, e);
	if (!e->code && (in->limit_value < lv->min || in->limit_value > lv->max))
		err_field(e, "limit_value", "catalog_limit_value", lv->max);
	v = json_object_get(b, "green_limit_value");
	if (v && json_is_null(v))
		in->green_limit_value = 0;
	else
		jf_int(b, "green_limit_value", 0, 1, lv->max, &in->green_limit_value, e);
	if (in->green_limit_value > in->limit_value && !e->code)
		err_field(e, "green_limit_value", "catalog_green_longer", 0);
	v = json_object_get(b, "urgent_limit_hours");
	if (v && json_is_null(v))
		in->urgent_limit_hours = 0;
	else
		jf_int(b, "urgent_limit_hours", 0, L[L_ITEM_URGENT_HOURS].min, L[L_ITEM_URGENT_HOURS].max,
		       &in->urgent_limit_hours, e);
	jf_int(b, "sort", 0, L[L_ITEM_SORT].min, L[L_ITEM_SORT].max, &in->sort, e);
	jf_bool(b, "public", 0, &in->public_, e);
	if (!create)
		jf_bool(b, "active", 0, &in->active, e);
}

/* Whether the caller keeps the items of this owner (0 the deployment's): administrators any,
 * staff those of units in their scope. 0, or -1 with 403 / a field error. */
static int may_keep(struct ctx *cx, int64_t owner_unit_id, const char *owner_path)
{
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	if (access_is_global(cx))
		return 0;
	if (!owner_unit_id)
		return err_field(&cx->err, "owner_unit_id", "catalog_owner_scope", 0);
	if (!access_path_in_scope(cx, owner_path))
		return err_field(&cx->err, "owner_unit_id", "catalog_owner_scope", 0);
	return 0;
}

static void bind_in(struct store_stmt *st, int k, const struct ctx *cx, const struct item_in *in)
{
	store_bind_text(st, k++, in->name);
	store_bind_text(st, k++, in->description);
	store_bind_text(st, k++, in->materials);
	store_bind_text(st, k++, modes_text(cx->a, in->modes));
	store_bind_int64_or_null(st, k++, in->handler_unit_id);
	store_bind_text(st, k++, in->by_hours ? "working_hours" : "working_days");
	store_bind_int64(st, k++, in->limit_value);
	store_bind_int64_or_null(st, k++, in->green_limit_value);
	store_bind_int64_or_null(st, k++, in->urgent_limit_hours);
	store_bind_text(st, k++, in->basis);
	store_bind_text(st, k++, in->location);
	store_bind_text(st, k++, in->phone);
	store_bind_text(st, k++, in->fee);
	store_bind_text(st, k++, in->slots);
	store_bind_int64(st, k++, in->public_);
	store_bind_int64(st, k++, in->sort);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k, in->category_id);
}

static int finish(struct ctx *cx, const char *action, int64_t id,
		  const struct catalog_item *before, struct catalog_item *out)
{
	if (catalog_item_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? catalog_item_json(cx, before) : NULL, *a = catalog_item_json(cx, out);
	int rc = audit_commit(cx, action, "catalog_item", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

static const char *const item_fields[] = {"code", "category_id", "owner_unit_id", "name",
	"description", "materials", "modes", "handler_unit_id", "limit_unit", "limit_value",
	"green_limit_value", "urgent_limit_hours", "basis", "location", "phone", "fee", "slots",
	"public", "sort", "active", "version", NULL};

static void only_fields(struct ctx *cx, json_t *body, bool create)
{
	json_only_fields(body, create ? item_fields : item_fields + 3, &cx->err);
	if (create && json_object_get(body, "active"))
		err_field(&cx->err, "active", "unknown_field", 0);
	if (create && json_object_get(body, "version"))
		err_field(&cx->err, "version", "unknown_field", 0);
	if (!create && json_object_get(body, "code"))
		err_field(&cx->err, "code", "catalog_code_fixed", 0);
}

int catalog_item_create(struct ctx *cx, json_t *body, struct catalog_item *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	struct item_in in = {.description = "", .basis = "", .location = "", .phone = "", .fee = "",
			     .materials = "[]", .public_ = true, .active = true};
	only_fields(cx, body, true);
	judge(cx, body, true, &in);
	if (e->code)
		return -1;
	struct org_unit owner = {0};
	if (in.owner_unit_id && org_unit_by_id(cx, in.owner_unit_id, &owner) < 0)
		return -1;
	if (may_keep(cx, in.owner_unit_id, owner.path) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO catalog_items (name, description, materials, modes, handler_unit_id,"
		" limit_unit, limit_value, green_limit_value, urgent_limit_hours, basis, location,"
		" phone, fee, slots, public, sort, created_at, category_id, code, owner_unit_id,"
		" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	bind_in(st, 1, cx, &in);
	/* without a code, a placeholder no one can type (codes are letters, digits and -) until
	 * the id is known */
	char temp[64];
	if (!in.code)
		crypto_token(temp, sizeof temp, "#");
	store_bind_text(st, 19, in.code ? in.code : temp);
	store_bind_int64_or_null(st, 20, in.owner_unit_id);
	store_bind_int64(st, 21, cx->now);
	int64_t id;
	if (ctx_insert(cx, st, "code", "catalog_code_taken", &id) < 0)
		return -1;
	if (!in.code) {
		/* the category's code and the item's id: "SB-12" */
		st = store_prepare(cx->db,
			"UPDATE catalog_items SET code = (SELECT code FROM catalog_categories WHERE"
			" id = ?) || '-' || CAST(? AS TEXT) WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, in.category_id);
		store_bind_text(st, 2, arena_printf(cx->a, "%lld", (long long)id));
		store_bind_int64(st, 3, id);
		if (ctx_write(cx, st, "code", "catalog_code_taken", NULL) < 0)
			return -1;
	}
	return finish(cx, "catalog_item.create", id, NULL, out);
}

int catalog_item_update(struct ctx *cx, int64_t id, json_t *patch, struct catalog_item *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_CATALOG_WRITE, NULL) < 0)
		return -1;
	struct catalog_item old;
	if (catalog_item_get(cx, id, &old) < 0)
		return -1;
	if (may_keep(cx, old.owner_unit_id, old.owner_path) < 0) {
		/* an item the caller reads but does not keep (a street's, the deployment's) */
		err_clear(e);
		return err_setf(e, ERR_FORBIDDEN, "the item is kept by its owner unit");
	}
	struct item_in in = {
		.name = old.name, .description = old.description, .basis = old.basis,
		.location = old.location, .phone = old.phone, .fee = old.fee,
		.category_id = old.category_id, .owner_unit_id = old.owner_unit_id,
		.handler_unit_id = old.handler_unit_id, .modes = old.modes, .by_hours = old.by_hours,
		.limit_value = old.limit_value, .green_limit_value = old.green_limit_value,
		.urgent_limit_hours = old.urgent_limit_hours, .sort = old.sort,
		.public_ = old.public_, .active = old.active,
	};
	json_t *m = materials_json(&old), *s = slots_json(old.slots, old.nslots);
	in.materials = json_to_arena(cx->a, m, NULL);
	in.slots = old.nslots ? json_to_arena(cx->a, s, NULL) : NULL;
	json_decref(m);
	json_decref(s);
	int64_t version = 0;
	only_fields(cx, patch, false);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge(cx, patch, false, &in);
	/* a retired category takes no items back */
	if (!e->code && in.active && !old.active && in.category_id == old.category_id) {
		int64_t ok = 0;
		if (store_query_int64(cx->db, "SELECT active FROM catalog_categories WHERE id = ?",
				      &ok, 1, in.category_id) < 0)
			return ctx_store_error(cx);
		if (!ok)
			err_field(e, "active", "catalog_category_unknown", 0);
	}
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE catalog_items SET name = ?, description = ?, materials = ?, modes = ?,"
		" handler_unit_id = ?, limit_unit = ?, limit_value = ?, green_limit_value = ?,"
		" urgent_limit_hours = ?, basis = ?, location = ?, phone = ?, fee = ?, slots = ?,"
		" public = ?, sort = ?, updated_at = ?, category_id = ?, active = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	bind_in(st, 1, cx, &in);
	store_bind_int64(st, 19, in.active);
	store_bind_int64(st, 20, id);
	store_bind_int64(st, 21, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	return finish(cx, "catalog_item.update", id, &old, out);
}
