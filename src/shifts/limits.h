/* The bounds of the shifts' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_SHIFTS_LIMITS_H
#define LINLI_SHIFTS_LIMITS_H

#include "base/limits.h"

enum shifts_limit {
	L_ACT_TITLE, L_ACT_DESCRIPTION, L_ACT_PLACE, L_ACT_GRACE,
	L_SHIFT_ROLE, L_SHIFT_CAPACITY, L_SHIFT_MINUTES,
	L_HOURS_REASON,
	L_SHIFTS__COUNT
};

/* Indexed by enum shifts_limit, ended by {NULL}. */
extern const struct limit shifts_limits[];

/* The check-in code's time step, and the steps it is accepted for (the current and the one
 * before it), so that a code a minute old still works and a screenshot soon stops. */
#define SHIFT_CODE_STEP 60
#define SHIFT_CODE_DIGITS 8
/* Wrong check-in codes a volunteer may send a minute before every try is refused (429) until
 * the minute is over: eight digits cannot be guessed ten at a time. */
#define SHIFT_CODE_WRONG_PER_MINUTE 10

#endif
