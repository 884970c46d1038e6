/* open311: Open311 GeoReport v2 at /open311/v2/, one more channel of the one request loop. Outside
 * apps read the service list (the catalog's public items) and each service's definition (its
 * attributes), submit requests with a user's API token as api_key, and read back the requests'
 * public state; a request they submit is a linli request of the channel "open311" that staff
 * handle in the console like any other.
 *
 *   - Who: anyone reads (no api_key); a POST needs the API token of a user with requests.write
 *     (403 without one, or with one revoked); each key at most open311_rate a minute.
 *   - Attributes: kept by administrators, and by staff for the items they keep (catalog.write);
 *     read by every worker who reads the item.
 *   - Privacy: the submitter's name and phone go where intake keeps them (the phone sealed), the
 *     email and device id are sealed here; none of them, nor any requester's, is in an answer.
 *     Only requests of public items are listed, petitions never; the texts and addresses of
 *     those that came by other channels are not shown, and every location is rounded to three
 *     decimals (about 100 m). */
#ifndef LINLI_OPEN311_H
#define LINLI_OPEN311_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum open311_datatype {
	O311_STRING, O311_NUMBER, O311_DATETIME, O311_TEXT, O311_SINGLE, O311_MULTI, O311__TYPES
};
const char *open311_datatype_name(int t);

struct open311_attribute {
	int64_t id, item_id;
	const char *code, *datatype_description, *description;
	int datatype;
	bool variable, required;
	int64_t order;
	const char *values;          /* JSON text: [{key, name}] */
	int64_t created_at, updated_at, version;
};

/* The attributes of an item, in their order, without an access check. */
int open311_attributes_of(struct ctx *cx, int64_t item_id, struct open311_attribute **items,
			  size_t *n);
/* The same for a worker who reads the item (catalog.read; 404 else). */
int open311_attributes_list(struct ctx *cx, int64_t item_id, struct open311_attribute **items,
			    size_t *n);
/* POST {item_id, code, datatype, variable?, required?, datatype_description?, order?,
 * description?, values?}; PATCH {version, datatype?, variable?, required?, datatype_description?,
 * order?, description?, values?}; DELETE with ?version=. Audited as open311_attribute.*. */
int open311_attribute_create(struct ctx *cx, json_t *body, struct open311_attribute *out);
int open311_attribute_update(struct ctx *cx, int64_t id, json_t *patch,
			     struct open311_attribute *out);
int open311_attribute_delete(struct ctx *cx, int64_t id, int64_t version);
json_t *open311_attribute_json(const struct open311_attribute *a);

/* Each key's requests a minute (0: no limit), in this process. */
void open311_set_rate(unsigned per_minute);

void open311_api_register(void);
int open311_demo(struct ctx *cx);

#endif
