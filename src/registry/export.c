/* Export of residents as a spreadsheet (XLSX, or CSV in UTF-8 with a byte-order mark or GBK):
 * the residents list's filters and scope, ID numbers and phones masked unless the exporter may
 * reveal them and asks with a reason, sensitive tags only for who may see them, at most
 * EXPORT_MAX_ROWS rows; audited as resident.export with the filter and the count. The columns
 * are the import's, so that a revealed export can be imported elsewhere. */
#include <string.h>
#include <strings.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/gbk.h"
#include "base/table.h"
#include "base/text.h"
#include "http/http.h"
#include "org/org.h"
#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/limits.h"
#include "registry/sheet.h"

int sheet_encoding(struct ctx *cx, struct req *rq, int format, bool *gbk)
{
	const char *enc = NULL;
	*gbk = false;
	if (query_str(cx, rq, "encoding", 8, &enc) <= 0)
		return cx->err.code ? -1 : 0;
	if (strcasecmp(enc, "gbk") == 0)
		*gbk = true;
	else if (strcasecmp(enc, "utf-8") != 0 && strcasecmp(enc, "utf8") != 0)
		return err_field(&cx->err, "encoding", "invalid", 0);
	if (*gbk && format == TABLE_XLSX)
		return err_field(&cx->err, "encoding", "invalid", 0);   /* XLSX is always UTF-8 */
	return *gbk ? 1 : 0;
}

int sheet_send(struct ctx *cx, struct resp *rs, int format, bool gbk, const char *data,
	       size_t len, const char *stem)
{
	rs->content_type = table_content_type((enum table_format)format);
	if (gbk) {
		/* Excel reads a CSV without a byte-order mark in the system's code page */
		if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
			data += 3, len -= 3;
		char *g;
		size_t glen, replaced = 0;
		gbk_from_utf8(cx->a, data, len, &g, &glen, &replaced);
		data = g, len = glen;
		rs->content_type = "text/csv; charset=gbk";
		if (replaced)
			resp_header(rs, "X-Replaced-Characters", arena_printf(cx->a, "%zu", replaced));
	}
	rs->status = 200;
	rs->body = data;
	rs->len = len;
	char day[16];
	clock_date(cx->now, day, sizeof day);
	resp_header(rs, "Content-Disposition", arena_printf(cx->a, "attachment; filename=\"%s-%s.%s\"",
		stem, day, table_extension((enum table_format)format)));
	return 0;
}

/* What a row needs of its household and unit, kept across pages. */
struct where {
	int64_t household_id;
	const char *unit_code, *building, *entrance, *dwelling, *address;
};

struct cache {
	struct arena *a;
	struct where *hh;      /* open addressing by household id */
	size_t cap, n;
	int64_t unit_ids[64];
	const char *unit_codes[64];
	size_t nunits;
};

static const char *unit_code(struct ctx *cx, struct cache *c, int64_t id)
{
	for (size_t i = 0; i < c->nunits; i++)
		if (c->unit_ids[i] == id)
			return c->unit_codes[i];
	struct org_unit u;
	const char *code = org_unit_by_id(cx, id, &u) == 1 ? arena_strdup(c->a, u.code) : "";
	if (c->nunits < 64) {
		c->unit_ids[c->nunits] = id;
		c->unit_codes[c->nunits++] = code;
	}
	return code;
}

static struct where *where_of(struct ctx *cx, struct cache *c, int64_t household_id)
{
	if (c->n * 2 >= c->cap) {
		struct cache g = *c;
		g.cap = c->cap ? c->cap * 2 : 1024;
		g.n = 0;
		g.hh = arena_alloc(c->a, g.cap * sizeof *g.hh);
		for (size_t i = 0; i < c->cap; i++)
			if (c->hh[i].household_id) {
				size_t k = (size_t)c->hh[i].household_id & (g.cap - 1);
				while (g.hh[k].household_id)
					k = (k + 1) & (g.cap - 1);
				g.hh[k] = c->hh[i];
				g.n++;
			}
		c->hh = g.hh, c->cap = g.cap, c->n = g.n;
	}
	size_t k = (size_t)household_id & (c->cap - 1);
	while (c->hh[k].household_id) {
		if (c->hh[k].household_id == household_id)
			return &c->hh[k];
		k = (k + 1) & (c->cap - 1);
	}
	struct where *w = &c->hh[k];
	*w = (struct where){.household_id = household_id, .unit_code = "", .building = "",
			    .entrance = "", .dwelling = "", .address = ""};
	c->n++;
	struct household h;
	if (registry_household_by_id(cx, household_id, &h) != 1)
		return w;
	w->unit_code = unit_code(cx, c, h.unit_id);
	w->address = arena_strdup(c->a, h.address);
	/* the dwelling's names, up through its entrance and building */
	struct org_place p;
	if (h.place_id && org_place_by_id(cx, h.place_id, &p) == 1) {
		w->dwelling = arena_strdup(c->a, p.name);
		w->address = "";
		for (int depth = 0; depth < 2 && p.parent_id; depth++) {
			if (org_place_by_id(cx, p.parent_id, &p) != 1)
				break;
			if (strcmp(p.kind, "entrance") == 0)
				w->entrance = arena_strdup(c->a, p.name);
			else if (strcmp(p.kind, "building") == 0)
				w->building = arena_strdup(c->a, p.name);
		}
	}
	return w;
}

