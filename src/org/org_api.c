/* HTTP <-> struct for org units. */
#include "http/http.h"
#include "org/org.h"

static int list(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	struct org_unit *items;
	size_t n;
	if (org_units_list(cx, &items, &n) < 0)
		return -1;
	RESP_LIST(rs, items, n, 0, org_unit_json);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/units", list, 0},
};

void org_api_register(void);
void org_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
