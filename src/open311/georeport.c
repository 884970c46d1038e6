/* Open311 GeoReport v2 at /open311/v2/: discovery, the service list and definitions, requests
 * posted (form-encoded) and read back, in JSON or XML by the file's extension, and errors as the
 * spec's array of {code, description} with the HTTP status. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access/sessions.h"
#include "base/clock.h"
#include "base/form.h"
#include "base/json.h"
#include "base/log.h"
#include "base/mask.h"
#include "base/ratelimit.h"
#include "base/text.h"
#include "catalog/catalog.h"
#include "http/http.h"
#include "open311/internal.h"
#include "registry/registry.h"
#include "requests/requests.h"

#define SPEC_URL "http://wiki.open311.org/GeoReport_v2"
/* when this endpoint's description last changed (the discovery's changeset) */
#define CHANGESET "2026-12-02T00:00:00+08:00"
#define MAX_PAIRS 200
#define MAX_IDS 100
#define LIST_MAX 1000
#define SPAN_DAYS 90

enum format { F_JSON, F_XML };

/* --- answers ---------------------------------------------------------------------------- */

static void answer(struct ctx *cx, struct resp *rs, enum format f, int status, const char *root,
		   json_t *v)
{
	if (f == F_XML) {
		size_t n;
		rs->body = o311_xml(cx, root, v, &n);
		rs->len = n;
		rs->status = status;
		rs->content_type = "text/xml; charset=utf-8";
		json_decref(v);
		return;
	}
	resp_json(rs, status, v);
}

/* linli's field names → the spec's */
static const char *spec_field(const char *f)
{
	static const char *const names[][2] = {
		{"body", "description"}, {"title", "description"}, {"requester_name", "first_name"},
		{"requester_phone", "phone"}, {"address", "address_string"}, {"lon", "long"},
		{"item_id", "service_code"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(f, names[i][0]) == 0)
			return names[i][1];
	return f;
}

/* cx->err as the spec's errors: 404 for what does not exist, 403 for a missing or bad api_key,
 * 429 over the key's rate, 5xx as they are, 400 for everything else; one error per field. */
static int fail(struct ctx *cx, struct resp *rs, enum format f)
{
	enum err_code code = cx->err.code ? cx->err.code : ERR_INTERNAL;
	int http = err_http_status(code);
	int status = http == 404 ? 404 : http == 401 || http == 403 ? 403 : http == 429 ? 429
		     : http >= 500 ? http : 400;
	if (http >= 500)
		log_error("open311: %s", cx->err.detail[0] ? cx->err.detail : "error");
	json_t *errors = json_array();
	for (int i = 0; i < cx->err.nfields; i++) {
		char buf[256];
		const struct err_field *fe = &cx->err.fields[i];
		const char *m = err_field_message(fe->key, fe->arg, cx->lang, buf, sizeof buf);
		json_array_append_new(errors, json_pack("{s:i, s:s}", "code", status, "description",
			arena_printf(cx->a, "%s: %s", spec_field(fe->field), m ? m : fe->key)));
	}
	if (!cx->err.nfields)
		json_array_append_new(errors, json_pack("{s:i, s:s}", "code", status, "description",
							err_message(code, cx->lang)));
	answer(cx, rs, f, status, "errors", errors);
	if (status == 429 && cx->err.retry_after > 0)
		resp_header(rs, "Retry-After", arena_printf(cx->a, "%d", cx->err.retry_after));
	err_clear(&cx->err);
	return 0;
}

/* One error of our own: a field and its message key. */
static int fail_field(struct ctx *cx, struct resp *rs, enum format f, enum err_code code,
		      const char *field, const char *key, long arg)
{
	err_clear(&cx->err);
	err_field(&cx->err, field, key, arg);
	cx->err.code = code;
	return fail(cx, rs, f);
}

/* "services.json" → "services", F_JSON; -1 for another extension. */
static int split(struct ctx *cx, const char *file, const char **stem, enum format *f)
{
	const char *dot = strrchr(file, '.');
	if (!dot || dot == file)
		return -1;
	if (strcmp(dot, ".json") == 0)
		*f = F_JSON;
	else if (strcmp(dot, ".xml") == 0)
		*f = F_XML;
	else
		return -1;
	*stem = arena_strndup(cx->a, file, (size_t)(dot - file));
	return 0;
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *time_or_null(int64_t t)
{
	if (!t)
		return json_null();
	char buf[40];
	clock_iso(t, buf, sizeof buf);
	return json_string(buf);
}

/* --- discovery and services -------------------------------------------------------------- */

static int discovery(struct ctx *cx, struct req *rq, struct resp *rs, enum format f)
{
	const char *base = requests_base_url(cx, req_header(rq, "Host"), http_cookie_secure());
	json_t *endpoint = json_pack("{s:s, s:s, s:s, s:s, s:[s, s]}", "specification", SPEC_URL,
				     "url", arena_printf(cx->a, "%s/open311/v2", base),
				     "changeset", CHANGESET, "type", "production", "formats",
				     "text/xml", "application/json");
	json_t *d = json_pack("{s:s, s:s, s:s, s:[o]}", "changeset", CHANGESET, "contact",
			      arena_printf(cx->a, "%s/handbook", base), "key_service",
			      cx->lang == LANG_EN ? "API keys are made by the administrators: linli token create"
						   : "接口密钥由管理员用 linli token create 生成",
			      "endpoints", endpoint);
	answer(cx, rs, f, 200, "discovery", d);
	return 0;
}

/* How many attributes each item has: 0 for most. */
static int attribute_counts(struct ctx *cx, int64_t **ids, int64_t **counts, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT item_id, COUNT(*) FROM"
					      " open311_attributes GROUP BY item_id ORDER BY item_id");
	if (!st)
		return ctx_store_error(cx);
	size_t cap = 64, k = 0;
	int64_t *a = arena_alloc(cx->a, cap * sizeof *a), *c = arena_alloc(cx->a, cap * sizeof *c);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (k == cap) {
			int64_t *a2 = arena_alloc(cx->a, 2 * cap * sizeof *a2);
			int64_t *c2 = arena_alloc(cx->a, 2 * cap * sizeof *c2);
			memcpy(a2, a, k * sizeof *a);
			memcpy(c2, c, k * sizeof *c);
			a = a2, c = c2, cap *= 2;
		}
		a[k] = store_col_int64(st, 0);
		c[k++] = store_col_int64(st, 1);
	}
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	*ids = a, *counts = c, *n = k;
	return 0;
}

