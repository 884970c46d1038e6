/* The demo's requests: three months of what 和平社区 and 幸福社区 hear, by every channel, each
 * taken through the loop by the demo's workers with the clock set to when it happened, so that
 * every rule applies (due times on the calendar, receipts, timelines, ratings, audit): most
 * closed and rated, some in progress, some overdue, some returned, parked, rejected or merged,
 * a few rated badly and reopened. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "base/json.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "registry/phone.h"
#include "registry/registry.h"
#include "requests/internal.h"

#define DEMO_REQUESTS 160
#define DEMO_DAYS 90

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

struct who {
	int64_t id;
	const char *username;
	int role;
};

static int as(struct ctx *cx, const struct who *w)
{
	cx->actor = (struct actor){.user_id = w->id, .username = w->username, .role = w->role};
	return access_load_units(cx);
}

static int find(struct ctx *cx, const char *username, struct who *w)
{
	struct user u;
	int f = accounts_find(cx, username, &u, NULL);
	if (f < 0)
		return -1;
	*w = f == 1 ? (struct who){u.id, arena_strdup(cx->a, u.username), u.role} : (struct who){0};
	return f;
}

/* What residents bring, by the item's code (the demo catalog's), and what was done. */
static const struct {
	const char *item, *body, *result;
} matters[] = {
	{"SS-002", "3栋门口的路灯不亮了，晚上老人出门不方便", "已联系物业更换灯泡，路灯恢复照明"},
	{"SS-002", "小区健身器材的扶手松动，怕孩子受伤", "已加固扶手螺丝，并挂上检修合格牌"},
	{"SS-001", "5栋电梯这两天经常停在8楼不动", "维保单位已更换门机控制板，电梯运行正常"},
	{"SD-001", "家里停水一整天了，没有接到通知", "供水公司抢修了破裂的管道，已恢复供水"},
	{"SD-002", "楼道配电箱跳闸，整栋楼停电", "供电所更换了老化的空气开关"},
	{"HJ-001", "垃圾分类点的厨余垃圾桶满了没人清运", "已协调环卫公司增加一次清运"},
	{"HJ-001", "楼道里堆满了纸箱杂物，影响消防通道", "已通知住户清理，并张贴消防通道提示"},
	{"TJ-001", "楼上漏水到我家天花板，协商不成", "调解委员会组织双方协商，楼上住户承担维修费用"},
	{"TJ-001", "邻居深夜装修噪音太大", "约谈装修户，约定每日施工时间为8:00-12:00、14:00-18:00"},
	{"SB-001", "我母亲行动不便，想预约上门做社保卡年审", "网格员上门完成待遇资格认证"},
	{"YB-002", "去年在外地住院的费用还没报销", "代为提交报销材料，费用已到账"},
	{"MZ-003", "父亲今年满80岁了，想申请高龄津贴", "已受理并报街道审核，次月起发放"},
	{"YL-001", "独居的老母亲需要有人每周上门助洁", "已安排居家养老服务每周两次上门"},
	{"ZM-001", "孩子上学需要开居住证明", "当场开具居住证明"},
	{"JY-001", "建议在小区门口增设快递柜", "已与物业商定，下月安装智能快递柜"},
	{"CJ-001", "想给孩子办残疾人证，不知道怎么办", "陪同到指定医院完成评残，材料已提交"},
};

static const char *const names[] = {"王秀英", "李桂兰", "张建国", "刘淑珍", "陈志强", "杨玉梅",
	"赵德明", "黄丽华", "周海燕", "吴国庆"};

static int64_t item_id_of(struct ctx *cx, const char *code)
{
	struct catalog_item_filter f = {.q = code, .active = 1, .public_ = -1, .limit = 5};
	struct catalog_item *items;
	size_t n;
	int64_t next;
	if (catalog_items_list(cx, &f, &items, &n, &next) < 0 || n == 0) {
		err_clear(&cx->err);
		return 0;
	}
	return items[0].id;
}

/* The workers of a community: its staff, and for each grid a leader or worker. */
struct place {
	struct org_unit unit;
	struct who staff, handler;
	int64_t residents[32];
	size_t nresidents;
};

