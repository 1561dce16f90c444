/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CGROUPFS_H
#define LB_CONTAINER_CGROUPFS_H

/*
 * The cgroup filesystems, read-only inside the container.
 *
 * The workload runs as root with CAP_DAC_OVERRIDE (docker's set): with the host's cgroup
 * mounts writable it could write its pid into another cgroup's cgroup.procs (the root's),
 * leaving its limits behind and escaping the kill at the end, which goes by cgroup.  In its
 * own mount namespace every cgroup mount is remounted read-only (it keeps reading its own
 * files); without CAP_SYS_ADMIN it cannot remount them writable.  Without a mount namespace
 * (`namespaces: []`) nothing can be done: such a workload can leave its cgroup.
 */

#include <stddef.h>

#include "util/error.h"

/*
 * In the child, in its own mount namespace: remount every cgroup mount read-only.  mounts[]
 * are the harness's (lb_cg_hier's fs_mounts, read before the clone: the child's mount
 * namespace is a copy of that one, and this saves reading mountinfo again); NULL: find them
 * in /proc/self/mountinfo.
 */
int lb_cgroupfs_readonly(char *const *mounts, size_t n, lb_error *err);

#endif
