/* Residents: reads within scope, search, and the writes that judge every field. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/jsonw.h"
#include "base/mask.h"
#include "base/text.h"
#include "org/org.h"
#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/internal.h"
#include "registry/limits.h"
#include "registry/phone.h"

#define RES_COLS "r.id, r.household_id, r.unit_id, o.path, r.name, r.relation, r.sex, " \
	"r.birth_date, r.id_type, r.id_masked, r.phone_masked, r.ethnicity, r.population, r.status, " \
	"r.status_date, r.created_at, r.updated_at, r.version, " REGISTRY_ADDRESS_SQL("rh", "rp", "rq", "rg")
/* with the household's address (NULL without a household) */
#define RES_FROM "residents r JOIN org_units o ON o.id = r.unit_id " \
	"LEFT JOIN households rh ON rh.id = r.household_id" REGISTRY_ADDRESS_JOINS("rh", "rp", "rq", "rg")
#define MAX_TAGS 20

static const char *text_or_null(struct ctx *cx, struct store_stmt *st, int col)
{
	return store_col_is_null(st, col) ? NULL : arena_strdup(cx->a, store_col_text(st, col));
}

static int64_t read_resident(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct resident *r = row;
	r->id = store_col_int64(st, 0);
	r->household_id = store_col_int64(st, 1);
	r->unit_id = store_col_int64(st, 2);
	r->unit_path = arena_strdup(cx->a, store_col_text(st, 3));
	r->name = arena_strdup(cx->a, store_col_text(st, 4));
	r->relation = text_or_null(cx, st, 5);
	r->sex = arena_strdup(cx->a, store_col_text(st, 6));
	r->birth_date = (int)store_col_int64(st, 7);
	r->id_type = text_or_null(cx, st, 8);
	r->id_masked = text_or_null(cx, st, 9);
	r->phone_masked = text_or_null(cx, st, 10);
	r->ethnicity = text_or_null(cx, st, 11);
	r->population = arena_strdup(cx->a, store_col_text(st, 12));
	r->status = arena_strdup(cx->a, store_col_text(st, 13));
	r->status_date = (int)store_col_int64(st, 14);
	r->created_at = store_col_int64(st, 15);
	r->updated_at = store_col_int64(st, 16);
	r->version = store_col_int64(st, 17);
	r->address = text_or_null(cx, st, 18);
	return r->id;
}

/* The resident's tags: all of them, or (visible) those the actor may see. */
/* The tags of residents rs[0..n), in id order (visible: leaving out the sensitive ones unless the actor
 * sees them), TAGS_AT_ONCE residents a statement. */
#define TAGS_AT_ONCE 25
#define Q5 "?, ?, ?, ?, ?"
static int load_tags_of(struct ctx *cx, struct resident *rs, size_t n, bool visible)
{
	bool all = !visible || registry_sees_sensitive(cx);
	for (size_t k = 0; k < n; k++) {
		rs[k].tags = arena_alloc(cx->a, MAX_TAGS * 2 * sizeof *rs[k].tags);
		rs[k].ntags = 0;
	}
	for (size_t from = 0; from < n; from += TAGS_AT_ONCE) {
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT resident_id, tag FROM resident_tags WHERE resident_id IN "
			"(" Q5 ", " Q5 ", " Q5 ", " Q5 ", " Q5 ") ORDER BY resident_id, tag");
		if (!st)
			return ctx_store_error(cx);
		size_t to = from + TAGS_AT_ONCE < n ? from + TAGS_AT_ONCE : n;
		for (size_t k = 0; k < TAGS_AT_ONCE; k++)
			store_bind_int64(st, (int)k + 1, from + k < to ? rs[from + k].id : 0);
		int rc;
		size_t at = from;
		while ((rc = store_step(st)) == STORE_ROW) {
			int64_t id = store_col_int64(st, 0);
			while (at < to && rs[at].id < id)   /* both in id order */
				at++;
			if (at == to || rs[at].id != id)
				continue;
			struct resident *r = &rs[at];
			const char *t = store_col_text(st, 1);
			bool sensitive = false;
			if (r->ntags >= MAX_TAGS * 2 ||
			    (!all && registry_tag(cx, t, &sensitive) >= 0 && sensitive))
				continue;
			r->tags[r->ntags++] = arena_strdup(cx->a, t);
		}
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_store_error(cx);
	}
	return 0;
}

static int load_tags(struct ctx *cx, struct resident *r, bool visible)
{
	return load_tags_of(cx, r, 1, visible);
}

static int fetch(struct ctx *cx, int64_t id, struct resident *out)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " RES_COLS " FROM " RES_FROM " WHERE r.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_resident(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW)
		return 0;
	return load_tags(cx, out, true) < 0 ? -1 : 1;
}

int registry_resident_by_id(struct ctx *cx, int64_t id, struct resident *out)
{
	return fetch(cx, id, out);
}

int registry_resident_get(struct ctx *cx, int64_t id, enum perm perm, struct resident *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0)
		return err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

static void jw_date(struct jw *w, int date)
{
	if (date <= 0) {
		jw_null(w);
		return;
	}
	char buf[] = "0000-00-00";
	int y = date / 10000 % 10000, m = date / 100 % 100, d = date % 100;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	jw_str(w, buf);
}

