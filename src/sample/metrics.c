/* SPDX-License-Identifier: MIT */
#include "sample/metrics.h"

#include <string.h>

static const struct lb_metric_info series[LB_SERIES_COUNT] = {
    [LB_SERIES_MEM] = {"mem", LB_METRIC_SERIES, LB_SERIES_MEM, LB_UNIT_BYTES},
    [LB_SERIES_RSS] = {"rss", LB_METRIC_SERIES, LB_SERIES_RSS, LB_UNIT_BYTES},
    [LB_SERIES_SWAP] = {"swap", LB_METRIC_SERIES, LB_SERIES_SWAP, LB_UNIT_BYTES},
    [LB_SERIES_CPU] = {"cpu", LB_METRIC_SERIES, LB_SERIES_CPU, LB_UNIT_CORES},
    [LB_SERIES_PIDS] = {"pids", LB_METRIC_SERIES, LB_SERIES_PIDS, LB_UNIT_NONE},
    /* i11-io: rates in bytes per second */
    [LB_SERIES_IO_READ] = {"io_read", LB_METRIC_SERIES, LB_SERIES_IO_READ, LB_UNIT_BYTES},
    [LB_SERIES_IO_WRITE] = {"io_write", LB_METRIC_SERIES, LB_SERIES_IO_WRITE, LB_UNIT_BYTES},
/* memory.stat and pressure (issue 11) */
#define MEMSTAT(id, name) [id] = {name, LB_METRIC_SERIES, id, LB_UNIT_BYTES, false}
#define PSI(id, name)	  [id] = {name, LB_METRIC_SERIES, id, LB_UNIT_NONE, true}
    MEMSTAT(LB_SERIES_MEM_ANON, "mem_anon"),
    MEMSTAT(LB_SERIES_MEM_FILE, "mem_file"),
    MEMSTAT(LB_SERIES_MEM_SOCK, "mem_sock"),
    MEMSTAT(LB_SERIES_MEM_SHMEM, "mem_shmem"),
    PSI(LB_SERIES_PSI_CPU, "psi_cpu"),
    PSI(LB_SERIES_PSI_CPU_FULL, "psi_cpu_full"),
    PSI(LB_SERIES_PSI_MEM, "psi_mem"),
    PSI(LB_SERIES_PSI_MEM_FULL, "psi_mem_full"),
    PSI(LB_SERIES_PSI_IO, "psi_io"),
    PSI(LB_SERIES_PSI_IO_FULL, "psi_io_full"),
#undef MEMSTAT
#undef PSI
};

#define SCALAR(id, name, unit) [id] = {name, LB_METRIC_SCALAR, id, unit}
static const struct lb_metric_info scalars[LB_SCALAR_COUNT] = {
    SCALAR(LB_SCALAR_MEM_PEAK, "mem_peak", LB_UNIT_BYTES),
    SCALAR(LB_SCALAR_MEM_LIMIT, "mem_limit", LB_UNIT_BYTES),
    SCALAR(LB_SCALAR_OOM_KILLS, "oom_kills", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_OOM_TIME, "oom_time", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_MEM_MAX_HITS, "mem_max_hits", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_CPU_TIME, "cpu_time", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_CPU_USER, "cpu_user", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_CPU_SYSTEM, "cpu_system", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_SETUP_CPU_TIME, "setup_cpu_time", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_THROTTLED, "throttled", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_THROTTLED_PERIODS, "throttled_periods", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_PIDS_PEAK, "pids_peak", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_PIDS_DENIED, "pids_denied", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_CPUS_USED, "cpus_used", LB_UNIT_CPULIST),
    SCALAR(LB_SCALAR_EXIT, "exit", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_SIGNAL, "signal", LB_UNIT_SIGNAL),
    SCALAR(LB_SCALAR_WALL, "wall", LB_UNIT_SECONDS),
    SCALAR(LB_SCALAR_CPU_WEIGHT, "cpu_weight", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_CPU_QUOTA, "cpu_quota", LB_UNIT_CORES),
    SCALAR(LB_SCALAR_CPUSET, "cpuset", LB_UNIT_CPULIST),
    /* i11-io */
    SCALAR(LB_SCALAR_IO_READ_BYTES, "io_read_bytes", LB_UNIT_BYTES),
    SCALAR(LB_SCALAR_IO_WRITE_BYTES, "io_write_bytes", LB_UNIT_BYTES),
    SCALAR(LB_SCALAR_IO_READ_IOS, "io_read_ios", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_IO_WRITE_IOS, "io_write_ios", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_MEM_HIGH_EVENTS, "mem_high_events", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_MEM_LOW_EVENTS, "mem_low_events", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_OOM_EVENTS, "oom_events", LB_UNIT_NONE),
    SCALAR(LB_SCALAR_MEM_HIGH, "mem_high", LB_UNIT_BYTES),
};

const struct lb_metric_info *lb_metric_find(const char *name, size_t len)
{
	for (size_t i = 0; i < LB_SERIES_COUNT; i++)
		if (strlen(series[i].name) == len && !memcmp(series[i].name, name, len))
			return &series[i];
	for (size_t i = 0; i < LB_SCALAR_COUNT; i++)
		if (strlen(scalars[i].name) == len && !memcmp(scalars[i].name, name, len))
			return &scalars[i];
	return NULL;
}

const struct lb_metric_info *lb_metric_series(enum lb_series_id id)
{
	return &series[id];
}

const struct lb_metric_info *lb_metric_scalar(enum lb_scalar_id id)
{
	return &scalars[id];
}

const char *lb_unit_name(enum lb_unit u)
{
	switch (u) {
	case LB_UNIT_BYTES:
		return "bytes";
	case LB_UNIT_SECONDS:
		return "seconds";
	case LB_UNIT_CORES:
		return "cores";
	case LB_UNIT_CPULIST:
		return "CPU list";
	case LB_UNIT_SIGNAL:
		return "signal";
	case LB_UNIT_NONE:
	default:
		return "number";
	}
}

const char *lb_metric_group_why_not(const struct lb_metric_info *m)
{
	if (m->kind == LB_METRIC_SERIES)
		return m->id == LB_SERIES_RSS ? "it sums the resident memory of a container's own "
						"processes (a group's memory is `mem`)"
					      : NULL;
	switch (m->id) {
	case LB_SCALAR_CPUS_USED:
		return "it is read from a container's own processes";
	case LB_SCALAR_EXIT:
	case LB_SCALAR_SIGNAL:
	case LB_SCALAR_WALL:
	case LB_SCALAR_OOM_TIME:
	case LB_SCALAR_SETUP_CPU_TIME:
		return "it is about a container's workload, and a group runs none";
	default:
		return NULL;
	}
}
