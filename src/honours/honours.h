/* honours: resident points and honours (居民积分制, 文明户, 五好家庭, 幸福之家).
 *
 *   - Household points: a community's staff keep rules of what participation earns a household
 *     (参加议事 5 a time, 志愿服务 10 an hour, ...), each with a yearly cap; an award is a
 *     movement of the points ledger (points/points.h, holder kind "household"), a correction
 *     a reversing movement, never an edit. The community's table of households by points is of
 *     households who take part: staff are never ranked.
 *   - Honours: a yearly rating of one honour (a kind an administrator lists) in one community.
 *     Nominations (by staff, or by grid workers for the households of their grids) → 公示 (an
 *     announcement period on the public board; anyone may object) → the result. The states:
 *
 *       rating      nominating --open--> announcing --publish--> published
 *       nomination  nominated --open--> announced --publish--> awarded
 *                   nominated | announced --withdraw / objection upheld--> withdrawn
 *
 *     Publication is refused while the period runs or an objection is open. A refused action
 *     changes nothing; a write with an old version is 409.
 *   - Scope: a community's staff see its rules, awards and ratings; grid workers the ratings of
 *     their community and the households of their grids; anything else is 404. */
#ifndef LINLI_HONOURS_H
#define LINLI_HONOURS_H

#include <jansson.h>
#include <stdint.h>

#include "base/ctx.h"

/* The honours a household was awarded, newest first, for its record:
 * [{rating_id, kind, year, community, award_date}]. No access check: the caller's (the
 * household's reader). 0, or -1 with cx->err. */
int honours_of_household(struct ctx *cx, int64_t household_id, json_t **out);

/* The public board's objections: at most public_rate a minute from one address. */
void honours_set_public_rate(unsigned per_minute);

void honours_api_register(void);
int honours_demo(struct ctx *cx);
void honours_demo_notes(void);

#endif
