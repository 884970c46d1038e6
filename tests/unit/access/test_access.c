/* Unit tests of src/access (and org, jobs) through their service functions, on a real SQLite
 * database and, when LINLI_TEST_PG_URL is set, on PostgreSQL in a schema of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/audit.h"
#include "access/sessions.h"
#include "access/settings.h"
#include "app/app.h"
#include "base/crypto.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "store/migrate.h"

struct fixture {
	struct ctx cx;            /* the operator (system actor) */
	char url[512];
	char path[256];
	int64_t unit_a, unit_b, unit_a1;
};

static const char *pg_base;

static int64_t count(struct ctx *cx, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_query_int64(cx->db, sql, &n, 0), 1);
	return n;
}

static int setup_common(void **state, int pg)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[256];
	if (pg) {
		struct store *admin = store_open(pg_base, err, sizeof err);
		assert_non_null(admin);
		char sql[128];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS t_access_%d CASCADE; CREATE SCHEMA t_access_%d",
			 (int)getpid(), (int)getpid());
		assert_int_equal(store_exec(admin, sql), 0);
		store_close(admin);
		snprintf(f->url, sizeof f->url, "%s%coptions=-csearch_path%%3Dt_access_%d", pg_base,
			 strchr(pg_base, '?') ? '&' : '?', (int)getpid());
	} else {
		snprintf(f->path, sizeof f->path, "/tmp/linli-test-access-%d.db", (int)getpid());
		unlink(f->path);
		snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
	}
	f->cx.db = store_open(f->url, err, sizeof err);
	assert_non_null(f->cx.db);
	assert_true(migrate_up(f->cx.db, err, sizeof err) >= 1);
	assert_int_equal(migrate_up(f->cx.db, err, sizeof err), 0);   /* idempotent */
	f->cx.a = arena_new();
	f->cx.now = 1795315105;
	f->cx.actor.system = 1;
	f->cx.actor.username = "cli:test";
	struct org_unit s, a, b, a1;
	assert_int_equal(org_unit_add(&f->cx, "510104020", "锦城街道", "street", NULL, &s), 0);
	assert_int_equal(org_unit_add(&f->cx, "510104020001", "和平社区", "community", "510104020", &a), 0);
	assert_int_equal(org_unit_add(&f->cx, "510104020002", "幸福社区", "community", "510104020", &b), 0);
	assert_int_equal(org_unit_add(&f->cx, "510104020001001", "第一网格", "grid", "510104020001", &a1), 0);
	assert_string_equal(a1.path, arena_printf(f->cx.a, "/%lld/%lld/%lld/", (long long)s.id,
						   (long long)a.id, (long long)a1.id));
	f->unit_a = a.id, f->unit_b = b.id, f->unit_a1 = a1.id;
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
		snprintf(sql, sizeof sql, "DROP SCHEMA t_access_%d CASCADE", (int)getpid());
		store_exec(f->cx.db, sql);
	}
	store_close(f->cx.db);
	arena_free(f->cx.a);
	if (f->path[0]) {
		unlink(f->path);
		char p[300];
		snprintf(p, sizeof p, "%s-wal", f->path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", f->path);
		unlink(p);
	}
	free(f);
	return 0;
}

static int64_t add_user(struct fixture *f, const char *name, const char *role, int64_t unit)
{
	struct user_in in = {.username = name, .password = "Passw0rd-long", .role = role_parse(role),
			     .nunits = unit ? 1 : 0, .unit_ids = &unit};
	struct user u;
	err_clear(&f->cx.err);
	assert_int_equal(accounts_create(&f->cx, &in, &u), 0);
	return u.id;
}

/* A context acting as the given user. */
static struct ctx as_user(struct fixture *f, const char *name)
{
	struct ctx cx = {.a = f->cx.a, .db = f->cx.db, .now = f->cx.now};
	struct user u;
	assert_int_equal(accounts_find(&cx, name, &u, NULL), 1);
	cx.actor.user_id = u.id;
	cx.actor.username = u.username;
	cx.actor.role = u.role;
	assert_int_equal(access_load_units(&cx), 0);
	return cx;
}

