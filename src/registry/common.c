/* The registry's shared pieces: dates, tags, name bigrams, events and the tails of writes. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/internal.h"
#include "registry/limits.h"

int registry_bump(struct ctx *cx, const char *table, int64_t id, int64_t version)
{
	return ctx_bump_version(cx, strcmp(table, "households") == 0
		? "UPDATE households SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?"
		: "UPDATE residents SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
		id, version);
}

int registry_scope(const struct ctx *cx)
{
	int64_t unit;
	if (access_is_global(cx))
		return SCOPE_ALL;
	int k = access_anchor(cx, &unit);
	return k < 0 ? SCOPE_UNITS : SCOPE_ANCHOR + k;
}

int registry_bind_scope(const struct ctx *cx, struct store_stmt *st, int idx)
{
	int64_t unit = 0;
	if (access_is_global(cx))
		return idx;
	if (access_anchor(cx, &unit) < 0)
		access_bind_user(cx, st, idx);
	else
		store_bind_int64(st, idx, unit);
	return idx + 1;
}

int registry_scope_for_unit(struct ctx *cx, int64_t unit_id, struct registry_scope_of *s)
{
	s->form = registry_scope(cx);
	s->anchor = 0;
	if (!unit_id)
		return 0;
	struct org_unit u;
	int rc = org_unit_by_id(cx, unit_id, &u);
	if (rc < 0)
		return -1;
	if (rc == 0 || !(access_is_global(cx) || access_path_in_scope(cx, u.path)))
		return 0;
	for (int a = ORG_ANCHOR_GRID; a >= ORG_ANCHOR_STREET; a--)
		if (u.anchor[a]) {
			s->form = SCOPE_ANCHOR + a;
			s->anchor = u.anchor[a];
			return 0;
		}
	return 0;
}

int registry_bind_scope_of(const struct ctx *cx, struct store_stmt *st, int idx,
			   const struct registry_scope_of *s)
{
	if (!s->anchor)   /* the caller's own */
		return registry_bind_scope(cx, st, idx);
	store_bind_int64(st, idx, s->anchor);
	return idx + 1;
}

/* Reveals of the hour: personal values asked for (a resident's numbers, a requester's phone),
 * and exports in clear (one each). */
#define REVEALS_OF_THE_HOUR "FROM audit_log WHERE actor_id = ? AND at > ? AND " \
	"(action LIKE '%.reveal' OR (action = 'resident.export' AND summary LIKE '%\"reveal\":true%'))"

int registry_reveal_budget(struct ctx *cx)
{
	struct err *e = &cx->err;
	if (cx->actor.system)
		return 0;
	int64_t recent = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) " REVEALS_OF_THE_HOUR, &recent, 2,
			      cx->actor.user_id, cx->now - 3600) < 0)
		return ctx_store_error(cx);
	if (recent < REVEALS_PER_HOUR)
		return 0;
	/* until the oldest reveal of the hour drops out of it */
	int64_t oldest = cx->now;
	store_query_int64(cx->db, "SELECT MIN(at) FROM (SELECT at " REVEALS_OF_THE_HOUR
				  " ORDER BY at DESC LIMIT ?) w",
			  &oldest, 3, cx->actor.user_id, cx->now - 3600, (int64_t)REVEALS_PER_HOUR);
	int64_t wait = oldest + 3600 - cx->now;
	e->retry_after = (int)(wait > 0 ? wait : 1);
	return err_setf(e, ERR_RATE_LIMITED, "reveals: %lld in the last hour", (long long)recent);
}

void registry_bind_anchors(struct store_stmt *st, int idx, const int64_t anchor[ORG_ANCHORS])
{
	for (int k = 0; k < ORG_ANCHORS; k++)
		store_bind_int64_or_null(st, idx + k, anchor[k]);
}

int registry_event(struct ctx *cx, int64_t household_id, int64_t resident_id, const char *kind,
		   int on_date, const char *note)
{
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO household_events (household_id, resident_id, kind, on_date, note, actor, at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, household_id);
	if (resident_id)
		store_bind_int64(st, 2, resident_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, kind);
	store_bind_int64(st, 4, on_date ? on_date : registry_today(cx));
	store_bind_text(st, 5, note ? note : "");
	store_bind_text(st, 6, cx->actor.username ? cx->actor.username : "");
	store_bind_int64(st, 7, cx->now);
	return ctx_write(cx, st, "id_number", "resident_registered", NULL);
}

