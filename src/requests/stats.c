/* The indicators (GB/T 30428's closed loop, by unit, grid, handler, category, channel and month),
 * kept current as requests change: each request's facts (received, accepted in time, closed,
 * closed in time, reworked, extended, returned, rated, satisfied, its handling time) are a pure
 * function of its row, and every write adds the difference between the facts after and before
 * to request_stats, in its transaction. A district's year is then a sum of a few hundred rows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/json.h"
#include "org/org.h"
#include "requests/internal.h"

enum {
	F_RECEIVED, F_ACCEPTED, F_ACCEPTED_ON_TIME, F_CLOSED, F_CLOSED_ON_TIME, F_REWORKED,
	F_EXTENDED, F_RETURNED, F_RATED, F_SATISFIED, F_HANDLED, F_HANDLE_MINUTES, F_H0,
	F__COUNT = F_H0 + RQ_HIST_BUCKETS
};

static const char *const col[F__COUNT] = {
	"received", "accepted", "accepted_on_time", "closed", "closed_on_time", "reworked",
	"extended", "returned", "rated", "satisfied", "handled", "handle_minutes",
	"h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10", "h11",
};

/* The upper bounds of the histogram's buckets, in working hours (the last has none). */
const int rq_hist_hours[RQ_HIST_BUCKETS] = {1, 2, 4, 8, 16, 24, 40, 56, 80, 120, 200, 0};

static const char *const channels[] = {"window", "grid", "phone", "online", "suggestion",
	"petition", "open311", "hotline", NULL};

int rq_channel_index(const char *c)
{
	for (int i = 0; channels[i]; i++)
		if (c && strcmp(c, channels[i]) == 0)
			return i + 1;
	return 0;
}
const char *rq_channel_name(int i)
{
	return i >= 1 && i < (int)(sizeof channels / sizeof channels[0]) ? channels[i - 1] : "";
}

static int bucket(int64_t minutes)
{
	for (int b = 0; b < RQ_HIST_BUCKETS - 1; b++)
		if (minutes < (int64_t)rq_hist_hours[b] * 60)
			return b;
	return RQ_HIST_BUCKETS - 1;
}

/* The request's facts; a merged repeat counts for nothing (its request counts). */
static void facts(const struct request *r, int64_t f[F__COUNT])
{
	memset(f, 0, sizeof(int64_t) * F__COUNT);
	if (!r || r->state == RQ_MERGED)
		return;
	bool closed = r->state == RQ_CLOSED;
	f[F_RECEIVED] = 1;
	f[F_ACCEPTED] = r->accepted_at != 0;
	f[F_ACCEPTED_ON_TIME] = r->accepted_at && r->accepted_at <= r->accept_due;
	f[F_CLOSED] = closed;
	f[F_CLOSED_ON_TIME] = closed && r->resolved_at && r->due_at && r->resolved_at <= r->due_at;
	f[F_REWORKED] = closed && r->reworks > 0;
	f[F_EXTENDED] = r->extensions > 0;
	f[F_RETURNED] = r->returns > 0;
	f[F_RATED] = r->rating > 0;
	f[F_SATISFIED] = r->rating >= 3;
	if (closed && r->handle_minutes >= 0) {
		f[F_HANDLED] = 1;
		f[F_HANDLE_MINUTES] = r->handle_minutes;
		f[F_H0 + bucket(r->handle_minutes)] = 1;
	}
}

/* The rows a request counts in: (unit, dim, key) for each of its anchors. */
struct key {
	int64_t unit;
	const char *dim;
	int64_t key;
};

static size_t keys(const struct request *r, struct key *k)
{
	size_t n = 0;
	int64_t seen[3] = {0};
	for (int a = 0; a < 3; a++) {
		int64_t u = r->anchor[a];
		if (!u || (a && (u == seen[0] || u == seen[1])))
			continue;
		seen[a] = u;
		k[n++] = (struct key){u, "all", 0};
		k[n++] = (struct key){u, "category", r->category_id};
		k[n++] = (struct key){u, "channel", rq_channel_index(r->channel)};
		k[n++] = (struct key){u, "handler", r->handler_id};
		if (a < ORG_ANCHOR_GRID && r->anchor[ORG_ANCHOR_GRID])
			k[n++] = (struct key){u, "grid", r->anchor[ORG_ANCHOR_GRID]};
	}
	return n;
}

