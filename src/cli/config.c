#include "cli/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/outbound.h"

static const char *g_db, *g_config;

int config_parse_args(int argc, char **argv, const struct flag *flags, const char **pos,
		      int max_pos, int *npos, bool *help)
{
	*npos = 0;
	*help = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
			continue;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (*npos >= max_pos) {
				fprintf(stderr, "linli: unexpected argument '%s' (see --help)\n", a);
				return -1;
			}
			pos[(*npos)++] = a;
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		const char **slot = NULL;
		bool has_value = true;
		if (nl == 2 && strncmp(name, "db", 2) == 0)
			slot = &g_db;
		else if (nl == 6 && strncmp(name, "config", 6) == 0)
			slot = &g_config;
		for (int f = 0; !slot && flags && flags[f].name; f++) {
			if (strlen(flags[f].name) == nl && strncmp(flags[f].name, name, nl) == 0) {
				slot = flags[f].value;
				has_value = flags[f].has_value;
			}
		}
		if (!slot) {
			fprintf(stderr, "linli: unknown option '--%.*s' (see --help)\n", (int)nl, name);
			return -1;
		}
		if (!has_value) {
			*slot = "1";
		} else if (eq) {
			*slot = eq + 1;
		} else if (i + 1 < argc) {
			*slot = argv[++i];
		} else {
			fprintf(stderr, "linli: option '--%.*s' needs a value\n", (int)nl, name);
			return -1;
		}
	}
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A whole number in [min, max]. */
static int parse_num(const char *key, const char *v, size_t min, size_t max, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || n < min || n > max) {
		fprintf(stderr, "linli: %s must be a whole number from %zu to %zu, not '%s'\n", key,
			min, max, v);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

static int parse_bool(const char *key, const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
		*out = false;
	else {
		fprintf(stderr, "linli: %s must be true or false, not '%s'\n", key, v);
		return -1;
	}
	return 0;
}

/* One setting by its config-file name. */
static int apply(struct config *c, const char *key, const char *v)
{
	size_t n;
	if (!strcmp(key, "db")) {
		c->db = strdup(v);
	} else if (!strcmp(key, "listen")) {
		c->listen = strdup(v);
	} else if (!strcmp(key, "static")) {
		c->static_dir = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "threads")) {   /* 0: one per core */
		if (parse_num(key, v, 0, 256, &n) < 0)
			return -1;
		c->threads = (unsigned)n;
	} else if (!strcmp(key, "body_limit")) {
		return parse_num(key, v, 1024, (size_t)1 << 30, &c->body_limit);
	} else if (!strcmp(key, "upload_limit")) {
		return parse_num(key, v, 1024, (size_t)1 << 32, &c->upload_limit);
	} else if (!strcmp(key, "timeout")) {
		if (parse_num(key, v, 1, 3600, &n) < 0)
			return -1;
		c->timeout = (unsigned)n;
	} else if (!strcmp(key, "request_head_timeout")) {
		if (parse_num(key, v, 1, 3600, &n) < 0)
			return -1;
		c->head_timeout = (unsigned)n;
	} else if (!strcmp(key, "per_address_connections")) {   /* 0: no limit */
		if (parse_num(key, v, 0, 100000, &n) < 0)
			return -1;
		c->per_address = (unsigned)n;
	} else if (!strcmp(key, "body_memory_limit")) {
		return parse_num(key, v, 65536, (size_t)1 << 40, &c->body_budget);
	} else if (!strcmp(key, "login_rate")) {   /* login attempts a minute per address, 0: off */
		if (parse_num(key, v, 0, 100000, &n) < 0)
			return -1;
		c->login_rate = (unsigned)n;
	} else if (!strcmp(key, "clock_offset")) {   /* seconds ahead of the real clock */
		char *end;
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno || end == v || *end || x < -3650LL * 86400 || x > 3650LL * 86400) {
			fprintf(stderr, "linli: clock_offset must be seconds within ten years, not '%s'\n", v);
			return -1;
		}
		c->clock_offset = (int64_t)x;
	} else if (!strcmp(key, "public_url")) {   /* https://linli.example.org: links residents open */
		if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7)) {
			fprintf(stderr, "linli: public_url must start with https:// or http://, not '%s'\n", v);
			return -1;
		}
		c->public_url = strdup(v);
	} else if (!strcmp(key, "public_rate")) {   /* online requests a minute per address, 0: off */
		if (parse_num(key, v, 0, 100000, &n) < 0)
			return -1;
		c->public_rate = (unsigned)n;
	} else if (!strcmp(key, "open311_rate")) {   /* Open311 POSTs a minute per API key, 0: off */
		if (parse_num(key, v, 0, 100000, &n) < 0)
			return -1;
		c->open311_rate = (unsigned)n;
	} else if (!strcmp(key, "outbound_allow")) {   /* "127.0.0.1/32, 10.1.0.0/16" */
		struct net_range r[OUTBOUND_MAX_ALLOW];
		char msg[160];
		if (outbound_parse_allow(v, r, OUTBOUND_MAX_ALLOW, &n, msg, sizeof msg) < 0) {
			fprintf(stderr, "linli: %s\n", msg);
			return -1;
		}
		c->outbound_allow = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "notify_retry_seconds")) {
		if (parse_num(key, v, 1, 86400, &n) < 0)
			return -1;
		c->notify_retry = (unsigned)n;
	} else if (!strcmp(key, "notify_max_tries")) {
		if (parse_num(key, v, 1, 100, &n) < 0)
			return -1;
		c->notify_tries = (unsigned)n;
	} else if (!strcmp(key, "notify_timeout")) {
		if (parse_num(key, v, 1, 120, &n) < 0)
			return -1;
		c->notify_timeout = (unsigned)n;
	} else if (!strcmp(key, "shutdown_grace")) {
		if (parse_num(key, v, 0, 3600, &n) < 0)
			return -1;
		c->grace = (unsigned)n;
	} else if (!strcmp(key, "key_file")) {
		c->key_file = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "key")) {
		c->key = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "attachments_dir")) {
		c->attachments_dir = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "attachment_limit")) {   /* bytes of one attached file */
		return parse_num(key, v, 65536, (size_t)1 << 30, &c->attachment_limit);
	} else if (!strcmp(key, "trusted_proxies")) {
		c->trusted_proxies = *v ? strdup(v) : NULL;
	} else if (!strcmp(key, "cookie_secure")) {
		return parse_bool(key, v, &c->cookie_secure);
	} else if (!strcmp(key, "access_log")) {
		return parse_bool(key, v, &c->access_log);
	} else if (!strcmp(key, "password_hash_memory")) {   /* KiB of argon2id memory */
		if (parse_num(key, v, 8192, 4194304, &n) < 0)
			return -1;
		c->pwhash_kib = n;
	} else {
		fprintf(stderr, "linli: unknown setting '%s'\n", key);
		return -1;
	}
	return 0;
}

