/* SPDX-License-Identifier: MIT */
/* Emptying and removing cgroup subtrees: shared by both backends and by cleanup. */
#include "cgroup/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* With the back-off below: about 16 s (a fork bomb in reclaim under load can take seconds to
 * die; normal cases take milliseconds). */
#define KILL_ATTEMPTS  1600
#define RMDIR_ATTEMPTS 1000 /* about 10 s */

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

/*
 * Freeze (so that nothing forks between reading cgroup.procs and the kill), SIGKILL every
 * process of the subtree, thaw (a task frozen by the v1 freezer dies only once thawed),
 * and repeat until the subtree is empty.  A killed task leaves cgroup.procs when its exit
 * is done, which takes a moment: hence the loop with short waits.
 */
int lb_cg_kill_loop(int dirfd, int freeze_dirfd, const char *freeze_file, const char *frozen,
		    const char *thawed, lb_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t cap = 0, n = 0;
	lb_error ignored = {0};

	for (unsigned attempt = 0; attempt < KILL_ATTEMPTS; attempt++) {
		n = 0;
		lb_cg_collect_pids(dirfd, &pids, &n, &cap);
		if (n == 0)
			return 0; /* the common case: it has exited already, no freezing */
		if (freeze_dirfd >= 0) {
			lb_write_file_at(freeze_dirfd, freeze_file, frozen, &ignored);
			n = 0; /* read again: nothing forks any more */
			lb_cg_collect_pids(dirfd, &pids, &n, &cap);
		}
		for (size_t i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		if (freeze_dirfd >= 0)
			thaw_tree(freeze_dirfd, freeze_file, thawed);
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
