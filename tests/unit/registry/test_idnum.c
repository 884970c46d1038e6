/* Unit tests of the registry's building blocks: ID numbers (GB 11643 and the other documents),
 * phone numbers, and the fixed code lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry/codes.h"
#include "registry/idnum.h"
#include "registry/phone.h"

#define TODAY 20261122

/* d17 (17 digits) with its check character, into out (19 bytes). */
static const char *with_check(const char *d17, char *out)
{
	memcpy(out, d17, 17);
	out[17] = idnum_check_char(d17);
	out[18] = '\0';
	return out;
}

static enum idnum_error resident(const char *s, struct idnum *r)
{
	return idnum_parse(IDNUM_RESIDENT, s, TODAY, r);
}

static void test_resident_valid(void **state)
{
	(void)state;
	struct idnum r;
	assert_int_equal(resident("11010519491231002X", &r), IDNUM_OK);
	assert_int_equal(r.type, IDNUM_RESIDENT);
	assert_string_equal(r.number, "11010519491231002X");
	assert_int_equal(r.birth, 19491231);
	assert_int_equal(r.sex, IDNUM_SEX_FEMALE);   /* 002: even */
	assert_string_equal(r.division, "110105");

	assert_int_equal(resident("440524188001010014", &r), IDNUM_OK);
	assert_int_equal(r.birth, 18800101);         /* the first day allowed */
	assert_int_equal(r.sex, IDNUM_SEX_MALE);     /* 001: odd */
	assert_string_equal(r.division, "440524");

	/* lower-case x, white space and U+3000 around it */
	assert_int_equal(resident("11010519491231002x", &r), IDNUM_OK);
	assert_string_equal(r.number, "11010519491231002X");
	assert_int_equal(resident(" \t11010519491231002X\r\n", &r), IDNUM_OK);
	assert_string_equal(r.number, "11010519491231002X");
	assert_int_equal(resident("\u300011010519491231002X\u3000", &r), IDNUM_OK);
	assert_string_equal(r.number, "11010519491231002X");

	assert_int_equal(idnum_check_char("11010519491231002"), 'X');
	assert_int_equal(idnum_check_char("44052418800101001"), '4');
	assert_int_equal(idnum_check_char("4405241880010100a"), 0);

	/* every province prefix; Hong Kong, Macao and Taiwan too */
	static const char *const prov[] = {"11", "12", "13", "14", "15", "21", "22", "23", "31",
					   "32", "33", "34", "35", "36", "37", "41", "42", "43",
					   "44", "45", "46", "50", "51", "52", "53", "54", "61",
					   "62", "63", "64", "65", "71", "81", "82"};
	char d[18], n[19];
	for (size_t i = 0; i < sizeof prov / sizeof prov[0]; i++) {
		snprintf(d, sizeof d, "%s010219800101123", prov[i]);
		assert_int_equal(resident(with_check(d, n), &r), IDNUM_OK);
	}
	assert_int_equal(sizeof prov / sizeof prov[0], 34);
}

