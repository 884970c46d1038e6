/* org: what the org-unit tree hands the program. */
#include <stdio.h>

#include <jansson.h>

#include "app/feature.h"
#include "org/limits.h"
#include "org/org.h"

const struct limit org_limits[] = {
	[L_UNIT_NAME] = {"unit.name", LIMIT_STRING, 1, 64, NULL},
	[L_UNIT_CODE] = {"unit.code", LIMIT_STRING, 1, 32, "^[A-Za-z0-9-]{1,32}$"},
	[L_PLACE_NAME] = {"place.name", LIMIT_STRING, 1, 32, NULL},
	[L_ORG__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"unit_unknown", "未知的组织单元", "is not a known org unit"},
	{"unit_closed", "该组织单元已撤销", "is a closed org unit"},
	{"unit_open", "该组织单元未撤销", "is an open org unit"},
	{"unit_cycle", "不能移到它自己或它的下级单元之下", "cannot be the unit itself or a unit below it"},
	{"unit_parent_kind", "上级单元类型不符：街道在最上层，社区在街道下或自成一棵树，小区和网格在社区下，微网格在网格下",
	 "does not fit: a street is at the top, a community under a street or at the top of its own, "
	 "a compound or grid under a community, a micro-grid under a grid"},
	{"unit_has_units", "还有 %ld 个下级单元未撤销", "still has %ld open units below it"},
	{"unit_has_places", "还有 %ld 处楼栋或房屋未撤销", "still has %ld open buildings or dwellings"},
	{"code_street", "街道编码为 9 位数字：6 位行政区划代码加 3 位街道序号",
	 "must be 9 digits: a 6-digit division code and a 3-digit street number"},
	{"code_community", "社区编码为 12 位数字：6 位行政区划代码、3 位街道序号和 3 位社区序号",
	 "must be 12 digits: a 6-digit division code, a 3-digit street and a 3-digit community number"},
	{"code_division", "前 6 位须为有效的县级行政区划代码（GB/T 2260）",
	 "must begin with a valid county-level division code (GB/T 2260)"},
	{"code_number", "末 3 位序号须在 001 到 999 之间", "must end in a number from 001 to 999"},
	{"code_prefix", "须为上级单元的编码加 3 位序号",
	 "must be the parent's code followed by a 3-digit number"},
	{"code_compound", "小区编码为所属社区的编码加字母 C 和 3 位序号",
	 "must be the community's code followed by C and a 3-digit number"},
	{"code_free_form", "只能使用字母、数字和连字符，1 到 32 位",
	 "may use letters, digits and '-', 1 to 32 characters"},
	{"place_unknown", "未知的楼栋或房屋", "is not a known building or dwelling"},
	{"place_closed", "该楼栋或房屋已撤销", "is closed"},
	{"place_open", "该楼栋或房屋未撤销", "is open"},
	{"place_other_unit", "与上级楼栋不在同一个单元", "is not the unit of the parent building"},
	{"place_parent_kind", "位置不符：楼栋在小区、网格或微网格中，单元在楼栋中，房屋在单元或楼栋中",
	 "does not fit: a building is in a compound, grid or micro-grid, an entrance in a building, a "
	 "dwelling in an entrance or a building"},
	{"place_has_places", "还有 %ld 处下级位置未撤销", "still has %ld open places in it"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:unit.create", "新建组织单元", "Created an org unit"},
	{"action:unit.update", "修改组织单元", "Changed an org unit"},
	{"action:unit.move", "移动组织单元", "Moved an org unit"},
	{"action:unit.close", "撤销组织单元", "Closed an org unit"},
	{"action:unit.reopen", "恢复组织单元", "Reopened an org unit"},
	{"action:place.create", "新建楼栋或房屋", "Created a place"},
	{"action:place.update", "修改楼栋或房屋", "Changed a place"},
	{"action:place.close", "撤销楼栋或房屋", "Closed a place"},
	{"action:place.reopen", "恢复楼栋或房屋", "Reopened a place"},
	{"entity:org_unit", "组织单元", "Org unit"},
	{"entity:org_place", "楼栋或房屋", "Place"},
	{"kind:street", "街道", "Street"},
	{"kind:community", "社区", "Community"},
	{"kind:compound", "小区", "Compound"},
	{"kind:building", "楼栋", "Building"},
	{"kind:entrance", "单元", "Entrance"},
	{"kind:dwelling", "房屋", "Dwelling"},
	{"kind:grid", "网格", "Grid"},
	{"kind:microgrid", "微网格", "Micro-grid"},
	{NULL, NULL, NULL},
};

/* A sub-district of Chengdu's Jinjiang district (510104) with two communities and their grids,
 * coded as DB11/T 2157 codes them; all names invented. */
static const struct {
	const char *code, *name, *kind, *parent;
} demo_units[] = {
	{"510104020", "锦城街道", "street", NULL},
	{"510104020001", "和平社区", "community", "510104020"},
	{"510104020001001", "和平社区第一网格", "grid", "510104020001"},
	{"510104020001002", "和平社区第二网格", "grid", "510104020001"},
	{"510104020001003", "和平社区第三网格", "grid", "510104020001"},
	{"510104020001004", "和平社区第四网格", "grid", "510104020001"},
	{"510104020001005", "和平社区第五网格", "grid", "510104020001"},
	{"510104020001006", "和平社区第六网格", "grid", "510104020001"},
	{"510104020002", "幸福社区", "community", "510104020"},
	{"510104020002001", "幸福社区第一网格", "grid", "510104020002"},
};

/* A place in a unit or a place; its id, or 0 with cx->err set. */
static int64_t demo_place(struct ctx *cx, int64_t unit, int64_t parent, const char *kind,
			  const char *name)
{
	json_t *body = parent ? json_pack("{s:I, s:s, s:s}", "parent_id", (json_int_t)parent, "kind",
					  kind, "name", name)
			      : json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)unit, "kind", kind,
					  "name", name);
	struct org_place p;
	int rc = org_place_create(cx, body, &p);
	json_decref(body);
	return rc < 0 ? 0 : p.id;
}

