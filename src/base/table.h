/* table: a sheet of text cells written out as CSV or XLSX, for every export of the console
 * ("导出 Excel"). CSV is UTF-8 with a byte-order mark, which Excel in China opens as UTF-8;
 * cells starting with = + - @ are prefixed with ' so that a spreadsheet never runs them as a
 * formula (CSV injection). XLSX is written with libxlsxwriter, every cell as text. The result
 * is a buffer on the arena. */
#ifndef LINLI_TABLE_H
#define LINLI_TABLE_H

#include <stddef.h>

#include "base/arena.h"

enum table_format { TABLE_CSV = 1, TABLE_XLSX = 2 };

struct table;

/* A new table with its header row; NULL on failure (XLSX: no temporary file could be made). */
struct table *table_new(struct arena *a, enum table_format f, const char *sheet,
			const char *const *header, size_t ncols);
/* One row of ncols cells (NULL is an empty cell). */
void table_row(struct table *t, const char *const *cells);
/* Finish: the file's bytes in *data, on the arena. 0, or -1 when writing failed. Frees t. */
int table_finish(struct table *t, const char **data, size_t *len);

/* "csv" / "xlsx" → the format; 0 for anything else. Its content type and file extension. */
enum table_format table_format_parse(const char *s);
const char *table_content_type(enum table_format f);
const char *table_extension(enum table_format f);

#endif
