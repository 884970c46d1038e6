/* The bounds of the honours' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_HONOURS_LIMITS_H
#define LINLI_HONOURS_LIMITS_H

#include "base/limits.h"

enum honours_limit {
	L_HON_RULE_NAME, L_HON_RULE_POINTS, L_HON_RULE_CAP, L_HON_NOTE, L_HON_QUANTITY,
	L_HON_BULK, L_HON_KIND_NAME, L_HON_KIND_DESCRIPTION, L_HON_REASON, L_HON_OBJECTION,
	L_HON_CONTACT_NAME, L_HON_REPLY, L_HON_NOTICE_DAYS,
	L_HONOURS__COUNT
};

/* Indexed by enum honours_limit, ended by {NULL}. */
extern const struct limit honours_limits[];

/* Objections a phone may lodge in an hour (every server counts them, in the database). */
#define HON_OBJECTIONS_PER_PHONE_HOUR 5

#endif
