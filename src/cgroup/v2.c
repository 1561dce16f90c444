/* SPDX-License-Identifier: MIT */
/* The cgroup v2 backend: one unified tree, controllers enabled top-down, cgroup.kill. */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int read_at(int dirfd, const char *file, char *buf, size_t n)
{
	_cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || lb_pread_all(fd, buf, n) < 0)
		return -1;
	return 0;
}

/*
 * A controller's files appear in a child only when the parent lists it in
 * cgroup.subtree_control, and only what the parent itself received can be passed on: so
 * each inner level, from the root down to the session folder, enables what it has.  The
 * no-internal-process rule forbids processes in a non-root cgroup that enables controllers
 * below it: our inner levels never hold processes (only the containers' leaves do).
 * Each controller is enabled on its own, so that one the kernel refuses (cpu with
 * realtime tasks around, a level with processes in it) does not take the others down.
 */
static int v2_init_inner(struct lb_cg_session *s, size_t hier, int parentfd, int dirfd,
			 lb_error *err)
{
	char avail[512], enabled[512];

	if (read_at(dirfd, "cgroup.controllers", avail, sizeof(avail)) < 0 ||
	    read_at(dirfd, "cgroup.subtree_control", enabled, sizeof(enabled)) < 0)
		return lb_error_sys(err, "read cgroup.controllers");
	unsigned have = lb_cg_parse_controllers(avail) & LB_CG_V2_WANTED;
	unsigned on = lb_cg_parse_controllers(enabled);
	unsigned ok = 0;

	for (int c = 0; c < LB_CTRL_COUNT; c++) {
		unsigned bit = 1u << c;
		if (!(LB_CG_V2_WANTED & bit))
			continue;
		if (!(have & bit)) {
			if (!s->why_missing[c])
				s->why_missing[c] = lb_xasprintf(
				    "the v2 hierarchy does not offer it on the way to %s/%s "
				    "(not in cgroup.controllers)",
				    s->hier[hier].mount, s->parent);
			continue;
		}
		if (!(on & bit)) {
			char cmd[32];
			lb_error e = {0};
			snprintf(cmd, sizeof(cmd), "+%s", lb_ctrl_name(c));
			if (lb_write_file_at(dirfd, "cgroup.subtree_control", cmd, &e) < 0) {
				if (e.errnum == ENOENT || e.errnum == ENODEV)
					return lb_error_set(err, LB_ERR_FAILED, e.errnum,
							    "folder removed under us");
				if (!s->why_missing[c])
					s->why_missing[c] = lb_xasprintf(
					    "enabling it in cgroup.subtree_control failed: %s",
					    e.msg);
				continue;
			}
		}
		ok |= bit;
	}
	/* what the containers get is what every level passed down */
	s->hier[hier].ctrls &= ok | (1u << LB_CTRL_CPUACCT) | (1u << LB_CTRL_FREEZER);
	return 0;
}

static int v2_init_leaf(struct lb_cgroup *cg, size_t hier, int parentfd, lb_error *err)
{
	return 0;
}

/* memory.events changes on every OOM and limit event; inotify reports it (IN_MODIFY),
 * as the cgroup-v2 documentation suggests for all its *.events files. */
static int v2_event_fd(struct lb_cgroup *cg)
{
	_cleanup_free_ char *path = lb_xasprintf("%s%s/%s", cg->s->hier[0].mount, cg->path,
						 lb_cg_file_of(LB_CGI_EVENTS, true)->file);
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -1;
	if (inotify_add_watch(fd, path, IN_MODIFY) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool populated(int dirfd)
{
	char buf[256];
	uint64_t v;

	if (read_at(dirfd, "cgroup.events", buf, sizeof(buf)) < 0)
		return false; /* gone */
	return lb_parse_keyed(buf, "populated", &v) < 0 || v != 0;
}

/*
 * cgroup.kill (Linux 5.14+) SIGKILLs the whole subtree at once, forks in flight included.
 * The tasks then leave asynchronously: wait until cgroup.events says "populated 0".
 * Older kernels: the freeze/kill/thaw loop with cgroup.freeze (5.2+), each pid verified to
 * be in the cgroup when it is signalled (lb_cg_kill_loop).
 */
const struct lb_cg_freezer lb_cg_v2_freezer = {
    .file = "cgroup.freeze",
    .frozen = "1",
    .thawed = "0",
    .state_file = "cgroup.events",
    .frozen_stay = false, /* the v2 freezer lets fatal signals through */
};

static int v2_kill_tree(int dirfd, int freezer_dirfd, const struct lb_cg_where *where,
			lb_error *err)
{
	lb_error e = {0};

	if (faccessat(dirfd, "cgroup.kill", F_OK, 0) == 0 &&
	    lb_write_file_at(dirfd, "cgroup.kill", "1", &e) == 0) {
		for (unsigned attempt = 0; attempt < 400; attempt++) {
			if (!populated(dirfd))
				return 0;
			if (attempt % 50 == 49)
				lb_write_file_at(dirfd, "cgroup.kill", "1", &e);
			lb_cg_backoff(attempt);
		}
		return lb_error_fail(err, "the cgroup is still populated after cgroup.kill");
	}
	bool can_freeze = faccessat(dirfd, "cgroup.freeze", F_OK, 0) == 0;
	return lb_cg_kill_loop(dirfd, can_freeze ? dirfd : -1, &lb_cg_v2_freezer, where, err);
}

const struct lb_cg_ops lb_cg_v2_ops = {
    .init_inner = v2_init_inner,
    .init_leaf = v2_init_leaf,
    .event_fd = v2_event_fd,
    .kill_tree = v2_kill_tree,
};
