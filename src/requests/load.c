/* The dispatch board's load (调度台): how many open requests sit with each handler and in each
 * unit below a unit, and how many of them are overdue (the inbox's own rule, RQ_OVERDUE_SQL), so
 * that a dispatcher sees who has room before dispatching. Counted in SQL over the unit's
 * subtree, which lies in the caller's scope when the unit does. */
#include <string.h>

#include "base/json.h"
#include "org/org.h"
#include "requests/internal.h"

/* what is still to be done by someone: not yet resolved (resolved, verified and rated wait on
 * the office and the resident, not on the handler) */
#define LOAD_STATES "'submitted', 'accepted', 'dispatched', 'in_progress', 'returned', 'parked'"

struct tally {
	int64_t id;
	const char *name, *kind, *path;
	int64_t open, overdue;
};

/* The tally of id in t[0..*n), added when missing (t grown on the arena, *cap its room). */
static struct tally *tally_of(struct ctx *cx, struct tally **t, size_t *n, size_t *cap, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*t)[i].id == id)
			return &(*t)[i];
	if (*n == *cap) {
		struct tally *bigger = arena_alloc(cx->a, 2 * *cap * sizeof **t);
		memcpy(bigger, *t, *cap * sizeof **t);
		*t = bigger;
		*cap *= 2;
	}
	(*t)[*n] = (struct tally){.id = id};
	return &(*t)[(*n)++];
}

static json_t *tally_json(const struct tally *t, bool unit)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)t->id, "name", t->name,
			      "open", (json_int_t)t->open, "overdue", (json_int_t)t->overdue);
	if (unit)
		json_object_set_new(o, "kind", json_string(t->kind));
	return o;
}

int requests_load(struct ctx *cx, int64_t unit_id, json_t **out)
{
	if (access_require(cx, PERM_REQUESTS_DISPATCH, NULL) < 0)
		return -1;
	struct org_unit u;
	if (org_unit_get(cx, unit_id, &u) < 0)   /* 404 outside the scope */
		return -1;
	/* the units right below it, open ones, by code */
	struct store_stmt *st = store_prepare(cx->db, "SELECT id, name, kind, path FROM org_units"
		" WHERE parent_id = ? AND closed_at IS NULL ORDER BY code, id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, unit_id);
	size_t nu = 0, cu = 16, nh = 0, ch = 16;
	struct tally *units = arena_alloc(cx->a, cu * sizeof *units);
	struct tally *handlers = arena_alloc(cx->a, ch * sizeof *handlers);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		struct tally *t = tally_of(cx, &units, &nu, &cu, store_col_int64(st, 0));
		t->name = arena_strdup(cx->a, store_col_text(st, 1));
		t->kind = arena_strdup(cx->a, store_col_text(st, 2));
		t->path = arena_strdup(cx->a, store_col_text(st, 3));
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	/* the requests at the unit or below (all in the caller's scope, as the unit is), counted by
	 * the unit they sit at, their handler and whether they are overdue */
	st = store_prepare(cx->db,
		"SELECT cu.id, cu.path, COALESCE(r.handler_id, 0), COALESCE(hu.display_name, ''),"
		" CASE WHEN " RQ_OVERDUE_SQL " THEN 1 ELSE 0 END, COUNT(*)"
		" FROM requests r JOIN org_units cu ON cu.id = r.unit_id"
		" LEFT JOIN users hu ON hu.id = r.handler_id"
		" WHERE r.state IN (" LOAD_STATES ") AND substr(cu.path, 1, length(?)) = ?"
		" GROUP BY cu.id, cu.path, r.handler_id, hu.display_name, 5");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, cx->now);
	store_bind_text(st, 3, u.path);
	store_bind_text(st, 4, u.path);
	struct tally here = {.id = u.id, .name = u.name, .kind = u.kind};
	int64_t total = 0;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t at = store_col_int64(st, 0), handler = store_col_int64(st, 2);
		const char *path = store_col_text(st, 1);
		int64_t late = store_col_int64(st, 4), n = store_col_int64(st, 5);
		total += n;
		struct tally *t = at == unit_id ? &here : NULL;
		for (size_t k = 0; !t && k < nu; k++)
			if (!strncmp(path, units[k].path, strlen(units[k].path)))
				t = &units[k];
		if (t) {
			t->open += n;
			t->overdue += late ? n : 0;
		}
		if (!handler)
			continue;
		t = tally_of(cx, &handlers, &nh, &ch, handler);
		t->name = arena_strdup(cx->a, store_col_text(st, 3));
		t->open += n;
		t->overdue += late ? n : 0;
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	json_t *ju = json_array(), *jh = json_array();
	for (size_t i = 0; i < nu; i++)
		json_array_append_new(ju, tally_json(&units[i], true));
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(jh, tally_json(&handlers[i], false));
	*out = json_pack("{s:o, s:o, s:o, s:I}", "unit", tally_json(&here, true), "units", ju,
			 "handlers", jh, "total", (json_int_t)total);
	return 0;
}
