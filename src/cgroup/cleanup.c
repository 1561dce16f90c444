/* SPDX-License-Identifier: MIT */
/*
 * `limitbench cleanup`: remove the sessions of limitbench processes that are gone.
 *
 * Alive or dead is decided by the session's lock (see session.c), which the kernel drops
 * when its holder dies and which every process that shares the cgroupfs sees, whatever its
 * pid namespace: a session whose lock cleanup can take (LOCK_NB) is dead, and cleanup keeps
 * holding it while it kills and removes.  /proc/<pid> is never asked about such a session: in
 * another pid namespace, or after pid reuse, it would lie.
 *
 * Sessions named lb-<pid>-<start> (no "-locked") were made by limitbench versions that held
 * no lock.  Their liveness is all they ever had: the owner is alive iff /proc/<pid> has that
 * start time, which cannot see an owner in another pid namespace.  They are judged so (the
 * alternative, leaving them forever, would leak every cgroup an old version left behind).
 */
#include "cgroup/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"

/* "lb-<pid>-<starttime>-locked" (*locked) or "lb-<pid>-<starttime>" exactly. */
static bool parse_session_name(const char *name, pid_t *pid, uint64_t *start, bool *locked)
{
	int p, end = 0;
	unsigned long long st;

	if (sscanf(name, "lb-%d-%llu%n", &p, &st, &end) != 2 || p <= 0 || name[end - 1] < '0' ||
	    name[end - 1] > '9')
		return false;
	*locked = strcmp(name + end, LB_CG_SESSION_SUFFIX) == 0;
	if (!*locked && name[end] != '\0')
		return false;
	*pid = p;
	*start = st;
	return true;
}

/* Legacy sessions only: alive iff /proc/<pid>/stat exists with the same start time (a
 * recycled pid belongs to a process that started later). */
static bool legacy_owner_alive(pid_t pid, uint64_t start)
{
	uint64_t now;

	if (lb_cg_proc_starttime(pid, &now) < 0)
		return errno != ENOENT && errno != ESRCH; /* unreadable: assume alive */
	return now == start;
}

enum session_state { NOT_A_SESSION, SESSION_LIVE, SESSION_DEAD };

/*
 * Judge the entry `name` of the parent folder pfd, whose LOCK_EX the caller holds (no
 * session is half-made meanwhile).  A dead session with a lock comes with *lockfd: its
 * folder, locked by us, to keep until it is removed (-1 for a legacy one).  Anything that
 * cannot be told (the folder cannot be opened, flock fails otherwise) counts as live.
 */
static enum session_state judge(int pfd, const char *name, int *lockfd)
{
	pid_t pid;
	uint64_t start;
	bool locked;

	*lockfd = -1;
	if (!parse_session_name(name, &pid, &start, &locked))
		return NOT_A_SESSION;
	if (!locked)
		return legacy_owner_alive(pid, start) ? SESSION_LIVE : SESSION_DEAD;
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? NOT_A_SESSION : SESSION_LIVE;
	if (lb_cg_flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd); /* EWOULDBLOCK: its owner holds it */
		return SESSION_LIVE;
	}
	*lockfd = fd;
	return SESSION_DEAD;
}

struct names {
	char **v;
	size_t n, cap;
};

static bool names_add(struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], name) == 0)
			return false;
	lb_xgrow(&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n++] = lb_xstrdup(name);
	return true;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

struct dead {
	char *name;
	int lockfd;
};

/* Kill what is in the dead session `name` under pfd (one hierarchy) and remove it: 0 done,
 * 1 it was gone already, -1 with err. */
