/* SPDX-License-Identifier: MIT */
/* The confinement plan, built in the harness before the clone (confine.h). */
#include "container/confine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/caps.h"
#include "container/container.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442 /* the same number on every architecture */
#endif

/* docker's defaults (moby oci/defaults.go): read-only and masked paths. */
static const char *const proc_readonly[] = {"bus", "fs", "irq", "sys", "sysrq-trigger"};
static const char *const proc_masked_files[] = {"kcore",      "keys",	     "latency_stats",
						"timer_list", "timer_stats", "sched_debug"};
static const char *const masked_dirs[] = {"/proc/acpi", "/proc/asound", "/proc/scsi",
					  "/sys/firmware", "/sys/devices/virtual/powercap"};
/* The nodes of the minimal /dev, bound from the host's; and its links. */
static const char *const dev_nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
static const char *const dev_links[][2] = {
    {"pts/ptmx", "ptmx"},	   {"/proc/self/fd", "fd"},	  {"/proc/self/fd/0", "stdin"},
    {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
};

#define FS_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)
/* /dev: nodev, so that a node made in it with CAP_MKNOD opens nothing; the bound ones keep the
 * host mount's flags.  64M, as docker's /dev/shm (a directory of it here). */
#define DEV_DATA     "mode=755,size=65536k"
#define DEVPTS_DATA  "newinstance,ptmxmode=0666,mode=0620,gid=5"
#define DEFAULT_PATH "/usr/local/bin:/bin:/usr/bin" /* execvp's, without PATH */

static const char *own(struct lb_confine *p, void *s)
{
	lb_xgrow(&p->owned, &p->cap_owned, p->n_owned + 1, sizeof(*p->owned));
	p->owned[p->n_owned++] = s;
	return s;
}

static const char *ownf(struct lb_confine *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *ownf(struct lb_confine *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = lb_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	return own(p, s);
}

static struct lb_mount_op *add(struct lb_confine *p, enum lb_op_kind kind, const char *dst,
			       const char *what)
{
	lb_xgrow(&p->ops, &p->cap_ops, p->n_ops + 1, sizeof(*p->ops));
	struct lb_mount_op *o = &p->ops[p->n_ops++];
	*o = (struct lb_mount_op){.kind = kind, .dst = dst, .what = what, .fd = -1};
	return o;
}

static void add_mount(struct lb_confine *p, const char *src, const char *dst, const char *fstype,
		      unsigned long flags, const char *data, const char *what)
{
	struct lb_mount_op *o = add(p, LB_OP_MOUNT, dst, what);

	o->src = src;
	o->fstype = fstype;
	o->flags = flags;
	o->data = data;
}

static void add_mkdir(struct lb_confine *p, const char *dst, mode_t mode)
{
	add(p, LB_OP_MKDIR, dst, ownf(p, "create directory %s", dst))->mode = mode;
}

/* ---- mountinfo, for the fallback without mount_setattr --------------------------------- */

/* The kernel escapes space, tab, newline and backslash in mountinfo as \ooo. */
static char *unescape(const char *s, size_t n)
{
	char *out = lb_xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ =
			    (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static unsigned long mount_flags(const char *opts, size_t n)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} names[] = {{"ro", MS_RDONLY},		{"nosuid", MS_NOSUID},
		     {"nodev", MS_NODEV},	{"noexec", MS_NOEXEC},
		     {"noatime", MS_NOATIME},	{"nodiratime", MS_NODIRATIME},
		     {"relatime", MS_RELATIME}, {"strictatime", MS_STRICTATIME}};
	unsigned long f = 0;

	while (n) {
		size_t len = strcspn(opts, ",");
		if (len > n)
			len = n;
		for (size_t i = 0; i < LB_ARRAY_SIZE(names); i++)
			if (strlen(names[i].name) == len && !strncmp(opts, names[i].name, len))
				f |= names[i].flag;
		opts += len;
		n -= len;
		if (n) {
			opts++;
			n--;
		}
	}
	return f;
}

static bool is_below(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!strcmp(prefix, "/"))
		return path[0] == '/';
	return !strncmp(path, prefix, n) && (path[n] == '\0' || path[n] == '/');
}

int lb_mountinfo_below(const char *buf, const char *prefix, const char *root,
		       struct lb_mount_point **out, size_t *n, lb_error *err)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (const char *line = buf; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		/* id parent major:minor root mount-point options ... */
		const char *f[6];
		size_t fl[6], k = 0;
		const char *q = line, *stop = line + len;
		while (k < 6 && q < stop) {
			while (q < stop && *q == ' ')
				q++;
			const char *w = q;
			while (q < stop && *q != ' ')
				q++;
			if (q > w) {
				f[k] = w;
				fl[k++] = (size_t)(q - w);
			}
		}
		line = end ? end + 1 : NULL;
		if (k < 6)
			continue;
		_cleanup_free_ char *mp = unescape(f[4], fl[4]);
		if (mp[0] != '/' || !is_below(mp, prefix))
			continue;
		lb_xgrow(out, &cap, *n + 1, sizeof(**out));
		(*out)[*n].path = lb_xasprintf("%s%s", root, mp);
		(*out)[*n].flags = mount_flags(f[5], fl[5]) & ~(unsigned long)MS_RDONLY;
		(*n)++;
	}
	(void)err;
	return 0;
}

