/* `linli demo`: the households and residents of 和平社区, one per dwelling that org's demo
 * built, with synthetic names, valid ID numbers (birth dates and sexes that agree) and phones in
 * the unallotted 154 range, and the tags a community keeps: elderly people living alone, the
 * very old, disability, minimum income, veterans, key households. Always the same data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/log.h"

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

/* ------------------------------------------------------------------------------------------ */
/* `linli demo --scale district`: about a million residents for benchmarks. Three streets of
 * Jinjiang, 50 communities each, 6 grids a community, in each grid 37 six-storey buildings of
 * two entrances, every building a micro-grid of its 12 dwellings, as org's demo builds them;
 * households and residents made as above (one dwelling in twenty empty, a few members moved
 * out). Each community is built in one transaction through the bulk paths (org/bulk.c,
 * registry/bulk.c), with one audit entry saying what it holds; one already there is left as it
 * is, so a run that stopped goes on where it stopped. */

#define D_STREETS 3
#define D_COMMUNITIES 50
#define D_GRIDS 6
#define D_BUILDINGS 37      /* a grid's */
#define D_ENTRANCES 2
#define D_FLOORS 6
#define D_ORDER_SLOTS 10    /* communities sharing a division, each with its own sequences */
#define D_ORDERS 50         /* sequences of one community for one birth date and sex */

static const char *const d_streets[D_STREETS] = {"锦东街道", "锦南街道", "锦北街道"};
static const char *const d_name_a[10] = {"和睦", "安居", "东篱", "翠柳", "望江", "青莲", "银杏",
					 "桂溪", "兴隆", "锦绣"};
static const char *const d_name_b[5] = {"", "里", "苑", "新村", "花园"};
static const char *const d_grid_no[D_GRIDS] = {"一", "二", "三", "四", "五", "六"};
/* Chengdu's other districts and counties: the community demo uses the six above. */
static const char *const d_divisions[15] = {"510113", "510114", "510115", "510116", "510117",
	"510118", "510121", "510129", "510131", "510181", "510182", "510183", "510184", "510185",
	"510124"};

/* How many sequences one community has used for a birth date and sex: a small open table. */
#define D_SEQ_SLOTS 32768
struct d_seq {
	int key[D_SEQ_SLOTS];
	unsigned char used[D_SEQ_SLOTS];
};

static int d_next_order(struct d_seq *t, int birth, bool male)
{
	int key = birth * 2 + male;
	uint32_t h = (uint32_t)key * 2654435761u;
	for (uint32_t i = 0; i < D_SEQ_SLOTS; i++) {
		uint32_t k = (h + i) % D_SEQ_SLOTS;
		if (t->key[k] == key || t->key[k] == 0) {
			t->key[k] = key;
			return t->used[k] < D_ORDERS ? t->used[k]++ : -1;
		}
	}
	return -1;
}

struct d_state {
	struct rng r;
	struct d_seq *seq;
	const char *division;
	int slot;               /* of D_ORDER_SLOTS */
	uint64_t phone;         /* the next demo phone's number */
	int today;
	int64_t residents, households, moved_out;
};

/* One person of a household: name, a resident ID number unique in the district, a phone. */
static int d_person(struct ctx *cx, struct d_state *s, struct bulk_person *p, const char *relation,
		    const char *surname, bool male, int age, const char *const *tags, size_t ntags)
{
	struct rng *r = &s->r;
	int birth = birth_of(r, s->today, age), order;
	while ((order = d_next_order(s->seq, birth, male)) < 0)
		birth = birth % 100 < 28 ? birth + 1 : birth - 27;   /* that day is full: the next */
	char *id = arena_alloc(cx->a, IDNUM_RESIDENT_LEN + 1);
	if (idnum_make(s->division, birth, s->slot * D_ORDERS + order,
		       male ? IDNUM_SEX_MALE : IDNUM_SEX_FEMALE, id) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "no ID number for %d", birth);
	int roll = pick(r, 100);
	*p = (struct bulk_person){
		.relation = relation,
		.name = arena_printf(cx->a, "%s%s", surname, male ? ONE_OF(r, given_m) : ONE_OF(r, given_f)),
		.sex = male ? "male" : "female", .birth_date = birth, .id_number = id,
		.population = roll < 85 ? "registered" : roll < 95 ? "resident" : "floating",
		.ethnicity = roll % 31 == 0 ? "03" : roll % 37 == 0 ? "04" : "01",
		.tags = tags, .ntags = ntags};
	if (age >= 16) {
		char *phone = arena_alloc(cx->a, PHONE_MOBILE_LEN + 1);
		phone_make_demo(s->phone++ * 7919u + 13, phone);
		p->phone = phone;
	}
	return 0;
}

