/* Schema migrations from the features' folders, on SQLite and PostgreSQL: one global order, a
 * migration applied because it is not recorded (not because it is newer), a newer database
 * refused, and a database made by release 0.1.0 (the foundation as one migration, version 1)
 * carried forward without losing a row or changing a table. Run from the repository root:
 * the fixtures are read from tests/unit/store/fixtures/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/arena.h"
#include "store/migrate.h"
#include "store/migrations.h"

#define FIXTURES "tests/unit/store/fixtures/"

static const char *pg_base;
static int use_pg;

/* Two databases per test: "a" (the one migrated) and "b" (a fresh one to compare with). */
struct fx {
	struct store *a, *b;
	char path[2][256];
	struct arena *ar;
};

static struct store *open_db(struct fx *f, int which)
{
	char url[600], err[256];
	if (use_pg) {
		struct store *admin = store_open(pg_base, err, sizeof err);
		assert_non_null(admin);
		char sql[160];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS t_mig_%d_%c CASCADE; CREATE SCHEMA t_mig_%d_%c",
			 (int)getpid(), 'a' + which, (int)getpid(), 'a' + which);
		assert_int_equal(store_exec(admin, sql), 0);
		store_close(admin);
		snprintf(url, sizeof url, "%s%coptions=-csearch_path%%3Dt_mig_%d_%c", pg_base,
			 strchr(pg_base, '?') ? '&' : '?', (int)getpid(), 'a' + which);
	} else {
		snprintf(f->path[which], sizeof f->path[which], "/tmp/linli-test-migrate-%d-%c.db",
			 (int)getpid(), 'a' + which);
		unlink(f->path[which]);
		snprintf(url, sizeof url, "sqlite:%s", f->path[which]);
	}
	struct store *s = store_open(url, err, sizeof err);
	if (!s)
		fail_msg("open %s: %s", url, err);
	return s;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->a = open_db(f, 0);
	f->b = open_db(f, 1);
	f->ar = arena_new();
	*state = f;
	return 0;
}

static void remove_sqlite(const char *path)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct store *dbs[2] = {f->a, f->b};
	for (int i = 0; i < 2; i++) {
		if (use_pg) {
			char sql[96];
			snprintf(sql, sizeof sql, "DROP SCHEMA t_mig_%d_%c CASCADE", (int)getpid(), 'a' + i);
			store_exec(dbs[i], sql);
		}
		store_close(dbs[i]);
		if (!use_pg)
			remove_sqlite(f->path[i]);
	}
	arena_free(f->ar);
	free(f);
	return 0;
}

/* Every row of a query's result as text: columns joined by '|', NULL as \N, rows by '\n'. */
static const char *rows(struct fx *f, struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		fail_msg("%s: %s", sql, store_errmsg(s));
	struct buf b;
	buf_init(&b, f->ar);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		for (int c = 0; c < store_col_count(st); c++) {
			buf_puts(&b, c ? "|" : "");
			buf_puts(&b, store_col_is_null(st, c) ? "\\N" : store_col_text(st, c));
		}
		buf_puts(&b, "\n");
	}
	store_reset(st);
	assert_int_equal(rc, STORE_DONE);
	return arena_strdup(f->ar, buf_str(&b));
}

/* The contents of every table the foundation made, in the columns it made (later migrations
 * add columns; what was there must stay as it was). */
static const char *snapshot(struct fx *f, struct store *s)
{
	static const char *const q[] = {
		"SELECT id, parent_id, code, name, kind, path, created_at, updated_at, version "
		"FROM org_units ORDER BY id",
		"SELECT id, username, username_key, display_name, password_hash, role, locked, "
		"last_login_at, created_at, updated_at, version FROM users ORDER BY id",
		"SELECT user_id, unit_id FROM user_units ORDER BY user_id, unit_id",
		"SELECT * FROM login_throttle ORDER BY username_key",
		"SELECT * FROM sessions ORDER BY id",
		"SELECT * FROM api_tokens ORDER BY id",
		"SELECT * FROM audit_log ORDER BY id",
		"SELECT * FROM settings ORDER BY id",
		"SELECT * FROM job_leases ORDER BY name",
	};
	struct buf b;
	buf_init(&b, f->ar);
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		buf_printf(&b, "-- %s\n", q[i]);
		buf_puts(&b, rows(f, s, q[i]));
	}
	return buf_str(&b);
}

