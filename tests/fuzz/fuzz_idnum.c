/* fuzz_idnum: what the registry does with an ID number, a phone number or a name that a person
 * typed or an import file held. The input is any bytes (one field's value).
 *
 * Invariants checked (any violation aborts):
 *  - idnum_parse, for every type, accepts its own normalised output and gives it back
 *    unchanged; an accepted resident ID is 18 characters with its GB 11643 check character, a
 *    birth date that is a real day from 1880-01-01 to today, the sex of its 17th digit and its
 *    first six digits as the division; idnum_make of what was parsed gives the same number;
 *  - phone_parse accepts its own normalised output unchanged; a mobile is 11 digits 1[3-9], a
 *    landline is its area, local number and extension joined by '-';
 *  - the masks write within their buffer for every size, a cut output is a prefix of the
 *    whole, never more bytes than the input, valid UTF-8 in gives valid UTF-8 out with as many
 *    characters, and a masked resident ID shows exactly its first 3 and last 4. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"
#include "base/text.h"
#include "registry/idnum.h"
#include "registry/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_idnum: invariant failed at line %d: %s\n", \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

#define TODAY 20261122

static void check_idnum(const char *s)
{
	for (int t = IDNUM_RESIDENT; t <= IDNUM_OTHER; t++) {
		struct idnum r, again;
		if (idnum_parse((enum idnum_type)t, s, TODAY, &r) != IDNUM_OK)
			continue;
		CHECK(r.type == (enum idnum_type)t);
		CHECK(strlen(r.number) < IDNUM_MAX);
		CHECK(idnum_parse((enum idnum_type)t, r.number, TODAY, &again) == IDNUM_OK);
		CHECK(again.type == r.type && strcmp(again.number, r.number) == 0 &&
		      again.birth == r.birth && again.sex == r.sex &&
		      strcmp(again.division, r.division) == 0);
		if (t != IDNUM_RESIDENT) {
			CHECK(r.birth == 0 && r.sex == IDNUM_SEX_UNKNOWN && !r.division[0]);
			continue;
		}
		CHECK(strlen(r.number) == IDNUM_RESIDENT_LEN);
		CHECK(idnum_check_char(r.number) == r.number[17]);
		CHECK(idnum_date_valid(r.birth) && r.birth >= 18800101 && r.birth <= TODAY);
		CHECK(r.sex == ((r.number[16] - '0') % 2 ? IDNUM_SEX_MALE : IDNUM_SEX_FEMALE));
		CHECK(memcmp(r.division, r.number, 6) == 0 && strlen(r.division) == 6);
		int seq = (r.number[14] - '0') * 100 + (r.number[15] - '0') * 10 +
			  (r.number[16] - '0');
		char made[IDNUM_RESIDENT_LEN + 1];
		CHECK(idnum_make(r.division, r.birth, seq / 2, r.sex, made) == 0);
		CHECK(strcmp(made, r.number) == 0);
		char m[IDNUM_RESIDENT_LEN + 1];
		mask_idnum_buf(r.number, m, sizeof m);
		CHECK(strlen(m) == IDNUM_RESIDENT_LEN);
		CHECK(memcmp(m, r.number, 3) == 0 && memcmp(m + 14, r.number + 14, 4) == 0);
		CHECK(strspn(m + 3, "*") == 11);
		CHECK(idnum_age(r.birth, TODAY) >= 0);
	}
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void check_phone(const char *s)
{
	struct phone p, again;
	if (phone_parse(s, &p) != PHONE_OK)
		return;
	CHECK(phone_parse(p.number, &again) == PHONE_OK);
	CHECK(again.kind == p.kind && strcmp(again.number, p.number) == 0 &&
	      strcmp(again.area, p.area) == 0 && strcmp(again.local, p.local) == 0 &&
	      strcmp(again.ext, p.ext) == 0);
	if (p.kind == PHONE_MOBILE) {
		CHECK(strlen(p.number) == PHONE_MOBILE_LEN && all_digits(p.number));
		CHECK(p.number[0] == '1' && p.number[1] >= '3' && p.number[1] <= '9');
		CHECK(!p.area[0] && !p.local[0] && !p.ext[0]);
		return;
	}
	CHECK(p.kind == PHONE_LANDLINE);
	CHECK(all_digits(p.area) && p.area[0] == '0' && all_digits(p.local));
	CHECK(strlen(p.local) >= 7 && strlen(p.local) <= 8);
	CHECK(!p.ext[0] || all_digits(p.ext));
	char joined[PHONE_MAX + 8];
	snprintf(joined, sizeof joined, "%s-%s%s%s", p.area, p.local, p.ext[0] ? "-" : "", p.ext);
	CHECK(strcmp(joined, p.number) == 0);
}

static void check_mask(char *(*fn)(const char *, char *, size_t), const char *s, size_t len)
{
	char *full = malloc(len + 1);
	fn(s, full, len + 1);
	size_t fl = strlen(full);
	CHECK(fl <= len);
	if (utf8_valid(s, len)) {
		CHECK(utf8_valid(full, fl));
		CHECK(utf8_count(full) == utf8_count(s));
	}
	for (size_t n = 1; n <= len; n += 1 + n / 3) {
		char *small = malloc(n);   /* exactly n bytes: ASan sees a write past them */
		fn(s, small, n);
		size_t sl = strlen(small);
		CHECK(sl < n);
		CHECK(strncmp(small, full, sl) == 0);
		free(small);
	}
	free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';   /* as a field's value: up to the first NUL */
	size_t len = strlen(s);

	check_idnum(s);
	check_phone(s);
	check_mask(mask_idnum_buf, s, len);
	check_mask(mask_phone_buf, s, len);
	check_mask(mask_name_buf, s, len);
	free(s);
	return 0;
}
