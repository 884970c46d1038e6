/* linli calendar import: a year's holidays and worked weekend days from the State Council's
 * notice as a file (date,kind,name), as the operator, judged and written as
 * POST /api/v1/calendar/import does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "cli/cli.h"

static const char usage[] =
	"usage: linli calendar import FILE [--year YYYY] [--db URL]\n"
	"Replace a year's days of the working-day calendar (工作日历) by FILE: a CSV in UTF-8\n"
	"with the header date,kind,name, one row a day off (holiday) or a Saturday or Sunday\n"
	"worked in exchange (workday). The year is --year, or that of the file's first date;\n"
	"every date must be in it. Every row is judged first: with any error nothing changes.\n"
	"Exits 0 when imported, 1 when refused or the file cannot be read (errors on stderr).";

/* The rows' errors of a refusal, one a line. */
static void print_errors(const json_t *imp)
{
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(imp, "errors"), i, x) {
		const char *field = json_string_value(json_object_get(x, "field"));
		fprintf(stderr, "  row %lld%s%s: %s\n", (long long)json_integer_value(json_object_get(x, "row")),
			field ? ", " : "", field ? field : "",
			json_string_value(json_object_get(x, "message")));
	}
}

int cmd_calendar(int argc, char **argv)
{
	const char *pos[2], *year_s = NULL;
	const struct flag flags[] = {{"year", true, &year_s}, {0}};
	int npos;
	PREPARE(flags, pos, 2, npos, usage);
	if (npos != 2 || strcmp(pos[0], "import") != 0) {
		puts(usage);
		return 2;
	}
	int year = 0;
	if (year_s) {
		char *end;
		long y = strtol(year_s, &end, 10);
		if (*end || y < 1 || y > 9999) {
			fprintf(stderr, "linli: --year must be a year such as 2027\n");
			return 2;
		}
		year = (int)y;
	}
	size_t len = 0;
	char *data = cli_read_file(pos[1], &len);
	if (!data)
		return 1;
	if (len > CALENDAR_IMPORT_MAX) {
		fprintf(stderr, "linli: %s is larger than %d KB: a year's file is a few KB\n", pos[1],
			CALENDAR_IMPORT_MAX / 1024);
		free(data);
		return 1;
	}
	struct ctx cx;
	if (cli_open(&cx, true) < 0) {
		free(data);
		return 1;
	}
	json_t *out = NULL;
	int rc = calendar_import(&cx, year, data, len, &out);
	free(data);
	if (rc < 0) {
		cli_print_error(&cx);
		if (out) {
			print_errors(out);
			json_decref(out);
		}
		cli_close(&cx);
		return 1;
	}
	printf("calendar %lld: %lld days imported (%lld added, %lld changed, %lld removed); "
	       "%lld working days\n",
	       (long long)json_integer_value(json_object_get(out, "year")),
	       (long long)json_integer_value(json_object_get(out, "imported")),
	       (long long)json_integer_value(json_object_get(out, "added")),
	       (long long)json_integer_value(json_object_get(out, "changed")),
	       (long long)json_integer_value(json_object_get(out, "removed")),
	       (long long)json_integer_value(json_object_get(out, "working_days")));
	json_decref(out);
	cli_close(&cx);
	return 0;
}
