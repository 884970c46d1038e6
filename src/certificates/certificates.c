/* Certificates of service: issue from the approved hours, revoke, the lists in scope, the
 * public check by number, and the volunteer's record. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "base/qr.h"
#include "base/ratelimit.h"
#include "base/text.h"
#include "certificates/internal.h"
#include "org/org.h"
#include "shifts/shifts.h"
#include "volunteers/volunteers.h"

struct cert {
	int64_t id, unit_id, volunteer_id;
	const char *number, *unit_name, *unit_path, *name, *volunteer_number, *id_type, *id_masked;
	int64_t period_from, period_to, minutes, approved_minutes;
	const char *content, *entries, *issuer_name, *person_in_charge, *handler, *contact_phone;
	int64_t issued_on;
	const char *state, *revoke_reason;
	int64_t revoked_at, created_at, updated_at, version;
};

#define C_COLS "c.id, c.number, c.unit_id, o.name, o.path, c.volunteer_id, c.name, " \
	"c.volunteer_number, c.id_type, c.id_masked, c.period_from, c.period_to, c.minutes, " \
	"c.approved_minutes, c.content, c.entries, c.issuer_name, c.person_in_charge, c.handler, " \
	"c.contact_phone, c.issued_on, c.state, c.revoke_reason, c.revoked_at, c.created_at, " \
	"c.updated_at, c.version"
#define C_FROM "certificates c JOIN org_units o ON o.id = c.unit_id"

static const char *col_str(struct ctx *cx, struct store_stmt *st, int i)
{
	return store_col_is_null(st, i) ? NULL : arena_strdup(cx->a, store_col_text(st, i));
}

static int64_t read_cert(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct cert *c = row;
	c->id = store_col_int64(st, 0);
	c->number = col_str(cx, st, 1);
	c->unit_id = store_col_int64(st, 2);
	c->unit_name = col_str(cx, st, 3);
	c->unit_path = col_str(cx, st, 4);
	c->volunteer_id = store_col_int64(st, 5);
	c->name = col_str(cx, st, 6);
	c->volunteer_number = col_str(cx, st, 7);
	c->id_type = col_str(cx, st, 8);
	c->id_masked = col_str(cx, st, 9);
	c->period_from = store_col_int64(st, 10);
	c->period_to = store_col_int64(st, 11);
	c->minutes = store_col_int64(st, 12);
	c->approved_minutes = store_col_int64(st, 13);
	c->content = col_str(cx, st, 14);
	c->entries = col_str(cx, st, 15);
	c->issuer_name = col_str(cx, st, 16);
	c->person_in_charge = col_str(cx, st, 17);
	c->handler = col_str(cx, st, 18);
	c->contact_phone = col_str(cx, st, 19);
	c->issued_on = store_col_int64(st, 20);
	c->state = col_str(cx, st, 21);
	c->revoke_reason = col_str(cx, st, 22);
	c->revoked_at = store_col_is_null(st, 23) ? 0 : store_col_int64(st, 23);
	c->created_at = store_col_int64(st, 24);
	c->updated_at = store_col_int64(st, 25);
	c->version = store_col_int64(st, 26);
	return c->id;
}

static json_t *date_json(int64_t d)
{
	char b[16];
	if (!d)
		return json_null();
	date_format((int)d, b, sizeof b);
	return json_string(b);
}

/* What the paper shows: the public check's answer, and the core of the staff's. */
static json_t *paper_json(const struct cert *c)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:o, s:o, s:I, s:s, s:s, s:s, s:s, s:s,"
			 " s:o, s:s, s:o}",
		"number", c->number, "name", c->name, "volunteer_number", c->volunteer_number,
		"id_type", c->id_type, "id_number", c->id_masked, "content", c->content,
		"from", date_json(c->period_from), "to", date_json(c->period_to),
		"minutes", (json_int_t)c->minutes, "issuer_name", c->issuer_name,
		"person_in_charge", c->person_in_charge, "handler", c->handler,
		"contact_phone", c->contact_phone, "state", c->state,
		"issued_on", date_json(c->issued_on), "unit_name", c->unit_name,
		"revoked_at", json_time(c->revoked_at));
}

