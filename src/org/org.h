/* org: the tree of org units (street → community → compound / grid → micro-grid) that scopes
 * what each user may see, the places in it (building → entrance → dwelling), and the point
 * look-up that finds a grid from a position.
 *
 * Codes follow DB11/T 2157 (org/code.c): a street is a 6-digit GB/T 2260 division code and a
 * 3-digit street number; a community, a grid and a micro-grid each add 3 digits to their
 * parent's code; a compound adds "C" and 3 digits to its community's. Units close rather than
 * vanish, and a closed unit takes nothing new. */
#ifndef LINLI_ORG_H
#define LINLI_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct org_unit {
	int64_t id, parent_id;
	const char *code, *name, *kind, *path;
	int64_t closed_at;       /* 0: open */
	int64_t version;
	bool has_geometry;
	const char *geometry;    /* canonical GeoJSON text, only when asked for; else NULL */
	/* The street, community and grid it lies in (its own id when it is one; 0: none above
	 * it): what a feature keeps beside a unit on its rows to read a community's or a grid's
	 * rows in id order (ORG_ANCHOR_* below, and access_anchor()). */
	int64_t anchor[3];
};
/* The indexes of org_unit.anchor, in the order of the columns street_id, community_id,
 * grid_id that org_units and the features' tables keep. */
enum { ORG_ANCHOR_STREET, ORG_ANCHOR_COMMUNITY, ORG_ANCHOR_GRID, ORG_ANCHORS };
/* The anchors of a unit of `kind` with id `id` under `parent` (NULL: a root). */
void org_anchors_of(const struct org_unit *parent, const char *kind, int64_t id,
		    int64_t anchor[ORG_ANCHORS]);

/* street, community, compound, grid, microgrid (building: release 0.1.0's, no longer made) */
int org_kind_valid(const char *kind);
/* Whether a unit of `kind` may hang under a unit of `parent_kind` (NULL: a root). */
bool org_kind_fits(const char *kind, const char *parent_kind);
/* 0 when `code` suits a unit of `kind` under `parent` (NULL: a root); else -1 with a field
 * error on `field` (org/code.c). */
int org_code_check(struct err *e, const char *field, const char *kind, const char *code,
		   const struct org_unit *parent);
/* The code a unit moved under `parent` takes when none is given: its own last three digits
 * after the parent's code (NULL when the codes are not in the standard form: keep the old). */
const char *org_code_moved(struct arena *a, const struct org_unit *u,
			   const struct org_unit *parent);

/* The ids on a materialised path ("/1/4/9/" → 1, 4, 9: the unit's own last, every unit above
 * it before), at most max: how many, 0 when the path is not of that form or deeper than max. */
size_t org_path_ids(const char *path, int64_t *ids, size_t max);

/* Look-ups without an access check, for the rules of other modules. 1 found, 0 not, -1 error. */
int org_unit_by_code(struct ctx *cx, const char *code, struct org_unit *out);
int org_unit_by_id(struct ctx *cx, int64_t id, struct org_unit *out);
/* The units a user is assigned to. */
int org_units_of_user(struct ctx *cx, int64_t user_id, struct org_unit **items, size_t *n);

struct org_unit_filter {
	bool include_closed;
	int64_t parent_id;       /* 0: any; else only its direct children */
	const char *kind;        /* NULL: any */
};
/* Units within the actor's scope, ordered by path, at most 5,000. */
int org_units_list(struct ctx *cx, const struct org_unit_filter *f, struct org_unit **items,
		   size_t *n);
/* One unit with its geometry: 404 when missing or outside the actor's scope. */
int org_unit_get(struct ctx *cx, int64_t id, struct org_unit *out);

struct org_unit_in {
	const char *code, *name, *kind;
	int64_t parent_id;       /* 0: a root */
	json_t *geometry;        /* NULL: none */
};
/* Create, audited as unit.create. Needs units.write within the parent's scope. */
int org_unit_create(struct ctx *cx, const struct org_unit_in *in, struct org_unit *out);
/* The command line's form: the parent by its code. */
int org_unit_add(struct ctx *cx, const char *code, const char *name, const char *kind,
		 const char *parent_code, struct org_unit *out);
/* PATCH {version, name?, code?, geometry? (null removes it)}: unit.update. A new code gives
 * the units below it the new prefix too. */
int org_unit_update(struct ctx *cx, int64_t id, json_t *patch, struct org_unit *out);
/* Under another parent ({version, parent_id, code?}), every path and code below it in the same
 * transaction: unit.move. Never under itself or a unit below it, never under a closed unit. */
int org_unit_move(struct ctx *cx, int64_t id, json_t *body, struct org_unit *out);
/* Close ({version}): refused while open units, places or anything another feature keeps
 * (struct feature's unit_uses) still hang on it: unit.close. Reopen: unit.reopen. */
int org_unit_close(struct ctx *cx, int64_t id, json_t *body, bool close, struct org_unit *out);

/* The deepest open grid or micro-grid whose area holds the point, within the actor's scope:
 * 1 found, 0 none, -1 error. Without an access check when `scoped` is false (intake
 * channels that place a report before anyone is known). */
int org_locate(struct ctx *cx, double lon, double lat, bool scoped, struct org_unit *out);

json_t *org_unit_json(const struct org_unit *u);

/* Places: buildings (楼栋) in a compound, grid or micro-grid, entrances (单元) in a building,
 * dwellings (房屋) in an entrance or straight in a building. */
struct org_place {
	int64_t id, unit_id, parent_id;
	const char *kind, *name;
	const char *address;     /* building · entrance · dwelling names joined: "3栋2单元501" */
	int64_t closed_at, version;
};
struct org_place_filter {
	int64_t unit_id, parent_id;   /* parent_id 0: the unit's buildings */
	bool every_level;             /* every place of the unit, parent_id aside */
	bool include_closed;
	int limit;
	int64_t cursor;
};
int org_places_list(struct ctx *cx, const struct org_place_filter *f, struct org_place **items,
		    size_t *n, int64_t *next_cursor);
/* Without an access check, for other features: 1 found, 0 not, -1 error. */
int org_place_by_id(struct ctx *cx, int64_t id, struct org_place *out);
/* With the access check: 404 outside the actor's scope. */
int org_place_get(struct ctx *cx, int64_t id, struct org_place *out, struct org_unit *unit);
/* POST {unit_id, parent_id?, kind, name}: place.create. */
int org_place_create(struct ctx *cx, json_t *body, struct org_place *out);
/* PATCH {version, name}: place.update; close / reopen {version}: place.close, place.reopen. */
int org_place_update(struct ctx *cx, int64_t id, json_t *patch, struct org_place *out);
int org_place_close(struct ctx *cx, int64_t id, json_t *body, bool close, struct org_place *out);
json_t *org_place_json(const struct org_place *p);

/* Demo data at scale (org/bulk.c): a unit under parent (NULL: a root), or a place, written in
 * the caller's open transaction without the checks of the calls above and without an audit
 * entry (the caller records one for the whole). On failure the transaction is rolled back:
 * -1, or 0 for the place, with cx->err set. */
int org_bulk_unit(struct ctx *cx, const struct org_unit *parent, const char *code,
		  const char *name, const char *kind, struct org_unit *out);
int64_t org_bulk_place(struct ctx *cx, int64_t unit_id, int64_t parent_id, const char *kind,
		       const char *name);

void org_api_register(void);

#endif