static const char *code_name(enum code_list l, const char *code, enum lang lang)
{
	const char *n = code ? codes_name(l, code, lang) : NULL;
	return n ? n : code ? code : "";
}

/* A tag's name: the built-in list's, or the one an administrator gave it. */
static const char *tag_name(struct ctx *cx, const char *code)
{
	const char *n = codes_name(CODES_TAG, code, cx->lang);
	if (n)
		return n;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT name_zh, name_en FROM registry_tags WHERE code = ?");
	if (!st)
		return code;
	store_bind_text(st, 1, code);
	if (store_step(st) == STORE_ROW)
		n = arena_strdup(cx->a, store_col_text(st, cx->lang == LANG_EN ? 1 : 0));
	store_reset(st);
	return n ? n : code;
}

/* The clear ID number and phone of a resident (the exporter may reveal them). */
static int clear_values(struct ctx *cx, int64_t id, const char **idn, const char **phone)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id_sealed, phone_sealed FROM residents WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	const char *ids = NULL, *phs = NULL;
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		ids = store_col_is_null(st, 0) ? NULL : arena_strdup(cx->a, store_col_text(st, 0));
		phs = store_col_is_null(st, 1) ? NULL : arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	*idn = registry_open(cx, PURPOSE_ID, ids);
	*phone = registry_open(cx, PURPOSE_PHONE, phs);
	if ((ids && !*idn) || (phs && !*phone))
		return err_setf(&cx->err, ERR_INTERNAL, "resident %lld: a sealed value does not open",
				(long long)id);
	return 0;
}

static const char *date_text(struct arena *a, int date)
{
	if (date <= 0)
		return "";
	char *s = arena_alloc(a, 11);
	date_format(date, s, 11);
	return s;
}