static void test_roles_and_perms(void **state)
{
	(void)state;
	for (int r = 1; r < ROLE__COUNT; r++) {
		assert_int_equal(role_parse(role_name(r)), r);
		assert_true(access_role_has(r, PERM_SELF));
	}
	assert_int_equal(role_parse("root"), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	for (int p = 0; p < PERM__COUNT; p++)
		assert_true(access_role_has(ROLE_ADMIN, (enum perm)p));
	assert_true(access_role_has(ROLE_STAFF, PERM_USERS_READ));
	assert_false(access_role_has(ROLE_STAFF, PERM_USERS_WRITE));
	assert_false(access_role_has(ROLE_STAFF, PERM_AUDIT_READ));
	assert_false(access_role_has(ROLE_GRID_WORKER, PERM_USERS_READ));
	assert_false(access_role_has(ROLE_RESIDENT, PERM_UNITS_READ));
}

static void test_scope(void **state)
{
	struct fixture *f = *state;
	add_user(f, "staff_a", "staff", f->unit_a);
	add_user(f, "worker_a1", "grid_worker", f->unit_a1);
	int64_t in_b = add_user(f, "worker_b", "grid_worker", f->unit_b);
	int64_t in_a1 = add_user(f, "worker_a1b", "grid_worker", f->unit_a1);
	struct ctx staff = as_user(f, "staff_a");
	struct user u;
	assert_int_equal(accounts_get(&staff, in_a1, &u), 0);   /* below the staff's unit */
	assert_int_equal(accounts_get(&staff, in_b, &u), -1);
	assert_int_equal(staff.err.code, ERR_NOT_FOUND);        /* outside: 404, not 403 */
	err_clear(&staff.err);
	assert_int_equal(accounts_get(&staff, 999999, &u), -1);
	assert_int_equal(staff.err.code, ERR_NOT_FOUND);
	struct ctx worker = as_user(f, "worker_a1");
	assert_int_equal(accounts_get(&worker, in_a1, &u), -1);
	assert_int_equal(worker.err.code, ERR_FORBIDDEN);
	struct ctx nobody = {.a = f->cx.a, .db = f->cx.db};
	assert_int_equal(access_require(&nobody, PERM_SELF, NULL), -1);
	assert_int_equal(nobody.err.code, ERR_UNAUTHENTICATED);
	/* lists are scoped the same way */
	err_clear(&staff.err);
	struct user_filter flt = {.limit = 50};
	struct user *items;
	size_t n;
	int64_t next;
	assert_int_equal(accounts_list(&staff, &flt, &items, &n, &next), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(items[i].id, in_b);
	assert_int_equal(n, 3);   /* staff_a, worker_a1, worker_a1b */
	struct org_unit *units;
	assert_int_equal(org_units_list(&staff, NULL, &units, &n), 0);
	assert_int_equal(n, 2);   /* A and A1 */
	assert_int_equal(org_units_list(&f->cx, NULL, &units, &n), 0);
	assert_int_equal(n, 4);
	/* a staff member cannot be given units outside... by anyone but an admin: users.write */
	struct user_in in = {.username = "x_user", .password = "Passw0rd-long", .role = ROLE_STAFF};
	err_clear(&staff.err);
	assert_int_equal(accounts_create(&staff, &in, &u), -1);
	assert_int_equal(staff.err.code, ERR_FORBIDDEN);

	/* the check in memory and the rule in SQL see the same units, however many: a staff
	 * member of 70 communities sees a user of the 70th both ways */
	char code[32], name[32];
	struct org_unit last;
	int64_t many = add_user(f, "staff_many", "staff", 0);
	for (int i = 0; i < 70; i++) {
		snprintf(code, sizeof code, "510104020%03d", 100 + i);
		snprintf(name, sizeof name, "社区 %d", i);
		assert_int_equal(org_unit_add(&f->cx, code, name, "community", "510104020", &last), 0);
		assert_int_equal(store_query_int64(f->cx.db, "INSERT INTO user_units (user_id, unit_id) VALUES (?, ?) RETURNING unit_id",
						   &(int64_t){0}, 2, many, last.id), 1);
	}
	int64_t in_last = add_user(f, "worker_last", "grid_worker", last.id);
	struct ctx wide = as_user(f, "staff_many");
	assert_int_equal(wide.actor.nunits, 70);
	assert_int_equal(accounts_get(&wide, in_last, &u), 0);
	flt.q = "worker_last";
	assert_int_equal(accounts_list(&wide, &flt, &items, &n, &next), 0);
	assert_int_equal(n, 1);
}

static void test_create_rules(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	int64_t users = count(cx, "SELECT COUNT(*) FROM users");
	int64_t audits = count(cx, "SELECT COUNT(*) FROM audit_log");
	struct user u;
	int64_t bad_unit = 424242;
	const struct {
		struct user_in in;
		const char *field, *key;
		enum err_code code;
	} cases[] = {
		{{.username = "a b", .password = "Passw0rd-long", .role = ROLE_STAFF}, "username", "username_chars", ERR_VALIDATION},
		{{.username = "ab", .password = "Passw0rd-long", .role = ROLE_STAFF}, "username", "username_chars", ERR_VALIDATION},
		{{.username = "bob'--", .password = "Passw0rd-long", .role = ROLE_STAFF}, "username", "username_chars", ERR_VALIDATION},
		{{.username = "carol", .password = "short", .role = ROLE_STAFF}, "password", "too_short", ERR_VALIDATION},
		{{.username = "Dave1234", .password = "dave1234", .role = ROLE_STAFF}, "password", "password_is_username", ERR_VALIDATION},
		{{.username = "erin", .password = "Passw0rd-long", .role = ROLE_NONE}, "role", "role_unknown", ERR_VALIDATION},
		{{.username = "frank", .password = "Passw0rd-long", .role = ROLE_STAFF, .nunits = 1, .unit_ids = &bad_unit}, "unit_ids", "unit_unknown", ERR_VALIDATION},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&cx->err);
		assert_int_equal(accounts_create(cx, &cases[i].in, &u), -1);
		assert_int_equal(cx->err.code, cases[i].code);
		assert_string_equal(cx->err.fields[0].field, cases[i].field);
		assert_string_equal(cx->err.fields[0].key, cases[i].key);
	}
	add_user(f, "Grace", "staff", f->unit_a);
	struct user_in dup = {.username = "GRACE", .password = "Passw0rd-long", .role = ROLE_STAFF};
	err_clear(&cx->err);
	assert_int_equal(accounts_create(cx, &dup, &u), -1);
	assert_int_equal(cx->err.code, ERR_CONFLICT);
	assert_string_equal(cx->err.fields[0].key, "taken");
	/* only Grace and her one audit row were written */
	assert_int_equal(count(cx, "SELECT COUNT(*) FROM users"), users + 1);
	assert_int_equal(count(cx, "SELECT COUNT(*) FROM audit_log"), audits + 1);
	err_clear(&cx->err);
}

static void test_login_lockout(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	int64_t id = add_user(f, "henry", "grid_worker", f->unit_a1);
	struct session_out s;
	struct ctx l = {.a = cx->a, .db = cx->db, .now = cx->now, .ip = "127.0.0.1"};
	for (int i = 0; i < 5; i++) {
		err_clear(&l.err);
		assert_int_equal(sessions_login(&l, "henry", "wrong-password", &s), -1);
		assert_int_equal(l.err.code, ERR_INVALID_CREDENTIALS);
	}
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "henry", "Passw0rd-long", &s), -1);
	assert_int_equal(l.err.code, ERR_TOO_MANY_ATTEMPTS);
	assert_true(l.err.retry_after > 0 && l.err.retry_after <= 15 * 60);
	/* an unknown name goes through the same steps */
	for (int i = 0; i < 5; i++) {
		err_clear(&l.err);
		assert_int_equal(sessions_login(&l, "nosuchuser", "whatever1", &s), -1);
		assert_int_equal(l.err.code, ERR_INVALID_CREDENTIALS);
	}
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "nosuchuser", "whatever1", &s), -1);
	assert_int_equal(l.err.code, ERR_TOO_MANY_ATTEMPTS);
	/* the lock ends by itself */
	l.now += 15 * 60 + 1;
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "HENRY", "Passw0rd-long", &s), 0);
	/* an administrator's lock: refused only once the password is right, and sessions end */
	struct user u;
	err_clear(&cx->err);
	assert_int_equal(accounts_set_locked(cx, id, true, &u), 0);
	assert_true(u.locked);
	assert_int_equal(count(cx, "SELECT COUNT(*) FROM sessions"), 0);
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "henry", "wrong-password", &s), -1);
	assert_int_equal(l.err.code, ERR_INVALID_CREDENTIALS);
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "henry", "Passw0rd-long", &s), -1);
	assert_int_equal(l.err.code, ERR_ACCOUNT_DISABLED);
	assert_int_equal(accounts_set_locked(cx, id, false, &u), 0);
	err_clear(&l.err);
	assert_int_equal(sessions_login(&l, "henry", "Passw0rd-long", &s), 0);
	/* the session authenticates until it idles out */
	struct ctx r = {.a = cx->a, .db = cx->db, .now = l.now + 60};
	assert_int_equal(sessions_authenticate_cookie(&r, s.token), 0);
	assert_int_equal(r.actor.user_id, id);
	assert_string_equal(r.actor.csrf_token, s.csrf);
	struct ctx late = {.a = cx->a, .db = cx->db, .now = r.now + 31 * 60};
	assert_int_equal(sessions_authenticate_cookie(&late, s.token), -1);
	assert_int_equal(late.err.code, ERR_UNAUTHENTICATED);
	struct ctx wrong = {.a = cx->a, .db = cx->db, .now = l.now};
	assert_int_equal(sessions_authenticate_cookie(&wrong, "not-a-token"), -1);
	/* expired sessions are purged */
	assert_true(sessions_purge(cx->db, late.now) >= 1);
	err_clear(&cx->err);
}

