/* The bounds of the volunteers' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_VOLUNTEERS_LIMITS_H
#define LINLI_VOLUNTEERS_LIMITS_H

#include "base/limits.h"

enum volunteers_limit {
	L_VOL_NAME, L_VOL_NOTE, L_VOL_SKILLS, L_VOL_REASON, L_VOL_REVEAL_REASON,
	L_TEAM_NAME, L_TEAM_DESCRIPTION,
	L_COURSE_CODE, L_COURSE_NAME, L_COURSE_DESCRIPTION, L_COURSE_VALIDITY,
	L_SESSION_PLACE, L_SESSION_TRAINER, L_SESSION_CAPACITY, L_SESSION_NOTE,
	L_QUAL_REASON,
	L_VOLUNTEERS__COUNT
};

/* Indexed by enum volunteers_limit, ended by {NULL}. */
extern const struct limit volunteers_limits[];

#endif
