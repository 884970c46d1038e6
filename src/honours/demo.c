/* The demo's household points and honours in 和平社区, after the seeds' 居民积分制: the rules
 * (参加议事, 志愿服务 by the hour, 垃圾分类达标, 参加活动) and a year of awards to forty of its
 * households; last year's 文明户 and 五好家庭 published; this year's 文明户 in 公示, with an
 * objection lodged on the public board. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/json.h"
#include "honours/internal.h"
#include "org/org.h"
#include "registry/registry.h"

static int fail(struct ctx *cx, const char *what)
{
	fprintf(stderr, "linli demo: honours: %s: %s\n", what, cx->err.detail);
	return -1;
}

static const struct {
	const char *name, *per;
	int points, cap;
} rules[] = {
	{"参加议事", "time", 5, 60},
	{"志愿服务", "hour", 10, 200},
	{"垃圾分类达标", "time", 2, 24},
	{"参加活动", "time", 3, 36},
};

static const char *const reasons[] = {
	"热心公益，常年参加楼栋志愿服务", "孝老爱亲，照顾卧床老人十余年", "邻里和睦，主动调解楼道纠纷",
	"垃圾分类示范户，带动整栋楼分类投放", "积极参加居民议事，建言小区停车改造",
	"家风清正，子女勤学上进", "移风易俗，婚事新办", "爱心138志愿者家庭",
};

static int64_t kind_id(struct ctx *cx, const char *name)
{
	int64_t id = 0;
	struct store_stmt *st = store_prepare(cx->db, "SELECT id FROM honour_kinds WHERE name = ?");
	if (!st)
		return 0;
	store_bind_text(st, 1, name);
	if (store_step(st) == STORE_ROW)
		id = store_col_int64(st, 0);
	store_reset(st);
	return id;
}

static const char *iso_date(struct ctx *cx, int d)
{
	char b[16];
	date_format(d, b, sizeof b);
	return arena_strdup(cx->a, b);
}

/* A rating started, its nominees nominated: the rating's answer. */
static int nominate_all(struct ctx *cx, int64_t community, const char *kind, int year,
			const struct household *hh, size_t from, size_t n, json_t **g)
{
	json_t *b = json_pack("{s:I, s:I, s:i}", "community_id", (json_int_t)community, "kind_id",
			      (json_int_t)kind_id(cx, kind), "year", year);
	int rc = hon_rating_create(cx, b, g);
	json_decref(b);
	if (rc < 0)
		return fail(cx, "a rating");
	for (size_t i = from; i < from + n; i++) {
		json_t *out;
		b = json_pack("{s:I, s:I, s:s}", "version", json_integer_value(json_object_get(*g, "version")),
			      "household_id", (json_int_t)hh[i].id, "reason", reasons[i % 8]);
		rc = hon_nominate(cx, json_integer_value(json_object_get(*g, "id")), b, &out);
		json_decref(b);
		if (rc < 0) {
			json_decref(*g);
			return fail(cx, "a nomination");
		}
		json_decref(*g);
		*g = out;
	}
	return 0;
}

/* Last year's rating, published: its period and result written as they happened. */
static int last_year(struct ctx *cx, int64_t community, const char *kind, int year,
		     const struct household *hh, size_t from, size_t n)
{
	json_t *g;
	if (nominate_all(cx, community, kind, year, hh, from, n, &g) < 0)
		return -1;
	int64_t id = json_integer_value(json_object_get(g, "id"));
	json_decref(g);
	int64_t start = date_midnight(year * 10000 + 1210), end = date_midnight(year * 10000 + 1217) - 1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE honour_ratings SET state = 'published', notice_start = ?, notice_end = ?,"
		" award_date = ?, published_at = ?, version = version + 1 WHERE id = ?");
	struct store_stmt *sn = st ? store_prepare(cx->db,
		"UPDATE honour_nominations SET state = 'awarded', version = version + 1 WHERE"
		" rating_id = ?") : NULL;
	if (!sn)
		return ctx_fail(cx);
	store_bind_int64(st, 1, start);
	store_bind_int64(st, 2, end);
	store_bind_int64(st, 3, year * 10000 + 1220);
	store_bind_int64(st, 4, date_midnight(year * 10000 + 1220) + 9 * 3600);
	store_bind_int64(st, 5, id);
	store_bind_int64(sn, 1, id);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0 || ctx_write(cx, sn, NULL, NULL, NULL) < 0)
		return -1;
	return ctx_commit(cx);
}

