/* visits: what home visits hand the program. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "app/feature.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "registry/registry.h"
#include "visits/common.h"
#include "visits/due.h"
#include "visits/limits.h"
#include "visits/visits.h"

const struct limit visits_limits[] = {
	[L_VISIT_FINDINGS] = {"visit.findings", LIMIT_STRING, 1, 2000, NULL},
	[L_VISIT_FOLLOW_UP_NOTE] = {"visit.follow_up_note", LIMIT_STRING, 1, 500, NULL},
	[L_PLAN_INTERVAL] = {"visit_plan.interval_days", LIMIT_INTEGER, 1, 365, NULL},
	[L_PAIRING_NOTE] = {"pairing.note", LIMIT_STRING, 0, 200, NULL},
	[L_VISITS__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"visit_date", "日期格式应为 2026-12-01，且须为真实的日期",
	 "must be a real date written as 2026-12-01"},
	{"visit_time", "时间格式应为 14:30（00:00 到 23:59）", "must be a time written as 14:30 (00:00 to 23:59)"},
	{"visit_mode", "走访方式应为上门、电话或视频", "must be in_person, phone or video"},
	{"visit_subject", "请指定走访的住户或居民", "needs the household or the resident visited"},
	{"visit_not_member", "该居民不属于这一户", "is not the household of this resident"},
	{"visit_future", "不能晚于今天", "cannot be in the future"},
	{"visit_before_subject", "不能早于该户或该居民登记的日期",
	 "cannot be before the household or resident was registered"},
	{"visit_after_subject", "不能晚于该居民迁出或去世的日期",
	 "cannot be after the resident moved out or died"},
	{"visit_follow_up_note", "需要跟进时请写明跟进事项", "is required when a follow-up is needed"},
	{"visit_follow_up_due", "跟进期限不能早于走访日期", "cannot be before the visit"},
	{"visit_no_follow_up", "未勾选需要跟进，不能填写此项", "is only for a visit that needs a follow-up"},
	{"visit_follow_up_done", "这项跟进已经完成", "has its follow-up done already"},
	{"visit_follow_up_none", "这次走访没有需要跟进的事项", "needs no follow-up"},
	{"visit_locked", "走访记录只能在记录后 24 小时内修改",
	 "can only be changed within 24 hours of being recorded"},
	{"visit_plan_exists", "该对象已有人工制定的走访计划", "already has a manual visit plan"},
	{"visit_plan_one_subject", "住户和居民只能指定一个", "cannot be given together with resident_id"},
	{"visit_plan_reactivate", "已停止的计划不能恢复，请新建计划",
	 "cannot restart an ended plan: make a new one"},
	{"visit_plan_rule_interval", "按规则生成的计划间隔不能修改，可另建人工计划",
	 "is the rule's for a rule plan: make a manual plan instead"},
	{"visit_assignee", "须为负责走访的网格员、网格长、工作人员或结对人员",
	 "must be a user who records visits"},
	{"pairing_role", "结对帮扶人须为志愿者或党员", "must be a volunteer or a party member"},
	{"pairing_exists", "二人已结对", "is already paired with this user"},
	{"pairing_not_living", "该居民已不在本地居住", "no longer lives here"},
	{"pairing_ended", "该结对已结束", "has already ended"},
	{"pairing_until_before", "结束日期不能早于开始日期", "cannot be before the pairing began"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:visit.create", "记录走访", "Recorded a visit"},
	{"action:visit.update", "修改走访记录", "Changed a visit"},
	{"action:visit.follow_up_done", "完成走访跟进", "Finished a visit's follow-up"},
	{"action:visit_plan.create", "制定走访计划", "Made a visit plan"},
	{"action:visit_plan.update", "修改走访计划", "Changed a visit plan"},
	{"action:visit_plan.rules", "按规则更新走访计划", "Updated visit plans by rule"},
	{"action:pairing.create", "建立一对一帮扶", "Paired a helper with a resident"},
	{"action:pairing.end", "结束一对一帮扶", "Ended a pairing"},
	{"entity:visit", "走访记录", "Visit"},
	{"entity:visit_plan", "走访计划", "Visit plan"},
	{"entity:visit_pairing", "一对一帮扶", "Pairing"},
	{"visit_mode:in_person", "上门", "In person"},
	{"visit_mode:phone", "电话", "Phone"},
	{"visit_mode:video", "视频", "Video"},
	{"plan_source:rule", "按规则", "By rule"},
	{"plan_source:manual", "人工制定", "By hand"},
	{NULL, NULL, NULL},
};

static const struct job jobs[] = {
	{"visit_rules", 24 * 3600, visits_rules_job},
};

#define DEMO_PASSWORD "Linli@2026"

/* A volunteer who visits an elderly neighbour every other day (seed 000) and a party member
 * who looks after key households (seed 001). */
static const struct {
	const char *username, *display, *role, *unit;
} demo_users[] = {
	{"hebi", "何碧（红色便民服务队志愿者）", "volunteer", "510104020001"},
	{"pujing", "蒲京（党员，联系重点户）", "party_member", "510104020001"},
};

static int64_t demo_user(struct ctx *cx, int i)
{
	struct user u;
	int f = accounts_find(cx, demo_users[i].username, &u, NULL);
	if (f < 0)
		return -1;
	if (f > 0)
		return u.id;
	struct org_unit unit;
	int64_t uid = 0;
	if (org_unit_by_code(cx, demo_users[i].unit, &unit) == 1)
		uid = unit.id;
	struct user_in in = {.username = demo_users[i].username,
			     .display_name = demo_users[i].display, .password = DEMO_PASSWORD,
			     .role = role_parse(demo_users[i].role), .nunits = uid ? 1 : 0,
			     .unit_ids = &uid};
	if (accounts_create(cx, &in, &u) < 0)
		return -1;
	return u.id;
}

