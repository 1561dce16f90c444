/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_OOM_H
#define LB_UTIL_OOM_H

/*
 * The OOM killer's view of the harness.  `run` and `exec` lower their own score so that a
 * machine-wide OOM (a container without a memory limit, say) takes a workload, never the
 * harness that would have cleaned up after it.  The value is inherited by fork and kept
 * across execve, so the container child puts its own back to 0 before exec.
 *
 * -999, not -1000: -1000 exempts a process entirely; -999 leaves limitbench killable as
 * the very last resort, should the harness itself be what eats the machine.
 */

#include "util/error.h"

enum {
	LB_OOM_SCORE_ADJ_HARNESS = -999,
	LB_OOM_SCORE_ADJ_DEFAULT = 0,
};

/* Write /proc/self/oom_score_adj (lowering it needs CAP_SYS_RESOURCE; raising it does not). */
int lb_oom_score_adj_set(int value, lb_error *err);
/*
 * Lower our own score to LB_OOM_SCORE_ADJ_HARNESS: 1 done, 0 not permitted (no
 * CAP_SYS_RESOURCE: some sandboxes and user namespaces; then limitbench keeps its score,
 * which is still safe from an OOM inside a container's limit: it is not in that cgroup),
 * -1 on any other error.
 */
int lb_oom_protect_self(lb_error *err);

#endif
