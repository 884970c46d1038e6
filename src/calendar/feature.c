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
	{"calendar_import_header", "第一行须为标题行 date,kind,name",
	 "must start with the header row date,kind,name"},
	{"calendar_import_empty", "文件中只有标题行，没有日期：一年总有节假日，请检查是否选错了文件",
	 "has the header row but no days: a year always has public holidays, so check the file"},
	{"calendar_import_too_many", "一个文件最多 %ld 行（一年的天数）",
	 "has more than %ld rows (the days of a year)"},
	{"calendar_import_cells", "须为 date,kind,name 三列，这一行有 %ld 列",
	 "must have the three cells date,kind,name; this row has %ld"},
	{"calendar_import_date", "须为 2025-01-28 这样的日期（年-月-日）",
	 "must be a date like 2025-01-28 (year-month-day)"},
	{"calendar_import_year", "不在 %ld 年内", "is not in %ld"},
	{"calendar_import_twice", "与第 %ld 行的日期相同", "is the date of row %ld already"},
	{"calendar_import_not_utf8", "不是 UTF-8 文字，请把文件另存为 UTF-8 编码",
	 "is not UTF-8 text: save the file as UTF-8"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:calendar.day_set", "设置节假日/调休", "Set a holiday or worked day"},
	{"action:calendar.day_clear", "恢复按周计算", "Cleared a calendar day"},
	{"action:calendar.hours", "修改工作时间", "Changed the working hours"},
	{"action:calendar.import", "导入年度安排", "Imported a year's schedule"},
	{"entity:calendar_day", "日历日期", "Calendar day"},
	{"entity:calendar_hours", "工作时间", "Working hours"},
	{"entity:calendar_year", "日历年度", "Calendar year"},
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
