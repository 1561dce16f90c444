/* SPDX-License-Identifier: MIT */
/* The launcher's pure parts: the child's failure report, exit codes, docker's capability set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <linux/capability.h>
#include <sys/wait.h>

#include "container/caps.h"
#include "container/confine.h"
#include "container/container.h"

static void test_exit_codes(void **state)
{
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_EXEC, ENOENT), 127);
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_EXEC, EACCES), 126);
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_EXEC, ENOEXEC), 126);
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_EXEC, ELOOP), 126);
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_SETUP, EPERM), 125);
	assert_int_equal(lb_child_exit_code(LB_CHILD_STAGE_SETUP, 0), 125);
}

/* Wait statuses as the kernel encodes them: exit code in bits 8-15, signal in bits 0-6. */
static void test_wait_status(void **state)
{
	assert_int_equal(lb_wait_status_code(0), 0);
	assert_int_equal(lb_wait_status_code(7 << 8), 7);
	assert_int_equal(lb_wait_status_code(255 << 8), 255);
	assert_int_equal(lb_wait_status_code(SIGKILL), 137);
	assert_int_equal(lb_wait_status_code(SIGINT), 130);
	assert_int_equal(lb_wait_status_code(SIGSEGV | 0x80), 139); /* with a core dump */
}

static void test_report_roundtrip(void **state)
{
	struct lb_child_report r, d;

	char msg[300];

	lb_child_report_set(&r, LB_CHILD_STAGE_EXEC, ENOENT, "exec", "nosuch");
	assert_int_equal(lb_child_report_decode(&r, sizeof(r), &d), 0);
	assert_int_equal(d.stage, LB_CHILD_STAGE_EXEC);
	assert_int_equal(d.errnum, ENOENT);
	assert_string_equal(d.msg, "exec nosuch");
	/* The child cannot format: the parent adds the errno's text. */
	lb_child_report_format(&d, msg, sizeof(msg));
	assert_string_equal(msg, "exec nosuch: No such file or directory");
	lb_child_report_set(&r, LB_CHILD_STAGE_SETUP, 0, "setsid", NULL);
	lb_child_report_format(&r, msg, sizeof(msg));
	assert_string_equal(msg, "setsid");
}

static void test_report_truncates(void **state)
{
	struct lb_child_report r, d;
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lb_child_report_set(&r, LB_CHILD_STAGE_SETUP, EPERM, big, NULL);
	assert_int_equal(lb_child_report_decode(&r, sizeof(r), &d), 0);
	assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
	/* The argument is cut as well, and so is the space before it. */
	memset(big, 'y', sizeof(d.msg) - 1);
	big[sizeof(d.msg) - 1] = '\0';
	lb_child_report_set(&r, LB_CHILD_STAGE_SETUP, EPERM, big, "arg");
	assert_int_equal(strlen(r.msg), sizeof(r.msg) - 1);
	assert_null(strchr(r.msg, ' '));
	lb_child_report_set(&r, LB_CHILD_STAGE_SETUP, EPERM, "chdir", big);
	assert_int_equal(strlen(r.msg), sizeof(r.msg) - 1);
	assert_memory_equal(r.msg, "chdir yyy", 9);
}

static void test_report_rejects_garbage(void **state)
{
	struct lb_child_report r, d;

	lb_child_report_set(&r, LB_CHILD_STAGE_EXEC, ENOENT, "exec", "x");
	/* A short read, an unknown stage, a message without its NUL. */
	assert_int_equal(lb_child_report_decode(&r, sizeof(r) - 1, &d), -1);
	assert_int_equal(lb_child_report_decode(&r, 0, &d), -1);
	r.stage = 9;
	assert_int_equal(lb_child_report_decode(&r, sizeof(r), &d), -1);
	r.stage = LB_CHILD_STAGE_EXEC;
	memset(r.msg, 'a', sizeof(r.msg));
	assert_int_equal(lb_child_report_decode(&r, sizeof(r), &d), -1);
}

/* docker's default set, as /proc/PID/status shows a docker container's CapBnd. */
static void test_default_caps(void **state)
{
	assert_int_equal(lb_caps_default_mask(), 0x00000000a80425fbull);
	assert_true(lb_caps_is_default(CAP_CHOWN));
	assert_true(lb_caps_is_default(CAP_NET_BIND_SERVICE));
	assert_true(lb_caps_is_default(CAP_AUDIT_WRITE));
	assert_false(lb_caps_is_default(CAP_SYS_ADMIN));
	assert_false(lb_caps_is_default(CAP_NET_ADMIN));
	assert_false(lb_caps_is_default(CAP_SYS_PTRACE));
	assert_false(lb_caps_is_default(CAP_DAC_READ_SEARCH));
}

