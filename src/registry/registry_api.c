/* HTTP <-> struct for households and residents. */
#include <string.h>

#include "access/audit.h"
#include "base/json.h"
#include "http/http.h"
#include "base/jsonw.h"
#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/internal.h"
#include "registry/limits.h"
#include "registry/phone.h"
#include "registry/sheet.h"

static int answer_resident(struct ctx *cx, struct resp *rs, int status, const struct resident *r)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/residents/%lld", (long long)r->id));
	resp_json(rs, status, registry_resident_json(cx, r));
	return 0;
}

static int answer_household(struct ctx *cx, struct resp *rs, int status, const struct household *h)
{
	if (status == 201)
		resp_header(rs, "Location", arena_printf(cx->a, "/api/v1/households/%lld", (long long)h->id));
	resp_json(rs, status, registry_household_json(cx, h));
	return 0;
}

/* A code query parameter of one of the lists (or "all" where allowed). */
static void query_code(struct ctx *cx, struct req *rq, const char *name, enum code_list l,
		       bool all, const char **out)
{
	if (query_str(cx, rq, name, 32, out) > 0 && !codes_find(l, *out) &&
	    !(all && strcmp(*out, "all") == 0))
		err_field(&cx->err, name, "invalid", 0);
}

/* The residents filter from the query: q, phone, id_number (+ id_type), tag (comma list),
 * unit_id, household_id, age_min, age_max, population, status. */
int registry_read_filter(struct ctx *cx, struct req *rq, struct resident_filter *f)
{
	struct err *e = &cx->err;
	*f = (struct resident_filter){.age_min = -1, .age_max = -1};
	query_paging(cx, rq, &f->limit, &f->cursor);
	if (query_str(cx, rq, "q", 32, &f->q) > 0 && !*f->q)
		f->q = NULL;
	const char *phone = NULL, *idn = NULL, *idtype = "resident_id", *tags = NULL;
	if (query_str(cx, rq, "phone", 32, &phone) > 0) {
		struct phone p;
		enum phone_error pe = phone_parse(phone, &p);
		if (pe != PHONE_OK)
			err_field(e, "phone", phone_error_key(pe), 0);
		else
			f->phone = arena_strdup(cx->a, p.number);
	}
	if (query_str(cx, rq, "id_type", 32, &idtype) > 0 && !idnum_type_parse(idtype))
		err_field(e, "id_type", "invalid", 0);
	if (query_str(cx, rq, "id_number", 64, &idn) > 0 && idnum_type_parse(idtype)) {
		struct idnum id;
		enum idnum_error ie = idnum_parse(idnum_type_parse(idtype), idn, registry_today(cx), &id);
		if (ie != IDNUM_OK)
			err_field(e, "id_number", idnum_error_key(ie), 0);
		else
			f->id_number = arena_printf(cx->a, "%s:%s", idtype, id.number);
	}
	if (query_str(cx, rq, "tag", 200, &tags) > 0) {
		const char **list = arena_alloc(cx->a, 4 * sizeof *list);
		char *copy = arena_strdup(cx->a, tags), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			bool sensitive = false;
			int known = registry_tag(cx, t, &sensitive);
			if (known < 0)
				return -1;
			if (!known || (sensitive && !registry_sees_sensitive(cx)))
				err_field(e, "tag", "tag_unknown", 0);
			else if (f->ntags == 4)
				err_field(e, "tag", "too_many", 4);
			else
				list[f->ntags++] = t;
		}
		f->tags = list;
	}
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f->unit_id);
	query_int(cx, rq, "household_id", 1, INT64_MAX, &f->household_id);
	int64_t amin = -1, amax = -1;
	query_int(cx, rq, "age_min", 0, 150, &amin);
	query_int(cx, rq, "age_max", 0, 150, &amax);
	if (amin >= 0 && amax >= 0 && amax < amin)
		err_field(e, "age_max", "age_range", 0);
	f->age_min = (int)amin;
	f->age_max = (int)amax;
	query_code(cx, rq, "population", CODES_POPULATION, false, &f->population);
	query_code(cx, rq, "status", CODES_STATUS, true, &f->status);
	return e->code ? -1 : 0;
}

