/* fuzz_outbound: the outbound guard's parsers of what people type: a destination's URL (an
 * administrator's, in the console) and the operator's outbound_allow list. The input is any bytes.
 *
 * Invariants checked (any violation aborts):
 *  - neither reads past its input (ASan) nor accepts more ranges than its room;
 *  - an accepted URL starts with http:// or https:// and holds no byte at or below space;
 *  - a refused URL names one of the two reasons;
 *  - every accepted range's prefix is within 0..128, and each range allows its own address. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include "base/outbound.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                     \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_outbound: invariant failed at line %d: %s\n",  \
				__LINE__, #cond);                                        \
			abort();                                                         \
		}                                                                        \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	const char *why = NULL;
	if (outbound_check_url(s, &why) == 0) {
		CHECK(why == NULL);
		CHECK(!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
		for (const char *p = s; *p; p++)
			CHECK((unsigned char)*p > 0x20);
	} else {
		CHECK(why && (!strcmp(why, "outbound_url") || !strcmp(why, "outbound_private")));
	}
	struct net_range r[4];
	size_t n = 99;
	char msg[160];
	if (outbound_parse_allow(s, r, 4, &n, msg, sizeof msg) == 0) {
		CHECK(n <= 4);
		outbound_set_allow(r, n);
		for (size_t i = 0; i < n; i++) {
			CHECK(r[i].prefix >= 0 && r[i].prefix <= 128);
			struct sockaddr_in6 a = {.sin6_family = AF_INET6};
			memcpy(&a.sin6_addr, r[i].addr, 16);
			CHECK(outbound_address_allowed((struct sockaddr *)&a));
		}
		outbound_set_allow(NULL, 0);
	}
	free(s);
	return 0;
}
