/* The registry's spreadsheet: the columns an import reads and an export writes (import.c,
 * export.c), and the routes of both. */
#ifndef LINLI_REGISTRY_SHEET_H
#define LINLI_REGISTRY_SHEET_H

#include "registry/internal.h"

enum sheet_col {
	C_HOUSEHOLD, C_UNIT, C_BUILDING, C_ENTRANCE, C_DWELLING, C_ADDRESS, C_RELATION, C_NAME,
	C_ID_TYPE, C_ID_NUMBER, C_SEX, C_BIRTH, C_ETHNICITY, C_PHONE, C_POPULATION, C_TAGS,
	C_IMPORT__COUNT,
	/* written by an export or an error report, passed over by an import */
	C_RESIDENT_ID = C_IMPORT__COUNT, C_STATUS, C_ERRORS,
	C__COUNT
};

struct sheet_column {
	const char *zh, *en;
	const char *field;     /* the field of the registry's JSON it becomes, for its errors */
	const char *example;   /* the template's example row */
};
extern const struct sheet_column sheet_columns[C__COUNT];

/* At most this many rows a file, and in an export. */
#define IMPORT_MAX_ROWS 100000
#define EXPORT_MAX_ROWS 100000

/* The messages of imports and exports, for the feature's table. */
#define IMPORT_MESSAGES \
	{"import_column_unknown", "第 %ld 列的标题不是模板中的列名", \
	 "has a column heading that is not in the template (column %ld)"}, \
	{"import_column_twice", "第 %ld 列与前面的某一列重复", "repeats an earlier column (column %ld)"}, \
	{"import_no_name", "缺少“姓名”列", "lacks the 姓名 (Name) column"}, \
	{"import_too_many", "一个文件最多 %ld 行，请分成几个文件导入", \
	 "has more than %ld rows: split it into several files"}, \
	{"import_not_utf8", "从第 %ld 行起不是 UTF-8 文字；Excel 另存的 CSV 多为 GBK 编码，请选择 GBK 或自动识别", \
	 "is not UTF-8 from row %ld on: a CSV saved by Excel in China is GBK; send encoding=gbk or auto"}, \
	{"import_not_gbk", "从第 %ld 行起既不是 UTF-8 也不是 GBK 文字", \
	 "is neither UTF-8 nor GBK from row %ld on"}, \
	{"import_empty", "文件中没有标题行", "has no header row"}, \
	{"import_duplicate", "与第 %ld 行的证件号码相同", "is the same as in row %ld"}, \
	{"import_household_differs", "与同一户第 %ld 行的住址或网格不一致", \
	 "differs from the first row of its household (row %ld)"}, \
	{"import_household_failed", "同一户的其他行有误，该户未导入", \
	 "not imported: another row of its household has errors"}, \
	{"import_id_as_number", "被 Excel 当作数字保存，末几位已丢失；请把该列设为文本后重新填写", \
	 "was saved by Excel as a number and lost its last digits: format the column as text and type it again"}, \
	{"csv_quote", "第 %ld 行的引号没有闭合", "has a quote that never closes (row %ld)"}, \
	{"csv_after_quote", "第 %ld 行的右引号后还有其他字符", "has characters after a closing quote (row %ld)"}, \
	{"csv_bare_quote", "第 %ld 行不带引号的单元格中有引号", "has a quote inside an unquoted cell (row %ld)"}, \
	{"csv_too_many", "第 %ld 行超过 64 列", "has more than 64 columns (row %ld)"}, \
	{"csv_too_long", "第 %ld 行有超过 4096 字节的单元格", "has a cell longer than 4096 bytes (row %ld)"}, \
	{"csv_nul", "第 %ld 行含有空字符", "holds a NUL byte (row %ld)"}, \
	{"xlsx_zip", "不是有效的 XLSX 文件", "is not a valid XLSX file"}, \
	{"xlsx_limits", "XLSX 文件过大或解压后过大", "is an XLSX file too large, or too large unpacked"}, \
	{"xlsx_sheet", "XLSX 文件中找不到工作表", "has no worksheet"}, \
	{"xlsx_xml", "XLSX 工作表的内容无法读取", "has a worksheet that cannot be read"}, \
	{"export_too_many", "符合条件的居民有 %ld 位，一次最多导出 100000 位，请缩小筛选范围", \
	 "matches %ld residents; an export holds at most 100000: narrow the filter"}

/* How a file is read: its format (base/table.h), encoding (utf-8, gbk, auto) and mode. */
struct import_opts {
	int format;
	const char *encoding, *mode;
};
/* Read, judge and write one file as import `id` (its row made by the handler), then record its
 * end there: 0 with *out its answer and *refused when nothing was imported for the errors of an
 * all-or-nothing import; -1 with cx->err when the file cannot be read, the database fails or
 * (background) the server is stopping, the row then saying failed or interrupted. */
int registry_import_file(struct ctx *cx, int64_t id, const struct import_opts *o,
			 const char *data, size_t len, bool background, json_t **out, bool *refused);
/* Import `id` run by the tasks' thread (import_task.c), as the actor of cx: the file and the
 * options are copied. 0, or -1 with cx->err (503 while the queue is full). */
int registry_import_later(struct ctx *cx, int64_t id, const struct import_opts *o,
			  const char *data, size_t len);
/* What this process knows of the imports it runs: rows done of rows (0 until the file is
 * read). _of: 1 and the figures when it runs import id here, else 0. */
void registry_import_progress(int64_t id, size_t done, size_t rows);
void registry_import_progress_end(int64_t id);
int registry_import_progress_of(int64_t id, size_t *done, size_t *rows);

struct req;
struct resp;
int registry_import_template(struct ctx *cx, struct req *rq, struct resp *rs);
int registry_import(struct ctx *cx, struct req *rq, struct resp *rs);
int registry_import_get(struct ctx *cx, struct req *rq, struct resp *rs);
int registry_import_errors(struct ctx *cx, struct req *rq, struct resp *rs);
int registry_export(struct ctx *cx, struct req *rq, struct resp *rs);
/* The residents list's filter from the query (registry_api.c). */
int registry_read_filter(struct ctx *cx, struct req *rq, struct resident_filter *f);

/* A file answer: the bytes, their type and a name "<stem>-DATE.<ext>"; a CSV in GBK when asked. */
int sheet_send(struct ctx *cx, struct resp *rs, int format, bool gbk, const char *data,
	       size_t len, const char *stem);
/* encoding=utf-8|gbk of a download: 1 GBK, 0 UTF-8, -1 a field error. */
int sheet_encoding(struct ctx *cx, struct req *rq, int format, bool *gbk);

#endif
