/* Destinations and their rules: which group robot or URL hears of what, per unit. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/date.h"
#include "base/json.h"
#include "base/outbound.h"
#include "notify/internal.h"
#include "org/org.h"
#include "registry/registry.h"

static const char *const kinds[NOTIFY__KINDS] = {"wecom", "dingtalk", "webhook"};

const char *const notify_topics[] = {"request.created", "request.changed", "request.resolved",
	"request.rated", "request.bad_rating", "request.due_soon", "request.overdue",
	"request.escalated", NULL};

const char *notify_kind_name(int k) { return k >= 0 && k < NOTIFY__KINDS ? kinds[k] : ""; }

int notify_kind_parse(const char *s)
{
	for (int i = 0; s && i < NOTIFY__KINDS; i++)
		if (!strcmp(s, kinds[i]))
			return i;
	return -1;
}

bool notify_topic_known(const char *s)
{
	for (int i = 0; notify_topics[i]; i++)
		if (!strcmp(s, notify_topics[i]))
			return true;
	return false;
}

#define DEST_COLS "d.id, d.unit_id, u.name, u.path, d.kind, d.name, d.url_hint, d.format, d.url," \
	" d.secret, d.enabled, d.internal, d.digest_at, d.digest_day, d.created_by, d.created_at," \
	" d.updated_at, d.version"
#define DEST_FROM " FROM notify_destinations d JOIN org_units u ON u.id = d.unit_id"

static int64_t read_dest(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct notify_destination *d = row;
	int c = 0;
	d->id = store_col_int64(st, c++);
	d->unit_id = store_col_int64(st, c++);
	d->unit_name = arena_strdup(cx->a, store_col_text(st, c++));
	d->unit_path = arena_strdup(cx->a, store_col_text(st, c++));
	d->kind = notify_kind_parse(store_col_text(st, c++));
	d->name = arena_strdup(cx->a, store_col_text(st, c++));
	d->url_hint = arena_strdup(cx->a, store_col_text(st, c++));
	d->format = arena_strdup(cx->a, store_col_text(st, c++));
	d->url_sealed = arena_strdup(cx->a, store_col_text(st, c++));
	d->has_secret = !store_col_is_null(st, c);
	d->secret_sealed = d->has_secret ? arena_strdup(cx->a, store_col_text(st, c)) : NULL;
	c++;
	d->enabled = store_col_int64(st, c++) != 0;
	d->internal = store_col_int64(st, c++) != 0;
	d->digest_at = store_col_int64(st, c++);
	d->digest_day = store_col_int64(st, c++);
	d->created_by = store_col_int64(st, c++);
	d->created_at = store_col_int64(st, c++);
	d->updated_at = store_col_int64(st, c++);
	d->version = store_col_int64(st, c++);
	d->rules = "[]";
	return d->id;
}

static int load_rules(struct ctx *cx, struct notify_destination *d)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT topic, mode FROM notify_rules"
					      " WHERE destination_id = ? ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, d->id);
	json_t *arr = json_array();
	int rc;
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "topic", store_col_text(st, 0),
						     "mode", store_col_text(st, 1)));
	store_reset(st);
	d->rules = json_to_arena(cx->a, arr, NULL);
	json_decref(arr);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

int notify_destination_row(struct ctx *cx, int64_t id, struct notify_destination *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " DEST_COLS DEST_FROM " WHERE d.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_dest(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int notify_destination_by_id(struct ctx *cx, int64_t id, struct notify_destination *out)
{
	int f = notify_destination_row(cx, id, out);
	return f == 1 && load_rules(cx, out) < 0 ? -1 : f;
}

int notify_may_manage(struct ctx *cx, const struct notify_destination *d)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	if (!access_is_global(cx) && !access_path_in_scope(cx, d->unit_path))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return 0;
}

int notify_destination_get(struct ctx *cx, int64_t id, bool internal,
			   struct notify_destination *out)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	int f = notify_destination_by_id(cx, id, out);
	if (f < 0)
		return -1;
	if (f == 0 || (out->internal && !internal))
		return err_set(&cx->err, ERR_NOT_FOUND);
	return notify_may_manage(cx, out);
}

int notify_destinations_list(struct ctx *cx, int64_t unit_id, bool internal,
			     struct notify_destination **items, size_t *n)
{
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " DEST_COLS DEST_FROM
		" WHERE d.internal <= ? AND (? = 0 OR d.unit_id = ?) AND "
		ACCESS_PATH_IN_SCOPE_SQL("u.path") " ORDER BY d.internal, u.path, d.id LIMIT 500");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, internal ? 1 : 0);
	store_bind_int64(st, 2, unit_id);
	store_bind_int64(st, 3, unit_id);
	access_bind_scope(cx, st, 4);
	if (ctx_rows(cx, st, sizeof **items, 500, read_dest, items, n) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (load_rules(cx, &(*items)[i]) < 0)
			return -1;
	return 0;
}

json_t *notify_destination_json(const struct notify_destination *d)
{
	char hhmm[8];
	snprintf(hhmm, sizeof hhmm, "%02d:%02d", (int)(d->digest_at / 60), (int)(d->digest_at % 60));
	json_t *rules = json_loads(d->rules ? d->rules : "[]", 0, NULL);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b, s:o, s:o, s:o, s:I}",
			 "id", (json_int_t)d->id, "unit_id", (json_int_t)d->unit_id,
			 "unit_name", d->unit_name ? d->unit_name : "", "kind", notify_kind_name(d->kind),
			 "name", d->name, "url_hint", d->url_hint, "format", d->format,
			 "has_secret", d->has_secret, "digest_at", hhmm, "enabled", d->enabled,
			 "internal", d->internal,
			 "rules", rules ? rules : json_array(), "created_at", json_time(d->created_at),
			 "updated_at", json_time(d->updated_at), "version", (json_int_t)d->version);
}

/* "https://qyapi.weixin.qq.com/…1a2b": what is shown of a URL whose query is a key */
static const char *hint_of(struct ctx *cx, const char *url)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	size_t hl = strcspn(host, "/?#"), n = strlen(url);
	const char *tail = n > 4 ? url + n - 4 : "";
	return arena_printf(cx->a, "%.*s%.*s/…%s", (int)(host - url), url, (int)hl, host, tail);
}

