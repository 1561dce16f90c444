/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CAPS_H
#define LB_CONTAINER_CAPS_H

/*
 * docker's default capability set: what a workload keeps.  Everything else is dropped from
 * the bounding set and from the effective, permitted, inheritable and ambient sets, so that
 * neither the workload nor anything it execs can get it back.
 *
 * Raw capget/capset/prctl, no libcap: lb_caps_apply() runs in the cloned child, where only
 * async-signal-safe code may run (libcap allocates).
 */

#include <stdbool.h>
#include <stdint.h>

/* The set as a mask of capability bits, as /proc/PID/status prints CapBnd (0xa80425fb). */
uint64_t lb_caps_default_mask(void);
/* Is capability number cap in the default set? */
bool lb_caps_is_default(int cap);
/*
 * Reduce the calling process to the capabilities of keep (a mask as above): bounding set,
 * then effective/permitted/inheritable (each ANDed with keep), then the ambient set cleared.
 * Needs CAP_SETPCAP.  Async-signal-safe.  Returns 0, or an errno with *what naming the step.
 */
int lb_caps_apply(uint64_t keep, const char **what);

#endif