static json_t *service_json(const struct catalog_item *it, bool metadata)
{
	return json_pack("{s:s, s:s, s:o, s:b, s:s, s:o, s:o}", "service_code", it->code,
			 "service_name", it->name, "description", str_or_null(it->description),
			 "metadata", metadata, "type", "realtime", "keywords",
			 str_or_null(it->category_code), "group", str_or_null(it->category_name));
}

static int services(struct ctx *cx, struct resp *rs, enum format f)
{
	struct catalog_item *items;
	size_t n = 0, na = 0;
	int64_t *ids = NULL, *counts = NULL;
	if (catalog_public_items(cx, &items, &n) < 0 || attribute_counts(cx, &ids, &counts, &na) < 0)
		return fail(cx, rs, f);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		bool meta = false;
		for (size_t j = 0; j < na && !meta; j++)
			meta = ids[j] == items[i].id && counts[j] > 0;
		json_array_append_new(a, service_json(&items[i], meta));
	}
	answer(cx, rs, f, 200, "services", a);
	return 0;
}

/* The public, active item of a service code: 1, 0 (404 set), -1. */
static int service_item(struct ctx *cx, const char *code, struct catalog_item *it)
{
	int r = catalog_item_by_code(cx, code, it);
	if (r < 0)
		return -1;
	if (r == 0 || !it->public_ || !it->active) {
		err_field(&cx->err, "service_code", "open311_service_unknown", 0);
		cx->err.code = ERR_NOT_FOUND;
		return 0;
	}
	return 1;
}

static json_t *definition_json(const struct catalog_item *it, const struct open311_attribute *a,
			       size_t n)
{
	json_t *attrs = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_loads(a[i].values ? a[i].values : "[]", 0, NULL);
		json_array_append_new(attrs, json_pack("{s:b, s:s, s:s, s:b, s:o, s:I, s:o, s:o}",
			"variable", a[i].variable, "code", a[i].code, "datatype",
			open311_datatype_name(a[i].datatype), "required", a[i].required,
			"datatype_description", str_or_null(a[i].datatype_description), "order",
			(json_int_t)a[i].order, "description", str_or_null(a[i].description), "values",
			v ? v : json_array()));
	}
	return json_pack("{s:s, s:o}", "service_code", it->code, "attributes", attrs);
}

static int definition(struct ctx *cx, struct resp *rs, enum format f, const char *code)
{
	struct catalog_item it;
	struct open311_attribute *a;
	size_t n;
	int r = service_item(cx, code, &it);
	if (r <= 0 || open311_attributes_of(cx, it.id, &a, &n) < 0)
		return fail(cx, rs, f);
	answer(cx, rs, f, 200, "service_definition", definition_json(&it, a, n));
	return 0;
}

/* --- POST requests ----------------------------------------------------------------------- */

