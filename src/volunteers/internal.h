/* What the files of the volunteers share (not for other features). */
#ifndef LINLI_VOLUNTEERS_INTERNAL_H
#define LINLI_VOLUNTEERS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/access.h"
#include "base/ctx.h"
#include "volunteers/limits.h"
#include "volunteers/volunteers.h"

/* A string field by its limit (volunteers_limits[l]): jf_str with the table's bounds, the
 * minimum counted in characters. */
int vol_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e);
/* A date field "2026-12-02" → YYYYMMDD: 1, 0 absent, -1 a field error. */
int vol_jf_date(json_t *o, const char *name, int flags, int *out, struct err *e);
json_t *vol_date_json(int date);
/* ctx_write_version() for an UPDATE that may also break a unique index: 409 on `field`
 * given `key` then, 409 version_conflict when it changed no row. */
int vol_write_version(struct ctx *cx, struct store_stmt *st, const char *field, const char *key);
/* access_require() of perm against one unit path: 404 outside the scope. */
int vol_require_in(struct ctx *cx, enum perm perm, const char *path);
/* A unit the caller keeps (volunteers.write in its scope), open, of one of the kinds (comma
 * list; NULL: any): 1 with *u, or a field error on `field` (0 when the id is absent). */
struct org_unit;
int vol_judge_unit(struct ctx *cx, const char *field, int64_t id, const char *kinds,
		   struct org_unit *u);
/* An approved volunteer the caller sees (volunteers.read in scope), as a field error on
 * `field` otherwise: 1, or -1. */
int vol_judge_volunteer(struct ctx *cx, const char *field, int64_t id, struct volunteer *v);
/* Whether a unit's path lies at or below another's. */
bool vol_path_under(const char *path, const char *top);
/* Today in China, YYYYMMDD. */
int vol_today(const struct ctx *cx);
/* A JSON array of codes into a comma list, each one of codes[] (labels `what:`), at most
 * `max`: 1, 0 absent, -1 a field error. */
int vol_jf_codes(struct ctx *cx, json_t *o, const char *name, const char *const *codes,
		 long max, const char **out);
json_t *vol_codes_json(const char *list);
extern const char *const vol_skills[], *const vol_availability[], *const vol_team_kinds[];
/* Whether a code is in a NULL-ended list. */
bool vol_code_in(const char *const *codes, const char *code);

/* Approve a pending volunteer in one transaction: the number, the account (its password
 * hashed beforehand) and the record, audited. */
struct user;
int vol_approve_with(struct ctx *cx, const struct volunteer *old, int64_t version,
		     int64_t resident_id, const char *pwhash, bool must_change,
		     struct volunteer *out, struct user *account);

#endif
