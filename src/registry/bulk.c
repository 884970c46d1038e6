/* Households and residents in bulk: the district demo (`linli demo --scale district`) and
 * imports (import.c).
 *
 * Rows wait on an arena as values and are written by registry_bulk_flush, a table at a time:
 * on SQLite by one prepared INSERT run for each row (no round trip to save, and binding is
 * cheaper than reading the values back out of JSON); on PostgreSQL by one set-wise INSERT a
 * table, the rows travelling as one JSON array read by jsonb_array_elements, sent without
 * waiting for their end (store_send: the caller makes the next batch meanwhile). Every value is
 * made as registry_resident_create makes it: ID numbers and phones sealed with their lookup hash
 * and masked form (registry_seal, unless the caller sealed them), the name split into grams
 * (registry_grams), a `created` event for each household and a `move_in` for each resident (and
 * a `move_out` for one who has left). What is left out is the per-row audit entry: the caller
 * records one for the whole.
 *
 * Households and residents get their ids here, counted on from the largest in the table, in the
 * caller's transaction (SQLite's BEGIN IMMEDIATE holds other writers off; on PostgreSQL the
 * two tables are locked against other writers until the commit, and their sequences are moved
 * past the ids used). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/mask.h"
#include "registry/internal.h"

/* A table's rows: a value a column. A column's type: 'i' an integer, 'n' an integer whose 0
 * is NULL, 's' text (NULL is NULL). */
struct table {
	const char *name, *cols, *types;
	struct bulk_val { int64_t i; const char *s; } *v;
	size_t n, cap;   /* values */
};

enum { T_HOUSEHOLDS, T_RESIDENTS, T_GRAMS, T_TAGS, T_EVENTS, T__COUNT };

static const struct table tables[T__COUNT] = {
	[T_HOUSEHOLDS] = {"households", "id, unit_id, place_id, head_id, address, created_at, "
			  "updated_at, street_id, community_id, grid_id", "iinnsiinnn", NULL, 0, 0},
	[T_RESIDENTS] = {"residents", "id, household_id, unit_id, relation, name, sex, birth_date, "
			 "id_type, id_sealed, id_lookup, id_masked, phone_sealed, phone_lookup, phone_masked, "
			 "ethnicity, population, status, status_date, created_at, updated_at, street_id, "
			 "community_id, grid_id", "iiisssnssssssssssiiinnn", NULL, 0, 0},
	[T_GRAMS] = {"resident_name_grams", "gram, resident_id", "si", NULL, 0, 0},
	[T_TAGS] = {"resident_tags", "resident_id, tag", "is", NULL, 0, 0},
	[T_EVENTS] = {"household_events", "household_id, resident_id, kind, on_date, note, actor, at",
		      "insissi", NULL, 0, 0},
};


struct registry_bulk {
	struct ctx *cx;
	struct arena *a;   /* the rows of the batch, until its flush */
	bool reset;        /* a's own: emptied by each flush */
	int64_t next_household, next_resident;
	struct table t[T__COUNT];
	size_t nhouseholds;
};

static int fail(struct ctx *cx)
{
	ctx_store_error(cx);
	ctx_rollback(cx);
	return -1;
}

static void start(struct registry_bulk *b)
{
	for (int k = 0; k < T__COUNT; k++) {
		b->t[k].v = NULL;
		b->t[k].n = b->t[k].cap = 0;
	}
	b->nhouseholds = 0;
}

/* Room for one more row of t: its first value. */
static struct bulk_val *row(struct registry_bulk *b, struct table *t)
{
	size_t w = strlen(t->types);
	if (t->n + w > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024 * w;
		struct bulk_val *v = arena_alloc(b->a, cap * sizeof *v);
		if (t->n)
			memcpy(v, t->v, t->n * sizeof *v);
		t->v = v;
		t->cap = cap;
	}
	struct bulk_val *r = &t->v[t->n];
	memset(r, 0, w * sizeof *r);
	t->n += w;
	return r;
}

struct registry_bulk *registry_bulk_new(struct ctx *cx, struct arena *rows)
{
	bool pg = store_kind(cx->db) == STORE_POSTGRES;
	if (pg && store_exec(cx->db, "LOCK TABLE households, residents IN SHARE ROW EXCLUSIVE MODE") < 0)
		return fail(cx), NULL;
	struct registry_bulk *b = arena_alloc(cx->a, sizeof *b);
	memset(b, 0, sizeof *b);
	b->cx = cx;
	b->a = rows ? rows : cx->a;
	b->reset = rows != NULL;
	memcpy(b->t, tables, sizeof tables);
	int64_t h = 0, r = 0;
	if (store_query_int64(cx->db, "SELECT COALESCE(MAX(id), 0) FROM households", &h, 0) < 0 ||
	    store_query_int64(cx->db, "SELECT COALESCE(MAX(id), 0) FROM residents", &r, 0) < 0)
		return fail(cx), NULL;
	b->next_household = h + 1;
	b->next_resident = r + 1;
	start(b);
	return b;
}

