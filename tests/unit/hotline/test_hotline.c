/* Unit tests of src/hotline: the judge of a hand-off's body (no database), and what the outbox
 * is given of a request that came by hand-off (its ticket number and the platform's callback
 * URL and secret) on a real SQLite database and, when LINLI_TEST_PG_URL is set, on PostgreSQL
 * in a schema of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "access/accounts.h"
#include "app/app.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/seal.h"
#include "catalog/catalog.h"
#include "hotline/internal.h"
#include "org/org.h"
#include "registry/registry.h"
#include "requests/requests.h"
#include "store/migrate.h"

#define NOW 1796300000   /* 2026-12-02 */

static bool named(const struct err *e, const char *field)
{
	for (int i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return true;
	return false;
}

/* The body judged; its strings are the body's: it is kept in *body (the last one freed). */
static int judge(const char *text, struct hl_in *in, struct err *e, struct arena *a, json_t **body)
{
	err_clear(e);
	json_decref(*body);
	*body = json_loads(text, 0, NULL);
	assert_non_null(*body);
	return hl_judge(a, *body, NOW, in, e);
}

static void test_judge(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct hl_in in;
	struct err e;
	json_t *body = NULL;
	assert_int_equal(judge("{\"ticket\":\"CD1\",\"category\":\"0202\",\"text\":\"路灯不亮\","
			       "\"lat\":30.6,\"lng\":104.1,\"caller_phone\":\"+86 154 1234 5000\","
			       "\"due_at\":\"2026-12-05T17:30:00+08:00\"}", &in, &e, a, &body), 0);
	assert_string_equal(in.ticket, "CD1");
	assert_string_equal(in.caller_phone, "15412345000");
	assert_true(in.has_location);
	assert_true(in.due_at > NOW);
	/* each problem at its field, all of them at once */
	assert_int_equal(judge("{\"category\":\"a b\",\"text\":\"x\",\"lat\":30.6,\"caller_phone\":\"12345\","
			       "\"due_at\":\"2026-01-01T00:00:00Z\",\"colour\":1}", &in, &e, a, &body), -1);
	for (const char *f = "ticket\0category\0lng\0caller_phone\0due_at\0colour\0"; *f; f += strlen(f) + 1)
		assert_true(named(&e, f));
	assert_int_equal(judge("{\"ticket\":\"CD2\",\"category\":\"1\",\"text\":\"x\",\"lat\":95,\"lng\":200}",
			       &in, &e, a, &body), -1);
	assert_true(named(&e, "lat") && named(&e, "lng"));
	assert_true(hl_key_ok("CD2026120300001-1"));
	assert_false(hl_key_ok("a key"));
	assert_false(hl_key_ok(""));
	assert_true(hl_code_ok("CD/2026.1_2-3"));
	assert_false(hl_code_ok("工单1"));
	json_decref(body);
	arena_free(a);
}

struct fixture {
	struct ctx cx;
	char url[512], path[256];
	int64_t street, item;
};

static const char *pg_base;

static int setup_common(void **state, int pg)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[256];
	if (pg) {
		struct store *admin = store_open(pg_base, err, sizeof err);
		assert_non_null(admin);
		char sql[128];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS t_hotline_%d CASCADE; CREATE SCHEMA t_hotline_%d",
			 (int)getpid(), (int)getpid());
		assert_int_equal(store_exec(admin, sql), 0);
		store_close(admin);
		snprintf(f->url, sizeof f->url, "%s%coptions=-csearch_path%%3Dt_hotline_%d", pg_base,
			 strchr(pg_base, '?') ? '&' : '?', (int)getpid());
	} else {
		snprintf(f->path, sizeof f->path, "/tmp/linli-test-hotline-%d.db", (int)getpid());
		unlink(f->path);
		snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
	}
	f->cx.db = store_open(f->url, err, sizeof err);
	assert_non_null(f->cx.db);
	assert_true(migrate_up(f->cx.db, err, sizeof err) >= 1);
	f->cx.a = arena_new();
	f->cx.now = NOW;
	f->cx.actor.system = 1;
	f->cx.actor.username = "cli:test";
	struct org_unit s;
	assert_int_equal(org_unit_add(&f->cx, "510104020", "锦城街道", "street", NULL, &s), 0);
	f->street = s.id;
	struct catalog_category c;
	json_t *b = json_pack("{s:s, s:s}", "code", "SS", "name", "公共设施");
	assert_int_equal(catalog_category_create(&f->cx, b, &c), 0);
	json_decref(b);
	struct catalog_item it;
	b = json_pack("{s:I, s:s, s:[s], s:s, s:i}", "category_id", (json_int_t)c.id, "name", "路灯维修",
		      "modes", "on_the_spot", "limit_unit", "working_days", "limit_value", 5);
	assert_int_equal(catalog_item_create(&f->cx, b, &it), 0);
	json_decref(b);
	f->item = it.id;
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup_common(state, 0); }
static int setup_pg(void **state) { return setup_common(state, 1); }

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (!f->path[0]) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP SCHEMA t_hotline_%d CASCADE", (int)getpid());
		store_exec(f->cx.db, sql);
	}
	store_close(f->cx.db);
	arena_free(f->cx.a);
	if (f->path[0]) {
		char p[300];
		unlink(f->path);
		snprintf(p, sizeof p, "%s-wal", f->path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", f->path);
		unlink(p);
	}
	free(f);
	return 0;
}