static struct ratelimit key_rate = RATELIMIT_INIT;

void open311_set_rate(unsigned per_minute) { ratelimit_set(&key_rate, per_minute); }

/* The fields of a POST besides attribute[...]. */
static const char *const post_fields[] = {"api_key", "jurisdiction_id", "service_code", "lat",
	"long", "address_string", "address_id", "email", "device_id", "account_id", "first_name",
	"last_name", "phone", "description", "media_url", NULL};

struct post {
	const char *v[16];               /* by post_fields' index, NULL when absent or empty */
	const struct form_pair *pairs;
	size_t npairs;
	struct catalog_item item;
	struct open311_attribute *attrs;
	size_t nattrs;
	json_t *answers;                 /* code → value or [values] */
	const char *summary;             /* the answers as lines for the request's text */
	const char *email_sealed, *device_sealed;
	int64_t token_id;
};

static const char *pv(const struct post *p, const char *name)
{
	for (int i = 0; post_fields[i]; i++)
		if (strcmp(post_fields[i], name) == 0)
			return p->v[i];
	return NULL;
}

/* attribute[code] or attribute[code][]: the code, else NULL. */
static const char *attribute_code(struct ctx *cx, const char *name, bool *many)
{
	if (strncmp(name, "attribute[", 10) != 0)
		return NULL;
	const char *s = name + 10, *e = strchr(s, ']');
	if (!e || e == s)
		return NULL;
	if (strcmp(e, "]") == 0)
		*many = false;
	else if (strcmp(e, "][]") == 0)
		*many = true;
	else
		return NULL;
	return arena_strndup(cx->a, s, (size_t)(e - s));
}

/* The spec's fields into p->v: each at most once, none unknown, "" as absent. */
static int read_fields(struct ctx *cx, struct post *p)
{
	struct err *e = &cx->err;
	for (size_t i = 0; i < p->npairs; i++) {
		const char *name = p->pairs[i].name;
		bool many;
		if (attribute_code(cx, name, &many))
			continue;
		int k = -1;
		for (int j = 0; post_fields[j]; j++)
			if (strcmp(post_fields[j], name) == 0)
				k = j;
		if (k < 0) {
			err_field(e, arena_strdup(cx->a, text_has_control(name, false) ? "?" : name),
				  "open311_field_unknown", 0);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->pairs[j].name, name) == 0) {
				err_field(e, post_fields[k], "open311_field_twice", 0);
				break;
			}
		if (*p->pairs[i].value)
			p->v[k] = p->pairs[i].value;
	}
	return e->code ? -1 : 0;
}

/* One line of text of at most max characters (multiline: line breaks allowed). */
static void judge_text(struct ctx *cx, const char *field, const char *v, int l, bool multiline)
{
	const struct limit *L = &open311_limits[l];
	if (!v)
		return;
	size_t n = utf8_count(v);
	if (n > (size_t)L->max || text_has_control(v, multiline))
		err_field(&cx->err, field, multiline ? "open311_text" : "open311_line", L->max);
}

static bool parse_number(const char *s, double *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno || *end || !isfinite(d))
		return false;
	*out = d;
	return true;
}

static const char *value_name(const char *values, const char *key, struct ctx *cx)
{
	json_t *v = json_loads(values ? values : "[]", 0, NULL);
	const char *name = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (strcmp(json_string_value(json_object_get(x, "key")), key) == 0)
			name = arena_strdup(cx->a, json_string_value(json_object_get(x, "name")));
	json_decref(v);
	return name;
}

/* One answer judged by its attribute's datatype; its readable form appended to *line. */
static void judge_answer(struct ctx *cx, const struct open311_attribute *a, const char *field,
			 const char *v, const char **line)
{
	struct err *e = &cx->err;
	double d;
	int64_t t;
	switch (a->datatype) {
	case O311_NUMBER:
		if (!parse_number(v, &d))
			err_field(e, field, "open311_number", 0);
		break;
	case O311_DATETIME:
		if (clock_parse_iso(v, &t) < 0)
			err_field(e, field, "open311_datetime", 0);
		break;
	case O311_STRING:
		judge_text(cx, field, v, L_O311_ANSWER, false);
		break;
	case O311_TEXT:
		judge_text(cx, field, v, L_O311_TEXT_ANSWER, true);
		break;
	default: {
		const char *name = value_name(a->values, v, cx);
		if (!name) {
			err_field(e, field, "open311_value_unknown", 0);
			return;
		}
		*line = arena_printf(cx->a, "%s%s%s", *line, **line ? "、" : "", name);
		return;
	}
	}
	*line = arena_printf(cx->a, "%s%s%s", *line, **line ? "、" : "", v);
}

