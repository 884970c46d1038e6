/* linli import: households and residents from a CSV or XLSX file, as the operator (every unit),
 * judged as POST /api/v1/residents/import judges them: for a file larger than the server takes
 * in a request, or an installation's first load of its register. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "registry/registry.h"

int cmd_import(int argc, char **argv)
{
	const char *pos[1], *encoding = "auto", *mode = "all", *format = NULL;
	int npos;
	bool help;
	const struct flag flags[] = {{"encoding", true, &encoding}, {"mode", true, &mode},
				     {"format", true, &format}, {0}};
	if (config_parse_args(argc, argv, flags, pos, 1, &npos, &help) < 0)
		return 2;
	if (help || npos != 1) {
		puts("usage: linli import FILE [--format csv|xlsx] [--encoding auto|utf-8|gbk]\n"
		     "                   [--mode all|valid] [--db URL]\n"
		     "Import households and residents from FILE (the columns of the template that\n"
		     "GET /api/v1/residents/import/template gives), judged as the web import judges\n"
		     "them, as the operator: every unit. --mode all (the default) imports nothing when a\n"
		     "row is wrong; --mode valid imports the households whose rows are all right. The\n"
		     "format is taken from the file's name unless given. Exits 0 when imported, 1 when\n"
		     "refused or the file cannot be read, with the errors on stderr.");
		return help ? 0 : 2;
	}
	const char *path = pos[0];
	if (!format) {
		size_t n = strlen(path);
		format = n > 5 && strcmp(path + n - 5, ".xlsx") == 0 ? "xlsx" : "csv";
	}
	if (config_load(&cli_config, NULL, NULL) < 0)
		return 2;
	size_t len = 0;
	char *data = cli_read_file(path, &len);
	if (!data)
		return 1;
	struct ctx cx;
	if (cli_open(&cx, true) < 0) {
		free(data);
		return 1;
	}
	json_t *out = NULL;
	bool refused = false;
	int rc = registry_import_data(&cx, format, encoding, mode, data, len, &out, &refused);
	free(data);
	if (rc < 0) {
		cli_print_error(&cx);
		cli_close(&cx);
		return 1;
	}
	const json_t *errors = json_object_get(out, "errors");
	size_t i;
	const json_t *x;
	json_array_foreach(errors, i, x) {
		if (i >= 50) {
			fprintf(stderr, "… %lld errors in all\n",
				(long long)json_integer_value(json_object_get(out, "errors_total")));
			break;
		}
		fprintf(stderr, "row %lld: %s\n", (long long)json_integer_value(json_object_get(x, "row")),
			json_string_value(json_object_get(x, "message")));
	}
	printf("import %lld %s: %lld rows; %lld residents in %lld households imported, %lld rows not; "
	       "%.1f s (%lld rows/s)\n",
	       (long long)json_integer_value(json_object_get(out, "id")), refused ? "refused" : "done",
	       (long long)json_integer_value(json_object_get(out, "rows")),
	       (long long)json_integer_value(json_object_get(out, "imported")),
	       (long long)json_integer_value(json_object_get(out, "households")),
	       (long long)json_integer_value(json_object_get(out, "not_imported")),
	       json_real_value(json_object_get(out, "seconds")),
	       (long long)json_integer_value(json_object_get(out, "rows_per_second")));
	json_decref(out);
	cli_close(&cx);
	return refused ? 1 : 0;
}
