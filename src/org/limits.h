/* The bounds of org's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_ORG_LIMITS_H
#define LINLI_ORG_LIMITS_H

#include "base/limits.h"

enum org_limit { L_UNIT_NAME, L_UNIT_CODE, L_PLACE_NAME, L_ORG__COUNT };

/* Indexed by enum org_limit, ended by {NULL}. */
extern const struct limit org_limits[];

#endif
