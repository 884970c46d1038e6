/* The bounds of the calendar's fields (feature.c has the table). */
#ifndef LINLI_CALENDAR_LIMITS_H
#define LINLI_CALENDAR_LIMITS_H

#include "base/limits.h"

enum { L_CALENDAR_NAME, L_CALENDAR_DAYS, L_CALENDAR_HOURS, L_CALENDAR__COUNT };
extern const struct limit calendar_limits[];

#endif
