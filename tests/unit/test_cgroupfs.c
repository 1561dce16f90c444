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

#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "run/run.h"
#include "scenario/scenario.h"

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

static void touch(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

/*
 * cpu-idle needs cpu.idle (Linux 5.15 on): on a fake v1 cpu hierarchy and a fake v2 root
 * (which has cpu.idle only in the cgroups below it), with and without the file; and the
 * error `check` and `run` give at the container's place, naming the cgroup version.
 */
static void test_cpu_idle_file(void **state)
{
	char root[] = "/tmp/lbtest-cpuidle-XXXXXX";
	char sub[600];
	struct lb_cg_hier h = {0};

	assert_non_null(mkdtemp(root));
	h.mode = LB_CG_V1;
	h.v1_mount[LB_CTRL_CPU] = root;
	assert_int_equal(lb_cg_has_cpu_idle(&h), 0);
	touch(root, "cpu.idle");
	assert_int_equal(lb_cg_has_cpu_idle(&h), 1);
	h.v1_mount[LB_CTRL_CPU] = NULL;
	assert_int_equal(lb_cg_has_cpu_idle(&h), 0); /* no cpu controller at all */

	h = (struct lb_cg_hier){.mode = LB_CG_V2,
				.use_v2 = true,
				.v2_mount = root,
				.v2_controllers = 1u << LB_CTRL_CPU};
	assert_int_equal(lb_cg_has_cpu_idle(&h), -1); /* no cgroup below the root to tell */
	snprintf(sub, sizeof(sub), "%s/system.slice", root);
	assert_int_equal(mkdir(sub, 0755), 0);
	touch(sub, "cpu.weight");
	assert_int_equal(lb_cg_has_cpu_idle(&h), 0);

	/* the scenario's container, at its place */
	struct lb_scn_ctr ctr = {.name = (char *)"bg", .pos = {.line = 7, .col = 5}};
	ctr.limits.cpu_idle = true;
	struct lb_run_spec run = {.ctrs = &ctr, .n_ctrs = 1};
	struct lb_scenario scn = {.file = (char *)"idle.scn", .runs = &run, .n_runs = 1};
	lb_error err = {0};
	assert_int_equal(lb_run_check_kernel(&scn, &h, &err), -1);
	assert_int_equal(err.kind, LB_ERR_ENV);
	assert_string_equal(err.msg,
			    "idle.scn:7:5: container bg sets cpu-idle, but this kernel has "
			    "no cpu.idle in its cgroup v2 cpu controller (it came in Linux "
			    "5.15); leave cpu-idle out here");
	touch(sub, "cpu.idle");
	assert_int_equal(lb_cg_has_cpu_idle(&h), 1);
	lb_error_clear(&err);
	assert_int_equal(lb_run_check_kernel(&scn, &h, &err), 0);
	ctr.limits.cpu_idle = false; /* nothing to check */
	h.v2_mount = (char *)"/nonexistent";
	assert_int_equal(lb_run_check_kernel(&scn, &h, &err), 0);

	static const char *const files[] = {"system.slice/cpu.weight", "system.slice/cpu.idle",
					    "cpu.idle"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", root, files[i]);
		assert_int_equal(unlink(sub), 0);
	}
	snprintf(sub, sizeof(sub), "%s/system.slice", root);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(root), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hybrid),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_cpu_idle_file),
	};
	return cmocka_run_group_tests_name("cgroupfs", tests, NULL, NULL);
}
