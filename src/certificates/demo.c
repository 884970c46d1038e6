/* The demo's certificates of service: for the first demo volunteers of 和平社区 with approved
 * hours (v510104020001-0001 on), one for the past year each, the second's revoked as issued
 * for the wrong period and issued again for the last half year. */
#include <stdio.h>

#include "base/date.h"
#include "certificates/internal.h"
#include "org/org.h"
#include "volunteers/volunteers.h"

static int fail(struct ctx *cx, const char *what)
{
	fprintf(stderr, "linli demo: certificates: %s: %s\n", what, cx->err.detail);
	return -1;
}

static int issue(struct ctx *cx, int64_t vid, int from, int to, json_t **out)
{
	char f[16], t[16];
	date_format(from, f, sizeof f);
	date_format(to, t, sizeof t);
	json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "volunteer_id", (json_int_t)vid,
		"from", f, "to", t, "person_in_charge", "陈建国", "handler", "李娟",
		"contact_phone", "028-85550101");
	int rc = certificates_issue(cx, b, out);
	json_decref(b);
	return rc;
}

int certificates_demo(struct ctx *cx)
{
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM certificates", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	/* the volunteer the demo's notes name, then those the shifts' demo gave hours to */
	struct org_unit hp;
	if (org_unit_by_code(cx, "510104020001", &hp) != 1)
		return 0;
	struct volunteer_filter vf = {.unit_id = hp.id, .approval = "approved", .limit = 40};
	struct volunteer *vols, first;
	size_t nv;
	int64_t cursor;
	if (volunteers_list(cx, &vf, &vols, &nv, &cursor) < 0)
		return fail(cx, "volunteers");
	int found = volunteers_by_number(cx, "510104020001-0001", &first);
	if (found < 0)
		return fail(cx, "volunteer");
	int today = date_of_time(cx->now), issued = 0;
	for (size_t i = 0; i <= nv && issued < 4; i++) {
		if (i == 0 && !found)
			continue;
		const struct volunteer v = i == 0 ? first : vols[nv - i];
		json_t *c = NULL;
		if (issue(cx, v.id, date_add(today, -365), today, &c) < 0) {
			cx->err = (struct err){0};
			continue;
		}
		if (issued == 1) {
			json_t *why = json_pack("{s:I, s:s}", "version", json_integer_value(json_object_get(c, "version")),
					      "reason", "出具时选错了服务期间，已重新出具");
			json_t *rev = NULL, *again = NULL;
			int rc = certificates_revoke(cx, json_integer_value(json_object_get(c, "id")), why, &rev);
			json_decref(why);
			json_decref(rev);
			if (rc < 0 || issue(cx, v.id, date_add(today, -180), today, &again) < 0) {
				json_decref(c);
				return fail(cx, "revoke");
			}
			json_decref(again);
		}
		json_decref(c);
		issued++;
	}
	return 0;
}
