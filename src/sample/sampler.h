/* SPDX-License-Identifier: MIT */
#ifndef LB_SAMPLE_SAMPLER_H
#define LB_SAMPLE_SAMPLER_H

/*
 * The sampler: one sample of every container of a run, pushed into the series of its
 * lb_ctr_result.  Built for short intervals (1 ms): the cgroup files are pre-opened by the
 * cgroup layer and read with pread; the /proc files of each process are opened once and
 * re-read with pread while the process lives; buffers are reused.
 *
 *   mem, swap, pids   the cgroup's own counters (lb_cgroup_sample)
 *   cpu               Δ cpu_ns / Δ t between this sample and the previous one (the
 *                     baseline taken when the run starts), with the real monotonic times
 *   rss               Σ resident pages of the cgroup's processes (/proc/PID/statm)
 *   cpus_used         ∪ of /proc/PID/stat field 39 (the CPU each process last ran on)
 */

#include <stdint.h>

#include "cgroup/cgroup.h"
#include "run/result.h"
#include "util/error.h"

struct lb_sampler;

/* t0_ns: the run's start on CLOCK_MONOTONIC; series times are seconds since then. */
int lb_sampler_new(uint64_t t0_ns, struct lb_sampler **out, lb_error *err);
/* Add a container; res (its result) must stay where it is until lb_sampler_free. */
void lb_sampler_add(struct lb_sampler *s, struct lb_cgroup *cg, struct lb_ctr_result *res);
/* Read the CPU counters as the baseline of the first cpu point (call at t0). */
void lb_sampler_baseline(struct lb_sampler *s);
/* One sample of every container. */
void lb_sampler_take(struct lb_sampler *s);
/* One sample of the i-th container added, at a moment of its own (an OOM notification, its
 * exit): so that a container shorter than one interval still has a series, and a series'
 * max does not miss the moment of an event. */
void lb_sampler_take_one(struct lb_sampler *s, size_t i);
/* The i-th container's workload exec'd at at_ns with its cgroup's CPU counter at cpu_ns:
 * its cpu series counts from there, not from the baseline (the set-up before exec ran in
 * its cgroup too). */
void lb_sampler_rebase(struct lb_sampler *s, size_t i, uint64_t cpu_ns, uint64_t at_ns);
/* Set cpus_used in every container's result (a CPU list; "" when nothing was seen). */
void lb_sampler_finish(struct lb_sampler *s);
void lb_sampler_free(struct lb_sampler *s);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t lb_now_ns(void);

#endif
