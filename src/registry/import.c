/* Import of households and residents from a spreadsheet (CSV in UTF-8 or GBK; XLSX), every row
 * judged by the registry's own rules (registry_household_judge, registry_member_judge: what
 * POST /households and /residents judge), in one transaction. Rows are judged a household at
 * a time and written a batch at a time (BATCH_ROWS): the batch's ID numbers looked for among
 * those registered in one statement, then its good households written by registry_bulk, a
 * statement a table (on PostgreSQL sent without waiting, so that the next batch is judged while
 * the server writes). A household with a bad row is not written; all or nothing by default,
 * with mode=valid the households whose rows are all good are kept. The rows not imported,
 * each with what is wrong with it, are kept sealed for a week as a file to fix and upload
 * again. Each import has a row in registry_imports from its start; with Prefer: respond-async
 * it is answered at once (202) and run by the tasks' thread (import_task.c), its progress
 * asked for with GET …/import/{id}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/gbk.h"
#include "base/jsonw.h"
#include "base/log.h"
#include "base/seal.h"
#include "base/table.h"
#include "base/text.h"
#include "base/xlsx.h"
#include "http/http.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/sheet.h"

const struct sheet_column sheet_columns[C__COUNT] = {
	[C_HOUSEHOLD] = {"户编号", "Household", "household_id", "#示例"},
	[C_UNIT] = {"网格编码", "Unit code", "unit_id", "510104020001001"},
	[C_BUILDING] = {"楼栋", "Building", "place_id", "1栋"},
	[C_ENTRANCE] = {"单元", "Entrance", "place_id", "1单元"},
	[C_DWELLING] = {"房号", "Dwelling", "place_id", "101"},
	[C_ADDRESS] = {"地址", "Address", "address", ""},
	[C_RELATION] = {"与户主关系", "Relation", "relation", "户主"},
	[C_NAME] = {"姓名", "Name", "name", "张建国"},
	[C_ID_TYPE] = {"证件类型", "ID type", "id_type", "居民身份证"},
	[C_ID_NUMBER] = {"证件号码", "ID number", "id_number", "510104194703150259"},
	[C_SEX] = {"性别", "Sex", "sex", "男"},
	[C_BIRTH] = {"出生日期", "Birth date", "birth_date", "1947-03-15"},
	[C_ETHNICITY] = {"民族", "Ethnicity", "ethnicity", "汉族"},
	[C_PHONE] = {"电话", "Phone", "phone", "15400012345"},
	[C_POPULATION] = {"人口类型", "Population type", "population", "户籍人口"},
	[C_TAGS] = {"标签", "Tags", "tags", "独居老人、高龄老人"},
	[C_RESIDENT_ID] = {"居民编号", "Resident id", NULL, NULL},
	[C_STATUS] = {"状态", "Status", NULL, NULL},
	[C_ERRORS] = {"错误说明", "Errors", NULL, NULL},
};

#define IMPORT_KEEP_SECONDS (7 * 86400)   /* how long a report of rejected rows is kept */
#define IMPORT_ERRORS_SHOWN 1000          /* errors in the answer; the file has them all */
#define IMPORT_STALE_SECONDS 3600         /* an import still waiting after this was cut short */
#define IMPORT_CACHE_KIB "65536"          /* SQLite's page cache during an import, KiB */
#define SQLITE_DEFAULT_CACHE "-2000"      /* and after it: SQLite's default */
#define PURPOSE_IMPORT "registry.import"

/* ------------------------------------------------------------------------------------------ */
/* a small string → integer map on an arena */

struct smap {
	struct arena *a;
	size_t cap, n;
	const char **keys;
	int64_t *vals;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void smap_init(struct smap *m, struct arena *a)
{
	*m = (struct smap){.a = a, .cap = 64};
	m->keys = arena_alloc(a, m->cap * sizeof *m->keys);
	m->vals = arena_alloc(a, m->cap * sizeof *m->vals);
}

static int64_t *smap_slot(struct smap *m, const char *key, bool add)
{
	if (add && m->n * 2 >= m->cap) {
		struct smap g = {.a = m->a, .cap = m->cap * 2};
		g.keys = arena_alloc(m->a, g.cap * sizeof *g.keys);
		g.vals = arena_alloc(m->a, g.cap * sizeof *g.vals);
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				*smap_slot(&g, m->keys[i], true) = m->vals[i];
		*m = g;
	}
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	if (!add)
		return NULL;
	m->keys[i] = arena_strdup(m->a, key);
	m->n++;
	return &m->vals[i];
}

/* ------------------------------------------------------------------------------------------ */
/* the file: rows of cells and the columns they are */

struct row {
	size_t num;            /* its row in the file (the header is 1) */
	char **cells;
	size_t ncells;
	struct buf msg;        /* what is wrong with it, for the report; empty: nothing */
	bool bad;
};

struct group {
	size_t first, n;       /* rows[order[first .. first+n)] */
};

struct error_item {
	size_t row, seq;       /* seq: the order it was found in */
	int col;               /* enum sheet_col, or -1 */
	const char *field, *message;
};

/* A household judged, waiting for the end of its batch. */
struct pending {
	const struct group *g;
	struct household_draft h;
	struct bulk_person *people;   /* g->n, in the group's order */
};

#define BATCH_ROWS 2000   /* rows judged before the look-up of their numbers and the writes */

/* Households judged together: their numbers looked for in one statement, written in one. */
struct batch {
	struct pending *pending;      /* BATCH_ROWS of them at most */
	size_t npending, nrows;
	struct smap hashes;           /* an ID number's lookup hash → its row */
	struct jw lookups;            /* the hashes, a JSON array */
	size_t nlookups;
};

struct imp {
	struct ctx *cx;
	struct arena *a;       /* the request's: what outlives each batch */
	struct arena *scratch; /* each batch's judging, dropped after it */
	struct batch batch;
	struct registry_bulk *bulk;
	int col_of[C__COUNT];  /* file column of each, -1 absent */
	bool english;          /* the header is the English one */
	char **header;
	size_t nheader;
	struct row *rows;
	size_t nrows, cap;
	size_t *order;         /* rows by household */
	struct group *groups;
	size_t ngroups;
	struct smap ids;       /* "type:number" → row */
	struct smap units;     /* code → the unit (struct org_unit *; 0 unknown) */
	struct smap places;    /* "unit|parent|kind|name" → the place (struct org_place *); "unit":
				* its places are read */
	struct error_item *errors;
	size_t nerrors, errors_total;
	int64_t imported, households, failed_rows;
};

static char *trim(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t' || strncmp(s, "\xE3\x80\x80", 3) == 0)
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		     (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)))
		n -= s[n - 1] == ' ' || s[n - 1] == '\t' ? 1 : 3;
	/* what an export's guard against formulas put in front of =, +, - and @ */
	if (n >= 2 && s[0] == '\'' && strchr("=+-@", s[1]))
		s++, n--;
	return arena_strndup(a, s, n);
}

