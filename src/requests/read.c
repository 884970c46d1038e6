/* Reading requests: one with the actions the caller may take now, lists within scope, the
 * timeline, and what a resident sees by receipt number. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/log.h"
#include "base/mask.h"
#include "base/text.h"
#include "org/org.h"
#include "requests/internal.h"


static json_t *id_or_null(int64_t id) { return id ? json_integer(id) : json_null(); }

bool rq_overdue(const struct request *r, int64_t now)
{
	if (!rq_state_open(r->state) || r->state == RQ_RESOLVED || r->state == RQ_VERIFIED ||
	    r->state == RQ_RATED || r->state == RQ_PARKED)
		return false;
	if (r->state == RQ_SUBMITTED)
		return now > r->accept_due;
	return r->due_at && now > r->due_at;
}

json_t *request_json(struct ctx *cx, const struct request *r) { return rq_json(cx, r, true); }

json_t *rq_json(struct ctx *cx, const struct request *r, bool actions)
{
	json_t *o = json_object();
	char masked[64];
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "receipt", json_string(r->receipt));
	json_object_set_new(o, "channel", json_string(r->channel));
	json_object_set_new(o, "state", json_string(rq_state_name(r->state)));
	json_object_set_new(o, "priority", json_string(r->priority));
	json_object_set_new(o, "item", r->item_id ? json_pack("{s:I, s:s, s:s}", "id",
		(json_int_t)r->item_id, "code", r->item_code, "name", r->item_name) : json_null());
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "body", json_string(r->body));
	json_object_set_new(o, "origin_unit", json_pack("{s:I, s:s}", "id",
		(json_int_t)r->origin_unit_id, "name", r->origin_unit_name));
	json_object_set_new(o, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)r->unit_id, "name",
						 r->unit_name));
	json_object_set_new(o, "department", json_string(r->department));
	json_object_set_new(o, "handler", r->handler_id ? json_pack("{s:I, s:s}", "id",
		(json_int_t)r->handler_id, "name", r->handler_name) : json_null());
	json_object_set_new(o, "responsible", r->responsible_id ? json_pack("{s:I, s:s}", "id",
		(json_int_t)r->responsible_id, "name", r->responsible_name) : json_null());
	json_object_set_new(o, "resident_id", id_or_null(r->resident_id));
	json_object_set_new(o, "household_id", id_or_null(r->household_id));
	json_object_set_new(o, "requester_name",
		json_string(mask_name_buf(r->requester_name, masked, sizeof masked)));
	json_object_set_new(o, "requester_phone", json_string(r->phone_masked));
	json_object_set_new(o, "address", json_string(r->address));
	json_object_set_new(o, "location", r->has_location ? json_pack("{s:f, s:f}", "lon", r->lon,
		"lat", r->lat) : json_null());
	json_object_set_new(o, "merged_into", id_or_null(r->merged_into));
	json_object_set_new(o, "result", json_string(r->result));
	json_object_set_new(o, "rating", r->rating ? json_pack("{s:I, s:s, s:s, s:o}", "score",
		(json_int_t)r->rating, "comment", r->rating_comment, "source", r->rating_source, "at",
		json_time(r->rated_at)) : json_null());
	json_object_set_new(o, "received_at", json_time(r->received_at));
	json_object_set_new(o, "accept_due", json_time(r->accept_due));
	json_object_set_new(o, "accepted_at", json_time(r->accepted_at));
	json_object_set_new(o, "due_at", json_time(r->due_at));
	json_object_set_new(o, "due_by", json_time(r->due_by));
	json_object_set_new(o, "extension", r->extension_due ? json_pack("{s:o, s:s}", "due",
		json_time(r->extension_due), "reason", r->extension_reason) : json_null());
	json_object_set_new(o, "extensions", json_integer(r->extensions));
	json_object_set_new(o, "reworks", json_integer(r->reworks));
	json_object_set_new(o, "returns", json_integer(r->returns));
	json_object_set_new(o, "resolved_at", json_time(r->resolved_at));
	json_object_set_new(o, "handling_hours", r->handle_minutes >= 0
			    ? json_real((double)r->handle_minutes / 60.0) : json_null());
	json_object_set_new(o, "closed_at", json_time(r->closed_at));
	json_object_set_new(o, "overdue", json_boolean(cx && rq_overdue(r, cx->now)));
	if (actions) {
		json_t *acts = json_array();
		for (int a = 0; cx && a < RA__ACTIONS; a++)
			if (rq_transition(a) && rq_transition(a)->who != W_SYSTEM &&
			    rq_allowed(cx, r, a))
				json_array_append_new(acts, json_string(rq_action_name(a)));
		json_object_set_new(o, "actions", acts);
		/* whether POST …/reveal would show the phone to the caller (requests_reveal) */
		json_object_set_new(o, "may_reveal", json_boolean(cx && r->phone_masked &&
			r->phone_masked[0] && (rq_caller(cx, r) & (W_DISPATCHER | W_HANDLER))));
	}
	json_object_set_new(o, "created_at", json_time(r->created_at));
	json_object_set_new(o, "updated_at", json_time(r->updated_at));
	json_object_set_new(o, "version", json_integer(r->version));
	return o;
}

