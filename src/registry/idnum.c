#include "registry/idnum.h"

#include <string.h>

#include "base/date.h"

static const struct idnum_type_info types[IDNUM_TYPE_COUNT] = {
	{IDNUM_RESIDENT, "resident_id", "居民身份证", "Resident ID card"},
	{IDNUM_HK_MO_PERMIT, "hk_mo_permit", "港澳居民来往内地通行证",
	 "Mainland travel permit for Hong Kong and Macao residents"},
	{IDNUM_TW_PERMIT, "tw_permit", "台湾居民来往大陆通行证",
	 "Mainland travel permit for Taiwan residents"},
	{IDNUM_PASSPORT, "passport", "护照", "Passport"},
	{IDNUM_FOREIGN_PERMANENT, "foreign_permanent", "外国人永久居留身份证",
	 "Foreign permanent resident ID card"},
	{IDNUM_OTHER, "other", "其他证件", "Other document"},
};

const struct idnum_type_info *idnum_types(size_t *n)
{
	*n = IDNUM_TYPE_COUNT;
	return types;
}

enum idnum_type idnum_type_parse(const char *code)
{
	if (!code)
		return 0;
	for (size_t i = 0; i < IDNUM_TYPE_COUNT; i++)
		if (strcmp(types[i].code, code) == 0)
			return types[i].type;
	return 0;
}

static const struct idnum_type_info *type_info(enum idnum_type t)
{
	if (t < IDNUM_RESIDENT || t > IDNUM_OTHER)
		return NULL;
	return &types[t - IDNUM_RESIDENT];
}

const char *idnum_type_code(enum idnum_type t)
{
	const struct idnum_type_info *i = type_info(t);
	return i ? i->code : NULL;
}

const char *idnum_type_name(enum idnum_type t, enum lang lang)
{
	const struct idnum_type_info *i = type_info(t);
	return i ? (lang == LANG_EN ? i->en : i->zh) : NULL;
}

static const char *const error_names[] = {
	[IDNUM_OK] = "ok",           [IDNUM_LENGTH] = "length", [IDNUM_CHARS] = "characters",
	[IDNUM_CHECK] = "check",     [IDNUM_DATE] = "date",     [IDNUM_FUTURE] = "future",
	[IDNUM_REGION] = "region",   [IDNUM_LEGACY15] = "legacy15", [IDNUM_TYPE] = "type",
};
static const char *const error_keys[] = {
	[IDNUM_OK] = NULL,                [IDNUM_LENGTH] = "idnum_length",
	[IDNUM_CHARS] = "idnum_characters", [IDNUM_CHECK] = "idnum_check",
	[IDNUM_DATE] = "idnum_date",      [IDNUM_FUTURE] = "idnum_future",
	[IDNUM_REGION] = "idnum_region",  [IDNUM_LEGACY15] = "idnum_legacy15",
	[IDNUM_TYPE] = "idnum_type",
};

const char *idnum_error_name(enum idnum_error e)
{
	return (unsigned)e < sizeof error_names / sizeof error_names[0] ? error_names[e] : NULL;
}

