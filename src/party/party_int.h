/* party's own helpers, shared by its files and no one else. */
#ifndef LINLI_PARTY_INT_H
#define LINLI_PARTY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/ctx.h"
#include "party/party.h"

/* Roll back and map the store's error: -1. */
/* Step a write; a unique violation becomes 409 on `field` (rolled back). */
/* Whether the actor serves at the node now. */
int party_serves_at(struct ctx *cx, int64_t party_unit_id, bool *out);
/* A node the actor may read: with party.read in its scope (*in_scope true), or as one who
 * serves there; else 404 (403 without party.read and not serving). */
int party_unit_readable(struct ctx *cx, int64_t id, struct party_unit *out, bool *in_scope);
/* A node the actor may write (party.write in its scope): else 403 / 404. */
int party_unit_writable(struct ctx *cx, int64_t id, struct party_unit *out);
/* Today in UTC+8 as YYYYMMDD. */
int party_today(const struct ctx *cx);
/* "2026-12-01" → 20261201; 0 when it is not a real date. */
int party_date_parse(const char *s);
/* 20261201 → "2026-12-01" in the arena; JSON null for 0. */
json_t *party_date_json(int ymd);
/* An optional date field: absent → dflt; refused when not a date, before `min` or after
 * today. 1 / 0 / -1 as the jf_* readers. */
int party_jf_date(struct ctx *cx, json_t *obj, const char *name, int dflt, int min, int *out);

#endif
