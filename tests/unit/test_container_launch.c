/* SPDX-License-Identifier: MIT */
/*
 * The launcher's API on real processes: namespaces subsets, set-up and exec failures coming
 * back with their stage, release before and after start.  Needs root (a cgroup and
 * namespaces); skipped otherwise, unless LB_MUST_WORK=1 (CI) makes that a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/caps.h"
#include "container/container.h"

struct fixture {
	struct lb_cg_hier hier;
	bool have_hier;
	struct lb_cg_session *session;
	struct lb_cgroup *cg;
};

static char *const clean_env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};

/* What most tests launch: argv in every namespace, in the fixture's cgroup, with a clean
 * environment, stdin from /dev/null and the test's own stdout and stderr. */
static struct lb_container_spec test_spec(struct fixture *f, char *const *argv)
{
	return (struct lb_container_spec){
	    .argv = argv,
	    .envp = clean_env,
	    .namespaces = LB_NS_ALL,
	    .cgroup = f->cg,
	    .stdin_fd = -1,
	    .stdout_fd = -1,
	    .stderr_fd = -1,
	    .tty_fd = -1,
	};
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	lb_error err = {0};
	struct lb_limits lim = {0};

	*state = f;
	if (geteuid() != 0)
		return 0;
	if (lb_cg_detect(&f->hier, &err) < 0)
		goto fail;
	f->have_hier = true;
	if (lb_cg_session_open(&f->hier, "lbtest-unit-launch", &f->session, &err) < 0 ||
	    lb_cgroup_create(f->session, "c", &lim, &f->cg, &err) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "set-up: %s\n", err.msg);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	lb_error err = {0};

	if (f->cg)
		lb_cgroup_destroy(f->cg, &err);
	lb_cg_session_close(f->session);
	if (f->have_hier)
		lb_cg_hier_free(&f->hier);
	free(f);
	return 0;
}

static struct fixture *need_root(void **state)
{
	if (geteuid() != 0) {
		const char *must = getenv("LB_MUST_WORK");
		if (must && !strcmp(must, "1"))
			fail_msg("needs root (LB_MUST_WORK=1)");
		skip();
	}
	return *state;
}

