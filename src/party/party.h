/* party: the five-level party service tree (社区党委/党总支 → 小区党支部 → 楼院党小组 → 党员中心户
 * → 党员先锋岗), the party members at its nodes and the key households each member looks after
 * (联系户, one to five).
 *
 * Each node is attached to an org unit, which is its scope: a committee to a street or a
 * community, a branch to a compound or grid of its committee's unit, the levels below to a
 * compound, grid or micro-grid within their parent's. A node hangs only under a node of the
 * level above it. Readers with party.read see the nodes in their scope; anyone sees the nodes
 * they serve at and the households linked to them, scope or not. */
#ifndef LINLI_PARTY_H
#define LINLI_PARTY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct party_unit {
	int64_t id, parent_id, unit_id;
	const char *level, *name, *path;
	const char *unit_name, *unit_path;   /* of the org unit it is attached to */
	int64_t members;                      /* members serving there now */
	int64_t closed_at, version;
};

/* committee, branch, group, centre_household, vanguard_post: its depth (1-5), 0 unknown. */
int party_level_depth(const char *level);

/* Without an access check, for other features: 1 found, 0 not, -1 error. */
int party_unit_by_id(struct ctx *cx, int64_t id, struct party_unit *out);

struct party_unit_filter {
	bool include_closed;
	int64_t parent_id;      /* 0: any */
};
/* The nodes in the actor's scope and those they serve at, ordered by path (a tree's order),
 * at most 5,000. Needs party.read. */
int party_units_list(struct ctx *cx, const struct party_unit_filter *f, struct party_unit **items,
		     size_t *n);
/* One node: 404 when missing, or outside the actor's scope and not one they serve at. */
int party_unit_get(struct ctx *cx, int64_t id, struct party_unit *out);
/* POST {parent_id?, level, name, unit_id}: party_unit.create. */
int party_unit_create(struct ctx *cx, json_t *body, struct party_unit *out);
/* PATCH {version, name}: party_unit.update. */
int party_unit_update(struct ctx *cx, int64_t id, json_t *patch, struct party_unit *out);
/* {version, parent_id}: under another node of the level above whose unit holds its unit, its
 * subtree's paths rewritten in the same transaction: party_unit.move. */
int party_unit_move(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out);
/* {version}: refused while open nodes or serving members hang on it: party_unit.close. */
int party_unit_close(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out);
/* POST …/reopen {version}: a closed node back, under an open parent on an open org unit
 * (409 naming parent_id or unit_id otherwise): party_unit.reopen. */
int party_unit_reopen(struct ctx *cx, int64_t id, json_t *body, struct party_unit *out);
json_t *party_unit_json(const struct party_unit *u);

struct party_link {
	int64_t id, member_id, household_id;
	int since, until;                     /* YYYYMMDD; until 0 while open */
	int64_t version;
	json_t *household;                    /* the registry's masked JSON, or NULL when the
						 reader may not see it (owned) */
};

struct party_member {
	int64_t id, party_unit_id, user_id, resident_id;
	const char *name, *role;
	int since, until;
	int64_t version;
	struct party_link *links;
	size_t nlinks;
};

struct party_member_filter {
	int64_t party_unit_id;
	bool include_ended;
	int limit;
	int64_t cursor;
};
/* The members of a node with their links, paged by id. A reader with party.read in the node's
 * scope sees every member; someone who serves there only themselves. */
int party_members_list(struct ctx *cx, const struct party_member_filter *f,
		       struct party_member **items, size_t *n, int64_t *next_cursor);
int party_member_get(struct ctx *cx, int64_t id, struct party_member *out);
/* POST {user_id?, resident_id?, role, since?, household_ids?}: party_member.add (and
 * party_link.add for each household). */
int party_member_add(struct ctx *cx, int64_t party_unit_id, json_t *body, struct party_member *out);
/* {version, until?}: the member and their open links end: party_member.end. */
int party_member_end(struct ctx *cx, int64_t id, json_t *body, struct party_member *out);
/* {household_id, since?}: party_link.add; at most five open per member. */
int party_link_add(struct ctx *cx, int64_t member_id, json_t *body, struct party_member *out);
/* {version, until?}: party_link.end. */
int party_link_end(struct ctx *cx, int64_t link_id, json_t *body, struct party_member *out);

/* The households linked to the actor through the nodes they serve at, scope or not, each with
 * its node: [{link, member_id, role, party_unit: {id, name, level}, household}]. */
int party_my_households(struct ctx *cx, json_t **out);

json_t *party_member_json(const struct party_member *m);
/* Drop the household JSON a member's links hold. */
void party_member_release(struct party_member *m);

void party_api_register(void);

#endif
