/* SPDX-License-Identifier: MIT */
#ifndef LB_REPORT_TAP_H
#define LB_REPORT_TAP_H

/*
 * `run --tap`: the results as TAP version 13 (what prove(1) and kselftest's runner read):
 *
 *   TAP version 13
 *   1..4
 *   # limitbench 0.1.0, kernel 6.1.0-13-amd64, cgroup v1 (hybrid)
 *   ok 1 - mem: run
 *   ok 2 - mem: hog.oom_kills >= 1
 *   not ok 3 - mem: max(hog.mem) <= 100M
 *   # FAIL max(hog.mem) = 104.2M, expected <= 100M (error 4.2%)
 *   ok 4 - mem-swap # SKIP needs swap, the machine has none (swapon)
 *
 * One line per run (not ok when it timed out, failed to run or was interrupted), then one per
 * expectation; a scenario skipped for its `requires` is one line with its reason.
 */

#include <stdio.h>

#include "report/report.h"

/*
 * The whole document, plan first.  bail: the reason the suite stopped early (an interrupt,
 * an error of limitbench itself), printed as "Bail out! reason" at the end, or NULL.
 */
void lb_tap_print(FILE *out, const struct lb_report_suite *suites, size_t n,
		  const struct lb_host_info *host, const char *bail);

/*
 * Text from a scenario (a name, a matrix value, an expectation) for a TAP description or
 * directive reason, on one line: control characters and non-UTF-8 bytes as readable escapes
 * (\n, \e, \xHH: lb_text_term), then '\' as "\\" and '#' as "\#", so that nothing in it can
 * start a line of its own or a directive (# SKIP, # TODO).  malloc'd.
 */
char *lb_tap_escape(const char *s);

#endif
