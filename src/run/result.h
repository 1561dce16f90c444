/* SPDX-License-Identifier: MIT */
#ifndef LB_RUN_RESULT_H
#define LB_RUN_RESULT_H

/*
 * What one run measured: the value the runner hands to the expectation checker, the
 * reports and the plots.  Nothing here touches the kernel.
 */

#include <stdbool.h>
#include <stddef.h>

#include "cgroup/cgroup.h"
#include "sample/metrics.h"
#include "sample/series.h"

struct lb_ctr_result {
	char *name;
	struct lb_limits asked;	      /* limits.cpuset and limits.io owned here */
	struct lb_cg_applied applied; /* as the kernel kept them */
	bool has_applied;
	struct lb_series series[LB_SERIES_COUNT];
	double scalar[LB_SCALAR_COUNT]; /* numeric scalars */
	char *str[LB_SCALAR_COUNT];	/* string scalars: cpus_used, signal, cpuset */
	bool has[LB_SCALAR_COUNT];	/* which scalars were measured */
	/* Why a scalar the kernel has a file for was not measured (it does not give the
	 * figure reliably here), or NULL: never a false 0. */
	char *not_measured[LB_SCALAR_COUNT];
	/* The same for a series without a sample because the kernel does not give it here
	 * (v1: no pressure files, no socket figure; PSI off), or NULL. */
	char *series_not_measured[LB_SERIES_COUNT];
	bool interrupted; /* still running when the run was interrupted: limitbench killed it */
	/* A group (scenario `groups:`), not a container: its cgroup holds its members' and no
	 * process of its own, so it has no rss, exit, signal, wall... (summary.json writes it
	 * under "groups").  parent: its parent group, or the group a container is in; NULL. */
	bool is_group;
	char *group;
};

struct lb_event {
	double t; /* seconds since the run started */
	char *container;
	char *event; /* start, exit, oom_kill, timeout, signal, interrupted */
	char *detail;
};

/* LB_INTERRUPTED: it did not hold, but about a container that limitbench itself killed
 * because the run was interrupted: no verdict (JUnit: skipped). */
enum lb_verdict_result { LB_PASS, LB_FAIL, LB_ERROR, LB_INTERRUPTED };

struct lb_verdict {
	char *text; /* the expectation as written (after ${param} substitution) */
	enum lb_verdict_result result;
	double measured;    /* the left-hand value (NAN when it could not be computed) */
	char *measured_str; /* set instead for string values (signal, CPU list) */
	char *bound;	    /* the right-hand side as printed: "~ 100M ± 5%", "<= 2s" */
	double error;	    /* relative error of measured vs bound, NAN if not meaningful */
	char *message;	    /* FAIL max(hog.rss) = 104.2M, expected ~ 100M ± 5% (error 4.2%) */
	enum lb_unit unit;  /* of measured and the bound: BYTES, SECONDS, CORES, NONE (plain
			       numbers and ratios), or CPULIST/SIGNAL with measured_str */
};

enum lb_outcome {
	LB_OUTCOME_PASS,
	LB_OUTCOME_FAIL,	/* an expectation failed */
	LB_OUTCOME_TIMEOUT,	/* the run hit its timeout */
	LB_OUTCOME_INTERRUPTED, /* SIGINT/SIGTERM */
	LB_OUTCOME_ERROR,	/* limitbench could not run it */
	LB_OUTCOME_SKIPPED,	/* requires not met */
};

const char *lb_outcome_name(enum lb_outcome o); /* "pass", "fail", ... */

struct lb_param {
	char *name;
	char *value;
};

struct lb_run_result {
	char *scenario; /* scenario name */
	char *run_name; /* "mem-sweep/limit=64M" */
	struct lb_param *params;
	size_t n_params;
	unsigned repeat_index, repeat_count; /* 1-based */
	double started_at;		     /* wall clock, seconds since the epoch */
	double duration;		     /* seconds */
	struct lb_ctr_result *ctrs;
	size_t n_ctrs;
	struct lb_event *events;
	size_t n_events, cap_events;
	struct lb_verdict *verdicts;
	size_t n_verdicts;
	enum lb_outcome outcome;
	char *skip_reason; /* with LB_OUTCOME_SKIPPED */
	char *error;	   /* with LB_OUTCOME_ERROR */
	/* The sampler's own record (for benchmarks): samples taken, and how many came more
	 * than half an interval after their due time (or were skipped over). */
	unsigned samples, late_samples;
	/* Stalls: gaps between samples of three intervals and 50 ms or more, when limitbench
	 * did not run (an overloaded or paused machine); the longest, in seconds. */
	unsigned stalls;
	double longest_stall;
	/* The containers that start together (start: 0) are released by one close(2), their
	 * start: seconds between the first and the last to pass that barrier (each reads the
	 * clock then, right before its exec). */
	double start_skew;
};

struct lb_ctr_result *lb_run_result_ctr(const struct lb_run_result *r, const char *name,
					size_t len);
void lb_run_result_event(struct lb_run_result *r, double t, const char *ctr, const char *event,
			 const char *detail);
void lb_run_result_free(struct lb_run_result *r);

#endif