/* attribute[code] values by the service's definition: none unknown, every required one there,
 * each of its type; the answers kept as JSON and as lines for the request's text. */
static int judge_attributes(struct ctx *cx, struct post *p)
{
	struct err *e = &cx->err;
	if (open311_attributes_of(cx, p->item.id, &p->attrs, &p->nattrs) < 0)
		return -1;
	p->answers = json_object();
	const char *summary = "";
	for (size_t i = 0; i < p->npairs; i++) {
		bool many;
		const char *code = attribute_code(cx, p->pairs[i].name, &many);
		if (!code)
			continue;
		const struct open311_attribute *a = NULL;
		for (size_t j = 0; j < p->nattrs && !a; j++)
			if (strcmp(p->attrs[j].code, code) == 0 && p->attrs[j].variable)
				a = &p->attrs[j];
		const char *field = arena_printf(cx->a, "attribute[%s]", code);
		if (!a) {
			err_field(e, text_has_control(field, false) ? "attribute" : field,
				  "open311_attribute_unknown", 0);
			continue;
		}
		json_t *had = json_object_get(p->answers, code);
		if (many && a->datatype != O311_MULTI) {
			err_field(e, field, "open311_one_value", 0);
			continue;
		}
		if (had && a->datatype != O311_MULTI) {
			err_field(e, field, "open311_field_twice", 0);
			continue;
		}
		if (a->datatype == O311_MULTI) {
			if (!had) {
				had = json_array();
				json_object_set_new(p->answers, code, had);
			}
			if (json_array_size(had) >= (size_t)open311_limits[L_O311_VALUES].max) {
				err_field(e, field, "open311_values", open311_limits[L_O311_VALUES].max);
				continue;
			}
			json_array_append_new(had, json_string(p->pairs[i].value));
		} else if (*p->pairs[i].value) {
			json_object_set_new(p->answers, code, json_string(p->pairs[i].value));
		}
	}
	for (size_t j = 0; j < p->nattrs; j++) {
		const struct open311_attribute *a = &p->attrs[j];
		const char *field = arena_printf(cx->a, "attribute[%s]", a->code);
		json_t *v = json_object_get(p->answers, a->code);
		if (!v || (json_is_array(v) && !json_array_size(v))) {
			if (a->required && a->variable)
				err_field(e, field, "open311_attribute_required", 0);
			continue;
		}
		const char *line = "";
		if (json_is_array(v)) {
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x) {
				for (size_t k = 0; k < i; k++)
					if (strcmp(json_string_value(json_array_get(v, k)),
						   json_string_value(x)) == 0)
						err_field(e, field, "open311_value_twice", 0);
				judge_answer(cx, a, field, json_string_value(x), &line);
			}
		} else {
			judge_answer(cx, a, field, json_string_value(v), &line);
		}
		summary = arena_printf(cx->a, "%s\n%s：%s", summary,
				       *a->description ? a->description : a->code, line);
	}
	p->summary = summary;
	return e->code ? -1 : 0;
}

/* The rest of what came, in the request's transaction. */
static int keep_extras(struct ctx *cx, int64_t id, void *arg)
{
	struct post *p = arg;
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO open311_requests (request_id,"
		" token_id, attributes, email, device_id, media_url, address_id, jurisdiction_id,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_fail(cx);
	int k = 1;
	store_bind_int64(st, k++, id);
	store_bind_int64_or_null(st, k++, p->token_id);
	store_bind_text(st, k++, json_to_arena(cx->a, p->answers, NULL));
	store_bind_text(st, k++, p->email_sealed);
	store_bind_text(st, k++, p->device_sealed);
	const char *m = pv(p, "media_url"), *ai = pv(p, "address_id"), *j = pv(p, "jurisdiction_id");
	store_bind_text(st, k++, m ? m : "");
	store_bind_text(st, k++, ai ? ai : "");
	store_bind_text(st, k++, j ? j : "");
	store_bind_int64(st, k++, cx->now);
	int64_t row;
	return ctx_insert(cx, st, NULL, NULL, &row);
}

static bool url_ok(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	const char *host = strstr(s, "://") + 3;
	if (!*host || *host == '/')
		return false;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c <= 0x20 || *c == 0x7f || *c == '"' || *c == '<' || *c == '>' || *c == '\\')
			return false;
	return true;
}

/* The requester's name as one: a Chinese name family first without a space, else "first last". */
static const char *full_name(struct ctx *cx, const char *first, const char *last)
{
	if (!first || !last)
		return first ? first : last;
	bool ascii = true;
	for (const unsigned char *c = (const unsigned char *)first; *c; c++)
		ascii = ascii && *c < 0x80;
	for (const unsigned char *c = (const unsigned char *)last; *c; c++)
		ascii = ascii && *c < 0x80;
	return ascii ? arena_printf(cx->a, "%s %s", first, last) : arena_printf(cx->a, "%s%s", last, first);
}

