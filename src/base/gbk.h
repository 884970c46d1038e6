/* gbk: GBK (code page 936), what Excel in China saves a "CSV" as, to and from UTF-8. Two-byte
 * characters (lead 0x81..0xFE, trail 0x40..0xFE but 0x7F), ASCII as itself and 0x80 as the euro
 * sign, as Windows has them; the four-byte sequences of GB 18030 are not read. */
#ifndef LINLI_GBK_H
#define LINLI_GBK_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define GBK_LEADS 126    /* 0x81..0xFE */
#define GBK_TRAILS 191   /* 0x40..0xFE */
extern const uint16_t gbk_table[GBK_LEADS][GBK_TRAILS];

/* Decode GBK into NUL-terminated UTF-8 on the arena: 0, or -1 with *bad the offset of the first
 * byte that is not GBK (a NUL, a lone lead byte, a pair with no character). */
int gbk_to_utf8(struct arena *a, const char *in, size_t len, char **out, size_t *outlen,
		size_t *bad);
/* Encode valid UTF-8 as GBK on the arena; a character GBK has not is written '?' and counted in
 * *replaced. */
void gbk_from_utf8(struct arena *a, const char *in, size_t len, char **out, size_t *outlen,
		   size_t *replaced);

#endif
