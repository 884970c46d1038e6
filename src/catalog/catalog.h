/* catalog: the service catalog (便民服务清单, 民生事务一本通): the matters a resident can bring,
 * in categories, each with its materials, its handling modes (即办 on the spot, 代办 on the
 * resident's behalf, 陪办 accompanied, 上门办 at home, 远程代办 remotely), the unit that handles
 * it by default, its time limit in working days or working hours (with a shorter one for the
 * green channel and one for urgent matters), whether it is public, and an optional schedule of
 * appointment slots.
 *
 *   - Who: every worker reads the catalog (catalog.read); administrators keep the categories,
 *     which are the deployment's; staff keep the items of the units in their scope
 *     (catalog.write), administrators every item, those of the whole deployment included.
 *   - Scope: an item belongs to a unit's catalog (or the deployment's) and holds in every unit
 *     below it: a street's items are its communities' too. A worker reads the items of their
 *     units, of the units above and below them, and the deployment's; any other is 404.
 *   - The handbook: the public, active items that hold in a unit, read without logging in.
 *   - Items are retired (active false), never deleted: requests keep pointing at them. */
#ifndef LINLI_CATALOG_H
#define LINLI_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

enum catalog_mode {
	CATALOG_ON_THE_SPOT, CATALOG_ON_BEHALF, CATALOG_ACCOMPANIED, CATALOG_AT_HOME,
	CATALOG_REMOTE, CATALOG_MODES
};
/* "on_the_spot", ...; NULL out of range. */
const char *catalog_mode_name(int mode);

/* The priorities a time limit is chosen by. */
enum catalog_priority { CATALOG_NORMAL, CATALOG_GREEN, CATALOG_URGENT };
/* An urgent matter's limit when its item sets none: the same day (立刻办). */
#define CATALOG_URGENT_HOURS_DEFAULT 4

struct catalog_category {
	int64_t id;
	const char *code, *name, *description;
	int64_t sort;
	bool active;
	int64_t items;            /* active items in it that the caller reads (lists only) */
	int64_t created_at, updated_at, version;
};

#define CATALOG_MAX_SLOTS 28
struct catalog_slot {
	int weekday;              /* 1 Monday .. 7 Sunday */
	int start, end;           /* minutes of the day */
	int capacity;             /* appointments a slot takes */
};

struct catalog_item {
	int64_t id, category_id, owner_unit_id, handler_unit_id;
	const char *code, *name, *description;
	const char *category_code, *category_name;
	const char *owner_name, *handler_name;   /* "" when none */
	const char *owner_path;                  /* NULL: the deployment's */
	const char **materials;                  /* 所需材料, on cx's arena */
	size_t nmaterials;
	unsigned modes;                          /* bits of enum catalog_mode */
	bool by_hours;                           /* limit_unit working_hours (else working_days) */
	int64_t limit_value, green_limit_value;  /* green 0: half the limit, rounded up */
	int64_t urgent_limit_hours;              /* 0: CATALOG_URGENT_HOURS_DEFAULT */
	const char *basis, *location, *phone, *fee;
	struct catalog_slot *slots;
	size_t nslots;
	bool public_, active;
	int64_t sort, created_at, updated_at, version;
};

struct catalog_item_filter {
	int64_t category_id;
	int64_t unit_id;          /* only the items that hold in this unit (its own and above) */
	const char *q;            /* a part of the name or the code */
	int active;               /* -1 any, 0 retired, 1 active (default) */
	int public_;              /* -1 any, 0 internal, 1 public */
	int limit;
	int64_t cursor;           /* the page after this id, in (category, sort, id) order */
};

/* Categories: every one (the lists are short); POST {code, name, description?, sort?}
 * and PATCH {version, name?, description?, sort?, active?} for administrators. */
int catalog_categories_list(struct ctx *cx, bool include_retired, struct catalog_category **items,
			    size_t *n);
int catalog_category_create(struct ctx *cx, json_t *body, struct catalog_category *out);
int catalog_category_update(struct ctx *cx, int64_t id, json_t *patch, struct catalog_category *out);
json_t *catalog_category_json(const struct catalog_category *c);

/* Items. POST {code?, category_id, owner_unit_id?, name, description?, materials?, modes,
 * handler_unit_id?, limit_unit, limit_value, green_limit_value?, urgent_limit_hours?, basis?,
 * location?, phone?, fee?, slots?, public?, sort?}: catalog_item.create (the code, when not
 * given, is the category's code and the item's id). PATCH {version, ...}: catalog_item.update. */
int catalog_item_create(struct ctx *cx, json_t *body, struct catalog_item *out);
int catalog_item_update(struct ctx *cx, int64_t id, json_t *patch, struct catalog_item *out);
/* 404 when missing or outside what the caller reads. */
int catalog_item_get(struct ctx *cx, int64_t id, struct catalog_item *out);
int catalog_items_list(struct ctx *cx, const struct catalog_item_filter *f,
		       struct catalog_item **items, size_t *n, int64_t *next_cursor);
json_t *catalog_item_json(struct ctx *cx, const struct catalog_item *it);

/* For other features (requests): an item without an access check: 1 found, 0 not, -1 error.
 * Whether it holds in a unit (its owner is the unit, one above it, or none). The item's time
 * limit at a priority: *hours true when in working hours; the value. */
int catalog_item_by_id(struct ctx *cx, int64_t id, struct catalog_item *out);
bool catalog_item_holds_in(const struct catalog_item *it, const char *unit_path);
void catalog_item_limit(const struct catalog_item *it, enum catalog_priority p, bool *hours,
			int64_t *value);

/* For other features, without an access check: the item of a code (1, 0, -1); every public,
 * active item of an active category, whatever unit's (at most CATALOG_PUBLIC_MAX), by category
 * and item order. */
#define CATALOG_PUBLIC_MAX 2000
int catalog_item_by_code(struct ctx *cx, const char *code, struct catalog_item *out);
int catalog_public_items(struct ctx *cx, struct catalog_item **items, size_t *n);

/* The handbook (no login): the public, active items that hold in the unit (0: only the
 * deployment's), by category: {unit, categories: [{code, name, items: [...]}]}; 404 for a unit
 * that is missing or closed. The units a resident picks from: open streets and communities. */
int catalog_handbook(struct ctx *cx, int64_t unit_id, json_t **out);
int catalog_public_units(struct ctx *cx, json_t **out);

void catalog_api_register(void);
int catalog_demo(struct ctx *cx);

#endif