/* ---- the plan ------------------------------------------------------------------------------- */

bool lb_is_dev_path(const char *path)
{
	size_t n = strlen(path);

	if (strncmp(path, "/dev/", 5) || n == 5 || strstr(path, "//"))
		return false;
	/* No "." or ".." component: the path names what it binds, below /dev. */
	for (const char *c = path + 5; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t len = strcspn(c, "/");
		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	return true;
}

static bool have_mount_setattr(void)
{
	/* An invalid call: EBADF or EINVAL where the kernel has it, ENOSYS where not. */
	return syscall(SYS_mount_setattr, -1, "", 0, NULL, (size_t)0) == 0 || errno != ENOSYS;
}

struct planner {
	struct lb_confine *p;
	const struct lb_container_spec *s;
	const char *root; /* "" or the rootfs, real path */
	bool setattr;
	char *mountinfo; /* read once, for the fallback */
};

/* dst and every mount below it (prefix in the host's view, seen at root) read-only. */
static int add_tree_ro(struct planner *pl, const char *dst, const char *prefix, const char *root,
		       lb_error *err)
{
	struct lb_confine *p = pl->p;
	struct lb_mount_op *o = add(p, LB_OP_TREE_RO, dst, ownf(p, "make %s read-only", dst));

	if (pl->setattr)
		return 0;
	if (!pl->mountinfo && lb_read_file("/proc/self/mountinfo", &pl->mountinfo, NULL, err) < 0)
		return -1;
	struct lb_mount_point *below;
	size_t n;
	if (lb_mountinfo_below(pl->mountinfo, prefix, root, &below, &n, err) < 0)
		return -1;
	own(p, below);
	for (size_t i = 0; i < n; i++)
		own(p, (void *)below[i].path);
	o->below = below;
	o->n_below = n;
	return 0;
}

static int plan_rootfs(struct planner *pl, lb_error *err)
{
	struct lb_confine *p = pl->p;
	const struct lb_container_spec *s = pl->s;
	struct stat st;

	char *real = realpath(s->rootfs, NULL);
	if (!real)
		return lb_error_set(err, LB_ERR_USAGE, errno, "rootfs %s", s->rootfs);
	own(p, real);
	if (stat(real, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "rootfs %s", s->rootfs);
	if (!S_ISDIR(st.st_mode))
		return lb_error_usage(err, "rootfs %s: not a directory", s->rootfs);
	if (!strcmp(real, "/"))
		return 0; /* the host's own root: nothing to pivot into */
	pl->root = real;
	if (!p->cwd)
		p->cwd = "/";
	add_mount(p, real, real, NULL, MS_BIND | MS_REC, NULL, ownf(p, "bind the rootfs %s", real));
	/* The mount points, before the rootfs may become read-only. */
	static const char *const dirs[] = {"/proc", "/sys", "/dev"};
	for (size_t i = 0; i < LB_ARRAY_SIZE(dirs); i++)
		add_mkdir(p, ownf(p, "%s%s", real, dirs[i]), 0755);
	/* nodev: a node made in the rootfs opens nothing (CAP_MKNOD is in docker's set). */
	struct lb_mount_op *o =
	    add(p, LB_OP_REMOUNT, real, ownf(p, "remount the rootfs %s nodev", real));
	o->flags = MS_NOSUID | MS_NODEV | (s->readonly_rootfs ? MS_RDONLY : 0);
	return 0;
}

static void plan_proc(struct planner *pl)
{
	struct lb_confine *p = pl->p;
	const char *root = pl->root;

	/* A /proc of the new pid namespace, so that ps and /proc/self show the container's
	 * pids; in a rootfs, a /proc in any case. */
	if (root[0] || (pl->s->namespaces & LB_NS_PID)) {
		const char *dst = ownf(p, "%s/proc", root);
		add_mount(p, "proc", dst, "proc", FS_FLAGS, NULL, ownf(p, "mount proc on %s", dst));
	}
	for (size_t i = 0; i < LB_ARRAY_SIZE(proc_readonly); i++) {
		const char *dst = ownf(p, "%s/proc/%s", root, proc_readonly[i]);
		struct lb_mount_op *o =
		    add(p, LB_OP_BIND_RO, dst, ownf(p, "make %s read-only", dst));
		o->flags = FS_FLAGS;
		o->optional = true;
	}
	for (size_t i = 0; i < LB_ARRAY_SIZE(proc_masked_files); i++) {
		const char *dst = ownf(p, "%s/proc/%s", root, proc_masked_files[i]);
		struct lb_mount_op *o = add(p, LB_OP_MASK_FILE, dst, ownf(p, "mask %s", dst));
		o->src = "/dev/null";
		o->optional = true;
	}
}

/*
 * An O_PATH fd of path that the child will open onto the same number (LB_OP_OPENFD): returns
 * "/proc/self/fd/N", through which it reaches path once its own mounts cover it, or NULL with
 * errno (ENOENT: path does not exist).
 */
static const char *placeholder(struct lb_confine *p, const char *path, const char *what)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	/* Not on 0..2 (a harness with stdin closed): the child puts the workload's stdio there
	 * before it replaces this fd. */
	if (fd <= 2) {
		int high = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		int e = errno;
		close(fd);
		if (high < 0) {
			errno = e;
			return NULL;
		}
		fd = high;
	}
	p->fds[p->n_fds++] = fd;
	add(p, LB_OP_OPENFD, path, what)->fd = fd;
	return ownf(p, "/proc/self/fd/%d", fd);
}

static int plan_sys(struct planner *pl, lb_error *err)
{
	struct lb_confine *p = pl->p;
	const struct lb_container_spec *s = pl->s;
	const char *root = pl->root;
	const char *dst = ownf(p, "%s/sys", root);

	/* A sysfs of its own, as docker mounts it: in a new net namespace its /sys/class/net
	 * lists that namespace's interfaces, and nothing mounted below the host's /sys
	 * (debugfs, tracefs, securityfs, bpf, configfs, pstore) comes with it; without one, a
	 * bind of the host's alone, for the latter.  The cgroup filesystems are bound back: the
	 * workload reads its own cgroup files. */
	const char *cg = placeholder(p, "/sys/fs/cgroup", "open the host's /sys/fs/cgroup");
	if (!cg && errno != ENOENT)
		return lb_error_sys(err, "open /sys/fs/cgroup");
	if (s->namespaces & LB_NS_NET)
		add_mount(p, "sysfs", dst, "sysfs", FS_FLAGS, NULL,
			  ownf(p, "mount sysfs on %s", dst));
	else /* the host's superblock, which the kernel will not mount on itself (EBUSY) */
		add_mount(p, "/sys", dst, NULL, MS_BIND, NULL, ownf(p, "bind /sys on %s", dst));
	if (!pl->setattr)
		add(p, LB_OP_REMOUNT, dst, ownf(p, "make %s read-only", dst))->flags =
		    MS_RDONLY | FS_FLAGS;
	if (cg) {
		const char *c = ownf(p, "%s/fs/cgroup", dst);
		add_mount(p, cg, c, NULL, MS_BIND | MS_REC, NULL,
			  ownf(p, "bind the host's /sys/fs/cgroup on %s", c));
	}
	for (size_t i = 0; i < LB_ARRAY_SIZE(masked_dirs); i++) {
		const char *m = ownf(p, "%s%s", root, masked_dirs[i]);
		add(p, LB_OP_MASK_DIR, m, ownf(p, "mask %s", m))->optional = true;
	}
	/* Read-only with the cgroup mounts below it: else, as root, the workload could move
	 * itself out of its cgroup (writing its pid into another cgroup.procs), leaving its
	 * limits and the kill at the end behind. */
	if (add_tree_ro(pl, dst, "/sys/fs/cgroup", root, err) < 0)
		return -1;
	if (root[0])
		return 0; /* cgroup mounts elsewhere are not in the rootfs */
	struct lb_cg_hier found = {0};
	char *const *mounts = s->cgroupfs;
	size_t n = s->n_cgroupfs;
	if (!mounts) {
		_cleanup_free_ char *buf = NULL;
		if (lb_read_file("/proc/self/mountinfo", &buf, NULL, err) < 0 ||
		    lb_cg_parse_mountinfo(buf, &found, err) < 0)
			return -1;
		mounts = found.fs_mounts;
		n = found.n_fs_mounts;
	}
	for (size_t i = 0; i < n; i++) {
		if (is_below(mounts[i], "/sys/fs/cgroup"))
			continue;
		/* A bind remount changes this mount's flags only, in this namespace only; the
		 * flags cgroupfs is mounted with are kept by passing them again.  (Elsewhere
		 * below /sys, it is not in the new sysfs at all.) */
		const char *c = ownf(p, "%s", mounts[i]);
		add(p, LB_OP_REMOUNT, c, ownf(p, "make %s read-only", c))->flags =
		    MS_RDONLY | FS_FLAGS;
	}
	lb_cg_hier_free(&found);
	return 0;
}

/* "/dev/net/tun" -> the directories dev/net of the container, then what it binds onto. */
static int plan_device(struct planner *pl, const char *devsrc, const char *dev, lb_error *err)
{
	struct lb_confine *p = pl->p;
	struct stat st;

	if (!lb_is_dev_path(dev))
		return lb_error_usage(err, "device %s: not a path under /dev", dev);
	if (stat(dev, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "device %s", dev);
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode) && !S_ISDIR(st.st_mode))
		return lb_error_usage(err, "device %s: not a device or a directory of them", dev);
	for (const char *q = strchr(dev + 5, '/'); q; q = strchr(q + 1, '/'))
		add_mkdir(p, ownf(p, "%s%.*s", pl->root, (int)(q - dev), dev), 0755);
	const char *dst = ownf(p, "%s%s", pl->root, dev);
	if (S_ISDIR(st.st_mode))
		add_mkdir(p, dst, 0755);
	else
		add(p, LB_OP_MKFILE, dst, ownf(p, "create %s", dst))->mode = 0644;
	add_mount(p, ownf(p, "%s/%s", devsrc, dev + 5), dst, NULL, MS_BIND | MS_REC, NULL,
		  ownf(p, "bind the host's %s", dev));
	return 0;
}

