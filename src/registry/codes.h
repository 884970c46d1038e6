/* codes: the fixed code lists of the registry, as data: each entry a stable code (what is
 * stored and sent), its names in Chinese and English, where a national standard numbers it
 * that number, and whether the value is sensitive personal information (PIPL: disability,
 * health, minimum income and minors). The resident tags here are only the defaults an
 * administrator's list starts with. */
#ifndef LINLI_CODES_H
#define LINLI_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum code_list {
	CODES_ETHNICITY = 0,   /* "ethnicity": the 56 groups of GB/T 3304 (01..56), 97 and 98 */
	CODES_POPULATION,      /* "population_type": registered, resident, floating, foreign */
	CODES_RELATION,        /* "relation": a member's relation to the head of household */
	CODES_STATUS,          /* "resident_status": living, moved_out, deceased */
	CODES_SEX,             /* "sex": male, female (GB/T 2261.1: 1, 2) */
	CODES_TAG,             /* "tag": the default resident tags */
	CODES__COUNT
};

struct code_entry {
	const char *code;    /* "01", "registered", "head", "disability" */
	const char *zh, *en;
	const char *std;     /* GB/T 3304 letter code ("HA"), GB/T 2261.1 number ("1"), or NULL */
	bool sensitive;
};

/* The list's name ("ethnicity"), for label keys such as "ethnicity:01"; NULL when l is not a
 * list. */
const char *codes_list_name(enum code_list l);
/* Every entry of a list, in its order; *n receives the count (0 and NULL for no list). */
const struct code_entry *codes_all(enum code_list l, size_t *n);
/* The entry of a code; NULL when there is none. */
const struct code_entry *codes_find(enum code_list l, const char *code);
/* The entry whose code or name s is: the Chinese name, the English name in any case, and for
 * an ethnic group its name without 族 (汉, 蒙古) or its letter code (HA), as imports have them.
 * NULL when none matches. */
const struct code_entry *codes_lookup(enum code_list l, const char *s);
/* The name of a code in lang; NULL when there is none. */
const char *codes_name(enum code_list l, const char *code, enum lang lang);
/* True if the code is in the list and marked sensitive. */
bool codes_sensitive(enum code_list l, const char *code);

#endif
