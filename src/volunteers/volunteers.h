/* volunteers: volunteer registration (志愿者注册), approval, teams (志愿服务队), training (培训) and
 * qualifications (持证上岗).
 *
 *   - A volunteer registers on the public phone form or is registered by staff; their
 *     community's staff approve (an account with the volunteer role, scoped to the community,
 *     its temporary password shown once; a volunteer number: the community's code and a count)
 *     or reject them with a reason. An approved volunteer is active, paused or left.
 *   - The phone and the ID number are sealed at rest with the registry's keys, masked in every
 *     answer, and shown in clear only through a reveal with a reason, audited, within the
 *     hour's reveals (registry_reveal_budget).
 *   - Scope: a volunteer belongs to a community; staff (volunteers.write) and grid leaders
 *     (volunteers.read) see the volunteers of the units they serve, anything else is 404 and
 *     in no list or count. A volunteer reads their own record (volunteers_me).
 *   - Training: courses (the deployment's or a unit's), sessions held by a unit, attendance
 *     recorded by the organiser, which grants the course's qualification for its validity;
 *     staff grant and revoke qualifications too, with a reason, never deleting one.
 *
 * Other features (shifts, hours, certificates, points) use the look-ups below, never the
 * tables: they take no access check, so the caller judges its own. */
#ifndef LINLI_VOLUNTEERS_H
#define LINLI_VOLUNTEERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum volunteer_approval { VOLUNTEER_PENDING, VOLUNTEER_APPROVED, VOLUNTEER_REJECTED };
enum volunteer_status { VOLUNTEER_NONE, VOLUNTEER_ACTIVE, VOLUNTEER_PAUSED, VOLUNTEER_LEFT };

struct volunteer {
	int64_t id, unit_id, resident_id, user_id;   /* 0: none */
	const char *unit_name, *unit_code, *unit_path;
	const char *number;          /* "510104020001-0007"; NULL until approved */
	const char *name;
	const char *phone_masked;    /* 154****1234 */
	const char *id_type;         /* NULL when no ID was given */
	const char *id_masked;       /* 110***********1234, or NULL */
	const char *skills;          /* comma list of codes (volunteer_skill_valid) */
	const char *availability;    /* comma list of codes */
	const char *note;
	const char *source;          /* public, staff */
	enum volunteer_approval approval;
	enum volunteer_status status;
	const char *reject_reason;   /* when rejected */
	int64_t decided_by, decided_at;
	int64_t created_at, updated_at, version;
};

/* "pending", ...; "active", ... ("" for VOLUNTEER_NONE). */
const char *volunteer_approval_name(enum volunteer_approval a);
const char *volunteer_status_name(enum volunteer_status s);

/* Look-ups without an access check: 1 found, 0 not, -1 error. By the account (the volunteer
 * role's own), and by the registry's resident (the newest registration that is not rejected). */
int volunteers_by_id(struct ctx *cx, int64_t id, struct volunteer *out);
int volunteers_by_user(struct ctx *cx, int64_t user_id, struct volunteer *out);
int volunteers_by_resident(struct ctx *cx, int64_t resident_id, struct volunteer *out);
/* The volunteer with the number: 1, 0, -1. */
int volunteers_by_number(struct ctx *cx, const char *number, struct volunteer *out);
/* Whether the volunteer may serve: approved and active. */
bool volunteers_serving(const struct volunteer *v);
/* 持证上岗: whether the volunteer holds a qualification for the course that is not revoked and
 * holds on date (YYYYMMDD: granted on or before it, expiring on or after it). 1 yes, 0 no, -1
 * error. *expires_on (when not NULL) receives the expiry of the one found. */
int volunteers_qualified(struct ctx *cx, int64_t volunteer_id, int64_t course_id, int date,
			 int *expires_on);
/* Team membership on date (YYYYMMDD; 0: today): 1 a member (*leader true when a leader), 0
 * not, -1 error. */
int volunteers_team_member(struct ctx *cx, int64_t team_id, int64_t volunteer_id, int date,
			   bool *leader);
/* With the access check: 0, or -1 with 404 when missing or outside the scope (403 when the
 * role lacks volunteers.read). */
int volunteers_get(struct ctx *cx, int64_t id, struct volunteer *out);

/* Lists within scope, paged by id (newest first). A filter field 0 / NULL does not filter. */
struct volunteer_filter {
	int64_t unit_id;             /* this unit and those below it */
	const char *approval, *status, *skill, *q;   /* q: a part of the name or the number */
	int64_t team_id;             /* serving in this team now */
	int limit;
	int64_t cursor;
};
int volunteers_list(struct ctx *cx, const struct volunteer_filter *f, struct volunteer **items,
		    size_t *n, int64_t *next_cursor);
int volunteers_count(struct ctx *cx, const struct volunteer_filter *f, int64_t *count);
/* The dashboard's count of the volunteers registered now in a unit and below it, without an
 * access check (the caller judges its own): *active approved and active, *pending awaiting
 * approval. Read from the counts kept for each community (volunteer_tallies: every write of a
 * volunteer adds its difference in its transaction), some rows a community. 0, or -1 with
 * cx->err. */
