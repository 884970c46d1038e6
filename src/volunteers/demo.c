/* The demo's volunteers, modelled on the seeds: 和平社区's 红色便民服务队 (who shop, cook and
 * keep company for elders living alone), its party members' team and the 爱心138 teams of
 * retired cadres and kind-hearted residents, 幸福社区's own, and three university students'
 * holiday teams of the street; about 300 volunteers, most approved (an account each, the demo
 * password), some pending, paused, left or rejected; first-aid, mediation, elderly-care, fire
 * safety and counselling courses with sessions over the past year and their attendance, so
 * that some qualifications have expired. */
#include <stdio.h>
#include <string.h>

#include "access/accounts.h"
#include "base/crypto.h"
#include "base/date.h"
#include "org/org.h"
#include "registry/phone.h"
#include "registry/registry.h"
#include "volunteers/internal.h"

#define DEMO_PASSWORD "Linli@2026"

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林"};
static const char *const given[] = {"秀英", "桂兰", "建国", "志强", "丽", "敏", "军", "芳", "静",
	"海燕", "明", "婷", "晓东", "玉珍", "德明", "雪梅", "子涵", "浩然", "雨欣", "思远", "文华",
	"春花", "国庆", "淑芬"};

static const struct {
	const char *unit, *name, *kind, *description;
} teams[] = {
	{"510104020001", "红色便民服务队", "service", "代买代送、上门理发、社保卡年审，一对一陪伴独居老人"},
	{"510104020001", "网格党员志愿服务队", "party", "红色小网格，服务我先行：理论宣讲、创城爱卫、关爱弱势群体"},
	{"510104020001", "爱心138·退休干部服务队", "service", "矛盾纠纷调解、爱心托管"},
	{"510104020002", "爱心138·爱心人士服务队", "service", "关爱弱势群体、环境治理"},
	{"510104020002", "幸福社区青年志愿者服务队", "service", "心愿敲门行动、健康义诊"},
	{"510104020", "四川大学假期实践团", "student", "暑期爱心托管、课业辅导"},
	{"510104020", "西南交通大学假期实践团", "student", "手机电脑使用教学、反诈宣传"},
	{"510104020", "成都中医药大学假期实践团", "student", "健康义诊、中医养生讲座"},
};

static const struct {
	const char *code, *name, *description;
	int months;
} courses[] = {
	{"FA", "急救知识", "心肺复苏、AED 使用、外伤包扎", 24},
	{"TJ", "矛盾调解技巧", "邻里纠纷调解的方法与人民调解法", 24},
	{"YL", "老年护理", "居家照护、助浴助洁、失能老人照护", 12},
	{"XF", "消防安全", "灭火器使用、疏散逃生、电动车充电安全", 12},
	{"XL", "心理疏导", "倾听与陪伴、心理危机识别", 24},
};

static int fail(struct ctx *cx, const char *what)
{
	fprintf(stderr, "linli demo: volunteers: %s: %s\n", what, cx->err.detail);
	return -1;
}

static const char *iso(struct ctx *cx, int date)
{
	char b[16];
	date_format(date, b, sizeof b);
	return arena_strdup(cx->a, b);
}