/* docker's --cap-add/--cap-drop over the default set: names in docker's spellings (libcap
 * reads them), a drop of ALL first, adds winning over drops, unknown names refused. */
static void test_caps_mask(void **state)
{
	const char *add_admin[] = {"NET_ADMIN", "cap_sys_ptrace", NULL};
	const char *drop_raw[] = {"net_raw", "CAP_CHOWN", NULL};
	const char *all[] = {"ALL", NULL}, *chown_[] = {"CHOWN", NULL};
	const char *bad_name[] = {"NET_ADMIN", "NO_SUCH", NULL};
	const char *bad;
	uint64_t m, def = lb_caps_default_mask();

	assert_int_equal(lb_caps_mask(NULL, NULL, &m, &bad), 0);
	assert_int_equal(m, def);
	assert_int_equal(lb_caps_mask(add_admin, drop_raw, &m, &bad), 0);
	assert_int_equal(m, (def | 1ull << CAP_NET_ADMIN | 1ull << CAP_SYS_PTRACE) &
				~(1ull << CAP_NET_RAW | 1ull << CAP_CHOWN));
	assert_int_equal(lb_caps_mask(NULL, all, &m, &bad), 0);
	assert_int_equal(m, 0);
	assert_int_equal(lb_caps_mask(chown_, all, &m, &bad), 0); /* the add wins */
	assert_int_equal(m, 1ull << CAP_CHOWN);
	assert_int_equal(lb_caps_mask(all, NULL, &m, &bad), 0);
	assert_true(m & 1ull << CAP_SYS_ADMIN);
	assert_true(m & 1ull << CAP_BPF); /* every capability this kernel has */
	assert_int_equal(lb_caps_mask(bad_name, NULL, &m, &bad), -1);
	assert_string_equal(bad, "NO_SUCH");
	assert_int_equal(lb_caps_mask(NULL, (const char *[]){"", NULL}, &m, &bad), -1);
}

/* The read-only fallback before Linux 5.12: the mounts below a prefix, with their flags (not
 * ro: it is added), as seen from a rootfs, escapes decoded. */
static void test_mountinfo_below(void **state)
{
	const char *mi =
	    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	    "23 22 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	    "26 23 0:24 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro\n"
	    "27 22 0:25 / /sysfoo rw - tmpfs tmpfs rw\n"
	    "28 23 0:26 / /sys/a\\040b rw,noatime - tmpfs tmpfs rw\n"
	    "garbage\n";
	struct lb_mount_point *m;
	size_t n;
	lb_error err = {0};

	assert_int_equal(lb_mountinfo_below(mi, "/sys", "/root", &m, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].path, "/root/sys");
	assert_int_equal(m[0].flags, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
	assert_string_equal(m[1].path, "/root/sys/fs/cgroup");
	assert_int_equal(m[1].flags, MS_NOSUID | MS_NODEV | MS_NOEXEC);
	assert_string_equal(m[2].path, "/root/sys/a b");
	assert_int_equal(m[2].flags, MS_NOATIME);
	for (size_t i = 0; i < n; i++)
		free((char *)m[i].path);
	free(m);
	assert_int_equal(lb_mountinfo_below(mi, "/", "", &m, &n, &err), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		free((char *)m[i].path);
	free(m);
}

/* Device paths: below /dev, no "." or ".." component that could name something else. */
static void test_dev_path(void **state)
{
	assert_true(lb_is_dev_path("/dev/kvm"));
	assert_true(lb_is_dev_path("/dev/net/tun"));
	assert_true(lb_is_dev_path("/dev/.hidden"));
	assert_false(lb_is_dev_path("/dev/"));
	assert_false(lb_is_dev_path("/dev"));
	assert_false(lb_is_dev_path("/etc/passwd"));
	assert_false(lb_is_dev_path("dev/null"));
	assert_false(lb_is_dev_path("/dev/."));
	assert_false(lb_is_dev_path("/dev/./null"));
	assert_false(lb_is_dev_path("/dev/.."));
	assert_false(lb_is_dev_path("/dev/../etc"));
	assert_false(lb_is_dev_path("/dev/net/.."));
	assert_false(lb_is_dev_path("/dev//null"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_codes),
	    cmocka_unit_test(test_wait_status),
	    cmocka_unit_test(test_report_roundtrip),
	    cmocka_unit_test(test_report_truncates),
	    cmocka_unit_test(test_report_rejects_garbage),
	    cmocka_unit_test(test_default_caps),
	    cmocka_unit_test(test_caps_mask),
	    cmocka_unit_test(test_mountinfo_below),
	    cmocka_unit_test(test_dev_path),
	};
	return cmocka_run_group_tests_name("container", tests, NULL, NULL);
}
