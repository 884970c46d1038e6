/* fuzz_multipart: multipart/form-data bodies (the attachments' upload) through http_multipart,
 * that is libmicrohttpd's post processor on a real connection. The input's first line is the
 * boundary (at most 100 bytes, without CR or LF), the rest the body. A daemon of libmicrohttpd
 * without a listening socket serves one connection per input, a socket pair fed the request in
 * this thread (MHD_run), and its handler reads the body as the upload does.
 *
 * Invariants checked (any violation aborts):
 *  - on success there is at least one part and at most the limit's; every part's bytes lie in
 *    one block, end with a NUL, and together are no more than the body; a file is at most
 *    file_bytes and a field at most field_bytes;
 *  - on failure the code is 400, 413, 415 or 422 and a field is named (but for 415);
 *  - the error answer built from it is valid JSON;
 *  - every request is answered and its connection closed. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/ctx.h"
#include "base/json.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_multipart: invariant failed at line %d: %s\n", \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

static const struct http_form_limits LIMITS = {.parts = 6, .field_bytes = 64, .file_bytes = 2048};

struct upload {
	char *body;
	size_t len;
	bool judged;
};

static void judge(struct MHD_Connection *c, struct upload *u)
{
	struct ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.a = arena_new();
	struct req rq = {.method = "POST", .path = "/", .body = u->body, .body_len = u->len, .conn = c};
	struct http_part *parts = NULL;
	size_t n = 0;
	int rc = http_multipart(&cx, &rq, &LIMITS, &parts, &n);
	if (rc == 0) {
		CHECK(cx.err.code == ERR_NONE);
		CHECK(n >= 1 && n <= LIMITS.parts);
		size_t total = 0;
		for (size_t i = 0; i < n; i++) {
			const struct http_part *p = &parts[i];
			CHECK(p->name && p->data);
			CHECK(p->data[p->len] == '\0');
			CHECK(p->len <= (p->filename ? LIMITS.file_bytes : LIMITS.field_bytes));
			if (i > 0)   /* laid end to end, each after the last one's NUL */
				CHECK(p->data == parts[i - 1].data + parts[i - 1].len + 1);
			total += p->len;
		}
		CHECK(total <= u->len);
	} else {
		int s = err_http_status(cx.err.code);
		CHECK(s == 400 || s == 413 || s == 415 || s == 422);
		CHECK(s == 415 || cx.err.nfields >= 1);
		struct resp rs = {0};
		resp_error(&cx, &rs);
		CHECK(rs.json && json_is_object(rs.json));
		size_t len;
		char *text = json_to_arena(cx.a, rs.json, &len);
		json_t *back = json_parse_body(text, len, &cx.err);
		CHECK(back);
		json_decref(back);
		json_decref(rs.json);
	}
	arena_free(cx.a);
	u->judged = true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version;
	struct upload *u = *con_cls;
	if (!u) {
		u = calloc(1, sizeof *u);
		*con_cls = u;
		return MHD_YES;
	}
	if (*upload_data_size) {
		u->body = realloc(u->body, u->len + *upload_data_size + 1);
		memcpy(u->body + u->len, upload_data, *upload_data_size);
		u->len += *upload_data_size;
		*upload_data_size = 0;
		return MHD_YES;
	}
	judge(c, u);
	static const char ok[] = "ok";
	struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)(uintptr_t)ok,
								 MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct upload *u = *con_cls;
	if (u) {
		free(u->body);
		free(u);
		*con_cls = NULL;
	}
}

static struct MHD_Daemon *daemon_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!daemon_) {
		daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, NULL,
					   MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
					   MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
					   MHD_OPTION_END);
		CHECK(daemon_);
	}
	const uint8_t *nl = memchr(data, '\n', size);
	size_t blen = nl ? (size_t)(nl - data) : size;
	char boundary[101];
	size_t k = 0;
	for (size_t i = 0; i < blen && k < 100; i++)
		if (data[i] != '\r' && data[i] != '\n' && data[i] != '\0')
			boundary[k++] = (char)data[i];
	boundary[k] = '\0';
	const uint8_t *body = nl ? nl + 1 : data + size;
	size_t body_len = size - (size_t)(body - data);

	char head[512];
	int hn = snprintf(head, sizeof head, "POST /api/v1/attachments HTTP/1.1\r\nHost: fuzz\r\n"
			  "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %zu\r\n"
			  "Connection: close\r\n\r\n", boundary, body_len);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	int bufsz = 1 << 20;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof bufsz);
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof bufsz);
	CHECK(write(sv[0], head, (size_t)hn) == hn);
	if (body_len)
		CHECK(write(sv[0], body, body_len) == (ssize_t)body_len);
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(4242)};
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(MHD_add_connection(daemon_, sv[1], (const struct sockaddr *)&peer, sizeof peer) == MHD_YES);
	bool closed = false;
	char buf[4096];
	for (int i = 0; i < 20000 && !closed; i++) {
		MHD_run(daemon_);
		ssize_t r = read(sv[0], buf, sizeof buf);
		if (r == 0)
			closed = true;
	}
	CHECK(closed);
	close(sv[0]);
	return 0;
}
