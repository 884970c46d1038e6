/* The bounds of the catalog's fields (base/limits.h): the one place their numbers are written. */
#ifndef LINLI_CATALOG_LIMITS_H
#define LINLI_CATALOG_LIMITS_H

#include "base/limits.h"

enum catalog_limit {
	L_CAT_CODE, L_CAT_NAME, L_CAT_DESCRIPTION, L_CAT_SORT,
	L_ITEM_CODE, L_ITEM_NAME, L_ITEM_DESCRIPTION, L_ITEM_MATERIAL, L_ITEM_MATERIALS,
	L_ITEM_DAYS, L_ITEM_HOURS, L_ITEM_URGENT_HOURS, L_ITEM_BASIS, L_ITEM_LOCATION,
	L_ITEM_PHONE, L_ITEM_FEE, L_ITEM_SLOTS, L_ITEM_SLOT_CAPACITY, L_ITEM_SORT,
	L_CATALOG__COUNT
};

/* Indexed by enum catalog_limit, ended by {NULL}. */
extern const struct limit catalog_limits[];

#endif
