/* The pieces the files of the catalog share. */
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "base/json.h"
#include "catalog/internal.h"

int catalog_jf_str(json_t *o, const char *name, int flags, int l, const char **out, struct err *e)
{
	if (l < 0)
		return jf_str(o, name, flags, 1, 32, out, e);
	const struct limit *lim = &catalog_limits[l];
	int rc = jf_str(o, name, flags, (size_t)lim->min, (size_t)lim->max, out, e);
	/* codes: letters, digits and - (the pattern of the limit's table) */
	if (rc > 0 && (l == L_CAT_CODE || l == L_ITEM_CODE))
		for (const char *p = *out; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '-'))
				return err_field(e, name, "catalog_code", 0);
	return rc;
}


bool catalog_related(const struct ctx *cx, const char *path)
{
	if (access_is_global(cx))
		return true;
	size_t n = strlen(path);
	for (size_t i = 0; i < cx->actor.nunits; i++) {
		const char *mine = cx->actor.unit_paths[i];
		size_t m = strlen(mine);
		if (strncmp(path, mine, m < n ? m : n) == 0)
			return true;
	}
	return false;
}

