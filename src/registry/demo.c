/* `linli demo`: the households and residents of 和平社区, one per dwelling that org's demo
 * built, with synthetic names, valid ID numbers (birth dates and sexes that agree) and phones in
 * the unallotted 154 range, and the tags a community keeps: elderly people living alone, the
 * very old, disability, minimum income, veterans, key households. Always the same data. */
#include <stdio.h>
#include <string.h>

#include "org/org.h"
#include "registry/idnum.h"
#include "registry/internal.h"
#include "registry/phone.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	"何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
	"肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
	"沈", "姚", "卢", "钟", "谭", "陆", "汪", "范", "金", "廖", "贾", "夏", "付", "方", "邹", "熊",
	"欧阳", "司马"};
static const char *const given_m[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "飞", "宇", "浩",
	"建国", "志强", "文斌", "子轩", "浩然", "宇航", "俊杰", "思远", "家豪", "永福", "德明", "国庆"};
static const char *const given_f[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰", "红梅", "婷", "雪",
	"欣怡", "雨萱", "梓涵", "佳琪", "诗雨", "晓燕", "淑珍", "美玲", "春花", "秋菊", "琳", "洁"};
static const char *const divisions[] = {"510104", "510105", "510106", "510107", "510108", "510112"};

struct rng {
	uint64_t s;
};

static uint32_t next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 11);
}

static int pick(struct rng *r, int n) { return (int)(next(r) % (uint32_t)n); }
#define ONE_OF(r, a) (a)[pick(r, (int)(sizeof(a) / sizeof((a)[0])))]

static int birth_of(struct rng *r, int today, int age)
{
	int y = today / 10000 - age, m = 1 + pick(r, 12), d = 1 + pick(r, 28);
	int b = y * 10000 + m * 100 + d;
	return b > today ? today - 10000 : b;
}

/* One resident in household h; 0, or -1 with cx->err set. */
static int add_person(struct ctx *cx, struct rng *r, int64_t household, const char *relation,
		      const char *surname, bool male, int age, int *seq, const char *const *tags,
		      size_t ntags)
{
	int today = registry_today(cx);
	int birth = birth_of(r, today, age);
	char name[32];
	snprintf(name, sizeof name, "%s%s", surname, male ? ONE_OF(r, given_m) : ONE_OF(r, given_f));
	json_t *t = json_array();
	for (size_t i = 0; i < ntags; i++)
		json_array_append_new(t, json_string(tags[i]));
	int roll = pick(r, 100);
	json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "household_id", (json_int_t)household,
				 "relation", relation, "name", name, "population",
				 roll < 85 ? "registered" : roll < 95 ? "resident" : "floating", "ethnicity",
				 roll % 31 == 0 ? "03" : roll % 37 == 0 ? "04" : "01", "tags", t);
	if (age >= 16) {
		char phone[PHONE_MOBILE_LEN + 1];
		phone_make_demo((uint64_t)*seq * 7919u + 13, phone);
		json_object_set_new(body, "phone", json_string(phone));
	}
	int rc = -1;
	for (int attempt = 0; attempt < 8 && rc < 0; attempt++) {
		char idn[IDNUM_RESIDENT_LEN + 1];
		(*seq)++;
		if (idnum_make(ONE_OF(r, divisions), birth, *seq % 500, male ? IDNUM_SEX_MALE
					      : IDNUM_SEX_FEMALE, idn) < 0)
			continue;
		json_object_set_new(body, "id_number", json_string(idn));
		struct resident out;
		err_clear(&cx->err);
		rc = registry_resident_create(cx, body, &out);
		if (rc < 0 && cx->err.code != ERR_CONFLICT)
			break;   /* anything but a taken number is a real failure */
	}
	json_decref(body);
	return rc;
}