static int remove_dead(const struct lb_cg_ops *ops, int pfd, const char *ctrl,
		       const char *freezer_mount, const char *parent, const char *name,
		       lb_error *err)
{
	_cleanup_close_ int sfd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_free_ char *fpath =
	    freezer_mount ? lb_xasprintf("%s/%s/%s", freezer_mount, parent, name) : NULL;
	_cleanup_close_ int ffd = fpath ? open(fpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	_cleanup_free_ char *path = lb_xasprintf("/%s/%s", parent, name);
	const struct lb_cg_where where = {ctrl, path};

	if (sfd < 0)
		return errno == ENOENT ? 1 : lb_error_sys(err, "open %s", name);
	lb_cg_unthrottle_tree(sfd, ops == &lb_cg_v2_ops);
	/* v2's freeze file is in the folder itself */
	if (ops->kill_tree(sfd, freezer_mount ? ffd : sfd, &where, err) < 0)
		return -1;
	return lb_cg_rmdir_tree(pfd, name, err);
}

/* Sweep one hierarchy: kill and remove each dead session under parent. */
static int sweep(const struct lb_cg_ops *ops, const char *mount, const char *ctrl,
		 const char *freezer_mount, const char *parent, struct names *removed,
		 lb_error *err)
{
	_cleanup_close_ int mfd = open(mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int pfd = -1;
	struct dead *dead = NULL;
	size_t ndead = 0, cap = 0;
	int ret = 0;

	if (mfd < 0)
		return lb_error_sys(err, "open %s", mount);
	pfd = openat(mfd, parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return errno == ENOENT ? 0 : lb_error_sys(err, "open %s/%s", mount, parent);
	/* Judge under LOCK_EX on the parent: a session being made (mkdir, then its lock) is
	 * made under LOCK_SH.  Released before the slow part, killing. */
	if (lb_cg_flock(pfd, LOCK_EX) < 0)
		return lb_error_sys(err, "flock %s/%s", mount, parent);
	int dfd = dup(pfd);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return lb_error_sys(err, "read %s/%s", mount, parent);
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		int lockfd;
		if (e->d_type != DT_DIR || judge(pfd, e->d_name, &lockfd) != SESSION_DEAD)
			continue;
		lb_xgrow(&dead, &cap, ndead + 1, sizeof(*dead));
		dead[ndead].name = lb_xstrdup(e->d_name);
		dead[ndead++].lockfd = lockfd;
	}
	closedir(d);
	lb_cg_flock(pfd, LOCK_UN);
	for (size_t k = 0; k < ndead; k++) {
		lb_error e2 = {0};
		int r = remove_dead(ops, pfd, ctrl, freezer_mount, parent, dead[k].name, &e2);
		if (r == 0) {
			names_add(removed, dead[k].name);
		} else if (r < 0 && ret == 0) {
			*err = e2;
			lb_error_wrap(err, "%s/%s/%s", mount, parent, dead[k].name);
			ret = -1;
		}
		/* the lock goes only now, with the folder */
		if (dead[k].lockfd >= 0)
			close(dead[k].lockfd);
		free(dead[k].name);
	}
	free(dead);
	/* the parent's levels that limitbench made, when nothing is left in them */
	lb_cg_remove_parent(mount, parent, 0);
	return ret;
}

int lb_cg_cleanup_stale(const struct lb_cg_hier *h, const char *parent, unsigned *removed,
			lb_error *err)
{
	_cleanup_free_ char *p = lb_cg_clean_parent(parent && *parent ? parent : "limitbench");
	struct names done = {0};
	int ret = 0;

	*removed = 0;
	if (!p)
		return lb_error_usage(err, "bad --cgroup-parent '%s'", parent);
	if (h->use_v2) {
		if (!h->v2_mount)
			return lb_error_env(err, "no cgroup2 mount");
		ret = sweep(&lb_cg_v2_ops, h->v2_mount, "", NULL, p, &done, err);
	} else {
		const char *freezer = h->v1_mount[LB_CTRL_FREEZER];
		bool any = false;
		/* the freezer's hierarchy last: the others use it to stop forks while killing */
		for (int pass = 0; pass < 2; pass++) {
			for (int c = 0; c < LB_CTRL_COUNT; c++) {
				const char *m = h->v1_mount[c];
				bool seen = false;
				if (!m || (pass == 0) == (freezer && strcmp(m, freezer) == 0))
					continue;
				for (int k = 0; k < c; k++)
					seen |= h->v1_mount[k] && strcmp(h->v1_mount[k], m) == 0;
				if (seen)
					continue;
				any = true;
				lb_error e = {0};
				if (sweep(&lb_cg_v1_ops, m, lb_ctrl_v1_name(c), freezer, p, &done,
					  &e) < 0 &&
				    ret == 0) {
					*err = e;
					ret = -1;
				}
			}
		}
		if (!any) {
			names_free(&done);
			return lb_error_env(err, "no cgroup hierarchy is mounted");
		}
	}
	*removed = (unsigned)done.n;
	names_free(&done);
	return ret;
}

int lb_cg_count_sessions(const struct lb_cg_hier *h, const char *parent, unsigned *live,
			 unsigned *stale, lb_error *err)
{
	_cleanup_free_ char *p = lb_cg_clean_parent(parent && *parent ? parent : "limitbench");
	const char *mount = h->use_v2 ? h->v2_mount : NULL;

	*live = *stale = 0;
	if (!p)
		return lb_error_usage(err, "bad --cgroup-parent '%s'", parent);
	/* every session is in every hierarchy it uses: one hierarchy is enough to count */
	for (int c = 0; !mount && c < LB_CTRL_COUNT; c++)
		mount = h->v1_mount[c];
	if (!mount)
		return 0;
	_cleanup_free_ char *path = lb_xasprintf("%s/%s", mount, p);
	DIR *d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : lb_error_sys(err, "open %s", path);
	/* judged as cleanup would, under the parent's LOCK_EX (see sweep()) */
	lb_cg_flock(dirfd(d), LOCK_EX);
	struct dirent *e;
	while ((e = readdir(d))) {
		int lockfd;
		if (e->d_type != DT_DIR)
			continue;
		switch (judge(dirfd(d), e->d_name, &lockfd)) {
		case SESSION_LIVE:
			(*live)++;
			break;
		case SESSION_DEAD:
			(*stale)++;
			break;
		case NOT_A_SESSION:
		default:
			break;
		}
		if (lockfd >= 0)
			close(lockfd);
	}
	closedir(d);
	return 0;
}
