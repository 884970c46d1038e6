/* phone: mainland China telephone numbers, checked and normalised; no database. A mobile is 11
 * digits 1[3-9]xxxxxxxxx; a landline is an area code (010 and 02x: 0 + 2 digits; every other:
 * 0 + 3 digits) and a local number of 7 or 8 digits not starting 0 or 1, with an optional
 * extension of 1-6 digits. Spaces, '-', brackets and a +86 or 0086 prefix are accepted and
 * dropped; the normalised form is "13812345678" or "010-62345678" ("0755-6234567-123"). */
#ifndef LINLI_PHONE_H
#define LINLI_PHONE_H

#include <stdbool.h>
#include <stdint.h>

enum phone_kind { PHONE_MOBILE = 1, PHONE_LANDLINE = 2 };

enum phone_error {
	PHONE_OK = 0,
	PHONE_LENGTH,       /* too few or too many digits (an empty value too) */
	PHONE_CHARS,        /* a character that is not a digit, separator or extension mark */
	PHONE_PREFIX,       /* a mobile not 1[3-9], or a local number starting 0 or 1 */
	PHONE_AREA,         /* no area code before a landline number, or a malformed one */
	PHONE_EXTENSION,    /* an extension on a mobile, or not 1-6 digits */
	PHONE_COUNTRY,      /* a country code other than China's (+86) */
};
/* The stable name of a reason ("prefix") and its message key ("phone_prefix"). */
const char *phone_error_name(enum phone_error e);
const char *phone_error_key(enum phone_error e);
/* The messages of those keys, as rows of a feature's err_msg table (see IDNUM_ERR_MESSAGES). */
#define PHONE_ERR_MESSAGES \
	{"phone_length", "电话号码位数不正确", "has the wrong number of digits"}, \
	{"phone_characters", "电话号码含有不允许的字符", \
	 "has characters a phone number cannot have"}, \
	{"phone_prefix", "电话号码的号段不正确", "does not begin like a phone number"}, \
	{"phone_area", "固定电话需要正确的区号，例如 010-62345678", \
	 "needs a valid area code, e.g. 010-62345678"}, \
	{"phone_extension", "分机号应为 1-6 位数字，且只用于固定电话", \
	 "has an extension that is not 1-6 digits or is on a mobile"}, \
	{"phone_country", "只支持中国大陆的电话号码", "must be a mainland China number"}

#define PHONE_MOBILE_LEN 11
#define PHONE_MAX 24            /* the longest normalised form, "0755-62345678-123456", + NUL */

struct phone {
	enum phone_kind kind;
	char number[PHONE_MAX];   /* normalised */
	char area[5];             /* landline: "010", "0755"; mobile: "" */
	char local[9];            /* landline: the local number; mobile: "" */
	char ext[7];              /* landline: the extension or "" */
};

/* Check and normalise s (NUL-terminated). An extension follows the local number after '-',
 * '#', 'x', "ext" or "转". *out is filled on PHONE_OK only. */
enum phone_error phone_parse(const char *s, struct phone *out);

/* Synthetic mobiles for demo data: "154" and the 8 digits of n mod 10^8. 154 passes the 1[3-9]
 * rule but has never been allotted to a carrier (see phone.c), so no demo number reaches a
 * real person. phone_is_demo() tells a normalised number of that range. */
#define PHONE_DEMO_PREFIX "154"
void phone_make_demo(uint64_t n, char out[PHONE_MOBILE_LEN + 1]);
bool phone_is_demo(const char *number);

#endif