json_t *request_event_json(const struct request_event *e)
{
	json_t *data = e->data && *e->data ? json_loads(e->data, 0, NULL) : NULL;
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)e->id,
		"action", e->action, "from_state", json_str_or_null(e->from_state), "to_state",
		e->to_state, "actor_id", e->actor_id ? json_integer(e->actor_id) : json_null(),
		"actor_name", e->actor_name, "comment", e->comment, "data",
		data ? data : json_null(), "at", json_time(e->at));
}

int requests_get(struct ctx *cx, int64_t id, struct request *out)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int f = rq_fetch(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || !rq_visible(cx, out))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return 0;
}

static int64_t read_event(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct request_event *e = row;
	e->id = store_col_int64(st, 0);
	e->request_id = store_col_int64(st, 1);
	e->action = arena_strdup(cx->a, store_col_text(st, 2));
	e->from_state = store_col_is_null(st, 3) ? NULL : arena_strdup(cx->a, store_col_text(st, 3));
	e->to_state = arena_strdup(cx->a, store_col_text(st, 4));
	e->actor_id = store_col_int64(st, 5);
	e->actor_name = arena_strdup(cx->a, store_col_text(st, 6));
	e->comment = arena_strdup(cx->a, store_col_text(st, 7));
	e->data = store_col_is_null(st, 8) ? NULL : arena_strdup(cx->a, store_col_text(st, 8));
	e->at = store_col_int64(st, 9);
	return e->id;
}

static int events_of(struct ctx *cx, int64_t id, struct request_event **items, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT e.id, e.request_id, e.action, e.from_state, e.to_state, e.actor_id,"
		" COALESCE(NULLIF(u.display_name, ''), e.actor_name), e.comment, e.data, e.at"
		" FROM request_events e LEFT JOIN users u ON u.id = e.actor_id"
		" WHERE e.request_id = ? ORDER BY e.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	return ctx_rows(cx, st, sizeof **items, 10000, read_event, items, n);
}

int requests_timeline(struct ctx *cx, int64_t id, struct request_event **items, size_t *n)
{
	struct request r;
	if (requests_get(cx, id, &r) < 0)
		return -1;
	return events_of(cx, id, items, n);
}

/* The other numbers a request is known by (requests_add_number), registered at start */
#define RQ_NUMBERS 4
static const char *numbers_sql[RQ_NUMBERS];
static int nnumbers;

void requests_add_number(const char *sql)
{
	for (int i = 0; i < nnumbers; i++)
		if (numbers_sql[i] == sql || !strcmp(numbers_sql[i], sql))
			return;   /* registered again (routes registered twice): once is enough */
	if (nnumbers < RQ_NUMBERS)
		numbers_sql[nnumbers++] = sql;
	else
		log_error("requests: more than %d other numbers of a request; %s left out", RQ_NUMBERS, sql);
}

/* A list's query: a scope clause (its parameters bound first), then the filters. */
struct list_q {
	const struct request_filter *f;
	const char *states, *unit_path, *origin_path;
	int fact;     /* 0 none, 1 + i facts[i], 1 + NFACTS + i not facts[i] */
	int64_t named[RQ_NUMBERS];   /* the requests the receipt filter's text names otherwise */
};

