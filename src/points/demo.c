/* The demo ledger in 和平社区: residents' points earned by service over a year and a half, a
 * store stocked by the neighbourhood's merchants with redemptions handed over, cancelled and
 * left to expire, the yearly expiry on 1 January, and a few time-bank exchanges. Each movement
 * is dated when it happened, so the ledger reads as a year of use. */
#include <string.h>

#include "base/date.h"
#include "org/org.h"
#include "points/internal.h"
#include "registry/registry.h"

struct rng {
	uint64_t s;
};

static uint32_t next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 11);
}

static int64_t between(struct rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)(next(r) % (uint64_t)(hi - lo));
}

static const struct {
	const char *name, *description, *donor;
	int price, stock;
} demo_goods[] = {
	{"洗衣液 2kg", "家用洗衣液一桶", "和平惠民超市", 100, 30},
	{"东北大米 5kg", "当季新米", "和平惠民超市", 300, 20},
	{"食用油 1.8L", "非转基因压榨花生油", "粮油店老周", 250, 15},
	{"抽纸 一提", "三层 100 抽 × 6 包", "和平惠民超市", 60, 40},
	{"牙膏牙刷套装", "", "康乐大药房", 80, 25},
	{"折叠雨伞", "", "锦城五金店", 150, 12},
	{"保温杯 500ml", "不锈钢保温杯", "锦城五金店", 200, 10},
	{"理发券", "阿强理发店单次理发，凭券使用", "阿强理发店", 120, 30},
	{"鸡蛋 一盒", "土鸡蛋 15 枚", "城郊养殖合作社", 90, 20},
	{"毛巾两条", "纯棉毛巾", "和平惠民超市", 50, 30},
};

static const char *const service_reasons[] = {
	"参加楼道清洁志愿服务", "敬老院陪护志愿服务", "社区文明劝导", "垃圾分类宣传值守",
	"独居老人探访", "社区活动秩序维护", "防汛值守", "义诊活动协助",
};

static const struct {
	const char *kind, *title, *description;
	int minutes;
} demo_offers[] = {
	{"offer", "上门清洗空调", "自带工具，挂机一台约一小时", 60},
	{"offer", "爱心义剪", "老人、行动不便者优先，可上门", 30},
	{"offer", "陪老人就医", "陪同挂号、取药、排队", 120},
	{"offer", "小学作业辅导", "周末下午，数学、语文", 90},
	{"request", "陪独居老人聊天", "每周一次，每次一小时", 60},
	{"request", "帮忙修理自行车", "后轮刹车不灵", 30},
};

static int earn_at(struct ctx *cx, int64_t t, int64_t account, int64_t minutes, const char *reason,
		   int64_t link)
{
	cx->now = t;
	int64_t mid;
	if (ctx_begin(cx) < 0 ||
	    points_earn(cx, account, "volunteer_service", minutes, reason, "demo_service", link, NULL,
			&mid) < 0)
		return -1;
	return ctx_commit(cx);
}

/* A redemption at t: handed over two days later, cancelled, or left (then it expires). */
static int redeem_at(struct ctx *cx, struct rng *r, int64_t t, int64_t account, int64_t goods,
		     int fate)
{
	cx->now = t;
	json_t *body = json_pack("{s:I, s:I}", "goods_id", (json_int_t)goods, "account_id",
				 (json_int_t)account), *out = NULL;
	int rc = pt_redeem(cx, body, &out);
	json_decref(body);
	if (rc < 0) {
		/* too few points or none left: a holder who tried */
		err_clear(&cx->err);
		return 0;
	}
	int64_t id = json_integer_value(json_object_get(out, "id"));
	const char *code = json_string_value(json_object_get(out, "code"));
	json_t *res = NULL;
	if (fate < 7) {
		cx->now = t + between(r, 3600, 2 * 86400);
		body = json_pack("{s:s}", "code", code);
		rc = pt_pickup(cx, body, &res);
		json_decref(body);
	} else if (fate == 7) {
		cx->now = t + between(r, 600, 86400);
		body = json_pack("{s:s}", "reason", "居民改换其他物品");
		rc = pt_redemption_cancel(cx, id, body, &res);
		json_decref(body);
	}
	json_decref(out);
	json_decref(res);
	return rc < 0 ? -1 : 0;
}