void registry_resident_write(struct ctx *cx, struct jw *w, const struct resident *r)
{
	int age = r->birth_date ? idnum_age(r->birth_date, registry_today(cx)) : -1;
	jw_obj(w);
	jw_key(w, "id");
	jw_int(w, r->id);
	jw_key(w, "household_id");
	jw_int_or_null(w, r->household_id);
	jw_key(w, "unit_id");
	jw_int(w, r->unit_id);
	jw_key(w, "address");
	jw_str(w, r->address);
	jw_key(w, "name");
	jw_str(w, r->name);
	jw_key(w, "relation");
	jw_str(w, r->relation);
	jw_key(w, "sex");
	jw_str(w, r->sex);
	jw_key(w, "birth_date");
	jw_date(w, r->birth_date);
	jw_key(w, "age");
	if (age >= 0)
		jw_int(w, age);
	else
		jw_null(w);
	jw_key(w, "id_type");
	jw_str(w, r->id_type);
	jw_key(w, "id_number");
	jw_str(w, r->id_masked);
	jw_key(w, "phone");
	jw_str(w, r->phone_masked);
	jw_key(w, "ethnicity");
	jw_str(w, r->ethnicity);
	jw_key(w, "population");
	jw_str(w, r->population);
	jw_key(w, "status");
	jw_str(w, r->status);
	jw_key(w, "status_date");
	jw_date(w, r->status_date);
	jw_key(w, "tags");
	jw_arr(w);
	for (size_t i = 0; i < r->ntags; i++)
		jw_str(w, r->tags[i]);
	jw_arr_end(w);
	jw_key(w, "created_at");
	jw_time(w, r->created_at);
	jw_key(w, "updated_at");
	jw_time(w, r->updated_at);
	jw_key(w, "version");
	jw_int(w, r->version);
	jw_obj_end(w);
}

json_t *registry_resident_json(struct ctx *cx, const struct resident *r)
{
	struct jw w;
	jw_init(&w, cx->a);
	registry_resident_write(cx, &w, r);
	return json_loadb(buf_str(&w.b), w.b.len, 0, NULL);
}

/* The filter, in SQL: scope, then each condition, its parameters bound by bind_filter. Each
 * statement comes in several forms (RES_SQL), so that the planner is never left with only
 * conditions of the form "(? IS NULL OR ...)", which no index serves:
 *   - the scope: none for an actor who sees every unit; one street, community or grid by the
 *     anchor each row keeps (access_anchor), in id order from residents(anchor, status, id);
 *     else the units of the actor's scope as a set (ACCESS_UNIT_IN_SCOPE_SQL), so that the
 *     rows are looked up by unit rather than every row tested against the actor's paths;
 *   - a driving condition, the most selective one asked for: the phone's or the ID number's
 *     lookup hash, or the name's first gram (then repeated among the conditions, harmlessly);
 *     or the status as a plain condition, alone when it is all that is asked for (a plain
 *     page: its ids come from the index without reading rows), or before the other
 *     conditions, so that the rows come in id order and the page stops at its last row.
 * The unit filter walks down the tree by parent as the scope does (a unit's path is its
 * parent's and its own id), so the conditions need no join. */
#define RES_FILTER \
	" AND (? = 0 OR r.unit_id IN (WITH RECURSIVE fu(id) AS (SELECT CAST(? AS BIGINT)" \
	"      UNION SELECT c.id FROM org_units c JOIN fu ON c.parent_id = fu.id) SELECT id FROM fu))" \
	" AND (? = 0 OR r.household_id = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR r.phone_lookup = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR r.id_lookup = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR r.id IN (SELECT g.resident_id FROM resident_name_grams g" \
	"      WHERE g.gram = ?))" \
	" AND (CAST(? AS TEXT) IS NULL OR lower(r.name) LIKE ? ESCAPE '\\')" \
	" AND (? = 0 OR r.birth_date <= ?)" \
	" AND (? = 0 OR r.birth_date > ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR r.population = ?)" \
	" AND (CAST(? AS TEXT) IS NULL OR r.status = ?)" \
	TAG_COND TAG_COND TAG_COND TAG_COND
/* "LIMIT 1 OFFSET 0" keeps the test a probe of the row's own tags: without it PostgreSQL turns
 * it into a hash of every resident with the tag, built before the first row (27,000 rows for
 * 独居 on the district data: a filtered list 7.6 ms instead of 0.9) */
#define TAG_COND " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM resident_tags t" \
	" WHERE t.resident_id = r.id AND t.tag = ? LIMIT 1 OFFSET 0))"
enum { DRIVE_NONE, DRIVE_PHONE, DRIVE_ID, DRIVE_GRAM, DRIVE_STATUS, DRIVE_STATUS_FILTER, DRIVES };
#define RES_DRIVEN(head, scope, scope_driven, tail) { \
	head scope RES_FILTER tail, \
	head scope_driven " AND r.phone_lookup = ?" RES_FILTER tail, \
	head scope_driven " AND r.id_lookup = ?" RES_FILTER tail, \
	head scope_driven " AND r.id IN (SELECT g.resident_id FROM resident_name_grams g" \
		" WHERE g.gram = ?)" RES_FILTER tail, \
	head scope " AND r.status = ?" tail, \
	head scope " AND r.status = ?" RES_FILTER tail}
/* The forms of scope (scope_of): every unit; the unit set; one street, community or grid by
 * the anchor the rows keep (access_anchor), whose index gives the rows in id order.
 * On PostgreSQL a page over the unit set is ordered by "r.id + 0": PostgreSQL, which cannot
 * tell how few rows the unit set holds, would otherwise walk the primary key in order and test
 * every row until the page is full (0.85 s instead of 8 ms for a filtered list). SQLite sorts
 * the unit set's ids itself either way, three times faster by r.id than by an expression. */