/* 和平社区's six grids: in each, 40 six-storey buildings of two entrances, one dwelling a
 * floor in each, every building a micro-grid of its twelve households. */
static int demo_buildings(struct ctx *cx)
{
	int number = 0;
	for (int g = 1; g <= 6; g++) {
		char code[24], name[64];
		snprintf(code, sizeof code, "510104020001%03d", g);
		struct org_unit grid, micro;
		if (org_unit_by_code(cx, code, &grid) != 1)
			return err_set(&cx->err, ERR_INTERNAL);
		for (int m = 1; m <= 40; m++) {
			number++;
			snprintf(code, sizeof code, "%s%03d", grid.code, m);
			int f = org_unit_by_code(cx, code, &micro);
			if (f < 0)
				return -1;
			if (f == 1)
				continue;
			struct arena *keep = cx->a;
			cx->a = arena_new();
			snprintf(name, sizeof name, "%d栋微网格", number);
			int rc = org_unit_add(cx, code, name, "microgrid", grid.code, &micro);
			snprintf(name, sizeof name, "%d栋", number);
			int64_t b = rc < 0 ? 0 : demo_place(cx, micro.id, 0, "building", name);
			for (int e = 1; b && e <= 2; e++) {
				snprintf(name, sizeof name, "%d单元", e);
				int64_t en = demo_place(cx, 0, b, "entrance", name);
				for (int floor = 1; en && floor <= 6; floor++) {
					snprintf(name, sizeof name, "%d01", floor);
					if (!demo_place(cx, 0, en, "dwelling", name))
						en = 0;
				}
				if (!en)
					b = 0;
			}
			arena_free(cx->a);
			cx->a = keep;
			if (!b)
				return -1;
		}
	}
	return 0;
}

static int demo(struct ctx *cx)
{
	for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0]; i++) {
		struct org_unit u;
		int f = org_unit_by_code(cx, demo_units[i].code, &u);
		if (f == 0 && org_unit_add(cx, demo_units[i].code, demo_units[i].name, demo_units[i].kind,
					   demo_units[i].parent, &u) < 0)
			f = -1;
		if (f < 0)
			return -1;
	}
	return demo_buildings(cx);
}

const struct feature org_feature = {
	.name = "org", .routes = org_api_register, .messages = messages, .labels = labels,
	.limits = org_limits, .demo = demo,
};
