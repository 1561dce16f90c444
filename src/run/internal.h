/* SPDX-License-Identifier: MIT */
#ifndef LB_RUN_INTERNAL_H
#define LB_RUN_INTERNAL_H

/*
 * What the run's files share: the state of one run (loop.c's event loop keeps it) and what
 * is derived from it at the end (scalars.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "container/container.h"
#include "run/run.h"
#include "sample/sampler.h"
#include "supervise/supervise.h"

enum ctr_state {
	CS_CREATED,   /* blocked behind the barrier (or waiting for its start delay) */
	CS_RUNNING,   /* released */
	CS_TERM_SENT, /* duration over: SIGTERM sent, SIGKILL due */
	CS_EXITED,    /* reaped */
};

struct rctr {
	const struct lb_scn_ctr *spec;
	struct lb_ctr_result *res;
	struct lb_cgroup *cg;
	struct lb_container c;
	bool created;
	enum ctr_state state;
	int timer_fd; /* start delay, then duration, then TERM -> KILL */
	uint64_t started_ns, exited_ns;
	bool killed_by_us;  /* we sent it SIGKILL (duration, timeout, interrupt) */
	bool oom_event;	    /* the cgroup reported an OOM (event fd, counter going up) */
	uint64_t oom_count; /* the cgroup's oom_kill counter as last seen */
	uint64_t oom_ns;    /* when the first OOM kill was seen, 0 = none */
	int release_rc;	    /* lb_container_go()'s */
	/* v2 memory.max hits as of the last mem_max event, and when that was */
	uint64_t max_hits_seen, max_event_ns;
	/* The cgroup's CPU times when the workload exec'd: what ran before (limitbench's
	 * set-up: mounts, capabilities, exec) is not the workload's and is subtracted. */
	struct lb_cg_stats exec_cpu;
};

/* A group of the run: a cgroup with limits, holding its members' cgroups and no process. */
struct rgroup {
	const struct lb_scn_group *spec;
	struct lb_ctr_result *res;
	struct lb_cgroup *cg;
	/* Its cgroup's CPU times when the run's clock started: its cpu_time counts from there
	 * (its members' set-up before that is not in it). */
	struct lb_cg_stats base;
};

struct run {
	const struct lb_run_ctx *ctx;
	const struct lb_run_spec *spec;
	struct lb_run_result *r;
	struct rctr *c;
	size_t n;
	struct rgroup *g; /* spec->groups' order: parents first */
	size_t n_g;
	struct lb_sup sup; /* the one event loop (supervise/supervise.h) */
	int sample_fd, timeout_fd, progress_fd;
	int barrier[2]; /* the containers that start at 0 wait for [1] to close; -1 = gone */
	uint64_t t0, interval_ns, ticks;
	uint64_t last_sample_ns; /* when the sampler last ran (t0 before the first) */
	double limit_s;		 /* what the progress line counts toward */
	struct lb_sampler *sampler;
	bool stopping; /* timeout or signal: everything is being killed */
	bool timed_out;
	int signal; /* the signal that interrupted, 0 */
};

/* Is the cgroup of the container or group `name` (whose group is `in`) inside group g? */
static inline bool run_inside(const struct run *run, const char *in, const struct lb_scn_group *g)
{
	for (size_t depth = 0; in && depth <= run->n_g; depth++) {
		if (!strcmp(in, g->name))
			return true;
		const char *up = NULL;
		for (size_t i = 0; i < run->n_g; i++)
			if (!strcmp(run->g[i].spec->name, in))
				up = run->g[i].spec->parent;
		in = up;
	}
	return false;
}

/* scalars.c: a container's and a group's scalars, once its run is over. */
void run_ctr_scalars(struct rctr *c);
void run_group_scalars(struct run *run, struct rgroup *g);

#endif
