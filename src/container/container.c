/* SPDX-License-Identifier: MIT */
/*
 * The launcher: clone the child into new namespaces (and, on cgroup v2, straight into its
 * cgroup), then release it over the go barrier and learn whether its exec worked.
 *
 *   harness                                  child (see child.c)
 *   socketpair go, pipe2 err (CLOEXEC)
 *   plan the confinement (confine.c)
 *   clone3(CLONE_INTO_CGROUP | CLONE_PIDFD)  pdeathsig, setsid, stdio, mounts, lo up,
 *     or clone (v1: the child writes "0"    hostname, caps, no_new_privs, close fds, signals
 *     to its cgroup's tasks files first)
 *   wait_ready: read "r" <───────────────── write "r" on go: set up, waiting
 *   release: send go  ─────────────────────> read go
 *   confirm: read err until EOF <─────────── execve; on failure write a report, _exit(126/127)
 *
 * A run waits for every container to be ready, sends each its go byte while they all still
 * wait at a barrier the run shares (spec->barrier_fd), closes that to wake them in one
 * system call, then confirms each exec (run/loop.c).  After the go byte the child sends
 * back when it woke (woke_ns), before its exec.
 */
#include "container/container.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/child.h"
#include "util/cleanup.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The clone3 argument, version 2 (Linux 5.7, the first with CLONE_INTO_CGROUP).  Our own copy,
 * so that the build does not depend on how new the installed kernel headers are. */
struct lb_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

static uint64_t ns_flags(unsigned ns)
{
	uint64_t f = 0;

	if (ns & LB_NS_PID)
		f |= CLONE_NEWPID;
	if (ns & LB_NS_MOUNT)
		f |= CLONE_NEWNS;
	if (ns & LB_NS_UTS)
		f |= CLONE_NEWUTS;
	if (ns & LB_NS_IPC)
		f |= CLONE_NEWIPC;
	if (ns & LB_NS_NET)
		f |= CLONE_NEWNET;
	return f;
}

/*
 * clone3 into the v2 cgroup: fork-like (no stack given: the child continues on a copy of this
 * stack), so the child is a full copy of the harness and ASan stays happy.  Returns the pid
 * (0 in the child) or -1 with errno.
 */
static pid_t clone_into_cgroup(uint64_t flags, int cgroup_fd, int *pidfd)
{
	struct lb_clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = flags | CLONE_PIDFD | CLONE_INTO_CGROUP;
	ca.pidfd = (uint64_t)(uintptr_t)pidfd;
	ca.exit_signal = SIGCHLD;
	ca.cgroup = (uint64_t)cgroup_fd;
	return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

/* The classic clone, fork-like as well.  x86_64 and arm64 both take (flags, stack,
 * parent_tid, ...), and CLONE_PIDFD stores the pidfd through parent_tid (Linux 5.2). */
static pid_t clone_plain(uint64_t flags, int *pidfd)
{
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)(flags | CLONE_PIDFD | SIGCHLD), NULL,
				   pidfd, NULL, NULL);

	if (pid < 0 && errno == EINVAL) {
		/* Before 5.2 CLONE_PIDFD is unknown; the caller falls back to pidfd_open. */
		*pidfd = -1;
		pid = (pid_t)syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), NULL, NULL, NULL,
				     NULL);
	}
	return pid;
}

static void container_init(struct lb_container *c)
{
	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->pidfd = -1;
	c->go_fd = -1;
	c->err_fd = -1;
}

