/* The bounds of visits' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_VISITS_LIMITS_H
#define LINLI_VISITS_LIMITS_H

#include "base/limits.h"

enum visits_limit {
	L_VISIT_FINDINGS, L_VISIT_FOLLOW_UP_NOTE, L_PLAN_INTERVAL, L_PAIRING_NOTE, L_VISITS__COUNT
};

/* Indexed by enum visits_limit, ended by {NULL}. */
extern const struct limit visits_limits[];

#endif
