/* The keys of personal data: where they come from, and `linli key`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/crypto.h"
#include "base/log.h"
#include "base/seal.h"
#include "app/app.h"
#include "app/feature.h"
#include "cli/cli.h"
#include "registry/registry.h"

/* The key file a SQLite database has by default: beside it, "<path>.keys". */
static char *default_key_file(void)
{
	const char *db = cli_config.db;
	if (!db || strncmp(db, "sqlite:", 7) != 0 || !db[7] || strcmp(db + 7, ":memory:") == 0)
		return NULL;
	size_t n = strlen(db + 7) + 6;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s.keys", db + 7);
	return p;
}

/* Write a new key file (lookup secret and one key), mode 0600, refusing to overwrite. */
static int write_new_file(const char *path)
{
	char lookup[SEAL_LINE_MAX], key[SEAL_LINE_MAX];
	if (seal_key_line("lookup", lookup, sizeof lookup) < 0 || seal_key_line("k1", key, sizeof key) < 0)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fprintf(stderr, "linli: cannot create key file %s: %s\n", path, strerror(errno));
		return -1;
	}
	char text[4 * SEAL_LINE_MAX];
	int n = snprintf(text, sizeof text,
			 "# linli: the keys of personal data (ID numbers, phones). Keep a copy apart from\n"
			 "# the database: without this file they cannot be read. 'linli key add' appends\n"
			 "# a new key; 'linli key rotate' re-seals every value with the newest.\n%s%s",
			 lookup, key);
	int ok = n > 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
	close(fd);
	sodium_memzero(text, sizeof text);
	sodium_memzero(lookup, sizeof lookup);
	sodium_memzero(key, sizeof key);
	if (!ok) {
		fprintf(stderr, "linli: cannot write key file %s\n", path);
		unlink(path);
		return -1;
	}
	return 0;
}

int cli_load_keys(void)
{
	if (registry_keys())
		return 0;
	char msg[SEAL_MSG_MAX];
	struct seal_ring *ring = NULL;
	if (cli_config.key) {
		ring = seal_ring_from_string(cli_config.key, msg, sizeof msg);
		if (!ring) {
			fprintf(stderr, "linli: the setting key: %s\n", msg);
			return -1;
		}
	} else {
		char *def = cli_config.key_file ? NULL : default_key_file();
		const char *path = cli_config.key_file ? cli_config.key_file : def;
		if (!path) {   /* PostgreSQL without keys: personal data cannot be written */
			log_warn("no key_file is set: residents' ID numbers and phones cannot be written "
				 "(linli key new --file PATH, then key_file = PATH)");
			return 0;
		}
		if (def && access(def, F_OK) != 0) {
			if (write_new_file(def) < 0) {
				free(def);
				return -1;
			}
			log_info("created the key file %s: keep a copy apart from the database", def);
		}
		ring = seal_ring_load_file(path, msg, sizeof msg);
		if (!ring) {
			fprintf(stderr, "linli: key file %s: %s\n", path, msg);
			free(def);
			return -1;
		}
		free(def);
	}
	registry_set_keys(ring);
	return 0;
}

int cmd_key(int argc, char **argv)
{
	static const char usage[] =
		"usage: linli key new --file PATH     make a key file (a lookup secret and a first key)\n"
		"       linli key add [--id ID]       append a new current key to the key file\n"
		"       linli key rotate              re-seal every value with the current key\n"
		"       linli key status              the keys, and how many values each seals\n"
		"The key file is key_file (LINLI_KEY_FILE), by default <the SQLite file>.keys. Mode\n"
		"0600: a file others may read is refused. Add a key on every server first, then rotate.";
	const char *file = NULL, *id = NULL, *pos[1];
	const struct flag flags[] = {{"file", true, &file}, {"id", true, &id}, {0}};
	int npos;
	PREPARE(flags, pos, 1, npos, usage);
	if (crypto_init() < 0) {
		fprintf(stderr, "linli: libsodium failed to initialise\n");
		return 1;
	}
	if (npos != 1) {
		puts(usage);
		return 2;
	}
	if (strcmp(pos[0], "new") == 0) {
		if (!file) {
			puts(usage);
			return 2;
		}
		if (write_new_file(file) < 0)
			return 1;
		printf("key file %s created; set key_file = %s\n", file, file);
		return 0;
	}
	if (strcmp(pos[0], "add") == 0) {
		char *def = default_key_file();
		const char *path = cli_config.key_file ? cli_config.key_file : def;
		char msg[SEAL_MSG_MAX], line[SEAL_LINE_MAX], gen[SEAL_ID_MAX + 1];
		struct seal_ring *ring = path ? seal_ring_load_file(path, msg, sizeof msg) : NULL;
		if (!ring) {
			fprintf(stderr, "linli: %s\n", path ? msg : "no key_file is set");
			free(def);
			return 1;
		}
		if (!id) {   /* k1, k2, ...: the first free one */
			for (int i = 1; i < 10000; i++) {
				snprintf(gen, sizeof gen, "k%d", i);
				if (!seal_ring_has(ring, gen))
					break;
			}
			id = gen;
		}
		int dup = seal_ring_has(ring, id);
		seal_ring_free(ring);
		if (dup || seal_key_line(id, line, sizeof line) < 0) {
			fprintf(stderr, "linli: the key id '%s' is %s\n", id, dup ? "taken" : "not valid");
			free(def);
			return 1;
		}
		FILE *f = fopen(path, "a");
		int ok = f && fputs(line, f) >= 0;
		ok = f && fclose(f) == 0 && ok;
		sodium_memzero(line, sizeof line);
		if (!ok) {
			fprintf(stderr, "linli: cannot append to %s\n", path);
			free(def);
			return 1;
		}
		printf("key %s added to %s and current; copy the file to every server, then run "
		       "'linli key rotate'\n", id, path);
		free(def);
		return 0;
	}
	if (strcmp(pos[0], "rotate") == 0 || strcmp(pos[0], "status") == 0) {
		struct ctx cx;
		if (cli_open(&cx, true) < 0)
			return 1;
		if (!registry_keys()) {
			fprintf(stderr, "linli: no keys are configured\n");
			cli_close(&cx);
			return 1;
		}
		int rc = 0;
		int64_t stale = 0, done = 0;
		bool rotate = strcmp(pos[0], "rotate") == 0;
		for (const struct feature *const *f = app_features; rc == 0 && *f; f++)
			for (const struct sealed_column *c = (*f)->sealed; c && c->table && rc == 0; c++) {
				int64_t left = 0;
				if (rotate)
					rc = registry_rekey(&cx, c->table, c->column, c->purpose, &done);
				else
					rc = registry_stale_values(&cx, c->table, c->column, &left);
				stale += left;
			}
		if (rc) {
			cli_print_error(&cx);
			rc = 1;
		} else if (rotate) {
			printf("%lld values re-sealed with key %s\n", (long long)done,
			       seal_ring_current(registry_keys()));
		} else {
			printf("current key %s; %lld values sealed with an older key\n",
			       seal_ring_current(registry_keys()), (long long)stale);
		}
		cli_close(&cx);
		return rc;
	}
	puts(usage);
	return 2;
}
