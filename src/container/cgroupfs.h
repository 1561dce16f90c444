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
 * The mount points of the cgroup and cgroup2 filesystems in mountinfo text, in order.
 * Parses buf in place (mountinfo's octal escapes undone); out[] points into it.  Returns how
 * many were found, at most max.
 */
size_t lb_cgroupfs_mounts(char *buf, char **out, size_t max);

/* In the child, in its own mount namespace: remount each of them read-only. */
int lb_cgroupfs_readonly(lb_error *err);

#endif
