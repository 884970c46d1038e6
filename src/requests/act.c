/* The actions on a request: the table (machine.c) says whether the caller may take one now;
 * this file reads what it needs, writes what it changes with the version read (so that of two
 * actions at once one wins and the other is 409), records it in the timeline and the audit. */
#include <string.h>

#include "access/audit.h"
#include "base/clock.h"
#include "base/json.h"
#include "calendar/calendar.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "requests/internal.h"


static int comment_field(struct ctx *cx, json_t *b, const char *name, int flags, int l,
			 const char **out)
{
	const struct limit *lim = &requests_limits[l];
	return jf_str(b, name, flags | JF_MULTILINE, (size_t)lim->min, (size_t)lim->max, out, &cx->err);
}

static int time_field(struct ctx *cx, json_t *b, const char *name, int64_t *out)
{
	json_t *v = json_object_get(b, name);
	if (!v)
		return err_field(&cx->err, name, "required", 0);
	if (!json_is_string(v) || clock_parse_iso(json_string_value(v), out) < 0)
		return err_field(&cx->err, name, "time_format", 0);
	return 1;
}

/* The user a request is dispatched to: one who handles requests and serves the unit, one
 * below it or one above it (a grid's worker takes what arises in its micro-grids). */
/* The handler of a dispatch: an active worker serving the unit, a unit above it (whose scope
 * holds it) or one below it. Someone who serves only units below takes the request there, to
 * the nearest of their units below, so that it is in their scope: *unit_id is moved to it. */
static int judge_handler(struct ctx *cx, int64_t user_id, const struct org_unit *unit,
			 int64_t *unit_id)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT o.id, CASE WHEN substr(?, 1, length(o.path)) = o.path THEN 0 ELSE 1 END AS below"
		" FROM users u JOIN user_units uu ON uu.user_id = u.id"
		" JOIN org_units o ON o.id = uu.unit_id WHERE u.id = ? AND u.locked = 0"
		" AND o.closed_at IS NULL"
		" AND u.role IN ('admin', 'staff', 'grid_leader', 'grid_worker')"
		" AND (substr(o.path, 1, length(?)) = ? OR substr(?, 1, length(o.path)) = o.path)"
		" ORDER BY below, length(o.path), o.id LIMIT 1");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, unit->path);
	store_bind_int64(st, 2, user_id);
	store_bind_text(st, 3, unit->path);
	store_bind_text(st, 4, unit->path);
	store_bind_text(st, 5, unit->path);
	int rc = store_step(st);
	int64_t theirs = 0, below = 0;
	if (rc == STORE_ROW) {
		theirs = store_col_int64(st, 0);
		below = store_col_int64(st, 1);
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (!theirs)
		return err_field(&cx->err, "handler_id", "request_handler", 0);
	if (below)
		*unit_id = theirs;
	return 0;
}

