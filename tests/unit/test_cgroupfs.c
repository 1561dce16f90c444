/* SPDX-License-Identifier: MIT */
/* The cgroup mounts found in mountinfo text (fs_mounts), to be made read-only in a container. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cgroup/cgroup.h"

static void test_hybrid(void **state)
{
	char buf[] =
	    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	    "26 22 0:24 / /sys/fs/cgroup ro,nosuid shared:4 - tmpfs tmpfs ro,mode=755\n"
	    "27 26 0:25 / /sys/fs/cgroup/unified rw,nosuid shared:5 - cgroup2 cgroup2 rw\n"
	    "30 26 0:28 / /sys/fs/cgroup/memory rw,nosuid shared:9 - cgroup cgroup rw,memory\n"
	    "31 26 0:29 / /sys/fs/cgroup/cpu,cpuacct rw shared:10 - cgroup cgroup rw,cpu,cpuacct\n"
	    "40 22 0:40 / /mnt/cgroupish rw - tmpfs cgroup rw\n"
	    "41 22 0:41 / /mnt/with\\040space rw - cgroup2 none rw";
	struct lb_cg_hier h;
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_mountinfo(buf, &h, &err), 0);
	assert_int_equal(h.n_fs_mounts, 4);
	assert_string_equal(h.fs_mounts[0], "/sys/fs/cgroup/unified");
	assert_string_equal(h.fs_mounts[1], "/sys/fs/cgroup/memory");
	assert_string_equal(h.fs_mounts[2], "/sys/fs/cgroup/cpu,cpuacct");
	assert_string_equal(h.fs_mounts[3], "/mnt/with space");
	lb_cg_hier_free(&h);
	assert_null(h.fs_mounts);
	assert_int_equal(h.n_fs_mounts, 0);
}

/* How many cgroup mounts the text has; the first is copied to first[]. */
static size_t count(const char *text, char *first, size_t n)
{
	struct lb_cg_hier h;
	lb_error err = {0};

	assert_int_equal(lb_cg_parse_mountinfo(text, &h, &err), 0);
	size_t k = h.n_fs_mounts;
	if (k)
		snprintf(first, n, "%s", h.fs_mounts[0]);
	lb_cg_hier_free(&h);
	return k;
}

static void test_edges(void **state)
{
	char v2[] = "30 1 0:26 / /sys/fs/cgroup rw,nsdelegate - cgroup2 cgroup2 rw\n";
	char none[] = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n";
	char junk[] = "no separator cgroup here\n - cgroup\n\n";
	char many[] = "1 0 0:1 / /a rw - cgroup c rw\n2 0 0:2 / /b rw - cgroup c rw\n";
	char first[64];

	assert_int_equal(count(v2, first, sizeof(first)), 1);
	assert_string_equal(first, "/sys/fs/cgroup");
	assert_int_equal(count(none, first, sizeof(first)), 0);
	assert_int_equal(count(junk, first, sizeof(first)), 0);
	assert_int_equal(count(many, first, sizeof(first)), 2);
	assert_string_equal(first, "/a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hybrid),
	    cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests_name("cgroupfs", tests, NULL, NULL);
}
