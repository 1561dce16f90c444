/* SPDX-License-Identifier: MIT */
/* Emptying and removing cgroup subtrees: shared by both backends and by cleanup. */
#include "cgroup/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* With the back-off below: about 16 s (a fork bomb in reclaim under load can take seconds to
 * die; normal cases take milliseconds). */
#define KILL_ATTEMPTS  1600
#define RMDIR_ATTEMPTS 1000 /* about 10 s */
/* Rounds in a row in which every pid listed was found not to be in the cgroup: give up (a
 * listing the kernel keeps contradicting is not something to kill by). */
#define REFUSED_ROUNDS 100

void lb_cg_backoff(unsigned attempt)
{
	/* 100us, 200us, ... up to 10ms */
	long us = 100L * (attempt + 1);
	struct timespec ts = {0, (us > 10000 ? 10000 : us) * 1000L};
	nanosleep(&ts, NULL);
}

void lb_cg_parse_pids(const char *buf, pid_t **pids, size_t *n, size_t *cap)
{
	const char *p = buf;

	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (v > 0) {
			lb_xgrow(pids, cap, *n + 1, sizeof(**pids));
			(*pids)[(*n)++] = (pid_t)v;
		}
		p = end;
		while (*p == '\n' || *p == ' ')
			p++;
	}
}

/* Call visit() on the cgroup at dirfd and then on every cgroup below it (pre-order). */
static void walk_tree(int dirfd, void (*visit)(int dirfd, void *arg), void *arg)
{
	visit(dirfd, arg);
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		_cleanup_close_ int sub =
		    openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0)
			walk_tree(sub, visit, arg);
	}
	closedir(d);
}

struct pid_list {
	pid_t **pids;
	size_t *n, *cap;
};

static void collect_one(int dirfd, void *arg)
{
	struct pid_list *l = arg;
	_cleanup_free_ char *buf = NULL;
	lb_error ignored = {0};

	if (lb_read_file_at(dirfd, "cgroup.procs", &buf, NULL, &ignored) == 0)
		lb_cg_parse_pids(buf, l->pids, l->n, l->cap);
}

void lb_cg_collect_pids(int dirfd, pid_t **pids, size_t *n, size_t *cap)
{
	struct pid_list l = {pids, n, cap};

	walk_tree(dirfd, collect_one, &l);
}

struct write_arg {
	const char *file, *value;
};

static void write_one(int dirfd, void *arg)
{
	const struct write_arg *w = arg;
	lb_error ignored = {0};

	lb_write_file_at(dirfd, w->file, w->value, &ignored);
}

/*
 * Thaw every cgroup of the subtree, not only its top: a v1 cgroup frozen on its own stays
 * frozen when its parent thaws (freezer.self_freezing), and its tasks die of SIGKILL only
 * once thawed.  A limitbench SIGKILLed between freeze and thaw leaves one like that, for
 * `cleanup` to find.
 */
static void thaw_tree(int dirfd, const char *file, const char *thawed)
{
	struct write_arg w = {file, thawed};

	walk_tree(dirfd, write_one, &w);
}

void lb_cg_unthrottle_tree(int dirfd, bool v2)
{
	const struct lb_cg_file *f = lb_cg_file_of(LB_CGI_CPU_QUOTA, v2);
	/* absent outside the cpu hierarchy (v1): the write fails, nothing else happens */
	struct write_arg w = {f->file, v2 ? "max" : "-1"};

	if (f->file)
		walk_tree(dirfd, write_one, &w);
}

