/* SPDX-License-Identifier: MIT */
#ifndef LB_SAMPLE_METRICS_H
#define LB_SAMPLE_METRICS_H

/*
 * The metrics of a container (SPEC section 3), in one table shared by the expectation
 * checker (names, kinds, units), the runner (what to fill) and the reports (what to write).
 */

#include <stdbool.h>
#include <stddef.h>

enum lb_unit {
	LB_UNIT_NONE, /* plain number: a count, a ratio */
	LB_UNIT_BYTES,
	LB_UNIT_SECONDS,
	LB_UNIT_CORES,
	LB_UNIT_CPULIST, /* a string such as "0-1" */
	LB_UNIT_SIGNAL,	 /* a signal name, "none" when there was none */
};

enum lb_metric_kind { LB_METRIC_SERIES, LB_METRIC_SCALAR };

enum lb_series_id {
	LB_SERIES_MEM,
	LB_SERIES_RSS,
	LB_SERIES_SWAP,
	LB_SERIES_CPU,
	LB_SERIES_PIDS,
	/* i11-io */
	LB_SERIES_IO_READ,  /* bytes/s */
	LB_SERIES_IO_WRITE, /* bytes/s */
	/* memory.stat and pressure (issue 11) */
	LB_SERIES_MEM_ANON,
	LB_SERIES_MEM_FILE,
	LB_SERIES_MEM_SOCK,
	LB_SERIES_MEM_SHMEM,
	LB_SERIES_PSI_CPU, /* share of the interval some task stalled on CPU */
	LB_SERIES_PSI_CPU_FULL,
	LB_SERIES_PSI_MEM,
	LB_SERIES_PSI_MEM_FULL,
	LB_SERIES_PSI_IO,
	LB_SERIES_PSI_IO_FULL,
	LB_SERIES_COUNT,
};

enum lb_scalar_id {
	LB_SCALAR_MEM_PEAK,
	LB_SCALAR_MEM_LIMIT,
	LB_SCALAR_OOM_KILLS,
	LB_SCALAR_OOM_TIME,
	LB_SCALAR_MEM_MAX_HITS,
	LB_SCALAR_CPU_TIME,
	LB_SCALAR_CPU_USER,
	LB_SCALAR_CPU_SYSTEM,
	LB_SCALAR_SETUP_CPU_TIME,
	LB_SCALAR_THROTTLED,
	LB_SCALAR_THROTTLED_PERIODS,
	LB_SCALAR_PIDS_PEAK,
	LB_SCALAR_PIDS_DENIED,
	LB_SCALAR_CPUS_USED, /* string */
	LB_SCALAR_EXIT,
	LB_SCALAR_SIGNAL, /* string */
	LB_SCALAR_WALL,
	LB_SCALAR_CPU_WEIGHT,
	LB_SCALAR_CPU_QUOTA,
	LB_SCALAR_CPUSET, /* string */
	/* i11-io */
	LB_SCALAR_IO_READ_BYTES,
	LB_SCALAR_IO_WRITE_BYTES,
	LB_SCALAR_IO_READ_IOS,
	LB_SCALAR_IO_WRITE_IOS,
	LB_SCALAR_MEM_HIGH_EVENTS,
	LB_SCALAR_MEM_LOW_EVENTS,
	LB_SCALAR_OOM_EVENTS,
	LB_SCALAR_MEM_HIGH, /* memory.high as the kernel kept it (v2) */
	LB_SCALAR_COUNT,
};

struct lb_metric_info {
	const char *name;
	enum lb_metric_kind kind;
	int id; /* lb_series_id or lb_scalar_id */
	enum lb_unit unit;
	bool fraction; /* a share from 0 to 1: written with 4 decimals like cores */
};

/* Look a metric up by name ("mem", "oom_kills"...); NULL if there is none. */
const struct lb_metric_info *lb_metric_find(const char *name, size_t len);
const struct lb_metric_info *lb_metric_series(enum lb_series_id id);
const struct lb_metric_info *lb_metric_scalar(enum lb_scalar_id id);
const char *lb_unit_name(enum lb_unit u); /* "bytes", "seconds", "cores", ... */

/*
 * Whether a group (a cgroup that holds other cgroups and no process of its own) has metric
 * m: everything read from its cgroup's files does, what is measured on a container's
 * processes (rss, cpus_used) or its workload (exit, signal, wall, setup_cpu_time, oom_time)
 * does not.  NULL when it has; otherwise why not (for `check`).
 */
const char *lb_metric_group_why_not(const struct lb_metric_info *m);

#endif
