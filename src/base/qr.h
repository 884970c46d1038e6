/* qr: QR codes (ISO/IEC 18004, by libqrencode) as SVG and PNG, for the links a resident scans:
 * a request's rating, a service hall's standing code. Error correction M, 8-bit mode (a URL as
 * it is), a quiet zone of four modules. */
#ifndef LINLI_QR_H
#define LINLI_QR_H

#include <stddef.h>

#include "base/arena.h"

#define QR_MAX_TEXT 1024          /* bytes of text a code holds, here */
#define QR_QUIET 4                /* modules of white around it */

/* The code of text as an SVG document on the arena (NUL-terminated), its size in `scale`
 * pixels a module (1..20); NULL when the text is empty, too long or cannot be encoded. */
char *qr_svg(struct arena *a, const char *text, int scale);
/* The same as a PNG (8-bit grey), its bytes in *len. */
unsigned char *qr_png(struct arena *a, const char *text, int scale, size_t *len);

#endif
