/* The demo catalog, modelled on the seeds' handbooks (民生事务一本通, 便民服务待办清单): the
 * high-frequency matters of social security, medical insurance, certificates and assistance,
 * repairs with a 24-hour limit, disputes with 15 working days, and 和平社区's own services. */
#include <string.h>

#include "catalog/catalog.h"
#include "org/org.h"

static const struct {
	const char *code, *name, *description;
} demo_categories[] = {
	{"SB", "社会保障", "社保参保、社保卡、就业登记"},
	{"YB", "医疗保障", "居民医保参保缴费、医疗费用报销"},
	{"ZM", "证明开具", "社区出具的各类证明"},
	{"MZ", "民政救助", "低保、临时救助、高龄津贴"},
	{"YL", "养老服务", "居家养老、助餐助浴、适老化改造"},
	{"CJ", "残疾人服务", "残疾人证、辅具适配、康复"},
	{"TY", "退役军人服务", "优待证、帮扶援助"},
	{"SD", "水电气报修", "供水、供电、燃气故障，24 小时内响应"},
	{"SS", "公共设施", "路灯、电梯、井盖、健身器材等公共设施维修"},
	{"HJ", "环境卫生", "垃圾清运、绿化、占道与噪声"},
	{"TJ", "矛盾调解", "邻里、家庭、物业纠纷调解"},
	{"JY", "意见建议", "对社区工作的意见、建议和表扬"},
};

/* modes: s 即办, b 代办, a 陪办, h 上门办, r 远程代办 */
static const struct {
	const char *category, *code, *name, *description, *materials, *modes, *unit;
	int limit, green, urgent;
	const char *fee, *slots;
	bool owned, internal;
} demo_items[] = {
	{"SB", "SB-001", "社保卡年审", "退休人员每年一次的待遇资格认证；行动不便的老人可预约上门认证。",
	 "[\"身份证\",\"社保卡\"]", "sbh", "working_days", 1, 0, 0, "免费", NULL, false, false},
	{"SB", "SB-002", "城乡居民养老保险参保登记", "未参加职工养老保险的居民参保登记和缴费档次调整。",
	 "[\"身份证\",\"户口簿\"]", "sb", "working_days", 5, 3, 0, "免费", NULL, false, false},
	{"SB", "SB-003", "灵活就业人员社保登记", "个体工商户和灵活就业人员的社保参保登记。",
	 "[\"身份证\",\"灵活就业承诺书\"]", "br", "working_days", 5, 0, 0, "免费", NULL, false, false},
	{"YB", "YB-001", "城乡居民医保参保缴费", "每年 9 月至 12 月集中缴纳下一年度的居民医保。",
	 "[\"身份证或户口簿\"]", "sbr", "working_days", 1, 0, 0, "按年度缴费标准", NULL, false, false},
	{"YB", "YB-002", "医疗费用报销代办", "异地就医或未直接结算的医疗费用，社区代为提交报销。",
	 "[\"身份证\",\"社保卡\",\"发票原件\",\"费用明细清单\",\"出院小结\"]", "bh",
	 "working_days", 15, 7, 0, "免费", NULL, false, false},
	{"ZM", "ZM-001", "居住证明", "在本社区实际居住的证明，用于入学、就业等。",
	 "[\"身份证\",\"房产证或租赁合同\"]", "s", "working_days", 1, 0, 0, "免费", NULL, false, false},
	{"ZM", "ZM-002", "家庭经济状况证明", "用于助学、救助申请的家庭经济状况说明，需入户核实。",
	 "[\"身份证\",\"户口簿\",\"收入证明\"]", "bh", "working_days", 5, 3, 0, "免费", NULL, false, false},
	{"MZ", "MZ-001", "最低生活保障申请", "社区受理、入户调查、民主评议后报街道审核。",
	 "[\"身份证\",\"户口簿\",\"家庭收入与财产申报表\",\"授权核对承诺书\"]", "bh",
	 "working_days", 15, 10, 0, "免费", NULL, false, false},
	{"MZ", "MZ-002", "临时救助申请", "因火灾、疾病等突发困难的临时救助，急难情形先行救助。",
	 "[\"身份证\",\"困难情况说明\"]", "bh", "working_days", 5, 2, 4, "免费", NULL, false, false},
	{"MZ", "MZ-003", "高龄津贴申领", "80 周岁以上老人按月领取高龄津贴。",
	 "[\"身份证\",\"银行卡\"]", "sbh", "working_days", 5, 0, 0, "免费", NULL, false, false},
	{"YL", "YL-001", "居家养老服务申请", "助餐、助浴、助洁、助医等居家养老上门服务。",
	 "[\"身份证\",\"老年人能力评估表\"]", "bh", "working_days", 7, 3, 0, "按服务项目收费，特困老人免费",
	 NULL, false, false},
	{"YL", "YL-002", "适老化改造申请", "为困难老年人家庭安装扶手、防滑地面等。",
	 "[\"身份证\",\"户口簿\"]", "bh", "working_days", 15, 7, 0, "免费", NULL, false, false},
	{"CJ", "CJ-001", "残疾人证申领协助", "陪同到指定医院评残，代为提交申请。",
	 "[\"身份证\",\"户口簿\",\"近期二寸照片\",\"病历\"]", "bah", "working_days", 15, 7, 0,
	 "免费", NULL, false, false},
	{"TY", "TY-001", "退役军人优待证申领", "退役军人及其他优抚对象的优待证申领。",
	 "[\"身份证\",\"退役证明\",\"近期照片\"]", "sb", "working_days", 10, 0, 0, "免费", NULL,
	 false, false},
	{"SD", "SD-001", "供水故障报修", "停水、漏水、水压低；社区登记后转供水公司。", "[]", "sbh",
	 "working_hours", 24, 8, 2, "免费", NULL, false, false},
	{"SD", "SD-002", "停电报修", "家中或楼栋停电；社区登记后转供电公司。", "[]", "sbh",
	 "working_hours", 24, 8, 2, "免费", NULL, false, false},
	{"SD", "SD-003", "燃气故障报修", "燃气泄漏请立即关阀开窗并拨打燃气公司抢修电话。", "[]", "sh",
	 "working_hours", 24, 4, 1, "免费", NULL, false, false},
	{"SS", "SS-001", "电梯故障", "电梯停运、困人；困人请立即拨打电梯内的救援电话。", "[]", "s",
	 "working_hours", 24, 8, 1, "免费", NULL, false, false},
	{"SS", "SS-002", "路灯、井盖、健身器材维修", "小区内外公共设施损坏。", "[]", "s",
	 "working_days", 7, 3, 0, "免费", NULL, false, false},
	{"HJ", "HJ-001", "垃圾清运与环境整治", "垃圾堆积、楼道杂物、绿化带破坏。", "[]", "s",
	 "working_days", 3, 0, 0, "免费", NULL, false, false},
	{"TJ", "TJ-001", "邻里纠纷调解", "噪声、漏水、停车等邻里矛盾，由调解委员会组织调解。",
	 "[]", "sh", "working_days", 15, 7, 0, "免费", NULL, false, false},
	{"JY", "JY-001", "意见建议", "对社区工作的意见和建议，7 个工作日内答复。", "[]", "sr",
	 "working_days", 7, 0, 0, "", NULL, false, false},
	{"JY", "JY-900", "网格员巡查上报", "网格员巡查中发现的问题（内部事项，不在公开清单中）。", "[]", "s",
	 "working_days", 7, 0, 0, "", NULL, false, true},
	/* 和平社区's own */
	{"YL", "HP-001", "爱心义剪", "每月第一个周二上午，志愿者为老人免费理发；行动不便的可预约上门。",
	 "[]", "h", "working_days", 7, 0, 0, "免费",
	 "[{\"weekday\":2,\"start\":\"09:00\",\"end\":\"11:30\",\"capacity\":12}]", true, false},
	{"YL", "HP-002", "社区食堂助餐登记", "60 岁以上老人登记后按优惠价用餐，独居老人可送餐上门。",
	 "[\"身份证\"]", "sh", "working_days", 3, 1, 0, "早餐 3 元，午餐 12 元",
	 "[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"11:00\",\"capacity\":20},"
	 "{\"weekday\":3,\"start\":\"09:00\",\"end\":\"11:00\",\"capacity\":20},"
	 "{\"weekday\":5,\"start\":\"14:00\",\"end\":\"16:30\",\"capacity\":20}]", true, false},
};

