/* A hand-off's body judged as it came, before anything is read from the database: the fields the
 * platform sends, by the names it sends them, each problem named at its field. No database, no
 * keys: tests/fuzz/fuzz_hotline.c drives it with any bytes. */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "hotline/internal.h"
#include "registry/phone.h"

static bool printable_ascii(const char *s, size_t max)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++, n++)
		if (*c <= 0x20 || *c >= 0x7f || n >= max)
			return false;
	return n > 0;
}

bool hl_key_ok(const char *key)
{
	return key && printable_ascii(key, (size_t)hotline_limits[L_HL_KEY].max);
}

bool hl_code_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      *c == '.' || *c == '_' || *c == '/' || *c == '-'))
			return false;
	return true;
}

static int str(json_t *b, const char *name, int flags, int l, const char **out, struct err *e)
{
	const struct limit *L = &hotline_limits[l];
	return jf_str(b, name, flags, (size_t)L->min, (size_t)L->max, out, e);
}

/* lat and lng together, within China's extent (73–136 E, 3–54 N), as the requests take them. */
static void location(json_t *b, struct hl_in *in, struct err *e)
{
	json_t *la = json_object_get(b, "lat"), *lo = json_object_get(b, "lng");
	bool hla = la && !json_is_null(la), hlo = lo && !json_is_null(lo);
	if (!hla && !hlo)
		return;
	if (hla != hlo) {
		err_field(e, hla ? "lng" : "lat", "hotline_lat_lng", 0);
		return;
	}
	bool ok = true;
	if (!json_is_number(la) || json_number_value(la) < 3 || json_number_value(la) > 54) {
		err_field(e, "lat", "hotline_location", 0);
		ok = false;
	}
	if (!json_is_number(lo) || json_number_value(lo) < 73 || json_number_value(lo) > 136) {
		err_field(e, "lng", "hotline_location", 0);
		ok = false;
	}
	if (!ok)
		return;
	in->has_location = true;
	in->lat = json_number_value(la);
	in->lon = json_number_value(lo);
}

int hl_judge(struct arena *a, json_t *body, int64_t now, struct hl_in *in, struct err *e)
{
	static const char *const allowed[] = {"ticket", "category", "category_name", "title", "text",
		"address", "lat", "lng", "caller_name", "caller_phone", "due_at", NULL};
	memset(in, 0, sizeof *in);
	json_only_fields(body, allowed, e);
	if (str(body, "ticket", JF_REQUIRED, L_HL_TICKET, &in->ticket, e) > 0 && !hl_code_ok(in->ticket))
		err_field(e, "ticket", "hotline_code", 0);
	if (str(body, "category", JF_REQUIRED, L_HL_CATEGORY, &in->category, e) > 0 &&
	    !hl_code_ok(in->category))
		err_field(e, "category", "hotline_code", 0);
	str(body, "category_name", 0, L_HL_CATEGORY_NAME, &in->category_name, e);
	str(body, "title", 0, L_HL_TITLE, &in->title, e);
	str(body, "text", JF_REQUIRED | JF_MULTILINE, L_HL_TEXT, &in->text, e);
	str(body, "address", 0, L_HL_ADDRESS, &in->address, e);
	str(body, "caller_name", 0, L_HL_CALLER_NAME, &in->caller_name, e);
	location(body, in, e);
	const char *raw = NULL;
	if (jf_str(body, "caller_phone", 0, 1, 32, &raw, e) > 0) {
		struct phone p;
		enum phone_error pe = phone_parse(raw, &p);
		if (pe)
			err_field(e, "caller_phone", phone_error_key(pe), 0);
		else
			in->caller_phone = arena_strdup(a, p.number);
	}
	json_t *due = json_object_get(body, "due_at");
	if (due && !json_is_null(due)) {
		if (!json_is_string(due) || clock_parse_iso(json_string_value(due), &in->due_at) < 0)
			err_field(e, "due_at", "time_format", 0);
		else if (in->due_at <= now)
			err_field(e, "due_at", "hotline_due_past", 0);
	}
	return e->code ? -1 : 0;
}
