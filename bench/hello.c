/* hello: the floor of the benchmark. The smallest useful server on libmicrohttpd, with the
 * daemon flags and limits linli's server uses (epoll on an internal thread, a thread pool sized
 * to the cores), answering every request with a short text. What linli does per request costs
 * whatever it is below this.
 *
 *   hello [HOST:PORT [BYTES]]   default 127.0.0.1:0 (a free port); prints "listening on
 *                               HOST:PORT". With BYTES, the answer is that long (a JSON-like
 *                               text), to see what the size of an answer costs by itself.
 *
 * Stops on SIGTERM or SIGINT. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char hello[] = "Hello, world!\n";
static const char *body = hello;
static size_t body_len = sizeof hello - 1;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	static int first;
	if (*con_cls == NULL) {   /* the first call only announces the request: answer on the next */
		*con_cls = &first;
		return MHD_YES;
	}
	if (*upload_data_size) {  /* a body is read and dropped */
		*upload_data_size = 0;
		return MHD_YES;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(body_len, (void *)(uintptr_t)body,
								 MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	const char *listen = argc > 1 ? argv[1] : "127.0.0.1:0";
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host) {
		fprintf(stderr, "usage: hello [HOST:PORT]\n");
		return 2;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "hello: not an IPv4 address: %s\n", host);
		return 2;
	}
	if (argc > 2) {
		long n = atol(argv[2]);
		if (n < 1 || n > 16 * 1024 * 1024) {
			fprintf(stderr, "hello: BYTES must be 1..16777216\n");
			return 2;
		}
		char *b = malloc((size_t)n);
		if (!b)
			return 1;
		for (long i = 0; i < n; i++)   /* printable filler */
			b[i] = "abcdefghijklmnopqrstuvwxyz0123456789\",:{}[]"[(i * 7 + i / 13) % 43];
		body = b;
		body_len = (size_t)n;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores > 0 ? (unsigned)cores : 2;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "hello: cannot listen on %s\n", listen);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on %s:%u (%u threads)\n", host, di ? di->port : 0, threads);
	fflush(stdout);
	sigdelset(&set, SIGPIPE);
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
