#include "base/outbound.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

static struct net_range allow[OUTBOUND_MAX_ALLOW];
static size_t nallow;

static void mapped(const unsigned char v4[4], unsigned char out[16])
{
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
}

/* an address literal (v4 or v6) as 16 bytes: 4 for v4, 6 for v6, 0 when it is neither */
static int parse_addr(const char *s, unsigned char out[16])
{
	unsigned char v4[4];
	if (inet_pton(AF_INET, s, v4) == 1) {
		mapped(v4, out);
		return 4;
	}
	return inet_pton(AF_INET6, s, out) == 1 ? 6 : 0;
}

int outbound_parse_allow(const char *list, struct net_range *out, size_t max, size_t *n,
			 char *msg, size_t msgn)
{
	*n = 0;
	const char *p = list ? list : "";
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ,\t");
		char item[80];
		if (len >= sizeof item) {
			snprintf(msg, msgn, "outbound_allow: %.*s… is too long", 20, p);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = 0;
		p += len;
		char *slash = strchr(item, '/');
		long prefix = -1;
		if (slash) {
			*slash = 0;
			char *end;
			prefix = strtol(slash + 1, &end, 10);
			if (end == slash + 1 || *end || prefix < 0) {
				snprintf(msg, msgn, "outbound_allow: %s has a bad prefix", item);
				return -1;
			}
		}
		if (*n >= max) {
			snprintf(msg, msgn, "outbound_allow: at most %zu ranges", max);
			return -1;
		}
		int kind = parse_addr(item, out[*n].addr);
		if (!kind || (kind == 4 && prefix > 32) || prefix > 128) {
			snprintf(msg, msgn, "outbound_allow: %s is not an address or range", item);
			return -1;
		}
		out[*n].prefix = prefix < 0 ? 128 : (int)(kind == 4 ? prefix + 96 : prefix);
		(*n)++;
	}
	return 0;
}

void outbound_set_allow(const struct net_range *ranges, size_t n)
{
	nallow = n > OUTBOUND_MAX_ALLOW ? OUTBOUND_MAX_ALLOW : n;
	if (nallow)
		memcpy(allow, ranges, nallow * sizeof *ranges);
}

static bool in_range(const unsigned char a[16], const unsigned char net[16], int prefix)
{
	int full = prefix / 8, rest = prefix % 8;
	if (memcmp(a, net, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[full] & mask) == (net[full] & mask);
}

static bool in_v4(const unsigned char a[16], unsigned char b0, unsigned char b1, int prefix)
{
	unsigned char v4[4] = {b0, b1, 0, 0}, net[16];
	mapped(v4, net);
	return in_range(a, net, prefix + 96);
}

bool outbound_is_public(const unsigned char a[16])
{
	static const unsigned char v4map[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(a, v4map, 12) == 0) {
		return !(in_v4(a, 0, 0, 8) || in_v4(a, 10, 0, 8) || in_v4(a, 100, 64, 10) ||
			 in_v4(a, 127, 0, 8) || in_v4(a, 169, 254, 16) || in_v4(a, 172, 16, 12) ||
			 in_v4(a, 192, 0, 24) || in_v4(a, 192, 168, 16) || in_v4(a, 198, 18, 15) ||
			 in_v4(a, 224, 0, 4) || in_v4(a, 240, 0, 4));
	}
	static const unsigned char zero[16] = {0};
	if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1))   /* :: and ::1 */
		return false;
	if ((a[0] & 0xfe) == 0xfc)                     /* fc00::/7, unique local */
		return false;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)     /* fe80::/10, link-local */
		return false;
	if (a[0] == 0xff)                              /* multicast */
		return false;
	if (memcmp(a, zero, 12) == 0)                  /* ::a.b.c.d, deprecated compatible */
		return false;
	/* 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry a v4 address that may be private */
	static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
	if (memcmp(a, nat64, 12) == 0 || (a[0] == 0x20 && a[1] == 0x02))
		return false;
	return true;
}

static bool allowed16(const unsigned char a[16])
{
	if (outbound_is_public(a))
		return true;
	for (size_t i = 0; i < nallow; i++)
		if (in_range(a, allow[i].addr, allow[i].prefix))
			return true;
	return false;
}

