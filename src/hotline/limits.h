/* The bounds of the hotline's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_HOTLINE_LIMITS_H
#define LINLI_HOTLINE_LIMITS_H

#include "base/limits.h"

enum hotline_limit {
	L_HL_PLATFORM_NAME, L_HL_PLATFORM_CODE, L_HL_CALLBACK_URL, L_HL_CATEGORY,
	L_HL_CATEGORY_NAME, L_HL_TICKET, L_HL_KEY, L_HL_TITLE, L_HL_TEXT, L_HL_ADDRESS,
	L_HL_CALLER_NAME, L_HL__COUNT
};

/* Indexed by enum hotline_limit, ended by {NULL}. */
extern const struct limit hotline_limits[];

#endif
