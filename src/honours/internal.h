/* What the files of the honours share (not for other features). */
#ifndef LINLI_HONOURS_INTERNAL_H
#define LINLI_HONOURS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/access.h"
#include "base/ctx.h"
#include "honours/honours.h"
#include "honours/limits.h"

struct org_unit;
struct store_stmt;

/* A string field by its limit (honours_limits[l]), the minimum counted in characters. */
int hon_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e);
/* An integer field by its limit. */
int hon_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e);
/* A date field "2026-12-02" → YYYYMMDD: 1, 0 absent, -1 a field error. */
int hon_jf_date(json_t *o, const char *name, int flags, int *out, struct err *e);
/* A time field (ISO 8601): 1, 0 absent, -1 a field error. */
int hon_jf_time(json_t *o, const char *name, int flags, int64_t *out, struct err *e);
json_t *hon_date_json(int64_t date);
/* audit_commit(), taking before and after (decref'd). */
int hon_audit_commit(struct ctx *cx, const char *action, const char *entity, int64_t id,
		     json_t *before, json_t *after);
/* A community the caller holds `perm` in: an open unit of kind community whose path is in the
 * scope, or, for the grid roles, holds one of the caller's units. 1 with *u; a field error on
 * `field` (or 404 when field is NULL) otherwise. */
int hon_community(struct ctx *cx, enum perm perm, const char *field, int64_t id,
		  struct org_unit *u);
/* Whether the caller sees the community at `path` (its staff, the grid workers in it). */
bool hon_sees_community(const struct ctx *cx, const char *path);
/* The scope rule of hon_sees_community in SQL over a community's path column: two
 * parameters, bound by access_bind_scope(). */
#define HON_COMMUNITY_SEEN_SQL(path) \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_units au JOIN org_units ao ON ao.id = au.unit_id" \
	" WHERE au.user_id = ? AND (substr(" path ", 1, length(ao.path)) = ao.path" \
	" OR substr(ao.path, 1, length(" path ")) = " path ")))"
/* Today in China, YYYYMMDD. */
int hon_today(const struct ctx *cx);
/* One integer of a one-row query with up to two integer parameters (0 when no row). */
int hon_query_int(struct ctx *cx, const char *sql, int64_t a, int64_t b, int64_t *out);
/* Every row of st (its parameters bound) as one JSON value each, into a new array: 0, or -1
 * with cx->err (nothing in *out). st is reset. */
typedef json_t *(*hon_row_fn)(struct ctx *cx, struct store_stmt *st);
int hon_json_rows(struct ctx *cx, struct store_stmt *st, hon_row_fn row, json_t **out);
/* A code in a NULL-ended list. */
bool hon_code_in(const char *const *codes, const char *code);

/* The points a household earned in a community in a year (awards not reversed). */
int hon_household_year_points(struct ctx *cx, int64_t household_id, int64_t community_id,
			      int64_t year, int64_t *points);

/* ---- the points (points.c) ---- */
int hon_rules_list(struct ctx *cx, int64_t community_id, json_t **out);
int hon_rule_create(struct ctx *cx, json_t *body, json_t **out);
int hon_rule_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_awards_create(struct ctx *cx, json_t *body, json_t **out);
int hon_award_reverse(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_awards_list(struct ctx *cx, int64_t community_id, int64_t household_id, int limit,
		    int64_t cursor, json_t **out, int64_t *next);
int hon_household_points(struct ctx *cx, int64_t household_id, json_t **out);
int hon_table(struct ctx *cx, int64_t community_id, int64_t year, json_t **out);

/* ---- the honours (ratings.c) ---- */
int hon_kinds_list(struct ctx *cx, bool all, json_t **out);
int hon_kind_create(struct ctx *cx, json_t *body, json_t **out);
int hon_kind_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_ratings_list(struct ctx *cx, int64_t community_id, int64_t year, const char *state,
		     json_t **out);
int hon_rating_create(struct ctx *cx, json_t *body, json_t **out);
int hon_rating_get(struct ctx *cx, int64_t id, json_t **out);
int hon_rating_open(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_rating_publish(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_nominate(struct ctx *cx, int64_t rating_id, json_t *body, json_t **out);
int hon_nomination_withdraw(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_suggestions(struct ctx *cx, int64_t rating_id, json_t **out);
int hon_objections_list(struct ctx *cx, int64_t rating_id, json_t **out);
int hon_objection_resolve(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int hon_public_board(struct ctx *cx, int64_t community_id, json_t **out);
int hon_public_object(struct ctx *cx, json_t *body, json_t **out);
int hon_household_honours(struct ctx *cx, int64_t household_id, json_t **out);

#endif
