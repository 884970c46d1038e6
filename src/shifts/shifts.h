/* shifts: volunteer activities (志愿服务活动) and standing services (such as the rest points of the
 * 15-minute living circle), their shifts with a role, a time window and places, sign-ups with a
 * waitlist that moves up on a cancellation, check-in and check-out by the shift's rotating code
 * (or recorded by the organiser), and the hours served, approved or declined by the organiser,
 * earning points through the ledger (points_earn) in the approval's transaction.
 *
 *   - Scope: an activity belongs to its organiser unit; staff (volunteers.write) keep the
 *     activities, shifts, attendance and hours of the units they serve, grid leaders
 *     (volunteers.read) read them; anything else is 404 and in no list. Volunteers (their own
 *     login) see the open shifts of their community and the units above it, sign up and cancel,
 *     check themselves in and out, and read their own hours. Staff never check in and are never
 *     ranked: this is for volunteers.
 *   - 持证上岗: a shift may require a course's qualification (volunteers_qualified on the
 *     shift's day); a volunteer without one valid is refused.
 *   - The check-in code: an HMAC of the shift's id and the minute step under a secret of the
 *     shift's, eight digits, accepted in the step it was made and the next, only within the
 *     shift's window widened by the activity's grace.
 *   - Hours: pending → approved (points earned) or declined; a correction is a new entry
 *     referencing the old one, which becomes `corrected`; an approved entry declined or
 *     corrected has its earning reversed by a new movement. Nothing is deleted.
 *   - The hours by month (report.c): totals of the approved entries for the organiser unit and
 *     every unit above it, kept in the transactions that approve, decline and correct, read by
 *     GET /shifts/report (JSON, CSV, XLSX) and the dashboard's GET /shifts/figures. */
#ifndef LINLI_SHIFTS_H
#define LINLI_SHIFTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

/* One approved entry of a volunteer's hours: what, when, how long, who organised it. */
struct shift_hours_item {
	int64_t id, shift_id, activity_id, unit_id;
	const char *activity, *kind, *role, *unit_name;
	int64_t starts_at, ends_at, minutes;
};

/* The approved hours of a volunteer in [from, to) (by the shift's start; 0: open), oldest
 * first: their sum in *minutes and the entries on cx's arena. For the certificates (志愿服务
 * 记录证明): no access check, the caller judges its own. 0, or -1 with cx->err. */
int shifts_volunteer_hours(struct ctx *cx, int64_t volunteer_id, int64_t from, int64_t to,
			   int64_t *minutes, struct shift_hours_item **items, size_t *n);

/* A unit moved (struct feature's unit_moved): its hours totals taken from the units it left
 * and added to those it joined, its volunteers' markers with them. */
int shifts_unit_moved(struct ctx *cx, int64_t unit_id, const char *old_path, const char *new_path);

void shifts_api_register(void);
int shifts_demo(struct ctx *cx);

#endif