/* A household in a dwelling, drawn as add_household draws them; one member in sixty (never
 * the head) has moved out in the last three years. */
static int d_household(struct ctx *cx, struct d_state *s, struct registry_bulk *b,
		       const struct org_unit *unit, int64_t place, const char *address)
{
	struct rng *r = &s->r;
	struct bulk_person people[6];
	size_t n = 0;
	const char *surname = ONE_OF(r, surnames);
	int size = 1 + pick(r, 4) + (pick(r, 5) == 0), age = 28 + pick(r, 62);
	bool male = pick(r, 3) != 0;
	const char **tags = arena_alloc(cx->a, 6 * sizeof *tags);
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
	if (d_person(cx, s, &people[n++], "head", surname, male, age, tags, nt) < 0)
		return -1;
	if (size >= 2 && d_person(cx, s, &people[n++], "spouse", ONE_OF(r, surnames), !male,
				  age - 3 + pick(r, 7), NULL, 0) < 0)
		return -1;
	static const char *const left_behind[1] = {"left_behind_child"};
	for (int c = 2; c < size; c++) {
		int cage = age - 22 - pick(r, 12);
		if (cage < 0)
			cage = pick(r, 3);
		bool lb = cage < 14 && pick(r, 40) == 0;
		if (d_person(cx, s, &people[n++], "child", surname, pick(r, 2), cage, left_behind, lb) < 0)
			return -1;
	}
	for (size_t i = 1; i < n; i++)
		if (pick(r, 60) == 0) {
			int date = s->today - 10000 * pick(r, 3) - 100 * pick(r, 11);
			if (date % 10000 < 101)
				date += 100;
			if (date > s->today || date < people[i].birth_date)
				continue;
			people[i].moved_out = date;
			s->moved_out++;
		}
	struct household_draft h = {unit->id, place, address, {0}};
	memcpy(h.anchor, unit->anchor, sizeof h.anchor);
	if (registry_bulk_household(b, &h, people, n) < 0)
		return -1;
	s->households++;
	s->residents += (int64_t)n;
	return 0;
}

