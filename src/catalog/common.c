/* The pieces the files of the catalog share. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "catalog/internal.h"

int catalog_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	if (l < 0)
		return jf_str(o, name, flags, 1, 32, out, e);
	const struct limit *lim = &catalog_limits[l];
	int rc = jf_str(o, name, flags, (size_t)lim->min, (size_t)lim->max, out, e);
	/* codes: letters, digits and - (the pattern of the limit's table) */
	if (rc > 0 && (l == L_CAT_CODE || l == L_ITEM_CODE))
		for (const char *p = *out; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '-'))
				return err_field(e, name, "catalog_code", 0);
	return rc;
}

int catalog_audit_commit(struct ctx *cx, const char *action, const char *entity, int64_t id,
			 json_t *before, json_t *after)
{
	if (audit_record(cx, action, entity, id, before, after) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	return ctx_commit(cx);
}

bool catalog_related(const struct ctx *cx, const char *path)
{
	if (access_is_global(cx))
		return true;
	size_t n = strlen(path);
	for (size_t i = 0; i < cx->actor.nunits; i++) {
		const char *mine = cx->actor.unit_paths[i];
		size_t m = strlen(mine);
		if (strncmp(path, mine, m < n ? m : n) == 0)
			return true;
	}
	return false;
}

int catalog_insert(struct ctx *cx, struct store_stmt *st, const char *field, int64_t *id)
{
	int rc = store_step(st);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	if (rc == STORE_ROW)
		rc = store_step(st);
	store_reset(st);
	if (rc == STORE_DONE && *id)
		return 0;
	if (store_errkind(cx->db) == STORE_E_UNIQUE) {
		ctx_rollback(cx);
		err_field(&cx->err, field, "catalog_code_taken", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	return ctx_fail(cx);
}