/* Read the body by what the action needs; a field it does not need is unknown. */
static void judge(struct ctx *cx, json_t *b, const struct rq_transition *t, int action,
		  struct rq_act_in *in)
{
	struct err *e = &cx->err;
	const char *allowed[12];
	int k = 0;
	allowed[k++] = "version";
	allowed[k++] = "comment";
	if (t->needs & N_RESULT)
		allowed[k++] = "result";
	if (t->needs & N_TARGET) {
		allowed[k++] = "unit_id";
		allowed[k++] = "handler_id";
	}
	if (t->needs & N_DUE)
		allowed[k++] = "due";
	if (t->needs & N_RATING)
		allowed[k++] = "rating";
	if (t->needs & N_INTO)
		allowed[k++] = "into";
	if (action == RA_ACCEPT) {
		allowed[k++] = "item_id";
		allowed[k++] = "priority";
	}
	allowed[k] = NULL;
	json_only_fields(b, allowed, e);
	jf_int(b, "version", 0, 1, INT64_MAX, &in->version, e);
	comment_field(cx, b, "comment", (t->needs & N_COMMENT) ? JF_REQUIRED : 0, L_RQ_COMMENT,
		      &in->comment);
	if (t->needs & N_RESULT)
		comment_field(cx, b, "result", JF_REQUIRED, L_RQ_RESULT, &in->result);
	if (t->needs & N_TARGET) {
		int hu = jf_int(b, "unit_id", JF_NULLABLE, 1, INT64_MAX, &in->unit_id, e);
		int hh = jf_int(b, "handler_id", JF_NULLABLE, 1, INT64_MAX, &in->handler_id, e);
		if (hu <= 0 && hh <= 0 && !e->code)
			err_field(e, "unit_id", "request_target", 0);
	}
	if (t->needs & N_DUE)
		time_field(cx, b, "due", &in->due);
	if (t->needs & N_RATING)
		jf_int(b, "rating", JF_REQUIRED, 1, 5, &in->rating, e);
	if (t->needs & N_INTO)
		jf_int(b, "into", JF_REQUIRED, 1, INT64_MAX, &in->into, e);
	if (action == RA_ACCEPT) {
		jf_int(b, "item_id", JF_NULLABLE, 1, INT64_MAX, &in->item_id, e);
		if (jf_str(b, "priority", 0, 1, 16, &in->priority, e) > 0 &&
		    strcmp(in->priority, "normal") && strcmp(in->priority, "green") &&
		    strcmp(in->priority, "urgent"))
			err_field(e, "priority", "request_priority", 0);
	}
}

/* The row as the action leaves it. */
struct change {
	int state;
	int64_t unit_id, handler_id, responsible_id, dispatcher_id, item_id;
	const char *priority, *result;
	int64_t accepted_at, due_at, extension_due, resolved_at, closed_at, rating, merged_into;
	const char *extension_reason;
	int64_t extensions, reworks, returns;
	const char *rating_comment, *rating_source;
	int64_t rated_at;
	int64_t due_soon_at, overdue_at;   /* the clock's marks, cleared by a new due time */
	int64_t handle_minutes;            /* -1: none */
	const char *department;
};