struct dest_in {
	const char *name, *url, *secret, *format;
	int kind;
	int64_t unit_id, digest_at;
	bool enabled, secret_given, secret_clear;
	json_t *rules;          /* validated, or NULL: unchanged */
};

static void judge_url(struct ctx *cx, const char *field, const char *url)
{
	const char *why;
	if (outbound_check_url(url, &why) < 0)
		err_field(&cx->err, field, why, 0);
}

/* [{"topic": "request.created", "mode": "now"|"digest"}], each topic once */
static json_t *judge_rules(struct ctx *cx, json_t *v)
{
	struct err *e = &cx->err;
	if (!json_is_array(v) || json_array_size(v) > (size_t)notify_limits[L_NOTIFY_RULES].max) {
		err_field(e, "rules", "notify_rules", notify_limits[L_NOTIFY_RULES].max);
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *field = arena_printf(cx->a, "rules[%zu]", i);
		const char *topic = json_string_value(json_object_get(x, "topic"));
		json_t *m = json_object_get(x, "mode");
		const char *mode = m ? json_string_value(m) : "now";
		if (!json_is_object(x) || json_object_size(x) > 2 || (json_object_size(x) == 2 && !m)) {
			err_field(e, field, "notify_rule", 0);
			continue;
		}
		if (!topic || !notify_topic_known(topic)) {
			err_field(e, arena_printf(cx->a, "%s.topic", field), "notify_topic", 0);
			continue;
		}
		if (!mode || (strcmp(mode, "now") && strcmp(mode, "digest"))) {
			err_field(e, arena_printf(cx->a, "%s.mode", field), "notify_mode", 0);
			continue;
		}
		for (size_t j = 0; j < json_array_size(out); j++)
			if (!strcmp(json_string_value(json_object_get(json_array_get(out, j), "topic")),
				    topic))
				err_field(e, arena_printf(cx->a, "%s.topic", field), "notify_topic_twice", 0);
		json_array_append_new(out, json_pack("{s:s, s:s}", "topic", topic, "mode", mode));
	}
	if (e->code) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The fields a create and an update share. */
static void judge(struct ctx *cx, json_t *b, struct dest_in *in, bool create)
{
	struct err *e = &cx->err;
	const struct limit *L = notify_limits;
	int req = create ? JF_REQUIRED : 0;
	jf_str(b, "name", req, (size_t)L[L_NOTIFY_NAME].min, (size_t)L[L_NOTIFY_NAME].max, &in->name, e);
	if (jf_str(b, "url", req, (size_t)L[L_NOTIFY_URL].min, (size_t)L[L_NOTIFY_URL].max, &in->url,
		   e) > 0)
		judge_url(cx, "url", in->url);
	json_t *s = json_object_get(b, "secret");
	if (s && json_is_null(s)) {
		in->secret_given = in->secret_clear = true;
	} else if (jf_str(b, "secret", 0, (size_t)L[L_NOTIFY_SECRET].min,
			  (size_t)L[L_NOTIFY_SECRET].max, &in->secret, e) > 0) {
		in->secret_given = true;
	}
	const char *fmt = NULL;
	if (jf_str(b, "format", 0, 1, 16, &fmt, e) > 0) {
		if (strcmp(fmt, "markdown") && strcmp(fmt, "text"))
			err_field(e, "format", "notify_format", 0);
		else
			in->format = fmt;
	}
	const char *at = NULL;
	if (jf_str(b, "digest_at", 0, 4, 5, &at, e) > 0) {
		int m = date_parse_hhmm(at);
		if (m < 0 || m >= 1440)
			err_field(e, "digest_at", "notify_digest_at", 0);
		else
			in->digest_at = m;
	}
	jf_bool(b, "enabled", 0, &in->enabled, e);
	json_t *r = json_object_get(b, "rules");
	if (r)
		in->rules = judge_rules(cx, r);
}

static int write_rules(struct ctx *cx, int64_t id, json_t *rules)
{
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM notify_rules WHERE destination_id = ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(rules, i, x) {
		st = store_prepare(cx->db, "INSERT INTO notify_rules (destination_id, topic, mode)"
				   " VALUES (?, ?, ?)");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, id);
		store_bind_text(st, 2, json_string_value(json_object_get(x, "topic")));
		store_bind_text(st, 3, json_string_value(json_object_get(x, "mode")));
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	return 0;
}

static int finish(struct ctx *cx, const char *action, const struct notify_destination *before,
		  int64_t id, struct notify_destination *out, bool audit)
{
	if (notify_destination_by_id(cx, id, out) != 1) {
		ctx_rollback(cx);
		return err_set(&cx->err, ERR_INTERNAL);
	}
	if (!audit)
		return 0;
	json_t *b = before ? notify_destination_json(before) : NULL, *a = notify_destination_json(out);
	int rc = audit_commit(cx, action, "notify_destination", id, b, a);
	json_decref(b);
	json_decref(a);
	return rc;
}

/* Insert one in the open transaction; in->url checked, unit looked up by the caller. */
static int insert(struct ctx *cx, const struct dest_in *in, bool internal, int64_t *id)
{
	const char *url = registry_seal_value(cx, "notify.url", in->url);
	const char *secret = in->secret ? registry_seal_value(cx, "notify.secret", in->secret) : NULL;
	if (!url || (in->secret && !secret)) {
		ctx_rollback(cx);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO notify_destinations (unit_id,"
		" kind, name, url, url_hint, secret, format, digest_at, enabled, internal, created_by,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, in->unit_id);
	store_bind_text(st, k++, notify_kind_name(in->kind));
	store_bind_text(st, k++, in->name);
	store_bind_text(st, k++, url);
	store_bind_text(st, k++, hint_of(cx, in->url));
	if (secret)
		store_bind_text(st, k++, secret);
	else
		store_bind_null(st, k++);
	store_bind_text(st, k++, in->format);
	store_bind_int64(st, k++, in->digest_at);
	store_bind_int64(st, k++, in->enabled);
	store_bind_int64(st, k++, internal);
	if (cx->actor.user_id)
		store_bind_int64(st, k++, cx->actor.user_id);
	else
		store_bind_null(st, k++);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, cx->now);
	return ctx_insert(cx, st, NULL, NULL, id);
}

int notify_destination_create(struct ctx *cx, json_t *body, struct notify_destination *out)
{
	static const char *const allowed[] = {"unit_id", "kind", "name", "url", "secret", "format",
		"digest_at", "enabled", "rules", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_NOTIFY_MANAGE, NULL) < 0)
		return -1;
	struct dest_in in = {.format = "markdown", .digest_at = 510, .enabled = true, .kind = -1};
	json_only_fields(body, allowed, e);
	const char *kind = NULL;
	if (jf_str(body, "kind", JF_REQUIRED, 1, 16, &kind, e) > 0 &&
	    (in.kind = notify_kind_parse(kind)) < 0)
		err_field(e, "kind", "notify_kind", 0);
	bool has_unit = jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &in.unit_id, e) > 0;
	judge(cx, body, &in, true);
	if (!in.rules && !json_object_get(body, "rules"))
		in.rules = json_array();
	if (has_unit) {
		struct org_unit u;
		int f = org_unit_by_id(cx, in.unit_id, &u);
		if (f < 0) {
			json_decref(in.rules);
			return -1;
		}
		if (f == 0 || (!access_is_global(cx) && !access_path_in_scope(cx, u.path)))
			err_field(e, "unit_id", "notify_unit", 0);
	}
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(in.rules);
		return -1;
	}
	int64_t id;
	int rc = insert(cx, &in, false, &id);
	if (rc == 0)
		rc = write_rules(cx, id, in.rules);
	json_decref(in.rules);
	if (rc < 0)
		return -1;
	return finish(cx, "notify_destination.create", NULL, id, out, true);
}

