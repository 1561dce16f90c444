/* SPDX-License-Identifier: MIT */
/*
 * The child between clone and execvp.  It runs in a copy of the harness's memory (clone
 * without CLONE_VM, so ASan's bookkeeping stays consistent), single-threaded, and ends in
 * execvp or _exit: never exit(), which would run the harness's atexit handlers and LeakSanitizer.
 */
#include "container/child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/cgroupfs.h"
#include "util/oom.h"

__attribute__((noreturn)) static void child_fail(const struct lb_child_args *a, int stage,
						 int errnum, const char *msg)
{
	struct lb_child_report r;
	char full[sizeof(r.msg)];

	if (errnum)
		snprintf(full, sizeof(full), "%s: %s", msg, strerror(errnum));
	else
		snprintf(full, sizeof(full), "%s", msg);
	lb_child_report_set(&r, stage, errnum, full);
	/* One write of less than PIPE_BUF: it arrives whole or not at all.  Nothing to do if
	 * it fails: the parent then sees EOF and the exit status. */
	ssize_t n = write(a->err_fd, &r, sizeof(r));
	(void)n;
	_exit(lb_child_exit_code(stage, errnum));
}

/* An lb_error's message already ends in the errno text. */
__attribute__((noreturn)) static void child_fail_err(const struct lb_child_args *a,
						     const lb_error *err)
{
	struct lb_child_report r;

	lb_child_report_set(&r, LB_CHILD_STAGE_SETUP, err->errnum, err->msg);
	ssize_t n = write(a->err_fd, &r, sizeof(r));
	(void)n;
	_exit(lb_child_exit_code(LB_CHILD_STAGE_SETUP, err->errnum));
}

