/* Hand-offs: what a 12345 platform hands over, judged, made a request of the channel "hotline"
 * through the requests' channel intake (the hand-off's row written in the request's
 * transaction), or queued while its category has no mapping and released later by an
 * administrator. The ticket number of a platform, or an Idempotency-Key, is taken once. */
#include <strings.h>
#include <string.h>

#include "access/audit.h"
#include "access/sessions.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/mask.h"
#include "hotline/internal.h"
#include "org/org.h"
#include "registry/registry.h"
#include "requests/requests.h"

static const char *const states[HL__STATES] = {"received", "unmapped", "released"};

const char *hotline_state_name(int s) { return s >= 0 && s < HL__STATES ? states[s] : ""; }

int hotline_state_parse(const char *s)
{
	for (int i = 0; s && i < HL__STATES; i++)
		if (strcmp(s, states[i]) == 0)
			return i;
	return -1;
}

#define HANDOFF_COLS "h.id, h.platform_id, p.code, p.name, h.ticket, h.category, h.category_name," \
	" h.state, COALESCE(h.request_id, 0), COALESCE(h.receipt, ''), COALESCE(h.item_id, 0)," \
	" COALESCE(ci.code, ''), COALESCE(ci.name, ''), h.unit_id, u.name, u.path," \
	" COALESCE(h.origin_unit_id, 0), COALESCE(o.path, ''), h.title, h.body, h.address, h.lon," \
	" h.lat, h.caller_name_masked, h.caller_phone_masked, h.due_at, h.received_at," \
	" h.released_at, h.released_by, h.created_at, h.updated_at, h.version"
#define HANDOFF_FROM "hotline_handoffs h JOIN hotline_platforms p ON p.id = h.platform_id" \
	" JOIN org_units u ON u.id = h.unit_id LEFT JOIN org_units o ON o.id = h.origin_unit_id" \
	" LEFT JOIN catalog_items ci ON ci.id = h.item_id"
/* In the reader's scope: the platform's unit or where the request arose. Four parameters. */
#define HANDOFF_SCOPE "(" ACCESS_PATH_IN_SCOPE_SQL("u.path") " OR " \
	ACCESS_PATH_IN_SCOPE_SQL("o.path") ")"

static const char *dup(struct ctx *cx, struct store_stmt *st, int col)
{
	return arena_strdup(cx->a, store_col_text(st, col));
}

static int64_t read_handoff(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct hotline_handoff *h = row;
	int c = 0;
	h->id = store_col_int64(st, c++);
	h->platform_id = store_col_int64(st, c++);
	h->platform_code = dup(cx, st, c++);
	h->platform_name = dup(cx, st, c++);
	h->ticket = dup(cx, st, c++);
	h->category = dup(cx, st, c++);
	h->category_name = dup(cx, st, c++);
	h->state = hotline_state_parse(store_col_text(st, c++));
	h->request_id = store_col_int64(st, c++);
	h->receipt = dup(cx, st, c++);
	h->item_id = store_col_int64(st, c++);
	h->item_code = dup(cx, st, c++);
	h->item_name = dup(cx, st, c++);
	h->unit_id = store_col_int64(st, c++);
	h->unit_name = dup(cx, st, c++);
	h->unit_path = dup(cx, st, c++);
	h->origin_unit_id = store_col_int64(st, c++);
	h->origin_path = dup(cx, st, c++);
	h->title = dup(cx, st, c++);
	h->body = dup(cx, st, c++);
	h->address = dup(cx, st, c++);
	h->has_location = !store_col_is_null(st, c);
	h->lon = store_col_double(st, c++);
	h->lat = store_col_double(st, c++);
	h->caller_name_masked = dup(cx, st, c++);
	h->caller_phone_masked = dup(cx, st, c++);
	h->due_at = store_col_int64(st, c++);
	h->received_at = store_col_int64(st, c++);
	h->released_at = store_col_int64(st, c++);
	h->released_by = store_col_int64(st, c++);
	h->created_at = store_col_int64(st, c++);
	h->updated_at = store_col_int64(st, c++);
	h->version = store_col_int64(st, c++);
	return h->id;
}

