/* The working-day calendar (calendar.h): its days and hours in the database, the rules of
 * their edits, and time limits worked out on them by base/workday. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/json.h"
#include "base/text.h"
#include "calendar/calendar.h"
#include "calendar/limits.h"

#define HOURS_ID 1
#define YEAR_MIN 2000
#define YEAR_MAX 2100

/* ------------------------------------------------------------------------------------------ */
/* reading */

/* "540-720,810-1050" → segments; false when it is not sound. */
static bool parse_segments(const char *s, struct workday_calendar *c)
{
	c->nseg = 0;
	while (s && *s && c->nseg < WORKDAY_SEGMENTS) {
		char *end;
		long a = strtol(s, &end, 10);
		if (*end != '-')
			return false;
		long b = strtol(end + 1, &end, 10);
		c->seg[c->nseg].start = (int)a;
		c->seg[c->nseg].end = (int)b;
		c->nseg++;
		if (*end != ',' && *end)
			return false;
		s = *end ? end + 1 : end;
	}
	return workday_segments_valid(c);
}

/* The working segments into c, and their row's version (when asked). */
static int load_hours(struct ctx *cx, struct workday_calendar *c, int64_t *version)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT segments, version FROM calendar_hours WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, HOURS_ID);
	int rc = store_step(st);
	bool ok = rc == STORE_ROW && parse_segments(store_col_text(st, 0), c);
	if (rc == STORE_ROW && version)
		*version = store_col_int64(st, 1);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (!ok)
		return err_setf(&cx->err, ERR_INTERNAL, "calendar_hours holds no sound working hours");
	return 0;
}

static int64_t read_day(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct calendar_day *d = row;
	d->date = (int)store_col_int64(st, 0);
	d->kind = arena_strdup(cx->a, store_col_text(st, 1));
	d->name = arena_strdup(cx->a, store_col_text(st, 2));
	d->updated_at = store_col_int64(st, 3);
	d->updated_by = arena_strdup(cx->a, store_col_text(st, 4));
	return d->date;
}

static int load_days(struct ctx *cx, int from, int to, struct calendar_day **days, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT day, kind, name, updated_at, updated_by FROM calendar_days "
		"WHERE day >= ? AND day <= ? ORDER BY day");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, from);
	store_bind_int64(st, 2, to);
	return ctx_rows(cx, st, sizeof **days, 0, read_day, days, n);
}

/* The days as c's exceptions. */
static void set_exceptions(struct ctx *cx, const struct calendar_day *days, size_t n,
			   struct workday_calendar *c)
{
	struct workday_exception *ex = arena_alloc(cx->a, (n ? n : 1) * sizeof *ex);
	for (size_t i = 0; i < n; i++)
		ex[i] = (struct workday_exception){days[i].date, strcmp(days[i].kind, "workday") == 0};
	c->ex = ex;
	c->nex = n;
}

/* The exceptions from one date to another into c, whose hours are there already. */
static int load_exceptions(struct ctx *cx, int from, int to, struct workday_calendar *c)
{
	struct calendar_day *days;
	size_t n;
	if (load_days(cx, from, to, &days, &n) < 0)
		return -1;
	set_exceptions(cx, days, n, c);
	return 0;
}

int calendar_load(struct ctx *cx, int from, int to, struct workday_calendar *out)
{
	*out = (struct workday_calendar){0};
	return load_hours(cx, out, NULL) < 0 ? -1 : load_exceptions(cx, from, to, out);
}

int calendar_load_ahead(struct ctx *cx, int64_t t, int n, int64_t m, struct workday_calendar *out)
{
	*out = (struct workday_calendar){0};
	if (load_hours(cx, out, NULL) < 0)
		return -1;
	/* n working days lie within 2n + 60 days, whatever the holidays of a year; m minutes
	 * within as many for the working days they make */
	int64_t days = 2 * (int64_t)n + 60, by_minutes = 2 * (m / workday_day_minutes(out) + 1) + 60;
	if (by_minutes > days)
		days = by_minutes;
	int from = date_of_time(t);
	return load_exceptions(cx, from, date_add(from, (int)(days < 36600 ? days : 36600)), out);
}

