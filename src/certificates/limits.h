/* The bounds of the certificates' fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_CERTIFICATES_LIMITS_H
#define LINLI_CERTIFICATES_LIMITS_H

#include "base/limits.h"

enum certificates_limit {
	L_CERT_ISSUER, L_CERT_PERSON, L_CERT_HANDLER, L_CERT_PHONE, L_CERT_REASON, L_CERT_MINUTES,
	L_CERTIFICATES__COUNT
};

/* Indexed by enum certificates_limit, ended by {NULL}. */
extern const struct limit certificates_limits[];

/* The random part of a number (so that numbers cannot be guessed in turn), and the longest
 * period one certificate covers. */
#define CERT_CHECK_CHARS 6
#define CERT_MAX_DAYS 3660

#endif
