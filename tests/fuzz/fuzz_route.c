/* fuzz_route: route matching. The real route tables are registered (serve_register_routes);
 * the input is "METHOD PATH" (a space or a newline between them; no separator: GET and the
 * whole input as the path). The path goes to http_match as it is, and again after url_decode.
 *
 * Registration is observed through the linker (--wrap=http_routes), so that every answer of
 * http_match can be compared with a plain reference matcher written here. Invariants:
 *  - http_match gives the same route (the first of the tables that fits) and the same
 *    method_mismatch as the reference;
 *  - a match's params are non-empty and contain no '/', one per {capture} of its pattern, and
 *    each is the path's segment at the capture's place;
 *  - a matched route's method is the request's (or GET for HEAD);
 *  - url_decode never lengthens a string, and fails only on a bad %-escape. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
void serve_register_routes(void);
void __real_http_routes(const struct route *routes, size_t n);
void __wrap_http_routes(const struct route *routes, size_t n);

#define CHECK(cond)                                                                      \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "fuzz_route: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                         \
			abort();                                                          \
		}                                                                         \
	} while (0)

#define MAX_TABLES 64
static struct {
	const struct route *routes;
	size_t n;
} tables[MAX_TABLES];
static size_t ntables, nroutes;

void __wrap_http_routes(const struct route *routes, size_t n)
{
	if (ntables < MAX_TABLES) {
		tables[ntables].routes = routes;
		tables[ntables].n = n;
		ntables++;
		nroutes += n;
	}
	__real_http_routes(routes, n);
}

static size_t captures(const char *pattern)
{
	size_t n = 0;
	for (const char *p = pattern; (p = strchr(p, '{')) != NULL; p++)
		n++;
	return n;
}

/* The reference: split both on '/', compare segment by segment. */
static bool ref_match(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	for (;;) {
		if (*p == '\0' || *s == '\0')
			return *p == '\0' && *s == '\0';
		if (*p != '/' || *s != '/')
			return false;
		p++, s++;
		size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");
		bool cap = pl >= 2 && p[0] == '{' && p[pl - 1] == '}';
		if (cap ? sl == 0 : (pl != sl || strncmp(p, s, pl) != 0))
			return false;
		p += pl, s += sl;
	}
}

static bool method_fits(const struct route *r, const char *method)
{
	return strcmp(r->method, method) == 0 ||
	       (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

static const struct route *ref_lookup(const char *method, const char *path, bool *mismatch)
{
	*mismatch = false;
	for (size_t t = 0; t < ntables; t++) {
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct route *r = &tables[t].routes[i];
			if (!ref_match(r->pattern, path))
				continue;
			if (method_fits(r, method))
				return r;
			*mismatch = true;
		}
	}
	return NULL;
}

static void check_params(const struct route *r, const char *path, const char **params,
			 size_t np)
{
	CHECK(np == captures(r->pattern));
	CHECK(np <= HTTP_MAX_PARAMS);
	/* walk the pattern and the path together: each capture is its segment of the path */
	const char *p = r->pattern, *s = path;
	size_t k = 0;
	while (*p) {
		p++, s++;
		size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");
		if (p[0] == '{') {
			CHECK(k < np);
			CHECK(params[k] != NULL);
			CHECK(strlen(params[k]) == sl && strncmp(params[k], s, sl) == 0);
			k++;
		}
		p += pl, s += sl;
	}
	CHECK(k == np);
	for (size_t i = 0; i < np; i++) {
		CHECK(*params[i] != '\0');
		CHECK(strchr(params[i], '/') == NULL);
	}
}

static struct arena *arena;

static void one(const char *method, const char *path)
{
	const char *params[HTTP_MAX_PARAMS] = {0};
	size_t np = 999;
	bool mismatch = true, ref_mismatch;
	arena_reset(arena);
	const struct route *r = http_match(arena, method, path, params, &np, &mismatch);
	const struct route *want = ref_lookup(method, path, &ref_mismatch);
	if (r != want) {
		fprintf(stderr, "fuzz_route: %s '%s': http_match gave %s, the reference %s\n", method,
			path, r ? r->pattern : "none", want ? want->pattern : "none");
		abort();
	}
	if (r) {
		CHECK(method_fits(r, method));
		check_params(r, path, params, np);
	} else {
		CHECK(mismatch == ref_mismatch);
	}
	/* the same question twice gets the same answer */
	const char *params2[HTTP_MAX_PARAMS] = {0};
	size_t np2 = 0;
	bool mismatch2;
	CHECK(http_match(arena, method, path, params2, &np2, &mismatch2) == r);
	if (r) {
		CHECK(np2 == np);
		for (size_t i = 0; i < np; i++)
			CHECK(strcmp(params[i], params2[i]) == 0);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	serve_register_routes();
	CHECK(ntables > 0 && nroutes > 0);
	arena = arena_new();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	CHECK(in != NULL);
	memcpy(in, data, size);
	in[size] = '\0';

	const char *method = "GET";
	char *path = in;
	char *sep = strpbrk(in, " \n");
	if (sep) {
		*sep = '\0';
		method = in;
		path = sep + 1;
		char *end = strpbrk(path, " \n\r");     /* "GET /x HTTP/1.1" keeps the path only */
		if (end)
			*end = '\0';
	}
	one(method, path);
	one("HEAD", path);

	size_t before = strlen(path);
	bool bad_escape = false;
	for (const char *p = path; (p = strchr(p, '%')) != NULL; p++) {
		bool h1 = p[1] && strchr("0123456789abcdefABCDEF", p[1]);
		bool h2 = h1 && p[2] && strchr("0123456789abcdefABCDEF", p[2]);
		if (!h2) {
			bad_escape = true;
			break;
		}
		p += 2;
	}
	int rc = url_decode(path, false);
	CHECK(rc == (bad_escape ? -1 : 0));
	CHECK(strlen(path) <= before);
	if (rc == 0)
		one(method, path);

	free(in);
	return 0;
}
