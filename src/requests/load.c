/* The dispatch board's load (调度台): how many open requests sit with each handler and in each
 * unit below a unit, and how many of them are overdue, counting only requests in the caller's
 * scope (the list's own test), so that a dispatcher sees who has room before dispatching. */
#include <string.h>

#include "base/json.h"
#include "org/org.h"
#include "requests/internal.h"

#define LOAD_MAX 5000
/* what is still to be done by someone: not yet resolved (resolved, verified and rated wait on
 * the office and the resident, not on the handler) */
#define LOAD_STATES "submitted,accepted,dispatched,in_progress,returned,parked"

struct tally {
	int64_t id;
	const char *name, *kind, *path;
	int64_t open, overdue;
};

static struct tally *find(struct tally *t, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
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
		if (nu == cu) {
			struct tally *bigger = arena_alloc(cx->a, 2 * cu * sizeof *units);
			memcpy(bigger, units, cu * sizeof *units);
			units = bigger;
			cu *= 2;
		}
		units[nu++] = (struct tally){.id = store_col_int64(st, 0),
			.name = arena_strdup(cx->a, store_col_text(st, 1)),
			.kind = arena_strdup(cx->a, store_col_text(st, 2)),
			.path = arena_strdup(cx->a, store_col_text(st, 3))};
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	struct tally here = {.id = u.id, .name = u.name, .kind = u.kind};
	struct request_filter rf = {.states = LOAD_STATES, .unit_id = unit_id, .limit = 200};
	size_t seen = 0;
	do {
		struct request *items;
		size_t m;
		int64_t next;
		if (requests_list(cx, &rf, &items, &m, &next) < 0)
			return -1;
		for (size_t i = 0; i < m && seen < LOAD_MAX; i++, seen++) {
			const struct request *r = &items[i];
			bool late = rq_overdue(r, cx->now);
			struct tally *t = r->unit_id == unit_id ? &here : NULL;
			for (size_t k = 0; !t && k < nu; k++)
				if (!strncmp(r->unit_path, units[k].path, strlen(units[k].path)))
					t = &units[k];
			if (t) {
				t->open++;
				t->overdue += late;
			}
			if (!r->handler_id)
				continue;
			t = find(handlers, nh, r->handler_id);
			if (!t) {
				if (nh == ch) {
					struct tally *bigger = arena_alloc(cx->a, 2 * ch * sizeof *handlers);
					memcpy(bigger, handlers, ch * sizeof *handlers);
					handlers = bigger;
					ch *= 2;
				}
				t = &handlers[nh++];
				*t = (struct tally){.id = r->handler_id, .name = r->handler_name};
			}
			t->open++;
			t->overdue += late;
		}
		rf.cursor = next;
	} while (rf.cursor && seen < LOAD_MAX);
	json_t *ju = json_array(), *jh = json_array();
	for (size_t i = 0; i < nu; i++)
		json_array_append_new(ju, tally_json(&units[i], true));
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(jh, tally_json(&handlers[i], false));
	*out = json_pack("{s:o, s:o, s:o, s:I, s:b}", "unit", tally_json(&here, true), "units", ju,
			 "handlers", jh, "total", (json_int_t)seen, "truncated", seen >= LOAD_MAX);
	return 0;
}
