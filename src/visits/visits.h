/* visits: home visits (走访) to households and residents, the plans that say how often each is
 * visited, and one-to-one pairings (一对一帮扶) of a volunteer or party member with a resident.
 *
 *   - Who: grid workers, grid leaders and staff record and read visits within their scope
 *     (visits.read / visits.write); grid leaders, staff and administrators keep plans and
 *     pairings (visits.plan); volunteers and party members (visits.paired) record and read the
 *     visits of the residents paired with them, scope or not, and nothing else.
 *   - Scope: a household or resident is found through the registry's scoped look-ups, so one
 *     outside the caller's scope is 404; lists are filtered in SQL by the unit kept with each
 *     row, and never include what the caller may not see.
 *   - Plans: by rule from tags (visits/due.c: every 2 days for 独居老人, weekly for 重点户, ...),
 *     kept in step daily by the job `visit_rules`, or by hand. A plan is due on its start date,
 *     then `interval_days` after the last visit that counts: a visit to the subject, by anyone
 *     (paired volunteers included), on or after the plan's start. For a resident's plan a visit
 *     to their household as a whole counts too.
 *   - Visits are edited only by their visitor, within 24 hours, with the version read. */
#ifndef LINLI_VISITS_H
#define LINLI_VISITS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

#define VISITS_EDIT_SECONDS (24 * 3600)

struct visit {
	int64_t id, household_id, resident_id, unit_id;
	const char *mode;             /* in_person, phone, video */
	int64_t visited_on;           /* YYYYMMDD */
	const char *visited_time;     /* "HH:MM" or NULL */
	int64_t visitor_id;
	const char *visitor_name;
	const char *findings;
	bool follow_up_needed;
	const char *follow_up_note;   /* NULL when none */
	int64_t follow_up_due;        /* YYYYMMDD, 0 when none */
	int64_t created_at, updated_at, version;
	int64_t follow_up_done_on;    /* YYYYMMDD, 0 while open (or none needed) */
	const char *follow_up_done_by_name;
	const char *follow_up_result; /* NULL until done */
};

struct visit_filter {
	int64_t household_id, resident_id, visitor_id, unit_id;
	int64_t from, to;             /* YYYYMMDD bounds of visited_on, 0: open */
	int follow_up;                /* -1 any, 0 without, 1 with a follow-up, 2 with one open */
	int limit;
	int64_t cursor;               /* ids below it: newest first */
};

/* POST {household_id?, resident_id?, mode, visited_on, visited_time?, findings,
 * follow_up_needed?, follow_up_note?, follow_up_due?}: visit.create. */
int visits_create(struct ctx *cx, json_t *body, struct visit *out);
/* PATCH {version, ...the same fields but the subject}: visit.update, own visit within 24 h. */
int visits_update(struct ctx *cx, int64_t id, json_t *patch, struct visit *out);
int visits_get(struct ctx *cx, int64_t id, struct visit *out);
/* POST …/follow-up {version, result, done_on?}: the follow-up done (visit.follow_up_done), by
 * its visitor or anyone who may record visits for its subject; 409 when none was needed or it
 * is done already. */
int visits_follow_up_done(struct ctx *cx, int64_t id, json_t *body, struct visit *out);
int visits_list(struct ctx *cx, const struct visit_filter *f, struct visit **items, size_t *n,
		int64_t *next_cursor);
json_t *visit_json(struct ctx *cx, const struct visit *v);

struct visit_plan {
	int64_t id, household_id, resident_id, unit_id;
	int64_t interval_days;
	const char *source;           /* rule, manual */
	const char *rule_code;        /* the tag, for a rule plan */
	bool active;
	int64_t starts_on, last_visit_on, next_due;
	int64_t assigned_user_id;
	const char *assigned_name;
	int64_t created_at, updated_at, version;
};

struct plan_filter {
	int64_t household_id, resident_id, unit_id, assigned_user_id;
	const char *source;           /* NULL: any */
	int active;                   /* -1 any, 0 ended, 1 active (default) */
	bool overdue;                 /* only those due before today */
	int limit;
	int64_t cursor;
};

/* POST {household_id | resident_id, interval_days, starts_on?, assigned_user_id?}: a manual
 * plan (visit_plan.create), which takes over from a rule plan of the same subject. */
int plans_create(struct ctx *cx, json_t *body, struct visit_plan *out);
/* PATCH {version, interval_days?, assigned_user_id?, active?}: visit_plan.update. */
int plans_update(struct ctx *cx, int64_t id, json_t *patch, struct visit_plan *out);
int plans_get(struct ctx *cx, int64_t id, struct visit_plan *out);
int plans_list(struct ctx *cx, const struct plan_filter *f, struct visit_plan **items, size_t *n,
	       int64_t *next_cursor);
json_t *plan_json(struct ctx *cx, const struct visit_plan *p);

/* The caller's plans due today or overdue, most overdue first: those assigned to them, those of
 * residents paired with them, and the unassigned ones in their scope. cursor: the key of the
 * last item of the previous page. Each item as the phone shows it: {plan, subject: {address,
 * name (masked), tags}, days_overdue, last_visit}. */
int plans_due(struct ctx *cx, int limit, int64_t cursor, json_t **items, int64_t *next_cursor);

/* Bring the rule plans in step with the residents' tags (every unit): the job and
 * POST /api/v1/visit-plans/sync. Returns plans changed, or -1. */
int64_t plans_sync_rules(struct ctx *cx);
int64_t visits_rules_job(struct store *db, int64_t now);
/* After a visit to household / resident (either 0): recompute their active plans. */
int plans_refresh(struct ctx *cx, int64_t household_id, int64_t resident_id);

struct pairing {
	int64_t id, user_id, resident_id, unit_id;
	const char *user_name, *user_role;
	int64_t since, until;         /* YYYYMMDD; until 0 while paired */
	const char *note;
	int64_t created_at, updated_at, version;
};
struct pairing_filter {
	int64_t user_id, resident_id, unit_id;
	int active;                   /* -1 any, 0 ended, 1 active (default) */
	int limit;
	int64_t cursor;
};
/* POST {user_id, resident_id, since?, note?}: pairing.create; the user a volunteer or party
 * member. */
int pairings_create(struct ctx *cx, json_t *body, struct pairing *out);
/* POST /pairings/{id}/end {version, until?}: pairing.end. */
int pairings_end(struct ctx *cx, int64_t id, json_t *body, struct pairing *out);
int pairings_get(struct ctx *cx, int64_t id, struct pairing *out);
int pairings_list(struct ctx *cx, const struct pairing_filter *f, struct pairing **items,
		  size_t *n, int64_t *next_cursor);
json_t *pairing_json(struct ctx *cx, const struct pairing *p);
/* Whether user is paired with the resident now: 1, 0, -1 on error. */
int pairings_active(struct ctx *cx, int64_t user_id, int64_t resident_id);

void visits_api_register(void);

#endif
