/* idnum: identity document numbers, checked and normalised; no database, no clock. A resident
 * ID card number (GB 11643) is 18 characters: a GB/T 2260 division code, the birth date
 * YYYYMMDD, a three-digit sequence whose last digit is odd for a man and even for a woman, and
 * a check character; the other documents are checked for their characters and length only.
 * A failure is a reason (enum idnum_error) whose message key the caller puts on the field. */
#ifndef LINLI_IDNUM_H
#define LINLI_IDNUM_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum idnum_type {
	IDNUM_RESIDENT = 1,       /* resident_id: 居民身份证 */
	IDNUM_HK_MO_PERMIT,       /* hk_mo_permit: 港澳居民来往内地通行证, H/M + 8 or 10 digits */
	IDNUM_TW_PERMIT,          /* tw_permit: 台湾居民来往大陆通行证, 8 or 10 digits */
	IDNUM_PASSPORT,           /* passport: 护照, 5-20 letters and digits */
	IDNUM_FOREIGN_PERMANENT,  /* foreign_permanent: 外国人永久居留身份证, 3 letters and 12
				   * digits (the 2004 card) or 17 digits and a digit or X (the
				   * 2017 and 2023 cards) */
	IDNUM_OTHER,              /* other: 其他证件, 1-32 printable ASCII characters */
};
#define IDNUM_TYPE_COUNT 6

struct idnum_type_info {
	enum idnum_type type;
	const char *code, *zh, *en;   /* "resident_id", "居民身份证", "Resident ID card" */
};
/* Every type, in the order above; *n receives the count. */
const struct idnum_type_info *idnum_types(size_t *n);
/* "resident_id" → IDNUM_RESIDENT; 0 for an unknown code or NULL. */
enum idnum_type idnum_type_parse(const char *code);
/* The type's code and name; NULL for a value that is not a type. */
const char *idnum_type_code(enum idnum_type t);
const char *idnum_type_name(enum idnum_type t, enum lang lang);

/* Why a number was refused. A resident ID is checked in this order, so the first problem found
 * is the one named: length (or legacy15), characters, region, date, future, check. */
enum idnum_error {
	IDNUM_OK = 0,
	IDNUM_LENGTH,       /* not a length the type allows (an empty value too) */
	IDNUM_CHARS,        /* a character the type does not allow where it stands */
	IDNUM_CHECK,        /* the 18th character is not the GB 11643 check character */
	IDNUM_DATE,         /* the birth date is not a real date, or is before 1880-01-01 */
	IDNUM_FUTURE,       /* the birth date is after today */
	IDNUM_REGION,       /* the first six digits are not a county-level division code */
	IDNUM_LEGACY15,     /* a 15-digit first-generation number: the 18-digit one is needed */
	IDNUM_TYPE,         /* not an ID type */
};
/* The stable name of a reason ("check") and its message key ("idnum_check"). */
const char *idnum_error_name(enum idnum_error e);
const char *idnum_error_key(enum idnum_error e);
/* The messages of those keys, as rows of a feature's err_msg table:
 *   static const struct err_msg messages[] = {IDNUM_ERR_MESSAGES, ..., {NULL, NULL, NULL}}; */
#define IDNUM_ERR_MESSAGES \
	{"idnum_length", "证件号码长度不正确", "has the wrong length for this ID type"}, \
	{"idnum_characters", "证件号码含有不允许的字符", \
	 "has characters this ID type does not allow"}, \
	{"idnum_check", "身份证号码校验位不正确", "has a wrong check character"}, \
	{"idnum_date", "身份证号码中的出生日期不是真实日期", \
	 "holds a birth date that does not exist"}, \
	{"idnum_future", "身份证号码中的出生日期晚于今天", "holds a birth date after today"}, \
	{"idnum_region", "身份证号码前六位不是行政区划代码", \
	 "does not begin with a division code"}, \
	{"idnum_legacy15", "请填写 18 位身份证号码（15 位旧号码已停用）", \
	 "is a 15-digit first-generation number; give the 18-digit one"}, \
	{"idnum_type", "不是支持的证件类型", "is not a known ID type"}

/* The numbers of GB/T 2261.1. */
enum idnum_sex { IDNUM_SEX_UNKNOWN = 0, IDNUM_SEX_MALE = 1, IDNUM_SEX_FEMALE = 2 };

#define IDNUM_RESIDENT_LEN 18
#define IDNUM_MAX 33            /* the longest normalised number (other: 32) and its NUL */

struct idnum {
	enum idnum_type type;
	char number[IDNUM_MAX];   /* normalised: trimmed, letters upper-cased (x → X) */
	/* Resident IDs only (0 and "" for the other types): */
	int birth;                /* YYYYMMDD */
	enum idnum_sex sex;
	char division[7];         /* the six-digit division code */
};

/* Check and normalise s (NUL-terminated; spaces, tabs, line breaks and U+3000 around it are
 * trimmed) as a number of the given type. today is the date YYYYMMDD against which a birth
 * date counts as future (see idnum_date_of). *out is filled on IDNUM_OK only. */
enum idnum_error idnum_parse(enum idnum_type type, const char *s, int today, struct idnum *out);

/* The check character of the first 17 digits of d ('0'..'9' or 'X'); 0 when one of them is
 * not a digit. */
char idnum_check_char(const char *d);

/* The date YYYYMMDD of epoch seconds t in China (UTC+8). */
int idnum_date_of(int64_t t);
/* True if YYYYMMDD is a real date of the Gregorian calendar (years 1..9999). */
int idnum_date_valid(int date);
/* Whole years from birth to today (both YYYYMMDD; a 29 February birthday comes on 1 March in
 * common years); -1 when either is not a date or birth is after today. */
int idnum_age(int birth, int today);

/* A synthetic resident ID for demo data: division (six digits that pass the region rule),
 * birth YYYYMMDD (a real date from 1880-01-01), sequence 0..499 and sex (male or female) give
 * the number whose sequence code is 2 * sequence + (1 for a man), with its check character.
 * Every (division, birth, sequence, sex) gives another number. 0, or -1 on an argument out of
 * range (out is then ""). */
int idnum_make(const char *division, int birth, int sequence, enum idnum_sex sex,
	       char out[IDNUM_RESIDENT_LEN + 1]);

#endif
