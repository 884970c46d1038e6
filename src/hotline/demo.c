/* The demo's 12345 hand-off: the platform 成都市12345 handing matters to 锦城街道, its account
 * and token, the mapping of a few of its categories to the catalog, and a few hand-offs made
 * through the same door a platform uses: three became requests, one waits unmapped. */
#include <stdio.h>
#include <string.h>

#include "access/accounts.h"
#include "base/clock.h"
#include "base/date.h"
#include "catalog/catalog.h"
#include "hotline/internal.h"
#include "org/org.h"
#include "registry/phone.h"

/* The platform's categories (its own codes) and the catalog items they become. */
static const struct {
	const char *category, *name, *item;
} demo_mappings[] = {
	{"0101", "供水", "SD-001"}, {"0102", "供电", "SD-002"}, {"0201", "电梯运行", "SS-001"},
	{"0202", "路灯与公共设施", "SS-002"}, {"0301", "环境卫生", "HJ-001"},
	{"0501", "邻里纠纷", "TJ-001"},
};

static const struct {
	const char *category, *category_name, *text, *address, *caller;
	int hours;   /* the platform's due time, from now */
} demo_handoffs[] = {
	{"0202", "路灯与公共设施", "市民来电反映：锦城街道和平社区3栋旁两盏路灯不亮已一周，夜间出行不便。",
	 "锦城街道和平社区3栋旁", "李桂兰", 72},
	{"0101", "供水", "市民来电反映：小区今天上午起停水，未见停水通知，家中有老人需要用水。",
	 "锦城街道幸福社区2栋", "张建国", 24},
	{"0301", "环境卫生", "市民来电反映：小区东门外垃圾堆放多日无人清运，气味很大。",
	 "锦城街道和平社区东门", "刘淑珍", 48},
	/* no mapping for 占道经营: queued for the administrator */
	{"0702", "占道经营", "市民来电反映：晚上有摊贩在小区门口人行道上摆摊，影响通行。",
	 "锦城街道和平社区南门", "陈志强", 120},
};

int hotline_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM hotline_platforms", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	struct org_unit street;
	int f = org_unit_by_code(cx, "510104020", &street);
	if (f <= 0)
		return f;
	struct user u;
	/* an account for the platform's token only */
	if (accounts_ensure_machine(cx, "cd12345", "成都市12345 对接账号", ROLE_STAFF, street.id, &u) < 0)
		return -1;
	json_t *b = json_pack("{s:s, s:s, s:I, s:s, s:I}", "name", "成都市12345", "code", "cd12345",
			      "unit_id", (json_int_t)street.id, "callback_url",
			      "https://12345.chengdu.example/linli/callback", "user_id",
			      (json_int_t)u.id);
	struct hotline_platform p;
	char secret[CRYPTO_TOKEN_LEN + 8], token[CRYPTO_TOKEN_LEN + 8];
	int rc = hotline_platform_create(cx, b, &p, secret, token);
	json_decref(b);
	if (rc < 0)
		return -1;
	/* shown this once, as the console shows a new platform's: what a curl of the demo needs */
	printf("12345 demo platform cd12345: token %s\n", token);
	for (size_t i = 0; i < sizeof demo_mappings / sizeof demo_mappings[0]; i++) {
		struct catalog_item it;
		f = catalog_item_by_code(cx, demo_mappings[i].item, &it);
		if (f < 0)
			return -1;
		if (f == 0)
			continue;
		b = json_pack("{s:I, s:s, s:s, s:I}", "platform_id", (json_int_t)p.id, "category",
			      demo_mappings[i].category, "name", demo_mappings[i].name, "item_id",
			      (json_int_t)it.id);
		struct hotline_mapping m;
		rc = hotline_mapping_create(cx, b, &m);
		json_decref(b);
		if (rc < 0)
			return -1;
	}
	/* the hand-offs come in as the platform sends them, with its token */
	struct actor operator = cx->actor;
	const char *bearer = arena_printf(cx->a, "Bearer %s", token);
	int day = date_of_time(cx->now);
	for (size_t i = 0; i < sizeof demo_handoffs / sizeof demo_handoffs[0]; i++) {
		char phone[PHONE_MOBILE_LEN + 1], due[40];
		phone_make_demo(12345000 + i, phone);
		clock_iso(cx->now + demo_handoffs[i].hours * 3600, due, sizeof due);
		b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f}", "ticket",
			      arena_printf(cx->a, "CD%08d%04zu", day, 101 + i), "category",
			      demo_handoffs[i].category, "category_name", demo_handoffs[i].category_name,
			      "text", demo_handoffs[i].text, "address", demo_handoffs[i].address,
			      "caller_name", demo_handoffs[i].caller, "caller_phone", phone, "due_at", due,
			      "lat", 30.6570 + 0.001 * (double)i, "lng", 104.0830 + 0.001 * (double)i);
		struct hotline_handoff h;
		int status;
		rc = hotline_handoff_submit(cx, bearer, NULL, b, &h, &status);
		json_decref(b);
		cx->actor = operator;
		if (rc < 0)
			return -1;
	}
	return 0;
}
