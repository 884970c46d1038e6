/* The outbox's rows: an event written in its change's transaction, fanned out there to the
 * destinations that take it; the lists, replays, tests and digests of the deliveries. */
#include <sodium.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/clock.h"
#include "base/json.h"
#include "jobs/jobs.h"
#include "notify/internal.h"
#include "org/org.h"

#define MAX_DEPTH 8
#define MAX_TOPICS 4
#define MAX_TAKERS 64

int notify_insert_event(struct ctx *cx, const struct notify_event *ev, int64_t *id)
{
	unsigned char raw[12];
	char hex[25];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	const char *topics = arena_printf(cx->a, " %s ", ev->event);
	for (size_t i = 0; ev->topics && ev->topics[i]; i++)
		topics = arena_printf(cx->a, "%s%s ", topics, ev->topics[i]);
	const char *data = ev->data ? json_to_arena(cx->a, ev->data, NULL) : "{}";
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO notify_events (uid, event, topics,"
		" entity, entity_id, unit_id, title, body, link, data, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, arena_printf(cx->a, "evt_%s", hex));
	store_bind_text(st, k++, ev->event);
	store_bind_text(st, k++, topics);
	store_bind_text(st, k++, ev->entity);
	store_bind_int64(st, k++, ev->entity_id);
	store_bind_int64_or_null(st, k++, ev->unit_id);
	store_bind_text(st, k++, ev->title ? ev->title : "");
	store_bind_text(st, k++, ev->body ? ev->body : "");
	store_bind_text(st, k++, ev->link ? ev->link : "");
	store_bind_text(st, k++, data ? data : "{}");
	store_bind_int64(st, k++, cx->now);
	return ctx_insert(cx, st, NULL, NULL, id);
}

int notify_insert_delivery(struct ctx *cx, int64_t event_id, int64_t destination_id,
			   const char *entity, int64_t entity_id, const char *ref, bool held,
			   int64_t *id)
{
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO notify_deliveries (event_id,"
		" destination_id, entity, entity_id, ref, state, next_at, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, event_id);
	store_bind_int64(st, k++, destination_id);
	store_bind_text(st, k++, entity);
	store_bind_int64(st, k++, entity_id);
	store_bind_text(st, k++, ref ? ref : "");
	store_bind_text(st, k++, held ? "held" : "pending");
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	int64_t made;
	return ctx_insert(cx, st, NULL, NULL, id ? id : &made);
}

struct taker {
	int64_t destination_id;
	bool now;
	const char *ref;
};

static struct taker *taker_of(struct taker *t, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (t[i].destination_id == id)
			return &t[i];
	if (*n >= MAX_TAKERS)
		return NULL;
	t[*n] = (struct taker){id, false, ""};
	return &t[(*n)++];
}

int notify_emit(struct ctx *cx, const struct notify_event *ev)
{
	struct taker takers[MAX_TAKERS];
	size_t nt = 0;
	/* the rules of the unit and of every unit above it */
	int64_t ids[MAX_DEPTH] = {0};
	if (ev->unit_id) {
		struct org_unit u;
		int f = org_unit_by_id(cx, ev->unit_id, &u);
		if (f < 0)
			return ctx_fail(cx);
		if (f == 1)
			org_path_ids(u.path, ids, MAX_DEPTH);
	}
	const char *topics[MAX_TOPICS] = {ev->event, "", "", ""};
	for (size_t i = 0; ev->topics && ev->topics[i] && i + 1 < MAX_TOPICS; i++)
		topics[i + 1] = ev->topics[i];
	if (ids[0]) {
		struct store_stmt *st = store_prepare(cx->db, "SELECT r.destination_id, r.mode"
			" FROM notify_rules r JOIN notify_destinations d ON d.id = r.destination_id"
			" WHERE r.topic IN (?, ?, ?, ?) AND d.enabled = 1 AND d.internal = 0"
			" AND d.unit_id IN (?, ?, ?, ?, ?, ?, ?, ?) ORDER BY r.destination_id");
		if (!st)
			return ctx_fail(cx);
		int k = 1;
		for (size_t i = 0; i < MAX_TOPICS; i++)
			store_bind_text(st, k++, topics[i]);
		for (size_t i = 0; i < MAX_DEPTH; i++)
			store_bind_int64(st, k++, ids[i]);
		int rc;
		while ((rc = store_step(st)) == STORE_ROW) {
			struct taker *t = taker_of(takers, &nt, store_col_int64(st, 0));
			if (t && !strcmp(store_col_text(st, 1), "now"))
				t->now = true;
		}
		store_reset(st);
		if (rc == STORE_ERR)
			return ctx_fail(cx);
	}
	/* and those who follow this very thing */
	struct store_stmt *st = store_prepare(cx->db, "SELECT s.destination_id, s.ref"
		" FROM notify_subscriptions s JOIN notify_destinations d ON d.id = s.destination_id"
		" WHERE s.entity = ? AND s.entity_id = ? AND d.enabled = 1 ORDER BY s.id");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, ev->entity);
	store_bind_int64(st, 2, ev->entity_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		struct taker *t = taker_of(takers, &nt, store_col_int64(st, 0));
		if (t) {
			t->now = true;
			t->ref = arena_strdup(cx->a, store_col_text(st, 1));
		}
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_fail(cx);
	if (nt == 0)
		return 0;
	int64_t event_id;
	if (notify_insert_event(cx, ev, &event_id) < 0)
		return -1;
	bool wake = false;
	for (size_t i = 0; i < nt; i++) {
		if (notify_insert_delivery(cx, event_id, takers[i].destination_id, ev->entity,
					   ev->entity_id, takers[i].ref, !takers[i].now, NULL) < 0)
			return -1;
		wake |= takers[i].now;
	}
	if (wake)
		workers_wake();
	return 0;
}

int notify_subscribe(struct ctx *cx, int64_t destination_id, const char *entity,
		     int64_t entity_id, const char *ref)
{
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO notify_subscriptions"
		" (destination_id, entity, entity_id, ref, created_at) VALUES (?, ?, ?, ?, ?)"
		" ON CONFLICT (entity, entity_id, destination_id) DO NOTHING");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, destination_id);
	store_bind_text(st, 2, entity);
	store_bind_int64(st, 3, entity_id);
	store_bind_text(st, 4, ref ? ref : "");
	store_bind_int64(st, 5, cx->now);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

/* --- deliveries: lists and actions ---------------------------------------------------------- */

#define DLV_COLS "v.id, v.event_id, v.destination_id, v.entity, v.entity_id, v.ref, v.state," \
	" v.tries, v.next_at, v.last_status, v.last_error, v.digest_id, v.sent_at, v.created_at," \
	" v.updated_at, e.event, e.uid, e.title, d.name, d.kind"
#define DLV_FROM " FROM notify_deliveries v JOIN notify_events e ON e.id = v.event_id" \
	" JOIN notify_destinations d ON d.id = v.destination_id JOIN org_units u ON u.id = d.unit_id"

static int64_t read_dlv(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct notify_delivery *v = row;
	int c = 0;
	v->id = store_col_int64(st, c++);
	v->event_id = store_col_int64(st, c++);
	v->destination_id = store_col_int64(st, c++);
	v->entity = arena_strdup(cx->a, store_col_text(st, c++));
	v->entity_id = store_col_int64(st, c++);
	v->ref = arena_strdup(cx->a, store_col_text(st, c++));
	v->state = arena_strdup(cx->a, store_col_text(st, c++));
	v->tries = store_col_int64(st, c++);
	v->next_at = store_col_int64(st, c++);
	v->last_status = store_col_int64(st, c++);
	v->last_error = arena_strdup(cx->a, store_col_text(st, c++));
	v->digest_id = store_col_int64(st, c++);
	v->sent_at = store_col_int64(st, c++);
	v->created_at = store_col_int64(st, c++);
	v->updated_at = store_col_int64(st, c++);
	v->event = arena_strdup(cx->a, store_col_text(st, c++));
	v->event_uid = arena_strdup(cx->a, store_col_text(st, c++));
	v->title = arena_strdup(cx->a, store_col_text(st, c++));
	v->destination_name = arena_strdup(cx->a, store_col_text(st, c++));
	v->destination_kind = notify_kind_parse(store_col_text(st, c++));
	return v->id;
}

json_t *notify_delivery_json(const struct notify_delivery *v)
{
	bool waiting = !strcmp(v->state, "pending") || !strcmp(v->state, "sending");
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:I, s:o,"
			 " s:I, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)v->id, "event_id", v->event_uid, "event", v->event,
			 "title", v->title, "destination_id", (json_int_t)v->destination_id,
			 "destination_name", v->destination_name,
			 "destination_kind", notify_kind_name(v->destination_kind),
			 "entity_id", (json_int_t)v->entity_id, "entity", v->entity,
			 "tries", (json_int_t)v->tries, "state", v->state, "last_error", v->last_error,
			 "last_status", (json_int_t)v->last_status,
			 "next_at", waiting ? json_time(v->next_at) : json_null(),
			 "event_seq", (json_int_t)v->event_id, "sent_at", json_time(v->sent_at),
			 "created_at", json_time(v->created_at), "updated_at", json_time(v->updated_at),
			 "ref", json_str_or_null(*v->ref ? v->ref : NULL));
}

