/* The bounds of the outbox's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_NOTIFY_LIMITS_H
#define LINLI_NOTIFY_LIMITS_H

#include "base/limits.h"

enum notify_limit { L_NOTIFY_NAME, L_NOTIFY_URL, L_NOTIFY_SECRET, L_NOTIFY_RULES, L_NOTIFY__COUNT };

/* Indexed by enum notify_limit, ended by {NULL}. */
extern const struct limit notify_limits[];

#endif