#define RES_SQL(head, tail, tail_units) { RES_DRIVEN(head, "1 = 1", "1 = 1", tail), \
	RES_DRIVEN(head, ACCESS_UNIT_IN_SCOPE_SQL("r.unit_id"), \
		   ACCESS_UNIT_IN_SCOPE_SQL("r.unit_id"), tail_units), \
	RES_ANCHOR(head, "r.street_id", tail), RES_ANCHOR(head, "r.community_id", tail), \
	RES_ANCHOR(head, "r.grid_id", tail) }
/* An anchor drives a plain page or a filtered list; beside a hash or a gram, which find a few
 * rows, it is written so that no index serves it ("+ 0"), or the planners would read the
 * whole community by its index and test each row against the gram (0.7 ms instead of 0.1). */
#define RES_ANCHOR(head, col, tail) RES_DRIVEN(head, col " = ?", col " + 0 = ?", tail)

#define FILTER_TAGS 4

static void bind_pair_text(struct store_stmt *st, int *i, const char *v)
{
	store_bind_text(st, (*i)++, v);
	store_bind_text(st, (*i)++, v);
}

static void bind_pair_int(struct store_stmt *st, int *i, int64_t v)
{
	store_bind_int64(st, (*i)++, v);
	store_bind_int64(st, (*i)++, v);
}

/* The first two characters of q, ASCII lower-cased: the bigram the index is asked for. */
static const char *first_gram(struct ctx *cx, const char *q)
{
	const unsigned char *p = (const unsigned char *)q;
	size_t n = 0;
	for (int c = 0; c < 2 && p[n]; c++) {
		n++;
		while ((p[n] & 0xC0) == 0x80)
			n++;
	}
	if (utf8_count(q) < 2)
		return NULL;
	char *g = arena_strndup(cx->a, q, n);
	for (char *s = g; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	return g;
}

/* Bind the filter from idx for the statement of form `drive` (drive_of); the hashes are
 * looked up here. Returns the next index, or -1. */
static int bind_filter(struct ctx *cx, struct store_stmt *st, int idx,
		       const struct resident_filter *f, int drive, const struct registry_scope_of *sc)
{
	const char *phone = NULL, *idn = NULL;
	if (f->phone && registry_lookup(cx, PURPOSE_PHONE, f->phone, &phone) < 0)
		return -1;
	if (f->id_number && registry_lookup(cx, PURPOSE_ID, f->id_number, &idn) < 0)
		return -1;
	/* a search with no keys finds nothing rather than everything */
	const char *phone_v = f->phone ? (phone ? phone : "-") : NULL;
	const char *id_v = f->id_number ? (idn ? idn : "-") : NULL;
	const char *gram = f->q ? first_gram(cx, f->q) : NULL;
	int today = registry_today(cx), year = today / 10000, md = today % 10000;
	int i = registry_bind_scope_of(cx, st, idx, sc);
	if (drive == DRIVE_STATUS || drive == DRIVE_STATUS_FILTER)
		store_bind_text(st, i++, f->status ? f->status : "living");
	if (drive == DRIVE_STATUS)
		return i;
	if (drive != DRIVE_NONE && drive != DRIVE_STATUS_FILTER)
		store_bind_text(st, i++, drive == DRIVE_PHONE ? phone_v : drive == DRIVE_ID ? id_v : gram);
	bind_pair_int(st, &i, f->unit_id);
	bind_pair_int(st, &i, f->household_id);
	bind_pair_text(st, &i, phone_v);
	bind_pair_text(st, &i, id_v);
	bind_pair_text(st, &i, gram);
	bind_pair_text(st, &i, f->q ? text_like_contains(cx->a, f->q) : NULL);
	/* age a or more: born on or before today's date a years ago; at most b: after it b+1 ago */
	bind_pair_int(st, &i, f->age_min > 0 ? (int64_t)(year - f->age_min) * 10000 + md : 0);
	bind_pair_int(st, &i, f->age_max >= 0 ? (int64_t)(year - f->age_max - 1) * 10000 + md : 0);
	bind_pair_text(st, &i, f->population);
	bind_pair_text(st, &i, f->status && strcmp(f->status, "all") == 0 ? NULL
			       : f->status ? f->status : "living");
	for (size_t t = 0; t < FILTER_TAGS; t++)
		bind_pair_text(st, &i, t < f->ntags ? f->tags[t] : NULL);
	return i;
}

/* The form of statement for the filter: the most selective condition it asks for. */
static int drive_of(const struct resident_filter *f)
{
	if (f->phone)
		return DRIVE_PHONE;
	if (f->id_number)
		return DRIVE_ID;
	if (f->q && utf8_count(f->q) >= 2)
		return DRIVE_GRAM;
	if (f->status && strcmp(f->status, "all") == 0)
		return DRIVE_NONE;
	/* the status as a plain condition, so that an index (scope, status, id) gives the rows in
	 * id order and a page stops at its last row */
	bool plain = !f->q && !f->ntags && !f->unit_id && !f->household_id && f->age_min <= 0 &&
		     f->age_max < 0 && !f->population;
	return plain ? DRIVE_STATUS : DRIVE_STATUS_FILTER;
}

int registry_residents_list(struct ctx *cx, const struct resident_filter *f,
			    struct resident **items, size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_RESIDENTS_READ, NULL) < 0)
		return -1;
	/* the page's ids first, from the indexes alone where they can; then their rows */
#define RES_PAGE_HEAD \
	"SELECT " RES_COLS " FROM " RES_FROM " WHERE r.id IN (SELECT r.id FROM residents r WHERE "