bool lb_cg_proc_within(const char *buf, const struct lb_cg_where *where)
{
	_cleanup_free_ char *path = NULL;
	lb_error ignored = {0};

	if (lb_cg_parse_proc_cgroup(buf, where->ctrl, &path, &ignored) < 0)
		return false;
	size_t n = strlen(where->path);
	return strncmp(path, where->path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool lb_cg_frozen_text(const char *buf)
{
	uint64_t v;

	/* v1 freezer.state: FROZEN (FREEZING while tasks are still on their way) */
	if (strncmp(buf, "FROZEN", 6) == 0 && (buf[6] == '\n' || buf[6] == '\0'))
		return true;
	/* v2 cgroup.events: "frozen 1" */
	return lb_parse_keyed(buf, "frozen", &v) == 0 && v == 1;
}

static bool frozen_now(int dirfd, const struct lb_cg_freezer *fz)
{
	char buf[256];
	_cleanup_close_ int fd = openat(dirfd, fz->state_file, O_RDONLY | O_CLOEXEC);

	return fd >= 0 && lb_pread_all(fd, buf, sizeof(buf)) >= 0 && lb_cg_frozen_text(buf);
}

static int sys_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static int sys_pidfd_kill(int pidfd)
{
#ifdef SYS_pidfd_send_signal
	return (int)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * SIGKILL each of pids that is, at the moment of the kill, a process of `where`.  The pid is
 * pinned first (a pidfd names that process, never whoever gets its pid next), then its
 * /proc/PID/cgroup is read, then it is signalled through the pidfd: a process alive when
 * signalled was alive while /proc was read, so what was read was its own.  Returns how many
 * were refused (listed, but not in the cgroup by then: a reused pid), or -1 with errno
 * ENOSYS when the kernel has no pidfd (before 5.3).
 */
static long kill_verified(const pid_t *pids, size_t n, const struct lb_cg_where *where)
{
	long refused = 0;

	for (size_t i = 0; i < n; i++) {
		char path[64], buf[4096];
		_cleanup_close_ int pidfd = sys_pidfd_open(pids[i]);
		if (pidfd < 0) {
			if (errno == ENOSYS)
				return -1;
			continue; /* ESRCH: gone (reaped) since it was listed */
		}
		snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pids[i]);
		_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || lb_pread_all(fd, buf, sizeof(buf)) < 0 ||
		    !lb_cg_proc_within(buf, where)) {
			refused++;
			continue;
		}
		sys_pidfd_kill(pidfd);
	}
	return refused;
}

/*
 * Kill every process of the subtree at dirfd, which is `where`, and wait until it is empty.
 *
 * The pids come from cgroup.procs, and a pid is only a number: between the read and the kill
 * its process can exit, be reaped (by a reaper outside the cgroup, with `namespaces: []`)
 * and the pid go to a process that is not ours.  So no pid is signalled unless it is
 * verified to be in the cgroup at the moment of the kill (kill_verified).  Freezing first,
 * where there is a freezer, keeps anything from forking between the read and the kill; a
 * v1 freeze that the kernel says is complete also keeps every listed task from exiting, so
 * that on a kernel without pidfd (before 5.3) its list may be killed as read.  Without
 * either, nothing is killed and that is an error.  Then thaw (a task frozen by the v1
 * freezer dies only once thawed) and repeat until the subtree is empty: a killed task
 * leaves cgroup.procs when its exit is done, which takes a moment.  (v2 with cgroup.kill,
 * 5.14+, never comes here: the kernel kills the subtree itself.)
 */
int lb_cg_kill_loop(int dirfd, int freeze_dirfd, const struct lb_cg_freezer *fz,
		    const struct lb_cg_where *where, lb_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t cap = 0, n = 0;
	unsigned refused_rounds = 0;
	lb_error ignored = {0};

	for (unsigned attempt = 0; attempt < KILL_ATTEMPTS; attempt++) {
		n = 0;
		lb_cg_collect_pids(dirfd, &pids, &n, &cap);
		if (n == 0)
			return 0; /* the common case: it has exited already, no freezing */
		bool frozen = false;
		if (freeze_dirfd >= 0) {
			lb_write_file_at(freeze_dirfd, fz->file, fz->frozen, &ignored);
			frozen = fz->frozen_stay && frozen_now(freeze_dirfd, fz);
			n = 0; /* read again: nothing forks any more */
			lb_cg_collect_pids(dirfd, &pids, &n, &cap);
		}
		long refused = kill_verified(pids, n, where);
		if (refused < 0 && frozen) {
			refused = 0;
			for (size_t i = 0; i < n; i++)
				kill(pids[i], SIGKILL);
		}
		if (freeze_dirfd >= 0)
			thaw_tree(freeze_dirfd, fz->file, fz->thawed);
		if (refused < 0)
			return lb_error_fail(
			    err,
			    "%zu process(es) (first pid %d) left in %s, not killed: "
			    "a pid cannot be verified to be in the cgroup when it is "
			    "signalled without cgroup.kill (Linux 5.14), a freezer "
			    "that froze them, or pidfd_open (Linux 5.3)",
			    n, (int)pids[0], where->path);
		if (n > 0 && (size_t)refused == n) {
			if (++refused_rounds >= REFUSED_ROUNDS)
				return lb_error_fail(err,
						     "pid %d is listed in %s but is not in it "
						     "(/proc/%d/cgroup): not killed",
						     (int)pids[0], where->path, (int)pids[0]);
		} else {
			refused_rounds = 0;
		}
		lb_cg_backoff(attempt);
	}
	return lb_error_fail(err,
			     "%zu process(es) (first pid %d) still in the cgroup after "
			     "SIGKILL",
			     n, n ? (int)pids[0] : 0);
}

static int rmdir_retry(int dirfd, const char *name, lb_error *err)
{
	/* The kernel finishes taking the last exited task out of the cgroup asynchronously:
	 * rmdir says EBUSY for a moment after cgroup.procs is already empty. */
	for (unsigned attempt = 0;; attempt++) {
		if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || attempt >= RMDIR_ATTEMPTS)
			return lb_error_sys(err, "rmdir %s", name);
		lb_cg_backoff(attempt);
	}
}

bool lb_cg_rmdir_empty(int parentfd, const char *name, int *dirfd)
{
	if (*dirfd < 0)
		return true;
	if (unlinkat(parentfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return false;
	close(*dirfd);
	*dirfd = -1;
	return true;
}

int lb_cg_rmdir_tree(int dirfd, const char *name, lb_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 0 : lb_error_sys(err, "open %s", name);
	int dfd = dup(fd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return lb_error_sys(err, "read %s", name);
	}
	int ret = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (lb_cg_rmdir_tree(fd, e->d_name, err) < 0) {
			lb_error_wrap(err, "%s", name);
			ret = -1;
			break;
		}
	}
	closedir(d);
	if (ret < 0)
		return -1;
	return rmdir_retry(dirfd, name, err);
}
