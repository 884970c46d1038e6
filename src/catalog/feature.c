/* catalog: what the service catalog hands the program. */
#include "app/feature.h"
#include "catalog/catalog.h"
#include "catalog/limits.h"

const struct limit catalog_limits[] = {
	[L_CAT_CODE] = {"catalog_category.code", LIMIT_STRING, 1, 16, "^[A-Za-z0-9-]+$"},
	[L_CAT_NAME] = {"catalog_category.name", LIMIT_STRING, 1, 32, NULL},
	[L_CAT_DESCRIPTION] = {"catalog_category.description", LIMIT_STRING, 0, 500, NULL},
	[L_CAT_SORT] = {"catalog_category.sort", LIMIT_INTEGER, 0, 9999, NULL},
	[L_ITEM_CODE] = {"catalog_item.code", LIMIT_STRING, 1, 32, "^[A-Za-z0-9-]+$"},
	[L_ITEM_NAME] = {"catalog_item.name", LIMIT_STRING, 1, 64, NULL},
	[L_ITEM_DESCRIPTION] = {"catalog_item.description", LIMIT_STRING, 0, 2000, NULL},
	[L_ITEM_MATERIAL] = {"catalog_item.material", LIMIT_STRING, 1, 200, NULL},
	[L_ITEM_MATERIALS] = {"catalog_item.materials", LIMIT_INTEGER, 0, 30, NULL},
	[L_ITEM_DAYS] = {"catalog_item.limit_days", LIMIT_INTEGER, 1, 365, NULL},
	[L_ITEM_HOURS] = {"catalog_item.limit_hours", LIMIT_INTEGER, 1, 2000, NULL},
	[L_ITEM_URGENT_HOURS] = {"catalog_item.urgent_limit_hours", LIMIT_INTEGER, 1, 72, NULL},
	[L_ITEM_BASIS] = {"catalog_item.basis", LIMIT_STRING, 0, 500, NULL},
	[L_ITEM_LOCATION] = {"catalog_item.location", LIMIT_STRING, 0, 200, NULL},
	[L_ITEM_PHONE] = {"catalog_item.phone", LIMIT_STRING, 0, 32, NULL},
	[L_ITEM_FEE] = {"catalog_item.fee", LIMIT_STRING, 0, 100, NULL},
	[L_ITEM_SLOTS] = {"catalog_item.slots", LIMIT_INTEGER, 0, CATALOG_MAX_SLOTS, NULL},
	[L_ITEM_SLOT_CAPACITY] = {"catalog_item.slot_capacity", LIMIT_INTEGER, 1, 999, NULL},
	[L_ITEM_SORT] = {"catalog_item.sort", LIMIT_INTEGER, 0, 9999, NULL},
	[L_CATALOG__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"catalog_code", "编码只能由字母、数字和 - 组成", "may hold only letters, digits and -"},
	{"catalog_code_taken", "编码已被使用", "is already used by another entry"},
	{"catalog_code_fixed", "事项编码创建后不能修改", "cannot change once the item exists"},
	{"catalog_flag", "须为 true、false 或 any", "must be true, false or any"},
	{"catalog_category_unknown", "没有这个分类，或分类已停用", "is not a category in use"},
	{"catalog_category_in_use", "分类下还有 %ld 个在用事项，请先停用或移走",
	 "still has %ld items in use: retire or move them first"},
	{"catalog_materials", "所需材料最多 %ld 项，每项一行文字", "must be a list of at most %ld lines of text"},
	{"catalog_material", "每项材料须为 1 至 %ld 个字的一行文字", "must be one line of 1 to %ld characters"},
	{"catalog_modes", "办理方式须从即办、代办、陪办、上门办、远程代办中选择至少一种",
	 "must be one or more of on_the_spot, on_behalf, accompanied, at_home and remote"},
	{"catalog_limit_unit", "时限单位须为 working_days（工作日）或 working_hours（工作小时）",
	 "must be working_days or working_hours"},
	{"catalog_limit_value", "时限须为 1 至 %ld", "must be from 1 to %ld"},
	{"catalog_green_longer", "绿色通道时限不能长于一般时限", "cannot be longer than the item's limit"},
	{"catalog_slots", "预约时段最多 %ld 个", "must be at most %ld slots"},
	{"catalog_slot", "时段须为 {\"weekday\": 1-7, \"start\": \"09:00\", \"end\": \"11:30\", \"capacity\": 5}，开始早于结束",
	 "must be like {\"weekday\": 1-7, \"start\": \"09:00\", \"end\": \"11:30\", \"capacity\": 5}, starting before it ends"},
	{"catalog_slot_capacity", "每个时段可约人数须为 1 至 %ld", "must be from 1 to %ld"},
	{"catalog_slot_overlap", "与同一天的另一个时段重叠", "overlaps another slot of the same day"},
	{"catalog_unit_unknown", "没有这个组织单元，或不在您的管辖范围内", "is not a unit you can see"},
	{"catalog_unit_closed", "该组织单元已撤销", "is a closed unit"},
	{"catalog_owner_scope", "只能维护本人所辖单元的事项；全区通用事项由管理员维护",
	 "must be a unit within your scope: the deployment's items are the administrators'"},
	{"catalog_unit_has_items", "还有 %ld 个在用的服务事项属于或交由该单元办理",
	 "still owns or handles %ld service items in use"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:catalog_category.create", "新增服务分类", "Added a service category"},
	{"action:catalog_category.update", "修改服务分类", "Changed a service category"},
	{"action:catalog_item.create", "新增服务事项", "Added a service item"},
	{"action:catalog_item.update", "修改服务事项", "Changed a service item"},
	{"entity:catalog_category", "服务分类", "Service category"},
	{"entity:catalog_item", "服务事项", "Service item"},
	{"mode:on_the_spot", "即办", "On the spot"},
	{"mode:on_behalf", "代办", "On the resident's behalf"},
	{"mode:accompanied", "陪办", "Accompanied"},
	{"mode:at_home", "上门办", "At home"},
	{"mode:remote", "远程代办", "Remotely"},
	{NULL, NULL, NULL},
};

static const struct feature_use unit_uses[] = {
	{"catalog_items", "catalog_unit_has_items",
	 "SELECT COUNT(*) FROM catalog_items i CROSS JOIN (SELECT CAST(? AS BIGINT) AS u) p"
	 " WHERE i.active = 1 AND (i.owner_unit_id = p.u OR i.handler_unit_id = p.u)"},
	{NULL, NULL, NULL},
};

static void demo_notes(void);

const struct feature catalog_feature = {
	.name = "catalog",
	.routes = catalog_api_register,
	.messages = messages,
	.labels = labels,
	.limits = catalog_limits,
	.demo = catalog_demo,
	.demo_notes = demo_notes,
	.unit_uses = unit_uses,
};

#include <stdio.h>
static void demo_notes(void)
{
	printf("Service catalog: 服务清单 in the console; the public handbook at /handbook.\n");
}