static void test_versions_and_audit(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	int64_t id = add_user(f, "ivy", "staff", f->unit_a);
	struct user u;
	json_error_t je;
	json_t *patch = json_loads("{\"version\":1,\"display_name\":\"艾薇 <b>'; DROP TABLE users; --\"}", 0, &je);
	assert_int_equal(accounts_update(cx, id, patch, &u), 0);
	assert_string_equal(u.display_name, "艾薇 <b>'; DROP TABLE users; --");
	assert_int_equal(u.version, 2);
	json_decref(patch);
	patch = json_loads("{\"version\":1,\"display_name\":\"stale\"}", 0, &je);
	err_clear(&cx->err);
	assert_int_equal(accounts_update(cx, id, patch, &u), -1);
	assert_int_equal(cx->err.code, ERR_VERSION_CONFLICT);
	json_decref(patch);
	err_clear(&cx->err);
	assert_int_equal(accounts_get(cx, id, &u), 0);
	assert_string_equal(u.display_name, "艾薇 <b>'; DROP TABLE users; --");
	patch = json_loads("{\"version\":2,\"role\":\"boss\",\"colour\":1}", 0, &je);
	assert_int_equal(accounts_update(cx, id, patch, &u), -1);
	assert_int_equal(cx->err.code, ERR_VALIDATION);
	assert_int_equal(cx->err.nfields, 2);
	json_decref(patch);
	/* the audit trail: newest first, with before and after */
	struct audit_filter af = {.entity = "user", .entity_id = id, .limit = 10};
	struct audit_entry *items;
	size_t n;
	int64_t next;
	err_clear(&cx->err);
	assert_int_equal(audit_list(cx, &af, &items, &n, &next), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].action, "user.update");
	assert_string_equal(items[1].action, "user.create");
	assert_non_null(strstr(items[0].summary, "\"before\""));
	assert_non_null(strstr(items[0].summary, "DROP TABLE"));
	/* paging walks every row once */
	struct audit_filter all = {.limit = 2};
	int64_t total = count(cx, "SELECT COUNT(*) FROM audit_log"), seen = 0, last = INT64_MAX;
	do {
		assert_int_equal(audit_list(cx, &all, &items, &n, &next), 0);
		for (size_t i = 0; i < n; i++) {
			assert_true(items[i].id < last);
			last = items[i].id;
			seen++;
		}
		all.cursor = next;
	} while (next);
	assert_int_equal(seen, total);
	/* retention: rows older than the cut-off go, newer stay */
	struct ctx old = *cx;
	old.now = cx->now - 400 * 86400;
	assert_int_equal(audit_record(&old, "test.old", "test", 1, NULL, NULL), 0);
	assert_int_equal(audit_purge(cx->db, cx->now, 365), 1);
	assert_int_equal(count(cx, "SELECT COUNT(*) FROM audit_log"), total);
	/* a non-admin cannot read the audit log */
	struct ctx staff = as_user(f, "ivy");
	assert_int_equal(audit_list(&staff, &all, &items, &n, &next), -1);
	assert_int_equal(staff.err.code, ERR_FORBIDDEN);
	err_clear(&cx->err);
}