static const char *const keys[] = {"db", "listen", "static", "threads", "body_limit",
	"upload_limit", "timeout", "shutdown_grace", "cookie_secure", "access_log",
	"password_hash_memory", "trusted_proxies", "request_head_timeout", "per_address_connections",
	"body_memory_limit", "login_rate", "public_rate", "open311_rate", "outbound_allow", "notify_retry_seconds", "notify_max_tries", "notify_timeout", "public_url", "clock_offset", "key_file", "key",
	"attachments_dir", "attachment_limit", NULL};

static int read_file(struct config *c, const char *path, bool must_exist)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (must_exist) {
			fprintf(stderr, "linli: cannot read config file %s\n", path);
			return -1;
		}
		return 0;
	}
	char line[1024];
	int ln = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		ln++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, "linli: %s:%d: expected 'key = value'\n", path, ln);
			rc = -1;
			break;
		}
		*eq = '\0';
		if (apply(c, trim(s), trim(eq + 1)) < 0) {
			fprintf(stderr, "linli: in %s line %d\n", path, ln);
			rc = -1;
			break;
		}
	}
	fclose(f);
	c->file = rc == 0 ? strdup(path) : NULL;
	return rc;
}

int config_load(struct config *c, const char *flag_db, const char *flag_config)
{
	*c = (struct config){
		.db = "sqlite:linli.db", .listen = "127.0.0.1:8080", .static_dir = "web/dist",
		.body_limit = 1024 * 1024, .upload_limit = 20 * 1024 * 1024, .timeout = 30,
		.access_log = true, .pwhash_kib = 19456, .grace = 20, .head_timeout = 10,
		.per_address = 64, .body_budget = 64 * 1024 * 1024, .login_rate = 30, .public_rate = 5, .open311_rate = 60,
		.notify_retry = 30, .notify_tries = 10, .notify_timeout = 10,
		.attachment_limit = 10 * 1024 * 1024,
	};
	const char *file = flag_config ? flag_config : g_config ? g_config : getenv("LINLI_CONFIG");
	if (file) {
		if (read_file(c, file, true) < 0)
			return -1;
	} else if (access("linli.conf", R_OK) == 0) {
		if (read_file(c, "linli.conf", true) < 0)
			return -1;
	} else if (read_file(c, "/etc/linli/linli.conf", false) < 0) {
		return -1;
	}
	for (int i = 0; keys[i]; i++) {   /* LINLI_DB, LINLI_LISTEN, ... override the file */
		char env[64];
		snprintf(env, sizeof env, "LINLI_%s", keys[i]);
		for (char *p = env; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		const char *v = getenv(env);
		if (v && apply(c, keys[i], v) < 0) {
			fprintf(stderr, "linli: in environment variable %s\n", env);
			return -1;
		}
	}
	const char *db = flag_db ? flag_db : g_db;
	if (db)
		c->db = db;
	return 0;
}
