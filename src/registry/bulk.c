/* Households and residents in bulk, for demo data at scale (`linli demo --scale district`).
 *
 * Rows are collected on the context's arena and written by registry_bulk_flush with one
 * set-wise INSERT per table: the rows travel as one JSON array, read by json_each on SQLite and
 * json_array_elements on PostgreSQL. Every value is made as registry_resident_create makes it:
 * ID numbers and phones sealed with their lookup hash and masked form (registry_seal), the name
 * split into grams (registry_grams), a `created` event for each household and a `move_in` for
 * each resident (and a `move_out` for one who has left). What is left out is the per-row audit
 * entry: the caller records one for the whole.
 *
 * Households and residents get their ids here, counted on from the largest in the table, in the
 * caller's transaction (SQLite's BEGIN IMMEDIATE holds other writers off; on PostgreSQL the
 * two tables are locked against other writers until the commit, and their sequences are moved
 * past the ids used). */
#include <string.h>

#include "base/jsonw.h"
#include "base/mask.h"
#include "registry/internal.h"

struct registry_bulk {
	struct ctx *cx;
	int64_t next_household, next_resident;
	struct jw households, residents, grams, tags, events;
	size_t nhouseholds, nresidents;
};

static int fail(struct ctx *cx)
{
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

static void start(struct registry_bulk *b)
{
	struct jw *w[] = {&b->households, &b->residents, &b->grams, &b->tags, &b->events};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		jw_init(w[i], b->cx->a);
		jw_arr(w[i]);
	}
	b->nhouseholds = b->nresidents = 0;
}

struct registry_bulk *registry_bulk_new(struct ctx *cx)
{
	bool pg = store_kind(cx->db) == STORE_POSTGRES;
	if (pg && store_exec(cx->db, "LOCK TABLE households, residents IN SHARE ROW EXCLUSIVE MODE") < 0)
		return fail(cx), NULL;
	struct registry_bulk *b = arena_alloc(cx->a, sizeof *b);
	memset(b, 0, sizeof *b);
	b->cx = cx;
	int64_t h = 0, r = 0;
	if (store_query_int64(cx->db, "SELECT COALESCE(MAX(id), 0) FROM households", &h, 0) < 0 ||
	    store_query_int64(cx->db, "SELECT COALESCE(MAX(id), 0) FROM residents", &r, 0) < 0)
		return fail(cx), NULL;
	b->next_household = h + 1;
	b->next_resident = r + 1;
	start(b);
	return b;
}

int64_t registry_bulk_household(struct registry_bulk *b, int64_t unit_id, int64_t place_id,
				const char *address, const struct bulk_person *people, size_t n)
{
	struct ctx *cx = b->cx;
	int today = registry_today(cx);
	int64_t hid = b->next_household++, head = 0;
	for (size_t i = 0; i < n; i++)
		if (!head && people[i].relation && strcmp(people[i].relation, "head") == 0 &&
		    !people[i].moved_out)
			head = b->next_resident + (int64_t)i;
	struct jw *w = &b->households;
	jw_arr(w);
	jw_int(w, hid);
	jw_int(w, unit_id);
	jw_int_or_null(w, place_id);
	jw_int_or_null(w, head);
	jw_str(w, address ? address : "");
	jw_arr_end(w);
	b->nhouseholds++;
	w = &b->events;
	jw_arr(w);
	jw_int(w, hid);
	jw_null(w);
	jw_str(w, "created");
	jw_int(w, today);
	jw_arr_end(w);
	for (size_t i = 0; i < n; i++) {
		const struct bulk_person *p = &people[i];
		int64_t rid = b->next_resident++;
		struct sealed id = {0}, ph = {0};
		if (p->id_number) {
			char *key = arena_printf(cx->a, "resident_id:%s", p->id_number);
			if (registry_seal(cx, PURPOSE_ID, p->id_number, key,
					  mask_idnum(cx->a, p->id_number), &id) < 0)
				return -1;
		}
		if (p->phone && registry_seal(cx, PURPOSE_PHONE, p->phone, p->phone,
					      mask_phone(cx->a, p->phone), &ph) < 0)
			return -1;
		w = &b->residents;
		jw_arr(w);
		jw_int(w, rid);
		jw_int(w, hid);
		jw_int(w, unit_id);
		jw_str(w, p->relation);
		jw_str(w, p->name);
		jw_str(w, p->sex);
		jw_int_or_null(w, p->birth_date);
		jw_str(w, p->id_number ? "resident_id" : NULL);
		jw_str(w, id.stored);
		jw_str(w, id.lookup);
		jw_str(w, id.masked);
		jw_str(w, ph.stored);
		jw_str(w, ph.lookup);
		jw_str(w, ph.masked);
		jw_str(w, p->ethnicity);
		jw_str(w, p->population);
		jw_str(w, p->moved_out ? "moved_out" : "living");
		jw_int(w, p->moved_out ? p->moved_out : today);
		jw_arr_end(w);
		b->nresidents++;
		char grams[REGISTRY_NAME_GRAMS][REGISTRY_GRAM_MAX];
		size_t ng = registry_grams(p->name, grams, REGISTRY_NAME_GRAMS);
		for (size_t g = 0; g < ng; g++) {
			bool dup = false;   /* 王王王: one row, as ON CONFLICT DO NOTHING leaves it */
			for (size_t k = 0; k < g && !dup; k++)
				dup = strcmp(grams[k], grams[g]) == 0;
			if (dup)
				continue;
			jw_arr(&b->grams);
			jw_str(&b->grams, grams[g]);
			jw_int(&b->grams, rid);
			jw_arr_end(&b->grams);
		}
		for (size_t t = 0; t < p->ntags; t++) {
			jw_arr(&b->tags);
			jw_int(&b->tags, rid);
			jw_str(&b->tags, p->tags[t]);
			jw_arr_end(&b->tags);
		}
		w = &b->events;
		jw_arr(w);
		jw_int(w, hid);
		jw_int(w, rid);
		jw_str(w, "move_in");
		jw_int(w, today);
		jw_arr_end(w);
		if (p->moved_out) {
			jw_arr(w);
			jw_int(w, hid);
			jw_int(w, rid);
			jw_str(w, "move_out");
			jw_int(w, p->moved_out);
			jw_arr_end(w);
		}
	}
	return hid;
}

