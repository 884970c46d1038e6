/* The bounds of the points feature's fields (base/limits.h): the one place their numbers are
 * written. */
#ifndef LINLI_POINTS_LIMITS_H
#define LINLI_POINTS_LIMITS_H

#include "base/limits.h"

enum points_limit {
	L_PT_REASON, L_PT_AMOUNT, L_PT_MINUTES, L_PT_RULE_ACTIVITY, L_PT_RULE_NAME, L_PT_RULE_RATE,
	L_PT_RULE_BONUS, L_PT_RULE_CAP, L_PT_PICKUP_DAYS, L_PT_OVERDRAFT,
	L_GOODS_NAME, L_GOODS_DESCRIPTION, L_GOODS_PRICE, L_GOODS_STOCK, L_GOODS_DONOR,
	L_REDEEM_QUANTITY, L_TB_TITLE, L_TB_DESCRIPTION, L_TB_MINUTES, L_TB_NOTE,
	L_POINTS__COUNT
};

/* Indexed by enum points_limit, ended by {NULL}. */
extern const struct limit points_limits[];

#endif
