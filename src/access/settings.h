/* settings: the system settings every copy of linli shares, kept in the database. */
#ifndef LINLI_SETTINGS_H
#define LINLI_SETTINGS_H

#include <jansson.h>
#include <stdint.h>

#include "base/ctx.h"

struct settings {
	const char *site_name;
	int64_t login_max_failures;
	int64_t login_lock_minutes;
	int64_t session_idle_minutes;
	int64_t session_absolute_hours;
	int64_t audit_retention_days;
	int64_t updated_at, version;
};

/* Read without an access check (the rules need them); settings_read checks. */
int settings_load(struct ctx *cx, struct settings *out);
int settings_read(struct ctx *cx, struct settings *out);
/* Validate a patch {"version", ...fields} and apply its fields to *s; every problem is a field
 * error in e. No database: the rules alone. */
int settings_apply_patch(json_t *patch, struct settings *s, int64_t *version, struct err *e);
/* Apply the fields present in `patch` (a JSON object, validated here) if `version` is current. */
int settings_update(struct ctx *cx, json_t *patch, struct settings *out);
json_t *settings_json(const struct settings *s);

#endif
