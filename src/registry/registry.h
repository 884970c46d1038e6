/* registry: households at their dwellings and the residents in them (居民户籍登记), with personal
 * data protected by design:
 *   - ID numbers and phones are sealed at rest (base/seal; the keyring is registry_keys()), with
 *     a keyed lookup hash for exact search and a masked form for every answer;
 *   - a reader sees the households and residents of the units they serve (a grid worker their
 *     grids, a community's staff their community): anything else is 404 and in no list or count;
 *   - the clear values come only through a reveal with a reason, audited and rate-limited;
 *   - sensitive tags (disability, minimum income, health, minors) only for roles that need them.
 * Moving in and out, a change of head and a death are events, never deletions.
 *
 * Other features (visits, the party service tree, requests) use the look-ups and checks below,
 * never the tables. */
#ifndef LINLI_REGISTRY_H
#define LINLI_REGISTRY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/ctx.h"

struct seal_ring;

/* The keyring of the process (set once at start by the command line, before any thread). A
 * registry write without one fails with 503 and says why in the log. */
void registry_set_keys(struct seal_ring *ring);
const struct seal_ring *registry_keys(void);
/* A value another feature sealed with these keys, opened (on cx's arena; NULL when it does
 * not open, logged). */
const char *registry_open(struct ctx *cx, const char *purpose, const char *stored);
/* A value of another feature sealed with these keys under its purpose, without a lookup hash
 * (on cx's arena): NULL for NULL; NULL with cx->err set (503 without keys) when it fails. */
const char *registry_seal_value(struct ctx *cx, const char *purpose, const char *clear);
/* The reveals of personal values the caller made in the last hour (any `*.reveal` audit entry,
 * and exports in clear) against the hourly budget: 0, or -1 with 429 and retry_after. */
int registry_reveal_budget(struct ctx *cx);

struct household {
	int64_t id, unit_id, place_id, head_id;
	const char *address;        /* the dwelling's address, or the one given where none is */
	const char *unit_path;      /* for scope checks */
	const char *status;         /* active, dissolved */
	int64_t members;            /* residents living in it */
	const char *head_name;      /* masked unless the reader may see names in clear */
	int64_t created_at, updated_at, version;
	int64_t anchor[3];          /* its unit's street, community and grid (org/org.h) */
};

struct resident {
	int64_t id, household_id, unit_id;
	const char *unit_path;
	const char *address;        /* the household's (its dwelling's, or the one given); NULL without */
	const char *name;
	const char *relation;       /* to the head: head, spouse, child, ... (registry/codes.h) */
	const char *sex;            /* male, female */
	int birth_date;             /* YYYYMMDD, 0 unknown */
	const char *id_type;        /* resident_id, passport, ... (registry/idnum.h) */
	const char *id_masked;      /* 110***********1234 */
	const char *phone_masked;   /* 138****1234 */
	const char *ethnicity;      /* GB/T 3304 two digits */
	const char *population;     /* registered, resident, floating, foreign */
	const char *status;         /* living, moved_out, deceased */
	int status_date;            /* YYYYMMDD of the last status change */
	const char **tags;          /* codes; sensitive ones left out for readers without the right */
	size_t ntags;
	int64_t created_at, updated_at, version;
};

/* Look-ups without an access check (for other features' rules): 1 found, 0 not, -1 error. */
int registry_household_by_id(struct ctx *cx, int64_t id, struct household *out);
int registry_resident_by_id(struct ctx *cx, int64_t id, struct resident *out);
/* The same with the check of `perm` against the actor's scope: 0, or -1 with 404 when it is
 * missing or outside the scope (403 when the role lacks perm). */
int registry_household_get(struct ctx *cx, int64_t id, enum perm perm, struct household *out);
int registry_resident_get(struct ctx *cx, int64_t id, enum perm perm, struct resident *out);

/* Lists within scope, paged by id. A filter field left 0 / NULL does not filter. */
struct resident_filter {
	const char *q;              /* a part of the name (2+ characters through the name index) */
	const char *phone;          /* exact, normalised, through the lookup hash */
	const char *id_number;      /* exact, through the lookup hash */
	const char *const *tags;    /* every one of these tags */
	size_t ntags;
	int64_t unit_id;            /* this unit and those below it */
	int64_t household_id;
	int age_min, age_max;       /* -1: no bound */
	const char *population, *status;
	int limit;
	int64_t cursor;
};
int registry_residents_list(struct ctx *cx, const struct resident_filter *f,
			    struct resident **items, size_t *n, int64_t *next_cursor);
/* How many residents the filter finds (the cursor and limit aside): the same scope rule. */
int registry_residents_count(struct ctx *cx, const struct resident_filter *f, int64_t *count);

struct household_filter {
	int64_t unit_id;            /* this unit and those below it */
	int64_t place_id;
	const char *q;              /* a part of the address or of a member's name */
	const char *status;         /* active (default), dissolved, all */
	int limit;
	int64_t cursor;
};
int registry_households_list(struct ctx *cx, const struct household_filter *f,
			     struct household **items, size_t *n, int64_t *next_cursor);

/* The writes take the JSON of the request and judge every field (see docs/openapi.yaml). */
int registry_household_create(struct ctx *cx, json_t *body, struct household *out);
int registry_household_update(struct ctx *cx, int64_t id, json_t *patch, struct household *out);
int registry_resident_create(struct ctx *cx, json_t *body, struct resident *out);
int registry_resident_update(struct ctx *cx, int64_t id, json_t *patch, struct resident *out);
/* Events: "move_out", "move_in", "deceased", "head" (a new head). */
int registry_resident_event(struct ctx *cx, int64_t id, const char *kind, json_t *body,
			    struct resident *out);
/* The clear ID number and phone, for a reason: {"reason"} → {"id_number", "phone"}. */
int registry_resident_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out);

json_t *registry_household_json(struct ctx *cx, const struct household *h);
json_t *registry_resident_json(struct ctx *cx, const struct resident *r);
/* The same object written out (the hot lists; registry_resident_json is made from it). */
struct jw;
void registry_resident_write(struct ctx *cx, struct jw *w, const struct resident *r);
/* A household's events, newest first: [{id, kind, resident_id, on_date, note, actor, at}]. */
int registry_household_events(struct ctx *cx, int64_t household_id, json_t **out);

/* `linli key rotate`: re-seal every value of a sealed column (a feature's .sealed) not sealed
 * with the current key, in batches, each its own transaction; *done adds them up.
 * registry_stale_values counts what is left of one column. */
int registry_rekey(struct ctx *cx, const char *table, const char *column, const char *purpose,
		   int64_t *done);
/* `linli import`: a file of households and residents as the command line acting for the
 * operator (every unit), read and judged as POST /residents/import does. format "csv" or
 * "xlsx"; encoding auto, utf-8 or gbk; mode all or valid. 0 with *out the import's result and
 * *refused when nothing was imported for the errors of mode all; -1 with cx->err. */
int registry_import_data(struct ctx *cx, const char *format, const char *encoding,
			 const char *mode, const char *data, size_t len, json_t **out, bool *refused);
int registry_stale_values(struct ctx *cx, const char *table, const char *column, int64_t *count);

/* Whether the actor may see sensitive tags, and names and numbers in clear in exports. */
bool registry_sees_sensitive(const struct ctx *cx);

#endif
