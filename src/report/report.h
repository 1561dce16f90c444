/* SPDX-License-Identifier: MIT */
#ifndef LB_REPORT_REPORT_H
#define LB_REPORT_REPORT_H

/*
 * Results (SPEC section 4): the files of one run, the scenario-level summary, JUnit, the
 * --json report and the terminal table.  Reads finished lb_run_result values only.
 * Every file is written to a temporary name and renamed (lb_write_file_atomic).
 */

#include <stdio.h>

#include "run/result.h"
#include "util/error.h"

struct lb_scenario;

/* The machine as the run saw it (recorded in summary.json). */
struct lb_host_info {
	char kernel[128];			  /* uname -r */
	char cgroup_mode[16];			  /* v1, v2, hybrid */
	char backend[8];			  /* v1 or v2: what limitbench used */
	char controllers[128];			  /* "memory cpu cpuacct cpuset pids" usable ones */
	unsigned cpus;				  /* online CPUs */
	unsigned long long mem_total, swap_total; /* bytes */
	char version[32];			  /* limitbench version */
};

/* Fill from uname, /proc/meminfo, sysconf and the detected hierarchy description. */
void lb_host_info_fill(struct lb_host_info *h, const char *cgroup_mode, const char *backend,
		       const char *controllers);

/*
 * Find "KEY:  123 kB" in /proc/meminfo text; bytes (kB read as KiB).  0, or -1 if the key is
 * absent or malformed.
 */
int lb_meminfo_parse(const char *buf, const char *key, unsigned long long *bytes);

/*
 * Write one run's folder: summary.json, samples.tsv, events.tsv (workload output files are
 * written by the runner while it runs).  dir exists already.
 */
int lb_report_write_run(const char *dir, const struct lb_scenario *scn,
			const struct lb_run_result *r, const struct lb_host_info *host,
			lb_error *err);

/* OUT/<scenario>/summary.json over every run of a scenario (matrix × repeat). */
int lb_report_write_scenario(const char *path, const struct lb_scenario *scn,
			     struct lb_run_result *const *runs, size_t n,
			     const struct lb_host_info *host, lb_error *err);

/* The same, with each run's result folder (dirs[i] for runs[i], e.g. "20261129-034828-limit=64M";
 * NULL entries or dirs NULL allowed) recorded as "folder" in the list of runs. */
int lb_report_write_scenario_dirs(const char *path, const struct lb_scenario *scn,
				  struct lb_run_result *const *runs, const char *const *dirs,
				  size_t n, const struct lb_host_info *host, lb_error *err);

/* JUnit XML: one testsuite per scenario, one testcase per expectation per run (junit.c). */
struct lb_report_suite {
	const struct lb_scenario *scn;
	struct lb_run_result *const *runs;
	size_t n_runs;
};
int lb_report_write_junit(const char *path, const struct lb_report_suite *suites, size_t n,
			  const struct lb_host_info *host, lb_error *err);

/* The --json report on stdout: an array of run summaries. */
int lb_report_print_json(FILE *out, const struct lb_report_suite *suites, size_t n,
			 const struct lb_host_info *host, lb_error *err);

/* The verdict table at the end of a run (PASS/FAIL/ERROR, measured, bound). */
void lb_report_print_table(FILE *out, const struct lb_report_suite *suites, size_t n, bool color);
/* The same, only what failed (`run -q`): each failed run's heading, its failed expectations
 * and how it ended; nothing at all when everything passed. */
void lb_report_print_failures(FILE *out, const struct lb_report_suite *suites, size_t n,
			      bool color);

#endif