static int plan_dev(struct planner *pl, lb_error *err)
{
	struct lb_confine *p = pl->p;
	const struct lb_container_spec *s = pl->s;
	const char *root = pl->root;
	const char *dev = ownf(p, "%s/dev", root);

	if (s->host_devices) {
		if (root[0])
			add_mount(p, "/dev", dev, NULL, MS_BIND | MS_REC, NULL,
				  ownf(p, "bind /dev on %s", dev));
		return 0;
	}
	/* The host's /dev, reached through an fd once the tmpfs covers it. */
	const char *devsrc = placeholder(p, "/dev", "open the host's /dev");
	if (!devsrc)
		return lb_error_sys(err, "open /dev");
	add_mount(p, "tmpfs", dev, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, DEV_DATA,
		  ownf(p, "mount tmpfs on %s", dev));
	for (size_t i = 0; i < LB_ARRAY_SIZE(dev_nodes); i++) {
		const char *dst = ownf(p, "%s/%s", dev, dev_nodes[i]);
		add(p, LB_OP_MKFILE, dst, ownf(p, "create %s", dst))->mode = 0666;
		add_mount(p, ownf(p, "%s/%s", devsrc, dev_nodes[i]), dst, NULL, MS_BIND, NULL,
			  ownf(p, "bind the host's /dev/%s", dev_nodes[i]));
	}
	const char *pts = ownf(p, "%s/pts", dev);
	add_mkdir(p, pts, 0755);
	/* A devpts of its own: its ptys are not the host's, and /dev/pts lists only them. */
	add_mount(p, "devpts", pts, "devpts", MS_NOSUID | MS_NOEXEC, DEVPTS_DATA,
		  ownf(p, "mount devpts on %s", pts));
	add_mkdir(p, ownf(p, "%s/shm", dev), 01777);
	for (size_t i = 0; i < LB_ARRAY_SIZE(dev_links); i++) {
		const char *dst = ownf(p, "%s/%s", dev, dev_links[i][1]);
		add(p, LB_OP_SYMLINK, dst, ownf(p, "create the link %s", dst))->src =
		    dev_links[i][0];
	}
	for (size_t i = 0; i < s->n_devices; i++)
		if (plan_device(pl, devsrc, s->devices[i], err) < 0)
			return -1;
	/* -t: the pty as /dev/console, as docker does (the harness's devpts, reached by the
	 * path its slave has there). */
	if (s->tty_fd >= 0) {
		char link[64], target[256];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", s->tty_fd);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		if (n > 5 && !strncmp(target, "/dev/", 5)) {
			target[n] = '\0';
			const char *dst = ownf(p, "%s/console", dev);
			add(p, LB_OP_MKFILE, dst, ownf(p, "create %s", dst))->mode = 0600;
			add_mount(p, ownf(p, "%s/%s", devsrc, target + 5), dst, NULL, MS_BIND, NULL,
				  ownf(p, "bind the pty on %s", dst));
		}
	}
	return 0;
}

