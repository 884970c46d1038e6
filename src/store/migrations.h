/* The schema migrations of every feature, in one global order. Each feature keeps its own as
 * readable SQL files, src/<feature>/migrations/<version>_<name>.sql; the build embeds them all
 * (scripts/embed-migrations.sh → build/gen/migrations.c), sorted by version. A version is
 * YYYYMMDDNN, the day it was written and a number of that day, so features written side by side
 * do not collide and the order is the order of writing. SQL is written once for both engines;
 * @PK@ stands for an auto-numbered BIGINT primary key and is rewritten per engine. Never edit a
 * migration that has shipped: add a new one. */
#ifndef LINLI_MIGRATIONS_H
#define LINLI_MIGRATIONS_H

#include <stdint.h>

struct migration {
	int64_t version;
	const char *feature;   /* the folder it lives in: "access" */
	const char *name;      /* the file name after the version: "accounts" */
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
