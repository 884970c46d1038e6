/* The bounds of requests' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_REQUESTS_LIMITS_H
#define LINLI_REQUESTS_LIMITS_H

#include "base/limits.h"

enum requests_limit {
	L_RQ_TITLE, L_RQ_BODY, L_RQ_NAME, L_RQ_ADDRESS, L_RQ_COMMENT, L_RQ_RESULT,
	L_RQ_RECEIPT, L_RQ_DEPARTMENT, L_RQ_REVEAL_REASON,
	L_RQ_CONTACT, L_RQ_RULE_NOTE, L_RQ__COUNT
};

/* Indexed by enum requests_limit, ended by {NULL}. */
extern const struct limit requests_limits[];

#endif
