/* The unit kinds, where each may hang, and the code rule (DB11/T 2157 grid codes: a 6-digit
 * GB/T 2260 division code, 3 digits for the street, 3 for the community, 3 for the grid). The
 * micro-grid's 3 more digits and the compound's "C" + 3 digits extend the same pattern.
 * Units made before the rule (release 0.1.0's free-form codes) keep their codes, and the units
 * added under them take a free-form code too. */
#include <string.h>

#include "org/org.h"

static const struct {
	const char *kind, *parent;   /* parent NULL: only a root */
	bool root_too;               /* may also be a root (a community run on its own) */
	size_t len;                  /* the standard code's length */
	const char *infix;           /* between the parent's code and the 3-digit number */
} kinds[] = {
	{"street", NULL, false, 9, ""},
	{"community", "street", true, 12, ""},
	{"compound", "community", false, 16, "C"},
	{"grid", "community", false, 15, ""},
	{"microgrid", "grid", false, 18, ""},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return (int)i;
	return -1;
}

int org_kind_valid(const char *kind) { return kind_index(kind) >= 0; }

void org_anchors_of(const struct org_unit *parent, const char *kind, int64_t id,
		    int64_t anchor[ORG_ANCHORS])
{
	static const char *const anchor_kinds[ORG_ANCHORS] = {"street", "community", "grid"};
	for (int k = 0; k < ORG_ANCHORS; k++)
		anchor[k] = strcmp(kind, anchor_kinds[k]) == 0 ? id : parent ? parent->anchor[k] : 0;
}

bool org_kind_fits(const char *kind, const char *parent_kind)
{
	int k = kind_index(kind);
	if (k < 0)
		return false;
	if (!parent_kind)
		return !kinds[k].parent || kinds[k].root_too;
	return kinds[k].parent && strcmp(parent_kind, kinds[k].parent) == 0;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* GB/T 2260: the province codes in use, and a county-level code never ends in 0000. */
static bool division_code(const char *s)
{
	static const char *const provinces[] = {
		"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
		"37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
		"63", "64", "65", "71", "81", "82", NULL};
	if (!digits(s, 6) || memcmp(s + 2, "0000", 4) == 0)
		return false;
	for (int i = 0; provinces[i]; i++)
		if (memcmp(s, provinces[i], 2) == 0)
			return true;
	return false;
}

/* A code's standard form for its kind: its length, its parent's code as prefix, the infix,
 * and a 3-digit number that is not 000. */
static bool standard(const char *code, int k)
{
	return code && strlen(code) == kinds[k].len;
}

/* Release 0.1.0's codes: letters, digits and '-', 1–32 of them. */
static bool free_form(const char *code)
{
	size_t n = strlen(code);
	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-'))
			return false;
	}
	return true;
}

static bool number3(const char *s) { return digits(s, 3) && memcmp(s, "000", 3) != 0; }

int org_code_check(struct err *e, const char *field, const char *kind, const char *code,
		   const struct org_unit *parent)
{
	int k = kind_index(kind);
	if (k < 0 || !code)
		return err_field(e, field, "invalid", 0);
	if (!parent) {   /* a street, or a community on its own: the division code, 3 digits each */
		size_t len = kinds[k].len;
		if (strlen(code) != len || !digits(code, len))
			return err_field(e, field, k == 0 ? "code_street" : "code_community", 0);
		if (!division_code(code))
			return err_field(e, field, "code_division", 0);
		for (size_t i = 6; i < len; i += 3)
			if (!number3(code + i))
				return err_field(e, field, "code_number", 0);
		return 0;
	}
	int pk = parent ? kind_index(parent->kind) : -1;
	if (pk < 0 || !standard(parent->code, pk) || !digits(parent->code, 6)) {
		/* under a unit with a free-form code */
		return free_form(code) ? 0 : err_field(e, field, "code_free_form", 0);
	}
	size_t plen = strlen(parent->code), ilen = strlen(kinds[k].infix);
	if (strlen(code) != kinds[k].len || strncmp(code, parent->code, plen) != 0 ||
	    strncmp(code + plen, kinds[k].infix, ilen) != 0)
		return err_field(e, field, ilen ? "code_compound" : "code_prefix", 0);
	if (!number3(code + plen + ilen))
		return err_field(e, field, "code_number", 0);
	return 0;
}

const char *org_code_moved(struct arena *a, const struct org_unit *u,
			   const struct org_unit *parent)
{
	int k = kind_index(u->kind), pk = parent ? kind_index(parent->kind) : -1;
	if (k < 0 || pk < 0 || !standard(u->code, k) || !standard(parent->code, pk))
		return NULL;
	return arena_printf(a, "%s%s%s", parent->code, kinds[k].infix,
			    u->code + strlen(u->code) - 3);
}
