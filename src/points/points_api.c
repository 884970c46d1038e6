/* HTTP <-> the ledger, the store and the time bank. */
#include <string.h>

#include "base/clock.h"
#include "base/table.h"
#include "http/http.h"
#include "points/internal.h"

/* true|false → 1|0, "any" → -1, absent → dflt */
static int query_tri(struct ctx *cx, struct req *rq, const char *name, int dflt)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 8, &v) <= 0)
		return dflt;
	if (strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "any") == 0)
		return -1;
	err_field(&cx->err, name, "points_flag", 0);
	return dflt;
}

static int query_currency(struct ctx *cx, struct req *rq)
{
	const char *v = NULL;
	if (query_str(cx, rq, "currency", 16, &v) <= 0)
		return 0;
	int c = points_currency_parse(v);
	if (!c)
		err_field(&cx->err, "currency", "points_currency", 0);
	return c;
}

/* A word from a closed list, or an error on the parameter. */
static const char *query_word(struct ctx *cx, struct req *rq, const char *name,
			      const char *const *allowed)
{
	const char *v = NULL;
	if (query_str(cx, rq, name, 32, &v) <= 0)
		return NULL;
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, v) == 0)
			return v;
	err_field(&cx->err, name, "points_filter", 0);
	return NULL;
}

static int answer(struct ctx *cx, struct resp *rs, int status, const char *where, json_t *o)
{
	if (status == 201 && where)
		resp_header(rs, "Location", arena_printf(cx->a, "%s/%lld", where,
			(long long)json_integer_value(json_object_get(o, "id"))));
	resp_json(rs, status, o);
	return 0;
}

/* ---- accounts ---- */

static int accounts_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct pt_account_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	f.currency = query_currency(cx, rq);
	query_str(cx, rq, "holder_kind", 32, &f.holder_kind);
	query_int(cx, rq, "holder_id", 1, INT64_MAX, &f.holder_id);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_str(cx, rq, "q", 64, &f.q);
	f.mine = query_tri(cx, rq, "mine", 0) == 1;
	f.include_system = query_tri(cx, rq, "include_system", 0) == 1;
	struct points_account *items;
	size_t n;
	int64_t next;
	if (cx->err.code || pt_accounts_list(cx, &f, &items, &n, &next) < 0)
		return -1;
	RESP_LIST(rs, items, n, next, pt_account_json);
	return 0;
}

static int account_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct points_account a;
	if (pt_account_create(cx, rq->json, &a) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/points/accounts", pt_account_json(&a));
}

static int account_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct points_account a;
	if (id < 0 || pt_account_get(cx, id, &a) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, pt_account_json(&a));
}

static int account_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	struct points_account a;
	if (id < 0 || pt_account_update(cx, id, rq->json, &a) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, pt_account_json(&a));
}

