/* notices: what in-app notices hand the program. */
#include "app/feature.h"
#include "jobs/jobs.h"
#include "notices/notices.h"

int64_t notices_purge_job(struct store *db, int64_t now);

static const struct job jobs[] = {
	{"notices_purge", 24 * 3600, notices_purge_job},
};

static const struct err_msg labels[] = {
	{"notice:request.assigned", "派给您的诉求", "A request dispatched to you"},
	{"notice:request.due_soon", "诉求即将到期", "A request is due soon"},
	{"notice:request.overdue", "诉求已超期", "A request is overdue"},
	{"notice:request.returned", "诉求被退单", "A request was returned"},
	{"notice:request.rework", "诉求被退回重办", "A request was sent back for rework"},
	{"notice:request.bad_rating", "居民评价不满意", "A resident rated a request badly"},
	{"notice:request.escalated", "诉求提级到本单元", "A request was escalated to your unit"},
	{"notice:request.extension", "延期申请待审批", "An extension waits for your decision"},
	{NULL, NULL, NULL},
};

const struct feature notices_feature = {
	.name = "notices",
	.routes = notices_api_register,
	.labels = labels,
	.jobs = jobs,
	.njobs = (int)(sizeof jobs / sizeof jobs[0]),
};
