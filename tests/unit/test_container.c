/* SPDX-License-Identifier: MIT */
/* The launcher's pure parts: the child's failure report, exit codes, docker's capability set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <linux/capability.h>
#include <sys/wait.h>

#include "container/caps.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_codes),
	    cmocka_unit_test(test_wait_status),
	    cmocka_unit_test(test_report_roundtrip),
	    cmocka_unit_test(test_report_truncates),
	    cmocka_unit_test(test_report_rejects_garbage),
	    cmocka_unit_test(test_default_caps),
	};
	return cmocka_run_group_tests_name("container", tests, NULL, NULL);
}
