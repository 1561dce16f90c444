/* SPDX-License-Identifier: MIT */
/*
 * The session: <mount>/<parent>/lb-<pid>-<starttime>-locked/ in every hierarchy used, one per
 * limitbench process.  pid + start time make the name unique, so concurrent limitbench
 * processes never collide.  Whether the owner is alive is not read from the name (a pid means
 * nothing in another pid namespace): the owner holds flock(LOCK_EX) on each of its session
 * folders for as long as it runs, and the kernel drops that lock when it dies, however it
 * dies.  `cleanup` (cleanup.c) takes a session for dead only when it can take that lock.
 *
 * Creating the folder and locking it are two steps; in between the folder is unlocked and
 * would look dead.  So a creator holds LOCK_SH on the parent folder around them, and
 * `cleanup` judges sessions under LOCK_EX on the parent: it never sees one half-made.
 */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"

#define OPEN_ATTEMPTS 100

static bool retryable(const lb_error *e)
{
	return e->errnum == ENOENT || e->errnum == ENODEV;
}

char *lb_cg_clean_parent(const char *parent)
{
	_cleanup_free_ char *copy = lb_xstrdup(parent);
	char *out = lb_xzalloc(strlen(parent) + 1), *save = NULL;

	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0 || strcmp(c, "..") == 0) {
			free(out);
			return NULL;
		}
		if (*out)
			strcat(out, "/");
		strcat(out, c);
	}
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

int lb_cg_flock(int fd, int op)
{
	int r;

	do
		r = flock(fd, op);
	while (r < 0 && errno == EINTR);
	return r;
}

static bool marked_ours(const char *path)
{
	char v[sizeof(LB_CG_PARENT_MARK)];
	ssize_t n = getxattr(path, LB_CG_PARENT_XATTR, v, sizeof(v));

	return n == (ssize_t)strlen(LB_CG_PARENT_MARK) && memcmp(v, LB_CG_PARENT_MARK, n) == 0;
}

void lb_cg_remove_parent(const char *mount, const char *parent, uint64_t made)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/%s", mount, parent);
	char *rel = path + strlen(mount) + 1;
	unsigned depth = 0;

	for (const char *c = rel; *c; c++)
		depth += *c == '/';
	for (;;) {
		bool ours = (depth < 64 && (made >> depth) & 1) || marked_ours(path);
		/* another limitbench still using it makes this fail (EBUSY/ENOTEMPTY), as it
		 * should: the last one out removes it */
		if (!ours || rmdir(path) < 0)
			return;
		char *slash = strrchr(rel, '/');
		if (!slash)
			return;
		*slash = '\0';
		depth--;
	}
}

/* An error worth starting over for: a folder was removed under us. */
#define AGAIN 1

/* One try of open_levels(): 0 done, AGAIN, or -1 with err set. */
static int try_levels(struct lb_cg_session *s, size_t i, const char *leaf, lb_error *err)
{
	_cleanup_close_ int cur = open(s->hier[i].mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_free_ char *copy = lb_xstrdup(s->parent);
	char *save = NULL;

	if (cur < 0)
		return lb_error_sys(err, "open %s", s->hier[i].mount);
	if (s->ops->init_inner(s, i, -1, cur, err) < 0)
		return -1;
	unsigned depth = 0;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save), depth++) {
		/* EEXIST: there before us, maybe the user's with limits of its own; ours
		 * (made here) are marked, so that the last limitbench out removes them */
		bool made = mkdirat(cur, c, 0755) == 0;
		if (!made && errno != EEXIST)
			return errno == ENOENT ? AGAIN : lb_error_sys(err, "mkdir %s", c);
		int next = openat(cur, c, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (next < 0)
			return errno == ENOENT ? AGAIN : lb_error_sys(err, "open %s", c);
		if (made) {
			if (depth < 64)
				s->hier[i].made |= UINT64_C(1) << depth;
			/* no xattr on this kernel: only this process knows, from `made` */
			fsetxattr(next, LB_CG_PARENT_XATTR, LB_CG_PARENT_MARK,
				  strlen(LB_CG_PARENT_MARK), 0);
		}
		int r = s->ops->init_inner(s, i, cur, next, err);
		close(cur);
		cur = next;
		if (r < 0)
			return retryable(err) ? AGAIN : -1;
	}
	/* released when cur is closed, on every return below but the last */
	if (lb_cg_flock(cur, LOCK_SH) < 0)
		return lb_error_sys(err, "flock %s", s->parent);
	if (mkdirat(cur, leaf, 0755) < 0) {
		if (errno == ENOENT)
			return AGAIN;
		if (errno == EEXIST)
			return lb_error_fail(err,
					     "session folder %s already exists (one session "
					     "per process)",
					     leaf);
		return lb_error_sys(err, "mkdir %s", leaf);
	}
	s->hier[i].dirfd = openat(cur, leaf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->hier[i].dirfd < 0)
		return lb_error_sys(err, "open %s", leaf);
	/* Held until this process closes the session or dies: what tells `cleanup` that the
	 * session is alive (nobody else can hold it: the name is new, cleanup waits for our
	 * LOCK_SH on the parent). */
	if (lb_cg_flock(s->hier[i].dirfd, LOCK_EX | LOCK_NB) < 0)
		return lb_error_sys(err, "flock %s", leaf);
	lb_cg_flock(cur, LOCK_UN);
	/* Kept for the close: the parent cannot go while our folder is in it. */
	s->hier[i].parentfd = cur;
	cur = -1;
	return s->ops->init_inner(s, i, s->hier[i].parentfd, s->hier[i].dirfd, err);
}