/* A fact of the indicators, as stats.c counts it */
static const struct {
	const char *name, *sql;
} facts[] = {
	{"received", "1 = 1"},
	{"accepted", "r.accepted_at IS NOT NULL"},
	{"accepted_on_time", "r.accepted_at IS NOT NULL AND r.accepted_at <= r.accept_due"},
	{"closed", "r.state = 'closed'"},
	{"closed_on_time", "r.state = 'closed' AND r.resolved_at <= r.due_at"},
	{"reworked", "r.state = 'closed' AND r.reworks > 0"},
	{"extended", "r.extensions > 0"},
	{"returned", "r.returns > 0"},
	{"rated", "r.rating IS NOT NULL"},
	{"satisfied", "r.rating >= 3"},
};
#define NFACTS (sizeof facts / sizeof facts[0])

/* The scopes a list is read in: every unit of the caller's, row by row (an administrator's:
 * no test at all); what arose in one street, community or grid (its anchor's index, in id
 * order); what arose elsewhere and sits in it now (sitting in it, arisen outside: never where
 * it arose). */
enum { SCOPE_ROWS, SCOPE_ARISEN, SCOPE_AWAY = SCOPE_ARISEN + 3, SCOPES = SCOPE_AWAY + 3 };
#define AWAY(col) "r.sits_" col " = CAST(? AS BIGINT)"
static const char *const scopes[SCOPES] = {
	"(? = 1 OR " ACCESS_PATH_IN_SCOPE_SQL("ou.path") " OR " ACCESS_PATH_IN_SCOPE_SQL("cu.path") ")",
	"r.street_id = CAST(? AS BIGINT)", "r.community_id = CAST(? AS BIGINT)",
	"r.grid_id = CAST(? AS BIGINT)", AWAY("street_id"), AWAY("community_id"), AWAY("grid_id"),
};

/* The filters a list may be asked for, each an SQL test joined with AND only when asked for:
 * a statement of a few tests plans in a fraction of the time of one with every test written
 * `(? = 0 OR col = ?)`, and PostgreSQL's generic plan of it (kept after five runs) is the plan
 * for its values, where the generic plan of the other form cannot fold the tests away. */
enum {
	F_STATES, F_UNIT, F_HANDLER, F_HOUSEHOLD, F_ITEM, F_MINE, F_OVERDUE, F_CHANNEL, F_PRIORITY,
	F_RECEIPT, F_ORIGIN, F_CATEGORY, F_FROM, F_TO, F_CURSOR, NFILTERS
};
static const char *const filter_sql[NFILTERS] = {
	[F_STATES] = "CAST(? AS TEXT) LIKE '%,' || r.state || ',%'",
	[F_UNIT] = "substr(cu.path, 1, length(?)) = ?",
	/* both through requests_mine, COALESCE(handler_id, responsible_id) */
	[F_HANDLER] = "COALESCE(r.handler_id, r.responsible_id) = ? AND r.handler_id = ?",
	[F_HOUSEHOLD] = "r.household_id = ?",
	[F_ITEM] = "r.item_id = ?",
	[F_MINE] = "COALESCE(r.handler_id, r.responsible_id) = ?",
	[F_OVERDUE] = RQ_OVERDUE_SQL,
	[F_CHANNEL] = "r.channel = ?",
	[F_PRIORITY] = "r.priority = ?",
	/* a receipt, or another number of the request (named[]: two indexes, OR-ed) */
	[F_RECEIPT] = "(r.receipt = ? OR r.id IN (?, ?, ?, ?))",
	[F_ORIGIN] = "substr(ou.path, 1, length(?)) = ?",
	[F_CATEGORY] = "ci.category_id = ?",
	[F_FROM] = "r.received_at >= ?",
	[F_TO] = "r.received_at < ?",
	[F_CURSOR] = "r.id < ?",
};

/* The filters asked for, as bits of F_*. */
static unsigned list_mask(const struct list_q *q)
{
	const struct request_filter *f = q->f;
	return (q->states ? 1u << F_STATES : 0) | (q->unit_path ? 1u << F_UNIT : 0) |
	       (f->handler_id ? 1u << F_HANDLER : 0) | (f->household_id ? 1u << F_HOUSEHOLD : 0) |
	       (f->item_id ? 1u << F_ITEM : 0) | (f->mine ? 1u << F_MINE : 0) |
	       (f->overdue ? 1u << F_OVERDUE : 0) | (f->channel ? 1u << F_CHANNEL : 0) |
	       (f->priority ? 1u << F_PRIORITY : 0) | (f->receipt ? 1u << F_RECEIPT : 0) |
	       (q->origin_path ? 1u << F_ORIGIN : 0) | (f->category_id ? 1u << F_CATEGORY : 0) |
	       (f->received_from ? 1u << F_FROM : 0) | (f->received_to ? 1u << F_TO : 0) |
	       (f->cursor ? 1u << F_CURSOR : 0);
}

