/* static: the built web app. Paths are checked segment by segment (no "..", no hidden files, no
 * backslashes) and resolved inside the root; a precompressed X.gz is sent to clients that take
 * gzip; hashed files under /assets/ are cached for a year, index.html never. A path with no file
 * and no extension is a route of the app: it gets index.html. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"

static const struct {
	const char *ext, *type;
} mime[] = {
	{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
	{".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
	{".gif", "image/gif"}, {".webp", "image/webp"}, {".ico", "image/x-icon"},
	{".woff2", "font/woff2"}, {".woff", "font/woff"}, {".txt", "text/plain; charset=utf-8"},
	{".webmanifest", "application/manifest+json"}, {".map", "application/json"},
	{".yaml", "application/yaml; charset=utf-8"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof mime / sizeof mime[0]; i++)
			if (strcmp(dot, mime[i].ext) == 0)
				return mime[i].type;
	return "application/octet-stream";
}

static bool safe_path(const char *p)
{
	if (p[0] != '/' || strchr(p, '\\') || strlen(p) > 512)
		return false;
	for (const char *s = p; *s; s++) {
		if ((unsigned char)*s < 0x20)
			return false;
		if (s[0] == '/' && s[1] == '.')
			return false;   /* "..", ".git", ".env": never served */
	}
	return true;
}

static int open_inside(const char *root, const char *rel, struct stat *st)
{
	char path[PATH_MAX], real[PATH_MAX], rroot[PATH_MAX];
	if (snprintf(path, sizeof path, "%s%s", root, rel) >= (int)sizeof path)
		return -1;
	if (!realpath(root, rroot) || !realpath(path, real))
		return -1;
	size_t rl = strlen(rroot);
	if (strncmp(real, rroot, rl) != 0 || (real[rl] != '/' && real[rl] != '\0'))
		return -1;
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

int http_static(const char *root, struct ctx *cx, struct req *rq, struct MHD_Response **out,
		int *status)
{
	const char *p = rq->path;
	if (!safe_path(p))
		return 0;
	const char *rel = p;
	if (strcmp(p, "/") == 0)
		rel = "/index.html";
	struct stat st;
	int fd = open_inside(root, rel, &st);
	if (fd < 0) {
		const char *last = strrchr(p, '/');
		if (strchr(last, '.'))
			return 0;       /* a missing file: 404 */
		rel = "/index.html";   /* a route of the web app */
		fd = open_inside(root, rel, &st);
		if (fd < 0)
			return 0;
	}
	const char *type = mime_of(rel);
	bool gz = false;
	const char *ae = req_header(rq, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (ae && strstr(ae, "gzip")) {
		struct stat zst;
		int zfd = open_inside(root, arena_printf(cx->a, "%s.gz", rel), &zst);
		if (zfd >= 0) {
			close(fd);
			fd = zfd;
			st = zst;
			gz = true;
		}
	}
	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)st.st_mtime,
		 (unsigned long long)st.st_size, gz ? "-gz" : "");
	const char *inm = req_header(rq, MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *r;
	if (inm && strcmp(inm, etag) == 0) {
		close(fd);
		r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"", MHD_RESPMEM_PERSISTENT);
		*status = 304;
	} else {
		r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);   /* MHD closes fd */
		*status = 200;
	}
	if (!r)
		return 0;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
								 : "no-cache");
	*out = r;
	return 1;
}
