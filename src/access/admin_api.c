/* HTTP <-> struct for API tokens, the audit log and system settings. */
#include <string.h>

#include "access/access.h"
#include "access/posts.h"
#include "access/access_api.h"
#include "access/audit.h"
#include "access/limits.h"
#include "access/sessions.h"
#include "access/settings.h"
#include "base/json.h"
#include "base/jsonw.h"
#include "base/clock.h"
#include "base/table.h"
#include "http/http.h"

static int tokens_list_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct api_token *items;
	size_t n;
	if (tokens_list(cx, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, token_json);
	return 0;
}

static int tokens_post(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"name", "user_id", NULL};
	const char *name = NULL;
	int64_t user_id = 0;
	json_only_fields(rq->json, allowed, &cx->err);
	jf_str(rq->json, "name", JF_REQUIRED, (size_t)access_limits[L_TOKEN_NAME].min,
	       (size_t)access_limits[L_TOKEN_NAME].max, &name, &cx->err);
	jf_int(rq->json, "user_id", 0, 1, INT64_MAX, &user_id, &cx->err);
	if (cx->err.code)
		return -1;
	struct api_token t;
	char secret[CRYPTO_TOKEN_LEN + 8];
	if (tokens_create(cx, name, user_id, &t, secret) < 0)
		return -1;
	json_t *body = token_json(&t);
	json_object_set_new(body, "token", json_string(secret));
	resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/tokens/%lld", (long long)t.id));
	resp_json(rs, 201, body);
	return 0;
}

static int tokens_get_one(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct api_token t;
	if (id < 0 || tokens_get(cx, id, &t) < 0)
		return -1;
	resp_json(rs, 200, token_json(&t));
	return 0;
}

static int tokens_delete(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	if (id < 0 || tokens_revoke(cx, id) < 0)
		return -1;
	rs->status = 204;
	return 0;
}

/* The audit list is the hottest read: written straight out, the stored summary (JSON that
 * this program wrote) copied as it is rather than parsed and re-serialised. */
static void audit_write(struct jw *w, const struct audit_entry *e)
{
	jw_obj(w);
	jw_key(w, "id");
	jw_int(w, e->id);
	jw_key(w, "at");
	jw_time(w, e->at);
	jw_key(w, "actor_id");
	jw_int_or_null(w, e->actor_id);
	jw_key(w, "actor");
	jw_str(w, e->actor);
	jw_key(w, "action");
	jw_str(w, e->action);
	jw_key(w, "entity");
	jw_str(w, e->entity);
	jw_key(w, "entity_id");
	jw_int_or_null(w, e->entity_id);
	jw_key(w, "summary");
	jw_raw(w, e->summary);
	jw_key(w, "ip");
	jw_str(w, e->ip);
	jw_obj_end(w);
}

/* The audit list's filters, shared by the list and its export. */
static int audit_filter_read(struct ctx *cx, struct req *rq, struct audit_filter *f)
{
	query_paging(cx, rq, &f->limit, &f->cursor);
	query_str(cx, rq, "actor", 64, &f->actor);
	query_int(cx, rq, "actor_id", 1, INT64_MAX, &f->actor_id);
	query_str(cx, rq, "action", 1024, &f->action);
	query_str(cx, rq, "entity", 64, &f->entity);
	query_int(cx, rq, "entity_id", 1, INT64_MAX, &f->entity_id);
	query_time(cx, rq, "since", &f->since);
	query_time(cx, rq, "until", &f->until);
	return cx->err.code ? -1 : 0;
}

static int audit_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct audit_filter f = {0};
	if (audit_filter_read(cx, rq, &f) < 0)
		return -1;
	struct audit_entry *items;
	size_t n;
	int64_t next;
	if (audit_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	struct jw w;
	resp_list_begin(cx, &w, 1024 + n * 512);
	for (size_t i = 0; i < n; i++)
		audit_write(&w, &items[i]);
	resp_list_end(cx, &w, rs, next);
	return 0;
}

/* The filtered log as a spreadsheet: every matching entry (at most AUDIT_EXPORT_MAX), newest
 * first, actions and kinds by their names in the caller's language. The export is audited. */
#define AUDIT_EXPORT_MAX 100000

