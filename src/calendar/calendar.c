/* The working-day calendar (calendar.h): its days and hours in the database, the rules of
 * their edits, and time limits worked out on them by base/workday. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
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

/* The calendar from t's day on, far enough for `days` days of walking (its hours loaded). */
static int load_from(struct ctx *cx, int64_t t, int64_t days, struct workday_calendar *c)
{
	int from = date_of_time(t);
	return load_exceptions(cx, from, date_add(from, (int)(days < 36600 ? days : 36600)), c);
}

int calendar_due_days(struct ctx *cx, int64_t t, int n, int64_t *due)
{
	struct workday_calendar c = {0};
	/* n working days lie within 2n + 60 days, whatever the holidays of a year */
	if (load_hours(cx, &c, NULL) < 0 || load_from(cx, t, 2 * (int64_t)n + 60, &c) < 0)
		return -1;
	*due = workday_add_days(&c, t, n);
	return 0;
}

int calendar_due_minutes(struct ctx *cx, int64_t t, int64_t m, int64_t *due)
{
	struct workday_calendar c = {0};
	if (load_hours(cx, &c, NULL) < 0 ||
	    load_from(cx, t, 2 * (m / workday_day_minutes(&c) + 1) + 60, &c) < 0)
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
	if (had < 0 || ctx_begin(cx) < 0)
		return -1;
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
	const char *by = cx->actor.username ? cx->actor.username : "";
	store_bind_int64(st, 1, date);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, name);
	store_bind_int64(st, 4, cx->now);
	store_bind_text(st, 5, by);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	struct calendar_day after = {date, kind, name, cx->now, by};
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
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM calendar_days WHERE day = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, date);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
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
