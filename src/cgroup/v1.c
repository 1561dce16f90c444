/* SPDX-License-Identifier: MIT */
/* The cgroup v1 backend: one folder per controller mount, cpuset seeding, the freezer. */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

/*
 * A v1 cpuset starts with empty cpuset.cpus and cpuset.mems, and a task cannot join a
 * cpuset without CPUs or memory nodes: the write to cgroup.procs fails with ENOSPC ("no
 * space left on device").  So every level we create gets its parent's lists, which is what
 * cgroup.clone_children=1 would do, without changing a setting of the parent we do not own.
 */
static int cpuset_seed(int parentfd, int dirfd, lb_error *err)
{
	static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};

	for (size_t i = 0; i < LB_ARRAY_SIZE(files); i++) {
		char buf[512];
		_cleanup_close_ int fd = openat(dirfd, files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || lb_pread_all(fd, buf, sizeof(buf)) < 0)
			return lb_error_sys(err, "read %s", files[i]);
		if (buf[0] != '\n' && buf[0] != '\0')
			continue; /* already set (a level that existed before) */
		_cleanup_close_ int pfd = openat(parentfd, files[i], O_RDONLY | O_CLOEXEC);
		if (pfd < 0 || lb_pread_all(pfd, buf, sizeof(buf)) < 0)
			return lb_error_sys(err, "read the parent's %s", files[i]);
		buf[strcspn(buf, "\n")] = '\0';
		if (lb_write_file_at(dirfd, files[i], buf, err) < 0)
			return lb_error_wrap(err, "copying %s from the parent cpuset", files[i]);
	}
	return 0;
}

static int v1_init_inner(struct lb_cg_session *s, size_t hier, int parentfd, int dirfd,
			 lb_error *err)
{
	if (parentfd < 0 || !(s->hier[hier].ctrls & (1u << LB_CTRL_CPUSET)))
		return 0;
	return cpuset_seed(parentfd, dirfd, err);
}

static int v1_init_leaf(struct lb_cgroup *cg, size_t hier, int parentfd, lb_error *err)
{
	if (!(cg->s->hier[hier].ctrls & (1u << LB_CTRL_CPUSET)))
		return 0;
	return cpuset_seed(parentfd, cg->dirfd[hier], err);
}

/* v1 OOM notification: an eventfd registered on memory.oom_control through
 * cgroup.event_control ("<eventfd> <fd of memory.oom_control>"). */
static int v1_event_fd(struct lb_cgroup *cg)
{
	int h = cg->s->ctrl_hier[LB_CTRL_MEMORY];
	lb_error ignored = {0};
	char buf[64];

	if (h < 0 || cg->dirfd[h] < 0)
		return -1;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0)
		return -1;
	_cleanup_close_ int ofd =
	    openat(cg->dirfd[h], lb_cg_file_of(LB_CGI_EVENTS, false)->file, O_RDONLY | O_CLOEXEC);
	snprintf(buf, sizeof(buf), "%d %d", efd, ofd);
	/* the kernel holds on to the cgroup itself: the oom_control fd may be closed */
	if (ofd < 0 || lb_write_file_at(cg->dirfd[h], "cgroup.event_control", buf, &ignored) < 0) {
		close(efd);
		return -1;
	}
	return efd;
}

const struct lb_cg_freezer lb_cg_v1_freezer = {
    .file = "freezer.state",
    .frozen = "FROZEN",
    .thawed = "THAWED",
    .state_file = "freezer.state",
    .frozen_stay = true,
};

/* v1 has no cgroup.kill: freeze (when the freezer hierarchy is there), kill, thaw. */
static int v1_kill_tree(int dirfd, int freezer_dirfd, const struct lb_cg_where *where,
			lb_error *err)
{
	return lb_cg_kill_loop(dirfd, freezer_dirfd, &lb_cg_v1_freezer, where, err);
}

const struct lb_cg_ops lb_cg_v1_ops = {
    .init_inner = v1_init_inner,
    .init_leaf = v1_init_leaf,
    .event_fd = v1_event_fd,
    .kill_tree = v1_kill_tree,
};
