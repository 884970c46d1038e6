/* config: settings of the process, from flags, then LINLI_* environment variables, then the
 * config file (--config, LINLI_CONFIG, ./linli.conf, /etc/linli/linli.conf), then defaults. */
#ifndef LINLI_CONFIG_H
#define LINLI_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct config {
	const char *db;              /* db = sqlite:./linli.db */
	const char *listen;          /* listen = 127.0.0.1:8080 */
	const char *static_dir;      /* static = web/dist */
	unsigned threads;            /* threads = 0 (one per core) */
	size_t body_limit;           /* body_limit = 1048576 */
	size_t upload_limit;         /* upload_limit = 20971520 */
	unsigned timeout;            /* timeout = 30 */
	unsigned head_timeout;       /* request_head_timeout = 10 */
	unsigned per_address;        /* per_address_connections = 64 */
	size_t body_budget;          /* body_memory_limit = 67108864 */
	unsigned login_rate;         /* login_rate = 30 (a minute, per address) */
	int64_t clock_offset;        /* clock_offset = 0 (seconds; rehearsals and tests) */
	const char *public_url;      /* public_url = (none: the address the console is reached at) */
	unsigned public_rate;        /* public_rate = 5 (online requests a minute, per address) */
	unsigned open311_rate;       /* open311_rate = 60 (Open311 POSTs a minute, per API key) */
	const char *outbound_allow;  /* outbound_allow = (none): private ranges webhooks may reach */
	unsigned notify_retry;       /* notify_retry_seconds = 30: the first retry's wait, doubling */
	unsigned notify_tries;       /* notify_max_tries = 10: tries before a delivery is dead */
	unsigned notify_timeout;     /* notify_timeout = 10 (seconds a delivery may take) */
	bool cookie_secure;          /* cookie_secure = false */
	bool access_log;             /* access_log = true */
	unsigned long pwhash_kib;    /* password_hash_memory = 19456 (KiB) */
	unsigned grace;              /* shutdown_grace = 20 */
	const char *trusted_proxies; /* trusted_proxies = (none): peers whose X-Forwarded-For counts */
	const char *key_file;        /* key_file = <the SQLite file>.keys: the keys of personal data */
	const char *key;             /* key = ID:KEY, one key instead of a key file */
	const char *attachments_dir; /* attachments_dir = <the SQLite file>.attachments */
	size_t attachment_limit;     /* attachment_limit = 10485760 (bytes of one file) */
	const char *file;            /* the file read, if any */
};

/* A command's flags: name (without --), whether it takes a value, where the value goes. */
struct flag {
	const char *name;
	bool has_value;
	const char **value;          /* set to the value, or to "1" for a switch */
};

/* Parse argv (after the command words): known flags into `flags`, the rest into positional.
 * Returns -1 with a message on stderr for an unknown flag or a missing value. Every command
 * also takes --db, --config and --help (help is reported in *help). */
int config_parse_args(int argc, char **argv, const struct flag *flags, const char **positional,
		      int max_positional, int *npositional, bool *help);
/* Resolve the final configuration (flags already parsed are passed as overrides). */
int config_load(struct config *c, const char *flag_db, const char *flag_config);

#endif