int notify_deliveries_list(struct ctx *cx, const struct delivery_filter *f, int limit,
			   int64_t cursor, struct notify_delivery **items, size_t *n,
			   int64_t *next_cursor)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " DLV_COLS DLV_FROM
		" WHERE (? = 0 OR v.id < ?) AND (? = 0 OR v.destination_id = ?)"
		" AND (? = '' OR v.state = ?) AND (? = '' OR v.entity = ?) AND (? = 0 OR v.entity_id = ?)"
		" AND " ACCESS_PATH_IN_SCOPE_SQL("u.path") " ORDER BY v.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, cursor);
	store_bind_int64(st, k++, f->destination_id);
	store_bind_int64(st, k++, f->destination_id);
	store_bind_text(st, k++, f->state ? f->state : "");
	store_bind_text(st, k++, f->state ? f->state : "");
	store_bind_text(st, k++, f->entity ? f->entity : "");
	store_bind_text(st, k++, f->entity ? f->entity : "");
	store_bind_int64(st, k++, f->entity_id);
	store_bind_int64(st, k++, f->entity_id);
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64(st, k++, limit + 1);
	return ctx_page(cx, st, sizeof **items, limit, read_dlv, items, n, next_cursor);
}

/* One delivery in scope (404 else). */
static int dlv_get(struct ctx *cx, int64_t id, struct notify_delivery *out,
		   struct notify_destination *d)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " DLV_COLS DLV_FROM " WHERE v.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_dlv(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW || notify_destination_row(cx, out->destination_id, d) != 1)
		return err_set(&cx->err, ERR_NOT_FOUND);
	return notify_may_manage(cx, d);
}

