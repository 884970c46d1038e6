/* The demo's activities in 和平社区 over the past year: the rest point of the 15-minute living
 * circle kept every week, visits to the elders' home, cleaning days and a first-aid awareness
 * day, each with shifts every fortnight; the demo's volunteers signed up (some waitlisted),
 * checked in and out, their hours mostly approved with points earned through the ledger, the
 * last ones pending; and shifts in the next two weeks open for sign-up. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/date.h"
#include "org/org.h"
#include "shifts/internal.h"

static const struct {
	const char *title, *kind, *place, *description, *role;
	int hour, hours, capacity;
} acts[] = {
	{"15分钟便民生活圈·和平驿站值守", "standing", "和平社区便民驿站",
	 "为环卫工人、快递小哥和过往居民提供饮水、充电、休息", "驿站值守", 9, 3, 3},
	{"敬老院陪伴日", "activity", "锦城街道敬老院", "陪老人聊天、读报、理发、做手工", "陪伴志愿者", 14, 2, 6},
	{"和平社区环境清洁日", "activity", "和平社区各小区", "清理楼道杂物、捡拾垃圾、整理共享单车",
	 "清洁志愿者", 8, 3, 8},
	{"急救知识宣传进社区", "activity", "和平社区党群服务中心广场", "心肺复苏演示、AED 使用讲解、发放宣传册",
	 "宣传引导员", 9, 4, 4},
};

static int fail(struct ctx *cx, const char *what)
{
	fprintf(stderr, "linli demo: shifts: %s: %s\n", what, cx->err.detail);
	return -1;
}

static const char *iso(struct ctx *cx, int64_t t)
{
	char b[40];
	clock_iso(t, b, sizeof b);
	return arena_strdup(cx->a, b);
}

int shifts_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM shift_activities", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	struct org_unit hp;
	if (org_unit_by_code(cx, "510104020001", &hp) != 1)
		return 0;
	struct volunteer_filter vf = {.unit_id = hp.id, .approval = "approved", .status = "active",
				      .limit = 40};
	struct volunteer *vols;
	size_t nv;
	int64_t cursor;
	if (volunteers_list(cx, &vf, &vols, &nv, &cursor) < 0)
		return fail(cx, "volunteers");
	if (nv < 10)
		return 0;
	/* the volunteer the demo's notes name (v510104020001-0001) serves at the rest point */
	struct volunteer first;
	int hf = volunteers_by_number(cx, "510104020001-0001", &first);
	if (hf < 0)
		return fail(cx, "volunteer");
	int64_t real_now = cx->now;
	int today = date_of_time(real_now);
	uint32_t seed = 12345;
	for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
		cx->now = date_midnight(date_add(today, -380));
		json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:s}", "unit_id", (json_int_t)hp.id,
			"title", acts[a].title, "kind", acts[a].kind, "place", acts[a].place,
			"description", acts[a].description), *act = NULL;
		int rc = sh_activity_create(cx, body, &act);
		json_decref(body);
		if (rc < 0)
			return fail(cx, "activity");
		int64_t aid = json_integer_value(json_object_get(act, "id"));
		json_decref(act);
		/* a shift a fortnight from a year ago to two weeks ahead, on a weekday of its own */
		for (int d = -364 + (int)a * 3; d <= 14; d += 14) {
			int day = date_add(today, d);
			int64_t starts = date_midnight(day) + acts[a].hour * 3600;
			int64_t ends = starts + acts[a].hours * 3600;
			cx->now = starts - 7 * 86400;
			body = json_pack("{s:I, s:s, s:s, s:s, s:i}", "activity_id", (json_int_t)aid, "role",
				acts[a].role, "starts_at", iso(cx, starts), "ends_at", iso(cx, ends),
				"capacity", acts[a].capacity);
			json_t *sh = NULL;
			rc = sh_shift_create(cx, body, &sh);
			json_decref(body);
			if (rc < 0)
				return fail(cx, "shift");
			int64_t sid = json_integer_value(json_object_get(sh, "id"));
			json_decref(sh);
			/* sign-ups: the places and one or two waiting */
			int want = d > 0 ? acts[a].capacity - 1 : acts[a].capacity + (int)(seed % 2);
			int64_t signed_up[16];
			int ns = 0;
			for (int k = 0; k < want && k < 16; k++) {
				seed = seed * 1103515245u + 12345u;
				const struct volunteer *v = &vols[(seed >> 8) % nv];
				if (a == 0 && k == 0 && hf == 1 && d <= 0 && volunteers_serving(&first))
					v = &first;
				cx->now = starts - (int64_t)(1 + k) * 3600 * 5;
				body = json_pack("{s:I}", "volunteer_id", (json_int_t)v->id);
				json_t *g = NULL;
				rc = sh_signup(cx, sid, body, &g);
				json_decref(body);
				if (rc < 0) {
					err_clear(&cx->err);   /* the same volunteer twice */
					continue;
				}
				if (strcmp(json_string_value(json_object_get(g, "state")), "confirmed") == 0)
					signed_up[ns++] = v->id;
				json_decref(g);
			}
			if (ends > real_now)
				continue;
			/* attendance recorded by the organiser after the shift, one sometimes absent */
			for (int k = 0; k < ns; k++) {
				seed = seed * 1103515245u + 12345u;
				if (seed % 9 == 0)
					continue;
				cx->now = ends + 1800;
				int64_t in = starts - (int64_t)((seed >> 4) % 10) * 60;
				int64_t out = ends - (int64_t)((seed >> 9) % 40) * 60;
				body = json_pack("{s:I, s:s, s:s}", "volunteer_id", (json_int_t)signed_up[k],
					"checked_in_at", iso(cx, in), "checked_out_at", iso(cx, out));
				json_t *g = NULL;
				rc = sh_attendance(cx, sid, body, &g);
				json_decref(body);
				json_decref(g);
				if (rc < 0)
					return fail(cx, "attendance");
			}
			/* approved the next day, but for the last fortnight's */
			if (ends < real_now - 10 * 86400) {
				cx->now = ends + 86400;
				json_t *res = NULL;
				if (sh_hours_approve_shift(cx, sid, NULL, &res) < 0)
					return fail(cx, "approval");
				json_decref(res);
			}
		}
	}
	cx->now = real_now;
	return 0;
}
