/* A requester's name and phone in clear, for the one who calls them back: the request's
 * dispatchers and handlers, with a reason, audited, within the hour's reveals that residents'
 * numbers count too (registry_reveal_budget). */
#include <string.h>

#include "access/audit.h"
#include "base/json.h"
#include "base/text.h"
#include "registry/registry.h"
#include "requests/internal.h"

int requests_reveal(struct ctx *cx, int64_t id, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"reason", NULL};
	struct err *e = &cx->err;
	struct request r;
	if (requests_get(cx, id, &r) < 0)
		return -1;
	if (!(rq_caller(cx, &r) & (W_DISPATCHER | W_HANDLER)))
		return err_setf(e, ERR_FORBIDDEN, "the requester's phone is for its dispatchers and handlers");
	const char *reason = NULL;
	const struct limit *lr = &requests_limits[L_RQ_REVEAL_REASON];
	json_only_fields(body, allowed, e);
	if (jf_str(body, "reason", JF_REQUIRED, 0, (size_t)lr->max, &reason, e) > 0 &&
	    utf8_count(reason) < (size_t)lr->min)
		err_field(e, "reason", "too_short", lr->min);
	if (e->code || registry_reveal_budget(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT requester_name, requester_phone FROM requests WHERE id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	const char *name = NULL, *sealed = NULL;
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		name = store_col_is_null(st, 0) ? NULL : arena_strdup(cx->a, store_col_text(st, 0));
		sealed = store_col_is_null(st, 1) ? NULL : arena_strdup(cx->a, store_col_text(st, 1));
	}
	store_reset(st);
	if (rc != STORE_ROW)
		return ctx_store_error(cx);
	if (sealed && !*sealed)
		sealed = NULL;
	if (sealed && !registry_keys())
		return err_setf(e, ERR_UNAVAILABLE, "no keys for personal data: set key_file");
	const char *phone = sealed ? registry_open(cx, "request.phone", sealed) : NULL;
	if (sealed && !phone)
		return err_setf(e, ERR_INTERNAL, "request %lld: the phone does not open", (long long)id);
	if (ctx_begin(cx) < 0)
		return -1;
	json_t *what = json_pack("{s:s, s:[s]}", "reason", reason, "fields", "phone");
	rc = audit_record(cx, "request.reveal", "request", id, NULL, what);
	json_decref(what);
	if (rc < 0 || ctx_commit(cx) < 0) {
		ctx_rollback(cx);
		return -1;
	}
	*out = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "requester_name",
			 name && *name ? json_string(name) : json_null(), "requester_phone",
			 phone ? json_string(phone) : json_null());
	return 0;
}