static int fetch_where(struct ctx *cx, const char *sql, int64_t v, struct hotline_handoff *out)
{
	struct store_stmt *st = store_prepare(cx->db, sql);
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, v);
	return hl_one(cx, st, read_handoff, out);
}

static int fetch(struct ctx *cx, int64_t id, struct hotline_handoff *out)
{
	return fetch_where(cx, "SELECT " HANDOFF_COLS " FROM " HANDOFF_FROM " WHERE h.id = ?", id, out);
}

static json_t *id_name(int64_t id, const char *name)
{
	return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

json_t *hotline_handoff_json(const struct hotline_handoff *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(h->id));
	json_object_set_new(o, "platform", json_pack("{s:I, s:s, s:s}", "id",
		(json_int_t)h->platform_id, "code", h->platform_code, "name", h->platform_name));
	json_object_set_new(o, "ticket", json_string(h->ticket));
	json_object_set_new(o, "category", json_string(h->category));
	json_object_set_new(o, "category_name", json_string(h->category_name));
	json_object_set_new(o, "state", json_string(hotline_state_name(h->state)));
	json_object_set_new(o, "request", h->request_id ? json_pack("{s:I, s:s}", "id",
		(json_int_t)h->request_id, "receipt", h->receipt) : json_null());
	json_object_set_new(o, "item", h->item_id ? json_pack("{s:I, s:s, s:s}", "id",
		(json_int_t)h->item_id, "code", h->item_code, "name", h->item_name) : json_null());
	json_object_set_new(o, "unit", id_name(h->unit_id, h->unit_name));
	json_object_set_new(o, "title", json_string(h->title));
	json_object_set_new(o, "text", json_string(h->body));
	json_object_set_new(o, "address", json_string(h->address));
	json_object_set_new(o, "location", h->has_location ? json_pack("{s:f, s:f}", "lat", h->lat,
		"lng", h->lon) : json_null());
	json_object_set_new(o, "caller_name", json_string(h->caller_name_masked));
	json_object_set_new(o, "caller_phone", json_string(h->caller_phone_masked));
	json_object_set_new(o, "due_at", json_time(h->due_at));
	json_object_set_new(o, "received_at", json_time(h->received_at));
	json_object_set_new(o, "released_at", json_time(h->released_at));
	json_object_set_new(o, "created_at", json_time(h->created_at));
	json_object_set_new(o, "updated_at", json_time(h->updated_at));
	json_object_set_new(o, "version", json_integer(h->version));
	return o;
}

/* --- intake ---------------------------------------------------------------------------- */

/* What a hand-off carries once judged, and where it goes. */
struct handoff {
	struct hotline_platform platform;
	struct org_unit unit;          /* the platform's */
	struct hl_in in;
	const char *key;               /* Idempotency-Key, NULL */
	struct hotline_mapping mapping;
	bool mapped;
	const char *name_sealed, *phone_sealed;
	/* a release: the queued hand-off, its mapping made now (item_id) or given a new item in
	 * place of a retired one (remap) */
	int64_t release_id, release_version, map_item;
	bool remap;
};

/* The fields the requests' intake names, by the names the platform sent them. */
static void rename_fields(struct err *e)
{
	static const char *const names[][2] = {
		{"body", "text"}, {"requester_name", "caller_name"}, {"requester_phone", "caller_phone"},
		{"lon", "lng"}, {"item_id", "category"}, {"due_by", "due_at"}, {"unit_id", "platform"},
	};
	for (int i = 0; i < e->nfields; i++)
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strcmp(e->fields[i].field, names[k][0]) == 0)
				e->fields[i].field = names[k][1];
}

