/* linli demo: every feature's demo data (a small sub-district with two communities, grids and
 * one user of each main role, ...), so that a new installation can be tried at once. Running
 * it again changes nothing. */
#include <stdio.h>

#include "app/app.h"
#include "cli/cli.h"
#include "store/store.h"

int cmd_demo(int argc, char **argv)
{
	const char *pos[1];
	int npos;
	bool help;
	if (config_parse_args(argc, argv, NULL, pos, 0, &npos, &help) < 0)
		return 2;
	if (help) {
		puts("usage: linli demo [--db URL]\n"
		     "Create every feature's demo data (org units, users with the password Linli@2026,\n"
		     "...) and print the logins. Idempotent: what exists already is left as it is.");
		return 0;
	}
	if (config_load(&cli_config, NULL, NULL) < 0)
		return 2;
	struct ctx cx;
	if (cli_open(&cx, true) < 0)
		return 1;
	/* demo data is made again in a moment if lost: no flush to disk at every commit */
	store_exec(cx.db, store_kind(cx.db) == STORE_SQLITE ? "PRAGMA synchronous = NORMAL"
							     : "SET synchronous_commit = off");
	int rc = 0;
	for (const struct feature *const *f = app_features; rc == 0 && *f; f++) {
		if ((*f)->demo && (*f)->demo(&cx) < 0) {
			fprintf(stderr, "linli: the demo data of '%s' failed\n", (*f)->name);
			cli_print_error(&cx);
			rc = 1;
		}
	}
	if (rc == 0) {
		printf("\nlinli demo database ready: %s\n", cli_config.db);
		for (const struct feature *const *f = app_features; *f; f++)
			if ((*f)->demo_notes)
				(*f)->demo_notes();
		printf("Open http://127.0.0.1:8080/ once the server is up.\n\n");
	}
	cli_close(&cx);
	return rc;
}
