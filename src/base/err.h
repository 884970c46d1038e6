/* err: the one error model. A function that fails returns -1 and fills a struct err; the HTTP
 * layer maps the code to a status and writes {"error":{"code","message","fields"}} in the
 * caller's language. Field problems are message keys, translated at output time. */
#ifndef LINLI_ERR_H
#define LINLI_ERR_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

enum err_code {
	ERR_NONE = 0,
	ERR_BAD_REQUEST,        /* 400 */
	ERR_MALFORMED_JSON,     /* 400 */
	ERR_UNAUTHENTICATED,    /* 401 */
	ERR_INVALID_CREDENTIALS,/* 401 */
	ERR_FORBIDDEN,          /* 403 */
	ERR_CSRF,               /* 403 */
	ERR_ACCOUNT_DISABLED,   /* 403 */
	ERR_PASSWORD_CHANGE,    /* 403 */
	ERR_NOT_FOUND,          /* 404 */
	ERR_METHOD,             /* 405 */
	ERR_CONFLICT,           /* 409 */
	ERR_VERSION_CONFLICT,   /* 409 */
	ERR_TOO_LARGE,          /* 413 */
	ERR_URI_TOO_LONG,       /* 414 */
	ERR_MEDIA_TYPE,         /* 415 */
	ERR_VALIDATION,         /* 422 */
	ERR_TOO_MANY_ATTEMPTS,  /* 429 */
	ERR_RATE_LIMITED,       /* 429 */
	ERR_INTERNAL,           /* 500 */
	ERR_UNAVAILABLE,        /* 503 */
	ERR__COUNT
};

#define ERR_MAX_FIELDS 16

struct err_field {
	const char *field;   /* JSON path of the field, e.g. "password" or "unit_ids[2]" */
	const char *key;     /* message key, see err.c */
	long arg;            /* number substituted into the message when it has one */
};

struct err {
	enum err_code code;
	int nfields;
	struct err_field fields[ERR_MAX_FIELDS];
	int retry_after;     /* seconds, for 429 */
	char detail[256];    /* for the log only, never sent */
};

/* Set the error and return -1. */
int err_set(struct err *e, enum err_code code);
int err_setf(struct err *e, enum err_code code, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add a field problem (code becomes ERR_VALIDATION unless already set); returns -1. */
int err_field(struct err *e, const char *field, const char *key, long arg);
void err_clear(struct err *e);

int err_http_status(enum err_code code);
const char *err_code_name(enum err_code code);
const char *err_message(enum err_code code, enum lang lang);
/* A field message: its key and its text in both languages; a %ld in the text is filled by the
 * problem's number. base holds the general ones (required, too_long, ...); each feature adds
 * its own table, kept in the feature's folder. */
struct err_msg {
	const char *key, *zh, *en;
};
/* Add a feature's table, ended by {NULL}, kept by pointer. Call at start, before any thread.
 * Returns -1 (and adds nothing) when a key is already defined, by base or another table, or
 * a text lacks a language or has a placeholder other than one %ld. */
int err_messages_add(const struct err_msg *table);
/* Names of codes a person reads (an audit action "user.create", a unit kind "grid"), in both
 * languages, registered by the features as their messages are: keys are "<what>:<code>",
 * e.g. "action:user.create". -1 under the same conditions as err_messages_add. */
int labels_add(const struct err_msg *table);
/* The name of "<what>:<code>" in lang; the code itself when there is none. */
const char *label_of(const char *what, const char *code, enum lang lang);
/* Every code registered under `what`, in registration order: call fn for each. */
void labels_each(const char *what, void (*fn)(void *arg, const char *code, const char *zh,
					      const char *en), void *arg);
/* Translate a field message key; `arg` fills a %ld in the text. Returns text in buf. */
const char *err_field_message(const char *key, long arg, enum lang lang, char *buf, unsigned n);

/* Pick the language from an Accept-Language header: en when English is preferred over Chinese. */
enum lang lang_from_header(const char *accept_language);

#endif