int calendar_due_days(struct ctx *cx, int64_t t, int n, int64_t *due)
{
	struct workday_calendar c;
	if (calendar_load_ahead(cx, t, n, 0, &c) < 0)
		return -1;
	*due = workday_add_days(&c, t, n);
	return 0;
}

int calendar_due_minutes(struct ctx *cx, int64_t t, int64_t m, int64_t *due)
{
	struct workday_calendar c;
	if (calendar_load_ahead(cx, t, 0, m, &c) < 0)
		return -1;
	*due = workday_add_minutes(&c, t, m);
	return 0;
}

int calendar_minutes_between(struct ctx *cx, int64_t a, int64_t b, int64_t *out)
{
	struct workday_calendar c;
	if (calendar_load(cx, date_of_time(a), date_of_time(b > a ? b : a), &c) < 0)
		return -1;
	*out = workday_minutes_between(&c, a, b);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* the API's */

static json_t *date_json(int date)
{
	char buf[16];
	date_format(date, buf, sizeof buf);
	return json_string(buf);
}

static json_t *day_json(const struct calendar_day *d)
{
	return json_pack("{s:o, s:s, s:s, s:o, s:s}", "date", date_json(d->date), "kind", d->kind,
			 "name", d->name, "updated_at", d->updated_at ? json_time(d->updated_at)
								       : json_null(),
			 "updated_by", d->updated_by);
}

static json_t *minute_json(int m)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
	return json_string(buf);
}

static json_t *hours_json(const struct workday_calendar *c, int64_t version)
{
	json_t *segs = json_array();
	for (int i = 0; i < c->nseg; i++)
		json_array_append_new(segs, json_pack("{s:o, s:o}", "start", minute_json(c->seg[i].start),
						      "end", minute_json(c->seg[i].end)));
	return json_pack("{s:o, s:I, s:I}", "segments", segs, "minutes_a_day",
			 (json_int_t)workday_day_minutes(c), "version", (json_int_t)version);
}

int calendar_year(struct ctx *cx, int year, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	if (year < YEAR_MIN || year > YEAR_MAX)
		return err_field(&cx->err, "year", "calendar_year", 0);
	struct workday_calendar c = {0};
	int64_t version = 0;
	struct calendar_day *days;
	size_t n;
	int from = year * 10000 + 101, to = year * 10000 + 1231;
	if (load_hours(cx, &c, &version) < 0 || load_days(cx, from, to, &days, &n) < 0)
		return -1;
	set_exceptions(cx, days, n, &c);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, day_json(&days[i]));
	int working = 0;
	for (int d = from; d <= to; d = date_add(d, 1))
		working += workday_is_work(&c, d);
	*out = json_pack("{s:i, s:o, s:o, s:i}", "year", year, "days", list, "hours",
			 hours_json(&c, version), "working_days", working);
	return 0;
}

/* The tail of an edit: audited with its before and after (both taken), committed; the after
 * handed out (when out is given; else dropped). */
static int finish(struct ctx *cx, const char *action, const char *entity, int64_t id,
		  json_t *before, json_t *after, json_t **out)
{
	int rc = audit_record(cx, action, entity, id, before, after);
	json_decref(before);
	if (rc < 0 || ctx_commit(cx) < 0) {
		json_decref(after);
		ctx_rollback(cx);
		return -1;
	}
	if (out)
		*out = after;
	else
		json_decref(after);
	return 0;
}

/* A path's date: a real one of the years kept; 0 with a 404 otherwise. */
static int path_date(struct ctx *cx, const char *s)
{
	int d = date_parse(s);
	if (d < YEAR_MIN * 10000 || d > YEAR_MAX * 10000 + 1231) {
		err_set(&cx->err, ERR_NOT_FOUND);
		return 0;
	}
	return d;
}

static int day_by_date(struct ctx *cx, int date, struct calendar_day *out)
{
	struct calendar_day *days;
	size_t n;
	if (load_days(cx, date, date, &days, &n) < 0)
		return -1;
	if (n)
		*out = days[0];
	return n > 0;
}

static const char *actor_name(const struct ctx *cx)
{
	return cx->actor.username ? cx->actor.username : "";
}

/* A day's entry made or replaced in the open transaction (by cx's actor, now): 0, or -1 rolled
 * back. */
