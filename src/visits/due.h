/* due: the calendar of home visits, as pure functions (no database), and the rule table that
 * turns resident tags into visit plans.
 *
 * Dates are YYYYMMDD integers in Asia/Shanghai. A plan is due on its start date until the
 * first visit that counts (one on or after that date); after that, `interval` days after the
 * last such visit. */
#ifndef LINLI_VISITS_DUE_H
#define LINLI_VISITS_DUE_H

#include <stdbool.h>
#include <stdint.h>

/* Whether d is a real date (years 1900..2999). */
bool due_date_valid(int64_t d);
/* "2026-12-01" → 20261201: 1, or 0 when the text is not a real date in that form. */
int due_date_parse(const char *s, int64_t *out);
/* 20261201 → "2026-12-01" (out: at least 11 bytes). */
void due_date_format(int64_t d, char *out, unsigned n);
/* The date of epoch seconds t in UTC+8. */
int64_t due_date_of(int64_t t);
/* d plus n days (n may be negative). */
int64_t due_date_add(int64_t d, int64_t n);
/* b - a in days. */
int64_t due_days_between(int64_t a, int64_t b);
/* When a plan of `interval` days that starts on `starts_on` is next due, given the last visit
 * that counts (0: none yet). */
int64_t due_next(int64_t starts_on, int64_t last_visit_on, int64_t interval);
/* Days a plan is overdue on `today` (0: due today; negative: not due yet). */
int64_t due_overdue(int64_t next_due, int64_t today);

/* One rule: residents with `tag` are visited every `interval` days, as a plan for the resident
 * or (household: true) for the household they live in. */
struct due_rule {
	const char *tag;
	int interval;
	bool household;
};
/* The rule table, ended by {NULL}. */
extern const struct due_rule due_rules[];
/* The rule for a tag; NULL when the tag makes no plan. */
const struct due_rule *due_rule_for(const char *tag);

#endif