static int month_of(int64_t t) { return date_of_time(t) / 100; }

/* The rows a write adds to, at most: a request's keys before and after it. */
#define MAX_ROWS 32

/* INSERT … VALUES (row), (row) … ON CONFLICT DO UPDATE SET c = request_stats.c + excluded.c,
 * of the columns some row changes (the others keep their value, or their default 0 in a new
 * row), with 1 to MAX_ROWS rows: a write's rows in one statement. Each variant's text is built
 * the first time and kept (for the statement cache, by its pointer); writes use few (an intake
 * changes three columns). Past VARIANTS of them, the variant of every column, as many rows. */
#define VARIANTS 256
#define ALL_COLUMNS ((1u << F__COUNT) - 1)
static struct variant {
	unsigned n;
	uint32_t cols;      /* bits of the F_ columns */
	const char *sql;
} variants[VARIANTS];
static pthread_mutex_t variants_m = PTHREAD_MUTEX_INITIALIZER;

static char *build_upsert(unsigned n, uint32_t cols)
{
	struct buf b;
	struct arena *a = arena_new();
	buf_init(&b, a);
	buf_puts(&b, "INSERT INTO request_stats (month, unit_id, dim, key");
	for (int i = 0; i < F__COUNT; i++)
		if (cols & (1u << i))
			buf_printf(&b, ", %s", col[i]);
	buf_puts(&b, ") VALUES ");
	for (unsigned r = 0; r < n; r++) {
		buf_puts(&b, r ? ", (?, ?, ?, ?" : "(?, ?, ?, ?");
		for (int i = 0; i < F__COUNT; i++)
			if (cols & (1u << i))
				buf_puts(&b, ", ?");
		buf_puts(&b, ")");
	}
	buf_puts(&b, " ON CONFLICT (unit_id, dim, month, key) DO UPDATE SET ");
	bool first = true;
	for (int i = 0; i < F__COUNT; i++)
		if (cols & (1u << i)) {
			buf_printf(&b, "%s%s = request_stats.%s + excluded.%s", first ? "" : ", ", col[i],
				   col[i], col[i]);
			first = false;
		}
	char *sql = strdup(buf_str(&b));
	arena_free(a);
	return sql;
}

/* The SQL of n rows changing these columns, or every column (*cols then says so); NULL when
 * out of memory. */
static const char *upsert_sql(unsigned n, uint32_t *colsp)
{
	uint32_t cols = *colsp;
	static const char *every[MAX_ROWS + 1];
	const char *sql = NULL;
	pthread_mutex_lock(&variants_m);
	size_t h = ((size_t)n * 2654435761u ^ cols * 40503u) % VARIANTS;
	for (size_t k = 0; k < VARIANTS && !sql; k++) {
		struct variant *v = &variants[(h + k) % VARIANTS];
		if (!v->sql) {
			if ((v->sql = build_upsert(n, cols))) {
				v->n = n;
				v->cols = cols;
			}
			sql = v->sql;
			break;
		}
		if (v->n == n && v->cols == cols)
			sql = v->sql;
	}
	if (!sql && n <= MAX_ROWS) {
		sql = every[n] ? every[n] : (every[n] = build_upsert(n, ALL_COLUMNS));
		*colsp = ALL_COLUMNS;
	}
	pthread_mutex_unlock(&variants_m);
	return sql;
}

/* One row's difference, to be added. */
struct delta {
	int month;
	const struct key *k;
	int64_t d[F__COUNT];
};

/* Whether a difference changes anything (a row of zeros is not written). */
static bool any(const int64_t d[F__COUNT])
{
	for (int i = 0; i < F__COUNT; i++)
		if (d[i])
			return true;
	return false;
}