static int write_day(struct ctx *cx, int date, const char *kind, const char *name)
{
	static const char *const sql[2] = {
		"INSERT INTO calendar_days (day, kind, name, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
		"updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		"INSERT INTO calendar_days (day, kind, name, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, "
		"updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by"};
	struct store_stmt *st = store_prepare(cx->db, sql[store_kind(cx->db) == STORE_POSTGRES]);
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, date);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, name);
	store_bind_int64(st, 4, cx->now);
	store_bind_text(st, 5, actor_name(cx));
	return ctx_write(cx, st, NULL, NULL, NULL);
}

/* A day's entry deleted in the open transaction: 0 with *changed the rows gone, or -1 rolled
 * back. */
static int delete_day(struct ctx *cx, int date, int64_t *changed)
{
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM calendar_days WHERE day = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, date);
	return ctx_write(cx, st, NULL, NULL, changed);
}

int calendar_day_set(struct ctx *cx, const char *date_s, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"kind", "name", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	int date = path_date(cx, date_s);
	if (!date)
		return -1;
	const struct limit *ln = &calendar_limits[L_CALENDAR_NAME];
	const char *kind = NULL, *name = "";
	json_only_fields(body, allowed, e);
	if (jf_str(body, "kind", JF_REQUIRED, 1, 16, &kind, e) > 0 && strcmp(kind, "holiday") &&
	    strcmp(kind, "workday"))
		err_field(e, "kind", "calendar_kind", 0);
	jf_str(body, "name", 0, (size_t)ln->min, (size_t)ln->max, &name, e);
	if (e->code)
		return -1;
	/* a day that is so by the week's rule already needs no entry, unless it has a name (a
	 * holiday that falls on a Sunday) */
	bool weekday = date_weekday(date) <= 5;
	if (strcmp(kind, "workday") == 0 && weekday)
		return err_field(e, "kind", "calendar_workday_weekday", 0);
	struct calendar_day before = {0};
	int had = day_by_date(cx, date, &before);
	if (had < 0 || ctx_begin(cx) < 0 || write_day(cx, date, kind, name) < 0)
		return -1;
	struct calendar_day after = {date, kind, name, cx->now, actor_name(cx)};
	return finish(cx, "calendar.day_set", "calendar_day", date, had ? day_json(&before) : NULL,
		      day_json(&after), out);
}

int calendar_day_clear(struct ctx *cx, const char *date_s)
{
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	int date = path_date(cx, date_s);
	if (!date)
		return -1;
	struct calendar_day before;
	int had = day_by_date(cx, date, &before);
	if (had < 0)
		return -1;
	if (!had)
		return err_set(&cx->err, ERR_NOT_FOUND);
	int64_t changed = 0;
	if (ctx_begin(cx) < 0 || delete_day(cx, date, &changed) < 0)
		return -1;
	if (!changed) {   /* cleared by someone else meanwhile */
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return finish(cx, "calendar.day_clear", "calendar_day", date, day_json(&before), NULL, NULL);
}

int calendar_hours_set(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "segments", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	int64_t version = 0;
	json_only_fields(body, allowed, e);
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	json_t *segs = json_object_get(body, "segments");
	struct workday_calendar c = {0};
	if (!segs)
		err_field(e, "segments", "required", 0);
	else if (!json_is_array(segs) || json_array_size(segs) < 1 ||
		 json_array_size(segs) > WORKDAY_SEGMENTS)
		err_field(e, "segments", "calendar_segments_count", WORKDAY_SEGMENTS);
	else {
		size_t i;
		json_t *v;
		json_array_foreach(segs, i, v) {
			const char *field = arena_printf(cx->a, "segments[%zu]", i);
			int a = date_parse_hhmm(json_string_value(json_object_get(v, "start")));
			int b = date_parse_hhmm(json_string_value(json_object_get(v, "end")));
			if (!json_is_object(v) || a < 0 || b < 0 || json_object_size(v) != 2) {
				err_field(e, field, "calendar_segment", 0);
				continue;
			}
			c.seg[c.nseg].start = a;
			c.seg[c.nseg].end = b;
			c.nseg++;
		}
		if (!e->code && !workday_segments_valid(&c))
			err_field(e, "segments", "calendar_segments_order", 0);
	}
	if (e->code)
		return -1;
	struct workday_calendar old = {0};
	int64_t current = 0;
	if (load_hours(cx, &old, &current) < 0 || ctx_begin(cx) < 0)
		return -1;
	if (ctx_bump_version(cx, "UPDATE calendar_hours SET version = version + 1, updated_at = ? "
				 "WHERE id = ? AND version = ?", HOURS_ID, version) < 0)
		return -1;
	char text[128];
	size_t len = 0;
	for (int i = 0; i < c.nseg; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%d-%d", i ? "," : "",
					c.seg[i].start, c.seg[i].end);
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE calendar_hours SET segments = ?, updated_by = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, text);
	store_bind_text(st, 2, cx->actor.username ? cx->actor.username : "");
	store_bind_int64(st, 3, HOURS_ID);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	return finish(cx, "calendar.hours", "calendar_hours", HOURS_ID, hours_json(&old, current),
		      hours_json(&c, version + 1), out);
}