/* The SQL of a scope, a fact and the filters asked for, each variant built once, at its first
 * use (for the statement cache, by its pointer; the variants asked for are few: the console's
 * tabs and filters); NULL when out of memory or when the table of variants is full (then the
 * caller builds it for this request). */
#define LIST_VARIANTS 1024
static char *list_text(int scope, int fact, unsigned mask)
{
	char *fact_sql = NULL, *text = NULL;
	if (fact == 0 ? (fact_sql = strdup("")) == NULL
	    : asprintf(&fact_sql, fact > (int)NFACTS
		       ? " AND NOT (COALESCE(%s, FALSE)) AND r.state <> 'merged'"
		       : " AND (%s) AND r.state <> 'merged'", facts[(fact - 1) % NFACTS].sql) < 0)
		return NULL;
	size_t len = 0;
	for (int i = 0; i < NFILTERS; i++)
		if (mask & (1u << i))
			len += strlen(filter_sql[i]) + 5;
	char *filters = malloc(len + 1), *o = filters;
	if (filters) {
		*o = '\0';
		for (int i = 0; i < NFILTERS; i++)
			if (mask & (1u << i))
				o = stpcpy(stpcpy(o, " AND "), filter_sql[i]);
		if (asprintf(&text, "SELECT %s FROM %s WHERE %s%s%s ORDER BY r.id DESC LIMIT ?", RQ_COLS,
			     RQ_FROM, scopes[scope], filters, fact_sql) < 0)
			text = NULL;
	}
	free(filters);
	free(fact_sql);
	return text;
}

static const char *list_sql(int scope, int fact, unsigned mask)
{
	static struct {
		_Atomic uint64_t key;   /* 0: free */
		_Atomic(const char *) sql;
	} built[LIST_VARIANTS];
	static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	uint64_t key = ((uint64_t)(scope + 1) << 48) | ((uint64_t)fact << 32) | mask;
	uint64_t h = key * 0x9e3779b97f4a7c15ull;
	for (size_t probe = 0; probe < LIST_VARIANTS; probe++) {
		size_t i = (size_t)((h >> 40) + probe) % LIST_VARIANTS;
		uint64_t k = atomic_load_explicit(&built[i].key, memory_order_acquire);
		if (k == key)
			return atomic_load_explicit(&built[i].sql, memory_order_acquire);
		if (k != 0)
			continue;
		/* a free place: fill it under the lock (another thread may have filled it first) */
		pthread_mutex_lock(&m);
		k = atomic_load_explicit(&built[i].key, memory_order_relaxed);
		const char *sql = NULL;
		if (k == 0) {
			sql = list_text(scope, fact, mask);
			if (sql) {
				atomic_store_explicit(&built[i].sql, sql, memory_order_relaxed);
				atomic_store_explicit(&built[i].key, key, memory_order_release);
			}
		}
		pthread_mutex_unlock(&m);
		if (k == 0)
			return sql;
		if (k == key)
			return atomic_load_explicit(&built[i].sql, memory_order_acquire);
	}
	return NULL;
}

static struct store_stmt *list_prepare(struct ctx *cx, const struct list_q *q, int scope)
{
	unsigned mask = list_mask(q);
	const char *sql = list_sql(scope, q->fact, mask);
	if (sql)
		return store_prepare(cx->db, sql);
	char *text = list_text(scope, q->fact, mask);
	if (!text) {
		err_setf(&cx->err, ERR_INTERNAL, "out of memory");
		return NULL;
	}
	struct store_stmt *st = store_prepare_text(cx->db, text);
	free(text);
	return st;
}