/* The rows in one statement, in their order. */
static int add(struct ctx *cx, const struct delta *rows, size_t n)
{
	if (!n)
		return 0;
	uint32_t cols = 0;
	for (size_t r = 0; r < n; r++)
		for (int i = 0; i < F__COUNT; i++)
			if (rows[r].d[i])
				cols |= 1u << i;
	const char *sql = n <= MAX_ROWS ? upsert_sql((unsigned)n, &cols) : NULL;
	if (!sql) {
		ctx_rollback(cx);
		return err_setf(&cx->err, ERR_INTERNAL, "request_stats: no statement for %zu rows", n);
	}
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_fail(cx);
	int p = 1;
	for (size_t r = 0; r < n; r++) {
		store_bind_int64(st, p++, rows[r].month);
		store_bind_int64(st, p++, rows[r].k->unit);
		store_bind_text(st, p++, rows[r].k->dim);
		store_bind_int64(st, p++, rows[r].k->key);
		for (int i = 0; i < F__COUNT; i++)
			if (cols & (1u << i))
				store_bind_int64(st, p++, rows[r].d[i]);
	}
	return ctx_write(cx, st, NULL, NULL, NULL);
}

int rq_stats_apply(struct ctx *cx, const struct request *before, const struct request *after)
{
	int64_t fb[F__COUNT], fa[F__COUNT];
	facts(before, fb);
	facts(after, fa);
	struct key kb[16], ka[16];
	size_t nb = before ? keys(before, kb) : 0, na = keys(after, ka);
	int mb = before ? month_of(before->received_at) : 0, ma = month_of(after->received_at);
	struct delta rows[MAX_ROWS];
	size_t n = 0;
	/* a row both sides share gets the difference; the others their side's facts */
	for (size_t i = 0; i < na; i++) {
		bool shared = false;
		for (size_t j = 0; j < nb && !shared; j++)
			shared = mb == ma && ka[i].unit == kb[j].unit && !strcmp(ka[i].dim, kb[j].dim) &&
				 ka[i].key == kb[j].key;
		struct delta *r = &rows[n];
		r->month = ma;
		r->k = &ka[i];
		for (int c = 0; c < F__COUNT; c++)
			r->d[c] = fa[c] - (shared ? fb[c] : 0);
		n += any(r->d);
	}
	for (size_t j = 0; j < nb; j++) {
		bool shared = false;
		for (size_t i = 0; i < na && !shared; i++)
			shared = mb == ma && ka[i].unit == kb[j].unit && !strcmp(ka[i].dim, kb[j].dim) &&
				 ka[i].key == kb[j].key;
		if (shared)
			continue;
		struct delta *r = &rows[n];
		r->month = mb;
		r->k = &kb[j];
		for (int c = 0; c < F__COUNT; c++)
			r->d[c] = -fb[c];
		n += any(r->d);
	}
	return add(cx, rows, n);
}

/* ---- the figures ---- */

static json_t *ratio(int64_t num, int64_t den, const char *zh, const char *en, enum lang l)
{
	return json_pack("{s:o, s:I, s:I, s:s}", "value", den ? json_real((double)num / (double)den)
			 : json_null(), "numerator", (json_int_t)num, "denominator", (json_int_t)den,
			 "formula", l == LANG_EN ? en : zh);
}

/* The p-th percentile (0..1) of the handling time, in working hours, from the histogram. */
static double percentile(const int64_t *h, int64_t n, double p)
{
	if (!n)
		return 0;
	double want = p * (double)n, seen = 0;
	for (int b = 0; b < RQ_HIST_BUCKETS; b++) {
		if (seen + (double)h[b] >= want && h[b]) {
			double lo = b ? rq_hist_hours[b - 1] : 0;
			double hi = rq_hist_hours[b] ? rq_hist_hours[b] : lo * 2;
			return lo + (hi - lo) * (want - seen) / (double)h[b];
		}
		seen += (double)h[b];
	}
	return rq_hist_hours[RQ_HIST_BUCKETS - 2];
}