static int post_request(struct ctx *cx, struct req *rq, struct resp *rs, enum format f)
{
	struct err *e = &cx->err;
	struct post p = {0};
	struct form_pair *pairs;
	size_t n;
	/* the spec's POST is a form: anything else is told so in its error array */
	const char *ct = req_header(rq, "Content-Type");
	if (rq->body_len > 0 && (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 ||
				 (ct[33] && ct[33] != ';' && ct[33] != ' ')))
		return fail_field(cx, rs, f, ERR_MEDIA_TYPE, "body", "open311_form", 0);
	enum form_error fe = form_parse(cx->a, rq->body ? rq->body : "", rq->body_len, MAX_PAIRS,
					&pairs, &n);
	if (fe)
		return fail_field(cx, rs, f, ERR_BAD_REQUEST, "body", fe == FORM_TOO_MANY ?
				  "open311_form_too_many" : "open311_form", MAX_PAIRS);
	p.pairs = pairs;
	p.npairs = n;
	if (read_fields(cx, &p) < 0)
		return fail(cx, rs, f);
	/* the key first: without a valid one nothing else is told */
	const char *key = pv(&p, "api_key");
	if (!key)
		return fail_field(cx, rs, f, ERR_FORBIDDEN, "api_key", "open311_key_missing", 0);
	if (sessions_authenticate_bearer(cx, key) < 0) {
		if (e->code != ERR_UNAUTHENTICATED)
			return fail(cx, rs, f);
		return fail_field(cx, rs, f, ERR_FORBIDDEN, "api_key", "open311_key_invalid", 0);
	}
	p.token_id = cx->actor.token_id;
	int wait = 0;
	if (!ratelimit_take(&key_rate, arena_printf(cx->a, "t%lld", (long long)p.token_id), cx->now,
			    &wait)) {
		e->retry_after = wait;
		err_set(e, ERR_RATE_LIMITED);
		return fail(cx, rs, f);
	}
	const char *code = pv(&p, "service_code");
	if (!code)
		return fail_field(cx, rs, f, ERR_BAD_REQUEST, "service_code", "open311_service_needed", 0);
	int r = service_item(cx, code, &p.item);
	if (r <= 0)
		return fail(cx, rs, f);
	/* the place: lat and long together, or an address, or an address id */
	const char *lat = pv(&p, "lat"), *lon = pv(&p, "long");
	double y = 0, x = 0;
	if (lat && !lon)
		err_field(e, "long", "open311_lat_long", 0);
	else if (lon && !lat)
		err_field(e, "lat", "open311_lat_long", 0);
	else if (lat) {
		if (!parse_number(lat, &y) || y < -90 || y > 90)
			err_field(e, "lat", "open311_number", 0);
		if (!parse_number(lon, &x) || x < -180 || x > 180)
			err_field(e, "long", "open311_number", 0);
	} else if (!pv(&p, "address_string") && !pv(&p, "address_id")) {
		err_field(e, "lat", "open311_location_needed", 0);
	}
	judge_text(cx, "address_string", pv(&p, "address_string"), L_O311_ADDRESS, false);
	judge_text(cx, "address_id", pv(&p, "address_id"), L_O311_ADDRESS_ID, false);
	judge_text(cx, "jurisdiction_id", pv(&p, "jurisdiction_id"), L_O311_JURISDICTION, false);
	judge_text(cx, "account_id", pv(&p, "account_id"), L_O311_ADDRESS_ID, false);
	judge_text(cx, "first_name", pv(&p, "first_name"), L_O311_NAME, false);
	judge_text(cx, "last_name", pv(&p, "last_name"), L_O311_NAME, false);
	judge_text(cx, "device_id", pv(&p, "device_id"), L_O311_DEVICE_ID, false);
	judge_text(cx, "description", pv(&p, "description"), L_O311_REQUEST_DESCRIPTION, true);
	const char *email = pv(&p, "email"), *media = pv(&p, "media_url");
	if (email && (utf8_count(email) > (size_t)open311_limits[L_O311_EMAIL].max ||
		      !strchr(email, '@') || strchr(email, ' ') || text_has_control(email, false)))
		err_field(e, "email", "open311_email", 0);
	if (media && (utf8_count(media) > (size_t)open311_limits[L_O311_MEDIA_URL].max ||
		      !url_ok(media)))
		err_field(e, "media_url", "open311_url", 0);
	if (judge_attributes(cx, &p) < 0 || e->code) {
		json_decref(p.answers);
		return fail(cx, rs, f);
	}
	p.email_sealed = registry_seal_value(cx, "open311.email", email);
	p.device_sealed = registry_seal_value(cx, "open311.device_id", pv(&p, "device_id"));
	if (e->code) {
		json_decref(p.answers);
		return fail(cx, rs, f);
	}
	/* the request as intake takes it: its text, the answers after it */
	const char *desc = pv(&p, "description");
	json_t *b = json_pack("{s:s, s:I}", "body", arena_printf(cx->a, "%s%s",
			      desc ? desc : p.item.name, p.summary), "item_id", (json_int_t)p.item.id);
	const char *name = full_name(cx, pv(&p, "first_name"), pv(&p, "last_name"));
	if (name)
		json_object_set_new(b, "requester_name", json_string(name));
	if (pv(&p, "phone"))
		json_object_set_new(b, "requester_phone", json_string(pv(&p, "phone")));
	if (pv(&p, "address_string"))
		json_object_set_new(b, "address", json_string(pv(&p, "address_string")));
	if (lat) {
		json_object_set_new(b, "lon", json_real(x));
		json_object_set_new(b, "lat", json_real(y));
	}
	struct request out;
	r = requests_submit_channel(cx, "open311", b, keep_extras, &p, &out);
	json_decref(b);
	json_decref(p.answers);
	if (r < 0)
		return fail(cx, rs, f);
	char due[40];
	clock_iso(out.accept_due, due, sizeof due);
	const char *notice = arena_printf(cx->a, cx->lang == LANG_EN ?
		"Received as %s; it is to be accepted by %s." : "已收到，回执号 %s，将于 %s 前受理。",
		out.receipt, due);
	json_t *a = json_pack("[{s:s, s:s, s:n}]", "service_request_id",
			      arena_printf(cx->a, "%lld", (long long)out.id), "service_notice", notice,
			      "account_id");
	answer(cx, rs, f, 201, "service_requests", a);
	return 0;
}

