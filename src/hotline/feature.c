/* hotline: what the 12345 hand-off hands the program. */
#include <stdio.h>

#include "app/feature.h"
#include "hotline/internal.h"

const struct limit hotline_limits[] = {
	[L_HL_PLATFORM_NAME] = {"hotline_platform.name", LIMIT_STRING, 1, 64, NULL},
	[L_HL_PLATFORM_CODE] = {"hotline_platform.code", LIMIT_STRING, 1, 32, "^[A-Za-z0-9._/-]+$"},
	[L_HL_CALLBACK_URL] = {"hotline_platform.callback_url", LIMIT_STRING, 0, 500, NULL},
	[L_HL_CATEGORY] = {"hotline_handoff.category", LIMIT_STRING, 1, 32, "^[A-Za-z0-9._/-]+$"},
	[L_HL_CATEGORY_NAME] = {"hotline_handoff.category_name", LIMIT_STRING, 0, 64, NULL},
	[L_HL_TICKET] = {"hotline_handoff.ticket", LIMIT_STRING, 1, 64, "^[A-Za-z0-9._/-]+$"},
	[L_HL_KEY] = {"hotline_handoff.idempotency_key", LIMIT_STRING, 1, 128, NULL},
	[L_HL_TITLE] = {"hotline_handoff.title", LIMIT_STRING, 1, 60, NULL},
	[L_HL_TEXT] = {"hotline_handoff.text", LIMIT_STRING, 1, 2000, NULL},
	[L_HL_ADDRESS] = {"hotline_handoff.address", LIMIT_STRING, 0, 200, NULL},
	[L_HL_CALLER_NAME] = {"hotline_handoff.caller_name", LIMIT_STRING, 1, 32, NULL},
	[L_HL__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"hotline_code", "只能由字母、数字和 . _ / - 组成", "may hold only letters, digits and . _ / -"},
	{"hotline_lat_lng", "lat 和 lng 须一起给出", "must be sent together: lat and lng"},
	{"hotline_location", "须为中国境内的经纬度（数字）", "must be a coordinate (a number) within China"},
	{"hotline_location_outside", "该位置不在平台所转办的单位范围内",
	 "lies outside the unit this platform hands matters to"},
	{"hotline_due_past", "须晚于现在", "must be later than now"},
	{"hotline_key", "须为 1–%ld 个可见 ASCII 字符，不含空格",
	 "must be 1 to %ld printable ASCII characters without spaces"},
	{"hotline_key_reused", "该幂等键已用于另一个工单号", "was used already with another ticket number"},
	{"hotline_token_missing", "缺少平台令牌：Authorization: Bearer <令牌>",
	 "is missing: send the platform's token as Authorization: Bearer <token>"},
	{"hotline_token_invalid", "令牌无效或已吊销", "is not a valid token, or it was revoked"},
	{"hotline_platform_unknown", "该令牌不属于任何 12345 平台", "is not the token of a 12345 platform"},
	{"hotline_platform_inactive", "该平台已停用", "is the token of a platform that is switched off"},
	{"hotline_ticket_taken", "该平台已转来同一工单号", "was handed over already by this platform"},
	{"hotline_not_queued", "只有待对照的转办才能放行", "must be unmapped (queued) to be released"},
	{"hotline_unmapped", "该类别尚未对照，请选择服务事项", "is needed: the category has no mapping yet"},
	{"hotline_mapped_already", "该类别已对照到其他事项：不选事项直接放行，或先修改对照",
	 "differs from the category's mapping: release without it, or change the mapping first"},
	{"hotline_item", "不是启用中的服务事项", "is not an active catalog item"},
	{"hotline_platform", "没有这个平台", "is not a platform"},
	{"hotline_category_taken", "该平台的这个类别已有对照", "is mapped already for this platform"},
	{"hotline_code_taken", "已有同一编码的平台", "is the code of another platform"},
	{"hotline_url", "须为 http:// 或 https:// 开头的链接", "must be an http:// or https:// URL"},
	{"hotline_token_needed", "须给出 token_id（已有令牌）或 user_id（新建令牌）之一",
	 "must be given: token_id (a token made already) or user_id (a new one), not both"},
	{"hotline_token_unknown", "没有这个令牌，或已吊销", "is not a token, or it was revoked"},
	{"hotline_token_taken", "该令牌已用于另一个平台", "is the token of another platform"},
	{"hotline_token_user", "令牌的用户须能登记和查看诉求，且服务于该平台的单位",
	 "must be of a user who takes and reads requests and serves the platform's unit"},
	{"hotline_unit", "不是启用中的单位", "is not an open org unit"},
	{"hotline_state", "须为 received、unmapped 或 released", "must be received, unmapped or released"},
	{"hotline_version_needed", "须给出读取时的版本号", "must be the version read"},
	{"hotline_unit_used", "有 %ld 个启用中的 12345 平台转办到该单位",
	 "is where %ld active 12345 platforms hand matters to"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:hotline_platform.create", "新增 12345 平台", "Added a 12345 platform"},
	{"action:hotline_platform.update", "修改 12345 平台", "Changed a 12345 platform"},
	{"action:hotline_platform.rotate", "更换 12345 平台签名密钥", "Rotated a 12345 platform's secret"},
	{"action:hotline_mapping.create", "新增 12345 类别对照", "Mapped a 12345 category"},
	{"action:hotline_mapping.update", "修改 12345 类别对照", "Changed a 12345 category mapping"},
	{"action:hotline_mapping.delete", "删除 12345 类别对照", "Deleted a 12345 category mapping"},
	{"action:hotline_handoff.receive", "接收 12345 转办", "Received a 12345 hand-off"},
	{"action:hotline_handoff.queue", "12345 转办待对照", "Queued a 12345 hand-off (unmapped)"},
	{"action:hotline_handoff.release", "放行 12345 转办", "Released a 12345 hand-off"},
	{"entity:hotline_platform", "12345 平台", "12345 platform"},
	{"entity:hotline_mapping", "12345 类别对照", "12345 category mapping"},
	{"entity:hotline_handoff", "12345 转办", "12345 hand-off"},
	{NULL, NULL, NULL},
};

static const struct sealed_column sealed[] = {
	{"hotline_platforms", "secret", "hotline.secret"},
	{"hotline_handoffs", "caller_name", "hotline.caller_name"},
	{"hotline_handoffs", "caller_phone", "hotline.caller_phone"},
	{NULL, NULL, NULL},
};

/* A platform's unit keeps it open. */
static const struct feature_use unit_uses[] = {
	{"hotline_platforms", "hotline_unit_used",
	 "SELECT COUNT(*) FROM hotline_platforms WHERE unit_id = ? AND active = 1"},
	{NULL, NULL, NULL},
};

static void demo_notes(void)
{
	printf("12345: the platform 成都市12345 (cd12345) hands matters to 锦城街道: "
	       "POST /api/v1/hotline/handoffs with its token\n  (printed above when the demo made it;"
	       " a new one: 12345 对接 · 平台, or linli token create cd12345).\n");
}

const struct feature hotline_feature = {
	.name = "hotline",
	.routes = hotline_api_register,
	.messages = messages,
	.labels = labels,
	.limits = hotline_limits,
	.demo = hotline_demo,
	.demo_notes = demo_notes,
	.unit_uses = unit_uses,
	.sealed = sealed,
};