static int residents_of(struct ctx *cx, struct place *p)
{
	struct resident_filter f = {.unit_id = p->unit.id, .age_min = -1, .age_max = -1, .limit = 32};
	struct resident *items;
	size_t n;
	int64_t next;
	if (registry_residents_list(cx, &f, &items, &n, &next) < 0) {
		err_clear(&cx->err);
		return 0;
	}
	for (size_t i = 0; i < n && i < 32; i++)
		p->residents[p->nresidents++] = items[i].id;
	return 0;
}

static int step(struct ctx *cx, const struct who *w, int64_t at, struct request *r,
		const char *action, json_t *body)
{
	cx->now = at;
	if (as(cx, w) < 0)
		return -1;
	int rc = requests_act(cx, r->id, action, body, r);
	json_decref(body);
	if (rc < 0)
		fprintf(stderr, "linli demo: request %s %s: %s\n", r->receipt, action, cx->err.detail);
	return rc;
}

/* One request, received at t and carried as far as `fate` says. */
static int one(struct ctx *cx, struct place *p, int64_t t, int fate, int64_t now)
{
	int m = pick((int)(sizeof matters / sizeof matters[0]));
	int64_t item = item_id_of(cx, matters[m].item);
	static const char *const channels[] = {"window", "window", "window", "grid", "grid", "phone",
		"phone", "online", "online", "window"};
	const char *channel = channels[pick(10)];
	if (!strcmp(matters[m].item, "JY-001"))
		channel = "suggestion";
	if (fate == 0)
		channel = "online";   /* a request is turned down before it is taken */
	struct request r;
	cx->now = t;
	char phone[PHONE_MOBILE_LEN + 1];
	phone_make_demo(rnd() % 100000000, phone);
	const char *name = names[pick(10)];
	if (!strcmp(channel, "online")) {
		cx->actor = (struct actor){0};
		cx->ip = "demo";
		json_t *b = json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)p->unit.id, "name",
				      name, "phone", phone, "body", matters[m].body);
		if (item)
			json_object_set_new(b, "item_id", json_integer(item));
		bool repeat;
		int rc = requests_submit_public(cx, b, &r, &repeat);
		json_decref(b);
		if (rc < 0)
			return -1;
		if (fate != 0 && step(cx, &p->staff, t + 1800 + pick(3) * 3600, &r, "accept", json_object()) < 0)
			return -1;
	} else {
		struct who *taker = !strcmp(channel, "grid") ? &p->handler : &p->staff;
		if (as(cx, taker) < 0)
			return -1;
		json_t *b = json_pack("{s:s, s:s, s:I}", "channel", channel, "body", matters[m].body,
				      "unit_id", (json_int_t)p->unit.id);
		if (item)
			json_object_set_new(b, "item_id", json_integer(item));
		if (p->nresidents && pick(3) == 0)
			json_object_set_new(b, "resident_id", json_integer(p->residents[pick((int)p->nresidents)]));
		else
			json_object_set_new(b, "requester_name", json_string(name)),
			json_object_set_new(b, "requester_phone", json_string(phone));
		if (pick(12) == 0)
			json_object_set_new(b, "priority", json_string("urgent"));
		int rc = requests_create(cx, b, &r);
		json_decref(b);
		if (rc < 0) {
			fprintf(stderr, "linli demo: a request: %s\n", cx->err.detail);
			return -1;
		}
	}
	/* fate: 0 rejected, 1 merged, 2 accepted only, 3 dispatched, 4 in progress, 5 returned,
	 * 6 parked, 7 resolved, 8 verified, 9 rated badly and reopened, else closed */
	if (fate == 0)
		return step(cx, &p->staff, r.received_at + 3600, &r, "reject",
			    json_pack("{s:s}", "comment", "属于物业服务合同范围，已告知居民联系物业"));
	if (fate == 2)
		return 0;
	int64_t at = (r.accepted_at ? r.accepted_at : r.received_at) + 1800;
	if (step(cx, &p->staff, at, &r, "dispatch", json_pack("{s:I}", "handler_id", (json_int_t)p->handler.id)) < 0)
		return -1;
	if (fate == 3)
		return 0;
	if (fate == 5)
		return step(cx, &p->handler, at + 3600, &r, "return", json_pack("{s:s}", "comment", "该问题在相邻网格，请改派"));
	if (step(cx, &p->handler, at + 3600, &r, "take", json_object()) < 0)
		return -1;
	if (fate == 4)
		return 0;
	if (fate == 6)
		return step(cx, &p->staff, at + 7200, &r, "park", json_pack("{s:s}", "comment", "需列入下季度维修资金计划"));
	/* resolved within its limit, mostly: a quarter of the time late */
	int64_t span = r.due_at > at ? r.due_at - at : 86400;
	int64_t done = at + (pick(4) == 0 ? span + span / 3 : span / (2 + pick(4)));
	if (done >= now - 3600)
		return 0;
	if (step(cx, &p->handler, done, &r, "resolve", json_pack("{s:s}", "result", matters[m].result)) < 0)
		return -1;
	if (fate == 7)
		return 0;
	if (step(cx, &p->staff, done + 7200, &r, "verify", json_object()) < 0 || fate == 8)
		return r.state == RQ_VERIFIED ? 0 : -1;
	int score = fate == 9 ? 1 + pick(2) : (int[]){5, 5, 5, 4, 4, 3}[pick(6)];
	if (step(cx, &p->staff, done + 10800, &r, "rate", json_pack("{s:i, s:s}", "rating", score,
		 "comment", score >= 4 ? "回访：居民表示满意" : "回访：居民认为问题没有解决")) < 0)
		return -1;
	if (fate == 9)
		return 0;
	return step(cx, &p->staff, done + 86400, &r, "close", json_object());
}

