/* router: method + path pattern → handler. Patterns are literal segments and {captures}; the
 * table is small, so matching is a linear walk. */
#include <string.h>

#include "http/http.h"

#define MAX_TABLES 32

static struct {
	const struct route *routes;
	size_t n;
} tables[MAX_TABLES];
static size_t ntables;

#define MAX_OWN_LIMITS 16
static struct {
	const struct route *route;
	const size_t *limit;
} own_limits[MAX_OWN_LIMITS];
static size_t nown;

void http_route_limit(const struct route *r, const size_t *limit)
{
	if (nown < MAX_OWN_LIMITS) {
		own_limits[nown].route = r;
		own_limits[nown].limit = limit;
		nown++;
	}
}

const size_t *http_route_own_limit(const struct route *r)
{
	for (size_t i = 0; i < nown; i++)
		if (own_limits[i].route == r)
			return own_limits[i].limit;
	return NULL;
}

void http_routes(const struct route *routes, size_t n)
{
	if (ntables < MAX_TABLES) {
		tables[ntables].routes = routes;
		tables[ntables].n = n;
		ntables++;
	}
}

/* Match one pattern against a path; captures go to params. */
static bool match_one(struct arena *a, const char *pat, const char *path, const char **params,
		      size_t *nparams)
{
	size_t np = 0;
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++, path++;
		const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl > 1 && pat[0] == '{' && pat[pl - 1] == '}') {
			if (sl == 0 || np == HTTP_MAX_PARAMS)
				return false;
			params[np++] = arena_strndup(a, path, sl);
		} else if (pl != sl || memcmp(pat, path, pl) != 0) {
			return false;
		}
		pat += pl, path += sl;
	}
	if (*pat || *path)
		return false;
	*nparams = np;
	return true;
}

const struct route *http_match(struct arena *a, const char *method, const char *path,
			       const char **params, size_t *nparams, bool *method_mismatch)
{
	*method_mismatch = false;
	for (size_t t = 0; t < ntables; t++) {
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct route *r = &tables[t].routes[i];
			if (!match_one(a, r->pattern, path, params, nparams))
				continue;
			if (strcmp(r->method, method) == 0)
				return r;
			if (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)
				return r;
			*method_mismatch = true;
		}
	}
	return NULL;
}

const char *http_allowed_methods(struct arena *a, const char *path)
{
	struct buf b;
	buf_init(&b, a);
	const char *params[HTTP_MAX_PARAMS];
	size_t np;
	for (size_t t = 0; t < ntables; t++) {
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct route *r = &tables[t].routes[i];
			if (!match_one(a, r->pattern, path, params, &np))
				continue;
			if (b.len)
				buf_puts(&b, ", ");
			buf_puts(&b, r->method);
			if (strcmp(r->method, "GET") == 0)
				buf_puts(&b, ", HEAD");
		}
	}
	return buf_str(&b);
}
