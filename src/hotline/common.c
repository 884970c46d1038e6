/* What the files of hotline share that reads the database. */
#include "hotline/internal.h"

int hl_one(struct ctx *cx, struct store_stmt *st, ctx_row_reader read, void *out)
{
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}