json_t *rq_figures(struct ctx *cx, const int64_t *c)
{
	enum lang l = cx->lang;
	json_t *o = json_object();
	json_object_set_new(o, "received", json_integer(c[F_RECEIVED]));
	json_object_set_new(o, "accepted", json_integer(c[F_ACCEPTED]));
	json_object_set_new(o, "closed", json_integer(c[F_CLOSED]));
	json_object_set_new(o, "rated", json_integer(c[F_RATED]));
	json_object_set_new(o, "response_rate", ratio(c[F_ACCEPTED_ON_TIME], c[F_RECEIVED],
		"响应率 = 按时受理的诉求数 ÷ 收到的诉求数", "response rate = accepted within the limit ÷ received", l));
	json_object_set_new(o, "closure_rate", ratio(c[F_CLOSED], c[F_RECEIVED],
		"结案率 = 已结案数 ÷ 收到的诉求数", "closure rate = closed ÷ received", l));
	json_object_set_new(o, "on_time_rate", ratio(c[F_CLOSED_ON_TIME], c[F_CLOSED],
		"按期结案率 = 期限内办结的结案数 ÷ 已结案数", "on-time rate = closed and resolved by the due time ÷ closed", l));
	json_object_set_new(o, "rework_rate", ratio(c[F_REWORKED], c[F_CLOSED],
		"返工率 = 曾被退回重办的结案数 ÷ 已结案数", "rework rate = closed after a rework ÷ closed", l));
	json_object_set_new(o, "extension_rate", ratio(c[F_EXTENDED], c[F_RECEIVED],
		"延期率 = 获准延期的诉求数 ÷ 收到的诉求数", "extension rate = extended ÷ received", l));
	json_object_set_new(o, "return_rate", ratio(c[F_RETURNED], c[F_RECEIVED],
		"退单率 = 曾被退单的诉求数 ÷ 收到的诉求数", "return rate = returned at least once ÷ received", l));
	json_object_set_new(o, "satisfaction_rate", ratio(c[F_SATISFIED], c[F_RATED],
		"满意率 = 评价为非常满意、满意、基本满意的数 ÷ 评价数", "satisfaction = rated 3 to 5 ÷ rated", l));
	json_object_set_new(o, "handling_hours", json_pack("{s:o, s:o, s:I, s:s}",
		"mean", c[F_HANDLED] ? json_real((double)c[F_HANDLE_MINUTES] / 60.0 / (double)c[F_HANDLED]) : json_null(),
		"p90", c[F_HANDLED] ? json_real(percentile(c + F_H0, c[F_HANDLED], 0.9)) : json_null(),
		"count", (json_int_t)c[F_HANDLED], "formula", l == LANG_EN
		? "working hours from acceptance to resolution of the closed requests: their mean and 90th percentile"
		: "已结案诉求从受理到办结的工作小时：平均值与第 90 百分位数"));
	return o;
}

static const char *const dims[] = {"all", "month", "category", "channel", "handler", "grid", "unit",
	NULL};

int rq_scope_unit(struct ctx *cx, int64_t *unit_id, struct org_unit *u)
{
	if (!*unit_id && !access_is_global(cx)) {
		if (cx->actor.nunits != 1)
			return err_field(&cx->err, "unit_id", "required", 0);
		*unit_id = cx->actor.unit_ids[0];
	}
	if (!*unit_id)
		return 0;
	int f = org_unit_by_id(cx, *unit_id, u);
	if (f < 0)
		return -1;
	if (f == 0 || !access_path_in_scope(cx, u->path))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return 0;
}

/* The sums of the rows by key, by month or by unit, of a unit, of the top units, or of the units
 * one level below a unit: each built once (for the statement cache, by its pointer); NULL when
 * out of memory. */
enum { SUMS_KEY, SUMS_MONTH, SUMS_UNIT };
enum { SUMS_TOP, SUMS_ONE, SUMS_BELOW };
static const char *sums_sql[3][3];
static pthread_once_t sums_once = PTHREAD_ONCE_INIT;

static void build_sums(void)
{
	static const char *const groups[3] = {"key", "month", "unit_id"};
	static const char *const wheres[3] = {
		"unit_id IN (SELECT id FROM org_units WHERE parent_id IS NULL)", "unit_id = ?",
		"unit_id IN (SELECT id FROM org_units WHERE parent_id = ?)"};
	char sums[1024];
	size_t n = 0;
	for (int i = 0; i < F__COUNT; i++)
		n += (size_t)snprintf(sums + n, sizeof sums - n, ", SUM(%s)", col[i]);
	for (int g = 0; g < 3; g++)
		for (int w = 0; w < 3; w++) {
			char *sql = NULL;
			if (asprintf(&sql, "SELECT %s%s FROM request_stats WHERE dim = ? AND month >= ?"
				     " AND month <= ? AND %s GROUP BY %s ORDER BY %s", groups[g], sums,
				     wheres[w], groups[g], groups[g]) >= 0)
				sums_sql[g][w] = sql;
		}
}