/* Tables with their columns (name, type, nullability, default, key), indexes and foreign keys,
 * without schema_migrations. */
static const char *schema(struct fx *f, struct store *s)
{
	static const char *const lite[] = {
		"SELECT m.name, p.name, p.type, p.\"notnull\", COALESCE(p.dflt_value, ''), p.pk "
		"FROM sqlite_master m, pragma_table_info(m.name) p "
		"WHERE m.type = 'table' AND m.name <> 'schema_migrations' ORDER BY m.name, p.cid",
		"SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND "
		"tbl_name <> 'schema_migrations' ORDER BY name",
		"SELECT m.name, k.\"table\", k.\"from\", k.\"to\", k.on_delete "
		"FROM sqlite_master m, pragma_foreign_key_list(m.name) k "
		"WHERE m.type = 'table' ORDER BY 1, 3",
	};
	static const char *const pg[] = {
		"SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, ''), "
		"COALESCE(identity_generation, '') FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' "
		"ORDER BY table_name, ordinal_position",
		"SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema() AND "
		"tablename <> 'schema_migrations' ORDER BY indexname",
		"SELECT tc.table_name, tc.constraint_type, kcu.column_name, tc.constraint_name "
		"FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu "
		"ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema "
		"WHERE tc.table_schema = current_schema() AND tc.table_name <> 'schema_migrations' "
		"ORDER BY 1, 2, 3, 4",
	};
	const char *const *q = store_kind(s) == STORE_SQLITE ? lite : pg;
	struct buf b;
	buf_init(&b, f->ar);
	for (int i = 0; i < 3; i++)
		buf_puts(&b, rows(f, s, q[i]));
	return buf_str(&b);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	p[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return p;
}

/* Make the database release 0.1.0 made: its one migration, recorded as version 1, and a row
 * or more in every table. */
static void make_legacy(struct fx *f, struct store *s)
{
	char *sql = read_file(FIXTURES "foundation-v1.sql", NULL);
	const char *pk = store_kind(s) == STORE_SQLITE
		? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	struct buf b;
	buf_init(&b, f->ar);
	for (const char *p = sql; *p;) {
		const char *q = strstr(p, "@PK@");
		if (!q) {
			buf_puts(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(q - p));
		buf_puts(&b, pk);
		p = q + 4;
	}
	free(sql);
	assert_int_equal(store_exec(s, "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, "
				       "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_exec(s, buf_str(&b)), 0);
	assert_int_equal(store_exec(s,
		"INSERT INTO schema_migrations VALUES (1, 'foundation: org units, users, sessions, "
		"tokens, audit, settings, job leases', 1795000000);"
		/* ids as the program made them, numbered by the database */
		"INSERT INTO org_units (parent_id, code, name, kind, path, created_at, updated_at) "
		"VALUES (NULL, 'JC', '锦城街道', 'street', '/1/', 1795000000, 1795000000);"
		"INSERT INTO org_units (parent_id, code, name, kind, path, created_at, updated_at) "
		"VALUES (1, 'JC-HP', '和平社区', 'community', '/1/2/', 1795000001, 1795000001);"
		"INSERT INTO users (username, username_key, display_name, password_hash, role, locked,"
		" last_login_at, created_at, updated_at, version) VALUES"
		" ('Admin', 'admin', '管理员', '$argon2id$x', 'admin', 0, 1795000100, 1795000000, 1795000000, 3);"
		"INSERT INTO users (username, username_key, display_name, password_hash, role, locked,"
		" last_login_at, created_at, updated_at, version) VALUES"
		" ('zhangli', 'zhangli', '张丽', '$argon2id$y', 'staff', 1, NULL, 1795000002, 1795000003, 2);"
		"INSERT INTO user_units VALUES (2, 2);"
		"INSERT INTO login_throttle VALUES ('nobody', 3, 0, 1795000200);"
		"INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at,"
		" expires_at, ip, user_agent) VALUES (1, 'h1', 1, 'c1', 1795000100, 1795000150,"
		" 1795043300, '127.0.0.1', 'curl/8');"
		"INSERT INTO api_tokens VALUES (1, '12345 对接', 'h2', 1, 1, 1795000300, NULL, 1795000400);"
		"INSERT INTO audit_log VALUES (1, 1795000000, NULL, 'cli:root', 'user.create', 'user', 1,"
		" '{\"after\":{\"username\":\"Admin\"}}', NULL),"
		" (2, 1795000100, 1, 'Admin', 'session.login', 'session', 1, '{}', '127.0.0.1');"
		"UPDATE settings SET site_name = '和平社区', login_max_failures = 7, version = 2;"
		"INSERT INTO job_leases VALUES ('audit_retention', NULL, 0, 1795000500);"), 0);
	assert_int_equal(store_commit(s), 0);
}

static int64_t count(struct store *s, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_query_int64(s, sql, &n, 0), 1);
	return n;
}

static void test_global_order(void **state)
{
	struct fx *f = *state;
	/* one order over every folder, by version; a folder's own files in their order too */
	assert_true(migrations_count >= 5);
	for (int i = 1; i < migrations_count; i++)
		assert_true(migrations[i - 1].version < migrations[i].version);
	int org = -1, access = -1;
	for (int i = 0; i < migrations_count; i++) {
		if (org < 0 && strcmp(migrations[i].feature, "org") == 0)
			org = i;
		if (access < 0 && strcmp(migrations[i].feature, "access") == 0)
			access = i;
	}
	assert_true(org >= 0 && access > org);   /* users refer to org units: org comes first */

	char err[256];
	assert_int_equal(migrate_up(f->a, err, sizeof err), migrations_count);
	assert_int_equal(migrate_up(f->a, err, sizeof err), 0);
	assert_int_equal(migrate_current(f->a), migrate_latest());
	struct buf want;
	buf_init(&want, f->ar);
	for (int i = 0; i < migrations_count; i++)
		buf_printf(&want, "%lld|%s/%s\n", (long long)migrations[i].version, migrations[i].feature,
			   migrations[i].name);
	assert_string_equal(rows(f, f->a, "SELECT version, name FROM schema_migrations ORDER BY version"),
			    buf_str(&want));
	assert_int_equal(migrate_pending(f->a, NULL, 0), 0);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM settings"), 1);
}

/* A migration is applied when it is missing, even below the newest recorded one (a feature
 * written beside another lands after it), and each of several pending ones in version order. */
static void test_missing_applied_in_order(void **state)
{
	struct fx *f = *state;
	char err[256];
	assert_int_equal(migrate_up(f->a, err, sizeof err), migrations_count);
	assert_int_equal(store_exec(f->a, "DROP TABLE job_leases; DROP TABLE audit_log;"
				       "DELETE FROM schema_migrations WHERE version IN (2026112003, 2026112005)"), 0);
	int64_t pending[8];
	assert_int_equal(migrate_pending(f->a, pending, 8), 2);
	assert_true(pending[0] == 2026112003 && pending[1] == 2026112005);
	assert_int_equal(migrate_up(f->a, err, sizeof err), 2);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM audit_log"), 0);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM job_leases"), 0);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM schema_migrations"), migrations_count);
	assert_int_equal(migrate_up(f->b, err, sizeof err), migrations_count);
	assert_string_equal(schema(f, f->a), schema(f, f->b));
}

/* A database that records a version this program does not know is newer: refused, untouched. */
static void test_newer_database_refused(void **state)
{
	struct fx *f = *state;
	char err[256];
	assert_int_equal(migrate_up(f->a, err, sizeof err), migrations_count);
	assert_int_equal(store_exec(f->a, "DROP TABLE job_leases; DELETE FROM schema_migrations "
				       "WHERE version = 2026112005; INSERT INTO schema_migrations VALUES "
				       "(2099010101, 'future/thing', 4000000000)"), 0);
	const char *before = rows(f, f->a, "SELECT * FROM schema_migrations ORDER BY version");
	assert_int_equal(migrate_up(f->a, err, sizeof err), -1);
	assert_non_null(strstr(err, "2099010101"));
	assert_non_null(strstr(err, "newer"));
	assert_string_equal(rows(f, f->a, "SELECT * FROM schema_migrations ORDER BY version"), before);
	int64_t n = -1;   /* the pending job_leases migration was not applied either */
	assert_true(store_query_int64(f->a, "SELECT COUNT(*) FROM job_leases", &n, 0) < 0);
}

/* Release 0.1.0's layout: every row and every table stay as they were, version 1 is recorded
 * as the migrations that make the same schema (with its time), and nothing is applied twice. */
static void test_legacy_carried_forward(void **state)
{
	struct fx *f = *state;
	char err[256];
	make_legacy(f, f->a);
	const char *before = snapshot(f, f->a);
	assert_non_null(strstr(before, "和平社区"));
	assert_int_equal(migrate_up(f->a, err, sizeof err), migrations_count - 5);
	assert_string_equal(snapshot(f, f->a), before);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM schema_migrations WHERE version = 1"), 0);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM schema_migrations WHERE version BETWEEN "
				     "2026112001 AND 2026112005 AND applied_at = 1795000000"), 5);
	assert_int_equal(migrate_up(f->a, err, sizeof err), 0);
	assert_int_equal(migrate_up(f->b, err, sizeof err), migrations_count);
	assert_string_equal(schema(f, f->a), schema(f, f->b));
	/* and it keeps working: new ids follow the old ones */
	assert_int_equal(store_exec(f->a, "INSERT INTO org_units (parent_id, code, name, kind, path, "
				       "created_at, updated_at) VALUES (2, 'JC-HP-G1', '第一网格', 'grid', "
				       "'/1/2/3/', 1795001000, 1795001000)"), 0);
	assert_int_equal(count(f->a, "SELECT MAX(id) FROM org_units"), 3);
}