static const char *env_path(char *const *envp)
{
	for (char *const *e = envp; e && *e; e++)
		if (!strncmp(*e, "PATH=", 5))
			return *e + 5;
	return DEFAULT_PATH;
}

int lb_confine_plan(const struct lb_container_spec *s, struct lb_confine *p, lb_error *err)
{
	struct planner pl = {.p = p, .s = s, .root = ""};
	int rc = -1;

	memset(p, 0, sizeof(*p));
	p->caps_keep = s->caps_set ? s->caps_keep : lb_caps_default_mask();
	p->path = env_path(s->envp);
	p->cwd = s->cwd;
	p->loopback = s->namespaces & LB_NS_NET;
	if (s->has_oom_score_adj &&
	    (s->oom_score_adj < LB_OOM_SCORE_ADJ_MIN || s->oom_score_adj > LB_OOM_SCORE_ADJ_MAX))
		return lb_error_usage(err, "Invalid value %d, range for oom score adj is [%d, %d]",
				      s->oom_score_adj, LB_OOM_SCORE_ADJ_MIN, LB_OOM_SCORE_ADJ_MAX);
	snprintf(p->oom_score_adj, sizeof(p->oom_score_adj), "%d",
		 s->has_oom_score_adj ? s->oom_score_adj : 0);
	if (!(s->namespaces & LB_NS_MOUNT)) {
		if (s->rootfs || s->readonly_rootfs || s->host_devices || s->n_devices)
			return lb_error_usage(err,
					      "a rootfs, a read-only root and devices need the "
					      "mount namespace");
		return 0;
	}
	pl.setattr = !s->no_mount_setattr && have_mount_setattr();
	/* Without this, mounts made here would propagate back to the host's shared mounts
	 * (systemd makes / shared). */
	add_mount(p, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL,
		  "make / private (mount --make-rprivate /)");
	if (s->rootfs && plan_rootfs(&pl, err) < 0)
		goto out;
	if (s->readonly_rootfs) {
		const char *r = pl.root[0] ? pl.root : "/";
		if (add_tree_ro(&pl, r, r, "", err) < 0)
			goto out;
	}
	plan_proc(&pl);
	if (plan_sys(&pl, err) < 0 || plan_dev(&pl, err) < 0)
		goto out;
	if (pl.root[0])
		add(p, LB_OP_PIVOT, pl.root, ownf(p, "pivot_root into %s", pl.root));
	rc = 0;
out:
	free(pl.mountinfo);
	if (rc < 0)
		lb_confine_free(p);
	return rc;
}

void lb_confine_free(struct lb_confine *p)
{
	for (size_t i = 0; i < p->n_owned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->ops);
	for (size_t i = 0; i < p->n_fds; i++)
		close(p->fds[i]);
	memset(p, 0, sizeof(*p));
}
