/* SPDX-License-Identifier: MIT */
/* Sizes and durations as SPEC section 2 defines them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/units.h"

static void test_sizes(void **state)
{
	uint64_t b;
	lb_error err = {0};

	assert_int_equal(lb_parse_size("100m", false, &b, &err), 0);
	assert_int_equal(b, 100ull << 20);
	assert_int_equal(lb_parse_size("1.5G", false, &b, &err), 0);
	assert_int_equal(b, 3ull << 29);
	assert_int_equal(lb_parse_size("512KiB", false, &b, &err), 0);
	assert_int_equal(b, 512ull << 10);
	assert_int_equal(lb_parse_size("4096", false, &b, &err), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(lb_parse_size("2tb", false, &b, &err), 0);
	assert_int_equal(b, 2ull << 40);
	assert_int_equal(lb_parse_size("7B", false, &b, &err), 0);
	assert_int_equal(b, 7);
	assert_int_equal(lb_parse_size("max", true, &b, &err), 0);
	assert_int_equal(b, LB_SIZE_MAX);
}

static void test_bad_sizes(void **state)
{
	static const char *bad[] = {"",	   "max",  "-1M",  "1X",	  "M",	 "1.2.3M",
				    "1e6", "0x10", "10 M", "9999999999T", "inf", "1MBB"};
	uint64_t b;
	lb_error err = {0};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lb_error_clear(&err);
		assert_int_equal(lb_parse_size(bad[i], false, &b, &err), -1);
		assert_int_equal(err.kind, LB_ERR_USAGE);
		assert_non_null(strstr(err.msg, "size"));
	}
}

static void test_durations(void **state)
{
	uint64_t ns;
	lb_error err = {0};

	assert_int_equal(lb_parse_duration("250ms", &ns, &err), 0);
	assert_int_equal(ns, 250000000ull);
	assert_int_equal(lb_parse_duration("1.5s", &ns, &err), 0);
	assert_int_equal(ns, 1500000000ull);
	assert_int_equal(lb_parse_duration("2m", &ns, &err), 0);
	assert_int_equal(ns, 120000000000ull);
	assert_int_equal(lb_parse_duration("1h", &ns, &err), 0);
	assert_int_equal(ns, 3600000000000ull);
	assert_int_equal(lb_parse_duration("10us", &ns, &err), 0);
	assert_int_equal(ns, 10000);
	assert_int_equal(lb_parse_duration("0", &ns, &err), 0);
	assert_int_equal(ns, 0);
	assert_int_equal(lb_parse_duration("5", &ns, &err), -1);
	assert_non_null(strstr(err.msg, "missing unit"));
	assert_int_equal(lb_parse_duration("5d", &ns, &err), -1);
	assert_non_null(strstr(err.msg, "unknown unit"));
}

static void test_format(void **state)
{
	char buf[32];

	assert_string_equal(lb_format_size(buf, sizeof(buf), 104.2 * 1048576), "104.2M");
	assert_string_equal(lb_format_size(buf, sizeof(buf), 100 << 20), "100M");
	assert_string_equal(lb_format_size(buf, sizeof(buf), 37), "37B");
	assert_string_equal(lb_format_size(buf, sizeof(buf), 1536), "1.5K");
	assert_string_equal(lb_format_duration(buf, sizeof(buf), 0.25), "250ms");
	assert_string_equal(lb_format_duration(buf, sizeof(buf), 1.5), "1.5s");
	assert_string_equal(lb_format_duration(buf, sizeof(buf), 200), "3m20s");
	assert_string_equal(lb_format_duration(buf, sizeof(buf), 119.7), "2m00s");
	assert_string_equal(lb_format_duration(buf, sizeof(buf), -90), "-1m30s");
	/* Found by fuzz_expect: minutes beyond an int were undefined behaviour. */
	assert_string_equal(lb_format_duration(buf, sizeof(buf), 1.8e11 * 60), "180000000000m00s");
}

static void test_uint(void **state)
{
	uint64_t v;
	lb_error err = {0};

	assert_int_equal(lb_parse_uint("512", 2, 262144, &v, &err), 0);
	assert_int_equal(v, 512);
	assert_int_equal(lb_parse_uint("1", 2, 262144, &v, &err), -1);
	assert_int_equal(lb_parse_uint("-3", 0, 10, &v, &err), -1);
	assert_int_equal(lb_parse_uint("3x", 0, 10, &v, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),     cmocka_unit_test(test_bad_sizes),
	    cmocka_unit_test(test_durations), cmocka_unit_test(test_format),
	    cmocka_unit_test(test_uint),
	};
	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