#define RES_PAGE_TAIL " AND r.id > ? ORDER BY r.id LIMIT ?) ORDER BY r.id"
	static const char *const sql[2][SCOPE_FORMS][DRIVES] = {
		RES_SQL(RES_PAGE_HEAD, RES_PAGE_TAIL, RES_PAGE_TAIL),
		RES_SQL(RES_PAGE_HEAD, RES_PAGE_TAIL,
			" AND r.id > ? ORDER BY r.id + 0 LIMIT ?) ORDER BY r.id")};
	int drive = drive_of(f);
	bool pg = store_kind(cx->db) == STORE_POSTGRES;
	struct registry_scope_of sc;
	if (registry_scope_for_unit(cx, f->unit_id, &sc) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, sql[pg][sc.form][drive]);
	if (!st)
		return ctx_store_error(cx);
	int i = bind_filter(cx, st, 1, f, drive, &sc);
	if (i < 0) {
		store_reset(st);
		return -1;
	}
	store_bind_int64(st, i, f->cursor);
	store_bind_int64(st, i + 1, f->limit + 1);
	if (ctx_page(cx, st, sizeof **items, f->limit, read_resident, items, n, next_cursor) < 0)
		return -1;
	return load_tags_of(cx, *items, *n, true);
}

int registry_residents_count(struct ctx *cx, const struct resident_filter *f, int64_t *count)
{
	if (access_require(cx, PERM_RESIDENTS_READ, NULL) < 0)
		return -1;
	static const char *const sql[SCOPE_FORMS][DRIVES] =
		RES_SQL("SELECT COUNT(*) FROM residents r WHERE ", "", "");
	int drive = drive_of(f);
	struct registry_scope_of sc;
	if (registry_scope_for_unit(cx, f->unit_id, &sc) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, sql[sc.form][drive]);
	if (!st)
		return ctx_store_error(cx);
	if (bind_filter(cx, st, 1, f, drive, &sc) < 0) {
		store_reset(st);
		return -1;
	}
	int rc = store_step(st);
	*count = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ROW ? 0 : ctx_store_error(cx);
}

/* ------------------------------------------------------------------------------------------ */
/* writes */

struct res_in {
	const char *name, *relation, *sex, *id_type, *id_number, *phone, *ethnicity, *population;
	bool has_id, has_phone, has_tags;   /* sent (null clears the two numbers) */
	int birth_date;
	const char **tags;
	size_t ntags;
	struct sealed id, ph;
	int64_t household_id, unit_id;
	int64_t anchor[ORG_ANCHORS];   /* the unit's (placement) */
};

static bool in_list(enum code_list l, const char *code) { return codes_find(l, code) != NULL; }

/* A code field of one of the lists: 1 read, 0 absent, -1 error. */
static int code_field(struct ctx *cx, json_t *obj, const char *name, enum code_list l, int flags,
		      const char **out)
{
	int f = jf_str(obj, name, flags, 1, 32, out, &cx->err);
	if (f > 0 && !in_list(l, *out))
		return err_field(&cx->err, name, "invalid", 0);
	return f;
}

/* The tags field: known codes, at most MAX_TAGS; a sensitive one only for who may see it. */
static int tags_field(struct ctx *cx, json_t *obj, struct res_in *in)
{
	json_t *a = json_object_get(obj, "tags");
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > MAX_TAGS)
		return err_field(&cx->err, "tags", json_is_array(a) ? "too_many" : "invalid", MAX_TAGS);
	in->tags = arena_alloc(cx->a, (json_array_size(a) + 1) * sizeof *in->tags);
	in->ntags = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		/* err keeps the name by pointer: it lives on the arena */
		const char *field = arena_printf(cx->a, "tags[%zu]", i);
		bool sensitive = false;
		const char *code = json_string_value(v);
		int known = code ? registry_tag(cx, code, &sensitive) : 0;
		if (known < 0)
			return -1;
		if (!known || (sensitive && !registry_sees_sensitive(cx)))
			return err_field(&cx->err, field, "tag_unknown", 0);
		bool dup = false;
		for (size_t k = 0; k < in->ntags; k++)
			dup |= strcmp(in->tags[k], code) == 0;
		if (!dup)
			in->tags[in->ntags++] = arena_strdup(cx->a, code);
	}
	in->has_tags = true;
	return 1;
}

/* Read every field of a create (old NULL) or a patch (old: the resident as it is), judging
 * each; the numbers are checked, normalised and sealed. */
