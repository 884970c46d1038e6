/* feature: what one feature hands the program. A feature lives in one folder, src/<name>/:
 * its schema (migrations/<version>_<name>.sql, embedded at build), its rules and SQL, its HTTP
 * handlers, its field messages, its jobs and its demo data. It defines one `struct feature`
 * (in its feature.c) and is listed once, in src/app/app.c. */
#ifndef LINLI_FEATURE_H
#define LINLI_FEATURE_H

#include "base/ctx.h"
#include "base/err.h"
#include "base/limits.h"

struct job;

struct feature {
	const char *name;                 /* its folder: "access" */
	void (*routes)(void);             /* registers its HTTP routes with http_routes() */
	const struct err_msg *messages;   /* its field messages, ended by {NULL} */
	const struct err_msg *labels;     /* names of its codes ("action:user.create"), {NULL} */
	const struct limit *limits;       /* the bounds of its fields, {NULL} (base/limits.h) */
	const struct job *jobs;           /* its background jobs (jobs/jobs.h) */
	int njobs;
	/* `linli demo`: add the feature's demo data, leaving what exists as it is (0, or -1 with
	 * cx->err set); then, once every feature's data is in, print what a newcomer needs. */
	int (*demo)(struct ctx *cx);
	void (*demo_notes)(void);
};

#endif
