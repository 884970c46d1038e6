/* shifts: what the activities, shifts and hours hand the program. */
#include <stdio.h>

#include "app/feature.h"
#include "shifts/limits.h"
#include "shifts/shifts.h"

const struct limit shifts_limits[] = {
	[L_ACT_TITLE] = {"shift_activity.title", LIMIT_STRING, 1, 64, NULL},
	[L_ACT_DESCRIPTION] = {"shift_activity.description", LIMIT_STRING, 0, 1000, NULL},
	[L_ACT_PLACE] = {"shift_activity.place", LIMIT_STRING, 0, 100, NULL},
	[L_ACT_GRACE] = {"shift_activity.grace_minutes", LIMIT_INTEGER, 0, 120, NULL},
	[L_SHIFT_ROLE] = {"shift.role", LIMIT_STRING, 1, 32, NULL},
	[L_SHIFT_CAPACITY] = {"shift.capacity", LIMIT_INTEGER, 1, 500, NULL},
	[L_SHIFT_MINUTES] = {"shift.minutes", LIMIT_INTEGER, 1, 1440, NULL},
	[L_HOURS_REASON] = {"shift_hours.reason", LIMIT_STRING, 2, 200, NULL},
	[L_SHIFTS__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"shift_unit", "须为您可以管理的在用单元", "must be an open unit you keep"},
	{"shift_activity_kind", "须为 activity（活动）或 standing（常设服务）", "must be activity or standing"},
	{"shift_activity_unknown", "没有这项在用的活动，或不在您的管辖范围内", "is not an active activity you keep"},
	{"shift_window_order", "结束时间须晚于开始时间", "must be after the start"},
	{"shift_window_length", "一个班次最长 %ld 分钟", "makes a shift longer than %ld minutes"},
	{"shift_capacity_low", "不能少于已报名的 %ld 人", "cannot be below the %ld signed up"},
	{"shift_cancelled", "班次已取消", "is a cancelled shift"},
	{"shift_over", "班次已结束", "is a shift that has ended"},
	{"shift_self_only", "志愿者只能为自己报名", "can only be the volunteer's own"},
	{"shift_not_serving", "志愿者未通过审核或不在岗", "is not an approved, active volunteer"},
	{"shift_unqualified", "该班次要求持证上岗，志愿者没有有效的培训资格",
	 "lacks the valid qualification this shift requires"},
	{"shift_signed_up", "已报名这个班次", "is signed up to this shift already"},
	{"shift_signup_cancelled", "报名已取消", "is cancelled already"},
	{"shift_checked_in", "已签到，不能取消", "cannot be cancelled after check-in"},
	{"shift_checked_out", "已签退", "has checked out already"},
	{"shift_code_invalid", "签到码无效或已过期，请重新扫码", "is not the shift's current code: scan again"},
	{"shift_code_window", "不在班次的签到时间内（开始前、结束后 %ld 分钟内）",
	 "is outside the shift's window (%ld minutes before and after)"},
	{"shift_not_signed_up", "没有这个班次的确认报名", "has no confirmed place on this shift"},
	{"shift_not_attended", "没有这个班次的签到签退记录", "did not attend this shift"},
	{"shift_time_window", "须在班次时间内（前后 %ld 分钟）", "must lie in the shift's window (±%ld minutes)"},
	{"shift_time_future", "不能晚于现在", "cannot be in the future"},
	{"shift_time_order", "签退须晚于签到", "must be after the check-in"},
	{"shift_hours_exist", "已有这次服务的时长记录", "has hours recorded for this shift already"},
	{"shift_hours_state", "这条时长记录已处理", "is an entry decided already"},
	{"shift_hours_state_code", "须为 pending、approved、declined 或 corrected",
	 "must be pending, approved, declined or corrected"},
	{"shift_unit_has_activities", "还有 %ld 项在用的志愿服务活动属于该单元", "still holds %ld active volunteer activities"},
	{"shift_report_month", "须为 YYYY-MM 格式的月份", "must be a month as YYYY-MM"},
	{"shift_report_order", "不能早于起始月份", "cannot be before the first month"},
	{"shift_report_range", "一次最多统计 %ld 个月", "makes a range over %ld months"},
	{"shift_report_format", "须为 json、csv 或 xlsx", "must be json, csv or xlsx"},
	{"shift_minutes_cap", "不能超过班次时长 %ld 分钟", "cannot exceed the shift's %ld minutes"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:shift_activity.create", "新建志愿服务活动", "Added a volunteer activity"},
	{"action:shift_activity.update", "修改志愿服务活动", "Changed a volunteer activity"},
	{"action:shift.create", "新建班次", "Added a shift"},
	{"action:shift.update", "修改班次", "Changed a shift"},
	{"action:shift.signup", "班次报名", "Signed up to a shift"},
	{"action:shift.cancel", "取消班次报名", "Cancelled a sign-up"},
	{"action:shift.check_in", "班次签到", "Checked in"},
	{"action:shift.check_out", "班次签退", "Checked out"},
	{"action:shift_hours.claim", "登记服务时长", "Recorded hours"},
	{"action:shift_hours.approve", "审核通过服务时长", "Approved hours"},
	{"action:shift_hours.approve_shift", "整班审核通过服务时长", "Approved a shift's hours"},
	{"action:shift_hours.decline", "不予认定服务时长", "Declined hours"},
	{"action:shift_hours.correct", "更正服务时长", "Corrected hours"},
	{"entity:shift_activity", "志愿服务活动", "Volunteer activity"},
	{"entity:shift", "班次", "Shift"},
	{"entity:shift_signup", "班次报名", "Sign-up"},
	{"entity:shift_hours", "服务时长", "Hours"},
	{NULL, NULL, NULL},
};

static const struct feature_use unit_uses[] = {
	{"shifts", "shift_unit_has_activities",
	 "SELECT COUNT(*) FROM shift_activities WHERE unit_id = CAST(? AS BIGINT) AND active = 1"},
	{NULL, NULL, NULL},
};

static void demo_notes(void)
{
	printf("Shifts: a year of volunteer activities and shifts in 和平社区 with sign-ups, check-ins and\n"
	       "  hours mostly approved (their points in the ledger), through /api/v1/shifts.\n");
}

const struct feature shifts_feature = {
	.name = "shifts",
	.routes = shifts_api_register,
	.messages = messages,
	.labels = labels,
	.limits = shifts_limits,
	.demo = shifts_demo,
	.demo_notes = demo_notes,
	.unit_uses = unit_uses,
	.unit_moved = shifts_unit_moved,
};