int honours_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM honour_point_rules", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	struct org_unit hp;
	if (org_unit_by_code(cx, "510104020001", &hp) != 1)
		return 0;
	struct household_filter hf = {.unit_id = hp.id, .status = "active", .limit = 40};
	struct household *hh = NULL;
	size_t nh = 0;
	int64_t next;
	if (registry_households_list(cx, &hf, &hh, &nh, &next) < 0)
		return fail(cx, "households");
	if (nh < 20)
		return 0;
	int64_t rule_ids[4];
	for (int i = 0; i < 4; i++) {
		json_t *b = json_pack("{s:I, s:s, s:i, s:s, s:i}", "community_id", (json_int_t)hp.id,
				      "name", rules[i].name, "points", rules[i].points, "per", rules[i].per,
				      "year_cap", rules[i].cap), *out;
		int rc = hon_rule_create(cx, b, &out);
		json_decref(b);
		if (rc < 0)
			return fail(cx, "a rule");
		rule_ids[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}
	/* a year of awards: a meeting a month, service hours, the sorting checks, activities */
	int today = hon_today(cx), year = today / 10000;
	for (int m = 1; m <= 12; m++) {
		int day = year * 10000 + m * 100 + 15;
		if (day > today)
			break;
		for (int r = 0; r < 4; r++) {
			json_t *ids = json_array();
			for (size_t i = 0; i < nh; i++)
				if ((i * 7 + (size_t)m * 3 + (size_t)r * 5) % 4 != 0 && (r != 1 || i % 3 == 0))
					json_array_append_new(ids, json_integer(hh[i].id));
			json_t *b = json_pack("{s:I, s:o, s:s, s:i, s:s}", "rule_id", (json_int_t)rule_ids[r],
					      "household_ids", ids, "on_date", iso_date(cx, day), "quantity",
					      r == 1 ? 90 + 30 * (m % 3) : 1, "note",
					      arena_printf(cx->a, "%d月", m)), *out;
			int rc = hon_awards_create(cx, b, &out);
			json_decref(b);
			if (rc < 0) {
				/* a household at a rule's yearly cap: that month's list is left out */
				err_clear(&cx->err);
				continue;
			}
			json_decref(out);
		}
	}
	/* last year's results */
	if (last_year(cx, hp.id, "文明户", year - 1, hh, 0, 6) < 0 ||
	    last_year(cx, hp.id, "五好家庭", year - 1, hh, 6, 4) < 0)
		return -1;
	/* this year's 文明户 in 公示, from two days ago for a week, with an objection */
	json_t *g;
	if (nominate_all(cx, hp.id, "文明户", year, hh, 10, 5, &g) < 0)
		return -1;
	int64_t gid = json_integer_value(json_object_get(g, "id"));
	json_t *b = json_pack("{s:I, s:o, s:o}", "version", json_integer_value(json_object_get(g, "version")),
			      "start_at", json_time(cx->now - 2 * 86400), "end_at", json_time(cx->now + 5 * 86400)), *out;
	json_decref(g);
	int rc = hon_rating_open(cx, gid, b, &out);
	json_decref(b);
	if (rc < 0)
		return fail(cx, "公示");
	int64_t nid = json_integer_value(json_object_get(json_array_get(json_object_get(out, "nominees"), 1), "id"));
	json_decref(out);
	b = json_pack("{s:I, s:s, s:s}", "nomination_id", (json_int_t)nid, "reason",
		      "该户在楼道长期堆放杂物，邻居多次提醒未清理，建议核实后再评。", "name", "楼上邻居");
	rc = hon_public_object(cx, b, &out);
	json_decref(b);
	if (rc < 0)
		return fail(cx, "an objection");
	json_decref(out);
	/* and 五好家庭 of this year, nominating */
	if (nominate_all(cx, hp.id, "五好家庭", year, hh, 15, 3, &g) < 0)
		return -1;
	json_decref(g);
	return 0;
}

void honours_demo_notes(void)
{
	printf("Honours: 和平社区's household points rules and a year of awards, last year's 文明户 and\n"
	       "  五好家庭, this year's 文明户 in 公示 with an objection: /honours in the console, the\n"
	       "  public notice board at /honours/public.\n");
}
