#include "base/csv.h"

#include <string.h>

void csv_init(struct csv *c, const char *data, size_t len)
{
	*c = (struct csv){.p = data, .end = data + len, .next_line = 1};
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
}

static int fail(struct csv *c, enum csv_error e)
{
	c->error = e;
	c->p = c->end;   /* nothing more is read after a malformed record */
	return -1;
}

int csv_next(struct csv *c, struct arena *a, char ***cells, size_t *n)
{
	if (c->error || c->p >= c->end)
		return 0;
	c->record++;
	c->line = c->next_line;
	char *tmp[CSV_MAX_COLS];
	char *field = c->field;
	size_t k = 0, flen = 0;
	const char *p = c->p;
	for (;;) {
		/* one field */
		flen = 0;
		if (p < c->end && *p == '"') {
			p++;
			for (;;) {
				if (p >= c->end)
					return fail(c, CSV_QUOTE);
				char ch = *p++;
				if (ch == '"') {
					if (p < c->end && *p == '"') {
						p++;
					} else {
						break;
					}
				} else if (ch == '\0') {
					return fail(c, CSV_NUL);
				} else if (ch == '\n' || (ch == '\r' && (p >= c->end || *p != '\n'))) {
					c->next_line++;
				}
				if (flen == CSV_MAX_FIELD)
					return fail(c, CSV_TOO_LONG);
				field[flen++] = ch;
			}
			if (p < c->end && *p != ',' && *p != '\r' && *p != '\n')
				return fail(c, CSV_AFTER_QUOTE);
		} else {
			while (p < c->end && *p != ',' && *p != '\r' && *p != '\n') {
				if (*p == '"')
					return fail(c, CSV_BARE_QUOTE);
				if (*p == '\0')
					return fail(c, CSV_NUL);
				if (flen == CSV_MAX_FIELD)
					return fail(c, CSV_TOO_LONG);
				field[flen++] = *p++;
			}
		}
		if (k == CSV_MAX_COLS)
			return fail(c, CSV_TOO_MANY);
		tmp[k++] = arena_strndup(a, field, flen);
		if (p < c->end && *p == ',') {
			p++;
			continue;
		}
		break;
	}
	/* the line break */
	if (p < c->end && *p == '\r')
		p++;
	if (p < c->end && *p == '\n')
		p++;
	c->next_line++;
	c->p = p;
	char **out = arena_alloc(a, k * sizeof *out);
	memcpy(out, tmp, k * sizeof *out);
	*cells = out;
	*n = k;
	return 1;
}

const char *csv_error_key(enum csv_error e)
{
	switch (e) {
	case CSV_QUOTE: return "csv_quote";
	case CSV_AFTER_QUOTE: return "csv_after_quote";
	case CSV_BARE_QUOTE: return "csv_bare_quote";
	case CSV_TOO_MANY: return "csv_too_many";
	case CSV_TOO_LONG: return "csv_too_long";
	case CSV_NUL: return "csv_nul";
	default: return "invalid";
	}
}
