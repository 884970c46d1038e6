/* What the files of the certificates share (not for other features). */
#ifndef LINLI_CERTIFICATES_INTERNAL_H
#define LINLI_CERTIFICATES_INTERNAL_H

#include "certificates/certificates.h"
#include "certificates/limits.h"

#endif