/*
 * Create (or find) each level of the parent, then the session folder, in hierarchy i.
 * Another limitbench may rmdir the parent at any moment (its session closed and the parent
 * looked empty): a mkdir or open that says ENOENT starts over from the root.
 */
static int open_levels(struct lb_cg_session *s, size_t i, const char *leaf, lb_error *err)
{
	for (unsigned attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
		lb_error_clear(err);
		int r = try_levels(s, i, leaf, err);
		if (r == 0)
			return 0;
		if (r < 0)
			return lb_error_wrap(err, "creating %s/%s/%s", s->hier[i].mount, s->parent,
					     leaf);
	}
	return lb_error_fail(err, "%s/%s keeps disappearing while the session is created",
			     s->hier[i].mount, s->parent);
}

static void add_hier(struct lb_cg_session *s, const char *mount, enum lb_ctrl c)
{
	size_t i;

	for (i = 0; i < s->nhier; i++)
		if (strcmp(s->hier[i].mount, mount) == 0)
			break;
	if (i == s->nhier) {
		s->hier[i].mount = lb_xstrdup(mount);
		s->hier[i].dirfd = -1;
		s->hier[i].parentfd = -1;
		s->nhier++;
	}
	s->hier[i].ctrls |= 1u << c;
	s->ctrl_hier[c] = (int)i;
}

int lb_cg_session_open(const struct lb_cg_hier *h, const char *parent, struct lb_cg_session **out,
		       lb_error *err)
{
	return lb_cg_session_open_for(h, parent, 0, out, err);
}

/* v1: is the mount of controller c one that serves a wanted controller (want 0: all)? */
static bool v1_mount_wanted(const struct lb_cg_hier *h, enum lb_ctrl c, unsigned want)
{
	if (!want)
		return true;
	for (int w = 0; w < LB_CTRL_COUNT; w++)
		if ((want & (1u << w)) && h->v1_mount[w] && !strcmp(h->v1_mount[w], h->v1_mount[c]))
			return true;
	return false;
}

int lb_cg_session_open_for(const struct lb_cg_hier *h, const char *parent, unsigned want,
			   struct lb_cg_session **out, lb_error *err)
{
	struct lb_cg_session *s = lb_xzalloc(sizeof(*s));
	_cleanup_free_ char *leaf = NULL;
	uint64_t start;

