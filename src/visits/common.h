/* What the files of visits share (not for other features). */
#ifndef LINLI_VISITS_COMMON_H
#define LINLI_VISITS_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/ctx.h"

/* Whether the actor's role has the permission (the command line has every one). */
bool visits_may(const struct ctx *cx, enum perm p);
/* access_require for the first of two permissions the role has (403 when neither). */
int visits_require_any(struct ctx *cx, enum perm a, enum perm b);
/* A date field "2026-12-01": 1 read, 0 absent (or null with JF_NULLABLE: *out 0), -1 error. */
int visits_jf_date(json_t *obj, const char *name, int flags, int64_t *out, struct err *e);
/* A date as JSON: "2026-12-01", or null for 0. */
json_t *visits_json_date(int64_t d);
/* Today in Asia/Shanghai. */
int64_t visits_today(const struct ctx *cx);
/* The display name and role of a user; 1 found, 0 not, -1 error. */
int visits_user(struct ctx *cx, int64_t id, const char **name, int *role);

#endif
