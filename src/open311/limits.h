/* The bounds of Open311's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_OPEN311_LIMITS_H
#define LINLI_OPEN311_LIMITS_H

#include "base/limits.h"

enum open311_limit {
	L_O311_CODE, L_O311_DATATYPE_DESCRIPTION, L_O311_DESCRIPTION, L_O311_ORDER, L_O311_VALUES,
	L_O311_VALUE_KEY, L_O311_VALUE_NAME, L_O311_ANSWER, L_O311_TEXT_ANSWER, L_O311_EMAIL,
	L_O311_DEVICE_ID, L_O311_NAME, L_O311_MEDIA_URL, L_O311_ADDRESS_ID, L_O311_JURISDICTION,
	L_O311_REQUEST_DESCRIPTION, L_O311_ADDRESS,
	L_O311__COUNT
};

/* Indexed by enum open311_limit, ended by {NULL}. */
extern const struct limit open311_limits[];

#endif