	*out = NULL;
	s->v2 = h->use_v2;
	s->ops = s->v2 ? &lb_cg_v2_ops : &lb_cg_v1_ops;
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		s->ctrl_hier[c] = -1;
	s->parent = lb_cg_clean_parent(parent && *parent ? parent : "limitbench");
	if (!s->parent) {
		lb_error_usage(
		    err, "bad --cgroup-parent '%s': give a relative path without . or ..", parent);
		goto fail;
	}
	if (s->v2) {
		for (int c = 0; c < LB_CTRL_COUNT; c++)
			if (lb_cg_has(h, c))
				add_hier(s, h->v2_mount, c);
		if (!s->nhier) {
			/* still a place to run, with no limits */
			s->hier[0].mount = lb_xstrdup(h->v2_mount);
			s->hier[0].dirfd = -1;
			s->hier[0].parentfd = -1;
			s->nhier = 1;
		}
	} else {
		for (int c = 0; c < LB_CTRL_COUNT; c++)
			if (h->v1_mount[c] && v1_mount_wanted(h, c, want))
				add_hier(s, h->v1_mount[c], c);
		/* none of the wanted ones mounted: still a place to run, in every hierarchy */
		for (int c = 0; c < LB_CTRL_COUNT && !s->nhier; c++)
			if (h->v1_mount[c])
				add_hier(s, h->v1_mount[c], c);
	}
	if (!s->nhier || !s->hier[0].mount) {
		lb_error_env(err, "no cgroup hierarchy is mounted (see `limitbench info`): mount "
				  "cgroup2 on /sys/fs/cgroup or the v1 controllers under it");
		goto fail;
	}
	if (lb_cg_proc_starttime(getpid(), &start) < 0) {
		lb_error_sys(err, "reading /proc/self/stat");
		goto fail;
	}
	leaf = lb_xasprintf("lb-%d-%" PRIu64 LB_CG_SESSION_SUFFIX, (int)getpid(), start);
	s->rel = lb_xasprintf("%s/%s", s->parent, leaf);
	for (size_t i = 0; i < s->nhier; i++)
		if (open_levels(s, i, leaf, err) < 0)
			goto fail;
	if (s->v2) {
		/* what was really enabled at every level decides what containers get */
		unsigned got = s->hier[0].ctrls;
		for (int c = 0; c < LB_CTRL_COUNT; c++)
			if (!(got & (1u << c)))
				s->ctrl_hier[c] = -1;
	}
	*out = s;
	return 0;
fail:
	lb_cg_session_close(s);
	return -1;
}

const char *lb_cg_hier_ctrl(const struct lb_cg_session *s, size_t i)
{
	if (s->v2)
		return "";
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		if (s->hier[i].ctrls & (1u << c))
			return lb_ctrl_v1_name(c);
	return "";
}

const char *lb_cg_session_path(const struct lb_cg_session *s)
{
	return s ? s->rel : "";
}

/*
 * The usual end: every cgroup of the session was destroyed and nothing else is in its
 * folders, so each rmdir succeeds at once and no folder needs reading.  The freezer's
 * hierarchy goes last, so that it is still there to freeze with should another be busy.
 */
static bool rmdir_session_if_empty(struct lb_cg_session *s, const char *leaf, int fz)
{
	for (size_t i = 0; i < s->nhier; i++)
		if ((int)i != fz &&
		    !lb_cg_rmdir_empty(s->hier[i].parentfd, leaf, &s->hier[i].dirfd))
			return false;
	return fz < 0 || lb_cg_rmdir_empty(s->hier[fz].parentfd, leaf, &s->hier[fz].dirfd);
}

void lb_cg_session_close(struct lb_cg_session *s)
{
	if (!s)
		return;
	lb_error ignored = {0};
	const char *leaf = s->rel ? strrchr(s->rel, '/') + 1 : NULL;

	while (s->cgroups)
		lb_cgroup_destroy(s->cgroups, &ignored);
	int fz = s->v2 ? -1 : s->ctrl_hier[LB_CTRL_FREEZER];
	if (!leaf || !rmdir_session_if_empty(s, leaf, fz)) {
		int freezer_fd = fz >= 0 ? s->hier[fz].dirfd : -1;
		_cleanup_free_ char *path = lb_xasprintf("/%s", s->rel ? s->rel : "");
		for (size_t i = 0; i < s->nhier; i++) {
			if (s->hier[i].dirfd < 0 || !s->rel)
				continue;
			/* anything a caller placed in the session folder itself, or left
			 * behind */
			const struct lb_cg_where where = {lb_cg_hier_ctrl(s, i), path};
			s->ops->kill_tree(s->hier[i].dirfd, s->v2 ? s->hier[i].dirfd : freezer_fd,
					  &where, &ignored);
		}
		for (size_t i = 0; i < s->nhier; i++) {
			if (s->hier[i].dirfd < 0)
				continue;
			close(s->hier[i].dirfd);
			s->hier[i].dirfd = -1;
			if (leaf && s->hier[i].parentfd >= 0)
				lb_cg_rmdir_tree(s->hier[i].parentfd, leaf, &ignored);
		}
	}
	for (size_t i = 0; i < s->nhier; i++) {
		if (s->hier[i].parentfd >= 0)
			close(s->hier[i].parentfd);
		/* the levels of the parent that limitbench made, if we were their last user */
		if (s->rel && s->parent && s->hier[i].mount)
			lb_cg_remove_parent(s->hier[i].mount, s->parent, s->hier[i].made);
		free(s->hier[i].mount);
	}
	for (int c = 0; c < LB_CTRL_COUNT; c++)
		free(s->why_missing[c]);
	free(s->parent);
	free(s->rel);
	free(s);
}