/* The outbox's look-ups: a request's hand-off with its ticket and callback URL, the platform's
 * secret as it was shown (and again after a rotation); nothing for a request of no hand-off. */
static void test_outbox_links(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	struct user u;
	int64_t unit = f->street;
	const char *post = NULL;
	struct user_in uin = {.username = "pf_city", .password = "Passw0rd-long", .role = ROLE_STAFF,
			      .nunits = 1, .unit_ids = &unit, .posts = &post};
	assert_int_equal(accounts_create(cx, &uin, &u), 0);
	json_t *b = json_pack("{s:s, s:s, s:I, s:s, s:I}", "name", "成都市12345", "code", "cd12345",
			      "unit_id", (json_int_t)f->street, "callback_url", "https://12345.example/cb",
			      "user_id", (json_int_t)u.id);
	struct hotline_platform p;
	char secret[CRYPTO_TOKEN_LEN + 8], token[CRYPTO_TOKEN_LEN + 8];
	assert_int_equal(hotline_platform_create(cx, b, &p, secret, token), 0);
	json_decref(b);
	assert_int_equal((int)strlen(secret), CRYPTO_TOKEN_LEN - 1);
	assert_string_equal(hotline_platform_secret(cx, p.id), secret);
	b = json_pack("{s:I, s:s, s:I}", "platform_id", (json_int_t)p.id, "category", "0202", "item_id",
		      (json_int_t)f->item);
	struct hotline_mapping m;
	assert_int_equal(hotline_mapping_create(cx, b, &m), 0);
	json_decref(b);

	/* the platform hands a matter over with its token */
	struct ctx as = *cx;
	as.actor = (struct actor){0};
	b = json_pack("{s:s, s:s, s:s}", "ticket", "CD2026120200001", "category", "0202", "text",
		      "路灯不亮");
	struct hotline_handoff h;
	int status;
	assert_int_equal(hotline_handoff_submit(&as, arena_printf(cx->a, "Bearer %s", token), NULL, b,
						&h, &status), 0);
	json_decref(b);
	assert_int_equal(status, 201);
	assert_true(h.request_id > 0);
	struct hotline_link l;
	assert_int_equal(hotline_link_of_request(cx, h.request_id, &l), 1);
	assert_string_equal(l.ticket, "CD2026120200001");
	assert_string_equal(l.callback_url, "https://12345.example/cb");
	assert_int_equal(l.platform_id, p.id);
	assert_int_equal(l.handoff_id, h.id);
	assert_true(l.active);
	assert_int_equal(hotline_link_of_request(cx, h.request_id + 1000, &l), 0);

	char again[CRYPTO_TOKEN_LEN + 8];
	b = json_pack("{s:I}", "version", (json_int_t)p.version);
	assert_int_equal(hotline_platform_rotate(cx, p.id, b, &p, again), 0);
	json_decref(b);
	assert_string_not_equal(again, secret);
	assert_string_equal(hotline_platform_secret(cx, p.id), again);
	int64_t sealed = 0;
	assert_int_equal(store_query_int64(cx->db, "SELECT COUNT(*) FROM hotline_platforms WHERE"
					   " secret LIKE 'v1:%'", &sealed, 0), 1);
	assert_int_equal(sealed, 1);
}

int main(void)
{
	assert_int_equal(app_init(), 0);
	crypto_init();
	crypto_set_pwhash_memory(8192);
	char msg[128];
	struct seal_ring *ring = seal_ring_from_string("test:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
						       msg, sizeof msg);
	assert_non_null(ring);
	registry_set_keys(ring);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_judge),
		cmocka_unit_test_setup_teardown(test_outbox_links, setup_sqlite, teardown),
	};
	int failed = cmocka_run_group_tests_name("hotline (SQLite)", tests, NULL, NULL);
	pg_base = getenv("LINLI_TEST_PG_URL");
	if (pg_base && *pg_base) {
		const struct CMUnitTest pg[] = {
			cmocka_unit_test_setup_teardown(test_outbox_links, setup_pg, teardown),
		};
		failed += cmocka_run_group_tests_name("hotline (PostgreSQL)", pg, NULL, NULL);
	}
	registry_set_keys(NULL);
	seal_ring_free(ring);
	return failed;
}
