/* certificates: certificates of service (志愿服务证明) and the volunteer's record (志愿服务记录),
 * after 志愿服务记录与证明出具办法 (2021).
 *
 *   - Issued by staff (volunteers.write) of the volunteer's community for a period: the
 *     approved hours in it (shifts_volunteer_hours; pending or declined never count), the
 *     certified minutes at most those, the services' summary, the volunteer's name, ID type
 *     and masked number and volunteer number, the issuing unit, its person in charge, the
 *     handler and a contact phone, frozen at issue time. Never deleted; revoked with a reason.
 *   - The number: <community code>-ZM-YYYY-NNNN-XXXXXX, the last part random, so that the
 *     public check (no login, rate-limited) needs the whole number; it answers what the paper
 *     shows (the ID masked) and whether it is valid or revoked.
 *   - Scope: the issuing unit's; staff and grid leaders (volunteers.read) read, anything else
 *     is 404 and in no list. A volunteer reads their own certificates and record. */
#ifndef LINLI_CERTIFICATES_H
#define LINLI_CERTIFICATES_H

#include <jansson.h>
#include <stdint.h>

#include "base/ctx.h"

struct certificate_filter {
	int64_t volunteer_id, unit_id;
	const char *state;           /* valid, revoked; NULL: any */
	int limit;
	int64_t cursor;
};
int certificates_list(struct ctx *cx, const struct certificate_filter *f, json_t **items,
		      int64_t *next);
/* base: the scheme and host of the verification link (requests_base_url). */
int certificates_get(struct ctx *cx, int64_t id, const char *base, json_t **out);
/* {volunteer_id, from, to, minutes?, issuer_name?, person_in_charge, handler, contact_phone}. */
int certificates_issue(struct ctx *cx, json_t *body, json_t **out);
/* What the issue would certify, writing nothing: {minutes, items}. */
int certificates_preview(struct ctx *cx, int64_t volunteer_id, const char *from, const char *to,
			 json_t **out);
/* {version, reason}. */
int certificates_revoke(struct ctx *cx, int64_t id, json_t *body, json_t **out);
/* No login: the certificate with the whole number, as the paper shows it. */
int certificates_public(struct ctx *cx, const char *number, json_t **out);
void certificates_set_public_rate(unsigned per_minute);
/* The volunteer's record: {volunteer, services: {minutes, items}, training, certificates};
 * volunteer_id 0: the caller's own (the volunteer role). */
int certificates_record(struct ctx *cx, int64_t volunteer_id, json_t **out);
/* The caller's own certificates (the volunteer role). */
int certificates_mine(struct ctx *cx, json_t **out);

void certificates_api_register(void);
int certificates_demo(struct ctx *cx);

#endif
