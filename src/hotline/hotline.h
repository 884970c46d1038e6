/* hotline: the city's 12345 hotline hands matters over (12345 转办). A city or district platform
 * is registered by an administrator with the unit it hands matters to, the API token it calls
 * with (a user who takes requests), the URL its callbacks go to and the secret that signs them
 * (sealed at rest, shown once when made or rotated). Each hand-off carries the platform's ticket
 * number, its category, the text, the place, the caller's name and phone and its due time; it
 * becomes a request of the channel "hotline" through the requests' channel intake, its due time
 * kept when earlier than the catalog's, its ticket number kept beside the request.
 *
 *   - Mapping: which platform category becomes which catalog item is data administrators keep,
 *     per platform. A hand-off of a category with no mapping is queued (state unmapped), never
 *     dropped: an administrator maps the category and releases it into a request; the mapping
 *     then holds for later hand-offs.
 *   - Repeats: the same ticket number of a platform, or the same Idempotency-Key, answers with
 *     the first hand-off and writes nothing.
 *   - Who: administrators keep platforms and mappings and release the queue (hotline.manage);
 *     a platform's token submits and reads its own hand-offs only; workers with requests.read
 *     read the hand-offs of the units in their scope (the platform's unit or where the request
 *     arose), or of a request they read. Anything else is 404 and in no list.
 *   - Privacy: the caller's name and phone are sealed while a hand-off is queued (and go into
 *     the request when it is released, the phone sealed there), and shown masked only.
 *
 * Callbacks (every change of state, the result and the rating, signed, with the ticket number)
 * go through the outbox; it finds a request's hand-off with hotline_link_of_request(). */
#ifndef LINLI_HOTLINE_H
#define LINLI_HOTLINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/crypto.h"
#include "base/ctx.h"

struct hotline_platform {
	int64_t id, unit_id, token_id;
	const char *name, *code, *unit_name, *callback_url;
	const char *token_name, *token_user;   /* the token's name and its user's username */
	int64_t token_user_id, token_revoked_at;
	bool active;
	int64_t secret_at, created_at, updated_at, version;
};

/* hotline.manage. Create: {name, code, unit_id, callback_url?, token_id | user_id}: with
 * user_id a new token is made for that user (shown once in *token); the secret is made here and
 * shown once in *secret. Update: {version, name?, unit_id?, callback_url?, token_id?, active?}.
 * Rotate: {version}, a new secret shown once. Audited as hotline_platform.*. */
int hotline_platforms_list(struct ctx *cx, struct hotline_platform **items, size_t *n);
int hotline_platform_get(struct ctx *cx, int64_t id, struct hotline_platform *out);
int hotline_platform_create(struct ctx *cx, json_t *body, struct hotline_platform *out,
			    char secret[CRYPTO_TOKEN_LEN + 8], char token[CRYPTO_TOKEN_LEN + 8]);
int hotline_platform_update(struct ctx *cx, int64_t id, json_t *patch,
			    struct hotline_platform *out);
int hotline_platform_rotate(struct ctx *cx, int64_t id, json_t *body, struct hotline_platform *out,
			    char secret[CRYPTO_TOKEN_LEN + 8]);
json_t *hotline_platform_json(const struct hotline_platform *p);

struct hotline_mapping {
	int64_t id, platform_id, item_id;
	const char *category, *name, *item_code, *item_name;
	bool item_active;
	int64_t created_at, updated_at, version;
};

/* hotline.manage. A platform's mappings (platform_id 0: every platform's), by category.
 * Create: {platform_id, category, name?, item_id (an active item)}; update: {version, item_id?,
 * name?}; delete with the version read. Audited as hotline_mapping.*. */
int hotline_mappings_list(struct ctx *cx, int64_t platform_id, struct hotline_mapping **items,
			  size_t *n);
int hotline_mapping_create(struct ctx *cx, json_t *body, struct hotline_mapping *out);
int hotline_mapping_update(struct ctx *cx, int64_t id, json_t *patch, struct hotline_mapping *out);
int hotline_mapping_delete(struct ctx *cx, int64_t id, int64_t version);
json_t *hotline_mapping_json(const struct hotline_mapping *m);

enum hotline_state { HL_RECEIVED, HL_UNMAPPED, HL_RELEASED, HL__STATES };
const char *hotline_state_name(int s);
int hotline_state_parse(const char *s);   /* -1 when unknown */

struct hotline_handoff {
	int64_t id, platform_id, request_id, item_id, unit_id, origin_unit_id;
	const char *platform_code, *platform_name, *ticket, *category, *category_name;
	const char *receipt, *item_code, *item_name, *unit_name;
	int state;
	const char *title, *body, *address;
	bool has_location;
	double lon, lat;
	const char *caller_name_masked, *caller_phone_masked;
	const char *unit_path, *origin_path;   /* for the scope ("" when none) */
	int64_t due_at, received_at, released_at, released_by;
	int64_t created_at, updated_at, version;
};

struct hotline_filter {
	int64_t platform_id, request_id;
	int state;                   /* -1: any */
	const char *ticket;          /* the platform's number, exact; NULL: any */
	int64_t from, to;            /* received in [from, to); 0: open */
	int limit;
	int64_t cursor;              /* ids below it: newest first */
};

/* POST /api/v1/hotline/handoffs: `authorization` is the request's Authorization header (a
 * platform's bearer token), `key` its Idempotency-Key (NULL: none); body {ticket, category,
 * category_name?, title?, text, address?, lat?, lng?, caller_name?, caller_phone?, due_at?}.
 * *status: 201 a new request, 202 queued (no mapping), 200 a repeat (the first hand-off). */
int hotline_handoff_submit(struct ctx *cx, const char *authorization, const char *key,
			   json_t *body, struct hotline_handoff *out, int *status);
int hotline_handoff_get(struct ctx *cx, int64_t id, struct hotline_handoff *out);
int hotline_handoffs_list(struct ctx *cx, const struct hotline_filter *f,
			  struct hotline_handoff **items, size_t *n, int64_t *next_cursor);
/* hotline.manage: a queued hand-off into a request, {version, item_id?}: with item_id its
 * category is mapped to that item (for later hand-offs too), else its mapping must exist. */
int hotline_handoff_release(struct ctx *cx, int64_t id, json_t *body, struct hotline_handoff *out);
json_t *hotline_handoff_json(const struct hotline_handoff *h);

/* For the outbox, without an access check: the hand-off a request came by (1, 0 when it came
 * by none, -1), and a platform's signing secret opened (on the arena; NULL, logged, when it
 * does not open). */
struct hotline_link {
	int64_t handoff_id, platform_id, request_id;
	const char *ticket, *callback_url;
	bool active;
};
int hotline_link_of_request(struct ctx *cx, int64_t request_id, struct hotline_link *out);
const char *hotline_platform_secret(struct ctx *cx, int64_t platform_id);

void hotline_api_register(void);
int hotline_demo(struct ctx *cx);

#endif