/* "2026-03" → 202603; 0 when it is not such a month. */
static int parse_month(const char *s)
{
	int y, m;
	char end;
	if (!s || sscanf(s, "%4d-%2d%c", &y, &m, &end) != 2 || strlen(s) != 7 || y < 2000 ||
	    y > 2100 || m < 1 || m > 12)
		return 0;
	return y * 100 + m;
}

static const char *key_label(struct ctx *cx, const char *by, int64_t key)
{
	const char *sql = !strcmp(by, "category") ? "SELECT name FROM catalog_categories WHERE id = ?"
		: !strcmp(by, "handler") ? "SELECT display_name FROM users WHERE id = ?"
		: !strcmp(by, "grid") || !strcmp(by, "unit") ? "SELECT name FROM org_units WHERE id = ?"
		: NULL;
	if (!strcmp(by, "channel"))
		return label_of("channel", rq_channel_name((int)key), cx->lang);
	if (!strcmp(by, "month"))
		return arena_printf(cx->a, "%04lld-%02lld", (long long)key / 100, (long long)key % 100);
	if (!sql || !key)
		return "";
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return "";
	store_bind_int64(st, 1, key);
	const char *name = store_step(st) == STORE_ROW ? arena_strdup(cx->a, store_col_text(st, 0)) : "";
	store_reset(st);
	return name;
}

int requests_indicators(struct ctx *cx, int64_t unit_id, const char *from_s, const char *to_s,
			const char *by, json_t **out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int today = date_of_time(cx->now) / 100;
	int from = from_s ? parse_month(from_s) : today / 100 * 100 + 1;
	int to = to_s ? parse_month(to_s) : today;
	if (!from)
		err_field(e, "from", "indicators_month", 0);
	if (!to)
		err_field(e, "to", "indicators_month", 0);
	if (from && to && from > to)
		err_field(e, "to", "indicators_order", 0);
	bool known = false;
	for (int i = 0; dims[i]; i++)
		known = known || !strcmp(by, dims[i]);
	if (!known)
		err_field(e, "by", "indicators_by", 0);
	if (e->code)
		return -1;
	struct org_unit u = {0};
	if (rq_scope_unit(cx, &unit_id, &u) < 0)
		return -1;
	/* by month: the rows of every month; by unit: those of the units one level below */
	bool by_month = !strcmp(by, "month"), by_unit = !strcmp(by, "unit");
	const char *dim = by_month || by_unit ? "all" : by;
	pthread_once(&sums_once, build_sums);
	const char *sql = sums_sql[by_month ? SUMS_MONTH : by_unit ? SUMS_UNIT : SUMS_KEY]
		[!unit_id ? SUMS_TOP : by_unit ? SUMS_BELOW : SUMS_ONE];
	if (!sql)
		return err_setf(e, ERR_INTERNAL, "out of memory");
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, dim);
	store_bind_int64(st, 2, from);
	store_bind_int64(st, 3, to);
	if (unit_id)
		store_bind_int64(st, 4, unit_id);
	json_t *groups = json_array();
	int64_t total[F__COUNT] = {0};
	int rc;
	struct { int64_t key, c[F__COUNT]; } rows[512];
	size_t nrows = 0;
	while ((rc = store_step(st)) == STORE_ROW && nrows < 512) {
		rows[nrows].key = store_col_int64(st, 0);
		for (int i = 0; i < F__COUNT; i++) {
			rows[nrows].c[i] = store_col_int64(st, 1 + i);
			total[i] += rows[nrows].c[i];
		}
		nrows++;
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(groups);
		return ctx_store_error(cx);
	}
	if (strcmp(by, "all"))
		for (size_t i = 0; i < nrows; i++) {
			json_t *g = rq_figures(cx, rows[i].c);
			json_object_set_new(g, "key", json_integer(rows[i].key));
			json_object_set_new(g, "label", json_string(key_label(cx, by, rows[i].key)));
			json_array_append_new(groups, g);
		}
	*out = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o}", "unit", unit_id ? json_pack("{s:I, s:s}",
		"id", (json_int_t)u.id, "name", u.name) : json_null(), "from",
		arena_printf(cx->a, "%04d-%02d", from / 100, from % 100), "to",
		arena_printf(cx->a, "%04d-%02d", to / 100, to % 100), "by", by, "total",
		rq_figures(cx, total), "groups", groups);
	return 0;
}