/* A household in a dwelling: a head, perhaps a spouse, children and a parent. */
static int add_household(struct ctx *cx, struct rng *r, int64_t place, int *seq)
{
	json_t *body = json_pack("{s:I}", "place_id", (json_int_t)place);
	struct household h;
	int rc = registry_household_create(cx, body, &h);
	json_decref(body);
	if (rc < 0)
		return -1;
	const char *surname = ONE_OF(r, surnames);
	int size = 1 + pick(r, 4) + (pick(r, 5) == 0), age = 28 + pick(r, 62);
	bool male = pick(r, 3) != 0;
	const char *tags[4];
	size_t nt = 0;
	if (size == 1 && age >= 68)
		tags[nt++] = "living_alone";
	if (age >= 80)
		tags[nt++] = "advanced_age";
	if (pick(r, 50) == 0)
		tags[nt++] = "disability";
	if (pick(r, 60) == 0)
		tags[nt++] = "minimum_income";
	if (male && age >= 45 && pick(r, 30) == 0)
		tags[nt++] = "veteran";
	if (nt && strcmp(tags[0], "veteran") != 0)
		tags[nt++] = "key_household";
	if (add_person(cx, r, h.id, "head", surname, male, age, seq, tags, nt) < 0)
		return -1;
	if (size >= 2 && add_person(cx, r, h.id, "spouse", ONE_OF(r, surnames), !male,
				    age - 3 + pick(r, 7), seq, NULL, 0) < 0)
		return -1;
	for (int c = 2; c < size; c++) {
		int cage = age - 22 - pick(r, 12);
		if (cage < 0)
			cage = pick(r, 3);
		const char *ctags[1] = {"left_behind_child"};
		bool lb = cage < 14 && pick(r, 40) == 0;
		if (add_person(cx, r, h.id, "child", surname, pick(r, 2), cage, seq, ctags, lb) < 0)
			return -1;
	}
	return 0;
}

int registry_demo(struct ctx *cx)
{
	struct org_unit community;
	int f = org_unit_by_code(cx, "510104020001", &community);
	if (f <= 0)
		return f;
	struct household_filter hf = {.unit_id = community.id, .limit = 1};
	struct household *hh;
	size_t n;
	int64_t next_cursor;
	if (registry_households_list(cx, &hf, &hh, &n, &next_cursor) < 0)
		return -1;
	if (n)   /* already there */
		return 0;
	if (!registry_keys())
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data");
	struct rng r = {0x9E3779B97F4A7C15u};
	int seq = 0;
	struct org_unit *micro;
	size_t nm;
	struct org_unit_filter uf = {.kind = "microgrid"};
	if (org_units_list(cx, &uf, &micro, &nm) < 0)
		return -1;
	struct arena *keep = cx->a;
	for (size_t m = 0; m < nm; m++) {
		if (strncmp(micro[m].path, community.path, strlen(community.path)) != 0)
			continue;
		cx->a = arena_new();   /* each micro-grid's work on an arena of its own */
		int rc = 0;
		/* its buildings, their entrances, their dwellings */
		struct org_place_filter pf = {.unit_id = micro[m].id, .limit = 200};
		struct org_place *b, *e, *d;
		size_t nb, ne, nd;
		int64_t nc;
		rc = org_places_list(cx, &pf, &b, &nb, &nc);
		for (size_t i = 0; rc == 0 && i < nb; i++) {
			pf.parent_id = b[i].id;
			rc = org_places_list(cx, &pf, &e, &ne, &nc);
			for (size_t j = 0; rc == 0 && j < ne; j++) {
				pf.parent_id = e[j].id;
				rc = org_places_list(cx, &pf, &d, &nd, &nc);
				for (size_t k = 0; rc == 0 && k < nd; k++)
					if (pick(&r, 20) != 0)   /* one dwelling in twenty stands empty */
						rc = add_household(cx, &r, d[k].id, &seq);
			}
		}
		arena_free(cx->a);
		cx->a = keep;
		if (rc < 0)
			return -1;
	}
	return 0;
}

void registry_demo_notes(void)
{
	printf("Residents: 和平社区 has its households and residents (synthetic names; ID numbers\n"
	       "with valid check characters; phones in the unallotted 154 range).\n");
}