int notify_delivery_get(struct ctx *cx, int64_t id, json_t **out)
{
	struct notify_delivery v;
	struct notify_destination d;
	if (dlv_get(cx, id, &v, &d) < 0)
		return -1;
	json_t *o = notify_delivery_json(&v);
	struct store_stmt *st = store_prepare(cx->db, "SELECT data, link, body FROM notify_events"
					      " WHERE id = ?");
	if (!st) {
		json_decref(o);
		return ctx_store_error(cx);
	}
	store_bind_int64(st, 1, v.event_id);
	if (store_step(st) == STORE_ROW) {
		json_t *data = json_loads(store_col_text(st, 0), 0, NULL);
		json_object_set_new(o, "data", data ? data : json_object());
		json_object_set_new(o, "link", json_string(store_col_text(st, 1)));
		json_object_set_new(o, "body", json_string(store_col_text(st, 2)));
	}
	store_reset(st);
	st = store_prepare(cx->db, "SELECT at, status, error, answer, ms FROM notify_attempts"
			   " WHERE delivery_id = ? ORDER BY id DESC LIMIT 50");
	if (!st) {
		json_decref(o);
		return ctx_store_error(cx);
	}
	store_bind_int64(st, 1, id);
	json_t *att = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(att, json_pack("{s:o, s:I, s:s, s:s, s:I}",
			"at", json_time(store_col_int64(st, 0)), "status", (json_int_t)store_col_int64(st, 1),
			"error", store_col_text(st, 2), "answer", store_col_text(st, 3),
			"ms", (json_int_t)store_col_int64(st, 4)));
	store_reset(st);
	json_object_set_new(o, "attempts", att);
	if (rc == STORE_ERR) {
		json_decref(o);
		return ctx_store_error(cx);
	}
	*out = o;
	return 0;
}