/* One community, all of it in one transaction: 1 if built, 0 if it was there, -1 on error. */
static int d_community(struct ctx *cx, const struct org_unit *street, int si, int ci,
		       struct d_seq *seq)
{
	char code[32], name[64];
	snprintf(code, sizeof code, "%s%03d", street->code, ci + 1);
	struct org_unit community;
	int f = org_unit_by_code(cx, code, &community);
	if (f != 0)
		return f < 0 ? -1 : 0;
	int gi = si * D_COMMUNITIES + ci;   /* 0..149 */
	struct d_state s = {.r = {0x9E3779B97F4A7C15u ^ ((uint64_t)(gi + 1) * 0xBF58476D1CE4E5B9u)},
			    .seq = seq, .division = d_divisions[gi % 15], .slot = gi / 15,
			    .phone = 1000000u + (uint64_t)gi * 20000u, .today = registry_today(cx)};
	memset(seq, 0, sizeof *seq);
	for (int i = 0; i < 8; i++)
		next(&s.r);
	const char *cname = arena_printf(cx->a, "%s%s社区", d_name_a[ci % 10], d_name_b[ci / 10]);
	if (ctx_begin(cx) < 0)
		return -1;
	if (org_bulk_unit(cx, street, code, cname, "community", &community) < 0)
		return -1;
	struct registry_bulk *b = registry_bulk_new(cx, NULL);
	if (!b)
		return -1;
	int64_t units = 1, places = 0;
	int number = 0;
	for (int g = 0; g < D_GRIDS; g++) {
		struct org_unit grid, micro;
		snprintf(code, sizeof code, "%s%03d", community.code, g + 1);
		snprintf(name, sizeof name, "%s第%s网格", cname, d_grid_no[g]);
		if (org_bulk_unit(cx, &community, code, name, "grid", &grid) < 0)
			return -1;
		units++;
		for (int m = 1; m <= D_BUILDINGS; m++) {
			number++;
			snprintf(code, sizeof code, "%s%03d", grid.code, m);
			snprintf(name, sizeof name, "%d栋微网格", number);
			if (org_bulk_unit(cx, &grid, code, name, "microgrid", &micro) < 0)
				return -1;
			units++;
			char bname[32];
			snprintf(bname, sizeof bname, "%d栋", number);
			int64_t bid = org_bulk_place(cx, micro.id, 0, "building", bname);
			if (!bid)
				return -1;
			places++;
			for (int e = 1; e <= D_ENTRANCES; e++) {
				char ename[32];
				snprintf(ename, sizeof ename, "%d单元", e);
				int64_t eid = org_bulk_place(cx, micro.id, bid, "entrance", ename);
				if (!eid)
					return -1;
				places++;
				for (int fl = 1; fl <= D_FLOORS; fl++) {
					char dname[32];
					snprintf(dname, sizeof dname, "%d01", fl);
					int64_t did = org_bulk_place(cx, micro.id, eid, "dwelling", dname);
					if (!did)
						return -1;
					places++;
					if (pick(&s.r, 20) == 0)   /* one dwelling in twenty stands empty */
						continue;
					const char *address = arena_printf(cx->a, "%s%s%s", bname, ename, dname);
					if (d_household(cx, &s, b, &micro, did, address) < 0)
						return -1;
				}
			}
		}
		if (registry_bulk_flush(b) < 0)   /* a grid at a time */
			return -1;
	}
	json_t *what = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "demo", "district",
				 "units", (json_int_t)units, "places", (json_int_t)places,
				 "households", (json_int_t)s.households,
				 "residents", (json_int_t)s.residents,
				 "moved_out", (json_int_t)s.moved_out);
	int rc = audit_record(cx, "registry.demo", "org_unit", community.id, NULL, what);
	json_decref(what);
	if (rc < 0) {
		ctx_rollback(cx);
		return -1;
	}
	if (ctx_commit(cx) < 0)
		return -1;
	log_info("demo: %s %s: %lld households, %lld residents", community.code, cname,
		 (long long)s.households, (long long)s.residents);
	return 1;
}

int registry_demo_district(struct ctx *cx)
{
	if (!registry_keys())
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no keys for personal data");
	if (store_kind(cx->db) == STORE_SQLITE &&
	    store_exec(cx->db, "PRAGMA cache_size = -262144") < 0)   /* 256 MB for the indexes */
		return ctx_store_error(cx);
	struct d_seq *seq = malloc(sizeof *seq);
	if (!seq)
		return err_set(&cx->err, ERR_INTERNAL);
	struct arena *keep = cx->a;
	int rc = 0, built = 0;
	for (int si = 0; rc >= 0 && si < D_STREETS; si++) {
		char code[32];
		snprintf(code, sizeof code, "510104%03d", 21 + si);
		struct org_unit street;
		int f = org_unit_by_code(cx, code, &street);
		if (f == 0 && org_unit_add(cx, code, d_streets[si], "street", NULL, &street) < 0)
			f = -1;
		if (f < 0) {
			rc = -1;
			break;
		}
		for (int ci = 0; rc >= 0 && ci < D_COMMUNITIES; ci++) {
			cx->a = arena_new();   /* each community's work on an arena of its own */
			struct org_unit st = street;
			st.code = arena_strdup(cx->a, street.code);
			st.path = arena_strdup(cx->a, street.path);
			rc = d_community(cx, &st, si, ci, seq);
			built += rc > 0;
			arena_free(cx->a);
			cx->a = keep;
		}
	}
	free(seq);
	if (rc < 0) {
		ctx_rollback(cx);   /* a community that failed half-way leaves nothing */
		return -1;
	}
	/* plans for the new sizes; on PostgreSQL the visibility map too, without which an
	 * index-only scan reads the table's pages anyway until autovacuum comes by */
	if (built && store_exec(cx->db, store_kind(cx->db) == STORE_POSTGRES ? "VACUUM ANALYZE"
									 : "ANALYZE") < 0)
		return ctx_store_error(cx);
	return 0;
}

void registry_demo_notes(void)
{
	printf("Residents: 和平社区 has its households and residents (synthetic names; ID numbers\n"
	       "with valid check characters; phones in the unallotted 154 range).\n");
}
