/* The demo's destinations: the community's WeCom group (overdue and bad ratings at once, a digest
 * of new requests at 8:30) and a grid's DingTalk group (its new requests), switched off, since
 * their robots' addresses are examples: put in a group's own and switch one on to try it. */
#include "notify/internal.h"
#include "org/org.h"

static const struct {
	const char *unit, *kind, *name, *url, *secret, *rules;
} demo[] = {
	{"510104020001", "wecom", "社区两委工作群（企业微信）",
	 "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
	 NULL,
	 "[{\"topic\":\"request.overdue\",\"mode\":\"now\"},{\"topic\":\"request.bad_rating\",\"mode\":\"now\"},"
	 "{\"topic\":\"request.created\",\"mode\":\"digest\"}]"},
	{"510104020001001", "dingtalk", "第一网格群（钉钉）",
	 "https://oapi.dingtalk.com/robot/send?access_token=0000000000000000000000000000000000000000000000000000000000000000",
	 "SEC0000000000000000000000000000000000000000000000000000000000000000",
	 "[{\"topic\":\"request.created\",\"mode\":\"now\"},{\"topic\":\"request.due_soon\",\"mode\":\"now\"}]"},
};

int notify_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM notify_destinations", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		struct org_unit u;
		int f = org_unit_by_code(cx, demo[i].unit, &u);
		if (f < 0)
			return -1;
		if (f == 0)
			continue;
		json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "unit_id", (json_int_t)u.id,
				      "kind", demo[i].kind, "name", demo[i].name, "url", demo[i].url,
				      "enabled", 0, "rules", json_loads(demo[i].rules, 0, NULL));
		if (demo[i].secret)
			json_object_set_new(b, "secret", json_string(demo[i].secret));
		struct notify_destination d;
		int rc = notify_destination_create(cx, b, &d);
		json_decref(b);
		if (rc < 0)
			return -1;
	}
	return 0;
}
