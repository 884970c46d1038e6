/* Unit tests of src/base/outbound's guard: which addresses an outbound call may reach, the
 * operator's allowed ranges, and the shape of a URL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "base/outbound.h"

static bool v4_allowed(const char *s)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	assert_int_equal(inet_pton(AF_INET, s, &a.sin_addr), 1);
	return outbound_address_allowed((struct sockaddr *)&a);
}

static bool v6_allowed(const char *s)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6};
	assert_int_equal(inet_pton(AF_INET6, s, &a.sin6_addr), 1);
	return outbound_address_allowed((struct sockaddr *)&a);
}

static void test_private_ranges(void **state)
{
	(void)state;
	outbound_set_allow(NULL, 0);
	const char *no4[] = {"0.0.0.0", "10.0.0.1", "10.255.255.255", "100.64.0.1", "127.0.0.1",
		"127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"192.0.0.8", "198.18.0.1", "224.0.0.1", "255.255.255.255"};
	for (size_t i = 0; i < sizeof no4 / sizeof no4[0]; i++)
		assert_false(v4_allowed(no4[i]));
	const char *yes4[] = {"1.1.1.1", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
		"11.0.0.1", "203.0.113.9"};
	for (size_t i = 0; i < sizeof yes4 / sizeof yes4[0]; i++)
		assert_true(v4_allowed(yes4[i]));
	const char *no6[] = {"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "::10.0.0.1"};
	for (size_t i = 0; i < sizeof no6 / sizeof no6[0]; i++)
		assert_false(v6_allowed(no6[i]));
	assert_true(v6_allowed("2001:4860:4860::8888"));
	assert_true(v6_allowed("::ffff:8.8.8.8"));
}

static void test_allow_list(void **state)
{
	(void)state;
	struct net_range r[OUTBOUND_MAX_ALLOW];
	size_t n;
	char msg[160];
	assert_int_equal(outbound_parse_allow("127.0.0.1/32, 10.1.0.0/16 ::1", r, OUTBOUND_MAX_ALLOW,
					      &n, msg, sizeof msg), 0);
	assert_int_equal(n, 3);
	outbound_set_allow(r, n);
	assert_true(v4_allowed("127.0.0.1"));
	assert_false(v4_allowed("127.0.0.2"));
	assert_true(v4_allowed("10.1.200.3"));
	assert_false(v4_allowed("10.2.0.1"));
	assert_true(v6_allowed("::1"));
	assert_true(v6_allowed("::ffff:127.0.0.1"));
	outbound_set_allow(NULL, 0);
	const char *bad[] = {"10.0.0.0/33", "::/129", "x.y", "10.0.0.0/", "10.0.0.0/-1", "1.2.3.4/8a"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(outbound_parse_allow(bad[i], r, OUTBOUND_MAX_ALLOW, &n, msg, sizeof msg), -1);
	assert_int_equal(outbound_parse_allow("", r, OUTBOUND_MAX_ALLOW, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 0);
}

static void test_urls(void **state)
{
	(void)state;
	outbound_set_allow(NULL, 0);
	const char *why;
	assert_int_equal(outbound_check_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", &why), 0);
	assert_int_equal(outbound_check_url("http://8.8.8.8:8080/x", &why), 0);
	assert_int_equal(outbound_check_url("https://[2001:db8::1]/x", &why), 0);
	struct { const char *url, *why; } bad[] = {
		{"http://127.0.0.1/", "outbound_private"}, {"http://localhost:8080/", "outbound_private"},
		{"http://a.localhost/", "outbound_private"}, {"http://[::1]/", "outbound_private"},
		{"http://10.0.0.8/", "outbound_private"}, {"ftp://example.org/", "outbound_url"},
		{"http://user:pw@example.org/", "outbound_url"}, {"http:///x", "outbound_url"},
		{"http://exa mple.org/", "outbound_url"}, {"http://ex_ample.org/", "outbound_url"},
		{"https://[::1/", "outbound_url"}, {"example.org", "outbound_url"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(outbound_check_url(bad[i].url, &why), -1);
		assert_string_equal(why, bad[i].why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_ranges),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test(test_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