int calendar_due(struct ctx *cx, int64_t from, int64_t days, int64_t hours, json_t **out)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int64_t due = 0;
	if ((days ? calendar_due_days(cx, from, (int)days, &due)
		  : calendar_due_minutes(cx, from, hours * 60, &due)) < 0)
		return -1;
	/* a limit in days ends at 24:00 of its last day: that day, for display */
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o}", "from", json_time(from), "due", json_time(due),
			 "due_date", date_json(date_of_time(days ? due - 1 : due)),
			 "working_days", days ? json_integer(days) : json_null(),
			 "working_hours", days ? json_null() : json_integer(hours));
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* a year's file, as the notice reads */

#define IMPORT_MAX_ROWS 366            /* a year's days */
/* A worked Saturday or Sunday named in the file after the holiday it makes up for (春节) is
 * kept under that name with this after it (春节调休上班), as the seeded years have it. */
#define WORKED_SUFFIX "调休上班"

struct import_row {
	size_t row, line;      /* the record of the file (the header is 1) and the line it starts on */
	int date;              /* 0 when it is no date of the year */
	const char *kind, *name;
};

struct import {
	struct ctx *cx;
	int year;              /* 0 until the first date (for the command line's year 0) */
	size_t seen[IMPORT_MAX_ROWS];   /* by day of the year: the row that has it, or 0 */
	json_t *errors;
};

static void row_error(struct import *im, const struct import_row *r, const char *field,
		      const char *key, long arg)
{
	char msg[256];
	err_field_message(key, arg, im->cx->lang, msg, sizeof msg);
	json_array_append_new(im->errors, json_pack("{s:I, s:I, s:s?, s:s}", "row", (json_int_t)r->row,
						    "line", (json_int_t)r->line, "field", field,
						    "message", msg));
}

/* s without the spaces and tabs around it (in place: csv cells are the arena's). */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static bool blank(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (*trim(cells[i]))
			return false;
	return true;
}

static bool is_header(char **cells, size_t n)
{
	return n == 3 && strcasecmp(trim(cells[0]), "date") == 0 &&
	       strcasecmp(trim(cells[1]), "kind") == 0 && strcasecmp(trim(cells[2]), "name") == 0;
}