static int audit_export(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct audit_filter f = {0};
	const char *format = "xlsx";
	query_str(cx, rq, "format", 8, &format);
	enum table_format tf = table_format_parse(format);
	if (!tf)
		err_field(&cx->err, "format", "invalid", 0);
	if (audit_filter_read(cx, rq, &f) < 0)
		return -1;
	bool en = cx->lang == LANG_EN;
	static const char *const head_zh[] = {"编号", "时间", "操作人", "操作", "操作代码", "对象",
					      "对象编号", "地址", "详情"};
	static const char *const head_en[] = {"Id", "Time", "Actor", "Action", "Action code",
					      "Entity", "Entity id", "Address", "Details"};
	struct audit_entry *items;
	size_t n, total = 0;
	int64_t next;
	f.limit = 200;
	if (audit_list(cx, &f, &items, &n, &next) < 0)   /* the permission, before any work */
		return -1;
	struct table *t = table_new(cx->a, tf, en ? "Audit log" : "审计日志", en ? head_en : head_zh, 9);
	if (!t)
		return err_setf(&cx->err, ERR_INTERNAL, "cannot make the export file");
	for (;;) {
		for (size_t i = 0; i < n; i++) {
			const struct audit_entry *e = &items[i];
			char at[40];
			clock_iso(e->at, at, sizeof at);
			const char *cells[9] = {
				arena_printf(cx->a, "%lld", (long long)e->id), at, e->actor,
				label_of("action", e->action, cx->lang), e->action,
				label_of("entity", e->entity, cx->lang),
				e->entity_id ? arena_printf(cx->a, "%lld", (long long)e->entity_id) : "",
				e->ip, e->summary,
			};
			table_row(t, cells);
		}
		total += n;
		if (!next || total >= AUDIT_EXPORT_MAX)
			break;
		f.cursor = next;
		if (audit_list(cx, &f, &items, &n, &next) < 0) {
			const char *d;
			size_t l;
			table_finish(t, &d, &l);
			return -1;
		}
	}
	const char *data;
	size_t len;
	if (table_finish(t, &data, &len) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "writing the export failed");
	json_t *what = json_pack("{s:s, s:I, s:s*, s:s*, s:s*}", "format", table_extension(tf),
				 "rows", (json_int_t)total, "actor", f.actor, "action", f.action,
				 "entity", f.entity);
	int rc = ctx_begin(cx) == 0 && audit_record(cx, "audit.export", "audit", 0, NULL, what) == 0 &&
		 ctx_commit(cx) == 0;
	json_decref(what);
	if (!rc) {
		ctx_rollback(cx);
		return -1;
	}
	rs->status = 200;
	rs->content_type = table_content_type(tf);
	rs->body = data;
	rs->len = len;
	char day[16];
	clock_date(cx->now, day, sizeof day);
	resp_header(rs, "Content-Disposition", arena_printf(cx->a,
		"attachment; filename=\"audit-%s.%s\"", day, table_extension(tf)));
	return 0;
}

static void action_item(void *arg, const char *code, const char *zh, const char *en)
{
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s}", "code", code, "zh", zh, "en", en));
}

/* The actions the log can hold, with their names: what the console's action filter offers. */
static int audit_actions(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	if (access_require(cx, PERM_AUDIT_READ, NULL) < 0)
		return -1;
	json_t *items = json_array();
	labels_each("action", action_item, items);
	resp_list(rs, items, 0);
	return 0;
}

/* GET /labels?what=kind: the names of the codes of one list (unit kinds, posts, household
 * events, entities, actions, the requests' states, channels and priorities, the notices' kinds)
 * in both languages, as the features registered them. */
static int labels(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const lists[] = {"kind", "post", "event", "entity", "action", "state",
		"channel", "priority", "notice", NULL};
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	const char *what = NULL;
	if (query_str(cx, rq, "what", 16, &what) <= 0)
		return cx->err.code ? -1 : err_field(&cx->err, "what", "required", 0);
	bool known = false;
	for (int i = 0; lists[i]; i++)
		known |= strcmp(what, lists[i]) == 0;
	if (!known)
		return err_field(&cx->err, "what", "invalid", 0);
	json_t *items = json_array();
	labels_each(what, action_item, items);
	resp_list(rs, items, 0);
	return 0;
}

static int settings_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct settings s;
	if (settings_read(cx, &s) < 0)
		return -1;
	resp_json(rs, 200, settings_json(&s));
	return 0;
}

/* The bounds of every field people type, for the console to show before saving. */
static int limits_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)cx;
	(void)rq;
	resp_json(rs, 200, limits_json());
	return 0;
}

/* What anyone may know before logging in: the site's name, for the login page and the title. */
static int site_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct settings s;
	if (settings_load(cx, &s) < 0)
		return -1;
	resp_json(rs, 200, json_pack("{s:s, s:s}", "site_name", s.site_name, "version", LINLI_VERSION));
	return 0;
}

static int settings_patch(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct settings s;
	if (settings_update(cx, rq->json, &s) < 0)
		return -1;
	resp_json(rs, 200, settings_json(&s));
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/site", site_get, ROUTE_PUBLIC},
	{"GET", "/api/v1/limits", limits_get, ROUTE_PUBLIC},
	{"GET", "/api/v1/tokens", tokens_list_get, 0},
	{"GET", "/api/v1/audit/export", audit_export, 0},
	{"GET", "/api/v1/audit/actions", audit_actions, 0},
	{"GET", "/api/v1/labels", labels, 0},
	{"POST", "/api/v1/tokens", tokens_post, 0},
	{"GET", "/api/v1/tokens/{id}", tokens_get_one, 0},
	{"DELETE", "/api/v1/tokens/{id}", tokens_delete, 0},
	{"GET", "/api/v1/audit", audit_get, 0},
	{"GET", "/api/v1/settings", settings_get, 0},
	{"PATCH", "/api/v1/settings", settings_patch, 0},
};

void session_api_register(void);
void users_api_register(void);

void access_api_register(void)
{
	session_api_register();
	users_api_register();
	posts_api_register();
	http_routes(routes, sizeof routes / sizeof routes[0]);
}