int registry_today(const struct ctx *cx) { return idnum_date_of(cx->now); }

json_t *registry_date_json(int date)
{
	if (date <= 0)
		return json_null();
	char buf[16];
	date_format(date, buf, sizeof buf);
	return json_string(buf);
}

int registry_date_field(struct ctx *cx, json_t *obj, const char *name, int flags, int *out)
{
	const char *s = NULL;
	int f = jf_str(obj, name, flags, 10, 10, &s, &cx->err);
	if (f <= 0)
		return f;
	int date = date_parse(s);
	if (date < 18800101)
		return err_field(&cx->err, name, "date_format", 0);
	if (date > registry_today(cx))
		return err_field(&cx->err, name, "date_future", 0);
	*out = date;
	return 1;
}

int registry_tag(struct ctx *cx, const char *code, bool *sensitive)
{
	const struct code_entry *e = codes_find(CODES_TAG, code);
	if (e) {
		*sensitive = e->sensitive;
		return 1;
	}
	struct store_stmt *st = store_prepare(cx->db, "SELECT sensitive FROM registry_tags WHERE code = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, code);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		*sensitive = store_col_int64(st, 0) != 0;
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

bool registry_sees_sensitive(const struct ctx *cx)
{
	return cx->actor.system || access_role_has(cx->actor.role, PERM_RESIDENTS_SENSITIVE);
}

/* The byte length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

size_t registry_grams(const char *name, char grams[][REGISTRY_GRAM_MAX], size_t max)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t first = *p ? char_len(p) : 0, k = 0;
	bool one = first && !p[first];
	while (*p && k < max) {
		size_t a = char_len(p), b = p[a] ? char_len(p + a) : 0;
		if (!b && !one)
			break;
		char *gram = grams[k++];
		size_t n = a + b < REGISTRY_GRAM_MAX ? a + b : REGISTRY_GRAM_MAX - 1;
		memcpy(gram, p, n);
		gram[n] = 0;
		/* ASCII letters match without case, as the search does */
		for (size_t i = 0; i < n; i++)
			if (gram[i] >= 'A' && gram[i] <= 'Z')
				gram[i] = (char)(gram[i] - 'A' + 'a');
		p += a;
		if (one)
			break;
	}
	return k;
}

int registry_name_grams(struct ctx *cx, int64_t resident_id, const char *name, bool fresh)
{
	struct store_stmt *st;
	if (!fresh) {
		st = store_prepare(cx->db, "DELETE FROM resident_name_grams WHERE resident_id = ?");
		if (!st)
			return ctx_fail(cx);
		store_bind_int64(st, 1, resident_id);
		if (ctx_write(cx, st, "id_number", "resident_registered", NULL) < 0)
			return -1;
	}
	char grams[REGISTRY_NAME_GRAMS][REGISTRY_GRAM_MAX];
	size_t n = registry_grams(name, grams, REGISTRY_NAME_GRAMS);
	if (!n)
		return 0;
	/* all of them in one statement, from a JSON array of the grams */
	struct jw w;
	jw_init(&w, cx->a);
	jw_arr(&w);
	for (size_t i = 0; i < n; i++)
		jw_str(&w, grams[i]);
	jw_arr_end(&w);
	static const char *const sql[2] = {
		"INSERT INTO resident_name_grams (gram, resident_id) SELECT DISTINCT value, "
		"CAST(? AS BIGINT) FROM json_each(?) WHERE true ON CONFLICT DO NOTHING",
		"INSERT INTO resident_name_grams (gram, resident_id) SELECT DISTINCT value, "
		"CAST(? AS BIGINT) FROM json_array_elements_text(CAST(? AS json)) ON CONFLICT DO NOTHING"};
	st = store_prepare(cx->db, sql[store_kind(cx->db) == STORE_POSTGRES]);
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, resident_id);
	store_bind_text(st, 2, buf_str(&w.b));
	return ctx_write(cx, st, "id_number", "resident_registered", NULL);
}
