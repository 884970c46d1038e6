/* What the registry's own files share; other features use registry.h. */
#ifndef LINLI_REGISTRY_INTERNAL_H
#define LINLI_REGISTRY_INTERNAL_H

#include "base/json.h"
#include "org/org.h"
#include "registry/registry.h"

/* A household's address in SQL: its dwelling's (building, entrance, number) when it has one,
 * else the address given; h the household's alias, p q g its dwelling, entrance, building. */
#define REGISTRY_ADDRESS_SQL(h, p, q, g) \
	"CASE WHEN " p ".id IS NULL THEN " h ".address ELSE COALESCE(" g ".name, '') || " \
	"COALESCE(" q ".name, '') || " p ".name END"
#define REGISTRY_ADDRESS_JOINS(h, p, q, g) \
	" LEFT JOIN org_places " p " ON " p ".id = " h ".place_id LEFT JOIN org_places " q \
	" ON " q ".id = " p ".parent_id LEFT JOIN org_places " g " ON " g ".id = " q ".parent_id"

#define PURPOSE_ID "resident.id_number"
#define PURPOSE_PHONE "resident.phone"

/* A value sealed for storage: its stored form, lookup hash and masked form, on cx's arena. */
struct sealed {
	const char *stored, *lookup, *masked;
};
/* Seal `clear` (normalised) for purpose; the lookup hashes `lookup_key` (the ID type and number,
 * or the phone). -1 with 503 when no keys are configured. */
int registry_seal(struct ctx *cx, const char *purpose, const char *clear, const char *lookup_key,
		  const char *masked, struct sealed *out);
/* The lookup hash alone, for a search; 0 with *out NULL when there are no keys. */
int registry_lookup(struct ctx *cx, const char *purpose, const char *key, const char **out);

/* Every two characters of a name ("王小明" → 王小, 小明; a one-character name is its own):
 * registry_grams splits (at most max, each NUL-terminated, ASCII lower-cased) and returns how
 * many; registry_name_grams replaces a resident's grams with those of name (fresh: a new resident,
 * who has none yet). */
#define REGISTRY_GRAM_MAX 16
#define REGISTRY_NAME_GRAMS 128   /* a name of 32 characters has 31 */
size_t registry_grams(const char *name, char grams[][REGISTRY_GRAM_MAX], size_t max);
int registry_name_grams(struct ctx *cx, int64_t resident_id, const char *name, bool fresh);

/* A tag: 1 known (with its sensitivity), 0 unknown, -1 error. */
int registry_tag(struct ctx *cx, const char *code, bool *sensitive);

/* Shared tails of writes. */
int registry_bump(struct ctx *cx, const char *table, int64_t id, int64_t version);
/* Whether the actor may reveal once more this hour: 0, or -1 with 429 and Retry-After until the
 * oldest reveal of the hour drops out of it. A resident's numbers asked for and an export in
 * clear count one each, as the audit log holds them (every server agrees). */
/* Bind a unit's anchors (0: NULL) at idx, idx + 1, idx + 2: written with every unit_id. */
void registry_bind_anchors(struct store_stmt *st, int idx, const int64_t anchor[ORG_ANCHORS]);
/* The forms of a scoped list over households or residents: every unit (a global actor); the
 * set of units in scope (ACCESS_UNIT_IN_SCOPE_SQL, one parameter); or one street, community or
 * grid by the anchor the rows keep ("h.community_id = ?", one parameter: access_anchor). */
enum { SCOPE_ALL, SCOPE_UNITS, SCOPE_ANCHOR, SCOPE_FORMS = SCOPE_ANCHOR + ORG_ANCHORS };
/* The actor's form of scope. */
int registry_scope(const struct ctx *cx);
/* Bind its parameter, if any, at idx; returns the next index. */
int registry_bind_scope(const struct ctx *cx, struct store_stmt *st, int idx);
/* The form of scope of a list filtered to one unit (0: none) and the anchor it binds: when
 * the unit lies in the caller's scope, its own nearest grid, community or street, whose index
 * gives its rows in id order (the unit filter, kept among the conditions, narrows them to the
 * unit); else the caller's (registry_scope). On PostgreSQL a grid's list by a tag none of its
 * residents has read the whole table by its primary key through the caller's scope (0.5–1.6 s
 * on the district), and 5 ms through the grid's anchor. */
struct registry_scope_of {
	int form;
	int64_t anchor;
};
int registry_scope_for_unit(struct ctx *cx, int64_t unit_id, struct registry_scope_of *s);
/* Bind the parameter of s at idx; returns the next index. */
int registry_bind_scope_of(const struct ctx *cx, struct store_stmt *st, int idx,
			   const struct registry_scope_of *s);
int registry_event(struct ctx *cx, int64_t household_id, int64_t resident_id, const char *kind,
		   int on_date, const char *note);

/* A date field "YYYY-MM-DD" → YYYYMMDD: 1 read, 0 absent, -1 field error (not a date, in the
 * future, before 1880). */
int registry_date_field(struct ctx *cx, json_t *obj, const char *name, int flags, int *out);
int registry_today(const struct ctx *cx);
json_t *registry_date_json(int date);

/* Where a household lives: its unit (and that unit's anchors), its dwelling or 0, its address. */
struct household_draft {
	int64_t unit_id, place_id;
	const char *address;
	int64_t anchor[ORG_ANCHORS];
};

/* Households and residents in bulk, for demo data at scale and imports (bulk.c): collected
 * inside the caller's transaction (begun before registry_bulk_new), written by each flush, a
 * table at a time; sealed, hashed, masked and split into name grams as a create through the
 * API is, with its `created` and `move_in` events, but without an audit entry per row. On
 * failure the transaction is rolled back and cx->err says why. */
struct bulk_person {
	const char *relation, *name, *sex, *ethnicity, *population;
	const char *id_type;        /* resident_id unless said */
	const char *id_number;      /* normalised, or NULL */
	const char *phone;          /* normalised, or NULL */
	const struct sealed *id, *ph;   /* the two sealed already (NULL: sealed by the flush) */
	int birth_date;             /* YYYYMMDD */
	const char *const *tags;
	size_t ntags;
	int moved_out;              /* the date they moved out (a move_out event), 0: living */
};
struct registry_bulk;
/* Its rows wait on `rows`, which each flush empties (NULL: on cx's arena, kept). */
struct registry_bulk *registry_bulk_new(struct ctx *cx, struct arena *rows);
/* A household where h says, with its people: its id, or -1. Its head is the first person with
 * the relation head who has not moved out. */
int64_t registry_bulk_household(struct registry_bulk *b, const struct household_draft *h,
				const struct bulk_person *people, size_t n);
int registry_bulk_flush(struct registry_bulk *b);

/* An import's writes, judged as a create's are but written in bulk (import.c): where a new
 * household lives, on the unit (NULL: the file's code names none) and dwelling (NULL: an
 * address instead; a place of that unit) the caller looked up; and a new member of a
 * household being made, its fields as POST /residents takes them without household_id or
 * unit_id (*head_taken: the household has its head already; set when this one is). Each 0, or
 * -1 with cx->err: field errors, or another failure (no keys). */
int registry_household_judge(struct ctx *cx, const struct org_unit *u, const struct org_place *p,
			     const char *address, struct household_draft *out);
int registry_member_judge(struct ctx *cx, json_t *body, bool *head_taken, struct bulk_person *out);

/* The feature's parts (feature.c). */
void registry_api_register(void);
int registry_demo(struct ctx *cx);
int registry_demo_district(struct ctx *cx);
void registry_demo_notes(void);

#endif