static int apply(struct ctx *cx, const struct request *r, int action, const struct rq_act_in *in,
		 struct change *c, json_t *data)
{
	struct err *e = &cx->err;
	const struct rq_transition *t = rq_transition(action);
	*c = (struct change){
		.state = t->to == RQ_SAME ? r->state : t->to, .unit_id = r->unit_id,
		.handler_id = r->handler_id, .responsible_id = r->responsible_id,
		.dispatcher_id = r->dispatcher_id, .item_id = r->item_id, .priority = r->priority,
		.result = r->result, .accepted_at = r->accepted_at, .due_at = r->due_at,
		.extension_due = r->extension_due, .extension_reason = r->extension_reason,
		.resolved_at = r->resolved_at, .closed_at = r->closed_at, .rating = r->rating,
		.merged_into = r->merged_into, .extensions = r->extensions, .reworks = r->reworks,
		.returns = r->returns, .due_soon_at = r->due_soon_at, .overdue_at = r->overdue_at,
		.handle_minutes = r->handle_minutes, .department = r->department,
	};
	struct org_unit u;
	switch (action) {
	case RA_ACCEPT: {
		/* the item it is classified under, read once: for its route and its limit */
		struct catalog_item it;
		const struct catalog_item *item = NULL;
		if (in->item_id && in->item_id != r->item_id) {
			/* classified now: routed by the item and the dispatch catalogue, as at intake */
			int f = catalog_item_by_id(cx, in->item_id, &it);
			if (f < 0)
				return -1;
			if (f == 0 || !it.active)
				return err_field(e, "item_id", "request_item", 0);
			item = &it;
			c->item_id = in->item_id;
			if (it.handler_unit_id)
				c->unit_id = it.handler_unit_id;
			struct dispatch_rule d;
			f = rq_route(cx, it.id, it.category_id, r->origin_path, &d);
			if (f < 0)
				return -1;
			if (f == 1) {
				if (d.target_unit_id)
					c->unit_id = d.target_unit_id;
				c->department = d.department;
			}
		} else if (c->item_id) {
			int f = catalog_item_by_id(cx, c->item_id, &it);
			if (f < 0)
				return -1;
			if (f == 1)
				item = &it;
		}
		if (in->priority)
			c->priority = in->priority;
		c->accepted_at = cx->now;
		c->responsible_id = cx->actor.user_id;
		if (rq_due_times(cx, r->channel, c->priority, item, cx->now, NULL, &c->due_at) < 0)
			return -1;
		/* an outside deadline earlier than the catalog's limit is the one kept */
		if (r->due_by && r->due_by < c->due_at)
			c->due_at = r->due_by;
		return 0;
	}
	case RA_REJECT:
		c->result = in->comment;
		c->closed_at = cx->now;
		return 0;
	case RA_DISPATCH:
		c->unit_id = in->unit_id ? in->unit_id : r->unit_id;
		if (org_unit_by_id(cx, c->unit_id, &u) != 1 || u.closed_at ||
		    !access_path_in_scope(cx, u.path))
			return err_field(e, "unit_id", "request_unit", 0);
		c->handler_id = in->handler_id;
		if (c->handler_id) {
			int64_t chosen = c->unit_id;
			if (judge_handler(cx, c->handler_id, &u, &c->unit_id) < 0)
				return -1;
			if (c->unit_id != chosen && org_unit_by_id(cx, c->unit_id, &u) != 1)
				return err_field(e, "unit_id", "request_unit", 0);
		}
		c->dispatcher_id = cx->actor.user_id;
		json_object_set_new(data, "unit_id", json_integer(c->unit_id));
		json_object_set_new(data, "unit_name", json_string(u.name));
		if (c->handler_id)
			json_object_set_new(data, "handler_id", json_integer(c->handler_id));
		return 0;
	case RA_TAKE:
		c->handler_id = cx->actor.user_id;
		c->responsible_id = cx->actor.user_id;
		return 0;
	case RA_RETURN:
		c->returns++;
		return 0;
	case RA_RESOLVE:
		c->result = in->result;
		c->resolved_at = cx->now;
		return calendar_minutes_between(cx, r->accepted_at ? r->accepted_at : r->received_at,
						cx->now, &c->handle_minutes);
	case RA_REWORK:
	case RA_REOPEN:
		if (action == RA_REWORK)
			c->reworks++;
		c->resolved_at = 0;
		c->handle_minutes = -1;
		return 0;
	case RA_RATE:
		c->rating = in->rating;
		c->rating_comment = in->comment ? in->comment : "";
		c->rating_source = cx->actor.user_id ? "callback" : "link";
		c->rated_at = cx->now;
		json_object_set_new(data, "rating", json_integer(in->rating));
		return 0;
	case RA_CLOSE:
		c->closed_at = cx->now;
		return 0;
	case RA_EXTEND: {
		/* later than the due time and not in the past; a petition by at most 30 days */
		int64_t cap = strcmp(r->channel, "petition") == 0 ?
			r->due_at + (int64_t)RQ_PETITION_EXTRA_DAYS * 86400 : INT64_MAX;
		if (in->due <= cx->now || in->due <= r->due_at)
			return err_field(e, "due", "request_due_past", 0);
		if (in->due > cap)
			return err_field(e, "due", "request_due_petition", RQ_PETITION_EXTRA_DAYS);
		c->extension_due = in->due;
		c->extension_reason = in->comment;
		json_object_set_new(data, "due", json_time(in->due));
		return 0;
	}
	case RA_APPROVE_EXTENSION:
		json_object_set_new(data, "due", json_time(r->extension_due));
		c->due_at = r->extension_due;
		c->due_soon_at = c->overdue_at = 0;
		c->extension_due = 0;
		c->extension_reason = NULL;
		c->extensions++;
		return 0;
	case RA_DENY_EXTENSION:
		c->extension_due = 0;
		c->extension_reason = NULL;
		return 0;
	case RA_ESCALATE:
		if (org_unit_by_id(cx, r->unit_id, &u) != 1)
			return err_set(e, ERR_INTERNAL);
		if (!u.parent_id) {
			err_field(e, "state", "request_no_parent", 0);
			return err_set(e, ERR_CONFLICT);
		}
		c->unit_id = u.parent_id;
		c->handler_id = 0;
		json_object_set_new(data, "unit_id", json_integer(u.parent_id));
		return 0;
	case RA_MERGE: {
		struct request into;
		int f = in->into == r->id ? 0 : rq_fetch(cx, in->into, &into);
		if (f < 0)
			return -1;
		if (f == 0 || !rq_visible(cx, &into) || !rq_state_open(into.state))
			return err_field(e, "into", "request_merge_target", 0);
		c->merged_into = into.id;
		c->closed_at = cx->now;
		json_object_set_new(data, "into", json_string(into.receipt));
		return 0;
	}
	default:
		return 0;
	}
}

