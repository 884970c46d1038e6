/* What the files of the shifts share (not for other features). */
#ifndef LINLI_SHIFTS_INTERNAL_H
#define LINLI_SHIFTS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "access/access.h"
#include "base/table.h"
#include "base/ctx.h"
#include "shifts/limits.h"
#include "shifts/shifts.h"
#include "volunteers/volunteers.h"

struct shift {
	int64_t id, activity_id, unit_id, course_id;
	const char *title, *kind, *place, *unit_name, *unit_path, *role, *secret, *points_activity;
	int64_t starts_at, ends_at, capacity, confirmed, waitlisted, grace_minutes;
	bool activity_active;
	int64_t cancelled_at, created_at, updated_at, version;
};

struct signup {
	int64_t id, shift_id, volunteer_id;
	const char *state, *source, *check_source;
	int64_t checked_in_at, checked_out_at, created_at, updated_at, version;
};

/* A string or an integer field by its limit (shifts_limits[l]). */
int sh_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e);
int sh_jf_int(json_t *o, const char *name, int flags, int l, int64_t *out, struct err *e);
/* A time field (ISO 8601): 1, 0 absent (a field error when required), -1. */
int sh_jf_time(json_t *o, const char *name, bool required, int64_t *out, struct err *e);
/* One row of st read into *row: 1, 0 none, -1. */
int sh_one(struct ctx *cx, struct store_stmt *st, ctx_row_reader read, void *row);
/* Audit and commit a write whose before and after are JSON (both taken): 0 with *out = after,
 * or -1 rolled back. */
int sh_commit_json(struct ctx *cx, const char *action, const char *entity, int64_t id,
		   json_t *before, json_t *after, json_t **out);
/* The shift without an access check: 1, 0, -1. */
int sh_shift_fetch(struct ctx *cx, int64_t id, struct shift *out);
/* The shift with perm in its unit's scope: 0, or -1 with 404 outside it. */
int sh_shift_get(struct ctx *cx, int64_t id, enum perm perm, struct shift *out);
json_t *sh_shift_json(const struct shift *s);
int sh_signup_fetch(struct ctx *cx, int64_t id, int64_t shift_id, int64_t volunteer_id,
		    struct signup *out);
/* The caller's own volunteer record (the volunteer role): 0, or -1 (403 for another role,
 * 404 when the login is no volunteer's). */
int sh_me(struct ctx *cx, struct volunteer *v);
/* Whether a volunteer of the unit at vpath may see a shift organised at upath (the unit
 * itself or one above it). */
bool sh_visible_to(const char *upath, const char *vpath);
/* The minutes served between in and out within the shift's window (a part of a minute counts
 * as one), at most the shift's length. */
int64_t sh_minutes(const struct shift *s, int64_t in, int64_t out);
/* The check-in code of a shift at a step. */
void sh_code(const struct shift *s, int64_t step, char out[SHIFT_CODE_DIGITS + 1]);
/* A pending hours entry of a signup in the open transaction: 0 with *id, or -1 rolled back. */
int sh_hours_insert(struct ctx *cx, const struct shift *s, const struct signup *g, int64_t minutes,
		    int64_t corrects_id, const char *reason, int64_t *id);

/* Activities */
int sh_activities_list(struct ctx *cx, int64_t unit_id, bool all, json_t **out);
int sh_activity_get(struct ctx *cx, int64_t id, json_t **out);
int sh_activity_create(struct ctx *cx, json_t *body, json_t **out);
int sh_activity_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
/* Shifts */
struct shift_filter {
	int64_t activity_id, unit_id, from, to;
	int limit;
	int64_t cursor;
};
int sh_shifts_list(struct ctx *cx, const struct shift_filter *f, json_t **items, int64_t *next);
int sh_shift_show(struct ctx *cx, int64_t id, json_t **out);
int sh_shift_create(struct ctx *cx, json_t *body, json_t **out);
int sh_shift_update(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int sh_roster(struct ctx *cx, int64_t id, json_t **out);
int sh_signup(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out);
int sh_cancel(struct ctx *cx, int64_t signup_id, json_t *body, json_t **out);
int sh_open(struct ctx *cx, json_t **out);
int sh_mine(struct ctx *cx, json_t **out);
/* The organiser's code: {code, url, expires_at, step_seconds, in_window, qr: {svg, png}}. */
int sh_code_show(struct ctx *cx, int64_t id, const char *base, json_t **out);
int sh_checkin(struct ctx *cx, json_t *body, json_t **out);
int sh_attendance(struct ctx *cx, int64_t id, json_t *body, json_t **out);
/* Hours */
struct hours_filter {
	int64_t shift_id, volunteer_id, unit_id;
	const char *state;
	int limit;
	int64_t cursor;
};
int sh_hours_list(struct ctx *cx, const struct hours_filter *f, json_t **items, int64_t *next);
int sh_hours_claim(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out);
int sh_hours_approve(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int sh_hours_approve_shift(struct ctx *cx, int64_t shift_id, json_t *body, json_t **out);
int sh_hours_decline(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int sh_hours_correct(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int sh_my_hours(struct ctx *cx, json_t **out);
/* The totals (report.c): an approved entry of the volunteer, of `minutes` in `month` (YYYY-MM)
 * organised at the unit whose path is given, added (sign 1: its marker made when new, the
 * volunteers counted then) or taken back (sign -1: minutes and entries only) for that unit and
 * every unit above it, in the open transaction. 0, or -1 rolled back. */
int sh_totals_apply(struct ctx *cx, const char *unit_path, const char *month, int64_t volunteer_id,
		    int64_t minutes, int sign);
/* GET /shifts/report and /shifts/figures: unit_id, from and to (YYYY-MM; NULL: the twelve
 * months to this one). */
int sh_report(struct ctx *cx, int64_t unit_id, const char *from, const char *to, json_t **out);
int sh_figures(struct ctx *cx, int64_t unit_id, const char *from, const char *to, json_t **out);
/* The report as a sheet: its months, the total, then the units below. */
int sh_report_table(struct ctx *cx, json_t *report, enum table_format f, const char **data, size_t *len);

#endif