const char *idnum_error_key(enum idnum_error e)
{
	return (unsigned)e < sizeof error_keys / sizeof error_keys[0] ? error_keys[e] : NULL;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static char upper(char c) { return is_lower(c) ? (char)(c - 'a' + 'A') : c; }

char idnum_check_char(const char *d)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(d[i]))
			return 0;
		sum += (d[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

int idnum_date_valid(int date) { return date_valid(date); }

int idnum_date_of(int64_t t) { return date_of_time(t); }

int idnum_age(int birth, int today)
{
	if (!idnum_date_valid(birth) || !idnum_date_valid(today) || birth > today)
		return -1;
	int age = today / 10000 - birth / 10000;
	if (today % 10000 < birth % 10000)
		age--;
	return age;
}

/* The province-level prefixes of GB/T 2260. */
static int province_ok(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
	       (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
	       p == 81 || p == 82;
}

/* Six digits shaped like a county-level division code: a province prefix, not the province
 * itself (xx0000). */
static int division_ok(const char *d)
{
	for (int i = 0; i < 6; i++)
		if (!is_digit(d[i]))
			return 0;
	return province_ok((d[0] - '0') * 10 + (d[1] - '0')) && memcmp(d + 2, "0000", 4) != 0;
}

static int digits_int(const char *d, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

/* The bounds of s without the white space around it: ASCII space, tab, CR, LF and U+3000
 * (the full-width space a Chinese input method types). */
static void trim(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s), b = 0;
	for (;;) {
		if (b < n && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n'))
			b++;
		else if (n - b >= 3 && memcmp(s + b, "\xE3\x80\x80", 3) == 0)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			      s[n - 1] == '\n'))
			n--;
		else if (n - b >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*start = s + b;
	*len = n - b;
}

static enum idnum_error parse_resident(const char *s, size_t n, int today, struct idnum *out)
{
	if (n == 15) {
		size_t i = 0;
		while (i < 15 && is_digit(s[i]))
			i++;
		if (i == 15)
			return IDNUM_LEGACY15;
	}
	if (n != IDNUM_RESIDENT_LEN)
		return IDNUM_LENGTH;
	for (int i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return IDNUM_CHARS;
	char last = upper(s[17]);
	if (!is_digit(last) && last != 'X')
		return IDNUM_CHARS;
	if (!division_ok(s))
		return IDNUM_REGION;
	int birth = digits_int(s + 6, 8);
	if (!idnum_date_valid(birth) || birth < 18800101)
		return IDNUM_DATE;
	if (birth > today)
		return IDNUM_FUTURE;
	if (idnum_check_char(s) != last)
		return IDNUM_CHECK;
	memcpy(out->number, s, 17);
	out->number[17] = last;
	out->number[18] = '\0';
	out->birth = birth;
	out->sex = (s[16] - '0') % 2 ? IDNUM_SEX_MALE : IDNUM_SEX_FEMALE;
	memcpy(out->division, s, 6);
	out->division[6] = '\0';
	return IDNUM_OK;
}

/* n characters from s into out, letters upper-cased. */
static void copy_upper(char *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = upper(s[i]);
	out[n] = '\0';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static enum idnum_error parse_other(enum idnum_type type, const char *s, size_t n)
{
	switch (type) {
	case IDNUM_HK_MO_PERMIT:
		if (n != 9 && n != 11)
			return IDNUM_LENGTH;
		if ((upper(s[0]) != 'H' && upper(s[0]) != 'M') || !all_digits(s + 1, n - 1))
			return IDNUM_CHARS;
		return IDNUM_OK;
	case IDNUM_TW_PERMIT:
		if (n != 8 && n != 10)
			return IDNUM_LENGTH;
		return all_digits(s, n) ? IDNUM_OK : IDNUM_CHARS;
	case IDNUM_PASSPORT:
		if (n < 5 || n > 20)
			return IDNUM_LENGTH;
		for (size_t i = 0; i < n; i++)
			if (!is_digit(s[i]) && !is_upper(s[i]) && !is_lower(s[i]))
				return IDNUM_CHARS;
		return IDNUM_OK;
	case IDNUM_FOREIGN_PERMANENT:
		if (n == 15) {
			for (size_t i = 0; i < 3; i++)
				if (!is_upper(upper(s[i])))
					return IDNUM_CHARS;
			return all_digits(s + 3, 12) ? IDNUM_OK : IDNUM_CHARS;
		}
		if (n == 18)
			return all_digits(s, 17) && (is_digit(s[17]) || upper(s[17]) == 'X')
				       ? IDNUM_OK
				       : IDNUM_CHARS;
		return IDNUM_LENGTH;
	case IDNUM_OTHER:
		if (n < 1 || n > 32)
			return IDNUM_LENGTH;
		for (size_t i = 0; i < n; i++)
			if (s[i] < 0x20 || s[i] > 0x7E)
				return IDNUM_CHARS;
		return IDNUM_OK;
	default:
		return IDNUM_TYPE;
	}
}

enum idnum_error idnum_parse(enum idnum_type type, const char *s, int today, struct idnum *out)
{
	if (!type_info(type))
		return IDNUM_TYPE;
	if (!s)
		return IDNUM_LENGTH;
	const char *p;
	size_t n;
	trim(s, &p, &n);
	struct idnum r = {.type = type};
	enum idnum_error e;
	if (type == IDNUM_RESIDENT) {
		e = parse_resident(p, n, today, &r);
	} else {
		e = parse_other(type, p, n);
		if (e == IDNUM_OK)
			copy_upper(r.number, p, n);   /* every allowed length is below IDNUM_MAX */
	}
	if (e == IDNUM_OK)
		*out = r;
	return e;
}

int idnum_make(const char *division, int birth, int sequence, enum idnum_sex sex,
	       char out[IDNUM_RESIDENT_LEN + 1])
{
	out[0] = '\0';
	if (!division || strlen(division) != 6 || !division_ok(division) ||
	    !idnum_date_valid(birth) || birth < 18800101 || sequence < 0 || sequence > 499 ||
	    (sex != IDNUM_SEX_MALE && sex != IDNUM_SEX_FEMALE))
		return -1;
	int seq = 2 * sequence + (sex == IDNUM_SEX_MALE);
	char d[IDNUM_RESIDENT_LEN + 1];
	memcpy(d, division, 6);
	for (int i = 13, v = birth; i >= 6; i--, v /= 10)
		d[i] = (char)('0' + v % 10);
	d[14] = (char)('0' + seq / 100);
	d[15] = (char)('0' + seq / 10 % 10);
	d[16] = (char)('0' + seq % 10);
	d[17] = idnum_check_char(d);
	d[18] = '\0';
	memcpy(out, d, sizeof d);
	return 0;
}
