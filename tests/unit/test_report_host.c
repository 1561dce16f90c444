/* SPDX-License-Identifier: MIT */
/* The environment of summary.json: /proc/meminfo parsing and lb_host_info_fill. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/utsname.h>

#include "report_fixture.h"

/* This machine's /proc/meminfo with a 2 GiB swap added (tests/fixtures/report/). */
static char *fixture(const char *name)
{
	/* __FILE__ is tests/unit/test_report_host.c, relative to where make runs */
	char *dir = lb_xstrndup(__FILE__, strlen(__FILE__) - strlen("unit/test_report_host.c"));
	char *path = lb_xasprintf("%sfixtures/report/%s", dir, name), *buf = NULL;
	lb_error err = {0};

	if (lb_read_file(path, &buf, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	free(dir);
	return buf;
}

static void test_meminfo_fixture(void **state)
{
	char *buf = fixture("meminfo-swap");
	unsigned long long v = 1;

	assert_int_equal(lb_meminfo_parse(buf, "MemTotal", &v), 0);
	assert_int_equal(v, 24684084ull * 1024);
	assert_int_equal(lb_meminfo_parse(buf, "SwapTotal", &v), 0);
	assert_int_equal(v, 2097148ull * 1024);
	assert_int_equal(lb_meminfo_parse(buf, "SwapCached", &v), 0);
	assert_int_equal(v, 0);
	/* a key that is only a prefix of real ones (Active(anon), Active(file)) */
	assert_int_equal(lb_meminfo_parse(buf, "Active", &v), 0);
	assert_int_equal(v, 214356ull * 1024);
	assert_int_equal(lb_meminfo_parse(buf, "Mem", &v), -1);
	assert_int_equal(lb_meminfo_parse(buf, "NoSuchKey", &v), -1);
	free(buf);
}

static void test_meminfo_text(void **state)
{
	unsigned long long v = 0;

	/* no unit: a count (HugePages_Total), taken as is */
	assert_int_equal(lb_meminfo_parse("HugePages_Total:       7\n", "HugePages_Total", &v), 0);
	assert_int_equal(v, 7);
	/* last line without a newline */
	assert_int_equal(lb_meminfo_parse("A: 1 kB\nSwapTotal: 3 kB", "SwapTotal", &v), 0);
	assert_int_equal(v, 3072);
	/* the key must start a line */
	assert_int_equal(lb_meminfo_parse("XMemTotal: 5 kB\n", "MemTotal", &v), -1);
	assert_int_equal(lb_meminfo_parse("MemTotal: kB\n", "MemTotal", &v), -1);
	assert_int_equal(lb_meminfo_parse("MemTotal: 99999999999999999999999 kB\n", "MemTotal", &v),
			 -1);
	assert_int_equal(lb_meminfo_parse("", "MemTotal", &v), -1);
}

static void test_host_fill(void **state)
{
	struct lb_host_info h;
	struct utsname u;
	char *buf = NULL;
	unsigned long long mem;

	memset(&h, 0x55, sizeof(h));
	lb_host_info_fill(&h, "hybrid", "v1", "memory cpu cpuacct cpuset pids");
	assert_int_equal(uname(&u), 0);
	assert_string_equal(h.kernel, u.release);
	assert_string_equal(h.cgroup_mode, "hybrid");
	assert_string_equal(h.backend, "v1");
	assert_string_equal(h.controllers, "memory cpu cpuacct cpuset pids");
	assert_int_equal(h.cpus, sysconf(_SC_NPROCESSORS_ONLN));
	assert_string_equal(h.version, LB_VERSION);
	assert_int_equal(lb_read_file("/proc/meminfo", &buf, NULL, NULL), 0);
	assert_int_equal(lb_meminfo_parse(buf, "MemTotal", &mem), 0);
	assert_int_equal(h.mem_total, mem);
	assert_true(h.mem_total > 0);
	free(buf);

	/* NULLs are empty strings, not crashes */
	lb_host_info_fill(&h, NULL, NULL, NULL);
	assert_string_equal(h.cgroup_mode, "");
	assert_string_equal(h.controllers, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_meminfo_fixture),
	    cmocka_unit_test(test_meminfo_text),
	    cmocka_unit_test(test_host_fill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
