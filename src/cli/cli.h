/* The command line: each command is a function of the remaining argv. */
#ifndef LINLI_CLI_H
#define LINLI_CLI_H

#include "base/ctx.h"
#include "cli/config.h"

extern struct config cli_config;

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_maintain(int argc, char **argv);
int cmd_limits(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_calendar(int argc, char **argv);

/* Load the keys of personal data (key, or key_file; for a SQLite database without either, the
 * file beside it, made on first use) and hand them to the registry. -1 with a message. */
int cli_load_keys(void);

/* Parse flags, load config; returns 1 when help was shown, -1 on error, 0 to go on. */
int cli_prepare(int argc, char **argv, const struct flag *flags, const char **pos, int maxpos,
		int *npos, const char *usage);
/* cli_prepare for a command function of (argc, argv): returns from it on help or error. */
#define PREPARE(flags, pos, maxpos, npos, usage) do { \
	int p_ = cli_prepare(argc, argv, flags, pos, maxpos, &npos, usage); \
	if (p_) return p_ < 0 ? 2 : 0; } while (0)

/* Open the configured database, apply migrations, and make a context that acts as the
 * operator. Returns -1 with a message printed. */
int cli_open(struct ctx *cx, bool migrate);
void cli_close(struct ctx *cx);
/* Print cx->err for a person at a terminal, in zh-CN or en by LANG. */
void cli_print_error(struct ctx *cx);
/* The whole of a file (malloc'd), or NULL with the reason on stderr. */
char *cli_read_file(const char *path, size_t *len);
/* Read one line from standard input (a password): no echo when it is a terminal. */
int cli_read_secret(const char *prompt, char *out, size_t n);

#endif
