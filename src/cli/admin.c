/* The operator's commands: migrate, user, unit, token, backup, check, maintain. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "access/sessions.h"
#include "app/app.h"
#include "base/clock.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "store/migrate.h"

int cli_prepare(int argc, char **argv, const struct flag *flags, const char **pos, int maxpos,
		   int *npos, const char *usage)
{
	bool help;
	if (config_parse_args(argc, argv, flags, pos, maxpos, npos, &help) < 0)
		return -1;
	if (help) {
		puts(usage);
		return 1;
	}
	return config_load(&cli_config, NULL, NULL) < 0 ? -1 : 0;
}


int cmd_migrate(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	PREPARE(NULL, pos, 0, npos, "usage: linli migrate [--db URL]\n"
		"Apply every pending schema migration (serve does it too at start).");
	struct ctx cx;
	if (cli_open(&cx, false) < 0)
		return 1;
	char err[512];
	int n = migrate_up(cx.db, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "linli: %s\n", err);
		cli_close(&cx);
		return 1;
	}
	printf("schema at version %" PRId64 " (%d migration%s applied)\n", migrate_current(cx.db), n,
	       n == 1 ? "" : "s");
	cli_close(&cx);
	return 0;
}

static const char user_usage[] =
	"usage: linli user add NAME --role ROLE [--unit CODE[,CODE...]] [--display-name TEXT]\n"
	"       linli user passwd NAME\n"
	"       linli user lock NAME | linli user unlock NAME\n"
	"       linli user list\n"
	"Passwords are read from standard input, one line (not echoed at a terminal).\n"
	"Roles: admin, staff, grid_leader, grid_worker, party_member, volunteer, resident.";

static int find_user(struct ctx *cx, const char *name, struct user *u)
{
	int f = accounts_find(cx, name, u, NULL);
	if (f == 0)
		fprintf(stderr, "linli: no user named '%s'\n", name);
	else if (f < 0)
		cli_print_error(cx);
	return f == 1 ? 0 : -1;
}

static int user_add(struct ctx *cx, const char *name, const char *role, const char *units,
		    const char *display)
{
	struct user_in in = {.username = name, .display_name = display, .role = role_parse(role)};
	if (in.role == ROLE_NONE) {
		fprintf(stderr, "linli: --role must be one of admin, staff, grid_leader, grid_worker, "
				"party_member, volunteer, resident\n");
		return 2;
	}
	int64_t ids[64];
	if (units) {
		char *copy = arena_strdup(cx->a, units), *save = NULL;
		for (char *code = strtok_r(copy, ",", &save); code; code = strtok_r(NULL, ",", &save)) {
			struct org_unit u;
			int f = org_unit_by_code(cx, code, &u);
			if (f <= 0 || in.nunits == 64) {
				fprintf(stderr, "linli: no org unit with code '%s'\n", code);
				return 1;
			}
			ids[in.nunits++] = u.id;
		}
		in.unit_ids = ids;
	}
	char pw[1100];
	if (cli_read_secret("Password: ", pw, sizeof pw) < 0)
		return 1;
	in.password = pw;
	struct user out;
	if (accounts_create(cx, &in, &out) < 0) {
		cli_print_error(cx);
		return 1;
	}
	printf("user %s created (id %lld, role %s)\n", out.username, (long long)out.id, role_name(out.role));
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const char *role = NULL, *unit = NULL, *display = NULL, *pos[2];
	const struct flag flags[] = {
		{"role", true, &role}, {"unit", true, &unit}, {"display-name", true, &display}, {0},
	};
	int npos;
	PREPARE(flags, pos, 2, npos, user_usage);
	if (npos < 1 || (strcmp(pos[0], "list") != 0 && npos < 2)) {
		puts(user_usage);
		return 2;
	}
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	int rc = 0;
	struct user u;
	if (strcmp(pos[0], "add") == 0) {
		rc = user_add(&cx, pos[1], role ? role : "", unit, display);
	} else if (strcmp(pos[0], "list") == 0) {
		struct user_filter f = {.limit = 200};
		struct user *items;
		size_t n;
		int64_t next;
		do {
			if (accounts_list(&cx, &f, &items, &n, &next) < 0) {
				cli_print_error(&cx);
				rc = 1;
				break;
			}
			for (size_t i = 0; i < n; i++)
				printf("%-6lld %-24s %-13s %s%s\n", (long long)items[i].id, items[i].username,
				       role_name(items[i].role), items[i].display_name,
				       items[i].locked ? "  [locked]" : "");
			f.cursor = next;
		} while (next);
	} else if (strcmp(pos[0], "passwd") == 0) {
		char pw[1100];
		if (find_user(&cx, pos[1], &u) < 0 || cli_read_secret("New password: ", pw, sizeof pw) < 0)
			rc = 1;
		else if (accounts_set_password(&cx, u.id, pw, &u) < 0) {
			cli_print_error(&cx);
			rc = 1;
		} else {
			printf("password of %s changed\n", u.username);
		}
	} else if (strcmp(pos[0], "lock") == 0 || strcmp(pos[0], "unlock") == 0) {
		bool lock = strcmp(pos[0], "lock") == 0;
		if (find_user(&cx, pos[1], &u) < 0)
			rc = 1;
		else if (accounts_set_locked(&cx, u.id, lock, &u) < 0) {
			cli_print_error(&cx);
			rc = 1;
		} else {
			printf("user %s %s\n", u.username, lock ? "locked" : "unlocked");
		}
	} else {
		puts(user_usage);
		rc = 2;
	}
	cli_close(&cx);
	return rc;
}

int cmd_unit(int argc, char **argv)
{
	static const char usage[] =
		"usage: linli unit add CODE --name NAME --kind KIND [--parent CODE]\n"
		"       linli unit list\n"
		"Kinds: street (root), community (under a street), compound and grid (under a community),\n"
		"microgrid (under a grid). Codes as DB11/T 2157: a street is a 6-digit division code\n"
		"(GB/T 2260) and 3 digits; a community, grid or micro-grid adds 3 digits to its parent's\n"
		"code, a compound C and 3 digits: 510104020, 510104020001, 510104020001001.";
	const char *name = NULL, *kind = NULL, *parent = NULL, *pos[2];
	const struct flag flags[] = {
		{"name", true, &name}, {"kind", true, &kind}, {"parent", true, &parent}, {0},
	};
	int npos;
	PREPARE(flags, pos, 2, npos, usage);
	bool add = npos == 2 && strcmp(pos[0], "add") == 0;
	if (!(add && name && kind) && !(npos == 1 && strcmp(pos[0], "list") == 0)) {
		puts(usage);
		return 2;
	}
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	int rc = 0;
	if (add) {
		struct org_unit u;
		if (org_unit_add(&cx, pos[1], name, kind, parent, &u) < 0) {
			cli_print_error(&cx);
			rc = 1;
		} else {
			printf("unit %s created (id %lld)\n", u.code, (long long)u.id);
		}
	} else {
		struct org_unit *items;
		size_t n;
		if (org_units_list(&cx, &(struct org_unit_filter){.include_closed = true}, &items, &n) < 0) {
			cli_print_error(&cx);
			rc = 1;
		}
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%-6lld %-18s %-10s %s%s\n", (long long)items[i].id, items[i].code,
			       items[i].kind, items[i].name, items[i].closed_at ? " (closed)" : "");
	}
	cli_close(&cx);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	static const char usage[] =
		"usage: linli token create USERNAME [--name LABEL]\n"
		"Create an API token that acts as USERNAME. The token is printed once, alone on the\n"
		"last line; only its hash is stored. Use it as 'Authorization: Bearer TOKEN'.";
	const char *label = NULL, *pos[2];
	const struct flag flags[] = {{"name", true, &label}, {0}};
	int npos;
	PREPARE(flags, pos, 2, npos, usage);
	if (npos != 2 || strcmp(pos[0], "create") != 0) {
		puts(usage);
		return 2;
	}
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	struct user u;
	int rc = 0;
	if (find_user(&cx, pos[1], &u) < 0) {
		rc = 1;
	} else {
		struct api_token t;
		char secret[CRYPTO_TOKEN_LEN + 8];
		if (tokens_create(&cx, label ? label : "cli", u.id, &t, secret) < 0) {
			cli_print_error(&cx);
			rc = 1;
		} else {
			fprintf(stderr, "token %lld for %s created; store it now, it is not shown again\n",
				(long long)t.id, u.username);
			printf("%s\n", secret);
		}
	}
	cli_close(&cx);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	PREPARE(NULL, pos, 1, npos, "usage: linli backup FILE [--db URL]\n"
		"Write an online, consistent copy of the database to FILE while linli keeps serving.\n"
		"SQLite: a database file (restore by copying it back while linli is stopped).\n"
		"PostgreSQL: a pg_dump custom-format archive (restore with pg_restore).");
	if (npos != 1) {
		fprintf(stderr, "linli: backup needs a FILE\n");
		return 2;
	}
	struct ctx cx;
	if (cli_open(&cx, false) < 0)
		return 1;
	int rc = store_backup(cx.db, pos[0]);
	if (rc < 0)
		fprintf(stderr, "linli: %s\n", store_errmsg(cx.db));
	else
		printf("backup written to %s\n", pos[0]);
	cli_close(&cx);
	return rc < 0 ? 1 : 0;
}

int cmd_check(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	PREPARE(NULL, pos, 0, npos, "usage: linli check [--db URL]\n"
		"Check the database: integrity, foreign keys, schema version.");
	struct ctx cx;
	if (cli_open(&cx, false) < 0)
		return 1;
	char err[512];
	int rc = store_check(cx.db, err, sizeof err);
	int64_t v = rc < 0 ? 0 : migrate_current(cx.db);
	int pending = rc < 0 ? 0 : migrate_pending(cx.db, NULL, 0);
	if (rc < 0) {
		fprintf(stderr, "linli: database check failed: %s\n", err);
	} else if (v < 1) {
		fprintf(stderr, "linli: %s holds no linli schema (an empty or foreign database)\n",
			cli_config.db);
		rc = -1;
	} else if (v > migrate_latest()) {
		fprintf(stderr, "linli: schema version %" PRId64 " is newer than this program's %" PRId64
			"\n", v, migrate_latest());
		rc = -1;
	} else {
		printf("database ok, schema version %" PRId64 " of %" PRId64, v, migrate_latest());
		if (pending > 0)
			printf(" (%d pending: run linli migrate)", pending);
		putchar('\n');
	}
	cli_close(&cx);
	return rc < 0 ? 1 : 0;
}

int cmd_limits(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	PREPARE(NULL, pos, 0, npos, "usage: linli limits\n"
		"Print the bounds of every field people type, as JSON (what GET /api/v1/limits\n"
		"answers): the numbers the console shows and docs/openapi.yaml must state.");
	json_t *l = limits_json();
	char *text = json_dumps(l, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(l);
	if (!text)
		return 1;
	puts(text);
	free(text);
	return 0;
}

int cmd_maintain(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	PREPARE(NULL, pos, 0, npos, "usage: linli maintain [--db URL]\n"
		"Run the maintenance jobs that are due now (serve runs them by itself): audit\n"
		"retention, expired sessions.");
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	int njobs;
	const struct job *jobs = app_jobs(&njobs);
	int n = jobs_run_due(cx.db, jobs, njobs, clock_now(), "cli");
	printf("%d job%s ran\n", n, n == 1 ? "" : "s");
	cli_close(&cx);
	return 0;
}