int notify_delivery_replay(struct ctx *cx, int64_t id, json_t **out)
{
	struct notify_delivery v;
	struct notify_destination d;
	if (dlv_get(cx, id, &v, &d) < 0)
		return -1;
	if (strcmp(v.state, "dead") && strcmp(v.state, "done"))
		return err_field(&cx->err, "state", "notify_replay_state", 0);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE notify_deliveries SET state = 'pending',"
		" tries = 0, next_at = ?, lease_owner = NULL, lease_until = 0, updated_at = ?"
		" WHERE id = ? AND state IN ('dead', 'done')");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->now);
	store_bind_int64(st, 3, id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (changed != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	/* the answer is the delivery as replayed, read before the commit: once committed, a worker
	 * may send it before a read after the commit would see it */
	if (notify_delivery_get(cx, id, out) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	json_t *b = json_pack("{s:s, s:I}", "state", v.state, "tries", (json_int_t)v.tries);
	json_t *a = json_pack("{s:s, s:I}", "state", "pending", "tries", (json_int_t)0);
	int rc = audit_commit(cx, "notify_delivery.replay", "notify_delivery", id, b, a);
	json_decref(b);
	json_decref(a);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	workers_wake();
	return 0;
}

int notify_destination_test(struct ctx *cx, int64_t id, int64_t *delivery_id)
{
	struct notify_destination d;
	if (notify_destination_get(cx, id, false, &d) < 0)
		return -1;
	json_t *data = json_pack("{s:s, s:I}", "destination", d.name, "destination_id", (json_int_t)id);
	struct notify_event ev = {.event = "test", .entity = "notify_destination", .entity_id = id,
		.unit_id = d.unit_id, .title = arena_printf(cx->a, "诉求推送测试消息：%s", d.name),
		.body = "linli 邻里的推送已接通。", .link = "", .data = data};
	int64_t event_id;
	if (ctx_begin(cx) < 0) {
		json_decref(data);
		return -1;
	}
	int rc = notify_insert_event(cx, &ev, &event_id);
	json_decref(data);
	if (rc < 0 || notify_insert_delivery(cx, event_id, id, ev.entity, id, "", false,
					     delivery_id) < 0)
		return -1;
	if (audit_commit(cx, "notify_destination.test", "notify_destination", id, NULL, NULL) < 0)
		return -1;
	workers_wake();
	return 0;
}

#define DIGEST_LINES 30

int notify_digest_one(struct ctx *cx, const struct notify_destination *d, int64_t day,
		      int64_t *count)
{
	*count = 0;
	struct store_stmt *st = store_prepare(cx->db, "SELECT v.id, e.uid, e.event, e.title, e.link,"
		" e.entity, e.entity_id, e.created_at FROM notify_deliveries v"
		" JOIN notify_events e ON e.id = v.event_id WHERE v.destination_id = ?"
		" AND v.state = 'held' ORDER BY v.id LIMIT 1000");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, d->id);
	json_t *items = json_array();
	const char *body = "";
	int rc;
	int64_t last = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		last = store_col_int64(st, 0);
		const char *title = store_col_text(st, 3), *link = store_col_text(st, 4);
		if (*count < DIGEST_LINES)
			body = *link ? arena_printf(cx->a, "%s- [%s](%s)\n", body, title, link)
				     : arena_printf(cx->a, "%s- %s\n", body, title);
		(*count)++;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}",
			"id", store_col_text(st, 1), "event", store_col_text(st, 2), "title", title,
			"entity", store_col_text(st, 5), "entity_id", (json_int_t)store_col_int64(st, 6),
			"created_at", json_time(store_col_int64(st, 7))));
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(items);
		return ctx_fail(cx);
	}
	if (*count > DIGEST_LINES)
		body = arena_printf(cx->a, "%s- ……另有 %lld 条\n", body,
				    (long long)(*count - DIGEST_LINES));
	char date[16];
	clock_date(cx->now, date, sizeof date);
	if (*count > 0) {
		json_t *data = json_pack("{s:s, s:I, s:o}", "date", date, "count", (json_int_t)*count,
					 "items", items);
		struct notify_event ev = {.event = "digest", .entity = "notify_destination",
			.entity_id = d->id, .unit_id = d->unit_id,
			.title = arena_printf(cx->a, "%s 诉求每日汇总：%lld 条", date, (long long)*count),
			.body = body, .link = "", .data = data};
		int64_t event_id, digest_id;
		int r = notify_insert_event(cx, &ev, &event_id);
		json_decref(data);
		if (r < 0 || notify_insert_delivery(cx, event_id, d->id, ev.entity, d->id, "", false,
						    &digest_id) < 0)
			return -1;
		st = store_prepare(cx->db, "UPDATE notify_deliveries SET state = 'digested',"
			" digest_id = ?, updated_at = ? WHERE destination_id = ? AND state = 'held'"
			" AND id <= ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, digest_id);
		store_bind_int64(st, 2, cx->now);
		store_bind_int64(st, 3, d->id);
		store_bind_int64(st, 4, last);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	} else {
		json_decref(items);
	}
	st = store_prepare(cx->db, "UPDATE notify_destinations SET digest_day = ? WHERE id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, day);
	store_bind_int64(st, 2, d->id);
	return ctx_write(cx, st, NULL, NULL, NULL);
}

int notify_destination_digest(struct ctx *cx, int64_t id, int64_t *count)
{
	struct notify_destination d;
	if (notify_destination_get(cx, id, false, &d) < 0 || ctx_begin(cx) < 0)
		return -1;
	if (notify_digest_one(cx, &d, d.digest_day, count) < 0)
		return -1;
	if (audit_commit(cx, "notify_destination.digest", "notify_destination", id, NULL, NULL) < 0)
		return -1;
	workers_wake();
	return 0;
}

int notify_delivery_counts(struct ctx *cx, json_t **out)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT v.state, COUNT(*) FROM notify_deliveries v"
		" JOIN notify_destinations d ON d.id = v.destination_id JOIN org_units u ON u.id = d.unit_id"
		" WHERE " ACCESS_PATH_IN_SCOPE_SQL("u.path") " GROUP BY v.state");
	if (!st)
		return ctx_store_error(cx);
	access_bind_scope(cx, st, 1);
	json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "pending", 0, "sending", 0, "done", 0,
			      "dead", 0, "held", 0, "digested", 0);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_object_set_new(o, store_col_text(st, 0), json_integer(store_col_int64(st, 1)));
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(o);
		return ctx_store_error(cx);
	}
	*out = o;
	return 0;
}
