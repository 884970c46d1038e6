/* Intake: a request taken by a worker (the window, a grid worker in the field, a phone call,
 * the suggestion box, a petition) or sent by a resident online without an account. Every
 * channel ends in the same row, the same receipt number and the same loop. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/json.h"
#include "base/mask.h"
#include "base/ratelimit.h"
#include "base/seal.h"
#include "base/text.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "registry/phone.h"
#include "registry/registry.h"
#include "requests/internal.h"

/* The channels a worker records; "online" is the public form's. */
static const char *const worker_channels[] = {"window", "grid", "phone", "suggestion", "petition",
	NULL};
static const char *const priorities[] = {"normal", "green", "urgent", NULL};
/* The residents a matter goes by the green channel for (绿色通道). */
static const char *const green_tags[] = {"living_alone", "disability", "extreme_poverty",
	"minimum_income", "serious_illness", "child_in_difficulty", NULL};

static bool one_of(const char *const *set, const char *s)
{
	for (int i = 0; s && set[i]; i++)
		if (strcmp(set[i], s) == 0)
			return true;
	return false;
}

/* What an intake carries once judged. */
struct intake {
	const char *channel, *title, *body, *priority, *name, *address;
	const char *phone_sealed, *phone_hash, *phone_masked;
	int64_t item_id, resident_id, household_id;
	struct catalog_item item;     /* item_id's, read once */
	bool has_location;
	double lon, lat;
	struct org_unit origin;
	int64_t unit_id;              /* where it sits: the origin, or the item's handler */
	int64_t due_by;               /* an outside deadline (a machine channel's), 0: none */
	const char *department;       /* handed to an outside department (the dispatch catalogue) */
	const char *dedupe_key;
};

static int str_field(struct ctx *cx, json_t *b, const char *name, int flags, int l, const char **out)
{
	const struct limit *lim = &requests_limits[l];
	return jf_str(b, name, flags, (size_t)lim->min, (size_t)lim->max, out, &cx->err);
}

/* lon and lat together, within China's extent (73–136 E, 3–54 N). */
static int location(struct ctx *cx, json_t *b, struct intake *in)
{
	json_t *lo = json_object_get(b, "lon"), *la = json_object_get(b, "lat");
	if ((!lo || json_is_null(lo)) && (!la || json_is_null(la)))
		return 0;
	if (!json_is_number(lo) || !json_is_number(la)) {
		err_field(&cx->err, json_is_number(lo) ? "lat" : "lon", "request_location", 0);
		return -1;
	}
	double x = json_number_value(lo), y = json_number_value(la);
	if (x < 73 || x > 136)
		return err_field(&cx->err, "lon", "request_location", 0);
	if (y < 3 || y > 54)
		return err_field(&cx->err, "lat", "request_location", 0);
	in->has_location = true;
	in->lon = x;
	in->lat = y;
	return 1;
}

static int phone(struct ctx *cx, json_t *b, int flags, struct intake *in)
{
	const char *raw = NULL;
	int f = jf_str(b, "requester_phone", flags, 1, 32, &raw, &cx->err);
	if (f <= 0)
		return f;
	struct phone p;
	enum phone_error pe = phone_parse(raw, &p);
	if (pe)
		return err_field(&cx->err, "requester_phone", phone_error_key(pe), 0);
	const struct seal_ring *ring = registry_keys();
	if (!ring)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	size_t n = seal_stored_size(strlen(p.number));
	char *stored = arena_alloc(cx->a, n), *hash = arena_alloc(cx->a, SEAL_LOOKUP_HEX);
	if (seal_seal(ring, "request.phone", p.number, strlen(p.number), stored, n) != SEAL_OK ||
	    seal_lookup(ring, "request.phone", p.number, hash) != SEAL_OK)
		return err_setf(&cx->err, ERR_INTERNAL, "sealing request.phone failed");
	in->phone_sealed = stored;
	in->phone_hash = hash;
	in->phone_masked = mask_phone(cx->a, p.number);
	return 1;
}