static void event(struct registry_bulk *b, int64_t hid, int64_t rid, const char *kind, int on,
		  const char *actor)
{
	struct bulk_val *v = row(b, &b->t[T_EVENTS]);
	v[0].i = hid;
	v[1].i = rid;
	v[2].s = kind;
	v[3].i = on;
	v[4].s = "";
	v[5].s = actor;
	v[6].i = b->cx->now;
}

int64_t registry_bulk_household(struct registry_bulk *b, const struct household_draft *h,
				const struct bulk_person *people, size_t n)
{
	struct ctx *cx = b->cx;
	struct arena *a = b->a;
	int today = registry_today(cx);
	const char *actor = arena_strdup(a, cx->actor.username ? cx->actor.username : "");
	int64_t hid = b->next_household++, head = 0;
	for (size_t i = 0; i < n; i++)
		if (!head && people[i].relation && strcmp(people[i].relation, "head") == 0 &&
		    !people[i].moved_out)
			head = b->next_resident + (int64_t)i;
	struct bulk_val *v = row(b, &b->t[T_HOUSEHOLDS]);
	v[0].i = hid;
	v[1].i = h->unit_id;
	v[2].i = h->place_id;
	v[3].i = head;
	v[4].s = arena_strdup(a, h->address ? h->address : "");
	v[5].i = v[6].i = cx->now;
	for (int k = 0; k < ORG_ANCHORS; k++)
		v[7 + k].i = h->anchor[k];
	b->nhouseholds++;
	event(b, hid, 0, "created", today, actor);
	for (size_t i = 0; i < n; i++) {
		const struct bulk_person *p = &people[i];
		int64_t rid = b->next_resident++;
		const char *type = p->id_type ? p->id_type : "resident_id";
		struct sealed id = p->id ? *p->id : (struct sealed){0};
		struct sealed ph = p->ph ? *p->ph : (struct sealed){0};
		if (p->id_number && !p->id) {
			char *key = arena_printf(cx->a, "%s:%s", type, p->id_number);
			if (registry_seal(cx, PURPOSE_ID, p->id_number, key,
					  mask_idnum(cx->a, p->id_number), &id) < 0)
				return -1;
		}
		if (p->phone && !p->ph && registry_seal(cx, PURPOSE_PHONE, p->phone, p->phone,
							 mask_phone(cx->a, p->phone), &ph) < 0)
			return -1;
		v = row(b, &b->t[T_RESIDENTS]);
		v[0].i = rid;
		v[1].i = hid;
		v[2].i = h->unit_id;
		v[3].s = arena_strdup(a, p->relation);
		v[4].s = arena_strdup(a, p->name);
		v[5].s = arena_strdup(a, p->sex);
		v[6].i = p->birth_date;
		v[7].s = p->id_number ? arena_strdup(a, type) : NULL;
		v[8].s = arena_strdup(a, id.stored);
		v[9].s = arena_strdup(a, id.lookup);
		v[10].s = arena_strdup(a, id.masked);
		v[11].s = arena_strdup(a, ph.stored);
		v[12].s = arena_strdup(a, ph.lookup);
		v[13].s = arena_strdup(a, ph.masked);
		v[14].s = arena_strdup(a, p->ethnicity);
		v[15].s = arena_strdup(a, p->population);
		v[16].s = p->moved_out ? "moved_out" : "living";
		v[17].i = p->moved_out ? p->moved_out : today;
		v[18].i = v[19].i = cx->now;
		for (int k = 0; k < ORG_ANCHORS; k++)
			v[20 + k].i = h->anchor[k];
		char grams[REGISTRY_NAME_GRAMS][REGISTRY_GRAM_MAX];
		size_t ng = registry_grams(p->name, grams, REGISTRY_NAME_GRAMS);
		for (size_t g = 0; g < ng; g++) {
			bool dup = false;   /* 王王王: one row, as ON CONFLICT DO NOTHING leaves it */
			for (size_t k = 0; k < g && !dup; k++)
				dup = strcmp(grams[k], grams[g]) == 0;
			if (dup)
				continue;
			v = row(b, &b->t[T_GRAMS]);
			v[0].s = arena_strdup(a, grams[g]);
			v[1].i = rid;
		}
		for (size_t t = 0; t < p->ntags; t++) {
			v = row(b, &b->t[T_TAGS]);
			v[0].i = rid;
			v[1].s = arena_strdup(a, p->tags[t]);
		}
		event(b, hid, rid, "move_in", today, actor);
		if (p->moved_out)
			event(b, hid, rid, "move_out", p->moved_out, actor);
	}
	return hid;
}