static int residents(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct resident_filter f;
	if (registry_read_filter(cx, rq, &f) < 0)
		return -1;
	struct resident *items;
	size_t n;
	int64_t next;
	if (registry_residents_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	struct jw w;
	resp_list_begin(cx, &w, 256 + n * 640);
	for (size_t i = 0; i < n; i++)
		registry_resident_write(cx, &w, &items[i]);
	resp_list_end(cx, &w, rs, next);
	return 0;
}

static int residents_count(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct resident_filter f;
	int64_t count = 0;
	if (registry_read_filter(cx, rq, &f) < 0 || registry_residents_count(cx, &f, &count) < 0)
		return -1;
	resp_json(rs, 200, json_pack("{s:I}", "count", (json_int_t)count));
	return 0;
}

static int resident_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct resident r;
	if (registry_resident_create(cx, rq->json, &r) < 0)
		return -1;
	return answer_resident(cx, rs, 201, &r);
}

static int resident_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct resident r;
	if (id < 0 || registry_resident_get(cx, id, PERM_RESIDENTS_READ, &r) < 0)
		return -1;
	return answer_resident(cx, rs, 200, &r);
}

static int resident_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct resident r;
	if (id < 0 || registry_resident_update(cx, id, rq->json, &r) < 0)
		return -1;
	return answer_resident(cx, rs, 200, &r);
}

static int event(struct ctx *cx, struct req *rq, struct resp *rs, const char *kind)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct resident r;
	if (id < 0 || registry_resident_event(cx, id, kind, rq->json, &r) < 0)
		return -1;
	return answer_resident(cx, rs, 200, &r);
}

static int move_out(struct ctx *cx, struct req *rq, struct resp *rs) { return event(cx, rq, rs, "move_out"); }
static int move_in(struct ctx *cx, struct req *rq, struct resp *rs) { return event(cx, rq, rs, "move_in"); }
static int deceased(struct ctx *cx, struct req *rq, struct resp *rs) { return event(cx, rq, rs, "deceased"); }
static int make_head(struct ctx *cx, struct req *rq, struct resp *rs) { return event(cx, rq, rs, "head"); }

static int reveal(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *out;
	if (id < 0 || registry_resident_reveal(cx, id, rq->json, &out) < 0)
		return -1;
	resp_json(rs, 200, out);   /* every answer is Cache-Control: no-store */
	return 0;
}

static int households(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct household_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "place_id", 1, INT64_MAX, &f.place_id);
	if (query_str(cx, rq, "q", 64, &f.q) > 0 && !*f.q)
		f.q = NULL;
	if (query_str(cx, rq, "status", 16, &f.status) > 0 && strcmp(f.status, "active") &&
	    strcmp(f.status, "dissolved") && strcmp(f.status, "all"))
		err_field(&cx->err, "status", "invalid", 0);
	if (cx->err.code)
		return -1;
	struct household *items;
	size_t n;
	int64_t next;
	if (registry_households_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, registry_household_json(cx, &items[i]));
	resp_list(rs, arr, next);
	return 0;
}

static int household_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct household h;
	if (registry_household_create(cx, rq->json, &h) < 0)
		return -1;
	return answer_household(cx, rs, 201, &h);
}

/* A household with its members (every status: history stays) and its events. */
static int household_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct household h;
	if (id < 0 || registry_household_get(cx, id, PERM_RESIDENTS_READ, &h) < 0)
		return -1;
	struct resident_filter f = {.household_id = id, .status = "all", .limit = 200,
				    .age_min = -1, .age_max = -1};
	struct resident *items;
	size_t n;
	int64_t next;
	json_t *events;
	if (registry_residents_list(cx, &f, &items, &n, &next) < 0 ||
	    registry_household_events(cx, id, &events) < 0)
		return -1;
	json_t *j = registry_household_json(cx, &h), *members = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(members, registry_resident_json(cx, &items[i]));
	json_object_set_new(j, "residents", members);
	json_object_set_new(j, "events", events);
	resp_json(rs, 200, j);
	return 0;
}

static int household_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct household h;
	if (id < 0 || registry_household_update(cx, id, rq->json, &h) < 0)
		return -1;
	return answer_household(cx, rs, 200, &h);
}