/* The request's body for the channel intake. */
static json_t *request_body(struct ctx *cx, const struct handoff *h, const struct hl_in *in,
			    int64_t item_id)
{
	json_t *b = json_pack("{s:s, s:I, s:I}", "body", in->text, "item_id", (json_int_t)item_id,
			      "unit_id", (json_int_t)h->platform.unit_id);
	if (in->title && *in->title)
		json_object_set_new(b, "title", json_string(in->title));
	if (in->caller_name && *in->caller_name)
		json_object_set_new(b, "requester_name", json_string(in->caller_name));
	if (in->caller_phone && *in->caller_phone)
		json_object_set_new(b, "requester_phone", json_string(in->caller_phone));
	if (in->address && *in->address)
		json_object_set_new(b, "address", json_string(in->address));
	if (in->has_location) {
		json_object_set_new(b, "lon", json_real(in->lon));
		json_object_set_new(b, "lat", json_real(in->lat));
	}
	if (in->due_at) {
		char due[40];
		clock_iso(in->due_at, due, sizeof due);
		json_object_set_new(b, "due_by", json_string(arena_strdup(cx->a, due)));
	}
	return b;
}

/* The first hand-off of this ticket or key: 1 with *out (a key that came with another ticket:
 * 409), 0 none, -1. */