int requests_demo(struct ctx *cx)
{
	int64_t have = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM requests", &have, 0) < 0)
		return ctx_store_error(cx);
	if (have > 0)
		return 0;
	struct place places[3];
	static const struct {
		const char *unit, *staff, *handler;
	} where[] = {
		{"510104020001001", "zhangli", "liuyang"},
		{"510104020001002", "zhangli", "sunli"},
		{"510104020002", "zhaomin", "zhaomin"},
	};
	size_t np = 0;
	struct actor saved = cx->actor;
	int64_t now = cx->now;
	for (size_t i = 0; i < 3; i++) {
		struct place *p = &places[np];
		*p = (struct place){0};
		if (org_unit_by_code(cx, where[i].unit, &p->unit) != 1 ||
		    find(cx, where[i].staff, &p->staff) != 1 || find(cx, where[i].handler, &p->handler) != 1)
			continue;
		residents_of(cx, p);
		np++;
	}
	int rc = 0;
	for (int i = 0; i < DEMO_REQUESTS && np && rc == 0; i++) {
		struct place *p = &places[i % 5 == 4 ? np - 1 : (size_t)pick((int)(np > 1 ? np - 1 : 1))];
		/* received in the office's hours of a day of the last three months, the newest last */
		int64_t day = DEMO_DAYS - (int64_t)i * DEMO_DAYS / DEMO_REQUESTS;
		int64_t t = now - day * 86400 - (now % 86400) + (1 + pick(8)) * 3600 + pick(3600);
		static const int fates[] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 8, 7,
			4, 4, 3, 2, 5, 6, 0};
		int fate = fates[pick((int)(sizeof fates / sizeof fates[0]))];
		/* what is recent is still under way; what is old was finished */
		if (day < 3 && fate >= 7)
			fate = 3 + pick(2);
		rc = one(cx, p, t, fate, now);
	}
	cx->actor = saved;
	cx->now = now;
	cx->ip = NULL;
	return rc;
}

void requests_demo_notes(void)
{
	printf("Requests: %d over three months in 和平社区 and 幸福社区 (诉求, 调度台, the daily\n"
	       "  register 登记簿, 服务大厅评价, the dashboard's indicators); the clock marks what is\n"
	       "  overdue once serving. Residents without an account: /submit, /follow, /handbook.\n",
	       DEMO_REQUESTS);
}