/* Run spec with stdout into a pipe; returns what it printed (static buffer) and its code. */
static const char *run_spec(struct lb_container_spec spec, int *code)
{
	static char out[4096];
	struct lb_container c;
	lb_error err = {0};
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	spec.stdout_fd = p[1];
	assert_int_equal(lb_container_create(&spec, &c, &err), 0);
	close(p[1]);
	assert_int_equal(lb_container_start(&c, &err), 0);
	size_t n = 0;
	ssize_t r;
	while ((r = read(p[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	assert_int_equal(lb_container_reap(&c, true), 1);
	*code = lb_container_exit_code(&c);
	lb_container_release(&c);
	return out;
}

static const char *run(struct fixture *f, char *const *argv, unsigned ns, const char *host,
		       int *code)
{
	struct lb_container_spec spec = test_spec(f, argv);

	spec.hostname = host;
	spec.namespaces = ns;
	return run_spec(spec, code);
}

static void test_all_namespaces(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sh", "-c", "echo $$ $(cat /proc/sys/kernel/hostname)", NULL};
	int code;

	assert_string_equal(run(f, argv, LB_NS_ALL, "unit-host", &code), "1 unit-host\n");
	assert_int_equal(code, 0);
}

/* namespaces: [] runs it in the cgroup alone: the host's pid namespace and hostname. */
static void test_no_namespaces(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sh", "-c", "cat /proc/sys/kernel/hostname; exit 3", NULL};
	char host[256] = "";
	int code;

	gethostname(host, sizeof(host) - 1);
	strcat(host, "\n");
	assert_string_equal(run(f, argv, 0, "ignored-without-uts", &code), host);
	assert_int_equal(code, 3);
}

/* argv reaches execvp as given: no joining, no splitting. */
static void test_argv_exact(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"printf", "[%s]", "a b", "", " c ", "$HOME", NULL};
	int code;

	assert_string_equal(run(f, argv, LB_NS_ALL, NULL, &code), "[a b][][ c ][$HOME]");
	assert_int_equal(code, 0);
}

static void test_exec_enoent(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"no-such-command-lb-unit", NULL};
	struct lb_container_spec spec = test_spec(f, argv);
	struct lb_container c;
	lb_error err = {0};

	assert_int_equal(lb_container_create(&spec, &c, &err), 0);
	assert_int_equal(lb_container_start(&c, &err), -1);
	assert_int_equal(c.exec_stage, LB_CHILD_STAGE_EXEC);
	assert_int_equal(c.exec_errno, ENOENT);
	assert_int_equal(c.exec_code, 127);
	assert_string_equal(c.exec_error,
			    "exec no-such-command-lb-unit: No such file or directory");
	assert_string_equal(err.msg, "exec no-such-command-lb-unit: No such file or directory");
	assert_int_equal(lb_container_reap(&c, true), 1);
	assert_int_equal(lb_container_exit_code(&c), 127);
	lb_container_release(&c);
}

/* With the harness's stdin closed, the launcher's own fds must not land on 0, where the child
 * puts the workload's stdin. */
static void test_harness_stdin_closed(void **state)
{
	struct fixture *f = need_root(state);
	/* stdin is /dev/null: read nothing, and it is not the host's /dev the child opens. */
	char *const argv[] = {"sh", "-c", "test -c /dev/stdin && cat && echo ran", NULL};
	struct lb_container c;
	lb_error err = {0};
	char out[64];
	int p[2];

	assert_int_equal(pipe(p), 0);
	struct lb_container_spec spec = test_spec(f, argv);
	spec.stdout_fd = p[1];
	int saved = dup(0);
	assert_true(saved > 2);
	close(0);
	int rc = lb_container_create(&spec, &c, &err);
	dup2(saved, 0);
	close(saved);
	assert_int_equal(rc, 0);
	close(p[1]);
	assert_int_equal(lb_container_start(&c, &err), 0);
	ssize_t n = read(p[0], out, sizeof(out) - 1);
	close(p[0]);
	assert_int_equal(n, 4);
	out[n] = '\0';
	assert_string_equal(out, "ran\n");
	assert_int_equal(lb_container_reap(&c, true), 1);
	assert_int_equal(lb_container_exit_code(&c), 0);
	lb_container_release(&c);
}

/* A failure before exec (here sethostname refusing a 100-byte name) comes back with its stage
 * and message, and the child exits 125. */
static void test_setup_failure(void **state)
{
	struct fixture *f = need_root(state);
	char host[101];
	char *const argv[] = {"true", NULL};
	struct lb_container c;
	lb_error err = {0};

	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	struct lb_container_spec spec = test_spec(f, argv);
	spec.hostname = host;
	assert_int_equal(lb_container_create(&spec, &c, &err), 0);
	assert_int_equal(lb_container_start(&c, &err), -1);
	assert_int_equal(c.exec_stage, LB_CHILD_STAGE_SETUP);
	assert_int_equal(c.exec_errno, EINVAL);
	assert_int_equal(c.exec_code, 125);
	assert_non_null(strstr(err.msg, "sethostname"));
	assert_non_null(strstr(err.msg, "Invalid argument"));
	assert_int_equal(lb_container_reap(&c, true), 1);
	assert_int_equal(lb_container_exit_code(&c), 125);
	lb_container_release(&c);
}

/* Release kills what runs and is safe twice; signalling a reaped container is ESRCH. */
static void test_release_running(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sleep", "100", NULL};
	struct lb_container_spec spec = test_spec(f, argv);
	struct lb_container c;
	lb_error err = {0};

	assert_int_equal(lb_container_create(&spec, &c, &err), 0);
	assert_int_equal(lb_container_start(&c, &err), 0);
	assert_int_equal(lb_container_reap(&c, false), 0);
	lb_container_release(&c);
	assert_true(c.reaped);
	assert_int_equal(lb_container_exit_code(&c), 128 + SIGKILL);
	assert_int_equal(c.pidfd, -1);
	lb_container_release(&c);
	assert_int_equal(lb_container_signal(&c, SIGTERM), -1);
	assert_int_equal(errno, ESRCH);
}

/* Released before its start, the child never runs the workload. */
static void test_release_unstarted(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sleep", "100", NULL};
	struct lb_container_spec spec = test_spec(f, argv);
	struct lb_container c;
	lb_error err = {0};

	assert_int_equal(lb_container_create(&spec, &c, &err), 0);
	lb_container_release(&c);
	assert_true(c.reaped);
	assert_false(c.started);
	assert_int_equal(c.go_fd, -1);
	assert_int_equal(c.err_fd, -1);
}

/* The workload's capabilities are docker's default set in the bounding, permitted and
 * effective sets, none inheritable or ambient, and no_new_privs is set: read by the workload
 * itself from /proc/self/status. */
static void test_caps_and_no_new_privs(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"grep", "-E",
			      "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):", "/proc/self/status", NULL};
	char want[512];
	unsigned long long m = (unsigned long long)lb_caps_default_mask();
	int code;

	snprintf(want, sizeof(want),
		 "CapInh:\t0000000000000000\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		 "CapBnd:\t%016llx\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\n",
		 m, m, m);
	assert_string_equal(run(f, argv, LB_NS_ALL, NULL, &code), want);
	assert_int_equal(code, 0);
	/* The same without namespaces: the set does not come from them. */
	assert_string_equal(run(f, argv, 0, NULL, &code), want);
}

/* An fd the caller left open without CLOEXEC (7) never reaches the workload. */
static void test_fd_not_inherited(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sh", "-c", "test -e /proc/self/fd/7 && echo leaked || echo closed",
			      NULL};
	int code;

	int fd = open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, 7), 7);
	if (fd != 7)
		close(fd);
	assert_string_equal(run(f, argv, LB_NS_ALL, NULL, &code), "closed\n");
	assert_string_equal(run(f, argv, 0, NULL, &code), "closed\n");
	close(7);
}

