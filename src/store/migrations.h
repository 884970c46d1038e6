/* The migrations themselves, oldest first. SQL is written once for both engines; the token @PK@
 * stands for an auto-numbered BIGINT primary key and is rewritten per engine. Never edit a
 * migration that has shipped: add a new one. */
#ifndef LINLI_MIGRATIONS_H
#define LINLI_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
