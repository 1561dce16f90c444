/* SPDX-License-Identifier: MIT */
/*
 * Which block device an io limit means.  The user names a device node (/dev/vda) or a path
 * on a file system (/var/tmp: the device under that mount); the kernel's throttles (v1
 * blkio.throttle.*, v2 io.max and io.weight) take the MAJ:MIN of a whole disk: for a
 * partition, blkcg_conf_open_bdev() answers ENODEV, so a partition means its disk (every
 * partition of it is then held together).  A file system with no block device under it
 * (tmpfs, proc, overlay, a network file system: an anonymous device, major 0) cannot be
 * throttled at all: that is an error naming the file system, found by `check` already.
 */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* The file system type and mount point of device MAJ:MIN in mountinfo text, if mounted. */
static bool mount_of(const char *mountinfo, unsigned maj, unsigned min, char *fstype, size_t ft_n,
		     char *mnt, size_t mnt_n)
{
	char want[32];
	const char *line = mountinfo;

	snprintf(want, sizeof(want), "%u:%u", maj, min);
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE ..." */
		char f[5][256];
		_cleanup_free_ char *copy = lb_xstrndup(line, len);
		const char *dash = strstr(copy, " - ");
		if (dash &&
		    sscanf(copy, "%255s %255s %255s %255s %255s", f[0], f[1], f[2], f[3], f[4]) ==
			5 &&
		    !strcmp(f[2], want)) {
			char ft[64];
			if (sscanf(dash + 3, "%63s", ft) != 1)
				snprintf(ft, sizeof(ft), "?");
			snprintf(fstype, ft_n, "%s", ft);
			snprintf(mnt, mnt_n, "%s", f[4]);
			return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

/* "MAJ:MIN\n" from a sysfs `dev` file. */
static int read_dev_file(int dirfd, const char *file, unsigned *maj, unsigned *min)
{
	char buf[64];
	_cleanup_close_ int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || lb_pread_all(fd, buf, sizeof(buf)) < 0)
		return -1;
	return sscanf(buf, "%u:%u", maj, min) == 2 ? 0 : -1;
}

int lb_io_resolve_dev(const char *what, unsigned maj, unsigned min, const char *sysfs,
		      const char *mountinfo, unsigned *out_maj, unsigned *out_min, lb_error *err)
{
	if (maj == 0) {
		char fstype[64], mnt[256];
		if (mountinfo &&
		    mount_of(mountinfo, maj, min, fstype, sizeof(fstype), mnt, sizeof(mnt)))
			return lb_error_usage(err,
					      "%s is on a %s file system (mounted on %s), which "
					      "has no block device under it: only block devices "
					      "can be throttled",
					      what, fstype, mnt);
		return lb_error_usage(err,
				      "%s is on a file system with no block device under it "
				      "(device %u:%u): only block devices can be throttled",
				      what, maj, min);
	}
	_cleanup_free_ char *dir = lb_xasprintf("%s/dev/block/%u:%u", sysfs, maj, min);
	_cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return lb_error_usage(err,
				      "%s: device %u:%u is not a block device the kernel lists "
				      "(%s: %s)",
				      what, maj, min, dir, strerror(errno));
	*out_maj = maj;
	*out_min = min;
	/* A partition's sysfs folder sits in its disk's, which has the disk's `dev`. */
	if (faccessat(dfd, "partition", F_OK, 0) == 0) {
		_cleanup_close_ int pfd = openat(dfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd < 0 || read_dev_file(pfd, "dev", out_maj, out_min) < 0)
			return lb_error_usage(err,
					      "%s: device %u:%u is a partition whose disk was "
					      "not found in %s",
					      what, maj, min, sysfs);
	}
	return 0;
}

int lb_io_resolve(const char *path, unsigned *maj, unsigned *min, lb_error *err)
{
	struct stat st;
	_cleanup_free_ char *mi = NULL;
	lb_error ignored = {0};

	if (!path || path[0] != '/')
		return lb_error_usage(err, "%s is not an absolute path", path ? path : "");
	if (stat(path, &st) < 0)
		return lb_error_set(err, LB_ERR_USAGE, errno, "%s", path);
	if (S_ISBLK(st.st_mode))
		return lb_io_resolve_dev(path, major(st.st_rdev), minor(st.st_rdev), "/sys", NULL,
					 maj, min, err);
	if (S_ISCHR(st.st_mode))
		return lb_error_usage(err, "%s is a character device, not a block device", path);
	if (lb_read_file("/proc/self/mountinfo", &mi, NULL, &ignored) < 0)
		mi = NULL;
	return lb_io_resolve_dev(path, major(st.st_dev), minor(st.st_dev), "/sys", mi, maj, min,
				 err);
}

void lb_limits_io_free(struct lb_limits *lim)
{
	for (size_t i = 0; i < lim->n_io; i++)
		free(lim->io[i].device);
	free(lim->io);
	lim->io = NULL;
	lim->n_io = 0;
}

void lb_limits_io_copy(struct lb_limits *dst, const struct lb_limits *src)
{
	dst->n_io = src->n_io;
	dst->io = src->n_io ? lb_xcalloc(src->n_io, sizeof(*dst->io)) : NULL;
	for (size_t i = 0; i < src->n_io; i++) {
		dst->io[i] = src->io[i];
		dst->io[i].device = src->io[i].device ? lb_xstrdup(src->io[i].device) : NULL;
	}
}