bool outbound_address_allowed(const struct sockaddr *sa)
{
	unsigned char a[16];
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		mapped((const unsigned char *)&s4->sin_addr, a);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		memcpy(a, &s6->sin6_addr, 16);
	} else {
		return false;
	}
	return allowed16(a);
}

int outbound_check_url(const char *url, const char **reason)
{
	*reason = "outbound_url";
	const char *p;
	if (!strncmp(url, "https://", 8))
		p = url + 8;
	else if (!strncmp(url, "http://", 7))
		p = url + 7;
	else
		return -1;
	size_t hl = strcspn(p, "/?#");
	if (hl == 0 || hl > 260 || memchr(p, '@', hl))
		return -1;
	for (const char *c = url; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f)
			return -1;
	char host[264];
	if (p[0] == '[') {
		const char *close = memchr(p, ']', hl);
		if (!close)
			return -1;
		size_t n = (size_t)(close - p - 1);
		memcpy(host, p + 1, n);
		host[n] = 0;
		if (close[1] && close[1] != ':' && close + 1 != p + hl)
			return -1;
	} else {
		size_t n = strcspn(p, ":/?#");
		if (n == 0 || n > 253)
			return -1;
		memcpy(host, p, n);
		host[n] = 0;
	}
	unsigned char a[16];
	if (parse_addr(host, a)) {
		if (!allowed16(a)) {
			*reason = "outbound_private";
			return -1;
		}
	} else {
		for (const char *c = host; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || *c == '-' || *c == '.'))
				return -1;
		size_t n = strlen(host);
		if (!strcasecmp(host, "localhost") ||
		    (n > 10 && !strcasecmp(host + n - 10, ".localhost"))) {
			unsigned char lo[16], v4[4] = {127, 0, 0, 1};
			mapped(v4, lo);
			if (!allowed16(lo)) {
				*reason = "outbound_private";
				return -1;
			}
		}
	}
	*reason = NULL;
	return 0;
}

int outbound_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void outbound_cleanup(void)
{
	curl_global_cleanup();
}

static _Thread_local CURL *handle;

void outbound_thread_done(void)
{
	if (handle)
		curl_easy_cleanup(handle);
	handle = NULL;
}

struct call {
	struct outbound_resp *resp;
};

static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct call *c = arg;
	if (purpose != CURLSOCKTYPE_IPCXN || !outbound_address_allowed(&a->addr)) {
		c->resp->refused = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t keep_body(char *data, size_t size, size_t n, void *arg)
{
	struct call *c = arg;
	size_t len = size * n, room = OUTBOUND_BODY_KEPT - c->resp->body_len;
	size_t take = len < room ? len : room;
	memcpy(c->resp->body + c->resp->body_len, data, take);
	c->resp->body_len += take;
	c->resp->body[c->resp->body_len] = 0;
	return len;
}

static int64_t ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int outbound_post(const struct outbound_req *rq, struct outbound_resp *resp)
{
	memset(resp, 0, sizeof *resp);
	const char *reason;
	if (outbound_check_url(rq->url, &reason) < 0) {
		resp->refused = !strcmp(reason, "outbound_private");
		snprintf(resp->error, sizeof resp->error, "%s",
			 resp->refused ? "the address is private and not allowed" : "not an http(s) URL");
		return -1;
	}
	if (!handle && !(handle = curl_easy_init())) {
		snprintf(resp->error, sizeof resp->error, "libcurl could not start");
		return -1;
	}
	CURL *h = handle;
	curl_easy_reset(h);
	struct call c = {resp};
	struct curl_slist *hdrs = NULL;
	for (int i = 0; i < rq->nheaders; i++)
		hdrs = curl_slist_append(hdrs, rq->headers[i]);
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "linli-outbound/1");
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, rq->timeout_ms > 0 ? rq->timeout_ms : 10000L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			 rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms : 5000L);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &c);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(1 << 20));
	int64_t t0 = ms_now();
	CURLcode rc = curl_easy_perform(h);
	resp->elapsed_ms = ms_now() - t0;
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		snprintf(resp->error, sizeof resp->error, "%s",
			 resp->refused ? "the address is private and not allowed" : curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
	return 0;
}