static void test_settings(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	struct settings s;
	json_error_t je;
	json_t *p = json_loads("{\"version\":1,\"audit_retention_days\":30}", 0, &je);
	assert_int_equal(settings_update(cx, p, &s), -1);
	assert_string_equal(cx->err.fields[0].key, "retention_min");
	json_decref(p);
	err_clear(&cx->err);
	p = json_loads("{\"version\":1,\"login_max_failures\":3,\"site_name\":\"和平社区\"}", 0, &je);
	assert_int_equal(settings_update(cx, p, &s), 0);
	assert_int_equal(s.login_max_failures, 3);
	assert_int_equal(s.version, 2);
	assert_int_equal(settings_update(cx, p, &s), -1);   /* the same version again: stale */
	assert_int_equal(cx->err.code, ERR_VERSION_CONFLICT);
	json_decref(p);
	err_clear(&cx->err);
	assert_int_equal(settings_load(cx, &s), 0);
	assert_string_equal(s.site_name, "和平社区");
}

static void test_tokens_and_jobs(void **state)
{
	struct fixture *f = *state;
	struct ctx *cx = &f->cx;
	int64_t id = add_user(f, "robot", "staff", f->unit_a);
	struct api_token t;
	char secret[CRYPTO_TOKEN_LEN + 8];
	assert_int_equal(tokens_create(cx, "12345 hotline", id, &t, secret), 0);
	assert_int_equal(strncmp(secret, TOKEN_PREFIX, 4), 0);
	struct ctx r = {.a = cx->a, .db = cx->db, .now = cx->now};
	assert_int_equal(sessions_authenticate_bearer(&r, secret), 0);
	assert_int_equal(r.actor.user_id, id);
	assert_int_equal(r.actor.nunits, 1);
	assert_int_equal(tokens_revoke(cx, t.id), 0);
	assert_int_equal(tokens_revoke(cx, t.id), -1);   /* already revoked */
	assert_int_equal(cx->err.code, ERR_NOT_FOUND);
	err_clear(&cx->err);
	struct ctx r2 = {.a = cx->a, .db = cx->db, .now = cx->now};
	assert_int_equal(sessions_authenticate_bearer(&r2, secret), -1);
	/* a job runs once per period, whoever asks */
	const struct feature *access = app_feature("access");
	assert_non_null(access);
	assert_int_equal(jobs_run_due(cx->db, access->jobs, access->njobs, cx->now, "a"),
			 access->njobs);
	assert_int_equal(jobs_run_due(cx->db, access->jobs, access->njobs, cx->now + 1, "b"), 0);
	assert_int_equal(jobs_run_due(cx->db, access->jobs, access->njobs, cx->now + 7 * 3600, "b"),
			 access->njobs);
}

