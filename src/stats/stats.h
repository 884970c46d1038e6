/* stats: the figures the console's dashboard shows. Each figure states what it counts. */
#ifndef LINLI_STATS_H
#define LINLI_STATS_H

#include <jansson.h>

#include "base/ctx.h"

/* {"users_by_role":{role:n}, "logins_by_day":[{"date","count"}], "audit_by_day":[...]} over the
 * last `days` days (Asia/Shanghai dates), limited to the actor's units and, when unit_id is not
 * 0, to the users of that unit and those below it (404 when it is outside the actor's scope). */
int stats_overview(struct ctx *cx, int days, int64_t unit_id, json_t **out);
void stats_api_register(void);

#endif
