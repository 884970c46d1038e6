/* The backlog (在办): what is open now in a unit and below, by state, how much of it is overdue,
 * and the same for each unit one level below (a street's communities, a community's grids): the
 * figures a dashboard opens with, beside the indicators' months. Counted from the requests as
 * they sit now (unit_id, not where they arose), as the inbox and the register list them. */
#include <string.h>

#include "base/json.h"
#include "org/org.h"
#include "requests/internal.h"

#define BACKLOG_UNITS 1000   /* units one level below: a district's streets, a street's communities */

struct below {
	int64_t id, open, overdue;
	const char *name, *kind, *path;
	bool closed;
};

static int64_t read_below(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct below *b = row;
	*b = (struct below){
		.id = store_col_int64(st, 0), .name = arena_strdup(cx->a, store_col_text(st, 1)),
		.kind = arena_strdup(cx->a, store_col_text(st, 2)),
		.path = arena_strdup(cx->a, store_col_text(st, 3)), .closed = !store_col_is_null(st, 4),
	};
	return b->id;
}

static const char *const open_states[] = {"submitted", "accepted", "dispatched", "in_progress",
	"returned", "resolved", "verified", "rated", "parked", NULL};

int requests_backlog(struct ctx *cx, int64_t unit_id, json_t **out)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	struct org_unit u = {0};
	if (rq_scope_unit(cx, &unit_id, &u) < 0)
		return -1;
	/* the units one level below that requests count at: streets, communities, grids */
	struct store_stmt *st = store_prepare_text(cx->db, arena_printf(cx->a,
		"SELECT id, name, kind, path, closed_at FROM org_units WHERE %s"
		" AND kind IN ('street', 'community', 'grid') ORDER BY code, id",
		unit_id ? "parent_id = ?" : "parent_id IS NULL"));
	if (!st)
		return ctx_store_error(cx);
	if (unit_id)
		store_bind_int64(st, 1, unit_id);
	struct below *kids;
	size_t nk;
	if (ctx_rows(cx, st, sizeof *kids, BACKLOG_UNITS, read_below, &kids, &nk) < 0)
		return -1;
	/* every open request sitting at the unit or below, by the unit it sits at, its state and
	 * whether it is overdue */
	st = store_prepare_text(cx->db, arena_printf(cx->a,
		"SELECT cu.path, r.state, CASE WHEN " RQ_OVERDUE_SQL " THEN 1 ELSE 0 END, COUNT(*)"
		" FROM requests r JOIN org_units cu ON cu.id = r.unit_id"
		" WHERE r.state IN (" RQ_OPEN_STATES ")%s GROUP BY cu.path, r.state, 3",
		unit_id ? " AND r.unit_id IN (WITH RECURSIVE su(id) AS (SELECT CAST(? AS BIGINT)"
			  " UNION SELECT c.id FROM org_units c JOIN su ON c.parent_id = su.id)"
			  " SELECT id FROM su)" : ""));
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->now);
	if (unit_id)
		store_bind_int64(st, 3, unit_id);
	int64_t states[sizeof open_states / sizeof open_states[0]] = {0}, open = 0, overdue = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		const char *path = store_col_text(st, 0), *state = store_col_text(st, 1);
		int64_t late = store_col_int64(st, 2), n = store_col_int64(st, 3);
		open += n;
		overdue += late ? n : 0;
		for (size_t i = 0; open_states[i]; i++)
			if (!strcmp(state, open_states[i]))
				states[i] += n;
		for (size_t k = 0; k < nk; k++)
			if (!strncmp(path, kids[k].path, strlen(kids[k].path))) {
				kids[k].open += n;
				kids[k].overdue += late ? n : 0;
				break;
			}
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	json_t *by_state = json_object(), *units = json_array();
	for (size_t i = 0; open_states[i]; i++)
		json_object_set_new(by_state, open_states[i], json_integer(states[i]));
	for (size_t k = 0; k < nk; k++)
		if (!kids[k].closed || kids[k].open)   /* a closed unit only while something sits there */
			json_array_append_new(units, json_pack("{s:I, s:s, s:s, s:I, s:I}", "id",
				(json_int_t)kids[k].id, "name", kids[k].name, "kind", kids[k].kind, "open",
				(json_int_t)kids[k].open, "overdue", (json_int_t)kids[k].overdue));
	bool en = cx->lang == LANG_EN;
	*out = json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:{s:s, s:s}}", "unit", unit_id
		? json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "name", u.name) : json_null(),
		"at", json_time(cx->now), "open", (json_int_t)open, "overdue", (json_int_t)overdue,
		"states", by_state, "units", units, "formula",
		"open", en ? "open = the requests sitting now at the unit or below that are not closed,"
			     " turned down or merged"
			   : "在办 = 现在停在本单位及下级单位、尚未结案（未不予受理、未合并）的诉求数",
		"overdue", en ? "overdue = the open ones past the time to accept while waiting to be"
				" accepted, or past the time to resolve while at work (the resolved waiting to"
				" be verified or rated and the parked are not counted: their clock has stopped)"
			      : "超期 = 在办诉求中待受理而已过受理时限、或办理中而已过办结时限的数"
				"（已办结待核查或评价的、挂账的不计：其计时已停）");
	return 0;
}
