#include "base/limits.h"

#include <string.h>

#define MAX_TABLES 64
static const struct limit *tables[MAX_TABLES];
static int ntables;

static const struct limit *find(const char *key)
{
	for (int t = 0; t < ntables; t++)
		for (const struct limit *l = tables[t]; l->key; l++)
			if (strcmp(l->key, key) == 0)
				return l;
	return NULL;
}

int limits_add(const struct limit *table)
{
	if (ntables == MAX_TABLES)
		return -1;
	for (const struct limit *l = table; l->key; l++) {
		if (find(l->key) || l->min > l->max)
			return -1;
		for (const struct limit *o = table; o < l; o++)
			if (strcmp(o->key, l->key) == 0)
				return -1;
	}
	tables[ntables++] = table;
	return 0;
}

json_t *limits_json(void)
{
	json_t *o = json_object();
	for (int t = 0; t < ntables; t++) {
		for (const struct limit *l = tables[t]; l->key; l++) {
			json_t *v = json_pack("{s:s, s:I, s:I}", "type",
					      l->type == LIMIT_STRING ? "string" : "integer", "min",
					      (json_int_t)l->min, "max", (json_int_t)l->max);
			if (l->pattern)
				json_object_set_new(v, "pattern", json_string(l->pattern));
			json_object_set_new(o, l->key, v);
		}
	}
	return o;
}