/* The demo database `make run` made with release 0.1.0, migrated by this program. */
static void test_demo_db_of_previous_release(void **state)
{
	struct fx *f = *state;
	size_t len;
	char *bytes = read_file(FIXTURES "demo-0.1.0.db", &len);
	store_close(f->a);
	remove_sqlite(f->path[0]);
	FILE *fp = fopen(f->path[0], "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	fclose(fp);
	free(bytes);
	char url[300], err[256];
	snprintf(url, sizeof url, "sqlite:%s", f->path[0]);
	f->a = store_open(url, err, sizeof err);
	assert_non_null(f->a);
	const char *before = snapshot(f, f->a);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM users"), 6);
	assert_int_equal(count(f->a, "SELECT COUNT(*) FROM org_units"), 6);
	assert_true(count(f->a, "SELECT COUNT(*) FROM audit_log") >= 12);
	assert_int_equal(migrate_up(f->a, err, sizeof err), migrations_count - 5);
	assert_string_equal(snapshot(f, f->a), before);
	assert_int_equal(migrate_current(f->a), migrate_latest());
	assert_int_equal(migrate_up(f->b, err, sizeof err), migrations_count);
	assert_string_equal(schema(f, f->a), schema(f, f->b));
	assert_int_equal(store_check(f->a, err, sizeof err), 0);
}

int main(void)
{
	const struct CMUnitTest both[] = {
		cmocka_unit_test_setup_teardown(test_global_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_applied_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_carried_forward, setup, teardown),
	};
	const struct CMUnitTest lite[] = {
		cmocka_unit_test_setup_teardown(test_demo_db_of_previous_release, setup, teardown),
	};
	int rc = cmocka_run_group_tests_name("migrate (sqlite)", both, NULL, NULL);
	rc |= cmocka_run_group_tests_name("migrate (sqlite, release 0.1.0 demo)", lite, NULL, NULL);
	pg_base = getenv("LINLI_TEST_PG_URL");
	if (pg_base && *pg_base) {
		use_pg = 1;
		rc |= cmocka_run_group_tests_name("migrate (postgresql)", both, NULL, NULL);
	} else {
		printf("migrate: postgresql skipped (LINLI_TEST_PG_URL not set)\n");
	}
	return rc;
}
