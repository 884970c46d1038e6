/* linli demo: a small sub-district with two communities, grids and one user of each main role,
 * so that a new installation can be tried at once. Running it again changes nothing. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "cli/cli.h"
#include "org/org.h"

#define DEMO_PASSWORD "Linli@2026"

static const struct {
	const char *code, *name, *kind, *parent;
} units[] = {
	{"JC", "锦城街道", "street", NULL},
	{"JC-HP", "和平社区", "community", "JC"},
	{"JC-HP-G1", "和平社区第一网格", "grid", "JC-HP"},
	{"JC-HP-G2", "和平社区第二网格", "grid", "JC-HP"},
	{"JC-XF", "幸福社区", "community", "JC"},
	{"JC-XF-G1", "幸福社区第一网格", "grid", "JC-XF"},
};

static const struct {
	const char *username, *display, *role, *unit;
} users[] = {
	{"admin", "系统管理员", "admin", NULL},
	{"zhangli", "张丽（和平社区书记）", "staff", "JC-HP"},
	{"wangqiang", "王强（第一网格网格长）", "grid_leader", "JC-HP-G1"},
	{"liuyang", "刘洋（第一网格网格员）", "grid_worker", "JC-HP-G1"},
	{"zhaomin", "赵敏（幸福社区工作人员）", "staff", "JC-XF"},
	{"chenmei", "陈梅（居民）", "resident", "JC-HP-G1"},
};

int cmd_demo(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	bool help;
	if (config_parse_args(argc, argv, NULL, pos, 0, &npos, &help) < 0)
		return 2;
	if (help) {
		puts("usage: linli demo [--db URL]\n"
		     "Create demo org units and users (password " DEMO_PASSWORD ") and print the logins.\n"
		     "Idempotent: what exists already is left as it is.");
		return 0;
	}
	if (config_load(&cli_config, NULL, NULL) < 0)
		return 2;
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof units / sizeof units[0]; i++) {
		struct org_unit u;
		int f = org_unit_by_code(&cx, units[i].code, &u);
		if (f == 0 && org_unit_add(&cx, units[i].code, units[i].name, units[i].kind,
					   units[i].parent, &u) < 0)
			f = -1;
		if (f < 0) {
			cli_print_error(&cx);
			rc = 1;
		}
	}
	for (size_t i = 0; rc == 0 && i < sizeof users / sizeof users[0]; i++) {
		struct user u;
		int f = accounts_find(&cx, users[i].username, &u, NULL);
		if (f != 0) {
			rc = f < 0;
			continue;
		}
		struct org_unit unit;
		int64_t uid = 0;
		if (users[i].unit && org_unit_by_code(&cx, users[i].unit, &unit) == 1)
			uid = unit.id;
		struct user_in in = {.username = users[i].username, .display_name = users[i].display,
				     .password = DEMO_PASSWORD, .role = role_parse(users[i].role),
				     .nunits = uid ? 1 : 0, .unit_ids = &uid};
		if (accounts_create(&cx, &in, &u) < 0) {
			cli_print_error(&cx);
			rc = 1;
		}
	}
	if (rc == 0) {
		printf("\nlinli demo database ready: %s\n", cli_config.db);
		printf("Logins (password %s for all):\n", DEMO_PASSWORD);
		for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
			printf("  %-10s %-12s %s\n", users[i].username, users[i].role, users[i].display);
		printf("Open http://127.0.0.1:8080/ once the server is up.\n\n");
	}
	cli_close(&cx);
	return rc;
}