static int write_change(struct ctx *cx, const struct request *r, const struct change *c)
{
	int64_t sits[ORG_ANCHORS];
	if (rq_sits(cx, c->unit_id, r->origin_unit_id, r->anchor, sits) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE requests SET state = ?, unit_id = ?, handler_id = ?, responsible_id = ?,"
		" dispatcher_id = ?, item_id = ?, priority = ?, result = ?, accepted_at = ?, due_at = ?,"
		" extension_due = ?, extension_reason = ?, resolved_at = ?, closed_at = ?, rating = ?,"
		" merged_into = ?, extensions = ?, reworks = ?, returns = ?, updated_at = ?,"
		" rating_comment = COALESCE(?, rating_comment), rating_source = COALESCE(?, rating_source),"
		" rated_at = COALESCE(?, rated_at), due_soon_at = ?, overdue_at = ?, handle_minutes = ?,"
		" department = ?, sits_street_id = ?, sits_community_id = ?, sits_grid_id = ?,"
		" version = version + 1 WHERE id = ? AND version = ?");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_text(st, k++, rq_state_name(c->state));
	store_bind_int64(st, k++, c->unit_id);
	store_bind_int64_or_null(st, k++, c->handler_id);
	store_bind_int64_or_null(st, k++, c->responsible_id);
	store_bind_int64_or_null(st, k++, c->dispatcher_id);
	store_bind_int64_or_null(st, k++, c->item_id);
	store_bind_text(st, k++, c->priority);
	store_bind_text(st, k++, c->result ? c->result : "");
	store_bind_int64_or_null(st, k++, c->accepted_at);
	store_bind_int64_or_null(st, k++, c->due_at);
	store_bind_int64_or_null(st, k++, c->extension_due);
	store_bind_text(st, k++, c->extension_reason);
	store_bind_int64_or_null(st, k++, c->resolved_at);
	store_bind_int64_or_null(st, k++, c->closed_at);
	store_bind_int64_or_null(st, k++, c->rating);
	store_bind_int64_or_null(st, k++, c->merged_into);
	store_bind_int64(st, k++, c->extensions);
	store_bind_int64(st, k++, c->reworks);
	store_bind_int64(st, k++, c->returns);
	store_bind_int64(st, k++, cx->now);
	store_bind_text(st, k++, c->rating_comment);
	store_bind_text(st, k++, c->rating_source);
	store_bind_int64_or_null(st, k++, c->rated_at);
	store_bind_int64_or_null(st, k++, c->due_soon_at);
	store_bind_int64_or_null(st, k++, c->overdue_at);
	if (c->handle_minutes >= 0)
		store_bind_int64(st, k++, c->handle_minutes);
	else
		store_bind_null(st, k++);
	store_bind_text(st, k++, c->department ? c->department : "");
	for (int a = 0; a < ORG_ANCHORS; a++)
		store_bind_int64_or_null(st, k++, sits[a]);
	store_bind_int64(st, k++, r->id);
	store_bind_int64(st, k++, r->version);
	return ctx_write_version(cx, st);
}