/* One row judged as calendar_day_set judges a day, and its date against the rows before it. */
static void judge_row(struct import *im, struct import_row *r, char **cells, size_t n)
{
	const struct limit *ln = &calendar_limits[L_CALENDAR_NAME];
	if (n != 3) {
		row_error(im, r, NULL, "calendar_import_cells", (long)n);
		return;
	}
	const char *ds = trim(cells[0]), *ks = trim(cells[1]), *ns = trim(cells[2]);
	int d = date_parse(ds);
	if (!*ds) {
		row_error(im, r, "date", "required", 0);
	} else if (!d) {
		row_error(im, r, "date", "calendar_import_date", 0);
	} else {
		if (!im->year)
			im->year = d / 10000;
		if (d / 10000 != im->year) {
			row_error(im, r, "date", "calendar_import_year", im->year);
		} else {
			int64_t k = date_to_days(d) - date_to_days(im->year * 10000 + 101);
			if (im->seen[k])
				row_error(im, r, "date", "calendar_import_twice", (long)im->seen[k]);
			else
				im->seen[k] = r->row;
			r->date = d;
		}
	}
	if (!*ks)
		row_error(im, r, "kind", "required", 0);
	else if (strcmp(ks, "holiday") && strcmp(ks, "workday"))
		row_error(im, r, "kind", "calendar_kind", 0);
	else if (strcmp(ks, "workday") == 0 && d && date_weekday(d) <= 5)
		row_error(im, r, "kind", "calendar_workday_weekday", 0);
	if (!utf8_valid(ns, strlen(ns)))
		row_error(im, r, "name", "calendar_import_not_utf8", 0);
	else if (text_has_control(ns, false))
		row_error(im, r, "name", "control_chars", 0);
	else if (text_has_bidi(ns))
		row_error(im, r, "name", "bidi_chars", 0);
	else if (utf8_count(ns) > (size_t)ln->max)
		row_error(im, r, "name", "too_long", (long)ln->max);
	else if (utf8_count(ns) < (size_t)ln->min)
		row_error(im, r, "name", "too_short", (long)ln->min);
	r->kind = ks;
	r->name = ns;
}

/* The worked days named after a holiday of the file take the suffix, when it fits. */
static void name_worked_days(struct ctx *cx, struct import_row *rows, size_t n)
{
	size_t room = (size_t)calendar_limits[L_CALENDAR_NAME].max - utf8_count(WORKED_SUFFIX);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].kind, "workday") || !*rows[i].name || utf8_count(rows[i].name) > room)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (strcmp(rows[j].kind, "holiday") == 0 && strcmp(rows[j].name, rows[i].name) == 0) {
				rows[i].name = arena_printf(cx->a, "%s" WORKED_SUFFIX, rows[i].name);
				break;
			}
		}
	}
}

/* The file read and judged: 0 with the rows, or -1 with cx->err (and im->errors holding the
 * rows' errors when there are some). */
static int read_file(struct import *im, const char *data, size_t len, struct import_row **rows,
		     size_t *nrows)
{
	struct ctx *cx = im->cx;
	struct csv *c = arena_alloc(cx->a, sizeof *c);
	csv_init(c, data, len);
	char **cells;
	size_t n;
	int rc;
	while ((rc = csv_next(c, cx->a, &cells, &n)) > 0 && blank(cells, n))
		;
	if (rc < 0)
		return err_field(&cx->err, "body", csv_error_key(c->error), (long)c->record);
	if (rc == 0 || !is_header(cells, n))
		return err_field(&cx->err, "body", "calendar_import_header", 0);
	*rows = arena_alloc(cx->a, IMPORT_MAX_ROWS * sizeof **rows);
	*nrows = 0;
	while ((rc = csv_next(c, cx->a, &cells, &n)) > 0) {
		if (blank(cells, n))
			continue;
		if (*nrows == IMPORT_MAX_ROWS)
			return err_field(&cx->err, "body", "calendar_import_too_many", IMPORT_MAX_ROWS);
		struct import_row *r = &(*rows)[(*nrows)++];
		*r = (struct import_row){.row = c->record, .line = c->line};
		judge_row(im, r, cells, n);
	}
	if (rc < 0) {   /* nothing after a malformed record can be read */
		struct import_row r = {.row = c->record, .line = c->line};
		row_error(im, &r, NULL, csv_error_key(c->error), (long)c->record);
	}
	if (json_array_size(im->errors))
		return err_setf(&cx->err, ERR_VALIDATION, "calendar import: %zu errors",
				json_array_size(im->errors));
	if (!*nrows)
		return err_field(&cx->err, "body", "calendar_import_empty", 0);
	return 0;
}