int notify_destination_update(struct ctx *cx, int64_t id, json_t *patch,
			      struct notify_destination *out)
{
	static const char *const allowed[] = {"version", "name", "url", "secret", "format",
		"digest_at", "enabled", "rules", NULL};
	struct err *e = &cx->err;
	struct notify_destination old;
	if (notify_destination_get(cx, id, false, &old) < 0)
		return -1;
	struct dest_in in = {.name = old.name, .format = old.format, .digest_at = old.digest_at,
		.enabled = old.enabled, .kind = old.kind};
	int64_t version = 0;
	json_only_fields(patch, allowed, e);
	jf_int(patch, "version", JF_REQUIRED, 1, INT64_MAX, &version, e);
	judge(cx, patch, &in, false);
	if (e->code || ctx_begin(cx) < 0) {
		json_decref(in.rules);
		return -1;
	}
	const char *url = in.url ? registry_seal_value(cx, "notify.url", in.url) : old.url_sealed;
	const char *secret = in.secret_given
		? (in.secret_clear ? NULL : registry_seal_value(cx, "notify.secret", in.secret))
		: old.secret_sealed;
	if (!url || (in.secret_given && !in.secret_clear && !secret)) {
		json_decref(in.rules);
		ctx_rollback(cx);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db, "UPDATE notify_destinations SET name = ?,"
		" url = ?, url_hint = ?, secret = ?, format = ?, digest_at = ?, enabled = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	if (!st) {
		json_decref(in.rules);
		return ctx_fail(cx);
	}
	int k = 1;
	store_bind_text(st, k++, in.name);
	store_bind_text(st, k++, url);
	store_bind_text(st, k++, in.url ? hint_of(cx, in.url) : old.url_hint);
	if (secret)
		store_bind_text(st, k++, secret);
	else
		store_bind_null(st, k++);
	store_bind_text(st, k++, in.format);
	store_bind_int64(st, k++, in.digest_at);
	store_bind_int64(st, k++, in.enabled);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, id);
	store_bind_int64(st, k++, version);
	int rc = ctx_write_version(cx, st);
	if (rc == 0 && in.rules)
		rc = write_rules(cx, id, in.rules);
	json_decref(in.rules);
	if (rc < 0)
		return -1;
	return finish(cx, "notify_destination.update", &old, id, out, true);
}