/* The filters' values, in the order of filter_sql, for those asked for; then the limit. */
static void list_bind(struct ctx *cx, const struct list_q *q, struct store_stmt *st, int k)
{
	const struct request_filter *f = q->f;
	unsigned mask = list_mask(q);
	/* the states as a pattern matched against each row's, not an IN list: an index on the
	 * state would serve an IN, and PostgreSQL then joins it to the anchor's (every open request
	 * of the district read to find a grid's), where the anchor's index alone, in id order, finds
	 * a page's open requests among the newest */
	if (mask & (1u << F_STATES))
		store_bind_text(st, k++, q->states);
	if (mask & (1u << F_UNIT)) {
		store_bind_text(st, k++, q->unit_path);
		store_bind_text(st, k++, q->unit_path);
	}
	if (mask & (1u << F_HANDLER)) {
		store_bind_int64(st, k++, f->handler_id);
		store_bind_int64(st, k++, f->handler_id);
	}
	if (mask & (1u << F_HOUSEHOLD))
		store_bind_int64(st, k++, f->household_id);
	if (mask & (1u << F_ITEM))
		store_bind_int64(st, k++, f->item_id);
	if (mask & (1u << F_MINE))
		store_bind_int64(st, k++, cx->actor.user_id);
	if (mask & (1u << F_OVERDUE)) {
		store_bind_int64(st, k++, cx->now);
		store_bind_int64(st, k++, cx->now);
	}
	if (mask & (1u << F_CHANNEL))
		store_bind_text(st, k++, f->channel);
	if (mask & (1u << F_PRIORITY))
		store_bind_text(st, k++, f->priority);
	if (mask & (1u << F_RECEIPT)) {
		store_bind_text(st, k++, f->receipt);
		for (int i = 0; i < RQ_NUMBERS; i++)
			store_bind_int64(st, k++, q->named[i]);
	}
	if (mask & (1u << F_ORIGIN)) {
		store_bind_text(st, k++, q->origin_path);
		store_bind_text(st, k++, q->origin_path);
	}
	if (mask & (1u << F_CATEGORY))
		store_bind_int64(st, k++, f->category_id);
	if (mask & (1u << F_FROM))
		store_bind_int64(st, k++, f->received_from);
	if (mask & (1u << F_TO))
		store_bind_int64(st, k++, f->received_to);
	if (mask & (1u << F_CURSOR))
		store_bind_int64(st, k++, f->cursor);
	store_bind_int64(st, k++, f->limit + 1);
}

int requests_list(struct ctx *cx, const struct request_filter *f, struct request **items,
		  size_t *n, int64_t *next_cursor)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	const char *unit_path = NULL;
	/* what sits in a unit of the caller's scope is what arose in that unit's street, community
	 * or grid (the nearest that holds it) and sits in it, and what sits in it from elsewhere:
	 * read through that anchor instead of the caller's wider one */
	int unit_kind = -1;
	int64_t unit_anchor = 0;
	if (f->unit_id) {
		struct org_unit u;
		int rc = org_unit_by_id(cx, f->unit_id, &u);
		if (rc < 0)
			return -1;
		unit_path = rc ? u.path : "-";
		if (rc && (access_is_global(cx) || access_path_in_scope(cx, u.path)))
			for (int a = ORG_ANCHOR_GRID; a >= ORG_ANCHOR_STREET && unit_kind < 0; a--)
				if (u.anchor[a]) {
					unit_kind = a;
					unit_anchor = u.anchor[a];
				}
	}
	const char *origin_path = NULL;
	if (f->origin_unit_id) {
		struct store_stmt *u = store_prepare(cx->db, "SELECT path FROM org_units WHERE id = ?");
		if (!u)
			return ctx_store_error(cx);
		store_bind_int64(u, 1, f->origin_unit_id);
		origin_path = store_step(u) == STORE_ROW ? arena_strdup(cx->a, store_col_text(u, 0)) : "-";
		store_reset(u);
	}
	int fact = 0;
	if (f->fact) {
		bool neg = f->fact[0] == '-';
		const char *name = f->fact + neg;
		for (size_t i = 0; i < NFACTS; i++)
			if (!strcmp(name, facts[i].name))
				fact = 1 + (int)i + (neg ? (int)NFACTS : 0);
		if (!fact)
			return err_field(&cx->err, "fact", "request_fact", 0);
	}
	/* states as a comma list, each known */
	char *states = NULL;
	if (f->states) {
		states = arena_printf(cx->a, ",%s,", f->states);
		char *copy = arena_strdup(cx->a, f->states);
		for (char *s = strtok(copy, ","); s; s = strtok(NULL, ","))
			if (rq_state_parse(s) < 0)
				return err_field(&cx->err, "state", "request_state_unknown", 0);
	}
	struct list_q q = {.f = f, .states = states, .unit_path = unit_path, .origin_path = origin_path,
			   .fact = fact};
	/* the requests another number names (a 12345 ticket ...): found first, by their own index */
	for (int i = 0, m = 0; f->receipt && i < nnumbers && m < RQ_NUMBERS; i++) {
		struct store_stmt *u = store_prepare(cx->db, numbers_sql[i]);
		if (!u)
			return ctx_store_error(cx);
		store_bind_text(u, 1, f->receipt);
		int rc = STORE_ROW;
		while (m < RQ_NUMBERS && (rc = store_step(u)) == STORE_ROW)
			q.named[m++] = store_col_int64(u, 0);
		store_reset(u);
		if (rc == STORE_ERR)
			return ctx_store_error(cx);
	}
	int64_t anchor = unit_anchor;
	int kind = unit_kind >= 0 ? unit_kind : access_is_global(cx) ? -1 : access_anchor(cx, &anchor);
	if (kind < 0) {
		struct store_stmt *st = list_prepare(cx, &q, SCOPE_ROWS);
		if (!st)
			return ctx_store_error(cx);
		int k = 1;
		store_bind_int64(st, k++, access_is_global(cx) ? 1 : 0);
		access_bind_scope(cx, st, k);
		access_bind_scope(cx, st, k + 2);
		list_bind(cx, &q, st, k + 4);
		return ctx_page(cx, st, sizeof **items, f->limit, rq_read, items, n, next_cursor);
	}
	/* one street, community or grid: what arose in it, and what arose elsewhere and sits in it
	 * now (the unit's index); the two pages merged */
	struct store_stmt *st = list_prepare(cx, &q, SCOPE_ARISEN + kind);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, anchor);
	list_bind(cx, &q, st, 2);
	struct request *a, *b;
	size_t na, nb;
	if (ctx_rows(cx, st, sizeof *a, (size_t)f->limit + 1, rq_read, &a, &na) < 0)
		return -1;
	st = list_prepare(cx, &q, SCOPE_AWAY + kind);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, anchor);
	list_bind(cx, &q, st, 2);
	if (ctx_rows(cx, st, sizeof *b, (size_t)f->limit + 1, rq_read, &b, &nb) < 0)
		return -1;
	size_t cap = na + nb, m = 0, i = 0, j = 0;
	struct request *all = arena_alloc(cx->a, (cap ? cap : 1) * sizeof *all);
	while ((i < na || j < nb) && m < (size_t)f->limit + 1)
		all[m++] = j >= nb || (i < na && a[i].id > b[j].id) ? a[i++] : b[j++];
	*next_cursor = m > (size_t)f->limit ? all[f->limit - 1].id : 0;
	*n = m > (size_t)f->limit ? (size_t)f->limit : m;
	*items = all;
	return 0;
}