/* The fields both intakes share. */
static void judge_common(struct ctx *cx, json_t *b, bool public_, struct intake *in)
{
	str_field(cx, b, "title", 0, L_RQ_TITLE, &in->title);
	str_field(cx, b, "body", JF_REQUIRED | JF_MULTILINE, L_RQ_BODY, &in->body);
	str_field(cx, b, public_ ? "name" : "requester_name", public_ ? JF_REQUIRED : 0, L_RQ_NAME,
		  &in->name);
	str_field(cx, b, "address", 0, L_RQ_ADDRESS, &in->address);
	location(cx, b, in);
	if (jf_int(b, "item_id", JF_NULLABLE, 1, INT64_MAX, &in->item_id, &cx->err) > 0) {
		int f = catalog_item_by_id(cx, in->item_id, &in->item);
		if (f < 0)
			return;
		/* online: only what the handbook shows */
		if (f == 0 || !in->item.active || (public_ && !in->item.public_))
			err_field(&cx->err, "item_id", "request_item", 0);
	}
}

/* The unit it arises in, from the first of: the location, the resident, the household, the
 * unit given, the caller's one unit. Workers place it within their scope. */
static int place(struct ctx *cx, json_t *b, bool public_, struct intake *in)
{
	struct err *e = &cx->err;
	int64_t unit_id = 0;
	int hu = jf_int(b, "unit_id", JF_NULLABLE, 1, INT64_MAX, &unit_id, e);
	if (e->code)
		return -1;
	if (in->has_location) {
		int f = org_locate(cx, in->lon, in->lat, false, &in->origin);
		if (f < 0)
			return -1;
		if (f == 1)
			return 0;
		if (public_ && hu <= 0)
			return err_field(e, "lon", "request_outside", 0);
	}
	if (in->resident_id) {
		struct resident r;
		if (registry_resident_get(cx, in->resident_id, PERM_REQUESTS_WRITE, &r) < 0) {
			err_clear(e);
			return err_field(e, "resident_id", "request_resident", 0);
		}
		if (in->household_id && r.household_id != in->household_id)
			return err_field(e, "household_id", "request_not_member", 0);
		in->household_id = r.household_id;
		if (!in->name)
			in->name = r.name;
		for (size_t i = 0; i < r.ntags; i++)
			if (one_of(green_tags, r.tags[i]))
				in->priority = strcmp(in->priority, "urgent") == 0 ? "urgent" : "green";
		if (org_unit_by_id(cx, r.unit_id, &in->origin) != 1)
			return err_set(e, ERR_INTERNAL);
		if (!in->address && r.address)
			in->address = r.address;
		return 0;
	}
	if (in->household_id) {
		struct household h;
		if (registry_household_get(cx, in->household_id, PERM_REQUESTS_WRITE, &h) < 0) {
			err_clear(e);
			return err_field(e, "household_id", "request_household", 0);
		}
		if (org_unit_by_id(cx, h.unit_id, &in->origin) != 1)
			return err_set(e, ERR_INTERNAL);
		if (!in->address)
			in->address = h.address;
		return 0;
	}
	if (hu > 0) {
		int f = org_unit_by_id(cx, unit_id, &in->origin);
		if (f < 0)
			return -1;
		if (f == 0 || in->origin.closed_at ||
		    (!public_ && !access_path_in_scope(cx, in->origin.path)))
			return err_field(e, "unit_id", "request_unit", 0);
		return 0;
	}
	if (!public_ && cx->actor.nunits >= 1 && !access_is_global(cx))
		return org_unit_by_id(cx, cx->actor.unit_ids[0], &in->origin) == 1 ? 0
		       : err_set(e, ERR_INTERNAL);
	return err_field(e, "unit_id", "request_unit_needed", 0);
}

/* The unit whose code is the receipt's prefix: the origin's community, else the origin (read
 * before the transaction, which holds the database's writers off). */
static int receipt_unit(struct ctx *cx, const struct intake *in, struct org_unit *c)
{
	*c = in->origin;
	int64_t community = in->origin.anchor[ORG_ANCHOR_COMMUNITY];
	if (community && community != c->id && org_unit_by_id(cx, community, c) != 1)
		return err_set(&cx->err, ERR_INTERNAL);
	return 0;
}

