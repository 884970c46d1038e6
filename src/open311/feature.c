/* open311: what Open311 GeoReport v2 hands the program. */
#include <stdio.h>

#include "app/feature.h"
#include "open311/internal.h"

const struct limit open311_limits[] = {
	[L_O311_CODE] = {"open311_attribute.code", LIMIT_STRING, 1, 32, "^[A-Za-z0-9_-]+$"},
	[L_O311_DATATYPE_DESCRIPTION] = {"open311_attribute.datatype_description", LIMIT_STRING, 0, 200, NULL},
	[L_O311_DESCRIPTION] = {"open311_attribute.description", LIMIT_STRING, 0, 500, NULL},
	[L_O311_ORDER] = {"open311_attribute.order", LIMIT_INTEGER, 1, 999, NULL},
	[L_O311_VALUES] = {"open311_attribute.values", LIMIT_INTEGER, 0, 50, NULL},
	[L_O311_VALUE_KEY] = {"open311_attribute.value_key", LIMIT_STRING, 1, 64, NULL},
	[L_O311_VALUE_NAME] = {"open311_attribute.value_name", LIMIT_STRING, 1, 100, NULL},
	[L_O311_ANSWER] = {"open311_request.answer", LIMIT_STRING, 0, 200, NULL},
	[L_O311_TEXT_ANSWER] = {"open311_request.text_answer", LIMIT_STRING, 0, 1000, NULL},
	[L_O311_EMAIL] = {"open311_request.email", LIMIT_STRING, 0, 254, NULL},
	[L_O311_DEVICE_ID] = {"open311_request.device_id", LIMIT_STRING, 0, 128, NULL},
	[L_O311_NAME] = {"open311_request.name", LIMIT_STRING, 0, 32, NULL},
	[L_O311_MEDIA_URL] = {"open311_request.media_url", LIMIT_STRING, 0, 500, NULL},
	[L_O311_ADDRESS_ID] = {"open311_request.address_id", LIMIT_STRING, 0, 64, NULL},
	[L_O311_JURISDICTION] = {"open311_request.jurisdiction_id", LIMIT_STRING, 0, 100, NULL},
	[L_O311_REQUEST_DESCRIPTION] = {"open311_request.description", LIMIT_STRING, 0, 2000, NULL},
	[L_O311_ADDRESS] = {"open311_request.address_string", LIMIT_STRING, 0, 200, NULL},
	[L_O311__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"open311_item", "不是您能看到的服务事项", "is not a service item you can see"},
	{"open311_item_scope", "只能维护本人所辖单元事项的属性；全区通用事项由管理员维护",
	 "must be an item of a unit within your scope: the deployment's are the administrators'"},
	{"open311_code", "编码只能由字母、数字、_ 和 - 组成", "may hold only letters, digits, _ and -"},
	{"open311_code_taken", "该事项已有同一编码的属性", "is already an attribute of this item"},
	{"open311_attributes_full", "每个事项最多 %ld 个属性", "already has the most attributes an item may have, %ld"},
	{"open311_datatype", "须为 string、number、datetime、text、singlevaluelist 或 multivaluelist",
	 "must be string, number, datetime, text, singlevaluelist or multivaluelist"},
	{"open311_values", "选项最多 %ld 个", "must be a list of at most %ld values"},
	{"open311_values_needed", "单选和多选须列出选项", "must list the values of a list"},
	{"open311_values_only_lists", "只有单选和多选才有选项", "are only for singlevaluelist and multivaluelist"},
	{"open311_value", "选项须为 {\"key\": \"…\", \"name\": \"…\"}", "must be {\"key\": \"…\", \"name\": \"…\"}"},
	{"open311_value_twice", "选项重复", "repeats a value"},
	{"open311_required_variable", "仅供展示的属性不能设为必填", "cannot be required for an attribute that asks nothing"},
	{"open311_version_needed", "须给出读取时的版本号", "must be the version read"},
	{"open311_form", "请求体须为 application/x-www-form-urlencoded 的有效 UTF-8 表单",
	 "must be a valid UTF-8 application/x-www-form-urlencoded form"},
	{"open311_form_too_many", "表单字段最多 %ld 个", "must hold at most %ld fields"},
	{"open311_field_unknown", "不是 GeoReport v2 的字段", "is not a GeoReport v2 field"},
	{"open311_field_twice", "只能给出一次", "must be given once"},
	{"open311_key_missing", "缺少 api_key", "is missing: an API key is needed to submit"},
	{"open311_key_invalid", "api_key 无效或已吊销", "is not a valid API key, or it was revoked"},
	{"open311_service_needed", "须给出 service_code", "is required"},
	{"open311_service_unknown", "没有这个服务", "is not a service of this endpoint"},
	{"open311_lat_long", "lat 和 long 须一起给出", "must be sent together with lat and long"},
	{"open311_location_needed", "须给出 lat 和 long、address_string 或 address_id 之一",
	 "must be given: lat and long, address_string or address_id"},
	{"open311_number", "须为数字（经纬度在有效范围内）", "must be a number (a coordinate within its range)"},
	{"open311_datetime", "须为 ISO 8601 时间，如 2026-12-01T08:00:00+08:00",
	 "must be an ISO 8601 time such as 2026-12-01T08:00:00Z"},
	{"open311_line", "须为不超过 %ld 个字的一行文字", "must be one line of at most %ld characters"},
	{"open311_text", "须为不超过 %ld 个字的文字", "must be text of at most %ld characters"},
	{"open311_email", "不是有效的电子邮箱", "is not a valid email address"},
	{"open311_url", "须为 http:// 或 https:// 开头的链接", "must be an http:// or https:// URL"},
	{"open311_attribute_unknown", "不是该服务的属性", "is not an attribute of this service"},
	{"open311_attribute_required", "必填", "is required by this service"},
	{"open311_one_value", "只能有一个值", "takes one value"},
	{"open311_value_unknown", "不是可选的值", "is not one of the attribute's values"},
	{"open311_ids", "须为逗号分隔的编号，最多 %ld 个", "must be a comma list of at most %ld ids"},
	{"open311_range", "结束时间不能早于开始时间", "cannot be before start_date"},
	{"open311_span", "时间范围不能超过 %ld 天", "cannot span more than %ld days"},
	{"open311_status", "须为 open 或 closed", "must be open or closed"},
	{"open311_request_unknown", "没有这个诉求", "is not a request of this endpoint"},
	{"open311_token_unknown", "没有这个凭据", "is not a token of this endpoint"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:open311_attribute.create", "新增 Open311 属性", "Added an Open311 attribute"},
	{"action:open311_attribute.update", "修改 Open311 属性", "Changed an Open311 attribute"},
	{"action:open311_attribute.delete", "删除 Open311 属性", "Deleted an Open311 attribute"},
	{"entity:open311_attribute", "Open311 属性", "Open311 attribute"},
	{NULL, NULL, NULL},
};

static const struct sealed_column sealed[] = {
	{"open311_requests", "email", "open311.email"},
	{"open311_requests", "device_id", "open311.device_id"},
	{NULL, NULL, NULL},
};

static void demo_notes(void)
{
	printf("Open311: GeoReport v2 at /open311/v2/ (discovery.json); keys by `linli token create`.\n");
}

const struct feature open311_feature = {
	.name = "open311",
	.routes = open311_api_register,
	.messages = messages,
	.labels = labels,
	.limits = open311_limits,
	.demo = open311_demo,
	.demo_notes = demo_notes,
	.sealed = sealed,
};
