/* points: what the ledger, the points store and the time bank hand the program. */
#include <stdio.h>

#include "app/feature.h"
#include "jobs/jobs.h"
#include "points/limits.h"
#include "points/points.h"

const struct limit points_limits[] = {
	[L_PT_REASON] = {"points_movement.reason", LIMIT_STRING, 1, 200, NULL},
	[L_PT_AMOUNT] = {"points_movement.amount", LIMIT_INTEGER, 1, 100000, NULL},
	[L_PT_MINUTES] = {"points_movement.minutes", LIMIT_INTEGER, 1, 1440, NULL},
	[L_PT_RULE_ACTIVITY] = {"points_rule.activity", LIMIT_STRING, 1, 32, "^[a-z0-9_]+$"},
	[L_PT_RULE_NAME] = {"points_rule.name", LIMIT_STRING, 1, 32, NULL},
	[L_PT_RULE_RATE] = {"points_rule.points_per_hour", LIMIT_INTEGER, 0, 1000, NULL},
	[L_PT_RULE_BONUS] = {"points_rule.bonus", LIMIT_INTEGER, 0, 1000, NULL},
	[L_PT_RULE_CAP] = {"points_rule.cap", LIMIT_INTEGER, 0, 10000, NULL},
	[L_PT_PICKUP_DAYS] = {"points_config.pickup_days", LIMIT_INTEGER, 1, 90, NULL},
	[L_PT_OVERDRAFT] = {"points_config.time_overdraft", LIMIT_INTEGER, 0, 6000, NULL},
	[L_GOODS_NAME] = {"store_goods.name", LIMIT_STRING, 1, 64, NULL},
	[L_GOODS_DESCRIPTION] = {"store_goods.description", LIMIT_STRING, 0, 500, NULL},
	[L_GOODS_PRICE] = {"store_goods.price", LIMIT_INTEGER, 1, 100000, NULL},
	[L_GOODS_STOCK] = {"store_goods.stock", LIMIT_INTEGER, 0, 100000, NULL},
	[L_GOODS_DONOR] = {"store_goods.donor", LIMIT_STRING, 0, 64, NULL},
	[L_REDEEM_QUANTITY] = {"store_redemption.quantity", LIMIT_INTEGER, 1, 10, NULL},
	[L_TB_TITLE] = {"timebank_offer.title", LIMIT_STRING, 1, 64, NULL},
	[L_TB_DESCRIPTION] = {"timebank_offer.description", LIMIT_STRING, 0, 500, NULL},
	[L_TB_MINUTES] = {"timebank_offer.minutes", LIMIT_INTEGER, 1, 1440, NULL},
	[L_TB_NOTE] = {"timebank_exchange.note", LIMIT_STRING, 0, 200, NULL},
	[L_POINTS__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"points_legs", "分录须为同一币种的两条以上非零记录，合计为零，且账户互不相同",
	 "must be two or more non-zero legs in one currency, on different accounts, summing to zero"},
	{"points_insufficient", "余额不足", "has too small a balance for this"},
	{"points_rule_unknown", "没有这项在用的积分规则", "is not an active earning rule"},
	{"points_account_unknown", "没有这个账户，或不在您的管辖范围内", "is not an account you can see"},
	{"points_account_not_points", "须为居民或志愿者的积分账户", "must be a holder's points account"},
	{"points_activity_code", "只能由小写字母、数字和 _ 组成", "may hold only a-z, digits and _"},
	{"points_activity_fixed", "规则的活动编码创建后不能修改", "cannot change once the rule exists"},
	{"points_activity_taken", "这个活动已有规则", "already has a rule"},
	{"points_expiry_day", "须为 MMDD 形式的日期，如 101 表示 1 月 1 日",
	 "must be a day as MMDD, such as 101 for 1 January"},
	{"points_user_unknown", "须为您管辖范围内的志愿者、居民或党员账号",
	 "must be a volunteer's, resident's or party member's login in your scope"},
	{"points_holder_kind", "须为 resident（居民）或 household（家庭）",
	 "must be resident or household"},
	{"points_currency", "须为 points（积分）或 time（时间币）", "must be points or time"},
	{"points_holder_unknown", "没有这个居民或家庭，或不在您的管辖范围内",
	 "is not a resident or household you can see"},
	{"points_account_exists", "该持有人已有这个币种的账户", "already has an account in this currency"},
	{"points_movement_kind", "须为 earn（按规则记分）或 adjust（调整）", "must be earn or adjust"},
	{"points_amount_zero", "不能为 0", "cannot be 0"},
	{"points_nothing_earned", "按规则这次活动不得分", "earns nothing under the rule"},
	{"points_not_reversible", "兑换、退还和时间币交换请通过取消来撤回",
	 "is undone by cancelling the redemption or the exchange, not by a reversal"},
	{"points_time", "须为 ISO 8601 时间", "must be an ISO 8601 time"},
	{"points_expiry_future", "不能晚于现在", "cannot be in the future"},
	{"points_unit_unknown", "没有这个组织单元，或不在您的管辖范围内", "is not a unit in your scope"},
	{"points_goods_fixed", "创建后不能直接修改", "cannot be changed once created"},
	{"points_flag", "须为 true、false 或 any", "must be true, false or any"},
	{"points_filter", "不是可选的值", "is not one of the values allowed"},
	{"points_report_format", "须为 json、csv 或 xlsx", "must be json, csv or xlsx"},
	{"store_goods_unknown", "没有这件物品，或您看不到它", "is not goods you can see"},
	{"store_goods_elsewhere", "这件物品属于其他社区的积分超市", "belongs to another community's store"},
	{"store_goods_retired", "这件物品已下架", "is no longer offered"},
	{"store_out_of_stock", "库存不足", "is out of stock"},
	{"store_not_reserved", "这笔兑换已领取、取消或过期", "is no longer waiting for pickup"},
	{"store_code", "领取码为 8 位字母和数字", "must be a pickup code of 8 letters and digits"},
	{"store_code_unknown", "没有这个领取码", "is not a pickup code of your stores"},
	{"timebank_account_not_time", "须为居民或志愿者的时间币账户", "must be a holder's time account"},
	{"timebank_kind", "须为 offer（提供服务）或 request（需要服务）", "must be offer or request"},
	{"timebank_offer_status", "须为 open 或 closed", "must be open or closed"},
	{"timebank_offer_unknown", "没有这项服务", "is not an offer you can see"},
	{"timebank_offer_closed", "这项服务已关闭", "is closed"},
	{"timebank_same_holder", "不能与自己交换", "cannot be the offer's own holder"},
	{"timebank_other_street", "时间币只能在同一街道的社区之间流通",
	 "must be in the same street as the offer's holder"},
	{"timebank_side", "须为 provider（服务方）或 receiver（受助方）", "must be provider or receiver"},
	{"timebank_not_proposed", "这次交换已完成或已取消", "is already completed or cancelled"},
	{"timebank_confirmed", "这一方已确认过", "has already confirmed"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:points_account.create", "开设积分账户", "Opened a points account"},
	{"action:points_account.update", "修改积分账户", "Changed a points account"},
	{"action:points_movement.create", "记录积分", "Posted points"},
	{"action:points_movement.reverse", "冲正积分", "Reversed a movement"},
	{"action:points_rule.create", "新增积分规则", "Added an earning rule"},
	{"action:points_rule.update", "修改积分规则", "Changed an earning rule"},
	{"action:points_config.update", "修改积分设置", "Changed the points settings"},
	{"action:points.expire", "积分到期清零", "Expired points"},
	{"action:store_goods.create", "上架物品", "Added goods to the store"},
	{"action:store_goods.update", "修改物品", "Changed goods"},
	{"action:store_redemption.create", "积分兑换", "Redeemed points"},
	{"action:store_redemption.cancel", "取消兑换", "Cancelled a redemption"},
	{"action:store_redemption.expire", "兑换逾期", "A redemption expired"},
	{"action:store_redemption.hand_over", "兑换物品已领取", "Handed over goods"},
	{"action:timebank_offer.create", "发布时间银行服务", "Posted a time-bank offer"},
	{"action:timebank_offer.update", "修改时间银行服务", "Changed a time-bank offer"},
	{"action:timebank_exchange.create", "发起服务交换", "Proposed an exchange"},
	{"action:timebank_exchange.confirm", "确认服务交换", "Confirmed an exchange"},
	{"action:timebank_exchange.complete", "服务交换完成", "Completed an exchange"},
	{"action:timebank_exchange.cancel", "取消服务交换", "Cancelled an exchange"},
	{"entity:points_account", "积分账户", "Points account"},
	{"entity:points_movement", "积分流水", "Points movement"},
	{"entity:points_rule", "积分规则", "Earning rule"},
	{"entity:points_config", "积分设置", "Points settings"},
	{"entity:store_goods", "积分超市物品", "Store goods"},
	{"entity:store_redemption", "积分兑换", "Redemption"},
	{"entity:timebank_offer", "时间银行服务", "Time-bank offer"},
	{"entity:timebank_exchange", "服务交换", "Time-bank exchange"},
	{NULL, NULL, NULL},
};

static const struct job jobs[] = {
	{"points_expiry", 3600, points_expiry_job},
	{"store_pickup", 600, store_pickup_job},
};

/* A unit moved: the monthly totals of its accounts' units take their anchors again. */
static const char *const unit_moved_sql[] = {
	"UPDATE points_totals SET street_id = (SELECT o.street_id FROM org_units o WHERE o.id = points_totals.unit_id),"
	" community_id = (SELECT o.community_id FROM org_units o WHERE o.id = points_totals.unit_id)"
	" WHERE unit_id IN (SELECT s.id FROM org_units s WHERE substr(s.path, 1, length(CAST(? AS TEXT))) = ?)",
	NULL,
};

static void demo_notes(void)
{
	printf("Points: residents' points over a year, the 积分超市 with its redemptions and a few time-bank\n"
	       "  exchanges in 和平社区, through /api/v1/points, /api/v1/store and /api/v1/timebank.\n");
}

const struct feature points_feature = {
	.name = "points",
	.routes = points_api_register,
	.messages = messages,
	.labels = labels,
	.limits = points_limits,
	.jobs = jobs,
	.njobs = (int)(sizeof jobs / sizeof jobs[0]),
	.demo = points_demo,
	.demo_notes = demo_notes,
	.unit_moved_sql = unit_moved_sql,
};