static int insert(struct ctx *cx, const struct intake *in, int state, int64_t *id)
{
	int64_t accept_due, due = 0;
	bool accepted = state == RQ_ACCEPTED;
	if (rq_due_times(cx, in->channel, in->priority, in->item_id ? &in->item : NULL, cx->now,
			 &accept_due, accepted ? &due : NULL) < 0)
		return -1;
	/* an outside deadline earlier than linli's own limits is the one kept */
	if (in->due_by && in->due_by < accept_due)
		accept_due = in->due_by;
	if (in->due_by && due && in->due_by < due)
		due = in->due_by;
	struct org_unit ru;
	if (receipt_unit(cx, in, &ru) < 0 || ctx_begin(cx) < 0)
		return -1;
	const char *receipt;
	if (rq_receipt(cx, ru.id, ru.code, &receipt) < 0)
		return -1;
	const char *title = in->title;
	if (!title || !*title) {
		/* the first line of the text, cut on a whole character */
		size_t n = strcspn(in->body, "\r\n");
		size_t cut = utf8_prefix(in->body, n < 90 ? n : 90);
		title = arena_strndup(cx->a, in->body, cut);
	}
	int64_t sits[ORG_ANCHORS];
	if (rq_sits(cx, in->unit_id, in->origin.id, in->origin.anchor, sits) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO requests (receipt, channel, state, priority, item_id, title, body,"
		" origin_unit_id, street_id, community_id, grid_id, unit_id, responsible_id,"
		" resident_id, household_id, requester_name, requester_phone, requester_phone_hash,"
		" requester_phone_masked, address, lon, lat, received_at, accept_due, accepted_at,"
		" due_at, dedupe_key, created_by, created_at, updated_at, department, month,"
		" sits_street_id, sits_community_id, sits_grid_id, due_by) VALUES (?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, receipt);
	store_bind_text(st, k++, in->channel);
	store_bind_text(st, k++, rq_state_name(state));
	store_bind_text(st, k++, in->priority);
	store_bind_int64_or_null(st, k++, in->item_id);
	store_bind_text(st, k++, title);
	store_bind_text(st, k++, in->body);
	store_bind_int64(st, k++, in->origin.id);
	for (int a = 0; a < 3; a++)
		store_bind_int64_or_null(st, k++, in->origin.anchor[a]);
	store_bind_int64(st, k++, in->unit_id);
	store_bind_int64_or_null(st, k++, cx->actor.user_id);
	store_bind_int64_or_null(st, k++, in->resident_id);
	store_bind_int64_or_null(st, k++, in->household_id);
	store_bind_text(st, k++, in->name ? in->name : "");
	store_bind_text(st, k++, in->phone_sealed);
	store_bind_text(st, k++, in->phone_hash);
	store_bind_text(st, k++, in->phone_masked ? in->phone_masked : "");
	store_bind_text(st, k++, in->address ? in->address : "");
	if (in->has_location) {
		store_bind_double(st, k++, in->lon);
		store_bind_double(st, k++, in->lat);
	} else {
		store_bind_null(st, k++);
		store_bind_null(st, k++);
	}
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, accept_due);
	store_bind_int64_or_null(st, k++, accepted ? cx->now : 0);
	store_bind_int64_or_null(st, k++, due);
	store_bind_text(st, k++, in->dedupe_key);
	store_bind_int64_or_null(st, k++, cx->actor.user_id);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	store_bind_text(st, k++, in->department ? in->department : "");
	store_bind_int64(st, k++, date_of_time(cx->now) / 100);
	/* placed elsewhere than where it arose (routed by the dispatch catalogue) */
	for (int a = 0; a < ORG_ANCHORS; a++)
		store_bind_int64_or_null(st, k++, sits[a]);
	store_bind_int64_or_null(st, k++, in->due_by);
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc != STORE_DONE || !*id)
		return ctx_fail(cx);
	json_t *data = json_pack("{s:s}", "channel", in->channel);
	rc = rq_event(cx, *id, cx->actor.user_id ? "receive" : "submit", -1, state, NULL, data);
	json_decref(data);
	return rc;
}

