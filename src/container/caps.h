/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CAPS_H
#define LB_CONTAINER_CAPS_H

/*
 * docker's default capability set: what a workload keeps.  Everything else is dropped from
 * the bounding set and from the effective, permitted, inheritable and ambient sets, so that
 * neither the workload nor anything it execs can get it back.
 *
 * docker's --cap-add/--cap-drop change it: names are read with libcap (cap_from_name) in the
 * harness, before the clone.  Applying the set is raw capget/capset/prctl, no libcap:
 * lb_caps_apply() runs in the cloned child, where only async-signal-safe code may run
 * (libcap allocates).
 */

#include <stdbool.h>
#include <stdint.h>

/* The set as a mask of capability bits, as /proc/PID/status prints CapBnd (0xa80425fb). */
uint64_t lb_caps_default_mask(void);
/* Is capability number cap in the default set? */
bool lb_caps_is_default(int cap);
/*
 * The set docker's --cap-add/--cap-drop make of the default: each list NULL-terminated (or
 * NULL), names as docker takes them (NET_ADMIN, CAP_NET_ADMIN, net_admin; ALL).  A drop of
 * ALL starts from none; the adds then win over the drops, as in docker.  Returns 0, or -1
 * with *bad the name libcap does not know.
 */
int lb_caps_mask(const char *const *add, const char *const *drop, uint64_t *keep, const char **bad);
/*
 * Reduce the calling process to the capabilities of keep (a mask as above): bounding set,
 * then effective/permitted/inheritable (each ANDed with keep), then the ambient set cleared.
 * Needs CAP_SETPCAP.  Async-signal-safe.  Returns 0, or an errno with *what naming the step.
 */
int lb_caps_apply(uint64_t keep, const char **what);

#endif