/* --- GET requests ------------------------------------------------------------------------ */

struct extra {
	int64_t request_id;
	const char *media_url, *address_id;
};

/* What Open311 kept of requests with ids in [lo, hi]. */
static int extras(struct ctx *cx, int64_t lo, int64_t hi, struct extra **out, size_t *n)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT request_id, media_url, address_id FROM"
		" open311_requests WHERE request_id >= ? AND request_id <= ? ORDER BY request_id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, lo);
	store_bind_int64(st, 2, hi);
	size_t cap = 16, k = 0;
	struct extra *a = arena_alloc(cx->a, cap * sizeof *a);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (k == cap) {
			struct extra *b = arena_alloc(cx->a, 2 * cap * sizeof *b);
			memcpy(b, a, k * sizeof *a);
			a = b, cap *= 2;
		}
		a[k].request_id = store_col_int64(st, 0);
		a[k].media_url = arena_strdup(cx->a, store_col_text(st, 1));
		a[k++].address_id = arena_strdup(cx->a, store_col_text(st, 2));
	}
	store_reset(st);
	if (rc != STORE_DONE)
		return ctx_store_error(cx);
	*out = a, *n = k;
	return 0;
}

static json_t *rounded(bool has, double v)
{
	return has ? json_real(round(v * 1000.0) / 1000.0) : json_null();
}

/* A request as Open311 shows it: the public part only. */
static json_t *request_json311(struct ctx *cx, const struct request *r, const struct extra *x)
{
	bool ours = r->channel && strcmp(r->channel, "open311") == 0;
	const char *state = rq_state_name(r->state);
	const char *label = label_of("state", state, cx->lang);
	json_t *o = json_object();
	json_object_set_new(o, "service_request_id", json_string(arena_printf(cx->a, "%lld",
							(long long)r->id)));
	json_object_set_new(o, "status", json_string(rq_state_done(r->state) ? "closed" : "open"));
	json_object_set_new(o, "status_notes", json_string(arena_printf(cx->a, "%s (%s)",
							label ? label : state, state)));
	json_object_set_new(o, "service_name", str_or_null(r->item_name));
	json_object_set_new(o, "service_code", json_string(r->item_code ? r->item_code : ""));
	/* the texts of other channels may name people: only the submitter's own is shown */
	json_object_set_new(o, "description", ours ? str_or_null(r->body) : json_null());
	json_object_set_new(o, "agency_responsible", str_or_null(r->unit_name));
	json_object_set_new(o, "service_notice", json_null());
	json_object_set_new(o, "requested_datetime", time_or_null(r->received_at));
	json_object_set_new(o, "updated_datetime", time_or_null(r->updated_at));
	json_object_set_new(o, "expected_datetime", time_or_null(r->due_at ? r->due_at : r->accept_due));
	json_object_set_new(o, "address", ours ? str_or_null(r->address) : json_null());
	json_object_set_new(o, "address_id", x ? str_or_null(x->address_id) : json_null());
	json_object_set_new(o, "zipcode", json_null());
	json_object_set_new(o, "lat", rounded(r->has_location, r->lat));
	json_object_set_new(o, "long", rounded(r->has_location, r->lon));
	json_object_set_new(o, "media_url", x ? str_or_null(x->media_url) : json_null());
	return o;
}

