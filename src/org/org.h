/* org: the tree of org units (street → community → compound/grid → microgrid) that scopes what
 * each user may see. This foundation holds the tree and its scope paths; the registry adds the
 * rest. */
#ifndef LINLI_ORG_H
#define LINLI_ORG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct org_unit {
	int64_t id, parent_id;
	const char *code, *name, *kind, *path;
};

/* street, community, compound, building, grid, microgrid */
int org_kind_valid(const char *kind);
/* Add a unit under parent_code (NULL for a root). Audited. */
int org_unit_add(struct ctx *cx, const char *code, const char *name, const char *kind,
		 const char *parent_code, struct org_unit *out);
/* Look-ups without an access check, for the rules of other modules. 1 found, 0 not, -1 error. */
int org_unit_by_code(struct ctx *cx, const char *code, struct org_unit *out);
int org_unit_by_id(struct ctx *cx, int64_t id, struct org_unit *out);
/* The units a user is assigned to. */
int org_units_of_user(struct ctx *cx, int64_t user_id, struct org_unit **items, size_t *n);
/* Units within the actor's scope, ordered by path. */
int org_units_list(struct ctx *cx, struct org_unit **items, size_t *n);
json_t *org_unit_json(const struct org_unit *u);
void org_api_register(void);

#endif