static json_t *cert_json(const struct cert *c, bool full)
{
	json_t *o = paper_json(c);
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)c->unit_id, "name", c->unit_name));
	json_object_set_new(o, "volunteer_id", json_integer(c->volunteer_id));
	json_object_set_new(o, "approved_minutes", json_integer(c->approved_minutes));
	json_object_set_new(o, "revoke_reason", json_str_or_null(c->revoke_reason));
	json_object_set_new(o, "created_at", json_time(c->created_at));
	json_object_set_new(o, "updated_at", json_time(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	if (full) {
		json_t *items = json_loads(c->entries, 0, NULL);
		json_object_set_new(o, "entries", items ? items : json_array());
	}
	return o;
}

static int fetch_where(struct ctx *cx, const char *where, int64_t id, const char *number,
		       struct cert *out)
{
	struct store_stmt *st = store_prepare(cx->db, arena_printf(cx->a, "SELECT " C_COLS " FROM "
								  C_FROM " WHERE %s", where));
	if (!st)
		return ctx_store_error(cx);
	if (number)
		store_bind_text(st, 1, number);
	else
		store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_cert(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

/* The certificate with perm in its unit's scope: 0, or -1 (404 outside it). */
static int cert_with(struct ctx *cx, int64_t id, enum perm perm, struct cert *out)
{
	if (access_require(cx, perm, NULL) < 0)
		return -1;
	int r = fetch_where(cx, "c.id = ?", id, NULL, out);
	if (r <= 0)
		return r < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	const char *paths[] = {out->unit_path};
	struct scope_target t = {1, paths};
	return access_require(cx, perm, &t);
}

int certificates_list(struct ctx *cx, const struct certificate_filter *f, json_t **items,
		      int64_t *next)
{
	if (access_require(cx, PERM_VOLUNTEERS_READ, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT " C_COLS " FROM " C_FROM " WHERE " ACCESS_PATH_IN_SCOPE_SQL("o.path")
		" AND (CAST(? AS BIGINT) IS NULL OR c.volunteer_id = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM org_units fu WHERE fu.id = ?"
		"  AND substr(o.path, 1, length(fu.path)) = fu.path))"
		" AND (CAST(? AS TEXT) IS NULL OR c.state = ?)"
		" AND (CAST(? AS BIGINT) IS NULL OR c.id < ?) ORDER BY c.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int limit = f->limit > 0 ? f->limit : 50, k = 1;
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64_or_null(st, k++, f->volunteer_id);
	store_bind_int64_or_null(st, k++, f->volunteer_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_int64_or_null(st, k++, f->unit_id);
	store_bind_text(st, k++, f->state);
	store_bind_text(st, k++, f->state);
	store_bind_int64_or_null(st, k++, f->cursor);
	store_bind_int64_or_null(st, k++, f->cursor);
	store_bind_int64(st, k, limit + 1);
	struct cert *rows;
	size_t n;
	if (ctx_page(cx, st, sizeof *rows, limit, read_cert, &rows, &n, next) < 0)
		return -1;
	*items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*items, cert_json(&rows[i], false));
	return 0;
}

static const char *verify_url(struct ctx *cx, const char *base, const char *number)
{
	return arena_printf(cx->a, "%s/certificates/verify?number=%s", base, number);
}

int certificates_get(struct ctx *cx, int64_t id, const char *base, json_t **out)
{
	struct cert c;
	if (cert_with(cx, id, PERM_VOLUNTEERS_READ, &c) < 0)
		return -1;
	*out = cert_json(&c, true);
	const char *url = verify_url(cx, base, c.number);
	char *svg = qr_svg(cx->a, url, 4);
	json_object_set_new(*out, "verify", json_pack("{s:s, s:s?}", "url", url, "qr_svg", svg));
	return 0;
}

/* ---- issue ---- */

/* The period's days: [from, to] as YYYYMMDD, judged. */
static void judge_period(struct ctx *cx, json_t *b, int *from, int *to)
{
	struct err *e = &cx->err;
	const char *s = NULL;
	*from = *to = 0;
	if (jf_str(b, "from", JF_REQUIRED, 1, 10, &s, e) > 0 && !(*from = date_parse(s)))
		err_field(e, "from", "date_format", 0);
	if (jf_str(b, "to", JF_REQUIRED, 1, 10, &s, e) > 0 && !(*to = date_parse(s)))
		err_field(e, "to", "date_format", 0);
	if (!*from || !*to)
		return;
	int today = date_of_time(cx->now);
	if (*to > today)
		err_field(e, "to", "cert_period_future", 0);
	else if (*to < *from)
		err_field(e, "to", "cert_period_order", 0);
	else if (date_to_days(*to) - date_to_days(*from) >= CERT_MAX_DAYS)
		err_field(e, "to", "cert_period_long", CERT_MAX_DAYS);
}

static int hours_of(struct ctx *cx, int64_t volunteer_id, int from, int to, int64_t *minutes,
		    struct shift_hours_item **items, size_t *n)
{
	return shifts_volunteer_hours(cx, volunteer_id, date_midnight(from),
				      date_midnight(date_add(to, 1)), minutes, items, n);
}

static json_t *items_json(const struct shift_hours_item *it, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I}",
			"id", (json_int_t)it[i].id, "activity", it[i].activity, "role", it[i].role,
			"unit", it[i].unit_name, "starts_at", json_time(it[i].starts_at),
			"ends_at", json_time(it[i].ends_at), "minutes", (json_int_t)it[i].minutes));
	return a;
}

/* 服务内容: each activity once, in the order first served, with its times, hours and days. */
static const char *summary(struct ctx *cx, const struct shift_hours_item *it, size_t n)
{
	struct buf b;
	buf_init(&b, cx->a);
	bool *done = arena_alloc(cx->a, n + 1);
	memset(done, 0, n + 1);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		int64_t times = 0, minutes = 0;
		int first = date_of_time(it[i].starts_at), last = first;
		for (size_t j = i; j < n; j++) {
			if (done[j] || it[j].activity_id != it[i].activity_id)
				continue;
			done[j] = true;
			times++;
			minutes += it[j].minutes;
			last = date_of_time(it[j].starts_at);
		}
		char d1[16], d2[16];
		date_format(first, d1, sizeof d1);
		date_format(last, d2, sizeof d2);
		if (b.len)
			buf_puts(&b, "；");
		buf_printf(&b, "%s（%s）%lld 次，共 %lld.%lld 小时", it[i].activity, it[i].role,
			   (long long)times, (long long)(minutes / 60), (long long)(minutes % 60 * 10 / 60));
		if (first == last)
			buf_printf(&b, "，%s", d1);
		else
			buf_printf(&b, "，%s 至 %s", d1, d2);
		if (b.len > 3000) {
			buf_puts(&b, "；等");
			break;
		}
	}
	return buf_str(&b);
}

int certificates_preview(struct ctx *cx, int64_t volunteer_id, const char *from, const char *to,
			 json_t **out)
{
	struct volunteer v;
	if (volunteers_get(cx, volunteer_id, &v) < 0)
		return -1;
	json_t *b = json_pack("{s:s?, s:s?}", "from", from, "to", to);
	int f, t;
	judge_period(cx, b, &f, &t);
	json_decref(b);
	int64_t minutes;
	struct shift_hours_item *items;
	size_t n;
	if (cx->err.code || hours_of(cx, v.id, f, t, &minutes, &items, &n) < 0)
		return -1;
	*out = json_pack("{s:I, s:o, s:s}", "minutes", (json_int_t)minutes, "items", items_json(items, n),
			 "content", summary(cx, items, n));
	return 0;
}

static const char check_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static bool phone_ok(const char *s)
{
	size_t digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '-' && *s != ' ' && *s != '+')
			return false;
	}
	return digits >= 5;
}