struct demo_plan {
	int64_t id, household_id, resident_id, unit_id, interval;
};

static int64_t read_demo_plan(struct ctx *cx, struct store_stmt *st, void *row)
{
	(void)cx;
	struct demo_plan *p = row;
	p->id = store_col_int64(st, 0);
	p->household_id = store_col_int64(st, 1);
	p->resident_id = store_col_int64(st, 2);
	p->unit_id = store_col_int64(st, 3);
	p->interval = store_col_int64(st, 4);
	return p->id;
}

static const char *const demo_findings[] = {
	"身体状况良好，精神不错，家中整洁。", "老人说最近膝盖疼，已提醒按时用药。",
	"电话问候，一切正常。", "帮忙买了米和油，聊了半小时家常。",
	"视频通话，老人想了解社保卡年审的办法。",
};

/* Visits over the last two weeks for two plans in three, so that some are overdue, some due
 * today and some not yet due; pairings for the volunteer and the party member. */
static int demo(struct ctx *cx)
{
	int64_t hebi = demo_user(cx, 0), pujing = demo_user(cx, 1);
	if (hebi < 0 || pujing < 0)
		return -1;
	if (plans_sync_rules(cx) < 0)
		return -1;
	int64_t have = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM visits", &have, 0) < 0)
		return ctx_store_error(cx);
	if (have > 0)
		return 0;
	int64_t today = visits_today(cx), start = due_date_add(today, -14);
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT id, COALESCE(household_id, 0), COALESCE(resident_id, 0), unit_id, interval_days "
		"FROM visit_plans WHERE active = 1 ORDER BY id");
	if (!st)
		return ctx_store_error(cx);
	struct demo_plan *plans;
	size_t n;
	if (ctx_rows(cx, st, sizeof *plans, 0, read_demo_plan, &plans, &n) < 0)
		return -1;
	struct user worker;
	int64_t visitor = 0;
	if (accounts_find(cx, "liuyang", &worker, NULL) == 1)
		visitor = worker.id;
	if (ctx_begin(cx) < 0)
		return -1;
	int paired = 0;
	for (size_t i = 0; i < n; i++) {
		struct demo_plan *p = &plans[i];
		st = store_prepare(cx->db, "UPDATE visit_plans SET starts_on = ? WHERE id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, start);
		store_bind_int64(st, 2, p->id);
		if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
			return -1;
		if (i % 3 != 2 && visitor) {
			/* the last visit 0..interval + 3 days ago: a few overdue, most not */
			int64_t ago = (int64_t)((p->id * 7919) % (p->interval + 4));
			int64_t on = due_date_add(today, -ago);
			st = store_prepare(cx->db,
				"INSERT INTO visits (household_id, resident_id, unit_id, mode, visited_on,"
				" visited_time, visitor_id, findings, follow_up_needed, follow_up_note,"
				" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			if (!st)
				return ctx_fail(cx);
			if (p->household_id)
				store_bind_int64(st, 1, p->household_id);
			else
				store_bind_null(st, 1);
			if (p->resident_id)
				store_bind_int64(st, 2, p->resident_id);
			else
				store_bind_null(st, 2);
			store_bind_int64(st, 3, p->unit_id);
			store_bind_text(st, 4, i % 4 == 1 ? "phone" : "in_person");
			store_bind_int64(st, 5, on);
			store_bind_text(st, 6, i % 2 ? "09:30" : "15:00");
			store_bind_int64(st, 7, visitor);
			store_bind_text(st, 8, demo_findings[i % 5]);
			store_bind_int64(st, 9, i % 5 == 1);
			store_bind_text(st, 10, i % 5 == 1 ? "下周陪老人去社区卫生服务站复查膝盖。" : NULL);
			store_bind_int64(st, 11, cx->now - ago * 86400);
			store_bind_int64(st, 12, cx->now - ago * 86400);
			if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
				return -1;
		}
		if (plans_refresh(cx, p->household_id, p->resident_id) < 0) {
			ctx_rollback(cx);
			return -1;
		}
		/* 何碧 with the first resident living alone; 蒲京 with up to four key households' */
		int64_t who = 0;
		if (p->resident_id && paired < 2)
			who = paired == 0 ? hebi : pujing;
		if (who) {
			st = store_prepare(cx->db,
				"INSERT INTO visit_pairings (user_id, resident_id, unit_id, starts_on, note,"
				" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
			if (!st)
				return ctx_fail(cx);
			store_bind_int64(st, 1, who);
			store_bind_int64(st, 2, p->resident_id);
			store_bind_int64(st, 3, p->unit_id);
			store_bind_int64(st, 4, start);
			store_bind_text(st, 5, paired == 0 ? "每隔一天上门，帮忙买菜、做饭" : "党员联系户，常来谈心");
			store_bind_int64(st, 6, cx->now);
			store_bind_int64(st, 7, cx->now);
			if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
				return -1;
			paired++;
		}
	}
	return ctx_commit(cx);
}

static void demo_notes(void)
{
	printf("Home visits: hebi (volunteer, paired with a resident living alone) and pujing\n"
	       "  (party member), password %s; liuyang's 我的走访 lists what is due.\n", DEMO_PASSWORD);
}

const struct feature visits_feature = {
	.name = "visits", .routes = visits_api_register, .messages = messages, .labels = labels,
	.limits = visits_limits, .jobs = jobs, .njobs = (int)(sizeof jobs / sizeof jobs[0]),
	.demo = demo, .demo_notes = demo_notes,
};