static int read_fields(struct ctx *cx, json_t *obj, const struct resident *old, struct res_in *in)
{
	struct err *e = &cx->err;
	int req = old ? 0 : JF_REQUIRED;
	const struct limit *ln = &registry_limits[L_RESIDENT_NAME];
	jf_str(obj, "name", req, (size_t)ln->min, (size_t)ln->max, &in->name, e);
	code_field(cx, obj, "relation", CODES_RELATION, JF_NULLABLE, &in->relation);
	int has_sex = code_field(cx, obj, "sex", CODES_SEX, 0, &in->sex);
	int has_birth = registry_date_field(cx, obj, "birth_date", 0, &in->birth_date);
	code_field(cx, obj, "ethnicity", CODES_ETHNICITY, JF_NULLABLE, &in->ethnicity);
	code_field(cx, obj, "population", CODES_POPULATION, req, &in->population);
	tags_field(cx, obj, in);
	/* the ID number: its type (resident_id unless said), checked by its rule */
	json_t *idv = json_object_get(obj, "id_number");
	const char *type = old && old->id_type ? old->id_type : "resident_id";
	if (jf_str(obj, "id_type", 0, 1, 32, &type, e) > 0 && !idnum_type_parse(type))
		err_field(e, "id_type", "invalid", 0);
	in->id_type = type;
	const char *idraw = NULL;
	if (idv) {
		in->has_id = true;
		if (!json_is_null(idv) && jf_str(obj, "id_number", 0, 1, 64, &idraw, e) > 0 &&
		    idnum_type_parse(type)) {
			struct idnum id;
			enum idnum_error ie = idnum_parse(idnum_type_parse(type), idraw,
							  registry_today(cx), &id);
			if (ie != IDNUM_OK) {
				err_field(e, "id_number", idnum_error_key(ie), 0);
			} else {
				in->id_number = arena_strdup(cx->a, id.number);
				if (id.type == IDNUM_RESIDENT) {
					/* sex and birth come from it, and must agree with what is sent */
					const char *sex = id.sex == IDNUM_SEX_MALE ? "male" : "female";
					if (has_sex > 0 && strcmp(in->sex, sex) != 0)
						err_field(e, "sex", "sex_disagrees", 0);
					if (has_birth > 0 && in->birth_date != id.birth)
						err_field(e, "birth_date", "birth_disagrees", 0);
					in->sex = sex;
					in->birth_date = id.birth;
					has_sex = has_birth = 1;
				}
			}
		}
	}
	if (!old && has_sex <= 0)
		err_field(e, "sex", "required", 0);
	json_t *pv = json_object_get(obj, "phone");
	if (pv) {
		in->has_phone = true;
		const char *praw = NULL;
		if (!json_is_null(pv) && jf_str(obj, "phone", 0, 1, 32, &praw, e) > 0) {
			struct phone p;
			enum phone_error pe = phone_parse(praw, &p);
			if (pe != PHONE_OK)
				err_field(e, "phone", phone_error_key(pe), 0);
			else
				in->phone = arena_strdup(cx->a, p.number);
		}
	}
	if (e->code)
		return -1;
	if (in->id_number) {
		char *key = arena_printf(cx->a, "%s:%s", type, in->id_number);
		if (registry_seal(cx, PURPOSE_ID, in->id_number, key, mask_idnum(cx->a, in->id_number),
				  &in->id) < 0)
			return -1;
	}
	if (in->phone && registry_seal(cx, PURPOSE_PHONE, in->phone, in->phone,
				       mask_phone(cx->a, in->phone), &in->ph) < 0)
		return -1;
	return 0;
}

/* Where a new resident lives: a household (its unit), or a unit without one. */
static int placement(struct ctx *cx, json_t *obj, struct res_in *in, struct household *h)
{
	struct err *e = &cx->err;
	int has_h = jf_int(obj, "household_id", 0, 1, INT64_MAX, &in->household_id, e);
	int has_u = jf_int(obj, "unit_id", 0, 1, INT64_MAX, &in->unit_id, e);
	if (has_h > 0) {
		int f = registry_household_by_id(cx, in->household_id, h);
		if (f < 0)
			return -1;
		if (f == 0 || !access_path_in_scope(cx, h->unit_path))
			return err_field(e, "household_id", "household_unknown", 0);
		if (strcmp(h->status, "active") != 0)
			return err_field(e, "household_id", "household_dissolved", 0);
		if (has_u > 0 && in->unit_id != h->unit_id)
			return err_field(e, "unit_id", "household_other_unit", 0);
		in->unit_id = h->unit_id;
		memcpy(in->anchor, h->anchor, sizeof in->anchor);
		if (!in->relation)
			return err_field(e, "relation", "required", 0);
		if (strcmp(in->relation, "head") == 0 && h->head_id)
			return err_field(e, "relation", "household_has_head", 0);
		return 0;
	}
	if (has_u <= 0)
		return has_u < 0 ? -1 : err_field(e, "household_id", "required", 0);
	struct org_unit u;
	int f = org_unit_by_id(cx, in->unit_id, &u);
	if (f < 0)
		return -1;
	if (f == 0 || !access_path_in_scope(cx, u.path))
		return err_field(e, "unit_id", "unit_unknown", 0);
	if (u.closed_at)
		return err_field(e, "unit_id", "unit_closed", 0);
	if (strcmp(u.kind, "street") == 0)
		return err_field(e, "unit_id", "resident_unit_kind", 0);
	memcpy(in->anchor, u.anchor, sizeof in->anchor);
	return 0;
}