int lb_container_create(const struct lb_container_spec *spec, struct lb_container *c, lb_error *err)
{
	int go[2] = {-1, -1}, ep[2] = {-1, -1};
	int pidfd = -1;
	bool attached = false;
	pid_t pid;
	struct lb_confine plan = {0};

	container_init(c);
	if (!spec->argv || !spec->argv[0] || !spec->argv[0][0])
		return lb_error_usage(err, "no command to run");
	if (!spec->cgroup)
		return lb_error_set(err, LB_ERR_INTERNAL, 0, "container without a cgroup");
	if (!spec->envp)
		return lb_error_set(err, LB_ERR_INTERNAL, 0, "container without an environment");

	/* go is a socket so that sending to a child that already died is EPIPE without the
	 * SIGPIPE a pipe would raise (MSG_NOSIGNAL). */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) < 0)
		return lb_error_sys(err, "socketpair");
	if (pipe2(ep, O_CLOEXEC) < 0) {
		lb_error_sys(err, "pipe2");
		goto fail;
	}
	/* The child dup2()s the workload's stdio onto 0..2: the barrier fds must not be there
	 * (they would be, were one of the harness's 0..2 closed). */
	int *fds[] = {&go[0], &go[1], &ep[0], &ep[1]};
	for (size_t i = 0; i < LB_ARRAY_SIZE(fds); i++) {
		if (*fds[i] > 2)
			continue;
		int high = fcntl(*fds[i], F_DUPFD_CLOEXEC, 3);
		if (high < 0) {
			lb_error_sys(err, "fcntl(F_DUPFD_CLOEXEC)");
			goto fail;
		}
		close(*fds[i]);
		*fds[i] = high;
	}

	/* Everything the child needs, before the clone: it may not allocate (child.c). */
	if (lb_confine_plan(spec, &plan, err) < 0)
		goto fail;
	struct lb_child_args args = {
	    .spec = spec,
	    .plan = &plan,
	    .go_fd = go[0],
	    .err_fd = ep[1],
	    .barrier_fd = spec->has_barrier ? spec->barrier_fd : -1,
	    .parent_pid = getpid(),
	};
	uint64_t flags = ns_flags(spec->namespaces);
	int cgfd = lb_cgroup_v2_fd(spec->cgroup);
	int attach_fds[LB_CTRL_COUNT];
	size_t n_attach = 0;

	/* v1: the child moves itself in, before it does anything else. */
	if (cgfd < 0) {
		if (lb_cgroup_self_attach_open(spec->cgroup, attach_fds, &n_attach, err) < 0)
			goto fail;
		args.attach_fds = attach_fds;
		args.n_attach = n_attach;
		attached = n_attach > 0;
	}

	pid = -1;
	if (cgfd >= 0) {
		pid = clone_into_cgroup(flags, cgfd, &pidfd);
		/* ENOSYS: no clone3 (before 5.3); E2BIG: it does not know the cgroup field
		 * (before 5.7).  Then the harness places the child itself, as on v1. */
		if (pid >= 0)
			attached = true;
		else if (errno != ENOSYS && errno != E2BIG) {
			lb_error_sys(err, "clone3 into cgroup %s", lb_cgroup_path(spec->cgroup));
			goto fail;
		}
	}
	if (pid < 0)
		pid = clone_plain(flags, &pidfd);
	int clone_errno = errno;
	for (size_t i = 0; i < n_attach; i++)
		if (pid != 0)
			close(attach_fds[i]);
	if (pid < 0) {
		errno = clone_errno;
		lb_error_sys(err, "clone");
		goto fail;
	}
	if (pid == 0) {
		close(go[1]);
		close(ep[0]);
		lb_child_main(&args);
	}

	c->pid = pid;
	lb_confine_free(&plan);
	close(go[0]);
	close(ep[1]);
	c->go_fd = go[1];
	c->err_fd = ep[0];
	if (pidfd < 0) {
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		/* Before 5.3 there is none; reaping works without it (waitpid). */
	}
	c->pidfd = pidfd;
	/* Without CLONE_INTO_CGROUP the child is still blocked before the go barrier, so it is
	 * in its cgroup before the workload's first instruction all the same. */
	if (!attached && lb_cgroup_attach(spec->cgroup, pid, err) < 0) {
		lb_container_release(c);
		return lb_error_wrap(err, "place the container in its cgroup");
	}
	return 0;

fail:
	lb_confine_free(&plan);
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return -1;
}

void lb_container_wait_ready(struct lb_container *c)
{
	char b;
	ssize_t r;

	if (c->ready || c->started || c->go_fd < 0)
		return;
	c->ready = true;
	/* "r" when set up; EOF (or ECONNRESET) when it died first: its report is in the error
	 * pipe, which lb_container_confirm() reads. */
	do
		r = recv(c->go_fd, &b, 1, 0);
	while (r < 0 && errno == EINTR);
}