/* /sys, the cgroup mounts below it and, with readonly_rootfs, every mount are read-only, with
 * mount_setattr and with the remounts of a kernel before 5.12 (no_mount_setattr). */
static void test_readonly_trees(void **state)
{
	struct fixture *f = need_root(state);
	/* Every mount below /sys that is not read-only; then a write to the root. */
	char *const argv[] = {"sh", "-c",
			      "awk '$5 ~ \"^/sys(/|$)\" && $6 !~ /^ro/ { print $5 }' "
			      "/proc/self/mountinfo; touch /lb-unit-ro 2>/dev/null && echo wrote; "
			      "echo done",
			      NULL};
	int code;

	for (int legacy = 0; legacy < 2; legacy++) {
		struct lb_container_spec spec = test_spec(f, argv);
		spec.no_mount_setattr = legacy;
		spec.readonly_rootfs = true;
		assert_string_equal(run_spec(spec, &code), "done\n");
		assert_int_equal(code, 0);
		assert_int_equal(access("/lb-unit-ro", F_OK), -1);
	}
}

/* Its cgroup filesystems are read-only, with mount_setattr and without: root in the container
 * cannot move itself into another cgroup (the one at the top of each hierarchy). */
static void test_cgroupfs_readonly(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"sh", "-c",
			      "for f in /sys/fs/cgroup/cgroup.procs /sys/fs/cgroup/*/cgroup.procs; "
			      "do [ -e $f ] && (echo $$ >$f) 2>/dev/null && echo escaped $f; "
			      "done; echo tried",
			      NULL};
	int code;

	for (int legacy = 0; legacy < 2; legacy++) {
		struct lb_container_spec spec = test_spec(f, argv);
		spec.no_mount_setattr = legacy;
		assert_string_equal(run_spec(spec, &code), "tried\n");
		assert_int_equal(code, 0);
	}
}

/* Without the mount namespace, nothing can be mounted for it: an error before the clone. */
static void test_confine_needs_mount_ns(void **state)
{
	struct fixture *f = need_root(state);
	char *const argv[] = {"true", NULL};
	struct lb_container_spec spec = test_spec(f, argv);
	struct lb_container c;
	lb_error err = {0};

	spec.namespaces = LB_NS_ALL & ~LB_NS_MOUNT;
	spec.readonly_rootfs = true;
	assert_int_equal(lb_container_create(&spec, &c, &err), -1);
	assert_int_equal(err.kind, LB_ERR_USAGE);
	assert_non_null(strstr(err.msg, "mount namespace"));
	spec = test_spec(f, argv);
	spec.rootfs = "/etc/passwd";
	assert_int_equal(lb_container_create(&spec, &c, &err), -1);
	assert_string_equal(err.msg, "rootfs /etc/passwd: not a directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_namespaces),
	    cmocka_unit_test(test_no_namespaces),
	    cmocka_unit_test(test_argv_exact),
	    cmocka_unit_test(test_exec_enoent),
	    cmocka_unit_test(test_setup_failure),
	    cmocka_unit_test(test_release_running),
	    cmocka_unit_test(test_release_unstarted),
	    cmocka_unit_test(test_harness_stdin_closed),
	    cmocka_unit_test(test_caps_and_no_new_privs),
	    cmocka_unit_test(test_fd_not_inherited),
	    cmocka_unit_test(test_readonly_trees),
	    cmocka_unit_test(test_cgroupfs_readonly),
	    cmocka_unit_test(test_confine_needs_mount_ns),
	};
	return cmocka_run_group_tests_name("container_launch", tests, setup, teardown);
}
