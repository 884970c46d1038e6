/* registry: what households and residents hand the program. */
#include <stdio.h>

#include "app/feature.h"
#include "registry/idnum.h"
#include "registry/internal.h"
#include "registry/limits.h"
#include "registry/phone.h"
#include "registry/sheet.h"

const struct limit registry_limits[] = {
	[L_RESIDENT_NAME] = {"resident.name", LIMIT_STRING, 1, 32, NULL},
	[L_HOUSEHOLD_ADDRESS] = {"household.address", LIMIT_STRING, 0, 128, NULL},
	[L_EVENT_NOTE] = {"resident.event_note", LIMIT_STRING, 0, 500, NULL},
	[L_REVEAL_REASON] = {"resident.reveal_reason", LIMIT_STRING, 4, 200, NULL},
	[L_TAG_NAME] = {"registry.tag_name", LIMIT_STRING, 1, 32, NULL},
	[L_REGISTRY__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	IDNUM_ERR_MESSAGES,
	PHONE_ERR_MESSAGES,
	{"resident_registered", "该证件号码已登记", "is already registered"},
	{"household_unknown", "未知的户", "is not a known household"},
	{"household_dissolved", "该户已注销", "is a dissolved household"},
	{"household_other_unit", "与该户所在的网格不一致", "is not the household's unit"},
	{"household_has_head", "该户已有户主；更换户主请用“设为户主”",
	 ": the household has a head already; make another the head instead"},
	{"household_unit_kind", "户须登记在社区、网格或微网格", "must be a community, grid or micro-grid"},
	{"resident_unit_kind", "居民须登记在社区及以下的单元", "must be a community or a unit below one"},
	{"address_or_place", "请填写地址或选择房屋", "is required when no dwelling is chosen"},
	{"place_not_dwelling", "须为房屋（不是楼栋或单元）", "must be a dwelling, not a building or entrance"},
	{"tag_unknown", "未知的标签", "is not a known tag"},
	{"tag_code_chars", "只能使用小写字母、数字和下划线", "may use lower-case letters, digits and '_'"},
	{"too_many", "最多 %ld 项", "may have at most %ld items"},
	{"sex_disagrees", "与身份证号码中的性别不一致", "disagrees with the ID number"},
	{"birth_disagrees", "与身份证号码中的出生日期不一致", "disagrees with the ID number"},
	{"head_by_event", "更换户主请用“设为户主”", "is changed by making another resident the head"},
	{"resident_in_household", "该居民仍住在另一户，请先办理迁出",
	 ": the resident still lives in another household; move them out first"},
	{"resident_deceased", "该居民已登记死亡", "is recorded as deceased"},
	{"resident_moved_out", "该居民已迁出", "has moved out"},
	{"resident_not_in_household", "该居民不在任何一户中", "is not in a household"},
	{"resident_is_head", "该居民已是户主", "is the head already"},
	{"date_format", "须为真实日期，格式 2026-12-01", "must be a real date such as 2026-12-01"},
	{"date_future", "不能晚于今天", "must not be after today"},
	{"date_before_birth", "不能早于出生日期", "must not be before the birth date"},
	{"age_range", "不能小于最小年龄", "must not be below the lowest age"},
	{"unit_has_households", "还有 %ld 户登记在该单元", "still has %ld households"},
	{"unit_has_residents", "还有 %ld 位居民登记在该单元", "still has %ld residents"},
	{"place_has_households", "还有 %ld 户住在这里", "still has %ld households living in it"},
	IMPORT_MESSAGES,
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:resident.create", "登记居民", "Registered a resident"},
	{"action:resident.update", "修改居民信息", "Changed a resident"},
	{"action:resident.move_out", "居民迁出", "Moved a resident out"},
	{"action:resident.move_in", "居民迁入", "Moved a resident in"},
	{"action:resident.deceased", "登记死亡", "Recorded a death"},
	{"action:resident.head", "更换户主", "Changed the head of a household"},
	{"action:resident.reveal", "查看居民证件号码或电话", "Revealed a resident's ID number or phone"},
	{"action:resident.export", "导出居民名册", "Exported residents"},
	{"action:resident.import", "导入居民名册", "Imported residents"},
	{"action:household.create", "新建户", "Created a household"},
	{"action:registry.demo", "生成演示数据", "Built demo data"},
	{"action:household.update", "修改户", "Changed a household"},
	{"action:registry.tag_create", "新增居民标签", "Added a resident tag"},
	{"entity:resident", "居民", "Resident"},
	{"entity:household", "户", "Household"},
	{"entity:registry_tag", "居民标签", "Resident tag"},
	{"entity:resident_import", "居民导入", "Resident import"},
	{"event:created", "建户", "Household created"},
	{"event:move_in", "迁入", "Moved in"},
	{"event:move_out", "迁出", "Moved out"},
	{"event:deceased", "死亡", "Died"},
	{"event:head", "更换户主", "New head"},
	{"event:moved", "户址变更", "Address changed"},
	{NULL, NULL, NULL},
};

static const struct feature_use unit_uses[] = {
	{"households", "unit_has_households",
	 "SELECT COUNT(*) FROM households WHERE unit_id = ? AND status = 'active'"},
	{"residents", "unit_has_residents",
	 "SELECT COUNT(*) FROM residents WHERE unit_id = ? AND status = 'living' AND household_id IS NULL"},
	{NULL, NULL, NULL},
};

static const struct feature_use place_uses[] = {
	{"households", "place_has_households",
	 "SELECT COUNT(*) FROM households WHERE place_id = ? AND status = 'active'"},
	{NULL, NULL, NULL},
};

/* A unit moved: its households and residents, and those of the units below it, take their
 * unit's anchors (org/org.h) again. */
#define REGISTRY_ANCHORS_SET(t) \
	"street_id = (SELECT o.street_id FROM org_units o WHERE o.id = " t ".unit_id), " \
	"community_id = (SELECT o.community_id FROM org_units o WHERE o.id = " t ".unit_id), " \
	"grid_id = (SELECT o.grid_id FROM org_units o WHERE o.id = " t ".unit_id)"
#define MOVED(t) "UPDATE " t " SET " REGISTRY_ANCHORS_SET(t) " WHERE unit_id IN (SELECT s.id " \
	"FROM org_units s WHERE substr(s.path, 1, length(CAST(? AS TEXT))) = ?)"
static const char *const unit_moved_sql[] = {MOVED("households"), MOVED("residents"), NULL};

static const struct sealed_column sealed[] = {
	{"residents", "id_sealed", PURPOSE_ID},
	{"residents", "phone_sealed", PURPOSE_PHONE},
	{NULL, NULL, NULL},
};

const struct feature registry_feature = {
	.name = "registry", .routes = registry_api_register, .messages = messages, .labels = labels,
	.limits = registry_limits, .demo = registry_demo, .demo_notes = registry_demo_notes,
	.demo_district = registry_demo_district,
	.unit_uses = unit_uses, .place_uses = place_uses, .unit_moved_sql = unit_moved_sql,
	.sealed = sealed,
};
