/* SPDX-License-Identifier: MIT */
/*
 * The child between clone and execve.  It runs in a copy of the harness's memory (clone
 * without CLONE_VM, so ASan's bookkeeping stays consistent) and ends in execve or _exit:
 * never exit(), which would run the harness's atexit handlers and LeakSanitizer.
 *
 * Only async-signal-safe functions run here (system calls, and the string functions POSIX
 * lists as such): a clone of a multi-threaded harness could find a lock of malloc or stdio
 * held by a thread that does not exist in the child.  Everything it needs — the mount
 * operations with their paths and messages, the capability mask, PATH — was computed before
 * the clone (lb_confine_plan); a failure is reported as a fixed message, an argument and an
 * errno, which the harness formats (lb_container_start).
 */
#include "container/child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/confine.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#define LB_MOUNT_ATTR_RDONLY 0x00000001ull
#define LB_AT_RECURSIVE	     0x8000

/* struct mount_attr (Linux 5.12), our own copy as for clone3's. */
struct lb_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};

__attribute__((noreturn)) static void child_fail(const struct lb_child_args *a, int stage,
						 int errnum, const char *what, const char *arg)
{
	struct lb_child_report r;

	lb_child_report_set(&r, stage, errnum, what, arg);
	/* One write of less than PIPE_BUF: it arrives whole or not at all.  Nothing to do if
	 * it fails: the parent then sees EOF and the exit status. */
	ssize_t n = write(a->err_fd, &r, sizeof(r));
	(void)n;
	_exit(lb_child_exit_code(stage, errnum));
}

static int sys_mount_setattr(const char *path, unsigned flags, uint64_t set)
{
	struct lb_mount_attr attr = {.attr_set = set};

	return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &attr, sizeof(attr));
}

/* The root is the initramfs, which pivot_root refuses (EINVAL): move the new root over it and
 * chroot, as runc does there.  The old root stays beneath, out of reach by any path. */
static int child_move_root(void)
{
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
		return -1;
	return chroot(".");
}

/* One operation of the plan: 0, or -1 with errno. */
static int child_op(const struct lb_mount_op *o, const char **mask_src)
{
	switch (o->kind) {
	case LB_OP_MOUNT:
		return mount(o->src, o->dst, o->fstype, o->flags, o->data);
	case LB_OP_BIND_RO:
		if (mount(o->dst, o->dst, NULL, MS_BIND, NULL) < 0)
			return -1;
		return mount(NULL, o->dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | o->flags, NULL);
	case LB_OP_REMOUNT:
		return mount(NULL, o->dst, NULL, MS_BIND | MS_REMOUNT | o->flags, NULL);
	case LB_OP_TREE_RO:
		if (!o->below)
			return sys_mount_setattr(o->dst, LB_AT_RECURSIVE, LB_MOUNT_ATTR_RDONLY);
		for (size_t i = 0; i < o->n_below; i++) {
			const struct lb_mount_point *m = &o->below[i];
			/* A mount covered by a later one (ENOENT, EINVAL) is out of reach. */
			if (mount(NULL, m->path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | m->flags,
				  NULL) < 0 &&
			    errno != ENOENT && errno != EINVAL)
				return -1;
		}
		return 0;
	case LB_OP_MASK_FILE:
		return mount(o->src, o->dst, NULL, MS_BIND, NULL);
	case LB_OP_MASK_DIR:
		/* One empty read-only tmpfs, bound over every masked directory after the first. */
		if (*mask_src)
			return mount(*mask_src, o->dst, NULL, MS_BIND, NULL);
		if (mount("tmpfs", o->dst, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  "mode=0555,size=4k") < 0)
			return -1;
		*mask_src = o->dst;
		return 0;
	case LB_OP_MKDIR:
		if (mkdir(o->dst, o->mode) < 0 && errno != EEXIST)
			return -1;
		return 0;
	case LB_OP_MKFILE:
		if (mknod(o->dst, S_IFREG | o->mode, 0) < 0 && errno != EEXIST)
			return -1;
		return 0;
	case LB_OP_SYMLINK:
		return symlink(o->src, o->dst);
	case LB_OP_OPENFD: {
		int fd = open(o->dst, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		if (fd != o->fd) {
			int r = dup3(fd, o->fd, O_CLOEXEC);
			close(fd);
			if (r < 0)
				return -1;
		}
		return 0;
	}
	case LB_OP_PIVOT:
		/* pivot_root(".", "."): the old root is stacked on the new one, then detached. */
		if (chdir(o->dst) < 0)
			return -1;
		if (syscall(SYS_pivot_root, ".", ".") == 0) {
			if (umount2(".", MNT_DETACH) < 0)
				return -1;
		} else if (errno != EINVAL || child_move_root() < 0) {
			return -1;
		}
		return chdir("/");
	default:
		errno = EINVAL;
		return -1;
	}
}

static void child_mounts(const struct lb_child_args *a)
{
	const struct lb_confine *p = a->plan;
	const char *mask_src = NULL;
	/* Modes as planned (1777 shm, 0666 nodes), not as the harness's umask would cut them;
	 * the workload gets the harness's umask back. */
	mode_t old = umask(0);

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct lb_mount_op *o = &p->ops[i];
		if (child_op(o, &mask_src) < 0 && !(o->optional && errno == ENOENT))
			child_fail(a, LB_CHILD_STAGE_SETUP, errno, o->what, NULL);
	}
	umask(old);
}