int notify_destination_delete(struct ctx *cx, int64_t id, int64_t version)
{
	struct notify_destination old;
	if (notify_destination_get(cx, id, false, &old) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT COUNT(*) FROM notify_deliveries"
					      " WHERE destination_id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int64_t used = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : -1;
	store_reset(st);
	if (used < 0)
		return ctx_store_error(cx);
	if (used > 0)
		return err_field(&cx->err, "id", "notify_in_use", used);
	if (ctx_begin(cx) < 0)
		return -1;
	static const char *const sql[] = {"DELETE FROM notify_rules WHERE destination_id = ?",
		"DELETE FROM notify_subscriptions WHERE destination_id = ?"};
	for (size_t i = 0; i < 2; i++) {
		st = store_prepare(cx->db, sql[i]);
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
	}
	if (ctx_delete_version(cx, "DELETE FROM notify_destinations WHERE id = ? AND version = ?",
			       id, version) < 0)
		return -1;
	json_t *b = notify_destination_json(&old);
	int rc = audit_commit(cx, "notify_destination.delete", "notify_destination", id, b, NULL);
	json_decref(b);
	return rc;
}

int notify_internal_destination(struct ctx *cx, int64_t unit_id, const char *name,
				const char *url, const char *secret, int64_t *id)
{
	judge_url(cx, "callback_url", url);
	if (cx->err.code)
		return -1;
	struct dest_in in = {.name = name, .url = url, .secret = secret, .format = "markdown",
		.digest_at = 510, .enabled = true, .kind = NOTIFY_WEBHOOK, .unit_id = unit_id};
	return insert(cx, &in, true, id);
}

int notify_internal_update(struct ctx *cx, int64_t id, const char *url, const char *secret,
			   int enabled)
{
	if (url) {
		judge_url(cx, "callback_url", url);
		if (cx->err.code) {
			ctx_rollback(cx);
			return -1;
		}
	}
	const char *u = url ? registry_seal_value(cx, "notify.url", url) : NULL;
	const char *s = secret ? registry_seal_value(cx, "notify.secret", secret) : NULL;
	if ((url && !u) || (secret && !s)) {
		ctx_rollback(cx);
		return -1;
	}
	struct store_stmt *st = store_prepare(cx->db, "UPDATE notify_destinations SET"
		" url = COALESCE(?, url), url_hint = COALESCE(?, url_hint), secret = COALESCE(?, secret),"
		" enabled = CASE WHEN ? < 0 THEN enabled ELSE ? END, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND internal = 1");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	if (u)
		store_bind_text(st, k++, u);
	else
		store_bind_null(st, k++);
	if (url)
		store_bind_text(st, k++, hint_of(cx, url));
	else
		store_bind_null(st, k++);
	if (s)
		store_bind_text(st, k++, s);
	else
		store_bind_null(st, k++);
	store_bind_int64(st, k++, enabled);
	store_bind_int64(st, k++, enabled);
	store_bind_int64(st, k++, cx->now);
	store_bind_int64(st, k++, id);
	return ctx_write(cx, st, NULL, NULL, NULL);
}
