/* notify's own pieces: destinations and their rules, the outbox's rows, the worker. */
#ifndef LINLI_NOTIFY_INTERNAL_H
#define LINLI_NOTIFY_INTERNAL_H

#include "jobs/jobs.h"
#include "notify/limits.h"
#include "notify/notify.h"
#include "store/store.h"

const char *notify_kind_name(int k);
int notify_kind_parse(const char *s);     /* -1 when unknown */
bool notify_topic_known(const char *s);

struct notify_destination {
	int64_t id, unit_id;
	const char *unit_name, *unit_path;
	int kind;
	const char *name, *url_hint, *format;
	const char *url_sealed, *secret_sealed;   /* never answered */
	bool has_secret, enabled, internal;
	int64_t digest_at, digest_day;
	int64_t created_by, created_at, updated_at, version;
	const char *rules;                        /* JSON text: [{"topic", "mode"}] */
};

/* One destination in the caller's scope (404 else; internal ones too when `internal`). */
int notify_destination_get(struct ctx *cx, int64_t id, bool internal,
			   struct notify_destination *out);
/* Those of the units in scope (of unit_id alone when > 0); with `internal`, also those another
 * feature keeps (a 12345 platform's callbacks), which no one edits here. */
int notify_destinations_list(struct ctx *cx, int64_t unit_id, bool internal,
			     struct notify_destination **items, size_t *n);
int notify_destination_create(struct ctx *cx, json_t *body, struct notify_destination *out);
int notify_destination_update(struct ctx *cx, int64_t id, json_t *patch,
			      struct notify_destination *out);
int notify_destination_delete(struct ctx *cx, int64_t id, int64_t version);
json_t *notify_destination_json(const struct notify_destination *d);
/* Without the access check: 1 found, 0 not, -1 error; _row leaves out its rules ("[]"), for
 * the worker and the checks that need only the row. */
int notify_destination_by_id(struct ctx *cx, int64_t id, struct notify_destination *out);
int notify_destination_row(struct ctx *cx, int64_t id, struct notify_destination *out);
/* The scope and permission check of a destination (404 outside). */
int notify_may_manage(struct ctx *cx, const struct notify_destination *d);

struct notify_delivery {
	int64_t id, event_id, destination_id, entity_id, tries, next_at, last_status, digest_id;
	int64_t sent_at, created_at, updated_at;
	const char *entity, *ref, *state, *last_error;
	const char *event, *event_uid, *title, *destination_name;
	int destination_kind;
};
struct delivery_filter {
	int64_t destination_id, entity_id;
	const char *state, *entity;
};
int notify_deliveries_list(struct ctx *cx, const struct delivery_filter *f, int limit,
			   int64_t cursor, struct notify_delivery **items, size_t *n,
			   int64_t *next_cursor);
/* One delivery with its event and its attempts. */
int notify_delivery_get(struct ctx *cx, int64_t id, json_t **out);
/* A dead (or done) one sent again from its first try. */
int notify_delivery_replay(struct ctx *cx, int64_t id, json_t **out);
json_t *notify_delivery_json(const struct notify_delivery *d);
/* A test message to one destination now: the new delivery's id. */
int notify_destination_test(struct ctx *cx, int64_t id, int64_t *delivery_id);
/* Its digest now, whatever the hour: how many events it holds (0: none, nothing sent). */
int notify_destination_digest(struct ctx *cx, int64_t id, int64_t *count);
/* The counts of deliveries by state in scope: {"pending": n, ...}. */
int notify_delivery_counts(struct ctx *cx, json_t **out);

/* The outbox's rows (outbox.c): one event, and its delivery to one destination. */
int notify_insert_event(struct ctx *cx, const struct notify_event *ev, int64_t *id);
int notify_insert_delivery(struct ctx *cx, int64_t event_id, int64_t destination_id,
			   const char *entity, int64_t entity_id, const char *ref, bool held,
			   int64_t *id);
/* Build and queue one destination's digest of its held events (the digest job and the API). */
int notify_digest_one(struct ctx *cx, const struct notify_destination *d, int64_t day,
		      int64_t *count);

/* What is sent (format.c): the body, headers and URL of one delivery, and whether an answer
 * means it arrived. */
struct notify_message {
	const char *url, *body;
	size_t body_len;
	const char *headers[6];
	int nheaders;
};
struct notify_payload {
	const char *uid, *event, *topics, *entity, *ref, *title, *body, *link, *data;
	int64_t entity_id, created_at, delivery_id;
};
int notify_format(struct arena *a, int kind, const char *format, const char *url,
		  const char *secret, const struct notify_payload *p, int64_t now,
		  struct notify_message *out);
/* Whether the answer (status, body) of a destination of that kind means delivered; else *why. */
bool notify_answer_ok(int kind, long status, const char *body, const char **why);

/* The worker (deliver.c) and the digest job. */
extern const struct worker notify_workers[];
extern const struct job notify_jobs[];
extern const int notify_njobs;

int notify_demo(struct ctx *cx);

#endif
