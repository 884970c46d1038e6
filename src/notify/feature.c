/* notify: what the outbox hands the program. */
#include <stdio.h>

#include "app/feature.h"
#include "jobs/jobs.h"
#include "notify/internal.h"

const struct limit notify_limits[] = {
	[L_NOTIFY_NAME] = {"notify_destination.name", LIMIT_STRING, 1, 64, NULL},
	[L_NOTIFY_URL] = {"notify_destination.url", LIMIT_STRING, 10, 1000, "^https?://"},
	[L_NOTIFY_SECRET] = {"notify_destination.secret", LIMIT_STRING, 8, 200, NULL},
	[L_NOTIFY_RULES] = {"notify_destination.rules", LIMIT_INTEGER, 0, 16, NULL},
	[L_NOTIFY__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"notify_kind", "须为 wecom（企业微信）、dingtalk（钉钉）或 webhook", "must be wecom, dingtalk or webhook"},
	{"notify_unit", "不是您所辖的单元", "is not a unit within your scope"},
	{"notify_rules", "须为规则列表，最多 %ld 条", "must be a list of at most %ld rules"},
	{"notify_rule", "规则须为 {\"topic\": \"…\", \"mode\": \"now\" 或 \"digest\"}",
	 "must be {\"topic\": \"…\", \"mode\": \"now\" or \"digest\"}"},
	{"notify_topic", "不是可订阅的事件", "is not an event one can follow"},
	{"notify_topic_twice", "同一事件只能有一条规则", "has a rule already"},
	{"notify_mode", "须为 now（即时）或 digest（每日汇总）", "must be now or digest"},
	{"notify_format", "须为 markdown 或 text", "must be markdown or text"},
	{"notify_digest_at", "须为 00:00 到 23:59 之间的时刻，如 08:30", "must be a time of day such as 08:30"},
	{"notify_in_use", "已有 %ld 条推送记录，只能停用，不能删除",
	 "has %ld deliveries: switch it off instead"},
	{"notify_replay_state", "只有已送达或已放弃的推送才能重发", "must be done or dead to be sent again"},
	{"notify_state", "须为 pending、sending、done、dead、held 或 digested",
	 "must be pending, sending, done, dead, held or digested"},
	{"outbound_url", "须为 http:// 或 https:// 开头的完整地址", "must be a full http:// or https:// URL"},
	{"outbound_private", "不能指向本机或内网地址（如需放行，由运维在配置 outbound_allow 中设置）",
	 "may not point at a loopback or private address (operators allow ranges with outbound_allow)"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:notify_destination.create", "新增推送目的地", "Added a notification destination"},
	{"action:notify_destination.update", "修改推送目的地", "Changed a notification destination"},
	{"action:notify_destination.delete", "删除推送目的地", "Deleted a notification destination"},
	{"action:notify_destination.test", "发送测试推送", "Sent a test notification"},
	{"action:notify_destination.digest", "立即发送每日汇总", "Sent a digest now"},
	{"action:notify_delivery.replay", "重发推送", "Sent a delivery again"},
	{"entity:notify_destination", "推送目的地", "Notification destination"},
	{"entity:notify_delivery", "推送记录", "Delivery"},
	{NULL, NULL, NULL},
};

static const struct sealed_column sealed[] = {
	{"notify_destinations", "url", "notify.url"},
	{"notify_destinations", "secret", "notify.secret"},
	{NULL, NULL, NULL},
};

static void demo_notes(void)
{
	printf("Notify: two example group robots (off) under 推送; put in a group's own robot address to try.\n");
}

const struct feature notify_feature = {
	.name = "notify",
	.routes = notify_api_register,
	.messages = messages,
	.labels = labels,
	.limits = notify_limits,
	.jobs = notify_jobs,
	.njobs = 1,
	.workers = notify_workers,
	.nworkers = 1,
	.demo = notify_demo,
	.demo_notes = demo_notes,
	.sealed = sealed,
};