static json_t *modes_json(const char *letters)
{
	static const char map[] = "sbahr";
	json_t *a = json_array();
	for (const char *p = letters; *p; p++) {
		const char *at = strchr(map, *p);
		if (at)
			json_array_append_new(a, json_string(catalog_mode_name((int)(at - map))));
	}
	return a;
}

int catalog_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM catalog_categories", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	struct org_unit hp = {0};
	if (org_unit_by_code(cx, "510104020001", &hp) < 0)
		return -1;
	int64_t cat_ids[sizeof demo_categories / sizeof demo_categories[0]];
	for (size_t i = 0; i < sizeof demo_categories / sizeof demo_categories[0]; i++) {
		json_t *b = json_pack("{s:s, s:s, s:s, s:I}", "code", demo_categories[i].code, "name",
				      demo_categories[i].name, "description",
				      demo_categories[i].description, "sort", (json_int_t)(i + 1) * 10);
		struct catalog_category c;
		int rc = catalog_category_create(cx, b, &c);
		json_decref(b);
		if (rc < 0)
			return -1;
		cat_ids[i] = c.id;
	}
	for (size_t i = 0; i < sizeof demo_items / sizeof demo_items[0]; i++) {
		if (demo_items[i].owned && !hp.id)
			continue;
		int64_t cat = 0;
		for (size_t k = 0; k < sizeof demo_categories / sizeof demo_categories[0]; k++)
			if (strcmp(demo_categories[k].code, demo_items[i].category) == 0)
				cat = cat_ids[k];
		json_t *b = json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:s, s:i, s:s, s:b, s:I,"
				      " s:s, s:s}",
			"code", demo_items[i].code, "category_id", (json_int_t)cat,
			"name", demo_items[i].name, "description", demo_items[i].description,
			"materials", json_loads(demo_items[i].materials, 0, NULL),
			"modes", modes_json(demo_items[i].modes), "limit_unit", demo_items[i].unit,
			"limit_value", demo_items[i].limit, "fee", demo_items[i].fee,
			"public", !demo_items[i].internal, "sort", (json_int_t)(i + 1) * 10,
			"location", demo_items[i].owned ? "和平社区党群服务中心" : "社区党群服务中心一站式服务大厅",
			"phone", demo_items[i].owned ? "028-8666 0101" : "");
		if (demo_items[i].green)
			json_object_set_new(b, "green_limit_value", json_integer(demo_items[i].green));
		if (demo_items[i].urgent)
			json_object_set_new(b, "urgent_limit_hours", json_integer(demo_items[i].urgent));
		if (demo_items[i].slots)
			json_object_set_new(b, "slots", json_loads(demo_items[i].slots, 0, NULL));
		if (demo_items[i].owned)
			json_object_set_new(b, "owner_unit_id", json_integer(hp.id));
		struct catalog_item it;
		int rc = catalog_item_create(cx, b, &it);
		json_decref(b);
		if (rc < 0)
			return -1;
	}
	return 0;
}
