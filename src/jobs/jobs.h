/* jobs: periodic maintenance in the background of `linli serve`. Each run of a job takes a lease
 * in the database first, so with several copies of linli on one database a job runs once. The
 * jobs themselves belong to the features (struct feature's jobs); app_jobs() gathers them. */
#ifndef LINLI_JOBS_H
#define LINLI_JOBS_H

#include <stdint.h>

#include "store/store.h"

struct job {
	const char *name;
	int64_t every;                                   /* seconds between runs */
	int64_t (*run)(struct store *db, int64_t now);   /* rows touched, or -1 */
};

/* Try every job now (once); returns how many ran. Used by the thread and by `linli maintain`. */
int jobs_run_due(struct store *db, const struct job *jobs, int n, int64_t now, const char *owner);
int jobs_start(const char *db_url, const struct job *jobs, int n);
void jobs_stop(void);

#endif