static int answer_requests(struct ctx *cx, struct resp *rs, enum format f, struct request *items,
			   size_t n)
{
	int64_t lo = INT64_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		lo = items[i].id < lo ? items[i].id : lo;
		hi = items[i].id > hi ? items[i].id : hi;
	}
	struct extra *x = NULL;
	size_t nx = 0;
	if (n && extras(cx, lo, hi, &x, &nx) < 0)
		return fail(cx, rs, f);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct extra *mine = NULL;
		for (size_t j = 0; j < nx && !mine; j++)
			if (x[j].request_id == items[i].id)
				mine = &x[j];
		json_array_append_new(a, request_json311(cx, &items[i], mine));
	}
	answer(cx, rs, f, 200, "service_requests", a);
	return 0;
}

/* A comma list of positive ids, at most MAX_IDS; -1 with a field error. */
static int id_list(struct ctx *cx, const char *field, const char *s, int64_t *ids, size_t *n)
{
	*n = 0;
	const char *p = s;
	while (*p) {
		char *end;
		errno = 0;
		if (!isdigit((unsigned char)*p))
			return err_field(&cx->err, field, "open311_ids", MAX_IDS);
		long long v = strtoll(p, &end, 10);
		if (errno || v <= 0 || (*end && *end != ',') || *n >= MAX_IDS)
			return err_field(&cx->err, field, "open311_ids", MAX_IDS);
		ids[(*n)++] = v;
		p = *end ? end + 1 : end;
	}
	return *n ? 0 : err_field(&cx->err, field, "open311_ids", MAX_IDS);
}

static int get_requests(struct ctx *cx, struct req *rq, struct resp *rs, enum format f)
{
	struct err *e = &cx->err;
	struct request_public_filter flt = {.limit = LIST_MAX};
	int64_t ids[MAX_IDS];
	const char *v = req_query(rq, "service_request_id");
	if (v && *v) {
		if (id_list(cx, "service_request_id", v, ids, &flt.nids) < 0)
			return fail(cx, rs, f);
		flt.ids = ids;
	}
	/* service codes → their items' ids ("3,5"); a code no service has matches nothing */
	v = req_query(rq, "service_code");
	if (v && *v && !flt.nids) {
		const char *list = "";
		size_t count = 0;
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");
			const char *code = arena_strndup(cx->a, p, len);
			if (++count > MAX_IDS)
				return fail_field(cx, rs, f, ERR_BAD_REQUEST, "service_code", "open311_ids",
						  MAX_IDS);
			struct catalog_item it;
			int r = *code ? catalog_item_by_code(cx, code, &it) : 0;
			if (r < 0)
				return fail(cx, rs, f);
			if (r == 1)
				list = arena_printf(cx->a, "%s%s%lld", list, *list ? "," : "",
						    (long long)it.id);
			p += len;
			if (*p == ',')
				p++;
		}
		flt.item_ids = *list ? list : "0";
	}
	int64_t from = 0, to = 0;
	const char *sd = req_query(rq, "start_date"), *ed = req_query(rq, "end_date");
	if (sd && *sd && clock_parse_iso(sd, &from) < 0)
		err_field(e, "start_date", "open311_datetime", 0);
	if (ed && *ed && clock_parse_iso(ed, &to) < 0)
		err_field(e, "end_date", "open311_datetime", 0);
	if (e->code)
		return fail(cx, rs, f);
	/* the range: the last 90 days by default, never more than 90 */
	bool hs = sd && *sd, he = ed && *ed;
	if (!hs && !he)
		to = cx->now, from = cx->now - SPAN_DAYS * 86400;
	else if (!he)
		to = from + SPAN_DAYS * 86400;
	else if (!hs)
		from = to - SPAN_DAYS * 86400;
	if (to < from)
		return fail_field(cx, rs, f, ERR_BAD_REQUEST, "end_date", "open311_range", SPAN_DAYS);
	if (to - from > SPAN_DAYS * 86400)
		return fail_field(cx, rs, f, ERR_BAD_REQUEST, "end_date", "open311_span", SPAN_DAYS);
	flt.from = from;
	flt.to = to;
	v = req_query(rq, "status");
	if (v && *v) {
		bool open = false, closed = false;
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");
			if (len == 4 && strncmp(p, "open", 4) == 0)
				open = true;
			else if (len == 6 && strncmp(p, "closed", 6) == 0)
				closed = true;
			else
				return fail_field(cx, rs, f, ERR_BAD_REQUEST, "status", "open311_status", 0);
			p += len;
			if (*p == ',')
				p++;
		}
		flt.status = open && !closed ? 1 : closed && !open ? 2 : 0;
	}
	struct request *items;
	size_t n;
	if (requests_public_list(cx, &flt, &items, &n) < 0)
		return fail(cx, rs, f);
	return answer_requests(cx, rs, f, items, n);
}