static int repeat_of(struct ctx *cx, const struct handoff *h, struct hotline_handoff *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT id, ticket FROM hotline_handoffs"
		" WHERE platform_id = ? AND (ticket = ? OR idempotency_key = ?) ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, h->platform.id);
	store_bind_text(st, 2, h->in.ticket);
	store_bind_text(st, 3, h->key);
	int64_t first = 0;
	bool reused = false;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (strcmp(store_col_text(st, 1), h->in.ticket) == 0)
			first = store_col_int64(st, 0);
		else
			reused = true;
	}
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	if (reused) {
		err_field(&cx->err, "Idempotency-Key", "hotline_key_reused", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	if (!first)
		return 0;
	return fetch(cx, first, out) == 1 ? 1 : err_set(&cx->err, ERR_INTERNAL);
}

/* The hand-off's row in the open transaction; request_id 0: queued. */
static int insert_row(struct ctx *cx, const struct handoff *h, const struct request *r,
		      int64_t *id)
{
	const struct hl_in *in = &h->in;
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO hotline_handoffs (platform_id,"
		" ticket, idempotency_key, category, category_name, state, request_id, receipt, item_id,"
		" unit_id, origin_unit_id, title, body, address, lon, lat, caller_name, caller_phone,"
		" caller_name_masked, caller_phone_masked, due_at, received_at, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, h->platform.id);
	store_bind_text(st, k++, in->ticket);
	store_bind_text(st, k++, h->key);
	store_bind_text(st, k++, in->category);
	store_bind_text(st, k++, in->category_name ? in->category_name : "");
	store_bind_text(st, k++, hotline_state_name(r ? HL_RECEIVED : HL_UNMAPPED));
	store_bind_int64_or_null(st, k++, r ? r->id : 0);
	store_bind_text(st, k++, r ? r->receipt : NULL);
	store_bind_int64_or_null(st, k++, r ? r->item_id : 0);
	store_bind_int64(st, k++, h->platform.unit_id);
	store_bind_int64_or_null(st, k++, r ? r->origin_unit_id : 0);
	store_bind_text(st, k++, in->title ? in->title : "");
	store_bind_text(st, k++, in->text);
	store_bind_text(st, k++, in->address ? in->address : "");
	if (in->has_location) {
		store_bind_double(st, k++, in->lon);
		store_bind_double(st, k++, in->lat);
	} else {
		store_bind_null(st, k++);
		store_bind_null(st, k++);
	}
	/* kept sealed only while no request holds them */
	store_bind_text(st, k++, r ? NULL : h->name_sealed);
	store_bind_text(st, k++, r ? NULL : h->phone_sealed);
	store_bind_text(st, k++, in->caller_name ? mask_name(cx->a, in->caller_name) : "");
	store_bind_text(st, k++, in->caller_phone ? mask_phone(cx->a, in->caller_phone) : "");
	store_bind_int64_or_null(st, k++, in->due_at);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	return ctx_insert(cx, st, "ticket", "hotline_ticket_taken", id);
}

static int audit_handoff(struct ctx *cx, const char *action, int64_t id, bool commit)
{
	struct hotline_handoff now;
	if (fetch(cx, id, &now) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	json_t *after = hotline_handoff_json(&now);
	/* the audit keeps what identifies the matter, not the caller's words */
	json_object_del(after, "text");
	json_object_del(after, "address");
	int rc = commit ? audit_commit(cx, action, "hotline_handoff", id, NULL, after)
			: audit_record(cx, action, "hotline_handoff", id, NULL, after);
	json_decref(after);
	if (rc < 0 && !commit)
		ctx_rollback(cx);
	return rc;
}

/* In the request's transaction: the hand-off's row beside it. */
static int keep_received(struct ctx *cx, int64_t request_id, void *arg)
{
	struct handoff *h = arg;
	struct request r;
	int64_t id;
	if (requests_get(cx, request_id, &r) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (insert_row(cx, h, &r, &id) < 0 || hl_follow(cx, &h->platform, request_id, h->in.ticket) < 0)
		return -1;
	return audit_handoff(cx, "hotline_handoff.receive", id, false);
}

static int queue(struct ctx *cx, struct handoff *h, int64_t *id)
{
	h->name_sealed = registry_seal_value(cx, "hotline.caller_name", h->in.caller_name);
	h->phone_sealed = registry_seal_value(cx, "hotline.caller_phone", h->in.caller_phone);
	if (cx->err.code || ctx_begin(cx) < 0 || insert_row(cx, h, NULL, id) < 0)
		return -1;
	return audit_handoff(cx, "hotline_handoff.queue", *id, true);
}

/* The platform of the bearer token in `authorization`, active, whose user takes requests. */
static int authenticate(struct ctx *cx, const char *authorization, struct hotline_platform *p)
{
	struct err *e = &cx->err;
	const char *field = "Authorization";
	if (!authorization || !*authorization) {
		err_set(e, ERR_UNAUTHENTICATED);
		return err_field(e, field, "hotline_token_missing", 0);
	}
	/* the one check of API tokens, as Open311's api_key is checked */
	if (strncasecmp(authorization, "Bearer ", 7) != 0 ||
	    sessions_authenticate_bearer(cx, authorization + 7) < 0) {
		if (e->code && e->code != ERR_UNAUTHENTICATED)
			return -1;
		err_clear(e);
		err_set(e, ERR_UNAUTHENTICATED);
		return err_field(e, field, "hotline_token_invalid", 0);
	}
	int f = hl_platform_by_token(cx, cx->actor.token_id, p);
	if (f < 0)
		return -1;
	if (f == 0 || !p->active) {
		err_set(e, ERR_FORBIDDEN);
		return err_field(e, field, f == 0 ? "hotline_platform_unknown" : "hotline_platform_inactive", 0);
	}
	/* the token's user no longer takes requests (its role was changed) */
	if (access_require(cx, PERM_REQUESTS_WRITE, NULL) < 0)
		return e->code == ERR_FORBIDDEN ? err_field(e, field, "hotline_token_user", 0) : -1;
	return 0;
}

int hotline_handoff_submit(struct ctx *cx, const char *authorization, const char *key,
			   json_t *body, struct hotline_handoff *out, int *status)
{
	struct err *e = &cx->err;
	struct handoff h = {.key = key};
	*status = 0;
	if (authenticate(cx, authorization, &h.platform) < 0)
		return -1;
	if (key && !hl_key_ok(key))
		err_field(e, "Idempotency-Key", "hotline_key", hotline_limits[L_HL_KEY].max);
	hl_judge(cx->a, body, cx->now, &h.in, e);
	if (e->code)
		return -1;
	int f = repeat_of(cx, &h, out);
	if (f != 0) {
		*status = 200;
		return f < 0 ? -1 : 0;
	}
	if (org_unit_by_id(cx, h.platform.unit_id, &h.unit) != 1)
		return err_set(e, ERR_INTERNAL);
	/* a place in a grid outside the platform's unit is another's matter */
	if (h.in.has_location) {
		struct org_unit g;
		f = org_locate(cx, h.in.lon, h.in.lat, false, &g);
		if (f < 0)
			return -1;
		if (f == 1 && strncmp(g.path, h.unit.path, strlen(h.unit.path)) != 0)
			return err_field(e, "lat", "hotline_location_outside", 0);
	}
	f = hl_mapping_find(cx, h.platform.id, h.in.category, &h.mapping);
	if (f < 0)
		return -1;
	h.mapped = f == 1 && h.mapping.item_active;
	int64_t id = 0;
	int rc;
	if (h.mapped) {
		json_t *b = request_body(cx, &h, &h.in, h.mapping.item_id);
		struct request r;
		rc = requests_submit_channel(cx, "hotline", b, keep_received, &h, &r);
		json_decref(b);
		if (rc == 0 && fetch_where(cx, "SELECT " HANDOFF_COLS " FROM " HANDOFF_FROM
					   " WHERE h.request_id = ?", r.id, out) != 1)
			return err_set(e, ERR_INTERNAL);
		*status = 201;
	} else {
		rc = queue(cx, &h, &id);
		if (rc == 0 && fetch(cx, id, out) != 1)
			return err_set(e, ERR_INTERNAL);
		*status = 202;
	}
	if (rc == 0)
		return 0;
	/* the same hand-off at the same moment on another connection: answer with that one */
	if (e->code == ERR_CONFLICT) {
		struct err saved = *e;
		err_clear(e);
		f = repeat_of(cx, &h, out);
		if (f == 1) {
			*status = 200;
			return 0;
		}
		if (f == 0)
			*e = saved;
	}
	rename_fields(e);
	*status = 0;
	return -1;
}

/* --- release --------------------------------------------------------------------------- */

/* In the request's transaction: the mapping made if asked for, the queued row now released
 * (it was still queued and of the version read), the caller's sealed values dropped. */
static int keep_released(struct ctx *cx, int64_t request_id, void *arg)
{
	struct handoff *h = arg;
	struct request r;
	int64_t mid, changed = 0;
	if (requests_get(cx, request_id, &r) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (h->remap && hl_mapping_write(cx, &h->mapping, h->mapping.name, h->map_item,
					 h->mapping.version) < 0)
		return -1;
	if (h->map_item && !h->remap && hl_mapping_insert(cx, h->platform.id, h->in.category,
							  h->in.category_name, h->map_item, &mid) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE hotline_handoffs SET state = ?,"
		" request_id = ?, receipt = ?, item_id = ?, origin_unit_id = ?, caller_name = NULL,"
		" caller_phone = NULL, released_at = ?, released_by = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ? AND state = ?");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, hotline_state_name(HL_RELEASED));
	store_bind_int64(st, k++, r.id);
	store_bind_text(st, k++, r.receipt);
	store_bind_int64_or_null(st, k++, r.item_id);
	store_bind_int64(st, k++, r.origin_unit_id);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64_or_null(st, k++, cx->actor.user_id);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, h->release_id);
	store_bind_int64(st, k++, h->release_version);
	store_bind_text(st, k++, hotline_state_name(HL_UNMAPPED));
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (changed != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_VERSION_CONFLICT);
	}
	if (hl_follow(cx, &h->platform, request_id, h->in.ticket) < 0)
		return -1;
	return audit_handoff(cx, "hotline_handoff.release", h->release_id, false);
}

/* The caller's sealed values of a queued hand-off, opened: 0, or -1. */
static int open_caller(struct ctx *cx, int64_t id, struct hl_in *in)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT caller_name, caller_phone FROM"
					      " hotline_handoffs WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	const char *name = NULL, *phone = NULL;
	if (rc == STORE_ROW) {
		name = store_col_is_null(st, 0) ? NULL : dup(cx, st, 0);
		phone = store_col_is_null(st, 1) ? NULL : dup(cx, st, 1);
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return rc == STORE_ERR ? ctx_store_error(cx) : err_set(&cx->err, ERR_INTERNAL);
	in->caller_name = name ? registry_open(cx, "hotline.caller_name", name) : NULL;
	in->caller_phone = phone ? registry_open(cx, "hotline.caller_phone", phone) : NULL;
	if ((name && !in->caller_name) || (phone && !in->caller_phone))
		return err_setf(&cx->err, ERR_INTERNAL, "hotline: a caller's sealed value does not open");
	return 0;
}

int hotline_handoff_release(struct ctx *cx, int64_t id, json_t *body, struct hotline_handoff *out)
{
	static const char *const allowed[] = {"version", "item_id", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_HOTLINE_MANAGE, NULL) < 0)
		return -1;
	struct hotline_handoff q;
	int f = fetch(cx, id, &q);
	if (f <= 0)
		return f < 0 ? -1 : err_set(e, ERR_NOT_FOUND);
	struct handoff h = {.release_id = id};
	int64_t item_id = 0;
	json_only_fields(body, allowed, e);
	if (jf_int(body, "version", JF_REQUIRED, 1, INT64_MAX, &h.release_version, e) == 0)
		err_field(e, "version", "hotline_version_needed", 0);
	int hi = jf_int(body, "item_id", 0, 1, INT64_MAX, &item_id, e);
	if (e->code)
		return -1;
	if (q.state != HL_UNMAPPED) {
		err_field(e, "state", "hotline_not_queued", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (h.release_version != q.version)
		return err_set(e, ERR_VERSION_CONFLICT);
	if (hl_platform_fetch(cx, q.platform_id, &h.platform) != 1)
		return err_set(e, ERR_INTERNAL);
	f = hl_mapping_find(cx, q.platform_id, q.category, &h.mapping);
	if (f < 0)
		return -1;
	if (hi > 0) {
		/* mapped here and now (a retired item's mapping given the new one), unless the
		 * category is mapped to another item in use */
		if (f == 1 && h.mapping.item_active && h.mapping.item_id != item_id) {
			err_field(e, "item_id", "hotline_mapped_already", 0);
			return err_set(e, ERR_CONFLICT);
		}
		if (f == 0 || !h.mapping.item_active) {
			h.map_item = item_id;
			h.remap = f == 1;
		}
	} else if (f == 0 || !h.mapping.item_active) {
		return err_field(e, "item_id", f == 0 ? "hotline_unmapped" : "hotline_item", 0);
	} else {
		item_id = h.mapping.item_id;
	}
	h.in = (struct hl_in){.ticket = q.ticket, .category = q.category,
		.category_name = q.category_name, .title = q.title, .text = q.body,
		.address = q.address, .has_location = q.has_location, .lon = q.lon, .lat = q.lat,
		.due_at = q.due_at};
	if (open_caller(cx, id, &h.in) < 0)
		return -1;
	json_t *b = request_body(cx, &h, &h.in, item_id);
	struct request r;
	int rc = requests_submit_channel(cx, "hotline", b, keep_released, &h, &r);
	json_decref(b);
	if (rc < 0) {
		rename_fields(e);
		for (int i = 0; i < e->nfields; i++)   /* the item is what a release names */
			if (strcmp(e->fields[i].field, "category") == 0)
				e->fields[i].field = "item_id";
		return -1;
	}
	return fetch(cx, id, out) == 1 ? 0 : err_set(e, ERR_INTERNAL);
}

/* --- reads ----------------------------------------------------------------------------- */

/* The platform the caller's token is, when it is one: its id, else 0; -1. */
static int64_t caller_platform(struct ctx *cx)
{
	if (!cx->actor.token_id)
		return 0;
	struct hotline_platform p;
	int f = hl_platform_by_token(cx, cx->actor.token_id, &p);
	return f < 0 ? -1 : f == 1 ? p.id : 0;
}

/* Whether the caller reads it: a platform its own only; others by the scope of the platform's
 * unit, of where the request arose, or of the request itself. */
static int visible(struct ctx *cx, const struct hotline_handoff *h, int64_t mine, bool *yes)
{
	*yes = false;
	if (mine && h->platform_id != mine)
		return 0;
	if (access_is_global(cx) || access_path_in_scope(cx, h->unit_path) ||
	    (*h->origin_path && access_path_in_scope(cx, h->origin_path))) {
		*yes = true;
		return 0;
	}
	if (!h->request_id)
		return 0;
	struct request r;
	if (requests_get(cx, h->request_id, &r) < 0) {
		if (cx->err.code != ERR_NOT_FOUND)
			return -1;
		err_clear(&cx->err);
		return 0;
	}
	*yes = true;
	return 0;
}

int hotline_handoff_get(struct ctx *cx, int64_t id, struct hotline_handoff *out)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int64_t mine = caller_platform(cx);
	if (mine < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	bool yes;
	if (visible(cx, out, mine, &yes) < 0)
		return -1;
	return yes ? 0 : err_set(&cx->err, ERR_NOT_FOUND);
}

int hotline_handoffs_list(struct ctx *cx, const struct hotline_filter *f,
			  struct hotline_handoff **items, size_t *n, int64_t *next_cursor)
{
	*n = 0;
	*next_cursor = 0;
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int64_t mine = caller_platform(cx);
	if (mine < 0)
		return -1;
	/* by request: the hand-off of a request the caller reads, whatever else */
	if (f->request_id) {
		struct hotline_handoff *one = arena_alloc(cx->a, sizeof *one);
		int found = fetch_where(cx, "SELECT " HANDOFF_COLS " FROM " HANDOFF_FROM
					" WHERE h.request_id = ?", f->request_id, one);
		bool yes = false;
		if (found < 0 || (found == 1 && visible(cx, one, mine, &yes) < 0))
			return -1;
		*items = one;
		*n = found == 1 && yes && (!f->platform_id || one->platform_id == f->platform_id) &&
		     (f->state < 0 || one->state == f->state) ? 1 : 0;
		return 0;
	}
	/* a ticket number names one matter of each platform: read by its index */
	struct store_stmt *st = store_prepare(cx->db, f->ticket
		? "SELECT " HANDOFF_COLS " FROM " HANDOFF_FROM " WHERE h.ticket = ?"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.platform_id = ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.platform_id = ?)"
		  " AND (CAST(? AS TEXT) IS NULL OR h.state = ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.received_at >= ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.received_at < ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.id < ?) AND " HANDOFF_SCOPE
		  " ORDER BY h.id DESC LIMIT ?"
		: "SELECT " HANDOFF_COLS " FROM " HANDOFF_FROM " WHERE CAST(? AS TEXT) IS NULL"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.platform_id = ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.platform_id = ?)"
		  " AND (CAST(? AS TEXT) IS NULL OR h.state = ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.received_at >= ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.received_at < ?)"
		  " AND (CAST(? AS BIGINT) IS NULL OR h.id < ?) AND " HANDOFF_SCOPE
		  " ORDER BY h.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	store_bind_text(st, k++, f->ticket);
	store_bind_int64_or_null(st, k++, mine);
	store_bind_int64_or_null(st, k++, mine);
	store_bind_int64_or_null(st, k++, f->platform_id);
	store_bind_int64_or_null(st, k++, f->platform_id);
	const char *state = f->state >= 0 ? hotline_state_name(f->state) : NULL;
	store_bind_text(st, k++, state);
	store_bind_text(st, k++, state);
	store_bind_int64_or_null(st, k++, f->from);
	store_bind_int64_or_null(st, k++, f->from);
	store_bind_int64_or_null(st, k++, f->to);
	store_bind_int64_or_null(st, k++, f->to);
	store_bind_int64_or_null(st, k++, f->cursor);
	store_bind_int64_or_null(st, k++, f->cursor);
	access_bind_scope(cx, st, k);
	k += 2;
	access_bind_scope(cx, st, k);
	k += 2;
	store_bind_int64(st, k++, f->limit + 1);
	return ctx_page(cx, st, sizeof **items, f->limit, read_handoff, items, n, next_cursor);
}

int hotline_link_of_request(struct ctx *cx, int64_t request_id, struct hotline_link *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT h.id, h.platform_id, h.ticket,"
		" p.callback_url, p.active FROM hotline_handoffs h JOIN hotline_platforms p"
		" ON p.id = h.platform_id WHERE h.request_id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, request_id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		*out = (struct hotline_link){.handoff_id = store_col_int64(st, 0),
			.platform_id = store_col_int64(st, 1), .request_id = request_id,
			.ticket = dup(cx, st, 2), .callback_url = dup(cx, st, 3),
			.active = store_col_int64(st, 4) != 0};
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}