int main(void)
{
	assert_int_equal(app_init(), 0);
	crypto_init();
	crypto_set_pwhash_memory(8192);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_and_perms),
		cmocka_unit_test_setup_teardown(test_scope, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_create_rules, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_login_lockout, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_versions_and_audit, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_settings, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_tokens_and_jobs, setup_sqlite, teardown),
	};
	int rc = cmocka_run_group_tests_name("access (sqlite)", tests, NULL, NULL);
	pg_base = getenv("LINLI_TEST_PG_URL");
	if (pg_base && *pg_base) {
		const struct CMUnitTest pg[] = {
			cmocka_unit_test_setup_teardown(test_scope, setup_pg, teardown),
			cmocka_unit_test_setup_teardown(test_create_rules, setup_pg, teardown),
			cmocka_unit_test_setup_teardown(test_login_lockout, setup_pg, teardown),
			cmocka_unit_test_setup_teardown(test_versions_and_audit, setup_pg, teardown),
			cmocka_unit_test_setup_teardown(test_settings, setup_pg, teardown),
			cmocka_unit_test_setup_teardown(test_tokens_and_jobs, setup_pg, teardown),
		};
		rc |= cmocka_run_group_tests_name("access (postgresql)", pg, NULL, NULL);
	} else {
		printf("access: postgresql skipped (LINLI_TEST_PG_URL not set)\n");
	}
	return rc;
}