static int account_legs(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0), cursor = 0, next;
	int limit;
	query_paging(cx, rq, &limit, &cursor);
	json_t *items;
	if (id < 0 || cx->err.code || pt_account_legs(cx, id, limit, cursor, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

/* ---- movements ---- */

static const char *const movement_kinds[] = {"earn", "adjust", "redeem", "refund", "expire",
	"exchange", "reverse", NULL};

static int movements_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor = 0, unit = 0, link_id = 0, next;
	const char *link_kind = NULL;
	query_paging(cx, rq, &limit, &cursor);
	int cur = query_currency(cx, rq);
	const char *kind = query_word(cx, rq, "kind", movement_kinds);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	query_str(cx, rq, "link_kind", 32, &link_kind);
	query_int(cx, rq, "link_id", 1, INT64_MAX, &link_id);
	json_t *items;
	if (cx->err.code || pt_movements_list(cx, cur, kind, unit, link_kind, link_id, limit, cursor,
					      &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int movement_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	int status = 201;
	if (pt_movement_create(cx, rq->json, &o, &status) < 0)
		return -1;
	return answer(cx, rs, status, "/api/v1/points/movements", o);
}

static int movement_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_movement_get(cx, id, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int movement_reverse(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	int status = 201;
	if (id < 0 || pt_movement_reverse(cx, id, rq->json, &o, &status) < 0)
		return -1;
	return answer(cx, rs, status, "/api/v1/points/movements", o);
}

/* ---- rules, configuration, expiry, the check ---- */

static int rules_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *items;
	if (pt_rules_list(cx, &items) < 0)
		return -1;
	resp_list(rs, items, 0);
	return 0;
}

static int rule_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_rule_create(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/points/rules", o);
}

static int rule_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_rule_update(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int earning(struct ctx *cx, struct req *rq, struct resp *rs)
{
	const char *activity = NULL;
	int64_t minutes = 0;
	if (query_str(cx, rq, "activity", 32, &activity) == 0)
		err_field(&cx->err, "activity", "required", 0);
	if (query_int(cx, rq, "minutes", 0, points_limits[L_PT_MINUTES].max, &minutes) == 0)
		err_field(&cx->err, "minutes", "required", 0);
	json_t *o;
	if (cx->err.code || pt_earning_preview(cx, activity, minutes, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int config_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *o;
	if (pt_config_read(cx, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int config_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_config_update(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int expire(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_expire_run(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int check(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	json_t *o;
	if (pt_check(cx, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static const struct route points_routes[] = {
	{"GET", "/api/v1/points/accounts", accounts_index, 0},
	{"POST", "/api/v1/points/accounts", account_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/accounts/{id}", account_get, 0},
	{"PATCH", "/api/v1/points/accounts/{id}", account_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/accounts/{id}/movements", account_legs, 0},
	{"GET", "/api/v1/points/movements", movements_index, 0},
	{"POST", "/api/v1/points/movements", movement_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/movements/{id}", movement_get, 0},
	{"POST", "/api/v1/points/movements/{id}/reverse", movement_reverse, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/rules", rules_index, 0},
	{"POST", "/api/v1/points/rules", rule_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/points/rules/{id}", rule_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/earning", earning, 0},
	{"GET", "/api/v1/points/config", config_get, 0},
	{"PATCH", "/api/v1/points/config", config_update, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/points/expire", expire, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/points/check", check, 0},
};

void points_api_register(void)
{
	http_routes(points_routes, sizeof points_routes / sizeof points_routes[0]);
	store_api_register();
	timebank_api_register();
}

/* ---- the store ---- */

static int goods_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor = 0, unit = 0, next;
	const char *q = NULL;
	query_paging(cx, rq, &limit, &cursor);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	query_str(cx, rq, "q", 64, &q);
	int active = query_tri(cx, rq, "active", 1);
	json_t *items;
	if (cx->err.code || pt_goods_list(cx, unit, active, q, limit, cursor, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int goods_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_goods_create(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/store/goods", o);
}

static int goods_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_goods_get(cx, id, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int goods_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_goods_update(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static const char *const red_statuses[] = {"reserved", "handed_over", "cancelled", "expired", NULL};

static int redemptions_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	struct pt_redemption_filter f = {0};
	query_paging(cx, rq, &f.limit, &f.cursor);
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &f.unit_id);
	query_int(cx, rq, "goods_id", 1, INT64_MAX, &f.goods_id);
	query_int(cx, rq, "account_id", 1, INT64_MAX, &f.account_id);
	f.status = query_word(cx, rq, "status", red_statuses);
	f.mine = query_tri(cx, rq, "mine", 0) == 1;
	json_t *items;
	int64_t next;
	if (cx->err.code || pt_redemptions_list(cx, &f, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int redeem(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_redeem(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/store/redemptions", o);
}

static int redemption_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_redemption_get(cx, id, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int redemption_cancel(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_redemption_cancel(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int pickup_find(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_pickup_find(cx, rq->params[0], &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int pickup(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_pickup(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int report(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t unit = 0;
	query_int(cx, rq, "unit_id", 1, INT64_MAX, &unit);
	const char *format = "json";
	query_str(cx, rq, "format", 8, &format);
	int tf = strcmp(format, "json") == 0 ? 0 : (int)table_format_parse(format);
	if (!tf && strcmp(format, "json") != 0)
		err_field(&cx->err, "format", "points_report_format", 0);
	if (cx->err.code)
		return -1;
	if (!tf) {
		json_t *o;
		if (pt_store_report(cx, unit, &o) < 0)
			return -1;
		return answer(cx, rs, 200, NULL, o);
	}
	const char *data;
	size_t len;
	if (pt_store_sheet(cx, unit, tf, &data, &len) < 0)
		return -1;
	char day[16];
	clock_date(cx->now, day, sizeof day);
	rs->status = 200;
	rs->content_type = table_content_type((enum table_format)tf);
	rs->body = data;
	rs->len = len;
	resp_header(rs, "Content-Disposition", arena_printf(cx->a,
		"attachment; filename=\"store-%s.%s\"", day, table_extension((enum table_format)tf)));
	return 0;
}

static const struct route store_routes[] = {
	{"GET", "/api/v1/store/goods", goods_index, 0},
	{"POST", "/api/v1/store/goods", goods_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/store/goods/{id}", goods_get, 0},
	{"PATCH", "/api/v1/store/goods/{id}", goods_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/store/redemptions", redemptions_index, 0},
	{"POST", "/api/v1/store/redemptions", redeem, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/store/redemptions/{id}", redemption_get, 0},
	{"POST", "/api/v1/store/redemptions/{id}/cancel", redemption_cancel, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/store/pickup", pickup, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/store/pickup/{code}", pickup_find, 0},
	{"GET", "/api/v1/store/report", report, 0},
};

void store_api_register(void) { http_routes(store_routes, sizeof store_routes / sizeof store_routes[0]); }

/* ---- the time bank ---- */

static const char *const offer_kinds[] = {"offer", "request", NULL};
static const char *const offer_statuses[] = {"open", "closed", NULL};
static const char *const ex_statuses[] = {"proposed", "completed", "cancelled", NULL};

static int offers_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor = 0, account = 0, next;
	query_paging(cx, rq, &limit, &cursor);
	const char *kind = query_word(cx, rq, "kind", offer_kinds);
	const char *status = query_word(cx, rq, "status", offer_statuses);
	query_int(cx, rq, "account_id", 1, INT64_MAX, &account);
	json_t *items;
	if (cx->err.code || pt_offers_list(cx, kind, status, account, limit, cursor, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int offer_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_offer_create(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/timebank/offers", o);
}

static int offer_update(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_offer_update(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int exchanges_index(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int limit;
	int64_t cursor = 0, account = 0, next;
	query_paging(cx, rq, &limit, &cursor);
	const char *status = query_word(cx, rq, "status", ex_statuses);
	query_int(cx, rq, "account_id", 1, INT64_MAX, &account);
	json_t *items;
	if (cx->err.code || pt_exchanges_list(cx, status, account, limit, cursor, &items, &next) < 0)
		return -1;
	resp_list(rs, items, next);
	return 0;
}

static int exchange_create(struct ctx *cx, struct req *rq, struct resp *rs)
{
	json_t *o;
	if (pt_exchange_create(cx, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 201, "/api/v1/timebank/exchanges", o);
}

static int exchange_get(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_exchange_get(cx, id, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int exchange_confirm(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_exchange_confirm(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static int exchange_cancel(struct ctx *cx, struct req *rq, struct resp *rs)
{
	int64_t id = req_param_id(cx, rq, 0);
	json_t *o;
	if (id < 0 || pt_exchange_cancel(cx, id, rq->json, &o) < 0)
		return -1;
	return answer(cx, rs, 200, NULL, o);
}

static const struct route timebank_routes[] = {
	{"GET", "/api/v1/timebank/offers", offers_index, 0},
	{"POST", "/api/v1/timebank/offers", offer_create, ROUTE_SMALL_BODY},
	{"PATCH", "/api/v1/timebank/offers/{id}", offer_update, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/timebank/exchanges", exchanges_index, 0},
	{"POST", "/api/v1/timebank/exchanges", exchange_create, ROUTE_SMALL_BODY},
	{"GET", "/api/v1/timebank/exchanges/{id}", exchange_get, 0},
	{"POST", "/api/v1/timebank/exchanges/{id}/confirm", exchange_confirm, ROUTE_SMALL_BODY},
	{"POST", "/api/v1/timebank/exchanges/{id}/cancel", exchange_cancel, ROUTE_SMALL_BODY},
};

void timebank_api_register(void)
{
	http_routes(timebank_routes, sizeof timebank_routes / sizeof timebank_routes[0]);
}
