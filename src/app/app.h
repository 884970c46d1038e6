/* app: the features this program is made of, in the order they depend on each other. The
 * command line and the server ask it for routes, messages, jobs and demo data; store/, http/
 * and base/ never see a feature. */
#ifndef LINLI_APP_H
#define LINLI_APP_H

#include "app/feature.h"

/* Every feature, NULL-ended. */
extern const struct feature *const app_features[];

/* The feature of that name, or NULL. */
const struct feature *app_feature(const char *name);
/* Register the features' field messages. Call once, first thing; -1 (with the reason on
 * stderr) when two features define one message key. */
int app_init(void);
/* Register every feature's routes. */
void app_register_routes(void);
/* Every feature's jobs, in one array. */
const struct job *app_jobs(int *n);
/* Every feature's workers, in one array. */
const struct worker *app_workers(int *n);

#endif