static const char *cell(const struct imp *im, const struct row *r, int col)
{
	int i = im->col_of[col];
	return i >= 0 && (size_t)i < r->ncells ? r->cells[i] : "";
}

/* A column as the file names it. */
static const char *col_name(const struct imp *im, int col)
{
	return im->english ? sheet_columns[col].en : sheet_columns[col].zh;
}

/* The offset of the first byte that is not UTF-8 (n when there is none). */
static size_t utf8_bad_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t w = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			   : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!w || i + w > n || !utf8_valid(s + i, w))
			return i;
		i += w;
	}
	return n;
}

static void row_error(struct imp *im, struct row *r, int col, const char *field,
		      const char *key, long arg)
{
	char buf[256];
	enum lang lang = im->cx->lang;
	err_field_message(key, arg, lang, buf, sizeof buf);
	const char *name = col >= 0 ? (lang == LANG_EN ? sheet_columns[col].en : sheet_columns[col].zh) : "";
	const char *msg = !*name ? arena_strdup(im->a, buf)
			  : lang == LANG_EN ? arena_printf(im->a, "%s %s", name, buf)
					    : arena_printf(im->a, "%s：%s", name, buf);
	if (r->msg.len)
		buf_puts(&r->msg, lang == LANG_EN ? "; " : "；");
	buf_puts(&r->msg, msg);
	r->bad = true;
	im->errors_total++;
	if (im->nerrors < IMPORT_ERRORS_SHOWN)
		im->errors[im->nerrors++] = (struct error_item){r->num, im->nerrors, col,
			field ? arena_strdup(im->a, field) : NULL, msg};
}

/* The column a field of the registry's errors was read from. */
static int col_of_field(const char *field)
{
	if (!field)
		return -1;
	if (strncmp(field, "tags", 4) == 0)
		return C_TAGS;
	if (strcmp(field, "place_id") == 0)
		return C_DWELLING;
	for (int c = 0; c < C_IMPORT__COUNT; c++)
		if (sheet_columns[c].field && strcmp(sheet_columns[c].field, field) == 0)
			return c;
	return -1;
}

/* The registry's refusal of a write, row by row; -1 when it is no refusal of the row but a
 * failure of the import (no keys, the database). */