static void test_resident_reasons(void **state)
{
	(void)state;
	struct idnum r = {.birth = 7};
	char n[19];
	/* length */
	assert_int_equal(resident("", &r), IDNUM_LENGTH);
	assert_int_equal(resident("   ", &r), IDNUM_LENGTH);
	assert_int_equal(resident("11010519491231002", &r), IDNUM_LENGTH);
	assert_int_equal(resident("11010519491231002X1", &r), IDNUM_LENGTH);
	assert_int_equal(resident("1101051949 1231002X", &r), IDNUM_LENGTH);
	/* the 15-digit first generation */
	assert_int_equal(resident("110105491231002", &r), IDNUM_LEGACY15);
	assert_int_equal(resident("11010549123100X", &r), IDNUM_LENGTH);
	/* characters */
	assert_int_equal(resident("11010519491231002Y", &r), IDNUM_CHARS);
	assert_int_equal(resident("1101051949123100XX", &r), IDNUM_CHARS);
	assert_int_equal(resident("X10105194912310021", &r), IDNUM_CHARS);
	assert_int_equal(resident("11010519491231002\xef", &r), IDNUM_CHARS);
	/* region: no such province, or the province itself */
	assert_int_equal(resident(with_check("00010519491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("16010519491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("72010519491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("83000019491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("91010519491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("11000019491231002", n), &r), IDNUM_REGION);
	assert_int_equal(resident(with_check("11010019491231002", n), &r), IDNUM_OK);
	/* dates: leap days, impossible days, before 1880 */
	assert_int_equal(resident(with_check("11010520000229001", n), &r), IDNUM_OK);
	assert_int_equal(r.birth, 20000229);
	assert_int_equal(resident(with_check("11010519000229001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519960229001", n), &r), IDNUM_OK);
	assert_int_equal(resident(with_check("11010519970229001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519490231001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519491301001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519490001001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519490100001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010519490431001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010518791231001", n), &r), IDNUM_DATE);
	assert_int_equal(resident(with_check("11010500000101001", n), &r), IDNUM_DATE);
	/* the future, against the today given */
	assert_int_equal(resident(with_check("11010520261122001", n), &r), IDNUM_OK);   /* today */
	assert_int_equal(resident(with_check("11010520261123001", n), &r), IDNUM_FUTURE);
	assert_int_equal(resident(with_check("11010530000101001", n), &r), IDNUM_FUTURE);
	assert_int_equal(idnum_parse(IDNUM_RESIDENT, n, 30000101, &r), IDNUM_OK);
	assert_int_equal(idnum_parse(IDNUM_RESIDENT, "11010519491231002X", 19491230, &r),
			 IDNUM_FUTURE);
	/* the check character */
	assert_int_equal(resident("110105194912310021", &r), IDNUM_CHECK);
	assert_int_equal(resident("440524188001010015", &r), IDNUM_CHECK);
	assert_int_equal(resident("44052418800101001X", &r), IDNUM_CHECK);
	assert_int_equal(resident("11010519491231012X", &r), IDNUM_CHECK);   /* one digit off */
	assert_int_equal(resident("11010519491213002X", &r), IDNUM_CHECK);   /* two swapped */
	/* a refusal leaves *out alone */
	r.birth = 7;
	assert_int_equal(resident("110105194912310021", &r), IDNUM_CHECK);
	assert_int_equal(r.birth, 7);

	/* names and message keys */
	assert_string_equal(idnum_error_name(IDNUM_LENGTH), "length");
	assert_string_equal(idnum_error_name(IDNUM_CHARS), "characters");
	assert_string_equal(idnum_error_name(IDNUM_CHECK), "check");
	assert_string_equal(idnum_error_name(IDNUM_DATE), "date");
	assert_string_equal(idnum_error_name(IDNUM_FUTURE), "future");
	assert_string_equal(idnum_error_name(IDNUM_REGION), "region");
	assert_string_equal(idnum_error_name(IDNUM_LEGACY15), "legacy15");
	assert_string_equal(idnum_error_key(IDNUM_CHECK), "idnum_check");
	assert_null(idnum_error_key(IDNUM_OK));
	assert_null(idnum_error_name((enum idnum_error)99));
	/* every reason has a message row, with both languages */
	static const struct err_msg msgs[] = {IDNUM_ERR_MESSAGES, PHONE_ERR_MESSAGES,
					      {NULL, NULL, NULL}};
	for (int e = IDNUM_LENGTH; e <= IDNUM_TYPE; e++) {
		int found = 0;
		for (const struct err_msg *m = msgs; m->key; m++)
			found += strcmp(m->key, idnum_error_key((enum idnum_error)e)) == 0;
		assert_int_equal(found, 1);
	}
	for (int e = PHONE_LENGTH; e <= PHONE_COUNTRY; e++) {
		int found = 0;
		for (const struct err_msg *m = msgs; m->key; m++)
			found += strcmp(m->key, phone_error_key((enum phone_error)e)) == 0;
		assert_int_equal(found, 1);
	}
	assert_int_equal(sizeof msgs / sizeof msgs[0], 8 + 6 + 1);
}

static void test_other_types(void **state)
{
	(void)state;
	struct idnum r;
	static const struct {
		enum idnum_type t;
		const char *in;
		enum idnum_error e;
		const char *norm;
	} cases[] = {
		{IDNUM_HK_MO_PERMIT, "H12345678", IDNUM_OK, "H12345678"},
		{IDNUM_HK_MO_PERMIT, "m1234567890", IDNUM_OK, "M1234567890"},
		{IDNUM_HK_MO_PERMIT, " M12345678 ", IDNUM_OK, "M12345678"},
		{IDNUM_HK_MO_PERMIT, "H1234567", IDNUM_LENGTH, NULL},
		{IDNUM_HK_MO_PERMIT, "H123456789", IDNUM_LENGTH, NULL},
		{IDNUM_HK_MO_PERMIT, "A12345678", IDNUM_CHARS, NULL},
		{IDNUM_HK_MO_PERMIT, "H1234567A", IDNUM_CHARS, NULL},
		{IDNUM_TW_PERMIT, "12345678", IDNUM_OK, "12345678"},
		{IDNUM_TW_PERMIT, "1234567890", IDNUM_OK, "1234567890"},
		{IDNUM_TW_PERMIT, "1234567", IDNUM_LENGTH, NULL},
		{IDNUM_TW_PERMIT, "123456789", IDNUM_LENGTH, NULL},
		{IDNUM_TW_PERMIT, "1234567A", IDNUM_CHARS, NULL},
		{IDNUM_PASSPORT, "E12345678", IDNUM_OK, "E12345678"},
		{IDNUM_PASSPORT, "ea1234567", IDNUM_OK, "EA1234567"},
		{IDNUM_PASSPORT, "A1234", IDNUM_OK, "A1234"},
		{IDNUM_PASSPORT, "A1234567890123456789", IDNUM_OK, "A1234567890123456789"},
		{IDNUM_PASSPORT, "A123", IDNUM_LENGTH, NULL},
		{IDNUM_PASSPORT, "A12345678901234567890", IDNUM_LENGTH, NULL},
		{IDNUM_PASSPORT, "E1234-678", IDNUM_CHARS, NULL},
		{IDNUM_PASSPORT, "E1234 678", IDNUM_CHARS, NULL},
		{IDNUM_FOREIGN_PERMANENT, "USA110078098201", IDNUM_OK, "USA110078098201"},
		{IDNUM_FOREIGN_PERMANENT, "usa110078098201", IDNUM_OK, "USA110078098201"},
		{IDNUM_FOREIGN_PERMANENT, "911840197801011234", IDNUM_OK, "911840197801011234"},
		{IDNUM_FOREIGN_PERMANENT, "91184019780101123x", IDNUM_OK, "91184019780101123X"},
		{IDNUM_FOREIGN_PERMANENT, "US1110078098201", IDNUM_CHARS, NULL},
		{IDNUM_FOREIGN_PERMANENT, "USA11007809820A", IDNUM_CHARS, NULL},
		{IDNUM_FOREIGN_PERMANENT, "9118401978010112Y4", IDNUM_CHARS, NULL},
		{IDNUM_FOREIGN_PERMANENT, "USA1100780982011", IDNUM_LENGTH, NULL},
		{IDNUM_OTHER, "A-1 23/b", IDNUM_OK, "A-1 23/B"},
		{IDNUM_OTHER, "x", IDNUM_OK, "X"},
		{IDNUM_OTHER, "12345678901234567890123456789012", IDNUM_OK,
		 "12345678901234567890123456789012"},
		{IDNUM_OTHER, "123456789012345678901234567890123", IDNUM_LENGTH, NULL},
		{IDNUM_OTHER, "", IDNUM_LENGTH, NULL},
		{IDNUM_OTHER, "军字第123号", IDNUM_CHARS, NULL},
		{IDNUM_OTHER, "a\x01", IDNUM_CHARS, NULL},
		{IDNUM_OTHER, "a\x7f", IDNUM_CHARS, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&r, 0x55, sizeof r);
		enum idnum_error e = idnum_parse(cases[i].t, cases[i].in, TODAY, &r);
		if (e != cases[i].e)
			fail_msg("%s: %s, not %s", cases[i].in, idnum_error_name(e),
				 idnum_error_name(cases[i].e));
		if (cases[i].norm) {
			assert_string_equal(r.number, cases[i].norm);
			assert_int_equal(r.type, cases[i].t);
			assert_int_equal(r.birth, 0);
			assert_int_equal(r.sex, IDNUM_SEX_UNKNOWN);
			assert_string_equal(r.division, "");
		}
	}
	/* a resident number is no other type's, and the type must be one */
	assert_int_equal(idnum_parse(IDNUM_PASSPORT, "11010519491231002X", TODAY, &r), IDNUM_OK);
	assert_int_equal(idnum_parse(0, "11010519491231002X", TODAY, &r), IDNUM_TYPE);
	assert_int_equal(idnum_parse(IDNUM_PASSPORT, NULL, TODAY, &r), IDNUM_LENGTH);
	assert_int_equal(idnum_parse((enum idnum_type)7, "x", TODAY, &r), IDNUM_TYPE);

	size_t n;
	const struct idnum_type_info *t = idnum_types(&n);
	assert_int_equal(n, 6);
	static const char *const codes[] = {"resident_id", "hk_mo_permit", "tw_permit",
					    "passport", "foreign_permanent", "other"};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(t[i].code, codes[i]);
		assert_int_equal(idnum_type_parse(codes[i]), t[i].type);
		assert_string_equal(idnum_type_code(t[i].type), codes[i]);
		assert_true(strlen(idnum_type_name(t[i].type, LANG_ZH)) > 0);
		assert_true(strlen(idnum_type_name(t[i].type, LANG_EN)) > 0);
	}
	assert_string_equal(idnum_type_name(IDNUM_RESIDENT, LANG_ZH), "居民身份证");
	assert_string_equal(idnum_type_name(IDNUM_HK_MO_PERMIT, LANG_ZH), "港澳居民来往内地通行证");
	assert_string_equal(idnum_type_name(IDNUM_TW_PERMIT, LANG_ZH), "台湾居民来往大陆通行证");
	assert_string_equal(idnum_type_name(IDNUM_FOREIGN_PERMANENT, LANG_ZH),
			    "外国人永久居留身份证");
	assert_string_equal(idnum_type_name(IDNUM_PASSPORT, LANG_EN), "Passport");
	assert_int_equal(idnum_type_parse("Resident_id"), 0);
	assert_int_equal(idnum_type_parse(NULL), 0);
	assert_null(idnum_type_code(0));
	assert_null(idnum_type_name((enum idnum_type)7, LANG_EN));
}

static void test_dates(void **state)
{
	(void)state;
	assert_int_equal(idnum_date_of(0), 19700101);
	assert_int_equal(idnum_date_of(1795315105), 20261122);   /* 2026-11-22T10:38:25+08:00 */
	assert_int_equal(idnum_date_of(1795276800), 20261122);   /* 00:00:00+08:00 */
	assert_int_equal(idnum_date_of(1795276799), 20261121);   /* a second before */
	assert_int_equal(idnum_date_of(-28800), 19700101);       /* 1970-01-01T00:00:00+08:00 */
	assert_int_equal(idnum_date_of(-28801), 19691231);
	assert_int_equal(idnum_date_of(951753600), 20000229);    /* 2000-02-29T00:00:00+08:00 */
	assert_int_equal(idnum_date_of(-2208988800 - 28800), 19000101);
	assert_int_equal(idnum_date_of(-62135625600), 10101);
	assert_int_equal(idnum_date_of(253402271999), 99991231);
	assert_int_equal(idnum_date_of(INT64_MIN), 10101);
	assert_int_equal(idnum_date_of(INT64_MAX), 99991231);

	assert_true(idnum_date_valid(20000229));
	assert_true(idnum_date_valid(20240229));
	assert_false(idnum_date_valid(19000229));
	assert_false(idnum_date_valid(21000229));
	assert_false(idnum_date_valid(20230229));
	assert_false(idnum_date_valid(20231301));
	assert_false(idnum_date_valid(20230100));
	assert_false(idnum_date_valid(0));
	assert_false(idnum_date_valid(-20230101));
	assert_true(idnum_date_valid(99991231));

	assert_int_equal(idnum_age(19491231, TODAY), 76);
	assert_int_equal(idnum_age(19491122, TODAY), 77);        /* the birthday */
	assert_int_equal(idnum_age(19491123, TODAY), 76);        /* a day before it */
	assert_int_equal(idnum_age(20000229, 20010228), 0);
	assert_int_equal(idnum_age(20000229, 20010301), 1);
	assert_int_equal(idnum_age(20000229, 20040229), 4);
	assert_int_equal(idnum_age(TODAY, TODAY), 0);
	assert_int_equal(idnum_age(TODAY + 1, TODAY), -1);
	assert_int_equal(idnum_age(20230229, TODAY), -1);
}

/* A small generator of its own for the round trip (xorshift64). */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_make(void **state)
{
	(void)state;
	char out[IDNUM_RESIDENT_LEN + 1];
	assert_int_equal(idnum_make("110105", 19491231, 1, IDNUM_SEX_FEMALE, out), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idnum_make("440524", 18800101, 0, IDNUM_SEX_MALE, out), 0);
	assert_string_equal(out, "440524188001010014");
	assert_int_equal(idnum_make("110105", 19491231, 499, IDNUM_SEX_MALE, out), 0);
	assert_memory_equal(out + 14, "999", 3);
	assert_int_equal(idnum_make("110105", 19491231, 0, IDNUM_SEX_FEMALE, out), 0);
	assert_memory_equal(out + 14, "000", 3);
	/* refused: the division, the date, the sequence, the sex */
	assert_int_equal(idnum_make("110000", 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(idnum_make("990105", 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("11010", 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("1101055", 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("11010a", 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make(NULL, 19491231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("110105", 18791231, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("110105", 20230229, 1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("110105", 19491231, 500, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("110105", 19491231, -1, IDNUM_SEX_MALE, out), -1);
	assert_int_equal(idnum_make("110105", 19491231, 1, IDNUM_SEX_UNKNOWN, out), -1);

	/* every generated number validates and gives back what made it */
	static const int prov[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
				   42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
				   81, 82};
	uint64_t seed = 0x9E3779B97F4A7C15u;
	int made = 0, x = 0;
	for (int i = 0; i < 20000; i++) {
		char div[7];
		int county = (int)(next(&seed) % 10000);
		if (county == 0)
			county = 1;
		snprintf(div, sizeof div, "%02d%04d", prov[next(&seed) % 34], county);
		int y = 1880 + (int)(next(&seed) % 147), m = 1 + (int)(next(&seed) % 12);
		int d = 1 + (int)(next(&seed) % 31);
		int birth = y * 10000 + m * 100 + d;
		int seq = (int)(next(&seed) % 500);
		enum idnum_sex sex = next(&seed) % 2 ? IDNUM_SEX_MALE : IDNUM_SEX_FEMALE;
		int rc = idnum_make(div, birth, seq, sex, out);
		assert_int_equal(rc, idnum_date_valid(birth) ? 0 : -1);
		if (rc < 0)
			continue;
		made++;
		struct idnum r;
		enum idnum_error e = idnum_parse(IDNUM_RESIDENT, out, 20261231, &r);
		if (e != IDNUM_OK)
			fail_msg("%s from %s %d %d: %s", out, div, birth, seq, idnum_error_name(e));
		assert_string_equal(r.number, out);
		assert_string_equal(r.division, div);
		assert_int_equal(r.birth, birth);
		assert_int_equal(r.sex, sex);
		assert_int_equal((out[14] - '0') * 100 + (out[15] - '0') * 10 + (out[16] - '0'),
				 2 * seq + (sex == IDNUM_SEX_MALE));
		x += out[17] == 'X';
		/* one character changed is caught */
		char bad[IDNUM_RESIDENT_LEN + 1];
		memcpy(bad, out, sizeof bad);
		int at = 14 + (int)(next(&seed) % 3);
		bad[at] = (char)('0' + (bad[at] - '0' + 1) % 10);
		assert_int_equal(idnum_parse(IDNUM_RESIDENT, bad, 20261231, &r), IDNUM_CHECK);
	}
	assert_true(made > 19000);
	assert_true(x > made / 20);   /* the check character X comes about 1 time in 11 */
}

static void test_phone(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum phone_error e;
		const char *norm;
	} cases[] = {
		{"13812345678", PHONE_OK, "13812345678"},
		{" 138 1234 5678 ", PHONE_OK, "13812345678"},
		{"138-1234-5678", PHONE_OK, "13812345678"},
		{"+86 138 1234 5678", PHONE_OK, "13812345678"},
		{"+8613812345678", PHONE_OK, "13812345678"},
		{"008613812345678", PHONE_OK, "13812345678"},
		{"+86-19912345678", PHONE_OK, "19912345678"},
		{"\u300015412345678", PHONE_OK, "15412345678"},
		{"12812345678", PHONE_PREFIX, NULL},
		{"+86 12812345678", PHONE_PREFIX, NULL},
		{"10012345678", PHONE_PREFIX, NULL},
		{"1381234567", PHONE_LENGTH, NULL},
		{"138123456789", PHONE_LENGTH, NULL},
		{"13812345678-1", PHONE_LENGTH, NULL},
		{"13812345678转1", PHONE_EXTENSION, NULL},
		{"13812345678#1", PHONE_EXTENSION, NULL},
		{"", PHONE_LENGTH, NULL},
		{"  ", PHONE_LENGTH, NULL},
		{"--", PHONE_LENGTH, NULL},
		{"1381234567８", PHONE_CHARS, NULL},   /* a full-width digit */
		{"138.1234.5678", PHONE_CHARS, NULL},
		{"tel:13812345678", PHONE_CHARS, NULL},
		{"010-62345678", PHONE_OK, "010-62345678"},
		{"01062345678", PHONE_OK, "010-62345678"},
		{"(010)62345678", PHONE_OK, "010-62345678"},
		{"(010) 6234 5678", PHONE_OK, "010-62345678"},
		{"028-8765432", PHONE_OK, "028-8765432"},
		{"0755-6234567", PHONE_OK, "0755-6234567"},
		{"075562345678", PHONE_OK, "0755-62345678"},
		{"0755-6234-5678", PHONE_OK, "0755-62345678"},
		{"0755-6234567-123", PHONE_OK, "0755-6234567-123"},
		{"010-62345678转123", PHONE_OK, "010-62345678-123"},
		{"010-62345678#99", PHONE_OK, "010-62345678-99"},
		{"010-62345678 ext 5", PHONE_OK, "010-62345678-5"},
		{"010-62345678x123456", PHONE_OK, "010-62345678-123456"},
		{"+86 10 62345678", PHONE_OK, "010-62345678"},
		{"+86-755-62345678", PHONE_OK, "0755-62345678"},
		{"+86 (0)551 6234567", PHONE_OK, "0551-6234567"},
		{"12345678", PHONE_LENGTH, NULL},
		{"010-12345678", PHONE_PREFIX, NULL},   /* local numbers start 2-9 */
		{"23456789", PHONE_AREA, NULL},
		{"2345678", PHONE_AREA, NULL},
		{"0101-2345678", PHONE_AREA, NULL},
		{"075-56234567", PHONE_AREA, NULL},
		{"01-23456789", PHONE_AREA, NULL},
		{"0", PHONE_AREA, NULL},
		{"010", PHONE_LENGTH, NULL},
		{"0755-623456", PHONE_LENGTH, NULL},
		{"010-623456789", PHONE_LENGTH, NULL},
		{"010-02345678", PHONE_PREFIX, NULL},
		{"0755-6234567-6234567", PHONE_EXTENSION, NULL},
		{"010-62345678-1-2", PHONE_EXTENSION, NULL},
		{"010-62345678-12#3", PHONE_EXTENSION, NULL},
		{"010-62345678转", PHONE_EXTENSION, NULL},
		{"010-62345678转12a", PHONE_EXTENSION, NULL},
		{"010-6234567a", PHONE_CHARS, NULL},
		{"+1 202 555 0123", PHONE_COUNTRY, NULL},
		{"0044 20 7946 0000", PHONE_COUNTRY, NULL},
		{"+852 2345 6789", PHONE_COUNTRY, NULL},
		{"13812345678138123456781381234567813812345678138123456781381234567", PHONE_LENGTH,
		 NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct phone p;
		memset(&p, 0x55, sizeof p);
		enum phone_error e = phone_parse(cases[i].in, &p);
		if (e != cases[i].e)
			fail_msg("%s: %s, not %s", cases[i].in, phone_error_name(e),
				 phone_error_name(cases[i].e));
		if (cases[i].norm)
			assert_string_equal(p.number, cases[i].norm);
	}
	struct phone p;
	assert_int_equal(phone_parse("0755-6234567-123", &p), PHONE_OK);
	assert_int_equal(p.kind, PHONE_LANDLINE);
	assert_string_equal(p.area, "0755");
	assert_string_equal(p.local, "6234567");
	assert_string_equal(p.ext, "123");
	assert_int_equal(phone_parse("13812345678", &p), PHONE_OK);
	assert_int_equal(p.kind, PHONE_MOBILE);
	assert_string_equal(p.area, "");
	assert_string_equal(p.local, "");
	assert_string_equal(p.ext, "");
	assert_int_equal(phone_parse(NULL, &p), PHONE_LENGTH);
	assert_string_equal(phone_error_name(PHONE_AREA), "area");
	assert_string_equal(phone_error_key(PHONE_PREFIX), "phone_prefix");
	assert_null(phone_error_key(PHONE_OK));

	/* the demo range: valid mobiles, all 154 */
	char d[PHONE_MOBILE_LEN + 1];
	phone_make_demo(0, d);
	assert_string_equal(d, "15400000000");
	phone_make_demo(123456789, d);
	assert_string_equal(d, "15423456789");
	phone_make_demo(UINT64_MAX, d);
	assert_string_equal(d, "15409551615");
	for (uint64_t n = 0; n < 100000; n += 7) {
		phone_make_demo(n * 1013, d);
		assert_int_equal(phone_parse(d, &p), PHONE_OK);
		assert_int_equal(p.kind, PHONE_MOBILE);
		assert_string_equal(p.number, d);
		assert_true(phone_is_demo(p.number));
	}
	assert_false(phone_is_demo("13812345678"));
	assert_false(phone_is_demo("1541234567"));
	assert_false(phone_is_demo("1541234567a"));
	assert_false(phone_is_demo(NULL));
}

static void test_codes(void **state)
{
	(void)state;
	size_t n;
	const struct code_entry *e = codes_all(CODES_ETHNICITY, &n);
	assert_int_equal(n, 58);
	int groups = 0;
	for (size_t i = 0; i < n; i++) {
		int v = (e[i].code[0] - '0') * 10 + (e[i].code[1] - '0');
		assert_int_equal(strlen(e[i].code), 2);
		if (v >= 1 && v <= 56) {
			assert_int_equal(v, (int)i + 1);   /* 01 to 56 in order, none missing */
			assert_non_null(e[i].std);
			assert_int_equal(strlen(e[i].std), 2);
			groups++;
		}
		assert_false(e[i].sensitive);
	}
	assert_int_equal(groups, 56);
	assert_string_equal(e[55].zh, "基诺族");
	assert_string_equal(e[56].code, "97");
	assert_string_equal(e[56].zh, "其他未识别民族");
	assert_string_equal(e[57].code, "98");
	assert_string_equal(e[57].zh, "外国血统中国籍人士");
	assert_string_equal(codes_name(CODES_ETHNICITY, "01", LANG_ZH), "汉族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "01", LANG_EN), "Han");
	assert_string_equal(codes_name(CODES_ETHNICITY, "04", LANG_ZH), "藏族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "05", LANG_ZH), "维吾尔族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "08", LANG_ZH), "壮族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "10", LANG_ZH), "朝鲜族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "11", LANG_ZH), "满族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "22", LANG_ZH), "畲族");
	assert_string_equal(codes_name(CODES_ETHNICITY, "37", LANG_ZH), "仡佬族");
	assert_null(codes_name(CODES_ETHNICITY, "57", LANG_ZH));
	assert_null(codes_name(CODES_ETHNICITY, "1", LANG_ZH));
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "汉族")->code, "01");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "汉")->code, "01");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "蒙古")->code, "02");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "HA")->code, "01");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "mongol")->code, "02");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "Kazak")->code, "17");
	assert_string_equal(codes_lookup(CODES_ETHNICITY, "56")->code, "56");
	assert_null(codes_lookup(CODES_ETHNICITY, "族"));
	assert_null(codes_lookup(CODES_ETHNICITY, ""));
	assert_null(codes_lookup(CODES_ETHNICITY, NULL));
	assert_null(codes_lookup(CODES_ETHNICITY, "汉族人"));

	e = codes_all(CODES_POPULATION, &n);
	assert_int_equal(n, 4);
	assert_string_equal(e[0].code, "registered");
	assert_string_equal(e[0].zh, "户籍人口");
	assert_string_equal(codes_lookup(CODES_POPULATION, "流动人口")->code, "floating");
	assert_string_equal(codes_name(CODES_POPULATION, "resident", LANG_ZH), "常住非户籍");
	assert_string_equal(codes_name(CODES_POPULATION, "foreign", LANG_ZH), "境外人员");

	e = codes_all(CODES_RELATION, &n);
	assert_int_equal(n, 10);
	assert_string_equal(e[0].code, "head");
	assert_string_equal(codes_name(CODES_RELATION, "head", LANG_ZH), "户主");
	assert_string_equal(codes_name(CODES_RELATION, "spouse", LANG_ZH), "配偶");
	assert_string_equal(codes_name(CODES_RELATION, "child", LANG_ZH), "子女");
	assert_string_equal(codes_name(CODES_RELATION, "parent", LANG_ZH), "父母");
	assert_string_equal(codes_name(CODES_RELATION, "other", LANG_ZH), "其他");
	assert_string_equal(codes_name(CODES_RELATION, "grandchild", LANG_ZH), "孙子女");
	assert_string_equal(codes_name(CODES_RELATION, "sibling", LANG_EN), "Sibling");
	assert_non_null(codes_find(CODES_RELATION, "grandparent"));
	assert_non_null(codes_find(CODES_RELATION, "child_in_law"));

	e = codes_all(CODES_STATUS, &n);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].code, "living");
	assert_string_equal(e[1].code, "moved_out");
	assert_string_equal(e[2].code, "deceased");

	e = codes_all(CODES_SEX, &n);
	assert_int_equal(n, 2);
	assert_string_equal(codes_find(CODES_SEX, "male")->std, "1");
	assert_string_equal(codes_find(CODES_SEX, "female")->std, "2");
	assert_string_equal(codes_lookup(CODES_SEX, "女")->code, "female");
	assert_int_equal(IDNUM_SEX_MALE, 1);   /* idnum's sex numbers are GB/T 2261.1's too */
	assert_int_equal(IDNUM_SEX_FEMALE, 2);

	e = codes_all(CODES_TAG, &n);
	assert_int_equal(n, 14);
	assert_true(codes_sensitive(CODES_TAG, "disability"));
	assert_true(codes_sensitive(CODES_TAG, "minimum_income"));
	assert_true(codes_sensitive(CODES_TAG, "extreme_poverty"));
	assert_true(codes_sensitive(CODES_TAG, "left_behind_child"));
	assert_true(codes_sensitive(CODES_TAG, "pregnant"));
	assert_true(codes_sensitive(CODES_TAG, "serious_illness"));
	assert_false(codes_sensitive(CODES_TAG, "living_alone"));
	assert_false(codes_sensitive(CODES_TAG, "empty_nest"));
	assert_false(codes_sensitive(CODES_TAG, "veteran"));
	assert_false(codes_sensitive(CODES_TAG, "key_household"));
	assert_false(codes_sensitive(CODES_TAG, "nonexistent"));
	assert_string_equal(codes_lookup(CODES_TAG, "低保")->code, "minimum_income");
	assert_string_equal(codes_lookup(CODES_TAG, "独居老人")->code, "living_alone");
	assert_string_equal(codes_lookup(CODES_TAG, "留守儿童")->code, "left_behind_child");
	assert_non_null(codes_lookup(CODES_TAG, "空巢老人"));
	assert_non_null(codes_lookup(CODES_TAG, "残疾"));
	assert_non_null(codes_lookup(CODES_TAG, "特困"));
	assert_non_null(codes_lookup(CODES_TAG, "孕产妇"));
	assert_non_null(codes_lookup(CODES_TAG, "退役军人"));
	assert_non_null(codes_lookup(CODES_TAG, "重点户"));

	/* every list: names, codes unique in it, codes that fit a label key */
	static const char *const names[] = {"ethnicity", "population_type", "relation",
					    "resident_status", "sex", "tag"};
	for (int l = 0; l < CODES__COUNT; l++) {
		assert_string_equal(codes_list_name((enum code_list)l), names[l]);
		e = codes_all((enum code_list)l, &n);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_true(*e[i].code && *e[i].zh && *e[i].en);
			assert_null(strchr(e[i].code, ':'));
			assert_ptr_equal(codes_find((enum code_list)l, e[i].code), &e[i]);
			assert_ptr_equal(codes_lookup((enum code_list)l, e[i].zh), &e[i]);
			for (size_t j = 0; j < i; j++) {
				assert_true(strcmp(e[i].code, e[j].code) != 0);
				assert_true(strcmp(e[i].zh, e[j].zh) != 0);
				assert_true(strcmp(e[i].en, e[j].en) != 0);
			}
		}
	}
	assert_null(codes_list_name(CODES__COUNT));
	assert_null(codes_all(CODES__COUNT, &n));
	assert_int_equal(n, 0);
	assert_null(codes_find(CODES__COUNT, "01"));
	assert_null(codes_lookup(CODES__COUNT, "汉"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resident_valid), cmocka_unit_test(test_resident_reasons),
		cmocka_unit_test(test_other_types),    cmocka_unit_test(test_dates),
		cmocka_unit_test(test_make),           cmocka_unit_test(test_phone),
		cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
