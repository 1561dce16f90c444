/* SPDX-License-Identifier: MIT */
#ifndef LB_RUN_RUN_H
#define LB_RUN_RUN_H

/*
 * The runner: the heart of `limitbench run`.
 *
 *   lb_run_scenario()   requires -> for every matrix combination x repeat:
 *                       OUT/<scenario>/<timestamp>[-<params>][-r<i>]/ <- lb_run_one(),
 *                       the `latest` link, and the scenario-level summary.
 *   lb_run_one()        cgroups -> containers (blocked) -> barrier -> the supervisor's
 *                       event loop (samples, exits, start delays, durations, timeout, OOM
 *                       events, signals) -> scalars -> verdicts -> the run's files.
 *
 * The runner never prints: it tells the command what happens through the callbacks.
 */

#include <stdbool.h>
#include <stddef.h>

#include "cgroup/cgroup.h"
#include "report/report.h"
#include "run/result.h"
#include "scenario/scenario.h"
#include "supervise/env.h"
#include "util/error.h"

/* Whether the run with index `idx` in the suite falls to shard I/N (always, without one). */
bool lb_run_in_shard(unsigned long idx, unsigned shard_i, unsigned shard_n);

/* The search path of every workload (and of `requires: commands`). */
#define LB_WORKLOAD_PATH LB_ENV_PATH

struct lb_run_ctx {
	const struct lb_cg_hier *hier;
	struct lb_cg_session *session; /* one per limitbench process */
	const struct lb_host_info *host;
	const char *out_root; /* OUT: results go to OUT/<scenario>/... */
	const char *term;     /* the caller's TERM (supervise/env.h: lb_env_term) */
	unsigned repeat;      /* overrides the file's repeat when not 0 */
	/*
	 * --shard I/N (shard_n > 1): run only the runs whose index in the whole suite (every
	 * scenario's matrix x repeat, in order, from 0) is I-1 modulo N; shard_first is the
	 * index of this scenario's first run.  The index does not depend on the machine (a
	 * scenario SKIPPED here counts its runs too), so every shard splits alike.
	 */
	unsigned shard_i, shard_n;
	unsigned long shard_first;
	bool plot; /* draw each run's plots (and a matrix's) with gnuplot */
	/*
	 * A non-blocking signalfd for SIGINT, SIGTERM and SIGHUP (blocked by the caller), or -1.  A
	 * signal stops the run (every container killed, cgroups removed, what was measured
	 * kept, outcome "interrupted"), and the signal number is stored in *interrupted.
	 */
	int signal_fd;
	int *interrupted;
	/* Notifications for the terminal; each may be NULL. */
	void *cb_arg;
	void (*on_run_start)(void *arg, const struct lb_run_result *r, unsigned i, unsigned n,
			     double limit_s);
	/* About 10 times a second while a run goes on: elapsed seconds and the duration or
	 * timeout it runs against; the latest sample is the last point of each series. */
	void (*on_progress)(void *arg, const struct lb_run_result *r, double elapsed,
			    double limit_s);
	void (*on_event)(void *arg, const struct lb_run_result *r, const struct lb_event *ev);
	void (*on_run_end)(void *arg, const struct lb_run_result *r, const char *dir);
	/* Something went wrong that does not change any verdict (a plot could not be drawn). */
	void (*on_warning)(void *arg, const char *msg);
};

/*
 * One run of one matrix combination.  r is initialised here (the caller frees it with
 * lb_run_result_free, also after an error).  Returns 0 when the run was carried out
 * whatever its outcome (pass, fail, timeout, interrupted), -1 when it could not be
 * (err set; r->outcome is LB_OUTCOME_ERROR with r->error).  out_dir exists; the workloads'
 * output goes there, and so do summary.json, samples.tsv and events.tsv.
 */
int lb_run_one(const struct lb_run_ctx *ctx, const struct lb_scenario *scn,
	       const struct lb_run_spec *spec, unsigned repeat_i, const char *out_dir,
	       struct lb_run_result *r, lb_error *err);

/*
 * Every run of a scenario.  *runs (malloc'd, each malloc'd) gets one result per run that
 * took place, or a single SKIPPED result when the machine does not meet `requires`.
 * Returns -1 on an error that stops the scenario (err set; *runs holds what ran before).
 */
int lb_run_scenario(const struct lb_run_ctx *ctx, const struct lb_scenario *scn,
		    struct lb_run_result ***runs, size_t *n_runs, lb_error *err);

/* `requires`: 1 when met; 0 with *reason (malloc'd) saying what is missing. */
int lb_requires_check(const struct lb_requires *rq, const struct lb_cg_hier *h,
		      const struct lb_host_info *host, char **reason);

/* The controllers the limits of every container need that the machine lacks: 0 when all
 * are there, else -1 with an LB_ERR_ENV error naming the first missing one. */
int lb_run_check_controllers(const struct lb_scenario *scn, const struct lb_cg_hier *h,
			     lb_error *err);
/* The kernel files a limit needs beyond its controller (cpu-idle: cpu.idle, Linux 5.15 on):
 * LB_ERR_ENV "FILE:LINE:COL: container C sets KEY, but ..." naming the cgroup version.  Also
 * what `check` asks, where the scenario is not skipped by its requires. */
int lb_run_check_kernel(const struct lb_scenario *scn, const struct lb_cg_hier *h, lb_error *err);

/* A name part safe in a file name: "limit=64M" stays, "/" and blanks become "_". */
void lb_run_sanitize(char *s);
/* Replace OUT/<scenario>/latest with a link to `target` (a name in the same folder),
 * atomically: a link under a temporary name, renamed over the old one. */
int lb_run_link_latest(const char *scn_dir, const char *target, lb_error *err);

#endif
