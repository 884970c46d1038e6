/* certificates: what the certificates of service hand the program. */
#include <stdio.h>

#include "app/feature.h"
#include "certificates/internal.h"

const struct limit certificates_limits[] = {
	[L_CERT_ISSUER] = {"certificate.issuer_name", LIMIT_STRING, 2, 64, NULL},
	[L_CERT_PERSON] = {"certificate.person_in_charge", LIMIT_STRING, 1, 32, NULL},
	[L_CERT_HANDLER] = {"certificate.handler", LIMIT_STRING, 1, 32, NULL},
	[L_CERT_PHONE] = {"certificate.contact_phone", LIMIT_STRING, 5, 20, NULL},
	[L_CERT_REASON] = {"certificate.revoke_reason", LIMIT_STRING, 2, 200, NULL},
	[L_CERT_MINUTES] = {"certificate.minutes", LIMIT_INTEGER, 1, 1000000, NULL},
	[L_CERTIFICATES__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"cert_volunteer", "没有这位志愿者，或不在您的管辖范围内", "is no volunteer you keep"},
	{"cert_not_approved", "志愿者尚未通过注册审核", "is not an approved volunteer"},
	{"cert_period_future", "不能晚于今天", "cannot be after today"},
	{"cert_period_order", "结束日期不能早于开始日期", "cannot be before the start"},
	{"cert_period_long", "一份证明最长覆盖 %ld 天", "makes a period longer than %ld days"},
	{"cert_no_hours", "这段时间内没有已审核通过的服务时长（待审核、不予认定的不计）",
	 "has no approved hours in the period (pending or declined ones never count)"},
	{"cert_minutes_exceed", "不能超过这段时间内已审核通过的 %ld 分钟",
	 "cannot exceed the %ld approved minutes of the period"},
	{"cert_phone", "须为电话号码（数字，可含 - 和空格）", "must be a phone number"},
	{"cert_state", "须为 valid（有效）或 revoked（已作废）", "must be valid or revoked"},
	{"cert_revoked", "证明已作废", "is a revoked certificate"},
	{"cert_concurrent", "同时出具了另一份证明，请重试", "conflicts with a certificate issued at the same time: retry"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:certificate.issue", "出具志愿服务证明", "Issued a certificate of service"},
	{"action:certificate.revoke", "作废志愿服务证明", "Revoked a certificate of service"},
	{"entity:certificate", "志愿服务证明", "Certificate of service"},
	{NULL, NULL, NULL},
};

static const struct feature_use unit_uses[] = {
	{NULL, NULL, NULL},
};

static void demo_notes(void)
{
	printf("Certificates: certificates of service (志愿服务证明) issued for the demo volunteers'\n"
	       "  approved hours in 和平社区, one revoked; checked without login at /certificates/verify.\n");
}

const struct feature certificates_feature = {
	.name = "certificates",
	.routes = certificates_api_register,
	.messages = messages,
	.labels = labels,
	.limits = certificates_limits,
	.demo = certificates_demo,
	.demo_notes = demo_notes,
	.unit_uses = unit_uses,
};