static int str_of(json_t *b, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *lim = &certificates_limits[l];
	int rc = jf_str(b, name, flags, 0, (size_t)lim->max, out, e);
	if (rc > 0 && utf8_count(*out) < (size_t)lim->min)
		return err_field(e, name, lim->min > 1 ? "too_short" : "required", lim->min);
	return rc;
}

int certificates_issue(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"volunteer_id", "from", "to", "minutes", "issuer_name",
		"person_in_charge", "handler", "contact_phone", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_VOLUNTEERS_WRITE, NULL) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t vid = 0, asked = 0;
	struct volunteer v = {0};
	struct org_unit u = {0};
	bool have_v = false;
	if (jf_int(body, "volunteer_id", JF_REQUIRED, 1, INT64_MAX, &vid, e) > 0) {
		int r = volunteers_by_id(cx, vid, &v);
		if (r < 0)
			return -1;
		int ru = r ? org_unit_by_id(cx, v.unit_id, &u) : 0;
		if (ru < 0)
			return -1;
		if (!r || !ru || !access_path_in_scope(cx, v.unit_path))
			err_field(e, "volunteer_id", "cert_volunteer", 0);
		else if (v.approval != VOLUNTEER_APPROVED || !v.number)
			err_field(e, "volunteer_id", "cert_not_approved", 0);
		else
			have_v = true;
	}
	int from, to;
	judge_period(cx, body, &from, &to);
	jf_int(body, "minutes", 0, certificates_limits[L_CERT_MINUTES].min,
	       certificates_limits[L_CERT_MINUTES].max, &asked, e);
	const char *issuer = NULL, *person = NULL, *handler = NULL, *phone = NULL;
	str_of(body, "issuer_name", 0, L_CERT_ISSUER, &issuer, e);
	str_of(body, "person_in_charge", JF_REQUIRED, L_CERT_PERSON, &person, e);
	str_of(body, "handler", JF_REQUIRED, L_CERT_HANDLER, &handler, e);
	if (str_of(body, "contact_phone", JF_REQUIRED, L_CERT_PHONE, &phone, e) > 0 && !phone_ok(phone))
		err_field(e, "contact_phone", "cert_phone", 0);
	if (e->code)
		return -1;
	if (!have_v)
		return err_set(e, ERR_VALIDATION);
	int64_t approved;
	struct shift_hours_item *items;
	size_t n;
	if (hours_of(cx, v.id, from, to, &approved, &items, &n) < 0)
		return -1;
	if (approved <= 0)
		return err_field(e, "from", "cert_no_hours", 0);
	if (asked > approved)
		return err_field(e, "minutes", "cert_minutes_exceed", approved);
	int64_t minutes = asked ? asked : approved;
	if (!issuer)
		issuer = u.name;
	json_t *entries = items_json(items, n);
	const char *entries_text = json_to_arena(cx->a, entries, NULL);
	json_decref(entries);
	const char *content = summary(cx, items, n);
	int today = date_of_time(cx->now), year = today / 10000;
	if (ctx_begin(cx) < 0)
		return -1;
	int64_t seq = 0;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COALESCE(MAX(seq), 0) + 1 FROM certificates WHERE unit_id = ? AND year = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, v.unit_id);
	store_bind_int64(st, 2, year);
	if (store_step(st) == STORE_ROW)
		seq = store_col_int64(st, 0);
	store_reset(st);
	if (!seq)
		return ctx_fail(cx);
	unsigned char rnd[CERT_CHECK_CHARS];
	char check[CERT_CHECK_CHARS + 1];
	randombytes_buf(rnd, sizeof rnd);
	for (int i = 0; i < CERT_CHECK_CHARS; i++)
		check[i] = check_alphabet[rnd[i] % 32];
	check[CERT_CHECK_CHARS] = 0;
	const char *number = arena_printf(cx->a, "%s-ZM-%d-%04lld-%s", u.code, year, (long long)seq, check);
	st = store_prepare(cx->db,
		"INSERT INTO certificates (number, unit_id, year, seq, volunteer_id, name, volunteer_number,"
		" id_type, id_masked, period_from, period_to, minutes, approved_minutes, content, entries,"
		" issuer_name, person_in_charge, handler, contact_phone, issued_on, state, created_by,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, 'valid', ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, number);
	store_bind_int64(st, k++, v.unit_id);
	store_bind_int64(st, k++, year);
	store_bind_int64(st, k++, seq);
	store_bind_int64(st, k++, v.id);
	store_bind_text(st, k++, v.name);
	store_bind_text(st, k++, v.number);
	store_bind_text(st, k++, v.id_type);
	store_bind_text(st, k++, v.id_masked);
	store_bind_int64(st, k++, from);
	store_bind_int64(st, k++, to);
	store_bind_int64(st, k++, minutes);
	store_bind_int64(st, k++, approved);
	store_bind_text(st, k++, content);
	store_bind_text(st, k++, entries_text);
	store_bind_text(st, k++, issuer);
	store_bind_text(st, k++, person);
	store_bind_text(st, k++, handler);
	store_bind_text(st, k++, phone);
	store_bind_int64(st, k++, today);
	store_bind_int64_or_null(st, k++, cx->actor.user_id);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k, cx->now);
	int64_t id = 0;
	int rc = store_step(st);
	if (rc == STORE_ROW)
		id = store_col_int64(st, 0), rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || !id) {
		ctx_fail(cx);
		if (e->code == ERR_CONFLICT)
			err_field(e, "volunteer_id", "cert_concurrent", 0);
		return -1;
	}
	struct cert c;
	if (fetch_where(cx, "c.id = ?", id, NULL, &c) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *after = cert_json(&c, false);
	int rc2 = audit_record(cx, "certificate.issue", "certificate", id, NULL, after);
	json_decref(after);
	if (rc2 < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	*out = cert_json(&c, true);
	return 0;
}

int certificates_revoke(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct err *e = &cx->err;
	struct cert c;
	if (cert_with(cx, id, PERM_VOLUNTEERS_WRITE, &c) < 0)
		return -1;
	json_only_fields(body, allowed, e);
	int64_t version = 0;
	const char *reason = NULL;
	jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	str_of(body, "reason", JF_REQUIRED, L_CERT_REASON, &reason, e);
	if (e->code)
		return -1;
	if (strcmp(c.state, "valid") != 0) {
		err_field(e, "state", "cert_revoked", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE certificates SET state = 'revoked', revoke_reason = ?, revoked_by = ?, revoked_at = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND state = 'valid'");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, reason);
	store_bind_int64_or_null(st, 2, cx->actor.user_id);
	store_bind_int64(st, 3, cx->now);
	store_bind_int64(st, 4, cx->now);
	store_bind_int64(st, 5, id);
	store_bind_int64(st, 6, version);
	if (ctx_write_version(cx, st) < 0)
		return -1;
	struct cert after;
	if (fetch_where(cx, "c.id = ?", id, NULL, &after) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	json_t *jb = cert_json(&c, false), *ja = cert_json(&after, false);
	int rc = audit_record(cx, "certificate.revoke", "certificate", id, jb, ja);
	json_decref(jb);
	json_decref(ja);
	if (rc < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	*out = cert_json(&after, true);
	return 0;
}

/* ---- the public check ---- */

static struct ratelimit public_rate = RATELIMIT_INIT;

void certificates_set_public_rate(unsigned per_minute) { ratelimit_set(&public_rate, per_minute); }

int certificates_public(struct ctx *cx, const char *number, json_t **out)
{
	int wait = 0;
	if (!ratelimit_take(&public_rate, cx->ip ? cx->ip : "", cx->now, &wait)) {
		cx->err.retry_after = wait;
		return err_set(&cx->err, ERR_RATE_LIMITED);
	}
	struct cert c;
	int r = strlen(number) > 80 ? 0 : fetch_where(cx, "c.number = ?", 0, number, &c);
	if (r <= 0)
		return r < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	*out = paper_json(&c);
	return 0;
}

/* ---- the volunteer's own, and the record ---- */

static int me(struct ctx *cx, struct volunteer *v)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	if (cx->actor.role != ROLE_VOLUNTEER)
		return err_setf(&cx->err, ERR_FORBIDDEN, "only a volunteer's own login");
	return volunteers_me(cx, v);
}

static int of_volunteer(struct ctx *cx, int64_t volunteer_id, json_t **out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " C_COLS " FROM " C_FROM
					      " WHERE c.volunteer_id = ? ORDER BY c.id DESC");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, volunteer_id);
	struct cert *rows;
	size_t n;
	if (ctx_rows(cx, st, sizeof *rows, 1000, read_cert, &rows, &n) < 0)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, cert_json(&rows[i], false));
	return 0;
}

int certificates_mine(struct ctx *cx, json_t **out)
{
	struct volunteer v;
	if (me(cx, &v) < 0)
		return -1;
	return of_volunteer(cx, v.id, out);
}

int certificates_record(struct ctx *cx, int64_t volunteer_id, json_t **out)
{
	struct volunteer v;
	if ((volunteer_id ? volunteers_get(cx, volunteer_id, &v) : me(cx, &v)) < 0)
		return -1;
	int64_t minutes;
	struct shift_hours_item *items;
	size_t n;
	json_t *training = NULL, *certs = NULL;
	if (shifts_volunteer_hours(cx, v.id, 0, 0, &minutes, &items, &n) < 0 ||
	    volunteers_training_record(cx, v.id, &training) < 0 || of_volunteer(cx, v.id, &certs) < 0) {
		json_decref(training);
		return -1;
	}
	*out = json_pack("{s:{s:I, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s}, s:{s:I, s:o}, s:o, s:o}",
		"volunteer", "id", (json_int_t)v.id, "name", v.name, "number", v.number,
		"id_type", v.id_type, "id_number", v.id_masked, "unit_name", v.unit_name,
		"approval", volunteer_approval_name(v.approval), "status", volunteer_status_name(v.status),
		"services", "minutes", (json_int_t)minutes, "items", items_json(items, n),
		"training", training, "certificates", certs);
	return 0;
}