int volunteers_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM volunteers", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	struct org_unit hp, xf;
	if (org_unit_by_code(cx, "510104020001", &hp) != 1 || org_unit_by_code(cx, "510104020002", &xf) != 1)
		return 0;
	char hash[CRYPTO_PWHASH_LEN];
	if (crypto_password_hash(DEMO_PASSWORD, hash) != 0)
		return err_setf(&cx->err, ERR_INTERNAL, "password hashing failed");
	/* the first of 和平社区's are residents of its registry */
	struct resident_filter rf = {.age_min = 18, .age_max = 75, .status = "living", .limit = 40,
				     .unit_id = hp.id};
	struct resident *res = NULL;
	size_t nres = 0;
	int64_t next;
	if (registry_residents_list(cx, &rf, &res, &nres, &next) < 0)
		return fail(cx, "residents");
	int today = vol_today(cx);
	int64_t ids[300];
	int nids = 0, per_unit[2] = {0, 0};
	for (int i = 0; i < 300; i++) {
		bool in_hp = i % 4 != 3;
		const struct org_unit *u = in_hp ? &hp : &xf;
		char ph[PHONE_MOBILE_LEN + 1];
		phone_make_demo(70000000u + (unsigned)i * 37u, ph);
		const char *name = arena_printf(cx->a, "%s%s", surnames[i % 20], given[(i * 7 + i / 20) % 24]);
		int64_t rid = 0;
		if (in_hp && (size_t)per_unit[0] < nres) {
			name = res[per_unit[0]].name;
			rid = res[per_unit[0]].id;
		}
		per_unit[in_hp ? 0 : 1]++;
		json_t *skills = json_array(), *avail = json_array();
		json_array_append_new(skills, json_string(vol_skills[i % 14]));
		if (i % 3 == 0)
			json_array_append_new(skills, json_string(vol_skills[(i / 3 + 5) % 14]));
		json_array_append_new(avail, json_string(vol_availability[i % 5]));
		if (i % 2)
			json_array_append_new(avail, json_string("weekend"));
		json_t *b = json_pack("{s:I, s:s, s:s, s:o, s:o}", "unit_id", (json_int_t)u->id, "name",
				      name, "phone", ph, "skills", skills, "availability", avail);
		if (rid)
			json_object_set_new(b, "resident_id", json_integer(rid));
		struct volunteer v;
		int rc = volunteers_create(cx, b, &v);
		json_decref(b);
		if (rc < 0)
			return fail(cx, "a volunteer");
		/* 21 pending, 6 rejected, the rest approved (some paused or left) */
		if (i >= 279)
			continue;
		if (i >= 273) {
			json_t *r = json_pack("{s:I, s:s}", "version", (json_int_t)v.version, "reason",
					      "不在本社区居住，已建议到居住地社区报名");
			rc = volunteers_reject(cx, v.id, r, &v);
			json_decref(r);
			if (rc < 0)
				return fail(cx, "a rejection");
			continue;
		}
		struct volunteer a;
		struct user acc;
		if (vol_approve_with(cx, &v, v.version, v.resident_id, hash, false, &a, &acc) < 0)
			return fail(cx, "an approval");
		if (i % 29 == 5 || i % 53 == 7) {
			json_t *p = json_pack("{s:I, s:s}", "version", (json_int_t)a.version, "status",
					      i % 29 == 5 ? "paused" : "left");
			rc = volunteers_update(cx, a.id, p, &a);
			json_decref(p);
			if (rc < 0)
				return fail(cx, "a status");
		}
		ids[nids++] = a.id;
	}
	/* teams: members of their unit, a leader each */
	for (size_t t = 0; t < sizeof teams / sizeof teams[0]; t++) {
		struct org_unit u;
		if (org_unit_by_code(cx, teams[t].unit, &u) != 1)
			continue;
		json_t *b = json_pack("{s:I, s:s, s:s, s:s}", "unit_id", (json_int_t)u.id, "name",
				      teams[t].name, "kind", teams[t].kind, "description", teams[t].description);
		struct volunteer_team team;
		int rc = volunteer_team_create(cx, b, &team);
		json_decref(b);
		if (rc < 0)
			return fail(cx, "a team");
		int added = 0;
		for (int k = (int)t; k < nids && added < 24; k += 5) {
			struct volunteer v;
			if (volunteers_by_id(cx, ids[k], &v) != 1 || !vol_path_under(v.unit_path, u.path) ||
			    v.status != VOLUNTEER_ACTIVE)
				continue;
			json_t *m = json_pack("{s:I, s:s, s:s}", "volunteer_id", (json_int_t)v.id, "role",
					      added == 0 ? "leader" : "member", "since", iso(cx, date_add(today, -300 + k)));
			json_t *out = NULL;
			rc = volunteer_team_add(cx, team.id, m, &out);
			json_decref(m);
			json_decref(out);
			if (rc < 0)
				return fail(cx, "a member");
			added++;
		}
	}
	/* courses, and sessions over the past year: those of 14 months ago have expired */
	static const int ago[] = {420, 200, 45};
	for (size_t c = 0; c < sizeof courses / sizeof courses[0]; c++) {
		json_t *b = json_pack("{s:s, s:s, s:s, s:i}", "code", courses[c].code, "name",
				      courses[c].name, "description", courses[c].description,
				      "validity_months", courses[c].months);
		json_t *course = NULL;
		int rc = trainings_course_create(cx, b, &course);
		json_decref(b);
		if (rc < 0)
			return fail(cx, "a course");
		int64_t course_id = json_integer_value(json_object_get(course, "id"));
		json_decref(course);
		for (int s = 0; s < 4; s++) {
			const struct org_unit *u = s == 3 ? &xf : &hp;
			int on = s == 3 ? date_add(today, -90 - (int)c * 7) :
				 date_add(today, -ago[s] - (int)c * 11);
			json_t *sb = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i}", "course_id",
				(json_int_t)course_id, "unit_id", (json_int_t)u->id, "date", iso(cx, on),
				"place", s == 3 ? "幸福社区党群服务中心二楼" : "和平社区党群服务中心多功能室",
				"trainer", c == 0 ? "社区卫生服务中心 刘医生" : c == 1 ? "街道人民调解委员会 周主任"
					 : c == 2 ? "区养老服务指导中心 陈老师" : c == 3 ? "消防救援站 李教官"
					 : "区心理援助热线 吴老师",
				"capacity", 40);
			json_t *sess = NULL;
			if (trainings_session_create(cx, sb, &sess) < 0) {
				json_decref(sb);
				return fail(cx, "a session");
			}
			json_decref(sb);
			int64_t sid = json_integer_value(json_object_get(sess, "id"));
			json_decref(sess);
			json_t *vids = json_array();
			for (int k = (int)(c * 3 + (size_t)s); k < nids && json_array_size(vids) < 25; k += 7) {
				struct volunteer v;
				if (volunteers_by_id(cx, ids[k], &v) == 1 && vol_path_under(v.unit_path, u->path))
					json_array_append_new(vids, json_integer(ids[k]));
			}
			json_t *ab = json_pack("{s:o}", "volunteer_ids", vids), *att = NULL;
			rc = trainings_attend(cx, sid, ab, &att);
			json_decref(ab);
			json_decref(att);
			if (rc < 0)
				return fail(cx, "attendance");
		}
		/* a session to come */
		json_t *sb = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i}", "course_id", (json_int_t)course_id,
			"unit_id", (json_int_t)hp.id, "date", iso(cx, date_add(today, 10 + (int)c * 5)),
			"place", "和平社区党群服务中心多功能室", "trainer", "待定", "capacity", 30);
		json_t *sess = NULL;
		rc = trainings_session_create(cx, sb, &sess);
		json_decref(sb);
		json_decref(sess);
		if (rc < 0)
			return fail(cx, "a session to come");
	}
	/* one revoked */
	struct qualification_filter qf = {.limit = 1};
	json_t *qs = NULL;
	if (trainings_qualifications_list(cx, &qf, &qs, &next) < 0)
		return fail(cx, "qualifications");
	json_t *q = json_array_get(qs, 0);
	if (q) {
		json_t *rb = json_pack("{s:I, s:s}", "version", json_integer_value(json_object_get(q, "version")),
				       "reason", "考核未通过，需重新参加培训");
		json_t *out = NULL;
		int rc = trainings_qualification_revoke(cx, json_integer_value(json_object_get(q, "id")), rb, &out);
		json_decref(rb);
		json_decref(out);
		if (rc < 0) {
			json_decref(qs);
			return fail(cx, "a revocation");
		}
	}
	json_decref(qs);
	return 0;
}

void volunteers_demo_notes(void)
{
	printf("Volunteers: 300 in 和平社区 and 幸福社区 (志愿者), 8 teams, 5 courses with their sessions;\n"
	       "  each approved volunteer logs in as v<number>, e.g. v510104020001-0001 (password %s);\n"
	       "  the public registration form is at /volunteer/join.\n", DEMO_PASSWORD);
}