/* One statement a table, for each engine: the rows' columns read from the JSON array by
 * position (->> on both engines). */
#define J(i) "value->>" #i
#define JI(i) "CAST(value->>" #i " AS BIGINT)"
#define BOTH(sel) {sel " FROM json_each(?)", sel " FROM json_array_elements(CAST(? AS json))"}
#define NOW "CAST(? AS BIGINT)"

/* The same, the unit's anchors taken from org_units by the unit in column u. */
#define ANCHORS "o.street_id, o.community_id, o.grid_id"
#define BOTH_UNIT(sel, u) {sel " FROM json_each(?) JOIN org_units o ON o.id = " JI(u), \
	sel " FROM json_array_elements(CAST(? AS json)) JOIN org_units o ON o.id = " JI(u)}

static const char *const sql_households[2] = BOTH_UNIT(
	"INSERT INTO households (id, unit_id, place_id, head_id, address, created_at, updated_at, "
	"street_id, community_id, grid_id) "
	"SELECT " JI(0) ", " JI(1) ", " JI(2) ", " JI(3) ", " J(4) ", " NOW ", " NOW ", " ANCHORS, 1);
static const char *const sql_residents[2] = BOTH_UNIT(
	"INSERT INTO residents (id, household_id, unit_id, relation, name, sex, birth_date, id_type, "
	"id_sealed, id_lookup, id_masked, phone_sealed, phone_lookup, phone_masked, ethnicity, "
	"population, status, status_date, created_at, updated_at, street_id, community_id, grid_id) "
	"SELECT " JI(0) ", " JI(1) ", " JI(2) ", " J(3) ", " J(4) ", " J(5) ", " JI(6) ", " J(7) ", "
	J(8) ", " J(9) ", " J(10) ", " J(11) ", " J(12) ", " J(13) ", " J(14) ", " J(15) ", " J(16)
	", " JI(17) ", " NOW ", " NOW ", " ANCHORS, 2);
static const char *const sql_grams[2] = BOTH(
	"INSERT INTO resident_name_grams (gram, resident_id) SELECT " J(0) ", " JI(1));
static const char *const sql_tags[2] = BOTH(
	"INSERT INTO resident_tags (resident_id, tag) SELECT " JI(0) ", " J(1));
static const char *const sql_events[2] = BOTH(
	"INSERT INTO household_events (household_id, resident_id, kind, on_date, note, actor, at) "
	"SELECT " JI(0) ", " JI(1) ", " J(2) ", " JI(3) ", '', CAST(? AS TEXT), " NOW);

/* Run one of them: nnow times cx->now, then actor when given, then the rows. */
static int insert(struct registry_bulk *b, const char *const sql[2], int nnow, const char *actor,
		  struct jw *rows)
{
	struct ctx *cx = b->cx;
	bool pg = store_kind(cx->db) == STORE_POSTGRES;
	struct store_stmt *st = store_prepare(cx->db, sql[pg]);
	if (!st)
		return fail(cx);
	int i = 1;
	if (actor)
		store_bind_text(st, i++, actor);
	for (int k = 0; k < nnow; k++)
		store_bind_int64(st, i++, cx->now);
	jw_arr_end(rows);
	store_bind_text(st, i, buf_str(&rows->b));
	int rc = store_step(st);
	store_reset(st);
	return rc == STORE_DONE ? 0 : fail(cx);
}

int registry_bulk_flush(struct registry_bulk *b)
{
	struct ctx *cx = b->cx;
	if (b->nhouseholds == 0) {
		start(b);
		return 0;
	}
	const char *actor = cx->actor.username ? cx->actor.username : "";
	if (insert(b, sql_households, 2, NULL, &b->households) < 0 ||
	    insert(b, sql_residents, 2, NULL, &b->residents) < 0 ||
	    insert(b, sql_grams, 0, NULL, &b->grams) < 0 ||
	    insert(b, sql_tags, 0, NULL, &b->tags) < 0 ||
	    insert(b, sql_events, 1, actor, &b->events) < 0)
		return -1;
	if (store_kind(cx->db) == STORE_POSTGRES &&
	    store_exec(cx->db,
		       "SELECT setval(pg_get_serial_sequence('households', 'id'), MAX(id)) FROM households;"
		       "SELECT setval(pg_get_serial_sequence('residents', 'id'), MAX(id)) FROM residents") < 0)
		return fail(cx);
	start(b);
	return 0;
}