static void add_filter(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

/* The filter as the audit keeps it: never the number searched for, only that there was one. */
static json_t *filter_json(const struct resident_filter *f)
{
	json_t *o = json_object();
	add_filter(o, "q", f->q);
	if (f->phone)
		json_object_set_new(o, "phone", json_true());
	if (f->id_number)
		json_object_set_new(o, "id_number", json_true());
	if (f->ntags) {
		json_t *t = json_array();
		for (size_t i = 0; i < f->ntags; i++)
			json_array_append_new(t, json_string(f->tags[i]));
		json_object_set_new(o, "tags", t);
	}
	if (f->unit_id)
		json_object_set_new(o, "unit_id", json_integer(f->unit_id));
	if (f->household_id)
		json_object_set_new(o, "household_id", json_integer(f->household_id));
	if (f->age_min >= 0)
		json_object_set_new(o, "age_min", json_integer(f->age_min));
	if (f->age_max >= 0)
		json_object_set_new(o, "age_max", json_integer(f->age_max));
	add_filter(o, "population", f->population);
	add_filter(o, "status", f->status);
	return o;
}

#define EXPORT_COLS (C_STATUS + 1)

int registry_export(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_RESIDENTS_EXPORT, NULL) < 0)
		return -1;
	const char *format = "xlsx", *reveal_s = NULL, *reason = NULL;
	query_str(cx, rq, "format", 8, &format);
	enum table_format tf = table_format_parse(format);
	if (!tf)
		err_field(e, "format", "invalid", 0);
	bool gbk = false;
	sheet_encoding(cx, rq, tf, &gbk);
	bool reveal = false;
	if (query_str(cx, rq, "reveal", 8, &reveal_s) > 0) {
		if (strcmp(reveal_s, "true") == 0)
			reveal = true;
		else if (strcmp(reveal_s, "false") != 0)
			err_field(e, "reveal", "invalid", 0);
	}
	const struct limit *lr = &registry_limits[L_REVEAL_REASON];
	if (reveal && query_str(cx, rq, "reason", (size_t)lr->max, &reason) <= 0 && !e->code)
		err_field(e, "reason", "required", 0);
	else if (reveal && reason && utf8_count(reason) < (size_t)lr->min)
		err_field(e, "reason", "too_short", lr->min);
	struct resident_filter f;
	struct err saved = *e;
	int frc = registry_read_filter(cx, rq, &f);   /* limit and cursor are not the export's */
	if (frc < 0 || saved.code)
		return -1;
	if (reveal && access_require(cx, PERM_RESIDENTS_REVEAL, NULL) < 0)
		return -1;
	if (reveal && registry_reveal_budget(cx) < 0)
		return -1;
	if (reveal && !registry_keys())
		return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	int64_t count = 0;
	if (registry_residents_count(cx, &f, &count) < 0)
		return -1;
	if (count > EXPORT_MAX_ROWS)
		return err_field(e, "filter", "export_too_many", (long)count);
	bool en = cx->lang == LANG_EN;
	const char *head[EXPORT_COLS];
	for (int c = 0; c < EXPORT_COLS; c++)
		head[c] = en ? sheet_columns[c].en : sheet_columns[c].zh;
	struct table *t = table_new(cx->a, tf, en ? "Residents" : "居民", head, EXPORT_COLS);
	if (!t)
		return err_setf(e, ERR_INTERNAL, "cannot make the export file");
	struct arena *keep = cx->a, *page = arena_new();
	struct cache cache = {.a = keep};
	f.limit = 200;
	f.cursor = 0;
	int64_t rows = 0;
	int rc = 0;
	for (;;) {
		cx->a = page;
		struct resident *items;
		size_t n;
		int64_t next;
		rc = registry_residents_list(cx, &f, &items, &n, &next);
		for (size_t i = 0; i < n && rc == 0 && rows < EXPORT_MAX_ROWS; i++, rows++) {
			const struct resident *r = &items[i];
			struct where none = {.unit_code = unit_code(cx, &cache, r->unit_id), .building = "",
					     .entrance = "", .dwelling = "", .address = ""};
			const struct where *w = r->household_id ? where_of(cx, &cache, r->household_id) : &none;
			const char *idn = r->id_masked, *phone = r->phone_masked;
			if (reveal && (rc = clear_values(cx, r->id, &idn, &phone)) < 0)
				break;
			struct buf tags;
			buf_init(&tags, page);
			for (size_t k = 0; k < r->ntags; k++) {
				if (k)
					buf_puts(&tags, "、");
				buf_puts(&tags, tag_name(cx, r->tags[k]));
			}
			const char *id_type = r->id_type ? idnum_type_name(idnum_type_parse(r->id_type),
									   cx->lang) : NULL;
			const char *cells[EXPORT_COLS] = {
				[C_HOUSEHOLD] = r->household_id ? arena_printf(page, "%lld",
					(long long)r->household_id) : "",
				[C_UNIT] = w->unit_code, [C_BUILDING] = w->building,
				[C_ENTRANCE] = w->entrance, [C_DWELLING] = w->dwelling,
				[C_ADDRESS] = w->address,
				[C_RELATION] = code_name(CODES_RELATION, r->relation, cx->lang),
				[C_NAME] = r->name,
				[C_ID_TYPE] = id_type ? id_type : "",
				[C_ID_NUMBER] = idn ? idn : "",
				[C_SEX] = code_name(CODES_SEX, r->sex, cx->lang),
				[C_BIRTH] = date_text(page, r->birth_date),
				[C_ETHNICITY] = code_name(CODES_ETHNICITY, r->ethnicity, cx->lang),
				[C_PHONE] = phone ? phone : "",
				[C_POPULATION] = code_name(CODES_POPULATION, r->population, cx->lang),
				[C_TAGS] = buf_str(&tags),
				[C_RESIDENT_ID] = arena_printf(page, "%lld", (long long)r->id),
				[C_STATUS] = code_name(CODES_STATUS, r->status, cx->lang),
			};
			table_row(t, cells);
		}
		cx->a = keep;
		arena_reset(page);
		if (rc < 0 || !next || rows >= EXPORT_MAX_ROWS)
			break;
		f.cursor = next;
	}
	arena_free(page);
	const char *data;
	size_t len;
	if (table_finish(t, &data, &len) < 0 && rc == 0)
		rc = err_setf(e, ERR_INTERNAL, "writing the export failed");
	if (rc < 0)
		return -1;
	json_t *what = json_pack("{s:s, s:s, s:I, s:o, s:b}", "format", table_extension(tf),
				 "encoding", gbk ? "gbk" : "utf-8", "rows", (json_int_t)rows,
				 "filter", filter_json(&f), "reveal", reveal);
	if (reveal)
		json_object_set_new(what, "reason", json_string(reason));
	int ok = ctx_begin(cx) == 0 && audit_record(cx, "resident.export", "resident", 0, NULL, what) == 0 &&
		 ctx_commit(cx) == 0;
	json_decref(what);
	if (!ok) {
		ctx_rollback(cx);
		return -1;
	}
	return sheet_send(cx, rs, tf, gbk, data, len, "residents");
}
