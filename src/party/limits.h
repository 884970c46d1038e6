/* The bounds of party's fields: the one place their numbers are written (base/limits.h). */
#ifndef LINLI_PARTY_LIMITS_H
#define LINLI_PARTY_LIMITS_H

#include "base/limits.h"

enum party_limit { L_PARTY_UNIT_NAME, L_PARTY_LINKS, L_PARTY__COUNT };

/* Indexed by enum party_limit, ended by {NULL}. */
extern const struct limit party_limits[];

#endif
