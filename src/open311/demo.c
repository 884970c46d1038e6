/* The demo's Open311 attributes: what a street light, a lift and a heap of rubbish are asked
 * about besides the text and the place; and one client's key (open311:shiminapp), so that the
 * curl of docs/integrations.md works on a new demo. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/sessions.h"
#include "catalog/catalog.h"
#include "open311/internal.h"
#include "org/org.h"

static const struct {
	const char *item, *code, *datatype, *description, *values;
	bool required;
	int order;
} demo[] = {
	{"SS-002", "FACILITY", "singlevaluelist", "损坏的是什么设施？",
	 "[{\"key\":\"light\",\"name\":\"路灯\"},{\"key\":\"cover\",\"name\":\"井盖\"},"
	 "{\"key\":\"fitness\",\"name\":\"健身器材\"}]", true, 1},
	{"SS-002", "POLE", "string", "灯杆或设施上的编号（如有）", NULL, false, 2},
	{"SS-001", "TRAPPED", "singlevaluelist", "是否有人被困？",
	 "[{\"key\":\"yes\",\"name\":\"有人被困\"},{\"key\":\"no\",\"name\":\"无人被困\"}]", true, 1},
	{"SS-001", "FLOOR", "number", "停在几层？", NULL, false, 2},
	{"HJ-001", "KIND", "multivaluelist", "堆积的是哪类垃圾？",
	 "[{\"key\":\"household\",\"name\":\"生活垃圾\"},{\"key\":\"bulky\",\"name\":\"大件垃圾\"},"
	 "{\"key\":\"construction\",\"name\":\"装修垃圾\"}]", false, 1},
	{"HJ-001", "SINCE", "datetime", "大约从什么时候开始堆积？", NULL, false, 2},
};

/* A key for the street's citizen app, acting for an account of its own (its password never
 * told), printed once as the console shows a new key. */
static int demo_key(struct ctx *cx)
{
	struct org_unit street;
	int f = org_unit_by_code(cx, "510104020", &street);
	if (f <= 0)
		return f;
	struct user u;
	f = accounts_ensure_machine(cx, "shiminapp", "市民通 App 对接账号", ROLE_STAFF, street.id, &u);
	if (f <= 0)
		return f;
	struct api_token t;
	char secret[CRYPTO_TOKEN_LEN + 8];
	if (tokens_create(cx, "open311:shiminapp", u.id, &t, secret) < 0)
		return -1;
	printf("Open311 demo key open311:shiminapp: api_key %s\n", secret);
	return 0;
}

int open311_demo(struct ctx *cx)
{
	if (demo_key(cx) < 0)
		return -1;
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM open311_attributes", &n, 0) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		struct catalog_item it;
		int f = catalog_item_by_code(cx, demo[i].item, &it);
		if (f < 0)
			return -1;
		if (f == 0)
			continue;
		json_t *b = json_pack("{s:I, s:s, s:s, s:s, s:b, s:i}", "item_id", (json_int_t)it.id,
				      "code", demo[i].code, "datatype", demo[i].datatype,
				      "description", demo[i].description, "required", demo[i].required,
				      "order", demo[i].order);
		if (demo[i].values)
			json_object_set_new(b, "values", json_loads(demo[i].values, 0, NULL));
		struct open311_attribute a;
		int rc = open311_attribute_create(cx, b, &a);
		json_decref(b);
		if (rc < 0)
			return -1;
	}
	return 0;
}
