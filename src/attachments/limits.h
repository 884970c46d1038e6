/* The bounds of the attachments' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_ATTACHMENTS_LIMITS_H
#define LINLI_ATTACHMENTS_LIMITS_H

#include "base/limits.h"

enum attachments_limit { L_ATT_NAME, L_ATT_PER_ENTITY, L_ATTACHMENTS__COUNT };

/* Indexed by enum attachments_limit, ended by {NULL}. */
extern const struct limit attachments_limits[];

#endif