static int child_mounts(const struct lb_container_spec *s, lb_error *err)
{
	unsigned ns = s->namespaces;

	if (!(ns & LB_NS_MOUNT))
		return 0;
	/* Without this, mounts made here (the new /proc) would propagate back to the host's
	 * shared mounts (systemd makes / shared). */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return lb_error_sys(err, "make / private (mount --make-rprivate /)");
	/* Else, as root, it could move itself out of its cgroup (container/cgroupfs.h). */
	if (lb_cgroupfs_readonly(s->cgroupfs, s->n_cgroupfs, err) < 0)
		return -1;
	/* A /proc of the new pid namespace, so that ps and /proc/self show the container's
	 * pids.  Only with our own mount namespace: otherwise this would cover the host's. */
	if ((ns & LB_NS_PID) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return lb_error_sys(err, "mount proc on /proc");
	return 0;
}

/* Move fd out of the way of 0..2 (and keep it CLOEXEC: the dup2 onto 0..2 drops that). */
static int child_fd_high(int fd, lb_error *err)
{
	int r = fcntl(fd, F_DUPFD_CLOEXEC, 3);

	if (r < 0)
		return lb_error_sys(err, "duplicate fd %d", fd);
	return r;
}

static int child_stdio(const struct lb_container_spec *s, lb_error *err)
{
	int src[3];

	if (s->tty_fd >= 0) {
		/* setsid() was done already: the pty becomes the controlling terminal of the
		 * new session, so ^C and job control work inside. */
		if (ioctl(s->tty_fd, TIOCSCTTY, 0) < 0)
			return lb_error_sys(err, "make the pty the controlling terminal");
		src[0] = src[1] = src[2] = s->tty_fd;
	} else {
		src[0] = s->stdin_fd;
		src[1] = s->stdout_fd >= 0 ? s->stdout_fd : STDOUT_FILENO;
		src[2] = s->stderr_fd >= 0 ? s->stderr_fd : STDERR_FILENO;
		if (src[0] < 0) {
			src[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (src[0] < 0)
				return lb_error_sys(err, "open /dev/null");
		}
	}
	/* Two steps, so that a source that is itself 0, 1 or 2 is not overwritten before it
	 * is used.  The copies are closed with every other fd later. */
	int high[3];
	for (int i = 0; i < 3; i++) {
		high[i] = child_fd_high(src[i], err);
		if (high[i] < 0)
			return -1;
	}
	for (int i = 0; i < 3; i++)
		if (dup2(high[i], i) < 0)
			return lb_error_sys(err, "dup2 onto fd %d", i);
	return 0;
}

/* close_range(2) by number: musl has no wrapper for it. */
static int sys_close_range(unsigned lo, unsigned hi)
{
#ifdef SYS_close_range
	return (int)syscall(SYS_close_range, lo, hi, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* Close every fd but 0..2 and the two of the launcher (which are CLOEXEC). */
static int child_close_fds(int keep_a, int keep_b, lb_error *err)
{
	unsigned lo = (unsigned)(keep_a < keep_b ? keep_a : keep_b);
	unsigned hi = (unsigned)(keep_a < keep_b ? keep_b : keep_a);
	unsigned ranges[3][2] = {{3, lo - 1}, {lo + 1, hi - 1}, {hi + 1, ~0u}};

	for (size_t i = 0; i < 3; i++) {
		if (ranges[i][0] > ranges[i][1])
			continue;
		if (sys_close_range(ranges[i][0], ranges[i][1]) == 0)
			continue;
		if (errno != ENOSYS)
			return lb_error_sys(err, "close_range");
		/* Before Linux 5.9: the slow way, up to the fd limit. */
		long max = sysconf(_SC_OPEN_MAX);
		for (long fd = ranges[i][0]; fd <= (long)ranges[i][1] && fd < max; fd++)
			close((int)fd);
	}
	return 0;
}

/* Signals as a fresh process has them: the harness blocks the ones it reads with signalfd
 * and ignores SIGPIPE, and a blocked or ignored signal survives execve. */
static void child_reset_signals(void)
{
	sigset_t none;
	struct sigaction dfl;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL); /* EINVAL for the few that cannot be changed */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void lb_child_main(const struct lb_child_args *a)
{
	const struct lb_container_spec *s = a->spec;
	lb_error err = {0};
	char msg[sizeof(((struct lb_child_report *)0)->msg)];

	/* Die with the harness.  The flag is set after fork, so the harness may already be
	 * gone: then getppid() has changed (without a pid namespace; inside one it is always 0)
	 * and, in every case, the go pipe reads EOF below instead of the go byte. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "prctl(PR_SET_PDEATHSIG)");
	if (!(s->namespaces & LB_NS_PID) && getppid() != a->parent_pid)
		_exit(125);
	/* v1: into the cgroup, first thing (see lb_cgroup_self_attach_open()). */
	int ae = lb_cgroup_self_attach(a->attach_fds, a->n_attach);
	if (ae < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, -ae, "move into its cgroup");
	/* The harness lowered its OOM score (util/oom.h); fork copied that and execve would
	 * keep it: the workload starts at the default, as killable as any other process.
	 * Raising needs no privilege; lowering an inherited higher score may be refused
	 * (EACCES without CAP_SYS_RESOURCE), and then that score is kept. */
	if (lb_oom_score_adj_set(LB_OOM_SCORE_ADJ_DEFAULT, &err) < 0 && err.errnum != EACCES &&
	    err.errnum != EPERM)
		child_fail_err(a, &err);
	/* A session of its own: the harness's terminal (if any) does not send it ^C, only the
	 * harness does (it forwards what it gets), and -t can give it a controlling tty. */
	if (setsid() < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "setsid");
	if (child_mounts(s, &err) < 0)
		child_fail_err(a, &err);
	if ((s->namespaces & LB_NS_UTS) && s->hostname &&
	    sethostname(s->hostname, strlen(s->hostname)) < 0) {
		snprintf(msg, sizeof(msg), "sethostname %s", s->hostname);
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, msg);
	}
	if (child_stdio(s, &err) < 0)
		child_fail_err(a, &err);
	if (s->cwd && chdir(s->cwd) < 0) {
		snprintf(msg, sizeof(msg), "chdir %s", s->cwd);
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, msg);
	}
	/* After the mounts and sethostname, which need CAP_SYS_ADMIN. */
	if (lb_caps_apply_default(&err) < 0)
		child_fail_err(a, &err);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
	if (child_close_fds(a->go_fd, a->err_fd, &err) < 0)
		child_fail_err(a, &err);
	child_reset_signals();

	/* The start barrier: the go byte, or EOF when the harness gave up or died. */
	char go;
	ssize_t r;
	do
		r = read(a->go_fd, &go, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		_exit(125);
	close(a->go_fd);

	/* execvp looks PATH up in environ: the workload's own environment, not the harness's.
	 * This is the child's copy of the variable. */
	environ = (char **)s->envp;
	execvp(s->argv[0], s->argv);
	int e = errno;
	snprintf(msg, sizeof(msg), "exec %s", s->argv[0]);
	child_fail(a, LB_CHILD_STAGE_EXEC, e, msg);
}