static int finish(struct ctx *cx, const char *action, int64_t id, struct request *out)
{
	if (rq_fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	if (rq_stats_apply(cx, NULL, out) < 0 || rq_outbox_created(cx, out) < 0)
		return -1;
	json_t *a = rq_json(cx, out, false);
	int rc = audit_commit(cx, action, "request", id, NULL, a);
	json_decref(a);
	return rc;
}

/* Where the matter sits from the start: the handler unit of its item, or the unit or outside
 * department the dispatch catalogue names. */
static int route(struct ctx *cx, struct intake *in)
{
	in->unit_id = in->origin.id;
	if (!in->item_id)
		return 0;
	/* judged already: it is there */
	if (in->item.handler_unit_id)
		in->unit_id = in->item.handler_unit_id;
	/* the dispatch catalogue overrides the item's own handler */
	struct dispatch_rule d;
	int f = rq_route(cx, in->item_id, in->item.category_id, in->origin.path, &d);
	if (f < 0)
		return -1;
	if (f == 1) {
		if (d.target_unit_id)
			in->unit_id = d.target_unit_id;
		in->department = d.department;
	}
	return 0;
}

int requests_create(struct ctx *cx, json_t *body, struct request *out)
{
	static const char *const allowed[] = {"channel", "title", "body", "item_id", "priority",
		"unit_id", "resident_id", "household_id", "requester_name", "requester_phone",
		"address", "lon", "lat", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_REQUESTS_WRITE, NULL) < 0)
		return -1;
	struct intake in = {.priority = "normal"};
	json_only_fields(body, allowed, e);
	if (jf_str(body, "channel", JF_REQUIRED, 1, 16, &in.channel, e) > 0 &&
	    !one_of(worker_channels, in.channel))
		err_field(e, "channel", "request_channel", 0);
	if (jf_str(body, "priority", 0, 1, 16, &in.priority, e) > 0 && !one_of(priorities, in.priority))
		err_field(e, "priority", "request_priority", 0);
	judge_common(cx, body, false, &in);
	jf_int(body, "resident_id", JF_NULLABLE, 1, INT64_MAX, &in.resident_id, e);
	jf_int(body, "household_id", JF_NULLABLE, 1, INT64_MAX, &in.household_id, e);
	phone(cx, body, 0, &in);
	if (e->code)
		return -1;
	if (place(cx, body, false, &in) < 0 || route(cx, &in) < 0)
		return -1;
	int64_t id;
	/* the window takes it there and then; a petition waits for its acceptance (15 days) */
	int state = strcmp(in.channel, "petition") == 0 ? RQ_SUBMITTED : RQ_ACCEPTED;
	if (insert(cx, &in, state, &id) < 0)
		return -1;
	return finish(cx, "request.create", id, out);
}

/* Online forms a minute from one address, in this process; forms an hour from one phone, in
 * the database (every server counts them). */
static struct ratelimit public_rate = RATELIMIT_INIT;

void requests_set_public_rate(unsigned per_minute) { ratelimit_set(&public_rate, per_minute); }

static int existing_repeat(struct ctx *cx, const char *hash, int64_t *id)
{
	char k0[96], k1[96];
	snprintf(k0, sizeof k0, "%s:%lld", hash, (long long)(cx->now / 60));
	snprintf(k1, sizeof k1, "%s:%lld", hash, (long long)(cx->now / 60 - 1));
	*id = 0;
	return rq_query_text(cx, "SELECT COALESCE(MIN(id), 0) FROM requests WHERE dedupe_key"
			     " IN (?, ?)", k0, k1, false, 0, id);
}

