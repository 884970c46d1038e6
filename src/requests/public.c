/* What other systems read of the requests without logging in (Open311's lists): the requests of
 * the public catalog items, petitions never; the caller shows only what is public of them. */
#include <string.h>

#include "requests/internal.h"

bool rq_state_done(int s)
{
	return s == RQ_RESOLVED || s == RQ_VERIFIED || s == RQ_RATED || s == RQ_CLOSED ||
	       s == RQ_REJECTED || s == RQ_MERGED;
}

#define DONE_STATES "('resolved', 'verified', 'rated', 'closed', 'rejected', 'merged')"
#define PUBLIC_WHERE "r.channel <> 'petition' AND ci.public = 1"

/* One public request by its id or, when receipt is not NULL, by its receipt: 1, 0, -1. */
static int one(struct ctx *cx, int64_t id, const char *receipt, struct request *out)
{
	struct store_stmt *st = store_prepare(cx->db, receipt
		? "SELECT " RQ_COLS " FROM " RQ_FROM " WHERE r.receipt = ? AND " PUBLIC_WHERE
		: "SELECT " RQ_COLS " FROM " RQ_FROM " WHERE r.id = ? AND " PUBLIC_WHERE);
	if (!st)
		return ctx_store_error(cx);
	if (receipt)
		store_bind_text(st, 1, receipt);
	else
		store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		rq_read(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

int requests_public_list(struct ctx *cx, const struct request_public_filter *f,
			 struct request **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (f->nids) {
		/* a short list of ids (the caller bounds it): each by its key, in the order asked */
		struct request *a = arena_alloc(cx->a, f->nids * sizeof *a);
		size_t k = 0;
		for (size_t i = 0; i < f->nids; i++) {
			bool seen = false;
			for (size_t j = 0; j < k && !seen; j++)
				seen = a[j].id == f->ids[i];
			if (seen)
				continue;
			int rc = one(cx, f->ids[i], NULL, &a[k]);
			if (rc < 0)
				return -1;
			k += (size_t)rc;
		}
		*items = a;
		*n = k;
		return 0;
	}
	/* newest first: the ids follow the time of receipt, so the newest are read first */
	struct store_stmt *st = store_prepare(cx->db, "SELECT " RQ_COLS " FROM " RQ_FROM
		" WHERE " PUBLIC_WHERE " AND r.received_at >= ? AND r.received_at <= ?"
		" AND (CAST(? AS TEXT) IS NULL OR (',' || CAST(? AS TEXT) || ',') LIKE"
		" ('%,' || CAST(r.item_id AS TEXT) || ',%'))"
		" AND (? = 0 OR (? = 1 AND r.state NOT IN " DONE_STATES ")"
		" OR (? = 2 AND r.state IN " DONE_STATES ")) ORDER BY r.id DESC LIMIT ?");
	if (!st)
		return ctx_store_error(cx);
	int k = 1;
	store_bind_int64(st, k++, f->from);
	store_bind_int64(st, k++, f->to);
	store_bind_text(st, k++, f->item_ids);
	store_bind_text(st, k++, f->item_ids);
	for (int i = 0; i < 3; i++)
		store_bind_int64(st, k++, f->status);
	store_bind_int64(st, k++, f->limit);
	return ctx_rows(cx, st, sizeof **items, (size_t)f->limit, rq_read, items, n);
}

int requests_public_by_receipt(struct ctx *cx, const char *receipt, struct request *out)
{
	return one(cx, 0, receipt, out);
}
