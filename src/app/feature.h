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
struct worker;

/* Something a feature keeps that hangs on an org unit or a place, which then may not close:
 * `count_sql` counts it for the id given as its one parameter; a count above 0 becomes a field
 * error on `field` with the feature's message `message` (its %ld is the count). */
struct feature_use {
	const char *field, *message, *count_sql;
};

/* A column of sealed personal values (base/seal, the registry's keys): `linli key rotate`
 * re-seals it and `linli key status` counts what is left. table and column are identifiers the
 * feature names here, never input; the table's key is `id`. */
struct sealed_column {
	const char *table, *column, *purpose;
};

struct feature {
	const char *name;                 /* its folder: "access" */
	void (*routes)(void);             /* registers its HTTP routes with http_routes() */
	const struct err_msg *messages;   /* its field messages, ended by {NULL} */
	const struct err_msg *labels;     /* names of its codes ("action:user.create"), {NULL} */
	const struct limit *limits;       /* the bounds of its fields, {NULL} (base/limits.h) */
	const struct job *jobs;           /* its background jobs (jobs/jobs.h) */
	int njobs;
	const struct worker *workers;     /* its loops on threads of their own (jobs/jobs.h) */
	int nworkers;
	/* `linli demo`: add the feature's demo data, leaving what exists as it is (0, or -1 with
	 * cx->err set); then, once every feature's data is in, print what a newcomer needs. */
	int (*demo)(struct ctx *cx);
	void (*demo_notes)(void);
	/* `linli demo --scale district`: after every feature's demo, data at the scale of a
	 * district for benchmarks (0, or -1 with cx->err set). */
	int (*demo_district)(struct ctx *cx);
	/* What it keeps on org units and on places, ended by {NULL}. */
	const struct feature_use *unit_uses, *place_uses;
	/* Statements that bring what it keeps of units' anchors (street_id, community_id, grid_id
	 * beside a unit_id; org/org.h) up to date after a unit moved, ended by NULL: run in the
	 * move's transaction, the moved unit's new path bound as parameters 1 and 2 (the units
	 * moved are those whose path starts with it). */
	const char *const *unit_moved_sql;
	/* After those statements, in the move's transaction: the moved unit's id and its path
	 * before and after (the units above it are the ids on each). 0, or -1 with cx->err and
	 * the transaction rolled back. */
	int (*unit_moved)(struct ctx *cx, int64_t unit_id, const char *old_path, const char *new_path);
	/* What it keeps that a unit's move would leave out of place, ended by {NULL}: each count_sql
	 * is run after the move's paths are rewritten, in its transaction, with the moved unit's new
	 * path bound as parameters 1 and 2; a count above 0 refuses the move (409, the field with
	 * its count) and nothing of it is kept. */
	const struct feature_use *unit_move_checks;
	/* Its sealed columns, ended by {NULL}. */
	const struct sealed_column *sealed;
};

#endif
