/* SPDX-License-Identifier: MIT */
#include "container/cgroupfs.h"

#include <sys/mount.h>

#include "cgroup/cgroup.h"
#include "util/cleanup.h"
#include "util/fs.h"

int lb_cgroupfs_readonly(char *const *mounts, size_t n, lb_error *err)
{
	struct lb_cg_hier found = {0};

	if (!mounts) {
		_cleanup_free_ char *buf = NULL;

		if (lb_read_file("/proc/self/mountinfo", &buf, NULL, err) < 0 ||
		    lb_cg_parse_mountinfo(buf, &found, err) < 0)
			return -1;
		mounts = found.fs_mounts;
		n = found.n_fs_mounts;
	}
	int ret = 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		/* A bind remount changes this mount's flags only, in this namespace only; the
		 * flags cgroupfs is mounted with are kept by passing them again. */
		if (mount(NULL, mounts[i], NULL,
			  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  NULL) < 0)
			ret = lb_error_sys(err, "make %s read-only", mounts[i]);
	}
	lb_cg_hier_free(&found);
	return ret;
}