int requests_follow(struct ctx *cx, const char *receipt, const char *tail, json_t **out)
{
	int64_t id = 0;
	if (rq_query_text(cx, "SELECT COALESCE(MIN(id), 0) FROM requests WHERE receipt = ?",
			  receipt, NULL, false, 0, &id) < 0)
		return -1;
	struct request r;
	if (!id || rq_fetch(cx, id, &r) != 1)
		return err_set(&cx->err, ERR_NOT_FOUND);
	struct request_event *ev;
	size_t n;
	if (events_of(cx, id, &ev, &n) < 0)
		return -1;
	json_t *steps = json_array();
	for (size_t i = 0; i < n; i++) {
		/* notes and supervision are the office's; the resident sees the steps */
		if (!strcmp(ev[i].action, "comment") || !strcmp(ev[i].action, "supervise"))
			continue;
		json_array_append_new(steps, json_pack("{s:s, s:s, s:o}", "action", ev[i].action,
			"state", ev[i].to_state, "at", json_time(ev[i].at)));
	}
	/* the result only to one who knows the phone's last four digits */
	size_t pl = strlen(r.phone_masked);
	bool knows = tail && strlen(tail) == 4 && pl >= 4 && strcmp(r.phone_masked + pl - 4, tail) == 0;
	bool done = knows && (r.state == RQ_RESOLVED || r.state == RQ_VERIFIED || r.state == RQ_RATED ||
		    r.state == RQ_CLOSED || r.state == RQ_REJECTED);
	*out = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "receipt", r.receipt,
		"state", rq_state_name(r.state), "item", r.item_id ? json_string(r.item_name) : json_null(),
		"unit", r.unit_name, "received_at", json_time(r.received_at), "due_at",
		json_time(r.due_at), "closed_at", json_time(r.closed_at), "result",
		done && *r.result ? json_string(r.result) : json_null(), "steps", steps);
	return 0;
}