static int take_errors(struct imp *im, struct row *r)
{
	struct err *e = &im->cx->err;
	int rc = 0;
	if (e->code == ERR_VALIDATION || e->code == ERR_CONFLICT) {
		for (int i = 0; i < e->nfields; i++)
			row_error(im, r, col_of_field(e->fields[i].field), e->fields[i].field,
				  e->fields[i].key, e->fields[i].arg);
		if (!e->nfields)
			row_error(im, r, -1, NULL, "invalid", 0);
		err_clear(e);
	} else {
		rc = -1;
	}
	return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* reading the file */

static int header_col(const char *s, bool *english)
{
	for (int c = 0; c < C__COUNT; c++) {
		if (strcmp(s, sheet_columns[c].zh) == 0) {
			*english = false;
			return c;
		}
		if (strcasecmp(s, sheet_columns[c].en) == 0) {
			*english = true;
			return c;
		}
	}
	return -1;
}

/* Whether a row is the header again in the other language (the template's second row). */
static bool is_header_row(struct imp *im, char **cells, size_t n)
{
	size_t named = 0;
	for (size_t i = 0; i < n; i++) {
		bool en;
		if (!*cells[i])
			continue;
		int c = header_col(trim(im->a, cells[i]), &en);
		if (c < 0 || (size_t)im->col_of[c] != i)
			return false;
		named++;
	}
	return named > 0;
}

static bool blank_or_comment(struct imp *im, char **cells, size_t n)
{
	if (n && cells[0][0] == '#')
		return true;
	for (size_t i = 0; i < n; i++)
		if (*trim(im->a, cells[i]))
			return false;
	return true;
}

/* One record of the file: the header, its second language, or a row. */
static int take_record(struct imp *im, char **cells, size_t n, size_t num)
{
	struct err *e = &im->cx->err;
	if (!im->header) {
		if (blank_or_comment(im, cells, n))
			return 0;
		for (int c = 0; c < C__COUNT; c++)
			im->col_of[c] = -1;
		for (size_t i = 0; i < n; i++) {
			const char *h = trim(im->a, cells[i]);
			bool en = false;
			int c = *h ? header_col(h, &en) : -1;
			if (!*h)
				continue;
			if (c < 0)
				return err_field(e, "header", "import_column_unknown", (long)i + 1);
			if (im->col_of[c] >= 0)
				return err_field(e, "header", "import_column_twice", (long)i + 1);
			im->col_of[c] = (int)i;
			im->english = en;
		}
		if (im->col_of[C_NAME] < 0)
			return err_field(e, "header", "import_no_name", 0);
		im->header = cells;
		im->nheader = n;
		return 0;
	}
	if (blank_or_comment(im, cells, n) || (im->nrows == 0 && is_header_row(im, cells, n)))
		return 0;
	if (im->nrows == IMPORT_MAX_ROWS)
		return err_field(e, "body", "import_too_many", IMPORT_MAX_ROWS);
	if (im->nrows == im->cap) {   /* rows grow as the file is read */
		size_t cap = im->cap ? im->cap * 2 : 256;
		struct row *rows = arena_alloc(im->a, cap * sizeof *rows);
		if (im->nrows)
			memcpy(rows, im->rows, im->nrows * sizeof *rows);
		im->rows = rows;
		im->cap = cap;
	}
	struct row *r = &im->rows[im->nrows++];
	r->num = num;
	r->ncells = n;
	r->cells = cells;
	for (size_t i = 0; i < n; i++)
		cells[i] = trim(im->a, cells[i]);
	buf_init(&r->msg, im->a);
	return 0;
}

/* The row of the file where byte `at` is. */
static long row_at(const char *data, size_t at)
{
	long row = 1;
	for (size_t i = 0; i < at; i++)
		if (data[i] == '\n')
			row++;
	return row;
}

/* The body as UTF-8, by the encoding asked for: utf-8, gbk, or auto (UTF-8 when it is, else
 * GBK). *used receives the one read. */
static int decode(struct imp *im, const char *body, size_t len, const char *encoding,
		  const char **out, size_t *outlen, const char **used)
{
	struct err *e = &im->cx->err;
	bool bom = len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0;
	bool utf8 = utf8_valid(body, len);
	if (strcmp(encoding, "utf-8") == 0 || (strcmp(encoding, "auto") == 0 && (utf8 || bom))) {
		if (!utf8)
			return err_field(e, "encoding", "import_not_utf8",
					 row_at(body, utf8_bad_at(body, len)));
		*out = body;
		*outlen = len;
		*used = "utf-8";
		return 0;
	}
	size_t bad = 0;
	char *u;
	if (gbk_to_utf8(im->a, body, len, &u, outlen, &bad) < 0)
		return err_field(e, "encoding", "import_not_gbk", row_at(body, bad));
	*out = u;
	*used = "gbk";
	return 0;
}

static int read_csv(struct imp *im, const char *data, size_t len)
{
	struct csv *c = arena_alloc(im->a, sizeof *c);
	csv_init(c, data, len);
	char **cells;
	size_t n;
	int rc;
	while ((rc = csv_next(c, im->a, &cells, &n)) > 0)
		if (take_record(im, cells, n, c->record) < 0)
			return -1;
	if (rc < 0)
		return err_field(&im->cx->err, "body", csv_error_key(c->error), (long)c->line);
	return 0;
}

struct xlsx_take {
	struct imp *im;
	int rc;
};

static int xlsx_row(void *arg, size_t num, char **cells, size_t n)
{
	struct xlsx_take *t = arg;
	t->rc = take_record(t->im, cells, n, num);
	return t->rc;
}

static int read_xlsx(struct imp *im, const char *data, size_t len)
{
	struct xlsx_take t = {im, 0};
	char why[64];
	int rc = xlsx_read(im->a, data, len, IMPORT_MAX_ROWS + 16, xlsx_row, &t, why, sizeof why);
	if (t.rc < 0)
		return -1;
	if (rc < 0)   /* the key outlives this frame: the answer is written after it returns */
		return err_field(&im->cx->err, "body", arena_strdup(im->a, why), 0);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* cells → the registry's fields */

/* 1947-03-15, 1947/3/15, 1947.3.15, 19470315, 1947年3月15日, or an Excel day number. */
static const char *date_cell(struct arena *a, const char *s)
{
	int y, m, d, k = 0;
	char sep1[4], sep2[4];
	size_t n = strlen(s);
	bool digits = n > 0;
	for (size_t i = 0; i < n; i++)
		digits &= s[i] >= '0' && s[i] <= '9';
	if (digits && n == 8 && sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3)
		return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	if (digits && n <= 5) {   /* days since 1899-12-30, as an XLSX date cell holds it */
		long days = strtol(s, NULL, 10);
		time_t t = (time_t)(days - 25569) * 86400;
		struct tm tm;
		if (days > 0 && gmtime_r(&t, &tm))
			return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	if (sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &k) == 3 && (size_t)k == n)
		return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	if (sscanf(s, "%4d%1[-/.]%2d%1[-/.]%2d%n", &y, sep1, &m, sep2, &d, &k) == 5 &&
	    (size_t)k == n && sep1[0] == sep2[0])
		return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return s;
}

static const char *code_cell(enum code_list l, const char *s)
{
	const struct code_entry *e = codes_lookup(l, s);
	if (!e && l == CODES_SEX) {   /* GB/T 2261.1 numbers */
		if (strcmp(s, "1") == 0)
			return "male";
		if (strcmp(s, "2") == 0)
			return "female";
	}
	return e ? e->code : s;
}

static const char *id_type_cell(const char *s)
{
	size_t n;
	const struct idnum_type_info *t = idnum_types(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, t[i].code) == 0 || strcmp(s, t[i].zh) == 0 || strcasecmp(s, t[i].en) == 0)
			return t[i].code;
	if (strcmp(s, "身份证") == 0)
		return "resident_id";
	return s;
}

/* A tag by its code or either name: the built-in ones, then those administrators added. */
static const char *tag_cell(struct ctx *cx, const char *s)
{
	const struct code_entry *e = codes_lookup(CODES_TAG, s);
	if (e)
		return e->code;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT code FROM registry_tags WHERE code = ? OR name_zh = ? OR lower(name_en) = lower(?)");
	if (!st)
		return s;
	store_bind_text(st, 1, s);
	store_bind_text(st, 2, s);
	store_bind_text(st, 3, s);
	const char *code = s;
	if (store_step(st) == STORE_ROW)
		code = arena_strdup(cx->a, store_col_text(st, 0));
	store_reset(st);
	return code;
}

static json_t *tags_cell(struct ctx *cx, const char *s)
{
	json_t *arr = json_array();
	char *copy = arena_strdup(cx->a, s);
	/* 、 ， ； and their ASCII forms separate tags */
	static const char *const seps[] = {"\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B", NULL};
	for (const char *const *sp = seps; *sp; sp++)
		for (char *p; (p = strstr(copy, *sp));)
			memset(p, ',', 3);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) {
		const char *tag = trim(cx->a, t);
		if (*tag)
			json_array_append_new(arr, json_string(tag_cell(cx, tag)));
	}
	return arr;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

/* An ID number Excel turned into a number (5.10104E+17): its digits are lost. */
static bool excel_number(const char *s)
{
	const char *e = strpbrk(s, "Ee");
	return e && (e[1] == '+' || e[1] == '-') && strchr(s, '.') && s[0] >= '0' && s[0] <= '9';
}

static json_t *resident_body(struct imp *im, struct row *r, bool alone)
{
	struct ctx *cx = im->cx;
	json_t *b = json_object();
	const char *rel = cell(im, r, C_RELATION);
	set_str(b, "relation", *rel ? code_cell(CODES_RELATION, rel) : alone ? "head" : NULL);
	set_str(b, "name", cell(im, r, C_NAME));
	const char *v;
	if (*(v = cell(im, r, C_SEX)))
		set_str(b, "sex", code_cell(CODES_SEX, v));
	if (*(v = cell(im, r, C_BIRTH)))
		set_str(b, "birth_date", date_cell(cx->a, v));
	if (*(v = cell(im, r, C_ID_TYPE)))
		set_str(b, "id_type", id_type_cell(v));
	set_str(b, "id_number", cell(im, r, C_ID_NUMBER));
	set_str(b, "phone", cell(im, r, C_PHONE));
	if (*(v = cell(im, r, C_ETHNICITY)))
		set_str(b, "ethnicity", code_cell(CODES_ETHNICITY, v));
	if (*(v = cell(im, r, C_POPULATION)))
		set_str(b, "population", code_cell(CODES_POPULATION, v));
	if (*(v = cell(im, r, C_TAGS)))
		json_object_set_new(b, "tags", tags_cell(cx, v));
	return b;
}

/* The same person twice in the file: the number as the registry normalises it. One registered
 * already is looked for with the batch (batch_check), by its lookup hash. -1 when it fails. */
static int duplicate_check(struct imp *im, struct row *r, json_t *body)
{
	const char *num = json_string_value(json_object_get(body, "id_number"));
	const char *type = json_string_value(json_object_get(body, "id_type"));
	if (!type)
		type = "resident_id";
	enum idnum_type t = idnum_type_parse(type);
	struct idnum id;
	if (!num || !t || idnum_parse(t, num, registry_today(im->cx), &id) != IDNUM_OK)
		return 0;   /* the registry says what is wrong with it */
	const char *key = arena_printf(im->cx->a, "%s:%s", type, id.number);
	int64_t *seen = smap_slot(&im->ids, key, false);
	if (seen) {
		row_error(im, r, C_ID_NUMBER, "id_number", "import_duplicate", (long)*seen);
		return 0;
	}
	*smap_slot(&im->ids, key, true) = (int64_t)r->num;
	const char *hash = NULL;
	if (registry_lookup(im->cx, PURPOSE_ID, key, &hash) < 0)
		return -1;
	if (hash) {
		struct batch *b = &im->batch;
		*smap_slot(&b->hashes, hash, true) = (int64_t)(r - im->rows);
		jw_str(&b->lookups, hash);
		b->nlookups++;
	}
	return 0;
}

/* A unit by its code: NULL when there is none. Kept for the import, on its arena. */
static const struct org_unit *unit_of(struct imp *im, const char *code)
{
	int64_t *v = smap_slot(&im->units, code, false);
	if (v)
		return *v ? (const struct org_unit *)(intptr_t)*v : NULL;
	struct arena *keep = im->cx->a;
	im->cx->a = im->a;
	struct org_unit *u = arena_alloc(im->a, sizeof *u);
	int f = org_unit_by_code(im->cx, code, u);
	im->cx->a = keep;
	*smap_slot(&im->units, code, true) = f == 1 ? (int64_t)(intptr_t)u : 0;
	return f == 1 ? u : NULL;
}

/* Every place of a unit, read once: "unit|parent|kind|name" → the place. */
static void load_places(struct imp *im, int64_t unit)
{
	const char *done = arena_printf(im->a, "%lld", (long long)unit);
	if (smap_slot(&im->places, done, false))
		return;
	*smap_slot(&im->places, done, true) = 1;
	struct arena *keep = im->cx->a;
	im->cx->a = im->a;
	struct org_place_filter f = {.unit_id = unit, .every_level = true, .include_closed = true,
				     .limit = 500};
	for (;;) {
		struct org_place *items;
		size_t n;
		int64_t next;
		if (org_places_list(im->cx, &f, &items, &n, &next) < 0) {
			err_clear(&im->cx->err);
			break;
		}
		for (size_t i = 0; i < n; i++) {
			const char *key = arena_printf(im->a, "%lld|%lld|%s|%s", (long long)unit,
				(long long)items[i].parent_id, items[i].kind, items[i].name);
			int64_t *slot = smap_slot(&im->places, key, true);
			if (!*slot || !items[i].closed_at)   /* an open one before a closed namesake */
				*slot = (int64_t)(intptr_t)&items[i];
		}
		if (!next)
			break;
		f.cursor = next;
	}
	im->cx->a = keep;
}

/* A place named `name` of `kind` in the unit, under `parent` (0: the unit's buildings). */
static const struct org_place *place_named(struct imp *im, int64_t unit, int64_t parent,
					   const char *kind, const char *name)
{
	load_places(im, unit);
	const char *key = arena_printf(im->cx->a, "%lld|%lld|%s|%s", (long long)unit,
				       (long long)parent, kind, name);
	int64_t *v = smap_slot(&im->places, key, false);
	return v ? (const struct org_place *)(intptr_t)*v : NULL;
}

/* The dwelling of the row's 楼栋 · 单元 · 房号: NULL with the row's error. */
static const struct org_place *dwelling_of(struct imp *im, struct row *r, int64_t unit)
{
	const char *b = cell(im, r, C_BUILDING), *en = cell(im, r, C_ENTRANCE), *d = cell(im, r, C_DWELLING);
	int col = C_BUILDING;
	const struct org_place *p = NULL;
	if (!*d) {
		col = C_DWELLING;
	} else if (*b) {
		const struct org_place *bp = place_named(im, unit, 0, "building", b), *parent = bp;
		if (bp && *en) {
			parent = place_named(im, unit, bp->id, "entrance", en);
			col = C_ENTRANCE;
		}
		if (parent) {
			col = C_DWELLING;
			p = place_named(im, unit, parent->id, "dwelling", d);
		}
	}
	if (!p)
		row_error(im, r, col, "place_id", *d ? "place_unknown" : "required", 0);
	return p;
}

/* ------------------------------------------------------------------------------------------ */
/* judging, a household at a time; writing, a batch at a time */

static const int where_cols[] = {C_UNIT, C_BUILDING, C_ENTRANCE, C_DWELLING, C_ADDRESS};

/* Judge a household's rows as the registry's creates would, into the batch. */
static int judge_group(struct imp *im, const struct group *g)
{
	struct ctx *cx = im->cx;
	struct row *first = &im->rows[im->order[g->first]];
	/* where it lives, from its first row; the others must agree */
	for (size_t k = 1; k < g->n; k++) {
		struct row *r = &im->rows[im->order[g->first + k]];
		for (size_t c = 0; c < sizeof where_cols / sizeof where_cols[0]; c++)
			if (strcmp(cell(im, r, where_cols[c]), cell(im, first, where_cols[c])) != 0) {
				row_error(im, r, where_cols[c], NULL, "import_household_differs",
					  (long)first->num);
				break;
			}
	}
	struct pending *p = &im->batch.pending[im->batch.npending++];
	*p = (struct pending){.g = g, .people = arena_alloc(cx->a, g->n * sizeof *p->people)};
	const char *code = cell(im, first, C_UNIT);
	const struct org_unit *u = *code ? unit_of(im, code) : NULL;
	if (*code && !u)
		row_error(im, first, C_UNIT, "unit_id", "unit_unknown", 0);
	bool named = *cell(im, first, C_BUILDING) || *cell(im, first, C_DWELLING);
	const struct org_place *place = NULL;
	/* a dwelling is looked for only in a unit the importer may see */
	if (u && named && access_path_in_scope(cx, u->path))
		place = dwelling_of(im, first, u->id);
	if (!first->bad && registry_household_judge(cx, u, place, named ? NULL :
			cell(im, first, C_ADDRESS), &p->h) < 0 && take_errors(im, first) < 0)
		return -1;
	/* every row is judged, so that the report has all that is wrong */
	bool head = false;
	for (size_t k = 0; k < g->n; k++) {
		struct row *r = &im->rows[im->order[g->first + k]];
		json_t *rb = resident_body(im, r, g->n == 1);
		int rc = duplicate_check(im, r, rb);
		if (rc == 0 && excel_number(cell(im, r, C_ID_NUMBER)))
			row_error(im, r, C_ID_NUMBER, "id_number", "import_id_as_number", 0);
		if (rc == 0 && !r->bad && registry_member_judge(cx, rb, &head, &p->people[k]) < 0)
			rc = take_errors(im, r);
		json_decref(rb);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The numbers of the batch registered already, in one statement. */
static int batch_check(struct imp *im)
{
	static const char *const sql[2] = {
		"SELECT id_lookup FROM residents WHERE id_lookup IN (SELECT value FROM json_each(?))",
		"SELECT id_lookup FROM residents WHERE id_lookup IN "
		"(SELECT json_array_elements_text(CAST(? AS json)))"};
	struct ctx *cx = im->cx;
	struct batch *b = &im->batch;
	if (!b->nlookups)
		return 0;
	struct store_stmt *st = store_prepare(cx->db, sql[store_kind(cx->db) == STORE_POSTGRES]);
	if (!st)
		return ctx_store_error(cx);
	jw_arr_end(&b->lookups);
	store_bind_text(st, 1, buf_str(&b->lookups.b));
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t *row = smap_slot(&b->hashes, store_col_text(st, 0), false);
		if (row)
			row_error(im, &im->rows[*row], C_ID_NUMBER, "id_number", "resident_registered", 0);
	}
	store_reset(st);
	return rc == STORE_DONE ? 0 : ctx_store_error(cx);
}

static void batch_start(struct imp *im)
{
	struct batch *b = &im->batch;
	b->npending = 0;
	b->nrows = 0;
	b->nlookups = 0;
	smap_init(&b->hashes, im->scratch);
	jw_init(&b->lookups, im->scratch);
	jw_arr(&b->lookups);
}

/* The batch's end: the numbers registered already, then each household imported or not. What
 * is written goes in one statement a table (registry_bulk), unless nothing will be kept. */
static int batch_end(struct imp *im, bool all)
{
	struct ctx *cx = im->cx;
	struct batch *b = &im->batch;
	if (batch_check(im) < 0)
		return -1;
	for (size_t i = 0; i < b->npending; i++) {
		const struct pending *p = &b->pending[i];
		const struct group *g = p->g;
		bool bad = false;
		for (size_t k = 0; k < g->n; k++)
			bad |= im->rows[im->order[g->first + k]].bad;
		if (bad) {
			for (size_t k = 0; k < g->n; k++) {
				struct row *r = &im->rows[im->order[g->first + k]];
				if (!r->bad) {   /* good, but its household is not imported: say so */
					char buf[256];
					err_field_message("import_household_failed", 0, cx->lang, buf,
							  sizeof buf);
					buf_puts(&r->msg, buf);
				}
			}
			im->failed_rows += (int64_t)g->n;
			continue;
		}
		im->imported += (int64_t)g->n;
		im->households++;
		if (!(all && im->failed_rows) &&
		    registry_bulk_household(im->bulk, &p->h, p->people, g->n) < 0)
			return -1;
	}
	if (all && im->failed_rows)   /* all or nothing: nothing, then */
		return 0;
	return registry_bulk_flush(im->bulk);
}

/* Rows by household: those with one key together, in the order each key first appears; a row
 * without a key is a household of its own. */
static void group_rows(struct imp *im)
{
	struct smap keys;
	smap_init(&keys, im->a);
	size_t *gof = arena_alloc(im->a, (im->nrows + 1) * sizeof *gof);
	size_t *count = arena_alloc(im->a, (im->nrows + 1) * sizeof *count);
	im->groups = arena_alloc(im->a, (im->nrows + 1) * sizeof *im->groups);
	im->ngroups = 0;
	for (size_t i = 0; i < im->nrows; i++) {
		const char *key = cell(im, &im->rows[i], C_HOUSEHOLD);
		int64_t *g = *key ? smap_slot(&keys, key, false) : NULL;
		if (!g) {
			if (*key)
				*smap_slot(&keys, key, true) = (int64_t)im->ngroups;
			gof[i] = im->ngroups++;
		} else {
			gof[i] = (size_t)*g;
		}
		count[gof[i]]++;
	}
	size_t at = 0;
	for (size_t g = 0; g < im->ngroups; g++) {
		im->groups[g] = (struct group){at, 0};
		at += count[g];
	}
	im->order = arena_alloc(im->a, (im->nrows + 1) * sizeof *im->order);
	for (size_t i = 0; i < im->nrows; i++) {
		struct group *g = &im->groups[gof[i]];
		im->order[g->first + g->n++] = i;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* the report of the rows not imported */

static const char *report_csv(struct imp *im, size_t *len)
{
	size_t ncols = im->nheader + 1;
	const char **head = arena_alloc(im->a, ncols * sizeof *head);
	for (size_t i = 0; i < im->nheader; i++)
		head[i] = im->header[i];
	head[im->nheader] = im->english ? sheet_columns[C_ERRORS].en : sheet_columns[C_ERRORS].zh;
	/* a report uploaded again: its old error column is replaced */
	int old = im->col_of[C_ERRORS];
	struct table *t = table_new(im->a, TABLE_CSV, "errors", head, ncols);
	if (!t)
		return NULL;
	const char **cells = arena_alloc(im->a, ncols * sizeof *cells);
	for (size_t i = 0; i < im->nrows; i++) {
		struct row *r = &im->rows[i];
		if (!r->msg.len && !r->bad && im->imported)
			continue;   /* imported */
		for (size_t c = 0; c < im->nheader; c++)
			cells[c] = (int)c == old ? "" : c < r->ncells ? r->cells[c] : "";
		cells[im->nheader] = r->msg.len ? buf_str(&r->msg) : "";
		table_row(t, cells);
	}
	const char *data;
	return table_finish(t, &data, len) < 0 ? NULL : data;
}

/* A report is sealed in pieces (a sealed value holds at most SEAL_MAX_PLAIN bytes), one a line. */
#define REPORT_PIECE 60000

static const char *seal_report(struct arena *a, const char *report, size_t len)
{
	const struct seal_ring *ring = registry_keys();
	if (!ring)
		return NULL;
	struct buf b;
	buf_init(&b, a);
	size_t cap = seal_stored_size(REPORT_PIECE);
	char *one = arena_alloc(a, cap);
	for (size_t at = 0; at < len; at += REPORT_PIECE) {
		size_t n = len - at < REPORT_PIECE ? len - at : REPORT_PIECE;
		if (seal_seal(ring, PURPOSE_IMPORT, report + at, n, one, cap) != SEAL_OK)
			return NULL;
		if (b.len)
			buf_add(&b, "\n", 1);
		buf_puts(&b, one);
	}
	return buf_str(&b);
}

/* The report opened again: NULL when a piece does not open. */
static const char *open_report(struct arena *a, const char *sealed, size_t *len)
{
	const struct seal_ring *ring = registry_keys();
	if (!ring)
		return NULL;
	struct buf b;
	buf_init(&b, a);
	char *piece = arena_alloc(a, REPORT_PIECE + 1);
	for (const char *p = sealed; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), got = 0;
		char *one = arena_strndup(a, p, n);
		if (seal_open(ring, PURPOSE_IMPORT, one, piece, REPORT_PIECE + 1, &got) != SEAL_OK)
			return NULL;
		buf_add(&b, piece, got);
		p += n + (nl ? 1 : 0);
	}
	*len = b.len;
	return buf_str(&b);
}

/* A new import's row, before its work (status queued or running); a report a week old is
 * dropped first. 0 with *id, or -1 with cx->err. */
static int import_open(struct ctx *cx, const char *format, const char *encoding, const char *mode,
		       const char *status, int64_t *id)
{
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"DELETE FROM registry_imports WHERE created_at < ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now - IMPORT_KEEP_SECONDS);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	st = store_prepare(cx->db,
		"INSERT INTO registry_imports (actor_id, format, encoding, mode, rows, imported, "
		"households, failed, status, created_at) VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?) "
		"RETURNING id");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->actor.user_id);
	store_bind_text(st, 2, format);
	store_bind_text(st, 3, encoding);
	store_bind_text(st, 4, mode);
	store_bind_text(st, 5, status);
	store_bind_int64(st, 6, cx->now);
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_fail(cx);
	return ctx_commit(cx);
}

/* Its end: the status and the answer (result), with the counts and the report (sealed) when
 * the rows were judged (im; NULL when the file could not be read); audited when judged. */
static int import_close(struct ctx *cx, int64_t id, const char *status, struct imp *im,
			const char *encoding, json_t *result)
{
	const char *sealed = NULL;
	if (im && im->failed_rows) {
		size_t rlen = 0;
		const char *report = report_csv(im, &rlen);
		if (report)
			sealed = seal_report(im->a, report, rlen);
	}
	char *text = json_dumps(result, JSON_COMPACT);
	if (!text)
		return err_set(&cx->err, ERR_INTERNAL);
	int64_t rows = im ? (int64_t)im->nrows : 0;
	if (ctx_begin(cx) < 0) {
		free(text);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE registry_imports SET status = ?, encoding = ?, rows = ?, imported = ?, "
		"households = ?, failed = ?, report_sealed = ?, result = ?, finished_at = ? WHERE id = ?");
	if (!st) {
		free(text);
		return ctx_fail(cx);
	}
	store_bind_text(st, 1, status);
	store_bind_text(st, 2, encoding);
	store_bind_int64(st, 3, rows);
	store_bind_int64(st, 4, im ? im->imported : 0);
	store_bind_int64(st, 5, im ? im->households : 0);
	store_bind_int64(st, 6, im ? im->failed_rows : 0);
	store_bind_text(st, 7, sealed);
	store_bind_text(st, 8, text);
	store_bind_int64(st, 9, clock_now());
	store_bind_int64(st, 10, id);
	int rc = ctx_write(cx, st, NULL, NULL, NULL);
	free(text);
	if (rc < 0)
		return -1;
	if (im) {
		json_t *what = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "format",
			json_string_value(json_object_get(result, "format")), "encoding", encoding,
			"mode", json_string_value(json_object_get(result, "mode")), "rows",
			(json_int_t)rows, "imported", (json_int_t)im->imported, "households",
			(json_int_t)im->households, "failed", (json_int_t)im->failed_rows);
		rc = audit_record(cx, "resident.import", "resident_import", id, NULL, what);
		json_decref(what);
		if (rc < 0) {
			ctx_rollback(cx);
			return -1;
		}
	}
	return ctx_commit(cx);
}

