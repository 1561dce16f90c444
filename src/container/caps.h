/* SPDX-License-Identifier: MIT */
#ifndef LB_CONTAINER_CAPS_H
#define LB_CONTAINER_CAPS_H

/*
 * docker's default capability set: what a workload keeps.  Everything else is dropped from
 * the bounding set and from the effective, permitted, inheritable and ambient sets, so that
 * neither the workload nor anything it execs can get it back.
 */

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

/* The set as a mask of capability bits, as /proc/PID/status prints CapBnd (0xa80425fb). */
uint64_t lb_caps_default_mask(void);
/* Is capability number cap in the default set? */
bool lb_caps_is_default(int cap);
/* Reduce the calling process to the default set (needs CAP_SETPCAP; libcap). */
int lb_caps_apply_default(lb_error *err);

#endif
