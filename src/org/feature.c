/* org: what the org-unit tree hands the program. */
#include <stdio.h>

#include "app/feature.h"
#include "org/org.h"

static const struct err_msg messages[] = {
	{"unit_unknown", "未知的组织单元", "is not a known org unit"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:unit.create", "新建组织单元", "Created an org unit"},
	{"entity:org_unit", "组织单元", "Org unit"},
	{"kind:street", "街道", "Street"},
	{"kind:community", "社区", "Community"},
	{"kind:compound", "小区", "Compound"},
	{"kind:building", "楼栋", "Building"},
	{"kind:grid", "网格", "Grid"},
	{"kind:microgrid", "微网格", "Micro-grid"},
	{NULL, NULL, NULL},
};

/* A sub-district with two communities and their grids. */
static const struct {
	const char *code, *name, *kind, *parent;
} demo_units[] = {
	{"JC", "锦城街道", "street", NULL},
	{"JC-HP", "和平社区", "community", "JC"},
	{"JC-HP-G1", "和平社区第一网格", "grid", "JC-HP"},
	{"JC-HP-G2", "和平社区第二网格", "grid", "JC-HP"},
	{"JC-XF", "幸福社区", "community", "JC"},
	{"JC-XF-G1", "幸福社区第一网格", "grid", "JC-XF"},
};

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
	return 0;
}

const struct feature org_feature = {
	.name = "org", .routes = org_api_register, .messages = messages, .labels = labels,
	.demo = demo,
};