/* The error of a file that could not be read, or of the database, as the answer would give it:
 * {"code", "message", "fields", "i18n"}. */
static json_t *error_object(struct ctx *cx)
{
	struct resp r = {0};
	resp_error(cx, &r);
	json_t *e = json_incref(json_object_get(r.json, "error"));
	json_decref(r.json);
	return e;
}

/* ------------------------------------------------------------------------------------------ */
/* the work of one import, in its request or after it */

/* The import of `id` ends without its rows judged: failed (the file) or interrupted. */
static void import_not_judged(struct ctx *cx, int64_t id, const char *status, const char *encoding)
{
	struct err keep = cx->err;
	json_t *result = json_pack("{s:o}", "error", error_object(cx));
	cx->err = (struct err){0};
	if (import_close(cx, id, status, NULL, encoding, result) < 0)
		log_warn("import %lld: its end could not be recorded", (long long)id);
	json_decref(result);
	cx->err = keep;
}

static int by_row(const void *a, const void *b)
{
	const struct error_item *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int registry_import_file(struct ctx *cx, int64_t id, const struct import_opts *o,
			 const char *data, size_t len, bool background, json_t **out, bool *refused)
{
	struct err *e = &cx->err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct imp im = {.cx = cx, .a = cx->a};
	im.errors = arena_alloc(cx->a, IMPORT_ERRORS_SHOWN * sizeof *im.errors);
	smap_init(&im.ids, cx->a);
	smap_init(&im.units, cx->a);
	smap_init(&im.places, cx->a);
	const char *used = "utf-8";
	const char *format = table_extension(o->format);
	registry_import_progress(id, 0, 0);
	int read = 0;
	if (o->format == TABLE_CSV) {
		const char *text = NULL;
		size_t tlen = 0;
		read = decode(&im, data, len, o->encoding, &text, &tlen, &used) < 0 ||
		       read_csv(&im, text, tlen) < 0 ? -1 : 0;
	} else {
		read = read_xlsx(&im, data, len);
	}
	if (read == 0 && !im.header)
		read = err_field(e, "body", "import_empty", 0);
	if (read < 0) {
		registry_import_progress_end(id);
		import_not_judged(cx, id, "failed", used);
		return -1;
	}
	group_rows(&im);
	registry_import_progress(id, 0, im.nrows);
	/* one transaction; each household's writes on a scratch arena dropped after it. On SQLite
	 * the pages it changes stay in memory for it (its default 2 MB spill to the WAL file and
	 * are read back from it, a third of an import's time) */
	bool sqlite = store_kind(cx->db) == STORE_SQLITE;
	if (sqlite)
		store_exec(cx->db, "PRAGMA cache_size = -" IMPORT_CACHE_KIB);
	bool all = strcmp(o->mode, "all") == 0;
	int rc = ctx_begin(cx);
	im.scratch = arena_new();
	struct arena *rows = arena_new();   /* the bulk's, emptied by each flush */
	if (rc == 0 && !(im.bulk = registry_bulk_new(cx, rows)))
		rc = -1;
	im.batch.pending = arena_alloc(im.a, BATCH_ROWS * sizeof *im.batch.pending);
	batch_start(&im);
	size_t done = 0;
	bool stopped = false;
	cx->a = im.scratch;
	for (size_t g = 0; g < im.ngroups && rc == 0; g++) {
		if (background && jobs_stopping()) {
			stopped = true;
			rc = err_setf(e, ERR_UNAVAILABLE, "the server stopped before the import ended");
			break;
		}
		rc = judge_group(&im, &im.groups[g]);
		im.batch.nrows += im.groups[g].n;
		if (rc == 0 && (im.batch.nrows >= BATCH_ROWS || g + 1 == im.ngroups)) {
			rc = batch_end(&im, all);
			done += im.batch.nrows;
			arena_reset(im.scratch);
			batch_start(&im);
			registry_import_progress(id, done, im.nrows);
		}
	}
	cx->a = im.a;
	arena_free(im.scratch);
	arena_free(rows);
	registry_import_progress_end(id);
	if (rc < 0) {
		ctx_rollback(cx);
	} else if (all && im.failed_rows) {
		ctx_rollback(cx);
		im.failed_rows = (int64_t)im.nrows;
		im.imported = im.households = 0;
	} else {
		rc = ctx_commit(cx);
	}
	if (sqlite)   /* the connection serves small requests again */
		store_exec(cx->db, "PRAGMA cache_size = " SQLITE_DEFAULT_CACHE);
	if (rc < 0) {
		import_not_judged(cx, id, stopped ? "interrupted" : "failed", used);
		return -1;
	}
	int64_t known = 0;   /* the residents PostgreSQL's figures count (-1: never counted) */
	if (im.imported >= 1000 && !sqlite &&
	    store_query_int64(cx->db, "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = "
				      "CAST('residents' AS regclass)", &known, 0) == 0 &&
	    (known < 0 || im.imported * 5 > known)) {
		/* thousands of new rows at once, more than a fifth of what the planner's figures for
		 * these tables count: they are stale until autovacuum comes by, and a search planned
		 * on them can take minutes (on a table thought empty). A smaller share changes no
		 * plan, and the ANALYZE would cost a second on a million residents */
		store_exec(cx->db, "ANALYZE residents, resident_name_grams, resident_tags, households, "
				   "household_events");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* by row: those of numbers registered already are found with their batch, after the rest */
	qsort(im.errors, im.nerrors, sizeof *im.errors, by_row);
	json_t *errors = json_array();
	for (size_t i = 0; i < im.nerrors; i++) {
		const struct error_item *x = &im.errors[i];
		json_array_append_new(errors, json_pack("{s:I, s:s*, s:o, s:s*, s:s}", "row",
			(json_int_t)x->row, "column", x->col >= 0 ? col_name(&im, x->col) : NULL,
			"column_number", x->col >= 0 && im.col_of[x->col] >= 0
				? json_integer(im.col_of[x->col] + 1) : json_null(),
			"field", x->field, "message", x->message));
	}
	*refused = all && im.errors_total;
	*out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:f, s:I}",
		"id", (json_int_t)id, "status", *refused ? "refused" : "done", "format", format,
		"encoding", used, "mode", o->mode,
		"rows", (json_int_t)im.nrows, "imported", (json_int_t)im.imported,
		"households", (json_int_t)im.households, "not_imported", (json_int_t)im.failed_rows,
		"errors_total", (json_int_t)im.errors_total, "errors", errors,
		"errors_url", im.failed_rows ? json_string(arena_printf(cx->a,
			"/api/v1/residents/import/%lld/errors", (long long)id)) : json_null(),
		"seconds", secs, "rows_per_second",
		(json_int_t)(secs > 0 ? (double)im.nrows / secs : (double)im.nrows));
	if (import_close(cx, id, *refused ? "refused" : "done", &im, used, *out) < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* the handlers */

static bool type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	return ct && strncasecmp(ct, type, n) == 0 && (!ct[n] || ct[n] == ';' || ct[n] == ' ');
}

/* What every import does before its rows: the keys there, the options as read, its row. */
static int import_begin(struct ctx *cx, enum table_format f, const char *encoding,
			const char *mode, const char *status, struct import_opts *o, int64_t *id)
{
	if (!registry_keys())
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	*o = (struct import_opts){.format = f, .encoding = f == TABLE_XLSX ? "utf-8" : encoding,
				  .mode = mode};
	return import_open(cx, table_extension(f), o->encoding, mode, status, id);
}

int registry_import_data(struct ctx *cx, const char *format, const char *encoding,
			 const char *mode, const char *data, size_t len, json_t **out, bool *refused)
{
	struct err *e = &cx->err;
	enum table_format f = table_format_parse(format);
	if (!f)
		err_field(e, "format", "invalid", 0);
	if (strcmp(encoding, "auto") && strcmp(encoding, "utf-8") && strcmp(encoding, "gbk"))
		err_field(e, "encoding", "invalid", 0);
	if (strcmp(mode, "all") && strcmp(mode, "valid"))
		err_field(e, "mode", "invalid", 0);
	if (e->code)
		return -1;
	struct import_opts o;
	int64_t id = 0;
	if (import_begin(cx, f, encoding, mode, "running", &o, &id) < 0)
		return -1;
	return registry_import_file(cx, id, &o, data, len, false, out, refused);
}

/* Whether the request says Prefer: respond-async (RFC 7240), among its preferences. */
static bool prefers_async(const char *prefer)
{
	for (const char *p = prefer; p && *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, " \t,;=");
		if (n == 13 && strncasecmp(p, "respond-async", 13) == 0)
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

int registry_import(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	const char *encoding = "auto", *mode = "all";
	if (query_str(cx, rq, "encoding", 8, &encoding) > 0 && strcmp(encoding, "utf-8") &&
	    strcmp(encoding, "gbk") && strcmp(encoding, "auto")) {
		if (strcasecmp(encoding, "utf8") == 0 || strcasecmp(encoding, "UTF-8") == 0)
			encoding = "utf-8";
		else if (strcasecmp(encoding, "GBK") == 0 || strcasecmp(encoding, "cp936") == 0)
			encoding = "gbk";
		else
			err_field(e, "encoding", "invalid", 0);
	}
	if (query_str(cx, rq, "mode", 8, &mode) > 0 && strcmp(mode, "all") && strcmp(mode, "valid"))
		err_field(e, "mode", "invalid", 0);
	const char *ct = req_header(rq, "Content-Type");
	enum table_format f = type_is(ct, "text/csv") || type_is(ct, "application/csv") ||
			      type_is(ct, "text/plain") ? TABLE_CSV
			      : type_is(ct, table_content_type(TABLE_XLSX)) ? TABLE_XLSX : 0;
	if (e->code)
		return -1;
	if (!f)
		return err_setf(e, ERR_MEDIA_TYPE, "an import is text/csv or XLSX");
	if (!rq->body_len)
		return err_field(e, "body", "required", 0);
	bool later = prefers_async(req_header(rq, "Prefer"));
	struct import_opts o;
	int64_t id = 0;
	if (import_begin(cx, f, encoding, mode, later ? "queued" : "running", &o, &id) < 0)
		return -1;
	if (later) {
		/* answered now; the rows are judged and written by the tasks' thread */
		if (registry_import_later(cx, id, &o, rq->body, rq->body_len) < 0) {
			import_not_judged(cx, id, "failed", o.encoding);
			return -1;
		}
		const char *url = arena_printf(cx->a, "/api/v1/residents/import/%lld", (long long)id);
		resp_json(rs, 202, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id,
					     "status", "queued", "format", table_extension(f),
					     "encoding", o.encoding, "mode", mode, "url", url));
		resp_header(rs, "Location", url);
		resp_header(rs, "Preference-Applied", "respond-async");
		return 0;
	}
	json_t *out = NULL;
	bool refused = false;
	if (registry_import_file(cx, id, &o, rq->body, rq->body_len, false, &out, &refused) < 0)
		return -1;
	if (refused) {
		err_setf(e, ERR_VALIDATION, "import: %lld errors",
			 (long long)json_integer_value(json_object_get(out, "errors_total")));
		resp_error(cx, rs);
		json_object_set_new(rs->json, "import", out);
		return 0;
	}
	resp_json(rs, 200, out);
	return 0;
}

/* One import of the caller's: its counts (the rows the report holds, when there are some). */
static int load_import(struct ctx *cx, struct req *rq, json_t **info, const char **sealed)
{
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	int64_t id = req_param_id(cx, rq, 0);
	if (id < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT format, encoding, mode, rows, imported, households, failed, report_sealed, "
		"created_at, status, result, finished_at FROM registry_imports "
		"WHERE id = ? AND actor_id = ? AND created_at >= ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, cx->now - IMPORT_KEEP_SECONDS);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		/* the answer it gave (or would have given), then what the row says */
		json_t *j = store_col_is_null(st, 10) ? NULL
			    : json_loads(store_col_text(st, 10), 0, NULL);
		*info = json_is_object(j) ? j : json_object();
		if (j && *info != j)
			json_decref(j);
		const char *status = arena_strdup(cx->a, store_col_text(st, 9));
		int64_t created = store_col_int64(st, 8);
		bool waiting = strcmp(status, "queued") == 0 || strcmp(status, "running") == 0;
		size_t done = 0, rows = 0;
		bool here = waiting && registry_import_progress_of(id, &done, &rows);
		if (waiting && !here && created < cx->now - IMPORT_STALE_SECONDS)
			status = "interrupted";   /* no server has it, or it would have ended by now */
		json_t *fields = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:b}",
			"id", (json_int_t)id, "status", status, "format", store_col_text(st, 0),
			"encoding", store_col_text(st, 1), "mode", store_col_text(st, 2),
			"rows", (json_int_t)(here ? (int64_t)rows : store_col_int64(st, 3)),
			"imported", (json_int_t)store_col_int64(st, 4),
			"households", (json_int_t)store_col_int64(st, 5),
			"not_imported", (json_int_t)store_col_int64(st, 6),
			"created_at", json_time(created), "finished_at", json_time(store_col_int64(st, 11)),
			"report", !store_col_is_null(st, 7));
		json_object_update(*info, fields);
		json_decref(fields);
		if (here)
			json_object_set_new(*info, "progress", json_pack("{s:I, s:I}", "done",
					    (json_int_t)done, "rows", (json_int_t)rows));
		*sealed = store_col_is_null(st, 7) ? NULL : arena_strdup(cx->a, store_col_text(st, 7));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int registry_import_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *info;
	const char *sealed;
	if (load_import(cx, rq, &info, &sealed) < 0)
		return -1;
	resp_json(rs, 200, info);
	return 0;
}

