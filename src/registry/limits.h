/* The bounds of the registry's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_REGISTRY_LIMITS_H
#define LINLI_REGISTRY_LIMITS_H

#include "base/limits.h"

enum registry_limit {
	L_RESIDENT_NAME, L_HOUSEHOLD_ADDRESS, L_EVENT_NOTE, L_REVEAL_REASON, L_TAG_NAME,
	L_REGISTRY__COUNT
};

/* Indexed by enum registry_limit, ended by {NULL}. */
extern const struct limit registry_limits[];

/* Reveals of clear values a person may ask for in an hour (on every server together). */
#define REVEALS_PER_HOUR 30

#endif
