/* access: what accounts, sessions, tokens, audit and settings hand the program. */
#include <stdio.h>

#include "access/access.h"
#include "access/access_api.h"
#include "access/accounts.h"
#include "access/audit.h"
#include "access/limits.h"
#include "access/sessions.h"
#include "app/feature.h"
#include "jobs/jobs.h"
#include "org/org.h"

const struct limit access_limits[] = {
	[L_USERNAME] = {"user.username", LIMIT_STRING, 3, 32, "^[A-Za-z0-9._-]{3,32}$"},
	[L_DISPLAY_NAME] = {"user.display_name", LIMIT_STRING, 1, 64, NULL},
	[L_PASSWORD] = {"user.password", LIMIT_STRING, 8, 128, NULL},
	[L_TOKEN_NAME] = {"token.name", LIMIT_STRING, 1, 64, NULL},
	[L_SITE_NAME] = {"settings.site_name", LIMIT_STRING, 1, 64, NULL},
	[L_LOGIN_MAX_FAILURES] = {"settings.login_max_failures", LIMIT_INTEGER, 3, 20, NULL},
	[L_LOGIN_LOCK_MINUTES] = {"settings.login_lock_minutes", LIMIT_INTEGER, 1, 1440, NULL},
	[L_SESSION_IDLE_MINUTES] = {"settings.session_idle_minutes", LIMIT_INTEGER, 1, 1440, NULL},
	[L_SESSION_ABSOLUTE_HOURS] = {"settings.session_absolute_hours", LIMIT_INTEGER, 1, 720, NULL},
	[L_AUDIT_RETENTION_DAYS] = {"settings.audit_retention_days", LIMIT_INTEGER, 183, 3650, NULL},
	[L__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"username_chars", "只能使用字母、数字、点、下划线和连字符，3 到 32 位",
	 "may use letters, digits, '.', '_' and '-', 3 to 32 characters"},
	{"password_is_username", "密码不能与用户名相同", "must not be the same as the username"},
	{"password_wrong", "当前密码不正确", "is not the current password"},
	{"password_same", "新密码不能与当前密码相同", "must differ from the current password"},
	{"role_unknown", "未知角色", "is not a known role"},
	{"unit_out_of_scope", "不在您管辖的范围内", "is outside the units you serve"},
	{"user_unknown", "未知用户", "is not a known user"},
	{"post_unknown", "未知的岗位", "is not a known post"},
	{"post_unit", "须为该账号所属的单元之一", "must be one of the user's units"},
	{"unit_has_users", "还有 %ld 个账号属于该单元", "still has %ld accounts serving it"},
	{"retention_min", "至少保留 %ld 天（等保要求至少 6 个月）",
	 "must be at least %ld days (at least 6 months are required)"},
	{NULL, NULL, NULL},
};

/* What the audit log calls each action, in people's words. */
static const struct err_msg labels[] = {
	{"action:session.login", "登录", "Logged in"},
	{"action:session.logout", "退出登录", "Logged out"},
	{"action:session.login_failed", "登录失败", "Failed login"},
	{"action:session.login_locked", "登录失败次数过多，已锁定", "Locked after failed logins"},
	{"action:user.create", "新建用户", "Created a user"},
	{"action:user.update", "修改用户", "Changed a user"},
	{"action:user.lock", "停用用户", "Locked a user"},
	{"action:user.unlock", "解锁用户", "Unlocked a user"},
	{"action:user.password_reset", "重置密码", "Reset a password"},
	{"action:user.password_change", "修改本人密码", "Changed own password"},
	{"action:user.password_change_failed", "修改密码时当前密码错误",
	 "Wrong current password when changing it"},
	{"action:user.password_change_locked", "当前密码错误次数过多，已锁定",
	 "Locked after wrong current passwords"},
	{"action:token.create", "创建 API 令牌", "Created an API token"},
	{"action:token.revoke", "吊销 API 令牌", "Revoked an API token"},
	{"action:settings.update", "修改系统设置", "Changed the settings"},
	{"action:audit.export", "导出审计日志", "Exported the audit log"},
	{"entity:user", "用户", "User"},
	{"post:secretary", "社区书记", "Community secretary"},
	{"post:committee_member", "两委委员", "Committee member"},
	{"post:staff", "社区工作者", "Community staff"},
	{"post:grid_leader", "网格长", "Grid leader"},
	{"post:grid_worker_full", "专职网格员", "Full-time grid worker"},
	{"post:grid_worker_part", "兼职网格员", "Part-time grid worker"},
	{"entity:api_token", "API 令牌", "API token"},
	{"entity:settings", "系统设置", "Settings"},
	{"entity:audit", "审计日志", "Audit log"},
	{NULL, NULL, NULL},
};

static int64_t purge_audit(struct store *db, int64_t now)
{
	int64_t days = 0;
	if (store_query_int64(db, "SELECT audit_retention_days FROM settings WHERE id = 1", &days, 0) <= 0)
		return -1;
	return audit_purge(db, now, days);
}

static const struct job jobs[] = {
	{"audit_retention", 6 * 3600, purge_audit},
	{"sessions_expired", 3600, sessions_purge},
};

#define DEMO_PASSWORD "Linli@2026"

/* One user of each main role, in the units org's demo makes. */
static const struct {
	const char *username, *display, *role, *unit, *post;
} demo_users[] = {
	{"admin", "系统管理员", "admin", NULL, NULL},
	{"zhangli", "张丽（和平社区书记）", "staff", "510104020001", "secretary"},
	{"wangqiang", "王强（第一网格网格长）", "grid_leader", "510104020001001", "grid_leader"},
	{"liuyang", "刘洋（第一网格网格员）", "grid_worker", "510104020001001", "grid_worker_full"},
	{"sunli", "孙莉（第二网格兼职网格员）", "grid_worker", "510104020001002", "grid_worker_part"},
	{"zhaomin", "赵敏（幸福社区工作人员）", "staff", "510104020002", "staff"},
	{"chenmei", "陈梅（居民）", "resident", "510104020001001", NULL},
};

static int demo(struct ctx *cx)
{
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		struct user u;
		int f = accounts_find(cx, demo_users[i].username, &u, NULL);
		if (f < 0)
			return -1;
		if (f > 0)
			continue;
		struct org_unit unit;
		int64_t uid = 0;
		if (demo_users[i].unit && org_unit_by_code(cx, demo_users[i].unit, &unit) == 1)
			uid = unit.id;
		struct user_in in = {.username = demo_users[i].username,
				     .display_name = demo_users[i].display, .password = DEMO_PASSWORD,
				     .role = role_parse(demo_users[i].role), .nunits = uid ? 1 : 0,
				     .unit_ids = &uid, .posts = uid ? &demo_users[i].post : NULL};
		if (accounts_create(cx, &in, &u) < 0)
			return -1;
	}
	return 0;
}

static void demo_notes(void)
{
	printf("Logins (password %s for all):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
		printf("  %-10s %-12s %s\n", demo_users[i].username, demo_users[i].role,
		       demo_users[i].display);
}

/* An account serving a unit keeps it open. */
static const struct feature_use unit_uses[] = {
	{"users", "unit_has_users", "SELECT COUNT(*) FROM user_units WHERE unit_id = ?"},
	{NULL, NULL, NULL},
};

const struct feature access_feature = {
	.name = "access", .routes = access_api_register, .messages = messages, .labels = labels,
	.limits = access_limits,
	.jobs = jobs, .njobs = (int)(sizeof jobs / sizeof jobs[0]),
	.demo = demo, .demo_notes = demo_notes, .unit_uses = unit_uses,
};