/* lo up in the new net namespace (ip link set lo up): a server and its client in one
 * container talk over 127.0.0.1, as in docker. */
static void child_loopback(const struct lb_child_args *a)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "socket for the loopback interface",
			   NULL);
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "bring the loopback interface up", NULL);
	close(s);
}

/* Move fd out of the way of 0..2 (and keep it CLOEXEC: the dup2 onto 0..2 drops that). */
static int child_fd_high(int fd)
{
	return fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

static void child_stdio(const struct lb_child_args *a)
{
	const struct lb_container_spec *s = a->spec;
	int src[3];

	if (s->tty_fd >= 0) {
		/* setsid() was done already: the pty becomes the controlling terminal of the
		 * new session, so ^C and job control work inside. */
		if (ioctl(s->tty_fd, TIOCSCTTY, 0) < 0)
			child_fail(a, LB_CHILD_STAGE_SETUP, errno,
				   "make the pty the controlling terminal", NULL);
		src[0] = src[1] = src[2] = s->tty_fd;
	} else {
		src[0] = s->stdin_fd;
		src[1] = s->stdout_fd >= 0 ? s->stdout_fd : STDOUT_FILENO;
		src[2] = s->stderr_fd >= 0 ? s->stderr_fd : STDERR_FILENO;
		if (src[0] < 0) {
			src[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (src[0] < 0)
				child_fail(a, LB_CHILD_STAGE_SETUP, errno, "open /dev/null", NULL);
		}
	}
	/* Two steps, so that a source that is itself 0, 1 or 2 is not overwritten before it
	 * is used.  The copies are closed with every other fd later. */
	int high[3];
	for (int i = 0; i < 3; i++) {
		high[i] = child_fd_high(src[i]);
		if (high[i] < 0)
			child_fail(a, LB_CHILD_STAGE_SETUP, errno, "duplicate a stdio fd", NULL);
	}
	for (int i = 0; i < 3; i++)
		if (dup2(high[i], i) < 0)
			child_fail(a, LB_CHILD_STAGE_SETUP, errno, "dup2 onto fd 0, 1 or 2", NULL);
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

/* Close the fds lo..hi (close_range, or one by one before Linux 5.9). */
static void close_span(const struct lb_child_args *a, unsigned lo, unsigned hi)
{
	if (lo > hi || sys_close_range(lo, hi) == 0)
		return;
	if (errno != ENOSYS)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "close_range", NULL);
	struct rlimit rl;
	unsigned max = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 1u << 20)
		max = (unsigned)rl.rlim_cur;
	for (unsigned fd = lo; fd <= hi && fd < max; fd++)
		close((int)fd);
}

/* Close every fd but 0..2 and the launcher's (CLOEXEC): go, err and the shared barrier. */
static void child_close_fds(const struct lb_child_args *a)
{
	int keep[3] = {a->go_fd, a->err_fd, a->barrier_fd};
	unsigned from = 3;

	/* three values: sorted by hand, -1 (none) first */
	for (int i = 0; i < 3; i++)
		for (int k = i + 1; k < 3; k++)
			if (keep[k] < keep[i]) {
				int t = keep[i];
				keep[i] = keep[k];
				keep[k] = t;
			}
	for (int i = 0; i < 3; i++) {
		if (keep[i] < (int)from)
			continue;
		close_span(a, from, (unsigned)keep[i] - 1);
		from = (unsigned)keep[i] + 1;
	}
	close_span(a, from, ~0u);
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

/*
 * execvp without its allocations and without its fallback to /bin/sh for a file that is not
 * an executable (runc does not have it either: ENOEXEC, 126): the command is looked up in
 * PATH as the workload's environment has it, in the workload's root.  Returns the errno.
 */
static int child_exec(char *const *argv, char *const *envp, const char *path)
{
	const char *file = argv[0];
	char buf[PATH_MAX];
	bool eacces = false;

	if (strchr(file, '/')) {
		execve(file, argv, envp);
		return errno;
	}
	size_t flen = strlen(file);
	if (flen > NAME_MAX)
		return ENAMETOOLONG;
	for (const char *p = path;;) {
		const char *z = p + strcspn(p, ":");
		size_t dlen = (size_t)(z - p);
		/* An empty entry is the current directory. */
		if (dlen + 1 + flen + 1 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			if (dlen)
				buf[dlen++] = '/';
			memcpy(buf + dlen, file, flen + 1);
			execve(buf, argv, envp);
			if (errno == EACCES)
				eacces = true;
			else if (errno != ENOENT && errno != ENOTDIR)
				return errno;
		}
		if (!*z)
			break;
		p = z + 1;
	}
	return eacces ? EACCES : ENOENT;
}

void lb_child_main(const struct lb_child_args *a)
{
	const struct lb_container_spec *s = a->spec;
	const struct lb_confine *p = a->plan;

	/* Die with the harness.  The flag is set after fork, so the harness may already be
	 * gone: then getppid() has changed (without a pid namespace; inside one it is always 0)
	 * and, in every case, the go pipe reads EOF below instead of the go byte. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "prctl(PR_SET_PDEATHSIG)", NULL);
	if (!(s->namespaces & LB_NS_PID) && getppid() != a->parent_pid)
		_exit(125);
	/* v1: into the cgroup, first thing (see lb_cgroup_self_attach_open()). */
	int ae = lb_cgroup_self_attach(a->attach_fds, a->n_attach);
	if (ae < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, -ae, "move into its cgroup", NULL);
	/* The harness lowered its OOM score (util/oom.h); fork copied that and execve would
	 * keep it: the workload starts at the default (0), as killable as any other process,
	 * or at the container's oom-score-adj (formatted by lb_confine_plan: the child cannot
	 * format).  Lowering an inherited higher score to the default may be refused (EACCES
	 * without CAP_SYS_RESOURCE), and then that score is kept; a value asked for is never
	 * dropped silently. */
	int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (oom < 0 || (write(oom, p->oom_score_adj, strlen(p->oom_score_adj)) < 0 &&
			(s->has_oom_score_adj || (errno != EACCES && errno != EPERM))))
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "write /proc/self/oom_score_adj",
			   p->oom_score_adj);
	close(oom);
	/* A session of its own: the harness's terminal (if any) does not send it ^C, only the
	 * harness does (it forwards what it gets), and -t can give it a controlling tty. */
	if (setsid() < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "setsid", NULL);
	/* Before the mounts: /dev/null is the host's here, whatever the container's becomes. */
	child_stdio(a);
	child_mounts(a);
	if (p->loopback)
		child_loopback(a);
	if ((s->namespaces & LB_NS_UTS) && s->hostname &&
	    sethostname(s->hostname, strlen(s->hostname)) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "sethostname", s->hostname);
	if (p->cwd && chdir(p->cwd) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "chdir", p->cwd);
	/* After the mounts and sethostname, which need CAP_SYS_ADMIN. */
	const char *what = NULL;
	int e = lb_caps_apply(p->caps_keep, &what);
	if (e)
		child_fail(a, LB_CHILD_STAGE_SETUP, e, what, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(a, LB_CHILD_STAGE_SETUP, errno, "prctl(PR_SET_NO_NEW_PRIVS)", NULL);
	child_close_fds(a);
	child_reset_signals();

	/* Set up: say so (the harness releases every container of a run together once all are
	 * ready), then the start barrier: the go byte, or EOF when the harness gave up or died.
	 * A lost "ready" only makes the harness wait for EOF on the go socket instead. */
	char go = 'r';
	ssize_t r = write(a->go_fd, &go, 1);

	(void)r;
	/* With a shared barrier: wait for its EOF (the harness closed it for everyone at once);
	 * the go byte is then already there, or the go socket's EOF says the harness gave up. */
	if (a->barrier_fd >= 0) {
		do
			r = read(a->barrier_fd, &go, 1);
		while (r < 0 && errno == EINTR);
		close(a->barrier_fd);
	}
	do
		r = read(a->go_fd, &go, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		_exit(125);
	/* When it woke (clock_gettime is async-signal-safe): the harness records how far apart
	 * the containers it released together really started. */
	struct timespec now;
	uint64_t woke = 0;
	if (clock_gettime(CLOCK_MONOTONIC, &now) == 0)
		woke = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
	r = write(a->go_fd, &woke, sizeof(woke));
	close(a->go_fd);

	e = child_exec(s->argv, s->envp, p->path);
	child_fail(a, LB_CHILD_STAGE_EXEC, e, "exec", s->argv[0]);
}