int requests_submit_public(struct ctx *cx, json_t *body, struct request *out, bool *repeat)
{
	static const char *const allowed[] = {"unit_id", "lon", "lat", "name", "phone", "body",
		"title", "address", "item_id", NULL};
	struct err *e = &cx->err;
	*repeat = false;
	int wait = 0;
	if (!ratelimit_take(&public_rate, cx->ip ? cx->ip : "", cx->now, &wait)) {
		e->retry_after = wait;
		return err_set(e, ERR_RATE_LIMITED);
	}
	struct intake in = {.channel = "online", .priority = "normal"};
	json_only_fields(body, allowed, e);
	judge_common(cx, body, true, &in);
	/* the form's phone is "phone"; judged as the worker's requester_phone */
	json_t *copy = json_object();
	json_t *ph = json_object_get(body, "phone");
	if (ph)
		json_object_set(copy, "requester_phone", ph);
	phone(cx, copy, JF_REQUIRED, &in);
	json_decref(copy);
	if (e->code) {
		for (int i = 0; i < e->nfields; i++)
			if (strcmp(e->fields[i].field, "requester_phone") == 0)
				e->fields[i].field = "phone";
		return -1;
	}
	if (place(cx, body, true, &in) < 0 || route(cx, &in) < 0)
		return -1;
	/* the same form again within a minute is the same request */
	char hash[CRYPTO_HASH_HEX];
	const char *text = arena_printf(cx->a, "%s\n%lld\n%s", in.phone_hash,
					(long long)in.origin.id, in.body);
	crypto_token_hash(text, hash);
	int64_t first;
	if (existing_repeat(cx, hash, &first) < 0)
		return -1;
	if (first) {
		*repeat = true;
		return rq_fetch(cx, first, out) == 1 ? 0 : err_set(e, ERR_INTERNAL);
	}
	int64_t n = 0;
	if (rq_query_text(cx, "SELECT COUNT(*) FROM requests WHERE requester_phone_hash = ?"
			  " AND channel = 'online' AND received_at > ?", in.phone_hash, NULL, true,
			  cx->now - 3600, &n) < 0)
		return -1;
	if (n >= RQ_PUBLIC_PER_PHONE_HOUR) {
		e->retry_after = 600;
		return err_set(e, ERR_RATE_LIMITED);
	}
	in.dedupe_key = arena_printf(cx->a, "%s:%lld", hash, (long long)(cx->now / 60));
	int64_t id;
	if (insert(cx, &in, RQ_SUBMITTED, &id) < 0) {
		/* the same form at the same moment on another connection: answer with that one */
		if (e->code == ERR_CONFLICT && existing_repeat(cx, hash, &first) == 0 && first) {
			err_clear(e);
			*repeat = true;
			return rq_fetch(cx, first, out) == 1 ? 0 : err_set(e, ERR_INTERNAL);
		}
		return -1;
	}
	return finish(cx, "request.submit", id, out);
}

/* The channels other systems bring requests by, each on a user's API token: Open311 submits
 * the handbook's public items; the 12345 platform hands over any active item its categories
 * are mapped to. */
static const struct {
	const char *name;
	bool public_only;
} machine_channels[] = {{"open311", true}, {"hotline", false}};

int requests_submit_channel(struct ctx *cx, const char *channel, json_t *body,
			    int (*also)(struct ctx *cx, int64_t id, void *arg), void *arg,
			    struct request *out)
{
	static const char *const allowed[] = {"title", "body", "item_id", "requester_name",
		"requester_phone", "address", "lon", "lat", "unit_id", "due_by", NULL};
	struct err *e = &cx->err;
	int ch = -1;
	for (size_t i = 0; channel && i < sizeof machine_channels / sizeof machine_channels[0]; i++)
		if (strcmp(machine_channels[i].name, channel) == 0)
			ch = (int)i;
	if (ch < 0)
		return err_setf(e, ERR_INTERNAL, "requests: no channel '%s'", channel ? channel : "");
	if (access_require(cx, PERM_REQUESTS_WRITE, NULL) < 0)
		return -1;
	struct intake in = {.channel = channel, .priority = "normal"};
	json_only_fields(body, allowed, e);
	judge_common(cx, body, false, &in);
	if (!e->code && !in.item_id)
		err_field(e, "item_id", "request_item", 0);
	else if (!e->code && machine_channels[ch].public_only && !in.item.public_)
		err_field(e, "item_id", "request_item", 0);
	json_t *due = json_object_get(body, "due_by");
	/* a time already past is kept: the matter is late from the start */
	if (due && (!json_is_string(due) || clock_parse_iso(json_string_value(due), &in.due_by) < 0))
		err_field(e, "due_by", "time_format", 0);
	phone(cx, body, 0, &in);
	if (e->code)
		return -1;
	if (place(cx, body, false, &in) < 0 || route(cx, &in) < 0)
		return -1;
	int64_t id;
	if (insert(cx, &in, RQ_SUBMITTED, &id) < 0)
		return -1;
	if (also && also(cx, id, arg) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return finish(cx, "request.submit", id, out);
}