int requests_act(struct ctx *cx, int64_t id, const char *name, json_t *body, struct request *out)
{
	struct err *e = &cx->err;
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	int action = rq_action_parse(name);
	const struct rq_transition *t = action >= 0 ? rq_transition(action) : NULL;
	struct request r;
	int f = rq_fetch(cx, id, &r);
	if (f < 0)
		return -1;
	/* linli's own steps are not the caller's to take */
	if (!t || (t->who == W_SYSTEM) || f == 0 || !rq_visible(cx, &r))
		return err_set(e, ERR_NOT_FOUND);
	struct rq_act_in in = {0};
	judge(cx, body, t, action, &in);
	if (e->code)
		return -1;
	if (in.version && in.version != r.version) {
		err_field(e, "version", "stale", 0);
		return err_set(e, ERR_VERSION_CONFLICT);
	}
	if (!(t->who & rq_caller(cx, &r)))
		return err_setf(e, ERR_FORBIDDEN, "%s is not the caller's to take", name);
	if (!rq_allowed(cx, &r, action)) {
		if (action == RA_EXTEND && (t->from & (1u << r.state)) && r.due_at && cx->now >= r.due_at)
			err_field(e, "due", "request_extend_late", 0);
		else if (action == RA_EXTEND && r.extension_due)
			err_field(e, "due", "request_extend_pending", 0);
		else
			err_field(e, "state", "request_not_now", 0);
		return err_set(e, ERR_CONFLICT);
	}
	return rq_perform(cx, &r, action, in.comment, in.result, &in, NULL, NULL, out);
}

int rq_perform(struct ctx *cx, const struct request *r0, int action, const char *comment,
	       const char *result, const struct rq_act_in *body, int (*also)(struct ctx *, void *),
	       void *arg, struct request *out)
{
	struct err *e = &cx->err;
	const struct rq_act_in *inp = body;
	struct rq_act_in in = inp ? *inp : (struct rq_act_in){0};
	in.comment = comment;
	in.result = result;
	struct request r = *r0;
	int64_t id = r.id;
	const char *name = rq_action_name(action);
	json_t *data = json_object();
	struct change c;
	if (apply(cx, &r, action, &in, &c, data) < 0) {
		json_decref(data);
		return -1;
	}
	if (ctx_begin(cx) < 0) {
		json_decref(data);
		return -1;
	}
	int rc = write_change(cx, &r, &c);
	if (rc == 0)
		rc = rq_event(cx, id, name, r.state, c.state, in.comment ? in.comment : in.result,
			      json_object_size(data) ? data : NULL);
	json_decref(data);
	if (rc == 0 && also)
		rc = also(cx, arg);
	if (rc == 0 && action == RA_RATE && in.rating <= RQ_BAD_RATING) {
		struct request now;
		if (rq_fetch(cx, id, &now) != 1) {
			ctx_rollback(cx);
			return err_set(e, ERR_INTERNAL);
		}
		struct change back;
		struct rq_act_in none = {.comment = "评价为不满意，转回访跟进"};
		apply(cx, &now, RA_REOPEN, &none, &back, NULL);
		rc = write_change(cx, &now, &back);
		if (rc == 0)
			rc = rq_event(cx, id, "reopen", now.state, back.state, none.comment, NULL);
	}
	if (rc < 0)
		return -1;
	if (rq_fetch(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(e, ERR_INTERNAL);
	}
	if (rq_notify(cx, &r, out, out->state == RQ_IN_PROGRESS && action == RA_RATE ? RA_REOPEN : action) < 0 ||
	    rq_outbox_changed(cx, &r, out, action, in.comment ? in.comment : in.result) < 0 ||
	    rq_stats_apply(cx, &r, out) < 0)
		return -1;
	json_t *b = rq_json(NULL, &r, false), *a = rq_json(NULL, out, false);
	rc = audit_commit(cx, arena_printf(cx->a, "request.%s", name), "request", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}
