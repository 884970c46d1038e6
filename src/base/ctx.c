#include "base/ctx.h"

#include "base/log.h"

int ctx_store_error(struct ctx *cx)
{
	switch (store_errkind(cx->db)) {
	case STORE_E_UNIQUE:
		return err_setf(&cx->err, ERR_CONFLICT, "%s", store_errmsg(cx->db));
	case STORE_E_BUSY:
		return err_setf(&cx->err, ERR_UNAVAILABLE, "%s", store_errmsg(cx->db));
	default:
		log_error("database: %s", store_errmsg(cx->db));
		return err_setf(&cx->err, ERR_INTERNAL, "%s", store_errmsg(cx->db));
	}
}

int ctx_begin(struct ctx *cx)
{
	return store_begin(cx->db) < 0 ? ctx_store_error(cx) : 0;
}

int ctx_commit(struct ctx *cx)
{
	if (store_commit(cx->db) < 0) {
		ctx_store_error(cx);
		store_rollback(cx->db);
		return -1;
	}
	return 0;
}

void ctx_rollback(struct ctx *cx) { store_rollback(cx->db); }
