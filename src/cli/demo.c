/* linli demo: every feature's demo data (a small sub-district with two communities, grids and
 * one user of each main role, ...), so that a new installation can be tried at once; with
 * --scale district, a district of about a million residents on top, for benchmarks. Running
 * it again changes nothing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "cli/cli.h"
#include "store/store.h"

int cmd_demo(int argc, char **argv)
{
	const char *pos[1], *scale = "community";
	int npos;
	bool help;
	const struct flag flags[] = {{"scale", true, &scale}, {0}};
	if (config_parse_args(argc, argv, flags, pos, 0, &npos, &help) < 0)
		return 2;
	if (help) {
		puts("usage: linli demo [--scale community|district] [--db URL]\n"
		     "Create every feature's demo data (org units, users with the password Linli@2026,\n"
		     "...) and print the logins. Idempotent: what exists already is left as it is.\n"
		     "--scale district adds three streets of 50 communities with about a million\n"
		     "residents (for benchmarks; several minutes, one transaction a community).");
		return 0;
	}
	bool district = strcmp(scale, "district") == 0;
	if (!district && strcmp(scale, "community") != 0) {
		fprintf(stderr, "linli: --scale is community or district, not '%s'\n", scale);
		return 2;
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
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (const struct feature *const *f = app_features; district && rc == 0 && *f; f++) {
		if ((*f)->demo_district && (*f)->demo_district(&cx) < 0) {
			fprintf(stderr, "linli: the district demo data of '%s' failed\n", (*f)->name);
			cli_print_error(&cx);
			rc = 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0) {
		printf("\nlinli demo database ready: %s\n", cli_config.db);
		if (district)
			printf("The district data took %.1f s.\n",
			       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		for (const struct feature *const *f = app_features; *f; f++)
			if ((*f)->demo_notes)
				(*f)->demo_notes();
		printf("Open http://127.0.0.1:8080/ once the server is up.\n\n");
	}
	cli_close(&cx);
	return rc;
}
