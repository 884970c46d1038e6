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
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, org_unit_json(&items[i]));
	resp_list(rs, arr, 0);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/units", list, 0},
};

void org_api_register(void);
void org_api_register(void) { http_routes(routes, sizeof routes / sizeof routes[0]); }