static int get_request(struct ctx *cx, struct resp *rs, enum format f, const char *stem)
{
	int64_t id;
	size_t n;
	if (id_list(cx, "service_request_id", stem, &id, &n) < 0 || n != 1) {
		err_clear(&cx->err);
		return fail_field(cx, rs, f, ERR_NOT_FOUND, "service_request_id", "open311_request_unknown", 0);
	}
	struct request *items;
	struct request_public_filter flt = {.ids = &id, .nids = 1};
	if (requests_public_list(cx, &flt, &items, &n) < 0)
		return fail(cx, rs, f);
	if (!n)
		return fail_field(cx, rs, f, ERR_NOT_FOUND, "service_request_id", "open311_request_unknown", 0);
	return answer_requests(cx, rs, f, items, n);
}

/* A token is the receipt number a POST's notice gives. */
static int get_token(struct ctx *cx, struct resp *rs, enum format f, const char *token)
{
	struct request r;
	int found = strlen(token) <= 64 ? requests_public_by_receipt(cx, token, &r) : 0;
	if (found < 0)
		return fail(cx, rs, f);
	if (!found)
		return fail_field(cx, rs, f, ERR_NOT_FOUND, "token", "open311_token_unknown", 0);
	json_t *a = json_pack("[{s:s, s:s}]", "service_request_id",
			      arena_printf(cx->a, "%lld", (long long)r.id), "token", r.receipt);
	answer(cx, rs, f, 200, "service_requests", a);
	return 0;
}

/* --- routes ------------------------------------------------------------------------------ */

static int unknown(struct ctx *cx, struct resp *rs, enum format f)
{
	err_set(&cx->err, ERR_NOT_FOUND);
	return fail(cx, rs, f);
}

static int top_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *stem;
	enum format f = F_JSON;
	if (split(cx, rq->params[0], &stem, &f) < 0)
		return unknown(cx, rs, F_JSON);
	if (strcmp(stem, "discovery") == 0)
		return discovery(cx, rq, rs, f);
	if (strcmp(stem, "services") == 0)
		return services(cx, rs, f);
	if (strcmp(stem, "requests") == 0)
		return get_requests(cx, rq, rs, f);
	return unknown(cx, rs, f);
}

static int top_post(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *stem;
	enum format f = F_JSON;
	if (split(cx, rq->params[0], &stem, &f) < 0 || strcmp(stem, "requests") != 0)
		return unknown(cx, rs, f);
	return post_request(cx, rq, rs, f);
}

static int service_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *stem;
	enum format f = F_JSON;
	if (split(cx, rq->params[0], &stem, &f) < 0)
		return unknown(cx, rs, F_JSON);
	return definition(cx, rs, f, stem);
}

static int request_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *stem;
	enum format f = F_JSON;
	if (split(cx, rq->params[0], &stem, &f) < 0)
		return unknown(cx, rs, F_JSON);
	return get_request(cx, rs, f, stem);
}

static int token_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *stem;
	enum format f = F_JSON;
	if (split(cx, rq->params[0], &stem, &f) < 0)
		return unknown(cx, rs, F_JSON);
	return get_token(cx, rs, f, stem);
}

const struct route o311_georeport_routes[] = {
	{"GET", "/open311/v2/{file}", top_get, ROUTE_PUBLIC},
	{"POST", "/open311/v2/{file}", top_post, ROUTE_PUBLIC | ROUTE_FORM_BODY},
	{"GET", "/open311/v2/services/{file}", service_get, ROUTE_PUBLIC},
	{"GET", "/open311/v2/requests/{file}", request_get, ROUTE_PUBLIC},
	{"GET", "/open311/v2/tokens/{file}", token_get, ROUTE_PUBLIC},
};
const size_t o311_georeport_nroutes = sizeof o311_georeport_routes / sizeof o311_georeport_routes[0];