/* The code lists a form offers, in the caller's language, and the tags it may see. */
static int codes(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	if (access_require(cx, PERM_RESIDENTS_READ, NULL) < 0)
		return -1;
	json_t *out = json_object();
	for (int l = 0; l < CODES__COUNT; l++) {
		size_t n;
		const struct code_entry *all = codes_all((enum code_list)l, &n);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			if (l == CODES_TAG && all[i].sensitive && !registry_sees_sensitive(cx))
				continue;
			json_t *o = json_pack("{s:s, s:s, s:s}", "code", all[i].code, "zh-CN", all[i].zh,
					      "en", all[i].en);
			if (l == CODES_TAG)
				json_object_set_new(o, "sensitive", json_boolean(all[i].sensitive));
			json_array_append_new(arr, o);
		}
		json_object_set_new(out, codes_list_name((enum code_list)l), arr);
	}
	/* the tags administrators added */
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT code, name_zh, name_en, sensitive FROM registry_tags ORDER BY code");
	if (!st) {
		json_decref(out);
		return ctx_store_error(cx);
	}
	json_t *tags = json_object_get(out, codes_list_name(CODES_TAG));
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (store_col_int64(st, 3) && !registry_sees_sensitive(cx))
			continue;
		json_array_append_new(tags, json_pack("{s:s, s:s, s:s, s:b}", "code", store_col_text(st, 0),
						      "zh-CN", store_col_text(st, 1), "en",
						      store_col_text(st, 2), "sensitive",
						      (int)store_col_int64(st, 3)));
	}
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(out);
		return ctx_store_error(cx);
	}
	size_t n;
	const struct idnum_type_info *types = idnum_types(&n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", types[i].code, "zh-CN",
						     types[i].zh, "en", types[i].en));
	json_object_set_new(out, "id_type", arr);
	resp_json(rs, 200, out);
	return 0;
}

/* POST /registry/tags {code, name_zh, name_en, sensitive}: an administrator's own tag. */
static int tag_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	static const char *const allowed[] = {"code", "name_zh", "name_en", "sensitive", NULL};
	struct err *e = &cx->err;
	if (access_require(cx, PERM_SETTINGS_WRITE, NULL) < 0)
		return -1;
	const char *code = NULL, *zh = NULL, *en = NULL;
	bool sensitive = false, dummy;
	const struct limit *lt = &registry_limits[L_TAG_NAME];
	json_only_fields(rq->json, allowed, e);
	if (jf_str(rq->json, "code", JF_REQUIRED, 2, 32, &code, e) > 0) {
		for (const char *p = code; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
				err_field(e, "code", "tag_code_chars", 0);
				break;
			}
	}
	jf_str(rq->json, "name_zh", JF_REQUIRED, (size_t)lt->min, (size_t)lt->max, &zh, e);
	jf_str(rq->json, "name_en", JF_REQUIRED, (size_t)lt->min, (size_t)lt->max, &en, e);
	jf_bool(rq->json, "sensitive", 0, &sensitive, e);
	if (e->code)
		return -1;
	int known = registry_tag(cx, code, &dummy);
	if (known < 0)
		return -1;
	if (known)
		return err_field(e, "code", "taken", 0), err_set(e, ERR_CONFLICT);
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO registry_tags (code, name_zh, name_en, sensitive, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, zh);
	store_bind_text(st, 3, en);
	store_bind_int64(st, 4, sensitive);
	store_bind_int64(st, 5, cx->now);
	if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			err_field(e, "code", "taken", 0);
			err_set(e, ERR_CONFLICT);
		}
		return -1;
	}
	json_t *tag = json_pack("{s:s, s:s, s:s, s:b}", "code", code, "zh-CN", zh, "en", en,
				"sensitive", sensitive);
	if (audit_record(cx, "registry.tag_create", "registry_tag", 0, NULL, tag) < 0 ||
	    ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		json_decref(tag);
		return -1;
	}
	resp_json(rs, 201, tag);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/residents", residents, 0},
	{"GET", "/api/v1/residents/count", residents_count, 0},
	{"GET", "/api/v1/residents/export", registry_export, 0},
	{"GET", "/api/v1/residents/import/template", registry_import_template, 0},
	{"POST", "/api/v1/residents/import", registry_import, ROUTE_BIG_BODY},
	{"GET", "/api/v1/residents/import/{id}", registry_import_get, 0},
	{"GET", "/api/v1/residents/import/{id}/errors", registry_import_errors, 0},
	{"POST", "/api/v1/residents", resident_create, 0},
	{"GET", "/api/v1/residents/{id}", resident_get, 0},
	{"PATCH", "/api/v1/residents/{id}", resident_update, 0},
	{"POST", "/api/v1/residents/{id}/move-out", move_out, 0},
	{"POST", "/api/v1/residents/{id}/move-in", move_in, 0},
	{"POST", "/api/v1/residents/{id}/deceased", deceased, 0},
	{"POST", "/api/v1/residents/{id}/head", make_head, 0},
	{"POST", "/api/v1/residents/{id}/reveal", reveal, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/households", households, 0},
	{"POST", "/api/v1/households", household_create, 0},
	{"GET", "/api/v1/households/{id}", household_get, 0},
	{"PATCH", "/api/v1/households/{id}", household_update, 0},
	{"GET", "/api/v1/registry/codes", codes, 0},
	{"POST", "/api/v1/registry/tags", tag_create, 0},
};

void registry_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
