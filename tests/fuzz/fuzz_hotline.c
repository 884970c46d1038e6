/* fuzz_hotline: what a 12345 platform sends. The input is a hand-off's body: it goes through
 * json_parse_body and then hl_judge(), the judge of POST /api/v1/hotline/handoffs (every field
 * by the name the platform sends it); the raw bytes, up to their first NUL, are also an
 * Idempotency-Key header and a ticket number (hl_key_ok, hl_code_ok).
 *
 * Invariants checked (any violation aborts):
 *  - a body judged good has a ticket and a category of the allowed characters and lengths, a
 *    text of 1 to 2,000 characters, every other string within its bound, lat and lng both or
 *    neither and within China, a caller's phone that is phone_parse's own normalised form, and
 *    a due time after now;
 *  - a body judged bad has an error code and at least one field named, each field a key the
 *    body holds or one the hand-off requires;
 *  - a key hl_key_ok accepts is 1 to 128 printable ASCII characters without a space, and a code
 *    hl_code_ok accepts holds only letters, digits and . _ / -. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/text.h"
#include "hotline/internal.h"
#include "registry/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_hotline: invariant failed at line %d: %s\n", \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

#define NOW 1796300000   /* 2026-12-02 */

static void within(const char *s, int l, bool required)
{
	if (!s) {
		CHECK(!required);
		return;
	}
	size_t n = utf8_count(s);
	CHECK(n >= (size_t)hotline_limits[l].min && n <= (size_t)hotline_limits[l].max);
}

static void check_good(const struct hl_in *in)
{
	within(in->ticket, L_HL_TICKET, true);
	within(in->category, L_HL_CATEGORY, true);
	within(in->text, L_HL_TEXT, true);
	within(in->category_name, L_HL_CATEGORY_NAME, false);
	within(in->title, L_HL_TITLE, false);
	within(in->address, L_HL_ADDRESS, false);
	within(in->caller_name, L_HL_CALLER_NAME, false);
	CHECK(hl_code_ok(in->ticket) && hl_code_ok(in->category));
	if (in->has_location) {
		CHECK(in->lat >= 3 && in->lat <= 54);
		CHECK(in->lon >= 73 && in->lon <= 136);
	}
	if (in->caller_phone) {
		struct phone p;
		CHECK(phone_parse(in->caller_phone, &p) == PHONE_OK);
		CHECK(strcmp(p.number, in->caller_phone) == 0);
	}
	CHECK(in->due_at == 0 || in->due_at > NOW);
}

static void check_bad(const struct err *e, json_t *body)
{
	static const char *const required[] = {"ticket", "category", "text", "lat", "lng", NULL};
	CHECK(e->code != ERR_NONE);
	CHECK(e->nfields >= 1 && e->nfields <= ERR_MAX_FIELDS);
	for (int i = 0; i < e->nfields; i++) {
		const char *f = e->fields[i].field;
		CHECK(f && e->fields[i].key);
		bool known = json_object_get(body, f) != NULL;
		for (int k = 0; required[k] && !known; k++)
			known = strcmp(required[k], f) == 0;
		CHECK(known);
	}
}

static void check_raw(const char *s)
{
	if (hl_key_ok(s)) {
		size_t n = strlen(s);
		CHECK(n >= 1 && n <= 128);
		for (size_t i = 0; i < n; i++)
			CHECK(s[i] > 0x20 && s[i] < 0x7f);
	}
	if (hl_code_ok(s))
		CHECK(*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") ==
			    strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	check_raw(s);
	struct err e = {0};
	json_t *body = json_parse_body((const char *)data, size, &e);
	if (body) {
		struct arena *a = arena_new();
		struct hl_in in;
		err_clear(&e);
		if (hl_judge(a, body, NOW, &in, &e) == 0) {
			CHECK(e.code == ERR_NONE);
			check_good(&in);
		} else {
			check_bad(&e, body);
		}
		arena_free(a);
		json_decref(body);
	}
	free(s);
	return 0;
}