/* A resident's tags as in->tags (fresh: a new resident, who has none yet). */
static int write_tags(struct ctx *cx, int64_t id, const struct res_in *in, bool keep_hidden,
		      bool fresh)
{
	/* a reader who cannot see sensitive tags cannot remove them either */
	struct resident hidden = {.id = id};
	if (keep_hidden && load_tags(cx, &hidden, false) < 0)
		return ctx_fail(cx);
	struct store_stmt *st;
	if (!fresh) {
		st = store_prepare(cx->db, "DELETE FROM resident_tags WHERE resident_id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass ? (const char *const *)hidden.tags : in->tags;
		size_t n = pass ? (keep_hidden ? hidden.ntags : 0) : in->ntags;
		for (size_t i = 0; i < n; i++) {
			bool sensitive = false;
			if (pass && (registry_tag(cx, list[i], &sensitive) < 0 || !sensitive ||
				     registry_sees_sensitive(cx)))
				continue;
			st = store_prepare(cx->db, "INSERT INTO resident_tags (resident_id, tag) VALUES (?, ?) "
						   "ON CONFLICT DO NOTHING");
			if (!st)
				return ctx_fail(cx);
			store_bind_int64(st, 1, id);
			store_bind_text(st, 2, list[i]);
			if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
				return -1;
		}
	}
	return 0;
}

/* Audit with the masked view, reload, commit. */
static int finish(struct ctx *cx, const char *action, int64_t id, const struct resident *before,
		  struct resident *out)
{
	if (fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *b = before ? registry_resident_json(cx, before) : NULL;
	json_t *a = registry_resident_json(cx, out);
	int rc = audit_record(cx, action, "resident", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

static int set_head(struct ctx *cx, int64_t household_id, int64_t resident_id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE households SET head_id = ?, updated_at = ?, version = version + 1 WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	if (resident_id)
		store_bind_int64(st, 1, resident_id);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, household_id);
	return ctx_write(cx, st, "id_number", "resident_registered", NULL);
}

/* A first head for a household that has none: the check made before the transaction is made
 * again in it, so that two heads registered at once leave one (the other 422 on relation). */
static int add_head(struct ctx *cx, int64_t household_id, int64_t resident_id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE households SET head_id = ?, updated_at = ?, version = version + 1 "
		"WHERE id = ? AND head_id IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, resident_id);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, household_id);
	int64_t changed = 0;
	if (ctx_write(cx, st, "id_number", "resident_registered", &changed) < 0)
		return -1;
	if (changed == 0) {
		ctx_rollback(cx);
		return err_field(&cx->err, "relation", "household_has_head", 0);
	}
	return 0;
}

int registry_member_judge(struct ctx *cx, json_t *body, bool *head_taken, struct bulk_person *out)
{
	static const char *const allowed[] = {"relation", "name", "sex", "birth_date", "id_type",
		"id_number", "phone", "ethnicity", "population", "tags", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	struct res_in in = {0};
	json_only_fields(body, allowed, e);
	if (read_fields(cx, body, NULL, &in) < 0 && e->code != ERR_VALIDATION)
		return -1;
	/* the rules of placement() for a household of its own, being made */
	if (!in.relation)
		err_field(e, "relation", "required", 0);
	else if (strcmp(in.relation, "head") == 0 && *head_taken)
		err_field(e, "relation", "household_has_head", 0);
	if (e->code)
		return -1;
	if (strcmp(in.relation, "head") == 0)
		*head_taken = true;
	struct sealed *id = arena_alloc(cx->a, 2 * sizeof *id);
	id[0] = in.id;
	id[1] = in.ph;
	/* what was read points into body, which the caller drops */
	struct arena *a = cx->a;
	*out = (struct bulk_person){.relation = arena_strdup(a, in.relation),
		.name = arena_strdup(a, in.name), .sex = arena_strdup(a, in.sex),
		.ethnicity = in.ethnicity ? arena_strdup(a, in.ethnicity) : NULL,
		.population = arena_strdup(a, in.population), .id_type = arena_strdup(a, in.id_type),
		.id_number = in.id_number, .phone = in.phone, .id = &id[0], .ph = &id[1],
		.birth_date = in.birth_date, .tags = in.tags, .ntags = in.ntags};
	return 0;
}

int registry_resident_create(struct ctx *cx, json_t *body, struct resident *out)
{
	static const char *const allowed[] = {"household_id", "unit_id", "relation", "name", "sex",
		"birth_date", "id_type", "id_number", "phone", "ethnicity", "population", "tags", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	struct res_in in = {0};
	struct household h = {0};
	json_only_fields(body, allowed, e);
	if (read_fields(cx, body, NULL, &in) < 0 && e->code != ERR_VALIDATION)
		return -1;
	placement(cx, body, &in, &h);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO residents (household_id, unit_id, relation, name, sex, birth_date, id_type, "
		"id_sealed, id_lookup, id_masked, phone_sealed, phone_lookup, phone_masked, ethnicity, "
		"population, status, status_date, created_at, updated_at, street_id, community_id, "
		"grid_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'living', ?, ?, ?, ?, ?, ?) "
		"RETURNING id");
	if (!st)
		return ctx_fail(cx);
	if (in.household_id)
		store_bind_int64(st, 1, in.household_id);
	else
		store_bind_null(st, 1);
	store_bind_int64(st, 2, in.unit_id);
	store_bind_text(st, 3, in.household_id ? in.relation : NULL);
	store_bind_text(st, 4, in.name);
	store_bind_text(st, 5, in.sex);
	if (in.birth_date)
		store_bind_int64(st, 6, in.birth_date);
	else
		store_bind_null(st, 6);
	store_bind_text(st, 7, in.id_number ? in.id_type : NULL);
	store_bind_text(st, 8, in.id.stored);
	store_bind_text(st, 9, in.id.lookup);
	store_bind_text(st, 10, in.id.masked);
	store_bind_text(st, 11, in.ph.stored);
	store_bind_text(st, 12, in.ph.lookup);
	store_bind_text(st, 13, in.ph.masked);
	store_bind_text(st, 14, in.ethnicity);
	store_bind_text(st, 15, in.population);
	store_bind_int64(st, 16, registry_today(cx));
	store_bind_int64(st, 17, cx->now);
	store_bind_int64(st, 18, cx->now);
	registry_bind_anchors(st, 19, in.anchor);
	int rc = store_step(st);
	int64_t id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE) {
		if (store_errkind(cx->db) == STORE_E_UNIQUE) {
			ctx_rollback(cx);
			err_field(e, "id_number", "resident_registered", 0);
			return err_set(e, ERR_CONFLICT);
		}
		return ctx_fail(cx);
	}
	if (registry_name_grams(cx, id, in.name, true) < 0 || write_tags(cx, id, &in, false, true) < 0)
		return -1;
	if (in.household_id) {
		if (strcmp(in.relation, "head") == 0 && add_head(cx, in.household_id, id) < 0)
			return -1;
		if (registry_event(cx, in.household_id, id, "move_in", 0, NULL) < 0)
			return -1;
	}
	return finish(cx, "resident.create", id, NULL, out);
}

int registry_resident_update(struct ctx *cx, int64_t id, json_t *patch, struct resident *out)
{
	static const char *const allowed[] = {"version", "relation", "name", "sex", "birth_date",
		"id_type", "id_number", "phone", "ethnicity", "population", "tags", NULL};
	struct err *e = &cx->err;
	struct resident r;
	if (registry_resident_get(cx, id, PERM_RESIDENTS_WRITE, &r) < 0)
		return -1;
	int64_t version = 0;
	struct res_in in = {0};
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	if (read_fields(cx, patch, &r, &in) < 0 && e->code != ERR_VALIDATION)
		return -1;
	/* what the patch leaves out stays, and must still agree with a resident ID */
	if (!in.has_id && r.id_type && strcmp(r.id_type, "resident_id") == 0 &&
	    ((in.sex && strcmp(in.sex, r.sex) != 0) || (in.birth_date && in.birth_date != r.birth_date)))
		err_field(e, in.sex && strcmp(in.sex, r.sex) ? "sex" : "birth_date",
			  in.sex && strcmp(in.sex, r.sex) ? "sex_disagrees" : "birth_disagrees", 0);
	if (in.relation && strcmp(in.relation, "head") == 0 && (!r.relation || strcmp(r.relation, "head")))
		err_field(e, "relation", "head_by_event", 0);
	if (e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	if (registry_bump(cx, "residents", id, version) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE residents SET name = ?, relation = ?, sex = ?, birth_date = ?, ethnicity = ?, "
		"population = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, in.name ? in.name : r.name);
	store_bind_text(st, 2, r.household_id ? (in.relation ? in.relation : r.relation) : NULL);
	store_bind_text(st, 3, in.sex ? in.sex : r.sex);
	int birth = in.birth_date ? in.birth_date : r.birth_date;
	if (birth)
		store_bind_int64(st, 4, birth);
	else
		store_bind_null(st, 4);
	store_bind_text(st, 5, json_object_get(patch, "ethnicity") ? in.ethnicity : r.ethnicity);
	store_bind_text(st, 6, in.population ? in.population : r.population);
	store_bind_int64(st, 7, id);
	if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
		return -1;
	if (in.has_id) {
		st = store_prepare(cx->db, "UPDATE residents SET id_type = ?, id_sealed = ?, id_lookup = ?, "
					   "id_masked = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, in.id_number ? in.id_type : NULL);
		store_bind_text(st, 2, in.id.stored);
		store_bind_text(st, 3, in.id.lookup);
		store_bind_text(st, 4, in.id.masked);
		store_bind_int64(st, 5, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
	}
	if (in.has_phone) {
		st = store_prepare(cx->db, "UPDATE residents SET phone_sealed = ?, phone_lookup = ?, "
					   "phone_masked = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, in.ph.stored);
		store_bind_text(st, 2, in.ph.lookup);
		store_bind_text(st, 3, in.ph.masked);
		store_bind_int64(st, 4, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
	}
	if (in.name && strcmp(in.name, r.name) != 0 && registry_name_grams(cx, id, in.name, false) < 0)
		return -1;
	if (in.has_tags && write_tags(cx, id, &in, true, false) < 0)
		return -1;
	return finish(cx, "resident.update", id, &r, out);
}

/* ------------------------------------------------------------------------------------------ */
/* events: moving out and in, a death, a new head */

int registry_resident_event(struct ctx *cx, int64_t id, const char *kind, json_t *body,
			    struct resident *out)
{
	static const char *const allowed[] = {"version", "date", "note", "household_id", "relation",
					      "previous_head_relation", NULL};
	struct err *e = &cx->err;
	struct resident r;
	if (registry_resident_get(cx, id, PERM_RESIDENTS_WRITE, &r) < 0)
		return -1;
	int64_t version = 0, household_id = 0;
	int date = 0;
	const char *note = NULL, *relation = NULL, *prev = "other";
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	registry_date_field(cx, body, "date", 0, &date);
	const struct limit *lnote = &registry_limits[L_EVENT_NOTE];
	jf_str(body, "note", JF_MULTILINE, 0, (size_t)lnote->max, &note, e);
	bool in = strcmp(kind, "move_in") == 0, head = strcmp(kind, "head") == 0;
	struct household h = {0};
	int state = 0;
	if (in) {
		if (jf_int(body, "household_id", JF_REQUIRED, 1, INT64_MAX, &household_id, e) > 0) {
			int f = registry_household_by_id(cx, household_id, &h);
			if (f < 0)
				return -1;
			if (f == 0 || !access_path_in_scope(cx, h.unit_path))
				err_field(e, "household_id", "household_unknown", 0);
			else if (strcmp(h.status, "active") != 0)
				err_field(e, "household_id", "household_dissolved", 0);
		}
		code_field(cx, body, "relation", CODES_RELATION, JF_REQUIRED, &relation);
		if (relation && strcmp(relation, "head") == 0 && h.head_id)
			err_field(e, "relation", "household_has_head", 0);
		if (strcmp(r.status, "deceased") == 0)
			state = err_field(e, "id", "resident_deceased", 0);
		else if (strcmp(r.status, "living") == 0 && r.household_id)
			state = err_field(e, "household_id", "resident_in_household", 0);
	} else if (head) {
		code_field(cx, body, "previous_head_relation", CODES_RELATION, 0, &prev);
		if (!r.household_id || strcmp(r.status, "living") != 0)
			state = err_field(e, "id", "resident_not_in_household", 0);
		else if (r.relation && strcmp(r.relation, "head") == 0)
			state = err_field(e, "id", "resident_is_head", 0);
	} else if (strcmp(r.status, "living") != 0) {
		state = err_field(e, "id", strcmp(r.status, "deceased") == 0 ? "resident_deceased"
									      : "resident_moved_out", 0);
	}
	if (date && r.birth_date && date < r.birth_date)
		err_field(e, "date", "date_before_birth", 0);
	/* a resident in the wrong state for the event is a conflict, not a bad field */
	if (e->code)
		return state ? err_set(e, ERR_CONFLICT) : -1;
	if (!date)
		date = registry_today(cx);
	if (ctx_begin(cx) < 0)
		return -1;
	if (registry_bump(cx, "residents", id, version) < 0)
		return -1;
	struct store_stmt *st;
	bool was_head = r.relation && strcmp(r.relation, "head") == 0;
	if (in) {
		st = store_prepare(cx->db, "UPDATE residents SET household_id = ?, unit_id = ?, relation = ?, "
					   "status = 'living', status_date = ?, street_id = ?, community_id = ?, "
					   "grid_id = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, household_id);
		store_bind_int64(st, 2, h.unit_id);
		store_bind_text(st, 3, relation);
		store_bind_int64(st, 4, date);
		registry_bind_anchors(st, 5, h.anchor);
		store_bind_int64(st, 8, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
		if (strcmp(relation, "head") == 0 && add_head(cx, household_id, id) < 0)
			return -1;
		if (registry_event(cx, household_id, id, "move_in", date, note) < 0)
			return -1;
	} else if (head) {
		/* the old head takes the relation given; its row changes, so does its version */
		st = store_prepare(cx->db, "UPDATE residents SET relation = CASE WHEN id = ? THEN 'head' "
					   "ELSE ? END, version = version + CASE WHEN id = ? THEN 0 ELSE 1 END, "
					   "updated_at = ? WHERE household_id = ? AND (id = ? OR relation = 'head')");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, id);
		store_bind_text(st, 2, prev);
		store_bind_int64(st, 3, id);
		store_bind_int64(st, 4, cx->now);
		store_bind_int64(st, 5, r.household_id);
		store_bind_int64(st, 6, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0 || set_head(cx, r.household_id, id) < 0 ||
		    registry_event(cx, r.household_id, id, "head", date, note) < 0)
			return -1;
	} else {   /* move_out, deceased: the record stays, with its household, as history */
		st = store_prepare(cx->db, "UPDATE residents SET status = ?, status_date = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_text(st, 1, strcmp(kind, "deceased") == 0 ? "deceased" : "moved_out");
		store_bind_int64(st, 2, date);
		store_bind_int64(st, 3, id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
		if (r.household_id) {
			if (was_head && set_head(cx, r.household_id, 0) < 0)
				return -1;
			if (registry_event(cx, r.household_id, id, kind, date, note) < 0)
				return -1;
		}
	}
	return finish(cx, arena_printf(cx->a, "resident.%s", kind), id, &r, out);
}

/* ------------------------------------------------------------------------------------------ */
/* reveal */

int registry_resident_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"reason", NULL};
	struct err *e = &cx->err;
	struct resident r;
	if (registry_resident_get(cx, id, PERM_RESIDENTS_REVEAL, &r) < 0)
		return -1;
	const char *reason = NULL;
	const struct limit *lr = &registry_limits[L_REVEAL_REASON];
	json_only_fields(body, allowed, e);
	if (jf_str(body, "reason", JF_REQUIRED, 0, (size_t)lr->max, &reason, e) > 0 &&
	    utf8_count(reason) < (size_t)lr->min)
		err_field(e, "reason", "too_short", lr->min);
	if (e->code)
		return -1;
	if (registry_reveal_budget(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id_sealed, phone_sealed FROM residents WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	const char *ids = NULL, *phs = NULL;
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		ids = store_col_is_null(st, 0) ? NULL : arena_strdup(cx->a, store_col_text(st, 0));
		phs = store_col_is_null(st, 1) ? NULL : arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_store_error(cx);
	if ((ids || phs) && !registry_keys())
		return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	const char *idc = registry_open(cx, PURPOSE_ID, ids), *phc = registry_open(cx, PURPOSE_PHONE, phs);
	if ((ids && !idc) || (phs && !phc))
		return err_setf(e, ERR_INTERNAL, "resident %lld: a sealed value does not open",
				(long long)id);
	if (ctx_begin(cx) < 0)
		return -1;
	json_t *fields = json_array();
	if (ids)
		json_array_append_new(fields, json_string("id_number"));
	if (phs)
		json_array_append_new(fields, json_string("phone"));
	json_t *what = json_pack("{s:s, s:o}", "reason", reason, "fields", fields);
	rc = audit_record(cx, "resident.reveal", "resident", id, NULL, what);
	json_decref(what);
	if (rc < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	*out = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "id_number", json_str_or_null(idc),
			 "phone", json_str_or_null(phc));
	return 0;
}