int volunteers_tally(struct ctx *cx, int64_t unit_id, int64_t *active, int64_t *pending);

/* Writes take the request's JSON and judge every field (docs/openapi.yaml). */
int volunteers_create(struct ctx *cx, json_t *body, struct volunteer *out);
int volunteers_update(struct ctx *cx, int64_t id, json_t *patch, struct volunteer *out);
/* Approval: {version, resident_id?}: the account's username and temporary password in
 * *account ({username, password}), shown once. Rejection: {version, reason}. */
int volunteers_approve(struct ctx *cx, int64_t id, json_t *body, struct volunteer *out,
		       json_t **account);
int volunteers_reject(struct ctx *cx, int64_t id, json_t *body, struct volunteer *out);
/* {reason} → {id, phone, id_number}. */
int volunteers_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out);
/* The caller's own record (the volunteer role): 404 when they are no volunteer. */
int volunteers_me(struct ctx *cx, struct volunteer *out);
/* The public form (no login): at most public_rate a minute from one address; a phone already
 * registered writes nothing and is answered as a new one, so the form tells nobody who is a
 * volunteer. 0, or -1 with cx->err. */
int volunteers_register_public(struct ctx *cx, json_t *body);
void volunteers_set_public_rate(unsigned per_minute);
json_t *volunteer_json(struct ctx *cx, const struct volunteer *v);

/* Teams. */
struct volunteer_team {
	int64_t id, unit_id;
	const char *unit_name, *unit_path, *name, *kind, *description;
	bool active;
	int64_t members, leaders;    /* serving now */
	int64_t created_at, updated_at, version;
};
int volunteer_teams_list(struct ctx *cx, int64_t unit_id, int64_t volunteer_id, bool all,
			 struct volunteer_team **items, size_t *n);
int volunteer_team_get(struct ctx *cx, int64_t id, struct volunteer_team *out);
int volunteer_team_create(struct ctx *cx, json_t *body, struct volunteer_team *out);
int volunteer_team_update(struct ctx *cx, int64_t id, json_t *patch, struct volunteer_team *out);
/* Members serving now (all: those who left too): [{volunteer_id, name, number, role, since,
 * until}]. Add {volunteer_id, role?, since?}; end {until?}. */
int volunteer_team_members(struct ctx *cx, int64_t id, bool all, json_t **out);
int volunteer_team_add(struct ctx *cx, int64_t id, json_t *body, json_t **out);
int volunteer_team_end(struct ctx *cx, int64_t id, int64_t volunteer_id, json_t *body);
json_t *volunteer_team_json(const struct volunteer_team *t);

/* Training: courses, sessions, attendance, qualifications (as JSON: the shapes are the API's). */
int trainings_courses_list(struct ctx *cx, bool all, json_t **out);
int trainings_course_create(struct ctx *cx, json_t *body, json_t **out);
int trainings_course_update(struct ctx *cx, int64_t id, json_t *patch, json_t **out);
/* The course's validity in months: 1, 0 (no such course), -1. */
int trainings_course_validity(struct ctx *cx, int64_t course_id, int64_t *months);
struct training_session_filter {
	int64_t unit_id, course_id;
	int from, to;                /* YYYYMMDD, 0: open */
	int limit;
	int64_t cursor;
};
int trainings_sessions_list(struct ctx *cx, const struct training_session_filter *f, json_t **items,
			    int64_t *next_cursor);
int trainings_session_get(struct ctx *cx, int64_t id, json_t **out);
int trainings_session_create(struct ctx *cx, json_t *body, json_t **out);
int trainings_session_update(struct ctx *cx, int64_t id, json_t *patch, json_t **out);
/* Attendance: [{volunteer_id, name, number, recorded_at}]; record {volunteer_ids}: each an
 * approved volunteer in scope, within the capacity, on or after the session's day; each one
 * new gets the course's qualification from that day. */
int trainings_attendance(struct ctx *cx, int64_t session_id, json_t **out);
int trainings_attend(struct ctx *cx, int64_t session_id, json_t *body, json_t **out);
struct qualification_filter {
	int64_t volunteer_id, course_id, unit_id;
	const char *state;           /* valid, expired, revoked (on `on`), NULL: any */
	int on;                      /* YYYYMMDD the state is judged on; 0: today */
	int limit;
	int64_t cursor;
};
int trainings_qualifications_list(struct ctx *cx, const struct qualification_filter *f,
				  json_t **items, int64_t *next_cursor);
/* Grant {volunteer_id, course_id, granted_on?, expires_on?}; revoke {version, reason}. */
int trainings_qualification_grant(struct ctx *cx, json_t *body, json_t **out);
int trainings_qualification_revoke(struct ctx *cx, int64_t id, json_t *body, json_t **out);
/* The volunteer's training for their record (志愿服务记录), without an access check:
 * {attendance: [{course, on, place, unit}], qualifications: [{course, granted_on, expires_on,
 * state}]}, oldest first. 0, or -1 with cx->err. */
int volunteers_training_record(struct ctx *cx, int64_t volunteer_id, json_t **out);

void volunteers_api_register(void);
int volunteers_demo(struct ctx *cx);
void volunteers_demo_notes(void);

#endif
