/* SPDX-License-Identifier: MIT */
/* lb_read_file: whole files of every size around its stack buffer, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/fs.h"

static void roundtrip(size_t size)
{
	char path[] = "/tmp/lbtest-fs-XXXXXX";
	int fd = mkstemp(path);
	char *want = malloc(size + 1);
	char *got = NULL;
	size_t len = 12345;
	lb_error err = {0};

	assert_true(fd >= 0);
	assert_non_null(want);
	for (size_t i = 0; i < size; i++)
		want[i] = (char)('a' + (i * 7 + i / 251) % 26);
	assert_int_equal(write(fd, want, size), (ssize_t)size);
	close(fd);
	assert_int_equal(lb_read_file(path, &got, &len, &err), 0);
	unlink(path);
	assert_int_equal(len, size);
	assert_memory_equal(got, want, size);
	assert_int_equal(got[size], '\0');
	free(got);
	free(want);
}

static void test_sizes(void **state)
{
	static const size_t sizes[] = {0, 1, 100, 4095, 4096, 4097, 8191, 8192, 8193, 100000};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		roundtrip(sizes[i]);
}

static void test_proc_and_missing(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	lb_error err = {0};

	(void)state;
	/* A /proc file: its size says 0, its text is there. */
	assert_int_equal(lb_read_file("/proc/self/stat", &buf, &len, &err), 0);
	assert_true(len > 10);
	assert_int_equal(strlen(buf), len);
	free(buf);
	assert_int_equal(lb_read_file("/nonexistent/lbtest", &buf, &len, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent/lbtest"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_proc_and_missing),
	};
	return cmocka_run_group_tests_name("fs", tests, NULL, NULL);
}
