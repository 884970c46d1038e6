#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "base/geo.h"
#include "jobs/jobs.h"

/* THE list of features, one X() each, in order: a feature comes after those it uses. Adding a
 * feature is its folder plus one line here. */
#define FEATURES(X) \
	X(org)      \
	X(access)   \
	X(notices)  \
	X(calendar) \
	X(catalog)  \
	X(stats)    \
	X(registry) \
	X(party)    \
	X(visits)   \
	X(notify)   \
	X(requests) \
	X(open311)  \
	X(hotline)  \
	X(attachments) \
	X(volunteers) \
	X(points)   \
	X(shifts)   \
	X(certificates) \
	X(honours)

#define DECLARE(f) extern const struct feature f##_feature;
FEATURES(DECLARE)
#define ENTRY(f) &f##_feature,
const struct feature *const app_features[] = {FEATURES(ENTRY) NULL};

#define MAX_JOBS 64
static struct job jobs[MAX_JOBS];
static int njobs;
static struct worker workers[JOBS_MAX_WORKERS];
static int nworkers;

const struct feature *app_feature(const char *name)
{
	for (const struct feature *const *f = app_features; *f; f++)
		if (strcmp((*f)->name, name) == 0)
			return *f;
	return NULL;
}

int app_init(void)
{
	static int done;
	if (done)
		return 0;
	njobs = 0;
	nworkers = 0;
	/* base's polygon reader names its problems in these; any feature may take a polygon */
	if (err_messages_add(geo_messages) < 0)
		return -1;
	for (const struct feature *const *f = app_features; *f; f++) {
		if ((*f)->messages && err_messages_add((*f)->messages) < 0) {
			fprintf(stderr, "linli: the field messages of feature '%s' are invalid or define "
				"a key that is already defined\n", (*f)->name);
			return -1;
		}
		if ((*f)->labels && labels_add((*f)->labels) < 0) {
			fprintf(stderr, "linli: the labels of feature '%s' are invalid or define a key "
				"that is already defined\n", (*f)->name);
			return -1;
		}
		if ((*f)->limits && limits_add((*f)->limits) < 0) {
			fprintf(stderr, "linli: the limits of feature '%s' are invalid or define a key "
				"that is already defined\n", (*f)->name);
			return -1;
		}
		for (int i = 0; i < (*f)->njobs && njobs < MAX_JOBS; i++)
			jobs[njobs++] = (*f)->jobs[i];
		for (int i = 0; i < (*f)->nworkers && nworkers < JOBS_MAX_WORKERS; i++)
			workers[nworkers++] = (*f)->workers[i];
	}
	done = 1;
	return 0;
}

void app_register_routes(void)
{
	for (const struct feature *const *f = app_features; *f; f++)
		if ((*f)->routes)
			(*f)->routes();
}

const struct job *app_jobs(int *n)
{
	*n = njobs;
	return jobs;
}

const struct worker *app_workers(int *n)
{
	*n = nworkers;
	return workers;
}