#define SQL_MAX 1024

/* Each table's INSERT for each engine, made once (the statement cache is keyed by the text's
 * address, so they must stay put): on SQLite one row a step, INSERT INTO t (cols) VALUES (?1,
 * ?2, …) (a single row needs no statement journal, which INSERT … SELECT does); on PostgreSQL
 * every row at once, … SELECT value->>0, CAST(value->>1 AS BIGINT), … FROM
 * jsonb_array_elements(CAST(? AS jsonb)). */
static char sql[2][T__COUNT][SQL_MAX];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void make_sql(void)
{
	for (int pg = 0; pg < 2; pg++)
		for (int k = 0; k < T__COUNT; k++) {
			const struct table *t = &tables[k];
			char *q = sql[pg][k];
			size_t len = 0;
#define PUT(...) len += (size_t)snprintf(q + len, SQL_MAX - len, __VA_ARGS__)
			PUT("INSERT INTO %s (%s) %s", t->name, t->cols, pg ? "SELECT " : "VALUES (");
			for (size_t c = 0; t->types[c]; c++)
				if (!pg)
					PUT("%s?%zu", c ? ", " : "", c + 1);
				else
					PUT(t->types[c] == 's' ? "%svalue->>%zu"
							       : "%sCAST(value->>%zu AS BIGINT)",
					    c ? ", " : "", c);
			PUT("%s", pg ? " FROM jsonb_array_elements(CAST(? AS jsonb))" : ")");
#undef PUT
		}
}

/* SQLite: the statement run for each row. */
static int write_sqlite(struct registry_bulk *b, int k)
{
	struct ctx *cx = b->cx;
	const struct table *t = &b->t[k];
	size_t w = strlen(t->types);
	struct store_stmt *st = store_prepare(cx->db, sql[0][k]);
	if (!st)
		return fail(cx);
	for (size_t at = 0; at < t->n; at += w) {
		const struct bulk_val *v = &t->v[at];
		for (size_t c = 0; c < w; c++) {
			int idx = (int)c + 1;
			if (t->types[c] == 's')
				store_bind_text(st, idx, v[c].s);
			else if (t->types[c] == 'n')
				store_bind_int64_or_null(st, idx, v[c].i);
			else
				store_bind_int64(st, idx, v[c].i);
		}
		int rc = store_step(st);
		store_reset(st);
		if (rc != STORE_DONE)
			return fail(cx);
	}
	return 0;
}

/* PostgreSQL: the rows as one JSON array of arrays, read by position. */
static int write_pg(struct registry_bulk *b, int k)
{
	struct ctx *cx = b->cx;
	const struct table *t = &b->t[k];
	size_t w = strlen(t->types);
	struct jw rows;
	jw_init(&rows, b->a);
	jw_arr(&rows);
	for (size_t at = 0; at < t->n; at += w) {
		const struct bulk_val *v = &t->v[at];
		jw_arr(&rows);
		for (size_t c = 0; c < w; c++) {
			if (t->types[c] == 's')
				jw_str(&rows, v[c].s);
			else if (t->types[c] == 'n')
				jw_int_or_null(&rows, v[c].i);
			else
				jw_int(&rows, v[c].i);
		}
		jw_arr_end(&rows);
	}
	jw_arr_end(&rows);
	struct store_stmt *st = store_prepare(cx->db, sql[1][k]);
	if (!st)
		return fail(cx);
	store_bind_text(st, 1, buf_str(&rows.b));
	int rc = store_send(st);
	store_reset(st);
	return rc == 0 ? 0 : fail(cx);
}

int registry_bulk_flush(struct registry_bulk *b)
{
	struct ctx *cx = b->cx;
	bool pg = store_kind(cx->db) == STORE_POSTGRES;
	pthread_once(&sql_once, make_sql);
	for (int k = 0; k < T__COUNT && b->nhouseholds; k++)
		if (b->t[k].n && (pg ? write_pg(b, k) : write_sqlite(b, k)) < 0)
			return -1;
	if (pg && b->nhouseholds) {   /* the sequences past the ids used */
		struct store_stmt *st = store_prepare(cx->db,
			"SELECT setval(pg_get_serial_sequence('households', 'id'), ?), "
			"setval(pg_get_serial_sequence('residents', 'id'), ?)");
		if (!st)
			return fail(cx);
		store_bind_int64(st, 1, b->next_household - 1);
		store_bind_int64(st, 2, b->next_resident - 1);
		int rc = store_send(st);
		store_reset(st);
		if (rc < 0)
			return fail(cx);
	}
	if (b->reset)
		arena_reset(b->a);
	start(b);
	return 0;
}