/* Rebuild every row from the requests themselves, in SQL (after a bulk load, and to check the
 * kept figures: the facts below are facts()'s, and the tests compare the two). In the caller's
 * transaction. */
int requests_stats_rebuild(struct ctx *cx)
{
	if (store_exec(cx->db, "DELETE FROM request_stats") < 0)
		return ctx_store_error(cx);
	/* the facts as sums, in col[]'s order */
	char sums[4096];
	size_t n = 0;
	const char *closed = "r.state = 'closed'";
	const char *handled = "r.state = 'closed' AND r.handle_minutes IS NOT NULL";
	const char *fact[F_H0] = {
		"1 = 1", "r.accepted_at IS NOT NULL", "r.accepted_at IS NOT NULL AND r.accepted_at <= r.accept_due",
		closed, "r.state = 'closed' AND r.resolved_at IS NOT NULL AND r.due_at IS NOT NULL AND r.resolved_at <= r.due_at",
		"r.state = 'closed' AND r.reworks > 0", "r.extensions > 0", "r.returns > 0",
		"r.rating IS NOT NULL AND r.rating > 0", "r.rating >= 3", handled, NULL,
	};
	for (int i = 0; i < F__COUNT; i++) {
		if (i == F_HANDLE_MINUTES)
			n += (size_t)snprintf(sums + n, sizeof sums - n, ", SUM(CASE WHEN %s THEN r.handle_minutes ELSE 0 END)", handled);
		else if (i >= F_H0) {
			int b = i - F_H0, lo = b ? rq_hist_hours[b - 1] * 60 : 0, hi = rq_hist_hours[b] * 60;
			n += (size_t)snprintf(sums + n, sizeof sums - n,
				", SUM(CASE WHEN %s AND r.handle_minutes >= %d%s THEN 1 ELSE 0 END)", handled, lo,
				hi ? arena_printf(cx->a, " AND r.handle_minutes < %d", hi) : "");
		} else
			n += (size_t)snprintf(sums + n, sizeof sums - n, ", SUM(CASE WHEN %s THEN 1 ELSE 0 END)", fact[i]);
	}
	char cols[1024];
	size_t m = 0;
	for (int i = 0; i < F__COUNT; i++)
		m += (size_t)snprintf(cols + m, sizeof cols - m, ", %s", col[i]);
	static const char *const anchors[3] = {"street_id", "community_id", "grid_id"};
	static const struct {
		const char *dim, *key;
	} by[] = {
		{"all", "0"}, {"category", "COALESCE(ci.category_id, 0)"},
		{"channel", "CASE r.channel WHEN 'window' THEN 1 WHEN 'grid' THEN 2 WHEN 'phone' THEN 3"
			    " WHEN 'online' THEN 4 WHEN 'suggestion' THEN 5 WHEN 'petition' THEN 6 ELSE 0 END"},
		{"handler", "COALESCE(r.handler_id, 0)"}, {"grid", "r.grid_id"},
	};
	for (int a = 0; a < 3; a++)
		for (size_t d = 0; d < sizeof by / sizeof by[0]; d++) {
			if (!strcmp(by[d].dim, "grid") && a == ORG_ANCHOR_GRID)
				continue;
			const char *sql = arena_printf(cx->a,
				"INSERT INTO request_stats (month, unit_id, dim, key%s) SELECT r.month, r.%s, '%s',"
				" %s%s FROM requests r LEFT JOIN catalog_items ci ON ci.id = r.item_id"
				" WHERE r.%s IS NOT NULL AND r.state <> 'merged'%s GROUP BY r.month, r.%s%s%s",
				cols, anchors[a], by[d].dim, by[d].key, sums, anchors[a],
				!strcmp(by[d].dim, "grid") ? " AND r.grid_id IS NOT NULL" : "", anchors[a],
				d ? ", " : "", d ? by[d].key : "");   /* "all": no key to group by (a bare 0
								       * would be a column's number) */
			if (store_exec(cx->db, sql) < 0)
				return ctx_store_error(cx);
		}
	return 0;
}
