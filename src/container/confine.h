/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CONFINE_H
#define LB_CONTAINER_CONFINE_H

/*
 * What a container sees of the host, as docker/runc give it by default, planned by the
 * harness before the clone and carried out by the child (child.c) without allocating or
 * formatting anything: every path, flag and failure message is in the plan, as bubblewrap
 * computes its list of operations before it forks.
 *
 * With its own mount namespace (LB_NS_MOUNT), in this order:
 *
 *   /                   private (nothing propagates back to the host)
 *   rootfs DIR          bound onto itself; proc, sys, dev created in it if missing
 *   readonly            the root, recursively read-only (the host's / without a rootfs)
 *   /proc               a new procfs (with the pid namespace, or in a rootfs)
 *   /proc/{bus,fs,irq,sys,sysrq-trigger}        read-only binds of themselves
 *   /proc/{kcore,keys,timer_list,...}           /dev/null bound over them
 *   /proc/{acpi,asound,scsi} /sys/firmware ...  one empty read-only tmpfs, bound over each
 *   /sys                a sysfs of its own, read-only (in a new net namespace it shows
 *                       only that namespace's interfaces; none of the filesystems mounted
 *                       below the host's /sys is there: debugfs, tracefs, securityfs...),
 *                       with the host's /sys/fs/cgroup bound back below it, read-only;
 *                       cgroup mounts elsewhere read-only one by one
 *   /dev                a tmpfs (nodev: nodes made in it do not work) with the host's null,
 *                       zero, full, random, urandom, tty bound in, a devpts of its own,
 *                       ptmx -> pts/ptmx, shm (a directory, 1777), fd and std* links,
 *                       console (the pty, with a tty) and the devices asked for; or the
 *                       host's /dev as it is (devices: host)
 *   rootfs              pivot_root into it (MS_MOVE + chroot when / is an initramfs, which
 *                       pivot_root refuses)
 *
 * Paths that do not exist on this kernel are skipped.  Without the mount namespace nothing of
 * this applies (a rootfs, readonly or devices is then an error).  A recursive read-only mount
 * is one mount_setattr(2) (Linux 5.12); before that, the plan lists every mount below it (from
 * mountinfo) to remount one by one, with the flags each has.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

struct lb_container_spec;

enum lb_op_kind {
	LB_OP_MOUNT,	 /* mount(src, dst, fstype, flags, data) */
	LB_OP_BIND_RO,	 /* dst bound onto itself, then remounted read-only with flags */
	LB_OP_REMOUNT,	 /* the mount at dst remounted with flags (MS_RDONLY...), a bind remount */
	LB_OP_TREE_RO,	 /* dst and every mount below it read-only; fallback: remount each */
	LB_OP_MASK_FILE, /* src (/dev/null) bound over dst */
	LB_OP_MASK_DIR,	 /* an empty read-only tmpfs over dst (mounted once, then bound) */
	LB_OP_MKDIR,	 /* mkdir(dst, mode); one that exists is fine */
	LB_OP_MKFILE,	 /* an empty file at dst, to bind a device onto */
	LB_OP_SYMLINK,	 /* symlink(src, dst) */
	LB_OP_OPENFD,	 /* open dst O_PATH onto fd number `fd` (a placeholder it inherited) */
	LB_OP_PIVOT,	 /* make dst the root */
};

/* A mount below a tree made read-only, for the remount fallback: where, and its flags. */
struct lb_mount_point {
	const char *path;
	unsigned long flags; /* MS_NOSUID | MS_NODEV | MS_NOEXEC | ... as it has them */
};

struct lb_mount_op {
	enum lb_op_kind kind;
	const char *src, *dst, *fstype, *data;
	unsigned long flags;
	mode_t mode;
	int fd;
	bool optional; /* dst missing (ENOENT): skip, a path this kernel does not have */
	const struct lb_mount_point *below; /* LB_OP_TREE_RO fallback */
	size_t n_below;
	const char *what; /* the failure report: "make /proc/sys read-only" */
};

struct lb_confine {
	struct lb_mount_op *ops;
	size_t n_ops, cap_ops;
	bool loopback;	    /* bring lo up (with the net namespace) */
	const char *cwd;    /* chdir here before exec (NULL: stay) */
	const char *path;   /* PATH, for the command lookup */
	uint64_t caps_keep; /* capabilities it keeps (caps.h) */
	/* What the child writes to /proc/self/oom_score_adj ("0" unless the spec says), formatted
	 * here: the child cannot format. */
	char oom_score_adj[16];
	/* The harness's placeholders for LB_OP_OPENFD: the child opens the host's /dev and
	 * /sys/fs/cgroup onto these numbers, to bind from once its own cover them (a bind
	 * needs its source in the child's mount namespace).  Closed by lb_confine_free(). */
	int fds[2];
	size_t n_fds;
	/* Everything the ops point to that was allocated for them. */
	void **owned;
	size_t n_owned, cap_owned;
};

/* A device path for spec->devices: below /dev, without "." or ".." components. */
bool lb_is_dev_path(const char *path);

/* Plan the confinement of spec (in the harness, before the clone). */
int lb_confine_plan(const struct lb_container_spec *spec, struct lb_confine *p, lb_error *err);
void lb_confine_free(struct lb_confine *p);

/*
 * The mounts of mountinfo text whose mount point is prefix or below it, with their flags, in
 * mountinfo order, as seen from a root at `root` (root + path; "" for the host's).  For the
 * read-only fallback; malloc'd, *n entries, each path owned by the array's caller through
 * out[i].path (free each, then the array).
 */
int lb_mountinfo_below(const char *buf, const char *prefix, const char *root,
		       struct lb_mount_point **out, size_t *n, lb_error *err);

#endif
