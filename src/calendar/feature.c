/* calendar: what the working-day calendar hands the program. */
#include "app/feature.h"
#include "calendar/calendar.h"
#include "calendar/limits.h"

const struct limit calendar_limits[] = {
	[L_CALENDAR_NAME] = {"calendar_day.name", LIMIT_STRING, 0, 32, NULL},
	[L_CALENDAR_DAYS] = {"calendar.working_days", LIMIT_INTEGER, 1, 365, NULL},
	[L_CALENDAR_HOURS] = {"calendar.working_hours", LIMIT_INTEGER, 1, 2000, NULL},
	[L_CALENDAR__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"calendar_year", "年份须在 2000 至 2100 之间", "must be a year from 2000 to 2100"},
	{"calendar_kind", "须为 holiday（放假）或 workday（调休上班）",
	 "must be holiday (a day off) or workday (worked in exchange)"},
	{"calendar_workday_weekday", "周一至周五本来就是工作日，无须设为调休上班",
	 "is a weekday, a working day already: only a Saturday or Sunday can be worked in exchange"},
	{"calendar_segments_count", "须为 1 至 %ld 个时段", "must be 1 to %ld periods"},
	{"calendar_segment", "时段须为 {\"start\": \"09:00\", \"end\": \"12:00\"} 的形式",
	 "must be a period like {\"start\": \"09:00\", \"end\": \"12:00\"}"},
	{"calendar_segments_order", "各时段须开始早于结束，按时间先后排列且互不重叠",
	 "must each start before they end, in order, without overlapping"},
	{"calendar_due_one", "须给出 working_days 或 working_hours 之一",
	 "needs one of working_days and working_hours"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:calendar.day_set", "设置节假日/调休", "Set a holiday or worked day"},
	{"action:calendar.day_clear", "恢复按周计算", "Cleared a calendar day"},
	{"action:calendar.hours", "修改工作时间", "Changed the working hours"},
	{"entity:calendar_day", "日历日期", "Calendar day"},
	{"entity:calendar_hours", "工作时间", "Working hours"},
	{"kind:holiday", "放假", "Day off"},
	{"kind:workday", "调休上班", "Worked in exchange"},
	{NULL, NULL, NULL},
};

const struct feature calendar_feature = {
	.name = "calendar",
	.routes = calendar_api_register,
	.messages = messages,
	.labels = labels,
	.limits = calendar_limits,
};
