#include "base/table.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct table {
	struct arena *a;
	enum table_format f;
	size_t ncols;
	struct buf csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_row_t row;
	char path[64];
};

static void csv_cell(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (quote || formula)
		buf_add(b, "\"", 1);
	if (formula)
		buf_add(b, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	if (quote || formula)
		buf_add(b, "\"", 1);
}

static void csv_row(struct table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			buf_add(&t->csv, ",", 1);
		csv_cell(&t->csv, cells[i]);
	}
	buf_add(&t->csv, "\r\n", 2);
}

struct table *table_new(struct arena *a, enum table_format f, const char *sheet,
			const char *const *header, size_t ncols)
{
	struct table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->a = a, t->f = f, t->ncols = ncols;
	if (f == TABLE_CSV) {
		buf_init(&t->csv, a);
		buf_add(&t->csv, "\xEF\xBB\xBF", 3);
		csv_row(t, header);
		return t;
	}
	/* libxlsxwriter 1.1.4 writes to a file: a private one, read back and removed at the end */
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir || strlen(dir) + sizeof "/linli-xlsx-XXXXXX" > sizeof t->path)
		dir = P_tmpdir;
	snprintf(t->path, sizeof t->path, "%s/linli-xlsx-XXXXXX", dir);
	int fd = mkstemp(t->path);
	if (fd < 0) {
		free(t);
		return NULL;
	}
	close(fd);
	lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	t->wb = workbook_new_opt(t->path, &o);
	t->ws = t->wb ? workbook_add_worksheet(t->wb, sheet) : NULL;
	if (!t->ws) {
		if (t->wb)
			workbook_close(t->wb);
		unlink(t->path);
		free(t);
		return NULL;
	}
	t->head = workbook_add_format(t->wb);
	format_set_bold(t->head);
	worksheet_set_column(t->ws, 0, (lxw_col_t)(ncols ? ncols - 1 : 0), 18, NULL);
	for (size_t i = 0; i < ncols; i++)
		worksheet_write_string(t->ws, 0, (lxw_col_t)i, header[i] ? header[i] : "", t->head);
	worksheet_freeze_panes(t->ws, 1, 0);
	t->row = 1;
	return t;
}

void table_row(struct table *t, const char *const *cells)
{
	if (t->f == TABLE_CSV) {
		csv_row(t, cells);
		return;
	}
	for (size_t i = 0; i < t->ncols; i++)
		if (cells[i] && *cells[i])
			worksheet_write_string(t->ws, t->row, (lxw_col_t)i, cells[i], NULL);
	t->row++;
}

int table_finish(struct table *t, const char **data, size_t *len)
{
	int rc = 0;
	if (t->f == TABLE_CSV) {
		*data = buf_str(&t->csv);
		*len = t->csv.len;
		free(t);
		return 0;
	}
	if (workbook_close(t->wb) != LXW_NO_ERROR) {
		rc = -1;
	} else {
		FILE *fp = fopen(t->path, "rb");
		long n = -1;
		if (fp && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
			char *p = arena_alloc(t->a, (size_t)n + 1);
			if (fread(p, 1, (size_t)n, fp) == (size_t)n) {
				*data = p;
				*len = (size_t)n;
			} else {
				rc = -1;
			}
		} else {
			rc = -1;
		}
		if (fp)
			fclose(fp);
	}
	unlink(t->path);
	free(t);
	return rc;
}

enum table_format table_format_parse(const char *s)
{
	return !s ? 0 : !strcmp(s, "csv") ? TABLE_CSV : !strcmp(s, "xlsx") ? TABLE_XLSX : 0;
}

const char *table_content_type(enum table_format f)
{
	return f == TABLE_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8";
}

const char *table_extension(enum table_format f) { return f == TABLE_XLSX ? "xlsx" : "csv"; }
