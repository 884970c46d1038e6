/* xlsx: a small, strict reader of the first worksheet of an XLSX file (a zip of XML), for
 * imports: every cell as text (shared strings, inline strings, numbers as written). Bounded in
 * every way a hostile file could try: the zip's entries and their sizes, packed and unpacked,
 * the ratio between them (zip bombs), rows, columns and the length of a cell. */
#ifndef LINLI_XLSX_H
#define LINLI_XLSX_H

#include <stddef.h>

#include "base/arena.h"

#define XLSX_MAX_ENTRIES 1000
#define XLSX_MAX_UNPACKED (64u << 20)   /* bytes of one part, unpacked */
#define XLSX_MAX_RATIO 200              /* unpacked bytes per packed byte */
#define XLSX_MAX_COLS 64
#define XLSX_MAX_CELL 4096

/* Called for each row that has cells, in order: its number (from 1) and its cells by column
 * (empty strings where the sheet has none), on the arena. Returning < 0 stops the reading. */
typedef int (*xlsx_row_fn)(void *arg, size_t row, char **cells, size_t n);

/* Read the first worksheet: 0, or -1 with a message key in why (xlsx_zip, xlsx_limits,
 * xlsx_sheet, xlsx_xml) or the callback's stop. At most max_rows rows. */
int xlsx_read(struct arena *a, const char *data, size_t len, size_t max_rows, xlsx_row_fn fn,
	      void *arg, char *why, size_t whyn);

#endif
