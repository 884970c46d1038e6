/* attachments: what the photos and PDFs of requests and visits hand the program. */
#include <stdio.h>

#include "app/feature.h"
#include "attachments/internal.h"
#include "jobs/jobs.h"

const struct limit attachments_limits[] = {
	[L_ATT_NAME] = {"attachment.name", LIMIT_STRING, 1, 100, NULL},
	[L_ATT_PER_ENTITY] = {"attachment.per_entity", LIMIT_INTEGER, 0, 20, NULL},
	[L_ATTACHMENTS__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"attachment_entity", "须为 request（诉求）、request_result（办理结果）或 visit（走访）",
	 "must be request, request_result or visit"},
	{"attachment_type", "不是 JPEG、PNG、WebP 图片或 PDF 文件（按文件内容判断，与文件名无关）",
	 "is not a JPEG, PNG or WebP photo or a PDF (judged by what it holds, not by its name)"},
	{"attachment_pixels", "图片过大：每边最多 %ld 像素，且总共不超过 4000 万像素",
	 "is too large a picture: at most %ld pixels a side and 40 megapixels in all"},
	{"attachment_damaged", "文件已损坏或不完整", "is damaged or incomplete"},
	{"attachment_animated", "不支持动图", "must not be animated"},
	{"attachment_interlaced", "隔行扫描的 PNG 最多 %ld 百万像素",
	 "is an interlaced PNG: those may hold at most %ld megapixels"},
	{"attachment_closed", "已办结或关闭，不能再添加附件", "is closed: it takes no more attachments"},
	{"attachment_full", "最多 %ld 个附件", "already holds the most attachments: %ld"},
	{"attachment_twice", "只能给出一次", "must be given once"},
	{"attachment_not_file", "须为上传的文件", "must be a file sent as a file"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:attachment.create", "添加附件", "Added an attachment"},
	{"action:attachment.delete", "删除附件", "Deleted an attachment"},
	{"entity:attachment", "附件", "Attachment"},
	{NULL, NULL, NULL},
};

static const struct job jobs[] = {
	{"attachments_sweep", 600, att_sweep},
};

static void demo_notes(void)
{
	printf("Attachments: photos on a few of 和平社区's requests (the request's page); files in %s.\n",
	       att_dir() ? att_dir() : "(no attachments_dir set)");
}

const struct feature attachments_feature = {
	.name = "attachments",
	.routes = attachments_api_register,
	.messages = messages,
	.labels = labels,
	.limits = attachments_limits,
	.jobs = jobs,
	.njobs = 1,
	.demo = attachments_demo,
	.demo_notes = demo_notes,
};
