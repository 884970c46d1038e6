/* linli: the community-governance server and its command line. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/log.h"
#include "cli/cli.h"

static const char usage[] =
	"linli " LINLI_VERSION ": community governance (邻里)\n"
	"usage: linli COMMAND [options]   (every command takes --db URL, --config FILE, --help)\n"
	"\n"
	"  serve       serve the API and the web app\n"
	"  migrate     apply pending schema migrations\n"
	"  user        add, passwd, lock, unlock, list user accounts\n"
	"  unit        add and list org units (sub-district, community, grid, ...)\n"
	"  token       create an API token for integrations\n"
	"  backup      write an online, consistent backup\n"
	"  check       check the database's integrity\n"
	"  maintain    run the due maintenance jobs now\n"
	"  limits      print the bounds of every field, as JSON\n"
	"  key         the keys of personal data: new, add, rotate\n"
	"  demo        create a demo database and print its logins\n"
	"  import      import households and residents from a CSV or XLSX file\n"
	"  calendar    import a year's holidays into the working-day calendar\n"
	"  version     print the version\n"
	"\n"
	"--db sqlite:PATH (default sqlite:linli.db) or postgresql://USER@HOST/DB.\n"
	"Settings: flags, then LINLI_* environment variables, then the config file (see\n"
	"linli.conf.example), then defaults.";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{"serve", cmd_serve}, {"migrate", cmd_migrate}, {"user", cmd_user}, {"unit", cmd_unit},
		{"token", cmd_token}, {"backup", cmd_backup}, {"check", cmd_check},
		{"maintain", cmd_maintain}, {"demo", cmd_demo}, {"limits", cmd_limits},
		{"key", cmd_key}, {"import", cmd_import}, {"calendar", cmd_calendar},
	};
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (app_init() < 0)
		return 1;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		puts(usage);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("linli %s\n", LINLI_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			if (strcmp(argv[1], "serve") != 0)
				log_set_quiet(1);
			return cmds[i].fn(argc - 2, argv + 2);
		}
	}
	fprintf(stderr, "linli: unknown command '%s'\n\n%s\n", argv[1], usage);
	return 2;
}
