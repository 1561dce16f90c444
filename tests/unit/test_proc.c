/* SPDX-License-Identifier: MIT */
/* The /proc probes: VmRSS from status, field 39 from stat, CPU lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sample/proc.h"
#include "util/fs.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures/proc/"
#endif

static char *fixture(const char *name)
{
	char path[256];
	char *buf = NULL;
	size_t len;
	lb_error err = {0};

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	if (lb_read_file(path, &buf, &len, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	return buf;
}

static void test_vmrss_captured(void **state)
{
	char *cat = fixture("status-cat.txt");
	char *sleep = fixture("status-sleep.txt");
	uint64_t b = 0;

	assert_int_equal(lb_proc_parse_vmrss(cat, &b), 0);
	assert_int_equal(b, 2244ull * 1024);
	assert_int_equal(lb_proc_parse_vmrss(sleep, &b), 0);
	assert_int_equal(b, 1880ull * 1024);
	free(cat);
	free(sleep);
}

static void test_vmrss_absent(void **state)
{
	/* A kernel thread has no mm, so no Vm* lines at all. */
	char *kt = fixture("status-kthread.txt");
	uint64_t b = 7;

	assert_int_equal(lb_proc_parse_vmrss(kt, &b), -1);
	assert_int_equal(b, 7);
	free(kt);
	assert_int_equal(lb_proc_parse_vmrss("", &b), -1);
	/* Only a key that starts a line counts. */
	assert_int_equal(lb_proc_parse_vmrss("Name:\tVmRSS: 5 kB\n", &b), -1);
	assert_int_equal(lb_proc_parse_vmrss("VmRSS:\t  12 kB\n", &b), 0);
	assert_int_equal(b, 12 * 1024);
	assert_int_equal(lb_proc_parse_vmrss("Name:\tx\nVmRSS:\t\n", &b), -1);
	assert_int_equal(lb_proc_parse_vmrss("Name:\tx\nVmRSS:\t 3 MB\n", &b), -1);
}

static void test_statm_matches_vmrss(void **state)
{
	/* status and statm captured from the same idle process: the same RSS counter. */
	char *status = fixture("status-sleep.txt");
	char *statm = fixture("statm-sleep.txt");
	uint64_t vmrss = 0, rss = 0;

	assert_int_equal(lb_proc_parse_vmrss(status, &vmrss), 0);
	assert_int_equal(lb_proc_parse_statm_rss(statm, 4096, &rss), 0);
	assert_int_equal(rss, vmrss);
	assert_int_equal(lb_proc_parse_statm_rss("10 3 2 1 0 1 0\n", 65536, &rss), 0);
	assert_int_equal(rss, 3 * 65536);
	assert_int_equal(lb_proc_parse_statm_rss("10\n", 4096, &rss), -1);
	assert_int_equal(lb_proc_parse_statm_rss("", 4096, &rss), -1);
	assert_int_equal(lb_proc_parse_statm_rss("10 3x 1", 4096, &rss), -1);
	free(status);
	free(statm);
}

static void test_stat_cpu_paren_comm(void **state)
{
	/* comm is "x) (y z)": spaces and both parentheses; the task was pinned to CPU 1. */
	char *st = fixture("stat-paren.txt");
	int cpu = -1;

	assert_non_null(strstr(st, "(x) (y z))"));
	assert_int_equal(lb_proc_parse_stat_cpu(st, &cpu), 0);
	assert_int_equal(cpu, 1);
	free(st);
}

static void test_stat_cpu_literal(void **state)
{
	int cpu = -1;
	char line[512];

	/* Fields 3..38 as 36 tokens, then 39 = 5, then more. */
	strcpy(line, "42 (a b) R");
	for (int f = 4; f <= 38; f++)
		strcat(line, " 0");
	strcat(line, " 5 0 0 0\n");
	assert_int_equal(lb_proc_parse_stat_cpu(line, &cpu), 0);
	assert_int_equal(cpu, 5);

	/* The same line cut before field 39 is an error, not a wrong CPU. */
	*strrchr(line, '5') = '\0';
	assert_int_equal(lb_proc_parse_stat_cpu(line, &cpu), -1);
	assert_int_equal(lb_proc_parse_stat_cpu("42 no paren R 0 0", &cpu), -1);
	assert_int_equal(lb_proc_parse_stat_cpu("", &cpu), -1);
}

static void test_cpuset_format(void **state)
{
	struct lb_cpuset s = {0};
	char buf[64];

	assert_true(lb_cpuset_empty(&s));
	assert_string_equal(lb_cpuset_format(&s, buf, sizeof(buf)), "");
	lb_cpuset_add(&s, 1);
	assert_string_equal(lb_cpuset_format(&s, buf, sizeof(buf)), "1");
	lb_cpuset_add(&s, 0);
	assert_string_equal(lb_cpuset_format(&s, buf, sizeof(buf)), "0-1");
	lb_cpuset_add(&s, 4);
	lb_cpuset_add(&s, 63);
	lb_cpuset_add(&s, 64);
	lb_cpuset_add(&s, 65);
	lb_cpuset_add(&s, 9999); /* out of range: ignored */
	assert_string_equal(lb_cpuset_format(&s, buf, sizeof(buf)), "0-1,4,63-65");
	/* A short buffer ends at a whole range. */
	assert_string_equal(lb_cpuset_format(&s, buf, 6), "0-1,4");
	assert_false(lb_cpuset_empty(&s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vmrss_captured),	cmocka_unit_test(test_vmrss_absent),
	    cmocka_unit_test(test_statm_matches_vmrss), cmocka_unit_test(test_stat_cpu_paren_comm),
	    cmocka_unit_test(test_stat_cpu_literal),	cmocka_unit_test(test_cpuset_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