int lb_container_go(struct lb_container *c, lb_error *err)
{
	ssize_t w;

	if (c->started)
		return 0;
	if (c->pid <= 0)
		return lb_error_set(err, LB_ERR_INTERNAL, 0, "start of a container not created");
	c->started = true;
	/* If the child already failed in its set-up, this fails with EPIPE and its report is
	 * waiting in the error pipe: lb_container_confirm() reads it either way. */
	do
		w = send(c->go_fd, "g", 1, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	c->go_sent = w == 1;
	if (!c->go_sent) {
		close(c->go_fd);
		c->go_fd = -1;
	}
	return 0;
}

int lb_container_start(struct lb_container *c, lb_error *err)
{
	if (c->started)
		return 0;
	/* Its "ready" read first: a socket closed with a byte unread resets its peer. */
	lb_container_wait_ready(c);
	if (lb_container_go(c, err) < 0)
		return -1;
	return lb_container_confirm(c, err);
}

int lb_container_confirm(struct lb_container *c, lb_error *err)
{
	struct lb_child_report rep;
	char buf[sizeof(rep) + 1];
	size_t n = 0;

	if (c->go_fd >= 0) {
		/* The moment it woke, which it sends before its exec; EOF if it died first. */
		uint64_t woke;
		ssize_t r;

		do
			r = recv(c->go_fd, &woke, sizeof(woke), MSG_WAITALL);
		while (r < 0 && errno == EINTR);
		if (r == (ssize_t)sizeof(woke))
			c->woke_ns = woke;
		close(c->go_fd);
		c->go_fd = -1;
	}
	if (c->err_fd < 0)
		return c->exec_code ? lb_error_fail(err, "%s", c->exec_error) : 0;

	/* EOF without a byte: the CLOEXEC write end went away in a successful execve. */
	for (;;) {
		ssize_t r = read(c->err_fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(c->err_fd);
			c->err_fd = -1;
			return lb_error_set(err, LB_ERR_FAILED, e,
					    "read the container's exec status");
		}
		n += (size_t)r;
		/* A byte more than a report: garbage, the decoder will say so. */
		if (r == 0 || n == sizeof(buf))
			break;
	}
	close(c->err_fd);
	c->err_fd = -1;
	if (n == 0) {
		if (c->go_sent)
			return 0;
		/* The child died before it could read the go byte and said nothing. */
		lb_container_reap(c, true);
		c->exec_stage = LB_CHILD_STAGE_SETUP;
		c->exec_code = 125;
		snprintf(c->exec_error, sizeof(c->exec_error),
			 "the container died before its exec (exit code %d)",
			 lb_container_exit_code(c));
		return lb_error_fail(err, "%s", c->exec_error);
	}
	if (lb_child_report_decode(buf, n, &rep) < 0) {
		c->exec_stage = LB_CHILD_STAGE_SETUP;
		c->exec_code = 125;
		snprintf(c->exec_error, sizeof(c->exec_error),
			 "the container's set-up failed (garbled report of %zu bytes)", n);
		return lb_error_fail(err, "%s", c->exec_error);
	}
	c->exec_stage = rep.stage;
	c->exec_errno = rep.errnum;
	c->exec_code = lb_child_exit_code(rep.stage, rep.errnum);
	lb_child_report_format(&rep, c->exec_error, sizeof(c->exec_error));
	if (rep.stage == LB_CHILD_STAGE_EXEC)
		return lb_error_set(err, LB_ERR_FAILED, 0, "%s", c->exec_error);
	return lb_error_set(err, LB_ERR_FAILED, 0, "container set-up: %s", c->exec_error);
}

int lb_container_signal(struct lb_container *c, int sig)
{
	if (c->pid <= 0 || c->reaped) {
		errno = ESRCH;
		return -1;
	}
	/* The pidfd cannot hit a recycled pid. */
	if (c->pidfd >= 0) {
		if (syscall(SYS_pidfd_send_signal, c->pidfd, sig, NULL, 0) == 0)
			return 0;
		if (errno != ENOSYS)
			return -1;
	}
	return kill(c->pid, sig);
}

int lb_container_reap(struct lb_container *c, bool wait)
{
	int st;
	pid_t r;

	if (c->reaped)
		return 1;
	if (c->pid <= 0)
		return -1;
	do
		r = waitpid(c->pid, &st, wait ? 0 : WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return 0;
	if (r < 0)
		return -1;
	c->reaped = true;
	c->status = st;
	return 1;
}

int lb_container_exit_code(const struct lb_container *c)
{
	return lb_wait_status_code(c->status);
}

void lb_container_release(struct lb_container *c)
{
	if (c->pid > 0 && !c->reaped) {
		lb_container_signal(c, SIGKILL);
		lb_container_reap(c, true);
	}
	int *fds[] = {&c->pidfd, &c->go_fd, &c->err_fd};
	for (size_t i = 0; i < LB_ARRAY_SIZE(fds); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}
