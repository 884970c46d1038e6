/* csv: a strict reader of CSV (RFC 4180 as Excel writes it) in UTF-8: fields separated by
 * commas, records by CRLF, LF or CR; a field in double quotes may hold commas, line breaks and
 * "" for a quote. A byte-order mark at the start is skipped. Limits bound every record: at
 * most CSV_MAX_COLS fields of at most CSV_MAX_FIELD bytes each. */
#ifndef LINLI_CSV_H
#define LINLI_CSV_H

#include <stddef.h>

#include "base/arena.h"

#define CSV_MAX_COLS 64
#define CSV_MAX_FIELD 4096

enum csv_error {
	CSV_OK = 0,
	CSV_QUOTE,        /* a quoted field never ends */
	CSV_AFTER_QUOTE,  /* something other than a comma or a line break after a closing quote */
	CSV_BARE_QUOTE,   /* a quote inside an unquoted field */
	CSV_TOO_MANY,     /* more than CSV_MAX_COLS fields */
	CSV_TOO_LONG,     /* a field longer than CSV_MAX_FIELD */
	CSV_NUL,          /* a NUL byte */
};

struct csv {
	const char *p, *end;
	size_t record;    /* the number of the last record read, from 1 */
	size_t line;      /* the line it started on, from 1 */
	size_t next_line;
	enum csv_error error;
	char field[CSV_MAX_FIELD + 1];
};

void csv_init(struct csv *c, const char *data, size_t len);
/* The next record: 1 with *cells (n of them, on the arena, NUL-terminated) , 0 at the end,
 * -1 on a malformed record (c->error says why; c->line where it started). */
int csv_next(struct csv *c, struct arena *a, char ***cells, size_t *n);
const char *csv_error_key(enum csv_error e);

#endif
