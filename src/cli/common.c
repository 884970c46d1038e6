#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "attachments/attachments.h"
#include "base/crypto.h"
#include "base/clock.h"
#include "base/log.h"
#include "cli/cli.h"
#include "store/migrate.h"

struct config cli_config;

/* Where attached files live: attachments_dir, else beside a SQLite file ("<path>.attachments");
 * a PostgreSQL database has no default (several servers must share one directory). */
static void set_attachments(void)
{
	attachments_set_limit(cli_config.attachment_limit);
	if (cli_config.attachments_dir) {
		attachments_set_dir(cli_config.attachments_dir);
		return;
	}
	const char *db = cli_config.db;
	if (!db || strncmp(db, "sqlite:", 7) != 0 || !db[7] || strcmp(db + 7, ":memory:") == 0) {
		attachments_set_dir(NULL);
		return;
	}
	size_t n = strlen(db + 7) + sizeof ".attachments";
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s.attachments", db + 7);
	attachments_set_dir(p);
	free(p);
}

int cli_open(struct ctx *cx, bool migrate)
{
	memset(cx, 0, sizeof *cx);
	if (crypto_init() < 0) {
		fprintf(stderr, "linli: libsodium failed to initialise\n");
		return -1;
	}
	crypto_set_pwhash_memory(cli_config.pwhash_kib);
	char err[512];
	cx->db = store_open(cli_config.db, err, sizeof err);
	if (!cx->db) {
		fprintf(stderr, "linli: %s\n", err);
		return -1;
	}
	if (migrate && migrate_up(cx->db, err, sizeof err) < 0) {
		fprintf(stderr, "linli: %s\n", err);
		store_close(cx->db);
		return -1;
	}
	if (cli_load_keys() < 0) {
		store_close(cx->db);
		return -1;
	}
	set_attachments();
	cx->a = arena_new();
	cx->now = clock_now();
	const char *lang = getenv("LANG");
	cx->lang = lang && strncmp(lang, "en", 2) == 0 ? LANG_EN : LANG_ZH;
	cx->actor.system = 1;
	const char *who = getenv("SUDO_USER") ? getenv("SUDO_USER") : getenv("USER");
	cx->actor.username = arena_printf(cx->a, "cli:%s", who ? who : "operator");
	cx->ip = "local";
	return 0;
}

void cli_close(struct ctx *cx)
{
	store_close(cx->db);
	arena_free(cx->a);
}

void cli_print_error(struct ctx *cx)
{
	fprintf(stderr, "linli: %s\n", err_message(cx->err.code, cx->lang));
	for (int i = 0; i < cx->err.nfields; i++) {
		char msg[256];
		err_field_message(cx->err.fields[i].key, cx->err.fields[i].arg, cx->lang, msg, sizeof msg);
		fprintf(stderr, "  %s: %s\n", cx->err.fields[i].field, msg);
	}
	if (cx->err.detail[0] && err_http_status(cx->err.code) >= 500)
		fprintf(stderr, "  (%s)\n", cx->err.detail);
}

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return NULL;
	}
	size_t cap = 1 << 20, n = 0;
	char *p = malloc(cap);
	for (size_t got; p && (got = fread(p + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *q = cap < ((size_t)1 << 31) ? realloc(p, cap * 2) : NULL;
			if (!q) {
				free(p);
				p = NULL;
				fprintf(stderr, "linli: %s is too large\n", path);
				break;
			}
			p = q;
			cap *= 2;
		}
	}
	if (p && ferror(f)) {
		perror(path);
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = n;
	return p;
}

int cli_read_secret(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *r = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!r) {
		fprintf(stderr, "linli: expected a password on standard input\n");
		return -1;
	}
	size_t l = strlen(out);
	while (l && (out[l - 1] == '\n' || out[l - 1] == '\r'))
		out[--l] = '\0';
	return 0;
}