int points_demo(struct ctx *cx)
{
	struct org_unit community;
	int f = org_unit_by_code(cx, "510104020001", &community);
	if (f <= 0)
		return f;
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM store_goods", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n)
		return 0;
	struct resident_filter rf = {.unit_id = community.id, .age_min = 18, .age_max = -1,
				     .status = "living", .limit = 60};
	struct resident *res;
	size_t nres;
	int64_t cursor;
	if (registry_residents_list(cx, &rf, &res, &nres, &cursor) < 0)
		return -1;
	if (nres < 12)
		return 0;
	int64_t real_now = cx->now;
	int today = date_of_time(real_now), year = today / 10000;
	int64_t B = date_midnight((year - 1) * 10000 + 101), E = date_midnight(year * 10000 + 101);
	struct rng r = {0x5DEECE66Dull};

	/* the goods, taken in before the first earnings */
	cx->now = B - 200 * 86400;
	int64_t goods[sizeof demo_goods / sizeof demo_goods[0]];
	size_t ng = sizeof demo_goods / sizeof demo_goods[0];
	for (size_t i = 0; i < ng; i++) {
		json_t *body = json_pack("{s:I, s:s, s:s, s:i, s:i, s:s}", "unit_id",
					 (json_int_t)community.id, "name", demo_goods[i].name,
					 "description", demo_goods[i].description, "price",
					 demo_goods[i].price, "stock", demo_goods[i].stock, "donor",
					 demo_goods[i].donor), *out;
		int rc = pt_goods_create(cx, body, &out);
		json_decref(body);
		if (rc < 0)
			return -1;
		goods[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}
	/* residents' points and, for a dozen, time accounts */
	size_t na = nres < 40 ? nres : 40;
	int64_t acct[40], tacct[12];
	cx->now = B - 190 * 86400;
	if (ctx_begin(cx) < 0)
		return -1;
	for (size_t i = 0; i < na; i++)
		if (points_account_ensure(cx, "resident", res[i].id, POINTS_POINTS, res[i].unit_id, 0,
					  res[i].name, &acct[i]) < 0)
			return -1;
	for (size_t i = 0; i < 12; i++)
		if (points_account_ensure(cx, "resident", res[i].id, POINTS_TIME, res[i].unit_id, 0,
					  res[i].name, &tacct[i]) < 0)
			return -1;
	if (ctx_commit(cx) < 0)
		return -1;

	/* three periods: the half year before last year, last year, and this year so far */
	int64_t period[3][2] = {{B - 180 * 86400, B - 5 * 86400}, {B + 5 * 86400, E - 20 * 86400},
				{E + 2 * 86400, real_now - 86400}};
	int64_t link = 0;
	for (int p = 0; p < 3; p++) {
		if (period[p][1] <= period[p][0])
			continue;
		int earnings = p == 0 ? 2 : 5;
		for (size_t i = 0; i < na; i++)
			for (int k = 0; k < earnings; k++) {
				int64_t t = between(&r, period[p][0], period[p][1]);
				int64_t minutes = 60 * between(&r, 1, 5);
				if (earn_at(cx, t, acct[i], minutes, service_reasons[next(&r) % 8], ++link) < 0)
					return -1;
			}
		/* and what they spent: redemptions after the earnings of the period */
		int64_t mid = (period[p][0] + period[p][1]) / 2;
		for (size_t i = 0; i < na; i += 2) {
			int64_t t = between(&r, mid, period[p][1]);
			if (redeem_at(cx, &r, t, acct[i], goods[next(&r) % ng], (int)(next(&r) % 9)) < 0)
				return -1;
		}
		if (p == 1) {
			/* the reservations nobody picked up, then the yearly expiry on 1 January */
			cx->now = E - 86400;
			if (pt_store_expire(cx) < 0)
				return -1;
			cx->now = E + 3600;
			if (pt_expire(cx, B, arena_printf(cx->a, "%d", year)) < 0)
				return -1;
		}
	}
	/* a few waiting for pickup now */
	for (size_t i = 1; i < 8; i += 2)
		if (redeem_at(cx, &r, real_now - between(&r, 3600, 3 * 86400), acct[i],
			      goods[next(&r) % ng], 8) < 0)
			return -1;

	/* the time bank: offers and requests, exchanges confirmed by both sides or waiting */
	int64_t offers[sizeof demo_offers / sizeof demo_offers[0]];
	size_t no = sizeof demo_offers / sizeof demo_offers[0];
	cx->now = real_now - 60 * 86400;
	for (size_t i = 0; i < no; i++) {
		json_t *body = json_pack("{s:s, s:I, s:s, s:s, s:i}", "kind", demo_offers[i].kind,
					 "account_id", (json_int_t)tacct[i], "title", demo_offers[i].title,
					 "description", demo_offers[i].description, "minutes",
					 demo_offers[i].minutes), *out;
		int rc = pt_offer_create(cx, body, &out);
		json_decref(body);
		if (rc < 0)
			return -1;
		offers[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}
	for (int k = 0; k < 8; k++) {
		size_t o = (size_t)k % no, other = 6 + (size_t)k % 6;
		cx->now = real_now - (50 - 5 * k) * 86400;
		json_t *body = json_pack("{s:I, s:I}", "offer_id", (json_int_t)offers[o], "account_id",
					 (json_int_t)tacct[other]), *x;
		int rc = pt_exchange_create(cx, body, &x);
		json_decref(body);
		if (rc < 0)
			return -1;
		int64_t id = json_integer_value(json_object_get(x, "id"));
		int64_t version = json_integer_value(json_object_get(x, "version"));
		json_decref(x);
		/* the last two wait for the second side */
		for (int s = 0; s < (k < 6 ? 2 : 1); s++) {
			cx->now += 86400;
			body = json_pack("{s:s, s:I}", "side", s ? "receiver" : "provider", "version",
					 (json_int_t)version);
			rc = pt_exchange_confirm(cx, id, body, &x);
			json_decref(body);
			if (rc < 0) {
				err_clear(&cx->err);
				break;
			}
			version = json_integer_value(json_object_get(x, "version"));
			json_decref(x);
		}
	}
	cx->now = real_now;
	return 0;
}
