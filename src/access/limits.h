/* The bounds of access's fields: the one place their numbers are written (base/limits.h). */
#ifndef LINLI_ACCESS_LIMITS_H
#define LINLI_ACCESS_LIMITS_H

#include "base/limits.h"

enum access_limit {
	L_USERNAME, L_DISPLAY_NAME, L_PASSWORD, L_TOKEN_NAME, L_SITE_NAME, L_LOGIN_MAX_FAILURES,
	L_LOGIN_LOCK_MINUTES, L_SESSION_IDLE_MINUTES, L_SESSION_ABSOLUTE_HOURS,
	L_AUDIT_RETENTION_DAYS, L__COUNT
};

/* Indexed by enum access_limit, ended by {NULL}. */
extern const struct limit access_limits[];

#endif
