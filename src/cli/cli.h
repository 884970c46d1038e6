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

/* Open the configured database, apply migrations, and make a context that acts as the
 * operator. Returns -1 with a message printed. */
int cli_open(struct ctx *cx, bool migrate);
void cli_close(struct ctx *cx);
/* Print cx->err for a person at a terminal, in zh-CN or en by LANG. */
void cli_print_error(struct ctx *cx);
/* Read one line from standard input (a password): no echo when it is a terminal. */
int cli_read_secret(const char *prompt, char *out, size_t n);

#endif