int calendar_import(struct ctx *cx, int year, const char *data, size_t len, json_t **out)
{
	struct err *e = &cx->err;
	if (out)
		*out = NULL;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	if (year && (year < YEAR_MIN || year > YEAR_MAX))
		return err_field(e, "year", "calendar_year", 0);
	if (!len)
		return err_field(e, "body", "required", 0);
	if (len > CALENDAR_IMPORT_MAX)
		return err_setf(e, ERR_TOO_LARGE, "a calendar file of %zu bytes", len);
	struct import *im = arena_alloc(cx->a, sizeof *im);
	*im = (struct import){.cx = cx, .year = year, .errors = json_array()};
	struct import_row *rows = NULL;
	size_t n = 0;
	int rc = read_file(im, data, len, &rows, &n);
	if (rc == 0 && (im->year < YEAR_MIN || im->year > YEAR_MAX))   /* a year taken from the file */
		rc = err_field(e, "year", "calendar_year", 0);
	if (rc < 0) {
		if (json_array_size(im->errors) && e->code == ERR_VALIDATION && !e->nfields && out)
			*out = json_pack("{s:i, s:I, s:I, s:o}", "year", im->year, "rows", (json_int_t)n,
					 "errors_total", (json_int_t)json_array_size(im->errors),
					 "errors", im->errors);
		else
			json_decref(im->errors);
		return -1;
	}
	json_decref(im->errors);
	name_worked_days(cx, rows, n);

	/* the year's entries now, by day of the year, then the file's in their place */
	year = im->year;
	int from = year * 10000 + 101, to = year * 10000 + 1231;
	int64_t first = date_to_days(from);
	struct calendar_day *old;
	size_t nold;
	if (ctx_begin(cx) < 0)
		return -1;
	/* imports one after another (the hours' row taken as the calendar's lock): the year read
	 * next is the one the import before left, so that the file replaces all of it */
	struct store_stmt *lock = store_prepare(cx->db,
		"UPDATE calendar_hours SET segments = segments WHERE id = ?");
	if (!lock)
		return ctx_fail(cx);
	store_bind_int64(lock, 1, HOURS_ID);
	if (ctx_write(cx, lock, NULL, NULL, NULL) < 0)
		return -1;
	if (load_days(cx, from, to, &old, &nold) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	const struct calendar_day **had = arena_alloc(cx->a, IMPORT_MAX_ROWS * sizeof *had);
	bool *kept = arena_alloc(cx->a, IMPORT_MAX_ROWS * sizeof *kept);
	memset(had, 0, IMPORT_MAX_ROWS * sizeof *had);
	memset(kept, 0, IMPORT_MAX_ROWS * sizeof *kept);
	size_t holidays0 = 0, added = 0, changed = 0, removed = 0, holidays = 0;
	for (size_t i = 0; i < nold; i++) {
		had[date_to_days(old[i].date) - first] = &old[i];
		holidays0 += strcmp(old[i].kind, "holiday") == 0;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t k = date_to_days(rows[i].date) - first;
		const struct calendar_day *o = had[k];
		kept[k] = true;
		holidays += strcmp(rows[i].kind, "holiday") == 0;
		if (o && strcmp(o->kind, rows[i].kind) == 0 && strcmp(o->name, rows[i].name) == 0)
			continue;   /* as it is: its time and author stay */
		if (write_day(cx, rows[i].date, rows[i].kind, rows[i].name) < 0)
			return -1;
		if (o)
			changed++;
		else
			added++;
	}
	for (size_t i = 0; i < nold; i++) {
		if (kept[date_to_days(old[i].date) - first])
			continue;
		if (delete_day(cx, old[i].date, NULL) < 0)
			return -1;
		removed++;
	}
	/* the answer read in the transaction, so that a failure to read it rolls the import back */
	json_t *answer;
	if (calendar_year(cx, year, &answer) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I}", "imported", (json_int_t)n, "added",
				   (json_int_t)added, "changed", (json_int_t)changed, "removed",
				   (json_int_t)removed);
	json_t *before = json_pack("{s:i, s:I, s:I}", "year", year, "holidays", (json_int_t)holidays0,
				   "workdays", (json_int_t)(nold - holidays0));
	json_t *after = json_pack("{s:i, s:I, s:I}", "year", year, "holidays", (json_int_t)holidays,
				  "workdays", (json_int_t)(n - holidays));
	json_object_update(after, counts);
	json_object_update(answer, counts);
	json_decref(counts);
	if (finish(cx, "calendar.import", "calendar_year", year, before, after, NULL) < 0) {
		json_decref(answer);
		return -1;
	}
	if (out)
		*out = answer;
	else
		json_decref(answer);
	return 0;
}