int registry_import_errors(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct err *e = &cx->err;
	const char *format = "csv";
	query_str(cx, rq, "format", 8, &format);
	enum table_format tf = table_format_parse(format);
	if (!tf)
		err_field(e, "format", "invalid", 0);
	bool gbk = false;
	if (sheet_encoding(cx, rq, tf, &gbk) < 0 || e->code)
		return -1;
	json_t *info;
	const char *sealed;
	if (load_import(cx, rq, &info, &sealed) < 0)
		return -1;
	json_decref(info);
	if (!sealed)
		return err_set(e, ERR_NOT_FOUND);
	size_t len = 0;
	const char *csv = open_report(cx->a, sealed, &len);
	if (!csv)
		return err_setf(e, ERR_UNAVAILABLE, "the report does not open with the keys there are");
	if (tf == TABLE_CSV)
		return sheet_send(cx, rs, tf, gbk, csv, len, "import-errors");
	/* the same rows as XLSX: every cell text, no guard needed */
	struct csv *c = arena_alloc(cx->a, sizeof *c);
	csv_init(c, csv, len);
	char **cells;
	size_t n;
	struct table *t = NULL;
	size_t ncols = 0;
	while (csv_next(c, cx->a, &cells, &n) > 0) {
		for (size_t i = 0; i < n; i++)
			cells[i] = trim(cx->a, cells[i]);
		if (!t) {
			ncols = n;
			t = table_new(cx->a, TABLE_XLSX, cx->lang == LANG_EN ? "Errors" : "错误",
				      (const char *const *)cells, n);
			if (!t)
				return err_setf(e, ERR_INTERNAL, "cannot make the report file");
			continue;
		}
		const char **row = arena_alloc(cx->a, ncols * sizeof *row);
		for (size_t i = 0; i < ncols; i++)
			row[i] = i < n ? cells[i] : "";
		table_row(t, row);
	}
	const char *data;
	if (!t || table_finish(t, &data, &len) < 0)
		return err_setf(e, ERR_INTERNAL, "writing the report failed");
	return sheet_send(cx, rs, tf, false, data, len, "import-errors");
}

int registry_import_template(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_WRITE, NULL) < 0)
		return -1;
	const char *format = "xlsx";
	query_str(cx, rq, "format", 8, &format);
	enum table_format tf = table_format_parse(format);
	if (!tf)
		err_field(e, "format", "invalid", 0);
	bool gbk = false;
	if (sheet_encoding(cx, rq, tf, &gbk) < 0 || e->code)
		return -1;
	const char *zh[C_IMPORT__COUNT], *en[C_IMPORT__COUNT], *ex[C_IMPORT__COUNT];
	for (int c = 0; c < C_IMPORT__COUNT; c++) {
		zh[c] = sheet_columns[c].zh;
		en[c] = sheet_columns[c].en;
		ex[c] = sheet_columns[c].example;
	}
	struct table *t = table_new(cx->a, tf, "居民导入", zh, C_IMPORT__COUNT);
	if (!t)
		return err_setf(e, ERR_INTERNAL, "cannot make the template file");
	table_row(t, en);
	table_row(t, ex);
	const char *data;
	size_t len;
	if (table_finish(t, &data, &len) < 0)
		return err_setf(e, ERR_INTERNAL, "writing the template failed");
	return sheet_send(cx, rs, tf, gbk, data, len, "residents-template");
}
