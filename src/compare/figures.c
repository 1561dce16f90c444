/* SPDX-License-Identifier: MIT */
/*
 * Which way every compared figure is better, and how it is gated: one table, which the
 * README ("Regression gates in CI") and limitbench(1) repeat for users.
 *
 * Lower is better for what a workload costs: memory, CPU time, wall time, throttling,
 * time-to-OOM, OOM kills, refused forks, an expectation's error.  The CPU share a quota or
 * weight grants (the `cpu` series' mean) and the exit code have no better side: a change
 * either way is a change.  Not gated:
 *
 *   - start-up transients: a series' minimum is its first samples (memory before the
 *     workload allocated, CPU before it ran), and the `cpu` rate's max and p95 are set by
 *     bursts at exec and by where a sample fell in a CFS period (a 100 ms sample against a
 *     100 ms period reads anything from 0 to a whole core);
 *   - what a limit was given (mem_limit, cpu_quota, cpu_weight): a difference there is a
 *     changed scenario, said as such.
 *
 * Exact counters are counted by the kernel as they happen (oom_kills: memory.events or
 * oom_control's oom_kill plus the wait status; pids_denied: pids.events max) or come from
 * the wait status (exit, which is 128+N for signal N, so it carries `signal` too): neither
 * sampled nor timed, so an unchanged scenario repeats them and one run is evidence.  Counts
 * that depend on timing are measured: mem_max_hits (how often usage touched the limit while
 * reclaim raced the workload), throttled_periods, pids_peak (sampled on v1).
 */
#include <string.h>

#include "compare/compare.h"

#define MEM  LB_CMP_RES_MEM
#define CPU  LB_CMP_RES_CPU
#define PIDS LB_CMP_RES_PIDS
#define IO   LB_CMP_RES_IO
#define ANY  LB_CMP_RES_ANY

/* Scalars by name, series as "SERIES.FN" ("SERIES.*" for every statistic not named). */
static const struct lb_cmp_figure figures[] = {
    {"duration_s", LB_CMP_LOWER, LB_CMP_MEASURED, ANY},
    {"wall", LB_CMP_LOWER, LB_CMP_MEASURED, ANY},
    {"exit", LB_CMP_EITHER, LB_CMP_EXACT, ANY},
    /* memory */
    {"mem_peak", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_limit", LB_CMP_LOWER, LB_CMP_GIVEN, MEM},
    {"oom_kills", LB_CMP_LOWER, LB_CMP_EXACT, MEM},
    {"oom_events", LB_CMP_LOWER, LB_CMP_EXACT, MEM},
    {"oom_time", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_max_hits", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_high_events", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_low_events", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    /* CPU */
    {"cpu_time", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"cpu_user", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"cpu_system", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    /* limitbench's own set-up in the cgroup before the exec: a start-up cost, not the
     * workload's, and it varies with the machine (10-60 ms in the v2 lane's VM) */
    {"setup_cpu_time", LB_CMP_LOWER, LB_CMP_TRANSIENT, CPU},
    {"throttled", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"throttled_periods", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"cpu_weight", LB_CMP_LOWER, LB_CMP_GIVEN, CPU},
    {"cpu_quota", LB_CMP_LOWER, LB_CMP_GIVEN, CPU},
    /* pids */
    {"pids_peak", LB_CMP_LOWER, LB_CMP_MEASURED, PIDS},
    {"pids_denied", LB_CMP_LOWER, LB_CMP_EXACT, PIDS},
    /* I/O */
    {"io_read_bytes", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    {"io_write_bytes", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    {"io_read_ios", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    {"io_write_ios", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    /* series: the minimum is the first samples everywhere */
    {"*.min", LB_CMP_LOWER, LB_CMP_TRANSIENT, ANY},
    {"cpu.max", LB_CMP_EITHER, LB_CMP_TRANSIENT, CPU},
    {"cpu.p95", LB_CMP_EITHER, LB_CMP_TRANSIENT, CPU},
    {"cpu.*", LB_CMP_EITHER, LB_CMP_MEASURED, CPU},
    {"mem.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"rss.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"swap.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_anon.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_file.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_shmem.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"mem_sock.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"pids.*", LB_CMP_LOWER, LB_CMP_MEASURED, PIDS},
    {"psi_cpu.*", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"psi_mem.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"psi_io.*", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    {"psi_cpu_full.*", LB_CMP_LOWER, LB_CMP_MEASURED, CPU},
    {"psi_mem_full.*", LB_CMP_LOWER, LB_CMP_MEASURED, MEM},
    {"psi_io_full.*", LB_CMP_LOWER, LB_CMP_MEASURED, IO},
    {"io_read.*", LB_CMP_EITHER, LB_CMP_MEASURED, IO},
    {"io_write.*", LB_CMP_EITHER, LB_CMP_MEASURED, IO},
    /* memory.high as the kernel kept it: what a limit was given */
    {"mem_high", LB_CMP_LOWER, LB_CMP_GIVEN, MEM},
};

/* An expectation's distance from its target: lower is better, and it follows any limit
 * (the target is often the limit itself). */
static const struct lb_cmp_figure expect_error = {"error", LB_CMP_LOWER, LB_CMP_MEASURED, ANY};
/* A figure this table does not know (a newer limitbench's): gated both ways. */
static const struct lb_cmp_figure unknown = {"?", LB_CMP_EITHER, LB_CMP_MEASURED, ANY};

const struct lb_cmp_figure *lb_cmp_figures(size_t *n)
{
	*n = sizeof(figures) / sizeof(figures[0]);
	return figures;
}

/* "mem.*" matches "mem.mean"; "*.min" matches "rss.min"; else the whole name. */
static bool figure_matches(const char *pat, const char *name)
{
	size_t pl = strlen(pat), nl = strlen(name);

	if (pl >= 2 && !strcmp(pat + pl - 2, ".*"))
		return nl > pl - 1 && !strncmp(pat, name, pl - 1) && !strchr(name + pl - 1, '.');
	if (!strncmp(pat, "*.", 2)) {
		const char *dot = strchr(name, '.');
		return dot && !strcmp(dot + 1, pat + 2);
	}
	return !strcmp(pat, name);
}

const struct lb_cmp_figure *lb_cmp_figure_of(const char *key, bool is_error)
{
	/* "duration_s" is the name; "C.NAME" and "C.SERIES.FN" start with a container */
	const char *dot = strchr(key, '.');
	const char *name = dot ? dot + 1 : key;

	if (is_error)
		return &expect_error;
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		if (figure_matches(figures[i].name, name))
			return &figures[i];
	return &unknown;
}

const char *lb_cmp_dir_name(enum lb_cmp_dir d)
{
	switch (d) {
	case LB_CMP_LOWER:
		return "lower";
	case LB_CMP_HIGHER:
		return "higher";
	case LB_CMP_EITHER:
	default:
		return "either";
	}
}

const char *lb_cmp_kind_name(enum lb_cmp_kind k)
{
	switch (k) {
	case LB_CMP_MEASURED:
		return "measured";
	case LB_CMP_EXACT:
		return "exact";
	case LB_CMP_TRANSIENT:
		return "start-up transient";
	case LB_CMP_GIVEN:
	default:
		return "limit as given";
	}
}
